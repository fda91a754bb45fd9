//! The SSIM core shared by `float_ssim` and `float_ms_ssim`: libvmaf's copy of the IQA library
//! (`libvmaf/src/feature/iqa/ssim_tools.c::_iqa_ssim`, `convolve.c::_iqa_convolve` in its 1-D
//! separable mode, `decimate.c`) and `picture_copy.c`.
//!
//! [`SsimCore::run`] computes, over the "valid" region of the 11x11 Gaussian window
//! ((w − 10)×(h − 10) positions), the mean SSIM and the means of its luminance, contrast and
//! structure terms, each rounded to `float` as upstream returns them. The five filtered planes
//! (μ1, μ2, E\[x²\], E\[y²\], E\[xy\]) are produced row by row: the horizontal pass of each input
//! row goes to an 11-row ring, the vertical pass of each output row is consumed at once. Every
//! output value is computed by the same sequence of operations as upstream's full-plane passes,
//! so the results are identical, with memory proportional to the width only.

use foveal_kernels::classic::scalar::GAUSSIAN_LEN;
use foveal_kernels::classic::{ClassicKernels, HRows, SsimSums};

use crate::error::{Error, Result};
use crate::frame::PlaneRef;

/// Smallest plane (after any downscaling) the 11-tap window can be applied to.
pub(crate) const MIN_SSIM_SIZE: usize = GAUSSIAN_LEN;

/// The bit depths whose samples libvmaf's `picture_copy` converts correctly (it reads every
/// other depth as bytes).
pub(crate) fn check_float_depth(feature: &'static str, bit_depth: u8) -> Result<()> {
    if matches!(bit_depth, 8 | 10 | 12 | 16) {
        Ok(())
    } else {
        Err(Error::invalid(
            feature,
            bit_depth,
            "bit depth 8, 10, 12 or 16 (libvmaf reads other depths' samples as bytes)",
        ))
    }
}

/// `picture_copy` of the luma plane into a tightly packed `float` plane: 8-bit samples as is,
/// 10/12/16-bit samples divided by 4/16/256 (exact), i.e. on the 8-bit scale.
pub(crate) fn copy_luma(plane: PlaneRef<'_>, bit_depth: u8, out: &mut [f32]) {
    match plane {
        PlaneRef::U8(p) => {
            let w = p.width();
            for (y, row) in p.rows().enumerate() {
                for (o, &v) in out[y * w..(y + 1) * w].iter_mut().zip(row) {
                    *o = f32::from(v);
                }
            }
        }
        PlaneRef::U16(p) => {
            let scaler = match bit_depth {
                10 => 4.0f32,
                12 => 16.0,
                _ => 256.0,
            };
            let w = p.width();
            for (y, row) in p.rows().enumerate() {
                for (o, &v) in out[y * w..(y + 1) * w].iter_mut().zip(row) {
                    *o = f32::from(v) / scaler;
                }
            }
        }
    }
}

/// `_iqa_ssim`'s results, each the `float` upstream returns, widened to `f64`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct SsimMeans {
    pub ssim: f64,
    pub l: f64,
    pub c: f64,
    pub s: f64,
}

/// Scratch for `_iqa_ssim` on planes up to a given width.
#[derive(Debug)]
pub(crate) struct SsimCore {
    kernels: ClassicKernels,
    max_w: usize,
    /// Horizontal results: 5 quantities × 11 ring rows × (max_w − 10).
    ring: Vec<f32>,
    /// Vertical results of one output row: 5 × (max_w − 10).
    vrow: Vec<f32>,
}

impl SsimCore {
    /// Scratch for planes at most `max_w` wide (`max_w >= 11`).
    pub(crate) fn new(kernels: ClassicKernels, max_w: usize) -> SsimCore {
        let dw = max_w.saturating_sub(GAUSSIAN_LEN - 1);
        SsimCore {
            kernels,
            max_w,
            ring: vec![0.0; 5 * GAUSSIAN_LEN * dw],
            vrow: vec![0.0; 5 * dw],
        }
    }

