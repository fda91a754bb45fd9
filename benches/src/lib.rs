//! Benchmark harness (see issue: SIMD kernels, threads and the benchmark harness).
