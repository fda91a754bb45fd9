//! Integer motion against libvmaf 3.2's own output on Netflix's test vectors.
//!
//! For every vector in `../shared/netflix-vectors` whose golden holds motion features, runs the
//! reference luma (motion ignores the distorted video: libvmaf's `extract()` discards
//! `dist_pic`) through [`Motion::sad`] and [`flush`] and compares, on every frame at libvmaf's 6
//! printed decimals:
//! - `*.v0.json` (and the CAMBI goldens, which also carry the default motion extractor):
//!   `VMAF_integer_feature_motion_sad_score`, `integer_motion2`, `integer_motion3` (defaults);
//! - `*.v1.json`: the v1.0.16 names `..._mmxv_18` (`motion_max_val` 18) and the HFR model's
//!   `..._mffw_mmxv_18_mma` (plus the five-frame window and moving average).

use std::collections::BTreeMap;
use std::path::Path;

use foveal::features::motion::{Motion, MotionOptions, flush};
use foveal::{Plane, PlaneRef};
use foveal_testkit::{Golden, RawYuv, Tolerance, compare_frames, shared_or_skip};

/// One libvmaf option set and the name suffix libvmaf gives its features.
struct OptionSet {
    suffix: &'static str,
    opts: MotionOptions,
}

fn option_sets() -> [OptionSet; 3] {
    let d = MotionOptions::default();
    [
        OptionSet {
            suffix: "",
            opts: d,
        },
        OptionSet {
            suffix: "_mmxv_18",
            opts: MotionOptions {
                motion_max_val: 18.0,
                ..d
            },
        },
        OptionSet {
            suffix: "_mffw_mmxv_18_mma",
            opts: MotionOptions {
                motion_max_val: 18.0,
                motion_five_frame_window: true,
                motion_moving_average: true,
                ..d
            },
        },
    ]
}

fn names(suffix: &str) -> [String; 3] {
    [
        format!("VMAF_integer_feature_motion_sad_score{suffix}"),
        format!("integer_motion2{suffix}"),
        format!("integer_motion3{suffix}"),
    ]
}

struct Case {
    reference: &'static str,
    width: usize,
    height: usize,
    bit_depth: u8,
    /// Golden file and the option-set suffixes it must hold.
    goldens: &'static [(&'static str, &'static [&'static str])],
}

const V0: &[&str] = &[""];
const V1: &[&str] = &["_mmxv_18", "_mffw_mmxv_18_mma"];

const CASES: &[Case] = &[
    Case {
        reference: "src01_hrc00_576x324.yuv420p10le.yuv",
        width: 576,
        height: 324,
        bit_depth: 10,
        goldens: &[
            ("src01_576x324_10b.v0.json", V0),
            ("src01_576x324_10b.v1.json", V1),
        ],
    },
    Case {
        reference: "src01_hrc00_576x324.yuv420p12le.yuv",
        width: 576,
        height: 324,
        bit_depth: 12,
        goldens: &[
            ("src01_576x324_12b.v0.json", V0),
            ("src01_576x324_12b.v1.json", V1),
        ],
    },
    Case {
        reference: "src01_hrc00_576x324.yuv420p16le.yuv",
        width: 576,
        height: 324,
        bit_depth: 16,
        goldens: &[
            ("src01_576x324_16b.v0.json", V0),
            ("src01_576x324_16b.v1.json", V1),
        ],
    },
    Case {
        reference: "sparks_ref_480x270.yuv42010le.yuv",
        width: 480,
        height: 270,
        bit_depth: 10,
        goldens: &[
            ("sparks_480x270_10b.v0.json", V0),
            ("sparks_480x270_10b.v1.json", V1),
        ],
    },
    Case {
        reference: "blue_sky_360p_60f.yuv",
        width: 640,
        height: 360,
        bit_depth: 8,
        goldens: &[("blue_cambi.json", V0)],
    },
    Case {
        reference: "archer_ref_frm20.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
        goldens: &[("archer_1080p.v0.json", V0), ("archer_1080p.v1.json", V1)],
    },
    Case {
        reference: "dark_scene_1920x1080_420p_ref.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
        goldens: &[
            ("dark_scene_1080p.v0.json", V0),
            ("dark_scene_1080p.v1.json", V1),
        ],
    },
    Case {
        reference: "KristenAndSara_1280x720_8bit_processed.yuv",
        width: 1280,
        height: 720,
        bit_depth: 8,
        goldens: &[("KristenAndSara_cambi.json", V0)],
    },
];

/// Luma planes of every frame of a raw 4:2:0 file, 8-bit as `u8`, deeper as `u16`.
enum Lumas {
    U8(Vec<Vec<u8>>),
    U16(Vec<Vec<u16>>),
}

impl Lumas {
    fn load(path: &Path, case: &Case) -> Lumas {
        let bytes = if case.bit_depth > 8 { 2 } else { 1 };
        let yuv = RawYuv::open(path, case.width, case.height, Some((1, 1)), bytes);
        let n = yuv.frame_count();
        if bytes == 1 {
            Lumas::U8((0..n).map(|f| yuv.plane_u8(f, 0)).collect())
        } else {
            Lumas::U16((0..n).map(|f| yuv.plane_u16(f, 0)).collect())
        }
    }

