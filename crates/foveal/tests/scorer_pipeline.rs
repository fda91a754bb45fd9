//! The streaming scorer end to end on Netflix's vectors: extractors configured by name and
//! options, feature names as libvmaf prints them, values equal to libvmaf's goldens, and
//! identical results for any thread count.

use std::collections::BTreeMap;
use std::path::Path;

use foveal::features::options::feature_alias;
use foveal::io::{self, InputKind};
use foveal::scorer::{FeatureRequest, Scorer, ScorerConfig};
use foveal::{ChromaSampling, FrameFormat};
use foveal_testkit::{Golden, Tolerance, compare_frames, shared_or_skip};

struct Case {
    golden: &'static str,
    reference: &'static str,
    distorted: &'static str,
    width: u32,
    height: u32,
    depth: u8,
}

const CASES: &[Case] = &[
    Case {
        golden: "src01_576x324_10b",
        reference: "src01_hrc00_576x324.yuv420p10le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p10le.yuv",
        width: 576,
        height: 324,
        depth: 10,
    },
    Case {
        golden: "src01_576x324_12b",
        reference: "src01_hrc00_576x324.yuv420p12le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p12le.yuv",
        width: 576,
        height: 324,
        depth: 12,
    },
    Case {
        golden: "src01_576x324_16b",
        reference: "src01_hrc00_576x324.yuv420p16le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p16le.yuv",
        width: 576,
        height: 324,
        depth: 16,
    },
    Case {
        golden: "sparks_480x270_10b",
        reference: "sparks_ref_480x270.yuv42010le.yuv",
        distorted: "sparks_dis_480x270.yuv42010le.yuv",
        width: 480,
        height: 270,
        depth: 10,
    },
    Case {
        golden: "archer_1080p",
        reference: "archer_ref_frm20.yuv",
        distorted: "archer_dis_frm20.yuv",
        width: 1920,
        height: 1080,
        depth: 8,
    },
    Case {
        golden: "dark_scene_1080p",
        reference: "dark_scene_1920x1080_420p_ref.yuv",
        distorted: "dark_scene_1920x1080_420p_dis.yuv",
        width: 1920,
        height: 1080,
        depth: 8,
    },
];

/// How frames reach the scorer.
#[derive(Clone, Copy, Debug)]
enum Push {
    /// `Scorer::push` of borrowed views.
    Borrowed,
    /// `Scorer::frame_buffer` + `Scorer::push_frames` (no copies).
    Owned,
}

/// Runs the scorer over a raw pair and returns per-frame values keyed by output (aliased) name.
fn score(
    dir: &Path,
    case: &Case,
    features: &[FeatureRequest],
    threads: usize,
    split: bool,
    push: Push,
) -> Vec<BTreeMap<String, f64>> {
    let fmt = FrameFormat::new(case.width, case.height, ChromaSampling::Cs420, case.depth).unwrap();
    let mut r = io::open(dir.join(case.reference), InputKind::Raw(fmt)).unwrap();
    let mut d = io::open(dir.join(case.distorted), InputKind::Raw(fmt)).unwrap();
    let config = ScorerConfig {
        models: Vec::new(),
        no_prediction: false,
        processing_bit_depth: None,
        features: features.to_vec(),
        threads,
        split_frames: Some(split),
        subsample: 1,
    };
    let mut scorer = Scorer::new(fmt, &config).unwrap();
    assert_eq!(scorer.parallelism(), (threads, split && threads > 1));
    match push {
        Push::Borrowed => {
            let (mut rf, mut df) = (r.new_frame(), d.new_frame());
            while r.read_frame(&mut rf).unwrap() && d.read_frame(&mut df).unwrap() {
                scorer.push(&rf.view(), &df.view()).unwrap();
            }
        }
        Push::Owned => loop {
            let (mut rf, mut df) = (scorer.frame_buffer(), scorer.frame_buffer());
            if !(r.read_frame(&mut rf).unwrap() && d.read_frame(&mut df).unwrap()) {
                break;
            }
            scorer.push_frames(rf, df).unwrap();
        },
    }
    let out = scorer.finish().unwrap();
    let names = out.store.names().to_vec();
    (0..out.store.frame_count())
        .map(|i| {
            let row = out.store.row(i).unwrap();
            names
                .iter()
                .zip(row)
                .filter_map(|(n, v)| v.map(|v| (feature_alias(n).to_string(), v)))
                .collect()
        })
        .collect()
}

fn motion_requests() -> Vec<FeatureRequest> {
    vec![
        FeatureRequest::new("motion"),
        FeatureRequest::parse("motion=motion_max_val=18").unwrap(),
        FeatureRequest::parse(
            "motion=motion_max_val=18.0:motion_five_frame_window=true:motion_moving_average=true",
        )
        .unwrap(),
        // A duplicate of the first configuration is merged, not run twice.
        FeatureRequest::new("motion"),
    ]
}

