//! Handles: opaque tokens, never addresses.
//!
//! A `FovealContext *` or `FovealCambi *` that C holds is a pointer-sized token made of a magic
//! tag, a type tag and a serial number that is never reused. The library keeps the live objects
//! in a table keyed by token. Every call checks the magic, the type and that the token is still
//! in the table before touching anything, so a freed handle (double free, use after free), a
//! handle of the other type or a stray pointer is reported as `FOVEAL_ERROR_INVALID_HANDLE`
//! without dereferencing anything. Tokens are not canonical addresses on 64-bit targets, so C
//! code that dereferences one faults at once instead of corrupting memory.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::status::{FOVEAL_ERROR_INVALID_HANDLE, FfiError, FfiResult};

/// What a handle refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Context = 1,
    Cambi = 2,
}

impl Kind {
    fn c_type(self) -> &'static str {
        match self {
            Kind::Context => "FovealContext",
            Kind::Cambi => "FovealCambi",
        }
    }
}

// Token layout: magic tag in the top bits, then the type tag (2 bits), then the serial.
#[cfg(target_pointer_width = "64")]
const MAGIC: usize = 0xF0E5 << 48;
#[cfg(target_pointer_width = "64")]
const MAGIC_MASK: usize = 0xFFFF << 48;
#[cfg(target_pointer_width = "64")]
const KIND_SHIFT: u32 = 44;
#[cfg(target_pointer_width = "32")]
const MAGIC: usize = 0xF << 28;
#[cfg(target_pointer_width = "32")]
const MAGIC_MASK: usize = 0xF << 28;
#[cfg(target_pointer_width = "32")]
const KIND_SHIFT: u32 = 26;
const SERIAL_BITS: u32 = KIND_SHIFT;

const KIND_MASK: usize = 0x3 << KIND_SHIFT;
const SERIAL_MASK: usize = (1 << SERIAL_BITS) - 1;

fn token(kind: Kind, serial: usize) -> usize {
    MAGIC | ((kind as usize) << KIND_SHIFT) | serial
}

/// A live object in the table.
pub(crate) enum Entry {
    Context(Arc<crate::context::Shared>),
    Cambi(Arc<Mutex<crate::cambi::CambiHandle>>),
}

impl Entry {
    fn kind(&self) -> Kind {
        match self {
            Entry::Context(_) => Kind::Context,
            Entry::Cambi(_) => Kind::Cambi,
        }
    }
}

struct Registry {
    /// Serial of the next handle (starts at 1).
    next: usize,
    live: BTreeMap<usize, Entry>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 1,
    live: BTreeMap::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // The table is only modified by infallible insert/remove calls, so a poisoned lock (a panic
    // elsewhere while it was held) still guards a consistent table.
    REGISTRY.lock().unwrap_or_else(|p| p.into_inner())
}

/// Puts `entry` in the table and returns its token.
pub(crate) fn insert(entry: Entry) -> FfiResult<usize> {
    let mut r = registry();
    let serial = r.next;
    if serial > SERIAL_MASK {
        return Err(FfiError::new(
            crate::status::FOVEAL_ERROR_INTERNAL,
            "handle serial numbers are exhausted in this process",
        ));
    }
    r.next += 1;
    let t = token(entry.kind(), serial);
    r.live.insert(t, entry);
    Ok(t)
}

/// Why `t` is not a live handle of `kind`, or `Ok` with its serial.
fn validate(r: &Registry, t: usize, kind: Kind) -> FfiResult<()> {
    let what = kind.c_type();
    if t == 0 {
        return Err(FfiError::null(&format!("the {what} handle")));
    }
    if t & MAGIC_MASK != MAGIC {
        return Err(FfiError::new(
            FOVEAL_ERROR_INVALID_HANDLE,
            format!("{t:#x} is not a {what} handle made by this library (bad magic tag)"),
        ));
    }
    let found = match (t & KIND_MASK) >> KIND_SHIFT {
        1 => Kind::Context,
        2 => Kind::Cambi,
        _ => {
            return Err(FfiError::new(
                FOVEAL_ERROR_INVALID_HANDLE,
                format!("{t:#x} is not a {what} handle made by this library (bad type tag)"),
            ));
        }
    };
    if found != kind {
        return Err(FfiError::new(
            FOVEAL_ERROR_INVALID_HANDLE,
            format!(
                "wrong handle type: a {} was passed where a {what} is expected",
                found.c_type()
            ),
        ));
    }
    if !r.live.contains_key(&t) {
        let serial = t & SERIAL_MASK;
        let why = if serial != 0 && serial < r.next {
            "was already freed"
        } else {
            "was never created by this library"
        };
        return Err(FfiError::new(
            FOVEAL_ERROR_INVALID_HANDLE,
            format!("{what} handle {t:#x} {why}"),
        ));
    }
    Ok(())
}

/// The context behind token `t`.
pub(crate) fn context(t: usize) -> FfiResult<Arc<crate::context::Shared>> {
    let r = registry();
    validate(&r, t, Kind::Context)?;
    match r.live.get(&t) {
        Some(Entry::Context(c)) => Ok(Arc::clone(c)),
        _ => unreachable!("validated as a live context"),
    }
}

/// The CAMBI handle behind token `t`.
pub(crate) fn cambi(t: usize) -> FfiResult<Arc<Mutex<crate::cambi::CambiHandle>>> {
    let r = registry();
    validate(&r, t, Kind::Cambi)?;
    match r.live.get(&t) {
        Some(Entry::Cambi(c)) => Ok(Arc::clone(c)),
        _ => unreachable!("validated as a live CAMBI handle"),
    }
}

/// Whether `t` is still a live handle.
pub(crate) fn is_live(t: usize) -> bool {
    registry().live.contains_key(&t)
}

/// Takes `t` out of the table (it is then invalid for every call). NULL (0) is accepted and
/// yields `None`.
pub(crate) fn remove(t: usize, kind: Kind) -> FfiResult<Option<Entry>> {
    if t == 0 {
        return Ok(None);
    }
    let mut r = registry();
    validate(&r, t, kind)?;
    let entry = r.live.remove(&t);
    if r.live.is_empty() {
        // Give the table's last node back too: nothing stays allocated once every handle is freed.
        r.live = BTreeMap::new();
    }
    Ok(entry)
}

/// The pointer C receives for token `t`.
pub(crate) fn to_ptr<T>(t: usize) -> *mut T {
    std::ptr::without_provenance_mut(t)
}

/// The token a C pointer carries.
pub(crate) fn from_ptr<T>(p: *const T) -> usize {
    p.addr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_magic_and_kind() {
        let t = token(Kind::Cambi, 5);
        assert_eq!(t & MAGIC_MASK, MAGIC);
        assert_eq!((t & KIND_MASK) >> KIND_SHIFT, Kind::Cambi as usize);
        assert_eq!(t & SERIAL_MASK, 5);
        let r = registry();
        let e = validate(&r, t, Kind::Context).unwrap_err();
        assert_eq!(e.code, FOVEAL_ERROR_INVALID_HANDLE);
        assert!(e.message.contains("wrong handle type"), "{}", e.message);
        let e = validate(&r, 0x1234, Kind::Context).unwrap_err();
        assert!(e.message.contains("bad magic"), "{}", e.message);
        let e = validate(&r, token(Kind::Context, SERIAL_MASK), Kind::Context).unwrap_err();
        assert!(e.message.contains("never created"), "{}", e.message);
    }
}
