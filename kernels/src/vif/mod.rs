//! Kernels of the integer VIF feature (libvmaf `integer_vif.c`, `integer_vif.h`).
//!
//! VIF works on one frame pair at four scales. At each scale a separable Gaussian window (17, 9, 5
//! or 3 taps, Q16 coefficients) gives local means, variances and the covariance of reference and
//! distorted luma; a per-pixel information ratio is summed in fixed point. Between scales, both
//! images are low-pass filtered with the next scale's window and decimated by two.
//!
//! The kernels are *row kernels* ([`VifKernels`]); the per-frame orchestration (reflected row
//! selection, scale ladder, decimated planes) lives in the `foveal` crate's `features::vif`
//! module. The caller hands each kernel the `taps` input rows of one output row (reflect-101 at
//! the top and bottom edges) and a [`VifScratch`]:
//! - [`StatRowU8`] / [`StatRowU16`] (upstream `vif_statistic_8` / `vif_statistic_16`): the
//!   vertical pass into line buffers, the reflection of their left and right borders (libvmaf's
//!   `PADDING_SQ_DATA` / `PADDING_SQ_DATA_2`), the horizontal pass and the per-pixel VIF terms,
//!   summed into a [`VifAccum`];
//! - [`SubRowU8`] / [`SubRowU16`] (`subsample_rd_*` + `decimate_and_pad`): one low-passed row at
//!   its even columns (the caller only asks for even rows), exactly what libvmaf keeps.
//!
//! Levels: [`scalar`] is the reference (vertical and horizontal passes as separate functions over
//! `u32` line buffers); `avx2.rs` and `avx512.rs` are its vector twins, chosen once per extractor by
//! [`VifKernels::for_level`]. The twins evaluate the same integer sums with `pmaddwd` over biased
//! 16-bit line streams (see [`VifScratch`] and docs/features/vif.md, "Performance").
//! On aarch64, `neon.rs` keeps the scalar organisation and its `u32` line buffers: NEON's
//! widening multiply-accumulates (16x16 → 32 and 32x32 → 64 bits) form the reference's sums in
//! their own types, and the per-pixel terms run four pixels at a time (`f64` lanes for the gain,
//! per-lane table lookups). Every row kernel of the table has a NEON twin.
//!
//! All arithmetic is integer and identical to libvmaf's C reference (the only floating point is
//! the per-pixel gain `g` in `f64`, as upstream), so any evaluation order of the sums gives the
//! same result: vector twins are free to reorganise the loops.

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
mod log_poly;
#[cfg(target_arch = "aarch64")]
mod neon;
pub mod scalar;

use crate::cpu::CpuLevel;

/// The Q16 window of each scale (each sums to 65536), libvmaf's `vif_filter1d_table`.
pub const FILTERS: [&[u16]; 4] = [
    &[
        489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640,
        935, 489,
    ],
    &[1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
    &[3571, 16004, 26386, 16004, 3571],
    &[10904, 43728, 10904],
];

/// Largest window half-width (scale 0: 17 taps): the guard band on each side of a line buffer.
pub const LINE_PAD: usize = 8;

/// The noise variance σn² = 2.0 in Q16 (libvmaf's `sigma_nsq = 65536 << 1`).
pub const SIGMA_NSQ: i32 = 65536 << 1;

/// Number of entries of the log2 table (indices 0..=65536, as upstream; 32767..=65535 are used).
pub const LOG2_TABLE_LEN: usize = 65537;

/// Builds libvmaf's log table: entry `i` (32767 ≤ i ≤ 65535) is `round(log2f(i) · 2048)`, the
/// other entries are 0 (`log_generate`).
///
/// Upstream takes the single-precision `log2f` of `i`, scales it by 2048 (exact) and rounds half
/// away from zero in double precision. The single-precision rounding matters: for 80 entries
/// `log2f(i) · 2048` is exactly `k + 0.5` and rounds up, and for 38 of them the exact logarithm
/// would have rounded down. We form `log2f` as the double-precision logarithm rounded to `f32`
/// (correctly rounded here, independent of the platform's `log2f`), which reproduces the glibc
/// table libvmaf is built with entry for entry (checked by a unit test against `f32::log2`).
pub fn log2_table() -> Box<[u16]> {
    let mut t = vec![0u16; LOG2_TABLE_LEN].into_boxed_slice();
    for (i, v) in t.iter_mut().enumerate().take(65536).skip(32767) {
        let l = (i as f64).log2() as f32 * 2048.0;
        *v = f64::from(l).round() as u16;
    }
    t
}

/// The table of [`log2_table`], built once per process and shared by every extractor.
pub fn shared_log2_table() -> &'static [u16] {
    static TABLE: std::sync::OnceLock<Box<[u16]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(log2_table)
}

