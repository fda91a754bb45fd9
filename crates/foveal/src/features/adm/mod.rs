//! Integer ADM (Additive Detail Metric / "adm2"), bit-exact with libvmaf 3.2's `adm` extractor
//! (`libvmaf/src/feature/integer_adm.c`, `integer_adm.h`, `barten_csf_tools.h`).
//!
//! ADM splits the luma of the reference and the distorted picture into four dyadic db2 wavelet
//! scales. At each scale the distorted h/v/d detail bands are *decoupled* into the part that is a
//! (possibly attenuated) copy of the reference — the restored band `r` — and the additive
//! impairment `a = t - r`. The detail-loss measure (DLM) is the CSF-weighted restored energy that
//! survives contrast masking by the impairment, normalised by the CSF-weighted reference energy;
//! the additive-impairment measure (AIM) is the impairment energy that survives masking by the
//! restored signal, over the same denominator. Per scale, with `L3` the 3-norm over the central
//! 80 % of the band plus a noise floor:
//!
//! ```text
//! num_s = Σ_{h,v,d} L3(max(|csf·r| - thr(csf·a), 0)) + cbrt(area·noise_weight)
//! den_s = Σ_{h,v,d} L3(csf·o)                        + cbrt(area·noise_weight)
//! adm2  = Σ num_s / Σ den_s          aim = Σ aim_s / Σ den_s
//! adm3  = max(dlm_weight·adm2 + (1 - dlm_weight)·(1 - aim), min_val)
//! ```
//!
//! Everything before the final cube roots is integer arithmetic (see `docs/features/adm.md` and
//! the kernels in `foveal_kernels::adm`); the float steps at the end replicate libvmaf's
//! float/double mix, so every value equals libvmaf's bit for bit on the same libm.
//!
//! The hot loops live in [`foveal_kernels::adm`]; this module owns the buffers (allocated once in
//! [`Adm::new`]) and mirrors `integer_compute_adm` and `extract`.

mod csf;

use foveal_kernels::adm::scalar::nbr;
use foveal_kernels::adm::{AdmKernels, CmShifts, DwtRow, Hvd, HvdMut, Rect, Taps, dwt_taps};
use foveal_kernels::cpu::CpuLevel;

use crate::error::{Error, Result};
use crate::frame::{MAX_DIMENSION, PlaneRef};

pub use csf::{BLEND_VIEWING_CONDITIONS, CSF_BARTEN, CSF_BLEND, CSF_BLEND_MAE, CSF_WATSON97};

/// Smallest frame width and height ADM accepts. Below 33 the coarsest DWT input is shorter than 5
/// samples, where libvmaf's tap generator indexes outside the picture and its shift amounts turn
/// negative (undefined behaviour in C), so there is no libvmaf result to match.
pub const MIN_DIMENSION: u32 = 33;

/// Options of libvmaf's integer `adm` extractor (names without the `adm_` prefix). `Default` gives
/// libvmaf's defaults (the vmaf_v0.6.1 configuration).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdmOptions {
    /// `adm_csf_scale` (alias `scf`): scale of the h/v Barten CSF term (mode 1 only). 0..=50, default 1.
    pub csf_scale: f64,
    /// `adm_csf_diag_scale` (alias `scfd`): scale of the diagonal Barten CSF term (mode 1 only). 0..=50,
    /// default 1.
    pub csf_diag_scale: f64,
    /// `adm_dlm_weight` (alias `dlmw`): weight of DLM (adm2) against 1 - AIM in adm3. 0..=1, default 0.5.
    pub dlm_weight: f64,
    /// `adm_enhn_gain_limit` (alias `egl`): cap on the gain of enhanced detail; 1 disables enhancement
    /// credit (the "NEG" models). 1..=100, default 100.
    pub enhn_gain_limit: f64,
    /// `adm_norm_view_dist` (alias `nvd`): viewing distance over display height. 0.75..=24, default 3.
    pub norm_view_dist: f64,
    /// `adm_ref_display_height` (alias `rdh`): reference display height in pixels. 1..=4320, default 1080.
    pub ref_display_height: u32,
    /// `adm_csf_mode` (alias `csf`): 0 Watson 1997 (default), 1 Barten, 2 Barten–Watson blend,
    /// 3 blend ("MAE" tables). Modes 2 and 3 need an `(rdh, nvd)` pair listed in
    /// [`BLEND_VIEWING_CONDITIONS`].
    pub csf_mode: u8,
    /// `adm_noise_weight` (alias `nw`): weight of the noise floor added to every numerator and denominator
    /// term. 0..=1500, default 0.03125.
    pub noise_weight: f64,
    /// `adm_skip_aim`: skip the AIM pass (aim reads 0, adm3 uses it as 0). Default false.
    pub skip_aim: bool,
    /// `adm_skip_scale0` (alias `ssz`): only low-pass scale 0 (its num is 0, den 1e-10). Default false.
    pub skip_scale0: bool,
    /// `adm_min_val` (alias `min`): lower bound of adm3. 0..=1, default 0.
    pub min_val: f64,
    /// `debug`: libvmaf then also writes num/den per scale; foveal always fills them in
    /// [`AdmScores`], so this only tells a caller whether to report them. Default false.
    pub debug: bool,
}

