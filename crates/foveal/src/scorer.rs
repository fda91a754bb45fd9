//! The streaming scorer: configure extractors (and models), push `(reference, distorted)` frame
//! pairs, finish to get every per-frame value.
//!
//! One scorer serves the CLI, the C ABI and Python. Frames come in two ways:
//!
//! - **borrowed** ([`Scorer::push`]): with `threads == 0` every extractor runs on the calling
//!   thread inside `push` and nothing is copied except the reference frames that `PREV_REF`
//!   extractors (motion) need later; with `threads > 0` each pair is copied into a recycled
//!   buffer for the workers;
//! - **owned** ([`Scorer::frame_buffer`] + [`Scorer::push_frames`]): the caller fills buffers the
//!   scorer recycles, and hands them over; nothing is copied at all (the reference is kept for
//!   motion by reference count). The CLI reads its files this way.
//!
//! With `threads > 0` frames are scored on workers (frame-level parallelism, as libvmaf); at most
//! `threads + ⌈threads / 2⌉` (≤ `2 * threads`) frames are in flight, so memory is bounded
//! whatever the clip length. When `2 * threads` frame pairs would take more than
//! [`SPLIT_IN_FLIGHT_BYTES`] and VIF is computed (or as
//! [`ScorerConfig::split_frames`] says), frames are split instead: one frame at a time (pushing
//! the next waits until it is done, so the caller reads it meanwhile), its extractors run side by
//! side and VIF splits its rows into bands, in a rayon pool of `threads` threads. That keeps one
//! frame's memory, and short clips of large frames scale too (frame-level parallelism cannot
//! start more frames than the clip has); on long clips scoring whole frames side by side is
//! faster (no barrier inside a frame). Every frame
//! is computed by the same arithmetic whichever worker runs it, so results are identical for any
//! thread count. In steady state nothing is allocated per frame: frame buffers, the workers'
//! result lists and the per-slot value lists are recycled.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::error::{Error, Result};
use crate::features::extractor::{ExtractInput, Extractor, FeatureStore};
use crate::features::options::{Options, normalize_value};
use crate::features::registry;
use crate::frame::{Frame, FrameFormat, FrameView};
use crate::model::{BootstrapScores, Model, ModelFlags};

/// A request for one extractor with options, e.g. from `--feature cambi=enc_width=960`.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureRequest {
    /// Registered extractor name.
    pub extractor: String,
    /// Options as `(name, value)` text pairs.
    pub options: Vec<(String, String)>,
}

impl FeatureRequest {
    /// A request with default options.
    pub fn new(extractor: impl Into<String>) -> FeatureRequest {
        FeatureRequest {
            extractor: extractor.into(),
            options: Vec::new(),
        }
    }

    /// Adds an option.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> FeatureRequest {
        self.options.push((name.into(), value.into()));
        self
    }

    /// Parses libvmaf's `--feature` syntax: `name` or `name=opt=val:opt2=val2`.
    pub fn parse(spec: &str) -> Result<FeatureRequest> {
        let (name, rest) = match spec.split_once('=') {
            Some((n, r)) => (n, Some(r)),
            None => (spec, None),
        };
        if name.trim().is_empty() {
            return Err(Error::invalid(
                "feature",
                spec,
                "NAME or NAME=OPTION=VALUE:...",
            ));
        }
        let mut req = FeatureRequest::new(name.trim());
        if let Some(rest) = rest {
            for kv in rest.split(':').filter(|s| !s.is_empty()) {
                let (k, v) = kv.split_once('=').ok_or_else(|| {
                    Error::invalid("feature option", format!("{name}: {kv}"), "OPTION=VALUE")
                })?;
                req.options
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        Ok(req)
    }

    /// The extractor's options with this request applied (libvmaf's normalisation of numbers).
    pub fn resolve(&self) -> Result<Options> {
        let mut o = registry::default_options(&self.extractor)?;
        for (k, v) in &self.options {
            o.set(k, &normalize_value(v))?;
        }
        Ok(o)
    }
}

/// Where a model comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelSource {
    /// A built-in version (`vmaf_v0.6.1`, ...).
    Version(String),
    /// A libvmaf-format JSON file.
    Path(std::path::PathBuf),
    /// A model already loaded (e.g. from JSON text handed over by a binding).
    Loaded(Box<Model>),
}

/// A model to score with, as libvmaf's `--model` describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRequest {
    /// The model.
    pub source: ModelSource,
    /// Output name (default `vmaf`); must be unique among a scorer's models.
    pub name: Option<String>,
    /// Prediction flags (`enable_transform`, `disable_clip`).
    pub flags: ModelFlags,
    /// Feature option overloads `(extractor, option, value)`, e.g. `("vif", "vif_enhn_gain_limit", "1.0")`.
    pub overloads: Vec<(String, String, String)>,
}

impl ModelRequest {
    /// A built-in model by version, with default name and flags.
    pub fn version(v: impl Into<String>) -> ModelRequest {
        ModelRequest {
            source: ModelSource::Version(v.into()),
            name: None,
            flags: ModelFlags::default(),
            overloads: Vec::new(),
        }
    }

