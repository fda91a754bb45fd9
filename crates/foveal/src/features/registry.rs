//! The extractor registry (libvmaf's `feature_extractor.c`): which extractor provides which
//! feature, each extractor's option table, and construction of configured instances.
//!
//! Each extractor is adapted to the [`Extractor`] contract here, so the per-feature modules stay
//! plain computations (`Motion::sad`, `Vif::compute`, ...) with typed options.

use super::adm::{Adm, AdmOptions};
use super::cambi::{Cambi, CambiOptions, Eotf};
use super::ciede::{Ciede, CiedeOptions};
use super::extractor::{ExtractInput, Extractor, FeatureStore};
use super::motion::{self, Motion, MotionFlush, MotionOptions};
use super::ms_ssim::{MsSsim, MsSsimOptions};
use super::options::{OptKind, OptSpec, Options};
use super::psnr::{Psnr, PsnrOptions};
use super::psnr_hvs::{PsnrHvs, PsnrHvsOptions};
use super::speed::{
    PrescaleMethod, SpeedChroma, SpeedChromaOptions, SpeedTemporal, SpeedTemporalOptions,
};
use super::ssim::{Ssim, SsimOptions};
use super::vif::{Vif, VifOptions};
use crate::error::{Error, Result};
use crate::frame::{FrameFormat, FrameView};

/// Everything the registry knows about one extractor.
#[derive(Debug, Clone, Copy)]
pub struct ExtractorInfo {
    /// Registered name (`motion`).
    pub name: &'static str,
    /// Option table.
    pub options: &'static [OptSpec],
    /// Canonical names of the features it can provide (libvmaf's `provided_features`).
    pub provides: &'static [&'static str],
}

const fn dbl(
    name: &'static str,
    alias: &'static str,
    default: f64,
    min: f64,
    max: f64,
    help: &'static str,
) -> OptSpec {
    OptSpec {
        name,
        alias: Some(alias),
        kind: OptKind::Double { default, min, max },
        feature_param: true,
        help,
    }
}

const fn flag(name: &'static str, alias: &'static str, help: &'static str) -> OptSpec {
    OptSpec {
        name,
        alias: Some(alias),
        kind: OptKind::Bool { default: false },
        feature_param: true,
        help,
    }
}

const DEBUG: OptSpec = OptSpec {
    name: "debug",
    alias: None,
    kind: OptKind::Bool { default: false },
    feature_param: false,
    help: "also write debug features",
};

static MOTION_OPTIONS: &[OptSpec] = &[
    flag(
        "motion_force_zero",
        "force_0",
        "force the motion score to zero",
    ),
    dbl(
        "motion_blend_factor",
        "mbf",
        1.0,
        0.0,
        1.0,
        "blend factor of motion2 above the offset",
    ),
    dbl(
        "motion_blend_offset",
        "mbo",
        40.0,
        0.0,
        1000.0,
        "offset above which motion is blended",
    ),
    dbl(
        "motion_fps_weight",
        "mfw",
        1.0,
        0.0,
        5.0,
        "weight for frame rates other than the training one",
    ),
    dbl(
        "motion_max_val",
        "mmxv",
        10000.0,
        0.0,
        10000.0,
        "maximum motion value",
    ),
    flag(
        "motion_five_frame_window",
        "mffw",
        "compare frames two apart (high frame rates)",
    ),
    flag(
        "motion_moving_average",
        "mma",
        "average motion3 with the previous frame's",
    ),
    DEBUG,
];

static VIF_OPTIONS: &[OptSpec] = &[
    DEBUG,
    dbl(
        "vif_enhn_gain_limit",
        "egl",
        100.0,
        1.0,
        100.0,
        "enhancement gain limit (1 = no enhancement credit)",
    ),
    flag("vif_skip_scale0", "ssclz", "skip scale 0 (reported as 0)"),
];

const VIF_FEATURES: &[&str] = &[
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
];

const fn int(
    name: &'static str,
    alias: Option<&'static str>,
    default: i64,
    min: i64,
    max: i64,
    help: &'static str,
) -> OptSpec {
    OptSpec {
        name,
        alias,
        kind: OptKind::Int { default, min, max },
        feature_param: true,
        help,
    }
}

