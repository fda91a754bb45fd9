//! AVX2 twins of the VIF row kernels (x86-64-v3), bit-identical to [`super::scalar`].
//!
//! The same organisation as the AVX-512 kernels (see `avx512.rs`) on 256-bit vectors: 16
//! columns per vertical block, 16 outputs (8 even, 8 odd) per horizontal block, `vpmaddwd` over
//! biased 16-bit line streams. Differences forced by the instruction set:
//!
//! - no `vplzcntd`: every logarithm's shift and table index is read from the bit pattern of the
//!   (exactly representable) integer converted to `f64`;
//! - no compress: the per-pixel terms run in one pass with lane masks; the table indices of all
//!   lanes go to the per-row lists, inactive lanes as index 0 (whose table entry is 0).
//!
//! Each kernel is reachable only through [`KERNELS`], which [`super::VifKernels::for_level`]
//! returns only when [`CpuLevel::Avx2`] is supported.

use core::arch::x86_64::*;

use super::{
    BIAS16, FilterPlan, LINE_PAD, LOG2_TABLE_LEN, SIGMA_NSQ, STREAMS, VerticalShifts, VifAccum,
    VifKernels, VifScratch, check_rows, reflect_line, scalar, stat_vertical_cols_u8,
    stat_vertical_cols_u16, sub_vertical_cols_u8, sub_vertical_cols_u16, table_sum,
};
use crate::cpu::CpuLevel;

/// The AVX2 kernel table.
pub(super) const KERNELS: VifKernels = VifKernels {
    stat_row_u8,
    stat_rows2_u8,
    stat_row_u16,
    stat_rows2_u16,
    sub_row_u8,
    sub_row_u16,
    level: CpuLevel::Avx2,
};

/// Columns per vertical block and outputs per horizontal block.
const BLOCK: usize = 16;

/// `(v as u32) ^ 0x8000_0000` as a lane constant.
const SIGN: i32 = i32::MIN;

/// `65536 · 1e−10`, libvmaf's `eps` of the gain's denominator.
const EPS: f64 = 65536.0 * 1.0e-10;

#[allow(clippy::too_many_arguments)]
fn stat_row_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    let Ok(table) = <&[u16; LOG2_TABLE_LEN]>::try_from(log2) else {
        panic!("log2 table of {} entries, not {LOG2_TABLE_LEN}", log2.len());
    };
    let Some(plan) = scratch.plan(filter) else {
        return scalar::stat_row_u8(
            rows_ref, rows_dis, filter, w, scratch, log2, gain_limit, acc,
        );
    };
    // SAFETY: `KERNELS` (the only way to reach this function) is handed out by
    // `VifKernels::for_level` only when `CpuLevel::Avx2.is_supported()`; `check_rows` checked
    // the row count and lengths and the scratch width.
    unsafe {
        stat_row_u8_impl(
            rows_ref, rows_dis, filter, &plan, w, scratch, table, gain_limit, acc,
        )
    }
}

/// Two output rows: [`stat_row_u8`] twice (no shared vertical pass at this level).
#[allow(clippy::too_many_arguments)]
fn stat_rows2_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let taps = filter.len();
    assert!(
        rows_ref.len() > taps && rows_dis.len() > taps,
        "two-row window needs taps + 1 rows"
    );
    stat_row_u8(
        rows_ref, rows_dis, filter, w, scratch, log2, gain_limit, acc,
    );
    stat_row_u8(
        &rows_ref[1..],
        &rows_dis[1..],
        filter,
        w,
        scratch,
        log2,
        gain_limit,
        acc,
    );
}

#[allow(clippy::too_many_arguments)]
fn stat_row_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    let Ok(table) = <&[u16; LOG2_TABLE_LEN]>::try_from(log2) else {
        panic!("log2 table of {} entries, not {LOG2_TABLE_LEN}", log2.len());
    };
    let plan = match scratch.plan(filter) {
        Some(p) if shifts.mu <= 31 && shifts.sq <= 16 => p,
        _ => {
            return scalar::stat_row_u16(
                rows_ref, rows_dis, filter, shifts, w, scratch, log2, gain_limit, acc,
            );
        }
    };
    // SAFETY: as in `stat_row_u8`: AVX2 support is guaranteed by `for_level`, the lengths were
    // checked by `check_rows`.
    unsafe {
        stat_row_u16_impl(
            rows_ref, rows_dis, filter, &plan, shifts, w, scratch, table, gain_limit, acc,
        )
    }
}

/// Two 16-bit output rows: [`stat_row_u16`] twice.
#[allow(clippy::too_many_arguments)]
fn stat_rows2_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    log2: &[u16],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let taps = filter.len();
    assert!(
        rows_ref.len() > taps && rows_dis.len() > taps,
        "two-row window needs taps + 1 rows"
    );
    let (r1, d1) = (&rows_ref[1..], &rows_dis[1..]);
    stat_row_u16(
        rows_ref, rows_dis, filter, shifts, w, scratch, log2, gain_limit, acc,
    );
    stat_row_u16(r1, d1, filter, shifts, w, scratch, log2, gain_limit, acc);
}

