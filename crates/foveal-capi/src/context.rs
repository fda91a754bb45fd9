//! The scoring context: configuration, models and features, frame submission, per-frame and
//! pooled scores, bootstrap intervals, flush and reports. A thin shell over
//! `foveal::scorer::Scorer` and `foveal::report::Report`.
//!
//! Life cycle: *configuring* (add models and features) → *running* (from
//! `foveal_set_format` or the first `foveal_submit`) → *flushed* (`foveal_flush`; scores
//! and reports stay readable) — or *failed* when scoring itself failed (scores of completed
//! frames stay readable; nothing else is accepted).

use std::collections::HashMap;
use std::ffi::{CString, c_char, c_void};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use foveal::features::extractor::FeatureStore;
use foveal::features::options::feature_alias;
use foveal::model::Model;
use foveal::report::{Pooling, Report, ReportFormat, pool};
use foveal::scorer::{FeatureRequest, ModelRequest, ModelSource, Scorer, ScorerConfig};
use foveal::{FrameFormat, FrameView};

use crate::handle::{self, Entry, Kind};
use crate::log::{
    FOVEAL_LOG_DEBUG, FOVEAL_LOG_ERROR, FOVEAL_LOG_INFO, FOVEAL_LOG_NONE, FOVEAL_LOG_WARNING,
    FovealLogCallback, FovealLogLevel, Logger,
};
use crate::picture::{self, FovealPicture, FovealPixelFormat};
use crate::ptr;
use crate::status::{
    FOVEAL_ERROR_BUFFER_TOO_SMALL, FOVEAL_ERROR_INTERNAL, FOVEAL_ERROR_INVALID_ARGUMENT,
    FOVEAL_ERROR_INVALID_FRAME, FOVEAL_ERROR_IO, FOVEAL_ERROR_NO_VALUE, FOVEAL_ERROR_NOT_FOUND,
    FOVEAL_ERROR_NOT_READY, FfiError, FfiResult, FovealStatus, boundary, panic_text,
};

/// An opaque scoring context. Create with `foveal_context_create`, free with
/// `foveal_context_free`. A context may be used from any thread; calls on one context are
/// serialised.
#[derive(Debug)]
pub struct FovealContext {
    _opaque: [u8; 0],
}

/// Use the CPU's best instruction set (and leave the process-wide cap as it is).
pub const FOVEAL_CPU_AUTO: i32 = -1;
/// Portable scalar code only.
pub const FOVEAL_CPU_SCALAR: i32 = 0;
/// At most x86-64 AVX2.
pub const FOVEAL_CPU_AVX2: i32 = 1;
/// At most x86-64 AVX-512.
pub const FOVEAL_CPU_AVX512: i32 = 2;
/// At most aarch64 NEON.
pub const FOVEAL_CPU_NEON: i32 = 3;

/// `FovealConfig::split_frames`: split frames over the threads where it pays (when `2 * threads`
/// frame pairs side by side would exceed 1 GiB, e.g. 2160p 10-bit from 11 threads, and a model
/// or feature computes VIF) and score whole frames side by side otherwise (the default).
pub const FOVEAL_SPLIT_AUTO: i32 = 0;
/// `FovealConfig::split_frames`: split every frame over the threads (with `threads > 1`).
pub const FOVEAL_SPLIT_ON: i32 = 1;
/// `FovealConfig::split_frames`: never split a frame; score `threads` frames at once (at most
/// `threads + threads / 2` rounded up in flight).
pub const FOVEAL_SPLIT_OFF: i32 = 2;

/// Most worker threads a context accepts.
pub const FOVEAL_MAX_THREADS: u32 = 256;

/// Context settings. Fill with `foveal_config_default`, then change fields.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FovealConfig {
    /// `sizeof(FovealConfig)`, set by `foveal_config_default`; a different value is refused
    /// (FOVEAL_ERROR_INVALID_ARGUMENT), which catches headers and libraries that disagree.
    pub struct_size: u32,
    /// Worker threads (0..=256). 0 scores every frame inside `foveal_submit` on the calling
    /// thread, reading the caller's buffers in place; N > 0 copies each pair and scores up to
    /// 2N frames in parallel. Scores are identical for every value. Default 0.
    pub threads: u32,
    /// Highest instruction set for the kernels, one of the `FOVEAL_CPU_*` values. The cap is
    /// process-wide and applies to contexts whose scoring starts afterwards; FOVEAL_CPU_AUTO (the
    /// default) leaves it unchanged. Scores are identical at every level.
    pub cpu_level_cap: i32,
    /// Messages at or below this level are logged (`FOVEAL_LOG_*`). Default FOVEAL_LOG_WARNING.
    pub log_level: FovealLogLevel,
    /// Receives log messages; NULL (the default) writes them to standard error.
    pub log_callback: FovealLogCallback,
    /// Passed back to `log_callback`.
    pub log_user_data: *mut c_void,
    /// Score every n-th frame only (libvmaf's `n_subsample`); 0 or 1 = every frame. Frames in
    /// between have no values (FOVEAL_ERROR_NO_VALUE) and are left out of pooling and reports.
    pub subsample: u32,
    /// How threads share the work (ABI 1.1): FOVEAL_SPLIT_AUTO (the default), FOVEAL_SPLIT_ON
    /// (every frame split into row bands over the threads, scored one at a time) or
    /// FOVEAL_SPLIT_OFF (whole frames in parallel). Scores are identical either way. The field
    /// sits in what was padding in ABI 1.0, so `sizeof(FovealConfig)` is unchanged and programs
    /// built against 1.0 that call `foveal_config_default` get the default.
    pub split_frames: i32,
}

// ABI 1.1 added `split_frames` in the tail padding of ABI 1.0's struct (40 bytes on 64-bit
// targets), so programs built against either header pass the same `struct_size`.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<FovealConfig>() == 40);

impl Default for FovealConfig {
    fn default() -> Self {
        FovealConfig {
            struct_size: std::mem::size_of::<FovealConfig>() as u32,
            threads: 0,
            cpu_level_cap: FOVEAL_CPU_AUTO,
            log_level: FOVEAL_LOG_WARNING,
            log_callback: None,
            log_user_data: std::ptr::null_mut(),
            subsample: 1,
            split_frames: FOVEAL_SPLIT_AUTO,
        }
    }
}

/// Called when a frame's scores are final: every model score and feature of frame
/// `frame_index` can then be read (e.g. with `foveal_get_score`). Frames are reported once
/// each, in index order, from inside `foveal_submit` (a frame or two after it was submitted
/// when a feature needs the next frame, as motion does, or later with threads) and
/// `foveal_flush`, on the calling thread and with the context unlocked: the callback may call
/// any function on `ctx` (reading scores is what it is for).
pub type FovealFrameCallback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, ctx: *mut FovealContext, frame_index: u64)>;

/// A temporal pooling method for `foveal_get_pooled`.
pub type FovealPooling = u32;
/// Arithmetic mean (as libvmaf).
pub const FOVEAL_POOL_MEAN: FovealPooling = 1;
/// libvmaf's harmonic mean: `n / sum(1 / (x + 1)) - 1`.
pub const FOVEAL_POOL_HARMONIC_MEAN: FovealPooling = 2;
/// Minimum.
pub const FOVEAL_POOL_MIN: FovealPooling = 3;
/// Maximum.
pub const FOVEAL_POOL_MAX: FovealPooling = 4;
/// Percentile `percentile` (0..=100), linear interpolation between ranks.
pub const FOVEAL_POOL_PERCENTILE: FovealPooling = 5;

/// A report format for `foveal_write_report` and `foveal_report_to_buffer` (libvmaf's
/// layouts).
pub type FovealReportFormat = u32;
/// XML.
pub const FOVEAL_REPORT_XML: FovealReportFormat = 1;
/// JSON.
pub const FOVEAL_REPORT_JSON: FovealReportFormat = 2;
/// CSV.
pub const FOVEAL_REPORT_CSV: FovealReportFormat = 3;
/// MicroDVD subtitles.
pub const FOVEAL_REPORT_SUB: FovealReportFormat = 4;

