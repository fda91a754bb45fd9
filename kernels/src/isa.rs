//! Shared machinery of the x86-64 vector levels (AVX2, AVX-512), so that a kernel is written once
//! and instantiated per instruction set (the jxl-rs model).
//!
//! - [`Avx2`] and [`Avx512`] are zero-sized *tokens*: a value of either type exists only where the
//!   CPU supports that level ([`CpuLevel::Avx2`], [`CpuLevel::Avx512`]), because the only way to
//!   make one is the `unsafe` constructor `new`, called by a level's `#[target_feature]` entry
//!   function. Vector operations that take the token (`self`) are therefore safe to call, and a
//!   body generic over a token type, marked `#[inline(always)]`, compiles to each level's
//!   instructions once it is inlined into that level's `#[target_feature(enable = ...)]` entry
//!   function. Such bodies avoid closures (and array `map`s): a closure the compiler chooses not
//!   to inline is compiled without the level's features and calls every intrinsic out of line;
//!   helpers are `#[inline(always)]` functions instead. Compare the disassembly when changing
//!   one.
//! - [`Isa`] is the integer vector of a level (`__m256i` or `__m512i`) with the operations the
//!   shared integer kernel bodies use; each maps to one intrinsic (or, where AVX2 lacks the
//!   instruction, the short sequence the AVX2 kernels have always used).
//! - [`twins!`] stamps out, for one level, the `#[target_feature]` twins of kernels whose bodies
//!   are plain Rust written to vectorise (the compiler vectorises them for that level), each
//!   behind a safe wrapper for the level's kernel table.
//!
//! The `#[target_feature]` strings themselves stay in each feature's `avx2.rs` / `avx512.rs`,
//! which pass them to that feature's stamping macro.

use core::arch::x86_64::*;

#[cfg(doc)]
use crate::cpu::CpuLevel;

/// Proof that the CPU supports [`CpuLevel::Avx2`] (AVX2, FMA, BMI1/2, LZCNT, POPCNT).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(());

/// Proof that the CPU supports [`CpuLevel::Avx512`] (the Ice Lake AVX-512 set plus AVX2's).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512(());

impl Avx2 {
    /// The token.
    ///
    /// # Safety
    /// The CPU supports [`CpuLevel::Avx2`].
    #[inline(always)]
    pub(crate) const unsafe fn new() -> Self {
        Avx2(())
    }
}

impl Avx512 {
    /// The token.
    ///
    /// # Safety
    /// The CPU supports [`CpuLevel::Avx512`].
    #[inline(always)]
    pub(crate) const unsafe fn new() -> Self {
        Avx512(())
    }
}

/// A shift count for the `*_sll_*`/`*_srl_*`/`*_sra_*` operations of [`Isa`] (SSE2, which every
/// x86-64 CPU has).
#[inline(always)]
pub(crate) fn count(n: i32) -> __m128i {
    // SAFETY: SSE2 is part of the x86-64 baseline.
    unsafe { _mm_cvtsi32_si128(n) }
}

/// Asks for the cache line of `p` to be fetched (a hint: any address is allowed).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    // SAFETY: SSE is part of the x86-64 baseline; prefetching never faults.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) }
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

/// The integer vector of one x86-64 level and the operations the shared kernel bodies use.
///
/// Lane counts are given for 32-bit lanes ([`Isa::LANES`]). Shift counts in `const` parameters
/// must be below the lane width. Every method is `#[inline(always)]`: it compiles to the
/// instruction of the level it is inlined into.
pub(crate) trait Isa: Copy {
    /// 32-bit lanes per vector (8 or 16).
    const LANES: usize;
    /// The full-width integer vector.
    type V: Copy;

    /// All zero.
    fn zero(self) -> Self::V;
    /// Every 16-bit lane `x`.
    fn set1_epi16(self, x: i16) -> Self::V;
    /// Every 32-bit lane `x`.
    fn set1_epi32(self, x: i32) -> Self::V;
    /// Every 64-bit lane `x`.
    fn set1_epi64(self, x: i64) -> Self::V;

