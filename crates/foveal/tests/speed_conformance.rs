//! SpEED (`speed_chroma`, `speed_temporal`) against libvmaf 3.2's output.
//!
//! - `speed_chroma_{u,v,uv}` with the `vmaf_v1.0.16` options on every frame of every Netflix
//!   vector pair of the `*.v1.json` goldens (10/12/16-bit 576x324, 10-bit 480x270, 8-bit 1080p);
//! - options the shared goldens do not cover (prescale methods, other weighting modes, kernel
//!   scales, `speed_temporal` with and without `speed_use_ref_diff`) against small goldens
//!   generated with the reference ffmpeg/libvmaf and stored in `tests/data/speed/` (see the
//!   README there for the exact commands);
//! - the error cases of the public API.
//!
//! Every comparison prints the number of values compared, the largest absolute difference and
//! how many values are equal at libvmaf's 6 printed decimals; the tests require all of them to be.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use foveal::features::speed::{
    CovarianceOrder, MIN_PLANE_SIDE, PrescaleMethod, SpeedChroma, SpeedChromaOptions,
    SpeedTemporal, SpeedTemporalOptions,
};
use foveal::{ChromaSampling, Error, Frame, FrameFormat, FrameView, Plane};
use foveal_kernels::cpu::CpuLevel;
use foveal_testkit::{Golden, RawYuv, Tolerance, compare_frames, shared_or_skip};

struct Vector {
    reference: &'static str,
    distorted: &'static str,
    width: usize,
    height: usize,
    bit_depth: u8,
}

const SRC01_10: Vector = Vector {
    reference: "src01_hrc00_576x324.yuv420p10le.yuv",
    distorted: "src01_hrc01_576x324.yuv420p10le.yuv",
    width: 576,
    height: 324,
    bit_depth: 10,
};
const SRC01_12: Vector = Vector {
    reference: "src01_hrc00_576x324.yuv420p12le.yuv",
    distorted: "src01_hrc01_576x324.yuv420p12le.yuv",
    width: 576,
    height: 324,
    bit_depth: 12,
};
const SRC01_16: Vector = Vector {
    reference: "src01_hrc00_576x324.yuv420p16le.yuv",
    distorted: "src01_hrc01_576x324.yuv420p16le.yuv",
    width: 576,
    height: 324,
    bit_depth: 16,
};
const SPARKS: Vector = Vector {
    reference: "sparks_ref_480x270.yuv42010le.yuv",
    distorted: "sparks_dis_480x270.yuv42010le.yuv",
    width: 480,
    height: 270,
    bit_depth: 10,
};
const ARCHER: Vector = Vector {
    reference: "archer_ref_frm20.yuv",
    distorted: "archer_dis_frm20.yuv",
    width: 1920,
    height: 1080,
    bit_depth: 8,
};
const DARK: Vector = Vector {
    reference: "dark_scene_1920x1080_420p_ref.yuv",
    distorted: "dark_scene_1920x1080_420p_dis.yuv",
    width: 1920,
    height: 1080,
    bit_depth: 8,
};

/// (golden, vector) of the shared `*.v1.json` goldens.
const V1_CASES: &[(&str, &Vector)] = &[
    ("src01_576x324_10b.v1.json", &SRC01_10),
    ("src01_576x324_12b.v1.json", &SRC01_12),
    ("src01_576x324_16b.v1.json", &SRC01_16),
    ("sparks_480x270_10b.v1.json", &SPARKS),
    ("archer_1080p.v1.json", &ARCHER),
    ("dark_scene_1080p.v1.json", &DARK),
];

/// The planes of one frame, tightly packed.
type Planes<T> = [Vec<T>; 3];

/// A decoded clip: 8-bit clips fill `frames8`, deeper ones `frames16`.
struct Clip {
    format: FrameFormat,
    frames8: Vec<Planes<u8>>,
    frames16: Vec<Planes<u16>>,
}

