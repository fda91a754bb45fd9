//! aarch64 NEON twins of the VIF row kernels, bit-identical to [`super::scalar`].
//!
//! NEON's widening multiply-accumulates (`vmlal_n_u16`: 16x16 → 32 bits, `vmlal_n_u32`: 32x32 →
//! 64 bits) evaluate the scalar kernels' sums directly in their own types, so these twins keep
//! the scalar organisation and its `u32` line buffers ([`super::StatLines`],
//! [`super::SubLines`]) and need no [`super::FilterPlan`]: any window of 1..=17 taps works.
//!
//! - Vertical statistic, 8-bit rows, 8 columns per step: means `Σ f·p` in `u32`; the second
//!   moments as `Σ f·(p·q)` with the 16-bit products `p·q` from `vmull_u8` (modulo 2^32 the same
//!   as the reference's `(f·p)·q`).
//! - Vertical statistic, 16-bit rows, 4 columns per step: means in wrapping `u32`, moments
//!   `Σ f·(p·q)` in `u64` lanes (exact, as the reference's `u64` sums), then the rounding shifts
//!   (`vrshlq_u64`, exact) and truncations to `u32` / `u16`.
//! - Horizontal statistic, 4 pixels per step: wrapping `u32` means, `u64` moments, then the
//!   per-pixel terms in vector lanes — μ², σ1², σ2², σ12, the masks, the gain `g`, `sv²` and
//!   `g²σ1²` in `f64` lanes with the reference's operations and order (`vdivq_f64`, `vmulq_f64`,
//!   `vsubq_f64`, never fused; saturating conversions as Rust's `as`); the log-table lookups
//!   and the integer sums per lane.
//! - Decimation: the vertical pass as above (8 columns per step), the horizontal pass at the
//!   even columns only (`vld2q_u32` keeps every other sample), 4 outputs per step.
//!
//! The two-row kernels run the one-row kernel twice. Rows shorter than a vector step, and the
//! last columns of a row, take per-sample code equal to the reference. Each kernel is reachable
//! only through [`KERNELS`], which [`super::VifKernels::for_level`] returns only when
//! [`CpuLevel::Neon`] is supported.

use core::arch::aarch64::*;

use super::scalar::{self, pixel_terms};
use super::{
    LINE_PAD, SIGMA_NSQ, StatLines, SubLines, VerticalShifts, VifAccum, VifKernels, VifScratch,
    check_rows, log2_32, log2_64, reflect_line, round_shift_u32_wrapping, round_shift_u64,
};
use crate::cpu::CpuLevel;

/// The NEON kernel table.
pub(super) const KERNELS: VifKernels = VifKernels {
    stat_row_u8,
    stat_rows2_u8,
    stat_row_u16,
    stat_rows2_u16,
    sub_row_u8,
    sub_row_u16,
    level: CpuLevel::Neon,
};

/// `65536 · 1e−10`, libvmaf's `eps` of the gain's denominator.
const EPS: f64 = 65536.0 * 1.0e-10;

/// Whether the NEON shifts reproduce the scalar ones (every shift libvmaf uses qualifies; the
/// rest takes the scalar kernel).
fn shifts_ok(shifts: VerticalShifts) -> bool {
    shifts.mu <= 31 && shifts.sq <= 32
}

#[allow(clippy::too_many_arguments)]
fn stat_row_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    // SAFETY: `KERNELS` (the only way to reach this function) is handed out by
    // `VifKernels::for_level` only when `CpuLevel::Neon.is_supported()`; `check_rows` checked
    // the window (1..=17 taps), the row count and lengths and the scratch width.
    unsafe { stat_vertical_u8(rows_ref, rows_dis, filter, w, &mut scratch.stat) };
    reflect_stat_lines(&mut scratch.stat, w, filter.len() / 2);
    // SAFETY: as above; the lines hold LINE_PAD + w + LINE_PAD samples, reflected.
    unsafe { stat_horizontal(&scratch.stat, filter, w, log2, gain_limit, acc) };
}

