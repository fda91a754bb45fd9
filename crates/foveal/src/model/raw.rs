//! The typed constant tables that `tools/gen_models.py` writes into `builtin/`, and their
//! conversion into [`ModelDict`]s.
//!
//! The tables hold the numbers of libvmaf's model files already converted to `f64` (the
//! generator prints each value's shortest round-trip text, so the Rust literal is the same
//! double `strtod` gives for the file's text), and feature option numbers as their JSON lexeme so
//! that they go through the same `strtof` + `%g` normalisation as a model read from JSON.

use super::opts::normalize_number;
use super::svm::{SupportVector, SvmModel};
use super::transform::ScoreTransform;
use super::{ModelDict, ModelType, NormType};

/// A feature option value as written in the model file.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RawOpt {
    /// A JSON number, as its lexeme.
    Num(&'static str),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON string.
    Str(&'static str),
}

/// `score_transform`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawTransform {
    pub enabled: bool,
    pub p0: Option<f64>,
    pub p1: Option<f64>,
    pub p2: Option<f64>,
    pub knots: Option<&'static [(f64, f64)]>,
    pub out_lte_in: bool,
    pub out_gte_in: bool,
}

/// A libsvm ν-SVR/RBF model: `(coef, nodes)` per support vector, in file order.
#[derive(Debug)]
pub(crate) struct RawSvm {
    pub gamma: f64,
    pub rho: f64,
    pub sv: &'static [(f64, &'static [(i32, f64)])],
}

/// One `model_dict`.
#[derive(Debug)]
pub(crate) struct RawDict {
    pub model_type: ModelType,
    pub feature_names: &'static [&'static str],
    pub feature_opts: &'static [&'static [(&'static str, RawOpt)]],
    pub norm_type: NormType,
    pub slopes: &'static [f64],
    pub intercepts: &'static [f64],
    pub score_clip: Option<(f64, f64)>,
    pub score_transform: Option<RawTransform>,
    pub chroma_correction_parameter: Option<f64>,
    pub svm: &'static RawSvm,
}

/// A whole model file: one model, or a bootstrap collection (`"0"` first).
#[derive(Debug)]
pub(crate) enum RawFile {
    Single(&'static RawDict),
    Collection(&'static [&'static RawDict]),
}

/// A built-in model: its libvmaf version name, the file it was generated from, its content.
#[derive(Debug)]
pub(crate) struct BuiltinModel {
    pub version: &'static str,
    pub file: &'static str,
    pub model: &'static RawFile,
}

impl RawDict {
    pub(crate) fn to_dict(&self) -> ModelDict {
        // Absent `feature_opts_dicts` (or a short list) means no options for the other features.
        let mut feature_opts: Vec<Vec<(String, String)>> = self
            .feature_opts
            .iter()
            .map(|opts| {
                opts.iter()
                    .map(|&(k, v)| {
                        let v = match v {
                            // The generator only emits valid JSON number lexemes.
                            RawOpt::Num(n) => normalize_number(n).unwrap_or_else(|| n.to_string()),
                            RawOpt::Bool(b) => b.to_string(),
                            RawOpt::Str(s) => s.to_string(),
                        };
                        (k.to_string(), v)
                    })
                    .collect()
            })
            .collect();
        feature_opts.resize(self.feature_names.len(), Vec::new());
        ModelDict {
            model_type: self.model_type,
            feature_names: self.feature_names.iter().map(|s| s.to_string()).collect(),
            feature_opts,
            norm_type: self.norm_type,
            slopes: self.slopes.to_vec(),
            intercepts: self.intercepts.to_vec(),
            score_clip: self.score_clip,
            score_transform: self.score_transform.map(|t| ScoreTransform {
                enabled: t.enabled,
                p0: t.p0,
                p1: t.p1,
                p2: t.p2,
                knots: t.knots.map(<[_]>::to_vec),
                out_lte_in: t.out_lte_in,
                out_gte_in: t.out_gte_in,
            }),
            chroma_correction_parameter: self.chroma_correction_parameter,
            svm: SvmModel {
                gamma: self.svm.gamma,
                rho: self.svm.rho,
                support_vectors: self
                    .svm
                    .sv
                    .iter()
                    .map(|&(coef, nodes)| SupportVector {
                        coef,
                        nodes: nodes.to_vec(),
                    })
                    .collect(),
            },
        }
    }
}
