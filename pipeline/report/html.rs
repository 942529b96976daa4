//! Page assembly: the header and the sections around the plots, and the
//! escaping and number formats every part of the page shares.

use std::fmt::Write;

use super::Collector;
use super::plots;
use super::tables::{removals_table, run_tables};
use crate::write::Manifest;

/// Kept short and plain: the page must read well printed and offline.
const CSS: &str = "\
*{box-sizing:border-box}\
body{margin:0;background:#f4f5f7;color:#1d2430;\
font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\
main{max-width:1010px;margin:0 auto;padding:24px 16px 48px}\
h1{font-size:26px;margin:0}h2{font-size:18px;margin:0 0 10px}\
.sub,.note{color:#5b6472}.note{margin:10px 0 0;max-width:80ch}\
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin:18px 0}\
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 12px}\
.card b{display:block;font-size:22px;font-variant-numeric:tabular-nums}\
.card span{color:#5b6472;font-size:12px}\
@media(max-width:720px){.cards{grid-template-columns:repeat(3,1fr)}}\
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:16px 20px;margin:16px 0;\
overflow-x:auto}\
svg.plot{display:block;max-width:100%;height:auto}\
table{border-collapse:collapse;width:100%}\
th,td{text-align:left;vertical-align:baseline;padding:5px 8px;border-bottom:1px solid #eceef1}\
th{font-size:12px;color:#5b6472;font-weight:600}\
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
.rule{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:nowrap}\
ol.ex{margin:0;padding:0;list-style:none}\
ol.ex li{display:flex;gap:8px;padding:1px 0}\
ol.ex .c{flex:none;min-width:4.5em;text-align:right;color:#5b6472;font-variant-numeric:tabular-nums}\
ol.ex q{quotes:none;font-size:12.5px;overflow-wrap:anywhere}\
";

/// `s` safe inside HTML text and attribute values. Control characters,
/// which HTML does not allow, become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `n` with thousands separators: 1234567 → `1,234,567`.
pub fn fmt_int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `n` in at most four characters or so, for labels in tight places:
/// 950, 1.2k, 12k, 3.4M.
pub fn compact(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")];
    for (size, unit) in UNITS {
        // From where it rounds to 1 of the unit: 999,600 is 1M, not 1000k.
        if n as f64 >= size as f64 * 0.9995 {
            let x = n as f64 / size as f64;
            // One decimal below 10, but none that is a zero: 1k, not 1.0k.
            let tenths = format!("{x:.1}");
            return if x < 10.0 && !tenths.ends_with(".0") {
                format!("{tenths}{unit}")
            } else {
                format!("{x:.0}{unit}")
            };
        }
    }
    n.to_string()
}

/// Appends a section: its title, the plot or table, and the note under it
/// (`note` is HTML: the callers write it from constants and numbers).
pub fn section(out: &mut String, title: &str, body: &str, note: &str) {
    let _ = writeln!(
        out,
        "<section><h2>{}</h2>{body}<p class=\"note\">{note}</p></section>",
        escape(title)
    );
}

/// The whole page.
pub fn page(c: &Collector, m: &Manifest) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(
        out,
        "<title>scour report</title><style>{CSS}</style></head>\n<body><main>\n"
    );
    header(&mut out, m);
    let reasons = plots::reason_rows(c, m);
    let removed_chars: u64 = reasons.iter().map(|r| r.chars).sum();
    section(
        &mut out,
        "Characters removed per rule",
        &plots::removed_by_rule(&reasons),
        &format!(
            "Characters each rule (the <code>reason</code> of <code>removed</code>) took out, \
             {} in all, largest first, with each rule's share. A removed line counts its \
             input characters; a dropped document its cleaned text.",
            fmt_int(removed_chars)
        ),
    );
    let kept = c.kept_share.counts().iter().sum::<u64>();
    section(
        &mut out,
        "Kept share per document",
        &plots::kept_share(c),
        &format!(
            "For each of the {} kept documents, the share of its input characters still in \
             its text (<code>n_chars / raw_chars</code>), in bins of 5%. Documents dropped \
             whole are not counted.",
            fmt_int(kept)
        ),
    );
    section(
        &mut out,
        "Document length",
        &plots::doc_length(c),
        "Kept documents by length of their cleaned text (<code>n_chars</code>). Bins are \
         equally wide on a log scale (1, 2.2, 4.7 per power of ten); a bar covers its left \
         label up to the next.",
    );
    section(
        &mut out,
        "Paragraph length",
        &plots::paragraph_length(c),
        "Kept paragraphs (rows of <code>paragraphs</code>, headings included) by number of \
         characters, on the same log-spaced bins.",
    );
    section(
        &mut out,
        "Languages",
        &plots::languages(c),
        "Kept documents per detected language (<code>documents.lang</code>); \
         <q>unknown</q> where none was detected.",
    );
    section(
        &mut out,
        "Near-duplicate clusters",
        &plots::cluster_sizes(c),
        "Clusters of near-duplicate documents by size: each kept document whose \
         near-duplicates were dropped (<code>cluster_size</code> &gt; 1) is one cluster.",
    );
    section(
        &mut out,
        "Errors",
        &plots::errors(c),
        &format!(
            "Rows of <code>errors</code> by kind, {} in all: records, or whole files, that \
             could not be read. Each row names the file and the record.",
            fmt_int(c.errors.total())
        ),
    );
    // The long table last but one, so that the plots read as one overview.
    removals_table(&mut out, &reasons);
    run_tables(&mut out, m);
    out.push_str("</main></body></html>\n");
    out
}

fn header(out: &mut String, m: &Manifest) {
    let k = &m.counts;
    let _ = write!(
        out,
        "<header><h1>scour report</h1><div class=\"sub\">scour {}: what the run read, \
         removed and kept.</div></header>\n<div class=\"cards\">",
        escape(&m.scour_version)
    );
    let skipped = format!("{} skipped", fmt_int(k.files_skipped));
    let of_lines = format!("of {} lines", fmt_int(k.blocks));
    let cards: [(u64, &str, &str); 6] = [
        (
            k.files,
            "files",
            if k.files_skipped > 0 { &skipped } else { "" },
        ),
        (k.records, "records", ""),
        (k.documents, "documents kept", ""),
        (k.documents_dropped, "documents dropped", ""),
        (k.errors, "errors", ""),
        (k.blocks_removed, "lines removed", &of_lines),
    ];
    for (n, what, sub) in cards {
        let sub = if sub.is_empty() {
            String::new()
        } else {
            format!(" · {sub}")
        };
        let _ = write!(
            out,
            "<div class=\"card\"><b>{}</b><span>{what}{sub}</span></div>",
            fmt_int(n)
        );
    }
    out.push_str("</div>\n");
}
