//! AVX2 (with FMA, BMI1/2, LZCNT) twins of the CAMBI kernels: the shared bodies of
//! [`super::x86`] over the [`CambiIsa`] primitives below. Every function is reachable only
//! through [`super::CambiKernels::for_level`] for a level the CPU supports.

use core::arch::x86_64::*;

use super::scalar;
use super::x86::{self, CambiIsa, run_count};
use crate::isa::Avx2;

x86::level_module!(Avx2, "avx2,fma,bmi1,bmi2,lzcnt,popcnt");

/// 32 bytes of 0/-1 lanes, from two vectors of 16-bit 0/-1 lanes, in lane order, as bits.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn bits16(lo: __m256i, hi: __m256i) -> u64 {
    // packs works per 128-bit half: [lo 0..7, hi 0..7, lo 8..15, hi 8..15]; the permute puts the
    // quadwords back in order.
    let packed = _mm256_permute4x64_epi64::<0xD8>(_mm256_packs_epi16(lo, hi));
    u64::from(_mm256_movemask_epi8(packed) as u32)
}

/// 16-bit lanes of `v` (as `v - base`, wrapping) below `size`, as 0/-1 (`size >= 1`).
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn in_band(v: __m256i, base: __m256i, size_minus_1: __m256i) -> __m256i {
    let x = _mm256_sub_epi16(v, base);
    _mm256_cmpeq_epi16(_mm256_min_epu16(x, size_minus_1), x)
}

impl CambiIsa for Avx2 {
    const LANES: usize = 32;

    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn tracked(image: &[u16], mask: &[u8], base: u16, size: u16) -> u64 {
        debug_assert!(image.len() >= 32 && mask.len() >= 32 && size >= 1);
        // SAFETY: both slices hold 32 elements (caller), unaligned loads.
        unsafe {
            let m = _mm256_loadu_si256(mask.as_ptr().cast());
            let v0 = _mm256_loadu_si256(image.as_ptr().cast());
            let v1 = _mm256_loadu_si256(image.as_ptr().add(16).cast());
            let b = _mm256_set1_epi16(base as i16);
            let sz = _mm256_set1_epi16(size.wrapping_sub(1) as i16);
            let unmasked = _mm256_movemask_epi8(_mm256_cmpeq_epi8(m, _mm256_setzero_si256()));
            let masked = u64::from(!(unmasked as u32));
            masked & bits16(in_band(v0, b, sz), in_band(v1, b, sz))
        }
    }

    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn equal_bits(a: &[u16], b: &[u16]) -> u64 {
        debug_assert!(a.len() >= 32 && b.len() >= 32);
        // SAFETY: both slices hold 32 elements (caller), unaligned loads.
        unsafe {
            let a0 = _mm256_loadu_si256(a.as_ptr().cast());
            let a1 = _mm256_loadu_si256(a.as_ptr().add(16).cast());
            let b0 = _mm256_loadu_si256(b.as_ptr().cast());
            let b1 = _mm256_loadu_si256(b.as_ptr().add(16).cast());
            bits16(_mm256_cmpeq_epi16(a0, b0), _mm256_cmpeq_epi16(a1, b1))
        }
    }

    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn add(cells: &mut [u16], delta: u16) {
        let n = cells.len();
        let ptr = cells.as_mut_ptr();
        let mut off = 0;
        // SAFETY: full vectors stay below `n`.
        unsafe {
            let d = _mm256_set1_epi16(delta as i16);
            while off + 16 <= n {
                let x = _mm256_loadu_si256(ptr.add(off).cast());
                _mm256_storeu_si256(ptr.add(off).cast(), _mm256_add_epi16(x, d));
                off += 16;
            }
        }
        for c in &mut cells[off..] {
            *c = c.wrapping_add(delta);
        }
    }

    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn add_run(cells: &mut [u16], off: i32, pad: i32, len: i32, sub: bool) {
        let n = cells.len();
        let ptr = cells.as_mut_ptr();
        let mut k = 0;
        // SAFETY: full vectors stay below `n`; positions fit i16 (caller).
        unsafe {
            let iota = _mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            let padv = _mm256_set1_epi16(pad as i16);
            let last = _mm256_set1_epi16((len - 1) as i16);
            let one = _mm256_set1_epi16(1);
            let zero = _mm256_setzero_si256();
            while k + 16 <= n {
                let c = _mm256_add_epi16(_mm256_set1_epi16((off + k as i32) as i16), iota);
                let hi = _mm256_min_epi16(_mm256_add_epi16(c, padv), last);
                let lo = _mm256_max_epi16(_mm256_sub_epi16(c, padv), zero);
                let cnt = _mm256_add_epi16(_mm256_sub_epi16(hi, lo), one);
                let x = _mm256_loadu_si256(ptr.add(k).cast());
                let x = if sub {
                    _mm256_sub_epi16(x, cnt)
                } else {
                    _mm256_add_epi16(x, cnt)
                };
                _mm256_storeu_si256(ptr.add(k).cast(), x);
                k += 16;
            }
        }
        for (p, cell) in cells.iter_mut().enumerate().skip(k) {
            let cnt = run_count(off + p as i32, pad, len);
            *cell = if sub {
                cell.wrapping_sub(cnt)
            } else {
                cell.wrapping_add(cnt)
            };
        }
    }

