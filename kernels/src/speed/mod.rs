//! Kernels of SpEED (spatial efficient entropic differencing), the `speed_chroma` and
//! `speed_temporal` extractors of libvmaf 3.2 (`libvmaf/src/feature/speed.c`, with the filters of
//! `vif_tools.c` and `common/convolution_avx.c`, and the conversion of `picture_copy.c`).
//!
//! SpEED works in `f32` with a few `f64` steps. Every kernel here repeats upstream's operations in
//! upstream's order, so that the results are bit-identical to libvmaf's, not merely close:
//!
//! - [`ConvolveRows`] / [`ConvolvePadded`]: the two passes of the separable Gaussian filter
//!   (`vif_filter1d_s`, and its AVX twin `convolution_f32_avx_s`, which computes the same sums in
//!   the same order: one `f32` multiply and one `f32` add per tap, taps in ascending order,
//!   starting from `0.0`);
//! - [`CovarianceSum`]: the `f64` sum `Σ (x − μx)(y − μy)` over a strided sub-matrix
//!   (`compute_cov_kernel_*`). Upstream has three versions that round differently (the C loop, an
//!   AVX2 and an AVX-512 one with fused multiply-adds and lane-parallel partial sums) and picks
//!   one at run time from the CPU. All three orders are emulated here in portable Rust;
//!   [`CovarianceOrder`] names them. libvmaf's reference outputs (the project's goldens) were
//!   produced on an AVX-512 machine, so [`CovarianceOrder::Avx512`] is the default;
//! - [`ConvertU8`] / [`ConvertU16`]: the sample → `f32` conversion (`picture_copy`).
//!
//! - [`Difference`]: `a − b` sample by sample (the frame differences of `speed_temporal`).
//!
//! The tables ([`SpeedKernels`]) are chosen once per extractor for a CPU level: the scalar
//! reference, and its AVX2 and AVX-512 twins (`avx2.rs`, `avx512.rs`: the same bodies compiled
//! for those instruction sets, vectorised across columns without changing any output's
//! operations; the covariance sums with hardware fused multiply-add, which rounds as the C
//! library's `fma` called by the scalar build). Every table gives identical results.
//!
//! On aarch64 the NEON table (`neon.rs`) has `core::arch::aarch64` twins of every kernel: the
//! filters, conversions, differences and matrix product across columns (`vmulq_f32` then
//! `vaddq_f32`, never fused), the covariance sums in upstream's AVX2 / AVX-512 lane structure
//! with `vfmaq_f64`. Two entries keep the scalar loop: [`ConvolvePadded`] at `step != 1` (the
//! anti-alias pass computes every 16th output only) and the covariance in the C order (a single
//! sequential accumulator, nothing to vectorise).

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "aarch64")]
mod neon;
pub mod scalar;
#[cfg(target_arch = "x86_64")]
mod x86;

use crate::cpu::CpuLevel;

/// One vertical filter pass over a row: `out[j] = Σ_k filter[k] · rows[k][j]`, in `f32`, taps in
/// ascending `k`, starting from `0.0` (no fused multiply-add). `rows.len() >= filter.len()` and
/// every row holds at least `out.len()` samples.
pub type ConvolveRows = fn(rows: &[&[f32]], filter: &[f32], out: &mut [f32]);

/// One horizontal filter pass at every `step`-th output position:
/// `out[n] = Σ_k filter[k] · padded[n·step + k]`, in `f32`, taps in ascending `k`, starting from
/// `0.0`. `padded` is the row with its `filter.len() / 2` mirrored samples on either side.
pub type ConvolvePadded = fn(padded: &[f32], filter: &[f32], step: usize, out: &mut [f32]);

