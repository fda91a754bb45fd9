//! aarch64 NEON twins of the CAMBI kernels, bit-identical to [`super::scalar`].
//!
//! - Conversion to 10 bit (same-size resampling): widening shifts (`vshlq_u16`) or rounding
//!   right shifts (`vrshlq_u16`, exact: the rounding addition is done with extra precision) on 8
//!   or 16 samples per step. Resampling to another size walks libvmaf's `f32` positions one by one
//!   and stays the scalar loop.
//! - Anti-dithering: 8 outputs per step in place (`vaddl_u16`, `vshrn_n_u32`; the last row with
//!   the halving add `vhaddq_u16`), each step reading its inputs before writing.
//! - Spatial mask: derivative flags from `vceqq_u16`, the running column sums and the window
//!   sums of 16 columns per step in bytes (every count is at most 15·15 = 225).
//! - Decimation: `vld2q_u16` / `vld2q_u8` de-interleave a row and keep its even samples.
//! - Mode filter: [`super::scalar::mode3`] as lane selects (`vceqq_u16`, `vbslq_u16`), 8
//!   samples per step, horizontally and vertically.
//! - C-values: the bit-mask pass shared with the x86 twins (`x86.rs`, architecture-neutral) over
//!   the NEON [`Scan`] primitives below (64 columns per chunk).
//! - Top-k pooling: the scalar quick-select (sequential, as on x86).
//!
//! Reachable only through [`TABLE`], which [`super::CambiKernels::for_level`] returns only when
//! [`CpuLevel::Neon`] is supported.

use core::arch::aarch64::*;

use super::x86::{self, CambiIsa as Scan, run_count};
use super::{
    CValueParams, CValueStats, CambiKernels, Geom, MAX_MASK_FILTER_SIZE, MaskScratch, scalar,
};
use crate::cpu::CpuLevel;

/// The NEON table. Callers must have checked that [`CpuLevel::Neon`] is supported.
pub(super) const TABLE: CambiKernels = CambiKernels {
    level: CpuLevel::Neon,
    resample_u8,
    resample_u16,
    anti_dither,
    resample_u8_anti_dither,
    spatial_mask,
    decimate,
    decimate_mask,
    filter_mode,
    c_values,
    pool_topk: scalar::pool_topk,
};

/// Panics unless `len` samples hold the plane `g` (rows `stride >= width` apart).
fn check_plane(len: usize, g: Geom, what: &str) {
    assert!(
        g.height == 0 || g.width == 0 || (g.stride >= g.width && len >= g.min_len()),
        "CAMBI {what} plane of {len} samples does not hold {g:?}"
    );
}

// ------------------------------------------------------------------------------------------
// Preprocessing
// ------------------------------------------------------------------------------------------

fn resample_u8(src: &[u8], sg: Geom, bit_depth: u32, dst: &mut [u16], dg: Geom) {
    if sg.width != dg.width || sg.height != dg.height {
        return scalar::resample_u8_to_10b(src, sg, bit_depth, dst, dg);
    }
    check_plane(src.len(), sg, "source");
    check_plane(dst.len(), dg, "work");
    let shift = 10 - bit_depth;
    for i in 0..dg.height {
        let s = &src[i * sg.stride..][..sg.width];
        let d = &mut dst[i * dg.stride..][..dg.width];
        // SAFETY: only reachable through `TABLE` (NEON supported); `s` and `d` are rows of one
        // width.
        unsafe { convert_u8_row(s, shift, d) };
    }
}

/// `d[j] = s[j] << shift` (as `u16`) for `j < d.len()`.
///
/// # Safety
/// NEON is supported; `s.len() >= d.len()`.
#[target_feature(enable = "neon")]
unsafe fn convert_u8_row(s: &[u8], shift: u32, d: &mut [u16]) {
    let w = d.len();
    debug_assert!(s.len() >= w);
    let sh = vdupq_n_s16(shift as i16);
    let mut j = 0;
    while j + 8 <= w {
        // SAFETY: j + 8 <= w <= both lengths.
        unsafe {
            let v = vmovl_u8(vld1_u8(s.as_ptr().add(j)));
            vst1q_u16(d.as_mut_ptr().add(j), vshlq_u16(v, sh));
        }
        j += 8;
    }
    for (d, &s) in d[j..].iter_mut().zip(&s[j..w]) {
        *d = u16::from(s) << shift;
    }
}

