//! Reading: walk the input, open each file (decompressing gzip and zstd,
//! recognised by their bytes), pick a format reader by the file's name, and
//! turn each record into a [`Document`] or an [`InputError`]. Nothing read
//! is dropped silently: a record that cannot become a document becomes an
//! error row naming the file and the record.

mod compress;
mod csv;
pub mod decode;
mod fields;
mod json;
mod jsonl;
mod parquet;
mod text;
mod walk;
mod wet;

use std::io::BufRead;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::ReadConfig;
use crate::document::Document;
use crate::error::{Result, ScourError};

pub use parquet::frame_row;
pub use walk::{InputFile, walk};

/// An input record that could not be read, as a row of the `errors` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Path of the file, relative to the input root.
    pub source: String,
    /// 1-based record number (line for JSON Lines, row for CSV); `None` for the whole file.
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

/// An opened input file, handed to a format reader.
pub struct Input<'a> {
    /// The file's name in the outputs.
    pub source: &'a str,
    /// Its bytes, decompressed.
    pub reader: Box<dyn BufRead + Send>,
    /// The encoding the config names for this file, if any.
    pub encoding: Option<&'static Encoding>,
}

/// Reads one file format. Readers stream: they yield records as they read.
pub trait FormatReader: Send + Sync {
    /// Short name recorded in the manifest (`text`, `jsonl`, `csv`...).
    fn name(&self) -> &'static str;
    /// Yields every record of the input.
    fn read<'a>(&'a self, input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a>;
}

/// An input file's contents: where to read them, or the bytes themselves.
pub enum FileData<'a> {
    /// A file to open.
    Path(&'a Path),
    /// The file's bytes (compressed or not, as on disk).
    Bytes(Vec<u8>),
}

/// Chooses a reader for each file by its name, and opens it.
pub struct Readers {
    config: ReadConfig,
    text: text::TextReader,
    jsonl: jsonl::JsonlReader,
    json: json::JsonReader,
    csv: csv::CsvReader,
    tsv: csv::CsvReader,
    parquet: parquet::ParquetReader,
    wet: wet::WetReader,
    encodings: Vec<&'static Encoding>,
    encoding_globs: GlobSet,
}

impl Readers {
    /// Readers configured with the record fields, limits and encodings.
    pub fn new(config: &ReadConfig) -> Result<Self> {
        let mut builder = GlobSetBuilder::new();
        let mut encodings = Vec::new();
        for (pattern, label) in &config.encodings {
            let bad = |message: String| ScourError::Config {
                key: format!("read.encodings.\"{pattern}\""),
                message,
            };
            let glob = Glob::new(pattern).map_err(|e| bad(e.to_string()))?;
            let encoding = decode::encoding_for_label(label)
                .ok_or_else(|| bad(format!("unknown encoding {label:?} (use a WHATWG label: gbk, big5, shift_jis, windows-1251...)")))?;
            builder.add(glob);
            encodings.push(encoding);
        }
        let encoding_globs = builder.build().map_err(|e| ScourError::Config {
            key: "read.encodings".into(),
            message: e.to_string(),
        })?;
        Ok(Readers {
            config: config.clone(),
            text: text::TextReader::new(config.clone()),
            jsonl: jsonl::JsonlReader::new(config.clone()),
            json: json::JsonReader::new(config.clone()),
            csv: csv::CsvReader::new(config.clone(), b','),
            tsv: csv::CsvReader::new(config.clone(), b'\t'),
            parquet: parquet::ParquetReader::new(config.clone()),
            wet: wet::WetReader::new(config.clone()),
            encodings,
            encoding_globs,
        })
    }

    /// The reader for a file named `source`, or `None` when scour does not
    /// read its format. A compression suffix (`.gz`, `.zst`) is looked through.
    pub fn for_name(&self, source: &str) -> Option<&dyn FormatReader> {
        let name = compress::inner_name(source).to_ascii_lowercase();
        if name.ends_with(".warc.wet") || name.ends_with(".wet") {
            return Some(&self.wet);
        }
        let ext = Path::new(&name).extension()?.to_str()?.to_string();
        match ext.as_str() {
            "txt" | "md" | "text" | "markdown" => Some(&self.text),
            "jsonl" | "ndjson" => Some(&self.jsonl),
            "json" => Some(&self.json),
            "csv" => Some(&self.csv),
            "tsv" | "tab" => Some(&self.tsv),
            "parquet" => Some(&self.parquet),
            _ => None,
        }
    }

    /// Opens `path` and streams its records through `reader`.
    pub fn read<'a>(
        &'a self,
        reader: &'a dyn FormatReader,
        path: &'a Path,
        source: &'a str,
    ) -> Box<dyn Iterator<Item = Item> + 'a> {
        self.read_data(reader, FileData::Path(path), source)
    }

    /// Streams the records of a file, given by its path or its bytes,
    /// through `reader`.
    pub fn read_data<'a>(
        &'a self,
        reader: &'a dyn FormatReader,
        data: FileData<'_>,
        source: &'a str,
    ) -> Box<dyn Iterator<Item = Item> + 'a> {
        let encoding = self
            .encoding_globs
            .matches(source)
            .first()
            .map(|&i| self.encodings[i]);
        let limit = self.config.max_decompressed_bytes;
        let opened = match data {
            FileData::Path(path) => compress::open(path, limit),
            FileData::Bytes(bytes) => {
                compress::open_reader(Box::new(std::io::Cursor::new(bytes)), limit)
            }
        };
        match opened {
            Ok((stream, _)) => reader.read(Input {
                source,
                reader: stream,
                encoding,
            }),
            Err(e) => {
                let error =
                    InputError::new(source, None, "unreadable", format!("cannot open file: {e}"));
                Box::new(std::iter::once(Item::Error(error)))
            }
        }
    }
}

/// A reader's whole output when the file as a whole fails.
fn file_error<'a>(
    source: &'a str,
    kind: &str,
    message: String,
) -> Box<dyn Iterator<Item = Item> + 'a> {
    Box::new(std::iter::once(Item::Error(InputError::new(
        source, None, kind, message,
    ))))
}

/// The `errors` kind of a failed whole-file read: over a size limit, or unreadable.
fn read_error_kind(e: &std::io::Error) -> &'static str {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        "too_large"
    } else {
        "unreadable"
    }
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