/// `2048 · log2(x)` for a 32-bit `x ≥ 2^16` from the table (libvmaf `log2_32`): the 16 leading
/// bits of `x` index the table, the shift adds `2048` per bit.
#[inline(always)]
pub fn log2_32(table: &[u16], x: u32) -> i32 {
    let k = 16 - x.leading_zeros() as i32;
    i32::from(table[(x >> k) as usize]) + 2048 * k
}

/// `2048 · log2(x)` for a 64-bit `x ≥ 2^17` from the table (libvmaf `log2_64`).
#[inline(always)]
pub fn log2_64(table: &[u16], x: u64) -> i32 {
    let k = 48 - x.leading_zeros() as i32;
    i32::from(table[(x >> k) as usize]) + 2048 * k
}

/// Integer sums of one scale's statistic (libvmaf's four `accum_*` variables, `VifResiduals`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VifAccum {
    /// Σ 2048·log2(1 + g²σ1²/(sv² + σn²)) over pixels with σ1² ≥ σn².
    pub num_log: i64,
    /// Σ 2048·log2(1 + σ1²/σn²) over pixels with σ1² ≥ σn².
    pub den_log: i64,
    /// Σ σ2² (Q16) over pixels with σ1² < σn².
    pub num_non_log: i64,
    /// Number of pixels with σ1² < σn².
    pub den_non_log: i64,
}

impl VifAccum {
    /// Adds another partial sum (e.g. of another row).
    #[inline]
    pub fn add(&mut self, o: &VifAccum) {
        self.num_log += o.num_log;
        self.den_log += o.den_log;
        self.num_non_log += o.num_non_log;
        self.den_non_log += o.den_non_log;
    }

    /// The scale's numerator and denominator as libvmaf stores them: computed in `f64` and
    /// rounded to `f32` (`num[0] = …; den[0] = …` at the end of `vif_statistic_*`).
    pub fn num_den(&self) -> (f32, f32) {
        let num = self.num_log as f64 / 2048.0
            + (self.den_non_log as f64 - (self.num_non_log as f64 / 16384.0) / 65025.0);
        let den = self.den_log as f64 / 2048.0 + self.den_non_log as f64;
        (num as f32, den as f32)
    }
}

/// Rounding shifts of a vertical pass: results are `(sum + 2^(s-1)) >> s` (no rounding term when
/// `s == 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerticalShifts {
    /// Shift of the mean (Σ f·p).
    pub mu: u32,
    /// Shift of the second moments (Σ f·p·q).
    pub sq: u32,
}

impl VerticalShifts {
    /// Shifts of the statistic's vertical pass at `scale` for `bit_depth`-bit input
    /// (libvmaf `vif_statistic_16`): scale 0 brings the mean to Q8 (`>> bpc`) and the moments
    /// to Q16 of an 8-bit pixel (`>> 2·(bpc−8)`); coarser scales hold Q8 means, shifted by 16.
    pub const fn statistic(scale: usize, bit_depth: u32) -> Self {
        if scale == 0 {
            VerticalShifts {
                mu: bit_depth,
                sq: 2 * (bit_depth - 8),
            }
        } else {
            VerticalShifts { mu: 16, sq: 16 }
        }
    }

    /// Shift of the decimation filter's vertical pass reading data of `scale` (libvmaf
    /// `subsample_rd_16`): `>> bpc` from the input picture, `>> 16` from Q8 data.
    pub const fn subsample(scale: usize, bit_depth: u32) -> u32 {
        if scale == 0 { bit_depth } else { 16 }
    }
}