static ADM_OPTIONS: &[OptSpec] = &[
    DEBUG,
    dbl(
        "adm_csf_scale",
        "scf",
        1.0,
        0.0,
        50.0,
        "scale of the CSF (Barten modes)",
    ),
    dbl(
        "adm_csf_diag_scale",
        "scfd",
        1.0,
        0.0,
        50.0,
        "scale of the diagonal CSF (Barten modes)",
    ),
    dbl(
        "adm_dlm_weight",
        "dlmw",
        0.5,
        0.0,
        1.0,
        "weight of DLM against AIM in adm3",
    ),
    dbl(
        "adm_enhn_gain_limit",
        "egl",
        100.0,
        1.0,
        100.0,
        "enhancement gain limit (1 = no enhancement credit)",
    ),
    dbl(
        "adm_norm_view_dist",
        "nvd",
        3.0,
        0.75,
        24.0,
        "viewing distance in display heights",
    ),
    int(
        "adm_ref_display_height",
        Some("rdh"),
        1080,
        1,
        4320,
        "reference display height in pixels",
    ),
    int(
        "adm_csf_mode",
        Some("csf"),
        0,
        0,
        3,
        "CSF: 0 Watson, 1 Barten, 2 blend, 3 blend (MAE tables)",
    ),
    dbl(
        "adm_noise_weight",
        "nw",
        0.03125,
        0.0,
        1500.0,
        "noise floor weight",
    ),
    OptSpec {
        name: "adm_skip_aim",
        alias: None,
        kind: OptKind::Bool { default: false },
        feature_param: false,
        help: "skip the AIM computation",
    },
    flag("adm_skip_scale0", "ssz", "skip scale 0"),
    dbl("adm_min_val", "min", 0.0, 0.0, 1.0, "floor of adm3"),
];

const ADM_FEATURES: &[&str] = &[
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
];

/// A boolean option that does not change feature names.
const fn plain_flag(name: &'static str, default: bool, help: &'static str) -> OptSpec {
    OptSpec {
        name,
        alias: None,
        kind: OptKind::Bool { default },
        feature_param: false,
        help,
    }
}

static PSNR_OPTIONS: &[OptSpec] = &[
    plain_flag("enable_chroma", true, "also measure Cb and Cr"),
    plain_flag("enable_mse", false, "also report mse_y/cb/cr"),
    plain_flag("enable_apsnr", false, "report run-level apsnr_y/cb/cr"),
    plain_flag("reduced_hbd_peak", false, "peak 255*2^(bpc-8) above 8 bit"),
    OptSpec {
        name: "min_sse",
        alias: None,
        kind: OptKind::Double {
            default: 0.0,
            min: 0.0,
            max: f64::MAX,
        },
        feature_param: false,
        help: "smallest SSE assumed when capping PSNR (0 = cap at 6*bpc+12 dB)",
    },
];

static SSIM_OPTIONS: &[OptSpec] = &[
    plain_flag(
        "enable_lcs",
        false,
        "also report luminance, contrast and structure terms",
    ),
    plain_flag("enable_db", false, "report in dB"),
    plain_flag("clip_db", false, "cap the dB value"),
    OptSpec {
        name: "scale",
        alias: None,
        kind: OptKind::Int {
            default: 0,
            min: 0,
            max: 10,
        },
        feature_param: false,
        help: "downscaling factor (0 = automatic)",
    },
];

static MS_SSIM_OPTIONS: &[OptSpec] = &[
    plain_flag(
        "enable_lcs",
        false,
        "also report per-scale luminance, contrast and structure",
    ),
    plain_flag("enable_db", false, "report in dB"),
    plain_flag("clip_db", false, "cap the dB value"),
];

const SPEED_PRESCALE_METHOD: OptSpec = OptSpec {
    name: "speed_prescale_method",
    alias: Some("psm"),
    kind: OptKind::Str {
        default: "nearest",
        allowed: &["nearest", "bilinear", "bicubic", "lanczos4"],
    },
    feature_param: true,
    help: "resampling method of the prescale",
};

static SPEED_CHROMA_OPTIONS: &[OptSpec] = &[
    dbl(
        "speed_kernelscale",
        "ks",
        1.0,
        0.1,
        4.0,
        "scale of the anti-alias kernel (whitelisted values)",
    ),
    dbl(
        "speed_prescale",
        "ps",
        1.0,
        0.1,
        4.0,
        "resize factor before SpEED",
    ),
    SPEED_PRESCALE_METHOD,
    dbl(
        "speed_sigma_nn",
        "snn",
        0.29,
        0.1,
        2.0,
        "neural noise sigma",
    ),
    dbl(
        "speed_nn_floor",
        "nnf",
        0.0,
        0.0,
        1.0,
        "entropy floor (multiple of the noise)",
    ),
    dbl("speed_max_val", "mxv", 1000.0, 0.0, 1000.0, "maximum value"),
    int(
        "speed_weight_var_mode",
        Some("wvm"),
        0,
        0,
        6,
        "which variances weight the entropies",
    ),
];

