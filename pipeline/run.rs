//! The run: read the input in corpus order, push batches of documents
//! through the stages (per-document stages in parallel, corpus-wide stages
//! in order), and stream the rows into the output tables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::boilerplate::{BodySpan, Boilerplate, RuleBook, SiteTemplates};
use crate::config::Config;
use crate::dedup::{AcrossCorpus, KeyConfig, WithinDocument};
use crate::document::{Document, Removal};
use crate::error::{Result, ScourError};
use crate::metadata::{DateLine, RecordFields};
use crate::normalize::Normalize;
use crate::pipe::{Step, run_steps};
use crate::progress::{Progress, ProgressMode};
use crate::quality::Quality;
use crate::read::{FileData, FormatReader, InputError, InputFile, Item, Readers, walk};
use crate::segment::Segment;
use crate::spool::Spool;
use crate::stage::{CorpusStage, DocStage};
use crate::title::Title;
use crate::write::{
    Counts, DocRows, InputRecord, Manifest, Outputs, ReasonCount, document_rows, hash_file,
};

/// What to run on, and how.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// A folder (read recursively) or a single file.
    pub input: PathBuf,
    /// The output folder; created when missing.
    pub output: PathBuf,
    /// Worker threads (the output does not depend on it).
    pub threads: usize,
    /// Stage options.
    pub config: Config,
    /// The file the options came from, recorded in the manifest.
    pub config_file: Option<PathBuf>,
    /// Split each table into numbered parts of at most this many rows.
    pub shard_rows: Option<u64>,
    /// The files each table is written as (Parquet and CSV by default).
    pub formats: crate::write::Formats,
    /// Progress on stderr.
    pub progress: ProgressMode,
    /// When a counting pass runs (near-duplicates, site templates), spool
    /// its cleaned documents to a file in the output folder for the
    /// applying pass, which then neither reads nor cleans them again; the
    /// file holds about twice the input's text while the run lasts. Off,
    /// the applying pass reads and cleans the input again.
    pub spool: bool,
}

/// Documents per batch, and raw text bytes that close a batch early: the
/// bound on what a run holds in memory besides the corpus-wide hash sets.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 8 << 20;

/// Collects documents into batches of at most `BATCH_DOCS` documents or
/// about `BATCH_BYTES` of raw text.
#[derive(Default)]
struct Batcher {
    docs: Vec<Document>,
    bytes: usize,
}

impl Batcher {
    /// Adds a document; returns the batch when it is full.
    fn push(&mut self, doc: Document) -> Option<Vec<Document>> {
        self.bytes += doc.raw.len();
        self.docs.push(doc);
        (self.docs.len() >= BATCH_DOCS || self.bytes >= BATCH_BYTES).then(|| self.rest())
    }

    /// The documents collected so far.
    fn rest(&mut self) -> Vec<Document> {
        self.bytes = 0;
        std::mem::take(&mut self.docs)
    }
}

/// Every per-document stage, built once: cleaning, record fields, title,
/// date, in-document dedup and sections, but no corpus-wide dedup and no
/// writing. For fuzzing, and for callers that do the corpus-wide work
/// themselves.
pub struct Cleaner {
    config: Config,
    readers: Readers,
    before: Vec<Box<dyn DocStage>>,
    segment: Segment,
}

impl Cleaner {
    /// The stages as `config` sets them.
    pub fn new(config: &Config) -> Result<Cleaner> {
        config.check()?;
        Ok(Cleaner {
            config: config.clone(),
            readers: Readers::new(&config.read)?,
            before: doc_stages(config, Arc::new(rule_book(config)?)),
            segment: Segment::new(config.segment.clone()),
        })
    }

    /// The options the stages were built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every per-document stage before corpus-wide dedup: what the dedup
    /// keys are taken from.
    pub fn prepare(&self, doc: &mut Document) {
        self.before.iter().for_each(|s| s.apply(doc));
    }

    /// The sections stage alone, which runs after the corpus-wide stages.
    pub fn segment(&self, doc: &mut Document) {
        self.segment.apply(doc);
    }

    /// Every per-document stage, sections included: the document as `scour
    /// run` writes it when it repeats nothing of the corpus (dropped as
    /// `doc.empty` when nothing is kept).
    pub fn clean(&self, doc: &mut Document) {
        self.prepare(doc);
        if doc.dropped.is_none() {
            doc.drop_if_empty(crate::dedup::NOTHING_KEPT);
        }
        self.segment.apply(doc);
    }