/// The bootstrap outputs of a model collection (e.g. `vmaf_b_v0.6.3`) for one frame or pooled.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FovealBootstrap {
    /// The collection's main model score (`<name>`).
    pub score: f64,
    /// Mean of the bootstrap members (`<name>_bagging`).
    pub bagging: f64,
    /// Their standard deviation (`<name>_stddev`).
    pub stddev: f64,
    /// Lower end of the 95% confidence interval (`<name>_ci_p95_lo`).
    pub ci_p95_lo: f64,
    /// Upper end of the 95% confidence interval (`<name>_ci_p95_hi`).
    pub ci_p95_hi: f64,
}

/// What is shared through the handle table: the logger (usable without the lock) and the state.
pub(crate) struct Shared {
    logger: Logger,
    state: Mutex<Context>,
}

enum Phase {
    Configuring,
    Running(Box<Scorer>),
    Flushed(Box<Report>),
    Failed {
        scorer: Option<Box<Scorer>>,
        reason: String,
    },
}

/// Feature names after the scorer is built.
struct Names {
    /// Printed (libvmaf) names in store order, NUL-terminated for C.
    printed: Vec<CString>,
    /// Stored and printed names to store id.
    ids: HashMap<String, usize>,
}

pub(crate) struct Context {
    threads: usize,
    /// `ScorerConfig::split_frames` (from `FovealConfig::split_frames`).
    split: Option<bool>,
    subsample: u32,
    models: Vec<ModelRequest>,
    model_names: Vec<String>,
    features: Vec<FeatureRequest>,
    callback: Option<(
        unsafe extern "C" fn(*mut c_void, *mut FovealContext, u64),
        usize,
    )>,
    phase: Phase,
    format: Option<FrameFormat>,
    names: Option<Names>,
    submitted: u64,
    /// Frames `0..notified` were handed to the frame callback (or completed before it was set).
    notified: u64,
    started: Option<Instant>,
    /// Set when a call panicked: the context refuses every further call but free.
    broken: Option<String>,
    /// Messages to log once the lock is released.
    logs: Vec<(FovealLogLevel, String)>,
    log_level: FovealLogLevel,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("format", &self.format)
            .field("submitted", &self.submitted)
            .finish_non_exhaustive()
    }
}

impl Context {
    fn log(&mut self, level: FovealLogLevel, message: impl FnOnce() -> String) {
        if level <= self.log_level && level > FOVEAL_LOG_NONE {
            self.logs.push((level, message()));
        }
    }

    fn configuring(&self, what: &str) -> FfiResult<()> {
        match self.phase {
            Phase::Configuring => Ok(()),
            _ => Err(FfiError::state(format!(
                "{what} must happen before scoring starts (before foveal_set_format or the first \
                 foveal_submit)"
            ))),
        }
    }

    fn store(&self) -> Option<(&FeatureStore, u64)> {
        match &self.phase {
            Phase::Configuring => None,
            Phase::Running(s) => Some((s.store(), s.completed())),
            Phase::Flushed(r) => Some((&r.store, r.frames)),
            Phase::Failed { scorer, .. } => scorer.as_ref().map(|s| (s.store(), s.completed())),
        }
    }

    fn flushed(&self) -> bool {
        matches!(self.phase, Phase::Flushed(_))
    }

    fn names(&self) -> FfiResult<&Names> {
        self.names.as_ref().ok_or_else(|| {
            FfiError::state(
                "no feature list yet: it is fixed by foveal_set_format or the first foveal_submit",
            )
        })
    }

    fn id(&self, name: &str) -> FfiResult<usize> {
        let names = self.names()?;
        names.ids.get(name).copied().ok_or_else(|| {
            let known: Vec<&str> = names
                .printed
                .iter()
                .map(|c| c.to_str().unwrap_or("?"))
                .collect();
            FfiError::new(
                FOVEAL_ERROR_NOT_FOUND,
                format!(
                    "no feature or model score named '{name}' in this context (available: {})",
                    known.join(", ")
                ),
            )
        })
    }

