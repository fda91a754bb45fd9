//! AVX2 twins of the SpEED kernels: the bodies of [`super::scalar`] compiled with AVX2
//! enabled. The filters and conversions vectorise across columns, which keeps every output's
//! operations and their order (one `f32` multiply and one add per tap, no contraction: Rust
//! never fuses on its own). The covariance sums keep their lane structure, and `f64::mul_add`
//! becomes the hardware fused multiply-add, which rounds exactly like the C library's `fma` the
//! scalar build calls. Reachable only through [`super::SpeedKernels::for_level`] and
//! [`super::CovarianceOrder::kernel_for`] for a level the CPU supports.

use core::arch::x86_64::*;

use super::{SpeedKernels, scalar};
use crate::cpu::CpuLevel;

/// The AVX2 table (covariance in libvmaf's AVX-512 order). Callers must have checked that
/// [`CpuLevel::Avx2`] is supported.
pub(super) const TABLE: SpeedKernels = SpeedKernels {
    convolve_rows,
    convolve_padded,
    covariance_sum: covariance_sum_avx512_order,
    covariance_centred: covariance_centred_avx512_order,
    convert_u8,
    convert_u16,
    difference,
    matmul,
    level: CpuLevel::Avx2,
};

macro_rules! twin {
    ($name:ident => $inner:ident ( $($arg:ident : $ty:ty),* ) $(-> $ret:ty)? = $body:expr) => {
        #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
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

/// [`super::CovarianceCentred`] in libvmaf's AVX2 order, with that kernel's own instructions:
/// two 4-lane accumulators fed by fused multiply-adds (8 columns per step, then 4), a scalar
/// tail (multiply, then add), lanes summed left to right, then the tail.
pub(super) fn covariance_centred_avx2_order(
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
    // SAFETY: only reachable through tables handed out when `CpuLevel::Avx2.is_supported()`
    // (also implied by the AVX-512 level); the operands hold `height * width` values (checked).
    unsafe { avx2_order_ymm(x, y, height, width) }
}

#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn avx2_order_ymm(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    let mut acc0 = _mm256_setzero_pd();
    let mut acc1 = _mm256_setzero_pd();
    let mut tail = 0.0f64;
    for i in 0..height {
        let rx = &x[i * width..(i + 1) * width];
        let ry = &y[i * width..(i + 1) * width];
        let (px, py) = (rx.as_ptr(), ry.as_ptr());
        let mut j = 0;
        while j + 8 <= width {
            // SAFETY: `j + 8 <= width` bounds each load inside the row.
            unsafe {
                acc0 =
                    _mm256_fmadd_pd(_mm256_loadu_pd(px.add(j)), _mm256_loadu_pd(py.add(j)), acc0);
                acc1 = _mm256_fmadd_pd(
                    _mm256_loadu_pd(px.add(j + 4)),
                    _mm256_loadu_pd(py.add(j + 4)),
                    acc1,
                );
            }
            j += 8;
        }
        while j + 4 <= width {
            // SAFETY: `j + 4 <= width` bounds each load inside the row.
            unsafe {
                acc0 =
                    _mm256_fmadd_pd(_mm256_loadu_pd(px.add(j)), _mm256_loadu_pd(py.add(j)), acc0);
            }
            j += 4;
        }
        for j in j..width {
            tail += rx[j] * ry[j];
        }
    }
    let mut a = [0.0f64; 4];
    // SAFETY: `a` holds 4 values.
    unsafe { _mm256_storeu_pd(a.as_mut_ptr(), _mm256_add_pd(acc0, acc1)) };
    a[0] + a[1] + a[2] + a[3] + tail
}

/// [`super::CovarianceCentred`] in libvmaf's AVX-512 order with AVX2 instructions: each 8-lane
/// accumulator of that kernel is two 4-lane halves updated by the same fused multiply-adds, and
/// the lanes are reduced in `_mm512_reduce_add_pd`'s tree.
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
    // SAFETY: only reachable through tables handed out when `CpuLevel::Avx2.is_supported()`;
    // the operands hold `height * width` values (checked).
    unsafe { avx512_order_ymm(x, y, height, width) }
}

