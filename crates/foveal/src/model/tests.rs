//! Unit tests of the model layer: libvmaf's own `test_predict.c` expectations, hand-derived
//! bootstrap statistics, chroma correction, flags and error messages.

use super::*;

/// A one-feature model whose SVM output is exactly `-rho` (its only support vector has
/// coefficient 0), so every score below can be worked out by hand.
fn constant_dict(model_type: &str, rho: f64, extra: &str) -> String {
    format!(
        r#"{{"model_dict": {{
            "model_type": "{model_type}",
            "feature_names": ["VMAF_integer_feature_adm2_score"],
            "norm_type": "none",
            "model": "svm_type nu_svr\nkernel_type rbf\ngamma 0.5\nnr_class 2\ntotal_sv 1\nrho {rho}\nSV\n0 1:0.5 \n"
            {extra}
        }}}}"#
    )
}

fn collection(members: &[f64], member_extra: &str) -> String {
    let mut s = format!(
        "{{\"0\": {}",
        constant_dict("BOOTSTRAP_LIBSVMNUSVR", -25.0, "")
    );
    for (i, &score) in members.iter().enumerate() {
        s += &format!(
            ", \"{}\": {}",
            i + 1,
            constant_dict("BOOTSTRAP_LIBSVMNUSVR", -score, member_extra)
        );
    }
    s + "}"
}

/// libvmaf `test_predict.c::test_predict_score_at_index` / `test_propagate_metadata`: all six
/// vmaf_v0.6.1 features at 60 give exactly 100 (the clip's upper bound).
#[test]
fn v061_all_features_60_is_100() {
    let m = Model::builtin("vmaf_v0.6.1").unwrap();
    assert_eq!(m.features().len(), 6);
    assert_eq!(m.predict(&[60.0; 6]).unwrap(), 100.0);
    assert_eq!(
        format!("{:.6}", m.predict(&[60.0; 6]).unwrap()),
        "100.000000"
    );
    // Without the clip the SVM's raw value is far above 100.
    let unclipped = m.clone().with_flags(ModelFlags {
        disable_clip: true,
        ..Default::default()
    });
    assert!(unclipped.predict(&[60.0; 6]).unwrap() > 100.0);
}

/// libvmaf `test_predict.c::test_post_process_feature_from_another`, on vmaf_v0.6.1 with "adm2"
/// guiding "motion2".
#[test]
fn post_process_feature_from_another_as_libvmaf_test() {
    let m = Model::builtin("vmaf_v0.6.1").unwrap();
    let d = m.dict();
    let n = d.feature_names.len();
    let mut node: Vec<f64> = (0..n)
        .map(|i| {
            if i == 1 {
                d.intercepts[i + 1]
            } else {
                0.5 * d.slopes[i + 1] + d.intercepts[i + 1]
            }
        })
        .collect();
    // Value to correct 0.1: the (de-normalised) 0 of motion2 must stay as it is.
    post_process_feature_from_another(d, &mut node, 120.0, 0.1, 0, 1);
    assert_eq!(node[1], d.intercepts[2]);
    // Value to correct 0.0: motion2 becomes 120·(1 − 0.5) = 60, normalised.
    post_process_feature_from_another(d, &mut node, 120.0, 0.0, 0, 1);
    assert_eq!(node[1], 60.0 * d.slopes[2] + d.intercepts[2]);
}

