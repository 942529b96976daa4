"""The Python package (python/, built and installed by `make python`):
`scour.clean` and `scour.run` give the rows `scour run` writes, `scour.keys`
gives the keys its dedup compares, and bad input is refused clearly."""

import json
import subprocess

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import scour
from helpers import BINARY, FIXTURES, TABLES

# Corpus-wide stages off: then the per-document stages are the whole run.
ALONE = {
    "dedup": {"across_corpus": False, "documents": False, "near_documents": False},
    "boilerplate": {"templates": {"enabled": False}},
}
ALONE_SET = [
    "dedup.across_corpus=false",
    "dedup.documents=false",
    "dedup.near_documents=false",
    "boilerplate.templates.enabled=false",
]

PARAGRAPH = (
    "The ferry company confirmed that the summer timetable adds two late crossings "
    "on Fridays and Saturdays, starting on the first weekend of June."
)


def fixture_table():
    """The site fixtures as one table: a row per text file and per good
    JSONL record, and a row without text."""
    rows = []
    for path in sorted(FIXTURES.glob("*.txt")):
        rows.append({"id": path.stem, "url": None, "title": None, "text": path.read_text()})
    for line in (FIXTURES / "feed.jsonl").read_text().splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record.get("text"), str):
            rows.append({k: record.get(k) for k in ("id", "url", "title", "text")})
    rows.append({"id": "no-text", "url": None, "title": "Nothing here", "text": None})
    return pa.Table.from_pylist(rows)


