//! AVX-512 twins of the VIF row kernels (x86-64-v4: AVX-512 F/BW/CD/DQ/VL), bit-identical to
//! [`super::scalar`].
//!
//! The integer sums are reorganised for `vpmaddwd` (16-bit pairs summed into 32-bit lanes); every
//! sum is exact or taken modulo 2^32 exactly where the reference wraps, so the order of the terms
//! does not matter:
//!
//! - **Vertical pass**, 32 columns per block: the symmetric window pairs row `k` with row
//!   `taps−1−k` (the centre row with itself, at half its coefficient). 8-bit rows give
//!   `Σ c·(r_a + r_b)` and `Σ c·(r_a² + r_b²)` directly (the squares with one `vpmulld` by `c`).
//!   16-bit rows are biased (`p − 32768` fits `i16`; every window sums to 65536, so the bias adds
//!   exactly 2^31) and their 32-bit products are split into high and low 16-bit halves, each
//!   filtered on its own: `Σ f·p·q = 2^16·Σ f·hi + Σ f·lo`, both sums below 2^32.
//! - The vertical results go to eight biased 16-bit line streams (see [`super::VifScratch`]):
//!   the Q8 means and the high and low halves of the Q16 moments.
//! - **Horizontal pass**, 32 outputs per block: for each stream, `vpmaddwd` of the line at offset
//!   `o` against coefficient pairs gives the even outputs, at `o + 1` the odd ones. The moments
//!   are reassembled as `hi + ((lo + 2^15) >> 16)`, which is `(Σ + 2^15) >> 16` exactly.
//! - **Per-pixel terms** on 16 lanes: the `f64` gain, noise variance and truncations are the
//!   same IEEE operations as the reference (no fused multiply-add); the logarithms come from the
//!   same table: the shifts in the lanes; the indices of the active lanes are compressed into
//!   per-row lists whose table entries are summed with scalar loads at the end of the row
//!   (faster than gathers on current cores). `log2_64` of the numerator is read from the `f64` bit
//!   pattern of the (exactly representable) integer: exponent for the shift, the top 15 mantissa
//!   bits for the table index.
//!
//! Each kernel is reachable only through [`KERNELS`], which [`super::VifKernels::for_level`]
//! returns only when [`CpuLevel::Avx512`] is supported.
//!
//! The AVX-512 intrinsics are stable since Rust 1.89, above the workspace's declared MSRV.

use core::arch::x86_64::*;

use super::{
    BIAS16, FilterPlan, LINE_PAD, LOG2_TABLE_LEN, SIGMA_NSQ, STREAMS, VerticalShifts, VifAccum,
    VifKernels, VifScratch, check_rows, reflect_line, scalar, stat_vertical_cols_u8,
    stat_vertical_cols_u16, sub_vertical_cols_u8, sub_vertical_cols_u16, table_sum,
};
use crate::cpu::CpuLevel;
use crate::isa::dpwssd_zmm;

/// The AVX-512 kernel table.
pub(super) const KERNELS: VifKernels = VifKernels {
    stat_row_u8,
    stat_rows2_u8,
    stat_row_u16,
    stat_rows2_u16,
    sub_row_u8,
    sub_row_u16,
    level: CpuLevel::Avx512,
};

/// Columns per vertical block and outputs per horizontal block.
const BLOCK: usize = 32;

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
    // `VifKernels::for_level` only when `CpuLevel::Avx512.is_supported()`; `check_rows` checked
    // the row count and lengths and the scratch width, and the table length is checked above.
    unsafe {
        stat_row_u8_impl(
            rows_ref, rows_dis, filter, &plan, w, scratch, table, gain_limit, acc,
        )
    }
}

/// Two output rows sharing one vertical pass (see [`vert_stat2_u8`]).
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
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    check_rows(&rows_ref[1..], &rows_dis[1..], filter, w, scratch);
    let Ok(table) = <&[u16; LOG2_TABLE_LEN]>::try_from(log2) else {
        panic!("log2 table of {} entries, not {LOG2_TABLE_LEN}", log2.len());
    };
    let plan = match scratch.plan(filter) {
        Some(p) if filter.iter().all(|&c| c < 32768) => p,
        _ => {
            stat_row_u8(
                rows_ref, rows_dis, filter, w, scratch, log2, gain_limit, acc,
            );
            return stat_row_u8(
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
    };
    // SAFETY: as in `stat_row_u8`; both windows' rows were checked by `check_rows`.
    unsafe {
        stat_rows2_u8_impl(
            rows_ref, rows_dis, filter, &plan, w, scratch, table, gain_limit, acc,
        )
    }
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
    // SAFETY: as in `stat_row_u8`: AVX-512 support is guaranteed by `for_level`, the lengths
    // were checked by `check_rows` and above.
    unsafe {
        stat_row_u16_impl(
            rows_ref, rows_dis, filter, &plan, shifts, w, scratch, table, gain_limit, acc,
        )
    }
}

/// Two 16-bit output rows sharing one vertical pass (see [`vert_stat2_u16`]).
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
    check_rows(rows_ref, rows_dis, filter, w, scratch);
    check_rows(&rows_ref[1..], &rows_dis[1..], filter, w, scratch);
    let Ok(table) = <&[u16; LOG2_TABLE_LEN]>::try_from(log2) else {
        panic!("log2 table of {} entries, not {LOG2_TABLE_LEN}", log2.len());
    };
    let plan = match scratch.plan(filter) {
        Some(p) if filter.iter().all(|&c| c < 32768) && shifts.mu <= 31 && shifts.sq <= 16 => p,
        _ => {
            let (r1, d1) = (&rows_ref[1..], &rows_dis[1..]);
            stat_row_u16(
                rows_ref, rows_dis, filter, shifts, w, scratch, log2, gain_limit, acc,
            );
            return stat_row_u16(r1, d1, filter, shifts, w, scratch, log2, gain_limit, acc);
        }
    };
    // SAFETY: as in `stat_row_u8`; both windows' rows were checked by `check_rows`.
    unsafe {
        stat_rows2_u16_impl(
            rows_ref, rows_dis, filter, &plan, shifts, w, scratch, table, gain_limit, acc,
        )
    }
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
    // SAFETY: AVX-512 support is guaranteed by `for_level`; row and output lengths are checked
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
    // SAFETY: AVX-512 support is guaranteed by `for_level`; row and output lengths are checked
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
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn pair(c0: u16, c1: u16) -> __m512i {
    _mm512_set1_epi32(i32::from(c0) | (i32::from(c1) << 16))
}

/// `packus(lo, hi) ^ 0x8000`: two vectors of 16-bit values in 32-bit lanes, in `unpacklo` /
/// `unpackhi` order, to 32 biased 16-bit samples in natural order.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn pack_biased(lo: __m512i, hi: __m512i) -> __m512i {
    _mm512_xor_si512(
        _mm512_packus_epi32(lo, hi),
        _mm512_set1_epi16(BIAS16 as i16),
    )
}

/// Splits 32-bit values (two vectors in unpack order) into biased high and low 16-bit streams.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn split_biased(lo: __m512i, hi: __m512i) -> (__m512i, __m512i) {
    let m = _mm512_set1_epi32(0xFFFF);
    (
        pack_biased(_mm512_srli_epi32::<16>(lo), _mm512_srli_epi32::<16>(hi)),
        pack_biased(_mm512_and_si512(lo, m), _mm512_and_si512(hi, m)),
    )
}

