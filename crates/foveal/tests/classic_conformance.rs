//! The classic metrics (`psnr`, `float_ssim`, `float_ms_ssim`, `psnr_hvs`, `ciede`) against
//! libvmaf 3.2's output, value by value, frame by frame.
//!
//! - `netflix_goldens`: Netflix's vectors (`../shared/netflix-vectors`) against the `*.v0.json`
//!   goldens: 4:2:0 at 8, 10, 12 and 16 bit, 576x324 to 1080p, default options.
//! - `option_goldens`: options and formats those goldens do not cover (`enable_mse`,
//!   `enable_apsnr`, `reduced_hbd_peak`, `min_sse`, `enable_chroma`, `enable_lcs`, `enable_db`,
//!   `clip_db`, `scale`; 4:2:2, 4:4:4, 8 and 16 bit, odd sizes, padded chroma rows, identical
//!   inputs). Their inputs are derived here, in Rust, from the shared vectors ([`derive`]); the
//!   goldens are libvmaf's JSON for those inputs, committed under `tests/data/classic/`, and
//!   `regenerate_goldens` (ignored; needs `FOVEAL_FFMPEG`) rebuilds them and writes the exact
//!   ffmpeg commands to `tests/data/classic/COMMANDS.txt`.
//! - error cases of the public API (what libvmaf refuses).
//!
//! Every compared value must equal libvmaf's at the 6 decimals it prints (`Tolerance::Exact6`);
//! the largest absolute difference per feature is printed as well.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use foveal::features::ciede::{Ciede, CiedeOptions};
use foveal::features::ms_ssim::{MIN_SIZE, MsSsim, MsSsimOptions};
use foveal::features::psnr::{Psnr, PsnrOptions};
use foveal::features::psnr_hvs::{PsnrHvs, PsnrHvsOptions};
use foveal::features::ssim::{Ssim, SsimOptions, auto_scale};
use foveal::{ChromaSampling, Frame, FrameFormat};
use foveal_testkit::{Golden, Tolerance, compare_frames, shared_or_skip};

// ---------------------------------------------------------------------------------------------
// Clips
// ---------------------------------------------------------------------------------------------

/// Frames of one format.
struct Clip {
    format: FrameFormat,
    frames: Vec<Frame>,
}

fn read_420(path: &Path, w: u32, h: u32, bpc: u8, max_frames: usize) -> Clip {
    let format = FrameFormat::new(w, h, ChromaSampling::Cs420, bpc).unwrap();
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let fb = format.frame_bytes();
    assert_eq!(data.len() % fb, 0, "{} is not whole frames", path.display());
    let frames = data
        .chunks_exact(fb)
        .take(max_frames)
        .map(|chunk| {
            let mut f = Frame::new(format);
            if bpc == 8 {
                f.samples_u8_mut().unwrap().copy_from_slice(chunk);
            } else {
                for (o, b) in f.samples_u16_mut().unwrap().iter_mut().zip(chunk.chunks(2)) {
                    *o = u16::from_le_bytes([b[0], b[1]]);
                }
            }
            f
        })
        .collect();
    Clip { format, frames }
}

/// Samples of plane `p` of `f` as `u16`, tightly packed.
fn plane(f: &Frame, p: usize) -> Vec<u16> {
    let mut f = f.clone();
    match f.plane_u8_mut(p) {
        Some(s) => s.iter().map(|&v| u16::from(v)).collect(),
        None => f.plane_u16_mut(p).unwrap().to_vec(),
    }
}

/// Builds a frame of `format` from its planes (values must fit the bit depth).
fn assemble(format: FrameFormat, planes: &[Vec<u16>]) -> Frame {
    let mut f = Frame::new(format);
    for (p, src) in planes.iter().enumerate() {
        if format.bit_depth() == 8 {
            for (o, &v) in f.plane_u8_mut(p).unwrap().iter_mut().zip(src) {
                *o = v as u8;
            }
        } else {
            f.plane_u16_mut(p).unwrap().copy_from_slice(src);
        }
    }
    f
}

/// Derived inputs: every one is a pure function of the shared vectors.
mod derive {
    use super::*;

    /// 10-bit (or deeper) 4:2:0 → 8 bit by dropping the low bits.
    pub fn to_8bit(c: &Clip) -> Clip {
        let shift = c.format.bit_depth() - 8;
        let format =
            FrameFormat::new(c.format.width(), c.format.height(), c.format.chroma(), 8).unwrap();
        let frames = c
            .frames
            .iter()
            .map(|f| {
                let planes: Vec<Vec<u16>> = (0..3)
                    .map(|p| plane(f, p).iter().map(|&v| v >> shift).collect())
                    .collect();
                assemble(format, &planes)
            })
            .collect();
        Clip { format, frames }
    }

