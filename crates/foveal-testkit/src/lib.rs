//! Test helpers shared by every foveal test suite:
//! - locating the repository's `testdata/` and the read-only `../shared` folder (Netflix vectors,
//!   libvmaf model files), with a visible skip notice where `../shared` is absent;
//! - loading libvmaf JSON output ("goldens") and comparing per-frame values against them,
//!   exactly at libvmaf's 6 printed decimals or within a stated tolerance;
//! - reading raw planar YUV test vectors without going through the library under test.
//!
//! This crate deliberately does not depend on `foveal`: it holds the oracle side of every test.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .expect("testkit lives at crates/foveal-testkit")
        .to_path_buf()
}

/// The committed test data folder.
pub fn testdata_dir() -> PathBuf {
    repo_root().join("testdata")
}

/// The read-only shared folder (`$FOVEAL_SHARED`, else `../shared` beside the checkout), if present.
pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("FOVEAL_SHARED") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    let p = repo_root().parent()?.join("shared");
    p.is_dir().then_some(p)
}

/// Returns the shared folder, or prints a skip notice naming the test and returns `None`.
pub fn shared_or_skip(test: &str) -> Option<PathBuf> {
    let d = shared_dir();
    if d.is_none() {
        eprintln!("SKIPPED {test}: ../shared (Netflix vectors, model files) is not present");
    }
    d
}

/// One frame of a libvmaf report: its number and metrics in file order (`None` = JSON null).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldenFrame {
    /// `frameNum`.
    pub frame_num: u64,
    /// Metric name → value, in the order libvmaf printed them.
    pub metrics: Values,
}

impl GoldenFrame {
    /// The value of `name` in this frame, if present and finite.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| *v)
    }
}

/// Named values in file order (`None` = JSON null).
pub type Values = Vec<(String, Option<f64>)>;

/// A parsed libvmaf JSON report.
#[derive(Debug, Clone, PartialEq)]
pub struct Golden {
    /// Where it was read from.
    pub path: PathBuf,
    /// `version`.
    pub version: String,
    /// `frames`.
    pub frames: Vec<GoldenFrame>,
    /// `pooled_metrics`: name → (method → value).
    pub pooled: Vec<(String, Values)>,
    /// `aggregate_metrics`.
    pub aggregate: Values,
}

fn obj_pairs(v: &serde_json::Value) -> Values {
    v.as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_f64())).collect())
        .unwrap_or_default()
}

impl Golden {
    /// Loads a libvmaf JSON report, panicking with the path on any problem (test helper).
    pub fn load(path: impl AsRef<Path>) -> Golden {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read golden {}: {e}", path.display()));
        Golden::parse(&text, path)
    }

    /// Parses the text of a libvmaf JSON report.
    pub fn parse(text: &str, path: &Path) -> Golden {
        let v: serde_json::Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("golden {} is not JSON: {e}", path.display()));
        let frames = v["frames"]
            .as_array()
            .unwrap_or_else(|| panic!("golden {} has no frames array", path.display()))
            .iter()
            .map(|f| GoldenFrame {
                frame_num: f["frameNum"].as_u64().expect("frameNum"),
                metrics: obj_pairs(&f["metrics"]),
            })
            .collect();
        let pooled = v["pooled_metrics"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), obj_pairs(v))).collect())
            .unwrap_or_default();
        Golden {
            path: path.to_path_buf(),
            version: v["version"].as_str().unwrap_or("").to_string(),
            frames,
            pooled,
            aggregate: obj_pairs(&v["aggregate_metrics"]),
        }
    }

    /// Names of the per-frame metrics, in order of first appearance.
    pub fn metric_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for f in &self.frames {
            for (k, _) in &f.metrics {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
        names
    }

    /// The per-frame series of `name` (`None` where absent or null).
    pub fn series(&self, name: &str) -> Vec<Option<f64>> {
        self.frames.iter().map(|f| f.get(name)).collect()
    }

    /// Pooled value `method` ("min", "max", "mean", "harmonic_mean") of metric `name`.
    pub fn pooled(&self, name: &str, method: &str) -> Option<f64> {
        self.pooled
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, m)| m.iter().find(|(k, _)| k == method))
            .and_then(|(_, v)| *v)
    }
}

