# foveal — developer entry points. `make demo` and `make test` are the README's two commands.

CARGO ?= cargo
PREFIX ?= /usr/local
DEMO_REF ?= testdata/clips/bikes_x264/ref.y4m
DEMO_DIS ?= testdata/clips/bikes_x264/dis.y4m

.PHONY: demo test test-rust check fmt

## Score the sample pair shipped in testdata/: VMAF v0.6.1 (+ NEG) and CAMBI, JSON report in out/.
demo:
	@mkdir -p out
	$(CARGO) run --release -q -p foveal-cli -- -r $(DEMO_REF) -d $(DEMO_DIS) \
		-m version=vmaf_v0.6.1 -m version=vmaf_v0.6.1neg:name=vmaf_neg --feature cambi \
		--json -o out/demo.json
	@echo "report: out/demo.json"

## Every test: Rust (unit, conformance against libvmaf goldens, CLI), C (the installed libfoveal
## under valgrind), Python (bindings, stubtest), then the live checks against libvmaf (seeded
## random differential test, thread invariance, bounded memory).
test: test-rust test-c test-python test-live

test-rust:
	$(CARGO) test --workspace --exclude foveal-python

## Formatting and lints (clippy with -D warnings over every crate and target).
check:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all

## Live checks (need network once for the oracle's pinned wheels): seeded random differential test
## against libvmaf (prints its seed; replay with SEED=N), thread invariance and bounded memory.
## Options: SEED=N (replay), CASES=K (default 8 here), SIZES=any|even|WxH,... (restrict frame sizes).
.PHONY: test-live
test-live:
	$(CARGO) build --release -p foveal-cli
	python3 testdata/live_diff.py --foveal target/release/foveal $(if $(SEED),--seed $(SEED)) \
		--cases $(or $(CASES),8) $(if $(SIZES),--sizes $(SIZES))
	python3 testdata/stress.py --foveal target/release/foveal

## Python bindings: a virtualenv in python/.venv (maturin, numpy, pytest, mypy from PyPI), then
## `pip install ./python` (maturin release build of the abi3 wheel), mypy stubtest of the stubs
## against the built module, and the pytest suite (libvmaf goldens through files and numpy
## frames, errors, threads and the GIL, CAMBI and its heatmaps against the live oracle).
PYTHON ?= python3
PYVENV ?= python/.venv
.PHONY: test-python
test-python:
	$(PYTHON) -m venv $(PYVENV)
	$(PYVENV)/bin/python -m pip install -q --disable-pip-version-check maturin numpy pytest mypy
	$(PYVENV)/bin/python -m pip install -q --disable-pip-version-check ./python
	MYPY_CACHE_DIR=$(PYVENV)/mypy-cache $(PYVENV)/bin/python -m mypy.stubtest foveal
	MYPY_CACHE_DIR=$(PYVENV)/mypy-cache $(PYVENV)/bin/python -m mypy --strict python/tests
	$(PYVENV)/bin/python -m pytest -p no:cacheprovider python/tests

## C library: `make install PREFIX=/some/prefix` (default /usr/local; DESTDIR is honoured) builds
## libfoveal (release) and installs lib/libfoveal.so.X.Y.Z (+ .so.X and .so links),
## lib/libfoveal.a, include/foveal.h and lib/pkgconfig/foveal.pc.
CAPI_DIR := crates/foveal-capi
CAPI_ABI := $(shell sed -n 's/^\#define FOVEAL_ABI_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$$/\2/p' $(CAPI_DIR)/include/foveal.h | paste -sd. -)
CAPI_ABI_MAJOR := $(firstword $(subst ., ,$(CAPI_ABI)))
CAPI_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
.PHONY: install test-c
install:
	$(CARGO) build --release -p foveal-capi
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 644 $(CAPI_DIR)/include/foveal.h $(DESTDIR)$(INCLUDEDIR)/foveal.h
	install -m 644 target/release/libfoveal.a $(DESTDIR)$(LIBDIR)/libfoveal.a
	install -m 755 target/release/libfoveal.so $(DESTDIR)$(LIBDIR)/libfoveal.so.$(CAPI_ABI)
	ln -sf libfoveal.so.$(CAPI_ABI) $(DESTDIR)$(LIBDIR)/libfoveal.so.$(CAPI_ABI_MAJOR)
	ln -sf libfoveal.so.$(CAPI_ABI_MAJOR) $(DESTDIR)$(LIBDIR)/libfoveal.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(CAPI_VERSION)|' $(CAPI_DIR)/foveal.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/foveal.pc
	@echo "installed libfoveal $(CAPI_VERSION) (ABI $(CAPI_ABI)) under $(DESTDIR)$(PREFIX)"

