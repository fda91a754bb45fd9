//! SSIM, as libvmaf 3.2's `float_ssim` extractor computes it (`libvmaf/src/feature/float_ssim.c`,
//! `ssim.c::compute_ssim`, `iqa/ssim_tools.c`, `iqa/convolve.c`, `iqa/decimate.c`).
//!
//! On luma only: the samples are put on the 8-bit scale as `float` (divided by 4/16/256 above 8
//! bit), box-downscaled by `scale` (default: `max(1, round(min(w, h)/256))`, so 1080p is
//! measured at a quarter of its size), and SSIM (Wang et al.) is averaged over the positions
//! where the 11x11 Gaussian window (σ = 1.5) fits, with K1 = 0.01, K2 = 0.03, L = 255.
//!
//! Outputs, in libvmaf's order: `float_ssim` (as `-10·log10(1 − ssim)` dB with `enable_db`,
//! capped with `clip_db`), then with `enable_lcs` the mean luminance, contrast and structure
//! terms `float_ssim_l`, `float_ssim_c`, `float_ssim_s` (never in dB).
//!
//! The arithmetic is upstream's operation for operation (`float` products, `double` sums, the
//! same order), so the values are the same `float`s libvmaf computes.

pub(crate) mod iqa;

use foveal_kernels::classic::ClassicKernels;
use foveal_kernels::cpu::CpuLevel;

use self::iqa::{MIN_SSIM_SIZE, SsimCore, check_float_depth, copy_luma, max_db, to_db};
use super::psnr::check_views;
use crate::error::{Error, Result};
use crate::frame::{FrameFormat, FrameView};

/// Largest `scale` libvmaf accepts.
pub const MAX_SCALE: u32 = 10;

/// Options of the `float_ssim` extractor. None of them changes the feature names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SsimOptions {
    /// Also report `float_ssim_l`, `float_ssim_c`, `float_ssim_s` (libvmaf `enable_lcs`).
    pub enable_lcs: bool,
    /// Report `float_ssim` as `-10·log10(1 − ssim)` dB (libvmaf `enable_db`).
    pub enable_db: bool,
    /// Cap the dB value at `⌈10·log10(peak²·2·w·h)⌉` (libvmaf `clip_db`).
    pub clip_db: bool,
    /// Downscaling factor (libvmaf `scale`, 0..=10): 0 = automatic
    /// (`max(1, round(min(w, h)/256))`), 1 = none, n = n×n box filter and decimation by n.
    pub scale: u32,
}

impl SsimOptions {
    /// Checks the options against libvmaf's ranges (`scale` in `0..=10`).
    pub fn validate(&self) -> Result<()> {
        if self.scale > MAX_SCALE {
            return Err(Error::invalid("float_ssim scale", self.scale, "0..=10"));
        }
        Ok(())
    }
}

/// libvmaf's automatic SSIM scale: `max(1, _round((float) min(w, h) / 256.0f))`, where
/// `_round` rounds halves away from zero through `float`.
pub fn auto_scale(width: u32, height: u32) -> u32 {
    let a = width.min(height) as i32 as f32 / 256.0;
    let t = a as i32;
    let r = if a - t as f32 >= 0.5 {
        t + if a > 0.0 { 1 } else { -1 }
    } else {
        t
    };
    r.max(1) as u32
}

/// The size `_iqa_decimate` gives a `w`×`h` plane for `factor`: `(w/f + (w&1), h/f + (h&1))`.
pub fn decimated_size(w: usize, h: usize, factor: usize) -> (usize, usize) {
    (w / factor + (w & 1), h / factor + (h & 1))
}

/// One frame's `float_ssim` values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SsimScores {
    /// `float_ssim`: the mean SSIM, or its dB value with `enable_db`.
    pub ssim: f64,
    /// The mean SSIM (linear), whatever `enable_db` says.
    pub ssim_linear: f64,
    /// `float_ssim_l`: mean luminance term.
    pub l: f64,
    /// `float_ssim_c`: mean contrast term.
    pub c: f64,
    /// `float_ssim_s`: mean structure term.
    pub s: f64,
    /// Whether `features()` lists the l/c/s terms.
    pub lcs: bool,
}

const LCS_NAMES: [&str; 3] = ["float_ssim_l", "float_ssim_c", "float_ssim_s"];

