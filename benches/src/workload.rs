//! The three workloads of the comparison, spelled for each tool: ffmpeg's libvmaf filter, the
//! `foveal` command line, foveal's library [`Scorer`](foveal::scorer::Scorer) and libvmaf's C API.

use std::fmt;
use std::str::FromStr;

use foveal::scorer::{FeatureRequest, ModelRequest, ScorerConfig};

/// A scoring job measured by the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Workload {
    /// VMAF v0.6.1 (VIF, ADM, motion and the SVM).
    VmafV061,
    /// CAMBI alone, default options, no model.
    Cambi,
    /// VMAF v1.0.16_3d0h (adds CAMBI and SpEED features).
    VmafV1016_3d0h,
}

impl Workload {
    /// Every workload, in report order.
    pub const ALL: [Workload; 3] = [
        Workload::VmafV061,
        Workload::Cambi,
        Workload::VmafV1016_3d0h,
    ];

    /// Short key used on the command line and in file names.
    pub const fn key(self) -> &'static str {
        match self {
            Workload::VmafV061 => "vmaf_v0.6.1",
            Workload::Cambi => "cambi",
            Workload::VmafV1016_3d0h => "vmaf_v1.0.16_3d0h",
        }
    }

    /// The per-frame value whose mean is reported as the score.
    pub const fn score_name(self) -> &'static str {
        match self {
            Workload::Cambi => "cambi",
            _ => "vmaf",
        }
    }

    /// The libvmaf filter of ffmpeg for this workload (first input distorted, second reference).
    pub fn ffmpeg_filter(self, log_path: &str, threads: usize) -> String {
        let (model, feature) = match self {
            Workload::VmafV061 => ("version=vmaf_v0.6.1\\:name=vmaf", ""),
            Workload::Cambi => ("", "name=cambi"),
            Workload::VmafV1016_3d0h => ("version=vmaf_v1.0.16_3d0h\\:name=vmaf", ""),
        };
        let feature = if feature.is_empty() {
            String::new()
        } else {
            format!(":feature='{feature}'")
        };
        format!(
            "libvmaf=model='{model}'{feature}:log_fmt=json:log_path={log_path}:n_threads={threads}"
        )
    }

    /// The baseline filter: libvmaf with no model and no feature. ffmpeg still reads and converts
    /// both inputs, synchronises them and copies every picture into libvmaf, so its cost is what
    /// the workload costs beyond scoring.
    pub fn ffmpeg_null_filter(log_path: &str, threads: usize) -> String {
        format!("libvmaf=model='':log_fmt=json:log_path={log_path}:n_threads={threads}")
    }

    /// Arguments of the `foveal` command line selecting this workload.
    pub fn foveal_args(self) -> Vec<String> {
        let v: &[&str] = match self {
            Workload::VmafV061 => &["-m", "version=vmaf_v0.6.1"],
            Workload::Cambi => &["-n", "--feature", "cambi"],
            Workload::VmafV1016_3d0h => &["-m", "version=vmaf_v1.0.16_3d0h"],
        };
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The library configuration of this workload.
    pub fn scorer_config(self, threads: usize) -> ScorerConfig {
        let mut c = ScorerConfig {
            threads,
            ..ScorerConfig::default()
        };
        match self {
            Workload::VmafV061 => c.models.push(ModelRequest::version("vmaf_v0.6.1")),
            Workload::Cambi => {
                c.no_prediction = true;
                c.features.push(FeatureRequest::new("cambi"));
            }
            Workload::VmafV1016_3d0h => c.models.push(ModelRequest::version("vmaf_v1.0.16_3d0h")),
        }
        c
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Workload {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Workload::ALL
            .into_iter()
            .find(|w| w.key() == s || (s == "v0" && *w == Workload::VmafV061))
            .or(match s {
                "v1" | "3d0h" => Some(Workload::VmafV1016_3d0h),
                _ => None,
            })
            .ok_or_else(|| {
                format!("unknown workload '{s}': expected vmaf_v0.6.1, cambi or vmaf_v1.0.16_3d0h")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffmpeg_filters_escape_model_options_and_name_the_log() {
        let f = Workload::VmafV061.ffmpeg_filter("/tmp/x.json", 2);
        assert_eq!(
            f,
            "libvmaf=model='version=vmaf_v0.6.1\\:name=vmaf':log_fmt=json:log_path=/tmp/x.json:n_threads=2"
        );
        let f = Workload::Cambi.ffmpeg_filter("l.json", 1);
        assert!(
            f.starts_with("libvmaf=model='':feature='name=cambi':"),
            "{f}"
        );
        assert!(Workload::ffmpeg_null_filter("n.json", 1).contains("model=''"));
    }

    #[test]
    fn keys_round_trip_and_unknown_names_fail() {
        for w in Workload::ALL {
            assert_eq!(w.key().parse::<Workload>().unwrap(), w);
        }
        assert!(
            "vmaf_v9"
                .parse::<Workload>()
                .unwrap_err()
                .contains("vmaf_v9")
        );
    }

    #[test]
    fn cambi_runs_without_a_model() {
        let c = Workload::Cambi.scorer_config(1);
        assert!(c.no_prediction && c.models.is_empty() && c.features.len() == 1);
        assert_eq!(Workload::VmafV1016_3d0h.scorer_config(2).threads, 2);
    }
}
