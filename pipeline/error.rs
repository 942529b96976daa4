//! Errors of the library. Input problems become rows of the `errors` table;
//! only problems that stop the whole run are returned as `Err`.

use std::path::PathBuf;

/// A problem that stops the run before or while writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum ScourError {
    /// The input path does not exist or cannot be read.
    #[error("input {path} cannot be read")]
    Input {
        /// The input path given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The output folder lies inside the input, so outputs would be read back.
    #[error("output folder {output} is inside the input {input}: choose an output outside it")]
    OutputInsideInput {
        /// The input path.
        input: PathBuf,
        /// The output path.
        output: PathBuf,
    },
    /// An output file could not be written.
    #[error("cannot write {path}")]
    Output {
        /// The file or folder being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The output folder of a run could not be read back (`scour inspect`).
    #[error("cannot read {path}: {message}")]
    ReadBack {
        /// The file read.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The Parquet encoder failed.
    #[error("cannot write Parquet table {table}: {message}")]
    Parquet {
        /// The table being written.
        table: String,
        /// What polars said.
        message: String,
    },
    /// A table schema in `schemas/` and the writer disagree.
    #[error("schema mismatch for table {table}: {message}")]
    Schema {
        /// The table.
        table: String,
        /// What differs.
        message: String,
    },
    /// A dedup spill file cannot be written or read back.
    #[error("dedup spill file {path}: {source} (spill files go to TMPDIR)")]
    Spill {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The config file cannot be read or parsed.
    #[error("config file {path}: {message}")]
    ConfigFile {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line and the key.
        message: String,
    },
    /// A configuration key is unknown or its value is invalid.
    #[error("config key `{key}`: {message}")]
    Config {
        /// The key, dotted (`read.encodings."*.txt"`).
        key: String,
        /// What is wrong.
        message: String,
    },
    /// A boilerplate rule file is malformed.
    #[error("bad rule {id}: {message}")]
    Rule {
        /// The rule id (or file name when the file itself is bad).
        id: String,
        /// What is wrong.
        message: String,
    },
    /// Thread pool creation failed.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// What rayon said.
        message: String,
    },
}

/// Result alias for the library.
pub type Result<T> = std::result::Result<T, ScourError>;