/// Vertical statistic pass of 8-bit rows for columns `j..j + 32` into the eight streams.
///
/// # Safety
/// AVX-512 must be supported; every row of `pairs` must be valid for reads of `j + 32` bytes,
/// and `out` for writes at `s·stride + LINE_PAD + j .. + 32`, `s < 8`.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vert_stat_u8(pairs: &[RowPair<u8>], j: usize, out: *mut u16, stride: usize) {
    let z = _mm512_setzero_si512();
    let (mut m1l, mut m1h, mut m2l, mut m2h) = (z, z, z, z);
    let (mut xxl, mut xxh, mut yyl, mut yyh, mut xyl, mut xyh) = (z, z, z, z, z, z);
    for p in pairs {
        // SAFETY: the caller guarantees 32 readable bytes at `j` of every row of the window.
        let (ra, rb, da, db) = unsafe {
            (
                _mm256_loadu_si256(p.r[0].add(j).cast()),
                _mm256_loadu_si256(p.r[1].add(j).cast()),
                _mm256_loadu_si256(p.d[0].add(j).cast()),
                _mm256_loadu_si256(p.d[1].add(j).cast()),
            )
        };
        let (ra, rb) = (_mm512_cvtepu8_epi16(ra), _mm512_cvtepu8_epi16(rb));
        let (da, db) = (_mm512_cvtepu8_epi16(da), _mm512_cvtepu8_epi16(db));
        let (rl, rh) = (_mm512_unpacklo_epi16(ra, rb), _mm512_unpackhi_epi16(ra, rb));
        let (dl, dh) = (_mm512_unpacklo_epi16(da, db), _mm512_unpackhi_epi16(da, db));
        let cc = _mm512_set1_epi32(p.cc);
        let cw = _mm512_set1_epi32(p.cw);
        m1l = _mm512_dpwssd_epi32(m1l, rl, cc);
        m1h = _mm512_dpwssd_epi32(m1h, rh, cc);
        m2l = _mm512_dpwssd_epi32(m2l, dl, cc);
        m2h = _mm512_dpwssd_epi32(m2h, dh, cc);
        let sq = |x: __m512i, y: __m512i| _mm512_mullo_epi32(_mm512_madd_epi16(x, y), cw);
        xxl = _mm512_add_epi32(xxl, sq(rl, rl));
        xxh = _mm512_add_epi32(xxh, sq(rh, rh));
        yyl = _mm512_add_epi32(yyl, sq(dl, dl));
        yyh = _mm512_add_epi32(yyh, sq(dh, dh));
        xyl = _mm512_add_epi32(xyl, sq(rl, dl));
        xyh = _mm512_add_epi32(xyh, sq(rh, dh));
    }
    let r = _mm512_set1_epi32(128);
    let mean = |v: __m512i| _mm512_srli_epi32::<8>(_mm512_add_epi32(v, r));
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

/// Stores one block of the eight streams.
///
/// # Safety
/// `out` must be valid for writes of 32 samples at `s·stride + LINE_PAD + j`, `s < 8`.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn store_streams(out: *mut u16, stride: usize, j: usize, v: [__m512i; STREAMS]) {
    for (s, v) in v.into_iter().enumerate() {
        // SAFETY: guaranteed by the caller.
        unsafe { _mm512_storeu_si512(out.add(s * stride + LINE_PAD + j).cast(), v) };
    }
}

/// Two consecutive rows of the window and their coefficient pairs for the two output rows:
/// output row 0 weighs input rows `0..taps` by `f[t]`, output row 1 rows `1..=taps` by `f[t−1]`.
#[derive(Clone, Copy)]
struct RowPair2<T> {
    r: [*const T; 2],
    d: [*const T; 2],
    c: [i32; 2],
}

/// The `(taps + 1) / 2` pairs of consecutive rows `(2m, 2m + 1)` of a two-row window.
fn row_pairs2<T: Copy>(
    rows_ref: &[&[T]],
    rows_dis: &[&[T]],
    filter: &[u16],
) -> ([RowPair2<T>; 9], usize) {
    let taps = filter.len() as isize;
    let f = |t: isize| {
        if (0..taps).contains(&t) {
            i32::from(filter[t as usize])
        } else {
            0
        }
    };
    let none = RowPair2 {
        r: [core::ptr::null(); 2],
        d: [core::ptr::null(); 2],
        c: [0; 2],
    };
    let np = filter.len().div_ceil(2);
    let mut p = [none; 9];
    for (m, slot) in p.iter_mut().enumerate().take(np) {
        let t = 2 * m as isize;
        *slot = RowPair2 {
            r: [rows_ref[2 * m].as_ptr(), rows_ref[2 * m + 1].as_ptr()],
            d: [rows_dis[2 * m].as_ptr(), rows_dis[2 * m + 1].as_ptr()],
            c: [f(t) | (f(t + 1) << 16), f(t - 1) | (f(t) << 16)],
        };
    }
    (p, np)
}

/// Vertical statistic pass of 8-bit rows for two consecutive output rows, columns `j..j + 32`,
/// into the two sets of eight streams (`out` and `out + 8·stride`). Consecutive input rows are
/// interleaved once and serve both output rows with their own coefficient pairs; the squares and
/// cross products (below 2^16) are formed per row and biased, so every tap is one `pmaddwd` lane
/// term (no `pmulld`).
///
/// # Safety
/// AVX-512 must be supported; every row of `pairs` must be valid for reads of `j + 32` bytes,
/// and `out` for writes at `s·stride + LINE_PAD + j .. + 32`, `s < 16`; every coefficient below
/// 32768 and each output row's coefficients summing to 65536.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vert_stat2_u8(pairs: &[RowPair2<u8>], j: usize, out: *mut u16, stride: usize) {
    let bias = _mm512_set1_epi16(BIAS16 as i16);
    // Accumulators per output row, low and high unpack halves of: μ1, μ2, ref², dis², ref·dis.
    // They start at what the finish adds: the means' rounding term, and for the moments 2^31,
    // which undoes the bias of the products (`p − 2^15` with weights summing to 2^16).
    let (r, sign) = (_mm512_set1_epi32(128), _mm512_set1_epi32(SIGN));
    let mut acc = [[[r; 2], [r; 2], [sign; 2], [sign; 2], [sign; 2]]; 2];
    for p in pairs {
        // SAFETY: the caller guarantees 32 readable bytes at `j` of every row of the window.
        let (ra, rb, da, db) = unsafe {
            (
                _mm256_loadu_si256(p.r[0].add(j).cast()),
                _mm256_loadu_si256(p.r[1].add(j).cast()),
                _mm256_loadu_si256(p.d[0].add(j).cast()),
                _mm256_loadu_si256(p.d[1].add(j).cast()),
            )
        };
        let (ra, rb) = (_mm512_cvtepu8_epi16(ra), _mm512_cvtepu8_epi16(rb));
        let (da, db) = (_mm512_cvtepu8_epi16(da), _mm512_cvtepu8_epi16(db));
        let sq = |x: __m512i, y: __m512i| _mm512_xor_si512(_mm512_mullo_epi16(x, y), bias);
        let streams = [
            (ra, rb),
            (da, db),
            (sq(ra, ra), sq(rb, rb)),
            (sq(da, da), sq(db, db)),
            (sq(ra, da), sq(rb, db)),
        ];
        let c = [_mm512_set1_epi32(p.c[0]), _mm512_set1_epi32(p.c[1])];
        for (s, (x, y)) in streams.into_iter().enumerate() {
            let (lo, hi) = (_mm512_unpacklo_epi16(x, y), _mm512_unpackhi_epi16(x, y));
            for o in 0..2 {
                acc[o][s][0] = dpwssd_zmm(acc[o][s][0], lo, c[o]);
                acc[o][s][1] = dpwssd_zmm(acc[o][s][1], hi, c[o]);
            }
        }
    }
    let mean = |v: __m512i| _mm512_srli_epi32::<8>(v);
    for (o, a) in acc.into_iter().enumerate() {
        let mu1 = pack_biased(mean(a[0][0]), mean(a[0][1]));
        let mu2 = pack_biased(mean(a[1][0]), mean(a[1][1]));
        let (xxh, xxl) = split_biased(a[2][0], a[2][1]);
        let (yyh, yyl) = split_biased(a[3][0], a[3][1]);
        let (xyh, xyl) = split_biased(a[4][0], a[4][1]);
        // SAFETY: the caller guarantees both sets of output ranges are writable.
        unsafe {
            store_streams(
                out.add(o * STREAMS * stride),
                stride,
                j,
                [mu1, mu2, xxh, xxl, yyh, yyl, xyh, xyl],
            )
        };
    }
}

