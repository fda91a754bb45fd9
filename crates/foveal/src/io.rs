//! Input: streaming Y4M and raw YUV readers.