/// Two output rows: [`stat_row_u8`] twice.
#[allow(clippy::too_many_arguments)]
fn stat_rows2_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let taps = filter.len();
    assert!(
        rows_ref.len() > taps && rows_dis.len() > taps,
        "two-row window needs taps + 1 rows"
    );
    stat_row_u8(
        rows_ref, rows_dis, filter, w, scratch, log2, gain_limit, acc,
    );
    stat_row_u8(
        &rows_ref[1..],
        &rows_dis[1..],
        filter,
        w,
        scratch,
        log2,
        gain_limit,
        acc,
    );
}

#[allow(clippy::too_many_arguments)]
fn stat_row_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    if !shifts_ok(shifts) {
        return scalar::stat_row_u16(
            rows_ref, rows_dis, filter, shifts, w, scratch, log2, gain_limit, acc,
        );
    }
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    // SAFETY: as in `stat_row_u8`; the shifts are in range.
    unsafe { stat_vertical_u16(rows_ref, rows_dis, filter, shifts, w, &mut scratch.stat) };
    reflect_stat_lines(&mut scratch.stat, w, filter.len() / 2);
    // SAFETY: as in `stat_row_u8`.
    unsafe { stat_horizontal(&scratch.stat, filter, w, log2, gain_limit, acc) };
}

/// Two 16-bit output rows: [`stat_row_u16`] twice.
#[allow(clippy::too_many_arguments)]
fn stat_rows2_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let taps = filter.len();
    assert!(
        rows_ref.len() > taps && rows_dis.len() > taps,
        "two-row window needs taps + 1 rows"
    );
    let (r1, d1) = (&rows_ref[1..], &rows_dis[1..]);
    stat_row_u16(
        rows_ref, rows_dis, filter, shifts, w, scratch, log2, gain_limit, acc,
    );
    stat_row_u16(r1, d1, filter, shifts, w, scratch, log2, gain_limit, acc);
}

fn sub_row_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    // SAFETY: as in `stat_row_u8`.
    unsafe { sub_vertical_u8(rows_ref, rows_dis, filter, w, &mut scratch.sub) };
    reflect_sub_lines(&mut scratch.sub, w, filter.len() / 2);
    sub_horizontal(&scratch.sub, filter, w, out_ref, out_dis);
}

#[allow(clippy::too_many_arguments)]
fn sub_row_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    if shift > 31 {
        return scalar::sub_row_u16(
            rows_ref, rows_dis, filter, shift, w, scratch, out_ref, out_dis,
        );
    }
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    // SAFETY: as in `stat_row_u8`; `shift <= 31`.
    unsafe { sub_vertical_u16(rows_ref, rows_dis, filter, shift, w, &mut scratch.sub) };
    reflect_sub_lines(&mut scratch.sub, w, filter.len() / 2);
    sub_horizontal(&scratch.sub, filter, w, out_ref, out_dis);
}

fn reflect_stat_lines(out: &mut StatLines, w: usize, half: usize) {
    reflect_line(&mut out.mu1, w, half);
    reflect_line(&mut out.mu2, w, half);
    reflect_line(&mut out.ref_sq, w, half);
    reflect_line(&mut out.dis_sq, w, half);
    reflect_line(&mut out.ref_dis, w, half);
}

fn reflect_sub_lines(out: &mut SubLines, w: usize, half: usize) {
    reflect_line(&mut out.ref_, w, half);
    reflect_line(&mut out.dis, w, half);
}

// ---------------------------------------------------------------------------------------------
// Vertical passes
// ---------------------------------------------------------------------------------------------