impl Default for AdmOptions {
    fn default() -> Self {
        AdmOptions {
            csf_scale: 1.0,
            csf_diag_scale: 1.0,
            dlm_weight: 0.5,
            enhn_gain_limit: 100.0,
            norm_view_dist: 3.0,
            ref_display_height: 1080,
            csf_mode: CSF_WATSON97,
            noise_weight: 0.03125,
            skip_aim: false,
            skip_scale0: false,
            min_val: 0.0,
            debug: false,
        }
    }
}

fn check_range(what: &'static str, v: f64, lo: f64, hi: f64) -> Result<()> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(what, v, format!("{lo}..={hi}")))
    }
}

impl AdmOptions {
    /// Checks every option against libvmaf's range, the `nvd·rdh >= 3·1080` constraint of the
    /// integer pipeline, and (modes 2 and 3) that libvmaf has a CSF table for `(rdh, nvd)`.
    pub fn validate(&self) -> Result<()> {
        check_range("adm_csf_scale", self.csf_scale, 0.0, 50.0)?;
        check_range("adm_csf_diag_scale", self.csf_diag_scale, 0.0, 50.0)?;
        check_range("adm_dlm_weight", self.dlm_weight, 0.0, 1.0)?;
        check_range("adm_enhn_gain_limit", self.enhn_gain_limit, 1.0, 100.0)?;
        check_range("adm_norm_view_dist", self.norm_view_dist, 0.75, 24.0)?;
        if !(1..=4320).contains(&self.ref_display_height) {
            return Err(Error::invalid(
                "adm_ref_display_height",
                self.ref_display_height,
                "1..=4320",
            ));
        }
        if self.csf_mode > 3 {
            return Err(Error::invalid(
                "adm_csf_mode",
                self.csf_mode,
                "0 (Watson97), 1 (Barten), 2 (Barten-Watson blend), 3 (blend, MAE tables)",
            ));
        }
        check_range("adm_noise_weight", self.noise_weight, 0.0, 1500.0)?;
        check_range("adm_min_val", self.min_val, 0.0, 1.0)?;
        let product = self.norm_view_dist * self.ref_display_height as f64;
        if product < 3.0 * 1080.0 {
            return Err(Error::invalid(
                "adm_norm_view_dist x adm_ref_display_height",
                format!(
                    "{} x {} = {product}",
                    self.norm_view_dist, self.ref_display_height
                ),
                ">= 3240 (3 x 1080: the integer pipeline cannot represent coarser angular resolution)",
            ));
        }
        if (self.csf_mode == CSF_BLEND || self.csf_mode == CSF_BLEND_MAE)
            && csf::blend_table(
                self.csf_mode == CSF_BLEND_MAE,
                self.ref_display_height,
                self.norm_view_dist,
            )
            .is_none()
        {
            let allowed: Vec<String> = BLEND_VIEWING_CONDITIONS
                .iter()
                .map(|(h, d)| format!("rdh {h} with nvd {d}"))
                .collect();
            return Err(Error::invalid(
                "adm_ref_display_height/adm_norm_view_dist for adm_csf_mode 2/3",
                format!(
                    "rdh {} with nvd {}",
                    self.ref_display_height, self.norm_view_dist
                ),
                allowed.join(", "),
            ));
        }
        Ok(())
    }
}

/// ADM scores of one frame, exactly as libvmaf writes them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AdmScores {
    /// `VMAF_integer_feature_adm2_score` (`integer_adm2`): `num / den`, 1 when `den` is 0.
    pub adm2: f64,
    /// `VMAF_integer_feature_aim_score` (`integer_aim`): AIM numerator over the DLM denominator.
    /// 0 when `skip_aim` is set, and (foveal's choice) when `den` is 0, where libvmaf writes an
    /// uninitialised value.
    pub aim: f64,
    /// `VMAF_integer_feature_adm3_score` (`integer_adm3`).
    pub adm3: f64,
    /// `integer_adm_scale0..3`: `num_scale[s] / den_scale[s]`.
    pub scale: [f64; 4],
    /// `integer_adm_num` (debug): sum of the per-scale numerators, 0 below libvmaf's noise limit.
    pub num: f64,
    /// `integer_adm_den` (debug): sum of the per-scale denominators, 0 below the noise limit.
    pub den: f64,
    /// `integer_adm_num_scale0..3` (debug).
    pub num_scale: [f64; 4],
    /// `integer_adm_den_scale0..3` (debug).
    pub den_scale: [f64; 4],
}

