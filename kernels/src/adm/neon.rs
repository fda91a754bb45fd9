//! aarch64 NEON kernels of integer ADM: the integer arithmetic of [`super::scalar`], bit for
//! bit, with `core::arch::aarch64` intrinsics.
//!
//! NEON has what the x86 twins build by hand: widening multiply-accumulates into 32 and 64 bits
//! (`vmlal_n_s16`, `vmlal_n_s32`), truncating narrows (`vmovn_*`, as `as i16` / `as i32`),
//! rounding shifts that never overflow (`vrshr*`, `vrshl*`: `(x + 2^(n−1)) >> n` exactly as the
//! reference computes it in a wider type), 64-bit arithmetic shifts and de-interleaving loads
//! (`vld2q_*`: the even and odd taps of the DWT's horizontal pass).
//!
//! - DWT: vertical passes 8 columns per step (scale 0 and 1 in 32-bit lanes, scales 2–3 in
//!   64-bit lanes), horizontal passes 8 (scale 0) or 4 (scales 1–3, 64-bit sums) outputs per
//!   step over the columns whose taps need no mirroring; the mirrored columns and the scale-0
//!   last-column rule of libvmaf's AVX-512 build are the scalar helpers.
//! - Decoupling: 4 samples per step. The reciprocal-table quotient `k` is looked up per lane
//!   (the scalar `k_s0` / `k_s123`); the angle test, `k·o`, the enhancement-gain clamp (`f64`
//!   lanes, compare-and-select with the reference's `<` / `>` semantics, saturating truncation
//!   as Rust's `as`) and `t − r` run in vector lanes. At scales 1–3 a block whose coefficients
//!   reach 2^26 in magnitude takes the scalar code, because there the 64-bit dot products may
//!   need more than `f64`'s 53 bits before their rounding to `f32`.
//! - CSF, denominator, contrast masking: 4 samples per step, products in 64-bit lanes where the
//!   reference uses `i64` / `u64`; the masking threshold's 3x3 window from shifted loads of the
//!   interior columns, the first and last columns through the scalar kernels.
//!
//! Every kernel is a private `unsafe fn` with `#[target_feature(enable = "neon")]`, reached only
//! through a safe wrapper stored in the table [`super::AdmKernels::for_level`] returns for
//! [`CpuLevel::Neon`](crate::cpu::CpuLevel), which it does only when that level is supported.

use core::arch::aarch64::*;

use super::scalar::{
    self, AVX512_S0_BLOCK_8, AVX512_S0_BLOCK_16, COS_1DEG_SQ, CSF_S0_ADD, CSF_S0_SHIFT,
    DEN_S123_SHIFT_SQ, S123_SHIFT_H, S123_SHIFT_V,
};
use super::{
    CmShifts, DB2_HI, DB2_LO, DB2_LO_SUM, DwtRow, Hvd, HvdMut, check_band_rows, check_bpc,
    check_cm, check_dwt,
};

// ---------------------------------------------------------------------------------------------
// DWT
// ---------------------------------------------------------------------------------------------

/// Sample rows of the scale-0 DWT: 8-bit or 9..16-bit.
trait S0Sample: Copy + Into<u32> {
    /// Eight samples from `p` as `i32` lanes (low, high).
    ///
    /// # Safety
    /// NEON is supported; `p` is valid for reads of 8 samples.
    unsafe fn load8(p: *const Self) -> (int32x4_t, int32x4_t);
}

impl S0Sample for u8 {
    #[inline(always)]
    unsafe fn load8(p: *const u8) -> (int32x4_t, int32x4_t) {
        // SAFETY: guaranteed by the caller.
        unsafe {
            let v = vmovl_u8(vld1_u8(p));
            (
                vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(v))),
                vreinterpretq_s32_u32(vmovl_high_u16(v)),
            )
        }
    }
}

impl S0Sample for u16 {
    #[inline(always)]
    unsafe fn load8(p: *const u16) -> (int32x4_t, int32x4_t) {
        // SAFETY: guaranteed by the caller.
        unsafe {
            let v = vld1q_u16(p);
            (
                vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(v))),
                vreinterpretq_s32_u32(vmovl_high_u16(v)),
            )
        }
    }
}

/// The scale-0 vertical pass (`scalar::s0_vertical`) over columns `0..8·⌊w/8⌋`: wrapping
/// 32-bit sums, the DC offset removed from the low-pass, `(acc + 2^(s−1)) >> s` (arithmetic,
/// wrapping addition), truncated to `i16`. Returns where it stopped.
///
/// # Safety
/// NEON is supported; the four rows hold `w` samples, `lo` and `hi` (if any) `w` entries;
/// `1 <= shift <= 16`.
#[target_feature(enable = "neon")]
unsafe fn s0_vertical<T: S0Sample>(
    rows: [&[T]; 4],
    shift: u32,
    w: usize,
    lo: &mut [i16],
    mut hi: Option<&mut [i16]>,
) -> usize {
    let add = 1i32 << (shift - 1);
    let addv = vdupq_n_s32(add);
    let dcv = vdupq_n_s32(DB2_LO_SUM.wrapping_mul(add));
    let count = vdupq_n_s32(-(shift as i32));
    let mut j = 0;
    while j + 8 <= w {
        // SAFETY: j + 8 <= w <= every row's length.
        let s = rows.map(|r| unsafe { T::load8(r.as_ptr().add(j)) });
        let filt = |f: &[i32; 4], half: usize| {
            let pick = |k: usize| if half == 0 { s[k].0 } else { s[k].1 };
            let acc = vmulq_n_s32(pick(0), f[0]);
            let acc = vmlaq_n_s32(acc, pick(1), f[1]);
            let acc = vmlaq_n_s32(acc, pick(2), f[2]);
            vmlaq_n_s32(acc, pick(3), f[3])
        };
        let out = |acc: int32x4_t| vmovn_s32(vshlq_s32(vaddq_s32(acc, addv), count));
        let l = vcombine_s16(
            out(vsubq_s32(filt(&DB2_LO, 0), dcv)),
            out(vsubq_s32(filt(&DB2_LO, 1), dcv)),
        );
        // SAFETY: j + 8 <= w <= lo.len().
        unsafe { vst1q_s16(lo.as_mut_ptr().add(j), l) };
        if let Some(hi) = hi.as_deref_mut() {
            let h = vcombine_s16(out(filt(&DB2_HI, 0)), out(filt(&DB2_HI, 1)));
            // SAFETY: j + 8 <= w <= hi.len().
            unsafe { vst1q_s16(hi.as_mut_ptr().add(j), h) };
        }
        j += 8;
    }
    j
}

