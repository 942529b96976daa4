//! The normalized key that decides when two paragraphs are the same, and
//! the 128-bit hashes of keys and texts.

use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use xxhash_rust::xxh3::xxh3_128;

use crate::normalize::cjk_letter;

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
        let mut key = Vec::with_capacity(text.len());
        self.key_into(text, &mut key);
        // Whole characters only go in, so this is UTF-8.
        String::from_utf8(key)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The 128-bit hash of a paragraph's key (the `paragraphs.hash` column).
    pub fn hash(&self, text: &str) -> u128 {
        thread_local! {
            // Keys are built here and hashed: one buffer a thread, not one a line.
            static KEY: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        KEY.with_borrow_mut(|key| {
            key.clear();
            self.key_into(text, key);
            xxh3_128(key)
        })
    }

    /// Appends the UTF-8 dedup key of `text` to `key`.
    fn key_into(&self, text: &str, key: &mut Vec<u8>) {
        key.reserve(text.len());
        if text.is_ascii() {
            self.ascii_key_into(text.as_bytes(), key)
        } else {
            self.unicode_key_into(text, key)
        }
    }

    /// [`KeyConfig::key`] of ASCII text, byte by byte: nothing to compose
    /// or fold beyond ASCII case, and the same classes as `char`'s (spaces
    /// are tab to carriage return, and space). Most lines are ASCII.
    fn ascii_key_into(&self, text: &[u8], key: &mut Vec<u8>) {
        if self.casefold && self.ignore_whitespace && self.ignore_punctuation {
            // The default, with letters and digits looked up in a table,
            // and every byte written where the next kept one goes: whether
            // it stays is then an addition, not a branch.
            let start = key.len();
            key.resize(start + text.len(), 0);
            let out = &mut key[start..];
            let mut kept = 0;
            for (i, &b) in text.iter().enumerate() {
                let lower = LOWER_ALNUM[usize::from(b & 0x7F)];
                out[kept] = if lower != 0 { lower } else { b };
                let punctuation = b > b' ' && lower == 0;
                kept += usize::from(lower != 0 || (punctuation && digits_around(text, i)));
            }
            key.truncate(start + kept);
            return;
        }
        for i in 0..text.len() {
            self.ascii_byte_into(text, i, key);
        }
    }

    /// The key of the ASCII byte `text[i]`, its neighbours being
    /// `text[i - 1]` and `text[i + 1]`.
    fn ascii_byte_into(&self, text: &[u8], i: usize, key: &mut Vec<u8>) {
        let b = text[i];
        let keep = if b.is_ascii_alphanumeric() {
            true
        } else if matches!(b, b'\t'..=b'\r' | b' ') {
            !self.ignore_whitespace
        } else {
            // Punctuation between two digits stays: "3.2" is not "32".
            !self.ignore_punctuation || digits_around(text, i)
        };
        if keep {
            key.push(if self.casefold {
                b.to_ascii_lowercase()
            } else {
                b
            });
        }
    }

    /// [`KeyConfig::key`] of any text.
    fn unicode_key_into(&self, text: &str, key: &mut Vec<u8>) {
        let normalized: std::borrow::Cow<'_, str>;
        // Most text is NFKC already, or nearly: Chinese and Japanese text's
        // full-width punctuation maps one character at a time. The quick
        // check (a table lookup per character) tells for the rest, and only
        // what it doubts is decomposed and recomposed.
        let text = if self.nfkc {
            normalized = match quick_nfkc(text) {
                Some(quick) => quick,
                None if is_nfkc_quick(text.chars()) == IsNormalized::Yes => text.into(),
                None => text.nfkc().collect::<String>().into(),
            };
            &normalized
        } else {
            text
        };
        let bytes = text.as_bytes();
        let mut prev: Option<char> = None;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii() {
                // The ASCII rules; a non-ASCII neighbour is never a digit.
                self.ascii_byte_into(bytes, i, key);
                prev = Some(char::from(bytes[i]));
                i += 1;
                continue;
            }
            // A run of letters without case goes in as it is.
            let start = i;
            let mut last = None;
            for c in text[i..].chars() {
                if !cjk_letter(c) {
                    break;
                }
                i += c.len_utf8();
                last = Some(c);
            }
            if i > start {
                key.extend_from_slice(&bytes[start..i]);
                prev = last;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            let keep = if c.is_alphanumeric() {
                true
            } else if c.is_whitespace() {
                !self.ignore_whitespace
            } else {
                // Punctuation between two digits stays: "3.2" is not "32".
                !self.ignore_punctuation
                    || (prev.is_some_and(|p| p.is_ascii_digit())
                        && bytes.get(i).is_some_and(u8::is_ascii_digit))
            };
            prev = Some(c);
            if !keep {
                continue;
            }
            match self.casefold {
                true => fold_case(c, key),
                false => push_char(key, c),
            }
        }
    }
}

/// The NFKC form of `text` when each of its characters has one known
/// without tables and composes with nothing: ASCII, CJK letters and common
/// CJK punctuation stay, full-width ASCII forms and the ideographic space
/// become ASCII, the ellipsis three dots. `None` when another character
/// is present.
fn quick_nfkc(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    let mut mapped: Option<String> = None;
    for (i, c) in text.char_indices() {
        let to = quick_nfkc_char(c)?;
        match (&mut mapped, to) {
            (None, QuickNfkc::Same) => {}
            (None, to) => {
                let mut out = String::with_capacity(text.len());
                out.push_str(&text[..i]);
                to.push(c, &mut out);
                mapped = Some(out);
            }
            (Some(out), to) => to.push(c, out),
        }
    }
    Some(mapped.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned))
}

