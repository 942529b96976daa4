//! The `scour._scour` extension module: the native half of the Python
//! package. `scour/__init__.py` wraps it with the documented API; this
//! side only converts (configs, Arrow tables, errors) and releases the GIL
//! while scour works.

mod arrow;

use std::collections::HashMap;
use std::path::PathBuf;

use polars::prelude::DataFrame;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use scour::engine::NamedFile;
use scour::progress::ProgressMode;
use scour::read::{FileData, Item};
use scour::tables::Tables;
use scour::{Config, RunOptions};

create_exception!(
    _scour,
    ScourError,
    PyException,
    "An error of scour: a bad config, an unreadable input folder, an output that cannot be written."
);

fn error(e: scour::ScourError) -> PyErr {
    ScourError::new_err(e.to_string())
}

/// The config from a JSON object (a Python dict), a TOML file, or neither
/// (the defaults).
fn config(json: Option<&str>, file: Option<PathBuf>) -> PyResult<Config> {
    match (json, file) {
        (Some(json), _) => Config::from_json(json, "config"),
        (None, file) => Config::load(file.as_deref(), &[]),
    }
    .map_err(error)
}

/// Runs scour over `input` into `output`, as `scour run` does; returns the
/// manifest as JSON.
#[pyfunction]
#[pyo3(signature = (input, output, config_json=None, config_file=None, threads=0, progress=false, formats=None, shard_rows=None))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    input: PathBuf,
    output: PathBuf,
    config_json: Option<&str>,
    config_file: Option<PathBuf>,
    threads: usize,
    progress: bool,
    formats: Option<Vec<String>>,
    shard_rows: Option<u64>,
) -> PyResult<String> {
    let options = run_options(
        input,
        output,
        config_json,
        config_file,
        threads,
        progress,
        formats,
        shard_rows,
    )?;
    manifest_json(py, scour::run, &options)
}

/// Lists the repeated lines of `input` into `output`, as `scour dedup`
/// does; returns the manifest as JSON. The arguments are `run`'s.
#[pyfunction]
#[pyo3(signature = (input, output, config_json=None, config_file=None, threads=0, progress=false, formats=None, shard_rows=None))]
#[allow(clippy::too_many_arguments)]
fn dedup(
    py: Python<'_>,
    input: PathBuf,
    output: PathBuf,
    config_json: Option<&str>,
    config_file: Option<PathBuf>,
    threads: usize,
    progress: bool,
    formats: Option<Vec<String>>,
    shard_rows: Option<u64>,
) -> PyResult<String> {
    let options = run_options(
        input,
        output,
        config_json,
        config_file,
        threads,
        progress,
        formats,
        shard_rows,
    )?;
    manifest_json(py, scour::spans::dedup, &options)
}

/// Runs `command` without the GIL; its manifest as JSON.
fn manifest_json(
    py: Python<'_>,
    command: fn(&RunOptions) -> scour::Result<scour::write::Manifest>,
    options: &RunOptions,
) -> PyResult<String> {
    let manifest = py.detach(|| command(options)).map_err(error)?;
    Ok(serde_json::to_string(&manifest).expect("the manifest serializes"))
}

/// The options of `run` and `dedup`: `threads` 0 is the machine's cores,
/// `formats` `None` both; a `ValueError` for an unknown format or
/// `shard_rows` 0.
#[allow(clippy::too_many_arguments)]
fn run_options(
    input: PathBuf,
    output: PathBuf,
    config_json: Option<&str>,
    config_file: Option<PathBuf>,
    threads: usize,
    progress: bool,
    formats: Option<Vec<String>>,
    shard_rows: Option<u64>,
) -> PyResult<RunOptions> {
    if shard_rows == Some(0) {
        return Err(PyValueError::new_err("shard_rows must be at least 1"));
    }
    let formats = match formats {
        None => scour::write::Formats::default(),
        Some(names) => {
            if let Some(bad) = names.iter().find(|n| *n != "parquet" && *n != "csv") {
                return Err(PyValueError::new_err(format!(
                    "unknown output format {bad:?}: the formats are \"parquet\" and \"csv\""
                )));
            }
            scour::write::Formats {
                parquet: names.iter().any(|n| n == "parquet"),
                csv: names.iter().any(|n| n == "csv"),
            }
        }
    };
    Ok(RunOptions {
        input,
        output,
        threads: if threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            threads
        },
        config: config(config_json, config_file.clone())?,
        config_file,
        shard_rows,
        // Lines, not a bar: a notebook shows stderr but does not redraw it.
        progress: if progress {
            ProgressMode::Lines
        } else {
            ProgressMode::Off
        },
        spool: true,
        formats,
    })
}

/// The per-document stages, built once from a config: for many calls (one
/// per batch of a Ray dataset) without building them again.
#[pyclass(frozen, module = "scour._scour")]
struct Cleaner {
    inner: scour::run::Cleaner,
}

