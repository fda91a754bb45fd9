//! AVX-512 twins of the motion kernels (see [`super::x86`]). Reachable only through
//! [`super::MotionKernels::for_level`] for a level the CPU supports.
//!
//! The 16-bit kernel is the scalar body compiled for the level. The 8-bit kernel's vertical
//! pass is written out: 32 columns per step in 16-bit lanes (differences of 8-bit samples and
//! their symmetric sums fit `i16`), the taps in two `pmaddwd` pairs per half,
//! `(d0 + d4, d1 + d3)·(f0, f1)` and `(d2, 1)·(f2, 128)` (the second adds the rounding term),
//! then `>> 8` and the columns put back in order; the horizontal pass is the scalar body's.

use core::arch::x86_64::*;

use super::scalar::{self, FILTER};

super::x86::level_module!(
    Avx512,
    "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt",
    sad_u8_fast
);

crate::isa::twins! {
    features: "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt";
    /// [`scalar::sad_u8`] with the vertical pass of [`vertical_u8`].
    #[allow(clippy::too_many_arguments)]
    fn sad_u8_fast => sad_u8_fast_impl(
        previous: &[u8], prev_stride: usize, current: &[u8], cur_stride: usize, w: usize,
        h: usize, y_row: &mut [i32]) -> u64
    = scalar::sad_u8_with(previous, prev_stride, current, cur_stride, w, h, y_row, |p, c, y| {
        // SAFETY: AVX-512 is supported (this body runs only inside the level's twin);
        // `sad_u8_with` hands over rows of `w` samples each and `y_row` cut to `w`.
        (y.len() / 32 * 32, unsafe { vertical_u8(p, c, y) })
    });
}

/// The vertical pass of one row over its whole 32-column blocks: `y_row[j] = (Σ f·(p − c) +
/// 2^7) >> 8` for `j < w / 32 · 32` (`w = y_row.len()`); returns the OR of their magnitudes.
///
/// # Safety
/// AVX-512 (the level's features) must be supported. Every row of `p` and `c` must hold at least
/// `y_row.len()` samples.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vertical_u8(p: &[&[u8]; 5], c: &[&[u8]; 5], y_row: &mut [i32]) -> u32 {
    let w = y_row.len();
    assert!(p.iter().chain(c).all(|r| r.len() >= w));
    let f01 = _mm512_set1_epi32(FILTER[0] | (FILTER[1] << 16));
    let f2r = _mm512_set1_epi32(FILTER[2] | (1 << 7 << 16));
    let one = _mm512_set1_epi16(1);
    // Unpacking works within 128-bit lanes: the low halves hold columns 8L..8L+3 of lane L,
    // the high halves 8L+4..8L+7; these 64-bit lane indices put 16 columns back in order.
    let first = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
    let second = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
    let mut mag = _mm512_setzero_si512();
    let out = y_row.as_mut_ptr();
    for j in (0..w / 32 * 32).step_by(32) {
        // SAFETY: j + 32 <= w <= every row's length.
        let d: [__m512i; 5] = core::array::from_fn(|k| unsafe {
            let ld = |r: &[u8]| _mm512_cvtepu8_epi16(_mm256_loadu_si256(r.as_ptr().add(j).cast()));
            _mm512_sub_epi16(ld(p[k]), ld(c[k]))
        });
        let a = _mm512_add_epi16(d[0], d[4]);
        let b = _mm512_add_epi16(d[1], d[3]);
        let lo = _mm512_dpwssd_epi32(
            _mm512_madd_epi16(_mm512_unpacklo_epi16(a, b), f01),
            _mm512_unpacklo_epi16(d[2], one),
            f2r,
        );
        let hi = _mm512_dpwssd_epi32(
            _mm512_madd_epi16(_mm512_unpackhi_epi16(a, b), f01),
            _mm512_unpackhi_epi16(d[2], one),
            f2r,
        );
        let (lo, hi) = (_mm512_srai_epi32::<8>(lo), _mm512_srai_epi32::<8>(hi));
        mag = _mm512_or_si512(
            mag,
            _mm512_or_si512(_mm512_abs_epi32(lo), _mm512_abs_epi32(hi)),
        );
        // SAFETY: j + 32 <= w entries of `y_row`.
        unsafe {
            _mm512_storeu_si512(out.add(j).cast(), _mm512_permutex2var_epi64(lo, first, hi));
            _mm512_storeu_si512(
                out.add(j + 16).cast(),
                _mm512_permutex2var_epi64(lo, second, hi),
            );
        }
    }
    _mm512_reduce_or_epi32(mag) as u32
}
