//! One output table, written as Parquet (zstd) and CSV side by side while
//! the rows stream in. Rows are buffered into row groups of bounded size.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::io::parquet::write::{
    BatchedWriter, KeyValueMetadata, ParquetCompression, ParquetWriter,
};
use polars::prelude::{Column as PlColumn, DataFrame, DataType, Field, Schema};

use super::schema::{ColumnType, TableSchema};
use crate::error::{Result, ScourError};

/// A value of one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string cell, or null.
    Str(Option<String>),
    /// An integer cell, or null.
    Int(Option<i64>),
    /// A float cell, or null.
    Float(Option<f64>),
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(Some(s))
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(Some(s.to_string()))
    }
}
impl From<Option<String>> for Value {
    fn from(s: Option<String>) -> Self {
        Value::Str(s)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(Some(n))
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Int(Some(n as i64))
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Int(Some(n as i64))
    }
}
impl From<Option<usize>> for Value {
    fn from(n: Option<usize>) -> Self {
        Value::Int(n.map(|n| n as i64))
    }
}
impl From<Option<f64>> for Value {
    fn from(x: Option<f64>) -> Self {
        Value::Float(x)
    }
}
impl From<Option<u64>> for Value {
    fn from(n: Option<u64>) -> Self {
        Value::Int(n.map(|n| n as i64))
    }
}

