"""What the Python tests share: where scour is, and one run of it."""

import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "debug" / "scour"
TABLES = ["documents", "sections", "paragraphs", "removed", "errors"]
DEDUP_TABLES = ["records", "duplicates", "errors"]
FIXTURES = ROOT / "tests" / "fixtures" / "site"


def run(out, *extra, command="run"):
    """`scour run` (or `command`) over the fixtures into `out`; returns `out`."""
    result = subprocess.run(
        [str(BINARY), command, "--input", str(FIXTURES), "--output", str(out), *extra],
        capture_output=True,
        text=True,
    )
    # The fixtures hold three bad JSONL records on purpose: exit code 1.
    assert result.returncode == 1, result.stderr
    return out
