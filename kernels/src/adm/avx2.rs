//! AVX2 kernels of integer ADM (x86-64-v3): the same integer arithmetic as [`super::scalar`],
//! bit for bit, 8 samples (or 4 in 64-bit lanes) per step. The structure follows
//! [`super::avx512`]; where AVX2 lacks an instruction it is built from others:
//!
//! - truncation of 32-bit lanes to 16 bits: shift left and arithmetic right by 16, then
//!   `vpackssdw` (exact on values already in range) and a lane fix-up;
//! - 64-bit arithmetic shifts: logical shifts of the value XOR its sign mask;
//! - 64-bit min/max: `vpcmpgtq` and blends;
//! - 64-bit integers to `f32` (the scales-1..=3 angle test): the two 32-bit halves summed in
//!   `f64` with round-to-odd, then rounded to `f32`, which equals the direct rounding.
//!
//! Every kernel is a private `unsafe fn` with `#[target_feature]`, reached only through a safe
//! wrapper stored in the table [`super::AdmKernels::for_level`] returns for
//! [`CpuLevel::Avx2`](crate::cpu::CpuLevel), which it does only when that level is supported.

use core::arch::x86_64::*;

use super::scalar::{
    self, AVX512_S0_BLOCK_8, AVX512_S0_BLOCK_16, COS_1DEG_SQ, CSF_S0_ADD, CSF_S0_SHIFT,
    DEN_S123_SHIFT_SQ, S123_ADD_H, S123_ADD_V, S123_SHIFT_H, S123_SHIFT_V,
};
use super::{
    CmShifts, DB2_HI, DB2_LO, DB2_LO_SUM, DIV_LOOKUP, DwtRow, Hvd, HvdMut, check_band_rows,
    check_bpc, check_cm, check_dwt,
};

macro_rules! avx2_fn {
    ($(#[$m:meta])* unsafe fn $name:ident $($rest:tt)*) => {
        $(#[$m])*
        #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
        unsafe fn $name $($rest)*
    };
}

/// A pair of 16-bit filter taps `(lo, hi)` as one 32-bit lane for `vpmaddwd`.
#[inline(always)]
fn tap_pair(f0: i32, f1: i32) -> i32 {
    ((f1 as u16 as u32) << 16 | (f0 as u16 as u32)) as i32
}

/// The last output column whose taps `2j-1 ..= 2j+2` all lie inside a row of width `w`.
#[inline(always)]
fn last_straight(w: usize) -> usize {
    (w - 3) / 2
}

avx2_fn! {
    /// 8 lanes of `i32` already in `i16` range to 8 `i16`, in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn pack8(x: __m256i) -> __m128i {
        _mm256_castsi256_si128(_mm256_permute4x64_epi64::<0x08>(_mm256_packs_epi32(x, x)))
    }
}

avx2_fn! {
    /// 8 lanes of `i32` truncated to `i16` (as `as i16`), in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn trunc8(x: __m256i) -> __m128i {
        // SAFETY: AVX2 is enabled here.
        unsafe { pack8(_mm256_srai_epi32::<16>(_mm256_slli_epi32::<16>(x))) }
    }
}

avx2_fn! {
    /// The low 32 bits of the four 64-bit lanes, in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn low32x4(x: __m256i) -> __m128i {
        _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)))
    }
}

avx2_fn! {
    /// Arithmetic right shift of 64-bit lanes by `n` (0..=63).
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn sra64(x: __m256i, n: __m128i) -> __m256i {
        let m = _mm256_cmpgt_epi64(_mm256_setzero_si256(), x);
        _mm256_xor_si256(_mm256_srl_epi64(_mm256_xor_si256(x, m), n), m)
    }
}

avx2_fn! {
    /// Arithmetic right shift of 64-bit lanes by per-lane counts (0..=63).
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn srav64(x: __m256i, n: __m256i) -> __m256i {
        let m = _mm256_cmpgt_epi64(_mm256_setzero_si256(), x);
        _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(x, m), n), m)
    }
}

avx2_fn! {
    /// `i64 as f32` (round to nearest, ties to even) of four lanes, exactly as the scalar cast:
    /// the high half times 2^32 plus the low half is summed in `f64` and rounded to odd (the
    /// exact error of the sum, from Fast2Sum, says whether and which way it rounded), and a
    /// value rounded to odd with 29 spare bits rounds to `f32` as the exact value would.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn i64_to_f32(x: __m256i) -> __m128 {
        let hi = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
            x,
            _mm256_setr_epi32(1, 3, 5, 7, 1, 3, 5, 7),
        ));
        let lo = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
            x,
            _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6),
        ));
        // Both parts exact: a signed high half times 2^32, an unsigned low half.
        let a = _mm256_mul_pd(_mm256_cvtepi32_pd(hi), _mm256_set1_pd(4294967296.0));
        let b = _mm256_add_pd(
            _mm256_cvtepi32_pd(_mm_xor_si128(lo, _mm_set1_epi32(i32::MIN))),
            _mm256_set1_pd(2147483648.0),
        );
        let s = _mm256_add_pd(a, b);
        // Fast2Sum: |a| >= 2^32 > b, or a = 0 (then s = b exactly).
        let e = _mm256_sub_pd(b, _mm256_sub_pd(s, a));
        let zero = _mm256_setzero_pd();
        let bits = _mm256_castpd_si256(s);
        let inexact = _mm256_castpd_si256(_mm256_cmp_pd::<_CMP_NEQ_OQ>(e, zero));
        let even = _mm256_cmpeq_epi64(
            _mm256_and_si256(bits, _mm256_set1_epi64x(1)),
            _mm256_setzero_si256(),
        );
        // Toward the exact value: one unit up in magnitude when e and s agree in sign.
        let away = _mm256_castpd_si256(_mm256_xor_pd(
            _mm256_cmp_pd::<_CMP_GT_OQ>(e, zero),
            _mm256_cmp_pd::<_CMP_GT_OQ>(s, zero),
        ));
        let step = _mm256_blendv_epi8(_mm256_set1_epi64x(1), _mm256_set1_epi64x(-1), away);
        let odd = _mm256_add_epi64(bits, _mm256_and_si256(step, _mm256_and_si256(inexact, even)));
        _mm256_cvtpd_ps(_mm256_castsi256_pd(odd))
    }
}

// ---------------------------------------------------------------------------------------------
// DWT
// ---------------------------------------------------------------------------------------------

/// A source sample type of the scale-0 DWT.
trait S0Src: Copy + Into<u32> {
    /// Loads 16 samples as signed 16-bit lanes (u16 offset by −2^15).
    ///
    /// # Safety
    /// `p .. p+16` must be readable; AVX2 must be available.
    unsafe fn load16(p: *const Self) -> __m256i;
    /// Whether `load16` offsets the samples by −2^15.
    const OFFSET: i32;
}

