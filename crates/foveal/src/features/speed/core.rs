//! The SpEED computation shared by `speed_chroma` and `speed_temporal` (upstream `SpeedState`,
//! `speed_init`, `filter_and_downscale`, `est_params`, `get_speed_score`, `speed_extract_score`
//! in `speed.c`, with the filters of `vif_tools.c`).
//!
//! Per image (one plane of the reference or distorted frame, or a frame difference):
//!
//! 1. optional prescale to `round(w·ps) × round(h·ps)`;
//! 2. anti-alias Gaussian blur (the size of VIF's scale-1 window, σ = √4·size/5), keep every 16th
//!    sample in both directions ("operating" image);
//! 3. subtract the local mean (VIF's scale-4 Gaussian) from the operating image;
//! 4. over the largest multiple-of-5 crop, the 25×25 covariance matrix K of the 25 pixel positions
//!    of a 5×5 block, its eigenvalues λ, and per block b with pixel vector y_b the normalised
//!    variance s_b = yᵀK⁻¹y / 25 and the entropy E_b = Σ_λ [log2(λ·s_b + σnn) + log2(2πe)].
//!
//! Step 2 only needs the blurred image at the kept samples: we run the vertical pass on the kept
//! rows only and the horizontal pass at the kept columns only. Each kept value is computed by the
//! same operations in the same order as upstream's full-frame filter, so it is the same `f32`.

use foveal_kernels::speed::SpeedKernels;

use super::linalg::{self, LinalgScratch};
use super::resample::{PrescaleMethod, Prescaler};
use crate::error::{Error, Result};

/// Side of SpEED's blocks (`DEFAULT_BLOCK_SIZE`).
pub(crate) const BLOCK: usize = 5;
/// Pixels per block, the covariance matrix's order.
pub(crate) const BLOCK_ELEMS: usize = BLOCK * BLOCK;
/// log2 of the decimation factor (`NUM_SCALES`).
const SCALES: u32 = 4;
/// Smallest (prescaled) plane side: 16 × 5, so that one 5×5 block survives the decimation by 16.
pub(crate) const MIN_SCALED_SIDE: usize = BLOCK << SCALES;

/// `log2(2·π·e)`, as C folds the constant expression `log2(2 * M_PI * M_E)` (correctly rounded;
/// `f64::log2` gives the same value, checked in the tests).
const LOG2_2PIE: f64 = 4.094_191_170_361_282;

/// libvmaf's whitelist of kernel scales (`valid_kernelscales` in `vif_tools.h`), as `f32`.
pub(crate) const VALID_KERNELSCALES: [f32; 21] = [
    1.0,
    1.0 / 2.0,
    3.0 / 2.0,
    2.0,
    2.0 / 3.0,
    24.0 / 10.0,
    360.0 / 97.0,
    4.0 / 3.0,
    3.5 / 3.0,
    3.75 / 3.0,
    4.25 / 3.0,
    5.0 / 3.0,
    3.0,
    1.0 / 2.25,
    1.4746,
    1.54,
    1.6,
    1.06667,
    0.711111,
    0.740740,
    1.111111,
];

/// Upstream `vif_validate_kernelscale`: within 1e-3 of a whitelisted value (in `f32`).
pub(crate) fn kernelscale_is_valid(ks: f64) -> bool {
    let ks = ks as f32;
    VALID_KERNELSCALES
        .iter()
        .any(|&v| f64::from((ks - v).abs()) < 1e-3)
}

/// Upstream `vif_get_filter_size(scale, kernelscale)`.
pub(crate) fn filter_size(scale: u32, ks: f32) -> usize {
    let n = ((1u32 << (4 - scale)) + 1) as f32;
    let ceiling = f64::from(n * ks).ceil() as i64;
    let odd = if ceiling % 2 == 0 {
        ceiling + 1
    } else {
        ceiling
    };
    odd.max(3) as usize
}

