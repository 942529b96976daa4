//! Options of every stage. Everything here may change the output, so the
//! whole struct is recorded in the manifest and in each Parquet footer;
//! options that do not (threads, paths) live on the run instead.

mod load;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::boilerplate::TemplateConfig;
use crate::dedup::{KeyConfig, MinHashConfig};
use crate::quality::QualityConfig;

pub use load::DEFAULT_TOML;

/// Options of the whole pipeline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// How records are read from structured inputs.
    pub read: ReadConfig,
    /// Boilerplate removal.
    pub boilerplate: BoilerplateConfig,
    /// Title detection.
    pub title: TitleConfig,
    /// Duplicate removal.
    pub dedup: DedupConfig,
    /// Heading and section detection.
    pub segment: SegmentConfig,
    /// Quality rule sets from the literature (none by default).
    pub quality: QualityConfig,
}

/// How records are read: field names, encodings and limits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ReadConfig {
    /// Fields (or columns) that may hold the page text, the first present wins.
    pub text_fields: Vec<String>,
    /// Field holding the record's own id.
    pub id_field: String,
    /// Field holding the page URL.
    pub url_field: String,
    /// Field holding the page title.
    pub title_field: String,
    /// Encodings of files whose encoding is known: glob (matched against
    /// the path relative to the input) → WHATWG label (`gbk`, `big5`...).
    pub encodings: BTreeMap<String, String>,
    /// A document whose share of undecodable characters is above this is an
    /// error row, not a document full of replacement characters.
    pub max_undecodable_share: f64,
    /// Largest document (a text file, a JSON Lines line, a record's text), in bytes.
    pub max_document_bytes: u64,
    /// Largest decompressed size of one compressed file, in bytes.
    pub max_decompressed_bytes: u64,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig {
            text_fields: vec!["text".into(), "content".into(), "body".into()],
            id_field: "id".into(),
            url_field: "url".into(),
            title_field: "title".into(),
            encodings: BTreeMap::new(),
            max_undecodable_share: 0.01,
            max_document_bytes: 64 << 20,
            max_decompressed_bytes: 1 << 40,
        }
    }
}

/// Boilerplate removal options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    /// Apply the built-in rule library.
    pub rules: bool,
    /// Languages whose rule files apply (all when empty).
    pub languages: Vec<String>,
    /// Rule ids (`en.byline`) or kinds (`byline`) switched off.
    pub disabled: Vec<String>,
    /// Lines a site repeats on many of its pages.
    pub templates: TemplateConfig,
    /// Remove the lines before the first and after the last line of prose.
    pub context: bool,
    /// Width (characters, CJK counted twice) from which a line that reads
    /// as sentences is prose and anchors the body; shorter sentences after
    /// the last anchor extend it.
    pub min_prose_width: usize,
    /// Inside the body, this many consecutive short lines that are not
    /// sentences are a menu or link list and go (0: keep them).
    pub min_short_run: usize,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        BoilerplateConfig {
            rules: true,
            languages: Vec::new(),
            disabled: Vec::new(),
            templates: TemplateConfig::default(),
            context: true,
            min_prose_width: 140,
            min_short_run: 3,
        }
    }
}

/// Title detection options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TitleConfig {
    /// A first line longer than this (in characters) is not taken as the title.
    pub max_chars: usize,
    /// Longest prefix (in characters) before a repeated title for the line to
    /// count as a breadcrumb ("Home News <title>").
    pub max_breadcrumb_prefix: usize,
}

impl Default for TitleConfig {
    fn default() -> Self {
        TitleConfig {
            max_chars: 300,
            max_breadcrumb_prefix: 60,
        }
    }
}

/// Duplicate removal options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DedupConfig {
    /// Remove a paragraph repeated inside its own document.
    pub within_document: bool,
    /// Remove a paragraph already seen in an earlier document.
    pub across_corpus: bool,
    /// Drop a document whose cleaned text equals an earlier one's.
    pub documents: bool,
    /// Paragraphs shorter than this (UTF-8 bytes of the normalized text) are
    /// never treated as duplicates: "01", "No" or "Abstract" repeat legitimately.
    pub min_paragraph_bytes: usize,
    /// What two paragraphs may differ by and still be the same.
    pub key: KeyConfig,
    /// Drop a document that is a near-duplicate of an earlier one (MinHash,
    /// found in a counting pass that reads the input a first time).
    pub near_documents: bool,
    /// Near-duplicate detection options.
    pub minhash: MinHashConfig,
    /// Memory for the corpus-wide state: half for the seen-hash map of exact
    /// dedup (48 bytes a distinct long paragraph or document), half for the
    /// near-duplicate index (about 0.5 KB a document). Beyond it, the state
    /// spills to files in TMPDIR, with the same output.
    pub memory_budget_bytes: u64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            within_document: true,
            across_corpus: true,
            documents: true,
            min_paragraph_bytes: 60,
            key: KeyConfig::default(),
            near_documents: true,
            minhash: MinHashConfig::default(),
            memory_budget_bytes: 4 << 30,
        }
    }
}

/// Heading detection options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentConfig {
    /// Longest plain (unnumbered) heading, in characters, for space-separated scripts.
    pub max_heading_chars: usize,
    /// Longest heading, in characters, for Chinese and Japanese text.
    pub max_heading_chars_cjk: usize,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            max_heading_chars: 120,
            max_heading_chars_cjk: 40,
        }
    }
}
