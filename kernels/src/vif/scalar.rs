//! Scalar reference kernels of integer VIF, bit-exact with libvmaf's C functions
//! `vif_statistic_8`, `vif_statistic_16`, `subsample_rd_8`, `subsample_rd_16` (integer_vif.c),
//! split into row passes (see the module docs of [`super`]).
//!
//! Overflow: for in-range samples every sum fits its type exactly as in upstream (u32 for the
//! means and for 8-bit second moments, u64 otherwise). Where upstream narrows (`(uint16_t)`,
//! `(uint32_t)`, `(int32_t)` casts, wrapping unsigned differences) we use the same truncating
//! casts and wrapping operations deliberately, so out-of-range samples give upstream's garbage,
//! never a panic.

use super::{
    LINE_PAD, SIGMA_NSQ, StatLines, SubLines, VerticalShifts, VifAccum, VifScratch, check_rows,
    log2_32, log2_64, reflect_line, round_shift_u32, round_shift_u32_wrapping, round_shift_u64,
};

/// [`super::StatRowU8`]: [`stat_vertical_u8`] then [`stat_horizontal`].
#[allow(clippy::too_many_arguments)]
pub fn stat_row_u8(
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
    stat_vertical_u8(rows_ref, rows_dis, filter, w, &mut scratch.stat);
    stat_horizontal(&scratch.stat, filter, w, log2, gain_limit, acc);
}

/// [`super::StatRows2U8`]: [`stat_row_u8`] on `rows[..taps]`, then on `rows[1..=taps]`.
#[allow(clippy::too_many_arguments)]
pub fn stat_rows2_u8(
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

/// [`super::StatRowU16`]: [`stat_vertical_u16`] then [`stat_horizontal`].
#[allow(clippy::too_many_arguments)]
pub fn stat_row_u16(
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
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    stat_vertical_u16(rows_ref, rows_dis, filter, shifts, w, &mut scratch.stat);
    stat_horizontal(&scratch.stat, filter, w, log2, gain_limit, acc);
}

/// [`super::StatRows2U16`]: [`stat_row_u16`] on `rows[..taps]`, then on `rows[1..=taps]`.
#[allow(clippy::too_many_arguments)]
pub fn stat_rows2_u16(
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

/// [`super::SubRowU8`]: [`sub_vertical_u8`] then [`sub_horizontal`].
pub fn sub_row_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    sub_vertical_u8(rows_ref, rows_dis, filter, w, &mut scratch.sub);
    sub_horizontal(&scratch.sub, filter, w, out_ref, out_dis);
}

/// [`super::SubRowU16`]: [`sub_vertical_u16`] then [`sub_horizontal`].
#[allow(clippy::too_many_arguments)]
pub fn sub_row_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    sub_vertical_u16(rows_ref, rows_dis, filter, shift, w, &mut scratch.sub);
    sub_horizontal(&scratch.sub, filter, w, out_ref, out_dis);
}

/// Vertical statistic pass over 8-bit rows (scale 0 of 8-bit input, `vif_statistic_8`): means
/// `(Σ f·p + 128) >> 8` (Q8), second moments `Σ f·p·q` unshifted (Q16), all in u32.
pub fn stat_vertical_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    out: &mut StatLines,
) {
    let taps = filter.len();
    let (rows_ref, rows_dis) = (&rows_ref[..taps], &rows_dis[..taps]);
    for j in 0..w {
        let mut mu1 = 0u32;
        let mut mu2 = 0u32;
        let mut xx = 0u32;
        let mut yy = 0u32;
        let mut xy = 0u32;
        for k in 0..taps {
            let f = u32::from(filter[k]);
            let r = u32::from(rows_ref[k][j]);
            let d = u32::from(rows_dis[k][j]);
            let fr = f * r;
            let fd = f * d;
            mu1 = mu1.wrapping_add(fr);
            mu2 = mu2.wrapping_add(fd);
            xx = xx.wrapping_add(fr.wrapping_mul(r));
            yy = yy.wrapping_add(fd.wrapping_mul(d));
            xy = xy.wrapping_add(fr.wrapping_mul(d));
        }
        let o = LINE_PAD + j;
        out.mu1[o] = mu1.wrapping_add(128) >> 8;
        out.mu2[o] = mu2.wrapping_add(128) >> 8;
        out.ref_sq[o] = xx;
        out.dis_sq[o] = yy;
        out.ref_dis[o] = xy;
    }
    reflect_stat_lines(out, w, taps / 2);
}

