//! A run split for an engine that distributes the work and groups keys with
//! its own shuffle (the Python package's Ray pipeline). Each pass is a pure
//! function of one input file and of decisions made from the keys of the
//! pass before, so files can go to any worker in any order:
//!
//! 1. [`file_keys`]: the per-document stages, then the keys corpus-wide
//!    dedup compares ([`tables::key_tables`]).
//! 2. Decisions grouped from them, first in corpus order winning: copies of
//!    a page seen before, near-duplicate clusters, paragraphs seen before.
//! 3. [`file_left`]: those decisions applied; the key and signature of what
//!    is left of each page.
//! 4. Decisions again: pages that became copies of a page seen before, or
//!    near-duplicates of one kept before.
//! 5. [`file_tables`]: everything applied, site templates and sections too;
//!    the rows of the output tables.
//!
//! The decisions are what [`AcrossCorpus`](crate::dedup::AcrossCorpus) and
//! [`SiteTemplates`](crate::boilerplate::SiteTemplates) reach streaming
//! through the corpus, so both give the same rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::boilerplate::BodySpan;
use crate::dedup::{MinHasher, NOTHING_KEPT, document_left_key, document_signature};
use crate::document::{Document, Removal};
use crate::error::{Result, ScourError};
use crate::read::{FileData, InputError, Item, walk};
use crate::run::{Cleaner, body_span, site_templates};
use crate::stage::{CorpusStage, DocStage};
use crate::tables::{
    Tables, column, finish, hex_signature, hex64, hex128, key_row, key_row_columns, key_tables,
    output_tables, push_all,
};
use crate::write::FrameBuilder;
use crate::write::schema::{ColumnType, TableSchema};

/// An input file: its path, and its name in the outputs.
pub type NamedFile = (PathBuf, String);

/// The files of `input` that scour reads, in corpus order, and the folders
/// that could not be listed.
pub fn input_files(cleaner: &Cleaner, input: &Path) -> Result<(Vec<NamedFile>, Vec<InputError>)> {
    let (files, errors) = walk(input).map_err(|source| ScourError::Input {
        path: input.to_path_buf(),
        source,
    })?;
    let files = files
        .into_iter()
        .filter(|f| f.skip.is_none() && cleaner.reads(&f.source))
        .map(|f| (f.path, f.source))
        .collect();
    Ok((files, errors))
}

/// Pass 1: the key tables of one file's documents.
pub fn file_keys(cleaner: &Cleaner, data: FileData<'_>, source: &str) -> Result<Tables> {
    key_tables(
        cleaner,
        cleaner.read_file(data, source, |d| cleaner.prepare(d)),
    )
}

/// A document dropped by a decision.
#[derive(Debug, Clone, Deserialize)]
pub struct Drop {
    /// `dedup.document` or `dedup.near_document`.
    pub reason: String,
    /// The doc id of the page kept instead.
    pub detail: String,
    /// Estimated Jaccard similarity, for a near-duplicate, as a decimal
    /// string: JSON numbers would go through serde_json's float parser,
    /// which may miss the nearest double by one unit in the last place,
    /// and the tables must match `scour run`'s to the bit.
    #[serde(default)]
    pub similarity: Option<String>,
}

impl Drop {
    fn removal(&self) -> Removal {
        let kind = if self.reason == "dedup.near_document" {
            "near_duplicate"
        } else {
            "duplicate"
        };
        let r = Removal::new(self.reason.clone(), kind).with_detail(self.detail.clone());
        match self.similarity.as_deref().and_then(|s| s.parse().ok()) {
            Some(s) => r.with_similarity(s),
            None => r,
        }
    }
}

/// What the corpus-wide decisions say of one document; a document without
/// one is kept whole.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Dropped from the keys of the page as read (step 2).
    #[serde(default)]
    pub drop: Option<Drop>,
    /// Documents in the near-duplicate cluster this page heads.
    #[serde(default)]
    pub cluster_size: Option<u64>,
    /// Paragraphs seen on an earlier page: block index and the
    /// `doc_id#block` it repeats.
    #[serde(default)]
    pub paragraphs: Vec<(usize, String)>,
    /// Dropped from the keys of what is left of the page (step 4).
    #[serde(default)]
    pub left_drop: Option<Drop>,
}

/// Decisions by doc id.
pub type Decisions = HashMap<String, Decision>;

/// Applies the first decisions to a prepared document, as
/// `AcrossCorpus::apply` does up to the key of what is left.
fn apply_first(doc: &mut Document, decision: Option<&Decision>, trim: Option<&BodySpan>) {
    if doc.dropped.is_some() || doc.drop_if_empty(NOTHING_KEPT) {
        return;
    }
    let Some(decision) = decision else { return };
    if let Some(drop) = &decision.drop {
        doc.dropped = Some(drop.removal());
        return;
    }
    if let Some(size) = decision.cluster_size {
        doc.cluster_size = size;
    }
    let mut any = false;
    for (block, detail) in &decision.paragraphs {
        if let Some(b) = doc.blocks.get_mut(*block)
            && b.removed.is_none()
        {
            b.removed = Some(
                Removal::new("dedup.paragraph_corpus", "duplicate").with_detail(detail.clone()),
            );
            any = true;
        }
    }
    if any && let Some(trim) = trim {
        trim.apply(doc);
    }
    doc.drop_if_empty("every paragraph repeats an earlier document");
}

