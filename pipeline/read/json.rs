//! JSON files: an array of records (one document each), or one record.

use serde_json::Value;

use super::decode::decode;
use super::{FormatReader, Input, InputError, Item, compress, fields, file_error, read_error_kind};
use crate::config::ReadConfig;

/// Reads a `.json` file. The file is parsed whole, so it is bounded by
/// `read.max_document_bytes`; large collections belong in JSON Lines.
pub struct JsonReader {
    config: ReadConfig,
}

impl JsonReader {
    /// A reader with these fields and limits.
    pub fn new(config: ReadConfig) -> Self {
        JsonReader { config }
    }
}

impl FormatReader for JsonReader {
    fn name(&self) -> &'static str {
        "json"
    }

    fn read<'a>(&'a self, mut input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a> {
        let source = input.source;
        let fail = |kind: &str, msg: String| file_error(source, kind, msg);
        let bytes = match compress::read_all(&mut input.reader, self.config.max_document_bytes) {
            Ok(b) => b,
            Err(e) => return fail(read_error_kind(&e), format!("cannot read file: {e}")),
        };
        let decoded = decode(&bytes, input.encoding);
        if let Some(wrong) = decoded.strict_error() {
            return fail("invalid_utf8", wrong);
        }
        // serde_json stops at 128 levels of nesting: deep input is an error, not a stack overflow.
        let value: Value = match serde_json::from_str(&decoded.text) {
            Ok(v) => v,
            Err(e) => return fail("bad_json", format!("malformed JSON: {e}")),
        };
        let records = match value {
            Value::Array(items) => items,
            Value::Object(_) => vec![value],
            other => {
                let msg = format!(
                    "expected an array of records or one record, found {}",
                    fields::json_type(&other)
                );
                return fail("bad_record", msg);
            }
        };
        let config = &self.config;
        Box::new(records.into_iter().enumerate().map(move |(i, v)| {
            let record = i as u64 + 1;
            match v {
                Value::Object(obj) => fields::to_document(source, record, obj, config),
                other => Item::Error(InputError::new(
                    source,
                    Some(record),
                    "bad_record",
                    format!(
                        "record {record}: a record must be a JSON object, found {}",
                        fields::json_type(&other)
                    ),
                )),
            }
        }))
    }
}