#[allow(clippy::too_many_arguments)]
fn sub_row_u8(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    assert!(
        out_ref.len() >= w / 2 && out_dis.len() >= w / 2,
        "output row too short"
    );
    let Some(plan) = scratch.plan(filter) else {
        return scalar::sub_row_u8(rows_ref, rows_dis, filter, w, scratch, out_ref, out_dis);
    };
    // SAFETY: AVX2 support is guaranteed by `for_level`; row and output lengths are checked
    // above.
    unsafe {
        sub_row_u8_impl(
            rows_ref, rows_dis, filter, &plan, w, scratch, out_ref, out_dis,
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn sub_row_u16(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    shift: u32,
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    assert!(
        out_ref.len() >= w / 2 && out_dis.len() >= w / 2,
        "output row too short"
    );
    let plan = match scratch.plan(filter) {
        Some(p) if shift <= 31 => p,
        _ => {
            return scalar::sub_row_u16(
                rows_ref, rows_dis, filter, shift, w, scratch, out_ref, out_dis,
            );
        }
    };
    // SAFETY: AVX2 support is guaranteed by `for_level`; row and output lengths are checked
    // above.
    unsafe {
        sub_row_u16_impl(
            rows_ref, rows_dis, filter, &plan, shift, w, scratch, out_ref, out_dis,
        )
    }
}

/// One symmetric pair of window rows, as the vertical blocks read it: row starts of the two
/// rows in each image, and the coefficient as a `vpmaddwd` pair word and as a 32-bit word.
#[derive(Clone, Copy)]
struct RowPair<T> {
    r: [*const T; 2],
    d: [*const T; 2],
    cc: i32,
    cw: i32,
}

/// The plan's vertical pairs over the window's rows (built once per row, not per block).
fn row_pairs<T: Copy>(
    rows_ref: &[&[T]],
    rows_dis: &[&[T]],
    plan: &FilterPlan,
) -> ([RowPair<T>; 9], usize) {
    let none = RowPair {
        r: [core::ptr::null(); 2],
        d: [core::ptr::null(); 2],
        cc: 0,
        cw: 0,
    };
    let mut p = [none; 9];
    for (slot, &(a, b, c)) in p.iter_mut().zip(&plan.vpairs[..plan.nv]) {
        *slot = RowPair {
            r: [rows_ref[a].as_ptr(), rows_ref[b].as_ptr()],
            d: [rows_dis[a].as_ptr(), rows_dis[b].as_ptr()],
            cc: i32::from(c) * 0x1_0001,
            cw: i32::from(c),
        };
    }
    (p, plan.nv)
}

/// Broadcast coefficient pair `(c0, c1)` for `vpmaddwd` (both below 32768).
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn pair(c0: u16, c1: u16) -> __m256i {
    _mm256_set1_epi32(i32::from(c0) | (i32::from(c1) << 16))
}

/// `packus(lo, hi) ^ 0x8000`: two vectors of 16-bit values in 32-bit lanes, in `unpacklo` /
/// `unpackhi` order, to 16 biased 16-bit samples in natural order.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn pack_biased(lo: __m256i, hi: __m256i) -> __m256i {
    _mm256_xor_si256(
        _mm256_packus_epi32(lo, hi),
        _mm256_set1_epi16(BIAS16 as i16),
    )
}

/// Splits 32-bit values (two vectors in unpack order) into biased high and low 16-bit streams.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn split_biased(lo: __m256i, hi: __m256i) -> (__m256i, __m256i) {
    let m = _mm256_set1_epi32(0xFFFF);
    (
        pack_biased(_mm256_srli_epi32::<16>(lo), _mm256_srli_epi32::<16>(hi)),
        pack_biased(_mm256_and_si256(lo, m), _mm256_and_si256(hi, m)),
    )
}

/// Stores one block of the eight streams.
///
/// # Safety
/// `out` must be valid for writes of 16 samples at `s·stride + LINE_PAD + j`, `s < 8`.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn store_streams(out: *mut u16, stride: usize, j: usize, v: [__m256i; STREAMS]) {
    for (s, v) in v.into_iter().enumerate() {
        // SAFETY: guaranteed by the caller.
        unsafe { _mm256_storeu_si256(out.add(s * stride + LINE_PAD + j).cast(), v) };
    }
}

