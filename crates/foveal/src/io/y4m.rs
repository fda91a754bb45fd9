//! YUV4MPEG2 (Y4M) reading and writing.
//!
//! Stream header: `YUV4MPEG2` followed by space-separated tags `W<width>`, `H<height>`,
//! `F<num>:<den>`, `I<p|t|b|m|?>`, `A<num>:<den>`, `C<colour space>` and `X<extension>`, ended by
//! a newline. Each frame is `FRAME` (optionally followed by parameters, which are ignored) and a
//! newline, then the planes Y, Cb, Cr, 8-bit or 16-bit little-endian.
//!
//! Colour spaces read: `420jpeg`, `420mpeg2`, `420paldv`, `420`, `422`, `444`, `mono`, and the
//! deeper variants `420p<N>`, `422p<N>`, `444p<N>`, `mono<N>`/`monop<N>` for N in 9..=16. Without
//! a `C` tag, the mjpegtools extension `XYSCSS=<subsampling>` is used, and without either, 8-bit
//! 4:2:0 (the format's default). Interlaced streams (`It`, `Ib`, `Im`) are refused. The chroma
//! siting (`jpeg`, `mpeg2`, `paldv`) is recorded in [`Y4mHeader::colorspace`] but does not change
//! how samples are read: all metrics work on the planes as stored.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::{FrameSource, SkipFn, check_buffer_format, read_packed_frame, skip_bytes};
use crate::error::{Error, Result};
use crate::frame::{ChromaSampling, Frame, FrameFormat, FrameView, PlaneRef};

const SIGNATURE: &[u8] = b"YUV4MPEG2";
const MAX_HEADER: usize = 4096;

/// Field order of a Y4M stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interlace {
    /// `Ip`, or `I?` / no tag (treated as progressive).
    Progressive,
    /// `It`: top field first (refused by the reader).
    TopFirst,
    /// `Ib`: bottom field first (refused by the reader).
    BottomFirst,
    /// `Im`: mixed modes (refused by the reader).
    Mixed,
}

/// The parsed stream header of a Y4M file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Y4mHeader {
    /// Frame geometry and sample format.
    pub format: FrameFormat,
    /// `F` tag, if present and non-zero.
    pub frame_rate: Option<(u32, u32)>,
    /// `A` tag (pixel aspect ratio), if present and non-zero.
    pub aspect: Option<(u32, u32)>,
    /// `I` tag.
    pub interlace: Interlace,
    /// The colour space tag as written (e.g. `420jpeg`, `420p10`), or what it defaulted to.
    pub colorspace: String,
    /// `X` extension tags, verbatim, without the leading `X`.
    pub extensions: Vec<String>,
}

fn hdr_err(path: &Path, detail: impl Into<String>) -> Error {
    Error::Y4mHeader {
        path: path.to_path_buf(),
        what: "stream header",
        detail: detail.into(),
    }
}

