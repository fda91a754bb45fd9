//! In-process scoring of decoded frames held in memory: foveal's [`Scorer`] and (with the
//! `libvmaf-sys` feature) libvmaf 2.3.1's C API. Both read the same [`Frame`]s, so no decoding or
//! file reading is timed, only what each library does with pictures it is handed.
//!
//! Each measurement runs in a child process of the `compare` command (`compare inproc …`), so its
//! peak memory is its own: the child loads the clip, resets its peak-RSS counter, then scores.

use std::path::Path;
use std::time::Instant;

use foveal::Frame;
use foveal::features::options::feature_alias;
use foveal::io::{InputKind, open};
use foveal::scorer::Scorer;

use crate::sys;
use crate::workload::Workload;

/// The engines that can be timed in-process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// foveal's library.
    Foveal,
    /// libvmaf 2.3.1 through `libvmaf-sys` (feature `libvmaf-sys`).
    Libvmaf,
}

impl Engine {
    /// Name on the command line.
    pub const fn key(self) -> &'static str {
        match self {
            Engine::Foveal => "foveal",
            Engine::Libvmaf => "libvmaf",
        }
    }

    /// Whether this build can run the engine.
    pub const fn available(self) -> bool {
        match self {
            Engine::Foveal => true,
            Engine::Libvmaf => cfg!(feature = "libvmaf-sys"),
        }
    }

    /// Whether the engine can compute `w` (libvmaf 2.3.1 has no SpEED, so no VMAF v1.0.16).
    pub fn supports(self, w: Workload) -> bool {
        !(self == Engine::Libvmaf && w == Workload::VmafV1016_3d0h)
    }
}

/// The result of one in-process measurement.
#[derive(Clone, Debug)]
pub struct InprocResult {
    /// Frame pairs scored.
    pub frames: usize,
    /// Cost of scoring (from building the scorer to the last score).
    pub usage: sys::Usage,
    /// Resident memory before scoring (the clip in memory), KiB.
    pub rss_before_kb: u64,
    /// Mean of the workload's score over the frames.
    pub mean_score: f64,
}

impl InprocResult {
    /// One JSON line, as the child prints it.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "frames": self.frames,
            "wall": self.usage.wall,
            "user": self.usage.user,
            "sys": self.usage.sys,
            "max_rss_kb": self.usage.max_rss_kb,
            "rss_before_kb": self.rss_before_kb,
            "mean_score": self.mean_score,
        })
        .to_string()
    }

    /// Parses [`InprocResult::to_json`].
    pub fn from_json(s: &str) -> Result<InprocResult, String> {
        let v: serde_json::Value =
            serde_json::from_str(s.trim()).map_err(|e| format!("in-process result: {e}: {s}"))?;
        let f = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_f64())
                .ok_or_else(|| format!("in-process result lacks {k}: {s}"))
        };
        Ok(InprocResult {
            frames: f("frames")? as usize,
            usage: sys::Usage {
                wall: f("wall")?,
                user: f("user")?,
                sys: f("sys")?,
                max_rss_kb: f("max_rss_kb")? as u64,
            },
            rss_before_kb: f("rss_before_kb")? as u64,
            mean_score: f("mean_score")?,
        })
    }
}

/// Reads every frame of a Y4M file into memory.
pub fn load_frames(path: &Path, limit: usize) -> Result<Vec<Frame>, String> {
    let mut src = open(path, InputKind::Y4m).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut frames = Vec::new();
    while frames.len() < limit {
        let mut f = src.new_frame();
        if !src
            .read_frame(&mut f)
            .map_err(|e| format!("{}: {e}", path.display()))?
        {
            break;
        }
        frames.push(f);
    }
    if frames.is_empty() {
        return Err(format!("{}: no frames", path.display()));
    }
    Ok(frames)
}

/// Loads both clips, then scores them with `engine` and measures only the scoring.
pub fn measure(
    engine: Engine,
    workload: Workload,
    threads: usize,
    reference: &Path,
    distorted: &Path,
    limit: usize,
) -> Result<InprocResult, String> {
    let refs = load_frames(reference, limit)?;
    let dis = load_frames(distorted, limit)?;
    if refs.len() != dis.len() {
        return Err(format!(
            "{} has {} frames, {} has {}",
            reference.display(),
            refs.len(),
            distorted.display(),
            dis.len()
        ));
    }
    let rss_before_kb = sys::self_status_kb("VmRSS").unwrap_or(0);
    sys::reset_peak_rss();
    let (u0, s0) = sys::self_cpu();
    let t0 = Instant::now();
    let mean_score = match engine {
        Engine::Foveal => run_foveal(workload, threads, &refs, &dis)?,
        Engine::Libvmaf => run_libvmaf(workload, threads, &refs, &dis)?,
    };
    let wall = t0.elapsed().as_secs_f64();
    let (u1, s1) = sys::self_cpu();
    let max_rss_kb = sys::self_status_kb("VmHWM").unwrap_or(0);
    Ok(InprocResult {
        frames: refs.len(),
        usage: sys::Usage {
            wall,
            user: u1 - u0,
            sys: s1 - s0,
            max_rss_kb,
        },
        rss_before_kb,
        mean_score,
    })
}

/// Scores with foveal's library; returns the mean of the workload's score.
pub fn run_foveal(
    workload: Workload,
    threads: usize,
    refs: &[Frame],
    dis: &[Frame],
) -> Result<f64, String> {
    let format = refs[0].format();
    let mut scorer =
        Scorer::new(format, &workload.scorer_config(threads)).map_err(|e| e.to_string())?;
    for (r, d) in refs.iter().zip(dis) {
        scorer
            .push(&r.view(), &d.view())
            .map_err(|e| e.to_string())?;
    }
    let scores = scorer.finish().map_err(|e| e.to_string())?;
    // The store holds libvmaf's internal names; reports print their aliases.
    let id = scores
        .store
        .names()
        .iter()
        .position(|n| feature_alias(n) == workload.score_name())
        .ok_or_else(|| {
            format!(
                "foveal wrote no {} (it wrote {:?})",
                workload.score_name(),
                scores.store.names()
            )
        })?;
    let n = scores.frames;
    let mut sum = 0.0;
    for i in 0..n {
        sum += scores
            .store
            .get(id, i)
            .ok_or_else(|| format!("foveal: no {} at frame {i}", workload.score_name()))?;
    }
    Ok(sum / n as f64)
}

#[cfg(not(feature = "libvmaf-sys"))]
fn run_libvmaf(_: Workload, _: usize, _: &[Frame], _: &[Frame]) -> Result<f64, String> {
    Err("this build has no libvmaf: rebuild with --features libvmaf-sys".to_string())
}

#[cfg(feature = "libvmaf-sys")]
fn run_libvmaf(
    workload: Workload,
    threads: usize,
    refs: &[Frame],
    dis: &[Frame],
) -> Result<f64, String> {
    crate::libvmaf::score(workload, threads, refs, dis)
}