static SPEED_TEMPORAL_OPTIONS: &[OptSpec] = &[
    dbl(
        "speed_kernelscale",
        "ks",
        1.0,
        0.1,
        4.0,
        "scale of the anti-alias kernel (whitelisted values)",
    ),
    dbl(
        "speed_prescale",
        "ps",
        1.0,
        0.1,
        4.0,
        "resize factor before SpEED",
    ),
    SPEED_PRESCALE_METHOD,
    dbl(
        "speed_sigma_nn",
        "snn",
        0.29,
        0.1,
        2.0,
        "neural noise sigma",
    ),
    dbl(
        "speed_nn_floor",
        "nnf",
        0.0,
        0.0,
        1.0,
        "entropy floor (multiple of the noise)",
    ),
    dbl(
        "speed_max_val",
        "mxv",
        1000.0,
        0.0,
        1000.0,
        "maximum value (part of the name only)",
    ),
    flag(
        "speed_use_ref_diff",
        "urd",
        "use the distorted frame minus the previous reference",
    ),
];

const SPEED_CHROMA_FEATURES: &[&str] = &[
    "Speed_chroma_feature_speed_chroma_u_score",
    "Speed_chroma_feature_speed_chroma_v_score",
    "Speed_chroma_feature_speed_chroma_uv_score",
];

static CAMBI_OPTIONS: &[OptSpec] = &[
    dbl(
        "cambi_max_val",
        "cmxv",
        1000.0,
        0.0,
        1000.0,
        "maximum CAMBI value",
    ),
    int(
        "enc_width",
        Some("encw"),
        0,
        180,
        7680,
        "encoding width (0 = input width)",
    ),
    int(
        "enc_height",
        Some("ench"),
        0,
        150,
        7680,
        "encoding height (0 = input height)",
    ),
    int(
        "enc_bitdepth",
        Some("encbd"),
        0,
        6,
        16,
        "encoding bit depth (0 = input bit depth)",
    ),
    int(
        "src_width",
        Some("srcw"),
        0,
        320,
        7680,
        "source width for full_ref (0 = input width)",
    ),
    int(
        "src_height",
        Some("srch"),
        0,
        200,
        4320,
        "source height for full_ref (0 = input height)",
    ),
    int("window_size", Some("ws"), 65, 15, 127, "window size at 4K"),
    OptSpec {
        name: "topk",
        alias: None,
        kind: OptKind::Double {
            default: 0.6,
            min: 0.0001,
            max: 1.0,
        },
        feature_param: true,
        help: "fraction of pixels pooled",
    },
    dbl(
        "cambi_topk",
        "ctpk",
        0.6,
        0.0001,
        1.0,
        "fraction of pixels pooled (used unless topk is set)",
    ),
    dbl(
        "tvi_threshold",
        "tvit",
        0.019,
        0.0001,
        1.0,
        "visibility threshold of luminance differences",
    ),
    dbl(
        "cambi_vis_lum_threshold",
        "vlt",
        0.0,
        0.0,
        300.0,
        "luminance (nits) below which banding is ignored",
    ),
    int(
        "max_log_contrast",
        Some("mlc"),
        2,
        0,
        5,
        "log2 of the largest contrast step considered",
    ),
    OptSpec {
        name: "heatmaps_path",
        alias: None,
        kind: OptKind::Str {
            default: "",
            allowed: &[],
        },
        feature_param: false,
        help: "folder for heatmaps (written by the CLI)",
    },
    OptSpec {
        name: "full_ref",
        alias: None,
        kind: OptKind::Bool { default: false },
        feature_param: false,
        help: "also score the reference (cambi_source, cambi_full_reference)",
    },
    OptSpec {
        name: "eotf",
        alias: None,
        kind: OptKind::Str {
            default: "bt1886",
            allowed: &["bt1886", "pq"],
        },
        feature_param: true,
        help: "EOTF: bt1886 or pq",
    },
    OptSpec {
        name: "cambi_eotf",
        alias: Some("ceot"),
        kind: OptKind::Str {
            default: "bt1886",
            allowed: &["bt1886", "pq"],
        },
        feature_param: true,
        help: "EOTF (used unless eotf is set)",
    },
    int(
        "cambi_high_res_speedup",
        Some("hrs"),
        0,
        0,
        2160,
        "halve the resolution above this height (1080, 1440, 2160)",
    ),
];

