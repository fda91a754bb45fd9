//! PSNR-HVS, as libvmaf 3.2's `psnr_hvs` extractor computes it
//! (`libvmaf/src/feature/third_party/xiph/psnr_hvs.c`, from Xiph's Daala tools).
//!
//! Per plane, on 8x8 blocks taken every 7 samples (overlapping by one): both blocks are
//! transformed with Daala's integer DCT; each coefficient difference is reduced by a contrast
//! masking threshold (from the larger of the two blocks' AC energies, weighted by how much of
//! the block's variance is local to its 4x4 quadrants) and weighted by a contrast sensitivity
//! table (`csf_y`, `csf_cb420`, `csf_cr420`; the 4:2:0 tables are used for every subsampling).
//! The plane's score is `Σ (e·csf)² / (#coefficients · (2^bpc − 1)²)`, in `float`.
//!
//! Outputs, in libvmaf's order: `psnr_hvs_y`, `psnr_hvs_cb`, `psnr_hvs_cr` (each
//! `-10·log10(score)`) and `psnr_hvs` = `-10·log10(0.8·score_y + 0.1·(score_cb + score_cr))`.
//!
//! libvmaf refuses bit depths above 12 and 4:0:0 input. Planes are measured at libvmaf's size
//! (chroma `(w >> ss_x) × (h >> ss_y)`); every plane must hold at least one 8x8 block (libvmaf
//! gives NaN otherwise), so 4:2:0 frames must be at least 16x16.

use foveal_kernels::classic::ClassicKernels;
use foveal_kernels::cpu::CpuLevel;

use super::psnr::{check_views, libvmaf_plane_size};
use crate::error::{Error, Result};
use crate::frame::{ChromaSampling, FrameFormat, FrameView, Pixel, Plane, PlaneRef};

/// Largest bit depth libvmaf's `psnr_hvs` accepts.
pub const MAX_BIT_DEPTH: u8 = 12;
/// Block size.
const BLOCK: usize = 8;
/// Distance between blocks.
const STEP: usize = 7;

/// The CSF tables, as the `double` literals upstream writes (rounded to `float` at use, as the
/// C `float` arrays are).
#[rustfmt::skip]
const CSF_Y: [f64; 64] = [
    1.6193873005, 2.2901594831, 2.08509755623, 1.48366094411, 1.00227514334, 0.678296995242, 0.466224900598, 0.3265091542,
    2.2901594831, 1.94321815382, 2.04793073064, 1.68731108984, 1.2305666963, 0.868920337363, 0.61280991668, 0.436405793551,
    2.08509755623, 2.04793073064, 1.34329019223, 1.09205635862, 0.875748795257, 0.670882927016, 0.501731932449, 0.372504254596,
    1.48366094411, 1.68731108984, 1.09205635862, 0.772819797575, 0.605636379554, 0.48309405692, 0.380429446972, 0.295774038565,
    1.00227514334, 1.2305666963, 0.875748795257, 0.605636379554, 0.448996256676, 0.352889268808, 0.283006984131, 0.226951348204,
    0.678296995242, 0.868920337363, 0.670882927016, 0.48309405692, 0.352889268808, 0.27032073436, 0.215017739696, 0.17408067321,
    0.466224900598, 0.61280991668, 0.501731932449, 0.380429446972, 0.283006984131, 0.215017739696, 0.168869545842, 0.136153931001,
    0.3265091542, 0.436405793551, 0.372504254596, 0.295774038565, 0.226951348204, 0.17408067321, 0.136153931001, 0.109083846276,
];
#[rustfmt::skip]
const CSF_CB420: [f64; 64] = [
    1.91113096927, 2.46074210438, 1.18284184739, 1.14982565193, 1.05017074788, 0.898018824055, 0.74725392039, 0.615105596242,
    2.46074210438, 1.58529308355, 1.21363250036, 1.38190029285, 1.33100189972, 1.17428548929, 0.996404342439, 0.830890433625,
    1.18284184739, 1.21363250036, 0.978712413627, 1.02624506078, 1.03145147362, 0.960060382087, 0.849823426169, 0.731221236837,
    1.14982565193, 1.38190029285, 1.02624506078, 0.861317501629, 0.801821139099, 0.751437590932, 0.685398513368, 0.608694761374,
    1.05017074788, 1.33100189972, 1.03145147362, 0.801821139099, 0.676555426187, 0.605503172737, 0.55002013668, 0.495804539034,
    0.898018824055, 1.17428548929, 0.960060382087, 0.751437590932, 0.605503172737, 0.514674450957, 0.454353482512, 0.407050308965,
    0.74725392039, 0.996404342439, 0.849823426169, 0.685398513368, 0.55002013668, 0.454353482512, 0.389234902883, 0.342353999733,
    0.615105596242, 0.830890433625, 0.731221236837, 0.608694761374, 0.495804539034, 0.407050308965, 0.342353999733, 0.295530605237,
];
#[rustfmt::skip]
const CSF_CR420: [f64; 64] = [
    2.03871978502, 2.62502345193, 1.26180942886, 1.11019789803, 1.01397751469, 0.867069376285, 0.721500455585, 0.593906509971,
    2.62502345193, 1.69112867013, 1.17180569821, 1.3342742857, 1.28513006198, 1.13381474809, 0.962064122248, 0.802254508198,
    1.26180942886, 1.17180569821, 0.944981930573, 0.990876405848, 0.995903384143, 0.926972725286, 0.820534991409, 0.706020324706,
    1.11019789803, 1.3342742857, 0.990876405848, 0.831632933426, 0.77418706195, 0.725539939514, 0.661776842059, 0.587716619023,
    1.01397751469, 1.28513006198, 0.995903384143, 0.77418706195, 0.653238524286, 0.584635025748, 0.531064164893, 0.478717061273,
    0.867069376285, 1.13381474809, 0.926972725286, 0.725539939514, 0.584635025748, 0.496936637883, 0.438694579826, 0.393021669543,
    0.721500455585, 0.962064122248, 0.820534991409, 0.661776842059, 0.531064164893, 0.438694579826, 0.375820256136, 0.330555063063,
    0.593906509971, 0.802254508198, 0.706020324706, 0.587716619023, 0.478717061273, 0.393021669543, 0.330555063063, 0.285345396658,
];

