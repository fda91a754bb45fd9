//! CAMBI options: libvmaf's option table for the `cambi` extractor (`cambi.c`, `options[]`), with
//! the same names, defaults, ranges and precedence rules, plus libvmaf's naming of the emitted
//! feature (`feature_name.c`: non-default feature parameters appended as `_<alias>_<value>`).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Default of `window_size` (libvmaf `DEFAULT_CAMBI_WINDOW_SIZE`; about one degree at 4K).
pub const DEFAULT_WINDOW_SIZE: u32 = 65;
/// Default of `topk` and `cambi_topk`.
pub const DEFAULT_TOPK: f64 = 0.6;
/// Default of `tvi_threshold`.
pub const DEFAULT_TVI_THRESHOLD: f64 = 0.019;
/// Default of `cambi_max_val`.
pub const DEFAULT_MAX_VAL: f64 = 1000.0;
/// Default of `max_log_contrast`.
pub const DEFAULT_MAX_LOG_CONTRAST: u32 = 2;

/// The EOTF used to turn 10-bit codes into luminance for the visibility thresholds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Eotf {
    /// ITU-R BT.1886 (SDR; 300 nit white, 0.01 nit black). libvmaf's default.
    #[default]
    Bt1886,
    /// SMPTE ST 2084 perceptual quantiser (HDR10).
    Pq,
}

impl Eotf {
    /// libvmaf's spelling: `"bt1886"` or `"pq"`.
    pub const fn name(self) -> &'static str {
        match self {
            Eotf::Bt1886 => "bt1886",
            Eotf::Pq => "pq",
        }
    }
}

impl fmt::Display for Eotf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Eotf {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "bt1886" => Ok(Eotf::Bt1886),
            "pq" => Ok(Eotf::Pq),
            _ => Err(Error::invalid("cambi eotf", s, "bt1886 or pq")),
        }
    }
}

/// Every option of libvmaf's `cambi` extractor (names as in libvmaf; `0` in a size or bit-depth
/// field means "the input's", as libvmaf's defaults do), plus [`CambiOptions::heatmaps`].
///
/// [`Default`] gives libvmaf's defaults. Ranges are those of libvmaf's option table; see
/// [`CambiOptions::validate`].
#[derive(Clone, Debug, PartialEq)]
pub struct CambiOptions {
    /// Scores above this are clipped to it (alias `cmxv`; 0..=1000, default 1000).
    pub cambi_max_val: f64,
    /// Width the content was encoded at (alias `encw`; 0 = input, else 180..=7680). The input
    /// is downscaled to it by nearest neighbour; never upscaled (an encode size larger than the
    /// input in either dimension is replaced by the input size).
    pub enc_width: u32,
    /// Height the content was encoded at (alias `ench`; 0 = input, else 150..=7680). Used only
    /// when `enc_width` is also set.
    pub enc_height: u32,
    /// Bit depth the content was encoded at (alias `encbd`; 0 = input, else 6..=16). Below 10,
    /// a 2x2 anti-dithering average runs first, so dithered 8-bit encodes delivered in 10-bit
    /// containers are not scored as noise.
    pub enc_bitdepth: u32,
    /// Width the reference is scored at in full-reference mode (alias `srcw`; 0 = input, else
    /// 320..=7680; may upscale).
    pub src_width: u32,
    /// Height the reference is scored at in full-reference mode (alias `srch`; 0 = input, else
    /// 200..=4320).
    pub src_height: u32,
    /// Window side at 4K (alias `ws`; 15..=127, default 65); scaled by `(w + h) / 6000` for other
    /// sizes and forced odd.
    pub window_size: u32,
    /// Fraction of pixels averaged per scale (no alias; 0.0001..=1, default 0.6). Wins over
    /// `cambi_topk` when it differs from 0.6.
    pub topk: f64,
    /// Same as `topk` (alias `ctpk`; 0.0001..=1, default 0.6); used unless `topk` is set.
    pub cambi_topk: f64,
    /// Visibility threshold: a step is visible when `ΔL > tvi_threshold · L` (alias `tvit`;
    /// 0.0001..=1, default 0.019).
    pub tvi_threshold: f64,
    /// Luminance in nits below which banding is considered invisible (alias `vlt`; 0..=300,
    /// default 0).
    pub cambi_vis_lum_threshold: f64,
    /// Largest contrast considered, as log2 of 10-bit code steps (alias `mlc`; 0..=5, default 2
    /// = steps of 1..4 codes at 10 bit, i.e. one 8-bit code).
    pub max_log_contrast: u32,
    /// EOTF for the visibility thresholds (no alias; default bt1886).
    pub eotf: Eotf,
    /// Same as `eotf` (alias `ceot`); wins when it is not bt1886.
    pub cambi_eotf: Eotf,
    /// Decimate right after the spatial mask for large encodes (alias `hrs`; 0..=2160, default 0
    /// = off). Only 1080, 1440 and 2160 have an effect, and only when `enc_w · enc_h` is at
    /// least 1920·1080, 2560·1440 or 3840·2160 respectively; the window is halved too.
    pub cambi_high_res_speedup: u32,
    /// Full-reference mode: also score the reference (at the `src` size) and report
    /// `cambi_source` and `cambi_full_reference = max(0, cambi - cambi_source)`.
    pub full_ref: bool,
    /// foveal's counterpart of libvmaf's `heatmaps_path`: keep the per-scale c-value maps of the
    /// last distorted frame (see `Cambi::heatmaps`). Not part of the feature name.
    pub heatmaps: bool,
}

