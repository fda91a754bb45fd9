//! AVX-512 twins of the motion kernels: the scalar bodies of [`super::scalar`] (written to
//! vectorise: symmetric taps, `i32` lanes where provably exact) compiled with AVX-512 enabled.
//! Reachable only through [`super::MotionKernels::for_level`] for a level the CPU supports.

use super::{MotionKernels, scalar};
use crate::cpu::CpuLevel;

/// The AVX-512 table. Callers must have checked that [`CpuLevel::Avx512`] is supported.
pub(super) const TABLE: MotionKernels = MotionKernels {
    level: CpuLevel::Avx512,
    sad_u8,
    sad_u16,
};

#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn sad_u8_impl(
    previous: &[u8],
    prev_stride: usize,
    current: &[u8],
    cur_stride: usize,
    w: usize,
    h: usize,
    y_row: &mut [i32],
) -> u64 {
    scalar::sad_u8(previous, prev_stride, current, cur_stride, w, h, y_row)
}

fn sad_u8(
    previous: &[u8],
    prev_stride: usize,
    current: &[u8],
    cur_stride: usize,
    w: usize,
    h: usize,
    y_row: &mut [i32],
) -> u64 {
    // SAFETY: only reachable through `TABLE`, which `for_level` returns only when
    // `CpuLevel::Avx512.is_supported()`; the body indexes safe slices only.
    unsafe { sad_u8_impl(previous, prev_stride, current, cur_stride, w, h, y_row) }
}

#[allow(clippy::too_many_arguments)]
#[target_feature(
    enable = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
)]
unsafe fn sad_u16_impl(
    previous: &[u16],
    prev_stride: usize,
    current: &[u16],
    cur_stride: usize,
    w: usize,
    h: usize,
    bit_depth: u32,
    y_row: &mut [i32],
) -> u64 {
    scalar::sad_u16(
        previous,
        prev_stride,
        current,
        cur_stride,
        w,
        h,
        bit_depth,
        y_row,
    )
}

#[allow(clippy::too_many_arguments)]
fn sad_u16(
    previous: &[u16],
    prev_stride: usize,
    current: &[u16],
    cur_stride: usize,
    w: usize,
    h: usize,
    bit_depth: u32,
    y_row: &mut [i32],
) -> u64 {
    // SAFETY: only reachable through `TABLE`, which `for_level` returns only when
    // `CpuLevel::Avx512.is_supported()`; the body indexes safe slices only.
    unsafe {
        sad_u16_impl(
            previous,
            prev_stride,
            current,
            cur_stride,
            w,
            h,
            bit_depth,
            y_row,
        )
    }
}
