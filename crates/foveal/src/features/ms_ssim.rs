//! MS-SSIM, as libvmaf 3.2's `float_ms_ssim` extractor computes it
//! (`libvmaf/src/feature/float_ms_ssim.c`, `ms_ssim.c::compute_ms_ssim`, and the SSIM core of
//! `iqa/`, see [`super::ssim`]).
//!
//! On luma only, on the 8-bit scale: five scales, each the previous one low-passed with the 9x9
//! "9/7 biorthogonal wavelet" kernel (symmetric borders) and decimated by 2. At each scale the
//! SSIM core gives the mean luminance (l), contrast (c) and structure (s) terms; the score is
//! `Π_i l_i^α_i · c_i^β_i · s_i^γ_i` with β = γ = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333} and
//! α = 0 except α_4 = 0.1333 (Wang's weights).
//!
//! Outputs, in libvmaf's order: `float_ms_ssim` (dB with `enable_db`, capped with `clip_db`),
//! then with `enable_lcs` `float_ms_ssim_l_scale0..4`, `float_ms_ssim_c_scale0..4`,
//! `float_ms_ssim_s_scale0..4`.
//!
//! libvmaf refuses frames whose sides, halved four times (rounding down), drop below the
//! 11-tap window: both sides must be at least [`MIN_SIZE`] = 176.

use foveal_kernels::classic::ClassicKernels;
use foveal_kernels::cpu::CpuLevel;

use super::psnr::check_views;
use super::ssim::decimated_size;
use super::ssim::iqa::{MIN_SSIM_SIZE, SsimCore, check_float_depth, copy_luma, max_db, to_db};
use crate::error::{Error, Result};
use crate::frame::{FrameFormat, FrameView};

/// Number of scales.
pub const SCALES: usize = 5;

/// Smallest frame width and height `float_ms_ssim` accepts (upstream: "scale below 1x1").
pub const MIN_SIZE: u32 = (MIN_SSIM_SIZE as u32) << (SCALES - 1);

/// Exponent of the luminance term per scale (`g_alphas`).
const ALPHAS: [f32; SCALES] = [0.0, 0.0, 0.0, 0.0, 0.1333];
/// Exponent of the contrast term per scale (`g_betas`).
const BETAS: [f32; SCALES] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];
/// Exponent of the structure term per scale (`g_gammas`).
const GAMMAS: [f32; SCALES] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

/// The 9x9 low-pass kernel used between scales (`g_lpf`), row-major.
#[rustfmt::skip]
const LPF: [f32; 81] = [
    0.000714, -0.000450, -0.002090, 0.007132, 0.016114, 0.007132, -0.002090, -0.000450, 0.000714,
    -0.000450, 0.000283, 0.001316, -0.004490, -0.010146, -0.004490, 0.001316, 0.000283, -0.000450,
    -0.002090, 0.001316, 0.006115, -0.020867, -0.047149, -0.020867, 0.006115, 0.001316, -0.002090,
    0.007132, -0.004490, -0.020867, 0.071207, 0.160885, 0.071207, -0.020867, -0.004490, 0.007132,
    0.016114, -0.010146, -0.047149, 0.160885, 0.363505, 0.160885, -0.047149, -0.010146, 0.016114,
    0.007132, -0.004490, -0.020867, 0.071207, 0.160885, 0.071207, -0.020867, -0.004490, 0.007132,
    -0.002090, 0.001316, 0.006115, -0.020867, -0.047149, -0.020867, 0.006115, 0.001316, -0.002090,
    -0.000450, 0.000283, 0.001316, -0.004490, -0.010146, -0.004490, 0.001316, 0.000283, -0.000450,
    0.000714, -0.000450, -0.002090, 0.007132, 0.016114, 0.007132, -0.002090, -0.000450, 0.000714,
];
const LPF_LEN: usize = 9;

/// Options of the `float_ms_ssim` extractor. None of them changes the feature names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsSsimOptions {
    /// Also report the per-scale l/c/s terms (libvmaf `enable_lcs`).
    pub enable_lcs: bool,
    /// Report `float_ms_ssim` as `-10·log10(1 − ms_ssim)` dB (libvmaf `enable_db`).
    pub enable_db: bool,
    /// Cap the dB value at `⌈10·log10(peak²·2·w·h)⌉` (libvmaf `clip_db`).
    pub clip_db: bool,
}

impl MsSsimOptions {
    /// All combinations are valid; kept for symmetry with the other extractors.
    pub fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// One frame's `float_ms_ssim` values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MsSsimScores {
    /// `float_ms_ssim` (dB with `enable_db`).
    pub ms_ssim: f64,
    /// The linear MS-SSIM, whatever `enable_db` says.
    pub ms_ssim_linear: f64,
    /// Mean luminance term per scale.
    pub l: [f64; SCALES],
    /// Mean contrast term per scale.
    pub c: [f64; SCALES],
    /// Mean structure term per scale.
    pub s: [f64; SCALES],
    /// Whether `features()` lists the per-scale terms.
    pub lcs: bool,
}

const L_NAMES: [&str; SCALES] = [
    "float_ms_ssim_l_scale0",
    "float_ms_ssim_l_scale1",
    "float_ms_ssim_l_scale2",
    "float_ms_ssim_l_scale3",
    "float_ms_ssim_l_scale4",
];
const C_NAMES: [&str; SCALES] = [
    "float_ms_ssim_c_scale0",
    "float_ms_ssim_c_scale1",
    "float_ms_ssim_c_scale2",
    "float_ms_ssim_c_scale3",
    "float_ms_ssim_c_scale4",
];
const S_NAMES: [&str; SCALES] = [
    "float_ms_ssim_s_scale0",
    "float_ms_ssim_s_scale1",
    "float_ms_ssim_s_scale2",
    "float_ms_ssim_s_scale3",
    "float_ms_ssim_s_scale4",
];

