//! Status codes, the per-thread last error message, and the panic firewall every entry point
//! runs inside (`boundary`).

use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Result of every fallible call: `FOVEAL_OK` (0) or one of the negative `FOVEAL_ERROR_*`
/// codes. The message of the last failure on the calling thread is in `foveal_last_error`.
pub type FovealStatus = i32;

/// Success.
pub const FOVEAL_OK: FovealStatus = 0;
/// A required pointer argument was NULL (or misaligned for its type).
pub const FOVEAL_ERROR_NULL_POINTER: FovealStatus = -1;
/// The handle is not a live handle of the expected type: freed already, never created by this
/// library, or a handle of another type (e.g. a `FovealCambi *` passed as a `FovealContext *`).
pub const FOVEAL_ERROR_INVALID_HANDLE: FovealStatus = -2;
/// An argument is out of range or malformed (unknown model version, bad option, wrong struct
/// size, out-of-order frame index, ...). The message names the value and what is allowed.
pub const FOVEAL_ERROR_INVALID_ARGUMENT: FovealStatus = -3;
/// A picture does not match its description or the context's format (plane size, stride,
/// alignment, sample above the bit depth, different geometry from earlier frames, ...).
pub const FOVEAL_ERROR_INVALID_FRAME: FovealStatus = -4;
/// The call is not allowed in the context's current state (e.g. adding a model after the first
/// frame, submitting after `foveal_flush`, reading the report
/// before it, or any scoring call on a context whose scoring failed).
pub const FOVEAL_ERROR_STATE: FovealStatus = -5;
/// No feature, model or metric of that name in this context.
pub const FOVEAL_ERROR_NOT_FOUND: FovealStatus = -6;
/// The frame is not complete yet (some of its features need later frames); poll again after
/// more frames or after flushing.
pub const FOVEAL_ERROR_NOT_READY: FovealStatus = -7;
/// The frame is complete but has no value for that name (frame skipped by subsampling), or a
/// pooled value has no frames to pool.
pub const FOVEAL_ERROR_NO_VALUE: FovealStatus = -8;
/// The caller's buffer is too small; the size needed was written to the size argument.
pub const FOVEAL_ERROR_BUFFER_TOO_SMALL: FovealStatus = -9;
/// A file could not be read or written.
pub const FOVEAL_ERROR_IO: FovealStatus = -10;
/// An internal error (a bug in foveal) was caught at the boundary. A context that hit one stays
/// unusable: free it.
pub const FOVEAL_ERROR_INTERNAL: FovealStatus = -11;

/// An error on its way out through the C boundary.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FfiError {
    pub code: FovealStatus,
    pub message: String,
}

impl FfiError {
    pub fn new(code: FovealStatus, message: impl Into<String>) -> FfiError {
        FfiError {
            code,
            message: message.into(),
        }
    }

    pub fn null(what: &str) -> FfiError {
        FfiError::new(
            FOVEAL_ERROR_NULL_POINTER,
            format!("{what} is NULL (a valid pointer is required)"),
        )
    }

    pub fn arg(message: impl Into<String>) -> FfiError {
        FfiError::new(FOVEAL_ERROR_INVALID_ARGUMENT, message)
    }

    pub fn state(message: impl Into<String>) -> FfiError {
        FfiError::new(FOVEAL_ERROR_STATE, message)
    }
}

impl From<foveal::Error> for FfiError {
    fn from(e: foveal::Error) -> FfiError {
        use foveal::Error as E;
        let code = match &e {
            E::InvalidFrame(_) | E::Mismatch { .. } | E::SampleOutOfRange { .. } => {
                FOVEAL_ERROR_INVALID_FRAME
            }
            E::Io { .. } => FOVEAL_ERROR_IO,
            _ => FOVEAL_ERROR_INVALID_ARGUMENT,
        };
        FfiError::new(code, e.to_string())
    }
}

pub(crate) type FfiResult<T> = Result<T, FfiError>;

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn to_cstring(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

pub(crate) fn set_last_error(message: &str) {
    LAST_ERROR.with(|e| *e.borrow_mut() = Some(to_cstring(message)));
}

fn clear_last_error() {
    LAST_ERROR.with(|e| {
        if let Ok(mut e) = e.try_borrow_mut()
            && e.is_some()
        {
            *e = None;
        }
    });
}

/// Text of a caught panic payload.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs one entry point: clears the thread's last error, runs `f` with panics caught, and turns
/// the outcome into a status code (recording the message of a failure).
pub(crate) fn boundary(function: &str, f: impl FnOnce() -> FfiResult<()>) -> FovealStatus {
    clear_last_error();
    let r = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(FfiError::new(
            FOVEAL_ERROR_INTERNAL,
            format!(
                "internal error (please report): {}",
                panic_text(payload.as_ref())
            ),
        )),
    };
    match r {
        Ok(()) => FOVEAL_OK,
        Err(e) => {
            set_last_error(&format!("{function}: {}", e.message));
            e.code
        }
    }
}

