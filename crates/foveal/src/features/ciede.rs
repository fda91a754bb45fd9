//! CIEDE2000 colour difference, as libvmaf 3.2's `ciede` extractor computes it
//! (`libvmaf/src/feature/ciede.c`, a port of av-metrics' implementation).
//!
//! Every pixel of both frames is converted from limited-range BT.709 Y'CbCr to CIE L\*a\*b\*
//! (D65) and the ΔE2000 of each pixel pair (weights kL = 0.65, kC = 1, kH = 4) is averaged; the
//! output `ciede2000` is `45 − 20·log10(mean ΔE)`.
//!
//! Subsampled chroma is first brought to full resolution the way libvmaf does it, including its
//! quirks, which this module reproduces exactly:
//! - libvmaf's chroma planes are `(w >> ss_x) × (h >> ss_y)` samples with rows padded with zeros
//!   to a multiple of 32 samples (`vmaf_picture_alloc`);
//! - output row `i` reads chroma row `i / 2` for both 4:2:0 and 4:2:2;
//! - output column `j` reads chroma column `j / 2` for 4:2:0, but column `j` for 4:2:2: the
//!   right half of each 4:2:2 output row is read from past the end of the chroma row, i.e. from
//!   its zero padding and then from the next chroma row (upstream swapped the subsampling flags);
//! - for odd widths the last column reads padding (or the next row when the row has none).
//!
//! Where libvmaf would read past the end of its picture buffer (4:2:0 with an odd height, last
//! row of Cr) this implementation reads zeros; libvmaf's value there is undefined.
//!
//! libvmaf refuses 4:0:0 input and bit depths other than 8, 10, 12 and 16; so does [`Ciede::new`].

use foveal_kernels::classic::ClassicKernels;
use foveal_kernels::cpu::CpuLevel;

use super::psnr::{check_standard_depth, check_views, libvmaf_plane_size};
use crate::error::{Error, Result};
use crate::frame::{ChromaSampling, FrameFormat, FrameView, PlaneRef};

/// libvmaf's picture row alignment, in samples (`DATA_ALIGN`).
const DATA_ALIGN: usize = 32;

/// Options of the `ciede` extractor: it has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CiedeOptions {}

impl CiedeOptions {
    /// Nothing to check.
    pub fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// One frame's CIEDE2000 value.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CiedeScores {
    /// `ciede2000` = `45 − 20·log10(mean ΔE2000)`.
    pub ciede2000: f64,
    /// The mean ΔE2000 itself.
    pub mean_delta_e: f64,
}

impl CiedeScores {
    /// `(name, value)` in libvmaf's order (one feature, `ciede2000`).
    pub fn features(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        std::iter::once(("ciede2000", self.ciede2000))
    }
}

/// Chroma planes of one picture in libvmaf's memory layout: U then V, each `stride × rows`,
/// rows zero-padded, plus a zeroed guard for reads past the end.
#[derive(Debug)]
struct LibvmafChroma {
    data: Vec<u16>,
    stride: usize,
    width: usize,
    rows: usize,
}

impl LibvmafChroma {
    fn new(width: usize, rows: usize, guard: usize) -> Self {
        let stride = width.div_ceil(DATA_ALIGN) * DATA_ALIGN;
        LibvmafChroma {
            data: vec![0; 2 * stride * rows + guard],
            stride,
            width,
            rows,
        }
    }

    /// Copies the top-left `width × rows` samples of `plane` (Cb for 0, Cr for 1).
    fn fill(&mut self, which: usize, plane: PlaneRef<'_>) {
        let base = which * self.stride * self.rows;
        for y in 0..self.rows {
            let dst = &mut self.data[base + y * self.stride..][..self.width];
            match plane {
                PlaneRef::U8(p) => {
                    for (o, &v) in dst.iter_mut().zip(&p.row(y)[..self.width]) {
                        *o = u16::from(v);
                    }
                }
                PlaneRef::U16(p) => dst.copy_from_slice(&p.row(y)[..self.width]),
            }
        }
    }

    /// Upstream's upsampled row `i` of plane `which`: the samples at offsets
    /// `(i/2)·stride + j/col_div` from the plane's start, `j` in `0..out.len()`.
    fn upsampled_row(&self, which: usize, i: usize, col_div: usize, out: &mut [u16]) {
        let base = which * self.stride * self.rows + (i / 2) * self.stride;
        for (j, o) in out.iter_mut().enumerate() {
            *o = self.data.get(base + j / col_div).copied().unwrap_or(0);
        }
    }
}

