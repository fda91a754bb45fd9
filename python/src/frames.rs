//! numpy arrays to frames, without copying.
//!
//! A frame is a 2-D array (luma only, 4:0:0) or a `(y, u, v)` tuple or list of 2-D arrays, all
//! `uint8` (8-bit content) or all `uint16` (9- to 16-bit content, values in the low bits, native
//! byte order). Each plane must be C-contiguous: its buffer is then read in place as a
//! [`foveal::Plane`] with stride = width. Other layouts (slices with a step, transposes,
//! Fortran order) are refused with a `ValueError` that says how to fix it
//! (`numpy.ascontiguousarray`), so a copy is never made behind the caller's back.
//!
//! The chroma sampling is read from the plane shapes: chroma planes of the luma size are 4:4:4,
//! `ceil(width / 2)` wide 4:2:2, and also `ceil(height / 2)` high 4:2:0.
//!
//! Extraction happens with the GIL held ([`FrameArrays::extract`] borrows the arrays read-only,
//! so numpy refuses concurrent writers); the borrowed slices ([`FrameSlices`]) are `Send` and are
//! checked and scored after the GIL is released.

use numpy::{PyArray2, PyArrayMethods, PyReadonlyArray2, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use foveal::{ChromaSampling, FrameFormat, FrameView, Plane};

const PLANE_NAMES: [&str; 3] = ["y", "u", "v"];

/// The planes of one frame, borrowed read-only from numpy.
pub enum PlaneArrays<'py> {
    /// 8-bit planes.
    U8(Vec<PyReadonlyArray2<'py, u8>>),
    /// 9..16-bit planes.
    U16(Vec<PyReadonlyArray2<'py, u16>>),
}

/// One frame handed over from Python: its planes and their `(height, width)`.
pub struct FrameArrays<'py> {
    role: &'static str,
    planes: PlaneArrays<'py>,
    shapes: Vec<(usize, usize)>,
}

/// The planes of one frame as plain slices (row-major, stride = width), usable without the GIL.
pub enum SamplesRef<'a> {
    /// 8-bit planes.
    U8(Vec<&'a [u8]>),
    /// 9..16-bit planes.
    U16(Vec<&'a [u16]>),
}

/// A frame's slices plus what is needed to view and check them.
pub struct FrameSlices<'a> {
    role: &'static str,
    samples: SamplesRef<'a>,
    shapes: Vec<(usize, usize)>,
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

enum OnePlane<'py> {
    U8(PyReadonlyArray2<'py, u8>),
    U16(PyReadonlyArray2<'py, u16>),
}

fn extract_plane<'py>(
    obj: &Bound<'py, PyAny>,
    role: &str,
    plane: &str,
) -> PyResult<(OnePlane<'py>, (usize, usize))> {
    let Ok(arr) = obj.cast::<PyUntypedArray>() else {
        return Err(PyTypeError::new_err(format!(
            "{role} plane {plane}: expected a numpy.ndarray, got {}",
            type_name(obj)
        )));
    };
    let shape = arr.shape().to_vec();
    let dtype = arr
        .dtype()
        .str()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".to_string());
    if arr.ndim() != 2 {
        return Err(PyValueError::new_err(format!(
            "{role} plane {plane}: expected a 2-D array (height, width), got {} dimension(s), shape {}",
            arr.ndim(),
            shape_text(&shape)
        )));
    }
    if shape[0] == 0 || shape[1] == 0 {
        return Err(PyValueError::new_err(format!(
            "{role} plane {plane}: empty array of shape {}",
            shape_text(&shape)
        )));
    }
    let p = if let Ok(a) = obj.cast::<PyArray2<u8>>() {
        a.try_readonly().map(OnePlane::U8)
    } else if let Ok(a) = obj.cast::<PyArray2<u16>>() {
        a.try_readonly().map(OnePlane::U16)
    } else {
        return Err(PyValueError::new_err(format!(
            "{role} plane {plane}: dtype {dtype} is not supported; use uint8 for 8-bit content or \
             uint16 (native byte order) for 9..16-bit content"
        )));
    };
    if !arr.is_c_contiguous() {
        let strides: Vec<String> = arr.strides().iter().map(isize::to_string).collect();
        return Err(PyValueError::new_err(format!(
            "{role} plane {plane}: array of shape {} with strides ({}) is not C-contiguous; \
             foveal reads planes in place and copies nothing, so pass \
             numpy.ascontiguousarray(plane)",
            shape_text(&shape),
            strides.join(", ")
        )));
    }
    let p = p.map_err(|e| {
        PyValueError::new_err(format!(
            "{role} plane {plane}: cannot borrow the array for reading: {e}"
        ))
    })?;
    Ok((p, (shape[0], shape[1])))
}

impl<'py> FrameArrays<'py> {
    /// Reads a frame: a 2-D array, or a tuple/list of 1 or 3 arrays.
    pub fn extract(obj: &Bound<'py, PyAny>, role: &'static str) -> PyResult<FrameArrays<'py>> {
        let items: Vec<Bound<'py, PyAny>> = if obj.cast::<PyUntypedArray>().is_ok() {
            vec![obj.clone()]
        } else if let Ok(t) = obj.cast::<PyTuple>() {
            t.iter().collect()
        } else if let Ok(l) = obj.cast::<PyList>() {
            l.iter().collect()
        } else {
            return Err(PyTypeError::new_err(format!(
                "{role}: expected a 2-D numpy array (luma only) or a (y, u, v) tuple of 2-D \
                 arrays, got {}",
                type_name(obj)
            )));
        };
        if items.len() != 1 && items.len() != 3 {
            return Err(PyValueError::new_err(format!(
                "{role}: a frame has 1 plane (y) or 3 planes (y, u, v), got {}",
                items.len()
            )));
        }
        let mut shapes = Vec::with_capacity(3);
        let mut u8s = Vec::new();
        let mut u16s = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let (p, shape) = extract_plane(item, role, PLANE_NAMES[i])?;
            shapes.push(shape);
            match p {
                OnePlane::U8(a) => u8s.push(a),
                OnePlane::U16(a) => u16s.push(a),
            }
        }
        let planes = match (u8s.is_empty(), u16s.is_empty()) {
            (false, true) => PlaneArrays::U8(u8s),
            (true, false) => PlaneArrays::U16(u16s),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "{role}: planes mix dtypes ({} uint8, {} uint16); all planes of a frame must \
                     share one dtype",
                    u8s.len(),
                    u16s.len()
                )));
            }
        };
        Ok(FrameArrays {
            role,
            planes,
            shapes,
        })
    }

    /// Whether the samples are `uint16`.
    pub fn is_u16(&self) -> bool {
        matches!(self.planes, PlaneArrays::U16(_))
    }

    /// The `(height, width)` of the luma plane.
    pub fn luma_shape(&self) -> (usize, usize) {
        self.shapes[0]
    }

    /// The frame format the planes describe, with `bit_depth` (required for `uint16`).
    pub fn format(&self, bit_depth: Option<u8>) -> PyResult<FrameFormat> {
        let role = self.role;
        let depth = resolve_depth(role, self.is_u16(), bit_depth)?;
        let (h, w) = self.shapes[0];
        let chroma = if self.shapes.len() == 1 {
            ChromaSampling::Cs400
        } else {
            let (hu, wu) = self.shapes[1];
            if self.shapes[2] != self.shapes[1] {
                return Err(PyValueError::new_err(format!(
                    "{role}: planes u and v differ in shape: u {}, v {}",
                    shape_text(&[hu, wu]),
                    shape_text(&[self.shapes[2].0, self.shapes[2].1])
                )));
            }
            let (h2, w2) = (h.div_ceil(2), w.div_ceil(2));
            if (hu, wu) == (h, w) {
                ChromaSampling::Cs444
            } else if (hu, wu) == (h, w2) {
                ChromaSampling::Cs422
            } else if (hu, wu) == (h2, w2) {
                ChromaSampling::Cs420
            } else {
                return Err(PyValueError::new_err(format!(
                    "{role}: chroma planes of shape {} do not fit luma {}: expected {} (4:4:4), \
                     {} (4:2:2) or {} (4:2:0)",
                    shape_text(&[hu, wu]),
                    shape_text(&[h, w]),
                    shape_text(&[h, w]),
                    shape_text(&[h, w2]),
                    shape_text(&[h2, w2])
                )));
            }
        };
        let dim = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        FrameFormat::new(dim(w), dim(h), chroma, depth)
            .map_err(|e| PyValueError::new_err(format!("{role}: {e}")))
    }

    /// The planes as plain slices (borrowing the arrays).
    pub fn slices(&self) -> PyResult<FrameSlices<'_>> {
        let not_contig =
            |_| PyValueError::new_err(format!("{}: a plane is not contiguous", self.role));
        let samples = match &self.planes {
            PlaneArrays::U8(v) => SamplesRef::U8(
                v.iter()
                    .map(|a| a.as_slice().map_err(not_contig))
                    .collect::<PyResult<_>>()?,
            ),
            PlaneArrays::U16(v) => SamplesRef::U16(
                v.iter()
                    .map(|a| a.as_slice().map_err(not_contig))
                    .collect::<PyResult<_>>()?,
            ),
        };
        Ok(FrameSlices {
            role: self.role,
            samples,
            shapes: self.shapes.clone(),
        })
    }
}