/// `(Σ f[k]·t[k] + 2^15) >> 16` truncated to `i16`, eight lanes (the sums cannot overflow).
#[inline]
#[target_feature(enable = "neon")]
fn s0_h8(t: [int16x8_t; 4], f: &[i32; 4]) -> int16x8_t {
    let f = f.map(|c| c as i16);
    let lo = vmlal_n_s16(
        vmlal_n_s16(
            vmlal_n_s16(
                vmull_n_s16(vget_low_s16(t[0]), f[0]),
                vget_low_s16(t[1]),
                f[1],
            ),
            vget_low_s16(t[2]),
            f[2],
        ),
        vget_low_s16(t[3]),
        f[3],
    );
    let hi = vmlal_high_n_s16(
        vmlal_high_n_s16(
            vmlal_high_n_s16(vmull_high_n_s16(t[0], f[0]), t[1], f[1]),
            t[2],
            f[2],
        ),
        t[3],
        f[3],
    );
    vcombine_s16(vrshrn_n_s32::<16>(lo), vrshrn_n_s32::<16>(hi))
}

/// The four taps `2j−1 ..= 2j+2` of outputs `j..j+8` of an `i16` row.
///
/// # Safety
/// NEON is supported; `1 <= j` and `2j + 17 <= row.len()`.
#[inline]
#[target_feature(enable = "neon")]
unsafe fn taps_i16(row: &[i16], j: usize) -> [int16x8_t; 4] {
    // SAFETY: reads 2j − 1 ..= 2j + 16 (caller).
    let (a, b) = unsafe {
        (
            vld2q_s16(row.as_ptr().add(2 * j - 1)),
            vld2q_s16(row.as_ptr().add(2 * j + 1)),
        )
    };
    [a.0, a.1, b.0, b.1]
}

/// The scale-0 horizontal pass over the outputs `1..` whose taps lie inside the row, 8 per step
/// (`with_hv`: all four bands, else `a` only). Returns where it stopped.
///
/// # Safety
/// NEON is supported; `lo` and `hi` hold `w` samples, the outputs `⌈w/2⌉`.
#[target_feature(enable = "neon")]
unsafe fn s0_horizontal(
    lo: &[i16],
    hi: &[i16],
    w: usize,
    out: &mut DwtRow<'_, i16>,
    with_hv: bool,
) -> usize {
    let mut j = 1;
    while 2 * j + 17 <= w {
        // SAFETY: 1 <= j, 2j + 17 <= w; the outputs j..j+8 lie below ⌈w/2⌉.
        unsafe {
            let tl = taps_i16(lo, j);
            vst1q_s16(out.a.as_mut_ptr().add(j), s0_h8(tl, &DB2_LO));
            if with_hv {
                vst1q_s16(out.v.as_mut_ptr().add(j), s0_h8(tl, &DB2_HI));
                let th = taps_i16(hi, j);
                vst1q_s16(out.h.as_mut_ptr().add(j), s0_h8(th, &DB2_LO));
                vst1q_s16(out.d.as_mut_ptr().add(j), s0_h8(th, &DB2_HI));
            }
        }
        j += 8;
    }
    j
}

/// One row of the scale-0 DWT (all four bands), as `scalar::dwt_s0`.
///
/// # Safety
/// NEON is supported; lengths as checked by [`check_dwt`] (two scratch rows), `1 <= shift <= 16`.
#[target_feature(enable = "neon")]
unsafe fn dwt_s0<T: S0Sample>(
    rows: [&[T]; 4],
    shift: u32,
    block: usize,
    tmp: &mut [i16],
    mut out: DwtRow<'_, i16>,
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: guaranteed by the caller.
    let done = unsafe { s0_vertical(rows, shift, w, lo, Some(&mut *hi)) };
    scalar::s0_vertical(rows, shift, done..w, lo, Some(&mut *hi));
    scalar::s0_horizontal_cols(lo, hi, w, 0..1, &mut out);
    // SAFETY: guaranteed by the caller.
    let end = unsafe { s0_horizontal(lo, hi, w, &mut out, true) };
    scalar::s0_horizontal_cols(lo, hi, w, end..w.div_ceil(2), &mut out);
    scalar::s0_fix_last_column(lo, hi, w, block, out.a, Some(out.v));
}

/// One row of the scale-0 low-pass band, as `scalar::dwt_s0_lo`.
///
/// # Safety
/// As [`dwt_s0`] (`a` holds `⌈w/2⌉` samples).
#[target_feature(enable = "neon")]
unsafe fn dwt_s0_lo<T: S0Sample>(
    rows: [&[T]; 4],
    shift: u32,
    block: usize,
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    // SAFETY: guaranteed by the caller.
    let done = unsafe { s0_vertical(rows, shift, w, lo, None) };
    scalar::s0_vertical(rows, shift, done..w, lo, None);
    let none: [i16; 0] = [];
    let (mut h, mut v, mut d) = ([0i16; 0], [0i16; 0], [0i16; 0]);
    let mut out = DwtRow {
        a: &mut *a,
        h: &mut h,
        v: &mut v,
        d: &mut d,
    };
    // SAFETY: guaranteed by the caller; only `a` is written.
    let end = unsafe { s0_horizontal(lo, &none, w, &mut out, false) };
    for j in (0..1).chain(end..w.div_ceil(2)) {
        a[j] = scalar::s0_h(lo, scalar::taps(j, w), &DB2_LO);
    }
    if last_col && scalar::s0_last_column_unmirrored(w, block) {
        // The straight taps read the first two samples of the high-pass row.
        let hi = &mut rest[..w];
        scalar::s0_vertical(rows, shift, 0..2, lo, Some(&mut *hi));
        scalar::s0_fix_last_column(lo, hi, w, block, a, None);
    }
}

pub(super) fn dwt_s0_8(rows: [&[u8]; 4], ahead: [&[u8]; 2], tmp: &mut [i16], out: DwtRow<'_, i16>) {
    check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
    let _ = ahead;
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above.
    unsafe { dwt_s0(rows, 8, AVX512_S0_BLOCK_8, tmp, out) }
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
    let _ = ahead;
    // SAFETY: as in `dwt_s0_8`; the bit depth is in 1..=16.
    unsafe { dwt_s0(rows, bpc, AVX512_S0_BLOCK_16, tmp, out) }
}

