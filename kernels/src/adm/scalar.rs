//! Scalar reference kernels of integer ADM: the exact integer arithmetic of libvmaf's
//! `integer_adm.c`, written as plain safe loops over one band row at a time. Every vector twin
//! must equal these bit for bit.
//!
//! The per-sample helpers (`*_px`, `*_term`) are shared with the vector kernels, which use them
//! for the columns their vector loops do not cover, so edges and tails are the reference code.

use super::{CmShifts, DB2_HI, DB2_LO, DB2_LO_SUM, DIV_LOOKUP, DwtRow, Hvd, HvdMut};

// ---------------------------------------------------------------------------------------------
// DWT
// ---------------------------------------------------------------------------------------------

/// Vertical pass of the scale-0 DWT for one output row: low- and high-pass of every column of
/// the four source rows into `lo` and `hi` (when given), with the DC offset
/// `DB2_LO_SUM * 2^(shift-1)` removed from the low-pass and a rounding shift by `shift` (8 for
/// 8-bit input, the bit depth otherwise). The 32-bit sums may wrap for 16-bit input exactly as
/// libvmaf's `int32_t` accumulator does; the result is truncated to `i16` as in C.
#[inline(always)]
pub(crate) fn s0_vertical<T: Copy + Into<u32>>(
    rows: [&[T]; 4],
    shift: u32,
    range: std::ops::Range<usize>,
    lo: &mut [i16],
    hi: Option<&mut [i16]>,
) {
    let add = 1i32 << (shift - 1);
    let dc = DB2_LO_SUM.wrapping_mul(add);
    let [r0, r1, r2, r3] = rows;
    let sample = |j: usize| {
        [
            r0[j].into() as i32,
            r1[j].into() as i32,
            r2[j].into() as i32,
            r3[j].into() as i32,
        ]
    };
    for j in range.clone() {
        let s = sample(j);
        let acc = DB2_LO[0]
            .wrapping_mul(s[0])
            .wrapping_add(DB2_LO[1].wrapping_mul(s[1]))
            .wrapping_add(DB2_LO[2].wrapping_mul(s[2]))
            .wrapping_add(DB2_LO[3].wrapping_mul(s[3]))
            .wrapping_sub(dc);
        lo[j] = (acc.wrapping_add(add) >> shift) as i16;
    }
    if let Some(hi) = hi {
        for j in range {
            let s = sample(j);
            let acc = DB2_HI[0]
                .wrapping_mul(s[0])
                .wrapping_add(DB2_HI[1].wrapping_mul(s[1]))
                .wrapping_add(DB2_HI[2].wrapping_mul(s[2]))
                .wrapping_add(DB2_HI[3].wrapping_mul(s[3]));
            hi[j] = (acc.wrapping_add(add) >> shift) as i16;
        }
    }
}

/// The four source indices of DWT output sample `j` along a dimension of length `n`: `2j-1 ..=
/// 2j+2`, with `-1 → 1` at the start and `k → 2n-1-k` past the end (libvmaf's
/// `dwt2_src_indices_filt`).
#[inline(always)]
pub(crate) fn taps(j: usize, n: usize) -> [usize; 4] {
    if j == 0 {
        return [1, 0, 1, 2];
    }
    let m = |k: usize| if k >= n { 2 * n - k - 1 } else { k };
    let c = 2 * j;
    [m(c - 1), m(c), m(c + 1), m(c + 2)]
}

/// One horizontal filter on an `i16` row at taps `t`, 32-bit sum, `(sum + 2^15) >> 16`. The sum
/// cannot overflow: `Σ|f| · 2^15 < 2^31`.
#[inline(always)]
pub(crate) fn s0_h(row: &[i16], t: [usize; 4], f: &[i32; 4]) -> i16 {
    let acc = f[0] * row[t[0]] as i32
        + f[1] * row[t[1]] as i32
        + f[2] * row[t[2]] as i32
        + f[3] * row[t[3]] as i32;
    (acc.wrapping_add(32768) >> 16) as i16
}

/// Output blocks of libvmaf's AVX-512 scale-0 horizontal pass: 32 columns per iteration for
/// 8-bit input (`adm_dwt2_8_avx512`), 64 for 9..16-bit input (`adm_dwt2_16_avx512`).
pub(crate) const AVX512_S0_BLOCK_8: usize = 32;
pub(crate) const AVX512_S0_BLOCK_16: usize = 64;

/// Whether libvmaf's AVX-512 scale-0 horizontal pass computes the last output column in its
/// vector loop, i.e. without mirroring the taps that fall past the right edge. Its vector loop
/// covers columns `1 ..= 1 + block·k - 1` with `block·k = (half_w - 1) - (half_w - 1) % block`,
/// so it reaches the last column exactly when `(half_w - 1) % block == 0`.
#[inline(always)]
pub(crate) fn s0_last_column_unmirrored(w: usize, block: usize) -> bool {
    let half_w = w.div_ceil(2);
    half_w > 1 && (half_w - 1).is_multiple_of(block)
}

/// The low-pass row as libvmaf's AVX-512 vector loop reads it past its end: the row buffer is
/// followed directly by the high-pass row (`tmphi = tmplo + w`), so index `w + k` reads `hi[k]`.
#[inline(always)]
fn lo_unmirrored(lo: &[i16], hi: &[i16], k: usize) -> i16 {
    if k < lo.len() {
        lo[k]
    } else {
        hi[k - lo.len()]
    }
}

