#!/usr/bin/env python3
"""Stress checks for the foveal CLI: thread invariance and bounded memory.

Python 3 standard library only (linux: uses os.mkfifo and os.wait4).

    python3 testdata/stress.py --foveal target/release/foveal [--frames 1000] [--margin-mb 8]
                               [--skip-threads] [--skip-memory]

(a) Thread invariance: every pair in ``testdata/manifest.json`` is scored with vmaf_v0.6.1,
    vmaf_v0.6.1neg (name ``vmaf_neg``) and ``cambi`` (left out where libvmaf refuses it: both
    sides below 216) with ``--threads 0``, ``1`` and ``2``; the three JSON reports must be
    identical byte for byte except the ``"fps"`` line (run speed).

(b) Bounded memory: a synthetic 320x240 8-bit 4:2:0 clip with moving content (a large
    pseudo-random texture panned across the frame; the distorted clip is the same frames with
    the luma quantised to steps of 8) is streamed to foveal, never stored: the distorted clip
    through standard input (``-d -``) and the reference through a named pipe.  Same models and
    CAMBI.  foveal's peak RSS (``ru_maxrss`` from ``wait4`` on that very process) for 100
    frames is compared with that for ``--frames`` frames (default 1000), with ``--threads 0``
    and ``--threads 2``: the long run may use at most ``--margin-mb`` (default 8) MB more, i.e.
    memory must not grow with clip length (the report's per-frame values are the only state
    that legitimately grows: a few hundred bytes per frame).

Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TESTDATA = Path(__file__).resolve().parent
ROOT = TESTDATA.parent
MODELS = ["-m", "version=vmaf_v0.6.1", "-m", "version=vmaf_v0.6.1neg:name=vmaf_neg"]
CAMBI_MIN = 216
THREADS = (0, 1, 2)
_FPS = re.compile(r'^\s*"fps"\s*:.*\n', re.M)


def models_for(width: int, height: int) -> list[str]:
    cambi = not (width < CAMBI_MIN and height < CAMBI_MIN)
    return MODELS + (["--feature", "cambi"] if cambi else [])


# ---------------------------------------------------------------------------------------------
# (a) thread invariance
# ---------------------------------------------------------------------------------------------

def thread_invariance(foveal: str, tmp: Path) -> list[str]:
    manifest = json.loads((TESTDATA / "manifest.json").read_text())
    fails = []
    for name, pair in manifest["pairs"].items():
        ref, dis = TESTDATA / pair["ref"], TESTDATA / pair["dis"]
        reports = {}
        for t in THREADS:
            out = tmp / f"{name}.t{t}.json"
            cmd = [foveal, "-r", str(ref), "-d", str(dis), *models_for(pair["width"], pair["height"]),
                   "--json", "-o", str(out), "--threads", str(t), "-q"]
            p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
            if p.returncode != 0:
                fails.append(f"{name} --threads {t}: foveal exit {p.returncode}: {p.stderr.strip()}")
                continue
            text = out.read_text()
            if len(_FPS.findall(text)) != 1:
                fails.append(f"{name} --threads {t}: expected exactly one \"fps\" line in the report")
            reports[t] = _FPS.sub("", text)
        if len(reports) != len(THREADS):
            continue
        base = reports[THREADS[0]]
        nframes = len(json.loads(base)["frames"])
        same = True
        for t in THREADS[1:]:
            if reports[t] != base:
                same = False
                diff = list(difflib.unified_diff(base.splitlines(), reports[t].splitlines(),
                                                 f"--threads {THREADS[0]}", f"--threads {t}", lineterm="", n=0))
                fails.append(f"{name}: --threads {t} report differs from --threads {THREADS[0]}:\n    "
                             + "\n    ".join(diff[:20]) + ("\n    ..." if len(diff) > 20 else ""))
        print(f"  {name:18s} {pair['width']}x{pair['height']} {nframes:2d} frames, {len(base)} bytes: "
              f"{'identical' if same else 'DIFFERENT'} for --threads {', '.join(map(str, THREADS))}", flush=True)
    return fails


# ---------------------------------------------------------------------------------------------
# (b) bounded memory
# ---------------------------------------------------------------------------------------------

W, H = 320, 240
TEX_W, TEX_H = 2 * W, 2 * H
HEADER = f"YUV4MPEG2 W{W} H{H} F25:1 Ip A1:1 C420jpeg\n".encode()
CHROMA = bytes([128]) * (2 * ((W + 1) // 2) * ((H + 1) // 2))
QUANT = bytes((v & ~7) + 4 if v < 252 else v for v in range(256))  # the distortion


def texture() -> list[bytes]:
    """A TEX_W x TEX_H pseudo-random texture with structure at several scales (fixed-seed LCG)."""
    state = 20240601
    rows = []
    prev = [128] * TEX_W
    for y in range(TEX_H):
        row = bytearray(TEX_W)
        acc = 128
        for x in range(TEX_W):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            r = (state >> 16) & 0xFF
            # horizontal and vertical smoothing of the noise, plus bars and a gradient
            acc = (3 * acc + r) >> 2
            v = (acc + prev[x]) >> 1
            v += 40 if ((x // 24) + (y // 24)) & 1 else -40
            v += (x + y) // 16 - 35
            row[x] = min(235, max(16, v))
        prev = list(row)
        rows.append(bytes(row))
    return rows


def frame(tex: list[bytes], t: int) -> bytes:
    """Frame t: a W x H window panning across the texture (Lissajous path)."""
    dx = (t * 3) % (TEX_W - W)
    dy = (t * 2) % (TEX_H - H)
    return b"".join(r[dx:dx + W] for r in tex[dy:dy + H])


def write_stream(f, tex: list[bytes], n: int, distorted: bool) -> None:
    try:
        f.write(HEADER)
        for t in range(n):
            y = frame(tex, t)
            f.write(b"FRAME\n")
            f.write(y.translate(QUANT) if distorted else y)
            f.write(CHROMA)
        f.close()
    except (BrokenPipeError, ValueError, OSError):
        pass  # foveal stopped reading (it failed): reported by the caller


def measure(foveal: str, tex: list[bytes], n: int, threads: int, tmp: Path) -> tuple[float, float, dict]:
    """Stream n frames through foveal; returns (peak RSS in MB, seconds, the JSON report)."""
    fifo = tmp / f"ref-{n}-{threads}.y4m"
    out = tmp / f"mem-{n}-{threads}.json"
    os.mkfifo(fifo)
    cmd = [foveal, "-r", str(fifo), "-d", "-", *models_for(W, H), "--json", "-o", str(out),
           "--threads", str(threads), "-q"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)

    def ref_writer():
        with open(fifo, "wb") as f:
            write_stream(f, tex, n, distorted=False)

    ref_thread = threading.Thread(target=ref_writer, daemon=True)
    ref_thread.start()
    err_chunks = []
    err_thread = threading.Thread(target=lambda: err_chunks.append(p.stderr.read()), daemon=True)
    err_thread.start()
    write_stream(p.stdin, tex, n, distorted=True)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    dt = time.monotonic() - t0
    if ref_thread.is_alive():
        # foveal quit without opening/draining the pipe: unblock the writer.
        try:
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        except OSError:
            pass
    ref_thread.join(5)
    err_thread.join(5)
    if p.returncode != 0:
        err = (err_chunks[0] if err_chunks else b"").decode(errors="replace").strip()
        raise RuntimeError(f"foveal exit {p.returncode} on {n} streamed frames (--threads {threads}): {err}")
    report = json.loads(out.read_text())
    out.unlink()
    fifo.unlink()
    return usage.ru_maxrss / 1024.0, dt, report


def bounded_memory(foveal: str, tmp: Path, long_n: int, margin_mb: float) -> list[str]:
    tex = texture()
    fails = []
    reports = {}
    for threads in (0, 2):
        results = {}
        for n in (100, long_n):
            try:
                rss, dt, report = measure(foveal, tex, n, threads, tmp)
            except RuntimeError as e:
                fails.append(str(e))
                break
            frames = len(report["frames"])
            if frames != n:
                fails.append(f"--threads {threads}: report holds {frames} frames, streamed {n}")
            reports[(threads, n)] = report
            results[n] = rss
            print(f"  --threads {threads}: {n:5d} frames {W}x{H}: peak RSS {rss:7.1f} MB "
                  f"({dt:5.1f} s, {n / dt:6.1f} frames/s incl. generation)", flush=True)
        if len(results) == 2:
            grow = results[long_n] - results[100]
            ok = grow <= margin_mb
            print(f"  --threads {threads}: {long_n} vs 100 frames: {grow:+.1f} MB "
                  f"(allowed +{margin_mb:g} MB): {'OK' if ok else 'GROWS'}", flush=True)
            if not ok:
                fails.append(f"--threads {threads}: peak RSS {results[long_n]:.1f} MB for {long_n} frames vs "
                             f"{results[100]:.1f} MB for 100 frames (+{grow:.1f} MB > {margin_mb:g} MB)")
    # Free consistency checks on the streamed reports: the short run's frames are the long run's
    # first frames (but its last: motion2/motion3 of a clip's last frame see no next frame), and
    # --threads 2 reports what --threads 0 reports.
    for threads in (0, 2):
        short, long_ = reports.get((threads, 100)), reports.get((threads, long_n))
        if short and long_ and short["frames"][:99] != long_["frames"][:99]:
            fails.append(f"--threads {threads}: the first 99 frames of the {long_n}-frame run differ "
                         f"from the 100-frame run")
    for n in (100, long_n):
        a, b = reports.get((0, n)), reports.get((2, n))
        if a and b and {**a, "fps": None} != {**b, "fps": None}:
            fails.append(f"{n} streamed frames: --threads 2 report differs from --threads 0")
    if len(reports) == 4 and not fails:
        print(f"  streamed reports consistent: 100-frame runs = {long_n}-frame runs on frames 0-98, "
              f"--threads 0 = --threads 2", flush=True)
    return fails


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--foveal", default=str(ROOT / "target" / "release" / "foveal"), help="the foveal CLI")
    ap.add_argument("--frames", type=int, default=1000, help="frames of the long memory run (default 1000)")
    ap.add_argument("--margin-mb", type=float, default=8.0, help="allowed peak RSS growth (default 8 MB)")
    ap.add_argument("--skip-threads", action="store_true", help="skip the thread invariance check")
    ap.add_argument("--skip-memory", action="store_true", help="skip the bounded memory check")
    args = ap.parse_args(argv)
    if not os.access(args.foveal, os.X_OK):
        print(f"stress: foveal binary not found: {args.foveal}", file=sys.stderr)
        return 1
    t0 = time.monotonic()
    fails = []
    with tempfile.TemporaryDirectory(prefix="foveal-stress-") as tmp:
        if not args.skip_threads:
            print("stress: thread invariance (reports identical except \"fps\")", flush=True)
            fails += thread_invariance(args.foveal, Path(tmp))
        if not args.skip_memory:
            print(f"stress: bounded memory (100 vs {args.frames} streamed frames)", flush=True)
            fails += bounded_memory(args.foveal, Path(tmp), args.frames, args.margin_mb)
    print(f"stress: {time.monotonic() - t0:.1f} s", flush=True)
    if fails:
        print("stress: FAILED:", file=sys.stderr)
        for f in fails:
            print("  " + f, file=sys.stderr)
        return 1
    print("stress: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
