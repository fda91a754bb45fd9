//! Input: streaming Y4M and raw YUV readers, a Y4M writer, and pairing of reference and
//! distorted inputs.
//!
//! Readers never hold more than one frame: [`FrameSource::read_frame`] fills a caller-owned
//! [`Frame`], whose buffer is reused from frame to frame. The path `-` reads standard input.

mod y4m;
mod yuv;

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

pub use y4m::{Interlace, Y4mHeader, Y4mReader, Y4mWriter};
pub use yuv::YuvReader;

use crate::error::{Error, Result};
use crate::frame::{Frame, FrameFormat};

/// A stream of frames of one fixed format.
pub trait FrameSource: Send {
    /// The format of every frame of this source.
    fn format(&self) -> FrameFormat;
    /// Frame rate as a fraction, when the container records one.
    fn frame_rate(&self) -> Option<(u32, u32)> {
        None
    }
    /// The path this source reads (`-` for standard input), for messages.
    fn path(&self) -> &Path;
    /// Reads the next frame into `frame` (which must have this source's format). Returns
    /// `Ok(false)` at a clean end of stream, an error on a truncated or malformed frame.
    fn read_frame(&mut self, frame: &mut Frame) -> Result<bool>;
    /// Skips up to `n` frames; returns how many were skipped (fewer at end of stream).
    fn skip_frames(&mut self, n: u64) -> Result<u64>;
    /// [`FrameSource::read_frame`], or with `samples == false` a step over the next frame that
    /// leaves `frame` as it was (for an input no metric reads, e.g. the reference of CAMBI
    /// alone: [`crate::scorer::Scorer::uses_reference`]). Same return values and errors either way.
    fn next_frame(&mut self, frame: &mut Frame, samples: bool) -> Result<bool> {
        if samples {
            self.read_frame(frame)
        } else {
            self.skip_frames(1).map(|n| n == 1)
        }
    }
    /// Frames read or skipped so far.
    fn position(&self) -> u64;
    /// Reads only the luma plane of each frame from now on (`true`), skipping the chroma bytes —
    /// by seeking in regular files — and leaving the frame's chroma planes as they were; for
    /// scoring with luma-only metrics (VMAF, CAMBI). Sources that cannot do it read whole frames.
    fn set_luma_only(&mut self, _luma_only: bool) {}
    /// A new frame buffer of this source's format.
    fn new_frame(&self) -> Frame {
        Frame::new(self.format())
    }
}

/// How to interpret an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A YUV4MPEG2 stream; its header gives the format.
    Y4m,
    /// Headerless planar YUV of the given format.
    Raw(FrameFormat),
}

/// A byte stream frames are read from: buffered, and able to skip bytes.
pub(crate) trait Input: BufRead + Send {
    /// Skips up to `n` bytes; returns how many there were (fewer at the end of the stream).
    fn skip(&mut self, n: u64) -> std::io::Result<u64>;
}

impl Input for BufReader<File> {
    /// Seeks over the bytes in regular files (no copy), reads through them otherwise.
    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        let meta = self.get_ref().metadata()?;
        if !meta.is_file() {
            return skip_bytes(self, n);
        }
        let k = n.min(meta.len().saturating_sub(self.stream_position()?));
        // k is at most the file's length, which fits i64.
        self.seek_relative(k as i64)?;
        Ok(k)
    }
}

impl Input for BufReader<std::io::Stdin> {
    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        skip_bytes(self, n)
    }
}

pub(crate) type BoxedRead = Box<dyn Input>;

/// How a reader skips bytes: [`Input::skip`] for the readers [`open`] makes, [`skip_bytes`]
/// (reading through them) for any other `BufRead`.
pub(crate) type SkipFn<R> = fn(&mut R, u64) -> std::io::Result<u64>;

fn skip_input(r: &mut BoxedRead, n: u64) -> std::io::Result<u64> {
    r.skip(n)
}

/// Capacity of the input buffer. It holds headers and small frames; a frame larger than it is
/// read straight into the frame's own memory (`BufReader` bypasses its buffer for reads at least
/// its size once it is empty), so only what the header read brought in ahead is copied twice.
/// A megabyte here cost a second copy of a third of every 1080p frame (1% of a VMAF run); 64 KiB
/// still copied 64 KiB of every plane read twice (a sixth of a 576x324 10-bit luma plane), so it
/// is one page: ≈ 1% less CPU time at 576x324 and 1080p than 64 KiB.
const READ_BUFFER: usize = 1 << 12;

pub(crate) fn open_read(path: &Path) -> Result<BoxedRead> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(
            READ_BUFFER,
            std::io::stdin(),
        )));
    }
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(Box::new(BufReader::with_capacity(READ_BUFFER, f)))
}

/// Opens `path` (or standard input for `-`) as the given kind of input.
pub fn open(path: impl AsRef<Path>, kind: InputKind) -> Result<Box<dyn FrameSource>> {
    let path = path.as_ref();
    let r = open_read(path)?;
    Ok(match kind {
        InputKind::Y4m => Box::new(Y4mReader::new(r, path)?.with_skip(skip_input)),
        InputKind::Raw(fmt) => Box::new(YuvReader::new(r, path, fmt).with_skip(skip_input)),
    })
}

