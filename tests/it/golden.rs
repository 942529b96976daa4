//! The tables scour writes for `raw/`, the sample corpus, are the ones
//! recorded in `tests/golden/raw.json` (rows and xxh3 of each CSV file,
//! which unlike Parquet bytes do not move with the polars version): a
//! change meant to be faster, or to touch something else, cannot move an
//! output row unnoticed. When a change in output is intended, re-record
//! with `make golden-record` and say in the commit what moved and why.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::common::run;

/// One CSV table as recorded.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Recorded {
    rows: u64,
    xxh3: String,
}

#[test]
fn outputs_for_raw_are_the_recorded_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(&root.join("raw"), 1);
    let got: BTreeMap<String, Recorded> = out
        .manifest
        .outputs
        .iter()
        .filter(|o| o.file.ends_with(".csv"))
        .map(|o| {
            let recorded = Recorded {
                rows: o.rows,
                xxh3: o.xxh3.clone(),
            };
            (o.file.clone(), recorded)
        })
        .collect();
    assert_eq!(got.len(), scour::write::schema::TABLES.len());
    let path = root.join("tests/golden/raw.json");
    if std::env::var_os("SCOUR_GOLDEN_RECORD").is_some() {
        let json = serde_json::to_string_pretty(&got).unwrap() + "\n";
        std::fs::write(&path, json).unwrap();
        return;
    }
    let want: BTreeMap<String, Recorded> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let moved: Vec<String> = want
        .iter()
        .filter(|(file, w)| got.get(*file) != Some(*w))
        .map(|(file, w)| {
            let rows = got.get(file).map_or("none".into(), |g| g.rows.to_string());
            format!("{file} (rows {} -> {rows})", w.rows)
        })
        .collect();
    assert!(
        moved.is_empty() && got.len() == want.len(),
        "the outputs for raw/ moved: {}. If that is intended, re-record with \
         `make golden-record` and say why in the commit.",
        moved.join(", ")
    );
}