    /// `LANES` 32-bit values (or twice as many 16-bit ones) from `p`, unaligned.
    ///
    /// # Safety
    /// `p` is readable for a whole vector.
    unsafe fn loadu<T>(self, p: *const T) -> Self::V;
    /// Stores a whole vector to `p`, unaligned.
    ///
    /// # Safety
    /// `p` is writable for a whole vector.
    unsafe fn storeu<T>(self, p: *mut T, v: Self::V);
    /// `LANES` `i16` from `p`, sign-extended to 32-bit lanes.
    ///
    /// # Safety
    /// `p` is readable for `LANES` `i16`.
    unsafe fn load_i16_i32(self, p: *const i16) -> Self::V;
    /// `LANES` `u16` (or `i16` bit patterns) from `p`, zero-extended to 32-bit lanes.
    ///
    /// # Safety
    /// `p` is readable for `LANES` `u16`.
    unsafe fn load_u16_i32(self, p: *const u16) -> Self::V;
    /// `2·LANES` `u8` from `p`, zero-extended to 16-bit lanes.
    ///
    /// # Safety
    /// `p` is readable for `2·LANES` bytes.
    unsafe fn load_u8_i16(self, p: *const u8) -> Self::V;

    /// Bitwise and.
    fn and(self, a: Self::V, b: Self::V) -> Self::V;
    /// Bitwise or.
    fn or(self, a: Self::V, b: Self::V) -> Self::V;
    /// Bitwise xor.
    fn xor(self, a: Self::V, b: Self::V) -> Self::V;

    /// 32-bit lanes: `a + b` (wrapping).
    fn add_epi32(self, a: Self::V, b: Self::V) -> Self::V;
    /// 32-bit lanes: `a - b` (wrapping).
    fn sub_epi32(self, a: Self::V, b: Self::V) -> Self::V;
    /// 32-bit lanes: the low 32 bits of `a · b`.
    fn mullo_epi32(self, a: Self::V, b: Self::V) -> Self::V;
    /// 32-bit lanes: `|a|` (`i32::MIN` stays, read as `u32` it is 2^31).
    fn abs_epi32(self, a: Self::V) -> Self::V;
    /// 32-bit lanes: signed maximum.
    fn max_epi32(self, a: Self::V, b: Self::V) -> Self::V;
    /// 32-bit lanes: `a << N`.
    fn slli_epi32<const N: i32>(self, a: Self::V) -> Self::V;
    /// 32-bit lanes: `a >> N`, arithmetic.
    fn srai_epi32<const N: i32>(self, a: Self::V) -> Self::V;
    /// 32-bit lanes: `a << n` (`n` in the low 64 bits of `count`).
    fn sll_epi32(self, a: Self::V, count: __m128i) -> Self::V;
    /// 32-bit lanes: `a >> n`, arithmetic (`n` in the low 64 bits of `count`).
    fn sra_epi32(self, a: Self::V, count: __m128i) -> Self::V;

    /// 16-bit lanes: `a_lo·b_lo + a_hi·b_hi` of each pair, into 32-bit lanes (`vpmaddwd`).
    fn madd_epi16(self, a: Self::V, b: Self::V) -> Self::V;
    /// `acc + madd_epi16(a, b)` in 32-bit lanes (wrapping): one `vpdpwssd` where the level has
    /// VNNI (AVX-512), else `vpmaddwd` and `vpaddd`.
    fn dpwssd(self, acc: Self::V, a: Self::V, b: Self::V) -> Self::V;
    /// Interleaves the low 16-bit halves of each 128-bit block of `a` and `b`.
    fn unpacklo_epi16(self, a: Self::V, b: Self::V) -> Self::V;
    /// Interleaves the high 16-bit halves of each 128-bit block of `a` and `b`.
    fn unpackhi_epi16(self, a: Self::V, b: Self::V) -> Self::V;
    /// 32-bit lanes of `a` and `b` to 16 bits with signed saturation, per 128-bit block
    /// (`vpackssdw`).
    fn packs_epi32(self, a: Self::V, b: Self::V) -> Self::V;
    /// The even 32-bit lanes of `even` and the odd ones of `odd`.
    fn blend_odd_epi32(self, even: Self::V, odd: Self::V) -> Self::V;

    /// 64-bit lanes: `a + b` (wrapping).
    fn add_epi64(self, a: Self::V, b: Self::V) -> Self::V;
    /// 64-bit lanes: `a - b` (wrapping).
    fn sub_epi64(self, a: Self::V, b: Self::V) -> Self::V;
    /// 64-bit lanes: the signed product of the low 32 bits of `a` and `b` (`vpmuldq`).
    fn mul_epi32(self, a: Self::V, b: Self::V) -> Self::V;
    /// 64-bit lanes: the unsigned product of the low 32 bits of `a` and `b` (`vpmuludq`).
    fn mul_epu32(self, a: Self::V, b: Self::V) -> Self::V;
    /// 64-bit lanes: `a << N`.
    fn slli_epi64<const N: i32>(self, a: Self::V) -> Self::V;
    /// 64-bit lanes: `a >> N`, logical.
    fn srli_epi64<const N: i32>(self, a: Self::V) -> Self::V;
    /// 64-bit lanes: `a >> n`, logical (`n` in the low 64 bits of `count`).
    fn srl_epi64(self, a: Self::V, count: __m128i) -> Self::V;
    /// 64-bit lanes: `a >> n`, arithmetic (`n` in the low 64 bits of `count`, at most 63).
    fn sra_epi64(self, a: Self::V, count: __m128i) -> Self::V;
    /// The sum of the 64-bit lanes (wrapping).
    fn reduce_add_epi64(self, a: Self::V) -> i64;
}