/// A row: (column name, value) pairs in schema order.
pub type Row = Vec<(&'static str, Value)>;

enum Buffer {
    Str(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
}

/// Rows per Parquet row group, and the text bytes that close one early.
const ROW_GROUP_ROWS: usize = 65_536;
const ROW_GROUP_BYTES: usize = 16 << 20;

/// Streams one table to `<dir>/<table>.parquet` and `<dir>/<table>.csv`.
pub struct TableWriter {
    schema: TableSchema,
    buffers: Vec<Buffer>,
    buffered_rows: usize,
    buffered_bytes: usize,
    rows: u64,
    parquet: BatchedWriter<File>,
    csv: csv::Writer<BufWriter<File>>,
    parquet_path: PathBuf,
    csv_path: PathBuf,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ScourError + '_ {
    move |source| ScourError::Output {
        path: path.to_path_buf(),
        source,
    }
}

impl TableWriter {
    /// Creates both files in `dir`; `metadata` goes into the Parquet footer.
    pub fn create(
        dir: &Path,
        schema: TableSchema,
        metadata: Vec<(String, String)>,
    ) -> Result<Self> {
        let parquet_path = dir.join(format!("{}.parquet", schema.table));
        let csv_path = dir.join(format!("{}.csv", schema.table));
        let pl_err = |e: polars::prelude::PolarsError| ScourError::Parquet {
            table: schema.table.clone(),
            message: e.to_string(),
        };
        let pl_schema = Schema::from_iter(schema.columns.iter().map(|c| {
            let dtype = match c.ty {
                ColumnType::String => DataType::String,
                ColumnType::Int64 => DataType::Int64,
                ColumnType::Float64 => DataType::Float64,
            };
            Field::new(c.name.as_str().into(), dtype)
        }));
        let file = File::create(&parquet_path).map_err(io_err(&parquet_path))?;
        let parquet = ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .with_key_value_metadata(Some(KeyValueMetadata::from_static(metadata)))
            .batched(&pl_schema)
            .map_err(pl_err)?;
        let file = File::create(&csv_path).map_err(io_err(&csv_path))?;
        let mut csv = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(BufWriter::new(file));
        csv.write_record(schema.columns.iter().map(|c| c.name.as_str()))
            .map_err(|e| csv_err(&csv_path, e))?;
        let buffers = schema
            .columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::String => Buffer::Str(Vec::new()),
                ColumnType::Int64 => Buffer::Int(Vec::new()),
                ColumnType::Float64 => Buffer::Float(Vec::new()),
            })
            .collect();
        Ok(TableWriter {
            schema,
            buffers,
            buffered_rows: 0,
            buffered_bytes: 0,
            rows: 0,
            parquet,
            csv,
            parquet_path,
            csv_path,
        })
    }

    /// Appends a row; it must name the schema's columns in order, with
    /// values of the schema's types and nulls only where allowed.
    pub fn push(&mut self, row: Row) -> Result<()> {
        let table = &self.schema.table;
        let mismatch = |message: String| ScourError::Schema {
            table: table.clone(),
            message,
        };
        if row.len() != self.schema.columns.len() {
            return Err(mismatch(format!(
                "row has {} columns, the schema {}",
                row.len(),
                self.schema.columns.len()
            )));
        }
        let mut record: Vec<String> = Vec::with_capacity(row.len());
        for (((name, value), column), buffer) in row
            .into_iter()
            .zip(&self.schema.columns)
            .zip(&mut self.buffers)
        {
            if name != column.name {
                return Err(mismatch(format!(
                    "column {name:?} where the schema has {:?}",
                    column.name
                )));
            }
            let is_null = matches!(
                value,
                Value::Str(None) | Value::Int(None) | Value::Float(None)
            );
            if is_null && !column.nullable {
                return Err(mismatch(format!("null in non-nullable column {name:?}")));
            }
            match (value, buffer) {
                (Value::Str(s), Buffer::Str(b)) => {
                    let text = s.as_deref().unwrap_or_default();
                    self.buffered_bytes += text.len();
                    record.push(text.to_string());
                    b.push(s);
                }
                (Value::Int(n), Buffer::Int(b)) => {
                    record.push(n.map(|n| n.to_string()).unwrap_or_default());
                    b.push(n);
                }
                (Value::Float(x), Buffer::Float(b)) => {
                    record.push(x.map(|x| x.to_string()).unwrap_or_default());
                    b.push(x);
                }
                _ => {
                    return Err(mismatch(format!(
                        "column {name:?} has a value of the wrong type"
                    )));
                }
            }
        }
        self.csv
            .write_record(&record)
            .map_err(|e| csv_err(&self.csv_path, e))?;
        self.buffered_rows += 1;
        self.rows += 1;
        if self.buffered_rows >= ROW_GROUP_ROWS || self.buffered_bytes >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.buffered_rows == 0 {
            return Ok(());
        }
        let columns: Vec<PlColumn> = self
            .schema
            .columns
            .iter()
            .zip(&mut self.buffers)
            .map(|(c, b)| match b {
                Buffer::Str(v) => PlColumn::new(c.name.as_str().into(), std::mem::take(v)),
                Buffer::Int(v) => PlColumn::new(c.name.as_str().into(), std::mem::take(v)),
                Buffer::Float(v) => PlColumn::new(c.name.as_str().into(), std::mem::take(v)),
            })
            .collect();
        let pl_err = |e: polars::prelude::PolarsError| ScourError::Parquet {
            table: self.schema.table.clone(),
            message: e.to_string(),
        };
        let df = DataFrame::new(self.buffered_rows, columns).map_err(pl_err)?;
        self.parquet.write_batch(&df).map_err(pl_err)?;
        self.buffered_rows = 0;
        self.buffered_bytes = 0;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes the last row group and both files' ends; returns the paths
    /// written and the row count.
    pub fn finish(mut self) -> Result<(String, u64, [PathBuf; 2])> {
        self.flush()?;
        let pl_err = |e: polars::prelude::PolarsError| ScourError::Parquet {
            table: self.schema.table.clone(),
            message: e.to_string(),
        };
        self.parquet.finish().map_err(pl_err)?;
        self.csv.flush().map_err(io_err(&self.csv_path))?;
        Ok((
            self.schema.table,
            self.rows,
            [self.parquet_path, self.csv_path],
        ))
    }
}

fn csv_err(path: &Path, e: csv::Error) -> ScourError {
    ScourError::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}
