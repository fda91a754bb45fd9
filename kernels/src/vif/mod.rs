//! Kernels of the `vif` feature (scalar reference first; vector twins per ISA).
