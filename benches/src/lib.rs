//! foveal's benchmark harness (issue 8, item 4): criterion benches per kernel and per feature
//! (`benches/benches/`), and the `compare` command that times foveal against libvmaf on the same
//! decoded inputs and writes `docs/performance.md`.
//!
//! - [`clips`]: derives the comparison's Y4M inputs into a cache folder.
//! - [`workload`]: the three workloads, spelled for each tool.
//! - [`inproc`]: in-process scoring of frames held in memory (foveal; libvmaf 2.3.1 through
//!   `libvmaf-sys` with the feature of that name).
//! - [`sys`]: wall/CPU time and peak memory of child processes and of this one.
//! - [`synth`]: deterministic synthetic pictures for the criterion benches.
//!
//! `libvmaf-sys` is GPL-3.0: it is an optional dependency of this unpublished crate, behind the
//! `libvmaf-sys` feature, off by default, and never a dependency of a shipped crate.

#![allow(missing_docs)]

pub mod clips;
pub mod inproc;
#[cfg(feature = "libvmaf-sys")]
pub mod libvmaf;
pub mod synth;
pub mod sys;
pub mod workload;