    /// Builds the scorer for `format` (configuring → running).
    fn start(&mut self, format: FrameFormat) -> FfiResult<()> {
        let config = ScorerConfig {
            models: self.models.clone(),
            no_prediction: false,
            features: self.features.clone(),
            threads: self.threads,
            split_frames: self.split,
            subsample: self.subsample,
            // Not in the C ABI yet; callers up-convert their own buffers (x << 2) meanwhile.
            processing_bit_depth: None,
        };
        if config.models.is_empty() && config.features.is_empty() {
            return Err(FfiError::state(
                "nothing to compute: add a model (foveal_add_model) or a feature (foveal_add_feature) first",
            ));
        }
        let scorer = Scorer::new(format, &config).map_err(|e| {
            let e = FfiError::from(e);
            FfiError::new(
                e.code,
                format!("cannot score {format} frames: {}", e.message),
            )
        })?;
        let mut ids = HashMap::new();
        let mut printed = Vec::new();
        for (id, stored) in scorer.store().names().iter().enumerate() {
            ids.entry(stored.clone()).or_insert(id);
            let alias = feature_alias(stored);
            ids.entry(alias.to_string()).or_insert(id);
            printed.push(CString::new(alias).unwrap_or_default());
        }
        let level = foveal_kernels::cpu::CpuLevel::active();
        let threads = self.threads;
        self.log(FOVEAL_LOG_INFO, || {
            format!(
                "scoring {format} frames, {threads} thread(s), cpu level {level}, outputs: {}",
                printed
                    .iter()
                    .map(|c| c.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        self.names = Some(Names { printed, ids });
        self.format = Some(format);
        self.phase = Phase::Running(Box::new(scorer));
        Ok(())
    }

    fn scoring(&mut self) -> FfiResult<&mut Scorer> {
        match &mut self.phase {
            Phase::Running(s) => Ok(s),
            Phase::Configuring => Err(FfiError::state("no frames submitted yet")),
            Phase::Flushed(_) => Err(FfiError::state(
                "the context was flushed; create a new context to score more frames",
            )),
            Phase::Failed { reason, .. } => Err(FfiError::state(format!(
                "scoring failed earlier ({reason}); free the context"
            ))),
        }
    }

    fn submit(&mut self, reference: &FrameView<'_>, distorted: &FrameView<'_>) -> FfiResult<()> {
        if reference.format() != distorted.format() {
            return Err(FfiError::new(
                FOVEAL_ERROR_INVALID_FRAME,
                format!(
                    "the reference picture of frame {} is {}, the distorted one {}: they must match",
                    self.submitted,
                    reference.format(),
                    distorted.format()
                ),
            ));
        }
        if matches!(self.phase, Phase::Configuring) {
            self.start(reference.format())?;
        }
        let index = self.submitted;
        let scorer = self.scoring()?;
        let expected = scorer.format();
        for (role, f) in [("reference", reference), ("distorted", distorted)] {
            if f.format() != expected {
                return Err(FfiError::new(
                    FOVEAL_ERROR_INVALID_FRAME,
                    format!(
                        "{role} picture of frame {index} is {}, this context scores {expected} frames",
                        f.format()
                    ),
                ));
            }
        }
        if let Err(e) = scorer.push(reference, distorted) {
            let e = FfiError::from(e);
            let reason = format!("frame {index}: {}", e.message);
            self.fail(reason.clone());
            return Err(FfiError::new(e.code, reason));
        }
        self.started.get_or_insert_with(Instant::now);
        self.submitted += 1;
        self.log(FOVEAL_LOG_DEBUG, || format!("frame {index} submitted"));
        Ok(())
    }

    fn fail(&mut self, reason: String) {
        let scorer = match std::mem::replace(&mut self.phase, Phase::Configuring) {
            Phase::Running(s) => Some(s),
            Phase::Failed { scorer, .. } => scorer,
            _ => None,
        };
        self.phase = Phase::Failed { scorer, reason };
    }

    fn flush(&mut self) -> FfiResult<()> {
        self.scoring()?;
        let Phase::Running(scorer) = std::mem::replace(&mut self.phase, Phase::Configuring) else {
            unreachable!("checked by scoring()");
        };
        let format = scorer.format();
        let frames = self.submitted;
        match scorer.finish() {
            Ok(scores) => {
                let elapsed = self.started.map_or(0.0, |t| t.elapsed().as_secs_f64());
                let fps = if elapsed > 0.0 {
                    frames as f64 / elapsed
                } else {
                    f64::INFINITY
                };
                let report = Report::new(scores, format.width(), format.height(), fps);
                if self.log_level >= FOVEAL_LOG_INFO {
                    let mut line = format!("flushed after {frames} frame(s)");
                    for name in &self.model_names {
                        if let Some(m) = report.pooled(name, Pooling::Mean) {
                            line.push_str(&format!(", {name} mean {m:.6}"));
                        }
                    }
                    self.log(FOVEAL_LOG_INFO, || line);
                }
                self.phase = Phase::Flushed(Box::new(report));
                Ok(())
            }
            Err(e) => {
                let e = FfiError::from(e);
                let reason = format!("flush: {}", e.message);
                self.phase = Phase::Failed {
                    scorer: None,
                    reason: reason.clone(),
                };
                Err(FfiError::new(e.code, reason))
            }
        }
    }

    /// Frames that completed since the last notification, with the callback to tell.
    fn take_events(&mut self) -> Option<(FrameCallback, std::ops::Range<u64>)> {
        let done = self.store().map_or(0, |(_, c)| c);
        if done <= self.notified {
            return None;
        }
        let range = self.notified..done;
        self.notified = done;
        if self.log_level >= FOVEAL_LOG_DEBUG {
            for i in range.clone() {
                self.log(FOVEAL_LOG_DEBUG, || format!("frame {i} complete"));
            }
        }
        self.callback.map(|cb| (cb, range))
    }

    /// A complete frame's value, or why there is none.
    fn value(&self, id: usize, index: u64) -> FfiResult<f64> {
        let (store, completed) = self
            .store()
            .ok_or_else(|| FfiError::state("no frames submitted yet"))?;
        if index >= completed {
            let (code, why) = if let Phase::Failed { reason, .. } = &self.phase {
                (
                    crate::status::FOVEAL_ERROR_STATE,
                    format!("frame {index} never completed: scoring failed ({reason})"),
                )
            } else if index >= self.submitted && self.flushed() {
                (
                    FOVEAL_ERROR_INVALID_ARGUMENT,
                    format!(
                        "frame {index} was never submitted ({} frames in all)",
                        self.submitted
                    ),
                )
            } else if index >= self.submitted {
                (
                    FOVEAL_ERROR_NOT_READY,
                    format!(
                        "frame {index} was not submitted yet ({} so far)",
                        self.submitted
                    ),
                )
            } else {
                (
                    FOVEAL_ERROR_NOT_READY,
                    if completed == 0 {
                        format!(
                            "frame {index} is not complete yet (no frame is); submit more frames or flush"
                        )
                    } else {
                        format!(
                            "frame {index} is not complete yet (frames 0 to {} are); submit more \
                             frames or flush",
                            completed - 1
                        )
                    },
                )
            };
            return Err(FfiError::new(code, why));
        }
        store.get(id, index).ok_or_else(|| {
            FfiError::new(
                FOVEAL_ERROR_NO_VALUE,
                format!(
                    "frame {index} has no value for {} (skipped by subsampling?)",
                    feature_alias(&store.names()[id])
                ),
            )
        })
    }

    /// The series of `id` over the complete frames (subsampled frames left out), as libvmaf
    /// pools it.
    fn series(&self, id: usize) -> FfiResult<Vec<f64>> {
        let (store, completed) = self
            .store()
            .ok_or_else(|| FfiError::state("no frames submitted yet"))?;
        let every = u64::from(self.subsample.max(1));
        let mut v = Vec::with_capacity(completed as usize);
        for i in (0..completed).filter(|i| i % every == 0) {
            match store.get(id, i) {
                Some(x) => v.push(x),
                None => {
                    return Err(FfiError::new(
                        FOVEAL_ERROR_NO_VALUE,
                        format!(
                            "{} has no value at frame {i}, so it has no pooled value",
                            feature_alias(&store.names()[id])
                        ),
                    ));
                }
            }
        }
        if v.is_empty() {
            return Err(FfiError::new(
                FOVEAL_ERROR_NO_VALUE,
                "no complete frames to pool yet",
            ));
        }
        Ok(v)
    }

    fn pooled(&self, id: usize, method: Pooling) -> FfiResult<f64> {
        let s = self.series(id)?;
        pool(&s, method).ok_or_else(|| FfiError::new(FOVEAL_ERROR_NO_VALUE, "nothing to pool"))
    }

    fn bootstrap_ids(&self, model: &str) -> FfiResult<[usize; 5]> {
        let main = self.id(model)?;
        let extra = ["_bagging", "_stddev", "_ci_p95_lo", "_ci_p95_hi"].map(|s| {
            self.names
                .as_ref()
                .and_then(|n| n.ids.get(&format!("{model}{s}")).copied())
        });
        match extra {
            [Some(b), Some(s), Some(lo), Some(hi)] => Ok([main, b, s, lo, hi]),
            _ => Err(FfiError::new(
                FOVEAL_ERROR_NOT_FOUND,
                format!(
                    "'{model}' is not a bootstrap model collection (load one such as vmaf_b_v0.6.3)"
                ),
            )),
        }
    }

    fn report(&self) -> FfiResult<&Report> {
        match &self.phase {
            Phase::Flushed(r) => Ok(r),
            _ => Err(FfiError::state(
                "the report exists only after foveal_flush succeeded",
            )),
        }
    }
}

type FrameCallback = (
    unsafe extern "C" fn(*mut c_void, *mut FovealContext, u64),
    usize,
);

/// Runs `f` on the context behind `handle` with its lock held; then, with the lock released,
/// logs what it queued (and its error) and runs the frame callback for frames that completed.
fn with_context<T>(
    function: &str,
    handle: *const FovealContext,
    f: impl FnOnce(&mut Context) -> FfiResult<T>,
) -> FfiResult<T> {
    let token = handle::from_ptr(handle);
    let shared = handle::context(token)?;
    let (r, logs, events) = {
        let mut ctx = shared.state.lock().map_err(|_| {
            FfiError::new(
                FOVEAL_ERROR_INTERNAL,
                "this context is unusable after an internal error; free it",
            )
        })?;
        if let Some(why) = &ctx.broken {
            return Err(FfiError::new(
                FOVEAL_ERROR_INTERNAL,
                format!("this context is unusable after an internal error ({why}); free it"),
            ));
        }
        let r = match catch_unwind(AssertUnwindSafe(|| f(&mut ctx))) {
            Ok(r) => r,
            Err(payload) => {
                let text = panic_text(payload.as_ref());
                ctx.broken = Some(text.clone());
                Err(FfiError::new(
                    FOVEAL_ERROR_INTERNAL,
                    format!("internal error (please report): {text}"),
                ))
            }
        };
        let logs = std::mem::take(&mut ctx.logs);
        let events = ctx.take_events();
        (r, logs, events)
    };
    for (level, message) in logs {
        shared.logger.log(level, &message);
    }
    if let Err(e) = &r {
        // "Not complete yet" and "no value" are ordinary answers to polling, not failures.
        let level = match e.code {
            FOVEAL_ERROR_NOT_READY | FOVEAL_ERROR_NO_VALUE => FOVEAL_LOG_DEBUG,
            _ => FOVEAL_LOG_ERROR,
        };
        if shared.logger.enabled(level) {
            shared
                .logger
                .log(level, &format!("{function}: {}", e.message));
        }
    }
    if let Some(((cb, user), range)) = events {
        let ctx_ptr = handle::to_ptr::<FovealContext>(token);
        for i in range {
            if !handle::is_live(token) {
                break;
            }
            // SAFETY: the callback and its user data were registered together by the caller
            // through foveal_set_frame_callback, whose contract is that the function can be
            // called with this signature on the calling thread.
            unsafe { cb(std::ptr::with_exposed_provenance_mut(user), ctx_ptr, i) };
        }
    }
    r
}

/// Runs a context call inside the panic firewall.
fn context_call(
    function: &str,
    handle: *const FovealContext,
    f: impl FnOnce(&mut Context) -> FfiResult<()>,
) -> FovealStatus {
    boundary(function, || with_context(function, handle, f))
}

/// Fills `*config` with the defaults: no worker threads, CPU level unchanged, warnings and
/// errors to standard error, every frame scored. Always call it before changing fields, so that
/// `struct_size` is right and new fields of later ABI versions get their defaults.
///
/// # Safety
/// `config` is NULL or points to a writable `FovealConfig`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_config_default(config: *mut FovealConfig) -> FovealStatus {
    boundary("foveal_config_default", || {
        // SAFETY: `config` is NULL or writable (this function's contract).
        let out = unsafe { ptr::output(config, "config") }?;
        out.write(FovealConfig::default());
        Ok(())
    })
}

fn cpu_level(level: i32) -> FfiResult<Option<foveal_kernels::cpu::CpuLevel>> {
    use foveal_kernels::cpu::CpuLevel;
    Ok(match level {
        FOVEAL_CPU_AUTO => None,
        FOVEAL_CPU_SCALAR => Some(CpuLevel::Scalar),
        FOVEAL_CPU_AVX2 => Some(CpuLevel::Avx2),
        FOVEAL_CPU_AVX512 => Some(CpuLevel::Avx512),
        FOVEAL_CPU_NEON => Some(CpuLevel::Neon),
        other => {
            return Err(FfiError::arg(format!(
                "invalid CPU level: {other} (allowed: FOVEAL_CPU_AUTO = -1, _SCALAR = 0, _AVX2 = 1, \
                 _AVX512 = 2, _NEON = 3)"
            )));
        }
    })
}

/// Caps the instruction set of kernels chosen from now on, process-wide (`FOVEAL_CPU_*`;
/// FOVEAL_CPU_AUTO removes the cap). A level the CPU lacks yields the best one below it. Scores
/// are identical at every level; the cap exists for testing and benchmarking.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_set_cpu_level_cap(level: i32) -> FovealStatus {
    boundary("foveal_set_cpu_level_cap", || {
        foveal_kernels::cpu::set_max_level(cpu_level(level)?);
        Ok(())
    })
}

/// The instruction-set level kernels use now (`FOVEAL_CPU_SCALAR`, `_AVX2`, `_AVX512` or
/// `_NEON`): the CPU's best, lowered by any cap.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_cpu_level() -> i32 {
    use foveal_kernels::cpu::CpuLevel;
    match catch_unwind(CpuLevel::active) {
        Ok(CpuLevel::Scalar) | Err(_) => FOVEAL_CPU_SCALAR,
        Ok(CpuLevel::Avx2) => FOVEAL_CPU_AVX2,
        Ok(CpuLevel::Avx512) => FOVEAL_CPU_AVX512,
        Ok(CpuLevel::Neon) => FOVEAL_CPU_NEON,
    }
}

/// Creates a context. `config` may be NULL for the defaults. On success `*out` is the new
/// handle; on failure it is set to NULL.
///
/// # Safety
/// `config` is NULL or points to a readable `FovealConfig`; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_context_create(
    config: *const FovealConfig,
    out: *mut *mut FovealContext,
) -> FovealStatus {
    boundary("foveal_context_create", || {
        // SAFETY: `out` is NULL or writable, `config` NULL or readable (this function's
        // contract).
        let (out, config) =
            unsafe { (ptr::output(out, "out")?, ptr::input_opt(config, "config")?) };
        out.write(std::ptr::null_mut());
        let config = config.copied().unwrap_or_default();
        let expected = std::mem::size_of::<FovealConfig>();
        if config.struct_size as usize != expected {
            return Err(FfiError::arg(format!(
                "config struct_size is {}, this library's FovealConfig has {expected} bytes (initialise \
                 it with foveal_config_default; header and library versions must match)",
                config.struct_size
            )));
        }
        if config.threads > FOVEAL_MAX_THREADS {
            return Err(FfiError::arg(format!(
                "invalid threads: {} (allowed: 0..={FOVEAL_MAX_THREADS})",
                config.threads
            )));
        }
        if !(FOVEAL_LOG_NONE..=FOVEAL_LOG_DEBUG).contains(&config.log_level) {
            return Err(FfiError::arg(format!(
                "invalid log_level: {} (allowed: FOVEAL_LOG_NONE = 0 .. FOVEAL_LOG_DEBUG = 4)",
                config.log_level
            )));
        }
        let split = match config.split_frames {
            FOVEAL_SPLIT_AUTO => None,
            FOVEAL_SPLIT_ON => Some(true),
            FOVEAL_SPLIT_OFF => Some(false),
            other => {
                return Err(FfiError::arg(format!(
                    "invalid split_frames: {other} (allowed: FOVEAL_SPLIT_AUTO = 0, _ON = 1, _OFF = 2)"
                )));
            }
        };
        if let Some(level) = cpu_level(config.cpu_level_cap)? {
            foveal_kernels::cpu::set_max_level(Some(level));
        }
        let logger = Logger {
            level: config.log_level,
            callback: config.log_callback,
            user_data: config.log_user_data.expose_provenance(),
        };
        let ctx = Context {
            threads: config.threads as usize,
            split,
            subsample: config.subsample.max(1),
            models: Vec::new(),
            model_names: Vec::new(),
            features: Vec::new(),
            callback: None,
            phase: Phase::Configuring,
            format: None,
            names: None,
            submitted: 0,
            notified: 0,
            started: None,
            broken: None,
            logs: Vec::new(),
            log_level: config.log_level,
        };
        let shared = Arc::new(Shared {
            logger,
            state: Mutex::new(ctx),
        });
        let token = handle::insert(Entry::Context(shared))?;
        logger.log(
            FOVEAL_LOG_INFO,
            &format!(
                "context created (foveal {}, ABI {}.{}.{}, {} thread(s), subsample {})",
                foveal::VERSION,
                crate::FOVEAL_ABI_VERSION_MAJOR,
                crate::FOVEAL_ABI_VERSION_MINOR,
                crate::FOVEAL_ABI_VERSION_PATCH,
                config.threads,
                config.subsample.max(1)
            ),
        );
        out.write(handle::to_ptr(token));
        Ok(())
    })
}

