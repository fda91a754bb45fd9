//! libvmaf 2.3.1 in-process through the `libvmaf-sys` crate (GPL-3.0; feature `libvmaf-sys` of
//! this unpublished crate only). Used for timing: 2.3.1 predates libvmaf 3.2's motion changes,
//! so its scores are checked only loosely against the oracle, as a guard against feeding it
//! the wrong pictures.
//!
//! The flow is libvmaf's documented one: `vmaf_init`, load the model (or request CAMBI), then per
//! frame allocate two `VmafPicture`s, copy the planes in and hand them to `vmaf_read_pictures`
//! (which takes ownership), flush with two null pictures, pool the score, close.

#![allow(unsafe_code)]

use std::ffi::CStr;
use std::ptr;

use foveal::{Frame, PlaneRef};
use libvmaf_sys as ffi;

use crate::workload::Workload;

fn check(what: &str, r: i32) -> Result<(), String> {
    if r == 0 {
        Ok(())
    } else {
        Err(format!("libvmaf: {what} failed with {r}"))
    }
}

/// Owns a context and an optional model; frees both on drop.
struct Ctx {
    vmaf: *mut ffi::VmafContext,
    model: *mut ffi::VmafModel,
}

impl Drop for Ctx {
    fn drop(&mut self) {
        if !self.model.is_null() {
            // SAFETY: `model` came from `vmaf_model_load` and is destroyed exactly once.
            unsafe { ffi::vmaf_model_destroy(self.model) };
        }
        if !self.vmaf.is_null() {
            // SAFETY: `vmaf` came from `vmaf_init` and is closed exactly once.
            unsafe { ffi::vmaf_close(self.vmaf) };
        }
    }
}

/// The version string of the linked libvmaf.
pub fn version() -> String {
    // SAFETY: `vmaf_version` returns a pointer to a static NUL-terminated string.
    unsafe { CStr::from_ptr(ffi::vmaf_version()) }
        .to_string_lossy()
        .into_owned()
}

/// Copies one frame into a freshly allocated libvmaf picture.
fn picture(frame: &Frame) -> Result<ffi::VmafPicture, String> {
    let fmt = frame.format();
    let bpc = u32::from(fmt.bit_depth());
    // SAFETY: `VmafPicture` is a plain C struct (integers and pointers); all-zero is the state
    // `vmaf_picture_alloc` expects to fill.
    let mut pic: ffi::VmafPicture = unsafe { std::mem::zeroed() };
    // SAFETY: `pic` is a live, writable picture; the format/size arguments are plain values.
    let r = unsafe {
        ffi::vmaf_picture_alloc(
            &mut pic,
            ffi::VmafPixelFormat::VMAF_PIX_FMT_YUV420P,
            bpc,
            fmt.width(),
            fmt.height(),
        )
    };
    check("vmaf_picture_alloc", r)?;
    let view = frame.view();
    for p in 0..3 {
        let plane = view
            .plane(p)
            .ok_or_else(|| "libvmaf: only 4:2:0 frames are supported here".to_string())?;
        let stride = usize::try_from(pic.stride[p]).map_err(|_| "negative stride")?;
        let (w, h) = (pic.w[p] as usize, pic.h[p] as usize);
        if plane.width() != w || plane.height() != h {
            return Err(format!(
                "libvmaf: plane {p} is {}x{}, libvmaf expects {w}x{h}",
                plane.width(),
                plane.height()
            ));
        }
        let dst = pic.data[p].cast::<u8>();
        for y in 0..h {
            let (src, bytes): (*const u8, usize) = match plane {
                PlaneRef::U8(pl) => (pl.row(y).as_ptr(), w),
                PlaneRef::U16(pl) => (pl.row(y).as_ptr().cast::<u8>(), 2 * w),
            };
            // SAFETY: the source row holds `w` samples (`bytes` bytes); libvmaf allocated `h` rows
            // of `stride >= bytes` bytes at `data[p]`; the buffers are distinct allocations.
            unsafe { ptr::copy_nonoverlapping(src, dst.add(y * stride), bytes) };
        }
    }
    Ok(pic)
}