/// The covariance sum of one pair of shifted sub-matrices (upstream `compute_cov_kernel_*`):
/// `Σ_{i<height, j<width} ((f64)x[i·stride + j] − mean_x) · ((f64)y[i·stride + j] − mean_y)`,
/// summed in the order of one of upstream's three implementations ([`CovarianceOrder`]).
pub type CovarianceSum = fn(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64;

/// [`CovarianceSum`] over samples already centred in `f64`: `x` and `y` hold `height` rows of
/// `width` values each, packed (`x[i·width + j] = (f64)sample − mean`, the exact value the
/// [`CovarianceSum`] kernels compute on the fly), summed in the same order. Centring each of
/// SpEED's 25 shifted sub-matrices once, instead of once per pair, saves most of the work.
pub type CovarianceCentred = fn(x: &[f64], y: &[f64], height: usize, width: usize) -> f64;

/// 8-bit samples to `f32`: `out[j] = (f32)src[j] + offset` (upstream `picture_copy`, 8-bit path).
pub type ConvertU8 = fn(src: &[u8], offset: f32, out: &mut [f32]);

/// `out[j] = a[j] − b[j]` in `f32` (frame differences).
pub type Difference = fn(a: &[f32], b: &[f32], out: &mut [f32]);

/// `dst (rows×cols) = x (rows×inner) · y (inner×cols)`, row-major, as upstream's `matrix_mul`:
/// loop order (i, k, j), every element summed over `k` in ascending order from `0.0`, one `f32`
/// multiply and one add per term.
pub type Matmul = fn(dst: &mut [f32], x: &[f32], y: &[f32], rows: usize, inner: usize, cols: usize);

/// 16-bit samples to `f32`: `out[j] = (f32)src[j] / scaler + offset` (upstream
/// `picture_copy_hbd`; the scaler is 4, 16 or 256 for 10, 12 or 16 bits).
pub type ConvertU16 = fn(src: &[u16], scaler: f32, offset: f32, out: &mut [f32]);

/// Which of libvmaf's covariance kernels to reproduce. libvmaf 3.2 picks one at run time: the
/// AVX-512 one on CPUs with AVX-512 (F, CD, BW, DQ, VL) when built with AVX-512 support (the
/// default), else the AVX2 one on CPUs with AVX2, else the C loop. They differ in the last bits
/// of the `f64` sums; after rounding to `f32` the covariance matrices almost always agree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CovarianceOrder {
    /// The C loop (`compute_cov_kernel_scalar`): one `f64` accumulator, separate multiply and add,
    /// row-major order.
    Scalar,
    /// `compute_cov_kernel_avx2`: two 4-lane `f64` accumulators updated with fused multiply-adds
    /// (8 columns per step, then 4), a scalar tail per row, lanes summed left to right at the end.
    Avx2,
    /// `compute_cov_kernel_avx512`: two 8-lane `f64` accumulators updated with fused
    /// multiply-adds (16 columns per step, then 8), a scalar tail per row, lanes reduced as a
    /// pairwise tree at the end. What produced libvmaf's reference outputs.
    #[default]
    Avx512,
}

impl CovarianceOrder {
    /// The portable emulation of this order.
    pub fn kernel(self) -> CovarianceSum {
        match self {
            CovarianceOrder::Scalar => scalar::covariance_sum_c_order,
            CovarianceOrder::Avx2 => scalar::covariance_sum_avx2_order,
            CovarianceOrder::Avx512 => scalar::covariance_sum_avx512_order,
        }
    }

    /// The fastest implementation of this order at `level` (or the best level below it that this
    /// CPU supports): the same sums, with hardware fused multiply-add from the AVX2 level on
    /// (and at the NEON level, `vfmaq_f64`) instead of the C library's `fma`. Identical results
    /// at every level.
    pub fn kernel_for(self, level: CpuLevel) -> CovarianceSum {
        #[cfg(target_arch = "x86_64")]
        match (self, best_x86(level)) {
            (CovarianceOrder::Avx2, Some(CpuLevel::Avx512)) => {
                return avx512::covariance_sum_avx2_order;
            }
            (CovarianceOrder::Avx512, Some(CpuLevel::Avx512)) => {
                return avx512::covariance_sum_avx512_order;
            }
            (CovarianceOrder::Avx2, Some(_)) => return avx2::covariance_sum_avx2_order,
            (CovarianceOrder::Avx512, Some(_)) => return avx2::covariance_sum_avx512_order,
            _ => {}
        }
        #[cfg(target_arch = "aarch64")]
        if level == CpuLevel::Neon && CpuLevel::Neon.is_supported() {
            match self {
                CovarianceOrder::Avx2 => return neon::covariance_sum_avx2_order,
                CovarianceOrder::Avx512 => return neon::covariance_sum_avx512_order,
                CovarianceOrder::Scalar => {}
            }
        }
        let _ = level;
        self.kernel()
    }

    /// The portable [`CovarianceCentred`] of this order.
    pub fn centred_kernel(self) -> CovarianceCentred {
        match self {
            CovarianceOrder::Scalar => scalar::covariance_centred_c_order,
            CovarianceOrder::Avx2 => scalar::covariance_centred_avx2_order,
            CovarianceOrder::Avx512 => scalar::covariance_centred_avx512_order,
        }
    }