fn unsupported(path: &Path, detail: impl Into<String>) -> Error {
    Error::Unsupported {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

/// Parses a colour space name (the `C` tag without the `C`, or an `XYSCSS` value) into chroma
/// sampling and bit depth.
fn parse_colorspace(cs: &str) -> Option<(ChromaSampling, u8)> {
    let lower = cs.to_ascii_lowercase();
    let (chroma, rest) = if let Some(r) = lower.strip_prefix("420") {
        (ChromaSampling::Cs420, r)
    } else if let Some(r) = lower.strip_prefix("422") {
        (ChromaSampling::Cs422, r)
    } else if let Some(r) = lower.strip_prefix("444") {
        (ChromaSampling::Cs444, r)
    } else if let Some(r) = lower.strip_prefix("mono") {
        (ChromaSampling::Cs400, r)
    } else {
        return None;
    };
    let depth = match rest {
        "" => 8,
        "jpeg" | "mpeg2" | "paldv" if chroma == ChromaSampling::Cs420 => 8,
        _ => {
            let digits = rest.strip_prefix('p').unwrap_or(rest);
            if chroma != ChromaSampling::Cs400 && !rest.starts_with('p') {
                return None;
            }
            match digits.parse::<u8>() {
                Ok(d) if (8..=16).contains(&d) && !digits.starts_with('0') => d,
                _ => return None,
            }
        }
    };
    Some((chroma, depth))
}

const SUPPORTED: &str = "420jpeg, 420mpeg2, 420paldv, 420, 422, 444, mono, and 420p/422p/444p/mono with 9..16 bits (e.g. 420p10)";

fn parse_ratio(path: &Path, tag: char, v: &str) -> Result<Option<(u32, u32)>> {
    let bad = || {
        hdr_err(
            path,
            format!("tag {tag}{v}: expected {tag}<num>:<den> with whole numbers"),
        )
    };
    let (n, d) = v.split_once(':').ok_or_else(bad)?;
    let n: u32 = n.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    Ok(if n == 0 || d == 0 { None } else { Some((n, d)) })
}

impl Y4mHeader {
    /// Parses the header line (without its trailing newline). `path` is used in messages.
    pub fn parse(line: &[u8], path: &Path) -> Result<Y4mHeader> {
        if !line.starts_with(SIGNATURE) {
            let shown = String::from_utf8_lossy(&line[..line.len().min(16)]).into_owned();
            return Err(hdr_err(
                path,
                format!("missing 'YUV4MPEG2' signature (file starts with {shown:?})"),
            ));
        }
        let text = std::str::from_utf8(&line[SIGNATURE.len()..])
            .map_err(|_| hdr_err(path, "header is not ASCII text"))?;
        if !text.is_empty() && !text.starts_with(' ') {
            return Err(hdr_err(path, "missing space after 'YUV4MPEG2'"));
        }
        let (mut w, mut h) = (None, None);
        let mut frame_rate = None;
        let mut aspect = None;
        let mut interlace = Interlace::Progressive;
        let mut colorspace: Option<String> = None;
        let mut extensions = Vec::new();
        for tok in text.split(' ').filter(|t| !t.is_empty()) {
            let mut chars = tok.chars();
            let tag = chars.next().expect("non-empty token");
            let v = chars.as_str();
            match tag {
                'W' | 'H' => {
                    let n: u32 = v.parse().map_err(|_| {
                        hdr_err(path, format!("tag {tok}: {tag} needs a whole number"))
                    })?;
                    if tag == 'W' { w = Some(n) } else { h = Some(n) }
                }
                'F' => frame_rate = parse_ratio(path, 'F', v)?,
                'A' => aspect = parse_ratio(path, 'A', v)?,
                'I' => {
                    interlace = match v {
                        "p" | "?" | "" => Interlace::Progressive,
                        "t" => Interlace::TopFirst,
                        "b" => Interlace::BottomFirst,
                        "m" => Interlace::Mixed,
                        _ => {
                            return Err(hdr_err(
                                path,
                                format!("tag {tok}: interlace must be one of p, t, b, m, ?"),
                            ));
                        }
                    }
                }
                'C' => colorspace = Some(v.to_string()),
                'X' => extensions.push(v.to_string()),
                // The format says unknown tags are to be ignored.
                _ => {}
            }
        }
        let w = w.ok_or_else(|| hdr_err(path, "no width (W tag)"))?;
        let h = h.ok_or_else(|| hdr_err(path, "no height (H tag)"))?;
        if interlace != Interlace::Progressive {
            return Err(unsupported(
                path,
                format!(
                    "interlaced content (I tag {interlace:?}); deinterlace it first (e.g. ffmpeg -vf bwdif)"
                ),
            ));
        }
        let cs = match colorspace {
            Some(cs) => cs,
            None => extensions
                .iter()
                .find_map(|x| x.strip_prefix("YSCSS="))
                .map(|v| v.to_ascii_lowercase())
                .unwrap_or_else(|| "420jpeg".to_string()),
        };
        let (chroma, depth) = parse_colorspace(&cs).ok_or_else(|| {
            unsupported(
                path,
                format!("colour space '{cs}' (supported: {SUPPORTED})"),
            )
        })?;
        let format =
            FrameFormat::new(w, h, chroma, depth).map_err(|e| hdr_err(path, e.to_string()))?;
        Ok(Y4mHeader {
            format,
            frame_rate,
            aspect,
            interlace,
            colorspace: cs,
            extensions,
        })
    }
}

/// Reads one line (up to `\n`, not included) of at most `max` bytes. `Ok(None)` at end of
/// stream before any byte; an error if the line is longer than `max` or the stream ends inside it.
fn read_line(r: &mut dyn BufRead, max: usize, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok(if buf.is_empty() { None } else { Some(false) });
        }
        if let Some(pos) = avail.iter().position(|&b| b == b'\n') {
            buf.extend_from_slice(&avail[..pos]);
            r.consume(pos + 1);
            return Ok(Some(true));
        }
        let n = avail.len();
        buf.extend_from_slice(avail);
        r.consume(n);
        if buf.len() > max {
            return Ok(Some(false));
        }
    }
}

