//! Integer VIF against libvmaf 3.2's output on Netflix's test vectors: every frame, every scale,
//! default gain limit and `egl = 1` (the NEG model's instance), compared at libvmaf's 6 printed
//! decimals. Also: the 8-bit path, the "8-bit content shifted to N bits gives identical values"
//! property of libvmaf, `vif_skip_scale0`, and the error cases of the public API.

use std::collections::BTreeMap;
use std::path::Path;

use foveal::features::vif::{MIN_DIMENSION, Vif, VifOptions, VifScores};
use foveal::{Error, Plane, PlaneRef};
use foveal_testkit::{Comparison, Golden, RawYuv, Tolerance, compare_frames, shared_or_skip};

const SCALES: [&str; 4] = [
    "integer_vif_scale0",
    "integer_vif_scale1",
    "integer_vif_scale2",
    "integer_vif_scale3",
];

struct Case {
    golden: &'static str,
    reference: &'static str,
    distorted: &'static str,
    width: usize,
    height: usize,
    bit_depth: u8,
    /// Whether the golden holds the `_egl_1` features (the `*.v0.json` goldens do).
    egl1: bool,
}

const CASES: &[Case] = &[
    Case {
        golden: "src01_576x324_10b.v0.json",
        reference: "src01_hrc00_576x324.yuv420p10le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p10le.yuv",
        width: 576,
        height: 324,
        bit_depth: 10,
        egl1: true,
    },
    Case {
        golden: "src01_576x324_12b.v0.json",
        reference: "src01_hrc00_576x324.yuv420p12le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p12le.yuv",
        width: 576,
        height: 324,
        bit_depth: 12,
        egl1: true,
    },
    Case {
        golden: "src01_576x324_16b.v0.json",
        reference: "src01_hrc00_576x324.yuv420p16le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p16le.yuv",
        width: 576,
        height: 324,
        bit_depth: 16,
        egl1: true,
    },
    Case {
        golden: "sparks_480x270_10b.v0.json",
        reference: "sparks_ref_480x270.yuv42010le.yuv",
        distorted: "sparks_dis_480x270.yuv42010le.yuv",
        width: 480,
        height: 270,
        bit_depth: 10,
        egl1: true,
    },
    Case {
        golden: "archer_1080p.v0.json",
        reference: "archer_ref_frm20.yuv",
        distorted: "archer_dis_frm20.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
        egl1: true,
    },
    Case {
        golden: "dark_scene_1080p.v0.json",
        reference: "dark_scene_1920x1080_420p_ref.yuv",
        distorted: "dark_scene_1920x1080_420p_dis.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
        egl1: true,
    },
];

/// 8-bit clips scored against themselves (the CAMBI goldens also hold VIF): near-1 scores whose
/// sixth decimal depends on the exact fixed-point rounding.
const SELF_CASES: &[Case] = &[
    Case {
        golden: "KristenAndSara_cambi.json",
        reference: "KristenAndSara_1280x720_8bit_processed.yuv",
        distorted: "KristenAndSara_1280x720_8bit_processed.yuv",
        width: 1280,
        height: 720,
        bit_depth: 8,
        egl1: false,
    },
    Case {
        golden: "blue_cambi.json",
        reference: "blue_sky_360p_60f.yuv",
        distorted: "blue_sky_360p_60f.yuv",
        width: 640,
        height: 360,
        bit_depth: 8,
        egl1: false,
    },
];

fn open(dir: &Path, c: &Case) -> (RawYuv, RawYuv, Golden) {
    let v = dir.join("netflix-vectors");
    let bytes = if c.bit_depth > 8 { 2 } else { 1 };
    let r = RawYuv::open(v.join(c.reference), c.width, c.height, Some((1, 1)), bytes);
    let d = RawYuv::open(v.join(c.distorted), c.width, c.height, Some((1, 1)), bytes);
    let g = Golden::load(v.join("goldens").join(c.golden));
    assert!(
        g.frames.len() <= r.frame_count() && g.frames.len() <= d.frame_count(),
        "{}: golden has more frames than the clips",
        c.golden
    );
    (r, d, g)
}

