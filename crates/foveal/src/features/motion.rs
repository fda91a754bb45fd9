//! Integer motion: libvmaf 3.2's temporal-activity feature (extractor `motion`), bit-exact.
//!
//! Motion measures how much the **reference** luma changes from frame to frame: the mean
//! absolute value of a 5x5 Gaussian blur of the difference between two reference frames, on the
//! 8-bit sample scale. The distorted video is not used (upstream `extract()` ignores it).
//!
//! This is the 2026 "pipelined" algorithm of libvmaf `integer_motion.c`
//! (`motion_score_pipeline_8/16`, `extract`, `flush`; `motion_blend_tools.h::motion_blend`).
//! It blurs the difference `prev - cur` instead of differencing two blurred frames, so it differs
//! from libvmaf releases before 2026 (and from `motion_cuda`) by about 1e-5; foveal reproduces
//! the 2026 code exactly.
//!
//! Two stages, as upstream:
//! - per frame, [`Motion::sad`] gives `VMAF_integer_feature_motion_sad_score` of frame `i` from
//!   the reference luma of frames `i - lag` and `i` ([`MotionOptions::reference_lag`]: 1, or 2
//!   with `motion_five_frame_window`). Frames `i < lag` have no score of their own: record `0.0`
//!   for them (that is what libvmaf emits).
//! - after the last frame, [`flush`] turns the whole SAD series into `integer_motion2` and
//!   `integer_motion3` (min of neighbours, blend, clip, optional moving average).
//!
//! Error budget: none. Every value equals libvmaf's at full double precision, given the same
//! options (the integer pipeline is exact, and the few float operations are done in upstream's
//! order). Upstream's SIMD versions equal its C code on in-range samples.
//!
//! ```
//! use foveal::features::motion::{flush, Motion, MotionOptions};
//! use foveal::{Plane, PlaneRef};
//!
//! let opts = MotionOptions::default();
//! let (w, h) = (8usize, 6usize);
//! let frames: Vec<Vec<u8>> = (0..3u8).map(|t| vec![10 * t; w * h]).collect();
//! let mut motion = Motion::new(w as u32, h as u32, 8, opts)?;
//! let mut sad = Vec::new();
//! for i in 0..frames.len() {
//!     let lag = opts.reference_lag();
//!     if i < lag {
//!         sad.push(0.0); // no reference frame yet
//!         continue;
//!     }
//!     let prev = PlaneRef::U8(Plane::new(&frames[i - lag], w, h, w)?);
//!     let cur = PlaneRef::U8(Plane::new(&frames[i], w, h, w)?);
//!     sad.push(motion.sad(prev, cur)?);
//! }
//! assert_eq!(sad, [0.0, 10.0, 10.0]);
//! let (motion2, motion3) = flush(&sad, &opts);
//! assert_eq!(motion2, [0.0, 10.0, 10.0]);
//! assert_eq!(motion3, [10.0, 10.0, 10.0]);
//! # Ok::<(), foveal::Error>(())
//! ```

use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::motion::MotionKernels;

use crate::error::{Error, Result};
use crate::frame::{MAX_DIMENSION, PlaneRef};

/// Canonical name of the per-frame SAD score (not aliased on output).
pub const SAD_SCORE: &str = "VMAF_integer_feature_motion_sad_score";
/// Canonical name of the debug copy of the SAD score (output alias `integer_motion`), written
/// only with [`MotionOptions::debug`].
pub const MOTION_SCORE: &str = "VMAF_integer_feature_motion_score";
/// Canonical name of motion2 (output alias `integer_motion2`), written by [`flush`].
pub const MOTION2_SCORE: &str = "VMAF_integer_feature_motion2_score";
/// Canonical name of motion3 (output alias `integer_motion3`), written by [`flush`].
pub const MOTION3_SCORE: &str = "VMAF_integer_feature_motion3_score";

/// Smallest frame width and height: the mirrored 5-tap blur reads two samples beyond each edge,
/// which must exist inside the frame (upstream has no check and would read out of bounds).
pub const MIN_DIMENSION: u32 = 3;