    /// Parses libvmaf's `--model` syntax: colon-separated `version=NAME` or `path=FILE`, then
    /// `name=…`, `enable_transform`, `disable_clip` (bare or `=true`), and
    /// `EXTRACTOR.OPTION=VALUE` overloads.
    pub fn parse(spec: &str) -> Result<ModelRequest> {
        let mut source = None;
        let mut req = ModelRequest::version("");
        let bool_of = |k: &str, v: Option<&str>| match v {
            None | Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(Error::invalid(
                "model flag",
                format!("{k}={other}"),
                "true or false",
            )),
        };
        for part in spec.split(':').filter(|p| !p.is_empty()) {
            let (k, v) = match part.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim())),
                None => (part.trim(), None),
            };
            match (k, v) {
                ("version", Some(v)) => source = Some(ModelSource::Version(v.to_string())),
                ("path", Some(v)) => source = Some(ModelSource::Path(v.into())),
                ("name", Some(v)) => req.name = Some(v.to_string()),
                ("enable_transform", v) => req.flags.enable_transform = bool_of(k, v)?,
                ("disable_clip", v) => req.flags.disable_clip = bool_of(k, v)?,
                (k, Some(v)) if k.contains('.') => {
                    let (ex, opt) = k.split_once('.').expect("checked");
                    req.overloads
                        .push((ex.to_string(), opt.to_string(), v.to_string()));
                }
                _ => {
                    return Err(Error::invalid(
                        "model specification",
                        spec,
                        "version=NAME or path=FILE, then :name=…, :enable_transform, :disable_clip, :EXTRACTOR.OPTION=VALUE",
                    ));
                }
            }
        }
        req.source = source.ok_or_else(|| {
            Error::invalid(
                "model specification",
                spec,
                "one of version=NAME or path=FILE",
            )
        })?;
        Ok(req)
    }

    /// Loads the model, named and flagged as requested.
    pub fn load(&self) -> Result<Model> {
        let m = match &self.source {
            ModelSource::Version(v) => Model::builtin(v)?,
            ModelSource::Path(p) => Model::from_path(p)?,
            ModelSource::Loaded(m) => (**m).clone(),
        };
        let m = m.with_flags(self.flags);
        Ok(match &self.name {
            Some(n) => m.with_name(n.clone()),
            None => m,
        })
    }
}

struct ModelSlot {
    model: Model,
    /// Store ids of the model's inputs, in the model's feature order.
    inputs: Vec<usize>,
    /// Store ids of its outputs, in [`Model::output_names`] order.
    outputs: Vec<usize>,
}

/// Scorer settings.
#[derive(Debug, Clone, Default)]
pub struct ScorerConfig {
    /// Models to predict with; their features are computed first, as libvmaf's CLI does.
    pub models: Vec<ModelRequest>,
    /// Compute the models' features but no scores (libvmaf's `--no_prediction`).
    pub no_prediction: bool,
    /// Extractors to run. Identical configurations are merged, as in libvmaf.
    pub features: Vec<FeatureRequest>,
    /// Worker threads; 0 runs everything on the calling thread.
    pub threads: usize,
    /// Score every n-th frame (0 or 1 = every frame), as libvmaf's `n_subsample`.
    pub subsample: u32,
    /// Split each frame's work over the threads (`Some(true)`) instead of scoring `threads`
    /// frames at once (`Some(false)`); `None` splits frames when `2 * threads` frame pairs (at
    /// least what frames side by side keep in flight) would take more than
    /// [`SPLIT_IN_FLIGHT_BYTES`] and an extractor splits its own work (VIF: the VMAF v0.6.1
    /// family; frames for a model without VIF, such as v1.0.16, or for CAMBI alone are scored
    /// side by side). Results are identical either way.
    /// Ignored with fewer than two threads.
    pub split_frames: Option<bool>,
    /// Score at this bit depth: frames of fewer bits are shifted up (`x << (n - bits)`) before
    /// every feature sees them. Netflix advises 10 for VMAF v1.0.16 even on 8-bit video (it
    /// mostly changes CAMBI, which no longer anti-dithers 8-bit input). `None` = input depth.
    pub processing_bit_depth: Option<u8>,
}

/// By default ([`ScorerConfig::split_frames`] `None`) frames are split over the threads when
/// scoring them side by side would hold more than this many bytes of frames in flight
/// (counted as `2 * threads` reference and distorted pairs, at least what is in flight): 1 GiB,
/// reached by 2160p 10-bit 4:2:0 from 11 threads on and by 4320p 10-bit from 3. Below it whole
/// frames side by side are faster on long clips (2160p 10-bit on two threads: 7 % less wall-clock time, `docs/simd.md`).
pub const SPLIT_IN_FLIGHT_BYTES: usize = 1 << 30;

struct Slot {
    options: Options,
    /// Feature ids in the store, in `features()` order.
    ids: Vec<usize>,
    flush_ids: Vec<usize>,
    prev_refs: usize,
    temporal: bool,
    /// The instance used on the calling thread (all slots when single-threaded, temporal
    /// slots otherwise) and for flush.
    local: Box<dyn Extractor>,
}

/// What a worker needs to build and run one slot's extractor.
struct WorkerSlot {
    slot: usize,
    options: Options,
    /// Run on frames whose index is a multiple of this (subsampling).
    every: u64,
    n_features: usize,
}

/// The values a job produced: per worker slot, `(slot index, values)`. Recycled: the scorer
/// sends emptied lists back with later jobs.
type SlotValues = Vec<(usize, Vec<Option<f64>>)>;

