//! Writing: the tables of `schemas/` as Parquet and CSV, and the manifest.
//! Everything is written into a hidden folder inside the output folder and
//! moved into place only when complete, the manifest last: a run that is
//! killed leaves no table that looks complete but is not.

mod card;
mod detached;
mod frame;
mod manifest;
mod rows;
pub mod schema;
mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use detached::Detached;
pub use frame::{FrameBuilder, Pairs, Row, Value, map_json};
pub use manifest::{Counts, InputRecord, Manifest, OutputRecord, ReasonCount, hash_file};
pub use rows::{DocRows, document_rows, error_row};
pub use table::{Formats, TableWriter};

use rayon::prelude::*;

use crate::error::{Result, ScourError};
use crate::read::InputError;

/// Prefix of the temporary folder a run writes into.
const TMP_PREFIX: &str = ".scour-tmp-";

/// Removes a table's files left by an earlier run, in either layout (one
/// file, or a folder of parts), so that a run never mixes with the last.
/// Only scour's own file names are touched.
fn remove_old_table(dir: &Path, table: &str) -> Result<()> {
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(out_err(path)(e)),
        _ => Ok(()),
    };
    for ext in ["parquet", "csv"] {
        remove(&dir.join(format!("{table}.{ext}")))?;
    }
    for (folder, ext) in [
        (table.to_string(), ".parquet"),
        (format!("{table}-csv"), ".csv"),
    ] {
        let folder = dir.join(folder);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("part-") && name.ends_with(ext) {
                remove(&entry.path())?;
            }
        }
        // Left in place when it holds anything else.
        let _ = std::fs::remove_dir(&folder);
    }
    Ok(())
}

/// Where a table is being written.
enum Slot {
    /// On the thread that pushes its rows.
    Here(Box<TableWriter>),
    /// On a thread of its own.
    Away(Detached),
    /// Between the two, or after its thread failed.
    Gone,
}

/// The open output tables of one run.
pub struct Outputs {
    dir: PathBuf,
    tmp: PathBuf,
    tables: BTreeMap<&'static str, Slot>,
    /// What report.html shows, gathered from the rows as they pass; a run's
    /// tables have a report, `scour dedup`'s do not (both have a card).
    report: Option<crate::report::Collector>,
}

fn out_err(path: &Path) -> impl FnOnce(std::io::Error) -> ScourError + '_ {
    move |source| ScourError::Output {
        path: path.to_path_buf(),
        source,
    }
}

impl Outputs {
    /// Opens every table of a run in a fresh temporary folder inside `dir`,
    /// as `formats` (at least one); `metadata` goes into each Parquet
    /// footer. With `shard_rows`, each table is a folder of numbered parts
    /// of at most that many rows.
    pub fn create(
        dir: &Path,
        metadata: &[(String, String)],
        formats: Formats,
        shard_rows: Option<u64>,
    ) -> Result<Outputs> {
        let mut outputs = Self::create_tables(dir, &schema::TABLES, metadata, formats, shard_rows)?;
        outputs.report = Some(crate::report::Collector::new());
        Ok(outputs)
    }

