//! AVX-512 kernels of integer ADM (x86-64-v4, Ice Lake set): the shared bodies of
//! [`super::x86`] with 16 samples (or 8 in 64-bit lanes) per step, and this level's own
//! horizontal DWT passes and decoupling ([`AdmIsa`]).
//!
//! Every kernel is a private `unsafe fn` with `#[target_feature]`, reached only through a safe
//! wrapper stored in the table [`super::AdmKernels::for_level`] returns for
//! [`CpuLevel::Avx512`](crate::cpu::CpuLevel), which it does only when that level is supported
//! by the CPU.
//!
//! Decoupling: the reciprocal table is gathered; 64-bit products and shifts where C uses
//! `int64_t`; the angle test converts the exact integers to `f32` (one rounding, like `as f32`)
//! and compares in `f64` without the common `1/4096²` factor, which scales both sides by a power
//! of two and so changes no comparison. The last block of a row is masked, not left to the
//! scalar kernel.

// The AVX-512 intrinsics are stable since Rust 1.89, above the workspace's declared MSRV; this
// module is only compiled for x86-64 and reached only on CPUs with AVX-512.

use core::arch::x86_64::*;

use crate::isa::dpwssd_zmm;

use super::scalar::{COS_1DEG_SQ, S123_ADD_H, S123_SHIFT_H};
use super::x86::{AdmIsa, last_straight, tap_pair};
use super::{DB2_HI, DB2_LO, DIV_LOOKUP, Hvd, HvdMut};
use crate::isa::Avx512;

super::x86::level_module!(
    Avx512,
    "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
);

/// The low 32 bits of the 64-bit lanes of `even` (pixels 0, 2, ..) and of `odd` shifted up
/// (pixels 1, 3, ..), interleaved back into 16 natural lanes.
#[inline(always)]
fn join_even_odd(even_lo: __m512i, odd_hi: __m512i) -> __m512i {
    // SAFETY: AVX-512F is enabled in every caller (all are AVX-512 target-feature functions
    // into which this is inlined).
    unsafe { _mm512_mask_blend_epi32(0xAAAA, even_lo, odd_hi) }
}

impl AdmIsa for Avx512 {
    /// 32 output columns at a time while they last, then 16.
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn s0_horizontal(row: &[i16], w: usize, lo_out: *mut i16, hi_out: *mut i16) -> usize {
        let fl01 = _mm512_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm512_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm512_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm512_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let rnd = _mm512_set1_epi32(32768);
        let jmax = last_straight(w);
        // 16 outputs from the row at 2j-1: pairs of taps meet pairs of coefficients.
        let sums = |j: usize, f01: __m512i, f23: __m512i| {
            // SAFETY: the loads read 2j-1 ..= 2j+32, inside the row for j + 15 <= jmax
            // (2·jmax + 2 <= w - 1).
            let (a, b) = unsafe {
                (
                    _mm512_loadu_si512(row.as_ptr().add(2 * j - 1) as *const __m512i),
                    _mm512_loadu_si512(row.as_ptr().add(2 * j + 1) as *const __m512i),
                )
            };
            let s = dpwssd_zmm(dpwssd_zmm(rnd, a, f01), b, f23);
            _mm512_srai_epi32::<16>(s)
        };
        // Two blocks of 16 packed into 32 outputs: the values fit i16, so `vpackssdw` is
        // exact; it interleaves 128-bit lanes, which the permutation undoes. (A store straight
        // from `vpmovdw` is slow on some cores.)
        let order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
        let mut j = 1;
        while j + 31 <= jmax {
            let pack = |f01: __m512i, f23: __m512i| {
                _mm512_permutexvar_epi64(
                    order,
                    _mm512_packs_epi32(sums(j, f01, f23), sums(j + 16, f01, f23)),
                )
            };
            // SAFETY: j + 32 <= jmax + 1 <= ceil(w/2), the length of both outputs.
            unsafe {
                _mm512_storeu_si512(lo_out.add(j) as *mut __m512i, pack(fl01, fl23));
                if !hi_out.is_null() {
                    _mm512_storeu_si512(hi_out.add(j) as *mut __m512i, pack(fh01, fh23));
                }
            }
            j += 32;
        }
        while j + 15 <= jmax {
            // SAFETY: j + 16 <= jmax + 1 <= ceil(w/2), the length of both outputs.
            unsafe {
                _mm256_storeu_si256(
                    lo_out.add(j) as *mut __m256i,
                    _mm512_cvtepi32_epi16(sums(j, fl01, fl23)),
                );
                if !hi_out.is_null() {
                    _mm256_storeu_si256(
                        hi_out.add(j) as *mut __m256i,
                        _mm512_cvtepi32_epi16(sums(j, fh01, fh23)),
                    );
                }
            }
            j += 16;
        }
        j
    }