/// Vertical statistic pass of 16-bit rows for two consecutive output rows, columns `j..j + 32`,
/// into the two sets of eight streams, sharing the loads and the per-row products between the
/// two rows (see [`vert_stat2_u8`]). The streams are summed in two groups of four so that the
/// accumulators of both rows fit the registers.
///
/// # Safety
/// As [`vert_stat2_u8`], rows readable for `j + 32` samples; `shifts.mu <= 31`,
/// `shifts.sq <= 16`.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vert_stat2_u16(
    pairs: &[RowPair2<u16>],
    shifts: VerticalShifts,
    j: usize,
    out: *mut u16,
    stride: usize,
) {
    let z = _mm512_setzero_si512();
    let bias = _mm512_set1_epi16(BIAS16 as i16);
    let b = |v: __m512i| _mm512_xor_si512(v, bias);
    let mut sums = [[[z; 2]; STREAMS]; 2];
    for group in 0..2 {
        let mut acc = [[[z; 2]; 4]; 2];
        for p in pairs {
            // SAFETY: the caller guarantees 32 readable samples at `j` of every row.
            let (pa, pb, qa, qb) = unsafe {
                (
                    _mm512_loadu_si512(p.r[0].add(j).cast()),
                    _mm512_loadu_si512(p.r[1].add(j).cast()),
                    _mm512_loadu_si512(p.d[0].add(j).cast()),
                    _mm512_loadu_si512(p.d[1].add(j).cast()),
                )
            };
            let streams = if group == 0 {
                [
                    (b(pa), b(pb)),
                    (b(qa), b(qb)),
                    (b(_mm512_mulhi_epu16(pa, pa)), b(_mm512_mulhi_epu16(pb, pb))),
                    (b(_mm512_mullo_epi16(pa, pa)), b(_mm512_mullo_epi16(pb, pb))),
                ]
            } else {
                [
                    (b(_mm512_mulhi_epu16(qa, qa)), b(_mm512_mulhi_epu16(qb, qb))),
                    (b(_mm512_mullo_epi16(qa, qa)), b(_mm512_mullo_epi16(qb, qb))),
                    (b(_mm512_mulhi_epu16(pa, qa)), b(_mm512_mulhi_epu16(pb, qb))),
                    (b(_mm512_mullo_epi16(pa, qa)), b(_mm512_mullo_epi16(pb, qb))),
                ]
            };
            let c = [_mm512_set1_epi32(p.c[0]), _mm512_set1_epi32(p.c[1])];
            for (s, (x, y)) in streams.into_iter().enumerate() {
                let (lo, hi) = (_mm512_unpacklo_epi16(x, y), _mm512_unpackhi_epi16(x, y));
                for o in 0..2 {
                    acc[o][s][0] = _mm512_dpwssd_epi32(acc[o][s][0], lo, c[o]);
                    acc[o][s][1] = _mm512_dpwssd_epi32(acc[o][s][1], hi, c[o]);
                }
            }
        }
        for o in 0..2 {
            sums[o][4 * group..4 * group + 4].copy_from_slice(&acc[o]);
        }
    }
    for (o, sum) in sums.iter().enumerate() {
        // SAFETY: the caller guarantees both sets of output ranges are writable.
        unsafe {
            store_streams(
                out.add(o * STREAMS * stride),
                stride,
                j,
                finish_u16(sum, shifts),
            )
        };
    }
}

/// Vertical statistic pass of 16-bit rows for columns `j..j + 32` into the eight streams.
///
/// # Safety
/// As [`vert_stat_u8`], with rows readable for `j + 32` samples; `shifts.mu <= 31`,
/// `shifts.sq <= 16`.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vert_stat_u16(
    pairs: &[RowPair<u16>],
    shifts: VerticalShifts,
    j: usize,
    out: *mut u16,
    stride: usize,
) {
    let z = _mm512_setzero_si512();
    let bias = _mm512_set1_epi16(BIAS16 as i16);
    // Accumulators, low and high unpack halves of: μ1, μ2, ref² hi, ref² lo, dis² hi, dis² lo,
    // ref·dis hi, ref·dis lo.
    let mut acc = [[z; 2]; STREAMS];
    for p in pairs {
        // SAFETY: the caller guarantees 32 readable samples at `j` of every row of the window.
        let (pa, pb, qa, qb) = unsafe {
            (
                _mm512_loadu_si512(p.r[0].add(j).cast()),
                _mm512_loadu_si512(p.r[1].add(j).cast()),
                _mm512_loadu_si512(p.d[0].add(j).cast()),
                _mm512_loadu_si512(p.d[1].add(j).cast()),
            )
        };
        let cc = _mm512_set1_epi32(p.cc);
        let streams = [
            (_mm512_xor_si512(pa, bias), _mm512_xor_si512(pb, bias)),
            (_mm512_xor_si512(qa, bias), _mm512_xor_si512(qb, bias)),
            (_mm512_mulhi_epu16(pa, pa), _mm512_mulhi_epu16(pb, pb)),
            (_mm512_mullo_epi16(pa, pa), _mm512_mullo_epi16(pb, pb)),
            (_mm512_mulhi_epu16(qa, qa), _mm512_mulhi_epu16(qb, qb)),
            (_mm512_mullo_epi16(qa, qa), _mm512_mullo_epi16(qb, qb)),
            (_mm512_mulhi_epu16(pa, qa), _mm512_mulhi_epu16(pb, qb)),
            (_mm512_mullo_epi16(pa, qa), _mm512_mullo_epi16(pb, qb)),
        ];
        for (s, (x, y)) in streams.into_iter().enumerate() {
            let (x, y) = if s < 2 {
                (x, y)
            } else {
                (_mm512_xor_si512(x, bias), _mm512_xor_si512(y, bias))
            };
            acc[s][0] = _mm512_dpwssd_epi32(acc[s][0], _mm512_unpacklo_epi16(x, y), cc);
            acc[s][1] = _mm512_dpwssd_epi32(acc[s][1], _mm512_unpackhi_epi16(x, y), cc);
        }
    }
    // SAFETY: the caller guarantees the eight output ranges are writable.
    unsafe { store_streams(out, stride, j, finish_u16(&acc, shifts)) };
}

/// The eight biased streams from the 16-bit vertical sums (low and high unpack halves of μ1,
/// μ2, ref² hi, ref² lo, dis² hi, dis² lo, ref·dis hi, ref·dis lo): means rounded by
/// `shifts.mu` and narrowed to 16 bits, moments `(2^16·hi + lo + round) >> shifts.sq`.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn finish_u16(acc: &[[__m512i; 2]; STREAMS], shifts: VerticalShifts) -> [__m512i; STREAMS] {
    let sign = _mm512_set1_epi32(SIGN);
    let low16 = _mm512_set1_epi32(0xFFFF);
    let mu_round = _mm512_set1_epi32(if shifts.mu == 0 {
        0
    } else {
        1 << (shifts.mu - 1)
    });
    let mu_shift = _mm_cvtsi32_si128(shifts.mu as i32);
    let mean = |v: __m512i| {
        let m = _mm512_add_epi32(_mm512_xor_si512(v, sign), mu_round);
        _mm512_and_si512(_mm512_srl_epi32(m, mu_shift), low16)
    };
    let sq_round = _mm512_set1_epi32(if shifts.sq == 0 {
        0
    } else {
        1 << (shifts.sq - 1)
    });
    let sq_shift = _mm_cvtsi32_si128(shifts.sq as i32);
    let hi_shift = _mm_cvtsi32_si128(16 - shifts.sq as i32);
    // (2^16·A + B + round) >> sq = (A << (16 − sq)) + ((B + round) >> sq), modulo 2^32.
    let moment = |h: __m512i, l: __m512i| {
        let a = _mm512_sll_epi32(_mm512_xor_si512(h, sign), hi_shift);
        let b = _mm512_add_epi32(_mm512_xor_si512(l, sign), sq_round);
        _mm512_add_epi32(a, _mm512_srl_epi32(b, sq_shift))
    };
    let mu1 = pack_biased(mean(acc[0][0]), mean(acc[0][1]));
    let mu2 = pack_biased(mean(acc[1][0]), mean(acc[1][1]));
    let (xxh, xxl) = split_biased(moment(acc[2][0], acc[3][0]), moment(acc[2][1], acc[3][1]));
    let (yyh, yyl) = split_biased(moment(acc[4][0], acc[5][0]), moment(acc[4][1], acc[5][1]));
    let (xyh, xyl) = split_biased(moment(acc[6][0], acc[7][0]), moment(acc[6][1], acc[7][1]));
    [mu1, mu2, xxh, xxl, yyh, yyl, xyh, xyl]
}

