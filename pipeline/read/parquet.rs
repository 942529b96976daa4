//! Parquet files: one document per row; string and number columns become
//! fields (the text, id, url and title columns are configurable).

use std::io::Cursor;

use polars::prelude::{AnyValue, ParquetReader as PolarsParquet, SerReader};
use serde_json::{Map, Number, Value};

use super::{FormatReader, Input, Item, compress, fields, file_error, read_error_kind};
use crate::config::ReadConfig;

/// Reads `.parquet` files. A file is read whole (bounded by
/// `read.max_decompressed_bytes`), then its rows stream out.
pub struct ParquetReader {
    config: ReadConfig,
}

impl ParquetReader {
    /// A reader with these fields and limits.
    pub fn new(config: ReadConfig) -> Self {
        ParquetReader { config }
    }
}

fn json_of(value: AnyValue) -> Value {
    match value {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(b),
        AnyValue::String(s) => Value::String(s.to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        AnyValue::Int8(n) => n.into(),
        AnyValue::Int16(n) => n.into(),
        AnyValue::Int32(n) => n.into(),
        AnyValue::Int64(n) => n.into(),
        AnyValue::UInt8(n) => n.into(),
        AnyValue::UInt16(n) => n.into(),
        AnyValue::UInt32(n) => n.into(),
        AnyValue::UInt64(n) => n.into(),
        AnyValue::Float32(f) => Number::from_f64(f as f64).map_or(Value::Null, Value::Number),
        AnyValue::Float64(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        other => Value::String(other.to_string()),
    }
}

impl FormatReader for ParquetReader {
    fn name(&self) -> &'static str {
        "parquet"
    }

    fn read<'a>(&'a self, mut input: Input<'a>) -> Box<dyn Iterator<Item = Item> + 'a> {
        let source = input.source;
        let fail = |kind: &str, msg: String| file_error(source, kind, msg);
        let bytes = match compress::read_all(&mut input.reader, self.config.max_decompressed_bytes)
        {
            Ok(b) => b,
            Err(e) => return fail(read_error_kind(&e), format!("cannot read file: {e}")),
        };
        let df = match PolarsParquet::new(Cursor::new(bytes)).finish() {
            Ok(df) => df,
            Err(e) => return fail("bad_parquet", format!("not a readable Parquet file: {e}")),
        };
        let config = &self.config;
        Box::new((0..df.height()).map(move |i| {
            let mut obj = Map::new();
            for column in df.columns() {
                let value = column.get(i).map(json_of).unwrap_or(Value::Null);
                if !value.is_null() {
                    obj.insert(column.name().to_string(), value);
                }
            }
            fields::to_document(source, i as u64 + 1, obj, config)
        }))
    }
}
