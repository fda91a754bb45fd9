"""foveal.cambi(): one frame's CAMBI score (with libvmaf's options) and its heatmaps.

Scores are compared with libvmaf's goldens (the per-frame `cambi…` keys of testdata's vmaf and
cambi_opts groups); heatmaps with the files libvmaf writes for `heatmaps_path`, produced live
by the testdata oracle (skipped, saying why, when the oracle's pinned ffmpeg cannot be had).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import foveal
from conftest import TESTDATA, count, golden, pair_paths, pairs, six, y4m


def _frames(pair_name: str) -> tuple[Any, Any, int | None]:
    ref, dis = (y4m(p) for p in pair_paths(pair_name))
    return ref, dis, (ref.bit_depth if ref.bit_depth > 8 else None)


CAMBI_PAIRS = [p for p, v in pairs().items() if "cambi" in v["goldens"]["vmaf"]["metrics"]]


@pytest.mark.parametrize("pair_name", CAMBI_PAIRS)
def test_default_cambi_matches_libvmaf(pair_name: str) -> None:
    ref, dis, depth = _frames(pair_name)
    gold = golden(pairs()[pair_name]["goldens"]["vmaf"])["frames"]
    for i, d in enumerate(dis.frames):
        c = foveal.cambi(d, bit_depth=depth)
        assert c.name == "cambi" and c.heatmaps == [] and c.source_score is None
        assert six(c.score) == six(gold[i]["metrics"]["cambi"]), f"{pair_name} frame {i}"
        # Luma alone gives the same score.
        assert foveal.cambi(d[0], bit_depth=depth).score == c.score
    count("cambi()", len(dis.frames))


OPTS_PAIRS = [p for p, v in pairs().items() if v["goldens"]["cambi_opts"]["file"]]


@pytest.mark.parametrize("pair_name", OPTS_PAIRS)
def test_cambi_options_match_libvmaf(pair_name: str) -> None:
    ref, dis, depth = _frames(pair_name)
    group = pairs()[pair_name]["goldens"]["cambi_opts"]
    gold = golden(group)["frames"]
    n = 0
    for feature in group["features"]:
        options = dict(feature["options"])
        full_ref = options.pop("full_ref", "false") == "true"
        for i, (r, d) in enumerate(zip(ref.frames, dis.frames)):
            c = foveal.cambi(d, bit_depth=depth, reference=r if full_ref else None, **options)
            got: dict[str, float | None] = {c.name: c.score}
            if full_ref:
                got["cambi_source"] = c.source_score
                got["cambi_full_reference"] = c.full_reference_score
            assert sorted(got) == sorted(feature["keys"]), options
            for k, v in got.items():
                assert v is not None
                assert six(v) == six(gold[i]["metrics"][k]), f"{pair_name} frame {i} {k}"
                n += 1
    count("cambi() with options", n)


def test_typed_option_values() -> None:
    """Python values are read as libvmaf reads their text (bool, int, float, str)."""
    _, dis, depth = _frames("gradient_banding")
    d = dis.frames[0]
    a = foveal.cambi(d, bit_depth=depth, enc_bitdepth=8, topk=0.2, eotf="pq")
    b = foveal.cambi(d, bit_depth=depth, enc_bitdepth="8", topk="0.2", eotf="pq")
    assert a.score == b.score and a.name == b.name == "cambi_encbd_8_eotf_pq_topk_0.2"


def test_cambi_errors() -> None:
    _, dis, depth = _frames("gradient_banding")
    d = dis.frames[0]
    with pytest.raises(foveal.FovealError, match=r"nosuch"):
        foveal.cambi(d, bit_depth=depth, nosuch=1)
    with pytest.raises(foveal.FovealError, match=r"window_size"):
        foveal.cambi(d, bit_depth=depth, window_size=3)
    with pytest.raises(ValueError, match=r"heatmaps=True"):
        foveal.cambi(d, bit_depth=depth, heatmaps_path="/tmp")
    with pytest.raises(ValueError, match=r"reference="):
        foveal.cambi(d, bit_depth=depth, full_ref=True)
    with pytest.raises(ValueError, match=r"explicit bit_depth"):
        foveal.cambi(d)
    with pytest.raises(ValueError, match=r"reference and frame luma differ"):
        foveal.cambi(d, bit_depth=depth, reference=d[0][:100])
    small = y4m(pair_paths("carphone")[1]).frames[0]
    with pytest.raises(foveal.FovealError, match=r"176x144"):
        foveal.cambi(small)  # libvmaf's CAMBI writes nothing below 216 on both sides
    hot = d[0].copy()
    hot[0, 0] = 4095
    with pytest.raises(ValueError, match=r"sample value 4095.*10-bit maximum 1023"):
        foveal.cambi(hot, bit_depth=10)


def test_heatmaps_shapes() -> None:
    _, dis, depth = _frames("gradient_banding")
    c = foveal.cambi(dis.frames[0], bit_depth=depth, heatmaps=True)
    assert [h.shape for h in c.heatmaps] == [(324, 576), (162, 288), (81, 144), (41, 72), (21, 36)]
    assert all(h.dtype == np.uint16 for h in c.heatmaps)
    assert c.score == foveal.cambi(dis.frames[0], bit_depth=depth).score
    assert float(c) == c.score


def _oracle_ffmpeg() -> str:
    sys.path.insert(0, str(TESTDATA))
    try:
        import oracle  # type: ignore[import-not-found]

        return str(oracle.ensure_tools()[0])
    except Exception as e:  # no network, not linux x86_64, ...
        pytest.skip(f"the libvmaf oracle is not available here: {e}")
    finally:
        sys.path.remove(str(TESTDATA))


@pytest.mark.parametrize("pair_name,options", [
    ("gradient_banding", {}),
    ("bbb_720p", {"enc_width": 640, "enc_height": 360}),
])
def test_heatmaps_match_libvmaf_files(tmp_path: Path, pair_name: str, options: dict[str, Any]) -> None:
    """libvmaf's cambi heatmaps_path files (one per scale, frames appended) equal ours."""
    ffmpeg = _oracle_ffmpeg()
    ref_path, dis_path = pair_paths(pair_name)
    opts = "".join(f"\\:{k}={v}" for k, v in options.items())
    lavfi = (
        f"libvmaf=feature='name=cambi{opts}\\:heatmaps_path={tmp_path}'"
        f":log_fmt=json:log_path={tmp_path}/log.json:n_threads=1"
    )
    subprocess.run(
        [ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-i", str(dis_path), "-i",
         str(ref_path), "-lavfi", lavfi, "-f", "null", "-"],
        check=True,
    )
    files = sorted(tmp_path.glob("cambi_heatmap_scale_*_16b.gray"))
    assert len(files) == 5, files
    _, dis, depth = _frames(pair_name)
    n = 0
    for i, d in enumerate(dis.frames):
        c = foveal.cambi(d, bit_depth=depth, heatmaps=True, **options)
        for scale, (f, ours) in enumerate(zip(files, c.heatmaps)):
            theirs = np.fromfile(f, dtype="<u2").reshape(len(dis.frames), *ours.shape)[i]
            np.testing.assert_array_equal(ours, theirs, err_msg=f"{pair_name} frame {i} scale {scale}")
            n += ours.size
    count("cambi heatmap samples (live libvmaf)", n)


