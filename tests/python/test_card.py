"""The dataset card: `datasets.load_dataset(DIR, table)` loads each table by
name, as the card in DIR/README.md declares, sharded or not; pandas reads
the same files."""

import os

import pandas as pd
import pyarrow.parquet as pq
import pytest

# No network: the folder and its card are all load_dataset needs.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"

import datasets  # noqa: E402
from helpers import DEDUP_TABLES, TABLES, run  # noqa: E402


@pytest.fixture(scope="module", params=[[], ["--shard-rows", "3"]], ids=["single", "sharded"])
def out(request, tmp_path_factory):
    return run(tmp_path_factory.mktemp("out"), *request.param)


@pytest.mark.parametrize("table", TABLES)
def test_load_dataset_by_table_name(out, table, tmp_path):
    ds = datasets.load_dataset(str(out), table, split="train", cache_dir=str(tmp_path))
    files = sorted(out.glob(f"{table}.parquet")) or sorted((out / table).glob("part-*.parquet"))
    expected = pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)
    assert ds.num_rows == len(expected) > 0 or table == "errors"
    assert ds.column_names == list(expected.columns)
    if len(expected):
        assert ds[0]["doc_id" if "doc_id" in ds.column_names else "source"] == expected.iloc[0, 0]


def test_the_card_is_the_default_config_and_counts_the_rows(out):
    card = (out / "README.md").read_text()
    assert card.startswith("---\n")
    ds = datasets.load_dataset(str(out), split="train", cache_dir=str(out.parent / "cache"))
    assert "text" in ds.column_names and "cluster_size" in ds.column_names
    assert f"| `documents` | {ds.num_rows} |" in card


@pytest.mark.parametrize("table", TABLES)
def test_pandas(out, table):
    files = sorted(out.glob(f"{table}.parquet")) or sorted((out / table).glob("part-*.parquet"))
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    csv_files = sorted(out.glob(f"{table}.csv")) or sorted((out / f"{table}-csv").glob("part-*.csv"))
    csv = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in csv_files], ignore_index=True)
    assert list(df.columns) == list(csv.columns)
    assert len(df) == len(csv)


@pytest.fixture(scope="module")
def dedup_out(tmp_path_factory):
    return run(tmp_path_factory.mktemp("dedup"), command="dedup")


@pytest.mark.parametrize("table", DEDUP_TABLES)
def test_scour_dedup_tables_load_by_name(dedup_out, table, tmp_path):
    ds = datasets.load_dataset(str(dedup_out), table, split="train", cache_dir=str(tmp_path))
    expected = pq.read_table(dedup_out / f"{table}.parquet").to_pandas()
    assert ds.num_rows == len(expected) > 0
    assert ds.column_names == list(expected.columns)


def test_scour_dedup_card_defaults_to_records_and_has_no_report(dedup_out, tmp_path):
    card = (dedup_out / "README.md").read_text()
    ds = datasets.load_dataset(str(dedup_out), split="train", cache_dir=str(tmp_path))
    assert "duplicate_lines" in ds.column_names
    duplicates = pq.read_table(dedup_out / "duplicates.parquet").num_rows
    assert f"| `duplicates` | {duplicates} |" in card
    assert "`documents`" not in card
    assert not (dedup_out / "report.html").exists()