/// Vertical statistic pass of 8-bit rows for columns `j..j + 16` into the eight streams.
///
/// # Safety
/// AVX2 must be supported; every row of `pairs` must be valid for reads of `j + 16` bytes, and
/// `out` for writes at `s·stride + LINE_PAD + j .. + 16`, `s < 8`.
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn vert_stat_u8(pairs: &[RowPair<u8>], j: usize, out: *mut u16, stride: usize) {
    let z = _mm256_setzero_si256();
    let (mut m1l, mut m1h, mut m2l, mut m2h) = (z, z, z, z);
    let (mut xxl, mut xxh, mut yyl, mut yyh, mut xyl, mut xyh) = (z, z, z, z, z, z);
    for p in pairs {
        // SAFETY: the caller guarantees 16 readable bytes at `j` of every row of the window.
        let (ra, rb, da, db) = unsafe {
            (
                _mm_loadu_si128(p.r[0].add(j).cast()),
                _mm_loadu_si128(p.r[1].add(j).cast()),
                _mm_loadu_si128(p.d[0].add(j).cast()),
                _mm_loadu_si128(p.d[1].add(j).cast()),
            )
        };
        let (ra, rb) = (_mm256_cvtepu8_epi16(ra), _mm256_cvtepu8_epi16(rb));
        let (da, db) = (_mm256_cvtepu8_epi16(da), _mm256_cvtepu8_epi16(db));
        let (rl, rh) = (_mm256_unpacklo_epi16(ra, rb), _mm256_unpackhi_epi16(ra, rb));
        let (dl, dh) = (_mm256_unpacklo_epi16(da, db), _mm256_unpackhi_epi16(da, db));
        let cc = _mm256_set1_epi32(p.cc);
        let cw = _mm256_set1_epi32(p.cw);
        m1l = _mm256_add_epi32(m1l, _mm256_madd_epi16(rl, cc));
        m1h = _mm256_add_epi32(m1h, _mm256_madd_epi16(rh, cc));
        m2l = _mm256_add_epi32(m2l, _mm256_madd_epi16(dl, cc));
        m2h = _mm256_add_epi32(m2h, _mm256_madd_epi16(dh, cc));
        let sq = |x: __m256i, y: __m256i| _mm256_mullo_epi32(_mm256_madd_epi16(x, y), cw);
        xxl = _mm256_add_epi32(xxl, sq(rl, rl));
        xxh = _mm256_add_epi32(xxh, sq(rh, rh));
        yyl = _mm256_add_epi32(yyl, sq(dl, dl));
        yyh = _mm256_add_epi32(yyh, sq(dh, dh));
        xyl = _mm256_add_epi32(xyl, sq(rl, dl));
        xyh = _mm256_add_epi32(xyh, sq(rh, dh));
    }
    let r = _mm256_set1_epi32(128);
    let mean = |v: __m256i| _mm256_srli_epi32::<8>(_mm256_add_epi32(v, r));
    let mu1 = pack_biased(mean(m1l), mean(m1h));
    let mu2 = pack_biased(mean(m2l), mean(m2h));
    let (xxh16, xxl16) = split_biased(xxl, xxh);
    let (yyh16, yyl16) = split_biased(yyl, yyh);
    let (xyh16, xyl16) = split_biased(xyl, xyh);
    // SAFETY: the caller guarantees the eight output ranges are writable.
    unsafe {
        store_streams(
            out,
            stride,
            j,
            [mu1, mu2, xxh16, xxl16, yyh16, yyl16, xyh16, xyl16],
        )
    };
}

/// Vertical statistic pass of 16-bit rows for columns `j..j + 16` into the eight streams.
///
/// # Safety
/// As [`vert_stat_u8`], with rows readable for `j + 16` samples; `shifts.mu <= 31`,
/// `shifts.sq <= 16`.
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn vert_stat_u16(
    pairs: &[RowPair<u16>],
    shifts: VerticalShifts,
    j: usize,
    out: *mut u16,
    stride: usize,
) {
    let z = _mm256_setzero_si256();
    let bias = _mm256_set1_epi16(BIAS16 as i16);
    // Accumulators, low and high unpack halves of: μ1, μ2, ref² hi, ref² lo, dis² hi, dis² lo,
    // ref·dis hi, ref·dis lo.
    let mut acc = [[z; 2]; STREAMS];
    for p in pairs {
        // SAFETY: the caller guarantees 16 readable samples at `j` of every row of the window.
        let (pa, pb, qa, qb) = unsafe {
            (
                _mm256_loadu_si256(p.r[0].add(j).cast()),
                _mm256_loadu_si256(p.r[1].add(j).cast()),
                _mm256_loadu_si256(p.d[0].add(j).cast()),
                _mm256_loadu_si256(p.d[1].add(j).cast()),
            )
        };
        let cc = _mm256_set1_epi32(p.cc);
        let streams = [
            (_mm256_xor_si256(pa, bias), _mm256_xor_si256(pb, bias)),
            (_mm256_xor_si256(qa, bias), _mm256_xor_si256(qb, bias)),
            (_mm256_mulhi_epu16(pa, pa), _mm256_mulhi_epu16(pb, pb)),
            (_mm256_mullo_epi16(pa, pa), _mm256_mullo_epi16(pb, pb)),
            (_mm256_mulhi_epu16(qa, qa), _mm256_mulhi_epu16(qb, qb)),
            (_mm256_mullo_epi16(qa, qa), _mm256_mullo_epi16(qb, qb)),
            (_mm256_mulhi_epu16(pa, qa), _mm256_mulhi_epu16(pb, qb)),
            (_mm256_mullo_epi16(pa, qa), _mm256_mullo_epi16(pb, qb)),
        ];
        for (s, (x, y)) in streams.into_iter().enumerate() {
            let (x, y) = if s < 2 {
                (x, y)
            } else {
                (_mm256_xor_si256(x, bias), _mm256_xor_si256(y, bias))
            };
            let lo = _mm256_madd_epi16(_mm256_unpacklo_epi16(x, y), cc);
            let hi = _mm256_madd_epi16(_mm256_unpackhi_epi16(x, y), cc);
            acc[s][0] = _mm256_add_epi32(acc[s][0], lo);
            acc[s][1] = _mm256_add_epi32(acc[s][1], hi);
        }
    }
    let sign = _mm256_set1_epi32(SIGN);
    let low16 = _mm256_set1_epi32(0xFFFF);
    let mu_round = _mm256_set1_epi32(if shifts.mu == 0 {
        0
    } else {
        1 << (shifts.mu - 1)
    });
    let mu_shift = _mm_cvtsi32_si128(shifts.mu as i32);
    let mean = |v: __m256i| {
        let m = _mm256_add_epi32(_mm256_xor_si256(v, sign), mu_round);
        _mm256_and_si256(_mm256_srl_epi32(m, mu_shift), low16)
    };
    let sq_round = _mm256_set1_epi32(if shifts.sq == 0 {
        0
    } else {
        1 << (shifts.sq - 1)
    });
    let sq_shift = _mm_cvtsi32_si128(shifts.sq as i32);
    let hi_shift = _mm_cvtsi32_si128(16 - shifts.sq as i32);
    // (2^16·A + B + round) >> sq = (A << (16 − sq)) + ((B + round) >> sq), modulo 2^32.
    let moment = |h: __m256i, l: __m256i| {
        let a = _mm256_sll_epi32(_mm256_xor_si256(h, sign), hi_shift);
        let b = _mm256_add_epi32(_mm256_xor_si256(l, sign), sq_round);
        _mm256_add_epi32(a, _mm256_srl_epi32(b, sq_shift))
    };
    let mu1 = pack_biased(mean(acc[0][0]), mean(acc[0][1]));
    let mu2 = pack_biased(mean(acc[1][0]), mean(acc[1][1]));
    let (xxh, xxl) = split_biased(moment(acc[2][0], acc[3][0]), moment(acc[2][1], acc[3][1]));
    let (yyh, yyl) = split_biased(moment(acc[4][0], acc[5][0]), moment(acc[4][1], acc[5][1]));
    let (xyh, xyl) = split_biased(moment(acc[6][0], acc[7][0]), moment(acc[6][1], acc[7][1]));
    // SAFETY: the caller guarantees the eight output ranges are writable.
    unsafe { store_streams(out, stride, j, [mu1, mu2, xxh, xxl, yyh, yyl, xyh, xyl]) };
}

