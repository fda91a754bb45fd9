//! aarch64 NEON twins of the SpEED kernels, bit-identical to [`super::scalar`].
//!
//! The filters, conversions, differences and the matrix product are vectorised across output
//! columns with `core::arch::aarch64` intrinsics, keeping every output's own operations and
//! their order: `0.0`, then one `f32` multiply (`vmulq_f32`) and one add (`vaddq_f32`) per tap or
//! term in ascending order (intrinsics are never contracted into fused multiply-adds). The
//! conversions divide with `vdivq_f32`, which rounds like the scalar `/`.
//!
//! The covariance sums keep the lane structure of the libvmaf kernel they emulate: each 4- or
//! 8-lane `f64` accumulator of upstream's AVX2 / AVX-512 kernel is two or four `float64x2_t`
//! registers updated by `vfmaq_f64`, which rounds once like `f64::mul_add`; tails and lane
//! reductions are the scalar code. The C order (one sequential accumulator) has nothing to
//! vectorise and stays the scalar function.
//!
//! [`super::ConvolvePadded`] is vectorised for `step == 1` (the local-mean filter); the
//! anti-alias pass's `step == 16` evaluates only every 16th output, which the scalar loop does.
//!
//! Reachable only through [`TABLE`] and [`super::CovarianceOrder::kernel_for`] /
//! [`super::CovarianceOrder::centred_kernel_for`] for a level where [`CpuLevel::Neon`] is
//! supported.

use core::arch::aarch64::*;

use super::{SpeedKernels, scalar};
use crate::cpu::CpuLevel;

/// The NEON table (covariance in libvmaf's AVX-512 order, as the scalar table). Callers must
/// have checked that [`CpuLevel::Neon`] is supported.
pub(super) const TABLE: SpeedKernels = SpeedKernels {
    convolve_rows,
    convolve_padded,
    covariance_sum: covariance_sum_avx512_order,
    covariance_centred: covariance_centred_avx512_order,
    convert_u8,
    convert_u16,
    difference,
    matmul,
    level: CpuLevel::Neon,
};

/// Columns per register tile of the filters and the matrix product (four `float32x4_t`).
const TILE: usize = 16;

fn convolve_rows(rows: &[&[f32]], filter: &[f32], out: &mut [f32]) {
    let w = out.len();
    let taps = rows.len().min(filter.len());
    assert!(
        rows[..taps].iter().all(|r| r.len() >= w),
        "convolution row shorter than {w}"
    );
    // SAFETY: only reachable through `TABLE` (NEON supported); the `taps` rows used hold `w`
    // samples (checked).
    unsafe { convolve_rows_impl(&rows[..taps], &filter[..taps], out) }
}

/// # Safety
/// NEON is supported; `rows.len() == filter.len()`, every row holds `out.len()` samples.
#[target_feature(enable = "neon")]
unsafe fn convolve_rows_impl(rows: &[&[f32]], filter: &[f32], out: &mut [f32]) {
    let w = out.len();
    let op = out.as_mut_ptr();
    let mut j = 0;
    while j + TILE <= w {
        let mut acc = [vdupq_n_f32(0.0); TILE / 4];
        for (row, &f) in rows.iter().zip(filter) {
            let fv = vdupq_n_f32(f);
            for (q, a) in acc.iter_mut().enumerate() {
                // SAFETY: j + TILE <= w <= row length.
                let p = unsafe { vld1q_f32(row.as_ptr().add(j + 4 * q)) };
                *a = vaddq_f32(*a, vmulq_f32(fv, p));
            }
        }
        for (q, a) in acc.into_iter().enumerate() {
            // SAFETY: j + TILE <= w = out length.
            unsafe { vst1q_f32(op.add(j + 4 * q), a) };
        }
        j += TILE;
    }
    while j + 4 <= w {
        let mut acc = vdupq_n_f32(0.0);
        for (row, &f) in rows.iter().zip(filter) {
            // SAFETY: j + 4 <= w <= row length.
            let p = unsafe { vld1q_f32(row.as_ptr().add(j)) };
            acc = vaddq_f32(acc, vmulq_f32(vdupq_n_f32(f), p));
        }
        // SAFETY: j + 4 <= w.
        unsafe { vst1q_f32(op.add(j), acc) };
        j += 4;
    }
    for (j, o) in out.iter_mut().enumerate().skip(j) {
        let mut acc = 0.0f32;
        for (row, &f) in rows.iter().zip(filter) {
            acc += f * row[j];
        }
        *o = acc;
    }
}

