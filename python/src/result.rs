//! `ScoreResult`: the values of a finished run.
//!
//! Indexed by the names libvmaf prints (`result["vmaf"]`, `result["integer_vif_scale0"]`,
//! `result["psnr_y"]`; the stored names such as `VMAF_integer_feature_vif_scale0_score` work too),
//! each a new `float64` numpy array with one value per frame pushed (`NaN` for frames without a
//! value, e.g. skipped by `subsample`). Pooling, bootstrap intervals and the report formats come
//! from [`foveal::report`], so they match the CLI and libvmaf byte for byte.

use numpy::PyArray1;
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use foveal::features::options::feature_alias;
use foveal::report::{Pooling, Report, ReportFormat};

use crate::foveal_err;

/// The outputs of a bootstrap model (`<name>_bagging`, ...), in libvmaf's order.
const BOOTSTRAP: [&str; 4] = ["bagging", "stddev", "ci_p95_lo", "ci_p95_hi"];

/// Per-frame values of every feature and model score of a finished run.
#[pyclass(module = "foveal._foveal", name = "ScoreResult", frozen)]
pub struct ScoreResult {
    report: Report,
}

impl ScoreResult {
    pub fn new(report: Report) -> ScoreResult {
        ScoreResult { report }
    }

    /// The store id of a printed or stored name.
    fn id(&self, name: &str) -> Option<usize> {
        let store = &self.report.store;
        store
            .id(name)
            .or_else(|| store.names().iter().position(|n| feature_alias(n) == name))
    }

    fn id_or_key_error(&self, name: &str) -> PyResult<usize> {
        self.id(name).ok_or_else(|| {
            let names = self.printed_names();
            PyKeyError::new_err(format!(
                "{name:?} is not in this result; it has: {}",
                names.join(", ")
            ))
        })
    }

    fn printed_names(&self) -> Vec<String> {
        self.report
            .store
            .names()
            .iter()
            .map(|n| feature_alias(n).to_string())
            .collect()
    }

    fn series(&self, id: usize) -> Vec<f64> {
        (0..self.report.frames)
            .map(|i| self.report.store.get(id, i).unwrap_or(f64::NAN))
            .collect()
    }

    fn write(&self, format: ReportFormat) -> PyResult<String> {
        let mut out = Vec::new();
        self.report.write(format, &mut out).map_err(foveal_err)?;
        String::from_utf8(out).map_err(foveal_err)
    }
}

fn parse_pooling(method: &str) -> PyResult<Pooling> {
    Pooling::parse(method).ok_or_else(|| {
        PyValueError::new_err(format!(
            "pooling method {method:?} is not one of mean, harmonic_mean, min, max, or p<N> with \
             N in 0..100 (e.g. p5)"
        ))
    })
}

