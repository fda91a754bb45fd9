//! Scalar reference kernels of SpEED, bit-exact with libvmaf 3.2's C and SIMD code (see the
//! module docs of [`super`] for what each one mirrors).
//!
//! Rust never contracts `a * b + c` into a fused multiply-add on its own, and neither does
//! libvmaf's C (compiled as ISO C11, where GCC's default is `-ffp-contract=off`); where upstream
//! fuses explicitly (`_mm256_fmadd_pd`, `_mm512_fmadd_pd`) we call [`f64::mul_add`], which rounds
//! once exactly like the instruction.

/// See [`super::ConvolveRows`].
#[inline(always)]
pub fn convolve_rows(rows: &[&[f32]], filter: &[f32], out: &mut [f32]) {
    let w = out.len();
    out.fill(0.0);
    for (row, &f) in rows.iter().zip(filter) {
        let row = &row[..w];
        for (o, &p) in out.iter_mut().zip(row) {
            *o += f * p;
        }
    }
}

/// See [`super::ConvolvePadded`].
#[inline(always)]
pub fn convolve_padded(padded: &[f32], filter: &[f32], step: usize, out: &mut [f32]) {
    let taps = filter.len();
    for (n, o) in out.iter_mut().enumerate() {
        let window = &padded[n * step..n * step + taps];
        let mut acc = 0.0f32;
        for (&f, &p) in filter.iter().zip(window) {
            acc += f * p;
        }
        *o = acc;
    }
}

#[inline(always)]
fn centred(v: f32, mean: f64) -> f64 {
    f64::from(v) - mean
}

/// The C loop's order over samples `x`, `y` centred by `cx`, `cy`.
#[inline(always)]
fn c_order_body<T: Copy>(
    x: &[T],
    y: &[T],
    stride: usize,
    height: usize,
    width: usize,
    cx: impl Fn(T) -> f64,
    cy: impl Fn(T) -> f64,
) -> f64 {
    let mut sum = 0.0f64;
    for i in 0..height {
        let rx = &x[i * stride..i * stride + width];
        let ry = &y[i * stride..i * stride + width];
        for (&a, &b) in rx.iter().zip(ry) {
            sum += cx(a) * cy(b);
        }
    }
    sum
}

/// libvmaf's AVX2 order over samples `x`, `y` centred by `cx`, `cy` (see
/// [`covariance_sum_avx2_order`]).
#[inline(always)]
fn avx2_order_body<T: Copy>(
    x: &[T],
    y: &[T],
    stride: usize,
    height: usize,
    width: usize,
    cx: impl Fn(T) -> f64,
    cy: impl Fn(T) -> f64,
) -> f64 {
    let mut acc0 = [0.0f64; 4];
    let mut acc1 = [0.0f64; 4];
    let mut tail = 0.0f64;
    for i in 0..height {
        let rx = &x[i * stride..i * stride + width];
        let ry = &y[i * stride..i * stride + width];
        let mut j = 0;
        while j + 8 <= width {
            for l in 0..4 {
                acc0[l] = cx(rx[j + l]).mul_add(cy(ry[j + l]), acc0[l]);
                acc1[l] = cx(rx[j + 4 + l]).mul_add(cy(ry[j + 4 + l]), acc1[l]);
            }
            j += 8;
        }
        while j + 4 <= width {
            for l in 0..4 {
                acc0[l] = cx(rx[j + l]).mul_add(cy(ry[j + l]), acc0[l]);
            }
            j += 4;
        }
        while j < width {
            tail += cx(rx[j]) * cy(ry[j]);
            j += 1;
        }
    }
    let a = [0, 1, 2, 3].map(|l| acc0[l] + acc1[l]);
    a[0] + a[1] + a[2] + a[3] + tail
}

/// libvmaf's AVX-512 order over samples `x`, `y` centred by `cx`, `cy` (see
/// [`covariance_sum_avx512_order`]).
#[inline(always)]
fn avx512_order_body<T: Copy>(
    x: &[T],
    y: &[T],
    stride: usize,
    height: usize,
    width: usize,
    cx: impl Fn(T) -> f64,
    cy: impl Fn(T) -> f64,
) -> f64 {
    let mut acc0 = [0.0f64; 8];
    let mut acc1 = [0.0f64; 8];
    let mut tail = 0.0f64;
    for i in 0..height {
        let rx = &x[i * stride..i * stride + width];
        let ry = &y[i * stride..i * stride + width];
        let mut j = 0;
        while j + 16 <= width {
            for l in 0..8 {
                acc0[l] = cx(rx[j + l]).mul_add(cy(ry[j + l]), acc0[l]);
                acc1[l] = cx(rx[j + 8 + l]).mul_add(cy(ry[j + 8 + l]), acc1[l]);
            }
            j += 16;
        }
        while j + 8 <= width {
            for l in 0..8 {
                acc0[l] = cx(rx[j + l]).mul_add(cy(ry[j + l]), acc0[l]);
            }
            j += 8;
        }
        while j < width {
            tail += cx(rx[j]) * cy(ry[j]);
            j += 1;
        }
    }
    let a = [0, 1, 2, 3, 4, 5, 6, 7].map(|l| acc0[l] + acc1[l]);
    let h = [a[4] + a[0], a[5] + a[1], a[6] + a[2], a[7] + a[3]];
    let q = [h[2] + h[0], h[3] + h[1]];
    (q[0] + q[1]) + tail
}