impl MsSsimScores {
    /// `(name, value)` in libvmaf's order: `float_ms_ssim`, then with `enable_lcs` the five
    /// l terms, the five c terms, the five s terms.
    pub fn features(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        let lcs = L_NAMES
            .into_iter()
            .zip(self.l)
            .chain(C_NAMES.into_iter().zip(self.c))
            .chain(S_NAMES.into_iter().zip(self.s))
            .filter(move |_| self.lcs);
        std::iter::once(("float_ms_ssim", self.ms_ssim)).chain(lcs)
    }
}

/// The `float_ms_ssim` extractor for one frame format.
#[derive(Debug)]
pub struct MsSsim {
    format: FrameFormat,
    opts: MsSsimOptions,
    max_db: f64,
    kernels: ClassicKernels,
    core: SsimCore,
    /// Plane size per scale.
    sizes: [(usize, usize); SCALES],
    /// Reference and distorted planes per scale (scale 0 is the `float` copy of the input).
    ref_pyr: [Vec<f32>; SCALES],
    dis_pyr: [Vec<f32>; SCALES],
}

impl MsSsim {
    /// Builds the extractor, allocating every buffer. Fails for bit depths other than 8, 10,
    /// 12 and 16 (libvmaf misreads the others) and for frames smaller than
    /// [`MIN_SIZE`]×[`MIN_SIZE`], which libvmaf refuses ("scale below 1x1").
    pub fn new(format: FrameFormat, opts: MsSsimOptions) -> Result<Self> {
        opts.validate()?;
        check_float_depth("float_ms_ssim", format.bit_depth())?;
        let (w, h) = (format.width(), format.height());
        // Upstream's check halves with truncation before each scale.
        let too_small =
            (0..SCALES).any(|i| (w >> i) < MIN_SSIM_SIZE as u32 || (h >> i) < MIN_SSIM_SIZE as u32);
        if too_small {
            return Err(Error::invalid(
                "float_ms_ssim frame size",
                format!("{w}x{h}"),
                format!("at least {MIN_SIZE}x{MIN_SIZE} (each of the {SCALES} scales needs 11x11)"),
            ));
        }
        let mut sizes = [(0usize, 0usize); SCALES];
        sizes[0] = (w as usize, h as usize);
        for i in 1..SCALES {
            let (pw, ph) = sizes[i - 1];
            sizes[i] = decimated_size(pw, ph, 2);
        }
        let kernels = ClassicKernels::for_level(CpuLevel::active());
        Ok(MsSsim {
            format,
            opts,
            max_db: max_db(opts.clip_db, format.bit_depth(), w, h),
            kernels,
            core: SsimCore::new(kernels, w as usize),
            sizes,
            ref_pyr: std::array::from_fn(|i| vec![0.0; sizes[i].0 * sizes[i].1]),
            dis_pyr: std::array::from_fn(|i| vec![0.0; sizes[i].0 * sizes[i].1]),
        })
    }

    /// The dB cap (+∞ without `clip_db`).
    pub fn max_db(&self) -> f64 {
        self.max_db
    }

    /// Names of the features, in libvmaf's order.
    pub fn feature_names(&self) -> Vec<&'static str> {
        let mut v = vec!["float_ms_ssim"];
        if self.opts.enable_lcs {
            v.extend(L_NAMES);
            v.extend(C_NAMES);
            v.extend(S_NAMES);
        }
        v
    }

    /// Measures one frame pair (luma only). Fails, as libvmaf does, if the product of the
    /// scale terms is +∞.
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<MsSsimScores> {
        check_views(&self.format, reference, distorted)?;
        let bpc = self.format.bit_depth();
        copy_luma(reference.luma(), bpc, &mut self.ref_pyr[0]);
        copy_luma(distorted.luma(), bpc, &mut self.dis_pyr[0]);
        for i in 1..SCALES {
            let (pw, ph) = self.sizes[i - 1];
            for pyr in [&mut self.ref_pyr, &mut self.dis_pyr] {
                let (prev, next) = pyr.split_at_mut(i);
                (self.kernels.decimate)(&prev[i - 1], pw, ph, 2, &LPF, LPF_LEN, &mut next[0]);
            }
        }
        let mut out = MsSsimScores {
            lcs: self.opts.enable_lcs,
            ..MsSsimScores::default()
        };
        let mut msssim = 1.0f64;
        for i in 0..SCALES {
            let (w, h) = self.sizes[i];
            let m = self.core.run(&self.ref_pyr[i], &self.dis_pyr[i], w, h);
            msssim *= m.l.powf(f64::from(ALPHAS[i]))
                * m.c.powf(f64::from(BETAS[i]))
                * m.s.powf(f64::from(GAMMAS[i]));
            out.l[i] = m.l;
            out.c[i] = m.c;
            out.s[i] = m.s;
            if msssim == f64::INFINITY {
                return Err(Error::InvalidFrame(format!(
                    "float_ms_ssim is +inf at scale {i} (libvmaf fails the frame too)"
                )));
            }
        }
        out.ms_ssim_linear = msssim;
        out.ms_ssim = if self.opts.enable_db {
            to_db(msssim, self.max_db)
        } else {
            msssim
        };
        Ok(out)
    }
}
