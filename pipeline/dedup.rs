//! Exact duplicates: paragraphs repeated inside a document, paragraphs seen
//! in an earlier document, and documents whose cleaned text repeats an
//! earlier one. The first occurrence in corpus order is kept; every removed
//! copy names the block or document it repeats (`<doc_id>#<block_idx>`).

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_128;

use crate::config::DedupConfig;
use crate::document::{Block, Document, Removal};
use crate::stage::{CorpusStage, DocStage};

/// The dedup key of a paragraph: lower-cased, with whitespace and
/// punctuation dropped, so that spacing and quote styles do not hide a copy.
/// Punctuation between two digits stays: "1,234.5" and "12,345" differ.
pub fn paragraph_key(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut key = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if !c.is_whitespace()
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            key.push(c);
        }
    }
    key
}

/// The 128-bit hash of a paragraph's key (the `hash` column).
pub fn paragraph_hash(text: &str) -> u128 {
    xxh3_128(paragraph_key(text).as_bytes())
}

/// The paragraph hash of a kept block long enough to count as a duplicate.
fn dedup_hash(block: &Block, config: &DedupConfig) -> Option<u128> {
    (block.is_kept() && block.text.len() >= config.min_paragraph_bytes)
        .then(|| paragraph_hash(&block.text))
}

/// Hash of a document's cleaned text (the `content_hash` column).
pub fn content_hash(text: &str) -> u128 {
    xxh3_128(text.as_bytes())
}

/// Removes paragraphs repeated inside their own document.
pub struct WithinDocument {
    config: DedupConfig,
}

impl WithinDocument {
    /// The stage with these options.
    pub fn new(config: DedupConfig) -> Self {
        WithinDocument { config }
    }
}

impl DocStage for WithinDocument {
    fn name(&self) -> &'static str {
        "dedup_within_document"
    }

    fn apply(&self, doc: &mut Document) {
        if !self.config.within_document {
            return;
        }
        let mut seen: HashMap<u128, usize> = HashMap::new();
        for (n, block) in doc.blocks.iter_mut().enumerate() {
            let Some(hash) = dedup_hash(block, &self.config) else {
                continue;
            };
            match seen.entry(hash) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let detail = format!("{}#{}", doc.doc_id, first.get());
                    block.removed = Some(
                        Removal::new("dedup.paragraph_in_document", "duplicate")
                            .with_detail(detail),
                    );
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(n);
                }
            }
        }
    }
}

/// Corpus-wide dedup: documents first (a copied page goes whole), then the
/// paragraphs of the documents that stay, then documents again, on what is
/// left: two pages that differ only by paragraphs seen elsewhere are copies
/// too, and a second run over the output must find nothing more to remove.
/// Memory holds one entry per distinct document and distinct long
/// paragraph, never the text.
pub struct AcrossCorpus {
    config: DedupConfig,
    documents: HashMap<u128, u64>,
    paragraphs: HashMap<u128, (u64, u32)>,
    trim: Option<Box<dyn DocStage>>,
}

/// The document key: its title and kept lines. The title counts because it
/// leaves the text for the `title` column: two pages with the same body
/// under different titles are different documents.
fn document_key(doc: &Document) -> u128 {
    let mut text = doc.title.clone().unwrap_or_default();
    text.push('\0');
    for (_, block) in doc.kept() {
        text.push_str(&block.text);
        text.push('\n');
    }
    content_hash(&text)
}

impl AcrossCorpus {
    /// The stage with these options and nothing seen yet.
    pub fn new(config: DedupConfig) -> Self {
        AcrossCorpus {
            config,
            documents: HashMap::new(),
            paragraphs: HashMap::new(),
            trim: None,
        }
    }

    /// Runs `trim` again on a document whose paragraphs were removed, before
    /// it is compared again: stages whose verdict depends on the lines around
    /// (the body span) must see the document as it will be written, or a
    /// second run would remove more.
    pub fn with_trim(mut self, trim: Box<dyn DocStage>) -> Self {
        self.trim = Some(trim);
        self
    }

    /// Drops `doc` when it is empty or repeats a document seen before;
    /// otherwise remembers it. Returns whether it stays.
    fn document(&mut self, doc: &mut Document, id: u64, empty_because: &str) -> bool {
        if doc.kept().next().is_none() {
            doc.dropped = Some(Removal::new("doc.empty", "empty").with_detail(empty_because));
            return false;
        }
        if !self.config.documents {
            return true;
        }
        let key = document_key(doc);
        match self.documents.get(&key) {
            Some(&first) if first != id => {
                doc.dropped = Some(
                    Removal::new("dedup.document", "duplicate")
                        .with_detail(format!("{first:016x}")),
                );
                false
            }
            Some(_) => true,
            None => {
                self.documents.insert(key, id);
                true
            }
        }
    }

