//! Frames: borrowed views over caller memory and owned frames for the readers.
//!
//! A frame has one plane (4:0:0) or three (4:2:0, 4:2:2, 4:4:4), all of the same sample type:
//! `u8` for 8-bit content, `u16` for 9- to 16-bit content (values in the low bits, as in Y4M,
//! raw `yuv4xxp10le` files and libvmaf's `VmafPicture`). Chroma planes of odd-sized frames are
//! `ceil(luma / 2)` wide or high. Each plane has its own stride, counted in samples, so C callers
//! and numpy can hand over padded buffers without copying.

use std::fmt;

use crate::error::{Error, Result};

/// Largest accepted frame width or height, in luma samples. Bounds memory use on hostile headers.
pub const MAX_DIMENSION: u32 = 32_768;

/// Chroma subsampling of a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChromaSampling {
    /// Luma only (4:0:0, "mono", "gray").
    Cs400,
    /// Chroma halved horizontally and vertically.
    Cs420,
    /// Chroma halved horizontally.
    Cs422,
    /// Full-resolution chroma.
    Cs444,
}

impl ChromaSampling {
    /// Number of planes a frame of this sampling has (1 or 3).
    pub const fn plane_count(self) -> usize {
        match self {
            ChromaSampling::Cs400 => 1,
            _ => 3,
        }
    }

    /// Horizontal and vertical subsampling shifts of the chroma planes.
    pub const fn chroma_shift(self) -> (u32, u32) {
        match self {
            ChromaSampling::Cs400 | ChromaSampling::Cs444 => (0, 0),
            ChromaSampling::Cs420 => (1, 1),
            ChromaSampling::Cs422 => (1, 0),
        }
    }

    /// The short name used by libvmaf's `-p` flag and in messages: "400", "420", "422", "444".
    pub const fn name(self) -> &'static str {
        match self {
            ChromaSampling::Cs400 => "400",
            ChromaSampling::Cs420 => "420",
            ChromaSampling::Cs422 => "422",
            ChromaSampling::Cs444 => "444",
        }
    }

    /// Parses "400"/"420"/"422"/"444" (also "mono"/"gray" and a leading "yuv").
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.strip_prefix("yuv").unwrap_or(&t);
        match t {
            "400" | "mono" | "gray" => Ok(ChromaSampling::Cs400),
            "420" => Ok(ChromaSampling::Cs420),
            "422" => Ok(ChromaSampling::Cs422),
            "444" => Ok(ChromaSampling::Cs444),
            _ => Err(Error::invalid("pixel format", s, "400, 420, 422 or 444")),
        }
    }
}

impl fmt::Display for ChromaSampling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The geometry and sample format of a frame: luma size, chroma sampling, bit depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameFormat {
    width: u32,
    height: u32,
    chroma: ChromaSampling,
    bit_depth: u8,
}

impl FrameFormat {
    /// Validates and builds a format. Width and height must be 1..=[`MAX_DIMENSION`], the bit
    /// depth 8..=16.
    pub fn new(width: u32, height: u32, chroma: ChromaSampling, bit_depth: u8) -> Result<Self> {
        if !(1..=MAX_DIMENSION).contains(&width) {
            return Err(Error::invalid(
                "frame width",
                width,
                format!("1..={MAX_DIMENSION}"),
            ));
        }
        if !(1..=MAX_DIMENSION).contains(&height) {
            return Err(Error::invalid(
                "frame height",
                height,
                format!("1..={MAX_DIMENSION}"),
            ));
        }
        if !(8..=16).contains(&bit_depth) {
            return Err(Error::invalid("bit depth", bit_depth, "8..=16"));
        }
        Ok(FrameFormat {
            width,
            height,
            chroma,
            bit_depth,
        })
    }