/// A per-row list of log-table indices (see [`super::table_sum`]).
struct IndexList {
    ptr: *mut u16,
    len: usize,
}

impl IndexList {
    /// Appends the 8 lanes of `idx` (each below 2^16), zeroed outside `mask`.
    ///
    /// # Safety
    /// `ptr` must be valid for writes of `len + 8` entries.
    #[inline]
    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
    unsafe fn push(&mut self, idx: __m256i, mask: __m256i) {
        let v = _mm256_and_si256(idx, mask);
        // [v0..v3, v0..v3 | v4..v7, v4..v7] → v0..v7 in the low 128 bits.
        let packed = _mm256_permute4x64_epi64::<0b1000>(_mm256_packus_epi32(v, v));
        // SAFETY: guaranteed by the caller.
        unsafe {
            _mm_storeu_si128(
                self.ptr.add(self.len).cast(),
                _mm256_castsi256_si128(packed),
            )
        };
        self.len += 8;
    }
}

/// Per-row partial sums in vector lanes: per lane at most `w/8 ≤ 4096` pixels are added, each
/// term below 2^16 in magnitude, so the 32-bit lanes cannot overflow. The table entries of the
/// logarithms are collected as index lists and summed at the end of the row.
struct RowAcc {
    num_log: __m256i,
    den_log: __m256i,
    num_non_log: __m256i,
    den_non_log: u64,
    den_idx: IndexList,
    plus_idx: IndexList,
    minus_idx: IndexList,
}

/// Sum of eight `i32` lanes as `i64`.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn sum_i32(v: __m256i) -> i64 {
    let mut a = [0i32; 8];
    // SAFETY: `a` is 32 bytes long; the store has no alignment requirement.
    unsafe { _mm256_storeu_si256(a.as_mut_ptr().cast(), v) };
    a.iter().map(|&x| i64::from(x)).sum()
}

/// Sum of four `i64` lanes.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn sum_i64(v: __m256i) -> i64 {
    let mut a = [0i64; 4];
    // SAFETY: `a` is 32 bytes long; the store has no alignment requirement.
    unsafe { _mm256_storeu_si256(a.as_mut_ptr().cast(), v) };
    a.iter().sum()
}

/// `(a·b + 2^31) >> 32` per unsigned 32-bit lane.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn mul_round_hi(a: __m256i, b: __m256i) -> __m256i {
    let r = _mm256_set1_epi64x(1 << 31);
    let even = _mm256_add_epi64(_mm256_mul_epu32(a, b), r);
    let odd = _mm256_add_epi64(
        _mm256_mul_epu32(_mm256_srli_epi64::<32>(a), _mm256_srli_epi64::<32>(b)),
        r,
    );
    _mm256_blend_epi32::<0b1010_1010>(_mm256_srli_epi64::<32>(even), odd)
}

/// Table index and shift `k` of `log2_64(x)` (`log2_32` for `x < 2^32`) from the bit pattern
/// of a positive integer-valued `f64` `x ≥ 2^17`, below 2^53: index = the 16 leading bits,
/// `k` = exponent − 15. Both in the low 32 bits of each 64-bit lane.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn log2_parts_f64(x: __m256d) -> (__m256i, __m256i) {
    let bits = _mm256_castpd_si256(x);
    let idx = _mm256_or_si256(
        _mm256_and_si256(_mm256_srli_epi64::<37>(bits), _mm256_set1_epi64x(0x7FFF)),
        _mm256_set1_epi64x(0x8000),
    );
    let k = _mm256_sub_epi64(_mm256_srli_epi64::<52>(bits), _mm256_set1_epi64x(1023 + 15));
    (idx, k)
}

