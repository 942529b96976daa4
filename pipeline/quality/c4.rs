//! C4's cleaning rules (Raffel et al. 2020, "Exploring the Limits of
//! Transfer Learning with a Unified Text-to-Text Transformer", Sec. 2.2),
//! with the details of their TensorFlow Datasets implementation (c4_utils:
//! the policy phrases, the 1000-character word limit). The bad-words list is
//! left out: scour ships no word list.

use super::RuleSet;
use super::text::{Text, ends_sentence};

/// Lines with fewer words go ("only retained lines that contained at least 3 words").
const MIN_WORDS: usize = 3;
/// Pages with fewer sentences go.
const MIN_SENTENCES: usize = 5;
/// A line with a longer word goes.
const MAX_WORD_CHARS: usize = 1000;
/// Lines about site policies (TFDS c4_utils `_POLICY_SUBSTRINGS`).
const POLICY: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

/// The C4 rule set.
pub struct C4;

impl RuleSet for C4 {
    fn line(&self, line: &str, cjk: bool) -> Option<&'static str> {
        let lower = line.to_lowercase();
        if lower.contains("javascript") {
            return Some("c4.javascript");
        }
        if POLICY.iter().any(|p| lower.contains(p)) {
            return Some("c4.policy");
        }
        if line
            .split_whitespace()
            .any(|w| w.chars().count() > MAX_WORD_CHARS)
        {
            return Some("c4.long_word");
        }
        if !ends_sentence(line) {
            return Some("c4.terminal_punctuation");
        }
        if !cjk && line.split_whitespace().count() < MIN_WORDS {
            return Some("c4.min_words");
        }
        None
    }

    fn document(&self, text: &Text) -> Option<(&'static str, String)> {
        if text
            .lines
            .iter()
            .any(|l| l.to_lowercase().contains("lorem ipsum"))
        {
            return Some(("c4.lorem_ipsum", "contains \"lorem ipsum\"".into()));
        }
        if text.lines.iter().any(|l| l.contains('{')) {
            return Some(("c4.curly_bracket", "contains \"{\" (code)".into()));
        }
        let sentences = sentences(text.lines);
        if sentences < MIN_SENTENCES {
            return Some((
                "c4.min_sentences",
                format!("{sentences} sentences < {MIN_SENTENCES}"),
            ));
        }
        None
    }
}

/// Sentences: sentence-ending marks followed by a space or the line's end.
fn sentences(lines: &[&str]) -> usize {
    lines
        .iter()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars
                .iter()
                .enumerate()
                .filter(|&(i, c)| {
                    let wide = matches!(c, '。' | '！' | '？');
                    let ends = matches!(c, '.' | '!' | '?');
                    wide || (ends && chars.get(i + 1).is_none_or(|n| n.is_whitespace()))
                })
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_rules() {
        let line = |l| C4.line(l, false);
        assert_eq!(
            line("Please enable JavaScript to view the comments."),
            Some("c4.javascript")
        );
        assert_eq!(
            line("Read our Privacy Policy for details."),
            Some("c4.policy")
        );
        assert_eq!(line("Share this story"), Some("c4.terminal_punctuation"));
        assert_eq!(line("Thank you!"), Some("c4.min_words"));
        assert_eq!(line("The ferry leaves at ten \"sharp.\""), None);
        assert_eq!(C4.line("渡轮十点出发。", true), None);
    }

    #[test]
    fn document_rules() {
        let doc = |lines: &[&str]| C4.document(&Text::new(lines, false)).map(|(r, _)| r);
        let five = ["One. Two. Three.", "Four! Five?"];
        assert_eq!(doc(&five), None);
        assert_eq!(doc(&["One. Two. Three. Four."]), Some("c4.min_sentences"));
        assert_eq!(
            doc(&["Lorem ipsum dolor sit amet.", five[0], five[1]]),
            Some("c4.lorem_ipsum")
        );
        assert_eq!(
            doc(&["var x = {a: 1};", five[0], five[1]]),
            Some("c4.curly_bracket")
        );
        assert_eq!(sentences(&["Version 3.2 is out. 渡轮出发。再见！"]), 3);
    }
}