    /// `_iqa_ssim(ref, cmp, w, h, gaussian window, default args)` on tightly packed planes of
    /// `w`×`h` (`11 <= w <= max_w`, `h >= 11`).
    pub(crate) fn run(&mut self, r: &[f32], c: &[f32], w: usize, h: usize) -> SsimMeans {
        debug_assert!(w <= self.max_w && w >= MIN_SSIM_SIZE && h >= MIN_SSIM_SIZE);
        let dw = w - (GAUSSIAN_LEN - 1);
        let dh = h - (GAUSSIAN_LEN - 1);
        let k = self.kernels;
        let slot = GAUSSIAN_LEN * dw;
        let ring = &mut self.ring[..5 * slot];
        let hfilter = |ring: &mut [f32], y: usize| {
            let row = y % GAUSSIAN_LEN;
            let (q0, rest) = ring.split_at_mut(slot);
            let (q1, rest) = rest.split_at_mut(slot);
            let (q2, rest) = rest.split_at_mut(slot);
            let (q3, q4) = rest.split_at_mut(slot);
            let span = row * dw..(row + 1) * dw;
            (k.ssim_hfilter)(
                &r[y * w..(y + 1) * w],
                &c[y * w..(y + 1) * w],
                HRows {
                    mu1: &mut q0[span.clone()],
                    mu2: &mut q1[span.clone()],
                    s11: &mut q2[span.clone()],
                    s22: &mut q3[span.clone()],
                    s12: &mut q4[span],
                },
            );
        };
        for y in 0..GAUSSIAN_LEN - 1 {
            hfilter(ring, y);
        }
        let mut sums = SsimSums::default();
        let vrow = &mut self.vrow[..5 * dw];
        for y in 0..dh {
            hfilter(ring, y + GAUSSIAN_LEN - 1);
            for q in 0..5 {
                let plane = &ring[q * slot..(q + 1) * slot];
                let rows: [&[f32]; GAUSSIAN_LEN] = std::array::from_fn(|v| {
                    let rr = (y + v) % GAUSSIAN_LEN;
                    &plane[rr * dw..(rr + 1) * dw]
                });
                (k.ssim_vfilter)(&rows, &mut vrow[q * dw..(q + 1) * dw]);
            }
            let (mu1, rest) = vrow.split_at(dw);
            let (mu2, rest) = rest.split_at(dw);
            let (s11, rest) = rest.split_at(dw);
            let (s22, s12) = rest.split_at(dw);
            (k.ssim_stats_row)(mu1, mu2, s11, s22, s12, &mut sums);
        }
        let n = (dw * dh) as f64;
        SsimMeans {
            ssim: f64::from((sums.ssim / n) as f32),
            l: f64::from((sums.l / n) as f32),
            c: f64::from((sums.c / n) as f32),
            s: f64::from((sums.s / n) as f32),
        }
    }
}

/// libvmaf's `-10·log10(1 − score)` capped at `max_db` (C `MIN`).
pub(crate) fn to_db(score: f64, max_db: f64) -> f64 {
    let db = -10.0 * (1.0 - score).log10();
    if db < max_db { db } else { max_db }
}

/// The `clip_db` cap of `float_ssim` / `float_ms_ssim`: `⌈10·log10(peak² / (0.5 / (w·h)))⌉`
/// with `peak = 2^bpc − 1` (in C's 32-bit unsigned arithmetic), or +∞ without `clip_db`.
pub(crate) fn max_db(clip_db: bool, bit_depth: u8, w: u32, h: u32) -> f64 {
    if !clip_db {
        return f64::INFINITY;
    }
    let peak = (1u32 << bit_depth) - 1;
    let mse = 0.5 / f64::from(w.wrapping_mul(h));
    (10.0 * (f64::from(peak.wrapping_mul(peak)) / mse).log10()).ceil()
}
