//! `scour inspect`: one document as scour saw it, rebuilt from a run's
//! output tables alone. Every input line of a document is a row of
//! `paragraphs` (kept) or `removed` (with its rule), so merging the two on
//! `block_idx` gives the whole page back, each line marked.
//!
//! The CSV tables are streamed and filtered, so memory stays small however
//! large the run; the files are found through the manifest, which also
//! tells that the folder holds a complete run.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::error::{Result, ScourError};

/// One row of a table, column → value ("" for null).
pub type Row = HashMap<String, String>;

/// A document's rows in every table.
#[derive(Debug, Default)]
pub struct Inspection {
    /// Its `documents` row; `None` when it was dropped.
    pub document: Option<Row>,
    /// Its `removed` row without a block: why it was dropped.
    pub dropped: Option<Row>,
    /// Its kept lines (`paragraphs`) and removed lines (`removed`), by block.
    pub lines: BTreeMap<i64, Line>,
    /// Its `sections` rows, in order.
    pub sections: Vec<Row>,
}

/// One input line of the document.
#[derive(Debug)]
pub enum Line {
    /// Kept: its `paragraphs` row.
    Kept(Row),
    /// Removed: its `removed` row.
    Removed(Row),
}

fn bad_output(path: &Path, message: String) -> ScourError {
    ScourError::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    }
}

/// The CSV files of `table` in the run in `dir`, in order, as the manifest lists them.
fn csv_files(dir: &Path, table: &str) -> Result<Vec<PathBuf>> {
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        bad_output(
            &manifest_path,
            format!("{e}: not the output folder of a complete run"),
        )
    })?;
    let manifest: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| bad_output(&manifest_path, format!("not a scour manifest: {e}")))?;
    let outputs = manifest["outputs"].as_array().cloned().unwrap_or_default();
    Ok(outputs
        .iter()
        .filter(|o| o["table"] == table)
        .filter_map(|o| o["file"].as_str())
        .filter(|f| f.ends_with(".csv"))
        .map(|f| dir.join(f))
        .collect())
}

/// Streams the rows of `table` for which `keep` holds.
fn rows_where(dir: &Path, table: &str, mut keep: impl FnMut(&Row) -> bool) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for path in csv_files(dir, table)? {
        let mut reader =
            csv::Reader::from_path(&path).map_err(|e| bad_output(&path, e.to_string()))?;
        let headers = reader
            .headers()
            .map_err(|e| bad_output(&path, e.to_string()))?
            .clone();
        for record in reader.records() {
            let record = record.map_err(|e| bad_output(&path, e.to_string()))?;
            let row: Row = headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            if keep(&row) {
                out.push(row);
            }
        }
    }
    Ok(out)
}

/// Everything the run in `dir` wrote about `doc_id`; `None` when the run
/// holds no such document.
pub fn inspect(dir: &Path, doc_id: &str) -> Result<Option<Inspection>> {
    let of_doc = |row: &Row| row["doc_id"] == doc_id;
    let mut view = Inspection {
        document: rows_where(dir, "documents", of_doc)?.pop(),
        sections: rows_where(dir, "sections", of_doc)?,
        ..Default::default()
    };
    for row in rows_where(dir, "removed", of_doc)? {
        match row["block_idx"].parse::<i64>() {
            Ok(block) => {
                view.lines.insert(block, Line::Removed(row));
            }
            Err(_) => view.dropped = Some(row),
        }
    }
    for row in rows_where(dir, "paragraphs", of_doc)? {
        let block = row["block_idx"].parse::<i64>().unwrap_or(-1);
        view.lines.insert(block, Line::Kept(row));
    }
    let found = view.document.is_some() || view.dropped.is_some() || !view.lines.is_empty();
    Ok(found.then_some(view))
}

/// The documents of the run in `dir` (kept and dropped) as (source,
/// record, doc_id), in corpus order.
pub fn documents(dir: &Path) -> Result<Vec<(String, i64, String)>> {
    let mut docs: Vec<(String, i64, String)> = rows_where(dir, "documents", |_| true)?
        .into_iter()
        .chain(rows_where(dir, "removed", |r| r["block_idx"].is_empty())?)
        .map(|r| {
            (
                r["source"].clone(),
                r["record"].parse().unwrap_or(0),
                r["doc_id"].clone(),
            )
        })
        .collect();
    docs.sort();
    docs.dedup();
    Ok(docs)
}