impl Clip {
    fn open(path: &Path, v: &Vector) -> Clip {
        let bytes = if v.bit_depth > 8 { 2 } else { 1 };
        let raw = RawYuv::open(path, v.width, v.height, Some((1, 1)), bytes);
        let n = raw.frame_count();
        let format = FrameFormat::new(
            v.width as u32,
            v.height as u32,
            ChromaSampling::Cs420,
            v.bit_depth,
        )
        .unwrap();
        if bytes == 1 {
            Clip {
                format,
                frames8: (0..n)
                    .map(|f| [0, 1, 2].map(|p| raw.plane_u8(f, p)))
                    .collect(),
                frames16: Vec::new(),
            }
        } else {
            Clip {
                format,
                frames8: Vec::new(),
                frames16: (0..n)
                    .map(|f| [0, 1, 2].map(|p| raw.plane_u16(f, p)))
                    .collect(),
            }
        }
    }

    fn len(&self) -> usize {
        self.frames8.len().max(self.frames16.len())
    }

    fn view(&self, f: usize) -> FrameView<'_> {
        let size = |p: usize| self.format.plane_size(p);
        if self.format.bit_depth() == 8 {
            let p = &self.frames8[f];
            let planes: Vec<Plane<'_, u8>> = (0..3)
                .map(|i| Plane::new(&p[i], size(i).0, size(i).1, size(i).0).unwrap())
                .collect();
            FrameView::from_u8(self.format, &planes).unwrap()
        } else {
            let p = &self.frames16[f];
            let planes: Vec<Plane<'_, u16>> = (0..3)
                .map(|i| Plane::new(&p[i], size(i).0, size(i).1, size(i).0).unwrap())
                .collect();
            FrameView::from_u16(self.format, &planes).unwrap()
        }
    }

    /// The same clip in another format, each frame's planes rebuilt by `f` (applied to 8-bit and
    /// 16-bit samples alike).
    fn derive(&self, format: FrameFormat, f: impl Transform) -> Clip {
        Clip {
            format,
            frames8: self.frames8.iter().map(|p| f.apply(p)).collect(),
            frames16: self.frames16.iter().map(|p| f.apply(p)).collect(),
        }
    }
}

/// A sample of either width.
trait Sample: Copy {
    fn from_u16(v: u16) -> Self;
    fn to_u16(self) -> u16;
}

impl Sample for u8 {
    fn from_u16(v: u16) -> Self {
        v as u8
    }
    fn to_u16(self) -> u16 {
        u16::from(self)
    }
}

impl Sample for u16 {
    fn from_u16(v: u16) -> Self {
        v
    }
    fn to_u16(self) -> u16 {
        self
    }
}

/// A plane transform usable on both sample types (the derived inputs of `generate.py`).
trait Transform {
    fn apply<T: Sample>(&self, p: &Planes<T>) -> Planes<T>;
}

/// Repeats every 288x162 chroma sample `fx` times across and `fy` times down.
struct Upsample {
    fx: usize,
    fy: usize,
}

impl Transform for Upsample {
    fn apply<T: Sample>(&self, p: &Planes<T>) -> Planes<T> {
        let up = |c: &Vec<T>| {
            let (cw, ch) = (288, 162);
            let mut out = Vec::with_capacity(cw * ch * self.fx * self.fy);
            for y in 0..ch * self.fy {
                for x in 0..cw * self.fx {
                    out.push(c[(y / self.fy) * cw + x / self.fx]);
                }
            }
            out
        };
        [p[0].clone(), up(&p[1]), up(&p[2])]
    }
}

/// The top-left 351x323 of a 576x324 frame, chroma 176x162 of 288x162.
struct Crop;

impl Transform for Crop {
    fn apply<T: Sample>(&self, p: &Planes<T>) -> Planes<T> {
        let crop = |c: &Vec<T>, stride: usize, w: usize, h: usize| -> Vec<T> {
            (0..h)
                .flat_map(|y| c[y * stride..y * stride + w].iter().copied())
                .collect()
        };
        [
            crop(&p[0], 576, 351, 323),
            crop(&p[1], 288, 176, 162),
            crop(&p[2], 288, 176, 162),
        ]
    }
}

/// The U plane set to 512 (mid-grey at 10 bits).
struct FlatU;

impl Transform for FlatU {
    fn apply<T: Sample>(&self, p: &Planes<T>) -> Planes<T> {
        [
            p[0].clone(),
            vec![T::from_u16(512); p[1].len()],
            p[2].clone(),
        ]
    }
}

/// Every sample quantised to a multiple of 8.
struct Quantise;

impl Transform for Quantise {
    fn apply<T: Sample>(&self, p: &Planes<T>) -> Planes<T> {
        p.clone().map(|c| {
            c.into_iter()
                .map(|v| T::from_u16(v.to_u16() & !7))
                .collect()
        })
    }
}