    /// Reads one file (`source` is its name as shown in errors; its
    /// extension picks the format, and none is read when scour does not
    /// read that format) and runs the stages on each record.
    pub fn clean_file(&self, path: &Path, source: &str) -> Vec<Item> {
        self.read_file(FileData::Path(path), source, |doc| self.clean(doc))
    }

    /// Reads one file as [`Cleaner::clean_file`] does, with `stages` run
    /// on each record.
    pub fn read_file(
        &self,
        data: FileData<'_>,
        source: &str,
        stages: impl Fn(&mut Document),
    ) -> Vec<Item> {
        let Some(reader) = self.readers.for_name(source) else {
            return Vec::new();
        };
        self.readers
            .read_data(reader, data, source)
            .map(|item| match item {
                Item::Doc(mut doc) => {
                    stages(&mut doc);
                    Item::Doc(doc)
                }
                error => error,
            })
            .collect()
    }

    /// Whether scour reads files of this name.
    pub fn reads(&self, source: &str) -> bool {
        self.readers.for_name(source).is_some()
    }
}

/// The rule library as the config selects it.
fn rule_book(config: &Config) -> Result<RuleBook> {
    let b = &config.boilerplate;
    RuleBook::builtin_selected(&b.languages, &b.disabled)
}

/// Per-document stages before the corpus-wide ones, in flow order.
fn doc_stages(config: &Config, book: Arc<RuleBook>) -> Vec<Box<dyn DocStage>> {
    let mut stages: Vec<Box<dyn DocStage>> = vec![Box::new(Normalize)];
    if config.boilerplate.rules {
        stages.push(Box::new(Boilerplate::new(
            book,
            config.boilerplate.min_prose_width,
        )));
    }
    // Before the body span: record fields and date lines sit around the
    // body and would otherwise go as context, taking the facts with them.
    // Fields before the title, whose repeats would take a value that
    // repeats it ("Original title").
    stages.push(Box::new(RecordFields));
    stages.push(Box::new(Title::new(config.title.clone())));
    stages.push(Box::new(DateLine));
    // Repeats go before the body span is measured: a repeated paragraph
    // must not be what anchors the body.
    stages.push(Box::new(WithinDocument::new(config.dedup.clone())));
    if config.boilerplate.context {
        stages.push(Box::new(body_span(config)));
    }
    if !config.quality.sets.is_empty() {
        stages.push(Box::new(Quality::new(&config.quality)));
    }
    stages
}

/// The context stage as configured.
pub(crate) fn body_span(config: &Config) -> BodySpan {
    BodySpan::new(config.boilerplate.min_prose_width)
        .with_short_runs(config.boilerplate.min_short_run)
}

/// The corpus-wide stages, in flow order: dedup before templates, so that
/// copies are compared on the page as it was (a copy on another site has
/// other templates); the templates stage then removes a template line from
/// every page, the first occurrence that dedup kept included.
fn corpus_stages(config: &Config) -> Vec<Box<dyn CorpusStage>> {
    let mut stages: Vec<Box<dyn CorpusStage>> = vec![Box::new(corpus_dedup(config))];
    if config.boilerplate.templates.enabled {
        stages.push(Box::new(site_templates(config)));
    }
    stages
}

/// The site templates stage as configured (whether or not it is enabled).
pub(crate) fn site_templates(config: &Config) -> SiteTemplates {
    SiteTemplates::new(
        config.boilerplate.templates.clone(),
        config.dedup.key.clone(),
        body_span(config),
        config.boilerplate.context,
    )
}

/// Corpus-wide dedup, re-running the body span on documents it shortens.
fn corpus_dedup(config: &Config) -> AcrossCorpus {
    let stage = AcrossCorpus::new(config.dedup.clone());
    if config.boilerplate.context {
        stage.with_trim(Box::new(body_span(config)))
    } else {
        stage
    }
}

struct Runner {
    pool: rayon::ThreadPool,
    /// Whether the counting pass spools its documents for the applying pass.
    spool: bool,
    /// Whether the steps of a pass run on threads of their own.
    overlap: bool,
    before: Vec<Box<dyn DocStage>>,
    corpus: Vec<Box<dyn CorpusStage>>,
    after: Vec<Box<dyn DocStage>>,
    key: KeyConfig,
    outputs: Outputs,
    manifest: Manifest,
    started: Instant,
    progress: Progress,
}

