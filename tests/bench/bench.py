#!/usr/bin/env python3
"""`make bench`: scour's throughput against the machine's ceilings and the peers, in one run.

On one generated corpus (../shared/bench/make_corpus.py --mb MB, made once and
cached in target/bench-data/corpus-<MB>mb/), each of these runs --repeat
times (median wall time, largest peak RSS), one after the other:

* ceilings: `cat corpus.jsonl > /dev/null` and `wc -l corpus.jsonl` (the
  page cache is warmed by an untimed `cat` first: every figure is on cached
  input);
* reading alone: `scour scan -i corpus.jsonl --json` (every record read,
  decoded and split into fields; nothing processed or written; one thread);
* scour end to end: `scour run --threads 1` and `--threads 2` with the
  default config, and the manifest's timings_ms per stage (`--skip run`);
* scour dedup-only: the same with the options nearest to dolma's paragraph
  dedup (dedup_peers.SCOUR_DEDUP_ONLY: line rules, body span, site templates
  and near-duplicate documents off, Parquet only; `--skip dedup-only`);
* scour dedup: `scour dedup --threads N`, the command that only lists the
  repeated lines (dolma's job, with scour's normalized keys; `--skip dedup`),
  with the default memory budget and with dedup.memory_budget_bytes at
  64 MB (the same output; the rest of the hashes spill to disk);
* HF datatrove 0.10.1, the nearest pipeline (../shared/bench/README.md):
  JsonlReader -> C4QualityFilter(filter_curly_bracket=False,
  min_num_sentences=-1) -> GopherRepetitionFilter -> JsonlWriter, then
  JsonlReader -> SentenceDedupSignature(finder_workers=N) | SentenceFindDedups
  | JsonlReader -> SentenceDedupFilter -> ParquetWriter, each stage a
  LocalPipelineExecutor(tasks=N, workers=N), all in one timed Python process;
* AllenAI dolma 1.2.1: `dolma dedupe`, paragraph Bloom filter, --processes N
  (dedup_peers.run_dolma).

The peers read the corpus split into 4 gzip shards of {"id", "text"}
(dedup_peers.write_shards; cached beside the corpus's work files), since
both parallelise over files; MB/s is always MB of corpus.jsonl (10^6 bytes)
per second of wall time, documents/s the corpus's records per second.  Peak
RSS: the largest process (/usr/bin/time) and the process tree (sampled).

Then the ratios, each beside issue 8's target (met / not met):
scour/datatrove MB/s per core (1 and 2 workers; >= 300), scour/dolma MB/s
(>= 2) and peak RSS (<= 1), the same for scour dedup-only and scour dedup, scour 1 thread / `wc -l` (>= 1/40), scour 1
thread / cat, scan / cat (reading alone against cat; no target), scour 2
threads / 1 thread (>= 1.8).

Everything goes to WORK/results.json (default target/bench/results.json).
Each peer lives in its own venv under target/peers/ (dedup_peers.ensure_venv,
pinned versions from PyPI).  A peer that fails to install or run is reported
and the rest still runs (exit code 1 at the end).  Targets not met do not
change the exit code.

Usage:
    python3 tests/bench/bench.py [--mb 1000] [--repeat 3] [--skip dolma datatrove run dedup-only dedup]
        [--work target/bench] [--threads 1 2] [--peer-repeat N] [--timeout S]

Standard library only; Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dedup_peers  # noqa: E402
from dedup_peers import (  # noqa: E402
    MB,
    REPO,
    SCOUR,
    ToolError,
    cpu_model,
    ensure_time,
    git_commit,
    install_peers,
    measure,
    repeat_runs,
    SCOUR_DEDUP_ONLY,
    run_dolma,
    run_scour,
    write_shards,
)

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
DATA_DIR = REPO / "target" / "bench-data"

# Issue 8's targets, as (ratio key, comparison, bound, how it reads).
TARGETS = {
    "scour/datatrove per core, N=1": (">=", 300, ">= 300x"),
    "scour/datatrove per core, N=2": (">=", 300, ">= 300x"),
    "scour/dolma MB/s, N=1": (">=", 2, ">= 2x"),
    "scour/dolma MB/s, N=2": (">=", 2, ">= 2x"),
    "scour/dolma peak RSS, N=1": ("<=", 1, "<= 1x (no more memory)"),
    "scour/dolma peak RSS, N=2": ("<=", 1, "<= 1x (no more memory)"),
    "scour dedup-only/dolma MB/s, N=1": (">=", 2, ">= 2x"),
    "scour dedup-only/dolma MB/s, N=2": (">=", 2, ">= 2x"),
    "scour dedup-only/dolma peak RSS, N=1": ("<=", 1, "<= 1x (no more memory)"),
    "scour dedup-only/dolma peak RSS, N=2": ("<=", 1, "<= 1x (no more memory)"),
    "scour dedup/dolma MB/s, N=1": (">=", 2, ">= 2x"),
    "scour dedup/dolma MB/s, N=2": (">=", 2, ">= 2x"),
    "scour dedup/dolma peak RSS, N=1": ("<=", 1, "<= 1x (no more memory)"),
    "scour dedup/dolma peak RSS, N=2": ("<=", 1, "<= 1x (no more memory)"),
    "scour dedup 64MB/dolma MB/s, N=1": (">=", 2, ">= 2x"),
    "scour dedup 64MB/dolma MB/s, N=2": (">=", 2, ">= 2x"),
    "scour dedup 64MB/dolma peak RSS, N=1": ("<=", 1, "<= 1x (no more memory)"),
    "scour dedup 64MB/dolma peak RSS, N=2": ("<=", 1, "<= 1x (no more memory)"),
    "scour 1 thread / wc -l": (">=", 1 / 40, ">= 1/40 (0.025)"),
    "scour 1 thread / cat": None,
    "scan / cat (reading alone)": None,
    "scour 2 threads / 1 thread": (">=", 1.8, ">= 1.8x"),
}


# --------------------------------------------------------------------------
# The corpus and the peers' shards (both cached)


def ensure_corpus(mb: int, data_dir: Path) -> Path:
    """target/bench-data/corpus-<MB>mb/corpus.jsonl, generated once.

    Written to a temporary folder and renamed, so that an interrupted run
    leaves no half corpus behind for the next one to trust."""
    folder = data_dir / f"corpus-{mb}mb"
    corpus = folder / "corpus.jsonl"
    if corpus.is_file():
        return corpus
    if not MAKE_CORPUS.is_file():
        sys.exit(f"no corpus at {corpus} and no generator at {MAKE_CORPUS}")
    tmp = data_dir / f".corpus-{mb}mb.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"generating a {mb} MB corpus into {folder} (once; about {mb / 12:.0f} s)", flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--mb", str(mb), "--out", str(tmp)], check=True)
    if folder.exists():  # e.g. a folder left by hand without corpus.jsonl
        shutil.rmtree(folder)
    tmp.rename(folder)
    print(f"corpus generated in {time.perf_counter() - start:.0f} s", flush=True)
    return corpus


def ensure_shards(corpus: Path, shards: Path) -> dict:
    """dedup_peers.write_shards, skipped when the shards of this very corpus exist."""
    stamp = shards / "source.json"
    st = corpus.stat()
    source = {"corpus": str(corpus), "bytes": st.st_size, "mtime_ns": st.st_mtime_ns}
    if stamp.is_file():
        saved = json.loads(stamp.read_text())
        if saved.get("source") == source:
            return saved["sizing"]
    print(f"writing {dedup_peers.N_SHARDS} gzip shards for the peers under {shards}/documents", flush=True)
    stamp.unlink(missing_ok=True)
    sizing = write_shards(corpus, shards / "documents")
    stamp.write_text(json.dumps({"source": source, "sizing": sizing}) + "\n")
    return sizing


# --------------------------------------------------------------------------
# Ceilings and reading alone


def run_ceiling(name: str, cmd: list[str], work: Path, repeat: int) -> dict:
    return repeat_runs(repeat, lambda: measure(cmd, work / "logs" / f"{name}.log", cwd=work))


def run_scan(corpus: Path, work: Path, repeat: int) -> dict:
    """scour scan --json: reading alone.  The JSON counts come from its log (stdout)."""
    log = work / "logs" / "scour-scan.log"
    cmd = [str(SCOUR), "scan", "--input", str(corpus), "--json"]
    result = repeat_runs(repeat, lambda: measure(cmd, log, cwd=work))
    text = log.read_text(errors="replace")
    result["scan"] = json.loads(text[text.index("{"): text.rindex("}") + 1])
    return result


# --------------------------------------------------------------------------
# datatrove: C4/Gopher line cleaning, then sentence dedup, Parquet out


DATATROVE_RUNNER = '''\
"""datatrove cleaning + sentence dedup, written and run by tests/bench/bench.py.

    python datatrove_sentence.py DOCUMENTS WORK WORKERS    # the timed pipeline
    python datatrove_sentence.py --count WORK              # documents per step (untimed)
