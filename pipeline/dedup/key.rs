//! The normalized key that decides when two paragraphs are the same, and
//! the 128-bit hashes of keys and texts.

use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use xxhash_rust::xxh3::xxh3_128;

/// What two paragraphs may differ by and still be copies; each part can be
/// switched off in the config (`[dedup.key]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct KeyConfig {
    /// Unicode NFKC first: full-width letters and digits, ligatures and
    /// other compatibility forms count as their plain forms.
    pub nfkc: bool,
    /// Case-insensitive (lower case, plus the full case folds that change
    /// length: "ß" is "ss").
    pub casefold: bool,
    /// Whitespace does not count.
    pub ignore_whitespace: bool,
    /// Punctuation and symbols do not count, except between two digits:
    /// "3.2%" and "32%" stay different.
    pub ignore_punctuation: bool,
}

impl Default for KeyConfig {
    fn default() -> Self {
        KeyConfig {
            nfkc: true,
            casefold: true,
            ignore_whitespace: true,
            ignore_punctuation: true,
        }
    }
}

impl KeyConfig {
    /// The dedup key of a paragraph.
    pub fn key(&self, text: &str) -> String {
        let mut key = String::with_capacity(text.len());
        self.key_into(text, &mut key);
        key
    }

    /// Appends the dedup key of `text` to `key`.
    fn key_into(&self, text: &str, key: &mut String) {
        if text.is_ascii() {
            self.ascii_key_into(text.as_bytes(), key)
        } else {
            self.unicode_key_into(text, key)
        }
    }

    /// [`KeyConfig::key`] of ASCII text, byte by byte: nothing to compose
    /// or fold beyond ASCII case, and the same classes as `char`'s (spaces
    /// are tab to carriage return, and space). Most lines are ASCII.
    fn ascii_key_into(&self, text: &[u8], key: &mut String) {
        for (i, &b) in text.iter().enumerate() {
            let keep = if b.is_ascii_alphanumeric() {
                true
            } else if matches!(b, b'\t'..=b'\r' | b' ') {
                !self.ignore_whitespace
            } else {
                // Punctuation between two digits stays: "3.2" is not "32".
                !self.ignore_punctuation
                    || (i > 0
                        && text[i - 1].is_ascii_digit()
                        && text.get(i + 1).is_some_and(u8::is_ascii_digit))
            };
            if keep {
                let b = if self.casefold {
                    b.to_ascii_lowercase()
                } else {
                    b
                };
                key.push(char::from(b));
            }
        }
    }

    /// [`KeyConfig::key`] of any text.
    fn unicode_key_into(&self, text: &str, key: &mut String) {
        let normalized: String;
        // The quick check skips text that is NFKC already (most of it).
        let needs_nfkc = || is_nfkc_quick(text.chars()) != IsNormalized::Yes;
        let text = if self.nfkc && !text.is_ascii() && needs_nfkc() {
            normalized = text.nfkc().collect();
            &normalized
        } else {
            text
        };
        let mut prev: Option<char> = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let keep = if c.is_alphanumeric() {
                true
            } else if c.is_whitespace() {
                !self.ignore_whitespace
            } else {
                // Punctuation between two digits stays: "3.2" is not "32".
                !self.ignore_punctuation
                    || (prev.is_some_and(|p| p.is_ascii_digit())
                        && chars.peek().is_some_and(|n| n.is_ascii_digit()))
            };
            prev = Some(c);
            if !keep {
                continue;
            }
            match (self.casefold, c.is_ascii()) {
                (true, true) => key.push(c.to_ascii_lowercase()),
                (true, false) => fold_case(c, key),
                (false, _) => key.push(c),
            }
        }
    }

    /// The 128-bit hash of a paragraph's key (the `paragraphs.hash` column).
    pub fn hash(&self, text: &str) -> u128 {
        thread_local! {
            // Keys are built here and hashed: one buffer a thread, not one a line.
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with_borrow_mut(|key| {
            key.clear();
            self.key_into(text, key);
            xxh3_128(key.as_bytes())
        })
    }
}

/// Lower case, and the few full case folds (Unicode CaseFolding.txt, status
/// F and the final sigma) that lower-casing alone leaves apart.
fn fold_case(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        'ﬀ' => out.push_str("ff"),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Hash of a document's cleaned text (the `content_hash` column).
pub fn content_hash(text: &str) -> u128 {
    xxh3_128(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_ascii_path_agrees_with_the_unicode_path(
            text in "[\\x00-\\x7f]{0,60}",
            parts in any::<[bool; 4]>(),
        ) {
            let config = KeyConfig {
                nfkc: parts[0],
                casefold: parts[1],
                ignore_whitespace: parts[2],
                ignore_punctuation: parts[3],
            };
            let (mut ascii, mut unicode) = (String::new(), String::new());
            config.ascii_key_into(text.as_bytes(), &mut ascii);
            config.unicode_key_into(&text, &mut unicode);
            prop_assert_eq!(ascii, unicode);
        }
    }

    fn key(text: &str) -> String {
        KeyConfig::default().key(text)
    }

    #[test]
    fn keys_ignore_case_space_and_punctuation() {
        assert_eq!(key("Hello,  World!"), key("hello world"));
        assert_ne!(key("hello world"), key("hello word"));
        assert_ne!(key("up 3.2% to 1,234.5"), key("up 32% to 12,345"));
        assert_eq!(key("Ends here. 2024 began"), key("ends here 2024 began"));
    }

    #[test]
    fn compatibility_forms_and_full_case_folds_match() {
        assert_eq!(key("ＡＢＣ１２３，好"), key("abc123,好"));
        assert_eq!(key("Straße"), key("STRASSE"));
        assert_eq!(key("ΟΔΟΣ"), key("οδος"));
    }

    #[test]
    fn each_part_can_be_switched_off() {
        let strict = KeyConfig {
            nfkc: false,
            casefold: false,
            ignore_whitespace: false,
            ignore_punctuation: false,
        };
        assert_ne!(strict.key("Hello"), strict.key("hello"));
        assert_ne!(strict.key("a b"), strict.key("ab"));
        assert_ne!(strict.key("a, b"), strict.key("a b"));
        assert_ne!(strict.key("ＡＢＣ"), strict.key("ABC"));
        let no_case = KeyConfig {
            casefold: false,
            ..KeyConfig::default()
        };
        assert_ne!(no_case.key("Hello"), no_case.key("hello"));
        assert_eq!(no_case.key("Hello!"), no_case.key("Hello"));
    }
}