fn resample_u16(src: &[u16], sg: Geom, bit_depth: u32, dst: &mut [u16], dg: Geom) {
    if sg.width != dg.width || sg.height != dg.height || !(9..=16).contains(&bit_depth) {
        return scalar::resample_u16_to_10b(src, sg, bit_depth, dst, dg);
    }
    check_plane(src.len(), sg, "source");
    check_plane(dst.len(), dg, "work");
    for i in 0..dg.height {
        let s = &src[i * sg.stride..][..sg.width];
        let d = &mut dst[i * dg.stride..][..dg.width];
        // SAFETY: only reachable through `TABLE` (NEON supported); rows of one width;
        // 9 <= bit_depth <= 16.
        unsafe { convert_u16_row(s, bit_depth, d) };
    }
}

/// One row of [`scalar::resample_u16_to_10b`] at the same size: `v << 1` for 9 bits, else
/// `(v + 2^(s-1)) >> s` with `s = bit_depth - 10`.
///
/// # Safety
/// NEON is supported; `s.len() >= d.len()`; `9 <= bit_depth <= 16`.
#[target_feature(enable = "neon")]
unsafe fn convert_u16_row(s: &[u16], bit_depth: u32, d: &mut [u16]) {
    let w = d.len();
    debug_assert!(s.len() >= w);
    // 9 bits: a left shift by 1 (wrapping, as `u16 << 1`); else a rounding right shift, whose
    // addition NEON performs without overflow, as the scalar code does in u32.
    let sh = vdupq_n_s16(if bit_depth == 9 {
        1
    } else {
        10 - bit_depth as i16
    });
    let mut j = 0;
    while j + 8 <= w {
        // SAFETY: j + 8 <= w <= both lengths.
        unsafe {
            let v = vld1q_u16(s.as_ptr().add(j));
            let r = if bit_depth == 9 {
                vshlq_u16(v, sh)
            } else {
                vrshlq_u16(v, sh)
            };
            vst1q_u16(d.as_mut_ptr().add(j), r);
        }
        j += 8;
    }
    for (d, &v) in d[j..].iter_mut().zip(&s[j..w]) {
        *d = if bit_depth == 9 {
            v << 1
        } else {
            let shift = bit_depth - 10;
            let round = if shift == 0 { 0 } else { 1u32 << (shift - 1) };
            ((u32::from(v) + round) >> shift) as u16
        };
    }
}

/// One row of [`scalar::anti_dither`]: with the (unfiltered) next row `below`, the floor of the
/// mean of each 2x2 block to the lower right, the last pixel the mean of its vertical pair;
/// without, the mean of each horizontal pair, the last pixel kept.
///
/// # Safety
/// NEON is supported; `below` (if any) holds at least `cur.len()` samples.
#[target_feature(enable = "neon")]
unsafe fn anti_dither_row(cur: &mut [u16], below: Option<&[u16]>) {
    let w = cur.len();
    if w == 0 {
        return;
    }
    let c = cur.as_mut_ptr();
    let mut j = 0;
    match below {
        Some(below) => {
            debug_assert!(below.len() >= w);
            let b = below.as_ptr();
            while j + 8 < w {
                // SAFETY: reads end at j + 8 <= w - 1; the store covers j..j + 8 after its
                // loads, and later steps read only from j + 8 on.
                unsafe {
                    let c0 = vld1q_u16(c.add(j));
                    let c1 = vld1q_u16(c.add(j + 1));
                    let b0 = vld1q_u16(b.add(j));
                    let b1 = vld1q_u16(b.add(j + 1));
                    let lo = vaddq_u32(
                        vaddl_u16(vget_low_u16(c0), vget_low_u16(c1)),
                        vaddl_u16(vget_low_u16(b0), vget_low_u16(b1)),
                    );
                    let hi = vaddq_u32(vaddl_high_u16(c0, c1), vaddl_high_u16(b0, b1));
                    vst1q_u16(
                        c.add(j),
                        vcombine_u16(vshrn_n_u32::<2>(lo), vshrn_n_u32::<2>(hi)),
                    );
                }
                j += 8;
            }
            for j in j..w - 1 {
                let sum = u32::from(cur[j])
                    + u32::from(cur[j + 1])
                    + u32::from(below[j])
                    + u32::from(below[j + 1]);
                cur[j] = (sum >> 2) as u16;
            }
            cur[w - 1] = ((u32::from(cur[w - 1]) + u32::from(below[w - 1])) >> 1) as u16;
        }
        None => {
            while j + 8 < w {
                // SAFETY: as above.
                unsafe {
                    let c0 = vld1q_u16(c.add(j));
                    let c1 = vld1q_u16(c.add(j + 1));
                    vst1q_u16(c.add(j), vhaddq_u16(c0, c1));
                }
                j += 8;
            }
            for j in j..w - 1 {
                cur[j] = ((u32::from(cur[j]) + u32::from(cur[j + 1])) >> 1) as u16;
            }
        }
    }
}