/// v1.0.16 chroma correction: a speed_chroma of exactly 0 is replaced by 120·(1 − adm3); so is a
/// value so small that normalising and de-normalising it gives 0 (libvmaf compares the
/// de-normalised node value).
#[test]
fn v1016_chroma_correction() {
    let m = Model::builtin("vmaf_v1.0.16_3d0h").unwrap();
    let names: Vec<&str> = m.features().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cambi_feature_cambi_score",
            "Speed_chroma_feature_speed_chroma_uv_score",
            "VMAF_integer_feature_adm3_score",
            "VMAF_integer_feature_motion3_score"
        ]
    );
    let d = m.dict();
    let adm3 = 0.95;
    let g = ((d.slopes[3] * adm3 + d.intercepts[3]) - d.intercepts[3]) / d.slopes[3];
    let imputed = (-120.0 * g) + 120.0;
    let with_zero = m.predict(&[0.2, 0.0, adm3, 3.0]).unwrap();
    let with_imputed = m.predict(&[0.2, imputed, adm3, 3.0]).unwrap();
    assert_eq!(with_zero.to_bits(), with_imputed.to_bits());
    assert_eq!(
        m.predict(&[0.2, 1e-300, adm3, 3.0]).unwrap().to_bits(),
        with_zero.to_bits()
    );
    // A real chroma value is left alone.
    assert_ne!(m.predict(&[0.2, 1.0, adm3, 3.0]).unwrap(), with_zero);
}

/// Bootstrap statistics on a hand-made collection. Members predict raw scores 40, 10, 30, 20
/// (unsorted on purpose); their transform is 1 + 2·s and their clip [0, 70]:
/// - members: 81 → clipped 70, 21, 61, 41;
/// - mean 25 → bagging 1 + 50 = 51;
/// - population σ = √((15² + 15² + 5² + 5²)/4) = √125, times the transform's slope 2 ≈ 22.36;
/// - sorted 10, 20, 30, 40: p = 2.5·3/100 = 0.075 → lo = 10·0.925 + 20·0.075 = 10.75 → 22.5;
///   p = 97.5·3/100 = 2.925 → hi = 30·0.075 + 40·0.925 = 39.25 → 79.5 → clipped 70.
#[test]
fn bootstrap_statistics_by_hand() {
    let extra = r#", "score_transform": {"enabled": true, "p0": 1.0, "p1": 2.0, "p2": null},
                    "score_clip": [0.0, 70.0]"#;
    let m =
        Model::from_json_str(&collection(&[40.0, 10.0, 30.0, 20.0], extra), "hand.json").unwrap();
    assert!(m.is_bootstrap());
    assert_eq!(
        m.output_names(),
        [
            "vmaf",
            "vmaf_0001",
            "vmaf_0002",
            "vmaf_0003",
            "vmaf_0004",
            "vmaf_bagging",
            "vmaf_stddev",
            "vmaf_ci_p95_lo",
            "vmaf_ci_p95_hi"
        ]
    );
    let mut s = BootstrapScores::default();
    m.predict_bootstrap(&[0.3], &mut s).unwrap();
    assert_eq!(s.score, 25.0);
    assert_eq!(s.members, [70.0, 21.0, 61.0, 41.0]);
    assert_eq!(s.bagging, 51.0);
    assert!(
        (s.stddev - 2.0 * 125f64.sqrt()).abs() < 1e-9,
        "{}",
        s.stddev
    );
    assert!((s.ci_p95_lo - 22.5).abs() < 1e-12, "{}", s.ci_p95_lo);
    assert_eq!(s.ci_p95_hi, 70.0);
    let values: Vec<f64> = s.values().collect();
    assert_eq!(values.len(), m.output_names().len());

    // Without the clip: the largest member and the upper bound are no longer capped.
    let m = m.with_flags(ModelFlags {
        disable_clip: true,
        ..Default::default()
    });
    m.predict_bootstrap(&[0.3], &mut s).unwrap();
    assert_eq!(s.members, [81.0, 21.0, 61.0, 41.0]);
    assert!((s.ci_p95_hi - 79.5).abs() < 1e-12, "{}", s.ci_p95_hi);
    assert!(m.predict(&[0.3]).is_ok());
}