impl S0Src for u8 {
    #[inline(always)]
    unsafe fn load16(p: *const u8) -> __m256i {
        // SAFETY: the caller guarantees 16 readable bytes and AVX2.
        unsafe { _mm256_cvtepu8_epi16(_mm_loadu_si128(p as *const __m128i)) }
    }
    const OFFSET: i32 = 0;
}

impl S0Src for u16 {
    #[inline(always)]
    unsafe fn load16(p: *const u16) -> __m256i {
        // SAFETY: the caller guarantees 16 readable samples and AVX2.
        unsafe {
            _mm256_xor_si256(
                _mm256_loadu_si256(p as *const __m256i),
                _mm256_set1_epi16(-32768),
            )
        }
    }
    const OFFSET: i32 = 1;
}

avx2_fn! {
    /// Vertical pass of the scale-0 DWT over `0 .. w - w % 16` (see the AVX-512 twin); returns
    /// that count.
    ///
    /// # Safety
    /// AVX2; every row, `lo` and `hi` hold at least `w` samples; `1 <= shift <= 16`.
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
        let c_lo = _mm256_set1_epi32(off.wrapping_sub(dc).wrapping_add(add));
        let c_hi = _mm256_set1_epi32(add);
        let fl01 = _mm256_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm256_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm256_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm256_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let sl = _mm_cvtsi32_si128(16 - shift as i32);
        let sr = _mm_cvtsi32_si128(16);
        let fin = |v: __m256i| _mm256_sra_epi32(_mm256_sll_epi32(v, sl), sr);
        let hi = hi.map(|h| h.as_mut_ptr());
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
            let r = unsafe { [0, 1, 2, 3].map(|k| T::load16(rows[k].as_ptr().add(j))) };
            let p01l = _mm256_unpacklo_epi16(r[0], r[1]);
            let p01h = _mm256_unpackhi_epi16(r[0], r[1]);
            let p23l = _mm256_unpacklo_epi16(r[2], r[3]);
            let p23h = _mm256_unpackhi_epi16(r[2], r[3]);
            let sum = |a: __m256i, b: __m256i, f01: __m256i, f23: __m256i, c: __m256i| {
                fin(_mm256_add_epi32(
                    _mm256_add_epi32(_mm256_madd_epi16(a, f01), _mm256_madd_epi16(b, f23)),
                    c,
                ))
            };
            let l = _mm256_packs_epi32(
                sum(p01l, p23l, fl01, fl23, c_lo),
                sum(p01h, p23h, fl01, fl23, c_lo),
            );
            // SAFETY: j + 16 <= w <= lo.len().
            unsafe { _mm256_storeu_si256(lo.as_mut_ptr().add(j) as *mut __m256i, l) };
            if let Some(hp) = hi {
                let h = _mm256_packs_epi32(
                    sum(p01l, p23l, fh01, fh23, c_hi),
                    sum(p01h, p23h, fh01, fh23, c_hi),
                );
                // SAFETY: j + 16 <= w <= hi.len().
                unsafe { _mm256_storeu_si256(hp.add(j) as *mut __m256i, h) };
            }
            j += 16;
        }
        n
    }
}

avx2_fn! {
    /// Horizontal scale-0 pass of one `i16` row into two bands for output columns `1 .. end`, 8
    /// at a time; returns `end`.
    ///
    /// # Safety
    /// AVX2; `row` holds `w >= 3` samples, `lo_out`/`hi_out` (when not null) `ceil(w/2)`.
    unsafe fn s0_horizontal(row: &[i16], w: usize, lo_out: *mut i16, hi_out: *mut i16) -> usize {
        let fl01 = _mm256_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm256_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm256_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm256_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let rnd = _mm256_set1_epi32(32768);
        let jmax = last_straight(w);
        let mut j = 1;
        while j + 7 <= jmax {
            // SAFETY: the loads read 2j-1 ..= 2j+16 <= 2·jmax + 2 <= w - 1.
            let (a, b) = unsafe {
                (
                    _mm256_loadu_si256(row.as_ptr().add(2 * j - 1) as *const __m256i),
                    _mm256_loadu_si256(row.as_ptr().add(2 * j + 1) as *const __m256i),
                )
            };
            let f = |f01: __m256i, f23: __m256i| {
                let s = _mm256_add_epi32(_mm256_madd_epi16(a, f01), _mm256_madd_epi16(b, f23));
                // The results fit i16 (|Σ| < 2^31), so packing is exact.
                // SAFETY: AVX2 is enabled here.
                unsafe { pack8(_mm256_srai_epi32::<16>(_mm256_add_epi32(s, rnd))) }
            };
            // SAFETY: j + 8 <= jmax + 1 <= ceil(w/2), the length of both outputs.
            unsafe {
                _mm_storeu_si128(lo_out.add(j) as *mut __m128i, f(fl01, fl23));
                if !hi_out.is_null() {
                    _mm_storeu_si128(hi_out.add(j) as *mut __m128i, f(fh01, fh23));
                }
            }
            j += 8;
        }
        j
    }
}