/// The table index (the 16 leading bits) and shift `k = 16 − lzcnt(x)` of `log2_32(x)`,
/// `x ≥ 2^16`. Lanes with a smaller `x` get index 0 (a shift by a huge count).
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn log2_parts_u32(x: __m512i) -> (__m512i, __m512i) {
    let k = _mm512_sub_epi32(_mm512_set1_epi32(16), _mm512_lzcnt_epi32(x));
    (_mm512_srlv_epi32(x, k), k)
}

/// The coefficients of the log table's approximation ([`super::log_poly_scalar`]) as the
/// two halves of each `vpermt2ps` table.
#[derive(Clone, Copy)]
struct LogPoly {
    lo: [__m512; 3],
    hi: [__m512; 3],
}

impl LogPoly {
    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    fn load() -> Self {
        let c = &super::log_poly::COEF_BITS;
        let half = |k: usize, h: usize| {
            let v: [u32; 16] = core::array::from_fn(|l| c[k][16 * h + l]);
            // SAFETY: `v` holds the 16 lanes read.
            _mm512_castsi512_ps(unsafe { _mm512_loadu_epi32(v.as_ptr().cast()) })
        };
        LogPoly {
            lo: [half(0, 0), half(1, 0), half(2, 0)],
            hi: [half(0, 1), half(1, 1), half(2, 1)],
        }
    }
}

/// [`super::log_poly_scalar`] on 16 lanes of table indices (each in `32768..65536`): the
/// entries less 30720 (`round(d)`; the callers add the 30720 per entry where it does not
/// cancel) and the mask of the lanes whose entry the approximation decides (the others must be
/// looked up).
///
/// The segment and the offset in it are read straight from the index (`vpermt2ps` uses the
/// low five bits of `i >> 10`, and `i & 1023`: 32768 is a multiple of the segment length);
/// `vreduceps` gives `d − round(d)` exactly and the rounding conversion `round(d)`, as the
/// model's `round_ties_even` and subtraction do.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn log_lanes(idx: __m512i, poly: &LogPoly) -> (__m512i, __mmask16) {
    let s = _mm512_srli_epi32::<10>(idx);
    let t = _mm512_cvtepi32_ps(_mm512_and_si512(idx, _mm512_set1_epi32(1023)));
    let c = |k: usize| _mm512_permutex2var_ps(poly.lo[k], s, poly.hi[k]);
    let d = _mm512_fmadd_ps(_mm512_fmadd_ps(c(2), t, c(1)), t, c(0));
    // d − round(d), ties to even (M = 0 fraction bits kept).
    let frac = _mm512_reduce_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(d);
    let certain = _mm512_cmp_ps_mask::<_CMP_LT_OQ>(
        _mm512_abs_ps(frac),
        _mm512_set1_ps(0.5 - super::LOG_POLY_MARGIN),
    );
    let r = _mm512_cvt_roundps_epi32::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(d);
    (r, certain)
}

/// A per-row list of log-table indices, stored in pairs of `u16` (see [`super::table_sum`] and
/// [`pair_sum`]).
struct PairList {
    ptr: *mut u16,
    len: usize,
}

impl PairList {
    /// Appends the 32-bit lanes of `mask` of `pairs` as pairs of `u16` (`len` counts pairs).
    ///
    /// # Safety
    /// `ptr` must be valid for writes of `2·len + 32` entries.
    #[inline]
    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    unsafe fn push_pairs(&mut self, pairs: __m512i, mask: __mmask16) {
        // SAFETY: guaranteed by the caller.
        unsafe {
            _mm512_storeu_si512(
                self.ptr.add(2 * self.len).cast(),
                _mm512_maskz_compress_epi32(mask, pairs),
            )
        };
        self.len += mask.count_ones() as usize;
    }
}

/// For 8 lanes: `sv² = (i32)(σ2² − g·σ12)` (truncated, indefinite when out of range) and
/// `min(g, limit)²·σ1²` (not yet truncated) with `g = σ12 / (σ1² + eps)`, in the reference's
/// operation order.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn gain_terms(s1: __m256i, s2: __m256i, s12: __m256i, limit: __m512d) -> (__m256i, __m512d) {
    let s1d = _mm512_cvtepi32_pd(s1);
    let s2d = _mm512_cvtepi32_pd(s2);
    let s12d = _mm512_cvtepi32_pd(s12);
    let g = _mm512_div_pd(s12d, _mm512_add_pd(s1d, _mm512_set1_pd(EPS)));
    let sv = _mm512_cvttpd_epi32(_mm512_sub_pd(s2d, _mm512_mul_pd(g, s12d)));
    let g = _mm512_min_pd(g, limit);
    (sv, _mm512_mul_pd(_mm512_mul_pd(g, g), s1d))
}

/// Table indices and shifts `k` of `log2_64` for 16 lanes, from the bit patterns of two halves of
/// positive `f64`s `x ≥ 2^17`, below 2^53 (those of `floor(x)`: the exponent and the 15 bits
/// after the leading one, which lie at 2^2 or above): the high 32 bits of each (exponent and
/// top 20 mantissa bits) are gathered into one vector by a single `vpermt2d`.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn log2_parts_f64(lo: __m512d, hi: __m512d) -> (__m512i, __m512i) {
    let odd = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
    let top = _mm512_permutex2var_epi32(_mm512_castpd_si512(lo), odd, _mm512_castpd_si512(hi));
    let idx = _mm512_or_si512(
        _mm512_and_si512(_mm512_srli_epi32::<5>(top), _mm512_set1_epi32(0x7FFF)),
        _mm512_set1_epi32(0x8000),
    );
    let k = _mm512_sub_epi32(_mm512_srli_epi32::<20>(top), _mm512_set1_epi32(1023 + 15));
    (idx, k)
}

/// Joins two 8-lane halves.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn join(lo: __m256i, hi: __m256i) -> __m512i {
    _mm512_inserti64x4::<1>(_mm512_castsi256_si512(lo), hi)
}

/// Per-row state of the statistic's per-pixel part. Lane sums: per lane at most
/// `2·⌈w/32⌉ ≤ 2048` pixels are added, each term below 2^16 in magnitude, so the 32-bit lanes
/// cannot overflow. The table entries of the logarithms are collected as index lists and summed
/// at the end of the row; the pixels that need the gain (σ1² ≥ σn², σ12 > 0, σ2² > 0) are
/// collected as (σ1², σ2², σ12) and finished 16 at a time by [`gain_head`] and [`gain_logs`]
/// inside [`horizontal_stat`]'s loop, the last of the row by [`gain_pass`].
struct RowAcc {
    poly: LogPoly,
    den_log: __m512i,
    /// The per-logarithm constants of `den_log`'s lanes: 30720 per entry decided in the lanes
    /// (their table entries less 30720 are in the lanes), −2048·17 per logarithm.
    den_const: i64,
    num_non_log: __m512i,
    den_non_log: u64,
    /// The undecided denominator indices of the row, two per entry (`u16` pairs: an even and
    /// an odd output pixel of one block; 0 where none, whose table entry is 0).
    den_pairs: PairList,
    gain: [*mut i32; 3],
    n_gain: usize,
}

/// Sum of sixteen `i32` lanes as `i64`.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn sum_i32(v: __m512i) -> i64 {
    let lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(v));
    let hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64::<1>(v));
    _mm512_reduce_add_epi64(_mm512_add_epi64(lo, hi))
}

