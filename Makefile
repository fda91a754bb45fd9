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

## Every test: Rust (unit, conformance against libvmaf goldens, CLI), then the live checks against
## libvmaf (seeded random differential test, thread invariance, bounded memory). C and Python join
## as they land.
test: test-rust test-live

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

## Benchmarks: foveal against libvmaf on the same inputs (ffmpeg 9's libvmaf filter end to end;
## libvmaf 2.3.1 in-process through the GPL libvmaf-sys crate, a dev-only optional dependency of
## benches/), checks the scores are identical, writes docs/performance.md. Needs the Debian packages
## meson, ninja-build, nasm and libclang-dev for libvmaf-sys; LIBVMAF_SYS=0 leaves it out.
## Options: BENCH_ARGS='--sizes 1080p --reps 5 ...' (see `--help`). Criterion micro-benchmarks per
## kernel and feature: `cargo bench -p foveal-benches`.
.PHONY: bench
bench:
	$(CARGO) run --release -p foveal-benches $(if $(filter 0,$(LIBVMAF_SYS)),,--features libvmaf-sys) \
		--bin compare -- $(BENCH_ARGS)
