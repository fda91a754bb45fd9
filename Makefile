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

## Every test: Rust (unit, conformance against libvmaf goldens, CLI); C and Python join as they land.
test: test-rust

test-rust:
	$(CARGO) test --workspace --exclude foveal-python

## Formatting and lints (clippy with -D warnings over every crate and target).
check:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt:
	$(CARGO) fmt --all
