//! What the AVX2 and AVX-512 twins of the CAMBI kernels share: the element-wise passes, the
//! decimation driver and the c-value pass, written once over the [`CambiIsa`] primitives each
//! level implements (`avx2.rs`, `avx512.rs`); [`level_module!`] stamps out one level's table,
//! `#[target_feature]` functions and safe wrappers.
//!
//! The element-wise passes (conversion, anti-dithering, spatial mask, mode filter) are the
//! scalar bodies of [`super::scalar`], written to vectorise and compiled with the level's
//! instruction set enabled; the decimation runs [`CambiIsa::decimate_row_u16`] (and `_u8`) on
//! every kept row.
//!
//! [`super::scalar::c_values`] visits every pixel of every row three times (entering the
//! window, leaving it, and as the pixel whose c-value is wanted), while only masked pixels
//! inside the tracked band matter: a few percent of a typical picture. The pass here finds those
//! pixels a chunk of 32 or 64 columns at a time as bit masks ([`CambiIsa::tracked`]) and does the
//! work only for their set bits. A run of neighbouring tracked pixels with one value enters (or
//! leaves) the histograms as one update: the sum of their window ranges, a trapezoid of counts
//! ([`CambiIsa::add_run`]). The per-pixel arithmetic of a c-value is the scalar one
//! ([`super::scalar::c_value_pixel`]), and histogram updates are integer counts whose order does
//! not matter, so the result is bit-identical to the scalar kernel.

use super::scalar::{band_row, c_value_pixel};
use super::{CValueParams, CValueStats, Geom};

/// The vector primitives of one instruction set, implemented by the level tokens of
/// [`crate::isa`].
pub(super) trait CambiIsa {
    /// Columns per chunk (at most 64: one bit each in a `u64`).
    const LANES: usize;

    /// Bit `j` is set iff `mask[j] != 0` and `image[j] - base` (wrapping, `u16`) is below `size`,
    /// for `j < LANES`.
    ///
    /// # Safety
    /// The CPU supports the instruction set; `image` and `mask` hold at least `LANES` elements.
    unsafe fn tracked(image: &[u16], mask: &[u8], base: u16, size: u16) -> u64;

    /// Bit `j` is set iff `a[j] == b[j]`, for `j < LANES`.
    ///
    /// # Safety
    /// The CPU supports the instruction set; `a` and `b` hold at least `LANES` elements.
    unsafe fn equal_bits(a: &[u16], b: &[u16]) -> u64;

    /// For the row leaving the window (`out_*`) and the row entering it (`in_*`): the bits of
    /// tracked pixels to remove and to add, leaving out columns where both are tracked with the
    /// same value (their updates cancel).
    ///
    /// # Safety
    /// As [`CambiIsa::tracked`], for all four slices.
    #[inline(always)]
    unsafe fn slide_bits(
        out_image: &[u16],
        out_mask: &[u8],
        in_image: &[u16],
        in_mask: &[u8],
        base: u16,
        size: u16,
    ) -> (u64, u64) {
        // SAFETY: the caller guarantees the instruction set and `LANES` elements in every slice.
        unsafe {
            let to = Self::tracked(out_image, out_mask, base, size);
            let tn = Self::tracked(in_image, in_mask, base, size);
            let same = to & tn & Self::equal_bits(out_image, in_image);
            (to & !same, tn & !same)
        }
    }

    /// Adds `delta` (wrapping) to every cell.
    ///
    /// # Safety
    /// The CPU supports the instruction set.
    unsafe fn add(cells: &mut [u16], delta: u16);

    /// Adds (or with `sub`, subtracts; wrapping) to cell `p` the number of columns of a run of
    /// `len` columns whose `2·pad + 1` window holds it: with `c = p + off` the position relative
    /// to the run's first column, `min(c + pad, len − 1) − max(c − pad, 0) + 1`. The cells must
    /// lie within the run's reach (`−pad <= c <= len − 1 + pad`), where that count is positive.
    ///
    /// # Safety
    /// The CPU supports the instruction set; `len + 2·pad` is below 2^15.
    unsafe fn add_run(cells: &mut [u16], off: i32, pad: i32, len: i32, sub: bool);