/// Every extractor foveal provides, in libvmaf's registry order (lookup by feature name returns
/// the first that provides it).
pub static EXTRACTORS: &[ExtractorInfo] = &[
    ExtractorInfo {
        name: "speed_chroma",
        options: SPEED_CHROMA_OPTIONS,
        provides: SPEED_CHROMA_FEATURES,
    },
    ExtractorInfo {
        name: "speed_temporal",
        options: SPEED_TEMPORAL_OPTIONS,
        provides: &["Speed_temporal_feature_speed_temporal_score"],
    },
    ExtractorInfo {
        name: "float_ms_ssim",
        options: MS_SSIM_OPTIONS,
        provides: &["float_ms_ssim"],
    },
    ExtractorInfo {
        name: "float_ssim",
        options: SSIM_OPTIONS,
        provides: &["float_ssim"],
    },
    ExtractorInfo {
        name: "ciede",
        options: &[],
        provides: &["ciede2000"],
    },
    ExtractorInfo {
        name: "psnr",
        options: PSNR_OPTIONS,
        provides: &["psnr_y", "psnr_cb", "psnr_cr"],
    },
    ExtractorInfo {
        name: "psnr_hvs",
        options: &[],
        provides: &["psnr_hvs_y", "psnr_hvs_cb", "psnr_hvs_cr", "psnr_hvs"],
    },
    ExtractorInfo {
        name: "adm",
        options: ADM_OPTIONS,
        provides: ADM_FEATURES,
    },
    ExtractorInfo {
        name: "motion",
        options: MOTION_OPTIONS,
        provides: &[
            motion::SAD_SCORE,
            motion::MOTION_SCORE,
            motion::MOTION2_SCORE,
            motion::MOTION3_SCORE,
        ],
    },
    ExtractorInfo {
        name: "vif",
        options: VIF_OPTIONS,
        provides: VIF_FEATURES,
    },
    ExtractorInfo {
        name: "cambi",
        options: CAMBI_OPTIONS,
        provides: &["Cambi_feature_cambi_score"],
    },
];

/// Looks up an extractor by its registered name.
pub fn extractor(name: &str) -> Result<&'static ExtractorInfo> {
    EXTRACTORS.iter().find(|e| e.name == name).ok_or_else(|| {
        Error::invalid(
            "feature extractor",
            name,
            EXTRACTORS
                .iter()
                .map(|e| e.name)
                .collect::<Vec<_>>()
                .join(", "),
        )
    })
}

/// Default options of an extractor.
pub fn default_options(name: &str) -> Result<Options> {
    let info = extractor(name)?;
    Ok(Options::new(info.name, info.options))
}

