//! MinHash signatures of documents and their LSH band keys.
//!
//! A document is a set of shingles: runs of `shingle` consecutive tokens,
//! where a token is a word in space-separated scripts and a single
//! character in Chinese and Japanese, which have no spaces to split on.
//! The share of positions at which two signatures agree estimates the
//! Jaccard similarity of the two shingle sets (Broder 1997); documents
//! whose signatures agree on a whole band of rows are candidate pairs
//! (Indyk & Motwani 1998; Leskovec et al., *Mining of Massive Datasets*,
//! ch. 3).
//!
//! The signature is computed with one hash per shingle and band rather
//! than one per shingle and position: each band is a one-permutation sketch
//! (Li, Owen & Zhang 2012) whose hash picks one of the band's rows and keeps
//! the row's minimum; rows no shingle fell into borrow the value of a filled
//! row ("optimal densification", Shrivastava 2017). With 8 rows a band,
//! that is 8 times fewer hashes than classic MinHash, and even a short
//! text of 20 shingles fills most rows of every band, so the estimate stays
//! about as close as classic MinHash's.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Near-duplicate detection options (`[dedup.minhash]`).
///
/// The defaults are FineWeb's (Penedo et al. 2024, via datatrove's
/// `MinhashConfig`): 5-token shingles, 112 hashes in 14 bands of 8, which
/// makes a pair with similarity 0.7 a candidate 56% of the time, 0.75 77%
/// and 0.85 99%. Candidates are then confirmed at an estimated Jaccard
/// similarity of 0.7, StarCoder's threshold (Li et al. 2023; Lee et al.
/// 2022 use 0.8). Pages copied to another site keep some of that site's
/// template through cleaning, which pulls their similarity down: on 300 MB
/// of generated corpus (`make eval-corpus CORPUS_MB=300`), 0.75 found 89% of
/// the near-duplicate pages at a precision of 0.983, 0.7 found 91% at 0.981.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MinHashConfig {
    /// Hash functions per signature; a multiple of `bands`.
    pub hashes: usize,
    /// LSH bands; each band is `hashes / bands` rows.
    pub bands: usize,
    /// Tokens per shingle.
    pub shingle: usize,
    /// Estimated Jaccard similarity at or above which a candidate pair is a
    /// near-duplicate.
    pub threshold: f64,
}

impl Default for MinHashConfig {
    fn default() -> Self {
        MinHashConfig {
            hashes: 112,
            bands: 14,
            shingle: 5,
            threshold: 0.7,
        }
    }
}

impl MinHashConfig {
    /// Refuses options that cannot work, naming the key.
    pub fn check(&self) -> crate::Result<()> {
        let bad = |key: &str, message: String| {
            Err(crate::ScourError::Config {
                key: format!("dedup.minhash.{key}"),
                message,
            })
        };
        if self.bands == 0 || self.hashes == 0 || !self.hashes.is_multiple_of(self.bands) {
            return bad(
                "hashes",
                format!(
                    "{} is not a positive multiple of dedup.minhash.bands ({})",
                    self.hashes, self.bands
                ),
            );
        }
        if self.shingle == 0 {
            return bad("shingle", "must be at least 1".into());
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return bad("threshold", format!("{} is not in (0, 1]", self.threshold));
        }
        Ok(())
    }
}

/// Computes signatures with one fixed family of hash functions, so that
/// signatures from any run or thread compare.
pub struct MinHasher {
    config: MinHashConfig,
    /// One seed per band.
    seeds: Vec<u64>,
}

impl MinHasher {
    /// The hasher for these options.
    pub fn new(config: MinHashConfig) -> Self {
        let mut state = 0x5C0u64;
        let seeds = (0..config.bands).map(|_| splitmix64(&mut state)).collect();
        MinHasher { config, seeds }
    }

    /// The options in use.
    pub fn config(&self) -> &MinHashConfig {
        &self.config
    }

    /// The signature of `text`, or `None` when it has no tokens.
    pub fn signature(&self, text: &str) -> Option<Vec<u32>> {
        let tokens = tokens(text);
        if tokens.is_empty() {
            return None;
        }
        let rows = self.config.hashes / self.config.bands;
        let mut sig = vec![u32::MAX; self.config.hashes];
        let mut filled = vec![false; self.config.hashes];
        let width = self.config.shingle.min(tokens.len());
        for window in tokens.windows(width) {
            let shingle = window.iter().fold(0u64, |acc, &t| {
                (acc ^ t)
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .rotate_left(29)
            });
            // One independent hash per band, each choosing a row of its band.
            for (band, seed) in self.seeds.iter().enumerate() {
                let h = mix(shingle ^ seed);
                let at = band * rows + range(h >> 32, rows);
                sig[at] = sig[at].min(h as u32);
                filled[at] = true;
            }
        }
        for band in 0..self.config.bands {
            let rows_of = band * rows..(band + 1) * rows;
            densify(&mut sig[rows_of.clone()], &filled[rows_of]);
        }
        Some(sig)
    }

    /// One key per band: a hash of the band's rows, salted with the band's
    /// number so that equal rows in different bands do not collide.
    pub fn band_keys(&self, sig: &[u32]) -> Vec<u64> {
        let rows = self.config.hashes / self.config.bands;
        sig.chunks(rows)
            .enumerate()
            .map(|(band, chunk)| {
                let bytes: Vec<u8> = chunk.iter().flat_map(|v| v.to_le_bytes()).collect();
                xxh3_64_with_seed(&bytes, band as u64)
            })
            .collect()
    }
}

/// The estimated Jaccard similarity of two signatures: the share of
/// positions where they agree.
pub fn similarity<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

