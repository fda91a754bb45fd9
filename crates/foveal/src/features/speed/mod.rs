//! SpEED (spatial efficient entropic differencing), bit-exact with libvmaf 3.2's `speed_chroma`
//! and `speed_temporal` extractors (`libvmaf/src/feature/speed.c`, with `vif_tools.c`,
//! `picture_copy.c`, `common/convolution_avx.c` and `x86/speed_avx512.c`).
//!
//! SpEED (Bampis, Gupta, Soundararajan, Bovik, 2017) models band-pass image coefficients as a
//! Gaussian scale mixture: in each 5×5 block the local coefficients are `s·U` with `U` a Gaussian
//! vector of covariance K (estimated over the whole image) and `s²` a per-block variance. The
//! entropy of a block as seen through neural noise of variance σnn is `Σ_λ log2(2πe(λ·s² + σnn))`
//! over the eigenvalues λ of K. The score is the mean over blocks of
//! `|E_ref·log2(1 + V_ref) − E_dis·log2(1 + V_dis)|` (with variance weights chosen by
//! `speed_weight_var_mode`): 0 for identical images, growing with the loss or gain of local
//! information.
//!
//! - [`SpeedChroma`] compares the U and V planes of a frame pair: features
//!   `Speed_chroma_feature_speed_chroma_{u,v,uv}_score` (aliases `speed_chroma_{u,v,uv}`), the
//!   chroma input of the `vmaf_v1.0.16` models.
//! - [`SpeedTemporal`] compares the frame differences of the luma planes: feature
//!   `Speed_temporal_feature_speed_temporal_score` (alias `speed_temporal`).
//!
//! The arithmetic (mostly `f32`, with upstream's `f64` steps) follows upstream operation by
//! operation, including its AVX-512 covariance kernel's summation order (see
//! [`CovarianceOrder`]); `docs/features/speed.md` has the algorithm, the options, the upstream
//! mapping and the measured agreement with libvmaf.

mod core;
mod linalg;
mod resample;

use foveal_kernels::cpu::CpuLevel;
pub use foveal_kernels::speed::CovarianceOrder;
use foveal_kernels::speed::SpeedKernels;

use self::core::{Params, SpeedCore, combine, kernelscale_is_valid};
pub use self::resample::PrescaleMethod;
use crate::error::{Error, Result};
use crate::features::options::fmt_g;
use crate::frame::{ChromaSampling, FrameView, PlaneRef};

/// Smallest plane side SpEED accepts, after prescaling: 80 = 16 · 5 samples, so that one 5×5
/// block survives the decimation by 16. (libvmaf logs "SpEED: image too small" below that and
/// reads uninitialised memory.) For `speed_chroma` on 4:2:0 this means luma of at least 160×160.
pub const MIN_PLANE_SIDE: usize = self::core::MIN_SCALED_SIDE;

/// Default `speed_sigma_nn`.
pub const DEFAULT_SIGMA_NN: f64 = 0.29;
/// Default `speed_max_val`.
pub const DEFAULT_MAX_VAL: f64 = 1000.0;

const CHROMA_NAMES: [(&str, &str); 3] = [
    (
        "Speed_chroma_feature_speed_chroma_u_score",
        "speed_chroma_u",
    ),
    (
        "Speed_chroma_feature_speed_chroma_v_score",
        "speed_chroma_v",
    ),
    (
        "Speed_chroma_feature_speed_chroma_uv_score",
        "speed_chroma_uv",
    ),
];
const TEMPORAL_NAME: (&str, &str) = (
    "Speed_temporal_feature_speed_temporal_score",
    "speed_temporal",
);

fn check_range(what: &'static str, v: f64, lo: f64, hi: f64) -> Result<()> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(
            what,
            v,
            format!("{}..={}", fmt_g(lo), fmt_g(hi)),
        ))
    }
}

/// The options both extractors share, with their checks and name suffixes.
fn validate_common(ks: f64, ps: f64, snn: f64, nnf: f64, mxv: f64) -> Result<()> {
    check_range("SpEED kernel scale (speed_kernelscale)", ks, 0.1, 4.0)?;
    if !kernelscale_is_valid(ks) {
        return Err(Error::invalid(
            "SpEED kernel scale (speed_kernelscale)",
            ks,
            "one of libvmaf's kernel scales (within 1e-3): 1, 1/2, 3/2, 2, 2/3, 2.4, 360/97, \
             4/3, 3.5/3, 3.75/3, 4.25/3, 5/3, 3, 1/2.25, 1.4746, 1.54, 1.6, 1.06667, 0.711111, \
             0.74074, 1.111111",
        ));
    }
    check_range("SpEED prescale (speed_prescale)", ps, 0.1, 4.0)?;
    check_range("SpEED neural noise sigma (speed_sigma_nn)", snn, 0.1, 2.0)?;
    check_range("SpEED neural noise floor (speed_nn_floor)", nnf, 0.0, 1.0)?;
    check_range("SpEED maximum value (speed_max_val)", mxv, 0.0, 1000.0)
}