fn all_requests() -> Vec<FeatureRequest> {
    let mut v = motion_requests();
    v.push(FeatureRequest::new("vif"));
    v.push(FeatureRequest::parse("vif=vif_enhn_gain_limit=1.0").unwrap());
    v.push(FeatureRequest::new("adm"));
    v.push(FeatureRequest::parse("adm=adm_enhn_gain_limit=1").unwrap());
    v.push(
        FeatureRequest::parse(
            "adm=adm_csf_mode=2:adm_dlm_weight=0.7:adm_enhn_gain_limit=1.0:adm_min_val=0.5:adm_noise_weight=0.02",
        )
        .unwrap(),
    );
    v.push(FeatureRequest::new("cambi"));
    v.push(
        FeatureRequest::parse(
            "cambi=cambi_high_res_speedup=1080:cambi_vis_lum_threshold=0.06:cambi_max_val=17",
        )
        .unwrap(),
    );
    v
}

/// Every golden key our scorer produces is compared exactly; the test also insists that the
/// features it requested were found in the goldens, so nothing is skipped silently.
#[test]
fn features_through_the_scorer_match_libvmaf() {
    let Some(shared) = shared_or_skip("features_through_the_scorer_match_libvmaf") else {
        return;
    };
    compare_all_cases(&shared, 0, false, Push::Borrowed);
}

/// The same with frames handed over (`push_frames`, no copies) to two workers.
#[test]
fn owned_frames_on_workers_match_libvmaf() {
    let Some(shared) = shared_or_skip("owned_frames_on_workers_match_libvmaf") else {
        return;
    };
    compare_all_cases(&shared, 2, false, Push::Owned);
}

/// The same with each frame split over three threads (extractors side by side, VIF in row
/// bands), which these small frames would not do by default.
#[test]
fn split_frames_match_libvmaf() {
    let Some(shared) = shared_or_skip("split_frames_match_libvmaf") else {
        return;
    };
    compare_all_cases(&shared, 3, true, Push::Owned);
}

fn compare_all_cases(shared: &Path, threads: usize, split: bool, push: Push) {
    let dir = shared.join("netflix-vectors");
    let mut total = 0;
    for case in CASES {
        let ours = score(&dir, case, &all_requests(), threads, split, push);
        let produced: Vec<String> = ours[0].keys().cloned().collect();
        let mut found = Vec::new();
        for suffix in ["v0", "v1"] {
            let golden = Golden::load(
                dir.join("goldens")
                    .join(format!("{}.{suffix}.json", case.golden)),
            );
            let names = golden.metric_names();
            let specs: Vec<(&str, Tolerance)> = names
                .iter()
                .filter(|n| produced.contains(n))
                .map(|n| (n.as_str(), Tolerance::Exact6))
                .collect();
            found.extend(specs.iter().map(|(n, _)| n.to_string()));
            let c = compare_frames(&ours, &golden, &specs);
            c.assert_ok(&format!("{} {suffix}", case.golden));
            total += c.compared;
        }
        for want in [
            "VMAF_integer_feature_motion_sad_score",
            "integer_motion2",
            "integer_motion3",
            "integer_motion3_mmxv_18",
            "integer_motion3_mffw_mmxv_18_mma",
            "integer_vif_scale0",
            "integer_vif_scale3",
            "integer_vif_scale0_egl_1",
            "integer_vif_scale3_egl_1",
            "integer_adm2",
            "integer_aim",
            "integer_adm3",
            "integer_adm_scale0",
            "integer_adm_scale3",
            "integer_adm2_egl_1",
            "integer_adm3_egl_1",
            "integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02",
            "integer_adm_scale2_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02",
            "cambi",
            "cambi_hrs_1080_cmxv_17_vlt_0.06",
        ] {
            assert!(
                found.iter().any(|f| f == want),
                "{}: {want} not compared",
                case.golden
            );
        }
    }
    eprintln!(
        "scorer features ({push:?} frames, {threads} threads{}): {total} values equal to libvmaf at 6 decimals",
        if split { ", split frames" } else { "" }
    );
}

#[test]
fn output_order_follows_libvmaf() {
    let fmt = FrameFormat::new(64, 48, ChromaSampling::Cs420, 8).unwrap();
    let scorer = Scorer::new(
        fmt,
        &ScorerConfig {
            models: Vec::new(),
            no_prediction: false,
            processing_bit_depth: None,
            features: motion_requests(),
            threads: 0,
            split_frames: None,
            subsample: 1,
        },
    )
    .unwrap();
    let names: Vec<&str> = scorer
        .feature_names()
        .iter()
        .map(|n| feature_alias(n))
        .collect();
    // The same order as libvmaf's v1.0.16 goldens (two motion instances).
    assert_eq!(
        names,
        [
            "VMAF_integer_feature_motion_sad_score",
            "VMAF_integer_feature_motion_sad_score_mmxv_18",
            "VMAF_integer_feature_motion_sad_score_mffw_mmxv_18_mma",
            "integer_motion2",
            "integer_motion3",
            "integer_motion2_mmxv_18",
            "integer_motion3_mmxv_18",
            "integer_motion2_mffw_mmxv_18_mma",
            "integer_motion3_mffw_mmxv_18_mma",
        ]
    );
}

