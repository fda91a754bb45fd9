//! The VIF vector kernels against their scalar twins, at every CPU level this host supports.
//!
//! Each row kernel of [`VifKernels`] is run over whole random planes — every width 1..=70, odd
//! heights, row strides larger than the width (with garbage past the width), all four windows,
//! samples biased towards 0 and the maximum of the bit depth (and beyond it for 16-bit input),
//! flat and textured regions so that every branch of the per-pixel terms is taken — and its
//! sums and decimated rows must equal the scalar reference exactly.

use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::vif::{
    FILTERS, LOG2_TABLE_LEN, VerticalShifts, VifAccum, VifKernels, VifScratch, reflect_index,
    shared_log2_table,
};
use proptest::prelude::*;

/// The vector levels to compare with scalar (AVX2 and AVX-512 on x86-64, NEON on aarch64), each
/// with the kernel table built for it. Asserts that the table is really the one of that level.
fn vector_tables() -> Vec<VifKernels> {
    CpuLevel::supported()
        .into_iter()
        .filter(|&l| l != CpuLevel::Scalar)
        .map(|level| {
            let k = VifKernels::for_level(level);
            assert_eq!(k.level, level, "kernel table for {level} is {}", k.level);
            k
        })
        .collect()
}

/// Deterministic generator for the sample data of one case (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A plane of `w`×`h` samples at most `max`, stored with `stride ≥ w` (garbage past `w`).
/// `mode` picks the texture: 0 random, 1 only 0 and `max`, 2 flat with ±1 noise, 3 small blocks
/// of the three (so that windows straddle flat and textured areas).
fn plane(rng: &mut Rng, w: usize, h: usize, stride: usize, max: u32, mode: u8) -> Vec<u16> {
    let mut p = vec![0u16; stride * h];
    let base = rng.below(u64::from(max) + 1) as u32;
    for y in 0..h {
        for x in 0..stride {
            let m = if mode == 3 {
                ((x / 5 + y / 3) % 3) as u8
            } else {
                mode
            };
            let v = if x >= w {
                rng.next() as u32 & 0xFFFF
            } else {
                match m {
                    0 => rng.below(u64::from(max) + 1) as u32,
                    1 => {
                        if rng.below(2) == 0 {
                            0
                        } else {
                            max
                        }
                    }
                    _ => (base + rng.below(3) as u32).saturating_sub(1).min(max),
                }
            };
            p[y * stride + x] = v as u16;
        }
    }
    p
}

/// The `taps` rows around row `i` (reflect-101), as the extractor selects them.
fn window<T>(p: &[T], stride: usize, h: usize, i: usize, taps: usize) -> Vec<&[T]> {
    (0..taps)
        .map(|k| {
            let y = reflect_index(i as isize + k as isize - (taps / 2) as isize, h);
            &p[y * stride..(y + 1) * stride]
        })
        .collect()
}

fn to_u8(p: &[u16]) -> Vec<u8> {
    p.iter().map(|&v| v as u8).collect()
}

/// Runs the statistic over every row of the planes with the kernels `k` (8-bit kernels when
/// `eight_bit`, the samples then below 256).
#[allow(clippy::too_many_arguments)]
fn stat_plane(
    k: &VifKernels,
    r: &[u16],
    d: &[u16],
    eight_bit: bool,
    (w, h, stride): (usize, usize, usize),
    filter: &[u16],
    shifts: VerticalShifts,
    gain_limit: f64,
) -> VifAccum {
    let mut scratch = VifScratch::new(w + 3);
    let log2 = shared_log2_table();
    let mut acc = VifAccum::default();
    let (r8, d8) = (to_u8(r), to_u8(d));
    for i in 0..h {
        let taps = filter.len();
        if eight_bit {
            let (rr, dd) = (
                window(&r8, stride, h, i, taps),
                window(&d8, stride, h, i, taps),
            );
            (k.stat_row_u8)(
                &rr,
                &dd,
                filter,
                w,
                &mut scratch,
                log2,
                gain_limit,
                &mut acc,
            );
        } else {
            let (rr, dd) = (window(r, stride, h, i, taps), window(d, stride, h, i, taps));
            (k.stat_row_u16)(
                &rr,
                &dd,
                filter,
                shifts,
                w,
                &mut scratch,
                log2,
                gain_limit,
                &mut acc,
            );
        }
    }
    acc
}

