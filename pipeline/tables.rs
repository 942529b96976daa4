//! The per-document stages over a table of records held in memory, and the
//! keys corpus-wide dedup compares: for the Python package and for engines
//! (Ray) that read, split and shuffle the corpus themselves. The rows are
//! the rows `scour run` writes, as polars frames.

use polars::prelude::DataFrame;
use rayon::prelude::*;

use crate::dedup::KeyConfig;
use crate::dedup::{DocKeys, MinHasher, doc_keys};
use crate::document::Document;
use crate::error::Result;
use crate::read::{Item, frame_row};
use crate::run::{Cleaner, site_templates};
use crate::write::schema::{self, Column, ColumnType, TableSchema};
use crate::write::{FrameBuilder, Row, document_rows, error_row};

/// Tables of rows held in memory.
pub struct Tables {
    /// Each table's schema and rows, in a fixed order.
    pub tables: Vec<(TableSchema, DataFrame)>,
}

/// The builders' rows as tables.
pub(crate) fn finish(builders: Vec<(&str, FrameBuilder)>) -> Result<Tables> {
    let tables = builders
        .into_iter()
        .map(|(_, mut b)| Ok((b.schema().clone(), b.take()?)))
        .collect::<Result<_>>()?;
    Ok(Tables { tables })
}

/// The records of `df` (one per row; the text, id, url and title columns
/// as `read` configures) as record `first_record`, `first_record + 1`, ...
/// of `source`, each through `prepare`, in parallel, in row order.
fn documents(
    cleaner: &Cleaner,
    source: &str,
    first_record: u64,
    df: &DataFrame,
    prepare: impl Fn(&mut Document) + Sync,
) -> Vec<Item> {
    let read = &cleaner.config().read;
    (0..df.height())
        .into_par_iter()
        .map(
            |row| match frame_row(source, df, row, first_record + row as u64, read) {
                Item::Doc(mut doc) => {
                    prepare(&mut doc);
                    Item::Doc(doc)
                }
                error => error,
            },
        )
        .collect()
}

/// Every per-document stage over the records of `df`: the rows of the
/// documents, sections, paragraphs, removed and errors tables, as `scour
/// run` would write them for these records if no other document repeated
/// them (corpus-wide dedup is left to the caller; see [`keys`]).
pub fn clean(cleaner: &Cleaner, source: &str, first_record: u64, df: &DataFrame) -> Result<Tables> {
    let items = documents(cleaner, source, first_record, df, |doc| cleaner.clean(doc));
    output_tables(items, &cleaner.config().dedup.key)
}

/// The output tables' rows of documents that have been through every
/// stage, and of input errors.
pub fn output_tables(items: Vec<Item>, key: &KeyConfig) -> Result<Tables> {
    let mut builders = schema::TABLES
        .iter()
        .map(|t| Ok((*t, FrameBuilder::new(schema::schema(t)?))))
        .collect::<Result<Vec<_>>>()?;
    for item in items {
        match item {
            Item::Doc(doc) => {
                let rows = document_rows(&doc, key);
                for (table, rows) in [
                    ("documents", rows.documents),
                    ("sections", rows.sections),
                    ("paragraphs", rows.paragraphs),
                    ("removed", rows.removed),
                ] {
                    push_all(&mut builders, table, rows)?;
                }
            }
            Item::Error(e) => push_all(&mut builders, "errors", vec![error_row(&e)])?,
        }
    }
    finish(builders)
}

pub(crate) fn push_all(
    builders: &mut [(&str, FrameBuilder)],
    table: &str,
    rows: Vec<Row>,
) -> Result<()> {
    let (_, builder) = builders
        .iter_mut()
        .find(|(t, _)| *t == table)
        .expect("every table has a builder");
    rows.into_iter().try_for_each(|row| builder.push(row))
}

/// The names of the key tables [`keys`] returns, in order.
pub const KEY_TABLES: [&str; 4] = [
    "paragraph_keys",
    "document_keys",
    "band_keys",
    "template_keys",
];

/// A column of a table built in code.
pub(crate) fn column(name: &str, ty: ColumnType, nullable: bool, description: &str) -> Column {
    Column {
        name: name.into(),
        ty,
        nullable,
        description: description.into(),
    }
}

/// The first columns of every key table: those of [`key_row`].
pub(crate) fn key_row_columns() -> Vec<Column> {
    vec![
        column("doc_id", ColumnType::String, false, "The document's id."),
        column(
            "source",
            ColumnType::String,
            false,
            "Input name the record came from.",
        ),
        column(
            "record",
            ColumnType::Int64,
            false,
            "1-based record number in the source.",
        ),
    ]
}