fn convolve_padded(padded: &[f32], filter: &[f32], step: usize, out: &mut [f32]) {
    let n = out.len();
    let taps = filter.len();
    if step != 1 || n == 0 {
        return scalar::convolve_padded(padded, filter, step, out);
    }
    assert!(
        padded.len() >= n - 1 + taps,
        "padded row of {} samples, {} needed",
        padded.len(),
        n - 1 + taps
    );
    // SAFETY: only reachable through `TABLE` (NEON supported); `padded` holds every window
    // (checked).
    unsafe { convolve_padded_impl(padded, filter, out) }
}

/// # Safety
/// NEON is supported; `padded.len() >= out.len() - 1 + filter.len()`, `out` non-empty.
#[target_feature(enable = "neon")]
unsafe fn convolve_padded_impl(padded: &[f32], filter: &[f32], out: &mut [f32]) {
    let n = out.len();
    let (pp, op) = (padded.as_ptr(), out.as_mut_ptr());
    let mut j = 0;
    while j + TILE <= n {
        let mut acc = [vdupq_n_f32(0.0); TILE / 4];
        for (k, &f) in filter.iter().enumerate() {
            let fv = vdupq_n_f32(f);
            for (q, a) in acc.iter_mut().enumerate() {
                // SAFETY: the last read is j + TILE - 1 + k <= n - 1 + taps - 1.
                let p = unsafe { vld1q_f32(pp.add(j + 4 * q + k)) };
                *a = vaddq_f32(*a, vmulq_f32(fv, p));
            }
        }
        for (q, a) in acc.into_iter().enumerate() {
            // SAFETY: j + TILE <= n.
            unsafe { vst1q_f32(op.add(j + 4 * q), a) };
        }
        j += TILE;
    }
    while j + 4 <= n {
        let mut acc = vdupq_n_f32(0.0);
        for (k, &f) in filter.iter().enumerate() {
            // SAFETY: as above.
            let p = unsafe { vld1q_f32(pp.add(j + k)) };
            acc = vaddq_f32(acc, vmulq_f32(vdupq_n_f32(f), p));
        }
        // SAFETY: j + 4 <= n.
        unsafe { vst1q_f32(op.add(j), acc) };
        j += 4;
    }
    for (j, o) in out.iter_mut().enumerate().skip(j) {
        let mut acc = 0.0f32;
        for (&f, &p) in filter.iter().zip(&padded[j..j + filter.len()]) {
            acc += f * p;
        }
        *o = acc;
    }
}

fn convert_u8(src: &[u8], offset: f32, out: &mut [f32]) {
    // SAFETY: only reachable through `TABLE` (NEON supported); the body bounds its accesses by
    // the shorter slice.
    unsafe { convert_u8_impl(src, offset, out) }
}

/// # Safety
/// NEON is supported.
#[target_feature(enable = "neon")]
unsafe fn convert_u8_impl(src: &[u8], offset: f32, out: &mut [f32]) {
    let n = src.len().min(out.len());
    let off = vdupq_n_f32(offset);
    let mut j = 0;
    while j + 8 <= n {
        // SAFETY: j + 8 <= n bounds the load and both stores.
        unsafe {
            let v = vmovl_u8(vld1_u8(src.as_ptr().add(j)));
            let lo = vcvtq_f32_u32(vmovl_u16(vget_low_u16(v)));
            let hi = vcvtq_f32_u32(vmovl_high_u16(v));
            vst1q_f32(out.as_mut_ptr().add(j), vaddq_f32(lo, off));
            vst1q_f32(out.as_mut_ptr().add(j + 4), vaddq_f32(hi, off));
        }
        j += 8;
    }
    for (o, &s) in out[j..n].iter_mut().zip(&src[j..n]) {
        *o = f32::from(s) + offset;
    }
}