/// A streaming Y4M reader. Holds at most one frame header line in memory besides the caller's
/// frame buffer.
pub struct Y4mReader<R: BufRead + Send> {
    reader: R,
    path: PathBuf,
    header: Y4mHeader,
    line: Vec<u8>,
    position: u64,
    /// How to skip bytes (seeking where [`super::open`] made the reader).
    skip: SkipFn<R>,
    /// Read only the luma planes ([`FrameSource::set_luma_only`]).
    luma_only: bool,
}

impl<R: BufRead + Send> std::fmt::Debug for Y4mReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Y4mReader")
            .field("path", &self.path)
            .field("header", &self.header)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead + Send> Y4mReader<R> {
    /// Reads and validates the stream header. `path` names the input in messages.
    pub fn new(mut reader: R, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let mut line = Vec::new();
        match read_line(&mut reader, MAX_HEADER, &mut line).map_err(|e| Error::io(&path, e))? {
            None => return Err(hdr_err(&path, "the file is empty")),
            Some(false) if line.len() > MAX_HEADER => {
                return Err(hdr_err(
                    &path,
                    format!("no end of header line within {MAX_HEADER} bytes"),
                ));
            }
            Some(false) => {
                // Parse what is there for a better message (e.g. a bad signature), else say it ended.
                Y4mHeader::parse(&line, &path)?;
                return Err(hdr_err(&path, "the file ends inside the stream header"));
            }
            Some(true) => {}
        }
        let header = Y4mHeader::parse(&line, &path)?;
        Ok(Y4mReader {
            reader,
            path,
            header,
            line,
            position: 0,
            skip: skip_bytes::<R>,
            luma_only: false,
        })
    }

    /// Skips bytes with `skip` instead of reading through them.
    pub(crate) fn with_skip(mut self, skip: SkipFn<R>) -> Self {
        self.skip = skip;
        self
    }

    /// The stream header.
    pub fn header(&self) -> &Y4mHeader {
        &self.header
    }

    /// Reads a `FRAME` line. `Ok(false)` at a clean end of stream.
    fn frame_header(&mut self) -> Result<bool> {
        let frame_err = |path: &Path, detail: String| Error::Y4mHeader {
            path: path.to_path_buf(),
            what: "frame header",
            detail,
        };
        match read_line(&mut self.reader, MAX_HEADER, &mut self.line)
            .map_err(|e| Error::io(&self.path, e))?
        {
            None => Ok(false),
            Some(complete) => {
                let ok = self.line.starts_with(b"FRAME")
                    && (self.line.len() == 5 || self.line[5] == b' ');
                if !ok {
                    let shown =
                        String::from_utf8_lossy(&self.line[..self.line.len().min(16)]).into_owned();
                    return Err(frame_err(
                        &self.path,
                        format!("frame {}: expected 'FRAME', found {shown:?}", self.position),
                    ));
                }
                if !complete {
                    return Err(Error::TruncatedFrame {
                        path: self.path.clone(),
                        frame: self.position,
                        expected: self.header.format.frame_bytes(),
                        got: 0,
                    });
                }
                Ok(true)
            }
        }
    }
}

