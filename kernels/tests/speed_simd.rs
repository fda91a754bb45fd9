//! The SpEED kernels of every level this CPU supports against the scalar reference, bit for bit,
//! on random data at every width 1..=70 (and a few wider rows), odd heights, strides wider than
//! the rows, and extreme values: sample conversions at 0 and the largest code of each depth,
//! filters and covariances on values with long mantissas (where a reordered or fused operation
//! would change the last bits).

use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::speed::{CovarianceOrder, SpeedKernels, scalar};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn vector_levels() -> Vec<CpuLevel> {
    let levels: Vec<CpuLevel> = CpuLevel::supported()
        .into_iter()
        .filter(|&l| l != CpuLevel::Scalar)
        .collect();
    for &l in &levels {
        assert_eq!(
            SpeedKernels::for_level(l).level,
            l,
            "for_level({l}) must build the {l} table"
        );
    }
    eprintln!("checking levels {levels:?}");
    levels
}

const WIDE: [usize; 8] = [127, 128, 129, 131, 255, 256, 257, 300];

fn widths() -> impl Iterator<Item = usize> {
    (1..=70).chain(WIDE)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// `n` floats: mostly long-mantissa values of mixed magnitude, some exact small integers, zeros
/// and signed extremes of the sample range.
fn floats(n: usize) -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(
        prop_oneof![
            6 => -300.0f32..300.0,
            2 => -1.0e-3f32..1.0e-3,
            1 => (-128i32..=127).prop_map(|v| v as f32),
            1 => Just(0.0f32),
            1 => prop_oneof![Just(-128.0f32), Just(127.0), Just(-32768.0), Just(32767.0)],
        ],
        n,
    )
}

