//! Integer VIF (visual information fidelity), bit-exact with libvmaf 3.2's `vif` extractor
//! (`libvmaf/src/feature/integer_vif.c`, `integer_vif.h`).
//!
//! VIF compares, at four scales, how much of the reference's local signal survives in the
//! distorted image: per pixel, with local variances σ1² (reference), σ2² (distorted) and
//! covariance σ12 over a Gaussian window, the distorted signal is modelled as `g·ref + noise`
//! with `g = σ12/σ1²` and noise variance `sv² = σ2² − g·σ12`; the score of a scale is
//! `Σ log2(1 + g²σ1²/(sv² + σn²)) / Σ log2(1 + σ1²/σn²)` (σn² = 2), with pixels of tiny
//! reference variance counted through a linear stand-in. The four per-scale scores are the
//! `integer_vif_scale0..3` features of VMAF models.
//!
//! This module holds the per-frame orchestration (upstream `extract`, `write_scores`): the scale
//! ladder, reflect-101 row selection, the decimated planes, and the final float arithmetic. The
//! row kernels are in [`foveal_kernels::vif`], chosen once per extractor for the active CPU level.
//! See `docs/features/vif.md` for the formula, the fixed-point ladder and the upstream mapping.

use foveal_kernels::cpu::CpuLevel;
use foveal_kernels::vif::{
    FILTERS, VerticalShifts, VifAccum, VifKernels, VifScratch, shared_log2_table,
};

use std::ops::Range;

use crate::error::{Error, Result};
use crate::features::options::fmt_g;
use crate::frame::{MAX_DIMENSION, Pixel, Plane, PlaneRef};

/// Smallest frame width and height VIF accepts. The coarsest scale is the frame decimated three
/// times (`w >> 3`), and its 3-tap window needs 2 samples for its reflected border: below 16,
/// libvmaf reads outside the frame data (its mirror padding is only valid for at least
/// `taps/2 + 1` samples at every scale: 9, 5, 3 and 2).
pub const MIN_DIMENSION: usize = 16;

/// libvmaf's default (and largest) enhancement gain limit, `DEFAULT_VIF_ENHN_GAIN_LIMIT`.
pub const DEFAULT_ENHN_GAIN_LIMIT: f64 = 100.0;

/// Options of the integer VIF extractor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VifOptions {
    /// Largest gain `g` credited to the distorted image (libvmaf `vif_enhn_gain_limit`, alias
    /// `egl`), 1.0..=100.0, default 100 (practically unlimited). 1.0 disables enhancement gain, as the
    /// "NEG" models do. A non-default value appends `_egl_<%g>` to the feature names.
    pub enhn_gain_limit: f64,
    /// Skip scale 0 (libvmaf `vif_skip_scale0`, alias `ssclz`), default false: the scale-0 score is
    /// reported as 0 and left out of the debug totals. Appends `_ssclz` to the feature names.
    pub skip_scale0: bool,
    /// Also report the debug features (libvmaf `debug`): `integer_vif`, `integer_vif_num`,
    /// `integer_vif_den` and `integer_vif_{num,den}_scale0..3`.
    pub debug: bool,
}

impl Default for VifOptions {
    fn default() -> Self {
        VifOptions {
            enhn_gain_limit: DEFAULT_ENHN_GAIN_LIMIT,
            skip_scale0: false,
            debug: false,
        }
    }
}

impl VifOptions {
    /// Checks the options against libvmaf's ranges (`vif_enhn_gain_limit` in `[1, 100]`).
    pub fn validate(&self) -> Result<()> {
        let egl = self.enhn_gain_limit;
        if !(1.0..=DEFAULT_ENHN_GAIN_LIMIT).contains(&egl) {
            return Err(Error::invalid(
                "VIF enhancement gain limit (vif_enhn_gain_limit)",
                egl,
                "1.0..=100.0",
            ));
        }
        Ok(())
    }

