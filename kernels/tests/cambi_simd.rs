//! Every CAMBI kernel of every level this CPU supports against the scalar reference, on random
//! planes at every width 1..=70, odd heights, strides wider than the rows, and sample values that
//! include the extremes (0 and the largest code) and long runs of equal values (so that the
//! spatial mask, the mode filter and the histograms see flat areas).

use foveal_kernels::cambi::{
    CValueParams, CValueStats, CambiKernels, Geom, MaskScratch, pool_from_stats, scalar,
};
use foveal_kernels::cpu::CpuLevel;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The vector tables to check, each asserted to be the level asked for.
fn vector_tables() -> Vec<CambiKernels> {
    let tables: Vec<CambiKernels> = CpuLevel::supported()
        .into_iter()
        .filter(|&l| l != CpuLevel::Scalar)
        .map(|l| {
            let t = CambiKernels::for_level(l);
            assert_eq!(t.level, l, "for_level({l}) must build the {l} table");
            t
        })
        .collect();
    eprintln!(
        "checking levels {:?}",
        tables.iter().map(|t| t.level).collect::<Vec<_>>()
    );
    tables
}

/// A plane of `h` rows, `stride` apart, of samples drawn from a small alphabet that includes 0
/// and `max` (values repeat in runs, as in the flat areas CAMBI looks at).
fn plane(max: u16, max_w: usize) -> impl Strategy<Value = (usize, usize, Vec<u16>)> {
    (0usize..=3, 0usize..=9, 0usize..12, any::<u64>()).prop_map(move |(hh, pad, extra, seed)| {
        let h = 2 * hh + 1 + 2 * (seed as usize % 3);
        let stride = max_w + pad;
        let mut rng = seed | 1;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let alphabet: Vec<u16> = (0..3 + extra)
            .map(|i| match i {
                0 => 0,
                1 => max,
                _ => (next() % (u64::from(max) + 1)) as u16,
            })
            .collect();
        let mut data = vec![0u16; (h - 1) * stride + max_w + 64];
        let mut v = alphabet[0];
        for x in data.iter_mut() {
            if next() % 4 == 0 {
                v = alphabet[(next() % alphabet.len() as u64) as usize];
            }
            *x = v;
        }
        (h, stride, data)
    })
}

fn run(name: &str, mut case: impl FnMut(usize, &mut TestRunner) -> usize) {
    let mut total = 0;
    // Every width up to 70, then a few wider ones so that chunks of 64 columns (and, halved by
    // the decimation, of 32 and 64 output samples) run several times with every tail length.
    let wide = [
        127, 128, 129, 130, 131, 133, 191, 192, 193, 255, 256, 257, 259, 300,
    ];
    for w in (1..=70).chain(wide) {
        let mut runner = TestRunner::new(Config {
            cases: 24,
            failure_persistence: None,
            ..Config::default()
        });
        total += case(w, &mut runner);
    }
    eprintln!("{name}: {total} comparisons");
}

#[test]
fn anti_dither_matches_scalar() {
    for t in vector_tables() {
        run("anti_dither", |w, runner| {
            let n = std::cell::Cell::new(0usize);
            for max in [1023u16, 1024, u16::MAX] {
                runner
                    .run(&plane(max, w), |(h, stride, data)| {
                        let g = Geom {
                            width: w,
                            height: h,
                            stride,
                        };
                        let mut a = data.clone();
                        let mut b = data;
                        scalar::anti_dither(&mut a, g);
                        (t.anti_dither)(&mut b, g);
                        prop_assert_eq!(a, b, "{} w={} h={}", t.level, w, h);
                        n.set(n.get() + 1);
                        Ok(())
                    })
                    .unwrap();
            }
            n.get()
        });
    }
}

