//! The AVX2 and AVX-512 twins of the motion kernels, written once: [`level_module!`] stamps out
//! one level's table, `#[target_feature]` functions and safe wrappers; `avx2.rs` and `avx512.rs`
//! invoke it with their level and feature string (AVX-512 with its own 8-bit kernel).
//!
//! The twins are the scalar bodies of [`super::scalar`] (written to vectorise: symmetric taps,
//! `i32` lanes where provably exact) compiled with the level's instruction set enabled.

/// Defines, in the invoking module, `TABLE` (the [`MotionKernels`](super::MotionKernels) of level
/// `CpuLevel::$isa`) and its kernels, compiled with `$features`; with a third argument, the table
/// takes that function of the module as its 8-bit kernel instead of the generated one. Callers of
/// `for_level` must only get `TABLE` when that level is supported.
macro_rules! level_module {
    ($isa:ident, $features:literal) => {
        $crate::motion::x86::level_module!(@table $isa, $features, sad_u8);

        $crate::isa::twins! {
            features: $features;
            fn sad_u8 => sad_u8_impl(
                previous: &[u8], prev_stride: usize, current: &[u8], cur_stride: usize, w: usize,
                h: usize, y_row: &mut [i32]) -> u64
            = $crate::motion::scalar::sad_u8(
                previous, prev_stride, current, cur_stride, w, h, y_row);
        }
    };
    ($isa:ident, $features:literal, $sad_u8:ident) => {
        $crate::motion::x86::level_module!(@table $isa, $features, $sad_u8);
    };
    (@table $isa:ident, $features:literal, $sad_u8:ident) => {
        /// This level's table. Callers must have checked that the level is supported.
        pub(super) const TABLE: $crate::motion::MotionKernels = $crate::motion::MotionKernels {
            level: $crate::cpu::CpuLevel::$isa,
            sad_u8: $sad_u8,
            sad_u16,
        };

        $crate::isa::twins! {
            features: $features;
            #[allow(clippy::too_many_arguments)]
            fn sad_u16 => sad_u16_impl(
                previous: &[u16], prev_stride: usize, current: &[u16], cur_stride: usize,
                w: usize, h: usize, bit_depth: u32, y_row: &mut [i32]) -> u64
            = $crate::motion::scalar::sad_u16(
                previous, prev_stride, current, cur_stride, w, h, bit_depth, y_row);
        }
    };
}
pub(super) use level_module;
