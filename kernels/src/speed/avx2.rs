//! AVX2 twins of the SpEED kernels: the bodies of [`super::scalar`] compiled with AVX2
//! enabled. The filters and conversions vectorise across columns, which keeps every output's
//! operations and their order (one `f32` multiply and one add per tap, no contraction: Rust
//! never fuses on its own). The covariance sums keep their lane structure, and `f64::mul_add`
//! becomes the hardware fused multiply-add, which rounds exactly like the C library's `fma` the
//! scalar build calls. Reachable only through [`super::SpeedKernels::for_level`] and
//! [`super::CovarianceOrder::kernel_for`] for a level the CPU supports.

use super::{SpeedKernels, scalar};
use crate::cpu::CpuLevel;

/// The AVX2 table (covariance in libvmaf's AVX-512 order). Callers must have checked that
/// [`CpuLevel::Avx2`] is supported.
pub(super) const TABLE: SpeedKernels = SpeedKernels {
    convolve_rows,
    convolve_padded,
    covariance_sum: covariance_sum_avx512_order,
    convert_u8,
    convert_u16,
    difference,
    level: CpuLevel::Avx2,
};

macro_rules! twin {
    ($name:ident => $inner:ident ( $($arg:ident : $ty:ty),* ) $(-> $ret:ty)? = $body:expr) => {
        #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt")]
        unsafe fn $inner($($arg: $ty),*) $(-> $ret)? {
            $body
        }
        pub(super) fn $name($($arg: $ty),*) $(-> $ret)? {
            // SAFETY: only reachable through `TABLE` or `CovarianceOrder::kernel_for`, which
            // hand it out only when `CpuLevel::Avx2.is_supported()`; the body indexes safe
            // slices only.
            unsafe { $inner($($arg),*) }
        }
    };
}

twin!(convolve_rows => convolve_rows_impl(rows: &[&[f32]], filter: &[f32], out: &mut [f32])
    = scalar::convolve_rows(rows, filter, out));
twin!(convolve_padded => convolve_padded_impl(
        padded: &[f32], filter: &[f32], step: usize, out: &mut [f32])
    = scalar::convolve_padded(padded, filter, step, out));
twin!(convert_u8 => convert_u8_impl(src: &[u8], offset: f32, out: &mut [f32])
    = scalar::convert_u8(src, offset, out));
twin!(convert_u16 => convert_u16_impl(src: &[u16], scaler: f32, offset: f32, out: &mut [f32])
    = scalar::convert_u16(src, scaler, offset, out));
twin!(difference => difference_impl(a: &[f32], b: &[f32], out: &mut [f32])
    = scalar::difference(a, b, out));
twin!(covariance_sum_avx2_order => covariance_sum_avx2_order_impl(
        x: &[f32], y: &[f32], stride: usize, height: usize, width: usize, mean_x: f64,
        mean_y: f64) -> f64
    = scalar::covariance_sum_avx2_order_inline(x, y, stride, height, width, mean_x, mean_y));
twin!(covariance_sum_avx512_order => covariance_sum_avx512_order_impl(
        x: &[f32], y: &[f32], stride: usize, height: usize, width: usize, mean_x: f64,
        mean_y: f64) -> f64
    = scalar::covariance_sum_avx512_order_inline(x, y, stride, height, width, mean_x, mean_y));