/// Builds a configured instance for frames of `format`.
pub fn create(options: &Options, format: FrameFormat) -> Result<Box<dyn Extractor>> {
    match options.extractor() {
        "motion" => Ok(Box::new(MotionExtractor::new(options, format)?)),
        "vif" => Ok(Box::new(VifExtractor::new(options, format)?)),
        "adm" => Ok(Box::new(AdmExtractor::new(options, format)?)),
        "psnr" => {
            let opts = PsnrOptions {
                enable_chroma: options.bool("enable_chroma"),
                enable_mse: options.bool("enable_mse"),
                enable_apsnr: options.bool("enable_apsnr"),
                reduced_hbd_peak: options.bool("reduced_hbd_peak"),
                min_sse: options.double("min_sse"),
            };
            let m = Psnr::new(format, opts)?;
            let names = names_of(m.feature_names());
            Ok(Box::new(PsnrExtractor { m, names }))
        }
        "float_ssim" => {
            let opts = SsimOptions {
                enable_lcs: options.bool("enable_lcs"),
                enable_db: options.bool("enable_db"),
                clip_db: options.bool("clip_db"),
                scale: u32::try_from(options.int("scale")).expect("range-checked"),
            };
            let m = Ssim::new(format, opts)?;
            let names = names_of(m.feature_names());
            Ok(Box::new(PairExtractor {
                name: "float_ssim",
                m,
                names,
            }))
        }
        "float_ms_ssim" => {
            let opts = MsSsimOptions {
                enable_lcs: options.bool("enable_lcs"),
                enable_db: options.bool("enable_db"),
                clip_db: options.bool("clip_db"),
            };
            let m = MsSsim::new(format, opts)?;
            let names = names_of(m.feature_names());
            Ok(Box::new(PairExtractor {
                name: "float_ms_ssim",
                m,
                names,
            }))
        }
        "psnr_hvs" => {
            let m = PsnrHvs::new(format, PsnrHvsOptions {})?;
            let names = names_of(m.feature_names());
            Ok(Box::new(PairExtractor {
                name: "psnr_hvs",
                m,
                names,
            }))
        }
        "speed_chroma" => {
            let opts = SpeedChromaOptions {
                kernelscale: options.double("speed_kernelscale"),
                prescale: options.double("speed_prescale"),
                prescale_method: PrescaleMethod::parse(options.str("speed_prescale_method"))?,
                sigma_nn: options.double("speed_sigma_nn"),
                nn_floor: options.double("speed_nn_floor"),
                max_val: options.double("speed_max_val"),
                weight_var_mode: i32::try_from(options.int("speed_weight_var_mode"))
                    .expect("range-checked"),
            };
            let m = SpeedChroma::new(
                format.width() as usize,
                format.height() as usize,
                format.chroma(),
                format.bit_depth(),
                opts,
            )?;
            let names = SPEED_CHROMA_FEATURES
                .iter()
                .map(|c| options.feature_name(c))
                .collect();
            Ok(Box::new(SpeedChromaExtractor { m, names }))
        }
        "speed_temporal" => {
            let opts = SpeedTemporalOptions {
                kernelscale: options.double("speed_kernelscale"),
                prescale: options.double("speed_prescale"),
                prescale_method: PrescaleMethod::parse(options.str("speed_prescale_method"))?,
                sigma_nn: options.double("speed_sigma_nn"),
                nn_floor: options.double("speed_nn_floor"),
                max_val: options.double("speed_max_val"),
                use_ref_diff: options.bool("speed_use_ref_diff"),
            };
            let m = SpeedTemporal::new(
                format.width() as usize,
                format.height() as usize,
                format.bit_depth(),
                opts,
            )?;
            let name = options.feature_name("Speed_temporal_feature_speed_temporal_score");
            Ok(Box::new(SpeedTemporalExtractor { m, name }))
        }
        "ciede" => {
            let m = Ciede::new(format, CiedeOptions {})?;
            let names = names_of(m.feature_names());
            Ok(Box::new(PairExtractor {
                name: "ciede",
                m,
                names,
            }))
        }
        "cambi" => Ok(Box::new(CambiExtractor::new(options, format)?)),
        other => Err(Error::invalid(
            "feature extractor",
            other,
            "a registered extractor",
        )),
    }
}

/// Frames the motion SAD series grows by when full.
const SAD_BLOCK: usize = 1024;

/// libvmaf `motion` (integer_motion.c): `PREV_REF`, SAD per frame, motion2/motion3 at flush
/// (computed incrementally: frame `i` is final once frame `i + 1` has its SAD).
#[derive(Debug)]
struct MotionExtractor {
    motion: Motion,
    opts: MotionOptions,
    sad_name: String,
    debug_name: Option<String>,
    flush_names: [String; 2],
    /// The SAD series read back from the store so far.
    sad: Vec<f64>,
    flusher: MotionFlush,
}

impl MotionExtractor {
    fn new(o: &Options, format: FrameFormat) -> Result<Self> {
        let opts = MotionOptions {
            motion_force_zero: o.bool("motion_force_zero"),
            motion_blend_factor: o.double("motion_blend_factor"),
            motion_blend_offset: o.double("motion_blend_offset"),
            motion_fps_weight: o.double("motion_fps_weight"),
            motion_max_val: o.double("motion_max_val"),
            motion_five_frame_window: o.bool("motion_five_frame_window"),
            motion_moving_average: o.bool("motion_moving_average"),
            debug: o.bool("debug"),
        };
        let motion = Motion::new(format.width(), format.height(), format.bit_depth(), opts)?;
        Ok(MotionExtractor {
            motion,
            opts,
            sad_name: o.feature_name(motion::SAD_SCORE),
            debug_name: opts.debug.then(|| o.feature_name(motion::MOTION_SCORE)),
            flush_names: [
                o.feature_name(motion::MOTION2_SCORE),
                o.feature_name(motion::MOTION3_SCORE),
            ],
            sad: Vec::new(),
            flusher: MotionFlush::new(opts),
        })
    }
}

impl Extractor for MotionExtractor {
    fn uses_chroma(&self) -> bool {
        false
    }

