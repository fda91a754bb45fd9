//! Python bindings for foveal (skeleton: version only; the scoring API arrives with the Python issue).

use pyo3::prelude::*;

#[pymodule(gil_used = false)]
fn _foveal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", foveal::VERSION)?;
    Ok(())
}