/// `(name, (schema capsule, array capsule))` for each table.
fn export<'py>(py: Python<'py>, tables: Tables) -> PyResult<Bound<'py, PyList>> {
    let items = tables
        .tables
        .into_iter()
        .map(|(schema, df)| {
            let nullable: Vec<bool> = schema.columns.iter().map(|c| c.nullable).collect();
            let batch = arrow::export_frame(py, df, &nullable)?;
            PyTuple::new(
                py,
                [schema.table.into_pyobject(py)?.into_any(), batch.into_any()],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// What [`scour::tables`] makes of a table of records.
type TablesOf = fn(&scour::run::Cleaner, &str, u64, &DataFrame) -> scour::Result<Tables>;

impl Cleaner {
    /// `make` over the records of `data`, without the GIL.
    fn tables<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        source: &str,
        first_record: u64,
        make: TablesOf,
    ) -> PyResult<Bound<'py, PyList>> {
        let df = arrow::import_frame(data)?;
        let tables = py
            .detach(|| make(&self.inner, source, first_record, &df))
            .map_err(error)?;
        export(py, tables)
    }

    /// One engine pass over one file, without the GIL.
    fn on_file<'py>(
        &self,
        py: Python<'py>,
        file: FileArg<'py>,
        pass: impl FnOnce(&scour::run::Cleaner, FileData<'_>) -> scour::Result<Tables> + Send,
    ) -> PyResult<Bound<'py, PyList>> {
        let file = file.owned();
        let tables = py
            .detach(|| file.with(|data| pass(&self.inner, data)))
            .map_err(error)?;
        export(py, tables)
    }
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (config_json=None, config_file=None))]
    fn new(config_json: Option<&str>, config_file: Option<PathBuf>) -> PyResult<Self> {
        let config = config(config_json, config_file)?;
        Ok(Cleaner {
            inner: scour::run::Cleaner::new(&config).map_err(error)?,
        })
    }

    /// The output tables of the records of `data`.
    #[pyo3(signature = (data, source, first_record))]
    fn clean<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        source: &str,
        first_record: u64,
    ) -> PyResult<Bound<'py, PyList>> {
        self.tables(py, data, source, first_record, scour::tables::clean)
    }

    /// The dedup key tables of the records of `data`.
    #[pyo3(signature = (data, source, first_record))]
    fn keys<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        source: &str,
        first_record: u64,
    ) -> PyResult<Bound<'py, PyList>> {
        self.tables(py, data, source, first_record, scour::tables::keys)
    }

    /// The files of `input` scour reads, in corpus order, as (path,
    /// source) pairs, and the errors table of the folders that could not
    /// be listed.
    fn input_files<'py>(
        &self,
        py: Python<'py>,
        input: PathBuf,
    ) -> PyResult<(Vec<NamedFile>, Bound<'py, PyList>)> {
        let (files, errors) = scour::engine::input_files(&self.inner, &input).map_err(error)?;
        let items = errors.into_iter().map(Item::Error).collect();
        let key = &self.inner.config().dedup.key;
        let tables = scour::tables::output_tables(items, key).map_err(error)?;
        Ok((files, export(py, tables)?))
    }

    /// Pass 1 of the engine: the key tables of one file (its path, or its
    /// bytes as on disk).
    fn file_keys<'py>(
        &self,
        py: Python<'py>,
        file: FileArg<'py>,
        source: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        self.on_file(py, file, |c, data| {
            scour::engine::file_keys(c, data, source)
        })
    }

    /// Pass 3 of the engine: what is left of each page after the first
    /// decisions (a JSON object by doc id).
    fn file_left<'py>(
        &self,
        py: Python<'py>,
        file: FileArg<'py>,
        source: &str,
        decisions: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let decisions = parse_decisions(decisions)?;
        self.on_file(py, file, |c, data| {
            scour::engine::file_left(c, data, source, &decisions)
        })
    }

    /// Pass 5 of the engine: the output tables of one file, from every
    /// decision and the template counts (JSON objects of hex key → pages).
    fn file_tables<'py>(
        &self,
        py: Python<'py>,
        file: FileArg<'py>,
        source: &str,
        decisions: &str,
        pages: &str,
        lines: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let decisions = parse_decisions(decisions)?;
        let counts = scour::engine::TemplateCounts {
            pages: parse_counts(pages)?,
            lines: parse_counts(lines)?,
        };
        self.on_file(py, file, |c, data| {
            scour::engine::file_tables(c, data, source, &decisions, &counts)
        })
    }

    /// The effective config, as JSON.
    fn config_json(&self) -> String {
        serde_json::to_string(self.inner.config()).expect("the config serializes")
    }
}

/// An input file as Python hands it over: its bytes, or its path.
#[derive(FromPyObject)]
enum FileArg<'py> {
    Bytes(Bound<'py, PyBytes>),
    Path(PathBuf),
}

/// A [`FileArg`] that can go where the GIL is not held.
enum OwnedFile {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl FileArg<'_> {
    fn owned(self) -> OwnedFile {
        match self {
            FileArg::Bytes(b) => OwnedFile::Bytes(b.as_bytes().to_vec()),
            FileArg::Path(p) => OwnedFile::Path(p),
        }
    }
}

impl OwnedFile {
    /// `f` of the file's data.
    fn with<T>(self, f: impl FnOnce(FileData<'_>) -> T) -> T {
        match self {
            OwnedFile::Bytes(b) => f(FileData::Bytes(b)),
            OwnedFile::Path(p) => f(FileData::Path(&p)),
        }
    }
}

fn parse_decisions(json: &str) -> PyResult<scour::engine::Decisions> {
    serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("decisions: {e}")))
}

fn parse_counts(json: &str) -> PyResult<HashMap<u64, u32>> {
    let counts: HashMap<String, u32> =
        serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("counts: {e}")))?;
    counts
        .into_iter()
        .map(|(k, n)| {
            u64::from_str_radix(&k, 16)
                .map(|k| (k, n))
                .map_err(|e| PyValueError::new_err(format!("counts: key {k:?}: {e}")))
        })
        .collect()
}

/// The native module.
#[pymodule]
fn _scour(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ScourError", m.py().get_type::<ScourError>())?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(dedup, m)?)?;
    m.add_class::<Cleaner>()?;
    Ok(())
}
