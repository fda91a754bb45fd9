"""CPU levels: the kernels' level can be read and capped from Python, and every level the CPU
supports gives libvmaf's numbers (the same goldens) on the carphone pair."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import foveal
from conftest import compare_to_golden, count, golden, group_config, pair_paths, pairs


@pytest.fixture
def uncapped() -> Iterator[None]:
    """Removes any cap after the test (the cap is process-wide)."""
    try:
        yield
    finally:
        foveal.set_max_cpu_level(None)


def test_supported_levels_start_with_scalar_and_include_the_active_one(uncapped: None) -> None:
    levels = foveal.supported_cpu_levels()
    assert levels[0] == "scalar"
    assert set(levels) <= {"scalar", "avx2", "avx512", "neon"}
    foveal.set_max_cpu_level(None)
    assert foveal.cpu_level() == levels[-1]


def test_cap_lowers_the_level_and_none_restores_it(uncapped: None) -> None:
    best = foveal.supported_cpu_levels()[-1]
    foveal.set_max_cpu_level("scalar")
    assert foveal.cpu_level() == "scalar"
    foveal.set_max_cpu_level(None)
    assert foveal.cpu_level() == best


def test_cap_above_the_cpu_yields_the_best_supported_level(uncapped: None) -> None:
    levels = foveal.supported_cpu_levels()
    if "avx2" not in levels:
        pytest.skip("not an x86-64 CPU with AVX2")
    foveal.set_max_cpu_level("avx512")
    assert foveal.cpu_level() == levels[-1]
    foveal.set_max_cpu_level("avx2")
    assert foveal.cpu_level() == "avx2"


def test_unknown_level_is_a_value_error(uncapped: None) -> None:
    with pytest.raises(ValueError, match="unknown CPU level 'sse9'"):
        foveal.set_max_cpu_level("sse9")


@pytest.mark.parametrize("level", ["scalar", "avx2", "avx512", "neon"])
def test_every_supported_level_matches_libvmaf(level: str, uncapped: None) -> None:
    if level not in foveal.supported_cpu_levels():
        pytest.skip(f"{level} not supported by this CPU")
    foveal.set_max_cpu_level(level)
    assert foveal.cpu_level() == level
    group = pairs()["carphone"]["goldens"]["vmaf"]
    models, features = group_config(group)
    result = foveal.score_files(*pair_paths("carphone"), models=models, features=features)
    count("cpu-level golden values", compare_to_golden(result, golden(group), f"carphone at {level}"))
