//! Command-line arguments, spelled as libvmaf's `vmaf` tool spells them.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Parser};
use foveal::io::InputKind;
use foveal::report::ReportFormat;
use foveal::{ChromaSampling, FrameFormat};

#[derive(Parser, Debug)]
#[command(
    name = "foveal",
    about = "Perceptual video quality (VMAF, CAMBI, PSNR, SSIM, ...), bit-exact with libvmaf 3.2",
    long_about = "Perceptual video quality (VMAF, CAMBI, PSNR, SSIM, ...), bit-exact with libvmaf 3.2.\n\
                  Flags follow libvmaf's `vmaf` tool. Inputs are Y4M files, or raw planar YUV when \
                  -w, -h, -p and -b are given; `-` reads standard input.",
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Args {
    /// Reference input (Y4M, or raw YUV with -w -h -p -b; `-` for stdin).
    #[arg(short = 'r', long = "reference", value_name = "PATH")]
    pub reference: PathBuf,
    /// Distorted input (Y4M, or raw YUV with -w -h -p -b; `-` for stdin).
    #[arg(short = 'd', long = "distorted", value_name = "PATH")]
    pub distorted: PathBuf,
    #[command(flatten)]
    pub raw: RawArgs,
    /// Model: `version=NAME` or `path=FILE`, with `:name=…`, `:enable_transform`, `:disable_clip`
    /// and `:EXTRACTOR.OPTION=VALUE` overloads. Repeatable. Default: version=vmaf_v0.6.1.
    #[arg(short = 'm', long = "model", action = ArgAction::Append, value_name = "SPEC")]
    pub model: Vec<String>,
    /// Extra feature: `NAME` or `NAME=OPT=VAL:OPT2=VAL2`. Repeatable.
    #[arg(long = "feature", action = ArgAction::Append, value_name = "SPEC")]
    pub feature: Vec<String>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Worker threads (0 = score on the calling thread). Results are identical for any count.
    #[arg(long = "threads", default_value_t = 0)]
    pub threads: u32,
    /// With threads: split each frame over them (`on`) or score frames side by side (`off`);
    /// `auto` splits frames when 2 x threads frame pairs side by side would exceed 1 GiB (2160p
    /// 10-bit from 11 threads) and VIF is computed. Results are identical either way.
    #[arg(long = "split_frames", value_name = "auto|on|off", default_value = "auto", value_parser = ["auto", "on", "off"])]
    pub split_frames: String,
    /// Score at this bit depth: lower-depth input is shifted up first. Netflix advises 10 for
    /// VMAF v1.0.16 even on 8-bit video (see docs/vmaf-v1.md).
    #[arg(long = "compute_bitdepth", value_name = "N")]
    pub compute_bitdepth: Option<u8>,
    /// Score every N-th frame only.
    #[arg(long = "subsample", default_value_t = 1)]
    pub subsample: u32,
    /// Highest CPU level for kernels: scalar, avx2, avx512, neon (never above the hardware's).
    #[arg(long = "cpu", value_name = "LEVEL")]
    pub cpu: Option<String>,
    /// libvmaf's CPU-flag mask; accepted for compatibility (use --cpu to choose the level).
    #[arg(long = "cpumask", hide = true)]
    pub cpumask: Option<u64>,
    /// libvmaf's GPU mask; accepted for compatibility, foveal has no GPU path.
    #[arg(long = "gpumask", hide = true)]
    pub gpumask: Option<u64>,
    /// Score at most this many frames.
    #[arg(long = "frame_cnt", value_name = "N")]
    pub frame_cnt: Option<u64>,
    /// Skip this many reference frames first.
    #[arg(long = "frame_skip_ref", value_name = "N", default_value_t = 0)]
    pub frame_skip_ref: u64,
    /// Skip this many distorted frames first.
    #[arg(long = "frame_skip_dist", value_name = "N", default_value_t = 0)]
    pub frame_skip_dist: u64,
    /// Compute features only, no model prediction.
    #[arg(short = 'n', long = "no_prediction")]
    pub no_prediction: bool,
    /// Print nothing on stderr but errors.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Print the version and exit.
    #[arg(short = 'v', long = "version", action = ArgAction::Version)]
    pub version: Option<bool>,
    /// Print help.
    #[arg(long = "help", action = ArgAction::Help)]
    pub help: Option<bool>,
}