impl Default for CambiOptions {
    fn default() -> Self {
        CambiOptions {
            cambi_max_val: DEFAULT_MAX_VAL,
            enc_width: 0,
            enc_height: 0,
            enc_bitdepth: 0,
            src_width: 0,
            src_height: 0,
            window_size: DEFAULT_WINDOW_SIZE,
            topk: DEFAULT_TOPK,
            cambi_topk: DEFAULT_TOPK,
            tvi_threshold: DEFAULT_TVI_THRESHOLD,
            cambi_vis_lum_threshold: 0.0,
            max_log_contrast: DEFAULT_MAX_LOG_CONTRAST,
            eotf: Eotf::Bt1886,
            cambi_eotf: Eotf::Bt1886,
            cambi_high_res_speedup: 0,
            full_ref: false,
            heatmaps: false,
        }
    }
}

fn check_f64(what: &'static str, v: f64, lo: f64, hi: f64) -> Result<()> {
    if v >= lo && v <= hi {
        Ok(())
    } else {
        Err(Error::invalid(what, v, format!("{lo}..={hi}")))
    }
}

fn check_u32(what: &'static str, v: u32, lo: u32, hi: u32) -> Result<()> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(what, v, format!("{lo}..={hi}")))
    }
}

fn check_size(what: &'static str, v: u32, lo: u32, hi: u32) -> Result<()> {
    if v == 0 || (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(
            what,
            v,
            format!("0 (= input) or {lo}..={hi}"),
        ))
    }
}

impl CambiOptions {
    /// Checks every value against libvmaf's option ranges (NaN is refused everywhere).
    /// Frame-size rules that depend on the input (minimum sizes, window limits) are checked by
    /// `Cambi::new`.
    pub fn validate(&self) -> Result<()> {
        check_f64("cambi_max_val", self.cambi_max_val, 0.0, 1000.0)?;
        check_size("enc_width", self.enc_width, 180, 7680)?;
        check_size("enc_height", self.enc_height, 150, 7680)?;
        check_size("enc_bitdepth", self.enc_bitdepth, 6, 16)?;
        check_size("src_width", self.src_width, 320, 7680)?;
        check_size("src_height", self.src_height, 200, 4320)?;
        check_u32("window_size", self.window_size, 15, 127)?;
        check_f64("topk", self.topk, 0.0001, 1.0)?;
        check_f64("cambi_topk", self.cambi_topk, 0.0001, 1.0)?;
        check_f64("tvi_threshold", self.tvi_threshold, 0.0001, 1.0)?;
        check_f64(
            "cambi_vis_lum_threshold",
            self.cambi_vis_lum_threshold,
            0.0,
            300.0,
        )?;
        check_u32("max_log_contrast", self.max_log_contrast, 0, 5)?;
        check_u32(
            "cambi_high_res_speedup",
            self.cambi_high_res_speedup,
            0,
            2160,
        )?;
        Ok(())
    }