    /// 16 output columns at a time while they last, then 8.
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn s123_horizontal(
        row: &[i32],
        w: usize,
        scale: usize,
        lo_out: &mut [i32],
        mut hi_out: Option<&mut [i32]>,
    ) -> usize {
        let add = _mm512_set1_epi64(S123_ADD_H[scale - 1]);
        let shift = _mm_cvtsi32_si128(S123_SHIFT_H[scale - 1] as i32);
        let fl = DB2_LO.map(|f| _mm512_set1_epi64(f as i64));
        let fh = DB2_HI.map(|f| _mm512_set1_epi64(f as i64));
        let jmax = last_straight(w);
        // 8 outputs (64-bit sums) from the row at 2j-1.
        let sums = |j: usize, f: &[__m512i; 4]| {
            // SAFETY: the loads read 2j-1 ..= 2j+16, inside the row for j + 7 <= jmax.
            let (a, b) = unsafe {
                (
                    _mm512_loadu_si512(row.as_ptr().add(2 * j - 1) as *const __m512i),
                    _mm512_loadu_si512(row.as_ptr().add(2 * j + 1) as *const __m512i),
                )
            };
            // Lane m: taps 0 and 1 of output j+m in `a`, taps 2 and 3 in `b`.
            let s = [a, _mm512_srli_epi64(a, 32), b, _mm512_srli_epi64(b, 32)];
            let x = _mm512_add_epi64(_mm512_mul_epi32(s[0], f[0]), _mm512_mul_epi32(s[1], f[1]));
            let y = _mm512_add_epi64(_mm512_mul_epi32(s[2], f[2]), _mm512_mul_epi32(s[3], f[3]));
            // The low 32 bits of the arithmetic shift equal those of the logical one.
            _mm512_srl_epi64(_mm512_add_epi64(_mm512_add_epi64(x, y), add), shift)
        };
        // Two blocks of 8: their low halves gathered into 16 outputs, one plain store.
        let evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        let mut j = 1;
        while j + 15 <= jmax {
            let pack =
                |f: &[__m512i; 4]| _mm512_permutex2var_epi32(sums(j, f), evens, sums(j + 8, f));
            // SAFETY: j + 16 <= jmax + 1 <= ceil(w/2) <= both output lengths.
            unsafe {
                _mm512_storeu_si512(lo_out.as_mut_ptr().add(j) as *mut __m512i, pack(&fl));
                if let Some(h) = hi_out.as_deref_mut() {
                    _mm512_storeu_si512(h.as_mut_ptr().add(j) as *mut __m512i, pack(&fh));
                }
            }
            j += 16;
        }
        while j + 7 <= jmax {
            // SAFETY: j + 8 <= jmax + 1 <= ceil(w/2) <= both output lengths.
            unsafe {
                _mm256_storeu_si256(
                    lo_out.as_mut_ptr().add(j) as *mut __m256i,
                    _mm512_cvtepi64_epi32(sums(j, &fl)),
                );
                if let Some(h) = hi_out.as_deref_mut() {
                    _mm256_storeu_si256(
                        h.as_mut_ptr().add(j) as *mut __m256i,
                        _mm512_cvtepi64_epi32(sums(j, &fh)),
                    );
                }
            }
            j += 8;
        }
        j
    }