/// The vertical statistic pass over 8-bit rows (`scalar::stat_vertical_u8` without the
/// reflection): Q8 means `(Σ f·p + 128) >> 8` and Q16 moments `Σ f·p·q`, wrapping `u32`.
///
/// # Safety
/// NEON is supported; the arguments passed `check_rows`.
#[target_feature(enable = "neon")]
unsafe fn stat_vertical_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    out: &mut StatLines,
) {
    let taps = filter.len();
    let z = vdupq_n_u32(0);
    let r128 = vdupq_n_u32(128);
    let mut j = 0;
    while j + 8 <= w {
        // [lo, hi] halves of μ1, μ2, ref², dis², ref·dis.
        let mut acc = [[z; 2]; 5];
        for k in 0..taps {
            let f = filter[k];
            // SAFETY: every row holds at least `w >= j + 8` samples (checked).
            let (r, d) = unsafe {
                (
                    vld1_u8(rows_ref[k].as_ptr().add(j)),
                    vld1_u8(rows_dis[k].as_ptr().add(j)),
                )
            };
            let v = [
                vmovl_u8(r),
                vmovl_u8(d),
                vmull_u8(r, r),
                vmull_u8(d, d),
                vmull_u8(r, d),
            ];
            for (a, v) in acc.iter_mut().zip(v) {
                a[0] = vmlal_n_u16(a[0], vget_low_u16(v), f);
                a[1] = vmlal_high_n_u16(a[1], v, f);
            }
        }
        let o = LINE_PAD + j;
        let mean = |v: uint32x4_t| vshrq_n_u32::<8>(vaddq_u32(v, r128));
        let lines = [
            &mut out.mu1,
            &mut out.mu2,
            &mut out.ref_sq,
            &mut out.dis_sq,
            &mut out.ref_dis,
        ];
        for (s, (line, a)) in lines.into_iter().zip(acc).enumerate() {
            let (lo, hi) = if s < 2 {
                (mean(a[0]), mean(a[1]))
            } else {
                (a[0], a[1])
            };
            let line = &mut line[o..o + 8];
            // SAFETY: `line` holds 8 samples.
            unsafe {
                vst1q_u32(line.as_mut_ptr(), lo);
                vst1q_u32(line.as_mut_ptr().add(4), hi);
            }
        }
        j += 8;
    }
    for j in j..w {
        let (mut mu1, mut mu2, mut xx, mut yy, mut xy) = (0u32, 0u32, 0u32, 0u32, 0u32);
        for k in 0..taps {
            let f = u32::from(filter[k]);
            let r = u32::from(rows_ref[k][j]);
            let d = u32::from(rows_dis[k][j]);
            mu1 = mu1.wrapping_add(f * r);
            mu2 = mu2.wrapping_add(f * d);
            xx = xx.wrapping_add((f * r).wrapping_mul(r));
            yy = yy.wrapping_add((f * d).wrapping_mul(d));
            xy = xy.wrapping_add((f * r).wrapping_mul(d));
        }
        let o = LINE_PAD + j;
        out.mu1[o] = mu1.wrapping_add(128) >> 8;
        out.mu2[o] = mu2.wrapping_add(128) >> 8;
        out.ref_sq[o] = xx;
        out.dis_sq[o] = yy;
        out.ref_dis[o] = xy;
    }
}

