//! AVX-512 kernels of integer ADM (x86-64-v4): the same integer arithmetic as
//! [`super::scalar`], bit for bit, 16 samples (or 8 in 64-bit lanes) per step.
//!
//! Every kernel is a private `unsafe fn` with `#[target_feature]`, reached only through a safe
//! wrapper stored in the table [`super::AdmKernels::for_level`] returns for
//! [`CpuLevel::Avx512`](crate::cpu::CpuLevel), which it does only when that level is supported
//! by the CPU. The wrappers check every slice length the vector loops rely on; columns the
//! vector loops do not cover (edges, tails) run the scalar reference's per-sample helpers.
//!
//! Techniques, all exact:
//! - DWT: pairs of 16-bit samples and pairs of filter taps meet in `vpmaddwd`, whose 32-bit
//!   sums cannot overflow (`Σ|f|·2^15 < 2^31`); 16-bit input is offset by −2^15 to fit, and the
//!   offset folded into the rounding constant (all 32-bit arithmetic wraps like C's). Scales
//!   1..=3 multiply in 64 bits (`vpmuldq`) on even and odd lanes.
//! - Decoupling: the reciprocal table is gathered; 64-bit products and shifts where C uses
//!   `int64_t`; the angle test converts the exact integers to `f32` (one rounding, like
//!   `as f32`) and compares in `f64` without the common `1/4096²` factor, which scales both sides
//!   by a power of two and so changes no comparison.
//! - Masking and denominator: per-lane 64-bit terms summed in any order (wrapping sums are
//!   associative), rounded and shifted per row by the caller as in C.

// The AVX-512 intrinsics are stable since Rust 1.89, above the workspace's declared MSRV; this
// module is only compiled for x86-64 and reached only on CPUs with AVX-512.

use core::arch::x86_64::*;

use super::scalar::{
    self, AVX512_S0_BLOCK_8, AVX512_S0_BLOCK_16, COS_1DEG_SQ, CSF_S0_ADD, CSF_S0_SHIFT,
    DEN_S123_SHIFT_SQ, S123_ADD_H, S123_ADD_V, S123_SHIFT_H, S123_SHIFT_V,
};
use super::{
    CmShifts, DB2_HI, DB2_LO, DB2_LO_SUM, DIV_LOOKUP, DwtRow, Hvd, HvdMut, check_band_rows,
    check_bpc, check_cm, check_dwt,
};

