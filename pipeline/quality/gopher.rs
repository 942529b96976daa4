//! Gopher's quality and repetition filters (Rae et al. 2021, "Scaling
//! Language Models: Methods, Analysis & Insights from Training Gopher",
//! App. A.1.1 and Table A1), document-level, with the paper's thresholds.
//! Lines stand for both the paper's lines and its paragraphs: scour keeps
//! a page as lines.

use std::collections::{HashMap, HashSet};

use super::RuleSet;
use super::text::{Text, ends_with_ellipsis, share};

/// The stop words a document must hold at least two of.
const STOP_WORDS: [&str; 8] = ["the", "be", "to", "of", "and", "that", "have", "with"];
/// Longest n-grams whose most frequent one may cover this share of characters.
const TOP_NGRAM: [(usize, f64); 3] = [(2, 0.20), (3, 0.18), (4, 0.16)];
/// Share of characters in repeated n-grams allowed, for n = 5..10.
const DUPLICATE_NGRAM: [(usize, f64); 6] = [
    (5, 0.15),
    (6, 0.14),
    (7, 0.13),
    (8, 0.12),
    (9, 0.11),
    (10, 0.10),
];

/// The Gopher rule set.
pub struct Gopher;

fn drop(rule: &'static str, detail: String) -> Option<(&'static str, String)> {
    Some((rule, detail))
}

impl RuleSet for Gopher {
    fn document(&self, text: &Text) -> Option<(&'static str, String)> {
        let dup_lines = duplicate_lines(text.lines);
        if dup_lines.0 > 0.30 {
            return drop(
                "gopher.duplicate_lines",
                format!("{:.2} of lines repeated > 0.30", dup_lines.0),
            );
        }
        if dup_lines.1 > 0.20 {
            let detail = format!("{:.2} of characters in repeated lines > 0.20", dup_lines.1);
            return drop("gopher.duplicate_line_chars", detail);
        }
        let bullets = text.line_share(|l| l.trim_start().starts_with(['•', '-']));
        if bullets > 0.90 {
            return drop(
                "gopher.bullet_lines",
                format!("{bullets:.2} of lines start with a bullet > 0.90"),
            );
        }
        let ellipsis = text.line_share(ends_with_ellipsis);
        if ellipsis > 0.30 {
            return drop(
                "gopher.ellipsis_lines",
                format!("{ellipsis:.2} of lines end with an ellipsis > 0.30"),
            );
        }
        if text.cjk {
            return None;
        }
        self.words(text)
    }
}

impl Gopher {
    /// The rules that count words, for space-separated scripts.
    fn words(&self, text: &Text) -> Option<(&'static str, String)> {
        let words: Vec<&str> = text
            .words
            .iter()
            .copied()
            .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
            .collect();
        let n = words.len();
        if !(50..=100_000).contains(&n) {
            return drop("gopher.word_count", format!("{n} words outside 50..100000"));
        }
        let mean = words.iter().map(|w| w.chars().count()).sum::<usize>() as f64 / n as f64;
        if !(3.0..=10.0).contains(&mean) {
            return drop(
                "gopher.mean_word_length",
                format!("mean word length {mean:.1} outside 3..10"),
            );
        }
        let all = text.words.len().max(1);
        let hashes: usize = text.lines.iter().map(|l| l.matches('#').count()).sum();
        let ellipses: usize = text
            .lines
            .iter()
            .map(|l| l.matches("...").count() + l.matches('…').count())
            .sum();
        for (symbol, count) in [("#", hashes), ("ellipsis", ellipses)] {
            let ratio = share(count, all);
            if ratio > 0.1 {
                return drop(
                    "gopher.symbol_ratio",
                    format!("{symbol} to words {ratio:.2} > 0.1"),
                );
            }
        }
        let alpha = share(
            text.words
                .iter()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count(),
            all,
        );
        if alpha < 0.8 {
            return drop(
                "gopher.alpha_words",
                format!("{alpha:.2} of words with a letter < 0.8"),
            );
        }
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let distinct: HashSet<&str> = lower.iter().map(String::as_str).collect();
        let stop = STOP_WORDS.iter().filter(|s| distinct.contains(**s)).count();
        if stop < 2 {
            return drop(
                "gopher.stop_words",
                format!("{stop} of the 8 stop words < 2"),
            );
        }
        let chars: usize = lower.iter().map(|w| w.chars().count()).sum();
        for (n, limit) in TOP_NGRAM {
            let top = top_ngram_chars(&lower, n);
            if share(top, chars) > limit {
                return drop(
                    "gopher.top_ngram",
                    format!(
                        "top {n}-gram covers {:.2} of characters > {limit}",
                        share(top, chars)
                    ),
                );
            }
        }
        for (n, limit) in DUPLICATE_NGRAM {
            let dup = duplicate_ngram_chars(&lower, n);
            if share(dup, chars) > limit {
                return drop(
                    "gopher.duplicate_ngrams",
                    format!(
                        "repeated {n}-grams cover {:.2} of characters > {limit}",
                        share(dup, chars)
                    ),
                );
            }
        }
        None
    }
}

