//! CAMBI (Contrast Aware Multiscale Banding Index), Netflix's no-reference banding detector,
//! bit-exact with libvmaf 3.2's `cambi` extractor (`libvmaf/src/feature/cambi.c`, `cambi.h`,
//! `luminance_tools.c`).
//!
//! Per frame, on the luma of the distorted picture:
//! 1. resample to the encode size (centred nearest neighbour) and convert to 10 bit; below a
//!    10-bit encode depth, a 2x2 anti-dithering average;
//! 2. spatial mask of flat regions: pixels whose 7x7 neighbourhood holds more zero-derivative
//!    pixels than a resolution-dependent threshold;
//! 3. five scales (each halving the previous, after a 3-tap mode filter): for every masked
//!    pixel a contrast value ("c-value") from the histogram of masked values in a window around
//!    it — large when the pixel's value and a slightly brighter or darker value (1..4 codes,
//!    below the visibility threshold of that step) both fill much of the window, i.e. a band edge;
//! 4. per scale, the mean of the top 60 % c-values; the frame score is
//!    `Σ w_s · pool_s / window²` with `w = 16, 8, 4, 2, 1`, clipped to `cambi_max_val`.
//!
//! [`Cambi`] holds every buffer (allocated once in [`Cambi::new`]) and calls the hot loops through
//! the `foveal_kernels::cambi::CambiKernels` table. See `docs/cambi.md` for the options users need
//! and the score scale.

mod luminance;
mod options;

use std::sync::OnceLock;

use foveal_kernels::cambi::{
    CValueParams, CambiKernels, Geom, MASK_FILTER_SIZE, MaskScratch, pool_from_stats,
};
use foveal_kernels::cpu::CpuLevel;

use crate::error::{Error, Result};
use crate::frame::{Pixel, Plane, PlaneRef};

pub use luminance::{bt1886_eotf, luminance, pq_eotf, tvi_condition, tvi_for_diff, vlt_luma};
pub use options::{CambiOptions, Eotf};

/// libvmaf refuses an encode (and a source) size whose width and height are both below this.
pub const MIN_WIDTH_HEIGHT: usize = 216;
/// Number of scales.
pub const NUM_SCALES: usize = 5;
/// Weight of each scale in the frame score.
pub const SCALE_WEIGHTS: [i32; NUM_SCALES] = [16, 8, 4, 2, 1];
/// Weight of each contrast step `d + 1` (suprathreshold contrast response).
pub const CONTRAST_WEIGHTS: [i32; 32] = [
    1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
];
/// Entries of the reciprocal table; the adjusted window's area must stay below it.
pub const RECIPROCAL_LUT_SIZE: usize = 4226;
/// Name of the reference score in full-reference mode.
pub const SOURCE_FEATURE_NAME: &str = "cambi_source";
/// Name of the full-reference score.
pub const FULL_REFERENCE_FEATURE_NAME: &str = "cambi_full_reference";

/// libvmaf's `reciprocal_lut`: entry `i` is `1/i` printed with 9 significant digits and read back
/// as f32 (which differs from the correctly rounded `1.0f32 / i` in 42 entries), entry 0 is 0.
pub fn reciprocal_lut() -> &'static [f32] {
    static LUT: OnceLock<Vec<f32>> = OnceLock::new();
    LUT.get_or_init(|| {
        (0..RECIPROCAL_LUT_SIZE)
            .map(|i| {
                if i == 0 {
                    0.0
                } else {
                    format!("{:.8e}", 1.0 / i as f64)
                        .parse::<f32>()
                        .unwrap_or(1.0 / i as f32)
                }
            })
            .collect()
    })
}

/// libvmaf `adjust_window_size`: scales the 4K window to a `width x height` picture,
/// `((ws · (w + h)) / 375) >> 4`, halves it (rounding up) with the high-res speed-up, and forces
/// it odd.
pub fn adjust_window_size(
    window_size: u32,
    width: usize,
    height: usize,
    high_res_speedup: bool,
) -> u32 {
    let mut ws = (((window_size as u64 * (width + height) as u64) / 375) >> 4) as u32;
    if high_res_speedup {
        ws = (ws + 1) >> 1;
    }
    ws | 1
}

/// Pixels in the odd window of side `window` (libvmaf `get_pixels_in_window`).
pub fn pixels_in_window(window: u32) -> u32 {
    let odd = 2 * (window >> 1) + 1;
    odd.saturating_mul(odd)
}