/// The low 32 bits of the 64-bit lanes of `lo` (lanes 0..4) and `hi` (lanes 4..8), in order.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn narrow(lo: __m256i, hi: __m256i) -> __m256i {
    let s = _mm256_shuffle_ps::<0b10_00_10_00>(_mm256_castsi256_ps(lo), _mm256_castsi256_ps(hi));
    _mm256_permute4x64_epi64::<0b11_01_10_00>(_mm256_castps_si256(s))
}

/// Index and shift of the logarithms of 8 `f64` values given as two halves.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn log2_parts8(lo: __m256d, hi: __m256d) -> (__m256i, __m256i) {
    let (il, kl) = log2_parts_f64(lo);
    let (ih, kh) = log2_parts_f64(hi);
    (narrow(il, ih), narrow(kl, kh))
}

/// For 4 lanes: `sv² = (i32)(σ2² − g·σ12)` (truncated, indefinite when out of range) and
/// `trunc(min(g, limit)²·σ1²)` with `g = σ12 / (σ1² + eps)`, in the reference's operation order.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn gain_terms(s1: __m128i, s2: __m128i, s12: __m128i, limit: __m256d) -> (__m128i, __m256d) {
    let s1d = _mm256_cvtepi32_pd(s1);
    let s2d = _mm256_cvtepi32_pd(s2);
    let s12d = _mm256_cvtepi32_pd(s12);
    let g = _mm256_div_pd(s12d, _mm256_add_pd(s1d, _mm256_set1_pd(EPS)));
    let sv = _mm256_cvttpd_epi32(_mm256_sub_pd(s2d, _mm256_mul_pd(g, s12d)));
    let g = _mm256_min_pd(g, limit);
    let t = _mm256_round_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(_mm256_mul_pd(
        _mm256_mul_pd(g, g),
        s1d,
    ));
    (sv, t)
}

/// The halves of an 8-lane vector.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn halves(v: __m256i) -> (__m128i, __m128i) {
    (_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v))
}

/// Whether any lane of a mask is set.
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn any(m: __m256i) -> bool {
    _mm256_movemask_ps(_mm256_castsi256_ps(m)) != 0
}

/// The per-pixel VIF terms of 8 pixels (lanes of `valid`), from the filtered means (Q24, u32)
/// and the Q16 moments — [`scalar::pixel_terms`] lane by lane.
///
/// # Safety
/// Each index list must have room for 8 more entries.
#[allow(clippy::too_many_arguments)]
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn pixel_terms(
    mu1: __m256i,
    mu2: __m256i,
    xx: __m256i,
    yy: __m256i,
    xy: __m256i,
    valid: __m256i,
    limit: __m256d,
    acc: &mut RowAcc,
) {
    let z = _mm256_setzero_si256();
    let s1 = _mm256_sub_epi32(xx, mul_round_hi(mu1, mu1));
    let s2 = _mm256_max_epi32(_mm256_sub_epi32(yy, mul_round_hi(mu2, mu2)), z);
    let s12 = _mm256_sub_epi32(xy, mul_round_hi(mu1, mu2));
    let m_log = _mm256_and_si256(
        valid,
        _mm256_cmpgt_epi32(s1, _mm256_set1_epi32(SIGMA_NSQ - 1)),
    );
    let m_non = _mm256_andnot_si256(m_log, valid);
    acc.den_non_log += u64::from(_mm256_movemask_ps(_mm256_castsi256_ps(m_non)).count_ones());
    let (s2l, s2h) = halves(_mm256_and_si256(s2, m_non));
    acc.num_non_log = _mm256_add_epi64(
        acc.num_non_log,
        _mm256_add_epi64(_mm256_cvtepu32_epi64(s2l), _mm256_cvtepu32_epi64(s2h)),
    );
    if !any(m_log) {
        return;
    }
    // den: log2_32(σn² + σ1²) − 2048·17; the sum (below 2^32) is exact in f64.
    let nsq_d = _mm256_set1_pd(f64::from(SIGMA_NSQ));
    let (s1l, s1h) = halves(s1);
    let (idx, k) = log2_parts8(
        _mm256_add_pd(_mm256_cvtepi32_pd(s1l), nsq_d),
        _mm256_add_pd(_mm256_cvtepi32_pd(s1h), nsq_d),
    );
    // SAFETY: guaranteed by the caller.
    unsafe { acc.den_idx.push(idx, m_log) };
    let den = _mm256_sub_epi32(_mm256_slli_epi32::<11>(k), _mm256_set1_epi32(2048 * 17));
    acc.den_log = _mm256_add_epi32(acc.den_log, _mm256_and_si256(den, m_log));

    let m_num = _mm256_and_si256(
        m_log,
        _mm256_and_si256(_mm256_cmpgt_epi32(s12, z), _mm256_cmpgt_epi32(s2, z)),
    );
    if !any(m_num) {
        return;
    }
    let (s2l, s2h) = halves(s2);
    let (s12l, s12h) = halves(s12);
    let (svl, tl) = gain_terms(s1l, s2l, s12l, limit);
    let (svh, th) = gain_terms(s1h, s2h, s12h, limit);
    // sv² clamped at 0 (the indefinite value of an out-of-range truncation is negative too);
    // numer1 = sv² + σn² is exact in f64, and so is numer1_tmp = trunc(g²σ1²) + numer1.
    let svl = _mm_max_epi32(svl, _mm_setzero_si128());
    let svh = _mm_max_epi32(svh, _mm_setzero_si128());
    let n1l = _mm256_add_pd(_mm256_cvtepi32_pd(svl), nsq_d);
    let n1h = _mm256_add_pd(_mm256_cvtepi32_pd(svh), nsq_d);
    let (idx1, k1) = log2_parts8(n1l, n1h);
    let (idx2, k2) = log2_parts8(_mm256_add_pd(tl, n1l), _mm256_add_pd(th, n1h));
    // SAFETY: guaranteed by the caller.
    unsafe {
        acc.plus_idx.push(idx2, m_num);
        acc.minus_idx.push(idx1, m_num);
    }
    let num = _mm256_slli_epi32::<11>(_mm256_sub_epi32(k2, k1));
    acc.num_log = _mm256_add_epi32(acc.num_log, _mm256_and_si256(num, m_num));
}

