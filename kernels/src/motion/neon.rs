//! aarch64 NEON twins of the motion kernels, bit-identical to [`super::scalar`].
//!
//! The vertical pass runs 8 columns per step: the frame difference of each tap row is formed in
//! 16 bits (8-bit input) or 32 bits (16-bit input), the symmetric taps are paired
//! (`f0·(d0 + d4) + f1·(d1 + d3) + f2·d2`) and widened to 32 bits, or to 64 bits where the
//! scalar reference needs `i64`. The horizontal pass runs 4 columns per step in `i32` when every
//! magnitude of the row is below 2^15 (the scalar kernel's exactness argument for `i32`), else in
//! `i64` lanes (`vmlal_n_s32`), which is exact for any row; the first two and last two columns
//! (mirrored taps) are summed one by one. Absolute values are added in wrapping `u32` lanes, and
//! `u32` addition is associative modulo 2^32, so the row sums equal the scalar ones.
//!
//! Reachable only through [`TABLE`], which [`super::MotionKernels::for_level`] returns only when
//! [`CpuLevel::Neon`] is supported.

use core::arch::aarch64::*;

use super::MotionKernels;
use super::scalar::FILTER;
use crate::cpu::CpuLevel;

/// The NEON table. Callers must have checked that [`CpuLevel::Neon`] is supported.
pub(super) const TABLE: MotionKernels = MotionKernels {
    level: CpuLevel::Neon,
    sad_u8,
    sad_u16,
};

/// Mirrors an index into `0..n` without repeating the edge (`-k → k`, `n-1+k → n-1-k`), as
/// the scalar kernel does. Valid for `-2 <= idx <= n + 1` when `n >= 3`.
#[inline(always)]
fn mirror(idx: isize, n: usize) -> usize {
    let n = n as isize;
    let m = if idx < 0 {
        -idx
    } else if idx >= n {
        2 * n - idx - 2
    } else {
        idx
    };
    m as usize
}

/// Start offsets of the five tap rows centred on row `i` (mirrored at the top and bottom).
#[inline(always)]
fn tap_offsets(i: usize, h: usize, stride: usize) -> [usize; 5] {
    let i = i as isize;
    [-2, -1, 0, 1, 2].map(|k| mirror(i + k, h) * stride)
}

/// Panics unless the geometry is one the scalar kernel accepts without indexing out of bounds;
/// the vector loops read through raw pointers after this.
fn check(
    prev_len: usize,
    prev_stride: usize,
    cur_len: usize,
    cur_stride: usize,
    w: usize,
    h: usize,
    y_len: usize,
) {
    assert!(
        w >= 3 && h >= 3,
        "motion needs at least 3x3 samples, got {w}x{h}"
    );
    assert!(y_len >= w, "motion row scratch shorter than {w}");
    let need = |stride: usize| (h - 1).checked_mul(stride).and_then(|v| v.checked_add(w));
    assert!(
        prev_stride >= w && cur_stride >= w,
        "motion stride below the width {w}"
    );
    assert!(
        need(prev_stride).is_some_and(|n| n <= prev_len)
            && need(cur_stride).is_some_and(|n| n <= cur_len),
        "motion plane shorter than {w}x{h}"
    );
}

fn sad_u8(
    previous: &[u8],
    prev_stride: usize,
    current: &[u8],
    cur_stride: usize,
    w: usize,
    h: usize,
    y_row: &mut [i32],
) -> u64 {
    check(
        previous.len(),
        prev_stride,
        current.len(),
        cur_stride,
        w,
        h,
        y_row.len(),
    );
    // SAFETY: only reachable through `TABLE`, which `for_level` returns only when
    // `CpuLevel::Neon.is_supported()`; `check` validated every row the kernel reads and the
    // scratch length.
    unsafe { sad_u8_impl(previous, prev_stride, current, cur_stride, w, h, y_row) }
}

#[allow(clippy::too_many_arguments)]
fn sad_u16(
    previous: &[u16],
    prev_stride: usize,
    current: &[u16],
    cur_stride: usize,
    w: usize,
    h: usize,
    bit_depth: u32,
    y_row: &mut [i32],
) -> u64 {
    check(
        previous.len(),
        prev_stride,
        current.len(),
        cur_stride,
        w,
        h,
        y_row.len(),
    );
    assert!(
        (1..32).contains(&bit_depth),
        "bit depth {bit_depth} out of range"
    );
    // SAFETY: as in `sad_u8`.
    unsafe {
        sad_u16_impl(
            previous,
            prev_stride,
            current,
            cur_stride,
            w,
            h,
            bit_depth,
            y_row,
        )
    }
}

