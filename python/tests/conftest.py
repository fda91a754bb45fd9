"""Shared helpers: the testdata manifest, a numpy Y4M reader, golden comparison at 6 decimals.

The goldens are libvmaf's own output (testdata/goldens, see testdata/README.md); values are
compared as libvmaf prints them: '%.6f' % ours == '%.6f' % golden, on every frame.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "testdata"

# Values compared equal to libvmaf at 6 decimals, per test module (printed at the end).
COMPARED: dict[str, int] = {}


def count(what: str, n: int) -> None:
    COMPARED[what] = COMPARED.get(what, 0) + n


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COMPARED:
        terminalreporter.write_sep("-", "values equal to libvmaf (goldens and live oracle: 6 decimals; heatmaps exact)")
        for what, n in sorted(COMPARED.items()):
            terminalreporter.write_line(f"{what}: {n}")
        terminalreporter.write_line(f"total: {sum(COMPARED.values())}")


_MANIFEST: dict[str, Any] = json.loads((TESTDATA / "manifest.json").read_text())


def manifest() -> dict[str, Any]:
    return _MANIFEST


def pairs() -> dict[str, Any]:
    p: dict[str, Any] = _MANIFEST["pairs"]
    return p


def golden(group: dict[str, Any]) -> dict[str, Any]:
    g: dict[str, Any] = json.loads((TESTDATA / group["file"]).read_text())
    return g


# Golden groups every build must reproduce; others may need extractors foveal lacks so far
# (they are run when foveal accepts their configuration and reported as skipped otherwise).
CORE_GROUPS = {"vmaf", "vmaf_neg", "vmaf_b", "vmaf_4k", "psnr_opts", "cambi_opts"}


def group_config(group: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """models= and features= reproducing one golden group."""
    models = []
    for m in group["models"]:
        if "version" in m:
            models.append(f"version={m['version']}:name={m['name']}")
        elif m["name"] == "vmaf_b":
            # The oracle loads the collection's 21 models one by one; foveal loads the
            # collection, which yields the same per-member outputs (vmaf_b, vmaf_b_0001, ...).
            models.append("version=vmaf_b_v0.6.3:name=vmaf_b")
    features = [(f["name"], dict(f["options"])) for f in group["features"]]
    return models, features


def golden_groups() -> Iterator[tuple[str, str]]:
    for pair_name, pair in pairs().items():
        for group_name, group in pair["goldens"].items():
            if group["file"] is not None:
                yield pair_name, group_name


def six(v: float) -> str:
    return "nan" if math.isnan(v) else "%.6f" % v


def compare_to_golden(result: Any, gold: dict[str, Any], what: str) -> int:
    """Every golden key on every frame equals ours at 6 decimals; returns the count compared."""
    frames = gold["frames"]
    assert result.frames == len(frames), f"{what}: {result.frames} frames, golden {len(frames)}"
    keys = sorted(frames[0]["metrics"])
    missing = [k for k in keys if k not in result]
    assert not missing, f"{what}: foveal produced no {missing}"
    n = 0
    for k in keys:
        ours = result[k]
        for i, f in enumerate(frames):
            g = f["metrics"][k]
            assert six(ours[i]) == six(g), (
                f"{what}: frame {i} {k}: foveal {six(ours[i])}, libvmaf {six(g)}"
            )
            n += 1
    for k, v in gold.get("aggregate_metrics", {}).items():
        assert six(result.aggregate[k]) == six(v), f"{what}: aggregate {k}"
        n += 1
    return n


class Y4m:
    """A Y4M file read with numpy: header fields and frames as (y, u, v) uint8/uint16 arrays."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        end = data.index(b"\n")
        fields = data[:end].split()
        assert fields[0] == b"YUV4MPEG2", path
        tags = {chr(t[0]): t[1:].decode() for t in fields[1:]}
        self.width = int(tags["W"])
        self.height = int(tags["H"])
        cs = tags.get("C", "420jpeg")
        deep = re.match(r"^(\d{3})p(\d+)$", cs)
        self.bit_depth = int(deep.group(2)) if deep else 8
        self.chroma = cs[:3]
        w, h = self.width, self.height
        cw, ch = {
            "420": ((w + 1) // 2, (h + 1) // 2),
            "422": ((w + 1) // 2, h),
            "444": (w, h),
        }[self.chroma]
        self.shapes = [(h, w), (ch, cw), (ch, cw)]
        dtype = np.dtype(np.uint8) if self.bit_depth == 8 else np.dtype("<u2")
        self.frames: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        pos = end + 1
        while pos < len(data):
            eol = data.index(b"\n", pos)
            assert data[pos : pos + 5] == b"FRAME", f"{path}: frame header at {pos}"
            pos = eol + 1
            planes = []
            for ph, pw in self.shapes:
                a = np.frombuffer(data, dtype=dtype, count=ph * pw, offset=pos).reshape(ph, pw)
                planes.append(a.astype(a.dtype.newbyteorder("="), copy=False))
                pos += ph * pw * dtype.itemsize
            self.frames.append((planes[0], planes[1], planes[2]))


_Y4M_CACHE: dict[Path, Y4m] = {}


def y4m(path: Path) -> Y4m:
    if path not in _Y4M_CACHE:
        _Y4M_CACHE[path] = Y4m(path)
    return _Y4M_CACHE[path]


def pair_paths(pair_name: str) -> tuple[Path, Path]:
    p = pairs()[pair_name]
    return TESTDATA / p["ref"], TESTDATA / p["dis"]


@pytest.fixture(scope="session")
def carphone() -> tuple[Path, Path]:
    return pair_paths("carphone")