/// `(v + 2^(s-1)) >> s`, or `v` when `s == 0`.
#[inline(always)]
pub(crate) fn round_shift_u32(v: u32, s: u32) -> u32 {
    if s == 0 { v } else { (v + (1 << (s - 1))) >> s }
}

/// `(v + 2^(s-1)) >> s`, or `v` when `s == 0`.
#[inline(always)]
pub(crate) fn round_shift_u64(v: u64, s: u32) -> u64 {
    if s == 0 { v } else { (v + (1 << (s - 1))) >> s }
}

/// Line buffers of the statistic: vertically filtered means (Q8) and second moments (Q16) of one
/// row, each `LINE_PAD + width + LINE_PAD` long, sample `j` at index `LINE_PAD + j`.
#[derive(Clone, Debug)]
pub struct StatLines {
    /// Mean of the reference.
    pub mu1: Vec<u32>,
    /// Mean of the distorted image.
    pub mu2: Vec<u32>,
    /// Second moment of the reference.
    pub ref_sq: Vec<u32>,
    /// Second moment of the distorted image.
    pub dis_sq: Vec<u32>,
    /// Cross moment.
    pub ref_dis: Vec<u32>,
}

impl StatLines {
    /// Buffers for rows of up to `width` samples.
    pub fn new(width: usize) -> Self {
        let n = width + 2 * LINE_PAD;
        StatLines {
            mu1: vec![0; n],
            mu2: vec![0; n],
            ref_sq: vec![0; n],
            dis_sq: vec![0; n],
            ref_dis: vec![0; n],
        }
    }

    /// The widest row these buffers hold.
    pub fn capacity(&self) -> usize {
        self.mu1.len() - 2 * LINE_PAD
    }
}

/// Line buffers of the decimation filter: vertically filtered reference and distorted rows.
#[derive(Clone, Debug)]
pub struct SubLines {
    /// Reference.
    pub ref_: Vec<u32>,
    /// Distorted image.
    pub dis: Vec<u32>,
}

impl SubLines {
    /// Buffers for rows of up to `width` samples.
    pub fn new(width: usize) -> Self {
        let n = width + 2 * LINE_PAD;
        SubLines {
            ref_: vec![0; n],
            dis: vec![0; n],
        }
    }

    /// The widest row these buffers hold.
    pub fn capacity(&self) -> usize {
        self.ref_.len() - 2 * LINE_PAD
    }
}

/// The reflect-101 image of column or row `x` in `0..n` (`n ≥ 1`): −k ↦ k, n−1+k ↦ n−1−k,
/// repeated with period `2(n−1)` for indices further out (and everything ↦ 0 when `n == 1`).
/// For `|x|` below `n` this is libvmaf's mirror; further out libvmaf reads outside its buffers,
/// which the extractor never lets happen (every window is narrower than its plane).
#[inline]
pub fn reflect_index(x: isize, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    let period = 2 * (n as isize - 1);
    let m = x.rem_euclid(period);
    if m >= n as isize {
        (period - m) as usize
    } else {
        m as usize
    }
}

/// Reflects the `half` samples beyond each end of a line of `w ≥ 1` samples stored from
/// `LINE_PAD` (reflect-101 by [`reflect_index`]: index −k takes k, index w−1+k takes w−1−k when
/// `half < w`). Needs `half <= LINE_PAD` and `line.len() >= LINE_PAD + w + half`.
#[inline]
pub fn reflect_line<T: Copy>(line: &mut [T], w: usize, half: usize) {
    if half < w {
        // The only case the extractor produces: one mirror, no division.
        for f in 1..=half {
            line[LINE_PAD - f] = line[LINE_PAD + f];
            line[LINE_PAD + w - 1 + f] = line[LINE_PAD + w - 1 - f];
        }
        return;
    }
    for f in 1..=half {
        line[LINE_PAD - f] = line[LINE_PAD + reflect_index(-(f as isize), w)];
        let x = w - 1 + f;
        line[LINE_PAD + x] = line[LINE_PAD + reflect_index(x as isize, w)];
    }
}

/// Number of 16-bit line streams the vector kernels use: μ1, μ2, then the high and low halves of
/// the three second moments (see [`VifScratch`]).
pub const STREAMS: usize = 8;

