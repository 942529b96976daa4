//! `README.md` of the output folder: a Hugging Face dataset card. Its YAML
//! header names each table as a config with its Parquet files, so that
//! `datasets.load_dataset(DIR, "documents")` loads a table by name; the
//! body says what the tables hold and how they were made. Everything in it
//! comes from the manifest and the schemas, so it is deterministic.

use std::fmt::Write;

use super::manifest::Manifest;
use super::schema::{DEDUP_TABLES, TABLES, schema};
use crate::error::Result;

/// What the card of one command's output says beyond its tables.
struct Command {
    tables: &'static [&'static str],
    /// Two tables for the loading example; the first is the one
    /// `load_dataset(DIR)` loads without a name.
    example: [&'static str; 2],
    reasons_heading: &'static str,
    /// What the first column of that table names.
    reason_column: &'static str,
    made: &'static str,
}

const RUN: Command = Command {
    tables: &TABLES,
    example: ["documents", "removed"],
    reasons_heading: "Removals by rule",
    reason_column: "rule",
    made: "scour read every input file, decoded it (the encoding is recorded per document), \
         removed boilerplate lines by rule (`scour rules` lists them) and by position, \
         removed paragraphs repeated within a document and across the corpus, dropped \
         exact and near-duplicate documents (MinHash), lifted titles, dates and record \
         fields into columns and split each document into sections.",
};

const DEDUP: Command = Command {
    tables: &DEDUP_TABLES,
    example: ["records", "duplicates"],
    reasons_heading: "Repeated lines by reason",
    reason_column: "reason",
    made: "`scour dedup` read every input file, decoded it (the encoding is recorded per \
         document) and split it into its non-blank lines. Each line long enough to count \
         (`dedup.min_paragraph_bytes`) was keyed as `scour run` keys a paragraph \
         (`dedup.key`); a line whose key came before, in its document or an earlier one \
         in corpus order, is a row of `duplicates` with the character span that cuts it \
         out of the decoded text and the first occurrence it repeats. The text itself is \
         left alone.",
};

/// Removal reasons listed in the card; the manifest has them all.
const TOP_REASONS: usize = 15;

/// The files of `table` the card points at: its Parquet files, or its CSV
/// files when the run wrote no Parquet (`--formats csv`).
fn files_of<'a>(manifest: &'a Manifest, table: &str) -> Vec<&'a super::OutputRecord> {
    let of = |ext: &str| -> Vec<&'a super::OutputRecord> {
        manifest
            .outputs
            .iter()
            .filter(|o| o.table == table && o.file.ends_with(ext))
            .collect()
    };
    let parquet = of(".parquet");
    if parquet.is_empty() {
        of(".csv")
    } else {
        parquet
    }
}

/// The files of `table` as a data_files pattern: the file, or a glob over
/// its parts.
fn data_files(manifest: &Manifest, table: &str) -> String {
    match files_of(manifest, table).as_slice() {
        [one] if !one.file.contains('/') => one.file.clone(),
        [first, ..] => match first.file.rsplit_once('/') {
            Some((folder, name)) => {
                let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
                format!("{folder}/*.{ext}")
            }
            None => first.file.clone(),
        },
        [] => format!("{table}/*.parquet"),
    }
}

fn rows_of(manifest: &Manifest, table: &str) -> u64 {
    files_of(manifest, table).iter().map(|o| o.rows).sum()
}

