"""scour: clean, deduplicated, sectioned datasets from scraped web text.

The same crate as the ``scour`` command, called without a subprocess:

- :func:`run` processes a folder into a folder of tables, as ``scour run``;
- :func:`dedup` lists the repeated lines of a folder and nothing else, as
  ``scour dedup``;
- :func:`clean` runs the per-document stages (read the record fields,
  normalize, boilerplate, title, date, record fields, in-document dedup,
  sections) over a ``pyarrow.Table`` and returns the output tables;
- :func:`keys` returns the keys corpus-wide dedup compares, so that an
  engine (Ray, Spark) can group them with its own shuffle;
- :func:`scour.ray.run` does the whole run on a Ray cluster, with the same
  output as ``scour run``.

Tables cross between Rust and Python through the Arrow C data interface:
no text is copied into Python objects.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Mapping, Optional, Sequence, Union

import pyarrow as pa

from scour import _scour
from scour._scour import ScourError

__all__ = ["Cleaner", "ConfigLike", "ScourError", "clean", "dedup", "keys", "run", "__version__"]

__version__: str = _scour.__version__

#: A config: ``None`` (the defaults), a mapping nested as the TOML file is
#: (``{"dedup": {"minhash": {"threshold": 0.8}}}``), or the path of a TOML
#: file. Unknown keys and values of the wrong type raise :class:`ScourError`.
ConfigLike = Union[None, Mapping[str, Any], str, "os.PathLike[str]"]


def _config_args(config: ConfigLike) -> Dict[str, Any]:
    if config is None:
        return {}
    if isinstance(config, Mapping):
        return {"config_json": json.dumps(config)}
    if isinstance(config, (str, os.PathLike)):
        return {"config_file": os.fspath(config)}
    raise TypeError(
        f"config must be None, a mapping or the path of a TOML file, not {type(config).__name__}"
    )


class _Batch:
    """Capsules from the native module, offered to pyarrow through the
    Arrow PyCapsule interface."""

    def __init__(self, capsules: Any) -> None:
        self._capsules = capsules

    def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
        return self._capsules


def _tables(items: Any) -> Dict[str, pa.Table]:
    return {name: pa.Table.from_batches([pa.record_batch(_Batch(caps))]) for name, caps in items}


def _arrow(data: Any) -> Any:
    """What the native side reads: any object with ``__arrow_c_stream__``;
    a list of dicts or a pandas frame is converted by pyarrow first."""
    if hasattr(data, "__arrow_c_stream__"):
        return data
    if isinstance(data, list):
        return pa.Table.from_pylist(data)
    if hasattr(data, "to_arrow"):
        return data.to_arrow()
    try:
        import pandas as pd  # noqa: F401

        return pa.Table.from_pandas(data, preserve_index=False)
    except Exception as e:  # pragma: no cover - depends on what was passed
        raise TypeError(
            f"expected a pyarrow.Table (or anything with __arrow_c_stream__), got {type(data).__name__}"
        ) from e


class Cleaner:
    """The per-document stages, built once from a config.

    Building them compiles the rule library; a :class:`Cleaner` kept
    between calls (one per Ray worker, say) does it once.
    """

    def __init__(self, config: ConfigLike = None) -> None:
        self._native = _scour.Cleaner(**_config_args(config))

    @property
    def config(self) -> Dict[str, Any]:
        """The effective config, every key included."""
        return json.loads(self._native.config_json())

    def clean(
        self, table: Any, *, source: str = "<table>", first_record: int = 1
    ) -> Dict[str, pa.Table]:
        """The output tables of the records of ``table``.

        Each row is one record: its text from the first of
        ``read.text_fields`` that it has (``text`` by default), its id, url
        and title from ``read.id_field``, ``read.url_field`` and
        ``read.title_field``; the other columns go into ``metadata``, as
        for a Parquet input file. Row ``i`` is record ``first_record + i``
        of ``source``, which together give its ``doc_id``: the same as
        ``scour run`` gives the same record of a file of that name.

        Returns the tables ``documents``, ``sections``, ``paragraphs``,
        ``removed`` and ``errors`` with the columns of ``schemas/``.
        Corpus-wide dedup is not applied: see :func:`keys`.
        """
        return _tables(self._native.clean(_arrow(table), source, first_record))

    def keys(
        self, table: Any, *, source: str = "<table>", first_record: int = 1
    ) -> Dict[str, pa.Table]:
        """The keys corpus-wide dedup compares, for the records of ``table``.

        Returns four tables, each keyed by ``doc_id``, ``source`` and
        ``record`` (corpus order is the order of ``(source, record)``):

        - ``paragraph_keys``: ``paragraph`` (block index) and ``key`` (the
          128-bit normalized paragraph key, hex) of every kept paragraph of
          at least ``dedup.min_paragraph_bytes``;
        - ``document_keys``: for each document the per-document stages did
          not drop, its exact-copy ``key`` (null when nothing is kept), its
          MinHash ``signature`` (8 hex digits per hash; null without words
          or with near-duplicates off) and its ``site`` key;
        - ``band_keys``: one LSH ``key`` per ``band`` of the signature;
        - ``template_keys``: the distinct (site, line) ``key`` of each
          candidate site-template line.

        :mod:`scour.ray` groups these with Ray's shuffle.
        """
        return _tables(self._native.keys(_arrow(table), source, first_record))


def run(
    input: Union[str, "os.PathLike[str]"],
    output: Union[str, "os.PathLike[str]"],
    config: ConfigLike = None,
    *,
    threads: Optional[int] = None,
    progress: bool = False,
    formats: Sequence[str] = ("parquet", "csv"),
    shard_rows: Optional[int] = None,
) -> Dict[str, Any]:
    """Processes ``input`` (a folder, read recursively, or one file) into
    the folder ``output``, as ``scour run`` does, and returns the manifest.

    ``config=None`` means the defaults (unlike the command, no
    ``./scour.toml`` is read). ``threads`` defaults to the machine's cores;
    the output does not depend on it. ``progress`` prints a line to stderr
    every few seconds. ``formats`` names the files each table is written
    as, ``"parquet"`` and/or ``"csv"``, as ``--formats`` does;
    ``shard_rows`` splits each table into numbered parts of at most that
    many rows, as ``--shard-rows`` does. The GIL is released while scour
    runs.
    """
    return _run(_scour.run, input, output, config, threads, progress, formats, shard_rows)


def dedup(
    input: Union[str, "os.PathLike[str]"],
    output: Union[str, "os.PathLike[str]"],
    config: ConfigLike = None,
    *,
    threads: Optional[int] = None,
    progress: bool = False,
    formats: Sequence[str] = ("parquet", "csv"),
    shard_rows: Optional[int] = None,
) -> Dict[str, Any]:
    """Lists the repeated lines of ``input`` into the folder ``output``, as
    ``scour dedup`` does, and returns the manifest: a ``duplicates`` table
    (each repeated line's span, reason and first occurrence), a ``records``
    table (one row per document read) and ``errors``. Nothing is cleaned.
    The arguments are :func:`run`'s.
    """
    return _run(_scour.dedup, input, output, config, threads, progress, formats, shard_rows)


def _run(
    native: Any,
    input: Any,
    output: Any,
    config: ConfigLike,
    threads: Optional[int],
    progress: bool,
    formats: Sequence[str],
    shard_rows: Optional[int],
) -> Dict[str, Any]:
    if isinstance(formats, str):
        formats = [formats]
    manifest = native(
        os.fspath(input),
        os.fspath(output),
        threads=threads or 0,
        progress=progress,
        formats=list(formats),
        shard_rows=shard_rows,
        **_config_args(config),
    )
    return json.loads(manifest)


def clean(
    table: Any, config: ConfigLike = None, *, source: str = "<table>", first_record: int = 1
) -> Dict[str, pa.Table]:
    """:meth:`Cleaner.clean` with a cleaner built for this call."""
    return Cleaner(config).clean(table, source=source, first_record=first_record)


def keys(
    table: Any, config: ConfigLike = None, *, source: str = "<table>", first_record: int = 1
) -> Dict[str, pa.Table]:
    """:meth:`Cleaner.keys` with a cleaner built for this call."""
    return Cleaner(config).keys(table, source=source, first_record=first_record)