    /// Luma width in samples.
    pub const fn width(&self) -> u32 {
        self.width
    }
    /// Luma height in samples.
    pub const fn height(&self) -> u32 {
        self.height
    }
    /// Chroma sampling.
    pub const fn chroma(&self) -> ChromaSampling {
        self.chroma
    }
    /// Bits per sample, 8..=16.
    pub const fn bit_depth(&self) -> u8 {
        self.bit_depth
    }
    /// Largest sample value: `2^bit_depth - 1`.
    pub const fn max_value(&self) -> u32 {
        (1u32 << self.bit_depth) - 1
    }
    /// Number of planes (1 or 3).
    pub const fn plane_count(&self) -> usize {
        self.chroma.plane_count()
    }
    /// Bytes per sample in memory and in files: 1 for 8-bit, 2 (little-endian) above.
    pub const fn sample_bytes(&self) -> usize {
        if self.bit_depth > 8 { 2 } else { 1 }
    }
    /// Width and height of plane `i` (0 = Y, 1 = Cb, 2 = Cr); chroma is `ceil(luma / 2)` where
    /// subsampled. Planes past [`FrameFormat::plane_count`] are `(0, 0)`.
    pub const fn plane_size(&self, i: usize) -> (usize, usize) {
        if i == 0 {
            return (self.width as usize, self.height as usize);
        }
        if i >= self.plane_count() {
            return (0, 0);
        }
        let (sx, sy) = self.chroma.chroma_shift();
        (
            ((self.width + (1 << sx) - 1) >> sx) as usize,
            ((self.height + (1 << sy) - 1) >> sy) as usize,
        )
    }
    /// Samples in one tightly packed frame (all planes).
    pub const fn frame_samples(&self) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < self.plane_count() {
            let (w, h) = self.plane_size(i);
            n += w * h;
            i += 1;
        }
        n
    }
    /// Bytes of one tightly packed frame in a Y4M or raw YUV file.
    pub const fn frame_bytes(&self) -> usize {
        self.frame_samples() * self.sample_bytes()
    }
}

impl fmt::Display for FrameFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}x{} {} {}-bit",
            self.width, self.height, self.chroma, self.bit_depth
        )
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for u8 {}
    impl Sealed for u16 {}
}

/// A sample type: `u8` or `u16`.
pub trait Pixel:
    sealed::Sealed + Copy + Default + Send + Sync + Into<u32> + fmt::Debug + 'static
{
    /// Whether this type stores 8-bit content (`u8`) or 9..16-bit content (`u16`).
    const IS_U8: bool;
}
impl Pixel for u8 {
    const IS_U8: bool = true;
}
impl Pixel for u16 {
    const IS_U8: bool = false;
}

/// A borrowed plane of samples: `height` rows of `width` samples, rows `stride` samples apart.
#[derive(Clone, Copy)]
pub struct Plane<'a, T: Pixel> {
    data: &'a [T],
    width: usize,
    height: usize,
    stride: usize,
}

impl<T: Pixel> fmt::Debug for Plane<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plane")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("stride", &self.stride)
            .finish_non_exhaustive()
    }
}

impl<'a, T: Pixel> Plane<'a, T> {
    /// Wraps `data` as a plane. `stride` (in samples) must be at least `width`, and `data` must
    /// hold `stride * (height - 1) + width` samples; extra samples after the last row are allowed.
    pub fn new(data: &'a [T], width: usize, height: usize, stride: usize) -> Result<Self> {
        if width == 0 || height == 0 {
            return Err(Error::InvalidFrame(format!(
                "plane size {width}x{height}: both must be at least 1"
            )));
        }
        if stride < width {
            return Err(Error::InvalidFrame(format!(
                "plane stride {stride} is smaller than its width {width} (stride counts samples)"
            )));
        }
        let needed = stride
            .checked_mul(height - 1)
            .and_then(|n| n.checked_add(width))
            .ok_or_else(|| {
                Error::InvalidFrame(format!("plane {width}x{height} stride {stride} overflows"))
            })?;
        if data.len() < needed {
            return Err(Error::InvalidFrame(format!(
                "plane buffer holds {} samples, {width}x{height} with stride {stride} needs {needed}",
                data.len()
            )));
        }
        Ok(Plane {
            data,
            width,
            height,
            stride,
        })
    }