/// Runs scour over `options.input` into `options.output` and returns the
/// manifest it wrote. Input problems are rows of `errors`, not `Err`.
pub fn run(options: &RunOptions) -> Result<Manifest> {
    let started = Instant::now();
    check_options(options)?;
    let book = Arc::new(rule_book(&options.config)?);
    let pool = thread_pool(options.threads)?;
    let outputs = Outputs::create(
        &options.output,
        &parquet_metadata(&options.config),
        options.formats,
        options.shard_rows,
    )?;
    let run = run_record(options);
    let manifest = Manifest::new(options.config.clone(), run);
    let mut runner = Runner {
        pool,
        spool: options.spool,
        overlap: options.threads > 1,
        before: doc_stages(&options.config, book),
        corpus: corpus_stages(&options.config),
        after: vec![Box::new(Segment::new(options.config.segment.clone()))],
        key: options.config.dedup.key.clone(),
        outputs,
        manifest,
        started,
        progress: Progress::new(options.progress),
    };
    runner.read_all(&options.input, &options.config)?;
    runner.finish()
}

/// Refuses a run that cannot start: a missing input, an output inside it,
/// or a config that cannot work.
pub(crate) fn check_options(options: &RunOptions) -> Result<()> {
    let input = &options.input;
    std::fs::metadata(input).map_err(|source| ScourError::Input {
        path: input.clone(),
        source,
    })?;
    check_output_outside_input(input, &options.output)?;
    options.config.check()
}

/// The files that will be read and their bytes on disk: what progress is
/// measured against.
pub(crate) fn readable(files: &[InputFile], readers: &Readers) -> (u64, u64) {
    let sizes: Vec<u64> = files
        .iter()
        .filter(|f| f.skip.is_none() && readers.for_name(&f.source).is_some())
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .collect();
    (sizes.len() as u64, sizes.iter().sum())
}

/// The pool of `threads` worker threads (at least one).
pub(crate) fn thread_pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| ScourError::Threads {
            threads,
            message: e.to_string(),
        })
}