pub(super) fn dwt_s0_lo_8(
    rows: [&[u8]; 4],
    ahead: [&[u8]; 2],
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    check_dwt(&rows, tmp.len(), 2, &[&*a]);
    let _ = ahead;
    // SAFETY: as in `dwt_s0_8`.
    unsafe { dwt_s0_lo(rows, 8, AVX512_S0_BLOCK_8, last_col, tmp, a) }
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
    let _ = ahead;
    // SAFETY: as in `dwt_s0_16`.
    unsafe { dwt_s0_lo(rows, bpc, AVX512_S0_BLOCK_16, last_col, tmp, a) }
}

/// Sample rows of the scales-1..=3 DWT: the scale-0 low-pass band (`i16`) or a coarser one
/// (`i32`).
trait S123Sample: Copy + Into<i32> {
    /// The vertical pass over columns `0..` in steps the type allows; returns where it stopped.
    ///
    /// # Safety
    /// NEON is supported; the rows hold `w` samples, `lo` and `hi` (if any) `w` entries;
    /// `scale` in 1..=3.
    unsafe fn vertical(
        rows: [&[Self]; 4],
        scale: usize,
        w: usize,
        lo: &mut [i32],
        hi: Option<&mut [i32]>,
    ) -> usize;
}

impl S123Sample for i16 {
    /// Scale 1 (no rounding, no shift): the 64-bit sums of `i16` samples fit 32 bits exactly
    /// (`Σ|f|·2^15 < 2^31`), so 32-bit lanes give the same values.
    #[inline]
    #[target_feature(enable = "neon")]
    unsafe fn vertical(
        rows: [&[i16]; 4],
        scale: usize,
        w: usize,
        lo: &mut [i32],
        mut hi: Option<&mut [i32]>,
    ) -> usize {
        if scale != 1 {
            return 0;
        }
        let mut j = 0;
        while j + 8 <= w {
            // SAFETY: j + 8 <= w <= every row's length.
            let s = rows.map(|r| unsafe { vld1q_s16(r.as_ptr().add(j)) });
            let filt = |f: &[i32; 4]| {
                let f = f.map(|c| c as i16);
                let l = vmlal_n_s16(
                    vmlal_n_s16(
                        vmlal_n_s16(
                            vmull_n_s16(vget_low_s16(s[0]), f[0]),
                            vget_low_s16(s[1]),
                            f[1],
                        ),
                        vget_low_s16(s[2]),
                        f[2],
                    ),
                    vget_low_s16(s[3]),
                    f[3],
                );
                let h = vmlal_high_n_s16(
                    vmlal_high_n_s16(
                        vmlal_high_n_s16(vmull_high_n_s16(s[0], f[0]), s[1], f[1]),
                        s[2],
                        f[2],
                    ),
                    s[3],
                    f[3],
                );
                (l, h)
            };
            let (l0, l1) = filt(&DB2_LO);
            // SAFETY: j + 8 <= w <= lo.len().
            unsafe {
                vst1q_s32(lo.as_mut_ptr().add(j), l0);
                vst1q_s32(lo.as_mut_ptr().add(j + 4), l1);
            }
            if let Some(hi) = hi.as_deref_mut() {
                let (h0, h1) = filt(&DB2_HI);
                // SAFETY: j + 8 <= w <= hi.len().
                unsafe {
                    vst1q_s32(hi.as_mut_ptr().add(j), h0);
                    vst1q_s32(hi.as_mut_ptr().add(j + 4), h1);
                }
            }
            j += 8;
        }
        j
    }
}

impl S123Sample for i32 {
    /// 64-bit sums, `(acc + 2^(s−1)) >> s` (exact rounding shift), truncated to `i32`.
    #[inline]
    #[target_feature(enable = "neon")]
    unsafe fn vertical(
        rows: [&[i32]; 4],
        scale: usize,
        w: usize,
        lo: &mut [i32],
        mut hi: Option<&mut [i32]>,
    ) -> usize {
        let count = vdupq_n_s64(-i64::from(S123_SHIFT_V[scale - 1]));
        let mut j = 0;
        while j + 4 <= w {
            // SAFETY: j + 4 <= w <= every row's length.
            let s = rows.map(|r| unsafe { vld1q_s32(r.as_ptr().add(j)) });
            let filt = |f: &[i32; 4]| s123_h4(s, f, count);
            // SAFETY: j + 4 <= w <= lo.len().
            unsafe { vst1q_s32(lo.as_mut_ptr().add(j), filt(&DB2_LO)) };
            if let Some(hi) = hi.as_deref_mut() {
                // SAFETY: j + 4 <= w <= hi.len().
                unsafe { vst1q_s32(hi.as_mut_ptr().add(j), filt(&DB2_HI)) };
            }
            j += 4;
        }
        j
    }
}

/// `(Σ f[k]·t[k] + 2^(s−1)) >> s` over 64-bit products, truncated to `i32`, four lanes.
#[inline]
#[target_feature(enable = "neon")]
fn s123_h4(t: [int32x4_t; 4], f: &[i32; 4], count: int64x2_t) -> int32x4_t {
    let l = vmlal_n_s32(
        vmlal_n_s32(
            vmlal_n_s32(
                vmull_n_s32(vget_low_s32(t[0]), f[0]),
                vget_low_s32(t[1]),
                f[1],
            ),
            vget_low_s32(t[2]),
            f[2],
        ),
        vget_low_s32(t[3]),
        f[3],
    );
    let h = vmlal_high_n_s32(
        vmlal_high_n_s32(
            vmlal_high_n_s32(vmull_high_n_s32(t[0], f[0]), t[1], f[1]),
            t[2],
            f[2],
        ),
        t[3],
        f[3],
    );
    vcombine_s32(
        vmovn_s64(vrshlq_s64(l, count)),
        vmovn_s64(vrshlq_s64(h, count)),
    )
}

/// The four taps `2j−1 ..= 2j+2` of outputs `j..j+4` of an `i32` row.
///
/// # Safety
/// NEON is supported; `1 <= j` and `2j + 9 <= row.len()`.
#[inline]
#[target_feature(enable = "neon")]
unsafe fn taps_i32(row: &[i32], j: usize) -> [int32x4_t; 4] {
    // SAFETY: reads 2j − 1 ..= 2j + 8 (caller).
    let (a, b) = unsafe {
        (
            vld2q_s32(row.as_ptr().add(2 * j - 1)),
            vld2q_s32(row.as_ptr().add(2 * j + 1)),
        )
    };
    [a.0, a.1, b.0, b.1]
}

