//! libvmaf models: the JSON model format, SVM prediction, score transforms, bootstrap collections
//! and the built-in models, reproducing libvmaf 3.2's scores bit for bit.
//!
//! Upstream counterparts:
//! - reading: `read_json_model.c` (`vmaf_read_json_model*`, `model_collection_parse`), the
//!   libsvm text in `svm.cpp` (`svm_parse_model_from_buffer`), option normalisation in `dict.c`;
//! - prediction: `predict.c::vmaf_predict_score_at_index` (normalise → chroma correction →
//!   `svm_predict` → denormalise → transform → clip) and
//!   `vmaf_bootstrap_predict_score_at_index` (bagging, stddev, 95 % CI);
//! - built-in models: `model.c` (`vmaf_model_load` by version name). foveal carries them as
//!   generated Rust tables (`builtin/`, written by `tools/gen_models.py`), not as JSON text.
//!
//! See `docs/models.md` for the supported format and the exact prediction steps.
//!
//! ```
//! use foveal::model::Model;
//! let model = Model::builtin("vmaf_v0.6.1")?;
//! // adm2, motion2, vif_scale0..3 in model order
//! let score = model.predict(&[60.0; 6])?;
//! assert_eq!(score, 100.0);
//! # Ok::<(), foveal::Error>(())
//! ```

mod builtin;
mod json;
mod opts;
mod raw;
mod registry;
mod svm;
mod transform;

use std::path::Path;

use crate::error::{Error, Result};

use json::Json;
pub use registry::extractor_for_feature;
use svm::PreparedSvm;
pub use svm::{SupportVector, SvmModel};
pub use transform::ScoreTransform;

/// Most features one model may use (libvmaf's `MAX_FEATURE_COUNT`).
pub const MAX_FEATURES: usize = 64;
/// Most knots a score transform may have (libvmaf's `MAX_KNOT_COUNT`).
pub const MAX_KNOTS: usize = 10;
/// The output name libvmaf gives a model when none is configured.
pub const DEFAULT_MODEL_NAME: &str = "vmaf";

/// `model_type` of a `model_dict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelType {
    /// `LIBSVMNUSVR`: a single ν-SVR model.
    LibsvmNuSvr,
    /// `BOOTSTRAP_LIBSVMNUSVR`: a member of a bootstrap collection.
    BootstrapLibsvmNuSvr,
    /// `RESIDUEBOOTSTRAP_LIBSVMNUSVR`: a member of a residue-bootstrap collection (predicted
    /// exactly like a bootstrap collection, as libvmaf does).
    ResidueBootstrapLibsvmNuSvr,
}

impl ModelType {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelType::LibsvmNuSvr => "LIBSVMNUSVR",
            ModelType::BootstrapLibsvmNuSvr => "BOOTSTRAP_LIBSVMNUSVR",
            ModelType::ResidueBootstrapLibsvmNuSvr => "RESIDUEBOOTSTRAP_LIBSVMNUSVR",
        }
    }

    fn is_bootstrap(self) -> bool {
        !matches!(self, ModelType::LibsvmNuSvr)
    }
}

/// `norm_type` of a `model_dict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NormType {
    /// `none`: features go into the SVM as they are and its output is the score.
    None,
    /// `linear_rescale`: feature `i` becomes `slopes[i+1]·x + intercepts[i+1]`; the SVM output `y`
    /// becomes `(y − intercepts[0]) / slopes[0]`.
    LinearRescale,
}

/// Everything libvmaf reads from one `model_dict`, as written in the file (load flags are not
/// applied here; see [`ModelFlags`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelDict {
    /// `model_type`.
    pub model_type: ModelType,
    /// `feature_names`: canonical feature names in SVM order (index `i` is libsvm node `i + 1`).
    pub feature_names: Vec<String>,
    /// `feature_opts_dicts`, one list per feature (empty when absent), in file order, values
    /// normalised like libvmaf's dictionary: numbers via `strtof` + `%g` (`1.0` → `"1"`),
    /// booleans `"true"`/`"false"`, strings verbatim.
    pub feature_opts: Vec<Vec<(String, String)>>,
    /// `norm_type`.
    pub norm_type: NormType,
    /// `slopes`: element 0 for the score, `1..=n` for the features (may be empty with
    /// [`NormType::None`]).
    pub slopes: Vec<f64>,
    /// `intercepts`, laid out like `slopes`.
    pub intercepts: Vec<f64>,
    /// `score_clip` as `(min, max)`.
    pub score_clip: Option<(f64, f64)>,
    /// `score_transform`.
    pub score_transform: Option<ScoreTransform>,
    /// `chroma_correction_parameter` (VMAF v1.0.16).
    pub chroma_correction_parameter: Option<f64>,
    /// `model`: the libsvm regressor.
    pub svm: SvmModel,
}