    fn name(&self) -> &'static str {
        "motion"
    }

    fn features(&self) -> Vec<String> {
        let mut v = vec![self.sad_name.clone()];
        v.extend(self.debug_name.clone());
        v
    }

    fn flush_features(&self) -> Vec<String> {
        self.flush_names.to_vec()
    }

    fn prev_refs(&self) -> usize {
        self.opts.reference_lag()
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        let lag = self.opts.reference_lag();
        let score = if self.opts.motion_force_zero || input.index < lag as u64 {
            0.0
        } else {
            let prev = input.prev_refs[lag - 1].ok_or_else(|| {
                Error::InvalidFrame(format!(
                    "motion: reference frame {} is missing",
                    input.index - lag as u64
                ))
            })?;
            self.motion.sad(prev.luma(), input.reference.luma())?
        };
        out[0] = Some(score);
        if self.debug_name.is_some() {
            out[1] = Some(score);
        }
        Ok(())
    }

    fn flush(
        &mut self,
        store: &FeatureStore,
        last: bool,
        out: &mut Vec<(usize, u64, f64)>,
    ) -> Result<()> {
        let Some(id) = store.id(&self.sad_name) else {
            return Ok(());
        };
        // libvmaf reads the SAD series from frame 0 up to the first frame without one.
        while let Some(v) = store.get(id, self.sad.len() as u64) {
            if self.sad.len() == self.sad.capacity() {
                // Blocks of frames: no allocation per frame.
                self.sad.reserve(SAD_BLOCK);
            }
            self.sad.push(v);
        }
        self.flusher.advance(&self.sad, last, |i, m2, m3| {
            out.push((0, i as u64, m2));
            out.push((1, i as u64, m3));
        });
        Ok(())
    }
}

/// libvmaf `vif` (integer_vif.c): four scale scores, plus debug sums.
#[derive(Debug)]
struct VifExtractor {
    vif: Vif,
    names: Vec<String>,
}

impl VifExtractor {
    fn new(o: &Options, format: FrameFormat) -> Result<Self> {
        let opts = VifOptions {
            enhn_gain_limit: o.double("vif_enhn_gain_limit"),
            skip_scale0: o.bool("vif_skip_scale0"),
            debug: o.bool("debug"),
        };
        let vif = Vif::new(
            format.width() as usize,
            format.height() as usize,
            format.bit_depth(),
            opts,
        )?;
        let n = if opts.debug { VIF_FEATURES.len() } else { 4 };
        let names = VIF_FEATURES[..n]
            .iter()
            .map(|c| o.feature_name(c))
            .collect();
        Ok(VifExtractor { vif, names })
    }
}

impl Extractor for VifExtractor {
    fn uses_chroma(&self) -> bool {
        false
    }

    fn name(&self) -> &'static str {
        "vif"
    }

    fn features(&self) -> Vec<String> {
        self.names.clone()
    }

    fn set_frame_threads(&mut self, threads: usize) {
        // More bands than threads, so that a thread done with another extractor (ADM, motion)
        // finds VIF rows left to take: rayon balances by stealing whole bands.
        self.vif.set_threads(4 * threads);
    }

    fn splits_frames(&self) -> bool {
        true
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        let scores = self
            .vif
            .compute(input.reference.luma(), input.distorted.luma())?;
        for (slot, (_, v)) in out.iter_mut().zip(self.vif.features(&scores)) {
            *slot = Some(v);
        }
        Ok(())
    }
}

/// libvmaf `cambi` (cambi.c): banding on the distorted luma; with `full_ref` also the reference.
#[derive(Debug)]
struct CambiExtractor {
    cambi: Cambi,
    full_ref: bool,
    names: Vec<String>,
    /// libvmaf's `heatmaps_path` dump: one `cambi_heatmap_scale_<s>_<w>x<h>_16b.gray` file per
    /// scale, frame `f` at byte offset `f·w·h·2`.
    heatmap_files: Vec<std::fs::File>,
}

impl CambiExtractor {
    fn new(o: &Options, format: FrameFormat) -> Result<Self> {
        let u = |name: &str| u32::try_from(o.int(name)).expect("range-checked non-negative");
        let eotf = |name: &str| o.str(name).parse::<Eotf>();
        let opts = CambiOptions {
            cambi_max_val: o.double("cambi_max_val"),
            enc_width: u("enc_width"),
            enc_height: u("enc_height"),
            enc_bitdepth: u("enc_bitdepth"),
            src_width: u("src_width"),
            src_height: u("src_height"),
            window_size: u("window_size"),
            topk: o.double("topk"),
            cambi_topk: o.double("cambi_topk"),
            tvi_threshold: o.double("tvi_threshold"),
            cambi_vis_lum_threshold: o.double("cambi_vis_lum_threshold"),
            max_log_contrast: u("max_log_contrast"),
            eotf: eotf("eotf")?,
            cambi_eotf: eotf("cambi_eotf")?,
            cambi_high_res_speedup: u("cambi_high_res_speedup"),
            full_ref: o.bool("full_ref"),
            heatmaps: !o.str("heatmaps_path").is_empty(),
        };
        let full_ref = opts.full_ref;
        let cambi = Cambi::new(
            format.width() as usize,
            format.height() as usize,
            format.bit_depth(),
            opts,
        )?;
        let mut names = vec![o.feature_name("Cambi_feature_cambi_score")];
        if full_ref {
            // Not in libvmaf's provided features: written under these plain names.
            names.push("cambi_source".to_string());
            names.push("cambi_full_reference".to_string());
        }
        let heatmap_files = match o.str("heatmaps_path") {
            "" => Vec::new(),
            dir => open_heatmap_files(std::path::Path::new(dir), cambi.encode_size())?,
        };
        Ok(CambiExtractor {
            cambi,
            full_ref,
            names,
            heatmap_files,
        })
    }
}

