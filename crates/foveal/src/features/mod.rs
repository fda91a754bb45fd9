//! Feature extractors, one module per extractor, following libvmaf's contract and naming.

pub mod adm;
pub mod cambi;
pub mod motion;
pub mod vif;
pub mod options;
