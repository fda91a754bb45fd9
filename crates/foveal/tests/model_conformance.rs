//! Model conformance against libvmaf's own files and output.
//!
//! - Every libvmaf model JSON in `../shared/models` is read with the generic reader and compared
//!   field by field with the built-in table of the same version (every `f64` bit for bit), so the
//!   generated tables in `src/model/builtin/` cannot drift from the files they were made from.
//! - The Netflix-vector goldens (libvmaf 3.2 output) hold per-frame features and model scores:
//!   feeding the golden features into our models must give the golden scores on every frame
//!   (within a stated tolerance, because the golden features are rounded to 6 decimals).
//! - Exact: scores that libvmaf 3.2's own prediction code returned for given feature values
//!   (see [`ORACLE_PROVENANCE`]) must come out bit for bit — on the golden features, and on
//!   synthetic inputs for every built-in model, with every flag combination, including the
//!   bootstrap statistics and the v1.0.16 chroma correction.
//!
//! Skipped, with a notice, when `../shared` is absent.

use std::collections::BTreeMap;
use std::path::Path;

use foveal::model::{BootstrapScores, Model, ModelDict, ModelFlags, builtin_versions};
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

/// How the exact tables below were produced.
///
/// libvmaf 3.2.0 (Netflix/vmaf commit f85a8536) was built from source with meson
/// (`--buildtype release -Denable_asm=false -Denable_float=true -Dbuilt_in_models=true`) on
/// x86-64 Linux with glibc, and driven through its public API: `vmaf_model_load` (or
/// `vmaf_model_collection_load` for `vmaf_*b_v0.6.3`) with the given `VmafModelConfig.flags`,
/// `vmaf_import_feature_score` for each model feature (under the name libvmaf looks up, e.g.
/// `integer_adm2_egl_1`), then `vmaf_score_at_index` and, for collections,
/// `vmaf_score_at_index_model_collection` plus `vmaf_feature_score_at_index("vmaf_0001"…)`.
/// Each returned `double` was printed as its IEEE-754 bit pattern. Inputs went in as decimal
/// text read by `scanf("%lf")`; the same text is parsed here with Rust's correctly rounded
/// parser, so both sides start from identical doubles. Prediction calls the platform's `exp`
/// (glibc here), as libvmaf's libsvm code does.
pub const ORACLE_PROVENANCE: &str = "libvmaf f85a8536 public API, x86-64 glibc";

/// libvmaf's score for the golden features of each frame: (golden, score name, frame, bits).
#[rustfmt::skip]
const GOLDEN_ORACLE: &[(&str, &str, u64, u64)] = &[
    ("archer_1080p.v0.json", "vmaf", 0, 0x4050402290e5c0ee),
    ("archer_1080p.v0.json", "vmaf_neg", 0, 0x40500f4a480e5fed),
    ("archer_1080p.v1.json", "vmaf_v1", 0, 0x4051837114df1290),
    ("archer_1080p.v1.json", "vmaf_v1_hfr", 0, 0x4051837114df1290),
    ("dark_scene_1080p.v0.json", "vmaf", 0, 0x405524ab42f2de3c),
    ("dark_scene_1080p.v0.json", "vmaf_neg", 0, 0x4054f44c895cefed),
    ("dark_scene_1080p.v1.json", "vmaf_v1", 0, 0x40540349f5fa30df),
    ("dark_scene_1080p.v1.json", "vmaf_v1_hfr", 0, 0x40540349f5fa30df),
    ("sparks_480x270_10b.v0.json", "vmaf", 0, 0x405833e11655a810),
    ("sparks_480x270_10b.v0.json", "vmaf", 1, 0x40586f8d3a629152),
    ("sparks_480x270_10b.v0.json", "vmaf", 2, 0x405877635d5a5cc2),
    ("sparks_480x270_10b.v0.json", "vmaf", 3, 0x40589fc144d3aa1c),
    ("sparks_480x270_10b.v0.json", "vmaf", 4, 0x4058a59bdbe24e3b),
    ("sparks_480x270_10b.v0.json", "vmaf_neg", 0, 0x405804c92889a94a),
    ("sparks_480x270_10b.v0.json", "vmaf_neg", 1, 0x405831b88544f70d),
    ("sparks_480x270_10b.v0.json", "vmaf_neg", 2, 0x405840bdcbb3e24b),
    ("sparks_480x270_10b.v0.json", "vmaf_neg", 3, 0x40585626a5b4ea7f),
    ("sparks_480x270_10b.v0.json", "vmaf_neg", 4, 0x405868f865eb4fa5),
    ("sparks_480x270_10b.v1.json", "vmaf_v1", 0, 0x4058f028380bc0a5),
    ("sparks_480x270_10b.v1.json", "vmaf_v1", 1, 0x4058dab6bc013f4b),
    ("sparks_480x270_10b.v1.json", "vmaf_v1", 2, 0x4058e5ac616c0b1c),
    ("sparks_480x270_10b.v1.json", "vmaf_v1", 3, 0x4058eeea46eb389a),
    ("sparks_480x270_10b.v1.json", "vmaf_v1", 4, 0x4058ffbf20c32ef5),
    ("sparks_480x270_10b.v1.json", "vmaf_v1_hfr", 0, 0x4059000000000000),
    ("sparks_480x270_10b.v1.json", "vmaf_v1_hfr", 1, 0x4058eb460d608a80),
    ("sparks_480x270_10b.v1.json", "vmaf_v1_hfr", 2, 0x4059000000000000),
    ("sparks_480x270_10b.v1.json", "vmaf_v1_hfr", 3, 0x4059000000000000),
    ("sparks_480x270_10b.v1.json", "vmaf_v1_hfr", 4, 0x4059000000000000),
    ("src01_576x324_10b.v0.json", "vmaf", 0, 0x4054f6cda62118c7),
    ("src01_576x324_10b.v0.json", "vmaf", 1, 0x4054a8f367390e86),
    ("src01_576x324_10b.v0.json", "vmaf", 2, 0x40544c96ffaaefb9),
    ("src01_576x324_10b.v0.json", "vmaf_neg", 0, 0x4054966c7f6c0371),
    ("src01_576x324_10b.v0.json", "vmaf_neg", 1, 0x405427770f9d7fce),
    ("src01_576x324_10b.v0.json", "vmaf_neg", 2, 0x4053c4c017b3d25e),
    ("src01_576x324_10b.v1.json", "vmaf_v1", 0, 0x40570d42f41186a5),
    ("src01_576x324_10b.v1.json", "vmaf_v1", 1, 0x405615b3f8569365),
    ("src01_576x324_10b.v1.json", "vmaf_v1", 2, 0x40558c718bbf2cc2),
    ("src01_576x324_10b.v1.json", "vmaf_v1_hfr", 0, 0x40579b024a8b768a),
    ("src01_576x324_10b.v1.json", "vmaf_v1_hfr", 1, 0x4056b58f749c97e5),
    ("src01_576x324_10b.v1.json", "vmaf_v1_hfr", 2, 0x40562db3a1c987fa),
    ("src01_576x324_12b.v0.json", "vmaf", 0, 0x4054f6cda62118c7),
    ("src01_576x324_12b.v0.json", "vmaf", 1, 0x4054a8f367390e86),
    ("src01_576x324_12b.v0.json", "vmaf", 2, 0x40544c96ffaaefb9),
    ("src01_576x324_12b.v0.json", "vmaf_neg", 0, 0x4054966c7f6c0371),
    ("src01_576x324_12b.v0.json", "vmaf_neg", 1, 0x405427770f9d7fce),
    ("src01_576x324_12b.v0.json", "vmaf_neg", 2, 0x4053c4c017b3d25e),
    ("src01_576x324_12b.v1.json", "vmaf_v1", 0, 0x40570d42f41186a5),
    ("src01_576x324_12b.v1.json", "vmaf_v1", 1, 0x405615b3f8569365),
    ("src01_576x324_12b.v1.json", "vmaf_v1", 2, 0x40558c718bbf2cc2),
    ("src01_576x324_12b.v1.json", "vmaf_v1_hfr", 0, 0x40579b024a8b768a),
    ("src01_576x324_12b.v1.json", "vmaf_v1_hfr", 1, 0x4056b58f749c97e5),
    ("src01_576x324_12b.v1.json", "vmaf_v1_hfr", 2, 0x40562db3a1c987fa),
    ("src01_576x324_16b.v0.json", "vmaf", 0, 0x4054f6cda62118c7),
    ("src01_576x324_16b.v0.json", "vmaf", 1, 0x4054a8f367390e86),
    ("src01_576x324_16b.v0.json", "vmaf", 2, 0x40544c96ffaaefb9),
    ("src01_576x324_16b.v0.json", "vmaf_neg", 0, 0x4054966c7f6c0371),
    ("src01_576x324_16b.v0.json", "vmaf_neg", 1, 0x405427770f9d7fce),
    ("src01_576x324_16b.v0.json", "vmaf_neg", 2, 0x4053c4c017b3d25e),
    ("src01_576x324_16b.v1.json", "vmaf_v1", 0, 0x40570d42f41186a5),
    ("src01_576x324_16b.v1.json", "vmaf_v1", 1, 0x405615b3f8569365),
    ("src01_576x324_16b.v1.json", "vmaf_v1", 2, 0x40558c718bbf2cc2),
    ("src01_576x324_16b.v1.json", "vmaf_v1_hfr", 0, 0x40579b024a8b768a),
    ("src01_576x324_16b.v1.json", "vmaf_v1_hfr", 1, 0x4056b58f749c97e5),
    ("src01_576x324_16b.v1.json", "vmaf_v1_hfr", 2, 0x40562db3a1c987fa),
];