macro_rules! avx512_fn {
    ($(#[$m:meta])* unsafe fn $name:ident $($rest:tt)*) => {
        $(#[$m])*
        #[target_feature(enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
        unsafe fn $name $($rest)*
    };
}

/// A pair of 16-bit filter taps `(lo, hi)` as one 32-bit lane for `vpmaddwd`.
#[inline(always)]
fn tap_pair(f0: i32, f1: i32) -> i32 {
    ((f1 as u16 as u32) << 16 | (f0 as u16 as u32)) as i32
}

// ---------------------------------------------------------------------------------------------
// DWT
// ---------------------------------------------------------------------------------------------

/// A source sample type of the scale-0 DWT.
trait S0Src: Copy + Into<u32> {
    /// Loads 32 samples as signed 16-bit lanes (u16 offset by −2^15).
    ///
    /// # Safety
    /// `p .. p+32` must be readable; AVX-512BW must be available.
    unsafe fn load32(p: *const Self) -> __m512i;
    /// Value added to every sample by `load32`, times 2^15 units (0 or 1).
    const OFFSET: i32;
}

impl S0Src for u8 {
    #[inline(always)]
    unsafe fn load32(p: *const u8) -> __m512i {
        // SAFETY: the caller guarantees 32 readable bytes and AVX-512BW.
        unsafe { _mm512_cvtepu8_epi16(_mm256_loadu_si256(p as *const __m256i)) }
    }
    const OFFSET: i32 = 0;
}

impl S0Src for u16 {
    #[inline(always)]
    unsafe fn load32(p: *const u16) -> __m512i {
        // SAFETY: the caller guarantees 32 readable samples and AVX-512BW.
        unsafe {
            _mm512_xor_si512(
                _mm512_loadu_si512(p as *const __m512i),
                _mm512_set1_epi16(-32768),
            )
        }
    }
    const OFFSET: i32 = 1;
}

avx512_fn! {
    /// Vertical pass of the scale-0 DWT over the columns `0 .. w - w % 32`; returns that count.
    /// `(Σ f·s − dc + add) >> shift`, truncated to `i16`. With u16 input the samples are read
    /// offset by −2^15, which `Σ f_lo · 2^15` (and 0 for the high-pass) puts back, mod 2^32.
    ///
    /// # Safety
    /// AVX-512 (the level's feature set); every row, `lo` and `hi` hold at least `w` samples.
    unsafe fn s0_vertical<T: S0Src>(
        rows: [&[T]; 4],
        ahead: [&[T]; 2],
        w: usize,
        shift: u32,
        lo: &mut [i16],
        hi: Option<&mut [i16]>,
    ) -> usize {
        let add = 1i32 << (shift - 1);
        let dc = DB2_LO_SUM.wrapping_mul(add);
        let off = (T::OFFSET * 32768).wrapping_mul(DB2_LO_SUM);
        let c_lo = _mm512_set1_epi32(off.wrapping_sub(dc).wrapping_add(add));
        let c_hi = _mm512_set1_epi32(add);
        let fl01 = _mm512_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm512_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm512_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm512_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        // (v << (16 - shift)) >> 16 == (v >> shift) truncated to i16, for shift <= 16.
        let sl = _mm_cvtsi32_si128(16 - shift as i32);
        let sr = _mm_cvtsi32_si128(16);
        let fin = |v: __m512i| _mm512_sra_epi32(_mm512_sll_epi32(v, sl), sr);
        let hi = hi.map(|h| h.as_mut_ptr());
        let n = w - w % 32;
        let mut j = 0;
        while j < n {
            // The next call's new rows, fetched while this one computes: the source picture
            // streams from memory and the hardware prefetcher alone leaves the loads waiting.
            for r in ahead {
                if j < r.len() {
                    // SAFETY: j < r.len(): the address is inside the slice.
                    _mm_prefetch::<_MM_HINT_T0>(unsafe { r.as_ptr().add(j) } as *const i8);
                }
            }
            // SAFETY: j + 32 <= w and every row holds w samples.
            let (r0, r1, r2, r3) = unsafe {
                (
                    T::load32(rows[0].as_ptr().add(j)),
                    T::load32(rows[1].as_ptr().add(j)),
                    T::load32(rows[2].as_ptr().add(j)),
                    T::load32(rows[3].as_ptr().add(j)),
                )
            };
            let p01l = _mm512_unpacklo_epi16(r0, r1);
            let p01h = _mm512_unpackhi_epi16(r0, r1);
            let p23l = _mm512_unpacklo_epi16(r2, r3);
            let p23h = _mm512_unpackhi_epi16(r2, r3);
            let sum = |a: __m512i, b: __m512i, f01: __m512i, f23: __m512i, c: __m512i| {
                fin(_mm512_add_epi32(
                    _mm512_add_epi32(_mm512_madd_epi16(a, f01), _mm512_madd_epi16(b, f23)),
                    c,
                ))
            };
            // packs restores the column order unpack split within each 128-bit lane; the
            // values are already i16 so it does not saturate.
            let l = _mm512_packs_epi32(
                sum(p01l, p23l, fl01, fl23, c_lo),
                sum(p01h, p23h, fl01, fl23, c_lo),
            );
            // SAFETY: j + 32 <= w <= lo.len().
            unsafe { _mm512_storeu_si512(lo.as_mut_ptr().add(j) as *mut __m512i, l) };
            if let Some(hp) = hi {
                let h = _mm512_packs_epi32(
                    sum(p01l, p23l, fh01, fh23, c_hi),
                    sum(p01h, p23h, fh01, fh23, c_hi),
                );
                // SAFETY: j + 32 <= w <= hi.len().
                unsafe { _mm512_storeu_si512(hp.add(j) as *mut __m512i, h) };
            }
            j += 32;
        }
        n
    }
}

/// The last output column whose taps `2j-1 ..= 2j+2` all lie inside a row of width `w`.
#[inline(always)]
fn last_straight(w: usize) -> usize {
    (w - 3) / 2
}

avx512_fn! {
    /// Horizontal scale-0 pass of one `i16` row into two bands (low- and high-pass filters) for
    /// output columns `1 .. end`, 16 at a time; returns `end`.
    ///
    /// # Safety
    /// AVX-512; `row` holds `w >= 3` samples, `lo_out`/`hi_out` (when given) `ceil(w/2)`.
    unsafe fn s0_horizontal(row: &[i16], w: usize, lo_out: *mut i16, hi_out: *mut i16) -> usize {
        let fl01 = _mm512_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm512_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm512_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm512_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let rnd = _mm512_set1_epi32(32768);
        let jmax = last_straight(w);
        // 16 outputs from the row at 2j-1: pairs of taps meet pairs of coefficients.
        let sums = |j: usize, f01: __m512i, f23: __m512i| {
            // SAFETY: the loads read 2j-1 ..= 2j+32, inside the row for j + 15 <= jmax
            // (2·jmax + 2 <= w - 1).
            let (a, b) = unsafe {
                (
                    _mm512_loadu_si512(row.as_ptr().add(2 * j - 1) as *const __m512i),
                    _mm512_loadu_si512(row.as_ptr().add(2 * j + 1) as *const __m512i),
                )
            };
            let s = _mm512_add_epi32(_mm512_madd_epi16(a, f01), _mm512_madd_epi16(b, f23));
            _mm512_srai_epi32::<16>(_mm512_add_epi32(s, rnd))
        };
        // Two blocks of 16 packed into 32 outputs: the values fit i16, so `vpackssdw` is
        // exact; it interleaves 128-bit lanes, which the permutation undoes. (A store straight
        // from `vpmovdw` is slow on some cores.)
        let order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
        let mut j = 1;
        while j + 31 <= jmax {
            let pack = |f01: __m512i, f23: __m512i| {
                _mm512_permutexvar_epi64(order, _mm512_packs_epi32(sums(j, f01, f23), sums(j + 16, f01, f23)))
            };
            // SAFETY: j + 32 <= jmax + 1 <= ceil(w/2), the length of both outputs.
            unsafe {
                _mm512_storeu_si512(lo_out.add(j) as *mut __m512i, pack(fl01, fl23));
                if !hi_out.is_null() {
                    _mm512_storeu_si512(hi_out.add(j) as *mut __m512i, pack(fh01, fh23));
                }
            }
            j += 32;
        }
        while j + 15 <= jmax {
            // SAFETY: j + 16 <= jmax + 1 <= ceil(w/2), the length of both outputs.
            unsafe {
                _mm256_storeu_si256(lo_out.add(j) as *mut __m256i, _mm512_cvtepi32_epi16(sums(j, fl01, fl23)));
                if !hi_out.is_null() {
                    _mm256_storeu_si256(hi_out.add(j) as *mut __m256i, _mm512_cvtepi32_epi16(sums(j, fh01, fh23)));
                }
            }
            j += 16;
        }
        j
    }
}

avx512_fn! {
    /// # Safety
    /// AVX-512; lengths as checked by [`check_dwt`].
    unsafe fn dwt_s0_imp<T: S0Src>(
        rows: [&[T]; 4],
        ahead: [&[T]; 2],
        shift: u32,
        block: usize,
        tmp: &mut [i16],
        mut out: DwtRow<'_, i16>,
    ) {
        let w = rows[0].len();
        let (lo, rest) = tmp.split_at_mut(w);
        let hi = &mut rest[..w];
        // SAFETY: the caller's checks cover the vector helpers' requirements.
        let done = unsafe { s0_vertical(rows, ahead, w, shift, lo, Some(&mut *hi)) };
        scalar::s0_vertical(rows, shift, done..w, lo, Some(&mut *hi));
        // SAFETY: as above; out rows hold ceil(w/2) samples.
        let end = unsafe {
            s0_horizontal(lo, w, out.a.as_mut_ptr(), out.v.as_mut_ptr());
            s0_horizontal(hi, w, out.h.as_mut_ptr(), out.d.as_mut_ptr())
        };
        scalar::s0_horizontal_cols(lo, hi, w, 0..1, &mut out);
        scalar::s0_horizontal_cols(lo, hi, w, end..w.div_ceil(2), &mut out);
        scalar::s0_fix_last_column(lo, hi, w, block, out.a, Some(out.v));
    }
}

avx512_fn! {
    /// # Safety
    /// AVX-512; lengths as checked by [`check_dwt`].
    unsafe fn dwt_s0_lo_imp<T: S0Src>(
        rows: [&[T]; 4],
        ahead: [&[T]; 2],
        shift: u32,
        block: usize,
        last_col: bool,
        tmp: &mut [i16],
        a: &mut [i16],
    ) {
        let w = rows[0].len();
        let (lo, rest) = tmp.split_at_mut(w);
        // SAFETY: the caller's checks cover the vector helpers' requirements.
        let done = unsafe { s0_vertical(rows, ahead, w, shift, lo, None) };
        scalar::s0_vertical(rows, shift, done..w, lo, None);
        // SAFETY: as above; `a` holds ceil(w/2) samples.
        let end = unsafe { s0_horizontal(lo, w, a.as_mut_ptr(), std::ptr::null_mut()) };
        for j in (0..1).chain(end..w.div_ceil(2)) {
            a[j] = scalar::s0_h(lo, scalar::taps(j, w), &DB2_LO);
        }
        if last_col && scalar::s0_last_column_unmirrored(w, block) {
            let hi = &mut rest[..w];
            scalar::s0_vertical(rows, shift, 0..2, lo, Some(&mut *hi));
            scalar::s0_fix_last_column(lo, hi, w, block, a, None);
        }
    }
}

pub(super) fn dwt_s0_8(rows: [&[u8]; 4], ahead: [&[u8]; 2], tmp: &mut [i16], out: DwtRow<'_, i16>) {
    check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    unsafe { dwt_s0_imp(rows, ahead, 8, AVX512_S0_BLOCK_8, tmp, out) }
}

pub(super) fn dwt_s0_16(
    rows: [&[u16]; 4],
    ahead: [&[u16]; 2],
    bpc: u32,
    tmp: &mut [i16],
    out: DwtRow<'_, i16>,
) {
    check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
    check_bpc(bpc);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths and shift checked above.
    unsafe { dwt_s0_imp(rows, ahead, bpc, AVX512_S0_BLOCK_16, tmp, out) }
}

pub(super) fn dwt_s0_lo_8(
    rows: [&[u8]; 4],
    ahead: [&[u8]; 2],
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    check_dwt(&rows, tmp.len(), 2, &[&*a]);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    unsafe { dwt_s0_lo_imp(rows, ahead, 8, AVX512_S0_BLOCK_8, last_col, tmp, a) }
}

pub(super) fn dwt_s0_lo_16(
    rows: [&[u16]; 4],
    ahead: [&[u16]; 2],
    bpc: u32,
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    check_dwt(&rows, tmp.len(), 2, &[&*a]);
    check_bpc(bpc);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths and shift checked above.
    unsafe { dwt_s0_lo_imp(rows, ahead, bpc, AVX512_S0_BLOCK_16, last_col, tmp, a) }
}

avx512_fn! {
    /// Vertical pass of the scale-1 DWT on `i16` rows over `0 .. w - w % 16`: the sums fit 32
    /// bits exactly and scale 1 neither rounds nor shifts them. Returns the column count done.
    ///
    /// # Safety
    /// AVX-512; every row, `lo` and `hi` hold at least `w` samples.
    unsafe fn s1_vertical(rows: [&[i16]; 4], ahead: [&[i16]; 2], w: usize, lo: &mut [i32], hi: &mut [i32]) -> usize {
        let fl01 = _mm512_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm512_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm512_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm512_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let n = w - w % 16;
        let mut j = 0;
        while j < n {
            for r in ahead {
                if j < r.len() {
                    // SAFETY: j < r.len(): the address is inside the slice.
                    _mm_prefetch::<_MM_HINT_T0>(unsafe { r.as_ptr().add(j) } as *const i8);
                }
            }
            // SAFETY: j + 16 <= w and every row holds w samples.
            let r = unsafe {
                [0, 1, 2, 3].map(|k| {
                    _mm512_cvtepu16_epi32(_mm256_loadu_si256(rows[k].as_ptr().add(j) as *const __m256i))
                })
            };
            let p01 = _mm512_or_si512(r[0], _mm512_slli_epi32(r[1], 16));
            let p23 = _mm512_or_si512(r[2], _mm512_slli_epi32(r[3], 16));
            let l = _mm512_add_epi32(_mm512_madd_epi16(p01, fl01), _mm512_madd_epi16(p23, fl23));
            let h = _mm512_add_epi32(_mm512_madd_epi16(p01, fh01), _mm512_madd_epi16(p23, fh23));
            // SAFETY: j + 16 <= w <= lo.len(), hi.len().
            unsafe {
                _mm512_storeu_si512(lo.as_mut_ptr().add(j) as *mut __m512i, l);
                _mm512_storeu_si512(hi.as_mut_ptr().add(j) as *mut __m512i, h);
            }
            j += 16;
        }
        n
    }
}

/// The low 32 bits of the 64-bit lanes of `even` (pixels 0, 2, ..) and of `odd` shifted up
/// (pixels 1, 3, ..), interleaved back into 16 natural lanes.
#[inline(always)]
fn join_even_odd(even_lo: __m512i, odd_hi: __m512i) -> __m512i {
    // SAFETY: AVX-512F is enabled in every caller (all are AVX-512 target-feature functions
    // into which this is inlined).
    unsafe { _mm512_mask_blend_epi32(0xAAAA, even_lo, odd_hi) }
}

avx512_fn! {
    /// Vertical pass of the scale-2/3 DWT on `i32` rows over `0 .. w - w % 16`, 64-bit sums,
    /// `(Σ + 2^15) >> 16` truncated to `i32`. Returns the column count done.
    ///
    /// # Safety
    /// AVX-512; every row, `lo` and `hi` hold at least `w` samples.
    unsafe fn s23_vertical(rows: [&[i32]; 4], ahead: [&[i32]; 2], scale: usize, w: usize, lo: &mut [i32], hi: &mut [i32]) -> usize {
        let add = _mm512_set1_epi64(S123_ADD_V[scale - 1]);
        let shift = S123_SHIFT_V[scale - 1];
        debug_assert_eq!(shift, 16);
        let fl = DB2_LO.map(|f| _mm512_set1_epi64(f as i64));
        let fh = DB2_HI.map(|f| _mm512_set1_epi64(f as i64));
        let n = w - w % 16;
        let mut j = 0;
        while j < n {
            for r in ahead {
                if j < r.len() {
                    // SAFETY: j < r.len(): the address is inside the slice.
                    _mm_prefetch::<_MM_HINT_T0>(unsafe { r.as_ptr().add(j) } as *const i8);
                }
            }
            // SAFETY: j + 16 <= w and every row holds w samples.
            let r = unsafe {
                [0, 1, 2, 3].map(|k| _mm512_loadu_si512(rows[k].as_ptr().add(j) as *const __m512i))
            };
            let ro = r.map(|v| _mm512_srli_epi64(v, 32));
            let dot = |s: [__m512i; 4], f: &[__m512i; 4]| {
                let a = _mm512_add_epi64(_mm512_mul_epi32(s[0], f[0]), _mm512_mul_epi32(s[1], f[1]));
                let b = _mm512_add_epi64(_mm512_mul_epi32(s[2], f[2]), _mm512_mul_epi32(s[3], f[3]));
                _mm512_add_epi64(_mm512_add_epi64(a, b), add)
            };
            // Bits 16..47 of each sum: down into the low half (even), up into the high (odd).
            let l = join_even_odd(_mm512_srli_epi64(dot(r, &fl), 16), _mm512_slli_epi64(dot(ro, &fl), 16));
            let h = join_even_odd(_mm512_srli_epi64(dot(r, &fh), 16), _mm512_slli_epi64(dot(ro, &fh), 16));
            // SAFETY: j + 16 <= w <= lo.len(), hi.len().
            unsafe {
                _mm512_storeu_si512(lo.as_mut_ptr().add(j) as *mut __m512i, l);
                _mm512_storeu_si512(hi.as_mut_ptr().add(j) as *mut __m512i, h);
            }
            j += 16;
        }
        n
    }
}

avx512_fn! {
    /// Horizontal scales-1..=3 pass of one `i32` row into two bands for output columns
    /// `1 .. end`, 8 at a time, 64-bit sums; returns `end`.
    ///
    /// # Safety
    /// AVX-512; `row` holds `w >= 3` samples, both outputs `ceil(w/2)`.
    unsafe fn s123_horizontal(row: &[i32], w: usize, scale: usize, lo_out: &mut [i32], mut hi_out: Option<&mut [i32]>) -> usize {
        let add = _mm512_set1_epi64(S123_ADD_H[scale - 1]);
        let shift = _mm_cvtsi32_si128(S123_SHIFT_H[scale - 1] as i32);
        let fl = DB2_LO.map(|f| _mm512_set1_epi64(f as i64));
        let fh = DB2_HI.map(|f| _mm512_set1_epi64(f as i64));
        let jmax = last_straight(w);
        // 8 outputs (64-bit sums) from the row at 2j-1.
        let sums = |j: usize, f: &[__m512i; 4]| {
            // SAFETY: the loads read 2j-1 ..= 2j+16, inside the row for j + 7 <= jmax.
            let (a, b) = unsafe {
                (
                    _mm512_loadu_si512(row.as_ptr().add(2 * j - 1) as *const __m512i),
                    _mm512_loadu_si512(row.as_ptr().add(2 * j + 1) as *const __m512i),
                )
            };
            // Lane m: taps 0 and 1 of output j+m in `a`, taps 2 and 3 in `b`.
            let s = [a, _mm512_srli_epi64(a, 32), b, _mm512_srli_epi64(b, 32)];
            let x = _mm512_add_epi64(_mm512_mul_epi32(s[0], f[0]), _mm512_mul_epi32(s[1], f[1]));
            let y = _mm512_add_epi64(_mm512_mul_epi32(s[2], f[2]), _mm512_mul_epi32(s[3], f[3]));
            // The low 32 bits of the arithmetic shift equal those of the logical one.
            _mm512_srl_epi64(_mm512_add_epi64(_mm512_add_epi64(x, y), add), shift)
        };
        // Two blocks of 8: their low halves gathered into 16 outputs, one plain store.
        let evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        let mut j = 1;
        while j + 15 <= jmax {
            let pack = |f: &[__m512i; 4]| _mm512_permutex2var_epi32(sums(j, f), evens, sums(j + 8, f));
            // SAFETY: j + 16 <= jmax + 1 <= ceil(w/2) <= both output lengths.
            unsafe {
                _mm512_storeu_si512(lo_out.as_mut_ptr().add(j) as *mut __m512i, pack(&fl));
                if let Some(h) = hi_out.as_deref_mut() {
                    _mm512_storeu_si512(h.as_mut_ptr().add(j) as *mut __m512i, pack(&fh));
                }
            }
            j += 16;
        }
        while j + 7 <= jmax {
            // SAFETY: j + 8 <= jmax + 1 <= ceil(w/2) <= both output lengths.
            unsafe {
                _mm256_storeu_si256(lo_out.as_mut_ptr().add(j) as *mut __m256i, _mm512_cvtepi64_epi32(sums(j, &fl)));
                if let Some(h) = hi_out.as_deref_mut() {
                    _mm256_storeu_si256(h.as_mut_ptr().add(j) as *mut __m256i, _mm512_cvtepi64_epi32(sums(j, &fh)));
                }
            }
            j += 8;
        }
        j
    }
}

avx512_fn! {
    /// # Safety
    /// AVX-512; lengths as checked by [`check_dwt`].
    unsafe fn dwt_s123_finish(lo: &[i32], hi: &[i32], w: usize, scale: usize, mut out: DwtRow<'_, i32>) {
        // SAFETY: the caller's checks cover the helpers' requirements.
        let end = unsafe {
            s123_horizontal(lo, w, scale, out.a, Some(&mut *out.v));
            s123_horizontal(hi, w, scale, out.h, Some(&mut *out.d))
        };
        scalar::s123_horizontal_cols(lo, hi, w, scale, 0..1, &mut out);
        scalar::s123_horizontal_cols(lo, hi, w, scale, end..w.div_ceil(2), &mut out);
    }
}

pub(super) fn dwt_s1(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], out: DwtRow<'_, i32>) {
    check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { s1_vertical(rows, ahead, w, lo, hi) };
    scalar::s123_vertical(rows, 1, done..w, lo, hi);
    // SAFETY: as above.
    unsafe { dwt_s123_finish(lo, hi, w, 1, out) }
}

pub(super) fn dwt_s23(
    rows: [&[i32]; 4],
    ahead: [&[i32]; 2],
    scale: usize,
    tmp: &mut [i32],
    out: DwtRow<'_, i32>,
) {
    check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
    assert!(
        (2..=3).contains(&scale),
        "ADM scale {scale} (expected 2 or 3)"
    );
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { s23_vertical(rows, ahead, scale, w, lo, hi) };
    scalar::s123_vertical(rows, scale, done..w, lo, hi);
    // SAFETY: as above.
    unsafe { dwt_s123_finish(lo, hi, w, scale, out) }
}

// ---------------------------------------------------------------------------------------------
// Decoupling
// ---------------------------------------------------------------------------------------------

/// Whether the vector gain clamp is exact for `egl`: then `v = min/max(rst·egl, t)` lies
/// between 0 and `t`, so truncating it never leaves the 32-bit range. Other values (negative,
/// NaN) run the scalar kernel.
#[inline(always)]
fn egl_vector_ok(egl: f64) -> bool {
    (0.0..=1e9).contains(&egl)
}

/// Whether `egl` is a small non-negative integer: then `rst·egl` is an exact 32-bit product and
/// the gain clamp can stay in integers at scale 0.
#[inline(always)]
fn egl_small_int(egl: f64) -> Option<i32> {
    (egl.fract() == 0.0 && (0.0..=65535.0).contains(&egl)).then_some(egl as i32)
}

avx512_fn! {
    /// Decoupling at scale 0 of columns `left..right`, 16 at a time (the last block masked);
    /// returns `right`.
    /// `INT_EGL`: the gain limit is the integer `egl_i` (see [`egl_small_int`]).
    ///
    /// # Safety
    /// AVX-512; all twelve rows hold at least `right` samples; `egl` passes
    /// [`egl_vector_ok`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn decouple_s0_imp<const INT_EGL: bool>(
        rf: Hvd<'_, i16>,
        dis: Hvd<'_, i16>,
        left: usize,
        right: usize,
        egl: f64,
        egl_i: i32,
        r: &mut HvdMut<'_, i16>,
        a: &mut HvdMut<'_, i16>,
    ) -> usize {
        let zero = _mm512_setzero_si512();
        let k_max = _mm512_set1_epi32(32768);
        let r14 = _mm512_set1_epi32(16384);
        let r14q = _mm512_set1_epi64(16384);
        let int_min = _mm512_set1_epi32(i32::MIN);
        let two31 = _mm512_set1_ps(2147483648.0);
        let cos = _mm512_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm512_set1_pd(egl);
        let egl_v = _mm512_set1_epi32(egl_i);
        let lut = DIV_LOOKUP.as_ptr();
        let halves = |x: __m512| {
            (
                _mm512_cvtps_pd(_mm512_castps512_ps256(x)),
                _mm512_cvtps_pd(_mm512_extractf32x8_ps::<1>(x)),
            )
        };
        let mut j = left;
        while j < right {
            // The last block is partial: masked loads read (and stores write) only `..right`.
            let m: __mmask16 = if right - j >= 16 { 0xffff } else { (1u16 << (right - j)) - 1 };
            // SAFETY: j < right <= every row's length and the mask covers only `j..right`.
            let ld = |p: &[i16]| unsafe {
                _mm512_cvtepi16_epi32(_mm256_maskz_loadu_epi16(m, p.as_ptr().add(j)))
            };
            let (oh, ov, od) = (ld(rf.h), ld(rf.v), ld(rf.d));
            let (th, tv, td) = (ld(dis.h), ld(dis.v), ld(dis.d));

            // Angle test. The (h, v) pairs meet in vpmaddwd; its 32-bit sums are exact except
            // 2^31 (all four samples -32768), which wraps to i32::MIN, a value no sum can
            // really take; it is put back when converting.
            let lo16 = _mm512_set1_epi32(0xffff);
            let o_pair = _mm512_or_si512(_mm512_and_si512(oh, lo16), _mm512_slli_epi32(ov, 16));
            let t_pair = _mm512_or_si512(_mm512_and_si512(th, lo16), _mm512_slli_epi32(tv, 16));
            let ot = _mm512_madd_epi16(o_pair, t_pair);
            let om = _mm512_madd_epi16(o_pair, o_pair);
            let tm = _mm512_madd_epi16(t_pair, t_pair);
            let ot_f = _mm512_mask_mov_ps(
                _mm512_cvtepi32_ps(ot),
                _mm512_cmpeq_epi32_mask(ot, int_min),
                two31,
            );
            let om_f = _mm512_cvtepu32_ps(om);
            let tm_f = _mm512_cvtepu32_ps(tm);
            let nonneg = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(ot_f, _mm512_setzero_ps());
            let (dp0, dp1) = halves(ot_f);
            let (om0, om1) = halves(om_f);
            let (tm0, tm1) = halves(tm_f);
            let ge0 = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(
                _mm512_mul_pd(dp0, dp0),
                _mm512_mul_pd(_mm512_mul_pd(cos, om0), tm0),
            );
            let ge1 = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(
                _mm512_mul_pd(dp1, dp1),
                _mm512_mul_pd(_mm512_mul_pd(cos, om1), tm1),
            );
            let angle = nonneg & (ge0 as u16 | (ge1 as u16) << 8);

            let band = |o: __m512i, t: __m512i| -> (__m512i, __m512i) {
                // k = clamp((div[o]·t + 2^14) >> 15 as i32, 0, 32768), 32768 where o = 0.
                // SAFETY: o + 32768 lies in 0..=65535, inside the 65537-entry table.
                let div = unsafe { _mm512_i32gather_epi32::<4>(_mm512_add_epi32(o, k_max), lut) };
                let pe = _mm512_add_epi64(_mm512_mul_epi32(div, t), r14q);
                let po = _mm512_add_epi64(
                    _mm512_mul_epi32(_mm512_srli_epi64(div, 32), _mm512_srli_epi64(t, 32)),
                    r14q,
                );
                let q = join_even_odd(_mm512_srli_epi64(pe, 15), _mm512_slli_epi64(po, 17));
                let o_zero = _mm512_cmpeq_epi32_mask(o, zero);
                let k = _mm512_mask_mov_epi32(
                    _mm512_min_epi32(_mm512_max_epi32(q, zero), k_max),
                    o_zero,
                    k_max,
                );
                // r = (k·o + 2^14) >> 15: |k·o| <= 2^30, exact in 32 bits, and in i16 range.
                let rst = _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(k, o), r14), 15);
                let clamp = angle
                    & !o_zero
                    & _mm512_cmpneq_epi32_mask(k, zero);
                let pos = _mm512_cmpgt_epi32_mask(o, zero);
                let g = if INT_EGL {
                    let g = _mm512_mullo_epi32(rst, egl_v);
                    _mm512_mask_blend_epi32(pos, _mm512_max_epi32(g, t), _mm512_min_epi32(g, t))
                } else {
                    let half = |rst: __m256i, t: __m256i, pos: __mmask8| {
                        let g = _mm512_mul_pd(_mm512_cvtepi32_pd(rst), egl_pd);
                        let t = _mm512_cvtepi32_pd(t);
                        let v = _mm512_mask_blend_pd(pos, _mm512_max_pd(g, t), _mm512_min_pd(g, t));
                        _mm512_cvttpd_epi32(v)
                    };
                    let lo = half(_mm512_castsi512_si256(rst), _mm512_castsi512_si256(t), pos as u8);
                    let hi = half(
                        _mm512_extracti64x4_epi64::<1>(rst),
                        _mm512_extracti64x4_epi64::<1>(t),
                        (pos >> 8) as u8,
                    );
                    _mm512_inserti64x4::<1>(_mm512_castsi256_si512(lo), hi)
                };
                let rst = _mm512_mask_mov_epi32(rst, clamp, g);
                (rst, _mm512_sub_epi32(t, rst))
            };
            let (rh, ah) = band(oh, th);
            let (rv, av) = band(ov, tv);
            let (rd, ad) = band(od, td);
            // SAFETY: the mask covers only `j..right`, inside every output row.
            unsafe {
                let st = |p: *mut i16, v: __m512i| {
                    _mm256_mask_storeu_epi16(p.add(j), m, _mm512_cvtepi32_epi16(v))
                };
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 16;
        }
        right
    }
}

