//! Kernels of the integer ADM feature (libvmaf `integer_adm.c`): the scalar reference and its
//! AVX2 and AVX-512 twins, chosen once per extractor by [`AdmKernels::for_level`].
//!
//! The extractor (`foveal::features::adm`) owns the buffers and streams each scale row by row;
//! the functions here process **one band row** of one stage each, over plain slices:
//!
//! | kernel | libvmaf function |
//! |---|---|
//! | [`AdmKernels::dwt_s0_8`], [`AdmKernels::dwt_s0_16`] | `adm_dwt2_8`, `adm_dwt2_16` (last column as the AVX-512 build computes it) |
//! | [`AdmKernels::dwt_s0_lo_8`], [`AdmKernels::dwt_s0_lo_16`] | `adm_dwt2_8_lo`, `adm_dwt2_16_lo` (or the `a` row of the full DWT) |
//! | [`AdmKernels::dwt_s1`], [`AdmKernels::dwt_s23`] (+ `_lo`) | `adm_dwt2_s123_combined` (one picture per call) |
//! | [`AdmKernels::decouple_s0`], [`AdmKernels::decouple_s123`] | `adm_decouple`, `adm_decouple_s123` |
//! | [`AdmKernels::csf_s0`], [`AdmKernels::csf_s123`] | `adm_csf`, `i4_adm_csf`, reduced to what `adm_cm` reads |
//! | [`AdmKernels::den_s0`], [`AdmKernels::den_s123`] | the integer loops of `adm_csf_den_scale`, `adm_csf_den_s123` |
//! | [`AdmKernels::cm_s0`], [`AdmKernels::cm_s123`] | the integer loops of `adm_cm`, `i4_adm_cm` |
//!
//! Every kernel reproduces libvmaf's integer arithmetic exactly, including its wrap-arounds
//! (casts to 16/32 bits, 32-bit shifts) which are spelled out with `wrapping_*` and `as`.
//! The reference output is libvmaf's x86-64 AVX-512 build. It equals the C code except in one
//! place that ordinary frame sizes reach: the scale-0 DWT filters its last column without
//! mirroring when `(ceil(w/2) - 1)` is a multiple of 32 (8-bit) or 64 (9..16-bit); every level
//! reproduces that (see `docs/features/adm.md`, "Where libvmaf disagrees with itself").
//! Scale 0 works on `i16` bands (Q6 of the float DWT of `p - 128` at 8-bit scale), scales 1–3 on
//! `i32` bands.
//!
//! The vector kernels (`avx2`, `avx512` on x86-64, `neon` on aarch64) are private; their safe
//! wrappers check the slice lengths their loops rely on and run the scalar per-sample helpers on
//! the columns the vectors do not cover. `kernels/tests/adm_simd.rs` checks each against the
//! scalar kernel. Every entry of the NEON table is a NEON kernel; in the decoupling the
//! reciprocal-table quotient is looked up lane by lane (NEON has no gather), and blocks of
//! scales 1–3 with coefficients of 2^26 or more take the scalar code (see `neon.rs`).

use crate::cpu::CpuLevel;

pub mod scalar;

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "aarch64")]
mod neon;
#[cfg(target_arch = "x86_64")]
mod x86;

/// The db2 analysis low-pass filter in Q15 (sum 46342 ≈ 2^15·√2).
pub const DB2_LO: [i32; 4] = [15826, 27411, 7345, -4240];
/// The db2 analysis high-pass filter in Q15 (sum 0).
pub const DB2_HI: [i32; 4] = [-4240, -7345, 27411, -15826];
/// Sum of [`DB2_LO`]: the DC gain used to remove the mid-grey offset at scale 0.
pub const DB2_LO_SUM: i32 = 46342;

/// `floor(2^30 / i)` for `i = 1..=32768`, mirrored with negative sign below the centre: the
/// reciprocal table libvmaf uses to divide by a reference coefficient (`div_lookup`). Index
/// `32768 + o` holds `sign(o) * floor(2^30 / |o|)`; index 32768 (o = 0) is never used.
pub static DIV_LOOKUP: [i32; 65537] = div_lookup();

const fn div_lookup() -> [i32; 65537] {
    let mut t = [0i32; 65537];
    let mut i = 1;
    while i <= 32768 {
        let r = (1i32 << 30) / i;
        t[(32768 + i) as usize] = r;
        t[(32768 - i) as usize] = -r;
        i += 1;
    }
    t
}

/// Source taps of one DWT output sample: rows (or columns) `2i-1, 2i, 2i+1, 2i+2`, mirrored at
/// the edges exactly as libvmaf's `dwt2_src_indices_filt` does (reflect-101 at the start,
/// `2n-1-k` past the end).
pub type Taps = [usize; 4];

