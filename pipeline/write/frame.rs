//! Rows checked against a table's schema and gathered into a polars
//! `DataFrame`: what the Parquet writer writes, and what the Python
//! package hands to pyarrow.

use polars::prelude::{
    ChunkCast, Column as PlColumn, DataFrame, DataType, Field, IntoColumn, IntoSeries, ListChunked,
    NamedFrom, Schema, Series, StringChunkedBuilder, StructChunked,
};

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
    /// A map cell (label → value, in order, each label once), or null.
    Map(Option<Pairs>),
}

/// The entries of a map cell.
pub type Pairs = Vec<(String, Option<String>)>;

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

impl From<Option<Pairs>> for Value {
    fn from(pairs: Option<Pairs>) -> Self {
        Value::Map(pairs)
    }
}

/// A row: (column name, value) pairs in schema order.
pub type Row = Vec<(&'static str, Value)>;

enum Buffer {
    /// Text goes straight into Arrow's buffers, where it is kept once and
    /// contiguously until the row group is written; the row's `String` is
    /// freed at once. (Holding the `String`s and converting them at the end
    /// of the row group held each text twice at that moment, and the row
    /// groups of the four document tables were most of a run's memory.)
    Str(StringChunkedBuilder),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Map(Vec<Option<Pairs>>),
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
                ColumnType::String => {
                    Buffer::Str(StringChunkedBuilder::new(c.name.as_str().into(), 0))
                }
                ColumnType::Int64 => Buffer::Int(Vec::new()),
                ColumnType::Float64 => Buffer::Float(Vec::new()),
                ColumnType::StringMap => Buffer::Map(Vec::new()),
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
                ColumnType::StringMap => map_dtype(),
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
        self.push_checked(row);
        Ok(())
    }

    /// Appends a row that `check` accepted.
    pub(super) fn push_checked(&mut self, row: Row) {
        for ((_, value), buffer) in row.into_iter().zip(&mut self.buffers) {
            match (value, buffer) {
                (Value::Str(s), Buffer::Str(b)) => {
                    self.text_bytes += s.as_deref().map_or(0, str::len);
                    b.append_option(s.as_deref());
                }
                (Value::Int(n), Buffer::Int(b)) => b.push(n),
                (Value::Float(x), Buffer::Float(b)) => b.push(x),
                (Value::Map(m), Buffer::Map(b)) => {
                    let entry_bytes = |(k, v): &(String, Option<String>)| {
                        k.len() + v.as_deref().map_or(0, str::len)
                    };
                    self.text_bytes += m.iter().flatten().map(entry_bytes).sum::<usize>();
                    b.push(m);
                }
                _ => unreachable!("check compared every value's type"),
            }
        }
        self.rows += 1;
    }

    /// Whether `row` names the schema's columns in order, with values of
    /// their types and nulls only where allowed.
    pub(super) fn check(&self, row: &Row) -> Result<()> {
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
                Value::Map(m) => (m.is_none(), ColumnType::StringMap),
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
        let polars_err = |e: polars::error::PolarsError| ScourError::Parquet {
            table: self.schema.table.clone(),
            message: e.to_string(),
        };
        let columns: Vec<PlColumn> = self
            .schema
            .columns
            .iter()
            .zip(&mut self.buffers)
            .map(|(c, b)| {
                let name = c.name.as_str();
                Ok(match b {
                    Buffer::Str(v) => {
                        let fresh = StringChunkedBuilder::new(name.into(), 0);
                        std::mem::replace(v, fresh).finish().into_column()
                    }
                    Buffer::Int(v) => PlColumn::new(name.into(), std::mem::take(v)),
                    Buffer::Float(v) => PlColumn::new(name.into(), std::mem::take(v)),
                    Buffer::Map(v) => map_column(name, std::mem::take(v))?,
                })
            })
            .collect::<std::result::Result<_, polars::error::PolarsError>>()
            .map_err(polars_err)?;
        let height = std::mem::take(&mut self.rows);
        self.text_bytes = 0;
        DataFrame::new(height, columns).map_err(polars_err)
    }
}

/// The Arrow type of a map column: a list of key-value structs.
fn map_dtype() -> DataType {
    DataType::List(Box::new(DataType::Struct(vec![
        Field::new("key".into(), DataType::String),
        Field::new("value".into(), DataType::String),
    ])))
}

/// A map column from its cells. The cast gives a column of nulls alone
/// (whose entries' type polars cannot see) the type of every other.
fn map_column(name: &str, cells: Vec<Option<Pairs>>) -> polars::error::PolarsResult<PlColumn> {
    let lists = cells
        .into_iter()
        .map(|cell| {
            cell.map(|pairs| {
                let (keys, values): (Vec<String>, Vec<Option<String>>) = pairs.into_iter().unzip();
                let fields = [
                    Series::new("key".into(), keys),
                    Series::new("value".into(), values),
                ];
                StructChunked::from_series("".into(), fields[0].len(), fields.iter())
                    .map(IntoSeries::into_series)
            })
            .transpose()
        })
        .collect::<polars::error::PolarsResult<ListChunked>>()?;
    Ok(lists
        .cast(&map_dtype())?
        .with_name(name.into())
        .into_column())
}

/// The CSV form of a cell, as the bytes the CSV writer takes: empty for
/// null. Text is borrowed, not copied: it is most of what a run writes.
pub fn csv_cell(value: &Value) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    let owned = |s: String| Cow::Owned(s.into_bytes());
    match value {
        Value::Str(s) => Cow::Borrowed(s.as_deref().unwrap_or_default().as_bytes()),
        Value::Int(n) => owned(n.map(|n| n.to_string()).unwrap_or_default()),
        Value::Float(x) => owned(x.map(|x| x.to_string()).unwrap_or_default()),
        Value::Map(m) => owned(m.as_deref().map(map_json).unwrap_or_default()),
    }
}

/// A map cell as a JSON object, its labels in order (serde_json's map
/// would sort them).
pub fn map_json(pairs: &[(String, Option<String>)]) -> String {
    let json = |v: Option<&str>| serde_json::to_string(&v).expect("strings serialize");
    let entries: Vec<String> = pairs
        .iter()
        .map(|(label, value)| format!("{}:{}", json(Some(label)), json(value.as_deref())))
        .collect();
    format!("{{{}}}", entries.join(","))
}