/// Upstream `get_1d_gaussian_kernel(out, size, stdev)` (with `get_gaussian_pdf`).
pub(crate) fn gaussian(size: usize, stdev: f32) -> Vec<f32> {
    let k = (size as i64 - 1) / 2;
    let sd = f64::from(stdev);
    let den = (1.0 / (sd * (2.0 * std::f64::consts::PI).sqrt())) as f32;
    let mut out: Vec<f32> = (0..size as i64)
        .map(|i| {
            let x = f64::from((i - k) as f32 - 0.0);
            let num = (-0.5 * x / sd * x / sd).exp() as f32;
            num / den
        })
        .collect();
    let mut sum = 0.0f32;
    for &v in &out {
        sum += v;
    }
    for v in &mut out {
        *v /= sum;
    }
    out
}

/// Everything that fixes the geometry of one SpEED instance (upstream `SpeedDimensions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dims {
    pub original_w: usize,
    pub original_h: usize,
    pub scaled_w: usize,
    pub scaled_h: usize,
    pub operating_w: usize,
    pub operating_h: usize,
    pub truncated_w: usize,
    pub truncated_h: usize,
    pub blocks_x: usize,
    pub blocks_y: usize,
    pub sub_w: usize,
    pub sub_h: usize,
}

impl Dims {
    /// Upstream `speed_init_dimensions`, with an error (naming the minimum) where upstream logs
    /// "image too small" and carries on into undefined behaviour. `what` names the plane.
    pub(crate) fn new(w: usize, h: usize, prescale: f64, what: &str) -> Result<Dims> {
        let prescaled = !almost_one(prescale);
        let scale = |n: usize| {
            if prescaled {
                (n as f64 * prescale + 0.5) as usize
            } else {
                n
            }
        };
        let (sw, sh) = (scale(w), scale(h));
        if sw < MIN_SCALED_SIDE || sh < MIN_SCALED_SIDE {
            let how = if prescaled {
                format!(" after prescaling by {prescale} ({sw}x{sh})")
            } else {
                String::new()
            };
            return Err(Error::invalid(
                "SpEED plane size",
                format!("{w}x{h} {what}{how}"),
                format!(
                    "at least {MIN_SCALED_SIDE}x{MIN_SCALED_SIDE} samples after prescaling \
                     (SpEED decimates by 16 and needs one 5x5 block)"
                ),
            ));
        }
        let (ow, oh) = (sw >> SCALES, sh >> SCALES);
        let (tw, th) = (ow / BLOCK * BLOCK, oh / BLOCK * BLOCK);
        Ok(Dims {
            original_w: w,
            original_h: h,
            scaled_w: sw,
            scaled_h: sh,
            operating_w: ow,
            operating_h: oh,
            truncated_w: tw,
            truncated_h: th,
            blocks_x: tw / BLOCK,
            blocks_y: th / BLOCK,
            sub_w: tw - BLOCK + 1,
            sub_h: th - BLOCK + 1,
        })
    }

    pub(crate) fn blocks(&self) -> usize {
        self.blocks_x * self.blocks_y
    }

    pub(crate) fn prescaled(&self) -> bool {
        (self.scaled_w, self.scaled_h) != (self.original_w, self.original_h)
    }
}

/// Upstream `ALMOST_EQUAL(prescale, 1.0)`: within 1e-3, in which case no prescaling happens.
pub(crate) fn almost_one(v: f64) -> bool {
    (v - 1.0).abs() < 1.0e-3
}

/// Single reflection (upstream's filter border rule: `-i` below 0, `2n − i − 2` past the end),
/// clamped for safety (never needed for the sizes [`Dims::new`] accepts).
#[inline]
fn reflect(i: isize, n: usize) -> usize {
    let n = n as isize;
    let m = if i < 0 {
        -i
    } else if i >= n {
        2 * n - i - 2
    } else {
        i
    };
    m.clamp(0, n - 1) as usize
}

/// The per-image results of `est_params`: entropies and variances per block.
#[derive(Clone, Debug)]
pub(crate) struct BlockStats {
    pub entropies: Vec<f32>,
    pub variances: Vec<f32>,
}

