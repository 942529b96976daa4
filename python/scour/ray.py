"""scour on Ray: the same tables as ``scour run``, with the work spread over
a Ray cluster and corpus-wide dedup done by Ray Data's own shuffle.

Ray Data reads the input files (``read_binary_files``) three times; each
time ``map_batches`` hands every file to the native library (see
``pipeline/engine.rs``), which reads it in any format scour reads:

1. the per-document stages, then the keys corpus-wide dedup compares;
2. decisions grouped from those keys with ``groupby(key)``, the first
   occurrence in corpus order winning: copies of a page seen before,
   near-duplicate clusters (LSH bands, confirmed pairs, union-find),
   paragraphs seen on an earlier page; then what is left of each page,
   its key and signature, grouped again: pages that became copies of one
   seen before, or near-duplicates of one kept before;
3. every decision applied, with site templates counted from pass 1, and
   the sections: each file's rows of each table, written as Parquet.

Corpus order is the order of (file, record), files sorted by path as
``scour run`` reads them, so the result does not depend on how Ray splits
the work.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Set, Tuple, Union

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scour import _config_args, _scour, _tables

__all__ = ["run"]

TABLES = ["documents", "sections", "paragraphs", "removed", "errors"]

# The long form of the key tables, one row per key, as pass 1 and 2 return it.
KEY_COLUMNS = {
    "kind": pa.string(),
    "doc_id": pa.large_string(),
    "pos": pa.int64(),
    "paragraph": pa.int64(),
    "band": pa.int64(),
    "key": pa.large_string(),
    "signature": pa.large_string(),
    "site": pa.large_string(),
}
KEY_SCHEMA = pa.schema(list(KEY_COLUMNS.items()))


def _long(kind: str, table: pa.Table, file: int) -> pa.Table:
    """One key table in the long form: ``kind``, ``pos`` (the corpus-order
    position of the row's document) and the key columns, null where the
    table has none."""
    n = table.num_rows
    pos = pc.add(pc.multiply(pa.scalar(file, pa.int64()), 1 << 32), table["record"])
    columns = {}
    for name, ty in KEY_COLUMNS.items():
        if name == "kind":
            columns[name] = pa.array([kind] * n, ty)
        elif name == "pos":
            columns[name] = pos
        elif name in table.column_names:
            columns[name] = table[name].cast(ty)
        else:
            columns[name] = pa.nulls(n, ty)
    return pa.table(columns, schema=KEY_SCHEMA)


class _Pass:
    """The ``map_batches`` callable of one pass: each row of a batch is a
    file (``path``, ``bytes``); ``files`` gives each path's corpus-order
    index and source name."""

    def __init__(self, config_args: Dict[str, Any], step: str, shared: Any) -> None:
        import ray

        self.cleaner = _scour.Cleaner(**config_args)
        self.step = step
        self.shared = ray.get(shared)

    def __call__(self, batch: pa.Table) -> pa.Table:
        out = []
        for path, data in zip(batch["path"].to_pylist(), batch["bytes"].to_pylist()):
            file, source = self.shared["files"][os.path.abspath(path)]
            out.append(getattr(self, self.step)(file, source, data))
        return pa.concat_tables(out) if out else KEY_SCHEMA.empty_table()

    def keys(self, file: int, source: str, data: bytes) -> pa.Table:
        tables = _tables(self.cleaner.file_keys(data, source))
        kinds = [("doc", "document_keys"), ("paragraph", "paragraph_keys"), ("band", "band_keys"), ("template", "template_keys")]
        return pa.concat_tables([_long(kind, tables[name], file) for kind, name in kinds])

    def left(self, file: int, source: str, data: bytes) -> pa.Table:
        decisions = json.dumps(self.shared["decisions"].get(file, {}))
        tables = _tables(self.cleaner.file_left(data, source, decisions))
        return pa.concat_tables([_long("left", tables["left_keys"], file), _long("left_band", tables["left_band_keys"], file)])

    def write(self, file: int, source: str, data: bytes) -> pa.Table:
        shared = self.shared
        decisions = json.dumps(shared["decisions"].get(file, {}))
        tables = _tables(self.cleaner.file_tables(data, source, decisions, shared["pages"], shared["lines"]))
        rows = []
        for name in TABLES:
            if tables[name].num_rows:
                folder = os.path.join(shared["output"], name)
                os.makedirs(folder, exist_ok=True)
                pq.write_table(tables[name], os.path.join(folder, f"part-{file:06d}.parquet"))
            rows.append(tables[name].num_rows)
        return pa.table({"table": pa.array(TABLES, pa.string()), "rows": pa.array(rows, pa.int64())})


def _repeats(group: pa.Table) -> pa.Table:
    """The rows of one key's group that repeat its first occurrence in
    corpus order (by ``pos``, then ``paragraph``), each with the first's
    ``first_doc_id``, ``first_pos`` and ``first_paragraph``; rows of the
    first's own document are not repeats."""
    group = group.sort_by([("pos", "ascending"), ("paragraph", "ascending")])
    first_pos = group["pos"][0].as_py()
    first_doc = group["doc_id"][0].as_py()
    first_par = group["paragraph"][0].as_py()
    rest = group.filter(pc.not_equal(group["pos"], first_pos))
    n = rest.num_rows
    return pa.table(
        {
            "doc_id": rest["doc_id"],
            "pos": rest["pos"],
            "paragraph": rest["paragraph"],
            "first_doc_id": pa.array([first_doc] * n, pa.large_string()),
            "first_pos": pa.array([first_pos] * n, pa.int64()),
            "first_paragraph": pa.array([first_par] * n, pa.int64()),
        }
    )


def _partitions() -> int:
    """Shuffle partitions: two per CPU of the cluster. Ray Data's default
    (200) costs seconds of set-up per shuffle on a small cluster."""
    import ray

    return max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))


