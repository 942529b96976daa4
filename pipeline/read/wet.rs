//! Common Crawl WET files (WARC records holding the text crawlers
//! extracted): one document per `conversion` record, with its URL and date.
//! A record with a broken header becomes an error row naming its byte
//! offset, and reading resumes at the next record.

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

use super::decode::decode;
use super::{FormatReader, Input, InputError, Item};
use crate::config::ReadConfig;
use crate::document::Document;

/// Reads `.warc.wet` files.
pub struct WetReader {
    config: ReadConfig,
}

impl WetReader {
    /// A reader with these limits.
    pub fn new(config: ReadConfig) -> Self {
        WetReader { config }
    }
}

/// Where a WET stream stands.
struct Stream<'a> {
    input: Input<'a>,
    offset: u64,
    record: u64,
    line: Vec<u8>,
    /// A `WARC/` line already read while resynchronising.
    pending_start: bool,
    done: bool,
}

impl Stream<'_> {
    fn read_line(&mut self) -> std::io::Result<bool> {
        self.line.clear();
        let n = (&mut self.input.reader)
            .take(1 << 20)
            .read_until(b'\n', &mut self.line)?;
        self.offset += n as u64;
        Ok(n > 0)
    }

    fn trimmed(&self) -> &[u8] {
        self.line
            .strip_suffix(b"\n")
            .map_or(&self.line[..], |l| l.strip_suffix(b"\r").unwrap_or(l))
    }

    /// Skips to the next line that starts a record.
    fn resync(&mut self) -> std::io::Result<()> {
        while self.read_line()? {
            if self.line.starts_with(b"WARC/") {
                self.pending_start = true;
                return Ok(());
            }
        }
        Ok(())
    }
}

impl WetReader {
    /// The next record's item, `None` at the end.
    fn next(&self, s: &mut Stream) -> Option<Item> {
        loop {
            if s.done {
                return None;
            }
            match self.record(s) {
                Ok(Some(item)) => return Some(item),
                Ok(None) if s.done => return None,
                Ok(None) => continue,
                Err(e) => {
                    s.done = true;
                    let msg = format!("reading stopped at byte {}: {e}", s.offset);
                    return Some(Item::Error(InputError::new(
                        s.input.source,
                        None,
                        "unreadable",
                        msg,
                    )));
                }
            }
        }
    }

    /// Reads one record; `Ok(None)` for a record that is not a document.
    fn record(&self, s: &mut Stream) -> std::io::Result<Option<Item>> {
        // Find the version line, skipping the blank lines between records.
        if !s.pending_start {
            loop {
                if !s.read_line()? {
                    s.done = true;
                    return Ok(None);
                }
                if !s.trimmed().is_empty() {
                    break;
                }
            }
        }
        s.pending_start = false;
        let start = s.offset - s.line.len() as u64;
        s.record += 1;
        let record = s.record;
        let source = s.input.source;
        let broken = |s: &mut Stream, what: String| -> std::io::Result<Option<Item>> {
            let msg = format!("record {record} at byte {start}: {what}");
            s.resync()?;
            Ok(Some(Item::Error(InputError::new(
                source,
                Some(record),
                "bad_warc",
                msg,
            ))))
        };
        if !s.line.starts_with(b"WARC/") {
            let head =
                String::from_utf8_lossy(&s.trimmed()[..s.trimmed().len().min(40)]).into_owned();
            return broken(
                s,
                format!("expected a WARC/1.0 version line, found {head:?}"),
            );
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            if !s.read_line()? {
                return broken(s, "the file ends inside the record header".into());
            }
            let line = String::from_utf8_lossy(s.trimmed()).into_owned();
            if line.is_empty() {
                break;
            }
            match line.split_once(':') {
                Some((k, v)) => headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string())),
                None => return broken(s, format!("malformed header line {line:?}")),
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return broken(s, "no valid Content-Length header".into());
        };
        if length > self.config.max_document_bytes {
            std::io::copy(
                &mut (&mut s.input.reader).take(length),
                &mut std::io::sink(),
            )?;
            s.offset += length;
            let msg = format!("record {record}: {length} bytes, over read.max_document_bytes");
            return Ok(Some(Item::Error(InputError::new(
                source,
                Some(record),
                "too_large",
                msg,
            ))));
        }
        let mut body = Vec::with_capacity(length as usize);
        let got = (&mut s.input.reader).take(length).read_to_end(&mut body)?;
        s.offset += got as u64;
        if (got as u64) < length {
            s.done = true;
            let msg = format!(
                "record {record} at byte {start}: the file ends after {got} of {length} content bytes"
            );
            return Ok(Some(Item::Error(InputError::new(
                source,
                Some(record),
                "truncated",
                msg,
            ))));
        }
        if header("warc-type").as_deref() != Some("conversion") {
            return Ok(None);
        }
        let decoded = decode(&body, s.input.encoding);
        let mut doc = Document::new(source, record, decoded.text, &decoded.encoding);
        doc.decode_errors = decoded.replaced;
        doc.url = header("warc-target-uri");
        doc.record_id = header("warc-record-id");
        let mut meta = Map::new();
        for (key, name) in [
            ("date", "warc-date"),
            ("refers_to", "warc-refers-to"),
            ("language", "warc-identified-content-language"),
        ] {
            if let Some(v) = header(name) {
                meta.insert(key.into(), Value::String(v));
            }
        }
        doc.metadata = (!meta.is_empty()).then(|| Value::Object(meta).to_string());
        Ok(Some(Item::Doc(Box::new(doc))))
    }
}

impl FormatReader for WetReader {
    fn name(&self) -> &'static str {
        "wet"
    }

    fn read<'a>(&'a self, input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a> {
        let mut stream = Stream {
            input,
            offset: 0,
            record: 0,
            line: Vec::new(),
            pending_start: false,
            done: false,
        };
        Box::new(std::iter::from_fn(move || self.next(&mut stream)))
    }
}
