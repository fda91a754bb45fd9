//! Scalar reference kernels of integer ADM: the exact integer arithmetic of libvmaf's
//! `integer_adm.c`, written as plain safe loops. Every vector twin must equal these bit for bit.

use super::{CmShifts, DB2_HI, DB2_LO, DB2_LO_SUM, DIV_LOOKUP, DwtGeom, DwtOut, Hvd, HvdMut, Rect};

// ---------------------------------------------------------------------------------------------
// DWT
// ---------------------------------------------------------------------------------------------

/// Vertical pass of the scale-0 DWT for output row `i`: low- and high-pass of every column into
/// `lo` and `hi`, with the DC offset `DB2_LO_SUM * 2^(shift-1)` removed from the low-pass and a
/// rounding shift by `shift` (8 for 8-bit input, the bit depth otherwise). The 32-bit sums may
/// wrap for 16-bit input exactly as libvmaf's `int32_t` accumulator does; the final value fits.
#[inline(always)]
fn s0_vertical<T: Copy + Into<u32>>(
    src: &[T],
    g: &DwtGeom<'_>,
    i: usize,
    shift: u32,
    lo: &mut [i16],
    hi: Option<&mut [i16]>,
) {
    let add = 1i32 << (shift - 1);
    let dc = DB2_LO_SUM.wrapping_mul(add);
    let [y0, y1, y2, y3] = g.taps_y[i];
    let r0 = &src[y0 * g.src_stride..y0 * g.src_stride + g.w];
    let r1 = &src[y1 * g.src_stride..y1 * g.src_stride + g.w];
    let r2 = &src[y2 * g.src_stride..y2 * g.src_stride + g.w];
    let r3 = &src[y3 * g.src_stride..y3 * g.src_stride + g.w];
    let lo = &mut lo[..g.w];
    for j in 0..g.w {
        let s = [
            r0[j].into() as i32,
            r1[j].into() as i32,
            r2[j].into() as i32,
            r3[j].into() as i32,
        ];
        let acc = DB2_LO[0]
            .wrapping_mul(s[0])
            .wrapping_add(DB2_LO[1].wrapping_mul(s[1]))
            .wrapping_add(DB2_LO[2].wrapping_mul(s[2]))
            .wrapping_add(DB2_LO[3].wrapping_mul(s[3]))
            .wrapping_sub(dc);
        lo[j] = (acc.wrapping_add(add) >> shift) as i16;
    }
    if let Some(hi) = hi {
        let hi = &mut hi[..g.w];
        for j in 0..g.w {
            let s = [
                r0[j].into() as i32,
                r1[j].into() as i32,
                r2[j].into() as i32,
                r3[j].into() as i32,
            ];
            let acc = DB2_HI[0]
                .wrapping_mul(s[0])
                .wrapping_add(DB2_HI[1].wrapping_mul(s[1]))
                .wrapping_add(DB2_HI[2].wrapping_mul(s[2]))
                .wrapping_add(DB2_HI[3].wrapping_mul(s[3]));
            hi[j] = (acc.wrapping_add(add) >> shift) as i16;
        }
    }
}

/// One horizontal filter tap set on an `i16` row, 32-bit sum, `(sum + 2^15) >> 16`.
#[inline(always)]
fn s0_h(row: &[i16], t: [usize; 4], f: &[i32; 4]) -> i16 {
    let acc = f[0] * row[t[0]] as i32
        + f[1] * row[t[1]] as i32
        + f[2] * row[t[2]] as i32
        + f[3] * row[t[3]] as i32;
    (acc.wrapping_add(32768) >> 16) as i16
}

/// Output blocks of libvmaf's AVX-512 scale-0 horizontal pass: 32 columns per iteration for
/// 8-bit input (`adm_dwt2_8_avx512`), 64 for 9..16-bit input (`adm_dwt2_16_avx512`).
const AVX512_S0_BLOCK_8: usize = 32;
const AVX512_S0_BLOCK_16: usize = 64;

