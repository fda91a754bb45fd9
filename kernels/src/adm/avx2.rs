//! AVX2 kernels of integer ADM (x86-64-v3): the shared bodies of [`super::x86`] with 8 samples
//! (or 4 in 64-bit lanes) per step, and this level's own horizontal DWT passes and decoupling
//! ([`AdmIsa`]). Where AVX2 lacks an instruction it is built from others:
//!
//! - truncation of 32-bit lanes to 16 bits: shift left and arithmetic right by 16, then
//!   `vpackssdw` (exact on values already in range) and a lane fix-up;
//! - 64-bit arithmetic shifts: logical shifts of the value XOR its sign mask;
//! - 64-bit min/max: `vpcmpgtq` and blends;
//! - 64-bit integers to `f32` (the scales-1..=3 angle test): the two 32-bit halves summed in
//!   `f64` with round-to-odd, then rounded to `f32`, which equals the direct rounding.
//!
//! Every kernel is a private `unsafe fn` with `#[target_feature]`, reached only through a safe
//! wrapper stored in the table [`super::AdmKernels::for_level`] returns for
//! [`CpuLevel::Avx2`](crate::cpu::CpuLevel), which it does only when that level is supported.

use core::arch::x86_64::*;

use super::scalar::{COS_1DEG_SQ, S123_ADD_H, S123_SHIFT_H};
use super::x86::{AdmIsa, last_straight, tap_pair};
use super::{DB2_HI, DB2_LO, DIV_LOOKUP, Hvd, HvdMut};
use crate::isa::{Avx2, Isa};

super::x86::level_module!(Avx2, "avx2,fma,bmi1,bmi2,lzcnt,popcnt");

macro_rules! avx2_fn {
    ($(#[$m:meta])* unsafe fn $name:ident $($rest:tt)*) => {
        $(#[$m])*
        #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
        unsafe fn $name $($rest)*
    };
}

avx2_fn! {
    /// 8 lanes of `i32` already in `i16` range to 8 `i16`, in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn pack8(x: __m256i) -> __m128i {
        _mm256_castsi256_si128(_mm256_permute4x64_epi64::<0x08>(_mm256_packs_epi32(x, x)))
    }
}

avx2_fn! {
    /// 8 lanes of `i32` truncated to `i16` (as `as i16`), in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn trunc8(x: __m256i) -> __m128i {
        // SAFETY: AVX2 is enabled here.
        unsafe { pack8(_mm256_srai_epi32::<16>(_mm256_slli_epi32::<16>(x))) }
    }
}

avx2_fn! {
    /// The low 32 bits of the four 64-bit lanes, in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn low32x4(x: __m256i) -> __m128i {
        _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)))
    }
}

avx2_fn! {
    /// Arithmetic right shift of 64-bit lanes by per-lane counts (0..=63).
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn srav64(x: __m256i, n: __m256i) -> __m256i {
        let m = _mm256_cmpgt_epi64(_mm256_setzero_si256(), x);
        _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(x, m), n), m)
    }
}