impl Extractor for CambiExtractor {
    fn uses_chroma(&self) -> bool {
        false
    }

    fn uses_reference(&self) -> bool {
        self.full_ref
    }

    fn name(&self) -> &'static str {
        "cambi"
    }

    fn features(&self) -> Vec<String> {
        self.names.clone()
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        if self.full_ref {
            let s = self
                .cambi
                .compute_full_ref(input.reference.luma(), input.distorted.luma())?;
            out[0] = Some(s.cambi);
            out[1] = Some(s.cambi_source);
            out[2] = Some(s.cambi_full_reference);
        } else {
            out[0] = Some(self.cambi.compute(input.distorted.luma())?);
        }
        if !self.heatmap_files.is_empty() {
            self.dump_heatmaps(input.index)?;
        }
        Ok(())
    }

    // With heatmap files, one instance must see every frame (as libvmaf's single instance).
    fn temporal(&self) -> bool {
        !self.heatmap_files.is_empty()
    }
}

/// Creates libvmaf's heatmap files (named after the encode size halved per scale).
fn open_heatmap_files(dir: &std::path::Path, (w, h): (usize, usize)) -> Result<Vec<std::fs::File>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (mut w, mut h) = (w, h);
    let mut files = Vec::new();
    for scale in 0..5 {
        let path = dir.join(format!("cambi_heatmap_scale_{scale}_{w}x{h}_16b.gray"));
        files.push(std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?);
        w = w.div_ceil(2);
        h = h.div_ceil(2);
    }
    Ok(files)
}

impl CambiExtractor {
    fn dump_heatmaps(&mut self, frame: u64) -> Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        for (file, map) in self.heatmap_files.iter_mut().zip(self.cambi.heatmaps()) {
            let bytes: Vec<u8> = map.values.iter().flat_map(|v| v.to_le_bytes()).collect();
            let offset = frame * bytes.len() as u64;
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| file.write_all(&bytes))
                .map_err(|e| Error::io("cambi heatmap file", e))?;
        }
        Ok(())
    }
}

/// libvmaf `adm` (integer_adm.c): adm2, aim, adm3, per-scale ratios, plus debug sums.
#[derive(Debug)]
struct AdmExtractor {
    adm: Adm,
    names: Vec<String>,
}

impl AdmExtractor {
    fn new(o: &Options, format: FrameFormat) -> Result<Self> {
        let opts = AdmOptions {
            csf_scale: o.double("adm_csf_scale"),
            csf_diag_scale: o.double("adm_csf_diag_scale"),
            dlm_weight: o.double("adm_dlm_weight"),
            enhn_gain_limit: o.double("adm_enhn_gain_limit"),
            norm_view_dist: o.double("adm_norm_view_dist"),
            ref_display_height: u32::try_from(o.int("adm_ref_display_height"))
                .expect("range-checked"),
            csf_mode: u8::try_from(o.int("adm_csf_mode")).expect("range-checked"),
            noise_weight: o.double("adm_noise_weight"),
            skip_aim: o.bool("adm_skip_aim"),
            skip_scale0: o.bool("adm_skip_scale0"),
            min_val: o.double("adm_min_val"),
            debug: o.bool("debug"),
        };
        let adm = Adm::new(format.width(), format.height(), format.bit_depth(), opts)?;
        let n = if opts.debug { ADM_FEATURES.len() } else { 7 };
        let names = ADM_FEATURES[..n]
            .iter()
            .map(|c| o.feature_name(c))
            .collect();
        Ok(AdmExtractor { adm, names })
    }
}

impl Extractor for AdmExtractor {
    fn uses_chroma(&self) -> bool {
        false
    }

