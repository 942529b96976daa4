//! JSON Lines: one document per non-blank line, with configurable fields.
//! Lines are read one at a time, each at most `read.max_document_bytes`.

use std::io::BufRead;

use serde_json::Value;

use super::decode::{Decoded, decode};
use super::{FormatReader, Input, InputError, Item, fields};
use crate::config::ReadConfig;

/// Reads `.jsonl` / `.ndjson` files line by line, never the whole file.
pub struct JsonlReader {
    config: ReadConfig,
}

impl JsonlReader {
    /// A reader taking the text, id, url and title from the configured fields.
    pub fn new(config: ReadConfig) -> Self {
        JsonlReader { config }
    }

    fn record(&self, input: &Input, line_no: u64, line: &[u8]) -> Option<Item> {
        let source = input.source;
        let err = |kind: &str, msg: String| {
            Some(Item::Error(InputError::new(
                source,
                Some(line_no),
                kind,
                msg,
            )))
        };
        // JSON is UTF-8 (RFC 8259) unless the config names the file's encoding.
        let decoded = match input.encoding {
            Some(encoding) => decode(line, Some(encoding)),
            None => match std::str::from_utf8(line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)) {
                Ok(text) => Decoded {
                    text: text.to_string(),
                    encoding: "utf-8".into(),
                    replaced: 0,
                },
                Err(e) => {
                    let msg = format!(
                        "line {line_no}: not valid UTF-8 (invalid byte at column {}); name the file's encoding in read.encodings",
                        e.valid_up_to() + 1
                    );
                    return err("invalid_utf8", msg);
                }
            },
        };
        if let Some(wrong) = decoded.strict_error() {
            return err("invalid_utf8", format!("line {line_no}: {wrong}"));
        }
        if decoded.text.trim().is_empty() {
            return None;
        }
        let value: Value = match serde_json::from_str(&decoded.text) {
            Ok(v) => v,
            Err(e) => return err("bad_json", format!("line {line_no}: malformed JSON: {e}")),
        };
        let Value::Object(obj) = value else {
            return err(
                "bad_record",
                format!(
                    "line {line_no}: a record must be a JSON object, found {}",
                    fields::json_type(&value)
                ),
            );
        };
        match fields::to_document(source, line_no, obj, &self.config) {
            Item::Doc(mut doc) => {
                doc.encoding = decoded.encoding;
                Some(Item::Doc(doc))
            }
            error => Some(error),
        }
    }
}

/// Reads one line of at most `max` bytes into `buf` (newline dropped).
/// Returns `Ok(None)` at the end, `Ok(Some(false))` when the line was too
/// long (the rest of it is skipped).
fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let n = std::io::Read::take(&mut *reader, max + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(true));
    }
    if buf.len() as u64 > max {
        // Skip the rest of the long line without holding it.
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match memchr::memchr(b'\n', chunk) {
                Some(i) => {
                    reader.consume(i + 1);
                    break;
                }
                None => {
                    let len = chunk.len();
                    reader.consume(len);
                }
            }
        }
        return Ok(Some(false));
    }
    Ok(Some(true))
}

impl FormatReader for JsonlReader {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn read<'a>(&'a self, mut input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a> {
        let mut line_no = 0u64;
        let mut failed = false;
        let mut buf = Vec::new();
        let max = self.config.max_document_bytes;
        Box::new(std::iter::from_fn(move || {
            while !failed {
                match read_line(&mut input.reader, &mut buf, max) {
                    Ok(None) => return None,
                    Ok(Some(fits)) => {
                        line_no += 1;
                        if !fits {
                            let msg = format!(
                                "line {line_no}: longer than the limit of {max} bytes (read.max_document_bytes)"
                            );
                            return Some(Item::Error(InputError::new(
                                input.source,
                                Some(line_no),
                                "too_large",
                                msg,
                            )));
                        }
                        if let Some(item) = self.record(&input, line_no, &buf) {
                            return Some(item);
                        }
                    }
                    Err(e) => {
                        failed = true;
                        let msg = format!("reading stopped after line {line_no}: {e}");
                        return Some(Item::Error(InputError::new(
                            input.source,
                            None,
                            "unreadable",
                            msg,
                        )));
                    }
                }
            }
            None
        }))
    }
}
