//! Feature extractors, one module per extractor, following libvmaf's contract and naming.
//!
//! - [`extractor`]: the [`Extractor`](extractor::Extractor) trait and the [`FeatureStore`](extractor::FeatureStore).
//! - [`options`]: option tables, parsing, option-dependent feature names.
//! - [`registry`]: which extractor provides which feature; construction of instances.
//! - one module per feature computation: [`vif`], [`adm`], [`motion`], [`cambi`].

pub mod adm;
pub mod cambi;
pub mod extractor;
pub mod motion;
pub mod options;
pub mod registry;
pub mod speed;
pub mod vif;
