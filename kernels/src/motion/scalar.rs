//! Scalar reference kernels of integer motion: the blurred sum of absolute frame differences.
//!
//! Mirrors libvmaf 3.2 `integer_motion.c::motion_score_pipeline_8` / `motion_score_pipeline_16`
//! (the 2026 "pipelined" algorithm). For every row `i` of the frame:
//!
//! 1. Vertical pass over the *difference* `D = previous - current`: five mirrored rows around
//!    `i` are weighted with [`FILTER`] (Q16, sums to 65536) and rounded back to Q8 of the 8-bit
//!    scale: `(Σ f·D + 2^(s-1)) >> s` with `s = 8` for 8-bit input and `s = bit_depth` above
//!    (arithmetic shift, i.e. floor). 8-bit accumulates in `i32`, deeper input in `i64`; the row
//!    result is stored as `i32`.
//! 2. Horizontal pass over that row (mirrored columns, `i64` accumulation),
//!    `(Σ f·y + 2^15) >> 16`, truncated to `i32`; the absolute values are summed in a `u32` per
//!    row (wrapping, as C `uint32_t` does) and the row sums in a `u64`.
//!
//! The result is therefore the SAD in Q8 of the 8-bit sample scale, whatever the bit depth.
//! Rows whose vertical result is entirely zero are skipped, as upstream does; that changes no
//! value (the horizontal pass of a zero row is zero).
//!
//! Borders mirror without repeating the edge sample: index `-k` reads `k`, index `n-1+k` reads
//! `n-1-k`. That needs at least 3 rows and 3 columns, which the callers guarantee.

/// The 5-tap blur, Q16 (sums to 65536); libvmaf `integer_motion.h::filter`.
pub const FILTER: [i32; 5] = [3571, 16004, 26386, 16004, 3571];

/// Mirrors an index into `0..n` without repeating the edge (`-k → k`, `n-1+k → n-1-k`).
/// Valid for `-2 <= idx <= n + 1` when `n >= 3`.
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

/// Row indices of the five vertical taps centred on row `i`.
#[inline(always)]
fn tap_rows(i: usize, h: usize) -> [usize; 5] {
    let i = i as isize;
    [
        mirror(i - 2, h),
        mirror(i - 1, h),
        mirror(i, h),
        mirror(i + 1, h),
        mirror(i + 2, h),
    ]
}

/// One horizontal tap sum at column `j`, with columns mirrored at both edges.
#[inline(always)]
fn x_tap_mirrored(y_row: &[i32], j: usize) -> i64 {
    let w = y_row.len();
    let j = j as isize;
    let mut acc = 0i64;
    for (k, &f) in FILTER.iter().enumerate() {
        acc += i64::from(f) * i64::from(y_row[mirror(j - 2 + k as isize, w)]);
    }
    acc
}

/// Rounds a horizontal Q16 sum back to Q8 and returns its magnitude.
#[inline(always)]
fn x_round_abs(acc: i64) -> u32 {
    // The C code truncates the shifted int64 to int32 before `abs`.
    (((acc + (1 << 15)) >> 16) as i32).unsigned_abs()
}

/// Horizontal blur of one vertically filtered row, absolute values summed in a wrapping `u32`
/// (upstream keeps the row sum in `uint32_t`). `y_row.len()` is the width, at least 3.
/// Accumulates in `i64` as upstream does, valid for any row.
fn x_conv_row_sad(y_row: &[i32]) -> u32 {
    let w = y_row.len();
    let mut row_sad = 0u32;
    let left = w.min(2);
    for j in 0..left {
        row_sad = row_sad.wrapping_add(x_round_abs(x_tap_mirrored(y_row, j)));
    }
    if w >= 5 {
        for win in y_row.windows(5) {
            let acc = i64::from(FILTER[0]) * i64::from(win[0])
                + i64::from(FILTER[1]) * i64::from(win[1])
                + i64::from(FILTER[2]) * i64::from(win[2])
                + i64::from(FILTER[3]) * i64::from(win[3])
                + i64::from(FILTER[4]) * i64::from(win[4]);
            row_sad = row_sad.wrapping_add(x_round_abs(acc));
        }
    }
    // Columns not covered by a full window: the last two (or, for w < 5, whatever is left).
    let right_start = if w >= 5 { w - 2 } else { left };
    for j in right_start..w {
        row_sad = row_sad.wrapping_add(x_round_abs(x_tap_mirrored(y_row, j)));
    }
    row_sad
}

