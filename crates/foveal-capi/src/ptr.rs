//! Checked conversions of the raw pointers C hands over. Every dereference of a caller pointer in
//! this crate happens here, after a NULL and alignment check; what cannot be checked (that the
//! memory behind a non-NULL pointer is valid for the stated size) is the caller's contract,
//! stated in each entry point's `# Safety` section.

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;

use crate::status::{FfiError, FfiResult};

/// Checks that `p` is non-NULL and aligned for `T`.
fn check<T>(p: *const T, what: &str) -> FfiResult<()> {
    if p.is_null() {
        return Err(FfiError::null(what));
    }
    if !p.is_aligned() {
        return Err(FfiError::new(
            crate::status::FOVEAL_ERROR_NULL_POINTER,
            format!(
                "{what} ({p:p}) is not aligned to {} bytes",
                std::mem::align_of::<T>()
            ),
        ));
    }
    Ok(())
}

/// Borrows a struct the caller passes by pointer.
///
/// # Safety
/// `p` is NULL or points to a readable, initialised `T` that outlives `'a` and is not written
/// concurrently.
pub(crate) unsafe fn input<'a, T>(p: *const T, what: &str) -> FfiResult<&'a T> {
    check(p, what)?;
    // SAFETY: non-NULL and aligned (checked above); readable and initialised per this function's
    // contract.
    Ok(unsafe { &*p })
}

/// Like [`input`], NULL allowed.
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn input_opt<'a, T>(p: *const T, what: &str) -> FfiResult<Option<&'a T>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { input(p, what) }.map(Some)
}

/// An out-parameter: a place to write one `T`.
///
/// # Safety
/// `p` is NULL or points to memory writable as a `T` for `'a`, not accessed concurrently.
pub(crate) unsafe fn output<'a, T>(p: *mut T, what: &str) -> FfiResult<&'a mut MaybeUninit<T>> {
    check(p, what)?;
    // SAFETY: non-NULL and aligned (checked above); writable per this function's contract.
    // `MaybeUninit` makes no claim about the current contents.
    Ok(unsafe { &mut *p.cast::<MaybeUninit<T>>() })
}

/// A UTF-8, NUL-terminated C string.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn string<'a>(p: *const c_char, what: &str) -> FfiResult<&'a str> {
    if p.is_null() {
        return Err(FfiError::null(what));
    }
    // SAFETY: non-NULL; NUL-terminated and live per this function's contract.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().map_err(|e| {
        FfiError::arg(format!(
            "{what} is not valid UTF-8 ({e}): {}",
            s.to_string_lossy()
        ))
    })
}

/// Like [`string`], NULL allowed (and read as "not given").
///
/// # Safety
/// As [`string`].
pub(crate) unsafe fn string_opt<'a>(p: *const c_char, what: &str) -> FfiResult<Option<&'a str>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { string(p, what) }.map(Some)
}

/// A file path given as a NUL-terminated byte string (any bytes on Unix, UTF-8 elsewhere).
///
/// # Safety
/// As [`string`].
pub(crate) unsafe fn path<'a>(p: *const c_char, what: &str) -> FfiResult<&'a std::path::Path> {
    if p.is_null() {
        return Err(FfiError::null(what));
    }
    // SAFETY: non-NULL; NUL-terminated and live per this function's contract.
    let s = unsafe { CStr::from_ptr(p) };
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(std::path::Path::new(std::ffi::OsStr::from_bytes(
            s.to_bytes(),
        )))
    }
    #[cfg(not(unix))]
    {
        s.to_str()
            .map(std::path::Path::new)
            .map_err(|e| FfiError::arg(format!("{what} is not valid UTF-8 ({e})")))
    }
}

/// Largest byte count a Rust slice may span.
const MAX_BYTES: usize = isize::MAX as usize;

/// A caller buffer of `len` elements to read.
///
/// # Safety
/// `p` is NULL or points to `len` readable, initialised `T`s that outlive `'a` and are not
/// written concurrently.
pub(crate) unsafe fn slice<'a, T>(p: *const T, len: usize, what: &str) -> FfiResult<&'a [T]> {
    check(p, what)?;
    let bytes = len.checked_mul(std::mem::size_of::<T>());
    if bytes.is_none_or(|b| b > MAX_BYTES) {
        return Err(FfiError::arg(format!(
            "{what}: {len} elements exceed the address space"
        )));
    }
    // SAFETY: non-NULL, aligned, size within isize::MAX (checked above); `len` readable elements
    // per this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// A caller buffer of `len` elements to write.
///
/// # Safety
/// `p` is NULL or points to `len` writable `T`s that outlive `'a` and are not accessed
/// concurrently.
pub(crate) unsafe fn slice_mut<'a, T>(
    p: *mut T,
    len: usize,
    what: &str,
) -> FfiResult<&'a mut [MaybeUninit<T>]> {
    check(p, what)?;
    let bytes = len.checked_mul(std::mem::size_of::<T>());
    if bytes.is_none_or(|b| b > MAX_BYTES) {
        return Err(FfiError::arg(format!(
            "{what}: {len} elements exceed the address space"
        )));
    }
    // SAFETY: non-NULL, aligned, size within isize::MAX (checked above); `len` writable elements
    // per this function's contract; `MaybeUninit` makes no claim about their contents.
    Ok(unsafe { std::slice::from_raw_parts_mut(p.cast::<MaybeUninit<T>>(), len) })
}
