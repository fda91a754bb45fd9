//! Which extractor provides a model feature.
//!
//! Mirrors libvmaf's `feature_extractor.c::vmaf_get_feature_extractor_by_feature_name`: the
//! registry is searched in order and the first extractor whose `provided_features` contains the
//! canonical name wins. foveal's own extractors are listed in
//! [`crate::features::registry::EXTRACTORS`]; the table below adds libvmaf's float extractors
//! (compiled upstream only with `enable_float`), which foveal does not implement, so that a model
//! needing them is named precisely. Their feature names overlap no integer extractor's, so the
//! order of the two lists does not matter. CUDA-only extractors are left out.

/// libvmaf's float extractors, `(name, canonical features)`, in libvmaf's registry order.
const FLOAT_EXTRACTORS: &[(&str, &[&str])] = &[
    ("float_psnr", &["float_psnr"]),
    ("float_ansnr", &["float_ansnr"]),
    (
        "float_adm",
        &[
            "VMAF_feature_adm2_score",
            "VMAF_feature_aim_score",
            "VMAF_feature_adm3_score",
            "VMAF_feature_adm_scale0_score",
            "VMAF_feature_adm_scale1_score",
            "VMAF_feature_adm_scale2_score",
            "VMAF_feature_adm_scale3_score",
            "adm_num",
            "adm_den",
            "adm_scale0",
            "adm_num_scale0",
            "adm_den_scale0",
            "adm_num_scale1",
            "adm_den_scale1",
            "adm_num_scale2",
            "adm_den_scale2",
            "adm_num_scale3",
            "adm_den_scale3",
        ],
    ),
    (
        "float_vif",
        &[
            "VMAF_feature_vif_scale0_score",
            "VMAF_feature_vif_scale1_score",
            "VMAF_feature_vif_scale2_score",
            "VMAF_feature_vif_scale3_score",
            "vif",
            "vif_num",
            "vif_den",
            "vif_num_scale0",
            "vif_den_scale0",
            "vif_num_scale1",
            "vif_den_scale1",
            "vif_num_scale2",
            "vif_den_scale2",
            "vif_num_scale3",
            "vif_den_scale3",
        ],
    ),
    (
        "float_motion",
        &[
            "VMAF_feature_motion_score",
            "VMAF_feature_motion2_score",
            "VMAF_feature_motion3_score",
        ],
    ),
    ("float_moment", &["float_moment"]),
];

/// The name of the extractor that provides canonical feature `feature`, as libvmaf resolves it.
pub fn extractor_for_feature(feature: &str) -> Option<&'static str> {
    let ours = crate::features::registry::EXTRACTORS
        .iter()
        .map(|e| (e.name, e.provides));
    FLOAT_EXTRACTORS
        .iter()
        .copied()
        .chain(ours)
        .find(|(_, provided)| provided.contains(&feature))
        .map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_model_features() {
        assert_eq!(
            extractor_for_feature("VMAF_integer_feature_vif_scale0_score"),
            Some("vif")
        );
        assert_eq!(
            extractor_for_feature("VMAF_integer_feature_adm2_score"),
            Some("adm")
        );
        assert_eq!(
            extractor_for_feature("VMAF_integer_feature_motion2_score"),
            Some("motion")
        );
        assert_eq!(
            extractor_for_feature("Cambi_feature_cambi_score"),
            Some("cambi")
        );
        assert_eq!(
            extractor_for_feature("Speed_chroma_feature_speed_chroma_uv_score"),
            Some("speed_chroma")
        );
        assert_eq!(
            extractor_for_feature("VMAF_feature_adm2_score"),
            Some("float_adm")
        );
        assert_eq!(extractor_for_feature("integer_vif_scale0"), None); // an alias, not canonical
    }
}
