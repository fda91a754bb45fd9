//! Which extractor provides a model feature.
//!
//! Mirrors libvmaf's `feature_extractor.c::vmaf_get_feature_extractor_by_feature_name`: the
//! registry (`feature_extractor_list[]`) is searched in order and the first extractor whose
//! `provided_features` list contains the canonical name wins. The table below is that list with
//! each extractor's `provided_features`, in registry order (the float extractors, compiled only
//! with `enable_float`, come first upstream). CUDA-only extractors are left out.

/// `(extractor name, canonical feature names it provides)`, in libvmaf's registry order.
const REGISTRY: &[(&str, &[&str])] = &[
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
    (
        "speed_chroma",
        &[
            "Speed_chroma_feature_speed_chroma_u_score",
            "Speed_chroma_feature_speed_chroma_v_score",
            "Speed_chroma_feature_speed_chroma_uv_score",
        ],
    ),
    (
        "speed_temporal",
        &["Speed_temporal_feature_speed_temporal_score"],
    ),
    ("float_ms_ssim", &["float_ms_ssim"]),
    ("float_ssim", &["float_ssim"]),
    ("ciede", &["ciede2000"]),
    ("psnr", &["psnr_y", "psnr_cb", "psnr_cr"]),
    (
        "psnr_hvs",
        &["psnr_hvs_y", "psnr_hvs_cb", "psnr_hvs_cr", "psnr_hvs"],
    ),
    (
        "adm",
        &[
            "VMAF_integer_feature_adm2_score",
            "VMAF_integer_feature_aim_score",
            "VMAF_integer_feature_adm3_score",
            "integer_adm_scale0",
            "integer_adm_scale1",
            "integer_adm_scale2",
            "integer_adm_scale3",
            "integer_adm",
            "integer_adm_num",
            "integer_adm_den",
            "integer_adm_num_scale0",
            "integer_adm_den_scale0",
            "integer_adm_num_scale1",
            "integer_adm_den_scale1",
            "integer_adm_num_scale2",
            "integer_adm_den_scale2",
            "integer_adm_num_scale3",
            "integer_adm_den_scale3",
        ],
    ),
    (
        "motion",
        &[
            "VMAF_integer_feature_motion_sad_score",
            "VMAF_integer_feature_motion_score",
            "VMAF_integer_feature_motion2_score",
            "VMAF_integer_feature_motion3_score",
        ],
    ),
    (
        "vif",
        &[
            "VMAF_integer_feature_vif_scale0_score",
            "VMAF_integer_feature_vif_scale1_score",
            "VMAF_integer_feature_vif_scale2_score",
            "VMAF_integer_feature_vif_scale3_score",
            "integer_vif",
            "integer_vif_num",
            "integer_vif_den",
            "integer_vif_num_scale0",
            "integer_vif_den_scale0",
            "integer_vif_num_scale1",
            "integer_vif_den_scale1",
            "integer_vif_num_scale2",
            "integer_vif_den_scale2",
            "integer_vif_num_scale3",
            "integer_vif_den_scale3",
        ],
    ),
    ("cambi", &["Cambi_feature_cambi_score"]),
];

/// The name of the extractor that provides canonical feature `feature`, as libvmaf resolves it.
pub fn extractor_for_feature(feature: &str) -> Option<&'static str> {
    REGISTRY
        .iter()
        .find(|(_, provided)| provided.contains(&feature))
        .map(|(name, _)| *name)
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
