//! Near-duplicate documents: an index of MinHash signatures by their band
//! keys; the counting pass's clustering, which joins confirmed pairs and
//! gives each document a verdict for the applying pass.
//!
//! Memory per document: the signature (2 bytes per hash, 224 bytes with
//! the defaults), its doc id (8), union-find parent (4), and up to one
//! band-table entry per band (about 20 bytes each with the map's overhead);
//! about 0.5 KB per document with the defaults, never the text. The
//! counting pass's index is freed once the clusters are known.

use std::collections::HashMap;

use super::minhash::{MinHashConfig, MinHasher, similarity};
use super::signatures::SignatureStore;
use super::spill::SpillMap;
use crate::error::Result;

/// What the counting pass decided for one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Not a near-duplicate of an earlier document: kept. `size` counts the
    /// documents of its cluster, itself included (1 when it has no copies).
    Kept {
        /// Documents in the cluster.
        size: u64,
    },
    /// A near-duplicate: the cluster's first document in corpus order is
    /// kept instead.
    Copy {
        /// Id number of the kept document.
        kept: u64,
        /// Estimated Jaccard similarity to the kept document.
        similarity: f64,
    },
}

/// Signatures indexed by their band keys: which earlier documents a new
/// one is a near-duplicate of.
pub struct NearIndex {
    hasher: MinHasher,
    /// Signatures by document ordinal, each value cut to its low 16 bits
    /// ("b-bit minwise hashing", Li & König 2010: two different values then
    /// agree by chance once in 65,536, a negligible bias for half the
    /// memory). A document without text has no band keys, so its values
    /// are never compared.
    signatures: SignatureStore,
    ids: Vec<u64>,
    /// Band key → the first document that had it.
    bands: SpillMap<u32>,
}

/// Memory a signature takes per value.
const SIGNATURE_VALUE_BYTES: u64 = 2;

impl NearIndex {
    /// An empty index that keeps about `memory_budget` bytes of signatures
    /// and band table in memory and spills the rest to disk; the options
    /// must have passed `MinHashConfig::check`.
    pub fn new(config: MinHashConfig, memory_budget: u64) -> Self {
        let half = memory_budget / 2;
        let signature_bytes = config.hashes as u64 * SIGNATURE_VALUE_BYTES;
        NearIndex {
            signatures: SignatureStore::new(config.hashes, (half / signature_bytes) as usize),
            bands: SpillMap::new(half),
            hasher: MinHasher::new(config),
            ids: Vec::new(),
        }
    }

    /// The hasher, to compute signatures (in parallel) before `matches`.
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    fn signature(&mut self, ordinal: u32) -> Result<Vec<u16>> {
        self.signatures.get(ordinal as usize)
    }

    /// Signatures and band-table files written to disk so far.
    pub fn spilled(&self) -> u64 {
        self.signatures.spilled() + self.bands.files_written()
    }

    /// The indexed documents that `sig` is a confirmed near-duplicate of:
    /// for each band, the first document that had the same band key, kept
    /// when the estimated similarity reaches the threshold. Ordinals with
    /// similarities, in band order.
    pub fn matches(&mut self, sig: &[u32]) -> Result<Vec<(u32, f64)>> {
        let threshold = self.hasher.config().threshold;
        let short = to_16_bits(sig);
        let mut checked: Vec<u32> = Vec::new();
        let mut found = Vec::new();
        for key in self.hasher.band_keys(sig) {
            let Some(other) = self.bands.get(key as u128)? else {
                continue;
            };
            if checked.contains(&other) {
                continue;
            }
            checked.push(other);
            let s = similarity(&short, &self.signature(other)?);
            if s >= threshold {
                found.push((other, s));
            }
        }
        Ok(found)
    }

    /// Adds the next document with its id number and signature (`None`
    /// when it has no text to compare); returns its ordinal.
    pub fn insert(&mut self, id: u64, sig: Option<&[u32]>) -> Result<u32> {
        let n = self.hasher.config().hashes;
        let ordinal = self.ids.len() as u32;
        self.ids.push(id);
        let Some(sig) = sig else {
            self.signatures.push(&vec![0; n])?;
            return Ok(ordinal);
        };
        for key in self.hasher.band_keys(sig) {
            if self.bands.get(key as u128)?.is_none() {
                self.bands.insert(key as u128, ordinal)?;
            }
        }
        self.signatures.push(&to_16_bits(sig))?;
        Ok(ordinal)
    }

    /// The id number of the document at `ordinal`.
    pub fn id(&self, ordinal: u32) -> u64 {
        self.ids[ordinal as usize]
    }
}

/// The counting pass's state: every document in the index, and confirmed
/// pairs joined into clusters (union-find).
pub struct Clustering {
    index: NearIndex,
    parent: Vec<u32>,
}

impl Clustering {
    /// Nothing seen yet; the options must have passed `MinHashConfig::check`.
    pub fn new(config: MinHashConfig, memory_budget: u64) -> Self {
        Clustering {
            index: NearIndex::new(config, memory_budget),
            parent: Vec::new(),
        }
    }

