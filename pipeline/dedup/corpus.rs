//! Corpus-wide dedup: paragraphs seen in an earlier document, documents
//! whose cleaned text repeats an earlier one, and near-duplicate documents.
//! The first occurrence in corpus order is kept; every removed copy names
//! the block or document it repeats.

use rayon::prelude::*;

use super::key::KeyConfig;
use super::minhash::MinHasher;
use super::near::{Clustering, NearIndex, Verdict, Verdicts};
use super::spill::SpillMap;
use super::within::dedup_hash;
use crate::config::DedupConfig;
use crate::document::{Document, Removal};
use crate::error::Result;
use crate::stage::{CorpusStage, DocStage};

/// Corpus-wide dedup: exact copies of documents first (a copied page goes
/// whole), then near-duplicates found by the counting pass, then the
/// paragraphs of the documents that stay, then exact copies again, on what
/// is left: two pages that differ only by paragraphs seen elsewhere are
/// copies too, and a second run over the output must find nothing more to
/// remove. Memory holds one entry per distinct document and distinct long
/// paragraph, never the text: 48 bytes (a 16-byte hash and a 12-byte
/// position in a 32-byte slot, a control byte, and the free slots of a hash
/// table between 7/16 and 7/8 full). Past half of
/// `dedup.memory_budget_bytes` the entries spill to disk.
pub struct AcrossCorpus {
    config: DedupConfig,
    /// Paragraph keys and document keys (a document key hashes text with a
    /// NUL in it, which a paragraph key never has) → the first document and
    /// block (`DOCUMENT` for a document).
    seen: SpillMap<(u64, u32)>,
    trim: Option<Box<dyn DocStage>>,
    near: Near,
    /// The kept documents' final signatures: a document that becomes a
    /// near-duplicate of one kept before once its repeated paragraphs are
    /// gone goes too, so that a second run finds nothing more.
    kept: Option<NearIndex>,
    /// Documents seen by `apply` so far: the ordinal of the next one.
    ordinal: usize,
    /// Signatures and band files the counting pass wrote to disk.
    counting_spilled: u64,
}

/// Why a document that the per-document stages left empty is dropped.
pub const NOTHING_KEPT: &str = "no text left after cleaning";

/// The block number that marks a document's entry.
const DOCUMENT: u32 = u32::MAX;

/// Where near-duplicate detection stands.
enum Near {
    Off,
    Counting(Box<Clustering>),
    Applying(Verdicts),
}

/// The near-duplicate removal of a document kept instead by `kept`.
fn near_removal(kept: u64, similarity: f64) -> Removal {
    Removal::new("dedup.near_document", "near_duplicate")
        .with_detail(format!("{kept:016x}"))
        .with_similarity(similarity)
}

/// Signatures of the documents still kept, in parallel.
fn signatures(hasher: &MinHasher, docs: &[Document]) -> Vec<Option<Vec<u32>>> {
    docs.par_iter()
        .map(|doc| document_signature(hasher, doc))
        .collect()
}

/// The MinHash signature near-duplicates are found on: `None` for a page
/// dropped, with nothing kept, or without words.
pub fn document_signature(hasher: &MinHasher, doc: &Document) -> Option<Vec<u32>> {
    let kept = doc.kept().count();
    if doc.dropped.is_some() || kept == 0 {
        return None;
    }
    // One run has one hasher, so the first signature stays right for as
    // long as the page keeps the same lines.
    if let Some((n, signature)) = doc.signature.get()
        && *n == kept
    {
        return signature.clone();
    }
    let signature = hasher.signature(&titled_text(doc));
    let _ = doc.signature.set((kept, signature.clone()));
    signature
}

/// The exact-copy key of what is left of a page once its corpus duplicates
/// are gone ([`Stage::Left`]).
pub fn document_left_key(doc: &Document, key: &KeyConfig) -> u128 {
    document_key(doc, key, Stage::Left)
}