#[test]
fn results_identical_for_any_thread_count() {
    let Some(shared) = shared_or_skip("results_identical_for_any_thread_count") else {
        return;
    };
    let dir = shared.join("netflix-vectors");
    let case = &CASES[3];
    let one = score(&dir, case, &all_requests(), 0, false, Push::Borrowed);
    for threads in [0, 1, 2, 3] {
        for split in [false, true] {
            for push in [Push::Borrowed, Push::Owned] {
                let many = score(&dir, case, &all_requests(), threads, split, push);
                assert_eq!(one, many, "threads={threads} split={split} {push:?}");
            }
        }
    }
}

/// By default frames are split over the threads only when scoring `2 * threads` frame pairs side
/// by side would hold more than 1 GiB and VIF is computed; `split_frames` forces either mode;
/// one thread never splits.
#[test]
fn split_frames_by_default_only_where_it_pays() {
    let mode =
        |w: u32, h: u32, bits: u8, threads: usize, split: Option<bool>, config: ScorerConfig| {
            let fmt = FrameFormat::new(w, h, ChromaSampling::Cs420, bits).unwrap();
            let config = ScorerConfig {
                threads,
                split_frames: split,
                ..config
            };
            Scorer::new(fmt, &config).unwrap().parallelism()
        };
    let vmaf = || ScorerConfig {
        models: vec![foveal::scorer::ModelRequest::version("vmaf_v0.6.1")],
        ..ScorerConfig::default()
    };
    let cambi = || ScorerConfig {
        features: vec![FeatureRequest::new("cambi")],
        no_prediction: true,
        ..ScorerConfig::default()
    };
    // 2160p 10-bit 4:2:0: 49.8 MB a pair, 2 pairs a thread: over 1 GiB from 11 threads.
    assert_eq!(mode(3840, 2160, 10, 2, None, vmaf()), (2, false));
    assert_eq!(mode(3840, 2160, 10, 10, None, vmaf()), (10, false));
    assert_eq!(mode(3840, 2160, 10, 11, None, vmaf()), (11, true));
    // 8-bit frames are half the bytes: twice the threads.
    assert_eq!(mode(3840, 2160, 8, 21, None, vmaf()), (21, false));
    assert_eq!(mode(3840, 2160, 8, 22, None, vmaf()), (22, true));
    // 4320p 10-bit from 3 threads.
    assert_eq!(mode(7680, 4320, 10, 2, None, vmaf()), (2, false));
    assert_eq!(mode(7680, 4320, 10, 3, None, vmaf()), (3, true));
    // Without VIF, or with one thread, never by default; forced either way otherwise.
    assert_eq!(mode(3840, 2160, 10, 11, None, cambi()), (11, false));
    assert_eq!(mode(7680, 4320, 10, 1, None, vmaf()), (1, false));
    assert_eq!(mode(1920, 1080, 8, 2, None, vmaf()), (2, false));
    assert_eq!(mode(3840, 2160, 10, 11, Some(false), vmaf()), (11, false));
    assert_eq!(mode(640, 360, 8, 2, Some(true), cambi()), (2, true));
    assert_eq!(mode(640, 360, 8, 0, Some(true), vmaf()), (0, false));
}

/// Frame buffers a caller cycles through with `frame_buffer` / `push_frames`: a split frame is
/// scored while the caller fills the next, so three references (motion's previous one, the one
/// scored, the one being filled) and two distorted frames are all that is ever allocated;
/// frame-parallel workers keep up to two frames each queued.
#[test]
fn split_frames_cycle_five_frame_buffers() {
    let distinct = |threads: usize, split: bool| {
        let fmt = FrameFormat::new(96, 64, ChromaSampling::Cs420, 8).unwrap();
        let config = ScorerConfig {
            models: vec![foveal::scorer::ModelRequest::version("vmaf_v0.6.1")],
            threads,
            split_frames: Some(split),
            ..ScorerConfig::default()
        };
        let mut scorer = Scorer::new(fmt, &config).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..24u8 {
            let (mut r, mut d) = (scorer.frame_buffer(), scorer.frame_buffer());
            for (f, v) in [(&mut r, i), (&mut d, i.wrapping_mul(7))] {
                let s = f.samples_u8_mut().unwrap();
                s.iter_mut().enumerate().for_each(|(k, x)| *x = v ^ k as u8);
                seen.insert(s.as_ptr() as usize);
            }
            scorer.push_frames(r, d).unwrap();
        }
        assert_eq!(scorer.finish().unwrap().frames, 24);
        seen.len()
    };
    assert_eq!(distinct(2, true), 5);
    assert_eq!(distinct(3, true), 5);
    // Frame-parallel: more (two queued jobs per worker), bounded all the same.
    let n = distinct(2, false);
    assert!((5..=2 * 2 * 2 + 4).contains(&n), "{n}");
}