def test_score_files_with_cambi_alone_skips_the_reference_samples(tmp_path: Path) -> None:
    """CAMBI alone reads no reference sample: a reference with a sample beyond its bit depth
    still gives libvmaf's values; a full-reference metric refuses it; truncation is reported."""
    ref, dis = pair_paths("gradient_banding")
    data = bytearray(ref.read_bytes())
    header = data.index(b"\n") + 1
    frame = 6 + 576 * 324 * 3  # "FRAME\n", 4:2:0 10-bit
    assert len(data) == header + 3 * frame
    at = header + frame + 6  # frame 1's first luma sample
    data[at : at + 2] = b"\xff\xff"
    bad = tmp_path / "bad.y4m"
    bad.write_bytes(bytes(data))
    gold = golden(pairs()["gradient_banding"]["goldens"]["vmaf"])["frames"]
    for threads in (0, 2):
        r = foveal.score_files(bad, dis, models=[], features=["cambi"], threads=threads)
        assert [six(v) for v in r["cambi"]] == [six(f["metrics"]["cambi"]) for f in gold]
    with pytest.raises(foveal.FovealError, match=r"reference: .*frame 1, plane 0: sample value 65535"):
        foveal.score_files(bad, dis, models=[], features=["cambi", "psnr"])
    truncated = tmp_path / "t.y4m"
    truncated.write_bytes(bytes(data[:-10]))
    with pytest.raises(foveal.FovealError, match=r"reference: .*truncated frame 2"):
        foveal.score_files(truncated, dis, models=[], features=["cambi"])
