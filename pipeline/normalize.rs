//! Normalization: the raw text becomes blocks, one per non-blank line, each
//! NFC-normalized with its whitespace tidied and its raw offsets kept.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::document::{Block, Document};
use crate::stage::DocStage;

/// Splits the raw text into normalized blocks.
pub struct Normalize;

impl DocStage for Normalize {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn apply(&self, doc: &mut Document) {
        let raw = std::mem::take(&mut doc.raw);
        doc.blocks = blocks(&raw);
    }
}

/// The non-blank lines of `raw` as normalized blocks, with their offsets
/// from [`raw_lines`].
pub fn blocks(raw: &str) -> Vec<Block> {
    raw_lines(raw)
        .filter_map(|(line, start, end)| {
            let text = normalize_line(line);
            (!text.is_empty()).then(|| Block::new(text, start, end))
        })
        .collect()
}

/// Every line of `raw` with the character offsets of its start and end
/// (terminator excluded). Lines end at `\n`, `\r\n` or a lone `\r`;
/// offsets count characters (Unicode scalar values), as Python and polars
/// slice strings.
pub fn raw_lines(raw: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    let mut pos = 0usize; // character offset of the current line's start
    let mut rest = raw;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, term_len, term_chars) = match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) if rest[i..].starts_with("\r\n") => (&rest[..i], i + 2, 2),
            Some(i) => (&rest[..i], i + 1, 1),
            None => (rest, rest.len(), 0),
        };
        let chars = line.chars().count();
        let start = pos;
        pos += chars + term_chars;
        rest = &rest[term_len..];
        Some((line, start, start + chars))
    })
}

/// Characters that change nothing visible and only break matching: zero-width
/// space and no-break, soft hyphen, byte-order mark, and the bidirectional
/// marks, embeddings and isolates. ZWJ and ZWNJ stay: emoji and several
/// scripts need them.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{00AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// NFC, every kind of space folded to one ASCII space, control and
/// zero-width characters dropped, trimmed; UTF-8 that was decoded as
/// Latin-1 or windows-1252 somewhere upstream ("Todayâ\u{80}\u{99}s",
/// "donâ€™t") repaired first.
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    if line.is_ascii() {
        // Nothing to repair or compose.
        tidy_str(line, &mut out);
        return out;
    }
    let repaired = repair_mojibake(line);
    // Most lines are NFC already, and the checks (a range test per
    // character, then a table lookup when that is not enough) cost far less
    // than decomposing and recomposing them.
    let is_nfc =
        repaired.chars().all(nfc_stable) || is_nfc_quick(repaired.chars()) == IsNormalized::Yes;
    if is_nfc {
        tidy_str(&repaired, &mut out);
    } else {
        tidy(repaired.nfc(), &mut out);
    }
    out
}

/// Appends `chars` with every run of spaces one ASCII space, controls and
/// invisible characters dropped, trimmed.
fn tidy(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if dropped(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
}

/// [`tidy`] of a string, copying the runs between spaces and dropped
/// characters whole rather than a character at a time; printable ASCII, most
/// of the text, is passed over a byte at a time.
fn tidy_str(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut pending_space = false;
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let printable = |j: usize| bytes.get(j).is_some_and(|b| (b'!'..=b'~').contains(b));
        let (kept, space, len) = match bytes[i] {
            b'!'..=b'~' => (true, false, 1),
            // One space between two printable characters stays as it is,
            // so that the run goes on across the words of a sentence.
            b' ' if run.is_some() && printable(i + 1) => (true, false, 1),
            _ => match text[i..].chars().next() {
                Some(c) => {
                    let space = c.is_whitespace();
                    (!space && !dropped(c), space, c.len_utf8())
                }
                None => break,
            },
        };
        if kept {
            if run.is_none() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                run = Some(i);
            }
        } else {
            if let Some(start) = run.take() {
                out.push_str(&text[start..i]);
            }
            if space {
                pending_space = !out.is_empty();
            }
        }
        i += len;
    }
    if let Some(start) = run {
        out.push_str(&text[start..]);
    }
}