fn convert_u16(src: &[u16], scaler: f32, offset: f32, out: &mut [f32]) {
    // SAFETY: as in `convert_u8`.
    unsafe { convert_u16_impl(src, scaler, offset, out) }
}

/// # Safety
/// NEON is supported.
#[target_feature(enable = "neon")]
unsafe fn convert_u16_impl(src: &[u16], scaler: f32, offset: f32, out: &mut [f32]) {
    let n = src.len().min(out.len());
    let (sc, off) = (vdupq_n_f32(scaler), vdupq_n_f32(offset));
    let mut j = 0;
    while j + 8 <= n {
        // SAFETY: j + 8 <= n bounds the load and both stores.
        unsafe {
            let v = vld1q_u16(src.as_ptr().add(j));
            let lo = vcvtq_f32_u32(vmovl_u16(vget_low_u16(v)));
            let hi = vcvtq_f32_u32(vmovl_high_u16(v));
            vst1q_f32(out.as_mut_ptr().add(j), vaddq_f32(vdivq_f32(lo, sc), off));
            vst1q_f32(
                out.as_mut_ptr().add(j + 4),
                vaddq_f32(vdivq_f32(hi, sc), off),
            );
        }
        j += 8;
    }
    for (o, &s) in out[j..n].iter_mut().zip(&src[j..n]) {
        *o = f32::from(s) / scaler + offset;
    }
}

fn difference(a: &[f32], b: &[f32], out: &mut [f32]) {
    // SAFETY: as in `convert_u8`.
    unsafe { difference_impl(a, b, out) }
}

/// # Safety
/// NEON is supported.
#[target_feature(enable = "neon")]
unsafe fn difference_impl(a: &[f32], b: &[f32], out: &mut [f32]) {
    let n = a.len().min(b.len()).min(out.len());
    let mut j = 0;
    while j + 4 <= n {
        // SAFETY: j + 4 <= n bounds both loads and the store.
        unsafe {
            let d = vsubq_f32(vld1q_f32(a.as_ptr().add(j)), vld1q_f32(b.as_ptr().add(j)));
            vst1q_f32(out.as_mut_ptr().add(j), d);
        }
        j += 4;
    }
    for ((o, &x), &y) in out[j..n].iter_mut().zip(&a[j..n]).zip(&b[j..n]) {
        *o = x - y;
    }
}

fn matmul(dst: &mut [f32], x: &[f32], y: &[f32], rows: usize, inner: usize, cols: usize) {
    if rows == 0 || cols == 0 {
        return scalar::matmul(dst, x, y, rows, inner, cols);
    }
    assert!(
        dst.len() >= rows * cols && x.len() >= rows * inner && y.len() >= inner * cols,
        "matmul operands shorter than {rows}x{inner} · {inner}x{cols}"
    );
    // SAFETY: only reachable through `TABLE` (NEON supported); lengths checked above.
    unsafe { matmul_impl(dst, x, y, rows, inner, cols) }
}

