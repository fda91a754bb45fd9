//! C ABI of foveal: `libfoveal.so` / `libfoveal.a` and the header `include/foveal.h`, generated
//! from this crate by cbindgen (see `cbindgen.toml`; the `header` test keeps it up to date).
//!
//! The API is shaped for an encoder's loop: create a context from a `FovealConfig`, add models
//! and features, submit `(reference, distorted)` picture pairs straight from the encoder's
//! buffers with their index, read each frame's scores when it completes (polling or a
//! callback), flush, then read pooled scores, bootstrap intervals and libvmaf-format reports.
//! A separate CAMBI handle gives banding heatmaps. `docs/c-api.md` is the guide.
//!
//! Misuse is survivable: every entry point catches panics, checks its pointers (NULL,
//! alignment, sizes) and handles (magic tag, type, liveness; see `handle`) and reports a
//! negative status with a message (`foveal_last_error`); no call ever unwinds into C.
//!
//! `unsafe` in this crate is confined to reading and writing caller memory through pointers
//! that were checked first (`ptr`, `picture`) and to calling the caller's callbacks.

#![warn(missing_docs)]

use std::ffi::c_char;

// Declared in the order the header lists them.
pub mod status;

pub mod log;

pub mod picture;

pub mod context;

pub mod cambi;

mod handle;
mod ptr;

pub use cambi::*;
pub use context::*;
pub use log::*;
pub use picture::*;
pub use status::*;

/// Major ABI version: changes with any incompatible change of the C API (also the SONAME,
/// `libfoveal.so.<major>`).
pub const FOVEAL_ABI_VERSION_MAJOR: u32 = 1;
/// Minor ABI version: additions that keep existing programs working.
pub const FOVEAL_ABI_VERSION_MINOR: u32 = 1;
/// Patch ABI version: fixes without API change.
pub const FOVEAL_ABI_VERSION_PATCH: u32 = 0;
/// ABI version this header describes, `major << 16 | minor << 8 | patch`, independent of the
/// crate version. Compare with `foveal_abi_version` at run time: the majors must be equal
/// and the library's minor at least the header's.
pub const FOVEAL_ABI_VERSION: u32 = 0x01_01_00;

const _: () = assert!(
    FOVEAL_ABI_VERSION
        == FOVEAL_ABI_VERSION_MAJOR << 16
            | FOVEAL_ABI_VERSION_MINOR << 8
            | FOVEAL_ABI_VERSION_PATCH
);

/// Returns the ABI version of the loaded library (see `FOVEAL_ABI_VERSION`).
#[unsafe(no_mangle)]
pub extern "C" fn foveal_abi_version() -> u32 {
    FOVEAL_ABI_VERSION
}

/// Returns the library version as a static NUL-terminated string (e.g. "0.1.0").
#[unsafe(no_mangle)]
pub extern "C" fn foveal_version() -> *const c_char {
    static V: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    V.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_nul_terminated_crate_version() {
        // SAFETY: foveal_version returns a pointer to a static NUL-terminated string.
        let s = unsafe { std::ffi::CStr::from_ptr(foveal_version()) };
        assert_eq!(s.to_str().unwrap(), foveal::VERSION);
        assert_eq!(
            foveal_abi_version(),
            0x01_01_00,
            "ABI 1.1.0: 1.0 (the first complete C API) plus FovealConfig::split_frames"
        );
    }
}