/// Scratch memory of the row kernels for rows of up to `width` samples, allocated once.
///
/// The scalar kernels use [`StatLines`] / [`SubLines`] (one `u32` per sample). The vector kernels
/// use [`STREAMS`] lines of biased 16-bit samples (`v ^ 0x8000`, i.e. `v − 32768` read as `i16`,
/// ready for `pmaddwd`): μ1, μ2 (Q8 means, which fit 16 bits) and the high and low 16 bits of
/// the moments ref², dis², ref·dis. Each line has `LINE_PAD` guard samples on the left and room
/// for whole-vector reads past the right end.
#[derive(Clone, Debug)]
pub struct VifScratch {
    width: usize,
    /// Line buffers of the scalar statistic.
    pub stat: StatLines,
    /// Line buffers of the scalar decimation filter.
    pub sub: SubLines,
    /// Two sets of [`STREAMS`] lines (the second for two-row kernels).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) lines16: Vec<u16>,
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) stride16: usize,
    /// Three per-row lists of log-table indices collected by the vector kernels (each
    /// `idx_cap` long; AVX-512 stores `u16` pairs: the denominator's in the first list, the
    /// numerator's across the other two).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) idx16: Vec<u16>,
    /// Three per-row buffers of the gain pixels' σ1², σ2², σ12 (each `idx_cap` long).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) gain32: Vec<i32>,
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) idx_cap: usize,
    /// The vector kernels' plans of the last windows seen (a scale uses two, its statistic's
    /// and its decimation's), so that a row does not derive its plan again.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    plans: [Option<RememberedPlan>; 6],
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    next_plan: usize,
}

/// A window (up to 17 taps, then its length) and its plan, as [`VifScratch::plan`] keeps them.
type RememberedPlan = ([u16; 17], usize, Option<FilterPlan>);

impl VifScratch {
    /// Scratch for rows of up to `width` samples.
    pub fn new(width: usize) -> Self {
        // Vector blocks are 32 samples wide and read up to LINE_PAD + 1 + 31 samples past their
        // first output: round up to 64 and keep 64 more as slack.
        let stride16 = LINE_PAD + width.div_ceil(64) * 64 + 64;
        // A list holds at most one index per pixel, written 16 (or 32) at a time.
        let idx_cap = width + 64;
        VifScratch {
            width,
            stat: StatLines::new(width),
            sub: SubLines::new(width),
            lines16: vec![0; 2 * STREAMS * stride16],
            stride16,
            idx16: vec![0; 3 * idx_cap],
            gain32: vec![0; 3 * idx_cap],
            idx_cap,
            plans: Default::default(),
            next_plan: 0,
        }
    }

    /// [`FilterPlan::new`] of `filter`, remembered: the extractor runs every row of a scale with
    /// the same two windows. Windows of more than 17 taps have no plan (and are not remembered).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub(crate) fn plan(&mut self, filter: &[u16]) -> Option<FilterPlan> {
        let n = filter.len();
        for (f, len, plan) in self.plans.iter().flatten() {
            if f[..*len] == *filter {
                return *plan;
            }
        }
        let plan = FilterPlan::new(filter);
        if n <= 17 {
            let mut f = [0; 17];
            f[..n].copy_from_slice(filter);
            self.plans[self.next_plan] = Some((f, n, plan));
            self.next_plan = (self.next_plan + 1) % self.plans.len();
        }
        plan
    }

    /// The widest row this scratch holds.
    pub fn capacity(&self) -> usize {
        self.width
    }
}

/// `Σ table[i]` over a list of indices (plain scalar loads: the vector kernels collect the
/// indices of their table lookups and sum them here, which is faster than gathers).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
#[inline(never)]
pub(crate) fn table_sum(table: &[u16; LOG2_TABLE_LEN], idx: &[u16]) -> i64 {
    let mut s = [0u32; 4];
    let mut chunks = idx.chunks_exact(4);
    for c in &mut chunks {
        for (acc, &i) in s.iter_mut().zip(c) {
            *acc += u32::from(table[usize::from(i)]);
        }
    }
    let mut total: i64 = s.iter().map(|&v| i64::from(v)).sum();
    for &i in chunks.remainder() {
        total += i64::from(table[usize::from(i)]);
    }
    total
}