/// [`scalar::anti_dither`] with NEON rows.
///
/// # Safety
/// NEON is supported; `data` holds `g` (checked by the caller).
#[target_feature(enable = "neon")]
unsafe fn anti_dither_impl(data: &mut [u16], g: Geom) {
    let (w, h, s) = (g.width, g.height, g.stride);
    for i in 0..h {
        if i + 1 < h {
            let (top, bottom) = data.split_at_mut((i + 1) * s);
            // SAFETY: NEON supported; `bottom` holds row i + 1 (w samples).
            unsafe { anti_dither_row(&mut top[i * s..][..w], Some(&bottom[..w])) };
        } else {
            // SAFETY: NEON supported.
            unsafe { anti_dither_row(&mut data[i * s..][..w], None) };
        }
    }
}

fn anti_dither(data: &mut [u16], g: Geom) {
    check_plane(data.len(), g, "work");
    // SAFETY: only reachable through `TABLE` (NEON supported); the plane was checked.
    unsafe { anti_dither_impl(data, g) }
}

fn resample_u8_anti_dither(src: &[u8], sg: Geom, bit_depth: u32, dst: &mut [u16], dg: Geom) {
    if sg.width != dg.width || sg.height != dg.height {
        scalar::resample_u8_to_10b(src, sg, bit_depth, dst, dg);
        return anti_dither(dst, dg);
    }
    check_plane(src.len(), sg, "source");
    check_plane(dst.len(), dg, "work");
    let shift = 10 - bit_depth;
    let (w, h, s) = (dg.width, dg.height, dg.stride);
    if h == 0 {
        return;
    }
    // Row i + 1 is converted, then row i filtered (as the scalar kernel).
    // SAFETY: only reachable through `TABLE` (NEON supported); every row is a slice of `w`
    // samples (also in the blocks below).
    unsafe { convert_u8_row(&src[..w], shift, &mut dst[..w]) };
    for i in 0..h {
        if i + 1 < h {
            let (top, bottom) = dst.split_at_mut((i + 1) * s);
            // SAFETY: see above.
            unsafe {
                convert_u8_row(&src[(i + 1) * sg.stride..][..w], shift, &mut bottom[..w]);
                anti_dither_row(&mut top[i * s..][..w], Some(&bottom[..w]));
            }
        } else {
            // SAFETY: see above.
            unsafe { anti_dither_row(&mut dst[i * s..][..w], None) };
        }
    }
}

// ------------------------------------------------------------------------------------------
// Spatial mask
// ------------------------------------------------------------------------------------------

fn spatial_mask(
    image: &[u16],
    g: Geom,
    filter_size: usize,
    threshold: u32,
    mask: &mut [u8],
    scratch: &mut MaskScratch<'_>,
) {
    if g.width == 0 || filter_size.is_multiple_of(2) || filter_size > MAX_MASK_FILTER_SIZE {
        return scalar::spatial_mask(image, g, filter_size, threshold, mask, scratch);
    }
    check_plane(image.len(), g, "image");
    check_plane(mask.len(), g, "mask");
    let pad = filter_size / 2;
    assert!(
        scratch.derivative_rows.len() >= filter_size * g.width
            && scratch.column_sums.len() >= g.width + 2 * pad,
        "CAMBI mask scratch too short"
    );
    // SAFETY: only reachable through `TABLE` (NEON supported); planes and scratch checked.
    unsafe { spatial_mask_impl(image, g, filter_size, threshold, mask, scratch) }
}