    fn paragraphs(&mut self, doc: &mut Document, id: u64) {
        if !self.config.across_corpus {
            return;
        }
        for (n, block) in doc.blocks.iter_mut().enumerate() {
            let Some(hash) = dedup_hash(block, &self.config) else {
                continue;
            };
            match self.paragraphs.get(&hash) {
                Some(&(first_doc, first_block)) if first_doc != id => {
                    let detail = format!("{first_doc:016x}#{first_block}");
                    block.removed = Some(
                        Removal::new("dedup.paragraph_corpus", "duplicate").with_detail(detail),
                    );
                }
                Some(_) => {}
                None => {
                    self.paragraphs.insert(hash, (id, n as u32));
                }
            }
        }
    }
}

/// The numeric form of a doc id (ids are 16 hex digits of a 64-bit hash).
fn id_number(doc_id: &str) -> u64 {
    u64::from_str_radix(doc_id, 16).unwrap_or_default()
}

impl CorpusStage for AcrossCorpus {
    fn name(&self) -> &'static str {
        "dedup_across_corpus"
    }

    fn apply(&mut self, batch: &mut [Document]) {
        for doc in batch.iter_mut() {
            if doc.dropped.is_some() {
                continue;
            }
            let id = id_number(&doc.doc_id);
            if !self.document(doc, id, "no text left after cleaning") {
                continue;
            }
            let before = doc.kept().count();
            self.paragraphs(doc, id);
            if doc.kept().count() != before {
                if let Some(trim) = &self.trim {
                    trim.apply(doc);
                }
                self.document(doc, id, "every paragraph repeats an earlier document");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalize;

    fn doc(source: &str, raw: &str) -> Document {
        let mut d = Document::new(source, 1, raw.into(), "utf-8");
        Normalize.apply(&mut d);
        d
    }

    const P: &str = "A paragraph long enough to count as a duplicate when it repeats itself.";

    #[test]
    fn keys_ignore_case_space_and_punctuation() {
        assert_eq!(
            paragraph_key("Hello,  World!"),
            paragraph_key("hello world")
        );
        assert_ne!(paragraph_key("hello world"), paragraph_key("hello word"));
        assert_ne!(
            paragraph_key("up 3.2% to 1,234.5"),
            paragraph_key("up 32% to 12,345")
        );
        assert_eq!(
            paragraph_key("Ends here. 2024 began"),
            paragraph_key("ends here 2024 began")
        );
    }

    #[test]
    fn repeat_inside_a_document_names_the_first() {
        let mut d = doc("a.txt", &format!("{P}\n\nother\n\n{P}\n\nNo\n\nNo"));
        WithinDocument::new(DedupConfig::default()).apply(&mut d);
        let removed: Vec<_> = d
            .blocks
            .iter()
            .map(|b| b.removed.as_ref().and_then(|r| r.detail.clone()))
            .collect();
        assert_eq!(
            removed,
            [None, None, Some(format!("{}#0", d.doc_id)), None, None]
        );
    }

    #[test]
    fn across_documents_first_wins_and_copies_drop() {
        let mut batch = vec![
            doc("a.txt", &format!("{P}\n\nfirst only")),
            doc("b.txt", &format!("intro line\n\n{P}")),
            doc("c.txt", &format!("{P}\n\nfirst only")),
        ];
        let mut stage = AcrossCorpus::new(DedupConfig::default());
        stage.apply(&mut batch);
        assert!(batch[0].blocks.iter().all(|b| b.is_kept()));
        let r = batch[1].blocks[1].removed.clone().unwrap();
        assert_eq!(r.reason, "dedup.paragraph_corpus");
        assert_eq!(r.detail, Some(format!("{}#0", batch[0].doc_id)));
        assert_eq!(
            batch[2].dropped.clone().unwrap().detail,
            Some(batch[0].doc_id.clone())
        );
    }

    #[test]
    fn pages_equal_once_shared_paragraphs_go_are_copies() {
        let q = "Another long paragraph, shared by two pages, that counts as a duplicate.";
        let tail = "The council meets again on 4 May.";
        let mut batch = vec![
            doc("a.txt", &format!("{P}\n\n{q}")),
            doc("b.txt", &format!("{P}\n\n{tail}")),
            doc("c.txt", &format!("{q}\n\n{tail}")),
        ];
        AcrossCorpus::new(DedupConfig::default()).apply(&mut batch);
        assert_eq!(batch[1].dropped, None);
        let dropped = batch[2].dropped.clone().expect("c is b once q goes");
        assert_eq!(dropped.reason, "dedup.document");
        assert_eq!(dropped.detail, Some(batch[1].doc_id.clone()));
    }
}
