//! The motion kernels of every level this CPU supports against the scalar reference, on random
//! frame pairs at every width 3..=70 (motion needs 3x3), odd heights, strides wider than the
//! rows, sample values that include the extremes of each bit depth (full-swing edges drive the
//! blurred difference past 2^15 and 2^23, the thresholds of the wider horizontal passes), small
//! differences, and samples above the nominal bit depth (which nothing rejects).

use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::motion::{MotionKernels, scalar};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn vector_tables() -> Vec<MotionKernels> {
    let tables: Vec<MotionKernels> = CpuLevel::supported()
        .into_iter()
        .filter(|&l| l != CpuLevel::Scalar)
        .map(|l| {
            let t = MotionKernels::for_level(l);
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

/// `(h, stride, previous, current)` with samples up to `max`; `mode` 0: anywhere (mostly the
/// extremes), 1: small differences, 2: equal frames with a few changed pixels.
fn pair(w: usize, max: u32) -> impl Strategy<Value = (usize, usize, Vec<u32>, Vec<u32>)> {
    (1usize..=5, 0usize..=7, 0u8..3, any::<u64>()).prop_map(move |(hh, pad, mode, seed)| {
        let h = 2 * hh + 1;
        let stride = w + pad;
        let n = (h - 1) * stride + w;
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let max64 = u64::from(max);
        let pick = |r: u64| match r % 4 {
            0 => 0,
            1 => max64,
            _ => (r >> 2) % (max64 + 1),
        };
        let mut prev = Vec::with_capacity(n);
        let mut cur = Vec::with_capacity(n);
        for _ in 0..n {
            let p = pick(next());
            let r = next();
            let c = match mode {
                0 => pick(r),
                1 => (p + r % 9).saturating_sub(4).min(max64),
                _ => {
                    if r % 17 == 0 {
                        pick(r >> 8)
                    } else {
                        p
                    }
                }
            };
            prev.push(p as u32);
            cur.push(c as u32);
        }
        (h, stride, prev, cur)
    })
}

#[test]
fn sad_matches_scalar() {
    let tables = vector_tables();
    let mut compared = 0usize;
    for t in &tables {
        for w in 3..=70 {
            for bd in [8u32, 9, 10, 12, 15, 16] {
                // At 8 bits the u16 kernel also runs, on the same samples.
                for max in [(1u32 << bd) - 1, 65535] {
                    let mut runner = TestRunner::new(Config {
                        cases: if bd == 8 { 24 } else { 6 },
                        failure_persistence: None,
                        ..Config::default()
                    });
                    let count = std::cell::Cell::new(0usize);
                    runner
                        .run(&pair(w, max), |(h, stride, prev, cur)| {
                            let mut ya = vec![0i32; w];
                            let mut yb = vec![7i32; w + 3];
                            if max <= 255 {
                                let p: Vec<u8> = prev.iter().map(|&v| v as u8).collect();
                                let c: Vec<u8> = cur.iter().map(|&v| v as u8).collect();
                                let a = scalar::sad_u8(&p, stride, &c, stride, w, h, &mut ya);
                                let b = (t.sad_u8)(&p, stride, &c, stride, w, h, &mut yb);
                                prop_assert_eq!(a, b, "{} u8 w={} h={}", t.level, w, h);
                            }
                            let p: Vec<u16> = prev.iter().map(|&v| v as u16).collect();
                            let c: Vec<u16> = cur.iter().map(|&v| v as u16).collect();
                            let a = scalar::sad_u16(&p, stride, &c, stride, w, h, bd, &mut ya);
                            let b = (t.sad_u16)(&p, stride, &c, stride, w, h, bd, &mut yb);
                            prop_assert_eq!(a, b, "{} {}-bit w={} h={}", t.level, bd, w, h);
                            count.set(count.get() + 1);
                            Ok(())
                        })
                        .unwrap();
                    compared += count.get();
                }
            }
        }
    }
    eprintln!("sad: {compared} comparisons");
    assert!(tables.is_empty() || compared > 0);
}