def _only(ds: Any, column: str, values: Any) -> Any:
    """The rows of ``ds`` whose ``column`` is one of ``values`` (a pyarrow
    array, sent to the workers once through the object store)."""
    import ray

    wanted = ray.put(values)
    return ds.map_batches(
        lambda b, wanted: b.filter(pc.is_in(b[column], ray.get(wanted))),
        fn_kwargs={"wanted": wanted},
        batch_format="pyarrow",
    )


def _nonempty(ds: Any) -> Any:
    """``ds`` materialized without its empty blocks, or ``None`` when it has
    no rows. A filter can leave an empty block without columns, which Ray
    Data's hash shuffle then fails to concatenate with the others ("Schema
    at index 1 was different"; seen with Ray 2.60)."""
    import ray

    refs = ds.to_arrow_refs()
    rows = ray.get([_num_rows.remote(ref) for ref in refs])
    refs = [ref for ref, n in zip(refs, rows) if n]
    return ray.data.from_arrow_refs(refs) if refs else None


def _rows(table: pa.Table) -> int:
    return table.num_rows


class _Remote:
    """``ray.remote`` applied on first use, so that importing this module
    does not import Ray."""

    def __init__(self, fn: Any) -> None:
        self.fn, self.remote_fn = fn, None

    def remote(self, *args: Any) -> Any:
        if self.remote_fn is None:
            import ray

            self.remote_fn = ray.remote(self.fn)
        return self.remote_fn.remote(*args)


_num_rows = _Remote(_rows)


def _repeated(ds: Any) -> Any:
    """The rows of ``ds`` whose ``key`` occurs more than once, found by a
    vectorized count by key (Ray Data's shuffle); ``None`` when there are
    none. Most keys occur once, so what follows handles few rows."""
    ds = _nonempty(ds)
    if ds is None:
        return None
    counted = ds.groupby("key", num_partitions=_partitions()).count()
    repeated = counted.map_batches(
        lambda b: b.filter(pc.greater(b["count()"], 1)).select(["key"]), batch_format="pyarrow"
    ).take_all()
    if not repeated:
        return None
    return _nonempty(_only(ds, "key", pa.array([r["key"] for r in repeated], pa.large_string())))


