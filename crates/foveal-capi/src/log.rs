//! Per-context logging: a level and an optional callback (standard error when there is none).

use std::ffi::{CString, c_char, c_void};
use std::io::Write;

/// Log levels (libvmaf's numbering). A context passes on messages at or below its level.
pub type FovealLogLevel = i32;
/// Log nothing.
pub const FOVEAL_LOG_NONE: FovealLogLevel = 0;
/// Failed calls (the same text as `foveal_last_error`; FOVEAL_ERROR_NOT_READY and
/// FOVEAL_ERROR_NO_VALUE, ordinary answers when polling, are logged at FOVEAL_LOG_DEBUG).
pub const FOVEAL_LOG_ERROR: FovealLogLevel = 1;
/// Suspicious but accepted input.
pub const FOVEAL_LOG_WARNING: FovealLogLevel = 2;
/// One line per context event (created, format fixed, flushed with the pooled model scores).
pub const FOVEAL_LOG_INFO: FovealLogLevel = 3;
/// One line per submitted and per completed frame, and polls that found no value yet.
pub const FOVEAL_LOG_DEBUG: FovealLogLevel = 4;

/// Receives a context's log messages: `level` is one of the `FOVEAL_LOG_*` values, `message` a
/// NUL-terminated line without a trailing newline, valid only during the call. Called on the
/// thread that made the foveal call, never while the library holds a lock on the context.
pub type FovealLogCallback = Option<
    unsafe extern "C" fn(user_data: *mut c_void, level: FovealLogLevel, message: *const c_char),
>;

/// Where a context's messages go.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Logger {
    pub level: FovealLogLevel,
    pub callback: FovealLogCallback,
    /// The caller's `log_user_data`, kept as an exposed address (it is only handed back).
    pub user_data: usize,
}

impl Logger {
    pub fn enabled(&self, level: FovealLogLevel) -> bool {
        level <= self.level && level > FOVEAL_LOG_NONE
    }

    pub fn log(&self, level: FovealLogLevel, message: &str) {
        if !self.enabled(level) {
            return;
        }
        match self.callback {
            Some(cb) => {
                let text = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
                // SAFETY: the callback and its user data were given together by the caller in
                // FovealConfig, whose contract is that the function is callable with this
                // signature from the calling thread; `text` lives across the call.
                unsafe {
                    cb(
                        std::ptr::with_exposed_provenance_mut::<c_void>(self.user_data),
                        level,
                        text.as_ptr(),
                    )
                };
            }
            None => {
                let tag = match level {
                    FOVEAL_LOG_ERROR => "error",
                    FOVEAL_LOG_WARNING => "warning",
                    FOVEAL_LOG_INFO => "info",
                    _ => "debug",
                };
                // Not eprintln!: a closed standard error must not become a panic.
                let _ = writeln!(std::io::stderr(), "foveal[{tag}]: {message}");
            }
        }
    }
}
