# scour: the two set-up commands are `make run` and `make test`.
CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
INPUT ?= raw
OUTPUT ?= processed

.PHONY: run build test test-rust test-python venv lint eval eval-corpus clean

## Build in release mode and process raw/ into processed/.
run: build
	./target/release/scour run --input $(INPUT) --output $(OUTPUT)

build:
	$(CARGO) build --release

## Every test: Rust (unit and integration) and Python loaders.
test: test-rust test-python

test-rust:
	$(CARGO) test --all-targets

## Python tests load the Parquet output with polars, pyarrow and DuckDB.
## `cargo test --no-run` builds target/debug/scour with the test build's
## features, so that polars is not compiled a second time.
test-python: venv
	$(CARGO) test --no-run --quiet
	$(VENV)/bin/python -m pytest -q tests/python

venv: $(VENV)/.installed

$(VENV)/.installed: tests/python/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
	touch $@

## Boilerplate removal on the development set of ../shared/eval: P, R, F1.
EVAL_SET ?= ../shared/eval/dev
eval: build
	$(PYTHON) tests/eval/eval.py --scour ./target/release/scour --set $(EVAL_SET) --work target/eval

## Dedup and boilerplate removal against the truth of a generated corpus.
CORPUS_MB ?= 30
eval-corpus: build
	$(PYTHON) tests/eval/corpus_eval.py --scour ./target/release/scour --work target/corpus-eval --mb $(CORPUS_MB)

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

clean:
	$(CARGO) clean
	rm -rf $(VENV)
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