avx2_fn! {
    /// # Safety
    /// AVX2; lengths as checked by [`check_dwt`], `1 <= shift <= 16`.
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

avx2_fn! {
    /// # Safety
    /// AVX2; lengths as checked by [`check_dwt`], `1 <= shift <= 16`.
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths and shift checked above.
    unsafe { dwt_s0_lo_imp(rows, ahead, bpc, AVX512_S0_BLOCK_16, last_col, tmp, a) }
}

avx2_fn! {
    /// Vertical pass of the scale-1 DWT on `i16` rows over `0 .. w - w % 8` (exact 32-bit
    /// sums, no shift). Returns the column count done.
    ///
    /// # Safety
    /// AVX2; every row, `lo` and `hi` hold at least `w` samples.
    unsafe fn s1_vertical(rows: [&[i16]; 4], ahead: [&[i16]; 2], w: usize, lo: &mut [i32], hi: &mut [i32]) -> usize {
        let fl01 = _mm256_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm256_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm256_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm256_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let n = w - w % 8;
        let mut j = 0;
        while j < n {
            for r in ahead {
                if j < r.len() {
                    // SAFETY: j < r.len(): the address is inside the slice.
                    _mm_prefetch::<_MM_HINT_T0>(unsafe { r.as_ptr().add(j) } as *const i8);
                }
            }
            // SAFETY: j + 8 <= w and every row holds w samples.
            let r = unsafe {
                [0, 1, 2, 3].map(|k| {
                    _mm256_cvtepu16_epi32(_mm_loadu_si128(rows[k].as_ptr().add(j) as *const __m128i))
                })
            };
            let p01 = _mm256_or_si256(r[0], _mm256_slli_epi32::<16>(r[1]));
            let p23 = _mm256_or_si256(r[2], _mm256_slli_epi32::<16>(r[3]));
            let l = _mm256_add_epi32(_mm256_madd_epi16(p01, fl01), _mm256_madd_epi16(p23, fl23));
            let h = _mm256_add_epi32(_mm256_madd_epi16(p01, fh01), _mm256_madd_epi16(p23, fh23));
            // SAFETY: j + 8 <= w <= lo.len(), hi.len().
            unsafe {
                _mm256_storeu_si256(lo.as_mut_ptr().add(j) as *mut __m256i, l);
                _mm256_storeu_si256(hi.as_mut_ptr().add(j) as *mut __m256i, h);
            }
            j += 8;
        }
        n
    }
}

avx2_fn! {
    /// Vertical pass of the scale-2/3 DWT on `i32` rows over `0 .. w - w % 8`, 64-bit sums,
    /// `(Σ + 2^15) >> 16` truncated to `i32`. Returns the column count done.
    ///
    /// # Safety
    /// AVX2; every row, `lo` and `hi` hold at least `w` samples.
    unsafe fn s23_vertical(rows: [&[i32]; 4], ahead: [&[i32]; 2], scale: usize, w: usize, lo: &mut [i32], hi: &mut [i32]) -> usize {
        let add = _mm256_set1_epi64x(S123_ADD_V[scale - 1]);
        debug_assert_eq!(S123_SHIFT_V[scale - 1], 16);
        let fl = DB2_LO.map(|f| _mm256_set1_epi64x(f as i64));
        let fh = DB2_HI.map(|f| _mm256_set1_epi64x(f as i64));
        let n = w - w % 8;
        let mut j = 0;
        while j < n {
            for r in ahead {
                if j < r.len() {
                    // SAFETY: j < r.len(): the address is inside the slice.
                    _mm_prefetch::<_MM_HINT_T0>(unsafe { r.as_ptr().add(j) } as *const i8);
                }
            }
            // SAFETY: j + 8 <= w and every row holds w samples.
            let r = unsafe {
                [0, 1, 2, 3].map(|k| _mm256_loadu_si256(rows[k].as_ptr().add(j) as *const __m256i))
            };
            let ro = r.map(|v| _mm256_srli_epi64::<32>(v));
            let dot = |s: [__m256i; 4], f: &[__m256i; 4]| {
                let a = _mm256_add_epi64(_mm256_mul_epi32(s[0], f[0]), _mm256_mul_epi32(s[1], f[1]));
                let b = _mm256_add_epi64(_mm256_mul_epi32(s[2], f[2]), _mm256_mul_epi32(s[3], f[3]));
                _mm256_add_epi64(_mm256_add_epi64(a, b), add)
            };
            let join = |e: __m256i, o: __m256i| {
                _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<16>(e), _mm256_slli_epi64::<16>(o))
            };
            let l = join(dot(r, &fl), dot(ro, &fl));
            let h = join(dot(r, &fh), dot(ro, &fh));
            // SAFETY: j + 8 <= w <= lo.len(), hi.len().
            unsafe {
                _mm256_storeu_si256(lo.as_mut_ptr().add(j) as *mut __m256i, l);
                _mm256_storeu_si256(hi.as_mut_ptr().add(j) as *mut __m256i, h);
            }
            j += 8;
        }
        n
    }
}

avx2_fn! {
    /// Horizontal scales-1..=3 pass of one `i32` row into one or two bands for output columns
    /// `1 .. end`, 4 at a time, 64-bit sums; returns `end`.
    ///
    /// # Safety
    /// AVX2; `row` holds `w >= 3` samples, the outputs `ceil(w/2)`.
    unsafe fn s123_horizontal(row: &[i32], w: usize, scale: usize, lo_out: &mut [i32], mut hi_out: Option<&mut [i32]>) -> usize {
        let add = _mm256_set1_epi64x(S123_ADD_H[scale - 1]);
        let shift = _mm_cvtsi32_si128(S123_SHIFT_H[scale - 1] as i32);
        let fl = DB2_LO.map(|f| _mm256_set1_epi64x(f as i64));
        let fh = DB2_HI.map(|f| _mm256_set1_epi64x(f as i64));
        let jmax = last_straight(w);
        let mut j = 1;
        while j + 3 <= jmax {
            // SAFETY: the loads read 2j-1 ..= 2j+8 <= 2·jmax + 2 <= w - 1.
            let (a, b) = unsafe {
                (
                    _mm256_loadu_si256(row.as_ptr().add(2 * j - 1) as *const __m256i),
                    _mm256_loadu_si256(row.as_ptr().add(2 * j + 1) as *const __m256i),
                )
            };
            let s = [a, _mm256_srli_epi64::<32>(a), b, _mm256_srli_epi64::<32>(b)];
            let f = |f: &[__m256i; 4]| {
                let x = _mm256_add_epi64(_mm256_mul_epi32(s[0], f[0]), _mm256_mul_epi32(s[1], f[1]));
                let y = _mm256_add_epi64(_mm256_mul_epi32(s[2], f[2]), _mm256_mul_epi32(s[3], f[3]));
                let v = _mm256_srl_epi64(_mm256_add_epi64(_mm256_add_epi64(x, y), add), shift);
                // SAFETY: AVX2 is enabled here.
                unsafe { low32x4(v) }
            };
            // SAFETY: j + 4 <= jmax + 1 <= ceil(w/2) <= the output lengths.
            unsafe {
                _mm_storeu_si128(lo_out.as_mut_ptr().add(j) as *mut __m128i, f(&fl));
                if let Some(h) = hi_out.as_deref_mut() {
                    _mm_storeu_si128(h.as_mut_ptr().add(j) as *mut __m128i, f(&fh));
                }
            }
            j += 4;
        }
        j
    }
}

avx2_fn! {
    /// # Safety
    /// AVX2; lengths as checked by [`check_dwt`].
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { s23_vertical(rows, ahead, scale, w, lo, hi) };
    scalar::s123_vertical(rows, scale, done..w, lo, hi);
    // SAFETY: as above.
    unsafe { dwt_s123_finish(lo, hi, w, scale, out) }
}

pub(super) fn dwt_s1_lo(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], a: &mut [i32]) {
    check_dwt(&rows, tmp.len(), 2, &[&*a]);
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { s23_vertical(rows, ahead, scale, w, lo, hi) };
    scalar::s123_vertical_lo(rows, scale, done..w, lo);
    // SAFETY: as above.
    let end = unsafe { s123_horizontal(lo, w, scale, a, None) };
    scalar::s123_horizontal_lo_cols(lo, w, scale, 0..1, a);
    scalar::s123_horizontal_lo_cols(lo, w, scale, end..w.div_ceil(2), a);
}