/// Horizontal pass of the scale-0 DWT for output columns `cols` (the four bands from the
/// vertical low/high rows `lo`, `hi` of width `w`).
#[inline(always)]
pub(crate) fn s0_horizontal_cols(
    lo: &[i16],
    hi: &[i16],
    w: usize,
    cols: std::ops::Range<usize>,
    out: &mut DwtRow<'_, i16>,
) {
    for j in cols {
        let t = taps(j, w);
        out.a[j] = s0_h(lo, t, &DB2_LO);
        out.v[j] = s0_h(lo, t, &DB2_HI);
        out.h[j] = s0_h(hi, t, &DB2_LO);
        out.d[j] = s0_h(hi, t, &DB2_HI);
    }
}

/// Overwrites the last column of `a` and `v` the way libvmaf's x86 AVX-512 build (the reference
/// output) computes it when [`s0_last_column_unmirrored`] holds: straight taps `2j-1 ..= 2j+2`,
/// the one or two past the edge reading the start of the high-pass row. `h` and `d` would read
/// stale scratch memory there, but the last column of those bands never reaches a score (see
/// docs/features/adm.md), so they keep the mirrored value.
#[inline(always)]
pub(crate) fn s0_fix_last_column(
    lo: &[i16],
    hi: &[i16],
    w: usize,
    block: usize,
    a: &mut [i16],
    v: Option<&mut [i16]>,
) {
    if !s0_last_column_unmirrored(w, block) {
        return;
    }
    let j = w.div_ceil(2) - 1;
    let c = 2 * j;
    let row = [
        lo_unmirrored(lo, hi, c - 1),
        lo_unmirrored(lo, hi, c),
        lo_unmirrored(lo, hi, c + 1),
        lo_unmirrored(lo, hi, c + 2),
    ];
    a[j] = s0_h(&row, [0, 1, 2, 3], &DB2_LO);
    if let Some(v) = v {
        v[j] = s0_h(&row, [0, 1, 2, 3], &DB2_HI);
    }
}

#[inline(always)]
fn dwt_s0<T: Copy + Into<u32>>(
    rows: [&[T]; 4],
    shift: u32,
    block: usize,
    tmp: &mut [i16],
    mut out: DwtRow<'_, i16>,
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    s0_vertical(rows, shift, 0..w, lo, Some(&mut *hi));
    s0_horizontal_cols(lo, hi, w, 0..w.div_ceil(2), &mut out);
    s0_fix_last_column(lo, hi, w, block, out.a, Some(out.v));
}

#[inline(always)]
fn dwt_s0_lo<T: Copy + Into<u32>>(
    rows: [&[T]; 4],
    shift: u32,
    block: usize,
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    s0_vertical(rows, shift, 0..w, lo, None);
    for (j, o) in a.iter_mut().enumerate().take(w.div_ceil(2)) {
        *o = s0_h(lo, taps(j, w), &DB2_LO);
    }
    if last_col && s0_last_column_unmirrored(w, block) {
        // The straight taps read the first two samples of the high-pass row.
        let hi = &mut rest[..w];
        s0_vertical(rows, shift, 0..2, lo, Some(&mut *hi));
        s0_fix_last_column(lo, hi, w, block, a, None);
    }
}

/// One output row of the scale-0 DWT of an 8-bit picture (`adm_dwt2_8`; the last column as
/// `adm_dwt2_8_avx512` computes it when `(ceil(w/2) - 1) % 32 == 0`). `rows` are the four source
/// rows (`2i-1 ..= 2i+2`, mirrored), each `w` samples; `ahead` is a prefetch hint (unused here);
/// `tmp` holds at least `2·w` samples; each output row holds at least `ceil(w/2)` samples.
pub fn dwt_s0_8(rows: [&[u8]; 4], ahead: [&[u8]; 2], tmp: &mut [i16], out: DwtRow<'_, i16>) {
    let _ = ahead;
    dwt_s0(rows, 8, AVX512_S0_BLOCK_8, tmp, out);
}

/// One output row of the scale-0 DWT of a 9..16-bit picture (`adm_dwt2_16`, vertical shift =
/// `bpc`; the last column as `adm_dwt2_16_avx512` computes it when `(ceil(w/2) - 1) % 64 == 0`).
pub fn dwt_s0_16(
    rows: [&[u16]; 4],
    ahead: [&[u16]; 2],
    bpc: u32,
    tmp: &mut [i16],
    out: DwtRow<'_, i16>,
) {
    let _ = ahead;
    dwt_s0(rows, bpc, AVX512_S0_BLOCK_16, tmp, out);
}

/// One row of the scale-0 low-pass band only, 8-bit picture: `adm_dwt2_8_lo` (mirrored last
/// column) when `last_col` is false, the `a` row of [`dwt_s0_8`] when true. `tmp` holds at least
/// `2·w` samples.
pub fn dwt_s0_lo_8(
    rows: [&[u8]; 4],
    ahead: [&[u8]; 2],
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    let _ = ahead;
    dwt_s0_lo(rows, 8, AVX512_S0_BLOCK_8, last_col, tmp, a);
}

/// One row of the scale-0 low-pass band only, 9..16-bit picture (`adm_dwt2_16_lo`, or the `a`
/// row of [`dwt_s0_16`] when `last_col`).
pub fn dwt_s0_lo_16(
    rows: [&[u16]; 4],
    ahead: [&[u16]; 2],
    bpc: u32,
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    let _ = ahead;
    dwt_s0_lo(rows, bpc, AVX512_S0_BLOCK_16, last_col, tmp, a);
}

/// `Σ f[k]·s[k]` in 64 bits (exact for `i32` samples).
#[inline(always)]
pub(crate) fn s123_tap(s: [i32; 4], f: &[i32; 4]) -> i64 {
    f[0] as i64 * s[0] as i64
        + f[1] as i64 * s[1] as i64
        + f[2] as i64 * s[2] as i64
        + f[3] as i64 * s[3] as i64
}

