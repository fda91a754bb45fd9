//! `cambi()`: CAMBI banding score of one frame, with libvmaf's options and, on request, the
//! per-scale heatmaps as numpy arrays ([`foveal::features::cambi::Cambi`]).
//!
//! Options are libvmaf's `cambi` option names (`enc_width`, `enc_bitdepth`, `topk`, `eotf`, ...)
//! parsed by libvmaf's rules (the same table as `features=("cambi", {...})`), so the score equals
//! the `cambi…` value of a scorer run with the same options. `reference=` turns on full-reference
//! mode (libvmaf's `full_ref`). libvmaf's `heatmaps_path` (files) is replaced by `heatmaps=True`
//! (arrays).

use numpy::{PyArray1, PyArray2, PyArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use foveal::features::cambi::{Cambi, CambiOptions, Eotf};
use foveal::features::options::{Options, normalize_value};
use foveal::features::registry;

use crate::config::value_text;
use crate::frames::{FrameArrays, depth_arg, resolve_depth};
use crate::{foveal_err, guarded};

/// The CAMBI result of one frame.
#[pyclass(module = "foveal._foveal", name = "CambiResult", frozen)]
pub struct CambiResult {
    score: f64,
    source_score: Option<f64>,
    full_reference_score: Option<f64>,
    name: String,
    heatmaps: Vec<Py<PyArray2<u16>>>,
}

#[pymethods]
impl CambiResult {
    /// The frame's CAMBI score (libvmaf `cambi`), clipped to `cambi_max_val`.
    #[getter]
    fn score(&self) -> f64 {
        self.score
    }

    /// Full-reference mode only: the reference's score (libvmaf `cambi_source`).
    #[getter]
    fn source_score(&self) -> Option<f64> {
        self.source_score
    }

    /// Full-reference mode only: max(0, score - source score) (libvmaf `cambi_full_reference`).
    #[getter]
    fn full_reference_score(&self) -> Option<f64> {
        self.full_reference_score
    }

    /// The name libvmaf reports the score under with these options (e.g. "cambi",
    /// "cambi_encbd_8").
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// With heatmaps=True: one uint16 array per scale (5, finest first), libvmaf's c-value maps
    /// scaled to 16 bit as in its heatmap files; otherwise an empty list.
    #[getter]
    fn heatmaps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.heatmaps.iter().map(|h| h.bind(py)))
    }

    fn __float__(&self) -> f64 {
        self.score
    }

    fn __repr__(&self) -> String {
        let mut s = format!("<foveal.CambiResult {}={:.6}", self.name, self.score);
        if let (Some(src), Some(fr)) = (self.source_score, self.full_reference_score) {
            s.push_str(&format!(
                " cambi_source={src:.6} cambi_full_reference={fr:.6}"
            ));
        }
        if !self.heatmaps.is_empty() {
            s.push_str(&format!(", {} heatmaps", self.heatmaps.len()));
        }
        s.push('>');
        s
    }
}

/// libvmaf's option values to [`CambiOptions`] (as the scorer's CAMBI extractor reads them).
fn cambi_options(o: &Options, full_ref: bool, heatmaps: bool) -> PyResult<CambiOptions> {
    let u = |name: &str| {
        u32::try_from(o.int(name))
            .map_err(|_| foveal_err(format!("cambi option {name} must not be negative")))
    };
    let eotf = |name: &str| o.str(name).parse::<Eotf>().map_err(foveal_err);
    Ok(CambiOptions {
        cambi_max_val: o.double("cambi_max_val"),
        enc_width: u("enc_width")?,
        enc_height: u("enc_height")?,
        enc_bitdepth: u("enc_bitdepth")?,
        src_width: u("src_width")?,
        src_height: u("src_height")?,
        window_size: u("window_size")?,
        topk: o.double("topk"),
        cambi_topk: o.double("cambi_topk"),
        tvi_threshold: o.double("tvi_threshold"),
        cambi_vis_lum_threshold: o.double("cambi_vis_lum_threshold"),
        max_log_contrast: u("max_log_contrast")?,
        eotf: eotf("eotf")?,
        cambi_eotf: eotf("cambi_eotf")?,
        cambi_high_res_speedup: u("cambi_high_res_speedup")?,
        full_ref,
        heatmaps,
    })
}