avx2_fn! {
    /// `i64 as f32` (round to nearest, ties to even) of four lanes, exactly as the scalar cast:
    /// the high half times 2^32 plus the low half is summed in `f64` and rounded to odd (the
    /// exact error of the sum, from Fast2Sum, says whether and which way it rounded), and a
    /// value rounded to odd with 29 spare bits rounds to `f32` as the exact value would.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn i64_to_f32(x: __m256i) -> __m128 {
        let hi = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
            x,
            _mm256_setr_epi32(1, 3, 5, 7, 1, 3, 5, 7),
        ));
        let lo = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
            x,
            _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6),
        ));
        // Both parts exact: a signed high half times 2^32, an unsigned low half.
        let a = _mm256_mul_pd(_mm256_cvtepi32_pd(hi), _mm256_set1_pd(4294967296.0));
        let b = _mm256_add_pd(
            _mm256_cvtepi32_pd(_mm_xor_si128(lo, _mm_set1_epi32(i32::MIN))),
            _mm256_set1_pd(2147483648.0),
        );
        let s = _mm256_add_pd(a, b);
        // Fast2Sum: |a| >= 2^32 > b, or a = 0 (then s = b exactly).
        let e = _mm256_sub_pd(b, _mm256_sub_pd(s, a));
        let zero = _mm256_setzero_pd();
        let bits = _mm256_castpd_si256(s);
        let inexact = _mm256_castpd_si256(_mm256_cmp_pd::<_CMP_NEQ_OQ>(e, zero));
        let even = _mm256_cmpeq_epi64(
            _mm256_and_si256(bits, _mm256_set1_epi64x(1)),
            _mm256_setzero_si256(),
        );
        // Toward the exact value: one unit up in magnitude when e and s agree in sign.
        let away = _mm256_castpd_si256(_mm256_xor_pd(
            _mm256_cmp_pd::<_CMP_GT_OQ>(e, zero),
            _mm256_cmp_pd::<_CMP_GT_OQ>(s, zero),
        ));
        let step = _mm256_blendv_epi8(_mm256_set1_epi64x(1), _mm256_set1_epi64x(-1), away);
        let odd = _mm256_add_epi64(bits, _mm256_and_si256(step, _mm256_and_si256(inexact, even)));
        _mm256_cvtpd_ps(_mm256_castsi256_pd(odd))
    }
}

avx2_fn! {
    /// Four 64-bit all-ones/zero masks from each of `lo` and `hi` (f64 compares) as eight
    /// 32-bit masks, in order.
    ///
    /// # Safety
    /// AVX2.
    #[inline]
    unsafe fn join_masks(lo: __m256d, hi: __m256d) -> __m256i {
        let s = _mm256_shuffle_ps::<0b10_00_10_00>(_mm256_castpd_ps(lo), _mm256_castpd_ps(hi));
        _mm256_permute4x64_epi64::<0xD8>(_mm256_castps_si256(s))
    }
}