/// The vertical statistic pass over 16-bit rows (`scalar::stat_vertical_u16` without the
/// reflection): means `(Σ f·p + round) >> mu` narrowed to 16 bits, moments summed in `u64`,
/// `(Σ f·p·q + round) >> sq` truncated to `u32`.
///
/// # Safety
/// NEON is supported; the arguments passed `check_rows`; `shifts_ok(shifts)`.
#[target_feature(enable = "neon")]
unsafe fn stat_vertical_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    out: &mut StatLines,
) {
    let taps = filter.len();
    let mu_round = vdupq_n_u32(if shifts.mu == 0 {
        0
    } else {
        1 << (shifts.mu - 1)
    });
    let mu_shift = vdupq_n_s32(-(shifts.mu as i32));
    let sq_shift = vdupq_n_s64(-i64::from(shifts.sq));
    let low16 = vdupq_n_u32(0xFFFF);
    let z32 = vdupq_n_u32(0);
    let z64 = vdupq_n_u64(0);
    let mut j = 0;
    while j + 4 <= w {
        let (mut mu1, mut mu2) = (z32, z32);
        // [lo, hi] halves of ref², dis², ref·dis.
        let mut sq = [[z64; 2]; 3];
        for k in 0..taps {
            let f = filter[k];
            // SAFETY: every row holds at least `w >= j + 4` samples (checked).
            let (r, d) = unsafe {
                (
                    vld1_u16(rows_ref[k].as_ptr().add(j)),
                    vld1_u16(rows_dis[k].as_ptr().add(j)),
                )
            };
            mu1 = vmlal_n_u16(mu1, r, f);
            mu2 = vmlal_n_u16(mu2, d, f);
            let f = u32::from(f);
            for (a, p) in sq
                .iter_mut()
                .zip([vmull_u16(r, r), vmull_u16(d, d), vmull_u16(r, d)])
            {
                a[0] = vmlal_n_u32(a[0], vget_low_u32(p), f);
                a[1] = vmlal_high_n_u32(a[1], p, f);
            }
        }
        let o = LINE_PAD + j;
        let mean = |v: uint32x4_t| vandq_u32(vshlq_u32(vaddq_u32(v, mu_round), mu_shift), low16);
        let moment = |a: [uint64x2_t; 2]| {
            vcombine_u32(
                vmovn_u64(vrshlq_u64(a[0], sq_shift)),
                vmovn_u64(vrshlq_u64(a[1], sq_shift)),
            )
        };
        let v = [
            mean(mu1),
            mean(mu2),
            moment(sq[0]),
            moment(sq[1]),
            moment(sq[2]),
        ];
        let lines = [
            &mut out.mu1,
            &mut out.mu2,
            &mut out.ref_sq,
            &mut out.dis_sq,
            &mut out.ref_dis,
        ];
        for (line, v) in lines.into_iter().zip(v) {
            let line = &mut line[o..o + 4];
            // SAFETY: `line` holds 4 samples.
            unsafe { vst1q_u32(line.as_mut_ptr(), v) };
        }
        j += 4;
    }
    for j in j..w {
        let (mut mu1, mut mu2) = (0u32, 0u32);
        let (mut xx, mut yy, mut xy) = (0u64, 0u64, 0u64);
        for k in 0..taps {
            let f = u32::from(filter[k]);
            let r = u32::from(rows_ref[k][j]);
            let d = u32::from(rows_dis[k][j]);
            let (fr, fd) = (f * r, f * d);
            mu1 = mu1.wrapping_add(fr);
            mu2 = mu2.wrapping_add(fd);
            xx += u64::from(fr) * u64::from(r);
            yy += u64::from(fd) * u64::from(d);
            xy += u64::from(fr) * u64::from(d);
        }
        let o = LINE_PAD + j;
        out.mu1[o] = u32::from(round_shift_u32_wrapping(mu1, shifts.mu) as u16);
        out.mu2[o] = u32::from(round_shift_u32_wrapping(mu2, shifts.mu) as u16);
        out.ref_sq[o] = round_shift_u64(xx, shifts.sq) as u32;
        out.dis_sq[o] = round_shift_u64(yy, shifts.sq) as u32;
        out.ref_dis[o] = round_shift_u64(xy, shifts.sq) as u32;
    }
}

