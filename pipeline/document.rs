//! The value that flows through every stage: a document and its blocks.

use std::sync::OnceLock;

use crate::dedup::KeyConfig;
use xxhash_rust::xxh3::xxh3_64;

/// Why a block or a document left the output: the rule that removed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// Stable rule id, e.g. `en.byline` or `dedup.paragraph_corpus`.
    pub reason: String,
    /// Broad family of the rule (`byline`, `duplicate`, `metadata`, ...).
    pub kind: String,
    /// Extra context, e.g. the `doc_id#paragraph` a duplicate repeats.
    pub detail: Option<String>,
    /// For a near-duplicate, its estimated similarity to the document kept.
    pub similarity: Option<f64>,
}

impl Removal {
    /// A removal with no detail.
    pub fn new(reason: impl Into<String>, kind: impl Into<String>) -> Self {
        Removal {
            reason: reason.into(),
            kind: kind.into(),
            detail: None,
            similarity: None,
        }
    }

    /// The same removal, with a detail attached.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The same removal, with a similarity attached.
    pub fn with_similarity(mut self, similarity: f64) -> Self {
        self.similarity = Some(similarity);
        self
    }
}

/// What a kept block is, once the segment stage has looked at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Body text (a paragraph, a list item, a line of a record).
    #[default]
    Body,
    /// A heading that opens a section, at this level (1 = top).
    Heading(u8),
    /// A number line ("01") that is the first half of the heading after it.
    HeadingNumber,
}

/// One non-blank line of the raw text, normalized, with its verdict.
#[derive(Debug, Clone)]
pub struct Block {
    /// Normalized text of the line.
    pub text: String,
    /// Character offset of the line's start in the raw decoded text.
    pub raw_start: usize,
    /// Character offset just past the line's end (terminator excluded).
    pub raw_end: usize,
    /// `None` while the block is kept; the removal once a stage drops it.
    pub removed: Option<Removal>,
    /// Role in the document's structure (set by the segment stage).
    pub role: Role,
    /// Language of the block's text, or of its document when too short to tell.
    pub lang: Option<String>,
    /// The hash of the text's dedup key, computed once: within-document
    /// and corpus dedup, the document key, templates and the paragraphs
    /// table all need it (the key was a tenth of the run time).
    pub key_hash: OnceLock<u128>,
}

impl Block {
    /// A kept body block of `text` at these raw offsets.
    pub fn new(text: String, raw_start: usize, raw_end: usize) -> Block {
        Block {
            text,
            raw_start,
            raw_end,
            removed: None,
            role: Role::default(),
            lang: None,
            key_hash: OnceLock::new(),
        }
    }

    /// Whether no stage has removed this block.
    pub fn is_kept(&self) -> bool {
        self.removed.is_none()
    }

    /// The hash of the text's key under `key` (one config per run, and the
    /// text never changes once the block exists, so the cache holds).
    pub fn key_hash(&self, key: &KeyConfig) -> u128 {
        *self.key_hash.get_or_init(|| key.hash(&self.text))
    }
}

/// A section of a kept document: a heading and the body below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading text; `None` for the lead section before any heading.
    pub heading: Option<String>,
    /// Heading level, 1 = top; 0 for the lead section.
    pub level: u8,
    /// Index of the block holding the heading (first of the pair for "01" + title).
    pub heading_blocks: Vec<usize>,
    /// Indices of the kept body blocks of this section, in order.
    pub body_blocks: Vec<usize>,
}

/// One input record on its way through the pipeline.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id: a hash of `source` and `record`, unique in a run.
    pub doc_id: String,
    /// Path of the input file relative to the input root.
    pub source: String,
    /// 1-based record number inside the file (line for JSONL, 1 for a text file).
    pub record: u64,
    /// The record's own id field, when it has one.
    pub record_id: Option<String>,
    /// URL from the record, when it has one.
    pub url: Option<String>,
    /// Title from the record, or found by the title stage.
    pub title: Option<String>,
    /// Whether the record had a title field (then no title is looked for in the text).
    pub title_from_record: bool,
    /// Language of the kept text (ISO 639-1 where known).
    pub lang: Option<String>,
    /// Encoding the raw bytes were decoded with.
    pub encoding: String,
    /// Characters that could not be decoded (now U+FFFD).
    pub decode_errors: usize,
    /// The record's other fields, as a JSON object.
    pub metadata: Option<String>,
    /// The decoded text as read; emptied by the normalize stage once the
    /// blocks (with their offsets) have been taken from it.
    pub raw: String,
    /// Characters in the raw decoded text.
    pub raw_chars: usize,
    /// The non-blank lines of the document, in order.
    pub blocks: Vec<Block>,
    /// Source attributions lifted out of the body ("Source: ...").
    pub attributions: Vec<String>,
    /// Publication date shown on the page, ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Fields of a database record: label → value (`None`: no value).
    pub fields: Vec<(String, Option<String>)>,
    /// Sections, filled by the segment stage.
    pub sections: Vec<Section>,
    /// Set when the whole document is dropped (duplicate, empty, ...).
    pub dropped: Option<Removal>,
    /// Documents in this document's near-duplicate cluster, itself
    /// included (1: none). A kept document heads its cluster, so the
    /// cluster's id is its own doc_id.
    pub cluster_size: u64,
    /// The MinHash signature of the title and kept lines (`None`: no
    /// words), with the number of kept lines it was computed on: computed
    /// once by the counting pass and used again by the main pass while no
    /// line has gone since (lines only ever go, so the number tells).
    pub signature: OnceLock<(usize, Option<Vec<u32>>)>,
}

impl Document {
    /// A new document from a decoded record, before any stage has run.
    pub fn new(source: &str, record: u64, raw: String, encoding: &str) -> Self {
        let raw_chars = raw.chars().count();
        Document {
            doc_id: doc_id(source, record),
            source: source.to_string(),
            record,
            record_id: None,
            url: None,
            title: None,
            title_from_record: false,
            lang: None,
            encoding: encoding.to_string(),
            decode_errors: 0,
            metadata: None,
            raw,
            raw_chars,
            blocks: Vec::new(),
            attributions: Vec::new(),
            date: None,
            fields: Vec::new(),
            sections: Vec::new(),
            dropped: None,
            cluster_size: 1,
            signature: OnceLock::new(),
        }
    }

    /// Drops the document as `doc.empty` (with `why` as the detail) when it
    /// keeps no block; returns whether it was dropped.
    pub fn drop_if_empty(&mut self, why: &str) -> bool {
        let empty = self.kept().next().is_none();
        if empty {
            self.dropped = Some(Removal::new("doc.empty", "empty").with_detail(why));
        }
        empty
    }

    /// The kept blocks with their indices.
    pub fn kept(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks.iter().enumerate().filter(|(_, b)| b.is_kept())
    }
}

/// The id of the document read from record `record` of `source`.
pub fn doc_id(source: &str, record: u64) -> String {
    let mut key = Vec::with_capacity(source.len() + 9);
    key.extend_from_slice(source.as_bytes());
    key.push(0);
    key.extend_from_slice(&record.to_le_bytes());
    format!("{:016x}", xxh3_64(&key))
}
