//! Kernels of the integer VIF feature (libvmaf `integer_vif.c`, `integer_vif.h`).
//!
//! VIF works on one frame pair at four scales. At each scale a separable Gaussian window (17, 9, 5
//! or 3 taps, Q16 coefficients) gives local means, variances and the covariance of reference and
//! distorted luma; a per-pixel information ratio is summed in fixed point. Between scales, both
//! images are low-pass filtered with the next scale's window and decimated by two.
//!
//! The kernels are row kernels; the per-frame orchestration (reflected row selection, scale
//! ladder, buffers) lives in the `foveal` crate's `features::vif` module:
//! - a *vertical* kernel filters one output row from the `taps` input rows that the caller selected
//!   (reflect-101 at the top and bottom edges) into line buffers, then reflects the line buffers'
//!   left and right borders in place (libvmaf's `PADDING_SQ_DATA` / `PADDING_SQ_DATA_2`);
//! - a *horizontal* kernel filters the line buffers: for the statistic it accumulates the per-pixel
//!   VIF terms of the row into a [`VifAccum`]; for the decimation it writes the even columns of the
//!   low-passed row (the caller only asks for even rows), which is exactly what libvmaf keeps after
//!   `subsample_rd_*` + `decimate_and_pad`.
//!
//! All arithmetic is integer and identical to libvmaf's C reference (the only floating point is
//! the per-pixel gain `g` in `f64`, as upstream), so any evaluation order of the sums gives the
//! same result: vector twins are free to reorganise the loops.

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

/// Reflects the `half` samples beyond each end of a line of `w` samples stored from
/// `LINE_PAD` (reflect-101: index −k takes k, index w−1+k takes w−1−k). Needs `half < w`.
#[inline]
pub fn reflect_line(line: &mut [u32], w: usize, half: usize) {
    for f in 1..=half {
        line[LINE_PAD - f] = line[LINE_PAD + f];
        line[LINE_PAD + w - 1 + f] = line[LINE_PAD + w - 1 - f];
    }
}

/// Vertical statistic pass over 8-bit rows: `rows_*[k]` is input row `i − taps/2 + k`.
pub type StatVerticalU8 =
    fn(rows_ref: &[&[u8]], rows_dis: &[&[u8]], filter: &[u16], w: usize, out: &mut StatLines);
/// Vertical statistic pass over 16-bit rows (input samples or Q8 means of coarser scales).
pub type StatVerticalU16 = fn(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    out: &mut StatLines,
);
/// Horizontal statistic pass: accumulates the VIF terms of one row of `w` pixels into `acc`.
pub type StatHorizontal = fn(
    lines: &StatLines,
    filter: &[u16],
    w: usize,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
);
/// Vertical decimation pass over 8-bit rows (`>> 8`).
pub type SubVerticalU8 =
    fn(rows_ref: &[&[u8]], rows_dis: &[&[u8]], filter: &[u16], w: usize, out: &mut SubLines);
/// Vertical decimation pass over 16-bit rows with rounding shift `shift`.
pub type SubVerticalU16 = fn(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    out: &mut SubLines,
);
/// Horizontal decimation pass: writes the `w / 2` even columns of the filtered row.
pub type SubHorizontal =
    fn(lines: &SubLines, filter: &[u16], w: usize, out_ref: &mut [u16], out_dis: &mut [u16]);

/// The VIF kernels chosen for one CPU level.
#[derive(Clone, Copy)]
pub struct VifKernels {
    /// See [`StatVerticalU8`].
    pub stat_vertical_u8: StatVerticalU8,
    /// See [`StatVerticalU16`].
    pub stat_vertical_u16: StatVerticalU16,
    /// See [`StatHorizontal`].
    pub stat_horizontal: StatHorizontal,
    /// See [`SubVerticalU8`].
    pub sub_vertical_u8: SubVerticalU8,
    /// See [`SubVerticalU16`].
    pub sub_vertical_u16: SubVerticalU16,
    /// See [`SubHorizontal`].
    pub sub_horizontal: SubHorizontal,
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
        stat_vertical_u8: scalar::stat_vertical_u8,
        stat_vertical_u16: scalar::stat_vertical_u16,
        stat_horizontal: scalar::stat_horizontal,
        sub_vertical_u8: scalar::sub_vertical_u8,
        sub_vertical_u16: scalar::sub_vertical_u16,
        sub_horizontal: scalar::sub_horizontal,
        level: CpuLevel::Scalar,
    };

    /// The best kernels available at `level` (only the scalar reference exists so far).
    pub fn for_level(level: CpuLevel) -> Self {
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