/// Load-time options, as libvmaf's `VmafModelConfig.flags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ModelFlags {
    /// `VMAF_MODEL_FLAG_ENABLE_TRANSFORM` (CLI `:enable_transform`): run the model's
    /// `score_transform` even when its `enabled` is false or absent (e.g. the v0.6.1 "phone"
    /// transform). Has no effect on a model without `score_transform`.
    pub enable_transform: bool,
    /// `VMAF_MODEL_FLAG_DISABLE_CLIP` (CLI `:disable_clip`): ignore `score_clip`.
    pub disable_clip: bool,
}

/// A feature a model needs, as the scoring pipeline must compute it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFeature {
    /// Canonical feature name, e.g. `VMAF_integer_feature_vif_scale0_score`.
    pub name: String,
    /// The libvmaf extractor providing it, e.g. `vif` (resolved like libvmaf's registry).
    pub extractor: &'static str,
    /// The extractor options from the model, `(option name, normalised value)` in file order.
    pub options: Vec<(String, String)>,
}

/// The v1.0.16 chroma post-correction, resolved once at load.
#[derive(Debug, Clone, PartialEq)]
struct ChromaCorrection {
    parameter: f64,
    /// The feature whose name contains `adm3` (guiding).
    adm3: usize,
    /// The feature whose name contains `speed_chroma` (guided, replaced when exactly 0).
    speed_chroma: usize,
}

/// One `model_dict` ready to predict.
#[derive(Debug, Clone, PartialEq)]
struct Regressor {
    dict: ModelDict,
    svm: PreparedSvm,
    chroma: Option<ChromaCorrection>,
}

/// A libvmaf model: a single ν-SVR model, or a bootstrap collection (model `"0"` plus members
/// `"1"…"N"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    name: String,
    source: String,
    flags: ModelFlags,
    main: Regressor,
    members: Vec<Regressor>,
    features: Vec<ModelFeature>,
}

/// Per-frame scores of a bootstrap collection, as libvmaf writes them.
///
/// Create once (e.g. with [`BootstrapScores::default`]) and reuse: [`Model::predict_bootstrap`]
/// resizes the buffers on first use only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BootstrapScores {
    /// The main model's score (`<name>`).
    pub score: f64,
    /// Member scores with their own transform and clip (`<name>_0001` …).
    pub members: Vec<f64>,
    /// Mean of the members' raw scores, then transformed and clipped (`<name>_bagging`).
    pub bagging: f64,
    /// Population standard deviation of the raw scores, times the slope of transform + clip at
    /// the mean (`<name>_stddev`).
    pub stddev: f64,
    /// 2.5th percentile of the raw scores, transformed and clipped (`<name>_ci_p95_lo`).
    pub ci_p95_lo: f64,
    /// 97.5th percentile, transformed and clipped (`<name>_ci_p95_hi`).
    pub ci_p95_hi: f64,
    /// Scratch for the raw member scores (sorted in place).
    raw: Vec<f64>,
}

impl BootstrapScores {
    /// The values in libvmaf's output order, matching [`Model::output_names`].
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        std::iter::once(self.score)
            .chain(self.members.iter().copied())
            .chain([self.bagging, self.stddev, self.ci_p95_lo, self.ci_p95_hi])
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Builds the error for a problem at `key` (a JSON path such as `model_dict.norm_type`).
fn bad(source: &str, key: &str, problem: impl std::fmt::Display, expected: impl ToString) -> Error {
    Error::invalid("model", format!("{source}: {key}: {problem}"), expected)
}

/// The members of an object, refusing duplicate keys (libvmaf would apply both).
fn object<'a>(
    v: &'a Json,
    source: &str,
    key: &str,
    expected: &str,
) -> Result<&'a [(String, Json)]> {
    let Json::Object(m) = v else {
        return Err(bad(source, key, format!("is {}", v.kind()), expected));
    };
    for (i, (k, _)) in m.iter().enumerate() {
        if m[..i].iter().any(|(k2, _)| k2 == k) {
            return Err(bad(
                source,
                &format!("{key}.{k}"),
                "appears twice",
                "each key once",
            ));
        }
    }
    Ok(m)
}

fn get<'a>(m: &'a [(String, Json)], k: &str) -> Option<&'a Json> {
    m.iter().find(|(key, _)| key == k).map(|(_, v)| v)
}

