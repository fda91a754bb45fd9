//! Kernels of CAMBI, the banding detector of libvmaf (`libvmaf/src/feature/cambi.c`, `cambi.h`).
//!
//! Every CAMBI stage that touches each pixel lives here as a plain function over slices: the
//! resampling to the encode size with conversion to 10 bit, the anti-dithering box filter, the
//! spatial mask of flat regions, the 2x decimation, the 3-tap mode filter, the windowed
//! histograms and contrast values ("c-values"), and the top-k pooling. The extractor
//! (`foveal::features::cambi`) validates every argument, owns the buffers and calls the kernels
//! through a [`CambiKernels`] table chosen once with [`CambiKernels::for_level`].
//!
//! All planes handled here are row-major with an explicit `stride` (in samples) so one buffer of
//! the largest size serves every scale, as in libvmaf where the work pictures are decimated in
//! place. The kernels assume their arguments are consistent (the extractor checks them) and only
//! `debug_assert!` them.

use crate::cpu::CpuLevel;

pub mod scalar;

/// Size and row pitch of a plane: `height` rows of `width` samples, rows `stride` samples apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geom {
    /// Samples per row that belong to the image.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Distance between the starts of two rows, in samples (`>= width`).
    pub stride: usize,
}

impl Geom {
    /// Number of samples a slice must hold for this geometry.
    pub const fn min_len(&self) -> usize {
        if self.height == 0 {
            0
        } else {
            (self.height - 1) * self.stride + self.width
        }
    }
}

/// Side of the square window of the spatial mask (libvmaf `MASK_FILTER_SIZE`).
pub const MASK_FILTER_SIZE: usize = 7;

/// Scratch of [`scalar::spatial_mask`]: `MASK_FILTER_SIZE` rows of zero-derivative flags and the
/// per-column sums of those rows, each `width` long at least.
#[derive(Debug)]
pub struct MaskScratch<'a> {
    /// `MASK_FILTER_SIZE * width` flags (a ring of rows).
    pub derivative_rows: &'a mut [u8],
    /// `width` column sums.
    pub column_sums: &'a mut [u32],
}

/// Everything [`scalar::c_values`] needs besides the planes: the window, the contrast steps and
/// their weights, the visibility thresholds and the band of sample values worth counting.
#[derive(Clone, Copy, Debug)]
pub struct CValueParams<'a> {
    /// Odd window side (libvmaf's adjusted `window_size`); the histograms count the masked pixels
    /// of the `window x window` square around each pixel, clipped at the borders.
    pub window: usize,
    /// Visibility threshold per contrast step `d + 1` in "shifted" units (10-bit code plus
    /// `tvi_for_diff.len()`, libvmaf's `tvi_for_diff[d] + num_diffs`). Its length is the number
    /// of contrast steps (`2^max_log_contrast`).
    pub tvi_for_diff: &'a [u16],
    /// Contrast weight per step (libvmaf `g_contrast_weights`), same length as `tvi_for_diff`.
    pub diff_weights: &'a [i32],
    /// Smallest visible 10-bit code (0 when every code is visible).
    pub vlt_luma: u16,
    /// Lowest 10-bit value that can influence any c-value.
    pub band_base: u16,
    /// Number of values tracked from `band_base` on (0: nothing can be visible, all c-values 0).
    pub band_size: usize,
    /// `reciprocal[i]` ≈ 1/i as libvmaf's `reciprocal_lut` (index 0 holds 0); longer than any
    /// window area.
    pub reciprocal: &'a [f32],
}

/// Preprocessing of an 8-bit plane: `(src, src_geom, bit_depth, dst, dst_geom)`; see
/// [`scalar::resample_u8_to_10b`].
pub type ResampleU8Fn = fn(&[u8], Geom, u32, &mut [u16], Geom);
/// Preprocessing of a 9..16-bit plane; see [`scalar::resample_u16_to_10b`].
pub type ResampleU16Fn = fn(&[u16], Geom, u32, &mut [u16], Geom);
/// In-place filter over a 10-bit plane (`data, geom`).
pub type PlaneFilterFn = fn(&mut [u16], Geom);
/// Mode filter with its 3-row buffer; see [`scalar::filter_mode`].
pub type FilterModeFn = fn(&mut [u16], Geom, &mut [u16]);
/// Spatial mask; see [`scalar::spatial_mask`].
pub type SpatialMaskFn = fn(&[u16], Geom, usize, u32, &mut [u8], &mut MaskScratch<'_>);
/// In-place decimation of a mask plane; see [`scalar::decimate_mask`].
pub type DecimateMaskFn = fn(&mut [u8], Geom);
/// Contrast values of one scale; see [`scalar::c_values`].
pub type CValuesFn = fn(&CValueParams<'_>, &[u16], &[u8], Geom, &mut [f32], &mut [u16]);
/// Top-k mean; see [`scalar::pool_topk`].
pub type PoolTopkFn = fn(&mut [f32], f64) -> f64;

/// The CAMBI kernel table, chosen once per extractor.
#[derive(Clone, Copy)]
pub struct CambiKernels {
    /// 8-bit input → 10-bit work plane at the encode size.
    pub resample_u8: ResampleU8Fn,
    /// 9..16-bit input → 10-bit work plane at the encode size.
    pub resample_u16: ResampleU16Fn,
    /// 2x2 anti-dithering average (applied when the encode bit depth is below 10).
    pub anti_dither: PlaneFilterFn,
    /// Mask of flat regions (7x7 count of zero-derivative pixels above a threshold).
    pub spatial_mask: SpatialMaskFn,
    /// Keep even rows and columns of the image (in place).
    pub decimate: PlaneFilterFn,
    /// Keep even rows and columns of the mask (in place).
    pub decimate_mask: DecimateMaskFn,
    /// Separable 3-tap mode filter (in place).
    pub filter_mode: FilterModeFn,
    /// Windowed histograms and contrast values of one scale.
    pub c_values: CValuesFn,
    /// Mean of the top-k c-values (reorders its input as libvmaf's quick-select does).
    pub pool_topk: PoolTopkFn,
}

impl std::fmt::Debug for CambiKernels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CambiKernels").finish_non_exhaustive()
    }
}

impl CambiKernels {
    /// The portable reference table.
    pub const SCALAR: CambiKernels = CambiKernels {
        resample_u8: scalar::resample_u8_to_10b,
        resample_u16: scalar::resample_u16_to_10b,
        anti_dither: scalar::anti_dither,
        spatial_mask: scalar::spatial_mask,
        decimate: scalar::decimate,
        decimate_mask: scalar::decimate_mask,
        filter_mode: scalar::filter_mode,
        c_values: scalar::c_values,
        pool_topk: scalar::pool_topk,
    };

    /// The best table for `level` (scalar for every level until vector twins exist; they must
    /// be bit-identical to it).
    pub fn for_level(level: CpuLevel) -> Self {
        match level {
            CpuLevel::Scalar | CpuLevel::Avx2 | CpuLevel::Avx512 | CpuLevel::Neon => Self::SCALAR,
        }
    }
}
