//! Progress on stderr while a run goes, and the summary at its end.
//!
//! On a terminal, an indicatif bar per pass (bytes of input, rate, ETA,
//! documents); otherwise (make, CI, a log file) a plain line every few
//! seconds, which a log keeps readable where a redrawn bar would not.

use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::write::Manifest;

/// How a run reports progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProgressMode {
    /// Nothing.
    #[default]
    Off,
    /// A line on stderr every few seconds and at the end of each pass.
    Lines,
    /// A bar on stderr, redrawn in place (for a terminal).
    Bar,
}

/// Seconds between two progress lines in `Lines` mode.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// The progress of one run: passes over the input, each measured in bytes.
pub struct Progress {
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    pass: &'static str,
    total: u64,
    /// Files in the pass, and files started.
    total_files: u64,
    files: u64,
    /// Bytes of the files finished in this pass.
    files_done: u64,
    /// Bytes of the file being read: its size, and the text read from it so far.
    file_size: u64,
    file_read: u64,
    docs: u64,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    /// Reports nothing until a pass starts.
    pub fn new(mode: ProgressMode) -> Progress {
        Progress {
            mode,
            bar: None,
            pass: "",
            total: 0,
            total_files: 0,
            files: 0,
            files_done: 0,
            file_size: 0,
            file_read: 0,
            docs: 0,
            started: Instant::now(),
            last_line: Instant::now(),
        }
    }

    /// A pass over `files` input files of `total` bytes begins.
    pub fn start_pass(&mut self, pass: &'static str, files: u64, total: u64) {
        self.end_pass();
        (self.pass, self.total, self.total_files, self.files) = (pass, total, files, 0);
        (self.files_done, self.file_size, self.file_read, self.docs) = (0, 0, 0, 0);
        self.started = Instant::now();
        self.last_line = Instant::now();
        if self.mode == ProgressMode::Bar {
            let style = ProgressStyle::with_template(
                "{prefix:>10} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}",
            )
            .expect("the template is valid")
            .progress_chars("=> ");
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(style);
            bar.set_prefix(pass);
            self.bar = Some(bar);
        }
    }

    /// A file of `size` bytes is about to be read.
    pub fn start_file(&mut self, size: u64) {
        self.files += 1;
        self.files_done += self.file_size;
        (self.file_size, self.file_read) = (size, 0);
        self.show();
    }

    /// The pass reads every file's documents from one place (the counting
    /// pass's spool), sized `bytes` in all: progress is then shown against
    /// all the files at once.
    pub fn start_all_files(&mut self, bytes: u64) {
        self.start_file(bytes);
        self.files = self.total_files;
    }

    /// Documents holding `bytes` of text were read from the current file.
    /// Text can outgrow a compressed file, so the file's share is capped.
    pub fn read(&mut self, docs: u64, bytes: u64) {
        self.docs += docs;
        self.file_read += bytes;
        self.show();
    }

    fn position(&self) -> u64 {
        self.files_done + self.file_read.min(self.file_size)
    }

    fn show(&mut self) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => {
                bar.set_position(self.position());
                // A message is a new String: not for every document.
                if self.docs.is_multiple_of(256) || self.file_read == 0 {
                    bar.set_message(self.counts());
                }
            }
            (None, ProgressMode::Lines) if self.last_line.elapsed() >= LINE_EVERY => {
                self.last_line = Instant::now();
                eprintln!("{}", self.line());
            }
            _ => {}
        }
    }

    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let done = self.position();
        let rate = done as f64 / secs;
        let mut line = format!(
            "scour: {}: {} of {} ({:.0}%), {}, {}/s",
            self.pass,
            bytes(done),
            bytes(self.total),
            100.0 * done as f64 / self.total.max(1) as f64,
            self.counts(),
            bytes(rate as u64)
        );
        if rate > 0.0 && done < self.total {
            let _ = write!(line, ", ETA {:.0} s", (self.total - done) as f64 / rate);
        }
        line
    }

    fn counts(&self) -> String {
        format!(
            "file {} of {}, {} documents",
            self.files, self.total_files, self.docs
        )
    }

    /// The current pass is over.
    pub fn end_pass(&mut self) {
        if self.pass.is_empty() {
            return;
        }
        self.files_done += self.file_size;
        (self.file_size, self.file_read) = (0, 0);
        match self.bar.take() {
            Some(bar) => {
                bar.set_position(self.total);
                bar.finish_and_clear();
            }
            None if self.mode == ProgressMode::Lines => {
                eprintln!(
                    "{} in {:.1} s",
                    self.line(),
                    self.started.elapsed().as_secs_f64()
                );
            }
            None => {}
        }
        self.pass = "";
    }
}

