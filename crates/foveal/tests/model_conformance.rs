//! Model conformance against libvmaf's own files and output.
//!
//! - Every libvmaf model JSON in `../shared/models` is read with the generic reader and compared
//!   field by field with the built-in table of the same version (every `f64` bit for bit), so the
//!   generated tables in `src/model/builtin/` cannot drift from the files they were made from.
//! - The Netflix-vector goldens (libvmaf 3.2 output) hold per-frame features and model scores:
//!   feeding the golden features into our models must give the golden scores on every frame.
//!
//! Skipped, with a notice, when `../shared` is absent.

use std::collections::BTreeMap;
use std::path::Path;

use foveal::model::{Model, ModelDict, builtin_versions};
use foveal_testkit::{Golden, Tolerance, compare_frames, shared_or_skip};

/// Compares two dicts field by field; `f64`s must have identical bits. Returns the number of
/// numbers compared.
fn assert_same_bits(a: &ModelDict, b: &ModelDict, what: &str) -> usize {
    let mut n = 0usize;
    let mut same = |x: f64, y: f64, field: &str| {
        assert_eq!(x.to_bits(), y.to_bits(), "{what}: {field}: {x:e} vs {y:e}");
        n += 1;
    };
    assert_eq!(a.model_type, b.model_type, "{what}: model_type");
    assert_eq!(a.feature_names, b.feature_names, "{what}: feature_names");
    assert_eq!(a.feature_opts, b.feature_opts, "{what}: feature_opts_dicts");
    assert_eq!(a.norm_type, b.norm_type, "{what}: norm_type");
    for (name, x, y) in [
        ("slopes", &a.slopes, &b.slopes),
        ("intercepts", &a.intercepts, &b.intercepts),
    ] {
        assert_eq!(x.len(), y.len(), "{what}: {name} length");
        for (i, (&p, &q)) in x.iter().zip(y).enumerate() {
            same(p, q, &format!("{name}[{i}]"));
        }
    }
    assert_eq!(
        a.score_clip.is_some(),
        b.score_clip.is_some(),
        "{what}: score_clip presence"
    );
    if let (Some(x), Some(y)) = (a.score_clip, b.score_clip) {
        same(x.0, y.0, "score_clip[0]");
        same(x.1, y.1, "score_clip[1]");
    }
    assert_eq!(
        a.score_transform.is_some(),
        b.score_transform.is_some(),
        "{what}: score_transform"
    );
    if let (Some(x), Some(y)) = (&a.score_transform, &b.score_transform) {
        assert_eq!(
            (x.enabled, x.out_lte_in, x.out_gte_in),
            (y.enabled, y.out_lte_in, y.out_gte_in),
            "{what}: score_transform flags"
        );
        for (name, p, q) in [("p0", x.p0, y.p0), ("p1", x.p1, y.p1), ("p2", x.p2, y.p2)] {
            assert_eq!(p.is_some(), q.is_some(), "{what}: score_transform.{name}");
            if let (Some(p), Some(q)) = (p, q) {
                same(p, q, &format!("score_transform.{name}"));
            }
        }
        assert_eq!(
            x.knots.as_ref().map(Vec::len),
            y.knots.as_ref().map(Vec::len),
            "{what}: knots"
        );
        for (i, (p, q)) in x
            .knots
            .iter()
            .flatten()
            .zip(y.knots.iter().flatten())
            .enumerate()
        {
            same(p.0, q.0, &format!("knots[{i}].x"));
            same(p.1, q.1, &format!("knots[{i}].y"));
        }
    }
    assert_eq!(
        a.chroma_correction_parameter.is_some(),
        b.chroma_correction_parameter.is_some(),
        "{what}: chroma_correction_parameter"
    );
    if let (Some(x), Some(y)) = (a.chroma_correction_parameter, b.chroma_correction_parameter) {
        same(x, y, "chroma_correction_parameter");
    }
    same(a.svm.gamma, b.svm.gamma, "gamma");
    same(a.svm.rho, b.svm.rho, "rho");
    assert_eq!(
        a.svm.support_vectors.len(),
        b.svm.support_vectors.len(),
        "{what}: total_sv"
    );
    for (i, (p, q)) in a
        .svm
        .support_vectors
        .iter()
        .zip(&b.svm.support_vectors)
        .enumerate()
    {
        same(p.coef, q.coef, &format!("SV {i} coef"));
        assert_eq!(p.nodes.len(), q.nodes.len(), "{what}: SV {i} node count");
        for (j, (u, v)) in p.nodes.iter().zip(&q.nodes).enumerate() {
            assert_eq!(u.0, v.0, "{what}: SV {i} node {j} index");
            same(u.1, v.1, &format!("SV {i} node {j}"));
        }
    }
    n
}