struct Job {
    index: u64,
    reference: Arc<Frame>,
    distorted: Arc<Frame>,
    prev: [Option<Arc<Frame>>; 2],
    /// A list to fill (recycled from an earlier result).
    out: SlotValues,
}

type JobResult = Result<(u64, SlotValues)>;

struct Pool {
    /// The rayon pool a split frame runs in (one worker then).
    split: Option<Arc<rayon::ThreadPool>>,
    jobs: Option<SyncSender<Job>>,
    results: Receiver<JobResult>,
    workers: Vec<JoinHandle<()>>,
    in_flight: usize,
    /// Result lists back from the workers, to send out again with the next jobs.
    spare_out: Vec<SlotValues>,
}

impl Pool {
    /// Frames queued or being scored at most. Frame-parallel: one per worker and one more per
    /// two workers (1 worker: 2, 2 workers: 3; at most `2 · threads`), so that a worker done
    /// with a frame finds the next one waiting. Two per worker held more frame buffers without
    /// keeping the workers busier: at 2160p 10-bit with two workers, one pair fewer is 33 MB and
    /// 8k page faults less, and −1.4 % wall-clock time (median of 8 alternated runs, 2026-11-28;
    /// equal at 1080p); one per worker was +1.8 %. Split: only the frame being scored, since the
    /// caller reads the next one meanwhile anyway; a second queued frame would only hold two
    /// more frame buffers (≈ 50 MB at 2160p 10-bit), whose first writes cost page faults too.
    fn max_in_flight(&self) -> usize {
        let workers = self.workers.len();
        if self.split.is_some() {
            1
        } else {
            workers + workers.div_ceil(2)
        }
    }
}

/// Per-frame values of every feature, after [`Scorer::finish`].
#[derive(Debug, Clone)]
pub struct FeatureScores {
    /// The store (names in output order, values per frame).
    pub store: FeatureStore,
    /// Frames pushed.
    pub frames: u64,
    /// Subsampling factor in effect (1 = every frame).
    pub subsample: u32,
    /// Run-level values (libvmaf's `aggregate_metrics`), in extractor order.
    pub aggregate: Vec<(String, f64)>,
}

/// A frame the caller fills and then hands to [`Scorer::push_frames`]; get one from
/// [`Scorer::frame_buffer`] (recycled) or make one with [`FrameBuffer::new`]. It dereferences to
/// the [`Frame`], mutably too: nobody else holds it until it is pushed.
#[derive(Debug)]
pub struct FrameBuffer(Arc<Frame>);

impl FrameBuffer {
    /// Wraps a frame (allocates its shared header; prefer [`Scorer::frame_buffer`] in loops).
    pub fn new(frame: Frame) -> FrameBuffer {
        FrameBuffer(Arc::new(frame))
    }
}

impl From<Frame> for FrameBuffer {
    fn from(frame: Frame) -> FrameBuffer {
        FrameBuffer::new(frame)
    }
}

impl std::ops::Deref for FrameBuffer {
    type Target = Frame;
    fn deref(&self) -> &Frame {
        &self.0
    }
}

impl std::ops::DerefMut for FrameBuffer {
    fn deref_mut(&mut self) -> &mut Frame {
        // A `FrameBuffer` is made from a new `Arc` or from one the scorer no longer shares (its
        // count was 1 and no weak references exist), and it is neither `Clone` nor shared.
        Arc::get_mut(&mut self.0).expect("a FrameBuffer is never shared")
    }
}

/// The streaming scorer.
pub struct Scorer {
    /// The format of pushed frames.
    format: FrameFormat,
    /// The format extractors see (input up-converted to `processing_bit_depth`).
    work_format: FrameFormat,
    /// Up-conversion buffers (reference, distorted) when the two formats differ.
    upshift: Option<Box<(Frame, Frame)>>,
    slots: Vec<Slot>,
    store: FeatureStore,
    next_index: u64,
    subsample: u64,
    max_prev: usize,
    /// The most recent reference frames (newest first), for PREV_REF extractors.
    prev: VecDeque<Arc<Frame>>,
    /// Frame buffers of the working format: in use while a job, `prev` or the caller holds them,
    /// free (reference count 1) otherwise, and then reused.
    buffers: Vec<Arc<Frame>>,
    /// Input-format buffers handed back by [`Scorer::push_frames`] when frames are up-converted
    /// (the up-converted copies live in `upshift`).
    spare_inputs: Vec<FrameBuffer>,
    /// Values of one slot on the calling thread (reused).
    scratch_vals: Vec<Option<f64>>,
    /// Flushed values of one slot (reused).
    scratch_flush: Vec<(usize, u64, f64)>,
    pool: Option<Pool>,
    models: Vec<ModelSlot>,
    completed: u64,
    scratch_x: Vec<f64>,
    scratch_boot: BootstrapScores,
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scorer")
            .field("format", &self.format)
            .field(
                "extractors",
                &self
                    .slots
                    .iter()
                    .map(|s| s.options.instance_key())
                    .collect::<Vec<_>>(),
            )
            .field("next_index", &self.next_index)
            .finish_non_exhaustive()
    }
}