/// The masking scale of the PSNR-HVS-M paper (`csf · 0.3885746225901003`, squared).
const MASK_SCALE: f64 = 0.3885746225901003;

/// `float` CSF table and its masking table `((double) csf · s)²` rounded to `float`.
fn tables(csf: &[f64; 64]) -> ([f32; 64], [f32; 64]) {
    let c: [f32; 64] = std::array::from_fn(|k| csf[k] as f32);
    let m = std::array::from_fn(|k| {
        let v = f64::from(c[k]) * MASK_SCALE;
        (v * v) as f32
    });
    (c, m)
}

/// Options of the `psnr_hvs` extractor: it has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PsnrHvsOptions {}

impl PsnrHvsOptions {
    /// Nothing to check.
    pub fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// One frame's PSNR-HVS values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PsnrHvsScores {
    /// Linear per-plane scores (Y, Cb, Cr): the normalised weighted squared error, in `float`.
    pub linear: [f64; 3],
    /// `psnr_hvs_y`, `psnr_hvs_cb`, `psnr_hvs_cr` in dB.
    pub db: [f64; 3],
    /// `psnr_hvs` in dB.
    pub psnr_hvs: f64,
}

const NAMES: [&str; 4] = ["psnr_hvs_y", "psnr_hvs_cb", "psnr_hvs_cr", "psnr_hvs"];

impl PsnrHvsScores {
    /// `(name, value)` in libvmaf's order.
    pub fn features(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        NAMES
            .into_iter()
            .zip([self.db[0], self.db[1], self.db[2], self.psnr_hvs])
    }
}

/// libvmaf's `convert_score_db(score, 1.0)`: `10·(−1·log10(1.0·score))`.
fn to_db(score: f64) -> f64 {
    10.0 * (-(1.0 * score).log10())
}

/// The `psnr_hvs` extractor for one frame format.
#[derive(Debug)]
pub struct PsnrHvs {
    format: FrameFormat,
    kernels: ClassicKernels,
    sizes: [(usize, usize); 3],
    csf: [[f32; 64]; 3],
    mask: [[f32; 64]; 3],
}

