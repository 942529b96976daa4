#!/usr/bin/env python3
"""Benchmark scour's deduplication against two peer tools on one corpus, in one run.

What runs (each tool as its own subprocess, one after the other, on the same input):

* scour (target/release/scour, already built): `scour run` with the default
  config (full cleaning, paragraph dedup within documents and across the
  corpus, exact and near-duplicate documents) on corpus.jsonl, once per
  `--threads` value.  Its manifest.json gives per-stage wall times
  ("timings_ms") and what it removed ("removed_by_reason").
* AllenAI dolma 1.2.1: `dolma dedupe` with a paragraph-level Bloom filter
  (paragraphs = lines, exact text, empty lines skipped; the filter sized for
  the corpus's non-empty lines at a 1e-4 false-positive rate) over
  WORK/shards/documents/*.jsonl.gz (the corpus split into 4 gzip shards of
  {"id", "text"}, since dolma parallelises over files), `--processes N`.
  What it removed = the duplicate-paragraph spans in its attribute files.
  The same command with --dryrun gives its start-up cost.
* HF datatrove 0.10.1: the MinHash near-duplicate pipeline, default
  MinhashConfig (5-grams, 14 buckets x 8 hashes), over the same shards:
  JsonlReader -> MinhashDedupSignature | MinhashDedupBuckets |
  MinhashDedupCluster | JsonlReader -> MinhashDedupFilter -> JsonlWriter,
  each stage a separate LocalPipelineExecutor run (signature and filter:
  tasks = workers = N; buckets: tasks = 14, as datatrove requires;
  cluster: 1 task), all four in one Python process that is timed as a whole.
  What it removed = documents in minus documents out.

Measured for every run: wall time (perf_counter around the subprocess),
peak RSS of the largest single process (`/usr/bin/time -f %M`), and peak RSS
of the whole process tree (sum over descendants, sampled every 0.2 s; shared
pages count once per process).  The tree figure matters for datatrove with
workers > 1: its workers are children of a forkserver that /usr/bin/time's
rusage never sees.  Throughput is MB/s of *input*, where input = bytes of
corpus.jsonl (10^6 bytes per MB) for every tool, even though the peers read
the gzip shards.  Preparing the shards and installing the peers are not
timed as part of any tool.  Other load on the machine slows every tool:
the load average at start and end is recorded.

If make_corpus.py's truth.jsonl lies beside the corpus (--truth), the
removals are also checked against it: dolma's spans by the generator's line
label, datatrove's removed documents against the injected exact and near
copies.

Each peer lives in its own virtual environment, target/peers/<name>, created
(python3 -m venv + pip install of pinned versions from PyPI) when missing or
when its pins changed; the install time is recorded.  A peer that fails to
install or run is reported with its error and the others still run.

Usage:
    python3 tests/bench/dedup_peers.py --corpus DIR/corpus.jsonl --work target/peer-bench \
        [--threads 1 2] [--skip dolma|datatrove ...] [--repeat N] [--timeout S]

Prints a table and writes WORK/results.json (all figures, the exact command
lines, the ratios scour/dolma and scour/datatrove of MB/s and RSS).
Standard library only; Python 3.11.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCOUR = REPO / "target" / "release" / "scour"
PEERS_DIR = REPO / "target" / "peers"
TIME = "/usr/bin/time"
MB = 1_000_000

# Pinned peer installs (PyPI only), into a venv whose pip is upgraded first.
# dolma: s3fs==2023.6.0 holds botocore at 1.31.x, and pip (23.x) otherwise
# backtracks through dozens of boto3 releases (7 minutes); boto3==1.28.17 is
# the version a current pip resolves to.  datatrove: the MinHash pipeline
# needs, beyond the base package, regex and tokenizers (imported by
# datatrove.pipeline.dedup), orjson (JsonlReader), xxhash (the default hash)
# and spaCy (the word tokenizer: spacy.blank("en"), no model download) --
# the parts of its "io"/"processing"/"multilingual" extras that it uses;
# pyarrow for the ParquetWriter of tests/bench/bench.py's sentence-dedup
# pipeline.
PEER_PACKAGES = {
    "dolma": ["dolma==1.2.1", "boto3==1.28.17"],
    "datatrove": [
        "datatrove==0.10.1", "xxhash<4", "regex==2026.11.19", "tokenizers==0.23.3",
        "orjson==3.13.0", "spacy==3.8.18", "pyarrow==26.0.1",
    ],
}

N_SHARDS = 4
DOLMA_ATTRIBUTE = "bff_duplicate_paragraph_spans"
DOLMA_FALSE_POSITIVE_RATE = 1e-4
SCOUR_MIN_PARAGRAPH_BYTES = 60  # scour's dedup.min_paragraph_bytes default
SCOUR_DEDUP_REASONS = [
    "dedup.paragraph_corpus",
    "dedup.paragraph_in_document",
    "dedup.document",
    "dedup.near_document",
]


class ToolError(Exception):
    """A tool failed to install or run; the message says how."""


# --------------------------------------------------------------------------
# Measuring a subprocess


def _tree_rss_bytes(root: int) -> int:
    """Sum of the RSS of `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss[pid] = int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


TIMEOUT_S = 3600.0  # per run; set by --timeout


def measure(cmd: list[str], log: Path, env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run `cmd` under /usr/bin/time; return wall time, peak RSS, exit code.

    stdout and stderr go to `log`.  Raises ToolError on a non-zero exit or
    when the run takes longer than TIMEOUT_S (its whole process group is
    then killed).
    """
    time_file = log.with_suffix(".time")
    full = [TIME, "-o", str(time_file), "-f", "%e %M", *cmd]
    log.parent.mkdir(parents=True, exist_ok=True)
    peak_tree = 0
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            full, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
        )
        done = threading.Event()

        def sample():
            nonlocal peak_tree
            while not done.wait(0.2):
                peak_tree = max(peak_tree, _tree_rss_bytes(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            rc = proc.wait(timeout=TIMEOUT_S)
            wall = time.perf_counter() - start
        except BaseException as e:  # time-out, or Ctrl-C: leave nothing running
            os.killpg(proc.pid, signal.SIGKILL)  # the tool and every process it started
            proc.wait()
            if isinstance(e, subprocess.TimeoutExpired):
                raise ToolError(f"timed out after {TIMEOUT_S:.0f} s: {' '.join(cmd)}\n--- {log} ---\n{tail(log)}")
            raise
        finally:
            done.set()
            sampler.join()
    # /usr/bin/time writes "Command exited with non-zero status N" before the figures.
    figures = time_file.read_text().strip().splitlines()[-1].split()
    max_rss_kb = int(figures[1])
    result = {
        "cmd": cmd,
        "rc": rc,
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(max_rss_kb * 1024 / MB, 1),
        "peak_tree_rss_mb": round(max(peak_tree, max_rss_kb * 1024) / MB, 1),
        "log": str(log),
    }
    if rc != 0:
        raise ToolError(f"exit code {rc}: {' '.join(cmd)}\n--- last lines of {log} ---\n{tail(log)}")
    return result


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no log: {e})"


def repeat_runs(n: int, run_once) -> dict:
    """Run `run_once()` n times; keep the last run's details, median wall, max RSS."""
    runs = [run_once() for _ in range(n)]
    best = dict(runs[-1])
    if n > 1:
        best["wall_s_all"] = [r["wall_s"] for r in runs]
        best["wall_s"] = round(statistics.median(best["wall_s_all"]), 3)
        best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        best["peak_tree_rss_mb"] = max(r["peak_tree_rss_mb"] for r in runs)
    return best


# --------------------------------------------------------------------------
# Set-up: /usr/bin/time, peer virtual environments, input shards


def ensure_time() -> None:
    if Path(TIME).exists():
        return
    print("/usr/bin/time missing: installing Debian's `time` package", flush=True)
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "time"]):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def ensure_venv(name: str, packages: list[str], logs: Path) -> dict:
    """Create target/peers/<name> with the pinned packages unless it already has them.

    A venv whose pins are a subset of the wanted ones (a package was added)
    gets the missing ones installed in place; any other change rebuilds it."""
    venv = PEERS_DIR / name
    marker = venv / "bench-requirements.txt"
    wanted = "\n".join(packages) + "\n"
    info = {"venv": str(venv), "packages": packages}
    had = set(marker.read_text().split()) if marker.exists() else None
    if had is not None and marker.read_text() == wanted:
        info["reused"] = True
    elif had is not None and had < set(packages):
        added = [p for p in packages if p not in had]
        print(f"[{name}] adding {' '.join(added)} to {venv}", flush=True)
        log = logs / f"install-{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        cmd = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", *packages]
        with open(log, "wb") as out:
            if subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT).returncode != 0:
                raise ToolError(f"install failed: {' '.join(cmd)}\n--- {log} ---\n{tail(log)}")
        info["install_s"] = round(time.perf_counter() - start, 1)
        info["reused"] = True
        info["added"] = added
        marker.write_text(wanted)
    else:
        print(f"[{name}] installing {' '.join(packages)} into {venv}", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        log = logs / f"install-{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        with open(log, "wb") as out:
            for cmd in (
                [sys.executable, "-m", "venv", str(venv)],
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-U", "pip"],
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", *packages],
            ):
                if subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT).returncode != 0:
                    raise ToolError(f"install failed: {' '.join(cmd)}\n--- {log} ---\n{tail(log)}")
        info["install_s"] = round(time.perf_counter() - start, 1)
        info["reused"] = False
        marker.write_text(wanted)
    freeze = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "freeze", "--disable-pip-version-check"],
        capture_output=True, text=True,
    )
    info["pip_freeze"] = freeze.stdout.split()
    return info



def install_peers(peers: list[str], logs: Path, results: dict, runs_key: str) -> dict:
    """Each peer's venv (see ensure_venv); a peer that fails to install is
    recorded under results["installs"] and results[runs_key] and left out."""
    venvs = {}
    for peer in peers:
        try:
            results["installs"][peer] = ensure_venv(peer, PEER_PACKAGES[peer], logs)
            venvs[peer] = PEERS_DIR / peer
        except (ToolError, OSError) as e:
            results["installs"][peer] = {"error": str(e)}
            results[runs_key][peer] = {"error": f"install failed: {e}"}
            print(f"[{peer}] INSTALL FAILED:\n{e}", flush=True)
    return venvs


def cpu_model() -> str:
    """The CPU's model name, for the results file."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def git_commit() -> str | None:
    """HEAD, with "+dirty" when tracked files changed."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        return None
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return head.stdout.strip() + ("+dirty" if dirty else "")

def write_shards(corpus: Path, documents: Path, n: int = N_SHARDS) -> dict:
    """Split corpus.jsonl into n gzip shards of {"id", "text"}, in corpus order,
    balanced by bytes.  Also counts what the peers need for sizing: documents and
    non-empty lines (dolma's paragraphs)."""
    shutil.rmtree(documents, ignore_errors=True)
    documents.mkdir(parents=True)
    total = corpus.stat().st_size
    docs = paragraphs = done = 0
    shard, out = 0, None
    with open(corpus, "rb") as f:
        for line in f:
            if out is None or (done >= total * (shard + 1) / n and shard < n - 1):
                if out is not None:
                    out.close()
                    shard += 1
                out = gzip.open(documents / f"part-{shard:04d}.jsonl.gz", "wt", encoding="utf-8", compresslevel=1)
            done += len(line)
            if not line.strip():
                continue
            doc = json.loads(line)
            text = doc.get("text") or ""
            out.write(json.dumps({"id": str(doc["id"]), "text": text}, ensure_ascii=False) + "\n")
            docs += 1
            paragraphs += sum(1 for p in text.split("\n") if p.strip())
    out.close()
    return {"shards": shard + 1, "documents": docs, "paragraphs": paragraphs}


# --------------------------------------------------------------------------
# The tools


# scour's nearest to dolma's paragraph dedup: line rules, the body span, site
# templates and near-duplicate documents off; Parquet only.  Paragraph and
# document dedup stay, and so do the stages no option turns off (decoding,
# normalization, title, dates, sections, languages, the tables).
SCOUR_DEDUP_ONLY = [
    "--set", "boilerplate.rules=false",
    "--set", "boilerplate.context=false",
    "--set", "boilerplate.templates.enabled=false",
    "--set", "dedup.near_documents=false",
    "--formats", "parquet",
]


def run_scour(corpus: Path, work: Path, threads: int, repeat: int, extra: list[str] | None = None,
              label: str = "", command: str = "run") -> dict:
    """scour run (or `command`, e.g. dedup), default config (or `extra`
    arguments, with `label` naming the output folder and log); figures plus
    manifest timings and dedup removals.

    It runs in `work` (absolute paths), so that no scour.toml of the caller's
    folder changes the config."""
    out = work / "scour" / f"{label}threads{threads}"

    def once():
        shutil.rmtree(out, ignore_errors=True)
        cmd = [str(SCOUR), command, "--input", str(corpus), "--output", str(out), "--threads", str(threads),
               *(extra or [])]
        return measure(cmd, work / "logs" / f"scour-{label}t{threads}.log", cwd=work)

    result = repeat_runs(repeat, once)
    manifest = json.loads((out / "manifest.json").read_text())
    reasons = manifest.get("removed_by_reason", {})
    result["timings_ms"] = manifest.get("timings_ms", {})
    result["removed"] = {r: reasons.get(r, {}).get("rows", 0) for r in SCOUR_DEDUP_REASONS}
    result["removed_all_rows"] = sum(v.get("rows", 0) for v in reasons.values())
    result["counts"] = manifest.get("counts", {})
    result["stage_stats"] = manifest.get("stage_stats", {})
    return result


def run_dolma(venv: Path, shards: Path, work: Path, processes: int, sizing: dict, repeat: int,
              truth: Path | None) -> dict:
    """dolma dedupe, paragraph Bloom filter; counts the duplicate spans it wrote."""
    name = f"dedup_p{processes}"
    attributes = shards / "attributes" / name
    bloom = work / "dolma" / f"bloom-p{processes}.bin"
    bloom.parent.mkdir(parents=True, exist_ok=True)
    # dolma.core.utils tries nltk.download("punkt") at import when punkt is missing
    # (dedupe never uses it): an empty stand-in keeps the run off the network.
    nltk_data = venv / "nltk_data"
    (nltk_data / "tokenizers" / "punkt").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NLTK_DATA=str(nltk_data))
    cmd = [
        str(venv / "bin" / "dolma"), "dedupe",
        "--documents", str(shards / "documents" / "*.jsonl.gz"),
        "--dedupe.name", name,
        "--dedupe.paragraphs.attribute_name", DOLMA_ATTRIBUTE,
        "--dedupe.skip_empty",
        "--bloom_filter.file", str(bloom),
        "--no-bloom_filter.read_only",
        "--bloom_filter.estimated_doc_count", str(max(sizing["paragraphs"], 1000)),
        "--bloom_filter.desired_false_positive_rate", str(DOLMA_FALSE_POSITIVE_RATE),
        "--processes", str(processes),
    ]

    def once():
        # dolma skips shards whose attribute file exists and loads an existing
        # Bloom filter file: both must go before each run.
        shutil.rmtree(attributes, ignore_errors=True)
        bloom.unlink(missing_ok=True)
        return measure(cmd, work / "logs" / f"dolma-p{processes}.log", env=env)

    result = repeat_runs(repeat, once)
    result["bloom_filter_bytes"] = bloom.stat().st_size
    # The same command with --dryrun (imports, config, file listing; no dedup):
    # dolma's fixed start-up cost, which dominates on small corpora.
    result["startup_s"] = measure([*cmd, "--dryrun"], work / "logs" / f"dolma-p{processes}-dryrun.log", env=env)["wall_s"]
    result["removed"] = count_dolma_spans(shards / "documents", attributes, truth)
    if result["removed"]["attribute_files"] != sizing["shards"]:
        raise ToolError(f"dolma wrote {result['removed']['attribute_files']} attribute files for {sizing['shards']} shards")
    return result


def count_dolma_spans(documents: Path, attributes: Path, truth: Path | None) -> dict:
    """Duplicate-paragraph spans in dolma's attribute files, checked against the text.

    Spans are [start, end, score] in characters of the document text; a span
    should cover one whole line (start at 0 or after a newline, not blank).
    With truth.jsonl (same corpus order as the shards), each span is also
    matched to the generator's label of that line: "dup" is a true duplicate
    paragraph, "boilerplate" a repeated template line, others kept content."""
    spans = spans_60 = span_bytes = docs_with_spans = misaligned = files = 0
    labels: dict[str, int] = {}
    truth_docs = iter_truth(truth) if truth else None
    for attr_file in sorted(attributes.glob("*.jsonl.gz")):
        files += 1
        with gzip.open(documents / attr_file.name, "rt", encoding="utf-8") as d, gzip.open(
            attr_file, "rt", encoding="utf-8"
        ) as a:
            for doc_line, attr_line in zip(d, a):
                doc, attr = json.loads(doc_line), json.loads(attr_line)
                if doc["id"] != attr["id"]:
                    raise ToolError(f"dolma attribute order differs from {attr_file.name}: {doc['id']} vs {attr['id']}")
                found = attr["attributes"].get(DOLMA_ATTRIBUTE) or []
                docs_with_spans += bool(found)
                text = doc["text"]
                line_of = truth_line_finder(next(truth_docs), doc) if truth_docs else None
                for start, end, _score in found:
                    piece = text[start:end]
                    spans += 1
                    size = len(piece.rstrip("\n").encode("utf-8"))
                    span_bytes += size
                    spans_60 += size >= SCOUR_MIN_PARAGRAPH_BYTES
                    misaligned += not (start == 0 or text[start - 1] == "\n") or not piece.strip()
                    if line_of:
                        label = line_of(start, piece)
                        labels[label] = labels.get(label, 0) + 1
    result = {
        "paragraph_spans": spans,
        f"paragraph_spans_ge_{SCOUR_MIN_PARAGRAPH_BYTES}_bytes": spans_60,
        "span_bytes": span_bytes,
        "documents_with_spans": docs_with_spans,
        "misaligned_spans": misaligned,
        "attribute_files": files,
    }
    if truth_docs:
        result["spans_by_truth_label"] = dict(sorted(labels.items(), key=lambda kv: -kv[1]))
    return result


DATATROVE_RUNNER = '''\
"""datatrove MinHash dedup, written and run by tests/bench/dedup_peers.py."""
import json, sys, time
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import (MinhashDedupBuckets, MinhashDedupCluster,
                                      MinhashDedupFilter, MinhashDedupSignature)
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter



def main(documents, work, workers):
    config = MinhashConfig()
    reader = lambda: JsonlReader(documents, glob_pattern="*.jsonl.gz")
    stages = [
        ("signature", [reader(), MinhashDedupSignature(f"{work}/signatures", config=config)], workers),
        ("buckets", [MinhashDedupBuckets(f"{work}/signatures", f"{work}/buckets", config=config)],
         config.num_buckets),
        ("cluster", [MinhashDedupCluster(f"{work}/buckets", f"{work}/remove_ids", config=config)], 1),
        ("filter", [reader(),
                    MinhashDedupFilter(f"{work}/remove_ids", exclusion_writer=JsonlWriter(f"{work}/removed")),
                    JsonlWriter(f"{work}/output")], workers),
    ]
    timings = {}
    for name, pipeline, tasks in stages:
        start = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=min(workers, tasks),
                              logging_dir=f"{work}/logs/{name}").run()
        timings[name] = round(time.perf_counter() - start, 3)
    print("DATATROVE_TIMINGS " + json.dumps(timings))


if __name__ == "__main__":  # workers > 1 start processes with forkserver, which re-imports this file
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
'''


def run_datatrove(venv: Path, shards: Path, work: Path, workers: int, sizing: dict, repeat: int,
                  truth: Path | None) -> dict:
    """datatrove MinHash pipeline (4 executor runs in one timed process); counts removed documents."""
    base = work / "datatrove"
    runner = base / "minhash_runner.py"
    base.mkdir(parents=True, exist_ok=True)
    runner.write_text(DATATROVE_RUNNER)
    out = base / f"workers{workers}"
    log = work / "logs" / f"datatrove-w{workers}.log"
    cmd = [str(venv / "bin" / "python"), str(runner), str(shards / "documents"), str(out), str(workers)]

    def once():
        # datatrove skips tasks it finds completed in logging_dir: start clean.
        shutil.rmtree(out, ignore_errors=True)
        return measure(cmd, log)

    result = repeat_runs(repeat, once)
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("DATATROVE_TIMINGS "):
            result["stage_s"] = json.loads(line.split(" ", 1)[1])
    kept = len(jsonl_gz_ids(out / "output"))
    excluded_ids = jsonl_gz_ids(out / "removed")
    excluded = len(excluded_ids)
    remove_ids = sum(p.stat().st_size // 4 for p in (out / "remove_ids").glob("*.remove"))
    result["removed"] = {
        "documents_in": sizing["documents"],
        "documents_out": kept,
        "documents_removed": sizing["documents"] - kept,
        "exclusion_writer_documents": excluded,
        "remove_ids": remove_ids,
    }
    if not (sizing["documents"] - kept == excluded == remove_ids):
        raise ToolError(f"datatrove counts disagree: {result['removed']}")
    if truth:
        result["removed"]["truth"] = truth_check_documents(truth, set(excluded_ids))
    return result


def jsonl_gz_ids(folder: Path) -> list[str]:
    ids = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rb") as f:
            ids.extend(str(json.loads(line)["id"]) for line in f if line.strip())
    return ids


def truth_file(corpus: Path) -> Path | None:
    """truth.jsonl beside the corpus (make_corpus.py --truth), if any."""
    path = corpus.parent / "truth.jsonl"
    return path if path.exists() else None


def iter_truth(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def truth_reference(truth: Path) -> dict:
    """What the generator injected: duplicate pages and duplicate paragraphs."""
    pages = exact = near = dup_lines = dup_lines_60 = 0
    for t in iter_truth(truth):
        pages += 1
        exact += t.get("exact_dup_of") is not None
        near += t.get("near_dup_of") is not None
        for text, label in t.get("lines", []):
            if label == "dup":
                dup_lines += 1
                dup_lines_60 += len(text.encode("utf-8")) >= SCOUR_MIN_PARAGRAPH_BYTES
    return {"pages": pages, "exact_dup_pages": exact, "near_dup_pages": near, "dup_paragraphs": dup_lines,
            f"dup_paragraphs_ge_{SCOUR_MIN_PARAGRAPH_BYTES}_bytes": dup_lines_60}


def truth_line_finder(t: dict, doc: dict):
    """A function (char offset, span text) -> the truth label of the line there.

    The page text is sep.join(lines) + "\n", so line i starts at a known offset."""
    if t["id"] != doc["id"]:
        raise ToolError(f"truth.jsonl is not in corpus order: {t['id']} vs {doc['id']}")
    starts, pos = {}, 0
    for i, (text, _label) in enumerate(t["lines"]):
        starts[pos] = i
        pos += len(text) + len(t["sep"])

    def label_at(offset: int, piece: str) -> str:
        i = starts.get(offset)
        if i is None or t["lines"][i][0].strip() != piece.strip():
            return "unmatched"
        return t["lines"][i][1]

    return label_at


def truth_check_documents(truth: Path, removed_ids: set[str]) -> dict:
    """Which of the removed documents the generator made as exact or near copies."""
    exact = near = other = exact_all = near_all = 0
    for t in iter_truth(truth):
        is_exact, is_near = t.get("exact_dup_of") is not None, t.get("near_dup_of") is not None
        exact_all += is_exact
        near_all += is_near
        if t["id"] in removed_ids:
            exact += is_exact
            near += is_near
            other += not (is_exact or is_near)
    return {"removed_exact_dups": exact, "removed_near_dups": near, "removed_not_dups": other,
            "truth_exact_dups": exact_all, "truth_near_dups": near_all}


# --------------------------------------------------------------------------
# Report


def mbps(input_bytes: int, run: dict) -> float:
    return round(input_bytes / MB / run["wall_s"], 2) if run.get("wall_s") else 0.0


def describe_removed(tool: str, run: dict) -> str:
    r = run["removed"]
    if tool == "scour":
        return "para_corpus {} / para_in_doc {} / doc {} / near_doc {}".format(
            *(r[k] for k in SCOUR_DEDUP_REASONS)
        )
    if tool == "dolma":
        return "{} dup paragraph spans ({} >= {} B), {} docs touched".format(
            r["paragraph_spans"], r[f"paragraph_spans_ge_{SCOUR_MIN_PARAGRAPH_BYTES}_bytes"],
            SCOUR_MIN_PARAGRAPH_BYTES, r["documents_with_spans"],
        )
    return "{} of {} documents removed".format(r["documents_removed"], r["documents_in"])


def ratios(results: dict, threads: list[int]) -> dict:
    """scour / peer, per thread count: MB/s (>1: scour faster) and peak RSS (>1: scour bigger)."""
    out = {}
    scour = results["tools"].get("scour", {}).get("runs", {})
    for peer in ("dolma", "datatrove"):
        runs = results["tools"].get(peer, {}).get("runs", {})
        for t in threads:
            s, p = scour.get(str(t)), runs.get(str(t))
            if not s or not p or "error" in s or "error" in p:
                continue
            out[f"scour/{peer} threads={t}"] = {
                "mb_per_s": round(s["mb_per_s"] / p["mb_per_s"], 3),
                "peak_rss": round(s["peak_rss_mb"] / p["peak_rss_mb"], 3),
                "peak_tree_rss": round(s["peak_tree_rss_mb"] / p["peak_tree_rss_mb"], 3),
            }
    return out


def print_table(results: dict) -> None:
    header = f"{'tool':<10} {'N':>2} {'wall s':>8} {'MB/s':>8} {'RSS MB':>8} {'tree MB':>8}  removed"
    print("\n" + header + "\n" + "-" * len(header))
    for tool, info in results["tools"].items():
        if "error" in info:
            print(f"{tool:<10}  FAILED: {info['error'].splitlines()[0]}")
            continue
        for t, run in info["runs"].items():
            if "error" in run:
                print(f"{tool:<10} {t:>2}  FAILED: {run['error'].splitlines()[0]}")
                continue
            print(
                f"{tool:<10} {t:>2} {run['wall_s']:>8.2f} {run['mb_per_s']:>8.2f} {run['peak_rss_mb']:>8.1f} "
                f"{run['peak_tree_rss_mb']:>8.1f}  {describe_removed(tool, run)}"
            )
    print("\nN = --threads (scour) / --processes (dolma) / workers (datatrove); RSS = largest process, "
          "tree = sum over the process tree (sampled)")
    for name, run in results["tools"].get("scour", {}).get("runs", {}).items():
        if "timings_ms" in run:
            print(f"scour threads={name} timings_ms: {json.dumps(run['timings_ms'])}")
    for name, run in results["tools"].get("dolma", {}).get("runs", {}).items():
        if "startup_s" in run:
            print(f"dolma processes={name} start-up (same command with --dryrun): {run['startup_s']} s")
    for name, run in results["tools"].get("datatrove", {}).get("runs", {}).items():
        if "stage_s" in run:
            print(f"datatrove workers={name} stage seconds: {json.dumps(run['stage_s'])}")
    for name, run in results["tools"].get("dolma", {}).get("runs", {}).items():
        if "spans_by_truth_label" in run.get("removed", {}):
            print(f"dolma processes={name} spans by truth label: {json.dumps(run['removed']['spans_by_truth_label'])}")
    for name, run in results["tools"].get("datatrove", {}).get("runs", {}).items():
        if "truth" in run.get("removed", {}):
            print(f"datatrove workers={name} removed vs truth: {json.dumps(run['removed']['truth'])}")
    if results.get("truth"):
        print(f"truth (injected): {json.dumps(results['truth'])}")
    for name, r in results["ratios"].items():
        print(f"{name}: MB/s x{r['mb_per_s']}, peak RSS x{r['peak_tree_rss']} process tree "
              f"(x{r['peak_rss']} largest process)")
    for tool, info in results["installs"].items():
        how = "reused" if info.get("reused") else f"installed in {info.get('install_s')} s"
        print(f"venv {tool}: {how}" + (f" -- {info['error'].splitlines()[0]}" if "error" in info else ""))


# --------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="corpus.jsonl from make_corpus.py")
    ap.add_argument("--work", type=Path, required=True, help="work folder; results.json goes here")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--skip", nargs="+", choices=["dolma", "datatrove"], default=[])
    ap.add_argument("--repeat", type=int, default=1, help="runs per setting (median wall time)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds before a run is killed")
    args = ap.parse_args()
    globals()["TIMEOUT_S"] = args.timeout

    corpus, work = args.corpus.resolve(), args.work.resolve()
    if not corpus.is_file():
        sys.exit(f"no corpus at {corpus}")
    if not SCOUR.is_file():
        sys.exit(f"no scour binary at {SCOUR} (build it with `make run` / cargo build --release first)")
    work.mkdir(parents=True, exist_ok=True)
    ensure_time()
    input_bytes = corpus.stat().st_size
    truth = truth_file(corpus)
    results: dict = {
        "corpus": str(corpus),
        "input_bytes": input_bytes,
        "input_mb": round(input_bytes / MB, 3),
        "threads": args.threads,
        "repeat": args.repeat,
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                    "loadavg_start": os.getloadavg()},
        "scour_version": subprocess.run([str(SCOUR), "--version"], capture_output=True, text=True).stdout.strip(),
        "truth": truth_reference(truth) if truth else None,
        "installs": {},
        "tools": {},
    }
    if results["machine"]["loadavg_start"][0] > 0.5:
        print(f"note: load average {results['machine']['loadavg_start'][0]:.2f} before start: "
              "other work on this machine will slow every tool", flush=True)

    peers = [p for p in ("dolma", "datatrove") if p not in args.skip]
    venvs = install_peers(peers, work / "logs", results, "tools")

    shards = work / "shards"
    sizing = None
    if venvs:
        print(f"writing {N_SHARDS} gzip shards for the peers under {shards}/documents", flush=True)
        sizing = write_shards(corpus, shards / "documents")
        results["shards"] = sizing

    tools = {
        "scour": lambda t: run_scour(corpus, work, t, args.repeat),
        "dolma": lambda t: run_dolma(venvs["dolma"], shards, work, t, sizing, args.repeat, truth),
        "datatrove": lambda t: run_datatrove(venvs["datatrove"], shards, work, t, sizing, args.repeat, truth),
    }
    for tool, run in tools.items():
        if tool != "scour" and tool not in venvs:
            continue
        info = results["tools"].setdefault(tool, {"runs": {}})
        for t in args.threads:
            print(f"[{tool}] N={t} ...", flush=True)
            try:
                r = run(t)
                r["mb_per_s"] = mbps(input_bytes, r)
                print(f"[{tool}] N={t}: {r['wall_s']:.2f} s, {r['mb_per_s']} MB/s, "
                      f"{r['peak_rss_mb']} MB; {describe_removed(tool, r)}", flush=True)
            except Exception as e:  # noqa: BLE001 - report any failure, go on with the rest
                r = {"error": f"{type(e).__name__}: {e}"}
                print(f"[{tool}] N={t} FAILED: {r['error']}", flush=True)
            info["runs"][str(t)] = r

    results["machine"]["loadavg_end"] = os.getloadavg()
    results["ratios"] = ratios(results, args.threads)
    (work / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print_table(results)
    print(f"\nresults: {work / 'results.json'}")
    failed = any("error" in info or any("error" in r for r in info.get("runs", {}).values())
                 for info in results["tools"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
