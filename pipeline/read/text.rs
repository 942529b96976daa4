//! Plain text and Markdown files: one document per file, in any encoding.

use super::decode::decode;
use super::{FormatReader, Input, InputError, Item, compress, read_error_kind};
use crate::config::ReadConfig;
use crate::document::Document;

/// Reads a `.txt` or `.md` file as one document.
pub struct TextReader {
    config: ReadConfig,
}

impl TextReader {
    /// A reader with these limits.
    pub fn new(config: ReadConfig) -> Self {
        TextReader { config }
    }
}

/// Magic numbers of formats that are sometimes saved under a text name.
const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"RIFF", "a RIFF (WebP, WAV or AVI) file"),
    (b"PAR1", "a Parquet file"),
];

/// What the bytes are when they are plainly not text: a known binary
/// format, or many NUL bytes without a UTF-16 byte-order mark.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, what)) = BINARY_MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(what);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let nuls = head.iter().filter(|&&b| b == 0).count();
    (!utf16 && nuls * 100 > head.len()).then_some("binary data (NUL bytes)")
}

/// Decodes one record's bytes into a document, or says why it cannot.
pub fn document(
    source: &str,
    record: u64,
    bytes: &[u8],
    input: &Input,
    config: &ReadConfig,
) -> Item {
    if let Some(what) = binary_kind(bytes) {
        let msg = format!("not text: the bytes look like {what}");
        return Item::Error(InputError::new(source, Some(record), "not_text", msg));
    }
    let decoded = decode(bytes, input.encoding);
    if decoded.replaced > 0 && decoded.replaced_share() > config.max_undecodable_share {
        let msg = format!(
            "{} of {} characters could not be decoded as {} (over read.max_undecodable_share = {}); name the file's encoding in read.encodings",
            decoded.replaced,
            decoded.text.chars().count(),
            decoded.encoding,
            config.max_undecodable_share
        );
        return Item::Error(InputError::new(source, Some(record), "undecodable", msg));
    }
    let mut doc = Document::new(source, record, decoded.text, &decoded.encoding);
    doc.decode_errors = decoded.replaced;
    Item::Doc(Box::new(doc))
}

impl FormatReader for TextReader {
    fn name(&self) -> &'static str {
        "text"
    }

    fn read<'a>(&'a self, mut input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a> {
        let item = match compress::read_all(&mut input.reader, self.config.max_document_bytes) {
            Err(e) => Item::Error(InputError::new(
                input.source,
                Some(1),
                read_error_kind(&e),
                format!("cannot read file: {e}"),
            )),
            Ok(bytes) => document(input.source, 1, &bytes, &input, &self.config),
        };
        Box::new(std::iter::once(item))
    }
}