    /// The suffix libvmaf appends to every feature name for these options: `_egl_<%g>` when the
    /// gain limit is not 100, then `_ssclz` when scale 0 is skipped (sorted by option name).
    pub fn name_suffix(&self) -> String {
        let mut s = String::new();
        if self.enhn_gain_limit != DEFAULT_ENHN_GAIN_LIMIT {
            s.push_str("_egl_");
            s.push_str(&fmt_g(self.enhn_gain_limit));
        }
        if self.skip_scale0 {
            s.push_str("_ssclz");
        }
        s
    }
}

/// One frame's VIF sums per scale, as libvmaf holds them (`VifScore`: `float num, den` per scale).
///
/// `num[s]` and `den[s]` are the `f32` values widened to `f64` (exactly), i.e. the debug
/// features `integer_vif_num_scale<s>` / `integer_vif_den_scale<s>`. When scale 0 is skipped they
/// hold libvmaf's placeholders `num[0] = 0`, `den[0] = -1`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VifScores {
    /// Numerator of each scale.
    pub num: [f64; 4],
    /// Denominator of each scale.
    pub den: [f64; 4],
    /// Whether scale 0 was skipped (`vif_skip_scale0`).
    pub scale0_skipped: bool,
}

impl VifScores {
    /// The score of `scale` (0..=3) as libvmaf reports it (`integer_vif_scale<s>`): the `f32`
    /// quotient `num / den` (NaN or ±inf where upstream's would be, e.g. a zero denominator),
    /// and exactly 0 for a skipped scale 0. Returns NaN for a scale above 3.
    pub fn scale_score(&self, scale: usize) -> f64 {
        if scale > 3 {
            return f64::NAN;
        }
        if scale == 0 && self.scale0_skipped {
            return 0.0;
        }
        f64::from(self.num[scale] as f32 / self.den[scale] as f32)
    }

    /// The four per-scale scores.
    pub fn scale_scores(&self) -> [f64; 4] {
        [0, 1, 2, 3].map(|s| self.scale_score(s))
    }

    fn first_scale(&self) -> usize {
        usize::from(self.scale0_skipped)
    }

    /// Σ num over the scales computed, in `f64` (debug feature `integer_vif_num`).
    pub fn num_total(&self) -> f64 {
        self.num[self.first_scale()..].iter().sum()
    }

    /// Σ den over the scales computed, in `f64` (debug feature `integer_vif_den`).
    pub fn den_total(&self) -> f64 {
        self.den[self.first_scale()..].iter().sum()
    }

    /// The all-scale VIF `Σ num / Σ den` in `f64`, 1.0 when `Σ den` is 0 (debug feature
    /// `integer_vif`).
    pub fn aggregate(&self) -> f64 {
        let den = self.den_total();
        if den == 0.0 {
            1.0
        } else {
            self.num_total() / den
        }
    }
}

const BASE_NAMES: [&str; 4] = [
    "integer_vif_scale0",
    "integer_vif_scale1",
    "integer_vif_scale2",
    "integer_vif_scale3",
];
const DEBUG_NAMES: [&str; 11] = [
    "integer_vif",
    "integer_vif_num",
    "integer_vif_den",
    "integer_vif_num_scale0",
    "integer_vif_den_scale0",
    "integer_vif_num_scale1",
    "integer_vif_den_scale1",
    "integer_vif_num_scale2",
    "integer_vif_den_scale2",
    "integer_vif_num_scale3",
    "integer_vif_den_scale3",
];

/// Most taps of any window (scale 0).
const MAX_TAPS: usize = 17;

/// The integer VIF extractor for one frame geometry and bit depth. All scratch memory is
/// allocated by [`Vif::new`]; [`Vif::compute`] does not allocate.
pub struct Vif {
    width: usize,
    height: usize,
    bit_depth: u8,
    opts: VifOptions,
    kernels: VifKernels,
    log2: &'static [u16],
    /// One scratch per band of rows ([`Vif::set_threads`]; one when frames are not split).
    scratch: Vec<VifScratch>,
    /// Decimated reference/distorted planes of scales 1 and 3 (tightly packed).
    half_ref: Vec<u16>,
    half_dis: Vec<u16>,
    /// Decimated planes of scale 2.
    quarter_ref: Vec<u16>,
    quarter_dis: Vec<u16>,
    names: Vec<String>,
}

