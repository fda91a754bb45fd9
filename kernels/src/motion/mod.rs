//! Kernels of the `motion` feature (scalar reference first; vector twins per ISA).
//!
//! The only hot loop of integer motion is the blurred SAD of a frame difference (libvmaf
//! `motion_score_pipeline_8/16`); see [`scalar`] for the exact arithmetic. Vector twins must
//! return the same `u64` on every input.

pub mod scalar;

use crate::cpu::CpuLevel;

/// `sad_u8(previous, prev_stride, current, cur_stride, w, h, y_row) -> SAD in Q8`.
pub type SadU8Fn = fn(&[u8], usize, &[u8], usize, usize, usize, &mut [i32]) -> u64;

/// `sad_u16(previous, prev_stride, current, cur_stride, w, h, bit_depth, y_row) -> SAD in Q8`.
pub type SadU16Fn = fn(&[u16], usize, &[u16], usize, usize, usize, u32, &mut [i32]) -> u64;

/// The motion kernel table for one CPU level.
#[derive(Clone, Copy, Debug)]
pub struct MotionKernels {
    /// Blurred SAD of `previous - current`, 8-bit planes.
    pub sad_u8: SadU8Fn,
    /// Blurred SAD of `previous - current`, 9..16-bit planes.
    pub sad_u16: SadU16Fn,
}

impl MotionKernels {
    /// The portable reference table.
    pub const SCALAR: MotionKernels = MotionKernels {
        sad_u8: scalar::sad_u8,
        sad_u16: scalar::sad_u16,
    };

    /// The best table for `level` (scalar for every level until vector twins exist).
    pub fn for_level(level: CpuLevel) -> Self {
        match level {
            CpuLevel::Scalar | CpuLevel::Avx2 | CpuLevel::Avx512 | CpuLevel::Neon => Self::SCALAR,
        }
    }
}
