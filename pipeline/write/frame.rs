//! Rows checked against a table's schema and gathered into a polars
//! `DataFrame`: what the Parquet writer writes, and what the Python
//! package hands to pyarrow.

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

/// The rows of one table gathered so far, column by column.
pub struct FrameBuilder {
    schema: TableSchema,
    buffers: Vec<Buffer>,
    rows: usize,
    text_bytes: usize,
}

impl FrameBuilder {
    /// An empty frame of `schema`'s columns.
    pub fn new(schema: TableSchema) -> Self {
        let buffers = schema
            .columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::String => Buffer::Str(Vec::new()),
                ColumnType::Int64 => Buffer::Int(Vec::new()),
                ColumnType::Float64 => Buffer::Float(Vec::new()),
            })
            .collect();
        FrameBuilder {
            schema,
            buffers,
            rows: 0,
            text_bytes: 0,
        }
    }

    /// The table's schema.
    pub fn schema(&self) -> &TableSchema {
        &self.schema
    }

    /// The polars schema of the frame.
    pub fn polars_schema(&self) -> Schema {
        Schema::from_iter(self.schema.columns.iter().map(|c| {
            let dtype = match c.ty {
                ColumnType::String => DataType::String,
                ColumnType::Int64 => DataType::Int64,
                ColumnType::Float64 => DataType::Float64,
            };
            Field::new(c.name.as_str().into(), dtype)
        }))
    }

    /// Rows gathered since the last `take`.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Bytes of text gathered since the last `take`.
    pub fn text_bytes(&self) -> usize {
        self.text_bytes
    }

    /// Appends a row; it must name the schema's columns in order, with
    /// values of the schema's types and nulls only where allowed. A row
    /// that does not is refused whole.
    pub fn push(&mut self, row: Row) -> Result<()> {
        self.check(&row)?;
        for ((_, value), buffer) in row.into_iter().zip(&mut self.buffers) {
            match (value, buffer) {
                (Value::Str(s), Buffer::Str(b)) => {
                    self.text_bytes += s.as_deref().map_or(0, str::len);
                    b.push(s);
                }
                (Value::Int(n), Buffer::Int(b)) => b.push(n),
                (Value::Float(x), Buffer::Float(b)) => b.push(x),
                _ => unreachable!("check compared every value's type"),
            }
        }
        self.rows += 1;
        Ok(())
    }

    fn check(&self, row: &Row) -> Result<()> {
        let mismatch = |message: String| ScourError::Schema {
            table: self.schema.table.clone(),
            message,
        };
        if row.len() != self.schema.columns.len() {
            return Err(mismatch(format!(
                "row has {} columns, the schema {}",
                row.len(),
                self.schema.columns.len()
            )));
        }
        for ((name, value), column) in row.iter().zip(&self.schema.columns) {
            if *name != column.name {
                return Err(mismatch(format!(
                    "column {name:?} where the schema has {:?}",
                    column.name
                )));
            }
            let (is_null, ty) = match value {
                Value::Str(s) => (s.is_none(), ColumnType::String),
                Value::Int(n) => (n.is_none(), ColumnType::Int64),
                Value::Float(x) => (x.is_none(), ColumnType::Float64),
            };
            if is_null && !column.nullable {
                return Err(mismatch(format!("null in non-nullable column {name:?}")));
            }
            if ty != column.ty {
                return Err(mismatch(format!(
                    "column {name:?} has a value of the wrong type"
                )));
            }
        }
        Ok(())
    }

    /// The rows gathered so far as a frame; the builder starts empty again.
    pub fn take(&mut self) -> Result<DataFrame> {
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
        let height = std::mem::take(&mut self.rows);
        self.text_bytes = 0;
        DataFrame::new(height, columns).map_err(|e| ScourError::Parquet {
            table: self.schema.table.clone(),
            message: e.to_string(),
        })
    }
}

/// The CSV form of a cell: empty for null.
pub fn csv_cell(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone().unwrap_or_default(),
        Value::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Value::Float(x) => x.map(|x| x.to_string()).unwrap_or_default(),
    }
}
