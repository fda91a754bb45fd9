//! The extractor contract (libvmaf's `VmafFeatureExtractor`: init / extract / flush, options,
//! provided features) and the feature store that collects per-frame values.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::frame::FrameView;

/// What an extractor sees for one frame.
#[derive(Debug, Clone, Copy)]
pub struct ExtractInput<'a> {
    /// 0-based frame index.
    pub index: u64,
    /// The reference frame.
    pub reference: FrameView<'a>,
    /// The distorted frame.
    pub distorted: FrameView<'a>,
    /// Reference frames `index - 1` and `index - 2`, where they exist and the extractor asked
    /// for them ([`Extractor::prev_refs`]).
    pub prev_refs: [Option<FrameView<'a>>; 2],
}

/// One configured feature extractor instance.
///
/// Instances created by the same factory must be interchangeable: `extract` may run for
/// different frames on different instances (one per worker thread), so an extractor keeps no
/// state across frames other than scratch buffers, unless [`Extractor::temporal`] says so, in
/// which case the scorer runs it on one instance in frame order.
pub trait Extractor: Send {
    /// The registered extractor name (`vif`, `adm`, `motion`, ...).
    fn name(&self) -> &'static str;

    /// Stored names of the features `extract` writes, in the order libvmaf appends them.
    fn features(&self) -> Vec<String>;

    /// Stored names of the features written by `flush`, in append order.
    fn flush_features(&self) -> Vec<String> {
        Vec::new()
    }

    /// How many previous reference frames `extract` needs (0, 1 or 2): libvmaf's `PREV_REF`.
    fn prev_refs(&self) -> usize {
        0
    }

    /// Whether `extract` must see every frame in order on one instance (libvmaf's `TEMPORAL`).
    fn temporal(&self) -> bool {
        false
    }

    /// Lets `extract` split one frame's work over up to `threads` threads of the rayon pool it
    /// is called in (intra-frame splitting, which the scorer uses for large frames). The values
    /// must not depend on it. Extractors that do not split ignore it (the default).
    fn set_frame_threads(&mut self, _threads: usize) {}

    /// Whether [`Extractor::set_frame_threads`] makes this extractor split a frame's work (the
    /// scorer splits large frames by default only when one of its extractors does).
    fn splits_frames(&self) -> bool {
        false
    }

    /// Whether `extract` reads the chroma planes (the default, to be safe). When no extractor
    /// of a run does, the CLI reads only the luma of each frame.
    fn uses_chroma(&self) -> bool {
        true
    }

    /// Whether `extract` reads the reference frames (the default, to be safe). When no extractor
    /// of a run does (CAMBI without `full_ref`), the CLI skips the reference's samples instead
    /// of reading them.
    fn uses_reference(&self) -> bool {
        true
    }

    /// Computes the features of one frame; `out[k]` receives the value of `features()[k]`
    /// (left `None` when the extractor writes nothing for that feature on this frame).
    fn extract(&mut self, input: &ExtractInput<'_>, out: &mut [Option<f64>]) -> Result<()>;

    /// Flush features (libvmaf's `flush`, which runs after the last frame), computed as early as
    /// they are final. Called with the per-frame values of the frames `0..n` that are complete in
    /// a row (`n = store.leading_frames()`), after each frame and once more with `last` set at
    /// the end. Appends `(index into flush_features(), frame, value)` to `out` (empty on entry;
    /// the caller reuses it) for values not given before. An extractor that can only flush at
    /// the end gives nothing until `last`.
    fn flush(
        &mut self,
        _store: &FeatureStore,
        _last: bool,
        _out: &mut Vec<(usize, u64, f64)>,
    ) -> Result<()> {
        Ok(())
    }

    /// Run-level values (libvmaf's `aggregate_metrics`, e.g. `apsnr_y`), read after the last
    /// flush. Only temporal extractors (one instance sees every frame) have any.
    fn aggregate(&self) -> Vec<(String, f64)> {
        Vec::new()
    }
}

/// Frames the value table grows by when it is full.
const FRAME_BLOCK: usize = 256;

/// Per-frame feature values, by stored feature name, in order of registration (which is the
/// order libvmaf prints them in).
#[derive(Debug, Clone, Default)]
pub struct FeatureStore {
    names: Vec<String>,
    ids: HashMap<String, usize>,
    /// Frame-major, one row of `names.len()` values per frame: `values[frame * width + id]`.
    /// Grown a block of frames at a time, so scoring does not allocate per frame.
    values: Vec<Option<f64>>,
    /// Frames with a row.
    frames: usize,
    /// Frames `0..leading` have every per-frame value (set by the scorer).
    leading: u64,
}

impl FeatureStore {
    /// An empty store.
    pub fn new() -> FeatureStore {
        FeatureStore::default()
    }

