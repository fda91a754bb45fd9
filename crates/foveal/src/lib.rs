//! foveal: perceptual video-quality metrics, bit-exact with libvmaf 3.2.
//!
//! Layers, bottom up (see `docs/STRUCTURE.md`):
//! - [`frame`]: borrowed and owned frames (8–16 bit; 4:0:0, 4:2:0, 4:2:2, 4:4:4; strides).
//! - [`io`]: streaming Y4M and raw YUV readers (and a Y4M writer).
//! - [`features`]: one module per feature extractor (VIF, ADM, motion, CAMBI, ...), whose hot
//!   loops live in the `foveal-kernels` crate.
//! - [`model`]: libvmaf's JSON model format, SVM prediction, score transforms, bootstrap.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod features;
pub mod frame;
pub mod io;
pub mod model;
pub mod report;
pub mod scorer;

pub use error::{Error, Result};
/// The kernels' instruction-set levels: [`cpu::CpuLevel::active`] (detected once, lowered by
/// the `FOVEAL_CPU` environment variable) and [`cpu::set_max_level`] to cap it. Scores are
/// identical at every level.
pub use foveal_kernels::cpu;
pub use frame::{ChromaSampling, Frame, FrameFormat, FrameView, Pixel, Plane, PlaneRef};

/// The version of this library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