/// Checks a `bit_depth=` argument: 8..=16 (8 for uint8 planes, 9..16 for uint16).
pub fn depth_arg(bit_depth: Option<i64>) -> PyResult<Option<u8>> {
    match bit_depth {
        None => Ok(None),
        Some(d @ 8..=16) => Ok(Some(d as u8)),
        Some(d) => Err(PyValueError::new_err(format!(
            "bit_depth {d} is out of range; allowed 8 (uint8 planes) or 9..16 (uint16 planes)"
        ))),
    }
}

/// The bit depth of planes of the given dtype: 8 for `uint8` (the only depth it allows), the
/// caller's 9..16 for `uint16` (required).
pub fn resolve_depth(role: &str, is_u16: bool, bit_depth: Option<u8>) -> PyResult<u8> {
    match (is_u16, bit_depth) {
        (false, None | Some(8)) => Ok(8),
        (false, Some(d)) => Err(PyValueError::new_err(format!(
            "{role}: bit_depth {d} needs uint16 planes, got uint8 (uint8 planes are 8-bit)"
        ))),
        (true, None) => Err(PyValueError::new_err(format!(
            "{role}: uint16 planes need an explicit bit_depth (9..16), e.g. bit_depth=10"
        ))),
        (true, Some(d @ 9..=16)) => Ok(d),
        (true, Some(8)) => Err(PyValueError::new_err(format!(
            "{role}: bit_depth 8 needs uint8 planes, got uint16 (convert with plane.astype(numpy.uint8))"
        ))),
        (true, Some(d)) => Err(PyValueError::new_err(format!(
            "{role}: bit_depth {d} is out of range; uint16 planes take 9..16"
        ))),
    }
}