/// Rounding constants and shifts of the scales-1..=3 DWT: vertical {0, 16, 16} and horizontal
/// {15, 16, 15} for scales {1, 2, 3}, each with round-half-up.
pub(crate) const S123_ADD_V: [i64; 3] = [0, 32768, 32768];
pub(crate) const S123_SHIFT_V: [u32; 3] = [0, 16, 16];
pub(crate) const S123_ADD_H: [i64; 3] = [16384, 32768, 16384];
pub(crate) const S123_SHIFT_H: [u32; 3] = [15, 16, 15];

/// Vertical pass of the scales-1..=3 DWT over columns `range`.
#[inline(always)]
pub(crate) fn s123_vertical<T: Copy + Into<i32>>(
    rows: [&[T]; 4],
    scale: usize,
    range: std::ops::Range<usize>,
    lo: &mut [i32],
    hi: &mut [i32],
) {
    let (add, shift) = (S123_ADD_V[scale - 1], S123_SHIFT_V[scale - 1]);
    let [r0, r1, r2, r3] = rows;
    for j in range {
        let s = [r0[j].into(), r1[j].into(), r2[j].into(), r3[j].into()];
        lo[j] = ((s123_tap(s, &DB2_LO) + add) >> shift) as i32;
        hi[j] = ((s123_tap(s, &DB2_HI) + add) >> shift) as i32;
    }
}

/// Horizontal pass of the scales-1..=3 DWT for output columns `cols`.
#[inline(always)]
pub(crate) fn s123_horizontal_cols(
    lo: &[i32],
    hi: &[i32],
    w: usize,
    scale: usize,
    cols: std::ops::Range<usize>,
    out: &mut DwtRow<'_, i32>,
) {
    let (add, shift) = (S123_ADD_H[scale - 1], S123_SHIFT_H[scale - 1]);
    for j in cols {
        let [x0, x1, x2, x3] = taps(j, w);
        let sl = [lo[x0], lo[x1], lo[x2], lo[x3]];
        let sh = [hi[x0], hi[x1], hi[x2], hi[x3]];
        out.a[j] = ((s123_tap(sl, &DB2_LO) + add) >> shift) as i32;
        out.v[j] = ((s123_tap(sl, &DB2_HI) + add) >> shift) as i32;
        out.h[j] = ((s123_tap(sh, &DB2_LO) + add) >> shift) as i32;
        out.d[j] = ((s123_tap(sh, &DB2_HI) + add) >> shift) as i32;
    }
}

#[inline(always)]
fn dwt_s123<T: Copy + Into<i32>>(
    rows: [&[T]; 4],
    scale: usize,
    tmp: &mut [i32],
    mut out: DwtRow<'_, i32>,
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    s123_vertical(rows, scale, 0..w, lo, hi);
    s123_horizontal_cols(lo, hi, w, scale, 0..w.div_ceil(2), &mut out);
}

/// Vertical low-pass of the scales-1..=3 DWT over columns `range`.
#[inline(always)]
pub(crate) fn s123_vertical_lo<T: Copy + Into<i32>>(
    rows: [&[T]; 4],
    scale: usize,
    range: std::ops::Range<usize>,
    lo: &mut [i32],
) {
    let (add, shift) = (S123_ADD_V[scale - 1], S123_SHIFT_V[scale - 1]);
    let [r0, r1, r2, r3] = rows;
    for j in range {
        let s = [r0[j].into(), r1[j].into(), r2[j].into(), r3[j].into()];
        lo[j] = ((s123_tap(s, &DB2_LO) + add) >> shift) as i32;
    }
}

/// Horizontal low-pass of a low-pass row for output columns `cols` (the `a` band).
#[inline(always)]
pub(crate) fn s123_horizontal_lo_cols(
    lo: &[i32],
    w: usize,
    scale: usize,
    cols: std::ops::Range<usize>,
    a: &mut [i32],
) {
    let (add, shift) = (S123_ADD_H[scale - 1], S123_SHIFT_H[scale - 1]);
    for j in cols {
        let [x0, x1, x2, x3] = taps(j, w);
        a[j] = ((s123_tap([lo[x0], lo[x1], lo[x2], lo[x3]], &DB2_LO) + add) >> shift) as i32;
    }
}

#[inline(always)]
fn dwt_s123_lo<T: Copy + Into<i32>>(rows: [&[T]; 4], scale: usize, tmp: &mut [i32], a: &mut [i32]) {
    let w = rows[0].len();
    let lo = &mut tmp[..w];
    s123_vertical_lo(rows, scale, 0..w, lo);
    s123_horizontal_lo_cols(lo, w, scale, 0..w.div_ceil(2), a);
}

/// The `a` row of [`dwt_s1`] alone.
pub fn dwt_s1_lo(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], a: &mut [i32]) {
    let _ = ahead;
    dwt_s123_lo(rows, 1, tmp, a);
}

/// The `a` row of [`dwt_s23`] alone.
pub fn dwt_s23_lo(
    rows: [&[i32]; 4],
    ahead: [&[i32]; 2],
    scale: usize,
    tmp: &mut [i32],
    a: &mut [i32],
) {
    let _ = ahead;
    dwt_s123_lo(rows, scale, tmp, a);
}

/// One output row of the scale-1 DWT (`adm_dwt2_s123_combined`, one picture), whose input is
/// the scale-0 low-pass band (`i16`). `tmp` holds at least `2·w` samples.
pub fn dwt_s1(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], out: DwtRow<'_, i32>) {
    let _ = ahead;
    dwt_s123(rows, 1, tmp, out);
}

/// One output row of the scale-2 or scale-3 DWT (`scale` in 2..=3) on the previous scale's
/// low-pass band. 64-bit sums.
pub fn dwt_s23(
    rows: [&[i32]; 4],
    ahead: [&[i32]; 2],
    scale: usize,
    tmp: &mut [i32],
    out: DwtRow<'_, i32>,
) {
    let _ = ahead;
    dwt_s123(rows, scale, tmp, out);
}