    /// `dst[j] = src[2j]` (one row of the 2x decimation of the image; x86 levels only, NEON has
    /// its own decimation kernels).
    ///
    /// # Safety
    /// The CPU supports the instruction set; `src.len() >= 2 * dst.len() - 1`.
    #[cfg(target_arch = "x86_64")]
    unsafe fn decimate_row_u16(dst: &mut [u16], src: &[u16]);

    /// `dst[j] = src[2j]` for bytes (one row of the 2x decimation of the mask).
    ///
    /// # Safety
    /// The CPU supports the instruction set; `src.len() >= 2 * dst.len() - 1`.
    #[cfg(target_arch = "x86_64")]
    unsafe fn decimate_row_u8(dst: &mut [u8], src: &[u8]);
}

/// The count [`CambiIsa::add_run`] adds at relative position `c`.
#[inline(always)]
pub(super) fn run_count(c: i32, pad: i32, len: i32) -> u16 {
    ((c + pad).min(len - 1) - (c - pad).max(0) + 1) as u16
}

/// Calls `f(t, len)` for every run of set bits of `bits` (lowest first) over which `img[t..]`
/// keeps one value: the histogram updates of such a run all go to one row.
#[inline(always)]
fn for_each_run(mut bits: u64, img: &[u16], mut f: impl FnMut(usize, usize)) {
    while bits != 0 {
        let t = bits.trailing_zeros() as usize;
        let v = img[t];
        let mut len = 1;
        while t + len < 64 && (bits >> (t + len)) & 1 == 1 && img[t + len] == v {
            len += 1;
        }
        // Clear bits t..t+len (len may reach 64).
        let run = if len == 64 {
            u64::MAX
        } else {
            ((1u64 << len) - 1) << t
        };
        bits &= !run;
        f(t, len);
    }
}

const PLUS: u16 = 1;
const MINUS: u16 = u16::MAX;

struct Pass<'a, 'p> {
    p: &'a CValueParams<'p>,
    image: &'a [u16],
    mask: &'a [u8],
    g: Geom,
    pad: usize,
    base: u16,
    size: u16,
}

impl Pass<'_, '_> {
    /// Adds `delta` to the histogram of value `v` over the columns whose window holds column `j`.
    #[inline(always)]
    unsafe fn apply<S: CambiIsa>(&self, hist: &mut [u16], j: usize, v: u16, delta: u16) {
        let w = self.g.width;
        let b = usize::from(v.wrapping_sub(self.base));
        let lo = j.saturating_sub(self.pad);
        let hi = (j + self.pad + 1).min(w);
        // SAFETY: the caller guarantees the instruction set; the cells are a checked slice.
        unsafe { S::add(&mut hist[b * w + lo..b * w + hi], delta) };
    }

    /// Adds (`PLUS`) or removes (`MINUS`) a run of `len` tracked pixels of value `v` starting at
    /// column `j`: the sum of their single updates.
    #[inline(always)]
    unsafe fn apply_run<S: CambiIsa>(
        &self,
        hist: &mut [u16],
        j: usize,
        len: usize,
        v: u16,
        delta: u16,
    ) {
        if len == 1 {
            // SAFETY: the caller guarantees the instruction set.
            unsafe { self.apply::<S>(hist, j, v, delta) };
            return;
        }
        let w = self.g.width;
        let b = usize::from(v.wrapping_sub(self.base));
        let lo = j.saturating_sub(self.pad);
        let hi = (j + len + self.pad).min(w);
        let off = lo as i32 - j as i32;
        // SAFETY: the caller guarantees the instruction set; the cells are a checked slice
        // within the run's reach; `len <= 64` and the wrapper checked `pad < 2^14`.
        unsafe {
            S::add_run(
                &mut hist[b * w + lo..b * w + hi],
                off,
                self.pad as i32,
                len as i32,
                delta == MINUS,
            )
        };
    }

