//! The one error type of the library. Every message names the offending value and, where two
//! values disagree, both of them.

use std::path::PathBuf;

/// Result alias used throughout foveal.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in foveal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value given by the caller is outside its allowed range or otherwise invalid.
    #[error("invalid {what}: {value} (allowed: {allowed})")]
    InvalidArgument {
        /// What the value is (e.g. "bit depth").
        what: &'static str,
        /// The value received.
        value: String,
        /// The allowed range or set.
        allowed: String,
    },
    /// A frame buffer does not match the geometry it claims.
    #[error("invalid frame: {0}")]
    InvalidFrame(String),
    /// An input file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file (or "-" for standard input).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A Y4M stream has a malformed or missing header or frame marker.
    #[error("{path}: bad Y4M {what}: {detail}")]
    Y4mHeader {
        /// The file.
        path: PathBuf,
        /// "stream header" or "frame header".
        what: &'static str,
        /// What exactly is wrong.
        detail: String,
    },
    /// The input is valid but uses a feature foveal does not support.
    #[error("{path}: unsupported input: {detail}")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What is unsupported and what would be.
        detail: String,
    },
    /// The file ends in the middle of a frame.
    #[error("{path}: truncated frame {frame}: expected {expected} bytes, got {got}")]
    TruncatedFrame {
        /// The file.
        path: PathBuf,
        /// 0-based index of the incomplete frame (counted from the start of the file).
        frame: u64,
        /// Bytes a whole frame needs.
        expected: usize,
        /// Bytes that were available.
        got: usize,
    },
    /// A sample is larger than its bit depth allows.
    #[error(
        "{path}: frame {frame}, plane {plane}: sample value {value} exceeds the {bit_depth}-bit maximum {max}"
    )]
    SampleOutOfRange {
        /// The file.
        path: PathBuf,
        /// 0-based frame index.
        frame: u64,
        /// Plane index (0 = Y).
        plane: usize,
        /// The offending sample.
        value: u32,
        /// Declared bit depth.
        bit_depth: u8,
        /// Largest allowed value.
        max: u32,
    },
    /// Reference and distorted inputs disagree on a property that must match.
    #[error("reference and distorted {what} differ: reference {reference}, distorted {distorted}")]
    Mismatch {
        /// The property (e.g. "frame size").
        what: &'static str,
        /// The reference's value.
        reference: String,
        /// The distorted input's value.
        distorted: String,
    },
}

impl Error {
    /// Convenience constructor for [`Error::InvalidArgument`].
    pub fn invalid(what: &'static str, value: impl ToString, allowed: impl ToString) -> Self {
        Error::InvalidArgument {
            what,
            value: value.to_string(),
            allowed: allowed.to_string(),
        }
    }

    /// Convenience constructor for [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