    /// Width in samples.
    #[inline]
    pub fn width(&self) -> usize {
        self.width
    }
    /// Height in rows.
    #[inline]
    pub fn height(&self) -> usize {
        self.height
    }
    /// Distance between rows, in samples.
    #[inline]
    pub fn stride(&self) -> usize {
        self.stride
    }
    /// Row `y` (exactly `width` samples). Panics if `y >= height`.
    #[inline]
    pub fn row(&self, y: usize) -> &'a [T] {
        let start = y * self.stride;
        &self.data[start..start + self.width]
    }
    /// All rows, top to bottom.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &'a [T]> + '_ {
        (0..self.height).map(move |y| self.row(y))
    }
    /// The underlying buffer from the first sample of row 0.
    pub fn data(&self) -> &'a [T] {
        self.data
    }
}

/// A plane of either sample type.
#[derive(Clone, Copy, Debug)]
pub enum PlaneRef<'a> {
    /// 8-bit samples.
    U8(Plane<'a, u8>),
    /// 9..16-bit samples.
    U16(Plane<'a, u16>),
}

impl PlaneRef<'_> {
    /// Width in samples.
    pub fn width(&self) -> usize {
        match self {
            PlaneRef::U8(p) => p.width(),
            PlaneRef::U16(p) => p.width(),
        }
    }
    /// Height in rows.
    pub fn height(&self) -> usize {
        match self {
            PlaneRef::U8(p) => p.height(),
            PlaneRef::U16(p) => p.height(),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Planes<'a> {
    U8([Plane<'a, u8>; 3]),
    U16([Plane<'a, u16>; 3]),
}

/// A borrowed frame: a [`FrameFormat`] plus one plane view per plane, validated against it.
#[derive(Clone, Copy, Debug)]
pub struct FrameView<'a> {
    format: FrameFormat,
    planes: Planes<'a>,
}

fn check_planes<T: Pixel>(format: &FrameFormat, planes: &[Plane<'_, T>]) -> Result<()> {
    if T::IS_U8 != (format.bit_depth() == 8) {
        return Err(Error::InvalidFrame(format!(
            "{}-bit frames need {} samples, got {}",
            format.bit_depth(),
            if format.bit_depth() == 8 { "u8" } else { "u16" },
            if T::IS_U8 { "u8" } else { "u16" }
        )));
    }
    if planes.len() != format.plane_count() {
        return Err(Error::InvalidFrame(format!(
            "{} frames have {} plane(s), got {}",
            format.chroma(),
            format.plane_count(),
            planes.len()
        )));
    }
    for (i, p) in planes.iter().enumerate() {
        let (w, h) = format.plane_size(i);
        if p.width() != w || p.height() != h {
            return Err(Error::InvalidFrame(format!(
                "plane {i} is {}x{}, a {format} frame needs {w}x{h}",
                p.width(),
                p.height()
            )));
        }
    }
    Ok(())
}

fn pad<'a, T: Pixel>(planes: &[Plane<'a, T>]) -> [Plane<'a, T>; 3] {
    [
        planes[0],
        *planes.get(1).unwrap_or(&planes[0]),
        *planes.get(2).unwrap_or(&planes[0]),
    ]
}

impl<'a> FrameView<'a> {
    /// An 8-bit frame from its planes (1 or 3, matching `format`).
    pub fn from_u8(format: FrameFormat, planes: &[Plane<'a, u8>]) -> Result<Self> {
        check_planes(&format, planes)?;
        Ok(FrameView {
            format,
            planes: Planes::U8(pad(planes)),
        })
    }

    /// A 9..16-bit frame from its planes (1 or 3, matching `format`).
    pub fn from_u16(format: FrameFormat, planes: &[Plane<'a, u16>]) -> Result<Self> {
        check_planes(&format, planes)?;
        Ok(FrameView {
            format,
            planes: Planes::U16(pad(planes)),
        })
    }

    /// The frame's format.
    pub fn format(&self) -> FrameFormat {
        self.format
    }

    /// Plane `i` (0 = Y, 1 = Cb, 2 = Cr), or `None` past the frame's plane count.
    pub fn plane(&self, i: usize) -> Option<PlaneRef<'a>> {
        if i >= self.format.plane_count() {
            return None;
        }
        Some(match &self.planes {
            Planes::U8(p) => PlaneRef::U8(p[i]),
            Planes::U16(p) => PlaneRef::U16(p[i]),
        })
    }

    /// The luma plane.
    pub fn luma(&self) -> PlaneRef<'a> {
        match &self.planes {
            Planes::U8(p) => PlaneRef::U8(p[0]),
            Planes::U16(p) => PlaneRef::U16(p[0]),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum OwnedPlanes {
    U8(Vec<u8>),
    U16(Vec<u16>),
}

/// An owned, tightly packed frame (stride = width), as filled by the readers. Buffers are
/// allocated once and reused from frame to frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    format: FrameFormat,
    data: OwnedPlanes,
}

impl Frame {
    /// A frame of `format` with every sample zero.
    pub fn new(format: FrameFormat) -> Self {
        let n = format.frame_samples();
        let data = if format.bit_depth() == 8 {
            OwnedPlanes::U8(vec![0; n])
        } else {
            OwnedPlanes::U16(vec![0; n])
        };
        Frame { format, data }
    }

    /// The frame's format.
    pub fn format(&self) -> FrameFormat {
        self.format
    }

    fn plane_range(&self, i: usize) -> std::ops::Range<usize> {
        let start: usize = (0..i)
            .map(|k| {
                let (w, h) = self.format.plane_size(k);
                w * h
            })
            .sum();
        let (w, h) = self.format.plane_size(i);
        start..start + w * h
    }

    /// All samples of an 8-bit frame, planes back to back (`None` for deeper frames).
    pub fn samples_u8_mut(&mut self) -> Option<&mut [u8]> {
        match &mut self.data {
            OwnedPlanes::U8(v) => Some(v),
            OwnedPlanes::U16(_) => None,
        }
    }

    /// All samples of a 9..16-bit frame, planes back to back (`None` for 8-bit frames).
    pub fn samples_u16_mut(&mut self) -> Option<&mut [u16]> {
        match &mut self.data {
            OwnedPlanes::U16(v) => Some(v),
            OwnedPlanes::U8(_) => None,
        }
    }

    /// Samples of plane `i` of an 8-bit frame.
    pub fn plane_u8_mut(&mut self, i: usize) -> Option<&mut [u8]> {
        let r = self.plane_range(i);
        self.samples_u8_mut().map(|v| &mut v[r])
    }

    /// Samples of plane `i` of a 9..16-bit frame.
    pub fn plane_u16_mut(&mut self, i: usize) -> Option<&mut [u16]> {
        let r = self.plane_range(i);
        self.samples_u16_mut().map(|v| &mut v[r])
    }

    /// A borrowed view of this frame (no allocation: it is called for every frame scored).
    pub fn view(&self) -> FrameView<'_> {
        let n = self.format.plane_count();
        // Absent planes (4:0:0) repeat the luma plane, as `FrameView::from_u8` pads them.
        let mk = |i: usize| {
            let i = if i < n { i } else { 0 };
            let (w, h) = self.format.plane_size(i);
            (self.plane_range(i), w, h)
        };
        fn planes<T: Pixel>(
            v: &[T],
            mk: impl Fn(usize) -> (std::ops::Range<usize>, usize, usize),
        ) -> [Plane<'_, T>; 3] {
            std::array::from_fn(|i| {
                let (r, w, h) = mk(i);
                Plane {
                    data: &v[r],
                    width: w,
                    height: h,
                    stride: w,
                }
            })
        }
        match &self.data {
            OwnedPlanes::U8(v) => FrameView {
                format: self.format,
                planes: Planes::U8(planes(v, mk)),
            },
            OwnedPlanes::U16(v) => FrameView {
                format: self.format,
                planes: Planes::U16(planes(v, mk)),
            },
        }
    }

    /// Copies the samples of `view` (same format) into this frame, dropping any stride padding.
    pub fn copy_from(&mut self, view: &FrameView<'_>) -> Result<()> {
        if view.format() != self.format {
            return Err(Error::InvalidFrame(format!(
                "cannot copy a {} frame into a {} buffer",
                view.format(),
                self.format
            )));
        }
        for i in 0..self.format.plane_count() {
            let r = self.plane_range(i);
            match (&mut self.data, view.plane(i).expect("plane count checked")) {
                (OwnedPlanes::U8(dst), PlaneRef::U8(p)) => {
                    for (d, s) in dst[r].chunks_exact_mut(p.width()).zip(p.rows()) {
                        d.copy_from_slice(s);
                    }
                }
                (OwnedPlanes::U16(dst), PlaneRef::U16(p)) => {
                    for (d, s) in dst[r].chunks_exact_mut(p.width()).zip(p.rows()) {
                        d.copy_from_slice(s);
                    }
                }
                _ => unreachable!("sample type follows the bit depth of equal formats"),
            }
        }
        Ok(())
    }

    /// Fills this frame with `view`'s samples shifted left to this frame's (larger or equal)
    /// bit depth: `x << (to - from)`, the usual up-conversion of 8-bit video to 10 bits. Sizes
    /// and chroma sampling must match.
    pub fn upshift_from(&mut self, view: &FrameView<'_>) -> Result<()> {
        let (src, dst) = (view.format(), self.format);
        if (src.width(), src.height(), src.chroma()) != (dst.width(), dst.height(), dst.chroma())
            || src.bit_depth() > dst.bit_depth()
        {
            return Err(Error::InvalidFrame(format!(
                "cannot up-convert a {src} frame into a {dst} buffer"
            )));
        }
        if src.bit_depth() == dst.bit_depth() {
            return self.copy_from(view);
        }
        let shift = u32::from(dst.bit_depth() - src.bit_depth());
        for i in 0..dst.plane_count() {
            let r = self.plane_range(i);
            let OwnedPlanes::U16(out) = &mut self.data else {
                unreachable!("a deeper-than-8-bit frame holds u16")
            };
            let out = &mut out[r];
            match view.plane(i).expect("plane count checked") {
                PlaneRef::U8(p) => {
                    for (d, s) in out.chunks_exact_mut(p.width()).zip(p.rows()) {
                        for (o, &x) in d.iter_mut().zip(s) {
                            *o = u16::from(x) << shift;
                        }
                    }
                }
                PlaneRef::U16(p) => {
                    for (d, s) in out.chunks_exact_mut(p.width()).zip(p.rows()) {
                        for (o, &x) in d.iter_mut().zip(s) {
                            *o = x << shift;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The largest sample of plane `i`, used to validate input against the bit depth.
    pub fn plane_max(&self, i: usize) -> u32 {
        let r = self.plane_range(i);
        match &self.data {
            OwnedPlanes::U8(v) => v[r].iter().copied().max().unwrap_or(0) as u32,
            OwnedPlanes::U16(v) => v[r].iter().copied().max().unwrap_or(0) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_chroma_is_ceil() {
        let f = FrameFormat::new(321, 239, ChromaSampling::Cs420, 8).unwrap();
        assert_eq!(f.plane_size(1), (161, 120));
        let f = FrameFormat::new(321, 239, ChromaSampling::Cs422, 10).unwrap();
        assert_eq!(f.plane_size(2), (161, 239));
        assert_eq!(f.frame_bytes(), (321 * 239 + 2 * 161 * 239) * 2);
        let f = FrameFormat::new(5, 3, ChromaSampling::Cs400, 8).unwrap();
        assert_eq!(f.plane_size(1), (0, 0));
        assert_eq!(f.frame_bytes(), 15);
    }

    #[test]
    fn format_errors_name_value_and_range() {
        let e = FrameFormat::new(0, 10, ChromaSampling::Cs420, 8)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("frame width") && e.contains(": 0") && e.contains("1..=32768"),
            "{e}"
        );
        let e = FrameFormat::new(10, 10, ChromaSampling::Cs420, 17)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("bit depth") && e.contains("17") && e.contains("8..=16"),
            "{e}"
        );
        let e = FrameFormat::new(10, 40_000, ChromaSampling::Cs420, 8)
            .unwrap_err()
            .to_string();
        assert!(e.contains("frame height") && e.contains("40000"), "{e}");
    }

    #[test]
    fn plane_validation() {
        let buf = [0u8; 100];
        let e = Plane::new(&buf, 10, 10, 9).unwrap_err().to_string();
        assert!(e.contains("stride 9") && e.contains("width 10"), "{e}");
        let e = Plane::new(&buf[..95], 10, 10, 10).unwrap_err().to_string();
        assert!(e.contains("95") && e.contains("needs 100"), "{e}");
        // The last row needs only `width` samples, not a full stride.
        let p = Plane::new(&buf[..98], 8, 10, 10).unwrap();
        assert_eq!(p.row(9).len(), 8);
    }

    #[test]
    fn strided_view_and_type_checks() {
        let fmt = FrameFormat::new(4, 2, ChromaSampling::Cs420, 8).unwrap();
        let y: Vec<u8> = (0..16).collect(); // stride 8
        let u = [1u8, 2, 3];
        let v = [4u8, 5, 6];
        let yp = Plane::new(&y, 4, 2, 8).unwrap();
        let up = Plane::new(&u, 2, 1, 3).unwrap();
        let vp = Plane::new(&v, 2, 1, 3).unwrap();
        let f = FrameView::from_u8(fmt, &[yp, up, vp]).unwrap();
        match f.luma() {
            PlaneRef::U8(p) => assert_eq!(p.row(1), &[8, 9, 10, 11]),
            PlaneRef::U16(_) => panic!("wrong type"),
        }
        assert!(f.plane(3).is_none());
        let e = FrameView::from_u8(fmt, &[yp]).unwrap_err().to_string();
        assert!(e.contains("3 plane(s), got 1"), "{e}");
        let e = FrameView::from_u8(fmt, &[yp, yp, vp])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("plane 1 is 4x2") && e.contains("needs 2x1"),
            "{e}"
        );
        let fmt10 = FrameFormat::new(4, 2, ChromaSampling::Cs400, 10).unwrap();
        let e = FrameView::from_u8(fmt10, &[yp]).unwrap_err().to_string();
        assert!(e.contains("10-bit frames need u16 samples, got u8"), "{e}");
    }

    #[test]
    fn owned_frame_round_trip() {
        let fmt = FrameFormat::new(3, 3, ChromaSampling::Cs420, 10).unwrap();
        let mut f = Frame::new(fmt);
        f.plane_u16_mut(2)
            .unwrap()
            .copy_from_slice(&[1, 2, 3, 1023]);
        assert_eq!(f.plane_max(2), 1023);
        assert_eq!(f.plane_max(0), 0);
        let v = f.view();
        match v.plane(2).unwrap() {
            PlaneRef::U16(p) => {
                assert_eq!((p.width(), p.height()), (2, 2));
                assert_eq!(p.row(1), &[3, 1023]);
            }
            PlaneRef::U8(_) => panic!("wrong type"),
        }
        assert!(f.samples_u8_mut().is_none());
        let mut g = Frame::new(fmt);
        g.copy_from(&f.view()).unwrap();
        assert_eq!(g, f);
        let mut up = Frame::new(FrameFormat::new(3, 3, ChromaSampling::Cs420, 12).unwrap());
        up.upshift_from(&f.view()).unwrap();
        assert_eq!(up.plane_max(2), 1023 << 2);
        let mut h = Frame::new(FrameFormat::new(3, 3, ChromaSampling::Cs444, 10).unwrap());
        assert!(
            h.copy_from(&f.view())
                .unwrap_err()
                .to_string()
                .contains("cannot copy a 3x3 420 10-bit frame")
        );
    }
}