// ---------------------------------------------------------------------------------------------
// Decoupling
// ---------------------------------------------------------------------------------------------

/// See `avx512::egl_vector_ok`.
#[inline(always)]
fn egl_vector_ok(egl: f64) -> bool {
    (0.0..=1e9).contains(&egl)
}

/// See `avx512::egl_small_int`.
#[inline(always)]
fn egl_small_int(egl: f64) -> Option<i32> {
    (egl.fract() == 0.0 && (0.0..=65535.0).contains(&egl)).then_some(egl as i32)
}

avx2_fn! {
    /// Four 64-bit all-ones/zero masks from each of `lo` and `hi` (f64 compares) as eight
    /// 32-bit masks, in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn join_masks(lo: __m256d, hi: __m256d) -> __m256i {
        let s = _mm256_shuffle_ps::<0b10_00_10_00>(_mm256_castpd_ps(lo), _mm256_castpd_ps(hi));
        _mm256_permute4x64_epi64::<0xD8>(_mm256_castps_si256(s))
    }
}

avx2_fn! {
    /// Decoupling at scale 0 of columns `left .. left + 8·k` (see the AVX-512 twin); returns
    /// where it stopped.
    ///
    /// # Safety
    /// AVX2; all twelve rows hold at least `right` samples; `egl` passes [`egl_vector_ok`].
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
        let zero = _mm256_setzero_si256();
        let k_max = _mm256_set1_epi32(32768);
        let r14 = _mm256_set1_epi32(16384);
        let r14q = _mm256_set1_epi64x(16384);
        let int_min = _mm256_set1_epi32(i32::MIN);
        let two31 = _mm256_set1_ps(2147483648.0);
        let cos = _mm256_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm256_set1_pd(egl);
        let egl_v = _mm256_set1_epi32(egl_i);
        let lo16 = _mm256_set1_epi32(0xffff);
        let lut = DIV_LOOKUP.as_ptr();
        // Exact 32-bit sums to f32; the bit pattern of i32::MIN stands for +2^31 (the only
        // value that wraps, and one none of these sums can really take negatively).
        let to_f = |x: __m256i| {
            _mm256_blendv_ps(_mm256_cvtepi32_ps(x), two31, _mm256_castsi256_ps(_mm256_cmpeq_epi32(x, int_min)))
        };
        let halves = |x: __m256| (_mm256_cvtps_pd(_mm256_castps256_ps128(x)), _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(x)));
        let mut j = left;
        while j + 8 <= right {
            // SAFETY: j + 8 <= right <= every row's length.
            let ld = |p: &[i16]| unsafe {
                _mm256_cvtepi16_epi32(_mm_loadu_si128(p.as_ptr().add(j) as *const __m128i))
            };
            let (oh, ov, od) = (ld(rf.h), ld(rf.v), ld(rf.d));
            let (th, tv, td) = (ld(dis.h), ld(dis.v), ld(dis.d));

            let o_pair = _mm256_or_si256(_mm256_and_si256(oh, lo16), _mm256_slli_epi32::<16>(ov));
            let t_pair = _mm256_or_si256(_mm256_and_si256(th, lo16), _mm256_slli_epi32::<16>(tv));
            let ot_f = to_f(_mm256_madd_epi16(o_pair, t_pair));
            let om_f = to_f(_mm256_madd_epi16(o_pair, o_pair));
            let tm_f = to_f(_mm256_madd_epi16(t_pair, t_pair));
            let nonneg = _mm256_castps_si256(_mm256_cmp_ps::<_CMP_GE_OQ>(ot_f, _mm256_setzero_ps()));
            let (dp0, dp1) = halves(ot_f);
            let (om0, om1) = halves(om_f);
            let (tm0, tm1) = halves(tm_f);
            let ge0 = _mm256_cmp_pd::<_CMP_GE_OQ>(_mm256_mul_pd(dp0, dp0), _mm256_mul_pd(_mm256_mul_pd(cos, om0), tm0));
            let ge1 = _mm256_cmp_pd::<_CMP_GE_OQ>(_mm256_mul_pd(dp1, dp1), _mm256_mul_pd(_mm256_mul_pd(cos, om1), tm1));
            // SAFETY: AVX2 is enabled here.
            let angle = _mm256_and_si256(nonneg, unsafe { join_masks(ge0, ge1) });

            let band = |o: __m256i, t: __m256i| -> (__m256i, __m256i) {
                // SAFETY: o + 32768 lies in 0..=65535, inside the 65537-entry table.
                let div = unsafe { _mm256_i32gather_epi32::<4>(lut, _mm256_add_epi32(o, k_max)) };
                let pe = _mm256_add_epi64(_mm256_mul_epi32(div, t), r14q);
                let po = _mm256_add_epi64(
                    _mm256_mul_epi32(_mm256_srli_epi64::<32>(div), _mm256_srli_epi64::<32>(t)),
                    r14q,
                );
                let q = _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<15>(pe), _mm256_slli_epi64::<17>(po));
                let o_zero = _mm256_cmpeq_epi32(o, zero);
                let k = _mm256_blendv_epi8(_mm256_min_epi32(_mm256_max_epi32(q, zero), k_max), k_max, o_zero);
                let rst = _mm256_srai_epi32::<15>(_mm256_add_epi32(_mm256_mullo_epi32(k, o), r14));
                let clamp = _mm256_andnot_si256(
                    _mm256_or_si256(o_zero, _mm256_cmpeq_epi32(k, zero)),
                    angle,
                );
                let pos = _mm256_cmpgt_epi32(o, zero);
                let g = if INT_EGL {
                    let g = _mm256_mullo_epi32(rst, egl_v);
                    _mm256_blendv_epi8(_mm256_max_epi32(g, t), _mm256_min_epi32(g, t), pos)
                } else {
                    let half = |rst: __m128i, t: __m128i, pos: __m128i| {
                        let g = _mm256_mul_pd(_mm256_cvtepi32_pd(rst), egl_pd);
                        let t = _mm256_cvtepi32_pd(t);
                        let pos = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(pos));
                        _mm256_cvttpd_epi32(_mm256_blendv_pd(_mm256_max_pd(g, t), _mm256_min_pd(g, t), pos))
                    };
                    let lo = half(_mm256_castsi256_si128(rst), _mm256_castsi256_si128(t), _mm256_castsi256_si128(pos));
                    let hi = half(
                        _mm256_extracti128_si256::<1>(rst),
                        _mm256_extracti128_si256::<1>(t),
                        _mm256_extracti128_si256::<1>(pos),
                    );
                    _mm256_set_m128i(hi, lo)
                };
                let rst = _mm256_blendv_epi8(rst, g, clamp);
                (rst, _mm256_sub_epi32(t, rst))
            };
            let (rh, ah) = band(oh, th);
            let (rv, av) = band(ov, tv);
            let (rd, ad) = band(od, td);
            // SAFETY: j + 8 <= right <= every output row's length; AVX2 is enabled here.
            unsafe {
                let st = |p: *mut i16, v: __m256i| _mm_storeu_si128(p.add(j) as *mut __m128i, trunc8(v));
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 8;
        }
        j
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths and egl checked above.
    let done = unsafe {
        match egl_small_int(egl) {
            Some(e) => decouple_s0_imp::<true>(rf, dis, left, right, egl, e, &mut r, &mut a),
            None => decouple_s0_imp::<false>(rf, dis, left, right, egl, 0, &mut r, &mut a),
        }
    };
    scalar::decouple_s0(rf, dis, done, right, egl, r, a);
}

