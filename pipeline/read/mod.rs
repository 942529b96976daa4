//! Reading: walk the input, pick a format reader per file, and turn each
//! record into a [`Document`] or an [`InputError`]. Nothing read is dropped
//! silently: a record that cannot become a document becomes an error row.

mod jsonl;
mod text;
mod walk;

use std::path::{Path, PathBuf};

use crate::config::ReadConfig;
use crate::document::Document;

pub use walk::{InputFile, walk};

/// An input record that could not be read, as a row of the `errors` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Path of the file, relative to the input root.
    pub source: String,
    /// 1-based record number (line for JSON Lines); `None` for the whole file.
    pub record: Option<u64>,
    /// Short machine-readable kind, e.g. `invalid_utf8`, `bad_json`.
    pub kind: String,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl InputError {
    /// An error about `record` of `source`.
    pub fn new(source: &str, record: Option<u64>, kind: &str, message: impl Into<String>) -> Self {
        InputError {
            source: source.to_string(),
            record,
            kind: kind.to_string(),
            message: message.into(),
        }
    }
}

/// One thing a reader yields: a document, or a record it could not read.
#[derive(Debug)]
pub enum Item {
    /// A record decoded into a document.
    Doc(Box<Document>),
    /// A record (or a whole file) that could not be read.
    Error(InputError),
}

/// Reads one file format. Readers stream: they yield records as they read.
pub trait FormatReader: Send + Sync {
    /// Short name recorded in the manifest (`text`, `jsonl`).
    fn name(&self) -> &'static str;
    /// Yields every record of `path`, named `source` in the outputs.
    fn read<'a>(&'a self, path: &'a Path, source: &'a str) -> Box<dyn Iterator<Item = Item> + 'a>;
}

/// Chooses a reader for each file by its extension.
pub struct Readers {
    text: text::TextReader,
    jsonl: jsonl::JsonlReader,
}

impl Readers {
    /// Readers configured with the record field names.
    pub fn new(config: &ReadConfig) -> Self {
        Readers {
            text: text::TextReader,
            jsonl: jsonl::JsonlReader::new(config.clone()),
        }
    }

    /// The reader for `path`, or `None` when scour does not read this format.
    pub fn for_path(&self, path: &Path) -> Option<&dyn FormatReader> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "text" => Some(&self.text),
            "jsonl" | "ndjson" => Some(&self.jsonl),
            _ => None,
        }
    }
}

/// Decodes bytes as UTF-8 (a leading byte-order mark is dropped), or says
/// where the first invalid byte is.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, String> {
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let mut bytes = bytes;
    if had_bom {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to() + if had_bom { 3 } else { 0 };
        format!(
            "not valid UTF-8: invalid byte at offset {offset} (other encodings are not read yet; convert the file to UTF-8)"
        )
    })
}

/// A path shown to the user: relative to the input root, with `/` separators.
pub fn source_name(root: &Path, path: &Path) -> String {
    let rel: PathBuf = match path.strip_prefix(root) {
        Ok(r) if !r.as_os_str().is_empty() => r.to_path_buf(),
        _ => PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
