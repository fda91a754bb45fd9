//! Criterion benches per kernel: every hot loop of every kernel table in `foveal-kernels`, one
//! entry per CPU level this machine supports, throughput in pixels.
//!
//! Each entry builds its table with `<Feature>Kernels::for_level(level)`, asserts that the table
//! is the one of that level (`table.level == level`; a NEON level without NEON kernels is
//! skipped with a notice), and times one pass of the kernel over a 1920x1080 picture (or the
//! band, scale or grid the extractor runs it on at 1080p), called exactly as the extractor in
//! `crates/foveal/src/features/` calls it: same argument shapes, row selection, scratch and
//! padding. Inputs are the deterministic synthetic pictures of [`foveal_benches::synth`] (8-bit,
//! and 10-bit where a kernel has a 16-bit twin); intermediate data (ADM bands, VIF scale 1,
//! CAMBI's 10-bit plane and mask, ...) is produced once by the scalar kernels.
//!
//! Names are `<feature>/<kernel>[_<variant>]/<level>`, e.g. `vif/stat_rows2_u8/avx512`.
//! Throughput (`Throughput::Elements`) is the number of pixels the timed pass covers, at the
//! kernel's own resolution:
//!
//! | entries | pass | elements |
//! |---|---|---|
//! | `vif/stat_row{,s2}_u8`, `vif/stat_row{,s2}_u16` | scale-0 statistic, every row of a 1080p pair (8-bit; 10-bit) | 1920·1080 |
//! | `vif/stat_rows2_u16_s1` | scale-1 statistic (9 taps) on the Q8 planes decimated from 8-bit | 960·540 |
//! | `vif/sub_row_u8`, `vif/sub_row_u16` | decimation of a 1080p pair to scale 1 (8-bit; 10-bit) | 1920·1080 |
//! | `vif/sub_row_u16_s1` | decimation of scale 1 to scale 2 | 960·540 |
//! | `adm/dwt_s0_{8,16}`, `adm/dwt_s0_lo_{8,16}` | scale-0 DWT of one 1080p picture (8-bit; 10-bit) | 1920·1080 |
//! | `adm/dwt_s1`, `adm/dwt_s1_lo` | scale-1 DWT of the 960x540 low-pass band | 960·540 |
//! | `adm/dwt_s23`, `adm/dwt_s23_lo` | scale-2 DWT of the 480x270 low-pass band | 480·270 |
//! | `adm/decouple_s0`, `adm/csf_s0` | work region (band less ~9 % each side) of the 960x540 scale-0 bands | its area |
//! | `adm/den_s0`, `adm/cm_s0` | score region (band less 10 % each side) of the scale-0 bands | its area |
//! | `adm/*_s123` | the same at scale 1 (480x270 bands) | region area |
//! | `motion/sad_u8`, `motion/sad_u16` | blurred SAD of two 1080p frames (8-bit; 10-bit) | 1920·1080 |
//! | `cambi/resample_*`, `cambi/anti_dither`, `cambi/spatial_mask`, `cambi/filter_mode`, `cambi/c_values` | scale 0 of a 1080p picture (default options: no high-res speed-up) | 1920·1080 |
//! | `cambi/decimate`, `cambi/decimate_mask` | 1920x1080 → 960x540, in place | 1920·1080 |
//! | `speed/convert_{u8,u16}`, `speed/difference` | every row of a 1080p picture (8-bit; 10-bit) | 1920·1080 |
//! | `speed/convolve_rows`, `speed/convolve_padded` | 9-tap anti-alias filter at the 67 kept rows; vertical pass, then horizontal at every 16th column | 67·1920 |
//! | `speed/covariance_centred` | the 325 covariances of the 25 shifted 116x61 sub-matrices of the 120x67 operating grid | 325·116·61 |
//! | `speed/matmul` | 25x25 by 25x312 (the 312 5x5 blocks of 1080p luma) | 25·312 |
//! | `classic/sse_{u8,u16}` | PSNR's squared error over a 1080p pair | 1920·1080 |
//! | `classic/decimate_lpf` | MS-SSIM's 9x9 low-pass and 2x decimation of 1080p | 1920·1080 |
//! | `classic/ssim_{hfilter,vfilter,stats_row}` | SSIM passes at float_ssim's 1080p scale (1/4: 480x270) | output pixels |
//! | `classic/hvs_block` | PSNR-HVS 8x8 blocks every 7 pixels over 1080p luma | 1920·1080 |
//! | `classic/ciede_row` | ΔE2000 of a 4:4:4 pair, rows 0..108 of 1080p (the kernel is slow: ~1.5 s per scalar frame) | 108·1920 |
//!
//! Not benched: CAMBI's `pool_topk` and SpEED's `covariance_sum` (scalar at every level, and off
//! the hot path: the extractors only use them as fallbacks or not at all). `ClassicKernels` has
//! no vector twins and no `level` field (its `for_level` returns the scalar table at every
//! level), so the classic entries run at the scalar level only.
//!
//! `cargo bench -p foveal-benches --bench kernels [-- FILTER]`; `-- --test` runs each entry once.

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    Bencher, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use foveal::features::cambi::{CONTRAST_WEIGHTS, Cambi, CambiOptions, reciprocal_lut};
use foveal_benches::synth;
use foveal_kernels::adm::scalar::nbr;
use foveal_kernels::adm::{AdmKernels, CmShifts, DwtRow, Hvd, HvdMut, Taps, dwt_taps};
use foveal_kernels::cambi::{CValueParams, CambiKernels, Geom, MASK_FILTER_SIZE, MaskScratch};
use foveal_kernels::classic::{ClassicKernels, HRows, SsimSums};
use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::motion::MotionKernels;
use foveal_kernels::speed::SpeedKernels;
use foveal_kernels::vif::{
    FILTERS, VerticalShifts, VifAccum, VifKernels, VifScratch, shared_log2_table,
};

const W: usize = 1920;
const H: usize = 1080;
const PIXELS: u64 = (W * H) as u64;

// ---------------------------------------------------------------------------------------------
// Harness

/// A group with the throughput and the short timing every kernel entry uses (flat sampling: the
/// slowest scalar passes take tens of milliseconds, and 10 samples of one pass each suffice).
fn group<'a>(c: &'a mut Criterion, name: &str, elements: u64) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(elements));
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(200));
    g.measurement_time(Duration::from_millis(600));
    g
}