/// Options of libvmaf's integer `motion` extractor, with libvmaf's names, defaults and ranges.
/// All but `debug` are FEATURE_PARAMs: non-default values change the emitted feature names
/// (e.g. `motion_max_val = 18` gives `integer_motion3_mmxv_18`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MotionOptions {
    /// `motion_force_zero` (alias `force_0`), default false: every SAD score is 0.
    pub motion_force_zero: bool,
    /// `motion_blend_factor` (`mbf`), default 1.0, range [0, 1]: weight of the raw motion2 in
    /// `blend(x) = mbf·x + (1 - mbf)·min(mbo, x)`.
    pub motion_blend_factor: f64,
    /// `motion_blend_offset` (`mbo`), default 40.0, range [0, 1000]: the cap of the blended term.
    pub motion_blend_offset: f64,
    /// `motion_fps_weight` (`mfw`), default 1.0, range [0, 5]: multiplies each SAD score.
    pub motion_fps_weight: f64,
    /// `motion_max_val` (`mmxv`), default 10000.0, range [0, 10000]: clip for the SAD score and
    /// for motion3 (v1.0.16 models use 18).
    pub motion_max_val: f64,
    /// `motion_five_frame_window` (`mffw`), default false: compare frame `i` with `i - 2`
    /// (instead of `i - 1`) and take motion2 over a stride of 2 (the HFR models).
    pub motion_five_frame_window: bool,
    /// `motion_moving_average` (`mma`), default false: motion3 is the mean of this and the
    /// previous frame's processed value (the HFR models).
    pub motion_moving_average: bool,
    /// `debug`, default false (not a FEATURE_PARAM): also emit the SAD score under
    /// [`MOTION_SCORE`]. It changes no computed value.
    pub debug: bool,
}

impl Default for MotionOptions {
    fn default() -> Self {
        MotionOptions {
            motion_force_zero: false,
            motion_blend_factor: 1.0,
            motion_blend_offset: 40.0,
            motion_fps_weight: 1.0,
            motion_max_val: 10000.0,
            motion_five_frame_window: false,
            motion_moving_average: false,
            debug: false,
        }
    }
}

fn check_range(what: &'static str, v: f64, lo: f64, hi: f64) -> Result<()> {
    // `contains` is false for NaN, which libvmaf's atof + range check also refuses.
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(what, v, format!("{lo}..={hi}")))
    }
}

impl MotionOptions {
    /// Checks every numeric option against libvmaf's range (`src/feature/integer_motion.c`
    /// option table); NaN is refused.
    pub fn validate(&self) -> Result<()> {
        check_range("motion_blend_factor", self.motion_blend_factor, 0.0, 1.0)?;
        check_range("motion_blend_offset", self.motion_blend_offset, 0.0, 1000.0)?;
        check_range("motion_fps_weight", self.motion_fps_weight, 0.0, 5.0)?;
        check_range("motion_max_val", self.motion_max_val, 0.0, 10000.0)?;
        Ok(())
    }

    /// How many frames back the reference for frame `i` is: 1 (frame `i - 1`), or 2 (frame
    /// `i - 2`) with `motion_five_frame_window`. It is also the index of the first frame that
    /// has a SAD score; earlier frames get 0.
    pub const fn reference_lag(&self) -> usize {
        if self.motion_five_frame_window { 2 } else { 1 }
    }

    /// libvmaf `motion_blend`: `x·mbf + (1 - mbf)·min(mbo, x)`, in that order of operations.
    fn blend(&self, x: f64) -> f64 {
        let capped = if self.motion_blend_offset < x {
            self.motion_blend_offset
        } else {
            x
        };
        x * self.motion_blend_factor + (1.0 - self.motion_blend_factor) * capped
    }

    /// `MIN(blend(x), motion_max_val)` as upstream writes it.
    fn processed(&self, x: f64) -> f64 {
        c_min(self.blend(x), self.motion_max_val)
    }
}