fn number(v: &Json, source: &str, key: &str) -> Result<f64> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => Err(bad(
            source,
            key,
            "is not a finite number",
            "a finite number",
        )),
        None => Err(bad(source, key, format!("is {}", v.kind()), "a number")),
    }
}

fn numbers(v: &Json, source: &str, key: &str) -> Result<Vec<f64>> {
    let Json::Array(items) = v else {
        return Err(bad(
            source,
            key,
            format!("is {}", v.kind()),
            "an array of numbers",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, x)| number(x, source, &format!("{key}[{i}]")))
        .collect()
}

fn nullable_number(v: &Json, source: &str, key: &str) -> Result<Option<f64>> {
    match v {
        Json::Null => Ok(None),
        _ => number(v, source, key).map(Some),
    }
}

fn parse_transform(v: &Json, source: &str, key: &str) -> Result<ScoreTransform> {
    let m = object(v, source, key, "an object")?;
    let mut t = ScoreTransform::default();
    for (k, v) in m {
        let path = format!("{key}.{k}");
        match k.as_str() {
            "enabled" => match v {
                Json::Bool(b) => t.enabled = *b,
                _ => {
                    return Err(bad(
                        source,
                        &path,
                        format!("is {}", v.kind()),
                        "true or false",
                    ));
                }
            },
            "p0" => t.p0 = nullable_number(v, source, &path)?,
            "p1" => t.p1 = nullable_number(v, source, &path)?,
            "p2" => t.p2 = nullable_number(v, source, &path)?,
            "knots" => {
                t.knots = match v {
                    Json::Null => None,
                    Json::Array(items) => {
                        if items.len() > MAX_KNOTS {
                            return Err(bad(
                                source,
                                &path,
                                format!("has {} knots", items.len()),
                                format!("at most {MAX_KNOTS} knots"),
                            ));
                        }
                        let mut knots = Vec::with_capacity(items.len());
                        for (i, item) in items.iter().enumerate() {
                            let p = format!("{path}[{i}]");
                            match numbers(item, source, &p)?.as_slice() {
                                [x, y] => knots.push((*x, *y)),
                                other => {
                                    return Err(bad(
                                        source,
                                        &p,
                                        format!("has {} numbers", other.len()),
                                        "a pair [x, y]",
                                    ));
                                }
                            }
                        }
                        transform::check_knots(&knots).map_err(|e| {
                            bad(
                                source,
                                &path,
                                e,
                                "knots increasing in x, non-decreasing in y",
                            )
                        })?;
                        Some(knots)
                    }
                    _ => {
                        return Err(bad(
                            source,
                            &path,
                            format!("is {}", v.kind()),
                            "null or an array",
                        ));
                    }
                }
            }
            "out_lte_in" | "out_gte_in" => {
                let Json::String(s) = v else {
                    return Err(bad(
                        source,
                        &path,
                        format!("is {}", v.kind()),
                        "the string \"true\"",
                    ));
                };
                let on = s == "true";
                if k == "out_lte_in" {
                    t.out_lte_in = on;
                } else {
                    t.out_gte_in = on;
                }
            }
            _ => {} // libvmaf skips unknown keys
        }
    }
    Ok(t)
}

fn parse_feature_opts(
    v: &Json,
    source: &str,
    key: &str,
    n: usize,
) -> Result<Vec<Vec<(String, String)>>> {
    let Json::Array(items) = v else {
        return Err(bad(
            source,
            key,
            format!("is {}", v.kind()),
            "an array of objects",
        ));
    };
    if items.len() > n {
        return Err(bad(
            source,
            key,
            format!("has {} entries for {n} features", items.len()),
            "at most one options object per feature",
        ));
    }
    let mut all = Vec::with_capacity(n);
    for (i, item) in items.iter().enumerate() {
        let p = format!("{key}[{i}]");
        let Json::Object(m) = item else {
            return Err(bad(source, &p, format!("is {}", item.kind()), "an object"));
        };
        let mut opts: Vec<(String, String)> = Vec::with_capacity(m.len());
        for (k, v) in m {
            let val = match v {
                Json::Number(text) => opts::normalize_number(text).unwrap_or_else(|| text.clone()),
                Json::Bool(b) => b.to_string(),
                Json::String(s) => s.clone(),
                _ => {
                    return Err(bad(
                        source,
                        &format!("{p}.{k}"),
                        format!("is {}", v.kind()),
                        "a number, boolean or string",
                    ));
                }
            };
            // libvmaf sets these with VMAF_DICT_DO_NOT_OVERWRITE: a repeat must agree.
            if let Some((_, old)) = opts.iter().find(|(ok, _)| ok == k) {
                if *old != val {
                    return Err(bad(
                        source,
                        &format!("{p}.{k}"),
                        format!("is given twice, as {old:?} and {val:?}"),
                        "one value per option",
                    ));
                }
                continue;
            }
            opts.push((k.clone(), val));
        }
        all.push(opts);
    }
    all.resize(n, Vec::new());
    Ok(all)
}

/// Reads one `{"model_dict": {...}}` object (`prefix` names it in messages).
fn parse_model(v: &Json, source: &str, prefix: &str) -> Result<ModelDict> {
    let top = object(
        v,
        source,
        if prefix.is_empty() {
            "top level"
        } else {
            prefix
        },
        "an object",
    )?;
    let md_key = if prefix.is_empty() {
        "model_dict".to_string()
    } else {
        format!("{prefix}.model_dict")
    };
    let Some(md) = get(top, "model_dict") else {
        return Err(bad(
            source,
            &md_key,
            "is missing",
            "a libvmaf model file with a model_dict object",
        ));
    };
    let m = object(md, source, &md_key, "an object")?;
    let k = |name: &str| format!("{md_key}.{name}");
    let required = |name: &str, expected: &str| -> Result<&Json> {
        get(m, name).ok_or_else(|| {
            bad(
                source,
                &k(name),
                "is missing",
                format!("required: {expected}"),
            )
        })
    };

    let model_type = match required("model_type", "LIBSVMNUSVR or BOOTSTRAP_LIBSVMNUSVR")? {
        Json::String(s) => match s.as_str() {
            "LIBSVMNUSVR" => ModelType::LibsvmNuSvr,
            "BOOTSTRAP_LIBSVMNUSVR" => ModelType::BootstrapLibsvmNuSvr,
            "RESIDUEBOOTSTRAP_LIBSVMNUSVR" => ModelType::ResidueBootstrapLibsvmNuSvr,
            other => {
                return Err(bad(
                    source,
                    &k("model_type"),
                    format!("is {other:?}"),
                    "LIBSVMNUSVR, BOOTSTRAP_LIBSVMNUSVR or RESIDUEBOOTSTRAP_LIBSVMNUSVR",
                ));
            }
        },
        other => {
            return Err(bad(
                source,
                &k("model_type"),
                format!("is {}", other.kind()),
                "a string",
            ));
        }
    };

    let feature_names = match required("feature_names", "an array of feature names")? {
        Json::Array(items) => {
            let mut names = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let Json::String(s) = item else {
                    return Err(bad(
                        source,
                        &format!("{}[{i}]", k("feature_names")),
                        format!("is {}", item.kind()),
                        "a string",
                    ));
                };
                names.push(s.clone());
            }
            names
        }
        other => {
            return Err(bad(
                source,
                &k("feature_names"),
                format!("is {}", other.kind()),
                "an array",
            ));
        }
    };
    let n = feature_names.len();
    if n == 0 || n > MAX_FEATURES {
        return Err(bad(
            source,
            &k("feature_names"),
            format!("has {n} features"),
            format!("1 to {MAX_FEATURES} features"),
        ));
    }

    let feature_opts = match get(m, "feature_opts_dicts") {
        Some(v) => parse_feature_opts(v, source, &k("feature_opts_dicts"), n)?,
        None => vec![Vec::new(); n],
    };

    let norm_type = match required("norm_type", "linear_rescale or none")? {
        Json::String(s) if s == "linear_rescale" => NormType::LinearRescale,
        Json::String(s) if s == "none" => NormType::None,
        Json::String(s) => {
            return Err(bad(
                source,
                &k("norm_type"),
                format!("is {s:?}"),
                "linear_rescale or none",
            ));
        }
        other => {
            return Err(bad(
                source,
                &k("norm_type"),
                format!("is {}", other.kind()),
                "a string",
            ));
        }
    };

    let mut slopes = Vec::new();
    let mut intercepts = Vec::new();
    for (name, dst) in [("slopes", &mut slopes), ("intercepts", &mut intercepts)] {
        match get(m, name) {
            Some(v) => *dst = numbers(v, source, &k(name))?,
            None if norm_type == NormType::LinearRescale => {
                return Err(bad(
                    source,
                    &k(name),
                    "is missing",
                    format!("required with linear_rescale: {} numbers", n + 1),
                ));
            }
            None => {}
        }
        if norm_type == NormType::LinearRescale && dst.len() != n + 1 {
            return Err(bad(
                source,
                &k(name),
                format!("has {} numbers for {n} features", dst.len()),
                format!("{} numbers (score first, then one per feature)", n + 1),
            ));
        }
    }
    if norm_type == NormType::LinearRescale && slopes[0] == 0.0 {
        return Err(bad(
            source,
            &k("slopes[0]"),
            "is 0",
            "a non-zero slope for the score",
        ));
    }

    let score_clip = match get(m, "score_clip") {
        None => None,
        Some(v) => match numbers(v, source, &k("score_clip"))?.as_slice() {
            [lo, hi] => Some((*lo, *hi)),
            other => {
                return Err(bad(
                    source,
                    &k("score_clip"),
                    format!("has {} numbers", other.len()),
                    "[min, max]",
                ));
            }
        },
    };

    let score_transform = match get(m, "score_transform") {
        None => None,
        Some(v) => Some(parse_transform(v, source, &k("score_transform"))?),
    };

    let chroma_correction_parameter = match get(m, "chroma_correction_parameter") {
        None => None,
        Some(v) => Some(number(v, source, &k("chroma_correction_parameter"))?),
    };

    let svm = match required("model", "the libsvm model text")? {
        Json::String(text) => SvmModel::parse(text).map_err(|e| {
            bad(
                source,
                &k("model"),
                e,
                "a libsvm nu_svr model with an rbf kernel",
            )
        })?,
        other => {
            return Err(bad(
                source,
                &k("model"),
                format!("is {}", other.kind()),
                "a string",
            ));
        }
    };

    Ok(ModelDict {
        model_type,
        feature_names,
        feature_opts,
        norm_type,
        slopes,
        intercepts,
        score_clip,
        score_transform,
        chroma_correction_parameter,
        svm,
    })
}

