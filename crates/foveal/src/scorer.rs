//! The streaming scorer: configure extractors (and models), push `(reference, distorted)` frame
//! pairs, finish to get every per-frame value.
//!
//! One scorer serves the CLI, the C ABI and Python. Frames are borrowed: with `threads == 0`
//! every extractor runs on the calling thread inside [`Scorer::push`] and nothing is copied
//! except the reference frames that `PREV_REF` extractors (motion) need later. With
//! `threads > 0`, each pushed pair is copied into a recycled buffer and scored on a worker
//! (frame-level parallelism, as libvmaf); at most `2 * threads` frames are in flight, so memory is
//! bounded whatever the clip length. Every frame is computed by the same arithmetic whichever
//! worker runs it, so results are identical for any thread count.

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
    /// Score at this bit depth: frames of fewer bits are shifted up (`x << (n - bits)`) before
    /// every feature sees them. Netflix advises 10 for VMAF v1.0.16 even on 8-bit video (it
    /// mostly changes CAMBI, which no longer anti-dithers 8-bit input). `None` = input depth.
    pub processing_bit_depth: Option<u8>,
}

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

struct Job {
    index: u64,
    reference: Arc<Frame>,
    distorted: Arc<Frame>,
    prev: [Option<Arc<Frame>>; 2],
}

type JobResult = Result<(u64, Vec<(usize, Vec<Option<f64>>)>)>;