/// C's `MIN(a, b)`: `a < b ? a : b`.
#[inline]
fn c_min(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// Per-frame integer motion on luma planes of one size and bit depth. Scratch is allocated once
/// in [`Motion::new`]; [`Motion::sad`] does not allocate.
#[derive(Debug, Clone)]
pub struct Motion {
    width: usize,
    height: usize,
    bit_depth: u8,
    opts: MotionOptions,
    kernels: MotionKernels,
    y_row: Vec<i32>,
}

impl Motion {
    /// A motion extractor for `width` x `height` luma of `bit_depth` bits (8..=16), using the
    /// best kernels for this CPU ([`CpuLevel::active`]).
    ///
    /// Errors: width or height outside [`MIN_DIMENSION`]..=[`MAX_DIMENSION`], bit depth outside
    /// 8..=16, or an option outside its range ([`MotionOptions::validate`]).
    pub fn new(width: u32, height: u32, bit_depth: u8, opts: MotionOptions) -> Result<Motion> {
        Motion::with_cpu_level(width, height, bit_depth, opts, CpuLevel::active())
    }

    /// As [`Motion::new`], with the kernels of `level` (for tests comparing kernel levels;
    /// every level gives identical results).
    pub fn with_cpu_level(
        width: u32,
        height: u32,
        bit_depth: u8,
        opts: MotionOptions,
        level: CpuLevel,
    ) -> Result<Motion> {
        let dims = format!("{MIN_DIMENSION}..={MAX_DIMENSION}");
        if !(MIN_DIMENSION..=MAX_DIMENSION).contains(&width) {
            return Err(Error::invalid("motion frame width", width, dims));
        }
        if !(MIN_DIMENSION..=MAX_DIMENSION).contains(&height) {
            return Err(Error::invalid("motion frame height", height, dims));
        }
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        opts.validate()?;
        Ok(Motion {
            width: width as usize,
            height: height as usize,
            bit_depth,
            opts,
            kernels: MotionKernels::for_level(level),
            y_row: vec![0; width as usize],
        })
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &MotionOptions {
        &self.opts
    }

    /// `VMAF_integer_feature_motion_sad_score` of frame `i`, given the reference luma of frame
    /// `i - lag` as `previous` and of frame `i` as `current`, with `lag` =
    /// [`MotionOptions::reference_lag`] (1, or 2 with the five-frame window). Only call it for
    /// `i >= lag`; frames before that score 0.0.
    ///
    /// Computes `min(SAD / 256 / (w·h) · motion_fps_weight, motion_max_val)`, SAD being the
    /// blurred absolute difference of `previous - current` in Q8 (libvmaf `extract`). The order
    /// of the arguments matters at the last bit (the rounding shifts floor), so pass the older
    /// frame first. With `motion_force_zero` the result is 0.0 (planes are still checked).
    ///
    /// Errors: a plane whose size differs from the configured one, or whose sample type does
    /// not match the bit depth (`U8` for 8 bits, `U16` above).
    pub fn sad(&mut self, previous: PlaneRef<'_>, current: PlaneRef<'_>) -> Result<f64> {
        self.check_plane("previous", &previous)?;
        self.check_plane("current", &current)?;
        if self.opts.motion_force_zero {
            return Ok(0.0);
        }
        let (w, h) = (self.width, self.height);
        let sad = match (previous, current) {
            (PlaneRef::U8(p), PlaneRef::U8(c)) => (self.kernels.sad_u8)(
                p.data(),
                p.stride(),
                c.data(),
                c.stride(),
                w,
                h,
                &mut self.y_row,
            ),
            (PlaneRef::U16(p), PlaneRef::U16(c)) => (self.kernels.sad_u16)(
                p.data(),
                p.stride(),
                c.data(),
                c.stride(),
                w,
                h,
                u32::from(self.bit_depth),
                &mut self.y_row,
            ),
            // check_plane made both variants match the bit depth.
            _ => unreachable!("plane types checked against the bit depth"),
        };
        // Upstream: MIN((double)sad / 256. / (w * h) * fps_weight, max_val), w·h in unsigned.
        let area = (w * h) as f64;
        let score = sad as f64 / 256.0 / area * self.opts.motion_fps_weight;
        Ok(c_min(score, self.opts.motion_max_val))
    }

    fn check_plane(&self, which: &str, plane: &PlaneRef<'_>) -> Result<()> {
        if plane.width() != self.width || plane.height() != self.height {
            return Err(Error::InvalidFrame(format!(
                "motion {which} luma is {}x{}, the extractor was set up for {}x{}",
                plane.width(),
                plane.height(),
                self.width,
                self.height
            )));
        }
        let is_u8 = matches!(plane, PlaneRef::U8(_));
        if is_u8 != (self.bit_depth == 8) {
            return Err(Error::InvalidFrame(format!(
                "motion {which} luma has {} samples, {}-bit content needs {}",
                if is_u8 { "u8" } else { "u16" },
                self.bit_depth,
                if self.bit_depth == 8 { "u8" } else { "u16" }
            )));
        }
        Ok(())
    }
}

/// libvmaf's motion `flush()`: from the per-frame SAD series of a whole clip (`sad[i]` for
/// frame `i`, 0.0 for the frames before the window), returns `(motion2, motion3)`, one value per
/// frame (`integer_motion2`, `integer_motion3`). `opts` should have passed
/// [`MotionOptions::validate`].
///
/// With `m` = [`MotionOptions::reference_lag`] (the first frame with a SAD) and stride `s = m`:
/// - `motion2[i] = 0` for `i < m`; for the last frame `motion2[i] = sad[i]`; otherwise
///   `motion2[i] = min(sad[i-s+1], sad[i+1])` when `i-s+1 >= m`, else `sad[i+1]`. So with a
///   one-frame lag it is `min(sad[i], sad[i+1])`; with the five-frame window
///   `min(sad[i-1], sad[i+1])`, and `sad[3]` alone at `i = 2`.
/// - `processed(x) = min(blend(x), motion_max_val)`,
///   `blend(x) = mbf·x + (1-mbf)·min(mbo, x)`.
/// - `motion3[i] = processed(motion2[i])`, or with `motion_moving_average` the mean of that and
///   the previous frame's processed value.
/// - for `i < m`, `motion3[i]` is the "stamp" `processed(sad[m])` (0 when the clip has no frame
///   `m`), which also seeds the moving average. So `motion3[0]` is not 0 by design.
pub fn flush(sad: &[f64], opts: &MotionOptions) -> (Vec<f64>, Vec<f64>) {
    let mut f = MotionFlush::new(*opts);
    let (mut motion2, mut motion3) = (Vec::with_capacity(sad.len()), Vec::with_capacity(sad.len()));
    f.advance(sad, true, |_, m2, m3| {
        motion2.push(m2);
        motion3.push(m3);
    });
    (motion2, motion3)
}

/// [`flush`] computed incrementally while frames arrive: `motion2`/`motion3` of frame `i` are
/// final once the SAD of frame `i + 1` is known (and, for the first frames, the SAD at the
/// window start that seeds the `motion3` stamp). Gives exactly [`flush`]'s values.
#[derive(Debug, Clone)]
pub struct MotionFlush {
    opts: MotionOptions,
    done: usize,
    prev_processed: f64,
}

impl MotionFlush {
    /// A flusher that has emitted nothing yet.
    pub fn new(opts: MotionOptions) -> MotionFlush {
        MotionFlush {
            opts,
            done: 0,
            prev_processed: 0.0,
        }
    }

    /// Frames emitted so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Emits `(frame, motion2, motion3)` for every frame not emitted before whose values are
    /// final given the SAD series so far; with `last`, for every remaining frame.
    pub fn advance(&mut self, sad: &[f64], last: bool, mut emit: impl FnMut(usize, f64, f64)) {
        let n = sad.len();
        let min_idx = self.opts.reference_lag();
        let stride = min_idx;
        let ready = if last {
            n
        } else if n > min_idx {
            n - 1
        } else {
            0
        };
        let stamp = if n > min_idx {
            self.opts.processed(sad[min_idx])
        } else {
            0.0
        };
        for i in self.done..ready {
            let m2 = if i < min_idx {
                0.0
            } else if i + 1 >= n {
                sad[i]
            } else {
                let hi = sad[i + 1];
                let lo_idx = i + 1 - stride;
                if lo_idx >= min_idx {
                    c_min(sad[lo_idx], hi)
                } else {
                    hi
                }
            };
            let m3 = if i < min_idx {
                self.prev_processed = stamp;
                stamp
            } else {
                let processed = self.opts.processed(m2);
                let out = if self.opts.motion_moving_average {
                    (processed + self.prev_processed) / 2.0
                } else {
                    processed
                };
                self.prev_processed = processed;
                out
            };
            emit(i, m2, m3);
        }
        self.done = self.done.max(ready);
    }
}

#[cfg(test)]
mod tests {
    //! Hand-derived expectations. Each series below is worked out on paper from the rules of
    //! libvmaf's `flush()` as restated in the doc of [`flush`]; values are exact binary
    //! fractions so they are compared with `==`.

    use super::*;
    use crate::frame::Plane;

    fn opts() -> MotionOptions {
        MotionOptions::default()
    }

    #[test]
    fn defaults_are_libvmafs() {
        let o = opts();
        assert!(
            !o.motion_force_zero
                && !o.motion_five_frame_window
                && !o.motion_moving_average
                && !o.debug
        );
        assert_eq!(
            (
                o.motion_blend_factor,
                o.motion_blend_offset,
                o.motion_fps_weight,
                o.motion_max_val
            ),
            (1.0, 40.0, 1.0, 10000.0)
        );
        assert_eq!(o.reference_lag(), 1);
        o.validate().unwrap();
    }

    /// Default options, sad = [0, 2, 5, 3] (m = 1, stride 1):
    /// motion2 = [0, min(2,5)=2, min(5,3)=3, last: 3]; stamp = blend(sad[1]) = 2 (mbf = 1);
    /// motion3 = [stamp 2, 2, 3, 3].
    #[test]
    fn flush_default_window() {
        let (m2, m3) = flush(&[0.0, 2.0, 5.0, 3.0], &opts());
        assert_eq!(m2, [0.0, 2.0, 3.0, 3.0]);
        assert_eq!(m3, [2.0, 2.0, 3.0, 3.0]);
    }

    /// HFR options (mffw, mma, mmxv 18), sad = [0, 0, 4, 20, 30, 25] (m = 2, stride 2):
    /// motion2: i<2 → 0; i=2: lo = 1 < 2 → sad[3] = 20; i=3: min(sad[2], sad[4]) = min(4, 30) = 4;
    /// i=4: min(sad[3], sad[5]) = min(20, 25) = 20; i=5 (last): sad[5] = 25.
    /// processed (clip 18): [_, _, 18, 4, 18, 18]; stamp = min(sad[2], 18) = 4.
    /// motion3 (moving average, seeded by the stamp): [4, 4, (18+4)/2 = 11, (4+18)/2 = 11,
    /// (18+4)/2 = 11, (18+18)/2 = 18].
    #[test]
    fn flush_five_frame_window_moving_average_clip() {
        let o = MotionOptions {
            motion_five_frame_window: true,
            motion_moving_average: true,
            motion_max_val: 18.0,
            ..opts()
        };
        assert_eq!(o.reference_lag(), 2);
        let (m2, m3) = flush(&[0.0, 0.0, 4.0, 20.0, 30.0, 25.0], &o);
        assert_eq!(m2, [0.0, 0.0, 20.0, 4.0, 20.0, 25.0]);
        assert_eq!(m3, [4.0, 4.0, 11.0, 11.0, 11.0, 18.0]);
    }

    /// Moving average without the five-frame window, sad = [0, 2, 6, 4]:
    /// motion2 = [0, 2, 4, 4]; stamp 2; motion3 = [2, (2+2)/2 = 2, (4+2)/2 = 3, (4+4)/2 = 4].
    #[test]
    fn flush_moving_average_only() {
        let o = MotionOptions {
            motion_moving_average: true,
            ..opts()
        };
        let (m2, m3) = flush(&[0.0, 2.0, 6.0, 4.0], &o);
        assert_eq!(m2, [0.0, 2.0, 4.0, 4.0]);
        assert_eq!(m3, [2.0, 2.0, 3.0, 4.0]);
    }

    /// Blend with mbf = 0.25, mbo = 10, sad = [0, 8, 40, 20]:
    /// motion2 = [0, min(8,40) = 8, min(40,20) = 20, 20];
    /// blend(8) = 0.25·8 + 0.75·min(10, 8) = 2 + 6 = 8; blend(20) = 5 + 0.75·10 = 12.5;
    /// stamp = blend(sad[1] = 8) = 8; motion3 = [8, 8, 12.5, 12.5].
    #[test]
    fn flush_blend() {
        let o = MotionOptions {
            motion_blend_factor: 0.25,
            motion_blend_offset: 10.0,
            ..opts()
        };
        let (m2, m3) = flush(&[0.0, 8.0, 40.0, 20.0], &o);
        assert_eq!(m2, [0.0, 8.0, 20.0, 20.0]);
        assert_eq!(m3, [8.0, 8.0, 12.5, 12.5]);
    }

    /// Short clips: n = 0 → nothing; n = 1 → motion2 [0], no frame m so the stamp is 0;
    /// n = 2 → motion2 [0, sad[1] (last)], stamp sad[1]; five-frame window with n = 2 → all 0;
    /// n = 3 with the window → motion2[2] = sad[2] (last), stamp sad[2], moving average of equal
    /// values keeps it.
    #[test]
    fn flush_short_clips() {
        assert_eq!(flush(&[], &opts()), (vec![], vec![]));
        assert_eq!(flush(&[0.0], &opts()), (vec![0.0], vec![0.0]));
        assert_eq!(
            flush(&[0.0, 5.0], &opts()),
            (vec![0.0, 5.0], vec![5.0, 5.0])
        );
        let hfr = MotionOptions {
            motion_five_frame_window: true,
            motion_moving_average: true,
            ..opts()
        };
        assert_eq!(flush(&[0.0, 0.0], &hfr), (vec![0.0, 0.0], vec![0.0, 0.0]));
        assert_eq!(
            flush(&[0.0, 0.0, 7.0], &hfr),
            (vec![0.0, 0.0, 7.0], vec![7.0, 7.0, 7.0])
        );
    }

    /// The stamp is clipped too: sad[1] = 50 with mmxv 18 gives motion3[0] = 18.
    #[test]
    fn flush_stamp_clipped() {
        let o = MotionOptions {
            motion_max_val: 18.0,
            ..opts()
        };
        let (m2, m3) = flush(&[0.0, 50.0, 10.0], &o);
        assert_eq!(m2, [0.0, 10.0, 10.0]);
        assert_eq!(m3, [18.0, 10.0, 10.0]);
    }

    fn plane(data: &[u8], w: usize, h: usize) -> PlaneRef<'_> {
        PlaneRef::U8(Plane::new(data, w, h, w).unwrap())
    }

    /// A uniform difference of 10 (8-bit scale) scores exactly 10 (see the kernel's hand
    /// derivation), at every bit depth; fps weight multiplies; max_val clips.
    #[test]
    fn sad_constant_difference() {
        let (w, h) = (11usize, 5usize);
        let a = vec![100u8; w * h];
        let b = vec![90u8; w * h];
        let mut m = Motion::new(w as u32, h as u32, 8, opts()).unwrap();
        assert_eq!(m.sad(plane(&a, w, h), plane(&b, w, h)).unwrap(), 10.0);
        let mut m = Motion::new(
            w as u32,
            h as u32,
            8,
            MotionOptions {
                motion_fps_weight: 0.5,
                ..opts()
            },
        )
        .unwrap();
        assert_eq!(m.sad(plane(&a, w, h), plane(&b, w, h)).unwrap(), 5.0);
        let mut m = Motion::new(
            w as u32,
            h as u32,
            8,
            MotionOptions {
                motion_max_val: 7.25,
                ..opts()
            },
        )
        .unwrap();
        assert_eq!(m.sad(plane(&a, w, h), plane(&b, w, h)).unwrap(), 7.25);
        let mut m = Motion::new(
            w as u32,
            h as u32,
            8,
            MotionOptions {
                motion_force_zero: true,
                ..opts()
            },
        )
        .unwrap();
        assert_eq!(m.sad(plane(&a, w, h), plane(&b, w, h)).unwrap(), 0.0);
        for bd in 9..=16u8 {
            let s = 1u16 << (bd - 8);
            let a = vec![100 * s; w * h];
            let b = vec![90 * s; w * h];
            let mut m = Motion::new(w as u32, h as u32, bd, opts()).unwrap();
            let pa = PlaneRef::U16(Plane::new(&a, w, h, w).unwrap());
            let pb = PlaneRef::U16(Plane::new(&b, w, h, w).unwrap());
            assert_eq!(m.sad(pa, pb).unwrap(), 10.0, "bit depth {bd}");
        }
    }

    /// The 7x7 impulse of the kernel tests (SAD 253 in Q8), in a padded buffer (stride 10):
    /// score = 253 / 256 / 49.
    #[test]
    fn sad_impulse_with_stride() {
        let (w, h, stride) = (7usize, 7usize, 10usize);
        let mut a = vec![0xEEu8; stride * h];
        let mut b = vec![0x11u8; stride * h];
        for y in 0..h {
            a[y * stride..y * stride + w].fill(0);
            b[y * stride..y * stride + w].fill(0);
        }
        a[3 * stride + 3] = 1;
        let pa = PlaneRef::U8(Plane::new(&a, w, h, stride).unwrap());
        let pb = PlaneRef::U8(Plane::new(&b, w, h, stride).unwrap());
        let mut m = Motion::new(7, 7, 8, opts()).unwrap();
        assert_eq!(m.sad(pa, pb).unwrap(), 253.0 / 256.0 / 49.0);
    }

    #[test]
    fn option_ranges_rejected() {
        let bad = [
            MotionOptions {
                motion_blend_factor: 1.5,
                ..opts()
            },
            MotionOptions {
                motion_blend_factor: -0.1,
                ..opts()
            },
            MotionOptions {
                motion_blend_offset: 1000.5,
                ..opts()
            },
            MotionOptions {
                motion_fps_weight: 5.01,
                ..opts()
            },
            MotionOptions {
                motion_max_val: 10001.0,
                ..opts()
            },
            MotionOptions {
                motion_max_val: -1.0,
                ..opts()
            },
            MotionOptions {
                motion_max_val: f64::NAN,
                ..opts()
            },
        ];
        for o in bad {
            let e = o.validate().unwrap_err();
            assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
            assert!(Motion::new(8, 8, 8, o).is_err());
        }
        let e = MotionOptions {
            motion_fps_weight: 6.0,
            ..opts()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("motion_fps_weight") && e.contains('6') && e.contains("0..=5"),
            "{e}"
        );
        // Range ends are allowed.
        MotionOptions {
            motion_blend_factor: 0.0,
            motion_blend_offset: 1000.0,
            motion_fps_weight: 5.0,
            motion_max_val: 0.0,
            ..opts()
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn geometry_rejected() {
        for (w, h, bd) in [
            (2, 8, 8),
            (8, 2, 8),
            (0, 8, 8),
            (40000, 8, 8),
            (8, 8, 7),
            (8, 8, 17),
        ] {
            let e = Motion::new(w, h, bd, opts()).unwrap_err();
            assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
        }
        Motion::new(3, 3, 16, opts()).unwrap();
    }

    #[test]
    fn planes_rejected() {
        let a8 = vec![0u8; 64];
        let a16 = vec![0u16; 64];
        let mut m8 = Motion::new(8, 8, 8, opts()).unwrap();
        let p8 = plane(&a8, 8, 8);
        let p16 = PlaneRef::U16(Plane::new(&a16, 8, 8, 8).unwrap());
        let small = plane(&a8, 7, 8);
        assert!(m8.sad(p8, p8).is_ok());
        let e = m8.sad(p16, p8).unwrap_err().to_string();
        assert!(e.contains("u16") && e.contains("8-bit"), "{e}");
        let e = m8.sad(p8, small).unwrap_err().to_string();
        assert!(e.contains("7x8") && e.contains("8x8"), "{e}");
        let mut m10 = Motion::new(8, 8, 10, opts()).unwrap();
        assert!(m10.sad(p16, p16).is_ok());
        assert!(m10.sad(p16, p8).is_err());
        // force_zero still checks its input.
        let mut mz = Motion::new(
            8,
            8,
            8,
            MotionOptions {
                motion_force_zero: true,
                ..opts()
            },
        )
        .unwrap();
        assert!(mz.sad(p8, small).is_err());
    }

    #[test]
    fn incremental_flush_equals_batch() {
        let mut seed = 12345u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 10_000) as f64 / 97.0
        };
        for (mffw, mma, mmxv) in [
            (false, false, 10000.0),
            (true, true, 18.0),
            (false, true, 18.0),
            (true, false, 5.0),
        ] {
            let opts = MotionOptions {
                motion_five_frame_window: mffw,
                motion_moving_average: mma,
                motion_max_val: mmxv,
                motion_blend_factor: 0.5,
                ..MotionOptions::default()
            };
            for n in 0..9 {
                let sad: Vec<f64> = (0..n).map(|_| rnd()).collect();
                let (m2, m3) = flush(&sad, &opts);
                let mut f = MotionFlush::new(opts);
                let (mut a2, mut a3) = (vec![f64::NAN; n], vec![f64::NAN; n]);
                for k in 0..=n {
                    f.advance(&sad[..k], k == n, |i, x, y| {
                        assert!(a2[i].is_nan(), "frame {i} emitted twice");
                        a2[i] = x;
                        a3[i] = y;
                    });
                }
                assert_eq!(a2, m2, "motion2 n={n} {opts:?}");
                assert_eq!(a3, m3, "motion3 n={n} {opts:?}");
            }
        }
    }
}