impl std::fmt::Debug for Vif {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vif")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("bit_depth", &self.bit_depth)
            .field("opts", &self.opts)
            .field("kernels", &self.kernels)
            .finish_non_exhaustive()
    }
}

impl Vif {
    /// An extractor for `width`×`height` luma of `bit_depth` (8..=16) bits, with the kernels of
    /// the active CPU level. Width and height must be at least [`MIN_DIMENSION`] (16).
    pub fn new(width: usize, height: usize, bit_depth: u8, opts: VifOptions) -> Result<Vif> {
        Vif::with_cpu_level(width, height, bit_depth, opts, CpuLevel::active())
    }

    /// As [`Vif::new`], with the kernels of `level` (or the best below it that exists).
    pub fn with_cpu_level(
        width: usize,
        height: usize,
        bit_depth: u8,
        opts: VifOptions,
        level: CpuLevel,
    ) -> Result<Vif> {
        opts.validate()?;
        let dims = format!(
            "{MIN_DIMENSION}..={MAX_DIMENSION} (VIF decimates three times; the 1/8 scale needs 2 samples)"
        );
        if !(MIN_DIMENSION..=MAX_DIMENSION as usize).contains(&width) {
            return Err(Error::invalid("VIF frame width", width, &dims));
        }
        if !(MIN_DIMENSION..=MAX_DIMENSION as usize).contains(&height) {
            return Err(Error::invalid("VIF frame height", height, &dims));
        }
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        let (w1, h1) = (width / 2, height / 2);
        let (w2, h2) = (w1 / 2, h1 / 2);
        let suffix = opts.name_suffix();
        let mut names: Vec<String> = BASE_NAMES.iter().map(|n| format!("{n}{suffix}")).collect();
        if opts.debug {
            names.extend(DEBUG_NAMES.iter().map(|n| format!("{n}{suffix}")));
        }
        Ok(Vif {
            width,
            height,
            bit_depth,
            opts,
            kernels: VifKernels::for_level(level),
            log2: shared_log2_table(),
            scratch: vec![VifScratch::new(width)],
            half_ref: vec![0; w1 * h1],
            half_dis: vec![0; w1 * h1],
            quarter_ref: vec![0; w2 * h2],
            quarter_dis: vec![0; w2 * h2],
            names,
        })
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &VifOptions {
        &self.opts
    }

    /// Frame width and height this extractor accepts.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// Bit depth this extractor accepts.
    pub fn bit_depth(&self) -> u8 {
        self.bit_depth
    }

    /// The CPU level of the kernels in use.
    pub fn cpu_level(&self) -> CpuLevel {
        self.kernels.level
    }

    /// The names of the features [`Vif::features`] yields, in libvmaf's order and spelling
    /// (e.g. `integer_vif_scale0`, or `integer_vif_scale0_egl_1` with a gain limit of 1).
    pub fn feature_names(&self) -> &[String] {
        &self.names
    }

    /// The features of one frame's scores, named as libvmaf names them: the four scale scores,
    /// then (with `debug`) `integer_vif`, `integer_vif_num`, `integer_vif_den` and the per-scale
    /// numerators and denominators.
    pub fn features<'a>(
        &'a self,
        scores: &'a VifScores,
    ) -> impl Iterator<Item = (&'a str, f64)> + 'a {
        let debug = [
            scores.aggregate(),
            scores.num_total(),
            scores.den_total(),
            scores.num[0],
            scores.den[0],
            scores.num[1],
            scores.den[1],
            scores.num[2],
            scores.den[2],
            scores.num[3],
            scores.den[3],
        ];
        let values = scores.scale_scores().into_iter().chain(debug);
        self.names.iter().map(String::as_str).zip(values)
    }

    /// Computes the VIF sums of one frame pair (luma planes). Both planes must have the size and
    /// sample type (`u8` for 8-bit, `u16` above) this extractor was created for. Samples above
    /// the bit depth are not rejected; they give libvmaf's (meaningless) results, never a panic.
    pub fn compute(
        &mut self,
        reference: PlaneRef<'_>,
        distorted: PlaneRef<'_>,
    ) -> Result<VifScores> {
        let (rw, rh) = (reference.width(), reference.height());
        let (dw, dh) = (distorted.width(), distorted.height());
        if (rw, rh) != (dw, dh) {
            return Err(Error::Mismatch {
                what: "luma plane size",
                reference: format!("{rw}x{rh}"),
                distorted: format!("{dw}x{dh}"),
            });
        }
        if (rw, rh) != (self.width, self.height) {
            return Err(Error::InvalidFrame(format!(
                "luma planes are {rw}x{rh}, this VIF extractor was created for {}x{}",
                self.width, self.height
            )));
        }
        let mut acc = [VifAccum::default(); 4];
        match (reference, distorted) {
            (PlaneRef::U8(r), PlaneRef::U8(d)) if self.bit_depth == 8 => {
                self.scale0(r, d, &mut acc[0])
            }
            (PlaneRef::U16(r), PlaneRef::U16(d)) if self.bit_depth > 8 => {
                self.scale0(r, d, &mut acc[0])
            }
            (r, d) => {
                let ty = |p: &PlaneRef<'_>| {
                    if matches!(p, PlaneRef::U8(_)) {
                        "u8"
                    } else {
                        "u16"
                    }
                };
                return Err(Error::InvalidFrame(format!(
                    "this VIF extractor takes {}-bit luma as {} samples, got reference {} and distorted {}",
                    self.bit_depth,
                    if self.bit_depth == 8 { "u8" } else { "u16" },
                    ty(&r),
                    ty(&d)
                )));
            }
        }
        self.coarse_scales(&mut acc)?;

        let mut scores = VifScores {
            scale0_skipped: self.opts.skip_scale0,
            ..VifScores::default()
        };
        for (s, a) in acc.iter().enumerate() {
            let (num, den) = a.num_den();
            scores.num[s] = f64::from(num);
            scores.den[s] = f64::from(den);
        }
        if self.opts.skip_scale0 {
            scores.num[0] = 0.0;
            scores.den[0] = -1.0;
        }
        Ok(scores)
    }

