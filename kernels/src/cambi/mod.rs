//! Kernels of the `cambi` feature (scalar reference first; vector twins per ISA).
