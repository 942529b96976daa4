//! `manifest.json`: what a run read, did and wrote.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputRecord {
    /// Path relative to the input root.
    pub path: String,
    /// Format reader used, or `skipped`.
    pub format: String,
    /// Why the file was not read, when it was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// xxh3-128 of the file's bytes.
    pub xxh3: String,
    /// Records read as documents.
    pub records: u64,
    /// Records (or the whole file) that became `errors` rows.
    pub errors: u64,
}

/// One output file.
#[derive(Debug, Clone, Serialize)]
pub struct OutputRecord {
    /// Table name.
    pub table: String,
    /// File name inside the output folder.
    pub file: String,
    /// Rows in the table.
    pub rows: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// xxh3-128 of the file's bytes.
    pub xxh3: String,
}

/// Removals of one reason.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReasonCount {
    /// Family of the rule.
    pub kind: String,
    /// Lines (or documents, for document-level reasons) removed.
    pub rows: u64,
    /// Characters removed (of the input lines; of the cleaned text for documents).
    pub chars: u64,
}

/// Counts that add up: `records = documents + documents_dropped + record_errors`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Input files found.
    pub files: u64,
    /// Files not read because scour does not read their format.
    pub files_skipped: u64,
    /// Records read from the files, whether they became documents or errors.
    pub records: u64,
    /// Documents kept (rows of `documents`).
    pub documents: u64,
    /// Documents dropped whole (rows of `removed` with no block).
    pub documents_dropped: u64,
    /// Rows of `errors`.
    pub errors: u64,
    /// Of the errors, those about a record (a document that could not be read).
    pub record_errors: u64,
    /// Non-blank input lines of the documents read.
    pub blocks: u64,
    /// Of those, lines kept in a kept document.
    pub blocks_kept: u64,
    /// Of those, lines removed by a rule (rows of `removed` with a block).
    pub blocks_removed: u64,
}

/// The manifest of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// scour's version.
    pub scour_version: String,
    /// The effective configuration (everything that shapes the output).
    pub config: Config,
    /// Options of the run that do not change the output.
    pub run: BTreeMap<String, serde_json::Value>,
    /// Every input file, in corpus order.
    pub inputs: Vec<InputRecord>,
    /// Totals.
    pub counts: Counts,
    /// Removals by reason (rule id).
    pub removed_by_reason: BTreeMap<String, ReasonCount>,
    /// Milliseconds per stage, summed over batches, and the run's wall-clock
    /// total. With more than one thread the stages overlap, so they may add
    /// up to more than the total.
    pub timings_ms: BTreeMap<String, u64>,
    /// What the corpus-wide stages held: distinct hashes, near-duplicate
    /// clusters, files spilled to disk.
    pub stage_stats: BTreeMap<String, u64>,
    /// Every output file.
    pub outputs: Vec<OutputRecord>,
}

impl Manifest {
    /// The manifest of a run about to start: its config and run options,
    /// everything else empty.
    pub fn new(config: Config, run: BTreeMap<String, serde_json::Value>) -> Manifest {
        Manifest {
            scour_version: env!("CARGO_PKG_VERSION").to_string(),
            config,
            run,
            inputs: Vec::new(),
            counts: Default::default(),
            removed_by_reason: BTreeMap::new(),
            timings_ms: BTreeMap::new(),
            stage_stats: BTreeMap::new(),
            outputs: Vec::new(),
        }
    }
}

/// The size and xxh3-128 (as the manifest writes it) of a file, read in
/// 1 MiB pieces: inputs and output tables may be far larger than memory.
pub fn hash_file(path: &std::path::Path) -> std::io::Result<(u64, String)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let (mut buf, mut bytes) = (vec![0u8; 1 << 20], 0u64);
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok((bytes, format!("{:032x}", hasher.digest128())));
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
}