/// Frees a context and everything it holds (waiting for its worker threads). NULL is accepted
/// (FOVEAL_OK, nothing happens). Freeing a handle twice, or a handle that is not a context,
/// returns FOVEAL_ERROR_INVALID_HANDLE and changes nothing. Do not free a context while another
/// thread is still using it (the call waits for that thread's current call, then later calls
/// fail with FOVEAL_ERROR_INVALID_HANDLE).
#[unsafe(no_mangle)]
pub extern "C" fn foveal_context_free(ctx: *mut FovealContext) -> FovealStatus {
    boundary("foveal_context_free", || {
        let Some(Entry::Context(shared)) = handle::remove(handle::from_ptr(ctx), Kind::Context)?
        else {
            return Ok(());
        };
        let mut state = shared.state.lock().unwrap_or_else(|p| p.into_inner());
        // Join worker threads now rather than leaving them to wind down on their own.
        if let Phase::Running(scorer) = std::mem::replace(&mut state.phase, Phase::Configuring) {
            let _ = scorer.finish();
        }
        Ok(())
    })
}

/// The parts of a model option string: `enable_transform`, `disable_clip` (bare or
/// `=true`/`=false`) and `EXTRACTOR.OPTION=VALUE` overloads, colon-separated.
fn model_request(
    source: ModelSource,
    name: Option<&str>,
    options: Option<&str>,
) -> FfiResult<ModelRequest> {
    let options = options.unwrap_or("");
    for part in options.split(':') {
        let key = part.split('=').next().unwrap_or("").trim();
        if matches!(key, "version" | "path" | "name") {
            return Err(FfiError::arg(format!(
                "model options '{options}': {key}= is not an option here (pass the model and its name \
                 as arguments); allowed: enable_transform, disable_clip, EXTRACTOR.OPTION=VALUE"
            )));
        }
    }
    let parsed = ModelRequest::parse(&format!("version=_:{options}")).map_err(|_| {
        FfiError::arg(format!(
            "invalid model options: '{options}' (allowed: enable_transform, disable_clip \
             (bare or =true/=false) and EXTRACTOR.OPTION=VALUE, colon-separated)"
        ))
    })?;
    if let Some(n) = name
        && (n.is_empty() || n.contains(':'))
    {
        return Err(FfiError::arg(format!(
            "invalid model name: '{n}' (a non-empty name without ':')"
        )));
    }
    Ok(ModelRequest {
        source,
        name: name.map(str::to_string),
        flags: parsed.flags,
        overloads: parsed.overloads,
    })
}

