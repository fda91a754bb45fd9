//! The AVX2 and AVX-512 twins of the SpEED kernels, written once.
//!
//! - The filters, conversions, differences and the on-the-fly covariance sums are the bodies of
//!   [`super::scalar`] compiled with the level's instruction set enabled: they vectorise across
//!   columns, which keeps every output's operations and their order (one `f32` multiply and one
//!   add per tap, no contraction: Rust never fuses on its own). The covariance sums keep their
//!   lane structure, and `f64::mul_add` becomes the hardware fused multiply-add, which rounds
//!   exactly like the C library's `fma` the scalar build calls.
//! - [`covariance_centred_avx512_order`] and [`matmul`] are written with intrinsics, once, over
//!   the [`SpeedIsa`] primitives each level implements (`avx2.rs`, `avx512.rs`).
//!
//! [`level_module!`] stamps out one level's table, `#[target_feature]` functions and safe
//! wrappers; `avx2.rs` and `avx512.rs` invoke it with their level and feature string.

/// The vector primitives of one level used by [`covariance_centred_avx512_order`] and
/// [`matmul`]. Implemented by the level tokens of [`crate::isa`], whose existence proves the CPU
/// supports the level, so the methods are safe except where they dereference raw pointers.
pub(super) trait SpeedIsa: Copy {
    /// Eight `f64` lanes: libvmaf's AVX-512 accumulator (two 4-lane halves on AVX2).
    type Pd8: Copy;
    /// The `f32` vector.
    type Ps: Copy;
    /// A lane mask for [`SpeedIsa::maskload_ps`] and [`SpeedIsa::maskstore_ps`].
    type MaskPs: Copy;
    /// `f32` lanes per [`SpeedIsa::Ps`].
    const PS_LANES: usize;

    /// All lanes `0.0`.
    fn zero_pd8(self) -> Self::Pd8;
    /// Eight `f64` from `p`, unaligned.
    ///
    /// # Safety
    /// `p .. p + 8` is readable.
    unsafe fn loadu_pd8(self, p: *const f64) -> Self::Pd8;
    /// `a·b + c` per lane, rounded once (fused multiply-add).
    fn fmadd_pd8(self, a: Self::Pd8, b: Self::Pd8, c: Self::Pd8) -> Self::Pd8;
    /// `a + b` per lane.
    fn add_pd8(self, a: Self::Pd8, b: Self::Pd8) -> Self::Pd8;
    /// The eight lanes, in order.
    fn to_array_pd8(self, a: Self::Pd8) -> [f64; 8];

    /// All lanes `0.0`.
    fn zero_ps(self) -> Self::Ps;
    /// All lanes `x`.
    fn set1_ps(self, x: f32) -> Self::Ps;
    /// `a + b` per lane.
    fn add_ps(self, a: Self::Ps, b: Self::Ps) -> Self::Ps;
    /// `a · b` per lane.
    fn mul_ps(self, a: Self::Ps, b: Self::Ps) -> Self::Ps;
    /// The mask of lanes `0 .. min(n, PS_LANES)`.
    fn lanes_ps(self, n: usize) -> Self::MaskPs;
    /// The lanes of `m` loaded from `p` (others zero; masked-off lanes are not read).
    ///
    /// # Safety
    /// The lanes of `m` are readable from `p`.
    unsafe fn maskload_ps(self, p: *const f32, m: Self::MaskPs) -> Self::Ps;
    /// Stores the lanes of `m` to `p` (masked-off lanes are not written).
    ///
    /// # Safety
    /// The lanes of `m` are writable at `p`.
    unsafe fn maskstore_ps(self, p: *mut f32, m: Self::MaskPs, v: Self::Ps);
}