/// [`x_conv_row_sad`] for a row whose values all have magnitude below 2^15, in `i32`: then
/// `Σ|f·y| + 2^15 <= 65536·(2^15 - 1) + 2^15 < 2^31`, so the `i32` sums equal the `i64` ones.
/// The filter is symmetric, so each window sums as `f0·(y0 + y4) + f1·(y1 + y3) + f2·y2`.
#[inline(always)]
fn x_conv_row_sad_small(y_row: &[i32]) -> u32 {
    let w = y_row.len();
    if w < 5 {
        return x_conv_row_sad(y_row);
    }
    let mut row_sad = 0u32;
    for j in [0, 1, w - 2, w - 1] {
        row_sad = row_sad.wrapping_add(x_round_abs(x_tap_mirrored(y_row, j)));
    }
    let n = w - 4;
    let (y0, y1, y2, y3, y4) = (
        &y_row[..n],
        &y_row[1..n + 1],
        &y_row[2..n + 2],
        &y_row[3..n + 3],
        &y_row[4..n + 4],
    );
    let mut acc = 0u32;
    for j in 0..n {
        let t = FILTER[0] * (y0[j] + y4[j]) + FILTER[1] * (y1[j] + y3[j]) + FILTER[2] * y2[j];
        acc = acc.wrapping_add(((t + (1 << 15)) >> 16).unsigned_abs());
    }
    row_sad.wrapping_add(acc)
}

/// [`x_conv_row_sad`] for a row whose values all have magnitude below 2^23, in `i32`: each
/// value splits as `y = 256·yh + yl` (`yh = y >> 8`, `0 <= yl < 256`), so the window sum is
/// `256·A + B` with `A = Σ f·yh` (`|A| < 65536·2^15 = 2^31`) and `0 <= B = Σ f·yl < 2^24`.
/// With `A = 256·Ah + Al` (`0 <= Al < 256`), `256·A + B + 2^15 = 65536·Ah + (256·Al + B + 2^15)`
/// and the last term lies in `[0, 2^25)`, so the rounded shift is
/// `Ah + ((256·Al + B + 2^15) >> 16)`, exactly as in `i64`.
#[inline(always)]
fn x_conv_row_sad_split(y_row: &[i32]) -> u32 {
    let w = y_row.len();
    if w < 5 {
        return x_conv_row_sad(y_row);
    }
    let mut row_sad = 0u32;
    for j in [0, 1, w - 2, w - 1] {
        row_sad = row_sad.wrapping_add(x_round_abs(x_tap_mirrored(y_row, j)));
    }
    let n = w - 4;
    let (y0, y1, y2, y3, y4) = (
        &y_row[..n],
        &y_row[1..n + 1],
        &y_row[2..n + 2],
        &y_row[3..n + 3],
        &y_row[4..n + 4],
    );
    let hi = |v: i32| v >> 8;
    let lo = |v: i32| v & 255;
    let mut acc = 0u32;
    for j in 0..n {
        let a = FILTER[0] * (hi(y0[j]) + hi(y4[j]))
            + FILTER[1] * (hi(y1[j]) + hi(y3[j]))
            + FILTER[2] * hi(y2[j]);
        let b = FILTER[0] * (lo(y0[j]) + lo(y4[j]))
            + FILTER[1] * (lo(y1[j]) + lo(y3[j]))
            + FILTER[2] * lo(y2[j]);
        let t = (a >> 8) + ((((a & 255) << 8) + b + (1 << 15)) >> 16);
        acc = acc.wrapping_add(t.unsigned_abs());
    }
    row_sad.wrapping_add(acc)
}