/// [`super::CovarianceSum`] in the order of libvmaf's C loop (`compute_cov_kernel_scalar`).
pub fn covariance_sum_c_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    c_order_body(
        x,
        y,
        stride,
        height,
        width,
        |v| centred(v, mean_x),
        |v| centred(v, mean_y),
    )
}

/// [`super::CovarianceSum`] in the order of libvmaf's `compute_cov_kernel_avx2`: per row, blocks
/// of 8 columns feed two 4-lane accumulators (columns `j..j+4` and `j+4..j+8`) through fused
/// multiply-adds, then one block of 4 feeds the first, then the remaining columns go one by one
/// (multiply, then add) into a scalar tail shared by all rows. The result is
/// `((((a0 + a1) + a2) + a3) + tail)` with `a = acc0 + acc1` lane-wise.
pub fn covariance_sum_avx2_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    covariance_sum_avx2_order_inline(x, y, stride, height, width, mean_x, mean_y)
}

/// The body of [`covariance_sum_avx2_order`], inlined into the vector twins.
#[inline(always)]
pub(crate) fn covariance_sum_avx2_order_inline(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    avx2_order_body(
        x,
        y,
        stride,
        height,
        width,
        |v| centred(v, mean_x),
        |v| centred(v, mean_y),
    )
}

/// [`super::CovarianceSum`] in the order of libvmaf's `compute_cov_kernel_avx512`: per row,
/// blocks of 16 columns feed two 8-lane accumulators (columns `j..j+8` and `j+8..j+16`) through
/// fused multiply-adds, then one block of 8 feeds the first, then the remaining columns go one by
/// one (multiply, then add) into a scalar tail shared by all rows. The lanes of
/// `a = acc0 + acc1` are reduced as `_mm512_reduce_add_pd` does (GCC and Clang alike): halves
/// first, `((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7))`, then the tail is added.
pub fn covariance_sum_avx512_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    covariance_sum_avx512_order_inline(x, y, stride, height, width, mean_x, mean_y)
}

/// The body of [`covariance_sum_avx512_order`], inlined into the vector twins.
#[inline(always)]
pub(crate) fn covariance_sum_avx512_order_inline(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    avx512_order_body(
        x,
        y,
        stride,
        height,
        width,
        |v| centred(v, mean_x),
        |v| centred(v, mean_y),
    )
}

/// [`super::CovarianceCentred`] in the order of libvmaf's C loop.
pub fn covariance_centred_c_order(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    c_order_body(x, y, width, height, width, |v| v, |v| v)
}

/// [`super::CovarianceCentred`] in the order of libvmaf's `compute_cov_kernel_avx2`.
#[inline(always)]
pub fn covariance_centred_avx2_order(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    avx2_order_body(x, y, width, height, width, |v| v, |v| v)
}

/// [`super::CovarianceCentred`] in the order of libvmaf's `compute_cov_kernel_avx512`.
#[inline(always)]
pub fn covariance_centred_avx512_order(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    avx512_order_body(x, y, width, height, width, |v| v, |v| v)
}

/// See [`super::Matmul`].
#[inline(always)]
pub fn matmul(dst: &mut [f32], x: &[f32], y: &[f32], rows: usize, inner: usize, cols: usize) {
    let dst = &mut dst[..rows * cols];
    dst.fill(0.0);
    for (i, drow) in dst.chunks_exact_mut(cols).enumerate() {
        for k in 0..inner {
            let xv = x[i * inner + k];
            let yrow = &y[k * cols..(k + 1) * cols];
            for (o, &yv) in drow.iter_mut().zip(yrow) {
                *o += xv * yv;
            }
        }
    }
}

/// See [`super::Difference`].
#[inline(always)]
pub fn difference(a: &[f32], b: &[f32], out: &mut [f32]) {
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        *o = x - y;
    }
}

/// See [`super::ConvertU8`].
#[inline(always)]
pub fn convert_u8(src: &[u8], offset: f32, out: &mut [f32]) {
    for (o, &s) in out.iter_mut().zip(src) {
        *o = f32::from(s) + offset;
    }
}