/// Zero-derivative flags of a row (see the scalar `derivative_row`): 1 where the pixel equals
/// its right neighbour (or is in the last column) and its lower neighbour (or is in the last
/// row).
///
/// # Safety
/// NEON is supported; `row`, `below` (if any) and `out` hold at least `w >= 1` entries.
#[target_feature(enable = "neon")]
unsafe fn derivative_row(row: &[u16], below: Option<&[u16]>, out: &mut [u8], w: usize) {
    let (r, o) = (row.as_ptr(), out.as_mut_ptr());
    let one = vdup_n_u8(1);
    let mut j = 0;
    while j + 8 < w {
        // SAFETY: reads end at j + 8 <= w - 1, the store at j + 7.
        unsafe {
            let a = vld1q_u16(r.add(j));
            let mut eq = vceqq_u16(a, vld1q_u16(r.add(j + 1)));
            if let Some(below) = below {
                eq = vandq_u16(eq, vceqq_u16(a, vld1q_u16(below.as_ptr().add(j))));
            }
            vst1_u8(o.add(j), vand_u8(vmovn_u16(eq), one));
        }
        j += 8;
    }
    for j in j..w - 1 {
        let b = below.is_none_or(|b| row[j] == b[j]);
        out[j] = u8::from(row[j] == row[j + 1] && b);
    }
    out[w - 1] = u8::from(below.is_none_or(|b| row[w - 1] == b[w - 1]));
}

/// `dst[j] += src[j]` (or `-=`, wrapping bytes) for `j < n`.
///
/// # Safety
/// NEON is supported; both slices hold `n` entries.
#[target_feature(enable = "neon")]
unsafe fn add_bytes(dst: &mut [u8], src: &[u8], n: usize, sub: bool) {
    let (d, s) = (dst.as_mut_ptr(), src.as_ptr());
    let mut j = 0;
    while j + 16 <= n {
        // SAFETY: j + 16 <= n.
        unsafe {
            let (x, y) = (vld1q_u8(d.add(j)), vld1q_u8(s.add(j)));
            vst1q_u8(d.add(j), if sub { vsubq_u8(x, y) } else { vaddq_u8(x, y) });
        }
        j += 16;
    }
    for (x, &y) in dst[j..n].iter_mut().zip(&src[j..n]) {
        *x = if sub {
            x.wrapping_sub(y)
        } else {
            x.wrapping_add(y)
        };
    }
}

/// [`scalar::spatial_mask`]: a ring of derivative rows feeds running column sums (padded with
/// `pad` zero cells on either side), whose `filter_size`-wide sums are the square counts.
///
/// # Safety
/// NEON is supported; the arguments passed the checks of [`spatial_mask`].
#[target_feature(enable = "neon")]
unsafe fn spatial_mask_impl(
    image: &[u16],
    g: Geom,
    filter_size: usize,
    threshold: u32,
    mask: &mut [u8],
    scratch: &mut MaskScratch<'_>,
) {
    let (w, h, s) = (g.width, g.height, g.stride);
    let pad = filter_size / 2;
    let ring_rows = filter_size;
    let ring = &mut scratch.derivative_rows[..ring_rows * w];
    let padded = &mut scratch.column_sums[..w + 2 * pad];
    padded.fill(0);
    // Counts are at most 225: a threshold of 255 or more is never exceeded.
    let threshold = threshold.min(255) as u8;
    let add_row = |ring: &mut [u8], padded: &mut [u8], r: usize| {
        let slot = &mut ring[(r % ring_rows) * w..][..w];
        let below = (r + 1 < h).then(|| &image[(r + 1) * s..][..w]);
        // SAFETY: NEON supported (this function's feature); rows of `w` samples.
        unsafe {
            derivative_row(&image[r * s..][..w], below, slot, w);
            add_bytes(&mut padded[pad..], slot, w, false);
        }
    };
    for r in 0..pad.min(h) {
        add_row(ring, padded, r);
    }
    let thr = vdupq_n_u8(threshold);
    let one = vdupq_n_u8(1);
    for i in 0..h {
        if i > pad {
            let slot = &ring[((i - pad - 1) % ring_rows) * w..][..w];
            // SAFETY: NEON supported; `padded[pad..]` and `slot` hold `w` entries.
            unsafe { add_bytes(&mut padded[pad..], slot, w, true) };
        }
        if i + pad < h {
            add_row(ring, padded, i + pad);
        }
        let out = &mut mask[i * s..][..w];
        let p = padded.as_ptr();
        let mut j = 0;
        while j + 16 <= w {
            // SAFETY: reads end at j + 15 + ring_rows - 1 <= w + 2·pad - 1; the store at
            // j + 15 < w.
            unsafe {
                let mut acc = vld1q_u8(p.add(j));
                for t in 1..ring_rows {
                    acc = vaddq_u8(acc, vld1q_u8(p.add(j + t)));
                }
                vst1q_u8(out.as_mut_ptr().add(j), vandq_u8(vcgtq_u8(acc, thr), one));
            }
            j += 16;
        }
        for (j, o) in out.iter_mut().enumerate().skip(j) {
            let acc: u32 = padded[j..j + ring_rows].iter().map(|&c| u32::from(c)).sum();
            *o = u8::from(acc > u32::from(threshold));
        }
    }
}