#[test]
fn resample_matches_scalar() {
    for t in vector_tables() {
        run("resample", |w, runner| {
            let n = std::cell::Cell::new(0usize);
            for bd in [8u32, 9, 10, 12, 16] {
                let max = ((1u32 << bd) - 1) as u16;
                let strat = (plane(max, w), 1usize..=w + 3, 1usize..=9);
                runner
                    .run(&strat, |((h, stride, data), dw, dh)| {
                        let sg = Geom {
                            width: w,
                            height: h,
                            stride,
                        };
                        for dg in [
                            sg,
                            Geom {
                                width: dw.min(w),
                                height: dh.min(h),
                                stride: dw.min(w) + 3,
                            },
                        ] {
                            let mut a = vec![7u16; dg.min_len() + 5];
                            let mut b = a.clone();
                            if bd == 8 {
                                let src: Vec<u8> = data.iter().map(|&v| v as u8).collect();
                                scalar::resample_u8_to_10b(&src, sg, bd, &mut a, dg);
                                (t.resample_u8)(&src, sg, bd, &mut b, dg);
                            } else {
                                scalar::resample_u16_to_10b(&data, sg, bd, &mut a, dg);
                                (t.resample_u16)(&data, sg, bd, &mut b, dg);
                            }
                            prop_assert_eq!(a, b, "{} {}-bit w={} {:?}", t.level, bd, w, dg);
                            n.set(n.get() + 1);
                        }
                        Ok(())
                    })
                    .unwrap();
            }
            n.get()
        });
    }
}

#[test]
fn spatial_mask_matches_scalar() {
    for t in vector_tables() {
        run("spatial_mask", |w, runner| {
            let n = std::cell::Cell::new(0usize);
            let strat = (plane(1023, w), 0usize..=7, 0u32..=60);
            runner
                .run(&strat, |((h, stride, data), f, threshold)| {
                    let filter = 2 * f + 1;
                    let g = Geom {
                        width: w,
                        height: h,
                        stride,
                    };
                    let mut out = Vec::new();
                    for k in [CambiKernels::SCALAR.spatial_mask, t.spatial_mask] {
                        let mut mask = vec![9u8; data.len()];
                        let mut ring = vec![3u8; filter * w];
                        let mut sums = vec![5u8; w + filter - 1];
                        let mut scratch = MaskScratch {
                            derivative_rows: &mut ring,
                            column_sums: &mut sums,
                        };
                        k(&data, g, filter, threshold, &mut mask, &mut scratch);
                        out.push(mask);
                    }
                    prop_assert_eq!(&out[0], &out[1], "{} w={} h={} f={}", t.level, w, h, filter);
                    n.set(n.get() + 1);
                    Ok(())
                })
                .unwrap();
            n.get()
        });
    }
}

#[test]
fn decimate_matches_scalar() {
    for t in vector_tables() {
        run("decimate", |w, runner| {
            let n = std::cell::Cell::new(0usize);
            // `w` is the old width; the new plane is half of it, rounded up.
            runner
                .run(&plane(1023, w), |(h, stride, data)| {
                    let g = Geom {
                        width: w.div_ceil(2),
                        height: h.div_ceil(2),
                        stride,
                    };
                    let mut a = data.clone();
                    let mut b = data.clone();
                    scalar::decimate(&mut a, g);
                    (t.decimate)(&mut b, g);
                    prop_assert_eq!(a, b, "{} w={} h={}", t.level, w, h);
                    let m: Vec<u8> = data.iter().map(|&v| (v & 0xFF) as u8).collect();
                    let mut a = m.clone();
                    let mut b = m;
                    scalar::decimate_mask(&mut a, g);
                    (t.decimate_mask)(&mut b, g);
                    prop_assert_eq!(a, b, "{} mask w={} h={}", t.level, w, h);
                    n.set(n.get() + 2);
                    Ok(())
                })
                .unwrap();
            n.get()
        });
    }
}

#[test]
fn filter_mode_matches_scalar() {
    for t in vector_tables() {
        run("filter_mode", |w, runner| {
            let n = std::cell::Cell::new(0usize);
            for max in [3u16, 1023, u16::MAX] {
                runner
                    .run(&plane(max, w), |(h, stride, data)| {
                        let g = Geom {
                            width: w,
                            height: h,
                            stride,
                        };
                        let mut a = data.clone();
                        let mut b = data;
                        let mut buf_a = vec![1u16; 3 * w];
                        let mut buf_b = vec![2u16; 3 * w];
                        scalar::filter_mode(&mut a, g, &mut buf_a);
                        (t.filter_mode)(&mut b, g, &mut buf_b);
                        prop_assert_eq!(a, b, "{} w={} h={}", t.level, w, h);
                        n.set(n.get() + 1);
                        Ok(())
                    })
                    .unwrap();
            }
            n.get()
        });
    }
}