    fn name(&self) -> &'static str {
        "adm"
    }

    fn features(&self) -> Vec<String> {
        self.names.clone()
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        let s = self
            .adm
            .compute(input.reference.luma(), input.distorted.luma())?;
        let (n, d) = (s.num_scale, s.den_scale);
        #[rustfmt::skip]
        let values = [
            s.adm2, s.aim, s.adm3, s.scale[0], s.scale[1], s.scale[2], s.scale[3],
            // debug features
            s.adm2, s.num, s.den, n[0], d[0], n[1], d[1], n[2], d[2], n[3], d[3],
        ];
        for (slot, v) in out.iter_mut().zip(values) {
            *slot = Some(v);
        }
        Ok(())
    }
}

fn names_of(v: Vec<&'static str>) -> Vec<String> {
    v.into_iter().map(str::to_string).collect()
}

/// A metric computed from one (reference, distorted) frame pair, yielding named values.
trait PairMetric: Send + std::fmt::Debug {
    fn compute_into(
        &mut self,
        r: &FrameView<'_>,
        d: &FrameView<'_>,
        names: &[String],
        out: &mut [Option<f64>],
    ) -> Result<()>;
}

/// Writes `(name, value)` pairs into the slots of `names`.
fn put<'a>(
    values: impl Iterator<Item = (&'a str, f64)>,
    names: &[String],
    out: &mut [Option<f64>],
) {
    for (n, v) in values {
        if let Some(k) = names.iter().position(|x| x == n) {
            out[k] = Some(v);
        }
    }
}

macro_rules! pair_metric {
    ($($t:ty),*) => {$(
        impl PairMetric for $t {
            fn compute_into(&mut self, r: &FrameView<'_>, d: &FrameView<'_>, names: &[String], out: &mut [Option<f64>]) -> Result<()> {
                let s = self.compute(r, d)?;
                put(s.features(), names, out);
                Ok(())
            }
        }
    )*};
}
pair_metric!(Ssim, MsSsim, PsnrHvs, Ciede);

/// libvmaf's float_ssim, float_ms_ssim, psnr_hvs and ciede: stateless per frame pair.
#[derive(Debug)]
struct PairExtractor<M: PairMetric> {
    name: &'static str,
    m: M,
    names: Vec<String>,
}

impl<M: PairMetric> Extractor for PairExtractor<M> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn features(&self) -> Vec<String> {
        self.names.clone()
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        self.m
            .compute_into(&input.reference, &input.distorted, &self.names, out)
    }
}

/// libvmaf `psnr` (integer_psnr.c): `TEMPORAL` (one instance sees every frame, for APSNR).
#[derive(Debug)]
struct PsnrExtractor {
    m: Psnr,
    names: Vec<String>,
}

impl Extractor for PsnrExtractor {
    fn name(&self) -> &'static str {
        "psnr"
    }

    fn features(&self) -> Vec<String> {
        self.names.clone()
    }

    fn temporal(&self) -> bool {
        true
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        let s = self.m.compute(&input.reference, &input.distorted)?;
        put(s.features(), &self.names, out);
        Ok(())
    }

    fn aggregate(&self) -> Vec<(String, f64)> {
        self.m
            .apsnr()
            .map(|a| a.iter().map(|(n, v)| (n.to_string(), *v)).collect())
            .unwrap_or_default()
    }
}

/// libvmaf `speed_chroma` (speed.c): SpEED on the U and V planes.
#[derive(Debug)]
struct SpeedChromaExtractor {
    m: SpeedChroma,
    names: Vec<String>,
}

impl Extractor for SpeedChromaExtractor {
    fn name(&self) -> &'static str {
        "speed_chroma"
    }

    fn features(&self) -> Vec<String> {
        self.names.clone()
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        let s = self.m.compute(&input.reference, &input.distorted)?;
        out[0] = Some(s.u);
        out[1] = Some(s.v);
        out[2] = Some(s.uv);
        Ok(())
    }
}

/// libvmaf `speed_temporal` (speed.c): `TEMPORAL`, SpEED of frame differences.
#[derive(Debug)]
struct SpeedTemporalExtractor {
    m: SpeedTemporal,
    name: String,
}

impl Extractor for SpeedTemporalExtractor {
    fn name(&self) -> &'static str {
        "speed_temporal"
    }

    fn features(&self) -> Vec<String> {
        vec![self.name.clone()]
    }

    fn temporal(&self) -> bool {
        true
    }

    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()> {
        out[0] = Some(self.m.compute(&input.reference, &input.distorted)?.score);
        Ok(())
    }
}