/// The schema of one of [`KEY_TABLES`].
pub fn key_schema(table: &str) -> TableSchema {
    let mut columns = key_row_columns();
    let (description, more) = match table {
        "paragraph_keys" => (
            "One kept paragraph long enough to count as a duplicate.",
            vec![
                column(
                    "paragraph",
                    ColumnType::Int64,
                    false,
                    "Block index in the document.",
                ),
                column(
                    "key",
                    ColumnType::String,
                    false,
                    "128-bit paragraph key, hex.",
                ),
            ],
        ),
        "document_keys" => (
            "One document the per-document stages kept: its exact-copy key, MinHash signature and site.",
            vec![
                column(
                    "key",
                    ColumnType::String,
                    true,
                    "128-bit document key, hex (null: nothing kept).",
                ),
                column(
                    "signature",
                    ColumnType::String,
                    true,
                    "MinHash signature: 8 hex digits per hash (null: no words or near duplicates off).",
                ),
                column(
                    "site",
                    ColumnType::String,
                    false,
                    "64-bit key of the page's site, hex.",
                ),
            ],
        ),
        "template_keys" => (
            "One distinct candidate template line of a document, keyed with its site.",
            vec![column(
                "key",
                ColumnType::String,
                false,
                "64-bit (site, line) key, hex.",
            )],
        ),
        _ => (
            "One LSH band key of a document's signature.",
            vec![
                column("band", ColumnType::Int64, false, "Band number."),
                column("key", ColumnType::String, false, "64-bit band key, hex."),
            ],
        ),
    };
    columns.extend(more);
    TableSchema {
        table: table.into(),
        version: 1,
        description: description.into(),
        columns,
    }
}

/// The keys corpus-wide dedup compares, for the records of `df` after the
/// per-document stages: the [`KEY_TABLES`]. Corpus order is the order of
/// (source, record).
pub fn keys(cleaner: &Cleaner, source: &str, first_record: u64, df: &DataFrame) -> Result<Tables> {
    let items = documents(cleaner, source, first_record, df, |doc| {
        cleaner.prepare(doc)
    });
    key_tables(cleaner, items)
}

/// The [`KEY_TABLES`] of documents that have been through
/// [`Cleaner::prepare`]; input errors are passed over.
pub fn key_tables(cleaner: &Cleaner, items: Vec<Item>) -> Result<Tables> {
    let config = cleaner.config();
    let dedup = &config.dedup;
    let hasher = dedup
        .near_documents
        .then(|| MinHasher::new(dedup.minhash.clone()));
    let templates = site_templates(config);
    let mut builders: Vec<(&str, FrameBuilder)> = KEY_TABLES
        .iter()
        .map(|t| (*t, FrameBuilder::new(key_schema(t))))
        .collect();
    for item in items {
        let Item::Doc(doc) = item else { continue };
        if doc.dropped.is_some() {
            continue;
        }
        let keys = doc_keys(&doc, dedup, hasher.as_ref());
        let (site, lines) = templates.page_keys(&doc);
        let [paragraphs, documents, bands, template] = key_rows(&doc, keys, site, &lines);
        push_all(&mut builders, "paragraph_keys", paragraphs)?;
        push_all(&mut builders, "document_keys", documents)?;
        push_all(&mut builders, "band_keys", bands)?;
        push_all(&mut builders, "template_keys", template)?;
    }
    finish(builders)
}

/// Hex forms of keys, as the key tables hold them.
pub(crate) fn hex128(key: u128) -> String {
    format!("{key:032x}")
}

/// See [`hex128`].
pub(crate) fn hex64(key: u64) -> String {
    format!("{key:016x}")
}

/// A MinHash signature as 8 hex digits per value.
pub(crate) fn hex_signature(sig: &[u32]) -> String {
    sig.iter().map(|h| format!("{h:08x}")).collect()
}

/// A key table's row: the document's columns, then `more`.
pub(crate) fn key_row(doc: &Document, more: Row) -> Row {
    let mut row: Row = vec![
        ("doc_id", doc.doc_id.clone().into()),
        ("source", doc.source.clone().into()),
        ("record", doc.record.into()),
    ];
    row.extend(more);
    row
}

fn key_rows(doc: &Document, keys: DocKeys, site: u64, lines: &[u64]) -> [Vec<Row>; 4] {
    let paragraphs = keys
        .paragraphs
        .iter()
        .map(|(n, key)| {
            key_row(
                doc,
                vec![("paragraph", (*n).into()), ("key", hex128(*key).into())],
            )
        })
        .collect();
    let documents = vec![key_row(
        doc,
        vec![
            ("key", keys.document.map(hex128).into()),
            (
                "signature",
                keys.signature.as_deref().map(hex_signature).into(),
            ),
            ("site", hex64(site).into()),
        ],
    )];
    let bands = keys
        .bands
        .iter()
        .enumerate()
        .map(|(band, key)| {
            key_row(
                doc,
                vec![("band", band.into()), ("key", hex64(*key).into())],
            )
        })
        .collect();
    let template = lines
        .iter()
        .map(|key| key_row(doc, vec![("key", hex64(*key).into())]))
        .collect();
    [paragraphs, documents, bands, template]
}