#[test]
fn bad_requests_are_clear_errors() {
    let fmt = FrameFormat::new(64, 48, ChromaSampling::Cs420, 8).unwrap();
    let mk = |spec: &str| {
        let req = FeatureRequest::parse(spec)?;
        Scorer::new(
            fmt,
            &ScorerConfig {
                models: Vec::new(),
                no_prediction: false,
                processing_bit_depth: None,
                features: vec![req],
                threads: 0,
                split_frames: None,
                subsample: 1,
            },
        )
    };
    let e = mk("nosuch").unwrap_err().to_string();
    assert!(
        e.contains("invalid feature extractor: nosuch") && e.contains("motion"),
        "{e}"
    );
    let e = mk("motion=motion_max_val=20000").unwrap_err().to_string();
    assert!(
        e.contains("motion.motion_max_val=20000") && e.contains("[0, 10000]"),
        "{e}"
    );
    let e = mk("motion=motion_max_val").unwrap_err().to_string();
    assert!(e.contains("OPTION=VALUE"), "{e}");
    let e = mk("motion=speed=2").unwrap_err().to_string();
    assert!(
        e.contains("motion.speed") && e.contains("options of motion"),
        "{e}"
    );
    // A frame of another format is refused with both formats named.
    let mut s = mk("motion").unwrap();
    let other = foveal::Frame::new(FrameFormat::new(64, 48, ChromaSampling::Cs444, 8).unwrap());
    let e = s
        .push(&other.view(), &other.view())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("scorer configured for 64x48 420 8-bit") && e.contains("is 64x48 444 8-bit"),
        "{e}"
    );
}

/// Frames complete while the clip streams (motion2 needs the next frame's SAD), and a value
/// seen at completion never changes afterwards.
#[test]
fn frames_complete_while_streaming() {
    let Some(shared) = shared_or_skip("frames_complete_while_streaming") else {
        return;
    };
    let dir = shared.join("netflix-vectors");
    let case = &CASES[3];
    let fmt = FrameFormat::new(case.width, case.height, ChromaSampling::Cs420, case.depth).unwrap();
    for threads in [0, 2] {
        let mut r = io::open(dir.join(case.reference), InputKind::Raw(fmt)).unwrap();
        let mut d = io::open(dir.join(case.distorted), InputKind::Raw(fmt)).unwrap();
        let config = ScorerConfig {
            models: vec![foveal::scorer::ModelRequest::version("vmaf_v0.6.1")],
            threads,
            subsample: 1,
            ..ScorerConfig::default()
        };
        let mut scorer = Scorer::new(fmt, &config).unwrap();
        let vmaf = scorer.store().id("vmaf").unwrap();
        let (mut rf, mut df) = (r.new_frame(), d.new_frame());
        let mut seen: Vec<f64> = Vec::new();
        let mut pushed = 0u64;
        while r.read_frame(&mut rf).unwrap() && d.read_frame(&mut df).unwrap() {
            scorer.push(&rf.view(), &df.view()).unwrap();
            pushed += 1;
            if threads == 0 {
                // Synchronous: everything but the newest frame is final.
                assert_eq!(scorer.completed(), pushed - 1, "after {pushed} frames");
            }
            while (seen.len() as u64) < scorer.completed() {
                seen.push(scorer.store().get(vmaf, seen.len() as u64).unwrap());
            }
        }
        let out = scorer.finish().unwrap();
        // Threaded, up to 2 x threads frames are in flight: fewer may complete before finish.
        let early = if threads == 0 { 4 } else { 0 };
        assert!(
            seen.len() >= early,
            "threads={threads}: only {} frames completed early",
            seen.len()
        );
        for (i, v) in seen.iter().enumerate() {
            assert_eq!(
                Some(*v),
                out.store.get(vmaf, i as u64),
                "frame {i} changed after completion"
            );
        }
        let golden = Golden::load(dir.join("goldens/sparks_480x270_10b.v0.json"));
        for (i, v) in golden.series("vmaf").iter().enumerate() {
            assert_eq!(
                format!("{:.6}", out.store.get(vmaf, i as u64).unwrap()),
                format!("{:.6}", v.unwrap())
            );
        }
    }
}