    /// Splits each frame's work over `threads` bands of rows (at most [`MAX_BANDS`]; 0 and 1
    /// mean none), run with `rayon::join` in the pool `compute` is called from (the global one
    /// outside any pool). The sums are integers added band by band, so the scores do not depend
    /// on the split. Allocates the bands' scratch memory here, not per frame.
    pub fn set_threads(&mut self, threads: usize) {
        let bands = threads.clamp(1, MAX_BANDS);
        self.scratch.truncate(bands);
        while self.scratch.len() < bands {
            self.scratch.push(VifScratch::new(self.width));
        }
    }

    /// Row bands each frame is split into (1 = not split).
    pub fn threads(&self) -> usize {
        self.scratch.len()
    }

    /// Scale 0 (`vif_statistic_8` / `vif_statistic_16` at scale 0) and its decimation to
    /// scale 1 (`subsample_rd_8` / `_16`) into the `half_*` planes.
    fn scale0<T: VifSample>(&mut self, r: Plane<'_, T>, d: Plane<'_, T>, acc: &mut VifAccum) {
        let job = ScaleJob {
            kernels: self.kernels,
            r,
            d,
            scale: 0,
            bpc: u32::from(self.bit_depth),
            log2: self.log2,
            egl: self.opts.enhn_gain_limit,
        };
        run_scale(
            &job,
            &mut self.scratch,
            !self.opts.skip_scale0,
            Some((&mut self.half_ref, &mut self.half_dis)),
            acc,
        );
    }