// ------------------------------------------------------------------------------------------
// Scales
// ------------------------------------------------------------------------------------------

fn decimate(data: &mut [u16], g: Geom) {
    // SAFETY: `decimate_plane` passes `src` of `2 * dst.len() - 1` samples; only reachable
    // through `TABLE` (NEON supported).
    scalar::decimate_plane(data, g, |d, s| unsafe { decimate_row_u16(d, s) });
}

fn decimate_mask(data: &mut [u8], g: Geom) {
    // SAFETY: as for `decimate`.
    scalar::decimate_plane(data, g, |d, s| unsafe { decimate_row_u8(d, s) });
}

/// `dst[j] = src[2j]`, 8 samples per step (`vld2q_u16` keeps the even lanes).
///
/// # Safety
/// NEON is supported; `src.len() >= 2 * dst.len() - 1`.
#[target_feature(enable = "neon")]
unsafe fn decimate_row_u16(dst: &mut [u16], src: &[u16]) {
    let w = dst.len();
    assert!(w == 0 || src.len() >= 2 * w - 1);
    let mut j = 0;
    while j + 8 < w {
        // SAFETY: reads end at 2j + 15 <= 2w - 3, the write at j + 7 < w.
        unsafe {
            let v = vld2q_u16(src.as_ptr().add(2 * j));
            vst1q_u16(dst.as_mut_ptr().add(j), v.0);
        }
        j += 8;
    }
    scalar::decimate_row(&mut dst[j..], &src[2 * j..]);
}

/// `dst[j] = src[2j]` for bytes, 16 per step.
///
/// # Safety
/// NEON is supported; `src.len() >= 2 * dst.len() - 1`.
#[target_feature(enable = "neon")]
unsafe fn decimate_row_u8(dst: &mut [u8], src: &[u8]) {
    let w = dst.len();
    assert!(w == 0 || src.len() >= 2 * w - 1);
    let mut j = 0;
    while j + 16 < w {
        // SAFETY: reads end at 2j + 31 <= 2w - 3, the write at j + 15 < w.
        unsafe {
            let v = vld2q_u8(src.as_ptr().add(2 * j));
            vst1q_u8(dst.as_mut_ptr().add(j), v.0);
        }
        j += 16;
    }
    scalar::decimate_row(&mut dst[j..], &src[2 * j..]);
}

/// [`scalar::mode3`] per lane: `a` if it equals `b` or `c`, else `b` if `b == c`, else the
/// minimum of the three.
#[inline]
#[target_feature(enable = "neon")]
fn mode3(a: uint16x8_t, b: uint16x8_t, c: uint16x8_t) -> uint16x8_t {
    let low = vminq_u16(vminq_u16(a, b), c);
    let bc = vbslq_u16(vceqq_u16(b, c), b, low);
    vbslq_u16(vorrq_u16(vceqq_u16(a, b), vceqq_u16(a, c)), a, bc)
}

fn filter_mode(data: &mut [u16], g: Geom, buffer: &mut [u16]) {
    if g.width == 0 {
        return;
    }
    check_plane(data.len(), g, "work");
    assert!(
        buffer.len() >= 3 * g.width,
        "CAMBI mode-filter buffer too short"
    );
    // SAFETY: only reachable through `TABLE` (NEON supported); plane and buffer checked.
    unsafe { filter_mode_impl(data, g, buffer) }
}

