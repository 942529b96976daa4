#!/usr/bin/env python3
"""`make bench-check` / `make bench-record`: a regression guard counted in instructions.

scour (target/release/scour, `run --threads 1 --quiet`, default config, in a
temporary folder: no scour.toml is read, the tables go there too) runs under
`valgrind --tool=callgrind --cache-sim=no` on fixed inputs; the total
instruction count (callgrind's `totals:` line, every thread) of each is
compared with the one recorded in tests/bench/instructions.json.

Inputs ("cases"):
* raw: the repository's raw/ folder (~53 KB, 24 records).  Small enough
  that start-up (compiling the boilerplate rules' regexes) is most of it.
* corpus-2mb: `../shared/bench/make_corpus.py --mb 2 --seed 1` (2 MB of
  JSONL, generated into the temporary folder, never committed; its sha256
  is recorded and checked, since a changed generator makes another input).
  Here the per-document stages are most of the count, so a slowdown of the
  processing shows.  Skipped, with a note, when the generator is missing.

Check: each case once; exit 1 when a count is more than --limit (10%) above
the recorded one, or when the recorded file or a case is missing or the
input changed.  Well below (more than 2%) prints "faster by X%" (re-record
to keep the gain guarded).  A different rustc than the recorded one is
reported: counts move with the compiler, and the fix is to re-record.

Record (--record): each case --runs times (default 2), the mean recorded,
the run-to-run spread noted.

Standard library only; Python 3.11.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_peers import cpu_model, git_commit  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SCOUR = REPO / "target" / "release" / "scour"
RECORD = REPO / "tests" / "bench" / "instructions.json"
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
LIMIT_PCT = 10.0
FASTER_PCT = 2.0
CORPUS_ARGS = ["--mb", "2", "--seed", "1"]

VALGRIND = ["valgrind", "--tool=callgrind", "--cache-sim=no"]
SCOUR_ARGS = ["run", "--input", "{input}", "--output", "{tmp}/out", "--threads", "1", "--quiet"]


class CaseUnavailable(Exception):
    """A case's input cannot be had here (the generator is missing)."""