/// The feature names this case must be compared on; each must be present in the golden on
/// every frame (so the comparison cannot silently skip them).
fn expected_names(c: &Case, g: &Golden) -> Vec<String> {
    let mut names: Vec<String> = SCALES.iter().map(|s| s.to_string()).collect();
    if c.egl1 {
        names.extend(SCALES.iter().map(|s| format!("{s}_egl_1")));
    }
    for n in &names {
        assert!(
            g.series(n).iter().all(Option::is_some),
            "{}: golden lacks {n} on some frame",
            c.golden
        );
    }
    names
}

fn insert_features(map: &mut BTreeMap<String, f64>, vif: &Vif, s: &VifScores) {
    for (name, v) in vif.features(s) {
        map.insert(name.to_string(), v);
    }
}

/// Runs VIF (default options and, where the golden has them, egl = 1) on every golden frame.
/// `widen` re-expresses 8-bit content at that many bits (`p << (bits - 8)`) before scoring.
fn run_case(c: &Case, dir: &Path, widen: Option<u8>) -> Comparison {
    let (r, d, g) = open(dir, c);
    let names = expected_names(c, &g);
    let bpc = widen.unwrap_or(c.bit_depth);
    let mut default = Vif::new(c.width, c.height, bpc, VifOptions::default()).unwrap();
    let neg_opts = VifOptions {
        enhn_gain_limit: 1.0,
        ..VifOptions::default()
    };
    let mut neg = Vif::new(c.width, c.height, bpc, neg_opts).unwrap();
    let mut ours = Vec::new();
    for f in 0..g.frames.len() {
        let mut map = BTreeMap::new();
        let (rs, ds);
        let (rp, dp);
        let (r16, d16);
        let (rv, dv): (PlaneRef<'_>, PlaneRef<'_>) = if bpc == 8 {
            rs = r.plane_u8(f, 0);
            ds = d.plane_u8(f, 0);
            rp = Plane::new(&rs, c.width, c.height, c.width).unwrap();
            dp = Plane::new(&ds, c.width, c.height, c.width).unwrap();
            (PlaneRef::U8(rp), PlaneRef::U8(dp))
        } else {
            let shift = u32::from(bpc - c.bit_depth);
            r16 = r
                .plane_u16(f, 0)
                .into_iter()
                .map(|v| v << shift)
                .collect::<Vec<u16>>();
            d16 = d
                .plane_u16(f, 0)
                .into_iter()
                .map(|v| v << shift)
                .collect::<Vec<u16>>();
            (
                PlaneRef::U16(Plane::new(&r16, c.width, c.height, c.width).unwrap()),
                PlaneRef::U16(Plane::new(&d16, c.width, c.height, c.width).unwrap()),
            )
        };
        let s = default.compute(rv, dv).unwrap();
        insert_features(&mut map, &default, &s);
        if c.egl1 {
            let s = neg.compute(rv, dv).unwrap();
            insert_features(&mut map, &neg, &s);
        }
        ours.push(map);
    }
    let features: Vec<(&str, Tolerance)> = names
        .iter()
        .map(|n| (n.as_str(), Tolerance::Exact6))
        .collect();
    let cmp = compare_frames(&ours, &g, &features);
    assert_eq!(
        cmp.compared,
        names.len() * g.frames.len(),
        "{}: not every value was compared",
        c.golden
    );
    cmp
}

fn run_all(cases: &[Case], dir: &Path, what: &str) -> usize {
    let mut total = 0;
    for c in cases {
        let cmp = run_case(c, dir, None);
        cmp.assert_ok(&format!("{what}: {}", c.golden));
        total += cmp.compared;
    }
    total
}

#[test]
fn vif_matches_libvmaf_on_netflix_vectors() {
    let Some(dir) = shared_or_skip("vif_matches_libvmaf_on_netflix_vectors") else {
        return;
    };
    let n = run_all(CASES, &dir, "integer VIF");
    // 4 scales x 2 gain limits x (3+3+3+5+1+1) frames.
    assert_eq!(n, 8 * 16);
    eprintln!("integer VIF: all {n} values equal libvmaf at 6 decimals");
}