    /// Adds (`PLUS`) or removes (`MINUS`) the tracked pixels of row `r`.
    #[inline(always)]
    unsafe fn update_row<S: CambiIsa>(&self, hist: &mut [u16], r: usize, delta: u16) {
        let (w, s) = (self.g.width, self.g.stride);
        let img = &self.image[r * s..][..w];
        let msk = &self.mask[r * s..][..w];
        let mut c0 = 0;
        while c0 + S::LANES <= w {
            // SAFETY: the caller guarantees the instruction set; both slices hold LANES elements.
            let bits = unsafe {
                S::tracked(
                    &img[c0..c0 + S::LANES],
                    &msk[c0..c0 + S::LANES],
                    self.base,
                    self.size,
                )
            };
            let chunk = &img[c0..c0 + S::LANES];
            // SAFETY: as above.
            for_each_run(bits, chunk, |t, len| unsafe {
                self.apply_run::<S>(hist, c0 + t, len, chunk[t], delta)
            });
            c0 += S::LANES;
        }
        for j in c0..w {
            if msk[j] != 0 && band_row(img[j], self.p).is_some() {
                // SAFETY: as above.
                unsafe { self.apply::<S>(hist, j, img[j], delta) };
            }
        }
    }

    /// Removes row `o` and adds row `n` (libvmaf `uh_slide`).
    #[inline(always)]
    unsafe fn slide<S: CambiIsa>(&self, hist: &mut [u16], o: usize, n: usize) {
        let (w, s) = (self.g.width, self.g.stride);
        let img_o = &self.image[o * s..][..w];
        let msk_o = &self.mask[o * s..][..w];
        let img_n = &self.image[n * s..][..w];
        let msk_n = &self.mask[n * s..][..w];
        let mut c0 = 0;
        while c0 + S::LANES <= w {
            let r = c0..c0 + S::LANES;
            // SAFETY: the caller guarantees the instruction set; all slices hold LANES elements.
            let (sub, add) = unsafe {
                S::slide_bits(
                    &img_o[r.clone()],
                    &msk_o[r.clone()],
                    &img_n[r.clone()],
                    &msk_n[r],
                    self.base,
                    self.size,
                )
            };
            let (chunk_o, chunk_n) = (&img_o[c0..c0 + S::LANES], &img_n[c0..c0 + S::LANES]);
            // SAFETY: as above.
            for_each_run(sub, chunk_o, |t, len| unsafe {
                self.apply_run::<S>(hist, c0 + t, len, chunk_o[t], MINUS)
            });
            // SAFETY: as above.
            for_each_run(add, chunk_n, |t, len| unsafe {
                self.apply_run::<S>(hist, c0 + t, len, chunk_n[t], PLUS)
            });
            c0 += S::LANES;
        }
        for j in c0..w {
            let sub = (msk_o[j] != 0)
                .then(|| band_row(img_o[j], self.p))
                .flatten();
            let add = (msk_n[j] != 0)
                .then(|| band_row(img_n[j], self.p))
                .flatten();
            if sub.is_some() && sub == add {
                continue;
            }
            if sub.is_some() {
                // SAFETY: as above.
                unsafe { self.apply::<S>(hist, j, img_o[j], MINUS) };
            }
            if add.is_some() {
                // SAFETY: as above.
                unsafe { self.apply::<S>(hist, j, img_n[j], PLUS) };
            }
        }
    }

    /// The c-values of row `i` into `stats` (and `out_row`).
    #[inline(always)]
    unsafe fn query_row<S: CambiIsa>(
        &self,
        hist: &[u16],
        i: usize,
        stats: &mut CValueStats,
        mut out_row: Option<&mut [f32]>,
    ) {
        let (w, s) = (self.g.width, self.g.stride);
        let img = &self.image[i * s..][..w];
        let msk = &self.mask[i * s..][..w];
        let mut c0 = 0;
        while c0 + S::LANES <= w {
            // SAFETY: the caller guarantees the instruction set; both slices hold LANES elements.
            let bits = unsafe {
                S::tracked(
                    &img[c0..c0 + S::LANES],
                    &msk[c0..c0 + S::LANES],
                    self.base,
                    self.size,
                )
            };
            let mut bits = bits;
            while bits != 0 {
                let j = c0 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.query_one(hist, j, img[j], stats, out_row.as_deref_mut());
            }
            c0 += S::LANES;
        }
        for j in c0..w {
            if msk[j] != 0 && band_row(img[j], self.p).is_some() {
                self.query_one(hist, j, img[j], stats, out_row.as_deref_mut());
            }
        }
    }

