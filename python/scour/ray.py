"""scour on Ray: the same tables as ``scour run``, with the work spread over
a Ray cluster and corpus-wide dedup done by Ray Data's own shuffle.

The run makes three passes over the input files, each a Ray task per file
calling the native library (see ``pipeline/engine.rs``):

1. the per-document stages, then the keys corpus-wide dedup compares;
2. decisions grouped from those keys with ``groupby(key)``, the first
   occurrence in corpus order winning: copies of a page seen before,
   near-duplicate clusters (LSH bands, confirmed pairs, union-find),
   paragraphs seen on an earlier page; then what is left of each page,
   and its key and signature, grouped again: pages that became copies of
   one seen before, or near-duplicates of one kept before;
3. every decision applied, with site templates counted from pass 1, and
   the sections: the rows of each output table, written as Parquet.

Corpus order is the order of (file, record), files sorted by path as
``scour run`` reads them, so the result does not depend on how Ray splits
the work.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Tuple, Union

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from scour import _config_args, _scour, _tables

__all__ = ["run"]

TABLES = ["documents", "sections", "paragraphs", "removed", "errors"]

# One native Cleaner per worker process and config: building one compiles
# the rule library.
_CLEANERS: Dict[str, Any] = {}


def _cleaner(config_args: Dict[str, Any]) -> Any:
    key = json.dumps(config_args, sort_keys=True)
    if key not in _CLEANERS:
        _CLEANERS[key] = _scour.Cleaner(**config_args)
    return _CLEANERS[key]


def _with_pos(table: pa.Table, file: int) -> pa.Table:
    """Adds ``pos``: the corpus-order position of each row's document."""
    pos = pc.add(pc.multiply(pa.scalar(file, pa.int64()), 1 << 32), table["record"])
    return table.append_column("pos", pos)


def _keys_task(config_args: Dict[str, Any], file: int, path: str, source: str) -> Tuple[pa.Table, ...]:
    tables = _tables(_cleaner(config_args).file_keys(path, source))
    return tuple(_with_pos(tables[n], file) for n in ("document_keys", "paragraph_keys", "band_keys", "template_keys"))


def _left_task(
    config_args: Dict[str, Any], file: int, path: str, source: str, decisions: str
) -> Tuple[pa.Table, pa.Table]:
    tables = _tables(_cleaner(config_args).file_left(path, source, decisions))
    return _with_pos(tables["left_keys"], file), _with_pos(tables["left_band_keys"], file)


def _tables_task(
    config_args: Dict[str, Any], path: str, source: str, decisions: str, pages: str, lines: str
) -> Tuple[pa.Table, ...]:
    tables = _tables(_cleaner(config_args).file_tables(path, source, decisions, pages, lines))
    return tuple(tables[n] for n in TABLES)


def _repeats(group: pa.Table) -> pa.Table:
    """The rows of one key's group that repeat its first occurrence in
    corpus order (by ``pos``, then ``paragraph`` when there is one), each
    with the first's ``first_doc_id`` and ``first_paragraph``; rows of the
    first's own document are not repeats."""
    order = [("pos", "ascending")]
    if "paragraph" in group.column_names:
        order.append(("paragraph", "ascending"))
    group = group.sort_by(order)
    first_pos = group["pos"][0].as_py()
    first_doc = group["doc_id"][0].as_py()
    first_par = group["paragraph"][0].as_py() if "paragraph" in group.column_names else -1
    rest = group.filter(pc.not_equal(group["pos"], first_pos))
    n = rest.num_rows
    return pa.table(
        {
            "doc_id": rest["doc_id"],
            "pos": rest["pos"],
            "paragraph": rest["paragraph"] if "paragraph" in rest.column_names else pa.array([-1] * n, pa.int64()),
            "first_doc_id": pa.array([first_doc] * n, pa.large_string()),
            "first_pos": pa.array([first_pos] * n, pa.int64()),
            "first_paragraph": pa.array([first_par] * n, pa.int64()),
        }
    )


def _grouped_repeats(ds: Any, key: str = "key") -> List[Dict[str, Any]]:
    """Ray Data's shuffle: ``ds`` grouped by ``key``, each group's repeats."""
    if ds.count() == 0:
        return []
    return ds.groupby(key).map_groups(_repeats, batch_format="pyarrow").take_all()


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