    /// Scales 1..=3 on the decimated Q8 planes (`vif_statistic_16` and `subsample_rd_16` with
    /// scale > 0): statistic of scale 1, decimate to 2, statistic of 2, decimate to 3, statistic
    /// of 3. Scales 1 and 3 live in the `half_*` buffers, scale 2 in `quarter_*`.
    fn coarse_scales(&mut self, acc: &mut [VifAccum; 4]) -> Result<()> {
        let (mut w, mut h) = (self.width / 2, self.height / 2);
        for (scale, acc) in acc.iter_mut().enumerate().skip(1) {
            let (src_ref, src_dis, dst_ref, dst_dis) = if scale == 2 {
                (
                    &self.quarter_ref,
                    &self.quarter_dis,
                    &mut self.half_ref,
                    &mut self.half_dis,
                )
            } else {
                (
                    &self.half_ref,
                    &self.half_dis,
                    &mut self.quarter_ref,
                    &mut self.quarter_dis,
                )
            };
            let job = ScaleJob {
                kernels: self.kernels,
                r: Plane::new(&src_ref[..w * h], w, h, w)?,
                d: Plane::new(&src_dis[..w * h], w, h, w)?,
                scale,
                bpc: u32::from(self.bit_depth),
                log2: self.log2,
                egl: self.opts.enhn_gain_limit,
            };
            let dst = (scale < 3).then_some((&mut dst_ref[..], &mut dst_dis[..]));
            run_scale(&job, &mut self.scratch, true, dst, acc);
            w /= 2;
            h /= 2;
        }
        Ok(())
    }
}

/// Most row bands a frame is split into ([`Vif::set_threads`]).
pub const MAX_BANDS: usize = 16;

/// One kernel call's rows and settings (the decimation uses `f`, `shift` and `w` only).
struct RowCall<'a, T> {
    rr: &'a [&'a [T]],
    dd: &'a [&'a [T]],
    f: &'a [u16],
    shifts: VerticalShifts,
    shift: u32,
    w: usize,
    log2: &'a [u16],
    egl: f64,
}

/// The sample types VIF runs on, with the row kernels of each: the statistic of one output row
/// (or two, `two`), and one decimated row.
trait VifSample: Pixel {
    fn stat(k: &VifKernels, two: bool, c: RowCall<'_, Self>, s: &mut VifScratch, a: &mut VifAccum);
    fn sub(k: &VifKernels, c: RowCall<'_, Self>, s: &mut VifScratch, out: [&mut [u16]; 2]);
}

impl VifSample for u8 {
    fn stat(k: &VifKernels, two: bool, c: RowCall<'_, u8>, s: &mut VifScratch, a: &mut VifAccum) {
        let kernel = if two { k.stat_rows2_u8 } else { k.stat_row_u8 };
        kernel(c.rr, c.dd, c.f, c.w, s, c.log2, c.egl, a);
    }

    fn sub(k: &VifKernels, c: RowCall<'_, u8>, s: &mut VifScratch, [r, d]: [&mut [u16]; 2]) {
        (k.sub_row_u8)(c.rr, c.dd, c.f, c.w, s, r, d);
    }
}

impl VifSample for u16 {
    fn stat(k: &VifKernels, two: bool, c: RowCall<'_, u16>, s: &mut VifScratch, a: &mut VifAccum) {
        let kernel = if two {
            k.stat_rows2_u16
        } else {
            k.stat_row_u16
        };
        kernel(c.rr, c.dd, c.f, c.shifts, c.w, s, c.log2, c.egl, a);
    }

    fn sub(k: &VifKernels, c: RowCall<'_, u16>, s: &mut VifScratch, [r, d]: [&mut [u16]; 2]) {
        (k.sub_row_u16)(c.rr, c.dd, c.f, c.shift, c.w, s, r, d);
    }
}

/// What one scale computes, shared (read-only) by its bands.
struct ScaleJob<'a, T: Pixel> {
    kernels: VifKernels,
    r: Plane<'a, T>,
    d: Plane<'a, T>,
    scale: usize,
    bpc: u32,
    log2: &'a [u16],
    egl: f64,
}

/// One band of a scale: the statistic's output rows `stat` (two at a time, the kernels sharing
/// their vertical pass; a lone last row only at the frame's end) and the decimated rows `dec`,
/// written to `dst` (which holds exactly those rows).
struct Band<'a> {
    stat: Range<usize>,
    dec: Range<usize>,
    dst: Option<(&'a mut [u16], &'a mut [u16])>,
    scratch: &'a mut VifScratch,
    acc: VifAccum,
}