/// The `_<alias>_<value>` parts of non-default feature parameters, keyed by option name.
fn common_suffixes(
    ks: f64,
    ps: f64,
    psm: PrescaleMethod,
    snn: f64,
    nnf: f64,
    mxv: f64,
) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if ks != 1.0 {
        v.push(("speed_kernelscale", format!("_ks_{}", fmt_g(ks))));
    }
    if mxv != DEFAULT_MAX_VAL {
        v.push(("speed_max_val", format!("_mxv_{}", fmt_g(mxv))));
    }
    if nnf != 0.0 {
        v.push(("speed_nn_floor", format!("_nnf_{}", fmt_g(nnf))));
    }
    if ps != 1.0 {
        v.push(("speed_prescale", format!("_ps_{}", fmt_g(ps))));
    }
    if psm != PrescaleMethod::Nearest {
        v.push(("speed_prescale_method", format!("_psm_{}", psm.name())));
    }
    if snn != DEFAULT_SIGMA_NN {
        v.push(("speed_sigma_nn", format!("_snn_{}", fmt_g(snn))));
    }
    v
}

fn join_suffixes(mut v: Vec<(&'static str, String)>) -> String {
    v.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    v.into_iter().map(|(_, s)| s).collect()
}

fn feature_name((canonical, alias): (&str, &str), suffix: &str) -> String {
    if suffix.is_empty() {
        canonical.to_string()
    } else {
        format!("{alias}{suffix}")
    }
}

/// Options of [`SpeedChroma`] (libvmaf extractor `speed_chroma`). Field names drop the
/// `speed_` prefix of libvmaf's option names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeedChromaOptions {
    /// `speed_kernelscale` (alias `ks`): scales the Gaussian filters' sizes and σ; 0.1..=4 and one of
    /// libvmaf's 21 whitelisted values (within 1e-3). Default 1.
    pub kernelscale: f64,
    /// `speed_prescale` (alias `ps`): resize factor applied to the plane first (sizes rounded to
    /// nearest); 0.1..=4, default 1 (values within 1e-3 of 1 do not resize).
    pub prescale: f64,
    /// `speed_prescale_method` (alias `psm`): how to resize. Default nearest.
    pub prescale_method: PrescaleMethod,
    /// `speed_sigma_nn` (alias `snn`): σ of the neural noise; 0.1..=2, default 0.29.
    pub sigma_nn: f64,
    /// `speed_nn_floor` (alias `nnf`): blocks whose reference and distorted entropies are both below
    /// that of a block of zero variance with noise `(1 + nnf)·σnn` count as 0; 0..=1, default 0.
    pub nn_floor: f64,
    /// `speed_max_val` (alias `mxv`): the reported scores are clipped to this; 0..=1000, default 1000.
    pub max_val: f64,
    /// `speed_weight_var_mode` (alias `wvm`): which block variances weight the entropies, 0..=6,
    /// default 0 (`V_ref` for the reference term, and for the distorted term: 0 `V_dis`,
    /// 1 `V_ref`, 2 `V_dis` for both terms, 3 `(V_ref+V_dis)/2` for both, 4 `(V_ref+V_dis)/2`,
    /// 5 `0.75·V_ref + 0.25·V_dis`, 6 `0.25·V_ref + 0.75·V_dis`).
    pub weight_var_mode: i32,
}

impl Default for SpeedChromaOptions {
    fn default() -> Self {
        SpeedChromaOptions {
            kernelscale: 1.0,
            prescale: 1.0,
            prescale_method: PrescaleMethod::Nearest,
            sigma_nn: DEFAULT_SIGMA_NN,
            nn_floor: 0.0,
            max_val: DEFAULT_MAX_VAL,
            weight_var_mode: 0,
        }
    }
}

impl SpeedChromaOptions {
    /// The options of the `vmaf_v1.0.16` models: `speed_max_val=45`, `speed_nn_floor=0.1`,
    /// `speed_sigma_nn=0.19`, `speed_weight_var_mode=5` (the `5d0h` and `3d0h_2160` variants add
    /// a bilinear prescale of 0.6 and 0.5).
    pub fn vmaf_v1() -> Self {
        SpeedChromaOptions {
            max_val: 45.0,
            nn_floor: 0.1,
            sigma_nn: 0.19,
            weight_var_mode: 5,
            ..SpeedChromaOptions::default()
        }
    }