    /// Columns `left..right`, 16 at a time, the last block masked: returns `right`.
    #[allow(clippy::too_many_arguments)]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn decouple_s0_imp<const INT_EGL: bool>(
        rf: Hvd<'_, i16>,
        dis: Hvd<'_, i16>,
        left: usize,
        right: usize,
        egl: f64,
        egl_i: i32,
        r: &mut HvdMut<'_, i16>,
        a: &mut HvdMut<'_, i16>,
    ) -> usize {
        let zero = _mm512_setzero_si512();
        let k_max = _mm512_set1_epi32(32768);
        let r14 = _mm512_set1_epi32(16384);
        let r14q = _mm512_set1_epi64(16384);
        let int_min = _mm512_set1_epi32(i32::MIN);
        let two31 = _mm512_set1_ps(2147483648.0);
        let cos = _mm512_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm512_set1_pd(egl);
        let egl_v = _mm512_set1_epi32(egl_i);
        let lut = DIV_LOOKUP.as_ptr();
        let halves = |x: __m512| {
            (
                _mm512_cvtps_pd(_mm512_castps512_ps256(x)),
                _mm512_cvtps_pd(_mm512_extractf32x8_ps::<1>(x)),
            )
        };
        let mut j = left;
        while j < right {
            // The last block is partial: masked loads read (and stores write) only `..right`.
            let m: __mmask16 = if right - j >= 16 {
                0xffff
            } else {
                (1u16 << (right - j)) - 1
            };
            // SAFETY: j < right <= every row's length and the mask covers only `j..right`.
            let ld = |p: &[i16]| unsafe {
                _mm512_cvtepi16_epi32(_mm256_maskz_loadu_epi16(m, p.as_ptr().add(j)))
            };
            let (oh, ov, od) = (ld(rf.h), ld(rf.v), ld(rf.d));
            let (th, tv, td) = (ld(dis.h), ld(dis.v), ld(dis.d));

            // Angle test. The (h, v) pairs meet in vpmaddwd; its 32-bit sums are exact except
            // 2^31 (all four samples -32768), which wraps to i32::MIN, a value no sum can
            // really take; it is put back when converting.
            let lo16 = _mm512_set1_epi32(0xffff);
            let o_pair = _mm512_or_si512(_mm512_and_si512(oh, lo16), _mm512_slli_epi32(ov, 16));
            let t_pair = _mm512_or_si512(_mm512_and_si512(th, lo16), _mm512_slli_epi32(tv, 16));
            let ot = _mm512_madd_epi16(o_pair, t_pair);
            let om = _mm512_madd_epi16(o_pair, o_pair);
            let tm = _mm512_madd_epi16(t_pair, t_pair);
            let ot_f = _mm512_mask_mov_ps(
                _mm512_cvtepi32_ps(ot),
                _mm512_cmpeq_epi32_mask(ot, int_min),
                two31,
            );
            let om_f = _mm512_cvtepu32_ps(om);
            let tm_f = _mm512_cvtepu32_ps(tm);
            let nonneg = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(ot_f, _mm512_setzero_ps());
            let (dp0, dp1) = halves(ot_f);
            let (om0, om1) = halves(om_f);
            let (tm0, tm1) = halves(tm_f);
            let ge0 = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(
                _mm512_mul_pd(dp0, dp0),
                _mm512_mul_pd(_mm512_mul_pd(cos, om0), tm0),
            );
            let ge1 = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(
                _mm512_mul_pd(dp1, dp1),
                _mm512_mul_pd(_mm512_mul_pd(cos, om1), tm1),
            );
            let angle = nonneg & (ge0 as u16 | (ge1 as u16) << 8);

            let band = |o: __m512i, t: __m512i| -> (__m512i, __m512i) {
                // k = clamp((div[o]·t + 2^14) >> 15 as i32, 0, 32768), 32768 where o = 0.
                // SAFETY: o + 32768 lies in 0..=65535, inside the 65537-entry table.
                let div = unsafe { _mm512_i32gather_epi32::<4>(_mm512_add_epi32(o, k_max), lut) };
                let pe = _mm512_add_epi64(_mm512_mul_epi32(div, t), r14q);
                let po = _mm512_add_epi64(
                    _mm512_mul_epi32(_mm512_srli_epi64(div, 32), _mm512_srli_epi64(t, 32)),
                    r14q,
                );
                let q = join_even_odd(_mm512_srli_epi64(pe, 15), _mm512_slli_epi64(po, 17));
                let o_zero = _mm512_cmpeq_epi32_mask(o, zero);
                let k = _mm512_mask_mov_epi32(
                    _mm512_min_epi32(_mm512_max_epi32(q, zero), k_max),
                    o_zero,
                    k_max,
                );
                // r = (k·o + 2^14) >> 15: |k·o| <= 2^30, exact in 32 bits, and in i16 range.
                let rst = _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(k, o), r14), 15);
                let clamp = angle & !o_zero & _mm512_cmpneq_epi32_mask(k, zero);
                let pos = _mm512_cmpgt_epi32_mask(o, zero);
                let g = if INT_EGL {
                    let g = _mm512_mullo_epi32(rst, egl_v);
                    _mm512_mask_blend_epi32(pos, _mm512_max_epi32(g, t), _mm512_min_epi32(g, t))
                } else {
                    let half = |rst: __m256i, t: __m256i, pos: __mmask8| {
                        let g = _mm512_mul_pd(_mm512_cvtepi32_pd(rst), egl_pd);
                        let t = _mm512_cvtepi32_pd(t);
                        let v = _mm512_mask_blend_pd(pos, _mm512_max_pd(g, t), _mm512_min_pd(g, t));
                        _mm512_cvttpd_epi32(v)
                    };
                    let lo = half(
                        _mm512_castsi512_si256(rst),
                        _mm512_castsi512_si256(t),
                        pos as u8,
                    );
                    let hi = half(
                        _mm512_extracti64x4_epi64::<1>(rst),
                        _mm512_extracti64x4_epi64::<1>(t),
                        (pos >> 8) as u8,
                    );
                    _mm512_inserti64x4::<1>(_mm512_castsi256_si512(lo), hi)
                };
                let rst = _mm512_mask_mov_epi32(rst, clamp, g);
                (rst, _mm512_sub_epi32(t, rst))
            };
            let (rh, ah) = band(oh, th);
            let (rv, av) = band(ov, tv);
            let (rd, ad) = band(od, td);
            // SAFETY: the mask covers only `j..right`, inside every output row.
            unsafe {
                let st = |p: *mut i16, v: __m512i| {
                    _mm256_mask_storeu_epi16(p.add(j), m, _mm512_cvtepi32_epi16(v))
                };
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 16;
        }
        right
    }

    /// Columns `left..right`, 8 at a time in 64-bit lanes, the last block masked:
    /// returns `right`.
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn decouple_s123_imp(
        rf: Hvd<'_, i32>,
        dis: Hvd<'_, i32>,
        left: usize,
        right: usize,
        egl: f64,
        r: &mut HvdMut<'_, i32>,
        a: &mut HvdMut<'_, i32>,
    ) -> usize {
        let zero = _mm512_setzero_si512();
        let one = _mm512_set1_epi64(1);
        let k_max = _mm512_set1_epi64(32768);
        let r14 = _mm512_set1_epi64(16384);
        let cos = _mm512_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm512_set1_pd(egl);
        let lut = DIV_LOOKUP.as_ptr();
        let mut j = left;
        while j < right {
            // The last block is partial: masked loads read (and stores write) only `..right`.
            let m: __mmask8 = if right - j >= 8 {
                0xff
            } else {
                (1u8 << (right - j)) - 1
            };
            // SAFETY: j < right <= every row's length and the mask covers only `j..right`.
            let ld = |p: &[i32]| unsafe {
                _mm512_cvtepi32_epi64(_mm256_maskz_loadu_epi32(m, p.as_ptr().add(j)))
            };
            let (oh, ov, od) = (ld(rf.h), ld(rf.v), ld(rf.d));
            let (th, tv, td) = (ld(dis.h), ld(dis.v), ld(dis.d));

            let dot = |a: __m512i, b: __m512i, c: __m512i, d: __m512i| {
                _mm512_add_epi64(_mm512_mul_epi32(a, b), _mm512_mul_epi32(c, d))
            };
            let ot = dot(oh, th, ov, tv);
            let om = dot(oh, oh, ov, ov);
            let tm = dot(th, th, tv, tv);
            // i64 -> f32 rounds once, as `as f32` does; then exact to f64.
            let f = |x: __m512i| _mm512_cvtps_pd(_mm512_cvtepi64_ps(x));
            let dp = f(ot);
            let ge = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(
                _mm512_mul_pd(dp, dp),
                _mm512_mul_pd(_mm512_mul_pd(cos, f(om)), f(tm)),
            );
            let angle = ge & _mm512_cmpge_epi64_mask(ot, zero);

            let band = |o: __m512i, t: __m512i| -> (__m512i, __m512i) {
                // get_best15_from32: |o| >= 2^15 keeps its 15 leading bits, rounded.
                let abs = _mm512_abs_epi64(o);
                let big = _mm512_cmpge_epi64_mask(abs, k_max);
                let shift =
                    _mm512_maskz_sub_epi64(big, _mm512_set1_epi64(49), _mm512_lzcnt_epi64(abs));
                let rounded = _mm512_srlv_epi64(
                    _mm512_add_epi64(abs, _mm512_sllv_epi64(one, _mm512_sub_epi64(shift, one))),
                    shift,
                );
                let msb = _mm512_mask_mov_epi64(abs, big, rounded);
                // SAFETY: msb lies in 0..=32768, so msb + 32768 is inside the table.
                let div = unsafe {
                    _mm512_cvtepi32_epi64(_mm512_i64gather_epi32::<4>(
                        _mm512_add_epi64(msb, k_max),
                        lut,
                    ))
                };
                let neg = _mm512_cmplt_epi64_mask(o, zero);
                let div = _mm512_mask_sub_epi64(div, neg, zero, div);
                let num = _mm512_mul_epi32(div, t);
                // `1 << (14 + shift)` as a C int: sign-extend its low 32 bits.
                let round = _mm512_srai_epi64::<32>(_mm512_slli_epi64::<32>(_mm512_sllv_epi64(
                    one,
                    _mm512_add_epi64(shift, _mm512_set1_epi64(14)),
                )));
                let q = _mm512_srav_epi64(
                    _mm512_add_epi64(num, round),
                    _mm512_add_epi64(shift, _mm512_set1_epi64(15)),
                );
                let o_zero = _mm512_cmpeq_epi64_mask(o, zero);
                let k = _mm512_mask_mov_epi64(
                    _mm512_min_epi64(_mm512_max_epi64(q, zero), k_max),
                    o_zero,
                    k_max,
                );
                // r = (k·o + 2^14) >> 15; |r| <= 2^31 stays in 32 bits.
                let rst = _mm512_srai_epi64::<15>(_mm512_add_epi64(_mm512_mul_epi32(k, o), r14));
                let clamp = angle & !o_zero & _mm512_cmpneq_epi64_mask(k, zero);
                let pos = _mm512_cmpgt_epi64_mask(o, zero);
                let g = _mm512_mul_pd(_mm512_cvtepi64_pd(rst), egl_pd);
                let tp = _mm512_cvtepi64_pd(t);
                let v = _mm512_mask_blend_pd(pos, _mm512_max_pd(g, tp), _mm512_min_pd(g, tp));
                let rst = _mm512_mask_mov_epi64(rst, clamp, _mm512_cvttpd_epi64(v));
                (rst, _mm512_sub_epi64(t, rst))
            };
            let (rh, ah) = band(oh, th);
            let (rv, av) = band(ov, tv);
            let (rd, ad) = band(od, td);
            // SAFETY: the mask covers only `j..right`, inside every output row.
            unsafe {
                let st = |p: *mut i32, v: __m512i| {
                    _mm256_mask_storeu_epi32(p.add(j), m, _mm512_cvtepi64_epi32(v))
                };
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 8;
        }
        right
    }
}