/// # Safety
/// NEON is supported; the arguments passed [`check`].
#[target_feature(enable = "neon")]
unsafe fn sad_u8_impl(
    previous: &[u8],
    prev_stride: usize,
    current: &[u8],
    cur_stride: usize,
    w: usize,
    h: usize,
    y_row: &mut [i32],
) -> u64 {
    let y_row = &mut y_row[..w];
    let (pp, cp, yp) = (previous.as_ptr(), current.as_ptr(), y_row.as_mut_ptr());
    let mut sad = 0u64;
    for i in 0..h {
        let po = tap_offsets(i, h, prev_stride);
        let co = tap_offsets(i, h, cur_stride);
        let mut mag = vdupq_n_u32(0);
        let mut j = 0;
        while j + 8 <= w {
            // SAFETY: every tap row holds `w` samples from its offset (checked), j + 8 <= w;
            // `y_row` holds `w` entries.
            unsafe {
                let d = |k: usize| {
                    let p = vld1_u8(pp.add(po[k] + j));
                    let c = vld1_u8(cp.add(co[k] + j));
                    vreinterpretq_s16_u16(vsubl_u8(p, c))
                };
                // |d| <= 255: the pair sums fit 16 bits, the products and sums 32 bits.
                let s04 = vaddq_s16(d(0), d(4));
                let s13 = vaddq_s16(d(1), d(3));
                let d2 = d(2);
                let lo = vmlal_n_s16(
                    vmlal_n_s16(
                        vmull_n_s16(vget_low_s16(s04), FILTER[0] as i16),
                        vget_low_s16(s13),
                        FILTER[1] as i16,
                    ),
                    vget_low_s16(d2),
                    FILTER[2] as i16,
                );
                let hi = vmlal_high_n_s16(
                    vmlal_high_n_s16(
                        vmull_high_n_s16(s04, FILTER[0] as i16),
                        s13,
                        FILTER[1] as i16,
                    ),
                    d2,
                    FILTER[2] as i16,
                );
                let (lo, hi) = (vrshrq_n_s32::<8>(lo), vrshrq_n_s32::<8>(hi));
                vst1q_s32(yp.add(j), lo);
                vst1q_s32(yp.add(j + 4), hi);
                mag = vorrq_u32(mag, vreinterpretq_u32_s32(vabsq_s32(lo)));
                mag = vorrq_u32(mag, vreinterpretq_u32_s32(vabsq_s32(hi)));
            }
            j += 8;
        }
        let mut magnitudes = or_lanes(mag);
        for j in j..w {
            let d = |k: usize| i32::from(previous[po[k] + j]) - i32::from(current[co[k] + j]);
            let acc = FILTER[0] * (d(0) + d(4)) + FILTER[1] * (d(1) + d(3)) + FILTER[2] * d(2);
            let v = (acc + (1 << 7)) >> 8;
            y_row[j] = v;
            magnitudes |= v.unsigned_abs();
        }
        sad += u64::from(x_row(y_row, magnitudes));
    }
    sad
}

