//! One output table, written as Parquet (zstd) and CSV side by side while
//! the rows stream in. Rows are buffered into row groups of bounded size.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::frame::{FrameBuilder, Row, csv_cell};
use super::schema::TableSchema;
use crate::error::{Result, ScourError};
use polars::io::parquet::write::{
    BatchedWriter, KeyValueMetadata, ParquetCompression, ParquetWriter,
};

/// Rows per Parquet row group, and the text bytes that close one early.
const ROW_GROUP_ROWS: usize = 65_536;
const ROW_GROUP_BYTES: usize = 4 << 20;

/// The files each table is written as: Parquet, CSV or both (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// `<table>.parquet` (zstd).
    pub parquet: bool,
    /// `<table>.csv` (RFC 4180, header row).
    pub csv: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            parquet: true,
            csv: true,
        }
    }
}

impl Formats {
    /// The formats by name, as the manifest records them.
    pub fn names(&self) -> Vec<&'static str> {
        [(self.parquet, "parquet"), (self.csv, "csv")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect()
    }
}

/// Streams one table to `<dir>/<table>.parquet` and `<dir>/<table>.csv`
/// (or one of the two), or, when sharded, to numbered parts of at most
/// `shard_rows` rows each: `<dir>/<table>/part-00000.parquet` and
/// `<dir>/<table>-csv/part-00000.csv` (apart, so that the Parquet folder
/// reads as one dataset in pyarrow).
pub struct TableWriter {
    frame: FrameBuilder,
    metadata: Vec<(String, String)>,
    dir: PathBuf,
    formats: Formats,
    shard_rows: Option<u64>,
    rows: u64,
    /// The part being written; `None` between a full part and the next row.
    part: Option<Part>,
    /// Parts closed so far: the number of the next one.
    parts: usize,
    /// Files written: paths (relative to `dir`) and rows.
    done: Vec<FinishedFile>,
}

/// One Parquet and CSV pair being written (either may be left out).
struct Part {
    parquet: Option<(BatchedWriter<File>, PathBuf)>,
    csv: Option<(csv::Writer<BufWriter<File>>, PathBuf)>,
    rows: u64,
}

/// A finished output file: its path relative to the output folder, and rows.
pub type FinishedFile = (PathBuf, u64);

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ScourError + '_ {
    move |source| ScourError::Output {
        path: path.to_path_buf(),
        source,
    }
}

impl TableWriter {
    /// Opens the table in `dir` (the first part right away, so that an
    /// empty table still has its files) as `formats`, which must name at
    /// least one; `metadata` goes into each Parquet footer.
    pub fn create(
        dir: &Path,
        schema: TableSchema,
        metadata: Vec<(String, String)>,
        formats: Formats,
        shard_rows: Option<u64>,
    ) -> Result<Self> {
        let mut writer = TableWriter {
            frame: FrameBuilder::new(schema),
            metadata,
            dir: dir.to_path_buf(),
            formats,
            shard_rows: shard_rows.filter(|&n| n > 0),
            rows: 0,
            part: None,
            parts: 0,
            done: Vec::new(),
        };
        writer.part = Some(writer.open_part()?);
        Ok(writer)
    }

    fn pl_err(&self) -> impl Fn(polars::prelude::PolarsError) -> ScourError + '_ {
        move |e| ScourError::Parquet {
            table: self.frame.schema().table.clone(),
            message: e.to_string(),
        }
    }

    /// The next part's files, relative to the output folder.
    fn part_paths(&self) -> [PathBuf; 2] {
        let table = &self.frame.schema().table;
        match self.shard_rows {
            None => [format!("{table}.parquet"), format!("{table}.csv")].map(PathBuf::from),
            Some(_) => {
                let n = self.parts;
                [
                    format!("{table}/part-{n:05}.parquet"),
                    format!("{table}-csv/part-{n:05}.csv"),
                ]
                .map(PathBuf::from)
            }
        }
    }

    fn open_part(&self) -> Result<Part> {
        let [parquet_path, csv_path] = self.part_paths();
        let create = |relative: &Path| {
            let path = self.dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            File::create(&path).map_err(io_err(&path))
        };
        let parquet = if self.formats.parquet {
            let writer = ParquetWriter::new(create(&parquet_path)?)
                .with_compression(ParquetCompression::Zstd(None))
                .with_key_value_metadata(Some(KeyValueMetadata::from_static(self.metadata.clone())))
                .batched(&self.frame.polars_schema())
                .map_err(self.pl_err())?;
            Some((writer, parquet_path))
        } else {
            None
        };
        let csv = if self.formats.csv {
            let mut writer = csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Necessary)
                .from_writer(BufWriter::new(create(&csv_path)?));
            writer
                .write_record(self.frame.schema().columns.iter().map(|c| c.name.as_str()))
                .map_err(|e| csv_err(&self.dir.join(&csv_path), e))?;
            Some((writer, csv_path))
        } else {
            None
        };
        Ok(Part {
            parquet,
            csv,
            rows: 0,
        })
    }

    /// Writes the buffered rows and the ends of the current part's files.
    fn close_part(&mut self) -> Result<()> {
        self.flush()?;
        let Some(part) = self.part.take() else {
            return Ok(());
        };
        self.parts += 1;
        if let Some((writer, path)) = part.parquet {
            writer.finish().map_err(self.pl_err())?;
            self.done.push((path, part.rows));
        }
        if let Some((writer, path)) = part.csv {
            let file = self.dir.join(&path);
            writer
                .into_inner()
                .map_err(|e| io_err(&file)(e.into_error()))?;
            self.done.push((path, part.rows));
        }
        Ok(())
    }

    /// Appends a row; it must name the schema's columns in order, with
    /// values of the schema's types and nulls only where allowed.
    pub fn push(&mut self, row: Row) -> Result<()> {
        self.frame.check(&row)?;
        if self.part.is_none() {
            self.part = Some(self.open_part()?);
        }
        let part = self.part.as_mut().expect("a part is open");
        if let Some((writer, path)) = &mut part.csv {
            writer
                .write_record(row.iter().map(|(_, v)| csv_cell(v)))
                .map_err(|e| csv_err(&self.dir.join(&*path), e))?;
        }
        // Without Parquet there is no row group to gather.
        if part.parquet.is_some() {
            self.frame.push_checked(row);
        }
        part.rows += 1;
        let part_full = self.shard_rows.is_some_and(|n| part.rows >= n);
        self.rows += 1;
        if part_full {
            self.close_part()?;
        } else if self.frame.rows() >= ROW_GROUP_ROWS || self.frame.text_bytes() >= ROW_GROUP_BYTES
        {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.frame.rows() == 0 {
            return Ok(());
        }
        let df = self.frame.take()?;
        let Some((writer, _)) = self.part.as_mut().and_then(|part| part.parquet.as_mut()) else {
            // Rows are gathered only for an open Parquet file.
            return Ok(());
        };
        writer.write_batch(&df).map_err(|e| ScourError::Parquet {
            table: self.frame.schema().table.clone(),
            message: e.to_string(),
        })?;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes the last row group and the files' ends; returns the table
    /// name, its row count and the files written (relative to the folder
    /// given to `create`, with the rows of each).
    pub fn finish(mut self) -> Result<(String, u64, Vec<FinishedFile>)> {
        self.close_part()?;
        Ok((self.frame.schema().table.clone(), self.rows, self.done))
    }
}

fn csv_err(path: &Path, e: csv::Error) -> ScourError {
    ScourError::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}