/// No change.
struct Same;

impl Transform for Same {
    fn apply<T: Sample>(&self, p: &Planes<T>) -> Planes<T> {
        p.clone()
    }
}

fn open_pair(dir: &Path, v: &Vector) -> (Clip, Clip) {
    let root = dir.join("netflix-vectors");
    (
        Clip::open(&root.join(v.reference), v),
        Clip::open(&root.join(v.distorted), v),
    )
}

/// Max |ours − golden| and the count equal at 6 decimals, over `names` on every golden frame.
struct Agreement {
    compared: usize,
    exact6: usize,
    max_abs: f64,
}

fn agreement(ours: &[BTreeMap<String, f64>], golden: &Golden, names: &[String]) -> Agreement {
    let mut a = Agreement {
        compared: 0,
        exact6: 0,
        max_abs: 0.0,
    };
    for gf in &golden.frames {
        for n in names {
            let g = gf.get(n).unwrap_or_else(|| {
                panic!(
                    "{}: no {n} at frame {}",
                    golden.path.display(),
                    gf.frame_num
                )
            });
            let o = ours[gf.frame_num as usize][n];
            a.compared += 1;
            a.max_abs = a.max_abs.max((o - g).abs());
            if Tolerance::Exact6.accepts(o, g) {
                a.exact6 += 1;
            }
        }
    }
    a
}

/// Compares and asserts: every value equal at 6 decimals. Returns the count compared.
fn check(what: &str, ours: &[BTreeMap<String, f64>], golden: &Golden, names: &[String]) -> usize {
    let a = agreement(ours, golden, names);
    eprintln!(
        "{what}: {} values, {} equal at 6 decimals, max |diff| {:.3e}",
        a.compared, a.exact6, a.max_abs
    );
    let features: Vec<(&str, Tolerance)> = names
        .iter()
        .map(|n| (n.as_str(), Tolerance::Exact6))
        .collect();
    let cmp = compare_frames(ours, golden, &features);
    cmp.assert_ok(what);
    assert_eq!(cmp.compared, names.len() * golden.frames.len());
    cmp.compared
}

fn run_chroma(
    ref_clip: &Clip,
    dis_clip: &Clip,
    frames: usize,
    opts: SpeedChromaOptions,
    order: CovarianceOrder,
) -> (Vec<BTreeMap<String, f64>>, Vec<String>) {
    let f = ref_clip.format;
    let mut s = SpeedChroma::new(
        f.width() as usize,
        f.height() as usize,
        f.chroma(),
        f.bit_depth(),
        opts,
    )
    .unwrap()
    .with_covariance_order(order);
    let names = s.feature_names().to_vec();
    let ours = (0..frames)
        .map(|i| {
            let sc = s.compute(&ref_clip.view(i), &dis_clip.view(i)).unwrap();
            s.features(&sc).map(|(n, v)| (n.to_string(), v)).collect()
        })
        .collect();
    (ours, names)
}

#[test]
fn speed_chroma_matches_libvmaf_v1_goldens() {
    let Some(dir) = shared_or_skip("speed_chroma_matches_libvmaf_v1_goldens") else {
        return;
    };
    let mut total = 0;
    for &(golden, v) in V1_CASES {
        let g = Golden::load(dir.join("netflix-vectors/goldens").join(golden));
        let (r, d) = open_pair(&dir, v);
        let (ours, names) = run_chroma(
            &r,
            &d,
            g.frames.len(),
            SpeedChromaOptions::vmaf_v1(),
            CovarianceOrder::Avx512,
        );
        assert_eq!(names[2], "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5");
        total += check(&format!("speed_chroma {golden}"), &ours, &g, &names);
    }
    // 3 features x (3 + 3 + 3 + 5 + 1 + 1) frames.
    assert_eq!(total, 3 * 16);
    eprintln!("speed_chroma: all {total} values equal libvmaf at 6 decimals");
}

// ---------------------------------------------------------------------------------------------
// Goldens generated with the reference ffmpeg/libvmaf (tests/data/speed/generate.py).

const V1: &str = "speed_max_val=45:speed_nn_floor=0.1:speed_sigma_nn=0.19:speed_weight_var_mode=5";