impl SsimScores {
    /// `(name, value)` in libvmaf's order: `float_ssim`, then with `enable_lcs`
    /// `float_ssim_l`, `float_ssim_c`, `float_ssim_s`.
    pub fn features(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        let lcs = [self.l, self.c, self.s];
        std::iter::once(("float_ssim", self.ssim))
            .chain(LCS_NAMES.into_iter().zip(lcs).filter(move |_| self.lcs))
    }
}

/// The `float_ssim` extractor for one frame format.
#[derive(Debug)]
pub struct Ssim {
    format: FrameFormat,
    opts: SsimOptions,
    scale: usize,
    max_db: f64,
    box_kernel: Vec<f32>,
    kernels: ClassicKernels,
    core: SsimCore,
    ref_f: Vec<f32>,
    dis_f: Vec<f32>,
    ref_s: Vec<f32>,
    dis_s: Vec<f32>,
}

impl Ssim {
    /// Builds the extractor, allocating every buffer. Fails for invalid options, bit depths
    /// other than 8, 10, 12 and 16 (libvmaf misreads the others), and frames whose downscaled
    /// luma is smaller than 11x11 (libvmaf returns NaN for them).
    pub fn new(format: FrameFormat, opts: SsimOptions) -> Result<Self> {
        opts.validate()?;
        check_float_depth("float_ssim", format.bit_depth())?;
        let (w, h) = (format.width(), format.height());
        let scale = if opts.scale > 0 {
            opts.scale
        } else {
            auto_scale(w, h)
        } as usize;
        let (w, h) = (w as usize, h as usize);
        let (sw, sh) = if scale > 1 {
            decimated_size(w, h, scale)
        } else {
            (w, h)
        };
        if sw < MIN_SSIM_SIZE || sh < MIN_SSIM_SIZE {
            return Err(Error::invalid(
                "float_ssim frame size",
                format!("{w}x{h} (downscaled by {scale} to {sw}x{sh})"),
                "a luma plane of at least 11x11 after downscaling",
            ));
        }
        let kernels = ClassicKernels::for_level(CpuLevel::active());
        let box_kernel = vec![1.0f32 / (scale * scale) as f32; scale * scale];
        let scaled = if scale > 1 { sw * sh } else { 0 };
        Ok(Ssim {
            format,
            opts,
            scale,
            max_db: max_db(opts.clip_db, format.bit_depth(), w as u32, h as u32),
            box_kernel,
            kernels,
            core: SsimCore::new(kernels, sw),
            ref_f: vec![0.0; w * h],
            dis_f: vec![0.0; w * h],
            ref_s: vec![0.0; scaled],
            dis_s: vec![0.0; scaled],
        })
    }

    /// The downscaling factor in effect (the automatic one resolved).
    pub fn scale(&self) -> u32 {
        self.scale as u32
    }

    /// The dB cap (+∞ without `clip_db`).
    pub fn max_db(&self) -> f64 {
        self.max_db
    }

    /// Names of the features, in libvmaf's order.
    pub fn feature_names(&self) -> Vec<&'static str> {
        let mut v = vec!["float_ssim"];
        if self.opts.enable_lcs {
            v.extend(LCS_NAMES);
        }
        v
    }

    /// Measures one frame pair (luma only).
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<SsimScores> {
        check_views(&self.format, reference, distorted)?;
        let bpc = self.format.bit_depth();
        let (w, h) = (self.format.width() as usize, self.format.height() as usize);
        copy_luma(reference.luma(), bpc, &mut self.ref_f);
        copy_luma(distorted.luma(), bpc, &mut self.dis_f);
        let m = if self.scale > 1 {
            let k = &self.box_kernel;
            let s = self.scale;
            (self.kernels.decimate)(&self.ref_f, w, h, s, k, s, &mut self.ref_s);
            let (sw, sh) = (self.kernels.decimate)(&self.dis_f, w, h, s, k, s, &mut self.dis_s);
            self.core.run(&self.ref_s, &self.dis_s, sw, sh)
        } else {
            self.core.run(&self.ref_f, &self.dis_f, w, h)
        };
        let ssim = if self.opts.enable_db {
            to_db(m.ssim, self.max_db)
        } else {
            m.ssim
        };
        Ok(SsimScores {
            ssim,
            ssim_linear: m.ssim,
            l: m.l,
            c: m.c,
            s: m.s,
            lcs: self.opts.enable_lcs,
        })
    }
}
