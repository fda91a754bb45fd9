//! Every vector ADM kernel against its scalar twin on random data, at every CPU level this host
//! supports: every row width 1..=70 (3..=70 for the DWT, whose taps need 3 samples, and 2..=70
//! for masking, whose mirrored window needs 2), source rows
//! cut from planes of odd heights with strides larger than the width, random column ranges, and
//! samples drawn with extra weight on the extremes (0 and the maximum at each bit depth, the
//! 16- and 32-bit limits, the 2^15 boundary of the scales-1..=3 reciprocal). Each test asserts
//! that the table it got is the level it asked for, so none can silently compare scalar with
//! scalar.

use foveal_kernels::adm::{AdmKernels, CmShifts, DwtRow, Hvd, HvdMut, Taps, dwt_taps};
use foveal_kernels::cpu::CpuLevel;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// The levels that have ADM vector kernels on this architecture.
const VECTOR_LEVELS: &[CpuLevel] = if cfg!(target_arch = "x86_64") {
    &[CpuLevel::Avx2, CpuLevel::Avx512]
} else if cfg!(target_arch = "aarch64") {
    &[CpuLevel::Neon]
} else {
    &[]
};

/// The vector tables to test: every level with ADM kernels that this CPU supports, each
/// asserted to be itself.
fn vector_tables() -> Vec<AdmKernels> {
    CpuLevel::supported()
        .into_iter()
        .filter(|l| VECTOR_LEVELS.contains(l))
        .map(|l| {
            let t = AdmKernels::for_level(l);
            assert_eq!(
                t.level, l,
                "AdmKernels::for_level({l}) returned another level"
            );
            t
        })
        .collect()
}

#[test]
fn every_supported_level_has_its_own_table() {
    let tables = vector_tables();
    eprintln!(
        "ADM vector levels tested: {:?}",
        tables.iter().map(|t| t.level).collect::<Vec<_>>()
    );
    assert_eq!(
        AdmKernels::for_level(CpuLevel::Scalar).level,
        CpuLevel::Scalar
    );
}

/// A small deterministic generator, seeded by proptest, for the bulk of the samples.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// An integer of `bits` bits (two's complement range when `signed`), weighted: extremes,
    /// zero, small values, values near 2^15, and uniform values.
    fn int(&mut self, bits: u32, signed: bool) -> i64 {
        let (lo, hi) = if signed {
            (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
        } else {
            (0, (1i64 << bits) - 1)
        };
        let span = (hi - lo) as u64 + 1;
        let v = match self.below(10) {
            0 => lo,
            1 => hi,
            2 => 0,
            3 => self.below(64) as i64 - if signed { 32 } else { 0 },
            4 => {
                let c = 1i64 << 15;
                let v = c - 3 + self.below(6) as i64;
                if signed && self.below(2) == 0 { -v } else { v }
            }
            5 => (self.below(2001) as i64 - 1000) * if signed { 1 } else { 0 } + 1000,
            _ => lo + (self.below(span)) as i64,
        };
        v.clamp(lo, hi)
    }
    fn vec_i16(&mut self, n: usize) -> Vec<i16> {
        (0..n).map(|_| self.int(16, true) as i16).collect()
    }
    fn vec_i32(&mut self, n: usize) -> Vec<i32> {
        (0..n)
            .map(|_| {
                // Mix 32-bit extremes with the magnitudes real bands have.
                match self.below(3) {
                    0 => self.int(32, true) as i32,
                    1 => self.int(21, true) as i32,
                    _ => self.int(17, true) as i32,
                }
            })
            .collect()
    }
}

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    }
}

/// A random column range inside `0..=w`.
fn cols(rng: &mut Rng, w: usize) -> (usize, usize) {
    let a = rng.below(w as u64 + 1) as usize;
    let b = rng.below(w as u64 + 1) as usize;
    if rng.below(4) == 0 {
        (0, w)
    } else {
        (a.min(b), a.max(b))
    }
}