    /// Checks every option against libvmaf's range (and the kernel scale against its whitelist).
    pub fn validate(&self) -> Result<()> {
        validate_common(
            self.kernelscale,
            self.prescale,
            self.sigma_nn,
            self.nn_floor,
            self.max_val,
        )?;
        if !(0..=6).contains(&self.weight_var_mode) {
            return Err(Error::invalid(
                "SpEED variance weighting mode (speed_weight_var_mode)",
                self.weight_var_mode,
                "0..=6",
            ));
        }
        Ok(())
    }

    /// The suffix libvmaf appends to the feature names for these options (after the alias
    /// `speed_chroma_u` etc.), e.g. `_mxv_45_nnf_0.1_snn_0.19_wvm_5`; empty for the defaults.
    pub fn name_suffix(&self) -> String {
        let mut v = common_suffixes(
            self.kernelscale,
            self.prescale,
            self.prescale_method,
            self.sigma_nn,
            self.nn_floor,
            self.max_val,
        );
        if self.weight_var_mode != 0 {
            v.push((
                "speed_weight_var_mode",
                format!("_wvm_{}", self.weight_var_mode),
            ));
        }
        join_suffixes(v)
    }

    fn params(&self) -> Params {
        Params {
            kernelscale: self.kernelscale,
            prescale: self.prescale,
            method: self.prescale_method,
            sigma_nn: self.sigma_nn as f32,
            nn_floor: self.nn_floor as f32,
            weight_var_mode: self.weight_var_mode,
        }
    }
}

/// Options of [`SpeedTemporal`] (libvmaf extractor `speed_temporal`). Field names drop the
/// `speed_` prefix of libvmaf's option names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeedTemporalOptions {
    /// `speed_kernelscale` (alias `ks`), as in [`SpeedChromaOptions::kernelscale`].
    pub kernelscale: f64,
    /// `speed_prescale` (alias `ps`), as in [`SpeedChromaOptions::prescale`].
    pub prescale: f64,
    /// `speed_prescale_method` (alias `psm`).
    pub prescale_method: PrescaleMethod,
    /// `speed_sigma_nn` (alias `snn`): 0.1..=2, default 0.29.
    pub sigma_nn: f64,
    /// `speed_nn_floor` (alias `nnf`): 0..=1, default 0.
    pub nn_floor: f64,
    /// `speed_max_val` (alias `mxv`): 0..=1000, default 1000. Accepted and part of the feature name,
    /// but, as in libvmaf, **not applied** to the temporal score.
    pub max_val: f64,
    /// `speed_use_ref_diff` (alias `urd`): compare the reference's frame difference with
    /// `dis[t−1] − ref[t]` instead of `dis[t−1] − dis[t]`. Default false.
    pub use_ref_diff: bool,
}

impl Default for SpeedTemporalOptions {
    fn default() -> Self {
        SpeedTemporalOptions {
            kernelscale: 1.0,
            prescale: 1.0,
            prescale_method: PrescaleMethod::Nearest,
            sigma_nn: DEFAULT_SIGMA_NN,
            nn_floor: 0.0,
            max_val: DEFAULT_MAX_VAL,
            use_ref_diff: false,
        }
    }
}

impl SpeedTemporalOptions {
    /// Checks every option against libvmaf's range (and the kernel scale against its whitelist).
    pub fn validate(&self) -> Result<()> {
        validate_common(
            self.kernelscale,
            self.prescale,
            self.sigma_nn,
            self.nn_floor,
            self.max_val,
        )
    }

    /// The suffix libvmaf appends to the feature name for these options (after the alias
    /// `speed_temporal`), e.g. `_urd`; empty for the defaults.
    pub fn name_suffix(&self) -> String {
        let mut v = common_suffixes(
            self.kernelscale,
            self.prescale,
            self.prescale_method,
            self.sigma_nn,
            self.nn_floor,
            self.max_val,
        );
        if self.use_ref_diff {
            v.push(("speed_use_ref_diff", "_urd".to_string()));
        }
        join_suffixes(v)
    }

    fn params(&self) -> Params {
        Params {
            kernelscale: self.kernelscale,
            prescale: self.prescale,
            method: self.prescale_method,
            sigma_nn: self.sigma_nn as f32,
            nn_floor: self.nn_floor as f32,
            // Upstream leaves the temporal instance's mode zero-initialised.
            weight_var_mode: 0,
        }
    }
}