impl BlockStats {
    fn new(blocks: usize) -> Self {
        BlockStats {
            entropies: vec![0.0; blocks],
            variances: vec![0.0; blocks],
        }
    }
}

/// The parameters of SpEED's arithmetic, as `f32` where upstream passes them as `float`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Params {
    pub kernelscale: f64,
    pub prescale: f64,
    pub method: PrescaleMethod,
    pub sigma_nn: f32,
    pub nn_floor: f32,
    pub weight_var_mode: i32,
}

/// One SpEED instance: geometry, filters, kernels and all scratch memory.
#[derive(Clone)]
pub(crate) struct SpeedCore {
    pub dims: Dims,
    params: Params,
    kernels: SpeedKernels,
    prescaler: Option<Prescaler>,
    antialias: Vec<f32>,
    local_mean: Vec<f32>,
    /// The input image, when it is prescaled (else empty).
    full: Vec<f32>,
    /// Prescaled image (empty without prescale).
    scaled: Vec<f32>,
    /// The input rows one kept row's anti-alias filter reads (without prescale).
    window: Vec<f32>,
    /// One vertically filtered row (scaled width).
    row: Vec<f32>,
    /// One row with its mirrored border (scaled width + 2·radius).
    padded: Vec<f32>,
    /// Decimated, mean-subtracted image (operating size).
    op: Vec<f32>,
    /// Vertically filtered operating image (scale-4 filter).
    op_tmp: Vec<f32>,
    /// Local means of the operating image.
    op_mean: Vec<f32>,
    means: [f32; BLOCK_ELEMS],
    /// The 25 shifted sub-matrices of `op`, centred, in `f64`.
    centred: Vec<f64>,
    cov: Vec<f32>,
    eig: [f32; BLOCK_ELEMS],
    independent: Vec<f32>,
    solution: Vec<f32>,
    linalg: LinalgScratch,
    pub ref_stats: BlockStats,
    pub dis_stats: BlockStats,
    /// Whether the last QR iteration hit upstream's limit of 500 steps.
    pub not_converged: bool,
}

impl std::fmt::Debug for SpeedCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpeedCore")
            .field("dims", &self.dims)
            .field("params", &self.params)
            .field("kernels", &self.kernels)
            .finish_non_exhaustive()
    }
}

impl SpeedCore {
    /// Builds an instance for `w`×`h` planes. The options must have been validated.
    pub(crate) fn new(
        w: usize,
        h: usize,
        params: Params,
        kernels: SpeedKernels,
        what: &str,
    ) -> Result<SpeedCore> {
        let dims = Dims::new(w, h, params.prescale, what)?;
        let ks = params.kernelscale as f32;
        let aa_size = filter_size(1, ks);
        // speed_get_antialias_filter: σ = sqrt(4) · size / 5.0f, in f64, stored as f32.
        let aa_sigma = (4f64.sqrt() * aa_size as f64 / f64::from(5.0f32)) as f32;
        let antialias = gaussian(aa_size, aa_sigma);
        let lm_size = filter_size(SCALES, ks);
        let local_mean = gaussian(lm_size, lm_size as f32 / 5.0);
        let prescaler = dims
            .prescaled()
            .then(|| Prescaler::new(params.method, w, h, dims.scaled_w, dims.scaled_h));
        let nb = dims.blocks();
        let op_n = dims.operating_w * dims.operating_h;
        let aa_radius = aa_size / 2;
        Ok(SpeedCore {
            dims,
            params,
            kernels,
            prescaler,
            antialias,
            local_mean,
            full: if dims.prescaled() {
                vec![0.0; w * h]
            } else {
                Vec::new()
            },
            scaled: if dims.prescaled() {
                vec![0.0; dims.scaled_w * dims.scaled_h]
            } else {
                Vec::new()
            },
            window: if dims.prescaled() {
                Vec::new()
            } else {
                vec![0.0; aa_size * w]
            },
            row: vec![0.0; dims.scaled_w.max(dims.operating_w)],
            padded: vec![0.0; dims.scaled_w.max(dims.operating_w) + 2 * aa_radius.max(lm_size / 2)],
            op: vec![0.0; op_n],
            op_tmp: vec![0.0; op_n],
            op_mean: vec![0.0; op_n],
            means: [0.0; BLOCK_ELEMS],
            centred: vec![0.0; BLOCK_ELEMS * dims.sub_w * dims.sub_h],
            cov: vec![0.0; BLOCK_ELEMS * BLOCK_ELEMS],
            eig: [0.0; BLOCK_ELEMS],
            independent: vec![0.0; BLOCK_ELEMS * nb],
            solution: vec![0.0; BLOCK_ELEMS * nb],
            linalg: LinalgScratch::new(BLOCK_ELEMS, nb),
            ref_stats: BlockStats::new(nb),
            dis_stats: BlockStats::new(nb),
            not_converged: false,
        })
    }