/// Checks that a reference and a distorted source can be compared: same size, chroma sampling
/// and bit depth. The error names the property and both values.
pub fn check_pair(reference: &FrameFormat, distorted: &FrameFormat) -> Result<()> {
    if (reference.width(), reference.height()) != (distorted.width(), distorted.height()) {
        return Err(Error::Mismatch {
            what: "frame size",
            reference: format!("{}x{}", reference.width(), reference.height()),
            distorted: format!("{}x{}", distorted.width(), distorted.height()),
        });
    }
    if reference.chroma() != distorted.chroma() {
        return Err(Error::Mismatch {
            what: "pixel format",
            reference: reference.chroma().to_string(),
            distorted: distorted.chroma().to_string(),
        });
    }
    if reference.bit_depth() != distorted.bit_depth() {
        return Err(Error::Mismatch {
            what: "bit depth",
            reference: reference.bit_depth().to_string(),
            distorted: distorted.bit_depth().to_string(),
        });
    }
    Ok(())
}

/// Samples read at a time from deeper-than-8-bit streams, each chunk checked against the bit
/// depth right after it is read (256 KiB: well inside a level-2 cache).
const CHECK_CHUNK: usize = 128 * 1024;

/// Reads exactly `buf.len()` bytes, or as many as remain. Returns the number read.
pub(crate) fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Refuses a frame buffer whose format is not the input's (`stream`), naming both and the file.
pub(crate) fn check_buffer_format(frame: &Frame, stream: FrameFormat, path: &Path) -> Result<()> {
    if frame.format() == stream {
        return Ok(());
    }
    Err(Error::InvalidFrame(format!(
        "frame buffer is {}, the stream {} is {stream}",
        frame.format(),
        path.display()
    )))
}

/// Reads one packed frame's bytes from `r` into `frame` (16-bit samples are little-endian in
/// the stream: read straight into the frame's memory, swapped in place on big-endian hosts), and
/// checks samples against the bit depth. With `skip_chroma`, only the luma plane is read and the
/// chroma bytes are skipped with it (the frame's chroma planes keep their samples). `Ok(false)`
/// when the stream ends cleanly before the first byte; [`Error::TruncatedFrame`] when it ends
/// inside the frame.
pub(crate) fn read_packed_frame<R: Read>(
    r: &mut R,
    skip_chroma: Option<SkipFn<R>>,
    frame: &mut Frame,
    path: &Path,
    index: u64,
) -> Result<bool> {
    let fmt = frame.format();
    let expected = fmt.frame_bytes();
    let skip_chroma = skip_chroma.filter(|_| fmt.plane_count() > 1);
    let planes = if skip_chroma.is_some() {
        1
    } else {
        fmt.plane_count()
    };
    let (w, h) = fmt.plane_size(0);
    let luma = w * h;
    // Whether a sample may exceed the bit depth (9..15 bits; 8 and 16 bits fill their type).
    let mut out_of_range = false;
    let mut got = if let Some(dst) = frame.samples_u8_mut() {
        let dst = if planes == 1 { &mut dst[..luma] } else { dst };
        read_full(r, dst).map_err(|e| Error::io(path, e))?
    } else {
        let dst = frame
            .samples_u16_mut()
            .expect("frames deeper than 8 bits hold u16");
        let dst = if planes == 1 { &mut dst[..luma] } else { dst };
        if cfg!(target_endian = "little") && fmt.bit_depth() < 16 {
            // Read in level-2-sized chunks and look at each one while it is still in cache
            // (one pass over memory instead of two); the plane scan below then runs only to
            // name the offending plane.
            let mut got = 0;
            for chunk in dst.chunks_mut(CHECK_CHUNK) {
                let n = read_full(r, bytemuck::cast_slice_mut(chunk))
                    .map_err(|e| Error::io(path, e))?;
                got += n;
                let bits = chunk[..n / 2].iter().fold(0, |a, &v| a | v);
                out_of_range |= u32::from(bits) > fmt.max_value();
                if n < 2 * chunk.len() {
                    break;
                }
            }
            got
        } else {
            let got =
                read_full(r, bytemuck::cast_slice_mut(dst)).map_err(|e| Error::io(path, e))?;
            if cfg!(target_endian = "big") && got == 2 * dst.len() {
                for v in dst.iter_mut() {
                    *v = u16::from_le(*v);
                }
            }
            out_of_range = fmt.bit_depth() < 16;
            got
        }
    };
    if got == 0 {
        return Ok(false);
    }
    if let Some(skip) = skip_chroma {
        let luma_bytes = luma * fmt.sample_bytes();
        if got == luma_bytes {
            let chroma = (expected - luma_bytes) as u64;
            got += skip(r, chroma).map_err(|e| Error::io(path, e))? as usize;
        }
    }
    if got < expected {
        return Err(Error::TruncatedFrame {
            path: PathBuf::from(path),
            frame: index,
            expected,
            got,
        });
    }
    if out_of_range {
        for plane in 0..planes {
            let max = frame.plane_max(plane);
            if max > fmt.max_value() {
                return Err(Error::SampleOutOfRange {
                    path: PathBuf::from(path),
                    frame: index,
                    plane,
                    value: max,
                    bit_depth: fmt.bit_depth(),
                    max: fmt.max_value(),
                });
            }
        }
    }
    Ok(true)
}

/// Skips `n` frames of `frame_bytes` each (plus `per_frame` header bytes handled by the caller).
pub(crate) fn skip_bytes<R: BufRead + ?Sized>(r: &mut R, mut n: u64) -> std::io::Result<u64> {
    let total = n;
    while n > 0 {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let k = buf.len().min(n as usize);
        r.consume(k);
        n -= k as u64;
    }
    Ok(total - n)
}
