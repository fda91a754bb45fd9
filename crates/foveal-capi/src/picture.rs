//! Pictures from caller memory: plane pointers, strides in bytes, geometry, pixel format and bit
//! depth, checked and wrapped as borrowed `FrameView`s without copying.

use std::ffi::c_void;

use foveal::{ChromaSampling, FrameFormat, FrameView, Plane, PlaneRef};

use crate::status::{FOVEAL_ERROR_INVALID_FRAME, FfiError, FfiResult};

/// Chroma layout of a picture.
pub type FovealPixelFormat = u32;
/// 4:2:0: chroma planes `ceil(w/2) x ceil(h/2)`.
pub const FOVEAL_PIXEL_FORMAT_YUV420: FovealPixelFormat = 1;
/// 4:2:2: chroma planes `ceil(w/2) x h`.
pub const FOVEAL_PIXEL_FORMAT_YUV422: FovealPixelFormat = 2;
/// 4:4:4: chroma planes `w x h`.
pub const FOVEAL_PIXEL_FORMAT_YUV444: FovealPixelFormat = 3;
/// 4:0:0 (luma only; `data[1]`, `data[2]` are ignored). Features that need chroma refuse it.
pub const FOVEAL_PIXEL_FORMAT_YUV400: FovealPixelFormat = 4;

/// A picture in caller memory, read only during the call it is passed to (never retained).
///
/// Samples are `uint8_t` when `bit_depth` is 8 and native-endian `uint16_t` (value in the low
/// bits) for 9..16; every sample must be below `2^bit_depth`. Plane `i` has `height_i` rows of
/// `width_i` samples, the rows `stride[i]` bytes apart (padding allowed: `stride >= width_i *
/// bytes per sample`; positive; even and with a 2-byte aligned `data[i]` for 16-bit samples).
/// The plane must be readable from `data[i]` for `stride * (height_i - 1) + width_i * bytes`
/// bytes. Chroma sizes follow `pixel_format`, rounding up for odd luma sizes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FovealPicture {
    /// First sample of the Y, Cb and Cr planes.
    pub data: [*const c_void; 3],
    /// Bytes from one row to the next, per plane.
    pub stride: [isize; 3],
    /// Luma width in samples (1..=32768).
    pub width: u32,
    /// Luma height in rows (1..=32768).
    pub height: u32,
    /// One of the `FOVEAL_PIXEL_FORMAT_*` values.
    pub pixel_format: FovealPixelFormat,
    /// Bits per sample, 8..=16.
    pub bit_depth: u32,
}

/// One plane in caller memory (used for CAMBI's luma input), with the same rules as a plane of
/// `FovealPicture`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FovealPlane {
    /// First sample.
    pub data: *const c_void,
    /// Bytes from one row to the next.
    pub stride: isize,
    /// Width in samples.
    pub width: u32,
    /// Height in rows.
    pub height: u32,
    /// Bits per sample, 8..=16.
    pub bit_depth: u32,
}

fn frame_err(message: String) -> FfiError {
    FfiError::new(FOVEAL_ERROR_INVALID_FRAME, message)
}

pub(crate) fn chroma_of(pixel_format: FovealPixelFormat) -> FfiResult<ChromaSampling> {
    Ok(match pixel_format {
        FOVEAL_PIXEL_FORMAT_YUV420 => ChromaSampling::Cs420,
        FOVEAL_PIXEL_FORMAT_YUV422 => ChromaSampling::Cs422,
        FOVEAL_PIXEL_FORMAT_YUV444 => ChromaSampling::Cs444,
        FOVEAL_PIXEL_FORMAT_YUV400 => ChromaSampling::Cs400,
        other => {
            return Err(FfiError::arg(format!(
                "invalid pixel format: {other} (allowed: FOVEAL_PIXEL_FORMAT_YUV420 = 1, _YUV422 = 2, \
                 _YUV444 = 3, _YUV400 = 4)"
            )));
        }
    })
}

pub(crate) fn format_of(
    width: u32,
    height: u32,
    pixel_format: FovealPixelFormat,
    bit_depth: u32,
) -> FfiResult<FrameFormat> {
    let chroma = chroma_of(pixel_format)?;
    let bd = u8::try_from(bit_depth)
        .map_err(|_| FfiError::arg(format!("invalid bit depth: {bit_depth} (allowed: 8..=16)")))?;
    Ok(FrameFormat::new(width, height, chroma, bd)?)
}

/// Names a plane in messages (formatted only when an error is reported).
#[derive(Clone, Copy, Debug)]
struct Where<'r> {
    role: &'r str,
    plane: Option<usize>,
}

impl std::fmt::Display for Where<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.plane {
            Some(i) => write!(
                f,
                "{} picture plane {i} ({})",
                self.role,
                ["Y", "Cb", "Cr"][i]
            ),
            None => write!(f, "{} plane", self.role),
        }
    }
}

