//! The `cambi` feature extractor (work in progress).
