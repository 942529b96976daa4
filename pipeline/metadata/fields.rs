//! Record fields: pages that are database records (a law's "Type of law" /
//! "Policy", "Repealed" / "No", "Original title" / ...) carry their facts
//! as label lines each followed by its value line. They become the
//! document's `fields` (label → value, `None` for a label with no value),
//! and their lines leave the body (`meta.field`).
//!
//! A label is a line from the built-in list of record labels
//! (`metadata/labels.json`, per language), with or without a trailing
//! colon, or such a label followed by a colon and its value on one line. A
//! page is a record only when at least `MIN_LABELS` of its lines are
//! labels, so that a lone "Country" in an article stays text.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::document::{Document, Removal};
use crate::stage::DocStage;

/// Labels a page needs before its label lines count as a record.
const MIN_LABELS: usize = 3;

/// Widest value line, in characters: a longer line is text, so the label
/// before it has no value; so is a line that reads as a sentence and is
/// wider than `MAX_SENTENCE_VALUE_CHARS`.
const MAX_VALUE_CHARS: usize = 200;
const MAX_SENTENCE_VALUE_CHARS: usize = 60;

static LABELS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let by_lang: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(include_str!("labels.json")).expect("labels.json is valid");
    by_lang.into_values().flatten().map(|l| fold(&l)).collect()
});

/// The form labels are compared in.
fn fold(label: &str) -> String {
    label
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase()
}

/// The label of a label line, and the value after its colon if the line
/// holds one.
fn label_of(line: &str) -> Option<(String, Option<String>)> {
    let folded = fold(line);
    if LABELS.contains(&folded) {
        return Some((
            line.trim().trim_end_matches([':', '：']).trim().to_string(),
            None,
        ));
    }
    let (label, value) = line.split_once([':', '：'])?;
    let value = value.trim();
    (LABELS.contains(&fold(label)) && !value.is_empty())
        .then(|| (label.trim().to_string(), Some(value.to_string())))
}

/// Finds record fields and takes their lines out of the body.
pub struct RecordFields;

impl DocStage for RecordFields {
    fn name(&self) -> &'static str {
        "fields"
    }

    fn apply(&self, doc: &mut Document) {
        let kept: Vec<usize> = doc.kept().map(|(i, _)| i).collect();
        let labels: Vec<Option<(String, Option<String>)>> = kept
            .iter()
            .map(|&i| label_of(&doc.blocks[i].text))
            .collect();
        if labels.iter().flatten().count() < MIN_LABELS {
            return;
        }
        let mut fields = Vec::new();
        let mut k = 0;
        while k < kept.len() {
            let Some((label, inline)) = labels[k].clone() else {
                k += 1;
                continue;
            };
            let block = kept[k];
            doc.blocks[block].removed = Some(Removal::new("meta.field", "metadata"));
            if inline.is_some() {
                fields.push((label, inline));
                k += 1;
                continue;
            }
            // The next line is the value unless it is a label itself or text.
            let value = kept
                .get(k + 1)
                .filter(|_| labels[k + 1].is_none())
                .and_then(|&v| {
                    let text = &doc.blocks[v].text;
                    let chars = text.chars().count();
                    let sentence = text.ends_with(['.', '!', '?', '。', '！', '？'])
                        && chars > MAX_SENTENCE_VALUE_CHARS;
                    (chars <= MAX_VALUE_CHARS && !sentence).then(|| (v, text.clone()))
                });
            match value {
                Some((v, text)) => {
                    doc.blocks[v].removed = Some(Removal::new("meta.field", "metadata"));
                    fields.push((label, Some(text)));
                    k += 2;
                }
                None => {
                    fields.push((label, None));
                    k += 1;
                }
            }
        }
        doc.fields = fields;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(raw: &str) -> (Vec<(String, Option<String>)>, Vec<bool>) {
        let mut doc = Document::new("a.txt", 1, raw.into(), "utf-8");
        crate::normalize::Normalize.apply(&mut doc);
        RecordFields.apply(&mut doc);
        let kept = doc.blocks.iter().map(|b| b.is_kept()).collect();
        (doc.fields, kept)
    }

    #[test]
    fn label_lines_and_their_values_become_fields() {
        let abstract_text = "This plan, adopted by the council, sets the rules for transport investment until 2035 and commits the city to two tram lines.";
        let raw = format!(
            "Country\nType of law\nPolicy\nAbstract\n{abstract_text}\nRepealed\nNo\nDate of text:\n2024-09-17\n原文标题：江城市河湖保护条例"
        );
        let (f, kept) = fields(&raw);
        let pairs: Vec<(&str, Option<&str>)> =
            f.iter().map(|(l, v)| (l.as_str(), v.as_deref())).collect();
        assert_eq!(
            pairs,
            [
                ("Country", None),
                ("Type of law", Some("Policy")),
                ("Repealed", Some("No")),
                ("Date of text", Some("2024-09-17")),
                ("原文标题", Some("江城市河湖保护条例")),
            ]
        );
        // The abstract and its heading stay text; every label and value line goes.
        assert_eq!(
            kept,
            [
                false, false, false, true, true, false, false, false, false, false
            ]
        );
    }

    #[test]
    fn a_lone_label_word_in_an_article_stays_text() {
        let raw = "Country\nThe ferry will run until midnight all summer, the harbour board said on Monday.\nNo\nRepealed";
        let (f, kept) = fields(raw);
        assert!(f.is_empty());
        assert!(kept.iter().all(|k| *k));
    }
}