    /// The rows of an input image that [`SpeedCore::analyse`] reads, ascending: all of them when
    /// the image is prescaled, else only those within the anti-alias filter's reach of a kept
    /// (every 16th) row. Rows outside this list may hold anything.
    pub(crate) fn needed_rows(&self) -> Vec<usize> {
        let d = self.dims;
        if self.prescaler.is_some() {
            return (0..d.original_h).collect();
        }
        let taps = self.antialias.len();
        let r = taps / 2;
        let mut needed = vec![false; d.original_h];
        for oy in 0..d.operating_h {
            let y = (oy << SCALES) as isize;
            for k in 0..taps {
                needed[reflect(y - r as isize + k as isize, d.original_h)] = true;
            }
        }
        (0..d.original_h).filter(|&y| needed[y]).collect()
    }

    /// Replaces the kernel table (e.g. another covariance order).
    pub(crate) fn set_kernels(&mut self, kernels: SpeedKernels) {
        self.kernels = kernels;
    }

    /// Upstream `filter_and_downscale` on the image whose row `y` (`original_w` samples)
    /// `fill(y, out)` writes: leaves the mean-subtracted operating image in `self.op`. Without
    /// prescaling only the rows the anti-alias filter reads at the kept rows are requested, each
    /// into a small window buffer (so the image never needs to exist in full).
    fn filter_and_downscale(&mut self, fill: &mut dyn FnMut(usize, &mut [f32])) {
        let d = self.dims;
        let taps = self.antialias.len();
        let r = taps / 2;
        let (ow, oh) = (d.operating_w, d.operating_h);
        let mut rows: [&[f32]; 64] = [&[]; 64];
        // Anti-alias blur at every 16th row and column (vif_filter1d_s + vif_dec16_s).
        if let Some(p) = &self.prescaler {
            let (w, h) = (d.original_w, d.original_h);
            for (y, out) in self.full.chunks_exact_mut(w).take(h).enumerate() {
                fill(y, out);
            }
            p.run(&self.full, &mut self.scaled);
            let (src, sw, sh) = (&self.scaled, d.scaled_w, d.scaled_h);
            for oy in 0..oh {
                let y = (oy << SCALES) as isize;
                for (k, slot) in rows.iter_mut().take(taps).enumerate() {
                    let yy = reflect(y - r as isize + k as isize, sh);
                    *slot = &src[yy * sw..yy * sw + sw];
                }
                (self.kernels.convolve_rows)(&rows[..taps], &self.antialias, &mut self.row[..sw]);
                pad_row(&self.row[..sw], r, &mut self.padded);
                (self.kernels.convolve_padded)(
                    &self.padded[..sw + 2 * r],
                    &self.antialias,
                    1 << SCALES,
                    &mut self.op[oy * ow..(oy + 1) * ow],
                );
            }
        } else {
            let (sw, sh) = (d.original_w, d.original_h);
            for oy in 0..oh {
                let y = (oy << SCALES) as isize;
                for (k, out) in self.window.chunks_exact_mut(sw).take(taps).enumerate() {
                    fill(reflect(y - r as isize + k as isize, sh), out);
                }
                let mut window_rows: [&[f32]; 64] = [&[]; 64];
                for (slot, row) in window_rows.iter_mut().zip(self.window.chunks_exact(sw)) {
                    *slot = row;
                }
                (self.kernels.convolve_rows)(
                    &window_rows[..taps],
                    &self.antialias,
                    &mut self.row[..sw],
                );
                pad_row(&self.row[..sw], r, &mut self.padded);
                (self.kernels.convolve_padded)(
                    &self.padded[..sw + 2 * r],
                    &self.antialias,
                    1 << SCALES,
                    &mut self.op[oy * ow..(oy + 1) * ow],
                );
            }
        }
        // Local mean (scale-4 Gaussian) of the operating image, then subtract it.
        let taps = self.local_mean.len();
        let r = taps / 2;
        for y in 0..oh {
            for (k, slot) in rows.iter_mut().take(taps).enumerate() {
                let yy = reflect(y as isize - r as isize + k as isize, oh);
                *slot = &self.op[yy * ow..yy * ow + ow];
            }
            (self.kernels.convolve_rows)(
                &rows[..taps],
                &self.local_mean,
                &mut self.op_tmp[y * ow..(y + 1) * ow],
            );
        }
        for y in 0..oh {
            pad_row(&self.op_tmp[y * ow..(y + 1) * ow], r, &mut self.padded);
            (self.kernels.convolve_padded)(
                &self.padded[..ow + 2 * r],
                &self.local_mean,
                1,
                &mut self.op_mean[y * ow..(y + 1) * ow],
            );
        }
        for (o, &m) in self.op.iter_mut().zip(&self.op_mean) {
            *o -= m;
        }
    }