/// The option sets of `generate.py` (same order).
const CHROMA_OPTIONS: &[&str] = &[
    "",
    V1,
    "speed_weight_var_mode=1",
    "speed_weight_var_mode=2",
    "speed_weight_var_mode=3",
    "speed_weight_var_mode=4",
    "speed_weight_var_mode=6",
    "speed_nn_floor=0.5",
    "speed_sigma_nn=1.5",
    "speed_max_val=2",
    "speed_kernelscale=0.5",
    "speed_kernelscale=2",
    "speed_kernelscale=3",
    "speed_prescale=1.5",
    "speed_prescale=1.5:speed_prescale_method=bilinear",
    "speed_prescale=1.25:speed_prescale_method=bicubic",
    "speed_prescale=1.25:speed_prescale_method=lanczos4",
];
const PRESCALE_OPTIONS: &[&str] = &[
    "speed_prescale=0.5:speed_prescale_method=bilinear:speed_max_val=45:speed_nn_floor=0.1:speed_sigma_nn=0.19:speed_weight_var_mode=5",
    "speed_prescale=0.6:speed_prescale_method=bilinear:speed_max_val=45:speed_nn_floor=0.1:speed_sigma_nn=0.19:speed_weight_var_mode=5",
    "speed_prescale=0.6",
    "speed_prescale=0.75:speed_prescale_method=bicubic",
    "speed_prescale=0.8:speed_prescale_method=lanczos4",
    "speed_prescale=1.3:speed_prescale_method=lanczos4",
    "speed_prescale=2:speed_prescale_method=bilinear",
    "speed_prescale=1.7",
];
const TEMPORAL_OPTIONS: &[&str] = &[
    "",
    "speed_use_ref_diff=true",
    "speed_nn_floor=0.1:speed_sigma_nn=0.19",
    "speed_prescale=0.5:speed_prescale_method=bicubic",
    "speed_kernelscale=0.5:speed_prescale=0.75:speed_prescale_method=bilinear",
];
const DEFAULT_AND_V1: &[&str] = &["", V1];

fn options_of(spec: &str) -> impl Iterator<Item = (&str, &str)> {
    spec.split(':')
        .filter(|s| !s.is_empty())
        .map(|kv| kv.split_once('=').expect("key=value"))
}

fn chroma_options(spec: &str) -> SpeedChromaOptions {
    let mut o = SpeedChromaOptions::default();
    for (k, v) in options_of(spec) {
        match k {
            "speed_kernelscale" => o.kernelscale = v.parse().unwrap(),
            "speed_prescale" => o.prescale = v.parse().unwrap(),
            "speed_prescale_method" => o.prescale_method = PrescaleMethod::parse(v).unwrap(),
            "speed_sigma_nn" => o.sigma_nn = v.parse().unwrap(),
            "speed_nn_floor" => o.nn_floor = v.parse().unwrap(),
            "speed_max_val" => o.max_val = v.parse().unwrap(),
            "speed_weight_var_mode" => o.weight_var_mode = v.parse().unwrap(),
            _ => panic!("unknown option {k}"),
        }
    }
    o
}

fn temporal_options(spec: &str) -> SpeedTemporalOptions {
    let mut o = SpeedTemporalOptions::default();
    for (k, v) in options_of(spec) {
        match k {
            "speed_kernelscale" => o.kernelscale = v.parse().unwrap(),
            "speed_prescale" => o.prescale = v.parse().unwrap(),
            "speed_prescale_method" => o.prescale_method = PrescaleMethod::parse(v).unwrap(),
            "speed_sigma_nn" => o.sigma_nn = v.parse().unwrap(),
            "speed_nn_floor" => o.nn_floor = v.parse().unwrap(),
            "speed_max_val" => o.max_val = v.parse().unwrap(),
            "speed_use_ref_diff" => o.use_ref_diff = v == "true",
            _ => panic!("unknown option {k}"),
        }
    }
    o
}

/// The name libvmaf prints: the alias of a canonical name (names with options already are).
fn printed(name: &str) -> String {
    match name {
        "Speed_chroma_feature_speed_chroma_u_score" => "speed_chroma_u".into(),
        "Speed_chroma_feature_speed_chroma_v_score" => "speed_chroma_v".into(),
        "Speed_chroma_feature_speed_chroma_uv_score" => "speed_chroma_uv".into(),
        "Speed_temporal_feature_speed_temporal_score" => "speed_temporal".into(),
        n => n.to_string(),
    }
}