/// Vertical statistic pass over 16-bit rows (`vif_statistic_16`): means
/// `(Σ f·p + round) >> shifts.mu` narrowed to u16, second moments summed in u64,
/// `(Σ f·p·q + round) >> shifts.sq` narrowed to u32.
pub fn stat_vertical_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    out: &mut StatLines,
) {
    let taps = filter.len();
    let (rows_ref, rows_dis) = (&rows_ref[..taps], &rows_dis[..taps]);
    for j in 0..w {
        let mut mu1 = 0u32;
        let mut mu2 = 0u32;
        let mut xx = 0u64;
        let mut yy = 0u64;
        let mut xy = 0u64;
        for k in 0..taps {
            let f = u32::from(filter[k]);
            let r = u32::from(rows_ref[k][j]);
            let d = u32::from(rows_dis[k][j]);
            // f ≤ 43728 and p ≤ 65535: the products fit u32, Σf = 65536 keeps the sums in u32.
            let fr = f * r;
            let fd = f * d;
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
    reflect_stat_lines(out, w, taps / 2);
}

fn reflect_stat_lines(out: &mut StatLines, w: usize, half: usize) {
    reflect_line(&mut out.mu1, w, half);
    reflect_line(&mut out.mu2, w, half);
    reflect_line(&mut out.ref_sq, w, half);
    reflect_line(&mut out.dis_sq, w, half);
    reflect_line(&mut out.ref_dis, w, half);
}

/// Horizontal statistic pass and per-pixel VIF terms of one row (the second half of
/// `vif_statistic_*`, also `vif_compute_line_residuals`).
///
/// Per pixel: μ (Q24, u32), moments (`>> 16` to Q16), μ² terms (`(μ·μ + 2^31) >> 32`, Q16),
/// σ1², σ2², σ12 as i32 of wrapping u32 differences, σ2² clamped at 0. If σ1² ≥ σn²: the
/// denominator gains `log2_32(σn² + σ1²) − 2048·17`; if also σ12 > 0 and σ2² > 0, the gain
/// `g = σ12 / (σ1² + 65536·1e−10)` (f64) gives `sv² = (i32)(σ2² − g·σ12)` clamped at 0, then
/// `g = min(g, gain_limit)` and the numerator gains
/// `log2_64((i64)(g·g·σ1²) + sv² + σn²) − log2_64(sv² + σn²)`. Otherwise σ2² and one pixel go to
/// the non-log sums.
pub fn stat_horizontal(
    lines: &StatLines,
    filter: &[u16],
    w: usize,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let taps = filter.len();
    let start = LINE_PAD - taps / 2;
    let mut a = *acc;
    for j in 0..w {
        let s = start + j;
        let mu1l = &lines.mu1[s..s + taps];
        let mu2l = &lines.mu2[s..s + taps];
        let xxl = &lines.ref_sq[s..s + taps];
        let yyl = &lines.dis_sq[s..s + taps];
        let xyl = &lines.ref_dis[s..s + taps];
        let mut mu1 = 0u32;
        let mut mu2 = 0u32;
        let mut xx = 0u64;
        let mut yy = 0u64;
        let mut xy = 0u64;
        for k in 0..taps {
            let f = u32::from(filter[k]);
            mu1 = mu1.wrapping_add(f.wrapping_mul(mu1l[k]));
            mu2 = mu2.wrapping_add(f.wrapping_mul(mu2l[k]));
            xx += u64::from(f) * u64::from(xxl[k]);
            yy += u64::from(f) * u64::from(yyl[k]);
            xy += u64::from(f) * u64::from(xyl[k]);
        }
        pixel_terms(mu1, mu2, xx, yy, xy, log2, gain_limit, &mut a);
    }
    *acc = a;
}

/// The per-pixel part of the statistic, from the filtered means (Q24) and moments (before the
/// final `>> 16`).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn pixel_terms(
    mu1: u32,
    mu2: u32,
    xx: u64,
    yy: u64,
    xy: u64,
    log2: &[u16],
    gain_limit: f64,
    a: &mut VifAccum,
) {
    let (m1, m2) = (u64::from(mu1), u64::from(mu2));
    let mu1_sq = ((m1 * m1 + (1 << 31)) >> 32) as u32;
    let mu2_sq = ((m2 * m2 + (1 << 31)) >> 32) as u32;
    let mu1_mu2 = ((m1 * m2 + (1 << 31)) >> 32) as u32;
    let xx = round_shift_u64(xx, 16) as u32;
    let yy = round_shift_u64(yy, 16) as u32;
    let xy = round_shift_u64(xy, 16) as u32;
    let sigma1_sq = xx.wrapping_sub(mu1_sq) as i32;
    let sigma2_sq = (yy.wrapping_sub(mu2_sq) as i32).max(0);
    let sigma12 = xy.wrapping_sub(mu1_mu2) as i32;

    if sigma1_sq >= SIGMA_NSQ {
        // σ1² ≤ i32::MAX, so the sum fits u32 (upstream adds in int and passes it as uint32).
        a.den_log +=
            i64::from(log2_32(log2, (SIGMA_NSQ as u32).wrapping_add(sigma1_sq as u32)) - 2048 * 17);
        if sigma12 > 0 && sigma2_sq > 0 {
            const EPS: f64 = 65536.0 * 1.0e-10;
            let mut g = f64::from(sigma12) / (f64::from(sigma1_sq) + EPS);
            // Truncation toward zero; the value is ≤ σ2² so it never exceeds i32::MAX, and
            // values below i32::MIN (saturated here, INT_MIN on x86 upstream) clamp to 0 anyway.
            let sv_sq = ((f64::from(sigma2_sq) - g * f64::from(sigma12)) as i32).max(0);
            g = g.min(gain_limit);
            let numer1 = (sv_sq as u32).wrapping_add(SIGMA_NSQ as u32);
            let numer1_tmp = (g * g * f64::from(sigma1_sq)) as i64 + i64::from(numer1);
            a.num_log +=
                i64::from(log2_64(log2, numer1_tmp as u64) - log2_64(log2, u64::from(numer1)));
        }
    } else {
        a.num_non_log += i64::from(sigma2_sq);
        a.den_non_log += 1;
    }
}

/// Vertical decimation pass over 8-bit rows (`subsample_rd_8`): `(Σ f·p + 128) >> 8`.
pub fn sub_vertical_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    out: &mut SubLines,
) {
    let taps = filter.len();
    let (rows_ref, rows_dis) = (&rows_ref[..taps], &rows_dis[..taps]);
    for j in 0..w {
        let mut r = 0u32;
        let mut d = 0u32;
        for k in 0..taps {
            let f = u32::from(filter[k]);
            r += f * u32::from(rows_ref[k][j]);
            d += f * u32::from(rows_dis[k][j]);
        }
        out.ref_[LINE_PAD + j] = round_shift_u32(r, 8);
        out.dis[LINE_PAD + j] = round_shift_u32(d, 8);
    }
    let half = taps / 2;
    reflect_line(&mut out.ref_, w, half);
    reflect_line(&mut out.dis, w, half);
}

