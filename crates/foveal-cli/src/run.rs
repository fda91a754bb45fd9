//! What the command does: open and validate both inputs, then stream frame pairs through.

use std::path::Path;

use std::time::Instant;

use foveal::io::{self, FrameSource, InputKind};
use foveal::report::Pooling;
use foveal::report::{Report, ReportFormat};
use foveal::scorer::{FeatureRequest, ModelRequest, ModelSource, Scorer, ScorerConfig};
use foveal_kernels::cpu::{self, CpuLevel};

use crate::args::Args;

/// A CLI failure: a message for the user.
pub type CliResult<T> = Result<T, String>;

fn open(path: &Path, kind: InputKind, role: &str) -> CliResult<Box<dyn FrameSource>> {
    io::open(path, kind).map_err(|e| {
        let mut m = format!("{role}: {e}");
        if kind == InputKind::Y4m && matches!(e, foveal::Error::Y4mHeader { .. }) {
            m.push_str(" (for raw YUV input give -w, -h, -p and -b)");
        }
        m
    })
}

pub fn run(args: &Args) -> CliResult<()> {
    let report_format = args.report.format()?;
    if let Some(level) = &args.cpu {
        let level: CpuLevel = level
            .parse()
            .map_err(|e: cpu::ParseCpuLevelError| e.to_string())?;
        cpu::set_max_level(Some(level));
    }
    if args.subsample == 0 {
        return Err("--subsample must be at least 1".to_string());
    }
    if args.reference == Path::new("-") && args.distorted == Path::new("-") {
        return Err("only one of the inputs can be standard input (-)".to_string());
    }
    let kind = args.raw.input_kind()?;
    let mut reference = open(&args.reference, kind, "reference")?;
    let mut distorted = open(&args.distorted, kind, "distorted")?;
    io::check_pair(&reference.format(), &distorted.format()).map_err(|e| e.to_string())?;

    let features = args
        .feature
        .iter()
        .map(|f| FeatureRequest::parse(f))
        .collect::<foveal::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    let mut models = args
        .model
        .iter()
        .map(|m| ModelRequest::parse(m))
        .collect::<foveal::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    if models.is_empty() && !args.no_prediction {
        models.push(ModelRequest::version("vmaf_v0.6.1"));
    }
    let labels: Vec<(String, String)> = models
        .iter()
        .map(|m| {
            let label = match &m.source {
                ModelSource::Version(v) => v.clone(),
                ModelSource::Path(p) => p.display().to_string(),
                ModelSource::Loaded(_) => "model".to_string(),
            };
            (label, m.name.clone().unwrap_or_else(|| "vmaf".to_string()))
        })
        .collect();
    let config = ScorerConfig {
        models,
        no_prediction: args.no_prediction,
        features,
        threads: args.threads as usize,
        split_frames: match args.split_frames.as_str() {
            "on" => Some(true),
            "off" => Some(false),
            _ => None,
        },
        subsample: args.subsample,
        processing_bit_depth: args.compute_bitdepth,
    };
    let mut scorer = Scorer::new(reference.format(), &config).map_err(|e| e.to_string())?;
    // Luma-only metrics (VMAF, CAMBI): the chroma bytes are skipped, not read.
    let luma_only = !scorer.uses_chroma();
    reference.set_luma_only(luma_only);
    distorted.set_luma_only(luma_only);
    // No-reference metrics alone (CAMBI): the reference's frames are skipped (seeked over in
    // files), not read; a truncated or shorter reference is still reported.
    let read_reference = scorer.uses_reference();

    skip(reference.as_mut(), args.frame_skip_ref, "reference")?;
    skip(distorted.as_mut(), args.frame_skip_dist, "distorted")?;

    let start = Instant::now();
    let mut pairs: u64 = 0;
    let limit = args.frame_cnt.unwrap_or(u64::MAX);
    while pairs < limit {
        // Buffers the scorer recycles: frames are read into them and handed over uncopied.
        let mut rf = scorer.frame_buffer();
        let mut df = scorer.frame_buffer();
        let r = reference
            .next_frame(&mut rf, read_reference)
            .map_err(|e| format!("reference: {e}"))?;
        let d = distorted
            .read_frame(&mut df)
            .map_err(|e| format!("distorted: {e}"))?;
        match (r, d) {
            (true, true) => {
                scorer
                    .push_frames(rf, df)
                    .map_err(|e| format!("frame {pairs}: {e}"))?;
                pairs += 1;
            }
            (false, false) => break,
            (true, false) | (false, true) => {
                let (longer, shorter) = if r {
                    ("reference", "distorted")
                } else {
                    ("distorted", "reference")
                };
                if !args.quiet {
                    eprintln!(
                        "foveal: warning: the {longer} input has more frames than the {shorter} input; \
                         scoring the {pairs} frame(s) they have in common"
                    );
                }
                break;
            }
        }
    }
    if pairs == 0 {
        return Err(
            "no frame pairs to score (an input is empty, or the skip flags pass its end)"
                .to_string(),
        );
    }
    let scores = scorer.finish().map_err(|e| e.to_string())?;
    let elapsed = start.elapsed().as_secs_f64();
    let fps = if elapsed > 0.0 {
        pairs as f64 / elapsed
    } else {
        f64::INFINITY
    };
    let report = Report::new(
        scores,
        reference.format().width(),
        reference.format().height(),
        fps,
    );
    if let Some(path) = &args.report.output {
        write_report(&report, path, report_format)?;
    }
    if !args.quiet {
        eprintln!(
            "foveal: {pairs} frame pair(s), {} (cpu level {})",
            reference.format(),
            CpuLevel::active()
        );
        for (label, name) in labels.iter().filter(|_| !args.no_prediction) {
            let mean = report.pooled(name, Pooling::Mean);
            let boot = ["_bagging", "_ci_p95_lo", "_ci_p95_hi", "_stddev"]
                .map(|s| report.pooled(&format!("{name}{s}"), Pooling::Mean));
            match (mean, boot) {
                (_, [Some(b), Some(lo), Some(hi), Some(sd)]) => {
                    eprintln!("{label}: {b:.6}, ci.p95: [{lo:.6}, {hi:.6}], stddev: {sd:.6}")
                }
                (Some(m), _) => eprintln!("{label}: {m:.6}"),
                (None, _) => eprintln!("{label}: no score"),
            }
        }
    }
    Ok(())
}

pub fn write_report(report: &Report, path: &Path, format: ReportFormat) -> CliResult<()> {
    let mut out: Box<dyn std::io::Write> = if path == Path::new("-") {
        Box::new(std::io::stdout().lock())
    } else {
        let f = std::fs::File::create(path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Box::new(std::io::BufWriter::new(f))
    };
    let r = report.write(format, &mut out);
    r.and_then(|()| out.flush())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn skip(src: &mut dyn FrameSource, n: u64, role: &str) -> CliResult<()> {
    if n == 0 {
        return Ok(());
    }
    let got = src.skip_frames(n).map_err(|e| format!("{role}: {e}"))?;
    if got < n {
        return Err(format!(
            "{role}: cannot skip {n} frame(s): the input has only {got}"
        ));
    }
    Ok(())
}