#[derive(Clone, Copy)]
enum Derived {
    None,
    L444,
    L422,
    Odd,
    FlatUDis,
    FlatUBoth,
    Quantised,
}

struct GenCase {
    golden: &'static str,
    vector: &'static Vector,
    derived: Derived,
    chroma: &'static [&'static str],
    temporal: &'static [&'static str],
}

const BLUE: Vector = Vector {
    reference: "blue_sky_360p_60f.yuv",
    distorted: "blue_sky_360p_60f.yuv",
    width: 640,
    height: 360,
    bit_depth: 8,
};

fn clips(dir: &Path, c: &GenCase) -> (Clip, Clip) {
    let (r, d) = open_pair(dir, c.vector);
    let f = r.format;
    let fmt = |w: u32, h: u32, cs| FrameFormat::new(w, h, cs, f.bit_depth()).unwrap();
    match c.derived {
        Derived::None => (r, d),
        Derived::L444 => {
            let t = Upsample { fx: 2, fy: 2 };
            let ff = fmt(576, 324, ChromaSampling::Cs444);
            (r.derive(ff, &t), d.derive(ff, &t))
        }
        Derived::L422 => {
            let t = Upsample { fx: 1, fy: 2 };
            let ff = fmt(576, 324, ChromaSampling::Cs422);
            (r.derive(ff, &t), d.derive(ff, &t))
        }
        Derived::Odd => {
            let ff = fmt(351, 323, ChromaSampling::Cs420);
            (r.derive(ff, &Crop), d.derive(ff, &Crop))
        }
        Derived::FlatUDis => {
            let dd = d.derive(f, &FlatU);
            (r, dd)
        }
        Derived::FlatUBoth => (r.derive(f, &FlatU), d.derive(f, &FlatU)),
        Derived::Quantised => {
            let dd = d.derive(f, &Quantise);
            (r.derive(f, &Same), dd)
        }
    }
}

impl<T: Transform> Transform for &T {
    fn apply<S: Sample>(&self, p: &Planes<S>) -> Planes<S> {
        (*self).apply(p)
    }
}

/// Every option set of the case on every frame: `(values per frame, names as printed)`.
fn run_generated(dir: &Path, c: &GenCase) -> (Vec<BTreeMap<String, f64>>, Vec<String>) {
    let (r, d) = clips(dir, c);
    let f = r.format;
    let (w, h) = (f.width() as usize, f.height() as usize);
    let frames = r.len();
    let mut ours = vec![BTreeMap::new(); frames];
    let mut names = Vec::new();
    for spec in c.chroma {
        let mut s =
            SpeedChroma::new(w, h, f.chroma(), f.bit_depth(), chroma_options(spec)).unwrap();
        names.extend(s.feature_names().iter().map(|n| printed(n)));
        for (i, map) in ours.iter_mut().enumerate() {
            let sc = s.compute(&r.view(i), &d.view(i)).unwrap();
            for (n, v) in s.features(&sc) {
                map.insert(printed(n), v);
            }
        }
    }
    for spec in c.temporal {
        let mut t = SpeedTemporal::new(w, h, f.bit_depth(), temporal_options(spec)).unwrap();
        let name = printed(t.feature_name());
        for (i, map) in ours.iter_mut().enumerate() {
            let sc = t.compute(&r.view(i), &d.view(i)).unwrap();
            map.insert(name.clone(), sc.score);
        }
        names.push(name);
    }
    (ours, names)
}

fn generated_golden(name: &str) -> Golden {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/speed")
        .join(name);
    Golden::load(p)
}

fn run_generated_cases(dir: &Path, cases: &[GenCase], what: &str) -> usize {
    let mut total = 0;
    for c in cases {
        let g = generated_golden(c.golden);
        let (ours, names) = run_generated(dir, c);
        // Every golden metric of the kinds computed must be one of ours, and vice versa.
        let kinds = [
            ("speed_chroma", !c.chroma.is_empty()),
            ("speed_temporal", !c.temporal.is_empty()),
        ];
        let mut golden_names: Vec<String> = g
            .metric_names()
            .into_iter()
            .filter(|n| kinds.iter().any(|&(k, on)| on && n.starts_with(k)))
            .collect();
        golden_names.sort();
        let mut ours_sorted = names.clone();
        ours_sorted.sort();
        assert_eq!(
            golden_names, ours_sorted,
            "{}: feature names differ",
            c.golden
        );
        total += check(&format!("{what} {}", c.golden), &ours, &g, &names);
    }
    total
}

