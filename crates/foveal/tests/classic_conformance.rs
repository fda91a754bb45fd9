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

// ---------------------------------------------------------------------------------------------
// Option and format goldens (derived inputs)
// ---------------------------------------------------------------------------------------------

/// Which side of a source pair a clip is taken from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Ref,
    Dis,
}

/// A derived input: `(spec, side)` where spec names a shared vector and its derivation.
type Input = (&'static str, Side);

/// Builds the clip named by `spec` (see the match arms) from the shared vectors.
fn make_clip(v: &Path, (spec, side): Input) -> Clip {
    let src01 = |bpc: u8| {
        let file = format!(
            "src01_hrc0{}_576x324.yuv420p{bpc}le.yuv",
            if side == Side::Ref { 0 } else { 1 }
        );
        read_420(&v.join(file), 576, 324, bpc, 3)
    };
    let s8 = || derive::to_8bit(&src01(10));
    match spec {
        "src01_10b_420" => src01(10),
        "src01_12b_420" => src01(12),
        "src01_10b_422" => derive::upsample(&src01(10), ChromaSampling::Cs422),
        "src01_10b_444" => derive::upsample(&src01(10), ChromaSampling::Cs444),
        "src01_12b_422" => derive::upsample(&src01(12), ChromaSampling::Cs422),
        "src01_16b_444" => derive::upsample(&src01(16), ChromaSampling::Cs444),
        "src01_8b_420" => s8(),
        "src01_8b_422" => derive::upsample(&s8(), ChromaSampling::Cs422),
        "src01_8b_444" => derive::upsample(&s8(), ChromaSampling::Cs444),
        "src01_8b_420_575x322" => derive::crop(&s8(), 575, 322),
        "src01_8b_420_576x323" => derive::crop(&s8(), 576, 323),
        "src01_8b_422_560x320" => {
            derive::crop(&derive::upsample(&s8(), ChromaSampling::Cs422), 560, 320)
        }
        "archer_8b_420" => {
            let file = if side == Side::Ref {
                "archer_ref_frm20.yuv"
            } else {
                "archer_dis_frm20.yuv"
            };
            read_420(&v.join(file), 1920, 1080, 8, 1)
        }
        _ => panic!("unknown clip {spec}"),
    }
}

struct OptionCase {
    name: &'static str,
    reference: Input,
    distorted: Input,
    set: MetricSet,
}

const PSNR: PsnrOptions = PsnrOptions {
    enable_chroma: true,
    enable_mse: false,
    enable_apsnr: false,
    reduced_hbd_peak: false,
    min_sse: 0.0,
};
const SSIM: SsimOptions = SsimOptions {
    enable_lcs: false,
    enable_db: false,
    clip_db: false,
    scale: 0,
};
const MS: MsSsimOptions = MsSsimOptions {
    enable_lcs: false,
    enable_db: false,
    clip_db: false,
};
const NONE: MetricSet = MetricSet {
    psnr: None,
    ssim: None,
    ms_ssim: None,
    psnr_hvs: false,
    ciede: false,
};
/// psnr, psnr_hvs and ciede with default options: the chroma-reading metrics.
const CHROMA_SET: MetricSet = MetricSet {
    psnr: Some(PSNR),
    psnr_hvs: true,
    ciede: true,
    ..NONE
};

const OPTION_CASES: &[OptionCase] = &[
    OptionCase {
        name: "src01_10b_opts_a",
        reference: ("src01_10b_420", Side::Ref),
        distorted: ("src01_10b_420", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                enable_mse: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ssim: Some(SsimOptions {
                enable_lcs: true,
                enable_db: true,
                ..SSIM
            }),
            ms_ssim: Some(MsSsimOptions {
                enable_lcs: true,
                ..MS
            }),
            ..NONE
        },
    },
    OptionCase {
        name: "src01_10b_opts_b",
        reference: ("src01_10b_420", Side::Ref),
        distorted: ("src01_10b_420", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                reduced_hbd_peak: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ssim: Some(SsimOptions {
                enable_db: true,
                clip_db: true,
                scale: 2,
                ..SSIM
            }),
            ms_ssim: Some(MsSsimOptions {
                enable_db: true,
                clip_db: true,
                ..MS
            }),
            ..NONE
        },
    },
    OptionCase {
        name: "src01_10b_opts_c",
        reference: ("src01_10b_420", Side::Ref),
        distorted: ("src01_10b_420", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                enable_chroma: false,
                enable_apsnr: true,
                min_sse: 0.5,
                ..PSNR
            }),
            ssim: Some(SsimOptions {
                enable_lcs: true,
                scale: 3,
                ..SSIM
            }),
            ..NONE
        },
    },
    OptionCase {
        name: "src01_10b_identical",
        reference: ("src01_10b_420", Side::Ref),
        distorted: ("src01_10b_420", Side::Ref),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                enable_mse: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ssim: Some(SsimOptions {
                enable_db: true,
                clip_db: true,
                ..SSIM
            }),
            ms_ssim: Some(MsSsimOptions {
                enable_db: true,
                ..MS
            }),
            psnr_hvs: true,
            ciede: true,
        },
    },
    OptionCase {
        name: "src01_12b_identical_min_sse",
        reference: ("src01_12b_420", Side::Dis),
        distorted: ("src01_12b_420", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                min_sse: 1.0,
                reduced_hbd_peak: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ms_ssim: Some(MsSsimOptions {
                enable_db: true,
                clip_db: true,
                enable_lcs: true,
            }),
            ..NONE
        },
    },
    OptionCase {
        name: "src01_10b_422",
        reference: ("src01_10b_422", Side::Ref),
        distorted: ("src01_10b_422", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                enable_mse: true,
                ..PSNR
            }),
            ssim: Some(SSIM),
            ..CHROMA_SET
        },
    },
    OptionCase {
        name: "src01_10b_444",
        reference: ("src01_10b_444", Side::Ref),
        distorted: ("src01_10b_444", Side::Dis),
        set: MetricSet {
            ssim: Some(SSIM),
            ms_ssim: Some(MS),
            ..CHROMA_SET
        },
    },
    OptionCase {
        name: "src01_12b_422",
        reference: ("src01_12b_422", Side::Ref),
        distorted: ("src01_12b_422", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                reduced_hbd_peak: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ..CHROMA_SET
        },
    },
    OptionCase {
        name: "src01_16b_444",
        reference: ("src01_16b_444", Side::Ref),
        distorted: ("src01_16b_444", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                enable_mse: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ssim: Some(SSIM),
            ms_ssim: Some(MS),
            ciede: true,
            ..NONE
        },
    },
    OptionCase {
        name: "src01_8b_420",
        reference: ("src01_8b_420", Side::Ref),
        distorted: ("src01_8b_420", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                enable_mse: true,
                enable_apsnr: true,
                ..PSNR
            }),
            ..ALL_DEFAULT
        },
    },
    OptionCase {
        name: "src01_8b_422",
        reference: ("src01_8b_422", Side::Ref),
        distorted: ("src01_8b_422", Side::Dis),
        set: CHROMA_SET,
    },
    OptionCase {
        name: "src01_8b_444",
        reference: ("src01_8b_444", Side::Ref),
        distorted: ("src01_8b_444", Side::Dis),
        set: MetricSet {
            ssim: Some(SsimOptions {
                enable_lcs: true,
                ..SSIM
            }),
            ..CHROMA_SET
        },
    },
    OptionCase {
        name: "src01_8b_420_575x322",
        reference: ("src01_8b_420_575x322", Side::Ref),
        distorted: ("src01_8b_420_575x322", Side::Dis),
        set: ALL_DEFAULT,
    },
    OptionCase {
        name: "src01_8b_420_576x323",
        reference: ("src01_8b_420_576x323", Side::Ref),
        distorted: ("src01_8b_420_576x323", Side::Dis),
        set: MetricSet {
            ciede: false,
            ..ALL_DEFAULT
        },
    },
    OptionCase {
        name: "src01_8b_422_560x320",
        reference: ("src01_8b_422_560x320", Side::Ref),
        distorted: ("src01_8b_422_560x320", Side::Dis),
        set: CHROMA_SET,
    },
    OptionCase {
        name: "archer_8b_scale1_min_sse",
        reference: ("archer_8b_420", Side::Ref),
        distorted: ("archer_8b_420", Side::Dis),
        set: MetricSet {
            psnr: Some(PsnrOptions {
                min_sse: 10.0,
                enable_mse: true,
                ..PSNR
            }),
            ssim: Some(SsimOptions {
                scale: 1,
                enable_lcs: true,
                ..SSIM
            }),
            ms_ssim: Some(MsSsimOptions {
                enable_lcs: true,
                ..MS
            }),
            ..NONE
        },
    },
];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/classic")
}