/// A byte count for people: 1.5 MB, 320 KB.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut x = n as f64;
    let mut unit = 0;
    while x >= 1000.0 && unit + 1 < UNITS.len() {
        x /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{x:.1} {}", UNITS[unit])
    }
}

/// One "label value" line of the summary.
fn row(out: &mut String, label: &str, value: String) {
    let _ = writeln!(out, "  {label:<12} {value}");
}

/// Reasons named one by one in the summary; the rest are summed.
const SUMMARY_REASONS: usize = 8;

/// The table printed at the end of a run: inputs, documents kept, removals
/// by reason, duplicates, errors, time and throughput.
pub fn summary(manifest: &Manifest, output: &Path) -> String {
    let c = &manifest.counts;
    let input_bytes: u64 = manifest.inputs.iter().map(|i| i.bytes).sum();
    let secs = manifest.timings_ms.get("total").copied().unwrap_or(0) as f64 / 1000.0;
    let mut out = String::new();
    row(
        &mut out,
        "inputs",
        format!(
            "{} files ({} skipped), {}, {} records",
            c.files,
            c.files_skipped,
            bytes(input_bytes),
            c.records
        ),
    );
    row(
        &mut out,
        "kept",
        format!(
            "{} documents; {} of {} lines",
            c.documents, c.blocks_kept, c.blocks
        ),
    );
    let duplicates: u64 = manifest
        .removed_by_reason
        .iter()
        .filter(|(r, _)| r.starts_with("dedup."))
        .map(|(_, n)| n.rows)
        .sum();
    row(
        &mut out,
        "dropped",
        format!("{} documents", c.documents_dropped),
    );
    row(
        &mut out,
        "duplicates",
        format!("{duplicates} lines and documents (dedup.*)"),
    );
    let mut reasons: Vec<_> = manifest.removed_by_reason.iter().collect();
    reasons.sort_by(|a, b| b.1.rows.cmp(&a.1.rows).then(a.0.cmp(b.0)));
    row(
        &mut out,
        "removed",
        format!("{} lines, by reason:", c.blocks_removed),
    );
    for (reason, n) in reasons.iter().take(SUMMARY_REASONS) {
        let _ = writeln!(
            out,
            "    {:<28} {:>9} rows {:>12} chars",
            reason, n.rows, n.chars
        );
    }
    if reasons.len() > SUMMARY_REASONS {
        let rest: u64 = reasons[SUMMARY_REASONS..].iter().map(|(_, n)| n.rows).sum();
        let _ = writeln!(
            out,
            "    {:<28} {rest:>9} rows",
            format!("{} more reasons", reasons.len() - SUMMARY_REASONS)
        );
    }
    row(
        &mut out,
        "errors",
        format!("{} ({} records)", c.errors, c.record_errors),
    );
    let rate = if secs > 0.0 {
        input_bytes as f64 / secs
    } else {
        0.0
    };
    row(
        &mut out,
        "time",
        format!(
            "{secs:.1} s, {}/s, {:.0} documents/s",
            bytes(rate as u64),
            c.records as f64 / secs.max(1e-3)
        ),
    );
    row(
        &mut out,
        "outputs",
        format!(
            "{} (report.html, README.md, manifest.json)",
            output.display()
        ),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_write_them() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_500_000), "1.5 MB");
        assert_eq!(bytes(2_000_000_000_000), "2.0 TB");
    }

    #[test]
    fn the_position_counts_finished_files_and_caps_the_current_one() {
        let mut p = Progress::new(ProgressMode::Off);
        p.start_pass("processing", 2, 300);
        p.start_file(100);
        p.read(1, 40);
        assert_eq!(p.position(), 40);
        // Decompressed text outgrows the file: capped at its size.
        p.read(1, 500);
        assert_eq!(p.position(), 100);
        p.start_file(200);
        p.read(1, 50);
        assert_eq!(p.position(), 150);
        let line = p.line();
        assert!(
            line.contains("150 B of 300 B (50%), file 2 of 2, 3 documents"),
            "{line}"
        );
        p.end_pass();
        assert_eq!(p.files_done, 300);
    }
}
