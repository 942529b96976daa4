#!/usr/bin/env python3
"""Score scour's deduplication and boilerplate removal against the truth of
a generated corpus.

`../shared/bench/make_corpus.py --truth` writes a corpus whose truth file
labels every block of every page: `dup` for a body paragraph whose
normalized text appeared earlier in corpus order, `content` for one first
seen there, and names each page that is an exact or near copy of an earlier
one. This script generates such a corpus once (cached under WORK), runs
`scour run` on its JSON Lines file, maps every output row back to its truth
block by character offset, and prints:

- paragraphs: precision and recall of blocks removed *as duplicates*
  (a `dedup.*` reason, or a page dropped as an exact copy) among `dup` and
  `content` blocks, leaving out the pages dropped as near-duplicates
  (scored as pages); also how many `dup` blocks went for any reason;
- documents: precision and recall of exact-copy and near-duplicate pages;
- titles: how often the `title` column is the page's bare title;
- lines by label and kind (in pages not dropped whole): the share removed,
  which should be high for boilerplate kinds and low for the rest.

With `--command dedup` it runs `scour dedup` instead and scores the lines its
`duplicates` table lists: paragraph precision and recall over every page
(near-duplicate pages included, line by line), and the share of each label
and kind listed; there are no page verdicts or titles to score.

Standard library only. Usage:
    corpus_eval.py --scour BIN --work DIR [--mb 30] [--seed 1] [--config FILE] [--command run|dedup]
"""
import argparse
from collections import Counter
import csv
import json
import pathlib
import subprocess
import sys

csv.field_size_limit(1 << 30)
HERE = pathlib.Path(__file__).resolve().parent
GENERATOR = HERE.parents[2] / "shared" / "bench" / "make_corpus.py"