#[test]
fn option_goldens() {
    let Some(dir) = shared_or_skip("option_goldens") else {
        return;
    };
    let v = dir.join("netflix-vectors");
    let mut stats = Stats::default();
    for c in OPTION_CASES {
        let r = make_clip(&v, c.reference);
        let d = make_clip(&v, c.distorted);
        let g = Golden::load(data_dir().join(format!("{}.json", c.name)));
        let run = run(&r, &d, &c.set);
        check(&run, &g, c.name, &mut stats);
    }
    stats.print("option_goldens");
    eprintln!(
        "option_goldens: {} values compared, all equal at 6 decimals",
        stats.total()
    );
}

// ---------------------------------------------------------------------------------------------
// Regenerating the option goldens
// ---------------------------------------------------------------------------------------------

fn bool_opt(out: &mut String, name: &str, on: bool, default: bool) {
    if on != default {
        out.push_str(&format!("\\:{name}={on}"));
    }
}

/// The `feature=` list of ffmpeg's libvmaf filter for a metric set (non-default options only).
fn ffmpeg_features(set: &MetricSet) -> String {
    let mut parts = Vec::new();
    if let Some(o) = set.psnr {
        let mut s = String::from("name=psnr");
        bool_opt(&mut s, "enable_chroma", o.enable_chroma, true);
        bool_opt(&mut s, "enable_mse", o.enable_mse, false);
        bool_opt(&mut s, "enable_apsnr", o.enable_apsnr, false);
        bool_opt(&mut s, "reduced_hbd_peak", o.reduced_hbd_peak, false);
        if o.min_sse != 0.0 {
            s.push_str(&format!("\\:min_sse={}", o.min_sse));
        }
        parts.push(s);
    }
    if let Some(o) = set.ssim {
        let mut s = String::from("name=float_ssim");
        bool_opt(&mut s, "enable_lcs", o.enable_lcs, false);
        bool_opt(&mut s, "enable_db", o.enable_db, false);
        bool_opt(&mut s, "clip_db", o.clip_db, false);
        if o.scale != 0 {
            s.push_str(&format!("\\:scale={}", o.scale));
        }
        parts.push(s);
    }
    if let Some(o) = set.ms_ssim {
        let mut s = String::from("name=float_ms_ssim");
        bool_opt(&mut s, "enable_lcs", o.enable_lcs, false);
        bool_opt(&mut s, "enable_db", o.enable_db, false);
        bool_opt(&mut s, "clip_db", o.clip_db, false);
        parts.push(s);
    }
    if set.psnr_hvs {
        parts.push("name=psnr_hvs".to_string());
    }
    if set.ciede {
        parts.push("name=ciede".to_string());
    }
    parts.join("|")
}

