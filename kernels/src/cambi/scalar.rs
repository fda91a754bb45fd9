//! Scalar reference kernels of CAMBI, bit-exact with libvmaf 3.2's C code paths
//! (`cambi.c`: `decimate_generic_*_and_convert_to_10b`, `anti_dithering_filter`,
//! `get_spatial_mask_for_index`, `decimate`, `filter_mode`, `calculate_c_values`,
//! `c_value_pixel`, `quick_select`, `average_topk_elements`; `cambi.h`: the histogram updaters).
//!
//! The loops are written from the arithmetic those functions perform, not from their structure:
//! where libvmaf splits a loop to avoid branches or rolls a prefix-sum table, these kernels use
//! the plainest formulation that gives the same integers (the equivalence is argued at each
//! function). Floating-point steps (resampling positions, c-values, pooling) follow libvmaf's
//! operation order exactly.

use super::{CValueParams, CValueStats, Geom, MaskScratch};

// ------------------------------------------------------------------------------------------
// Preprocessing
// ------------------------------------------------------------------------------------------

/// Index of the source sample nearest to `pos` as libvmaf computes it: `(int)(pos + 0.5)` with the
/// addition done in double precision. Clamped to the plane, which only matters where libvmaf
/// itself would read past the row (float drift when upscaling to a `src_width` larger than the
/// input).
#[inline]
fn nearest(pos: f32, len: usize) -> usize {
    let p = (f64::from(pos) + 0.5) as i64;
    (p.max(0) as usize).min(len - 1)
}

/// Nearest-neighbour resampling from `src` (geometry `sg`) to `dst` (geometry `dg`) with a
/// per-sample conversion. Same size: plain conversion. Otherwise libvmaf's centred grid: step
/// `ratio = in / out` (f32), first position `ratio / 2 - 0.5`, positions accumulated in f32.
#[inline(always)]
fn resample<T: Copy>(src: &[T], sg: Geom, dst: &mut [u16], dg: Geom, conv: impl Fn(T) -> u16) {
    debug_assert!(src.len() >= sg.min_len() && dst.len() >= dg.min_len());
    if sg.width == dg.width && sg.height == dg.height {
        for i in 0..dg.height {
            let s = &src[i * sg.stride..][..sg.width];
            let d = &mut dst[i * dg.stride..][..dg.width];
            for (d, &s) in d.iter_mut().zip(s) {
                *d = conv(s);
            }
        }
        return;
    }
    let ratio_x = sg.width as f32 / dg.width as f32;
    let ratio_y = sg.height as f32 / dg.height as f32;
    let start_x = ratio_x / 2.0 - 0.5;
    let start_y = ratio_y / 2.0 - 0.5;
    let mut y = start_y;
    for i in 0..dg.height {
        let s = &src[nearest(y, sg.height) * sg.stride..][..sg.width];
        let d = &mut dst[i * dg.stride..][..dg.width];
        let mut x = start_x;
        for d in d.iter_mut() {
            *d = conv(s[nearest(x, sg.width)]);
            x += ratio_x;
        }
        y += ratio_y;
    }
}

/// Resamples an 8-bit (or lower, `bit_depth <= 8`) plane to `dg` and converts it to 10 bit by a
/// left shift of `10 - bit_depth` (libvmaf `decimate_generic_uint8_and_convert_to_10b`).
#[inline(always)]
pub fn resample_u8_to_10b(src: &[u8], sg: Geom, bit_depth: u32, dst: &mut [u16], dg: Geom) {
    debug_assert!(bit_depth <= 8);
    let shift = 10 - bit_depth;
    resample(src, sg, dst, dg, |v| u16::from(v) << shift);
}

/// Resamples a 9..16-bit plane to `dg` and converts it to 10 bit: 9-bit samples are doubled,
/// deeper samples are shifted right with rounding, `(v + 2^(s-1)) >> s` for `s = bit_depth - 10`
/// (libvmaf `decimate_generic_9b_and_convert_to_10b`, `decimate_generic_uint16_and_convert_to_10b`;
/// note that a 12-bit 4095 becomes 1024).
#[inline(always)]
pub fn resample_u16_to_10b(src: &[u16], sg: Geom, bit_depth: u32, dst: &mut [u16], dg: Geom) {
    debug_assert!((9..=16).contains(&bit_depth));
    if bit_depth == 9 {
        resample(src, sg, dst, dg, |v| v << 1);
    } else {
        let shift = bit_depth - 10;
        let round = if shift == 0 { 0 } else { 1u32 << (shift - 1) };
        resample(src, sg, dst, dg, |v| {
            ((u32::from(v) + round) >> shift) as u16
        });
    }
}