/// Fills `out[i]` (for `i < ceil(n/2)`) with the four source indices of output sample `i` along a
/// dimension of length `n`. `n` must be at least 5 (libvmaf's index generator misbehaves below,
/// which the extractor rules out by its minimum frame size).
pub fn dwt_taps(n: usize, out: &mut [Taps]) {
    let half = n.div_ceil(2);
    debug_assert!(n >= 5 && out.len() >= half);
    let mirror = |k: usize| if k >= n { 2 * n - k - 1 } else { k };
    out[0] = [1, 0, 1, 2];
    for (i, t) in out.iter_mut().enumerate().take(half).skip(1) {
        let c = 2 * i;
        *t = [mirror(c - 1), mirror(c), mirror(c + 1), mirror(c + 2)];
    }
}

/// The h, v and d bands of one picture at one scale, read-only (row stride given separately).
#[derive(Clone, Copy, Debug)]
pub struct Hvd<'a, T> {
    /// Vertical high-pass, horizontal low-pass.
    pub h: &'a [T],
    /// Vertical low-pass, horizontal high-pass.
    pub v: &'a [T],
    /// High-pass both ways.
    pub d: &'a [T],
}

/// The h, v and d bands of one picture at one scale, writable.
#[derive(Debug)]
pub struct HvdMut<'a, T> {
    /// Vertical high-pass, horizontal low-pass.
    pub h: &'a mut [T],
    /// Vertical low-pass, horizontal high-pass.
    pub v: &'a mut [T],
    /// High-pass both ways.
    pub d: &'a mut [T],
}

/// One output row of one DWT level (each at least `ceil(w/2)` samples), writable.
#[derive(Debug)]
pub struct DwtRow<'a, T> {
    /// Low-pass both ways (input of the next scale).
    pub a: &'a mut [T],
    /// Vertical high-pass, horizontal low-pass.
    pub h: &'a mut [T],
    /// Vertical low-pass, horizontal high-pass.
    pub v: &'a mut [T],
    /// High-pass both ways.
    pub d: &'a mut [T],
}

/// A half-open rectangle of band samples: columns `left..right`, rows `top..bottom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// First column.
    pub left: usize,
    /// First row.
    pub top: usize,
    /// One past the last column.
    pub right: usize,
    /// One past the last row.
    pub bottom: usize,
}

/// Shifts of the scale-0 contrast-masking sums (`adm_cm`), derived from the band size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CmShifts {
    /// Per-sample cube shift for h and v: `ceil(log2(w) - 4)` at scale 0, `ceil(log2(w))` at 1–3.
    pub cub_hv: u32,
    /// Per-sample cube shift for d: `ceil(log2(w) - 3)` at scale 0, `ceil(log2(w))` at 1–3.
    pub cub_d: u32,
    /// Per-row shift: `ceil(log2(h))`.
    pub row: u32,
}