avx2_fn! {
    /// Decoupling at scales 1..=3 of columns `left .. left + 4·k`, in 64-bit lanes; returns
    /// where it stopped.
    ///
    /// # Safety
    /// AVX2; all twelve rows hold at least `right` samples; `egl` passes [`egl_vector_ok`].
    unsafe fn decouple_s123_imp(
        rf: Hvd<'_, i32>,
        dis: Hvd<'_, i32>,
        left: usize,
        right: usize,
        egl: f64,
        r: &mut HvdMut<'_, i32>,
        a: &mut HvdMut<'_, i32>,
    ) -> usize {
        let zero = _mm256_setzero_si256();
        let one = _mm256_set1_epi64x(1);
        let k_max = _mm256_set1_epi64x(32768);
        let r14 = _mm256_set1_epi64x(16384);
        let cos = _mm256_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm256_set1_pd(egl);
        let lut = DIV_LOOKUP.as_ptr();
        let mut j = left;
        while j + 4 <= right {
            // SAFETY: j + 4 <= right <= every row's length.
            let ld = |p: &[i32]| unsafe { _mm_loadu_si128(p.as_ptr().add(j) as *const __m128i) };
            let o32 = [ld(rf.h), ld(rf.v), ld(rf.d)];
            let t32 = [ld(dis.h), ld(dis.v), ld(dis.d)];
            // Angle test: 64-bit products and wrapping sums as in C, each rounded to f32 once.
            let w64 = |x: __m128i| _mm256_cvtepi32_epi64(x);
            let (oh, ov, th, tv) = (w64(o32[0]), w64(o32[1]), w64(t32[0]), w64(t32[1]));
            let dot = |a: __m256i, b: __m256i, c: __m256i, d: __m256i| {
                _mm256_add_epi64(_mm256_mul_epi32(a, b), _mm256_mul_epi32(c, d))
            };
            let (ot, om, tm) = (dot(oh, th, ov, tv), dot(oh, oh, ov, ov), dot(th, th, tv, tv));
            // SAFETY: AVX2 is enabled here.
            let f = |x: __m256i| _mm256_cvtps_pd(unsafe { i64_to_f32(x) });
            let dp = f(ot);
            let ge = _mm256_cmp_pd::<_CMP_GE_OQ>(
                _mm256_mul_pd(dp, dp),
                _mm256_mul_pd(_mm256_mul_pd(cos, f(om)), f(tm)),
            );
            let angle = _mm256_and_si256(
                _mm256_castpd_si256(ge),
                _mm256_cmpgt_epi64(ot, _mm256_set1_epi64x(-1)),
            );

            let band = |o32: __m128i, t32: __m128i| -> (__m128i, __m128i) {
                let o = _mm256_cvtepi32_epi64(o32);
                let t = _mm256_cvtepi32_epi64(t32);
                let abs32 = _mm_abs_epi32(o32);
                let abs = _mm256_cvtepu32_epi64(abs32);
                let big = _mm256_cmpgt_epi64(abs, _mm256_set1_epi64x(32767));
                // floor(log2 |o|) from the exponent of the exact f32 of |o| >> 8 (< 2^24).
                let e = _mm_sub_epi32(
                    _mm_srli_epi32::<23>(_mm_castps_si128(_mm_cvtepi32_ps(_mm_srli_epi32::<8>(abs32)))),
                    _mm_set1_epi32(127 - 8 + 14),
                );
                let shift = _mm256_and_si256(big, _mm256_cvtepi32_epi64(e));
                let rounded = _mm256_srlv_epi64(
                    _mm256_add_epi64(abs, _mm256_sllv_epi64(one, _mm256_sub_epi64(shift, one))),
                    shift,
                );
                let msb = _mm256_blendv_epi8(abs, rounded, big);
                // SAFETY: msb lies in 0..=32768, so msb + 32768 is inside the table.
                let div = unsafe {
                    _mm256_cvtepi32_epi64(_mm256_i64gather_epi32::<4>(lut, _mm256_add_epi64(msb, k_max)))
                };
                let neg = _mm256_cmpgt_epi64(zero, o);
                let div = _mm256_blendv_epi8(div, _mm256_sub_epi64(zero, div), neg);
                let num = _mm256_mul_epi32(div, t);
                let round = _mm256_sllv_epi64(one, _mm256_add_epi64(shift, _mm256_set1_epi64x(14)));
                // As a C int: 2^31 (shift 17) is INT_MIN.
                let round = _mm256_sub_epi64(
                    round,
                    _mm256_and_si256(
                        _mm256_cmpeq_epi64(round, _mm256_set1_epi64x(1 << 31)),
                        _mm256_set1_epi64x(1 << 32),
                    ),
                );
                // SAFETY: AVX2 is enabled here.
                let q = unsafe { srav64(_mm256_add_epi64(num, round), _mm256_add_epi64(shift, _mm256_set1_epi64x(15))) };
                let q = _mm256_blendv_epi8(q, zero, _mm256_cmpgt_epi64(zero, q));
                let q = _mm256_blendv_epi8(q, k_max, _mm256_cmpgt_epi64(q, k_max));
                let o_zero = _mm256_cmpeq_epi64(o, zero);
                let k = _mm256_blendv_epi8(q, k_max, o_zero);
                // SAFETY: AVX2 is enabled here.
                let rst = unsafe { sra64(_mm256_add_epi64(_mm256_mul_epi32(k, o), r14), _mm_cvtsi32_si128(15)) };
                let clamp = _mm256_andnot_si256(_mm256_or_si256(o_zero, _mm256_cmpeq_epi64(k, zero)), angle);
                let pos = _mm256_castsi256_pd(_mm256_cmpgt_epi64(o, zero));
                // SAFETY: AVX2 is enabled here.
                let rst32 = unsafe { low32x4(rst) };
                let g = _mm256_mul_pd(_mm256_cvtepi32_pd(rst32), egl_pd);
                let tp = _mm256_cvtepi32_pd(t32);
                let v = _mm256_cvttpd_epi32(_mm256_blendv_pd(_mm256_max_pd(g, tp), _mm256_min_pd(g, tp), pos));
                // SAFETY: AVX2 is enabled here.
                let clamp32 = unsafe { low32x4(clamp) };
                let rst32 = _mm_blendv_epi8(rst32, v, clamp32);
                (rst32, _mm_sub_epi32(t32, rst32))
            };
            let (rh, ah) = band(o32[0], t32[0]);
            let (rv, av) = band(o32[1], t32[1]);
            let (rd, ad) = band(o32[2], t32[2]);
            // SAFETY: j + 4 <= right <= every output row's length.
            unsafe {
                let st = |p: *mut i32, v: __m128i| _mm_storeu_si128(p.add(j) as *mut __m128i, v);
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 4;
        }
        j
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths and egl checked above.
    let done = unsafe { decouple_s123_imp(rf, dis, left, right, egl, &mut r, &mut a) };
    scalar::decouple_s123(rf, dis, done, right, egl, r, a);
}

// ---------------------------------------------------------------------------------------------
// CSF
// ---------------------------------------------------------------------------------------------

avx2_fn! {
    /// Reduced CSF at scale 0 of columns `left .. left + 8·k`; returns where it stopped.
    ///
    /// # Safety
    /// AVX2; the band rows, `fsum` and `own` hold at least `right` samples.
    unsafe fn csf_s0_imp(src: Hvd<'_, i16>, left: usize, right: usize, rfactor: [u16; 3], fsum: &mut [i32], own: &mut [i32]) -> usize {
        let bands = [src.h, src.v, src.d];
        let rf = rfactor.map(|r| _mm256_set1_epi32(r as i32));
        let add = CSF_S0_ADD.map(|v| _mm256_set1_epi32(v));
        let k30 = _mm256_set1_epi32(4369);
        let r12 = _mm256_set1_epi32(2048);
        let i16w = |v: __m256i| _mm256_srai_epi32::<16>(_mm256_slli_epi32::<16>(v));
        let mut j = left;
        while j + 8 <= right {
            let mut fs = _mm256_setzero_si256();
            let mut ow = _mm256_setzero_si256();
            for b in 0..3 {
                // SAFETY: j + 8 <= right <= the row's length.
                let x = unsafe {
                    _mm256_cvtepi16_epi32(_mm_loadu_si128(bands[b].as_ptr().add(j) as *const __m128i))
                };
                let v = _mm256_add_epi32(_mm256_mullo_epi32(rf[b], x), add[b]);
                let c = i16w(if CSF_S0_SHIFT[b] == 15 {
                    _mm256_srai_epi32::<15>(v)
                } else {
                    _mm256_srai_epi32::<17>(v)
                });
                let m = _mm256_mullo_epi32(_mm256_abs_epi32(c), k30);
                let f = i16w(_mm256_srai_epi32::<12>(_mm256_add_epi32(m, r12)));
                let centre = i16w(_mm256_srai_epi32::<12>(_mm256_add_epi32(_mm256_add_epi32(m, m), r12)));
                fs = _mm256_add_epi32(fs, f);
                ow = _mm256_add_epi32(ow, _mm256_sub_epi32(centre, f));
            }
            // SAFETY: j + 8 <= right <= fsum.len(), own.len().
            unsafe {
                _mm256_storeu_si256(fsum.as_mut_ptr().add(j) as *mut __m256i, fs);
                _mm256_storeu_si256(own.as_mut_ptr().add(j) as *mut __m256i, ow);
            }
            j += 8;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { csf_s0_imp(src, left, right, rfactor, fsum, own) };
    scalar::csf_s0(src, done, right, rfactor, fsum, own);
}

avx2_fn! {
    /// `(rf·x + 2^27) >> 28` as `i32` for the even lanes of `x` (see the AVX-512 twin).
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn csf_s123_even(x: __m256i, rf: __m256i, rf_big: bool) -> __m256i {
        let mut p = _mm256_mul_epi32(x, rf);
        if rf_big {
            p = _mm256_add_epi64(p, _mm256_slli_epi64::<32>(x));
        }
        _mm256_srli_epi64::<28>(_mm256_add_epi64(p, _mm256_set1_epi64x(1 << 27)))
    }
}

avx2_fn! {
    /// `(k·|c| − 2^31) >> 32` as `i32` for 8 natural lanes.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn i4_mask(ac: __m256i, k: __m256i) -> __m256i {
        let m = _mm256_set1_epi64x(1i64 << 31);
        let e = _mm256_sub_epi64(_mm256_mul_epi32(ac, k), m);
        let o = _mm256_sub_epi64(_mm256_mul_epi32(_mm256_srli_epi64::<32>(ac), k), m);
        _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<32>(e), o)
    }
}

avx2_fn! {
    /// Reduced CSF at scales 1..=3 of columns `left .. left + 8·k`; returns where it stopped.
    ///
    /// # Safety
    /// AVX2; the band rows, `fsum` and `own` hold at least `right` samples.
    unsafe fn csf_s123_imp(src: Hvd<'_, i32>, left: usize, right: usize, rfactor: [u32; 3], fsum: &mut [i32], own: &mut [i32]) -> usize {
        let bands = [src.h, src.v, src.d];
        let rf = rfactor.map(|r| _mm256_set1_epi64x(r as i32 as i64));
        let big = rfactor.map(|r| r >= 1 << 31);
        let k30 = _mm256_set1_epi64x(143_165_577);
        let k15 = _mm256_set1_epi64x(286_331_153);
        let mut j = left;
        while j + 8 <= right {
            let mut fs = _mm256_setzero_si256();
            let mut ow = _mm256_setzero_si256();
            for b in 0..3 {
                // SAFETY: j + 8 <= right <= the row's length.
                let x = unsafe { _mm256_loadu_si256(bands[b].as_ptr().add(j) as *const __m256i) };
                // SAFETY: AVX2 is enabled here.
                let (f, centre) = unsafe {
                    let e = csf_s123_even(x, rf[b], big[b]);
                    let o = csf_s123_even(_mm256_srli_epi64::<32>(x), rf[b], big[b]);
                    let c = _mm256_blend_epi32::<0xAA>(e, _mm256_slli_epi64::<32>(o));
                    let ac = _mm256_abs_epi32(c);
                    (i4_mask(ac, k30), i4_mask(ac, k15))
                };
                fs = _mm256_add_epi32(fs, f);
                ow = _mm256_add_epi32(ow, _mm256_sub_epi32(centre, f));
            }
            // SAFETY: j + 8 <= right <= fsum.len(), own.len().
            unsafe {
                _mm256_storeu_si256(fsum.as_mut_ptr().add(j) as *mut __m256i, fs);
                _mm256_storeu_si256(own.as_mut_ptr().add(j) as *mut __m256i, ow);
            }
            j += 8;
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
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { csf_s123_imp(src, left, right, rfactor, fsum, own) };
    scalar::csf_s123(src, done, right, rfactor, fsum, own);
}

// ---------------------------------------------------------------------------------------------
// Denominator
// ---------------------------------------------------------------------------------------------

avx2_fn! {
    /// The four 64-bit lanes summed (wrapping).
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn hsum64(x: __m256i) -> u64 {
        let s = _mm_add_epi64(_mm256_castsi256_si128(x), _mm256_extracti128_si256::<1>(x));
        (_mm_cvtsi128_si64(s) as u64).wrapping_add(_mm_extract_epi64::<1>(s) as u64)
    }
}

avx2_fn! {
    /// `Σ |x|³` over `left .. left + 8·k` of one `i16` row; returns (sum, stop).
    ///
    /// # Safety
    /// AVX2; `band` holds at least `right` samples.
    unsafe fn den_s0_band(band: &[i16], left: usize, right: usize) -> (u64, usize) {
        let mut acc = _mm256_setzero_si256();
        let mut j = left;
        while j + 8 <= right {
            // SAFETY: j + 8 <= right <= band.len().
            let x = unsafe { _mm256_cvtepi16_epi32(_mm_loadu_si128(band.as_ptr().add(j) as *const __m128i)) };
            let a = _mm256_abs_epi32(x);
            let a2 = _mm256_mullo_epi32(a, a);
            acc = _mm256_add_epi64(acc, _mm256_mul_epu32(a2, a));
            acc = _mm256_add_epi64(acc, _mm256_mul_epu32(_mm256_srli_epi64::<32>(a2), _mm256_srli_epi64::<32>(a)));
            j += 8;
        }
        // SAFETY: AVX2 is enabled here.
        (unsafe { hsum64(acc) }, j)
    }
}

pub(super) fn den_s0(src: Hvd<'_, i16>, left: usize, right: usize) -> [u64; 3] {
    check_band_rows(left, right, &[src.h, src.v, src.d]);
    [src.h, src.v, src.d].map(|band| {
        // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
        // lengths checked above.
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

avx2_fn! {
    /// Σ of the scales-1..=3 denominator terms over `left .. left + 8·k`; returns (sum, stop).
    ///
    /// # Safety
    /// AVX2; `band` holds at least `right` samples; `1 <= cub <= 63`, `shift_sq <= 31`.
    unsafe fn den_s123_band(band: &[i32], left: usize, right: usize, shift_sq: u32, cub: u32) -> (u64, usize) {
        let add_sq = _mm256_set1_epi64x(1i64 << shift_sq);
        let sh_sq = _mm_cvtsi32_si128(shift_sq as i32);
        let add_cub = _mm256_set1_epi64x(1i64 << (cub - 1));
        let sh_cub = _mm_cvtsi32_si128(cub as i32);
        let term = |a: __m256i| {
            let sq = _mm256_srl_epi64(_mm256_add_epi64(_mm256_mul_epu32(a, a), add_sq), sh_sq);
            let p = _mm256_add_epi64(
                _mm256_mul_epu32(sq, a),
                _mm256_slli_epi64::<32>(_mm256_mul_epu32(_mm256_srli_epi64::<32>(sq), a)),
            );
            _mm256_srl_epi64(_mm256_add_epi64(p, add_cub), sh_cub)
        };
        let lo32 = _mm256_set1_epi64x(0xffff_ffff);
        let mut acc = _mm256_setzero_si256();
        let mut j = left;
        while j + 8 <= right {
            // SAFETY: j + 8 <= right <= band.len().
            let x = unsafe { _mm256_loadu_si256(band.as_ptr().add(j) as *const __m256i) };
            let a = _mm256_abs_epi32(x);
            acc = _mm256_add_epi64(acc, term(_mm256_and_si256(a, lo32)));
            acc = _mm256_add_epi64(acc, term(_mm256_srli_epi64::<32>(a)));
            j += 8;
        }
        // SAFETY: AVX2 is enabled here.
        (unsafe { hsum64(acc) }, j)
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
        // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
        // lengths and shifts checked above.
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

avx2_fn! {
    /// The masking thresholds of 8 columns `j ..= j+7` (see the AVX-512 twin).
    ///
    /// # Safety
    /// AVX2; `1 <= j` and `j + 9 <= len` of all four rows.
    #[inline]
    unsafe fn thr8(fsum: [&[i32]; 3], own: &[i32], j: usize) -> __m256i {
        // SAFETY: the caller guarantees j - 1 .. j + 9 lies inside every row.
        unsafe {
            let ld = |p: &[i32], o: usize| _mm256_loadu_si256(p.as_ptr().add(o) as *const __m256i);
            let col = |o: usize| _mm256_add_epi32(_mm256_add_epi32(ld(fsum[0], o), ld(fsum[1], o)), ld(fsum[2], o));
            _mm256_add_epi32(
                _mm256_add_epi32(col(j - 1), col(j)),
                _mm256_add_epi32(col(j + 1), ld(own, j)),
            )
        }
    }
}

/// See `avx512::cm_inner`.
#[inline(always)]
fn cm_inner(left: usize, right: usize, w: usize, block: usize) -> (usize, usize) {
    let start = left.max(1);
    let end = right.min(w.saturating_sub(1));
    (start, end.saturating_sub(start) / block)
}

avx2_fn! {
    /// One masking term per 64-bit lane (see the AVX-512 twin).
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn cm_term(x: __m256i, add_sq: __m256i, sh_sq: __m128i, add_cub: __m256i, cub: __m128i) -> __m256i {
        let x2 = _mm256_srl_epi64(_mm256_add_epi64(_mm256_mul_epu32(x, x), add_sq), sh_sq);
        // SAFETY: AVX2 is enabled here.
        unsafe { sra64(_mm256_add_epi64(_mm256_mul_epi32(x2, x), add_cub), cub) }
    }
}

avx2_fn! {
    /// Masking row sums at scale 0 over `nblk` blocks of 8 columns from `start`.
    ///
    /// # Safety
    /// AVX2; `1 <= start`, `start + 8·nblk + 1 <= w` and all rows hold `w` samples;
    /// `1 <= cub_hv, cub_d <= 63`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn cm_s0_imp(x: Hvd<'_, i16>, fsum: [&[i32]; 3], own: &[i32], start: usize, nblk: usize, rfactor: [u16; 3], shifts: CmShifts) -> [i64; 3] {
        let bands = [x.h, x.v, x.d];
        let rf = rfactor.map(|r| _mm256_set1_epi32(r as i32));
        let add_sq = [1i64 << 28, 1 << 28, 1 << 29].map(|v| _mm256_set1_epi64x(v));
        let sh_sq = [29, 29, 30].map(|v| _mm_cvtsi32_si128(v));
        let cubs = [shifts.cub_hv, shifts.cub_hv, shifts.cub_d];
        let add_cub = cubs.map(|c| _mm256_set1_epi64x(1i64 << (c - 1)));
        let sh_cub = cubs.map(|c| _mm_cvtsi32_si128(c as i32));
        let zero = _mm256_setzero_si256();
        let mut acc = [zero; 3];
        for blk in 0..nblk {
            let j = start + 8 * blk;
            // SAFETY: 1 <= j and j + 9 <= w.
            let thr = unsafe { thr8(fsum, own, j) };
            let sub = [_mm256_slli_epi32::<10>(thr), _mm256_slli_epi32::<10>(thr), _mm256_slli_epi32::<12>(thr)];
            for b in 0..3 {
                // SAFETY: j + 8 <= w <= the row's length.
                let v = unsafe { _mm256_cvtepi16_epi32(_mm_loadu_si128(bands[b].as_ptr().add(j) as *const __m128i)) };
                let xv = _mm256_max_epi32(
                    _mm256_sub_epi32(_mm256_abs_epi32(_mm256_mullo_epi32(v, rf[b])), sub[b]),
                    zero,
                );
                // SAFETY: AVX2 is enabled here.
                let t = unsafe {
                    _mm256_add_epi64(
                        cm_term(xv, add_sq[b], sh_sq[b], add_cub[b], sh_cub[b]),
                        cm_term(_mm256_srli_epi64::<32>(xv), add_sq[b], sh_sq[b], add_cub[b], sh_cub[b]),
                    )
                };
                acc[b] = _mm256_add_epi64(acc[b], t);
            }
        }
        // SAFETY: AVX2 is enabled here.
        acc.map(|a| unsafe { hsum64(a) } as i64)
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
    let (start, nblk) = cm_inner(left, right, w, 8);
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths and shifts checked above, and `cm_inner` keeps the blocks inside 1 .. w - 1.
    let v = unsafe { cm_s0_imp(x, fsum, own, start, nblk, rfactor, shifts) };
    let end = start + 8 * nblk;
    let a = scalar::cm_s0(x, fsum, own, w, left, start.min(right), rfactor, shifts);
    let b = scalar::cm_s0(x, fsum, own, w, end.max(left), right, rfactor, shifts);
    [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
}

avx2_fn! {
    /// Masking row sums at scales 1..=3 over `nblk` blocks of 8 columns from `start`.
    ///
    /// # Safety
    /// As [`cm_s0_imp`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn cm_s123_imp(x: Hvd<'_, i32>, fsum: [&[i32]; 3], own: &[i32], start: usize, nblk: usize, rfactor: [u32; 3], shifts: CmShifts) -> [i64; 3] {
        let bands = [x.h, x.v, x.d];
        let rf = rfactor.map(|r| _mm256_set1_epi64x(r as i32 as i64));
        let big = rfactor.map(|r| r >= 1 << 31);
        let add_sq = _mm256_set1_epi64x(1 << 29);
        let sh_sq = _mm_cvtsi32_si128(30);
        let add_cub = _mm256_set1_epi64x(1i64 << (shifts.cub_hv - 1));
        let sh_cub = _mm_cvtsi32_si128(shifts.cub_hv as i32);
        let zero = _mm256_setzero_si256();
        let mut acc = [zero; 3];
        for blk in 0..nblk {
            let j = start + 8 * blk;
            // SAFETY: 1 <= j and j + 9 <= w.
            let thr = unsafe { thr8(fsum, own, j) };
            let thr_o = _mm256_srli_epi64::<32>(thr);
            for b in 0..3 {
                // SAFETY: j + 8 <= w <= the row's length.
                let v = unsafe { _mm256_loadu_si256(bands[b].as_ptr().add(j) as *const __m256i) };
                // SAFETY: AVX2 is enabled here.
                let t = unsafe {
                    let half = |v: __m256i, thr: __m256i| {
                        let c = csf_s123_even(v, rf[b], big[b]);
                        let xv = _mm256_max_epi32(_mm256_sub_epi32(_mm256_abs_epi32(c), thr), zero);
                        cm_term(xv, add_sq, sh_sq, add_cub, sh_cub)
                    };
                    _mm256_add_epi64(half(v, thr), half(_mm256_srli_epi64::<32>(v), thr_o))
                };
                acc[b] = _mm256_add_epi64(acc[b], t);
            }
        }
        // SAFETY: AVX2 is enabled here.
        acc.map(|a| unsafe { hsum64(a) } as i64)
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
    let (start, nblk) = cm_inner(left, right, w, 8);
    // SAFETY: reachable only through the AVX2 table, built only when the CPU supports it;
    // lengths and shifts checked above, and `cm_inner` keeps the blocks inside 1 .. w - 1.
    let v = unsafe { cm_s123_imp(x, fsum, own, start, nblk, rfactor, shifts) };
    let end = start + 8 * nblk;
    let a = scalar::cm_s123(x, fsum, own, w, left, start.min(right), rfactor, shifts);
    let b = scalar::cm_s123(x, fsum, own, w, end.max(left), right, rfactor, shifts);
    [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i64_to_f32_rounds_like_the_scalar_cast() {
        if !crate::cpu::CpuLevel::Avx2.is_supported() {
            eprintln!("AVX2 not supported here: skipped");
            return;
        }
        // Ties, values one past a tie that f64 rounding would erase (double rounding), the
        // extremes, and a spread of magnitudes.
        let mut v: Vec<i64> = vec![
            0,
            1,
            -1,
            i64::MIN,
            i64::MAX,
            (1 << 40) + (1 << 16),
            (1 << 40) + 3 * (1 << 16),
            (1 << 60) + (1 << 36) + 1,
            (1 << 60) + (1 << 36) - 1,
            -((1 << 60) + (1 << 36) + 1),
            (1 << 62) - 1,
            (1 << 53) + 1,
            (1 << 24) + 1,
            u32::MAX as i64,
            -(u32::MAX as i64),
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..4000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push((x as i64) >> (x % 64));
        }
        for c in v.chunks(4) {
            let mut lanes = [0i64; 4];
            lanes[..c.len()].copy_from_slice(c);
            // SAFETY: AVX2 support checked above; the array is 32 bytes.
            let got = unsafe {
                let r = i64_to_f32(_mm256_loadu_si256(lanes.as_ptr() as *const __m256i));
                let mut out = [0f32; 4];
                _mm_storeu_ps(out.as_mut_ptr(), r);
                out
            };
            for (g, &l) in got.iter().zip(&lanes) {
                assert_eq!(g.to_bits(), (l as f32).to_bits(), "{l}");
            }
        }
    }
}
