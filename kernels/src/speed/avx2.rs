//! AVX2 twins of the SpEED kernels (see [`super::x86`]), plus the covariance sum in libvmaf's
//! AVX2 order, which only this level's instructions express (the AVX-512 level reuses it).
//! Reachable only through [`super::SpeedKernels::for_level`] and
//! [`super::CovarianceOrder::kernel_for`] for a level the CPU supports.

use core::arch::x86_64::*;

use super::x86::SpeedIsa;
use crate::isa::{Avx2, one_to_one};

super::x86::level_module!(Avx2, "avx2,fma,bmi1,bmi2,lzcnt,popcnt");

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

/// AVX2: libvmaf's 8-lane `f64` accumulator as two 4-lane halves; 8 `f32` lanes, masks as
/// vectors (sign bit set = lane on).
impl SpeedIsa for Avx2 {
    type Pd8 = [__m256d; 2];
    type Ps = __m256;
    type MaskPs = __m256i;
    const PS_LANES: usize = 8;

    one_to_one! {
        zero_ps() -> __m256 = _mm256_setzero_ps;
        set1_ps(x: f32) -> __m256 = _mm256_set1_ps;
        add_ps(a: __m256, b: __m256) -> __m256 = _mm256_add_ps;
        mul_ps(a: __m256, b: __m256) -> __m256 = _mm256_mul_ps;
    }

    #[inline(always)]
    fn zero_pd8(self) -> [__m256d; 2] {
        // SAFETY: the token proves AVX2.
        unsafe { [_mm256_setzero_pd(); 2] }
    }

    #[inline(always)]
    unsafe fn loadu_pd8(self, p: *const f64) -> [__m256d; 2] {
        // SAFETY: the caller guarantees 8 readable values; the token proves AVX2.
        unsafe { [_mm256_loadu_pd(p), _mm256_loadu_pd(p.add(4))] }
    }

    #[inline(always)]
    fn fmadd_pd8(self, a: [__m256d; 2], b: [__m256d; 2], c: [__m256d; 2]) -> [__m256d; 2] {
        // SAFETY: the token proves AVX2 and FMA.
        unsafe {
            [
                _mm256_fmadd_pd(a[0], b[0], c[0]),
                _mm256_fmadd_pd(a[1], b[1], c[1]),
            ]
        }
    }

    #[inline(always)]
    fn add_pd8(self, a: [__m256d; 2], b: [__m256d; 2]) -> [__m256d; 2] {
        // SAFETY: the token proves AVX2.
        unsafe { [_mm256_add_pd(a[0], b[0]), _mm256_add_pd(a[1], b[1])] }
    }

    #[inline(always)]
    fn to_array_pd8(self, a: [__m256d; 2]) -> [f64; 8] {
        let mut out = [0.0f64; 8];
        // SAFETY: `out` holds 8 values; the token proves AVX2.
        unsafe {
            _mm256_storeu_pd(out.as_mut_ptr(), a[0]);
            _mm256_storeu_pd(out.as_mut_ptr().add(4), a[1]);
        }
        out
    }

    #[inline(always)]
    fn lanes_ps(self, n: usize) -> __m256i {
        // SAFETY: the token proves AVX2.
        unsafe {
            let idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            _mm256_cmpgt_epi32(_mm256_set1_epi32(n.min(8) as i32), idx)
        }
    }

    #[inline(always)]
    unsafe fn maskload_ps(self, p: *const f32, m: __m256i) -> __m256 {
        // SAFETY: the caller guarantees the masked lanes are readable; the token proves AVX2.
        unsafe { _mm256_maskload_ps(p, m) }
    }

    #[inline(always)]
    unsafe fn maskstore_ps(self, p: *mut f32, m: __m256i, v: __m256) {
        // SAFETY: the caller guarantees the masked lanes are writable; the token proves AVX2.
        unsafe { _mm256_maskstore_ps(p, m, v) }
    }
}