/// Whether libvmaf's AVX-512 scale-0 horizontal pass computes the last output column in its
/// vector loop, i.e. without mirroring the taps that fall past the right edge. Its vector loop
/// covers columns `1 ..= 1 + block·k - 1` with `block·k = (half_w - 1) - (half_w - 1) % block`,
/// so it reaches the last column exactly when `(half_w - 1) % block == 0`.
#[inline(always)]
fn s0_last_column_unmirrored(w: usize, block: usize) -> bool {
    let half_w = w.div_ceil(2);
    half_w > 1 && (half_w - 1) % block == 0
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

#[inline(always)]
fn dwt2_s0<T: Copy + Into<u32>>(
    src: &[T],
    shift: u32,
    block: usize,
    g: &DwtGeom<'_>,
    tmp: &mut [i16],
    out: DwtOut<'_, i16>,
) {
    let (lo, rest) = tmp.split_at_mut(g.w);
    let hi = &mut rest[..g.w];
    let half_w = g.w.div_ceil(2);
    let unmirrored = s0_last_column_unmirrored(g.w, block);
    for i in 0..g.h.div_ceil(2) {
        s0_vertical(src, g, i, shift, lo, Some(&mut *hi));
        let o = i * g.dst_stride;
        for (j, &t) in g.taps_x.iter().enumerate().take(half_w) {
            out.a[o + j] = s0_h(lo, t, &DB2_LO);
            out.v[o + j] = s0_h(lo, t, &DB2_HI);
            out.h[o + j] = s0_h(hi, t, &DB2_LO);
            out.d[o + j] = s0_h(hi, t, &DB2_HI);
        }
        if unmirrored {
            // libvmaf's x86 AVX-512 build (the reference output) filters the last column with
            // the straight taps 2j-1 ..= 2j+2; the one or two past the edge read the start of
            // the high-pass row. Only `a` (the next scale's input) and `v` are affected that
            // way; `h` and `d` would read stale scratch memory there, but the last column of
            // those bands never reaches a score (see docs/features/adm.md), so they keep the
            // mirrored value.
            let j = half_w - 1;
            let c = 2 * j;
            let row = [
                lo_unmirrored(lo, hi, c - 1),
                lo_unmirrored(lo, hi, c),
                lo_unmirrored(lo, hi, c + 1),
                lo_unmirrored(lo, hi, c + 2),
            ];
            out.a[o + j] = s0_h(&row, [0, 1, 2, 3], &DB2_LO);
            out.v[o + j] = s0_h(&row, [0, 1, 2, 3], &DB2_HI);
        }
    }
}

#[inline(always)]
fn dwt2_s0_lo<T: Copy + Into<u32>>(
    src: &[T],
    shift: u32,
    g: &DwtGeom<'_>,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    let lo = &mut tmp[..g.w];
    let half_w = g.w.div_ceil(2);
    for i in 0..g.h.div_ceil(2) {
        s0_vertical(src, g, i, shift, lo, None);
        let o = i * g.dst_stride;
        for (j, &t) in g.taps_x.iter().enumerate().take(half_w) {
            a[o + j] = s0_h(lo, t, &DB2_LO);
        }
    }
}

/// Scale-0 DWT of an 8-bit picture (`adm_dwt2_8`; the last column as `adm_dwt2_8_avx512` computes
/// it when `(ceil(w/2) - 1) % 32 == 0`). `tmp` holds at least `2 * w` samples.
pub fn dwt2_s0_8(src: &[u8], g: &DwtGeom<'_>, tmp: &mut [i16], out: DwtOut<'_, i16>) {
    dwt2_s0(src, 8, AVX512_S0_BLOCK_8, g, tmp, out);
}

/// Scale-0 DWT of a 9..16-bit picture (`adm_dwt2_16`, vertical shift = `bpc`; the last column as
/// `adm_dwt2_16_avx512` computes it when `(ceil(w/2) - 1) % 64 == 0`).
pub fn dwt2_s0_16(src: &[u16], bpc: u32, g: &DwtGeom<'_>, tmp: &mut [i16], out: DwtOut<'_, i16>) {
    dwt2_s0(src, bpc, AVX512_S0_BLOCK_16, g, tmp, out);
}

/// Scale-0 low-pass band only, 8-bit picture (`adm_dwt2_8_lo`). `tmp` holds at least `w` samples.
pub fn dwt2_s0_lo_8(src: &[u8], g: &DwtGeom<'_>, tmp: &mut [i16], a: &mut [i16]) {
    dwt2_s0_lo(src, 8, g, tmp, a);
}

/// Scale-0 low-pass band only, 9..16-bit picture (`adm_dwt2_16_lo`).
pub fn dwt2_s0_lo_16(src: &[u16], bpc: u32, g: &DwtGeom<'_>, tmp: &mut [i16], a: &mut [i16]) {
    dwt2_s0_lo(src, bpc, g, tmp, a);
}

#[inline(always)]
fn s123_tap(s: [i32; 4], f: &[i32; 4]) -> i64 {
    f[0] as i64 * s[0] as i64
        + f[1] as i64 * s[1] as i64
        + f[2] as i64 * s[2] as i64
        + f[3] as i64 * s[3] as i64
}

/// DWT of scale 1, 2 or 3 on the previous scale's low-pass band (`adm_dwt2_s123_combined`, one
/// picture). 64-bit sums; vertical shift {0, 16, 16} and horizontal shift {15, 16, 15} for scales
/// {1, 2, 3}, each with round-half-up. `tmp` holds at least `2 * w` samples.
pub fn dwt2_s123(
    src: &[i32],
    scale: usize,
    g: &DwtGeom<'_>,
    tmp: &mut [i32],
    out: DwtOut<'_, i32>,
) {
    const ADD_V: [i64; 3] = [0, 32768, 32768];
    const SHIFT_V: [u32; 3] = [0, 16, 16];
    const ADD_H: [i64; 3] = [16384, 32768, 16384];
    const SHIFT_H: [u32; 3] = [15, 16, 15];
    let (add_v, shift_v) = (ADD_V[scale - 1], SHIFT_V[scale - 1]);
    let (add_h, shift_h) = (ADD_H[scale - 1], SHIFT_H[scale - 1]);
    let (lo, rest) = tmp.split_at_mut(g.w);
    let hi = &mut rest[..g.w];
    let half_w = g.w.div_ceil(2);
    for i in 0..g.h.div_ceil(2) {
        let [y0, y1, y2, y3] = g.taps_y[i];
        let r0 = &src[y0 * g.src_stride..y0 * g.src_stride + g.w];
        let r1 = &src[y1 * g.src_stride..y1 * g.src_stride + g.w];
        let r2 = &src[y2 * g.src_stride..y2 * g.src_stride + g.w];
        let r3 = &src[y3 * g.src_stride..y3 * g.src_stride + g.w];
        for j in 0..g.w {
            let s = [r0[j], r1[j], r2[j], r3[j]];
            lo[j] = ((s123_tap(s, &DB2_LO) + add_v) >> shift_v) as i32;
            hi[j] = ((s123_tap(s, &DB2_HI) + add_v) >> shift_v) as i32;
        }
        let o = i * g.dst_stride;
        for (j, &[x0, x1, x2, x3]) in g.taps_x.iter().enumerate().take(half_w) {
            let sl = [lo[x0], lo[x1], lo[x2], lo[x3]];
            let sh = [hi[x0], hi[x1], hi[x2], hi[x3]];
            out.a[o + j] = ((s123_tap(sl, &DB2_LO) + add_h) >> shift_h) as i32;
            out.v[o + j] = ((s123_tap(sl, &DB2_HI) + add_h) >> shift_h) as i32;
            out.h[o + j] = ((s123_tap(sh, &DB2_LO) + add_h) >> shift_h) as i32;
            out.d[o + j] = ((s123_tap(sh, &DB2_HI) + add_h) >> shift_h) as i32;
        }
    }
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
fn angle_flag(ot_dp: i64, o_mag_sq: i64, t_mag_sq: i64) -> bool {
    let dp = ot_dp as f32 as f64 / 4096.0;
    dp >= 0.0
        && dp * dp
            >= COS_1DEG_SQ as f64
                * (o_mag_sq as f32 as f64 / 4096.0)
                * (t_mag_sq as f32 as f64 / 4096.0)
}

/// Applies the enhancement-gain clamp of libvmaf's decoupling to a restored value `rst`:
/// when the angle test passed and `k·o` is positive, `min(rst·egl, t)`; when negative,
/// `max(rst·egl, t)`; the `f64` result truncated toward zero (always in range of `t` or `rst·egl`).
#[inline(always)]
fn gain_clamp(rst: i64, t: i64, k: i64, o: i64, angle: bool, egl: f64) -> i64 {
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

/// Decoupling at scale 0 (`adm_decouple`) over `rect`: `k = clip(t/o, 0, 1)` in Q15 through the
/// reciprocal table, `r = k·o` (Q15 rounding), the gain clamp, and `a = t - r`.
pub fn decouple_s0(
    rf: Hvd<'_, i16>,
    dis: Hvd<'_, i16>,
    stride: usize,
    rect: Rect,
    egl: f64,
    r: HvdMut<'_, i16>,
    a: HvdMut<'_, i16>,
) {
    #[inline(always)]
    fn k_of(o: i16, t: i16) -> i64 {
        if o == 0 {
            return 32768;
        }
        let q = ((DIV_LOOKUP[(o as i32 + 32768) as usize] as i64 * t as i64) + 16384) >> 15;
        // libvmaf stores the quotient in an int32 before clamping.
        (q as i32).clamp(0, 32768) as i64
    }
    for i in rect.top..rect.bottom {
        for j in rect.left..rect.right {
            let p = i * stride + j;
            let (oh, ov, od) = (rf.h[p], rf.v[p], rf.d[p]);
            let (th, tv, td) = (dis.h[p], dis.v[p], dis.d[p]);
            let ot_dp = oh as i64 * th as i64 + ov as i64 * tv as i64;
            let o_mag_sq = oh as i64 * oh as i64 + ov as i64 * ov as i64;
            let t_mag_sq = th as i64 * th as i64 + tv as i64 * tv as i64;
            let angle = angle_flag(ot_dp, o_mag_sq, t_mag_sq);
            for (o, t, rr, aa) in [
                (oh, th, &mut r.h[p], &mut a.h[p]),
                (ov, tv, &mut r.v[p], &mut a.v[p]),
                (od, td, &mut r.d[p], &mut a.d[p]),
            ] {
                let k = k_of(o, t);
                let rst = ((k * o as i64 + 16384) >> 15) as i16 as i64;
                let rst = gain_clamp(rst, t as i64, k, o as i64, angle, egl) as i32 as i16;
                *rr = rst;
                *aa = (t as i32 - rst as i32) as i16;
            }
        }
    }
}

/// Decoupling at scales 1..=3 (`adm_decouple_s123`): as [`decouple_s0`] on 32-bit bands, with
/// references of magnitude >= 2^15 first reduced to 15 significant bits (`get_best15_from32`).
pub fn decouple_s123(
    rf: Hvd<'_, i32>,
    dis: Hvd<'_, i32>,
    stride: usize,
    rect: Rect,
    egl: f64,
    r: HvdMut<'_, i32>,
    a: HvdMut<'_, i32>,
) {
    #[inline(always)]
    fn k_of(o: i32, t: i32) -> i64 {
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
    for i in rect.top..rect.bottom {
        for j in rect.left..rect.right {
            let p = i * stride + j;
            let (oh, ov, od) = (rf.h[p], rf.v[p], rf.d[p]);
            let (th, tv, td) = (dis.h[p], dis.v[p], dis.d[p]);
            let ot_dp = (oh as i64 * th as i64).wrapping_add(ov as i64 * tv as i64);
            let o_mag_sq = (oh as i64 * oh as i64).wrapping_add(ov as i64 * ov as i64);
            let t_mag_sq = (th as i64 * th as i64).wrapping_add(tv as i64 * tv as i64);
            let angle = angle_flag(ot_dp, o_mag_sq, t_mag_sq);
            for (o, t, rr, aa) in [
                (oh, th, &mut r.h[p], &mut a.h[p]),
                (ov, tv, &mut r.v[p], &mut a.v[p]),
                (od, td, &mut r.d[p], &mut a.d[p]),
            ] {
                let k = k_of(o, t);
                let rst = ((k * o as i64 + 16384) >> 15) as i32 as i64;
                let rst = gain_clamp(rst, t as i64, k, o as i64, angle, egl) as i32;
                *rr = rst;
                *aa = t.wrapping_sub(rst);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSF
// ---------------------------------------------------------------------------------------------

/// CSF weighting at scale 0 (`adm_csf`) over `rect`: `dst = (rfactor·src + c) >> s` with
/// `(c, s)` = (16384, 15) for h and v and (65535, 17) for d (libvmaf's odd constant), stored as
/// `i16`; `flt = (4369·|dst| + 2048) >> 12` stored as `i16` (both casts wrap as in C).
pub fn csf_s0(
    src: Hvd<'_, i16>,
    stride: usize,
    rect: Rect,
    rfactor: [u16; 3],
    dst: HvdMut<'_, i16>,
    flt: HvdMut<'_, i16>,
) {
    const ADD: [i32; 3] = [16384, 16384, 65535];
    const SHIFT: [u32; 3] = [15, 15, 17];
    let bands = [
        (src.h, dst.h, flt.h),
        (src.v, dst.v, flt.v),
        (src.d, dst.d, flt.d),
    ];
    for (theta, (s, d, f)) in bands.into_iter().enumerate() {
        let rf = rfactor[theta] as i32;
        for i in rect.top..rect.bottom {
            let o = i * stride;
            for j in rect.left..rect.right {
                let v = rf.wrapping_mul(s[o + j] as i32);
                let c = (v.wrapping_add(ADD[theta]) >> SHIFT[theta]) as i16;
                d[o + j] = c;
                f[o + j] = ((4369 * (c as i32).abs() + 2048) >> 12) as i16;
            }
        }
    }
}

/// `(143165577·|c| - 2^31) >> 32` as `i32`: the scales-1..=3 masker. libvmaf's rounding constant
/// `1u << 31` is stored in an `int32_t` and so is *subtracted*; reproduced here.
#[inline(always)]
fn i4_one_by_30(c: i32) -> i32 {
    ((143_165_577i64 * c.wrapping_abs() as i64 - (1i64 << 31)) >> 32) as i32
}

/// `(286331153·|c| - 2^31) >> 32` as `i32`: the centre term of the scales-1..=3 threshold (same
/// negative rounding constant as [`i4_one_by_30`]).
#[inline(always)]
fn i4_one_by_15(c: i32) -> i32 {
    ((286_331_153i64 * c.wrapping_abs() as i64 - (1i64 << 31)) >> 32) as i32
}

/// CSF weighting at scales 1..=3 (`i4_adm_csf`): `dst = (rfactor·src + 2^27) >> 28`,
/// `flt = (143165577·|dst| - 2^31) >> 32`.
pub fn csf_s123(
    src: Hvd<'_, i32>,
    stride: usize,
    rect: Rect,
    rfactor: [u32; 3],
    dst: HvdMut<'_, i32>,
    flt: HvdMut<'_, i32>,
) {
    let bands = [
        (src.h, dst.h, flt.h),
        (src.v, dst.v, flt.v),
        (src.d, dst.d, flt.d),
    ];
    for (theta, (s, d, f)) in bands.into_iter().enumerate() {
        let rf = rfactor[theta] as i64;
        for i in rect.top..rect.bottom {
            let o = i * stride;
            for j in rect.left..rect.right {
                let c = (rf.wrapping_mul(s[o + j] as i64).wrapping_add(1 << 27) >> 28) as i32;
                d[o + j] = c;
                f[o + j] = i4_one_by_30(c);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Denominator
// ---------------------------------------------------------------------------------------------

/// Scale-0 denominator sums (`adm_csf_den_scale`): per band, `Σ_rows ((Σ_row |o|³) + round) >> s`
/// with `s = row_shift` (round = `2^(s-1)`, or 0 when `s = 0`), in wrapping `u64`.
pub fn den_s0(src: Hvd<'_, i16>, stride: usize, rect: Rect, row_shift: u32) -> [u64; 3] {
    let add = if row_shift > 0 {
        1u64 << (row_shift - 1)
    } else {
        0
    };
    let mut out = [0u64; 3];
    for (acc, band) in out.iter_mut().zip([src.h, src.v, src.d]) {
        for i in rect.top..rect.bottom {
            let row = &band[i * stride + rect.left..i * stride + rect.right];
            let mut inner = 0u64;
            for &x in row {
                let a = (x as i32).unsigned_abs() as u16 as u64;
                inner = inner.wrapping_add(a * a * a);
            }
            *acc = acc.wrapping_add(inner.wrapping_add(add) >> row_shift);
        }
    }
    out
}

/// Scales-1..=3 denominator sums (`adm_csf_den_s123`): per sample
/// `((((o² + 2^S) >> S) · |o|) + 2^(c-1)) >> c` with `S` = {31, 30, 31} for scales {1, 2, 3} —
/// libvmaf's rounding constant is `2^S`, not `2^(S-1)` — and `c = cub_shift`; per row
/// `(Σ + 2^(r-1)) >> r` with `r = row_shift`.
pub fn den_s123(
    src: Hvd<'_, i32>,
    stride: usize,
    rect: Rect,
    scale: usize,
    cub_shift: u32,
    row_shift: u32,
) -> [u64; 3] {
    const SHIFT_SQ: [u32; 3] = [31, 30, 31];
    let shift_sq = SHIFT_SQ[scale - 1];
    let add_sq = 1u64 << shift_sq;
    let add_cub = 1u64 << (cub_shift - 1);
    let add_row = 1u64 << (row_shift - 1);
    let mut out = [0u64; 3];
    for (acc, band) in out.iter_mut().zip([src.h, src.v, src.d]) {
        for i in rect.top..rect.bottom {
            let row = &band[i * stride + rect.left..i * stride + rect.right];
            let mut inner = 0u64;
            for &x in row {
                let a = x.unsigned_abs() as u64;
                let sq = (a * a).wrapping_add(add_sq) >> shift_sq;
                inner = inner.wrapping_add(sq.wrapping_mul(a).wrapping_add(add_cub) >> cub_shift);
            }
            *acc = acc.wrapping_add(inner.wrapping_add(add_row) >> row_shift);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Contrast masking
// ---------------------------------------------------------------------------------------------

/// The rows (or columns) libvmaf's `adm_cm` visits in a band of length `n` whose score region is
/// `lo..hi`: index 0 when the region reaches the edge, `max(lo,1)..min(hi,n-1)`, and `n-1` when the
/// region reaches the far edge. Returned as (first-edge, middle range, last-edge).
#[inline(always)]
fn cm_span(lo: usize, hi: usize, n: usize) -> (bool, std::ops::Range<usize>, bool) {
    (lo == 0, lo.max(1)..hi.min(n - 1), hi > n - 1)
}

/// The score region of a band of size `n` (`(int)(n·0.1 - 0.5)` on each side).
#[inline(always)]
fn score_span(n: usize) -> (usize, usize) {
    let b = (n as f64 * 0.1 - 0.5) as i32;
    let b = b.max(0) as usize;
    (b, n - b)
}

/// Neighbour indices (before, after) of `k` in `0..n`: mirrored at 0 (`-1 → 1`), replicated at
/// `n-1`, as in libvmaf's `ADM_CM_THRESH_*` macros.
#[inline(always)]
fn nbr(k: usize, n: usize) -> (usize, usize) {
    (
        if k == 0 { 1 } else { k - 1 },
        if k + 1 == n { n - 1 } else { k + 1 },
    )
}

/// Visits every sample of the contrast-masking region in libvmaf's order with its masking
/// threshold: `f(Some((index, thr)))` per sample, `f(None)` after each row group (the first-edge
/// row, each middle row, the last-edge row; libvmaf also closes an empty group where an edge row
/// is absent, which adds nothing).
///
/// The threshold of libvmaf's `ADM_CM_THRESH_*` macros is, summed over the three bands, the 3x3
/// window of maskers `flt` around the sample with the centre replaced by `centre(csf)`. It is
/// computed here as (sum of three column sums) − centre masker + centre term, with 32-bit wrapping
/// adds: the same value modulo 2^32 as libvmaf's per-band `int32_t` sums, in any order.
#[inline(always)]
fn cm_visit<T: Copy + Into<i32>>(
    csf: Hvd<'_, T>,
    flt: Hvd<'_, T>,
    stride: usize,
    w: usize,
    h: usize,
    centre: impl Fn(T) -> i32,
    mut f: impl FnMut(Option<(usize, i32)>),
) {
    let (l, r) = score_span(w);
    let (t, b) = score_span(h);
    let (c0, cmid, c1) = cm_span(l, r, w);
    let (r0, rmid, r1) = cm_span(t, b, h);
    let fl = [flt.h, flt.v, flt.d];
    let cs = [csf.h, csf.v, csf.d];
    let row = |i: usize, f: &mut dyn FnMut(Option<(usize, i32)>)| {
        let (up, down) = nbr(i, h);
        let (ou, om, od) = (up * stride, i * stride, down * stride);
        let col = |j: usize| -> i32 {
            let mut s = 0i32;
            for b in &fl {
                s = s
                    .wrapping_add(b[ou + j].into())
                    .wrapping_add(b[om + j].into())
                    .wrapping_add(b[od + j].into());
            }
            s
        };
        let own = |j: usize| -> i32 {
            let mut s = 0i32;
            for k in 0..3 {
                s = s
                    .wrapping_add(centre(cs[k][om + j]))
                    .wrapping_sub(fl[k][om + j].into());
            }
            s
        };
        let edge = |j: usize| -> i32 {
            let (a, c) = nbr(j, w);
            col(a)
                .wrapping_add(col(j))
                .wrapping_add(col(c))
                .wrapping_add(own(j))
        };
        if c0 {
            f(Some((om, edge(0))));
        }
        if !cmid.is_empty() {
            let (mut prev, mut cur) = (col(cmid.start - 1), col(cmid.start));
            for j in cmid.clone() {
                let next = col(j + 1);
                f(Some((
                    om + j,
                    prev.wrapping_add(cur)
                        .wrapping_add(next)
                        .wrapping_add(own(j)),
                )));
                (prev, cur) = (cur, next);
            }
        }
        if c1 {
            f(Some((om + w - 1, edge(w - 1))));
        }
    };
    if r0 {
        row(0, &mut f);
    }
    f(None);
    for i in rmid {
        row(i, &mut f);
        f(None);
    }
    if r1 {
        row(h - 1, &mut f);
    }
    f(None);
}

/// Contrast-masking sums at scale 0 (`adm_cm`): for each sample of the score region, the masking
/// threshold `thr = Σ_θ [Σ_8 neighbours flt_θ + (8738·|csf_θ| + 2048) >> 12]` (the centre term
/// wrapped to `i16`), then for each band `x = rfactor·band` (Q27 h/v, Q29 d),
/// `x = max(|x| - (thr << {10,10,12}), 0)`, `x² = (x² + 2^(s-1)) >> s` with s = {29,29,30} (as
/// `i32`), `val = (x²·x + round) >> cub` and row sums `>> row`. Returns the h, v, d sums.
#[allow(clippy::too_many_arguments)]
pub fn cm_s0(
    x: Hvd<'_, i16>,
    csf: Hvd<'_, i16>,
    flt: Hvd<'_, i16>,
    stride: usize,
    w: usize,
    h: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let add_cub_hv = 1i64 << (shifts.cub_hv - 1);
    let add_cub_d = 1i64 << (shifts.cub_d - 1);
    let add_row = 1i64 << (shifts.row - 1);
    let rf = [rfactor[0] as i32, rfactor[1] as i32, rfactor[2] as i32];
    let mut acc = [0i64; 3];
    let mut inner = [0i64; 3];

    #[inline(always)]
    fn term(x: i32, sub: i32, shift_sq: u32, add_cub: i64, cub: u32) -> i64 {
        let x = x.wrapping_abs().wrapping_sub(sub).max(0);
        let add_sq = 1i64 << (shift_sq - 1);
        let x_sq = ((x as i64 * x as i64 + add_sq) >> shift_sq) as i32;
        (x_sq as i64 * x as i64 + add_cub) >> cub
    }

    let centre = |c: i16| ((8738 * (c as i32).abs() + 2048) >> 12) as i16 as i32;
    cm_visit(csf, flt, stride, w, h, centre, |ev| {
        let Some((p, thr)) = ev else {
            for k in 0..3 {
                acc[k] = acc[k].wrapping_add(inner[k].wrapping_add(add_row) >> shifts.row);
                inner[k] = 0;
            }
            return;
        };
        let (s_hv, s_d) = (thr.wrapping_shl(10), thr.wrapping_shl(12));
        let th = term(
            (x.h[p] as i32).wrapping_mul(rf[0]),
            s_hv,
            29,
            add_cub_hv,
            shifts.cub_hv,
        );
        let tv = term(
            (x.v[p] as i32).wrapping_mul(rf[1]),
            s_hv,
            29,
            add_cub_hv,
            shifts.cub_hv,
        );
        let td = term(
            (x.d[p] as i32).wrapping_mul(rf[2]),
            s_d,
            30,
            add_cub_d,
            shifts.cub_d,
        );
        inner[0] = inner[0].wrapping_add(th);
        inner[1] = inner[1].wrapping_add(tv);
        inner[2] = inner[2].wrapping_add(td);
    });
    acc
}

/// Contrast-masking sums at scales 1..=3 (`i4_adm_cm`): threshold with 32-bit maskers and centre
/// term `(286331153·|csf| - 2^31) >> 32`; per band `x = (rfactor·band + 2^27) >> 28`,
/// `x = max(|x| - thr, 0)`, `x² = (x² + 2^29) >> 30` (as `i32`), `val = (x²·x + round) >> cub`,
/// rows `>> row`. Returns the h, v, d sums.
#[allow(clippy::too_many_arguments)]
pub fn cm_s123(
    x: Hvd<'_, i32>,
    csf: Hvd<'_, i32>,
    flt: Hvd<'_, i32>,
    stride: usize,
    w: usize,
    h: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let add_cub = 1i64 << (shifts.cub_hv - 1);
    let add_row = 1i64 << (shifts.row - 1);
    let rf = [rfactor[0] as i64, rfactor[1] as i64, rfactor[2] as i64];
    let mut acc = [0i64; 3];
    let mut inner = [0i64; 3];

    #[inline(always)]
    fn term(v: i32, rf: i64, thr: i32, add_cub: i64, cub: u32) -> i64 {
        let x = ((v as i64).wrapping_mul(rf).wrapping_add(1 << 27) >> 28) as i32;
        let x = x.wrapping_abs().wrapping_sub(thr).max(0);
        let x_sq = ((x as i64 * x as i64 + (1 << 29)) >> 30) as i32;
        (x_sq as i64 * x as i64 + add_cub) >> cub
    }

    cm_visit(csf, flt, stride, w, h, i4_one_by_15, |ev| {
        let Some((p, thr)) = ev else {
            for k in 0..3 {
                acc[k] = acc[k].wrapping_add(inner[k].wrapping_add(add_row) >> shifts.row);
                inner[k] = 0;
            }
            return;
        };
        inner[0] = inner[0].wrapping_add(term(x.h[p], rf[0], thr, add_cub, shifts.cub_hv));
        inner[1] = inner[1].wrapping_add(term(x.v[p], rf[1], thr, add_cub, shifts.cub_hv));
        inner[2] = inner[2].wrapping_add(term(x.d[p], rf[2], thr, add_cub, shifts.cub_d));
    });
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

    /// Runs the scale-0 DWT on a `w`x6 8-bit ramp-plus-noise picture; returns the a and v bands
    /// and the vertical low/high rows of output row 0.
    fn s0_run(w: usize) -> (Vec<i16>, Vec<i16>, Vec<i16>, Vec<i16>) {
        let h = 6;
        let src: Vec<u8> = (0..w * h)
            .map(|i| ((i % w) * 3 + (i * 7919) % 23) as u8)
            .collect();
        let (hw, hh) = (w.div_ceil(2), h.div_ceil(2));
        let mut tx = vec![[0; 4]; hw];
        let mut ty = vec![[0; 4]; hh];
        crate::adm::dwt_taps(w, &mut tx);
        crate::adm::dwt_taps(h, &mut ty);
        let g = DwtGeom {
            w,
            h,
            src_stride: w,
            dst_stride: hw,
            taps_y: &ty,
            taps_x: &tx,
        };
        let mut bands = vec![vec![0i16; hw * hh]; 4];
        let mut tmp = vec![0i16; 2 * w];
        let [a, hb, v, d] = &mut bands[..] else {
            unreachable!()
        };
        dwt2_s0_8(&src, &g, &mut tmp, DwtOut { a, h: hb, v, d });
        let (mut lo, mut hi) = (vec![0i16; w], vec![0i16; w]);
        s0_vertical(&src, &g, 0, 8, &mut lo, Some(&mut hi));
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
    fn cm_visit_covers_edges_of_small_bands() {
        // w = 3: the score region is the whole band, so columns 0, 1 and w-1 are all visited.
        let z = [0i16; 9];
        let hvd = Hvd {
            h: &z[..],
            v: &z[..],
            d: &z[..],
        };
        let mut seen = Vec::new();
        let mut groups = 0;
        cm_visit(
            hvd,
            hvd,
            3,
            3,
            3,
            |_| 0,
            |ev| match ev {
                Some((p, _)) => seen.push(p),
                None => groups += 1,
            },
        );
        assert_eq!(seen, (0..9).collect::<Vec<_>>());
        assert_eq!(groups, 3);
        // Large band: no edge rows, empty first and last groups.
        let z = vec![0i16; 40 * 20];
        let hvd = Hvd {
            h: &z[..],
            v: &z[..],
            d: &z[..],
        };
        let mut n = 0;
        let mut groups = 0;
        cm_visit(
            hvd,
            hvd,
            40,
            40,
            20,
            |_| 0,
            |ev| match ev {
                Some(_) => n += 1,
                None => groups += 1,
            },
        );
        // w=40: border (int)(3.5) = 3 -> cols 3..37 (34); h=20: (int)(1.5) = 1 -> rows 1..19 (18).
        assert_eq!(n, 34 * 18);
        assert_eq!(groups, 18 + 2);
    }

    #[test]
    fn cm_threshold_equals_the_macro_window() {
        // Thresholds from the column-sum form equal the direct 3x3 window of libvmaf's macros,
        // including the mirrored (top/left) and replicated (bottom/right) edges.
        let (w, h) = (5usize, 4usize);
        let mut seed = 12345u32;
        let mut v = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as i16
        };
        let bands: Vec<Vec<i16>> = (0..6).map(|_| (0..w * h).map(|_| v()).collect()).collect();
        let csf = Hvd {
            h: &bands[0][..],
            v: &bands[1][..],
            d: &bands[2][..],
        };
        let flt = Hvd {
            h: &bands[3][..],
            v: &bands[4][..],
            d: &bands[5][..],
        };
        let centre = |c: i16| ((8738 * (c as i32).abs() + 2048) >> 12) as i16 as i32;
        let mut got = Vec::new();
        cm_visit(csf, flt, w, w, h, centre, |ev| {
            if let Some(x) = ev {
                got.push(x)
            }
        });
        assert_eq!(got.len(), w * h);
        for (p, thr) in got {
            let (i, j) = (p / w, p % w);
            let (up, dn) = nbr(i, h);
            let (lf, rt) = nbr(j, w);
            let mut want = 0i32;
            for (c, f) in [(csf.h, flt.h), (csf.v, flt.v), (csf.d, flt.d)] {
                let g = |y: usize, x: usize| f[y * w + x] as i32;
                want += g(up, lf) + g(up, j) + g(up, rt) + g(i, lf) + centre(c[p]) + g(i, rt);
                want += g(dn, lf) + g(dn, j) + g(dn, rt);
            }
            assert_eq!(thr, want, "({i}, {j})");
        }
    }
}
