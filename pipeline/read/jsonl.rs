//! JSON Lines: one document per non-blank line, with configurable fields.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;

use super::{FormatReader, InputError, Item, decode_utf8};
use crate::config::ReadConfig;
use crate::document::Document;
use crate::normalize::normalize_line;

/// Reads `.jsonl` / `.ndjson` files line by line, never the whole file.
pub struct JsonlReader {
    fields: ReadConfig,
}

impl JsonlReader {
    /// A reader taking the text, id, url and title from these fields.
    pub fn new(fields: ReadConfig) -> Self {
        JsonlReader { fields }
    }

    fn record(&self, source: &str, line_no: u64, line: Vec<u8>) -> Option<Item> {
        let err = |kind: &str, msg: String| {
            Some(Item::Error(InputError::new(
                source,
                Some(line_no),
                kind,
                msg,
            )))
        };
        let line = match decode_utf8(line) {
            Ok(l) => l,
            Err(msg) => return err("invalid_utf8", format!("line {line_no}: {msg}")),
        };
        if line.trim().is_empty() {
            return None;
        }
        let value: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => return err("bad_json", format!("line {line_no}: malformed JSON: {e}")),
        };
        let Value::Object(mut obj) = value else {
            return err(
                "bad_record",
                format!("line {line_no}: a record must be a JSON object"),
            );
        };
        let f = &self.fields;
        let text = match obj.remove(&f.text_field) {
            Some(Value::String(s)) => s,
            Some(other) => {
                return err(
                    "bad_field",
                    format!(
                        "line {line_no}: field \"{}\" must be a string, found {}",
                        f.text_field,
                        json_type(&other)
                    ),
                );
            }
            None => {
                return err(
                    "missing_field",
                    format!(
                        "line {line_no}: no \"{}\" field holding the text",
                        f.text_field
                    ),
                );
            }
        };
        let mut doc = Document::new(source, line_no, text, "utf-8");
        doc.record_id = obj.get(&f.id_field).and_then(scalar_string);
        doc.url = obj.get(&f.url_field).and_then(scalar_string);
        if let Some(title) = obj.get(&f.title_field) {
            doc.title_from_record = true;
            doc.title = scalar_string(title)
                .map(|t| normalize_line(&t))
                .filter(|t| !t.is_empty());
        }
        Some(Item::Doc(Box::new(doc)))
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl FormatReader for JsonlReader {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn read<'a>(&'a self, path: &'a Path, source: &'a str) -> Box<dyn Iterator<Item = Item> + 'a> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                let error =
                    InputError::new(source, None, "unreadable", format!("cannot open file: {e}"));
                return Box::new(std::iter::once(Item::Error(error)));
            }
        };
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut line_no = 0u64;
        let mut failed = false;
        Box::new(std::iter::from_fn(move || {
            loop {
                if failed {
                    return None;
                }
                let mut buf = Vec::new();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => return None,
                    Ok(_) => {
                        line_no += 1;
                        if let Some(item) = self.record(source, line_no, buf) {
                            return Some(item);
                        }
                    }
                    Err(e) => {
                        failed = true;
                        let msg = format!("read failed after line {line_no}: {e}");
                        return Some(Item::Error(InputError::new(
                            source,
                            None,
                            "unreadable",
                            msg,
                        )));
                    }
                }
            }
        }))
    }
}