/// CAMBI (banding) of one frame: `frame` is a 2-D luma array or a (y, u, v) tuple (only luma
/// is used), uint8 or uint16 with `bit_depth`. `reference=` (same shape and dtype) enables
/// full-reference mode; `heatmaps=True` keeps the per-scale maps; other keyword arguments are
/// libvmaf's cambi options (enc_width, enc_height, enc_bitdepth, src_width, src_height,
/// window_size, topk, cambi_topk, tvi_threshold, cambi_vis_lum_threshold, max_log_contrast,
/// eotf, cambi_eotf, cambi_high_res_speedup, cambi_max_val). The GIL is released while scoring.
#[pyfunction]
#[pyo3(signature = (frame, *, bit_depth = None, reference = None, heatmaps = false, **options))]
pub fn cambi(
    py: Python<'_>,
    frame: &Bound<'_, PyAny>,
    bit_depth: Option<i64>,
    reference: Option<&Bound<'_, PyAny>>,
    heatmaps: bool,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<CambiResult> {
    let mut opts = registry::default_options("cambi").map_err(foveal_err)?;
    for (k, v) in options.into_iter().flat_map(|d| d.iter()) {
        let k: String = k.extract()?;
        match k.as_str() {
            "heatmaps_path" => {
                return Err(PyValueError::new_err(
                    "heatmaps_path: foveal returns heatmaps as arrays; pass heatmaps=True",
                ));
            }
            "full_ref" => {
                if v.is_truthy()? && reference.is_none() {
                    return Err(PyValueError::new_err(
                        "full_ref=True needs the reference frame: pass reference=…",
                    ));
                }
                continue; // implied by reference=
            }
            _ => {}
        }
        opts.set(&k, &normalize_value(&value_text(&v)?))
            .map_err(foveal_err)?;
    }
    let copts = cambi_options(&opts, reference.is_some(), heatmaps)?;
    let name = copts.feature_name();

    let dis = FrameArrays::extract(frame, "frame")?;
    let depth = resolve_depth("frame", dis.is_u16(), depth_arg(bit_depth)?)?;
    let refr = match reference {
        Some(r) => {
            let r = FrameArrays::extract(r, "reference")?;
            if r.is_u16() != dis.is_u16() || r.luma_shape() != dis.luma_shape() {
                let desc = |f: &FrameArrays<'_>| {
                    let (h, w) = f.luma_shape();
                    format!("({h}, {w}) {}", if f.is_u16() { "uint16" } else { "uint8" })
                };
                return Err(PyValueError::new_err(format!(
                    "reference and frame luma differ: reference {}, frame {}",
                    desc(&r),
                    desc(&dis)
                )));
            }
            Some(r)
        }
        None => None,
    };
    let ds = dis.slices()?;
    let rs = refr.as_ref().map(FrameArrays::slices).transpose()?;
    let (h, w) = dis.luma_shape();

    let (score, full, maps) = py.detach(|| {
        ds.check_range(depth)?;
        if let Some(rs) = &rs {
            rs.check_range(depth)?;
        }
        guarded("computing cambi", || {
            let mut c = Cambi::new(w, h, depth, copts).map_err(foveal_err)?;
            let luma = ds.luma().map_err(foveal_err)?;
            let (score, full) = match &rs {
                Some(rs) => {
                    let s = c
                        .compute_full_ref(rs.luma().map_err(foveal_err)?, luma)
                        .map_err(foveal_err)?;
                    (s.cambi, Some((s.cambi_source, s.cambi_full_reference)))
                }
                None => (c.compute(luma).map_err(foveal_err)?, None),
            };
            Ok((score, full, c.heatmaps().to_vec()))
        })
    })?;

    let heatmaps = maps
        .into_iter()
        .map(|m| {
            let (mh, mw) = (m.height, m.width);
            Ok(PyArray1::from_vec(py, m.values).reshape([mh, mw])?.unbind())
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(CambiResult {
        score,
        source_score: full.map(|f| f.0),
        full_reference_score: full.map(|f| f.1),
        name,
        heatmaps,
    })
}
