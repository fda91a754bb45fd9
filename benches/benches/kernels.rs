//! Criterion benches of the hot kernels, one entry per CPU level this machine supports, each
//! over a whole 1920x1080 picture (or its band), throughput in pixels of the picture processed.
//!
//! Every kernel is called through its feature's table, `<Feature>Kernels::for_level(level)`, as
//! the extractors do; where a level has no vector twin yet the table falls back to the level
//! below, and the entry shows what that level really gives.
//!
//! `cargo bench -p foveal-benches --bench kernels [-- FILTER]`.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use foveal_benches::synth;
use foveal_kernels::adm::{self, AdmKernels, CmShifts, DwtGeom, DwtOut, Hvd, HvdMut, Rect};
use foveal_kernels::cambi::{self, CambiKernels, Geom, MaskScratch};
use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::motion::MotionKernels;
use foveal_kernels::vif::{self, StatLines, SubLines, VifAccum, VifKernels};

const W: usize = 1920;
const H: usize = 1080;

fn group<'a>(c: &'a mut Criterion, name: &str, pixels: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(pixels));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(1));
    g
}

struct Pictures {
    ref8: Vec<u8>,
    dis8: Vec<u8>,
    ref10: Vec<u16>,
}

fn pictures() -> Pictures {
    let r = synth::picture(W, H, 255, 1);
    let d = synth::distort(&r, W, 255, 2);
    let r10 = synth::picture(W, H, 1023, 3);
    Pictures {
        ref8: synth::to_u8(&r),
        dis8: synth::to_u8(&d),
        ref10: synth::to_u16(&r10),
    }
}

/// Rows `i - taps/2 .. i + taps/2` of a picture, mirrored at the edges.
fn window<T>(p: &[T], w: usize, h: usize, i: usize, taps: usize) -> Vec<&[T]> {
    (0..taps)
        .map(|k| {
            let y = i as isize + k as isize - (taps / 2) as isize;
            let y = if y < 0 {
                (-y) as usize
            } else if y as usize >= h {
                2 * h - 2 - y as usize
            } else {
                y as usize
            };
            &p[y * w..y * w + w]
        })
        .collect()
}

fn bench_vif(c: &mut Criterion, p: &Pictures) {
    let log2 = vif::shared_log2_table();
    let filter = vif::FILTERS[0];
    let taps = filter.len();
    let mut g = group(c, "kernel/vif_statistic_s0_8bit", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = VifKernels::for_level(level);
        let mut lines = StatLines::new(W);
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                let mut acc = VifAccum::default();
                for i in 0..H {
                    let rr = window(&p.ref8, W, H, i, taps);
                    let rd = window(&p.dis8, W, H, i, taps);
                    (k.stat_vertical_u8)(&rr, &rd, filter, W, &mut lines);
                    for l in [
                        &mut lines.mu1,
                        &mut lines.mu2,
                        &mut lines.ref_sq,
                        &mut lines.dis_sq,
                        &mut lines.ref_dis,
                    ] {
                        vif::reflect_line(l, W, taps / 2);
                    }
                    (k.stat_horizontal)(&lines, filter, W, log2, 100.0, &mut acc);
                }
                black_box(acc)
            })
        });
    }
    g.finish();

    let filter = vif::FILTERS[1];
    let taps = filter.len();
    let mut g = group(c, "kernel/vif_decimate_s0_8bit", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = VifKernels::for_level(level);
        let mut lines = SubLines::new(W);
        let (mut or, mut od) = (vec![0u16; W / 2], vec![0u16; W / 2]);
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                for i in (0..H).step_by(2) {
                    let rr = window(&p.ref8, W, H, i, taps);
                    let rd = window(&p.dis8, W, H, i, taps);
                    (k.sub_vertical_u8)(&rr, &rd, filter, W, &mut lines);
                    vif::reflect_line(&mut lines.ref_, W, taps / 2);
                    vif::reflect_line(&mut lines.dis, W, taps / 2);
                    (k.sub_horizontal)(&lines, filter, W, &mut or, &mut od);
                }
                black_box((&or, &od));
            })
        });
    }
    g.finish();
}

