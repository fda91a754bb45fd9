//! Integer ADM against libvmaf 3.2: every frame of every Netflix vector pair in `../shared`, with
//! the default options (vmaf_v0.6.1), the NEG options (`egl` 1, vmaf_v0.6.1neg) and the v1.0.16
//! options (csf mode 2, dlmw 0.7, egl 1, min 0.5, nw 0.02), compared at libvmaf's 6 decimals.
//! Plus the error paths of the public API.

use std::collections::BTreeMap;

use foveal::features::adm::{Adm, AdmOptions, MIN_DIMENSION};
use foveal::{Error, Plane, PlaneRef};
use foveal_testkit::{Golden, RawYuv, Tolerance, compare_frames, shared_or_skip};

/// One Netflix vector pair and its goldens.
struct Case {
    name: &'static str,
    reference: &'static str,
    distorted: &'static str,
    width: usize,
    height: usize,
    bit_depth: u8,
    golden: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "src01 10-bit",
        reference: "src01_hrc00_576x324.yuv420p10le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p10le.yuv",
        width: 576,
        height: 324,
        bit_depth: 10,
        golden: "src01_576x324_10b",
    },
    Case {
        name: "src01 12-bit",
        reference: "src01_hrc00_576x324.yuv420p12le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p12le.yuv",
        width: 576,
        height: 324,
        bit_depth: 12,
        golden: "src01_576x324_12b",
    },
    Case {
        name: "src01 16-bit",
        reference: "src01_hrc00_576x324.yuv420p16le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p16le.yuv",
        width: 576,
        height: 324,
        bit_depth: 16,
        golden: "src01_576x324_16b",
    },
    Case {
        name: "sparks 10-bit",
        reference: "sparks_ref_480x270.yuv42010le.yuv",
        distorted: "sparks_dis_480x270.yuv42010le.yuv",
        width: 480,
        height: 270,
        bit_depth: 10,
        golden: "sparks_480x270_10b",
    },
    Case {
        name: "archer 8-bit",
        reference: "archer_ref_frm20.yuv",
        distorted: "archer_dis_frm20.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
        golden: "archer_1080p",
    },
    Case {
        name: "dark_scene 8-bit",
        reference: "dark_scene_1920x1080_420p_ref.yuv",
        distorted: "dark_scene_1920x1080_420p_dis.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
        golden: "dark_scene_1080p",
    },
];

/// libvmaf's output names of the seven ADM features, given the option suffix of the instance.
fn names(suffix: &str) -> [String; 7] {
    [
        format!("integer_adm2{suffix}"),
        format!("integer_aim{suffix}"),
        format!("integer_adm3{suffix}"),
        format!("integer_adm_scale0{suffix}"),
        format!("integer_adm_scale1{suffix}"),
        format!("integer_adm_scale2{suffix}"),
        format!("integer_adm_scale3{suffix}"),
    ]
}

/// The three option sets the goldens hold: (golden file, name suffix, options).
fn instances() -> Vec<(&'static str, &'static str, AdmOptions)> {
    let neg = AdmOptions { enhn_gain_limit: 1.0, ..AdmOptions::default() };
    let v1 = AdmOptions {
        csf_mode: 2,
        dlm_weight: 0.7,
        enhn_gain_limit: 1.0,
        min_val: 0.5,
        noise_weight: 0.02,
        norm_view_dist: 3.0,
        ref_display_height: 1080,
        ..AdmOptions::default()
    };
    vec![
        ("v0", "", AdmOptions::default()),
        ("v0", "_egl_1", neg),
        ("v1", "_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02", v1),
    ]
}

