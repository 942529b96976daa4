"""Seeds for `make fuzz`: every fixture file as a fuzz input, its first
byte picking the reader as fuzz_targets/read_clean.rs does (NAMES there)."""

import gzip
import json
import pathlib
import sys

NAMES = ["page.txt", "page.md", "feed.jsonl", "records.json", "rows.csv", "rows.tsv",
         "table.parquet", "crawl.warc.wet", "page.txt.gz", "feed.jsonl.zst",
         "crawl.warc.wet.gz", "rows.csv.zst"]


def pick(path: pathlib.Path) -> int:
    name = path.name.lower()
    for i, candidate in enumerate(NAMES):
        if name.endswith(candidate.split(".", 1)[1]):
            return i
    return 0


def containers(text: str) -> dict:
    """One page in the formats no fixture file is in."""
    quoted = text.replace('"', '""')
    wet = (
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.test/a\r\n"
        f"WARC-Date: 2021-12-31T00:00:00Z\r\nContent-Length: {len(text.encode())}\r\n\r\n{text}\r\n\r\n"
    )
    return {
        "rows.csv": f'id,title,text\r\n1,A page,"{quoted}"\r\n'.encode(),
        "rows.tsv": f"id\ttext\n1\t{text.splitlines()[0]}\n".encode(),
        "records.json": json.dumps([{"id": 1, "text": text}]).encode(),
        "crawl.warc.wet": wet.encode(),
        "page.txt.gz": gzip.compress(text.encode(), mtime=0),
        "crawl.warc.wet.gz": gzip.compress(wet.encode(), mtime=0),
    }


def main(fixtures: pathlib.Path, out: pathlib.Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in fixtures.rglob("*") if p.is_file())
    for n, path in enumerate(files):
        data = path.read_bytes()[: 1 << 16]
        (out / f"seed-{n:04}").write_bytes(bytes([pick(path)]) + data)
    text = next((p.read_text("utf-8", "replace") for p in files if p.suffix == ".txt"), "A page.\n")
    for name, data in containers(text[:4000]).items():
        (out / f"seed-{name}").write_bytes(bytes([NAMES.index(name)]) + data)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