/// Columns processed per block by the in-place row filters: the block's inputs are read before
/// its outputs are written, which lets the compiler vectorise a block without changing results.
const BLOCK: usize = 32;

/// One row of [`anti_dither`]: with the next row `below` (not yet filtered), each pixel becomes
/// the floor of the mean of its 2x2 block to the lower right, the last one the mean of its
/// vertical pair; without (the last row), the mean of its horizontal pair, the last pixel kept.
#[inline(always)]
fn anti_dither_row(cur: &mut [u16], below: Option<&[u16]>) {
    let w = cur.len();
    if w == 0 {
        return;
    }
    match below {
        Some(below) => {
            let below = &below[..w];
            let mut j = 0;
            while j + BLOCK < w {
                let c = &cur[j..j + BLOCK + 1];
                let b = &below[j..j + BLOCK + 1];
                let mut next = [0u16; BLOCK];
                for k in 0..BLOCK {
                    let sum = u32::from(c[k])
                        + u32::from(c[k + 1])
                        + u32::from(b[k])
                        + u32::from(b[k + 1]);
                    next[k] = (sum >> 2) as u16;
                }
                cur[j..j + BLOCK].copy_from_slice(&next);
                j += BLOCK;
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
            for j in 0..w - 1 {
                cur[j] = ((u32::from(cur[j]) + u32::from(cur[j + 1])) >> 1) as u16;
            }
        }
    }
}

/// libvmaf `anti_dithering_filter`, in place: each pixel becomes the floor of the mean of its
/// 2x2 block to the lower right; the last column averages vertical pairs, the last row
/// horizontal pairs, the bottom-right pixel is kept. (The in-place update is safe because every
/// pixel only reads pixels that are updated after it.)
#[inline(always)]
pub fn anti_dither(data: &mut [u16], g: Geom) {
    let (w, h, s) = (g.width, g.height, g.stride);
    debug_assert!(data.len() >= g.min_len());
    for i in 0..h {
        if i + 1 < h {
            let (top, bottom) = data.split_at_mut((i + 1) * s);
            anti_dither_row(&mut top[i * s..][..w], Some(&bottom[..w]));
        } else {
            anti_dither_row(&mut data[i * s..][..w], None);
        }
    }
}

/// [`resample_u8_to_10b`] followed by [`anti_dither`]. At the same size the two run row by row
/// (row `i + 1` is converted, then row `i` filtered), which gives the same planes with one pass
/// over memory instead of two.
#[inline(always)]
pub fn resample_u8_anti_dither(src: &[u8], sg: Geom, bit_depth: u32, dst: &mut [u16], dg: Geom) {
    if sg.width != dg.width || sg.height != dg.height {
        resample_u8_to_10b(src, sg, bit_depth, dst, dg);
        anti_dither(dst, dg);
        return;
    }
    debug_assert!(bit_depth <= 8);
    let shift = 10 - bit_depth;
    let (w, h, s) = (dg.width, dg.height, dg.stride);
    #[inline(always)]
    fn convert(src: &[u8], shift: u32, out: &mut [u16]) {
        for (d, &v) in out.iter_mut().zip(src) {
            *d = u16::from(v) << shift;
        }
    }
    if h == 0 {
        return;
    }
    convert(&src[..w], shift, &mut dst[..w]);
    for i in 0..h {
        if i + 1 < h {
            let (top, bottom) = dst.split_at_mut((i + 1) * s);
            convert(&src[(i + 1) * sg.stride..][..w], shift, &mut bottom[..w]);
            anti_dither_row(&mut top[i * s..][..w], Some(&bottom[..w]));
        } else {
            anti_dither_row(&mut dst[i * s..][..w], None);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Spatial mask
// ------------------------------------------------------------------------------------------

/// Zero-derivative flags of a row (`below` is the next row, `None` for the last one): 1 where the
/// pixel equals its right neighbour (or is in the last column) and its lower neighbour (or is in
/// the last row).
#[inline(always)]
fn derivative_row(row: &[u16], below: Option<&[u16]>, out: &mut [u8]) {
    let w = row.len();
    let out = &mut out[..w];
    match below {
        Some(below) => {
            let below = &below[..w];
            for (((o, &a), &r), &b) in out.iter_mut().zip(row).zip(&row[1..]).zip(below) {
                *o = u8::from((a == r) & (a == b));
            }
            out[w - 1] = u8::from(row[w - 1] == below[w - 1]);
        }
        None => {
            for ((o, &a), &r) in out.iter_mut().zip(row).zip(&row[1..]) {
                *o = u8::from(a == r);
            }
            out[w - 1] = 1;
        }
    }
}

/// libvmaf `get_spatial_mask_for_index`: `mask[i][j] = 1` iff the number of zero-derivative
/// pixels (see [`derivative_row`]) in the `filter_size x filter_size` square centred on `(i, j)`,
/// clipped to the image, exceeds `threshold`. libvmaf computes the square sums with a rolling
/// summed-area table; here a ring of derivative rows feeds running column sums, which counts the
/// same integers. `mask` has the geometry `g` of `image`; `filter_size` is odd and at most
/// [`super::MAX_MASK_FILTER_SIZE`] (so every count fits a byte).
#[inline(always)]
pub fn spatial_mask(
    image: &[u16],
    g: Geom,
    filter_size: usize,
    threshold: u32,
    mask: &mut [u8],
    scratch: &mut MaskScratch<'_>,
) {
    let (w, h, s) = (g.width, g.height, g.stride);
    if w == 0 {
        return;
    }
    debug_assert!(filter_size % 2 == 1 && filter_size <= super::MAX_MASK_FILTER_SIZE);
    let pad = filter_size >> 1;
    let ring_rows = 2 * pad + 1;
    debug_assert!(
        scratch.derivative_rows.len() >= ring_rows * w && scratch.column_sums.len() >= w + 2 * pad
    );
    let ring = &mut scratch.derivative_rows[..ring_rows * w];
    // Column j's sum lives at index j + pad; the pad cells on either side stay 0, so a square
    // clipped at the border sums the same as an unclipped one over the padded row.
    let padded = &mut scratch.column_sums[..w + 2 * pad];
    padded.fill(0);
    // Counts are at most filter_size² <= 225: a threshold of 255 or more is never exceeded.
    let threshold = threshold.min(255) as u8;

    #[inline(always)]
    fn add_row(image: &[u16], g: Geom, ring: &mut [u8], padded: &mut [u8], r: usize) {
        let (w, h, s) = (g.width, g.height, g.stride);
        let pad = (padded.len() - w) / 2;
        let slot = &mut ring[(r % (2 * pad + 1)) * w..][..w];
        let below = (r + 1 < h).then(|| &image[(r + 1) * s..][..w]);
        derivative_row(&image[r * s..][..w], below, slot);
        for (c, &z) in padded[pad..pad + w].iter_mut().zip(slot.iter()) {
            *c += z;
        }
    }
    for r in 0..pad.min(h) {
        add_row(image, g, ring, padded, r);
    }
    for i in 0..h {
        // Rows [i - pad, i + pad]: drop row i - pad - 1 before its ring slot is reused.
        if i > pad {
            let slot = &ring[((i - pad - 1) % ring_rows) * w..][..w];
            for (c, &z) in padded[pad..pad + w].iter_mut().zip(slot) {
                *c -= z;
            }
        }
        if i + pad < h {
            add_row(image, g, ring, padded, i + pad);
        }
        let out = &mut mask[i * s..][..w];
        let mut j = 0;
        while j + 64 <= w {
            let src = &padded[j..j + 64 + 2 * pad];
            let mut acc = [0u8; 64];
            for t in 0..ring_rows {
                for (a, &c) in acc.iter_mut().zip(&src[t..t + 64]) {
                    *a += c;
                }
            }
            for (o, &a) in out[j..j + 64].iter_mut().zip(&acc) {
                *o = u8::from(a > threshold);
            }
            j += 64;
        }
        if j < w {
            let mut acc: u32 = padded[j..j + ring_rows - 1]
                .iter()
                .map(|&c| u32::from(c))
                .sum();
            for j in j..w {
                acc += u32::from(padded[j + ring_rows - 1]);
                out[j] = u8::from(acc > u32::from(threshold));
                acc -= u32::from(padded[j]);
            }
        }
    }
}

// ------------------------------------------------------------------------------------------
// Scales
// ------------------------------------------------------------------------------------------

/// `dst[j] = src[2j]` (`src` holds `2 * dst.len() - 1` samples at least).
#[inline(always)]
pub(super) fn decimate_row<T: Copy>(dst: &mut [T], src: &[T]) {
    let w = dst.len();
    if w == 0 {
        return;
    }
    let src = &src[..2 * w - 1];
    for (d, pair) in dst[..w - 1].iter_mut().zip(src.chunks_exact(2)) {
        *d = pair[0];
    }
    dst[w - 1] = src[2 * w - 2];
}

/// `data[i][j] = data[2i][2j]` for `T` samples, rows after the first through `row`.
#[inline(always)]
pub(super) fn decimate_plane<T: Copy>(data: &mut [T], g: Geom, row: impl Fn(&mut [T], &[T])) {
    let (w, h, s) = (g.width, g.height, g.stride);
    if w == 0 || h == 0 {
        return;
    }
    // Row 0 reads its own row ahead of the writes.
    for j in 0..w {
        data[j] = data[2 * j];
    }
    for i in 1..h {
        // Row i (written) ends before row 2i (read) starts since i·s + w <= 2i·s.
        let (dst, src) = data.split_at_mut(2 * i * s);
        row(&mut dst[i * s..][..w], &src[..2 * w - 1]);
    }
}

/// libvmaf `decimate`, in place: `data[i][j] = data[2i][2j]` for the new size `g` (the old plane
/// was at least `2 * g.width - 1` by `2 * g.height - 1`, same stride). Reads always lie at or
/// after the write position, so in place is safe.
#[inline(always)]
pub fn decimate(data: &mut [u16], g: Geom) {
    decimate_plane(data, g, decimate_row);
}

/// [`decimate`] for the mask plane.
#[inline(always)]
pub fn decimate_mask(data: &mut [u8], g: Geom) {
    decimate_plane(data, g, decimate_row);
}

/// The value at least two of `a, b, c` share, else their minimum (libvmaf `mode3`).
#[inline(always)]
pub fn mode3(a: u16, b: u16, c: u16) -> u16 {
    let low = a.min(b).min(c);
    let bc = if b == c { b } else { low };
    if a == b || a == c { a } else { bc }
}

/// libvmaf `filter_mode`, in place: every row is filtered horizontally with [`mode3`] (first
/// and last columns copied) into a ring of three rows in `buffer` (`3 * width`); each interior
/// row is then replaced by the vertical [`mode3`] of its horizontally filtered neighbourhood
/// ([`mode3`] is symmetric, so the ring order does not matter). The first and last rows keep
/// their original values.
#[inline(always)]
pub fn filter_mode(data: &mut [u16], g: Geom, buffer: &mut [u16]) {
    let (w, h, s) = (g.width, g.height, g.stride);
    debug_assert!(buffer.len() >= 3 * w);
    if w == 0 {
        return;
    }
    let mut cur = 0;
    for i in 0..h {
        {
            let row = &data[i * s..][..w];
            let b = &mut buffer[cur * w..][..w];
            b[0] = row[0];
            if w > 2 {
                for (((o, &l), &m), &r) in b[1..w - 1]
                    .iter_mut()
                    .zip(row)
                    .zip(&row[1..])
                    .zip(&row[2..])
                {
                    *o = mode3(l, m, r);
                }
            }
            b[w - 1] = row[w - 1];
        }
        if i > 1 {
            let (b0, rest) = buffer.split_at(w);
            let (b1, b2) = rest.split_at(w);
            let out = &mut data[(i - 1) * s..][..w];
            for (((o, &x), &y), &z) in out.iter_mut().zip(b0).zip(b1).zip(&b2[..w]) {
                *o = mode3(x, y, z);
            }
        }
        cur = if cur == 2 { 0 } else { cur + 1 };
    }
}

// ------------------------------------------------------------------------------------------
// Windowed histograms and c-values
// ------------------------------------------------------------------------------------------

/// Histogram row of value `v` if it lies in the tracked band (libvmaf's single unsigned compare
/// `(uint16_t)(v - base) < size`).
#[inline(always)]
pub(super) fn band_row(v: u16, p: &CValueParams<'_>) -> Option<usize> {
    let r = usize::from(v.wrapping_sub(p.band_base));
    (r < p.band_size).then_some(r)
}

#[inline]
fn add_range(hist_row: &mut [u16], lo: usize, hi: usize) {
    for x in &mut hist_row[lo..hi] {
        *x += 1;
    }
}

#[inline]
fn sub_range(hist_row: &mut [u16], lo: usize, hi: usize) {
    for x in &mut hist_row[lo..hi] {
        *x -= 1;
    }
}

struct HistCtx<'a> {
    image: &'a [u16],
    mask: &'a [u8],
    g: Geom,
    pad: usize,
}

impl HistCtx<'_> {
    #[inline]
    fn columns(&self, j: usize) -> (usize, usize) {
        (
            j.saturating_sub(self.pad),
            (j + self.pad + 1).min(self.g.width),
        )
    }

    #[inline]
    fn tracked(&self, r: usize, j: usize, p: &CValueParams<'_>) -> Option<usize> {
        let k = r * self.g.stride + j;
        if self.mask[k] == 0 {
            None
        } else {
            band_row(self.image[k], p)
        }
    }

    /// Adds (or removes) every tracked pixel of row `r` to the histograms of the columns whose
    /// window contains it.
    fn update_row(&self, hist: &mut [u16], r: usize, p: &CValueParams<'_>, add: bool) {
        let w = self.g.width;
        for j in 0..w {
            if let Some(b) = self.tracked(r, j, p) {
                let (lo, hi) = self.columns(j);
                let row = &mut hist[b * w..][..w];
                if add {
                    add_range(row, lo, hi)
                } else {
                    sub_range(row, lo, hi)
                }
            }
        }
    }

    /// Removes row `out` and adds row `inp` in one pass (libvmaf `uh_slide`: equal tracked
    /// values in the same column cancel and are skipped).
    fn slide(&self, hist: &mut [u16], out: usize, inp: usize, p: &CValueParams<'_>) {
        let w = self.g.width;
        for j in 0..w {
            let sub = self.tracked(out, j, p);
            let add = self.tracked(inp, j, p);
            if sub.is_some() && sub == add {
                continue;
            }
            let (lo, hi) = self.columns(j);
            if let Some(b) = sub {
                sub_range(&mut hist[b * w..][..w], lo, hi);
            }
            if let Some(b) = add {
                add_range(&mut hist[b * w..][..w], lo, hi);
            }
        }
    }
}

/// libvmaf `c_value_pixel` for a pixel whose histogram row is `compact` (value minus the band
/// base) and whose shifted value (10-bit code plus the number of contrast steps) is `value`:
/// the maximum over contrast steps `d` that are below the visibility threshold and above the
/// visible-luminance floor of `w_d * p0 * pm * (1 / (p0 + pm))` in f32, where `p0` counts the
/// window's pixels of the same value and `pm` the larger count of the values `d` above or below.
#[inline(always)]
pub(super) fn c_value_pixel(
    hist: &[u16],
    w: usize,
    col: usize,
    compact: i32,
    value: i32,
    p: &CValueParams<'_>,
) -> f32 {
    let p0 = i32::from(hist[compact as usize * w + col]);
    let mut c = 0.0f32;
    for (d, (&tvi, &weight)) in p.tvi_for_diff.iter().zip(p.diff_weights).enumerate() {
        let step = d as i32 + 1;
        if value <= i32::from(tvi) && value + step > i32::from(p.vlt_luma) {
            let up = compact + step;
            let down = compact - step;
            let p1 = i32::from(hist[up as usize * w + col]);
            let p2 = if down >= 0 {
                i32::from(hist[down as usize * w + col])
            } else {
                0
            };
            let pm = if p1 > p2 { p1 } else { p2 };
            let val = (weight * p0 * pm) as f32 * p.reciprocal[(pm + p0) as usize];
            if val > c {
                c = val;
            }
        }
    }
    c
}

/// libvmaf `calculate_c_values` for one scale: for every masked pixel, the c-value of its value
/// against the histogram of masked pixel values in the `window x window` square around it
/// (clipped at the borders); 0 for unmasked pixels. With `out`, the map is written there
/// (`width * height` values, packed row after row, stride = width); either way the returned
/// [`CValueStats`] summarise it for [`pool_from_stats`]. `hist` needs `band_size * width` cells.
///
/// The histograms are kept per column and slid down the image one row at a time (row `i + pad`
/// enters, row `i - pad - 1` leaves), counting only values inside the band
/// `[band_base, band_base + band_size)` — the only values a visible c-value can read (libvmaf's
/// "useful band", a bit-identical optimisation). Requires `window / 2 <= min(width, height)`:
/// below that libvmaf reads outside the picture and the extractor refuses the geometry.
pub fn c_values(
    p: &CValueParams<'_>,
    image: &[u16],
    mask: &[u8],
    g: Geom,
    mut out: Option<&mut [f32]>,
    hist: &mut [u16],
) -> CValueStats {
    let (w, h, s) = (g.width, g.height, g.stride);
    let pad = p.window >> 1;
    debug_assert!(pad <= w && pad <= h);
    debug_assert_eq!(p.tvi_for_diff.len(), p.diff_weights.len());
    let mut stats = CValueStats::default();
    if let Some(out) = out.as_deref_mut() {
        out[..w * h].fill(0.0);
    }
    if p.band_size == 0 {
        return stats;
    }
    let hist = &mut hist[..p.band_size * w];
    hist.fill(0);
    let ctx = HistCtx {
        image,
        mask,
        g,
        pad,
    };
    let nd = p.tvi_for_diff.len() as i32;

    for r in 0..pad.min(h) {
        ctx.update_row(hist, r, p, true);
    }
    for i in 0..h {
        let entering = (i + pad < h).then_some(i + pad);
        let leaving = (i > pad).then(|| i - pad - 1);
        match (leaving, entering) {
            (Some(o), Some(n)) => ctx.slide(hist, o, n, p),
            (None, Some(n)) => ctx.update_row(hist, n, p, true),
            (Some(o), None) => ctx.update_row(hist, o, p, false),
            (None, None) => {}
        }
        let img_row = &image[i * s..][..w];
        let mask_row = &mask[i * s..][..w];
        for j in 0..w {
            if mask_row[j] == 0 {
                continue;
            }
            let v = img_row[j];
            if let Some(compact) = band_row(v, p) {
                let c = c_value_pixel(hist, w, j, compact as i32, i32::from(v) + nd, p);
                stats.add(c);
                if let Some(out) = out.as_deref_mut() {
                    out[i * w + j] = c;
                }
            }
        }
    }
    stats
}

// ------------------------------------------------------------------------------------------
// Pooling
// ------------------------------------------------------------------------------------------

/// libvmaf `quick_select`: Hoare-partition selection that moves the `k` largest values of `arr`
/// to its front (in libvmaf's exact order, which the pooled mean depends on in the last bits).
pub fn quick_select(arr: &mut [f32], k: usize) {
    let n = arr.len();
    if n == k || n == 0 {
        return;
    }
    let k = k as isize;
    let mut left: isize = 0;
    let mut right: isize = n as isize - 1;
    while left < right {
        let pivot = arr[k as usize];
        let mut i = left;
        let mut j = right;
        loop {
            while arr[i as usize] > pivot {
                i += 1;
            }
            while arr[j as usize] < pivot {
                j -= 1;
            }
            if i <= j {
                arr.swap(i as usize, j as usize);
                i += 1;
                j -= 1;
            }
            if i > j {
                break;
            }
        }
        if j < k {
            left = i;
        }
        if k < i {
            right = j;
        }
    }
}

/// libvmaf `spatial_pooling`: `k = clip((int)(topk * n), 1, n)`, [`quick_select`] the `k`
/// largest values, and return their mean summed in f64 in array order.
pub fn pool_topk(c: &mut [f32], topk: f64) -> f64 {
    let n = c.len();
    if n == 0 {
        return 0.0;
    }
    let k = ((topk * n as f64) as i64).clamp(1, n as i64) as usize;
    quick_select(c, k);
    let mut sum = 0.0f64;
    for &v in &c[..k] {
        sum += f64::from(v);
    }
    sum / k as f64
}

#[cfg(test)]
mod tests {
    //! Expectations from libvmaf's `test/test_cambi.c`.
    use super::*;

    /// 4x4 pictures of libvmaf's `get_sample_image`.
    const SAMPLES: [[u16; 16]; 9] = [
        [1, 2, 0, 100, 0, 2, 0, 100, 0, 2, 0, 100, 4, 2, 0, 100],
        [1, 1, 50, 100, 1, 1, 50, 100, 2, 1, 50, 100, 3, 1, 50, 100],
        [4, 8, 0, 400, 0, 8, 0, 400, 0, 8, 0, 400, 16, 8, 0, 400],
        [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        [1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1],
        [1, 2, 1, 1, 1, 0, 1, 5, 0, 0, 1, 0, 0, 0, 1, 1],
        [1, 2, 0, 1, 1, 0, 0, 5, 0, 0, 1, 0, 0, 0, 0, 1],
        [6, 7, 5, 1, 6, 5, 5, 5, 0, 0, 1, 0, 0, 0, 0, 1],
        [1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ];
    const G4: Geom = Geom {
        width: 4,
        height: 4,
        stride: 4,
    };

    fn recip() -> Vec<f32> {
        (0..4226)
            .map(|i| if i == 0 { 0.0 } else { 1.0 / i as f32 })
            .collect()
    }

    #[test]
    fn anti_dithering_matches_libvmaf() {
        let mut pic = SAMPLES[0];
        anti_dither(&mut pic, G4);
        assert_eq!(pic, SAMPLES[1]);
    }

    #[test]
    fn decimate_keeps_even_samples() {
        let mut pic = SAMPLES[0];
        decimate(
            &mut pic,
            Geom {
                width: 2,
                height: 2,
                stride: 4,
            },
        );
        assert_eq!([pic[0], pic[1], pic[4], pic[5]], [1, 0, 0, 0]);
    }

    #[test]
    fn resample_and_convert_to_10b() {
        let g2 = Geom {
            width: 2,
            height: 2,
            stride: 2,
        };
        let mut out = [0u16; 4];
        let cases: [(u32, [u16; 4]); 3] = [
            (10, [2, 100, 2, 100]),
            (16, [0, 2, 0, 2]),
            (12, [1, 25, 1, 25]),
        ];
        for (bd, want) in cases {
            resample_u16_to_10b(&SAMPLES[0], G4, bd, &mut out, g2);
            assert_eq!(out, want, "{bd}-bit");
        }
        resample_u16_to_10b(&SAMPLES[0], G4, 9, &mut out, g2);
        assert_eq!(out, [4, 200, 4, 200]);
        let mut same = [0u16; 16];
        resample_u16_to_10b(&SAMPLES[0], G4, 10, &mut same, G4);
        assert_eq!(same, SAMPLES[0]);
        let pic8: Vec<u8> = SAMPLES[0].iter().map(|&v| v as u8).collect();
        resample_u8_to_10b(&pic8, G4, 8, &mut out, g2);
        assert_eq!(out, [8, 400, 8, 400]);
    }

    #[test]
    fn filter_mode_matches_libvmaf() {
        let g = Geom {
            width: 5,
            height: 5,
            stride: 5,
        };
        let mut data = [0u16; 25];
        let mut buf = [0u16; 15];
        let run = |data: &[u16; 25], buf: &mut [u16; 15]| {
            let mut f = *data;
            filter_mode(&mut f, g, buf);
            f
        };
        data[5 + 2] = 1;
        data[10 + 2] = 1;
        data[5 + 3] = 1;
        data[15 + 3] = 1;
        assert_eq!(
            run(&data, &mut buf)
                .iter()
                .map(|&v| u32::from(v))
                .sum::<u32>(),
            0
        );
        data[15 + 4] = 1;
        let f = run(&data, &mut buf);
        assert_eq!(f.iter().map(|&v| u32::from(v)).sum::<u32>(), 1);
        assert_eq!(f[15 + 3], 0);
        assert_eq!(f[10 + 3], 1);
        data[0] = 2;
        data[1] = 1;
        assert_eq!(run(&data, &mut buf)[0], 2);
        data[5] = 1;
        assert_eq!(run(&data, &mut buf)[1], 1);
        data[10] = 2;
        assert_eq!(run(&data, &mut buf)[5], 2);
    }

    fn mask_sum(image: &[u16; 16], filter_size: usize, threshold: u32) -> u32 {
        let mut mask = [9u8; 16];
        let mut ring = vec![0u8; filter_size * 4];
        let mut sums = vec![0u8; 4 + filter_size - 1];
        let mut scratch = MaskScratch {
            derivative_rows: &mut ring,
            column_sums: &mut sums,
        };
        spatial_mask(image, G4, filter_size, threshold, &mut mask, &mut scratch);
        mask.iter().map(|&m| u32::from(m)).sum()
    }

    #[test]
    fn spatial_mask_for_index_matches_libvmaf() {
        assert_eq!(mask_sum(&SAMPLES[3], 3, 2), 14);
        assert_eq!(mask_sum(&SAMPLES[3], 3, 1), 16);
        assert_eq!(mask_sum(&SAMPLES[3], 3, 0), 16);
        assert_eq!(mask_sum(&SAMPLES[4], 3, 3), 0);
        assert_eq!(mask_sum(&SAMPLES[4], 3, 2), 6);
        assert_eq!(mask_sum(&SAMPLES[4], 3, 1), 9);
    }

    fn params<'a>(
        window: usize,
        tvi: &'a [u16],
        weights: &'a [i32],
        recip: &'a [f32],
    ) -> CValueParams<'a> {
        CValueParams {
            window,
            tvi_for_diff: tvi,
            diff_weights: weights,
            vlt_luma: 0,
            band_base: 0,
            band_size: usize::from(tvi[tvi.len() - 1]) + 1,
            reciprocal: recip,
        }
    }

    #[test]
    fn c_values_match_libvmaf() {
        let recip = recip();
        let tvi = [178u16, 305, 432, 559];
        let weights = [1, 2, 3, 4];
        let p = params(3, &tvi, &weights, &recip);
        let mask: Vec<u8> = SAMPLES[8].iter().map(|&v| v as u8).collect();
        let mut out = [0f32; 16];
        let mut hist = vec![0u16; 4 * 560];
        c_values(&p, &SAMPLES[0], &mask, G4, Some(&mut out), &mut hist);
        let want = [
            0.6666667, 2.0, 0.0, 0.0, 2.4, 3.4285715, 2.4, 0.0, 2.6666667, 3.75, 3.0, 0.0, 2.0,
            2.4, 2.0, 0.0,
        ];
        for (o, w) in out.iter().zip(want) {
            assert!((f64::from(*o) - w).abs() < 1e-5, "{out:?}");
        }

        #[rustfmt::skip]
        let input8: [u16; 64] = [
            1, 2, 0, 100, 101, 100, 0, 1, 0, 2, 0, 100, 101, 100, 1, 0,
            1, 2, 0, 100, 101, 100, 0, 1, 0, 2, 0, 100, 101, 100, 1, 0,
            0, 2, 0, 100, 101, 100, 1, 0, 4, 2, 0, 100, 101, 100, 0, 0,
            1, 2, 0, 100, 101, 100, 1, 0, 0, 2, 0, 100, 101, 100, 0, 0,
        ];
        #[rustfmt::skip]
        let mask8: [u8; 64] = [
            1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0,
            1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1,
        ];
        let p = params(9, &tvi, &weights, &recip);
        let g8 = Geom {
            width: 8,
            height: 8,
            stride: 8,
        };
        let mut out = [0f32; 64];
        let mut hist = vec![0u16; 8 * 560];
        c_values(&p, &input8, &mask8, g8, Some(&mut out), &mut hist);
        let sum: f64 = out.iter().map(|&v| f64::from(v)).sum();
        assert!((sum - 195.382527).abs() < 1e-5, "{sum}");
    }

    #[test]
    fn c_value_pixel_matches_libvmaf() {
        let recip = recip();
        let hist: [u16; 10] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        let tvi = [2u16, 3];
        let weights = [1, 2];
        let heavier = [4, 5];
        let mut p = CValueParams {
            window: 1,
            tvi_for_diff: &tvi,
            diff_weights: &weights,
            vlt_luma: 0,
            band_base: 0,
            band_size: 10,
            reciprocal: &recip,
        };
        // libvmaf passes the shifted value 2 with a band offset of 0: compact index 2.
        assert!((c_value_pixel(&hist, 1, 0, 2, 2, &p) - 2.6666667).abs() < 1e-5);
        p.diff_weights = &heavier;
        assert!((c_value_pixel(&hist, 1, 0, 2, 2, &p) - 6.6666667).abs() < 1e-5);
        assert_eq!(c_value_pixel(&hist, 1, 0, 4, 4, &p), 0.0);
        p.vlt_luma = 5;
        assert_eq!(c_value_pixel(&hist, 1, 0, 2, 2, &p), 0.0);
    }

    #[test]
    fn update_ranges() {
        let mut arr = [5u16; 15];
        add_range(&mut arr, 5, 10);
        assert_eq!((arr[5], arr[7], arr[9], arr[10]), (6, 6, 6, 5));
        sub_range(&mut arr, 2, 6);
        assert_eq!((arr[2], arr[4], arr[5], arr[8]), (4, 4, 5, 6));
    }

    #[test]
    fn pooling_matches_libvmaf() {
        let mut arr = [
            0.0f32, 1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 7.0, 8.0, 9.0, 6.0, 11.0,
        ];
        assert_eq!(pool_topk(&mut arr, 0.0), 11.0);
        assert_eq!(pool_topk(&mut arr, 0.1), 11.0);
        assert_eq!(pool_topk(&mut arr, 0.2), 10.5);
        assert_eq!(pool_topk(&mut arr, 1.0), 5.5);

        let mut arr = [
            0.0f32, 1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 7.0, 8.0, 9.0, 6.0, 11.0,
        ];
        quick_select(&mut arr, 5);
        assert_eq!(arr[5], 6.0);
        assert!(arr[..5].iter().all(|&v| v >= 6.0) && arr[6..].iter().all(|&v| v <= 6.0));
    }

    #[test]
    fn mode3_is_majority_else_minimum() {
        assert_eq!(mode3(3, 1, 3), 3);
        assert_eq!(mode3(1, 3, 3), 3);
        assert_eq!(mode3(5, 2, 9), 2);
        assert_eq!(mode3(7, 7, 7), 7);
    }
}