/// Scores `refs` against `dis` with libvmaf 2.3.1; returns the mean score.
pub fn score(
    workload: Workload,
    threads: usize,
    refs: &[Frame],
    dis: &[Frame],
) -> Result<f64, String> {
    if refs
        .first()
        .is_some_and(|f| f.format().chroma() != foveal::ChromaSampling::Cs420)
    {
        return Err("libvmaf: only 4:2:0 clips are supported here".to_string());
    }
    let cfg = ffi::VmafConfiguration {
        log_level: ffi::VmafLogLevel::VMAF_LOG_LEVEL_NONE,
        n_threads: threads as u32,
        n_subsample: 1,
        cpumask: 0,
    };
    let mut ctx = Ctx {
        vmaf: ptr::null_mut(),
        model: ptr::null_mut(),
    };
    // SAFETY: `ctx.vmaf` is a writable out-pointer; `cfg` is passed by value.
    check("vmaf_init", unsafe { ffi::vmaf_init(&mut ctx.vmaf, cfg) })?;
    match workload {
        Workload::VmafV061 => {
            let mut mcfg = ffi::VmafModelConfig {
                name: c"vmaf".as_ptr(),
                flags: 0,
            };
            // SAFETY: out-pointer and config are live; the version is a NUL-terminated literal.
            check("vmaf_model_load", unsafe {
                ffi::vmaf_model_load(&mut ctx.model, &mut mcfg, c"vmaf_v0.6.1".as_ptr())
            })?;
            // SAFETY: both handles are valid (created above).
            check("vmaf_use_features_from_model", unsafe {
                ffi::vmaf_use_features_from_model(ctx.vmaf, ctx.model)
            })?;
        }
        Workload::Cambi => {
            // SAFETY: valid context; the name is a NUL-terminated literal; no options (null).
            check("vmaf_use_feature(cambi)", unsafe {
                ffi::vmaf_use_feature(ctx.vmaf, c"cambi".as_ptr(), ptr::null_mut())
            })?;
        }
        Workload::VmafV1016_3d0h => {
            return Err("libvmaf 2.3.1 has no SpEED features (VMAF v1.0.16)".to_string());
        }
    }
    for (i, (r, d)) in refs.iter().zip(dis).enumerate() {
        let mut rp = picture(r)?;
        let mut dp = picture(d)?;
        // SAFETY: valid context; both pictures were allocated by libvmaf and are handed over
        // (libvmaf unreferences them).
        check("vmaf_read_pictures", unsafe {
            ffi::vmaf_read_pictures(ctx.vmaf, &mut rp, &mut dp, i as u32)
        })?;
    }
    // SAFETY: valid context; two null pictures flush the pipeline, as documented.
    check("vmaf_read_pictures(flush)", unsafe {
        ffi::vmaf_read_pictures(ctx.vmaf, ptr::null_mut(), ptr::null_mut(), 0)
    })?;
    let last = refs.len().saturating_sub(1) as u32;
    let mut s = 0.0f64;
    match workload {
        Workload::VmafV061 => {
            // SAFETY: valid context and model; `s` is a live out-value.
            check("vmaf_score_pooled", unsafe {
                ffi::vmaf_score_pooled(
                    ctx.vmaf,
                    ctx.model,
                    ffi::VmafPoolingMethod::VMAF_POOL_METHOD_MEAN,
                    &mut s,
                    0,
                    last,
                )
            })?;
        }
        _ => {
            // SAFETY: valid context; NUL-terminated name; `s` is a live out-value.
            check("vmaf_feature_score_pooled(cambi)", unsafe {
                ffi::vmaf_feature_score_pooled(
                    ctx.vmaf,
                    c"cambi".as_ptr(),
                    ffi::VmafPoolingMethod::VMAF_POOL_METHOD_MEAN,
                    &mut s,
                    0,
                    last,
                )
            })?;
        }
    }
    Ok(s)
}
