//! `--shard-rows`: each table as a folder of numbered parts that hold, in
//! order, exactly the rows of the single-file layout.

use std::path::Path;

use crate::common::{fixtures, read_csv, run};

fn run_sharded(input: &Path, output: &Path, shard_rows: Option<u64>) -> scour::write::Manifest {
    let mut options = crate::common::options(input, output, 2, scour::Config::default());
    options.shard_rows = shard_rows;
    scour::run(&options).unwrap()
}

#[test]
fn parts_hold_the_rows_of_the_single_file_in_order() {
    let input = fixtures("site");
    let whole = run(&input, 2);
    let out = tempfile::tempdir().unwrap();
    let manifest = run_sharded(&input, out.path(), Some(3));
    for table in scour::write::schema::TABLES {
        let expected = whole.table(table);
        let parts: Vec<_> = manifest
            .outputs
            .iter()
            .filter(|o| o.table == *table && o.file.ends_with(".csv"))
            .collect();
        assert_eq!(
            parts.len(),
            expected.len().div_ceil(3).max(1),
            "{table}: {parts:?}"
        );
        let mut rows = Vec::new();
        for (n, part) in parts.iter().enumerate() {
            assert_eq!(part.file, format!("{table}-csv/part-{n:05}.csv"));
            let part_rows = read_csv(&out.path().join(&part.file));
            assert_eq!(part_rows.len() as u64, part.rows);
            assert!(part.rows <= 3);
            let parquet = format!("{table}/part-{n:05}.parquet");
            assert!(out.path().join(parquet).is_file());
            rows.extend(part_rows);
        }
        assert_eq!(rows, expected, "{table}");
        assert!(!out.path().join(format!("{table}.csv")).exists());
    }
}

#[test]
fn a_run_in_the_other_layout_replaces_the_last_one_whole() {
    let input = fixtures("site");
    let out = tempfile::tempdir().unwrap();
    run_sharded(&input, out.path(), Some(2));
    assert!(out.path().join("documents/part-00001.parquet").is_file());
    // A file of the user's own beside the parts is left alone.
    std::fs::write(out.path().join("documents/notes.txt"), "mine").unwrap();
    run_sharded(&input, out.path(), None);
    assert!(out.path().join("documents.parquet").is_file());
    assert!(!out.path().join("documents/part-00000.parquet").exists());
    assert!(out.path().join("documents/notes.txt").is_file());
    assert!(!out.path().join("paragraphs").exists());
    assert!(!out.path().join("paragraphs-csv").exists());
    run_sharded(&input, out.path(), Some(1000));
    assert!(!out.path().join("documents.parquet").exists());
    assert!(!out.path().join("documents.csv").exists());
    assert!(out.path().join("documents-csv/part-00000.csv").is_file());
    assert!(!out.path().join("documents-csv/part-00001.csv").exists());
}
