//! The `foveal` command end to end: input reading and every user-facing input error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use foveal::io::Y4mWriter;
use foveal::{ChromaSampling, Frame, FrameFormat};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_foveal"))
}

struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("foveal-cli-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_y4m(path: &Path, fmt: FrameFormat, frames: usize) {
    let mut w = Y4mWriter::new(std::fs::File::create(path).unwrap(), fmt, (25, 1)).unwrap();
    let mut f = Frame::new(fmt);
    for k in 0..frames {
        if let Some(v) = f.samples_u8_mut() {
            v.iter_mut()
                .enumerate()
                .for_each(|(i, x)| *x = ((i * 7 + k * 13) % 251) as u8);
        } else {
            let m = fmt.max_value() as usize;
            f.samples_u16_mut()
                .unwrap()
                .iter_mut()
                .enumerate()
                .for_each(|(i, x)| *x = ((i * 7 + k * 13) % m) as u16);
        }
        w.write_frame(&f.view()).unwrap();
    }
    w.finish().unwrap();
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out: Output = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reads_a_pair_and_reports_the_count() {
    let t = TempDir::new("pair");
    let fmt = FrameFormat::new(33, 17, ChromaSampling::Cs420, 10).unwrap();
    write_y4m(&t.path("r.y4m"), fmt, 4);
    write_y4m(&t.path("d.y4m"), fmt, 4);
    let (ok, err) = run(bin()
        .arg("-r")
        .arg(t.path("r.y4m"))
        .arg("-d")
        .arg(t.path("d.y4m"))
        .arg("-n"));
    assert!(ok, "{err}");
    assert!(err.contains("4 frame pair(s), 33x17 420 10-bit"), "{err}");
    // Frame count and skips.
    let (ok, err) = run(bin()
        .args([
            "--frame_cnt",
            "2",
            "--frame_skip_ref",
            "1",
            "--frame_skip_dist",
            "1",
            "-n",
            "-r",
        ])
        .arg(t.path("r.y4m"))
        .arg("-d")
        .arg(t.path("d.y4m")));
    assert!(ok, "{err}");
    assert!(err.contains("2 frame pair(s)"), "{err}");
    // Quiet prints nothing.
    let (ok, err) = run(bin()
        .arg("-q")
        .arg("-n")
        .arg("-r")
        .arg(t.path("r.y4m"))
        .arg("-d")
        .arg(t.path("d.y4m")));
    assert!(ok && err.is_empty(), "{err}");
}

#[test]
fn stdin_input() {
    let t = TempDir::new("stdin");
    let fmt = FrameFormat::new(16, 16, ChromaSampling::Cs444, 8).unwrap();
    write_y4m(&t.path("r.y4m"), fmt, 3);
    let bytes = std::fs::read(t.path("r.y4m")).unwrap();
    let mut child = bin()
        .args(["-n", "-r", "-", "-d"])
        .arg(t.path("r.y4m"))
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("3 frame pair(s)"), "{err}");
}

#[test]
fn raw_yuv_input() {
    let t = TempDir::new("raw");
    let fmt = FrameFormat::new(7, 5, ChromaSampling::Cs420, 8).unwrap();
    std::fs::write(t.path("a.yuv"), vec![16u8; fmt.frame_bytes() * 2]).unwrap();
    let (ok, err) = run(bin()
        .args(["-n", "-w", "7", "-h", "5", "-p", "420", "-b", "8", "-r"])
        .arg(t.path("a.yuv"))
        .arg("-d")
        .arg(t.path("a.yuv")));
    assert!(ok, "{err}");
    assert!(err.contains("2 frame pair(s), 7x5 420 8-bit"), "{err}");
    let (ok, err) = run(bin()
        .args(["-n", "-w", "7", "-h", "5", "-r"])
        .arg(t.path("a.yuv"))
        .arg("-d")
        .arg(t.path("a.yuv")));
    assert!(!ok);
    assert!(
        err.contains(
            "raw YUV input needs -w, -h, -p and -b; missing -p/--pixel_format, -b/--bitdepth"
        ),
        "{err}"
    );
    let (ok, err) = run(bin()
        .args(["-n", "-w", "7", "-h", "5", "-p", "411", "-b", "8", "-r"])
        .arg(t.path("a.yuv"))
        .arg("-d")
        .arg(t.path("a.yuv")));
    assert!(!ok);
    assert!(
        err.contains("invalid pixel format: 411 (allowed: 400, 420, 422 or 444)"),
        "{err}"
    );
    // A raw file given without -w/-h/-p/-b is not Y4M: the message says how to read it.
    let (ok, err) = run(bin()
        .arg("-n")
        .arg("-r")
        .arg(t.path("a.yuv"))
        .arg("-d")
        .arg(t.path("a.yuv")));
    assert!(!ok);
    assert!(
        err.contains("missing 'YUV4MPEG2' signature") && err.contains("give -w, -h, -p and -b"),
        "{err}"
    );
}