    fn len(&self) -> usize {
        match self {
            Lumas::U8(v) => v.len(),
            Lumas::U16(v) => v.len(),
        }
    }

    fn plane(&self, i: usize, w: usize, h: usize) -> PlaneRef<'_> {
        match self {
            Lumas::U8(v) => PlaneRef::U8(Plane::new(&v[i], w, h, w).unwrap()),
            Lumas::U16(v) => PlaneRef::U16(Plane::new(&v[i], w, h, w).unwrap()),
        }
    }
}

/// Runs the reference through motion with `opts` and returns per-frame (sad, motion2, motion3).
fn run(lumas: &Lumas, case: &Case, opts: MotionOptions) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (w, h) = (case.width, case.height);
    let mut motion = Motion::new(w as u32, h as u32, case.bit_depth, opts).unwrap();
    let lag = opts.reference_lag();
    let sad: Vec<f64> = (0..lumas.len())
        .map(|i| {
            if i < lag {
                0.0
            } else {
                motion
                    .sad(lumas.plane(i - lag, w, h), lumas.plane(i, w, h))
                    .unwrap()
            }
        })
        .collect();
    let (m2, m3) = flush(&sad, &opts);
    (sad, m2, m3)
}

#[test]
fn motion_matches_libvmaf_on_netflix_vectors() {
    let Some(shared) = shared_or_skip("motion_matches_libvmaf_on_netflix_vectors") else {
        return;
    };
    let dir = shared.join("netflix-vectors");
    let sets = option_sets();
    let mut total = 0;
    let mut multi_frame = 0;
    for case in CASES {
        let lumas = Lumas::load(&dir.join(case.reference), case);
        for &(golden_name, suffixes) in case.goldens {
            let golden = Golden::load(dir.join("goldens").join(golden_name));
            assert_eq!(
                golden.frames.len(),
                lumas.len(),
                "{golden_name}: frame count vs {}",
                case.reference
            );
            let mut ours = vec![BTreeMap::new(); lumas.len()];
            let mut checks: Vec<(String, Tolerance)> = Vec::new();
            for &suffix in suffixes {
                let set = sets
                    .iter()
                    .find(|s| s.suffix == suffix)
                    .expect("known option set");
                let feature_names = names(suffix);
                for name in &feature_names {
                    assert!(
                        golden.series(name).iter().all(Option::is_some),
                        "{golden_name}: {name} missing on some frame (present: {:?})",
                        golden.metric_names()
                    );
                }
                let (sad, m2, m3) = run(&lumas, case, set.opts);
                for (i, frame) in ours.iter_mut().enumerate() {
                    for (name, v) in feature_names.iter().zip([sad[i], m2[i], m3[i]]) {
                        frame.insert(name.clone(), v);
                    }
                }
                checks.extend(feature_names.into_iter().map(|n| (n, Tolerance::Exact6)));
            }
            let checks: Vec<(&str, Tolerance)> =
                checks.iter().map(|(n, t)| (n.as_str(), *t)).collect();
            let cmp = compare_frames(&ours, &golden, &checks);
            assert_eq!(
                cmp.compared,
                checks.len() * lumas.len(),
                "{golden_name}: not every value compared"
            );
            cmp.assert_ok(&format!(
                "motion {golden_name} ({}-bit, {} frames)",
                case.bit_depth,
                lumas.len()
            ));
            total += cmp.compared;
            if lumas.len() > 1 {
                multi_frame += cmp.compared;
            }
        }
    }
    eprintln!(
        "motion: {total} values equal libvmaf at 6 decimals ({multi_frame} from multi-frame clips)"
    );
}

/// libvmaf's `extract()` ignores the distorted picture, so the goldens of a pair and of the same
/// reference scored against itself agree; here: the three src01 bit depths are the same content
/// shifted, and their goldens give the same motion values, as must ours (bit-depth invariance
/// checked against libvmaf's numbers, not ours).
#[test]
fn motion_is_bit_depth_invariant_like_libvmaf() {
    let Some(shared) = shared_or_skip("motion_is_bit_depth_invariant_like_libvmaf") else {
        return;
    };
    let dir = shared.join("netflix-vectors");
    let g10 = Golden::load(dir.join("goldens/src01_576x324_10b.v0.json"));
    let mut compared = 0;
    for case in CASES.iter().filter(|c| c.reference.starts_with("src01")) {
        let lumas = Lumas::load(&dir.join(case.reference), case);
        let (sad, m2, m3) = run(&lumas, case, MotionOptions::default());
        for (name, ours) in names("").iter().zip([sad, m2, m3]) {
            for (i, (o, g)) in ours.iter().zip(g10.series(name)).enumerate() {
                let g = g.expect("golden value");
                assert!(
                    Tolerance::Exact6.accepts(*o, g),
                    "{}-bit frame {i} {name}: {o} vs 10-bit golden {g}",
                    case.bit_depth
                );
                compared += 1;
            }
        }
    }
    eprintln!("motion bit-depth invariance: {compared} values equal the 10-bit golden");
}
