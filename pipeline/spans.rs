//! `scour dedup`: repeated paragraphs found and listed, and nothing else.
//!
//! The input is read as a run reads it and split into its non-blank lines,
//! a run's blocks, with the same numbering and character offsets. Each line
//! long enough to count (`dedup.min_paragraph_bytes`) is keyed as a run
//! keys a paragraph (`dedup.key`). A line whose key came before, in its own
//! document or an earlier one in corpus order, is a row of `duplicates`
//! naming the first occurrence; every document read is a row of `records`.
//!
//! No cleaning, sections, languages or document dedup: this is the
//! counterpart of dolma's paragraph dedup (duplicate spans, the text left
//! alone), for pipelines that clean elsewhere. It costs a fraction of a run.
//! Memory holds one entry per distinct line, about 36 bytes (a 16-byte hash
//! and an 8-byte position, document ordinal and line, a control byte, and
//! the free slots of a hash table between 7/16 and 7/8 full), and 8 bytes
//! a document (its id, by ordinal); past `dedup.memory_budget_bytes` the
//! entries spill to disk, with the same output.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::DedupConfig;
use crate::dedup::SpillMap;
use crate::document::Document;
use crate::error::{Result, ScourError};
use crate::normalize::{dropped, may_be_mojibake, nfc_stable, normalize_line, raw_lines};
use crate::pipe::{Step, run_steps};
use crate::progress::Progress;
use crate::read::{Readers, walk};
use crate::run::{
    Flow, ReadLog, Reading, RunOptions, Timings, check_options, parquet_metadata, read_files,
    readable, run_record, thread_pool,
};
use crate::write::schema::DEDUP_TABLES;
use crate::write::{Manifest, Outputs, ReasonCount, Row};

/// The reason of a line whose first occurrence is in the same document.
const IN_DOCUMENT: &str = "dedup.paragraph_in_document";
/// The reason of a line whose first occurrence is in an earlier document.
const ACROSS_CORPUS: &str = "dedup.paragraph_corpus";

/// A non-blank input line: its character span in the decoded text, and
/// its key hash when it is long enough to count.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    start: usize,
    end: usize,
    hash: Option<u128>,
}

/// The non-blank lines of `raw`, numbered, measured and keyed as a run's
/// blocks are (`normalize::blocks`, then the key of each block's text),
/// without building the normalized text of the lines where it changes
/// nothing the key sees (`plain_normalized_len`), when whitespace does not
/// count. Their key is their own, and their normalized length is counted:
/// the bytes of their words and one space between each two.
fn line_keys(raw: &str, config: &DedupConfig) -> Vec<Line> {
    raw_lines(raw)
        .filter_map(|(line, start, end)| {
            let quick = match config.key.ignore_whitespace {
                true => plain_normalized_len(line),
                false => None,
            };
            let (len, text) = match quick {
                Some(len) => (len, std::borrow::Cow::Borrowed(line)),
                None => {
                    let text = normalize_line(line);
                    (text.len(), std::borrow::Cow::Owned(text))
                }
            };
            let hash = (len >= config.min_paragraph_bytes).then(|| config.key.hash(&text));
            (len > 0).then_some(Line { start, end, hash })
        })
        .collect()
}

/// The length of a line once normalized, counted, when normalizing would
/// only tidy its spaces: printable ASCII, whitespace, and characters NFC
/// leaves alone that are neither controls nor invisible, in a line with
/// nothing a mojibake repair would change. `None` for any other line.
fn plain_normalized_len(line: &str) -> Option<usize> {
    if line.is_ascii() {
        return ascii_normalized_len(line.as_bytes());
    }
    let (mut len, mut words, mut in_word) = (0, 0, false);
    let mut checked = false;
    for c in line.chars() {
        let size = match c {
            '!'..='~' => 1,
            '\t'..='\r' | ' ' => 0,
            _ if c.is_ascii() => return None,
            _ if c.is_whitespace() => 0,
            _ if nfc_stable(c) && !dropped(c) => c.len_utf8(),
            _ => return None,
        };
        if !c.is_ascii() && !checked {
            // Once a line, and only for lines that are not ASCII.
            if may_be_mojibake(line) {
                return None;
            }
            checked = true;
        }
        // Whitespace ends a word; any other character is part of one.
        words += usize::from(size > 0 && !in_word);
        in_word = size > 0;
        len += size;
    }
    Some(len + words.saturating_sub(1))
}

