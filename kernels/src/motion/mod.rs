//! Kernels of the `motion` feature (scalar reference first; vector twins per ISA).
