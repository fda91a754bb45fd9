//! `Scorer` (numpy frames pushed one pair at a time) and `score_files` (Y4M or raw YUV files).
//!
//! Both drive [`foveal::scorer::Scorer`] with the GIL released: frames are checked and scored in
//! `py.detach`, so other Python threads run meanwhile, and two threads scoring at once run in
//! parallel. The Rust scorer sits behind a mutex that is only ever taken with the GIL released,
//! so pushes to one `Scorer` from several threads are serialised without deadlock (their order
//! is then the order they get the lock).
//!
//! A `Scorer` learns the frame format from its first push (plane shapes, dtype, `bit_depth`);
//! later frames must have the same. After a library error during `push` the scorer's state is
//! undefined, so it refuses further use; a `ValueError` about an input frame leaves it untouched.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use pyo3::exceptions::{PyRuntimeWarning, PyValueError};
use pyo3::prelude::*;

use foveal::io::{self, FrameSource, InputKind};
use foveal::report::Report;
use foveal::scorer::{Scorer, ScorerConfig};
use foveal::{ChromaSampling, FrameFormat};

use crate::frames::{FrameArrays, depth_arg};
use crate::result::ScoreResult;
use crate::{config, foveal_err, guarded};

#[allow(clippy::too_many_arguments)]
fn make_config(
    models: Option<&Bound<'_, PyAny>>,
    features: Option<&Bound<'_, PyAny>>,
    threads: usize,
    subsample: u32,
    no_prediction: bool,
    compute_bit_depth: Option<u8>,
    split_frames: Option<bool>,
) -> PyResult<ScorerConfig> {
    if subsample == 0 {
        return Err(PyValueError::new_err(
            "subsample must be at least 1 (1 scores every frame)",
        ));
    }
    let config = ScorerConfig {
        models: config::models(models)?,
        no_prediction,
        features: config::features(features)?,
        threads,
        // None: frames are split over the threads when 2 * threads frame pairs side by side
        // would exceed 1 GiB and VIF is computed.
        split_frames,
        subsample,
        processing_bit_depth: compute_bit_depth,
    };
    config::validate(&config)?;
    Ok(config)
}

fn fps(frames: u64, started: Instant) -> f64 {
    let s = started.elapsed().as_secs_f64();
    if s > 0.0 {
        frames as f64 / s
    } else {
        f64::INFINITY
    }
}

struct Running {
    scorer: Scorer,
    format: FrameFormat,
    pushed: u64,
    started: Instant,
}

enum State {
    /// No frame yet: the format is not known.
    Idle,
    Running(Box<Running>),
    Finished,
    /// A push failed inside the library; the message says which frame and why.
    Failed(String),
}

/// A streaming scorer for numpy frames.
#[pyclass(module = "foveal._foveal", name = "Scorer", frozen)]
pub struct PyScorer {
    config: ScorerConfig,
    bit_depth: Option<u8>,
    state: Mutex<State>,
}

impl PyScorer {
    fn unusable(state: &State) -> Option<PyErr> {
        match state {
            State::Finished => Some(foveal_err(
                "this Scorer has finished; make a new Scorer to score more frames",
            )),
            State::Failed(m) => Some(foveal_err(format!(
                "this Scorer stopped after an earlier error ({m}); make a new Scorer"
            ))),
            _ => None,
        }
    }
}