#[test]
fn libvmaf_scores_of_golden_features_bit_exact() {
    let Some(shared) = shared_or_skip("libvmaf_scores_of_golden_features_bit_exact") else {
        return;
    };
    let dir = shared.join("netflix-vectors").join("goldens");
    let mut n = 0;
    for case in V0_CASES.iter().chain(&V1_CASES) {
        let model = Model::builtin(case.model).unwrap();
        for &(file, score, frame, bits) in GOLDEN_ORACLE.iter().filter(|r| r.1 == case.score) {
            let golden = Golden::load(dir.join(file));
            let ours = score_golden(&golden, case, &model);
            let got = ours[frame as usize][score];
            assert_eq!(
                got.to_bits(),
                bits,
                "{file} frame {frame} {score}: ours {got:e}, libvmaf {:e}",
                f64::from_bits(bits)
            );
            n += 1;
        }
    }
    assert_eq!(n, GOLDEN_ORACLE.len());
    eprintln!("golden features: {n} model scores identical to libvmaf bit for bit");
}

/// libvmaf's outputs for synthetic feature values: (version, flags, features, outputs), flags
/// bit 0 = disable_clip, bit 1 = enable_transform; outputs are the score, then for a collection
/// the members `vmaf_0001`…, bagging, stddev, ci_p95_lo, ci_p95_hi.
#[rustfmt::skip]
const SYNTHETIC_ORACLE: &[(&str, u8, &[f64], &[u64])] = &[
    ("vmaf_v0.6.1", 0, &[0.9958465456983399, 17.629303967014106, 0.007641299459758935, 0.9291954816981066, 0.9580543773110393, 0.5938721245201282], &[0x4054c0b1a0c7940e]),
    ("vmaf_v0.6.1", 0, &[0.7835257066713492, 3.3575290734833585, 0.7818105514476322, 0.24154597087038013, 0.03143030216114216, 0.8045481715810092], &[0x4043016190685a04]),
    ("vmaf_v0.6.1", 0, &[0.5491840552299286, 24.93125900156674, 0.6281320090056876, 0.1515257314824533, 0.18675246035813028, 0.11670122908246139], &[0x40319200791ccdf5]),
    ("vmaf_v0.6.1", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_v0.6.1", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_v0.6.1", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_v0.6.1", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_v0.6.1", 1, &[0.9958465456983399, 17.629303967014106, 0.007641299459758935, 0.9291954816981066, 0.9580543773110393, 0.5938721245201282], &[0x4054c0b1a0c7940e]),
    ("vmaf_v0.6.1", 1, &[0.7835257066713492, 3.3575290734833585, 0.7818105514476322, 0.24154597087038013, 0.03143030216114216, 0.8045481715810092], &[0x4043016190685a04]),
    ("vmaf_v0.6.1", 1, &[0.5491840552299286, 24.93125900156674, 0.6281320090056876, 0.1515257314824533, 0.18675246035813028, 0.11670122908246139], &[0x40319200791ccdf5]),
    ("vmaf_v0.6.1", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_v0.6.1", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_v0.6.1", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_v0.6.1", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_v0.6.1", 2, &[0.9958465456983399, 17.629303967014106, 0.007641299459758935, 0.9291954816981066, 0.9580543773110393, 0.5938721245201282], &[0x40581acbf7375e26]),
    ("vmaf_v0.6.1", 2, &[0.7835257066713492, 3.3575290734833585, 0.7818105514476322, 0.24154597087038013, 0.03143030216114216, 0.8045481715810092], &[0x404c91dff408b9fb]),
    ("vmaf_v0.6.1", 2, &[0.5491840552299286, 24.93125900156674, 0.6281320090056876, 0.1515257314824533, 0.18675246035813028, 0.11670122908246139], &[0x403ddd09e051ef4b]),
    ("vmaf_v0.6.1", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_v0.6.1", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_v0.6.1", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_v0.6.1", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_v0.6.1", 3, &[0.9958465456983399, 17.629303967014106, 0.007641299459758935, 0.9291954816981066, 0.9580543773110393, 0.5938721245201282], &[0x40581acbf7375e26]),
    ("vmaf_v0.6.1", 3, &[0.7835257066713492, 3.3575290734833585, 0.7818105514476322, 0.24154597087038013, 0.03143030216114216, 0.8045481715810092], &[0x404c91dff408b9fb]),
    ("vmaf_v0.6.1", 3, &[0.5491840552299286, 24.93125900156674, 0.6281320090056876, 0.1515257314824533, 0.18675246035813028, 0.11670122908246139], &[0x403ddd09e051ef4b]),
    ("vmaf_v0.6.1", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_v0.6.1", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_v0.6.1", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059bd8348ce366b]),
    ("vmaf_v0.6.1", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_b_v0.6.3", 0, &[0.6405056173096281, 37.24536111199705, 0.947602001987382, 0.3259339093024045, 0.4504125620176881, 0.5353679031883046], &[0x40442531c143fd24, 0x4049e61699e6e464, 0x404346e9cec80c13, 0x40431e4c2d60c4b6, 0x4046bb3d4633efc2, 0x403e62d6fcb4c388, 0x40477f6b5d6142aa, 0x404f48c919b804ed, 0x403b8263f9d41942, 0x4045127d834c7c3a, 0x4045f3c8ae558602, 0x40447e7543e60d80, 0x4049623b57f5d1d2, 0x40391904629f75e8, 0x4045ee924617584d, 0x4050712645c2444f, 0x40426e2b2f66f2de, 0x4040d494d6ba3f9b, 0x4043c1fcc360d07e, 0x404799ebb77bbe5d, 0x404d5f6693d38ca5, 0x4045c0302297ceb8, 0x40251acb55bd6e02, 0x403a3e44fda54380, 0x40500fe3dabb4b6e]),
    ("vmaf_b_v0.6.3", 0, &[0.6882021178674408, 39.58368166184431, 0.08758973894698695, 0.20140930339189847, 0.6198586630464729, 0.3426106917568012], &[0x404491d5b8733588, 0x40503bd13b1741a8, 0x4042af4e28b5e91a, 0x4041e8eef2fee634, 0x40495788cd3b2994, 0x4042228127e86c11, 0x404344a2d978bf35, 0x404dd5d4c9b4c805, 0x40404f6097cdbaa3, 0x4046ed56b3a5ce30, 0x40485dd255a7a690, 0x40424cf37a6a10f7, 0x404c27a320466e23, 0x403c4956dcdab479, 0x404547ac49da5189, 0x404f4666b89b0f03, 0x40463ed51d08a782, 0x4044685c2151ee1b, 0x40424b647d1158f4, 0x404cdd71997a29c9, 0x404c522323b991d0, 0x4046d39eea602026, 0x40252db661a5359a, 0x403e584fc4297674, 0x404fe6a615bbac11]),
    ("vmaf_b_v0.6.3", 0, &[0.5719838598033413, 27.796525933595575, 0.20358685322005415, 0.02996957064656791, 0.9902471911531913, 0.3223574474019309], &[0x403bcc3450400ddf, 0x40458f9afff06082, 0x403461dc299c1562, 0x4035535a7c995627, 0x40430818f8d94390, 0x4030740430b4e87b, 0x403bac7154124a89, 0x4044da702d7c4bbe, 0x402cd8404139f261, 0x403ac6eb4cf0303e, 0x404041202825c8c3, 0x403870308f9294aa, 0x40436648b02f7e5a, 0x403710bef49978e0, 0x403a86b7d32ac84f, 0x404818f54d526fce, 0x403df847e7e31703, 0x403dd3c2792c0243, 0x4038955311f446af, 0x4042d840a5726b09, 0x4047450884adecbb, 0x403e9a775d8ccc8b, 0x402335110312ce64, 0x402ec625b6ea48e8, 0x4047b44b3ad117f1]),
    ("vmaf_b_v0.6.3", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4058c6d7ddd5b557, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x0000000000000000, 0x4059000000000000, 0x4059000000000000]),
    ("vmaf_b_v0.6.3", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x4020e9bf0c7f9367, 0x40497a4cab4dab57, 0x0000000000000000, 0x0000000000000000, 0x403e70352d4ff037, 0x0000000000000000, 0x3fbb062ecf8b9c4e, 0x404019cd0256ed55, 0x0000000000000000, 0x3fd6c67d43de9784, 0x40373be07df6fa1c, 0x0000000000000000, 0x3fd6dc6b9631811d, 0x0000000000000000, 0x0000000000000000, 0x403058297bb415f1, 0x402cc0d6675c199c, 0x0000000000000000, 0x3fed679b889020af, 0x403df5cc82600c9f, 0x4038faa8300f9155, 0x401380451659c810, 0x403592538b17df3b, 0x0000000000000000, 0x4045061007d87779]),
    ("vmaf_b_v0.6.3", 2, &[0.6405056173096281, 37.24536111199705, 0.947602001987382, 0.3259339093024045, 0.4504125620176881, 0.5353679031883046], &[0x404de883be492f28, 0x40520d5d1940147a, 0x404ce45e92b59b61, 0x404cb43f26c4d0a6, 0x405067898b0adc0b, 0x4047d3bf7ebe2eab, 0x4050d0eafb8d47d4, 0x4054876e967b92e7, 0x4045ee6438405410, 0x404ef839243d8208, 0x404ff4723f28b820, 0x404e4f7393926b7f, 0x4051cb3c1f3b10ac, 0x40444bff825c9836, 0x404feeac84fcec6c, 0x40552f97e66cf870, 0x404be175df8e1f36, 0x4049ea0ef74e4800, 0x404d7514c4f73c46, 0x4050defda95f0ede, 0x4053b25a42d02aa9, 0x404fbb2d4c458605, 0x40277c3e054f6a41, 0x4045140b571e789e, 0x4054e0de705a2946]),
    ("vmaf_b_v0.6.3", 2, &[0.6882021178674408, 39.58368166184431, 0.08758973894698695, 0.20140930339189847, 0.6198586630464729, 0.3426106917568012], &[0x404e65ae29f99f24, 0x405504aed92093ed, 0x404c2fd002a39b4a, 0x404b3fbca2fa4ae7, 0x4051c5d3edfa57e2, 0x404b85db9aacab56, 0x404ce1ad192d6224, 0x4053e720be404d72, 0x4049425c44055b0c, 0x405082a68102492a, 0x405145d1bcbb4b11, 0x404bb952c64c1675, 0x405323ba859199da, 0x404672fb4e63447d, 0x404f34446a2c06b1, 0x4054866d044bce3e, 0x4050239c98dc4ec9, 0x404e360cd5fe3546, 0x404bb76fe858b0b2, 0x4053778d2e03f769, 0x4053377c91806118, 0x405074bfdd222016, 0x4026ecb99d3148a3, 0x4047ccea29baf1b2, 0x4054c959d89d11de]),
    ("vmaf_b_v0.6.3", 2, &[0.5719838598033413, 27.796525933595575, 0.20358685322005415, 0.02996957064656791, 0.9902471911531913, 0.3223574474019309], &[0x40461fb654953b6a, 0x404f84fbee1b53fd, 0x4040fb917ec5b4d9, 0x4041a882a6455fb8, 0x404c99ddd99286da, 0x403c33ee17a49834, 0x40460a82191636a2, 0x404eb89a2bbece50, 0x40392395e00f530a, 0x40457073d83619d9, 0x4049304d66f23c31, 0x4043d7c163a7b1a8, 0x404d0969f19b4704, 0x4042e341dbf82fcd, 0x40454519e3cabac9, 0x405121e9f43b0696, 0x40478e71ee5c16be, 0x4047769ee3c3dfe6, 0x4043f1642581ae7a, 0x404c60d400343f58, 0x4050b1c6d60896e3, 0x4047f7cd3ad090ee, 0x4028de57af3e6be2, 0x403a9a0192aeeabb, 0x4050ecf51125628e]),
    ("vmaf_b_v0.6.3", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x0000000000000000, 0x4059000000000000, 0x4059000000000000]),
    ("vmaf_b_v0.6.3", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x402f9aa65d18a0d7, 0x4051d76074582a04, 0x0000000000000000, 0x0000000000000000, 0x4047dc6b8a230df9, 0x0000000000000000, 0x3ffe3900836e763d, 0x4048fe5bcacd190e, 0x0000000000000000, 0x40028fd6066bb600, 0x404301724fc51f93, 0x0000000000000000, 0x4002948e17d7d0d0, 0x0000000000000000, 0x0000000000000000, 0x403c0a48dc8e5d65, 0x403911c09b0f70c3, 0x0000000000000000, 0x400a4c35734fd5af, 0x40478cd3bb74774c, 0x40443726f2a45e80, 0x4023e9726a6c6f53, 0x4041e11724ff8e54, 0x0000000000000000, 0x404eea25b393f20e]),
    ("vmaf_v0.6.1neg", 0, &[0.6182435142984319, 12.551121679366148, 0.6758313940938132, 0.6379087649327055, 0.8266389485382554, 0.7347804406289455], &[0x402c3d942f42beec]),
    ("vmaf_v0.6.1neg", 0, &[0.703295371686354, 7.051515401723805, 0.45852011356960576, 0.7747781162131352, 0.4596684410625047, 0.16737229044161822], &[0x0000000000000000]),
    ("vmaf_v0.6.1neg", 0, &[0.6280984543129646, 19.610501192539523, 0.6786311109743094, 0.8621207901001248, 0.05916377255556337, 0.30699459929898654], &[0x3ff341fb1f9c9f1c]),
    ("vmaf_v0.6.1neg", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_v0.6.1neg", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_v0.6.1neg", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_v0.6.1neg", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_v0.6.1neg", 1, &[0.6182435142984319, 12.551121679366148, 0.6758313940938132, 0.6379087649327055, 0.8266389485382554, 0.7347804406289455], &[0x402c3d942f42beec]),
    ("vmaf_v0.6.1neg", 1, &[0.703295371686354, 7.051515401723805, 0.45852011356960576, 0.7747781162131352, 0.4596684410625047, 0.16737229044161822], &[0xc00fcf892fa13315]),
    ("vmaf_v0.6.1neg", 1, &[0.6280984543129646, 19.610501192539523, 0.6786311109743094, 0.8621207901001248, 0.05916377255556337, 0.30699459929898654], &[0x3ff341fb1f9c9f1c]),
    ("vmaf_v0.6.1neg", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_v0.6.1neg", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_v0.6.1neg", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_v0.6.1neg", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_v0.6.1neg", 2, &[0.6182435142984319, 12.551121679366148, 0.6758313940938132, 0.6379087649327055, 0.8266389485382554, 0.7347804406289455], &[0x4038ada36193fb08]),
    ("vmaf_v0.6.1neg", 2, &[0.703295371686354, 7.051515401723805, 0.45852011356960576, 0.7747781162131352, 0.4596684410625047, 0.16737229044161822], &[0x0000000000000000]),
    ("vmaf_v0.6.1neg", 2, &[0.6280984543129646, 19.610501192539523, 0.6786311109743094, 0.8621207901001248, 0.05916377255556337, 0.30699459929898654], &[0x400e32257c03290b]),
    ("vmaf_v0.6.1neg", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_v0.6.1neg", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_v0.6.1neg", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_v0.6.1neg", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_v0.6.1neg", 3, &[0.6182435142984319, 12.551121679366148, 0.6758313940938132, 0.6379087649327055, 0.8266389485382554, 0.7347804406289455], &[0x4038ada36193fb08]),
    ("vmaf_v0.6.1neg", 3, &[0.703295371686354, 7.051515401723805, 0.45852011356960576, 0.7747781162131352, 0.4596684410625047, 0.16737229044161822], &[0xc00fcf892fa13315]),
    ("vmaf_v0.6.1neg", 3, &[0.6280984543129646, 19.610501192539523, 0.6786311109743094, 0.8621207901001248, 0.05916377255556337, 0.30699459929898654], &[0x400e32257c03290b]),
    ("vmaf_v0.6.1neg", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_v0.6.1neg", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_v0.6.1neg", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059bd8348ce366b]),
    ("vmaf_v0.6.1neg", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_4k_v0.6.1", 0, &[0.4544007599742838, 30.283209109612063, 0.31843133276523417, 0.34502957784153937, 0.6496105568792048, 0.39989772638518023], &[0x4044486d23c65438]),
    ("vmaf_4k_v0.6.1", 0, &[0.34702256399647613, 10.982542838341015, 0.6383736405596794, 0.9135922681126254, 0.396798190491217, 0.1338656926470684], &[0x0000000000000000]),
    ("vmaf_4k_v0.6.1", 0, &[0.3228836001205655, 33.3587697892781, 0.5434303850698623, 0.03754740865211159, 0.15528177676877641, 0.4360912434031327], &[0x40499aee7db74d7e]),
    ("vmaf_4k_v0.6.1", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1", 1, &[0.4544007599742838, 30.283209109612063, 0.31843133276523417, 0.34502957784153937, 0.6496105568792048, 0.39989772638518023], &[0x4044486d23c65438]),
    ("vmaf_4k_v0.6.1", 1, &[0.34702256399647613, 10.982542838341015, 0.6383736405596794, 0.9135922681126254, 0.396798190491217, 0.1338656926470684], &[0xc03635539e111b49]),
    ("vmaf_4k_v0.6.1", 1, &[0.3228836001205655, 33.3587697892781, 0.5434303850698623, 0.03754740865211159, 0.15528177676877641, 0.4360912434031327], &[0x40499aee7db74d7e]),
    ("vmaf_4k_v0.6.1", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x406a66886e2a0cc3]),
    ("vmaf_4k_v0.6.1", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059393396730903]),
    ("vmaf_4k_v0.6.1", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4065adbb9c656a7d]),
    ("vmaf_4k_v0.6.1", 2, &[0.4544007599742838, 30.283209109612063, 0.31843133276523417, 0.34502957784153937, 0.6496105568792048, 0.39989772638518023], &[0x4044486d23c65438]),
    ("vmaf_4k_v0.6.1", 2, &[0.34702256399647613, 10.982542838341015, 0.6383736405596794, 0.9135922681126254, 0.396798190491217, 0.1338656926470684], &[0x0000000000000000]),
    ("vmaf_4k_v0.6.1", 2, &[0.3228836001205655, 33.3587697892781, 0.5434303850698623, 0.03754740865211159, 0.15528177676877641, 0.4360912434031327], &[0x40499aee7db74d7e]),
    ("vmaf_4k_v0.6.1", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1", 3, &[0.4544007599742838, 30.283209109612063, 0.31843133276523417, 0.34502957784153937, 0.6496105568792048, 0.39989772638518023], &[0x4044486d23c65438]),
    ("vmaf_4k_v0.6.1", 3, &[0.34702256399647613, 10.982542838341015, 0.6383736405596794, 0.9135922681126254, 0.396798190491217, 0.1338656926470684], &[0xc03635539e111b49]),
    ("vmaf_4k_v0.6.1", 3, &[0.3228836001205655, 33.3587697892781, 0.5434303850698623, 0.03754740865211159, 0.15528177676877641, 0.4360912434031327], &[0x40499aee7db74d7e]),
    ("vmaf_4k_v0.6.1", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x406a66886e2a0cc3]),
    ("vmaf_4k_v0.6.1", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059393396730903]),
    ("vmaf_4k_v0.6.1", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4065adbb9c656a7d]),
    ("vmaf_4k_v0.6.1neg", 0, &[0.8832739283214044, 3.9936381896710493, 0.8639200238496318, 0.5761088436388804, 0.9804532032707584, 0.7650063526157602], &[0x4051d410977b295a]),
    ("vmaf_4k_v0.6.1neg", 0, &[0.9230652433583102, 17.94126102969285, 0.30241782607145773, 0.590235527253527, 0.6180693540002515, 0.5970915384429367], &[0x40540c271b1264fb]),
    ("vmaf_4k_v0.6.1neg", 0, &[0.4537555867461265, 24.38269128575902, 0.016270460929475802, 0.13626314402547687, 0.5105374877176763, 0.442031126477275], &[0x404797c0255df61c]),
    ("vmaf_4k_v0.6.1neg", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1neg", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1neg", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1neg", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1neg", 1, &[0.8832739283214044, 3.9936381896710493, 0.8639200238496318, 0.5761088436388804, 0.9804532032707584, 0.7650063526157602], &[0x4051d410977b295a]),
    ("vmaf_4k_v0.6.1neg", 1, &[0.9230652433583102, 17.94126102969285, 0.30241782607145773, 0.590235527253527, 0.6180693540002515, 0.5970915384429367], &[0x40540c271b1264fb]),
    ("vmaf_4k_v0.6.1neg", 1, &[0.4537555867461265, 24.38269128575902, 0.016270460929475802, 0.13626314402547687, 0.5105374877176763, 0.442031126477275], &[0x404797c0255df61c]),
    ("vmaf_4k_v0.6.1neg", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x406a66886e2a0cc3]),
    ("vmaf_4k_v0.6.1neg", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1neg", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059393396730903]),
    ("vmaf_4k_v0.6.1neg", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4065adbb9c656a7d]),
    ("vmaf_4k_v0.6.1neg", 2, &[0.8832739283214044, 3.9936381896710493, 0.8639200238496318, 0.5761088436388804, 0.9804532032707584, 0.7650063526157602], &[0x4051d410977b295a]),
    ("vmaf_4k_v0.6.1neg", 2, &[0.9230652433583102, 17.94126102969285, 0.30241782607145773, 0.590235527253527, 0.6180693540002515, 0.5970915384429367], &[0x40540c271b1264fb]),
    ("vmaf_4k_v0.6.1neg", 2, &[0.4537555867461265, 24.38269128575902, 0.016270460929475802, 0.13626314402547687, 0.5105374877176763, 0.442031126477275], &[0x404797c0255df61c]),
    ("vmaf_4k_v0.6.1neg", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1neg", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1neg", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1neg", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4059000000000000]),
    ("vmaf_4k_v0.6.1neg", 3, &[0.8832739283214044, 3.9936381896710493, 0.8639200238496318, 0.5761088436388804, 0.9804532032707584, 0.7650063526157602], &[0x4051d410977b295a]),
    ("vmaf_4k_v0.6.1neg", 3, &[0.9230652433583102, 17.94126102969285, 0.30241782607145773, 0.590235527253527, 0.6180693540002515, 0.5970915384429367], &[0x40540c271b1264fb]),
    ("vmaf_4k_v0.6.1neg", 3, &[0.4537555867461265, 24.38269128575902, 0.016270460929475802, 0.13626314402547687, 0.5105374877176763, 0.442031126477275], &[0x404797c0255df61c]),
    ("vmaf_4k_v0.6.1neg", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x406a66886e2a0cc3]),
    ("vmaf_4k_v0.6.1neg", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_4k_v0.6.1neg", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059393396730903]),
    ("vmaf_4k_v0.6.1neg", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4065adbb9c656a7d]),
    ("vmaf_v1.0.16_3d0h", 0, &[7.703841617977821, 5.328231874718153, 0.8337616763167042, 1.03774544351827], &[0x40466c7f543170ef]),
    ("vmaf_v1.0.16_3d0h", 0, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h", 0, &[17.88316595741708, 27.173959149700146, 0.8077776991492869, 15.938992350398717], &[0x403edb413bb5cccd]),
    ("vmaf_v1.0.16_3d0h", 0, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_3d0h", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h", 0, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_3d0h", 0, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h", 0, &[6.648257354391203, 1e-300, 0.8250384928293115, 0.21293050443171446], &[0x403dfa4b11099bd5]),
    ("vmaf_v1.0.16_3d0h", 1, &[7.703841617977821, 5.328231874718153, 0.8337616763167042, 1.03774544351827], &[0x40466c7f543170ef]),
    ("vmaf_v1.0.16_3d0h", 1, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0xc01a8be623f953f6]),
    ("vmaf_v1.0.16_3d0h", 1, &[17.88316595741708, 27.173959149700146, 0.8077776991492869, 15.938992350398717], &[0x403edb413bb5cccd]),
    ("vmaf_v1.0.16_3d0h", 1, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_3d0h", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_3d0h", 1, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_3d0h", 1, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0xc01a8be623f953f6]),
    ("vmaf_v1.0.16_3d0h", 1, &[6.648257354391203, 1e-300, 0.8250384928293115, 0.21293050443171446], &[0x403dfa4b11099bd5]),
    ("vmaf_v1.0.16_3d0h", 2, &[7.703841617977821, 5.328231874718153, 0.8337616763167042, 1.03774544351827], &[0x40466c7f543170ef]),
    ("vmaf_v1.0.16_3d0h", 2, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h", 2, &[17.88316595741708, 27.173959149700146, 0.8077776991492869, 15.938992350398717], &[0x403edb413bb5cccd]),
    ("vmaf_v1.0.16_3d0h", 2, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_3d0h", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h", 2, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_3d0h", 2, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h", 2, &[6.648257354391203, 1e-300, 0.8250384928293115, 0.21293050443171446], &[0x403dfa4b11099bd5]),
    ("vmaf_v1.0.16_3d0h", 3, &[7.703841617977821, 5.328231874718153, 0.8337616763167042, 1.03774544351827], &[0x40466c7f543170ef]),
    ("vmaf_v1.0.16_3d0h", 3, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0xc01a8be623f953f6]),
    ("vmaf_v1.0.16_3d0h", 3, &[17.88316595741708, 27.173959149700146, 0.8077776991492869, 15.938992350398717], &[0x403edb413bb5cccd]),
    ("vmaf_v1.0.16_3d0h", 3, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_3d0h", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_3d0h", 3, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_3d0h", 3, &[3.3446984878672326, 0.0, 0.665629301663851, 7.089975709894464], &[0xc01a8be623f953f6]),
    ("vmaf_v1.0.16_3d0h", 3, &[6.648257354391203, 1e-300, 0.8250384928293115, 0.21293050443171446], &[0x403dfa4b11099bd5]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[17.932542071666223, 22.346686095777375, 0.9630438162668571, 17.095851157487814], &[0x4052ec52c05e11d3]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[19.893478093235114, 1e-300, 0.9700458102039522, 6.730619739573527], &[0x4055717281c66a7d]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[4.97701388278903, 0.0, 0.8456065574834033, 1.3306456232280635], &[0x4043fd47df990a47]),
    ("vmaf_v1.0.16_3d0h_2160", 0, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0xc04140a57b5581ef]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[17.932542071666223, 22.346686095777375, 0.9630438162668571, 17.095851157487814], &[0x4052ec52c05e11d3]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[19.893478093235114, 1e-300, 0.9700458102039522, 6.730619739573527], &[0x4055717281c66a7d]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc0375c0f525da99e]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[4.97701388278903, 0.0, 0.8456065574834033, 1.3306456232280635], &[0x4043fd47df990a47]),
    ("vmaf_v1.0.16_3d0h_2160", 1, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0xc04140a57b5581ef]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[17.932542071666223, 22.346686095777375, 0.9630438162668571, 17.095851157487814], &[0x4052ec52c05e11d3]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[19.893478093235114, 1e-300, 0.9700458102039522, 6.730619739573527], &[0x4055717281c66a7d]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[4.97701388278903, 0.0, 0.8456065574834033, 1.3306456232280635], &[0x4043fd47df990a47]),
    ("vmaf_v1.0.16_3d0h_2160", 2, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0x0000000000000000]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0xc04140a57b5581ef]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[17.932542071666223, 22.346686095777375, 0.9630438162668571, 17.095851157487814], &[0x4052ec52c05e11d3]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[19.893478093235114, 1e-300, 0.9700458102039522, 6.730619739573527], &[0x4055717281c66a7d]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc0375c0f525da99e]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[4.97701388278903, 0.0, 0.8456065574834033, 1.3306456232280635], &[0x4043fd47df990a47]),
    ("vmaf_v1.0.16_3d0h_2160", 3, &[14.159698825224474, 1e-300, 0.5450018671574752, 0.8587129694351139], &[0xc04140a57b5581ef]),
    ("vmaf_v1.0.16_5d0h", 0, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0x0000000000000000]),
    ("vmaf_v1.0.16_5d0h", 0, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 0, &[16.14642176936166, 7.734489812962977, 0.95139183850299, 9.6678614222191], &[0x4053131d69f37ca7]),
    ("vmaf_v1.0.16_5d0h", 0, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_5d0h", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_5d0h", 0, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_5d0h", 0, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0x0000000000000000]),
    ("vmaf_v1.0.16_5d0h", 0, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 1, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0xc03579f43247593b]),
    ("vmaf_v1.0.16_5d0h", 1, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 1, &[16.14642176936166, 7.734489812962977, 0.95139183850299, 9.6678614222191], &[0x4053131d69f37ca7]),
    ("vmaf_v1.0.16_5d0h", 1, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_5d0h", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_5d0h", 1, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_5d0h", 1, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0xc03579f43247593b]),
    ("vmaf_v1.0.16_5d0h", 1, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 2, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0x0000000000000000]),
    ("vmaf_v1.0.16_5d0h", 2, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 2, &[16.14642176936166, 7.734489812962977, 0.95139183850299, 9.6678614222191], &[0x4053131d69f37ca7]),
    ("vmaf_v1.0.16_5d0h", 2, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_5d0h", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_5d0h", 2, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_5d0h", 2, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0x0000000000000000]),
    ("vmaf_v1.0.16_5d0h", 2, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 3, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0xc03579f43247593b]),
    ("vmaf_v1.0.16_5d0h", 3, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_5d0h", 3, &[16.14642176936166, 7.734489812962977, 0.95139183850299, 9.6678614222191], &[0x4053131d69f37ca7]),
    ("vmaf_v1.0.16_5d0h", 3, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_5d0h", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_5d0h", 3, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_5d0h", 3, &[0.13299652888938418, 0.0, 0.5317312098851188, 9.584689166869149], &[0xc03579f43247593b]),
    ("vmaf_v1.0.16_5d0h", 3, &[19.891834828379093, 1e-300, 0.8183317637269806, 4.35432755632251], &[0x403a4b9877133c58]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[17.92454966922059, 24.020822023483195, 0.8311966183272732, 17.766079337198484], &[0x4041d174e6182173]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[7.0708939597621345, 20.352680321561753, 0.868510065793465, 9.223054849463317], &[0x40468f87e2a1a5d1]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[16.420192504540555, 0.0, 0.5349958618556485, 15.395238366818209], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 0, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[17.92454966922059, 24.020822023483195, 0.8311966183272732, 17.766079337198484], &[0x4041d174e6182173]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[7.0708939597621345, 20.352680321561753, 0.868510065793465, 9.223054849463317], &[0x40468f87e2a1a5d1]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0xc03fba0dec7e1104]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[0.0, 0.0, 1.0, 0.0], &[0x40599657cec8ba29]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc03c5c0f525da99e]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[16.420192504540555, 0.0, 0.5349958618556485, 15.395238366818209], &[0xc03a10da5e02ad6b]),
    ("vmaf_v1.0.16_1d5h_2160", 1, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0xc03fba0dec7e1104]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[17.92454966922059, 24.020822023483195, 0.8311966183272732, 17.766079337198484], &[0x4041d174e6182173]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[7.0708939597621345, 20.352680321561753, 0.868510065793465, 9.223054849463317], &[0x40468f87e2a1a5d1]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[16.420192504540555, 0.0, 0.5349958618556485, 15.395238366818209], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 2, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0x0000000000000000]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[17.92454966922059, 24.020822023483195, 0.8311966183272732, 17.766079337198484], &[0x4041d174e6182173]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[7.0708939597621345, 20.352680321561753, 0.868510065793465, 9.223054849463317], &[0x40468f87e2a1a5d1]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0xc03fba0dec7e1104]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[0.0, 0.0, 1.0, 0.0], &[0x40599657cec8ba29]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc03c5c0f525da99e]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[16.420192504540555, 0.0, 0.5349958618556485, 15.395238366818209], &[0xc03a10da5e02ad6b]),
    ("vmaf_v1.0.16_1d5h_2160", 3, &[12.982081046572578, 1e-300, 0.5760897945738268, 6.286353374772242], &[0xc03fba0dec7e1104]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[19.027006307249696, 0.0, 0.7365418530547161, 8.70132832160972], &[0x4019dfa41cced947]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[16.290149645306155, 0.0, 0.848862999059537, 9.333374983738567], &[0x404478f786ec18a1]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 0, &[18.170239735822754, 1e-300, 0.5668093322588141, 12.08380638395951], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0xc004f65960b419f6]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[19.027006307249696, 0.0, 0.7365418530547161, 8.70132832160972], &[0x4019dfa41cced947]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[16.290149645306155, 0.0, 0.848862999059537, 9.333374983738567], &[0x404478f786ec18a1]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0xc004f65960b419f6]),
    ("vmaf_v1.0.16_hfr_3d0h", 1, &[18.170239735822754, 1e-300, 0.5668093322588141, 12.08380638395951], &[0xc0352b657029539e]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[19.027006307249696, 0.0, 0.7365418530547161, 8.70132832160972], &[0x4019dfa41cced947]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[16.290149645306155, 0.0, 0.848862999059537, 9.333374983738567], &[0x404478f786ec18a1]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 2, &[18.170239735822754, 1e-300, 0.5668093322588141, 12.08380638395951], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0xc004f65960b419f6]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[19.027006307249696, 0.0, 0.7365418530547161, 8.70132832160972], &[0x4019dfa41cced947]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[16.290149645306155, 0.0, 0.848862999059537, 9.333374983738567], &[0x404478f786ec18a1]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[6.577877574260613, 0.0, 0.6605598693301618, 14.029077483410255], &[0xc004f65960b419f6]),
    ("vmaf_v1.0.16_hfr_3d0h", 3, &[18.170239735822754, 1e-300, 0.5668093322588141, 12.08380638395951], &[0xc0352b657029539e]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[0.5393046900881138, 2.206250527249664, 0.8701429802313132, 12.17643721820825], &[0x405280ff516ce2ab]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[7.741469248299944, 0.0, 0.5462200526174157, 15.179534185203387], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 0, &[8.263507413591856, 1e-300, 0.7863270391648929, 15.443163832970919], &[0x403e27df1c77e215]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[0.5393046900881138, 2.206250527249664, 0.8701429802313132, 12.17643721820825], &[0x405280ff516ce2ab]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[7.741469248299944, 0.0, 0.5462200526174157, 15.179534185203387], &[0xc03329da0d1b5bfe]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc0375c0f525da99e]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 1, &[8.263507413591856, 1e-300, 0.7863270391648929, 15.443163832970919], &[0x403e27df1c77e215]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[0.5393046900881138, 2.206250527249664, 0.8701429802313132, 12.17643721820825], &[0x405280ff516ce2ab]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[7.741469248299944, 0.0, 0.5462200526174157, 15.179534185203387], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 2, &[8.263507413591856, 1e-300, 0.7863270391648929, 15.443163832970919], &[0x403e27df1c77e215]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[0.5393046900881138, 2.206250527249664, 0.8701429802313132, 12.17643721820825], &[0x405280ff516ce2ab]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[7.741469248299944, 0.0, 0.5462200526174157, 15.179534185203387], &[0xc03329da0d1b5bfe]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[0.0, 0.0, 1.0, 0.0], &[0x405ad657cec8ba29]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc0375c0f525da99e]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[0.0, 0.0, 0.0, 0.0], &[0x403b369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[18.557375530928162, 0.0, 0.8069454639088729, 5.672660936616802], &[0x403826368769b3c9]),
    ("vmaf_v1.0.16_hfr_3d0h_2160", 3, &[8.263507413591856, 1e-300, 0.7863270391648929, 15.443163832970919], &[0x403e27df1c77e215]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[10.980639564760637, 6.630819167733472, 0.9242422486700901, 14.70909033898323], &[0x40530addd1f9bc4e]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[1.9488700099221878, 2.87988240991855, 0.7007438566754731, 17.49024850364031], &[0x403f24a787282e0b]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[5.9621688389535805, 1.0727566877886172, 0.7923486292281117, 10.11273131626104], &[0x4046e7c750020ce1]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[2.0705362721648113, 0.0, 0.8669601911953626, 11.34011046144783], &[0x404c47aa75350685]),
    ("vmaf_v1.0.16_hfr_5d0h", 0, &[11.348448074052055, 1e-300, 0.6364178690440212, 11.487727496493502], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[10.980639564760637, 6.630819167733472, 0.9242422486700901, 14.70909033898323], &[0x40530addd1f9bc4e]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[1.9488700099221878, 2.87988240991855, 0.7007438566754731, 17.49024850364031], &[0x403f24a787282e0b]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[5.9621688389535805, 1.0727566877886172, 0.7923486292281117, 10.11273131626104], &[0x4046e7c750020ce1]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[2.0705362721648113, 0.0, 0.8669601911953626, 11.34011046144783], &[0x404c47aa75350685]),
    ("vmaf_v1.0.16_hfr_5d0h", 1, &[11.348448074052055, 1e-300, 0.6364178690440212, 11.487727496493502], &[0xc027a4b5c806c4c3]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[10.980639564760637, 6.630819167733472, 0.9242422486700901, 14.70909033898323], &[0x40530addd1f9bc4e]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[1.9488700099221878, 2.87988240991855, 0.7007438566754731, 17.49024850364031], &[0x403f24a787282e0b]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[5.9621688389535805, 1.0727566877886172, 0.7923486292281117, 10.11273131626104], &[0x4046e7c750020ce1]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[2.0705362721648113, 0.0, 0.8669601911953626, 11.34011046144783], &[0x404c47aa75350685]),
    ("vmaf_v1.0.16_hfr_5d0h", 2, &[11.348448074052055, 1e-300, 0.6364178690440212, 11.487727496493502], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[10.980639564760637, 6.630819167733472, 0.9242422486700901, 14.70909033898323], &[0x40530addd1f9bc4e]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[1.9488700099221878, 2.87988240991855, 0.7007438566754731, 17.49024850364031], &[0x403f24a787282e0b]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[5.9621688389535805, 1.0727566877886172, 0.7923486292281117, 10.11273131626104], &[0x4046e7c750020ce1]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[0.0, 0.0, 1.0, 0.0], &[0x4059231a97b534a0]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc036e73fc45adc67]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[0.0, 0.0, 0.0, 0.0], &[0x403ad9c98debc6fe]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[2.0705362721648113, 0.0, 0.8669601911953626, 11.34011046144783], &[0x404c47aa75350685]),
    ("vmaf_v1.0.16_hfr_5d0h", 3, &[11.348448074052055, 1e-300, 0.6364178690440212, 11.487727496493502], &[0xc027a4b5c806c4c3]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[14.506271090086404, 28.239476271942486, 0.772224612928716, 5.30634869406113], &[0x40207a6de8b7455e]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[7.290812066109684, 1e-300, 0.955703943484658, 11.726340812084112], &[0x405580c1424bc706]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[11.454212179277164, 0.0, 0.6370743258657197, 0.019594044651857878], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 0, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0xc02cf1bbb45a7913]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[14.506271090086404, 28.239476271942486, 0.772224612928716, 5.30634869406113], &[0x40207a6de8b7455e]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[7.290812066109684, 1e-300, 0.955703943484658, 11.726340812084112], &[0x405580c1424bc706]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[0.0, 0.0, 1.0, 0.0], &[0x40599657cec8ba29]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[17.0, 45.0, 0.5, 18.0], &[0xc03c5c0f525da99e]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[11.454212179277164, 0.0, 0.6370743258657197, 0.019594044651857878], &[0xc03bb1a761e2b7c5]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 1, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0xc02cf1bbb45a7913]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[14.506271090086404, 28.239476271942486, 0.772224612928716, 5.30634869406113], &[0x40207a6de8b7455e]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[7.290812066109684, 1e-300, 0.955703943484658, 11.726340812084112], &[0x405580c1424bc706]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[0.0, 0.0, 1.0, 0.0], &[0x4059000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[17.0, 45.0, 0.5, 18.0], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[11.454212179277164, 0.0, 0.6370743258657197, 0.019594044651857878], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 2, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0x0000000000000000]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0xc02cf1bbb45a7913]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[14.506271090086404, 28.239476271942486, 0.772224612928716, 5.30634869406113], &[0x40207a6de8b7455e]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[7.290812066109684, 1e-300, 0.955703943484658, 11.726340812084112], &[0x405580c1424bc706]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[0.0, 0.0, 1.0, 0.0], &[0x40599657cec8ba29]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[17.0, 45.0, 0.5, 18.0], &[0xc03c5c0f525da99e]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[0.0, 0.0, 0.0, 0.0], &[0x4036369d1f74ecef]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[11.454212179277164, 0.0, 0.6370743258657197, 0.019594044651857878], &[0xc03bb1a761e2b7c5]),
    ("vmaf_v1.0.16_hfr_1d5h_2160", 3, &[14.617127093282054, 1e-300, 0.6862946366197202, 4.689609631310097], &[0xc02cf1bbb45a7913]),
    ("vmaf_float_v0.6.1", 0, &[0.323397441774127, 27.77766531781129, 0.3025044490120715, 0.022349713373925103, 0.47881370191777545, 0.38301129049417343], &[0x400fd3db98a64f3b]),
    ("vmaf_float_v0.6.1", 0, &[0.9794746366867533, 15.818040893448213, 0.43043628033630027, 0.7611899827209231, 0.7813914747180661, 0.39070551501089057], &[0x404f515ff9128ad0]),
    ("vmaf_float_v0.6.1", 0, &[0.751012098509144, 34.68305658643868, 0.5171053469737701, 0.3505305463024691, 0.31144808673453456, 0.4229607672182245], &[0x4045dbf04f9d3c53]),
    ("vmaf_float_v0.6.1", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_float_v0.6.1", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_float_v0.6.1", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_float_v0.6.1", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_float_v0.6.1", 1, &[0.323397441774127, 27.77766531781129, 0.3025044490120715, 0.022349713373925103, 0.47881370191777545, 0.38301129049417343], &[0x400fd3db98a64f3b]),
    ("vmaf_float_v0.6.1", 1, &[0.9794746366867533, 15.818040893448213, 0.43043628033630027, 0.7611899827209231, 0.7813914747180661, 0.39070551501089057], &[0x404f515ff9128ad0]),
    ("vmaf_float_v0.6.1", 1, &[0.751012098509144, 34.68305658643868, 0.5171053469737701, 0.3505305463024691, 0.31144808673453456, 0.4229607672182245], &[0x4045dbf04f9d3c53]),
    ("vmaf_float_v0.6.1", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_float_v0.6.1", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_float_v0.6.1", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_float_v0.6.1", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_float_v0.6.1", 2, &[0.323397441774127, 27.77766531781129, 0.3025044490120715, 0.022349713373925103, 0.47881370191777545, 0.38301129049417343], &[0x4020ed63fbc88d5e]),
    ("vmaf_float_v0.6.1", 2, &[0.9794746366867533, 15.818040893448213, 0.43043628033630027, 0.7611899827209231, 0.7813914747180661, 0.39070551501089057], &[0x40548b0dd08bd1ff]),
    ("vmaf_float_v0.6.1", 2, &[0.751012098509144, 34.68305658643868, 0.5171053469737701, 0.3505305463024691, 0.31144808673453456, 0.4229607672182245], &[0x404fda03fa821cce]),
    ("vmaf_float_v0.6.1", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_float_v0.6.1", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_float_v0.6.1", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_float_v0.6.1", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_float_v0.6.1", 3, &[0.323397441774127, 27.77766531781129, 0.3025044490120715, 0.022349713373925103, 0.47881370191777545, 0.38301129049417343], &[0x4020ed63fbc88d5e]),
    ("vmaf_float_v0.6.1", 3, &[0.9794746366867533, 15.818040893448213, 0.43043628033630027, 0.7611899827209231, 0.7813914747180661, 0.39070551501089057], &[0x40548b0dd08bd1ff]),
    ("vmaf_float_v0.6.1", 3, &[0.751012098509144, 34.68305658643868, 0.5171053469737701, 0.3505305463024691, 0.31144808673453456, 0.4229607672182245], &[0x404fda03fa821cce]),
    ("vmaf_float_v0.6.1", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_float_v0.6.1", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_float_v0.6.1", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059bd8348ce366b]),
    ("vmaf_float_v0.6.1", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_float_b_v0.6.3", 0, &[0.47801325012980556, 21.579113855537656, 0.32484265652299843, 0.8198185076626957, 0.8960438573418247, 0.049855178296623365], &[0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x4005a529465eb214, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x401f30ddaa69a9bc, 0x0000000000000000, 0x3fe7435eb7063528, 0x0000000000000000, 0x4014892a898b72fe, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x40048b2b91edda46, 0x403456756b7b2e03, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x402cc32fefba6efc]),
    ("vmaf_float_b_v0.6.3", 0, &[0.46775351640340224, 24.107392587381593, 0.9411984864932841, 0.139395936310689, 0.7972309170674584, 0.6154350921449689], &[0x402f92472b93617e, 0x4035b0e1ecef6c4f, 0x40212c7be8d12e41, 0x4027a86e9e4c96f5, 0x4034dfa7b885360d, 0x0000000000000000, 0x40369ac32655c781, 0x4041bf79c07d3385, 0x0000000000000000, 0x4025b2ba73295194, 0x402d87819953d9ff, 0x4032ba2cf6691390, 0x40350ae64f077967, 0x40217be8b34ce6c0, 0x402a85ed85119a9c, 0x4045cd23ee89d354, 0x402881446f14f37e, 0x402becf7a42071b7, 0x403030820a2a18f2, 0x402c56fe5656cccf, 0x404509788f68184a, 0x403103c5e208fbc3, 0x40288f95750e0748, 0x0000000000000000, 0x4045703287c03415]),
    ("vmaf_float_b_v0.6.3", 0, &[0.7460935002032157, 31.958416816740375, 0.549925834066586, 0.22500781496326067, 0.4135843896433971, 0.5789322729269807], &[0x404913f179bacbd5, 0x404e643d3909105d, 0x4048e39587ae6abb, 0x40481dfcd623c70a, 0x404ac5218f7ece6f, 0x404590d35f5226c0, 0x404ada40c16a0881, 0x40510076304f6895, 0x4045253c9e88a543, 0x404a2ad50fc65923, 0x4048e0da455706ac, 0x404a7d569d58790a, 0x404cc90a0fb47b22, 0x4043760410ca5e34, 0x40486a05ead56a75, 0x40516919959895c7, 0x404ac20324723b15, 0x404797bb74378774, 0x4046d2218ea9a43f, 0x404a6d32e19e04ec, 0x40504647878998a5, 0x404a584e46c31492, 0x40200e1ec375c1d4, 0x404442d887518cc2, 0x40513765924906b6]),
    ("vmaf_float_b_v0.6.3", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4058c6d7ddd5b557, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x0000000000000000, 0x4059000000000000, 0x4059000000000000]),
    ("vmaf_float_b_v0.6.3", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x4020e9bf0c7f9367, 0x40497a4cab4dab57, 0x0000000000000000, 0x0000000000000000, 0x403e70352d4ff037, 0x0000000000000000, 0x3fbb062ecf8b9c4e, 0x404019cd0256ed55, 0x0000000000000000, 0x3fd6c67d43de9784, 0x40373be07df6fa1c, 0x0000000000000000, 0x3fd6dc6b9631811d, 0x0000000000000000, 0x0000000000000000, 0x403058297bb415f1, 0x402cc0d6675c199c, 0x0000000000000000, 0x3fed679b889020af, 0x403df5cc82600c9f, 0x4038faa8300f9155, 0x401380451659c810, 0x403592538b17df3b, 0x0000000000000000, 0x4045061007d87779]),
    ("vmaf_float_b_v0.6.3", 2, &[0.47801325012980556, 21.579113855537656, 0.32484265652299843, 0.8198185076626957, 0.8960438573418247, 0.049855178296623365], &[0x0000000000000000, 0x3fee1f3999939d2a, 0x0000000000000000, 0x0000000000000000, 0x40194e13186ca92b, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x402d7af82d2ca09f, 0x0000000000000000, 0x4007aa2dc1f6c77f, 0x0000000000000000, 0x4024c4c2a08c9925, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x40185fe619ed8df0, 0x4040f35d1cb28f92, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x4039138adb0c44a7]),
    ("vmaf_float_b_v0.6.3", 2, &[0.46775351640340224, 24.107392587381593, 0.9411984864932841, 0.139395936310689, 0.7972309170674584, 0.6154350921449689], &[0x403b33c67b52d3dc, 0x4041eb0ee45f359b, 0x403002ec4aef3424, 0x4035244f90ecbfc3, 0x404155daedd4cea0, 0x0000000000000000, 0x40429069dd675b8c, 0x404b0d03f875961a, 0x0000000000000000, 0x40339b5aa4282c2f, 0x4039a8d49150aeb6, 0x403f908a96d1da32, 0x404174cad58a3805, 0x403042a16565e1dd, 0x40375c93b046ae4c, 0x404fc994c201778a, 0x4035cd1299ba13f0, 0x403870094693e02d, 0x403bceec665ca720, 0x4038c10a86300389, 0x404eee02633cff89, 0x403d0a2edfcefa13, 0x4032410444efe994, 0x0000000000000000, 0x404f61cf8348b39f]),
    ("vmaf_float_b_v0.6.3", 2, &[0.7460935002032157, 31.958416816740375, 0.549925834066586, 0.22500781496326067, 0.4135843896433971, 0.5789322729269807], &[0x4051a384aa0b24e9, 0x4054259091894892, 0x40518ad0fc7900c4, 0x4051248b8a0d7e60, 0x40527b0b21f7f9c8, 0x404f865930c439b1, 0x40528549b5fa8024, 0x40559fcb6fb39756, 0x404f0d6c81a9d596, 0x40522f75d652e55c, 0x4051896ad1fd36ea, 0x40525809fea8c799, 0x40536e3c113a84f2, 0x404d1bf345bbcb1c, 0x40514c2765e386af, 0x4055eedbbbd13b73, 0x405279875a83d2f3, 0x4050ddd4859716ce, 0x405073f172a2baad, 0x405250217333c4ae, 0x40550d266ca214fc, 0x405245df2eb39c36, 0x401f920e07e06412, 0x404e0ace2e84f244, 0x4055c99a9fd7c3e3]),
    ("vmaf_float_b_v0.6.3", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x4059000000000000, 0x0000000000000000, 0x4059000000000000, 0x4059000000000000]),
    ("vmaf_float_b_v0.6.3", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x402f9aa65d18a0d7, 0x4051d76074582a04, 0x0000000000000000, 0x0000000000000000, 0x4047dc6b8a230df9, 0x0000000000000000, 0x3ffe3900836e763d, 0x4048fe5bcacd190e, 0x0000000000000000, 0x40028fd6066bb600, 0x404301724fc51f93, 0x0000000000000000, 0x4002948e17d7d0d0, 0x0000000000000000, 0x0000000000000000, 0x403c0a48dc8e5d65, 0x403911c09b0f70c3, 0x0000000000000000, 0x400a4c35734fd5af, 0x40478cd3bb74774c, 0x40443726f2a45e80, 0x4023e9726a6c6f53, 0x4041e11724ff8e54, 0x0000000000000000, 0x404eea25b393f20e]),
    ("vmaf_float_v0.6.1neg", 0, &[0.8748050167425334, 30.500336730262113, 0.1293765745078083, 0.10604115144624392, 0.7309289132188026, 0.20835973565914967], &[0x404e8ef17ea61eb1]),
    ("vmaf_float_v0.6.1neg", 0, &[0.8574347298386438, 29.06601465062564, 0.06195126967293881, 0.501410245039314, 0.4456747016228549, 0.5151642606610887], &[0x404b28417b116174]),
    ("vmaf_float_v0.6.1neg", 0, &[0.6383818213130268, 8.446820319964953, 0.7860335161797384, 0.6884043061141315, 0.000776951375220698, 0.6690795781475134], &[0x4011d43a340e9b98]),
    ("vmaf_float_v0.6.1neg", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_float_v0.6.1neg", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_float_v0.6.1neg", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_float_v0.6.1neg", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_float_v0.6.1neg", 1, &[0.8748050167425334, 30.500336730262113, 0.1293765745078083, 0.10604115144624392, 0.7309289132188026, 0.20835973565914967], &[0x404e8ef17ea61eb1]),
    ("vmaf_float_v0.6.1neg", 1, &[0.8574347298386438, 29.06601465062564, 0.06195126967293881, 0.501410245039314, 0.4456747016228549, 0.5151642606610887], &[0x404b28417b116174]),
    ("vmaf_float_v0.6.1neg", 1, &[0.6383818213130268, 8.446820319964953, 0.7860335161797384, 0.6884043061141315, 0.000776951375220698, 0.6690795781475134], &[0x4011d43a340e9b98]),
    ("vmaf_float_v0.6.1neg", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_float_v0.6.1neg", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401158c02787b502]),
    ("vmaf_float_v0.6.1neg", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x40585b650cf7d380]),
    ("vmaf_float_v0.6.1neg", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x40543e92d8eb7a64]),
    ("vmaf_float_v0.6.1neg", 2, &[0.8748050167425334, 30.500336730262113, 0.1293765745078083, 0.10604115144624392, 0.7309289132188026, 0.20835973565914967], &[0x40543811eb37f2d7]),
    ("vmaf_float_v0.6.1neg", 2, &[0.8574347298386438, 29.06601465062564, 0.06195126967293881, 0.501410245039314, 0.4456747016228549, 0.5151642606610887], &[0x4052aae855e46ab8]),
    ("vmaf_float_v0.6.1neg", 2, &[0.6383818213130268, 8.446820319964953, 0.7860335161797384, 0.6884043061141315, 0.000776951375220698, 0.6690795781475134], &[0x4022860a34d71215]),
    ("vmaf_float_v0.6.1neg", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_float_v0.6.1neg", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_float_v0.6.1neg", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_float_v0.6.1neg", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_float_v0.6.1neg", 3, &[0.8748050167425334, 30.500336730262113, 0.1293765745078083, 0.10604115144624392, 0.7309289132188026, 0.20835973565914967], &[0x40543811eb37f2d7]),
    ("vmaf_float_v0.6.1neg", 3, &[0.8574347298386438, 29.06601465062564, 0.06195126967293881, 0.501410245039314, 0.4456747016228549, 0.5151642606610887], &[0x4052aae855e46ab8]),
    ("vmaf_float_v0.6.1neg", 3, &[0.6383818213130268, 8.446820319964953, 0.7860335161797384, 0.6884043061141315, 0.000776951375220698, 0.6690795781475134], &[0x4022860a34d71215]),
    ("vmaf_float_v0.6.1neg", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x40610f73554484f9]),
    ("vmaf_float_v0.6.1neg", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x40221f48185faa6d]),
    ("vmaf_float_v0.6.1neg", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059bd8348ce366b]),
    ("vmaf_float_v0.6.1neg", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4057d0a6d9df1c98]),
    ("vmaf_float_4k_v0.6.1", 0, &[0.5934555243845816, 17.3887469182692, 0.6674820506176338, 0.2975382021809598, 0.2055531944123589, 0.6783852243198054], &[0x4045e01d4756d793]),
    ("vmaf_float_4k_v0.6.1", 0, &[0.32322205566765727, 38.86151266437085, 0.08767587114655506, 0.6079357593101579, 0.27884404458435014, 0.3617628591711584], &[0x4045c6225f6cf61b]),
    ("vmaf_float_4k_v0.6.1", 0, &[0.9935624849209272, 17.437361120602993, 0.29094937390789594, 0.5624554382130336, 0.8285879769654272, 0.5901780825775335], &[0x4057503c913ba89e]),
    ("vmaf_float_4k_v0.6.1", 0, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_float_4k_v0.6.1", 0, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_float_4k_v0.6.1", 0, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_float_4k_v0.6.1", 0, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4059000000000000]),
    ("vmaf_float_4k_v0.6.1", 1, &[0.5934555243845816, 17.3887469182692, 0.6674820506176338, 0.2975382021809598, 0.2055531944123589, 0.6783852243198054], &[0x4045e01d4756d793]),
    ("vmaf_float_4k_v0.6.1", 1, &[0.32322205566765727, 38.86151266437085, 0.08767587114655506, 0.6079357593101579, 0.27884404458435014, 0.3617628591711584], &[0x4045c6225f6cf61b]),
    ("vmaf_float_4k_v0.6.1", 1, &[0.9935624849209272, 17.437361120602993, 0.29094937390789594, 0.5624554382130336, 0.8285879769654272, 0.5901780825775335], &[0x4057503c913ba89e]),
    ("vmaf_float_4k_v0.6.1", 1, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x406a66886e2a0cc3]),
    ("vmaf_float_4k_v0.6.1", 1, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_float_4k_v0.6.1", 1, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059393396730903]),
    ("vmaf_float_4k_v0.6.1", 1, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4065adbb9c656a7d]),
    ("vmaf_float_4k_v0.6.1", 2, &[0.5934555243845816, 17.3887469182692, 0.6674820506176338, 0.2975382021809598, 0.2055531944123589, 0.6783852243198054], &[0x4045e01d4756d793]),
    ("vmaf_float_4k_v0.6.1", 2, &[0.32322205566765727, 38.86151266437085, 0.08767587114655506, 0.6079357593101579, 0.27884404458435014, 0.3617628591711584], &[0x4045c6225f6cf61b]),
    ("vmaf_float_4k_v0.6.1", 2, &[0.9935624849209272, 17.437361120602993, 0.29094937390789594, 0.5624554382130336, 0.8285879769654272, 0.5901780825775335], &[0x4057503c913ba89e]),
    ("vmaf_float_4k_v0.6.1", 2, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x4059000000000000]),
    ("vmaf_float_4k_v0.6.1", 2, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_float_4k_v0.6.1", 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059000000000000]),
    ("vmaf_float_4k_v0.6.1", 2, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4059000000000000]),
    ("vmaf_float_4k_v0.6.1", 3, &[0.5934555243845816, 17.3887469182692, 0.6674820506176338, 0.2975382021809598, 0.2055531944123589, 0.6783852243198054], &[0x4045e01d4756d793]),
    ("vmaf_float_4k_v0.6.1", 3, &[0.32322205566765727, 38.86151266437085, 0.08767587114655506, 0.6079357593101579, 0.27884404458435014, 0.3617628591711584], &[0x4045c6225f6cf61b]),
    ("vmaf_float_4k_v0.6.1", 3, &[0.9935624849209272, 17.437361120602993, 0.29094937390789594, 0.5624554382130336, 0.8285879769654272, 0.5901780825775335], &[0x4057503c913ba89e]),
    ("vmaf_float_4k_v0.6.1", 3, &[60.0, 60.0, 60.0, 60.0, 60.0, 60.0], &[0x406a66886e2a0cc3]),
    ("vmaf_float_4k_v0.6.1", 3, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &[0x401ab404dd209901]),
    ("vmaf_float_4k_v0.6.1", 3, &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0], &[0x4059393396730903]),
    ("vmaf_float_4k_v0.6.1", 3, &[0.5, 100.0, 0.1, 0.2, 0.3, 0.4], &[0x4065adbb9c656a7d]),
];

