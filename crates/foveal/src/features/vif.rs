//! The `vif` feature extractor (work in progress).
