//! The tables written agree with `schemas/`, in Parquet and in CSV.

use std::fs::File;

use polars::prelude::*;

use crate::common::{fixtures, run};

fn schema_file(table: &str) -> serde_json::Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{table}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn parquet_and_csv_match_the_schema_files() {
    let out = run(&fixtures("site"), 2);
    for table in scour::write::schema::TABLES {
        let schema = schema_file(table);
        let columns = schema["columns"].as_array().unwrap();
        let names: Vec<&str> = columns
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let file = File::open(out.dir.path().join(format!("{table}.parquet"))).unwrap();
        let df = ParquetReader::new(file).finish().unwrap();
        let got: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(got, names, "{table}: parquet columns");
        for c in columns {
            let dtype = df
                .column(c["name"].as_str().unwrap())
                .unwrap()
                .dtype()
                .clone();
            let want = match c["type"].as_str().unwrap() {
                "string" => DataType::String,
                "int64" => DataType::Int64,
                "float64" => DataType::Float64,
                "map<string,string>" => DataType::List(Box::new(DataType::Struct(vec![
                    Field::new("key".into(), DataType::String),
                    Field::new("value".into(), DataType::String),
                ]))),
                other => panic!("unknown type {other}"),
            };
            assert_eq!(dtype, want, "{table}.{}", c["name"]);
            if !c["nullable"].as_bool().unwrap() {
                assert_eq!(
                    df.column(c["name"].as_str().unwrap()).unwrap().null_count(),
                    0,
                    "{table}.{} has nulls",
                    c["name"]
                );
            }
        }
        let csv_header =
            std::fs::read_to_string(out.dir.path().join(format!("{table}.csv"))).unwrap();
        assert_eq!(
            csv_header.lines().next().unwrap(),
            names.join(","),
            "{table}: csv header"
        );
        let rows = out
            .manifest
            .outputs
            .iter()
            .find(|o| o.file == format!("{table}.parquet"))
            .unwrap()
            .rows;
        assert_eq!(df.height() as u64, rows, "{table}: manifest rows");
    }
}

#[test]
fn a_row_that_disagrees_with_the_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let schema = scour::write::schema::schema("errors").unwrap();
    let mut writer =
        scour::write::TableWriter::create(dir.path(), schema, vec![], Default::default(), None)
            .unwrap();
    let swapped = vec![
        ("record", scour::write::Value::Int(Some(1))),
        ("source", "a.txt".into()),
        ("kind", "x".into()),
        ("message", "m".into()),
    ];
    let err = writer.push(swapped).unwrap_err().to_string();
    assert!(err.contains("schema mismatch for table errors"), "{err}");
    let null_kind = vec![
        ("source", "a.txt".into()),
        ("record", scour::write::Value::Int(None)),
        ("kind", scour::write::Value::Str(None)),
        ("message", "m".into()),
    ];
    assert!(
        writer
            .push(null_kind)
            .unwrap_err()
            .to_string()
            .contains("null in non-nullable column")
    );
}

#[test]
fn parquet_footer_records_schema_version_and_config() {
    let out = run(&fixtures("site"), 1);
    let bytes = std::fs::read(out.dir.path().join("documents.parquet")).unwrap();
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(20_000)..]).to_string();
    for key in [
        "scour.version",
        "scour.config",
        "scour.schema_version",
        "min_paragraph_bytes",
    ] {
        assert!(tail.contains(key), "footer lacks {key}");
    }
}