#[test]
fn input_errors_are_clear() {
    let t = TempDir::new("errors");
    let a = FrameFormat::new(32, 16, ChromaSampling::Cs420, 8).unwrap();
    write_y4m(&t.path("a.y4m"), a, 2);
    write_y4m(
        &t.path("size.y4m"),
        FrameFormat::new(30, 16, ChromaSampling::Cs420, 8).unwrap(),
        2,
    );
    write_y4m(
        &t.path("fmt.y4m"),
        FrameFormat::new(32, 16, ChromaSampling::Cs422, 8).unwrap(),
        2,
    );
    write_y4m(
        &t.path("depth.y4m"),
        FrameFormat::new(32, 16, ChromaSampling::Cs420, 10).unwrap(),
        2,
    );
    write_y4m(&t.path("long.y4m"), a, 3);
    let mut trunc = std::fs::read(t.path("a.y4m")).unwrap();
    trunc.truncate(trunc.len() - 10);
    std::fs::write(t.path("trunc.y4m"), trunc).unwrap();

    let cases: &[(&str, &str)] = &[
        (
            "size.y4m",
            "reference and distorted frame size differ: reference 32x16, distorted 30x16",
        ),
        (
            "fmt.y4m",
            "reference and distorted pixel format differ: reference 420, distorted 422",
        ),
        (
            "depth.y4m",
            "reference and distorted bit depth differ: reference 8, distorted 10",
        ),
        (
            "trunc.y4m",
            "truncated frame 1: expected 768 bytes, got 758",
        ),
        ("nope.y4m", "nope.y4m: No such file"),
    ];
    for (dis, want) in cases {
        let (ok, err) = run(bin()
            .arg("-n")
            .arg("-r")
            .arg(t.path("a.y4m"))
            .arg("-d")
            .arg(t.path(dis)));
        assert!(!ok, "{dis} should fail");
        assert!(err.contains(want), "{dis}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Different frame counts: the common prefix is read, with a warning.
    let (ok, err) = run(bin()
        .arg("-n")
        .arg("-r")
        .arg(t.path("long.y4m"))
        .arg("-d")
        .arg(t.path("a.y4m")));
    assert!(ok, "{err}");
    assert!(
        err.contains(
            "the reference input has more frames than the distorted input; scoring the 2 frame(s)"
        ),
        "{err}"
    );
    let (ok, err) = run(bin()
        .args(["-n", "--frame_skip_ref", "5", "-r"])
        .arg(t.path("a.y4m"))
        .arg("-d")
        .arg(t.path("a.y4m")));
    assert!(
        !ok && err.contains("cannot skip 5 frame(s): the input has only 2"),
        "{err}"
    );
    let (ok, err) = run(bin()
        .args(["-n", "--cpu", "sse9", "-r"])
        .arg(t.path("a.y4m"))
        .arg("-d")
        .arg(t.path("a.y4m")));
    assert!(!ok && err.contains("unknown CPU level 'sse9'"), "{err}");
    let (ok, err) = run(bin()
        .args(["-n", "--json", "--csv", "-r"])
        .arg(t.path("a.y4m"))
        .arg("-d")
        .arg(t.path("a.y4m")));
    assert!(!ok && err.contains("choose one report format"), "{err}");
    let (ok, err) = run(bin().args(["-n", "-r", "-", "-d", "-"]));
    assert!(
        !ok && err.contains("only one of the inputs can be standard input"),
        "{err}"
    );
    let (ok, err) = run(bin().arg("-n"));
    assert!(!ok && err.contains("--reference"), "{err}");
}

#[test]
fn version_and_help() {
    let out = bin().arg("-v").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("foveal {}", foveal::VERSION)
    );
    let out = bin().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--reference",
        "--distorted",
        "--frame_cnt",
        "--no_prediction",
        "--pixel_format",
        "--bitdepth",
        "--model",
        "--feature",
    ] {
        assert!(help.contains(flag), "help lacks {flag}");
    }
}