#[test]
fn speed_chroma_options_match_libvmaf() {
    let Some(dir) = shared_or_skip("speed_chroma_options_match_libvmaf") else {
        return;
    };
    let cases = [
        GenCase {
            golden: "src01_10b.json",
            vector: &SRC01_10,
            derived: Derived::None,
            chroma: CHROMA_OPTIONS,
            temporal: &[],
        },
        GenCase {
            golden: "sparks_10b.json",
            vector: &SPARKS,
            derived: Derived::None,
            chroma: CHROMA_OPTIONS,
            temporal: &[],
        },
        GenCase {
            golden: "src01_12b.json",
            vector: &SRC01_12,
            derived: Derived::None,
            chroma: DEFAULT_AND_V1,
            temporal: &[],
        },
        GenCase {
            golden: "src01_16b.json",
            vector: &SRC01_16,
            derived: Derived::None,
            chroma: DEFAULT_AND_V1,
            temporal: &[],
        },
        GenCase {
            golden: "archer_8b.json",
            vector: &ARCHER,
            derived: Derived::None,
            chroma: PRESCALE_OPTIONS,
            temporal: &[],
        },
        GenCase {
            golden: "blueq_8b.json",
            vector: &BLUE,
            derived: Derived::Quantised,
            chroma: DEFAULT_AND_V1,
            temporal: &[],
        },
    ];
    let n = run_generated_cases(&dir, &cases, "speed_chroma");
    eprintln!("speed_chroma options: all {n} values equal libvmaf at 6 decimals");
}

#[test]
fn speed_chroma_layouts_match_libvmaf() {
    let Some(dir) = shared_or_skip("speed_chroma_layouts_match_libvmaf") else {
        return;
    };
    let case = |golden, derived| GenCase {
        golden,
        vector: &SRC01_10,
        derived,
        chroma: DEFAULT_AND_V1,
        temporal: &[""],
    };
    let cases = [
        case("src01_10b_444.json", Derived::L444),
        case("src01_10b_422.json", Derived::L422),
        case("src01_10b_odd.json", Derived::Odd),
    ];
    let n = run_generated_cases(&dir, &cases, "layout");
    eprintln!("speed 4:4:4, 4:2:2, odd 4:2:0: all {n} values equal libvmaf at 6 decimals");
}

#[test]
fn speed_chroma_singular_channels_match_libvmaf() {
    let Some(dir) = shared_or_skip("speed_chroma_singular_channels_match_libvmaf") else {
        return;
    };
    let cases = [
        GenCase {
            golden: "src01_10b_flatu_dis.json",
            vector: &SRC01_10,
            derived: Derived::FlatUDis,
            chroma: DEFAULT_AND_V1,
            temporal: &[],
        },
        GenCase {
            golden: "src01_10b_flatu_both.json",
            vector: &SRC01_10,
            derived: Derived::FlatUBoth,
            chroma: DEFAULT_AND_V1,
            temporal: &[],
        },
    ];
    let n = run_generated_cases(&dir, &cases, "singular U");
    // The flags: a flat distorted U is singular on its own (u = 0, uv = v); flat on both sides,
    // both are singular (u is then computed from zero variances, still 0; uv = v again).
    for c in &cases {
        let (r, d) = clips(&dir, c);
        let mut s = SpeedChroma::new(
            576,
            324,
            ChromaSampling::Cs420,
            10,
            SpeedChromaOptions::vmaf_v1(),
        )
        .unwrap();
        for i in 0..r.len() {
            let sc = s.compute(&r.view(i), &d.view(i)).unwrap();
            assert!(sc.u_singular && !sc.v_singular, "{}: {sc:?}", c.golden);
            assert_eq!((sc.u, sc.uv), (0.0, sc.v), "{}", c.golden);
        }
    }
    eprintln!("singular channels: all {n} values equal libvmaf at 6 decimals");
}