/// Lanes `0..n` set (`n ≤ 8`; all for larger `n`).
#[inline]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
fn lane_mask(n: usize) -> __m256i {
    let iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n.min(8) as i32), iota)
}

/// Horizontal statistic pass over the eight streams and the per-pixel terms of the row.
///
/// # Safety
/// AVX2 must be supported; `lines` must hold [`STREAMS`] lines of `stride` samples with
/// `stride >= LINE_PAD + ⌈w/64⌉·64 + 64`; `idx` must hold three lists of `cap ≥ w + 32`
/// entries; `plan.half <= LINE_PAD`.
#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn horizontal_stat(
    lines: &[u16],
    stride: usize,
    plan: &FilterPlan,
    w: usize,
    idx: &mut [u16],
    cap: usize,
    table: &[u16; LOG2_TABLE_LEN],
    gain_limit: f64,
    out: &mut VifAccum,
) {
    let z = _mm256_setzero_si256();
    let ip = idx.as_mut_ptr();
    // SAFETY: `idx` holds three lists of `cap` each.
    let (ip1, ip2) = unsafe { (ip.add(cap), ip.add(2 * cap)) };
    let limit = _mm256_set1_pd(gain_limit);
    let sign = _mm256_set1_epi32(SIGN);
    let lo0 = _mm256_set1_epi32(SIGN.wrapping_add(1 << 15));
    let mut acc = RowAcc {
        num_log: z,
        den_log: z,
        num_non_log: z,
        den_non_log: 0,
        den_idx: IndexList { ptr: ip, len: 0 },
        plus_idx: IndexList { ptr: ip1, len: 0 },
        minus_idx: IndexList { ptr: ip2, len: 0 },
    };
    let mut coef = [z; 9];
    for (c, p) in coef.iter_mut().zip(&plan.hpairs[..plan.nh]) {
        *c = pair(p.1, p.2);
    }
    let mut j0 = 0;
    while j0 < w {
        let rem = w - j0;
        for (parity, n) in [(0, rem.div_ceil(2)), (1, rem / 2)] {
            if n == 0 {
                continue;
            }
            // The accumulators start at the bias corrections (see the AVX-512 twin).
            let mut v = [sign, sign, sign, lo0, sign, lo0, sign, lo0];
            for (q, c) in coef[..plan.nh].iter().enumerate() {
                let o = (LINE_PAD + j0 + parity) as isize + plan.hpairs[q].0;
                for (s, v) in v.iter_mut().enumerate() {
                    // SAFETY: o ≥ LINE_PAD − half ≥ 0 and o + 16 ≤ LINE_PAD + j0 + half + 17,
                    // within the line since j0 < w (see the stride bound in the contract).
                    let x = unsafe {
                        _mm256_loadu_si256(lines.as_ptr().add(s * stride).offset(o).cast())
                    };
                    *v = _mm256_add_epi32(*v, _mm256_madd_epi16(x, *c));
                }
            }
            let (mu1, mu2) = (v[0], v[1]);
            let moment = |h: __m256i, l: __m256i| _mm256_add_epi32(h, _mm256_srli_epi32::<16>(l));
            let xx = moment(v[2], v[3]);
            let yy = moment(v[4], v[5]);
            let xy = moment(v[6], v[7]);
            // SAFETY: each list receives at most 8 entries per 8 pixels of the row (16 per
            // block), ⌈w/16⌉·16 ≤ cap − 16 in all, so 8 more entries always fit.
            unsafe { pixel_terms(mu1, mu2, xx, yy, xy, lane_mask(n), limit, &mut acc) };
        }
        j0 += BLOCK;
    }
    let (d, p, m) = (acc.den_idx.len, acc.plus_idx.len, acc.minus_idx.len);
    out.num_log += sum_i32(acc.num_log) + table_sum(table, &idx[cap..cap + p])
        - table_sum(table, &idx[2 * cap..2 * cap + m]);
    out.den_log += sum_i32(acc.den_log) + table_sum(table, &idx[..d]);
    out.num_non_log += sum_i64(acc.num_non_log);
    out.den_non_log += acc.den_non_log as i64;
}

