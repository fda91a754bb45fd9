//! A standalone CAMBI handle for banding maps: scores one luma plane at a time and copies the
//! per-scale c-value heatmaps of the last frame into caller buffers (libvmaf writes the same
//! maps to `cambi_heatmap_scale_<s>_<w>x<h>_16b.gray` files with `heatmaps_path`).

use std::ffi::c_char;
use std::sync::{Arc, Mutex};

use foveal::features::cambi::{Cambi, CambiOptions, Eotf};
use foveal::scorer::FeatureRequest;

use crate::handle::{self, Entry, Kind};
use crate::picture::{self, FovealPlane};
use crate::ptr;
use crate::status::{
    FOVEAL_ERROR_BUFFER_TOO_SMALL, FOVEAL_ERROR_INTERNAL, FOVEAL_ERROR_NOT_READY, FfiError,
    FfiResult, FovealStatus, boundary,
};

/// An opaque CAMBI handle. Create with `foveal_cambi_create`, free with
/// `foveal_cambi_free`.
#[derive(Debug)]
pub struct FovealCambi {
    _opaque: [u8; 0],
}

/// The three outputs of a full-reference CAMBI computation.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FovealCambiScores {
    /// Banding of the distorted frame (libvmaf `cambi`).
    pub cambi: f64,
    /// Banding of the reference at the source size (libvmaf `cambi_source`).
    pub cambi_source: f64,
    /// `max(0, cambi - cambi_source)` (libvmaf `cambi_full_reference`).
    pub cambi_full_reference: f64,
}

#[derive(Debug)]
pub(crate) struct CambiHandle {
    cambi: Cambi,
    /// Whether a frame was scored (the maps hold its values).
    computed: bool,
}

fn parse_options(text: Option<&str>) -> FfiResult<CambiOptions> {
    let req = match text.filter(|t| !t.trim().is_empty()) {
        Some(t) => FeatureRequest::parse(&format!("cambi={t}"))?,
        None => FeatureRequest::new("cambi"),
    };
    let o = req.resolve()?;
    if !o.str("heatmaps_path").is_empty() {
        return Err(FfiError::arg(
            "heatmaps_path is not used by the CAMBI handle: copy the maps with \
             foveal_cambi_heatmap_copy",
        ));
    }
    let u = |name: &str| {
        u32::try_from(o.int(name))
            .map_err(|_| FfiError::arg(format!("invalid cambi {name}: {}", o.int(name))))
    };
    let eotf = |name: &str| o.str(name).parse::<Eotf>();
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
        full_ref: o.bool("full_ref"),
        heatmaps: true,
    })
}

fn with_cambi<T>(
    handle: *const FovealCambi,
    f: impl FnOnce(&mut CambiHandle) -> FfiResult<T>,
) -> FfiResult<T> {
    let c = handle::cambi(handle::from_ptr(handle))?;
    let mut guard = c.lock().map_err(|_| {
        FfiError::new(
            FOVEAL_ERROR_INTERNAL,
            "this CAMBI handle is unusable after an internal error; free it",
        )
    })?;
    f(&mut guard)
}

/// Creates a CAMBI handle for `width x height` luma planes of `bit_depth` bits (8..=16), with
/// libvmaf's `cambi` options as `"opt=value:..."` (NULL or `""` for the defaults), e.g.
/// `"enc_width=960:enc_height=540:enc_bitdepth=8"`; `full_ref=true` enables
/// `foveal_cambi_compute_full_ref`. Heatmaps are always kept. On failure `*out` is NULL.
///
/// # Safety
/// `options` is NULL or a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_cambi_create(
    width: u32,
    height: u32,
    bit_depth: u32,
    options: *const c_char,
    out: *mut *mut FovealCambi,
) -> FovealStatus {
    boundary("foveal_cambi_create", || {
        // SAFETY: `out` NULL or writable, `options` NULL or NUL-terminated (this function's
        // contract).
        let (out, text) = unsafe {
            (
                ptr::output(out, "out")?,
                ptr::string_opt(options, "options")?,
            )
        };
        out.write(std::ptr::null_mut());
        let opts = parse_options(text)?;
        let bd = u8::try_from(bit_depth).map_err(|_| {
            FfiError::arg(format!("invalid bit depth: {bit_depth} (allowed: 8..=16)"))
        })?;
        let cambi = Cambi::new(width as usize, height as usize, bd, opts)?;
        let h = CambiHandle {
            cambi,
            computed: false,
        };
        let token = handle::insert(Entry::Cambi(Arc::new(Mutex::new(h))))?;
        out.write(handle::to_ptr(token));
        Ok(())
    })
}

/// Frees a CAMBI handle. NULL is accepted; a freed or foreign handle returns
/// FOVEAL_ERROR_INVALID_HANDLE.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_cambi_free(cambi: *mut FovealCambi) -> FovealStatus {
    boundary("foveal_cambi_free", || {
        handle::remove(handle::from_ptr(cambi), Kind::Cambi)?;
        Ok(())
    })
}

/// Scores one distorted luma plane (the size and bit depth given at creation) and keeps its
/// heatmaps. `*score` receives libvmaf's `cambi` value.
///
/// # Safety
/// `distorted` is NULL or points to a readable `FovealPlane` obeying its memory rule; `score` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_cambi_compute(
    cambi: *mut FovealCambi,
    distorted: *const FovealPlane,
    score: *mut f64,
) -> FovealStatus {
    boundary("foveal_cambi_compute", || {
        with_cambi(cambi, |h| {
            // SAFETY: plane struct and out pointer per this function's contract.
            let (d, out) = unsafe {
                let d = ptr::input(distorted, "distorted")?;
                (
                    picture::plane_view("distorted", d)?,
                    ptr::output(score, "score")?,
                )
            };
            let s = h.cambi.compute(d)?;
            h.computed = true;
            out.write(s);
            Ok(())
        })
    })
}

