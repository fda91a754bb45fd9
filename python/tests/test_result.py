"""ScoreResult: mapping-like access, bootstrap intervals, subsampling, pooling methods."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import foveal
from conftest import count, golden, pair_paths, pairs, six


@pytest.mark.parametrize("pair_name", ["bikes_x264", "bbb_x265_10b", "bikes_444"])
def test_bootstrap_model_matches_libvmaf(pair_name: str) -> None:
    """vmaf_b_v0.6.3 by version: the main score and the 20 members equal libvmaf's (golden
    vmaf_b group), and bagging/stddev/ci are libvmaf's statistics of those members (mean,
    population standard deviation, 2.5th/97.5th percentiles), computed here from the golden."""
    gold = golden(pairs()[pair_name]["goldens"]["vmaf_b"])["frames"]
    r = foveal.score_files(*pair_paths(pair_name), models=["version=vmaf_b_v0.6.3:name=vmaf_b"])
    n = 0
    for i, f in enumerate(gold):
        m = f["metrics"]
        assert six(r["vmaf_b"][i]) == six(m["vmaf_b"])
        members = np.array([m["vmaf_b_%04d" % k] for k in range(1, 21)])
        for k in range(1, 21):
            assert six(r["vmaf_b_%04d" % k][i]) == six(m["vmaf_b_%04d" % k])
        n += 21
        b = r.bootstrap("vmaf_b")
        # The golden members are rounded to 6 decimals: allow that much.
        assert b["bagging"][i] == pytest.approx(members.mean(), abs=1e-6)
        assert b["stddev"][i] == pytest.approx(members.std(), abs=2e-6)
        assert b["ci_p95_lo"][i] == pytest.approx(np.percentile(members, 2.5), abs=1e-6)
        assert b["ci_p95_hi"][i] == pytest.approx(np.percentile(members, 97.5), abs=1e-6)
        assert b["ci_p95_lo"][i] <= b["bagging"][i] <= b["ci_p95_hi"][i]
    count("bootstrap members", n)
    assert sorted(r.bootstrap("vmaf_b")) == ["bagging", "ci_p95_hi", "ci_p95_lo", "stddev"]
    lo, hi = r.interval("vmaf_b")
    assert (lo, hi) == (r.pooled("vmaf_b_ci_p95_lo"), r.pooled("vmaf_b_ci_p95_hi"))
    assert r.interval("vmaf_b", "min")[0] == r["vmaf_b_ci_p95_lo"].min()
    # The report lists them after the members, as libvmaf does.
    keys = r.keys()
    assert keys[-4:] == ["vmaf_b_bagging", "vmaf_b_stddev", "vmaf_b_ci_p95_lo", "vmaf_b_ci_p95_hi"]


def test_mapping_like_access(carphone: tuple[Path, Path]) -> None:
    r = foveal.score_files(*carphone, features=["psnr"])
    assert r.frames == 10 and (r.width, r.height) == (176, 144) and r.subsample == 1
    assert r.keys()[-1] == "vmaf"
    assert list(r) == r.keys() and len(r) == len(r.keys())
    assert "vmaf" in r and "psnr_y" in r and "nope" not in r
    # Stored names work too (libvmaf prints them under their alias).
    assert "VMAF_integer_feature_vif_scale0_score" in r
    np.testing.assert_array_equal(r["VMAF_integer_feature_vif_scale0_score"], r["integer_vif_scale0"])
    a = r["vmaf"]
    assert a.dtype == np.float64 and a.shape == (10,)
    a[:] = 0  # a fresh array each time: the result is not changed
    assert r["vmaf"][0] != 0
    items = dict(r.items())
    assert list(items) == r.keys()
    np.testing.assert_array_equal(items["psnr_y"], r["psnr_y"])
    assert r.fps > 0 and r.aggregate == {}
    assert repr(r).startswith("<foveal.ScoreResult 10 frame(s) 176x144: psnr_y, psnr_cb")


def test_pooling_methods(carphone: tuple[Path, Path]) -> None:
    r = foveal.score_files(*carphone)
    v = r["vmaf"]
    assert r.pooled("vmaf") == r.pooled("vmaf", "mean")
    assert r.pooled("vmaf", "min") == v.min() and r.pooled("vmaf", "max") == v.max()
    assert r.pooled("vmaf", "p50") == pytest.approx(np.median(v), abs=1e-12)
    assert r.pooled("vmaf", "p5") == pytest.approx(np.percentile(v, 5), abs=1e-12)
    hm = len(v) / np.sum(1.0 / (v + 1.0)) - 1.0  # libvmaf's harmonic mean
    assert r.pooled("vmaf", "harmonic_mean") == pytest.approx(hm, abs=1e-12)


def test_subsample_leaves_frames_out(carphone: tuple[Path, Path]) -> None:
    """subsample=3 scores frames 0, 3, 6, 9 (NaN elsewhere) with libvmaf's values there."""
    gold = golden(pairs()["carphone"]["goldens"]["vmaf"])["frames"]
    r = foveal.score_files(*carphone, subsample=3)
    assert r.subsample == 3 and r.frames == 10
    v = r["vmaf"]
    scored = [i for i in range(10) if not math.isnan(v[i])]
    assert scored == [0, 3, 6, 9]
    for i in scored:
        assert six(v[i]) == six(gold[i]["metrics"]["vmaf"])
    assert [f["frameNum"] for f in r.to_dict()["frames"]] == [0, 3, 6, 9]
    assert r.pooled("vmaf") == pytest.approx(np.mean(v[scored]), abs=1e-12)


def test_no_prediction_and_feature_only_runs(carphone: tuple[Path, Path]) -> None:
    r = foveal.score_files(*carphone, no_prediction=True)
    assert "vmaf" not in r and "integer_vif_scale0" in r
    r = foveal.score_files(*carphone, models=[], features=["psnr", ("float_ssim", {})])
    assert r.keys() == ["psnr_y", "psnr_cb", "psnr_cr", "float_ssim"]


def test_builtin_models_listed() -> None:
    names = foveal.builtin_models()
    assert {"vmaf_v0.6.1", "vmaf_v0.6.1neg", "vmaf_4k_v0.6.1", "vmaf_b_v0.6.3"} <= set(names)
    assert foveal.__version__ and foveal.build_profile in ("release", "debug")