def read_table(out, name):
    with open(out / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def corpus(work, mb, seed):
    """The generated corpus folder, made on first use."""
    d = work / f"corpus-{mb}mb-seed{seed}"
    if not (d / "truth.jsonl").exists():
        cmd = [sys.executable, GENERATOR, "--mb", str(mb), "--seed", str(seed), "--out", d, "--truth"]
        subprocess.run(cmd, check=True)
    return d


def spans(page):
    """Character span of each truth block in the page text."""
    pos, out = 0, []
    for text, _label in page["lines"]:
        out.append((pos, pos + len(text)))
        pos += len(text) + len(page["sep"])
    return out


def is_dedup(reason):
    return reason.startswith("dedup.")


def tally(counts, truth, pred, false_find=None):
    """Adds one page to true positive, false negative and false positive counts."""
    counts["tp"] += truth and pred
    counts["fn"] += truth and not pred
    counts["fp"] += (pred and not truth) if false_find is None else false_find


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scour", required=True)
    ap.add_argument("--work", required=True, type=pathlib.Path)
    ap.add_argument("--mb", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--config")
    ap.add_argument("--command", choices=["run", "dedup"], default="run")
    args = ap.parse_args()
    data = corpus(args.work, args.mb, args.seed)
    lines_only = args.command == "dedup"
    out = args.work / f"output-{args.mb}mb-seed{args.seed}{'-dedup' if lines_only else ''}"
    cmd = [args.scour, args.command, "--input", data / "corpus.jsonl", "--output", out]
    cmd += ["--config", args.config] if args.config else []
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"scour failed: {res.stderr}")

    titles = dict(right=0, pages=0)
    # record -> list of (char_start, reason or None)
    rows = {}
    dropped = {}
    dropped_detail = {}
    if lines_only:
        title_of = {}
        for r in read_table(out, "duplicates"):
            rows.setdefault(int(r["record"]), []).append((int(r["char_start"]), r["reason"]))
    else:
        documents = read_table(out, "documents")
        record_of = {d["doc_id"]: int(d["record"]) for d in documents}
        title_of = {int(d["record"]): d["title"] for d in documents}
        for r in read_table(out, "removed"):
            rec = int(r["record"])
            if r["block_idx"] == "":
                dropped[rec] = r["reason"]
                dropped_detail[rec] = (r.get("detail"), r.get("similarity"))
            else:
                rows.setdefault(rec, []).append((int(r["char_start"]), r["reason"]))
        for p in read_table(out, "paragraphs"):
            rows.setdefault(record_of[p["doc_id"]], []).append((int(p["raw_start"]), None))

    para = dict(tp=0, fp=0, fn=0, dup_gone=0, dup=0, content_gone=0, content=0, in_near_pages=0)
    fp_examples, fn_examples, near_missed, near_false = [], [], [], []
    docs = {"exact": dict(tp=0, fp=0, fn=0), "near": dict(tp=0, fp=0, fn=0)}
    by_kind = {}
    with open(data / "truth.jsonl", encoding="utf-8") as f:
        for rec, line in enumerate(f, start=1):
            page = json.loads(line)
            bounds = spans(page)
            status = [None] * len(bounds)  # removal reason per truth block
            b = 0
            for start, reason in sorted(rows.get(rec, []), key=lambda x: x[0]):
                while b + 1 < len(bounds) and bounds[b][1] <= start:
                    b += 1
                if reason is not None and status[b] is None:
                    status[b] = reason
            page_reason = dropped.get(rec)
            gold_titles = [t for t, label in page["lines"] if label == "title"]
            if page_reason is None and gold_titles and not lines_only:
                # The bare title: the shortest title line (others add the site).
                titles["pages"] += 1
                titles["right"] += title_of.get(rec) == min(gold_titles, key=len)
            if page_reason is None:
                for i, (text, label) in enumerate(page["lines"]):
                    kind = page["kinds"][i] if label == "boilerplate" else None
                    group = by_kind.setdefault((label, kind), [0, 0, Counter()])
                    group[0] += 1
                    if status[i] is not None:
                        group[1] += 1
                        group[2][status[i]] += 1
            for i, (text, label) in enumerate(page["lines"]):
                if page_reason == "dedup.near_document":
                    # Scored below, as a page: its changed paragraphs are
                    # first seen there, its others are duplicates.
                    para["in_near_pages"] += 1
                    continue
                reason = status[i] or page_reason
                by_dedup = reason is not None and is_dedup(reason)
                if label == "dup":
                    para["dup"] += 1
                    para["dup_gone"] += reason is not None
                    if by_dedup:
                        para["tp"] += 1
                    else:
                        para["fn"] += 1
                        if len(fn_examples) < 5:
                            fn_examples.append((page["id"], i, reason, text[:80]))
                elif label == "content":
                    para["content"] += 1
                    para["content_gone"] += reason is not None
                    if by_dedup:
                        para["fp"] += 1
                        if len(fp_examples) < 5:
                            fp_examples.append((page["id"], i, reason, text[:80]))
            exact = page["exact_dup_of"] is not None
            near = page["near_dup_of"] is not None
            as_copy = page_reason in ("dedup.document", "dedup.near_document")
            tally(docs["exact"], exact, page_reason == "dedup.document")
            # A near copy dropped as an exact one is still found; a page that
            # copies nothing and is dropped as either kind is a false find.
            false_copy = as_copy and not (near or exact)
            tally(docs["near"], near, as_copy, false_find=false_copy)
            if false_copy and len(near_false) < 5:
                near_false.append((page["id"], page_reason, dropped_detail.get(rec)))
            if near and not as_copy and len(near_missed) < 5:
                near_missed.append((page["id"], page["near_dup_of"], page["near_dup_changes"], page_reason))

    p = para
    print(f"corpus: {args.mb} MB, seed {args.seed}, {rec} pages")
    print(
        f"paragraphs: precision {ratio(p['tp'], p['tp'] + p['fp']):.4f} "
        f"recall {ratio(p['tp'], p['tp'] + p['fn']):.4f} "
        f"(dup {p['dup']}, removed as dup {p['tp']}, content removed as dup {p['fp']}); "
        f"dup gone for any reason {ratio(p['dup_gone'], p['dup']):.4f}, "
        f"content gone for any reason {ratio(p['content_gone'], p['content']):.4f} "
        f"(not counting the {p['in_near_pages']} blocks of pages dropped as near-duplicates)"
    )
    for kind, c in ({} if lines_only else docs).items():
        print(
            f"{kind} duplicate pages: precision {ratio(c['tp'], c['tp'] + c['fp']):.4f} "
            f"recall {ratio(c['tp'], c['tp'] + c['fn']):.4f} "
            f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})"
        )
    if not lines_only:
        print(
            f"titles: the title column is the page's bare title on {ratio(titles['right'], titles['pages']):.1%}"
            f" of {titles['pages']} kept pages"
        )
    print("lines of kept pages, by label (and kind): removed share, top reasons")
    for (label, kind), (n, gone, reasons) in sorted(by_kind.items(), key=lambda x: (x[0][0], x[0][1] or "")):
        top = ", ".join(f"{r} {c}" for r, c in reasons.most_common(3))
        print(f"  {label:12} {kind or '':11} {n:7} lines, removed {gone / n:6.1%}  {top}")
    for name, ex in (
        ("paragraphs removed but first seen", fp_examples),
        ("duplicate paragraphs kept", fn_examples),
        ("near-duplicate pages kept", near_missed),
        ("pages dropped as copies that copy nothing", near_false),
    ):
        for e in ex:
            print(f"  {name}: {e}")


if __name__ == "__main__":
    main()