    /// Opens `tables` as [`Outputs::create`] does, without the run's report.
    pub fn create_tables(
        dir: &Path,
        names: &[&'static str],
        metadata: &[(String, String)],
        formats: Formats,
        shard_rows: Option<u64>,
    ) -> Result<Outputs> {
        if !formats.parquet && !formats.csv {
            return Err(ScourError::Config {
                key: "formats".into(),
                message: "no output format: name parquet, csv or both".into(),
            });
        }
        std::fs::create_dir_all(dir).map_err(out_err(dir))?;
        // Leftovers of killed runs are never complete: clear them, but not
        // the folder of a run still going (its process is alive).
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let Some(pid) = name.strip_prefix(TMP_PREFIX) else {
                    continue;
                };
                let alive = pid
                    .parse::<u32>()
                    .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
                if !alive {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let tmp = dir.join(format!("{TMP_PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&tmp).map_err(out_err(&tmp))?;
        let mut tables = BTreeMap::new();
        for &name in names {
            let schema = schema::schema(name)?;
            let mut meta = metadata.to_vec();
            meta.push(("scour.table".into(), name.to_string()));
            meta.push(("scour.schema_version".into(), schema.version.to_string()));
            let table = TableWriter::create(&tmp, schema, meta, formats, shard_rows)?;
            tables.insert(name, Slot::Here(Box::new(table)));
        }
        Ok(Outputs {
            dir: dir.to_path_buf(),
            tmp,
            tables,
            report: None,
        })
    }

    /// A path for a scratch file of the run, in its temporary folder:
    /// removed with it, and cleared with the leftovers of a killed run.
    pub fn scratch_path(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    fn table(&mut self, name: &str) -> &mut TableWriter {
        match self.tables.get_mut(name) {
            Some(Slot::Here(table)) => table,
            _ => panic!("{name} is written on this thread"),
        }
    }

    /// Moves the tables of documents (all but `errors`) onto threads of
    /// their own, for a run with threads to spare.
    pub fn detach_document_tables(&mut self) {
        for (name, slot) in self.tables.iter_mut().filter(|(n, _)| **n != "errors") {
            if matches!(slot, Slot::Here(_))
                && let Slot::Here(table) = std::mem::replace(slot, Slot::Gone)
            {
                *slot = Slot::Away(Detached::spawn(name, *table));
            }
        }
    }

    /// Every table back on this thread, once written up to here.
    fn attach_tables(&mut self) -> Result<()> {
        for slot in self.tables.values_mut() {
            if matches!(slot, Slot::Away(_))
                && let Slot::Away(detached) = std::mem::replace(slot, Slot::Gone)
            {
                *slot = Slot::Here(Box::new(detached.join()?));
            }
        }
        Ok(())
    }

    /// Appends the rows of a batch of documents, in order: here, or handed
    /// to the threads of detached tables.
    pub fn push_documents(&mut self, batch: Vec<DocRows>) -> Result<()> {
        let mut by_table: BTreeMap<&str, Vec<Row>> = BTreeMap::new();
        for rows in batch {
            if let Some(report) = self.report.as_mut() {
                report.add_document(&rows);
            }
            for (name, rows) in [
                ("documents", rows.documents),
                ("sections", rows.sections),
                ("paragraphs", rows.paragraphs),
                ("removed", rows.removed),
            ] {
                by_table.entry(name).or_default().extend(rows);
            }
        }
        let mut stopped = false;
        for (name, slot) in self.tables.iter_mut() {
            let Some(rows) = by_table.remove(name) else {
                continue;
            };
            match slot {
                Slot::Here(table) => rows.into_iter().try_for_each(|row| table.push(row))?,
                Slot::Away(detached) => stopped |= !detached.push(rows),
                // Only after an error this run has already returned.
                Slot::Gone => {}
            }
        }
        if stopped {
            // A table's thread stopped on an error: join them all for it.
            self.attach_tables()?;
        }
        Ok(())
    }

    /// Appends an `errors` row.
    pub fn push_error(&mut self, error: &InputError) -> Result<()> {
        if let Some(report) = self.report.as_mut() {
            report.add_error(error);
        }
        self.table("errors").push(error_row(error))
    }

    /// Appends rows to `table`, one of the tables opened and written on
    /// this thread.
    pub fn push_rows(&mut self, table: &str, rows: Vec<Row>) -> Result<()> {
        let Some(Slot::Here(writer)) = self.tables.get_mut(table) else {
            return Err(ScourError::Schema {
                table: table.to_string(),
                message: "not a table open on this thread".into(),
            });
        };
        rows.into_iter().try_for_each(|row| writer.push(row))
    }

    /// Finishes every file, moves them into the output folder, then writes
    /// the manifest (completed with the outputs' sizes and hashes) last.
    pub fn commit(mut self, mut manifest: Manifest) -> Result<Manifest> {
        self.attach_tables()?;
        let manifest_path = self.dir.join("manifest.json");
        // Each table's last row group is encoded on a thread of its own
        // when the rayon pool has several.
        let tables: Vec<TableWriter> = std::mem::take(&mut self.tables)
            .into_values()
            .filter_map(|slot| match slot {
                Slot::Here(table) => Some(*table),
                _ => None,
            })
            .collect();
        let finished: Vec<_> = tables
            .into_par_iter()
            .map(TableWriter::finish)
            .collect::<Result<_>>()?;
        // The old manifest goes first: from here until the new one lands,
        // the folder does not claim to hold a complete run.
        match std::fs::remove_file(&manifest_path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(out_err(&manifest_path)(e));
            }
            _ => {}
        }
        // Every table of either command goes, not only those written now:
        // a folder holds the output of one run, `scour run`'s or `scour
        // dedup`'s, never a mix.
        for table in schema::TABLES.iter().chain(&schema::DEDUP_TABLES) {
            remove_old_table(&self.dir, table)?;
        }
        if self.report.is_none() {
            let path = self.dir.join("report.html");
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(out_err(&path)(e));
                }
                _ => {}
            }
        }
        for (table, _, files) in finished {
            for (file, rows) in files {
                let path = self.tmp.join(&file);
                let (bytes, xxh3) = hash_file(&path).map_err(out_err(&path))?;
                manifest.outputs.push(OutputRecord {
                    table: table.clone(),
                    file: file.to_string_lossy().replace('\\', "/"),
                    rows,
                    bytes,
                    xxh3,
                });
                let dest = self.dir.join(&file);
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent).map_err(out_err(parent))?;
                }
                std::fs::rename(&path, &dest).map_err(out_err(&dest))?;
            }
        }
        // The card and the report describe the tables just moved in, so
        // they land after them and before the manifest.
        let mut pages = vec![("README.md", card::dataset_card(&manifest)?)];
        if let Some(report) = &self.report {
            pages.push(("report.html", report.render(&manifest)));
        }
        for (name, text) in pages {
            let (tmp, dest) = (self.tmp.join(name), self.dir.join(name));
            std::fs::write(&tmp, text).map_err(out_err(&tmp))?;
            std::fs::rename(&tmp, &dest).map_err(out_err(&dest))?;
        }
        let tmp_manifest = self.tmp.join("manifest.json");
        let json = serde_json::to_string_pretty(&manifest).expect("manifest serializes") + "\n";
        std::fs::write(&tmp_manifest, json).map_err(out_err(&tmp_manifest))?;
        std::fs::rename(&tmp_manifest, &manifest_path).map_err(out_err(&manifest_path))?;
        std::fs::remove_dir_all(&self.tmp).map_err(out_err(&self.tmp))?;
        Ok(manifest)
    }
}