#[pymethods]
impl ScoreResult {
    /// Per-frame values of `name` (a printed name such as "vmaf" or "integer_vif_scale0", or a
    /// stored name), as a new float64 array with one value per frame (NaN where a frame has no
    /// value, e.g. skipped by subsampling). KeyError if the run has no such output.
    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let id = self.id_or_key_error(name)?;
        Ok(PyArray1::from_vec(py, self.series(id)))
    }

    fn __contains__(&self, name: &str) -> bool {
        self.id(name).is_some()
    }

    /// Number of outputs (see keys()); the number of frames is `frames`.
    fn __len__(&self) -> usize {
        self.report.store.names().len()
    }

    fn __iter__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let keys = slf.get().keys();
        Ok(keys
            .into_pyobject(slf.py())?
            .try_iter()?
            .into_any()
            .unbind())
    }

    /// Printed names of every output (features, then model scores), in report order.
    fn keys(&self) -> Vec<String> {
        self.printed_names()
    }

    /// `(name, per-frame array)` for every output, in report order.
    fn items<'py>(&self, py: Python<'py>) -> Vec<(String, Bound<'py, PyArray1<f64>>)> {
        self.printed_names()
            .into_iter()
            .enumerate()
            .map(|(id, n)| (n, PyArray1::from_vec(py, self.series(id))))
            .collect()
    }

    /// Pools the frames of `name`: "mean", "harmonic_mean" (libvmaf's), "min", "max", or a
    /// percentile "p<N>" (e.g. "p5"; linear interpolation between ranks). Frames skipped by
    /// subsampling are left out, as in libvmaf's reports.
    #[pyo3(signature = (name, method = "mean"))]
    fn pooled(&self, name: &str, method: &str) -> PyResult<f64> {
        let pooling = parse_pooling(method)?;
        let id = self.id_or_key_error(name)?;
        let stored = &self.report.store.names()[id];
        self.report.pooled(stored, pooling).ok_or_else(|| {
            foveal_err(format!(
                "{name} has no value on some scored frame, so it cannot be pooled"
            ))
        })
    }

    /// Per-frame outputs of the bootstrap model `name` (e.g. a model loaded from
    /// "version=vmaf_b_v0.6.3"): a dict with "bagging", "stddev", "ci_p95_lo", "ci_p95_hi".
    #[pyo3(signature = (name = "vmaf"))]
    fn bootstrap<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for s in BOOTSTRAP {
            let key = format!("{name}_{s}");
            let id = self.id(&key).ok_or_else(|| {
                PyKeyError::new_err(format!(
                    "{name:?} is not a bootstrap model of this result (no {key}); load one with \
                     models=['version=vmaf_b_v0.6.3'] (or ':name=…')"
                ))
            })?;
            d.set_item(s, PyArray1::from_vec(py, self.series(id)))?;
        }
        Ok(d)
    }

    /// The pooled 95 % confidence interval of the bootstrap model `name`:
    /// (pooled ci_p95_lo, pooled ci_p95_hi), as libvmaf's tool prints it with "mean".
    #[pyo3(signature = (name = "vmaf", method = "mean"))]
    fn interval(&self, name: &str, method: &str) -> PyResult<(f64, f64)> {
        if self.id(&format!("{name}_ci_p95_lo")).is_none() {
            return Err(PyKeyError::new_err(format!(
                "{name:?} is not a bootstrap model of this result (no {name}_ci_p95_lo)"
            )));
        }
        Ok((
            self.pooled(&format!("{name}_ci_p95_lo"), method)?,
            self.pooled(&format!("{name}_ci_p95_hi"), method)?,
        ))
    }

    /// libvmaf's JSON report (same structure, key order and number formatting as libvmaf's
    /// `--json` output).
    fn to_json(&self) -> PyResult<String> {
        self.write(ReportFormat::Json)
    }

    /// libvmaf's XML report.
    fn to_xml(&self) -> PyResult<String> {
        self.write(ReportFormat::Xml)
    }

    /// libvmaf's CSV report.
    fn to_csv(&self) -> PyResult<String> {
        self.write(ReportFormat::Csv)
    }

    /// The JSON report as Python objects: {"version", "fps", "frames": [{"frameNum",
    /// "metrics"}], "pooled_metrics", "aggregate_metrics"}, numbers as printed (6 decimals).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_json()?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// Frames pushed (every array has this length).
    #[getter]
    fn frames(&self) -> u64 {
        self.report.frames
    }

    /// Luma width of the frames.
    #[getter]
    fn width(&self) -> u32 {
        self.report.width
    }

    /// Luma height of the frames.
    #[getter]
    fn height(&self) -> u32 {
        self.report.height
    }

    /// Subsampling factor (1 = every frame scored).
    #[getter]
    fn subsample(&self) -> u32 {
        self.report.subsample
    }

    /// Frames per second of the run (wall time from the first frame to the end).
    #[getter]
    fn fps(&self) -> f64 {
        self.report.fps
    }

    /// Run-level values (libvmaf's "aggregate_metrics", e.g. APSNR), by name.
    #[getter]
    fn aggregate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.report.aggregate {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let names = self.printed_names();
        let shown = if names.len() > 6 {
            format!("{}, … ({} in all)", names[..6].join(", "), names.len())
        } else {
            names.join(", ")
        };
        format!(
            "<foveal.ScoreResult {} frame(s) {}x{}: {shown}>",
            self.report.frames, self.report.width, self.report.height
        )
    }
}