/// A kernel table with one variant per CPU level.
trait Table: Sized {
    fn for_level(level: CpuLevel) -> Self;
    fn level(&self) -> CpuLevel;
}

macro_rules! table {
    ($($t:ty),*) => {$(
        impl Table for $t {
            fn for_level(level: CpuLevel) -> Self {
                <$t>::for_level(level)
            }
            fn level(&self) -> CpuLevel {
                self.level
            }
        }
    )*};
}

table!(
    VifKernels,
    AdmKernels,
    MotionKernels,
    CambiKernels,
    SpeedKernels
);

/// One entry per supported CPU level: the table `K::for_level(level)` must report `level`
/// (checked), `body` times the kernel through it.
fn per_level<K: Table>(
    c: &mut Criterion,
    name: &str,
    elements: u64,
    mut body: impl FnMut(&K, &mut Bencher<'_, WallTime>),
) {
    let mut g = group(c, name, elements);
    for level in CpuLevel::supported() {
        let k = K::for_level(level);
        let got = k.level();
        if level == CpuLevel::Neon && got != level {
            eprintln!("{name}: no NEON kernels in this table yet; {level} entry skipped");
            continue;
        }
        assert_eq!(
            got, level,
            "{name}: for_level({level}) built the {got} table"
        );
        g.bench_function(level.name(), |b| body(&k, b));
    }
    g.finish();
}

/// A classic-metric entry: the scalar table only (see the module docs).
fn scalar_only(
    c: &mut Criterion,
    name: &str,
    elements: u64,
    mut body: impl FnMut(&ClassicKernels, &mut Bencher<'_, WallTime>),
) {
    let k = ClassicKernels::for_level(CpuLevel::Scalar);
    let mut g = group(c, name, elements);
    g.bench_function(CpuLevel::Scalar.name(), |b| body(&k, b));
    g.finish();
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// A reference picture and its distorted twin, `w`×`h` samples in `0..=max`.
fn pair(w: usize, h: usize, max: u32, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let r = synth::picture(w, h, max, seed);
    let d = synth::distort(&r, w, max, seed + 100);
    (r, d)
}

/// The 1080p pair as 8-bit and as 10-bit samples.
struct Pictures {
    r8: Vec<u8>,
    d8: Vec<u8>,
    r10: Vec<u16>,
    d10: Vec<u16>,
}

impl Pictures {
    fn new() -> Self {
        let (r, d) = pair(W, H, 255, 1);
        let (r10, d10) = pair(W, H, 1023, 2);
        Pictures {
            r8: synth::to_u8(&r),
            d8: synth::to_u8(&d),
            r10: synth::to_u16(&r10),
            d10: synth::to_u16(&d10),
        }
    }
}

/// Reflect-101 of row or column `y` into `0..n`.
fn reflect(y: isize, n: usize) -> usize {
    let n = n as isize;
    let m = if y < 0 {
        -y
    } else if y >= n {
        2 * (n - 1) - y
    } else {
        y
    };
    m as usize
}

/// Row `y` of a tightly packed plane `w` wide.
fn row<T>(plane: &[T], w: usize, y: usize) -> &[T] {
    &plane[y * w..(y + 1) * w]
}

/// The `n` rows `i - half ..` of a packed `w`×`h` plane, reflected at the edges (the VIF
/// extractor's `select_window`).
fn window<T>(plane: &[T], w: usize, h: usize, i: usize, half: usize, n: usize) -> [&[T]; 18] {
    let mut rows: [&[T]; 18] = [&[]; 18];
    for (k, slot) in rows.iter_mut().enumerate().take(n) {
        *slot = row(plane, w, reflect((i + k) as isize - half as isize, h));
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// VIF

/// One pass of a VIF statistic over every output row of a `w`×`h` pair: in twos through the
/// two-row kernel (`two`), else one by one, as `features::vif` does.
fn vif_stat<T>(
    r: &[T],
    d: &[T],
    w: usize,
    h: usize,
    filter: &[u16],
    two: bool,
    mut kernel: impl FnMut(&[&[T]], &[&[T]], usize),
) {
    let taps = filter.len();
    let mut i = 0;
    while i < h {
        let n = if two && i + 1 < h { taps + 1 } else { taps };
        let rr = window(r, w, h, i, taps / 2, n);
        let dd = window(d, w, h, i, taps / 2, n);
        kernel(&rr[..n], &dd[..n], n);
        i += n - taps + 1;
    }
}

fn vif(c: &mut Criterion) {
    let p = Pictures::new();
    let log2 = shared_log2_table();
    let egl = 100.0;
    let mut scratch = VifScratch::new(W);
    let (w1, h1) = (W / 2, H / 2);

    // Scale 1 of the 8-bit pair (Q8), decimated by the scalar kernel.
    let mut half_r = vec![0u16; w1 * h1];
    let mut half_d = vec![0u16; w1 * h1];
    let f1 = FILTERS[1];
    for i in 0..h1 {
        let rr = window(&p.r8, W, H, 2 * i, f1.len() / 2, f1.len());
        let dd = window(&p.d8, W, H, 2 * i, f1.len() / 2, f1.len());
        let out = i * w1..(i + 1) * w1;
        (VifKernels::SCALAR.sub_row_u8)(
            &rr[..f1.len()],
            &dd[..f1.len()],
            f1,
            W,
            &mut scratch,
            &mut half_r[out.clone()],
            &mut half_d[out],
        );
    }

    let f0 = FILTERS[0];
    for (name, two) in [("vif/stat_rows2_u8", true), ("vif/stat_row_u8", false)] {
        per_level::<VifKernels>(c, name, PIXELS, |k, b| {
            let kernel = if two { k.stat_rows2_u8 } else { k.stat_row_u8 };
            b.iter(|| {
                let mut acc = VifAccum::default();
                vif_stat(&p.r8, &p.d8, W, H, f0, two, |rr, dd, n| {
                    let kernel = if n > f0.len() { kernel } else { k.stat_row_u8 };
                    kernel(rr, dd, f0, W, &mut scratch, log2, egl, &mut acc);
                });
                black_box(acc)
            })
        });
    }
    let s0_10 = VerticalShifts::statistic(0, 10);
    for (name, two) in [("vif/stat_rows2_u16", true), ("vif/stat_row_u16", false)] {
        per_level::<VifKernels>(c, name, PIXELS, |k, b| {
            let kernel = if two {
                k.stat_rows2_u16
            } else {
                k.stat_row_u16
            };
            b.iter(|| {
                let mut acc = VifAccum::default();
                vif_stat(&p.r10, &p.d10, W, H, f0, two, |rr, dd, n| {
                    let kernel = if n > f0.len() { kernel } else { k.stat_row_u16 };
                    kernel(rr, dd, f0, s0_10, W, &mut scratch, log2, egl, &mut acc);
                });
                black_box(acc)
            })
        });
    }
    let s1 = VerticalShifts::statistic(1, 8);
    per_level::<VifKernels>(c, "vif/stat_rows2_u16_s1", (w1 * h1) as u64, |k, b| {
        b.iter(|| {
            let mut acc = VifAccum::default();
            vif_stat(&half_r, &half_d, w1, h1, f1, true, |rr, dd, n| {
                let kernel = if n > f1.len() {
                    k.stat_rows2_u16
                } else {
                    k.stat_row_u16
                };
                kernel(rr, dd, f1, s1, w1, &mut scratch, log2, egl, &mut acc);
            });
            black_box(acc)
        })
    });

    // Decimation: the even output rows of the next scale's window, even columns kept.
    let mut out_r = vec![0u16; w1 * h1];
    let mut out_d = vec![0u16; w1 * h1];
    per_level::<VifKernels>(c, "vif/sub_row_u8", PIXELS, |k, b| {
        b.iter(|| {
            for i in 0..h1 {
                let rr = window(&p.r8, W, H, 2 * i, f1.len() / 2, f1.len());
                let dd = window(&p.d8, W, H, 2 * i, f1.len() / 2, f1.len());
                let out = i * w1..(i + 1) * w1;
                (k.sub_row_u8)(
                    &rr[..f1.len()],
                    &dd[..f1.len()],
                    f1,
                    W,
                    &mut scratch,
                    &mut out_r[out.clone()],
                    &mut out_d[out],
                );
            }
            black_box(&out_r);
        })
    });
    let sub0_10 = VerticalShifts::subsample(0, 10);
    per_level::<VifKernels>(c, "vif/sub_row_u16", PIXELS, |k, b| {
        b.iter(|| {
            for i in 0..h1 {
                let rr = window(&p.r10, W, H, 2 * i, f1.len() / 2, f1.len());
                let dd = window(&p.d10, W, H, 2 * i, f1.len() / 2, f1.len());
                let out = i * w1..(i + 1) * w1;
                (k.sub_row_u16)(
                    &rr[..f1.len()],
                    &dd[..f1.len()],
                    f1,
                    sub0_10,
                    W,
                    &mut scratch,
                    &mut out_r[out.clone()],
                    &mut out_d[out],
                );
            }
            black_box(&out_r);
        })
    });
    let f2 = FILTERS[2];
    let (w2, h2) = (w1 / 2, h1 / 2);
    let sub1 = VerticalShifts::subsample(1, 8);
    per_level::<VifKernels>(c, "vif/sub_row_u16_s1", (w1 * h1) as u64, |k, b| {
        b.iter(|| {
            for i in 0..h2 {
                let rr = window(&half_r, w1, h1, 2 * i, f2.len() / 2, f2.len());
                let dd = window(&half_d, w1, h1, 2 * i, f2.len() / 2, f2.len());
                let out = i * w2..(i + 1) * w2;
                (k.sub_row_u16)(
                    &rr[..f2.len()],
                    &dd[..f2.len()],
                    f2,
                    sub1,
                    w1,
                    &mut scratch,
                    &mut out_r[out.clone()],
                    &mut out_d[out],
                );
            }
            black_box(&out_r);
        })
    });
}

// ---------------------------------------------------------------------------------------------
// ADM

/// The four bands of one picture at one scale, packed `w`×`h`.
struct Bands<T> {
    w: usize,
    h: usize,
    a: Vec<T>,
    b: [Vec<T>; 3],
}

impl<T: Copy + Default> Bands<T> {
    fn new(w: usize, h: usize) -> Self {
        let z = || vec![T::default(); w * h];
        Bands {
            w,
            h,
            a: z(),
            b: [z(), z(), z()],
        }
    }

    fn hvd(&self, i: usize) -> Hvd<'_, T> {
        let [h, v, d] = &self.b;
        Hvd {
            h: row(h, self.w, i),
            v: row(v, self.w, i),
            d: row(d, self.w, i),
        }
    }

    fn hvd_mut(&mut self, i: usize) -> HvdMut<'_, T> {
        let span = i * self.w..(i + 1) * self.w;
        let [h, v, d] = &mut self.b;
        HvdMut {
            h: &mut h[span.clone()],
            v: &mut v[span.clone()],
            d: &mut d[span],
        }
    }

    /// Output row `i` of a DWT into these bands.
    fn dwt_row(&mut self, i: usize) -> DwtRow<'_, T> {
        let span = i * self.w..(i + 1) * self.w;
        let [h, v, d] = &mut self.b;
        DwtRow {
            a: &mut self.a[span.clone()],
            h: &mut h[span.clone()],
            v: &mut v[span.clone()],
            d: &mut d[span],
        }
    }
}

/// The work region of a band of length `n` (the ADM extractor's `work_span`).
fn work_span(n: usize) -> (usize, usize) {
    let b = (n as f64 * 0.1 - 0.5 - 1.0) as i64;
    let hi = (n as i64 - b + 2).min(n as i64);
    (b.max(0) as usize, hi as usize)
}

/// The score region of a band of length `n` (the ADM extractor's `score_span`).
fn score_span(n: usize) -> (usize, usize) {
    let b = ((n as f64 * 0.1 - 0.5) as i64).max(0) as usize;
    (b, n - b)
}

fn ceil_log2(n: usize) -> u32 {
    if n <= 1 { 0 } else { (n - 1).ilog2() + 1 }
}

/// Source rows and prefetch rows of DWT output row `i`.
fn dwt_rows<'a, T>(
    src: &'a [T],
    w: usize,
    taps: &[Taps],
    i: usize,
) -> ([&'a [T]; 4], [&'a [T]; 2]) {
    let t = taps[i];
    let n = *taps.get(i + 1).unwrap_or(&t);
    (
        t.map(|y| row(src, w, y)),
        [row(src, w, n[2]), row(src, w, n[3])],
    )
}

/// Everything the band kernels of one scale need, produced by the scalar kernels: the bands of
/// both pictures, the restored and additive bands, and the reduced CSF of the additive band.
struct AdmScale<T> {
    rf: Bands<T>,
    dis: Bands<T>,
    r: Bands<T>,
    add: Bands<T>,
    fsum: Vec<i32>,
    own: Vec<i32>,
    work: ((usize, usize), (usize, usize)),
    score: ((usize, usize), (usize, usize)),
}

impl<T: Copy + Default> AdmScale<T> {
    fn new(rf: Bands<T>, dis: Bands<T>) -> Self {
        let (w, h) = (rf.w, rf.h);
        AdmScale {
            r: Bands::new(w, h),
            add: Bands::new(w, h),
            fsum: vec![0; w * h],
            own: vec![0; w * h],
            work: (work_span(w), work_span(h)),
            score: (score_span(w), score_span(h)),
            rf,
            dis,
        }
    }

    fn work_area(&self) -> u64 {
        let ((l, r), (t, b)) = self.work;
        ((r - l) * (b - t)) as u64
    }

    fn score_area(&self) -> u64 {
        let ((l, r), (t, b)) = self.score;
        ((r - l) * (b - t)) as u64
    }
}

/// Scale-0 rfactor of the default (Watson, 3H at 1080) CSF, as libvmaf hard-codes it.
const RFACTOR_S0: [u16; 3] = [36453, 36453, 49417];

/// Scale-1 rfactor: `(u32)(factor·2^32)` of libvmaf's published Watson weights at scale 1
/// (h/v 0.031985, d 0.014299).
fn rfactor_s1() -> [u32; 3] {
    let q = |f: f64| (f * 4_294_967_296.0) as u32;
    [q(0.031985), q(0.031985), q(0.014299)]
}

fn adm(c: &mut Criterion) {
    let p = Pictures::new();
    let s = AdmKernels::SCALAR;
    let egl = 100.0;

    // Scale 0: bands of both 8-bit pictures.
    let (w0, h0) = (W.div_ceil(2), H.div_ceil(2));
    let mut taps0 = vec![[0; 4]; h0];
    dwt_taps(H, &mut taps0);
    let mut tmp16 = vec![0i16; 2 * W];
    let mut s0 = {
        let mut rf = Bands::<i16>::new(w0, h0);
        let mut dis = Bands::<i16>::new(w0, h0);
        for (pic, bands) in [(&p.r8, &mut rf), (&p.d8, &mut dis)] {
            for i in 0..h0 {
                let (rows, ahead) = dwt_rows(pic, W, &taps0, i);
                (s.dwt_s0_8)(rows, ahead, &mut tmp16, bands.dwt_row(i));
            }
        }
        AdmScale::new(rf, dis)
    };
    // Scale 1: bands of the scale-0 low-pass bands.
    let (w1, h1) = (w0.div_ceil(2), h0.div_ceil(2));
    let mut taps1 = vec![[0; 4]; h1];
    dwt_taps(h0, &mut taps1);
    let mut tmp32 = vec![0i32; 2 * w0];
    let mut s1 = {
        let mut rf = Bands::<i32>::new(w1, h1);
        let mut dis = Bands::<i32>::new(w1, h1);
        for (src, bands) in [(&s0.rf.a, &mut rf), (&s0.dis.a, &mut dis)] {
            for i in 0..h1 {
                let (rows, ahead) = dwt_rows(src, w0, &taps1, i);
                (s.dwt_s1)(rows, ahead, &mut tmp32, bands.dwt_row(i));
            }
        }
        AdmScale::new(rf, dis)
    };
    let (w2, h2) = (w1.div_ceil(2), h1.div_ceil(2));
    let mut taps2 = vec![[0; 4]; h2];
    dwt_taps(h1, &mut taps2);

    // Decoupled bands and reduced CSF of the additive band, over the work region.
    {
        let ((l, r), (t, b)) = s0.work;
        for i in t..b {
            (s.decouple_s0)(
                s0.rf.hvd(i),
                s0.dis.hvd(i),
                l,
                r,
                egl,
                s0.r.hvd_mut(i),
                s0.add.hvd_mut(i),
            );
            let span = i * w0..(i + 1) * w0;
            (s.csf_s0)(
                s0.add.hvd(i),
                l,
                r,
                RFACTOR_S0,
                &mut s0.fsum[span.clone()],
                &mut s0.own[span],
            );
        }
        let ((l, r), (t, b)) = s1.work;
        for i in t..b {
            (s.decouple_s123)(
                s1.rf.hvd(i),
                s1.dis.hvd(i),
                l,
                r,
                egl,
                s1.r.hvd_mut(i),
                s1.add.hvd_mut(i),
            );
            let span = i * w1..(i + 1) * w1;
            (s.csf_s123)(
                s1.add.hvd(i),
                l,
                r,
                rfactor_s1(),
                &mut s1.fsum[span.clone()],
                &mut s1.own[span],
            );
        }
    }

    // DWTs.
    let mut out0 = Bands::<i16>::new(w0, h0);
    for bits in [8, 16] {
        let name = format!("adm/dwt_s0_{bits}");
        per_level::<AdmKernels>(c, &name, PIXELS, |k, b| {
            b.iter(|| {
                for i in 0..h0 {
                    if bits == 8 {
                        let (rows, ahead) = dwt_rows(&p.r8, W, &taps0, i);
                        (k.dwt_s0_8)(rows, ahead, &mut tmp16, out0.dwt_row(i));
                    } else {
                        let (rows, ahead) = dwt_rows(&p.r10, W, &taps0, i);
                        (k.dwt_s0_16)(rows, ahead, 10, &mut tmp16, out0.dwt_row(i));
                    }
                }
                black_box(&out0.a);
            })
        });
        let name = format!("adm/dwt_s0_lo_{bits}");
        per_level::<AdmKernels>(c, &name, PIXELS, |k, b| {
            b.iter(|| {
                for i in 0..h0 {
                    let a = &mut out0.a[i * w0..(i + 1) * w0];
                    if bits == 8 {
                        let (rows, ahead) = dwt_rows(&p.r8, W, &taps0, i);
                        (k.dwt_s0_lo_8)(rows, ahead, true, &mut tmp16, a);
                    } else {
                        let (rows, ahead) = dwt_rows(&p.r10, W, &taps0, i);
                        (k.dwt_s0_lo_16)(rows, ahead, 10, true, &mut tmp16, a);
                    }
                }
                black_box(&out0.a);
            })
        });
    }
    let mut out1 = Bands::<i32>::new(w1, h1);
    let px0 = (w0 * h0) as u64;
    per_level::<AdmKernels>(c, "adm/dwt_s1", px0, |k, b| {
        b.iter(|| {
            for i in 0..h1 {
                let (rows, ahead) = dwt_rows(&s0.rf.a, w0, &taps1, i);
                (k.dwt_s1)(rows, ahead, &mut tmp32, out1.dwt_row(i));
            }
            black_box(&out1.a);
        })
    });
    per_level::<AdmKernels>(c, "adm/dwt_s1_lo", px0, |k, b| {
        b.iter(|| {
            for i in 0..h1 {
                let (rows, ahead) = dwt_rows(&s0.rf.a, w0, &taps1, i);
                (k.dwt_s1_lo)(rows, ahead, &mut tmp32, &mut out1.a[i * w1..(i + 1) * w1]);
            }
            black_box(&out1.a);
        })
    });
    let mut out2 = Bands::<i32>::new(w2, h2);
    let px1 = (w1 * h1) as u64;
    per_level::<AdmKernels>(c, "adm/dwt_s23", px1, |k, b| {
        b.iter(|| {
            for i in 0..h2 {
                let (rows, ahead) = dwt_rows(&s1.rf.a, w1, &taps2, i);
                (k.dwt_s23)(rows, ahead, 2, &mut tmp32, out2.dwt_row(i));
            }
            black_box(&out2.a);
        })
    });
    per_level::<AdmKernels>(c, "adm/dwt_s23_lo", px1, |k, b| {
        b.iter(|| {
            for i in 0..h2 {
                let (rows, ahead) = dwt_rows(&s1.rf.a, w1, &taps2, i);
                let a = &mut out2.a[i * w2..(i + 1) * w2];
                (k.dwt_s23_lo)(rows, ahead, 2, &mut tmp32, a);
            }
            black_box(&out2.a);
        })
    });

    // Band kernels at scale 0, one row buffer per output as the extractor's rings.
    let mut r16 = Bands::<i16>::new(w0, 1);
    let mut a16 = Bands::<i16>::new(w0, 1);
    let mut fsum = vec![0i32; w0];
    let mut own = vec![0i32; w0];
    per_level::<AdmKernels>(c, "adm/decouple_s0", s0.work_area(), |k, b| {
        let ((l, r), (t, bo)) = s0.work;
        b.iter(|| {
            for i in t..bo {
                (k.decouple_s0)(
                    s0.rf.hvd(i),
                    s0.dis.hvd(i),
                    l,
                    r,
                    egl,
                    r16.hvd_mut(0),
                    a16.hvd_mut(0),
                );
            }
            black_box(&r16.b);
        })
    });
    per_level::<AdmKernels>(c, "adm/csf_s0", s0.work_area(), |k, b| {
        let ((l, r), (t, bo)) = s0.work;
        b.iter(|| {
            for i in t..bo {
                (k.csf_s0)(s0.add.hvd(i), l, r, RFACTOR_S0, &mut fsum, &mut own);
            }
            black_box(&fsum);
        })
    });
    per_level::<AdmKernels>(c, "adm/den_s0", s0.score_area(), |k, b| {
        let ((l, r), (t, bo)) = s0.score;
        b.iter(|| {
            let mut acc = [0u64; 3];
            for i in t..bo {
                let v = (k.den_s0)(s0.rf.hvd(i), l, r);
                for (a, v) in acc.iter_mut().zip(v) {
                    *a = a.wrapping_add(v);
                }
            }
            black_box(acc)
        })
    });
    let shifts0 = CmShifts {
        cub_hv: ceil_log2(w0) - 4,
        cub_d: ceil_log2(w0) - 3,
        row: ceil_log2(h0),
    };
    per_level::<AdmKernels>(c, "adm/cm_s0", s0.score_area(), |k, b| {
        let ((l, r), (t, bo)) = s0.score;
        b.iter(|| {
            let mut acc = [0i64; 3];
            for i in t..bo {
                let (up, down) = nbr(i, h0);
                let f = [up, i, down].map(|y| row(&s0.fsum, w0, y));
                let own = row(&s0.own, w0, i);
                let v = (k.cm_s0)(s0.r.hvd(i), f, own, w0, l, r, RFACTOR_S0, shifts0);
                for (a, v) in acc.iter_mut().zip(v) {
                    *a = a.wrapping_add(v);
                }
            }
            black_box(acc)
        })
    });

    // Band kernels at scale 1.
    let mut r32 = Bands::<i32>::new(w1, 1);
    let mut a32 = Bands::<i32>::new(w1, 1);
    let rf1 = rfactor_s1();
    per_level::<AdmKernels>(c, "adm/decouple_s123", s1.work_area(), |k, b| {
        let ((l, r), (t, bo)) = s1.work;
        b.iter(|| {
            for i in t..bo {
                (k.decouple_s123)(
                    s1.rf.hvd(i),
                    s1.dis.hvd(i),
                    l,
                    r,
                    egl,
                    r32.hvd_mut(0),
                    a32.hvd_mut(0),
                );
            }
            black_box(&r32.b);
        })
    });
    per_level::<AdmKernels>(c, "adm/csf_s123", s1.work_area(), |k, b| {
        let ((l, r), (t, bo)) = s1.work;
        b.iter(|| {
            for i in t..bo {
                (k.csf_s123)(s1.add.hvd(i), l, r, rf1, &mut fsum[..w1], &mut own[..w1]);
            }
            black_box(&fsum);
        })
    });
    let ((sl, sr), _) = s1.score;
    let den_cub = ceil_log2(sr - sl);
    per_level::<AdmKernels>(c, "adm/den_s123", s1.score_area(), |k, b| {
        let ((l, r), (t, bo)) = s1.score;
        b.iter(|| {
            let mut acc = [0u64; 3];
            for i in t..bo {
                let v = (k.den_s123)(s1.rf.hvd(i), l, r, 1, den_cub);
                for (a, v) in acc.iter_mut().zip(v) {
                    *a = a.wrapping_add(v);
                }
            }
            black_box(acc)
        })
    });
    let shifts1 = CmShifts {
        cub_hv: ceil_log2(w1),
        cub_d: ceil_log2(w1),
        row: ceil_log2(h1),
    };
    per_level::<AdmKernels>(c, "adm/cm_s123", s1.score_area(), |k, b| {
        let ((l, r), (t, bo)) = s1.score;
        b.iter(|| {
            let mut acc = [0i64; 3];
            for i in t..bo {
                let (up, down) = nbr(i, h1);
                let f = [up, i, down].map(|y| row(&s1.fsum, w1, y));
                let own = row(&s1.own, w1, i);
                let v = (k.cm_s123)(s1.r.hvd(i), f, own, w1, l, r, rf1, shifts1);
                for (a, v) in acc.iter_mut().zip(v) {
                    *a = a.wrapping_add(v);
                }
            }
            black_box(acc)
        })
    });
}

// ---------------------------------------------------------------------------------------------
// Motion

fn motion(c: &mut Criterion) {
    let p = Pictures::new();
    let mut y_row = vec![0i32; W];
    per_level::<MotionKernels>(c, "motion/sad_u8", PIXELS, |k, b| {
        b.iter(|| black_box((k.sad_u8)(&p.r8, W, &p.d8, W, W, H, &mut y_row)))
    });
    per_level::<MotionKernels>(c, "motion/sad_u16", PIXELS, |k, b| {
        b.iter(|| black_box((k.sad_u16)(&p.r10, W, &p.d10, W, W, H, 10, &mut y_row)))
    });
}

// ---------------------------------------------------------------------------------------------
// CAMBI

fn cambi(c: &mut Criterion) {
    // Banding-prone content (flat ramps plus texture), so the mask and histograms see work.
    let pic = synth::banded(W, H, 255, 5);
    let in8 = synth::to_u8(&pic);
    let in10 = synth::to_u16(&synth::banded(W, H, 1023, 6));
    let g = Geom {
        width: W,
        height: H,
        stride: W,
    };

    // The extractor's parameters for 1080p 8-bit input with default options.
    let cambi = Cambi::new(W, H, 8, CambiOptions::default()).expect("default CAMBI at 1080p");
    let tvi = cambi.tvi_thresholds();
    let nd = tvi.len();
    let tvi_shifted: Vec<u16> = tvi.iter().map(|&t| t + nd as u16).collect();
    let vlt = cambi.vlt_luma();
    let band_lo = (i32::from(vlt) - 3 * nd as i32 + 1).max(0);
    let band_hi = i32::from(*tvi_shifted.iter().max().expect("contrast steps"));
    let params = CValueParams {
        window: cambi.window_size() as usize,
        tvi_for_diff: &tvi_shifted,
        diff_weights: &CONTRAST_WEIGHTS[..nd],
        vlt_luma: vlt,
        band_base: band_lo as u16,
        band_size: (band_hi + 1 - band_lo).max(0) as usize,
        reciprocal: reciprocal_lut(),
    };
    let threshold = cambi.mask_threshold();

    // Scale-0 plane and mask as the extractor has them before the c-values.
    let s = CambiKernels::SCALAR;
    let mut image = vec![0u16; W * H];
    let mut mask = vec![0u8; W * H];
    let mut derivative_rows = vec![0u8; MASK_FILTER_SIZE * W];
    let mut column_sums = vec![0u8; W + MASK_FILTER_SIZE - 1];
    let mut mode_buffer = vec![0u16; 3 * W];
    let mut histograms = vec![0u16; params.band_size * W];
    (s.resample_u8_anti_dither)(&in8, g, 8, &mut image, g);
    let mut scratch = MaskScratch {
        derivative_rows: &mut derivative_rows,
        column_sums: &mut column_sums,
    };
    (s.spatial_mask)(
        &image,
        g,
        MASK_FILTER_SIZE,
        threshold,
        &mut mask,
        &mut scratch,
    );
    let converted = image.clone();
    (s.filter_mode)(&mut image, g, &mut mode_buffer);

    let mut work = vec![0u16; W * H];
    let mut work_mask = vec![0u8; W * H];
    per_level::<CambiKernels>(c, "cambi/resample_u8", PIXELS, |k, b| {
        b.iter(|| (k.resample_u8)(&in8, g, 8, &mut work, g))
    });
    per_level::<CambiKernels>(c, "cambi/resample_u8_anti_dither", PIXELS, |k, b| {
        b.iter(|| (k.resample_u8_anti_dither)(&in8, g, 8, &mut work, g))
    });
    per_level::<CambiKernels>(c, "cambi/resample_u16", PIXELS, |k, b| {
        b.iter(|| (k.resample_u16)(&in10, g, 10, &mut work, g))
    });
    // In-place kernels run again and again on their own output: their cost does not depend on
    // the values (anti-dithering averages, decimation copies, the mode filter is branch-free).
    per_level::<CambiKernels>(c, "cambi/anti_dither", PIXELS, |k, b| {
        work.copy_from_slice(&converted);
        b.iter(|| (k.anti_dither)(&mut work, g))
    });
    per_level::<CambiKernels>(c, "cambi/spatial_mask", PIXELS, |k, b| {
        b.iter(|| {
            (k.spatial_mask)(
                &converted,
                g,
                MASK_FILTER_SIZE,
                threshold,
                &mut work_mask,
                &mut scratch,
            )
        })
    });
    per_level::<CambiKernels>(c, "cambi/filter_mode", PIXELS, |k, b| {
        work.copy_from_slice(&converted);
        b.iter(|| (k.filter_mode)(&mut work, g, &mut mode_buffer))
    });
    per_level::<CambiKernels>(c, "cambi/c_values", PIXELS, |k, b| {
        b.iter(|| {
            black_box((k.c_values)(
                &params,
                &image,
                &mask,
                g,
                None,
                &mut histograms,
            ))
        })
    });
    let half = Geom {
        width: W.div_ceil(2),
        height: H.div_ceil(2),
        stride: W,
    };
    per_level::<CambiKernels>(c, "cambi/decimate", PIXELS, |k, b| {
        work.copy_from_slice(&image);
        b.iter(|| (k.decimate)(&mut work, half))
    });
    per_level::<CambiKernels>(c, "cambi/decimate_mask", PIXELS, |k, b| {
        work_mask.copy_from_slice(&mask);
        b.iter(|| (k.decimate_mask)(&mut work_mask, half))
    });
}

// ---------------------------------------------------------------------------------------------
// SpEED

/// A normalised Gaussian of `size` taps and deviation `sigma` (SpEED's filter shape).
fn gaussian(size: usize, sigma: f32) -> Vec<f32> {
    let k = (size / 2) as f32;
    let v: Vec<f32> = (0..size)
        .map(|i| (-0.5 * ((i as f32 - k) / sigma).powi(2)).exp())
        .collect();
    let sum: f32 = v.iter().sum();
    v.into_iter().map(|x| x / sum).collect()
}

fn speed(c: &mut Criterion) {
    let p = Pictures::new();
    // Luma converted to f32 (`v − 128`) and a second frame, for the difference.
    let to_f32 = |v: &[u8]| -> Vec<f32> { v.iter().map(|&x| f32::from(x) - 128.0).collect() };
    let (fr, fd) = (to_f32(&p.r8), to_f32(&p.d8));
    let mut out = vec![0f32; W * H];

    per_level::<SpeedKernels>(c, "speed/convert_u8", PIXELS, |k, b| {
        b.iter(|| {
            for (src, o) in p.r8.chunks_exact(W).zip(out.chunks_exact_mut(W)) {
                (k.convert_u8)(src, -128.0, o);
            }
            black_box(&out);
        })
    });
    per_level::<SpeedKernels>(c, "speed/convert_u16", PIXELS, |k, b| {
        b.iter(|| {
            for (src, o) in p.r10.chunks_exact(W).zip(out.chunks_exact_mut(W)) {
                (k.convert_u16)(src, 4.0, -128.0, o);
            }
            black_box(&out);
        })
    });
    per_level::<SpeedKernels>(c, "speed/difference", PIXELS, |k, b| {
        b.iter(|| {
            for ((a, bb), o) in fr
                .chunks_exact(W)
                .zip(fd.chunks_exact(W))
                .zip(out.chunks_exact_mut(W))
            {
                (k.difference)(a, bb, o);
            }
            black_box(&out);
        })
    });

    // Anti-alias filter (9 taps at kernel scale 1) at the kept rows (every 16th) of 1080p luma:
    // 1080 >> 4 = 67 rows of 1920 >> 4 = 120 operating samples.
    let antialias = gaussian(9, 2.0 * 9.0 / 5.0);
    let r = antialias.len() / 2;
    let (ow, oh) = (W >> 4, H >> 4);
    let mut filtered = vec![0f32; oh * W];
    let kept_rows = |y: usize| -> [&[f32]; 9] {
        std::array::from_fn(|k| row(&fr, W, reflect((16 * y + k) as isize - r as isize, H)))
    };
    let kept = (oh * W) as u64;
    per_level::<SpeedKernels>(c, "speed/convolve_rows", kept, |k, b| {
        b.iter(|| {
            for (oy, o) in filtered.chunks_exact_mut(W).enumerate() {
                (k.convolve_rows)(&kept_rows(oy), &antialias, o);
            }
            black_box(&filtered);
        })
    });
    for (oy, o) in filtered.chunks_exact_mut(W).enumerate() {
        (SpeedKernels::SCALAR.convolve_rows)(&kept_rows(oy), &antialias, o);
    }
    // Rows padded with their mirrored `r` samples on either side.
    let padded: Vec<Vec<f32>> = filtered
        .chunks_exact(W)
        .map(|row| {
            (0..W + 2 * r)
                .map(|x| row[reflect(x as isize - r as isize, W)])
                .collect()
        })
        .collect();
    let mut op = vec![0f32; ow * oh];
    per_level::<SpeedKernels>(c, "speed/convolve_padded", kept, |k, b| {
        b.iter(|| {
            for (pr, o) in padded.iter().zip(op.chunks_exact_mut(ow)) {
                (k.convolve_padded)(pr, &antialias, 16, o);
            }
            black_box(&op);
        })
    });
    for (pr, o) in padded.iter().zip(op.chunks_exact_mut(ow)) {
        (SpeedKernels::SCALAR.convolve_padded)(pr, &antialias, 16, o);
    }

    // Covariances of the 25 shifted sub-matrices of the operating grid, centred once each.
    const BLOCK: usize = 5;
    const ELEMS: usize = BLOCK * BLOCK;
    let (tw, th) = (ow / BLOCK * BLOCK, oh / BLOCK * BLOCK);
    let (sub_w, sub_h) = (tw - BLOCK + 1, th - BLOCK + 1);
    let sub = sub_w * sub_h;
    let mut centred = vec![0f64; ELEMS * sub];
    for kk in 0..ELEMS {
        let (sr, sc) = (kk / BLOCK, kk % BLOCK);
        let vals = (0..sub_h).flat_map(|i| (0..sub_w).map(move |j| (i, j)));
        let mean = vals
            .clone()
            .map(|(i, j)| f64::from(op[(sr + i) * ow + sc + j]))
            .sum::<f64>()
            / sub as f64;
        for ((i, j), o) in vals.zip(&mut centred[kk * sub..(kk + 1) * sub]) {
            *o = f64::from(op[(sr + i) * ow + sc + j]) - mean;
        }
    }
    let pairs = (ELEMS * (ELEMS + 1) / 2 * sub) as u64;
    per_level::<SpeedKernels>(c, "speed/covariance_centred", pairs, |k, b| {
        b.iter(|| {
            let mut acc = 0f64;
            for xi in 0..ELEMS {
                for yi in 0..=xi {
                    acc += (k.covariance_centred)(
                        &centred[xi * sub..(xi + 1) * sub],
                        &centred[yi * sub..(yi + 1) * sub],
                        sub_h,
                        sub_w,
                    );
                }
            }
            black_box(acc)
        })
    });

    // The linear solve's product: 25x25 (Q factor) by 25 x blocks (the independent terms).
    let blocks = (tw / BLOCK) * (th / BLOCK);
    let q: Vec<f32> = (0..ELEMS * ELEMS)
        .map(|i| op[i % op.len()] / 128.0)
        .collect();
    let y: Vec<f32> = (0..ELEMS * blocks).map(|i| op[i % op.len()]).collect();
    let mut dst = vec![0f32; ELEMS * blocks];
    per_level::<SpeedKernels>(c, "speed/matmul", (ELEMS * blocks) as u64, |k, b| {
        b.iter(|| {
            (k.matmul)(&mut dst, &q, &y, ELEMS, ELEMS, blocks);
            black_box(&dst);
        })
    });
}

// ---------------------------------------------------------------------------------------------
// Classic metrics (scalar only)

fn classic(c: &mut Criterion) {
    let p = Pictures::new();
    scalar_only(c, "classic/sse_u8", PIXELS, |k, b| {
        b.iter(|| black_box((k.sse_u8)(&p.r8, W, &p.d8, W, W, H)))
    });
    scalar_only(c, "classic/sse_u16", PIXELS, |k, b| {
        b.iter(|| black_box((k.sse_u16)(&p.r10, W, &p.d10, W, W, H)))
    });

    // MS-SSIM's first decimation: 9x9 low-pass, factor 2, of the full-resolution luma.
    let fr: Vec<f32> = p.r8.iter().map(|&v| f32::from(v)).collect();
    let fd: Vec<f32> = p.d8.iter().map(|&v| f32::from(v)).collect();
    let taps = [0.03f32, -0.02, -0.06, 0.27, 0.6, 0.27, -0.06, -0.02, 0.03];
    let lpf: Vec<f32> = (0..81).map(|i| taps[i / 9] * taps[i % 9]).collect();
    let mut half = vec![0f32; (W / 2 + 1) * (H / 2 + 1)];
    scalar_only(c, "classic/decimate_lpf", PIXELS, |k, b| {
        b.iter(|| black_box((k.decimate)(&fr, W, H, 2, &lpf, 9, &mut half)))
    });

    // float_ssim at 1080p works on the luma decimated by 4 (box filter): 480x270.
    let box4 = vec![1.0f32 / 16.0; 16];
    let mut sr = vec![0f32; (W / 4 + 1) * (H / 4 + 1)];
    let mut sd = sr.clone();
    let (w, h) = (ClassicKernels::SCALAR.decimate)(&fr, W, H, 4, &box4, 4, &mut sr);
    (ClassicKernels::SCALAR.decimate)(&fd, W, H, 4, &box4, 4, &mut sd);
    let (dw, dh) = (w - 10, h - 10);
    // Horizontal results of every row: five planes dw x h.
    let mut hplanes = vec![vec![0f32; dw * h]; 5];
    let hfilter = |k: &ClassicKernels, planes: &mut [Vec<f32>], y: usize| {
        let [q0, q1, q2, q3, q4] = planes else {
            unreachable!("five planes")
        };
        let span = y * dw..(y + 1) * dw;
        (k.ssim_hfilter)(
            row(&sr, w, y),
            row(&sd, w, y),
            HRows {
                mu1: &mut q0[span.clone()],
                mu2: &mut q1[span.clone()],
                s11: &mut q2[span.clone()],
                s22: &mut q3[span.clone()],
                s12: &mut q4[span],
            },
        );
    };
    for y in 0..h {
        hfilter(&ClassicKernels::SCALAR, &mut hplanes, y);
    }
    scalar_only(c, "classic/ssim_hfilter", (dw * h) as u64, |k, b| {
        let mut planes = hplanes.clone();
        b.iter(|| {
            for y in 0..h {
                hfilter(k, &mut planes, y);
            }
            black_box(&planes);
        })
    });
    let mut vplanes = vec![vec![0f32; dw * dh]; 5];
    for (src, dst) in hplanes.iter().zip(vplanes.iter_mut()) {
        for (y, o) in dst.chunks_exact_mut(dw).enumerate() {
            let rows: [&[f32]; 11] = std::array::from_fn(|v| row(src, dw, y + v));
            (ClassicKernels::SCALAR.ssim_vfilter)(&rows, o);
        }
    }
    let mut vrow = vec![0f32; dw];
    scalar_only(c, "classic/ssim_vfilter", (dw * dh) as u64, |k, b| {
        b.iter(|| {
            for y in 0..dh {
                for src in &hplanes {
                    let rows: [&[f32]; 11] = std::array::from_fn(|v| row(src, dw, y + v));
                    (k.ssim_vfilter)(&rows, &mut vrow);
                }
            }
            black_box(&vrow);
        })
    });
    scalar_only(c, "classic/ssim_stats_row", (dw * dh) as u64, |k, b| {
        b.iter(|| {
            let mut sums = SsimSums::default();
            for y in 0..dh {
                let [m1, m2, s11, s22, s12] = [0, 1, 2, 3, 4].map(|q| row(&vplanes[q], dw, y));
                (k.ssim_stats_row)(m1, m2, s11, s22, s12, &mut sums);
            }
            black_box(sums.ssim)
        })
    });

    // PSNR-HVS: 8x8 blocks every 7 pixels. CSF-like weights falling with frequency.
    let csf: [f32; 64] = std::array::from_fn(|k| 1.6 / (1.0 + (k / 8 + k % 8) as f32));
    let mask: [f32; 64] = std::array::from_fn(|k| (csf[k] * 0.388_574_6).powi(2));
    scalar_only(c, "classic/hvs_block", PIXELS, |k, b| {
        b.iter(|| {
            let (mut s, mut t) = ([0i32; 64], [0i32; 64]);
            let mut ret = 0f32;
            for y in (0..=H - 8).step_by(7) {
                for x in (0..=W - 8).step_by(7) {
                    for i in 0..8 {
                        let (rr, dr) = (&row(&p.r8, W, y + i)[x..], &row(&p.d8, W, y + i)[x..]);
                        for j in 0..8 {
                            s[i * 8 + j] = i32::from(rr[j]);
                            t[i * 8 + j] = i32::from(dr[j]);
                        }
                    }
                    ret = (k.hvs_block)(&mut s, &mut t, &csf, &mask, ret);
                }
            }
            black_box(ret)
        })
    });

    // CIEDE2000 on a 4:4:4 pair (8-bit values in u16 rows). At ~1.5 s per scalar 1080p frame,
    // the entry times a band of `CIEDE_ROWS` rows to keep the run short.
    let planes = |seed: u64| -> [Vec<u16>; 3] {
        let (r, d) = pair(W, H, 255, seed);
        let u = synth::picture(W, H, 255, seed + 7);
        [synth::to_u16(&r), synth::to_u16(&d), synth::to_u16(&u)]
    };
    let [ry, dy, u] = planes(40);
    let v: Vec<u16> = u.iter().rev().copied().collect();
    const CIEDE_ROWS: usize = H / 10;
    scalar_only(c, "classic/ciede_row", (CIEDE_ROWS * W) as u64, |k, b| {
        b.iter(|| {
            let mut acc = 0f64;
            for y in 0..CIEDE_ROWS {
                let (ur, vr) = (row(&u, W, y), row(&v, W, y));
                acc = (k.ciede_row)([row(&ry, W, y), ur, vr], [row(&dy, W, y), vr, ur], 8, acc);
            }
            black_box(acc)
        })
    });
}

criterion_group!(benches, vif, adm, motion, cambi, speed, classic);
criterion_main!(benches);