/// One row of samples.
#[derive(Clone, Copy)]
enum Row<'a> {
    U8(&'a [u8]),
    U16(&'a [u16]),
}

/// Converts the first `out.len()` samples of `row` to `f32` like libvmaf's `picture_copy` with
/// offset −128: 8-bit `v − 128`; 10-, 12- and 16-bit `v / 2^(bpc−8) − 128`. For other depths
/// (9, 11, 13, 14, 15 bits) upstream falls into its 8-bit path and reads the 16-bit rows as bytes
/// (sample `j` of a row is byte `j` of the little-endian row); we reproduce that.
fn convert_samples(kernels: &SpeedKernels, row: Row<'_>, bit_depth: u8, out: &mut [f32]) {
    let w = out.len();
    match row {
        Row::U8(r) => (kernels.convert_u8)(&r[..w], -128.0, out),
        Row::U16(r) => match bit_depth {
            10 => (kernels.convert_u16)(&r[..w], 4.0, -128.0, out),
            12 => (kernels.convert_u16)(&r[..w], 16.0, -128.0, out),
            16 => (kernels.convert_u16)(&r[..w], 256.0, -128.0, out),
            _ => bytes_as_samples(r, out),
        },
    }
}

/// [`convert_samples`] on row `y` of `plane`.
fn convert_row(
    kernels: &SpeedKernels,
    plane: PlaneRef<'_>,
    bit_depth: u8,
    y: usize,
    out: &mut [f32],
) {
    let row = match plane {
        PlaneRef::U8(p) => Row::U8(p.row(y)),
        PlaneRef::U16(p) => Row::U16(p.row(y)),
    };
    convert_samples(kernels, row, bit_depth, out);
}

/// libvmaf's 8-bit reading of a 16-bit row (see [`convert_samples`]).
fn bytes_as_samples(row: &[u16], out: &mut [f32]) {
    for (j, o) in out.iter_mut().enumerate() {
        let s = row[j / 2];
        let byte = if j % 2 == 0 { s & 0xff } else { s >> 8 };
        *o = byte as f32 + -128.0;
    }
}

/// Copies of some rows of a luma plane, as stored (row `k` of the copy is the `k`-th row of the
/// list it was taken from).
#[derive(Debug)]
enum RawRows {
    U8(Vec<u8>),
    U16(Vec<u16>),
}

impl RawRows {
    fn new(bit_depth: u8, len: usize) -> RawRows {
        if bit_depth == 8 {
            RawRows::U8(vec![0; len])
        } else {
            RawRows::U16(vec![0; len])
        }
    }

    /// Copies the first `w` samples of rows `rows` of `plane`.
    fn copy_from(&mut self, plane: PlaneRef<'_>, rows: &[usize], w: usize) {
        let len = rows.len() * w;
        match (&mut *self, plane) {
            (RawRows::U8(v), PlaneRef::U8(p)) => {
                for (o, &y) in v.chunks_exact_mut(w).zip(rows) {
                    o.copy_from_slice(&p.row(y)[..w]);
                }
            }
            (RawRows::U16(v), PlaneRef::U16(p)) => {
                for (o, &y) in v.chunks_exact_mut(w).zip(rows) {
                    o.copy_from_slice(&p.row(y)[..w]);
                }
            }
            // A sample type other than the bit depth's: store that type instead.
            (_, PlaneRef::U8(_)) => {
                *self = RawRows::U8(vec![0; len]);
                self.copy_from(plane, rows, w);
            }
            (_, PlaneRef::U16(_)) => {
                *self = RawRows::U16(vec![0; len]);
                self.copy_from(plane, rows, w);
            }
        }
    }

    /// Row `k` of the copy.
    fn row(&self, k: usize, w: usize) -> Row<'_> {
        match self {
            RawRows::U8(v) => Row::U8(&v[k * w..(k + 1) * w]),
            RawRows::U16(v) => Row::U16(&v[k * w..(k + 1) * w]),
        }
    }
}

/// C's `MIN(score, max_val)` on a `float` score and a `double` limit (a NaN score yields the
/// limit, as upstream's `<` comparison does).
fn clip(score: f32, max_val: f64) -> f64 {
    let s = f64::from(score);
    if s < max_val { s } else { max_val }
}

