//! What the AVX2 and AVX-512 kernels of integer ADM share, written once: the same integer
//! arithmetic as [`super::scalar`], bit for bit, `LANES` samples (8 or 16; half as many in
//! 64-bit lanes) per step, over the [`Isa`] vector of each level.
//!
//! - The bodies here are `#[inline(always)]` functions generic over the level token `I`; each
//!   level's `#[target_feature]` entry functions, stamped out by [`level_module!`] in `avx2.rs`
//!   and `avx512.rs`, instantiate them, so each compiles to that level's instructions.
//! - What the levels do differently lives in their files as the [`AdmIsa`] methods: the
//!   horizontal DWT passes (how 32-bit sums are packed back into rows) and the decoupling (mask
//!   registers and masked tails on AVX-512, vector masks and emulated 64-bit operations on
//!   AVX2).
//! - The bodies use no closures and no array `map`s: a closure the compiler does not inline
//!   would be compiled without the level's features and call every vector operation out of
//!   line. Helpers are `#[inline(always)]` functions instead.
//! - The safe wrappers stored in the tables ([`super::AdmKernels::for_level`]) check every slice
//!   length the vector loops rely on; columns the vector loops do not cover (edges, tails) run
//!   the scalar reference's per-sample helpers.
//!
//! Techniques, all exact:
//! - DWT: pairs of 16-bit samples and pairs of filter taps meet in `vpmaddwd`, whose 32-bit
//!   sums cannot overflow (`Σ|f|·2^15 < 2^31`); 16-bit input is offset by −2^15 to fit, and the
//!   offset folded into the rounding constant (all 32-bit arithmetic wraps like C's). Scales
//!   1..=3 multiply in 64 bits (`vpmuldq`) on even and odd lanes.
//! - Masking and denominator: per-lane 64-bit terms summed in any order (wrapping sums are
//!   associative), rounded and shifted per row by the caller as in C.

use core::arch::x86_64::*;

use super::scalar::{self, CSF_S0_ADD, CSF_S0_SHIFT, S123_ADD_V, S123_SHIFT_V};
use super::{CmShifts, DB2_HI, DB2_LO, DB2_LO_SUM, DwtRow, Hvd, HvdMut};
use crate::isa::{Isa, count, prefetch};

/// The parts of the ADM kernels each level writes its own way (see `avx2.rs`, `avx512.rs`).
/// Every method is an `unsafe` function compiled with the level's features.
pub(super) trait AdmIsa: Isa {
    /// Horizontal scale-0 pass of one `i16` row into two bands (low- and high-pass filters)
    /// for output columns `1 .. end`; returns `end`.
    ///
    /// # Safety
    /// The CPU supports the level; `row` holds `w >= 3` samples, `lo_out`/`hi_out` (when not
    /// null) `ceil(w/2)`.
    unsafe fn s0_horizontal(row: &[i16], w: usize, lo_out: *mut i16, hi_out: *mut i16) -> usize;

    /// Horizontal scales-1..=3 pass of one `i32` row into one or two bands for output columns
    /// `1 .. end`, 64-bit sums; returns `end`.
    ///
    /// # Safety
    /// The CPU supports the level; `row` holds `w >= 3` samples, the outputs `ceil(w/2)`.
    unsafe fn s123_horizontal(
        row: &[i32],
        w: usize,
        scale: usize,
        lo_out: &mut [i32],
        hi_out: Option<&mut [i32]>,
    ) -> usize;

    /// Decoupling at scale 0 of columns `left..`; returns where it stopped.
    /// `INT_EGL`: the gain limit is the integer `egl_i` (see [`egl_small_int`]).
    ///
    /// # Safety
    /// The CPU supports the level; all twelve rows hold at least `right` samples; `egl` passes
    /// [`egl_vector_ok`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn decouple_s0_imp<const INT_EGL: bool>(
        rf: Hvd<'_, i16>,
        dis: Hvd<'_, i16>,
        left: usize,
        right: usize,
        egl: f64,
        egl_i: i32,
        r: &mut HvdMut<'_, i16>,
        a: &mut HvdMut<'_, i16>,
    ) -> usize;

    /// Decoupling at scales 1..=3 of columns `left..`, in 64-bit lanes; returns where it
    /// stopped.
    ///
    /// # Safety
    /// As [`AdmIsa::decouple_s0_imp`].
    unsafe fn decouple_s123_imp(
        rf: Hvd<'_, i32>,
        dis: Hvd<'_, i32>,
        left: usize,
        right: usize,
        egl: f64,
        r: &mut HvdMut<'_, i32>,
        a: &mut HvdMut<'_, i32>,
    ) -> usize;
}

/// A pair of 16-bit filter taps `(lo, hi)` as one 32-bit lane for `vpmaddwd`.
#[inline(always)]
pub(super) fn tap_pair(f0: i32, f1: i32) -> i32 {
    ((f1 as u16 as u32) << 16 | (f0 as u16 as u32)) as i32
}

/// The tap pairs `(0, 1)` and `(2, 3)` of the low-pass and of the high-pass filter, in every
/// 32-bit lane: `[lo01, lo23, hi01, hi23]`.
#[inline(always)]
pub(super) fn tap_pairs<I: Isa>(isa: I) -> [I::V; 4] {
    [
        isa.set1_epi32(tap_pair(DB2_LO[0], DB2_LO[1])),
        isa.set1_epi32(tap_pair(DB2_LO[2], DB2_LO[3])),
        isa.set1_epi32(tap_pair(DB2_HI[0], DB2_HI[1])),
        isa.set1_epi32(tap_pair(DB2_HI[2], DB2_HI[3])),
    ]
}

/// `[x[0], x[1], x[2], x[3]]` broadcast to 64-bit lanes.
#[inline(always)]
fn splat4_epi64<I: Isa>(isa: I, x: [i32; 4]) -> [I::V; 4] {
    [
        isa.set1_epi64(x[0] as i64),
        isa.set1_epi64(x[1] as i64),
        isa.set1_epi64(x[2] as i64),
        isa.set1_epi64(x[3] as i64),
    ]
}

/// Four vectors loaded from `rows[k] + j`.
///
/// # Safety
/// Every row holds a whole vector from `j`.
#[inline(always)]
unsafe fn load4<I: Isa, T>(isa: I, rows: [&[T]; 4], j: usize) -> [I::V; 4] {
    // SAFETY: the caller guarantees a whole vector from `j` in every row.
    unsafe {
        [
            isa.loadu(rows[0].as_ptr().add(j)),
            isa.loadu(rows[1].as_ptr().add(j)),
            isa.loadu(rows[2].as_ptr().add(j)),
            isa.loadu(rows[3].as_ptr().add(j)),
        ]
    }
}

/// The last output column whose taps `2j-1 ..= 2j+2` all lie inside a row of width `w`.
#[inline(always)]
pub(super) fn last_straight(w: usize) -> usize {
    (w - 3) / 2
}