#[pymethods]
impl PyScorer {
    /// Makes a scorer. `models`: built-in versions or libvmaf `--model` specs; `features`:
    /// extra extractors (`"psnr"`, `"cambi=enc_width=960"`, or `("cambi", {"enc_width": 960})`);
    /// `threads`: worker threads (0 = score on the pushing thread; results are identical for
    /// any count); `subsample`: score every n-th frame; `bit_depth`: required for uint16 planes;
    /// `split_frames`: with threads, split each frame over them (True) or score frames side by
    /// side (False); None splits when 2 * threads frame pairs side by side would exceed 1 GiB
    /// (2160p 10-bit from 11 threads) and VIF is computed.
    #[new]
    #[pyo3(
        signature = (*, models = None, features = None, threads = 0, subsample = 1, no_prediction = false, bit_depth = None, compute_bit_depth = None, split_frames = None),
        text_signature = "(*, models='vmaf_v0.6.1', features=(), threads=0, subsample=1, no_prediction=False, bit_depth=None, compute_bit_depth=None, split_frames=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        models: Option<&Bound<'_, PyAny>>,
        features: Option<&Bound<'_, PyAny>>,
        threads: usize,
        subsample: u32,
        no_prediction: bool,
        bit_depth: Option<i64>,
        compute_bit_depth: Option<u8>,
        split_frames: Option<bool>,
    ) -> PyResult<PyScorer> {
        let bit_depth = depth_arg(bit_depth)?;
        Ok(PyScorer {
            config: make_config(
                models,
                features,
                threads,
                subsample,
                no_prediction,
                compute_bit_depth,
                split_frames,
            )?,
            bit_depth,
            state: Mutex::new(State::Idle),
        })
    }

    /// Scores one frame pair. Each frame is a 2-D array (luma only) or a (y, u, v) tuple of
    /// 2-D arrays, uint8 (8-bit) or uint16 (with the Scorer's bit_depth), C-contiguous (read in
    /// place, not copied). The GIL is released while the pair is scored.
    fn push(
        &self,
        py: Python<'_>,
        reference: &Bound<'_, PyAny>,
        distorted: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let r = FrameArrays::extract(reference, "reference")?;
        let d = FrameArrays::extract(distorted, "distorted")?;
        let rf = r.format(self.bit_depth)?;
        let df = d.format(self.bit_depth)?;
        if rf != df {
            return Err(PyValueError::new_err(format!(
                "reference and distorted frames differ: reference {rf}, distorted {df}"
            )));
        }
        let rs = r.slices()?;
        let ds = d.slices()?;
        py.detach(|| {
            rs.check_range(rf.bit_depth())?;
            ds.check_range(df.bit_depth())?;
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(e) = Self::unusable(&state) {
                return Err(e);
            }
            if let State::Idle = *state {
                let scorer = guarded("setting up the scorer", || {
                    Scorer::new(rf, &self.config).map_err(foveal_err)
                })?;
                *state = State::Running(Box::new(Running {
                    scorer,
                    format: rf,
                    pushed: 0,
                    started: Instant::now(),
                }));
            }
            let State::Running(run) = &mut *state else {
                unreachable!("set above")
            };
            if rf != run.format {
                return Err(PyValueError::new_err(format!(
                    "frame {}: frames are {rf}, but this Scorer's earlier frames were {}",
                    run.pushed, run.format
                )));
            }
            let index = run.pushed;
            let pushed = guarded("scoring a frame", || {
                let rv = rs.view(rf).map_err(foveal_err)?;
                let dv = ds.view(df).map_err(foveal_err)?;
                run.scorer.push(&rv, &dv).map_err(foveal_err)
            });
            match pushed {
                Ok(()) => {
                    run.pushed += 1;
                    Ok(())
                }
                Err(e) => {
                    let msg = format!("frame {index}: {e}");
                    *state = State::Failed(msg.clone());
                    Err(foveal_err(msg))
                }
            }
        })
    }

    /// Waits for every frame and returns the result. The Scorer cannot be used afterwards.
    fn finish(&self, py: Python<'_>) -> PyResult<ScoreResult> {
        py.detach(|| {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(e) = Self::unusable(&state) {
                return Err(e);
            }
            let run = match std::mem::replace(&mut *state, State::Finished) {
                State::Running(run) => run,
                _ => {
                    return Err(foveal_err(
                        "no frames were pushed; push at least one frame pair before finish()",
                    ));
                }
            };
            let Running {
                scorer,
                format,
                pushed,
                started,
            } = *run;
            let scores = guarded("finishing", || scorer.finish().map_err(foveal_err))?;
            Ok(ScoreResult::new(Report::new(
                scores,
                format.width(),
                format.height(),
                fps(pushed, started),
            )))
        })
    }

    /// Frame pairs pushed so far.
    #[getter]
    fn frames(&self, py: Python<'_>) -> u64 {
        py.detach(
            || match &*self.state.lock().unwrap_or_else(PoisonError::into_inner) {
                State::Running(r) => r.pushed,
                _ => 0,
            },
        )
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let (what, pushed) =
            py.detach(
                || match &*self.state.lock().unwrap_or_else(PoisonError::into_inner) {
                    State::Idle => ("waiting for the first frame".to_string(), 0),
                    State::Running(r) => (r.format.to_string(), r.pushed),
                    State::Finished => ("finished".to_string(), 0),
                    State::Failed(_) => ("failed".to_string(), 0),
                },
            );
        format!("<foveal.Scorer {what}, {pushed} frame(s) pushed>")
    }
}