/// How far from a half-integer the in-lane approximation of a table entry must land to be
/// taken (see [`log_poly_scalar`]). It covers the approximation's error (below 0.0015) and the
/// table's own single-precision rounding (below 0.001).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) const LOG_POLY_MARGIN: f32 = 0.004;

/// The in-lane approximation of `table[i]`, `32768 ≤ i < 65536`, written as the scalar model
/// of the AVX-512 lanes (which must give the same values and the same verdicts bit for bit):
/// with `u = i − 32768`, segment `s = u >> 10` and `t = u & 1023`,
/// `d = fma(fma(c2[s], t, c1[s]), t, c0[s])` approximates `2048·log2(1 + u/32768)` in single
/// precision (coefficients from `kernels/tools/log_poly.py`). When `d` is farther than
/// [`LOG_POLY_MARGIN`] from a half-integer, the entry is `30720 + round(d)` (checked for every
/// index by a unit test); otherwise `None`, and the caller looks the entry up (about 1 % of
/// the indices). Only the low 15 bits of `i` are read.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn log_poly_scalar(i: u32) -> Option<u16> {
    let u = i.wrapping_sub(32768);
    let s = ((u >> 10) % log_poly::SEGMENTS as u32) as usize;
    let t = (u & 1023) as f32;
    let c = |k: usize| f32::from_bits(log_poly::COEF_BITS[k][s]);
    let d = c(2).mul_add(t, c(1)).mul_add(t, c(0));
    let r = d.round_ties_even();
    ((d - r).abs() < 0.5 - LOG_POLY_MARGIN).then(|| (r as i32 + 30720) as u16)
}

/// The bias of a 16-bit stream sample (`v ^ BIAS16` is `v − 32768` as `i16`).
pub(crate) const BIAS16: u16 = 0x8000;

/// How the vector kernels evaluate one window with `pmaddwd` (16-bit pairs, signed coefficients
/// below 32768), derived from the window by [`FilterPlan::new`].
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) struct FilterPlan {
    /// Window half-width.
    pub half: usize,
    /// Vertical pairs `(k, taps−1−k, c)`: rows `k` and `taps−1−k` share coefficient `c = f[k]`;
    /// the centre row is paired with itself with half its coefficient (`f[half]` is even).
    pub vpairs: [(usize, usize, u16); 9],
    /// Number of vertical pairs (`half + 1`).
    pub nv: usize,
    /// Horizontal pairs `(o, c0, c1)`: output `p` takes `c0·x[p+o] + c1·x[p+o+1]`.
    pub hpairs: [(isize, u16, u16); 9],
    /// Number of horizontal pairs.
    pub nh: usize,
}

impl FilterPlan {
    /// The plan of `filter`, or `None` when the vector kernels cannot evaluate it exactly (they
    /// need an odd symmetric window of at most 17 taps summing to 65536, an even centre tap, and
    /// pair coefficients below 32768). Every window of [`FILTERS`] qualifies.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    pub fn new(filter: &[u16]) -> Option<FilterPlan> {
        let taps = filter.len();
        if taps.is_multiple_of(2) || taps > 17 {
            return None;
        }
        let half = taps / 2;
        if filter.iter().map(|&c| u32::from(c)).sum::<u32>() != 65536 {
            return None;
        }
        if (0..half).any(|k| filter[k] != filter[taps - 1 - k]) {
            return None;
        }
        let centre = filter[half];
        if !centre.is_multiple_of(2) {
            return None;
        }
        let mut vpairs = [(0, 0, 0); 9];
        for (k, p) in vpairs.iter_mut().enumerate().take(half) {
            *p = (k, taps - 1 - k, filter[k]);
        }
        vpairs[half] = (half, half, centre / 2);
        let mut hpairs = [(0, 0, 0); 9];
        let nh;
        if filter.iter().all(|&c| c < 32768) {
            nh = half + 1;
            for (q, p) in hpairs.iter_mut().enumerate().take(nh) {
                let t = 2 * q;
                let c1 = if t + 1 < taps { filter[t + 1] } else { 0 };
                *p = (t as isize - half as isize, filter[t], c1);
            }
        } else if taps == 3 {
            // Split the centre tap in two halves, one in each pair.
            nh = 2;
            hpairs[0] = (-1, filter[0], centre / 2);
            hpairs[1] = (0, centre / 2, filter[2]);
        } else {
            return None;
        }
        let all_small = vpairs[..=half].iter().all(|p| p.2 < 32768)
            && hpairs[..nh].iter().all(|p| p.1 < 32768 && p.2 < 32768);
        all_small.then_some(FilterPlan {
            half,
            vpairs,
            nv: half + 1,
            hpairs,
            nh,
        })
    }
}