pub(super) fn decouple_s0(
    rf: Hvd<'_, i16>,
    dis: Hvd<'_, i16>,
    left: usize,
    right: usize,
    egl: f64,
    mut r: HvdMut<'_, i16>,
    mut a: HvdMut<'_, i16>,
) {
    check_band_rows(left, right, &[rf.h, rf.v, rf.d, dis.h, dis.v, dis.d]);
    check_band_rows(left, right, &[&*r.h, &*r.v, &*r.d, &*a.h, &*a.v, &*a.d]);
    if !egl_vector_ok(egl) {
        return scalar::decouple_s0(rf, dis, left, right, egl, r, a);
    }
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths and egl checked above.
    let done = unsafe {
        match egl_small_int(egl) {
            Some(e) => decouple_s0_imp::<true>(rf, dis, left, right, egl, e, &mut r, &mut a),
            None => decouple_s0_imp::<false>(rf, dis, left, right, egl, 0, &mut r, &mut a),
        }
    };
    scalar::decouple_s0(rf, dis, done, right, egl, r, a);
}

avx512_fn! {
    /// Decoupling at scales 1..=3 of columns `left..right`, 8 at a time in 64-bit lanes (the
    /// last block masked); returns `right`.
    ///
    /// # Safety
    /// AVX-512; all twelve rows hold at least `right` samples; `egl` passes
    /// [`egl_vector_ok`].
    unsafe fn decouple_s123_imp(
        rf: Hvd<'_, i32>,
        dis: Hvd<'_, i32>,
        left: usize,
        right: usize,
        egl: f64,
        r: &mut HvdMut<'_, i32>,
        a: &mut HvdMut<'_, i32>,
    ) -> usize {
        let zero = _mm512_setzero_si512();
        let one = _mm512_set1_epi64(1);
        let k_max = _mm512_set1_epi64(32768);
        let r14 = _mm512_set1_epi64(16384);
        let cos = _mm512_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm512_set1_pd(egl);
        let lut = DIV_LOOKUP.as_ptr();
        let mut j = left;
        while j < right {
            // The last block is partial: masked loads read (and stores write) only `..right`.
            let m: __mmask8 = if right - j >= 8 { 0xff } else { (1u8 << (right - j)) - 1 };
            // SAFETY: j < right <= every row's length and the mask covers only `j..right`.
            let ld = |p: &[i32]| unsafe {
                _mm512_cvtepi32_epi64(_mm256_maskz_loadu_epi32(m, p.as_ptr().add(j)))
            };
            let (oh, ov, od) = (ld(rf.h), ld(rf.v), ld(rf.d));
            let (th, tv, td) = (ld(dis.h), ld(dis.v), ld(dis.d));

            let dot = |a: __m512i, b: __m512i, c: __m512i, d: __m512i| {
                _mm512_add_epi64(_mm512_mul_epi32(a, b), _mm512_mul_epi32(c, d))
            };
            let ot = dot(oh, th, ov, tv);
            let om = dot(oh, oh, ov, ov);
            let tm = dot(th, th, tv, tv);
            // i64 -> f32 rounds once, as `as f32` does; then exact to f64.
            let f = |x: __m512i| _mm512_cvtps_pd(_mm512_cvtepi64_ps(x));
            let dp = f(ot);
            let ge = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(
                _mm512_mul_pd(dp, dp),
                _mm512_mul_pd(_mm512_mul_pd(cos, f(om)), f(tm)),
            );
            let angle = ge & _mm512_cmpge_epi64_mask(ot, zero);

            let band = |o: __m512i, t: __m512i| -> (__m512i, __m512i) {
                // get_best15_from32: |o| >= 2^15 keeps its 15 leading bits, rounded.
                let abs = _mm512_abs_epi64(o);
                let big = _mm512_cmpge_epi64_mask(abs, k_max);
                let shift = _mm512_maskz_sub_epi64(big, _mm512_set1_epi64(49), _mm512_lzcnt_epi64(abs));
                let rounded = _mm512_srlv_epi64(
                    _mm512_add_epi64(abs, _mm512_sllv_epi64(one, _mm512_sub_epi64(shift, one))),
                    shift,
                );
                let msb = _mm512_mask_mov_epi64(abs, big, rounded);
                // SAFETY: msb lies in 0..=32768, so msb + 32768 is inside the table.
                let div = unsafe {
                    _mm512_cvtepi32_epi64(_mm512_i64gather_epi32::<4>(_mm512_add_epi64(msb, k_max), lut))
                };
                let neg = _mm512_cmplt_epi64_mask(o, zero);
                let div = _mm512_mask_sub_epi64(div, neg, zero, div);
                let num = _mm512_mul_epi32(div, t);
                // `1 << (14 + shift)` as a C int: sign-extend its low 32 bits.
                let round = _mm512_srai_epi64::<32>(_mm512_slli_epi64::<32>(_mm512_sllv_epi64(
                    one,
                    _mm512_add_epi64(shift, _mm512_set1_epi64(14)),
                )));
                let q = _mm512_srav_epi64(
                    _mm512_add_epi64(num, round),
                    _mm512_add_epi64(shift, _mm512_set1_epi64(15)),
                );
                let o_zero = _mm512_cmpeq_epi64_mask(o, zero);
                let k = _mm512_mask_mov_epi64(
                    _mm512_min_epi64(_mm512_max_epi64(q, zero), k_max),
                    o_zero,
                    k_max,
                );
                // r = (k·o + 2^14) >> 15; |r| <= 2^31 stays in 32 bits.
                let rst = _mm512_srai_epi64::<15>(_mm512_add_epi64(_mm512_mul_epi32(k, o), r14));
                let clamp = angle & !o_zero & _mm512_cmpneq_epi64_mask(k, zero);
                let pos = _mm512_cmpgt_epi64_mask(o, zero);
                let g = _mm512_mul_pd(_mm512_cvtepi64_pd(rst), egl_pd);
                let tp = _mm512_cvtepi64_pd(t);
                let v = _mm512_mask_blend_pd(pos, _mm512_max_pd(g, tp), _mm512_min_pd(g, tp));
                let rst = _mm512_mask_mov_epi64(rst, clamp, _mm512_cvttpd_epi64(v));
                (rst, _mm512_sub_epi64(t, rst))
            };
            let (rh, ah) = band(oh, th);
            let (rv, av) = band(ov, tv);
            let (rd, ad) = band(od, td);
            // SAFETY: the mask covers only `j..right`, inside every output row.
            unsafe {
                let st = |p: *mut i32, v: __m512i| {
                    _mm256_mask_storeu_epi32(p.add(j), m, _mm512_cvtepi64_epi32(v))
                };
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 8;
        }
        right
    }
}

pub(super) fn decouple_s123(
    rf: Hvd<'_, i32>,
    dis: Hvd<'_, i32>,
    left: usize,
    right: usize,
    egl: f64,
    mut r: HvdMut<'_, i32>,
    mut a: HvdMut<'_, i32>,
) {
    check_band_rows(left, right, &[rf.h, rf.v, rf.d, dis.h, dis.v, dis.d]);
    check_band_rows(left, right, &[&*r.h, &*r.v, &*r.d, &*a.h, &*a.v, &*a.d]);
    if !egl_vector_ok(egl) {
        return scalar::decouple_s123(rf, dis, left, right, egl, r, a);
    }
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths and egl checked above.
    let done = unsafe { decouple_s123_imp(rf, dis, left, right, egl, &mut r, &mut a) };
    scalar::decouple_s123(rf, dis, done, right, egl, r, a);
}

// ---------------------------------------------------------------------------------------------
// CSF
// ---------------------------------------------------------------------------------------------

avx512_fn! {
    /// Reduced CSF at scale 0 of columns `left .. left + 16·k`; returns where it stopped.
    ///
    /// # Safety
    /// AVX-512; the band rows, `fsum` and `own` hold at least `right` samples.
    unsafe fn csf_s0_imp(src: Hvd<'_, i16>, left: usize, right: usize, rfactor: [u16; 3], fsum: &mut [i32], own: &mut [i32]) -> usize {
        let bands = [src.h, src.v, src.d];
        let rf = rfactor.map(|r| _mm512_set1_epi32(r as i32));
        let add = CSF_S0_ADD.map(|v| _mm512_set1_epi32(v));
        let k30 = _mm512_set1_epi32(4369);
        let r12 = _mm512_set1_epi32(2048);
        let i16w = |v: __m512i| _mm512_srai_epi32::<16>(_mm512_slli_epi32::<16>(v));
        let mut j = left;
        while j + 16 <= right {
            let mut fs = _mm512_setzero_si512();
            let mut ow = _mm512_setzero_si512();
            for b in 0..3 {
                // SAFETY: j + 16 <= right <= the row's length.
                let x = unsafe {
                    _mm512_cvtepi16_epi32(_mm256_loadu_si256(bands[b].as_ptr().add(j) as *const __m256i))
                };
                let v = _mm512_add_epi32(_mm512_mullo_epi32(rf[b], x), add[b]);
                let c = i16w(if CSF_S0_SHIFT[b] == 15 {
                    _mm512_srai_epi32::<15>(v)
                } else {
                    _mm512_srai_epi32::<17>(v)
                });
                let m = _mm512_mullo_epi32(_mm512_abs_epi32(c), k30);
                let f = i16w(_mm512_srai_epi32::<12>(_mm512_add_epi32(m, r12)));
                // 8738·|c| = 2·(4369·|c|), exactly.
                let centre = i16w(_mm512_srai_epi32::<12>(_mm512_add_epi32(_mm512_add_epi32(m, m), r12)));
                fs = _mm512_add_epi32(fs, f);
                ow = _mm512_add_epi32(ow, _mm512_sub_epi32(centre, f));
            }
            // SAFETY: j + 16 <= right <= fsum.len(), own.len().
            unsafe {
                _mm512_storeu_si512(fsum.as_mut_ptr().add(j) as *mut __m512i, fs);
                _mm512_storeu_si512(own.as_mut_ptr().add(j) as *mut __m512i, ow);
            }
            j += 16;
        }
        j
    }
}

pub(super) fn csf_s0(
    src: Hvd<'_, i16>,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) {
    check_band_rows(left, right, &[src.h, src.v, src.d]);
    check_band_rows(left, right, &[&*fsum, &*own]);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { csf_s0_imp(src, left, right, rfactor, fsum, own) };
    scalar::csf_s0(src, done, right, rfactor, fsum, own);
}

avx512_fn! {
    /// `(rf·x + 2^27) >> 28` as `i32` for the even lanes (result in the low half of each 64-bit
    /// lane) of `x`, `rf` unsigned: `vpmuldq` multiplies signed, so for `rf >= 2^31` the product
    /// gains `x·2^32` (mod 2^64, which the kept bits 28..59 need).
    ///
    /// # Safety
    /// AVX-512.
    #[inline]
    unsafe fn csf_s123_even(x: __m512i, rf: __m512i, rf_big: bool) -> __m512i {
        let mut p = _mm512_mul_epi32(x, rf);
        if rf_big {
            p = _mm512_add_epi64(p, _mm512_slli_epi64::<32>(x));
        }
        _mm512_srli_epi64::<28>(_mm512_add_epi64(p, _mm512_set1_epi64(1 << 27)))
    }
}

avx512_fn! {
    /// `(k·|c| − 2^31) >> 32` as `i32` for 16 natural lanes (`|c|` wrapping, as `i32`).
    ///
    /// # Safety
    /// AVX-512.
    #[inline]
    unsafe fn i4_mask(ac: __m512i, k: __m512i) -> __m512i {
        let m = _mm512_set1_epi64(1i64 << 31);
        let e = _mm512_sub_epi64(_mm512_mul_epi32(ac, k), m);
        let o = _mm512_sub_epi64(_mm512_mul_epi32(_mm512_srli_epi64::<32>(ac), k), m);
        join_even_odd(_mm512_srli_epi64::<32>(e), o)
    }
}

avx512_fn! {
    /// The scales-1..=3 CSF `(rf·x + 2^27) >> 28` of 16 natural lanes.
    ///
    /// # Safety
    /// AVX-512.
    #[inline]
    unsafe fn csf_s123_vec(x: __m512i, rf: __m512i, rf_big: bool) -> __m512i {
        // SAFETY: AVX-512 is enabled here.
        unsafe {
            let e = csf_s123_even(x, rf, rf_big);
            let o = csf_s123_even(_mm512_srli_epi64::<32>(x), rf, rf_big);
            join_even_odd(e, _mm512_slli_epi64::<32>(o))
        }
    }
}

avx512_fn! {
    /// Reduced CSF at scales 1..=3 of columns `left .. left + 16·k`; returns where it stopped.
    ///
    /// # Safety
    /// AVX-512; the band rows, `fsum` and `own` hold at least `right` samples.
    unsafe fn csf_s123_imp(src: Hvd<'_, i32>, left: usize, right: usize, rfactor: [u32; 3], fsum: &mut [i32], own: &mut [i32]) -> usize {
        let bands = [src.h, src.v, src.d];
        let rf = rfactor.map(|r| _mm512_set1_epi64(r as i32 as i64));
        let big = rfactor.map(|r| r >= 1 << 31);
        let k30 = _mm512_set1_epi64(143_165_577);
        let k15 = _mm512_set1_epi64(286_331_153);
        let mut j = left;
        while j + 16 <= right {
            let mut fs = _mm512_setzero_si512();
            let mut ow = _mm512_setzero_si512();
            for b in 0..3 {
                // SAFETY: j + 16 <= right <= the row's length.
                let x = unsafe { _mm512_loadu_si512(bands[b].as_ptr().add(j) as *const __m512i) };
                // SAFETY: AVX-512 is enabled here.
                let (f, centre) = unsafe {
                    let ac = _mm512_abs_epi32(csf_s123_vec(x, rf[b], big[b]));
                    (i4_mask(ac, k30), i4_mask(ac, k15))
                };
                fs = _mm512_add_epi32(fs, f);
                ow = _mm512_add_epi32(ow, _mm512_sub_epi32(centre, f));
            }
            // SAFETY: j + 16 <= right <= fsum.len(), own.len().
            unsafe {
                _mm512_storeu_si512(fsum.as_mut_ptr().add(j) as *mut __m512i, fs);
                _mm512_storeu_si512(own.as_mut_ptr().add(j) as *mut __m512i, ow);
            }
            j += 16;
        }
        j
    }
}

pub(super) fn csf_s123(
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) {
    check_band_rows(left, right, &[src.h, src.v, src.d]);
    check_band_rows(left, right, &[&*fsum, &*own]);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { csf_s123_imp(src, left, right, rfactor, fsum, own) };
    scalar::csf_s123(src, done, right, rfactor, fsum, own);
}

// ---------------------------------------------------------------------------------------------
// Denominator
// ---------------------------------------------------------------------------------------------

avx512_fn! {
    /// `Σ |x|³` over `left .. left + 16·k` of one `i16` row; returns (sum, stop).
    ///
    /// # Safety
    /// AVX-512; `band` holds at least `right` samples.
    unsafe fn den_s0_band(band: &[i16], left: usize, right: usize) -> (u64, usize) {
        let mut acc = _mm512_setzero_si512();
        let mut j = left;
        while j + 16 <= right {
            // SAFETY: j + 16 <= right <= band.len().
            let x = unsafe { _mm512_cvtepi16_epi32(_mm256_loadu_si256(band.as_ptr().add(j) as *const __m256i)) };
            let a = _mm512_abs_epi32(x);
            let a2 = _mm512_mullo_epi32(a, a);
            acc = _mm512_add_epi64(acc, _mm512_mul_epu32(a2, a));
            acc = _mm512_add_epi64(
                acc,
                _mm512_mul_epu32(_mm512_srli_epi64::<32>(a2), _mm512_srli_epi64::<32>(a)),
            );
            j += 16;
        }
        (_mm512_reduce_add_epi64(acc) as u64, j)
    }
}

pub(super) fn den_s0(src: Hvd<'_, i16>, left: usize, right: usize) -> [u64; 3] {
    check_band_rows(left, right, &[src.h, src.v, src.d]);
    [src.h, src.v, src.d].map(|band| {
        // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports
        // it; lengths checked above.
        let (s, done) = unsafe { den_s0_band(band, left, right) };
        let tail = scalar::den_s0(
            Hvd {
                h: band,
                v: band,
                d: band,
            },
            done,
            right,
        )[0];
        s.wrapping_add(tail)
    })
}

avx512_fn! {
    /// Σ of the scales-1..=3 denominator terms over `left .. left + 16·k`; returns (sum, stop).
    ///
    /// # Safety
    /// AVX-512; `band` holds at least `right` samples; `1 <= cub <= 63`, `shift_sq <= 31`.
    unsafe fn den_s123_band(band: &[i32], left: usize, right: usize, shift_sq: u32, cub: u32) -> (u64, usize) {
        let add_sq = _mm512_set1_epi64(1i64 << shift_sq);
        let sh_sq = _mm_cvtsi32_si128(shift_sq as i32);
        let add_cub = _mm512_set1_epi64(1i64 << (cub - 1));
        let sh_cub = _mm_cvtsi32_si128(cub as i32);
        let term = |a: __m512i| {
            // sq = (a² + 2^S) >> S may need 33 bits (a = 2^31): multiply both halves by a.
            let sq = _mm512_srl_epi64(_mm512_add_epi64(_mm512_mul_epu32(a, a), add_sq), sh_sq);
            let p = _mm512_add_epi64(
                _mm512_mul_epu32(sq, a),
                _mm512_slli_epi64::<32>(_mm512_mul_epu32(_mm512_srli_epi64::<32>(sq), a)),
            );
            _mm512_srl_epi64(_mm512_add_epi64(p, add_cub), sh_cub)
        };
        let mut acc = _mm512_setzero_si512();
        let mut j = left;
        while j + 16 <= right {
            // SAFETY: j + 16 <= right <= band.len().
            let x = unsafe { _mm512_loadu_si512(band.as_ptr().add(j) as *const __m512i) };
            // |x| as u32 (i32::MIN gives 2^31), then zero-extended per 64-bit lane.
            let a = _mm512_abs_epi32(x);
            let lo32 = _mm512_set1_epi64(0xffff_ffff);
            acc = _mm512_add_epi64(acc, term(_mm512_and_si512(a, lo32)));
            acc = _mm512_add_epi64(acc, term(_mm512_srli_epi64::<32>(a)));
            j += 16;
        }
        (_mm512_reduce_add_epi64(acc) as u64, j)
    }
}

pub(super) fn den_s123(
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    scale: usize,
    cub_shift: u32,
) -> [u64; 3] {
    check_band_rows(left, right, &[src.h, src.v, src.d]);
    assert!(
        (1..=3).contains(&scale),
        "ADM scale {scale} (expected 1..=3)"
    );
    assert!((1..=63).contains(&cub_shift), "ADM cube shift {cub_shift}");
    let shift_sq = DEN_S123_SHIFT_SQ[scale - 1];
    [src.h, src.v, src.d].map(|band| {
        // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports
        // it; lengths and shifts checked above.
        let (s, done) = unsafe { den_s123_band(band, left, right, shift_sq, cub_shift) };
        let b = Hvd {
            h: band,
            v: band,
            d: band,
        };
        s.wrapping_add(scalar::den_s123(b, done, right, scale, cub_shift)[0])
    })
}

// ---------------------------------------------------------------------------------------------
// Contrast masking
// ---------------------------------------------------------------------------------------------

avx512_fn! {
    /// The masking thresholds of 16 columns `j ..= j+15` (all with both neighbours inside the
    /// row): the 3x3 window sum of `fsum` plus `own`, 32-bit wrapping.
    ///
    /// # Safety
    /// AVX-512; `1 <= j` and `j + 17 <= len` of all four rows.
    #[inline]
    unsafe fn thr16(fsum: [&[i32]; 3], own: &[i32], j: usize) -> __m512i {
        // SAFETY: the caller guarantees j - 1 .. j + 17 lies inside every row.
        unsafe {
            let ld = |p: &[i32], o: usize| _mm512_loadu_si512(p.as_ptr().add(o) as *const __m512i);
            let col = |o: usize| _mm512_add_epi32(_mm512_add_epi32(ld(fsum[0], o), ld(fsum[1], o)), ld(fsum[2], o));
            _mm512_add_epi32(
                _mm512_add_epi32(col(j - 1), col(j)),
                _mm512_add_epi32(col(j + 1), ld(own, j)),
            )
        }
    }
}

/// The columns of `left..right` whose masking window lies inside the row: `max(left, 1) ..
/// min(right, w - 1)`, as a start and a count of whole 16-column blocks.
#[inline(always)]
fn cm_inner(left: usize, right: usize, w: usize, block: usize) -> (usize, usize) {
    let start = left.max(1);
    let end = right.min(w.saturating_sub(1));
    (start, end.saturating_sub(start) / block)
}

avx512_fn! {
    /// One masking term per 64-bit lane (even lanes of `x`, threshold already subtracted):
    /// `x² = (x² + add_sq) >> sh_sq` as `i32`, `(x²·x + add_cub) >> cub`.
    ///
    /// # Safety
    /// AVX-512.
    #[inline]
    unsafe fn cm_term(x: __m512i, add_sq: __m512i, sh_sq: __m128i, add_cub: __m512i, cub: __m128i) -> __m512i {
        let x2 = _mm512_srl_epi64(_mm512_add_epi64(_mm512_mul_epu32(x, x), add_sq), sh_sq);
        _mm512_sra_epi64(_mm512_add_epi64(_mm512_mul_epi32(x2, x), add_cub), cub)
    }
}

avx512_fn! {
    /// Masking row sums at scale 0 over `nblk` blocks of 16 columns from `start`.
    ///
    /// # Safety
    /// AVX-512; `1 <= start`, `start + 16·nblk + 1 <= w` and all rows hold `w` samples;
    /// `1 <= cub_hv, cub_d <= 63`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn cm_s0_imp(x: Hvd<'_, i16>, fsum: [&[i32]; 3], own: &[i32], start: usize, nblk: usize, rfactor: [u16; 3], shifts: CmShifts) -> [i64; 3] {
        let bands = [x.h, x.v, x.d];
        let rf = rfactor.map(|r| _mm512_set1_epi32(r as i32));
        let add_sq = [1i64 << 28, 1 << 28, 1 << 29].map(|v| _mm512_set1_epi64(v));
        let sh_sq = [29, 29, 30].map(|v| _mm_cvtsi32_si128(v));
        let cubs = [shifts.cub_hv, shifts.cub_hv, shifts.cub_d];
        let add_cub = cubs.map(|c| _mm512_set1_epi64(1i64 << (c - 1)));
        let sh_cub = cubs.map(|c| _mm_cvtsi32_si128(c as i32));
        let zero = _mm512_setzero_si512();
        let mut acc = [zero; 3];
        for blk in 0..nblk {
            let j = start + 16 * blk;
            // SAFETY: 1 <= j and j + 17 <= w.
            let thr = unsafe { thr16(fsum, own, j) };
            let sub = [_mm512_slli_epi32::<10>(thr), _mm512_slli_epi32::<10>(thr), _mm512_slli_epi32::<12>(thr)];
            for b in 0..3 {
                // SAFETY: j + 16 <= w <= the row's length.
                let v = unsafe { _mm512_cvtepi16_epi32(_mm256_loadu_si256(bands[b].as_ptr().add(j) as *const __m256i)) };
                let xv = _mm512_max_epi32(
                    _mm512_sub_epi32(_mm512_abs_epi32(_mm512_mullo_epi32(v, rf[b])), sub[b]),
                    zero,
                );
                // SAFETY: AVX-512 is enabled here.
                let t = unsafe {
                    _mm512_add_epi64(
                        cm_term(xv, add_sq[b], sh_sq[b], add_cub[b], sh_cub[b]),
                        cm_term(_mm512_srli_epi64::<32>(xv), add_sq[b], sh_sq[b], add_cub[b], sh_cub[b]),
                    )
                };
                acc[b] = _mm512_add_epi64(acc[b], t);
            }
        }
        acc.map(|a| _mm512_reduce_add_epi64(a))
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn cm_s0(
    x: Hvd<'_, i16>,
    fsum: [&[i32]; 3],
    own: &[i32],
    w: usize,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    check_cm(&[x.h, x.v, x.d], fsum, own, w, left, right);
    assert!(
        (1..=63).contains(&shifts.cub_hv) && (1..=63).contains(&shifts.cub_d),
        "ADM cube shifts {shifts:?}"
    );
    let (start, nblk) = cm_inner(left, right, w, 16);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths and shifts checked above, and `cm_inner` keeps the blocks inside 1 .. w - 1.
    let v = unsafe { cm_s0_imp(x, fsum, own, start, nblk, rfactor, shifts) };
    let end = start + 16 * nblk;
    let a = scalar::cm_s0(x, fsum, own, w, left, start.min(right), rfactor, shifts);
    let b = scalar::cm_s0(x, fsum, own, w, end.max(left), right, rfactor, shifts);
    [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
}

avx512_fn! {
    /// Masking row sums at scales 1..=3 over `nblk` blocks of 16 columns from `start`.
    ///
    /// # Safety
    /// As [`cm_s0_imp`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn cm_s123_imp(x: Hvd<'_, i32>, fsum: [&[i32]; 3], own: &[i32], start: usize, nblk: usize, rfactor: [u32; 3], shifts: CmShifts) -> [i64; 3] {
        let bands = [x.h, x.v, x.d];
        let rf = rfactor.map(|r| _mm512_set1_epi64(r as i32 as i64));
        let big = rfactor.map(|r| r >= 1 << 31);
        let add_sq = _mm512_set1_epi64(1 << 29);
        let sh_sq = _mm_cvtsi32_si128(30);
        let add_cub = _mm512_set1_epi64(1i64 << (shifts.cub_hv - 1));
        let sh_cub = _mm_cvtsi32_si128(shifts.cub_hv as i32);
        let zero = _mm512_setzero_si512();
        let mut acc = [zero; 3];
        for blk in 0..nblk {
            let j = start + 16 * blk;
            // SAFETY: 1 <= j and j + 17 <= w.
            let thr = unsafe { thr16(fsum, own, j) };
            let thr_o = _mm512_srli_epi64::<32>(thr);
            for b in 0..3 {
                // SAFETY: j + 16 <= w <= the row's length.
                let v = unsafe { _mm512_loadu_si512(bands[b].as_ptr().add(j) as *const __m512i) };
                // Even and odd pixels stay in the low halves of the 64-bit lanes; the sums do
                // not care about the order.
                // SAFETY: AVX-512 is enabled here.
                let t = unsafe {
                    let half = |v: __m512i, thr: __m512i| {
                        let c = csf_s123_even(v, rf[b], big[b]);
                        let xv = _mm512_max_epi32(_mm512_sub_epi32(_mm512_abs_epi32(c), thr), zero);
                        cm_term(xv, add_sq, sh_sq, add_cub, sh_cub)
                    };
                    _mm512_add_epi64(half(v, thr), half(_mm512_srli_epi64::<32>(v), thr_o))
                };
                acc[b] = _mm512_add_epi64(acc[b], t);
            }
        }
        acc.map(|a| _mm512_reduce_add_epi64(a))
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn cm_s123(
    x: Hvd<'_, i32>,
    fsum: [&[i32]; 3],
    own: &[i32],
    w: usize,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    check_cm(&[x.h, x.v, x.d], fsum, own, w, left, right);
    assert!(
        (1..=63).contains(&shifts.cub_hv),
        "ADM cube shift {shifts:?}"
    );
    let (start, nblk) = cm_inner(left, right, w, 16);
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths and shifts checked above, and `cm_inner` keeps the blocks inside 1 .. w - 1.
    let v = unsafe { cm_s123_imp(x, fsum, own, start, nblk, rfactor, shifts) };
    let end = start + 16 * nblk;
    let a = scalar::cm_s123(x, fsum, own, w, left, start.min(right), rfactor, shifts);
    let b = scalar::cm_s123(x, fsum, own, w, end.max(left), right, rfactor, shifts);
    [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
}

pub(super) fn dwt_s1_lo(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], a: &mut [i32]) {
    check_dwt(&rows, tmp.len(), 2, &[&*a]);
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { s1_vertical(rows, ahead, w, lo, hi) };
    scalar::s123_vertical_lo(rows, 1, done..w, lo);
    // SAFETY: as above.
    let end = unsafe { s123_horizontal(lo, w, 1, a, None) };
    scalar::s123_horizontal_lo_cols(lo, w, 1, 0..1, a);
    scalar::s123_horizontal_lo_cols(lo, w, 1, end..w.div_ceil(2), a);
}

pub(super) fn dwt_s23_lo(
    rows: [&[i32]; 4],
    ahead: [&[i32]; 2],
    scale: usize,
    tmp: &mut [i32],
    a: &mut [i32],
) {
    check_dwt(&rows, tmp.len(), 2, &[&*a]);
    assert!(
        (2..=3).contains(&scale),
        "ADM scale {scale} (expected 2 or 3)"
    );
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: reachable only through the AVX-512 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { s23_vertical(rows, ahead, scale, w, lo, hi) };
    scalar::s123_vertical_lo(rows, scale, done..w, lo);
    // SAFETY: as above.
    let end = unsafe { s123_horizontal(lo, w, scale, a, None) };
    scalar::s123_horizontal_lo_cols(lo, w, scale, 0..1, a);
    scalar::s123_horizontal_lo_cols(lo, w, scale, end..w.div_ceil(2), a);
}
