//! Kernels of the `motion` feature: the scalar reference and its AVX2 / AVX-512 (x86-64) and
//! NEON (aarch64) twins.
//!
//! The only hot loop of integer motion is the blurred SAD of a frame difference (libvmaf
//! `motion_score_pipeline_8/16`); see [`scalar`] for the exact arithmetic. Vector twins must
//! return the same `u64` on every input. The NEON twins (`neon.rs`) are written with
//! `core::arch::aarch64` intrinsics (8 columns per vertical step, 4 per horizontal step, `i64`
//! lanes where the reference needs 64 bits).

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "aarch64")]
mod neon;
pub mod scalar;
#[cfg(target_arch = "x86_64")]
mod x86;

use crate::cpu::CpuLevel;

/// `sad_u8(previous, prev_stride, current, cur_stride, w, h, y_row) -> SAD in Q8`.
pub type SadU8Fn = fn(&[u8], usize, &[u8], usize, usize, usize, &mut [i32]) -> u64;

/// `sad_u16(previous, prev_stride, current, cur_stride, w, h, bit_depth, y_row) -> SAD in Q8`.
pub type SadU16Fn = fn(&[u16], usize, &[u16], usize, usize, usize, u32, &mut [i32]) -> u64;

/// The motion kernel table for one CPU level.
#[derive(Clone, Copy, Debug)]
pub struct MotionKernels {
    /// The instruction-set level these kernels were built for.
    pub level: CpuLevel,
    /// Blurred SAD of `previous - current`, 8-bit planes.
    pub sad_u8: SadU8Fn,
    /// Blurred SAD of `previous - current`, 9..16-bit planes.
    pub sad_u16: SadU16Fn,
}

impl MotionKernels {
    /// The portable reference table.
    pub const SCALAR: MotionKernels = MotionKernels {
        level: CpuLevel::Scalar,
        sad_u8: scalar::sad_u8,
        sad_u16: scalar::sad_u16,
    };

    /// The best table at or below `level` among those this CPU supports (AVX-512, then AVX2,
    /// then scalar on x86-64; NEON, then scalar on aarch64); `table.level` tells which one.
    /// Every table gives the same sums.
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