/// Scalar twin of the vector statistic's vertical pass over 8-bit rows, for columns `cols`:
/// writes the biased 16-bit streams (see [`VifScratch`]) of `stat_vertical_u8`'s values.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) fn stat_vertical_cols_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    cols: std::ops::Range<usize>,
    lines: &mut [u16],
    stride: usize,
) {
    for j in cols {
        let (mut mu1, mut mu2, mut xx, mut yy, mut xy) = (0u32, 0u32, 0u32, 0u32, 0u32);
        for (k, &f) in filter.iter().enumerate() {
            let f = u32::from(f);
            let r = u32::from(rows_ref[k][j]);
            let d = u32::from(rows_dis[k][j]);
            mu1 = mu1.wrapping_add(f * r);
            mu2 = mu2.wrapping_add(f * d);
            xx = xx.wrapping_add((f * r).wrapping_mul(r));
            yy = yy.wrapping_add((f * d).wrapping_mul(d));
            xy = xy.wrapping_add((f * r).wrapping_mul(d));
        }
        let mu1 = mu1.wrapping_add(128) >> 8;
        let mu2 = mu2.wrapping_add(128) >> 8;
        store_stat_column(lines, stride, LINE_PAD + j, [mu1, mu2, xx, yy, xy]);
    }
}

/// Scalar twin of the vector statistic's vertical pass over 16-bit rows, for columns `cols`.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) fn stat_vertical_cols_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    cols: std::ops::Range<usize>,
    lines: &mut [u16],
    stride: usize,
) {
    for j in cols {
        let (mut mu1, mut mu2) = (0u32, 0u32);
        let (mut xx, mut yy, mut xy) = (0u64, 0u64, 0u64);
        for (k, &f) in filter.iter().enumerate() {
            let f = u32::from(f);
            let r = u32::from(rows_ref[k][j]);
            let d = u32::from(rows_dis[k][j]);
            mu1 = mu1.wrapping_add(f * r);
            mu2 = mu2.wrapping_add(f * d);
            xx += u64::from(f * r) * u64::from(r);
            yy += u64::from(f * d) * u64::from(d);
            xy += u64::from(f * r) * u64::from(d);
        }
        let narrow = |v: u32| u32::from(round_shift_u32_wrapping(v, shifts.mu) as u16);
        let sq = |v: u64| round_shift_u64(v, shifts.sq) as u32;
        store_stat_column(
            lines,
            stride,
            LINE_PAD + j,
            [narrow(mu1), narrow(mu2), sq(xx), sq(yy), sq(xy)],
        );
    }
}

/// Stores one column of the statistic's vertical values into the biased 16-bit streams.
#[inline]
fn store_stat_column(lines: &mut [u16], stride: usize, at: usize, v: [u32; 5]) {
    let [mu1, mu2, xx, yy, xy] = v;
    let halves = [
        mu1 as u16,
        mu2 as u16,
        (xx >> 16) as u16,
        xx as u16,
        (yy >> 16) as u16,
        yy as u16,
        (xy >> 16) as u16,
        xy as u16,
    ];
    for (s, h) in halves.into_iter().enumerate() {
        lines[s * stride + at] = h ^ BIAS16;
    }
}

/// Scalar twin of the vector decimation's vertical pass (`sub_vertical_u8`), columns `cols`,
/// into biased 16-bit streams 0 (reference) and 1 (distorted).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) fn sub_vertical_cols_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    cols: std::ops::Range<usize>,
    lines: &mut [u16],
    stride: usize,
) {
    for j in cols {
        let (mut r, mut d) = (0u32, 0u32);
        for (k, &f) in filter.iter().enumerate() {
            r += u32::from(f) * u32::from(rows_ref[k][j]);
            d += u32::from(f) * u32::from(rows_dis[k][j]);
        }
        lines[LINE_PAD + j] = (round_shift_u32(r, 8) as u16) ^ BIAS16;
        lines[stride + LINE_PAD + j] = (round_shift_u32(d, 8) as u16) ^ BIAS16;
    }
}

