//! Kernels of the `adm` feature (scalar reference first; vector twins per ISA).