"""
import glob, gzip, json, sys, time


def main(documents, work, workers):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import SentenceDedupFilter, SentenceDedupSignature, SentenceFindDedups
    from datatrove.pipeline.dedup.sentence_dedup import SentDedupConfig
    from datatrove.pipeline.filters import C4QualityFilter, GopherRepetitionFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter, ParquetWriter

    # SentenceDedupSignature(config=None) fails in 0.10.1 (it reads
    # config.hash_config before defaulting): the default config, given.
    config = SentDedupConfig()
    stages = [
        ("clean", [JsonlReader(documents, glob_pattern="*.jsonl.gz"),
                   C4QualityFilter(filter_curly_bracket=False, min_num_sentences=-1),
                   GopherRepetitionFilter(),
                   JsonlWriter(f"{work}/clean")]),
        ("signature", [JsonlReader(f"{work}/clean"),
                       SentenceDedupSignature(f"{work}/signatures", finder_workers=workers, config=config)]),
        ("find", [SentenceFindDedups(f"{work}/signatures", f"{work}/duplicates", config=config)]),
        ("filter", [JsonlReader(f"{work}/clean"),
                    SentenceDedupFilter(f"{work}/duplicates", config=config),
                    ParquetWriter(f"{work}/output")]),
    ]
    timings = {}
    for name, pipeline in stages:
        start = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline, tasks=workers, workers=workers,
                              logging_dir=f"{work}/logs/{name}").run()
        timings[name] = round(time.perf_counter() - start, 3)
    print("DATATROVE_TIMINGS " + json.dumps(timings))


def count(work):
    import pyarrow.parquet as pq
    clean = 0
    for path in sorted(glob.glob(f"{work}/clean/*.jsonl.gz")):
        with gzip.open(path, "rb") as f:
            clean += sum(1 for line in f if line.strip())
    output = sum(pq.read_metadata(p).num_rows for p in sorted(glob.glob(f"{work}/output/*.parquet")))
    print(json.dumps({"documents_after_cleaning": clean, "documents_out": output}))


if __name__ == "__main__":  # workers > 1 start processes that re-import this file
    if sys.argv[1] == "--count":
        count(sys.argv[2])
    else:
        main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
'''


def run_datatrove_sentence(venv: Path, shards: Path, work: Path, workers: int, sizing: dict,
                           repeat: int) -> dict:
    base = work / "datatrove"
    runner = base / "datatrove_sentence.py"
    base.mkdir(parents=True, exist_ok=True)
    runner.write_text(DATATROVE_RUNNER)
    out = base / f"workers{workers}"
    log = work / "logs" / f"datatrove-w{workers}.log"
    python = str(venv / "bin" / "python")
    cmd = [python, str(runner), str(shards / "documents"), str(out), str(workers)]

    def once():
        shutil.rmtree(out, ignore_errors=True)  # datatrove skips tasks it finds completed
        return measure(cmd, log, cwd=base)

    result = repeat_runs(repeat, once)
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("DATATROVE_TIMINGS "):
            result["stage_s"] = json.loads(line.split(" ", 1)[1])
    counted = subprocess.run([python, str(runner), "--count", str(out)], capture_output=True, text=True)
    if counted.returncode != 0:
        raise ToolError(f"counting datatrove's output failed:\n{counted.stderr[-2000:]}")
    result["documents"] = {"in": sizing["documents"], **json.loads(counted.stdout.strip().splitlines()[-1])}
    if result["documents"]["documents_out"] == 0:
        raise ToolError(f"datatrove wrote no document: see {log}")
    return result


# --------------------------------------------------------------------------
# Ratios and the report


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 4) if a and b else None


def compute_ratios(runs: dict, threads: list[int]) -> dict:
    def get(name, key="mb_per_s"):
        r = runs.get(name)
        return r.get(key) if r and "error" not in r else None

    out = {}
    for n in threads:
        s = get(f"scour run t{n}", "mb_per_s_per_core")
        out[f"scour/datatrove per core, N={n}"] = ratio(s, get(f"datatrove w{n}", "mb_per_s_per_core"))
    for n in threads:
        out[f"scour/dolma MB/s, N={n}"] = ratio(get(f"scour run t{n}"), get(f"dolma p{n}"))
        out[f"scour/dolma peak RSS, N={n}"] = ratio(get(f"scour run t{n}", "peak_tree_rss_mb"),
                                                    get(f"dolma p{n}", "peak_tree_rss_mb"))
    for n in threads:
        for label in ("dedup-only", "dedup", "dedup 64MB"):
            mine = f"scour {label} t{n}"
            out[f"scour {label}/dolma MB/s, N={n}"] = ratio(get(mine), get(f"dolma p{n}"))
            out[f"scour {label}/dolma peak RSS, N={n}"] = ratio(
                get(mine, "peak_tree_rss_mb"), get(f"dolma p{n}", "peak_tree_rss_mb"))
    out["scour 1 thread / wc -l"] = ratio(get("scour run t1"), get("wc -l"))
    out["scour 1 thread / cat"] = ratio(get("scour run t1"), get("cat"))
    out["scan / cat (reading alone)"] = ratio(get("scour scan"), get("cat"))
    out["scour 2 threads / 1 thread"] = ratio(get("scour run t2"), get("scour run t1"))
    result = {}
    for name, value in out.items():
        target = TARGETS.get(name)
        entry = {"value": value, "target": target[2] if target else None}
        if target and value is not None:
            op, bound, _ = target
            entry["met"] = value >= bound if op == ">=" else value <= bound
        result[name] = entry
    return result


def print_report(results: dict) -> None:
    header = (f"{'run':<16} {'N':>2} {'wall s':>9} {'MB/s':>9} {'MB/s/core':>9} {'docs/s':>10} "
              f"{'RSS MB':>8} {'tree MB':>8}")
    print(f"\ncorpus {results['corpus']}: {results['input_mb']} MB, {results['records']} records; "
          f"--repeat {results['repeat']} (median wall; peers {results['peer_repeat']})")
    print(header + "\n" + "-" * len(header))
    for name, r in results["runs"].items():
        if "error" in r:
            print(f"{name:<19}  FAILED: {r['error'].splitlines()[0][:100]}")
            continue
        print(f"{name:<16} {r['n']:>2} {r['wall_s']:>9.3f} {r['mb_per_s']:>9.2f} {r['mb_per_s_per_core']:>9.2f} "
              f"{r['docs_per_s']:>10.0f} {r['peak_rss_mb']:>8.1f} {r['peak_tree_rss_mb']:>8.1f}")
    print("N = threads (scour) / workers (datatrove) / processes (dolma); RSS = largest process, "
          "tree = the process tree (sampled every 0.2 s)")
    for name, r in results["runs"].items():
        if "timings_ms" in r:
            print(f"{name} timings_ms: {json.dumps(r['timings_ms'])}")
        if "stage_s" in r:
            rates = {k: round(results["input_mb"] / v, 3) for k, v in r["stage_s"].items() if v}
            print(f"{name} stage seconds: {json.dumps(r['stage_s'])} (MB of input/s: {json.dumps(rates)}); "
                  f"documents: {json.dumps(r.get('documents'))}")
        if "startup_s" in r:
            print(f"{name} start-up (same command with --dryrun): {r['startup_s']} s")
    print(f"\n{'ratio':<38} {'value':>10}  {'target':<24} ")
    print("-" * 84)
    for name, e in results["ratios"].items():
        value = "n/a" if e["value"] is None else f"{e['value']:.4g}"
        verdict = "" if "met" not in e else ("met" if e["met"] else "NOT MET")
        print(f"{name:<38} {value:>10}  {e['target'] or '(no target)':<24} {verdict}")
    print("MB/s ratios > 1: scour faster; RSS ratio > 1: scour uses more (process trees). "
          "scour runs its whole pipeline (cleaning, paragraph and document dedup, Parquet+CSV) in each; "
          "scour dedup-only runs it with cleaning and near-duplicates off, Parquet only; "
          "scour dedup only lists repeated lines.")
    load = results["machine"]
    print(f"load average at start {load['loadavg_start'][0]:.2f}, at end {load['loadavg_end'][0]:.2f} "
          f"(on {load['nproc']} cores; other work slows every figure)")
    for tool, info in results["installs"].items():
        how = "reused" if info.get("reused") else f"installed in {info.get('install_s')} s"
        if info.get("added"):
            how += f", added {' '.join(info['added'])} in {info.get('install_s')} s"
        print(f"venv {tool}: " + (f"FAILED -- {info['error'].splitlines()[0]}" if "error" in info else how))


# --------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=1000, help="corpus size (MB of page text) for make_corpus.py")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (median wall time)")
    ap.add_argument("--peer-repeat", type=int, default=None,
                    help="runs per peer measurement (default: --repeat; datatrove runs ~0.3 MB/s per core)")
    ap.add_argument("--skip", nargs="+", choices=["dolma", "datatrove", "run", "dedup-only", "dedup"], default=[])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="N for scour and the peers")
    ap.add_argument("--work", type=Path, default=REPO / "target" / "bench", help="work folder; results.json here")
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="where generated corpora are cached")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds before one run is killed (default: 20 s per MB, at least 3600)")
    args = ap.parse_args()
    # measure() reads it from its module.  datatrove runs at 0.1-0.3 MB/s per
    # worker: one run over 1 GB takes about an hour, two on a busy machine.
    dedup_peers.TIMEOUT_S = args.timeout or max(3600.0, 20.0 * args.mb)
    peer_repeat = args.peer_repeat or args.repeat

    if not SCOUR.is_file():
        sys.exit(f"no scour binary at {SCOUR}: `cargo build --release` (or `make build`) first")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    ensure_time()
    corpus = ensure_corpus(args.mb, args.data.resolve())
    input_bytes = corpus.stat().st_size

    results: dict = {
        "corpus": str(corpus),
        "corpus_mb_arg": args.mb,
        "input_bytes": input_bytes,
        "input_mb": round(input_bytes / MB, 3),
        "records": None,
        "repeat": args.repeat,
        "peer_repeat": peer_repeat,
        "threads": args.threads,
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                    "cpu": cpu_model(), "loadavg_start": os.getloadavg()},
        "scour_version": subprocess.run([str(SCOUR), "--version"], capture_output=True, text=True).stdout.strip(),
        "git_commit": git_commit(),
        "installs": {},
        "runs": {},
        "ratios": {},
    }
    if results["machine"]["loadavg_start"][0] > 0.5:
        print(f"note: load average {results['machine']['loadavg_start'][0]:.2f} before start: "
              "other work on this machine slows every tool", flush=True)

    # Peers first installed (and shards written) so that no set-up runs between timings.
    peers = [p for p in ("datatrove", "dolma") if p not in args.skip]
    venvs = install_peers(peers, work / "logs", results, "runs")
    sizing = ensure_shards(corpus, work / "shards") if venvs else None
    results["shards"] = sizing

    # Warm the page cache: every figure below is on cached input.
    subprocess.run(["sh", "-c", 'cat "$0" > /dev/null', str(corpus)], check=True)

    def record(name: str, n: int, cores: int, fn) -> None:
        print(f"[{name}] ...", flush=True)
        try:
            r = fn()
        except Exception as e:  # noqa: BLE001 - report any failure, go on with the rest
            r = {"error": f"{type(e).__name__}: {e}"}
            print(f"[{name}] FAILED: {r['error']}", flush=True)
            results["runs"][name] = r
            return
        r["n"] = n
        r["mb_per_s"] = round(input_bytes / MB / r["wall_s"], 3) if r["wall_s"] else None
        r["mb_per_s_per_core"] = round(r["mb_per_s"] / cores, 3) if r["mb_per_s"] else None
        results["runs"][name] = r
        print(f"[{name}] {r['wall_s']:.3f} s, {r['mb_per_s']} MB/s, {r['peak_tree_rss_mb']} MB", flush=True)

    record("cat", 1, 1, lambda: run_ceiling("cat", ["sh", "-c", 'cat "$0" > /dev/null', str(corpus)],
                                            work, args.repeat))
    record("wc -l", 1, 1, lambda: run_ceiling("wc-l", ["wc", "-l", str(corpus)], work, args.repeat))
    record("scour scan", 1, 1, lambda: run_scan(corpus, work, args.repeat))
    if "scour scan" in results["runs"] and "scan" in results["runs"]["scour scan"]:
        results["records"] = results["runs"]["scour scan"]["scan"]["records"]
    for n in args.threads if "run" not in args.skip else []:
        record(f"scour run t{n}", n, n, lambda n=n: run_scour(corpus, work, n, args.repeat))
        run = results["runs"][f"scour run t{n}"]
        if results["records"] is None and "counts" in run:
            results["records"] = run["counts"].get("records")
    if "dedup-only" not in args.skip:
        for n in args.threads:
            record(f"scour dedup-only t{n}", n, n, lambda n=n: run_scour(
                corpus, work, n, args.repeat, SCOUR_DEDUP_ONLY, "dedup-only-"))
    if "dedup" not in args.skip:
        for n in args.threads:
            record(f"scour dedup t{n}", n, n, lambda n=n: run_scour(
                corpus, work, n, args.repeat, None, "dedup-", command="dedup"))
        for n in args.threads:
            record(f"scour dedup 64MB t{n}", n, n, lambda n=n: run_scour(
                corpus, work, n, args.repeat, ["--set", f"dedup.memory_budget_bytes={64 << 20}"],
                "dedup-64mb-", command="dedup"))
    if "datatrove" in venvs:
        print(f"note: datatrove runs at about 0.15-0.3 MB/s per worker here (its whole pipeline): expect roughly "
              f"{input_bytes / MB / 0.15 / 60:.0f} min per run with 1 worker, {peer_repeat} run(s) per N "
              "(--peer-repeat, --skip datatrove)", flush=True)
        for n in args.threads:
            record(f"datatrove w{n}", n, n, lambda n=n: run_datatrove_sentence(
                venvs["datatrove"], work / "shards", work, n, sizing, peer_repeat))
    if "dolma" in venvs:
        for n in args.threads:
            record(f"dolma p{n}", n, n, lambda n=n: run_dolma(
                venvs["dolma"], work / "shards", work, n, sizing, peer_repeat, None))

    records = results["records"] or (sizing or {}).get("documents")
    results["records"] = records
    for r in results["runs"].values():
        if "wall_s" in r and records:
            r["docs_per_s"] = round(records / r["wall_s"], 1)
        elif "wall_s" in r:
            r["docs_per_s"] = 0.0
    results["machine"]["loadavg_end"] = os.getloadavg()
    results["ratios"] = compute_ratios(results["runs"], args.threads)
    (work / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print_report(results)
    print(f"\nresults: {work / 'results.json'}")
    return 1 if any("error" in r for r in results["runs"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