impl<T: VifSample> ScaleJob<'_, T> {
    fn run(&self, band: &mut Band<'_>) {
        let (w, h) = (self.r.width(), self.r.height());
        let f = FILTERS[self.scale];
        let taps = f.len();
        let shifts = VerticalShifts::statistic(self.scale, self.bpc);
        // Decimated row `k` reads the rows around `2k` that the statistic of rows `2k, 2k + 1`
        // has just read: it is computed right after that pair, while they are still in cache
        // (≈ half the decimation's time at 1080p; the values do not depend on the order).
        let mut next_dec = band.dec.start;
        let mut i = band.stat.start;
        while i < band.stat.end {
            let two = i + 1 < band.stat.end;
            let n = if two { taps + 1 } else { taps };
            let rr = select_window(i, taps / 2, n, h, |y| self.r.row(y));
            let dd = select_window(i, taps / 2, n, h, |y| self.d.row(y));
            let call = RowCall {
                rr: &rr[..n],
                dd: &dd[..n],
                f,
                shifts,
                shift: 0,
                w,
                log2: self.log2,
                egl: self.egl,
            };
            T::stat(&self.kernels, two, call, band.scratch, &mut band.acc);
            i += n - taps + 1;
            while next_dec < band.dec.end && 2 * next_dec < i {
                self.decimate(band, next_dec);
                next_dec += 1;
            }
        }
        // Rows the statistic did not run for (it is skipped at scale 0 with `vif_skip_scale0`).
        while next_dec < band.dec.end {
            self.decimate(band, next_dec);
            next_dec += 1;
        }
    }

    /// Decimated row `k` (in `band.dec`) into its slot of `band.dst`, when the band has one.
    fn decimate(&self, band: &mut Band<'_>, k: usize) {
        let Some((out_ref, out_dis)) = band.dst.as_mut() else {
            return;
        };
        let (w, h) = (self.r.width(), self.r.height());
        let f = FILTERS[self.scale + 1];
        let wn = w / 2;
        let rr = select_rows(2 * k, f.len(), h, |y| self.r.row(y));
        let dd = select_rows(2 * k, f.len(), h, |y| self.d.row(y));
        let out = (k - band.dec.start) * wn..(k - band.dec.start + 1) * wn;
        let call = RowCall {
            rr: &rr[..f.len()],
            dd: &dd[..f.len()],
            f,
            shifts: VerticalShifts::statistic(self.scale, self.bpc),
            shift: VerticalShifts::subsample(self.scale, self.bpc),
            w,
            log2: self.log2,
            egl: self.egl,
        };
        let out = [&mut out_ref[out.clone()], &mut out_dis[out]];
        T::sub(&self.kernels, call, band.scratch, out);
    }
}