/// What every Parquet footer of a run records: the version and the config.
pub(crate) fn parquet_metadata(config: &Config) -> Vec<(String, String)> {
    let config_json = serde_json::to_string(config).expect("config serializes");
    vec![
        (
            "scour.version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        ("scour.config".to_string(), config_json),
    ]
}

/// The manifest's `run`: the options that do not change the output.
pub(crate) fn run_record(options: &RunOptions) -> BTreeMap<String, serde_json::Value> {
    let mut run = BTreeMap::new();
    run.insert("input".into(), options.input.display().to_string().into());
    run.insert("output".into(), options.output.display().to_string().into());
    run.insert("threads".into(), options.threads.into());
    if let Some(rows) = options.shard_rows {
        run.insert("shard_rows".into(), rows.into());
    }
    if options.formats != crate::write::Formats::default() {
        run.insert("formats".into(), options.formats.names().into());
    }
    if let Some(file) = &options.config_file {
        run.insert("config_file".into(), file.display().to_string().into());
    }
    run
}

impl Runner {
    fn read_all(&mut self, input: &Path, config: &Config) -> Result<()> {
        let readers = Readers::new(&config.read)?;
        let (files, walk_errors) = walk(input).map_err(|source| ScourError::Input {
            path: input.to_path_buf(),
            source,
        })?;
        let (n, total) = readable(&files, &readers);
        let reading = Reading {
            files,
            walk_errors,
            readers: &readers,
        };
        let input = if self.corpus.iter().any(|s| s.counts()) {
            self.progress.start_pass("counting", n, total);
            self.counting_pass(reading)?
        } else {
            Input::Files(reading)
        };
        self.progress.start_pass("processing", n, total);
        self.applying_pass(input, total)?;
        self.progress.end_pass();
        Ok(())
    }

    /// The first pass, for the corpus stages that count before they apply:
    /// the input read and cleaned, each batch to `count`. The batches and
    /// input problems are spooled for the applying pass, which is then
    /// what this returns, unless the run does not spool: then the applying
    /// pass reads the files again.
    fn counting_pass<'a>(&mut self, reading: Reading<'a>) -> Result<Input<'a>> {
        let t = Instant::now();
        let (pool, before, progress) = (&self.pool, &self.before, &mut self.progress);
        let corpus = &mut self.corpus;
        let mut spool = match self.spool {
            true => Some(Spool::create(&self.outputs.scratch_path("spool"))?),
            false => None,
        };
        let mut log = ReadLog::default();
        let mut spool_times = Timings::new();
        let source = |feed: &mut dyn FnMut(Flow<Vec<Document>>) -> bool| -> Result<()> {
            read_files(&reading, pool, before, progress, &mut log, feed);
            Ok(())
        };
        let count: Step<'_, Flow<Vec<Document>>> = Box::new(|flow| {
            if let Flow::Docs(batch) = &flow {
                corpus.iter_mut().try_for_each(|stage| stage.count(batch))?;
            }
            Ok(flow)
        });
        let sink = |flow: Flow<Vec<Document>>| -> Result<()> {
            if let Some(spool) = spool.as_mut() {
                let t = Instant::now();
                spool.write(&flow)?;
                spool_times.add("spool_write", t);
            }
            Ok(())
        };
        run_steps(self.overlap, source, vec![count], sink)?;
        for stage in &mut self.corpus {
            stage.end_counting()?;
        }
        // Files and their problems count once: here when spooled, else in
        // the applying pass that reads them again.
        match spool {
            Some(_) => log.into_manifest(&mut self.manifest),
            None => log.times.into_manifest(&mut self.manifest),
        }
        spool_times.add("counting_pass", t);
        spool_times.into_manifest(&mut self.manifest);
        Ok(spool.map_or(Input::Files(reading), Input::Spool))
    }

    /// The second pass (the only one when no corpus stage counts): the
    /// input read and cleaned, or replayed from the spool, then the
    /// corpus-wide stages, sections, and rows into the tables.
    fn applying_pass(&mut self, input: Input<'_>, total: u64) -> Result<()> {
        if self.overlap {
            self.outputs.detach_document_tables();
        }
        let mut log = ReadLog::default();
        let (mut corpus_times, mut segment_times) = (Timings::new(), Timings::new());
        let mut write_times = Timings::new();
        let (pool, before, progress) = (&self.pool, &self.before, &mut self.progress);
        let (corpus, after, key) = (&mut self.corpus, &self.after, &self.key);
        let outputs = &mut self.outputs;
        let (counts, reasons) = (
            &mut self.manifest.counts,
            &mut self.manifest.removed_by_reason,
        );
        let source = |feed: &mut dyn FnMut(Flow<Rows>) -> bool| -> Result<()> {
            // The rows are made by the sections step.
            let mut feed = |flow: Flow<Vec<Document>>| feed(flow.map(|docs| (docs, Vec::new())));
            match input {
                Input::Files(reading) => {
                    read_files(&reading, pool, before, progress, &mut log, &mut feed);
                    Ok(())
                }
                Input::Spool(spool) => {
                    // Progress in text bytes against the input's size.
                    progress.start_all_files(total);
                    let t = Instant::now();
                    let mut fed = Duration::ZERO;
                    let replayed = spool.replay(|flow| {
                        if let Flow::Docs(batch) = &flow {
                            let bytes = batch.iter().map(|d| d.raw.len() as u64).sum();
                            progress.read(batch.len() as u64, bytes);
                        }
                        let t = Instant::now();
                        let more = feed(flow);
                        fed += t.elapsed();
                        more
                    });
                    log.times
                        .add_ms("spool_read", t.elapsed().saturating_sub(fed));
                    replayed
                }
            }
        };
        let corpus_step: Step<'_, Flow<Rows>> = Box::new(|mut flow| {
            if let Flow::Docs((batch, _)) = &mut flow {
                let t = Instant::now();
                for stage in corpus.iter_mut() {
                    stage.apply(batch)?;
                }
                corpus_times.add("dedup_corpus", t);
            }
            Ok(flow)
        });
        let sections_step: Step<'_, Flow<Rows>> = Box::new(|mut flow| {
            if let Flow::Docs((batch, rows)) = &mut flow {
                let t = Instant::now();
                *rows = pool.install(|| {
                    batch
                        .par_iter_mut()
                        .map(|doc| {
                            after.iter().for_each(|s| s.apply(doc));
                            document_rows(doc, key)
                        })
                        .collect()
                });
                segment_times.add("segment", t);
            }
            Ok(flow)
        });
        let sink = |flow: Flow<Rows>| -> Result<()> {
            let t = Instant::now();
            match flow {
                Flow::Docs((batch, rows)) => {
                    for doc in &batch {
                        count(counts, reasons, doc);
                    }
                    outputs.push_documents(rows)?;
                }
                Flow::Error(error, is_record) => {
                    counts.errors += 1;
                    if is_record {
                        counts.records += 1;
                        counts.record_errors += 1;
                    }
                    outputs.push_error(&error)?;
                }
            }
            write_times.add("write", t);
            Ok(())
        };
        let steps = vec![corpus_step, sections_step];
        run_steps(self.overlap, source, steps, sink)?;
        log.into_manifest(&mut self.manifest);
        for times in [corpus_times, segment_times, write_times] {
            times.into_manifest(&mut self.manifest);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Manifest> {
        let mut times = Timings::new();
        times.add("total", self.started);
        times.into_manifest(&mut self.manifest);
        for stage in &self.corpus {
            for (name, value) in stage.stats() {
                let key = format!("{}.{name}", stage.name());
                self.manifest.stage_stats.insert(key, value);
            }
        }
        let (pool, outputs, manifest) = (self.pool, self.outputs, self.manifest);
        pool.install(|| outputs.commit(manifest))
    }
}