    /// 4:2:0 → 4:2:2 (`kind = Cs422`) or 4:4:4: each new chroma sample is the rounded mean of
    /// the co-sited 4:2:0 sample and its lower (and, for 4:4:4, right) neighbour.
    pub fn upsample(c: &Clip, kind: ChromaSampling) -> Clip {
        let (w, h) = (c.format.width(), c.format.height());
        let format = FrameFormat::new(w, h, kind, c.format.bit_depth()).unwrap();
        let (cw, ch) = c.format.plane_size(1);
        let (nw, nh) = format.plane_size(1);
        let frames = c
            .frames
            .iter()
            .map(|f| {
                let mut planes = vec![plane(f, 0)];
                for p in 1..3 {
                    let src = plane(f, p);
                    let at =
                        |x: usize, y: usize| u32::from(src[y.min(ch - 1) * cw + x.min(cw - 1)]);
                    let mut out = vec![0u16; nw * nh];
                    for y in 0..nh {
                        for x in 0..nw {
                            let v = if kind == ChromaSampling::Cs422 {
                                (at(x, y >> 1) + at(x, (y + 1) >> 1) + 1) >> 1
                            } else {
                                (at(x >> 1, y >> 1) + at((x + 1) >> 1, (y + 1) >> 1) + 1) >> 1
                            };
                            out[y * nw + x] = v as u16;
                        }
                    }
                    planes.push(out);
                }
                assemble(format, &planes)
            })
            .collect();
        Clip { format, frames }
    }

    /// The top-left `w`×`h` of every frame (chroma: the top-left of each plane at the new
    /// format's chroma size).
    pub fn crop(c: &Clip, w: u32, h: u32) -> Clip {
        let format = FrameFormat::new(w, h, c.format.chroma(), c.format.bit_depth()).unwrap();
        let frames = c
            .frames
            .iter()
            .map(|f| {
                let planes: Vec<Vec<u16>> = (0..3)
                    .map(|p| {
                        let (sw, _) = c.format.plane_size(p);
                        let (nw, nh) = format.plane_size(p);
                        let src = plane(f, p);
                        (0..nh)
                            .flat_map(|y| src[y * sw..y * sw + nw].to_vec())
                            .collect()
                    })
                    .collect();
                assemble(format, &planes)
            })
            .collect();
        Clip { format, frames }
    }