/// Signature of one output row of the scale-0 DWT of 8-bit pictures (all four bands). `rows`
/// are the four source rows of equal width `w`; `ahead` the two rows the next call will add (a
/// prefetch hint only: their contents never affect the output); `tmp` holds at least `2·w`
/// samples.
pub type DwtS0U8Fn = fn(rows: [&[u8]; 4], ahead: [&[u8]; 2], tmp: &mut [i16], out: DwtRow<'_, i16>);
/// Signature of one output row of the scale-0 DWT of 9..16-bit pictures; `bpc` is the bit depth.
pub type DwtS0U16Fn =
    fn(rows: [&[u16]; 4], ahead: [&[u16]; 2], bpc: u32, tmp: &mut [i16], out: DwtRow<'_, i16>);
/// Signature of one row of the scale-0 low-pass-only DWT of 8-bit pictures. With `last_col`
/// false (`adm_skip_scale0`) it mirrors like `adm_dwt2_8_lo`; with `last_col` true its last
/// column is the one the full DWT computes (see [`scalar::dwt_s0_8`]), for rows whose other
/// bands are not needed.
pub type DwtS0LoU8Fn =
    fn(rows: [&[u8]; 4], ahead: [&[u8]; 2], last_col: bool, tmp: &mut [i16], a: &mut [i16]);
/// Signature of one row of the scale-0 low-pass-only DWT of 9..16-bit pictures.
pub type DwtS0LoU16Fn = fn(
    rows: [&[u16]; 4],
    ahead: [&[u16]; 2],
    bpc: u32,
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
);
/// Signature of one output row of the scale-1 DWT (input: the scale-0 low-pass band; `ahead`
/// as for [`DwtS0U8Fn`]).
pub type DwtS1Fn = fn(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], out: DwtRow<'_, i32>);
/// Signature of one output row of the scale-2 or -3 DWT (`scale` in 2..=3).
pub type DwtS23Fn =
    fn(rows: [&[i32]; 4], ahead: [&[i32]; 2], scale: usize, tmp: &mut [i32], out: DwtRow<'_, i32>);
/// Signature of one output row of the low-pass band only of the scale-1 DWT.
pub type DwtS1LoFn = fn(rows: [&[i16]; 4], ahead: [&[i16]; 2], tmp: &mut [i32], a: &mut [i32]);
/// Signature of one output row of the low-pass band only of the scale-2 DWT (`scale` = 2) or
/// scale-3 DWT.
pub type DwtS23LoFn =
    fn(rows: [&[i32]; 4], ahead: [&[i32]; 2], scale: usize, tmp: &mut [i32], a: &mut [i32]);
/// Signature of the decoupling of one scale-0 band row over columns `left..right`: restored `r`
/// and additive `a` values.
pub type DecoupleS0Fn = fn(
    rf: Hvd<'_, i16>,
    dis: Hvd<'_, i16>,
    left: usize,
    right: usize,
    enhn_gain_limit: f64,
    r: HvdMut<'_, i16>,
    a: HvdMut<'_, i16>,
);
/// Signature of the decoupling of one scales-1..=3 band row.
pub type DecoupleS123Fn = fn(
    rf: Hvd<'_, i32>,
    dis: Hvd<'_, i32>,
    left: usize,
    right: usize,
    enhn_gain_limit: f64,
    r: HvdMut<'_, i32>,
    a: HvdMut<'_, i32>,
);
/// Signature of the CSF of one scale-0 band row over `left..right`, reduced to the masker sum
/// `fsum` and the centre correction `own` (see [`scalar::csf_s0`]).
pub type CsfS0Fn = fn(
    src: Hvd<'_, i16>,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    fsum: &mut [i32],
    own: &mut [i32],
);
/// Signature of the CSF of one scales-1..=3 band row.
pub type CsfS123Fn = fn(
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    fsum: &mut [i32],
    own: &mut [i32],
);
/// Signature of the scale-0 denominator row sums `Σ |o|³` over `left..right`, per band.
pub type DenS0Fn = fn(src: Hvd<'_, i16>, left: usize, right: usize) -> [u64; 3];
/// Signature of the scales-1..=3 denominator row sums (`scale` in 1..=3).
pub type DenS123Fn =
    fn(src: Hvd<'_, i32>, left: usize, right: usize, scale: usize, cub_shift: u32) -> [u64; 3];
/// Signature of the scale-0 contrast-masking row sums. `x` is the band row measured; `fsum`
/// (rows up, mid, down) and `own` (row mid) the reduced CSF of the masking band; `w` the band
/// width; `left..right` the columns summed.
pub type CmS0Fn = fn(
    x: Hvd<'_, i16>,
    fsum: [&[i32]; 3],
    own: &[i32],
    w: usize,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
) -> [i64; 3];
/// Signature of the scales-1..=3 contrast-masking row sums.
pub type CmS123Fn = fn(
    x: Hvd<'_, i32>,
    fsum: [&[i32]; 3],
    own: &[i32],
    w: usize,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
) -> [i64; 3];

/// The ADM kernel table for one CPU level.
#[derive(Clone, Copy)]
pub struct AdmKernels {
    /// The level these kernels were built for.
    pub level: CpuLevel,
    /// Scale-0 DWT row, 8-bit input.
    pub dwt_s0_8: DwtS0U8Fn,
    /// Scale-0 DWT row, 9..16-bit input.
    pub dwt_s0_16: DwtS0U16Fn,
    /// Scale-0 low-pass-only DWT row, 8-bit input.
    pub dwt_s0_lo_8: DwtS0LoU8Fn,
    /// Scale-0 low-pass-only DWT row, 9..16-bit input.
    pub dwt_s0_lo_16: DwtS0LoU16Fn,
    /// Scale-1 DWT row.
    pub dwt_s1: DwtS1Fn,
    /// Scale-2/3 DWT row.
    pub dwt_s23: DwtS23Fn,
    /// Scale-1 DWT row, low-pass band only.
    pub dwt_s1_lo: DwtS1LoFn,
    /// Scale-2/3 DWT row, low-pass band only.
    pub dwt_s23_lo: DwtS23LoFn,
    /// Decoupling row, scale 0.
    pub decouple_s0: DecoupleS0Fn,
    /// Decoupling row, scales 1..=3.
    pub decouple_s123: DecoupleS123Fn,
    /// CSF row, scale 0.
    pub csf_s0: CsfS0Fn,
    /// CSF row, scales 1..=3.
    pub csf_s123: CsfS123Fn,
    /// Denominator row sums, scale 0.
    pub den_s0: DenS0Fn,
    /// Denominator row sums, scales 1..=3.
    pub den_s123: DenS123Fn,
    /// Contrast-masking row sums, scale 0.
    pub cm_s0: CmS0Fn,
    /// Contrast-masking row sums, scales 1..=3.
    pub cm_s123: CmS123Fn,
}

impl std::fmt::Debug for AdmKernels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdmKernels")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl AdmKernels {
    /// The portable scalar reference table.
    pub const SCALAR: AdmKernels = AdmKernels {
        level: CpuLevel::Scalar,
        dwt_s0_8: scalar::dwt_s0_8,
        dwt_s0_16: scalar::dwt_s0_16,
        dwt_s0_lo_8: scalar::dwt_s0_lo_8,
        dwt_s0_lo_16: scalar::dwt_s0_lo_16,
        dwt_s1: scalar::dwt_s1,
        dwt_s23: scalar::dwt_s23,
        dwt_s1_lo: scalar::dwt_s1_lo,
        dwt_s23_lo: scalar::dwt_s23_lo,
        decouple_s0: scalar::decouple_s0,
        decouple_s123: scalar::decouple_s123,
        csf_s0: scalar::csf_s0,
        csf_s123: scalar::csf_s123,
        den_s0: scalar::den_s0,
        den_s123: scalar::den_s123,
        cm_s0: scalar::cm_s0,
        cm_s123: scalar::cm_s123,
    };

    /// The AVX2 table (private: only [`AdmKernels::for_level`] hands it out, after checking that
    /// the CPU supports the level).
    #[cfg(target_arch = "x86_64")]
    const AVX2: AdmKernels = AdmKernels {
        level: CpuLevel::Avx2,
        dwt_s0_8: avx2::dwt_s0_8,
        dwt_s0_16: avx2::dwt_s0_16,
        dwt_s0_lo_8: avx2::dwt_s0_lo_8,
        dwt_s0_lo_16: avx2::dwt_s0_lo_16,
        dwt_s1: avx2::dwt_s1,
        dwt_s23: avx2::dwt_s23,
        dwt_s1_lo: avx2::dwt_s1_lo,
        dwt_s23_lo: avx2::dwt_s23_lo,
        decouple_s0: avx2::decouple_s0,
        decouple_s123: avx2::decouple_s123,
        csf_s0: avx2::csf_s0,
        csf_s123: avx2::csf_s123,
        den_s0: avx2::den_s0,
        den_s123: avx2::den_s123,
        cm_s0: avx2::cm_s0,
        cm_s123: avx2::cm_s123,
    };

    /// The AVX-512 table (private: only [`AdmKernels::for_level`] hands it out, after checking
    /// that the CPU supports the level).
    #[cfg(target_arch = "x86_64")]
    const AVX512: AdmKernels = AdmKernels {
        level: CpuLevel::Avx512,
        dwt_s0_8: avx512::dwt_s0_8,
        dwt_s0_16: avx512::dwt_s0_16,
        dwt_s0_lo_8: avx512::dwt_s0_lo_8,
        dwt_s0_lo_16: avx512::dwt_s0_lo_16,
        dwt_s1: avx512::dwt_s1,
        dwt_s23: avx512::dwt_s23,
        dwt_s1_lo: avx512::dwt_s1_lo,
        dwt_s23_lo: avx512::dwt_s23_lo,
        decouple_s0: avx512::decouple_s0,
        decouple_s123: avx512::decouple_s123,
        csf_s0: avx512::csf_s0,
        csf_s123: avx512::csf_s123,
        den_s0: avx512::den_s0,
        den_s123: avx512::den_s123,
        cm_s0: avx512::cm_s0,
        cm_s123: avx512::cm_s123,
    };

    /// The NEON table (private: only [`AdmKernels::for_level`] hands it out, after checking that
    /// the CPU supports the level).
    #[cfg(target_arch = "aarch64")]
    const NEON: AdmKernels = AdmKernels {
        level: CpuLevel::Neon,
        dwt_s0_8: neon::dwt_s0_8,
        dwt_s0_16: neon::dwt_s0_16,
        dwt_s0_lo_8: neon::dwt_s0_lo_8,
        dwt_s0_lo_16: neon::dwt_s0_lo_16,
        dwt_s1: neon::dwt_s1,
        dwt_s23: neon::dwt_s23,
        dwt_s1_lo: neon::dwt_s1_lo,
        dwt_s23_lo: neon::dwt_s23_lo,
        decouple_s0: neon::decouple_s0,
        decouple_s123: neon::decouple_s123,
        csf_s0: neon::csf_s0,
        csf_s123: neon::csf_s123,
        den_s0: neon::den_s0,
        den_s123: neon::den_s123,
        cm_s0: neon::cm_s0,
        cm_s123: neon::cm_s123,
    };

    /// The kernel table for `level`: the best one at or below it that exists and that this CPU
    /// supports (AVX-512, then AVX2, then the scalar reference on x86-64; NEON, then the scalar
    /// reference on aarch64). `table.level` says which.
    pub fn for_level(level: CpuLevel) -> Self {
        #[cfg(target_arch = "aarch64")]
        if level == CpuLevel::Neon && CpuLevel::Neon.is_supported() {
            return AdmKernels::NEON;
        }
        #[cfg(target_arch = "x86_64")]
        {
            if level >= CpuLevel::Avx512
                && level != CpuLevel::Neon
                && CpuLevel::Avx512.is_supported()
            {
                return AdmKernels::AVX512;
            }
            if level >= CpuLevel::Avx2 && level != CpuLevel::Neon && CpuLevel::Avx2.is_supported() {
                return AdmKernels::AVX2;
            }
        }
        let _ = level;
        AdmKernels::SCALAR
    }
}

// Slice checks shared by the vector kernels: the vector loops rely on them for their unchecked
// loads and stores. Each panics on inputs where the scalar kernel would index out of bounds.

/// Four DWT source rows of one width `w >= 3`, a scratch of `tmp_rows·w`, outputs of `ceil(w/2)`.
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(dead_code)
)]
fn check_dwt<T, V>(rows: &[&[T]; 4], tmp_len: usize, tmp_rows: usize, outs: &[&[V]]) {
    let w = rows[0].len();
    assert!(w >= 3, "ADM DWT row of width {w} (needs at least 3)");
    assert!(
        rows.iter().all(|r| r.len() == w),
        "ADM DWT source rows differ in width"
    );
    assert!(tmp_len >= tmp_rows * w, "ADM DWT scratch too short");
    assert!(
        outs.iter().all(|o| o.len() >= w.div_ceil(2)),
        "ADM DWT output row too short"
    );
}

/// The scale-0 DWT shift (the bit depth) in 1..=16.
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(dead_code)
)]
fn check_bpc(bpc: u32) {
    assert!((1..=16).contains(&bpc), "ADM DWT bit depth {bpc} (1..=16)");
}