fn ffmpeg_pix_fmt(f: &FrameFormat) -> String {
    let depth = match f.bit_depth() {
        8 => String::new(),
        b => format!("{b}le"),
    };
    format!("yuv{}p{depth}", f.chroma().name())
}

/// Rebuilds `tests/data/classic/*.json` with ffmpeg's libvmaf (path in `FOVEAL_FFMPEG`, e.g.
/// imageio-ffmpeg 0.8.1's `ffmpeg-linux-x86_64-v9.0.2`) and records the commands in
/// `COMMANDS.txt`. The derived inputs are written to a temporary folder and removed after.
#[test]
#[ignore = "regenerates the committed goldens; needs FOVEAL_FFMPEG and ../shared"]
fn regenerate_goldens() {
    let ffmpeg = std::env::var("FOVEAL_FFMPEG").expect("set FOVEAL_FFMPEG to ffmpeg with libvmaf");
    let dir = shared_or_skip("regenerate_goldens").expect("../shared is needed");
    let v = dir.join("netflix-vectors");
    let tmp = std::env::temp_dir().join("foveal-classic-regen");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(data_dir()).unwrap();
    let mut commands = String::from(
        "# ffmpeg 9.0.2 (imageio-ffmpeg 0.8.1) with libvmaf 3.2; REF/DIS are the raw inputs that\n\
         # classic_conformance.rs derives from ../shared/netflix-vectors (see make_clip).\n\
         # Regenerate with: FOVEAL_FFMPEG=/path/to/ffmpeg cargo test -p foveal \\\n\
         #   --test classic_conformance -- --ignored regenerate_goldens\n",
    );
    for c in OPTION_CASES {
        let r = make_clip(&v, c.reference);
        let d = make_clip(&v, c.distorted);
        let rp = tmp.join(format!("{}.ref.yuv", c.name));
        let dp = tmp.join(format!("{}.dis.yuv", c.name));
        std::fs::write(&rp, derive::raw_bytes(&r)).unwrap();
        std::fs::write(&dp, derive::raw_bytes(&d)).unwrap();
        let log = tmp.join(format!("{}.json", c.name));
        let size = format!("{}x{}", r.format.width(), r.format.height());
        let pix = ffmpeg_pix_fmt(&r.format);
        let filter = |log: &str| {
            format!(
                "libvmaf=model='version=vmaf_v0.6.1\\:name=vmaf':feature='{}':log_fmt=json:log_path={log}:n_threads=1",
                ffmpeg_features(&c.set)
            )
        };
        let status = std::process::Command::new(&ffmpeg)
            .args(["-hide_banner", "-loglevel", "error", "-y"])
            .args(["-f", "rawvideo", "-pix_fmt", &pix, "-s", &size, "-i"])
            .arg(&dp)
            .args(["-f", "rawvideo", "-pix_fmt", &pix, "-s", &size, "-i"])
            .arg(&rp)
            .arg("-lavfi")
            .arg(filter(log.to_str().unwrap()))
            .args(["-f", "null", "-"])
            .status()
            .unwrap();
        assert!(status.success(), "{}: ffmpeg failed", c.name);
        std::fs::copy(&log, data_dir().join(format!("{}.json", c.name))).unwrap();
        commands.push_str(&format!(
            "# {}: REF = {} {:?}, DIS = {} {:?}\nffmpeg -f rawvideo -pix_fmt {pix} -s {size} -i DIS -f rawvideo -pix_fmt {pix} -s {size} -i REF -lavfi \"{}\" -f null -\n",
            c.name,
            c.reference.0,
            if c.reference.1 == Side::Ref { "ref" } else { "dis" },
            c.distorted.0,
            if c.distorted.1 == Side::Ref { "ref" } else { "dis" },
            filter(&format!("{}.json", c.name)),
        ));
        for p in [&rp, &dp, &log] {
            let _ = std::fs::remove_file(p);
        }
    }
    std::fs::write(data_dir().join("COMMANDS.txt"), commands).unwrap();
}