fn add_model(
    ctx: &mut Context,
    model: Model,
    name: Option<&str>,
    options: Option<&str>,
) -> FfiResult<()> {
    ctx.configuring("adding a model")?;
    let effective = name.unwrap_or(model.name()).to_string();
    if ctx.model_names.contains(&effective) {
        return Err(FfiError::arg(format!(
            "model name '{effective}' is already used by another model of this context (pass a distinct name)"
        )));
    }
    let req = model_request(ModelSource::Loaded(Box::new(model)), name, options)?;
    for (ex, _, _) in &req.overloads {
        foveal::features::registry::extractor(ex)?;
    }
    // Loads (name, flags) once to surface errors now rather than at the first frame.
    req.load()?;
    ctx.model_names.push(effective);
    ctx.models.push(req);
    Ok(())
}

/// Adds a built-in model by version (e.g. `"vmaf_v0.6.1"`, `"vmaf_v0.6.1neg"`,
/// `"vmaf_4k_v0.6.1"`, the bootstrap collection `"vmaf_b_v0.6.3"`; see
/// `foveal_builtin_model_name`). `name` is the output name of its score (NULL: `"vmaf"`) and
/// must differ between models of a context. `options` (NULL or `""` for none) is libvmaf's
/// model option syntax: `enable_transform`, `disable_clip` and feature overloads such as
/// `vif.vif_enhn_gain_limit=1.0`, colon-separated. Only before scoring starts.
///
/// # Safety
/// `version` is a NUL-terminated string; `name` and `options` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_add_model(
    ctx: *mut FovealContext,
    version: *const c_char,
    name: *const c_char,
    options: *const c_char,
) -> FovealStatus {
    context_call("foveal_add_model", ctx, |ctx| {
        // SAFETY: NUL-terminated or NULL strings (this function's contract).
        let (version, name, options) = unsafe {
            (
                ptr::string(version, "version")?,
                ptr::string_opt(name, "name")?,
                ptr::string_opt(options, "options")?,
            )
        };
        ctx.configuring("adding a model")?;
        add_model(ctx, Model::builtin(version)?, name, options)
    })
}

/// Adds a model from a libvmaf JSON model file (a single model or a bootstrap collection).
/// `name` and `options` as for `foveal_add_model`.
///
/// # Safety
/// `path` is a NUL-terminated string; `name` and `options` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_add_model_file(
    ctx: *mut FovealContext,
    path: *const c_char,
    name: *const c_char,
    options: *const c_char,
) -> FovealStatus {
    context_call("foveal_add_model_file", ctx, |ctx| {
        // SAFETY: NUL-terminated or NULL strings (this function's contract).
        let (path, name, options) = unsafe {
            (
                ptr::path(path, "path")?,
                ptr::string_opt(name, "name")?,
                ptr::string_opt(options, "options")?,
            )
        };
        ctx.configuring("adding a model")?;
        add_model(ctx, Model::from_path(path)?, name, options)
    })
}

/// Adds a model from libvmaf JSON model text held in memory. `name` and `options` as for
/// `foveal_add_model`.
///
/// # Safety
/// `json` is a NUL-terminated string; `name` and `options` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_add_model_json(
    ctx: *mut FovealContext,
    json: *const c_char,
    name: *const c_char,
    options: *const c_char,
) -> FovealStatus {
    context_call("foveal_add_model_json", ctx, |ctx| {
        // SAFETY: NUL-terminated or NULL strings (this function's contract).
        let (json, name, options) = unsafe {
            (
                ptr::string(json, "json")?,
                ptr::string_opt(name, "name")?,
                ptr::string_opt(options, "options")?,
            )
        };
        ctx.configuring("adding a model")?;
        add_model(ctx, Model::from_json_str(json, "<json>")?, name, options)
    })
}

/// Adds a feature extractor by libvmaf name (`"psnr"`, `"float_ssim"`, `"float_ms_ssim"`,
/// `"cambi"`, `"psnr_hvs"`, `"ciede"`, `"vif"`, `"adm"`, `"motion"`, ...) with options
/// `"opt=value:opt2=value2"` (NULL or `""` for the defaults), e.g. `("cambi",
/// "enc_width=960:enc_height=540")`. Identical configurations are computed once. Options are
/// checked now; whether the extractor accepts the frame format is checked when scoring starts.
/// Only before scoring starts.
///
/// # Safety
/// `name` is a NUL-terminated string; `options` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_add_feature(
    ctx: *mut FovealContext,
    name: *const c_char,
    options: *const c_char,
) -> FovealStatus {
    context_call("foveal_add_feature", ctx, |ctx| {
        // SAFETY: NUL-terminated or NULL strings (this function's contract).
        let (name, options) = unsafe {
            (
                ptr::string(name, "name")?,
                ptr::string_opt(options, "options")?,
            )
        };
        ctx.configuring("adding a feature")?;
        if name.trim().is_empty() || name.contains(['=', ':']) {
            return Err(FfiError::arg(format!(
                "invalid feature name: '{name}' (an extractor name such as psnr or cambi; options go in \
                 the options argument)"
            )));
        }
        let req = match options.filter(|o| !o.trim().is_empty()) {
            Some(o) => FeatureRequest::parse(&format!("{name}={o}"))?,
            None => FeatureRequest::new(name.trim()),
        };
        req.resolve()?;
        ctx.features.push(req);
        Ok(())
    })
}

/// Fixes the frame format now instead of at the first `foveal_submit`, so that errors that
/// depend on it (a feature that refuses the size, a model whose features cannot run) show up
/// before any frame. Calling it again with the same format is allowed; another format is
/// FOVEAL_ERROR_STATE.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_set_format(
    ctx: *mut FovealContext,
    width: u32,
    height: u32,
    pixel_format: FovealPixelFormat,
    bit_depth: u32,
) -> FovealStatus {
    context_call("foveal_set_format", ctx, |ctx| {
        let format = picture::format_of(width, height, pixel_format, bit_depth)?;
        match (&ctx.phase, ctx.format) {
            (Phase::Configuring, _) => ctx.start(format),
            (_, Some(f)) if f == format => Ok(()),
            (_, f) => Err(FfiError::state(format!(
                "the format is already fixed ({}), cannot change it to {format}",
                f.map_or("none".to_string(), |f| f.to_string())
            ))),
        }
    })
}

/// Sets (or with NULL removes) the function called when a frame's scores are final (see
/// `FovealFrameCallback`). Frames that completed before it was set are not reported again.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_set_frame_callback(
    ctx: *mut FovealContext,
    callback: FovealFrameCallback,
    user_data: *mut c_void,
) -> FovealStatus {
    context_call("foveal_set_frame_callback", ctx, |ctx| {
        ctx.callback = callback.map(|cb| (cb, user_data.expose_provenance()));
        Ok(())
    })
}

