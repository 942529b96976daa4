//! Helpers: run scour on a fixture folder and read its tables back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use scour::write::schema::TABLES;

/// A CSV row as column name → value (an empty string for null).
pub type Row = HashMap<String, String>;

/// The fixtures folder.
pub fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The outputs of one run.
pub struct Output {
    pub dir: tempfile::TempDir,
    pub manifest: scour::write::Manifest,
}

impl Output {
    /// Rows of a table, read from its CSV file.
    pub fn table(&self, name: &str) -> Vec<Row> {
        read_csv(&self.dir.path().join(format!("{name}.csv")))
    }

    /// Rows of `removed` for the document read from `source`.
    pub fn removed_of(&self, source: &str) -> Vec<Row> {
        self.table("removed")
            .into_iter()
            .filter(|r| r["source"] == source)
            .collect()
    }

    /// The `documents` row read from `source`.
    pub fn document(&self, source: &str) -> Row {
        self.table("documents")
            .into_iter()
            .find(|r| r["source"] == source)
            .unwrap_or_else(|| panic!("no kept document from {source}"))
    }

    /// Bytes of every table file, the dataset card and the report, by file name.
    pub fn table_bytes(&self) -> Vec<(String, Vec<u8>)> {
        TABLES
            .iter()
            .flat_map(|t| [format!("{t}.parquet"), format!("{t}.csv")])
            .chain(["README.md".to_string(), "report.html".to_string()])
            .map(|f| {
                let bytes = std::fs::read(self.dir.path().join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    }
}

/// Runs scour with the default config.
pub fn run(input: &Path, threads: usize) -> Output {
    run_with(input, threads, scour::Config::default())
}

/// The options of a quiet run from `input` into `output`.
pub fn options(
    input: &Path,
    output: &Path,
    threads: usize,
    config: scour::Config,
) -> scour::RunOptions {
    scour::RunOptions {
        input: input.to_path_buf(),
        output: output.to_path_buf(),
        threads,
        config,
        config_file: None,
        shard_rows: None,
        progress: scour::progress::ProgressMode::Off,
        spool: true,
        formats: Default::default(),
    }
}

/// Runs scour with a config.
pub fn run_with(input: &Path, threads: usize, config: scour::Config) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let manifest = scour::run(&options(input, dir.path(), threads, config)).expect("run succeeds");
    Output { dir, manifest }
}

/// Reads a CSV file into rows.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Texts of a list of rows' column.
pub fn col<'a>(rows: &'a [Row], name: &str) -> Vec<&'a str> {
    rows.iter().map(|r| r[name].as_str()).collect()
}