/// Reads a model file: `{"model_dict": …}` or a collection `{"0": {"model_dict": …}, "1": …}`.
fn parse_file(text: &str, source: &str) -> Result<Vec<ModelDict>> {
    let v = json::parse(text).map_err(|e| bad(source, "JSON", e, "a valid JSON document"))?;
    let top = object(&v, source, "top level", "a JSON object")?;
    if get(top, "model_dict").is_some() {
        return Ok(vec![parse_model(&v, source, "")?]);
    }
    // model_collection_parse: keys are matched in file order against "0", "1", …; others skipped.
    let mut dicts = Vec::new();
    for (key, value) in top {
        if *key == dicts.len().to_string() {
            dicts.push(parse_model(value, source, &format!("\"{key}\""))?);
        }
    }
    match dicts.len() {
        0 => Err(bad(
            source,
            "top level",
            "has neither a model_dict nor collection keys \"0\", \"1\", …",
            "a libvmaf model or bootstrap collection",
        )),
        1 => Err(bad(
            source,
            "top level",
            "is a collection with only model \"0\"",
            "a bootstrap collection with members \"1\"…\"N\"",
        )),
        _ => Ok(dicts),
    }
}

// ---------------------------------------------------------------------------------------------
// Model

/// The invariants prediction relies on, checked again here because [`ModelDict`]s can also be
/// built by hand and passed to [`Model::from_dicts`]. `what` prefixes the keys in messages.
fn validate(d: &ModelDict, source: &str, what: &str) -> Result<()> {
    let k = |name: &str| format!("{what}{name}");
    let n = d.feature_names.len();
    if n == 0 || n > MAX_FEATURES {
        return Err(bad(
            source,
            &k("feature_names"),
            format!("has {n} features"),
            format!("1 to {MAX_FEATURES} features"),
        ));
    }
    if d.feature_opts.len() != n {
        return Err(bad(
            source,
            &k("feature_opts_dicts"),
            format!("has {} entries for {n} features", d.feature_opts.len()),
            "one options list per feature",
        ));
    }
    if d.norm_type == NormType::LinearRescale {
        for (name, v) in [("slopes", &d.slopes), ("intercepts", &d.intercepts)] {
            if v.len() != n + 1 || v.iter().any(|x| !x.is_finite()) {
                return Err(bad(
                    source,
                    &k(name),
                    format!("has {} values for {n} features", v.len()),
                    format!(
                        "{} finite numbers (score first, then one per feature)",
                        n + 1
                    ),
                ));
            }
        }
        if d.slopes[0] == 0.0 {
            return Err(bad(
                source,
                &k("slopes[0]"),
                "is 0",
                "a non-zero slope for the score",
            ));
        }
    }
    if let Some(knots) = d.score_transform.as_ref().and_then(|t| t.knots.as_ref()) {
        if knots.len() > MAX_KNOTS {
            return Err(bad(
                source,
                &k("score_transform.knots"),
                format!("has {} knots", knots.len()),
                format!("at most {MAX_KNOTS} knots"),
            ));
        }
        transform::check_knots(knots).map_err(|e| {
            bad(
                source,
                &k("score_transform.knots"),
                e,
                "knots increasing in x, non-decreasing in y",
            )
        })?;
    }
    let svm = &d.svm;
    if !svm.gamma.is_finite() || !svm.rho.is_finite() {
        return Err(bad(
            source,
            &k("model"),
            "gamma or rho is not finite",
            "finite numbers",
        ));
    }
    if svm
        .support_vectors
        .iter()
        .flat_map(|sv| &sv.nodes)
        .any(|&(i, _)| i < 1)
    {
        return Err(bad(
            source,
            &k("model"),
            "has a support vector index below 1",
            "indices >= 1",
        ));
    }
    Ok(())
}