#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn stat_row_u8_impl(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    plan: &FilterPlan,
    w: usize,
    scratch: &mut VifScratch,
    table: &[u16; LOG2_TABLE_LEN],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let (pairs, np) = row_pairs(rows_ref, rows_dis, plan);
    let pairs = &pairs[..np];
    let (lines, stride) = (&mut scratch.lines16[..], scratch.stride16);
    let full = w / BLOCK * BLOCK;
    let out = lines.as_mut_ptr();
    for j in (0..full).step_by(BLOCK) {
        // SAFETY: j + 16 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_stat_u8(pairs, j, out, stride) };
    }
    stat_vertical_cols_u8(rows_ref, rows_dis, filter, full..w, lines, stride);
    for s in 0..STREAMS {
        reflect_line(&mut lines[s * stride..(s + 1) * stride], w, plan.half);
    }
    let (idx, cap) = (&mut scratch.idx16[..], scratch.idx_cap);
    // SAFETY: the scratch's stride and index lists satisfy the contract (VifScratch::new).
    unsafe { horizontal_stat(lines, stride, plan, w, idx, cap, table, gain_limit, acc) };
}

#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn stat_row_u16_impl(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    plan: &FilterPlan,
    shifts: VerticalShifts,
    w: usize,
    scratch: &mut VifScratch,
    table: &[u16; LOG2_TABLE_LEN],
    gain_limit: f64,
    acc: &mut VifAccum,
) {
    let (pairs, np) = row_pairs(rows_ref, rows_dis, plan);
    let pairs = &pairs[..np];
    let (lines, stride) = (&mut scratch.lines16[..], scratch.stride16);
    let full = w / BLOCK * BLOCK;
    let out = lines.as_mut_ptr();
    for j in (0..full).step_by(BLOCK) {
        // SAFETY: j + 16 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_stat_u16(pairs, shifts, j, out, stride) };
    }
    stat_vertical_cols_u16(rows_ref, rows_dis, filter, shifts, full..w, lines, stride);
    for s in 0..STREAMS {
        reflect_line(&mut lines[s * stride..(s + 1) * stride], w, plan.half);
    }
    let (idx, cap) = (&mut scratch.idx16[..], scratch.idx_cap);
    // SAFETY: as in `stat_row_u8_impl`.
    unsafe { horizontal_stat(lines, stride, plan, w, idx, cap, table, gain_limit, acc) };
}

/// Vertical decimation pass of 8-bit rows, columns `j..j + 16`, into streams 0 and 1.
///
/// # Safety
/// As [`vert_stat_u8`] (two output streams).
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn vert_sub_u8(pairs: &[RowPair<u8>], j: usize, out: *mut u16, stride: usize) {
    let z = _mm256_setzero_si256();
    let mut acc = [[z; 2]; 2];
    for pr in pairs {
        let cc = _mm256_set1_epi32(pr.cc);
        for (img, p) in [pr.r, pr.d].into_iter().enumerate() {
            // SAFETY: the caller guarantees 16 readable bytes at `j` of every row.
            let (x, y) = unsafe {
                (
                    _mm256_cvtepu8_epi16(_mm_loadu_si128(p[0].add(j).cast())),
                    _mm256_cvtepu8_epi16(_mm_loadu_si128(p[1].add(j).cast())),
                )
            };
            let lo = _mm256_madd_epi16(_mm256_unpacklo_epi16(x, y), cc);
            let hi = _mm256_madd_epi16(_mm256_unpackhi_epi16(x, y), cc);
            acc[img][0] = _mm256_add_epi32(acc[img][0], lo);
            acc[img][1] = _mm256_add_epi32(acc[img][1], hi);
        }
    }
    let r = _mm256_set1_epi32(128);
    let mean = |v: __m256i| _mm256_srli_epi32::<8>(_mm256_add_epi32(v, r));
    for (img, a) in acc.into_iter().enumerate() {
        let v = pack_biased(mean(a[0]), mean(a[1]));
        // SAFETY: the caller guarantees the output range is writable.
        unsafe { _mm256_storeu_si256(out.add(img * stride + LINE_PAD + j).cast(), v) };
    }
}

/// Vertical decimation pass of 16-bit rows, columns `j..j + 16`, into streams 0 and 1.
///
/// # Safety
/// As [`vert_stat_u16`] (two output streams), `shift <= 31`.
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn vert_sub_u16(pairs: &[RowPair<u16>], shift: u32, j: usize, out: *mut u16, stride: usize) {
    let z = _mm256_setzero_si256();
    let bias = _mm256_set1_epi16(BIAS16 as i16);
    let mut acc = [[z; 2]; 2];
    for pr in pairs {
        let cc = _mm256_set1_epi32(pr.cc);
        for (img, p) in [pr.r, pr.d].into_iter().enumerate() {
            // SAFETY: the caller guarantees 16 readable samples at `j` of every row.
            let (x, y) = unsafe {
                (
                    _mm256_loadu_si256(p[0].add(j).cast()),
                    _mm256_loadu_si256(p[1].add(j).cast()),
                )
            };
            let (x, y) = (_mm256_xor_si256(x, bias), _mm256_xor_si256(y, bias));
            let lo = _mm256_madd_epi16(_mm256_unpacklo_epi16(x, y), cc);
            let hi = _mm256_madd_epi16(_mm256_unpackhi_epi16(x, y), cc);
            acc[img][0] = _mm256_add_epi32(acc[img][0], lo);
            acc[img][1] = _mm256_add_epi32(acc[img][1], hi);
        }
    }
    let sign = _mm256_set1_epi32(SIGN);
    let low16 = _mm256_set1_epi32(0xFFFF);
    let round = _mm256_set1_epi32(if shift == 0 { 0 } else { 1 << (shift - 1) });
    let count = _mm_cvtsi32_si128(shift as i32);
    let mean = |v: __m256i| {
        let m = _mm256_add_epi32(_mm256_xor_si256(v, sign), round);
        _mm256_and_si256(_mm256_srl_epi32(m, count), low16)
    };
    for (img, a) in acc.into_iter().enumerate() {
        let v = pack_biased(mean(a[0]), mean(a[1]));
        // SAFETY: the caller guarantees the output range is writable.
        unsafe { _mm256_storeu_si256(out.add(img * stride + LINE_PAD + j).cast(), v) };
    }
}