/// Scores one frame pair: the reference picture and the distorted (decoded, reconstructed)
/// one, read in place during the call (with `threads > 0` they are copied before it returns; the
/// buffers can be reused as soon as it returns either way). `index` must be the number of pairs
/// submitted before (0, 1, 2, ...): frames are scored in order, and the index makes a skipped or
/// repeated frame an error (FOVEAL_ERROR_INVALID_ARGUMENT) instead of silently shifted scores.
/// Both pictures must have the same geometry, pixel format and bit depth as every other frame of
/// the context. The first call fixes the format and starts scoring (unless
/// `foveal_set_format` did). An invalid picture is refused without affecting the context; an
/// error during scoring itself leaves it failed (FOVEAL_ERROR_STATE afterwards).
///
/// # Safety
/// `reference` and `distorted` are NULL or point to readable `FovealPicture`s whose planes obey
/// the memory rule in `FovealPicture`'s description.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_submit(
    ctx: *mut FovealContext,
    reference: *const FovealPicture,
    distorted: *const FovealPicture,
    index: u64,
) -> FovealStatus {
    context_call("foveal_submit", ctx, |ctx| {
        if !matches!(ctx.phase, Phase::Configuring | Phase::Running(_)) {
            ctx.scoring()?;
        }
        if index != ctx.submitted {
            return Err(FfiError::arg(format!(
                "frame index {index} is out of order: expected {} (indices start at 0 and grow by one \
                 per submitted pair)",
                ctx.submitted
            )));
        }
        // SAFETY: picture structs NULL or readable, their planes obeying FovealPicture's memory
        // rule (this function's contract).
        let (r, d) = unsafe {
            let r = ptr::input(reference, "reference")?;
            let d = ptr::input(distorted, "distorted")?;
            (
                picture::view("reference", r)?,
                picture::view("distorted", d)?,
            )
        };
        ctx.submit(&r, &d)
    })
}

/// Finishes scoring: waits for every frame, computes what needs the whole clip, reports the
/// remaining frames to the frame callback and fixes the report. Afterwards scores, pooled values
/// and reports can be read; submitting or adding is FOVEAL_ERROR_STATE, and so is a second
/// flush. Flushing a context without frames is FOVEAL_ERROR_STATE.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_flush(ctx: *mut FovealContext) -> FovealStatus {
    context_call("foveal_flush", ctx, Context::flush)
}

/// Number of frame pairs submitted so far (the index the next `foveal_submit` expects).
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_frames_submitted(
    ctx: *mut FovealContext,
    out: *mut u64,
) -> FovealStatus {
    context_call("foveal_frames_submitted", ctx, |ctx| {
        // SAFETY: `out` is NULL or writable (this function's contract).
        let out = unsafe { ptr::output(out, "out") }?;
        out.write(ctx.submitted);
        Ok(())
    })
}

/// Number of complete frames: frames `0 .. *out - 1` have all their scores (after
/// `foveal_flush`, every submitted frame).
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_frames_completed(
    ctx: *mut FovealContext,
    out: *mut u64,
) -> FovealStatus {
    context_call("foveal_frames_completed", ctx, |ctx| {
        // SAFETY: `out` is NULL or writable (this function's contract).
        let out = unsafe { ptr::output(out, "out") }?;
        out.write(ctx.store().map_or(0, |(_, c)| c));
        Ok(())
    })
}

/// Number of per-frame outputs (features and model scores), known once scoring started.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_feature_count(
    ctx: *mut FovealContext,
    out: *mut usize,
) -> FovealStatus {
    context_call("foveal_feature_count", ctx, |ctx| {
        // SAFETY: `out` is NULL or writable (this function's contract).
        let out = unsafe { ptr::output(out, "out") }?;
        out.write(ctx.names()?.printed.len());
        Ok(())
    })
}

/// The name of output `i` (0 .. count-1) as libvmaf prints it (`"vmaf"`, `"integer_adm2"`,
/// `"psnr_y"`, `"cambi"`, ...), in report order. The string lives as long as the context.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_feature_name(
    ctx: *mut FovealContext,
    i: usize,
    out: *mut *const c_char,
) -> FovealStatus {
    context_call("foveal_feature_name", ctx, |ctx| {
        // SAFETY: `out` is NULL or writable (this function's contract).
        let out = unsafe { ptr::output(out, "out") }?;
        let names = &ctx.names()?.printed;
        let name = names.get(i).ok_or_else(|| {
            FfiError::arg(format!("feature index {i} (allowed: 0..{})", names.len()))
        })?;
        out.write(name.as_ptr());
        Ok(())
    })
}

/// The value of output `name` (printed name such as `"vmaf"` or `"integer_adm2"`, or libvmaf's
/// stored name) at frame `index`. FOVEAL_ERROR_NOT_READY while the frame is not complete,
/// FOVEAL_ERROR_NO_VALUE for a frame skipped by subsampling, FOVEAL_ERROR_NOT_FOUND for an
/// unknown name.
///
/// # Safety
/// `name` is a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_get_score(
    ctx: *mut FovealContext,
    name: *const c_char,
    index: u64,
    out: *mut f64,
) -> FovealStatus {
    context_call("foveal_get_score", ctx, |ctx| {
        // SAFETY: `name` NUL-terminated, `out` NULL or writable (this function's contract).
        let (name, out) = unsafe { (ptr::string(name, "name")?, ptr::output(out, "out")?) };
        let id = ctx.id(name)?;
        out.write(ctx.value(id, index)?);
        Ok(())
    })
}

/// Every output of frame `index` at once, in `foveal_feature_name` order, into `values`
/// (`count` elements, at least `foveal_feature_count`; FOVEAL_ERROR_BUFFER_TOO_SMALL
/// otherwise). Outputs without a value (subsampled frames) are NaN.
///
/// # Safety
/// `values` is NULL or points to `count` writable doubles.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_get_frame_scores(
    ctx: *mut FovealContext,
    index: u64,
    values: *mut f64,
    count: usize,
) -> FovealStatus {
    context_call("foveal_get_frame_scores", ctx, |ctx| {
        let n = ctx.names()?.printed.len();
        if count < n {
            return Err(FfiError::new(
                FOVEAL_ERROR_BUFFER_TOO_SMALL,
                format!("values holds {count} doubles, this context has {n} outputs"),
            ));
        }
        // SAFETY: `values` is NULL or has `count` writable doubles (this function's contract).
        let dst = unsafe { ptr::slice_mut(values, count, "values") }?;
        let (store, completed) = ctx
            .store()
            .ok_or_else(|| FfiError::state("no frames submitted yet"))?;
        if index >= completed {
            // Same message as a single read.
            ctx.value(0, index)?;
        }
        for (id, d) in dst.iter_mut().take(n).enumerate() {
            d.write(store.get(id, index).unwrap_or(f64::NAN));
        }
        Ok(())
    })
}

fn pooling(method: FovealPooling, percentile: f64) -> FfiResult<Pooling> {
    Ok(match method {
        FOVEAL_POOL_MEAN => Pooling::Mean,
        FOVEAL_POOL_HARMONIC_MEAN => Pooling::HarmonicMean,
        FOVEAL_POOL_MIN => Pooling::Min,
        FOVEAL_POOL_MAX => Pooling::Max,
        FOVEAL_POOL_PERCENTILE if (0.0..=100.0).contains(&percentile) => {
            Pooling::Percentile(percentile)
        }
        FOVEAL_POOL_PERCENTILE => {
            return Err(FfiError::arg(format!(
                "invalid percentile: {percentile} (allowed: 0..=100)"
            )));
        }
        other => {
            return Err(FfiError::arg(format!(
                "invalid pooling method: {other} (allowed: FOVEAL_POOL_MEAN = 1, _HARMONIC_MEAN = 2, \
                 _MIN = 3, _MAX = 4, _PERCENTILE = 5)"
            )));
        }
    })
}