/// The `errors` rows of the run in `dir`, as "source record N: message".
pub fn errors(dir: &Path) -> Result<Vec<String>> {
    Ok(rows_where(dir, "errors", |_| true)?
        .into_iter()
        .map(|r| match r["record"].as_str() {
            "" => format!("{}: {}", r["source"], r["message"]),
            n => format!("{} record {n}: {}", r["source"], r["message"]),
        })
        .collect())
}

/// ANSI styles, or none.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

impl Inspection {
    /// The document as text: a header of its columns, then every input
    /// line by block, removed ones marked `-` with their rule, headings `#`
    /// by level; ANSI colours when `color`.
    pub fn render(&self, doc_id: &str, color: bool) -> String {
        let style = Style { color };
        let mut out = String::new();
        let _ = writeln!(out, "{}", style.paint("1", &format!("document {doc_id}")));
        let field = |out: &mut String, name: &str, value: &str| {
            if !value.is_empty() {
                let _ = writeln!(
                    out,
                    "  {} {value}",
                    style.paint("2", &format!("{name:<10}"))
                );
            }
        };
        let any = self.document.as_ref().or(self.dropped.as_ref());
        if let Some(row) = any {
            field(
                &mut out,
                "source",
                &format!("{} (record {})", row["source"], row["record"]),
            );
        }
        if let Some(doc) = &self.document {
            for name in [
                "title",
                "url",
                "lang",
                "date",
                "encoding",
                "source_attribution",
            ] {
                field(&mut out, name, &doc[name]);
            }
            if doc["cluster_size"].parse::<u64>().unwrap_or(1) > 1 {
                let size = &doc["cluster_size"];
                field(
                    &mut out,
                    "cluster",
                    &format!("{size} near-duplicates, this one kept"),
                );
            }
            field(&mut out, "fields", &doc["fields"]);
            field(&mut out, "sections", &doc["n_sections"]);
            field(
                &mut out,
                "kept",
                &format!("{} of {} characters", doc["n_chars"], doc["raw_chars"]),
            );
        }
        if let Some(drop) = &self.dropped {
            let mut why = format!("{} ({})", drop["reason"], drop["kind"]);
            if !drop["detail"].is_empty() {
                let _ = write!(why, ": {}", drop["detail"]);
            }
            if !drop["similarity"].is_empty() {
                let _ = write!(why, ", similarity {}", drop["similarity"]);
            }
            field(&mut out, "dropped", &style.paint("31", &why));
        }
        out.push('\n');
        let levels: HashMap<&str, &str> = self
            .sections
            .iter()
            .map(|s| (s["section_idx"].as_str(), s["level"].as_str()))
            .collect();
        for (block, line) in &self.lines {
            match line {
                Line::Kept(p) if p["role"] == "heading" => {
                    let level = levels
                        .get(p["section_idx"].as_str())
                        .and_then(|l| l.parse().ok());
                    let marks = "#".repeat(level.unwrap_or(1).max(1));
                    let text = style.paint("1;36", &format!("{marks} {}", p["text"]));
                    let _ = writeln!(out, "{block:>5}   {text}");
                }
                Line::Kept(p) => {
                    let _ = writeln!(out, "{block:>5}   {}", p["text"]);
                }
                Line::Removed(r) => {
                    let mut rule = format!("[{} {}", r["reason"], r["kind"]);
                    if !r["detail"].is_empty() {
                        let _ = write!(rule, " {}", r["detail"]);
                    }
                    rule.push(']');
                    let rule = style.paint("33", &rule);
                    let text = style.paint("2;31", &r["text"]);
                    let _ = writeln!(out, "{block:>5} - {rule} {text}");
                }
            }
        }
        if let (Some(drop), None) = (&self.dropped, &self.document) {
            let _ = writeln!(out, "\n  text when it was dropped:\n");
            for line in drop["text"].split("\n\n") {
                let _ = writeln!(out, "        {line}");
            }
        }
        out
    }
}