/// The scales-1..=3 horizontal pass over the unmirrored outputs `1..`, 4 per step (`hi`: all
/// four bands, else `a` only). Returns where it stopped.
///
/// # Safety
/// NEON is supported; `lo` (and `hi`) hold `w` samples, the outputs `⌈w/2⌉`; `scale` in 1..=3.
#[target_feature(enable = "neon")]
unsafe fn s123_horizontal(
    lo: &[i32],
    hi: Option<&[i32]>,
    w: usize,
    scale: usize,
    out: &mut DwtRow<'_, i32>,
) -> usize {
    let count = vdupq_n_s64(-i64::from(S123_SHIFT_H[scale - 1]));
    let mut j = 1;
    while 2 * j + 9 <= w {
        // SAFETY: 1 <= j, 2j + 9 <= w; the outputs j..j+4 lie below ⌈w/2⌉.
        unsafe {
            let tl = taps_i32(lo, j);
            vst1q_s32(out.a.as_mut_ptr().add(j), s123_h4(tl, &DB2_LO, count));
            if let Some(hi) = hi {
                vst1q_s32(out.v.as_mut_ptr().add(j), s123_h4(tl, &DB2_HI, count));
                let th = taps_i32(hi, j);
                vst1q_s32(out.h.as_mut_ptr().add(j), s123_h4(th, &DB2_LO, count));
                vst1q_s32(out.d.as_mut_ptr().add(j), s123_h4(th, &DB2_HI, count));
            }
        }
        j += 4;
    }
    j
}

/// One row of the scales-1..=3 DWT (all four bands), as `scalar::dwt_s123`.
///
/// # Safety
/// NEON is supported; lengths as checked by [`check_dwt`] (two scratch rows); `scale` in 1..=3.
#[target_feature(enable = "neon")]
unsafe fn dwt_s123<T: S123Sample>(
    rows: [&[T]; 4],
    scale: usize,
    tmp: &mut [i32],
    mut out: DwtRow<'_, i32>,
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: guaranteed by the caller.
    let done = unsafe { T::vertical(rows, scale, w, lo, Some(&mut *hi)) };
    scalar::s123_vertical(rows, scale, done..w, lo, hi);
    scalar::s123_horizontal_cols(lo, hi, w, scale, 0..1, &mut out);
    // SAFETY: guaranteed by the caller.
    let end = unsafe { s123_horizontal(lo, Some(hi), w, scale, &mut out) };
    scalar::s123_horizontal_cols(lo, hi, w, scale, end..w.div_ceil(2), &mut out);
}

/// One row of the scales-1..=3 low-pass band, as `scalar::dwt_s123_lo`.
///
/// # Safety
/// NEON is supported; lengths as checked by [`check_dwt`] (one scratch row); `scale` in 1..=3.
#[target_feature(enable = "neon")]
unsafe fn dwt_s123_lo<T: S123Sample>(
    rows: [&[T]; 4],
    scale: usize,
    tmp: &mut [i32],
    a: &mut [i32],
) {
    let w = rows[0].len();
    let lo = &mut tmp[..w];
    // SAFETY: guaranteed by the caller.
    let done = unsafe { T::vertical(rows, scale, w, lo, None) };
    scalar::s123_vertical_lo(rows, scale, done..w, lo);
    let (mut h, mut v, mut d) = ([0i32; 0], [0i32; 0], [0i32; 0]);
    let mut out = DwtRow {
        a: &mut *a,
        h: &mut h,
        v: &mut v,
        d: &mut d,
    };
    // SAFETY: guaranteed by the caller; only `a` is written.
    let end = unsafe { s123_horizontal(lo, None, w, scale, &mut out) };
    scalar::s123_horizontal_lo_cols(lo, w, scale, 0..1, a);
    scalar::s123_horizontal_lo_cols(lo, w, scale, end..w.div_ceil(2), a);
}

pub(super) fn dwt_s1(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], out: DwtRow<'_, i32>) {
    check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
    let _ = ahead;
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above.
    unsafe { dwt_s123(rows, 1, tmp, out) }
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
        "ADM DWT scale {scale} (expected 2..=3)"
    );
    let _ = ahead;
    // SAFETY: as in `dwt_s1`; the scale is in range.
    unsafe { dwt_s123(rows, scale, tmp, out) }
}

pub(super) fn dwt_s1_lo(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], a: &mut [i32]) {
    check_dwt(&rows, tmp.len(), 1, &[&*a]);
    let _ = ahead;
    // SAFETY: as in `dwt_s1`.
    unsafe { dwt_s123_lo(rows, 1, tmp, a) }
}

pub(super) fn dwt_s23_lo(
    rows: [&[i32]; 4],
    ahead: [&[i32]; 2],
    scale: usize,
    tmp: &mut [i32],
    a: &mut [i32],
) {
    check_dwt(&rows, tmp.len(), 1, &[&*a]);
    assert!(
        (2..=3).contains(&scale),
        "ADM DWT scale {scale} (expected 2..=3)"
    );
    let _ = ahead;
    // SAFETY: as in `dwt_s23`.
    unsafe { dwt_s123_lo(rows, scale, tmp, a) }
}

// ---------------------------------------------------------------------------------------------
// Decoupling
// ---------------------------------------------------------------------------------------------

/// The `f64` lanes of the low or high half of an `i32` vector (exact).
#[inline]
#[target_feature(enable = "neon")]
fn f64_half(v: int32x4_t, high: bool) -> float64x2_t {
    vcvtq_f64_s64(if high {
        vmovl_high_s32(v)
    } else {
        vmovl_s32(vget_low_s32(v))
    })
}

/// `(f64)(f32)x / 4096` of 64-bit integers below 2^53 in magnitude (exact in `f64`, so the one
/// rounding to `f32` is the reference's `as f32`); the division by 2^12 is exact.
#[inline]
#[target_feature(enable = "neon")]
fn to_f32_scaled(x: int64x2_t) -> float64x2_t {
    let f = vcvt_f64_f32(vcvt_f32_f64(vcvtq_f64_s64(x)));
    vmulq_f64(f, vdupq_n_f64(1.0 / 4096.0))
}

/// libvmaf's angle test (`scalar::angle_flag`) of two lanes, from exact 64-bit dot products and
/// squared magnitudes below 2^53.
#[inline]
#[target_feature(enable = "neon")]
fn angle2(dp: int64x2_t, om: int64x2_t, tm: int64x2_t) -> uint64x2_t {
    let dp = to_f32_scaled(dp);
    let rhs = vmulq_f64(
        vmulq_f64(vdupq_n_f64(f64::from(COS_1DEG_SQ)), to_f32_scaled(om)),
        to_f32_scaled(tm),
    );
    vandq_u64(vcgezq_f64(dp), vcgeq_f64(vmulq_f64(dp, dp), rhs))
}