/// How closely a value must match its golden.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// Equal as libvmaf prints it: `%.6f` of both values gives the same text.
    Exact6,
    /// `|ours - golden| <= bound`.
    Abs(f64),
}

impl Tolerance {
    /// Whether `ours` matches `golden` under this tolerance.
    pub fn accepts(self, ours: f64, golden: f64) -> bool {
        match self {
            Tolerance::Exact6 => format!("{ours:.6}") == format!("{golden:.6}"),
            Tolerance::Abs(b) => (ours - golden).abs() <= b,
        }
    }
}

/// Outcome of a comparison: how many values were compared, and every mismatch.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Values compared.
    pub compared: usize,
    /// (frame, feature, ours, golden) for each value outside tolerance.
    pub mismatches: Vec<(u64, String, f64, f64)>,
    /// (frame, feature) pairs present in the golden but missing from ours.
    pub missing: Vec<(u64, String)>,
}

impl Comparison {
    /// A human-readable summary naming the worst mismatch (frame, feature, both values).
    pub fn report(&self, what: &str) -> String {
        let mut s = format!(
            "{what}: compared {} values, {} mismatches, {} missing",
            self.compared,
            self.mismatches.len(),
            self.missing.len()
        );
        if let Some((f, n, o, g)) = self
            .mismatches
            .iter()
            .max_by(|a, b| (a.2 - a.3).abs().total_cmp(&(b.2 - b.3).abs()))
        {
            let _ = write!(
                s,
                "; worst: frame {f}, {n}: ours {o:.6} vs libvmaf {g:.6} (diff {:e})",
                o - g
            );
        }
        for (f, n) in self.missing.iter().take(5) {
            let _ = write!(s, "; missing: frame {f} {n}");
        }
        s
    }

    /// Panics with [`Comparison::report`] unless everything matched; prints the count otherwise.
    pub fn assert_ok(&self, what: &str) {
        let r = self.report(what);
        assert!(
            self.mismatches.is_empty() && self.missing.is_empty() && self.compared > 0,
            "{r}"
        );
        eprintln!("{r}");
    }
}

/// Compares our per-frame values (`ours[frame]` maps feature name → value) against `golden` for
/// the features in `features` (each with its tolerance).
pub fn compare_frames(
    ours: &[BTreeMap<String, f64>],
    golden: &Golden,
    features: &[(&str, Tolerance)],
) -> Comparison {
    let mut c = Comparison::default();
    for gf in &golden.frames {
        for &(name, tol) in features {
            let Some(g) = gf.get(name) else { continue };
            match ours.get(gf.frame_num as usize).and_then(|m| m.get(name)) {
                Some(&o) => {
                    c.compared += 1;
                    if !tol.accepts(o, g) {
                        c.mismatches.push((gf.frame_num, name.to_string(), o, g));
                    }
                }
                None => c.missing.push((gf.frame_num, name.to_string())),
            }
        }
    }
    c
}

/// A raw planar YUV file read wholly into memory (test vectors are small), frame by frame.
#[derive(Debug, Clone)]
pub struct RawYuv {
    /// Luma width.
    pub width: usize,
    /// Luma height.
    pub height: usize,
    /// Chroma shifts (x, y); `None` for 4:0:0.
    pub chroma_shift: Option<(u32, u32)>,
    /// Bytes per sample (1, or 2 little-endian).
    pub bytes: usize,
    data: Vec<u8>,
}