/// Geometry of raw YUV input (libvmaf's `-w -h -p -b`); any of them switches to raw mode.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RawArgs {
    /// Width of raw YUV input.
    #[arg(short = 'w', long = "width")]
    pub width: Option<u32>,
    /// Height of raw YUV input.
    #[arg(short = 'h', long = "height")]
    pub height: Option<u32>,
    /// Pixel format of raw YUV input: 400, 420, 422 or 444.
    #[arg(short = 'p', long = "pixel_format")]
    pub pixel_format: Option<String>,
    /// Bit depth of raw YUV input: 8..16 (samples above 8 bits are 16-bit little-endian).
    #[arg(short = 'b', long = "bitdepth")]
    pub bitdepth: Option<u8>,
}

impl RawArgs {
    /// Y4M unless any raw flag is given; then all four are required.
    pub fn input_kind(&self) -> Result<InputKind, String> {
        if self.width.is_none()
            && self.height.is_none()
            && self.pixel_format.is_none()
            && self.bitdepth.is_none()
        {
            return Ok(InputKind::Y4m);
        }
        let missing: Vec<&str> = [
            (self.width.is_none(), "-w/--width"),
            (self.height.is_none(), "-h/--height"),
            (self.pixel_format.is_none(), "-p/--pixel_format"),
            (self.bitdepth.is_none(), "-b/--bitdepth"),
        ]
        .into_iter()
        .filter_map(|(m, n)| m.then_some(n))
        .collect();
        match (self.width, self.height, &self.pixel_format, self.bitdepth) {
            (Some(w), Some(h), Some(p), Some(b)) => {
                let chroma = ChromaSampling::parse(p).map_err(|e| e.to_string())?;
                Ok(InputKind::Raw(
                    FrameFormat::new(w, h, chroma, b).map_err(|e| e.to_string())?,
                ))
            }
            _ => Err(format!(
                "raw YUV input needs -w, -h, -p and -b; missing {}",
                missing.join(", ")
            )),
        }
    }
}

/// Report destination and format (libvmaf's `-o --xml --json --csv --sub`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReportArgs {
    /// Report file (`-` = stdout).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Write the report as XML (the default).
    #[arg(long = "xml")]
    pub xml: bool,
    /// Write the report as JSON.
    #[arg(long = "json")]
    pub json: bool,
    /// Write the report as CSV.
    #[arg(long = "csv")]
    pub csv: bool,
    /// Write the report as MicroDVD subtitles.
    #[arg(long = "sub")]
    pub sub: bool,
}

impl ReportArgs {
    /// The report format chosen: XML unless another flag is given; more than one is an error.
    pub fn format(&self) -> Result<ReportFormat, String> {
        let chosen: Vec<ReportFormat> = [
            (self.xml, ReportFormat::Xml),
            (self.json, ReportFormat::Json),
            (self.csv, ReportFormat::Csv),
            (self.sub, ReportFormat::Sub),
        ]
        .into_iter()
        .filter_map(|(on, f)| on.then_some(f))
        .collect();
        match chosen.as_slice() {
            [] => Ok(ReportFormat::Xml),
            [one] => Ok(*one),
            _ => Err("choose one report format: --xml, --json, --csv or --sub".to_string()),
        }
    }
}

pub fn parse<I, T>(it: I) -> Result<Args, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut cmd = <Args as clap::CommandFactory>::command().version(foveal::VERSION);
    let m = cmd.try_get_matches_from_mut(it)?;
    <Args as clap::FromArgMatches>::from_arg_matches(&m)
}
