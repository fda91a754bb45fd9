//! CAMBI against libvmaf 3.2: every golden of `../shared/netflix-vectors/goldens` that holds a
//! CAMBI score, frame by frame, at libvmaf's six printed decimals; plus the error cases of
//! `Cambi::new` / `Cambi::compute`.

use std::collections::BTreeMap;
use std::path::Path;

use foveal::PlaneRef;
use foveal::features::cambi::{Cambi, CambiOptions, Eotf, MIN_WIDTH_HEIGHT};
use foveal::frame::Plane;
use foveal_testkit::{Golden, RawYuv, Tolerance, compare_frames, shared_or_skip};

/// One test vector: its golden, the distorted file (the first input of the libvmaf run) and
/// its geometry.
struct Case {
    golden: &'static str,
    yuv: &'static str,
    width: usize,
    height: usize,
    bit_depth: u8,
}

const fn case(
    golden: &'static str,
    yuv: &'static str,
    width: usize,
    height: usize,
    bit_depth: u8,
) -> Case {
    Case {
        golden,
        yuv,
        width,
        height,
        bit_depth,
    }
}

/// libvmaf's default options (the `cambi` key of the v0 goldens).
fn defaults() -> CambiOptions {
    CambiOptions::default()
}

/// VMAF v1.0.16's CAMBI settings.
fn v1() -> CambiOptions {
    CambiOptions {
        cambi_high_res_speedup: 1080,
        cambi_vis_lum_threshold: 0.06,
        cambi_max_val: 17.0,
        ..CambiOptions::default()
    }
}

fn enc_960x540() -> CambiOptions {
    CambiOptions {
        enc_width: 960,
        enc_height: 540,
        ..CambiOptions::default()
    }
}

fn enc_8bit() -> CambiOptions {
    CambiOptions {
        enc_bitdepth: 8,
        ..CambiOptions::default()
    }
}

/// Wraps frame `f`'s luma (copied into a buffer with `pad` extra samples per row) and passes it.
fn with_luma<R>(
    yuv: &RawYuv,
    f: usize,
    bit_depth: u8,
    pad: usize,
    run: impl FnOnce(PlaneRef<'_>) -> R,
) -> R {
    let (w, h) = (yuv.width, yuv.height);
    let stride = w + pad;
    if bit_depth == 8 {
        let src = yuv.plane_u8(f, 0);
        let mut buf = vec![0xA5u8; stride * h];
        for y in 0..h {
            buf[y * stride..y * stride + w].copy_from_slice(&src[y * w..(y + 1) * w]);
        }
        run(PlaneRef::U8(Plane::new(&buf, w, h, stride).unwrap()))
    } else {
        let src = yuv.plane_u16(f, 0);
        let mut buf = vec![0xFFFFu16; stride * h];
        for y in 0..h {
            buf[y * stride..y * stride + w].copy_from_slice(&src[y * w..(y + 1) * w]);
        }
        run(PlaneRef::U16(Plane::new(&buf, w, h, stride).unwrap()))
    }
}

/// Scores every frame of `c` with each option set and compares against the golden's keys (the
/// key is libvmaf's feature name for the options, which must exist in the golden). Returns the
/// number of values compared.
fn check(shared: &Path, c: &Case, option_sets: &[CambiOptions], pad: usize) -> usize {
    let vectors = shared.join("netflix-vectors");
    let golden = Golden::load(vectors.join("goldens").join(c.golden));
    let bytes = if c.bit_depth > 8 { 2 } else { 1 };
    let yuv = RawYuv::open(vectors.join(c.yuv), c.width, c.height, Some((1, 1)), bytes);
    assert!(
        yuv.frame_count() >= golden.frames.len(),
        "{}: too few frames",
        c.yuv
    );

    let mut ours: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); golden.frames.len()];
    let mut names = Vec::new();
    for opts in option_sets {
        let name = opts.feature_name();
        assert!(
            golden.metric_names().contains(&name),
            "{}: no key {name} (keys: {:?})",
            c.golden,
            golden.metric_names()
        );
        let mut cambi = Cambi::new(c.width, c.height, c.bit_depth, opts.clone()).unwrap();
        for (f, map) in ours.iter_mut().enumerate() {
            let score = with_luma(&yuv, f, c.bit_depth, pad, |p| cambi.compute(p)).unwrap();
            map.insert(name.clone(), score);
        }
        names.push(name);
    }
    let features: Vec<(&str, Tolerance)> = names
        .iter()
        .map(|n| (n.as_str(), Tolerance::Exact6))
        .collect();
    let cmp = compare_frames(&ours, &golden, &features);
    cmp.assert_ok(&format!("{} ({})", c.golden, names.join(", ")));
    cmp.compared
}