/// Horizontal decimation pass: the even columns of streams 0 and 1, `(Σ + 2^15) >> 16` as u16.
///
/// # Safety
/// AVX2 must be supported; `lines` as in [`horizontal_stat`] (two streams); `out_ref` and
/// `out_dis` valid for writes of `w / 2` samples.
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn horizontal_sub(
    lines: *const u16,
    stride: usize,
    plan: &FilterPlan,
    w: usize,
    out_ref: *mut u16,
    out_dis: *mut u16,
) {
    let z = _mm256_setzero_si256();
    let lo0 = _mm256_set1_epi32(SIGN.wrapping_add(1 << 15));
    let n = w / 2;
    let mut coef = [z; 9];
    for (c, p) in coef.iter_mut().zip(&plan.hpairs[..plan.nh]) {
        *c = pair(p.1, p.2);
    }
    let mut j0 = 0;
    while j0 / 2 < n {
        for (s, dst) in [out_ref, out_dis].into_iter().enumerate() {
            // Starts at the bias correction and the rounding term (see `horizontal_stat`).
            let mut e = lo0;
            for (q, c) in coef[..plan.nh].iter().enumerate() {
                let o = (LINE_PAD + j0) as isize + plan.hpairs[q].0;
                // SAFETY: as in `horizontal_stat`.
                let v = unsafe { _mm256_loadu_si256(lines.add(s * stride).offset(o).cast()) };
                e = _mm256_add_epi32(e, _mm256_madd_epi16(v, *c));
            }
            let v = _mm256_srli_epi32::<16>(e);
            // Values below 2^16: packus keeps them; v0..v7 to the low 128 bits.
            let v = _mm256_permute4x64_epi64::<0b1000>(_mm256_packus_epi32(v, v));
            let mut tmp = [0u16; 8];
            // SAFETY: `tmp` is 16 bytes long.
            unsafe { _mm_storeu_si128(tmp.as_mut_ptr().cast(), _mm256_castsi256_si128(v)) };
            let cnt = (n - j0 / 2).min(8);
            // SAFETY: outputs j0/2 .. j0/2 + cnt ≤ n are writable (caller's contract).
            unsafe { core::ptr::copy_nonoverlapping(tmp.as_ptr(), dst.add(j0 / 2), cnt) };
        }
        j0 += BLOCK;
    }
}

#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn sub_row_u8_impl(
    rows_ref: &[&[u8]],
    rows_dis: &[&[u8]],
    filter: &[u16],
    plan: &FilterPlan,
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    let (pairs, np) = row_pairs(rows_ref, rows_dis, plan);
    let pairs = &pairs[..np];
    let (lines, stride) = (&mut scratch.lines16[..], scratch.stride16);
    let full = w / BLOCK * BLOCK;
    let out = lines.as_mut_ptr();
    for j in (0..full).step_by(BLOCK) {
        // SAFETY: j + 16 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_sub_u8(pairs, j, out, stride) };
    }
    sub_vertical_cols_u8(rows_ref, rows_dis, filter, full..w, lines, stride);
    for s in 0..2 {
        reflect_line(&mut lines[s * stride..(s + 1) * stride], w, plan.half);
    }
    // SAFETY: stride as in `horizontal_stat`; the outputs hold w / 2 samples (checked by the
    // caller).
    unsafe {
        horizontal_sub(
            lines.as_ptr(),
            stride,
            plan,
            w,
            out_ref.as_mut_ptr(),
            out_dis.as_mut_ptr(),
        )
    };
}

#[allow(clippy::too_many_arguments)]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,popcnt")]
unsafe fn sub_row_u16_impl(
    rows_ref: &[&[u16]],
    rows_dis: &[&[u16]],
    filter: &[u16],
    plan: &FilterPlan,
    shift: u32,
    w: usize,
    scratch: &mut VifScratch,
    out_ref: &mut [u16],
    out_dis: &mut [u16],
) {
    let (pairs, np) = row_pairs(rows_ref, rows_dis, plan);
    let pairs = &pairs[..np];
    let (lines, stride) = (&mut scratch.lines16[..], scratch.stride16);
    let full = w / BLOCK * BLOCK;
    let out = lines.as_mut_ptr();
    for j in (0..full).step_by(BLOCK) {
        // SAFETY: j + 16 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_sub_u16(pairs, shift, j, out, stride) };
    }
    sub_vertical_cols_u16(rows_ref, rows_dis, filter, shift, full..w, lines, stride);
    for s in 0..2 {
        reflect_line(&mut lines[s * stride..(s + 1) * stride], w, plan.half);
    }
    // SAFETY: as in `sub_row_u8_impl`.
    unsafe {
        horizontal_sub(
            lines.as_ptr(),
            stride,
            plan,
            w,
            out_ref.as_mut_ptr(),
            out_dis.as_mut_ptr(),
        )
    };
}
