//! AVX-512 (F, BW, CD, DQ, VL) twins of the CAMBI kernels: the shared bodies of
//! [`super::x86`] over the [`CambiIsa`] primitives below. Every function is reachable only
//! through [`super::CambiKernels::for_level`] for a level the CPU supports.
//!
//! The AVX-512 intrinsics are stable since Rust 1.89, above the workspace's declared MSRV.

use core::arch::x86_64::*;

use super::scalar;
use super::x86::{self, CambiIsa};
use crate::isa::Avx512;

x86::level_module!(
    Avx512,
    "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
);

impl CambiIsa for Avx512 {
    const LANES: usize = 64;

    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn tracked(image: &[u16], mask: &[u8], base: u16, size: u16) -> u64 {
        debug_assert!(image.len() >= 64 && mask.len() >= 64);
        // SAFETY: both slices hold 64 elements (caller), unaligned loads.
        unsafe {
            let m = _mm512_loadu_si512(mask.as_ptr().cast());
            let v0 = _mm512_loadu_si512(image.as_ptr().cast());
            let v1 = _mm512_loadu_si512(image.as_ptr().add(32).cast());
            let b = _mm512_set1_epi16(base as i16);
            let sz = _mm512_set1_epi16(size as i16);
            let in0 = _mm512_cmplt_epu16_mask(_mm512_sub_epi16(v0, b), sz);
            let in1 = _mm512_cmplt_epu16_mask(_mm512_sub_epi16(v1, b), sz);
            _mm512_test_epi8_mask(m, m) & (u64::from(in0) | (u64::from(in1) << 32))
        }
    }

    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn equal_bits(a: &[u16], b: &[u16]) -> u64 {
        debug_assert!(a.len() >= 64 && b.len() >= 64);
        // SAFETY: both slices hold 64 elements (caller), unaligned loads.
        unsafe {
            let a0 = _mm512_loadu_si512(a.as_ptr().cast());
            let a1 = _mm512_loadu_si512(a.as_ptr().add(32).cast());
            let b0 = _mm512_loadu_si512(b.as_ptr().cast());
            let b1 = _mm512_loadu_si512(b.as_ptr().add(32).cast());
            u64::from(_mm512_cmpeq_epi16_mask(a0, b0))
                | (u64::from(_mm512_cmpeq_epi16_mask(a1, b1)) << 32)
        }
    }

    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn add(cells: &mut [u16], delta: u16) {
        let n = cells.len();
        let ptr = cells.as_mut_ptr();
        // SAFETY: full vectors stay below `n`; the last one is masked to the cells left (masked
        // lanes are neither read nor written).
        unsafe {
            let d = _mm512_set1_epi16(delta as i16);
            let mut off = 0;
            while off + 32 <= n {
                let x = _mm512_loadu_si512(ptr.add(off).cast());
                _mm512_storeu_si512(ptr.add(off).cast(), _mm512_add_epi16(x, d));
                off += 32;
            }
            if off < n {
                let k: __mmask32 = (1u32 << (n - off)) - 1;
                let x = _mm512_maskz_loadu_epi16(k, ptr.add(off).cast());
                _mm512_mask_storeu_epi16(ptr.add(off).cast(), k, _mm512_add_epi16(x, d));
            }
        }
    }

    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn add_run(cells: &mut [u16], off: i32, pad: i32, len: i32, sub: bool) {
        const IOTA: [i16; 32] = {
            let mut a = [0i16; 32];
            let mut i = 0;
            while i < 32 {
                a[i] = i as i16;
                i += 1;
            }
            a
        };
        let n = cells.len();
        let ptr = cells.as_mut_ptr();
        // SAFETY: every access is masked to the `n` cells; positions fit i16 (caller).
        unsafe {
            let iota = _mm512_loadu_si512(IOTA.as_ptr().cast());
            let padv = _mm512_set1_epi16(pad as i16);
            let last = _mm512_set1_epi16((len - 1) as i16);
            let one = _mm512_set1_epi16(1);
            let zero = _mm512_setzero_si512();
            let mut k = 0;
            while k < n {
                let m: __mmask32 = if n - k >= 32 {
                    u32::MAX
                } else {
                    (1u32 << (n - k)) - 1
                };
                let c = _mm512_add_epi16(_mm512_set1_epi16((off + k as i32) as i16), iota);
                let hi = _mm512_min_epi16(_mm512_add_epi16(c, padv), last);
                let lo = _mm512_max_epi16(_mm512_sub_epi16(c, padv), zero);
                let cnt = _mm512_add_epi16(_mm512_sub_epi16(hi, lo), one);
                let x = _mm512_maskz_loadu_epi16(m, ptr.add(k).cast());
                let x = if sub {
                    _mm512_sub_epi16(x, cnt)
                } else {
                    _mm512_add_epi16(x, cnt)
                };
                _mm512_mask_storeu_epi16(ptr.add(k).cast(), m, x);
                k += 32;
            }
        }
    }

    /// `dst[j] = src[2j]`, 32 samples at a time: the low halves of 32-bit lanes.
    ///
    /// # Safety
    /// AVX-512 is supported; `src.len() >= 2 * dst.len() - 1`.
    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn decimate_row_u16(dst: &mut [u16], src: &[u16]) {
        let w = dst.len();
        debug_assert!(w == 0 || src.len() >= 2 * w - 1);
        let mut j = 0;
        // Reads end at 2j + 63 <= 2w - 2 while j + 32 < w.
        while j + 32 < w {
            // SAFETY: the reads stay inside `src` and the write inside `dst` (see above).
            unsafe {
                let a = _mm512_loadu_si512(src.as_ptr().add(2 * j).cast());
                let b = _mm512_loadu_si512(src.as_ptr().add(2 * j + 32).cast());
                let lo = _mm512_cvtepi32_epi16(a);
                let hi = _mm512_cvtepi32_epi16(b);
                let v = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(lo), hi);
                _mm512_storeu_si512(dst.as_mut_ptr().add(j).cast(), v);
            }
            j += 32;
        }
        scalar::decimate_row(&mut dst[j..], &src[2 * j..]);
    }

    /// `dst[j] = src[2j]` for bytes, 64 at a time: the low halves of 16-bit lanes.
    ///
    /// # Safety
    /// AVX-512 is supported; `src.len() >= 2 * dst.len() - 1`.
    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn decimate_row_u8(dst: &mut [u8], src: &[u8]) {
        let w = dst.len();
        debug_assert!(w == 0 || src.len() >= 2 * w - 1);
        let mut j = 0;
        while j + 64 < w {
            // SAFETY: reads end at 2j + 127 <= 2w - 2, the write at j + 63 < w.
            unsafe {
                let a = _mm512_loadu_si512(src.as_ptr().add(2 * j).cast());
                let b = _mm512_loadu_si512(src.as_ptr().add(2 * j + 64).cast());
                let lo = _mm512_cvtepi16_epi8(a);
                let hi = _mm512_cvtepi16_epi8(b);
                let v = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(lo), hi);
                _mm512_storeu_si512(dst.as_mut_ptr().add(j).cast(), v);
            }
            j += 64;
        }
        scalar::decimate_row(&mut dst[j..], &src[2 * j..]);
    }
}