/// # Safety
/// NEON is supported; `dst`, `x` and `y` hold `rows·cols`, `rows·inner`, `inner·cols` values.
#[target_feature(enable = "neon")]
unsafe fn matmul_impl(
    dst: &mut [f32],
    x: &[f32],
    y: &[f32],
    rows: usize,
    inner: usize,
    cols: usize,
) {
    let (yp, dp) = (y.as_ptr(), dst.as_mut_ptr());
    for i in 0..rows {
        let xrow = &x[i * inner..(i + 1) * inner];
        let mut j = 0;
        while j + TILE <= cols {
            let mut acc = [vdupq_n_f32(0.0); TILE / 4];
            for (k, &xv) in xrow.iter().enumerate() {
                let xv = vdupq_n_f32(xv);
                for (q, a) in acc.iter_mut().enumerate() {
                    // SAFETY: j + TILE <= cols within row k of `y`.
                    let v = unsafe { vld1q_f32(yp.add(k * cols + j + 4 * q)) };
                    *a = vaddq_f32(*a, vmulq_f32(xv, v));
                }
            }
            for (q, a) in acc.into_iter().enumerate() {
                // SAFETY: j + TILE <= cols within row i of `dst`.
                unsafe { vst1q_f32(dp.add(i * cols + j + 4 * q), a) };
            }
            j += TILE;
        }
        while j + 4 <= cols {
            let mut acc = vdupq_n_f32(0.0);
            for (k, &xv) in xrow.iter().enumerate() {
                // SAFETY: j + 4 <= cols within row k of `y`.
                let v = unsafe { vld1q_f32(yp.add(k * cols + j)) };
                acc = vaddq_f32(acc, vmulq_f32(vdupq_n_f32(xv), v));
            }
            // SAFETY: j + 4 <= cols within row i of `dst`.
            unsafe { vst1q_f32(dp.add(i * cols + j), acc) };
            j += 4;
        }
        for j in j..cols {
            let mut acc = 0.0f32;
            for (k, &xv) in xrow.iter().enumerate() {
                acc += xv * y[k * cols + j];
            }
            dst[i * cols + j] = acc;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Covariance sums
// ---------------------------------------------------------------------------------------------

/// Two consecutive samples, centred in `f64`: from `f32` samples minus a mean, or `f64` values
/// already centred.
trait Centred {
    /// # Safety
    /// NEON is supported; `p` is valid for reads of two values.
    unsafe fn load2(p: *const Self, mean: float64x2_t) -> float64x2_t;
    /// The same for one value, in scalar code (`(f64)v - mean`, or `v`).
    fn one(v: Self, mean: f64) -> f64;
}

impl Centred for f32 {
    #[inline(always)]
    unsafe fn load2(p: *const f32, mean: float64x2_t) -> float64x2_t {
        // SAFETY: guaranteed by the caller (the callers run with NEON enabled).
        unsafe { vsubq_f64(vcvt_f64_f32(vld1_f32(p)), mean) }
    }
    #[inline(always)]
    fn one(v: f32, mean: f64) -> f64 {
        f64::from(v) - mean
    }
}

impl Centred for f64 {
    #[inline(always)]
    unsafe fn load2(p: *const f64, _mean: float64x2_t) -> float64x2_t {
        // SAFETY: guaranteed by the caller.
        unsafe { vld1q_f64(p) }
    }
    #[inline(always)]
    fn one(v: f64, _mean: f64) -> f64 {
        v
    }
}

/// Checks that rows `0..height` of `width` values, `stride` apart, lie inside both operands.
fn check_cov<T>(x: &[T], y: &[T], stride: usize, height: usize, width: usize) {
    if height == 0 || width == 0 {
        return;
    }
    let need = (height - 1)
        .checked_mul(stride)
        .and_then(|v| v.checked_add(width));
    assert!(
        need.is_some_and(|n| x.len() >= n && y.len() >= n),
        "covariance operands shorter than {height} rows of {width} (stride {stride})"
    );
}

/// libvmaf's AVX-512 order with `LANES = 8` (two 8-lane accumulators: 16 columns per step, then
/// 8, scalar tail, `_mm512_reduce_add_pd`'s tree) or its AVX2 order with `LANES = 4` (two
/// 4-lane accumulators: 8 then 4 columns, lanes summed left to right).
///
/// # Safety
/// NEON is supported; the operands passed [`check_cov`].
#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "neon")]
unsafe fn cov_lanes<T: Centred + Copy, const LANES: usize>(
    x: &[T],
    y: &[T],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    let regs = LANES / 2;
    let (mx, my) = (vdupq_n_f64(mean_x), vdupq_n_f64(mean_y));
    let mut acc0 = [vdupq_n_f64(0.0); 4];
    let mut acc1 = [vdupq_n_f64(0.0); 4];
    let mut tail = 0.0f64;
    for i in 0..height {
        let (px, py) = (x[i * stride..].as_ptr(), y[i * stride..].as_ptr());
        let mut j = 0;
        while j + 2 * LANES <= width {
            for r in 0..regs {
                // SAFETY: j + 2·LANES <= width: every read lies in row i (checked).
                unsafe {
                    let (a, b) = (j + 2 * r, j + LANES + 2 * r);
                    acc0[r] = vfmaq_f64(acc0[r], T::load2(px.add(a), mx), T::load2(py.add(a), my));
                    acc1[r] = vfmaq_f64(acc1[r], T::load2(px.add(b), mx), T::load2(py.add(b), my));
                }
            }
            j += 2 * LANES;
        }
        while j + LANES <= width {
            for (r, acc) in acc0.iter_mut().enumerate().take(regs) {
                // SAFETY: j + LANES <= width.
                unsafe {
                    let a = j + 2 * r;
                    *acc = vfmaq_f64(*acc, T::load2(px.add(a), mx), T::load2(py.add(a), my));
                }
            }
            j += LANES;
        }
        let (rx, ry) = (
            &x[i * stride..i * stride + width],
            &y[i * stride..i * stride + width],
        );
        for j in j..width {
            tail += T::one(rx[j], mean_x) * T::one(ry[j], mean_y);
        }
    }
    let mut a = [0.0f64; 8];
    for r in 0..regs {
        let s = vaddq_f64(acc0[r], acc1[r]);
        a[2 * r] = vgetq_lane_f64::<0>(s);
        a[2 * r + 1] = vgetq_lane_f64::<1>(s);
    }
    if LANES == 8 {
        let h = [a[4] + a[0], a[5] + a[1], a[6] + a[2], a[7] + a[3]];
        let q = [h[2] + h[0], h[3] + h[1]];
        (q[0] + q[1]) + tail
    } else {
        a[0] + a[1] + a[2] + a[3] + tail
    }
}

#[target_feature(enable = "neon")]
#[allow(clippy::too_many_arguments)]
unsafe fn cov_f32<const LANES: usize>(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    // SAFETY: guaranteed by the caller.
    unsafe { cov_lanes::<f32, LANES>(x, y, stride, height, width, mean_x, mean_y) }
}

#[target_feature(enable = "neon")]
unsafe fn cov_f64<const LANES: usize>(x: &[f64], y: &[f64], height: usize, width: usize) -> f64 {
    // SAFETY: guaranteed by the caller.
    unsafe { cov_lanes::<f64, LANES>(x, y, width, height, width, 0.0, 0.0) }
}

/// [`super::CovarianceSum`] in libvmaf's AVX2 order.
pub(super) fn covariance_sum_avx2_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    check_cov(x, y, stride, height, width);
    // SAFETY: only reachable through tables handed out when `CpuLevel::Neon.is_supported()`;
    // the operands were checked.
    unsafe { cov_f32::<4>(x, y, stride, height, width, mean_x, mean_y) }
}

/// [`super::CovarianceSum`] in libvmaf's AVX-512 order.
pub(super) fn covariance_sum_avx512_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    check_cov(x, y, stride, height, width);
    // SAFETY: as in `covariance_sum_avx2_order`.
    unsafe { cov_f32::<8>(x, y, stride, height, width, mean_x, mean_y) }
}

/// [`super::CovarianceCentred`] in libvmaf's AVX2 order.
pub(super) fn covariance_centred_avx2_order(
    x: &[f64],
    y: &[f64],
    height: usize,
    width: usize,
) -> f64 {
    check_cov(x, y, width, height, width);
    // SAFETY: as in `covariance_sum_avx2_order`.
    unsafe { cov_f64::<4>(x, y, height, width) }
}

/// [`super::CovarianceCentred`] in libvmaf's AVX-512 order.
pub(super) fn covariance_centred_avx512_order(
    x: &[f64],
    y: &[f64],
    height: usize,
    width: usize,
) -> f64 {
    check_cov(x, y, width, height, width);
    // SAFETY: as in `covariance_sum_avx2_order`.
    unsafe { cov_f64::<8>(x, y, height, width) }
}
