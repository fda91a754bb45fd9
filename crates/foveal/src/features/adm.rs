//! The `adm` feature extractor (work in progress).