fn run_case(shared: &std::path::Path, case: &Case) -> usize {
    let dir = shared.join("netflix-vectors");
    let bytes = if case.bit_depth > 8 { 2 } else { 1 };
    let rf = RawYuv::open(dir.join(case.reference), case.width, case.height, Some((1, 1)), bytes);
    let ds = RawYuv::open(dir.join(case.distorted), case.width, case.height, Some((1, 1)), bytes);
    let frames = rf.frame_count().min(ds.frame_count());
    let mut compared = 0;
    for (kind, suffix, opts) in instances() {
        let golden = Golden::load(dir.join("goldens").join(format!("{}.{kind}.json", case.golden)));
        assert_eq!(golden.frames.len(), frames, "{}: golden and vectors disagree on frame count", case.name);
        let keys = names(suffix);
        for k in &keys {
            assert!(
                golden.series(k).iter().all(Option::is_some),
                "{}: golden {} lacks {k} on some frame",
                case.name,
                golden.path.display()
            );
        }
        let mut adm = Adm::new(case.width as u32, case.height as u32, case.bit_depth, opts).unwrap();
        let mut ours = Vec::new();
        for f in 0..frames {
            let s = if case.bit_depth == 8 {
                let (r, d) = (rf.plane_u8(f, 0), ds.plane_u8(f, 0));
                let r = Plane::new(&r, case.width, case.height, case.width).unwrap();
                let d = Plane::new(&d, case.width, case.height, case.width).unwrap();
                adm.compute(PlaneRef::U8(r), PlaneRef::U8(d)).unwrap()
            } else {
                let (r, d) = (rf.plane_u16(f, 0), ds.plane_u16(f, 0));
                let r = Plane::new(&r, case.width, case.height, case.width).unwrap();
                let d = Plane::new(&d, case.width, case.height, case.width).unwrap();
                adm.compute(PlaneRef::U16(r), PlaneRef::U16(d)).unwrap()
            };
            let vals = [s.adm2, s.aim, s.adm3, s.scale[0], s.scale[1], s.scale[2], s.scale[3]];
            ours.push(keys.iter().cloned().zip(vals).collect::<BTreeMap<_, _>>());
        }
        let features: Vec<(&str, Tolerance)> = keys.iter().map(|k| (k.as_str(), Tolerance::Exact6)).collect();
        let c = compare_frames(&ours, &golden, &features);
        c.assert_ok(&format!("ADM {} [{kind}{suffix}]", case.name));
        assert_eq!(c.compared, frames * keys.len());
        compared += c.compared;
    }
    compared
}

macro_rules! case_test {
    ($fn_name:ident, $idx:expr) => {
        #[test]
        fn $fn_name() {
            let Some(shared) = shared_or_skip(stringify!($fn_name)) else { return };
            let n = run_case(&shared, &CASES[$idx]);
            eprintln!("{}: {n} ADM values equal to libvmaf at 6 decimals", CASES[$idx].name);
        }
    };
}

case_test!(src01_10bit_matches_libvmaf, 0);
case_test!(src01_12bit_matches_libvmaf, 1);
case_test!(src01_16bit_matches_libvmaf, 2);
case_test!(sparks_10bit_matches_libvmaf, 3);
case_test!(archer_8bit_matches_libvmaf, 4);
case_test!(dark_scene_8bit_matches_libvmaf, 5);

// ------------------------------------------------------------------------------------------------
// Error paths
// ------------------------------------------------------------------------------------------------

fn invalid_what(e: Error) -> &'static str {
    match e {
        Error::InvalidArgument { what, .. } => what,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn rejects_out_of_range_options() {
    let d = AdmOptions::default();
    let bad = [
        (AdmOptions { csf_scale: 51.0, ..d }, "adm_csf_scale"),
        (AdmOptions { csf_diag_scale: -0.1, ..d }, "adm_csf_diag_scale"),
        (AdmOptions { dlm_weight: 1.5, ..d }, "adm_dlm_weight"),
        (AdmOptions { enhn_gain_limit: 0.5, ..d }, "adm_enhn_gain_limit"),
        (AdmOptions { enhn_gain_limit: f64::NAN, ..d }, "adm_enhn_gain_limit"),
        (AdmOptions { norm_view_dist: 30.0, ..d }, "adm_norm_view_dist"),
        (AdmOptions { ref_display_height: 0, ..d }, "adm_ref_display_height"),
        (AdmOptions { ref_display_height: 5000, ..d }, "adm_ref_display_height"),
        (AdmOptions { csf_mode: 4, ..d }, "adm_csf_mode"),
        (AdmOptions { noise_weight: 2000.0, ..d }, "adm_noise_weight"),
        (AdmOptions { min_val: 2.0, ..d }, "adm_min_val"),
    ];
    for (o, what) in bad {
        assert_eq!(invalid_what(o.validate().unwrap_err()), what, "{o:?}");
        assert_eq!(invalid_what(Adm::new(64, 64, 8, o).unwrap_err()), what);
    }
    assert!(d.validate().is_ok());
}

#[test]
fn rejects_coarse_angular_resolution_with_a_clear_message() {
    // libvmaf's extract() returns -EINVAL when nvd * rdh < 3 * 1080.
    let o = AdmOptions { norm_view_dist: 1.5, ref_display_height: 1080, ..AdmOptions::default() };
    let e = o.validate().unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("1.5 x 1080") && msg.contains("3240"), "{msg}");
    // 1.5H at 2160 (= 3H at 1080) is allowed, as in libvmaf.
    let o = AdmOptions { norm_view_dist: 1.5, ref_display_height: 2160, ..AdmOptions::default() };
    assert!(o.validate().is_ok());
}