/// The horizontal pass of a row given the OR of its magnitudes (`magnitudes == 0`: all zero,
/// skipped as upstream does).
#[inline(always)]
fn x_row(y_row: &[i32], magnitudes: u32) -> u32 {
    if magnitudes == 0 {
        0
    } else if magnitudes < 1 << 15 {
        x_conv_row_sad_small(y_row)
    } else if magnitudes < 1 << 23 {
        x_conv_row_sad_split(y_row)
    } else {
        x_conv_row_sad(y_row)
    }
}

/// The five rows of taps around row `i`, `w` samples each.
#[inline(always)]
fn taps<T>(plane: &[T], stride: usize, i: usize, h: usize, w: usize) -> [&[T]; 5] {
    tap_rows(i, h).map(|r| &plane[r * stride..r * stride + w])
}

/// Blurred SAD of `previous - current` for 8-bit planes, in Q8 (divide by 256 for the 8-bit
/// sample scale); libvmaf `motion_score_pipeline_8`.
///
/// `previous` and `current` hold `h` rows of `w` samples, rows `prev_stride` / `cur_stride`
/// samples apart. `y_row` is scratch of at least `w` entries.
///
/// The vertical pass accumulates in `i32` (`Σ|f·d| <= 65536·255`), as upstream. Its results are
/// at most `65280` in magnitude, so the horizontal pass may need more than 31 bits: rows whose
/// values all stay below 2^15 are summed in `i32` (see [`x_conv_row_sad_small`]), other rows in
/// `i64` as upstream.
///
/// # Panics
/// If `w < 3`, `h < 3`, `y_row` is shorter than `w`, or a buffer is too short for its geometry
/// (callers validate all of these first).
#[inline(always)]
pub fn sad_u8(
    previous: &[u8],
    prev_stride: usize,
    current: &[u8],
    cur_stride: usize,
    w: usize,
    h: usize,
    y_row: &mut [i32],
) -> u64 {
    sad_u8_with(
        previous,
        prev_stride,
        current,
        cur_stride,
        w,
        h,
        y_row,
        |_, _, _| (0, 0),
    )
}

/// [`sad_u8`] with the vertical pass of each row's first columns done by `vertical(previous
/// rows, current rows, y_row)`, which returns how many columns it did and the OR of their
/// magnitudes (a vector twin's; the rest are done here).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn sad_u8_with(
    previous: &[u8],
    prev_stride: usize,
    current: &[u8],
    cur_stride: usize,
    w: usize,
    h: usize,
    y_row: &mut [i32],
    mut vertical: impl FnMut(&[&[u8]; 5], &[&[u8]; 5], &mut [i32]) -> (usize, u32),
) -> u64 {
    assert!(
        w >= 3 && h >= 3,
        "motion needs at least 3x3 samples, got {w}x{h}"
    );
    let y_row = &mut y_row[..w];
    let mut sad = 0u64;
    for i in 0..h {
        let p = taps(previous, prev_stride, i, h, w);
        let c = taps(current, cur_stride, i, h, w);
        let (done, mut magnitudes) = vertical(&p, &c, y_row);
        let ([p0, p1, p2, p3, p4], [c0, c1, c2, c3, c4]) = (p, c);
        for j in done..w {
            let d = |p: &[u8], c: &[u8]| i32::from(p[j]) - i32::from(c[j]);
            let acc = FILTER[0] * (d(p0, c0) + d(p4, c4))
                + FILTER[1] * (d(p1, c1) + d(p3, c3))
                + FILTER[2] * d(p2, c2);
            let v = (acc + (1 << 7)) >> 8;
            y_row[j] = v;
            magnitudes |= v.unsigned_abs();
        }
        sad += u64::from(x_row(y_row, magnitudes));
    }
    sad
}

