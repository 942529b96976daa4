//! Structured records (JSON Lines, JSON, CSV, Parquet rows) to documents:
//! the text, id, url and title come from configurable fields; every other
//! field is kept, as a JSON object, in the document's `metadata`.

use serde_json::{Map, Value};

use super::{InputError, Item};
use crate::config::ReadConfig;
use crate::document::Document;
use crate::normalize::normalize_line;

/// Builds the document of record `record` of `source` from its fields.
pub fn to_document(
    source: &str,
    record: u64,
    mut obj: Map<String, Value>,
    config: &ReadConfig,
) -> Item {
    let err =
        |kind: &str, msg: String| Item::Error(InputError::new(source, Some(record), kind, msg));
    let Some(field) = config
        .text_fields
        .iter()
        .find(|f| obj.contains_key(f.as_str()))
    else {
        let names = config
            .text_fields
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ");
        return err(
            "missing_field",
            format!("record {record}: no text field (looked for {names}; set read.text_fields)"),
        );
    };
    let field = field.clone();
    let text = match obj.remove(&field) {
        Some(Value::String(s)) => s,
        Some(other) => {
            return err(
                "bad_field",
                format!(
                    "record {record}: field \"{field}\" must be a string, found {}",
                    json_type(&other)
                ),
            );
        }
        None => unreachable!("the field was found above"),
    };
    if text.len() as u64 > config.max_document_bytes {
        return err(
            "too_large",
            format!(
                "record {record}: text of {} bytes is over the limit of {} (read.max_document_bytes)",
                text.len(),
                config.max_document_bytes
            ),
        );
    }
    let mut doc = Document::new(source, record, text, "utf-8");
    doc.record_id = obj
        .remove(&config.id_field)
        .as_ref()
        .and_then(scalar_string);
    doc.url = obj
        .remove(&config.url_field)
        .as_ref()
        .and_then(scalar_string);
    if let Some(title) = obj.remove(&config.title_field) {
        doc.title_from_record = true;
        doc.title = scalar_string(&title)
            .map(|t| normalize_line(&t))
            .filter(|t| !t.is_empty());
    }
    if !obj.is_empty() {
        doc.metadata = Some(Value::Object(obj).to_string());
    }
    Item::Doc(Box::new(doc))
}

/// A string or number field as a string; anything else is not usable.
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The JSON type of a value, in words.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