/// With an identity transform the stddev slope is the finite difference
/// ((m + 0.01) − (m − 0.01)) / 0.02, which is not exactly 1 in floating point; libvmaf applies it
/// anyway. And a transform with `enabled` absent only runs with `enable_transform`.
#[test]
fn bootstrap_slope_and_enable_transform_flag() {
    let m = Model::from_json_str(&collection(&[10.0, 20.0, 30.0, 40.0], ""), "plain.json").unwrap();
    let mut s = BootstrapScores::default();
    m.predict_bootstrap(&[0.0], &mut s).unwrap();
    let slope = ((25.0 + 0.01) - (25.0 - 0.01)) / (2.0 * 0.01);
    assert_ne!(slope, 1.0);
    assert_eq!(s.stddev, 125f64.sqrt() * slope);
    assert_eq!(s.bagging, 25.0);
    assert_eq!(s.members, [10.0, 20.0, 30.0, 40.0]);

    let extra = r#", "score_transform": {"p1": 2.0}"#;
    let text = collection(&[10.0, 20.0, 30.0, 40.0], extra);
    let m = Model::from_json_str(&text, "t.json").unwrap();
    m.predict_bootstrap(&[0.0], &mut s).unwrap();
    assert_eq!((s.bagging, s.members[0]), (25.0, 10.0));
    let m = m.with_flags(ModelFlags {
        enable_transform: true,
        ..Default::default()
    });
    m.predict_bootstrap(&[0.0], &mut s).unwrap();
    assert_eq!((s.bagging, s.members[0]), (50.0, 20.0));
    // Model "0" has no score_transform, so the flag leaves the main score alone.
    assert_eq!(s.score, 25.0);
}

#[test]
fn residue_bootstrap_and_collection_rules() {
    let text = collection(&[1.0, 2.0], "").replace("\"BOOTSTRAP_", "\"RESIDUEBOOTSTRAP_");
    let m = Model::from_json_str(&text, "rb.json").unwrap();
    assert_eq!(m.members().len(), 2);
    assert_eq!(
        m.members().next().unwrap().model_type,
        ModelType::ResidueBootstrapLibsvmNuSvr
    );

    // Keys are matched in order "0", "1", …; a gap ends the collection (later keys skipped).
    let text = collection(&[1.0, 2.0, 3.0], "").replace("\"2\":", "\"7\":");
    assert_eq!(
        Model::from_json_str(&text, "gap.json")
            .unwrap()
            .members()
            .len(),
        1
    );

    // Members must be bootstrap models of one type.
    let text = format!(
        "{{\"0\": {}, \"1\": {}}}",
        constant_dict("BOOTSTRAP_LIBSVMNUSVR", 1.0, ""),
        constant_dict("LIBSVMNUSVR", 1.0, "")
    );
    let e = Model::from_json_str(&text, "mixed.json")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("mixed.json") && e.contains("\"1\".model_dict.model_type"),
        "{e}"
    );

    // Only model "0": not a collection.
    let text = format!(
        "{{\"0\": {}}}",
        constant_dict("BOOTSTRAP_LIBSVMNUSVR", 1.0, "")
    );
    assert!(Model::from_json_str(&text, "one.json").is_err());

    // A single model cannot give bootstrap outputs.
    let single = Model::from_json_str(&constant_dict("LIBSVMNUSVR", -5.0, ""), "s.json").unwrap();
    assert_eq!(single.predict(&[0.0]).unwrap(), 5.0);
    assert!(
        single
            .predict_bootstrap(&[0.0], &mut BootstrapScores::default())
            .is_err()
    );
    assert_eq!(single.output_names(), ["vmaf"]);
    assert_eq!(single.with_name("vmaf_neg").output_names(), ["vmaf_neg"]);
}