def _grouped_repeats(ds: Any) -> List[Dict[str, Any]]:
    """Ray Data's shuffle: ``ds`` grouped by ``key``, each group's repeats
    (see ``_repeats``)."""
    ds = _repeated(ds)
    if ds is None:
        return []
    grouped = ds.groupby("key", num_partitions=_partitions())
    return grouped.map_groups(_repeats, batch_format="pyarrow").take_all()


def _sig16(signature: str) -> List[int]:
    """A signature's values cut to 16 bits, as the native index stores them."""
    return [int(signature[i : i + 8], 16) & 0xFFFF for i in range(0, len(signature), 8)]


def _similarity(a: List[int], b: List[int]) -> float:
    return sum(x == y for x, y in zip(a, b)) / max(len(a), 1)


def _find(parent: Dict[int, int], x: int) -> int:
    root = x
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(x, x) != root:
        parent[x], x = root, parent[x]
    return root


def _clusters(pairs: List[Dict[str, Any]], sig: Dict[int, List[int]], threshold: float) -> Tuple[Dict[int, Tuple[int, float]], Dict[int, int]]:
    """Near-duplicate clusters from the band groups' repeats: a document
    joins the cluster of the first document of each of its band keys when
    their similarity reaches ``threshold``; a cluster's first document is
    kept. Returns, by ``pos``, the copies (kept pos, similarity) and the
    sizes of clusters of two or more."""
    parent: Dict[int, int] = {}
    for a, b in sorted({(r["pos"], r["first_pos"]) for r in pairs}):
        if _similarity(sig[a], sig[b]) >= threshold:
            ra, rb = _find(parent, a), _find(parent, b)
            parent[max(ra, rb)] = min(ra, rb)
            parent.setdefault(min(ra, rb), min(ra, rb))
    copies: Dict[int, Tuple[int, float]] = {}
    sizes: Dict[int, int] = {}
    for p in list(parent):
        root = _find(parent, p)
        if root != p:
            copies[p] = (root, _similarity(sig[p], sig[root]))
            sizes[root] = sizes.get(root, 1) + 1
    return copies, sizes


def _final_near(left: pa.Table, dropped: Set[int], threshold: float) -> Dict[int, Tuple[int, float]]:
    """Near duplicates of a page kept before, on what is left of each page:
    in corpus order, each page is compared with the first kept page of
    each of its band keys; a page with a match goes, the others are kept
    and index their band keys. Sequential, as the native index is."""
    bands: Dict[int, List[Tuple[int, str]]] = {}
    lb = left.filter(pc.equal(left["kind"], "left_band"))
    for pos, band, key in zip(lb["pos"].to_pylist(), lb["band"].to_pylist(), lb["key"].to_pylist()):
        bands.setdefault(pos, []).append((band, key))
    lk = left.filter(pc.equal(left["kind"], "left")).sort_by("pos")
    first_kept: Dict[str, int] = {}
    sig: Dict[int, List[int]] = {}
    copies: Dict[int, Tuple[int, float]] = {}
    for pos, signature in zip(lk["pos"].to_pylist(), lk["signature"].to_pylist()):
        if pos in dropped or signature is None:
            continue
        mine = _sig16(signature)
        found = []
        checked = set()
        for _, key in sorted(bands.get(pos, [])):
            other = first_kept.get(key)
            if other is None or other in checked:
                continue
            checked.add(other)
            s = _similarity(mine, sig[other])
            if s >= threshold:
                found.append((other, s))
        if found:
            copies[pos] = found[0]
            continue
        sig[pos] = mine
        for _, key in sorted(bands.get(pos, [])):
            first_kept.setdefault(key, pos)
    return copies


