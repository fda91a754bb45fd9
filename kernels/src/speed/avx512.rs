//! AVX-512 twins of the SpEED kernels: the bodies of [`super::scalar`] compiled with AVX-512
//! enabled. The filters and conversions vectorise across columns, which keeps every output's
//! operations and their order (one `f32` multiply and one add per tap, no contraction: Rust
//! never fuses on its own). The covariance sums keep their lane structure, and `f64::mul_add`
//! becomes the hardware fused multiply-add, which rounds exactly like the C library's `fma` the
//! scalar build calls. Reachable only through [`super::SpeedKernels::for_level`] and
//! [`super::CovarianceOrder::kernel_for`] for a level the CPU supports.
//!
//! The AVX-512 intrinsics are stable since Rust 1.89, above the workspace's declared MSRV.

use core::arch::x86_64::*;

use super::{SpeedKernels, scalar};
use crate::cpu::CpuLevel;

/// The AVX-512 table (covariance in libvmaf's AVX-512 order). Callers must have checked that
/// [`CpuLevel::Avx512`] is supported.
pub(super) const TABLE: SpeedKernels = SpeedKernels {
    convolve_rows,
    convolve_padded,
    covariance_sum: covariance_sum_avx512_order,
    covariance_centred: covariance_centred_avx512_order,
    convert_u8,
    convert_u16,
    difference,
    matmul,
    level: CpuLevel::Avx512,
};

macro_rules! twin {
    ($name:ident => $inner:ident ( $($arg:ident : $ty:ty),* ) $(-> $ret:ty)? = $body:expr) => {
        #[target_feature(enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
        unsafe fn $inner($($arg: $ty),*) $(-> $ret)? {
            $body
        }
        pub(super) fn $name($($arg: $ty),*) $(-> $ret)? {
            // SAFETY: only reachable through `TABLE` or `CovarianceOrder::kernel_for`, which
            // hand it out only when `CpuLevel::Avx512.is_supported()`; the body indexes safe
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

/// [`super::CovarianceCentred`] in libvmaf's AVX2 order: the AVX2 kernel (its 4-lane
/// instructions are those of libvmaf's AVX2 kernel, and the AVX-512 level includes AVX2).
pub(super) use super::avx2::covariance_centred_avx2_order;

/// [`super::CovarianceCentred`] in libvmaf's AVX-512 order, with that kernel's own
/// instructions: two 8-lane accumulators fed by fused multiply-adds (16 columns per step, then
/// 8), a scalar tail (multiply, then add), the lanes reduced as `_mm512_reduce_add_pd` does,
/// then the tail.
pub(super) fn covariance_centred_avx512_order(
    x: &[f64],
    y: &[f64],
    height: usize,
    width: usize,
) -> f64 {
    let n = height * width;
    assert!(
        x.len() >= n && y.len() >= n,
        "covariance operands shorter than {height}x{width}"
    );
    // SAFETY: only reachable through tables handed out when `CpuLevel::Avx512.is_supported()`;
    // the operands hold `height * width` values (checked).
    unsafe { avx512_order_zmm(x, y, height, width) }
}

#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn avx512_order_zmm(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    let mut acc0 = _mm512_setzero_pd();
    let mut acc1 = _mm512_setzero_pd();
    let mut tail = 0.0f64;
    for i in 0..height {
        let rx = &x[i * width..(i + 1) * width];
        let ry = &y[i * width..(i + 1) * width];
        let (px, py) = (rx.as_ptr(), ry.as_ptr());
        let mut j = 0;
        while j + 16 <= width {
            // SAFETY: `j + 16 <= width` bounds each load inside the row.
            unsafe {
                acc0 =
                    _mm512_fmadd_pd(_mm512_loadu_pd(px.add(j)), _mm512_loadu_pd(py.add(j)), acc0);
                acc1 = _mm512_fmadd_pd(
                    _mm512_loadu_pd(px.add(j + 8)),
                    _mm512_loadu_pd(py.add(j + 8)),
                    acc1,
                );
            }
            j += 16;
        }
        while j + 8 <= width {
            // SAFETY: `j + 8 <= width` bounds each load inside the row.
            unsafe {
                acc0 =
                    _mm512_fmadd_pd(_mm512_loadu_pd(px.add(j)), _mm512_loadu_pd(py.add(j)), acc0);
            }
            j += 8;
        }
        for j in j..width {
            tail += rx[j] * ry[j];
        }
    }
    let mut a = [0.0f64; 8];
    // SAFETY: `a` holds 8 values.
    unsafe { _mm512_storeu_pd(a.as_mut_ptr(), _mm512_add_pd(acc0, acc1)) };
    let h = [a[4] + a[0], a[5] + a[1], a[6] + a[2], a[7] + a[3]];
    let q = [h[2] + h[0], h[3] + h[1]];
    (q[0] + q[1]) + tail
}

/// [`super::Matmul`]: each row of `dst` in tiles of up to 32 columns held in two registers
/// across the whole sum over `k` (masked at the right edge); every element is still `0.0` plus
/// one rounded product after another, `k` ascending, without fusing.
pub(super) fn matmul(
    dst: &mut [f32],
    x: &[f32],
    y: &[f32],
    rows: usize,
    inner: usize,
    cols: usize,
) {
    assert!(
        dst.len() >= rows * cols && x.len() >= rows * inner && y.len() >= inner * cols,
        "matmul operands shorter than {rows}x{inner} · {inner}x{cols}"
    );
    // SAFETY: only reachable through `TABLE` (AVX-512 supported); lengths checked above.
    unsafe { matmul_zmm(dst, x, y, rows, inner, cols) }
}

/// Lanes `0..n.min(16)` of a 16-lane mask.
#[inline]
fn lanes(n: usize) -> __mmask16 {
    if n >= 16 { 0xFFFF } else { (1u16 << n) - 1 }
}

#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn matmul_zmm(
    dst: &mut [f32],
    x: &[f32],
    y: &[f32],
    rows: usize,
    inner: usize,
    cols: usize,
) {
    for i in 0..rows {
        let mut j0 = 0;
        while j0 < cols {
            let (m0, m1) = (lanes(cols - j0), lanes((cols - j0).saturating_sub(16)));
            let mut acc0 = _mm512_setzero_ps();
            let mut acc1 = _mm512_setzero_ps();
            for k in 0..inner {
                let xv = _mm512_set1_ps(x[i * inner + k]);
                let yk = y[k * cols..].as_ptr();
                // SAFETY: masked lanes stay below `cols` in row `k` of `y` (length checked).
                unsafe {
                    let y0 = _mm512_maskz_loadu_ps(m0, yk.add(j0));
                    acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(xv, y0));
                    if m1 != 0 {
                        let y1 = _mm512_maskz_loadu_ps(m1, yk.add(j0 + 16));
                        acc1 = _mm512_add_ps(acc1, _mm512_mul_ps(xv, y1));
                    }
                }
            }
            let d = dst[i * cols..].as_mut_ptr();
            // SAFETY: masked lanes stay below `cols` in row `i` of `dst` (length checked).
            unsafe {
                _mm512_mask_storeu_ps(d.add(j0), m0, acc0);
                if m1 != 0 {
                    _mm512_mask_storeu_ps(d.add(j0 + 16), m1, acc1);
                }
            }
            j0 += 32;
        }
    }
}