impl AdmIsa for Avx2 {
    /// 8 output columns at a time.
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn s0_horizontal(row: &[i16], w: usize, lo_out: *mut i16, hi_out: *mut i16) -> usize {
        let fl01 = _mm256_set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1]));
        let fl23 = _mm256_set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3]));
        let fh01 = _mm256_set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1]));
        let fh23 = _mm256_set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3]));
        let rnd = _mm256_set1_epi32(32768);
        let jmax = last_straight(w);
        let mut j = 1;
        while j + 7 <= jmax {
            // SAFETY: the loads read 2j-1 ..= 2j+16 <= 2·jmax + 2 <= w - 1.
            let (a, b) = unsafe {
                (
                    _mm256_loadu_si256(row.as_ptr().add(2 * j - 1) as *const __m256i),
                    _mm256_loadu_si256(row.as_ptr().add(2 * j + 1) as *const __m256i),
                )
            };
            let f = |f01: __m256i, f23: __m256i| {
                let s = _mm256_add_epi32(_mm256_madd_epi16(a, f01), _mm256_madd_epi16(b, f23));
                // The results fit i16 (|Σ| < 2^31), so packing is exact.
                // SAFETY: AVX2 is enabled here.
                unsafe { pack8(_mm256_srai_epi32::<16>(_mm256_add_epi32(s, rnd))) }
            };
            // SAFETY: j + 8 <= jmax + 1 <= ceil(w/2), the length of both outputs.
            unsafe {
                _mm_storeu_si128(lo_out.add(j) as *mut __m128i, f(fl01, fl23));
                if !hi_out.is_null() {
                    _mm_storeu_si128(hi_out.add(j) as *mut __m128i, f(fh01, fh23));
                }
            }
            j += 8;
        }
        j
    }

    /// 4 output columns at a time.
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn s123_horizontal(
        row: &[i32],
        w: usize,
        scale: usize,
        lo_out: &mut [i32],
        mut hi_out: Option<&mut [i32]>,
    ) -> usize {
        let add = _mm256_set1_epi64x(S123_ADD_H[scale - 1]);
        let shift = _mm_cvtsi32_si128(S123_SHIFT_H[scale - 1] as i32);
        let fl = DB2_LO.map(|f| _mm256_set1_epi64x(f as i64));
        let fh = DB2_HI.map(|f| _mm256_set1_epi64x(f as i64));
        let jmax = last_straight(w);
        let mut j = 1;
        while j + 3 <= jmax {
            // SAFETY: the loads read 2j-1 ..= 2j+8 <= 2·jmax + 2 <= w - 1.
            let (a, b) = unsafe {
                (
                    _mm256_loadu_si256(row.as_ptr().add(2 * j - 1) as *const __m256i),
                    _mm256_loadu_si256(row.as_ptr().add(2 * j + 1) as *const __m256i),
                )
            };
            let s = [a, _mm256_srli_epi64::<32>(a), b, _mm256_srli_epi64::<32>(b)];
            let f = |f: &[__m256i; 4]| {
                let x =
                    _mm256_add_epi64(_mm256_mul_epi32(s[0], f[0]), _mm256_mul_epi32(s[1], f[1]));
                let y =
                    _mm256_add_epi64(_mm256_mul_epi32(s[2], f[2]), _mm256_mul_epi32(s[3], f[3]));
                let v = _mm256_srl_epi64(_mm256_add_epi64(_mm256_add_epi64(x, y), add), shift);
                // SAFETY: AVX2 is enabled here.
                unsafe { low32x4(v) }
            };
            // SAFETY: j + 4 <= jmax + 1 <= ceil(w/2) <= the output lengths.
            unsafe {
                _mm_storeu_si128(lo_out.as_mut_ptr().add(j) as *mut __m128i, f(&fl));
                if let Some(h) = hi_out.as_deref_mut() {
                    _mm_storeu_si128(h.as_mut_ptr().add(j) as *mut __m128i, f(&fh));
                }
            }
            j += 4;
        }
        j
    }

    /// Columns `left .. left + 8·k`; the scalar kernel finishes the row.
    #[allow(clippy::too_many_arguments)]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
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
        let zero = _mm256_setzero_si256();
        let k_max = _mm256_set1_epi32(32768);
        let r14 = _mm256_set1_epi32(16384);
        let r14q = _mm256_set1_epi64x(16384);
        let int_min = _mm256_set1_epi32(i32::MIN);
        let two31 = _mm256_set1_ps(2147483648.0);
        let cos = _mm256_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm256_set1_pd(egl);
        let egl_v = _mm256_set1_epi32(egl_i);
        let lo16 = _mm256_set1_epi32(0xffff);
        let lut = DIV_LOOKUP.as_ptr();
        // Exact 32-bit sums to f32; the bit pattern of i32::MIN stands for +2^31 (the only
        // value that wraps, and one none of these sums can really take negatively).
        let to_f = |x: __m256i| {
            _mm256_blendv_ps(
                _mm256_cvtepi32_ps(x),
                two31,
                _mm256_castsi256_ps(_mm256_cmpeq_epi32(x, int_min)),
            )
        };
        let halves = |x: __m256| {
            (
                _mm256_cvtps_pd(_mm256_castps256_ps128(x)),
                _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(x)),
            )
        };
        let mut j = left;
        while j + 8 <= right {
            // SAFETY: j + 8 <= right <= every row's length.
            let ld = |p: &[i16]| unsafe {
                _mm256_cvtepi16_epi32(_mm_loadu_si128(p.as_ptr().add(j) as *const __m128i))
            };
            let (oh, ov, od) = (ld(rf.h), ld(rf.v), ld(rf.d));
            let (th, tv, td) = (ld(dis.h), ld(dis.v), ld(dis.d));

            let o_pair = _mm256_or_si256(_mm256_and_si256(oh, lo16), _mm256_slli_epi32::<16>(ov));
            let t_pair = _mm256_or_si256(_mm256_and_si256(th, lo16), _mm256_slli_epi32::<16>(tv));
            let ot_f = to_f(_mm256_madd_epi16(o_pair, t_pair));
            let om_f = to_f(_mm256_madd_epi16(o_pair, o_pair));
            let tm_f = to_f(_mm256_madd_epi16(t_pair, t_pair));
            let nonneg =
                _mm256_castps_si256(_mm256_cmp_ps::<_CMP_GE_OQ>(ot_f, _mm256_setzero_ps()));
            let (dp0, dp1) = halves(ot_f);
            let (om0, om1) = halves(om_f);
            let (tm0, tm1) = halves(tm_f);
            let ge0 = _mm256_cmp_pd::<_CMP_GE_OQ>(
                _mm256_mul_pd(dp0, dp0),
                _mm256_mul_pd(_mm256_mul_pd(cos, om0), tm0),
            );
            let ge1 = _mm256_cmp_pd::<_CMP_GE_OQ>(
                _mm256_mul_pd(dp1, dp1),
                _mm256_mul_pd(_mm256_mul_pd(cos, om1), tm1),
            );
            // SAFETY: AVX2 is enabled here.
            let angle = _mm256_and_si256(nonneg, unsafe { join_masks(ge0, ge1) });

            let band = |o: __m256i, t: __m256i| -> (__m256i, __m256i) {
                // SAFETY: o + 32768 lies in 0..=65535, inside the 65537-entry table.
                let div = unsafe { _mm256_i32gather_epi32::<4>(lut, _mm256_add_epi32(o, k_max)) };
                let pe = _mm256_add_epi64(_mm256_mul_epi32(div, t), r14q);
                let po = _mm256_add_epi64(
                    _mm256_mul_epi32(_mm256_srli_epi64::<32>(div), _mm256_srli_epi64::<32>(t)),
                    r14q,
                );
                let q = _mm256_blend_epi32::<0xAA>(
                    _mm256_srli_epi64::<15>(pe),
                    _mm256_slli_epi64::<17>(po),
                );
                let o_zero = _mm256_cmpeq_epi32(o, zero);
                let k = _mm256_blendv_epi8(
                    _mm256_min_epi32(_mm256_max_epi32(q, zero), k_max),
                    k_max,
                    o_zero,
                );
                let rst = _mm256_srai_epi32::<15>(_mm256_add_epi32(_mm256_mullo_epi32(k, o), r14));
                let clamp = _mm256_andnot_si256(
                    _mm256_or_si256(o_zero, _mm256_cmpeq_epi32(k, zero)),
                    angle,
                );
                let pos = _mm256_cmpgt_epi32(o, zero);
                let g = if INT_EGL {
                    let g = _mm256_mullo_epi32(rst, egl_v);
                    _mm256_blendv_epi8(_mm256_max_epi32(g, t), _mm256_min_epi32(g, t), pos)
                } else {
                    let half = |rst: __m128i, t: __m128i, pos: __m128i| {
                        let g = _mm256_mul_pd(_mm256_cvtepi32_pd(rst), egl_pd);
                        let t = _mm256_cvtepi32_pd(t);
                        let pos = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(pos));
                        _mm256_cvttpd_epi32(_mm256_blendv_pd(
                            _mm256_max_pd(g, t),
                            _mm256_min_pd(g, t),
                            pos,
                        ))
                    };
                    let lo = half(
                        _mm256_castsi256_si128(rst),
                        _mm256_castsi256_si128(t),
                        _mm256_castsi256_si128(pos),
                    );
                    let hi = half(
                        _mm256_extracti128_si256::<1>(rst),
                        _mm256_extracti128_si256::<1>(t),
                        _mm256_extracti128_si256::<1>(pos),
                    );
                    _mm256_set_m128i(hi, lo)
                };
                let rst = _mm256_blendv_epi8(rst, g, clamp);
                (rst, _mm256_sub_epi32(t, rst))
            };
            let (rh, ah) = band(oh, th);
            let (rv, av) = band(ov, tv);
            let (rd, ad) = band(od, td);
            // SAFETY: j + 8 <= right <= every output row's length; AVX2 is enabled here.
            unsafe {
                let st =
                    |p: *mut i16, v: __m256i| _mm_storeu_si128(p.add(j) as *mut __m128i, trunc8(v));
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 8;
        }
        j
    }

    /// Columns `left .. left + 4·k`; the scalar kernel finishes the row.
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn decouple_s123_imp(
        rf: Hvd<'_, i32>,
        dis: Hvd<'_, i32>,
        left: usize,
        right: usize,
        egl: f64,
        r: &mut HvdMut<'_, i32>,
        a: &mut HvdMut<'_, i32>,
    ) -> usize {
        // SAFETY: this function has the level's features, and runs only where they are supported.
        let isa = unsafe { Avx2::new() };
        let zero = _mm256_setzero_si256();
        let one = _mm256_set1_epi64x(1);
        let k_max = _mm256_set1_epi64x(32768);
        let r14 = _mm256_set1_epi64x(16384);
        let cos = _mm256_set1_pd(COS_1DEG_SQ as f64);
        let egl_pd = _mm256_set1_pd(egl);
        let lut = DIV_LOOKUP.as_ptr();
        let mut j = left;
        while j + 4 <= right {
            // SAFETY: j + 4 <= right <= every row's length.
            let ld = |p: &[i32]| unsafe { _mm_loadu_si128(p.as_ptr().add(j) as *const __m128i) };
            let o32 = [ld(rf.h), ld(rf.v), ld(rf.d)];
            let t32 = [ld(dis.h), ld(dis.v), ld(dis.d)];
            // Angle test: 64-bit products and wrapping sums as in C, each rounded to f32 once.
            let w64 = |x: __m128i| _mm256_cvtepi32_epi64(x);
            let (oh, ov, th, tv) = (w64(o32[0]), w64(o32[1]), w64(t32[0]), w64(t32[1]));
            let dot = |a: __m256i, b: __m256i, c: __m256i, d: __m256i| {
                _mm256_add_epi64(_mm256_mul_epi32(a, b), _mm256_mul_epi32(c, d))
            };
            let (ot, om, tm) = (
                dot(oh, th, ov, tv),
                dot(oh, oh, ov, ov),
                dot(th, th, tv, tv),
            );
            // SAFETY: AVX2 is enabled here.
            let f = |x: __m256i| _mm256_cvtps_pd(unsafe { i64_to_f32(x) });
            let dp = f(ot);
            let ge = _mm256_cmp_pd::<_CMP_GE_OQ>(
                _mm256_mul_pd(dp, dp),
                _mm256_mul_pd(_mm256_mul_pd(cos, f(om)), f(tm)),
            );
            let angle = _mm256_and_si256(
                _mm256_castpd_si256(ge),
                _mm256_cmpgt_epi64(ot, _mm256_set1_epi64x(-1)),
            );

            let band = |o32: __m128i, t32: __m128i| -> (__m128i, __m128i) {
                let o = _mm256_cvtepi32_epi64(o32);
                let t = _mm256_cvtepi32_epi64(t32);
                let abs32 = _mm_abs_epi32(o32);
                let abs = _mm256_cvtepu32_epi64(abs32);
                let big = _mm256_cmpgt_epi64(abs, _mm256_set1_epi64x(32767));
                // floor(log2 |o|) from the exponent of the exact f32 of |o| >> 8 (< 2^24).
                let e = _mm_sub_epi32(
                    _mm_srli_epi32::<23>(_mm_castps_si128(_mm_cvtepi32_ps(_mm_srli_epi32::<8>(
                        abs32,
                    )))),
                    _mm_set1_epi32(127 - 8 + 14),
                );
                let shift = _mm256_and_si256(big, _mm256_cvtepi32_epi64(e));
                let rounded = _mm256_srlv_epi64(
                    _mm256_add_epi64(abs, _mm256_sllv_epi64(one, _mm256_sub_epi64(shift, one))),
                    shift,
                );
                let msb = _mm256_blendv_epi8(abs, rounded, big);
                // SAFETY: msb lies in 0..=32768, so msb + 32768 is inside the table.
                let div = unsafe {
                    _mm256_cvtepi32_epi64(_mm256_i64gather_epi32::<4>(
                        lut,
                        _mm256_add_epi64(msb, k_max),
                    ))
                };
                let neg = _mm256_cmpgt_epi64(zero, o);
                let div = _mm256_blendv_epi8(div, _mm256_sub_epi64(zero, div), neg);
                let num = _mm256_mul_epi32(div, t);
                let round = _mm256_sllv_epi64(one, _mm256_add_epi64(shift, _mm256_set1_epi64x(14)));
                // As a C int: 2^31 (shift 17) is INT_MIN.
                let round = _mm256_sub_epi64(
                    round,
                    _mm256_and_si256(
                        _mm256_cmpeq_epi64(round, _mm256_set1_epi64x(1 << 31)),
                        _mm256_set1_epi64x(1 << 32),
                    ),
                );
                // SAFETY: AVX2 is enabled here.
                let q = unsafe {
                    srav64(
                        _mm256_add_epi64(num, round),
                        _mm256_add_epi64(shift, _mm256_set1_epi64x(15)),
                    )
                };
                let q = _mm256_blendv_epi8(q, zero, _mm256_cmpgt_epi64(zero, q));
                let q = _mm256_blendv_epi8(q, k_max, _mm256_cmpgt_epi64(q, k_max));
                let o_zero = _mm256_cmpeq_epi64(o, zero);
                let k = _mm256_blendv_epi8(q, k_max, o_zero);
                let rst = isa.sra_epi64(
                    _mm256_add_epi64(_mm256_mul_epi32(k, o), r14),
                    _mm_cvtsi32_si128(15),
                );
                let clamp = _mm256_andnot_si256(
                    _mm256_or_si256(o_zero, _mm256_cmpeq_epi64(k, zero)),
                    angle,
                );
                let pos = _mm256_castsi256_pd(_mm256_cmpgt_epi64(o, zero));
                // SAFETY: AVX2 is enabled here.
                let rst32 = unsafe { low32x4(rst) };
                let g = _mm256_mul_pd(_mm256_cvtepi32_pd(rst32), egl_pd);
                let tp = _mm256_cvtepi32_pd(t32);
                let v = _mm256_cvttpd_epi32(_mm256_blendv_pd(
                    _mm256_max_pd(g, tp),
                    _mm256_min_pd(g, tp),
                    pos,
                ));
                // SAFETY: AVX2 is enabled here.
                let clamp32 = unsafe { low32x4(clamp) };
                let rst32 = _mm_blendv_epi8(rst32, v, clamp32);
                (rst32, _mm_sub_epi32(t32, rst32))
            };
            let (rh, ah) = band(o32[0], t32[0]);
            let (rv, av) = band(o32[1], t32[1]);
            let (rd, ad) = band(o32[2], t32[2]);
            // SAFETY: j + 4 <= right <= every output row's length.
            unsafe {
                let st = |p: *mut i32, v: __m128i| _mm_storeu_si128(p.add(j) as *mut __m128i, v);
                st(r.h.as_mut_ptr(), rh);
                st(r.v.as_mut_ptr(), rv);
                st(r.d.as_mut_ptr(), rd);
                st(a.h.as_mut_ptr(), ah);
                st(a.v.as_mut_ptr(), av);
                st(a.d.as_mut_ptr(), ad);
            }
            j += 4;
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i64_to_f32_rounds_like_the_scalar_cast() {
        if !crate::cpu::CpuLevel::Avx2.is_supported() {
            eprintln!("AVX2 not supported here: skipped");
            return;
        }
        // Ties, values one past a tie that f64 rounding would erase (double rounding), the
        // extremes, and a spread of magnitudes.
        let mut v: Vec<i64> = vec![
            0,
            1,
            -1,
            i64::MIN,
            i64::MAX,
            (1 << 40) + (1 << 16),
            (1 << 40) + 3 * (1 << 16),
            (1 << 60) + (1 << 36) + 1,
            (1 << 60) + (1 << 36) - 1,
            -((1 << 60) + (1 << 36) + 1),
            (1 << 62) - 1,
            (1 << 53) + 1,
            (1 << 24) + 1,
            u32::MAX as i64,
            -(u32::MAX as i64),
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..4000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push((x as i64) >> (x % 64));
        }
        for c in v.chunks(4) {
            let mut lanes = [0i64; 4];
            lanes[..c.len()].copy_from_slice(c);
            // SAFETY: AVX2 support checked above; the array is 32 bytes.
            let got = unsafe {
                let r = i64_to_f32(_mm256_loadu_si256(lanes.as_ptr() as *const __m256i));
                let mut out = [0f32; 4];
                _mm_storeu_ps(out.as_mut_ptr(), r);
                out
            };
            for (g, &l) in got.iter().zip(&lanes) {
                assert_eq!(g.to_bits(), (l as f32).to_bits(), "{l}");
            }
        }
    }
}