/// Geometry of one DWT scale, fixed at construction.
#[derive(Debug)]
struct Scale {
    /// Input width of the DWT (picture at scale 0, previous `a` band after).
    in_w: usize,
    /// Output band size: `ceil(in / 2)`.
    w: usize,
    h: usize,
    /// Source rows of each output row.
    taps_y: Vec<Taps>,
    /// Region the decoupling and CSF cover (score region grown by one sample, clipped).
    work: Rect,
    /// Score region: 10 % border (`(int)(0.1·n - 0.5)`) removed on each side.
    score: Rect,
    /// CSF weights (h/v, d) as floats, and their fixed-point forms.
    factor: (f32, f32),
    rfactor_s0: [u16; 3],
    rfactor_s123: [u32; 3],
}

fn ceil_log2(n: usize) -> u32 {
    if n <= 1 { 0 } else { (n - 1).ilog2() + 1 }
}

/// The region of a band of length `n` that libvmaf's decoupling and CSF fill:
/// `(int)(0.1·n - 0.5 - 1) .. n - that + 2`, clipped to the band.
fn work_span(n: usize) -> (usize, usize) {
    let b = (n as f64 * 0.1 - 0.5 - 1.0) as i64;
    let hi = (n as i64 - b + 2).min(n as i64);
    (b.max(0) as usize, hi as usize)
}

/// The score region of a band of length `n`: `(int)(0.1·n - 0.5) .. n - that`.
fn score_span(n: usize) -> (usize, usize) {
    let b = ((n as f64 * 0.1 - 0.5) as i64).max(0) as usize;
    (b, n - b)
}

/// Row buffers of the streaming pass over one scale's bands (`T` = `i16` at scale 0, `i32` at
/// scales 1..=3). Only the rows the next stage still needs are kept: the current DWT row of
/// each picture, and rings of three rows (indexed by `row % 3`) for the decoupled bands and the
/// reduced CSF of each masking band, which the 3x3 masking window reads one row later.
#[derive(Debug)]
struct Rows<T> {
    ref_hvd: [Vec<T>; 3],
    dis_hvd: [Vec<T>; 3],
    /// Low-pass output row when the band is not kept (scale 3).
    a_scratch: Vec<T>,
    /// Restored (r) and additive (a) rows, h/v/d, per ring slot.
    r: [[Vec<T>; 3]; 3],
    add: [[Vec<T>; 3]; 3],
    /// Reduced CSF (masker sum, centre correction) of the additive band (DLM) and of the
    /// restored band (AIM), per ring slot.
    fsum_dlm: [Vec<i32>; 3],
    own_dlm: [Vec<i32>; 3],
    fsum_aim: [Vec<i32>; 3],
    own_aim: [Vec<i32>; 3],
    /// DWT scratch: vertical low- and high-pass rows of the input width.
    tmp: Vec<T>,
}

impl<T: Copy + Default> Rows<T> {
    fn new(w: usize, in_w: usize) -> Self {
        let row = || vec![T::default(); w];
        let hvd = || [row(), row(), row()];
        let i32row = || vec![0i32; w];
        let ring = || [i32row(), i32row(), i32row()];
        Rows {
            ref_hvd: hvd(),
            dis_hvd: hvd(),
            a_scratch: row(),
            r: [hvd(), hvd(), hvd()],
            add: [hvd(), hvd(), hvd()],
            fsum_dlm: ring(),
            own_dlm: ring(),
            fsum_aim: ring(),
            own_aim: ring(),
            tmp: vec![T::default(); 2 * in_w],
        }
    }
}

fn hvd<T>(b: &[Vec<T>; 3]) -> Hvd<'_, T> {
    Hvd {
        h: &b[0],
        v: &b[1],
        d: &b[2],
    }
}

fn hvd_mut<T>(b: &mut [Vec<T>; 3]) -> HvdMut<'_, T> {
    let [h, v, d] = b;
    HvdMut { h, v, d }
}