/// Band rows covering `left..right`.
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(dead_code)
)]
fn check_band_rows<T>(left: usize, right: usize, rows: &[&[T]]) {
    assert!(
        left >= right || rows.iter().all(|r| r.len() >= right),
        "ADM band row shorter than column {right}"
    );
}

/// Masking inputs: `left..right` inside a band of width `w`, masker rows of `w`.
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(dead_code)
)]
fn check_cm<T>(x: &[&[T]], fsum: [&[i32]; 3], own: &[i32], w: usize, left: usize, right: usize) {
    assert!(
        right <= w,
        "ADM masking columns ..{right} past the band width {w}"
    );
    check_band_rows(left, right, x);
    assert!(
        fsum.iter().all(|r| r.len() >= w) && own.len() >= w,
        "ADM masking rows shorter than the band width {w}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn div_lookup_matches_definition() {
        assert_eq!(DIV_LOOKUP[32768 + 1], 1 << 30);
        assert_eq!(DIV_LOOKUP[32768 - 1], -(1 << 30));
        assert_eq!(DIV_LOOKUP[32768 + 3], 357_913_941);
        assert_eq!(DIV_LOOKUP[65536], 32768);
        assert_eq!(DIV_LOOKUP[0], -32768);
        assert_eq!(DIV_LOOKUP[32768], 0);
    }

    #[test]
    fn taps_mirror_like_libvmaf() {
        let mut t = vec![[0; 4]; 4];
        dwt_taps(7, &mut t);
        assert_eq!(
            t,
            vec![[1, 0, 1, 2], [1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 6, 5]]
        );
        let mut t = vec![[0; 4]; 3];
        dwt_taps(6, &mut t);
        assert_eq!(t, vec![[1, 0, 1, 2], [1, 2, 3, 4], [3, 4, 5, 5]]);
    }
}
