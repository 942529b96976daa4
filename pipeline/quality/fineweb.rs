//! FineWeb's own filters (Penedo et al. 2024, "The FineWeb Datasets", Sec.
//! 3.3, custom filters), with the paper's thresholds. datatrove's
//! FineWebQualityFilter defaults to 0.01 for the duplicated-line characters
//! and adds a newline-to-word ratio; the paper's three rules are these.

use std::collections::HashSet;

use super::RuleSet;
use super::text::{Text, ends_sentence};

/// Drop when at most this share of lines ends with punctuation.
const LINE_PUNCTUATION: f64 = 0.12;
/// Drop when at least this share of characters is in lines seen before in the page.
const DUPLICATE_LINE_CHARS: f64 = 0.1;
/// Drop when at least this share of lines is short...
const SHORT_LINES: f64 = 0.67;
/// ...that is, at most this many characters.
const SHORT_LINE_CHARS: usize = 30;

/// The FineWeb rule set.
pub struct FineWeb;

impl RuleSet for FineWeb {
    fn document(&self, text: &Text) -> Option<(&'static str, String)> {
        let punct = text.line_share(|l| ends_sentence(l) || l.trim_end().ends_with(['\'', '"']));
        if punct <= LINE_PUNCTUATION {
            let detail = format!("{punct:.2} of lines end with punctuation <= {LINE_PUNCTUATION}");
            return Some(("fineweb.line_punctuation", detail));
        }
        let mut seen = HashSet::new();
        let dup_chars: usize = text
            .lines
            .iter()
            .filter(|l| !seen.insert(**l))
            .map(|l| l.chars().count())
            .sum();
        let dup = super::text::share(dup_chars, text.chars);
        if dup >= DUPLICATE_LINE_CHARS {
            let detail =
                format!("{dup:.2} of characters in repeated lines >= {DUPLICATE_LINE_CHARS}");
            return Some(("fineweb.duplicate_lines", detail));
        }
        let short = text.line_share(|l| l.chars().count() <= SHORT_LINE_CHARS);
        if short >= SHORT_LINES {
            let detail =
                format!("{short:.2} of lines <= {SHORT_LINE_CHARS} characters >= {SHORT_LINES}");
            return Some(("fineweb.short_lines", detail));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(lines: &[&str]) -> Option<&'static str> {
        FineWeb.document(&Text::new(lines, false)).map(|(r, _)| r)
    }

    #[test]
    fn the_three_rules() {
        let sentence = "The harbour authority extended the evening ferry timetable for the summer.";
        assert_eq!(rule(&[sentence, sentence.trim_end_matches('.')]), None);
        assert_eq!(
            rule(&["Home", "News", "Sport", "Weather", "Contact us", "About"]),
            Some("fineweb.line_punctuation")
        );
        let long = "A much longer line of text that has no end mark but goes on and on and on";
        assert_eq!(
            rule(&[sentence, sentence, long]),
            Some("fineweb.duplicate_lines")
        );
        let short = ["Short one.", "Another.", "And a third.", sentence];
        assert_eq!(rule(&short), Some("fineweb.short_lines"));
    }
}
