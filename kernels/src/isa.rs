//! Shared machinery of the x86-64 vector levels (AVX2, AVX-512), so that a kernel is written once
//! and instantiated per instruction set (the jxl-rs model).
//!
//! - [`Avx2`] and [`Avx512`] are zero-sized *tokens*: a value of either type exists only where the
//!   CPU supports that level ([`CpuLevel::Avx2`](crate::cpu::CpuLevel::Avx2), [`CpuLevel::Avx512`](crate::cpu::CpuLevel::Avx512)), because the only way to
//!   make one is the `unsafe` constructor `new`, called by a level's `#[target_feature]` entry
//!   function. Vector operations that take the token (`self`) are therefore safe to call, and a
//!   body generic over a token type, marked `#[inline(always)]`, compiles to each level's
//!   instructions once it is inlined into that level's `#[target_feature(enable = ...)]` entry
//!   function.
//! - [`twins!`] stamps out, for one level, the `#[target_feature]` twins of kernels whose bodies
//!   are plain Rust written to vectorise (the compiler vectorises them for that level), each
//!   behind a safe wrapper for the level's kernel table.
//!
//! The `#[target_feature]` strings themselves stay in each feature's `avx2.rs` / `avx512.rs`,
//! which pass them to that feature's stamping macro.

/// Proof that the CPU supports [`CpuLevel::Avx2`](crate::cpu::CpuLevel::Avx2) (AVX2, FMA, BMI1/2, LZCNT, POPCNT).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(());

/// Proof that the CPU supports [`CpuLevel::Avx512`](crate::cpu::CpuLevel::Avx512) (the Ice Lake AVX-512 set plus AVX2's).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512(());

impl Avx2 {
    /// The token.
    ///
    /// # Safety
    /// The CPU supports [`CpuLevel::Avx2`](crate::cpu::CpuLevel::Avx2).
    #[inline(always)]
    pub(crate) const unsafe fn new() -> Self {
        Avx2(())
    }
}

impl Avx512 {
    /// The token.
    ///
    /// # Safety
    /// The CPU supports [`CpuLevel::Avx512`](crate::cpu::CpuLevel::Avx512).
    #[inline(always)]
    pub(crate) const unsafe fn new() -> Self {
        Avx512(())
    }
}

/// Stamps out `#[target_feature]` twins of kernels written as plain Rust, for one level.
///
/// `twins! { features: "…"; fn name => name_impl(args) -> ret = body; … }` defines, per entry,
/// `unsafe fn name_impl` compiled with `features` (its body `body`, which must only index safe
/// slices) and a safe `fn name` (visibility and attributes as written) that calls it. The safe
/// function may only be stored in the kernel table of the level whose features these are, and
/// that table only be handed out when `CpuLevel::is_supported()` says so.
macro_rules! twins {
    (
        features: $features:literal;
        $(
            $(#[$attr:meta])*
            $vis:vis fn $name:ident => $inner:ident ( $($arg:ident : $ty:ty),* $(,)? )
                $(-> $ret:ty)? = $body:expr;
        )*
    ) => {$(
        $(#[$attr])*
        #[target_feature(enable = $features)]
        unsafe fn $inner($($arg: $ty),*) $(-> $ret)? {
            $body
        }

        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) $(-> $ret)? {
            // SAFETY: only reachable through the kernel table of the level whose features
            // `$inner` is compiled with, which `for_level` (or `kernel_for`) hands out only when
            // `CpuLevel::is_supported()` says this CPU has them; the body indexes safe slices
            // only.
            unsafe { $inner($($arg),*) }
        }
    )*};
}
pub(crate) use twins;