/// Full-reference CAMBI (the handle must have been created with `full_ref=true`): scores the
/// distorted plane (keeping its heatmaps) and the reference.
///
/// # Safety
/// `reference` and `distorted` are NULL or point to readable `FovealPlane`s obeying their memory
/// rule; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_cambi_compute_full_ref(
    cambi: *mut FovealCambi,
    reference: *const FovealPlane,
    distorted: *const FovealPlane,
    out: *mut FovealCambiScores,
) -> FovealStatus {
    boundary("foveal_cambi_compute_full_ref", || {
        with_cambi(cambi, |h| {
            // SAFETY: plane structs and out pointer per this function's contract.
            let (r, d, out) = unsafe {
                let r = ptr::input(reference, "reference")?;
                let d = ptr::input(distorted, "distorted")?;
                (
                    picture::plane_view("reference", r)?,
                    picture::plane_view("distorted", d)?,
                    ptr::output(out, "out")?,
                )
            };
            let s = h.cambi.compute_full_ref(r, d)?;
            h.computed = true;
            out.write(FovealCambiScores {
                cambi: s.cambi,
                cambi_source: s.cambi_source,
                cambi_full_reference: s.cambi_full_reference,
            });
            Ok(())
        })
    })
}

/// Number of heatmap scales (5).
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_cambi_heatmap_count(
    cambi: *mut FovealCambi,
    out: *mut usize,
) -> FovealStatus {
    boundary("foveal_cambi_heatmap_count", || {
        with_cambi(cambi, |h| {
            // SAFETY: `out` NULL or writable (this function's contract).
            let out = unsafe { ptr::output(out, "out") }?;
            out.write(h.cambi.heatmaps().len());
            Ok(())
        })
    })
}

/// Width and height of the heatmap of `scale` (0 = the encode size, each next scale halved,
/// rounding up).
///
/// # Safety
/// `width` and `height` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_cambi_heatmap_size(
    cambi: *mut FovealCambi,
    scale: usize,
    width: *mut u32,
    height: *mut u32,
) -> FovealStatus {
    boundary("foveal_cambi_heatmap_size", || {
        with_cambi(cambi, |h| {
            // SAFETY: out pointers NULL or writable (this function's contract).
            let (w, hh) = unsafe { (ptr::output(width, "width")?, ptr::output(height, "height")?) };
            let maps = h.cambi.heatmaps();
            let m = maps.get(scale).ok_or_else(|| {
                FfiError::arg(format!(
                    "heatmap scale {scale} (allowed: 0..{})",
                    maps.len()
                ))
            })?;
            w.write(m.width as u32);
            hh.write(m.height as u32);
            Ok(())
        })
    })
}

/// Copies the heatmap of `scale` for the last computed frame into `dst`: `height` rows of
/// `width` 16-bit values, rows `dst_stride` values apart (`dst_stride >= width`), the buffer
/// holding `capacity` values (at least `dst_stride * (height - 1) + width`, else
/// FOVEAL_ERROR_BUFFER_TOO_SMALL). Values are libvmaf's: the c-value scaled so the largest
/// possible one maps to 65535; 0 where there is no banding. Padding between rows is not touched.
/// FOVEAL_ERROR_NOT_READY before the first computed frame.
///
/// # Safety
/// `dst` is NULL or has `capacity` writable `uint16_t`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_cambi_heatmap_copy(
    cambi: *mut FovealCambi,
    scale: usize,
    dst: *mut u16,
    dst_stride: usize,
    capacity: usize,
) -> FovealStatus {
    boundary("foveal_cambi_heatmap_copy", || {
        with_cambi(cambi, |h| {
            let maps = h.cambi.heatmaps();
            let m = maps.get(scale).ok_or_else(|| {
                FfiError::arg(format!(
                    "heatmap scale {scale} (allowed: 0..{})",
                    maps.len()
                ))
            })?;
            if !h.computed {
                return Err(FfiError::new(
                    FOVEAL_ERROR_NOT_READY,
                    "no frame computed yet (call foveal_cambi_compute first)",
                ));
            }
            if dst_stride < m.width {
                return Err(FfiError::arg(format!(
                    "dst_stride {dst_stride} is less than the map width {}",
                    m.width
                )));
            }
            let needed = dst_stride
                .checked_mul(m.height - 1)
                .and_then(|n| n.checked_add(m.width))
                .ok_or_else(|| FfiError::arg(format!("dst_stride {dst_stride} overflows")))?;
            if capacity < needed {
                return Err(FfiError::new(
                    FOVEAL_ERROR_BUFFER_TOO_SMALL,
                    format!(
                        "the {}x{} map with stride {dst_stride} needs {needed} values, the buffer holds {capacity}",
                        m.width, m.height
                    ),
                ));
            }
            // SAFETY: `dst` NULL or `capacity` writable values (this function's contract).
            let out = unsafe { ptr::slice_mut(dst, capacity, "dst") }?;
            for (y, src) in m.values.chunks_exact(m.width).enumerate() {
                for (d, s) in out[y * dst_stride..y * dst_stride + m.width]
                    .iter_mut()
                    .zip(src)
                {
                    d.write(*s);
                }
            }
            Ok(())
        })
    })
}
