//! Feature extractors, one module per extractor, following libvmaf's contract and naming.
//!
//! - [`extractor`]: the [`Extractor`](extractor::Extractor) trait and the [`FeatureStore`](extractor::FeatureStore).
//! - [`options`]: option tables, parsing, option-dependent feature names.
//! - [`registry`]: which extractor provides which feature; construction of instances.
//! - one module per feature computation: [`vif`], [`adm`], [`motion`], [`cambi`],
//!   and the classic metrics [`psnr`], [`ssim`], [`ms_ssim`], [`psnr_hvs`], [`ciede`].

pub mod adm;
pub mod cambi;
pub mod ciede;
pub mod extractor;
pub mod motion;
pub mod ms_ssim;
pub mod options;
pub mod psnr;
pub mod psnr_hvs;
pub mod registry;
pub mod speed;
pub mod ssim;
pub mod vif;