impl Scorer {
    /// Builds a scorer for frames of `format`.
    pub fn new(input_format: FrameFormat, config: &ScorerConfig) -> Result<Scorer> {
        let format = match config.processing_bit_depth {
            None => input_format,
            Some(b) if b >= input_format.bit_depth() && b <= 16 => FrameFormat::new(
                input_format.width(),
                input_format.height(),
                input_format.chroma(),
                b,
            )?,
            Some(b) => {
                return Err(Error::invalid(
                    "processing bit depth",
                    b,
                    format!(
                        "{}..=16 (at least the input's bit depth)",
                        input_format.bit_depth()
                    ),
                ));
            }
        };
        // Models first: load, check names, turn their features into extractor requests.
        let mut loaded: Vec<(Model, Vec<String>)> = Vec::new();
        let mut requests: Vec<FeatureRequest> = Vec::new();
        for mreq in &config.models {
            let model = mreq.load()?;
            if loaded.iter().any(|(m, _)| m.name() == model.name()) {
                return Err(Error::invalid(
                    "model name",
                    model.name(),
                    "a name no other model of this run uses (add :name=… to each model)",
                ));
            }
            for (ex, _, _) in &mreq.overloads {
                registry::extractor(ex)?;
            }
            let mut stored = Vec::with_capacity(model.features().len());
            for f in model.features() {
                let mut req = FeatureRequest::new(f.extractor);
                req.options = f.options.clone();
                for (ex, opt, val) in &mreq.overloads {
                    if ex == f.extractor {
                        req.options.push((opt.clone(), val.clone()));
                    }
                }
                stored.push(req.resolve()?.feature_name(&f.name));
                requests.push(req);
            }
            loaded.push((model, stored));
        }
        requests.extend(config.features.iter().cloned());

        let mut slots: Vec<Slot> = Vec::new();
        let mut store = FeatureStore::new();
        for req in &requests {
            let options = req.resolve()?;
            if slots
                .iter()
                .any(|s| s.options.instance_key() == options.instance_key())
            {
                continue;
            }
            let local = registry::create(&options, format)?;
            slots.push(Slot {
                ids: Vec::new(),
                flush_ids: Vec::new(),
                prev_refs: local.prev_refs(),
                temporal: local.temporal(),
                options,
                local,
            });
        }
        // Output order, as libvmaf with worker threads: temporal extractors' features first (they
        // run on the caller thread before the frame's batch job), then the others in registration
        // order, then flush features, then model scores.
        for temporal_pass in [true, false] {
            for s in slots.iter_mut().filter(|s| s.temporal == temporal_pass) {
                s.ids = s
                    .local
                    .features()
                    .iter()
                    .map(|n| store.register(n))
                    .collect();
            }
        }
        for s in &mut slots {
            s.flush_ids = s
                .local
                .flush_features()
                .iter()
                .map(|n| store.register(n))
                .collect();
        }
        // Model outputs: every model's main score, then the bootstrap extras (libvmaf's CLI
        // pools single models before collections).
        if config.no_prediction {
            loaded.clear();
        }
        let mut models: Vec<ModelSlot> = loaded
            .into_iter()
            .map(|(model, stored)| {
                let inputs = stored.iter().map(|n| store.register(n)).collect();
                let outputs = vec![store.register(model.name())];
                ModelSlot {
                    model,
                    inputs,
                    outputs,
                }
            })
            .collect();
        for m in &mut models {
            for n in m.model.output_names().iter().skip(1) {
                let id = store.register(n);
                m.outputs.push(id);
            }
        }
        let max_prev = slots.iter().map(|s| s.prev_refs).max().unwrap_or(0);
        let upshift =
            (format != input_format).then(|| Box::new((Frame::new(format), Frame::new(format))));
        let mut scorer = Scorer {
            format: input_format,
            work_format: format,
            upshift,
            slots,
            store,
            next_index: 0,
            subsample: u64::from(config.subsample.max(1)),
            max_prev,
            prev: VecDeque::new(),
            buffers: Vec::new(),
            spare_inputs: Vec::new(),
            scratch_vals: Vec::new(),
            scratch_flush: Vec::new(),
            pool: None,
            models,
            completed: 0,
            scratch_x: Vec::new(),
            scratch_boot: BootstrapScores::default(),
        };
        if config.threads > 0 && scorer.slots.iter().any(|s| !s.temporal) {
            // By default only where it pays: where frames side by side would hold too much
            // memory, and an extractor splits its own work (VIF); otherwise the largest
            // extractor would bound a split frame's time.
            let in_flight = (4 * format.frame_bytes()).saturating_mul(config.threads);
            let pays = in_flight > SPLIT_IN_FLIGHT_BYTES
                && scorer
                    .slots
                    .iter()
                    .any(|s| !s.temporal && s.local.splits_frames());
            let split = config.threads > 1 && config.split_frames.unwrap_or(pays);
            scorer.pool = Some(scorer.start_pool(config.threads, split)?);
        }
        Ok(scorer)
    }

    /// Threads working on the frames, and whether each frame is split over them (one frame at a
    /// time) rather than frames scored side by side: `(0, false)` without workers.
    pub fn parallelism(&self) -> (usize, bool) {
        match &self.pool {
            None => (0, false),
            Some(p) => match &p.split {
                Some(pool) => (pool.current_num_threads(), true),
                None => (p.workers.len(), false),
            },
        }
    }