fn trim(cleaner: &Cleaner) -> Option<BodySpan> {
    let config = cleaner.config();
    config.boilerplate.context.then(|| body_span(config))
}

/// The tables [`file_left`] gives.
pub const LEFT_TABLES: [&str; 2] = ["left_keys", "left_band_keys"];

fn left_schema(table: &str) -> TableSchema {
    let mut columns = key_row_columns();
    if table == "left_keys" {
        columns.push(column(
            "key",
            ColumnType::String,
            false,
            "128-bit key, hex.",
        ));
        columns.push(column(
            "signature",
            ColumnType::String,
            true,
            "MinHash signature, hex.",
        ));
    } else {
        columns.push(column("band", ColumnType::Int64, false, "Band number."));
        columns.push(column(
            "key",
            ColumnType::String,
            false,
            "64-bit band key, hex.",
        ));
    }
    TableSchema {
        table: table.into(),
        version: 1,
        description: "What is left of a page once its corpus duplicates are gone.".into(),
        columns,
    }
}

/// Pass 3: for each page of the file still kept after `decisions`, the
/// exact-copy key of what is left of it (`left_keys`, with its MinHash
/// signature when near duplicates are on) and its band keys.
pub fn file_left(
    cleaner: &Cleaner,
    data: FileData<'_>,
    source: &str,
    decisions: &Decisions,
) -> Result<Tables> {
    let trim = trim(cleaner);
    let dedup = &cleaner.config().dedup;
    let hasher = dedup
        .near_documents
        .then(|| MinHasher::new(dedup.minhash.clone()));
    let items = cleaner.read_file(data, source, |doc| {
        cleaner.prepare(doc);
        apply_first(doc, decisions.get(&doc.doc_id), trim.as_ref());
    });
    let mut builders: Vec<(&str, FrameBuilder)> = LEFT_TABLES
        .iter()
        .map(|t| (*t, FrameBuilder::new(left_schema(t))))
        .collect();
    for item in items {
        let Item::Doc(doc) = item else { continue };
        if doc.dropped.is_some() {
            continue;
        }
        let key = document_left_key(&doc, &dedup.key);
        let signature = hasher.as_ref().and_then(|h| document_signature(h, &doc));
        let row = key_row(
            &doc,
            vec![
                ("key", hex128(key).into()),
                ("signature", signature.as_deref().map(hex_signature).into()),
            ],
        );
        push_all(&mut builders, "left_keys", vec![row])?;
        if let (Some(h), Some(sig)) = (&hasher, &signature) {
            let rows = h
                .band_keys(sig)
                .into_iter()
                .enumerate()
                .map(|(band, k)| {
                    key_row(&doc, vec![("band", band.into()), ("key", hex64(k).into())])
                })
                .collect();
            push_all(&mut builders, "left_band_keys", rows)?;
        }
    }
    finish(builders)
}

/// Pages per site key and per (site, line) key, counted from the
/// `document_keys` and `template_keys` of pass 1.
#[derive(Debug, Clone, Default)]
pub struct TemplateCounts {
    /// Pages per site key.
    pub pages: HashMap<u64, u32>,
    /// Pages per (site, line) key.
    pub lines: HashMap<u64, u32>,
}

/// Pass 5: every decision applied, then site templates (from `counts`) and
/// sections: the output tables' rows of the file, errors included.
pub fn file_tables(
    cleaner: &Cleaner,
    data: FileData<'_>,
    source: &str,
    decisions: &Decisions,
    counts: &TemplateCounts,
) -> Result<Tables> {
    let config = cleaner.config();
    let trim = trim(cleaner);
    let mut templates =
        config.boilerplate.templates.enabled.then(|| {
            site_templates(config).with_counts(counts.pages.clone(), counts.lines.clone())
        });
    let mut items = cleaner.read_file(data, source, |doc| {
        cleaner.prepare(doc);
        let decision = decisions.get(&doc.doc_id);
        apply_first(doc, decision, trim.as_ref());
        if doc.dropped.is_none()
            && let Some(drop) = decision.and_then(|d| d.left_drop.as_ref())
        {
            doc.dropped = Some(drop.removal());
        }
    });
    for item in &mut items {
        if let Item::Doc(doc) = item {
            if let Some(t) = &mut templates {
                t.apply(std::slice::from_mut(doc.as_mut()))?;
            }
            cleaner.segment(doc);
        }
    }
    output_tables(items, &config.dedup.key)
}