struct Pool {
    jobs: Option<SyncSender<Job>>,
    results: Receiver<JobResult>,
    workers: Vec<JoinHandle<()>>,
    in_flight: usize,
    /// Frame buffers, reused once no job holds them.
    buffers: Vec<Arc<Frame>>,
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
    /// Copies of the most recent reference frames (newest first), for PREV_REF extractors.
    prev: VecDeque<Arc<Frame>>,
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
            pool: None,
            models,
            completed: 0,
            scratch_x: Vec::new(),
            scratch_boot: BootstrapScores::default(),
        };
        if config.threads > 0 && scorer.slots.iter().any(|s| !s.temporal) {
            scorer.pool = Some(scorer.start_pool(config.threads)?);
        }
        Ok(scorer)
    }

    /// The frame format this scorer accepts.
    pub fn format(&self) -> FrameFormat {
        self.format
    }

    /// Stored names of every feature, in output order.
    pub fn feature_names(&self) -> &[String] {
        self.store.names()
    }

    fn start_pool(&self, threads: usize) -> Result<Pool> {
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(threads);
        let (res_tx, res_rx) = mpsc::channel::<JobResult>();
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
            let handle = std::thread::Builder::new()
                .name(format!("foveal-worker-{t}"))
                .spawn(move || worker(format, &configs, &job_rx, &res_tx))
                .map_err(|e| Error::InvalidArgument {
                    what: "threads",
                    value: threads.to_string(),
                    allowed: format!("a count the system can start ({e})"),
                })?;
            workers.push(handle);
        }
        Ok(Pool {
            jobs: Some(job_tx),
            results: res_rx,
            workers,
            in_flight: 0,
            buffers: Vec::new(),
        })
    }

    /// Scores one frame pair; frames get indices 0, 1, 2, ... in push order.
    pub fn push(&mut self, reference: &FrameView<'_>, distorted: &FrameView<'_>) -> Result<()> {
        for (role, f) in [("reference", reference), ("distorted", distorted)] {
            if f.format() != self.format {
                return Err(Error::Mismatch {
                    what: "frame format",
                    reference: format!("scorer configured for {}", self.format),
                    distorted: format!("{role} frame {} is {}", self.next_index, f.format()),
                });
            }
        }
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
            self.push_threaded(index, reference, distorted)?;
        } else {
            self.push_local(index, reference, distorted)?;
        }
        self.next_index += 1;
        self.advance(false)
    }

    fn scored(&self, index: u64, slot: &Slot) -> bool {
        slot.prev_refs > 0 || slot.temporal || index.is_multiple_of(self.subsample)
    }

    fn push_local(
        &mut self,
        index: u64,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<()> {
        let prev: [Option<FrameView<'_>>; 2] = [
            self.prev.front().map(|f| f.view()),
            self.prev.get(1).map(|f| f.view()),
        ];
        let input = ExtractInput {
            index,
            reference: *reference,
            distorted: *distorted,
            prev_refs: prev,
        };
        let mut buf = Vec::new();
        for k in 0..self.slots.len() {
            if !self.scored(index, &self.slots[k]) {
                continue;
            }
            let slot = &mut self.slots[k];
            buf.clear();
            buf.resize(slot.ids.len(), None);
            slot.local.extract(&input, &mut buf)?;
            for (&id, v) in slot.ids.iter().zip(&buf) {
                if let Some(v) = v {
                    self.store.set(id, index, *v)?;
                }
            }
        }
        self.remember_reference(reference)?;
        Ok(())
    }

    /// Keeps a copy of the reference for PREV_REF extractors, recycling the oldest buffer.
    fn remember_reference(&mut self, reference: &FrameView<'_>) -> Result<Option<Arc<Frame>>> {
        if self.max_prev == 0 {
            return Ok(None);
        }
        let mut buf = if self.prev.len() >= self.max_prev {
            self.prev.pop_back().expect("non-empty")
        } else {
            Arc::new(Frame::new(self.work_format))
        };
        match Arc::get_mut(&mut buf) {
            Some(f) => f.copy_from(reference)?,
            None => {
                let mut f = Frame::new(self.work_format);
                f.copy_from(reference)?;
                buf = Arc::new(f);
            }
        }
        self.prev.push_front(Arc::clone(&buf));
        Ok(Some(buf))
    }

    fn take_buffer(&mut self, view: &FrameView<'_>) -> Result<Arc<Frame>> {
        let pool = self.pool.as_mut().expect("threaded");
        let pos = pool.buffers.iter().position(|b| Arc::strong_count(b) == 1);
        let mut buf = match pos {
            Some(p) => pool.buffers.swap_remove(p),
            None => Arc::new(Frame::new(self.work_format)),
        };
        Arc::get_mut(&mut buf)
            .expect("unshared buffer")
            .copy_from(view)?;
        pool.buffers.push(Arc::clone(&buf));
        Ok(buf)
    }

    fn push_threaded(
        &mut self,
        index: u64,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<()> {
        // Temporal extractors run here, in order.
        let prev: [Option<Arc<Frame>>; 2] = [self.prev.front().cloned(), self.prev.get(1).cloned()];
        {
            let pv = [
                prev[0].as_deref().map(Frame::view),
                prev[1].as_deref().map(Frame::view),
            ];
            let input = ExtractInput {
                index,
                reference: *reference,
                distorted: *distorted,
                prev_refs: pv,
            };
            let mut buf = Vec::new();
            for slot in self.slots.iter_mut().filter(|s| s.temporal) {
                buf.clear();
                buf.resize(slot.ids.len(), None);
                slot.local.extract(&input, &mut buf)?;
                for (&id, v) in slot.ids.iter().zip(&buf) {
                    if let Some(v) = v {
                        self.store.set(id, index, *v)?;
                    }
                }
            }
        }
        let reference_copy = match self.remember_reference(reference)? {
            Some(r) => r,
            None => self.take_buffer(reference)?,
        };
        let distorted_copy = self.take_buffer(distorted)?;
        // Bound the frames in flight: collect results until a worker is free.
        let threads = self.pool.as_ref().expect("threaded").workers.len();
        while self.pool.as_ref().expect("threaded").in_flight >= 2 * threads {
            self.collect_one()?;
        }
        let pool = self.pool.as_mut().expect("threaded");
        let job = Job {
            index,
            reference: reference_copy,
            distorted: distorted_copy,
            prev,
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
        for (k, vals) in values {
            for (&id, v) in self.slots[k].ids.iter().zip(&vals) {
                if let Some(v) = v {
                    self.store.set(id, index, *v)?;
                }
            }
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
            let flushed = self.slots[k].local.flush(&self.store, last)?;
            for (fi, index, v) in flushed {
                let id = self.slots[k].flush_ids[fi];
                self.store.set(id, index, v)?;
            }
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
    jobs: &Mutex<Receiver<Job>>,
    results: &mpsc::Sender<JobResult>,
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
        let r = run_job(format, configs, &mut instances, &job);
        drop(job);
        if results.send(r).is_err() {
            return;
        }
    }
}

fn run_job(
    format: FrameFormat,
    configs: &[WorkerSlot],
    instances: &mut [Option<Box<dyn Extractor>>],
    job: &Job,
) -> JobResult {
    let input = ExtractInput {
        index: job.index,
        reference: job.reference.view(),
        distorted: job.distorted.view(),
        prev_refs: [
            job.prev[0].as_deref().map(Frame::view),
            job.prev[1].as_deref().map(Frame::view),
        ],
    };
    let mut out = Vec::with_capacity(configs.len());
    for (k, ws) in configs.iter().enumerate() {
        if !job.index.is_multiple_of(ws.every) {
            continue;
        }
        if instances[k].is_none() {
            instances[k] = Some(registry::create(&ws.options, format)?);
        }
        let ex = instances[k].as_mut().expect("created above");
        let mut vals = vec![None; ws.n_features];
        ex.extract(&input, &mut vals)?;
        out.push((ws.slot, vals));
    }
    Ok((job.index, out))
}