/// Scalar twin of the vector decimation's vertical pass (`sub_vertical_u16`), columns `cols`.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(crate) fn sub_vertical_cols_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    cols: std::ops::Range<usize>,
    lines: &mut [u16],
    stride: usize,
) {
    for j in cols {
        let (mut r, mut d) = (0u32, 0u32);
        for (k, &f) in filter.iter().enumerate() {
            r = r.wrapping_add(u32::from(f) * u32::from(rows_ref[k][j]));
            d = d.wrapping_add(u32::from(f) * u32::from(rows_dis[k][j]));
        }
        lines[LINE_PAD + j] = (round_shift_u32_wrapping(r, shift) as u16) ^ BIAS16;
        lines[stride + LINE_PAD + j] = (round_shift_u32_wrapping(d, shift) as u16) ^ BIAS16;
    }
}

/// `(v + 2^(s-1)) >> s` with upstream's wrapping u32 addition (never wraps for in-range input).
#[inline(always)]
pub(crate) fn round_shift_u32_wrapping(v: u32, s: u32) -> u32 {
    if s == 0 {
        v
    } else {
        v.wrapping_add(1 << (s - 1)) >> s
    }
}

/// Checks the arguments every row kernel relies on (the vector kernels read through raw
/// pointers after this): `filter` has 1..=17 taps, there are `taps` rows of each image with at
/// least `w` samples, and `w` fits the scratch.
#[inline]
pub(crate) fn check_rows<T>(
    rows_ref: &[&[T]],
    rows_dis: &[&[T]],
    filter: &[u16],
    w: usize,
    scratch: &VifScratch,
) {
    let taps = filter.len();
    assert!(
        (1..=2 * LINE_PAD + 1).contains(&taps),
        "VIF window of {taps} taps"
    );
    assert!(
        w >= 1 && w <= scratch.capacity(),
        "row width {w} outside 1..={}",
        scratch.capacity()
    );
    assert!(
        rows_ref.len() >= taps && rows_dis.len() >= taps,
        "fewer rows than taps"
    );
    assert!(
        rows_ref[..taps]
            .iter()
            .chain(&rows_dis[..taps])
            .all(|r| r.len() >= w),
        "row shorter than {w}"
    );
}

/// Statistic of one output row of 8-bit input (scale 0, `vif_statistic_8`): `rows_*[k]` is input
/// row `i − taps/2 + k` (reflected by the caller); adds the row's VIF terms to `acc`.
pub type StatRowU8 = fn(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
);
/// Statistic of two consecutive output rows of 8-bit input: `rows_*` holds `taps + 1` rows,
/// input rows `i − taps/2 ..= i + 1 + taps/2`; adds the VIF terms of output rows `i` and `i + 1`
/// (the same as [`StatRowU8`] on `rows[..taps]` and on `rows[1..]`).
pub type StatRows2U8 = fn(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
);
/// Statistic of one output row of 16-bit rows (input samples or Q8 means of coarser scales,
/// `vif_statistic_16`), with the vertical pass's rounding shifts.
pub type StatRowU16 = fn(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
);
/// Statistic of two consecutive output rows of 16-bit rows from `taps + 1` input rows (as
/// [`StatRowU16`] on `rows[..taps]` and on `rows[1..]`).
pub type StatRows2U16 = fn(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
);
/// One decimated row from 8-bit rows (`subsample_rd_8` + `decimate_and_pad`): the `w / 2` even
/// columns of the low-passed row into `out_ref` / `out_dis`.
pub type SubRowU8 = fn(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
);
/// One decimated row from 16-bit rows (`subsample_rd_16`) with vertical rounding shift `shift`.
pub type SubRowU16 = fn(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
);

