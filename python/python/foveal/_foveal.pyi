# Type stubs of the native module foveal._foveal (python/src/*.rs). Checked against the built
# module by `python -m mypy.stubtest foveal._foveal` (make test-python), so they cannot drift.

from collections.abc import Iterator, Mapping, Sequence
from os import PathLike
from typing import Any, Optional, Union, final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "__version__",
    "build_profile",
    "FovealError",
    "builtin_models",
    "cpu_level",
    "supported_cpu_levels",
    "set_max_cpu_level",
    "score_files",
    "cambi",
    "Scorer",
    "ScoreResult",
    "CambiResult",
]

__version__: str
build_profile: str

_Plane = Union[NDArray[np.uint8], NDArray[np.uint16]]
"""One plane: a 2-D C-contiguous uint8 (8-bit) or uint16 (9..16-bit) array."""

_Frame = Union[_Plane, tuple[_Plane, _Plane, _Plane], Sequence[_Plane]]
"""A frame: a 2-D luma array (4:0:0) or (y, u, v) planes."""

_OptionValue = Union[str, bool, int, float]
_ModelSpec = Union[str, Sequence[str]]
_FeatureSpec = Union[str, tuple[str, Mapping[str, _OptionValue]]]
_FeatureSpecs = Union[str, Sequence[_FeatureSpec]]

class FovealError(Exception):
    """Every error of the foveal library (not array shape/dtype/depth problems: ValueError)."""

def builtin_models() -> list[str]: ...
def cpu_level() -> str:
    """The instruction-set level the kernels use now: "scalar", "avx2", "avx512" or "neon"."""

def supported_cpu_levels() -> list[str]:
    """The levels this CPU supports, lowest first."""

def set_max_cpu_level(level: Optional[str]) -> None:
    """Caps the kernels' level for scorers created afterwards (None removes the cap)."""

def score_files(
    reference: Union[str, PathLike[str]],
    distorted: Union[str, PathLike[str]],
    *,
    models: Optional[_ModelSpec] = "vmaf_v0.6.1",
    features: Optional[_FeatureSpecs] = (),
    threads: int = 0,
    subsample: int = 1,
    no_prediction: bool = False,
    width: Optional[int] = None,
    height: Optional[int] = None,
    pixel_format: Optional[str] = None,
    bit_depth: Optional[int] = None,
    frame_skip_ref: int = 0,
    frame_skip_dist: int = 0,
    frame_cnt: Optional[int] = None,
    compute_bit_depth: Optional[int] = None,
    split_frames: Optional[bool] = None,
) -> ScoreResult: ...
def cambi(
    frame: _Frame,
    *,
    bit_depth: Optional[int] = None,
    reference: Optional[_Frame] = None,
    heatmaps: bool = False,
    **options: _OptionValue,
) -> CambiResult: ...
@final
class Scorer:
    def __new__(
        cls,
        *,
        models: Optional[_ModelSpec] = "vmaf_v0.6.1",
        features: Optional[_FeatureSpecs] = (),
        threads: int = 0,
        subsample: int = 1,
        no_prediction: bool = False,
        bit_depth: Optional[int] = None,
        compute_bit_depth: Optional[int] = None,
        split_frames: Optional[bool] = None,
    ) -> Scorer: ...
    def push(self, reference: _Frame, distorted: _Frame) -> None: ...
    def finish(self) -> ScoreResult: ...
    @property
    def frames(self) -> int: ...

@final
class ScoreResult:
    def __getitem__(self, key: str, /) -> NDArray[np.float64]: ...
    def __contains__(self, key: str, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def keys(self) -> list[str]: ...
    def items(self) -> list[tuple[str, NDArray[np.float64]]]: ...
    def pooled(self, name: str, method: str = "mean") -> float: ...
    def bootstrap(self, name: str = "vmaf") -> dict[str, NDArray[np.float64]]: ...
    def interval(self, name: str = "vmaf", method: str = "mean") -> tuple[float, float]: ...
    def to_json(self) -> str: ...
    def to_xml(self) -> str: ...
    def to_csv(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def frames(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def subsample(self) -> int: ...
    @property
    def fps(self) -> float: ...
    @property
    def aggregate(self) -> dict[str, float]: ...

@final
class CambiResult:
    def __float__(self) -> float: ...
    @property
    def score(self) -> float: ...
    @property
    def source_score(self) -> Optional[float]: ...
    @property
    def full_reference_score(self) -> Optional[float]: ...
    @property
    def name(self) -> str: ...
    @property
    def heatmaps(self) -> list[NDArray[np.uint16]]: ...
