//! Each plot of the page, from the collector's summaries to an SVG element.

use std::collections::BTreeSet;

use super::Collector;
use super::collect::{CLUSTER_BUCKETS, LENGTH_EDGES, LineCount, OTHER, SHARE_BINS};
use super::html::{compact, fmt_int};
use super::svg::{Axis, Bar, Column, columns, empty, hbars};
use crate::write::Manifest;

/// Bars drawn one by one; beyond, the smallest are summed as "other".
const TOP_BARS: usize = 30;
/// Example lines shown per rule.
pub const EXAMPLES: usize = 5;

/// One rule of the removals table and plot.
pub struct ReasonRow {
    /// Rule id.
    pub reason: String,
    /// Family of the rule.
    pub kind: String,
    /// Lines or documents removed.
    pub rows: u64,
    /// Characters removed.
    pub chars: u64,
    /// Its most frequent removed lines.
    pub examples: Vec<LineCount>,
}

/// Every rule, the largest removals first. The manifest's numbers win where
/// it has the rule (the page must agree with manifest.json); the
/// collector's own tallies stand in for a rule only the rows name.
pub fn reason_rows(c: &Collector, m: &Manifest) -> Vec<ReasonRow> {
    let names: BTreeSet<&String> = m.removed_by_reason.keys().chain(c.reasons.keys()).collect();
    let mut rows: Vec<ReasonRow> = names
        .into_iter()
        .map(|name| {
            let seen = c.reasons.get(name);
            let (kind, rows, chars) = match (m.removed_by_reason.get(name), seen) {
                (Some(r), _) => (r.kind.clone(), r.rows, r.chars),
                (None, Some(s)) => (s.kind.clone(), s.rows, s.chars),
                (None, None) => unreachable!("the name comes from one of the two"),
            };
            ReasonRow {
                reason: name.clone(),
                kind,
                rows,
                chars,
                examples: seen.map(|s| s.lines.top(EXAMPLES)).unwrap_or_default(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (b.chars, b.rows)
            .cmp(&(a.chars, a.rows))
            .then_with(|| a.reason.cmp(&b.reason))
    });
    rows
}

/// `value` with its share of `total`.
fn with_share(value: u64, total: u64) -> String {
    let pct = value as f64 * 100.0 / total.max(1) as f64;
    format!("{} · {pct:.1}%", fmt_int(value))
}

/// Bars for items already sorted largest first: the first [`TOP_BARS`],
/// then the rest (and any catch-all [`OTHER`] among them) as one grey bar.
fn top_bars(items: &[(String, u64)], unit: &str) -> Vec<Bar> {
    let total: u64 = items.iter().map(|i| i.1).sum();
    // A catch-all of the collector (OTHER) joins the rest, whatever its size.
    let (named, rest): (Vec<_>, Vec<_>) = items
        .iter()
        .enumerate()
        .partition(|&(i, item)| i < TOP_BARS && item.0 != OTHER);
    let mut bars: Vec<Bar> = named
        .into_iter()
        .map(|(_, (label, value))| Bar {
            label: label.clone(),
            value: *value,
            text: with_share(*value, total),
            muted: false,
        })
        .collect();
    if !rest.is_empty() {
        let value = rest.iter().map(|(_, item)| item.1).sum();
        bars.push(Bar {
            label: format!("other ({} {unit})", fmt_int(rest.len() as u64)),
            value,
            text: with_share(value, total),
            muted: true,
        });
    }
    bars
}

/// Characters removed per rule.
pub fn removed_by_rule(rows: &[ReasonRow]) -> String {
    let id = "plot-removed-by-rule";
    let items: Vec<(String, u64)> = rows.iter().map(|r| (r.reason.clone(), r.chars)).collect();
    if items.iter().all(|i| i.1 == 0) {
        return empty(
            id,
            "Nothing was removed: every line of every document was kept.",
        );
    }
    hbars(
        id,
        "Characters removed per rule",
        &top_bars(&items, "rules"),
    )
}

/// Documents per bin of the kept share.
pub fn kept_share(c: &Collector) -> String {
    let id = "plot-kept-share";
    let counts = c.kept_share.counts();
    if counts.iter().all(|&n| n == 0) {
        return empty(id, "No kept documents.");
    }
    let step = 100 / SHARE_BINS;
    let cols: Vec<Column> = counts
        .iter()
        .enumerate()
        .map(|(i, &n)| Column {
            count: n,
            tip: format!(
                "{}–{}% kept: {} documents",
                i * step,
                (i + 1) * step,
                fmt_int(n)
            ),
        })
        .collect();
    let edges = (0..=SHARE_BINS).map(|i| format!("{}%", i * step)).collect();
    columns(
        id,
        "Kept share per document",
        &cols,
        &Axis::Edges(edges),
        "share of the input characters kept",
    )
}

/// A histogram over [`LENGTH_EDGES`], cut to the bins from the first to
/// the last non-empty one so that the columns stay wide.
fn lengths(id: &str, label: &str, counts: &[u64], what: &str, none: &str) -> String {
    let Some(first) = counts.iter().position(|&n| n > 0) else {
        return empty(id, none);
    };
    let last = counts.iter().rposition(|&n| n > 0).unwrap_or(first);
    let edge = |i: usize| match LENGTH_EDGES.get(i) {
        Some(&e) => compact(e),
        None => "∞".to_string(),
    };
    let cols: Vec<Column> = (first..=last)
        .map(|i| Column {
            count: counts[i],
            tip: match LENGTH_EDGES.get(i + 1) {
                // Bins hold whole numbers, so [lo, hi) is lo..=hi-1.
                Some(&hi) if hi - LENGTH_EDGES[i] == 1 => {
                    format!("{} chars: {} {what}", LENGTH_EDGES[i], fmt_int(counts[i]))
                }
                Some(&hi) => format!(
                    "{}–{} chars: {} {what}",
                    fmt_int(LENGTH_EDGES[i]),
                    fmt_int(hi - 1),
                    fmt_int(counts[i])
                ),
                None => format!(
                    "{}+ chars: {} {what}",
                    fmt_int(LENGTH_EDGES[i]),
                    fmt_int(counts[i])
                ),
            },
        })
        .collect();
    let edges = (first..=last + 1).map(edge).collect();
    columns(
        id,
        label,
        &cols,
        &Axis::Edges(edges),
        "characters (log scale)",
    )
}

/// Documents per length bin.
pub fn doc_length(c: &Collector) -> String {
    let counts = c.doc_length.counts();
    lengths(
        "plot-doc-length",
        "Document length",
        counts,
        "documents",
        "No kept documents.",
    )
}

/// Kept paragraphs per length bin.
pub fn paragraph_length(c: &Collector) -> String {
    let counts = c.paragraph_length.counts();
    let none = "No kept paragraphs.";
    lengths(
        "plot-paragraph-length",
        "Paragraph length",
        counts,
        "paragraphs",
        none,
    )
}

/// Documents per language.
pub fn languages(c: &Collector) -> String {
    let id = "plot-languages";
    let items = c.languages.sorted();
    if items.is_empty() {
        return empty(id, "No kept documents.");
    }
    hbars(id, "Documents per language", &top_bars(&items, "languages"))
}

/// Near-duplicate clusters per size bucket.
pub fn cluster_sizes(c: &Collector) -> String {
    let id = "plot-cluster-sizes";
    let counts = c.clusters.counts();
    if counts.iter().all(|&n| n == 0) {
        let message = "No near-duplicate clusters: no kept document had copies dropped for it.";
        return empty(id, message);
    }
    let cols: Vec<Column> = counts
        .iter()
        .zip(CLUSTER_BUCKETS)
        .map(|(&n, (label, _))| Column {
            count: n,
            tip: format!("{label} documents: {} clusters", fmt_int(n)),
        })
        .collect();
    let labels = CLUSTER_BUCKETS.iter().map(|b| b.0.to_string()).collect();
    let x_title = "documents in the cluster, the kept one included";
    columns(
        id,
        "Near-duplicate cluster sizes",
        &cols,
        &Axis::Centers(labels),
        x_title,
    )
}

/// Errors per kind.
pub fn errors(c: &Collector) -> String {
    let id = "plot-errors";
    let items = c.errors.sorted();
    if items.is_empty() {
        return empty(id, "No errors: every input record was read.");
    }
    hbars(id, "Errors by kind", &top_bars(&items, "kinds"))
}
