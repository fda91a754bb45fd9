//! The covariance sums of [`super::scalar`] compiled for CPUs with hardware fused multiply-add
//! (x86-64 FMA, part of the AVX2 level): the same Rust code, in which `f64::mul_add` becomes one
//! `vfmadd` instruction instead of a call to the C library's `fma`. Both compute the correctly
//! rounded `a·b + c`, so the results are identical bit for bit (checked in the tests); only the
//! speed differs (about 2x for `speed_temporal` at 1080p).

/// `covariance_sum_avx2_order` with hardware FMA.
///
/// # Safety
/// The CPU must support FMA.
#[target_feature(enable = "fma")]
unsafe fn avx2_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    super::scalar::covariance_sum_avx2_order_inline(x, y, stride, height, width, mean_x, mean_y)
}

/// `covariance_sum_avx512_order` with hardware FMA.
///
/// # Safety
/// The CPU must support FMA.
#[target_feature(enable = "fma")]
unsafe fn avx512_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    super::scalar::covariance_sum_avx512_order_inline(x, y, stride, height, width, mean_x, mean_y)
}

/// Whether this CPU has FMA (detected once by the standard library).
pub(crate) fn available() -> bool {
    std::arch::is_x86_feature_detected!("fma")
}

/// [`super::CovarianceSum`] in libvmaf's AVX2 order with hardware FMA. Only handed out by
/// [`super::SpeedKernels`] after [`available`] returned true.
pub(crate) fn covariance_sum_avx2_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    debug_assert!(available());
    // SAFETY: this function is only installed in kernel tables after `available()` confirmed
    // that the CPU supports FMA (see `CovarianceOrder::kernel_for`).
    unsafe { avx2_order(x, y, stride, height, width, mean_x, mean_y) }
}

/// [`super::CovarianceSum`] in libvmaf's AVX-512 order with hardware FMA. Only handed out by
/// [`super::SpeedKernels`] after [`available`] returned true.
pub(crate) fn covariance_sum_avx512_order(
    x: &[f32],
    y: &[f32],
    stride: usize,
    height: usize,
    width: usize,
    mean_x: f64,
    mean_y: f64,
) -> f64 {
    debug_assert!(available());
    // SAFETY: as for `covariance_sum_avx2_order`: only installed after `available()`.
    unsafe { avx512_order(x, y, stride, height, width, mean_x, mean_y) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speed::scalar;

    #[test]
    fn fma_twins_equal_the_scalar_emulation() {
        if !available() {
            eprintln!("SKIPPED: no FMA on this CPU");
            return;
        }
        // Centred values with long mantissas (means 2^-40 apart from the f32 grid), so that
        // fused and unfused results would differ.
        let mut s = 7u32;
        let mut next = || {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (s >> 8) as f32 / 4096.0 - 2048.0
        };
        let x: Vec<f32> = (0..61 * 40).map(|_| next()).collect();
        let y: Vec<f32> = (0..61 * 40).map(|_| next()).collect();
        let (mx, my) = (0.1 + 2f64.powi(-40), -0.3 - 2f64.powi(-41));
        for w in [1, 3, 8, 15, 16, 17, 31, 32, 37, 56, 61] {
            for h in [1, 6, 40] {
                let want = scalar::covariance_sum_avx512_order(&x, &y, 61, h, w, mx, my);
                let got = covariance_sum_avx512_order(&x, &y, 61, h, w, mx, my);
                assert_eq!(got.to_bits(), want.to_bits(), "avx512 order w={w} h={h}");
                let want = scalar::covariance_sum_avx2_order(&x, &y, 61, h, w, mx, my);
                let got = covariance_sum_avx2_order(&x, &y, 61, h, w, mx, my);
                assert_eq!(got.to_bits(), want.to_bits(), "avx2 order w={w} h={h}");
            }
        }
    }
}