def cli(input_dir, out, *sets):
    args = [str(BINARY), "run", "--quiet", "--input", str(input_dir), "--output", str(out)]
    for s in sets:
        args += ["--set", s]
    result = subprocess.run(args, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return out


def rows(table):
    return table.to_pylist()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    table = fixture_table()
    pq.write_table(table, folder / "pages.parquet")
    return folder, table


@pytest.mark.parametrize("name", TABLES)
def test_clean_gives_the_rows_scour_run_writes(pages, tmp_path, name):
    folder, table = pages
    out = cli(folder, tmp_path / "out", *ALONE_SET)
    got = scour.clean(table, ALONE, source="pages.parquet")
    assert set(got) == set(TABLES)
    expected = pq.read_table(out / f"{name}.parquet")
    assert got[name].column_names == expected.column_names
    assert rows(got[name]) == rows(expected)
    if name in ("documents", "removed", "errors"):
        assert got[name].num_rows > 0


def test_clean_reports_a_record_without_text_and_goes_on(pages):
    _, table = pages
    got = scour.clean(table, ALONE)
    errors = rows(got["errors"])
    assert [(e["source"], e["record"], e["kind"]) for e in errors] == [
        ("<table>", table.num_rows, "missing_field")
    ]
    assert "no text field" in errors[0]["message"]
    assert got["documents"].num_rows == table.num_rows - 1


def test_run_writes_what_the_command_writes(pages, tmp_path):
    folder, _ = pages
    out = cli(folder, tmp_path / "cli")
    manifest = scour.run(folder, tmp_path / "py", threads=2)
    expected = json.loads((out / "manifest.json").read_text())
    hashes = lambda m: sorted((o["file"], o["xxh3"]) for o in m["outputs"])  # noqa: E731
    assert hashes(manifest) == hashes(expected)
    assert manifest["counts"] == expected["counts"]
    assert (tmp_path / "py" / "documents.parquet").exists()


def test_run_writes_only_the_formats_asked_for(pages, tmp_path):
    folder, _ = pages
    both = scour.run(folder, tmp_path / "both", threads=1)
    only = scour.run(folder, tmp_path / "parquet", threads=1, formats=["parquet"])
    assert only["run"]["formats"] == ["parquet"]
    parquet = lambda m: sorted(  # noqa: E731
        (o["file"], o["xxh3"]) for o in m["outputs"] if o["file"].endswith(".parquet")
    )
    assert [o["file"] for o in only["outputs"] if not o["file"].endswith(".parquet")] == []
    assert parquet(only) == parquet(both)
    assert not (tmp_path / "parquet" / "documents.csv").exists()
    csv_only = scour.run(folder, tmp_path / "csv", threads=1, formats="csv")
    assert {o["file"].rsplit(".", 1)[1] for o in csv_only["outputs"]} == {"csv"}
    with pytest.raises(ValueError, match="xml"):
        scour.run(folder, tmp_path / "bad", formats=["parquet", "xml"])


def test_run_shards_tables_as_the_command_does(pages, tmp_path):
    folder, _ = pages
    out = tmp_path / "cli"
    args = [str(BINARY), "run", "--quiet", "--input", str(folder), "--output", str(out), "--shard-rows", "2"]
    assert subprocess.run(args, capture_output=True, text=True).returncode in (0, 1)
    manifest = scour.run(folder, tmp_path / "py", threads=2, shard_rows=2)
    expected = json.loads((out / "manifest.json").read_text())
    hashes = lambda m: sorted((o["file"], o["xxh3"]) for o in m["outputs"])  # noqa: E731
    assert hashes(manifest) == hashes(expected)
    assert manifest["run"]["shard_rows"] == 2
    assert (tmp_path / "py" / "documents" / "part-00000.parquet").exists()
    documents = pl.read_parquet(tmp_path / "py" / "documents" / "*.parquet")
    assert documents.height == manifest["counts"]["documents"]
    with pytest.raises(ValueError, match="shard_rows"):
        scour.run(folder, tmp_path / "bad", shard_rows=0)


def test_dedup_lists_what_the_command_lists(tmp_path):
    folder = FIXTURES
    out = tmp_path / "cli"
    args = [str(BINARY), "dedup", "--quiet", "--input", str(folder), "--output", str(out)]
    assert subprocess.run(args, capture_output=True, text=True).returncode in (0, 1)
    manifest = scour.dedup(folder, tmp_path / "py", threads=1)
    expected = json.loads((out / "manifest.json").read_text())
    hashes = lambda m: sorted((o["file"], o["xxh3"]) for o in m["outputs"])  # noqa: E731
    assert hashes(manifest) == hashes(expected)
    assert manifest["run"]["command"] == "dedup"
    duplicates = pl.read_parquet(tmp_path / "py" / "duplicates.parquet")
    records = pl.read_parquet(tmp_path / "py" / "records.parquet")
    assert duplicates.height == manifest["counts"]["blocks_removed"] > 0
    assert records["duplicate_lines"].sum() == duplicates.height
    # Every first occurrence is a document read, before the repeat in corpus order.
    order = {d: n for n, d in enumerate(records["doc_id"])}
    for row in duplicates.iter_rows(named=True):
        assert order[row["first_doc_id"]] <= order[row["doc_id"]]
    with pytest.raises(ValueError, match="xml"):
        scour.dedup(folder, tmp_path / "bad", formats=["xml"])


def test_keys_are_what_corpus_dedup_compares(tmp_path):
    story = "\n\n".join(
        [
            "Tickets are sold at the pier and online from May, and children under five travel free.",
            "The harbour master said the new crossings follow two years of requests from island residents.",
            "Crews for the late boats will be recruited over the winter and trained in the spring months.",
            "Cyclists may take their bicycles on every crossing without paying an extra fare this year.",
        ]
    )
    near = PARAGRAPH.replace("two late crossings", "three late crossings")
    texts = [
        f"{PARAGRAPH}\n\n{story}",
        f"Harbour news in brief\n\n{PARAGRAPH.upper()}\n\nThe museum reopens in March after its new roof.",
        f"{PARAGRAPH}\n\n{story}",
        f"{near}\n\n{story}",
        "Share on Facebook",
    ]
    table = pa.table({"text": texts})
    keys = scour.keys(table, source="k.parquet")
    para = {(r["record"], r["paragraph"]): r["key"] for r in rows(keys["paragraph_keys"])}
    docs = {r["record"]: r for r in rows(keys["document_keys"])}
    bands = {}
    for r in rows(keys["band_keys"]):
        bands.setdefault(r["record"], set()).add((r["band"], r["key"]))
    # The shared paragraph has one key whatever its case; an exact copy
    # has the first's document key; the near copy shares LSH bands.
    assert para[(1, 0)] == para[(2, 1)] == para[(3, 0)]
    assert docs[1]["key"] == docs[3]["key"] != docs[4]["key"]
    assert bands[1] & bands[4] and not bands[1] & bands[2]
    assert len(docs[1]["signature"]) == 8 * scour.Cleaner().config["dedup"]["minhash"]["hashes"]
    # Nothing kept of the share bar: no document key, no bands, but a page
    # of its site all the same (templates count pages).
    assert docs[5]["key"] is None and 5 not in bands
    assert docs[5]["site"] == docs[1]["site"]
    assert set(keys) == {"paragraph_keys", "document_keys", "band_keys", "template_keys"}

    # What `scour run` removed as a corpus duplicate has the key of the
    # paragraph it names.
    folder = tmp_path / "in"
    folder.mkdir()
    pq.write_table(table, folder / "k.parquet")
    out = cli(folder, tmp_path / "out")
    removed = rows(pq.read_table(out / "removed.parquet"))
    ids = {r["record"]: r["doc_id"] for r in rows(keys["document_keys"])}
    record_of = {v: k for k, v in ids.items()}
    copies = [r for r in removed if r["reason"] == "dedup.paragraph_corpus"]
    assert copies
    for r in copies:
        first_doc, first_block = r["detail"].split("#")
        assert para[(r["record"], r["block_idx"])] == para[(record_of[first_doc], int(first_block))]
    dropped = {r["record"]: r["reason"] for r in removed if r["block_idx"] is None}
    assert dropped[3] == "dedup.document" and dropped[4] == "dedup.near_document"


def test_any_arrow_table_is_read(pages):
    _, table = pages
    expected = rows(scour.clean(table, ALONE)["documents"])
    # Two batches: record numbers run on across them.
    half = table.num_rows // 2
    chunked = pa.Table.from_batches(table.slice(0, half).to_batches() + table.slice(half).to_batches())
    assert chunked.column("text").num_chunks == 2
    assert rows(scour.clean(chunked, ALONE)["documents"]) == expected
    # polars (string views) and a list of dicts.
    assert rows(scour.clean(pl.from_arrow(table), ALONE)["documents"]) == expected
    assert rows(scour.clean(table.to_pylist(), ALONE)["documents"]) == expected


def test_the_tables_load_as_users_load_them(pages):
    _, table = pages
    got = scour.clean(table, ALONE)
    frame = pl.from_arrow(got["paragraphs"])
    assert frame.schema["text"] == pl.String and frame.height > 0
    assert got["documents"].to_pandas()["doc_id"].is_unique
    assert got["documents"].schema.field("doc_id").nullable is False


def test_bad_configs_are_refused_with_the_key(tmp_path):
    with pytest.raises(scour.ScourError, match=r"dedup\.minhash\.threshold"):
        scour.Cleaner({"dedup": {"threshold": 0.5}})
    with pytest.raises(scour.ScourError, match="segment.max_heading_chars"):
        scour.Cleaner({"segment": {"max_heading_chars": "long"}})
    with pytest.raises(TypeError):
        scour.Cleaner(3)
    with pytest.raises(TypeError, match="__arrow_c_stream__"):
        scour.Cleaner().clean(42)
    toml = tmp_path / "scour.toml"
    toml.write_text("[dedup.minhash]\nthreshold = 0.9\n")
    assert scour.Cleaner(toml).config["dedup"]["minhash"]["threshold"] == 0.9
    assert scour.Cleaner({"dedup": {"minhash": {"threshold": 0.7}}}).config["dedup"]["minhash"][
        "threshold"
    ] == 0.7
    with pytest.raises(scour.ScourError, match="does-not-exist"):
        scour.run(tmp_path / "does-not-exist", tmp_path / "out")
