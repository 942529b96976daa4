# scour: the two set-up commands are `make run` and `make test`.
CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
INPUT ?= raw
OUTPUT ?= processed

.PHONY: run build test test-rust test-python python bench-ray venv lint eval eval-corpus bench-dedup report-png fuzz clean bench bench-check bench-record golden-record

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
	$(MAKE) --no-print-directory python PY_PROFILE=debug
	$(VENV)/bin/python -m pytest -q tests/python

## The Python package (python/): an abi3 wheel built by maturin into
## target/wheels/$(PY_PROFILE), installed into the project's venv. Release by
## default; the tests build the debug profile, whose dependencies the Rust
## tests have already compiled.
PY_PROFILE ?= release
python: venv
	rm -rf target/wheels/$(PY_PROFILE)
	cd python && ../$(VENV)/bin/maturin build --quiet $(if $(filter release,$(PY_PROFILE)),--release) -o ../target/wheels/$(PY_PROFILE)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/$(PY_PROFILE)/scour-*.whl

venv: $(VENV)/.installed

$(VENV)/.installed: tests/python/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
	touch $@

## Re-records tests/golden/raw.json, the tables that the golden test
## expects for raw/, after a change meant to move them.
golden-record:
	SCOUR_GOLDEN_RECORD=1 $(CARGO) test --test it golden

## Boilerplate removal on the development set of ../shared/eval: P, R, F1.
EVAL_SET ?= ../shared/eval/dev
eval: build
	$(PYTHON) tests/eval/eval.py --scour ./target/release/scour --set $(EVAL_SET) --work target/eval

## Dedup and boilerplate removal against the truth of a generated corpus.
## CORPUS_COMMAND=dedup scores `scour dedup`'s listed lines instead.
CORPUS_MB ?= 30
CORPUS_COMMAND ?= run
eval-corpus: build
	$(PYTHON) tests/eval/corpus_eval.py --scour ./target/release/scour --work target/corpus-eval --mb $(CORPUS_MB) --command $(CORPUS_COMMAND)

## Dedup against AllenAI dolma and HF datatrove on one generated corpus
## (peers in venvs under target/peers): MB/s, peak RSS, what each removed.
BENCH_MB ?= 1000
BENCH_DATA := target/bench-data/corpus-$(BENCH_MB)mb
bench-dedup: build
	test -f $(BENCH_DATA)/corpus.jsonl || $(PYTHON) ../shared/bench/make_corpus.py --mb $(BENCH_MB) --out $(BENCH_DATA) --truth
	$(PYTHON) tests/bench/dedup_peers.py --corpus $(BENCH_DATA)/corpus.jsonl --work target/peer-bench-$(BENCH_MB)mb --repeat 1

## Throughput: cat and wc -l (ceilings), scour scan (reading alone), scour
## run with 1 and 2 threads, datatrove's cleaning + sentence-dedup pipeline
## and dolma's paragraph dedup, on one cached corpus of BENCH_MB MB; median of
## BENCH_REPEAT runs, the ratios against issue 8's targets, and
## target/bench/results.json. BENCH_ARGS passes more, e.g. "--skip datatrove".
BENCH_REPEAT ?= 3
BENCH_ARGS ?=
bench: build
	$(PYTHON) tests/bench/bench.py --mb $(BENCH_MB) --repeat $(BENCH_REPEAT) --work target/bench $(BENCH_ARGS)

## Ray's overhead: scour.ray.run on a local Ray cluster of RAY_CPUS CPUs
## against scour run with as many threads, on a generated corpus of
## RAY_MB MB in RAY_FILES files; the ratio, and whether the rows agree.
RAY_MB ?= 20
RAY_FILES ?= 8
RAY_CPUS ?= 2
bench-ray: build python
	$(VENV)/bin/python tests/bench/ray_bench.py --mb $(RAY_MB) --files $(RAY_FILES) --cpus $(RAY_CPUS) --repeat $(BENCH_REPEAT)

## Regression guard: instructions (valgrind callgrind) of scour run --threads 1
## on raw/ and a 2 MB generated corpus, against tests/bench/instructions.json;
## fails above +10%. bench-record re-records the counts.
bench-check: build
	command -v valgrind >/dev/null 2>&1 || { apt-get update && apt-get install -y valgrind; }
	$(PYTHON) tests/bench/bench_check.py

bench-record: build
	command -v valgrind >/dev/null 2>&1 || { apt-get update && apt-get install -y valgrind; }
	$(PYTHON) tests/bench/bench_check.py --record

## Screenshot of $(OUTPUT)/report.html (needs Debian's chromium).
report-png:
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir=$$(mktemp -d) --window-size=1280,3000 \
		--screenshot=$(abspath target/report.png) file://$(abspath $(OUTPUT))/report.html

## Fuzz read + decode + every per-document stage for FUZZ_SECONDS
## (cargo-fuzz, libFuzzer; installed on first use). Seeds: the fixtures and
## raw/. Crashes land in tests/fuzz/artifacts/, new inputs in target/fuzz/corpus.
FUZZ_SECONDS ?= 300
fuzz:
	cargo fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	$(PYTHON) tests/fuzz/seed.py tests/fixtures target/fuzz/seeds-fixtures
	$(PYTHON) tests/fuzz/seed.py raw target/fuzz/seeds-raw
	mkdir -p target/fuzz/corpus
	cargo fuzz run --fuzz-dir tests/fuzz --target-dir target/fuzz/build --sanitizer none --dev \
		read_clean target/fuzz/corpus target/fuzz/seeds-fixtures target/fuzz/seeds-raw \
		-- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 -timeout=20

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

clean:
	$(CARGO) clean
	rm -rf $(VENV)
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