/// The vertical decimation pass over 8-bit rows: `(Σ f·p + 128) >> 8`.
///
/// # Safety
/// NEON is supported; the arguments passed `check_rows`.
#[target_feature(enable = "neon")]
unsafe fn sub_vertical_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    out: &mut SubLines,
) {
    let taps = filter.len();
    let z = vdupq_n_u32(0);
    let mut j = 0;
    while j + 8 <= w {
        let mut acc = [[z; 2]; 2];
        for k in 0..taps {
            let f = filter[k];
            // SAFETY: every row holds at least `w >= j + 8` samples (checked).
            let (r, d) = unsafe {
                (
                    vmovl_u8(vld1_u8(rows_ref[k].as_ptr().add(j))),
                    vmovl_u8(vld1_u8(rows_dis[k].as_ptr().add(j))),
                )
            };
            for (a, v) in acc.iter_mut().zip([r, d]) {
                a[0] = vmlal_n_u16(a[0], vget_low_u16(v), f);
                a[1] = vmlal_high_n_u16(a[1], v, f);
            }
        }
        // The sums stay below 17·65535·255 < 2^32: the rounding shift is exact.
        for (line, a) in [&mut out.ref_, &mut out.dis].into_iter().zip(acc) {
            let line = &mut line[LINE_PAD + j..LINE_PAD + j + 8];
            // SAFETY: `line` holds 8 samples.
            unsafe {
                vst1q_u32(line.as_mut_ptr(), vrshrq_n_u32::<8>(a[0]));
                vst1q_u32(line.as_mut_ptr().add(4), vrshrq_n_u32::<8>(a[1]));
            }
        }
        j += 8;
    }
    for j in j..w {
        let (mut r, mut d) = (0u32, 0u32);
        for k in 0..taps {
            let f = u32::from(filter[k]);
            r += f * u32::from(rows_ref[k][j]);
            d += f * u32::from(rows_dis[k][j]);
        }
        out.ref_[LINE_PAD + j] = (r + 128) >> 8;
        out.dis[LINE_PAD + j] = (d + 128) >> 8;
    }
}

/// The vertical decimation pass over 16-bit rows: `(Σ f·p + round) >> shift` (wrapping `u32`),
/// narrowed to 16 bits.
///
/// # Safety
/// NEON is supported; the arguments passed `check_rows`; `shift <= 31`.
#[target_feature(enable = "neon")]
unsafe fn sub_vertical_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    out: &mut SubLines,
) {
    let taps = filter.len();
    let z = vdupq_n_u32(0);
    let round = vdupq_n_u32(if shift == 0 { 0 } else { 1 << (shift - 1) });
    let count = vdupq_n_s32(-(shift as i32));
    let low16 = vdupq_n_u32(0xFFFF);
    let mut j = 0;
    while j + 8 <= w {
        let mut acc = [[z; 2]; 2];
        for k in 0..taps {
            let f = filter[k];
            // SAFETY: every row holds at least `w >= j + 8` samples (checked).
            let (r, d) = unsafe {
                (
                    vld1q_u16(rows_ref[k].as_ptr().add(j)),
                    vld1q_u16(rows_dis[k].as_ptr().add(j)),
                )
            };
            for (a, v) in acc.iter_mut().zip([r, d]) {
                a[0] = vmlal_n_u16(a[0], vget_low_u16(v), f);
                a[1] = vmlal_high_n_u16(a[1], v, f);
            }
        }
        let narrow = |v: uint32x4_t| vandq_u32(vshlq_u32(vaddq_u32(v, round), count), low16);
        for (line, a) in [&mut out.ref_, &mut out.dis].into_iter().zip(acc) {
            let line = &mut line[LINE_PAD + j..LINE_PAD + j + 8];
            // SAFETY: `line` holds 8 samples.
            unsafe {
                vst1q_u32(line.as_mut_ptr(), narrow(a[0]));
                vst1q_u32(line.as_mut_ptr().add(4), narrow(a[1]));
            }
        }
        j += 8;
    }
    for j in j..w {
        let (mut r, mut d) = (0u32, 0u32);
        for k in 0..taps {
            let f = u32::from(filter[k]);
            r = r.wrapping_add(f * u32::from(rows_ref[k][j]));
            d = d.wrapping_add(f * u32::from(rows_dis[k][j]));
        }
        out.ref_[LINE_PAD + j] = u32::from(round_shift_u32_wrapping(r, shift) as u16);
        out.dis[LINE_PAD + j] = u32::from(round_shift_u32_wrapping(d, shift) as u16);
    }
}