/// Vertical decimation pass over 16-bit rows (`subsample_rd_16`): `(Σ f·p + round) >> shift`,
/// narrowed to u16.
pub fn sub_vertical_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    out: &mut SubLines,
) {
    let taps = filter.len();
    let (rows_ref, rows_dis) = (&rows_ref[..taps], &rows_dis[..taps]);
    for j in 0..w {
        let mut r = 0u32;
        let mut d = 0u32;
        for k in 0..taps {
            let f = u32::from(filter[k]);
            r = r.wrapping_add(f * u32::from(rows_ref[k][j]));
            d = d.wrapping_add(f * u32::from(rows_dis[k][j]));
        }
        out.ref_[LINE_PAD + j] = u32::from(round_shift_u32_wrapping(r, shift) as u16);
        out.dis[LINE_PAD + j] = u32::from(round_shift_u32_wrapping(d, shift) as u16);
    }
    let half = taps / 2;
    reflect_line(&mut out.ref_, w, half);
    reflect_line(&mut out.dis, w, half);
}

/// Horizontal decimation pass: `(Σ f·line + 32768) >> 16` narrowed to u16, at the even columns
/// `0, 2, …, 2·(w/2 − 1)` only (the samples `decimate_and_pad` keeps).
pub fn sub_horizontal(
    lines: &SubLines,
    filter: &[u16],
    w: usize,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    let taps = filter.len();
    let start = LINE_PAD - taps / 2;
    let n = w / 2;
    for (x, (or, od)) in out_ref[..n].iter_mut().zip(&mut out_dis[..n]).enumerate() {
        let s = start + 2 * x;
        let rl = &lines.ref_[s..s + taps];
        let dl = &lines.dis[s..s + taps];
        let mut r = 0u32;
        let mut d = 0u32;
        for k in 0..taps {
            let f = u32::from(filter[k]);
            r = r.wrapping_add(f.wrapping_mul(rl[k]));
            d = d.wrapping_add(f.wrapping_mul(dl[k]));
        }
        *or = (r.wrapping_add(32768) >> 16) as u16;
        *od = (d.wrapping_add(32768) >> 16) as u16;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FILTERS, log2_table};
    use super::*;

    #[test]
    fn flat_rows_give_flat_means_and_zero_variance() {
        // A constant image: means are exact, variances vanish, every pixel is "non-log".
        let row = [200u8; 40];
        let rows: Vec<&[u8]> = vec![&row; 17];
        let mut lines = StatLines::new(40);
        stat_vertical_u8(&rows, &rows, FILTERS[0], 40, &mut lines);
        assert!(
            lines.mu1[LINE_PAD..LINE_PAD + 40]
                .iter()
                .all(|&v| v == 200 * 256)
        );
        assert!(
            lines.ref_sq[LINE_PAD..LINE_PAD + 40]
                .iter()
                .all(|&v| v == 200 * 200 * 65536)
        );
        let t = log2_table();
        let mut acc = VifAccum::default();
        stat_horizontal(&lines, FILTERS[0], 40, &t, 100.0, &mut acc);
        assert_eq!(
            acc,
            VifAccum {
                num_log: 0,
                den_log: 0,
                num_non_log: 0,
                den_non_log: 40
            }
        );
    }

    #[test]
    fn u16_path_with_bpc8_shifts_equals_u8_path() {
        let mut seed = 12345u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        };
        let w = 33;
        let r8: Vec<Vec<u8>> = (0..17).map(|_| (0..w).map(|_| next()).collect()).collect();
        let d8: Vec<Vec<u8>> = (0..17).map(|_| (0..w).map(|_| next()).collect()).collect();
        let r16: Vec<Vec<u16>> = r8
            .iter()
            .map(|r| r.iter().map(|&v| u16::from(v)).collect())
            .collect();
        let d16: Vec<Vec<u16>> = d8
            .iter()
            .map(|r| r.iter().map(|&v| u16::from(v)).collect())
            .collect();
        let rr8: Vec<&[u8]> = r8.iter().map(|r| r.as_slice()).collect();
        let dd8: Vec<&[u8]> = d8.iter().map(|r| r.as_slice()).collect();
        let rr16: Vec<&[u16]> = r16.iter().map(|r| r.as_slice()).collect();
        let dd16: Vec<&[u16]> = d16.iter().map(|r| r.as_slice()).collect();
        let mut a = StatLines::new(w);
        let mut b = StatLines::new(w);
        stat_vertical_u8(&rr8, &dd8, FILTERS[0], w, &mut a);
        stat_vertical_u16(
            &rr16,
            &dd16,
            FILTERS[0],
            VerticalShifts::statistic(0, 8),
            w,
            &mut b,
        );
        assert_eq!(a.mu1, b.mu1);
        assert_eq!(a.ref_dis, b.ref_dis);
        let mut sa = SubLines::new(w);
        let mut sb = SubLines::new(w);
        sub_vertical_u8(&rr8[..9], &dd8[..9], FILTERS[1], w, &mut sa);
        sub_vertical_u16(&rr16[..9], &dd16[..9], FILTERS[1], 8, w, &mut sb);
        assert_eq!(sa.ref_, sb.ref_);
        assert_eq!(sa.dis, sb.dis);
    }

    #[test]
    fn out_of_range_samples_do_not_panic() {
        let row = [u16::MAX; 20];
        let rows: Vec<&[u16]> = vec![&row; 17];
        let mut lines = StatLines::new(20);
        stat_vertical_u16(
            &rows,
            &rows,
            FILTERS[0],
            VerticalShifts::statistic(0, 10),
            20,
            &mut lines,
        );
        let t = log2_table();
        let mut acc = VifAccum::default();
        stat_horizontal(&lines, FILTERS[0], 20, &t, 100.0, &mut acc);
        let mut sub = SubLines::new(20);
        sub_vertical_u16(&rows[..9], &rows[..9], FILTERS[1], 10, 20, &mut sub);
        let (mut o1, mut o2) = ([0u16; 10], [0u16; 10]);
        sub_horizontal(&sub, FILTERS[1], 20, &mut o1, &mut o2);
    }
}