// ---------------------------------------------------------------------------------------------
// Decoupling
// ---------------------------------------------------------------------------------------------

/// `cos(1°)²` rounded to `f32`, as libvmaf stores it (`const float cos_1deg_sq`).
pub const COS_1DEG_SQ: f32 = f32::from_bits(0x3f7f_ec0a);

/// libvmaf's test "angle between (oh, ov) and (th, tv) is below 1 degree", evaluated with the
/// same float/double mix: each 64-bit integer is rounded to `f32`, divided by 4096 in `f64`, and
/// `(cos² · |o|²) · |t|²` is multiplied left to right in `f64`.
#[inline(always)]
pub(crate) fn angle_flag(ot_dp: i64, o_mag_sq: i64, t_mag_sq: i64) -> bool {
    let dp = ot_dp as f32 as f64 / 4096.0;
    dp >= 0.0
        && dp * dp
            >= COS_1DEG_SQ as f64
                * (o_mag_sq as f32 as f64 / 4096.0)
                * (t_mag_sq as f32 as f64 / 4096.0)
}

/// Applies the enhancement-gain clamp of libvmaf's decoupling to a restored value `rst`:
/// when the angle test passed and `k·o` is positive, `min(rst·egl, t)`; when negative,
/// `max(rst·egl, t)`; the `f64` result truncated toward zero.
#[inline(always)]
pub(crate) fn gain_clamp(rst: i64, t: i64, k: i64, o: i64, angle: bool, egl: f64) -> i64 {
    if !angle || k == 0 || o == 0 {
        return rst;
    }
    let g = rst as f64 * egl;
    let t = t as f64;
    let v = if o > 0 {
        if g < t { g } else { t }
    } else if g > t {
        g
    } else {
        t
    };
    v as i64
}

/// `k = clip(t/o, 0, 1)` in Q15 at scale 0, through the reciprocal table (32768 when `o = 0`).
#[inline(always)]
pub(crate) fn k_s0(o: i16, t: i16) -> i64 {
    if o == 0 {
        return 32768;
    }
    let q = ((DIV_LOOKUP[(o as i32 + 32768) as usize] as i64 * t as i64) + 16384) >> 15;
    // libvmaf stores the quotient in an int32 before clamping.
    (q as i32).clamp(0, 32768) as i64
}

/// Decoupling of one scale-0 sample (h, v, d of reference `o` and distorted `t`): returns the
/// restored values `r` and the additive values `t - r`.
#[inline(always)]
pub(crate) fn decouple_s0_px(o: [i16; 3], t: [i16; 3], egl: f64) -> ([i16; 3], [i16; 3]) {
    let [oh, ov, _] = o;
    let [th, tv, _] = t;
    let ot_dp = oh as i64 * th as i64 + ov as i64 * tv as i64;
    let o_mag_sq = oh as i64 * oh as i64 + ov as i64 * ov as i64;
    let t_mag_sq = th as i64 * th as i64 + tv as i64 * tv as i64;
    let angle = angle_flag(ot_dp, o_mag_sq, t_mag_sq);
    let mut r = [0i16; 3];
    let mut a = [0i16; 3];
    for b in 0..3 {
        let k = k_s0(o[b], t[b]);
        let rst = ((k * o[b] as i64 + 16384) >> 15) as i16 as i64;
        let rst = gain_clamp(rst, t[b] as i64, k, o[b] as i64, angle, egl) as i32 as i16;
        r[b] = rst;
        a[b] = (t[b] as i32 - rst as i32) as i16;
    }
    (r, a)
}

/// `k = clip(t/o, 0, 1)` in Q15 at scales 1..=3: references of magnitude >= 2^15 are first
/// reduced to 15 significant bits (`get_best15_from32`) and the result shift grows to match.
#[inline(always)]
pub(crate) fn k_s123(o: i32, t: i32) -> i64 {
    if o == 0 {
        return 32768;
    }
    let abs = o.unsigned_abs();
    let sign: i64 = if o < 0 { -1 } else { 1 };
    let (msb, shift) = if abs < 32768 {
        (abs, 0u32)
    } else {
        // get_best15_from32: keep the 15 leading bits, rounded.
        let k = 17 - abs.leading_zeros();
        ((abs + (1u32 << (k - 1))) >> k, k)
    };
    let num = (DIV_LOOKUP[(msb + 32768) as usize] as i64)
        .wrapping_mul(t as i64)
        .wrapping_mul(sign);
    // `1 << (14 + shift)` is an int in libvmaf: it wraps to INT_MIN for shift 17.
    let round = 1i32.wrapping_shl(14 + shift) as i64;
    (num.wrapping_add(round) >> (15 + shift)).clamp(0, 32768)
}

/// Decoupling of one scales-1..=3 sample.
#[inline(always)]
pub(crate) fn decouple_s123_px(o: [i32; 3], t: [i32; 3], egl: f64) -> ([i32; 3], [i32; 3]) {
    let [oh, ov, _] = o;
    let [th, tv, _] = t;
    let ot_dp = (oh as i64 * th as i64).wrapping_add(ov as i64 * tv as i64);
    let o_mag_sq = (oh as i64 * oh as i64).wrapping_add(ov as i64 * ov as i64);
    let t_mag_sq = (th as i64 * th as i64).wrapping_add(tv as i64 * tv as i64);
    let angle = angle_flag(ot_dp, o_mag_sq, t_mag_sq);
    let mut r = [0i32; 3];
    let mut a = [0i32; 3];
    for b in 0..3 {
        let k = k_s123(o[b], t[b]);
        let rst = ((k * o[b] as i64 + 16384) >> 15) as i32 as i64;
        let rst = gain_clamp(rst, t[b] as i64, k, o[b] as i64, angle, egl) as i32;
        r[b] = rst;
        a[b] = t[b].wrapping_sub(rst);
    }
    (r, a)
}