/// `(a·b + 2^31) >> 32` per unsigned 32-bit lane.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn mul_round_hi(a: __m512i, b: __m512i) -> __m512i {
    let r = _mm512_set1_epi64(1 << 31);
    let even = _mm512_add_epi64(_mm512_mul_epu32(a, b), r);
    let odd = _mm512_add_epi64(
        _mm512_mul_epu32(_mm512_srli_epi64::<32>(a), _mm512_srli_epi64::<32>(b)),
        r,
    );
    _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64::<32>(even), odd)
}

/// σ1², σ2² (clamped at 0) and σ12 of 16 pixels from the filtered means (Q24, u32) and Q16
/// moments: the first part of the per-pixel terms ([`scalar::pixel_terms`] lane by lane),
/// [`pixel_logs`] the second.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn sigmas(mu1: __m512i, mu2: __m512i, xx: __m512i, yy: __m512i, xy: __m512i) -> [__m512i; 3] {
    let z = _mm512_setzero_si512();
    let s1 = _mm512_sub_epi32(xx, mul_round_hi(mu1, mu1));
    let s2 = _mm512_max_epi32(_mm512_sub_epi32(yy, mul_round_hi(mu2, mu2)), z);
    let s12 = _mm512_sub_epi32(xy, mul_round_hi(mu1, mu2));
    [s1, s2, s12]
}

/// The rest of the per-pixel terms of 16 pixels (lanes in `valid`), from their [`sigmas`]: the
/// non-log sums, the denominator's logarithm, and the gain pixels' inputs for [`gain_block`].
/// Returns the undecided denominator indices (zero elsewhere) and their mask.
///
/// # Safety
/// The index list and the three gain buffers must have room for 16 more entries.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn pixel_logs(
    [s1, s2, s12]: [__m512i; 3],
    valid: __mmask16,
    acc: &mut RowAcc,
) -> (__m512i, __mmask16) {
    let z = _mm512_setzero_si512();
    let nsq = _mm512_set1_epi32(SIGMA_NSQ);
    let m_log = _mm512_mask_cmpge_epi32_mask(valid, s1, nsq);
    let m_non = valid & !m_log;
    acc.den_non_log += u64::from(m_non.count_ones());
    let s2n = _mm512_maskz_mov_epi32(m_non, s2);
    let lo = _mm512_cvtepu32_epi64(_mm512_castsi512_si256(s2n));
    let hi = _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64::<1>(s2n));
    acc.num_non_log = _mm512_add_epi64(acc.num_non_log, _mm512_add_epi64(lo, hi));
    // den: log2_32(σn² + σ1²) − 2048·17 (the sum fits u32). In the lanes: 2048·k, and the
    // table entries the approximation decides, less their 30720; the undecided entries go to
    // the index list. The constants (−2048·17 per logarithm, 30720 per entry decided here) are
    // counted, not added per lane (see `RowAcc::den_const`).
    let (idx, k) = log2_parts_u32(_mm512_add_epi32(s1, nsq));
    let (entry, certain) = log_lanes(idx, &acc.poly);
    acc.den_log =
        _mm512_mask_add_epi32(acc.den_log, m_log, acc.den_log, _mm512_slli_epi32::<11>(k));
    acc.den_log = _mm512_mask_add_epi32(acc.den_log, m_log & certain, acc.den_log, entry);
    acc.den_const += i64::from((m_log & certain).count_ones()) * 30720
        - i64::from(m_log.count_ones()) * (2048 * 17);
    // Pixels of the gain branch, packed.
    let m_num = _mm512_mask_cmpgt_epi32_mask(m_log, s12, z) & _mm512_cmpgt_epi32_mask(s2, z);
    for (buf, v) in acc.gain.into_iter().zip([s1, s2, s12]) {
        // SAFETY: guaranteed by the caller.
        unsafe {
            _mm512_storeu_si512(
                buf.add(acc.n_gain).cast(),
                _mm512_maskz_compress_epi32(m_num, v),
            )
        };
    }
    acc.n_gain += m_num.count_ones() as usize;
    // The undecided denominator entries, left to the caller's list (zero elsewhere).
    let listed = m_log & !certain;
    (_mm512_maskz_mov_epi32(listed, idx), listed)
}

/// The numerator's logarithms of the `n` gain pixels collected in `gain` (σ1², σ2², σ12):
/// `log2_64(numer1_tmp) − log2_64(numer1)` summed over the pixels (in the returned lanes),
/// except the pixels where the approximation leaves either table entry undecided: their two
/// indices are appended to `list` as one pair of `u16` (`numer1`'s, then `numer1_tmp`'s; see
/// [`pair_sum`]), so that one compressed store per 16 pixels serves both logarithms.
/// [`horizontal_stat`] runs most blocks ([`gain_block`]) inside its filter loop; this finishes
/// the rest of the row.
///
/// # Safety
/// The three `gain` buffers must be readable for `⌈n/16⌉·16` entries, `list` must have room for
/// `⌈n/16⌉·16` more pairs.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn gain_pass(
    gain: [*const i32; 3],
    n: usize,
    limit: f64,
    poly: &LogPoly,
    list: &mut PairList,
) -> __m512i {
    let limit = _mm512_set1_pd(limit);
    let mut lacc = _mm512_setzero_si512();
    for b in (0..n).step_by(16) {
        // SAFETY: guaranteed by the caller.
        lacc = unsafe { gain_block(gain, b, lane_mask(n - b), limit, poly, list, lacc) };
    }
    lacc
}

/// One block of [`gain_pass`]: the gain pixels `b..b + 16` (lanes in `valid`), added to `lacc`:
/// [`gain_head`] then [`gain_logs`]. [`horizontal_stat`]'s loop calls the two parts itself, as
/// it calls [`sigmas`] and [`pixel_logs`]: that shape compiled to the faster loop (the same
/// loop with one function for each and the taps written over the coefficient slice was ≈ 6 %
/// slower on `vif/stat_rows2_u8`, 2026-11-28).
///
/// # Safety
/// The three `gain` buffers must be readable for `b + 16` entries; `list` must have room for
/// 16 more pairs.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn gain_block(
    gain: [*const i32; 3],
    b: usize,
    valid: __mmask16,
    limit: __m512d,
    poly: &LogPoly,
    list: &mut PairList,
    lacc: __m512i,
) -> __m512i {
    // SAFETY: guaranteed by the caller.
    unsafe { gain_logs(gain_head(gain, b, limit), valid, poly, list, lacc) }
}

/// The first part of [`gain_block`]: [`gain_terms`] of both halves of the block.
///
/// # Safety
/// The three `gain` buffers must be readable for `b + 16` entries.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn gain_head(
    gain: [*const i32; 3],
    b: usize,
    limit: __m512d,
) -> (__m256i, __m256i, __m512d, __m512d) {
    let half = |v: __m512i| (_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64::<1>(v));
    // Lanes outside the block's valid ones hold stale values: finite, and left out of every sum
    // and list.
    // SAFETY: guaranteed by the caller.
    let (s1, s2, s12) = unsafe {
        (
            _mm512_loadu_si512(gain[0].add(b).cast()),
            _mm512_loadu_si512(gain[1].add(b).cast()),
            _mm512_loadu_si512(gain[2].add(b).cast()),
        )
    };
    let (s1l, s1h) = half(s1);
    let (s2l, s2h) = half(s2);
    let (s12l, s12h) = half(s12);
    let (svl, gsl) = gain_terms(s1l, s2l, s12l, limit);
    let (svh, gsh) = gain_terms(s1h, s2h, s12h, limit);
    (svl, svh, gsl, gsh)
}