/// # Safety
/// NEON is supported; the arguments passed [`check`]; `1 <= bit_depth <= 31`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "neon")]
unsafe fn sad_u16_impl(
    previous: &[u16],
    prev_stride: usize,
    current: &[u16],
    cur_stride: usize,
    w: usize,
    h: usize,
    bit_depth: u32,
    y_row: &mut [i32],
) -> u64 {
    let y_row = &mut y_row[..w];
    let (pp, cp, yp) = (previous.as_ptr(), current.as_ptr(), y_row.as_mut_ptr());
    let neg_shift = -(bit_depth as i32);
    let mut sad = 0u64;
    for i in 0..h {
        let po = tap_offsets(i, h, prev_stride);
        let co = tap_offsets(i, h, cur_stride);
        let mut magnitudes = 0u32;
        let mut samples = 0u16;
        if bit_depth <= 15 {
            // Wrapping i32 as the scalar kernel (exact while every sample is below 2^15; else
            // the row is redone in i64 below).
            let round32 = vdupq_n_s32(1 << (bit_depth - 1));
            let shift32 = vdupq_n_s32(neg_shift);
            let mut mag = vdupq_n_u32(0);
            let mut any = vdupq_n_u16(0);
            let mut j = 0;
            while j + 8 <= w {
                // SAFETY: as in `sad_u8_impl`.
                unsafe {
                    let mut d = [(vdupq_n_s32(0), vdupq_n_s32(0)); 5];
                    for (k, dk) in d.iter_mut().enumerate() {
                        let p = vld1q_u16(pp.add(po[k] + j));
                        let c = vld1q_u16(cp.add(co[k] + j));
                        any = vorrq_u16(any, vorrq_u16(p, c));
                        *dk = (
                            vreinterpretq_s32_u32(vsubl_u16(vget_low_u16(p), vget_low_u16(c))),
                            vreinterpretq_s32_u32(vsubl_high_u16(p, c)),
                        );
                    }
                    let half = |sel: fn(&(int32x4_t, int32x4_t)) -> int32x4_t| {
                        let s04 = vaddq_s32(sel(&d[0]), sel(&d[4]));
                        let s13 = vaddq_s32(sel(&d[1]), sel(&d[3]));
                        let acc = vmlaq_n_s32(
                            vmlaq_n_s32(vmulq_n_s32(s04, FILTER[0]), s13, FILTER[1]),
                            sel(&d[2]),
                            FILTER[2],
                        );
                        vshlq_s32(vaddq_s32(acc, round32), shift32)
                    };
                    let lo = half(|p| p.0);
                    let hi = half(|p| p.1);
                    vst1q_s32(yp.add(j), lo);
                    vst1q_s32(yp.add(j + 4), hi);
                    mag = vorrq_u32(mag, vreinterpretq_u32_s32(vabsq_s32(lo)));
                    mag = vorrq_u32(mag, vreinterpretq_u32_s32(vabsq_s32(hi)));
                }
                j += 8;
            }
            magnitudes = or_lanes(mag);
            samples = vmaxvq_u16(any);
            let round = 1i32 << (bit_depth - 1);
            for j in j..w {
                for k in 0..5 {
                    samples |= previous[po[k] + j] | current[co[k] + j];
                }
                let d = |k: usize| i32::from(previous[po[k] + j]) - i32::from(current[co[k] + j]);
                let acc = FILTER[0]
                    .wrapping_mul(d(0) + d(4))
                    .wrapping_add(FILTER[1].wrapping_mul(d(1) + d(3)))
                    .wrapping_add(FILTER[2].wrapping_mul(d(2)));
                let v = acc.wrapping_add(round) >> bit_depth;
                y_row[j] = v;
                magnitudes |= v.unsigned_abs();
            }
        }
        if bit_depth > 15 || samples >= 1 << 15 {
            let round64 = vdupq_n_s64(1i64 << (bit_depth - 1));
            let shift64 = vdupq_n_s64(i64::from(neg_shift));
            let mut mag = vdupq_n_u32(0);
            let mut j = 0;
            while j + 4 <= w {
                // SAFETY: as in `sad_u8_impl`, 4 samples per row.
                unsafe {
                    let d = |k: usize| {
                        let p = vld1_u16(pp.add(po[k] + j));
                        let c = vld1_u16(cp.add(co[k] + j));
                        vreinterpretq_s32_u32(vsubl_u16(p, c))
                    };
                    // |d| < 2^16: the pair sums fit 32 bits; the products are summed in i64.
                    let s04 = vaddq_s32(d(0), d(4));
                    let s13 = vaddq_s32(d(1), d(3));
                    let d2 = d(2);
                    let lo = vmlal_n_s32(
                        vmlal_n_s32(
                            vmull_n_s32(vget_low_s32(s04), FILTER[0]),
                            vget_low_s32(s13),
                            FILTER[1],
                        ),
                        vget_low_s32(d2),
                        FILTER[2],
                    );
                    let hi = vmlal_high_n_s32(
                        vmlal_high_n_s32(vmull_high_n_s32(s04, FILTER[0]), s13, FILTER[1]),
                        d2,
                        FILTER[2],
                    );
                    let shifted =
                        |v: int64x2_t| vmovn_s64(vshlq_s64(vaddq_s64(v, round64), shift64));
                    // Truncated to i32 as upstream stores it.
                    let v = vcombine_s32(shifted(lo), shifted(hi));
                    vst1q_s32(yp.add(j), v);
                    mag = vorrq_u32(mag, vreinterpretq_u32_s32(vabsq_s32(v)));
                }
                j += 4;
            }
            magnitudes = or_lanes(mag);
            let round = 1i64 << (bit_depth - 1);
            for j in j..w {
                let d = |k: usize| i64::from(previous[po[k] + j]) - i64::from(current[co[k] + j]);
                let acc = i64::from(FILTER[0]) * (d(0) + d(4))
                    + i64::from(FILTER[1]) * (d(1) + d(3))
                    + i64::from(FILTER[2]) * d(2);
                let v = ((acc + round) >> bit_depth) as i32;
                y_row[j] = v;
                magnitudes |= v.unsigned_abs();
            }
        }
        sad += u64::from(x_row(y_row, magnitudes));
    }
    sad
}

