//! PSNR, bit-exact with libvmaf 3.2's `psnr` extractor (`libvmaf/src/feature/integer_psnr.c`).
//!
//! Per plane, the sum of squared differences `SSE` is exact integer arithmetic; then
//! `MSE = SSE / N` and `PSNR = min(10·log10(peak² / max(MSE, 1e-16)), cap)` in `double`, with
//! `peak = 2^bpc − 1` (or `255·2^(bpc−8)` with `reduced_hbd_peak`; always 255 at 8 bit) and
//! `cap = 6·bpc + 12` dB, or `⌈10·log10(peak² / (min_sse / N'))⌉` when `min_sse > 0`.
//! Outputs: `psnr_y`, `psnr_cb`, `psnr_cr` (chroma only with `enable_chroma` and not 4:0:0),
//! each followed by `mse_y`/`mse_cb`/`mse_cr` with `enable_mse`.
//!
//! With `enable_apsnr`, libvmaf's flush writes the run-level aggregates `apsnr_y/cb/cr` =
//! `10·(log10(peak²) + log10(ΣN) − log10(ΣSSE))`, capped at `⌈10·log10(2·peak²·ΣN)⌉`.
//! [`Psnr`] accumulates them like libvmaf ([`Psnr::apsnr`]); callers that spread frames over
//! several instances sum the per-frame [`PsnrScores::sse`] / [`PsnrScores::n_pixels`] in an
//! [`ApsnrAccumulator`] and call [`apsnr`].
//!
//! Chroma planes are measured over libvmaf's chroma size `(w >> ss_x) × (h >> ss_y)` (floor),
//! which for odd frame sizes is one column / row less than the planes of a [`FrameView`].
//!
//! This module also holds the small helpers shared by the classic metrics (`ssim`, `ms_ssim`,
//! `psnr_hvs`, `ciede`): frame checks and libvmaf's plane geometry.

use foveal_kernels::classic::ClassicKernels;
use foveal_kernels::cpu::CpuLevel;

use crate::error::{Error, Result};
use crate::frame::{ChromaSampling, FrameFormat, FrameView, PlaneRef};

/// Checks that `reference` and `distorted` both have the `expected` format.
pub(crate) fn check_views(
    expected: &FrameFormat,
    reference: &FrameView<'_>,
    distorted: &FrameView<'_>,
) -> Result<()> {
    if reference.format() != distorted.format() {
        return Err(Error::Mismatch {
            what: "frame format",
            reference: reference.format().to_string(),
            distorted: distorted.format().to_string(),
        });
    }
    if reference.format() != *expected {
        return Err(Error::InvalidFrame(format!(
            "frame is {}, the extractor was built for {expected}",
            reference.format()
        )));
    }
    Ok(())
}

/// Width and height of plane `i` as libvmaf's `VmafPicture` has them: chroma is
/// `(w >> ss_x) × (h >> ss_y)` (floor, unlike [`FrameFormat::plane_size`]); 0×0 past the
/// plane count.
pub(crate) fn libvmaf_plane_size(format: &FrameFormat, i: usize) -> (usize, usize) {
    if i == 0 {
        return (format.width() as usize, format.height() as usize);
    }
    if i >= format.plane_count() {
        return (0, 0);
    }
    let (sx, sy) = format.chroma().chroma_shift();
    (
        (format.width() >> sx) as usize,
        (format.height() >> sy) as usize,
    )
}

/// Bit depths libvmaf's `psnr` (and `ciede`) extract; others make `extract()` fail with EINVAL.
pub(crate) fn check_standard_depth(feature: &'static str, bit_depth: u8) -> Result<()> {
    if matches!(bit_depth, 8 | 10 | 12 | 16) {
        Ok(())
    } else {
        Err(Error::invalid(
            feature,
            bit_depth,
            "bit depth 8, 10, 12 or 16",
        ))
    }
}

/// Options of the `psnr` extractor. None of them changes the feature names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PsnrOptions {
    /// Also measure Cb and Cr (libvmaf `enable_chroma`, default true; forced off for 4:0:0).
    pub enable_chroma: bool,
    /// Also report `mse_y/cb/cr` (libvmaf `enable_mse`, default false).
    pub enable_mse: bool,
    /// Accumulate the run-level `apsnr_y/cb/cr` (libvmaf `enable_apsnr`, default false).
    pub enable_apsnr: bool,
    /// Use the peak `255·2^(bpc−8)` instead of `2^bpc − 1` above 8 bit (libvmaf
    /// `reduced_hbd_peak`, default false), so that an 8-bit clip shifted up scores the same.
    pub reduced_hbd_peak: bool,
    /// Smallest SSE assumed when capping (libvmaf `min_sse`, default 0 = off, range
    /// `0..=f64::MAX`). When positive, the cap of plane `i` is `⌈10·log10(peak²/(min_sse/N_i))⌉`
    /// instead of `6·bpc + 12`.
    pub min_sse: f64,
}

