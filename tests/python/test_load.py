"""Load scour's Parquet output the way users do: polars, pyarrow, DuckDB.

Every table must load in each, with the columns and types of schemas/:
`scour run`'s tables and `scour dedup`'s.
"""

import json
import subprocess

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import BINARY, DEDUP_TABLES, ROOT, TABLES, run

SCHEMAS = ROOT / "schemas"

# A map column is a list of {key, value} structs, the layout of a map's entries.
POLARS_TYPES = {
    "string": pl.String,
    "int64": pl.Int64,
    "float64": pl.Float64,
    "map<string,string>": pl.List(pl.Struct({"key": pl.String, "value": pl.String})),
}
ARROW_STRINGS = (pa.string(), pa.large_string(), pa.string_view())
ARROW_TYPES = {
    "string": ARROW_STRINGS,
    "int64": (pa.int64(),),
    "float64": (pa.float64(),),
    "map<string,string>": tuple(
        list_of(pa.struct([("key", s), ("value", s)]))
        for list_of in (pa.list_, pa.large_list)
        for s in ARROW_STRINGS
    ),
}
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "map<string,string>": "STRUCT(\"key\" VARCHAR, \"value\" VARCHAR)[]",
}


def schema(table):
    return json.loads((SCHEMAS / f"{table}.json").read_text())["columns"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return run(tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def dedup_out(tmp_path_factory):
    return run(tmp_path_factory.mktemp("dedup"), command="dedup")


# Each table of each command, and the fixture holding its output.
EVERY_TABLE = [("out", t) for t in TABLES] + [("dedup_out", t) for t in DEDUP_TABLES]


@pytest.mark.parametrize("folder,table", EVERY_TABLE)
def test_polars(request, folder, table):
    out = request.getfixturevalue(folder)
    df = pl.read_parquet(out / f"{table}.parquet")
    cols = schema(table)
    assert df.columns == [c["name"] for c in cols]
    for c in cols:
        assert df.schema[c["name"]] == POLARS_TYPES[c["type"]], (table, c["name"])
        if not c["nullable"]:
            assert df[c["name"]].null_count() == 0, (table, c["name"])
    csv = pl.read_csv(out / f"{table}.csv", infer_schema=False)
    assert csv.columns == df.columns
    assert csv.height == df.height


@pytest.mark.parametrize("folder,table", EVERY_TABLE)
def test_pyarrow(request, folder, table):
    out = request.getfixturevalue(folder)
    t = pq.read_table(out / f"{table}.parquet")
    cols = schema(table)
    assert t.schema.names == [c["name"] for c in cols]
    for c in cols:
        assert t.schema.field(c["name"]).type in ARROW_TYPES[c["type"]], (table, c["name"])
    meta = pq.read_metadata(out / f"{table}.parquet").metadata
    assert meta[b"scour.table"] == table.encode()
    assert json.loads(meta[b"scour.config"])["dedup"]["min_paragraph_bytes"] == 60
    assert pq.read_metadata(out / f"{table}.parquet").row_group(0).column(0).compression == "ZSTD" or t.num_rows == 0


@pytest.mark.parametrize("folder,table", EVERY_TABLE)
def test_duckdb(request, folder, table):
    out = request.getfixturevalue(folder)
    con = duckdb.connect()
    rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out / (table + '.parquet')}')").fetchall()
    cols = schema(table)
    assert [(r[0], r[1]) for r in rows] == [(c["name"], DUCKDB_TYPES[c["type"]]) for c in cols]


def test_tables_join_as_documented(out):
    con = duckdb.connect()
    docs = out / "documents.parquet"
    paras = out / "paragraphs.parquet"
    # Every paragraph belongs to a kept document, and offsets slice its text.
    bad = con.execute(
        f"""SELECT count(*) FROM read_parquet('{paras}') p
            LEFT JOIN read_parquet('{docs}') d USING (doc_id)
            WHERE d.doc_id IS NULL
               OR substr(d.text, p.char_start + 1, p.char_end - p.char_start) <> p.text"""
    ).fetchone()[0]
    assert bad == 0
    n = con.execute(f"SELECT count(*) FROM read_parquet('{docs}')").fetchone()[0]
    assert n == 5  # 2 JSONL records + 3 pages; the copied page is dropped


def test_duplicates_join_their_records(dedup_out):
    con = duckdb.connect()
    dups = dedup_out / "duplicates.parquet"
    recs = dedup_out / "records.parquet"
    # Both the repeat and its first occurrence are documents read.
    orphans = con.execute(
        f"""SELECT count(*) FROM read_parquet('{dups}') d
            WHERE d.doc_id NOT IN (SELECT doc_id FROM read_parquet('{recs}'))
               OR d.first_doc_id NOT IN (SELECT doc_id FROM read_parquet('{recs}'))"""
    ).fetchone()[0]
    assert orphans == 0
    listed, counted = con.execute(
        f"""SELECT (SELECT count(*) FROM read_parquet('{dups}')),
                   (SELECT sum(duplicate_lines) FROM read_parquet('{recs}'))"""
    ).fetchone()
    assert listed == counted > 0


def test_clusters_and_record_columns_load_as_documented(out):
    docs = pl.read_parquet(out / "documents.parquet")
    removed = pl.read_parquet(out / "removed.parquet")
    # A cluster: the kept page joined to the pages dropped for it.
    clusters = docs.filter(pl.col("cluster_size") > 1).join(
        removed.filter(pl.col("block_idx").is_null()), left_on="doc_id", right_on="detail", suffix="_dropped"
    )
    assert clusters.height == 1
    row = clusters.row(0, named=True)
    assert row["cluster_id"] == row["doc_id"]
    assert row["cluster_size"] == 2
    # "library-zh-copy.txt" sorts first ("-" before "."): it is the one kept.
    assert (row["source"], row["source_dropped"]) == ("library-zh-copy.txt", "library-zh.txt")
    assert row["reason"] == "dedup.document"
    # Dates are ISO strings.
    dated = dict(docs.select("source", "date").drop_nulls().iter_rows())
    assert dated["library-zh-copy.txt"] == "2024-03-15"


def test_record_fields_load_as_entries(tmp_path):
    # The sample corpus has record pages (modelled on seed 004).
    result = subprocess.run(
        [str(BINARY), "run", "-q", "--input", str(ROOT / "raw"), "--output", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), result.stderr
    docs = pl.read_parquet(tmp_path / "documents.parquet")
    assert docs.schema["fields"] == pl.List(pl.Struct({"key": pl.String, "value": pl.String}))
    records = docs.select("doc_id", "fields").drop_nulls()
    assert records.height >= 1
    # In CSV the same entries, as a JSON object in page order.
    csv = pl.read_csv(tmp_path / "documents.csv", infer_schema=False)
    csv_fields = dict(csv.select("doc_id", "fields").drop_nulls().iter_rows())
    for doc_id, entries in records.iter_rows():
        as_csv = json.loads(csv_fields[doc_id])
        assert list(as_csv.items()) == [(e["key"], e["value"]) for e in entries]
    # A label without a value is a null value, not an empty string.
    values = records.explode("fields").unnest("fields")["value"]
    assert values.null_count() >= 1 and (values != "").all()
    # DuckDB makes a MAP of them.
    con = duckdb.connect()
    (m,) = con.execute(
        f"SELECT map_from_entries(fields) FROM read_parquet('{tmp_path / 'documents.parquet'}')"
        " WHERE fields IS NOT NULL LIMIT 1"
    ).fetchone()
    assert isinstance(m, dict) and len(m) >= 3