#[test]
fn vif_8bit_path_matches_libvmaf_on_self_pairs() {
    let Some(dir) = shared_or_skip("vif_8bit_path_matches_libvmaf_on_self_pairs") else {
        return;
    };
    let n = run_all(SELF_CASES, &dir, "integer VIF, clip vs itself");
    assert_eq!(n, 4 * (1 + 3));
    eprintln!("integer VIF (8-bit, self pairs): all {n} values equal libvmaf at 6 decimals");
}

/// libvmaf's fixed-point ladder normalises every bit depth to an 8-bit pixel scale with exact
/// shifts, so 8-bit content widened to N bits (`p << (N-8)`) gives the same sums as the 8-bit
/// path: both must equal the 8-bit golden, and their raw sums must be identical.
#[test]
fn vif_widened_8bit_content_is_identical_at_any_depth() {
    let Some(dir) = shared_or_skip("vif_widened_8bit_content_is_identical_at_any_depth") else {
        return;
    };
    let c = CASES
        .iter()
        .find(|c| c.golden == "archer_1080p.v0.json")
        .unwrap();
    for bits in [10u8, 12, 16] {
        run_case(c, &dir, Some(bits))
            .assert_ok(&format!("archer widened to {bits} bits vs 8-bit golden"));
    }
    // Raw sums: 8-bit path versus the 10-bit path on widened samples, on a crop for speed.
    let (r, d, _) = open(&dir, c);
    let (w, h) = (400, 300);
    let crop = |v: Vec<u8>| -> Vec<u8> {
        (0..h)
            .flat_map(|y| v[y * c.width..y * c.width + w].to_vec())
            .collect()
    };
    let (r8, d8) = (crop(r.plane_u8(0, 0)), crop(d.plane_u8(0, 0)));
    let widen = |v: &[u8], s: u32| -> Vec<u16> { v.iter().map(|&p| u16::from(p) << s).collect() };
    let mut v8 = Vif::new(w, h, 8, VifOptions::default()).unwrap();
    let s8 = v8
        .compute(
            PlaneRef::U8(Plane::new(&r8, w, h, w).unwrap()),
            PlaneRef::U8(Plane::new(&d8, w, h, w).unwrap()),
        )
        .unwrap();
    for bits in 9u8..=16 {
        let (r16, d16) = (
            widen(&r8, u32::from(bits - 8)),
            widen(&d8, u32::from(bits - 8)),
        );
        let mut v = Vif::new(w, h, bits, VifOptions::default()).unwrap();
        let s = v
            .compute(
                PlaneRef::U16(Plane::new(&r16, w, h, w).unwrap()),
                PlaneRef::U16(Plane::new(&d16, w, h, w).unwrap()),
            )
            .unwrap();
        assert_eq!(s, s8, "{bits}-bit widened sums differ from the 8-bit path");
    }
}

/// `vif_skip_scale0`: scale 0 reads 0 (debug: num 0, den −1), scales 1..3 are unchanged (so they
/// still equal the golden), every name gains `_ssclz`.
#[test]
fn vif_skip_scale0_keeps_coarse_scales() {
    let Some(dir) = shared_or_skip("vif_skip_scale0_keeps_coarse_scales") else {
        return;
    };
    let c = &CASES[0];
    let (r, d, g) = open(&dir, c);
    let opts = VifOptions {
        skip_scale0: true,
        debug: true,
        ..VifOptions::default()
    };
    let mut vif = Vif::new(c.width, c.height, c.bit_depth, opts).unwrap();
    let mut compared = 0;
    for f in 0..g.frames.len() {
        let (rs, ds) = (r.plane_u16(f, 0), d.plane_u16(f, 0));
        let s = vif
            .compute(
                PlaneRef::U16(Plane::new(&rs, c.width, c.height, c.width).unwrap()),
                PlaneRef::U16(Plane::new(&ds, c.width, c.height, c.width).unwrap()),
            )
            .unwrap();
        let feats: BTreeMap<&str, f64> = vif.features(&s).collect();
        assert_eq!(feats["integer_vif_scale0_ssclz"], 0.0);
        assert_eq!(feats["integer_vif_num_scale0_ssclz"], 0.0);
        assert_eq!(feats["integer_vif_den_scale0_ssclz"], -1.0);
        for (scale, name) in SCALES.iter().enumerate().skip(1) {
            let ours = feats[format!("{name}_ssclz").as_str()];
            let want = g.frames[f].get(name).unwrap();
            assert!(
                Tolerance::Exact6.accepts(ours, want),
                "frame {f} {name}: ours {ours:.6} vs libvmaf {want:.6}"
            );
            assert_eq!(ours, s.scale_score(scale));
            compared += 1;
        }
        let agg = (s.num[1] + s.num[2] + s.num[3]) / (s.den[1] + s.den[2] + s.den[3]);
        assert_eq!(feats["integer_vif_ssclz"], agg);
    }
    assert_eq!(compared, 3 * g.frames.len());
    eprintln!(
        "integer VIF with vif_skip_scale0: {compared} coarse-scale values equal libvmaf at 6 decimals"
    );
}

