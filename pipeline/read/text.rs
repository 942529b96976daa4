//! Plain text and Markdown files: one document per file.

use std::path::Path;

use super::{FormatReader, InputError, Item, decode_utf8};
use crate::document::Document;

/// Reads a `.txt` or `.md` file as one document.
pub struct TextReader;

impl FormatReader for TextReader {
    fn name(&self) -> &'static str {
        "text"
    }

    fn read<'a>(&'a self, path: &'a Path, source: &'a str) -> Box<dyn Iterator<Item = Item> + 'a> {
        let item = match std::fs::read(path) {
            Err(e) => Item::Error(InputError::new(
                source,
                None,
                "unreadable",
                format!("cannot read file: {e}"),
            )),
            Ok(bytes) => match decode_utf8(bytes) {
                Ok(text) => Item::Doc(Box::new(Document::new(source, 1, text, "utf-8"))),
                Err(msg) => Item::Error(InputError::new(source, Some(1), "invalid_utf8", msg)),
            },
        };
        Box::new(std::iter::once(item))
    }
}