    /// Upstream `est_params` on `self.op`, into the reference (`is_ref`) or distorted block stats.
    /// Returns `true` where upstream returns `-EINVAL` (covariance matrix singular, or the back
    /// substitution met a pivot below 1e-6; "est_params: covariance matrix is singular").
    fn est_params(&mut self, is_ref: bool) -> bool {
        let d = self.dims;
        let ow = d.operating_w;
        let area = d.sub_w * d.sub_h;
        // Step 1: means of the 25 shifted sub-matrices, then the covariance matrix.
        // Each mean is one f32 sum in row-major order, as upstream; the five column shifts of
        // a row shift run side by side (five independent sums, each in its own order).
        for sr in 0..BLOCK {
            let mut acc = [0.0f32; BLOCK];
            for i in 0..d.sub_h {
                let row = &self.op[(sr + i) * ow..][..d.sub_w + BLOCK - 1];
                for j in 0..d.sub_w {
                    let v = &row[j..j + BLOCK];
                    for (a, &x) in acc.iter_mut().zip(v) {
                        *a += x;
                    }
                }
            }
            for (sc, a) in acc.into_iter().enumerate() {
                self.means[sr * BLOCK + sc] = a / area as f32;
            }
        }
        // Each shifted sub-matrix centred once, `(f64)v − mean` exactly as the covariance kernels
        // would compute it per pair (upstream `compute_cov_kernel_*`), packed row after row.
        let sub = area;
        for k in 0..BLOCK_ELEMS {
            let (sr, sc) = (k / BLOCK, k % BLOCK);
            let mean = f64::from(self.means[k]);
            let out = &mut self.centred[k * sub..(k + 1) * sub];
            for (i, o) in out.chunks_exact_mut(d.sub_w).enumerate() {
                let row = &self.op[(sr + i) * ow + sc..][..d.sub_w];
                for (o, &v) in o.iter_mut().zip(row) {
                    *o = f64::from(v) - mean;
                }
            }
        }
        for xi in 0..BLOCK_ELEMS {
            for yi in 0..=xi {
                let sum = (self.kernels.covariance_centred)(
                    &self.centred[xi * sub..(xi + 1) * sub],
                    &self.centred[yi * sub..(yi + 1) * sub],
                    d.sub_h,
                    d.sub_w,
                );
                let c = (sum / area as f64) as f32;
                self.cov[xi * BLOCK_ELEMS + yi] = c;
                self.cov[yi * BLOCK_ELEMS + xi] = c;
            }
        }
        // Step 2: eigenvalues.
        let converged = linalg::eigenvalues(&self.cov, &mut self.eig, &mut self.linalg);
        self.not_converged |= !converged;
        // Step 3: the independent term: row e = block pixel (e / 5, e % 5), column = block.
        let nb = d.blocks();
        for e in 0..BLOCK_ELEMS {
            let (si, sj) = (e / BLOCK, e % BLOCK);
            let out = &mut self.independent[e * nb..(e + 1) * nb];
            for by in 0..d.blocks_y {
                let row = &self.op[(by * BLOCK + si) * ow..];
                for bx in 0..d.blocks_x {
                    out[by * d.blocks_x + bx] = row[bx * BLOCK + sj];
                }
            }
        }
        // Step 4: solve K X = Y.
        let regular = self.eig.iter().all(|&l| f64::from(l) >= 1e-6);
        let solved = regular
            && linalg::solve(
                &self.cov,
                &self.independent,
                nb,
                &mut self.solution,
                &mut self.linalg,
                self.kernels.matmul,
            );
        let singular = !solved;
        if singular {
            self.solution.fill(0.0);
        }
        // Steps 5-6: S_b = Σ_e X[e][b]·Y[e][b] / 25 (rows summed in order into row 0).
        let n = BLOCK_ELEMS as f32;
        for (x, &y) in self.solution.iter_mut().zip(&self.independent) {
            *x = (*x * y) / n;
        }
        for e in 1..BLOCK_ELEMS {
            let (head, tail) = self.solution.split_at_mut(e * nb);
            for (s, &v) in head[..nb].iter_mut().zip(&tail[..nb]) {
                *s += v;
            }
        }
        // Steps 8-10: entropies, one eigenvalue at a time (the outer loop, as upstream).
        let stats = if is_ref {
            &mut self.ref_stats
        } else {
            &mut self.dis_stats
        };
        let sigma_nn = self.params.sigma_nn;
        stats.entropies.fill(0.0);
        for &l in &self.eig {
            let l = if l < 0.0 { 0.0 } else { l };
            for (e, &s) in stats.entropies.iter_mut().zip(&self.solution[..nb]) {
                *e = (f64::from(*e) + (f64::from(l * s + sigma_nn).log2() + LOG2_2PIE)) as f32;
            }
        }
        stats.variances.copy_from_slice(&self.solution[..nb]);
        singular
    }

