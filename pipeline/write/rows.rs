//! A processed document as rows of the output tables.

use super::frame::{Pairs, Row};
use crate::dedup::{KeyConfig, content_hash};
use crate::document::{Document, Removal, Role};
use crate::read::InputError;

/// All rows one document contributes, table by table.
#[derive(Debug, Default)]
pub struct DocRows {
    /// At most one row of `documents`.
    pub documents: Vec<Row>,
    /// Rows of `sections`.
    pub sections: Vec<Row>,
    /// Rows of `paragraphs`.
    pub paragraphs: Vec<Row>,
    /// Rows of `removed`.
    pub removed: Vec<Row>,
}

fn removed_row(
    doc: &Document,
    block: Option<(usize, usize, usize)>,
    text: String,
    r: &Removal,
) -> Row {
    vec![
        ("doc_id", doc.doc_id.clone().into()),
        ("source", doc.source.clone().into()),
        ("record", doc.record.into()),
        ("block_idx", block.map(|b| b.0).into()),
        ("char_start", block.map(|b| b.1).into()),
        ("char_end", block.map(|b| b.2).into()),
        ("text", text.into()),
        ("reason", r.reason.clone().into()),
        ("kind", r.kind.clone().into()),
        ("detail", r.detail.clone().into()),
        ("similarity", r.similarity.into()),
    ]
}

/// The rows of one document after every stage has run; `key` makes the
/// paragraph hashes.
pub fn document_rows(doc: &Document, key: &KeyConfig) -> DocRows {
    let mut out = DocRows::default();
    let mut removed_chars = 0usize;
    for (n, block) in doc.blocks.iter().enumerate() {
        if let Some(r) = &block.removed {
            removed_chars += block.raw_end - block.raw_start;
            let span = Some((n, block.raw_start, block.raw_end));
            out.removed
                .push(removed_row(doc, span, block.text.clone(), r));
        }
    }
    // The text, and where each kept block sits in it.
    let mut text = String::new();
    let mut text_chars = 0usize;
    let mut spans = vec![(0usize, 0usize); doc.blocks.len()];
    for (n, block) in doc.kept() {
        if !text.is_empty() {
            text.push_str("\n\n");
            text_chars += 2;
        }
        let len = block.text.chars().count();
        spans[n] = (text_chars, text_chars + len);
        text.push_str(&block.text);
        text_chars += len;
    }
    if let Some(drop) = &doc.dropped {
        out.removed.push(removed_row(doc, None, text, drop));
        return out;
    }
    let mut section_of = vec![0usize; doc.blocks.len()];
    for (section_idx, section) in doc.sections.iter().enumerate() {
        let first = section
            .heading_blocks
            .first()
            .or(section.body_blocks.first());
        let last = section.body_blocks.last().or(section.heading_blocks.last());
        let (start, end) = match (first, last) {
            (Some(&f), Some(&l)) => (spans[f].0, spans[l].1),
            _ => (0, 0),
        };
        for &b in section.heading_blocks.iter().chain(&section.body_blocks) {
            section_of[b] = section_idx;
        }
        let body: Vec<&str> = section
            .body_blocks
            .iter()
            .map(|&b| doc.blocks[b].text.as_str())
            .collect();
        out.sections.push(vec![
            ("doc_id", doc.doc_id.clone().into()),
            ("section_idx", section_idx.into()),
            ("heading", section.heading.clone().into()),
            ("level", (section.level as usize).into()),
            ("text", body.join("\n\n").into()),
            ("char_start", start.into()),
            ("char_end", end.into()),
        ]);
    }
    let mut n_body = 0usize;
    for (paragraph_idx, (b, block)) in doc.kept().enumerate() {
        let role = if block.role == Role::Body {
            n_body += 1;
            "body"
        } else {
            "heading"
        };
        out.paragraphs.push(vec![
            ("doc_id", doc.doc_id.clone().into()),
            ("section_idx", section_of[b].into()),
            ("paragraph_idx", paragraph_idx.into()),
            ("block_idx", b.into()),
            ("role", role.into()),
            ("text", block.text.clone().into()),
            ("char_start", spans[b].0.into()),
            ("char_end", spans[b].1.into()),
            ("raw_start", block.raw_start.into()),
            ("raw_end", block.raw_end.into()),
            ("hash", format!("{:032x}", block.key_hash(key)).into()),
            ("lang", block.lang.clone().into()),
        ]);
    }
    let attribution = (!doc.attributions.is_empty()).then(|| doc.attributions.join("; "));
    let hash = format!("{:032x}", content_hash(&text));
    out.documents.push(vec![
        ("doc_id", doc.doc_id.clone().into()),
        ("source", doc.source.clone().into()),
        ("record", doc.record.into()),
        ("record_id", doc.record_id.clone().into()),
        ("url", doc.url.clone().into()),
        ("title", doc.title.clone().into()),
        ("lang", doc.lang.clone().into()),
        ("encoding", doc.encoding.clone().into()),
        ("decode_errors", doc.decode_errors.into()),
        ("text", text.into()),
        ("n_chars", text_chars.into()),
        ("n_paragraphs", n_body.into()),
        ("n_sections", doc.sections.len().into()),
        ("raw_chars", doc.raw_chars.into()),
        ("removed_chars", removed_chars.into()),
        ("content_hash", hash.into()),
        (
            "cluster_id",
            (doc.cluster_size > 1).then(|| doc.doc_id.clone()).into(),
        ),
        ("cluster_size", doc.cluster_size.into()),
        ("date", doc.date.clone().into()),
        ("fields", fields_map(&doc.fields).into()),
        ("source_attribution", attribution.into()),
        ("metadata", doc.metadata.clone().into()),
    ]);
    out
}

/// The fields in page order, each label once (a label seen twice keeps
/// its first value), or `None` when there are none.
fn fields_map(fields: &[(String, Option<String>)]) -> Option<Pairs> {
    if fields.is_empty() {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    Some(
        fields
            .iter()
            .filter(|(label, _)| seen.insert(label))
            .cloned()
            .collect(),
    )
}

/// The `errors` row of an input error.
pub fn error_row(e: &InputError) -> Row {
    vec![
        ("source", e.source.clone().into()),
        ("record", e.record.into()),
        ("kind", e.kind.clone().into()),
        ("message", e.message.clone().into()),
    ]
}
