"""`scour.ray.run` on a local Ray cluster with 2 CPUs gives the rows `scour
run` gives, in every table, on a generated 20 MB corpus whose copies,
near-duplicates, syndicated paragraphs and site templates cross files (and
so Ray tasks and blocks)."""

import collections
import json
import subprocess

import pyarrow.parquet as pq
import pytest

import scour.ray
from corpus import write_corpus
from helpers import BINARY, TABLES

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    write_corpus(corpus, mb=20, files=8, seed=1)
    out = tmp_path_factory.mktemp("out")
    result = subprocess.run(
        [str(BINARY), "run", "--quiet", "--input", str(corpus), "--output", str(out / "cli")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        counts = scour.ray.run(corpus, out / "ray")
    finally:
        ray.shutdown()
    return out, counts


def rows(table):
    return sorted(json.dumps(r, sort_keys=True) for r in table.to_pylist())


@pytest.mark.parametrize("name", TABLES)
def test_ray_gives_the_rows_of_scour_run(runs, name):
    out, counts = runs
    cli = pq.read_table(out / "cli" / f"{name}.parquet")
    got = pq.read_table(out / "ray" / name).select(cli.column_names)
    assert counts[name] == cli.num_rows
    assert rows(got) == rows(cli)


def test_the_corpus_exercises_every_corpus_stage(runs):
    out, _ = runs
    removed = pq.read_table(out / "cli" / "removed.parquet").column("reason").to_pylist()
    reasons = collections.Counter(removed)
    for reason in ["dedup.document", "dedup.near_document", "dedup.paragraph_corpus", "site_template"]:
        assert reasons[reason] > 50, reasons