def _near_verdicts(
    ray_data: Any, bands: List[pa.Table], docs: pa.Table, threshold: float
) -> Tuple[Dict[int, Tuple[int, float]], Dict[int, int]]:
    """The counting pass's near-duplicate clusters: for each band key the
    first document that had it; a later document with the key and a
    similarity at least ``threshold`` joins its cluster; a cluster's first
    document is kept. Returns, by ``pos``, the copies (kept pos,
    similarity) and the sizes of clusters of two or more."""
    pairs = _grouped_repeats(ray_data.from_arrow(bands))
    sig = {
        p: _sig16(s)
        for p, s in zip(docs["pos"].to_pylist(), docs["signature"].to_pylist())
        if s is not None
    }
    parent: Dict[int, int] = {}
    checked = set()
    for row in sorted(pairs, key=lambda r: (r["pos"], r["first_pos"])):
        a, b = row["pos"], row["first_pos"]
        if (a, b) in checked:
            continue
        checked.add((a, b))
        if _similarity(sig[a], sig[b]) >= threshold:
            ra, rb = _find(parent, a), _find(parent, b)
            lo, hi = min(ra, rb), max(ra, rb)
            parent[hi] = lo
            parent.setdefault(lo, lo)
    copies: Dict[int, Tuple[int, float]] = {}
    sizes: Dict[int, int] = {}
    for p in list(parent):
        root = _find(parent, p)
        if root != p:
            copies[p] = (root, _similarity(sig[p], sig[root]))
            sizes[root] = sizes.get(root, 1) + 1
    return copies, sizes