#[test]
fn libvmaf_scores_of_synthetic_features_bit_exact() {
    let mut bs = BootstrapScores::default();
    let (mut values, mut models) = (0, std::collections::BTreeSet::new());
    for &(version, flags, x, want) in SYNTHETIC_ORACLE {
        let flags = ModelFlags {
            disable_clip: flags & 1 != 0,
            enable_transform: flags & 2 != 0,
        };
        let m = Model::builtin(version).unwrap().with_flags(flags);
        let got: Vec<f64> = if m.is_bootstrap() {
            m.predict_bootstrap(x, &mut bs).unwrap();
            bs.values().collect()
        } else {
            vec![m.predict(x).unwrap()]
        };
        assert_eq!(got.len(), want.len(), "{version}: number of outputs");
        let names = m.output_names();
        for ((g, &w), name) in got.iter().zip(want).zip(&names) {
            assert_eq!(
                g.to_bits(),
                w,
                "{version} {flags:?} x {x:?}: {name}: ours {g:e}, libvmaf {:e}",
                f64::from_bits(w)
            );
            values += 1;
        }
        models.insert(version);
    }
    assert_eq!(
        models.len(),
        builtin_versions().len(),
        "every built-in model is covered"
    );
    eprintln!(
        "synthetic features: {} predictions, {values} outputs of {} models identical to libvmaf bit for bit",
        SYNTHETIC_ORACLE.len(),
        models.len()
    );
}
