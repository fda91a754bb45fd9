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
use foveal::{ChromaSampling, FrameFormat, FrameView, Plane};
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

/// A decoded frame pair (planes tightly packed).
enum Samples {
    U8([Vec<u8>; 3]),
    U16([Vec<u16>; 3]),
}

struct Clip {
    format: FrameFormat,
    frames: Vec<Samples>,
}

impl Clip {
    fn open(path: &Path, v: &Vector) -> Clip {
        let bytes = if v.bit_depth > 8 { 2 } else { 1 };
        let raw = RawYuv::open(path, v.width, v.height, Some((1, 1)), bytes);
        let frames = (0..raw.frame_count())
            .map(|f| {
                if bytes == 1 {
                    Samples::U8([0, 1, 2].map(|p| raw.plane_u8(f, p)))
                } else {
                    Samples::U16([0, 1, 2].map(|p| raw.plane_u16(f, p)))
                }
            })
            .collect();
        let format = FrameFormat::new(
            v.width as u32,
            v.height as u32,
            ChromaSampling::Cs420,
            v.bit_depth,
        )
        .unwrap();
        Clip { format, frames }
    }

    fn view(&self, f: usize) -> FrameView<'_> {
        let size = |p: usize| self.format.plane_size(p);
        match &self.frames[f] {
            Samples::U8(p) => {
                let planes: Vec<Plane<'_, u8>> = (0..3)
                    .map(|i| Plane::new(&p[i], size(i).0, size(i).1, size(i).0).unwrap())
                    .collect();
                FrameView::from_u8(self.format, &planes).unwrap()
            }
            Samples::U16(p) => {
                let planes: Vec<Plane<'_, u16>> = (0..3)
                    .map(|i| Plane::new(&p[i], size(i).0, size(i).1, size(i).0).unwrap())
                    .collect();
                FrameView::from_u16(self.format, &planes).unwrap()
            }
        }
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
            let g = gf
                .get(n)
                .unwrap_or_else(|| panic!("{}: no {n} at frame {}", golden.path.display(), gf.frame_num));
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
    let features: Vec<(&str, Tolerance)> =
        names.iter().map(|n| (n.as_str(), Tolerance::Exact6)).collect();
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
