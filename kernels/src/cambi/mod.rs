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
//!
//! Levels: [`scalar`] is the reference; `avx2.rs` and `avx512.rs` (x86-64) and `neon.rs`
//! (aarch64) are its twins, chosen by [`CambiKernels::for_level`]. The NEON table has
//! `core::arch::aarch64` kernels for the conversion, anti-dithering, spatial mask, decimation,
//! mode filter and c-values; resampling to another size (a sequential walk over `f32`
//! positions) and the top-k pooling (quick-select) stay scalar, as on x86.

use crate::cpu::CpuLevel;

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "aarch64")]
mod neon;
pub mod scalar;
// The bit-mask c-value pass over a `Scan` trait: named for its first users (AVX2, AVX-512), but
// architecture-neutral; the NEON twins use it too.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
mod x86;

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

/// Largest filter size [`scalar::spatial_mask`] accepts (counts of its square must fit a byte).
pub const MAX_MASK_FILTER_SIZE: usize = 15;

/// Scratch of [`scalar::spatial_mask`] for a `filter_size` square: `filter_size` rows of
/// zero-derivative flags and the per-column sums of those rows with `filter_size / 2` zero cells
/// on either side.
#[derive(Debug)]
pub struct MaskScratch<'a> {
    /// `filter_size * width` flags (a ring of rows).
    pub derivative_rows: &'a mut [u8],
    /// `width + filter_size - 1` padded column sums.
    pub column_sums: &'a mut [u8],
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

/// Summary of one scale's c-value map, enough to pool it without the map in the common case
/// (see [`pool_from_stats`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CValueStats {
    /// Number of non-zero c-values.
    pub nonzero: usize,
    /// Sum of the non-zero c-values, each multiplied by 2^24 (exact integers while
    /// `inexact` is false), saturating.
    pub sum_q24: u64,
    /// Some non-zero c-value was below 0.5 or above 2^20, so not summed exactly in Q24.
    pub inexact: bool,
}

impl CValueStats {
    /// Counts `c` (a c-value, non-negative).
    #[inline]
    pub fn add(&mut self, c: f32) {
        if c != 0.0 {
            self.nonzero += 1;
            if (0.5..1_048_576.0).contains(&c) {
                // c >= 0.5 is a multiple of 2^-24, and c·2^24 < 2^44: the product is an exact
                // integer in f64 and in u64.
                self.sum_q24 = self.sum_q24.saturating_add((f64::from(c) * Q24) as u64);
            } else {
                self.inexact = true;
            }
        }
    }

    /// Merges the counts of another part of the same map.
    pub fn merge(&mut self, other: CValueStats) {
        self.nonzero += other.nonzero;
        self.sum_q24 = self.sum_q24.saturating_add(other.sum_q24);
        self.inexact |= other.inexact;
    }
}

const Q24: f64 = 16_777_216.0;

/// The pooled score [`scalar::pool_topk`] would return for a `len`-value map summarised by
/// `stats`, computed without the map, or `None` when that is not provably identical (then pool
/// the map itself).
///
/// libvmaf sums the top `k` values in f64 in the order its quick-select leaves them. When at most
/// `k` values are non-zero, the top `k` are all the non-zero values plus zeros, whatever the
/// order. When moreover every non-zero value is a multiple of 2^-24 (true for every f32 at least
/// 0.5, and every non-zero c-value is at least `1·1·1/2`) and their exact total is below 2^29,
/// every partial sum is a multiple of 2^-24 below 2^29, which f64's 53-bit significand holds
/// exactly: each addition is exact, the sum equals the exact total in any order, and so does the
/// quotient by `k`.
pub fn pool_from_stats(stats: &CValueStats, len: usize, topk: f64) -> Option<f64> {
    if len == 0 {
        return Some(0.0);
    }
    let k = ((topk * len as f64) as i64).clamp(1, len as i64) as usize;
    if stats.inexact || stats.nonzero > k || stats.sum_q24 >= 1u64 << 53 {
        return None;
    }
    Some(stats.sum_q24 as f64 / Q24 / k as f64)
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
pub type CValuesFn =
    fn(&CValueParams<'_>, &[u16], &[u8], Geom, Option<&mut [f32]>, &mut [u16]) -> CValueStats;
/// Top-k mean; see [`scalar::pool_topk`].
pub type PoolTopkFn = fn(&mut [f32], f64) -> f64;

/// The CAMBI kernel table, chosen once per extractor.
#[derive(Clone, Copy)]
pub struct CambiKernels {
    /// The instruction-set level these kernels were built for.
    pub level: CpuLevel,
    /// 8-bit input → 10-bit work plane at the encode size.
    pub resample_u8: ResampleU8Fn,
    /// 9..16-bit input → 10-bit work plane at the encode size.
    pub resample_u16: ResampleU16Fn,
    /// 2x2 anti-dithering average (applied when the encode bit depth is below 10).
    pub anti_dither: PlaneFilterFn,
    /// `resample_u8` then `anti_dither`, in one pass where the sizes are equal.
    pub resample_u8_anti_dither: ResampleU8Fn,
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
        f.debug_struct("CambiKernels")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl CambiKernels {
    /// The portable reference table.
    pub const SCALAR: CambiKernels = CambiKernels {
        level: CpuLevel::Scalar,
        resample_u8: scalar::resample_u8_to_10b,
        resample_u16: scalar::resample_u16_to_10b,
        anti_dither: scalar::anti_dither,
        resample_u8_anti_dither: scalar::resample_u8_anti_dither,
        spatial_mask: scalar::spatial_mask,
        decimate: scalar::decimate,
        decimate_mask: scalar::decimate_mask,
        filter_mode: scalar::filter_mode,
        c_values: scalar::c_values,
        pool_topk: scalar::pool_topk,
    };

    /// The best table at or below `level` among those this CPU supports (AVX-512, then AVX2,
    /// then scalar on x86-64; NEON, then scalar on aarch64); `table.level` tells which one.
    /// Every table gives bit-identical results.
    pub fn for_level(level: CpuLevel) -> Self {
        #[cfg(target_arch = "aarch64")]
        if level == CpuLevel::Neon && CpuLevel::Neon.is_supported() {
            return neon::TABLE;
        }
        #[cfg(target_arch = "x86_64")]
        {
            if level >= CpuLevel::Avx512
                && level != CpuLevel::Neon
                && CpuLevel::Avx512.is_supported()
            {
                return avx512::TABLE;
            }
            if level >= CpuLevel::Avx2 && level != CpuLevel::Neon && CpuLevel::Avx2.is_supported() {
                return avx2::TABLE;
            }
        }
        let _ = level;
        Self::SCALAR
    }
}