#[test]
fn feature_options_normalised_like_libvmaf() {
    let m = Model::builtin("vmaf_v1.0.16_hfr_3d0h").unwrap();
    let f = m.features();
    assert_eq!(f[0].extractor, "cambi");
    assert_eq!(
        f[0].options,
        [
            ("cambi_high_res_speedup".to_string(), "1080".to_string()),
            ("cambi_vis_lum_threshold".to_string(), "0.06".to_string()),
            ("cambi_max_val".to_string(), "17".to_string())
        ]
    );
    assert_eq!(f[1].extractor, "speed_chroma");
    assert!(
        f[1].options
            .contains(&("speed_kernelscale".to_string(), "1".to_string()))
    );
    assert_eq!(f[2].extractor, "adm");
    assert!(
        f[2].options
            .contains(&("adm_enhn_gain_limit".to_string(), "1".to_string()))
    );
    assert!(
        f[2].options
            .contains(&("adm_norm_view_dist".to_string(), "3".to_string()))
    );
    assert_eq!(f[3].extractor, "motion");
    assert_eq!(
        f[3].options,
        [
            ("motion_max_val".to_string(), "18".to_string()),
            ("motion_five_frame_window".to_string(), "true".to_string()),
            ("motion_moving_average".to_string(), "true".to_string())
        ]
    );
    let neg = Model::builtin("vmaf_v0.6.1neg").unwrap();
    assert_eq!(
        neg.features()[0].options,
        [("adm_enhn_gain_limit".to_string(), "1".to_string())]
    );
    assert!(neg.features()[1].options.is_empty());
    let p = Model::builtin("vmaf_v1.0.16_5d0h").unwrap();
    assert!(
        p.features()[1]
            .options
            .contains(&("speed_prescale".to_string(), "0.6".to_string()))
    );
    assert!(
        p.features()[1]
            .options
            .contains(&("speed_prescale_method".to_string(), "bilinear".to_string()))
    );
}

#[test]
fn builtin_versions_and_lookup() {
    let v = builtin_versions();
    assert_eq!(v.len(), 17);
    for version in v {
        let m = Model::builtin(version).unwrap();
        assert_eq!(m.is_bootstrap(), version.contains("_b_v"), "{version}");
        assert!(m.source().contains(version));
    }
    assert_eq!(
        Model::builtin("vmaf_b_v0.6.3")
            .unwrap()
            .output_names()
            .len(),
        1 + 20 + 4
    );
    let e = Model::builtin("vmaf_v9").unwrap_err().to_string();
    assert!(e.contains("vmaf_v9") && e.contains("vmaf_v0.6.1"), "{e}");
}

#[test]
fn phone_transform_needs_enable_transform() {
    let m = Model::builtin("vmaf_v0.6.1").unwrap();
    let x = [0.9, 3.0, 0.4, 0.7, 0.8, 0.85];
    let plain = m.predict(&x).unwrap();
    let phone = m.with_flags(ModelFlags {
        enable_transform: true,
        ..Default::default()
    });
    let t = 1.70674692 + 1.72643844 * plain + -0.00705305 * plain * plain;
    let want = if t < plain { plain } else { t }.clamp(0.0, 100.0);
    assert!(plain > 0.0 && plain < 100.0, "{plain}");
    assert_eq!(phone.predict(&x).unwrap(), want);
}

