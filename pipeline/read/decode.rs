//! Bytes to text: byte-order mark first, then UTF-8, then detection
//! (chardetng) among the legacy encodings of the web, or an encoding the
//! user named for the file. The result says which encoding was used and
//! how many characters could not be decoded.

use encoding_rs::{Encoding, UTF_8};

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text; undecodable bytes became U+FFFD.
    pub text: String,
    /// WHATWG name of the encoding used, lower-cased (`utf-8`, `gbk`, `big5`...).
    pub encoding: String,
    /// Characters that could not be decoded (U+FFFD introduced by decoding).
    pub replaced: usize,
}

impl Decoded {
    /// For inputs that must decode cleanly (JSON): what is wrong, if anything.
    pub fn strict_error(&self) -> Option<String> {
        (self.replaced > 0)
            .then(|| format!("{} bytes are not valid {}", self.replaced, self.encoding))
    }

    /// The share of the text's characters that could not be decoded.
    pub fn replaced_share(&self) -> f64 {
        let chars = self.text.chars().count().max(1);
        self.replaced as f64 / chars as f64
    }
}

/// Invalid sequences tolerated, as a share of the characters, before a
/// file that is mostly UTF-8 is handed to detection instead.
const UTF8_TOLERANCE: f64 = 0.001;

/// Decodes `bytes`. `forced` (from the config) wins over everything but a
/// byte-order mark.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with(encoding, &bytes[bom..]);
    }
    if let Some(encoding) = forced {
        return with(encoding, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: "utf-8".into(),
            replaced: 0,
        };
    }
    // Mostly UTF-8 with a few broken bytes (a truncated scrape, one bad
    // copy-paste) is UTF-8: detection would mis-decode every good character.
    let lossy = with(UTF_8, bytes);
    let multibyte = bytes.iter().filter(|&&b| b >= 0xC0).count();
    if multibyte > lossy.replaced && lossy.replaced_share() <= UTF8_TOLERANCE {
        return lossy;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    with(detector.guess(None, chardetng::Utf8Detection::Allow), bytes)
}

/// Decodes with one encoding, counting replacements.
fn with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let before = count_replacement_bytes(bytes, encoding);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let replaced = text
        .chars()
        .filter(|&c| c == '\u{FFFD}')
        .count()
        .saturating_sub(before);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name().to_ascii_lowercase(),
        replaced,
    }
}

/// U+FFFD characters already present in the input (encoded as UTF-8 in a
/// UTF-8 file): they are text, not decoding failures.
fn count_replacement_bytes(bytes: &[u8], encoding: &'static Encoding) -> usize {
    if encoding != UTF_8 {
        return 0;
    }
    memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count()
}

/// The encoding named `label` (WHATWG labels: `gbk`, `gb18030`, `big5`,
/// `shift_jis`, `windows-1251`, `latin1`...).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_utf8_and_detection() {
        let d = decode(b"\xEF\xBB\xBFhello", None);
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("hello", "utf-8"));
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("héllo".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&bytes, None);
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            ("héllo", "utf-16le")
        );
        let text = "中央网络安全和信息化委员会印发《“十四五”国家信息化规划》,对我国信息化发展作出部署安排。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(&gbk, None);
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "gbk");
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn mostly_utf8_stays_utf8_with_its_broken_bytes_counted() {
        let mut bytes = "Café au lait, crème brûlée. ".repeat(200).into_bytes();
        let at = bytes.iter().position(|&b| b == b' ').unwrap();
        bytes.insert(at, 0xFF);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.replaced, 1);
        assert!(d.text.contains("crème brûlée"));
    }

    #[test]
    fn forced_encoding_and_existing_replacement_characters() {
        let d = decode("a\u{FFFD}b".as_bytes(), None);
        assert_eq!(d.replaced, 0);
        let d = decode(b"caf\xe9", encoding_for_label("latin1"));
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            ("café", "windows-1252")
        );
    }
}