/// [`scalar::filter_mode`]: each row's horizontal [`mode3`] into a ring of three rows, then
/// the vertical [`mode3`] of the ring into the row above.
///
/// # Safety
/// NEON is supported; `data` holds `g`, `buffer` `3 * width` samples, `width >= 1`.
#[target_feature(enable = "neon")]
unsafe fn filter_mode_impl(data: &mut [u16], g: Geom, buffer: &mut [u16]) {
    let (w, h, s) = (g.width, g.height, g.stride);
    let mut cur = 0;
    for i in 0..h {
        {
            let row = &data[i * s..][..w];
            let b = &mut buffer[cur * w..][..w];
            b[0] = row[0];
            let (r, o) = (row.as_ptr(), b.as_mut_ptr());
            let mut j = 1;
            while j + 8 < w {
                // SAFETY: reads end at j + 8 <= w - 1, the store at j + 7 < w - 1.
                unsafe {
                    let m = mode3(
                        vld1q_u16(r.add(j - 1)),
                        vld1q_u16(r.add(j)),
                        vld1q_u16(r.add(j + 1)),
                    );
                    vst1q_u16(o.add(j), m);
                }
                j += 8;
            }
            for j in j..w.saturating_sub(1) {
                b[j] = scalar::mode3(row[j - 1], row[j], row[j + 1]);
            }
            b[w - 1] = row[w - 1];
        }
        if i > 1 {
            let (b0, rest) = buffer.split_at(w);
            let (b1, b2) = rest.split_at(w);
            let out = &mut data[(i - 1) * s..][..w];
            let mut j = 0;
            while j + 8 <= w {
                // SAFETY: j + 8 <= w for the three ring rows and the output row.
                unsafe {
                    let m = mode3(
                        vld1q_u16(b0.as_ptr().add(j)),
                        vld1q_u16(b1.as_ptr().add(j)),
                        vld1q_u16(b2.as_ptr().add(j)),
                    );
                    vst1q_u16(out.as_mut_ptr().add(j), m);
                }
                j += 8;
            }
            for j in j..w {
                out[j] = scalar::mode3(b0[j], b1[j], b2[j]);
            }
        }
        cur = if cur == 2 { 0 } else { cur + 1 };
    }
}

// ------------------------------------------------------------------------------------------
// C-values
// ------------------------------------------------------------------------------------------

#[target_feature(enable = "neon")]
unsafe fn c_values_impl(
    p: &CValueParams<'_>,
    image: &[u16],
    mask: &[u8],
    g: Geom,
    out: Option<&mut [f32]>,
    hist: &mut [u16],
) -> CValueStats {
    // SAFETY: this function has the features `Neon` needs; the caller checked the arguments.
    unsafe { x86::c_values::<Neon>(p, image, mask, g, out, hist) }
}

fn c_values(
    p: &CValueParams<'_>,
    image: &[u16],
    mask: &[u8],
    g: Geom,
    out: Option<&mut [f32]>,
    hist: &mut [u16],
) -> CValueStats {
    if !x86::c_values_args_ok(p, image, mask, g, out.as_deref(), hist) {
        return scalar::c_values(p, image, mask, g, out, hist);
    }
    // SAFETY: only reachable through `TABLE` (NEON supported); arguments checked above.
    unsafe { c_values_impl(p, image, mask, g, out, hist) }
}

/// The NEON [`Scan`] primitives.
struct Neon;

/// Bit `j` set iff byte lane `j` of `v` (0 or 0xFF) is set.
#[inline]
#[target_feature(enable = "neon")]
fn movemask_u8(v: uint8x16_t) -> u64 {
    const BITS: [u8; 16] = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];
    // SAFETY: `BITS` holds 16 bytes.
    let bits = unsafe { vld1q_u8(BITS.as_ptr()) };
    let m = vandq_u8(v, bits);
    u64::from(vaddv_u8(vget_low_u8(m))) | (u64::from(vaddv_u8(vget_high_u8(m))) << 8)
}