/// Output `name` pooled over the complete frames (all frames after `foveal_flush`; the
/// values then equal the report's `pooled_metrics`). `percentile` (0..=100) is read only with
/// FOVEAL_POOL_PERCENTILE.
///
/// # Safety
/// `name` is a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_get_pooled(
    ctx: *mut FovealContext,
    name: *const c_char,
    method: FovealPooling,
    percentile: f64,
    out: *mut f64,
) -> FovealStatus {
    context_call("foveal_get_pooled", ctx, |ctx| {
        // SAFETY: `name` NUL-terminated, `out` NULL or writable (this function's contract).
        let (name, out) = unsafe { (ptr::string(name, "name")?, ptr::output(out, "out")?) };
        let method = pooling(method, percentile)?;
        let id = ctx.id(name)?;
        out.write(ctx.pooled(id, method)?);
        Ok(())
    })
}

/// The bootstrap outputs of model collection `model_name` (the name given when adding e.g.
/// `vmaf_b_v0.6.3`) at frame `index`. FOVEAL_ERROR_NOT_FOUND for a model that is not a
/// collection.
///
/// # Safety
/// `model_name` is a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_get_bootstrap(
    ctx: *mut FovealContext,
    model_name: *const c_char,
    index: u64,
    out: *mut FovealBootstrap,
) -> FovealStatus {
    context_call("foveal_get_bootstrap", ctx, |ctx| {
        // SAFETY: `model_name` NUL-terminated, `out` NULL or writable (this function's contract).
        let (name, out) = unsafe {
            (
                ptr::string(model_name, "model_name")?,
                ptr::output(out, "out")?,
            )
        };
        let ids = ctx.bootstrap_ids(name)?;
        let mut v = [0.0; 5];
        for (x, id) in v.iter_mut().zip(ids) {
            *x = ctx.value(id, index)?;
        }
        out.write(FovealBootstrap {
            score: v[0],
            bagging: v[1],
            stddev: v[2],
            ci_p95_lo: v[3],
            ci_p95_hi: v[4],
        });
        Ok(())
    })
}

/// The bootstrap outputs of `model_name`, each pooled with `method` over the complete frames
/// (libvmaf pools the per-frame series; this is not an interval of the pooled score).
///
/// # Safety
/// `model_name` is a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_get_pooled_bootstrap(
    ctx: *mut FovealContext,
    model_name: *const c_char,
    method: FovealPooling,
    percentile: f64,
    out: *mut FovealBootstrap,
) -> FovealStatus {
    context_call("foveal_get_pooled_bootstrap", ctx, |ctx| {
        // SAFETY: `model_name` NUL-terminated, `out` NULL or writable (this function's contract).
        let (name, out) = unsafe {
            (
                ptr::string(model_name, "model_name")?,
                ptr::output(out, "out")?,
            )
        };
        let method = pooling(method, percentile)?;
        let ids = ctx.bootstrap_ids(name)?;
        let mut v = [0.0; 5];
        for (x, id) in v.iter_mut().zip(ids) {
            *x = ctx.pooled(id, method)?;
        }
        out.write(FovealBootstrap {
            score: v[0],
            bagging: v[1],
            stddev: v[2],
            ci_p95_lo: v[3],
            ci_p95_hi: v[4],
        });
        Ok(())
    })
}

/// A run-level metric (libvmaf's `aggregate_metrics`, e.g. `"apsnr_y"` from
/// `psnr` with `enable_apsnr=true`), after `foveal_flush`.
///
/// # Safety
/// `name` is a NUL-terminated string; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_get_aggregate(
    ctx: *mut FovealContext,
    name: *const c_char,
    out: *mut f64,
) -> FovealStatus {
    context_call("foveal_get_aggregate", ctx, |ctx| {
        // SAFETY: `name` NUL-terminated, `out` NULL or writable (this function's contract).
        let (name, out) = unsafe { (ptr::string(name, "name")?, ptr::output(out, "out")?) };
        let report = ctx.report()?;
        let v = report
            .aggregate
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                FfiError::new(
                    FOVEAL_ERROR_NOT_FOUND,
                    format!(
                        "no aggregate metric '{name}' (available: {})",
                        report
                            .aggregate
                            .iter()
                            .map(|(n, _)| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        out.write(v);
        Ok(())
    })
}

fn report_format(f: FovealReportFormat) -> FfiResult<ReportFormat> {
    Ok(match f {
        FOVEAL_REPORT_XML => ReportFormat::Xml,
        FOVEAL_REPORT_JSON => ReportFormat::Json,
        FOVEAL_REPORT_CSV => ReportFormat::Csv,
        FOVEAL_REPORT_SUB => ReportFormat::Sub,
        other => {
            return Err(FfiError::arg(format!(
                "invalid report format: {other} (allowed: FOVEAL_REPORT_XML = 1, _JSON = 2, _CSV = 3, \
                 _SUB = 4)"
            )));
        }
    })
}

/// Writes the report (libvmaf's layout for `format`) to the file `path`, after `foveal_flush`.
///
/// # Safety
/// `path` is a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_write_report(
    ctx: *mut FovealContext,
    format: FovealReportFormat,
    path: *const c_char,
) -> FovealStatus {
    context_call("foveal_write_report", ctx, |ctx| {
        // SAFETY: `path` NUL-terminated (this function's contract).
        let path = unsafe { ptr::path(path, "path") }?;
        let format = report_format(format)?;
        let report = ctx.report()?;
        let io = |e: std::io::Error| {
            FfiError::new(
                FOVEAL_ERROR_IO,
                format!("cannot write {}: {e}", path.display()),
            )
        };
        let file = std::fs::File::create(path).map_err(io)?;
        let mut w = std::io::BufWriter::new(file);
        report.write(format, &mut w).map_err(io)?;
        w.flush().map_err(io)?;
        Ok(())
    })
}

/// Writes the report as a NUL-terminated string into `buffer` (`capacity` bytes), after
/// `foveal_flush`. `*size` receives the bytes needed including the NUL. Call with
/// `buffer = NULL, capacity = 0` to query the size (FOVEAL_OK); a non-NULL buffer that is too
/// small is left untouched and FOVEAL_ERROR_BUFFER_TOO_SMALL is returned. The text is the same
/// on every call.
///
/// # Safety
/// `buffer` is NULL or has `capacity` writable bytes; `size` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn foveal_report_to_buffer(
    ctx: *mut FovealContext,
    format: FovealReportFormat,
    buffer: *mut c_char,
    capacity: usize,
    size: *mut usize,
) -> FovealStatus {
    context_call("foveal_report_to_buffer", ctx, |ctx| {
        // SAFETY: `size` NULL or writable (this function's contract).
        let size = unsafe { ptr::output(size, "size") }?;
        let format = report_format(format)?;
        let report = ctx.report()?;
        let mut text = Vec::new();
        report
            .write(format, &mut text)
            .map_err(|e| FfiError::new(FOVEAL_ERROR_IO, format!("report: {e}")))?;
        text.push(0);
        size.write(text.len());
        if buffer.is_null() && capacity == 0 {
            return Ok(());
        }
        if capacity < text.len() {
            return Err(FfiError::new(
                FOVEAL_ERROR_BUFFER_TOO_SMALL,
                format!(
                    "the report needs {} bytes, the buffer has {capacity}",
                    text.len()
                ),
            ));
        }
        // SAFETY: `buffer` NULL or `capacity` writable bytes (this function's contract).
        let dst = unsafe { ptr::slice_mut(buffer.cast::<u8>(), capacity, "buffer") }?;
        for (d, s) in dst.iter_mut().zip(&text) {
            d.write(*s);
        }
        Ok(())
    })
}

fn builtin_names() -> &'static [CString] {
    static NAMES: std::sync::OnceLock<Vec<CString>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        foveal::model::builtin_versions()
            .iter()
            .map(|v| CString::new(*v).unwrap_or_default())
            .collect()
    })
}

/// Number of built-in model versions.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_builtin_model_count() -> usize {
    catch_unwind(|| builtin_names().len()).unwrap_or(0)
}