/// The rest of [`gain_block`], from the [`gain_terms`] of both halves.
///
/// # Safety
/// `list` must have room for 16 more pairs.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn gain_logs(
    (svl, svh, gsl, gsh): (__m256i, __m256i, __m512d, __m512d),
    valid: __mmask16,
    poly: &LogPoly,
    list: &mut PairList,
    lacc: __m512i,
) -> __m512i {
    let z = _mm512_setzero_si512();
    let nsq = _mm512_set1_epi32(SIGMA_NSQ);
    let half = |v: __m512i| (_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64::<1>(v));
    // sv² clamped at 0 (the indefinite value of an out-of-range truncation is negative too).
    let sv = _mm512_max_epi32(join(svl, svh), z);
    let numer1 = _mm512_add_epi32(sv, nsq);
    let (idx1, k1) = log2_parts_u32(numer1);
    // numer1_tmp = trunc(g²σ1²) + numer1 (an integer v below 2^53, at least 2^17): the sum
    // g²σ1² + numer1 rounded toward zero lies in [v, v + 1), so it has v's exponent and
    // v's bits down to 2^0, and `log2_parts_f64` reads only bits above 2^2 of it.
    let (n1l, n1h) = half(numer1);
    let add_rz = |x: __m512d, n: __m256i| {
        _mm512_add_round_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(x, _mm512_cvtepu32_pd(n))
    };
    let (idx2, k2) = log2_parts_f64(add_rz(gsl, n1l), add_rz(gsh, n1h));
    let (e1, c1) = log_lanes(idx1, poly);
    let (e2, c2) = log_lanes(idx2, poly);
    let both = valid & c1 & c2;
    let listed = valid & !both;
    // Both indices are below 2^16: numer1's in the low half of the pair, numer1_tmp's in the
    // high half.
    let pair = _mm512_or_si512(idx1, _mm512_slli_epi32::<16>(idx2));
    // SAFETY: room for 16 more pairs (guaranteed by the caller).
    unsafe { list.push_pairs(pair, listed) };
    let k = _mm512_slli_epi32::<11>(_mm512_sub_epi32(k2, k1));
    let lacc = _mm512_mask_add_epi32(lacc, valid, lacc, k);
    // Both entries carry 30720, which cancels.
    _mm512_mask_add_epi32(lacc, both, lacc, _mm512_sub_epi32(e2, e1))
}

/// `Σ table[b] − table[a]` over the `u16` pairs `(a, b)` of `pairs` ([`gain_pass`]'s list).
#[inline(never)]
fn pair_sum(table: &[u16; LOG2_TABLE_LEN], pairs: &[u16]) -> i64 {
    let mut s = 0i64;
    for p in pairs.chunks_exact(2) {
        s += i64::from(table[usize::from(p[1])]) - i64::from(table[usize::from(p[0])]);
    }
    s
}

/// [`reflect_line`] on the first `count` lines of `lines` (`stride` apart): with `half < w`
/// (every window of the extractor), each border is one load, one `vpermw` and one masked store;
/// otherwise the scalar reflection.
#[inline]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
fn reflect_lines(lines: &mut [u16], stride: usize, count: usize, w: usize, half: usize) {
    assert!(half <= LINE_PAD && lines.len() >= count * stride);
    if half == 0 || half >= w || LINE_PAD + w + 15 > stride {
        for s in 0..count {
            reflect_line(&mut lines[s * stride..(s + 1) * stride], w, half);
        }
        return;
    }
    // Lane i of either border is lane `half − 1 − i` of the 16 samples loaded after the edge
    // sample: left, LINE_PAD − half + i takes LINE_PAD + half − i; right, LINE_PAD + w + i takes
    // LINE_PAD + w − 2 − i.
    let rev: [u16; 16] = core::array::from_fn(|i| (half as u16).wrapping_sub(1 + i as u16) & 15);
    // SAFETY: `rev` holds 16 lanes.
    let rev = unsafe { _mm256_loadu_si256(rev.as_ptr().cast()) };
    let m = ((1u32 << half) - 1) as __mmask16;
    for line in lines[..count * stride].chunks_exact_mut(stride) {
        let p = line.as_mut_ptr();
        // SAFETY: half ≤ LINE_PAD and LINE_PAD + w + 15 ≤ stride (checked above): the loads
        // (LINE_PAD + 1 .. + 17 ≤ LINE_PAD + w + 15 as w ≥ 2, and LINE_PAD + w − 1 − half .. + 16)
        // and the masked stores (LINE_PAD − half .., LINE_PAD + w .. + half) stay in the line;
        // the stored lanes are outside the samples read by either load's used lanes.
        unsafe {
            let left = _mm256_loadu_si256(p.add(LINE_PAD + 1).cast());
            let right = _mm256_loadu_si256(p.add(LINE_PAD + w - 1 - half).cast());
            let left = _mm256_permutexvar_epi16(rev, left);
            let right = _mm256_permutexvar_epi16(rev, right);
            _mm256_mask_storeu_epi16(p.add(LINE_PAD - half).cast(), m, left);
            _mm256_mask_storeu_epi16(p.add(LINE_PAD + w).cast(), m, right);
        }
    }
}

/// `(1 << n) − 1` for `n ≤ 16` (all ones above).
#[inline]
fn lane_mask(n: usize) -> __mmask16 {
    ((1u32 << n.min(16)) - 1) as __mmask16
}