#[test]
fn speed_temporal_matches_libvmaf() {
    let Some(dir) = shared_or_skip("speed_temporal_matches_libvmaf") else {
        return;
    };
    let case = |golden, vector, derived, temporal| GenCase {
        golden,
        vector,
        derived,
        chroma: &[],
        temporal,
    };
    let cases = [
        case("src01_10b.json", &SRC01_10, Derived::None, TEMPORAL_OPTIONS),
        case(
            "src01_12b.json",
            &SRC01_12,
            Derived::None,
            &TEMPORAL_OPTIONS[..2],
        ),
        case(
            "src01_16b.json",
            &SRC01_16,
            Derived::None,
            &TEMPORAL_OPTIONS[..2],
        ),
        case("sparks_10b.json", &SPARKS, Derived::None, TEMPORAL_OPTIONS),
        case("blueq_8b.json", &BLUE, Derived::Quantised, TEMPORAL_OPTIONS),
    ];
    let n = run_generated_cases(&dir, &cases, "speed_temporal");
    eprintln!("speed_temporal: all {n} values equal libvmaf at 6 decimals");
}

// ---------------------------------------------------------------------------------------------
// Implementation choices that must not change any bit.

/// Every covariance summation order and CPU level gives the same bits on the Netflix vectors
/// (libvmaf's three covariance kernels round differently only in rare, contrived cases), and the
/// stateless temporal entry point equals the stateful one.
#[test]
fn speed_orders_levels_and_entry_points_agree_bit_for_bit() {
    let Some(dir) = shared_or_skip("speed_orders_levels_and_entry_points_agree_bit_for_bit") else {
        return;
    };
    let mut compared = 0;
    for v in [&SRC01_10, &SPARKS, &ARCHER] {
        let (r, d) = open_pair(&dir, v);
        let f = r.format;
        let (w, h) = (v.width, v.height);
        let chroma = |level, order| {
            SpeedChroma::with_cpu_level(
                w,
                h,
                f.chroma(),
                f.bit_depth(),
                SpeedChromaOptions::vmaf_v1(),
                level,
            )
            .unwrap()
            .with_covariance_order(order)
        };
        let mut reference = chroma(CpuLevel::Scalar, CovarianceOrder::Avx512);
        let mut others: Vec<SpeedChroma> = [CpuLevel::Scalar, CpuLevel::active()]
            .into_iter()
            .flat_map(|l| {
                [
                    CovarianceOrder::Scalar,
                    CovarianceOrder::Avx2,
                    CovarianceOrder::Avx512,
                ]
                .map(|o| chroma(l, o))
            })
            .collect();
        others.push(
            SpeedChroma::new(
                w,
                h,
                f.chroma(),
                f.bit_depth(),
                SpeedChromaOptions::vmaf_v1(),
            )
            .unwrap(),
        );
        for i in 0..r.len() {
            let want = reference.compute(&r.view(i), &d.view(i)).unwrap();
            for o in &mut others {
                let got = o.compute(&r.view(i), &d.view(i)).unwrap();
                for (a, b) in [(got.u, want.u), (got.v, want.v), (got.uv, want.uv)] {
                    assert_eq!(a.to_bits(), b.to_bits(), "frame {i}: {a} vs {b}");
                    compared += 1;
                }
            }
        }
        if r.len() < 2 {
            continue;
        }
        let opts = SpeedTemporalOptions {
            use_ref_diff: true,
            ..Default::default()
        };
        let mut seq =
            SpeedTemporal::with_cpu_level(w, h, f.bit_depth(), opts, CpuLevel::Scalar).unwrap();
        let mut fast = SpeedTemporal::new(w, h, f.bit_depth(), opts).unwrap();
        let mut stateless = SpeedTemporal::new(w, h, f.bit_depth(), opts).unwrap();
        for i in 0..r.len() {
            let want = seq.compute(&r.view(i), &d.view(i)).unwrap();
            let got = fast.compute(&r.view(i), &d.view(i)).unwrap();
            assert_eq!(got.score.to_bits(), want.score.to_bits());
            // Out of order, from explicit predecessors.
            let j = r.len() - 1 - i;
            let prev = (j > 0).then(|| (r.view(j - 1), d.view(j - 1)));
            let s = stateless
                .compute_with_previous(prev.as_ref().map(|(a, b)| (a, b)), &r.view(j), &d.view(j))
                .unwrap();
            let mut again = SpeedTemporal::new(w, h, f.bit_depth(), opts).unwrap();
            let mut last = again.compute(&r.view(0), &d.view(0)).unwrap();
            for k in 1..=j {
                last = again.compute(&r.view(k), &d.view(k)).unwrap();
            }
            assert_eq!(s.score.to_bits(), last.score.to_bits(), "frame {j}");
            compared += 2;
        }
        // reset: the next frame is a frame 0 again.
        fast.reset();
        assert_eq!(fast.compute(&r.view(1), &d.view(1)).unwrap().score, 0.0);
    }
    eprintln!("orders, levels, entry points: {compared} values identical");
}