/// Implements token methods that are one intrinsic call each: `name(args) -> ret = intrinsic;`
/// becomes `fn name(self, args) -> ret` calling `intrinsic(args)`. Only for the impls of a level
/// token (whose existence proves the CPU has the level's features) for that level's intrinsics.
macro_rules! one_to_one {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty = $intr:ident;)*) => {$(
        #[inline(always)]
        fn $name(self, $($arg: $ty),*) -> $ret {
            // SAFETY: the token proves the CPU has this level's features.
            unsafe { $intr($($arg),*) }
        }
    )*};
}
pub(crate) use one_to_one;

impl Isa for Avx2 {
    const LANES: usize = 8;
    type V = __m256i;

    one_to_one! {
        zero() -> __m256i = _mm256_setzero_si256;
        set1_epi16(x: i16) -> __m256i = _mm256_set1_epi16;
        set1_epi32(x: i32) -> __m256i = _mm256_set1_epi32;
        set1_epi64(x: i64) -> __m256i = _mm256_set1_epi64x;
        and(a: __m256i, b: __m256i) -> __m256i = _mm256_and_si256;
        or(a: __m256i, b: __m256i) -> __m256i = _mm256_or_si256;
        xor(a: __m256i, b: __m256i) -> __m256i = _mm256_xor_si256;
        add_epi32(a: __m256i, b: __m256i) -> __m256i = _mm256_add_epi32;
        sub_epi32(a: __m256i, b: __m256i) -> __m256i = _mm256_sub_epi32;
        mullo_epi32(a: __m256i, b: __m256i) -> __m256i = _mm256_mullo_epi32;
        max_epi32(a: __m256i, b: __m256i) -> __m256i = _mm256_max_epi32;
        madd_epi16(a: __m256i, b: __m256i) -> __m256i = _mm256_madd_epi16;
        unpacklo_epi16(a: __m256i, b: __m256i) -> __m256i = _mm256_unpacklo_epi16;
        unpackhi_epi16(a: __m256i, b: __m256i) -> __m256i = _mm256_unpackhi_epi16;
        packs_epi32(a: __m256i, b: __m256i) -> __m256i = _mm256_packs_epi32;
        add_epi64(a: __m256i, b: __m256i) -> __m256i = _mm256_add_epi64;
        sub_epi64(a: __m256i, b: __m256i) -> __m256i = _mm256_sub_epi64;
        mul_epi32(a: __m256i, b: __m256i) -> __m256i = _mm256_mul_epi32;
        mul_epu32(a: __m256i, b: __m256i) -> __m256i = _mm256_mul_epu32;
        abs_epi32(a: __m256i) -> __m256i = _mm256_abs_epi32;
        sll_epi32(a: __m256i, count: __m128i) -> __m256i = _mm256_sll_epi32;
        sra_epi32(a: __m256i, count: __m128i) -> __m256i = _mm256_sra_epi32;
        srl_epi64(a: __m256i, count: __m128i) -> __m256i = _mm256_srl_epi64;
    }

    #[inline(always)]
    fn dpwssd(self, acc: __m256i, a: __m256i, b: __m256i) -> __m256i {
        self.add_epi32(acc, self.madd_epi16(a, b))
    }

    #[inline(always)]
    unsafe fn loadu<T>(self, p: *const T) -> __m256i {
        // SAFETY: the caller guarantees 32 readable bytes; the token proves AVX2.
        unsafe { _mm256_loadu_si256(p.cast()) }
    }

    #[inline(always)]
    unsafe fn storeu<T>(self, p: *mut T, v: __m256i) {
        // SAFETY: the caller guarantees 32 writable bytes; the token proves AVX2.
        unsafe { _mm256_storeu_si256(p.cast(), v) }
    }

    #[inline(always)]
    unsafe fn load_i16_i32(self, p: *const i16) -> __m256i {
        // SAFETY: the caller guarantees 8 readable samples; the token proves AVX2.
        unsafe { _mm256_cvtepi16_epi32(_mm_loadu_si128(p.cast())) }
    }

