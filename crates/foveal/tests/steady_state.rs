//! Steady state: once a scorer has seen a few frames, pushing more allocates nothing — frame
//! buffers, scratch memory, worker result lists are reused, and the per-frame value table and
//! motion's SAD series grow by blocks of frames (issue 8: "Reuse buffers; no allocation per frame
//! in steady state").
//!
//! A counting global allocator (`stats_alloc`) wraps the system one; the test counts allocation
//! and reallocation calls (not bytes) made by every thread while frames 16..48 are pushed, for
//! each model/feature set, with borrowed and owned frames, on the calling thread (none at all)
//! and on two workers (at most a few while the pool fills up).

use std::alloc::System;
use std::sync::Mutex;

use foveal::scorer::{FeatureRequest, ModelRequest, Scorer, ScorerConfig};
use foveal::{ChromaSampling, Frame, FrameFormat};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The counter is process-wide: tests that count take turns.
static SERIAL: Mutex<()> = Mutex::new(());

const W: u32 = 576;
const H: u32 = 324;
const FRAMES: u64 = 48;
const WARM_UP: u64 = 16;

/// Deterministic textured frames: a moving gradient plus pseudo-random noise; `distorted`
/// adds more noise and a brightness shift.
fn fill(frame: &mut Frame, index: u64, distorted: bool) {
    let mut state = index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(distorted);
    for plane in 0..3 {
        let (w, h) = if plane == 0 {
            (W as usize, H as usize)
        } else {
            (W.div_ceil(2) as usize, H.div_ceil(2) as usize)
        };
        let stride = w; // owned frames are packed
        let data = frame.plane_u8_mut(plane).expect("8-bit");
        for y in 0..h {
            for x in 0..w {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let noise = (state >> 59) as i32 * if distorted { 3 } else { 1 };
                let base = ((x + y + 3 * index as usize) % 200) as i32 + 20;
                data[y * stride + x] =
                    (base + noise + i32::from(distorted) * 4).clamp(0, 255) as u8;
            }
        }
    }
}

/// Allocations made while frames `WARM_UP..FRAMES` are pushed.
fn allocations(config: &ScorerConfig, owned: bool) -> u64 {
    let fmt = FrameFormat::new(W, H, ChromaSampling::Cs420, 8).unwrap();
    let mut scorer = Scorer::new(fmt, config).unwrap();
    let (mut rf, mut df) = (Frame::new(fmt), Frame::new(fmt));
    let mut region = None;
    for i in 0..FRAMES {
        if i == WARM_UP {
            region = Some(Region::new(GLOBAL));
        }
        if owned {
            let (mut r, mut d) = (scorer.frame_buffer(), scorer.frame_buffer());
            fill(&mut r, i, false);
            fill(&mut d, i, true);
            scorer.push_frames(r, d).unwrap();
        } else {
            fill(&mut rf, i, false);
            fill(&mut df, i, true);
            scorer.push(&rf.view(), &df.view()).unwrap();
        }
    }
    let change = region.expect("warm-up shorter than the run").change();
    let counted = (change.allocations + change.reallocations) as u64;
    let out = scorer.finish().unwrap();
    assert_eq!(out.frames, FRAMES);
    counted
}

fn check(what: &str, base: ScorerConfig) {
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for (threads, split) in [(0, false), (2, false), (2, true)] {
        for owned in [false, true] {
            let config = ScorerConfig {
                threads,
                split_frames: Some(split),
                ..base.clone()
            };
            let n = allocations(&config, owned);
            eprintln!(
                "{what}: threads {threads}{}, {} frames: {n} allocations in frames {WARM_UP}..{FRAMES}",
                if split { " (split frames)" } else { "" },
                if owned { "owned" } else { "borrowed" }
            );
            // On the calling thread: none at all. With workers, the recycled frame buffers may
            // still grow by a few while the pipeline fills (how many frames are in flight at
            // once depends on scheduling; the count is bounded by `2 * threads` jobs), but never
            // one per frame.
            let allowed = if threads == 0 { 0 } else { 6 };
            assert!(
                n <= allowed,
                "{what} (threads {threads}, owned {owned}) allocated {n} times over {} frames",
                FRAMES - WARM_UP
            );
        }
    }
}

fn model(version: &str) -> ScorerConfig {
    ScorerConfig {
        models: vec![ModelRequest::version(version)],
        ..ScorerConfig::default()
    }
}

fn features(names: &[&str]) -> ScorerConfig {
    ScorerConfig {
        no_prediction: true,
        features: names.iter().map(|n| FeatureRequest::new(*n)).collect(),
        ..ScorerConfig::default()
    }
}

#[test]
fn vmaf_v061_allocates_nothing_per_frame() {
    check("vmaf_v0.6.1", model("vmaf_v0.6.1"));
}

#[test]
fn vmaf_v1016_allocates_nothing_per_frame() {
    check("vmaf_v1.0.16_3d0h", model("vmaf_v1.0.16_3d0h"));
}

#[test]
fn cambi_and_classic_metrics_allocate_nothing_per_frame() {
    check(
        "cambi+classic",
        features(&[
            "cambi",
            "psnr",
            "float_ssim",
            "float_ms_ssim",
            "psnr_hvs",
            "ciede",
        ]),
    );
}