fn flat(w: usize, h: usize, v: u16) -> Vec<u16> {
    vec![v; w * h]
}

#[test]
fn vif_rejects_bad_options_sizes_and_planes() {
    let o = VifOptions::default();
    for egl in [0.5, 100.5, f64::NAN] {
        let e = Vif::new(
            64,
            64,
            8,
            VifOptions {
                enhn_gain_limit: egl,
                ..o
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("vif_enhn_gain_limit") && e.contains("1.0..=100.0"),
            "{e}"
        );
    }
    for bd in [0u8, 7, 17] {
        let e = Vif::new(64, 64, bd, o).unwrap_err().to_string();
        assert!(
            e.contains("bit depth") && e.contains(&bd.to_string()) && e.contains("8..=16"),
            "{e}"
        );
    }
    let e = Vif::new(MIN_DIMENSION - 1, 64, 8, o)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("VIF frame width") && e.contains("15") && e.contains("16.."),
        "{e}"
    );
    let e = Vif::new(64, 3, 8, o).unwrap_err().to_string();
    assert!(e.contains("VIF frame height") && e.contains("16.."), "{e}");
    assert!(Vif::new(MIN_DIMENSION, MIN_DIMENSION, 16, o).is_ok());

    let mut vif = Vif::new(32, 24, 10, o).unwrap();
    let a = flat(32, 24, 512);
    let b = flat(40, 24, 512);
    fn p(v: &[u16], w: usize) -> PlaneRef<'_> {
        PlaneRef::U16(Plane::new(v, w, 24, w).unwrap())
    }
    // Reference and distorted disagree.
    let e = vif.compute(p(&a, 32), p(&b, 40)).unwrap_err();
    assert!(matches!(e, Error::Mismatch { .. }), "{e}");
    assert!(
        e.to_string().contains("32x24") && e.to_string().contains("40x24"),
        "{e}"
    );
    // Both agree but differ from the extractor's size.
    let e = vif.compute(p(&b, 40), p(&b, 40)).unwrap_err().to_string();
    assert!(
        e.contains("40x24") && e.contains("created for 32x24"),
        "{e}"
    );
    // 8-bit samples handed to a 10-bit extractor.
    let a8 = vec![128u8; 32 * 24];
    let p8 = PlaneRef::U8(Plane::new(&a8, 32, 24, 32).unwrap());
    let e = vif.compute(p8, p8).unwrap_err().to_string();
    assert!(
        e.contains("10-bit") && e.contains("u16") && e.contains("got reference u8"),
        "{e}"
    );
    // 16-bit samples handed to an 8-bit extractor.
    let mut vif8 = Vif::new(32, 24, 8, o).unwrap();
    let e = vif8.compute(p(&a, 32), p(&a, 32)).unwrap_err().to_string();
    assert!(e.contains("8-bit") && e.contains("as u8"), "{e}");
    // The extractor stays usable after errors; out-of-range samples never panic.
    let s = vif.compute(p(&a, 32), p(&a, 32)).unwrap();
    // A flat frame: every pixel takes the non-log branch with σ2² = 0, so num = den = pixels.
    assert_eq!(s.num[0], (32 * 24) as f64);
    assert_eq!(s.den[0], (32 * 24) as f64);
    assert_eq!(s.scale_scores(), [1.0; 4]);
    let big = flat(32, 24, u16::MAX);
    vif.compute(p(&big, 32), p(&a, 32)).unwrap();
    assert!(s.scale_score(4).is_nan());
}