    #[inline(always)]
    unsafe fn load_u16_i32(self, p: *const u16) -> __m256i {
        // SAFETY: the caller guarantees 8 readable samples; the token proves AVX2.
        unsafe { _mm256_cvtepu16_epi32(_mm_loadu_si128(p.cast())) }
    }

    #[inline(always)]
    unsafe fn load_u8_i16(self, p: *const u8) -> __m256i {
        // SAFETY: the caller guarantees 16 readable bytes; the token proves AVX2.
        unsafe { _mm256_cvtepu8_epi16(_mm_loadu_si128(p.cast())) }
    }

    #[inline(always)]
    fn slli_epi32<const N: i32>(self, a: __m256i) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe { _mm256_slli_epi32::<N>(a) }
    }

    #[inline(always)]
    fn srai_epi32<const N: i32>(self, a: __m256i) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe { _mm256_srai_epi32::<N>(a) }
    }

    #[inline(always)]
    fn blend_odd_epi32(self, even: __m256i, odd: __m256i) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe { _mm256_blend_epi32::<0xAA>(even, odd) }
    }

    #[inline(always)]
    fn slli_epi64<const N: i32>(self, a: __m256i) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe { _mm256_slli_epi64::<N>(a) }
    }

    #[inline(always)]
    fn srli_epi64<const N: i32>(self, a: __m256i) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe { _mm256_srli_epi64::<N>(a) }
    }

    /// AVX2 has no 64-bit arithmetic shift: a logical shift of the value XOR its sign mask.
    #[inline(always)]
    fn sra_epi64(self, a: __m256i, count: __m128i) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe {
            let m = _mm256_cmpgt_epi64(_mm256_setzero_si256(), a);
            _mm256_xor_si256(_mm256_srl_epi64(_mm256_xor_si256(a, m), count), m)
        }
    }

    #[inline(always)]
    fn reduce_add_epi64(self, a: __m256i) -> i64 {
        // SAFETY: the token proves AVX2.
        unsafe {
            let s = _mm_add_epi64(_mm256_castsi256_si128(a), _mm256_extracti128_si256::<1>(a));
            _mm_cvtsi128_si64(s).wrapping_add(_mm_extract_epi64::<1>(s))
        }
    }
}

impl Isa for Avx512 {
    const LANES: usize = 16;
    type V = __m512i;

    one_to_one! {
        zero() -> __m512i = _mm512_setzero_si512;
        set1_epi16(x: i16) -> __m512i = _mm512_set1_epi16;
        set1_epi32(x: i32) -> __m512i = _mm512_set1_epi32;
        set1_epi64(x: i64) -> __m512i = _mm512_set1_epi64;
        and(a: __m512i, b: __m512i) -> __m512i = _mm512_and_si512;
        or(a: __m512i, b: __m512i) -> __m512i = _mm512_or_si512;
        xor(a: __m512i, b: __m512i) -> __m512i = _mm512_xor_si512;
        add_epi32(a: __m512i, b: __m512i) -> __m512i = _mm512_add_epi32;
        sub_epi32(a: __m512i, b: __m512i) -> __m512i = _mm512_sub_epi32;
        mullo_epi32(a: __m512i, b: __m512i) -> __m512i = _mm512_mullo_epi32;
        max_epi32(a: __m512i, b: __m512i) -> __m512i = _mm512_max_epi32;
        madd_epi16(a: __m512i, b: __m512i) -> __m512i = _mm512_madd_epi16;
        unpacklo_epi16(a: __m512i, b: __m512i) -> __m512i = _mm512_unpacklo_epi16;
        unpackhi_epi16(a: __m512i, b: __m512i) -> __m512i = _mm512_unpackhi_epi16;
        packs_epi32(a: __m512i, b: __m512i) -> __m512i = _mm512_packs_epi32;
        add_epi64(a: __m512i, b: __m512i) -> __m512i = _mm512_add_epi64;
        sub_epi64(a: __m512i, b: __m512i) -> __m512i = _mm512_sub_epi64;
        mul_epi32(a: __m512i, b: __m512i) -> __m512i = _mm512_mul_epi32;
        mul_epu32(a: __m512i, b: __m512i) -> __m512i = _mm512_mul_epu32;
        abs_epi32(a: __m512i) -> __m512i = _mm512_abs_epi32;
        sll_epi32(a: __m512i, count: __m128i) -> __m512i = _mm512_sll_epi32;
        sra_epi32(a: __m512i, count: __m128i) -> __m512i = _mm512_sra_epi32;
        srl_epi64(a: __m512i, count: __m128i) -> __m512i = _mm512_srl_epi64;
        sra_epi64(a: __m512i, count: __m128i) -> __m512i = _mm512_sra_epi64;
    }

