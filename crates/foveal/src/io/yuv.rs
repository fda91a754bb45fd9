//! Raw planar YUV: no header, frames back to back, planes Y, Cb, Cr; samples are one byte at 8
//! bits and 16-bit little-endian words above. Chroma of odd-sized frames is `ceil(luma / 2)`
//! (as ffmpeg's `rawvideo` writes it; libvmaf's `vmaf` tool reads floor-sized chroma instead).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::{FrameSource, SkipFn, check_buffer_format, read_packed_frame, skip_bytes};
use crate::error::{Error, Result};
use crate::frame::{Frame, FrameFormat};

/// A streaming raw YUV reader of an explicitly given format.
pub struct YuvReader<R: BufRead + Send> {
    reader: R,
    path: PathBuf,
    format: FrameFormat,
    position: u64,
    /// How to skip bytes (seeking where [`super::open`] made the reader).
    skip: SkipFn<R>,
    /// Read only the luma planes ([`FrameSource::set_luma_only`]).
    luma_only: bool,
}

impl<R: BufRead + Send> std::fmt::Debug for YuvReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("YuvReader")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead + Send> YuvReader<R> {
    /// A reader of `format` frames from `reader`; `path` names the input in messages.
    pub fn new(reader: R, path: impl AsRef<Path>, format: FrameFormat) -> Self {
        YuvReader {
            reader,
            path: path.as_ref().to_path_buf(),
            format,
            position: 0,
            skip: skip_bytes::<R>,
            luma_only: false,
        }
    }

    /// Skips bytes with `skip` instead of reading through them.
    pub(crate) fn with_skip(mut self, skip: SkipFn<R>) -> Self {
        self.skip = skip;
        self
    }
}

impl<R: BufRead + Send> FrameSource for YuvReader<R> {
    fn format(&self) -> FrameFormat {
        self.format
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn set_luma_only(&mut self, luma_only: bool) {
        self.luma_only = luma_only;
    }

    fn read_frame(&mut self, frame: &mut Frame) -> Result<bool> {
        check_buffer_format(frame, self.format, &self.path)?;
        let ok = read_packed_frame(
            &mut self.reader,
            self.luma_only.then_some(self.skip),
            frame,
            &self.path,
            self.position,
        )?;
        if ok {
            self.position += 1;
        }
        Ok(ok)
    }

    fn skip_frames(&mut self, n: u64) -> Result<u64> {
        let bytes = self.format.frame_bytes() as u64;
        for k in 0..n {
            let got = (self.skip)(&mut self.reader, bytes).map_err(|e| Error::io(&self.path, e))?;
            if got == 0 {
                return Ok(k);
            }
            if got < bytes {
                return Err(Error::TruncatedFrame {
                    path: self.path.clone(),
                    frame: self.position,
                    expected: bytes as usize,
                    got: got as usize,
                });
            }
            self.position += 1;
        }
        Ok(n)
    }

    fn position(&self) -> u64 {
        self.position
    }
}