/// Runs one scale: its statistic (when `stat`) into `acc` and, with `dst`, its decimation into
/// the next scale's planes (`(h/2)·(w/2)` samples used from the front of each). With more than
/// one scratch the rows are split into that many bands (or fewer on small planes), each with
/// its own scratch and partial sums, run in parallel; band boundaries are even rows, so every
/// band pairs its rows as the whole frame does and writes whole decimated rows of its own.
fn run_scale<T: VifSample>(
    job: &ScaleJob<'_, T>,
    scratch: &mut [VifScratch],
    stat: bool,
    dst: Option<(&mut [u16], &mut [u16])>,
    acc: &mut VifAccum,
) {
    let (w, h) = (job.r.width(), job.r.height());
    let (wn, hd) = (w / 2, h / 2);
    let dst = dst.map(|(r, d)| (&mut r[..wn * hd], &mut d[..wn * hd]));
    let stat_rows = |rows: Range<usize>| if stat { rows } else { 0..0 };
    if scratch.len() <= 1 || hd < 2 {
        let mut band = Band {
            stat: stat_rows(0..h),
            dec: 0..hd,
            dst,
            scratch: &mut scratch[0],
            acc: VifAccum::default(),
        };
        job.run(&mut band);
        acc.add(&band.acc);
        return;
    }
    // `cs` decimated rows (2·cs statistic rows) per band; the last band takes the rest.
    let cs = hd.div_ceil(scratch.len());
    let nb = hd.div_ceil(cs);
    let mut bands: [Option<Band<'_>>; MAX_BANDS] = std::array::from_fn(|_| None);
    let mut rest = dst;
    for (b, (slot, scratch)) in bands
        .iter_mut()
        .zip(scratch.iter_mut())
        .take(nb)
        .enumerate()
    {
        let dec = cs * b..(cs * (b + 1)).min(hd);
        let band_dst = match rest.take() {
            Some((r, d)) => {
                let (r0, r1) = r.split_at_mut(dec.len() * wn);
                let (d0, d1) = d.split_at_mut(dec.len() * wn);
                rest = Some((r1, d1));
                Some((r0, d0))
            }
            None => None,
        };
        let end = if b + 1 == nb { h } else { 2 * dec.end };
        *slot = Some(Band {
            stat: stat_rows(2 * dec.start..end),
            dec,
            dst: band_dst,
            scratch,
            acc: VifAccum::default(),
        });
    }
    for_each_band(&mut bands[..nb], &|band| job.run(band));
    for band in bands.iter().flatten() {
        acc.add(&band.acc);
    }
}

/// Runs `f` on every band, halving the list with `rayon::join` (no allocation).
fn for_each_band(bands: &mut [Option<Band<'_>>], f: &(impl Fn(&mut Band<'_>) + Sync)) {
    match bands {
        [] => {}
        [one] => {
            if let Some(band) = one {
                f(band);
            }
        }
        _ => {
            let (a, b) = bands.split_at_mut(bands.len() / 2);
            rayon::join(|| for_each_band(a, f), || for_each_band(b, f));
        }
    }
}

/// The `taps` rows centred on row `i` of a plane of `h` rows, reflected at the edges without
/// repeating the edge row (reflect-101: row −k is row k, row h−1+k is row h−1−k), which is what
/// libvmaf's `pad_top_and_bottom` / `decimate_and_pad` guard rows hold. Needs `taps / 2 < h`.
#[inline]
fn select_rows<'a, T: Pixel>(
    i: usize,
    taps: usize,
    h: usize,
    row: impl Fn(usize) -> &'a [T],
) -> [&'a [T]; MAX_TAPS + 1] {
    select_window(i, taps / 2, taps, h, row)
}