/// The version name of built-in model `i` (static string), or NULL past the end.
#[unsafe(no_mangle)]
pub extern "C" fn foveal_builtin_model_name(i: usize) -> *const c_char {
    catch_unwind(|| {
        builtin_names()
            .get(i)
            .map_or(std::ptr::null(), |c| c.as_ptr())
    })
    .unwrap_or(std::ptr::null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{FOVEAL_ERROR_INVALID_HANDLE, FOVEAL_ERROR_STATE, FOVEAL_OK};
    use std::ffi::CStr;

    fn c(s: &str) -> CString {
        CString::new(s).unwrap()
    }

    /// A flat-ish 8-bit 4:2:0 pair with a little texture, `w x h`, frame `k`.
    fn frame(w: usize, h: usize, k: usize, noise: u8) -> Vec<u8> {
        let n = w * h + 2 * w.div_ceil(2) * h.div_ceil(2);
        (0..n)
            .map(|i| ((i * 7 + k * 13) % 200) as u8 + if i % 5 == 0 { noise } else { 0 })
            .collect()
    }

    fn picture(buf: &[u8], w: u32, h: u32) -> FovealPicture {
        let (cw, ch) = (w.div_ceil(2) as usize, h.div_ceil(2) as usize);
        let y = (w * h) as usize;
        FovealPicture {
            data: [
                buf.as_ptr().cast(),
                buf[y..].as_ptr().cast(),
                buf[y + cw * ch..].as_ptr().cast(),
            ],
            stride: [w as isize, cw as isize, cw as isize],
            width: w,
            height: h,
            pixel_format: crate::picture::FOVEAL_PIXEL_FORMAT_YUV420,
            bit_depth: 8,
        }
    }

    #[test]
    fn split_frames_reaches_the_scorer() {
        for (mode, threads, want) in [
            (FOVEAL_SPLIT_ON, 2, (2, true)),
            (FOVEAL_SPLIT_OFF, 2, (2, false)),
            // Auto: a small frame is not split.
            (FOVEAL_SPLIT_AUTO, 2, (2, false)),
        ] {
            let cfg = FovealConfig {
                log_level: FOVEAL_LOG_NONE,
                threads,
                split_frames: mode,
                ..FovealConfig::default()
            };
            let mut ctx: *mut FovealContext = std::ptr::null_mut();
            // SAFETY: valid config and out pointer.
            assert_eq!(unsafe { foveal_context_create(&cfg, &mut ctx) }, FOVEAL_OK);
            // SAFETY: NUL-terminated strings.
            let s = unsafe { foveal_add_feature(ctx, c("vif").as_ptr(), std::ptr::null()) };
            assert_eq!(s, FOVEAL_OK);
            assert_eq!(
                foveal_set_format(ctx, 64, 48, crate::picture::FOVEAL_PIXEL_FORMAT_YUV420, 8),
                FOVEAL_OK
            );
            let got = with_context("test", ctx, |ctx| match &ctx.phase {
                Phase::Running(s) => Ok(s.parallelism()),
                _ => Err(FfiError::state("not running")),
            });
            assert_eq!(got.ok(), Some(want), "split_frames {mode}");
            assert_eq!(foveal_context_free(ctx), FOVEAL_OK);
        }
    }

    #[test]
    fn rust_side_round_trip_and_state_errors() {
        let cfg = FovealConfig {
            log_level: FOVEAL_LOG_NONE,
            ..FovealConfig::default()
        };
        let mut ctx: *mut FovealContext = std::ptr::null_mut();
        // SAFETY: valid config and out pointer.
        assert_eq!(unsafe { foveal_context_create(&cfg, &mut ctx) }, FOVEAL_OK);
        // SAFETY: NUL-terminated strings.
        let s = unsafe { foveal_add_feature(ctx, c("psnr").as_ptr(), std::ptr::null()) };
        assert_eq!(s, FOVEAL_OK);
        let (w, h) = (64u32, 48u32);
        for k in 0..3 {
            let r = frame(64, 48, k, 0);
            let d = frame(64, 48, k, 9);
            let (rp, dp) = (picture(&r, w, h), picture(&d, w, h));
            // SAFETY: pictures describe live, correctly sized buffers.
            assert_eq!(unsafe { foveal_submit(ctx, &rp, &dp, k as u64) }, FOVEAL_OK);
        }
        assert_eq!(foveal_flush(ctx), FOVEAL_OK);
        assert_eq!(foveal_flush(ctx), FOVEAL_ERROR_STATE);
        let mut v = 0.0;
        let name = c("psnr_y");
        // SAFETY: NUL-terminated name, writable out.
        let s = unsafe { foveal_get_score(ctx, name.as_ptr(), 2, &mut v) };
        assert_eq!(s, FOVEAL_OK);
        assert!(v > 20.0 && v < 60.0, "{v}");
        // SAFETY: NUL-terminated name, writable out.
        let s = unsafe { foveal_add_feature(ctx, c("ssim").as_ptr(), std::ptr::null()) };
        assert_eq!(s, FOVEAL_ERROR_STATE);
        // SAFETY: the last error is a NUL-terminated string.
        let msg = unsafe { CStr::from_ptr(crate::status::foveal_last_error()) };
        assert!(
            msg.to_str()
                .unwrap()
                .starts_with("foveal_add_feature: adding a feature must happen"),
            "{msg:?}"
        );
        assert_eq!(foveal_context_free(ctx), FOVEAL_OK);
        assert_eq!(foveal_context_free(ctx), FOVEAL_ERROR_INVALID_HANDLE);
        assert_eq!(foveal_context_free(std::ptr::null_mut()), FOVEAL_OK);
    }

    #[test]
    fn failed_and_broken_contexts_refuse_work() {
        let cfg = FovealConfig {
            log_level: FOVEAL_LOG_NONE,
            ..FovealConfig::default()
        };
        let mut ctx: *mut FovealContext = std::ptr::null_mut();
        // SAFETY: valid config and out pointer.
        assert_eq!(unsafe { foveal_context_create(&cfg, &mut ctx) }, FOVEAL_OK);
        let name = c("psnr");
        // SAFETY: NUL-terminated name.
        let s = unsafe { foveal_add_feature(ctx, name.as_ptr(), std::ptr::null()) };
        assert_eq!(s, FOVEAL_OK);
        let r = frame(64, 48, 0, 0);
        let rp = picture(&r, 64, 48);
        // SAFETY: the picture describes a live, correctly sized buffer.
        assert_eq!(unsafe { foveal_submit(ctx, &rp, &rp, 0) }, FOVEAL_OK);
        let shared = handle::context(handle::from_ptr(ctx)).unwrap();
        // Scoring failed (as when an extractor errors mid-clip): reads of complete frames still
        // work, everything else is refused with the reason.
        shared.state.lock().unwrap().fail("boom".to_string());
        // SAFETY: the picture describes a live, correctly sized buffer.
        let status = unsafe { foveal_submit(ctx, &rp, &rp, 1) };
        assert_eq!(status, FOVEAL_ERROR_STATE);
        // SAFETY: the last error is a NUL-terminated string.
        let msg = unsafe { CStr::from_ptr(crate::status::foveal_last_error()) };
        assert!(
            msg.to_str()
                .unwrap()
                .contains("scoring failed earlier (boom)"),
            "{msg:?}"
        );
        assert_eq!(foveal_flush(ctx), FOVEAL_ERROR_STATE);
        let (mut v, y) = (0.0, c("psnr_y"));
        // SAFETY: NUL-terminated name, writable out.
        let s = unsafe { foveal_get_score(ctx, y.as_ptr(), 0, &mut v) };
        assert_eq!(s, FOVEAL_OK);
        // SAFETY: NUL-terminated name, writable out.
        let s = unsafe { foveal_get_score(ctx, y.as_ptr(), 1, &mut v) };
        assert_eq!(s, FOVEAL_ERROR_STATE);
        // After a caught panic the context refuses every call but free.
        shared.state.lock().unwrap().broken = Some("bug".to_string());
        drop(shared);
        let mut n = 0u64;
        // SAFETY: writable out.
        let s = unsafe { foveal_frames_submitted(ctx, &mut n) };
        assert_eq!(s, FOVEAL_ERROR_INTERNAL);
        assert_eq!(foveal_context_free(ctx), FOVEAL_OK);
    }
}