/// Decoupling at scale 0 (`adm_decouple`) of one band row over columns `left..right`:
/// `k = clip(t/o, 0, 1)` in Q15 through the reciprocal table, `r = k·o` (Q15 rounding), the gain
/// clamp, and `a = t - r`.
pub fn decouple_s0(
    rf: Hvd<'_, i16>,
    dis: Hvd<'_, i16>,
    left: usize,
    right: usize,
    egl: f64,
    r: HvdMut<'_, i16>,
    a: HvdMut<'_, i16>,
) {
    for j in left..right {
        let (rr, aa) = decouple_s0_px(
            [rf.h[j], rf.v[j], rf.d[j]],
            [dis.h[j], dis.v[j], dis.d[j]],
            egl,
        );
        (r.h[j], r.v[j], r.d[j]) = (rr[0], rr[1], rr[2]);
        (a.h[j], a.v[j], a.d[j]) = (aa[0], aa[1], aa[2]);
    }
}

/// Decoupling at scales 1..=3 (`adm_decouple_s123`) of one band row over `left..right`.
pub fn decouple_s123(
    rf: Hvd<'_, i32>,
    dis: Hvd<'_, i32>,
    left: usize,
    right: usize,
    egl: f64,
    r: HvdMut<'_, i32>,
    a: HvdMut<'_, i32>,
) {
    for j in left..right {
        let (rr, aa) = decouple_s123_px(
            [rf.h[j], rf.v[j], rf.d[j]],
            [dis.h[j], dis.v[j], dis.d[j]],
            egl,
        );
        (r.h[j], r.v[j], r.d[j]) = (rr[0], rr[1], rr[2]);
        (a.h[j], a.v[j], a.d[j]) = (aa[0], aa[1], aa[2]);
    }
}

// ---------------------------------------------------------------------------------------------
// CSF
// ---------------------------------------------------------------------------------------------

/// Rounding constants and shifts of the scale-0 CSF (h, v, d); libvmaf's odd 65535 for d.
pub(crate) const CSF_S0_ADD: [i32; 3] = [16384, 16384, 65535];
pub(crate) const CSF_S0_SHIFT: [u32; 3] = [15, 15, 17];

/// The scale-0 CSF of one sample of band `b`: `(rfactor·x + c) >> s` wrapped to `i16`.
#[inline(always)]
pub(crate) fn csf_s0_val(x: i16, rf: i32, b: usize) -> i16 {
    (rf.wrapping_mul(x as i32).wrapping_add(CSF_S0_ADD[b]) >> CSF_S0_SHIFT[b]) as i16
}

/// The scale-0 masker `(4369·|c| + 2048) >> 12` wrapped to `i16`, widened.
#[inline(always)]
pub(crate) fn one_by_30_s0(c: i16) -> i32 {
    ((4369 * (c as i32).abs() + 2048) >> 12) as i16 as i32
}

/// The scale-0 threshold centre term `(8738·|c| + 2048) >> 12` wrapped to `i16`, widened.
#[inline(always)]
pub(crate) fn one_by_15_s0(c: i16) -> i32 {
    ((8738 * (c as i32).abs() + 2048) >> 12) as i16 as i32
}

/// CSF weighting at scale 0 (`adm_csf`) of one band row over `left..right`, reduced to what the
/// contrast masking reads: `fsum[j] = Σ_θ flt_θ[j]` and `own[j] = Σ_θ (centre_θ[j] − flt_θ[j])`
/// (32-bit wrapping), where `c = (rfactor·x + {16384, 16384, 65535}) >> {15, 15, 17}` (as `i16`),
/// the masker `flt = (4369·|c| + 2048) >> 12` and the centre term `(8738·|c| + 2048) >> 12`
/// (both as `i16`). The 3x3 masking threshold of libvmaf's `ADM_CM_THRESH_*` macros is then the
/// sum of `fsum` over the 3x3 window plus `own` at its centre (see [`cm_s0`]).
pub fn csf_s0(
    src: Hvd<'_, i16>,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) {
    let rf = rfactor.map(|r| r as i32);
    for j in left..right {
        let mut fs = 0i32;
        let mut ow = 0i32;
        for (b, x) in [src.h[j], src.v[j], src.d[j]].into_iter().enumerate() {
            let c = csf_s0_val(x, rf[b], b);
            let f = one_by_30_s0(c);
            fs = fs.wrapping_add(f);
            ow = ow.wrapping_add(one_by_15_s0(c)).wrapping_sub(f);
        }
        fsum[j] = fs;
        own[j] = ow;
    }
}

/// `(143165577·|c| - 2^31) >> 32` as `i32`: the scales-1..=3 masker. libvmaf's rounding constant
/// `1u << 31` is stored in an `int32_t` and so is *subtracted*; reproduced here.
#[inline(always)]
pub(crate) fn i4_one_by_30(c: i32) -> i32 {
    ((143_165_577i64 * c.wrapping_abs() as i64 - (1i64 << 31)) >> 32) as i32
}

/// `(286331153·|c| - 2^31) >> 32` as `i32`: the centre term of the scales-1..=3 threshold (same
/// negative rounding constant as [`i4_one_by_30`]).
#[inline(always)]
pub(crate) fn i4_one_by_15(c: i32) -> i32 {
    ((286_331_153i64 * c.wrapping_abs() as i64 - (1i64 << 31)) >> 32) as i32
}

