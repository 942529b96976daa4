//! Deduplication: paragraphs repeated inside a document or across the
//! corpus, exact copies of documents, and near-duplicate documents.
//!
//! - `key`: what makes two paragraphs the same (the normalized key).
//! - `within` and `corpus`: the stages that remove repeats, inside a
//!   document and across the corpus; the first occurrence is kept.
//! - `minhash` and `near`: signatures, LSH bands and clusters for
//!   near-duplicate documents, found in a counting pass before the run
//!   applies them.
//! - `keys`: the same keys, document by document, for engines that group
//!   them with their own shuffle.
//! - `spill`, `signatures`: the seen-hash map and the signature store,
//!   which keep within a memory budget by spilling to disk.

mod corpus;
mod key;
mod keys;
mod minhash;
mod near;
mod signatures;
mod spill;
mod within;

pub use corpus::{AcrossCorpus, NOTHING_KEPT, document_left_key, document_signature};
pub use key::{KeyConfig, content_hash};
pub use keys::{DocKeys, doc_keys};
pub use minhash::{MinHashConfig, MinHasher, similarity};
pub use near::{Clustering, NearIndex, Verdict, Verdicts};
pub use signatures::SignatureStore;
pub use spill::{FixedValue, SpillMap};
pub use within::WithinDocument;

/// What the tests of this module's stages share.
#[cfg(test)]
mod test_doc {
    use crate::document::Document;
    use crate::normalize::Normalize;
    use crate::stage::DocStage;

    /// A document of `raw`, normalized.
    pub fn doc(source: &str, raw: &str) -> Document {
        let mut d = Document::new(source, 1, raw.into(), "utf-8");
        Normalize.apply(&mut d);
        d
    }

    /// A paragraph long enough to count as a duplicate.
    pub const P: &str = "A paragraph long enough to count as a duplicate when it repeats itself.";
}