// ---------------------------------------------------------------------------------------------
// What libvmaf refuses, and the API's edges
// ---------------------------------------------------------------------------------------------

fn fmt(w: u32, h: u32, c: ChromaSampling, bpc: u8) -> FrameFormat {
    FrameFormat::new(w, h, c, bpc).unwrap()
}

fn err_text<T: std::fmt::Debug>(r: foveal::Result<T>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn refused_formats_are_named() {
    use ChromaSampling::*;
    // psnr and ciede: libvmaf's extract fails for depths other than 8/10/12/16.
    let e = err_text(Psnr::new(fmt(64, 64, Cs420, 9), PsnrOptions::default()));
    assert!(
        e.contains("psnr") && e.contains(": 9") && e.contains("8, 10, 12 or 16"),
        "{e}"
    );
    let e = err_text(Ciede::new(fmt(64, 64, Cs444, 11), CiedeOptions::default()));
    assert!(e.contains("ciede") && e.contains("11"), "{e}");
    // ciede and psnr_hvs need chroma; psnr_hvs at most 12 bits.
    let e = err_text(Ciede::new(fmt(64, 64, Cs400, 8), CiedeOptions::default()));
    assert!(e.contains("ciede pixel format") && e.contains("400"), "{e}");
    let e = err_text(PsnrHvs::new(
        fmt(64, 64, Cs400, 8),
        PsnrHvsOptions::default(),
    ));
    assert!(
        e.contains("psnr_hvs pixel format") && e.contains("400"),
        "{e}"
    );
    let e = err_text(PsnrHvs::new(
        fmt(64, 64, Cs420, 16),
        PsnrHvsOptions::default(),
    ));
    assert!(
        e.contains("psnr_hvs bit depth: 16") && e.contains("8..=12"),
        "{e}"
    );
    assert!(PsnrHvs::new(fmt(64, 64, Cs420, 12), PsnrHvsOptions::default()).is_ok());
    assert!(PsnrHvs::new(fmt(64, 64, Cs422, 9), PsnrHvsOptions::default()).is_ok());
    // psnr_hvs needs an 8x8 block in every plane (libvmaf: NaN).
    let e = err_text(PsnrHvs::new(
        fmt(15, 64, Cs420, 8),
        PsnrHvsOptions::default(),
    ));
    assert!(
        e.contains("15x64 420") && e.contains("at least 16x16"),
        "{e}"
    );
    assert!(PsnrHvs::new(fmt(16, 16, Cs420, 8), PsnrHvsOptions::default()).is_ok());
    assert!(PsnrHvs::new(fmt(8, 8, Cs444, 8), PsnrHvsOptions::default()).is_ok());
    // float_ssim / float_ms_ssim: libvmaf reads 9, 11, 13..15-bit samples as bytes.
    let e = err_text(Ssim::new(fmt(64, 64, Cs420, 9), SsimOptions::default()));
    assert!(e.contains("float_ssim") && e.contains("as bytes"), "{e}");
    let e = err_text(MsSsim::new(
        fmt(256, 256, Cs420, 14),
        MsSsimOptions::default(),
    ));
    assert!(e.contains("float_ms_ssim") && e.contains("14"), "{e}");
}

#[test]
fn too_small_frames_name_the_minimum() {
    use ChromaSampling::Cs420;
    // MS-SSIM: 5 scales of an 11-tap window, sides halved with truncation: 176 is the minimum
    // (libvmaf: "error: scale below 1x1!").
    assert_eq!(MIN_SIZE, 176);
    let e = err_text(MsSsim::new(
        fmt(175, 300, Cs420, 8),
        MsSsimOptions::default(),
    ));
    assert!(
        e.contains("175x300") && e.contains("at least 176x176"),
        "{e}"
    );
    let e = err_text(MsSsim::new(
        fmt(300, 175, Cs420, 8),
        MsSsimOptions::default(),
    ));
    assert!(e.contains("300x175"), "{e}");
    assert!(MsSsim::new(fmt(176, 176, Cs420, 8), MsSsimOptions::default()).is_ok());
    // SSIM: the (downscaled) plane must hold the 11x11 window.
    let e = err_text(Ssim::new(fmt(10, 40, Cs420, 8), SsimOptions::default()));
    assert!(e.contains("10x40") && e.contains("11x11"), "{e}");
    assert!(Ssim::new(fmt(11, 11, Cs420, 8), SsimOptions::default()).is_ok());
    let opts = SsimOptions {
        scale: 4,
        ..SsimOptions::default()
    };
    let e = err_text(Ssim::new(fmt(40, 40, Cs420, 8), opts));
    assert!(e.contains("downscaled by 4 to 10x10"), "{e}");
    assert!(Ssim::new(fmt(44, 44, Cs420, 8), opts).is_ok());
}

#[test]
fn option_ranges() {
    let e = err_text(
        SsimOptions {
            scale: 11,
            ..SsimOptions::default()
        }
        .validate(),
    );
    assert!(e.contains("scale: 11") && e.contains("0..=10"), "{e}");
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let o = PsnrOptions {
            min_sse: bad,
            ..PsnrOptions::default()
        };
        let e = err_text(o.validate());
        assert!(e.contains("min_sse"), "{e}");
    }
    // Defaults are libvmaf's.
    let p = PsnrOptions::default();
    assert!(p.enable_chroma && !p.enable_mse && !p.enable_apsnr && !p.reduced_hbd_peak);
    assert_eq!(p.min_sse, 0.0);
    assert_eq!(SsimOptions::default().scale, 0);
}

