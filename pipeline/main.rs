//! The `scour` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::IsTerminal;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

/// Turn folders of scraped web text into clean, deduplicated, sectioned datasets.
#[derive(Parser)]
#[command(name = "scour", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// An output file format (`scour run --formats`).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Parquet,
    Csv,
}

/// The options of `scour run` and `scour dedup`.
#[derive(clap::Args)]
struct RunArgs {
    /// Folder (read recursively, in sorted order) or single file.
    #[arg(long, short)]
    input: PathBuf,
    /// Output folder: the tables, as .parquet and .csv, and manifest.json
    /// (run: documents, sections, paragraphs, removed, errors; dedup:
    /// records, duplicates, errors).
    #[arg(long, short)]
    output: PathBuf,
    /// Worker threads [default: the number of cores]. The output does
    /// not depend on it.
    #[arg(long, short)]
    threads: Option<usize>,
    /// Split each table into a folder of numbered Parquet and CSV parts
    /// of at most N rows (documents/part-00000.parquet, ...), which
    /// polars, DuckDB, pyarrow and HF datasets read as one dataset.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    shard_rows: Option<u64>,
    /// Read and clean the input again in the second pass instead of
    /// spooling the first pass's cleaned documents to a file in the
    /// output folder (about twice the input's text, while the run
    /// lasts): slower, for when the output disk is short of space. Run
    /// only: dedup reads the input once.
    #[arg(long)]
    no_spool: bool,
    /// The files each table is written as, comma-separated: Parquet,
    /// CSV or both. CSV holds the same rows in about twice the space
    /// of zstd Parquet; `scour inspect` reads it.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "parquet,csv")]
    formats: Vec<Format>,
    /// No progress and no summary on stderr (errors are still reported).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Process an input folder (or file) into Parquet and CSV tables.
    ///
    /// Exit codes: 0 when all went well; 1 when the run completed but some
    /// input could not be read (see the errors table); 2 when it could not run.
    Run(#[command(flatten)] RunArgs),
    /// List the paragraphs that repeat, and nothing else: each non-blank
    /// line that repeats an earlier one (in its document or an earlier one
    /// in corpus order, compared by the dedup key) is a row of duplicates
    /// with the first occurrence and the character span to cut; every
    /// document read is a row of records. No cleaning and no sections: the
    /// counterpart of dolma's paragraph dedup, at a fraction of a run's
    /// cost. The dedup.* config keys apply.
    ///
    /// Exit codes as for run.
    Dedup(#[command(flatten)] RunArgs),
    /// Print the configuration a run would use (scour.toml or --config,
    /// with the --set overrides), or with --default every key at its
    /// default with a comment on each: a starting point for scour.toml.
    Config {
        /// Print the commented default configuration instead.
        #[arg(long)]
        default: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Read the input as `run` would and count records, encodings, formats
    /// and errors, without processing or writing anything: a quick check
    /// of a folder before a long run. Exit code 1 when some input cannot
    /// be read.
    Scan {
        /// Folder (read recursively, in sorted order) or single file.
        #[arg(long, short)]
        input: PathBuf,
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Show one document as scour saw it: every input line in order, kept
    /// lines plain, headings marked `#` by level, removed lines marked `-`
    /// with the rule that removed them; then title, date, fields, cluster.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["doc_id", "source"])))]
    Inspect {
        /// The document's id (doc_id in documents or removed).
        doc_id: Option<String>,
        /// The output folder of the run to look in.
        #[arg(long, short, default_value = "processed")]
        output: PathBuf,
        /// Instead: process this one input file now (with the config of
        /// `run`) and show its documents.
        #[arg(long)]
        source: Option<PathBuf>,
        /// With --source: only the document of this record number.
        #[arg(long, requires = "source")]
        record: Option<i64>,
        /// Colours: auto (when stdout is a terminal and NO_COLOR is unset), always, never.
        #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
        color: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// List the built-in boilerplate rules: id, kind, language, where the
    /// pattern must match in a line, where on the page the rule applies
    /// (any, head, tail, edge), the longest line it looks at, and the
    /// pattern.
    /// Tab-separated, one rule a line, with a header.
    Rules,
}

/// Where the configuration comes from.
#[derive(clap::Args)]
struct ConfigArgs {
    /// A TOML file of stage options [default: ./scour.toml when it exists].
    /// Keys left out keep their defaults; `scour config --default` lists them.
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Override one config key, after the file: KEY=VALUE with a dotted key,
    /// e.g. --set dedup.near_documents=false. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    overrides: Vec<String>,
}

/// The file read when --config is not given.
const DEFAULT_CONFIG_FILE: &str = "scour.toml";

impl ConfigArgs {
    /// The config file used, if any, and the config it gives.
    fn load(&self) -> anyhow::Result<(Option<PathBuf>, scour::Config)> {
        let file = self.config.clone().or_else(|| {
            let default = PathBuf::from(DEFAULT_CONFIG_FILE);
            default.is_file().then_some(default)
        });
        let config = scour::Config::load(file.as_deref(), &self.overrides)?;
        Ok((file, config))
    }
}

fn main() -> ExitCode {
    fix_glibc_mmap_threshold();
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("scour: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// glibc serves large allocations (row groups, batches of documents) by
/// mmap, but raises that threshold each time one is freed, up to 32 MiB;
/// then freed buffers stay in the heap, and peak memory grows through a
/// run. Fixed at 128 KiB, peak RSS of `scour run` on a 200 MB generated
/// corpus fell from 583 to 448 MB with one thread, 770 to 547 MB with two.
/// Since the row groups shrank, the gain is smaller and has a cost: on the
/// same corpus, one thread, glibc's default gave 250 MB in 25.1-27.0 s,
/// 1 MiB 217 MB in 26.5-27.4 s, 128 KiB 208 MB in 27.5-28.0 s (two runs
/// each, busy machine): the page faults of fresh mappings.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_glibc_mmap_threshold() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: mallopt only sets glibc allocator parameters; it runs first
    // in main, before any thread exists, and its failure (return 0) just
    // leaves glibc's defaults.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_glibc_mmap_threshold() {}

fn real_main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Rules => {
            let book = scour::boilerplate::RuleBook::builtin()?;
            let mut out = String::from("id\tkind\tlanguage\twhere\tzone\tmax_chars\tpattern\n");
            for rule in book.rules() {
                let s = &rule.spec;
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    s.id,
                    s.kind,
                    rule.language,
                    s.anchor.name(),
                    s.zone.name(),
                    s.max_chars,
                    s.pattern
                ));
            }
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Inspect {
            doc_id,
            output,
            source,
            record,
            color,
            config,
        } => {
            let color = match color.as_str() {
                "always" => true,
                "never" => false,
                _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let show = |dir: &std::path::Path, doc_id: &str| -> anyhow::Result<()> {
                let view = scour::inspect::inspect(dir, doc_id)?
                    .with_context(|| format!("no document {doc_id} in {}", dir.display()))?;
                print!("{}", view.render(doc_id, color));
                Ok(())
            };
            match (doc_id, source) {
                (Some(doc_id), _) => show(&output, &doc_id)?,
                (None, Some(source)) => {
                    let (config_file, config) = config.load()?;
                    let tmp = tempfile::tempdir()?;
                    scour::run(&scour::RunOptions {
                        input: source.clone(),
                        output: tmp.path().to_path_buf(),
                        threads: 1,
                        config,
                        config_file,
                        shard_rows: None,
                        progress: scour::progress::ProgressMode::Off,
                        spool: true,
                        // `inspect` reads the CSV tables.
                        formats: scour::write::Formats {
                            parquet: false,
                            csv: true,
                        },
                    })
                    .with_context(|| format!("processing {}", source.display()))?;
                    let errors = scour::inspect::errors(tmp.path())?;
                    for e in &errors {
                        eprintln!("scour: {e}");
                    }
                    let docs: Vec<_> = scour::inspect::documents(tmp.path())?
                        .into_iter()
                        .filter(|(_, r, _)| record.is_none_or(|want| *r == want))
                        .collect();
                    if docs.is_empty() {
                        anyhow::bail!("no document read from {}", source.display());
                    }
                    for (n, (_, _, doc_id)) in docs.iter().enumerate() {
                        if n > 0 {
                            println!();
                        }
                        show(tmp.path(), doc_id)?;
                    }
                }
                (None, None) => unreachable!("clap requires one of them"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Scan {
            input,
            json,
            config,
        } => {
            let (_, config) = config.load()?;
            let started = std::time::Instant::now();
            let scan = scour::scan::scan(&input, &config.read)?;
            let secs = started.elapsed().as_secs_f64();
            if json {
                println!("{}", serde_json::to_string_pretty(&scan)?);
            } else {
                print!("{}", scan_table(&scan, secs));
            }
            Ok(if scan.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Config { default, config } => {
            if default {
                print!("{}", scour::config::DEFAULT_TOML);
            } else {
                let (file, config) = config.load()?;
                let source = file.map_or("defaults only".to_string(), |f| f.display().to_string());
                println!("# effective configuration ({source}, then --set overrides)");
                print!("{}", toml::to_string(&config)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(args) => run_command(args, false),
        Command::Dedup(args) => run_command(args, true),
    }
}

/// `scour run`, or with `dedup` `scour dedup`: the summary on stderr, and
/// exit code 1 when some input could not be read.
fn run_command(args: RunArgs, dedup: bool) -> anyhow::Result<ExitCode> {
    let RunArgs {
        input,
        output,
        threads,
        shard_rows,
        no_spool,
        formats,
        quiet,
        config,
    } = args;
    let (config_file, config) = config.load()?;
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = scour::RunOptions {
        input: input.clone(),
        output: output.clone(),
        threads,
        config,
        config_file,
        shard_rows,
        progress: match (quiet, std::io::stderr().is_terminal()) {
            (true, _) => scour::progress::ProgressMode::Off,
            (false, true) => scour::progress::ProgressMode::Bar,
            (false, false) => scour::progress::ProgressMode::Lines,
        },
        spool: !no_spool,
        formats: scour::write::Formats {
            parquet: formats.contains(&Format::Parquet),
            csv: formats.contains(&Format::Csv),
        },
    };
    let manifest = match dedup {
        true => scour::spans::dedup(&options),
        false => scour::run(&options),
    }
    .with_context(|| format!("processing {}", input.display()))?;
    let c = &manifest.counts;
    if !quiet && dedup {
        eprintln!(
            "scour: {} files, {} records: {} documents, {} errors; {} of {} lines repeat an earlier one; outputs in {}",
            c.files,
            c.records,
            c.documents,
            c.errors,
            c.blocks_removed,
            c.blocks,
            output.display()
        );
    } else if !quiet {
        eprintln!(
            "scour: {} files, {} records: {} documents kept, {} dropped, {} errors; {} of {} lines removed; outputs in {}",
            c.files,
            c.records,
            c.documents,
            c.documents_dropped,
            c.errors,
            c.blocks_removed,
            c.blocks,
            output.display()
        );
        eprint!("{}", scour::progress::summary(&manifest, &output));
    }
    if c.errors > 0 {
        // The CSV when there is one: it opens anywhere.
        let errors = || manifest.outputs.iter().filter(|o| o.table == "errors");
        let listed = errors()
            .find(|o| o.file.ends_with(".csv"))
            .or_else(|| errors().next())
            .map_or("errors".into(), |o| o.file.clone());
        eprintln!(
            "scour: {} input problems are listed in {}",
            c.errors,
            output.join(listed).display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `scour scan`'s report for people.
fn scan_table(scan: &scour::scan::Scan, secs: f64) -> String {
    let join = |counts: &std::collections::BTreeMap<String, u64>| {
        let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        parts.join(", ")
    };
    let mut out = format!(
        "{} files ({} skipped), {} bytes: {} records ({} bytes of text), {} errors; {:.2} s, {:.1} MB/s\n",
        scan.files,
        scan.files_skipped,
        scan.bytes,
        scan.records,
        scan.text_bytes,
        scan.errors,
        secs,
        scan.bytes as f64 / 1e6 / secs.max(1e-6)
    );
    out.push_str(&format!("  formats    {}\n", join(&scan.formats)));
    out.push_str(&format!("  encodings  {}\n", join(&scan.encodings)));
    if scan.errors > 0 {
        out.push_str(&format!("  errors     {}\n", join(&scan.error_kinds)));
        for e in &scan.first_errors {
            out.push_str(&format!("    {e}\n"));
        }
        if scan.errors as usize > scan.first_errors.len() {
            out.push_str(&format!(
                "    ... and {} more\n",
                scan.errors as usize - scan.first_errors.len()
            ));
        }
    }
    out
}