/// Token hashes of `text`: lower-cased words of letters and digits, and
/// each Han, Hiragana or Katakana character on its own.
fn tokens(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 5);
    // The word's lower-cased UTF-8; ASCII, most of the text, skips the
    // Unicode tables (`tokens` was most of the cost of a signature).
    let mut word: Vec<u8> = Vec::new();
    let flush = |word: &mut Vec<u8>, out: &mut Vec<u64>| {
        if !word.is_empty() {
            out.push(xxh3_64(word));
            word.clear();
        }
    };
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase() as u8);
            } else {
                flush(&mut word, &mut out);
            }
        } else if is_cjk(c) {
            flush(&mut word, &mut out);
            out.push(xxh3_64(c.encode_utf8(&mut buf).as_bytes()));
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                word.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
            }
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Han ideographs (with extension A and the compatibility block), Hiragana
/// and Katakana.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Fills the rows of a band that no shingle fell into with the value of a
/// filled row picked by a probe sequence that depends only on the row, so
/// that two documents borrow alike (Shrivastava 2017). A band with no
/// filled row cannot occur: every shingle fills one row of every band.
fn densify(sig: &mut [u32], filled: &[bool]) {
    for row in 0..sig.len() {
        if filled[row] {
            continue;
        }
        let mut state = row as u64;
        let from = loop {
            let probe = range(splitmix64(&mut state) >> 32, sig.len());
            if filled[probe] {
                break probe;
            }
        };
        sig[row] = sig[from];
    }
}

/// A 64-bit finalizer (Stafford's Mix13, as in SplitMix64).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Maps 32 random bits onto `0..n` (Lemire's multiply-shift range
/// reduction).
fn range(bits: u64, n: usize) -> usize {
    ((bits * n as u64) >> 32) as usize
}

/// SplitMix64 (Steele et al. 2014): a fixed, seedable stream of hash
/// parameters.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mix(*state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, seed: u64) -> Vec<String> {
        let mut s = seed;
        (0..n)
            .map(|_| format!("w{}", splitmix64(&mut s) % 5000))
            .collect()
    }

    #[test]
    fn estimates_follow_the_true_similarity() {
        let h = MinHasher::new(MinHashConfig::default());
        let a = words(400, 1);
        let mut b = a.clone();
        for i in (0..400).step_by(100) {
            b[i] = "changed".into();
        }
        let (sa, sb) = (
            h.signature(&a.join(" ")).unwrap(),
            h.signature(&b.join(" ")).unwrap(),
        );
        let s = similarity(&sa, &sb);
        // 4 changed words touch at most 20 of 396 shingles: Jaccard >= 0.9.
        assert!(s > 0.8, "{s}");
        let c = words(400, 2);
        let sc = h.signature(&c.join(" ")).unwrap();
        assert!(similarity(&sa, &sc) < 0.1);
        let shared = h
            .band_keys(&sa)
            .iter()
            .zip(h.band_keys(&sb))
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn the_estimate_is_close_for_long_and_short_texts() {
        // One-word shingles, so the true Jaccard similarity is known.
        let h = MinHasher::new(MinHashConfig {
            shingle: 1,
            ..MinHashConfig::default()
        });
        let text =
            |r: std::ops::Range<usize>| r.map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        for (a, b, truth) in [
            (0..1000, 200..1200, 800.0 / 1200.0),
            (0..1000, 50..1050, 950.0 / 1050.0),
            (0..20, 4..24, 16.0 / 24.0),
            (0..40, 100..140, 0.0),
        ] {
            let (sa, sb) = (
                h.signature(&text(a)).unwrap(),
                h.signature(&text(b)).unwrap(),
            );
            let s = similarity(&sa, &sb);
            assert!((s - truth).abs() < 0.12, "estimate {s}, truth {truth}");
        }
    }

    #[test]
    fn chinese_is_shingled_by_character() {
        let t = tokens("今天天气很好,we went out。");
        assert_eq!(t.len(), 6 + 3);
        assert_eq!(tokens("Hello, WORLD"), tokens("hello world"));
        assert!(
            MinHasher::new(MinHashConfig::default())
                .signature(" ,。")
                .is_none()
        );
    }

    #[test]
    fn tokens_are_the_hashes_of_unicode_lower_cased_words() {
        // What the ASCII shortcut must agree with: each word lower-cased
        // by Unicode's rules, CJK characters alone.
        fn reference(text: &str) -> Vec<u64> {
            let mut out = Vec::new();
            let mut word = String::new();
            for c in text.chars().chain([' ']) {
                if c.is_alphanumeric() && !is_cjk(c) {
                    word.extend(c.to_lowercase());
                    continue;
                }
                if !word.is_empty() {
                    out.push(xxh3_64(word.as_bytes()));
                    word.clear();
                }
                if is_cjk(c) {
                    out.push(xxh3_64(c.to_string().as_bytes()));
                }
            }
            out
        }
        let text = "ÉCOLE of Straße, İstanbul 42x ΣΟΦΙΑ—Ünïcode 東京タワー2020 mixedCASE";
        assert_eq!(tokens(text), reference(text));
        assert_eq!(tokens("ÉCOLE"), tokens("école"));
    }

    #[test]
    fn bad_options_are_named() {
        let bad = MinHashConfig {
            hashes: 100,
            bands: 14,
            ..MinHashConfig::default()
        };
        let message = bad.check().unwrap_err().to_string();
        assert!(message.contains("dedup.minhash.hashes"), "{message}");
        assert!(MinHashConfig::default().check().is_ok());
    }
}