/// What NFKC makes of one character, when known without tables.
#[derive(Clone, Copy)]
enum QuickNfkc {
    Same,
    Char(char),
    Str(&'static str),
}

impl QuickNfkc {
    fn push(self, c: char, out: &mut String) {
        match self {
            QuickNfkc::Same => out.push(c),
            QuickNfkc::Char(to) => out.push(to),
            QuickNfkc::Str(to) => out.push_str(to),
        }
    }
}

fn quick_nfkc_char(c: char) -> Option<QuickNfkc> {
    Some(match c {
        _ if c.is_ascii() || cjk_letter(c) => QuickNfkc::Same,
        '\u{3001}'..='\u{3029}' | '·' | '—' | '‘' | '’' | '“' | '”' => QuickNfkc::Same,
        '\u{FF01}'..='\u{FF5E}' => QuickNfkc::Char(char::from_u32(c as u32 - 0xFEE0)?),
        '\u{3000}' => QuickNfkc::Char(' '),
        '…' => QuickNfkc::Str("..."),
        _ => return None,
    })
}

/// Whether the bytes either side of `text[i]` are ASCII digits.
fn digits_around(text: &[u8], i: usize) -> bool {
    i > 0 && text[i - 1].is_ascii_digit() && text.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// Each ASCII letter and digit lower-cased; 0 for every other byte.
const LOWER_ALNUM: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Appends `c` as UTF-8.
fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Lower case, and the few full case folds (Unicode CaseFolding.txt, status
/// F and the final sigma) that lower-casing alone leaves apart.
fn fold_case(c: char, out: &mut Vec<u8>) {
    match c {
        'ß' | 'ẞ' => out.extend_from_slice(b"ss"),
        'ς' => push_char(out, 'σ'),
        'ﬀ' => out.extend_from_slice(b"ff"),
        _ => c.to_lowercase().for_each(|l| push_char(out, l)),
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

    #[test]
    fn quick_nfkc_is_nfkc() {
        use unicode_normalization::char::canonical_combining_class;
        let all = || (0..=0x10FFFF).filter_map(char::from_u32);
        let mut checked = 0;
        for c in all() {
            let Some(to) = quick_nfkc_char(c) else {
                continue;
            };
            let mut quick = String::new();
            to.push(c, &mut quick);
            assert_eq!(quick, c.to_string().nfkc().collect::<String>(), "{c:?}");
            // Nothing in the result composes with a neighbour, so the NFKC
            // of a text is that of each of its characters in turn.
            for q in quick.chars() {
                assert_eq!(
                    is_nfkc_quick(std::iter::once(q)),
                    IsNormalized::Yes,
                    "{c:?}"
                );
                assert_eq!(canonical_combining_class(q), 0, "{c:?}");
            }
            checked += 1;
        }
        assert!(checked > 20_000);
    }

    proptest! {
        #[test]
        fn quick_nfkc_agrees_with_nfkc(text in "[a-zA-Z0-9 ,.\u{4e00}-\u{4e20}\u{3000}-\u{3003}\u{ff01}-\u{ff10}\u{2026}\u{301}\u{309a}]{0,30}") {
            let want: String = text.nfkc().collect();
            if let Some(quick) = quick_nfkc(&text) {
                prop_assert_eq!(quick.as_ref(), want.as_str());
            }
        }

        #[test]
        fn the_fast_paths_agree_with_a_character_at_a_time(
            text in "([\\x00-\\x7f]|[\u{4e00}-\u{4e10}\u{3000}-\u{3003}\u{ff01}-\u{ff5e}\u{2026}\u{301}\u{b2}\u{e9}\u{df}\u{3c2}\u{a0}\u{ac00}\u{ff10}-\u{ff19}]|\\PC){0,40}",
            parts in any::<[bool; 4]>(),
        ) {
            let config = KeyConfig {
                nfkc: parts[0],
                casefold: parts[1],
                ignore_whitespace: parts[2],
                ignore_punctuation: parts[3],
            };
            prop_assert_eq!(config.key(&text), reference_key(&config, &text));
        }
    }

    /// The key as first written: NFKC of the whole text when the quick
    /// check doubts it, then one character at a time.
    fn reference_key(config: &KeyConfig, text: &str) -> String {
        let normalized: String;
        let text = if config.nfkc && is_nfkc_quick(text.chars()) != IsNormalized::Yes {
            normalized = text.nfkc().collect();
            &normalized
        } else {
            text
        };
        let mut key = Vec::new();
        let mut prev: Option<char> = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let keep = if c.is_alphanumeric() {
                true
            } else if c.is_whitespace() {
                !config.ignore_whitespace
            } else {
                !config.ignore_punctuation
                    || (prev.is_some_and(|p| p.is_ascii_digit())
                        && chars.peek().is_some_and(|n| n.is_ascii_digit()))
            };
            prev = Some(c);
            if keep {
                match config.casefold {
                    true => fold_case(c, &mut key),
                    false => push_char(&mut key, c),
                }
            }
        }
        String::from_utf8(key).unwrap()
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