// ---------------------------------------------------------------------------------------------
// Errors.

fn err_text<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn speed_rejects_bad_formats_sizes_and_options() {
    let v1 = SpeedChromaOptions::vmaf_v1();
    // 4:0:0 has no chroma (libvmaf: EINVAL).
    let e = err_text(SpeedChroma::new(576, 324, ChromaSampling::Cs400, 10, v1));
    assert!(e.contains("400") && e.contains("speed_chroma"), "{e}");
    // Too small: 4:2:0 chroma of 158x200 is 79x100 (< 80 wide).
    let e = err_text(SpeedChroma::new(158, 200, ChromaSampling::Cs420, 8, v1));
    assert!(
        e.contains("79x100") && e.contains(&format!("{MIN_PLANE_SIDE}x{MIN_PLANE_SIDE}")),
        "{e}"
    );
    assert!(SpeedChroma::new(160, 160, ChromaSampling::Cs420, 8, v1).is_ok());
    assert!(SpeedChroma::new(80, 80, ChromaSampling::Cs444, 8, v1).is_ok());
    let e = err_text(SpeedChroma::new(158, 80, ChromaSampling::Cs422, 8, v1));
    assert!(e.contains("79x80"), "{e}");
    // ... also after prescaling: 288x162 chroma at 0.4 is 115x65.
    let small = SpeedChromaOptions {
        prescale: 0.4,
        ..v1
    };
    let e = err_text(SpeedChroma::new(576, 324, ChromaSampling::Cs420, 10, small));
    assert!(e.contains("115x65") && e.contains("0.4"), "{e}");
    let e = err_text(SpeedTemporal::new(
        79,
        100,
        8,
        SpeedTemporalOptions::default(),
    ));
    assert!(e.contains("79x100"), "{e}");
    // Options and bit depths.
    let bad = SpeedChromaOptions {
        kernelscale: 2.5,
        ..v1
    };
    let e = err_text(SpeedChroma::new(576, 324, ChromaSampling::Cs420, 10, bad));
    assert!(e.contains("speed_kernelscale") && e.contains("2.5"), "{e}");
    let bad = SpeedTemporalOptions {
        sigma_nn: 0.05,
        ..Default::default()
    };
    let e = err_text(SpeedTemporal::new(576, 324, 10, bad));
    assert!(e.contains("speed_sigma_nn") && e.contains("0.1..=2"), "{e}");
    let e = err_text(SpeedChroma::new(576, 324, ChromaSampling::Cs420, 17, v1));
    assert!(e.contains("bit depth"), "{e}");
    // Frames of another format than the extractor's.
    let mut s = SpeedChroma::new(576, 324, ChromaSampling::Cs420, 10, v1).unwrap();
    let other = Frame::new(FrameFormat::new(576, 324, ChromaSampling::Cs444, 10).unwrap());
    let right = Frame::new(FrameFormat::new(576, 324, ChromaSampling::Cs420, 10).unwrap());
    let e = err_text(s.compute(&right.view(), &other.view()));
    assert!(e.contains("distorted") && e.contains("444"), "{e}");
    let mut t = SpeedTemporal::new(576, 324, 10, SpeedTemporalOptions::default()).unwrap();
    let e8 = Frame::new(FrameFormat::new(576, 324, ChromaSampling::Cs420, 8).unwrap());
    let e = err_text(t.compute(&e8.view(), &e8.view()));
    assert!(e.contains("reference") && e.contains("10-bit"), "{e}");
    // Flat frames: every covariance matrix is singular; scores are 0 and flagged, no panic.
    let sc = s.compute(&right.view(), &right.view()).unwrap();
    assert_eq!(
        (sc.u, sc.v, sc.uv, sc.u_singular, sc.v_singular),
        (0.0, 0.0, 0.0, true, true)
    );
    t.compute(&right.view(), &right.view()).unwrap();
    let ts = t.compute(&right.view(), &right.view()).unwrap();
    assert_eq!((ts.score, ts.singular), (0.0, true));
}
