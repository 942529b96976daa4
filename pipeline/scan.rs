//! `scour scan`: read every input file as a run would, and count what came
//! out (records, encodings, formats, errors) without processing or writing
//! anything. A quick check of a folder before a long run, and the measure
//! of reading alone in `make bench`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::config::ReadConfig;
use crate::error::{Result, ScourError};
use crate::read::{InputError, Item, Readers, walk};

/// Errors kept one by one in the result; the rest are only counted.
const MAX_LISTED_ERRORS: usize = 20;

/// What reading an input gave.
#[derive(Debug, Default, Serialize)]
pub struct Scan {
    /// Files found.
    pub files: u64,
    /// Files not read (format scour does not read, or not a regular file).
    pub files_skipped: u64,
    /// Bytes of the files read, as stored (compressed or not).
    pub bytes: u64,
    /// Records read as documents.
    pub records: u64,
    /// UTF-8 bytes of their decoded text.
    pub text_bytes: u64,
    /// Records (or whole files) that would be errors rows.
    pub errors: u64,
    /// Documents per encoding used.
    pub encodings: BTreeMap<String, u64>,
    /// Files per reader.
    pub formats: BTreeMap<String, u64>,
    /// Errors per kind.
    pub error_kinds: BTreeMap<String, u64>,
    /// The first errors, as `source record N: message`.
    pub first_errors: Vec<String>,
}

impl Scan {
    fn error(&mut self, e: &InputError) {
        self.errors += 1;
        *self.error_kinds.entry(e.kind.clone()).or_default() += 1;
        if self.first_errors.len() < MAX_LISTED_ERRORS {
            self.first_errors.push(match e.record {
                Some(n) => format!("{} record {n}: {}", e.source, e.message),
                None => format!("{}: {}", e.source, e.message),
            });
        }
    }
}

/// Reads everything below `input` with `config`, in corpus order.
pub fn scan(input: &Path, config: &ReadConfig) -> Result<Scan> {
    let readers = Readers::new(config)?;
    let (files, walk_errors) = walk(input).map_err(|source| ScourError::Input {
        path: input.to_path_buf(),
        source,
    })?;
    let mut scan = Scan::default();
    for e in &walk_errors {
        scan.error(e);
    }
    for file in files {
        scan.files += 1;
        let reader = match (&file.skip, readers.for_name(&file.source)) {
            (None, Some(reader)) => reader,
            _ => {
                scan.files_skipped += 1;
                continue;
            }
        };
        *scan.formats.entry(reader.name().to_string()).or_default() += 1;
        scan.bytes += std::fs::metadata(&file.path).map_or(0, |m| m.len());
        for item in readers.read(reader, &file.path, &file.source) {
            match item {
                Item::Doc(doc) => {
                    scan.records += 1;
                    scan.text_bytes += doc.raw.len() as u64;
                    *scan.encodings.entry(doc.encoding.clone()).or_default() += 1;
                }
                Item::Error(e) => scan.error(&e),
            }
        }
    }
    Ok(scan)
}
