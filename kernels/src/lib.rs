//! foveal-kernels: the hot loops of foveal's metrics.
//!
//! Every kernel has a scalar reference implementation (always compiled, always available) and,
//! where it pays, vector twins selected at run time. The choice of instruction set is made once
//! per process by [`cpu::CpuLevel::active`] and can be lowered by the user (environment variable
//! `FOVEAL_CPU`, or [`cpu::set_max_level`]) but never raised beyond what the CPU supports.
//!
//! This crate, and the two FFI crates, are the only places in the workspace where `unsafe` may
//! appear; the library crate `foveal` forbids it.

#![warn(missing_docs)]

pub mod adm;
pub mod cambi;
pub mod classic;
pub mod cpu;
#[cfg(target_arch = "x86_64")]
mod isa;
pub mod motion;
pub mod speed;
pub mod vif;
