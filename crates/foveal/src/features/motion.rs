//! The `motion` feature extractor (work in progress).