/// [`plain_normalized_len`] of an ASCII line, 32 bytes at a time as bit
/// masks, which the compiler turns into vector compares: most lines are
/// ASCII, and a character at a time this cost a tenth of `scour dedup`'s
/// time.
fn ascii_normalized_len(bytes: &[u8]) -> Option<usize> {
    let (mut kept, mut words) = (0, 0);
    // Whether the byte before the chunk is part of a word.
    let mut carry = 0u32;
    let mut controls = 0u32;
    let mut chunks = bytes.chunks_exact(32);
    let mut count = |chunk: &[u8]| {
        let (mut word, mut control) = (0u32, 0u32);
        for (i, &b) in chunk.iter().enumerate() {
            // At or below the space, what is not a control is whitespace;
            // the normalized text drops controls, so those lines go the
            // long way.
            word |= u32::from(b > b' ') << i;
            control |= u32::from(matches!(b, 0..=8 | 0x0E..=0x1F | 0x7F)) << i;
        }
        kept += word.count_ones() as usize;
        words += (word & !((word << 1) | carry)).count_ones() as usize;
        carry = word >> 31;
        controls |= control;
    };
    for chunk in chunks.by_ref() {
        count(chunk);
    }
    count(chunks.remainder());
    (controls == 0).then(|| kept + words.saturating_sub(1))
}

/// A batch on its way: the documents as read, then their lines (and the
/// documents' text gone), then their rows.
struct Batch {
    docs: Vec<Document>,
    lines: Vec<Vec<Line>>,
    records: Vec<Row>,
    duplicates: Vec<Row>,
}

/// The first occurrence of every line key seen, and what was found.
struct Marker {
    config: DedupConfig,
    /// Line key → first document (its ordinal) and line; used when
    /// duplicates across documents count.
    seen: SpillMap<(u32, u32)>,
    /// Each document's id as a number, by ordinal.
    ids: Vec<u64>,
    lines: u64,
    reasons: BTreeMap<String, ReasonCount>,
}

impl Marker {
    fn new(config: DedupConfig) -> Marker {
        Marker {
            seen: SpillMap::new(config.memory_budget_bytes),
            config,
            ids: Vec::new(),
            lines: 0,
            reasons: BTreeMap::new(),
        }
    }

    /// The first occurrence (document ordinal, line) of each of a
    /// document's repeated lines, by line; the document is number `me`.
    fn firsts(&mut self, lines: &[Line], me: u32) -> Result<Vec<(usize, (u32, u32))>> {
        let config = &self.config;
        let mut found = Vec::new();
        // Only within the document: a map of its own lines.
        let mut own: HashMap<u128, u32> = HashMap::new();
        for (n, line) in lines.iter().enumerate() {
            let Some(hash) = line.hash else {
                continue;
            };
            let first = if config.across_corpus {
                let first = self.seen.get(hash)?;
                if first.is_none() {
                    self.seen.insert(hash, (me, n as u32))?;
                }
                first.filter(|&(d, _)| d != me || config.within_document)
            } else if config.within_document {
                let first = *own.entry(hash).or_insert(n as u32);
                (first as usize != n).then_some((me, first))
            } else {
                None
            };
            if let Some(first) = first {
                found.push((n, first));
            }
        }
        Ok(found)
    }