/// Checks one plane's pointer and stride and borrows it as a slice of `T` (`u8` or `u16`).
///
/// # Safety
/// If `data` is non-NULL, `stride_bytes * (height - 1) + width * size_of::<T>()` bytes from it
/// are readable and not written during `'a`.
unsafe fn plane<'a, T: foveal::Pixel>(
    what: Where<'_>,
    data: *const c_void,
    stride_bytes: isize,
    width: usize,
    height: usize,
) -> FfiResult<Plane<'a, T>> {
    let size = std::mem::size_of::<T>();
    if data.is_null() {
        return Err(FfiError::null(&what.to_string()));
    }
    if stride_bytes <= 0 {
        return Err(frame_err(format!(
            "{what}: stride {stride_bytes} bytes (must be positive; bottom-up layouts are not supported)"
        )));
    }
    let stride_bytes = stride_bytes as usize;
    if !stride_bytes.is_multiple_of(size) || !data.cast::<T>().is_aligned() {
        return Err(frame_err(format!(
            "{what}: 16-bit samples need an even stride and a 2-byte aligned pointer (stride {stride_bytes}, \
             pointer {data:p})"
        )));
    }
    let stride = stride_bytes / size;
    if stride < width {
        return Err(frame_err(format!(
            "{what}: stride {stride_bytes} bytes is less than the row of {width} samples ({} bytes)",
            width * size
        )));
    }
    let len = stride
        .checked_mul(height - 1)
        .and_then(|n| n.checked_add(width))
        .ok_or_else(|| {
            frame_err(format!(
                "{what}: {width}x{height} with stride {stride_bytes} overflows"
            ))
        })?;
    // SAFETY: `data` is non-NULL and aligned for T (checked above); the caller guarantees the
    // `len` samples it spans are readable (this function's contract, stated per plane in
    // FovealPicture's documentation).
    let samples = unsafe { crate::ptr::slice(data.cast::<T>(), len, "picture plane") }?;
    Plane::new(samples, width, height, stride).map_err(|e| frame_err(format!("{what}: {e}")))
}

/// Rejects 16-bit samples above the bit depth (the metrics' tables assume in-range input).
fn check_range(what: Where<'_>, p: &Plane<'_, u16>, bit_depth: u8) -> FfiResult<()> {
    let max = (1u32 << bit_depth) - 1;
    if max == u32::from(u16::MAX) {
        return Ok(());
    }
    for (y, row) in p.rows().enumerate() {
        if row.iter().any(|&v| u32::from(v) > max) {
            let x = row.iter().position(|&v| u32::from(v) > max).unwrap_or(0);
            return Err(frame_err(format!(
                "{what}: sample {} at column {x}, row {y} exceeds the {bit_depth}-bit maximum {max}",
                row[x]
            )));
        }
    }
    Ok(())
}

/// Wraps a caller picture as a frame view after checking every field. Allocates nothing unless
/// it reports an error.
///
/// # Safety
/// Each non-NULL `data[i]` the format uses satisfies `FovealPicture`'s memory rule for `'a`.
pub(crate) unsafe fn view<'a>(role: &str, p: &FovealPicture) -> FfiResult<FrameView<'a>> {
    let format = format_of(p.width, p.height, p.pixel_format, p.bit_depth)
        .map_err(|e| FfiError::new(e.code, format!("{role} picture: {}", e.message)))?;
    let at = |i: usize| Where {
        role,
        plane: Some(i),
    };
    let one = format.plane_count() == 1;
    if format.bit_depth() == 8 {
        let get = |i: usize| {
            let (w, h) = format.plane_size(i);
            // SAFETY: forwarded contract (FovealPicture's memory rule for plane i).
            unsafe { plane::<u8>(at(i), p.data[i], p.stride[i], w, h) }
        };
        let r = if one {
            FrameView::from_u8(format, &[get(0)?])
        } else {
            FrameView::from_u8(format, &[get(0)?, get(1)?, get(2)?])
        };
        Ok(r?)
    } else {
        let get = |i: usize| {
            let (w, h) = format.plane_size(i);
            // SAFETY: forwarded contract (FovealPicture's memory rule for plane i).
            let pl = unsafe { plane::<u16>(at(i), p.data[i], p.stride[i], w, h) }?;
            check_range(at(i), &pl, format.bit_depth())?;
            Ok::<_, FfiError>(pl)
        };
        let r = if one {
            FrameView::from_u16(format, &[get(0)?])
        } else {
            FrameView::from_u16(format, &[get(0)?, get(1)?, get(2)?])
        };
        Ok(r?)
    }
}

/// Wraps a caller plane (CAMBI input) after checking it.
///
/// # Safety
/// A non-NULL `p.data` satisfies `FovealPlane`'s memory rule for `'a`.
pub(crate) unsafe fn plane_view<'a>(role: &str, p: &FovealPlane) -> FfiResult<PlaneRef<'a>> {
    let bd = u8::try_from(p.bit_depth)
        .ok()
        .filter(|b| (8..=16).contains(b))
        .ok_or_else(|| {
            FfiError::arg(format!(
                "{role} plane: invalid bit depth {} (allowed: 8..=16)",
                p.bit_depth
            ))
        })?;
    let max = foveal::frame::MAX_DIMENSION;
    if !(1..=max).contains(&p.width) || !(1..=max).contains(&p.height) {
        return Err(frame_err(format!(
            "{role} plane: size {}x{} (allowed: 1..={max} each)",
            p.width, p.height
        )));
    }
    let (w, h) = (p.width as usize, p.height as usize);
    let what = Where { role, plane: None };
    if bd == 8 {
        // SAFETY: forwarded contract (FovealPlane's memory rule).
        Ok(PlaneRef::U8(unsafe {
            plane::<u8>(what, p.data, p.stride, w, h)
        }?))
    } else {
        // SAFETY: forwarded contract (FovealPlane's memory rule).
        let pl = unsafe { plane::<u16>(what, p.data, p.stride, w, h) }?;
        check_range(what, &pl, bd)?;
        Ok(PlaneRef::U16(pl))
    }
}