/// What goes from one step of a pass to the next: a batch, or an input
/// problem (a record's when the flag is set), which travels between the
/// batches so that the writer gets the problems in reading order.
pub(crate) enum Flow<D> {
    Docs(D),
    Error(InputError, bool),
}

impl<D> Flow<D> {
    /// The batch changed by `f`; a problem as it is.
    pub(crate) fn map<E>(self, f: impl FnOnce(D) -> E) -> Flow<E> {
        match self {
            Flow::Docs(d) => Flow::Docs(f(d)),
            Flow::Error(error, is_record) => Flow::Error(error, is_record),
        }
    }
}

/// A batch of the main pass, with its rows once the sections step has
/// made them.
type Rows = (Vec<Document>, Vec<DocRows>);

/// Milliseconds spent per step, kept by each step on its own thread and
/// added to the manifest's when the pass ends.
#[derive(Default)]
pub(crate) struct Timings(BTreeMap<&'static str, u64>);

impl Timings {
    pub(crate) fn new() -> Timings {
        Timings(BTreeMap::new())
    }

    pub(crate) fn add(&mut self, step: &'static str, since: Instant) {
        self.add_ms(step, since.elapsed());
    }

    fn add_ms(&mut self, step: &'static str, spent: Duration) {
        *self.0.entry(step).or_default() += spent.as_millis() as u64;
    }

    pub(crate) fn into_manifest(self, manifest: &mut Manifest) {
        for (step, ms) in self.0 {
            *manifest.timings_ms.entry(step.to_string()).or_default() += ms;
        }
    }
}

/// The input files to read, in corpus order, and the folders that could
/// not be listed.
pub(crate) struct Reading<'a> {
    pub(crate) files: Vec<InputFile>,
    pub(crate) walk_errors: Vec<InputError>,
    pub(crate) readers: &'a Readers,
}

/// Where the applying pass takes its documents from.
enum Input<'a> {
    /// Reading (and cleaning) the files.
    Files(Reading<'a>),
    /// The counting pass's documents, cleaned already.
    Spool(Spool),
}

/// What reading adds to the manifest: the files, and time spent.
#[derive(Default)]
pub(crate) struct ReadLog {
    inputs: Vec<InputRecord>,
    files: u64,
    skipped: u64,
    times: Timings,
}

impl ReadLog {
    pub(crate) fn into_manifest(self, m: &mut Manifest) {
        m.counts.files += self.files;
        m.counts.files_skipped += self.skipped;
        m.inputs.extend(self.inputs);
        self.times.into_manifest(m);
    }
}

/// Reads the files in corpus order and hands each cleaned batch, and each
/// input problem, to `feed`, until it returns `false`.
pub(crate) fn read_files(
    reading: &Reading<'_>,
    pool: &rayon::ThreadPool,
    before: &[Box<dyn DocStage>],
    progress: &mut Progress,
    log: &mut ReadLog,
    feed: &mut dyn FnMut(Flow<Vec<Document>>) -> bool,
) {
    let Reading {
        files,
        walk_errors,
        readers,
    } = reading;
    for error in walk_errors {
        if !feed(Flow::Error(error.clone(), false)) {
            return;
        }
    }
    let mut batcher = Batcher::default();
    for file in files {
        log.files += 1;
        let reader = readers.for_name(&file.source);
        let mut record = input_record(file, reader);
        let (None, Some(reader)) = (&record.skipped, reader) else {
            log.skipped += 1;
            log.inputs.push(record);
            continue;
        };
        progress.start_file(record.bytes);
        let mut t = Instant::now();
        for item in readers.read(reader, &file.path, &file.source) {
            let flow = match item {
                Item::Doc(doc) => {
                    record.records += 1;
                    progress.read(1, doc.raw.len() as u64);
                    let Some(batch) = batcher.push(*doc) else {
                        continue;
                    };
                    Flow::Docs(batch)
                }
                Item::Error(error) => {
                    record.errors += 1;
                    let is_record = error.record.is_some();
                    Flow::Error(error, is_record)
                }
            };
            log.times.add("read", t);
            if !feed(clean_flow(pool, before, flow, &mut log.times)) {
                return;
            }
            // Without threads, `feed` ran the later steps too.
            t = Instant::now();
        }
        log.times.add("read", t);
        log.inputs.push(record);
    }
    let rest = batcher.rest();
    if !rest.is_empty() {
        feed(clean_flow(pool, before, Flow::Docs(rest), &mut log.times));
    }
}

