"""`--shard-rows`: each table is a folder of parts that polars, pyarrow and
DuckDB read as one dataset, with the same rows as the single-file layout."""


import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest

from helpers import TABLES, run

@pytest.fixture(scope="module")
def outs(tmp_path_factory):
    whole = run(tmp_path_factory.mktemp("whole"))
    sharded = run(tmp_path_factory.mktemp("sharded"), "--shard-rows", "4")
    return whole, sharded


@pytest.mark.parametrize("table", TABLES)
def test_parts_read_as_one_dataset(outs, table):
    whole, sharded = outs
    expected = pl.read_parquet(whole / f"{table}.parquet")
    parts = sorted((sharded / table).glob("part-*.parquet"))
    assert len(parts) == max(1, -(-expected.height // 4))
    # polars: a glob; pyarrow: the folder; DuckDB: a glob.
    got = pl.read_parquet(sharded / table / "*.parquet")
    assert got.equals(expected)
    arrow = ds.dataset(sharded / table, format="parquet").to_table()
    assert arrow.num_rows == expected.height
    assert arrow.column_names == expected.columns
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{sharded / table}/*.parquet')").fetchone()[0]
    assert n == expected.height