    /// The c-value of the tracked pixel of value `v` in column `j`.
    #[inline(always)]
    fn query_one(
        &self,
        hist: &[u16],
        j: usize,
        v: u16,
        stats: &mut CValueStats,
        out_row: Option<&mut [f32]>,
    ) {
        let nd = self.p.tvi_for_diff.len() as i32;
        let compact = i32::from(v.wrapping_sub(self.base));
        let c = c_value_pixel(hist, self.g.width, j, compact, i32::from(v) + nd, self.p);
        stats.add(c);
        if let Some(o) = out_row {
            o[j] = c;
        }
    }
}

/// [`super::scalar::c_values`] through the primitives of `S`.
///
/// # Safety
/// The CPU supports `S`'s instruction set. The slices must have been checked as the safe
/// wrappers do: `image` and `mask` hold `g`, `hist` holds `band_size * width` cells, `out` (if
/// any) `width * height` values, `band_size <= u16::MAX`, `window / 2 <= min(width, height)`.
#[inline(always)]
pub(super) unsafe fn c_values<S: CambiIsa>(
    p: &CValueParams<'_>,
    image: &[u16],
    mask: &[u8],
    g: Geom,
    mut out: Option<&mut [f32]>,
    hist: &mut [u16],
) -> CValueStats {
    let (w, h) = (g.width, g.height);
    let pad = p.window >> 1;
    let mut stats = CValueStats::default();
    if let Some(out) = out.as_deref_mut() {
        out[..w * h].fill(0.0);
    }
    if p.band_size == 0 {
        return stats;
    }
    let hist = &mut hist[..p.band_size * w];
    hist.fill(0);
    let pass = Pass {
        p,
        image,
        mask,
        g,
        pad,
        base: p.band_base,
        size: p.band_size as u16,
    };
    for r in 0..pad.min(h) {
        // SAFETY: the caller guarantees the instruction set.
        unsafe { pass.update_row::<S>(hist, r, PLUS) };
    }
    for i in 0..h {
        let entering = (i + pad < h).then_some(i + pad);
        let leaving = (i > pad).then(|| i - pad - 1);
        // SAFETY: the caller guarantees the instruction set.
        unsafe {
            match (leaving, entering) {
                (Some(o), Some(n)) => pass.slide::<S>(hist, o, n),
                (None, Some(n)) => pass.update_row::<S>(hist, n, PLUS),
                (Some(o), None) => pass.update_row::<S>(hist, o, MINUS),
                (None, None) => {}
            }
        }
        let out_row = out.as_deref_mut().map(|o| &mut o[i * w..][..w]);
        // SAFETY: the caller guarantees the instruction set.
        unsafe { pass.query_row::<S>(hist, i, &mut stats, out_row) };
    }
    stats
}

/// Checks the arguments of a vector `c_values` as the scalar kernel's indexing would, and tells
/// whether the vector pass applies (else the scalar kernel must be used).
pub(super) fn c_values_args_ok(
    p: &CValueParams<'_>,
    image: &[u16],
    mask: &[u8],
    g: Geom,
    out: Option<&[f32]>,
    hist: &[u16],
) -> bool {
    let pad = p.window >> 1;
    image.len() >= g.min_len()
        && mask.len() >= g.min_len()
        && g.stride >= g.width
        && hist.len() >= p.band_size * g.width
        && out.is_none_or(|o| o.len() >= g.width * g.height)
        && p.band_size <= usize::from(u16::MAX)
        && pad <= g.width
        && pad <= g.height
        && pad < 1 << 14
}

