//! Kernels of libvmaf's classic full-reference metrics: PSNR, SSIM / MS-SSIM, PSNR-HVS and
//! CIEDE2000.
//!
//! | metric | upstream | kernels here |
//! |---|---|---|
//! | `psnr` | `integer_psnr.c` | [`scalar::sse_u8`], [`scalar::sse_u16`]: sums of squared differences |
//! | `float_ssim`, `float_ms_ssim` | `ssim.c`, `ms_ssim.c`, `iqa/convolve.c`, `iqa/decimate.c`, `iqa/ssim_tools.c` | [`scalar::ssim_hfilter`], [`scalar::ssim_vfilter`], [`scalar::ssim_stats_row`], [`scalar::decimate`] |
//! | `psnr_hvs` | `third_party/xiph/psnr_hvs.c` | [`scalar::fdct8x8`], [`scalar::hvs_block`] |
//! | `ciede` | `ciede.c` | [`scalar::ciede_row`], [`scalar::yuv_to_lab`], [`scalar::ciede2000`] |
//!
//! The integer kernels (SSE, the DCT) are exact in any evaluation order. The floating-point
//! kernels are *defined by their evaluation order*: every product, sum and conversion between
//! `f32` and `f64` happens in the order and precision of libvmaf's C code, compiled (as libvmaf
//! is on x86-64) without fused multiply-adds and without reassociation. A vector twin of a float
//! kernel must therefore keep each output's operation sequence (vectorising across outputs, not
//! across the terms of one sum) to stay bit-identical with the scalar reference.

pub mod scalar;

use crate::cpu::CpuLevel;

pub use scalar::{HRows, Lab, SsimSums};

/// Sum of squared differences over a plane of 8-bit samples: `(reference, ref_stride,
/// distorted, dis_stride, width, height) -> Σ (r - d)²`.
pub type SseU8Fn = fn(&[u8], usize, &[u8], usize, usize, usize) -> u64;
/// Sum of squared differences over a plane of 9..16-bit samples (same arguments).
pub type SseU16Fn = fn(&[u16], usize, &[u16], usize, usize, usize) -> u64;
/// Horizontal 11-tap Gaussian pass of SSIM over one row pair: `(reference row, distorted row,
/// outputs)`; writes `row.len() - 10` values into each of the five outputs.
pub type SsimHFilterFn = fn(&[f32], &[f32], HRows<'_>);
/// Vertical 11-tap Gaussian pass: `(eleven consecutive rows, output)`.
pub type SsimVFilterFn = fn(&[&[f32]; 11], &mut [f32]);
/// Per-pixel SSIM terms of one output row, accumulated into the sums:
/// `(μ1, μ2, E[x²], E[y²], E[xy], sums)`.
pub type SsimStatsRowFn = fn(&[f32], &[f32], &[f32], &[f32], &[f32], &mut SsimSums);
/// Low-pass filter and decimation (`_iqa_decimate`): `(image, width, height, factor, square
/// kernel, kernel width, output) -> (output width, output height)`.
pub type DecimateFn = fn(&[f32], usize, usize, usize, &[f32], usize, &mut [f32]) -> (usize, usize);
/// One 8x8 block of PSNR-HVS: `(reference block, distorted block, CSF, mask, running sum) ->
/// running sum`. The blocks are transformed in place.
pub type HvsBlockFn = fn(&mut [i32; 64], &mut [i32; 64], &[f32; 64], &[f32; 64], f32) -> f32;
/// ΔE2000 of one row of 4:4:4 pixels added to a running sum: `(reference Y, U, V rows,
/// distorted Y, U, V rows, bit depth, running sum) -> running sum`.
pub type CiedeRowFn = fn([&[u16]; 3], [&[u16]; 3], u32, f64) -> f64;

/// The kernel table of the classic metrics, chosen once per extractor.
#[derive(Clone, Copy, Debug)]
pub struct ClassicKernels {
    /// PSNR, 8-bit.
    pub sse_u8: SseU8Fn,
    /// PSNR, 9..16-bit.
    pub sse_u16: SseU16Fn,
    /// SSIM horizontal pass.
    pub ssim_hfilter: SsimHFilterFn,
    /// SSIM vertical pass.
    pub ssim_vfilter: SsimVFilterFn,
    /// SSIM per-pixel terms.
    pub ssim_stats_row: SsimStatsRowFn,
    /// SSIM / MS-SSIM downscaling.
    pub decimate: DecimateFn,
    /// PSNR-HVS block.
    pub hvs_block: HvsBlockFn,
    /// CIEDE2000 row.
    pub ciede_row: CiedeRowFn,
}

impl ClassicKernels {
    /// The scalar reference kernels.
    pub const SCALAR: ClassicKernels = ClassicKernels {
        sse_u8: scalar::sse_u8,
        sse_u16: scalar::sse_u16,
        ssim_hfilter: scalar::ssim_hfilter,
        ssim_vfilter: scalar::ssim_vfilter,
        ssim_stats_row: scalar::ssim_stats_row,
        decimate: scalar::decimate,
        hvs_block: scalar::hvs_block,
        ciede_row: scalar::ciede_row,
    };

    /// The kernels for `level`. Only scalar kernels exist today; every level gets them.
    pub fn for_level(level: CpuLevel) -> Self {
        match level {
            CpuLevel::Scalar | CpuLevel::Avx2 | CpuLevel::Avx512 | CpuLevel::Neon => Self::SCALAR,
        }
    }
}