/// The angle masks of four samples (32-bit lanes) from the h and v coefficients.
#[inline]
#[target_feature(enable = "neon")]
fn angle4(oh: int32x4_t, ov: int32x4_t, th: int32x4_t, tv: int32x4_t) -> uint32x4_t {
    let lo = |x: int32x4_t| vget_low_s32(x);
    let dp_l = vmlal_s32(vmull_s32(lo(oh), lo(th)), lo(ov), lo(tv));
    let om_l = vmlal_s32(vmull_s32(lo(oh), lo(oh)), lo(ov), lo(ov));
    let tm_l = vmlal_s32(vmull_s32(lo(th), lo(th)), lo(tv), lo(tv));
    let dp_h = vmlal_high_s32(vmull_high_s32(oh, th), ov, tv);
    let om_h = vmlal_high_s32(vmull_high_s32(oh, oh), ov, ov);
    let tm_h = vmlal_high_s32(vmull_high_s32(th, th), tv, tv);
    vcombine_u32(
        vmovn_u64(angle2(dp_l, om_l, tm_l)),
        vmovn_u64(angle2(dp_h, om_h, tm_h)),
    )
}

/// `scalar::gain_clamp` of four lanes, truncated to `i32` (`as i64 as i32`): where `clamp` is
/// set, `min(rst·egl, t)` for `o > 0` and `max(rst·egl, t)` otherwise, with the reference's
/// `<` / `>` (a NaN product yields `t`), the `f64` result truncated toward zero (saturating);
/// elsewhere `rst`.
#[inline]
#[target_feature(enable = "neon")]
fn gain_clamp4(
    rst: int32x4_t,
    t: int32x4_t,
    o: int32x4_t,
    clamp: uint32x4_t,
    egl: f64,
) -> int32x4_t {
    // 0 / −1 lanes where o > 0, widened to 64-bit masks below.
    let pos = vreinterpretq_s32_u32(vcgtzq_s32(o));
    let half = |high: bool| {
        let g = vmulq_f64(f64_half(rst, high), vdupq_n_f64(egl));
        let tf = f64_half(t, high);
        let lt = vbslq_f64(vcltq_f64(g, tf), g, tf);
        let gt = vbslq_f64(vcgtq_f64(g, tf), g, tf);
        let p64 = vreinterpretq_u64_s64(if high {
            vmovl_high_s32(pos)
        } else {
            vmovl_s32(vget_low_s32(pos))
        });
        vmovn_s64(vcvtq_s64_f64(vbslq_f64(p64, lt, gt)))
    };
    let g = vcombine_s32(half(false), half(true));
    vbslq_s32(clamp, g, rst)
}

/// Scale-0 decoupling of columns `left..left + 4·k`; returns where it stopped.
///
/// # Safety
/// NEON is supported; all twelve rows hold at least `right` samples.
#[target_feature(enable = "neon")]
unsafe fn decouple_s0_imp(
    rf: Hvd<'_, i16>,
    dis: Hvd<'_, i16>,
    left: usize,
    right: usize,
    egl: f64,
    r: &mut HvdMut<'_, i16>,
    a: &mut HvdMut<'_, i16>,
) -> usize {
    let mut j = left;
    while j + 4 <= right {
        // SAFETY: j + 4 <= right <= every row's length.
        let ld = |p: &[i16]| unsafe { vmovl_s16(vld1_s16(p.as_ptr().add(j))) };
        let o = [ld(rf.h), ld(rf.v), ld(rf.d)];
        let t = [ld(dis.h), ld(dis.v), ld(dis.d)];
        let angle = angle4(o[0], o[1], t[0], t[1]);
        let outs = [
            (&mut *r.h, &mut *a.h),
            (&mut *r.v, &mut *a.v),
            (&mut *r.d, &mut *a.d),
        ];
        for (b, (ro, ao)) in outs.into_iter().enumerate() {
            // k per lane through the reciprocal table, as the reference.
            let mut kk = [0i32; 4];
            for (l, k) in kk.iter_mut().enumerate() {
                let (ob, tb) = (
                    [rf.h, rf.v, rf.d][b][j + l],
                    [dis.h, dis.v, dis.d][b][j + l],
                );
                *k = scalar::k_s0(ob, tb) as i32;
            }
            // SAFETY: `kk` holds 4 values.
            let k = unsafe { vld1q_s32(kk.as_ptr()) };
            // |k·o| <= 2^30: the product and its rounding fit 32 bits; `as i16` by truncation.
            let rst = vmovl_s16(vmovn_s32(vrshrq_n_s32::<15>(vmulq_s32(k, o[b]))));
            let clamp = vandq_u32(angle, vmvnq_u32(vorrq_u32(vceqzq_s32(k), vceqzq_s32(o[b]))));
            let rst = gain_clamp4(rst, t[b], o[b], clamp, egl);
            let add = vsubq_s32(t[b], rst);
            // SAFETY: j + 4 <= right <= every output row's length.
            unsafe {
                vst1_s16(ro.as_mut_ptr().add(j), vmovn_s32(rst));
                vst1_s16(ao.as_mut_ptr().add(j), vmovn_s32(add));
            }
        }
        j += 4;
    }
    j
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
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { decouple_s0_imp(rf, dis, left, right, egl, &mut r, &mut a) };
    scalar::decouple_s0(rf, dis, done.max(left), right, egl, r, a);
}