/// Blurred SAD of `previous - current` for 9..16-bit planes, in Q8 of the 8-bit scale;
/// libvmaf `motion_score_pipeline_16`. `bit_depth` (9..=16; 8 also works and equals
/// [`sad_u8`] on in-range data) sets the vertical shift.
///
/// Upstream accumulates the vertical pass in `i64`. While every sample is below 2^15,
/// `Σ|f·d| <= 65536·(2^15 - 1)` plus the rounding term stays below 2^31, so `i32` gives the same
/// sums; 16-bit input, and rows reading a sample of 2^15 or more, use `i64`. The horizontal
/// pass is as in [`sad_u8`].
///
/// # Panics
/// As [`sad_u8`], and if `bit_depth` is outside 1..=31.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn sad_u16(
    previous: &[u16],
    prev_stride: usize,
    current: &[u16],
    cur_stride: usize,
    w: usize,
    h: usize,
    bit_depth: u32,
    y_row: &mut [i32],
) -> u64 {
    assert!(
        w >= 3 && h >= 3,
        "motion needs at least 3x3 samples, got {w}x{h}"
    );
    assert!(
        (1..32).contains(&bit_depth),
        "bit depth {bit_depth} out of range"
    );
    let y_row = &mut y_row[..w];
    let mut sad = 0u64;
    for i in 0..h {
        let [p0, p1, p2, p3, p4] = taps(previous, prev_stride, i, h, w);
        let [c0, c1, c2, c3, c4] = taps(current, cur_stride, i, h, w);
        let mut magnitudes = 0u32;
        let mut samples = 0u16;
        if bit_depth <= 15 {
            // i32 (wrapping, so that out-of-range samples cannot trap); exact when every
            // sample read is below 2^15, else the row is redone in i64 below.
            let round = 1i32 << (bit_depth - 1);
            for j in 0..w {
                samples |= p0[j] | p1[j] | p2[j] | p3[j] | p4[j];
                samples |= c0[j] | c1[j] | c2[j] | c3[j] | c4[j];
                let d = |p: &[u16], c: &[u16]| i32::from(p[j]) - i32::from(c[j]);
                let acc = FILTER[0]
                    .wrapping_mul(d(p0, c0) + d(p4, c4))
                    .wrapping_add(FILTER[1].wrapping_mul(d(p1, c1) + d(p3, c3)))
                    .wrapping_add(FILTER[2].wrapping_mul(d(p2, c2)));
                let v = acc.wrapping_add(round) >> bit_depth;
                y_row[j] = v;
                magnitudes |= v.unsigned_abs();
            }
        }
        if bit_depth > 15 || samples >= 1 << 15 {
            magnitudes = 0;
            let round = 1i64 << (bit_depth - 1);
            for j in 0..w {
                let d = |p: &[u16], c: &[u16]| i64::from(p[j]) - i64::from(c[j]);
                let acc = i64::from(FILTER[0]) * (d(p0, c0) + d(p4, c4))
                    + i64::from(FILTER[1]) * (d(p1, c1) + d(p3, c3))
                    + i64::from(FILTER[2]) * d(p2, c2);
                // Upstream stores the shifted int64 into an int32 (a plain truncating cast).
                let v = ((acc + round) >> bit_depth) as i32;
                y_row[j] = v;
                magnitudes |= v.unsigned_abs();
            }
        }
        sad += u64::from(x_row(y_row, magnitudes));
    }
    sad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_sums_to_q16_one() {
        assert_eq!(FILTER.iter().sum::<i32>(), 65536);
    }

    #[test]
    fn mirror_matches_libvmaf_rule() {
        // idx < 0 -> -idx; idx >= n -> 2n - idx - 2.
        assert_eq!(mirror(-2, 5), 2);
        assert_eq!(mirror(-1, 5), 1);
        assert_eq!(mirror(4, 5), 4);
        assert_eq!(mirror(5, 5), 3);
        assert_eq!(mirror(6, 5), 2);
        assert_eq!(mirror(-2, 3), 2);
        assert_eq!(mirror(4, 3), 0);
    }

    /// Hand derivation (see docs/features/motion.md): a +1 impulse at the centre of a 7x7 8-bit
    /// difference. Vertical taps give (3571+128)>>8 = 14, (16004+128)>>8 = 63,
    /// (26386+128)>>8 = 103 in rows 1..5 of column 3. Horizontal pass of a lone value v sums
    /// floor((f·v + 32768) / 65536) over the five taps: v=14 -> 1+3+6+3+1 = 14,
    /// v=63 -> 3+15+25+15+3 = 61, v=103 -> 6+25+41+25+6 = 103. SAD = 14+61+103+61+14 = 253.
    #[test]
    fn impulse_sad_by_hand() {
        let mut prev = [0u8; 49];
        prev[3 * 7 + 3] = 1;
        let cur = [0u8; 49];
        let mut y = [0i32; 7];
        assert_eq!(sad_u8(&prev, 7, &cur, 7, 7, 7, &mut y), 253);
        // Same in the 16-bit path at 8 bits (the shift is then 8 as well).
        let prev16: Vec<u16> = prev.iter().map(|&v| u16::from(v)).collect();
        let cur16 = [0u16; 49];
        assert_eq!(sad_u16(&prev16, 7, &cur16, 7, 7, 7, 8, &mut y), 253);
    }

    /// A constant difference d (8-bit scale) blurs to exactly 256·d per sample in both passes:
    /// (65536·d + 128) >> 8 = 256·d, (65536·256·d + 32768) >> 16 = 256·d.
    #[test]
    fn constant_difference_by_hand() {
        let (w, h) = (9, 4);
        let prev = vec![100u8; w * h];
        let cur = vec![90u8; w * h];
        let mut y = vec![0i32; w];
        assert_eq!(
            sad_u8(&prev, w, &cur, w, w, h, &mut y),
            2560 * (w * h) as u64
        );
        assert_eq!(
            sad_u8(&cur, w, &prev, w, w, h, &mut y),
            2560 * (w * h) as u64
        );
        for bd in 9..=16u32 {
            let s = 1u16 << (bd - 8);
            let prev = vec![100 * s; w * h];
            let cur = vec![90 * s; w * h];
            assert_eq!(
                sad_u16(&prev, w, &cur, w, w, h, bd, &mut y),
                2560 * (w * h) as u64,
                "bd {bd}"
            );
        }
    }

    #[test]
    fn narrow_widths_use_mirrored_columns() {
        // w = 3 and 4: every column goes through the mirrored path. A constant difference still
        // gives 256·d per sample.
        for w in 3..=6 {
            let h = 3;
            let prev = vec![7u8; w * h];
            let cur = vec![5u8; w * h];
            let mut y = vec![0i32; w];
            assert_eq!(
                sad_u8(&prev, w, &cur, w, w, h, &mut y),
                512 * (w * h) as u64,
                "w {w}"
            );
        }
    }

    // libvmaf's loops as first written here (i64 throughout the 16-bit path, every row through
    // the i64 horizontal pass): the restructured kernels above must give the same sums.
    fn reference_sad_u8(
        previous: &[u8],
        prev_stride: usize,
        current: &[u8],
        cur_stride: usize,
        w: usize,
        h: usize,
        y_row: &mut [i32],
    ) -> u64 {
        assert!(
            w >= 3 && h >= 3,
            "motion needs at least 3x3 samples, got {w}x{h}"
        );
        let y_row = &mut y_row[..w];
        let mut sad = 0u64;
        for i in 0..h {
            let rows = tap_rows(i, h);
            let p = rows.map(|r| &previous[r * prev_stride..r * prev_stride + w]);
            let c = rows.map(|r| &current[r * cur_stride..r * cur_stride + w]);
            let mut any_nonzero = 0i32;
            for (j, out) in y_row.iter_mut().enumerate() {
                let mut acc = 0i32;
                for k in 0..5 {
                    let d = i32::from(p[k][j]) - i32::from(c[k][j]);
                    acc += FILTER[k] * d;
                }
                let v = (acc + (1 << 7)) >> 8;
                *out = v;
                any_nonzero |= v;
            }
            if any_nonzero == 0 {
                continue;
            }
            sad += u64::from(x_conv_row_sad(y_row));
        }
        sad
    }

    #[allow(clippy::too_many_arguments)]
    fn reference_sad_u16(
        previous: &[u16],
        prev_stride: usize,
        current: &[u16],
        cur_stride: usize,
        w: usize,
        h: usize,
        bit_depth: u32,
        y_row: &mut [i32],
    ) -> u64 {
        assert!(
            w >= 3 && h >= 3,
            "motion needs at least 3x3 samples, got {w}x{h}"
        );
        assert!(
            (1..32).contains(&bit_depth),
            "bit depth {bit_depth} out of range"
        );
        let y_row = &mut y_row[..w];
        let round = 1i64 << (bit_depth - 1);
        let mut sad = 0u64;
        for i in 0..h {
            let rows = tap_rows(i, h);
            let p = rows.map(|r| &previous[r * prev_stride..r * prev_stride + w]);
            let c = rows.map(|r| &current[r * cur_stride..r * cur_stride + w]);
            let mut any_nonzero = 0i32;
            for (j, out) in y_row.iter_mut().enumerate() {
                let mut acc = 0i64;
                for k in 0..5 {
                    let d = i64::from(p[k][j]) - i64::from(c[k][j]);
                    acc += i64::from(FILTER[k]) * d;
                }
                // Upstream stores the shifted int64 into an int32 (a plain truncating cast).
                let v = ((acc + round) >> bit_depth) as i32;
                *out = v;
                any_nonzero |= v;
            }
            if any_nonzero == 0 {
                continue;
            }
            sad += u64::from(x_conv_row_sad(y_row));
        }
        sad
    }

    /// xorshift64
    fn rng(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed | 1;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    #[test]
    fn restructured_kernels_equal_the_plain_loops() {
        let mut next = rng(0x5eed);
        let mut compared = 0;
        for case in 0..400 {
            let w = 3 + (next() % 40) as usize;
            let h = 3 + (next() % 9) as usize;
            let stride = w + (next() % 5) as usize;
            let n = (h - 1) * stride + w;
            // Mostly extreme samples (full-swing edges push the vertical pass past 2^15),
            // sometimes small differences.
            let pick = |r: u64, max: u64| match r % 4 {
                0 => 0,
                1 => max,
                _ => r % (max + 1),
            };
            let mut y = vec![0i32; w];
            let p8: Vec<u8> = (0..n).map(|_| pick(next(), 255) as u8).collect();
            // Half the cases differ by a little (the i32 horizontal pass), half anywhere.
            let small = case % 2 == 0;
            let near = |p: u64, r: u64, max: u64| {
                if small {
                    (p + r % 9).saturating_sub(4).min(max)
                } else {
                    pick(r, max)
                }
            };
            let c8: Vec<u8> = p8
                .iter()
                .map(|&p| near(u64::from(p), next(), 255) as u8)
                .collect();
            let mut y_ref = vec![0i32; w];
            assert_eq!(
                sad_u8(&p8, stride, &c8, stride, w, h, &mut y),
                reference_sad_u8(&p8, stride, &c8, stride, w, h, &mut y_ref),
                "8-bit case {case} {w}x{h}"
            );
            for bd in [9u32, 10, 12, 15, 16] {
                // Also samples above the bit depth (up to 16 bits), which nothing rejects.
                let max = if case % 3 == 0 {
                    65535
                } else {
                    (1u64 << bd) - 1
                };
                let p: Vec<u16> = (0..n).map(|_| pick(next(), max) as u16).collect();
                let c: Vec<u16> = p
                    .iter()
                    .map(|&p| near(u64::from(p), next(), max) as u16)
                    .collect();
                assert_eq!(
                    sad_u16(&p, stride, &c, stride, w, h, bd, &mut y),
                    reference_sad_u16(&p, stride, &c, stride, w, h, bd, &mut y_ref),
                    "{bd}-bit case {case} {w}x{h}"
                );
                compared += 1;
            }
            compared += 1;
        }
        assert_eq!(compared, 2400);
    }
}
