"""foveal: perceptual video-quality metrics (VMAF, CAMBI, PSNR, SSIM), bit-exact with libvmaf 3.2.

Score files::

    import foveal
    result = foveal.score_files("ref.y4m", "dis.y4m")
    result["vmaf"]                      # numpy array, one value per frame
    result.pooled("vmaf", "harmonic_mean")

or numpy frames from any decoder::

    scorer = foveal.Scorer(models=["vmaf_v0.6.1"], features=["psnr"])
    for ref, dis in frames:             # 2-D luma arrays or (y, u, v) tuples, uint8/uint16
        scorer.push(ref, dis)
    result = scorer.finish()

Problems with the arrays (shape, dtype, layout, bit depth) raise ValueError; everything else the
library refuses raises FovealError. The GIL is released while scoring. See docs/python.md.
"""

from ._foveal import (
    CambiResult as CambiResult,
    FovealError as FovealError,
    Scorer as Scorer,
    ScoreResult as ScoreResult,
    __version__ as __version__,
    build_profile as build_profile,
    builtin_models as builtin_models,
    cambi as cambi,
    cpu_level as cpu_level,
    score_files as score_files,
    set_max_cpu_level as set_max_cpu_level,
    supported_cpu_levels as supported_cpu_levels,
)

__all__ = [
    "CambiResult",
    "FovealError",
    "ScoreResult",
    "Scorer",
    "__version__",
    "build_profile",
    "builtin_models",
    "cambi",
    "cpu_level",
    "score_files",
    "set_max_cpu_level",
    "supported_cpu_levels",
]