// ---------------------------------------------------------------------------------------------
// Horizontal passes
// ---------------------------------------------------------------------------------------------

/// The horizontal statistic pass and per-pixel terms of one row (`scalar::stat_horizontal`):
/// 4 pixels per step, the last `w % 4` pixels per sample.
///
/// # Safety
/// NEON is supported; `lines` holds rows of at least `w` samples with `LINE_PAD` guard
/// samples on either side, reflected by `filter.len() / 2 <= LINE_PAD`.
#[target_feature(enable = "neon")]
unsafe fn stat_horizontal(
    lines: &StatLines,
    filter: &[u16],
    w: usize,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let taps = filter.len();
    let start = LINE_PAD - taps / 2;
    assert!(
        lines.mu1.len() >= start + w + taps - 1
            && [&lines.mu2, &lines.ref_sq, &lines.dis_sq, &lines.ref_dis]
                .iter()
                .all(|l| l.len() == lines.mu1.len()),
        "VIF line buffers too short"
    );
    let ptrs = [
        lines.mu1.as_ptr(),
        lines.mu2.as_ptr(),
        lines.ref_sq.as_ptr(),
        lines.dis_sq.as_ptr(),
        lines.ref_dis.as_ptr(),
    ];
    let mut a = *acc;
    let z32 = vdupq_n_u32(0);
    let z64 = vdupq_n_u64(0);
    let mut j = 0;
    while j + 4 <= w {
        let s = start + j;
        let (mut mu1, mut mu2) = (z32, z32);
        let mut sq = [[z64; 2]; 3];
        for (k, &f) in filter.iter().enumerate() {
            let f = u32::from(f);
            // SAFETY: the reads end at s + k + 3 <= start + w - 1 + taps - 1 (checked).
            let v = unsafe { ptrs.map(|p| vld1q_u32(p.add(s + k))) };
            mu1 = vmlaq_n_u32(mu1, v[0], f);
            mu2 = vmlaq_n_u32(mu2, v[1], f);
            for (a, v) in sq.iter_mut().zip(&v[2..]) {
                a[0] = vmlal_n_u32(a[0], vget_low_u32(*v), f);
                a[1] = vmlal_high_n_u32(a[1], *v, f);
            }
        }
        pixel_terms4(mu1, mu2, sq, log2, gain_limit, &mut a);
        j += 4;
    }
    for j in j..w {
        let s = start + j;
        let (mut mu1, mut mu2) = (0u32, 0u32);
        let (mut xx, mut yy, mut xy) = (0u64, 0u64, 0u64);
        for (k, &f) in filter.iter().enumerate() {
            let f = u32::from(f);
            mu1 = mu1.wrapping_add(f.wrapping_mul(lines.mu1[s + k]));
            mu2 = mu2.wrapping_add(f.wrapping_mul(lines.mu2[s + k]));
            xx += u64::from(f) * u64::from(lines.ref_sq[s + k]);
            yy += u64::from(f) * u64::from(lines.dis_sq[s + k]);
            xy += u64::from(f) * u64::from(lines.ref_dis[s + k]);
        }
        pixel_terms(mu1, mu2, xx, yy, xy, log2, gain_limit, &mut a);
    }
    *acc = a;
}

/// `(a·b + 2^31) >> 32` per `u32` lane.
#[inline]
#[target_feature(enable = "neon")]
fn mul_round_hi(a: uint32x4_t, b: uint32x4_t) -> uint32x4_t {
    vcombine_u32(
        vrshrn_n_u64::<32>(vmull_u32(vget_low_u32(a), vget_low_u32(b))),
        vrshrn_n_u64::<32>(vmull_high_u32(a, b)),
    )
}