/// Scales-1..=3 decoupling of columns `left..`, 4 per step; a step whose h or v coefficients
/// reach 2^26 in magnitude runs the scalar code. Returns where it stopped.
///
/// # Safety
/// NEON is supported; all twelve rows hold at least `right` samples.
#[target_feature(enable = "neon")]
unsafe fn decouple_s123_imp(
    rf: Hvd<'_, i32>,
    dis: Hvd<'_, i32>,
    left: usize,
    right: usize,
    egl: f64,
    r: &mut HvdMut<'_, i32>,
    a: &mut HvdMut<'_, i32>,
) -> usize {
    let limit = vdupq_n_u32(1 << 26);
    let mut j = left;
    while j + 4 <= right {
        // SAFETY: j + 4 <= right <= every row's length.
        let ld = |p: &[i32]| unsafe { vld1q_s32(p.as_ptr().add(j)) };
        let o = [ld(rf.h), ld(rf.v), ld(rf.d)];
        let t = [ld(dis.h), ld(dis.v), ld(dis.d)];
        // Products below 2^52, sums below 2^53: exact in f64 before the rounding to f32.
        let big = [o[0], o[1], t[0], t[1]]
            .into_iter()
            .fold(vdupq_n_u32(0), |m, x| {
                vorrq_u32(m, vcgeq_u32(vreinterpretq_u32_s32(vabsq_s32(x)), limit))
            });
        if vmaxvq_u32(big) != 0 {
            for l in j..j + 4 {
                let (rr, aa) = scalar::decouple_s123_px(
                    [rf.h[l], rf.v[l], rf.d[l]],
                    [dis.h[l], dis.v[l], dis.d[l]],
                    egl,
                );
                (r.h[l], r.v[l], r.d[l]) = (rr[0], rr[1], rr[2]);
                (a.h[l], a.v[l], a.d[l]) = (aa[0], aa[1], aa[2]);
            }
            j += 4;
            continue;
        }
        let angle = angle4(o[0], o[1], t[0], t[1]);
        let outs = [
            (&mut *r.h, &mut *a.h),
            (&mut *r.v, &mut *a.v),
            (&mut *r.d, &mut *a.d),
        ];
        for (b, (ro, ao)) in outs.into_iter().enumerate() {
            let mut kk = [0i32; 4];
            for (l, k) in kk.iter_mut().enumerate() {
                let (ob, tb) = (
                    [rf.h, rf.v, rf.d][b][j + l],
                    [dis.h, dis.v, dis.d][b][j + l],
                );
                *k = scalar::k_s123(ob, tb) as i32;
            }
            // SAFETY: `kk` holds 4 values.
            let k = unsafe { vld1q_s32(kk.as_ptr()) };
            // (k·o + 2^14) >> 15 in 64 bits (exact rounding shift), truncated to i32.
            let p_l = vrshrq_n_s64::<15>(vmull_s32(vget_low_s32(k), vget_low_s32(o[b])));
            let p_h = vrshrq_n_s64::<15>(vmull_high_s32(k, o[b]));
            let rst = vcombine_s32(vmovn_s64(p_l), vmovn_s64(p_h));
            let clamp = vandq_u32(angle, vmvnq_u32(vorrq_u32(vceqzq_s32(k), vceqzq_s32(o[b]))));
            let rst = gain_clamp4(rst, t[b], o[b], clamp, egl);
            // SAFETY: j + 4 <= right <= every output row's length.
            unsafe {
                vst1q_s32(ro.as_mut_ptr().add(j), rst);
                vst1q_s32(ao.as_mut_ptr().add(j), vsubq_s32(t[b], rst));
            }
        }
        j += 4;
    }
    j
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
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { decouple_s123_imp(rf, dis, left, right, egl, &mut r, &mut a) };
    scalar::decouple_s123(rf, dis, done.max(left), right, egl, r, a);
}

// ---------------------------------------------------------------------------------------------
// CSF
// ---------------------------------------------------------------------------------------------

/// `(x as i16) as i32` per lane.
#[inline]
#[target_feature(enable = "neon")]
fn trunc16(x: int32x4_t) -> int32x4_t {
    vmovl_s16(vmovn_s32(x))
}

/// Scale-0 CSF of columns `left..left + 4·k` (see `scalar::csf_s0`); returns where it stopped.
///
/// # Safety
/// NEON is supported; the band rows hold `right` samples, `fsum` and `own` `right` entries.
#[target_feature(enable = "neon")]
unsafe fn csf_s0_imp(
    src: Hvd<'_, i16>,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) -> usize {
    let mut j = left;
    while j + 4 <= right {
        let mut fs = vdupq_n_s32(0);
        let mut ow = vdupq_n_s32(0);
        for (b, band) in [src.h, src.v, src.d].into_iter().enumerate() {
            // SAFETY: j + 4 <= right <= band.len().
            let x = unsafe { vmovl_s16(vld1_s16(band.as_ptr().add(j))) };
            // (rf·x + add) >> shift (wrapping 32-bit, arithmetic shift), as i16.
            let c = vmulq_n_s32(x, i32::from(rfactor[b]));
            let c = vaddq_s32(c, vdupq_n_s32(CSF_S0_ADD[b]));
            let c = trunc16(vshlq_s32(c, vdupq_n_s32(-(CSF_S0_SHIFT[b] as i32))));
            let ac = vabsq_s32(c);
            // (4369·|c| + 2048) >> 12 and (8738·|c| + 2048) >> 12 (no overflow: |c| <= 2^15),
            // as i16.
            let f = trunc16(vrshrq_n_s32::<12>(vmulq_n_s32(ac, 4369)));
            let ctr = trunc16(vrshrq_n_s32::<12>(vmulq_n_s32(ac, 8738)));
            fs = vaddq_s32(fs, f);
            ow = vsubq_s32(vaddq_s32(ow, ctr), f);
        }
        // SAFETY: j + 4 <= right <= both lengths.
        unsafe {
            vst1q_s32(fsum.as_mut_ptr().add(j), fs);
            vst1q_s32(own.as_mut_ptr().add(j), ow);
        }
        j += 4;
    }
    j
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
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { csf_s0_imp(src, left, right, rfactor, fsum, own) };
    scalar::csf_s0(src, done.max(left), right, rfactor, fsum, own);
}

/// `scalar::csf_s123_val` of four lanes: `(rf·x + 2^27) >> 28` in 64 bits, truncated to `i32`.
/// The product is formed as `±(rf·|x|)` (both below 2^32, so exact in `u64`, below 2^63).
#[inline]
#[target_feature(enable = "neon")]
fn csf_s123_val4(x: int32x4_t, rf: u32) -> int32x4_t {
    let neg = vcltzq_s32(x);
    let ax = vreinterpretq_u32_s32(vabsq_s32(x));
    let half = |p: uint64x2_t, n: uint64x2_t| {
        let p = vreinterpretq_s64_u64(p);
        // Negate where x < 0: (p ^ n) − n.
        let n = vreinterpretq_s64_u64(n);
        let v = vsubq_s64(veorq_s64(p, n), n);
        vmovn_s64(vrshrq_n_s64::<28>(v))
    };
    let n_l = vreinterpretq_u64_s64(vmovl_s32(vget_low_s32(vreinterpretq_s32_u32(neg))));
    let n_h = vreinterpretq_u64_s64(vmovl_high_s32(vreinterpretq_s32_u32(neg)));
    vcombine_s32(
        half(vmull_n_u32(vget_low_u32(ax), rf), n_l),
        half(vmull_high_n_u32(ax, rf), n_h),
    )
}

