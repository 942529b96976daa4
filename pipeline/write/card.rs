//! `README.md` of the output folder: a Hugging Face dataset card. Its YAML
//! header names each table as a config with its Parquet files, so that
//! `datasets.load_dataset(DIR, "documents")` loads a table by name; the
//! body says what the tables hold and how they were made. Everything in it
//! comes from the manifest and the schemas, so it is deterministic.

use std::fmt::Write;

use super::manifest::Manifest;
use super::schema::{TABLES, schema};
use crate::error::Result;

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

/// The card's text.
pub fn dataset_card(manifest: &Manifest) -> Result<String> {
    let mut out = String::from("---\npretty_name: scour output\nconfigs:\n");
    for table in TABLES {
        let _ = writeln!(out, "- config_name: {table}");
        let _ = writeln!(
            out,
            "  data_files:\n  - split: train\n    path: \"{}\"",
            data_files(manifest, table)
        );
        if table == "documents" {
            out.push_str("  default: true\n");
        }
    }
    out.push_str("tags:\n- scour\n- text-cleaning\n- deduplication\n---\n\n");

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
    out.push_str(
        "## Loading\n\n```python\nfrom datasets import load_dataset\n\n\
         docs = load_dataset(\"path/to/this/folder\", \"documents\", split=\"train\")\n\
         removed = load_dataset(\"path/to/this/folder\", \"removed\", split=\"train\")\n```\n\n\
         Or with polars, pandas or DuckDB, straight from the Parquet files below.\n\n\
         ## Tables\n\n| config | rows | files | one row per |\n|---|---|---|---|\n",
    );
    let schemas = TABLES
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
    out.push_str(
        "\n## Removals by rule\n\n| rule | kind | rows | characters |\n|---|---|---|---|\n",
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
            "\n{} more rules in `manifest.json`.",
            reasons.len() - TOP_REASONS
        );
    }
    out.push_str(
        "\n## How it was made\n\n\
         scour read every input file, decoded it (the encoding is recorded per document), \
         removed boilerplate lines by rule (`scour rules` lists them) and by position, \
         removed paragraphs repeated within a document and across the corpus, dropped \
         exact and near-duplicate documents (MinHash), lifted titles, dates and record \
         fields into columns and split each document into sections. `manifest.json` holds \
         the full configuration, every input file with its hash, and every output file.\n\n\
         ## Columns\n",
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