/// [`super::CovarianceCentred`] in libvmaf's AVX-512 order, with that kernel's own
/// instructions: two 8-lane accumulators fed by fused multiply-adds (16 columns per step, then
/// 8), a scalar tail (multiply, then add), the lanes reduced as `_mm512_reduce_add_pd` does,
/// then the tail. On AVX2 each 8-lane accumulator is two 4-lane halves updated by the same
/// fused multiply-adds.
#[inline(always)]
pub(super) fn covariance_centred_avx512_order<I: SpeedIsa>(
    isa: I,
    x: &[f64],
    y: &[f64],
    height: usize,
    width: usize,
) -> f64 {
    let mut acc0 = isa.zero_pd8();
    let mut acc1 = isa.zero_pd8();
    let mut tail = 0.0f64;
    for i in 0..height {
        let rx = &x[i * width..(i + 1) * width];
        let ry = &y[i * width..(i + 1) * width];
        let (px, py) = (rx.as_ptr(), ry.as_ptr());
        let mut j = 0;
        while j + 16 <= width {
            // SAFETY: `j + 16 <= width` bounds each load inside the row.
            unsafe {
                acc0 = isa.fmadd_pd8(isa.loadu_pd8(px.add(j)), isa.loadu_pd8(py.add(j)), acc0);
                acc1 = isa.fmadd_pd8(
                    isa.loadu_pd8(px.add(j + 8)),
                    isa.loadu_pd8(py.add(j + 8)),
                    acc1,
                );
            }
            j += 16;
        }
        while j + 8 <= width {
            // SAFETY: `j + 8 <= width` bounds each load inside the row.
            unsafe {
                acc0 = isa.fmadd_pd8(isa.loadu_pd8(px.add(j)), isa.loadu_pd8(py.add(j)), acc0);
            }
            j += 8;
        }
        for j in j..width {
            tail += rx[j] * ry[j];
        }
    }
    let a = isa.to_array_pd8(isa.add_pd8(acc0, acc1));
    let h = [a[4] + a[0], a[5] + a[1], a[6] + a[2], a[7] + a[3]];
    let q = [h[2] + h[0], h[3] + h[1]];
    (q[0] + q[1]) + tail
}

/// [`super::Matmul`]: each row of `dst` in tiles of up to `2·PS_LANES` columns held in two
/// registers across the whole sum over `k` (masked at the right edge); every element is still
/// `0.0` plus one rounded product after another, `k` ascending, without fusing.
///
/// # Safety
/// `dst`, `x` and `y` hold at least `rows·cols`, `rows·inner` and `inner·cols` values.
#[inline(always)]
pub(super) unsafe fn matmul<I: SpeedIsa>(
    isa: I,
    dst: &mut [f32],
    x: &[f32],
    y: &[f32],
    rows: usize,
    inner: usize,
    cols: usize,
) {
    let l = I::PS_LANES;
    for i in 0..rows {
        let mut j0 = 0;
        while j0 < cols {
            let left = cols - j0;
            let (m0, m1) = (isa.lanes_ps(left), isa.lanes_ps(left.saturating_sub(l)));
            let two = left > l;
            let mut acc0 = isa.zero_ps();
            let mut acc1 = isa.zero_ps();
            for k in 0..inner {
                let xv = isa.set1_ps(x[i * inner + k]);
                let yk = y[k * cols..].as_ptr();
                // SAFETY: masked lanes stay below `cols` in row `k` of `y` (length: caller).
                unsafe {
                    let y0 = isa.maskload_ps(yk.add(j0), m0);
                    acc0 = isa.add_ps(acc0, isa.mul_ps(xv, y0));
                    if two {
                        let y1 = isa.maskload_ps(yk.add(j0 + l), m1);
                        acc1 = isa.add_ps(acc1, isa.mul_ps(xv, y1));
                    }
                }
            }
            let d = dst[i * cols..].as_mut_ptr();
            // SAFETY: masked lanes stay below `cols` in row `i` of `dst` (length: caller).
            unsafe {
                isa.maskstore_ps(d.add(j0), m0, acc0);
                if two {
                    isa.maskstore_ps(d.add(j0 + l), m1, acc1);
                }
            }
            j0 += 2 * l;
        }
    }
}