/// Controls and invisible characters: gone from a normalized line.
pub(crate) fn dropped(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Characters that NFC leaves alone wherever they stand (quick check Yes,
/// combining class 0): everything before the combining diacritics, most of
/// Greek and Cyrillic, and the common ranges of Chinese, Japanese and
/// Korean text and its punctuation.
/// A line of only these needs no table lookups to be known NFC.
pub(crate) fn nfc_stable(c: char) -> bool {
    c < '\u{300}'
        || cjk_letter(c)
        || matches!(c, '\u{388}'..='\u{3FF}' | '\u{400}'..='\u{482}' | '\u{48A}'..='\u{52F}')
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{3029}' | '\u{FF01}'..='\u{FF5E}')
}

/// CJK unified ideographs, Hangul syllables, hiragana and katakana: letters
/// without case that NFC and NFKC leave alone wherever they stand.
pub(crate) fn cjk_letter(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
}

/// The byte a character stood for when UTF-8 bytes were decoded as
/// windows-1252 (or Latin-1, whose C1 controls stand for themselves).
fn as_cp1252_byte(c: char) -> Option<u8> {
    match c {
        '\u{80}'..='\u{FF}' => Some(c as u32 as u8),
        _ => {
            let mut buf = [0; 4];
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            (!unmappable && bytes.len() == 1 && bytes[0] >= 0x80).then(|| bytes[0])
        }
    }
}

/// Whether [`repair_mojibake`] might change `line`: a repair needs a lead
/// byte's character followed by a continuation byte's (0x80-0xBF); "café au
/// lait" has a lead ('é') but none after it.
pub(crate) fn may_be_mojibake(line: &str) -> bool {
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if ('\u{C2}'..='\u{F4}').contains(&c)
            && chars
                .peek()
                .and_then(|&n| as_cp1252_byte(n))
                .is_some_and(|b| (0x80..=0xBF).contains(&b))
        {
            return true;
        }
    }
    false
}

/// Leads whose two-byte sequence ending in 0xA0 is an archaic letter
/// ("Ѡ", "Ϡ", "ؠ"): after them a space is a space, not a lost no-break
/// space ("Ñ " is more often "х" whose 0x85 was lost).
const ARCHAIC_A0_LEADS: [char; 3] = ['\u{CF}', '\u{D1}', '\u{D8}'];

/// Repairs UTF-8 sequences that were decoded one byte per character:
/// wherever consecutive characters stand for the bytes of one valid UTF-8
/// character, they become that character. Genuine Latin-1 text ("café")
/// never forms such sequences and is left alone.
pub fn repair_mojibake(line: &str) -> std::borrow::Cow<'_, str> {
    if !may_be_mojibake(line) {
        return std::borrow::Cow::Borrowed(line);
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let len = match chars[i] {
            '\u{C2}'..='\u{DF}' => 2,
            '\u{E0}'..='\u{EF}' => 3,
            '\u{F0}'..='\u{F4}' => 4,
            _ => 0,
        };
        if len > 0 && i + len <= chars.len() {
            // A no-break space (0xA0, a continuation byte) often became a
            // plain space on its way ("ì \u{95}" for "정", "Ã " for "à"):
            // inside a sequence that then decodes, a space stands for it.
            let nbsp =
                |k: usize| k > 0 && chars[i + k] == ' ' && !ARCHAIC_A0_LEADS.contains(&chars[i]);
            let bytes: Option<Vec<u8>> = (0..len)
                .map(|k| match nbsp(k) {
                    true => Some(0xA0),
                    false => as_cp1252_byte(chars[i + k]),
                })
                .collect();
            if let Some(Ok(fixed)) = bytes.as_deref().map(std::str::from_utf8) {
                out.push_str(fixed);
                // The space may have been a word's end as well ("Ã  la"
                // collapsed to "Ã la"): it stays before a plain word.
                let next = chars.get(i + len);
                if nbsp(len - 1) && next.is_some_and(|&n| !('\u{C2}'..='\u{F4}').contains(&n)) {
                    out.push(' ');
                }
                i += len;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn copying_runs_agrees_with_a_character_at_a_time(
            line in "([\\x00-\\x7f]|[ \u{a0}\u{3000}\u{200b}\u{feff}\u{85}\u{9f}]|\\PC){0,60}",
        ) {
            let (mut runs, mut chars) = (String::new(), String::new());
            tidy_str(&line, &mut runs);
            tidy(line.chars(), &mut chars);
            prop_assert_eq!(runs, chars);
        }
    }

    #[test]
    fn the_stable_ranges_need_no_normalization() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::is_nfkc_quick;
        let all = || (0..=0x10FFFF).filter_map(char::from_u32);
        for c in all().filter(|&c| nfc_stable(c)) {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
        for c in all().filter(|&c| cjk_letter(c)) {
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert!(c.is_alphanumeric() && !c.is_whitespace(), "{c:?}");
            assert_eq!(c.to_lowercase().to_string(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn offsets_point_at_raw_lines() {
        let raw = "Titre\r\n\r\n\u{a0}\nbody  text\u{3000}here\rlast";
        let b = blocks(raw);
        let texts: Vec<_> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Titre", "body text here", "last"]);
        let chars: Vec<char> = raw.chars().collect();
        for block in &b {
            let span: String = chars[block.raw_start..block.raw_end].iter().collect();
            assert_eq!(normalize_line(&span), block.text);
        }
    }

    #[test]
    fn mojibake_is_repaired_and_latin1_left_alone() {
        assert_eq!(
            normalize_line("Today\u{e2}\u{80}\u{99}s Paper"),
            "Today\u{2019}s Paper"
        );
        assert_eq!(normalize_line("don\u{e2}\u{20ac}\u{2122}t"), "don\u{2019}t");
        assert_eq!(
            normalize_line("caf\u{c3}\u{a9} and caf\u{e9}"),
            "caf\u{e9} and caf\u{e9}"
        );
        // A no-break space that became a space inside a sequence.
        assert_eq!(
            normalize_line(
                "[\u{ec}\u{97}\u{94}\u{ed}\u{84}\u{b0}=\u{ec} \u{95}\u{eb}\u{8d}\u{95}]"
            ),
            "[\u{c5d4}\u{d130}=\u{c815}\u{b355}]"
        );
        assert_eq!(
            normalize_line("d\u{c3}\u{a9}j\u{c3} la \u{c3}\u{a9}t\u{c3}\u{a9}"),
            "déjà la été"
        );
        assert_eq!(
            normalize_line("\u{d0} \u{d0}\u{b8}\u{d0}\u{ba} \u{d1}\u{8b}\u{d1} \u{d0}\u{b3}"),
            "\u{420}\u{438}\u{43a} \u{44b}\u{d1} \u{433}"
        );
        for fine in [
            "café crème",
            "SÃO PAULO",
            "Ångström",
            "naïve façade",
            "© 2024",
        ] {
            assert_eq!(normalize_line(fine), fine);
        }
    }

    #[test]
    fn nfc_and_controls() {
        assert_eq!(
            normalize_line("e\u{301}t\u{e9}\u{7}\u{200b}"),
            "\u{e9}t\u{e9}"
        );
        assert_eq!(normalize_line("  a\t\tb  "), "a b");
    }
}
