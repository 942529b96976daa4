//! The keys corpus-wide dedup compares, one document at a time: for an
//! engine that groups them itself (a shuffle by key) instead of streaming
//! the corpus through [`AcrossCorpus`](super::AcrossCorpus).

use super::corpus::{Stage, document_key, document_signature};
use super::minhash::MinHasher;
use super::within::dedup_hash;
use crate::config::DedupConfig;
use crate::document::Document;

/// What one document contributes to corpus-wide dedup, as the per-document
/// stages left it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocKeys {
    /// The exact-copy key of the document; `None` when nothing is kept.
    pub document: Option<u128>,
    /// Kept paragraphs long enough to count as duplicates: block index and
    /// paragraph key.
    pub paragraphs: Vec<(usize, u128)>,
    /// The MinHash signature near-duplicates are found on, when near
    /// duplicates are on and the document has words.
    pub signature: Option<Vec<u32>>,
    /// One LSH key per band of the signature.
    pub bands: Vec<u64>,
}

/// The keys of `doc`; `hasher` is `None` when near duplicates are off.
pub fn doc_keys(doc: &Document, config: &DedupConfig, hasher: Option<&MinHasher>) -> DocKeys {
    let alive = doc.dropped.is_none() && doc.kept().next().is_some();
    if !alive {
        return DocKeys {
            document: None,
            paragraphs: Vec::new(),
            signature: None,
            bands: Vec::new(),
        };
    }
    let paragraphs = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(n, block)| dedup_hash(block, config).map(|h| (n, h)))
        .collect();
    let signature = hasher.and_then(|h| document_signature(h, doc));
    let bands = match (hasher, &signature) {
        (Some(h), Some(sig)) => h.band_keys(sig),
        _ => Vec::new(),
    };
    DocKeys {
        document: Some(document_key(doc, &config.key, Stage::Read)),
        paragraphs,
        signature,
        bands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::test_doc::{P, doc};

    #[test]
    fn keys_match_what_the_corpus_stage_compares() {
        let config = DedupConfig::default();
        let hasher = MinHasher::new(config.minhash.clone());
        let a = doc_keys(
            &doc("a.txt", &format!("{P}\n\nshort")),
            &config,
            Some(&hasher),
        );
        let b = doc_keys(
            &doc("b.txt", &format!("intro\n\n{}", P.to_uppercase())),
            &config,
            Some(&hasher),
        );
        // Only the long paragraph is a key, and case does not change it.
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(a.paragraphs[0].1, b.paragraphs[0].1);
        assert_eq!((a.paragraphs[0].0, b.paragraphs[0].0), (0, 1));
        assert_ne!(a.document, b.document);
        assert_eq!(a.bands.len(), config.minhash.bands);
        let off = doc_keys(&doc("a.txt", P), &config, None);
        assert!(off.bands.is_empty() && off.signature.is_none());
    }
}
