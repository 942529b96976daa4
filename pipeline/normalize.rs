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

/// The non-blank lines of `raw` as normalized blocks. Lines end at `\n`,
/// `\r\n` or a lone `\r`; offsets count characters (Unicode scalar values),
/// as Python and polars slice strings.
pub fn blocks(raw: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut pos = 0usize; // character offset of the current line's start
    let mut rest = raw;
    while !rest.is_empty() {
        let (line, term_len, term_chars) = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => (&rest[..i], i + 2, 2),
            Some(i) => (&rest[..i], i + 1, 1),
            None => (rest, rest.len(), 0),
        };
        let chars = line.chars().count();
        let text = normalize_line(line);
        if !text.is_empty() {
            out.push(Block::new(text, pos, pos + chars));
        }
        pos += chars + term_chars;
        rest = &rest[term_len..];
    }
    out
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
    if line.is_ascii() {
        normalize_ascii(line)
    } else {
        normalize_unicode(line)
    }
}

/// [`normalize_line`] of any line.
fn normalize_unicode(line: &str) -> String {
    let repaired = repair_mojibake(line);
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    // Most lines are NFC already, and the quick check (a table lookup per
    // character) costs far less than decomposing and recomposing them.
    let is_nfc = repaired.is_ascii() || is_nfc_quick(repaired.chars()) == IsNormalized::Yes;
    let chars: Box<dyn Iterator<Item = char>> = if is_nfc {
        Box::new(repaired.chars())
    } else {
        Box::new(repaired.nfc())
    };
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// [`normalize_line`] of an ASCII line, byte by byte: nothing to repair or
/// compose, and no invisible characters; the same rules for spaces
/// (`char::is_whitespace`: tab to carriage return, and space) and controls.
/// Most lines of the web are ASCII, and this is several times faster.
fn normalize_ascii(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for &b in line.as_bytes() {
        match b {
            b'\t'..=b'\r' | b' ' => pending_space = !out.is_empty(),
            0..=31 | 127 => {}
            _ => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(char::from(b));
            }
        }
    }
    out
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

/// Repairs UTF-8 sequences that were decoded one byte per character:
/// wherever consecutive characters stand for the bytes of one valid UTF-8
/// character, they become that character. Genuine Latin-1 text ("café")
/// never forms such sequences and is left alone.
pub fn repair_mojibake(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
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
            let bytes: Option<Vec<u8>> = chars[i..i + len]
                .iter()
                .map(|&c| as_cp1252_byte(c))
                .collect();
            if let Some(Ok(fixed)) = bytes.as_deref().map(std::str::from_utf8) {
                out.push_str(fixed);
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
        fn the_ascii_path_agrees_with_the_unicode_path(line in "[\\x00-\\x7f]{0,60}") {
            prop_assert_eq!(normalize_ascii(&line), normalize_unicode(&line));
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
