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
    ScourError::ReadBack {
        path: path.to_path_buf(),
        message,
    }
}

/// Which rows of a table to read.
enum Filter<'a> {
    /// Every row.
    All,
    /// Rows whose column holds this value.
    Equals(&'static str, &'a str),
    /// Rows whose column is empty (null).
    Empty(&'static str),
}

/// The CSV files of a run, as its manifest lists them (read once).
struct Tables {
    files: Vec<(String, PathBuf)>,
}

impl Tables {
    /// The tables of the run in `dir`; an error when it holds no complete run.
    fn open(dir: &Path) -> Result<Tables> {
        let manifest_path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
            bad_output(
                &manifest_path,
                format!("{e}: not the output folder of a complete run"),
            )
        })?;
        let manifest: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| bad_output(&manifest_path, format!("not a scour manifest: {e}")))?;
        if manifest["run"]["command"].as_str() == Some("dedup") {
            return Err(bad_output(
                &manifest_path,
                "this folder holds the output of `scour dedup`, which lists repeated lines \
                 but not the cleaned text that inspect shows: inspect the output of `scour run`, \
                 or the input with --source"
                    .into(),
            ));
        }
        let outputs = manifest["outputs"].as_array().cloned().unwrap_or_default();
        let files: Vec<_> = outputs
            .iter()
            .filter_map(|o| Some((o["table"].as_str()?, o["file"].as_str()?)))
            .filter(|(_, f)| f.ends_with(".csv"))
            .map(|(t, f)| (t.to_string(), dir.join(f)))
            .collect();
        if files.is_empty() && !outputs.is_empty() {
            return Err(bad_output(
                &manifest_path,
                "this run wrote no CSV tables, which inspect reads: run again with \
                 --formats parquet,csv (the default), or inspect the input with --source"
                    .into(),
            ));
        }
        Ok(Tables { files })
    }

    /// Streams `table` and returns the rows `filter` keeps; the filter
    /// looks at one field, so the other rows are never built.
    fn rows(&self, table: &str, filter: Filter) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        for (_, path) in self.files.iter().filter(|(t, _)| t == table) {
            let err = |e: csv::Error| bad_output(path, e.to_string());
            let mut reader = csv::Reader::from_path(path).map_err(err)?;
            let headers = reader.headers().map_err(err)?.clone();
            let column = |name: &str| headers.iter().position(|h| h == name);
            let test = match filter {
                Filter::All => None,
                Filter::Equals(name, value) => Some((column(name), value)),
                Filter::Empty(name) => Some((column(name), "")),
            };
            for record in reader.records() {
                let record = record.map_err(err)?;
                if let Some((col, value)) = test
                    && col.and_then(|c| record.get(c)) != Some(value)
                {
                    continue;
                }
                let row = headers.iter().zip(record.iter());
                out.push(row.map(|(h, v)| (h.to_string(), v.to_string())).collect());
            }
        }
        Ok(out)
    }
}

/// Everything the run in `dir` wrote about `doc_id`; `None` when the run
/// holds no such document.
pub fn inspect(dir: &Path, doc_id: &str) -> Result<Option<Inspection>> {
    let tables = Tables::open(dir)?;
    let of_doc = || Filter::Equals("doc_id", doc_id);
    let mut view = Inspection {
        document: tables.rows("documents", of_doc())?.pop(),
        sections: tables.rows("sections", of_doc())?,
        ..Default::default()
    };
    for row in tables.rows("removed", of_doc())? {
        match row["block_idx"].parse::<i64>() {
            Ok(block) => {
                view.lines.insert(block, Line::Removed(row));
            }
            Err(_) => view.dropped = Some(row),
        }
    }
    for row in tables.rows("paragraphs", of_doc())? {
        let block = row["block_idx"].parse::<i64>().unwrap_or(-1);
        view.lines.insert(block, Line::Kept(row));
    }
    let found = view.document.is_some() || view.dropped.is_some() || !view.lines.is_empty();
    Ok(found.then_some(view))
}

/// The documents of the run in `dir` (kept and dropped) as (source,
/// record, doc_id), in corpus order.
pub fn documents(dir: &Path) -> Result<Vec<(String, i64, String)>> {
    let tables = Tables::open(dir)?;
    let mut docs: Vec<(String, i64, String)> = tables
        .rows("documents", Filter::All)?
        .into_iter()
        .chain(tables.rows("removed", Filter::Empty("block_idx"))?)
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
    Ok(Tables::open(dir)?
        .rows("errors", Filter::All)?
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