/// The band kernels of one scale type, with their per-scale constants bound.
trait BandOps<T> {
    fn decouple(
        &self,
        rf: Hvd<'_, T>,
        dis: Hvd<'_, T>,
        l: usize,
        r: usize,
        out: [HvdMut<'_, T>; 2],
    );
    fn csf(&self, src: Hvd<'_, T>, l: usize, r: usize, fsum: &mut [i32], own: &mut [i32]);
    fn den(&self, src: Hvd<'_, T>, l: usize, r: usize) -> [u64; 3];
    fn cm(&self, x: Hvd<'_, T>, fsum: [&[i32]; 3], own: &[i32], l: usize, r: usize) -> [i64; 3];
}

struct S0Ops {
    k: AdmKernels,
    egl: f64,
    w: usize,
    rfactor: [u16; 3],
    shifts: CmShifts,
}

impl BandOps<i16> for S0Ops {
    fn decouple(
        &self,
        rf: Hvd<'_, i16>,
        dis: Hvd<'_, i16>,
        l: usize,
        r: usize,
        out: [HvdMut<'_, i16>; 2],
    ) {
        let [rr, aa] = out;
        (self.k.decouple_s0)(rf, dis, l, r, self.egl, rr, aa);
    }
    fn csf(&self, src: Hvd<'_, i16>, l: usize, r: usize, fsum: &mut [i32], own: &mut [i32]) {
        (self.k.csf_s0)(src, l, r, self.rfactor, fsum, own);
    }
    fn den(&self, src: Hvd<'_, i16>, l: usize, r: usize) -> [u64; 3] {
        (self.k.den_s0)(src, l, r)
    }
    fn cm(&self, x: Hvd<'_, i16>, fsum: [&[i32]; 3], own: &[i32], l: usize, r: usize) -> [i64; 3] {
        (self.k.cm_s0)(x, fsum, own, self.w, l, r, self.rfactor, self.shifts)
    }
}

struct S123Ops {
    k: AdmKernels,
    egl: f64,
    w: usize,
    scale: usize,
    rfactor: [u32; 3],
    shifts: CmShifts,
    den_cub: u32,
}

impl BandOps<i32> for S123Ops {
    fn decouple(
        &self,
        rf: Hvd<'_, i32>,
        dis: Hvd<'_, i32>,
        l: usize,
        r: usize,
        out: [HvdMut<'_, i32>; 2],
    ) {
        let [rr, aa] = out;
        (self.k.decouple_s123)(rf, dis, l, r, self.egl, rr, aa);
    }
    fn csf(&self, src: Hvd<'_, i32>, l: usize, r: usize, fsum: &mut [i32], own: &mut [i32]) {
        (self.k.csf_s123)(src, l, r, self.rfactor, fsum, own);
    }
    fn den(&self, src: Hvd<'_, i32>, l: usize, r: usize) -> [u64; 3] {
        (self.k.den_s123)(src, l, r, self.scale, self.den_cub)
    }
    fn cm(&self, x: Hvd<'_, i32>, fsum: [&[i32]; 3], own: &[i32], l: usize, r: usize) -> [i64; 3] {
        (self.k.cm_s123)(x, fsum, own, self.w, l, r, self.rfactor, self.shifts)
    }
}

/// Integer sums of one scale: denominator and the DLM and AIM contrast-masking accumulators.
struct ScaleSums {
    den: [u64; 3],
    dlm: [i64; 3],
    aim: [i64; 3],
}

/// Streams one scale row by row: `dwt(i, ref_hvd, dis_hvd)` produces output row `i` of both
/// pictures; rows of the work region are decoupled and CSF-weighted, rows of the score region
/// summed into the denominator, and each score row is masked once the row below it exists.
/// Mirrors the order of libvmaf's `adm_decouple`, `adm_csf_den_*`, `adm_csf`, `adm_cm` (the sums
/// are wrapping integers, so only the per-row rounding shifts matter, which are kept).
fn stream_scale<T: Copy, K: BandOps<T>>(
    sc: &Scale,
    ops: &K,
    rows: &mut Rows<T>,
    skip_aim: bool,
    den_row_shift: u32,
    mut dwt: impl FnMut(usize, &mut [Vec<T>; 3], &mut [Vec<T>; 3], &mut Vec<T>, &mut Vec<T>),
) -> ScaleSums {
    let (work, score) = (sc.work, sc.score);
    let mut sums = ScaleSums {
        den: [0; 3],
        dlm: [0; 3],
        aim: [0; 3],
    };
    let den_add = if den_row_shift > 0 {
        1u64 << (den_row_shift - 1)
    } else {
        0
    };
    let cm_row_shift = ceil_log2(sc.h);
    let cm_add = 1i64 << (cm_row_shift - 1);
    let in_score = |k: usize| (score.top..score.bottom).contains(&k);

    let cm_row = |k: usize, rows: &Rows<T>, sums: &mut ScaleSums| {
        let (up, down) = nbr(k, sc.h);
        let (su, sk, sd) = (up % 3, k % 3, down % 3);
        let (l, r) = (score.left, score.right);
        let acc = ops.cm(
            hvd(&rows.r[sk]),
            [&rows.fsum_dlm[su], &rows.fsum_dlm[sk], &rows.fsum_dlm[sd]],
            &rows.own_dlm[sk],
            l,
            r,
        );
        for (s, a) in sums.dlm.iter_mut().zip(acc) {
            *s = s.wrapping_add(a.wrapping_add(cm_add) >> cm_row_shift);
        }
        if !skip_aim {
            let acc = ops.cm(
                hvd(&rows.add[sk]),
                [&rows.fsum_aim[su], &rows.fsum_aim[sk], &rows.fsum_aim[sd]],
                &rows.own_aim[sk],
                l,
                r,
            );
            for (s, a) in sums.aim.iter_mut().zip(acc) {
                *s = s.wrapping_add(a.wrapping_add(cm_add) >> cm_row_shift);
            }
        }
    };

    for i in 0..sc.h {
        {
            let Rows {
                ref_hvd,
                dis_hvd,
                a_scratch,
                tmp,
                ..
            } = rows;
            dwt(i, ref_hvd, dis_hvd, a_scratch, tmp);
        }
        if !(work.top..work.bottom).contains(&i) {
            debug_assert!(i == 0 || !in_score(i - 1));
            continue;
        }
        let slot = i % 3;
        {
            let Rows {
                ref_hvd,
                dis_hvd,
                r,
                add,
                ..
            } = rows;
            ops.decouple(
                hvd(ref_hvd),
                hvd(dis_hvd),
                work.left,
                work.right,
                [hvd_mut(&mut r[slot]), hvd_mut(&mut add[slot])],
            );
        }
        if in_score(i) {
            let acc = ops.den(hvd(&rows.ref_hvd), score.left, score.right);
            for (s, a) in sums.den.iter_mut().zip(acc) {
                *s = s.wrapping_add(a.wrapping_add(den_add) >> den_row_shift);
            }
        }
        ops.csf(
            hvd(&rows.add[slot]),
            work.left,
            work.right,
            &mut rows.fsum_dlm[slot],
            &mut rows.own_dlm[slot],
        );
        if !skip_aim {
            ops.csf(
                hvd(&rows.r[slot]),
                work.left,
                work.right,
                &mut rows.fsum_aim[slot],
                &mut rows.own_aim[slot],
            );
        }
        if i > 0 && in_score(i - 1) {
            cm_row(i - 1, rows, &mut sums);
        }
    }
    // The last row replicates itself as its lower neighbour.
    if in_score(sc.h - 1) {
        cm_row(sc.h - 1, rows, &mut sums);
    }
    sums
}

/// The integer ADM extractor for one frame geometry and bit depth. Create once, then call
/// [`Adm::compute`] per frame; no allocation happens per frame.
#[derive(Debug)]
pub struct Adm {
    width: usize,
    height: usize,
    bit_depth: u8,
    opts: AdmOptions,
    kernels: AdmKernels,
    scales: [Scale; 4],
    /// Low-pass bands kept as the next scale's input: scale 0 (`i16`), scales 1 and 2 (`i32`),
    /// for the reference and the distorted picture.
    ref_a0: Vec<i16>,
    dis_a0: Vec<i16>,
    ref_a: [Vec<i32>; 2],
    dis_a: [Vec<i32>; 2],
    rows16: Rows<i16>,
    rows32: Rows<i32>,
}

impl Adm {
    /// Prepares ADM for `width`x`height` luma of `bit_depth` (8..=16) bits with `opts`
    /// (validated). Frames must be at least [`MIN_DIMENSION`] samples wide and high.
    pub fn new(width: u32, height: u32, bit_depth: u8, opts: AdmOptions) -> Result<Adm> {
        opts.validate()?;
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        for (what, v) in [("frame width", width), ("frame height", height)] {
            if !(MIN_DIMENSION..=MAX_DIMENSION).contains(&v) {
                return Err(Error::invalid(
                    what,
                    v,
                    format!(
                        "{MIN_DIMENSION}..={MAX_DIMENSION} (ADM needs at least {MIN_DIMENSION}x{MIN_DIMENSION})"
                    ),
                ));
            }
        }
        let (width, height) = (width as usize, height as usize);
        let scales: [Scale; 4] = std::array::from_fn(|s| {
            let in_w = width.div_ceil(1 << s);
            let in_h = height.div_ceil(1 << s);
            // ceil(ceil(n/2)/2) == ceil(n/4): the input of scale s is ceil(n / 2^s).
            let (w, h) = (in_w.div_ceil(2), in_h.div_ceil(2));
            let mut taps_y = vec![[0; 4]; h];
            dwt_taps(in_h, &mut taps_y);
            let (wl, wr) = work_span(w);
            let (wt, wb) = work_span(h);
            let (sl, sr) = score_span(w);
            let (st, sb) = score_span(h);
            let o = &opts;
            let factor = csf::factors(
                o.csf_mode,
                s,
                o.norm_view_dist,
                o.ref_display_height,
                o.csf_scale,
                o.csf_diag_scale,
            );
            Scale {
                in_w,
                w,
                h,
                taps_y,
                work: Rect {
                    left: wl,
                    top: wt,
                    right: wr,
                    bottom: wb,
                },
                score: Rect {
                    left: sl,
                    top: st,
                    right: sr,
                    bottom: sb,
                },
                factor,
                rfactor_s0: csf::rfactor_s0(
                    o.csf_mode,
                    o.norm_view_dist,
                    o.ref_display_height,
                    factor,
                ),
                rfactor_s123: csf::rfactor_s123(factor),
            }
        });
        let n0 = scales[0].w * scales[0].h;
        let n1 = scales[1].w * scales[1].h;
        let n2 = scales[2].w * scales[2].h;
        let rows16 = Rows::new(scales[0].w, scales[0].in_w);
        let rows32 = Rows::new(scales[1].w, scales[1].in_w);
        Ok(Adm {
            width,
            height,
            bit_depth,
            opts,
            kernels: AdmKernels::for_level(CpuLevel::active()),
            scales,
            ref_a0: vec![0; n0],
            dis_a0: vec![0; n0],
            ref_a: [vec![0; n1], vec![0; n2]],
            dis_a: [vec![0; n1], vec![0; n2]],
            rows16,
            rows32,
        })
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &AdmOptions {
        &self.opts
    }

    /// The CPU level of the kernels this extractor runs.
    pub fn cpu_level(&self) -> CpuLevel {
        self.kernels.level
    }

    fn check_plane(&self, which: &'static str, p: &PlaneRef<'_>) -> Result<()> {
        if p.width() != self.width || p.height() != self.height {
            return Err(Error::Mismatch {
                what: "ADM frame size",
                reference: format!("{}x{} (configured)", self.width, self.height),
                distorted: format!("{}x{} ({which} plane)", p.width(), p.height()),
            });
        }
        let is_u8 = matches!(p, PlaneRef::U8(_));
        if is_u8 != (self.bit_depth == 8) {
            return Err(Error::Mismatch {
                what: "ADM sample type",
                reference: format!(
                    "{}-bit (configured, {} samples)",
                    self.bit_depth,
                    if self.bit_depth == 8 { "u8" } else { "u16" }
                ),
                distorted: format!(
                    "{} samples ({which} plane)",
                    if is_u8 { "u8" } else { "u16" }
                ),
            });
        }
        Ok(())
    }

    /// One output row `i` of the scale-0 DWT of `pic` into `a` (the kept low-pass band) and
    /// `hvd` (a row buffer). `lo_only`: only `a`, with its last column as the full DWT computes
    /// it when `last_col`, mirrored (as libvmaf's `adm_dwt2_*_lo`) otherwise.
    #[allow(clippy::too_many_arguments)]
    fn dwt_s0_row(
        k: &AdmKernels,
        sc: &Scale,
        bpc: u32,
        pic: PlaneRef<'_>,
        i: usize,
        lo_only: bool,
        last_col: bool,
        a: &mut [i16],
        hvd: &mut [Vec<i16>; 3],
        tmp: &mut [i16],
    ) {
        let a = &mut a[i * sc.w..(i + 1) * sc.w];
        let t = sc.taps_y[i];
        // The two source rows the next output row adds: a prefetch hint.
        let n = *sc.taps_y.get(i + 1).unwrap_or(&t);
        match pic {
            PlaneRef::U8(p) => {
                let rows = t.map(|y| p.row(y));
                let ahead = [p.row(n[2]), p.row(n[3])];
                if lo_only {
                    (k.dwt_s0_lo_8)(rows, ahead, last_col, tmp, a);
                } else {
                    let [h, v, d] = hvd;
                    (k.dwt_s0_8)(rows, ahead, tmp, DwtRow { a, h, v, d });
                }
            }
            PlaneRef::U16(p) => {
                let rows = t.map(|y| p.row(y));
                let ahead = [p.row(n[2]), p.row(n[3])];
                if lo_only {
                    (k.dwt_s0_lo_16)(rows, ahead, bpc, last_col, tmp, a);
                } else {
                    let [h, v, d] = hvd;
                    (k.dwt_s0_16)(rows, ahead, bpc, tmp, DwtRow { a, h, v, d });
                }
            }
        }
    }

    /// Scale 0 with `adm_skip_scale0`: only the low-pass bands.
    fn scale0_lo_only(&mut self, reference: PlaneRef<'_>, distorted: PlaneRef<'_>) {
        let sc = &self.scales[0];
        let bpc = self.bit_depth as u32;
        let rows = &mut self.rows16;
        for i in 0..sc.h {
            for (pic, a) in [(reference, &mut self.ref_a0), (distorted, &mut self.dis_a0)] {
                Self::dwt_s0_row(
                    &self.kernels,
                    sc,
                    bpc,
                    pic,
                    i,
                    true,
                    false,
                    a,
                    &mut rows.ref_hvd,
                    &mut rows.tmp,
                );
            }
        }
    }

    /// Scale 0: DWT, decoupling, denominator, DLM and AIM. Returns (num, den, aim) as floats.
    fn scale0(&mut self, reference: PlaneRef<'_>, distorted: PlaneRef<'_>) -> (f32, f32, f32) {
        let k = self.kernels;
        let o = self.opts;
        let sc = &self.scales[0];
        let bpc = self.bit_depth as u32;
        let sr = sc.score;
        let area = (sr.bottom - sr.top) * (sr.right - sr.left);
        let den_row_shift = ceil_log2(area).saturating_sub(20);
        let shifts = CmShifts {
            cub_hv: ceil_log2(sc.w) - 4,
            cub_d: ceil_log2(sc.w) - 3,
            row: ceil_log2(sc.h),
        };
        let ops = S0Ops {
            k,
            egl: o.enhn_gain_limit,
            w: sc.w,
            rfactor: sc.rfactor_s0,
            shifts,
        };
        let (ref_a, dis_a) = (&mut self.ref_a0, &mut self.dis_a0);
        let sums = stream_scale(
            sc,
            &ops,
            &mut self.rows16,
            o.skip_aim,
            den_row_shift,
            |i, ref_hvd, dis_hvd, _, tmp| {
                // Rows outside the work region only feed the next scale.
                let lo = !(sc.work.top..sc.work.bottom).contains(&i);
                Self::dwt_s0_row(&k, sc, bpc, reference, i, lo, true, ref_a, ref_hvd, tmp);
                Self::dwt_s0_row(&k, sc, bpc, distorted, i, lo, true, dis_a, dis_hvd, tmp);
            },
        );

        let div = 2f64.powi(18 - den_row_shift as i32);
        let den = den_from_accum(sums.den, div, sc.factor, area, o.noise_weight);
        let div_hv = 2f64.powi(52 - (shifts.cub_hv + shifts.row) as i32);
        let div_d = 2f64.powi(57 - (shifts.cub_d + shifts.row) as i32);
        let finish = |acc: [i64; 3], nw: f64| -> f32 {
            let f = [
                (acc[0] as f64 / div_hv) as f32,
                (acc[1] as f64 / div_hv) as f32,
                (acc[2] as f64 / div_d) as f32,
            ];
            num_from_floats(f, area, nw)
        };
        let num = finish(sums.dlm, o.noise_weight);
        let aim = if o.skip_aim {
            0.0
        } else {
            finish(sums.aim, 0.0)
        };
        (num, den, aim)
    }

    /// Scale `s` in 1..=3: DWT of the previous low-pass bands, then as scale 0 on `i32` bands.
    fn scale123(&mut self, s: usize) -> (f32, f32, f32) {
        let k = self.kernels;
        let o = self.opts;
        let sc = &self.scales[s];
        let sr = sc.score;
        let (aw, ah) = (sr.right - sr.left, sr.bottom - sr.top);
        let area = aw * ah;
        let (den_cub, den_row) = (ceil_log2(aw), ceil_log2(ah));
        let cub = ceil_log2(sc.w);
        let shifts = CmShifts {
            cub_hv: cub,
            cub_d: cub,
            row: ceil_log2(sc.h),
        };
        let ops = S123Ops {
            k,
            egl: o.enhn_gain_limit,
            w: sc.w,
            scale: s,
            rfactor: sc.rfactor_s123,
            shifts,
            den_cub,
        };
        let (ref_a0, dis_a0) = (&self.ref_a0, &self.dis_a0);
        let [ref_a1, ref_a2] = &mut self.ref_a;
        let [dis_a1, dis_a2] = &mut self.dis_a;
        let (in_w, w) = (sc.in_w, sc.w);
        let sums = stream_scale(
            sc,
            &ops,
            &mut self.rows32,
            o.skip_aim,
            den_row,
            |i, ref_hvd, dis_hvd, a_scratch, tmp| {
                let t = sc.taps_y[i];
                // The two source rows the next output row adds: a prefetch hint.
                let n = *sc.taps_y.get(i + 1).unwrap_or(&t);
                // Rows outside the work region only feed the next scale (none after scale 3).
                let lo_only = !(sc.work.top..sc.work.bottom).contains(&i);
                if lo_only && s == 3 {
                    return;
                }
                let pics: [(&mut [Vec<i32>; 3], bool); 2] = [(ref_hvd, true), (dis_hvd, false)];
                for (hvd, is_ref) in pics {
                    let [h, v, d] = hvd;
                    match s {
                        1 => {
                            let src = if is_ref { ref_a0 } else { dis_a0 };
                            let a = if is_ref { &mut *ref_a1 } else { &mut *dis_a1 };
                            let row = |y: usize| &src[y * in_w..(y + 1) * in_w];
                            let (rows, ahead) = (t.map(row), [row(n[2]), row(n[3])]);
                            let a = &mut a[i * w..(i + 1) * w];
                            if lo_only {
                                (k.dwt_s1_lo)(rows, ahead, tmp, a);
                            } else {
                                (k.dwt_s1)(rows, ahead, tmp, DwtRow { a, h, v, d });
                            }
                        }
                        2 => {
                            let src = if is_ref { &*ref_a1 } else { &*dis_a1 };
                            let a = if is_ref { &mut *ref_a2 } else { &mut *dis_a2 };
                            let row = |y: usize| &src[y * in_w..(y + 1) * in_w];
                            let (rows, ahead) = (t.map(row), [row(n[2]), row(n[3])]);
                            let a = &mut a[i * w..(i + 1) * w];
                            if lo_only {
                                (k.dwt_s23_lo)(rows, ahead, 2, tmp, a);
                            } else {
                                (k.dwt_s23)(rows, ahead, 2, tmp, DwtRow { a, h, v, d });
                            }
                        }
                        _ => {
                            let src = if is_ref { &*ref_a2 } else { &*dis_a2 };
                            let row = |y: usize| &src[y * in_w..(y + 1) * in_w];
                            let (rows, ahead) = (t.map(row), [row(n[2]), row(n[3])]);
                            let a = &mut a_scratch[..w];
                            (k.dwt_s23)(rows, ahead, 3, tmp, DwtRow { a, h, v, d });
                        }
                    }
                }
            },
        );

        const ACCUM_CONVERT: [i32; 3] = [32, 27, 23];
        let div = 2f64.powi(ACCUM_CONVERT[s - 1] - (den_row + den_cub) as i32);
        let den = den_from_accum(sums.den, div, sc.factor, area, o.noise_weight);
        const FINAL: [i32; 3] = [45, 39, 36];
        let final_shift = 2f64.powi(FINAL[s - 1] - (shifts.cub_hv + shifts.row) as i32) as f32;
        let finish = |acc: [i64; 3], nw: f64| -> f32 {
            let f = acc.map(|a| a as f32 / final_shift);
            num_from_floats(f, area, nw)
        };
        let num = finish(sums.dlm, o.noise_weight);
        let aim = if o.skip_aim {
            0.0
        } else {
            finish(sums.aim, 0.0)
        };
        (num, den, aim)
    }

    /// Computes ADM of one frame pair (luma planes of the configured size and bit depth: `u8`
    /// samples at 8 bits, `u16` above).
    pub fn compute(
        &mut self,
        reference: PlaneRef<'_>,
        distorted: PlaneRef<'_>,
    ) -> Result<AdmScores> {
        self.check_plane("reference", &reference)?;
        self.check_plane("distorted", &distorted)?;

        let mut out = AdmScores::default();
        let (mut num, mut den, mut aim_num) = (0f64, 0f64, 0f64);
        for s in 0..4 {
            let (n, d, a) = if s == 0 {
                if self.opts.skip_scale0 {
                    self.scale0_lo_only(reference, distorted);
                    (0.0f32, 1e-10f32, 0.0f32)
                } else {
                    self.scale0(reference, distorted)
                }
            } else {
                self.scale123(s)
            };
            num += n as f64;
            den += d as f64;
            aim_num += a as f64;
            out.num_scale[s] = n as f64;
            out.den_scale[s] = d as f64;
            out.scale[s] = n as f64 / d as f64;
        }

        let limit = 1e-10 * (self.width * self.height) as f64 / (1920.0 * 1080.0);
        if num < limit {
            num = 0.0;
        }
        if den < limit {
            den = 0.0;
        }
        let (adm2, aim) = if den == 0.0 {
            (1.0, 0.0)
        } else {
            (num / den, aim_num / den)
        };
        let adm3 = adm2 * self.opts.dlm_weight + (1.0 - aim) * (1.0 - self.opts.dlm_weight);
        out.adm2 = adm2;
        out.aim = aim;
        out.adm3 = if adm3 > self.opts.min_val {
            adm3
        } else {
            self.opts.min_val
        };
        out.num = num;
        out.den = den;
        Ok(out)
    }
}

/// `Σ_{h,v,d} powf(accum/div · factor³, 1/3) + powf(area·nw, 1/3)` in libvmaf's float/double mix
/// (`adm_csf_den_scale`, `adm_csf_den_s123`).
fn den_from_accum(acc: [u64; 3], div: f64, factor: (f32, f32), area: usize, nw: f64) -> f32 {
    let f = [factor.0, factor.0, factor.1];
    let third = 1.0f32 / 3.0;
    let add = ((area as f64 * nw) as f32).powf(third);
    let v = |k: usize| -> f32 {
        let csf = (acc[k] as f64 / div) * (f[k] as f64).powf(3.0);
        (csf as f32).powf(third) + add
    };
    v(0) + v(1) + v(2)
}

/// `Σ_{h,v,d} powf(f, 1/3) + powf(area·nw, 1/3)` (the end of `adm_cm` / `i4_adm_cm`).
fn num_from_floats(f: [f32; 3], area: usize, nw: f64) -> f32 {
    let third = 1.0f32 / 3.0;
    let add = ((area as f64 * nw) as f32).powf(third);
    (f[0].powf(third) + add) + (f[1].powf(third) + add) + (f[2].powf(third) + add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_libvmaf_truncation() {
        // 288-wide band: score border (int)(28.3) = 28; work border (int)(27.3) = 27, right +2.
        assert_eq!(score_span(288), (28, 260));
        assert_eq!(work_span(288), (27, 263));
        // Small bands: negative borders truncate toward zero, clip to the band.
        assert_eq!(score_span(3), (0, 3));
        assert_eq!(work_span(3), (0, 3));
        assert_eq!(work_span(12), (0, 12));
        assert_eq!(ceil_log2(17), 5);
        assert_eq!(ceil_log2(16), 4);
        assert_eq!(ceil_log2(2), 1);
    }
}