def prepare_input(case: str, tmp: Path) -> tuple[Path, dict]:
    """The input path of a case, and what identifies it."""
    if case == "raw":
        files = sorted(p for p in (REPO / "raw").rglob("*") if p.is_file())
        digest = hashlib.sha256()
        for p in files:
            digest.update(p.relative_to(REPO).as_posix().encode() + b"\0" + p.read_bytes())
        return REPO / "raw", {"input": "raw/", "files": len(files),
                              "bytes": sum(p.stat().st_size for p in files), "sha256": digest.hexdigest()}
    if case == "corpus-2mb":
        if not MAKE_CORPUS.is_file():
            raise CaseUnavailable(f"no generator at {MAKE_CORPUS}")
        out = tmp / "corpus"
        subprocess.run([sys.executable, str(MAKE_CORPUS), *CORPUS_ARGS, "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        corpus = out / "corpus.jsonl"
        return corpus, {"input": "../shared/bench/make_corpus.py " + " ".join(CORPUS_ARGS) + " -> corpus.jsonl",
                        "bytes": corpus.stat().st_size,
                        "sha256": hashlib.sha256(corpus.read_bytes()).hexdigest()}
    raise ValueError(case)


CASES = ["raw", "corpus-2mb"]


def command(input_path: str, tmp: str, out_file: str) -> list[str]:
    return [*VALGRIND, f"--callgrind-out-file={out_file}", str(SCOUR),
            *(a.format(input=input_path, tmp=tmp) for a in SCOUR_ARGS)]


def count_instructions(input_path: Path, tmp: Path, run: int) -> int:
    """One run of scour under callgrind; its total Ir."""
    out_file = tmp / f"callgrind.{run}.out"
    shutil.rmtree(tmp / "out", ignore_errors=True)
    cmd = command(str(input_path), str(tmp), str(out_file))
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench-check: scour failed under valgrind (exit code {proc.returncode}):\n"
                 f"  {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    totals = summary = None
    for line in out_file.read_text(errors="replace").splitlines():
        if line.startswith("totals:"):
            totals = int(line.split()[1])
        elif line.startswith("summary:"):
            summary = int(line.split()[1])
    if totals is None and summary is None:
        sys.exit(f"bench-check: no totals/summary line in {out_file}")
    return totals if totals is not None else summary


def tool_version(cmd: list[str]) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO).stdout.strip() or None
    except OSError:
        return None


def shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def pct(new: float, old: float) -> float:
    return (new - old) / old * 100.0


def record(runs: int) -> int:
    cases = {}
    with tempfile.TemporaryDirectory(prefix="scour-bench-check-") as t:
        tmp = Path(t)
        for case in CASES:
            try:
                input_path, ident = prepare_input(case, tmp)
            except CaseUnavailable as e:
                print(f"{case}: not recorded ({e})")
                continue
            counts = []
            for i in range(runs):
                counts.append(count_instructions(input_path, tmp, i))
                print(f"{case}: run {i + 1}: {counts[-1]:,} instructions", flush=True)
            mean = round(sum(counts) / len(counts))
            spread = (max(counts) - min(counts)) / min(counts) * 100.0
            cases[case] = {
                **ident,
                "command": " ".join(command(ident["input"] if case == "raw" else "<tmp>/corpus/corpus.jsonl",
                                            "<tmp>", "<tmp>/callgrind.out")).replace(str(REPO) + "/", ""),
                "instructions": mean,
                "runs": counts,
                "spread_pct": round(spread, 4),
            }
            print(f"{case}: recorded {mean:,} (spread {spread:.4f}% over {runs} runs)")
    if not cases:
        sys.exit("bench-record: no case could run")
    spreads = ", ".join(f"{c} {v['spread_pct']}%" for c, v in cases.items())
    data = {
        "note": (
            "Instruction counts (callgrind Ir, all threads) of `scour run --threads 1 --quiet` on fixed inputs, "
            "for `make bench-check` (fails above +10%). Re-record with `make bench-record` after an intended "
            "change in speed or a toolchain change. Run-to-run spread when recorded: " + spreads + " "
            "(hash seeds and thread scheduling move the count a little; far below the 10% limit). "
            "Counts depend on rustc, the CPU (runtime-selected SIMD paths) and valgrind: compare like with like. "
            "On raw/ about 78% of the count is start-up (RuleBook::builtin compiling the rules' regexes, "
            "callgrind_annotate --inclusive=yes), so corpus-2mb is the case that guards the per-document work."
        ),
        "limit_pct": LIMIT_PCT,
        "recorded": datetime.date.today().isoformat(),
        "rustc": tool_version(["rustc", "--version"]),
        "valgrind": tool_version(["valgrind", "--version"]),
        "cpu": cpu_model(),
        "scour_commit": git_commit(),
        "cases": cases,
    }
    RECORD.write_text(json.dumps(data, indent=1) + "\n")
    print(f"recorded in {shown(RECORD)}")
    return 0


def check(limit: float) -> int:
    if not RECORD.is_file():
        print(f"bench-check: no recorded counts ({shown(RECORD)}): run `make bench-record` first")
        return 1
    saved = json.loads(RECORD.read_text())
    rustc = tool_version(["rustc", "--version"])
    if rustc != saved.get("rustc"):
        print(f"bench-check: note: recorded with {saved.get('rustc')}, built with {rustc}: counts move with "
              "the compiler; if this is the only change, re-record with `make bench-record`")
    cpu = cpu_model()
    if cpu != saved.get("cpu"):
        print(f"bench-check: note: recorded on `{saved.get('cpu')}`, running on `{cpu}` "
              "(SIMD paths chosen at run time can move the count)")
    failed = False
    with tempfile.TemporaryDirectory(prefix="scour-bench-check-") as t:
        tmp = Path(t)
        for case in CASES:
            rec = saved.get("cases", {}).get(case)
            if rec is None:
                print(f"{case}: FAIL: no recorded count for this case: run `make bench-record`")
                failed = True
                continue
            try:
                input_path, ident = prepare_input(case, tmp)
            except CaseUnavailable as e:
                print(f"{case}: skipped ({e})")
                continue
            if ident["sha256"] != rec.get("sha256"):
                print(f"{case}: FAIL: the input differs from the one recorded ({ident['input']}: sha256 "
                      f"{ident['sha256'][:12]} vs {str(rec.get('sha256'))[:12]}): counts are not comparable; "
                      "re-record with `make bench-record`")
                failed = True
                continue
            new = count_instructions(input_path, tmp, 0)
            old = rec["instructions"]
            d = pct(new, old)
            line = f"{case}: {new:,} instructions, recorded {old:,}: "
            if d > limit:
                print(line + f"FAIL: slower by {d:.2f}% (limit +{limit:g}%). If the slowdown is intended, "
                      "re-record with `make bench-record`; otherwise profile with "
                      "`valgrind --tool=callgrind` and `callgrind_annotate`")
                failed = True
            elif d < -FASTER_PCT:
                print(line + f"faster by {-d:.2f}% (re-record with `make bench-record` to keep the gain guarded)")
            elif d > FASTER_PCT:
                print(line + f"slower by {d:.2f}% (within the +{limit:g}% limit)")
            else:
                print(line + f"unchanged ({d:+.3f}%)")
    print("bench-check: " + ("FAILED" if failed else "ok"))
    return 1 if failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", action="store_true", help="re-record tests/bench/instructions.json")
    ap.add_argument("--runs", type=int, default=2, help="runs per case when recording")
    ap.add_argument("--limit", type=float, default=LIMIT_PCT, help="percent above the record that fails")
    ap.add_argument("--file", type=Path, default=RECORD, help="the recorded counts (default: %(default)s)")
    args = ap.parse_args()
    globals()["RECORD"] = args.file.resolve()
    if shutil.which("valgrind") is None:
        print("bench-check: valgrind is not installed (apt-get install -y valgrind; `make bench-check` does it)")
        return 2
    if not SCOUR.is_file():
        print(f"bench-check: no {SCOUR}: build it with `cargo build --release` (`make build`)")
        return 2
    return record(args.runs) if args.record else check(args.limit)


if __name__ == "__main__":
    sys.exit(main())
