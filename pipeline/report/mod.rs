//! `report.html`: one self-contained page (HTML, inline CSS, inline SVG; no
//! script, nothing fetched) that shows what a run removed and kept.
//!
//! A [`Collector`] sees the same rows as the tables while they stream to the
//! writer and keeps only bounded summaries of them: fixed-bin histograms,
//! capped category counts and Space-Saving counters of the most frequent
//! removed lines. [`Collector::render`] then draws the page from those and
//! the manifest. The page is a function of the rows and the manifest's
//! counts only (no time, no path, no hash order), so a run gives the same
//! bytes every time.

mod collect;
mod html;
mod plots;
mod svg;
mod tables;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use collect::{Bins, ReasonStats, Tally, TopLines};
use collect::{CLUSTER_BUCKETS, LENGTH_EDGES, SHARE_BINS};
use collect::{cluster_bin, length_bin, share_bin};

use crate::read::InputError;
use crate::write::{DocRows, Manifest, Row, Value};

/// The id of every plot's `<svg>`, in page order.
pub const PLOT_IDS: [&str; 7] = [
    "plot-removed-by-rule",
    "plot-kept-share",
    "plot-doc-length",
    "plot-paragraph-length",
    "plot-languages",
    "plot-cluster-sizes",
    "plot-errors",
];

/// Distinct languages and error kinds tracked one by one; beyond, they are
/// counted together. Far above what a run produces, but a bound.
const MAX_CATEGORIES: usize = 1024;
/// Distinct reasons tracked one by one. Each holds up to [`LINE_COUNTERS`]
/// lines of up to 200 characters, so this caps the heaviest part of the
/// collector at a few tens of MB; the built-in rules are far fewer.
const MAX_REASONS: usize = 256;
/// Counters per reason for its most frequent lines: the top 5 shown are
/// then reliable unless a rule removes thousands of distinct lines evenly.
const LINE_COUNTERS: usize = 128;
/// The reason under which rules beyond [`MAX_REASONS`] are counted.
const OTHER_RULES: &str = "(other rules)";
/// How a null `lang` is shown.
const UNKNOWN_LANG: &str = "unknown";

/// Gathers, in bounded memory, what the report shows, while the rows stream to the writer.
#[derive(Debug, Clone)]
pub struct Collector {
    kept_share: Bins,
    doc_length: Bins,
    paragraph_length: Bins,
    languages: Tally,
    clusters: Bins,
    errors: Tally,
    reasons: BTreeMap<String, ReasonStats>,
}

impl Default for Collector {
    fn default() -> Self {
        Collector::new()
    }
}

impl Collector {
    /// An empty collector.
    pub fn new() -> Collector {
        Collector {
            kept_share: Bins::new(SHARE_BINS),
            doc_length: Bins::new(LENGTH_EDGES.len()),
            paragraph_length: Bins::new(LENGTH_EDGES.len()),
            languages: Tally::new(MAX_CATEGORIES),
            clusters: Bins::new(CLUSTER_BUCKETS.len()),
            errors: Tally::new(MAX_CATEGORIES),
            reasons: BTreeMap::new(),
        }
    }

    /// One document's rows (the same rows the tables get).
    pub fn add_document(&mut self, rows: &DocRows) {
        for doc in &rows.documents {
            let n_chars = non_negative(int(doc, "n_chars"));
            // A document with no raw characters has no share to speak of.
            if let Some(raw) = int(doc, "raw_chars").filter(|&r| r > 0) {
                self.kept_share.add(share_bin(n_chars, raw as u64));
            }
            self.doc_length.add(length_bin(n_chars));
            self.languages
                .add(string(doc, "lang").unwrap_or(UNKNOWN_LANG));
            // Only the kept page of a cluster has a size above 1, so each
            // cluster is counted once.
            let size = non_negative(int(doc, "cluster_size"));
            if size > 1 {
                self.clusters.add(cluster_bin(size));
            }
        }
        for paragraph in &rows.paragraphs {
            let chars = string(paragraph, "text").map_or(0, |t| t.chars().count());
            self.paragraph_length.add(length_bin(chars as u64));
        }
        for removed in &rows.removed {
            self.add_removed(removed);
        }
    }

    fn add_removed(&mut self, row: &Row) {
        let text = string(row, "text").unwrap_or_default();
        // A line counts its input characters, as the manifest does; a
        // dropped document (no offsets) its cleaned text.
        let chars = match (int(row, "char_start"), int(row, "char_end")) {
            (Some(start), Some(end)) => non_negative(Some(end - start)),
            _ => text.chars().count() as u64,
        };
        let mut reason = string(row, "reason").unwrap_or_default();
        if !self.reasons.contains_key(reason) && self.reasons.len() >= MAX_REASONS {
            reason = OTHER_RULES;
        }
        let stats = self
            .reasons
            .entry(reason.to_string())
            .or_insert_with(|| ReasonStats {
                kind: string(row, "kind").unwrap_or_default().to_string(),
                rows: 0,
                chars: 0,
                lines: TopLines::new(LINE_COUNTERS),
            });
        stats.rows += 1;
        stats.chars += chars;
        stats.lines.add(text);
    }

    /// One errors row.
    pub fn add_error(&mut self, error: &InputError) {
        self.errors.add(&error.kind);
    }

    /// The whole page.
    pub fn render(&self, manifest: &Manifest) -> String {
        html::page(self, manifest)
    }
}

/// The string in column `name` of `row`, if it is there and not null.
fn string<'a>(row: &'a Row, name: &str) -> Option<&'a str> {
    row.iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| match v {
            Value::Str(s) => s.as_deref(),
            _ => None,
        })
}

/// The integer in column `name` of `row`, if it is there and not null.
fn int(row: &Row, name: &str) -> Option<i64> {
    row.iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| match v {
            Value::Int(n) => *n,
            _ => None,
        })
}

/// A count read from a row: null or negative (never written) as 0.
fn non_negative(n: Option<i64>) -> u64 {
    n.unwrap_or(0).max(0) as u64
}
