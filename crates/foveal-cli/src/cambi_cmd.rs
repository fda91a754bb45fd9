//! `foveal cambi DIS`: CAMBI banding on one input alone (libvmaf needs the same file passed
//! twice), with the same report formats and optional 16-bit PNG heatmaps.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{ArgAction, Parser};
use foveal::features::cambi::{Cambi, CambiOptions, Eotf};
use foveal::features::extractor::FeatureStore;
use foveal::io;
use foveal::report::{Pooling, Report};
use foveal::scorer::{FeatureRequest, FeatureScores};

use crate::args::{RawArgs, ReportArgs};
use crate::run::{CliResult, write_report};

#[derive(Parser, Debug)]
#[command(
    name = "foveal cambi",
    about = "CAMBI banding index of one input (no reference needed)",
    disable_help_flag = true
)]
pub struct CambiArgs {
    /// The input to score (Y4M, or raw YUV with -w -h -p -b; `-` for stdin).
    pub input: PathBuf,
    /// CAMBI option, `NAME=VALUE` (repeatable; `A=1:B=2` also accepted): enc_width, enc_height,
    /// enc_bitdepth, window_size, topk, tvi_threshold, cambi_vis_lum_threshold, max_log_contrast,
    /// eotf, cambi_high_res_speedup, cambi_max_val.
    #[arg(short = 'O', long = "option", action = ArgAction::Append, value_name = "NAME=VALUE")]
    pub option: Vec<String>,
    /// Write per-frame, per-scale c-value heatmaps as 16-bit grayscale PNGs into this folder.
    #[arg(long = "heatmaps", value_name = "DIR")]
    pub heatmaps: Option<PathBuf>,
    #[command(flatten)]
    pub raw: RawArgs,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Score at most this many frames.
    #[arg(long = "frame_cnt", value_name = "N")]
    pub frame_cnt: Option<u64>,
    /// Skip this many frames first.
    #[arg(long = "frame_skip", value_name = "N", default_value_t = 0)]
    pub frame_skip: u64,
    /// Print nothing on stderr but errors.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Print help.
    #[arg(long = "help", action = ArgAction::Help)]
    pub help: Option<bool>,
}

pub fn parse<I, T>(it: I) -> Result<CambiArgs, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    CambiArgs::try_parse_from(it)
}

pub fn run(a: &CambiArgs) -> CliResult<()> {
    let format = a.report.format()?;
    // Options go through the same table, parsing and range checks as `--feature cambi=...`.
    let mut req = FeatureRequest::new("cambi");
    for spec in &a.option {
        for kv in spec.split(':').filter(|s| !s.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("option {kv}: expected NAME=VALUE"))?;
            if matches!(k, "full_ref" | "src_width" | "src_height" | "heatmaps_path") {
                return Err(format!(
                    "option {k} needs a reference or is set otherwise here; use `foveal -r REF -d DIS --feature cambi=...` \
                     for full-reference CAMBI, --heatmaps for heatmaps"
                ));
            }
            req = req.with(k, v);
        }
    }
    let o = req.resolve().map_err(|e| e.to_string())?;
    let u = |n: &str| u32::try_from(o.int(n)).unwrap_or(0);
    let eotf = |n: &str| o.str(n).parse::<Eotf>().map_err(|e| e.to_string());
    let opts = CambiOptions {
        cambi_max_val: o.double("cambi_max_val"),
        enc_width: u("enc_width"),
        enc_height: u("enc_height"),
        enc_bitdepth: u("enc_bitdepth"),
        src_width: 0,
        src_height: 0,
        window_size: u("window_size"),
        topk: o.double("topk"),
        cambi_topk: o.double("cambi_topk"),
        tvi_threshold: o.double("tvi_threshold"),
        cambi_vis_lum_threshold: o.double("cambi_vis_lum_threshold"),
        max_log_contrast: u("max_log_contrast"),
        eotf: eotf("eotf")?,
        cambi_eotf: eotf("cambi_eotf")?,
        cambi_high_res_speedup: u("cambi_high_res_speedup"),
        full_ref: false,
        heatmaps: a.heatmaps.is_some(),
    };
    let mut src = io::open(&a.input, a.raw.input_kind()?).map_err(|e| e.to_string())?;
    // CAMBI reads luma only: the chroma bytes are skipped, not read.
    src.set_luma_only(true);
    let fmt = src.format();
    let mut cambi = Cambi::new(
        fmt.width() as usize,
        fmt.height() as usize,
        fmt.bit_depth(),
        opts,
    )
    .map_err(|e| e.to_string())?;
    if let Some(dir) = &a.heatmaps {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if a.frame_skip > 0 {
        let got = src.skip_frames(a.frame_skip).map_err(|e| e.to_string())?;
        if got < a.frame_skip {
            return Err(format!(
                "cannot skip {} frame(s): the input has only {got}",
                a.frame_skip
            ));
        }
    }
    let mut store = FeatureStore::new();
    let id = store.register(&o.feature_name("Cambi_feature_cambi_score"));
    let mut frame = src.new_frame();
    let limit = a.frame_cnt.unwrap_or(u64::MAX);
    let start = std::time::Instant::now();
    let mut n = 0u64;
    while n < limit && src.read_frame(&mut frame).map_err(|e| e.to_string())? {
        let score = cambi
            .compute(frame.view().luma())
            .map_err(|e| format!("frame {n}: {e}"))?;
        store.set(id, n, score).map_err(|e| e.to_string())?;
        if let Some(dir) = &a.heatmaps {
            write_heatmaps(dir, n, &cambi)?;
        }
        n += 1;
    }
    if n == 0 {
        return Err("no frames to score".to_string());
    }
    let elapsed = start.elapsed().as_secs_f64();
    let scores = FeatureScores {
        store,
        frames: n,
        subsample: 1,
        aggregate: Vec::new(),
    };
    let fps = if elapsed > 0.0 {
        n as f64 / elapsed
    } else {
        f64::INFINITY
    };
    let report = Report::new(scores, fmt.width(), fmt.height(), fps);
    if let Some(path) = &a.report.output {
        write_report(&report, path, format)?;
    }
    if !a.quiet {
        let mean = report
            .pooled("cambi", Pooling::Mean)
            .or_else(|| report.pooled(&report.store.names()[0], Pooling::Mean));
        eprintln!("foveal: {n} frame(s), {fmt}");
        eprintln!("cambi: {:.6}", mean.unwrap_or(f64::NAN));
    }
    Ok(())
}

fn write_heatmaps(dir: &Path, frame: u64, cambi: &Cambi) -> CliResult<()> {
    for (scale, map) in cambi.heatmaps().iter().enumerate() {
        let path = dir.join(format!(
            "frame_{frame:05}_scale_{scale}_{}x{}.png",
            map.width, map.height
        ));
        let img = image::ImageBuffer::<image::Luma<u16>, Vec<u16>>::from_raw(
            map.width as u32,
            map.height as u32,
            map.values.clone(),
        )
        .ok_or_else(|| format!("heatmap of scale {scale} has the wrong size"))?;
        img.save(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
