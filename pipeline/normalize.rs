//! Normalization: the raw text becomes blocks, one per non-blank line, each
//! NFC-normalized with its whitespace tidied and its raw offsets kept.

use unicode_normalization::UnicodeNormalization;

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
            out.push(Block {
                text,
                raw_start: pos,
                raw_end: pos + chars,
                removed: None,
                role: Default::default(),
                lang: None,
            });
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
/// zero-width characters dropped, trimmed.
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.nfc() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn nfc_and_controls() {
        assert_eq!(
            normalize_line("e\u{301}t\u{e9}\u{7}\u{200b}"),
            "\u{e9}t\u{e9}"
        );
        assert_eq!(normalize_line("  a\t\tb  "), "a b");
    }
}