    /// Upstream `filter_and_downscale` + `est_params` for one image, whose row `y`
    /// (`original_w` samples) `fill(y, out)` writes; rows are requested in any order, possibly
    /// more than once, and only those SpEED reads (see [`SpeedCore::needed_rows`]).
    pub(crate) fn analyse(
        &mut self,
        fill: &mut dyn FnMut(usize, &mut [f32]),
        is_ref: bool,
    ) -> bool {
        self.filter_and_downscale(fill);
        self.est_params(is_ref)
    }

    /// Upstream `get_speed_score` on the current reference and distorted block stats.
    pub(crate) fn score(&self) -> f32 {
        let p = &self.params;
        let base = (BLOCK_ELEMS as f64
            * (f64::from((1.0 + p.nn_floor) * p.sigma_nn).log2() + LOG2_2PIE))
            as f32;
        let (r, d) = (&self.ref_stats, &self.dis_stats);
        let mut score = 0.0f32;
        let l2 = |v: f32| f64::from(1.0 + v).log2();
        let l2d = |v: f64| (1.0 + v).log2();
        for b in 0..self.dims.blocks() {
            let (re, de) = (r.entropies[b], d.entropies[b]);
            if re < base && de < base {
                continue;
            }
            let (rv, dv) = (r.variances[b], d.variances[b]);
            let (re64, de64) = (f64::from(re), f64::from(de));
            let (wr, wd) = match p.weight_var_mode {
                0 => (l2(rv), l2(dv)),
                1 => (l2(rv), l2(rv)),
                2 => (l2(dv), l2(dv)),
                3 => {
                    let m = l2d(f64::from(rv + dv) / 2.0);
                    (m, m)
                }
                4 => (l2(rv), l2d(f64::from(rv + dv) / 2.0)),
                5 => (l2(rv), l2d(0.75 * f64::from(rv) + 0.25 * f64::from(dv))),
                _ => (l2(rv), l2d(0.25 * f64::from(rv) + 0.75 * f64::from(dv))),
            };
            let spatial_ref = (re64 * wr) as f32;
            let spatial_dis = (de64 * wd) as f32;
            score += (spatial_ref - spatial_dis).abs();
        }
        score / self.dims.blocks() as f32
    }
}