/// Horizontal statistic pass over the eight streams and the per-pixel terms of the row.
///
/// # Safety
/// AVX-512 must be supported; `lines` must hold [`STREAMS`] lines of `stride` samples with
/// `stride >= LINE_PAD + ⌈w/64⌉·64 + 64`; `idx` must hold three lists and `gain` three buffers
/// of `cap ≥ w + 32` entries; `plan.half <= LINE_PAD`.
#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn horizontal_stat(
    lines: &[u16],
    stride: usize,
    plan: &FilterPlan,
    w: usize,
    idx: &mut [u16],
    gain: &mut [i32],
    cap: usize,
    table: &[u16; LOG2_TABLE_LEN],
    gain_limit: f64,
    out: &mut VifAccum,
) {
    let z = _mm512_setzero_si512();
    let (ip, gp) = (idx.as_mut_ptr(), gain.as_mut_ptr());
    // SAFETY: `idx` and `gain` hold three lists of `cap` each (the last two of `idx` hold the
    // gain pass's pairs).
    let (ip1, gp1, gp2) = unsafe { (ip.add(cap), gp.add(cap), gp.add(2 * cap)) };
    let sign = _mm512_set1_epi32(SIGN);
    let lo0 = _mm512_set1_epi32(SIGN.wrapping_add(1 << 15));
    let mut acc = RowAcc {
        poly: LogPoly::load(),
        den_log: z,
        den_const: 0,
        num_non_log: z,
        den_non_log: 0,
        den_pairs: PairList { ptr: ip, len: 0 },
        gain: [gp, gp1, gp2],
        n_gain: 0,
    };
    let mut coef = [z; 9];
    for (c, p) in coef.iter_mut().zip(&plan.hpairs[..plan.nh]) {
        *c = pair(p.1, p.2);
    }
    // Software-pipelined: the taps of the next half block (one parity of 32 pixels) are issued
    // first, then the current half block's per-pixel terms (`sigmas`, `pixel_logs`) and one
    // block of 16 gain pixels (`gain_head`, `gain_logs`), which need none of the next block's
    // values. The filter is bound by the multiply pipes, the per-pixel terms mostly use the
    // others; with the filter's results needed at once (and the gain pass at the end of the
    // row) they ran one after the other (docs/simd.md).
    let halves = 2 * w.div_ceil(BLOCK);
    macro_rules! taps {
        ($v:ident, $h:expr, $qs:expr) => {{
            let half_block: usize = $h;
            let (j0, parity) = ((half_block / 2) * BLOCK, half_block % 2);
            for q in $qs {
                let c = coef[q];
                let o = (LINE_PAD + j0 + parity) as isize + plan.hpairs[q].0;
                for (s, v) in $v.iter_mut().enumerate() {
                    // SAFETY: o ≥ LINE_PAD − half ≥ 0 and o + 32 ≤ LINE_PAD + j0 + half + 33,
                    // within the line since j0 < w (see the stride bound in the contract).
                    let x = unsafe {
                        _mm512_loadu_si512(lines.as_ptr().add(s * stride).offset(o).cast())
                    };
                    *v = _mm512_dpwssd_epi32(*v, x, c);
                }
            }
        }};
    }
    // The accumulators start at the bias corrections: the biased samples (`x − 2^15`,
    // weights summing to 2^16) take 2^31 off every sum, which adding 2^31 (mod 2^32)
    // restores; the low halves start with their rounding term as well.
    let init = [sign, sign, sign, lo0, sign, lo0, sign, lo0];
    let limit = _mm512_set1_pd(gain_limit);
    let gain_in = [gp.cast_const(), gp1.cast_const(), gp2.cast_const()];
    let mut gain_list = PairList { ptr: ip1, len: 0 };
    // The numerator's lanes: per lane one term per 16 gain pixels (at most w/16 + 2 of them),
    // each below 2^16 in magnitude (2048·(k2 − k1) + an entry difference, with k2 ≤ 31 as
    // g ≤ the gain limit ≤ 100 keeps numer1_tmp below 2^47, and k1 ≥ 1): inside i32 for rows
    // below 2^18 pixels (frames are at most 32768 wide).
    let (mut lacc, mut done) = (z, 0);
    let mut cur = init;
    taps!(cur, 0usize, 0..plan.nh);
    let mut den0 = (z, 0);
    for h in 0..halves {
        let more = h + 1 < halves;
        let mut next = init;
        taps!(next, h + 1, if more { 0..plan.nh } else { 0..0 });
        let (j0, parity) = ((h / 2) * BLOCK, h % 2);
        let rem = w - j0;
        let n = if parity == 0 {
            rem.div_ceil(2)
        } else {
            rem / 2
        };
        let v = cur;
        let moment = |h: __m512i, l: __m512i| _mm512_add_epi32(h, _mm512_srli_epi32::<16>(l));
        let sig = sigmas(
            v[0],
            v[1],
            moment(v[2], v[3]),
            moment(v[4], v[5]),
            moment(v[6], v[7]),
        );
        // SAFETY: each buffer receives at most one entry per pixel of the row, w ≤ cap − 32
        // in all, so 16 more entries always fit.
        let d = unsafe { pixel_logs(sig, lane_mask(n), &mut acc) };
        if parity == 0 {
            den0 = d;
        } else {
            // One compressed store for the block's undecided denominator entries: lane l pairs
            // the even and the odd output pixel of that lane (indices below 2^16, 0 where not
            // listed).
            let pairs = _mm512_or_si512(den0.0, _mm512_slli_epi32::<16>(d.0));
            // SAFETY: at most one pair per two pixels, 16 more pairs (32 entries) always fit.
            unsafe { acc.den_pairs.push_pairs(pairs, den0.1 | d.1) };
        }
        // The gain pixels collected before this block, 16 at a time, while the filter runs:
        // read only once 32 are listed, so that the 16 read were stored at least one block
        // ago (a load spanning the latest compressed stores waits for them to retire).
        if acc.n_gain - done >= 32 {
            // SAFETY: entries `done..done + 16` were written; at most one pair per pixel.
            let head = unsafe { gain_head(gain_in, done, limit) };
            // SAFETY: at most one pair per pixel.
            lacc = unsafe { gain_logs(head, 0xFFFF, &acc.poly, &mut gain_list, lacc) };
            done += 16;
        }
        cur = next;
    }
    let (nd, ng) = (acc.den_pairs.len, acc.n_gain);
    // The rest of the row's gain pixels.
    // SAFETY: done ≤ ng ≤ w < cap, within the three buffers.
    let rest = gain_in.map(|p| unsafe { p.add(done) });
    // SAFETY: ⌈ng/16⌉·16 ≤ w + 15 < cap entries of each buffer are read, and at most
    // ng + 15 pairs, 2·(w + 15) < 2·cap entries, written from `ip1`.
    let tail = unsafe { gain_pass(rest, ng - done, gain_limit, &acc.poly, &mut gain_list) };
    lacc = _mm512_add_epi32(lacc, tail);
    let np = gain_list.len;
    out.num_log += sum_i32(lacc) + pair_sum(table, &idx[cap..cap + 2 * np]);
    out.den_log += sum_i32(acc.den_log) + acc.den_const + table_sum(table, &idx[..2 * nd]);
    out.num_non_log += _mm512_reduce_add_epi64(acc.num_non_log);
    out.den_non_log += acc.den_non_log as i64;
}

#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
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
        // SAFETY: j + 32 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_stat_u8(pairs, j, out, stride) };
    }
    stat_vertical_cols_u8(rows_ref, rows_dis, filter, full..w, lines, stride);
    reflect_lines(lines, stride, STREAMS, w, plan.half);
    let (idx, gain, cap) = (
        &mut scratch.idx16[..],
        &mut scratch.gain32[..],
        scratch.idx_cap,
    );
    // SAFETY: the scratch's stride and index lists satisfy the contract (VifScratch::new).
    unsafe {
        horizontal_stat(
            lines, stride, plan, w, idx, gain, cap, table, gain_limit, acc,
        )
    };
}

#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn stat_rows2_u8_impl(
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
    let (pairs, np) = row_pairs2(rows_ref, rows_dis, filter);
    let pairs = &pairs[..np];
    let (lines, stride) = (&mut scratch.lines16[..], scratch.stride16);
    let full = w / BLOCK * BLOCK;
    let out = lines.as_mut_ptr();
    for j in (0..full).step_by(BLOCK) {
        // SAFETY: j + 32 ≤ w ≤ every row's length; the scratch holds two sets of stream lines.
        unsafe { vert_stat2_u8(pairs, j, out, stride) };
    }
    let (set0, set1) = lines.split_at_mut(STREAMS * stride);
    stat_vertical_cols_u8(rows_ref, rows_dis, filter, full..w, set0, stride);
    stat_vertical_cols_u8(
        &rows_ref[1..],
        &rows_dis[1..],
        filter,
        full..w,
        set1,
        stride,
    );
    reflect_lines(lines, stride, 2 * STREAMS, w, plan.half);
    let (set0, set1) = lines.split_at(STREAMS * stride);
    let (idx, gain, cap) = (
        &mut scratch.idx16[..],
        &mut scratch.gain32[..],
        scratch.idx_cap,
    );
    for set in [set0, set1] {
        // SAFETY: each set satisfies the stride contract (VifScratch::new), as do the lists.
        unsafe { horizontal_stat(set, stride, plan, w, idx, gain, cap, table, gain_limit, acc) };
    }
}

#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn stat_rows2_u16_impl(
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
    let (pairs, np) = row_pairs2(rows_ref, rows_dis, filter);
    let pairs = &pairs[..np];
    let (lines, stride) = (&mut scratch.lines16[..], scratch.stride16);
    let full = w / BLOCK * BLOCK;
    let out = lines.as_mut_ptr();
    for j in (0..full).step_by(BLOCK) {
        // SAFETY: j + 32 ≤ w ≤ every row's length; the scratch holds two sets of stream lines.
        unsafe { vert_stat2_u16(pairs, shifts, j, out, stride) };
    }
    let (set0, set1) = lines.split_at_mut(STREAMS * stride);
    stat_vertical_cols_u16(rows_ref, rows_dis, filter, shifts, full..w, set0, stride);
    let (r1, d1) = (&rows_ref[1..], &rows_dis[1..]);
    stat_vertical_cols_u16(r1, d1, filter, shifts, full..w, set1, stride);
    reflect_lines(lines, stride, 2 * STREAMS, w, plan.half);
    let (set0, set1) = lines.split_at(STREAMS * stride);
    let (idx, gain, cap) = (
        &mut scratch.idx16[..],
        &mut scratch.gain32[..],
        scratch.idx_cap,
    );
    for set in [set0, set1] {
        // SAFETY: each set satisfies the stride contract (VifScratch::new), as do the lists.
        unsafe { horizontal_stat(set, stride, plan, w, idx, gain, cap, table, gain_limit, acc) };
    }
}

#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
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
        // SAFETY: j + 32 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_stat_u16(pairs, shifts, j, out, stride) };
    }
    stat_vertical_cols_u16(rows_ref, rows_dis, filter, shifts, full..w, lines, stride);
    reflect_lines(lines, stride, STREAMS, w, plan.half);
    let (idx, gain, cap) = (
        &mut scratch.idx16[..],
        &mut scratch.gain32[..],
        scratch.idx_cap,
    );
    // SAFETY: as in `stat_row_u8_impl`.
    unsafe {
        horizontal_stat(
            lines, stride, plan, w, idx, gain, cap, table, gain_limit, acc,
        )
    };
}

