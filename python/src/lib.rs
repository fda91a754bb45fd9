//! Python bindings for foveal: the native module `foveal._foveal`, re-exported by the pure-Python
//! package `foveal` (maturin mixed layout; stubs in `python/foveal/_foveal.pyi`).
//!
//! - [`scorer`]: `Scorer` (numpy planes in, pushed frame by frame) and `score_files` (Y4M or raw
//!   YUV files), both returning a `ScoreResult`.
//! - [`result`]: `ScoreResult`: per-frame numpy arrays by printed name, pooling, bootstrap
//!   intervals, libvmaf's report formats.
//! - [`cambi`]: `cambi()` for one frame, with heatmaps.
//! - [`frames`]: numpy arrays to borrowed [`foveal::FrameView`]s, without copying.
//!
//! Errors: problems with the arrays handed over (shape, dtype, memory layout, bit depth, sample
//! range) raise `ValueError` naming the offending values; every error of the library raises
//! `foveal.FovealError`; a panic inside the library is caught and raised as `FovealError` too,
//! so none reaches Python as `PanicException`. The GIL is released while frames are scored.

use pyo3::prelude::*;

mod cambi;
mod config;
mod frames;
mod result;
mod scorer;

pyo3::create_exception!(
    foveal,
    FovealError,
    pyo3::exceptions::PyException,
    "Raised for every error of the foveal library (unknown models or features, option values \
     out of range, unreadable or malformed input files, inputs the metrics cannot score). \
     Problems with the numpy arrays handed over (shape, dtype, layout, bit depth) raise \
     ValueError instead."
);

/// A library error as a Python exception.
pub(crate) fn foveal_err(e: impl std::fmt::Display) -> PyErr {
    FovealError::new_err(e.to_string())
}

/// Runs `f`, turning a panic into a `FovealError` (the message says it is a bug to report).
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            Err(FovealError::new_err(format!(
                "internal error in foveal while {what}: {msg} (this is a bug; please report it)"
            )))
        }
    }
}

/// Version names of the built-in models (`vmaf_v0.6.1`, `vmaf_b_v0.6.3`, ...), as accepted in
/// `models=`.
#[pyfunction]
fn builtin_models() -> Vec<&'static str> {
    foveal::model::builtin_versions().to_vec()
}

/// The instruction-set level the kernels use now: "scalar", "avx2", "avx512" or "neon".
#[pyfunction]
fn cpu_level() -> &'static str {
    foveal::cpu::CpuLevel::active().name()
}

/// The levels this CPU supports, lowest first (always starting with "scalar").
#[pyfunction]
fn supported_cpu_levels() -> Vec<&'static str> {
    foveal::cpu::CpuLevel::supported()
        .into_iter()
        .map(|l| l.name())
        .collect()
}

/// Caps the kernels' level for scorers created afterwards (`None` removes the cap); process-wide,
/// like the `FOVEAL_CPU` environment variable, which it overrides. A level the CPU lacks yields
/// the best one below it. Unknown names raise `ValueError`.
#[pyfunction]
fn set_max_cpu_level(level: Option<&str>) -> PyResult<()> {
    let cap = level
        .map(|name| name.parse::<foveal::cpu::CpuLevel>())
        .transpose()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    foveal::cpu::set_max_level(cap);
    Ok(())
}

/// Test hook: panics inside the library's panic guard, to show that a panic surfaces as
/// `FovealError` (never as pyo3's `PanicException`).
#[pyfunction]
fn _panic_for_tests(message: &str) -> PyResult<()> {
    guarded("running the panic test hook", || panic!("{message}"))
}

#[pymodule(gil_used = false)]
fn _foveal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", foveal::VERSION)?;
    m.add(
        "build_profile",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    )?;
    m.add("FovealError", py.get_type::<FovealError>())?;
    m.add_function(wrap_pyfunction!(builtin_models, m)?)?;
    m.add_function(wrap_pyfunction!(cpu_level, m)?)?;
    m.add_function(wrap_pyfunction!(supported_cpu_levels, m)?)?;
    m.add_function(wrap_pyfunction!(set_max_cpu_level, m)?)?;
    // Not in __all__ (setattr, not add_function): a test hook, not API.
    m.setattr("_panic_for_tests", wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::score_files, m)?)?;
    m.add_function(wrap_pyfunction!(cambi::cambi, m)?)?;
    m.add_class::<scorer::PyScorer>()?;
    m.add_class::<result::ScoreResult>()?;
    m.add_class::<cambi::CambiResult>()?;
    Ok(())
}
