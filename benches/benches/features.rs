//! Criterion benches per feature extractor and per model, one entry per CPU level this machine
//! supports, throughput in pixels (luma samples of the frames scored).
//!
//! Each entry builds a [`Scorer`] after capping the kernel level with
//! [`foveal_kernels::cpu::set_max_level`] (kernel tables are chosen once, when the extractors are
//! built) and times pushing one 1920x1080 frame pair on the calling thread (`threads = 0`).
//!
//! `cargo bench -p foveal-benches --bench features [-- FILTER]`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use foveal::scorer::{FeatureRequest, ModelRequest, Scorer, ScorerConfig};
use foveal::{ChromaSampling, Frame, FrameFormat};
use foveal_benches::synth;
use foveal_kernels::cpu::{CpuLevel, set_max_level};

const W: u32 = 1920;
const H: u32 = 1080;

/// An 8-bit 4:2:0 frame with synthetic content (`distorted`: its blurred, noisy twin).
fn frame(distorted: bool) -> Frame {
    let fmt = FrameFormat::new(W, H, ChromaSampling::Cs420, 8).expect("valid format");
    let mut f = Frame::new(fmt);
    let (cw, ch) = (W.div_ceil(2) as usize, H.div_ceil(2) as usize);
    for (plane, (w, h, seed)) in [(W as usize, H as usize, 11u64), (cw, ch, 12), (cw, ch, 13)]
        .into_iter()
        .enumerate()
    {
        let mut p = synth::picture(w, h, 255, seed);
        if distorted {
            p = synth::distort(&p, w, 255, seed + 100);
        }
        let dst = f.plane_u8_mut(plane).expect("8-bit plane");
        dst[..w * h].copy_from_slice(&synth::to_u8(&p));
    }
    f
}

fn configs() -> Vec<(&'static str, ScorerConfig)> {
    let feature = |name: &str| ScorerConfig {
        no_prediction: true,
        features: vec![FeatureRequest::new(name)],
        ..ScorerConfig::default()
    };
    let model = |v: &str| ScorerConfig {
        models: vec![ModelRequest::version(v)],
        ..ScorerConfig::default()
    };
    vec![
        ("feature/vif", feature("vif")),
        ("feature/adm", feature("adm")),
        ("feature/motion", feature("motion")),
        ("feature/cambi", feature("cambi")),
        ("feature/speed_chroma", feature("speed_chroma")),
        ("feature/speed_temporal", feature("speed_temporal")),
        ("feature/psnr", feature("psnr")),
        ("feature/float_ssim", feature("float_ssim")),
        ("model/vmaf_v0.6.1", model("vmaf_v0.6.1")),
        ("model/vmaf_v1.0.16_3d0h", model("vmaf_v1.0.16_3d0h")),
    ]
}

fn features(c: &mut Criterion) {
    let (r, d) = (frame(false), frame(true));
    let fmt = r.format();
    for (name, config) in configs() {
        let mut g = c.benchmark_group(format!("{name}/1080p_8bit"));
        g.throughput(Throughput::Elements(u64::from(W) * u64::from(H)));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(300));
        g.measurement_time(Duration::from_secs(2));
        for level in CpuLevel::supported() {
            set_max_level(Some(level));
            let mut scorer = match Scorer::new(fmt, &config) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("{name}: skipped ({e})");
                    continue;
                }
            };
            // Prime temporal features (motion, speed_temporal) so every timed push is a
            // steady-state frame.
            for _ in 0..3 {
                scorer.push(&r.view(), &d.view()).expect("push");
            }
            g.bench_function(level.name(), |b| {
                b.iter(|| {
                    scorer.push(&r.view(), &d.view()).expect("push");
                    black_box(scorer.completed())
                })
            });
        }
        g.finish();
    }
    set_max_level(None);
}

criterion_group!(benches, features);
criterion_main!(benches);