/// The scales-1..=3 CSF of one sample: `(rfactor·x + 2^27) >> 28` as `i32`.
#[inline(always)]
pub(crate) fn csf_s123_val(x: i32, rf: u32) -> i32 {
    ((rf as i64).wrapping_mul(x as i64).wrapping_add(1 << 27) >> 28) as i32
}

/// CSF weighting at scales 1..=3 (`i4_adm_csf`) of one band row, reduced as in [`csf_s0`]:
/// `c = (rfactor·x + 2^27) >> 28`, masker `(143165577·|c| - 2^31) >> 32`, centre term
/// `(286331153·|c| - 2^31) >> 32`.
pub fn csf_s123(
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) {
    for j in left..right {
        let mut fs = 0i32;
        let mut ow = 0i32;
        for (b, x) in [src.h[j], src.v[j], src.d[j]].into_iter().enumerate() {
            let c = csf_s123_val(x, rfactor[b]);
            let f = i4_one_by_30(c);
            fs = fs.wrapping_add(f);
            ow = ow.wrapping_add(i4_one_by_15(c)).wrapping_sub(f);
        }
        fsum[j] = fs;
        own[j] = ow;
    }
}

// ---------------------------------------------------------------------------------------------
// Denominator
// ---------------------------------------------------------------------------------------------

/// Scale-0 denominator row sums (`adm_csf_den_scale`): per band, `Σ |o|³` over `left..right`
/// (wrapping `u64`). The caller rounds and shifts each row sum.
pub fn den_s0(src: Hvd<'_, i16>, left: usize, right: usize) -> [u64; 3] {
    [src.h, src.v, src.d].map(|band| {
        let mut inner = 0u64;
        for &x in &band[left..right] {
            let a = (x as i32).unsigned_abs() as u16 as u64;
            inner = inner.wrapping_add(a * a * a);
        }
        inner
    })
}

/// Squaring shifts of the scales-1..=3 denominator, {31, 30, 31} for scales {1, 2, 3}.
pub(crate) const DEN_S123_SHIFT_SQ: [u32; 3] = [31, 30, 31];

/// One term of the scales-1..=3 denominator: `((((o² + 2^S) >> S) · |o|) + 2^(c-1)) >> c`
/// (wrapping `u64`; libvmaf's rounding constant is `2^S`, not `2^(S-1)`).
#[inline(always)]
pub(crate) fn den_s123_term(x: i32, shift_sq: u32, cub_shift: u32) -> u64 {
    let a = x.unsigned_abs() as u64;
    let sq = (a * a).wrapping_add(1u64 << shift_sq) >> shift_sq;
    sq.wrapping_mul(a).wrapping_add(1u64 << (cub_shift - 1)) >> cub_shift
}

/// Scales-1..=3 denominator row sums (`adm_csf_den_s123`, `scale` in 1..=3): per band, the sum
/// of [`den_s123_term`] over `left..right` (wrapping `u64`).
pub fn den_s123(
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    scale: usize,
    cub_shift: u32,
) -> [u64; 3] {
    let shift_sq = DEN_S123_SHIFT_SQ[scale - 1];
    [src.h, src.v, src.d].map(|band| {
        let mut inner = 0u64;
        for &x in &band[left..right] {
            inner = inner.wrapping_add(den_s123_term(x, shift_sq, cub_shift));
        }
        inner
    })
}

// ---------------------------------------------------------------------------------------------
// Contrast masking
// ---------------------------------------------------------------------------------------------

/// Neighbour indices (before, after) of `k` in `0..n`: mirrored at 0 (`-1 → 1`), replicated at
/// `n-1`, as in libvmaf's `ADM_CM_THRESH_*` macros.
#[inline(always)]
pub fn nbr(k: usize, n: usize) -> (usize, usize) {
    (
        if k == 0 { 1 } else { k - 1 },
        if k + 1 == n { n - 1 } else { k + 1 },
    )
}

/// The masking threshold at column `j` of a row: the 3x3 window sum of `fsum` (rows up, mid,
/// down; columns by [`nbr`]) plus `own[j]`, with 32-bit wrapping adds. This equals libvmaf's
/// per-band `int32_t` window sums modulo 2^32, in any order.
#[inline(always)]
pub(crate) fn cm_thr(fsum: [&[i32]; 3], own: &[i32], w: usize, j: usize) -> i32 {
    let col = |k: usize| fsum[0][k].wrapping_add(fsum[1][k]).wrapping_add(fsum[2][k]);
    let (l, r) = nbr(j, w);
    col(l)
        .wrapping_add(col(j))
        .wrapping_add(col(r))
        .wrapping_add(own[j])
}

/// One scale-0 masking term: `x = max(|x| - sub, 0)` (32-bit wrapping), `x² = (x² + 2^(s-1)) >> s`
/// as `i32`, `(x²·x + add_cub) >> cub`.
#[inline(always)]
pub(crate) fn cm_s0_term(x: i32, sub: i32, shift_sq: u32, add_cub: i64, cub: u32) -> i64 {
    let x = x.wrapping_abs().wrapping_sub(sub).max(0);
    let add_sq = 1i64 << (shift_sq - 1);
    let x_sq = ((x as i64 * x as i64 + add_sq) >> shift_sq) as i32;
    (x_sq as i64 * x as i64 + add_cub) >> cub
}

