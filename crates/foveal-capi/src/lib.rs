//! C ABI of foveal (`libfoveal`). Thin for now: versions only. The full API (contexts, models,
//! frame submission, scores, reports) arrives with the C ABI issue.

#![warn(missing_docs)]

use std::ffi::c_char;

/// ABI version of this library, independent of the crate version: `major << 16 | minor << 8 | patch`.
/// The major number changes on any incompatible change of the C API.
pub const FOVEAL_ABI_VERSION: u32 = 0x00_01_00;

/// Returns the ABI version of the loaded library (see [`FOVEAL_ABI_VERSION`]).
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
            0x00_01_00,
            "ABI 0.1.0 until the C API is complete"
        );
    }
}