    /// The rows of a batch: a `records` row for each document, a
    /// `duplicates` row for each repeated line.
    fn mark(&mut self, batch: &mut Batch) -> Result<()> {
        let lines = std::mem::take(&mut batch.lines);
        for (doc, lines) in std::mem::take(&mut batch.docs).into_iter().zip(lines) {
            let me = u32::try_from(self.ids.len()).map_err(|_| ScourError::Config {
                key: "input".into(),
                message: format!("more than {} documents: split the input", u32::MAX),
            })?;
            // Ids are 16 hex digits of a 64-bit hash.
            self.ids
                .push(u64::from_str_radix(&doc.doc_id, 16).unwrap_or_default());
            let firsts = self.firsts(&lines, me)?;
            self.lines += lines.len() as u64;
            let mut chars = 0;
            for (n, (first_doc, first_line)) in firsts.iter().copied() {
                let line = &lines[n];
                let reason = if first_doc == me {
                    IN_DOCUMENT
                } else {
                    ACROSS_CORPUS
                };
                let len = (line.end - line.start) as u64;
                chars += len;
                let count = self.reasons.entry(reason.into()).or_default();
                count.kind = "duplicate".into();
                count.rows += 1;
                count.chars += len;
                batch.duplicates.push(vec![
                    ("doc_id", doc.doc_id.as_str().into()),
                    ("source", doc.source.as_str().into()),
                    ("record", doc.record.into()),
                    ("block_idx", n.into()),
                    ("char_start", line.start.into()),
                    ("char_end", line.end.into()),
                    ("reason", reason.into()),
                    (
                        "hash",
                        format!("{:032x}", line.hash.unwrap_or_default()).into(),
                    ),
                    (
                        "first_doc_id",
                        format!("{:016x}", self.ids[first_doc as usize]).into(),
                    ),
                    ("first_block_idx", u64::from(first_line).into()),
                ]);
            }
            batch.records.push(vec![
                ("doc_id", doc.doc_id.clone().into()),
                ("source", doc.source.clone().into()),
                ("record", doc.record.into()),
                ("encoding", doc.encoding.clone().into()),
                ("chars", doc.raw_chars.into()),
                ("lines", lines.len().into()),
                ("duplicate_lines", firsts.len().into()),
                ("duplicate_chars", chars.into()),
            ]);
        }
        Ok(())
    }
}

/// Each document's lines, keyed in parallel; its text is dropped then.
fn key_batch(pool: &rayon::ThreadPool, batch: &mut Batch, config: &DedupConfig) {
    batch.lines = pool.install(|| {
        batch
            .docs
            .par_iter_mut()
            .map(|doc| {
                let lines = line_keys(&doc.raw, config);
                doc.raw = String::new();
                lines
            })
            .collect()
    });
}