/// The document key: its title and kept lines, each normalized as a
/// paragraph key is (`dedup.key`), so that pages differing only by case,
/// spacing or punctuation are copies. The title counts because it leaves
/// the text for the `title` column: two pages with the same body under
/// different titles are different documents. The lines enter as their key
/// hashes (cached on each block), which is the same as their keys for all
/// practical purposes. `stage` keeps the keys of the page as read
/// ([`Stage::Read`]) apart from those of the page as it is left
/// ([`Stage::Left`]); the NUL after it keeps both apart from paragraph
/// keys, which have none.
pub(super) fn document_key(doc: &Document, key: &KeyConfig, stage: Stage) -> u128 {
    let mut bytes = Vec::with_capacity(20 + 16 * doc.blocks.len());
    bytes.extend_from_slice(match stage {
        Stage::Read => b"doc\0",
        Stage::Left => b"end\0",
    });
    bytes.extend_from_slice(
        &key.hash(doc.title.as_deref().unwrap_or_default())
            .to_le_bytes(),
    );
    for (_, block) in doc.kept() {
        bytes.extend_from_slice(&block.key_hash(key).to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// Which of a document's two exact-copy keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The page as the per-document stages left it: copies of a page
    /// seen before go whole, before their paragraphs are looked at.
    Read,
    /// The page once corpus duplicates are gone: two pages that differ only
    /// by paragraphs seen elsewhere are copies too. Compared only with the
    /// other pages' final keys, so that each verdict is "the first in
    /// corpus order with this key wins" and an engine can reach it by
    /// grouping keys (see `tables::keys`).
    Left,
}

/// The title, a NUL, then the kept lines: what near-duplicates are found on.
pub(super) fn titled_text(doc: &Document) -> String {
    let mut text = doc.title.clone().unwrap_or_default();
    text.push('\0');
    for (_, block) in doc.kept() {
        text.push_str(&block.text);
        text.push('\n');
    }
    text
}

impl AcrossCorpus {
    /// The stage with these options and nothing seen yet.
    pub fn new(config: DedupConfig) -> Self {
        AcrossCorpus {
            config: config.clone(),
            seen: SpillMap::new(config.memory_budget_bytes / 2),
            trim: None,
            near: if config.near_documents {
                Near::Counting(Box::new(Clustering::new(
                    config.minhash.clone(),
                    config.memory_budget_bytes / 2,
                )))
            } else {
                Near::Off
            },
            kept: config
                .near_documents
                .then(|| NearIndex::new(config.minhash.clone(), config.memory_budget_bytes / 2)),
            ordinal: 0,
            counting_spilled: 0,
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

    /// Drops `doc` when it is empty or repeats a document seen before
    /// (compared by its `stage` key); otherwise remembers it. Returns
    /// whether it stays.
    fn document(&mut self, doc: &mut Document, id: u64, stage: Stage) -> Result<bool> {
        let empty_because = match stage {
            Stage::Read => NOTHING_KEPT,
            Stage::Left => "every paragraph repeats an earlier document",
        };
        if doc.drop_if_empty(empty_because) {
            return Ok(false);
        }
        if !self.config.documents {
            return Ok(true);
        }
        let key = document_key(doc, &self.config.key, stage);
        Ok(match self.seen.get(key)? {
            Some((first, _)) if first != id => {
                doc.dropped = Some(
                    Removal::new("dedup.document", "duplicate")
                        .with_detail(format!("{first:016x}")),
                );
                false
            }
            Some(_) => true,
            None => {
                self.seen.insert(key, (id, DOCUMENT))?;
                true
            }
        })
    }

    /// Applies the counting pass's verdict: drops a near-duplicate, or
    /// records the size of the cluster a kept document heads. Returns
    /// whether the document stays.
    fn near_verdict(&mut self, doc: &mut Document, ordinal: usize, id: u64) -> bool {
        let Near::Applying(verdicts) = &self.near else {
            return true;
        };
        // Without a verdict (the input changed between the passes) the
        // document is kept as if it had no near-duplicates.
        match verdicts.get(ordinal, id) {
            Some(Verdict::Copy { kept, similarity }) => {
                doc.dropped = Some(near_removal(kept, similarity));
                false
            }
            Some(Verdict::Kept { size }) => {
                doc.cluster_size = size;
                true
            }
            None => true,
        }
    }

    fn paragraphs(&mut self, doc: &mut Document, id: u64) -> Result<()> {
        if !self.config.across_corpus {
            return Ok(());
        }
        for (n, block) in doc.blocks.iter_mut().enumerate() {
            let Some(hash) = dedup_hash(block, &self.config) else {
                continue;
            };
            match self.seen.get(hash)? {
                Some((first_doc, first_block)) if first_doc != id => {
                    let detail = format!("{first_doc:016x}#{first_block}");
                    block.removed = Some(
                        Removal::new("dedup.paragraph_corpus", "duplicate").with_detail(detail),
                    );
                }
                Some(_) => {}
                None => self.seen.insert(hash, (id, n as u32))?,
            }
        }
        Ok(())
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

    fn counts(&self) -> bool {
        matches!(self.near, Near::Counting(_))
    }

    fn count(&mut self, batch: &[Document]) -> Result<()> {
        let Near::Counting(index) = &mut self.near else {
            return Ok(());
        };
        let signatures = signatures(index.hasher(), batch);
        for (doc, sig) in batch.iter().zip(signatures) {
            index.add(id_number(&doc.doc_id), sig)?;
        }
        Ok(())
    }

    fn stats(&self) -> Vec<(&'static str, u64)> {
        let mut stats = vec![
            ("seen_hashes", self.seen.len()),
            ("spill_files", self.seen.files_written()),
            ("near_spilled_counting", self.counting_spilled),
            (
                "near_spilled_kept",
                self.kept.as_ref().map_or(0, |k| k.spilled()),
            ),
        ];
        if let Near::Applying(verdicts) = &self.near {
            stats.push(("near_clusters", verdicts.clusters()));
        }
        stats
    }

    fn end_counting(&mut self) -> Result<()> {
        if let Near::Counting(index) = std::mem::replace(&mut self.near, Near::Off) {
            self.counting_spilled = index.spilled();
            self.near = Near::Applying(index.finish()?);
        }
        Ok(())
    }

    fn apply(&mut self, batch: &mut [Document]) -> Result<()> {
        for doc in batch.iter_mut() {
            let ordinal = self.ordinal;
            self.ordinal += 1;
            if doc.dropped.is_some() {
                continue;
            }
            let id = id_number(&doc.doc_id);
            if !self.document(doc, id, Stage::Read)? {
                continue;
            }
            if !self.near_verdict(doc, ordinal, id) {
                continue;
            }
            let before = doc.kept().count();
            self.paragraphs(doc, id)?;
            if doc.kept().count() != before
                && let Some(trim) = &self.trim
            {
                trim.apply(doc);
            }
            self.document(doc, id, Stage::Left)?;
        }
        // What a document is compared on last depends only on the documents
        // before it, so the final signatures can be computed in parallel and
        // checked in order afterwards.
        let Some(kept) = &mut self.kept else {
            return Ok(());
        };
        let finals = signatures(kept.hasher(), batch);
        for (doc, sig) in batch.iter_mut().zip(finals) {
            let Some(sig) = sig else { continue };
            if let Some(&(first, similarity)) = kept.matches(&sig)?.first() {
                doc.dropped = Some(near_removal(kept.id(first), similarity));
            } else {
                kept.insert(id_number(&doc.doc_id), Some(&sig))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::test_doc::{P, doc};

    #[test]
    fn a_signature_is_used_again_until_lines_go() {
        let hasher = MinHasher::new(crate::config::DedupConfig::default().minhash);
        let mut page = doc(
            "a.txt",
            &format!("{P}\n\nA second line, with words of its own."),
        );
        let first = document_signature(&hasher, &page).unwrap();
        assert_eq!(page.signature.get(), Some(&(2, Some(first.clone()))));
        page.blocks[1].removed = Some(Removal::new("x", "y"));
        let mut fresh = page.clone();
        fresh.signature = std::sync::OnceLock::new();
        let fresh = document_signature(&hasher, &fresh).unwrap();
        assert_ne!(fresh, first);
        assert_eq!(document_signature(&hasher, &page), Some(fresh));
    }

    #[test]
    fn copies_that_differ_by_case_and_punctuation_are_copies() {
        let mut batch = vec![
            doc("a.txt", &format!("{P}\n\nThe end, for now.")),
            doc("b.txt", &format!("{}\n\nthe END for now", P.to_uppercase())),
        ];
        let config = DedupConfig {
            near_documents: false,
            ..DedupConfig::default()
        };
        AcrossCorpus::new(config).apply(&mut batch).unwrap();
        assert_eq!(batch[1].dropped.as_ref().unwrap().reason, "dedup.document");
    }

    #[test]
    fn across_documents_first_wins_and_copies_drop() {
        let mut batch = vec![
            doc("a.txt", &format!("{P}\n\nfirst only")),
            doc("b.txt", &format!("intro line\n\n{P}")),
            doc("c.txt", &format!("{P}\n\nfirst only")),
        ];
        let mut stage = AcrossCorpus::new(DedupConfig::default());
        stage.apply(&mut batch).unwrap();
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
        AcrossCorpus::new(DedupConfig::default())
            .apply(&mut batch)
            .unwrap();
        assert_eq!(batch[1].dropped, None);
        let dropped = batch[2].dropped.clone().expect("c is b once q goes");
        assert_eq!(dropped.reason, "dedup.document");
        assert_eq!(dropped.detail, Some(batch[1].doc_id.clone()));
    }
}