fn same_bits(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

#[test]
fn convolve_rows_matches_scalar() {
    let mut n = 0;
    for level in vector_levels() {
        let t = SpeedKernels::for_level(level);
        for w in widths() {
            let strat = (1usize..=9, floats(9 * (w + 3)), floats(9));
            runner(12)
                .run(&strat, |(taps, data, filter)| {
                    let rows: Vec<&[f32]> = data.chunks(w + 3).take(taps).collect();
                    let mut a = vec![1.0f32; w];
                    let mut b = vec![2.0f32; w];
                    scalar::convolve_rows(&rows, &filter[..taps], &mut a);
                    (t.convolve_rows)(&rows, &filter[..taps], &mut b);
                    prop_assert!(same_bits(&a, &b), "{} w={} taps={}", level, w, taps);
                    Ok(())
                })
                .unwrap();
            n += 12;
        }
    }
    eprintln!("convolve_rows: {n} comparisons");
}

#[test]
fn convolve_padded_matches_scalar() {
    let mut n = 0;
    for level in vector_levels() {
        let t = SpeedKernels::for_level(level);
        for w in widths() {
            let strat = (0usize..=4, prop_oneof![Just(1usize), Just(16)], floats(9));
            runner(8)
                .run(&strat, |(r, step, filter)| {
                    let taps = 2 * r + 1;
                    let outs = w.div_ceil(step);
                    let padded: Vec<f32> = (0..(outs - 1) * step + taps)
                        .map(|i| ((i * 7919) % 1000) as f32 * 0.173 - 80.0)
                        .collect();
                    let mut a = vec![1.0f32; outs];
                    let mut b = vec![2.0f32; outs];
                    scalar::convolve_padded(&padded, &filter[..taps], step, &mut a);
                    (t.convolve_padded)(&padded, &filter[..taps], step, &mut b);
                    prop_assert!(same_bits(&a, &b), "{} w={} step={}", level, w, step);
                    Ok(())
                })
                .unwrap();
            n += 8;
        }
    }
    eprintln!("convolve_padded: {n} comparisons");
}

#[test]
fn conversions_and_differences_match_scalar() {
    let mut n = 0;
    for level in vector_levels() {
        let t = SpeedKernels::for_level(level);
        for w in widths() {
            let strat = (
                prop::collection::vec(any::<u8>(), w),
                prop::collection::vec(any::<u16>(), w),
                floats(2 * w),
            );
            runner(8)
                .run(&strat, |(mut s8, mut s16, f)| {
                    s8[0] = 255;
                    s8[w - 1] = 0;
                    s16[0] = u16::MAX;
                    s16[w - 1] = 0;
                    let (mut a, mut b) = (vec![0.5f32; w], vec![0.25f32; w]);
                    scalar::convert_u8(&s8, -128.0, &mut a);
                    (t.convert_u8)(&s8, -128.0, &mut b);
                    prop_assert!(same_bits(&a, &b), "{} u8 w={}", level, w);
                    for (bd, scaler) in [(10u32, 4.0f32), (12, 16.0), (16, 256.0)] {
                        let max = ((1u32 << bd) - 1) as u16;
                        let s: Vec<u16> = s16.iter().map(|&v| v.min(max)).collect();
                        scalar::convert_u16(&s, scaler, -128.0, &mut a);
                        (t.convert_u16)(&s, scaler, -128.0, &mut b);
                        prop_assert!(same_bits(&a, &b), "{} {}-bit w={}", level, bd, w);
                    }
                    scalar::difference(&f[..w], &f[w..], &mut a);
                    (t.difference)(&f[..w], &f[w..], &mut b);
                    prop_assert!(same_bits(&a, &b), "{} difference w={}", level, w);
                    Ok(())
                })
                .unwrap();
            n += 8 * 5;
        }
    }
    eprintln!("conversions: {n} comparisons");
}

#[test]
fn covariance_sums_match_scalar_in_every_order() {
    let mut n = 0;
    let orders = [
        CovarianceOrder::Scalar,
        CovarianceOrder::Avx2,
        CovarianceOrder::Avx512,
    ];
    for level in vector_levels() {
        let table = SpeedKernels::for_level(level);
        for w in widths() {
            // Heights 1, 3, 5, 7; the stride leaves room for a shifted second matrix.
            let stride = w + 5;
            let strat = (
                0usize..4,
                floats(8 * stride + 8),
                floats(8 * stride + 8),
                0u8..3,
            );
            runner(6)
                .run(&strat, |(hh, x, y, mean_kind)| {
                    let h = 2 * hh + 1;
                    // Means off the f32 grid make every centred value a long f64 mantissa.
                    let (mx, my) = match mean_kind {
                        0 => (0.1 + 2f64.powi(-40), -0.3 - 2f64.powi(-41)),
                        1 => (0.0, 0.0),
                        _ => (17.25, -3.5),
                    };
                    for order in orders {
                        let want = order.kernel()(&x, &y[3..], stride, h, w, mx, my);
                        let got = order.kernel_for(level)(&x, &y[3..], stride, h, w, mx, my);
                        prop_assert_eq!(
                            got.to_bits(),
                            want.to_bits(),
                            "{} {:?} w={} h={}",
                            level,
                            order,
                            w,
                            h
                        );
                    }
                    let want = scalar::covariance_sum_avx512_order(&x, &y, stride, h, w, mx, my);
                    let got = (table.covariance_sum)(&x, &y, stride, h, w, mx, my);
                    prop_assert_eq!(got.to_bits(), want.to_bits(), "{} table w={}", level, w);
                    // The same sums over operands centred beforehand.
                    let pack = |v: &[f32], mean: f64| -> Vec<f64> {
                        (0..h)
                            .flat_map(|i| v[i * stride..i * stride + w].iter())
                            .map(|&s| f64::from(s) - mean)
                            .collect()
                    };
                    let (cx, cy) = (pack(&x, mx), pack(&y[3..], my));
                    for order in orders {
                        let want = order.kernel()(&x, &y[3..], stride, h, w, mx, my);
                        let portable = order.centred_kernel()(&cx, &cy, h, w);
                        let got = order.centred_kernel_for(level)(&cx, &cy, h, w);
                        prop_assert_eq!(portable.to_bits(), want.to_bits(), "{:?} w={}", order, w);
                        prop_assert_eq!(
                            got.to_bits(),
                            want.to_bits(),
                            "{} {:?} w={}",
                            level,
                            order,
                            w
                        );
                    }
                    let cx = pack(&x, mx);
                    let got = (table.covariance_centred)(&cx, &cx, h, w);
                    let want = scalar::covariance_sum_avx512_order(&x, &x, stride, h, w, mx, mx);
                    prop_assert_eq!(got.to_bits(), want.to_bits(), "{} table centred", level);
                    Ok(())
                })
                .unwrap();
            n += 6 * 11;
        }
    }
    eprintln!("covariance: {n} comparisons");
}

#[test]
fn matmul_matches_scalar() {
    let mut n = 0;
    for level in vector_levels() {
        let t = SpeedKernels::for_level(level);
        // Every column count 1..=70 (SpEED uses 25 and the block count), small row and inner
        // dimensions.
        for cols in widths() {
            let strat = (1usize..=4, 1usize..=26, floats(4 * 26), floats(26 * cols));
            runner(6)
                .run(&strat, |(rows, inner, x, y)| {
                    let mut a = vec![1.0f32; rows * cols + 3];
                    let mut b = vec![2.0f32; rows * cols + 3];
                    scalar::matmul(&mut a, &x, &y, rows, inner, cols);
                    (t.matmul)(&mut b, &x, &y, rows, inner, cols);
                    prop_assert!(
                        same_bits(&a[..rows * cols], &b[..rows * cols]),
                        "{} {}x{}x{}",
                        level,
                        rows,
                        inner,
                        cols
                    );
                    // Beyond the product nothing is written.
                    prop_assert!(b[rows * cols..].iter().all(|&v| v == 2.0));
                    Ok(())
                })
                .unwrap();
            n += 6;
        }
    }
    eprintln!("matmul: {n} comparisons");
}