struct FileRun {
    report: Report,
    warning: Option<String>,
}

fn open(path: &PathBuf, kind: InputKind, role: &str) -> PyResult<Box<dyn FrameSource>> {
    io::open(path, kind).map_err(|e| {
        let mut m = format!("{role}: {e}");
        if kind == InputKind::Y4m && matches!(e, foveal::Error::Y4mHeader { .. }) {
            m.push_str(" (for raw YUV input give width=, height=, pixel_format= and bit_depth=)");
        }
        foveal_err(m)
    })
}

fn skip(src: &mut dyn FrameSource, n: u64, role: &str) -> PyResult<()> {
    if n == 0 {
        return Ok(());
    }
    let got = src
        .skip_frames(n)
        .map_err(|e| foveal_err(format!("{role}: {e}")))?;
    if got < n {
        return Err(foveal_err(format!(
            "{role}: cannot skip {n} frame(s): the input has only {got}"
        )));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn run_files(
    reference: &PathBuf,
    distorted: &PathBuf,
    kind: InputKind,
    config: &ScorerConfig,
    frame_skip_ref: u64,
    frame_skip_dist: u64,
    frame_cnt: Option<u64>,
) -> PyResult<FileRun> {
    let mut r = open(reference, kind, "reference")?;
    let mut d = open(distorted, kind, "distorted")?;
    io::check_pair(&r.format(), &d.format()).map_err(foveal_err)?;
    let mut scorer = Scorer::new(r.format(), config).map_err(foveal_err)?;
    // Luma-only metrics (VMAF, CAMBI): the chroma bytes are skipped, not read.
    let luma_only = !scorer.uses_chroma();
    r.set_luma_only(luma_only);
    d.set_luma_only(luma_only);
    // No-reference metrics alone (CAMBI): the reference's frames are skipped, not read.
    let read_reference = scorer.uses_reference();
    skip(r.as_mut(), frame_skip_ref, "reference")?;
    skip(d.as_mut(), frame_skip_dist, "distorted")?;
    let started = Instant::now();
    let mut pairs = 0u64;
    let mut warning = None;
    while pairs < frame_cnt.unwrap_or(u64::MAX) {
        // Buffers the scorer recycles, handed over uncopied (as the CLI reads).
        let (mut rf, mut df) = (scorer.frame_buffer(), scorer.frame_buffer());
        let got_r = r
            .next_frame(&mut rf, read_reference)
            .map_err(|e| foveal_err(format!("reference: {e}")))?;
        let got_d = d
            .read_frame(&mut df)
            .map_err(|e| foveal_err(format!("distorted: {e}")))?;
        match (got_r, got_d) {
            (true, true) => {
                scorer
                    .push_frames(rf, df)
                    .map_err(|e| foveal_err(format!("frame {pairs}: {e}")))?;
                pairs += 1;
            }
            (false, false) => break,
            (longer_is_ref, _) => {
                let (longer, shorter) = if longer_is_ref {
                    ("reference", "distorted")
                } else {
                    ("distorted", "reference")
                };
                warning = Some(format!(
                    "the {longer} input has more frames than the {shorter} input; scored the \
                     {pairs} frame(s) they have in common"
                ));
                break;
            }
        }
    }
    if pairs == 0 {
        return Err(foveal_err(
            "no frame pairs to score (an input is empty, or the skips pass its end)",
        ));
    }
    let scores = scorer.finish().map_err(foveal_err)?;
    let format = r.format();
    Ok(FileRun {
        report: Report::new(scores, format.width(), format.height(), fps(pairs, started)),
        warning,
    })
}

/// Scores a pair of files: Y4M, or raw planar YUV when width/height/pixel_format/bit_depth are
/// given (samples above 8 bits as 16-bit little-endian). The GIL is released while scoring.
#[pyfunction]
#[pyo3(
    signature = (reference, distorted, *, models = None, features = None, threads = 0, subsample = 1, no_prediction = false, width = None, height = None, pixel_format = None, bit_depth = None, frame_skip_ref = 0, frame_skip_dist = 0, frame_cnt = None, compute_bit_depth = None, split_frames = None),
    text_signature = "(reference, distorted, *, models='vmaf_v0.6.1', features=(), threads=0, subsample=1, no_prediction=False, width=None, height=None, pixel_format=None, bit_depth=None, frame_skip_ref=0, frame_skip_dist=0, frame_cnt=None, compute_bit_depth=None, split_frames=None)"
)]
#[allow(clippy::too_many_arguments)]
pub fn score_files(
    py: Python<'_>,
    reference: PathBuf,
    distorted: PathBuf,
    models: Option<&Bound<'_, PyAny>>,
    features: Option<&Bound<'_, PyAny>>,
    threads: usize,
    subsample: u32,
    no_prediction: bool,
    width: Option<u32>,
    height: Option<u32>,
    pixel_format: Option<String>,
    bit_depth: Option<i64>,
    frame_skip_ref: u64,
    frame_skip_dist: u64,
    frame_cnt: Option<u64>,
    compute_bit_depth: Option<u8>,
    split_frames: Option<bool>,
) -> PyResult<ScoreResult> {
    let config = make_config(
        models,
        features,
        threads,
        subsample,
        no_prediction,
        compute_bit_depth,
        split_frames,
    )?;
    let bit_depth = depth_arg(bit_depth)?;
    let raw = width.is_some() || height.is_some() || pixel_format.is_some() || bit_depth.is_some();
    let kind = if raw {
        let missing: Vec<&str> = [
            (width.is_none(), "width"),
            (height.is_none(), "height"),
            (pixel_format.is_none(), "pixel_format"),
            (bit_depth.is_none(), "bit_depth"),
        ]
        .into_iter()
        .filter_map(|(m, n)| m.then_some(n))
        .collect();
        if !missing.is_empty() {
            return Err(PyValueError::new_err(format!(
                "raw YUV input needs width, height, pixel_format and bit_depth; missing {}",
                missing.join(", ")
            )));
        }
        let chroma = ChromaSampling::parse(pixel_format.as_deref().unwrap_or_default())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let fmt = FrameFormat::new(
            width.unwrap_or(0),
            height.unwrap_or(0),
            chroma,
            bit_depth.unwrap_or(0),
        )
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        InputKind::Raw(fmt)
    } else {
        InputKind::Y4m
    };
    let run = py.detach(|| {
        guarded("scoring files", || {
            run_files(
                &reference,
                &distorted,
                kind,
                &config,
                frame_skip_ref,
                frame_skip_dist,
                frame_cnt,
            )
        })
    })?;
    if let Some(w) = run.warning {
        let msg = std::ffi::CString::new(w).unwrap_or_default();
        PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &msg, 1)?;
    }
    Ok(ScoreResult::new(run.report))
}