/// Copies `row` into `out` with `r` mirrored samples on each side (`out[r + x]` = sample `x` for
/// `x` in `−r..len + r`, reflected as upstream's filters do).
fn pad_row(row: &[f32], r: usize, out: &mut [f32]) {
    let n = row.len();
    out[r..r + n].copy_from_slice(row);
    for k in 1..=r {
        out[r - k] = row[reflect(-(k as isize), n)];
        out[r + n - 1 + k] = row[reflect((n - 1 + k) as isize, n)];
    }
}

/// Upstream `speed_extract_score` given both images' singularity: 0 when exactly one of them was
/// singular, else the score.
pub(crate) fn combine(core: &SpeedCore, singular_ref: bool, singular_dis: bool) -> f32 {
    if singular_ref != singular_dis {
        0.0
    } else {
        core.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_2pie_is_the_correctly_rounded_constant() {
        let c = 2.0 * std::f64::consts::PI * std::f64::consts::E;
        assert_eq!(c.log2(), LOG2_2PIE);
    }

    #[test]
    fn filter_sizes_follow_vif_tools() {
        assert_eq!(filter_size(1, 1.0), 9);
        assert_eq!(filter_size(4, 1.0), 3);
        assert_eq!(filter_size(0, 1.0), 17);
        assert_eq!(filter_size(1, 4.0), 37);
        assert_eq!(filter_size(4, 4.0), 9);
        assert_eq!(filter_size(1, 0.5), 5);
        assert_eq!(filter_size(4, 0.5), 3);
    }

    #[test]
    fn gaussians_are_normalised_and_symmetric() {
        for (size, sigma) in [(9, 3.6f32), (3, 0.6), (37, 14.8)] {
            let g = gaussian(size, sigma);
            assert_eq!(g.len(), size);
            for i in 0..size {
                assert_eq!(g[i], g[size - 1 - i]);
            }
            let s: f64 = g.iter().map(|&v| f64::from(v)).sum();
            assert!((s - 1.0).abs() < 1e-6);
        }
    }

    #[test]
    fn kernelscale_whitelist() {
        for v in [1.0, 0.5, 1.5, 2.0, 3.0, 0.711111, 360.0 / 97.0, 1.0005] {
            assert!(kernelscale_is_valid(v), "{v}");
        }
        for v in [0.1, 1.002, 2.5, 4.0] {
            assert!(!kernelscale_is_valid(v), "{v}");
        }
    }

    #[test]
    fn dims_follow_upstream() {
        let d = Dims::new(288, 162, 1.0, "U plane").unwrap();
        assert_eq!((d.operating_w, d.operating_h), (18, 10));
        assert_eq!((d.truncated_w, d.truncated_h), (15, 10));
        assert_eq!((d.blocks_x, d.blocks_y, d.sub_w, d.sub_h), (3, 2, 11, 6));
        let d = Dims::new(960, 540, 0.6, "U plane").unwrap();
        assert_eq!((d.scaled_w, d.scaled_h), (576, 324));
        let e = Dims::new(79, 200, 1.0, "U plane").unwrap_err().to_string();
        assert!(e.contains("79x200") && e.contains("80x80"), "{e}");
        let e = Dims::new(200, 200, 0.3, "Y plane").unwrap_err().to_string();
        assert!(e.contains("(60x60)") && e.contains("0.3"), "{e}");
    }
}
