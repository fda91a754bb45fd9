"""Threads: the GIL is released while scoring, Python threads scoring at once get libvmaf's
numbers, one Scorer shared by threads is safe, worker threads give identical results."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

import foveal
from conftest import compare_to_golden, count, golden, group_config, pair_paths, pairs, y4m


def _files_job(pair_name: str) -> tuple[str, foveal.ScoreResult]:
    models, features = group_config(pairs()[pair_name]["goldens"]["vmaf"])
    return pair_name, foveal.score_files(*pair_paths(pair_name), models=models, features=features)


def _numpy_job(pair_name: str) -> tuple[str, foveal.ScoreResult]:
    models, features = group_config(pairs()[pair_name]["goldens"]["vmaf"])
    ref, dis = (y4m(p) for p in pair_paths(pair_name))
    s = foveal.Scorer(
        models=models, features=features, bit_depth=ref.bit_depth if ref.bit_depth > 8 else None
    )
    for r, d in zip(ref.frames, dis.frames):
        s.push(r, d)
    return pair_name, s.finish()


def test_two_python_threads_scoring_at_once_match_libvmaf() -> None:
    jobs: list[tuple[Any, str]] = [
        (_files_job, "bikes_x264"),
        (_numpy_job, "bbb_x265_10b"),
        (_numpy_job, "bikes_x264"),
        (_files_job, "bikes_420_12b"),
        (_numpy_job, "carphone"),
        (_files_job, "bikes_444"),
    ]
    # Warm the numpy reader's cache so both threads spend their time scoring.
    for _, pair_name in jobs:
        for p in pair_paths(pair_name):
            y4m(p)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda j: j[0](j[1]), jobs))
    n = 0
    for pair_name, result in results:
        n += compare_to_golden(
            result, golden(pairs()[pair_name]["goldens"]["vmaf"]), f"threaded {pair_name}"
        )
    count("two Python threads", n)


def test_gil_is_released_while_scoring() -> None:
    """While one thread is inside score_files, another keeps running Python code.

    The main thread notes the longest stretch it could not run while the scoring thread works;
    with the GIL held for the whole call that stretch would be the call's length.
    """
    models, features = group_config(pairs()["bbb_720p"]["goldens"]["vmaf"])
    done = threading.Event()
    span: list[float] = []

    def work() -> None:
        t0 = time.perf_counter()
        foveal.score_files(*pair_paths("bbb_720p"), models=models, features=features)
        span.append(time.perf_counter() - t0)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    longest = 0.0
    last = time.perf_counter()
    ticks = 0
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert span[0] > 0.3, f"the scoring call took only {span[0]:.3f} s; too short to tell"
    assert longest < span[0] / 2, (
        f"the main thread was blocked for {longest:.3f} s of a {span[0]:.3f} s scoring call"
    )
    assert ticks > 50


def test_one_scorer_shared_by_threads() -> None:
    """Pushes from several threads are serialised; identical frames make the order irrelevant."""
    ref, dis = (y4m(p) for p in pair_paths("bikes_x264"))
    r, d = ref.frames[1], dis.frames[1]
    shared = foveal.Scorer(features=["psnr"])

    def push_some(_: int) -> None:
        for _ in range(4):
            shared.push(r, d)

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(push_some, range(3)))
    assert shared.frames == 12
    together = shared.finish()
    alone = foveal.Scorer(features=["psnr"])
    for _ in range(12):
        alone.push(r, d)
    expected = alone.finish()
    for k in expected.keys():
        np.testing.assert_array_equal(together[k], expected[k], err_msg=k)


def test_worker_threads_give_identical_results() -> None:
    models, features = group_config(pairs()["bikes_x264"]["goldens"]["vmaf"])
    a = foveal.score_files(*pair_paths("bikes_x264"), models=models, features=features, threads=0)
    b = foveal.score_files(*pair_paths("bikes_x264"), models=models, features=features, threads=2)
    ref, dis = (y4m(p) for p in pair_paths("bikes_x264"))
    s = foveal.Scorer(models=models, features=features, threads=2)
    for r, d in zip(ref.frames, dis.frames):
        s.push(r, d)
    c = s.finish()
    assert a.keys() == b.keys() == c.keys()
    for k in a.keys():
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
        np.testing.assert_array_equal(a[k], c[k], err_msg=k)


@pytest.mark.parametrize("split_frames", [True, False])
def test_split_frames_either_way_match_libvmaf(split_frames: bool) -> None:
    """Frames split over the threads (extractors side by side, VIF in row bands) or scored side by
    side: libvmaf's numbers both ways, from files and from numpy frames."""
    group = pairs()["bikes_x264"]["goldens"]["vmaf"]
    models, features = group_config(group)
    paths = pair_paths("bikes_x264")
    a = foveal.score_files(
        *paths, models=models, features=features, threads=3, split_frames=split_frames
    )
    n = compare_to_golden(a, golden(group), f"score_files split_frames={split_frames}")
    ref, dis = (y4m(p) for p in paths)
    s = foveal.Scorer(models=models, features=features, threads=2, split_frames=split_frames)
    for r, d in zip(ref.frames, dis.frames):
        s.push(r, d)
    n += compare_to_golden(s.finish(), golden(group), f"Scorer split_frames={split_frames}")
    count("split-frame golden values", n)