impl Regressor {
    fn new(dict: ModelDict, source: &str, what: &str) -> Result<Regressor> {
        validate(&dict, source, what)?;
        let chroma = match dict.chroma_correction_parameter {
            None => None,
            Some(c) => {
                let key = format!("{what}chroma_correction_parameter");
                if c == 0.0 {
                    // libvmaf returns from prediction without producing a score in this case.
                    return Err(bad(source, &key, "is 0", "a non-zero correction parameter"));
                }
                let find = |sub: &str| -> Result<usize> {
                    let hits: Vec<usize> = dict
                        .feature_names
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.contains(sub))
                        .map(|(i, _)| i)
                        .collect();
                    match hits.as_slice() {
                        [i] => Ok(*i),
                        _ => Err(bad(
                            source,
                            &key,
                            format!(
                                "needs one feature whose name contains {sub:?}, found {}",
                                hits.len()
                            ),
                            "exactly one adm3 and one speed_chroma feature",
                        )),
                    }
                };
                Some(ChromaCorrection {
                    parameter: c,
                    adm3: find("adm3")?,
                    speed_chroma: find("speed_chroma")?,
                })
            }
        };
        Ok(Regressor {
            svm: PreparedSvm::new(&dict.svm),
            dict,
            chroma,
        })
    }

    /// `vmaf_predict_score_at_index` for features already fetched; `post` = apply transform and
    /// clip as configured (false = the `DISABLE_CLIP | DISABLE_TRANSFORM` bootstrap pass).
    fn predict(&self, x: &[f64], flags: ModelFlags, post: bool) -> f64 {
        let d = &self.dict;
        let n = d.feature_names.len();
        let mut node = [0.0f64; MAX_FEATURES];
        let node = &mut node[..n];
        let linear = d.norm_type == NormType::LinearRescale;
        for (i, (dst, &v)) in node.iter_mut().zip(x).enumerate() {
            *dst = if linear {
                d.slopes[i + 1] * v + d.intercepts[i + 1]
            } else {
                v
            };
        }

        if let Some(cc) = &self.chroma {
            post_process_feature_from_another(d, node, cc.parameter, 0.0, cc.adm3, cc.speed_chroma);
        }

        let mut score = self.svm.predict(node);
        if linear {
            score = (score - d.intercepts[0]) / d.slopes[0];
        }
        if post {
            score = self.post_process(score, flags);
        }
        score
    }

    /// `transform` then `clip` with the model's load flags (prediction flags 0).
    fn post_process(&self, mut score: f64, flags: ModelFlags) -> f64 {
        if let Some(t) = &self.dict.score_transform
            && (t.enabled || flags.enable_transform)
        {
            score = t.apply(score);
        }
        if let Some(range) = self.dict.score_clip
            && !flags.disable_clip
        {
            score = transform::clip(score, range);
        }
        score
    }
}