#[test]
fn automatic_ssim_scale() {
    // max(1, round(min(w, h) / 256)), halves rounding up.
    assert_eq!(auto_scale(1920, 1080), 4);
    assert_eq!(auto_scale(3840, 2160), 8);
    assert_eq!(auto_scale(576, 324), 1);
    assert_eq!(auto_scale(640, 383), 1);
    assert_eq!(auto_scale(640, 384), 2);
    assert_eq!(auto_scale(16, 16), 1);
}

/// A frame of `format` whose every sample is `v`, with plane 0's sample 0 set to `v0`.
fn flat(format: FrameFormat, v: u16, v0: u16) -> Frame {
    let planes: Vec<Vec<u16>> = (0..format.plane_count())
        .map(|p| {
            let (w, h) = format.plane_size(p);
            let mut s = vec![v; w * h];
            if p == 0 {
                s[0] = v0;
            }
            s
        })
        .collect();
    assemble(format, &planes)
}

#[test]
fn psnr_luma_only_and_apsnr_flush() {
    // 4:0:0: only psnr_y; the flush still writes all three APSNR values, −∞ for the planes
    // never measured (libvmaf prints them as null).
    let f = fmt(16, 8, ChromaSampling::Cs400, 10);
    let opts = PsnrOptions {
        enable_apsnr: true,
        enable_mse: true,
        ..PsnrOptions::default()
    };
    let mut p = Psnr::new(f, opts).unwrap();
    assert!(!p.options().enable_chroma);
    assert_eq!(p.feature_names(), ["psnr_y", "mse_y"]);
    let (r, d) = (flat(f, 100, 100), flat(f, 100, 110));
    let s = p.compute(&r.view(), &d.view()).unwrap();
    assert_eq!(s.sse[0], 100);
    assert_eq!(s.n_pixels[0], 128);
    let names: Vec<&str> = s.features().map(|(n, _)| n).collect();
    assert_eq!(names, ["psnr_y", "mse_y"]);
    // 10·log10(1023² / (100/128)).
    let want = 10.0 * (1023.0f64 * 1023.0 / (100.0 / 128.0)).log10();
    assert_eq!(s.psnr[0], want);
    let agg = p.apsnr().unwrap();
    assert_eq!(agg[0].0, "apsnr_y");
    assert_eq!(agg[0].1, want);
    assert_eq!(agg[1].1, f64::NEG_INFINITY);
    assert_eq!(agg[2].1, f64::NEG_INFINITY);
    // Identical frames: the per-frame cap (6·bpc + 12) and the APSNR cap.
    let mut q = Psnr::new(f, opts).unwrap();
    let s = q.compute(&r.view(), &r.view()).unwrap();
    assert_eq!(s.psnr[0], 72.0);
    let cap = (10.0 * (1023.0f64 * 1023.0 * 128.0 * 2.0).log10()).ceil();
    assert_eq!(q.apsnr().unwrap()[0].1, cap);
    // Without enable_apsnr there is no flush.
    let mut n = Psnr::new(f, PsnrOptions::default()).unwrap();
    n.compute(&r.view(), &d.view()).unwrap();
    assert!(n.apsnr().is_none());
}

