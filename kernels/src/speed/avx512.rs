//! AVX-512 twins of the SpEED kernels (see [`super::x86`]). Reachable only through
//! [`super::SpeedKernels::for_level`] and [`super::CovarianceOrder::kernel_for`] for a level the
//! CPU supports.

use core::arch::x86_64::*;

use super::x86::SpeedIsa;
use crate::isa::{Avx512, one_to_one};

super::x86::level_module!(
    Avx512,
    "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
);

/// [`super::CovarianceCentred`] in libvmaf's AVX2 order: the AVX2 kernel (its 4-lane
/// instructions are those of libvmaf's AVX2 kernel, and the AVX-512 level includes AVX2).
pub(super) use super::avx2::covariance_centred_avx2_order;

/// AVX-512: one register per 8 `f64` lanes; 16 `f32` lanes, masks in mask registers.
impl SpeedIsa for Avx512 {
    type Pd8 = __m512d;
    type Ps = __m512;
    type MaskPs = __mmask16;
    const PS_LANES: usize = 16;

    one_to_one! {
        zero_pd8() -> __m512d = _mm512_setzero_pd;
        fmadd_pd8(a: __m512d, b: __m512d, c: __m512d) -> __m512d = _mm512_fmadd_pd;
        add_pd8(a: __m512d, b: __m512d) -> __m512d = _mm512_add_pd;
        zero_ps() -> __m512 = _mm512_setzero_ps;
        set1_ps(x: f32) -> __m512 = _mm512_set1_ps;
        add_ps(a: __m512, b: __m512) -> __m512 = _mm512_add_ps;
        mul_ps(a: __m512, b: __m512) -> __m512 = _mm512_mul_ps;
    }

    #[inline(always)]
    unsafe fn loadu_pd8(self, p: *const f64) -> __m512d {
        // SAFETY: the caller guarantees 8 readable values; the token proves AVX-512.
        unsafe { _mm512_loadu_pd(p) }
    }

    #[inline(always)]
    fn to_array_pd8(self, a: __m512d) -> [f64; 8] {
        let mut out = [0.0f64; 8];
        // SAFETY: `out` holds 8 values; the token proves AVX-512.
        unsafe { _mm512_storeu_pd(out.as_mut_ptr(), a) };
        out
    }

    #[inline(always)]
    fn lanes_ps(self, n: usize) -> __mmask16 {
        if n >= 16 { 0xFFFF } else { (1u16 << n) - 1 }
    }

    #[inline(always)]
    unsafe fn maskload_ps(self, p: *const f32, m: __mmask16) -> __m512 {
        // SAFETY: the caller guarantees the masked lanes are readable; the token proves
        // AVX-512.
        unsafe { _mm512_maskz_loadu_ps(m, p) }
    }

    #[inline(always)]
    unsafe fn maskstore_ps(self, p: *mut f32, m: __mmask16, v: __m512) {
        // SAFETY: the caller guarantees the masked lanes are writable; the token proves
        // AVX-512.
        unsafe { _mm512_mask_storeu_ps(p, m, v) }
    }
}
