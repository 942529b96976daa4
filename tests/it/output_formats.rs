//! `--formats`: a run that writes only Parquet or only CSV writes the same
//! bytes as a run that writes both, and nothing of the other format.

use std::collections::BTreeMap;
use std::path::Path;

use scour::write::Formats;

use crate::common::{fixtures, options};

const PARQUET: Formats = Formats {
    parquet: true,
    csv: false,
};
const CSV: Formats = Formats {
    parquet: false,
    csv: true,
};

fn run(output: &Path, formats: Formats, shard_rows: Option<u64>) -> scour::write::Manifest {
    let mut options = options(&fixtures("site"), output, 2, scour::Config::default());
    options.formats = formats;
    options.shard_rows = shard_rows;
    scour::run(&options).unwrap()
}

/// Every table file under `dir` (recursively), by path, with its bytes.
fn table_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "parquet" || e == "csv")
            {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn one_format_writes_the_files_of_both_in_that_format_only() {
    for shard_rows in [None, Some(3)] {
        let both = tempfile::tempdir().unwrap();
        run(both.path(), Formats::default(), shard_rows);
        let all = table_files(both.path());
        for (formats, ext) in [(PARQUET, ".parquet"), (CSV, ".csv")] {
            let out = tempfile::tempdir().unwrap();
            let manifest = run(out.path(), formats, shard_rows);
            let files = table_files(out.path());
            let expected: BTreeMap<_, _> = all
                .iter()
                .filter(|(name, _)| name.ends_with(ext))
                .map(|(n, b)| (n.clone(), b.clone()))
                .collect();
            assert!(expected.len() >= 5, "{shard_rows:?} {ext}");
            assert_eq!(
                files.keys().collect::<Vec<_>>(),
                expected.keys().collect::<Vec<_>>(),
                "{shard_rows:?} {ext}"
            );
            assert!(files == expected, "{shard_rows:?} {ext}: bytes differ");
            assert!(manifest.outputs.iter().all(|o| o.file.ends_with(ext)));
            assert_eq!(
                manifest.run["formats"],
                serde_json::json!([&ext[1..]]),
                "{:?}",
                manifest.run
            );
            // The dataset card points at what was written.
            let card = std::fs::read_to_string(out.path().join("README.md")).unwrap();
            let wanted = match shard_rows {
                None => format!("path: \"documents{ext}\""),
                Some(_) if ext == ".csv" => "path: \"documents-csv/*.csv\"".to_string(),
                Some(_) => "path: \"documents/*.parquet\"".to_string(),
            };
            assert!(card.contains(&wanted), "{wanted} not in\n{card}");
        }
    }
}

#[test]
fn a_run_in_one_format_leaves_no_file_of_the_last_run_in_the_other() {
    let out = tempfile::tempdir().unwrap();
    run(out.path(), Formats::default(), None);
    run(out.path(), PARQUET, None);
    assert!(out.path().join("documents.parquet").is_file());
    assert!(!out.path().join("documents.csv").exists());
    run(out.path(), CSV, Some(2));
    assert!(!out.path().join("documents.parquet").exists());
    assert!(out.path().join("documents-csv/part-00000.csv").is_file());
    assert!(!out.path().join("documents").exists());
}

#[test]
fn no_format_is_refused_and_inspect_says_it_needs_csv() {
    let out = tempfile::tempdir().unwrap();
    let none = Formats {
        parquet: false,
        csv: false,
    };
    let mut opts = options(&fixtures("site"), out.path(), 1, scour::Config::default());
    opts.formats = none;
    let message = scour::run(&opts).unwrap_err().to_string();
    assert!(message.contains("no output format"), "{message}");

    run(out.path(), PARQUET, None);
    let message = scour::inspect::inspect(out.path(), "0000000000000000")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("no CSV tables") && message.contains("--formats"),
        "{message}"
    );
}