impl RawYuv {
    /// Opens `path` as planar YUV of the given geometry.
    pub fn open(
        path: impl AsRef<Path>,
        width: usize,
        height: usize,
        chroma_shift: Option<(u32, u32)>,
        bytes: usize,
    ) -> RawYuv {
        let path = path.as_ref();
        let data =
            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let r = RawYuv {
            width,
            height,
            chroma_shift,
            bytes,
            data,
        };
        assert_eq!(
            r.data.len() % r.frame_bytes(),
            0,
            "{} is not a whole number of frames",
            path.display()
        );
        r
    }

    /// Size (w, h) of plane `i`, chroma rounded up.
    pub fn plane_size(&self, i: usize) -> (usize, usize) {
        match (i, self.chroma_shift) {
            (0, _) => (self.width, self.height),
            (_, Some((sx, sy))) => (
                (self.width + (1 << sx) - 1) >> sx,
                (self.height + (1 << sy) - 1) >> sy,
            ),
            (_, None) => (0, 0),
        }
    }

    fn frame_bytes(&self) -> usize {
        (0..3)
            .map(|i| {
                let (w, h) = self.plane_size(i);
                w * h
            })
            .sum::<usize>()
            * self.bytes
    }

    /// Number of frames in the file.
    pub fn frame_count(&self) -> usize {
        self.data.len() / self.frame_bytes()
    }

    /// Plane `plane` of frame `frame` as 16-bit samples (8-bit data widened).
    pub fn plane_u16(&self, frame: usize, plane: usize) -> Vec<u16> {
        let b = self.plane_bytes(frame, plane);
        if self.bytes == 1 {
            b.iter().map(|&v| v as u16).collect()
        } else {
            b.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect()
        }
    }

    /// Plane `plane` of frame `frame` of an 8-bit file.
    pub fn plane_u8(&self, frame: usize, plane: usize) -> Vec<u8> {
        assert_eq!(self.bytes, 1, "plane_u8 on a 16-bit file");
        self.plane_bytes(frame, plane).to_vec()
    }

    fn plane_bytes(&self, frame: usize, plane: usize) -> &[u8] {
        let mut off = frame * self.frame_bytes();
        for i in 0..plane {
            let (w, h) = self.plane_size(i);
            off += w * h * self.bytes;
        }
        let (w, h) = self.plane_size(plane);
        &self.data[off..off + w * h * self.bytes]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"version":"x","fps":1.0,"frames":[
        {"frameNum":0,"metrics":{"b":1.0000004,"a":2.0}},
        {"frameNum":1,"metrics":{"b":0.5,"a":null}}],
        "pooled_metrics":{"b":{"min":0.5,"max":1.0,"mean":0.75,"harmonic_mean":0.7}},
        "aggregate_metrics":{}}"#;

    #[test]
    fn parses_order_nulls_pooled() {
        let g = Golden::parse(SAMPLE, Path::new("s.json"));
        assert_eq!(g.metric_names(), vec!["b", "a"]);
        assert_eq!(g.series("a"), vec![Some(2.0), None]);
        assert_eq!(g.pooled("b", "mean"), Some(0.75));
    }

    #[test]
    fn comparison_names_worst_frame_feature_and_values() {
        let g = Golden::parse(SAMPLE, Path::new("s.json"));
        let mut f0 = BTreeMap::new();
        f0.insert("b".to_string(), 1.0);
        f0.insert("a".to_string(), 2.0);
        let mut f1 = BTreeMap::new();
        f1.insert("b".to_string(), 0.500002);
        let c = compare_frames(
            &[f0.clone(), f1],
            &g,
            &[("a", Tolerance::Exact6), ("b", Tolerance::Exact6)],
        );
        assert_eq!(c.compared, 3);
        assert_eq!(c.mismatches.len(), 1);
        let r = c.report("t");
        assert!(
            r.contains("frame 1, b: ours 0.500002 vs libvmaf 0.500000"),
            "{r}"
        );
        let c = compare_frames(&[f0], &g, &[("b", Tolerance::Abs(1e-3))]);
        assert_eq!(c.missing, vec![(1, "b".to_string())]);
    }
}