    /// The hasher, to compute signatures in parallel before `add`.
    pub fn hasher(&self) -> &MinHasher {
        self.index.hasher()
    }

    /// Adds the next document in corpus order and joins it to the cluster
    /// of every earlier document it is a confirmed near-duplicate of.
    pub fn add(&mut self, id: u64, sig: Option<Vec<u32>>) -> Result<()> {
        let matches = match sig.as_deref() {
            Some(s) => self.index.matches(s)?,
            None => Vec::new(),
        };
        let ordinal = self.index.insert(id, sig.as_deref())?;
        self.parent.push(ordinal);
        for (other, _) in matches {
            union(&mut self.parent, ordinal, other);
        }
        Ok(())
    }

    /// Signatures and band-table files written to disk so far.
    pub fn spilled(&self) -> u64 {
        self.index.spilled()
    }

    /// The verdict for every document, by ordinal; frees the index.
    pub fn finish(self) -> Result<Verdicts> {
        let mut parent = self.parent;
        let roots: Vec<u32> = (0..parent.len() as u32)
            .map(|o| find(&mut parent, o))
            .collect();
        let mut sizes: HashMap<u32, u64> = HashMap::new();
        for (o, &r) in roots.iter().enumerate() {
            if r != o as u32 {
                *sizes.entry(r).or_insert(1) += 1;
            }
        }
        let mut index = self.index;
        let mut verdicts = Vec::with_capacity(roots.len());
        for (o, &r) in roots.iter().enumerate() {
            verdicts.push(if r == o as u32 {
                Verdict::Kept {
                    size: sizes.get(&r).copied().unwrap_or(1),
                }
            } else {
                let mine = index.signature(o as u32)?;
                Verdict::Copy {
                    kept: index.id(r),
                    similarity: similarity(&mine, &index.signature(r)?),
                }
            });
        }
        Ok(Verdicts {
            ids: index.ids,
            verdicts,
        })
    }
}

/// The counting pass's verdicts, read back in the same corpus order.
pub struct Verdicts {
    ids: Vec<u64>,
    verdicts: Vec<Verdict>,
}

impl Verdicts {
    /// The verdict for the document at `ordinal` with id number `id`;
    /// `None` when the applying pass does not see the documents the counting
    /// pass saw (the input changed between them).
    pub fn get(&self, ordinal: usize, id: u64) -> Option<Verdict> {
        (self.ids.get(ordinal) == Some(&id)).then(|| self.verdicts[ordinal])
    }

    /// Clusters of two or more documents.
    pub fn clusters(&self) -> u64 {
        let big = |v: &&Verdict| matches!(v, Verdict::Kept { size } if *size > 1);
        self.verdicts.iter().filter(big).count() as u64
    }
}

/// A signature as stored: each value's low 16 bits.
fn to_16_bits(sig: &[u32]) -> Vec<u16> {
    sig.iter().map(|&v| v as u16).collect()
}

/// Union by smaller ordinal, so a cluster's root is its first document.
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
    parent[hi as usize] = lo;
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(seed: usize, changed: &[usize]) -> String {
        (0..300)
            .map(|i| {
                if changed.contains(&i) {
                    format!("new{i}")
                } else {
                    format!("w{}", (i * 7919 + seed * 104_729) % 3001)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn verdicts(texts: &[String]) -> Vec<Verdict> {
        let mut index = Clustering::new(MinHashConfig::default(), 1 << 20);
        for (i, t) in texts.iter().enumerate() {
            let sig = index.hasher().signature(t);
            index.add(i as u64 + 100, sig).unwrap();
        }
        let v = index.finish().unwrap();
        (0..texts.len())
            .map(|i| v.get(i, i as u64 + 100).unwrap())
            .collect()
    }

    #[test]
    fn copies_join_the_first_document_of_their_cluster() {
        let v = verdicts(&[
            text(1, &[]),
            text(2, &[]),
            text(1, &[5, 80]),
            String::new(),
            text(1, &[150, 151, 152]),
        ]);
        assert_eq!(v[0], Verdict::Kept { size: 3 });
        assert_eq!(v[1], Verdict::Kept { size: 1 });
        assert_eq!(v[3], Verdict::Kept { size: 1 });
        for copy in [v[2], v[4]] {
            let Verdict::Copy { kept, similarity } = copy else {
                panic!("{copy:?}")
            };
            assert_eq!(kept, 100);
            assert!(similarity > 0.8 && similarity < 1.0, "{similarity}");
        }
    }

    #[test]
    fn a_changed_input_has_no_verdict() {
        let mut index = Clustering::new(MinHashConfig::default(), 1 << 20);
        index.add(7, None).unwrap();
        let v = index.finish().unwrap();
        assert_eq!(v.get(0, 7), Some(Verdict::Kept { size: 1 }));
        assert_eq!(v.get(0, 8), None);
        assert_eq!(v.get(1, 7), None);
    }
}