/// The `ciede` extractor for one frame format.
#[derive(Debug)]
pub struct Ciede {
    format: FrameFormat,
    kernels: ClassicKernels,
    /// libvmaf-layout chroma of the reference and distorted pictures (not for 4:4:4).
    chroma: Option<[LibvmafChroma; 2]>,
    /// Full-width rows: Y, U, V of the reference, then of the distorted picture.
    rows: [Vec<u16>; 6],
}

impl Ciede {
    /// Builds the extractor, allocating every buffer. Fails for 4:0:0 and for bit depths other
    /// than 8, 10, 12 and 16, as libvmaf does.
    pub fn new(format: FrameFormat, opts: CiedeOptions) -> Result<Self> {
        opts.validate()?;
        if format.chroma() == ChromaSampling::Cs400 {
            return Err(Error::invalid(
                "ciede pixel format",
                "400",
                "420, 422 or 444 (ciede needs chroma)",
            ));
        }
        check_standard_depth("ciede", format.bit_depth())?;
        let w = format.width() as usize;
        let chroma = (format.chroma() != ChromaSampling::Cs444).then(|| {
            let (cw, ch) = libvmaf_plane_size(&format, 1);
            let guard = w + DATA_ALIGN;
            [
                LibvmafChroma::new(cw, ch, guard),
                LibvmafChroma::new(cw, ch, guard),
            ]
        });
        Ok(Ciede {
            format,
            kernels: ClassicKernels::for_level(CpuLevel::active()),
            chroma,
            rows: std::array::from_fn(|_| vec![0; w]),
        })
    }

    /// Names of the features.
    pub fn feature_names(&self) -> Vec<&'static str> {
        vec!["ciede2000"]
    }

    /// Measures one frame pair.
    pub fn compute(
        &mut self,
        reference: &FrameView<'_>,
        distorted: &FrameView<'_>,
    ) -> Result<CiedeScores> {
        check_views(&self.format, reference, distorted)?;
        let (w, h) = (self.format.width() as usize, self.format.height() as usize);
        let bpc = u32::from(self.format.bit_depth());
        let col_div = match self.format.chroma() {
            ChromaSampling::Cs420 => 2,
            _ => 1,
        };
        if let Some(ch) = &mut self.chroma {
            for (k, view) in [reference, distorted].into_iter().enumerate() {
                for which in 0..2 {
                    let plane = view.plane(which + 1).expect("chroma checked in new()");
                    ch[k].fill(which, plane);
                }
            }
        }
        let mut sum = 0f64;
        for i in 0..h {
            for (k, view) in [reference, distorted].into_iter().enumerate() {
                let base = 3 * k;
                copy_row(view.luma(), i, &mut self.rows[base]);
                match &self.chroma {
                    Some(ch) => {
                        for which in 0..2 {
                            ch[k].upsampled_row(
                                which,
                                i,
                                col_div,
                                &mut self.rows[base + 1 + which],
                            );
                        }
                    }
                    None => {
                        for which in 0..2 {
                            let plane = view.plane(which + 1).expect("chroma checked in new()");
                            copy_row(plane, i, &mut self.rows[base + 1 + which]);
                        }
                    }
                }
            }
            let [ry, ru, rv, dy, du, dv] = &self.rows;
            sum = (self.kernels.ciede_row)([ry, ru, rv], [dy, du, dv], bpc, sum);
        }
        let n = (w as u32).wrapping_mul(h as u32);
        let mean = sum / f64::from(n);
        Ok(CiedeScores {
            ciede2000: 45.0 - 20.0 * mean.log10(),
            mean_delta_e: mean,
        })
    }
}

/// Row `y` of a full-resolution plane as `u16` samples.
fn copy_row(plane: PlaneRef<'_>, y: usize, out: &mut [u16]) {
    match plane {
        PlaneRef::U8(p) => {
            for (o, &v) in out.iter_mut().zip(p.row(y)) {
                *o = u16::from(v);
            }
        }
        PlaneRef::U16(p) => out.copy_from_slice(p.row(y)),
    }
}