/// Share of lines that repeat an earlier line, and share of characters in them.
fn duplicate_lines(lines: &[&str]) -> (f64, f64) {
    let mut seen = HashSet::new();
    let (mut dup, mut dup_chars, mut chars) = (0, 0, 0);
    for line in lines {
        let n = line.chars().count();
        chars += n;
        if !seen.insert(*line) {
            dup += 1;
            dup_chars += n;
        }
    }
    (share(dup, lines.len()), share(dup_chars, chars))
}

/// Characters of the most frequent n-gram's occurrences.
fn top_ngram_chars(words: &[String], n: usize) -> usize {
    let mut counts: HashMap<&[String], usize> = HashMap::new();
    for gram in words.windows(n) {
        *counts.entry(gram).or_default() += 1;
    }
    counts
        .iter()
        .filter(|(_, c)| **c > 1)
        .map(|(gram, &c)| {
            (
                c * gram.iter().map(|w| w.chars().count()).sum::<usize>(),
                *gram,
            )
        })
        .max()
        .map_or(0, |(chars, _)| chars)
}

/// Characters of the words covered by an n-gram seen earlier in the text.
fn duplicate_ngram_chars(words: &[String], n: usize) -> usize {
    let mut seen = HashSet::new();
    let mut covered = vec![false; words.len()];
    for (i, gram) in words.windows(n).enumerate() {
        if !seen.insert(gram) {
            covered[i..i + n].iter_mut().for_each(|c| *c = true);
        }
    }
    words
        .iter()
        .zip(covered)
        .filter(|(_, c)| *c)
        .map(|(w, _)| w.chars().count())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "The harbour authority said that the evening ferry will run to the island with two more crossings, and residents have welcomed the change of timetable for the summer months ahead of the festival.";

    fn rule(lines: &[&str]) -> Option<&'static str> {
        Gopher.document(&Text::new(lines, false)).map(|(r, _)| r)
    }

    #[test]
    fn a_page_of_prose_passes_and_each_rule_can_drop() {
        let second = "Officials expect about four hundred extra passengers on each weekend of July and August, according to a statement published by the port on its website this morning.";
        let third = "Local businesses near the pier plan to stay open later so that travellers returning on the last boat can still find food, drink and a taxi home.";
        assert_eq!(rule(&[PROSE, second, third]), None);
        assert_eq!(rule(&[PROSE]), Some("gopher.word_count"));
        assert_eq!(
            rule(&[PROSE, PROSE, second]),
            Some("gopher.duplicate_lines")
        );
        let lists: Vec<String> = [PROSE, second, third]
            .iter()
            .map(|l| format!("- {l}"))
            .collect();
        let lists: Vec<&str> = lists.iter().map(String::as_str).collect();
        assert_eq!(rule(&lists), Some("gopher.bullet_lines"));
        let no_stop = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega";
        assert_eq!(
            rule(&[
                no_stop,
                no_stop.to_uppercase().as_str(),
                &no_stop.replace(' ', " x "),
                "Done."
            ]),
            Some("gopher.stop_words")
        );
    }

    #[test]
    fn ngram_measures() {
        let words: Vec<String> = "a b c a b c a b".split(' ').map(String::from).collect();
        // "a b" three times: 3 x 2 characters.
        assert_eq!(top_ngram_chars(&words, 2), 6);
        // "a b c a b" comes again from the fourth word: words 3..8, 5 characters.
        assert_eq!(duplicate_ngram_chars(&words, 5), 5);
        assert_eq!(duplicate_ngram_chars(&words, 3), 5);
        let fresh: Vec<String> = "a b c d e f".split(' ').map(String::from).collect();
        assert_eq!(duplicate_ngram_chars(&fresh, 2), 0);
        assert_eq!(top_ngram_chars(&fresh, 2), 0);
    }
}
