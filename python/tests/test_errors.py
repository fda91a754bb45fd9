"""Errors: ValueError naming the offending values for array shape/dtype/layout/depth problems,
FovealError for everything the library refuses, KeyError/ValueError on results; no panic reaches
Python."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import foveal
from conftest import pair_paths, y4m


def frame(
    h: int = 64, w: int = 48, chroma: str = "420", dtype: Any = np.uint8, value: int = 16
) -> Any:
    y = np.full((h, w), value, dtype=dtype)
    if chroma == "400":
        return y
    ch, cw = {"420": ((h + 1) // 2, (w + 1) // 2), "422": (h, (w + 1) // 2), "444": (h, w)}[chroma]
    return (y, np.full((ch, cw), value, dtype=dtype), np.full((ch, cw), value, dtype=dtype))


def scorer(**kw: Any) -> foveal.Scorer:
    return foveal.Scorer(models=[], features=["psnr"], **kw)


def test_foveal_error_is_its_own_exception() -> None:
    assert issubclass(foveal.FovealError, Exception)
    assert not issubclass(foveal.FovealError, ValueError)


# --- shapes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad,needle",
    [
        (np.zeros((4, 8, 8), np.uint8), "2-D"),
        (np.zeros((8,), np.uint8), "2-D"),
        (np.zeros((0, 8), np.uint8), "empty"),
        ((np.zeros((8, 8), np.uint8), np.zeros((4, 4), np.uint8)), "1 plane (y) or 3 planes"),
        (
            (np.zeros((8, 8), np.uint8), np.zeros((3, 4), np.uint8), np.zeros((3, 4), np.uint8)),
            "(3, 4) do not fit luma (8, 8)",
        ),
        (
            (np.zeros((8, 8), np.uint8), np.zeros((4, 4), np.uint8), np.zeros((8, 8), np.uint8)),
            "u and v differ",
        ),
    ],
)
def test_shape_errors_name_the_shapes(bad: Any, needle: str) -> None:
    with pytest.raises(ValueError) as e:
        scorer().push(bad, bad)
    assert needle in str(e.value)


def test_reference_and_distorted_must_agree() -> None:
    with pytest.raises(ValueError, match=r"reference 48x64 420 8-bit, distorted 48x32 420 8-bit"):
        scorer().push(frame(64, 48), frame(32, 48))
    with pytest.raises(ValueError, match=r"reference 48x64 420.*distorted 48x64 444"):
        scorer().push(frame(chroma="420"), frame(chroma="444"))


def test_chroma_sampling_is_read_from_shapes() -> None:
    for chroma in ("400", "420", "422", "444"):
        s = scorer()
        s.push(frame(chroma=chroma), frame(chroma=chroma))
        r = s.finish()
        assert "psnr_y" in r
        assert (r.width, r.height) == (48, 64)
        assert repr(s).startswith("<foveal.Scorer finished")


def test_format_change_mid_stream_is_a_value_error_and_scorer_goes_on() -> None:
    s = scorer()
    s.push(frame(), frame())
    with pytest.raises(ValueError, match=r"frame 1: frames are 48x32 420 8-bit, but this Scorer's"):
        s.push(frame(32, 48), frame(32, 48))
    s.push(frame(), frame(value=20))
    r = s.finish()
    assert r.frames == 2
    assert r["psnr_y"][0] == 60.0  # identical frames: libvmaf's psnr cap at 8 bit


# --- dtypes, layouts ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.int16, np.uint32, np.int8, np.dtype(">u2")])
def test_unsupported_dtype(dtype: Any) -> None:
    f = np.zeros((16, 16), dtype=dtype)
    with pytest.raises(ValueError) as e:
        scorer(bit_depth=10).push(f, f)
    assert f"dtype {f.dtype}" in str(e.value) or f"dtype {f.dtype.str}" in str(e.value)
    assert "uint8" in str(e.value) and "uint16" in str(e.value)


def test_mixed_dtypes_in_one_frame() -> None:
    f = (np.zeros((8, 8), np.uint8), np.zeros((4, 4), np.uint16), np.zeros((4, 4), np.uint16))
    with pytest.raises(ValueError, match=r"mix dtypes \(1 uint8, 2 uint16\)"):
        scorer(bit_depth=10).push(f, f)


@pytest.mark.parametrize(
    "make",
    [
        lambda a: a[:, ::2],
        lambda a: a.T,
        lambda a: np.asfortranarray(a),
        lambda a: a[::2, :],
    ],
    ids=["column-step", "transpose", "fortran", "row-step"],
)
def test_non_contiguous_planes_are_refused(make: Any) -> None:
    base = np.zeros((32, 32), np.uint8)
    bad = make(base)
    with pytest.raises(ValueError, match=r"not C-contiguous.*numpy.ascontiguousarray"):
        scorer().push(bad, bad)
    ok = np.ascontiguousarray(bad)
    s = scorer()
    s.push(ok, ok)
    assert s.finish().frames == 1


def test_not_an_array_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"expected a 2-D numpy array"):
        scorer().push(42, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"expected a numpy.ndarray"):
        lists: Any = [[1, 2], [3, 4], [5, 6]]  # lists, not arrays
        scorer().push(lists, lists)


def test_read_only_and_sliced_row_ranges_are_used_in_place() -> None:
    """Row slices of a bigger array (e.g. one buffer holding Y then U then V) are contiguous."""
    h, w = 32, 48
    buf = np.arange(h * w * 3 // 2, dtype=np.uint32).astype(np.uint8).reshape(h * 3 // 2, w)
    buf.setflags(write=False)
    y = buf[:h]
    u = buf[h : h + h // 4].reshape(h // 2, w // 2)
    v = buf[h + h // 4 :].reshape(h // 2, w // 2)
    s = scorer()
    s.push((y, u, v), (y, u, v))
    assert s.finish()["psnr_cb"][0] == 60.0


# --- bit depths -----------------------------------------------------------------------------


def test_uint16_needs_explicit_bit_depth() -> None:
    f = frame(dtype=np.uint16)
    with pytest.raises(ValueError, match=r"uint16 planes need an explicit bit_depth"):
        scorer().push(f, f)


def test_depth_and_dtype_must_agree() -> None:
    with pytest.raises(ValueError, match=r"bit_depth 10 needs uint16 planes, got uint8"):
        scorer(bit_depth=10).push(frame(), frame())
    f16 = frame(dtype=np.uint16)
    with pytest.raises(ValueError, match=r"bit_depth 8 needs uint8 planes, got uint16"):
        scorer(bit_depth=8).push(f16, f16)


@pytest.mark.parametrize("depth", [0, 7, 17, 255, 1000, -1])
def test_bit_depth_out_of_range(depth: int) -> None:
    with pytest.raises(ValueError, match=rf"bit_depth {depth} is out of range"):
        scorer(bit_depth=depth)
    with pytest.raises(ValueError, match=rf"bit_depth {depth} is out of range"):
        foveal.cambi(np.zeros((240, 320), np.uint16), bit_depth=depth)


def test_samples_above_the_bit_depth_are_named() -> None:
    f = frame(dtype=np.uint16, value=512)
    bad = (f[0].copy(), f[1], f[2].copy())
    bad[2][3, 5] = 1024
    with pytest.raises(
        ValueError,
        match=r"distorted plane v: sample value 1024 at \(row 3, column 5\) exceeds the 10-bit maximum 1023",
    ):
        scorer(bit_depth=10).push(f, bad)
    s = scorer(bit_depth=12)  # the same samples fit 12 bits
    s.push(f, bad)
    assert s.finish().frames == 1


# --- library errors -------------------------------------------------------------------------


def test_configuration_errors_raise_foveal_error_up_front(carphone: tuple[Path, Path]) -> None:
    with pytest.raises(foveal.FovealError, match=r"vmaf_v9"):
        foveal.Scorer(models=["vmaf_v9"])
    with pytest.raises(foveal.FovealError, match=r"nosuchfeature"):
        foveal.Scorer(features=["nosuchfeature"])
    with pytest.raises(foveal.FovealError, match=r"topk"):
        foveal.Scorer(features=[("cambi", {"topk": 5})])
    with pytest.raises(foveal.FovealError, match=r"nosuchoption"):
        foveal.Scorer(features=["psnr=nosuchoption=1"])
    with pytest.raises(foveal.FovealError, match=r"two models are named \"vmaf\""):
        foveal.Scorer(models=["vmaf_v0.6.1", "vmaf_v0.6.1neg"])
    with pytest.raises(TypeError, match=r"each feature is a str"):
        foveal.Scorer(features=[42])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"subsample must be at least 1"):
        foveal.Scorer(subsample=0)
    # Several models work once named, as in libvmaf.
    r = foveal.score_files(
        *carphone, models=["vmaf_v0.6.1", "version=vmaf_v0.6.1neg:name=vmaf_neg"], frame_cnt=2
    )
    assert {"vmaf", "vmaf_neg"} <= set(r.keys())
    assert r.frames == 2


def test_file_errors(tmp_path: Path, carphone: tuple[Path, Path]) -> None:
    ref, dis = carphone
    with pytest.raises(foveal.FovealError, match=r"nope.y4m"):
        foveal.score_files(tmp_path / "nope.y4m", dis)
    junk = tmp_path / "junk.y4m"
    junk.write_bytes(b"not a y4m file\n")
    with pytest.raises(foveal.FovealError, match=r"reference: .*junk.y4m.*bad Y4M.*width="):
        foveal.score_files(junk, dis)
    other = pair_paths("bikes_x264")[1]
    with pytest.raises(foveal.FovealError, match=r"frame size differ: reference 176x144, distorted 640x272"):
        foveal.score_files(ref, other)
    with pytest.raises(ValueError, match=r"missing height, pixel_format, bit_depth"):
        foveal.score_files(ref, dis, width=176)
    with pytest.raises(foveal.FovealError, match=r"cannot skip 99 frame"):
        foveal.score_files(ref, dis, frame_skip_ref=99)
    truncated = tmp_path / "t.y4m"
    truncated.write_bytes(dis.read_bytes()[:-100])
    with pytest.raises(foveal.FovealError, match=r"truncated frame 9"):
        foveal.score_files(ref, truncated)


def test_frame_count_mismatch_warns(tmp_path: Path, carphone: tuple[Path, Path]) -> None:
    ref, dis = carphone
    short = tmp_path / "short.y4m"
    data = dis.read_bytes()
    short.write_bytes(data[: 70 + 3 * (6 + 38016)])  # header + 3 frames
    with pytest.warns(RuntimeWarning, match=r"reference input has more frames.*3 frame"):
        r = foveal.score_files(ref, short)
    assert r.frames == 3


def test_scorer_lifecycle_errors() -> None:
    s = scorer()
    with pytest.raises(foveal.FovealError, match=r"no frames were pushed"):
        s.finish()
    s = scorer()
    s.push(frame(), frame())
    s.finish()
    with pytest.raises(foveal.FovealError, match=r"has finished"):
        s.push(frame(), frame())
    with pytest.raises(foveal.FovealError, match=r"has finished"):
        s.finish()


def test_library_refusal_of_the_frames_is_a_foveal_error() -> None:
    """float_ms_ssim needs frames of at least 176x176 (libvmaf: "scale below 1x1")."""
    s = foveal.Scorer(models=[], features=["float_ms_ssim"])
    with pytest.raises(foveal.FovealError, match=r"16"):
        s.push(frame(16, 16), frame(16, 16))


def test_result_lookup_errors(carphone: tuple[Path, Path]) -> None:
    r = foveal.score_files(*carphone, frame_cnt=2)
    with pytest.raises(KeyError, match=r"nope.*it has: integer_adm2"):
        r["nope"]
    with pytest.raises(KeyError):
        r.pooled("nope")
    with pytest.raises(ValueError, match=r"pooling method \"median\" is not one of"):
        r.pooled("vmaf", "median")
    with pytest.raises(ValueError):
        r.pooled("vmaf", "p101")
    with pytest.raises(KeyError, match=r"not a bootstrap model"):
        r.bootstrap("vmaf")
    with pytest.raises(KeyError, match=r"not a bootstrap model"):
        r.interval("vmaf")


def test_a_panic_surfaces_as_foveal_error() -> None:
    with pytest.raises(foveal.FovealError, match=r"internal error.*boom.*bug"):
        foveal._foveal._panic_for_tests("boom")  # type: ignore[attr-defined]


# Odd geometries and every extractor: each either scores or raises FovealError/ValueError, and
# none of the errors is an internal error (a panic inside the library caught by the guard).
SIZES = [(1, 1), (2, 3), (9, 5), (16, 16), (33, 17), (3, 200), (37, 71)]
FEATURES = ["psnr", "float_ssim", "float_ms_ssim", "psnr_hvs", "ciede", "cambi", "vif", "adm", "motion"]


@pytest.mark.parametrize("size", SIZES, ids=[f"{h}x{w}" for h, w in SIZES])
def test_odd_geometries_never_panic(size: tuple[int, int]) -> None:
    h, w = size
    rng = np.random.default_rng(h * 1000 + w)
    for chroma, feature in itertools.product(["400", "420", "444"], FEATURES):
        ref = frame(h, w, chroma, np.uint16, 0)
        planes = ref if isinstance(ref, tuple) else (ref,)
        for p in planes:
            p[...] = rng.integers(0, 1024, p.shape, dtype=np.uint16)
        try:
            s = foveal.Scorer(models=[], features=[feature], bit_depth=10)
            s.push(ref, ref)
            s.push(ref, ref)
            s.finish()
        except (foveal.FovealError, ValueError) as e:
            assert "internal error" not in str(e), f"{feature} {chroma} {h}x{w}: {e}"


def test_numpy_reader_sanity() -> None:
    """The test's own Y4M reader agrees with the manifest (frames, sizes, depth)."""
    v = y4m(pair_paths("bbb_x265_10b")[0])
    assert (v.width, v.height, v.bit_depth, len(v.frames)) == (384, 216, 10, 5)
    assert v.frames[0][0].dtype == np.uint16 and v.frames[0][1].shape == (108, 192)