#[test]
fn builtin_tables_equal_the_json_files() {
    let Some(shared) = shared_or_skip("builtin_tables_equal_the_json_files") else {
        return;
    };
    let dir = shared.join("models");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    let mut versions: Vec<String> = builtin_versions().iter().map(|s| s.to_string()).collect();
    versions.sort();
    let stems: Vec<String> = files
        .iter()
        .map(|f| f.trim_end_matches(".json").to_string())
        .collect();
    assert_eq!(
        stems,
        versions,
        "built-in versions vs model files in {}",
        dir.display()
    );

    let (mut numbers, mut dicts) = (0, 0);
    for f in &files {
        let from_json = Model::from_path(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let version = f.trim_end_matches(".json");
        let builtin = Model::builtin(version).unwrap();
        numbers += assert_same_bits(from_json.dict(), builtin.dict(), f);
        dicts += 1;
        assert_eq!(
            from_json.members().len(),
            builtin.members().len(),
            "{f}: members"
        );
        for (i, (a, b)) in from_json.members().zip(builtin.members()).enumerate() {
            numbers += assert_same_bits(a, b, &format!("{f} member {}", i + 1));
            dicts += 1;
        }
        assert_eq!(from_json.features(), builtin.features(), "{f}: features");
        assert_eq!(
            from_json.output_names(),
            builtin.output_names(),
            "{f}: output names"
        );
    }
    eprintln!(
        "builtin tables: {} files, {dicts} model dicts, {numbers} numbers identical bit for bit",
        files.len()
    );
    assert!(numbers > 80_000, "{numbers}");
}

/// A golden's model score and the golden keys of that model's features, in model order.
struct Case {
    model: &'static str,
    score: &'static str,
    keys: [&'static str; 6],
    n: usize,
}

const V0_CASES: [Case; 2] = [
    Case {
        model: "vmaf_v0.6.1",
        score: "vmaf",
        keys: [
            "integer_adm2",
            "integer_motion2",
            "integer_vif_scale0",
            "integer_vif_scale1",
            "integer_vif_scale2",
            "integer_vif_scale3",
        ],
        n: 6,
    },
    Case {
        model: "vmaf_v0.6.1neg",
        score: "vmaf_neg",
        keys: [
            "integer_adm2_egl_1",
            "integer_motion2",
            "integer_vif_scale0_egl_1",
            "integer_vif_scale1_egl_1",
            "integer_vif_scale2_egl_1",
            "integer_vif_scale3_egl_1",
        ],
        n: 6,
    },
];

const V1_CASES: [Case; 2] = [
    Case {
        model: "vmaf_v1.0.16_3d0h",
        score: "vmaf_v1",
        keys: [
            "cambi_hrs_1080_cmxv_17_vlt_0.06",
            "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5",
            "integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02",
            "integer_motion3_mmxv_18",
            "",
            "",
        ],
        n: 4,
    },
    Case {
        model: "vmaf_v1.0.16_hfr_3d0h",
        score: "vmaf_v1_hfr",
        keys: [
            "cambi_hrs_1080_cmxv_17_vlt_0.06",
            "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5",
            "integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02",
            "integer_motion3_mffw_mmxv_18_mma",
            "",
            "",
        ],
        n: 4,
    },
];

/// Scores of `case` for every frame of `golden`, from the golden's (rounded) feature values.
fn score_golden(golden: &Golden, case: &Case, model: &Model) -> Vec<BTreeMap<String, f64>> {
    let keys = &case.keys[..case.n];
    let mut out = vec![BTreeMap::new(); golden.frames.len()];
    for f in &golden.frames {
        let x: Vec<f64> = keys
            .iter()
            .map(|k| {
                f.get(k).unwrap_or_else(|| {
                    panic!(
                        "{}: frame {} has no {k}",
                        golden.path.display(),
                        f.frame_num
                    )
                })
            })
            .collect();
        out[f.frame_num as usize].insert(case.score.to_string(), model.predict(&x).unwrap());
    }
    out
}

/// The goldens print features at 6 decimals (`%.6f`), so the inputs we feed are rounded by up to
/// 5e-7 each. VMAF's sensitivity to its inputs is about d(score)/d(feature) = slope_i ·
/// ∂SVM/∂x / slope_0 — with slope_0 ≈ 0.012 and feature slopes up to ≈ 1.5 (VIF, ADM) this is at
/// most a few hundred score points per unit, i.e. ≲ 2e-4 per rounded input; summed over 4–6
/// inputs and through the transform it stays well below 2e-3. A real prediction error (wrong
/// SV order, normalisation, transform or clip) is orders of magnitude larger, so 2e-3 still
/// catches every such bug while tolerating the rounding we cannot undo.
const ROUNDING_TOLERANCE: Tolerance = Tolerance::Abs(2e-3);

fn run_goldens(suffix: &str, cases: &[Case]) {
    let Some(shared) = shared_or_skip(&format!("goldens{suffix}")) else {
        return;
    };
    let dir = shared.join("netflix-vectors").join("goldens");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no *{suffix} goldens in {}",
        dir.display()
    );
    let mut total = 0;
    let mut worst = 0.0f64;
    // Frames whose speed_chroma is exactly 0 go through the v1.0.16 chroma correction.
    let mut chroma_corrected = 0;
    for case in cases {
        let model = Model::builtin(case.model).unwrap();
        for p in &paths {
            let golden = Golden::load(p);
            let ours = score_golden(&golden, case, &model);
            let c = compare_frames(&ours, &golden, &[(case.score, ROUNDING_TOLERANCE)]);
            let name = Path::new(p).file_name().unwrap().to_string_lossy();
            c.assert_ok(&format!("{} ({}) on {name}", case.score, case.model));
            for f in &golden.frames {
                chroma_corrected += usize::from(case.n == 4 && f.get(case.keys[1]) == Some(0.0));
                let g = f.get(case.score).unwrap();
                worst = worst.max((ours[f.frame_num as usize][case.score] - g).abs());
            }
            total += c.compared;
        }
    }
    eprintln!(
        "{suffix}: {total} per-frame scores within {ROUNDING_TOLERANCE:?}; largest difference \
         {worst:e}; {chroma_corrected} of them chroma-corrected"
    );
    if cases.iter().any(|c| c.n == 4) {
        assert!(
            chroma_corrected > 0,
            "no golden frame exercises the chroma correction"
        );
    }
}

#[test]
fn v0_goldens_vmaf_and_vmaf_neg() {
    run_goldens(".v0.json", &V0_CASES);
}

#[test]
fn v1_goldens_vmaf_v1_and_hfr() {
    run_goldens(".v1.json", &V1_CASES);
}
