//! The tables of the page: removals by rule with their most frequent
//! lines, and the inputs of the run.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::html::{escape, fmt_int, section};
use super::plots::{EXAMPLES, ReasonRow};
use crate::write::Manifest;

/// Every rule with its numbers and example lines.
pub fn removals_table(out: &mut String, reasons: &[ReasonRow]) {
    if reasons.is_empty() {
        section(out, "Removals by rule", "", "No rule removed anything.");
        return;
    }
    let mut body = String::from(
        "<table><thead><tr><th>rule</th><th>kind</th><th class=\"n\">rows</th>\
         <th class=\"n\">chars</th><th>most frequent removed lines</th></tr></thead><tbody>",
    );
    let mut approximate = false;
    for r in reasons {
        let _ = write!(
            body,
            "<tr><td class=\"rule\">{}</td><td>{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td><ol class=\"ex\">",
            escape(&r.reason),
            escape(&r.kind),
            fmt_int(r.rows),
            fmt_int(r.chars)
        );
        for ex in &r.examples {
            approximate |= ex.approximate;
            let mark = if ex.approximate { "≤ " } else { "" };
            let _ = write!(
                body,
                "<li><span class=\"c\">{mark}{}×</span><q>{}</q></li>",
                fmt_int(ex.count),
                escape(&ex.line)
            );
        }
        body.push_str("</ol></td></tr>");
    }
    body.push_str("</tbody></table>");
    let mut note = format!(
        "Every rule, largest first: rows of <code>removed</code> (lines, or whole documents \
         for document rules) and characters, with the {EXAMPLES} lines it removed most often \
         (the first 200 characters of each; a dropped document shows its text)."
    );
    if approximate {
        note.push_str(
            " Counts marked ≤ are upper bounds: the rule removed more distinct lines than \
             the report keeps counters for.",
        );
    }
    section(out, "Removals by rule", &body, &note);
}

/// Inputs per format and the corpus-wide stages' statistics: no paths, no
/// timings, so that the page stays the same from run to run.
pub fn run_tables(out: &mut String, m: &Manifest) {
    let mut formats: BTreeMap<&str, [u64; 4]> = BTreeMap::new();
    for input in &m.inputs {
        let f = formats.entry(input.format.as_str()).or_default();
        for (total, n) in f
            .iter_mut()
            .zip([1, input.bytes, input.records, input.errors])
        {
            *total += n;
        }
    }
    let mut body = String::new();
    if !formats.is_empty() {
        body.push_str(
            "<table><thead><tr><th>format</th><th class=\"n\">files</th><th class=\"n\">bytes</th>\
             <th class=\"n\">records</th><th class=\"n\">errors</th></tr></thead><tbody>",
        );
        for (format, counts) in &formats {
            let _ = write!(body, "<tr><td class=\"rule\">{}</td>", escape(format));
            for n in counts {
                let _ = write!(body, "<td class=\"n\">{}</td>", fmt_int(*n));
            }
            body.push_str("</tr>");
        }
        body.push_str("</tbody></table>");
    }
    if !m.stage_stats.is_empty() {
        body.push_str(
            "<table style=\"margin-top:14px\"><thead><tr><th>stage statistic</th>\
             <th class=\"n\">value</th></tr></thead><tbody>",
        );
        for (name, n) in &m.stage_stats {
            let _ = write!(
                body,
                "<tr><td class=\"rule\">{}</td><td class=\"n\">{}</td></tr>",
                escape(name),
                fmt_int(*n)
            );
        }
        body.push_str("</tbody></table>");
    }
    if !body.is_empty() {
        let note = "Input files by the reader that read them (<code>skipped</code>: not read), \
                    and what the corpus-wide stages held. manifest.json has each file.";
        section(out, "Inputs", &body, note);
    }
}