impl<R: BufRead + Send> FrameSource for Y4mReader<R> {
    fn format(&self) -> FrameFormat {
        self.header.format
    }

    fn frame_rate(&self) -> Option<(u32, u32)> {
        self.header.frame_rate
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn set_luma_only(&mut self, luma_only: bool) {
        self.luma_only = luma_only;
    }

    fn read_frame(&mut self, frame: &mut Frame) -> Result<bool> {
        check_buffer_format(frame, self.header.format, &self.path)?;
        if !self.frame_header()? {
            return Ok(false);
        }
        let ok = read_packed_frame(
            &mut self.reader,
            self.luma_only.then_some(self.skip),
            frame,
            &self.path,
            self.position,
        )?;
        if !ok {
            return Err(Error::TruncatedFrame {
                path: self.path.clone(),
                frame: self.position,
                expected: self.header.format.frame_bytes(),
                got: 0,
            });
        }
        self.position += 1;
        Ok(true)
    }

    fn skip_frames(&mut self, n: u64) -> Result<u64> {
        let bytes = self.header.format.frame_bytes() as u64;
        for k in 0..n {
            if !self.frame_header()? {
                return Ok(k);
            }
            let got = (self.skip)(&mut self.reader, bytes).map_err(|e| Error::io(&self.path, e))?;
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

/// The colour space tag foveal writes for a format (as ffmpeg does).
pub(crate) fn colorspace_tag(format: &FrameFormat) -> String {
    let d = format.bit_depth();
    match (format.chroma(), d) {
        (ChromaSampling::Cs420, 8) => "420jpeg".into(),
        (ChromaSampling::Cs400, 8) => "mono".into(),
        (ChromaSampling::Cs400, _) => format!("mono{d}"),
        (c, 8) => c.name().into(),
        (c, _) => format!("{}p{d}", c.name()),
    }
}

/// Writes frames as a Y4M stream.
#[derive(Debug)]
pub struct Y4mWriter<W: Write> {
    writer: W,
    format: FrameFormat,
    row: Vec<u8>,
}

impl<W: Write> Y4mWriter<W> {
    /// Writes the stream header for `format` at `frame_rate` (num, den).
    pub fn new(
        mut writer: W,
        format: FrameFormat,
        frame_rate: (u32, u32),
    ) -> std::io::Result<Self> {
        writeln!(
            writer,
            "YUV4MPEG2 W{} H{} F{}:{} Ip A1:1 C{}",
            format.width(),
            format.height(),
            frame_rate.0,
            frame_rate.1,
            colorspace_tag(&format)
        )?;
        Ok(Y4mWriter {
            writer,
            format,
            row: Vec::new(),
        })
    }

    /// Appends one frame, which must have the writer's format.
    pub fn write_frame(&mut self, frame: &FrameView<'_>) -> std::io::Result<()> {
        if frame.format() != self.format {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("frame is {}, stream is {}", frame.format(), self.format),
            ));
        }
        self.writer.write_all(b"FRAME\n")?;
        for i in 0..self.format.plane_count() {
            match frame.plane(i).expect("plane count checked") {
                PlaneRef::U8(p) => {
                    for row in p.rows() {
                        self.writer.write_all(row)?;
                    }
                }
                PlaneRef::U16(p) => {
                    for row in p.rows() {
                        self.row.clear();
                        self.row.extend(row.iter().flat_map(|v| v.to_le_bytes()));
                        self.writer.write_all(&self.row)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.writer.flush()?;
        Ok(self.writer)
    }
}