    /// Whether any extractor reads the chroma planes. When none does (VMAF v0.6.1, CAMBI), the
    /// frames' chroma planes may hold anything, so sources may skip them
    /// ([`crate::io::FrameSource::set_luma_only`]).
    pub fn uses_chroma(&self) -> bool {
        self.slots.iter().any(|s| s.local.uses_chroma())
    }

    /// Whether any extractor reads the reference frames. When none does (CAMBI alone, without
    /// `full_ref`), the reference frames pushed may hold anything: a caller may skip the
    /// reference's samples instead of reading them (the `foveal` command does, still checking
    /// that the reference has every frame).
    pub fn uses_reference(&self) -> bool {
        self.slots
            .iter()
            .any(|s| s.local.uses_reference() || s.prev_refs > 0)
    }

    /// The frame format this scorer accepts.
    pub fn format(&self) -> FrameFormat {
        self.format
    }

    /// Stored names of every feature, in output order.
    pub fn feature_names(&self) -> &[String] {
        self.store.names()
    }

    /// Starts `threads` frame workers, or with `split` one worker running each frame in a rayon
    /// pool of `threads` threads.
    fn start_pool(&self, threads: usize, split: bool) -> Result<Pool> {
        let spawn_error = |e: &dyn std::fmt::Display| Error::InvalidArgument {
            what: "threads",
            value: threads.to_string(),
            allowed: format!("a count the system can start ({e})"),
        };
        let split_pool = if split {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("foveal-split-{i}"))
                .build()
                .map_err(|e| spawn_error(&e))?;
            Some(Arc::new(pool))
        } else {
            None
        };
        let split_threads = threads;
        let threads = if split { 1 } else { threads };
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(threads);
        // At most `2 * threads` jobs are in flight, so a bounded channel of that size never
        // blocks a worker and (unlike an unbounded one) allocates nothing per message.
        let (res_tx, res_rx) = mpsc::sync_channel::<JobResult>(2 * threads + 1);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let configs: Arc<Vec<WorkerSlot>> = Arc::new(
            self.slots
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.temporal)
                .map(|(i, s)| WorkerSlot {
                    slot: i,
                    options: s.options.clone(),
                    every: if s.prev_refs > 0 { 1 } else { self.subsample },
                    n_features: s.ids.len(),
                })
                .collect(),
        );
        let format = self.work_format;
        let mut workers = Vec::with_capacity(threads);
        for t in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let res_tx = res_tx.clone();
            let configs = Arc::clone(&configs);
            let split = split_pool.as_ref().map(|p| (Arc::clone(p), split_threads));
            let handle = std::thread::Builder::new()
                .name(format!("foveal-worker-{t}"))
                .spawn(move || worker(format, &configs, split, &job_rx, &res_tx))
                .map_err(|e| spawn_error(&e))?;
            workers.push(handle);
        }
        Ok(Pool {
            split: split_pool,
            jobs: Some(job_tx),
            results: res_rx,
            workers,
            in_flight: 0,
            spare_out: Vec::new(),
        })
    }

    fn check_formats(&self, reference: FrameFormat, distorted: FrameFormat) -> Result<()> {
        for (role, f) in [("reference", reference), ("distorted", distorted)] {
            if f != self.format {
                return Err(Error::Mismatch {
                    what: "frame format",
                    reference: format!("scorer configured for {}", self.format),
                    distorted: format!("{role} frame {} is {f}", self.next_index),
                });
            }
        }
        Ok(())
    }

    /// A frame buffer of the scorer's input format for [`Scorer::push_frames`]: one the scorer is
    /// done with when there is one (its old samples are still in it), else a new one. Reading
    /// frames into these buffers and pushing them back avoids every copy and, in steady state,
    /// every allocation.
    pub fn frame_buffer(&mut self) -> FrameBuffer {
        if self.upshift.is_some() {
            return self
                .spare_inputs
                .pop()
                .unwrap_or_else(|| FrameBuffer::new(Frame::new(self.format)));
        }
        match self.buffers.iter().position(|b| Arc::strong_count(b) == 1) {
            Some(pos) => FrameBuffer(self.buffers.swap_remove(pos)),
            None => FrameBuffer::new(Frame::new(self.format)),
        }
    }

    /// Scores one frame pair the scorer may keep (see [`Scorer::frame_buffer`]): the same
    /// results as [`Scorer::push`] of their views, without copying them.
    pub fn push_frames(&mut self, reference: FrameBuffer, distorted: FrameBuffer) -> Result<()> {
        self.check_formats(reference.format(), distorted.format())?;
        if self.upshift.is_some() {
            let r = self.push(&reference.view(), &distorted.view());
            self.spare_inputs.truncate(2);
            self.spare_inputs.extend([reference, distorted]);
            return r;
        }
        let (reference, distorted) = (reference.0, distorted.0);
        self.adopt(&reference);
        self.adopt(&distorted);
        let index = self.next_index;
        if self.pool.is_some() {
            let reference = self.remember_shared(reference);
            self.push_threaded(index, reference, distorted)?;
        } else {
            self.run_local(index, &reference.view(), &distorted.view())?;
            self.remember_shared(reference);
        }
        self.next_index += 1;
        self.advance(false)
    }

    /// Tracks a buffer the scorer owns. The list holds what a steady stream needs (two per frame
    /// in flight, the remembered references, two being filled); beyond that, free buffers are
    /// dropped (callers that push new frames instead of [`Scorer::frame_buffer`]'s).
    fn adopt(&mut self, buf: &Arc<Frame>) {
        let in_flight = self.pool.as_ref().map_or(0, Pool::max_in_flight);
        let cap = 2 * in_flight + self.max_prev + 4;
        if self.buffers.len() >= cap {
            let mut excess = self.buffers.len() + 1 - cap;
            self.buffers.retain(|b| {
                let drop = excess > 0 && Arc::strong_count(b) == 1;
                excess -= usize::from(drop);
                !drop
            });
        }
        self.buffers.push(Arc::clone(buf));
    }

    /// Scores one frame pair; frames get indices 0, 1, 2, ... in push order.
    pub fn push(&mut self, reference: &FrameView<'_>, distorted: &FrameView<'_>) -> Result<()> {
        self.check_formats(reference.format(), distorted.format())?;
        match self.upshift.take() {
            Some(mut bufs) => {
                let r = bufs
                    .0
                    .upshift_from(reference)
                    .and_then(|()| bufs.1.upshift_from(distorted));
                let r = r.and_then(|()| self.push_processed(&bufs.0.view(), &bufs.1.view()));
                self.upshift = Some(bufs);
                r
            }
            None => self.push_processed(reference, distorted),
        }
    }

    fn push_processed(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<()> {
        let index = self.next_index;
        if self.pool.is_some() {
            let reference = match self.remember_reference(reference)? {
                Some(r) => r,
                None => self.copy_to_buffer(reference)?,
            };
            let distorted = self.copy_to_buffer(distorted)?;
            self.push_threaded(index, reference, distorted)?;
        } else {
            self.run_local(index, reference, distorted)?;
            self.remember_reference(reference)?;
        }
        self.next_index += 1;
        self.advance(false)
    }

    fn scored(&self, index: u64, slot: &Slot) -> bool {
        slot.prev_refs > 0 || slot.temporal || index.is_multiple_of(self.subsample)
    }

    /// Every extractor on the calling thread (`threads == 0`).
    fn run_local(
        &mut self,
        index: u64,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<()> {
        let prev = [self.prev.front().cloned(), self.prev.get(1).cloned()];
        let input = ExtractInput {
            index,
            reference: *reference,
            distorted: *distorted,
            prev_refs: [
                prev[0].as_deref().map(Frame::view),
                prev[1].as_deref().map(Frame::view),
            ],
        };
        let mut buf = std::mem::take(&mut self.scratch_vals);
        let r = self.extract_slots(&input, false, &mut buf);
        self.scratch_vals = buf;
        r
    }

    /// Runs the calling thread's instances: every scored slot, or with `temporal_only` the
    /// temporal ones, and stores their values.
    fn extract_slots(
        &mut self,
        input: &ExtractInput<'_>,
        temporal_only: bool,
        buf: &mut Vec<Option<f64>>,
    ) -> Result<()> {
        let index = input.index;
        for k in 0..self.slots.len() {
            let run = if temporal_only {
                self.slots[k].temporal
            } else {
                self.scored(index, &self.slots[k])
            };
            if !run {
                continue;
            }
            let slot = &mut self.slots[k];
            buf.clear();
            buf.resize(slot.ids.len(), None);
            slot.local.extract(input, buf)?;
            for (&id, v) in slot.ids.iter().zip(buf.iter()) {
                if let Some(v) = v {
                    self.store.set(id, index, *v)?;
                }
            }
        }
        Ok(())
    }

    /// References kept: what PREV_REF extractors read, plus, with workers, the current frame (it
    /// is remembered before its job is queued, as the job shares the buffer).
    fn prev_capacity(&self) -> usize {
        self.max_prev + usize::from(self.pool.is_some())
    }

    /// Keeps a frame the scorer owns as the newest reference for PREV_REF extractors.
    fn remember_shared(&mut self, reference: Arc<Frame>) -> Arc<Frame> {
        if self.max_prev > 0 {
            if self.prev.len() >= self.prev_capacity() {
                self.prev.pop_back();
            }
            self.prev.push_front(Arc::clone(&reference));
        }
        reference
    }

    /// Keeps a copy of the reference for PREV_REF extractors (in a recycled buffer).
    fn remember_reference(&mut self, reference: &FrameView<'_>) -> Result<Option<Arc<Frame>>> {
        if self.max_prev == 0 {
            return Ok(None);
        }
        if self.prev.len() >= self.prev_capacity() {
            // Dropped here; its buffer is reused below once no job holds it.
            self.prev.pop_back();
        }
        let buf = self.copy_to_buffer(reference)?;
        self.prev.push_front(Arc::clone(&buf));
        Ok(Some(buf))
    }

    /// A copy of `view` in a free working-format buffer (a new one if none is free).
    fn copy_to_buffer(&mut self, view: &FrameView<'_>) -> Result<Arc<Frame>> {
        let pos = self.buffers.iter().position(|b| Arc::strong_count(b) == 1);
        let mut buf = match pos {
            Some(p) => self.buffers.swap_remove(p),
            None => Arc::new(Frame::new(self.work_format)),
        };
        Arc::get_mut(&mut buf)
            .expect("unshared buffer")
            .copy_from(view)?;
        self.buffers.push(Arc::clone(&buf));
        Ok(buf)
    }

    /// Runs the temporal extractors here, in order, then queues the pair for a worker. The
    /// newest reference must already be remembered (it is `prev[0]` of the next frame).
    fn push_threaded(
        &mut self,
        index: u64,
        reference: Arc<Frame>,
        distorted: Arc<Frame>,
    ) -> Result<()> {
        // `prev` as it was before this frame: skip the entry remembered for this frame.
        let skip = usize::from(self.max_prev > 0);
        let prev: [Option<Arc<Frame>>; 2] = [
            self.prev.get(skip).cloned(),
            self.prev.get(skip + 1).cloned(),
        ];
        if self.slots.iter().any(|s| s.temporal) {
            let pv = [
                prev[0].as_deref().map(Frame::view),
                prev[1].as_deref().map(Frame::view),
            ];
            let input = ExtractInput {
                index,
                reference: reference.view(),
                distorted: distorted.view(),
                prev_refs: pv,
            };
            let mut buf = std::mem::take(&mut self.scratch_vals);
            let r = self.extract_slots(&input, true, &mut buf);
            self.scratch_vals = buf;
            r?;
        }
        // Bound the frames in flight: collect results until a worker is free.
        let max = self.pool.as_ref().expect("threaded").max_in_flight();
        while self.pool.as_ref().expect("threaded").in_flight >= max {
            self.collect_one()?;
        }
        let pool = self.pool.as_mut().expect("threaded");
        let job = Job {
            index,
            reference,
            distorted,
            prev,
            out: pool.spare_out.pop().unwrap_or_default(),
        };
        pool.jobs
            .as_ref()
            .expect("open until finish")
            .send(job)
            .map_err(|_| Error::InvalidFrame("a worker thread stopped unexpectedly".into()))?;
        pool.in_flight += 1;
        // Take whatever is ready without waiting.
        while let Ok(r) = self.pool.as_mut().expect("threaded").results.try_recv() {
            self.pool.as_mut().expect("threaded").in_flight -= 1;
            self.store_result(r)?;
        }
        Ok(())
    }

    fn collect_one(&mut self) -> Result<()> {
        let pool = self.pool.as_mut().expect("threaded");
        let r = pool
            .results
            .recv()
            .map_err(|_| Error::InvalidFrame("a worker thread stopped unexpectedly".into()))?;
        pool.in_flight -= 1;
        self.store_result(r)
    }

    fn store_result(&mut self, r: JobResult) -> Result<()> {
        let (index, values) = r?;
        for (k, vals) in values.iter().filter(|(k, _)| *k != usize::MAX) {
            for (&id, v) in self.slots[*k].ids.iter().zip(vals) {
                if let Some(v) = v {
                    self.store.set(id, index, *v)?;
                }
            }
        }
        if let Some(pool) = self.pool.as_mut() {
            pool.spare_out.push(values);
        }
        Ok(())
    }

    /// Waits for every frame, runs the extractors' flush, and returns all per-frame values.
    pub fn finish(mut self) -> Result<FeatureScores> {
        if let Some(mut pool) = self.pool.take() {
            pool.jobs = None; // workers end when the queue drains
            let mut first_err = None;
            while pool.in_flight > 0 {
                match pool.results.recv() {
                    Ok(r) => {
                        pool.in_flight -= 1;
                        if let Err(e) = self.store_result(r) {
                            first_err.get_or_insert(e);
                        }
                    }
                    Err(_) => break,
                }
            }
            for w in pool.workers {
                if w.join().is_err() {
                    first_err.get_or_insert(Error::InvalidFrame("a worker thread panicked".into()));
                }
            }
            if let Some(e) = first_err {
                return Err(e);
            }
        }
        self.advance(true)?;
        let aggregate = self
            .slots
            .iter()
            .flat_map(|s| s.local.aggregate())
            .collect();
        Ok(FeatureScores {
            store: self.store,
            frames: self.next_index,
            subsample: self.subsample as u32,
            aggregate,
        })
    }

    /// Frames `0..completed()` are final: every feature and model score of them is in
    /// [`Scorer::store`]. Frames complete in order, a frame or two after they were pushed when a
    /// feature needs the next frame (motion2), or at [`Scorer::finish`].
    pub fn completed(&self) -> u64 {
        self.completed
    }

    /// The values collected so far (names in output order).
    pub fn store(&self) -> &FeatureStore {
        &self.store
    }

    fn frame_has_features(&self, index: u64) -> bool {
        self.slots
            .iter()
            .filter(|s| self.scored(index, s))
            .all(|s| s.ids.iter().all(|&id| self.store.get(id, index).is_some()))
    }

    /// Moves frames forward: leading complete frames, flush features that became final, model
    /// scores of frames whose features are all in. With `last`, everything is final.
    fn advance(&mut self, last: bool) -> Result<()> {
        let mut n = self.store.leading_frames();
        while n < self.next_index && self.frame_has_features(n) {
            n += 1;
        }
        self.store.set_leading_frames(n);
        for k in 0..self.slots.len() {
            if self.slots[k].flush_ids.is_empty() {
                continue;
            }
            let mut flushed = std::mem::take(&mut self.scratch_flush);
            flushed.clear();
            let r = self.slots[k].local.flush(&self.store, last, &mut flushed);
            let r = r.and_then(|()| {
                flushed.iter().try_for_each(|&(fi, index, v)| {
                    let id = self.slots[k].flush_ids[fi];
                    self.store.set(id, index, v)
                })
            });
            self.scratch_flush = flushed;
            r?;
        }
        let mut c = self.completed;
        while c < n {
            let flushed = self.slots.iter().all(|s| {
                s.flush_ids
                    .iter()
                    .all(|&id| self.store.get(id, c).is_some())
            });
            if !flushed && !last {
                break;
            }
            if c.is_multiple_of(self.subsample) {
                self.predict_frame(c)?;
            }
            c += 1;
        }
        if last && c < self.next_index {
            return Err(Error::InvalidFrame(format!(
                "frame {c} is missing feature values after the last frame (an extractor failed?)"
            )));
        }
        self.completed = c;
        Ok(())
    }

    /// Model scores of one frame, from its stored features.
    fn predict_frame(&mut self, index: u64) -> Result<()> {
        let mut x = std::mem::take(&mut self.scratch_x);
        let mut boot = std::mem::take(&mut self.scratch_boot);
        let r = self.predict_into(index, &mut x, &mut boot);
        self.scratch_x = x;
        self.scratch_boot = boot;
        r
    }

    fn predict_into(
        &mut self,
        index: u64,
        x: &mut Vec<f64>,
        boot: &mut BootstrapScores,
    ) -> Result<()> {
        for m in &self.models {
            x.clear();
            for &id in &m.inputs {
                let v = self.store.get(id, index).ok_or_else(|| {
                    Error::InvalidFrame(format!(
                        "model {}: feature {} has no value at frame {index}",
                        m.model.name(),
                        self.store.names()[id]
                    ))
                })?;
                x.push(v);
            }
            if m.model.is_bootstrap() {
                m.model.predict_bootstrap(x, boot)?;
                for (&id, v) in m.outputs.iter().zip(boot.values()) {
                    self.store.set(id, index, v)?;
                }
            } else {
                let v = m.model.predict(x)?;
                self.store.set(m.outputs[0], index, v)?;
            }
        }
        Ok(())
    }
}

fn worker(
    format: FrameFormat,
    configs: &[WorkerSlot],
    split: Option<(Arc<rayon::ThreadPool>, usize)>,
    jobs: &Mutex<Receiver<Job>>,
    results: &SyncSender<JobResult>,
) {
    // Each worker builds its own instances lazily, like libvmaf's per-thread contexts.
    let mut instances: Vec<Option<Box<dyn Extractor>>> = (0..configs.len()).map(|_| None).collect();
    loop {
        let job = {
            let Ok(rx) = jobs.lock() else { return };
            match rx.recv() {
                Ok(j) => j,
                Err(_) => return,
            }
        };
        let Job {
            index,
            reference,
            distorted,
            prev,
            mut out,
        } = job;
        let r = run_job(
            format,
            configs,
            split.as_ref(),
            &mut instances,
            index,
            [&reference, &distorted],
            &prev,
            &mut out,
        )
        .map(|()| (index, out));
        // Release the frames before reporting, so the scorer can reuse them at once.
        drop((reference, distorted, prev));
        if results.send(r).is_err() {
            return;
        }
    }
}

/// Runs one frame's worker slots into `out` (a recycled list: its entries' value lists are
/// reused in place). With `split`, the slots run side by side in that rayon pool, each told it
/// may use the pool's threads within the frame.
#[allow(clippy::too_many_arguments)]
fn run_job(
    format: FrameFormat,
    configs: &[WorkerSlot],
    split: Option<&(Arc<rayon::ThreadPool>, usize)>,
    instances: &mut [Option<Box<dyn Extractor>>],
    index: u64,
    [reference, distorted]: [&Frame; 2],
    prev: &[Option<Arc<Frame>>; 2],
    out: &mut SlotValues,
) -> Result<()> {
    let input = ExtractInput {
        index,
        reference: reference.view(),
        distorted: distorted.view(),
        prev_refs: [
            prev[0].as_deref().map(Frame::view),
            prev[1].as_deref().map(Frame::view),
        ],
    };
    // One entry per slot (those not run on this frame get `usize::MAX`, skipped by the scorer).
    out.resize_with(configs.len(), || (usize::MAX, Vec::new()));
    for (k, ws) in configs.iter().enumerate() {
        let (slot, vals) = &mut out[k];
        vals.clear();
        if !index.is_multiple_of(ws.every) {
            *slot = usize::MAX;
            continue;
        }
        if instances[k].is_none() {
            let mut ex = registry::create(&ws.options, format)?;
            if let Some((_, threads)) = split {
                ex.set_frame_threads(*threads);
            }
            instances[k] = Some(ex);
        }
        *slot = ws.slot;
        vals.resize(ws.n_features, None);
    }
    let run = |ex: &mut Option<Box<dyn Extractor>>,
               (slot, vals): &mut (usize, Vec<Option<f64>>)| {
        match ex {
            Some(ex) if *slot != usize::MAX => ex.extract(&input, vals),
            _ => Ok(()),
        }
    };
    match split {
        Some((pool, _)) => {
            use rayon::prelude::*;
            pool.install(|| {
                instances
                    .par_iter_mut()
                    .zip(out.par_iter_mut())
                    .try_for_each(|(ex, o)| run(ex, o))
            })
        }
        None => instances
            .iter_mut()
            .zip(out.iter_mut())
            .try_for_each(|(ex, o)| run(ex, o)),
    }
}