/// `predict.c::post_process_feature_from_another` with the two features already located:
/// when the de-normalised value of feature `guided` equals `target`, replace it by
/// `parameter·(1 − guiding)` (with `guiding` de-normalised too) and normalise the result. The
/// comparison is on the de-normalised node value, not on the caller's input, exactly as libvmaf.
fn post_process_feature_from_another(
    d: &ModelDict,
    node: &mut [f64],
    parameter: f64,
    target: f64,
    guiding: usize,
    guided: usize,
) {
    let linear = d.norm_type == NormType::LinearRescale;
    let denorm = |i: usize, v: f64| {
        if linear {
            (v - d.intercepts[i + 1]) / d.slopes[i + 1]
        } else {
            v
        }
    };
    let guiding_score = denorm(guiding, node[guiding]);
    if denorm(guided, node[guided]) != target {
        return;
    }
    let corrected = (-parameter * guiding_score) + parameter;
    node[guided] = if linear {
        d.slopes[guided + 1] * corrected + d.intercepts[guided + 1]
    } else {
        corrected
    };
}

/// `predict.c::percentile` on sorted scores (linear interpolation, `p = perc·(n−1)/100`).
fn percentile(sorted: &[f64], perc: f64) -> f64 {
    let p = perc * (sorted.len() - 1) as f64 / 100.0;
    let l = p.floor() as usize;
    let r = p.ceil() as usize;
    if l == r {
        sorted[l]
    } else {
        sorted[l] * (r as f64 - p) + sorted[r] * (p - l as f64)
    }
}

