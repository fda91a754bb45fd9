//! `models=` and `features=` arguments to a [`ScorerConfig`], validated up front.
//!
//! - A model is a built-in version (`"vmaf_v0.6.1"`) or libvmaf's `--model` syntax
//!   (`"version=vmaf_v0.6.1neg:name=vmaf_neg"`, `"path=model.json:name=mine"`). As in libvmaf,
//!   a model is named `vmaf` unless `name=` says otherwise, so several models need names.
//! - A feature is libvmaf's `--feature` syntax (`"cambi=enc_width=960:enc_height=540"`) or a
//!   `(name, {option: value})` pair; values may be `str`, `bool`, `int` or `float`.
//!
//! Everything the scorer would refuse later for reasons independent of the frames (unknown model,
//! unknown extractor or option, value out of range, duplicate model name) is refused here, when
//! the `Scorer` is made, with a `FovealError`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyTuple};

use foveal::features::registry;
use foveal::scorer::{FeatureRequest, ModelRequest, ScorerConfig};

use crate::foveal_err;

/// An option value as libvmaf's option parser reads it.
pub fn value_text(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_string());
    }
    if v.cast::<PyString>().is_ok() || v.cast::<PyInt>().is_ok() || v.cast::<PyFloat>().is_ok() {
        return Ok(v.str()?.to_string());
    }
    Err(PyTypeError::new_err(format!(
        "option value {} of type {} is not supported; use str, bool, int or float",
        v.repr()?,
        v.get_type().name()?
    )))
}

fn strings_or_items<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.cast::<PyString>().is_ok() {
        return Ok(vec![obj.clone()]);
    }
    obj.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{what}: expected a str or a sequence, got {}",
                obj.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?
        .collect()
}

/// Parses `models=`: a str or a sequence of str; `None` is the default (`vmaf_v0.6.1`).
pub fn models(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<ModelRequest>> {
    let Some(obj) = obj else {
        return Ok(vec![ModelRequest::version("vmaf_v0.6.1")]);
    };
    let mut out = Vec::new();
    for item in strings_or_items(obj, "models")? {
        let s: String = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "models: each model is a str (a version such as 'vmaf_v0.6.1', or \
                 'version=…:name=…'), got {}",
                item.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        let req = if s.contains('=') {
            ModelRequest::parse(&s).map_err(foveal_err)?
        } else {
            ModelRequest::version(s.trim())
        };
        out.push(req);
    }
    Ok(out)
}

/// Parses `features=`: a str or a sequence of str / `(name, mapping)` pairs.
pub fn features(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<FeatureRequest>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in strings_or_items(obj, "features")? {
        if let Ok(s) = item.extract::<String>() {
            out.push(FeatureRequest::parse(&s).map_err(foveal_err)?);
            continue;
        }
        let bad = || {
            PyTypeError::new_err(format!(
                "features: each feature is a str ('name' or 'name=option=value:…') or a \
                 (name, {{option: value}}) pair, got {}",
                item.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        };
        let t = item.cast::<PyTuple>().map_err(|_| bad())?;
        if t.len() != 2 {
            return Err(bad());
        }
        let name: String = t.get_item(0)?.extract().map_err(|_| bad())?;
        let opts = t.get_item(1)?;
        let opts = opts.cast::<PyDict>().map_err(|_| bad())?;
        let mut req = FeatureRequest::new(name);
        for (k, v) in opts.iter() {
            let k: String = k.extract().map_err(|_| bad())?;
            req = req.with(k, value_text(&v)?);
        }
        out.push(req);
    }
    Ok(out)
}

/// Checks a configuration as far as it can be checked without frames.
pub fn validate(config: &ScorerConfig) -> PyResult<()> {
    let mut names: Vec<String> = Vec::new();
    for m in &config.models {
        let model = m.load().map_err(foveal_err)?;
        if names.iter().any(|n| n == model.name()) {
            return Err(foveal_err(format!(
                "two models are named {:?}; give each a name, e.g. \
                 'version=vmaf_v0.6.1neg:name=vmaf_neg'",
                model.name()
            )));
        }
        names.push(model.name().to_string());
        for f in model.features() {
            registry::extractor(f.extractor).map_err(|e| {
                foveal_err(format!(
                    "model {} needs feature extractor {}: {e}",
                    model.name(),
                    f.extractor
                ))
            })?;
        }
        for (ex, _, _) in &m.overloads {
            registry::extractor(ex).map_err(foveal_err)?;
        }
    }
    for f in &config.features {
        f.resolve().map_err(foveal_err)?;
    }
    Ok(())
}