#[test]
fn mismatched_frames_are_refused() {
    let a = fmt(32, 32, ChromaSampling::Cs420, 8);
    let b = fmt(32, 32, ChromaSampling::Cs444, 8);
    let (fa, fb) = (flat(a, 1, 1), flat(b, 1, 1));
    let mut p = Psnr::new(a, PsnrOptions::default()).unwrap();
    let e = err_text(p.compute(&fa.view(), &fb.view()));
    assert!(
        e.contains("reference 32x32 420 8-bit") && e.contains("distorted 32x32 444 8-bit"),
        "{e}"
    );
    let mut c = Ciede::new(a, CiedeOptions::default()).unwrap();
    let e = err_text(c.compute(&fb.view(), &fb.view()));
    assert!(e.contains("built for 32x32 420 8-bit"), "{e}");
    let mut s = Ssim::new(b, SsimOptions::default()).unwrap();
    assert!(s.compute(&fa.view(), &fa.view()).is_err());
    let mut h = PsnrHvs::new(b, PsnrHvsOptions::default()).unwrap();
    assert!(h.compute(&fa.view(), &fb.view()).is_err());
    let mut m = MsSsim::new(
        fmt(176, 176, ChromaSampling::Cs420, 8),
        MsSsimOptions::default(),
    )
    .unwrap();
    assert!(m.compute(&fa.view(), &fa.view()).is_err());
}