    #[inline(always)]
    fn dpwssd(self, acc: __m512i, a: __m512i, b: __m512i) -> __m512i {
        // SAFETY: the token proves the CPU has this level's features.
        unsafe { dpwssd_zmm(acc, a, b) }
    }

    #[inline(always)]
    unsafe fn loadu<T>(self, p: *const T) -> __m512i {
        // SAFETY: the caller guarantees 64 readable bytes; the token proves AVX-512.
        unsafe { _mm512_loadu_si512(p.cast()) }
    }

    #[inline(always)]
    unsafe fn storeu<T>(self, p: *mut T, v: __m512i) {
        // SAFETY: the caller guarantees 64 writable bytes; the token proves AVX-512.
        unsafe { _mm512_storeu_si512(p.cast(), v) }
    }

    #[inline(always)]
    unsafe fn load_i16_i32(self, p: *const i16) -> __m512i {
        // SAFETY: the caller guarantees 16 readable samples; the token proves AVX-512.
        unsafe { _mm512_cvtepi16_epi32(_mm256_loadu_si256(p.cast())) }
    }

    #[inline(always)]
    unsafe fn load_u16_i32(self, p: *const u16) -> __m512i {
        // SAFETY: the caller guarantees 16 readable samples; the token proves AVX-512.
        unsafe { _mm512_cvtepu16_epi32(_mm256_loadu_si256(p.cast())) }
    }

    #[inline(always)]
    unsafe fn load_u8_i16(self, p: *const u8) -> __m512i {
        // SAFETY: the caller guarantees 32 readable bytes; the token proves AVX-512.
        unsafe { _mm512_cvtepu8_epi16(_mm256_loadu_si256(p.cast())) }
    }

    // The AVX-512 immediate shifts take a `u32` count where AVX2's take an `i32`; the constant
    // count below folds into the same immediate-form instruction.

    #[inline(always)]
    fn slli_epi32<const N: i32>(self, a: __m512i) -> __m512i {
        // SAFETY: the token proves AVX-512.
        unsafe { _mm512_sll_epi32(a, _mm_cvtsi32_si128(N)) }
    }

    #[inline(always)]
    fn srai_epi32<const N: i32>(self, a: __m512i) -> __m512i {
        // SAFETY: the token proves AVX-512.
        unsafe { _mm512_sra_epi32(a, _mm_cvtsi32_si128(N)) }
    }

    #[inline(always)]
    fn blend_odd_epi32(self, even: __m512i, odd: __m512i) -> __m512i {
        // SAFETY: the token proves AVX-512.
        unsafe { _mm512_mask_blend_epi32(0xAAAA, even, odd) }
    }

    #[inline(always)]
    fn slli_epi64<const N: i32>(self, a: __m512i) -> __m512i {
        // SAFETY: the token proves AVX-512.
        unsafe { _mm512_sll_epi64(a, _mm_cvtsi32_si128(N)) }
    }

    #[inline(always)]
    fn srli_epi64<const N: i32>(self, a: __m512i) -> __m512i {
        // SAFETY: the token proves AVX-512.
        unsafe { _mm512_srl_epi64(a, _mm_cvtsi32_si128(N)) }
    }

    #[inline(always)]
    fn reduce_add_epi64(self, a: __m512i) -> i64 {
        // SAFETY: the token proves AVX-512.
        unsafe { _mm512_reduce_add_epi64(a) }
    }
}

/// `acc + Σ a·b` of 16-bit pairs (`vpdpwssd`), always as that one instruction: LLVM's machine
/// combiner splits the intrinsic back into `vpmaddwd` and `vpaddd` where it shortens a
/// loop-carried chain, which costs a vector operation per product in passes bound by their
/// operation count rather than by latency.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
pub(crate) fn dpwssd_zmm(mut acc: __m512i, a: __m512i, b: __m512i) -> __m512i {
    // SAFETY: one AVX-512 VNNI instruction on registers (the features are enabled).
    unsafe {
        core::arch::asm!(
            "vpdpwssd {acc}, {a}, {b}",
            acc = inout(zmm_reg) acc,
            a = in(zmm_reg) a,
            b = in(zmm_reg) b,
            options(pure, nomem, nostack, preserves_flags)
        )
    };
    acc
}