#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn avx512_order_ymm(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    let mut acc0 = [_mm256_setzero_pd(); 2];
    let mut acc1 = [_mm256_setzero_pd(); 2];
    let mut tail = 0.0f64;
    for i in 0..height {
        let rx = &x[i * width..(i + 1) * width];
        let ry = &y[i * width..(i + 1) * width];
        let (px, py) = (rx.as_ptr(), ry.as_ptr());
        let mut j = 0;
        while j + 16 <= width {
            // SAFETY: `j + 16 <= width` bounds each load inside the row.
            unsafe {
                for h in 0..2 {
                    let (a, b) = (px.add(j + 4 * h), py.add(j + 4 * h));
                    acc0[h] = _mm256_fmadd_pd(_mm256_loadu_pd(a), _mm256_loadu_pd(b), acc0[h]);
                    let (a, b) = (px.add(j + 8 + 4 * h), py.add(j + 8 + 4 * h));
                    acc1[h] = _mm256_fmadd_pd(_mm256_loadu_pd(a), _mm256_loadu_pd(b), acc1[h]);
                }
            }
            j += 16;
        }
        while j + 8 <= width {
            // SAFETY: `j + 8 <= width` bounds each load inside the row.
            unsafe {
                for (h, acc) in acc0.iter_mut().enumerate() {
                    let (a, b) = (px.add(j + 4 * h), py.add(j + 4 * h));
                    *acc = _mm256_fmadd_pd(_mm256_loadu_pd(a), _mm256_loadu_pd(b), *acc);
                }
            }
            j += 8;
        }
        for j in j..width {
            tail += rx[j] * ry[j];
        }
    }
    let mut a = [0.0f64; 8];
    // SAFETY: `a` holds 8 values.
    unsafe {
        _mm256_storeu_pd(a.as_mut_ptr(), _mm256_add_pd(acc0[0], acc1[0]));
        _mm256_storeu_pd(a.as_mut_ptr().add(4), _mm256_add_pd(acc0[1], acc1[1]));
    }
    let h = [a[4] + a[0], a[5] + a[1], a[6] + a[2], a[7] + a[3]];
    let q = [h[2] + h[0], h[3] + h[1]];
    (q[0] + q[1]) + tail
}

/// [`super::Matmul`]: each row of `dst` in tiles of up to 16 columns held in two registers
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
    // SAFETY: only reachable through `TABLE` (AVX2 supported); lengths checked above.
    unsafe { matmul_ymm(dst, x, y, rows, inner, cols) }
}

/// A mask of lanes `0..n.min(8)` for `_mm256_maskload_ps` (sign bit set = lane on).
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn lanes(n: usize) -> __m256i {
    let idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n.min(8) as i32), idx)
}

#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn matmul_ymm(
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
            let left = cols - j0;
            let (m0, m1) = (lanes(left), lanes(left.saturating_sub(8)));
            let two = left > 8;
            let mut acc0 = _mm256_setzero_ps();
            let mut acc1 = _mm256_setzero_ps();
            for k in 0..inner {
                let xv = _mm256_set1_ps(x[i * inner + k]);
                let yk = y[k * cols..].as_ptr();
                // SAFETY: masked lanes stay below `cols` in row `k` of `y` (length checked).
                unsafe {
                    let y0 = _mm256_maskload_ps(yk.add(j0), m0);
                    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(xv, y0));
                    if two {
                        let y1 = _mm256_maskload_ps(yk.add(j0 + 8), m1);
                        acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(xv, y1));
                    }
                }
            }
            let d = dst[i * cols..].as_mut_ptr();
            // SAFETY: masked lanes stay below `cols` in row `i` of `dst` (length checked).
            unsafe {
                _mm256_maskstore_ps(d.add(j0), m0, acc0);
                if two {
                    _mm256_maskstore_ps(d.add(j0 + 8), m1, acc1);
                }
            }
            j0 += 16;
        }
    }
}
