#!/usr/bin/env python3
"""Run scour over the boilerplate-removal development set and score it.

For each part of the set (articles, zh, snippets) the scraped pages are
linked into a scratch input folder, `scour run` cleans them, and each
page's cleaned text (documents.text; empty when the page was dropped) is
written to PRED/<part>/<id>.txt, with the headings scour found in
PRED/articles/<id>.headings.txt. Then the set's own scorer prints
precision, recall and F1. For the Chinese pages, the share whose `date`
column gives the day of their gold date (`<id>.date.txt`) is printed too,
and for the pages labelled in tests/eval/languages.tsv, the share whose
`lang` column names their language. Standard library only.

Usage: eval.py --scour BIN --set ../shared/eval/dev --work DIR [--config FILE]
"""
import argparse
import csv
import pathlib
import re
import shutil
import subprocess
import sys

csv.field_size_limit(1 << 30)
PARTS = ["articles", "zh", "snippets"]
LANGUAGES = pathlib.Path(__file__).with_name("languages.tsv")


def read_languages():
    """Labelled pages: (part, id) -> ISO 639-1 code."""
    labels = {}
    for line in LANGUAGES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            page, part, lang = line.split("\t")
            labels[(part, page)] = lang
    return labels


def read_table(out, name):
    with open(out / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run_part(scour, part_dir, work, part, config=None, languages=None):
    inp = work / "input" / part
    out = work / "output" / part
    pred = work / "pred" / part
    for d in (inp, out, pred):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    pages = sorted(p for p in part_dir.glob("*.txt") if p.name.count(".") == 1)
    for p in pages:
        (inp / p.name).symlink_to(p.resolve())
    # Exit code 1 (some input unreadable) still leaves complete outputs.
    cmd = [scour, "run", "--input", inp, "--output", out] + (["--config", config] if config else [])
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"scour failed on {part}: {res.stderr}")
    docs = {d["source"]: d for d in read_table(out, "documents")}
    if part == "zh":
        score_dates(part_dir, pages, docs)
    headings = {}
    for s in read_table(out, "sections"):
        if s["heading"]:
            headings.setdefault(s["doc_id"], []).append(s["heading"])
    for p in pages:
        doc = docs.get(p.name)
        if languages is not None and doc and (part, p.stem) in languages:
            languages[(part, p.stem)] = (languages[(part, p.stem)], doc["lang"])
        (pred / p.name).write_text(doc["text"] if doc else "", encoding="utf-8")
        if part == "articles":
            hs = headings.get(doc["doc_id"], []) if doc else []
            (pred / f"{p.stem}.headings.txt").write_text("\n".join(hs), encoding="utf-8")
    return len(pages)


def score_dates(part_dir, pages, docs):
    """Share of pages whose `date` column gives the gold date's day."""
    right = total = 0
    wrong = []
    for p in pages:
        gold_file = part_dir / f"{p.stem}.date.txt"
        if not gold_file.exists():
            continue
        # Gold is "2005-9-15", "2005-09-15 10:02", "1996-6" (month only) or
        # "UNKNOWN" (the page shows no date: the right answer is none).
        raw = gold_file.read_text(encoding="utf-8").strip()
        m = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", raw)
        gold = ""
        if m:
            gold = f"{int(m[1]):04}-{int(m[2]):02}" + (f"-{int(m[3]):02}" if m[3] else "")
        total += 1
        got = (docs.get(p.name) or {}).get("date", "")
        if got[: len(gold)] == gold and (gold or not got):
            right += 1
        else:
            wrong.append(f"{p.stem}: {got or '-'} (gold {gold})")
    if total:
        print(f"zh dates: right day on {right}/{total} pages ({right / total:.1%})")
        for w in wrong[:10]:
            print(f"  wrong: {w}")


def score_languages(languages):
    """Share of the labelled pages kept as documents whose `lang` is right."""
    found = {k: v for k, v in languages.items() if isinstance(v, tuple)}
    if not found:
        return
    wrong = sorted(f"{part}/{page}: {got or '-'} (label {want})"
                   for (part, page), (want, got) in found.items() if got != want)
    right = len(found) - len(wrong)
    print(f"languages: right on {right}/{len(found)} labelled pages ({right / len(found):.1%})")
    for w in wrong[:10]:
        print(f"  wrong: {w}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scour", required=True)
    ap.add_argument("--set", required=True, type=pathlib.Path)
    ap.add_argument("--work", required=True, type=pathlib.Path)
    ap.add_argument("--config", help="a scour TOML config to run with")
    args = ap.parse_args()
    languages = read_languages()
    for part in PARTS:
        if (args.set / part).is_dir():
            run_part(args.scour, args.set / part, args.work, part, args.config, languages)
    score_languages(languages)
    scorer = args.set.parent / "score.py"
    subprocess.run(
        [sys.executable, scorer, "--pred", args.work / "pred", "--set", args.set, "--json", args.work / "scores.json"],
        check=True,
    )


if __name__ == "__main__":
    main()