/// Padded rows (stride > width, different per plane and per picture) change nothing: every
/// metric gives bit-identical values on a packed frame and on the same samples in padded buffers.
#[test]
fn strided_views_give_identical_results() {
    for (chroma, bpc) in [
        (ChromaSampling::Cs420, 10u8),
        (ChromaSampling::Cs422, 8),
        (ChromaSampling::Cs444, 12),
    ] {
        let f = fmt(193, 181, chroma, bpc);
        // Deterministic pseudo-random content (xorshift), distorted = reference + noise.
        let mut state = 0x2545_f491_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let max = (1u32 << bpc) - 1;
        let mut r_planes = Vec::new();
        let mut d_planes = Vec::new();
        for p in 0..3 {
            let (w, h) = f.plane_size(p);
            let r: Vec<u16> = (0..w * h)
                .map(|i| ((i as u32 * 7 + next() % 64) % max) as u16)
                .collect();
            let d: Vec<u16> = r
                .iter()
                .map(|&v| (u32::from(v) + next() % 9).min(max) as u16)
                .collect();
            r_planes.push(r);
            d_planes.push(d);
        }
        let (rf, df) = (assemble(f, &r_planes), assemble(f, &d_planes));
        // The same samples with 5 + plane (reference) / 11 + plane (distorted) samples of padding.
        let pad = |planes: &[Vec<u16>], extra: usize| -> Vec<(Vec<u16>, usize)> {
            (0..3)
                .map(|p| {
                    let (w, h) = f.plane_size(p);
                    let stride = w + extra + p;
                    let mut buf = vec![max as u16; stride * h];
                    for y in 0..h {
                        buf[y * stride..y * stride + w]
                            .copy_from_slice(&planes[p][y * w..(y + 1) * w]);
                    }
                    (buf, stride)
                })
                .collect()
        };
        let (rp, dp) = (pad(&r_planes, 5), pad(&d_planes, 11));
        let bytes = |v: &[(Vec<u16>, usize)]| -> Vec<(Vec<u8>, usize)> {
            v.iter()
                .map(|(b, s)| (b.iter().map(|&x| x as u8).collect(), *s))
                .collect()
        };
        let (rb, db) = (bytes(&rp), bytes(&dp));
        let (rs, ds) = (padded_view(f, &rp, &rb), padded_view(f, &dp, &db));
        let set = MetricSet {
            ssim: Some(SsimOptions {
                enable_lcs: true,
                ..SSIM
            }),
            ms_ssim: Some(MsSsimOptions {
                enable_lcs: true,
                ..MS
            }),
            psnr: Some(PsnrOptions {
                enable_mse: true,
                ..PSNR
            }),
            psnr_hvs: true,
            ciede: true,
        };
        let packed = run(
            &Clip {
                format: f,
                frames: vec![rf],
            },
            &Clip {
                format: f,
                frames: vec![df],
            },
            &set,
        );
        let mut strided = BTreeMap::new();
        let mut psnr = Psnr::new(f, set.psnr.unwrap()).unwrap();
        strided.extend(psnr.compute(&rs, &ds).unwrap().features());
        let mut ssim = Ssim::new(f, set.ssim.unwrap()).unwrap();
        strided.extend(ssim.compute(&rs, &ds).unwrap().features());
        let mut ms = MsSsim::new(f, set.ms_ssim.unwrap()).unwrap();
        strided.extend(ms.compute(&rs, &ds).unwrap().features());
        let mut hvs = PsnrHvs::new(f, PsnrHvsOptions::default()).unwrap();
        strided.extend(hvs.compute(&rs, &ds).unwrap().features());
        let mut ciede = Ciede::new(f, CiedeOptions::default()).unwrap();
        strided.extend(ciede.compute(&rs, &ds).unwrap().features());
        assert_eq!(strided.len(), packed.frames[0].len());
        for (name, v) in &strided {
            let p = packed.frames[0][*name];
            assert!(
                p.to_bits() == v.to_bits() && v.is_finite(),
                "{f}: {name}: packed {p} vs strided {v}"
            );
        }
        eprintln!(
            "{f}: {} features identical with padded strides",
            strided.len()
        );
    }
}

/// A view of padded planes: the 8-bit buffers for 8-bit formats, else the 16-bit ones.
fn padded_view<'a>(
    f: FrameFormat,
    v16: &'a [(Vec<u16>, usize)],
    v8: &'a [(Vec<u8>, usize)],
) -> foveal::FrameView<'a> {
    use foveal::{FrameView, Plane};
    if f.bit_depth() == 8 {
        let planes: Vec<Plane<'a, u8>> = (0..3)
            .map(|p| {
                let (w, h) = f.plane_size(p);
                Plane::new(&v8[p].0, w, h, v8[p].1).unwrap()
            })
            .collect();
        FrameView::from_u8(f, &planes).unwrap()
    } else {
        let planes: Vec<Plane<'a, u16>> = (0..3)
            .map(|p| {
                let (w, h) = f.plane_size(p);
                Plane::new(&v16[p].0, w, h, v16[p].1).unwrap()
            })
            .collect();
        FrameView::from_u16(f, &planes).unwrap()
    }
}