const SRC01: [(&str, &str, u8); 3] = [
    (
        "src01_576x324_10b",
        "src01_hrc01_576x324.yuv420p10le.yuv",
        10,
    ),
    (
        "src01_576x324_12b",
        "src01_hrc01_576x324.yuv420p12le.yuv",
        12,
    ),
    (
        "src01_576x324_16b",
        "src01_hrc01_576x324.yuv420p16le.yuv",
        16,
    ),
];

fn pairs() -> Vec<(String, Case)> {
    let mut v = Vec::new();
    for (stem, yuv, bd) in SRC01 {
        v.push((stem.to_string(), case("", yuv, 576, 324, bd)));
    }
    v.push((
        "sparks_480x270_10b".into(),
        case("", "sparks_dis_480x270.yuv42010le.yuv", 480, 270, 10),
    ));
    v.push((
        "dark_scene_1080p".into(),
        case("", "dark_scene_1920x1080_420p_dis.yuv", 1920, 1080, 8),
    ));
    v.push((
        "archer_1080p".into(),
        case("", "archer_dis_frm20.yuv", 1920, 1080, 8),
    ));
    v
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn v0_goldens_default_options() {
    let Some(shared) = shared_or_skip("v0_goldens_default_options") else {
        return;
    };
    let mut total = 0;
    for (stem, c) in pairs() {
        let c = Case {
            golden: leak(format!("{stem}.v0.json")),
            ..c
        };
        total += check(&shared, &c, &[defaults()], 0);
    }
    eprintln!("cambi v0 goldens: {total} frame values equal at 6 decimals");
    assert_eq!(total, 3 * 3 + 5 + 1 + 1);
}

#[test]
fn v1_goldens_high_res_speedup_vlt_max_val() {
    let Some(shared) = shared_or_skip("v1_goldens_high_res_speedup_vlt_max_val") else {
        return;
    };
    let mut total = 0;
    for (stem, c) in pairs() {
        let c = Case {
            golden: leak(format!("{stem}.v1.json")),
            ..c
        };
        total += check(&shared, &c, &[v1()], 0);
    }
    eprintln!("cambi v1 goldens: {total} frame values equal at 6 decimals");
    assert_eq!(total, 3 * 3 + 5 + 1 + 1);
}

#[test]
fn kristen_and_sara_encode_size_and_bit_depth() {
    let Some(shared) = shared_or_skip("kristen_and_sara_encode_size_and_bit_depth") else {
        return;
    };
    let c = case(
        "KristenAndSara_cambi.json",
        "KristenAndSara_1280x720_8bit_processed.yuv",
        1280,
        720,
        8,
    );
    let n = check(&shared, &c, &[defaults(), enc_960x540(), enc_8bit()], 0);
    assert_eq!(n, 3);
}

#[test]
fn blue_sky_encode_size_and_bit_depth() {
    let Some(shared) = shared_or_skip("blue_sky_encode_size_and_bit_depth") else {
        return;
    };
    let c = case("blue_cambi.json", "blue_sky_360p_60f.yuv", 640, 360, 8);
    let n = check(&shared, &c, &[defaults(), enc_960x540(), enc_8bit()], 0);
    assert_eq!(n, 9);
}

#[test]
fn strided_planes_give_the_same_scores() {
    let Some(shared) = shared_or_skip("strided_planes_give_the_same_scores") else {
        return;
    };
    let c = case("src01_576x324_10b.v0.json", SRC01[0].1, 576, 324, 10);
    assert_eq!(check(&shared, &c, &[defaults()], 37), 3);
    let c = case(
        "KristenAndSara_cambi.json",
        "KristenAndSara_1280x720_8bit_processed.yuv",
        1280,
        720,
        8,
    );
    assert_eq!(check(&shared, &c, &[enc_960x540()], 64), 1);
}

/// Full-reference mode on KristenAndSara (the golden's run fed the same file as both inputs):
/// with enc 960x540 the distorted score is the golden's `cambi_ench_540_encw_960`, the source is
/// scored at the input size with the default window, i.e. the golden's `cambi`.
#[test]
fn full_reference_mode() {
    let Some(shared) = shared_or_skip("full_reference_mode") else {
        return;
    };
    let vectors = shared.join("netflix-vectors");
    let golden = Golden::load(vectors.join("goldens/KristenAndSara_cambi.json"));
    let yuv = RawYuv::open(
        vectors.join("KristenAndSara_1280x720_8bit_processed.yuv"),
        1280,
        720,
        Some((1, 1)),
        1,
    );
    let g_dist = golden.frames[0].get("cambi_ench_540_encw_960").unwrap();
    let g_src = golden.frames[0].get("cambi").unwrap();

    let opts = CambiOptions {
        full_ref: true,
        ..enc_960x540()
    };
    let mut cambi = Cambi::new(1280, 720, 8, opts).unwrap();
    assert_eq!(cambi.source_size(), (1280, 720));
    assert_eq!((cambi.window_size(), cambi.source_window_size()), (17, 21));
    let y = yuv.plane_u8(0, 0);
    let p = PlaneRef::U8(Plane::new(&y, 1280, 720, 1280).unwrap());
    let s = cambi.compute_full_ref(p, p).unwrap();
    let mut compared = 0;
    for (ours, theirs, what) in [
        (s.cambi, g_dist, "cambi"),
        (s.cambi_source, g_src, "cambi_source"),
    ] {
        assert!(
            Tolerance::Exact6.accepts(ours, theirs),
            "{what}: ours {ours:.6} vs libvmaf {theirs:.6}"
        );
        compared += 1;
    }
    // max(0, dist - src) of unrounded scores: within rounding of the golden difference.
    assert!(
        Tolerance::Abs(1.01e-6).accepts(s.cambi_full_reference, g_dist - g_src),
        "{} vs {}",
        s.cambi_full_reference,
        g_dist - g_src
    );
    // The plain score path agrees with the full-reference one.
    assert_eq!(cambi.compute(p).unwrap(), s.cambi);

    // Same size for both: the source is the distorted picture, nothing is left.
    let mut same = Cambi::new(
        1280,
        720,
        8,
        CambiOptions {
            full_ref: true,
            ..defaults()
        },
    )
    .unwrap();
    let s = same.compute_full_ref(p, p).unwrap();
    assert!(
        Tolerance::Exact6.accepts(s.cambi, g_src)
            && Tolerance::Exact6.accepts(s.cambi_source, g_src)
    );
    assert_eq!(s.cambi_full_reference, 0.0);
    compared += 2;
    eprintln!(
        "cambi full reference: {compared} values equal at 6 decimals, 1 difference within 1e-6"
    );
}

/// Heatmaps of the dark 1080p frame: one map per scale at the scale's size, scaled so the
/// largest possible c-value maps to 65535, and present where libvmaf reports banding.
#[test]
fn heatmaps_per_scale() {
    let Some(shared) = shared_or_skip("heatmaps_per_scale") else {
        return;
    };
    let vectors = shared.join("netflix-vectors");
    let golden = Golden::load(vectors.join("goldens/dark_scene_1080p.v1.json"));
    let yuv = RawYuv::open(
        vectors.join("dark_scene_1920x1080_420p_dis.yuv"),
        1920,
        1080,
        Some((1, 1)),
        1,
    );
    let y = yuv.plane_u8(0, 0);
    let p = PlaneRef::U8(Plane::new(&y, 1920, 1080, 1920).unwrap());

    let mut plain = Cambi::new(1920, 1080, 8, v1()).unwrap();
    assert!(plain.heatmaps().is_empty());
    let mut cambi = Cambi::new(
        1920,
        1080,
        8,
        CambiOptions {
            heatmaps: true,
            ..v1()
        },
    )
    .unwrap();
    let score = cambi.compute(p).unwrap();
    assert_eq!(score, plain.compute(p).unwrap());
    assert!(
        Tolerance::Exact6.accepts(
            score,
            golden.frames[0]
                .get("cambi_hrs_1080_cmxv_17_vlt_0.06")
                .unwrap()
        )
    );
    let sizes: Vec<(usize, usize)> = cambi
        .heatmaps()
        .iter()
        .map(|h| (h.width, h.height))
        .collect();
    assert_eq!(
        sizes,
        [(960, 540), (480, 270), (240, 135), (120, 68), (60, 34)]
    );
    for h in cambi.heatmaps() {
        assert_eq!(h.values.len(), h.width * h.height);
        assert!(
            h.values.iter().any(|&v| v > 0),
            "a {}x{} map without banding",
            h.width,
            h.height
        );
    }
}

#[test]
fn resolved_parameters_match_libvmaf() {
    let c = Cambi::new(1920, 1080, 8, CambiOptions::default()).unwrap();
    assert_eq!(c.tvi_thresholds(), [178, 305, 432, 559]);
    assert_eq!(
        (c.vlt_luma(), c.window_size(), c.mask_threshold()),
        (0, 33, 21)
    );
    assert!(!c.high_res_speedup());
    let c = Cambi::new(1920, 1080, 10, v1()).unwrap();
    assert_eq!(
        (c.vlt_luma(), c.window_size(), c.high_res_speedup()),
        (78, 17, true)
    );
    // The speed-up needs at least the named resolution's pixel count.
    let c = Cambi::new(1920, 1072, 8, v1()).unwrap();
    assert!(!c.high_res_speedup());
    let c = Cambi::new(
        3840,
        2160,
        10,
        CambiOptions {
            cambi_high_res_speedup: 1440,
            ..v1()
        },
    )
    .unwrap();
    assert_eq!((c.high_res_speedup(), c.window_size()), (true, 33));
    let c = Cambi::new(576, 324, 10, CambiOptions::default()).unwrap();
    assert_eq!(
        (c.window_size(), c.mask_threshold(), c.encode_bit_depth()),
        (9, 16, 10)
    );
    // Encode sizes above the input are replaced by the input size; a lone enc_width is ignored.
    let c = Cambi::new(640, 360, 8, enc_960x540()).unwrap();
    assert_eq!(c.encode_size(), (640, 360));
    let c = Cambi::new(
        1280,
        720,
        8,
        CambiOptions {
            enc_width: 960,
            ..CambiOptions::default()
        },
    )
    .unwrap();
    assert_eq!(c.encode_size(), (1280, 720));
    let c = Cambi::new(
        1280,
        720,
        8,
        CambiOptions {
            enc_width: 1920,
            enc_height: 540,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.encode_size(), (1280, 720));
    // topk / eotf precedence.
    let c = Cambi::new(
        576,
        324,
        10,
        CambiOptions {
            topk: 0.3,
            cambi_topk: 0.9,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.topk(), 0.3);
    let c = Cambi::new(
        576,
        324,
        10,
        CambiOptions {
            cambi_topk: 0.9,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.topk(), 0.9);
    let c = Cambi::new(
        576,
        324,
        10,
        CambiOptions {
            cambi_eotf: Eotf::Pq,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.eotf(), Eotf::Pq);
    assert_ne!(c.tvi_thresholds(), [178, 305, 432, 559]);
}

fn err(r: foveal::Result<Cambi>) -> String {
    r.map(|_| ()).unwrap_err().to_string()
}

#[test]
fn refused_geometries_and_options() {
    // libvmaf refuses frames (and encode sizes) with both sides below 216.
    let e = err(Cambi::new(200, 200, 8, CambiOptions::default()));
    assert!(
        e.contains("200x200") && e.contains(&MIN_WIDTH_HEIGHT.to_string()),
        "{e}"
    );
    assert!(Cambi::new(216, 200, 8, CambiOptions::default()).is_ok());
    assert!(Cambi::new(200, 216, 8, CambiOptions::default()).is_ok());
    let e = err(Cambi::new(
        1280,
        720,
        8,
        CambiOptions {
            enc_width: 200,
            enc_height: 150,
            ..Default::default()
        },
    ));
    assert!(
        e.contains("encode size") && e.contains("200x150") && e.contains("216"),
        "{e}"
    );
    // Source sizes must not be wider-and-shorter than the encode size.
    let e = err(Cambi::new(
        1280,
        720,
        8,
        CambiOptions {
            src_width: 1920,
            src_height: 400,
            full_ref: true,
            ..enc_960x540()
        },
    ));
    assert!(e.contains("1920x400") && e.contains("960x540"), "{e}");
    // Windows above 65 do not fit libvmaf's reciprocal table: 8K needs smaller enc/src sizes.
    let e = err(Cambi::new(7680, 4320, 10, CambiOptions::default()));
    assert!(
        e.contains("window") && e.contains("131") && e.contains("65"),
        "{e}"
    );
    let ok = CambiOptions {
        enc_width: 3840,
        enc_height: 2160,
        src_width: 3840,
        src_height: 2160,
        ..Default::default()
    };
    assert!(Cambi::new(7680, 4320, 10, ok).is_ok());
    let e = err(Cambi::new(
        3840,
        2160,
        10,
        CambiOptions {
            window_size: 127,
            ..Default::default()
        },
    ));
    assert!(e.contains("127"), "{e}");
    // Elongated frames whose smallest scale is narrower than half the window.
    let e = err(Cambi::new(4000, 24, 8, CambiOptions::default()));
    assert!(e.contains("4000x24") && e.contains("window"), "{e}");
    // Options and bit depths out of range.
    let e = err(Cambi::new(
        576,
        324,
        10,
        CambiOptions {
            topk: 2.0,
            ..Default::default()
        },
    ));
    assert!(e.contains("topk") && e.contains('2'), "{e}");
    let e = err(Cambi::new(576, 324, 7, CambiOptions::default()));
    assert!(e.contains("bit depth") && e.contains("8..=16"), "{e}");
    let e = err(Cambi::new(0, 324, 8, CambiOptions::default()));
    assert!(e.contains("0x324"), "{e}");
}

#[test]
fn refused_planes() {
    let mut c10 = Cambi::new(216, 216, 10, CambiOptions::default()).unwrap();
    let flat = vec![512u16; 216 * 216];
    let ok = PlaneRef::U16(Plane::new(&flat, 216, 216, 216).unwrap());
    assert_eq!(c10.compute(ok).unwrap(), 0.0);
    let mut data = flat.clone();
    data[216 * 5 + 7] = 1024;
    let e = c10
        .compute(PlaneRef::U16(Plane::new(&data, 216, 216, 216).unwrap()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("1024") && e.contains("(7, 5)") && e.contains("1023"),
        "{e}"
    );
    let bytes = vec![0u8; 216 * 216];
    let e = c10
        .compute(PlaneRef::U8(Plane::new(&bytes, 216, 216, 216).unwrap()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("10-bit") && e.contains("u16"), "{e}");
    let small = vec![0u16; 216 * 215];
    let e = c10
        .compute(PlaneRef::U16(Plane::new(&small, 216, 215, 216).unwrap()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("216x215") && e.contains("216x216"), "{e}");
    let e = c10.compute_full_ref(ok, ok).unwrap_err().to_string();
    assert!(e.contains("full_ref"), "{e}");
    // 16-bit input accepts every value.
    let mut c16 = Cambi::new(216, 216, 16, CambiOptions::default()).unwrap();
    let full = vec![u16::MAX; 216 * 216];
    assert_eq!(
        c16.compute(PlaneRef::U16(Plane::new(&full, 216, 216, 216).unwrap()))
            .unwrap(),
        0.0
    );
}

/// 8-bit content delivered in 9..16-bit containers (`v << (bd - 8)`), scored with
/// `enc_bitdepth = 8`, is converted back to the same 10-bit picture and anti-dithered as the
/// 8-bit original: every depth must reproduce the 8-bit golden (this exercises the 9-bit
/// doubling and the rounding right shifts of 11..16-bit input).
#[test]
fn deeper_containers_of_8bit_content() {
    let Some(shared) = shared_or_skip("deeper_containers_of_8bit_content") else {
        return;
    };
    let vectors = shared.join("netflix-vectors");
    let mut compared = 0;
    for (golden, yuv, w, h) in [
        ("blue_cambi.json", "blue_sky_360p_60f.yuv", 640, 360),
        (
            "KristenAndSara_cambi.json",
            "KristenAndSara_1280x720_8bit_processed.yuv",
            1280,
            720,
        ),
    ] {
        let golden = Golden::load(vectors.join("goldens").join(golden));
        let yuv = RawYuv::open(vectors.join(yuv), w, h, Some((1, 1)), 1);
        for bd in 9..=16u8 {
            let opts = CambiOptions {
                enc_bitdepth: 8,
                ..CambiOptions::default()
            };
            let mut cambi = Cambi::new(w, h, bd, opts).unwrap();
            let mut ours = vec![BTreeMap::new(); golden.frames.len()];
            for (f, map) in ours.iter_mut().enumerate() {
                let deep: Vec<u16> = yuv
                    .plane_u8(f, 0)
                    .iter()
                    .map(|&v| u16::from(v) << (bd - 8))
                    .collect();
                let p = PlaneRef::U16(Plane::new(&deep, w, h, w).unwrap());
                map.insert("cambi_encbd_8".to_string(), cambi.compute(p).unwrap());
            }
            let cmp = compare_frames(&ours, &golden, &[("cambi_encbd_8", Tolerance::Exact6)]);
            assert!(
                cmp.mismatches.is_empty() && cmp.compared > 0,
                "{bd}-bit: {}",
                cmp.report("cambi")
            );
            compared += cmp.compared;
        }
    }
    eprintln!("cambi 9..16-bit containers of 8-bit content: {compared} values equal at 6 decimals");
    assert_eq!(compared, 8 * 4);
}

/// Every option at its range limits runs on real content and yields a score in
/// `[0, cambi_max_val]` (no golden exists for these settings; this guards against panics,
/// out-of-band histogram reads and NaN).
#[test]
fn option_extremes_run() {
    let Some(shared) = shared_or_skip("option_extremes_run") else {
        return;
    };
    let vectors = shared.join("netflix-vectors");
    let yuv = RawYuv::open(vectors.join(SRC01[0].1), 576, 324, Some((1, 1)), 2);
    let y = yuv.plane_u16(0, 0);
    let p = PlaneRef::U16(Plane::new(&y, 576, 324, 576).unwrap());
    let d = CambiOptions::default;
    let sets = [
        CambiOptions {
            max_log_contrast: 0,
            heatmaps: true,
            ..d()
        },
        CambiOptions {
            max_log_contrast: 5,
            heatmaps: true,
            ..d()
        },
        CambiOptions {
            max_log_contrast: 5,
            cambi_eotf: Eotf::Pq,
            ..d()
        },
        CambiOptions {
            eotf: Eotf::Pq,
            cambi_vis_lum_threshold: 300.0,
            ..d()
        },
        CambiOptions {
            cambi_vis_lum_threshold: 100.0,
            ..d()
        },
        CambiOptions {
            tvi_threshold: 0.0001,
            ..d()
        },
        CambiOptions {
            tvi_threshold: 1.0,
            ..d()
        },
        CambiOptions {
            topk: 0.0001,
            window_size: 15,
            ..d()
        },
        CambiOptions {
            cambi_topk: 1.0,
            window_size: 127,
            ..d()
        },
        CambiOptions {
            cambi_max_val: 0.0,
            ..d()
        },
        CambiOptions {
            enc_width: 180,
            enc_height: 216,
            enc_bitdepth: 6,
            ..d()
        },
        CambiOptions {
            full_ref: true,
            src_width: 7680,
            src_height: 4320,
            window_size: 15,
            ..d()
        },
    ];
    for opts in sets {
        let max = opts.cambi_max_val;
        let full_ref = opts.full_ref;
        let mut cambi =
            Cambi::new(576, 324, 10, opts.clone()).unwrap_or_else(|e| panic!("{opts:?}: {e}"));
        let s = if full_ref {
            let s = cambi.compute_full_ref(p, p).unwrap();
            assert!(
                s.cambi_source >= 0.0 && s.cambi_full_reference >= 0.0,
                "{opts:?}: {s:?}"
            );
            s.cambi
        } else {
            cambi.compute(p).unwrap()
        };
        assert!(s.is_finite() && (0.0..=max).contains(&s), "{opts:?}: {s}");
        for h in cambi.heatmaps() {
            assert_eq!(h.values.len(), h.width * h.height);
        }
    }
}