/// A batch through the per-document stages in parallel, timed as
/// `clean`; an input problem as it is.
fn clean_flow(
    pool: &rayon::ThreadPool,
    stages: &[Box<dyn DocStage>],
    mut flow: Flow<Vec<Document>>,
    times: &mut Timings,
) -> Flow<Vec<Document>> {
    if let Flow::Docs(batch) = &mut flow
        && !stages.is_empty()
    {
        let t = Instant::now();
        pool.install(|| {
            batch
                .par_iter_mut()
                .for_each(|doc| stages.iter().for_each(|s| s.apply(doc)))
        });
        times.add("clean", t);
    }
    flow
}

/// The manifest's record of an input file before it is read: its size and
/// hash, or why it is skipped.
fn input_record(file: &InputFile, reader: Option<&dyn FormatReader>) -> InputRecord {
    let skipped = match (&file.skip, reader) {
        (Some(why), _) => Some(why.clone()),
        (None, None) => Some(format!(
            "format not read ({})",
            file.path
                .extension()
                .map_or("no extension".into(), |e| format!(
                    ".{}",
                    e.to_string_lossy()
                ))
        )),
        (None, Some(_)) => None,
    };
    // An unreadable file hashes as empty: its reader reports the error.
    let (bytes, xxh3) = if file.skip.is_none() {
        hash_file(&file.path).unwrap_or_else(|_| (0, format!("{:032x}", xxh3_128(b""))))
    } else {
        (0, String::new())
    };
    InputRecord {
        path: file.source.clone(),
        format: reader
            .filter(|_| skipped.is_none())
            .map_or("skipped".into(), |r| r.name().into()),
        skipped,
        bytes,
        xxh3,
        records: 0,
        errors: 0,
    }
}

/// Adds a document's blocks and removals to the manifest's counts.
fn count(counts: &mut Counts, reasons: &mut BTreeMap<String, ReasonCount>, doc: &Document) {
    counts.records += 1;
    counts.blocks += doc.blocks.len() as u64;
    for block in &doc.blocks {
        match &block.removed {
            Some(r) => {
                counts.blocks_removed += 1;
                tally(reasons, r, (block.raw_end - block.raw_start) as u64);
            }
            None if doc.dropped.is_none() => counts.blocks_kept += 1,
            None => {}
        }
    }
    match &doc.dropped {
        Some(r) => {
            counts.documents_dropped += 1;
            let chars = doc.kept().map(|(_, b)| b.text.chars().count() as u64).sum();
            tally(reasons, r, chars);
        }
        None => counts.documents += 1,
    }
}

/// Adds one removal of `chars` characters to the per-reason counts.
fn tally(counts: &mut BTreeMap<String, ReasonCount>, r: &Removal, chars: u64) {
    let entry = counts
        .entry(r.reason.clone())
        .or_insert_with(|| ReasonCount {
            kind: r.kind.clone(),
            ..Default::default()
        });
    entry.rows += 1;
    entry.chars += chars;
}

/// Refuses an output folder inside the input folder: its files would be
/// read back as input by the next run.
fn check_output_outside_input(input: &Path, output: &Path) -> Result<()> {
    if !input.is_dir() {
        return Ok(());
    }
    let Ok(input_abs) = input.canonicalize() else {
        return Ok(());
    };
    let output_abs = absolute_lenient(output);
    if output_abs.starts_with(&input_abs) {
        return Err(ScourError::OutputInsideInput {
            input: input.to_path_buf(),
            output: output.to_path_buf(),
        });
    }
    Ok(())
}

/// The absolute, symlink-resolved form of a path that may not exist yet:
/// its nearest existing ancestor resolved, the rest appended.
fn absolute_lenient(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            return rest.iter().rev().fold(canon, |acc, part| acc.join(part));
        }
        match (
            existing.file_name().map(|n| n.to_owned()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        }
    }
}