/// OR of the four lanes.
#[inline]
#[target_feature(enable = "neon")]
fn or_lanes(v: uint32x4_t) -> u32 {
    let v = vorr_u32(vget_low_u32(v), vget_high_u32(v));
    vget_lane_u32::<0>(v) | vget_lane_u32::<1>(v)
}

/// One horizontal tap sum at column `j` with mirrored columns, in `i64` (as upstream).
#[inline(always)]
fn x_tap_mirrored(y_row: &[i32], j: usize) -> i64 {
    let w = y_row.len();
    let mut acc = 0i64;
    for (k, &f) in FILTER.iter().enumerate() {
        acc += i64::from(f) * i64::from(y_row[mirror(j as isize - 2 + k as isize, w)]);
    }
    acc
}

/// `|(acc + 2^15) >> 16|` of an `i64` sum truncated to `i32`, as upstream.
#[inline(always)]
fn x_round_abs(acc: i64) -> u32 {
    (((acc + (1 << 15)) >> 16) as i32).unsigned_abs()
}

/// The horizontal pass of a row given the OR of its magnitudes (0: the row is skipped as
/// upstream does; its sum is 0 anyway).
#[inline]
#[target_feature(enable = "neon")]
fn x_row(y_row: &[i32], magnitudes: u32) -> u32 {
    let w = y_row.len();
    if magnitudes == 0 {
        return 0;
    }
    if w < 5 {
        return (0..w).fold(0u32, |s, j| {
            s.wrapping_add(x_round_abs(x_tap_mirrored(y_row, j)))
        });
    }
    let mut row_sad = 0u32;
    for j in [0, 1, w - 2, w - 1] {
        row_sad = row_sad.wrapping_add(x_round_abs(x_tap_mirrored(y_row, j)));
    }
    // Interior columns 2..w-2: window y[c-2 ..= c+2] = y_row[c-2 ..], c - 2 = 0 .. w - 4.
    let n = w - 4;
    let p = y_row.as_ptr();
    let mut acc = vdupq_n_u32(0);
    let mut c = 0;
    if magnitudes < 1 << 15 {
        // Σ|f·y| + 2^15 < 2^31: exact in i32 (see the scalar kernel).
        while c + 4 <= n {
            // SAFETY: reads end at c + 3 + 4 < n + 4 = w.
            let t = unsafe {
                let y = |k: usize| vld1q_s32(p.add(c + k));
                let s04 = vaddq_s32(y(0), y(4));
                let s13 = vaddq_s32(y(1), y(3));
                vmlaq_n_s32(
                    vmlaq_n_s32(vmulq_n_s32(s04, FILTER[0]), s13, FILTER[1]),
                    y(2),
                    FILTER[2],
                )
            };
            let r = vrshrq_n_s32::<16>(t);
            acc = vaddq_u32(acc, vreinterpretq_u32_s32(vabsq_s32(r)));
            c += 4;
        }
    } else {
        // Any row: each product and the sums in i64, as upstream.
        let round = vdupq_n_s64(1 << 15);
        while c + 4 <= n {
            // SAFETY: as above.
            let v = unsafe {
                let y = |k: usize| vld1q_s32(p.add(c + k));
                let mut lo = vmull_n_s32(vget_low_s32(y(0)), FILTER[0]);
                let mut hi = vmull_high_n_s32(y(0), FILTER[0]);
                for (k, &f) in FILTER.iter().enumerate().skip(1) {
                    lo = vmlal_n_s32(lo, vget_low_s32(y(k)), f);
                    hi = vmlal_high_n_s32(hi, y(k), f);
                }
                let shifted = |v: int64x2_t| vmovn_s64(vshrq_n_s64::<16>(vaddq_s64(v, round)));
                vcombine_s32(shifted(lo), shifted(hi))
            };
            acc = vaddq_u32(acc, vreinterpretq_u32_s32(vabsq_s32(v)));
            c += 4;
        }
    }
    row_sad = row_sad.wrapping_add(vaddvq_u32(acc));
    for c in c..n {
        let win = &y_row[c..c + 5];
        let s: i64 = FILTER
            .iter()
            .zip(win)
            .map(|(&f, &y)| i64::from(f) * i64::from(y))
            .sum();
        row_sad = row_sad.wrapping_add(x_round_abs(s));
    }
    row_sad
}