impl PsnrHvs {
    /// Builds the extractor. Fails for bit depths above 12 and 4:0:0 (as libvmaf), and for
    /// frames with a plane smaller than 8x8 (libvmaf reports NaN for them).
    pub fn new(format: FrameFormat, opts: PsnrHvsOptions) -> Result<Self> {
        opts.validate()?;
        if format.bit_depth() > MAX_BIT_DEPTH {
            return Err(Error::invalid(
                "psnr_hvs bit depth",
                format.bit_depth(),
                "8..=12",
            ));
        }
        if format.chroma() == ChromaSampling::Cs400 {
            return Err(Error::invalid(
                "psnr_hvs pixel format",
                "400",
                "420, 422 or 444 (psnr_hvs needs chroma)",
            ));
        }
        let sizes: [(usize, usize); 3] = std::array::from_fn(|i| libvmaf_plane_size(&format, i));
        if sizes.iter().any(|&(w, h)| w < BLOCK || h < BLOCK) {
            let (sx, sy) = format.chroma().chroma_shift();
            return Err(Error::invalid(
                "psnr_hvs frame size",
                format!("{}x{} {}", format.width(), format.height(), format.chroma()),
                format!(
                    "every plane at least 8x8, i.e. frames of at least {}x{}",
                    BLOCK << sx,
                    BLOCK << sy
                ),
            ));
        }
        let (cy, my) = tables(&CSF_Y);
        let (cb, mb) = tables(&CSF_CB420);
        let (cr, mr) = tables(&CSF_CR420);
        Ok(PsnrHvs {
            format,
            kernels: ClassicKernels::for_level(CpuLevel::active()),
            sizes,
            csf: [cy, cb, cr],
            mask: [my, mb, mr],
        })
    }

    /// Names of the features, in libvmaf's order.
    pub fn feature_names(&self) -> Vec<&'static str> {
        NAMES.to_vec()
    }

    /// Measures one frame pair.
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<PsnrHvsScores> {
        check_views(&self.format, reference, distorted)?;
        let mut out = PsnrHvsScores::default();
        for p in 0..3 {
            let (w, h) = self.sizes[p];
            let sum = match (reference.plane(p), distorted.plane(p)) {
                (Some(PlaneRef::U8(r)), Some(PlaneRef::U8(d))) => self.plane_sum(p, &r, &d, w, h),
                (Some(PlaneRef::U16(r)), Some(PlaneRef::U16(d))) => self.plane_sum(p, &r, &d, w, h),
                _ => unreachable!("formats were checked"),
            };
            let (ret, pixels) = sum;
            let samplemax = (1i32 << self.format.bit_depth()) - 1;
            let mut ret = ret / pixels as f32;
            ret /= (samplemax * samplemax) as f32;
            out.linear[p] = f64::from(ret);
            out.db[p] = to_db(out.linear[p]);
        }
        let combined = out.linear[0] * 0.8 + 0.1 * (out.linear[1] + out.linear[2]);
        out.psnr_hvs = to_db(combined);
        Ok(out)
    }

    /// `calc_psnrhvs` before its final normalisation: the running `float` sum over all blocks
    /// and the number of coefficients.
    fn plane_sum<T: Pixel>(
        &self,
        p: usize,
        r: &Plane<'_, T>,
        d: &Plane<'_, T>,
        w: usize,
        h: usize,
    ) -> (f32, i32) {
        let mut s = [0i32; 64];
        let mut t = [0i32; 64];
        let mut ret = 0f32;
        let mut pixels = 0i32;
        let mut y = 0;
        while y + BLOCK <= h {
            let mut x = 0;
            while x + BLOCK <= w {
                for i in 0..BLOCK {
                    let rr = &r.row(y + i)[x..x + BLOCK];
                    let dr = &d.row(y + i)[x..x + BLOCK];
                    for j in 0..BLOCK {
                        s[i * BLOCK + j] = rr[j].into() as i32;
                        t[i * BLOCK + j] = dr[j].into() as i32;
                    }
                }
                ret = (self.kernels.hvs_block)(&mut s, &mut t, &self.csf[p], &self.mask[p], ret);
                pixels = pixels.wrapping_add(64);
                x += STEP;
            }
            y += STEP;
        }
        (ret, pixels)
    }
}