fn check<T: PartialEq + std::fmt::Debug>(
    level: CpuLevel,
    what: &str,
    w: usize,
    got: &T,
    want: &T,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        got,
        want,
        "{} at {} differs from scalar, width {}",
        what,
        level,
        w
    );
    Ok(())
}

/// Source rows of output row `i` of a `w`x`h` plane stored with `stride`.
fn src_rows<T>(plane: &[T], w: usize, stride: usize, taps: Taps) -> [&[T]; 4] {
    taps.map(|y| &plane[y * stride..y * stride + w])
}

/// Runs a DWT row kernel of both tables over every output row of a `w`x`h` plane and compares
/// the four outputs (whole buffers, so writes past `ceil(w/2)` would show).
/// One DWT row kernel run: table, source rows, the four outputs widened to `i32`.
type DwtRun<'a, S> = &'a dyn Fn(&AdmKernels, [&[S]; 4], &mut [Vec<i32>; 4]);

#[allow(clippy::too_many_arguments)]
fn dwt_case<S: Copy>(
    level: CpuLevel,
    what: &str,
    plane: &[S],
    w: usize,
    h: usize,
    stride: usize,
    run: DwtRun<'_, S>,
    vector: &AdmKernels,
) -> Result<(), TestCaseError> {
    let mut taps = vec![[0; 4]; h.div_ceil(2)];
    dwt_taps(h, &mut taps);
    for t in &taps {
        let rows = src_rows(plane, w, stride, *t);
        let mut want: [Vec<i32>; 4] = std::array::from_fn(|_| vec![-7; w.div_ceil(2) + 3]);
        let mut got = want.clone();
        run(&AdmKernels::SCALAR, rows, &mut want);
        run(vector, rows, &mut got);
        check(level, what, w, &got, &want)?;
    }
    Ok(())
}