#[test]
fn vif_strided_planes_equal_packed_planes() {
    // Same content, once tightly packed and once inside a wider buffer.
    let (w, h, stride) = (37, 29, 50);
    let mut seed = 7u32;
    let mut rnd = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        ((seed >> 16) & 0x3ff) as u16
    };
    let r: Vec<u16> = (0..w * h).map(|_| rnd()).collect();
    let d: Vec<u16> = r.iter().map(|&v| (v + rnd() % 64).min(1023)).collect();
    let pad = |v: &[u16]| -> Vec<u16> {
        let mut o = vec![0xffff; stride * h];
        for y in 0..h {
            o[y * stride..y * stride + w].copy_from_slice(&v[y * w..(y + 1) * w]);
        }
        o
    };
    let (rp, dp) = (pad(&r), pad(&d));
    let mut vif = Vif::new(w, h, 10, VifOptions::default()).unwrap();
    let a = vif
        .compute(
            PlaneRef::U16(Plane::new(&r, w, h, w).unwrap()),
            PlaneRef::U16(Plane::new(&d, w, h, w).unwrap()),
        )
        .unwrap();
    let b = vif
        .compute(
            PlaneRef::U16(Plane::new(&rp, w, h, stride).unwrap()),
            PlaneRef::U16(Plane::new(&dp, w, h, stride).unwrap()),
        )
        .unwrap();
    assert_eq!(a, b);
    assert!(
        a.scale_scores()
            .iter()
            .all(|s| s.is_finite() && *s > 0.0 && *s <= 1.0),
        "{a:?}"
    );
}

/// Every size from the minimum up (odd and even, 8 and 16 bit): no panic, and scores that are
/// finite, with identical planes scoring ≤ 1 and a noisy copy scoring lower at scale 0.
#[test]
fn vif_small_and_odd_sizes() {
    let mut seed = 99u32;
    let mut rnd = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        seed >> 8
    };
    for (w, h) in [
        (16, 16),
        (16, 17),
        (17, 16),
        (23, 31),
        (31, 18),
        (33, 47),
        (64, 19),
    ] {
        let r: Vec<u8> = (0..w * h).map(|_| (rnd() & 0xff) as u8).collect();
        let d: Vec<u8> = r
            .iter()
            .map(|&v| v.saturating_add((rnd() % 40) as u8))
            .collect();
        let mut v8 = Vif::new(w, h, 8, VifOptions::default()).unwrap();
        let pr = PlaneRef::U8(Plane::new(&r, w, h, w).unwrap());
        let pd = PlaneRef::U8(Plane::new(&d, w, h, w).unwrap());
        let same = v8.compute(pr, pr).unwrap();
        let noisy = v8.compute(pr, pd).unwrap();
        assert!(
            same.scale_scores()
                .iter()
                .all(|s| s.is_finite() && *s <= 1.0),
            "{w}x{h}: {same:?}"
        );
        assert!(
            noisy.scale_scores().iter().all(|s| s.is_finite()),
            "{w}x{h}: {noisy:?}"
        );
        assert!(
            noisy.scale_score(0) < same.scale_score(0),
            "{w}x{h}: {noisy:?} vs {same:?}"
        );
        // The same content at 16 bits gives the same sums (exact shifts).
        let r16: Vec<u16> = r.iter().map(|&v| u16::from(v) << 8).collect();
        let d16: Vec<u16> = d.iter().map(|&v| u16::from(v) << 8).collect();
        let mut v16 = Vif::new(w, h, 16, VifOptions::default()).unwrap();
        let n16 = v16
            .compute(
                PlaneRef::U16(Plane::new(&r16, w, h, w).unwrap()),
                PlaneRef::U16(Plane::new(&d16, w, h, w).unwrap()),
            )
            .unwrap();
        assert_eq!(n16, noisy, "{w}x{h}");
    }
}
