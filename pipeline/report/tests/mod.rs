//! Tests of the report, and the rows they are built from (by hand, with
//! only the columns the collector reads).

mod counts;
mod page;

use std::collections::BTreeMap;

use super::Collector;
use crate::config::Config;
use crate::read::InputError;
use crate::write::{DocRows, Manifest, Row, Value};

/// A manifest with nothing in it.
fn manifest() -> Manifest {
    Manifest::new(Config::default(), BTreeMap::new())
}

/// A kept document: its documents row and one paragraphs row per text.
fn kept(id: &str, lang: Option<&str>, raw: usize, paragraphs: &[&str], cluster: u64) -> DocRows {
    let n_chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    let mut rows = DocRows::default();
    rows.documents.push(vec![
        ("doc_id", id.into()),
        ("lang", lang.map(str::to_string).into()),
        ("n_chars", n_chars.into()),
        ("raw_chars", raw.into()),
        ("cluster_size", cluster.into()),
    ]);
    for (i, text) in paragraphs.iter().enumerate() {
        rows.paragraphs.push(vec![
            ("doc_id", id.into()),
            ("paragraph_idx", i.into()),
            ("text", (*text).into()),
        ]);
    }
    rows
}

/// A removed line (`block` gives its offsets) or a dropped document.
fn removed(reason: &str, kind: &str, text: &str, block: Option<(usize, usize)>) -> Row {
    vec![
        ("doc_id", "d".into()),
        ("block_idx", block.map(|_| 0usize).into()),
        ("char_start", block.map(|b| b.0).into()),
        ("char_end", block.map(|b| b.1).into()),
        ("text", text.into()),
        ("reason", reason.into()),
        ("kind", kind.into()),
        ("similarity", Value::Float(None)),
    ]
}

/// A line removed by `reason`, as long as its text.
fn line(reason: &str, text: &str) -> Row {
    removed(reason, "byline", text, Some((0, text.chars().count())))
}

/// The `<svg>` element of plot `id` in `page`.
fn svg<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<svg id=\"{id}\""))
        .unwrap_or_else(|| panic!("no plot {id}"));
    let end = start + page[start..].find("</svg>").expect("svg is closed");
    &page[start..end]
}

/// Two kept documents (one of them the kept page of a 3-cluster), a
/// dropped copy, a byline removed twice and one error.
fn sample() -> (Collector, Manifest) {
    let mut c = Collector::new();
    let mut a = kept(
        "a",
        Some("en"),
        100,
        &["Hello world", "Second paragraph"],
        3,
    );
    a.removed.push(line("en.byline", "By <b>Staff</b> & co"));
    a.removed.push(line("en.byline", "By <b>Staff</b> & co"));
    c.add_document(&a);
    c.add_document(&kept("b", None, 40, &["短い段落"], 1));
    let mut dropped = DocRows::default();
    dropped
        .removed
        .push(removed("dedup.document", "duplicate", "Hello world", None));
    c.add_document(&dropped);
    c.add_error(&InputError::new(
        "x.jsonl",
        Some(3),
        "bad_json",
        "expected value",
    ));
    let mut m = manifest();
    m.counts.files = 2;
    m.counts.documents = 2;
    m.counts.errors = 1;
    (c, m)
}