#[test]
fn rejects_blend_modes_without_a_table() {
    let o = AdmOptions { csf_mode: 2, norm_view_dist: 4.0, ..AdmOptions::default() };
    let msg = o.validate().unwrap_err().to_string();
    assert!(msg.contains("rdh 1080 with nvd 4") && msg.contains("rdh 2160 with nvd 1.5"), "{msg}");
    for (rdh, nvd) in [(1080, 3.0), (1080, 5.0), (2160, 1.5), (2160, 3.0), (2160, 5.0)] {
        for mode in [2, 3] {
            let o = AdmOptions { csf_mode: mode, norm_view_dist: nvd, ref_display_height: rdh, ..AdmOptions::default() };
            assert!(o.validate().is_ok(), "{o:?}");
        }
    }
}

#[test]
fn rejects_bad_geometry_and_depth() {
    let d = AdmOptions::default();
    let e = Adm::new(MIN_DIMENSION - 1, 64, 8, d).unwrap_err().to_string();
    assert!(e.contains("frame width") && e.contains("32") && e.contains("33"), "{e}");
    let e = Adm::new(64, 20, 8, d).unwrap_err().to_string();
    assert!(e.contains("frame height") && e.contains("33"), "{e}");
    assert_eq!(invalid_what(Adm::new(64, 64, 7, d).unwrap_err()), "bit depth");
    assert_eq!(invalid_what(Adm::new(64, 64, 17, d).unwrap_err()), "bit depth");
    assert!(Adm::new(MIN_DIMENSION, MIN_DIMENSION, 8, d).is_ok());
}

fn p8(d: &[u8], w: usize) -> PlaneRef<'_> {
    PlaneRef::U8(Plane::new(d, w, 48, w).unwrap())
}

#[test]
fn rejects_mismatched_planes() {
    let mut adm = Adm::new(64, 48, 8, AdmOptions::default()).unwrap();
    let a = vec![128u8; 64 * 48];
    let small = vec![128u8; 32 * 48];
    let wide = vec![0u16; 64 * 48];
    match adm.compute(p8(&a, 64), p8(&small, 32)).unwrap_err() {
        Error::Mismatch { what, distorted, .. } => {
            assert_eq!(what, "ADM frame size");
            assert!(distorted.contains("32x48"), "{distorted}");
        }
        e => panic!("{e:?}"),
    }
    match adm.compute(p8(&small, 32), p8(&a, 64)).unwrap_err() {
        Error::Mismatch { distorted, .. } => assert!(distorted.contains("reference"), "{distorted}"),
        e => panic!("{e:?}"),
    }
    let w16 = PlaneRef::U16(Plane::new(&wide, 64, 48, 64).unwrap());
    match adm.compute(p8(&a, 64), w16).unwrap_err() {
        Error::Mismatch { what, .. } => assert_eq!(what, "ADM sample type"),
        e => panic!("{e:?}"),
    }
    // 10-bit extractor given 8-bit samples.
    let mut adm10 = Adm::new(64, 48, 10, AdmOptions::default()).unwrap();
    assert!(matches!(adm10.compute(p8(&a, 64), p8(&a, 64)), Err(Error::Mismatch { .. })));
    // The good call still works after the errors.
    let s = adm.compute(p8(&a, 64), p8(&a, 64)).unwrap();
    assert!(s.adm2.is_finite());
}