/// Fetches column `j` of the next call's new rows while this one computes: the source picture
/// streams from memory and the hardware prefetcher alone leaves the loads waiting.
#[inline(always)]
fn prefetch_ahead<T>(ahead: [&[T]; 2], j: usize) {
    for r in ahead {
        if j < r.len() {
            prefetch(r.as_ptr().wrapping_add(j));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// DWT
// ---------------------------------------------------------------------------------------------

/// A source sample type of the scale-0 DWT.
pub(super) trait S0Src: Copy + Into<u32> {
    /// Value added to every sample by [`S0Src::load`], in units of 2^15 (0 or 1).
    const OFFSET: i32;

    /// Loads `2·LANES` samples as signed 16-bit lanes (`u16` offset by −2^15 to fit).
    ///
    /// # Safety
    /// `p .. p + 2·LANES` is readable.
    unsafe fn load<I: Isa>(isa: I, p: *const Self) -> I::V;
}

impl S0Src for u8 {
    const OFFSET: i32 = 0;

    #[inline(always)]
    unsafe fn load<I: Isa>(isa: I, p: *const u8) -> I::V {
        // SAFETY: the caller guarantees `2·LANES` readable bytes.
        unsafe { isa.load_u8_i16(p) }
    }
}

impl S0Src for u16 {
    const OFFSET: i32 = 1;

    #[inline(always)]
    unsafe fn load<I: Isa>(isa: I, p: *const u16) -> I::V {
        // SAFETY: the caller guarantees `2·LANES` readable samples.
        unsafe { isa.xor(isa.loadu(p), isa.set1_epi16(-32768)) }
    }
}

/// Vertical pass of the scale-0 DWT over the columns `0 .. w - w % (2·LANES)`; returns that
/// count. `(Σ f·s − dc + add) >> shift`, truncated to `i16`. With u16 input the samples are read
/// offset by −2^15, which `Σ f_lo · 2^15` (and 0 for the high-pass) puts back, mod 2^32.
///
/// # Safety
/// Every row, `lo` and `hi` hold at least `w` samples; `1 <= shift <= 16`.
#[inline(always)]
pub(super) unsafe fn s0_vertical<I: Isa, T: S0Src>(
    isa: I,
    rows: [&[T]; 4],
    ahead: [&[T]; 2],
    w: usize,
    shift: u32,
    lo: &mut [i16],
    hi: Option<&mut [i16]>,
) -> usize {
    let add = 1i32 << (shift - 1);
    let dc = DB2_LO_SUM.wrapping_mul(add);
    let off = (T::OFFSET * 32768).wrapping_mul(DB2_LO_SUM);
    let c_lo = isa.set1_epi32(off.wrapping_sub(dc).wrapping_add(add));
    let c_hi = isa.set1_epi32(add);
    let [fl01, fl23, fh01, fh23] = tap_pairs(isa);
    let (f_lo, f_hi) = ([fl01, fl23], [fh01, fh23]);
    // (v << (16 - shift)) >> 16 == (v >> shift) truncated to i16, for shift <= 16.
    let sl = count(16 - shift as i32);
    let sr = count(16);
    /// One filter of 8 (or 16) outputs, rounded and truncated to `i16` (in 32-bit lanes).
    #[inline(always)]
    fn sum<I: Isa>(isa: I, ab: [I::V; 2], f: [I::V; 2], c: I::V, sl: __m128i, sr: __m128i) -> I::V {
        let s = isa.dpwssd(isa.dpwssd(c, ab[0], f[0]), ab[1], f[1]);
        isa.sra_epi32(isa.sll_epi32(s, sl), sr)
    }
    let hi = hi.map(|h| h.as_mut_ptr());
    let step = 2 * I::LANES;
    let n = w - w % step;
    let mut j = 0;
    while j < n {
        prefetch_ahead(ahead, j);
        // SAFETY: j + 2·LANES <= w and every row holds w samples.
        let r = unsafe {
            [
                T::load(isa, rows[0].as_ptr().add(j)),
                T::load(isa, rows[1].as_ptr().add(j)),
                T::load(isa, rows[2].as_ptr().add(j)),
                T::load(isa, rows[3].as_ptr().add(j)),
            ]
        };
        // Rows (0, 1) and (2, 3) interleaved: the taps of each output meet their filter pairs.
        let pairs_l = [
            isa.unpacklo_epi16(r[0], r[1]),
            isa.unpacklo_epi16(r[2], r[3]),
        ];
        let pairs_h = [
            isa.unpackhi_epi16(r[0], r[1]),
            isa.unpackhi_epi16(r[2], r[3]),
        ];
        // packs restores the column order unpack split within each 128-bit lane; the values
        // are already i16 so it does not saturate.
        let l = isa.packs_epi32(
            sum(isa, pairs_l, f_lo, c_lo, sl, sr),
            sum(isa, pairs_h, f_lo, c_lo, sl, sr),
        );
        // SAFETY: j + 2·LANES <= w <= lo.len().
        unsafe { isa.storeu(lo.as_mut_ptr().add(j), l) };
        if let Some(hp) = hi {
            let h = isa.packs_epi32(
                sum(isa, pairs_l, f_hi, c_hi, sl, sr),
                sum(isa, pairs_h, f_hi, c_hi, sl, sr),
            );
            // SAFETY: j + 2·LANES <= w <= hi.len().
            unsafe { isa.storeu(hp.add(j), h) };
        }
        j += step;
    }
    n
}

/// The full scale-0 DWT of one row pair: vertical pass, horizontal passes, scalar edges.
///
/// # Safety
/// Lengths as checked by [`super::check_dwt`], `1 <= shift <= 16`.
#[inline(always)]
pub(super) unsafe fn dwt_s0_imp<I: AdmIsa, T: S0Src>(
    isa: I,
    rows: [&[T]; 4],
    ahead: [&[T]; 2],
    shift: u32,
    block: usize,
    tmp: &mut [i16],
    mut out: DwtRow<'_, i16>,
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    let hi = &mut rest[..w];
    // SAFETY: the caller's checks cover the vector helpers' requirements.
    let done = unsafe { s0_vertical(isa, rows, ahead, w, shift, lo, Some(&mut *hi)) };
    scalar::s0_vertical(rows, shift, done..w, lo, Some(&mut *hi));
    // SAFETY: as above; out rows hold ceil(w/2) samples.
    let end = unsafe {
        I::s0_horizontal(lo, w, out.a.as_mut_ptr(), out.v.as_mut_ptr());
        I::s0_horizontal(hi, w, out.h.as_mut_ptr(), out.d.as_mut_ptr())
    };
    scalar::s0_horizontal_cols(lo, hi, w, 0..1, &mut out);
    scalar::s0_horizontal_cols(lo, hi, w, end..w.div_ceil(2), &mut out);
    scalar::s0_fix_last_column(lo, hi, w, block, out.a, Some(out.v));
}

/// The `a` band of the scale-0 DWT of one row pair.
///
/// # Safety
/// Lengths as checked by [`super::check_dwt`], `1 <= shift <= 16`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) unsafe fn dwt_s0_lo_imp<I: AdmIsa, T: S0Src>(
    isa: I,
    rows: [&[T]; 4],
    ahead: [&[T]; 2],
    shift: u32,
    block: usize,
    last_col: bool,
    tmp: &mut [i16],
    a: &mut [i16],
) {
    let w = rows[0].len();
    let (lo, rest) = tmp.split_at_mut(w);
    // SAFETY: the caller's checks cover the vector helpers' requirements.
    let done = unsafe { s0_vertical(isa, rows, ahead, w, shift, lo, None) };
    scalar::s0_vertical(rows, shift, done..w, lo, None);
    // SAFETY: as above; `a` holds ceil(w/2) samples.
    let end = unsafe { I::s0_horizontal(lo, w, a.as_mut_ptr(), std::ptr::null_mut()) };
    for j in (0..1).chain(end..w.div_ceil(2)) {
        a[j] = scalar::s0_h(lo, scalar::taps(j, w), &DB2_LO);
    }
    if last_col && scalar::s0_last_column_unmirrored(w, block) {
        let hi = &mut rest[..w];
        scalar::s0_vertical(rows, shift, 0..2, lo, Some(&mut *hi));
        scalar::s0_fix_last_column(lo, hi, w, block, a, None);
    }
}

/// Vertical pass of the scale-1 DWT on `i16` rows over `0 .. w - w % LANES`: the sums fit 32
/// bits exactly and scale 1 neither rounds nor shifts them. Returns the column count done.
///
/// # Safety
/// Every row, `lo` and `hi` hold at least `w` samples.
#[inline(always)]
pub(super) unsafe fn s1_vertical<I: Isa>(
    isa: I,
    rows: [&[i16]; 4],
    ahead: [&[i16]; 2],
    w: usize,
    lo: &mut [i32],
    hi: &mut [i32],
) -> usize {
    let [fl01, fl23, fh01, fh23] = tap_pairs(isa);
    let n = w - w % I::LANES;
    let mut j = 0;
    while j < n {
        prefetch_ahead(ahead, j);
        // SAFETY: j + LANES <= w and every row holds w samples.
        let r = unsafe {
            [
                isa.load_u16_i32(rows[0].as_ptr().add(j).cast()),
                isa.load_u16_i32(rows[1].as_ptr().add(j).cast()),
                isa.load_u16_i32(rows[2].as_ptr().add(j).cast()),
                isa.load_u16_i32(rows[3].as_ptr().add(j).cast()),
            ]
        };
        let p01 = isa.or(r[0], isa.slli_epi32::<16>(r[1]));
        let p23 = isa.or(r[2], isa.slli_epi32::<16>(r[3]));
        let l = isa.dpwssd(isa.madd_epi16(p01, fl01), p23, fl23);
        let h = isa.dpwssd(isa.madd_epi16(p01, fh01), p23, fh23);
        // SAFETY: j + LANES <= w <= lo.len(), hi.len().
        unsafe {
            isa.storeu(lo.as_mut_ptr().add(j), l);
            isa.storeu(hi.as_mut_ptr().add(j), h);
        }
        j += I::LANES;
    }
    n
}

/// Vertical pass of the scale-2/3 DWT on `i32` rows over `0 .. w - w % LANES`, 64-bit sums,
/// `(Σ + 2^15) >> 16` truncated to `i32`. Returns the column count done.
///
/// # Safety
/// Every row, `lo` and `hi` hold at least `w` samples; `scale` is 2 or 3.
#[inline(always)]
pub(super) unsafe fn s23_vertical<I: Isa>(
    isa: I,
    rows: [&[i32]; 4],
    ahead: [&[i32]; 2],
    scale: usize,
    w: usize,
    lo: &mut [i32],
    hi: &mut [i32],
) -> usize {
    /// The 64-bit sums of the even (or, from `s` shifted down, odd) lanes, plus `add`.
    #[inline(always)]
    fn dot<I: Isa>(isa: I, s: [I::V; 4], f: &[I::V; 4], add: I::V) -> I::V {
        let a = isa.add_epi64(isa.mul_epi32(s[0], f[0]), isa.mul_epi32(s[1], f[1]));
        let b = isa.add_epi64(isa.mul_epi32(s[2], f[2]), isa.mul_epi32(s[3], f[3]));
        isa.add_epi64(isa.add_epi64(a, b), add)
    }
    /// Bits 16..47 of each sum: down into the low half (even), up into the high (odd).
    #[inline(always)]
    fn join<I: Isa>(isa: I, even: I::V, odd: I::V) -> I::V {
        isa.blend_odd_epi32(isa.srli_epi64::<16>(even), isa.slli_epi64::<16>(odd))
    }
    let add = isa.set1_epi64(S123_ADD_V[scale - 1]);
    debug_assert_eq!(S123_SHIFT_V[scale - 1], 16);
    let fl = splat4_epi64(isa, DB2_LO);
    let fh = splat4_epi64(isa, DB2_HI);
    let n = w - w % I::LANES;
    let mut j = 0;
    while j < n {
        prefetch_ahead(ahead, j);
        // SAFETY: j + LANES <= w and every row holds w samples.
        let r = unsafe { load4(isa, rows, j) };
        let ro = [
            isa.srli_epi64::<32>(r[0]),
            isa.srli_epi64::<32>(r[1]),
            isa.srli_epi64::<32>(r[2]),
            isa.srli_epi64::<32>(r[3]),
        ];
        let l = join(isa, dot(isa, r, &fl, add), dot(isa, ro, &fl, add));
        let h = join(isa, dot(isa, r, &fh, add), dot(isa, ro, &fh, add));
        // SAFETY: j + LANES <= w <= lo.len(), hi.len().
        unsafe {
            isa.storeu(lo.as_mut_ptr().add(j), l);
            isa.storeu(hi.as_mut_ptr().add(j), h);
        }
        j += I::LANES;
    }
    n
}

/// The horizontal passes of the scales-1..=3 DWT over both vertical bands, scalar edges.
///
/// # Safety
/// Lengths as checked by [`super::check_dwt`].
#[inline(always)]
pub(super) unsafe fn dwt_s123_finish<I: AdmIsa>(
    _isa: I,
    lo: &[i32],
    hi: &[i32],
    w: usize,
    scale: usize,
    mut out: DwtRow<'_, i32>,
) {
    // SAFETY: the caller's checks cover the helpers' requirements.
    let end = unsafe {
        I::s123_horizontal(lo, w, scale, out.a, Some(&mut *out.v));
        I::s123_horizontal(hi, w, scale, out.h, Some(&mut *out.d))
    };
    scalar::s123_horizontal_cols(lo, hi, w, scale, 0..1, &mut out);
    scalar::s123_horizontal_cols(lo, hi, w, scale, end..w.div_ceil(2), &mut out);
}

/// [`AdmIsa::s123_horizontal`] into the `a` band only (its own entry function, so that the
/// compiler specialises it for the missing second band).
///
/// # Safety
/// As [`AdmIsa::s123_horizontal`].
#[inline(always)]
pub(super) unsafe fn s123_horizontal_lo<I: AdmIsa>(
    _isa: I,
    row: &[i32],
    w: usize,
    scale: usize,
    a: &mut [i32],
) -> usize {
    // SAFETY: the caller guarantees the method's requirements.
    unsafe { I::s123_horizontal(row, w, scale, a, None) }
}

// ---------------------------------------------------------------------------------------------
// Decoupling
// ---------------------------------------------------------------------------------------------

/// Whether the vector gain clamp is exact for `egl`: then `v = min/max(rst·egl, t)` lies
/// between 0 and `t`, so truncating it never leaves the 32-bit range. Other values (negative,
/// NaN) run the scalar kernel.
#[inline(always)]
pub(super) fn egl_vector_ok(egl: f64) -> bool {
    (0.0..=1e9).contains(&egl)
}

/// Whether `egl` is a small non-negative integer: then `rst·egl` is an exact 32-bit product and
/// the gain clamp can stay in integers at scale 0.
#[inline(always)]
pub(super) fn egl_small_int(egl: f64) -> Option<i32> {
    (egl.fract() == 0.0 && (0.0..=65535.0).contains(&egl)).then_some(egl as i32)
}

// ---------------------------------------------------------------------------------------------
// CSF
// ---------------------------------------------------------------------------------------------

/// Reduced CSF at scale 0 of columns `left .. left + LANES·k`; returns where it stopped.
///
/// # Safety
/// The band rows, `fsum` and `own` hold at least `right` samples.
#[inline(always)]
pub(super) unsafe fn csf_s0_imp<I: Isa>(
    isa: I,
    src: Hvd<'_, i16>,
    left: usize,
    right: usize,
    rfactor: [u16; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) -> usize {
    let bands = [src.h, src.v, src.d];
    /// 32-bit lanes truncated to `i16` and sign-extended back (`as i16 as i32`).
    #[inline(always)]
    fn i16w<I: Isa>(isa: I, v: I::V) -> I::V {
        isa.srai_epi32::<16>(isa.slli_epi32::<16>(v))
    }
    let rf = [
        isa.set1_epi32(rfactor[0] as i32),
        isa.set1_epi32(rfactor[1] as i32),
        isa.set1_epi32(rfactor[2] as i32),
    ];
    let add = [
        isa.set1_epi32(CSF_S0_ADD[0]),
        isa.set1_epi32(CSF_S0_ADD[1]),
        isa.set1_epi32(CSF_S0_ADD[2]),
    ];
    let k30 = isa.set1_epi32(4369);
    let r12 = isa.set1_epi32(2048);
    let mut j = left;
    while j + I::LANES <= right {
        let mut fs = isa.zero();
        let mut ow = isa.zero();
        for b in 0..3 {
            // SAFETY: j + LANES <= right <= the row's length.
            let x = unsafe { isa.load_i16_i32(bands[b].as_ptr().add(j)) };
            let v = isa.add_epi32(isa.mullo_epi32(rf[b], x), add[b]);
            let c = i16w(
                isa,
                if CSF_S0_SHIFT[b] == 15 {
                    isa.srai_epi32::<15>(v)
                } else {
                    isa.srai_epi32::<17>(v)
                },
            );
            let m = isa.mullo_epi32(isa.abs_epi32(c), k30);
            let f = i16w(isa, isa.srai_epi32::<12>(isa.add_epi32(m, r12)));
            // 8738·|c| = 2·(4369·|c|), exactly.
            let centre = i16w(
                isa,
                isa.srai_epi32::<12>(isa.add_epi32(isa.add_epi32(m, m), r12)),
            );
            fs = isa.add_epi32(fs, f);
            ow = isa.add_epi32(ow, isa.sub_epi32(centre, f));
        }
        // SAFETY: j + LANES <= right <= fsum.len(), own.len().
        unsafe {
            isa.storeu(fsum.as_mut_ptr().add(j), fs);
            isa.storeu(own.as_mut_ptr().add(j), ow);
        }
        j += I::LANES;
    }
    j
}

/// `(rf·x + 2^27) >> 28` as `i32` for the even lanes (result in the low half of each 64-bit
/// lane) of `x`, `rf` unsigned: `vpmuldq` multiplies signed, so for `rf >= 2^31` the product
/// gains `x·2^32` (mod 2^64, which the kept bits 28..59 need).
#[inline(always)]
fn csf_s123_even<I: Isa>(isa: I, x: I::V, rf: I::V, rf_big: bool) -> I::V {
    let mut p = isa.mul_epi32(x, rf);
    if rf_big {
        p = isa.add_epi64(p, isa.slli_epi64::<32>(x));
    }
    isa.srli_epi64::<28>(isa.add_epi64(p, isa.set1_epi64(1 << 27)))
}

/// The scales-1..=3 CSF `(rf·x + 2^27) >> 28` of all `LANES` natural lanes.
#[inline(always)]
fn csf_s123_vec<I: Isa>(isa: I, x: I::V, rf: I::V, rf_big: bool) -> I::V {
    let e = csf_s123_even(isa, x, rf, rf_big);
    let o = csf_s123_even(isa, isa.srli_epi64::<32>(x), rf, rf_big);
    isa.blend_odd_epi32(e, isa.slli_epi64::<32>(o))
}

/// `(k·|c| − 2^31) >> 32` as `i32` for all `LANES` natural lanes (`|c|` wrapping, as `i32`).
#[inline(always)]
fn i4_mask<I: Isa>(isa: I, ac: I::V, k: I::V) -> I::V {
    let m = isa.set1_epi64(1i64 << 31);
    let e = isa.sub_epi64(isa.mul_epi32(ac, k), m);
    let o = isa.sub_epi64(isa.mul_epi32(isa.srli_epi64::<32>(ac), k), m);
    isa.blend_odd_epi32(isa.srli_epi64::<32>(e), o)
}

/// Reduced CSF at scales 1..=3 of columns `left .. left + LANES·k`; returns where it stopped.
///
/// # Safety
/// The band rows, `fsum` and `own` hold at least `right` samples.
#[inline(always)]
pub(super) unsafe fn csf_s123_imp<I: Isa>(
    isa: I,
    src: Hvd<'_, i32>,
    left: usize,
    right: usize,
    rfactor: [u32; 3],
    fsum: &mut [i32],
    own: &mut [i32],
) -> usize {
    /// The masking weights `(f, centre)` of one band's `LANES` values from `p`.
    ///
    /// # Safety
    /// `p` is readable for a whole vector.
    #[inline(always)]
    unsafe fn band<I: Isa>(isa: I, p: *const i32, rf: I::V, big: bool, k: [I::V; 2]) -> [I::V; 2] {
        // SAFETY: the caller guarantees a readable vector.
        let x = unsafe { isa.loadu(p) };
        let ac = isa.abs_epi32(csf_s123_vec(isa, x, rf, big));
        [i4_mask(isa, ac, k[0]), i4_mask(isa, ac, k[1])]
    }
    let rf = [
        isa.set1_epi64(rfactor[0] as i32 as i64),
        isa.set1_epi64(rfactor[1] as i32 as i64),
        isa.set1_epi64(rfactor[2] as i32 as i64),
    ];
    let big = [
        rfactor[0] >= 1 << 31,
        rfactor[1] >= 1 << 31,
        rfactor[2] >= 1 << 31,
    ];
    let k = [isa.set1_epi64(143_165_577), isa.set1_epi64(286_331_153)];
    let mut j = left;
    while j + I::LANES <= right {
        // The three bands written out: the compiler keeps each band's constants in registers.
        // SAFETY: j + LANES <= right <= every row's length.
        let [fh, ch] = unsafe { band(isa, src.h.as_ptr().add(j), rf[0], big[0], k) };
        // SAFETY: as above.
        let [fv, cv] = unsafe { band(isa, src.v.as_ptr().add(j), rf[1], big[1], k) };
        // SAFETY: as above.
        let [fd, cd] = unsafe { band(isa, src.d.as_ptr().add(j), rf[2], big[2], k) };
        let fs = isa.add_epi32(isa.add_epi32(fh, fv), fd);
        let ow = isa.add_epi32(
            isa.add_epi32(isa.sub_epi32(ch, fh), isa.sub_epi32(cv, fv)),
            isa.sub_epi32(cd, fd),
        );
        // SAFETY: j + LANES <= right <= fsum.len(), own.len().
        unsafe {
            isa.storeu(fsum.as_mut_ptr().add(j), fs);
            isa.storeu(own.as_mut_ptr().add(j), ow);
        }
        j += I::LANES;
    }
    j
}

// ---------------------------------------------------------------------------------------------
// Denominator
// ---------------------------------------------------------------------------------------------

/// `Σ |x|³` over `left .. left + LANES·k` of one `i16` row; returns (sum, stop).
///
/// # Safety
/// `band` holds at least `right` samples.
#[inline(always)]
pub(super) unsafe fn den_s0_band<I: Isa>(
    isa: I,
    band: &[i16],
    left: usize,
    right: usize,
) -> (u64, usize) {
    let mut acc = isa.zero();
    let mut j = left;
    while j + I::LANES <= right {
        // SAFETY: j + LANES <= right <= band.len().
        let x = unsafe { isa.load_i16_i32(band.as_ptr().add(j)) };
        let a = isa.abs_epi32(x);
        let a2 = isa.mullo_epi32(a, a);
        acc = isa.add_epi64(acc, isa.mul_epu32(a2, a));
        acc = isa.add_epi64(
            acc,
            isa.mul_epu32(isa.srli_epi64::<32>(a2), isa.srli_epi64::<32>(a)),
        );
        j += I::LANES;
    }
    (isa.reduce_add_epi64(acc) as u64, j)
}

/// Σ of the scales-1..=3 denominator terms over `left .. left + LANES·k`; returns (sum, stop).
///
/// # Safety
/// `band` holds at least `right` samples; `1 <= cub <= 63`, `shift_sq <= 31`.
#[inline(always)]
pub(super) unsafe fn den_s123_band<I: Isa>(
    isa: I,
    band: &[i32],
    left: usize,
    right: usize,
    shift_sq: u32,
    cub: u32,
) -> (u64, usize) {
    let add_sq = isa.set1_epi64(1i64 << shift_sq);
    let sh_sq = count(shift_sq as i32);
    let add_cub = isa.set1_epi64(1i64 << (cub - 1));
    let sh_cub = count(cub as i32);
    /// The term of the (zero-extended) even 32-bit lanes of `a`.
    #[inline(always)]
    fn term<I: Isa>(isa: I, a: I::V, add: [I::V; 2], sh: [__m128i; 2]) -> I::V {
        // sq = (a² + 2^S) >> S may need 33 bits (a = 2^31): multiply both halves by a.
        let sq = isa.srl_epi64(isa.add_epi64(isa.mul_epu32(a, a), add[0]), sh[0]);
        let p = isa.add_epi64(
            isa.mul_epu32(sq, a),
            isa.slli_epi64::<32>(isa.mul_epu32(isa.srli_epi64::<32>(sq), a)),
        );
        isa.srl_epi64(isa.add_epi64(p, add[1]), sh[1])
    }
    let (add, sh) = ([add_sq, add_cub], [sh_sq, sh_cub]);
    let lo32 = isa.set1_epi64(0xffff_ffff);
    let mut acc = isa.zero();
    let mut j = left;
    while j + I::LANES <= right {
        // SAFETY: j + LANES <= right <= band.len().
        let x = unsafe { isa.loadu(band.as_ptr().add(j)) };
        // |x| as u32 (i32::MIN gives 2^31), then zero-extended per 64-bit lane.
        let a = isa.abs_epi32(x);
        acc = isa.add_epi64(acc, term(isa, isa.and(a, lo32), add, sh));
        acc = isa.add_epi64(acc, term(isa, isa.srli_epi64::<32>(a), add, sh));
        j += I::LANES;
    }
    (isa.reduce_add_epi64(acc) as u64, j)
}

// ---------------------------------------------------------------------------------------------
// Contrast masking
// ---------------------------------------------------------------------------------------------

/// The masking thresholds of `LANES` columns from `j` (all with both neighbours inside the
/// row): the 3x3 window sum of `fsum` plus `own`, 32-bit wrapping.
///
/// # Safety
/// `1 <= j` and `j + LANES + 1 <= len` of all four rows.
#[inline(always)]
unsafe fn thr<I: Isa>(isa: I, fsum: [&[i32]; 3], own: &[i32], j: usize) -> I::V {
    // SAFETY: the caller guarantees j - 1 .. j + LANES + 1 lies inside every row.
    unsafe {
        let mut t = isa.loadu(own.as_ptr().add(j));
        let mut cols = [isa.zero(); 3];
        for (o, col) in cols.iter_mut().enumerate() {
            let p = j + o - 1;
            *col = isa.add_epi32(
                isa.add_epi32(
                    isa.loadu(fsum[0].as_ptr().add(p)),
                    isa.loadu(fsum[1].as_ptr().add(p)),
                ),
                isa.loadu(fsum[2].as_ptr().add(p)),
            );
        }
        t = isa.add_epi32(cols[2], t);
        isa.add_epi32(isa.add_epi32(cols[0], cols[1]), t)
    }
}

/// The columns of `left..right` whose masking window lies inside the row: `max(left, 1) ..
/// min(right, w - 1)`, as a start and a count of whole `block`-column blocks.
#[inline(always)]
pub(super) fn cm_inner(left: usize, right: usize, w: usize, block: usize) -> (usize, usize) {
    let start = left.max(1);
    let end = right.min(w.saturating_sub(1));
    (start, end.saturating_sub(start) / block)
}

/// One masking term per 64-bit lane (even lanes of `x`, threshold already subtracted), with
/// `add = [add_sq, add_cub]`, `sh = [sh_sq, cub]`: `x² = (x² + add_sq) >> sh_sq` as `i32`,
/// `(x²·x + add_cub) >> cub`.
#[inline(always)]
fn cm_term<I: Isa>(isa: I, x: I::V, add: [I::V; 2], sh: [__m128i; 2]) -> I::V {
    let x2 = isa.srl_epi64(isa.add_epi64(isa.mul_epu32(x, x), add[0]), sh[0]);
    isa.sra_epi64(isa.add_epi64(isa.mul_epi32(x2, x), add[1]), sh[1])
}

/// Masking row sums at scale 0 over `nblk` blocks of `LANES` columns from `start`.
///
/// # Safety
/// `1 <= start`, `start + LANES·nblk + 1 <= w` and all rows hold `w` samples;
/// `1 <= cub_hv, cub_d <= 63`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) unsafe fn cm_s0_imp<I: Isa>(
    isa: I,
    x: Hvd<'_, i16>,
    fsum: [&[i32]; 3],
    own: &[i32],
    start: usize,
    nblk: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let bands = [x.h, x.v, x.d];
    let rf = [
        isa.set1_epi32(rfactor[0] as i32),
        isa.set1_epi32(rfactor[1] as i32),
        isa.set1_epi32(rfactor[2] as i32),
    ];
    let add_sq = [
        isa.set1_epi64(1 << 28),
        isa.set1_epi64(1 << 28),
        isa.set1_epi64(1 << 29),
    ];
    let sh_sq = [29, 29, 30].map(count);
    let cubs = [shifts.cub_hv, shifts.cub_hv, shifts.cub_d];
    let add_cub = [
        isa.set1_epi64(1i64 << (cubs[0] - 1)),
        isa.set1_epi64(1i64 << (cubs[1] - 1)),
        isa.set1_epi64(1i64 << (cubs[2] - 1)),
    ];
    let sh_cub = cubs.map(|c| count(c as i32));
    let zero = isa.zero();
    let mut acc = [zero; 3];
    for blk in 0..nblk {
        let j = start + I::LANES * blk;
        // SAFETY: 1 <= j and j + LANES + 1 <= w.
        let thr = unsafe { thr(isa, fsum, own, j) };
        let sub = [
            isa.slli_epi32::<10>(thr),
            isa.slli_epi32::<10>(thr),
            isa.slli_epi32::<12>(thr),
        ];
        for b in 0..3 {
            // SAFETY: j + LANES <= w <= the row's length.
            let v = unsafe { isa.load_i16_i32(bands[b].as_ptr().add(j)) };
            let xv = isa.max_epi32(
                isa.sub_epi32(isa.abs_epi32(isa.mullo_epi32(v, rf[b])), sub[b]),
                zero,
            );
            let (a, s) = ([add_sq[b], add_cub[b]], [sh_sq[b], sh_cub[b]]);
            let t = isa.add_epi64(
                cm_term(isa, xv, a, s),
                cm_term(isa, isa.srli_epi64::<32>(xv), a, s),
            );
            acc[b] = isa.add_epi64(acc[b], t);
        }
    }
    [
        isa.reduce_add_epi64(acc[0]),
        isa.reduce_add_epi64(acc[1]),
        isa.reduce_add_epi64(acc[2]),
    ]
}

/// Masking row sums at scales 1..=3 over `nblk` blocks of `LANES` columns from `start`.
///
/// # Safety
/// As [`cm_s0_imp`].
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) unsafe fn cm_s123_imp<I: Isa>(
    isa: I,
    x: Hvd<'_, i32>,
    fsum: [&[i32]; 3],
    own: &[i32],
    start: usize,
    nblk: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
) -> [i64; 3] {
    let bands = [x.h, x.v, x.d];
    let rf = [
        isa.set1_epi64(rfactor[0] as i32 as i64),
        isa.set1_epi64(rfactor[1] as i32 as i64),
        isa.set1_epi64(rfactor[2] as i32 as i64),
    ];
    let big = [
        rfactor[0] >= 1 << 31,
        rfactor[1] >= 1 << 31,
        rfactor[2] >= 1 << 31,
    ];
    let add = [
        isa.set1_epi64(1 << 29),
        isa.set1_epi64(1i64 << (shifts.cub_hv - 1)),
    ];
    let sh = [count(30), count(shifts.cub_hv as i32)];
    /// The masking term of the even lanes of `v` (its CSF, less the threshold).
    #[inline(always)]
    fn half<I: Isa>(
        isa: I,
        v: I::V,
        thr: I::V,
        rf: I::V,
        big: bool,
        add: [I::V; 2],
        sh: [__m128i; 2],
    ) -> I::V {
        let c = csf_s123_even(isa, v, rf, big);
        let xv = isa.max_epi32(isa.sub_epi32(isa.abs_epi32(c), thr), isa.zero());
        cm_term(isa, xv, add, sh)
    }
    let zero = isa.zero();
    let mut acc = [zero; 3];
    for blk in 0..nblk {
        let j = start + I::LANES * blk;
        // SAFETY: 1 <= j and j + LANES + 1 <= w.
        let thr = unsafe { thr(isa, fsum, own, j) };
        let thr_o = isa.srli_epi64::<32>(thr);
        for b in 0..3 {
            // SAFETY: j + LANES <= w <= the row's length.
            let v = unsafe { isa.loadu(bands[b].as_ptr().add(j)) };
            // Even and odd pixels stay in the low halves of the 64-bit lanes; the sums do not
            // care about the order.
            let (even, odd) = (v, isa.srli_epi64::<32>(v));
            let t = isa.add_epi64(
                half(isa, even, thr, rf[b], big[b], add, sh),
                half(isa, odd, thr_o, rf[b], big[b], add, sh),
            );
            acc[b] = isa.add_epi64(acc[b], t);
        }
    }
    [
        isa.reduce_add_epi64(acc[0]),
        isa.reduce_add_epi64(acc[1]),
        isa.reduce_add_epi64(acc[2]),
    ]
}

// ---------------------------------------------------------------------------------------------
// One level's kernels
// ---------------------------------------------------------------------------------------------

/// Stamps out `#[target_feature(enable = $features)]` entry functions for level `$isa`: each
/// makes the level's token and runs the shared body of the same name with it. Entry functions
/// may only be called where the CPU supports the level, with the body's requirements met.
macro_rules! entries {
    ($isa:ident, $features:literal; $(
        $(#[$attr:meta])*
        fn $name:ident $(<$t:ident: $bound:path>)? ($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)?;
    )*) => {$(
        $(#[$attr])*
        #[target_feature(enable = $features)]
        unsafe fn $name $(<$t: $bound>)? ($($arg: $ty),*) $(-> $ret)? {
            // SAFETY: only called from this level's wrappers, which are reachable only through
            // the level's table (handed out only where the CPU supports the level) and check
            // the body's requirements first.
            unsafe { $crate::adm::x86::$name($crate::isa::$isa::new(), $($arg),*) }
        }
    )*};
}
pub(super) use entries;

/// Defines, in the invoking module, the kernels of [`super::AdmKernels`] for level
/// `CpuLevel::$isa` (`dwt_s0_8`, …, `cm_s123`: safe wrappers that check the slice lengths and
/// run the scalar edges) and the `#[target_feature(enable = $features)]` entry functions that
/// instantiate the shared bodies above with the token `crate::isa::$isa`, which must implement
/// [`AdmIsa`] for those features. The wrappers must only be stored in the level's table, handed
/// out only when the level is supported.
macro_rules! level_module {
    ($isa:ident, $features:literal) => {
        /// The level's token type.
        type Level = $crate::isa::$isa;

        $crate::adm::x86::entries! { $isa, $features;
            fn dwt_s0_imp<T: $crate::adm::x86::S0Src>(
                rows: [&[T]; 4], ahead: [&[T]; 2], shift: u32, block: usize, tmp: &mut [i16],
                out: $crate::adm::DwtRow<'_, i16>);
            #[allow(clippy::too_many_arguments)]
            fn dwt_s0_lo_imp<T: $crate::adm::x86::S0Src>(
                rows: [&[T]; 4], ahead: [&[T]; 2], shift: u32, block: usize, last_col: bool,
                tmp: &mut [i16], a: &mut [i16]);
            fn s1_vertical(
                rows: [&[i16]; 4], ahead: [&[i16]; 2], w: usize, lo: &mut [i32], hi: &mut [i32])
                -> usize;
            fn s23_vertical(
                rows: [&[i32]; 4], ahead: [&[i32]; 2], scale: usize, w: usize, lo: &mut [i32],
                hi: &mut [i32]) -> usize;
            fn dwt_s123_finish(
                lo: &[i32], hi: &[i32], w: usize, scale: usize, out: $crate::adm::DwtRow<'_, i32>);
            fn s123_horizontal_lo(row: &[i32], w: usize, scale: usize, a: &mut [i32]) -> usize;
            fn csf_s0_imp(
                src: $crate::adm::Hvd<'_, i16>, left: usize, right: usize, rfactor: [u16; 3],
                fsum: &mut [i32], own: &mut [i32]) -> usize;
            fn csf_s123_imp(
                src: $crate::adm::Hvd<'_, i32>, left: usize, right: usize, rfactor: [u32; 3],
                fsum: &mut [i32], own: &mut [i32]) -> usize;
            fn den_s0_band(band: &[i16], left: usize, right: usize) -> (u64, usize);
            fn den_s123_band(band: &[i32], left: usize, right: usize, shift_sq: u32, cub: u32)
                -> (u64, usize);
            #[allow(clippy::too_many_arguments)]
            fn cm_s0_imp(
                x: $crate::adm::Hvd<'_, i16>, fsum: [&[i32]; 3], own: &[i32], start: usize,
                nblk: usize, rfactor: [u16; 3], shifts: $crate::adm::CmShifts) -> [i64; 3];
            #[allow(clippy::too_many_arguments)]
            fn cm_s123_imp(
                x: $crate::adm::Hvd<'_, i32>, fsum: [&[i32]; 3], own: &[i32], start: usize,
                nblk: usize, rfactor: [u32; 3], shifts: $crate::adm::CmShifts) -> [i64; 3];
        }

        // The table's kernels. SAFETY of every call below: these functions are only reachable
        // through this level's table, which `for_level` builds only when the CPU supports the
        // level; the lengths (and shifts) the entry functions rely on are checked first.

        pub(super) fn dwt_s0_8(
            rows: [&[u8]; 4],
            ahead: [&[u8]; 2],
            tmp: &mut [i16],
            out: $crate::adm::DwtRow<'_, i16>,
        ) {
            use $crate::adm::{check_dwt, scalar::AVX512_S0_BLOCK_8};
            check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
            // SAFETY: see above.
            unsafe { dwt_s0_imp(rows, ahead, 8, AVX512_S0_BLOCK_8, tmp, out) }
        }

        pub(super) fn dwt_s0_16(
            rows: [&[u16]; 4],
            ahead: [&[u16]; 2],
            bpc: u32,
            tmp: &mut [i16],
            out: $crate::adm::DwtRow<'_, i16>,
        ) {
            use $crate::adm::{check_bpc, check_dwt, scalar::AVX512_S0_BLOCK_16};
            check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
            check_bpc(bpc);
            // SAFETY: see above.
            unsafe { dwt_s0_imp(rows, ahead, bpc, AVX512_S0_BLOCK_16, tmp, out) }
        }

        pub(super) fn dwt_s0_lo_8(
            rows: [&[u8]; 4],
            ahead: [&[u8]; 2],
            last_col: bool,
            tmp: &mut [i16],
            a: &mut [i16],
        ) {
            use $crate::adm::{check_dwt, scalar::AVX512_S0_BLOCK_8};
            check_dwt(&rows, tmp.len(), 2, &[&*a]);
            // SAFETY: see above.
            unsafe { dwt_s0_lo_imp(rows, ahead, 8, AVX512_S0_BLOCK_8, last_col, tmp, a) }
        }

        pub(super) fn dwt_s0_lo_16(
            rows: [&[u16]; 4],
            ahead: [&[u16]; 2],
            bpc: u32,
            last_col: bool,
            tmp: &mut [i16],
            a: &mut [i16],
        ) {
            use $crate::adm::{check_bpc, check_dwt, scalar::AVX512_S0_BLOCK_16};
            check_dwt(&rows, tmp.len(), 2, &[&*a]);
            check_bpc(bpc);
            // SAFETY: see above.
            unsafe { dwt_s0_lo_imp(rows, ahead, bpc, AVX512_S0_BLOCK_16, last_col, tmp, a) }
        }

        pub(super) fn dwt_s1(
            rows: [&[i16]; 4],
            ahead: [&[i16]; 2],
            tmp: &mut [i32],
            out: $crate::adm::DwtRow<'_, i32>,
        ) {
            use $crate::adm::{check_dwt, scalar};
            check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
            let w = rows[0].len();
            let (lo, rest) = tmp.split_at_mut(w);
            let hi = &mut rest[..w];
            // SAFETY: see above.
            let done = unsafe { s1_vertical(rows, ahead, w, lo, hi) };
            scalar::s123_vertical(rows, 1, done..w, lo, hi);
            // SAFETY: see above.
            unsafe { dwt_s123_finish(lo, hi, w, 1, out) }
        }

        pub(super) fn dwt_s23(
            rows: [&[i32]; 4],
            ahead: [&[i32]; 2],
            scale: usize,
            tmp: &mut [i32],
            out: $crate::adm::DwtRow<'_, i32>,
        ) {
            use $crate::adm::{check_dwt, scalar};
            check_dwt(&rows, tmp.len(), 2, &[&*out.a, &*out.h, &*out.v, &*out.d]);
            assert!(
                (2..=3).contains(&scale),
                "ADM scale {scale} (expected 2 or 3)"
            );
            let w = rows[0].len();
            let (lo, rest) = tmp.split_at_mut(w);
            let hi = &mut rest[..w];
            // SAFETY: see above.
            let done = unsafe { s23_vertical(rows, ahead, scale, w, lo, hi) };
            scalar::s123_vertical(rows, scale, done..w, lo, hi);
            // SAFETY: see above.
            unsafe { dwt_s123_finish(lo, hi, w, scale, out) }
        }

        pub(super) fn dwt_s1_lo(
            rows: [&[i16]; 4],
            ahead: [&[i16]; 2],
            tmp: &mut [i32],
            a: &mut [i32],
        ) {
            use $crate::adm::{check_dwt, scalar};
            check_dwt(&rows, tmp.len(), 2, &[&*a]);
            let w = rows[0].len();
            let (lo, rest) = tmp.split_at_mut(w);
            let hi = &mut rest[..w];
            // SAFETY: see above.
            let done = unsafe { s1_vertical(rows, ahead, w, lo, hi) };
            scalar::s123_vertical_lo(rows, 1, done..w, lo);
            // SAFETY: see above.
            let end = unsafe { s123_horizontal_lo(lo, w, 1, a) };
            scalar::s123_horizontal_lo_cols(lo, w, 1, 0..1, a);
            scalar::s123_horizontal_lo_cols(lo, w, 1, end..w.div_ceil(2), a);
        }

        pub(super) fn dwt_s23_lo(
            rows: [&[i32]; 4],
            ahead: [&[i32]; 2],
            scale: usize,
            tmp: &mut [i32],
            a: &mut [i32],
        ) {
            use $crate::adm::{check_dwt, scalar};
            check_dwt(&rows, tmp.len(), 2, &[&*a]);
            assert!(
                (2..=3).contains(&scale),
                "ADM scale {scale} (expected 2 or 3)"
            );
            let w = rows[0].len();
            let (lo, rest) = tmp.split_at_mut(w);
            let hi = &mut rest[..w];
            // SAFETY: see above.
            let done = unsafe { s23_vertical(rows, ahead, scale, w, lo, hi) };
            scalar::s123_vertical_lo(rows, scale, done..w, lo);
            // SAFETY: see above.
            let end = unsafe { s123_horizontal_lo(lo, w, scale, a) };
            scalar::s123_horizontal_lo_cols(lo, w, scale, 0..1, a);
            scalar::s123_horizontal_lo_cols(lo, w, scale, end..w.div_ceil(2), a);
        }

        pub(super) fn decouple_s0(
            rf: $crate::adm::Hvd<'_, i16>,
            dis: $crate::adm::Hvd<'_, i16>,
            left: usize,
            right: usize,
            egl: f64,
            mut r: $crate::adm::HvdMut<'_, i16>,
            mut a: $crate::adm::HvdMut<'_, i16>,
        ) {
            use $crate::adm::x86::{AdmIsa, egl_small_int, egl_vector_ok};
            use $crate::adm::{check_band_rows, scalar};
            check_band_rows(left, right, &[rf.h, rf.v, rf.d, dis.h, dis.v, dis.d]);
            check_band_rows(left, right, &[&*r.h, &*r.v, &*r.d, &*a.h, &*a.v, &*a.d]);
            if !egl_vector_ok(egl) {
                return scalar::decouple_s0(rf, dis, left, right, egl, r, a);
            }
            // SAFETY: see above (and `egl` checked).
            let done = unsafe {
                match egl_small_int(egl) {
                    Some(e) => <Level as AdmIsa>::decouple_s0_imp::<true>(
                        rf, dis, left, right, egl, e, &mut r, &mut a,
                    ),
                    None => <Level as AdmIsa>::decouple_s0_imp::<false>(
                        rf, dis, left, right, egl, 0, &mut r, &mut a,
                    ),
                }
            };
            scalar::decouple_s0(rf, dis, done, right, egl, r, a);
        }

        pub(super) fn decouple_s123(
            rf: $crate::adm::Hvd<'_, i32>,
            dis: $crate::adm::Hvd<'_, i32>,
            left: usize,
            right: usize,
            egl: f64,
            mut r: $crate::adm::HvdMut<'_, i32>,
            mut a: $crate::adm::HvdMut<'_, i32>,
        ) {
            use $crate::adm::x86::{AdmIsa, egl_vector_ok};
            use $crate::adm::{check_band_rows, scalar};
            check_band_rows(left, right, &[rf.h, rf.v, rf.d, dis.h, dis.v, dis.d]);
            check_band_rows(left, right, &[&*r.h, &*r.v, &*r.d, &*a.h, &*a.v, &*a.d]);
            if !egl_vector_ok(egl) {
                return scalar::decouple_s123(rf, dis, left, right, egl, r, a);
            }
            // SAFETY: see above (and `egl` checked).
            let done = unsafe {
                <Level as AdmIsa>::decouple_s123_imp(rf, dis, left, right, egl, &mut r, &mut a)
            };
            scalar::decouple_s123(rf, dis, done, right, egl, r, a);
        }

        pub(super) fn csf_s0(
            src: $crate::adm::Hvd<'_, i16>,
            left: usize,
            right: usize,
            rfactor: [u16; 3],
            fsum: &mut [i32],
            own: &mut [i32],
        ) {
            use $crate::adm::{check_band_rows, scalar};
            check_band_rows(left, right, &[src.h, src.v, src.d]);
            check_band_rows(left, right, &[&*fsum, &*own]);
            // SAFETY: see above.
            let done = unsafe { csf_s0_imp(src, left, right, rfactor, fsum, own) };
            scalar::csf_s0(src, done, right, rfactor, fsum, own);
        }

        pub(super) fn csf_s123(
            src: $crate::adm::Hvd<'_, i32>,
            left: usize,
            right: usize,
            rfactor: [u32; 3],
            fsum: &mut [i32],
            own: &mut [i32],
        ) {
            use $crate::adm::{check_band_rows, scalar};
            check_band_rows(left, right, &[src.h, src.v, src.d]);
            check_band_rows(left, right, &[&*fsum, &*own]);
            // SAFETY: see above.
            let done = unsafe { csf_s123_imp(src, left, right, rfactor, fsum, own) };
            scalar::csf_s123(src, done, right, rfactor, fsum, own);
        }

        pub(super) fn den_s0(
            src: $crate::adm::Hvd<'_, i16>,
            left: usize,
            right: usize,
        ) -> [u64; 3] {
            use $crate::adm::{Hvd, check_band_rows, scalar};
            check_band_rows(left, right, &[src.h, src.v, src.d]);
            [src.h, src.v, src.d].map(|band| {
                // SAFETY: see above.
                let (s, done) = unsafe { den_s0_band(band, left, right) };
                let b = Hvd {
                    h: band,
                    v: band,
                    d: band,
                };
                s.wrapping_add(scalar::den_s0(b, done, right)[0])
            })
        }

        pub(super) fn den_s123(
            src: $crate::adm::Hvd<'_, i32>,
            left: usize,
            right: usize,
            scale: usize,
            cub_shift: u32,
        ) -> [u64; 3] {
            use $crate::adm::scalar::{self, DEN_S123_SHIFT_SQ};
            use $crate::adm::{Hvd, check_band_rows};
            check_band_rows(left, right, &[src.h, src.v, src.d]);
            assert!(
                (1..=3).contains(&scale),
                "ADM scale {scale} (expected 1..=3)"
            );
            assert!((1..=63).contains(&cub_shift), "ADM cube shift {cub_shift}");
            let shift_sq = DEN_S123_SHIFT_SQ[scale - 1];
            [src.h, src.v, src.d].map(|band| {
                // SAFETY: see above.
                let (s, done) = unsafe { den_s123_band(band, left, right, shift_sq, cub_shift) };
                let b = Hvd {
                    h: band,
                    v: band,
                    d: band,
                };
                s.wrapping_add(scalar::den_s123(b, done, right, scale, cub_shift)[0])
            })
        }

        #[allow(clippy::too_many_arguments)]
        pub(super) fn cm_s0(
            x: $crate::adm::Hvd<'_, i16>,
            fsum: [&[i32]; 3],
            own: &[i32],
            w: usize,
            left: usize,
            right: usize,
            rfactor: [u16; 3],
            shifts: $crate::adm::CmShifts,
        ) -> [i64; 3] {
            use $crate::adm::{check_cm, scalar, x86::cm_inner};
            use $crate::isa::Isa;
            check_cm(&[x.h, x.v, x.d], fsum, own, w, left, right);
            assert!(
                (1..=63).contains(&shifts.cub_hv) && (1..=63).contains(&shifts.cub_d),
                "ADM cube shifts {shifts:?}"
            );
            let lanes = <Level as Isa>::LANES;
            let (start, nblk) = cm_inner(left, right, w, lanes);
            // SAFETY: see above; `cm_inner` keeps the blocks inside 1 .. w - 1.
            let v = unsafe { cm_s0_imp(x, fsum, own, start, nblk, rfactor, shifts) };
            let end = start + lanes * nblk;
            let a = scalar::cm_s0(x, fsum, own, w, left, start.min(right), rfactor, shifts);
            let b = scalar::cm_s0(x, fsum, own, w, end.max(left), right, rfactor, shifts);
            [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
        }

        #[allow(clippy::too_many_arguments)]
        pub(super) fn cm_s123(
            x: $crate::adm::Hvd<'_, i32>,
            fsum: [&[i32]; 3],
            own: &[i32],
            w: usize,
            left: usize,
            right: usize,
            rfactor: [u32; 3],
            shifts: $crate::adm::CmShifts,
        ) -> [i64; 3] {
            use $crate::adm::{check_cm, scalar, x86::cm_inner};
            use $crate::isa::Isa;
            check_cm(&[x.h, x.v, x.d], fsum, own, w, left, right);
            assert!(
                (1..=63).contains(&shifts.cub_hv),
                "ADM cube shift {shifts:?}"
            );
            let lanes = <Level as Isa>::LANES;
            let (start, nblk) = cm_inner(left, right, w, lanes);
            // SAFETY: see above; `cm_inner` keeps the blocks inside 1 .. w - 1.
            let v = unsafe { cm_s123_imp(x, fsum, own, start, nblk, rfactor, shifts) };
            let end = start + lanes * nblk;
            let a = scalar::cm_s123(x, fsum, own, w, left, start.min(right), rfactor, shifts);
            let b = scalar::cm_s123(x, fsum, own, w, end.max(left), right, rfactor, shifts);
            [0, 1, 2].map(|k| v[k].wrapping_add(a[k]).wrapping_add(b[k]))
        }
    };
}
pub(super) use level_module;