/// See [`super::ConvertU16`].
#[inline(always)]
pub fn convert_u16(src: &[u16], scaler: f32, offset: f32, out: &mut [f32]) {
    for (o, &s) in out.iter_mut().zip(src) {
        *o = f32::from(s) / scaler + offset;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (s >> 8) as f32 / 65536.0 - 128.0
            })
            .collect()
    }

    #[test]
    fn covariance_orders_agree_closely_and_on_exact_data() {
        // Integers: every partial sum is exact in f64, so all orders give the same value.
        let x: Vec<f32> = (0..40 * 7).map(|i| (i % 13) as f32 - 6.0).collect();
        let y: Vec<f32> = (0..40 * 7).map(|i| (i % 7) as f32 - 3.0).collect();
        for w in [1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 40] {
            let c = covariance_sum_c_order(&x, &y, 40, 7, w, 0.5, -0.25);
            assert_eq!(covariance_sum_avx2_order(&x, &y, 40, 7, w, 0.5, -0.25), c);
            assert_eq!(covariance_sum_avx512_order(&x, &y, 40, 7, w, 0.5, -0.25), c);
        }
        // General data: equal to within rounding.
        let x = ramp(64 * 9, 1);
        let y = ramp(64 * 9, 2);
        for w in [5, 11, 24, 56, 60] {
            let c = covariance_sum_c_order(&x, &y, 64, 9, w, 0.1, 0.2);
            for v in [
                covariance_sum_avx2_order(&x, &y, 64, 9, w, 0.1, 0.2),
                covariance_sum_avx512_order(&x, &y, 64, 9, w, 0.1, 0.2),
            ] {
                assert!((v - c).abs() <= 1e-9 * c.abs().max(1.0), "{v} vs {c}");
            }
        }
    }

    #[test]
    fn simd_orders_fuse_the_multiply_add() {
        // Means of 2^-40 give centred values with more than 48 significant bits, so products
        // are inexact in f64 and a fused multiply-add keeps what a separate multiply drops.
        // Column 0: row 0 gives round(−(1 − 2^-80)) = −1; row 1 adds (1 − 2^-40)² = 1 − 2^-39 +
        // 2^-80: fused −2^-39 + 2^-80, separate −2^-39. Every other sample is 0, centred
        // −2^-40, contributing 2^-80 each (kept where its accumulator is small).
        let m = 2f64.powi(-40);
        let mut x = vec![0.0f32; 32];
        let mut y = vec![0.0f32; 32];
        (x[0], y[0], x[16], y[16]) = (-1.0, 1.0, 1.0, 1.0);
        let t = 2f64.powi(-80);
        let c = covariance_sum_c_order(&x, &y, 16, 2, 16, m, m);
        // C: row 0's tiny terms vanish next to −1.
        assert_eq!(c, -2f64.powi(-39) + 15.0 * t);
        let avx512 = covariance_sum_avx512_order(&x, &y, 16, 2, 16, m, m);
        assert_eq!(avx512, -2f64.powi(-39) + 31.0 * t);
        let avx2 = covariance_sum_avx2_order(&x, &y, 16, 2, 16, m, m);
        // AVX2: lane 0 also takes column 8, whose 2^-80 vanishes next to −1 in row 0.
        assert_eq!(avx2, -2f64.powi(-39) + 30.0 * t);
        // In the tail (width 3 < 4) nothing is fused.
        let c3 = covariance_sum_c_order(&x, &y, 16, 2, 3, m, m);
        assert_eq!(covariance_sum_avx512_order(&x, &y, 16, 2, 3, m, m), c3);
        assert_eq!(covariance_sum_avx2_order(&x, &y, 16, 2, 3, m, m), c3);
    }

    #[test]
    fn convolution_is_tap_ordered_f32() {
        let rows: Vec<Vec<f32>> = (0..3).map(|k| vec![k as f32 + 0.1; 5]).collect();
        let refs: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        let f = [0.25f32, 0.5, 0.25];
        let mut out = [0.0f32; 5];
        convolve_rows(&refs, &f, &mut out);
        let want = ((0.0f32 + 0.25 * 0.1) + 0.5 * 1.1) + 0.25 * 2.1;
        assert!(out.iter().all(|&o| o == want));
        let padded = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let mut out = [0.0f32; 3];
        convolve_padded(&padded, &f, 2, &mut out);
        assert_eq!(out, [2.0, 4.0, 6.0]);
    }

    #[test]
    fn conversion_matches_picture_copy() {
        let mut out = [0.0f32; 3];
        convert_u8(&[0, 128, 255], -128.0, &mut out);
        assert_eq!(out, [-128.0, 0.0, 127.0]);
        convert_u16(&[0, 513, 1023], 4.0, -128.0, &mut out);
        assert_eq!(out, [-128.0, 0.25, 127.75]);
    }
}
