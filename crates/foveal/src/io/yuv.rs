//! Raw planar YUV: no header, frames back to back, planes Y, Cb, Cr; samples are one byte at 8
//! bits and 16-bit little-endian words above. Chroma of odd-sized frames is `ceil(luma / 2)`
//! (as ffmpeg's `rawvideo` writes it; libvmaf's `vmaf` tool reads floor-sized chroma instead).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::{FrameSource, read_packed_frame, skip_bytes};
use crate::error::{Error, Result};
use crate::frame::{Frame, FrameFormat};

/// A streaming raw YUV reader of an explicitly given format.
pub struct YuvReader<R: BufRead + Send> {
    reader: R,
    path: PathBuf,
    format: FrameFormat,
    position: u64,
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
        }
    }
}

impl<R: BufRead + Send> FrameSource for YuvReader<R> {
    fn format(&self) -> FrameFormat {
        self.format
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn read_frame(&mut self, frame: &mut Frame) -> Result<bool> {
        if frame.format() != self.format {
            return Err(Error::InvalidFrame(format!(
                "frame buffer is {}, the input {} is {}",
                frame.format(),
                self.path.display(),
                self.format
            )));
        }
        let ok = read_packed_frame(&mut self.reader, frame, &self.path, self.position)?;
        if ok {
            self.position += 1;
        }
        Ok(ok)
    }

    fn skip_frames(&mut self, n: u64) -> Result<u64> {
        let bytes = self.format.frame_bytes() as u64;
        for k in 0..n {
            let got = skip_bytes(&mut self.reader, bytes).map_err(|e| Error::io(&self.path, e))?;
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