/// `(m·|c| − 2^31) >> 32` as `i32` (`|c|` wrapping, as `i32::wrapping_abs`), four lanes.
#[inline]
#[target_feature(enable = "neon")]
fn i4_mask4(c: int32x4_t, m: i32) -> int32x4_t {
    let ac = vabsq_s32(c);
    let off = vdupq_n_s64(1i64 << 31);
    let l = vsubq_s64(vmull_n_s32(vget_low_s32(ac), m), off);
    let h = vsubq_s64(vmull_high_n_s32(ac, m), off);
    // Bits 32..63 of each 64-bit lane: the arithmetic shift by 32, truncated to i32.
    vcombine_s32(vshrn_n_s64::<32>(l), vshrn_n_s64::<32>(h))
}

/// Scales-1..=3 CSF of columns `left..left + 4·k`; returns where it stopped.
///
/// # Safety
/// As [`csf_s0_imp`].
#[target_feature(enable = "neon")]
unsafe fn csf_s123_imp(
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) -> usize {
    let mut j = left;
    while j + 4 <= right {
        let mut fs = vdupq_n_s32(0);
        let mut ow = vdupq_n_s32(0);
        for (b, band) in [src.h, src.v, src.d].into_iter().enumerate() {
            // SAFETY: j + 4 <= right <= band.len().
            let x = unsafe { vld1q_s32(band.as_ptr().add(j)) };
            let c = csf_s123_val4(x, rfactor[b]);
            let f = i4_mask4(c, 143_165_577);
            fs = vaddq_s32(fs, f);
            ow = vsubq_s32(vaddq_s32(ow, i4_mask4(c, 286_331_153)), f);
        }
        // SAFETY: j + 4 <= right <= both lengths.
        unsafe {
            vst1q_s32(fsum.as_mut_ptr().add(j), fs);
            vst1q_s32(own.as_mut_ptr().add(j), ow);
        }
        j += 4;
    }
    j
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
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above.
    let done = unsafe { csf_s123_imp(src, left, right, rfactor, fsum, own) };
    scalar::csf_s123(src, done.max(left), right, rfactor, fsum, own);
}

// ---------------------------------------------------------------------------------------------
// Denominator
// ---------------------------------------------------------------------------------------------

/// Σ |x|³ (wrapping `u64`) over `left..left + 4·k` of a scale-0 band; returns (sum, stop).
///
/// # Safety
/// NEON is supported; `band` holds `right` samples.
#[target_feature(enable = "neon")]
unsafe fn den_s0_band(band: &[i16], left: usize, right: usize) -> (u64, usize) {
    let mut acc = vdupq_n_u64(0);
    let mut j = left;
    while j + 4 <= right {
        // SAFETY: j + 4 <= right <= band.len().
        let x = unsafe { vmovl_s16(vld1_s16(band.as_ptr().add(j))) };
        let a = vreinterpretq_u32_s32(vabsq_s32(x));
        // |x| <= 2^15: a² fits 32 bits, a³ 64 bits.
        let a2 = vmulq_u32(a, a);
        acc = vaddq_u64(acc, vmull_u32(vget_low_u32(a2), vget_low_u32(a)));
        acc = vaddq_u64(acc, vmull_high_u32(a2, a));
        j += 4;
    }
    (vaddvq_u64(acc), j)
}

pub(super) fn den_s0(src: Hvd<'_, i16>, left: usize, right: usize) -> [u64; 3] {
    check_band_rows(left, right, &[src.h, src.v, src.d]);
    [src.h, src.v, src.d].map(|band| {
        // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
        // lengths checked above.
        let (s, done) = unsafe { den_s0_band(band, left, right) };
        let b = Hvd {
            h: band,
            v: band,
            d: band,
        };
        s.wrapping_add(scalar::den_s0(b, done.max(left), right)[0])
    })
}

/// Σ of the scales-1..=3 denominator terms over `left..left + 4·k`; returns (sum, stop).
///
/// # Safety
/// NEON is supported; `band` holds `right` samples; `shift_sq <= 32`, `1 <= cub <= 63`.
#[target_feature(enable = "neon")]
unsafe fn den_s123_band(
    band: &[i32],
    left: usize,
    right: usize,
    shift_sq: u32,
    cub: u32,
) -> (u64, usize) {
    let add_sq = vdupq_n_u64(1u64 << shift_sq);
    let sh_sq = vdupq_n_s64(-i64::from(shift_sq));
    let add_cub = vdupq_n_u64(1u64 << (cub - 1));
    let sh_cub = vdupq_n_s64(-i64::from(cub));
    // ((a² + 2^S) >> S)·a + 2^(c−1) >> c, wrapping u64: a <= 2^31, so a² <= 2^62 and the
    // squared term sq <= 2^32 + 1; sq·a is formed from the low 32 bits of sq and, when sq has
    // bit 32 set, a << 32.
    let term = |a: uint32x2_t| {
        let sq = vshlq_u64(vaddq_u64(vmull_u32(a, a), add_sq), sh_sq);
        let a64 = vmovl_u32(a);
        let high = vsubq_u64(vdupq_n_u64(0), vshrq_n_u64::<32>(sq));
        let p = vaddq_u64(
            vmull_u32(vmovn_u64(sq), a),
            vshlq_n_u64::<32>(vandq_u64(a64, high)),
        );
        vshlq_u64(vaddq_u64(p, add_cub), sh_cub)
    };
    let mut acc = vdupq_n_u64(0);
    let mut j = left;
    while j + 4 <= right {
        // SAFETY: j + 4 <= right <= band.len().
        let x = unsafe { vld1q_s32(band.as_ptr().add(j)) };
        let a = vreinterpretq_u32_s32(vabsq_s32(x));
        acc = vaddq_u64(acc, term(vget_low_u32(a)));
        acc = vaddq_u64(acc, term(vget_high_u32(a)));
        j += 4;
    }
    (vaddvq_u64(acc), j)
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
    if !(1..=63).contains(&cub_shift) {
        return scalar::den_s123(src, left, right, scale, cub_shift);
    }
    let shift_sq = DEN_S123_SHIFT_SQ[scale - 1];
    [src.h, src.v, src.d].map(|band| {
        // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
        // lengths and shifts checked above.
        let (s, done) = unsafe { den_s123_band(band, left, right, shift_sq, cub_shift) };
        let b = Hvd {
            h: band,
            v: band,
            d: band,
        };
        s.wrapping_add(scalar::den_s123(b, done.max(left), right, scale, cub_shift)[0])
    })
}

// ---------------------------------------------------------------------------------------------
// Contrast masking
// ---------------------------------------------------------------------------------------------