impl Default for PsnrOptions {
    fn default() -> Self {
        PsnrOptions {
            enable_chroma: true,
            enable_mse: false,
            enable_apsnr: false,
            reduced_hbd_peak: false,
            min_sse: 0.0,
        }
    }
}

impl PsnrOptions {
    /// Checks the options against libvmaf's ranges (`min_sse` in `[0, DBL_MAX]`).
    pub fn validate(&self) -> Result<()> {
        if !(self.min_sse >= 0.0 && self.min_sse <= f64::MAX) {
            return Err(Error::invalid(
                "PSNR min_sse",
                self.min_sse,
                "0.0..=1.7976931348623157e308",
            ));
        }
        Ok(())
    }
}

const PSNR_NAMES: [&str; 3] = ["psnr_y", "psnr_cb", "psnr_cr"];
const MSE_NAMES: [&str; 3] = ["mse_y", "mse_cb", "mse_cr"];
const APSNR_NAMES: [&str; 3] = ["apsnr_y", "apsnr_cb", "apsnr_cr"];

/// One frame's PSNR values. Entries past `planes` are 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PsnrScores {
    /// `psnr_y`, `psnr_cb`, `psnr_cr` in dB.
    pub psnr: [f64; 3],
    /// `mse_y`, `mse_cb`, `mse_cr`.
    pub mse: [f64; 3],
    /// Σ (r − d)² per plane.
    pub sse: [u64; 3],
    /// Samples per plane (libvmaf's plane size).
    pub n_pixels: [u64; 3],
    /// Planes measured: 1 (luma only) or 3.
    pub planes: usize,
    /// Whether `features()` includes the MSE values.
    pub mse_enabled: bool,
}

impl PsnrScores {
    /// `(name, value)` in libvmaf's order: `psnr_y`, then `mse_y` with `enable_mse`, then the same for Cb and Cr.
    pub fn features(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        (0..self.planes).flat_map(move |p| {
            std::iter::once((PSNR_NAMES[p], self.psnr[p]))
                .chain(self.mse_enabled.then_some((MSE_NAMES[p], self.mse[p])))
        })
    }
}

/// Run-level sums for APSNR: Σ SSE and Σ N per plane over the frames added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApsnrAccumulator {
    /// Σ SSE per plane.
    pub sse: [u64; 3],
    /// Σ samples per plane.
    pub n_pixels: [u64; 3],
}

impl ApsnrAccumulator {
    /// Adds one frame (its measured planes only, as libvmaf does).
    pub fn add(&mut self, s: &PsnrScores) {
        for p in 0..s.planes.min(3) {
            self.sse[p] = self.sse[p].wrapping_add(s.sse[p]);
            self.n_pixels[p] = self.n_pixels[p].wrapping_add(s.n_pixels[p]);
        }
    }

    /// Merges another accumulator (e.g. from another worker).
    pub fn merge(&mut self, other: &ApsnrAccumulator) {
        for p in 0..3 {
            self.sse[p] = self.sse[p].wrapping_add(other.sse[p]);
            self.n_pixels[p] = self.n_pixels[p].wrapping_add(other.n_pixels[p]);
        }
    }

    /// `apsnr_y`, `apsnr_cb`, `apsnr_cr` for `peak` (see [`apsnr`]).
    pub fn finish(&self, peak: u32) -> [(&'static str, f64); 3] {
        let v = apsnr(peak, self.sse, self.n_pixels);
        [
            (APSNR_NAMES[0], v[0]),
            (APSNR_NAMES[1], v[1]),
            (APSNR_NAMES[2], v[2]),
        ]
    }
}

/// libvmaf's APSNR flush for all three planes: `min(10·(log10(peak²) + log10(ΣN) −
/// log10(ΣSSE)), ⌈10·log10(2·peak²·ΣN)⌉)`, C's `MIN` (so a plane never measured, ΣN = 0, gives
/// −∞ as upstream does, and a lossless plane gives the cap).
pub fn apsnr(peak: u32, sse: [u64; 3], n_pixels: [u64; 3]) -> [f64; 3] {
    let pp = peak.wrapping_mul(peak);
    std::array::from_fn(|i| {
        let v =
            10.0 * (f64::from(pp).log10() + (n_pixels[i] as f64).log10() - (sse[i] as f64).log10());
        let cap = (10.0 * (u64::from(pp).wrapping_mul(n_pixels[i]).wrapping_mul(2) as f64).log10())
            .ceil();
        if v < cap { v } else { cap }
    })
}

/// The peak value libvmaf's `psnr` uses at `bit_depth` (its `s->peak`).
pub fn peak_for(bit_depth: u8, reduced_hbd_peak: bool) -> u32 {
    if reduced_hbd_peak {
        255 << (bit_depth - 8)
    } else {
        (1u32 << bit_depth) - 1
    }
}

/// The `psnr` extractor for one frame format.
#[derive(Debug)]
pub struct Psnr {
    format: FrameFormat,
    opts: PsnrOptions,
    planes: usize,
    peak: u32,
    psnr_max: [f64; 3],
    sizes: [(usize, usize); 3],
    kernels: ClassicKernels,
    acc: ApsnrAccumulator,
}

impl Psnr {
    /// Builds the extractor. Fails for bit depths other than 8, 10, 12 and 16 (libvmaf's
    /// `extract` returns EINVAL for them) and for invalid options.
    pub fn new(format: FrameFormat, opts: PsnrOptions) -> Result<Self> {
        opts.validate()?;
        check_standard_depth("psnr", format.bit_depth())?;
        let bpc = u32::from(format.bit_depth());
        let peak = peak_for(format.bit_depth(), opts.reduced_hbd_peak);
        let enable_chroma = opts.enable_chroma && format.chroma() != ChromaSampling::Cs400;
        let planes = if enable_chroma { 3 } else { 1 };
        let (w, h) = (format.width(), format.height());
        let ss_hor = format.chroma() != ChromaSampling::Cs444;
        let ss_ver = format.chroma() == ChromaSampling::Cs420;
        let psnr_max = std::array::from_fn(|i| {
            if opts.min_sse != 0.0 {
                let pw = if i > 0 && ss_hor { w / 2 } else { w };
                let ph = if i > 0 && ss_ver { h / 2 } else { h };
                let mse = opts.min_sse / f64::from(pw.wrapping_mul(ph));
                (10.0 * (f64::from(peak.wrapping_mul(peak)) / mse).log10()).ceil()
            } else {
                f64::from(6 * bpc + 12)
            }
        });
        Ok(Psnr {
            format,
            opts: PsnrOptions {
                enable_chroma,
                ..opts
            },
            planes,
            peak,
            psnr_max,
            sizes: std::array::from_fn(|i| libvmaf_plane_size(&format, i)),
            kernels: ClassicKernels::for_level(CpuLevel::active()),
            acc: ApsnrAccumulator::default(),
        })
    }