/// One frame's `speed_chroma` scores, as libvmaf reports them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeedChromaScores {
    /// `speed_chroma_u`: SpEED of the U planes, clipped to `max_val`.
    pub u: f64,
    /// `speed_chroma_v`: SpEED of the V planes, clipped to `max_val`.
    pub v: f64,
    /// `speed_chroma_uv`: the mean of the unclipped U and V scores, clipped to `max_val`; when
    /// exactly one channel was singular, the other channel's score instead.
    pub uv: f64,
    /// Whether a U covariance matrix (reference or distorted) could not be inverted; libvmaf logs
    /// "est_params: covariance matrix is singular" (a warning) for each such matrix. When only
    /// one of the reference and distorted matrices is singular, `u` is 0.
    pub u_singular: bool,
    /// The same for V.
    pub v_singular: bool,
}

/// The `speed_chroma` extractor for one frame format (upstream `init_chroma`,
/// `extract_chroma`). All memory is allocated by [`SpeedChroma::new`]; `compute` allocates
/// nothing.
#[derive(Debug)]
pub struct SpeedChroma {
    width: usize,
    height: usize,
    chroma: ChromaSampling,
    bit_depth: u8,
    plane_w: usize,
    plane_h: usize,
    opts: SpeedChromaOptions,
    kernels: SpeedKernels,
    core: SpeedCore,
    names: Vec<String>,
}

impl SpeedChroma {
    /// An extractor for frames of `width`×`height` luma, `chroma` sampling and `bit_depth`
    /// (8..=16) bits, with the kernels of the active CPU level.
    ///
    /// The U and V planes it reads are libvmaf's: `width/2 × height/2` for 4:2:0 (rounded
    /// down: of odd-sized frames, the last chroma column or row is ignored), `width/2 × height`
    /// for 4:2:2, `width × height` for 4:4:4. Errors: 4:0:0 (no chroma; libvmaf's `EINVAL`),
    /// options out of range, and planes under [`MIN_PLANE_SIDE`] samples on a side after
    /// prescaling.
    pub fn new(
        width: usize,
        height: usize,
        chroma: ChromaSampling,
        bit_depth: u8,
        opts: SpeedChromaOptions,
    ) -> Result<SpeedChroma> {
        SpeedChroma::with_cpu_level(width, height, chroma, bit_depth, opts, CpuLevel::active())
    }

    /// As [`SpeedChroma::new`], with the kernels of `level` (or the best below it that exists).
    pub fn with_cpu_level(
        width: usize,
        height: usize,
        chroma: ChromaSampling,
        bit_depth: u8,
        opts: SpeedChromaOptions,
        level: CpuLevel,
    ) -> Result<SpeedChroma> {
        opts.validate()?;
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        let (plane_w, plane_h) = match chroma {
            ChromaSampling::Cs400 => {
                return Err(Error::invalid(
                    "pixel format for speed_chroma",
                    chroma,
                    "420, 422 or 444 (speed_chroma compares the U and V planes)",
                ));
            }
            ChromaSampling::Cs420 => (width / 2, height / 2),
            ChromaSampling::Cs422 => (width / 2, height),
            ChromaSampling::Cs444 => (width, height),
        };
        let kernels = SpeedKernels::for_level(level);
        let what = format!("chroma plane ({width}x{height} {chroma})");
        let core = SpeedCore::new(plane_w, plane_h, opts.params(), kernels, &what)?;
        let suffix = opts.name_suffix();
        Ok(SpeedChroma {
            width,
            height,
            chroma,
            bit_depth,
            plane_w,
            plane_h,
            opts,
            kernels,
            core,
            names: CHROMA_NAMES
                .iter()
                .map(|&n| feature_name(n, &suffix))
                .collect(),
        })
    }