    /// Registers `name` (idempotent) and returns its id.
    pub fn register(&mut self, name: &str) -> usize {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len();
        let old_width = id;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        if self.frames > 0 {
            // Rare (names are registered before frames arrive): re-lay the rows one wider.
            let old = std::mem::take(&mut self.values);
            self.values = Vec::with_capacity(self.frames * (old_width + 1));
            for f in 0..self.frames {
                self.values
                    .extend_from_slice(&old[f * old_width..(f + 1) * old_width]);
                self.values.push(None);
            }
        }
        id
    }

    /// The id of a registered name.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.ids.get(name).copied()
    }

    /// Registered names in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of frames that have at least a row.
    pub fn frame_count(&self) -> usize {
        self.frames
    }

    /// Writes `value` for feature `id` at frame `index`. Writing a value twice is an error, as
    /// in libvmaf's collector.
    pub fn set(&mut self, id: usize, index: u64, value: f64) -> Result<()> {
        let i =
            usize::try_from(index).map_err(|_| Error::invalid("frame index", index, "a usize"))?;
        let width = self.names.len();
        if id >= width {
            return Err(Error::invalid("feature id", id, format!("0..{width}")));
        }
        if i >= self.frames {
            let needed = (i + 1) * width;
            if needed > self.values.capacity() {
                // A block of frames at once: one allocation per FRAME_BLOCK frames at most.
                self.values
                    .reserve(needed - self.values.len() + FRAME_BLOCK * width);
            }
            self.values.resize(needed, None);
            self.frames = i + 1;
        }
        let slot = &mut self.values[i * width + id];
        if slot.is_some() {
            return Err(Error::InvalidFrame(format!(
                "feature {} was written twice for frame {index}",
                self.names[id]
            )));
        }
        *slot = Some(value);
        Ok(())
    }

    /// The value of feature `id` at frame `index`, if written.
    pub fn get(&self, id: usize, index: u64) -> Option<f64> {
        self.row(usize::try_from(index).ok()?)?
            .get(id)
            .copied()
            .flatten()
    }

    /// The value of feature `name` at frame `index`, if written.
    pub fn get_by_name(&self, name: &str, index: u64) -> Option<f64> {
        self.get(self.id(name)?, index)
    }

    /// libvmaf's flush-time reading of a series: values of `id` at frames 0, 1, ... up to the
    /// first frame without one.
    pub fn leading_series(&self, id: usize) -> Vec<f64> {
        (0..self.frames)
            .map_while(|i| self.row(i).and_then(|r| r[id]))
            .collect()
    }

    /// Number of frames, from frame 0 on, whose per-frame values are all present.
    pub fn leading_frames(&self) -> u64 {
        self.leading
    }

    pub(crate) fn set_leading_frames(&mut self, n: u64) {
        self.leading = n;
    }

    /// The row of frame `index` (values in registration order).
    pub fn row(&self, index: usize) -> Option<&[Option<f64>]> {
        let width = self.names.len();
        (index < self.frames).then(|| &self.values[index * width..(index + 1) * width])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_rows_survive_growth_and_late_registration() {
        let mut s = FeatureStore::new();
        let a = s.register("a");
        let b = s.register("b");
        // Past one block of frames, so the table grows at least once.
        for f in 0..(FRAME_BLOCK as u64 + 10) {
            s.set(a, f, f as f64).unwrap();
            if f % 3 == 0 {
                s.set(b, f, -(f as f64)).unwrap();
            }
        }
        let c = s.register("c");
        assert_eq!(s.frame_count(), FRAME_BLOCK + 10);
        for f in 0..(FRAME_BLOCK as u64 + 10) {
            assert_eq!(s.get(a, f), Some(f as f64));
            assert_eq!(s.get(b, f), (f % 3 == 0).then(|| -(f as f64)));
            assert_eq!(s.get(c, f), None);
        }
        s.set(c, 5, 1.5).unwrap();
        assert_eq!(s.row(5).unwrap(), &[Some(5.0), None, Some(1.5)]);
        assert!(
            s.set(c, 5, 2.0).is_err(),
            "a value written twice is an error"
        );
        assert!(s.set(7, 0, 1.0).is_err(), "an unregistered id is an error");
        assert_eq!(s.leading_series(a).len(), FRAME_BLOCK + 10);
        assert_eq!(s.leading_series(b), vec![0.0]);
    }
}