/// `ceil(log2(n))`, 0 for 0 and 1.
fn ceil_log2(n: u32) -> i32 {
    if n == 0 {
        0
    } else {
        (32 - (n - 1).leading_zeros()) as i32
    }
}

/// Threshold of the spatial mask for a `width x height` picture and a `filter_size` square
/// (libvmaf `get_mask_index`): `(f² + 3·(ceil_log2((w>>6)·(h>>6)) − 11) − 1) >> 1`; a pixel is
/// flat when more than this many pixels of its square have zero derivative.
pub fn mask_threshold(width: usize, height: usize, filter_size: usize) -> u32 {
    let shifted = ((width >> 6) as u64 * (height >> 6) as u64).min(u64::from(u32::MAX)) as u32;
    let f = filter_size.min(1 << 15) as i64;
    let v = f * f + 3 * (i64::from(ceil_log2(shifted)) - 11) - 1;
    (v >> 1) as u16 as u32
}

/// One scale's c-value map, scaled to 16 bit as libvmaf writes its heatmap files
/// (`cambi_heatmap_scale_<s>_<w>x<h>_16b.gray`): `(uint16)(c · 65535 / (max_w · ws² / 4))` with
/// `max_w` the largest contrast weight in use and `ws` the adjusted window (integer division).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeatmapScale {
    /// Width of this scale's map (the encode width halved `s` times, rounded up; once more with
    /// the high-res speed-up, though libvmaf's file name then still shows the unhalved size).
    pub width: usize,
    /// Height of this scale's map.
    pub height: usize,
    /// `width * height` values, row after row.
    pub values: Vec<u16>,
}

/// The scores of one frame in full-reference mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CambiScores {
    /// The distorted frame's score (libvmaf `cambi`), clipped to `cambi_max_val`.
    pub cambi: f64,
    /// The reference frame's score, at the `src` size (libvmaf `cambi_source`), clipped.
    pub cambi_source: f64,
    /// `max(0, cambi - cambi_source)` of the unclipped scores, clipped (libvmaf
    /// `cambi_full_reference`).
    pub cambi_full_reference: f64,
}

/// C's `(uint16_t)double` as x86-64 compilers emit it (truncate to a 32-bit integer, keep the low
/// 16 bits; NaN and out-of-range values give 0x80000000, hence 0). Only reached for heatmap
/// values above 65535, which the integer division of libvmaf's scale allows.
fn c_to_u16(x: f64) -> u16 {
    if x > -2_147_483_649.0 && x < 2_147_483_648.0 {
        (x as i32) as u16
    } else {
        0
    }
}

/// The CAMBI extractor for one input geometry and option set. All scratch is allocated in
/// [`Cambi::new`]; [`Cambi::compute`] does not allocate.
pub struct Cambi {
    opts: CambiOptions,
    width: usize,
    height: usize,
    bit_depth: u8,
    enc: (usize, usize),
    src: (usize, usize),
    enc_bitdepth: u32,
    window: u32,
    src_window: u32,
    high_res_speedup: bool,
    topk: f64,
    eotf: Eotf,
    tvi_for_diff: Vec<u16>,
    diff_weights: Vec<i32>,
    vlt_luma: u16,
    band_base: u16,
    band_size: usize,
    reciprocal: &'static [f32],
    kernels: CambiKernels,
    stride: usize,
    image: Vec<u16>,
    mask: Vec<u8>,
    c_values: Vec<f32>,
    histograms: Vec<u16>,
    mode_buffer: Vec<u16>,
    derivative_rows: Vec<u8>,
    column_sums: Vec<u8>,
    heatmaps: Vec<HeatmapScale>,
}

impl std::fmt::Debug for Cambi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cambi")
            .field("input", &(self.width, self.height, self.bit_depth))
            .field("encode_size", &self.enc)
            .field("source_size", &self.src)
            .field("encode_bit_depth", &self.enc_bitdepth)
            .field("window", &self.window)
            .field("source_window", &self.src_window)
            .field("high_res_speedup", &self.high_res_speedup)
            .field("topk", &self.topk)
            .field("eotf", &self.eotf)
            .field("tvi_for_diff", &self.tvi_for_diff)
            .field("vlt_luma", &self.vlt_luma)
            .field("options", &self.opts)
            .finish_non_exhaustive()
    }
}

