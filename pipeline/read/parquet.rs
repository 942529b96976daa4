//! Parquet files: one document per row; string and number columns become
//! fields (the text, id, url and title columns are configurable).

use std::io::Cursor;

use polars::prelude::{AnyValue, DataFrame, ParquetReader as PolarsParquet, SerReader};
use serde_json::{Map, Number, Value};

use super::{FormatReader, Input, InputError, Item, compress, fields, file_error, read_error_kind};
use crate::config::ReadConfig;

/// Reads `.parquet` files. The file's bytes are held (bounded by
/// `read.max_decompressed_bytes`), but rows are decoded a slice of
/// [`SLICE_ROWS`] at a time, so memory holds the compressed file and one
/// slice, not the whole table decoded.
pub struct ParquetReader {
    config: ReadConfig,
}

impl ParquetReader {
    /// A reader with these fields and limits.
    pub fn new(config: ReadConfig) -> Self {
        ParquetReader { config }
    }
}

/// Rows decoded at a time.
const SLICE_ROWS: usize = 4096;

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

/// The document of row `row` of `df`, record number `record` of `source`:
/// its string and number cells become the record's fields, nulls are left
/// out (as a missing key in JSON Lines).
pub fn frame_row(
    source: &str,
    df: &DataFrame,
    row: usize,
    record: u64,
    config: &ReadConfig,
) -> Item {
    let mut obj = Map::new();
    for column in df.columns() {
        let value = column.get(row).map(json_of).unwrap_or(Value::Null);
        if !value.is_null() {
            obj.insert(column.name().to_string(), value);
        }
    }
    fields::to_document(source, record, obj, config)
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
        let rows = match PolarsParquet::new(Cursor::new(bytes.as_slice())).num_rows() {
            Ok(n) => n,
            Err(e) => return fail("bad_parquet", format!("not a readable Parquet file: {e}")),
        };
        let config = &self.config;
        let mut start = 0usize;
        let mut slice: Option<(DataFrame, usize)> = None;
        Box::new(std::iter::from_fn(move || {
            loop {
                if let Some((df, i)) = &mut slice
                    && *i < df.height()
                {
                    let record = (start - df.height() + *i + 1) as u64;
                    let item = frame_row(source, df, *i, record, config);
                    *i += 1;
                    return Some(item);
                }
                if start >= rows {
                    return None;
                }
                let read = PolarsParquet::new(Cursor::new(bytes.as_slice()))
                    .with_slice(Some((start, SLICE_ROWS)))
                    .finish();
                match read {
                    Ok(df) if df.height() > 0 => {
                        start += df.height();
                        slice = Some((df, 0));
                    }
                    // The rest of the file is lost: one error names the rows.
                    other => {
                        let why = match other {
                            Ok(_) => "the file ends early".to_string(),
                            Err(e) => e.to_string(),
                        };
                        let message =
                            format!("rows {} to {rows} could not be read: {why}", start + 1);
                        start = rows;
                        let error = InputError::new(source, None, "bad_parquet", message);
                        return Some(Item::Error(error));
                    }
                }
            }
        }))
    }
}