/// Runs the statistic over the plane's rows two at a time with `stat_rows2_*` (the last row of
/// an odd height alone with `stat_row_*`), as the extractor does.
#[allow(clippy::too_many_arguments)]
fn stat_plane2(
    k: &VifKernels,
    r: &[u16],
    d: &[u16],
    eight_bit: bool,
    (w, h, stride): (usize, usize, usize),
    filter: &[u16],
    shifts: VerticalShifts,
    gain_limit: f64,
) -> VifAccum {
    let mut scratch = VifScratch::new(w + 1);
    let log2 = shared_log2_table();
    let mut acc = VifAccum::default();
    let (r8, d8) = (to_u8(r), to_u8(d));
    let taps = filter.len();
    // Row ranges of the window of `n` rows starting at row `i − taps/2`.
    let rows = |i: usize, n: usize| -> Vec<std::ops::Range<usize>> {
        (0..n)
            .map(|k| {
                let y = reflect_index(i as isize + k as isize - (taps / 2) as isize, h);
                y * stride..(y + 1) * stride
            })
            .collect()
    };
    let mut i = 0;
    while i < h {
        let n = if i + 1 < h { taps + 1 } else { taps };
        if eight_bit {
            let rr: Vec<&[u8]> = rows(i, n).into_iter().map(|x| &r8[x]).collect();
            let dd: Vec<&[u8]> = rows(i, n).into_iter().map(|x| &d8[x]).collect();
            let kernel = if n > taps {
                k.stat_rows2_u8
            } else {
                k.stat_row_u8
            };
            kernel(
                &rr,
                &dd,
                filter,
                w,
                &mut scratch,
                log2,
                gain_limit,
                &mut acc,
            );
        } else {
            let rr: Vec<&[u16]> = rows(i, n).into_iter().map(|x| &r[x]).collect();
            let dd: Vec<&[u16]> = rows(i, n).into_iter().map(|x| &d[x]).collect();
            let kernel = if n > taps {
                k.stat_rows2_u16
            } else {
                k.stat_row_u16
            };
            kernel(
                &rr,
                &dd,
                filter,
                shifts,
                w,
                &mut scratch,
                log2,
                gain_limit,
                &mut acc,
            );
        }
        i += n - taps + 1;
    }
    acc
}

/// Runs the decimation over the even rows of the planes with the kernels `k`; returns both
/// decimated planes, each row followed by one sample that must stay untouched.
fn sub_plane(
    k: &VifKernels,
    r: &[u16],
    d: &[u16],
    eight_bit: bool,
    (w, h, stride): (usize, usize, usize),
    filter: &[u16],
    shift: u32,
) -> Vec<u16> {
    let mut scratch = VifScratch::new(w);
    let (w2, h2) = (w / 2, h / 2);
    let mut out = vec![0xABCDu16; 2 * h2 * (w2 + 1)];
    let (r8, d8) = (to_u8(r), to_u8(d));
    let (out_r, out_d) = out.split_at_mut(h2 * (w2 + 1));
    let taps = filter.len();
    for i in 0..h2 {
        let or = &mut out_r[i * (w2 + 1)..i * (w2 + 1) + w2];
        let od = &mut out_d[i * (w2 + 1)..i * (w2 + 1) + w2];
        if eight_bit {
            let rr = window(&r8, stride, h, 2 * i, taps);
            let dd = window(&d8, stride, h, 2 * i, taps);
            (k.sub_row_u8)(&rr, &dd, filter, w, &mut scratch, or, od);
        } else {
            let rr = window(r, stride, h, 2 * i, taps);
            let dd = window(d, stride, h, 2 * i, taps);
            (k.sub_row_u16)(&rr, &dd, filter, shift, w, &mut scratch, or, od);
        }
    }
    out
}

/// Planes of one run: reference, distorted, 8-bit kernels?, statistic shifts, decimation shift.
type Run<'a> = (&'a [u16], &'a [u16], bool, VerticalShifts, u32);

/// One random case at every width 1..=70 and every window: 8-bit samples when `bpc == 8`,
/// else 16-bit samples of `bpc` bits with the scale-0 shifts; plus 16-bit Q8 means (any 16-bit
/// value) with the coarse-scale shifts. Returns the number of results compared.
fn check_case(
    seed: u64,
    h: usize,
    pad: usize,
    bpc: u32,
    modes: (u8, u8),
    gain_limit: f64,
) -> usize {
    let tables = vector_tables();
    let scalar = VifKernels::SCALAR;
    let mut rng = Rng(seed);
    let mut compared = 0;
    for w in 1..=70 {
        let stride = w + pad;
        let max = (1u32 << bpc) - 1;
        let r = plane(&mut rng, w, h, stride, max, modes.0);
        let d = plane(&mut rng, w, h, stride, max, modes.1);
        let rq = plane(&mut rng, w, h, stride, 0xFFFF, modes.0);
        let dq = plane(&mut rng, w, h, stride, 0xFFFF, modes.1);
        let geom = (w, h, stride);
        for (s, filter) in FILTERS.iter().enumerate() {
            let runs: [Run<'_>; 2] = [
                (&r, &d, bpc == 8, VerticalShifts::statistic(0, bpc), bpc),
                (&rq, &dq, false, VerticalShifts::statistic(1, bpc), 16),
            ];
            for (pr, pd, eight, shifts, sub_shift) in runs {
                let want = stat_plane(&scalar, pr, pd, eight, geom, filter, shifts, gain_limit);
                let want_sub = sub_plane(&scalar, pr, pd, eight, geom, filter, sub_shift);
                for k in &tables {
                    let got = stat_plane(k, pr, pd, eight, geom, filter, shifts, gain_limit);
                    assert_eq!(
                        got, want,
                        "{} statistic, window {s}, w {w} h {h} stride {stride} bpc {bpc} \
                         8-bit {eight} {shifts:?} gain limit {gain_limit}",
                        k.level
                    );
                    let got_sub = sub_plane(k, pr, pd, eight, geom, filter, sub_shift);
                    assert_eq!(
                        got_sub, want_sub,
                        "{} decimation, window {s}, w {w} h {h} stride {stride} bpc {bpc} \
                         8-bit {eight} shift {sub_shift}",
                        k.level
                    );
                    compared += 2;
                    let got2 = stat_plane2(k, pr, pd, eight, geom, filter, shifts, gain_limit);
                    assert_eq!(
                        got2, want,
                        "{} two-row statistic, window {s}, w {w} h {h} stride {stride} bpc {bpc} \
                         8-bit {eight} {shifts:?}",
                        k.level
                    );
                    compared += 1;
                }
            }
        }
    }
    compared
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn vector_rows_equal_scalar_8bit(
        seed in any::<u64>(),
        h in prop::sample::select(vec![1usize, 3, 5, 9, 11, 17]),
        pad in 0usize..13,
        modes in (0u8..4, 0u8..4),
        gain_limit in prop_oneof![Just(100.0f64), Just(1.0f64), 1.0f64..100.0],
    ) {
        let n = check_case(seed, h, pad, 8, modes, gain_limit);
        prop_assert!(vector_tables().is_empty() || n > 0);
    }

    #[test]
    fn vector_rows_equal_scalar_16bit(
        seed in any::<u64>(),
        h in prop::sample::select(vec![1usize, 3, 7, 9, 13]),
        pad in 0usize..13,
        bpc in 9u32..=16,
        modes in (0u8..4, 0u8..4),
        gain_limit in prop_oneof![Just(100.0f64), Just(1.0f64), 1.0f64..100.0],
    ) {
        let n = check_case(seed, h, pad, bpc, modes, gain_limit);
        prop_assert!(vector_tables().is_empty() || n > 0);
    }
}