    /// The fastest [`CovarianceCentred`] of this order at `level` (as [`CovarianceOrder::kernel_for`]).
    pub fn centred_kernel_for(self, level: CpuLevel) -> CovarianceCentred {
        #[cfg(target_arch = "x86_64")]
        match (self, best_x86(level)) {
            (CovarianceOrder::Avx2, Some(CpuLevel::Avx512)) => {
                return avx512::covariance_centred_avx2_order;
            }
            (CovarianceOrder::Avx512, Some(CpuLevel::Avx512)) => {
                return avx512::covariance_centred_avx512_order;
            }
            (CovarianceOrder::Avx2, Some(_)) => return avx2::covariance_centred_avx2_order,
            (CovarianceOrder::Avx512, Some(_)) => return avx2::covariance_centred_avx512_order,
            _ => {}
        }
        #[cfg(target_arch = "aarch64")]
        if level == CpuLevel::Neon && CpuLevel::Neon.is_supported() {
            match self {
                CovarianceOrder::Avx2 => return neon::covariance_centred_avx2_order,
                CovarianceOrder::Avx512 => return neon::covariance_centred_avx512_order,
                CovarianceOrder::Scalar => {}
            }
        }
        let _ = level;
        self.centred_kernel()
    }

    /// The order libvmaf 3.2 (built with its default AVX-512 support) uses on a CPU that supports
    /// `level`.
    pub fn libvmaf_on(level: CpuLevel) -> CovarianceOrder {
        match level {
            CpuLevel::Avx512 => CovarianceOrder::Avx512,
            CpuLevel::Avx2 => CovarianceOrder::Avx2,
            CpuLevel::Scalar | CpuLevel::Neon => CovarianceOrder::Scalar,
        }
    }
}

/// The best x86 vector level at or below `level` that this CPU supports.
#[cfg(target_arch = "x86_64")]
fn best_x86(level: CpuLevel) -> Option<CpuLevel> {
    if level == CpuLevel::Neon {
        None
    } else if level >= CpuLevel::Avx512 && CpuLevel::Avx512.is_supported() {
        Some(CpuLevel::Avx512)
    } else if level >= CpuLevel::Avx2 && CpuLevel::Avx2.is_supported() {
        Some(CpuLevel::Avx2)
    } else {
        None
    }
}

/// The SpEED kernels chosen for one CPU level.
#[derive(Clone, Copy)]
pub struct SpeedKernels {
    /// See [`ConvolveRows`].
    pub convolve_rows: ConvolveRows,
    /// See [`ConvolvePadded`].
    pub convolve_padded: ConvolvePadded,
    /// See [`CovarianceSum`]; the [`CovarianceOrder::Avx512`] order by default.
    pub covariance_sum: CovarianceSum,
    /// See [`CovarianceCentred`]; the same order as `covariance_sum`.
    pub covariance_centred: CovarianceCentred,
    /// See [`ConvertU8`].
    pub convert_u8: ConvertU8,
    /// See [`ConvertU16`].
    pub convert_u16: ConvertU16,
    /// See [`Difference`].
    pub difference: Difference,
    /// See [`Matmul`].
    pub matmul: Matmul,
    /// The instruction-set level these kernels were built for.
    pub level: CpuLevel,
}

impl std::fmt::Debug for SpeedKernels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpeedKernels")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl SpeedKernels {
    /// The portable reference kernels (covariance in libvmaf's AVX-512 order).
    pub const SCALAR: SpeedKernels = SpeedKernels {
        convolve_rows: scalar::convolve_rows,
        convolve_padded: scalar::convolve_padded,
        covariance_sum: scalar::covariance_sum_avx512_order,
        covariance_centred: scalar::covariance_centred_avx512_order,
        convert_u8: scalar::convert_u8,
        convert_u16: scalar::convert_u16,
        difference: scalar::difference,
        matmul: scalar::matmul,
        level: CpuLevel::Scalar,
    };

    /// The best table at or below `level` among those this CPU supports (AVX-512, then AVX2,
    /// then scalar on x86-64; NEON, then scalar on aarch64); `table.level` tells which one.
    /// Identical results at every level.
    pub fn for_level(level: CpuLevel) -> Self {
        #[cfg(target_arch = "aarch64")]
        if level == CpuLevel::Neon && CpuLevel::Neon.is_supported() {
            return neon::TABLE;
        }
        #[cfg(target_arch = "x86_64")]
        match best_x86(level) {
            Some(CpuLevel::Avx512) => return avx512::TABLE,
            Some(_) => return avx2::TABLE,
            None => {}
        }
        let _ = level;
        SpeedKernels::SCALAR
    }

    /// These kernels with the covariance sum of `order`.
    pub fn with_covariance_order(mut self, order: CovarianceOrder) -> Self {
        self.covariance_sum = order.kernel_for(self.level);
        self.covariance_centred = order.centred_kernel_for(self.level);
        self
    }
}