/// The three scale-0 masking terms (h, v, d) of one sample with threshold `thr`.
#[inline(always)]
pub(crate) fn cm_s0_px(x: [i16; 3], thr: i32, rf: [i32; 3], shifts: CmShifts) -> [i64; 3] {
    let add_hv = 1i64 << (shifts.cub_hv - 1);
    let add_d = 1i64 << (shifts.cub_d - 1);
    let (s_hv, s_d) = (thr.wrapping_shl(10), thr.wrapping_shl(12));
    [
        cm_s0_term(
            (x[0] as i32).wrapping_mul(rf[0]),
            s_hv,
            29,
            add_hv,
            shifts.cub_hv,
        ),
        cm_s0_term(
            (x[1] as i32).wrapping_mul(rf[1]),
            s_hv,
            29,
            add_hv,
            shifts.cub_hv,
        ),
        cm_s0_term(
            (x[2] as i32).wrapping_mul(rf[2]),
            s_d,
            30,
            add_d,
            shifts.cub_d,
        ),
    ]
}

/// Contrast-masking row sums at scale 0 (`adm_cm`) over columns `left..right` of a band `w`
/// wide: for each sample the threshold [`cm_thr`] from the `fsum` rows (up, mid, down) and
/// `own`, then per band `x = rfactor·band` (Q27 h/v, Q29 d), `x = max(|x| - (thr << {10,10,12}),
/// 0)`, `x² = (x² + 2^(s-1)) >> s` with s = {29,29,30} (as `i32`), `val = (x²·x + round) >> cub`.
/// Returns the h, v, d sums of the row (wrapping `i64`); the caller rounds and shifts them.
#[allow(clippy::too_many_arguments)]
pub fn cm_s0(
    x: Hvd<'_, i16>,
    fsum: [&[i32]; 3],
    own: &[i32],
    w: usize,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let rf = rfactor.map(|r| r as i32);
    let mut acc = [0i64; 3];
    for j in left..right {
        let thr = cm_thr(fsum, own, w, j);
        let t = cm_s0_px([x.h[j], x.v[j], x.d[j]], thr, rf, shifts);
        for b in 0..3 {
            acc[b] = acc[b].wrapping_add(t[b]);
        }
    }
    acc
}

/// One scales-1..=3 masking term: `x = (rfactor·v + 2^27) >> 28`, `x = max(|x| - thr, 0)`,
/// `x² = (x² + 2^29) >> 30` (as `i32`), `(x²·x + add_cub) >> cub`.
#[inline(always)]
pub(crate) fn cm_s123_term(v: i32, rf: u32, thr: i32, add_cub: i64, cub: u32) -> i64 {
    let x = csf_s123_val(v, rf);
    let x = x.wrapping_abs().wrapping_sub(thr).max(0);
    let x_sq = ((x as i64 * x as i64 + (1 << 29)) >> 30) as i32;
    (x_sq as i64 * x as i64 + add_cub) >> cub
}