    /// Raw planar bytes of a clip (as ffmpeg's `rawvideo` reads them).
    pub fn raw_bytes(c: &Clip) -> Vec<u8> {
        let mut out = Vec::new();
        for f in &c.frames {
            for p in 0..3 {
                for v in plane(f, p) {
                    if c.format.bit_depth() == 8 {
                        out.push(v as u8);
                    } else {
                        out.extend_from_slice(&v.to_le_bytes());
                    }
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Running the metrics
// ---------------------------------------------------------------------------------------------

/// Which extractors to run, with which options.
#[derive(Clone, Copy, Default)]
struct MetricSet {
    psnr: Option<PsnrOptions>,
    ssim: Option<SsimOptions>,
    ms_ssim: Option<MsSsimOptions>,
    psnr_hvs: bool,
    ciede: bool,
}

const ALL_DEFAULT: MetricSet = MetricSet {
    psnr: Some(PsnrOptions {
        enable_chroma: true,
        enable_mse: false,
        enable_apsnr: false,
        reduced_hbd_peak: false,
        min_sse: 0.0,
    }),
    ssim: Some(SsimOptions {
        enable_lcs: false,
        enable_db: false,
        clip_db: false,
        scale: 0,
    }),
    ms_ssim: Some(MsSsimOptions {
        enable_lcs: false,
        enable_db: false,
        clip_db: false,
    }),
    psnr_hvs: true,
    ciede: true,
};

/// Per-frame values by feature name, the aggregate values, and the names each extractor
/// emits (in its order).
struct Run {
    frames: Vec<BTreeMap<String, f64>>,
    aggregate: BTreeMap<String, f64>,
    emitted: Vec<Vec<&'static str>>,
}

fn run(r: &Clip, d: &Clip, set: &MetricSet) -> Run {
    let fmt = r.format;
    let mut psnr = set.psnr.map(|o| Psnr::new(fmt, o).unwrap());
    let mut ssim = set.ssim.map(|o| Ssim::new(fmt, o).unwrap());
    let mut ms = set.ms_ssim.map(|o| MsSsim::new(fmt, o).unwrap());
    let mut hvs = set
        .psnr_hvs
        .then(|| PsnrHvs::new(fmt, PsnrHvsOptions::default()).unwrap());
    let mut ciede = set
        .ciede
        .then(|| Ciede::new(fmt, CiedeOptions::default()).unwrap());
    let mut out = Run {
        frames: Vec::new(),
        aggregate: BTreeMap::new(),
        emitted: Vec::new(),
    };
    for (rf, df) in r.frames.iter().zip(&d.frames) {
        let (rv, dv) = (rf.view(), df.view());
        let mut m = BTreeMap::new();
        let mut emitted = Vec::new();
        let mut put = |name: &'static str, v: f64, emitted: &mut Vec<Vec<&'static str>>| {
            m.insert(name.to_string(), v);
            emitted.last_mut().unwrap().push(name);
        };
        if let Some(x) = &mut psnr {
            emitted.push(Vec::new());
            for (n, v) in x.compute(&rv, &dv).unwrap().features() {
                put(n, v, &mut emitted);
            }
        }
        if let Some(x) = &mut ssim {
            emitted.push(Vec::new());
            for (n, v) in x.compute(&rv, &dv).unwrap().features() {
                put(n, v, &mut emitted);
            }
        }
        if let Some(x) = &mut ms {
            emitted.push(Vec::new());
            for (n, v) in x.compute(&rv, &dv).unwrap().features() {
                put(n, v, &mut emitted);
            }
        }
        if let Some(x) = &mut hvs {
            emitted.push(Vec::new());
            for (n, v) in x.compute(&rv, &dv).unwrap().features() {
                put(n, v, &mut emitted);
            }
        }
        if let Some(x) = &mut ciede {
            emitted.push(Vec::new());
            for (n, v) in x.compute(&rv, &dv).unwrap().features() {
                put(n, v, &mut emitted);
            }
        }
        out.frames.push(m);
        out.emitted = emitted;
    }
    if let Some(agg) = psnr.as_ref().and_then(Psnr::apsnr) {
        for (n, v) in agg {
            out.aggregate.insert(n.to_string(), v);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

/// Per-feature statistics over all compared values.
#[derive(Default)]
struct Stats {
    per_feature: BTreeMap<String, (usize, f64)>,
}

impl Stats {
    fn note(&mut self, name: &str, ours: f64, golden: f64) {
        let e = self.per_feature.entry(name.to_string()).or_default();
        e.0 += 1;
        let d = (ours - golden).abs();
        if d > e.1 {
            e.1 = d;
        }
    }

    fn print(&self, what: &str) {
        for (name, (n, max)) in &self.per_feature {
            eprintln!("{what}: {name}: {n} values, max |ours - libvmaf| = {max:.3e}");
        }
    }

    fn total(&self) -> usize {
        self.per_feature.values().map(|v| v.0).sum()
    }
}

/// Compares a run against a golden on every feature the run produced: each must be in the
/// golden on every frame, equal at 6 decimals; the extractors' emission order must match the
/// golden's key order; aggregates likewise.
fn check(run: &Run, g: &Golden, what: &str, stats: &mut Stats) {
    assert_eq!(
        run.frames.len(),
        g.frames.len(),
        "{what}: frame count differs from {}",
        g.path.display()
    );
    let names: Vec<String> = run.frames[0].keys().cloned().collect();
    let golden_order = g.metric_names();
    for group in &run.emitted {
        let pos: Vec<usize> = group
            .iter()
            .map(|n| {
                golden_order
                    .iter()
                    .position(|k| k == n)
                    .unwrap_or_else(|| panic!("{what}: {n} is not in {}", g.path.display()))
            })
            .collect();
        assert!(
            pos.windows(2).all(|w| w[0] < w[1]),
            "{what}: emission order {group:?} differs from libvmaf's"
        );
    }
    let features: Vec<(&str, Tolerance)> = names
        .iter()
        .map(|n| (n.as_str(), Tolerance::Exact6))
        .collect();
    for (f, gf) in g.frames.iter().enumerate() {
        for n in &names {
            let ours = run.frames[f][n];
            match gf.metrics.iter().find(|(k, _)| k == n) {
                Some((_, Some(v))) => stats.note(n, ours, *v),
                // libvmaf prints non-finite values as null.
                Some((_, None)) => assert!(!ours.is_finite(), "{what}: frame {f} {n}: {ours}"),
                None => panic!("{what}: frame {f} lacks {n}"),
            }
        }
    }
    let finite: Vec<(&str, Tolerance)> = features
        .into_iter()
        .filter(|(n, _)| g.series(n).iter().all(Option::is_some))
        .collect();
    let c = compare_frames(&run.frames, g, &finite);
    c.assert_ok(what);
    for (name, v) in &g.aggregate {
        let ours = *run
            .aggregate
            .get(name)
            .unwrap_or_else(|| panic!("{what}: aggregate {name} not computed"));
        match v {
            Some(v) => {
                assert!(
                    Tolerance::Exact6.accepts(ours, *v),
                    "{what}: aggregate {name}: ours {ours:.6} vs libvmaf {v:.6}"
                );
                stats.note(name, ours, *v);
            }
            None => assert!(!ours.is_finite(), "{what}: aggregate {name}: {ours}"),
        }
    }
    assert_eq!(
        run.aggregate.len(),
        g.aggregate.len(),
        "{what}: aggregate metrics differ: ours {:?}, libvmaf {:?}",
        run.aggregate.keys().collect::<Vec<_>>(),
        g.aggregate
    );
}

// ---------------------------------------------------------------------------------------------
// Netflix goldens
// ---------------------------------------------------------------------------------------------

struct NetflixCase {
    golden: &'static str,
    reference: &'static str,
    distorted: &'static str,
    width: u32,
    height: u32,
    bit_depth: u8,
}

const NETFLIX: &[NetflixCase] = &[
    NetflixCase {
        golden: "src01_576x324_10b.v0.json",
        reference: "src01_hrc00_576x324.yuv420p10le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p10le.yuv",
        width: 576,
        height: 324,
        bit_depth: 10,
    },
    NetflixCase {
        golden: "src01_576x324_12b.v0.json",
        reference: "src01_hrc00_576x324.yuv420p12le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p12le.yuv",
        width: 576,
        height: 324,
        bit_depth: 12,
    },
    NetflixCase {
        golden: "src01_576x324_16b.v0.json",
        reference: "src01_hrc00_576x324.yuv420p16le.yuv",
        distorted: "src01_hrc01_576x324.yuv420p16le.yuv",
        width: 576,
        height: 324,
        bit_depth: 16,
    },
    NetflixCase {
        golden: "sparks_480x270_10b.v0.json",
        reference: "sparks_ref_480x270.yuv42010le.yuv",
        distorted: "sparks_dis_480x270.yuv42010le.yuv",
        width: 480,
        height: 270,
        bit_depth: 10,
    },
    NetflixCase {
        golden: "archer_1080p.v0.json",
        reference: "archer_ref_frm20.yuv",
        distorted: "archer_dis_frm20.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
    },
    NetflixCase {
        golden: "dark_scene_1080p.v0.json",
        reference: "dark_scene_1920x1080_420p_ref.yuv",
        distorted: "dark_scene_1920x1080_420p_dis.yuv",
        width: 1920,
        height: 1080,
        bit_depth: 8,
    },
];

/// The classic features a `*.v0.json` golden holds.
const V0_FEATURES: [&str; 9] = [
    "psnr_y",
    "psnr_cb",
    "psnr_cr",
    "float_ssim",
    "float_ms_ssim",
    "psnr_hvs_y",
    "psnr_hvs_cb",
    "psnr_hvs_cr",
    "ciede2000",
];

#[test]
fn netflix_goldens() {
    let Some(dir) = shared_or_skip("netflix_goldens") else {
        return;
    };
    let v = dir.join("netflix-vectors");
    let mut stats = Stats::default();
    for c in NETFLIX {
        let g = Golden::load(v.join("goldens").join(c.golden));
        let n = g.frames.len();
        let r = read_420(&v.join(c.reference), c.width, c.height, c.bit_depth, n);
        let d = read_420(&v.join(c.distorted), c.width, c.height, c.bit_depth, n);
        let set = MetricSet {
            psnr_hvs: c.bit_depth <= 12,
            ..ALL_DEFAULT
        };
        let run = run(&r, &d, &set);
        // The golden must hold every classic feature we compute (psnr_hvs not at 16 bit).
        for name in V0_FEATURES {
            let present = g.series(name).iter().all(Option::is_some);
            let expected = !name.starts_with("psnr_hvs") || c.bit_depth <= 12;
            assert_eq!(present, expected, "{}: {name} presence", c.golden);
        }
        check(&run, &g, c.golden, &mut stats);
    }
    stats.print("netflix_goldens");
    eprintln!(
        "netflix_goldens: {} values compared, all equal at 6 decimals",
        stats.total()
    );
}