/// 16 lanes (two vectors of 8 samples) of `image` whose `v - base` (wrapping) is below `size`,
/// as byte lanes of 0/0xFF.
#[inline]
#[target_feature(enable = "neon")]
fn in_band16(v0: uint16x8_t, v1: uint16x8_t, base: uint16x8_t, size: uint16x8_t) -> uint8x16_t {
    let a = vcltq_u16(vsubq_u16(v0, base), size);
    let b = vcltq_u16(vsubq_u16(v1, base), size);
    vcombine_u8(vmovn_u16(a), vmovn_u16(b))
}

impl Scan for Neon {
    const LANES: usize = 64;

    #[inline]
    #[target_feature(enable = "neon")]
    unsafe fn tracked(image: &[u16], mask: &[u8], base: u16, size: u16) -> u64 {
        debug_assert!(image.len() >= 64 && mask.len() >= 64);
        let (b, sz) = (vdupq_n_u16(base), vdupq_n_u16(size));
        let mut bits = 0u64;
        for q in 0..4 {
            // SAFETY: both slices hold 64 elements (caller).
            let lanes = unsafe {
                let m = vld1q_u8(mask.as_ptr().add(16 * q));
                let v0 = vld1q_u16(image.as_ptr().add(16 * q));
                let v1 = vld1q_u16(image.as_ptr().add(16 * q + 8));
                vandq_u8(vtstq_u8(m, m), in_band16(v0, v1, b, sz))
            };
            bits |= movemask_u8(lanes) << (16 * q);
        }
        bits
    }

    #[inline]
    #[target_feature(enable = "neon")]
    unsafe fn equal_bits(a: &[u16], b: &[u16]) -> u64 {
        debug_assert!(a.len() >= 64 && b.len() >= 64);
        let mut eq = 0u64;
        for q in 0..4 {
            // SAFETY: both slices hold 64 elements (caller).
            let lanes = unsafe {
                let (x, y) = (a.as_ptr().add(16 * q), b.as_ptr().add(16 * q));
                let e0 = vceqq_u16(vld1q_u16(x), vld1q_u16(y));
                let e1 = vceqq_u16(vld1q_u16(x.add(8)), vld1q_u16(y.add(8)));
                vcombine_u8(vmovn_u16(e0), vmovn_u16(e1))
            };
            eq |= movemask_u8(lanes) << (16 * q);
        }
        eq
    }

    #[inline]
    #[target_feature(enable = "neon")]
    unsafe fn add(cells: &mut [u16], delta: u16) {
        let n = cells.len();
        let ptr = cells.as_mut_ptr();
        let d = vdupq_n_u16(delta);
        let mut off = 0;
        while off + 8 <= n {
            // SAFETY: full vectors stay below `n`.
            unsafe { vst1q_u16(ptr.add(off), vaddq_u16(vld1q_u16(ptr.add(off)), d)) };
            off += 8;
        }
        for c in &mut cells[off..] {
            *c = c.wrapping_add(delta);
        }
    }

    #[inline]
    #[target_feature(enable = "neon")]
    unsafe fn add_run(cells: &mut [u16], off: i32, pad: i32, len: i32, sub: bool) {
        let n = cells.len();
        let ptr = cells.as_mut_ptr();
        const IOTA: [i16; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
        // SAFETY: `IOTA` holds 8 values.
        let iota = unsafe { vld1q_s16(IOTA.as_ptr()) };
        let padv = vdupq_n_s16(pad as i16);
        let last = vdupq_n_s16((len - 1) as i16);
        let one = vdupq_n_s16(1);
        let zero = vdupq_n_s16(0);
        let mut k = 0;
        while k + 8 <= n {
            // Positions fit i16 (caller: len + 2·pad < 2^15).
            let c = vaddq_s16(vdupq_n_s16((off + k as i32) as i16), iota);
            let hi = vminq_s16(vaddq_s16(c, padv), last);
            let lo = vmaxq_s16(vsubq_s16(c, padv), zero);
            let cnt = vreinterpretq_u16_s16(vaddq_s16(vsubq_s16(hi, lo), one));
            // SAFETY: full vectors stay below `n`.
            unsafe {
                let x = vld1q_u16(ptr.add(k));
                let x = if sub {
                    vsubq_u16(x, cnt)
                } else {
                    vaddq_u16(x, cnt)
                };
                vst1q_u16(ptr.add(k), x);
            }
            k += 8;
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
}