/// Runs `scour dedup` over `options.input` into `options.output` and
/// returns the manifest it wrote (`options.spool` does not apply). Input
/// problems are rows of `errors`, not `Err`.
pub fn dedup(options: &RunOptions) -> Result<Manifest> {
    let started = Instant::now();
    check_options(options)?;
    let pool = thread_pool(options.threads)?;
    let mut outputs = Outputs::create_tables(
        &options.output,
        &DEDUP_TABLES,
        &parquet_metadata(&options.config),
        options.formats,
        options.shard_rows,
    )?;
    let mut record = run_record(options);
    record.insert("command".into(), "dedup".into());
    let mut manifest = Manifest::new(options.config.clone(), record);

    let readers = Readers::new(&options.config.read)?;
    let (files, walk_errors) = walk(&options.input).map_err(|source| ScourError::Input {
        path: options.input.clone(),
        source,
    })?;
    let mut progress = Progress::new(options.progress);
    let (n, total) = readable(&files, &readers);
    progress.start_pass("dedup", n, total);
    let reading = Reading {
        files,
        walk_errors,
        readers: &readers,
    };
    let mut marker = Marker::new(options.config.dedup.clone());
    let mut log = ReadLog::default();
    let (mut mark_times, mut write_times) = (Timings::new(), Timings::new());
    let counts = &mut manifest.counts;
    let (dedup_config, mut key_times) = (&options.config.dedup, Timings::new());
    let source = |feed: &mut dyn FnMut(Flow<Batch>) -> bool| -> Result<()> {
        read_files(&reading, &pool, &[], &mut progress, &mut log, &mut |flow| {
            feed(flow.map(|docs| Batch {
                docs,
                lines: Vec::new(),
                records: Vec::new(),
                duplicates: Vec::new(),
            }))
        });
        Ok(())
    };
    // Keying is a step of its own: with threads to spare, the next batch
    // is read while this one is keyed.
    let key: Step<'_, Flow<Batch>> = Box::new(|mut flow| {
        if let Flow::Docs(batch) = &mut flow {
            let t = Instant::now();
            key_batch(&pool, batch, dedup_config);
            key_times.add("key", t);
        }
        Ok(flow)
    });
    let mark: Step<'_, Flow<Batch>> = Box::new(|mut flow| {
        if let Flow::Docs(batch) = &mut flow {
            let t = Instant::now();
            marker.mark(batch)?;
            mark_times.add("mark", t);
        }
        Ok(flow)
    });
    let sink = |flow: Flow<Batch>| -> Result<()> {
        let t = Instant::now();
        match flow {
            Flow::Docs(batch) => {
                counts.documents += batch.records.len() as u64;
                counts.blocks_removed += batch.duplicates.len() as u64;
                outputs.push_rows("records", batch.records)?;
                outputs.push_rows("duplicates", batch.duplicates)?;
            }
            Flow::Error(error, is_record) => {
                counts.errors += 1;
                counts.record_errors += u64::from(is_record);
                outputs.push_error(&error)?;
            }
        }
        write_times.add("write", t);
        Ok(())
    };
    run_steps(options.threads > 1, source, vec![key, mark], sink)?;
    progress.end_pass();

    let counts = &mut manifest.counts;
    counts.records = counts.documents + counts.record_errors;
    counts.blocks = marker.lines;
    counts.blocks_kept = marker.lines - counts.blocks_removed;
    manifest.removed_by_reason = marker.reasons;
    log.into_manifest(&mut manifest);
    for times in [key_times, mark_times, write_times] {
        times.into_manifest(&mut manifest);
    }
    let stats = &mut manifest.stage_stats;
    stats.insert("dedup.distinct_lines".into(), marker.seen.len());
    stats.insert("dedup.files_spilled".into(), marker.seen.files_written());
    let mut total = Timings::new();
    total.add("total", started);
    total.into_manifest(&mut manifest);
    pool.install(|| outputs.commit(manifest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn line_keys_are_the_blocks_and_their_keys(
            raw in "([ -~]|[\\t\\r\\n\\x00\\x01\\x7f\u{a0}\u{3000}\u{200b}\u{ff0c}\u{ff11}\u{e9}]|\u{c3}\u{a9}|[\u{4e00}-\u{4e10}]{1,8}|\\PC){0,120}",
            min in 0usize..12,
            parts in any::<[bool; 4]>(),
        ) {
            let config = DedupConfig {
                min_paragraph_bytes: min,
                key: crate::dedup::KeyConfig {
                    nfkc: parts[0],
                    casefold: parts[1],
                    ignore_whitespace: parts[2],
                    ignore_punctuation: parts[3],
                },
                ..DedupConfig::default()
            };
            let want: Vec<Line> = crate::normalize::blocks(&raw)
                .iter()
                .map(|b| Line {
                    start: b.raw_start,
                    end: b.raw_end,
                    hash: (b.text.len() >= min).then(|| config.key.hash(&b.text)),
                })
                .collect();
            prop_assert_eq!(line_keys(&raw, &config), want);
        }

        #[test]
        fn ascii_lines_are_counted_unless_they_hold_controls(line in "[\\x00-\\x7f]{0,40}") {
            let counted = plain_normalized_len(&line);
            let controls = line.bytes().any(|b| matches!(b, 0..=8 | 0x0E..=0x1F | 0x7F));
            prop_assert_eq!(counted.is_none(), controls);
            if let Some(n) = counted {
                prop_assert_eq!(n, normalize_line(&line).len());
            }
        }

        #[test]
        fn the_counted_length_is_the_normalized_length(
            line in "[a-z!.\u{4e00}-\u{4e10}]{0,4}([ \\t\u{3000}]{1,3}[a-z0-9,\u{4e00}-\u{4e10}\u{ff0c}\u{3002}]{1,5}){0,12}[ \\t]{0,2}",
        ) {
            prop_assert_eq!(plain_normalized_len(&line), Some(normalize_line(&line).len()));
        }
    }
}