/// The `n ≤ MAX_TAPS + 1` rows `i − half, i − half + 1, …` of a plane of `h` rows, reflected as in
/// [`select_rows`]. Needs `half < h` and `i + n − 1 − half ≤ 2(h − 1)`.
#[inline]
fn select_window<'a, T: Pixel>(
    i: usize,
    half: usize,
    n: usize,
    h: usize,
    row: impl Fn(usize) -> &'a [T],
) -> [&'a [T]; MAX_TAPS + 1] {
    let mut rows: [&[T]; MAX_TAPS + 1] = [&[]; MAX_TAPS + 1];
    for (k, slot) in rows.iter_mut().enumerate().take(n) {
        let y = i + k;
        let y = if y < half {
            half - y
        } else if y - half >= h {
            2 * (h - 1) + half - y
        } else {
            y - half
        };
        *slot = row(y);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_libvmaf() {
        let o = VifOptions {
            enhn_gain_limit: 1.0,
            ..VifOptions::default()
        };
        assert_eq!(o.name_suffix(), "_egl_1");
        let o = VifOptions {
            enhn_gain_limit: 1.0,
            skip_scale0: true,
            debug: true,
        };
        assert_eq!(o.name_suffix(), "_egl_1_ssclz");
        assert_eq!(VifOptions::default().name_suffix(), "");
    }

    /// A textured plane: smooth gradients, noise and flat blocks, so that every branch of the
    /// per-pixel terms is taken.
    fn texture(w: usize, h: usize, max: u32, seed: u64) -> Vec<u32> {
        let mut x = seed;
        (0..w * h)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let (c, r) = (i % w, i / w);
                let noise = (x >> 40) as u32 % 23;
                let v = if (c / 7 + r / 5) % 4 == 0 {
                    max / 3
                } else {
                    (c as u32 * 37 + r as u32 * 11 + noise) % (max + 1)
                };
                v.min(max)
            })
            .collect()
    }

    /// Split into any number of row bands (including more bands than a small scale has rows),
    /// VIF gives exactly the unsplit sums, on odd and even sizes, 8 and 10 bits, with and
    /// without scale 0.
    #[test]
    fn row_bands_give_the_unsplit_sums() {
        for (w, h) in [(37, 53), (64, 17), (200, 99), (130, 130)] {
            for depth in [8u8, 10] {
                for skip_scale0 in [false, true] {
                    let max = (1u32 << depth) - 1;
                    let (r, d) = (texture(w, h, max, 1), texture(w, h, max, 2));
                    let opts = VifOptions {
                        skip_scale0,
                        ..VifOptions::default()
                    };
                    let mut vif = Vif::new(w, h, depth, opts).unwrap();
                    let (r8, d8): (Vec<u8>, Vec<u8>) = (
                        r.iter().map(|&v| v as u8).collect(),
                        d.iter().map(|&v| v as u8).collect(),
                    );
                    let (r16, d16): (Vec<u16>, Vec<u16>) = (
                        r.iter().map(|&v| v as u16).collect(),
                        d.iter().map(|&v| v as u16).collect(),
                    );
                    let planes = if depth == 8 {
                        [&r8, &d8].map(|p| PlaneRef::U8(Plane::new(p, w, h, w).unwrap()))
                    } else {
                        [&r16, &d16].map(|p| PlaneRef::U16(Plane::new(p, w, h, w).unwrap()))
                    };
                    let run = |vif: &mut Vif| vif.compute(planes[0], planes[1]).unwrap();
                    let one = run(&mut vif);
                    assert!(
                        one.den.iter().all(|&v| v != 0.0),
                        "{w}x{h}: degenerate test"
                    );
                    for bands in 2..=MAX_BANDS + 1 {
                        vif.set_threads(bands);
                        assert_eq!(vif.threads(), bands.min(MAX_BANDS));
                        let split = run(&mut vif);
                        assert_eq!(
                            (split.num, split.den),
                            (one.num, one.den),
                            "{w}x{h} {depth}-bit skip_scale0={skip_scale0}, {bands} bands"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn reflect_101_rows() {
        let data: Vec<u8> = (0..10).collect();
        let rows = select_rows(0, 17, 10, |y| &data[y..=y]);
        let got: Vec<u8> = rows[..17].iter().map(|r| r[0]).collect();
        assert_eq!(got, [8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let rows = select_rows(9, 17, 10, |y| &data[y..=y]);
        let got: Vec<u8> = rows[..17].iter().map(|r| r[0]).collect();
        assert_eq!(got, [1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        let rows = select_rows(1, 3, 2, |y| &data[y..=y]);
        assert_eq!([rows[0][0], rows[1][0], rows[2][0]], [0, 1, 0]);
    }
}