fn reciprocal() -> Vec<f32> {
    (0..4226)
        .map(|i| if i == 0 { 0.0 } else { 1.0 / i as f32 })
        .collect()
}

#[test]
fn c_values_match_scalar() {
    let recip = reciprocal();
    let weights = [1, 2, 3, 4];
    let busy = std::cell::Cell::new(0usize);
    let tables = vector_tables();
    for t in &tables {
        run("c_values", |w, runner| {
            let n = std::cell::Cell::new(0usize);
            // Values up to 80 around thresholds 40..70 (shifted by 4) and a visibility floor:
            // many pixels are tracked, some are not, the band edges are hit.
            let strat = (
                plane(80, w),
                (0usize..=3, 0u16..=12, 30u16..=60, 0u16..=12),
                prop::collection::vec(any::<bool>(), 64),
            );
            runner
                .run(
                    &strat,
                    |((h, stride, data), (win, vlt, t0, step), mask_bits)| {
                        let g = Geom {
                            width: w,
                            height: h,
                            stride,
                        };
                        let pad = win.min(w).min(h);
                        let window = 2 * pad + 1;
                        let tvi: Vec<u16> = (0..4).map(|d| t0 + 4 + step * d).collect();
                        let nd = 4i32;
                        let lo = (i32::from(vlt) - 3 * nd + 1).max(0);
                        let band_size = (i32::from(tvi[3]) + 1 - lo) as usize;
                        let p = CValueParams {
                            window,
                            tvi_for_diff: &tvi,
                            diff_weights: &weights,
                            vlt_luma: vlt,
                            band_base: lo as u16,
                            band_size,
                            reciprocal: &recip,
                        };
                        let mask: Vec<u8> = data
                            .iter()
                            .enumerate()
                            .map(|(i, &v)| {
                                // Runs of masked pixels (8 or 1 wide), so that runs of equal tracked
                                // values enter and leave the histograms together.
                                let i = if mask_bits[0] { i / 8 } else { i };
                                u8::from(mask_bits[(i + usize::from(v)) % 64]) * 3
                            })
                            .collect();
                        let mut results: Vec<(CValueStats, Vec<f32>, CValueStats)> = Vec::new();
                        for k in [CambiKernels::SCALAR.c_values, t.c_values] {
                            let mut hist = vec![11u16; band_size * w + 64];
                            let mut out = vec![5.0f32; w * h + 3];
                            let dense = k(&p, &data, &mask, g, Some(&mut out), &mut hist);
                            let sparse = k(&p, &data, &mask, g, None, &mut hist);
                            results.push((dense, out, sparse));
                        }
                        let (a, b) = (&results[0], &results[1]);
                        if a.0.nonzero > 0 {
                            busy.set(busy.get() + 1);
                        }
                        prop_assert_eq!(a.0, a.2);
                        prop_assert_eq!(a, b, "{} w={} h={} window={}", t.level, w, h, window);
                        // The summary pools as the map does whenever it claims to.
                        let mut c = a.1[..w * h].to_vec();
                        for topk in [0.0001, 0.05, 0.6, 1.0] {
                            if let Some(fast) = pool_from_stats(&a.0, w * h, topk) {
                                prop_assert_eq!(fast, scalar::pool_topk(&mut c, topk));
                            }
                        }
                        n.set(n.get() + 1);
                        Ok(())
                    },
                )
                .unwrap();
            n.get()
        });
    }
    eprintln!("c_values: {} comparisons had non-zero c-values", busy.get());
    // About 700 of the 2016 cases per level have some non-zero c-value.
    assert!(busy.get() > 500 * tables.len());
}