/// Defines, in the invoking module, `TABLE` (the [`SpeedKernels`](super::SpeedKernels) of level
/// `CpuLevel::$isa`, covariance in libvmaf's AVX-512 order) and its kernels, compiled with
/// `$features`, plus `covariance_sum_avx2_order` for [`super::CovarianceOrder::kernel_for`].
/// The token type `crate::isa::$isa` must implement [`SpeedIsa`]. `TABLE` and the kernels must
/// only be handed out when the level is supported.
macro_rules! level_module {
    ($isa:ident, $features:literal) => {
        /// This level's table (covariance in libvmaf's AVX-512 order). Callers must have checked
        /// that the level is supported.
        pub(super) const TABLE: $crate::speed::SpeedKernels = $crate::speed::SpeedKernels {
            convolve_rows,
            convolve_padded,
            covariance_sum: covariance_sum_avx512_order,
            covariance_centred: covariance_centred_avx512_order,
            convert_u8,
            convert_u16,
            difference,
            matmul,
            level: $crate::cpu::CpuLevel::$isa,
        };

        $crate::isa::twins! {
            features: $features;
            fn convolve_rows => convolve_rows_impl(rows: &[&[f32]], filter: &[f32], out: &mut [f32])
                = $crate::speed::scalar::convolve_rows(rows, filter, out);
            fn convolve_padded => convolve_padded_impl(
                    padded: &[f32], filter: &[f32], step: usize, out: &mut [f32])
                = $crate::speed::scalar::convolve_padded(padded, filter, step, out);
            fn convert_u8 => convert_u8_impl(src: &[u8], offset: f32, out: &mut [f32])
                = $crate::speed::scalar::convert_u8(src, offset, out);
            fn convert_u16 => convert_u16_impl(
                    src: &[u16], scaler: f32, offset: f32, out: &mut [f32])
                = $crate::speed::scalar::convert_u16(src, scaler, offset, out);
            fn difference => difference_impl(a: &[f32], b: &[f32], out: &mut [f32])
                = $crate::speed::scalar::difference(a, b, out);
            pub(super) fn covariance_sum_avx2_order => covariance_sum_avx2_order_impl(
                    x: &[f32], y: &[f32], stride: usize, height: usize, width: usize,
                    mean_x: f64, mean_y: f64) -> f64
                = $crate::speed::scalar::covariance_sum_avx2_order_inline(
                    x, y, stride, height, width, mean_x, mean_y);
            pub(super) fn covariance_sum_avx512_order => covariance_sum_avx512_order_impl(
                    x: &[f32], y: &[f32], stride: usize, height: usize, width: usize,
                    mean_x: f64, mean_y: f64) -> f64
                = $crate::speed::scalar::covariance_sum_avx512_order_inline(
                    x, y, stride, height, width, mean_x, mean_y);
        }

        /// [`CovarianceCentred`]($crate::speed::CovarianceCentred) in libvmaf's AVX-512 order
        /// (the shared body `speed::x86::covariance_centred_avx512_order`).
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
            // SAFETY: only reachable through this level's tables, handed out only when the
            // level is supported; the operands hold `height * width` values (checked).
            unsafe { covariance_centred_avx512_order_imp(x, y, height, width) }
        }

        #[target_feature(enable = $features)]
        unsafe fn covariance_centred_avx512_order_imp(
            x: &[f64],
            y: &[f64],
            height: usize,
            width: usize,
        ) -> f64 {
            // SAFETY: compiled with, and only called on CPUs with, this level's features.
            let isa = unsafe { $crate::isa::$isa::new() };
            $crate::speed::x86::covariance_centred_avx512_order(isa, x, y, height, width)
        }

        /// [`Matmul`]($crate::speed::Matmul) (the shared body `speed::x86::matmul`).
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
            // SAFETY: only reachable through this level's table, handed out only when the level
            // is supported; lengths checked above.
            unsafe { matmul_imp(dst, x, y, rows, inner, cols) }
        }

        #[target_feature(enable = $features)]
        unsafe fn matmul_imp(
            dst: &mut [f32],
            x: &[f32],
            y: &[f32],
            rows: usize,
            inner: usize,
            cols: usize,
        ) {
            // SAFETY: compiled with, and only called on CPUs with, this level's features; the
            // caller checked the lengths `matmul` needs.
            unsafe {
                let isa = $crate::isa::$isa::new();
                $crate::speed::x86::matmul(isa, dst, x, y, rows, inner, cols)
            }
        }
    };
}
pub(super) use level_module;