    /// The options in effect (`enable_chroma` is false for 4:0:0).
    pub fn options(&self) -> &PsnrOptions {
        &self.opts
    }

    /// The peak value used in the dB formulas of 9+ bit content (and by APSNR).
    pub fn peak(&self) -> u32 {
        self.peak
    }

    /// The per-plane PSNR caps in dB.
    pub fn caps(&self) -> [f64; 3] {
        self.psnr_max
    }

    /// Names of the per-frame features, in libvmaf's order.
    pub fn feature_names(&self) -> Vec<&'static str> {
        (0..self.planes)
            .flat_map(|p| {
                std::iter::once(PSNR_NAMES[p]).chain(self.opts.enable_mse.then_some(MSE_NAMES[p]))
            })
            .collect()
    }

    /// Measures one frame pair; with `enable_apsnr`, also adds it to the run's sums.
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<PsnrScores> {
        check_views(&self.format, reference, distorted)?;
        let eight_bit = self.format.bit_depth() == 8;
        // libvmaf's 8-bit path hard-codes 255 (equal to `peak` there).
        let pp = if eight_bit {
            65025.0
        } else {
            f64::from(self.peak.wrapping_mul(self.peak))
        };
        let mut out = PsnrScores {
            planes: self.planes,
            mse_enabled: self.opts.enable_mse,
            ..PsnrScores::default()
        };
        for p in 0..self.planes {
            let (w, h) = self.sizes[p];
            let sse = match (reference.plane(p), distorted.plane(p)) {
                (Some(PlaneRef::U8(r)), Some(PlaneRef::U8(d))) => {
                    (self.kernels.sse_u8)(r.data(), r.stride(), d.data(), d.stride(), w, h)
                }
                (Some(PlaneRef::U16(r)), Some(PlaneRef::U16(d))) => {
                    (self.kernels.sse_u16)(r.data(), r.stride(), d.data(), d.stride(), w, h)
                }
                _ => unreachable!("formats were checked"),
            };
            let n = (w as u32).wrapping_mul(h as u32);
            let mse = sse as f64 / f64::from(n);
            let clamped = if mse > 1e-16 { mse } else { 1e-16 };
            let db = 10.0 * (pp / clamped).log10();
            out.psnr[p] = if db < self.psnr_max[p] {
                db
            } else {
                self.psnr_max[p]
            };
            out.mse[p] = mse;
            out.sse[p] = sse;
            out.n_pixels[p] = u64::from(n);
        }
        if self.opts.enable_apsnr {
            self.acc.add(&out);
        }
        Ok(out)
    }

    /// libvmaf's flush: `apsnr_y/cb/cr` over every frame computed so far, or `None` unless
    /// `enable_apsnr`. Always three values, as upstream writes them (see [`apsnr`]).
    pub fn apsnr(&self) -> Option<[(&'static str, f64); 3]> {
        self.opts.enable_apsnr.then(|| self.acc.finish(self.peak))
    }

    /// The run-level sums accumulated so far (all zero unless `enable_apsnr`).
    pub fn apsnr_sums(&self) -> &ApsnrAccumulator {
        &self.acc
    }
}