/// Widens an i16 DWT run into the common i32 comparison buffers.
fn dwt16(out: &mut [Vec<i32>; 4], f: impl FnOnce(&mut [i16], DwtRow<'_, i16>), lo_only: bool) {
    let n = out[0].len();
    let mut b: [Vec<i16>; 4] = std::array::from_fn(|_| vec![-7; n]);
    let mut tmp = vec![0i16; 2 * 80];
    let [a, h, v, d] = &mut b;
    f(&mut tmp, DwtRow { a, h, v, d });
    for (o, s) in out.iter_mut().zip(&b) {
        *o = s.iter().map(|&x| x as i32).collect();
    }
    if lo_only {
        for o in &mut out[1..] {
            o.clear();
        }
    }
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn dwt_s0_8_matches_scalar(seed in any::<u64>(), h in 5usize..=11, pad in 0usize..=9) {
        let mut rng = Rng(seed);
        for vector in vector_tables() {
            for w in 3..=70 {
                let stride = w + pad;
                let plane: Vec<u8> = (0..stride * h).map(|_| rng.int(8, false) as u8).collect();
                dwt_case(vector.level, "dwt_s0_8", &plane, w, h, stride, &|k, rows, out| {
                    dwt16(out, |tmp, o| (k.dwt_s0_8)(rows, [rows[2], rows[3]], tmp, o), false)
                }, &vector)?;
                for last_col in [false, true] {
                    dwt_case(vector.level, "dwt_s0_lo_8", &plane, w, h, stride, &|k, rows, out| {
                        dwt16(out, |tmp, o| (k.dwt_s0_lo_8)(rows, [rows[0], rows[1]], last_col, tmp, o.a), true)
                    }, &vector)?;
                }
            }
        }
    }

    #[test]
    fn dwt_s0_16_matches_scalar(seed in any::<u64>(), h in 5usize..=11, pad in 0usize..=9, bpc in 9u32..=16, wide in any::<bool>()) {
        let mut rng = Rng(seed);
        // Samples of the bit depth (0 and max weighted), or any 16-bit value.
        let bits = if wide { 16 } else { bpc };
        for vector in vector_tables() {
            for w in 3..=70 {
                let stride = w + pad;
                let plane: Vec<u16> = (0..stride * h).map(|_| rng.int(bits, false) as u16).collect();
                dwt_case(vector.level, "dwt_s0_16", &plane, w, h, stride, &|k, rows, out| {
                    dwt16(out, |tmp, o| (k.dwt_s0_16)(rows, [rows[2], rows[3]], bpc, tmp, o), false)
                }, &vector)?;
                for last_col in [false, true] {
                    dwt_case(vector.level, "dwt_s0_lo_16", &plane, w, h, stride, &|k, rows, out| {
                        dwt16(out, |tmp, o| (k.dwt_s0_lo_16)(rows, [rows[3], rows[1]], bpc, last_col, tmp, o.a), true)
                    }, &vector)?;
                }
            }
        }
    }

    #[test]
    fn dwt_s123_matches_scalar(seed in any::<u64>(), h in 5usize..=11, pad in 0usize..=9) {
        let mut rng = Rng(seed);
        for vector in vector_tables() {
            for w in 3..=70 {
                let stride = w + pad;
                let p16 = rng.vec_i16(stride * h);
                dwt_case(vector.level, "dwt_s1", &p16, w, h, stride, &|k, rows, out| {
                    let mut tmp = vec![0i32; 2 * w];
                    let [a, h, v, d] = out;
                    (k.dwt_s1)(rows, [rows[3], rows[0]], &mut tmp, DwtRow { a, h, v, d });
                }, &vector)?;
                dwt_case(vector.level, "dwt_s1_lo", &p16, w, h, stride, &|k, rows, out| {
                    let mut tmp = vec![0i32; 2 * w];
                    (k.dwt_s1_lo)(rows, [rows[3], rows[0]], &mut tmp, &mut out[0]);
                }, &vector)?;
                let p32 = rng.vec_i32(stride * h);
                for scale in 2..=3 {
                    dwt_case(vector.level, "dwt_s23", &p32, w, h, stride, &|k, rows, out| {
                        let mut tmp = vec![0i32; 2 * w];
                        let [a, h, v, d] = out;
                        (k.dwt_s23)(rows, [rows[3], rows[0]], scale, &mut tmp, DwtRow { a, h, v, d });
                    }, &vector)?;
                    dwt_case(vector.level, "dwt_s23_lo", &p32, w, h, stride, &|k, rows, out| {
                        let mut tmp = vec![0i32; 2 * w];
                        (k.dwt_s23_lo)(rows, [rows[3], rows[0]], scale, &mut tmp, &mut out[0]);
                    }, &vector)?;
                }
            }
        }
    }

    #[test]
    fn decouple_matches_scalar(seed in any::<u64>(), egl_pick in 0usize..5) {
        let mut rng = Rng(seed);
        let egl = [1.0, 100.0, 1.0 + (seed % 9900) as f64 / 100.0, 0.5, 2.75][egl_pick];
        for vector in vector_tables() {
            for w in 1..=70 {
                let (l, r) = cols(&mut rng, w);
                let b16: Vec<Vec<i16>> = (0..6).map(|_| rng.vec_i16(w)).collect();
                let hvd16 = |k: usize| Hvd { h: &b16[k][..], v: &b16[k + 1][..], d: &b16[k + 2][..] };
                let run16 = |k: &AdmKernels| {
                    let mut o: [Vec<i16>; 6] = std::array::from_fn(|_| vec![-5; w]);
                    let [rh, rv, rd, ah, av, ad] = &mut o;
                    (k.decouple_s0)(hvd16(0), hvd16(3), l, r, egl,
                        HvdMut { h: rh, v: rv, d: rd }, HvdMut { h: ah, v: av, d: ad });
                    o
                };
                check(vector.level, "decouple_s0", w, &run16(&vector), &run16(&AdmKernels::SCALAR))?;

                // Half the rows hold only magnitudes real bands have (the AVX2 kernel's vector path
                // needs |h|, |v| <= 2^25), half any 32-bit value.
                let small = rng.below(2) == 0;
                let b32: Vec<Vec<i32>> = (0..6)
                    .map(|_| if small { (0..w).map(|_| rng.int(24, true) as i32).collect() } else { rng.vec_i32(w) })
                    .collect();
                let hvd32 = |k: usize| Hvd { h: &b32[k][..], v: &b32[k + 1][..], d: &b32[k + 2][..] };
                let run32 = |k: &AdmKernels| {
                    let mut o: [Vec<i32>; 6] = std::array::from_fn(|_| vec![-5; w]);
                    let [rh, rv, rd, ah, av, ad] = &mut o;
                    (k.decouple_s123)(hvd32(0), hvd32(3), l, r, egl,
                        HvdMut { h: rh, v: rv, d: rd }, HvdMut { h: ah, v: av, d: ad });
                    o
                };
                check(vector.level, "decouple_s123", w, &run32(&vector), &run32(&AdmKernels::SCALAR))?;
            }
        }
    }

    #[test]
    fn decouple_angle_boundary_matches_scalar(seed in any::<u64>()) {
        // Distorted coefficients proportional to the reference (angle 0) and slightly rotated:
        // the angle test and the gain clamp both fire.
        let mut rng = Rng(seed);
        for vector in vector_tables() {
            for w in 1..=70 {
                let o: Vec<Vec<i32>> = (0..3).map(|_| (0..w).map(|_| rng.int(13, true) as i32).collect()).collect();
                let gain = 1 + rng.below(3) as i32;
                let t: Vec<Vec<i32>> = o.iter().map(|b| b.iter().map(|&x| x * gain + rng.int(2, true) as i32).collect()).collect();
                let (l, r) = cols(&mut rng, w);
                let o16: Vec<Vec<i16>> = o.iter().map(|b| b.iter().map(|&x| x as i16).collect()).collect();
                let t16: Vec<Vec<i16>> = t.iter().map(|b| b.iter().map(|&x| x as i16).collect()).collect();
                for egl in [1.0, 100.0, 1.5] {
                    let run16 = |k: &AdmKernels| {
                        let mut out: [Vec<i16>; 6] = std::array::from_fn(|_| vec![0; w]);
                        let [rh, rv, rd, ah, av, ad] = &mut out;
                        (k.decouple_s0)(Hvd { h: &o16[0], v: &o16[1], d: &o16[2] },
                            Hvd { h: &t16[0], v: &t16[1], d: &t16[2] }, l, r, egl,
                            HvdMut { h: rh, v: rv, d: rd }, HvdMut { h: ah, v: av, d: ad });
                        out
                    };
                    check(vector.level, "decouple_s0 (angle)", w, &run16(&vector), &run16(&AdmKernels::SCALAR))?;
                    let run32 = |k: &AdmKernels| {
                        let mut out: [Vec<i32>; 6] = std::array::from_fn(|_| vec![0; w]);
                        let [rh, rv, rd, ah, av, ad] = &mut out;
                        (k.decouple_s123)(Hvd { h: &o[0], v: &o[1], d: &o[2] },
                            Hvd { h: &t[0], v: &t[1], d: &t[2] }, l, r, egl,
                            HvdMut { h: rh, v: rv, d: rd }, HvdMut { h: ah, v: av, d: ad });
                        out
                    };
                    check(vector.level, "decouple_s123 (angle)", w, &run32(&vector), &run32(&AdmKernels::SCALAR))?;
                }
            }
        }
    }

    #[test]
    fn csf_and_den_match_scalar(seed in any::<u64>()) {
        let mut rng = Rng(seed);
        for vector in vector_tables() {
            for w in 1..=70 {
                let (l, r) = cols(&mut rng, w);
                let b16: Vec<Vec<i16>> = (0..3).map(|_| rng.vec_i16(w)).collect();
                let src16 = Hvd { h: &b16[0][..], v: &b16[1][..], d: &b16[2][..] };
                let rf16 = [0, 1, 2].map(|_| rng.int(16, false) as u16);
                let run = |k: &AdmKernels| {
                    let (mut f, mut o) = (vec![-3; w], vec![-3; w]);
                    (k.csf_s0)(src16, l, r, rf16, &mut f, &mut o);
                    (f, o)
                };
                check(vector.level, "csf_s0", w, &run(&vector), &run(&AdmKernels::SCALAR))?;
                check(vector.level, "den_s0", w, &(vector.den_s0)(src16, l, r), &(AdmKernels::SCALAR.den_s0)(src16, l, r))?;

                let b32: Vec<Vec<i32>> = (0..3).map(|_| rng.vec_i32(w)).collect();
                let src32 = Hvd { h: &b32[0][..], v: &b32[1][..], d: &b32[2][..] };
                let rf32 = [0, 1, 2].map(|_| match rng.below(3) {
                    0 => u32::MAX,
                    1 => rng.int(31, false) as u32,
                    _ => rng.int(32, false) as u32,
                });
                let run = |k: &AdmKernels| {
                    let (mut f, mut o) = (vec![-3; w], vec![-3; w]);
                    (k.csf_s123)(src32, l, r, rf32, &mut f, &mut o);
                    (f, o)
                };
                check(vector.level, "csf_s123", w, &run(&vector), &run(&AdmKernels::SCALAR))?;
                for scale in 1..=3 {
                    let cub = 1 + rng.below(20) as u32;
                    check(vector.level, "den_s123", w,
                        &(vector.den_s123)(src32, l, r, scale, cub),
                        &(AdmKernels::SCALAR.den_s123)(src32, l, r, scale, cub))?;
                }
            }
        }
    }

    #[test]
    fn cm_matches_scalar(seed in any::<u64>()) {
        let mut rng = Rng(seed);
        for vector in vector_tables() {
            for w in 2..=70 {
                let (l, r) = cols(&mut rng, w);
                let fsum: Vec<Vec<i32>> = (0..3).map(|_| match rng.below(3) {
                    0 => rng.vec_i32(w),
                    _ => (0..w).map(|_| rng.int(12, true) as i32).collect(),
                }).collect();
                let own: Vec<i32> = (0..w).map(|_| rng.int(14, true) as i32).collect();
                let fs = [&fsum[0][..], &fsum[1][..], &fsum[2][..]];
                let shifts = CmShifts {
                    cub_hv: 1 + rng.below(20) as u32,
                    cub_d: 1 + rng.below(20) as u32,
                    row: 1,
                };
                let x16: Vec<Vec<i16>> = (0..3).map(|_| rng.vec_i16(w)).collect();
                let xs16 = Hvd { h: &x16[0][..], v: &x16[1][..], d: &x16[2][..] };
                let rf16 = [0, 1, 2].map(|_| rng.int(16, false) as u16);
                check(vector.level, "cm_s0", w,
                    &(vector.cm_s0)(xs16, fs, &own, w, l, r, rf16, shifts),
                    &(AdmKernels::SCALAR.cm_s0)(xs16, fs, &own, w, l, r, rf16, shifts))?;

                let x32: Vec<Vec<i32>> = (0..3).map(|_| rng.vec_i32(w)).collect();
                let xs32 = Hvd { h: &x32[0][..], v: &x32[1][..], d: &x32[2][..] };
                let rf32 = [0, 1, 2].map(|_| match rng.below(3) {
                    0 => u32::MAX,
                    1 => rng.int(28, false) as u32,
                    _ => rng.int(32, false) as u32,
                });
                check(vector.level, "cm_s123", w,
                    &(vector.cm_s123)(xs32, fs, &own, w, l, r, rf32, shifts),
                    &(AdmKernels::SCALAR.cm_s123)(xs32, fs, &own, w, l, r, rf32, shifts))?;
            }
        }
    }
}