/// `f64` lanes of the low or high half of an `i32` vector.
#[inline]
#[target_feature(enable = "neon")]
fn to_f64(v: int32x4_t, high: bool) -> float64x2_t {
    let half = if high {
        vmovl_high_s32(v)
    } else {
        vmovl_s32(vget_low_s32(v))
    };
    vcvtq_f64_s64(half)
}

/// [`pixel_terms`] for 4 pixels: the filtered means (Q24, `u32` lanes) and the moments (`u64`
/// lanes, before the final `>> 16`) of ref², dis², ref·dis.
#[inline]
#[target_feature(enable = "neon")]
fn pixel_terms4(
    mu1: uint32x4_t,
    mu2: uint32x4_t,
    sq: [[uint64x2_t; 2]; 3],
    log2: &[u16],
    gain_limit: f64,
    a: &mut VifAccum,
) {
    // round_shift_u64(·, 16) as u32: exact rounding, truncating narrow.
    let q16 = |v: [uint64x2_t; 2]| vcombine_u32(vrshrn_n_u64::<16>(v[0]), vrshrn_n_u64::<16>(v[1]));
    let (xx, yy, xy) = (q16(sq[0]), q16(sq[1]), q16(sq[2]));
    // Wrapping u32 differences read as i32.
    let s1 = vreinterpretq_s32_u32(vsubq_u32(xx, mul_round_hi(mu1, mu1)));
    let s2 = vmaxq_s32(
        vreinterpretq_s32_u32(vsubq_u32(yy, mul_round_hi(mu2, mu2))),
        vdupq_n_s32(0),
    );
    let s12 = vreinterpretq_s32_u32(vsubq_u32(xy, mul_round_hi(mu1, mu2)));
    let m_log = vcgeq_s32(s1, vdupq_n_s32(SIGMA_NSQ));
    // Non-log pixels: σ2² and one count each.
    let non = vbicq_s32(s2, vreinterpretq_s32_u32(m_log));
    a.num_non_log += vaddlvq_s32(non);
    let n_log = i64::from(vaddvq_u32(vshrq_n_u32::<31>(m_log)));
    a.den_non_log += 4 - n_log;
    if n_log == 0 {
        return;
    }
    let m_num = vandq_u32(
        m_log,
        vandq_u32(
            vcgtq_s32(s12, vdupq_n_s32(0)),
            vcgtq_s32(s2, vdupq_n_s32(0)),
        ),
    );
    // The gain terms of all lanes (only those of `m_num` lanes are used): the reference's f64
    // operations in its order, each lane on its own.
    let eps = vdupq_n_f64(EPS);
    let limit = vdupq_n_f64(gain_limit);
    let nsq = vdupq_n_s64(i64::from(SIGMA_NSQ));
    let mut numer1 = [0i64; 4];
    let mut numer1_tmp = [0i64; 4];
    for (h, high) in [false, true].into_iter().enumerate() {
        let (s1d, s2d, s12d) = (to_f64(s1, high), to_f64(s2, high), to_f64(s12, high));
        let g = vdivq_f64(s12d, vaddq_f64(s1d, eps));
        // `(f64) as i32`: truncation, saturating (to i64, then i32); clamped at 0.
        let sv = vqmovn_s64(vcvtq_s64_f64(vsubq_f64(s2d, vmulq_f64(g, s12d))));
        let sv = vmovl_s32(vmax_s32(sv, vdup_n_s32(0)));
        // `g.min(gain_limit)`: `fminnm`, as `f64::min`.
        let g = vminnmq_f64(g, limit);
        let n1 = vaddq_s64(sv, nsq);
        let t = vaddq_s64(vcvtq_s64_f64(vmulq_f64(vmulq_f64(g, g), s1d)), n1);
        // SAFETY: each array holds 4 values; lanes 2h, 2h + 1.
        unsafe {
            vst1q_s64(numer1.as_mut_ptr().add(2 * h), n1);
            vst1q_s64(numer1_tmp.as_mut_ptr().add(2 * h), t);
        }
    }
    let mut s1l = [0i32; 4];
    let (mut ml, mut mn) = ([0u32; 4], [0u32; 4]);
    // SAFETY: each array holds 4 lanes.
    unsafe {
        vst1q_s32(s1l.as_mut_ptr(), s1);
        vst1q_u32(ml.as_mut_ptr(), m_log);
        vst1q_u32(mn.as_mut_ptr(), m_num);
    }
    for l in 0..4 {
        if ml[l] == 0 {
            continue;
        }
        a.den_log +=
            i64::from(log2_32(log2, (SIGMA_NSQ as u32).wrapping_add(s1l[l] as u32)) - 2048 * 17);
        if mn[l] != 0 {
            a.num_log +=
                i64::from(log2_64(log2, numer1_tmp[l] as u64) - log2_64(log2, numer1[l] as u64));
        }
    }
}

