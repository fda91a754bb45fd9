"""foveal: perceptual video-quality metrics (VMAF, CAMBI, PSNR, SSIM), bit-exact with libvmaf."""

from ._foveal import __version__

__all__ = ["__version__"]