    /// `dst[j] = src[2j]`, 16 samples at a time: the low halves of 32-bit lanes, packed.
    ///
    /// # Safety
    /// AVX2 is supported; `src.len() >= 2 * dst.len() - 1`.
    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn decimate_row_u16(dst: &mut [u16], src: &[u16]) {
        let w = dst.len();
        debug_assert!(w == 0 || src.len() >= 2 * w - 1);
        let low = _mm256_set1_epi32(0xFFFF);
        let mut j = 0;
        while j + 16 < w {
            // SAFETY: reads end at 2j + 31 <= 2w - 2, the write at j + 15 < w.
            unsafe {
                let a = _mm256_and_si256(_mm256_loadu_si256(src.as_ptr().add(2 * j).cast()), low);
                let b =
                    _mm256_and_si256(_mm256_loadu_si256(src.as_ptr().add(2 * j + 16).cast()), low);
                let v = _mm256_permute4x64_epi64::<0xD8>(_mm256_packus_epi32(a, b));
                _mm256_storeu_si256(dst.as_mut_ptr().add(j).cast(), v);
            }
            j += 16;
        }
        scalar::decimate_row(&mut dst[j..], &src[2 * j..]);
    }

    /// `dst[j] = src[2j]` for bytes, 32 at a time: the low halves of 16-bit lanes, packed.
    ///
    /// # Safety
    /// AVX2 is supported; `src.len() >= 2 * dst.len() - 1`.
    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn decimate_row_u8(dst: &mut [u8], src: &[u8]) {
        let w = dst.len();
        debug_assert!(w == 0 || src.len() >= 2 * w - 1);
        let low = _mm256_set1_epi16(0xFF);
        let mut j = 0;
        while j + 32 < w {
            // SAFETY: reads end at 2j + 63 <= 2w - 2, the write at j + 31 < w.
            unsafe {
                let a = _mm256_and_si256(_mm256_loadu_si256(src.as_ptr().add(2 * j).cast()), low);
                let b =
                    _mm256_and_si256(_mm256_loadu_si256(src.as_ptr().add(2 * j + 32).cast()), low);
                let v = _mm256_permute4x64_epi64::<0xD8>(_mm256_packus_epi16(a, b));
                _mm256_storeu_si256(dst.as_mut_ptr().add(j).cast(), v);
            }
            j += 32;
        }
        scalar::decimate_row(&mut dst[j..], &src[2 * j..]);
    }
}