/// The horizontal decimation pass (`scalar::sub_horizontal`): `(Σ f·line + 32768) >> 16`
/// (wrapping `u32`) narrowed to 16 bits, at the even columns `0, 2, …, 2·(w/2 − 1)`.
fn sub_horizontal(
    lines: &SubLines,
    filter: &[u16],
    w: usize,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    let n = w / 2;
    let (out_ref, out_dis) = (&mut out_ref[..n], &mut out_dis[..n]);
    let taps = filter.len();
    let start = LINE_PAD - taps / 2;
    // Four outputs from x read up to start + 2x + taps - 1 + 7 (`vld2q_u32` loads 8 values).
    let len = lines.ref_.len().min(lines.dis.len());
    let mut x = 0;
    while x + 4 <= n && start + 2 * x + taps + 7 <= len {
        // SAFETY: only reachable through `KERNELS` (NEON supported); the reads are bounded by
        // the loop condition and the stores by `x + 4 <= n`.
        unsafe { sub_horizontal4(lines, filter, start + 2 * x, out_ref, out_dis, x) };
        x += 4;
    }
    for x in x..n {
        let s = start + 2 * x;
        let (mut r, mut d) = (0u32, 0u32);
        for (k, &f) in filter.iter().enumerate() {
            let f = u32::from(f);
            r = r.wrapping_add(f.wrapping_mul(lines.ref_[s + k]));
            d = d.wrapping_add(f.wrapping_mul(lines.dis[s + k]));
        }
        out_ref[x] = (r.wrapping_add(32768) >> 16) as u16;
        out_dis[x] = (d.wrapping_add(32768) >> 16) as u16;
    }
}

/// Four decimated outputs `x..x + 4`, whose windows start at `s`.
///
/// # Safety
/// NEON is supported; both lines hold `s + filter.len() + 7` samples; the outputs hold
/// `x + 4`.
#[target_feature(enable = "neon")]
unsafe fn sub_horizontal4(
    lines: &SubLines,
    filter: &[u16],
    s: usize,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
    x: usize,
) {
    let round = vdupq_n_u32(32768);
    for (line, out) in [(&lines.ref_, out_ref), (&lines.dis, out_dis)] {
        let p = line.as_ptr();
        let mut acc = vdupq_n_u32(0);
        for (k, &f) in filter.iter().enumerate() {
            // SAFETY: reads end at s + k + 7 < s + taps + 7 (caller).
            let v = unsafe { vld2q_u32(p.add(s + k)) }.0;
            acc = vmlaq_n_u32(acc, v, u32::from(f));
        }
        let v = vmovn_u32(vshrq_n_u32::<16>(vaddq_u32(acc, round)));
        // SAFETY: the output holds x + 4 samples (caller).
        unsafe { vst1_u16(out.as_mut_ptr().add(x), v) };
    }
}