/// Extreme planes, deterministic: all zeros, all maximum, checkerboards of 0 and maximum, and
/// 16-bit samples above the bit depth (65535 at 10 bits), at every width 1..=70.
#[test]
fn vector_rows_equal_scalar_on_extremes() {
    let tables = vector_tables();
    let scalar = VifKernels::SCALAR;
    let mut compared = 0usize;
    for (bpc, eight) in [(8u32, true), (10, false), (12, false), (16, false)] {
        let max = if bpc == 10 { 0xFFFF } else { (1u32 << bpc) - 1 } as u16;
        for w in 1..=70 {
            let (h, stride) = (9, w + 5);
            let fill = |f: &dyn Fn(usize, usize) -> u16| -> Vec<u16> {
                (0..h * stride).map(|i| f(i % stride, i / stride)).collect()
            };
            let planes = [
                fill(&|_, _| 0),
                fill(&|_, _| max),
                fill(&|x, y| if (x + y) % 2 == 0 { max } else { 0 }),
                fill(&|x, _| if x % 3 == 0 { max } else { 0 }),
            ];
            let shifts = VerticalShifts::statistic(0, bpc);
            let geom = (w, h, stride);
            for (s, filter) in FILTERS.iter().enumerate() {
                for a in &planes {
                    for b in &planes {
                        let want = stat_plane(&scalar, a, b, eight, geom, filter, shifts, 100.0);
                        let want_sub = sub_plane(&scalar, a, b, eight, geom, filter, bpc);
                        for k in &tables {
                            let got = stat_plane(k, a, b, eight, geom, filter, shifts, 100.0);
                            assert_eq!(got, want, "{} window {s} w {w} bpc {bpc}", k.level);
                            let got_sub = sub_plane(k, a, b, eight, geom, filter, bpc);
                            assert_eq!(got_sub, want_sub, "{} window {s} w {w}", k.level);
                            compared += 2;
                            let got2 = stat_plane2(k, a, b, eight, geom, filter, shifts, 100.0);
                            assert_eq!(got2, want, "{} two-row window {s} w {w}", k.level);
                            compared += 1;
                        }
                    }
                }
            }
        }
    }
    println!("compared {compared} plane results exactly against scalar");
    assert!(tables.is_empty() || compared > 0);
}

/// A window the vector kernels cannot evaluate exactly (its taps do not sum to 65536) takes the
/// scalar path at every level.
#[test]
fn unsupported_window_falls_back_to_scalar() {
    let filter = [1000u16, 2000, 1000];
    let mut rng = Rng(7);
    let geom @ (w, h, stride) = (37, 5, 40);
    let r = plane(&mut rng, w, h, stride, 255, 0);
    let d = plane(&mut rng, w, h, stride, 255, 0);
    let shifts = VerticalShifts::statistic(0, 8);
    let want = stat_plane(
        &VifKernels::SCALAR,
        &r,
        &d,
        true,
        geom,
        &filter,
        shifts,
        100.0,
    );
    assert_ne!(want, VifAccum::default());
    for k in vector_tables() {
        let got = stat_plane(&k, &r, &d, true, geom, &filter, shifts, 100.0);
        assert_eq!(got, want, "{}", k.level);
    }
    assert_eq!(LOG2_TABLE_LEN, shared_log2_table().len());
}