def run(
    input: Union[str, "os.PathLike[str]"],
    output: Union[str, "os.PathLike[str]"],
    config: Any = None,
) -> Dict[str, int]:
    """Processes ``input`` into Parquet tables under ``output`` (one folder
    per table: ``output/documents/``, ...) on the Ray cluster that
    ``ray.init()`` connected to (a local one when none is running), with
    the same rows as ``scour run`` gives. Returns the rows per table.

    ``config`` is as for :func:`scour.run`. Input and output must be on
    storage that every node of the cluster sees.
    """
    import ray
    import ray.data

    if not ray.is_initialized():
        ray.init()
    config_args = _config_args(config)
    native = _scour.Cleaner(**config_args)
    cfg = json.loads(native.config_json())
    dedup, templates = cfg["dedup"], cfg["boilerplate"]["templates"]
    found, walk_errors = native.input_files(os.fspath(input))
    paths = [os.path.abspath(p) for p, _ in found]
    files = {p: (i, s) for i, (p, (_, s)) in enumerate(zip(paths, found))}
    output = os.path.abspath(os.fspath(output))

    def each_file(step: str, shared: Dict[str, Any]) -> Any:
        """One pass: every input file through ``_Pass.<step>``."""
        shared = ray.put({"files": files, **shared})
        ds = ray.data.read_binary_files(paths, include_paths=True)
        return ds.map_batches(
            _Pass,
            fn_constructor_kwargs={"config_args": config_args, "step": step, "shared": shared},
            batch_size=1,
            batch_format="pyarrow",
            concurrency=(1, max(1, int(ray.available_resources().get("CPU", 1)))),
        ).materialize()

    # Pass 1: keys.
    keys = each_file("keys", {}) if paths else None

    def kind(ds: Any, name: str, columns: List[str], with_key: bool = False) -> Any:
        """The rows of one kind (with a key, when ``with_key``)."""

        def keep(batch: pa.Table) -> pa.Table:
            mask = pc.equal(batch["kind"], name)
            if with_key:
                mask = pc.and_(mask, pc.is_valid(batch["key"]))
            return batch.filter(mask).select(columns)

        return ds.map_batches(keep, batch_format="pyarrow")

    # The driver holds state only for the pages that decisions name: the
    # repeats and near-duplicate candidates the shuffles return.
    decisions: Dict[int, Dict[str, Dict[str, Any]]] = {}
    has_pages = keys is not None and keys.count() > 0

    def decide(pos: int, doc: str) -> Dict[str, Any]:
        return decisions.setdefault(pos >> 32, {}).setdefault(doc, {})

    def signatures(ds: Any, kind_name: str, positions: Set[int]) -> Dict[int, List[int]]:
        rows = _only(kind(ds, kind_name, ["pos", "signature"]), "pos", pa.array(sorted(positions), pa.int64()))
        return {r["pos"]: _sig16(r["signature"]) for r in rows.take_all() if r["signature"] is not None}

    dropped: Set[int] = set()
    if has_pages and dedup["documents"]:
        ds = kind(keys, "doc", ["doc_id", "pos", "paragraph", "key"], with_key=True)
        for r in _grouped_repeats(ds):
            decide(r["pos"], r["doc_id"])["drop"] = {"reason": "dedup.document", "detail": r["first_doc_id"]}
            dropped.add(r["pos"])
    if has_pages and dedup["near_documents"]:
        pairs = _grouped_repeats(kind(keys, "band", ["doc_id", "pos", "paragraph", "key"]))
        ids = {r["pos"]: r["doc_id"] for r in pairs}
        ids.update({r["first_pos"]: r["first_doc_id"] for r in pairs})
        sig = signatures(keys, "doc", set(ids)) if ids else {}
        copies, sizes = _clusters(pairs, sig, dedup["minhash"]["threshold"])
        for pos, (kept, similarity) in copies.items():
            if pos not in dropped:
                decide(pos, ids[pos])["drop"] = {
                    "reason": "dedup.near_document",
                    "detail": ids[kept],
                    "similarity": repr(similarity),
                }
                dropped.add(pos)
        for pos, size in sizes.items():
            if pos not in dropped:
                decide(pos, ids[pos])["cluster_size"] = size
    if has_pages and dedup["across_corpus"]:
        ds = kind(keys, "paragraph", ["doc_id", "pos", "paragraph", "key"])
        if dropped:
            gone = ray.put(pa.array(sorted(dropped), pa.int64()))
            ds = ds.map_batches(
                lambda b, gone: b.filter(pc.invert(pc.is_in(b["pos"], ray.get(gone)))),
                fn_kwargs={"gone": gone},
                batch_format="pyarrow",
            )
        for r in _grouped_repeats(ds):
            detail = f"{r['first_doc_id']}#{r['first_paragraph']}"
            decide(r["pos"], r["doc_id"]).setdefault("paragraphs", []).append((r["paragraph"], detail))

    # Pass 2: what is left of each page, grouped again.
    if has_pages and (dedup["documents"] or dedup["near_documents"]):
        left = each_file("left", {"decisions": decisions})
        left_dropped: Set[int] = set()
        if dedup["documents"]:
            for r in _grouped_repeats(kind(left, "left", ["doc_id", "pos", "paragraph", "key"])):
                decide(r["pos"], r["doc_id"])["left_drop"] = {"reason": "dedup.document", "detail": r["first_doc_id"]}
                left_dropped.add(r["pos"])
        candidates = None
        if dedup["near_documents"]:
            candidates = _repeated(kind(left, "left_band", ["pos", "key"]))
        if candidates is not None:
            # Only pages that share a band key with another can match or
            # be matched: the check in corpus order over them alone gives
            # the same verdicts.
            involved = pa.array(sorted({r["pos"] for r in candidates.take_all()}), pa.int64())
            columns = ["kind", "doc_id", "pos", "band", "key", "signature"]
            rows = pa.Table.from_pylist(
                _only(left.select_columns(columns), "pos", involved).take_all(),
                schema=pa.schema([KEY_SCHEMA.field(c) for c in columns]),
            )
            ids = dict(zip(rows["pos"].to_pylist(), rows["doc_id"].to_pylist()))
            for pos, (other, s) in _final_near(rows, left_dropped, dedup["minhash"]["threshold"]).items():
                decide(pos, ids[pos])["left_drop"] = {
                    "reason": "dedup.near_document",
                    "detail": ids[other],
                    "similarity": repr(s),
                }

    # Template counts from pass 1.
    pages: Dict[str, int] = {}
    lines: Dict[str, int] = {}
    if has_pages and templates["enabled"]:
        for row in kind(keys, "doc", ["site"]).groupby("site", num_partitions=_partitions()).count().take_all():
            pages[row["site"]] = row["count()"]
        least = int(templates["min_pages"])
        counted = kind(keys, "template", ["key"]).groupby("key", num_partitions=_partitions()).count()
        common = counted.map_batches(
            lambda b: b.filter(pc.greater_equal(b["count()"], least)), batch_format="pyarrow"
        )
        for row in common.take_all():
            lines[row["key"]] = row["count()"]

    # Pass 3: the tables, each task writing its file's part.
    counts = dict.fromkeys(TABLES, 0)
    if paths:
        shared = {"decisions": decisions, "pages": json.dumps(pages), "lines": json.dumps(lines), "output": output}
        for row in each_file("write", shared).take_all():
            counts[row["table"]] += row["rows"]
    # The folders that could not be listed, and an empty part for a table
    # without rows, so that every table reads with its schema.
    empty = _tables(native.clean(pa.table({"text": pa.array([], pa.string())}), "", 1))
    errors = _tables(walk_errors)["errors"]
    for name in TABLES:
        folder = os.path.join(output, name)
        os.makedirs(folder, exist_ok=True)
        if name == "errors" and errors.num_rows:
            pq.write_table(errors, os.path.join(folder, "part-walk.parquet"))
            counts[name] += errors.num_rows
        if not any(f.endswith(".parquet") for f in os.listdir(folder)):
            pq.write_table(empty[name], os.path.join(folder, "part-empty.parquet"))
    return counts