/// The message of the last failed call on this thread ("" when the last call succeeded), e.g.
/// `"foveal_submit: frame index 7 is out of order: expected 6 ..."`. Never NULL. The text stays
/// valid until the next foveal call on this thread (copy it to keep it).
#[unsafe(no_mangle)]
pub extern "C" fn foveal_last_error() -> *const c_char {
    static EMPTY: &[u8] = b"\0";
    LAST_ERROR.with(|e| match e.try_borrow() {
        Ok(e) => e.as_ref().map_or(EMPTY.as_ptr().cast(), |s| s.as_ptr()),
        Err(_) => EMPTY.as_ptr().cast(),
    })
}

/// The name of a status code as a static string (`"FOVEAL_OK"`, `"FOVEAL_ERROR_STATE"`, ...;
/// `"FOVEAL_ERROR_UNKNOWN"` for other values). Never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_status_name(status: FovealStatus) -> *const c_char {
    let s: &'static [u8] = match status {
        FOVEAL_OK => b"FOVEAL_OK\0",
        FOVEAL_ERROR_NULL_POINTER => b"FOVEAL_ERROR_NULL_POINTER\0",
        FOVEAL_ERROR_INVALID_HANDLE => b"FOVEAL_ERROR_INVALID_HANDLE\0",
        FOVEAL_ERROR_INVALID_ARGUMENT => b"FOVEAL_ERROR_INVALID_ARGUMENT\0",
        FOVEAL_ERROR_INVALID_FRAME => b"FOVEAL_ERROR_INVALID_FRAME\0",
        FOVEAL_ERROR_STATE => b"FOVEAL_ERROR_STATE\0",
        FOVEAL_ERROR_NOT_FOUND => b"FOVEAL_ERROR_NOT_FOUND\0",
        FOVEAL_ERROR_NOT_READY => b"FOVEAL_ERROR_NOT_READY\0",
        FOVEAL_ERROR_NO_VALUE => b"FOVEAL_ERROR_NO_VALUE\0",
        FOVEAL_ERROR_BUFFER_TOO_SMALL => b"FOVEAL_ERROR_BUFFER_TOO_SMALL\0",
        FOVEAL_ERROR_IO => b"FOVEAL_ERROR_IO\0",
        FOVEAL_ERROR_INTERNAL => b"FOVEAL_ERROR_INTERNAL\0",
        _ => b"FOVEAL_ERROR_UNKNOWN\0",
    };
    s.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last() -> String {
        // SAFETY: foveal_last_error returns a NUL-terminated string valid until the next call.
        unsafe { CStr::from_ptr(foveal_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn panics_become_internal_errors_with_a_message() {
        let s = boundary("foveal_test", || panic!("boom {}", 42));
        assert_eq!(s, FOVEAL_ERROR_INTERNAL);
        let m = last();
        assert!(
            m.starts_with("foveal_test: internal error") && m.contains("boom 42"),
            "{m}"
        );
        // A successful call clears the message.
        assert_eq!(boundary("foveal_test", || Ok(())), FOVEAL_OK);
        assert_eq!(last(), "");
    }

    #[test]
    fn status_names() {
        for (code, name) in [
            (FOVEAL_OK, "FOVEAL_OK"),
            (FOVEAL_ERROR_INTERNAL, "FOVEAL_ERROR_INTERNAL"),
            (-99, "FOVEAL_ERROR_UNKNOWN"),
        ] {
            // SAFETY: foveal_status_name returns a static NUL-terminated string.
            let s = unsafe { CStr::from_ptr(foveal_status_name(code)) };
            assert_eq!(s.to_str().unwrap(), name);
        }
    }

    #[test]
    fn library_errors_map_to_codes() {
        let e: FfiError = foveal::Error::invalid("bit depth", 17, "8..=16").into();
        assert_eq!(e.code, FOVEAL_ERROR_INVALID_ARGUMENT);
        let e: FfiError = foveal::Error::InvalidFrame("x".into()).into();
        assert_eq!(e.code, FOVEAL_ERROR_INVALID_FRAME);
    }
}