    /// Replaces the covariance kernel's summation order (default: libvmaf's AVX-512 order, which
    /// produced the reference outputs; see [`CovarianceOrder`]).
    pub fn with_covariance_order(mut self, order: CovarianceOrder) -> Self {
        self.kernels = self.kernels.with_covariance_order(order);
        self.core.set_kernels(self.kernels);
        self
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &SpeedChromaOptions {
        &self.opts
    }

    /// The size of the U and V planes SpEED works on (before prescaling).
    pub fn plane_size(&self) -> (usize, usize) {
        (self.plane_w, self.plane_h)
    }

    /// The CPU level of the kernels in use.
    pub fn cpu_level(&self) -> CpuLevel {
        self.kernels.level
    }

    /// The three feature names (u, v, uv) in libvmaf's order and spelling: the canonical
    /// `Speed_chroma_feature_speed_chroma_u_score` … with default options, else the alias with the
    /// options' suffix, e.g. `speed_chroma_u_mxv_45_nnf_0.1_snn_0.19_wvm_5`.
    pub fn feature_names(&self) -> &[String] {
        &self.names
    }

    /// `(name, value)` of the three features of `scores`, in libvmaf's order.
    pub fn features<'a>(
        &'a self,
        scores: &SpeedChromaScores,
    ) -> impl Iterator<Item = (&'a str, f64)> + 'a {
        let values = [scores.u, scores.v, scores.uv];
        self.names.iter().map(String::as_str).zip(values)
    }

    fn check_frame(&self, frame: &FrameView<'_>, which: &str) -> Result<()> {
        let f = frame.format();
        if (
            f.width() as usize,
            f.height() as usize,
            f.chroma(),
            f.bit_depth(),
        ) != (self.width, self.height, self.chroma, self.bit_depth)
        {
            return Err(Error::InvalidFrame(format!(
                "{which} frame is {f}, this speed_chroma extractor was created for {}x{} {} {}-bit",
                self.width, self.height, self.chroma, self.bit_depth
            )));
        }
        Ok(())
    }

    /// SpEED of one channel (1 = U, 2 = V): `(score, singular)`.
    fn channel(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
        plane: usize,
    ) -> (f32, bool) {
        let w = self.plane_w;
        let mut singular = [false; 2];
        for (k, frame) in [reference, distorted].into_iter().enumerate() {
            // check_frame guarantees three planes.
            let Some(p) = frame.plane(plane) else {
                continue;
            };
            let (kernels, bit_depth) = (self.kernels, self.bit_depth);
            singular[k] = self.core.analyse(
                &mut |y, out| convert_row(&kernels, p, bit_depth, y, &mut out[..w]),
                k == 0,
            );
        }
        (
            combine(&self.core, singular[0], singular[1]),
            singular[0] || singular[1],
        )
    }

    /// Computes the scores of one frame pair. Both frames must have the format given to `new`
    /// (any strides). Samples above the bit depth are not rejected: they give libvmaf's results.
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<SpeedChromaScores> {
        self.check_frame(reference, "reference")?;
        self.check_frame(distorted, "distorted")?;
        let (u, err_u) = self.channel(reference, distorted, 1);
        let (v, err_v) = self.channel(reference, distorted, 2);
        let uv = match (err_u, err_v) {
            (true, false) => v,
            (false, true) => u,
            _ => (f64::from(u + v) / 2.0) as f32,
        };
        let mx = self.opts.max_val;
        Ok(SpeedChromaScores {
            u: clip(u, mx),
            v: clip(v, mx),
            uv: clip(uv, mx),
            u_singular: err_u,
            v_singular: err_v,
        })
    }
}

/// One frame's `speed_temporal` score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeedTemporalScore {
    /// `speed_temporal` (not clipped: upstream ignores `speed_max_val` here). 0 on the first
    /// frame.
    pub score: f64,
    /// Whether a covariance matrix of the frame differences could not be inverted (libvmaf logs a
    /// warning). When only one of the reference and distorted matrices is singular the score is
    /// 0.
    pub singular: bool,
}

/// The `speed_temporal` extractor for one luma geometry (upstream `init`, `extract` of
/// `vmaf_fex_speed_temporal`).
///
/// It compares frame differences: at frame `t > 0`, SpEED between `ref[t−1] − ref[t]` and
/// `dis[t−1] − dis[t]` (or `dis[t−1] − ref[t]` with `use_ref_diff`); at frame 0 the score is 0.
/// [`SpeedTemporal::compute`] keeps the previous frame, so it must see the frames in order
/// (libvmaf flags the extractor `TEMPORAL`); [`SpeedTemporal::compute_with_previous`] takes the
/// previous frames explicitly and can run on any frame in any order.
#[derive(Debug)]
pub struct SpeedTemporal {
    width: usize,
    height: usize,
    bit_depth: u8,
    opts: SpeedTemporalOptions,
    kernels: SpeedKernels,
    core: SpeedCore,
    /// The luma rows SpEED reads, ascending (only these are kept and differenced).
    rows: Vec<usize>,
    /// Position of each luma row in `rows` (`usize::MAX` for rows SpEED does not read).
    slot: Vec<usize>,
    prev_ref: RawRows,
    prev_dis: RawRows,
    cur_ref: RawRows,
    cur_dis: RawRows,
    /// Two rows of converted samples.
    converted: [Vec<f32>; 2],
    has_prev: bool,
    name: String,
}