#[test]
fn errors_name_the_file_and_key() {
    let good = constant_dict("LIBSVMNUSVR", 1.0, "");
    let cases: Vec<(String, &str)> = vec![
        ("{".to_string(), "JSON"),
        ("[1]".to_string(), "top level"),
        (r#"{"x": 1}"#.to_string(), "neither a model_dict"),
        (
            good.replace("\"norm_type\": \"none\",", ""),
            "model_dict.norm_type: is missing",
        ),
        (
            good.replace("\"none\"", "\"log\""),
            "model_dict.norm_type: is \"log\"",
        ),
        (
            good.replace("kernel_type rbf", "kernel_type poly"),
            "unsupported kernel_type \"poly\"",
        ),
        (
            good.replace("LIBSVMNUSVR", "RANDOMFOREST"),
            "model_dict.model_type",
        ),
        (
            good.replace("VMAF_integer_feature_adm2_score", "nope"),
            "\"nope\" is not provided",
        ),
        (
            good.replace(
                "\"norm_type\": \"none\"",
                "\"norm_type\": \"linear_rescale\"",
            ),
            "model_dict.slopes: is missing",
        ),
        (
            good.replace(
                "\"norm_type\": \"none\",",
                "\"norm_type\": \"none\", \"score_clip\": [0],",
            ),
            "model_dict.score_clip",
        ),
        (
            good.replace(
                "\"norm_type\": \"none\",",
                "\"norm_type\": \"none\", \"feature_opts_dicts\": [{\"a\": null}],",
            ),
            "feature_opts_dicts[0].a",
        ),
        (
            good.replace(
                "\"norm_type\": \"none\",",
                "\"norm_type\": \"none\", \"score_transform\": {\"knots\": [[0, 2], [1, 1]]},",
            ),
            "model_dict.score_transform.knots",
        ),
        (
            good.replace(
                "\"norm_type\": \"none\",",
                "\"norm_type\": \"none\", \"chroma_correction_parameter\": 120,",
            ),
            "contains \"adm3\"",
        ),
    ];
    for (text, want) in cases {
        let e = Model::from_json_str(&text, "my_model.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("my_model.json") && e.contains(want),
            "{e:?} should name {want:?}"
        );
    }
    // Wrong number of feature values at prediction time.
    let m = Model::from_json_str(&good, "g.json").unwrap();
    let e = m.predict(&[1.0, 2.0]).unwrap_err().to_string();
    assert!(
        e.contains("number of feature values") && e.contains('2'),
        "{e}"
    );
    // Missing file.
    let e = Model::from_path("/nonexistent/model.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("/nonexistent/model.json"), "{e}");
}

#[test]
fn repeated_option_must_agree() {
    let good = constant_dict("LIBSVMNUSVR", 1.0, "");
    let same = good.replace(
        "\"norm_type\": \"none\",",
        "\"norm_type\": \"none\", \"feature_opts_dicts\": [{\"adm_enhn_gain_limit\": 1.0, \"adm_enhn_gain_limit\": 1}],",
    );
    let m = Model::from_json_str(&same, "s.json").unwrap();
    assert_eq!(
        m.features()[0].options,
        [("adm_enhn_gain_limit".to_string(), "1".to_string())]
    );
    let differ = same.replace("\"adm_enhn_gain_limit\": 1}", "\"adm_enhn_gain_limit\": 2}");
    assert!(Model::from_json_str(&differ, "d.json").is_err());
}

/// Dicts built by hand go through the same checks, so prediction can never index out of range.
#[test]
fn from_dicts_validates_hand_made_dicts() {
    let good = Model::builtin("vmaf_v0.6.1").unwrap().dict().clone();
    assert!(Model::from_dicts(vec![good.clone()], "hand").is_ok());
    type Breakage = Box<dyn Fn(&mut ModelDict)>;
    let breakages: Vec<(Breakage, &str)> = vec![
        (Box::new(|d| d.slopes.truncate(3)), "model_dict.slopes"),
        (
            Box::new(|d| d.feature_opts.clear()),
            "model_dict.feature_opts_dicts",
        ),
        (
            Box::new(|d| d.feature_names.clear()),
            "model_dict.feature_names",
        ),
        (Box::new(|d| d.slopes[0] = 0.0), "model_dict.slopes[0]"),
        (
            Box::new(|d| d.svm.support_vectors[0].nodes[0].0 = 0),
            "model_dict.model",
        ),
        (
            Box::new(|d| {
                d.score_transform.as_mut().unwrap().knots = Some(vec![(1.0, 1.0), (0.0, 2.0)])
            }),
            "model_dict.score_transform.knots",
        ),
        (
            Box::new(|d| d.chroma_correction_parameter = Some(120.0)),
            "contains \"adm3\"",
        ),
    ];
    for (breakage, want) in breakages {
        let mut d = good.clone();
        breakage(&mut d);
        let e = Model::from_dicts(vec![d], "hand").unwrap_err().to_string();
        assert!(e.contains(want), "{e:?} should name {want:?}");
    }
    assert!(Model::from_dicts(Vec::new(), "hand").is_err());
}