/// The masking thresholds of columns `j..j+4` (`scalar::cm_thr`, interior columns).
///
/// # Safety
/// NEON is supported; `1 <= j` and `j + 5 <= len` of all four rows.
#[inline]
#[target_feature(enable = "neon")]
unsafe fn thr4(fsum: [&[i32]; 3], own: &[i32], j: usize) -> int32x4_t {
    // SAFETY: the caller guarantees j − 1 .. j + 5 lies inside every row.
    unsafe {
        let ld = |p: &[i32], o: usize| vld1q_s32(p.as_ptr().add(o));
        let col = |o: usize| vaddq_s32(vaddq_s32(ld(fsum[0], o), ld(fsum[1], o)), ld(fsum[2], o));
        vaddq_s32(
            vaddq_s32(col(j - 1), col(j)),
            vaddq_s32(col(j + 1), ld(own, j)),
        )
    }
}

/// `(x_sq·x + 2^(c−1)) >> c` in 64-bit lanes, summed into `acc` (wrapping), with
/// `x_sq = ((x² + 2^(s−1)) >> s) as i32` for `x >= 0` in four `i32` lanes.
#[inline]
#[target_feature(enable = "neon")]
fn cm_cube<const S: i32>(x: int32x4_t, cub: int64x2_t, acc: int64x2_t) -> int64x2_t {
    let sq_l = vmovn_s64(vrshrq_n_s64::<S>(vmull_s32(
        vget_low_s32(x),
        vget_low_s32(x),
    )));
    let sq_h = vmovn_s64(vrshrq_n_s64::<S>(vmull_high_s32(x, x)));
    let t_l = vrshlq_s64(vmull_s32(sq_l, vget_low_s32(x)), cub);
    let t_h = vrshlq_s64(vmull_s32(sq_h, vget_high_s32(x)), cub);
    vaddq_s64(acc, vaddq_s64(t_l, t_h))
}

/// The interior columns `start..end` (`1 <= start`, `end <= w − 1`) masked in steps of 4.
#[inline(always)]
fn cm_inner(left: usize, right: usize, w: usize) -> (usize, usize) {
    let start = left.max(1);
    let end = right.min(w.saturating_sub(1));
    (start, start + end.saturating_sub(start) / 4 * 4)
}

/// Scale-0 masking sums of columns `start..end` (multiples of 4, interior).
///
/// # Safety
/// NEON is supported; `1 <= start`, `end + 1 <= w`, rows as checked by [`check_cm`];
/// `1 <= cub_hv, cub_d <= 63`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "neon")]
unsafe fn cm_s0_imp(
    x: Hvd<'_, i16>,
    fsum: [&[i32]; 3],
    own: &[i32],
    start: usize,
    end: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let zero = vdupq_n_s32(0);
    let cub = [shifts.cub_hv, shifts.cub_hv, shifts.cub_d].map(|c| vdupq_n_s64(-i64::from(c)));
    let mut acc = [vdupq_n_s64(0); 3];
    let mut j = start;
    while j < end {
        // SAFETY: 1 <= j and j + 5 <= end + 1 <= w (caller).
        let thr = unsafe { thr4(fsum, own, j) };
        let subs = [
            vshlq_n_s32::<10>(thr),
            vshlq_n_s32::<10>(thr),
            vshlq_n_s32::<12>(thr),
        ];
        for (b, band) in [x.h, x.v, x.d].into_iter().enumerate() {
            // SAFETY: j + 4 <= end <= band length.
            let v = unsafe { vmovl_s16(vld1_s16(band.as_ptr().add(j))) };
            let v = vmulq_n_s32(v, i32::from(rfactor[b]));
            let v = vmaxq_s32(vsubq_s32(vabsq_s32(v), subs[b]), zero);
            acc[b] = if b < 2 {
                cm_cube::<29>(v, cub[b], acc[b])
            } else {
                cm_cube::<30>(v, cub[b], acc[b])
            };
        }
        j += 4;
    }
    acc.map(|a| vgetq_lane_s64::<0>(a).wrapping_add(vgetq_lane_s64::<1>(a)))
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
    let ok = |c: u32| (1..=63).contains(&c);
    let (start, end) = cm_inner(left, right, w);
    if left >= right || start >= end || !ok(shifts.cub_hv) || !ok(shifts.cub_d) {
        return scalar::cm_s0(x, fsum, own, w, left, right, rfactor, shifts);
    }
    // SAFETY: reachable only through the NEON table, built only when the CPU supports it;
    // lengths checked above; start..end are interior columns; the shifts are in range.
    let v = unsafe { cm_s0_imp(x, fsum, own, start, end, rfactor, shifts) };
    let a = scalar::cm_s0(x, fsum, own, w, left, start, rfactor, shifts);
    let b = scalar::cm_s0(x, fsum, own, w, end, right, rfactor, shifts);
    [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
}

/// Scales-1..=3 masking sums of columns `start..end` (multiples of 4, interior).
///
/// # Safety
/// As [`cm_s0_imp`] (`1 <= cub_hv <= 63`).
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "neon")]
unsafe fn cm_s123_imp(
    x: Hvd<'_, i32>,
    fsum: [&[i32]; 3],
    own: &[i32],
    start: usize,
    end: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let zero = vdupq_n_s32(0);
    let cub = vdupq_n_s64(-i64::from(shifts.cub_hv));
    let mut acc = [vdupq_n_s64(0); 3];
    let mut j = start;
    while j < end {
        // SAFETY: 1 <= j and j + 5 <= end + 1 <= w (caller).
        let thr = unsafe { thr4(fsum, own, j) };
        for (b, band) in [x.h, x.v, x.d].into_iter().enumerate() {
            // SAFETY: j + 4 <= end <= band length.
            let v = unsafe { vld1q_s32(band.as_ptr().add(j)) };
            let c = csf_s123_val4(v, rfactor[b]);
            let c = vmaxq_s32(vsubq_s32(vabsq_s32(c), thr), zero);
            acc[b] = cm_cube::<30>(c, cub, acc[b]);
        }
        j += 4;
    }
    acc.map(|a| vgetq_lane_s64::<0>(a).wrapping_add(vgetq_lane_s64::<1>(a)))
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
    let (start, end) = cm_inner(left, right, w);
    if left >= right || start >= end || !(1..=63).contains(&shifts.cub_hv) {
        return scalar::cm_s123(x, fsum, own, w, left, right, rfactor, shifts);
    }
    // SAFETY: as in `cm_s0`.
    let v = unsafe { cm_s123_imp(x, fsum, own, start, end, rfactor, shifts) };
    let a = scalar::cm_s123(x, fsum, own, w, left, start, rfactor, shifts);
    let b = scalar::cm_s123(x, fsum, own, w, end, right, rfactor, shifts);
    [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
}