/// Contrast-masking row sums at scales 1..=3 (`i4_adm_cm`): as [`cm_s0`] with the terms of
/// [`cm_s123_term`] (no threshold shift; the cube shift is `shifts.cub_hv` for all bands).
#[allow(clippy::too_many_arguments)]
pub fn cm_s123(
    x: Hvd<'_, i32>,
    fsum: [&[i32]; 3],
    own: &[i32],
    w: usize,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let add_cub = 1i64 << (shifts.cub_hv - 1);
    let mut acc = [0i64; 3];
    for j in left..right {
        let thr = cm_thr(fsum, own, w, j);
        for (b, v) in [x.h[j], x.v[j], x.d[j]].into_iter().enumerate() {
            acc[b] = acc[b].wrapping_add(cm_s123_term(v, rfactor[b], thr, add_cub, shifts.cub_hv));
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s0_last_column_rule_follows_the_avx512_blocks() {
        // 8-bit: 32-column blocks. w = 321 -> half 161 (160 = 5·32): straight taps.
        for (w, hit) in [
            (321, true),
            (65, true),
            (66, true),
            (64, false),
            (67, false),
            (97, false),
        ] {
            assert_eq!(
                s0_last_column_unmirrored(w, AVX512_S0_BLOCK_8),
                hit,
                "8-bit w={w}"
            );
        }
        // 9..16-bit: 64-column blocks. w = 321 is mirrored there, w = 129/130/257 are not.
        for (w, hit) in [
            (321, false),
            (65, false),
            (129, true),
            (130, true),
            (257, true),
        ] {
            assert_eq!(
                s0_last_column_unmirrored(w, AVX512_S0_BLOCK_16),
                hit,
                "16-bit w={w}"
            );
        }
    }

    /// Runs one row of the scale-0 DWT on a `w`-wide 8-bit ramp-plus-noise picture; returns the
    /// a and v rows and the vertical low/high rows.
    fn s0_run(w: usize) -> (Vec<i16>, Vec<i16>, Vec<i16>, Vec<i16>) {
        let src: Vec<Vec<u8>> = (0..4)
            .map(|y| {
                (0..w)
                    .map(|x| (x * 3 + ((y * w + x) * 7919) % 23) as u8)
                    .collect()
            })
            .collect();
        let rows = [&src[0][..], &src[1][..], &src[2][..], &src[3][..]];
        let hw = w.div_ceil(2);
        let mut bands = vec![vec![0i16; hw]; 4];
        let mut tmp = vec![0i16; 2 * w];
        let [a, hb, v, d] = &mut bands[..] else {
            unreachable!()
        };
        dwt_s0_8(
            rows,
            [rows[2], rows[3]],
            &mut tmp,
            DwtRow { a, h: hb, v, d },
        );
        let (mut lo, mut hi) = (vec![0i16; w], vec![0i16; w]);
        s0_vertical(rows, 8, 0..w, &mut lo, Some(&mut hi));
        (bands[0].clone(), bands[2].clone(), lo, hi)
    }

    #[test]
    fn s0_last_column_reads_the_high_pass_row_past_the_edge() {
        // w = 65 (odd): taps 63, 64, 65, 66 -> lo[63], lo[64], hi[0], hi[1].
        let (a, v, lo, hi) = s0_run(65);
        let row = [lo[63], lo[64], hi[0], hi[1]];
        assert_eq!(a[32], s0_h(&row, [0, 1, 2, 3], &DB2_LO));
        assert_eq!(v[32], s0_h(&row, [0, 1, 2, 3], &DB2_HI));
        assert_ne!(
            a[32],
            s0_h(&lo, [63, 64, 64, 63], &DB2_LO),
            "content must show the rule"
        );
        // Every other column keeps the mirrored taps.
        assert_eq!(a[31], s0_h(&lo, [61, 62, 63, 64], &DB2_LO));
        // w = 66 (even): only the last tap (66) is past the edge -> hi[0].
        let (a, _, lo, hi) = s0_run(66);
        assert_eq!(
            a[32],
            s0_h(&[lo[63], lo[64], lo[65], hi[0]], [0, 1, 2, 3], &DB2_LO)
        );
        // w = 67: the vector loop stops before the last column, which is mirrored as in C.
        let (a, _, lo, _) = s0_run(67);
        assert_eq!(a[33], s0_h(&lo, [65, 66, 66, 65], &DB2_LO));
    }

    #[test]
    fn low_pass_only_rows_equal_the_full_dwt() {
        // With `last_col` the a-only kernels give the full DWT's `a` row, quirk included.
        for w in [5usize, 64, 65, 66, 67, 129, 130] {
            let rows: Vec<Vec<u8>> = (0..4)
                .map(|y| (0..w).map(|x| ((x * 37 + y * 101) % 251) as u8).collect())
                .collect();
            let rows = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
            let hw = w.div_ceil(2);
            let mut b = vec![vec![0i16; hw]; 5];
            let mut tmp = vec![0i16; 2 * w];
            let [a, h, v, d, lo] = &mut b[..] else {
                unreachable!()
            };
            dwt_s0_8(rows, [rows[2], rows[3]], &mut tmp, DwtRow { a, h, v, d });
            dwt_s0_lo_8(rows, [rows[2], rows[3]], true, &mut tmp, lo);
            assert_eq!(b[0], b[4], "w = {w}");
            let r16: Vec<Vec<u16>> = rows
                .iter()
                .map(|r| r.iter().map(|&x| (x as u16) << 2).collect())
                .collect();
            let r16 = [&r16[0][..], &r16[1][..], &r16[2][..], &r16[3][..]];
            let [a, h, v, d, lo] = &mut b[..] else {
                unreachable!()
            };
            dwt_s0_16(r16, [r16[2], r16[3]], 10, &mut tmp, DwtRow { a, h, v, d });
            dwt_s0_lo_16(r16, [r16[2], r16[3]], 10, true, &mut tmp, lo);
            assert_eq!(b[0], b[4], "16-bit w = {w}");
        }
    }

    #[test]
    fn taps_mirror_like_libvmaf() {
        let t: Vec<_> = (0..4).map(|j| taps(j, 7)).collect();
        assert_eq!(t, [[1, 0, 1, 2], [1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 6, 5]]);
        let t: Vec<_> = (0..3).map(|j| taps(j, 6)).collect();
        assert_eq!(t, [[1, 0, 1, 2], [1, 2, 3, 4], [3, 4, 5, 5]]);
    }

    #[test]
    fn cos_1deg_sq_is_the_f32_of_the_double_product() {
        let c = (std::f64::consts::PI / 180.0).cos();
        assert_eq!(COS_1DEG_SQ, (c * c) as f32);
    }

    #[test]
    fn i4_maskers_use_the_negative_rounding_constant() {
        // |c| < 15: libvmaf's masker is -1, not 0.
        assert_eq!(i4_one_by_30(0), -1);
        assert_eq!(i4_one_by_30(14), -1);
        assert_eq!(i4_one_by_30(-30), 0);
        assert_eq!(i4_one_by_15(0), -1);
        assert_eq!(i4_one_by_15(15), 0);
    }

    #[test]
    fn cm_threshold_equals_the_macro_window() {
        // Thresholds from fsum/own equal the direct 3x3 window of libvmaf's macros (per band:
        // 8 neighbour maskers + the centre term), including the mirrored (top/left) and
        // replicated (bottom/right) edges.
        let (w, h) = (5usize, 4usize);
        let mut seed = 12345u32;
        let mut v = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as i16
        };
        let bands: Vec<Vec<i16>> = (0..3).map(|_| (0..w * h).map(|_| v()).collect()).collect();
        let rf = [30000u16, 41000, 65535];
        let mut fsum = vec![vec![0i32; w]; h];
        let mut own = vec![vec![0i32; w]; h];
        for i in 0..h {
            let row = |b: usize| &bands[b][i * w..(i + 1) * w];
            let src = Hvd {
                h: row(0),
                v: row(1),
                d: row(2),
            };
            csf_s0(src, 0, w, rf, &mut fsum[i], &mut own[i]);
        }
        let c = |b: usize, y: usize, x: usize| csf_s0_val(bands[b][y * w + x], rf[b] as i32, b);
        for i in 0..h {
            let (up, dn) = nbr(i, h);
            for j in 0..w {
                let got = cm_thr([&fsum[up], &fsum[i], &fsum[dn]], &own[i], w, j);
                let (lf, rt) = nbr(j, w);
                let mut want = 0i32;
                for b in 0..3 {
                    let f = |y: usize, x: usize| one_by_30_s0(c(b, y, x));
                    want += f(up, lf) + f(up, j) + f(up, rt) + f(i, lf);
                    want += one_by_15_s0(c(b, i, j)) + f(i, rt);
                    want += f(dn, lf) + f(dn, j) + f(dn, rt);
                }
                assert_eq!(got, want, "({i}, {j})");
            }
        }
    }
}
