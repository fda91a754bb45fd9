# foveal — developer entry points. `make demo` and `make test` are the README's two commands.

CARGO ?= cargo
PREFIX ?= /usr/local
DEMO_REF ?= testdata/clips/carphone_ref.y4m
DEMO_DIS ?= testdata/clips/carphone_dis.y4m

.PHONY: demo test test-rust check fmt

## Score the sample pair shipped in testdata/ and print the report path.
demo:
	$(CARGO) run --release -q -p foveal-cli -- -r $(DEMO_REF) -d $(DEMO_DIS) -n

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