impl Model {
    /// Reads a model from JSON text in libvmaf's format. `source` names the text in error
    /// messages (a file name or a version). The model's output name is `"vmaf"`; flags default.
    pub fn from_json_str(text: &str, source: &str) -> Result<Model> {
        Model::from_dicts(parse_file(text, source)?, source)
    }

    /// Reads a model file in libvmaf's JSON format.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Model::from_json_str(&text, &path.display().to_string())
    }

    /// A built-in model by libvmaf version name (e.g. `vmaf_v0.6.1`, `vmaf_b_v0.6.3`,
    /// `vmaf_v1.0.16_3d0h`); see [`builtin_versions`].
    pub fn builtin(version: &str) -> Result<Model> {
        let Some(b) = builtin::BUILTIN.iter().find(|b| b.version == version) else {
            return Err(Error::invalid(
                "built-in model version",
                version,
                builtin_versions().join(", "),
            ));
        };
        let dicts = match b.model {
            raw::RawFile::Single(d) => vec![d.to_dict()],
            raw::RawFile::Collection(ds) => ds.iter().map(|d| d.to_dict()).collect(),
        };
        Model::from_dicts(
            dicts,
            &format!("built-in model {version} (from {})", b.file),
        )
    }

    /// Builds a model from parsed dicts: one for a single model, or `"0"` followed by the
    /// members for a bootstrap collection.
    pub fn from_dicts(dicts: Vec<ModelDict>, source: &str) -> Result<Model> {
        let mut it = dicts.into_iter();
        let Some(main) = it.next() else {
            return Err(bad(
                source,
                "top level",
                "has no model",
                "at least one model_dict",
            ));
        };
        let main = Regressor::new(main, source, "model_dict.")?;
        let features = main
            .dict
            .feature_names
            .iter()
            .zip(&main.dict.feature_opts)
            .map(|(name, options)| {
                extractor_for_feature(name)
                    .map(|extractor| ModelFeature {
                        name: name.clone(),
                        extractor,
                        options: options.clone(),
                    })
                    .ok_or_else(|| {
                        bad(
                            source,
                            "model_dict.feature_names",
                            format!("{name:?} is not provided by any libvmaf feature extractor"),
                            "canonical feature names such as VMAF_integer_feature_vif_scale0_score",
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut members = Vec::new();
        for (i, d) in it.enumerate() {
            let what = format!("\"{}\".model_dict", i + 1);
            if !d.model_type.is_bootstrap() {
                return Err(bad(
                    source,
                    &format!("{what}.model_type"),
                    format!("is {}", d.model_type.as_str()),
                    "BOOTSTRAP_LIBSVMNUSVR or RESIDUEBOOTSTRAP_LIBSVMNUSVR in a collection",
                ));
            }
            if let Some(first) = members.first().map(|r: &Regressor| r.dict.model_type)
                && d.model_type != first
            {
                return Err(bad(
                    source,
                    &format!("{what}.model_type"),
                    format!(
                        "is {} but member 1 is {}",
                        d.model_type.as_str(),
                        first.as_str()
                    ),
                    "the same type for every member",
                ));
            }
            if d.feature_names != main.dict.feature_names
                || d.feature_opts != main.dict.feature_opts
            {
                return Err(bad(
                    source,
                    &format!("{what}.feature_names"),
                    "differ from model \"0\" (names or options)",
                    "the same features in every member",
                ));
            }
            members.push(Regressor::new(d, source, &format!("{what}."))?);
        }
        Ok(Model {
            name: DEFAULT_MODEL_NAME.to_string(),
            source: source.to_string(),
            flags: ModelFlags::default(),
            main,
            members,
            features,
        })
    }

    /// Sets the load flags (same effect as passing them in libvmaf's `VmafModelConfig`).
    pub fn with_flags(mut self, flags: ModelFlags) -> Model {
        self.flags = flags;
        self
    }

    /// Sets the output name (libvmaf `VmafModelConfig.name`; default `"vmaf"`). Bootstrap
    /// outputs are named `<name>_0001`, `<name>_bagging`, ….
    pub fn with_name(mut self, name: impl Into<String>) -> Model {
        self.name = name.into();
        self
    }

    /// The output name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the model came from (file path or built-in version), as used in messages.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The load flags.
    pub fn flags(&self) -> ModelFlags {
        self.flags
    }

    /// The features to compute, in the order [`Model::predict`] expects their values.
    pub fn features(&self) -> &[ModelFeature] {
        &self.features
    }

    /// The model (`"0"` for a collection) as read from the file.
    pub fn dict(&self) -> &ModelDict {
        &self.main.dict
    }

    /// The bootstrap members `"1"…"N"` (empty for a single model).
    pub fn members(&self) -> impl ExactSizeIterator<Item = &ModelDict> {
        self.members.iter().map(|r| &r.dict)
    }

    /// Whether this is a bootstrap collection.
    pub fn is_bootstrap(&self) -> bool {
        !self.members.is_empty()
    }

    /// Output names per frame, in libvmaf's order: `<name>`, then for a collection
    /// `<name>_0001`…, `<name>_bagging`, `<name>_stddev`, `<name>_ci_p95_lo`, `<name>_ci_p95_hi`.
    pub fn output_names(&self) -> Vec<String> {
        let mut v = vec![self.name.clone()];
        if self.is_bootstrap() {
            v.extend((1..=self.members.len()).map(|i| format!("{}_{i:04}", self.name)));
            for s in ["_bagging", "_stddev", "_ci_p95_lo", "_ci_p95_hi"] {
                v.push(format!("{}{s}", self.name));
            }
        }
        v
    }

    fn check_len(&self, x: &[f64]) -> Result<()> {
        if x.len() != self.features.len() {
            return Err(Error::invalid(
                "number of feature values",
                x.len(),
                format!(
                    "{} (the features of model {})",
                    self.features.len(),
                    self.source
                ),
            ));
        }
        Ok(())
    }

    /// The score for one frame from its feature values in [`Model::features`] order
    /// (`vmaf_predict_score_at_index`). For a collection this is model `"0"`'s score.
    pub fn predict(&self, features: &[f64]) -> Result<f64> {
        self.check_len(features)?;
        Ok(self.main.predict(features, self.flags, true))
    }

    /// All outputs of a bootstrap collection for one frame
    /// (`vmaf_predict_score_at_index` on model `"0"` plus
    /// `vmaf_bootstrap_predict_score_at_index`). Errors for a single model.
    pub fn predict_bootstrap(&self, features: &[f64], out: &mut BootstrapScores) -> Result<()> {
        self.check_len(features)?;
        if !self.is_bootstrap() {
            return Err(Error::invalid(
                "model for bootstrap prediction",
                &self.source,
                "a bootstrap collection (e.g. vmaf_b_v0.6.3)",
            ));
        }
        let n = self.members.len();
        out.score = self.main.predict(features, self.flags, true);
        out.members.resize(n, 0.0);
        out.raw.resize(n, 0.0);
        for (i, m) in self.members.iter().enumerate() {
            out.raw[i] = m.predict(features, self.flags, false);
            out.members[i] = m.predict(features, self.flags, true);
        }

        let mut sum = 0.0;
        for &s in &out.raw {
            sum += s;
        }
        let mean = sum / n as f64;
        let delta = 0.01;
        let mut ssd = 0.0;
        for &s in &out.raw {
            let d = s - mean;
            ssd += d * d; // pow(d, 2), which compilers evaluate as d * d
        }
        let stddev = (ssd / n as f64).sqrt();
        out.raw
            .sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let lo = percentile(&out.raw, 2.5);
        let hi = percentile(&out.raw, 97.5);

        let first = &self.members[0];
        let post = |v: f64| first.post_process(v, self.flags);
        out.bagging = post(mean);
        out.ci_p95_lo = post(lo);
        out.ci_p95_hi = post(hi);
        let slope = (post(mean + delta) - post(mean - delta)) / (2.0 * delta);
        out.stddev = stddev * slope;
        Ok(())
    }
}

/// Version names of the built-in models, as accepted by [`Model::builtin`].
pub fn builtin_versions() -> &'static [&'static str] {
    builtin::VERSIONS
}

#[cfg(test)]
mod tests;