/// The VIF row kernels chosen for one CPU level.
#[derive(Clone, Copy)]
pub struct VifKernels {
    /// See [`StatRowU8`].
    pub stat_row_u8: StatRowU8,
    /// See [`StatRows2U8`].
    pub stat_rows2_u8: StatRows2U8,
    /// See [`StatRowU16`].
    pub stat_row_u16: StatRowU16,
    /// See [`StatRows2U16`].
    pub stat_rows2_u16: StatRows2U16,
    /// See [`SubRowU8`].
    pub sub_row_u8: SubRowU8,
    /// See [`SubRowU16`].
    pub sub_row_u16: SubRowU16,
    /// The level these kernels were built for.
    pub level: CpuLevel,
}

impl std::fmt::Debug for VifKernels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VifKernels")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl VifKernels {
    /// The portable reference kernels.
    pub const SCALAR: VifKernels = VifKernels {
        stat_row_u8: scalar::stat_row_u8,
        stat_rows2_u8: scalar::stat_rows2_u8,
        stat_row_u16: scalar::stat_row_u16,
        stat_rows2_u16: scalar::stat_rows2_u16,
        sub_row_u8: scalar::sub_row_u8,
        sub_row_u16: scalar::sub_row_u16,
        level: CpuLevel::Scalar,
    };

    /// The best kernels available at `level`, falling back level by level (AVX-512 → AVX2 →
    /// scalar on x86-64, NEON → scalar on aarch64) to what exists and what the CPU supports.
    pub fn for_level(level: CpuLevel) -> Self {
        #[cfg(target_arch = "aarch64")]
        if level == CpuLevel::Neon && CpuLevel::Neon.is_supported() {
            return neon::KERNELS;
        }
        #[cfg(target_arch = "x86_64")]
        {
            if level >= CpuLevel::Avx512
                && level != CpuLevel::Neon
                && CpuLevel::Avx512.is_supported()
            {
                return avx512::KERNELS;
            }
            if level >= CpuLevel::Avx2 && level != CpuLevel::Neon && CpuLevel::Avx2.is_supported() {
                return avx2::KERNELS;
            }
        }
        let _ = level;
        VifKernels::SCALAR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_sum_to_one_in_q16() {
        for f in FILTERS {
            assert_eq!(f.iter().map(|&c| u32::from(c)).sum::<u32>(), 65536);
            assert_eq!(f.len() % 2, 1);
            assert!(f.len() / 2 <= LINE_PAD);
        }
    }

    #[test]
    fn every_certain_index_equals_the_table() {
        let t = log2_table();
        let mut uncertain = 0;
        for i in 32768..65536u32 {
            match log_poly_scalar(i) {
                Some(v) => assert_eq!(v, t[i as usize], "index {i}"),
                None => uncertain += 1,
            }
        }
        // The fallback must stay rare (the point of the approximation) and cannot be empty
        // (a margin of zero would take entries the approximation cannot decide).
        assert!(
            (1..=600).contains(&uncertain),
            "{uncertain} uncertain indices"
        );
        // Index 33108 is one of the entries the single-precision table rounds up from exactly
        // k + 0.5: the approximation cannot resolve it and must defer to the table.
        assert_eq!(log_poly_scalar(33108), None);
    }

    #[test]
    fn log2_table_matches_single_precision_definition() {
        // libvmaf: round(log2f(i) * 2048) with the platform's log2f. Our platform-independent
        // construction must give the same table as the definition evaluated with f32::log2.
        let t = log2_table();
        for i in 32767..65536usize {
            let want = f64::from((i as f32).log2() * 2048.0).round() as u16;
            assert_eq!(t[i], want, "entry {i}");
        }
        // An entry where the f32 logarithm lands on k + 0.5 (exact value 30750.4993…).
        assert_eq!(t[33108], 30751);
        assert_eq!(t[32768], 30720);
        assert_eq!(t[65535], 32768);
        assert_eq!(t[0], 0);
        assert_eq!(t[65536], 0);
    }

    #[test]
    fn log2_lookup_scales_by_bit() {
        let t = log2_table();
        assert_eq!(log2_32(&t, 1 << 20), 20 * 2048);
        assert_eq!(log2_64(&t, 1 << 40), 40 * 2048);
        assert_eq!(log2_64(&t, SIGMA_NSQ as u64), 17 * 2048);
    }
}