## C tests: install into target/c-test/prefix, build the C programs in crates/foveal-capi/tests/c
## with the system cc against the installed header and library (and once through pkg-config),
## run them under valgrind (zero leaks, zero invalid accesses): libvmaf goldens of every testdata
## pair, an encoder-style loop with padded strides, misuse cases, CAMBI heatmaps.
## VALGRIND= (empty) runs them without valgrind.
CTEST_PREFIX ?= $(CURDIR)/target/c-test/prefix
VALGRIND ?= valgrind
test-c:
	$(MAKE) --no-print-directory install PREFIX=$(CTEST_PREFIX) DESTDIR=
	VALGRIND="$(VALGRIND)" sh $(CAPI_DIR)/tests/c/run.sh $(CTEST_PREFIX) $(CURDIR)/testdata $(CURDIR)/target/c-test

## Benchmarks: foveal against libvmaf on the same inputs (ffmpeg 9's libvmaf filter end to end;
## libvmaf 2.3.1 in-process through the GPL libvmaf-sys crate, a dev-only optional dependency of
## benches/), checks the scores are identical, writes docs/performance.md. Needs the Debian packages
## meson, ninja-build, nasm and libclang-dev for libvmaf-sys; LIBVMAF_SYS=0 leaves it out.
## Options: BENCH_ARGS='--sizes 1080p --reps 5 ...' (see `--help`). Criterion micro-benchmarks per
## kernel and feature: `cargo bench -p foveal-benches` (`--bench kernels`, `--bench features`).
.PHONY: bench
bench:
	$(CARGO) run --release -p foveal-benches $(if $(filter 0,$(LIBVMAF_SYS)),,--features libvmaf-sys) \
		--bin compare -- $(BENCH_ARGS)

## Smoke test of the criterion benches (CI): every entry of `--bench kernels` and `--bench
## features` run once, in criterion's test mode (no measurement), so they keep building and
## running at every CPU level this machine supports.
.PHONY: bench-smoke
bench-smoke:
	$(CARGO) bench --profile release -p foveal-benches --bench kernels --bench features -- --test

## NEON kernels under qemu: cross-builds the tests of the kernels crate for aarch64 and runs them
## in user-mode emulation, so every NEON twin is checked against its scalar reference (the
## property tests assert that the NEON table really ran). Needs the Rust target
## (`rustup target add aarch64-unknown-linux-gnu`), a cross linker and qemu (Debian:
## gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static); .ci/run installs them.
## NEON_PIPELINE=1 also runs foveal's whole-pipeline conformance tests under qemu, once at the
## NEON level and once forced to scalar (several minutes).
NEON_TARGET := aarch64-unknown-linux-gnu
NEON_LINKER ?= aarch64-linux-gnu-gcc
NEON_QEMU ?= $(firstword $(shell command -v qemu-aarch64-static qemu-aarch64 2>/dev/null))
NEON_SYSROOT ?= /usr/aarch64-linux-gnu
NEON_ENV = CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=$(NEON_LINKER) \
	CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="$(NEON_QEMU) -L $(NEON_SYSROOT)"
.PHONY: test-neon
test-neon:
	@test -d "$$(rustc --print sysroot)/lib/rustlib/$(NEON_TARGET)/lib" || { \
		echo "test-neon: the Rust standard library for $(NEON_TARGET) is missing" \
			"(rustup target add $(NEON_TARGET))" >&2; exit 1; }
	@command -v $(NEON_LINKER) >/dev/null || { \
		echo "test-neon: cross linker $(NEON_LINKER) not found" \
			"(apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)" >&2; exit 1; }
	@test -d $(NEON_SYSROOT)/lib || { \
		echo "test-neon: no aarch64 C library under $(NEON_SYSROOT)" \
			"(apt-get install libc6-dev-arm64-cross)" >&2; exit 1; }
	@test -n "$(NEON_QEMU)" || { \
		echo "test-neon: qemu-aarch64 not found (apt-get install qemu-user-static)" >&2; exit 1; }
	$(NEON_ENV) $(CARGO) test -p foveal-kernels --target $(NEON_TARGET)
ifeq ($(NEON_PIPELINE),1)
	$(NEON_ENV) $(CARGO) test -p foveal --target $(NEON_TARGET) --test testdata_conformance
	FOVEAL_CPU=scalar $(NEON_ENV) $(CARGO) test -p foveal --target $(NEON_TARGET) \
		--test testdata_conformance
endif