impl<'a> FrameSlices<'a> {
    /// Checks that no sample exceeds `2^bit_depth - 1` (only `uint16` below 16 bits can).
    pub fn check_range(&self, bit_depth: u8) -> PyResult<()> {
        let SamplesRef::U16(planes) = &self.samples else {
            return Ok(());
        };
        if bit_depth >= 16 {
            return Ok(());
        }
        let max = (1u16 << bit_depth) - 1;
        for (i, p) in planes.iter().enumerate() {
            let top = p.iter().copied().max().unwrap_or(0);
            if top > max {
                let at = p.iter().position(|&v| v == top).unwrap_or(0);
                let w = self.shapes[i].1.max(1);
                return Err(PyValueError::new_err(format!(
                    "{} plane {}: sample value {top} at (row {}, column {}) exceeds the {bit_depth}-bit \
                     maximum {max}; check bit_depth",
                    self.role,
                    PLANE_NAMES[i],
                    at / w,
                    at % w
                )));
            }
        }
        Ok(())
    }

    /// A borrowed frame of `format` over the slices.
    pub fn view(&self, format: FrameFormat) -> foveal::Result<FrameView<'a>> {
        match &self.samples {
            SamplesRef::U8(v) => {
                let planes = v
                    .iter()
                    .zip(&self.shapes)
                    .map(|(s, &(h, w))| Plane::new(s, w, h, w))
                    .collect::<foveal::Result<Vec<_>>>()?;
                FrameView::from_u8(format, &planes)
            }
            SamplesRef::U16(v) => {
                let planes = v
                    .iter()
                    .zip(&self.shapes)
                    .map(|(s, &(h, w))| Plane::new(s, w, h, w))
                    .collect::<foveal::Result<Vec<_>>>()?;
                FrameView::from_u16(format, &planes)
            }
        }
    }

    /// The luma plane.
    pub fn luma(&self) -> foveal::Result<foveal::PlaneRef<'a>> {
        let (h, w) = self.shapes[0];
        Ok(match &self.samples {
            SamplesRef::U8(v) => foveal::PlaneRef::U8(Plane::new(v[0], w, h, w)?),
            SamplesRef::U16(v) => foveal::PlaneRef::U16(Plane::new(v[0], w, h, w)?),
        })
    }
}
