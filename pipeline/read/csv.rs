//! CSV and TSV files with a header row: one document per row. Rows stream;
//! quoted fields may hold newlines; each field is decoded on its own.

use encoding_rs::Encoding;
use serde_json::{Map, Value};

use super::decode::decode;
use super::{FormatReader, Input, InputError, Item, fields};
use crate::config::ReadConfig;

/// Reads `.csv` (or, with a tab delimiter, `.tsv`) files.
pub struct CsvReader {
    config: ReadConfig,
    delimiter: u8,
}

impl CsvReader {
    /// A reader for files separated by `delimiter`.
    pub fn new(config: ReadConfig, delimiter: u8) -> Self {
        CsvReader { config, delimiter }
    }
}

fn text_of(bytes: &[u8], encoding: Option<&'static Encoding>) -> String {
    decode(bytes, encoding).text
}

impl FormatReader for CsvReader {
    fn name(&self) -> &'static str {
        if self.delimiter == b'\t' {
            "tsv"
        } else {
            "csv"
        }
    }

    fn read<'a>(&'a self, input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a> {
        let source = input.source;
        let encoding = input.encoding;
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(input.reader);
        let headers: Vec<String> = match reader.byte_headers() {
            Ok(h) => h
                .iter()
                .map(|f| {
                    text_of(f, encoding)
                        .trim_start_matches('\u{feff}')
                        .to_string()
                })
                .collect(),
            Err(e) => {
                let error = InputError::new(
                    source,
                    None,
                    "bad_csv",
                    format!("cannot read the header row: {e}"),
                );
                return Box::new(std::iter::once(Item::Error(error)));
            }
        };
        let mut record = ::csv::ByteRecord::new();
        let mut row = 0u64;
        let mut done = false;
        Box::new(std::iter::from_fn(move || {
            if done {
                return None;
            }
            row += 1;
            match reader.read_byte_record(&mut record) {
                Ok(false) => None,
                Ok(true) => {
                    let obj: Map<String, Value> = headers
                        .iter()
                        .zip(record.iter())
                        .map(|(h, f)| (h.clone(), Value::String(text_of(f, encoding))))
                        .collect();
                    Some(fields::to_document(source, row, obj, &self.config))
                }
                Err(e) => {
                    let line = e
                        .position()
                        .map_or(String::new(), |p| format!(" (line {})", p.line()));
                    if let ::csv::ErrorKind::Io(_) = e.kind() {
                        done = true;
                        let msg = format!("reading stopped at row {row}{line}: {e}");
                        return Some(Item::Error(InputError::new(
                            source,
                            None,
                            "unreadable",
                            msg,
                        )));
                    }
                    let msg = format!("row {row}{line}: {e}");
                    Some(Item::Error(InputError::new(
                        source,
                        Some(row),
                        "bad_csv",
                        msg,
                    )))
                }
            }
        }))
    }
}