fn bench_adm(c: &mut Criterion, p: &Pictures) {
    let (hw, hh) = (W.div_ceil(2), H.div_ceil(2));
    let mut ty = vec![[0usize; 4]; hh];
    let mut tx = vec![[0usize; 4]; hw];
    adm::dwt_taps(H, &mut ty);
    adm::dwt_taps(W, &mut tx);
    let geom = DwtGeom {
        w: W,
        h: H,
        src_stride: W,
        dst_stride: hw,
        taps_y: &ty,
        taps_x: &tx,
    };
    let n = hw * hh;
    let band = || vec![0i16; n];
    let (mut ra, mut rh, mut rv, mut rd) = (band(), band(), band(), band());
    let (mut da, mut dh, mut dv, mut dd) = (band(), band(), band(), band());
    let mut tmp = vec![0i16; 2 * W];

    let mut g = group(c, "kernel/adm_dwt_s0_8bit", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = AdmKernels::for_level(level);
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                (k.dwt2_s0_8)(
                    &p.ref8,
                    &geom,
                    &mut tmp,
                    DwtOut {
                        a: &mut ra,
                        h: &mut rh,
                        v: &mut rv,
                        d: &mut rd,
                    },
                );
                black_box(&rh);
            })
        });
    }
    g.finish();
    // Real bands for the later stages.
    let k0 = AdmKernels::SCALAR;
    (k0.dwt2_s0_8)(
        &p.ref8,
        &geom,
        &mut tmp,
        DwtOut {
            a: &mut ra,
            h: &mut rh,
            v: &mut rv,
            d: &mut rd,
        },
    );
    (k0.dwt2_s0_8)(
        &p.dis8,
        &geom,
        &mut tmp,
        DwtOut {
            a: &mut da,
            h: &mut dh,
            v: &mut dv,
            d: &mut dd,
        },
    );
    let rect = Rect {
        left: 0,
        top: 0,
        right: hw,
        bottom: hh,
    };
    let (mut r_h, mut r_v, mut r_d) = (band(), band(), band());
    let (mut a_h, mut a_v, mut a_d) = (band(), band(), band());
    let mut g = group(c, "kernel/adm_decouple_s0", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = AdmKernels::for_level(level);
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                (k.decouple_s0)(
                    Hvd {
                        h: &rh,
                        v: &rv,
                        d: &rd,
                    },
                    Hvd {
                        h: &dh,
                        v: &dv,
                        d: &dd,
                    },
                    hw,
                    rect,
                    100.0,
                    HvdMut {
                        h: &mut r_h,
                        v: &mut r_v,
                        d: &mut r_d,
                    },
                    HvdMut {
                        h: &mut a_h,
                        v: &mut a_v,
                        d: &mut a_d,
                    },
                );
                black_box(&a_d);
            })
        });
    }
    g.finish();

    let rfactor = [36453u16, 36453, 49417];
    let (mut c_h, mut c_v, mut c_d) = (band(), band(), band());
    let (mut f_h, mut f_v, mut f_d) = (band(), band(), band());
    let mut g = group(c, "kernel/adm_csf_s0", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = AdmKernels::for_level(level);
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                (k.csf_s0)(
                    Hvd {
                        h: &a_h,
                        v: &a_v,
                        d: &a_d,
                    },
                    hw,
                    rect,
                    rfactor,
                    HvdMut {
                        h: &mut c_h,
                        v: &mut c_v,
                        d: &mut c_d,
                    },
                    HvdMut {
                        h: &mut f_h,
                        v: &mut f_v,
                        d: &mut f_d,
                    },
                );
                black_box(&f_d);
            })
        });
    }
    g.finish();

    let ceil_log2 = |n: usize| usize::BITS - (n - 1).leading_zeros();
    let shifts = CmShifts {
        cub_hv: ceil_log2(hw) - 4,
        cub_d: ceil_log2(hw) - 3,
        row: ceil_log2(hh),
    };
    let mut g = group(c, "kernel/adm_cm_s0", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = AdmKernels::for_level(level);
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                black_box((k.cm_s0)(
                    Hvd {
                        h: &r_h,
                        v: &r_v,
                        d: &r_d,
                    },
                    Hvd {
                        h: &c_h,
                        v: &c_v,
                        d: &c_d,
                    },
                    Hvd {
                        h: &f_h,
                        v: &f_v,
                        d: &f_d,
                    },
                    hw,
                    hw,
                    hh,
                    rfactor,
                    shifts,
                ))
            })
        });
    }
    g.finish();
}

fn bench_motion(c: &mut Criterion, p: &Pictures) {
    let mut g = group(c, "kernel/motion_sad_8bit", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = MotionKernels::for_level(level);
        let mut row = vec![0i32; W];
        g.bench_function(level.name(), |b| {
            b.iter(|| black_box((k.sad_u8)(&p.ref8, W, &p.dis8, W, W, H, &mut row)))
        });
    }
    g.finish();
}

fn bench_cambi(c: &mut Criterion, p: &Pictures) {
    let geom = Geom {
        width: W,
        height: H,
        stride: W,
    };
    let mut g = group(c, "kernel/cambi_filter_mode", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = CambiKernels::for_level(level);
        let mut data = p.ref10.clone();
        let mut buf = vec![0u16; 3 * W];
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                data.copy_from_slice(&p.ref10);
                (k.filter_mode)(&mut data, geom, &mut buf);
                black_box(&data);
            })
        });
    }
    g.finish();

    let mut g = group(c, "kernel/cambi_spatial_mask", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = CambiKernels::for_level(level);
        // Quantised picture: flat areas so the mask has work to do.
        let img: Vec<u16> = p.ref10.iter().map(|&v| v & !7).collect();
        let mut mask = vec![0u8; W * H];
        let mut deriv = vec![0u8; cambi::MASK_FILTER_SIZE * W];
        let mut cols = vec![0u32; W];
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                let mut scratch = MaskScratch {
                    derivative_rows: &mut deriv,
                    column_sums: &mut cols,
                };
                (k.spatial_mask)(
                    &img,
                    geom,
                    cambi::MASK_FILTER_SIZE,
                    (cambi::MASK_FILTER_SIZE * cambi::MASK_FILTER_SIZE / 2) as u32,
                    &mut mask,
                    &mut scratch,
                );
                black_box(&mask);
            })
        });
    }
    g.finish();

    let mut g = group(c, "kernel/cambi_resample_8bit", (W * H) as u64);
    for level in CpuLevel::supported() {
        let k = CambiKernels::for_level(level);
        let mut out = vec![0u16; W * H];
        g.bench_function(level.name(), |b| {
            b.iter(|| {
                (k.resample_u8)(&p.ref8, geom, 8, &mut out, geom);
                black_box(&out);
            })
        });
    }
    g.finish();
}

fn kernels(c: &mut Criterion) {
    let p = pictures();
    bench_vif(c, &p);
    bench_adm(c, &p);
    bench_motion(c, &p);
    bench_cambi(c, &p);
}

criterion_group!(benches, kernels);
criterion_main!(benches);
