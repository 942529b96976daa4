//! The table schemas of `schemas/`, compiled in: the single source of truth
//! for column names, order and types. The writer refuses a row that does
//! not match its table's schema.

use serde::Deserialize;

use crate::error::{Result, ScourError};

/// The type of a column, as named in the schema files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// UTF-8 text (Parquet `BYTE_ARRAY` / `STRING`, Arrow `large_string`).
    String,
    /// 64-bit signed integer.
    Int64,
    /// 64-bit float.
    Float64,
    /// Labels with their values, in page order, each label once: Arrow
    /// `list<struct<key: string, value: string>>` (the layout of a Parquet
    /// MAP's entries; a value may be null), a JSON object in CSV.
    #[serde(rename = "map<string,string>")]
    StringMap,
}

impl ColumnType {
    /// The name used in the schema files.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Int64 => "int64",
            ColumnType::Float64 => "float64",
            ColumnType::StringMap => "map<string,string>",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// Whether the column may hold nulls.
    pub nullable: bool,
    /// What the column means.
    pub description: String,
}

/// A table's schema.
#[derive(Debug, Clone, Deserialize)]
pub struct TableSchema {
    /// Table name: the output file stem.
    pub table: String,
    /// Schema version, recorded in each Parquet footer.
    pub version: u32,
    /// What one row is.
    pub description: String,
    /// Columns in output order.
    pub columns: Vec<Column>,
}

/// The five output tables, in the order they are written.
pub const TABLES: [&str; 5] = ["documents", "sections", "paragraphs", "removed", "errors"];

/// The tables of `scour dedup`, in the order they are written.
pub const DEDUP_TABLES: [&str; 3] = ["records", "duplicates", "errors"];

const SCHEMA_FILES: [(&str, &str); 7] = [
    ("documents", include_str!("../../schemas/documents.json")),
    ("sections", include_str!("../../schemas/sections.json")),
    ("paragraphs", include_str!("../../schemas/paragraphs.json")),
    ("removed", include_str!("../../schemas/removed.json")),
    ("errors", include_str!("../../schemas/errors.json")),
    ("records", include_str!("../../schemas/records.json")),
    ("duplicates", include_str!("../../schemas/duplicates.json")),
];

/// The schema of `table`, parsed from the compiled-in schema file.
pub fn schema(table: &str) -> Result<TableSchema> {
    let (_, text) = SCHEMA_FILES
        .iter()
        .find(|(name, _)| *name == table)
        .ok_or_else(|| ScourError::Schema {
            table: table.to_string(),
            message: "no such table".into(),
        })?;
    let schema: TableSchema = serde_json::from_str(text).map_err(|e| ScourError::Schema {
        table: table.to_string(),
        message: format!("schemas/{table}.json is malformed: {e}"),
    })?;
    if schema.table != table {
        return Err(ScourError::Schema {
            table: table.to_string(),
            message: format!("schemas/{table}.json names table {:?}", schema.table),
        });
    }
    Ok(schema)
}