def run(
    input: Union[str, "os.PathLike[str]"],
    output: Union[str, "os.PathLike[str]"],
    config: Any = None,
    *,
    ray_remote_args: Optional[Dict[str, Any]] = None,
) -> Dict[str, int]:
    """Processes ``input`` into Parquet tables under ``output`` (one folder
    per table: ``output/documents/``, ...) on the Ray cluster that
    ``ray.init()`` connected to (a local one when none is running), with
    the same rows as ``scour run`` gives. Returns the rows per table.

    ``config`` is as for :func:`scour.run`. ``ray_remote_args`` go to every
    task (``{"num_cpus": 1}``, say).
    """
    import ray
    import ray.data

    if not ray.is_initialized():
        ray.init()
    config_args = _config_args(config)
    native = _scour.Cleaner(**config_args)
    cfg = json.loads(native.config_json())
    dedup, templates = cfg["dedup"], cfg["boilerplate"]["templates"]
    files, walk_errors = native.input_files(os.fspath(input))
    files = [(str(p), s) for p, s in files]
    remote = dict(ray_remote_args or {})

    # Pass 1: keys.
    keys_task = ray.remote(num_returns=4, **remote)(_keys_task)
    refs = [keys_task.remote(config_args, i, p, s) for i, (p, s) in enumerate(files)]
    empty = _tables(native.keys(pa.table({"text": pa.array([], pa.string())}), "", 1))
    parts = [ray.get([r[k] for r in refs]) if refs else [] for k in range(4)]
    names = ["document_keys", "paragraph_keys", "band_keys", "template_keys"]
    keys = {
        n: pa.concat_tables(p) if p else _with_pos(empty[n], 0)
        for n, p in zip(names, parts)
    }
    docs = keys["document_keys"].sort_by("pos")
    with_text = docs.filter(pc.is_valid(docs["key"]))

    # Decisions on the pages as read: copies first, then near duplicates.
    decisions: Dict[int, Dict[str, Dict[str, Any]]] = {i: {} for i in range(len(files))}
    doc_id = dict(zip(docs["pos"].to_pylist(), docs["doc_id"].to_pylist()))

    def decide(pos: int) -> Dict[str, Any]:
        return decisions[pos >> 32].setdefault(doc_id[pos], {})

    dropped = set()
    if dedup["documents"]:
        for r in _grouped_repeats(ray.data.from_arrow(with_text.select(["doc_id", "pos", "key"]))):
            decide(r["pos"])["drop"] = {"reason": "dedup.document", "detail": r["first_doc_id"]}
            dropped.add(r["pos"])
    if dedup["near_documents"]:
        copies, sizes = _near_verdicts(
            ray.data, [keys["band_keys"].select(["doc_id", "pos", "key"])], with_text, dedup["minhash"]["threshold"]
        )
        for pos, (kept, similarity) in copies.items():
            if pos not in dropped:
                decide(pos)["drop"] = {
                    "reason": "dedup.near_document",
                    "detail": doc_id[kept],
                    "similarity": repr(similarity),
                }
                dropped.add(pos)
        for pos, size in sizes.items():
            if pos not in dropped:
                decide(pos)["cluster_size"] = size
    # Paragraphs of the pages still kept.
    if dedup["across_corpus"]:
        paragraphs = keys["paragraph_keys"]
        if dropped:
            paragraphs = paragraphs.filter(pc.invert(pc.is_in(paragraphs["pos"], pa.array(sorted(dropped), pa.int64()))))
        for r in _grouped_repeats(ray.data.from_arrow(paragraphs.select(["doc_id", "pos", "paragraph", "key"]))):
            detail = f"{r['first_doc_id']}#{r['first_paragraph']}"
            decide(r["pos"]).setdefault("paragraphs", []).append((r["paragraph"], detail))

    # What is left of each page, grouped again.
    left_task = ray.remote(num_returns=2, **remote)(_left_task)
    refs = [
        left_task.remote(config_args, i, p, s, json.dumps(decisions[i])) for i, (p, s) in enumerate(files)
    ]
    left = [ray.get([r[k] for r in refs]) for k in range(2)] if refs else [[], []]
    if left[0]:
        left_keys = pa.concat_tables(left[0]).sort_by("pos")
        left_bands = pa.concat_tables(left[1])
        left_dropped = set()
        if dedup["documents"]:
            for r in _grouped_repeats(ray.data.from_arrow(left_keys.select(["doc_id", "pos", "key"]))):
                decide(r["pos"])["left_drop"] = {"reason": "dedup.document", "detail": r["first_doc_id"]}
                left_dropped.add(r["pos"])
        if dedup["near_documents"]:
            _final_near(left_keys, left_bands, left_dropped, dedup["minhash"]["threshold"], decide, doc_id)

    # Template counts from pass 1.
    pages: Dict[str, int] = {}
    lines: Dict[str, int] = {}
    if templates["enabled"]:
        for row in ray.data.from_arrow(docs.select(["site"])).groupby("site").count().take_all():
            pages[row["site"]] = row["count()"]
        tk = keys["template_keys"].select(["key"])
        if tk.num_rows:
            counted = ray.data.from_arrow(tk).groupby("key").count().rename_columns({"count()": "pages"})
            for row in counted.filter(expr=f"pages >= {int(templates['min_pages'])}").take_all():
                lines[row["key"]] = row["pages"]

    # Pass 3: the tables.
    tables_task = ray.remote(num_returns=len(TABLES), **remote)(_tables_task)
    pages_json, lines_json = json.dumps(pages), json.dumps(lines)
    refs = [
        tables_task.remote(config_args, p, s, json.dumps(decisions[i]), pages_json, lines_json)
        for i, (p, s) in enumerate(files)
    ]
    errors = _tables(walk_errors)["errors"]
    counts = {}
    for k, name in enumerate(TABLES):
        table_refs = [r[k] for r in refs]
        if name == "errors":
            table_refs = [ray.put(errors)] + table_refs
        if not table_refs:
            table_refs = [ray.put(_tables(native.clean(pa.table({"text": pa.array([], pa.string())}), "", 1))[name])]
        ds = ray.data.from_arrow_refs(table_refs)
        folder = os.path.join(os.fspath(output), name)
        counts[name] = ds.count()
        if counts[name]:
            ds.write_parquet(folder)
        else:
            # Ray writes no file for no rows; the table's schema still counts.
            os.makedirs(folder, exist_ok=True)
            pq.write_table(ray.get(table_refs[0]).slice(0, 0), os.path.join(folder, "empty.parquet"))
    return counts


def _final_near(
    left_keys: pa.Table,
    left_bands: pa.Table,
    left_dropped: set,
    threshold: float,
    decide: Any,
    doc_id: Dict[int, str],
) -> None:
    """Near duplicates of a page kept before, on what is left of each page:
    in corpus order, each page is compared with the first kept page of
    each of its band keys; a page with a match goes, the others are kept
    and index their band keys. Sequential, as the native index is; it
    holds one entry per kept page and band."""
    bands: Dict[int, List[Tuple[int, str]]] = {}
    for pos, band, key in zip(
        left_bands["pos"].to_pylist(), left_bands["band"].to_pylist(), left_bands["key"].to_pylist()
    ):
        bands.setdefault(pos, []).append((band, key))
    first_kept: Dict[str, int] = {}
    sig: Dict[int, List[int]] = {}
    for pos, signature in zip(left_keys["pos"].to_pylist(), left_keys["signature"].to_pylist()):
        if pos in left_dropped or signature is None:
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
            other, s = found[0]
            decide(pos)["left_drop"] = {"reason": "dedup.near_document", "detail": doc_id[other], "similarity": repr(s)}
            continue
        sig[pos] = mine
        for _, key in sorted(bands.get(pos, [])):
            first_kept.setdefault(key, pos)