/// Vertical decimation pass of 8-bit rows, columns `j..j + 32`, into streams 0 and 1.
///
/// # Safety
/// As [`vert_stat_u8`] (two output streams).
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vert_sub_u8(pairs: &[RowPair<u8>], j: usize, out: *mut u16, stride: usize) {
    let z = _mm512_setzero_si512();
    // The accumulators start at the rounding term of the means.
    let r = _mm512_set1_epi32(128);
    let mut acc = [[r; 2]; 2];
    // The two rows of a symmetric pair share their coefficient, so 8-bit rows are added first
    // (at most 510, the centre row twice at half its coefficient) and two pairs make one
    // `pmaddwd` term: Σ c_a·(x + x') + c_b·(y + y').
    // SAFETY: the caller guarantees 32 readable bytes at `j` of every row.
    let row = |p: *const u8| _mm512_cvtepu8_epi16(unsafe { _mm256_loadu_si256(p.add(j).cast()) });
    let sum = |p: [*const u8; 2]| _mm512_add_epi16(row(p[0]), row(p[1]));
    for ch in pairs.chunks(2) {
        let c1 = ch.get(1).map_or(0, |p| p.cw);
        let cc = _mm512_set1_epi32(ch[0].cw | (c1 << 16));
        for (img, a) in acc.iter_mut().enumerate() {
            let rows = |p: &RowPair<u8>| if img == 0 { p.r } else { p.d };
            let x = sum(rows(&ch[0]));
            let y = ch.get(1).map_or(z, |p| sum(rows(p)));
            a[0] = _mm512_dpwssd_epi32(a[0], _mm512_unpacklo_epi16(x, y), cc);
            a[1] = _mm512_dpwssd_epi32(a[1], _mm512_unpackhi_epi16(x, y), cc);
        }
    }
    let mean = |v: __m512i| _mm512_srli_epi32::<8>(v);
    for (img, a) in acc.into_iter().enumerate() {
        let v = pack_biased(mean(a[0]), mean(a[1]));
        // SAFETY: the caller guarantees the output range is writable.
        unsafe { _mm512_storeu_si512(out.add(img * stride + LINE_PAD + j).cast(), v) };
    }
}

/// Vertical decimation pass of 16-bit rows, columns `j..j + 32`, into streams 0 and 1.
///
/// # Safety
/// As [`vert_stat_u16`] (two output streams), `shift <= 31`.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn vert_sub_u16(pairs: &[RowPair<u16>], shift: u32, j: usize, out: *mut u16, stride: usize) {
    let z = _mm512_setzero_si512();
    let bias = _mm512_set1_epi16(BIAS16 as i16);
    let mut acc = [[z; 2]; 2];
    for pr in pairs {
        let cc = _mm512_set1_epi32(pr.cc);
        for (img, p) in [pr.r, pr.d].into_iter().enumerate() {
            // SAFETY: the caller guarantees 32 readable samples at `j` of every row.
            let (x, y) = unsafe {
                (
                    _mm512_loadu_si512(p[0].add(j).cast()),
                    _mm512_loadu_si512(p[1].add(j).cast()),
                )
            };
            let (x, y) = (_mm512_xor_si512(x, bias), _mm512_xor_si512(y, bias));
            acc[img][0] = _mm512_dpwssd_epi32(acc[img][0], _mm512_unpacklo_epi16(x, y), cc);
            acc[img][1] = _mm512_dpwssd_epi32(acc[img][1], _mm512_unpackhi_epi16(x, y), cc);
        }
    }
    let sign = _mm512_set1_epi32(SIGN);
    let low16 = _mm512_set1_epi32(0xFFFF);
    let round = _mm512_set1_epi32(if shift == 0 { 0 } else { 1 << (shift - 1) });
    let count = _mm_cvtsi32_si128(shift as i32);
    let mean = |v: __m512i| {
        let m = _mm512_add_epi32(_mm512_xor_si512(v, sign), round);
        _mm512_and_si512(_mm512_srl_epi32(m, count), low16)
    };
    for (img, a) in acc.into_iter().enumerate() {
        let v = pack_biased(mean(a[0]), mean(a[1]));
        // SAFETY: the caller guarantees the output range is writable.
        unsafe { _mm512_storeu_si512(out.add(img * stride + LINE_PAD + j).cast(), v) };
    }
}

/// Horizontal decimation pass: the even columns of streams 0 and 1, `(Σ + 2^15) >> 16` as u16.
///
/// # Safety
/// AVX-512 must be supported; `lines` as in [`horizontal_stat`] (two streams); `out_ref` and
/// `out_dis` valid for writes of `w / 2` samples.
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn horizontal_sub(
    lines: *const u16,
    stride: usize,
    plan: &FilterPlan,
    w: usize,
    out_ref: *mut u16,
    out_dis: *mut u16,
) {
    let z = _mm512_setzero_si512();
    let lo0 = _mm512_set1_epi32(SIGN.wrapping_add(1 << 15));
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
                let v = unsafe { _mm512_loadu_si512(lines.add(s * stride).offset(o).cast()) };
                e = _mm512_dpwssd_epi32(e, v, *c);
            }
            let v = _mm512_srli_epi32::<16>(e);
            let v = _mm512_cvtepi32_epi16(v);
            let cnt = (n - j0 / 2).min(16);
            // SAFETY: outputs j0/2 .. j0/2 + cnt ≤ n are writable (caller's contract); the
            // masked store touches only those.
            unsafe { _mm256_mask_storeu_epi16(dst.add(j0 / 2).cast(), lane_mask(cnt), v) };
        }
        j0 += BLOCK;
    }
}

#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
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
        // SAFETY: j + 32 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_sub_u8(pairs, j, out, stride) };
    }
    sub_vertical_cols_u8(rows_ref, rows_dis, filter, full..w, lines, stride);
    reflect_lines(lines, stride, 2, w, plan.half);
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
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
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
        // SAFETY: j + 32 ≤ w ≤ every row's length; the stream lines hold LINE_PAD + w samples.
        unsafe { vert_sub_u16(pairs, shift, j, out, stride) };
    }
    sub_vertical_cols_u16(rows_ref, rows_dis, filter, shift, full..w, lines, stride);
    reflect_lines(lines, stride, 2, w, plan.half);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::CpuLevel;

    #[target_feature(
        enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
    )]
    fn lanes_over(start: u32) -> ([u32; 16], __mmask16) {
        let idx = _mm512_add_epi32(
            _mm512_set1_epi32(start as i32),
            _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
        );
        let (v, certain) = log_lanes(idx, &LogPoly::load());
        let v = _mm512_add_epi32(v, _mm512_set1_epi32(30720));
        let mut out = [0u32; 16];
        // SAFETY: `out` holds the 16 lanes written.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), v) };
        (out, certain)
    }

    /// The lanes give the scalar model's verdict and entry for every table index, so the
    /// model's exhaustive check against the table holds for the lanes too.
    #[test]
    fn log_lanes_equal_the_scalar_model_on_every_index() {
        if !CpuLevel::Avx512.is_supported() {
            eprintln!("log_lanes_equal_the_scalar_model_on_every_index: skipped, no AVX-512 here");
            return;
        }
        let mut uncertain = 0;
        for start in (32768..65536u32).step_by(16) {
            // SAFETY: AVX-512 is supported (checked above).
            let (v, certain) = unsafe { lanes_over(start) };
            for (l, &got) in v.iter().enumerate() {
                let i = start + l as u32;
                let lane_certain = certain & (1 << l) != 0;
                match super::super::log_poly_scalar(i) {
                    Some(want) => {
                        assert!(lane_certain, "index {i}: the lane is undecided");
                        assert_eq!(got, u32::from(want), "index {i}");
                    }
                    None => {
                        assert!(!lane_certain, "index {i}: the lane decides");
                        uncertain += 1;
                    }
                }
            }
        }
        assert!(uncertain > 0);
    }
}