/// Size of scale `NUM_SCALES - 1`, the smallest one.
fn smallest_scale(w: usize, h: usize, high_res_speedup: bool) -> (usize, usize) {
    let halvings = NUM_SCALES - 1 + usize::from(high_res_speedup);
    (0..halvings).fold((w, h), |(w, h), _| ((w + 1) >> 1, (h + 1) >> 1))
}

/// libvmaf's histogram loops read outside the picture when half the window exceeds a scale's
/// width or height; refuse such geometries rather than invent a score.
fn check_window_fits(
    what: &'static str,
    size: (usize, usize),
    window: u32,
    hrs: bool,
) -> Result<()> {
    let (w4, h4) = smallest_scale(size.0, size.1, hrs);
    let pad = (window >> 1) as usize;
    if pad > w4 || pad > h4 {
        return Err(Error::invalid(
            what,
            format!("{}x{}", size.0, size.1),
            format!(
                "a size whose smallest CAMBI scale ({w4}x{h4}) is at least half the {window}-pixel window \
                 ({pad}) in both dimensions; libvmaf reads outside the picture there"
            ),
        ));
    }
    Ok(())
}

impl Cambi {
    /// Prepares CAMBI for `width x height` luma planes of `bit_depth` (8..=16) bits, resolving
    /// the options as libvmaf's `init` does: encode and source sizes default to the input, an
    /// encode size larger than the input is replaced by the input size, the high-res speed-up is
    /// kept only for large enough encodes, windows are scaled to the picture.
    ///
    /// Errors (each naming the value): an option out of range; an encode or source size with
    /// both width and height below [`MIN_WIDTH_HEIGHT`] (216), which libvmaf refuses; a source size
    /// wider but shorter (or narrower but taller) than the encode size; an adjusted window whose
    /// area reaches [`RECIPROCAL_LUT_SIZE`] (e.g. inputs above 4K with default options: set
    /// `enc_width`/`enc_height` and `src_width`/`src_height`); a geometry so elongated that half
    /// the window exceeds the smallest scale (libvmaf has no defined result there); a
    /// visible-luminance threshold above the EOTF's peak.
    pub fn new(width: usize, height: usize, bit_depth: u8, opts: CambiOptions) -> Result<Cambi> {
        opts.validate()?;
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        let max = crate::frame::MAX_DIMENSION as usize;
        if !(1..=max).contains(&width) || !(1..=max).contains(&height) {
            return Err(Error::invalid(
                "cambi frame size",
                format!("{width}x{height}"),
                format!("1..={max} each"),
            ));
        }

        let enc_bitdepth = if opts.enc_bitdepth == 0 {
            u32::from(bit_depth)
        } else {
            opts.enc_bitdepth
        };
        let mut enc = if opts.enc_width == 0 || opts.enc_height == 0 {
            (width, height)
        } else {
            (opts.enc_width as usize, opts.enc_height as usize)
        };
        let src = if opts.src_width == 0 || opts.src_height == 0 {
            (width, height)
        } else {
            (opts.src_width as usize, opts.src_height as usize)
        };
        if enc.1 > height || enc.0 > width {
            enc = (width, height);
        }
        if enc.0 < MIN_WIDTH_HEIGHT && enc.1 < MIN_WIDTH_HEIGHT {
            return Err(Error::invalid(
                "cambi encode size",
                format!("{}x{}", enc.0, enc.1),
                format!(
                    "width or height at least {MIN_WIDTH_HEIGHT} (libvmaf refuses smaller frames)"
                ),
            ));
        }
        if src.0 < MIN_WIDTH_HEIGHT && src.1 < MIN_WIDTH_HEIGHT {
            return Err(Error::invalid(
                "cambi source size",
                format!("{}x{}", src.0, src.1),
                format!(
                    "width or height at least {MIN_WIDTH_HEIGHT} (libvmaf refuses smaller frames)"
                ),
            ));
        }
        if (src.0 > enc.0 && src.1 < enc.1) || (src.0 < enc.0 && src.1 > enc.1) {
            return Err(Error::Mismatch {
                what: "cambi source/encode aspect (one may not be wider and shorter than the other)",
                reference: format!("{}x{}", src.0, src.1),
                distorted: format!("{}x{}", enc.0, enc.1),
            });
        }

        let enc_pixels = enc.0 * enc.1;
        let high_res_speedup = match opts.cambi_high_res_speedup {
            1080 => enc_pixels >= 1920 * 1080,
            1440 => enc_pixels >= 2560 * 1440,
            2160 => enc_pixels >= 3840 * 2160,
            _ => false,
        };

        let num_diffs = 1usize << opts.max_log_contrast;
        let eotf = opts.effective_eotf();
        // Thresholds are kept shifted by num_diffs, as libvmaf stores them.
        let tvi_shifted: Vec<u16> = (1..=num_diffs as i32)
            .map(|d| (tvi_for_diff(d, opts.tvi_threshold, eotf) + num_diffs as i32) as u16)
            .collect();
        let diff_weights = CONTRAST_WEIGHTS[..num_diffs].to_vec();
        let vlt = vlt_luma(opts.cambi_vis_lum_threshold, eotf)?;

        let window = adjust_window_size(opts.window_size, enc.0, enc.1, high_res_speedup);
        let src_window = adjust_window_size(opts.window_size, src.0, src.1, high_res_speedup);
        let max_window = window.max(src_window);
        if (max_window * max_window) as usize >= RECIPROCAL_LUT_SIZE {
            return Err(Error::invalid(
                "cambi adjusted window size",
                format!(
                    "{max_window} (window_size {} at encode {}x{}, source {}x{})",
                    opts.window_size, enc.0, enc.1, src.0, src.1
                ),
                "at most 65 (libvmaf's reciprocal table); lower window_size or set smaller enc/src sizes",
            ));
        }
        check_window_fits("cambi encode size", enc, window, high_res_speedup)?;
        if opts.full_ref {
            check_window_fits("cambi source size", src, src_window, high_res_speedup)?;
        }

        // Useful band: a visible c-value reads only values in [vlt - 3·nd + 1, max tvi].
        let band_lo = (i32::from(vlt) - 3 * num_diffs as i32 + 1).max(0);
        let band_hi = i32::from(*tvi_shifted.iter().max().unwrap_or(&0));
        let band_base = band_lo as u16;
        let band_size = (band_hi + 1 - band_lo).max(0) as usize;

        let (alloc_w, alloc_h) = if opts.full_ref {
            (src.0.max(enc.0), src.1.max(enc.1))
        } else {
            enc
        };
        let heatmaps = if opts.heatmaps {
            let (mut w, mut h) = enc;
            (0..NUM_SCALES)
                .map(|scale| {
                    if scale > 0 || high_res_speedup {
                        w = (w + 1) >> 1;
                        h = (h + 1) >> 1;
                    }
                    HeatmapScale {
                        width: w,
                        height: h,
                        values: vec![0; w * h],
                    }
                })
                .collect()
        } else {
            Vec::new()
        };

        Ok(Cambi {
            width,
            height,
            bit_depth,
            enc,
            src,
            enc_bitdepth,
            window,
            src_window,
            high_res_speedup,
            topk: opts.effective_topk(),
            eotf,
            tvi_for_diff: tvi_shifted,
            diff_weights,
            vlt_luma: vlt,
            band_base,
            band_size,
            reciprocal: reciprocal_lut(),
            kernels: CambiKernels::for_level(CpuLevel::active()),
            stride: alloc_w,
            image: vec![0; alloc_w * alloc_h],
            mask: vec![0; alloc_w * alloc_h],
            c_values: vec![0.0; alloc_w * alloc_h],
            histograms: vec![0; band_size * alloc_w],
            mode_buffer: vec![0; 3 * alloc_w],
            derivative_rows: vec![0; MASK_FILTER_SIZE * alloc_w],
            column_sums: vec![0; alloc_w + MASK_FILTER_SIZE - 1],
            heatmaps,
            opts,
        })
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &CambiOptions {
        &self.opts
    }
    /// Input size (width, height).
    pub fn input_size(&self) -> (usize, usize) {
        (self.width, self.height)
    }
    /// Size the distorted frame is scored at, after defaulting and clamping.
    pub fn encode_size(&self) -> (usize, usize) {
        self.enc
    }
    /// Size the reference is scored at in full-reference mode.
    pub fn source_size(&self) -> (usize, usize) {
        self.src
    }
    /// Encode bit depth in effect (the input's unless set).
    pub fn encode_bit_depth(&self) -> u32 {
        self.enc_bitdepth
    }
    /// Adjusted (odd) window of the distorted frame.
    pub fn window_size(&self) -> u32 {
        self.window
    }
    /// Adjusted (odd) window of the reference in full-reference mode.
    pub fn source_window_size(&self) -> u32 {
        self.src_window
    }
    /// Whether the high-res speed-up is in effect.
    pub fn high_res_speedup(&self) -> bool {
        self.high_res_speedup
    }
    /// Pooling fraction in effect.
    pub fn topk(&self) -> f64 {
        self.topk
    }
    /// EOTF in effect.
    pub fn eotf(&self) -> Eotf {
        self.eotf
    }
    /// Visibility threshold per contrast step 1, 2, ... as 10-bit codes (libvmaf's
    /// `tvi_for_diff` before its `+ num_diffs` shift): 178, 305, 432, 559 by default.
    pub fn tvi_thresholds(&self) -> Vec<u16> {
        let nd = self.tvi_for_diff.len() as u16;
        self.tvi_for_diff.iter().map(|&t| t - nd).collect()
    }
    /// Smallest visible 10-bit code (0 when all are; 78 for 0.06 nits under BT.1886).
    pub fn vlt_luma(&self) -> u16 {
        self.vlt_luma
    }
    /// Threshold of the spatial mask at the encode size.
    pub fn mask_threshold(&self) -> u32 {
        mask_threshold(self.enc.0, self.enc.1, MASK_FILTER_SIZE)
    }
    /// The per-scale c-value maps of the last distorted frame (empty unless
    /// [`CambiOptions::heatmaps`] is set).
    pub fn heatmaps(&self) -> &[HeatmapScale] {
        &self.heatmaps
    }

    /// Scores one distorted luma plane: libvmaf's `cambi` value (clipped to `cambi_max_val`).
    pub fn compute(&mut self, distorted: PlaneRef<'_>) -> Result<f64> {
        self.check_plane(&distorted, "distorted")?;
        let score = self.score(distorted, false);
        Ok(score.min(self.opts.cambi_max_val))
    }

    /// Full-reference mode (requires [`CambiOptions::full_ref`]): scores the distorted plane, then
    /// the reference at the source size, and combines them as libvmaf does.
    pub fn compute_full_ref(
        &mut self,
        reference: PlaneRef<'_>,
        distorted: PlaneRef<'_>,
    ) -> Result<CambiScores> {
        if !self.opts.full_ref {
            return Err(Error::invalid(
                "cambi full_ref",
                "false",
                "true to score a reference",
            ));
        }
        self.check_plane(&distorted, "distorted")?;
        self.check_plane(&reference, "reference")?;
        let dist = self.score(distorted, false);
        let src = self.score(reference, true);
        let max = self.opts.cambi_max_val;
        let combined = if 0.0 > dist - src { 0.0 } else { dist - src };
        Ok(CambiScores {
            cambi: dist.min(max),
            cambi_source: src.min(max),
            cambi_full_reference: combined.min(max),
        })
    }

    fn check_plane(&self, plane: &PlaneRef<'_>, what: &str) -> Result<()> {
        if plane.width() != self.width || plane.height() != self.height {
            return Err(Error::InvalidFrame(format!(
                "cambi {what} luma is {}x{}, the extractor was built for {}x{}",
                plane.width(),
                plane.height(),
                self.width,
                self.height
            )));
        }
        match plane {
            PlaneRef::U8(_) if self.bit_depth == 8 => Ok(()),
            PlaneRef::U16(p) if self.bit_depth > 8 => check_range(p, self.bit_depth, what),
            _ => Err(Error::InvalidFrame(format!(
                "cambi {what} luma: {}-bit input needs {} samples",
                self.bit_depth,
                if self.bit_depth == 8 { "u8" } else { "u16" }
            ))),
        }
    }

    /// libvmaf `preprocess_and_extract_cambi` + `cambi_score`, unclipped.
    fn score(&mut self, plane: PlaneRef<'_>, is_src: bool) -> f64 {
        let (w, h) = if is_src { self.src } else { self.enc };
        let window = if is_src { self.src_window } else { self.window };
        let k = self.kernels;
        let g = Geom {
            width: w,
            height: h,
            stride: self.stride,
        };
        let anti_dither = self.enc_bitdepth < 10;
        match plane {
            PlaneRef::U8(p) if anti_dither => {
                (k.resample_u8_anti_dither)(p.data(), plane_geom(&p), 8, &mut self.image, g)
            }
            PlaneRef::U8(p) => (k.resample_u8)(p.data(), plane_geom(&p), 8, &mut self.image, g),
            PlaneRef::U16(p) => {
                (k.resample_u16)(
                    p.data(),
                    plane_geom(&p),
                    u32::from(self.bit_depth),
                    &mut self.image,
                    g,
                );
                if anti_dither {
                    (k.anti_dither)(&mut self.image, g);
                }
            }
        }
        let mut scratch = MaskScratch {
            derivative_rows: &mut self.derivative_rows,
            column_sums: &mut self.column_sums,
        };
        let threshold = mask_threshold(w, h, MASK_FILTER_SIZE);
        (k.spatial_mask)(
            &self.image,
            g,
            MASK_FILTER_SIZE,
            threshold,
            &mut self.mask,
            &mut scratch,
        );

        let params = CValueParams {
            window: window as usize,
            tvi_for_diff: &self.tvi_for_diff,
            diff_weights: &self.diff_weights,
            vlt_luma: self.vlt_luma,
            band_base: self.band_base,
            band_size: self.band_size,
            reciprocal: self.reciprocal,
        };
        let record = !is_src && !self.heatmaps.is_empty();
        let heat_scale = if record {
            let max_weight = self.diff_weights.iter().copied().max().unwrap_or(1) as i64;
            let max_c = max_weight * i64::from(window) * i64::from(window) / 4;
            65535.0 / max_c as f64
        } else {
            0.0
        };
        let mut scores = [0.0f64; NUM_SCALES];
        let (mut sw, mut sh) = (w, h);
        for (scale, score) in scores.iter_mut().enumerate() {
            if scale > 0 || self.high_res_speedup {
                sw = (sw + 1) >> 1;
                sh = (sh + 1) >> 1;
                let gs = Geom {
                    width: sw,
                    height: sh,
                    stride: self.stride,
                };
                (k.decimate)(&mut self.image, gs);
                (k.decimate_mask)(&mut self.mask, gs);
            }
            let gs = Geom {
                width: sw,
                height: sh,
                stride: self.stride,
            };
            (k.filter_mode)(&mut self.image, gs, &mut self.mode_buffer);
            // The map itself is only written when a heatmap needs it or when the pooled mean
            // cannot be had from the summary alone (then the scale is computed again, densely).
            let stats = (k.c_values)(
                &params,
                &self.image,
                &self.mask,
                gs,
                record.then_some(&mut self.c_values[..]),
                &mut self.histograms,
            );
            if record {
                let c = &self.c_values[..sw * sh];
                let map = &mut self.heatmaps[scale];
                debug_assert_eq!((map.width, map.height), (sw, sh));
                for (o, &v) in map.values.iter_mut().zip(c.iter()) {
                    *o = c_to_u16(heat_scale * f64::from(v));
                }
            }
            *score = match pool_from_stats(&stats, sw * sh, self.topk) {
                Some(pooled) => pooled,
                None => {
                    if !record {
                        (k.c_values)(
                            &params,
                            &self.image,
                            &self.mask,
                            gs,
                            Some(&mut self.c_values[..]),
                            &mut self.histograms,
                        );
                    }
                    (k.pool_topk)(&mut self.c_values[..sw * sh], self.topk)
                }
            };
        }
        let mut total = 0.0f64;
        for (s, w) in scores.iter().zip(SCALE_WEIGHTS) {
            total += s * f64::from(w);
        }
        total / f64::from(pixels_in_window(window))
    }
}

fn plane_geom<T: Pixel>(p: &Plane<'_, T>) -> Geom {
    Geom {
        width: p.width(),
        height: p.height(),
        stride: p.stride(),
    }
}

/// libvmaf `validate_image_hbd`: refuses samples above the declared bit depth.
fn check_range(p: &Plane<'_, u16>, bit_depth: u8, what: &str) -> Result<()> {
    if bit_depth >= 16 {
        return Ok(());
    }
    let max = (1u16 << bit_depth) - 1;
    for (y, row) in p.rows().enumerate() {
        if let Some(x) = row.iter().position(|&v| v > max) {
            return Err(Error::InvalidFrame(format!(
                "cambi {what} luma sample {} at ({x}, {y}) exceeds the {bit_depth}-bit maximum {max}",
                row[x]
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Expectations from libvmaf's `test/test_cambi.c` for the helpers that live here.
    use super::*;

    #[test]
    fn mask_index_per_resolution() {
        let cases = [
            ((3840, 2160, 7), 24),
            ((2560, 1440, 7), 22),
            ((1980, 1080, 7), 21),
            ((1280, 720, 7), 19),
            ((960, 540, 7), 18),
            ((640, 360, 7), 16),
            ((480, 270, 7), 15),
            ((320, 180, 7), 13),
            ((6000, 4000, 7), 27),
            ((960, 540, 5), 6),
        ];
        for ((w, h, f), want) in cases {
            assert_eq!(mask_threshold(w, h, f), want, "{w}x{h} filter {f}");
        }
        assert_eq!(mask_threshold(576, 324, 7), 16);
        assert_eq!(mask_threshold(63, 1000, 7), 7);
    }

    #[test]
    fn window_adjustment() {
        let cases = [
            (63, 3840, 2160, false, 63),
            (63, 2560, 1440, false, 43),
            (63, 1920, 1080, false, 31),
            (63, 1280, 720, false, 21),
            (63, 960, 540, false, 15),
            (63, 640, 360, false, 11),
            (63, 480, 270, false, 7),
            (63, 320, 180, false, 5),
            (63, 6000, 4000, false, 105),
            (60, 1920, 1080, false, 31),
            (31, 1280, 720, false, 11),
            (63, 3840, 2160, true, 33),
            (63, 2560, 1440, true, 21),
            (63, 6000, 4000, true, 53),
            (65, 3840, 2160, false, 65),
            (65, 1920, 1080, false, 33),
            (65, 576, 324, false, 9),
        ];
        for (ws, w, h, hrs, want) in cases {
            assert_eq!(
                adjust_window_size(ws, w, h, hrs),
                want,
                "ws {ws} at {w}x{h} hrs {hrs}"
            );
        }
    }

    #[test]
    fn window_pixels_and_scale_weights() {
        assert_eq!(pixels_in_window(62), 3969);
        assert_eq!(pixels_in_window(63), 3969);
        assert_eq!(pixels_in_window(65), 4225);
        let scores = [10000.0, 1000.0, 100.0, 10.0, 1.0];
        let total: f64 = scores
            .iter()
            .zip(SCALE_WEIGHTS)
            .map(|(s, w)| s * f64::from(w))
            .sum();
        assert!((total / 10.0 - 16842.1).abs() < 1e-5);
    }

    #[test]
    fn contrast_arrays() {
        assert_eq!(CONTRAST_WEIGHTS[..4], [1, 2, 3, 4]);
        assert_eq!(CONTRAST_WEIGHTS[..8], [1, 2, 3, 4, 4, 5, 5, 6]);
    }

    /// The 42 entries where libvmaf's 9-digit table differs from `1.0f32 / i`.
    const LUT_EXCEPTIONS: [usize; 42] = [
        82, 83, 244, 488, 504, 510, 528, 564, 614, 664, 749, 760, 892, 1419, 1699, 1906, 2040,
        2071, 2112, 2223, 2443, 2555, 2740, 2927, 3285, 3515, 3525, 3705, 3795, 3797, 3812, 3837,
        3885, 4033, 4080, 4091, 4095, 4130, 4142, 4203, 4218, 4224,
    ];

    #[test]
    fn reciprocal_table_is_libvmafs() {
        let lut = reciprocal_lut();
        assert_eq!(lut.len(), RECIPROCAL_LUT_SIZE);
        assert_eq!(lut[0], 0.0);
        let differing: Vec<usize> = (1..RECIPROCAL_LUT_SIZE)
            .filter(|&i| lut[i] != 1.0 / i as f32)
            .collect();
        assert_eq!(differing, LUT_EXCEPTIONS);
        // Literals as printed in libvmaf's cambi.h, read as f32 like a C compiler does.
        for (i, literal) in [
            (82, "0.012195122"),
            (83, "0.0120481928"),
            (4224, "0.000236742424"),
            (3, "0.333333343"),
        ] {
            assert_eq!(lut[i], literal.parse::<f32>().unwrap(), "entry {i}");
        }
    }

    #[test]
    fn x86_float_to_u16_conversion() {
        assert_eq!(c_to_u16(65535.9), 65535);
        assert_eq!(c_to_u16(65536.5), 0);
        assert_eq!(c_to_u16(66000.0), 464);
        assert_eq!(c_to_u16(f64::NAN), 0);
        assert_eq!(c_to_u16(f64::INFINITY), 0);
    }
}