/// Defines, in the invoking module, `TABLE` (the [`CambiKernels`](super::CambiKernels) of level
/// `CpuLevel::$isa`) and its kernels, compiled with `$features`. The token type
/// `crate::isa::$isa` must implement [`CambiIsa`] for those features. `TABLE` must only be handed
/// out when the level is supported.
#[cfg(target_arch = "x86_64")]
macro_rules! level_module {
    ($isa:ident, $features:literal) => {
        /// This level's table. Callers must have checked that the level is supported.
        pub(super) const TABLE: $crate::cambi::CambiKernels = $crate::cambi::CambiKernels {
            level: $crate::cpu::CpuLevel::$isa,
            resample_u8,
            resample_u16,
            anti_dither,
            resample_u8_anti_dither,
            spatial_mask,
            decimate,
            decimate_mask,
            filter_mode,
            c_values,
            pool_topk: $crate::cambi::scalar::pool_topk,
        };

        $crate::isa::twins! {
            features: $features;
            fn resample_u8 => resample_u8_impl(
                    src: &[u8], sg: $crate::cambi::Geom, bd: u32, dst: &mut [u16],
                    dg: $crate::cambi::Geom)
                = $crate::cambi::scalar::resample_u8_to_10b(src, sg, bd, dst, dg);
            fn resample_u16 => resample_u16_impl(
                    src: &[u16], sg: $crate::cambi::Geom, bd: u32, dst: &mut [u16],
                    dg: $crate::cambi::Geom)
                = $crate::cambi::scalar::resample_u16_to_10b(src, sg, bd, dst, dg);
            fn anti_dither => anti_dither_impl(data: &mut [u16], g: $crate::cambi::Geom)
                = $crate::cambi::scalar::anti_dither(data, g);
            fn resample_u8_anti_dither => resample_u8_anti_dither_impl(
                    src: &[u8], sg: $crate::cambi::Geom, bd: u32, dst: &mut [u16],
                    dg: $crate::cambi::Geom)
                = $crate::cambi::scalar::resample_u8_anti_dither(src, sg, bd, dst, dg);
            fn spatial_mask => spatial_mask_impl(
                    image: &[u16], g: $crate::cambi::Geom, filter_size: usize, threshold: u32,
                    mask: &mut [u8], scratch: &mut $crate::cambi::MaskScratch<'_>)
                = $crate::cambi::scalar::spatial_mask(
                    image, g, filter_size, threshold, mask, scratch);
            fn decimate => decimate_impl(data: &mut [u16], g: $crate::cambi::Geom)
                // SAFETY: `decimate_plane` passes `src` of `2 * dst.len() - 1` samples; this
                // function has the features of the level's `decimate_row_u16`.
                = $crate::cambi::scalar::decimate_plane(data, g, |d, s| unsafe {
                    <$crate::isa::$isa as $crate::cambi::x86::CambiIsa>::decimate_row_u16(d, s)
                });
            fn decimate_mask => decimate_mask_impl(data: &mut [u8], g: $crate::cambi::Geom)
                // SAFETY: as for `decimate`.
                = $crate::cambi::scalar::decimate_plane(data, g, |d, s| unsafe {
                    <$crate::isa::$isa as $crate::cambi::x86::CambiIsa>::decimate_row_u8(d, s)
                });
            fn filter_mode => filter_mode_impl(
                    data: &mut [u16], g: $crate::cambi::Geom, buffer: &mut [u16])
                = $crate::cambi::scalar::filter_mode(data, g, buffer);
        }

        #[target_feature(enable = $features)]
        unsafe fn c_values_impl(
            p: &$crate::cambi::CValueParams<'_>,
            image: &[u16],
            mask: &[u8],
            g: $crate::cambi::Geom,
            out: Option<&mut [f32]>,
            hist: &mut [u16],
        ) -> $crate::cambi::CValueStats {
            // SAFETY: this function has the level's features; the caller checked the arguments.
            unsafe {
                $crate::cambi::x86::c_values::<$crate::isa::$isa>(p, image, mask, g, out, hist)
            }
        }

        fn c_values(
            p: &$crate::cambi::CValueParams<'_>,
            image: &[u16],
            mask: &[u8],
            g: $crate::cambi::Geom,
            out: Option<&mut [f32]>,
            hist: &mut [u16],
        ) -> $crate::cambi::CValueStats {
            if !$crate::cambi::x86::c_values_args_ok(p, image, mask, g, out.as_deref(), hist) {
                return $crate::cambi::scalar::c_values(p, image, mask, g, out, hist);
            }
            // SAFETY: only reachable through `TABLE`, handed out only when the level is
            // supported; arguments checked above.
            unsafe { c_values_impl(p, image, mask, g, out, hist) }
        }
    };
}
#[cfg(target_arch = "x86_64")]
pub(super) use level_module;