fn manifest() -> serde_json::Value {
    let p = foveal_testkit::testdata_dir().join("manifest.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn reads_every_testdata_pair() {
    let m = manifest();
    let dir = foveal_testkit::testdata_dir();
    let mut n = 0;
    for (name, pair) in m["pairs"].as_object().unwrap() {
        let (ok, err) = run(bin()
            .arg("-n")
            .arg("-r")
            .arg(dir.join(pair["ref"].as_str().unwrap()))
            .arg("-d")
            .arg(dir.join(pair["dis"].as_str().unwrap())));
        assert!(ok, "{name}: {err}");
        let frames = pair["frames"].as_u64().unwrap();
        assert!(
            err.contains(&format!("{frames} frame pair(s)")),
            "{name}: {err}"
        );
        n += 1;
    }
    assert!(n >= 9, "manifest lists {n} pairs");
}

#[test]
fn json_report_matches_libvmaf_golden() {
    // On the calling thread, with frames split over two threads, and with two frame workers.
    for threads in [
        &[][..],
        &["--threads", "2", "--split_frames", "on"],
        &["--threads", "2", "--split_frames", "off"],
    ] {
        json_report_matches_golden_with(threads);
    }
    let (ok, err) = run(bin().args(["-r", "a.y4m", "-d", "b.y4m", "--split_frames", "maybe"]));
    assert!(!ok && err.contains("maybe"), "{err}");
}

fn json_report_matches_golden_with(threads: &[&str]) {
    let dir = foveal_testkit::testdata_dir();
    let t = TempDir::new("golden");
    let out = t.path("r.json");
    let (ok, err) = run(bin()
        .arg("-r")
        .arg(dir.join("clips/bikes_x264/ref.y4m"))
        .arg("-d")
        .arg(dir.join("clips/bikes_x264/dis.y4m"))
        .args(threads)
        .args(["--json", "-o"])
        .arg(&out));
    assert!(ok, "{err}");
    let golden = foveal_testkit::Golden::load(dir.join("goldens/bikes_x264/vmaf.json"));
    let ours = foveal_testkit::Golden::load(&out);
    // The summary line carries the same pooled mean libvmaf computed.
    let mean = golden.pooled("vmaf", "mean").unwrap();
    assert!(err.contains(&format!("vmaf_v0.6.1: {mean:.6}")), "{err}");
    let mut compared = 0;
    for name in ours.metric_names() {
        let (a, b) = (ours.series(&name), golden.series(&name));
        assert!(b.iter().all(Option::is_some), "golden lacks {name}");
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            assert_eq!(
                format!("{:.6}", x.unwrap()),
                format!("{:.6}", y.unwrap()),
                "frame {i} {name}"
            );
            compared += 1;
        }
        for method in ["min", "max", "mean", "harmonic_mean"] {
            let (x, y) = (
                ours.pooled(&name, method).unwrap(),
                golden.pooled(&name, method).unwrap(),
            );
            assert_eq!(
                format!("{x:.6}"),
                format!("{y:.6}"),
                "pooled {method} of {name}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 4 * 15 + 15 * 4, "compared only {compared}");
    eprintln!("CLI JSON report {threads:?}: {compared} values equal to libvmaf's");
}

#[test]
fn cambi_one_input_mode_matches_libvmaf_and_writes_heatmaps() {
    let dir = foveal_testkit::testdata_dir();
    let t = TempDir::new("cambi");
    let out = t.path("c.json");
    let maps = t.path("maps");
    let (ok, err) = run(bin()
        .arg("cambi")
        .arg(dir.join("clips/gradient_banding/dis.y4m"))
        .arg("--heatmaps")
        .arg(&maps)
        .args(["--json", "-o"])
        .arg(&out));
    assert!(ok, "{err}");
    // Same values as libvmaf's cambi on that pair (which ignores the reference).
    let golden = foveal_testkit::Golden::load(dir.join("goldens/gradient_banding/vmaf.json"));
    let ours = foveal_testkit::Golden::load(&out);
    let (a, b) = (ours.series("cambi"), golden.series("cambi"));
    assert_eq!(a.len(), 3);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(format!("{:.6}", x.unwrap()), format!("{:.6}", y.unwrap()));
    }
    assert!(
        err.contains(&format!(
            "cambi: {:.6}",
            golden.pooled("cambi", "mean").unwrap()
        )),
        "{err}"
    );
    // 3 frames x 5 scales of 16-bit PNGs with the scale sizes, and the banded frame lights up.
    let mut pngs: Vec<String> = std::fs::read_dir(&maps)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pngs.sort();
    assert_eq!(pngs.len(), 15, "{pngs:?}");
    assert_eq!(pngs[0], "frame_00000_scale_0_576x324.png");
    let img = image::open(maps.join(&pngs[0])).unwrap();
    assert_eq!((img.width(), img.height()), (576, 324));
    let luma = img.into_luma16();
    assert!(
        luma.pixels().filter(|p| p.0[0] > 0).count() > 1000,
        "banded frame shows no banding"
    );

    // Options with a non-default value change the printed name, as in libvmaf.
    let (ok, err) = run(bin()
        .arg("cambi")
        .arg(dir.join("clips/bbb_720p/dis.y4m"))
        .args(["-O", "enc_bitdepth=8", "--json", "-o"])
        .arg(&out));
    assert!(ok, "{err}");
    let ours = foveal_testkit::Golden::load(&out);
    let golden = foveal_testkit::Golden::load(dir.join("goldens/bbb_720p/cambi_opts.json"));
    assert_eq!(ours.metric_names(), ["cambi_encbd_8"]);
    for (x, y) in ours
        .series("cambi_encbd_8")
        .iter()
        .zip(golden.series("cambi_encbd_8"))
    {
        assert_eq!(format!("{:.6}", x.unwrap()), format!("{:.6}", y.unwrap()));
    }
}

/// CAMBI alone reads no reference sample: a reference with a sample beyond its bit depth still
/// gives libvmaf's values, with and without workers, while a full-reference metric refuses the
/// same file. A truncated or shorter reference is still reported.
#[test]
fn cambi_alone_skips_the_reference_samples() {
    let dir = foveal_testkit::testdata_dir();
    let clip = dir.join("clips/gradient_banding");
    let golden = foveal_testkit::Golden::load(dir.join("goldens/gradient_banding/vmaf.json"));
    let t = TempDir::new("cambi-noref");
    let mut bad = std::fs::read(clip.join("ref.y4m")).unwrap();
    let header = bad.iter().position(|&b| b == b'\n').unwrap() + 1;
    // 576x324 4:2:0 10-bit: "FRAME\n" and 2 bytes a sample.
    let frame_bytes = 576 * 324 * 3;
    let frame = 6 + frame_bytes;
    assert_eq!(bad.len(), header + 3 * frame);
    // Frame 1's first luma sample becomes 65535.
    let at = header + frame + 6;
    bad[at..at + 2].copy_from_slice(&[0xff, 0xff]);
    let bad_ref = t.path("bad.y4m");
    std::fs::write(&bad_ref, &bad).unwrap();
    let cambi = |reference: &Path, args: &[&str]| {
        let out = t.path("c.json");
        let _ = std::fs::remove_file(&out);
        let (ok, err) = run(bin()
            .arg("-n")
            .args(args)
            .arg("-r")
            .arg(reference)
            .arg("-d")
            .arg(clip.join("dis.y4m"))
            .args(["--json", "-o"])
            .arg(&out));
        (ok, err, out)
    };
    for threads in ["0", "2"] {
        let (ok, err, out) = cambi(&bad_ref, &["--feature", "cambi", "--threads", threads]);
        assert!(ok, "threads {threads}: {err}");
        let ours = foveal_testkit::Golden::load(&out);
        let (a, b) = (ours.series("cambi"), golden.series("cambi"));
        assert_eq!(a.len(), 3);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(format!("{:.6}", x.unwrap()), format!("{:.6}", y.unwrap()));
        }
    }
    let (ok, err, _) = cambi(&bad_ref, &["--feature", "cambi", "--feature", "psnr"]);
    assert!(
        !ok && err.contains("reference: ")
            && err.contains("frame 1, plane 0: sample value 65535 exceeds the 10-bit maximum 1023"),
        "{err}"
    );
    let (ok, err, _) = cambi(&bad_ref, &["--feature", "cambi=full_ref=true"]);
    assert!(!ok && err.contains("sample value 65535"), "{err}");

    let trunc = t.path("trunc.y4m");
    std::fs::write(&trunc, &bad[..bad.len() - 10]).unwrap();
    let (ok, err, _) = cambi(&trunc, &["--feature", "cambi"]);
    let want = format!(
        "truncated frame 2: expected {frame_bytes} bytes, got {}",
        frame_bytes - 10
    );
    assert!(
        !ok && err.contains("reference: ") && err.contains(&want),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");

    let short = t.path("short.y4m");
    std::fs::write(&short, &bad[..header + frame]).unwrap();
    let (ok, err, out) = cambi(&short, &["--feature", "cambi"]);
    assert!(ok, "{err}");
    assert!(
        err.contains(
            "the distorted input has more frames than the reference input; scoring the 1 frame(s)"
        ),
        "{err}"
    );
    assert_eq!(foveal_testkit::Golden::load(&out).series("cambi").len(), 1);
}

#[test]
fn cambi_errors_are_clear() {
    let dir = foveal_testkit::testdata_dir();
    let (ok, err) = run(bin().arg("cambi").arg(dir.join("clips/carphone/dis.y4m")));
    assert!(
        !ok && err.contains("176x144") && err.contains("216"),
        "{err}"
    );
    let (ok, err) = run(bin()
        .args(["cambi", "-O", "window_size=9999"])
        .arg(dir.join("clips/bikes_x264/dis.y4m")));
    assert!(
        !ok && err.contains("cambi.window_size=9999") && err.contains("[15, 127]"),
        "{err}"
    );
    let (ok, err) = run(bin()
        .args(["cambi", "-O", "full_ref=true"])
        .arg(dir.join("clips/bikes_x264/dis.y4m")));
    assert!(!ok && err.contains("full-reference"), "{err}");
}

#[test]
fn cambi_feature_dumps_libvmaf_heatmap_files() {
    let dir = foveal_testkit::testdata_dir();
    let t = TempDir::new("gray");
    let maps = t.path("gray");
    let (ok, err) = run(bin()
        .arg("-r")
        .arg(dir.join("clips/gradient_banding/ref.y4m"))
        .arg("-d")
        .arg(dir.join("clips/gradient_banding/dis.y4m"))
        .args(["--threads", "2", "--feature"])
        .arg(format!("cambi=heatmaps_path={}", maps.display())));
    assert!(ok, "{err}");
    let f = maps.join("cambi_heatmap_scale_0_576x324_16b.gray");
    assert_eq!(
        std::fs::metadata(&f).unwrap().len(),
        3 * 576 * 324 * 2,
        "3 frames of 16-bit samples"
    );
    assert!(maps.join("cambi_heatmap_scale_4_36x21_16b.gray").exists());
}