/// Markdown table cells may not hold a pipe or a line break.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The card's text, for the output of `scour run` or of `scour dedup`
/// (the manifest's `run.command`).
pub fn dataset_card(manifest: &Manifest) -> Result<String> {
    let dedup = manifest.run.get("command").and_then(|c| c.as_str()) == Some("dedup");
    let command = if dedup { &DEDUP } else { &RUN };
    let mut out = String::from("---\npretty_name: scour output\nconfigs:\n");
    for &table in command.tables {
        let _ = writeln!(out, "- config_name: {table}");
        let _ = writeln!(
            out,
            "  data_files:\n  - split: train\n    path: \"{}\"",
            data_files(manifest, table)
        );
        if table == command.example[0] {
            out.push_str("  default: true\n");
        }
    }
    out.push_str("tags:\n- scour\n- text-cleaning\n- deduplication\n---\n\n");

    let c = &manifest.counts;
    if dedup {
        let _ = write!(
            out,
            "# scour dedup output\n\n\
             The repeated lines of {} input files ({} records), found by scour {}: of {} \
             non-blank lines in {} documents, {} repeat an earlier line; {} input problems. \
             The text is not changed: `duplicates` gives each repeated line's character \
             span, to cut out or to weigh down.\n\n",
            c.files,
            c.records,
            manifest.scour_version,
            c.blocks,
            c.documents,
            c.blocks_removed,
            c.errors,
        );
    } else {
        run_summary(&mut out, manifest);
    }
    let [first, second] = command.example;
    let _ = write!(
        out,
        "## Loading\n\n```python\nfrom datasets import load_dataset\n\n\
         {first} = load_dataset(\"path/to/this/folder\", \"{first}\", split=\"train\")\n\
         {second} = load_dataset(\"path/to/this/folder\", \"{second}\", split=\"train\")\n```\n\n\
         Or with polars, pandas or DuckDB, straight from the Parquet files below.\n\n\
         ## Tables\n\n| config | rows | files | one row per |\n|---|---|---|---|\n",
    );
    let schemas = command
        .tables
        .iter()
        .map(|t| schema(t))
        .collect::<Result<Vec<_>>>()?;
    for s in &schemas {
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | {} |",
            s.table,
            rows_of(manifest, &s.table),
            data_files(manifest, &s.table),
            cell(&s.description)
        );
    }
    let _ = write!(
        out,
        "\n## {}\n\n| {} | kind | rows | characters |\n|---|---|---|---|\n",
        command.reasons_heading, command.reason_column
    );
    let mut reasons: Vec<_> = manifest.removed_by_reason.iter().collect();
    reasons.sort_by(|a, b| b.1.chars.cmp(&a.1.chars).then(a.0.cmp(b.0)));
    for (reason, count) in reasons.iter().take(TOP_REASONS) {
        let _ = writeln!(
            out,
            "| `{reason}` | {} | {} | {} |",
            count.kind, count.rows, count.chars
        );
    }
    if reasons.len() > TOP_REASONS {
        let _ = writeln!(
            out,
            "\n{} more {}s in `manifest.json`.",
            reasons.len() - TOP_REASONS,
            command.reason_column
        );
    }
    let _ = write!(
        out,
        "\n## How it was made\n\n{} `manifest.json` holds the full configuration, every \
         input file with its hash, and every output file.\n\n## Columns\n",
        command.made
    );
    for s in &schemas {
        let _ = write!(
            out,
            "\n### {}\n\n| column | type | description |\n|---|---|---|\n",
            s.table
        );
        for col in &s.columns {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                col.name,
                col.ty.name(),
                cell(&col.description)
            );
        }
    }
    Ok(out)
}

/// The opening paragraph of a run's card: what was read, kept and removed.
fn run_summary(out: &mut String, manifest: &Manifest) {
    let c = &manifest.counts;
    let _ = write!(
        out,
        "# scour output\n\n\
         Cleaned, deduplicated and sectioned text made by scour {} from {} input files \
         ({} records): {} documents kept, {} dropped as duplicates or empty, {} input \
         problems. Of {} input lines, {} were kept and {} removed by a rule{}, each \
         removal listed in `removed` with the rule that made it.\n\n",
        manifest.scour_version,
        c.files,
        c.records,
        c.documents,
        c.documents_dropped,
        c.errors,
        c.blocks,
        c.blocks_kept,
        c.blocks_removed,
        match c.blocks.saturating_sub(c.blocks_kept + c.blocks_removed) {
            0 => String::new(),
            rest => format!(" ({rest} more were in dropped documents)"),
        }
    );
}