impl SpeedTemporal {
    /// An extractor for `width`×`height` luma of `bit_depth` (8..=16) bits, with the kernels of
    /// the active CPU level. Errors: options out of range, and luma under [`MIN_PLANE_SIDE`]
    /// samples on a side after prescaling.
    pub fn new(
        width: usize,
        height: usize,
        bit_depth: u8,
        opts: SpeedTemporalOptions,
    ) -> Result<SpeedTemporal> {
        SpeedTemporal::with_cpu_level(width, height, bit_depth, opts, CpuLevel::active())
    }

    /// As [`SpeedTemporal::new`], with the kernels of `level` (or the best below it that exists).
    pub fn with_cpu_level(
        width: usize,
        height: usize,
        bit_depth: u8,
        opts: SpeedTemporalOptions,
        level: CpuLevel,
    ) -> Result<SpeedTemporal> {
        opts.validate()?;
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        let kernels = SpeedKernels::for_level(level);
        let core = SpeedCore::new(width, height, opts.params(), kernels, "luma")?;
        let rows = core.needed_rows();
        let mut slot = vec![usize::MAX; height];
        for (k, &y) in rows.iter().enumerate() {
            slot[y] = k;
        }
        let n = rows.len() * width;
        Ok(SpeedTemporal {
            width,
            height,
            bit_depth,
            opts,
            kernels,
            core,
            rows,
            slot,
            prev_ref: RawRows::new(bit_depth, n),
            prev_dis: RawRows::new(bit_depth, n),
            cur_ref: RawRows::new(bit_depth, n),
            cur_dis: RawRows::new(bit_depth, n),
            converted: [vec![0.0; width], vec![0.0; width]],
            has_prev: false,
            name: feature_name(TEMPORAL_NAME, &opts.name_suffix()),
        })
    }

