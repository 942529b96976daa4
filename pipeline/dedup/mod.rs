//! Deduplication: paragraphs repeated inside a document or across the
//! corpus, exact copies of documents, and near-duplicate documents.
//!
//! - `key`: what makes two paragraphs the same (the normalized key).
//! - `exact`: the stages that remove repeats, first occurrence kept.
//! - `minhash` and `near`: signatures, LSH bands and clusters for
//!   near-duplicate documents, found in a counting pass before the run
//!   applies them.

mod exact;
mod key;
mod minhash;
mod near;

pub use exact::{AcrossCorpus, WithinDocument};
pub use key::{KeyConfig, content_hash};
pub use minhash::{MinHashConfig, MinHasher, similarity};
pub use near::{Clustering, NearIndex, Verdict, Verdicts};