    /// The pooling fraction in effect: `topk` if it differs from 0.6, else `cambi_topk`.
    pub fn effective_topk(&self) -> f64 {
        if self.topk != DEFAULT_TOPK {
            self.topk
        } else {
            self.cambi_topk
        }
    }

    /// The EOTF in effect: `cambi_eotf` if it is not bt1886, else `eotf`.
    pub fn effective_eotf(&self) -> Eotf {
        if self.cambi_eotf != Eotf::Bt1886 {
            self.cambi_eotf
        } else {
            self.eotf
        }
    }

    /// The name libvmaf reports the frame score under: `cambi`, followed by every non-default
    /// feature parameter in alphabetical order of option name as `_<alias>_<value>` (numbers as
    /// C's `%d` / `%g`), e.g. `cambi_hrs_1080_cmxv_17_vlt_0.06` for the VMAF v1.0.16 settings.
    /// `full_ref` and `heatmaps` do not change it; the full-reference outputs are always named
    /// `cambi_source` and `cambi_full_reference`.
    pub fn feature_name(&self) -> String {
        let d = CambiOptions::default();
        let mut parts: Vec<(&str, &str, String)> = Vec::new();
        let mut int = |name, alias, v: u32, dv: u32| {
            if v != dv {
                parts.push((name, alias, v.to_string()));
            }
        };
        int("enc_width", "encw", self.enc_width, d.enc_width);
        int("enc_height", "ench", self.enc_height, d.enc_height);
        int("enc_bitdepth", "encbd", self.enc_bitdepth, d.enc_bitdepth);
        int("src_width", "srcw", self.src_width, d.src_width);
        int("src_height", "srch", self.src_height, d.src_height);
        int("window_size", "ws", self.window_size, d.window_size);
        int(
            "max_log_contrast",
            "mlc",
            self.max_log_contrast,
            d.max_log_contrast,
        );
        int(
            "cambi_high_res_speedup",
            "hrs",
            self.cambi_high_res_speedup,
            d.cambi_high_res_speedup,
        );
        let mut dbl = |name, alias, v: f64, dv: f64| {
            if v != dv {
                parts.push((name, alias, crate::features::options::fmt_g(v)));
            }
        };
        dbl("cambi_max_val", "cmxv", self.cambi_max_val, d.cambi_max_val);
        dbl("topk", "topk", self.topk, d.topk);
        dbl("cambi_topk", "ctpk", self.cambi_topk, d.cambi_topk);
        dbl("tvi_threshold", "tvit", self.tvi_threshold, d.tvi_threshold);
        dbl(
            "cambi_vis_lum_threshold",
            "vlt",
            self.cambi_vis_lum_threshold,
            d.cambi_vis_lum_threshold,
        );
        if self.eotf != d.eotf {
            parts.push(("eotf", "eotf", self.eotf.name().to_string()));
        }
        if self.cambi_eotf != d.cambi_eotf {
            parts.push(("cambi_eotf", "ceot", self.cambi_eotf.name().to_string()));
        }
        parts.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut name = String::from("cambi");
        for (_, alias, value) in parts {
            name.push('_');
            name.push_str(alias);
            name.push('_');
            name.push_str(&value);
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_g() {
        for (v, s) in [
            (17.0, "17"),
            (0.06, "0.06"),
            (0.0001, "0.0001"),
            (0.019, "0.019"),
            (1000.0, "1000"),
            (0.5, "0.5"),
            (123456.0, "123456"),
            (1234567.0, "1.23457e+06"),
            (0.00001234, "1.234e-05"),
            (299.99999999, "300"),
        ] {
            assert_eq!(crate::features::options::fmt_g(v), s, "{v}");
        }
    }

    #[test]
    fn names_like_libvmaf() {
        assert_eq!(CambiOptions::default().feature_name(), "cambi");
        let v1 = CambiOptions {
            cambi_high_res_speedup: 1080,
            cambi_vis_lum_threshold: 0.06,
            cambi_max_val: 17.0,
            ..Default::default()
        };
        assert_eq!(v1.feature_name(), "cambi_hrs_1080_cmxv_17_vlt_0.06");
        let enc = CambiOptions {
            enc_width: 960,
            enc_height: 540,
            ..Default::default()
        };
        assert_eq!(enc.feature_name(), "cambi_ench_540_encw_960");
        let bd = CambiOptions {
            enc_bitdepth: 8,
            full_ref: true,
            heatmaps: true,
            ..Default::default()
        };
        assert_eq!(bd.feature_name(), "cambi_encbd_8");
        let pq = CambiOptions {
            eotf: Eotf::Pq,
            cambi_eotf: Eotf::Pq,
            topk: 0.5,
            ..Default::default()
        };
        assert_eq!(pq.feature_name(), "cambi_ceot_pq_eotf_pq_topk_0.5");
    }

    #[test]
    fn precedence() {
        let o = CambiOptions {
            cambi_topk: 0.3,
            ..Default::default()
        };
        assert_eq!(o.effective_topk(), 0.3);
        let o = CambiOptions {
            topk: 0.2,
            cambi_topk: 0.3,
            ..Default::default()
        };
        assert_eq!(o.effective_topk(), 0.2);
        let o = CambiOptions {
            eotf: Eotf::Pq,
            ..Default::default()
        };
        assert_eq!(o.effective_eotf(), Eotf::Pq);
        let o = CambiOptions {
            eotf: Eotf::Bt1886,
            cambi_eotf: Eotf::Pq,
            ..Default::default()
        };
        assert_eq!(o.effective_eotf(), Eotf::Pq);
        assert_eq!("pq".parse::<Eotf>().unwrap(), Eotf::Pq);
        let e = "hlg".parse::<Eotf>().unwrap_err().to_string();
        assert!(e.contains("hlg") && e.contains("bt1886 or pq"), "{e}");
    }

    #[test]
    fn ranges() {
        assert!(CambiOptions::default().validate().is_ok());
        let bad = [
            (
                CambiOptions {
                    cambi_max_val: 1000.5,
                    ..Default::default()
                },
                "cambi_max_val",
            ),
            (
                CambiOptions {
                    enc_width: 179,
                    ..Default::default()
                },
                "enc_width",
            ),
            (
                CambiOptions {
                    enc_height: 7681,
                    ..Default::default()
                },
                "enc_height",
            ),
            (
                CambiOptions {
                    enc_bitdepth: 5,
                    ..Default::default()
                },
                "enc_bitdepth",
            ),
            (
                CambiOptions {
                    src_width: 319,
                    ..Default::default()
                },
                "src_width",
            ),
            (
                CambiOptions {
                    src_height: 4321,
                    ..Default::default()
                },
                "src_height",
            ),
            (
                CambiOptions {
                    window_size: 14,
                    ..Default::default()
                },
                "window_size",
            ),
            (
                CambiOptions {
                    window_size: 128,
                    ..Default::default()
                },
                "window_size",
            ),
            (
                CambiOptions {
                    topk: 0.0,
                    ..Default::default()
                },
                "topk",
            ),
            (
                CambiOptions {
                    cambi_topk: 1.5,
                    ..Default::default()
                },
                "cambi_topk",
            ),
            (
                CambiOptions {
                    tvi_threshold: f64::NAN,
                    ..Default::default()
                },
                "tvi_threshold",
            ),
            (
                CambiOptions {
                    cambi_vis_lum_threshold: -1.0,
                    ..Default::default()
                },
                "cambi_vis_lum_threshold",
            ),
            (
                CambiOptions {
                    max_log_contrast: 6,
                    ..Default::default()
                },
                "max_log_contrast",
            ),
            (
                CambiOptions {
                    cambi_high_res_speedup: 2161,
                    ..Default::default()
                },
                "cambi_high_res_speedup",
            ),
        ];
        for (o, what) in bad {
            let e = o.validate().unwrap_err().to_string();
            assert!(e.contains(what), "{e}");
        }
        let ok = CambiOptions {
            enc_width: 180,
            enc_height: 150,
            enc_bitdepth: 6,
            src_width: 7680,
            src_height: 200,
            topk: 0.0001,
            cambi_high_res_speedup: 720,
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
    }
}