    /// Replaces the covariance kernel's summation order (see [`SpeedChroma::with_covariance_order`]).
    pub fn with_covariance_order(mut self, order: CovarianceOrder) -> Self {
        self.kernels = self.kernels.with_covariance_order(order);
        self.core.set_kernels(self.kernels);
        self
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &SpeedTemporalOptions {
        &self.opts
    }

    /// The CPU level of the kernels in use.
    pub fn cpu_level(&self) -> CpuLevel {
        self.kernels.level
    }

    /// The feature name in libvmaf's spelling: `Speed_temporal_feature_speed_temporal_score` with
    /// default options, else `speed_temporal` with the options' suffix (e.g. `speed_temporal_urd`).
    pub fn feature_name(&self) -> &str {
        &self.name
    }

    /// Forgets the previous frame: the next [`SpeedTemporal::compute`] is a frame 0 again.
    pub fn reset(&mut self) {
        self.has_prev = false;
    }

    fn load(&mut self, frame: &FrameView<'_>, which: &str, is_ref: bool) -> Result<()> {
        let f = frame.format();
        if (f.width() as usize, f.height() as usize, f.bit_depth())
            != (self.width, self.height, self.bit_depth)
        {
            return Err(Error::InvalidFrame(format!(
                "{which} frame is {f}, this speed_temporal extractor was created for {}x{} {}-bit",
                self.width, self.height, self.bit_depth
            )));
        }
        let out = if is_ref {
            &mut self.cur_ref
        } else {
            &mut self.cur_dis
        };
        out.copy_from(frame.luma(), &self.rows, self.width);
        Ok(())
    }

    /// The score of the next frame in display order: 0 for the first frame after `new` or
    /// [`SpeedTemporal::reset`], else SpEED of the differences to the previous call's frames.
    /// Both frames must have the luma size and bit depth given to `new` (any chroma, any
    /// strides).
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<SpeedTemporalScore> {
        self.load(reference, "reference", true)?;
        self.load(distorted, "distorted", false)?;
        let out = if self.has_prev {
            self.difference_score()
        } else {
            SpeedTemporalScore {
                score: 0.0,
                singular: false,
            }
        };
        std::mem::swap(&mut self.prev_ref, &mut self.cur_ref);
        std::mem::swap(&mut self.prev_dis, &mut self.cur_dis);
        self.has_prev = true;
        Ok(out)
    }

    /// The score of a frame given its predecessors (`None` for frame 0, which scores 0), without
    /// relying on earlier calls. Afterwards the extractor holds this frame as the previous one,
    /// so [`SpeedTemporal::compute`] can continue with the next frame.
    pub fn compute_with_previous(
        &mut self,
        previous: Option<(&FrameView<'_>, &FrameView<'_>)>,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<SpeedTemporalScore> {
        self.has_prev = false;
        if let Some((prev_ref, prev_dis)) = previous {
            self.compute(prev_ref, prev_dis)?;
        }
        self.compute(reference, distorted)
    }

    fn difference_score(&mut self) -> SpeedTemporalScore {
        // Upstream converts all four planes, then ref[t−1] −= ref[t]; dis[t−1] −= dis[t] (or
        // ref[t]), and runs SpEED on the two. Here each difference row is formed when SpEED reads
        // it, from the stored samples, by the same conversions and subtraction.
        let subtrahend = if self.opts.use_ref_diff {
            &self.cur_ref
        } else {
            &self.cur_dis
        };
        let mut singular = [false; 2];
        for (k, (prev, cur)) in [
            (&self.prev_ref, &self.cur_ref),
            (&self.prev_dis, subtrahend),
        ]
        .into_iter()
        .enumerate()
        {
            let (w, kernels, bit_depth) = (self.width, self.kernels, self.bit_depth);
            let (slot, [a, b]) = (&self.slot, &mut self.converted);
            singular[k] = self.core.analyse(
                &mut |y, out| {
                    let s = slot[y];
                    debug_assert!(s != usize::MAX, "SpEED read a row it did not declare");
                    if s == usize::MAX {
                        out.fill(0.0);
                        return;
                    }
                    convert_samples(&kernels, prev.row(s, w), bit_depth, a);
                    convert_samples(&kernels, cur.row(s, w), bit_depth, b);
                    (kernels.difference)(a, b, &mut out[..w]);
                },
                k == 0,
            );
        }
        SpeedTemporalScore {
            score: f64::from(combine(&self.core, singular[0], singular[1])),
            singular: singular[0] || singular[1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_libvmaf() {
        let o = SpeedChromaOptions::default();
        assert_eq!(
            (o.kernelscale, o.prescale, o.sigma_nn, o.nn_floor, o.max_val),
            (1.0, 1.0, 0.29, 0.0, 1000.0)
        );
        assert_eq!(o.weight_var_mode, 0);
        assert_eq!(o.prescale_method, PrescaleMethod::Nearest);
        assert_eq!(o.name_suffix(), "");
        assert!(o.validate().is_ok());
        let t = SpeedTemporalOptions::default();
        assert!(!t.use_ref_diff);
        assert_eq!(t.name_suffix(), "");
    }

    #[test]
    fn names_follow_libvmaf() {
        assert_eq!(
            SpeedChromaOptions::vmaf_v1().name_suffix(),
            "_mxv_45_nnf_0.1_snn_0.19_wvm_5"
        );
        let o = SpeedChromaOptions {
            prescale: 0.5,
            prescale_method: PrescaleMethod::Bilinear,
            kernelscale: 2.0,
            ..SpeedChromaOptions::vmaf_v1()
        };
        assert_eq!(
            o.name_suffix(),
            "_ks_2_mxv_45_nnf_0.1_ps_0.5_psm_bilinear_snn_0.19_wvm_5"
        );
        let t = SpeedTemporalOptions {
            use_ref_diff: true,
            sigma_nn: 0.5,
            ..SpeedTemporalOptions::default()
        };
        assert_eq!(t.name_suffix(), "_snn_0.5_urd");
    }

    #[test]
    fn validation_names_option_and_range() {
        let bad = [
            (
                SpeedChromaOptions {
                    kernelscale: 2.5,
                    ..Default::default()
                },
                "speed_kernelscale",
            ),
            (
                SpeedChromaOptions {
                    kernelscale: 5.0,
                    ..Default::default()
                },
                "speed_kernelscale",
            ),
            (
                SpeedChromaOptions {
                    prescale: 0.05,
                    ..Default::default()
                },
                "speed_prescale",
            ),
            (
                SpeedChromaOptions {
                    sigma_nn: 2.5,
                    ..Default::default()
                },
                "speed_sigma_nn",
            ),
            (
                SpeedChromaOptions {
                    nn_floor: -0.1,
                    ..Default::default()
                },
                "speed_nn_floor",
            ),
            (
                SpeedChromaOptions {
                    max_val: f64::NAN,
                    ..Default::default()
                },
                "speed_max_val",
            ),
            (
                SpeedChromaOptions {
                    weight_var_mode: 7,
                    ..Default::default()
                },
                "speed_weight_var_mode",
            ),
        ];
        for (o, name) in bad {
            let e = o.validate().unwrap_err().to_string();
            assert!(e.contains(name), "{e}");
        }
    }

    #[test]
    fn clip_is_c_min() {
        assert_eq!(clip(3.5, 45.0), 3.5);
        assert_eq!(clip(50.0, 45.0), 45.0);
        assert_eq!(clip(f32::NAN, 45.0), 45.0);
    }
}
