//! The title: taken from the record when it has one, else from the page's
//! first line. The title line leaves the body (it lives in the `title`
//! column), and so do its repeats and the breadcrumbs that end with it.

use crate::config::TitleConfig;
use crate::document::{Document, Removal};
use crate::stage::DocStage;

/// Finds the title and removes its copies from the body.
pub struct Title {
    config: TitleConfig,
}

impl Title {
    /// The stage with these limits.
    pub fn new(config: TitleConfig) -> Self {
        Title { config }
    }

    /// Whether `line` is `title` behind a short navigation prefix: "Home
    /// News <title>", "首页 > 新闻 > <title>". The prefix must end at a word
    /// boundary and read like navigation (separators, or a few capitalised
    /// words), so that a sentence ending with the title is not taken for one.
    fn is_breadcrumb_of(&self, line: &str, title: &str) -> bool {
        if title.chars().count() < 2 || line.len() <= title.len() || !line.ends_with(title) {
            return false;
        }
        let prefix = &line[..line.len() - title.len()];
        let trimmed = prefix.trim();
        if trimmed.chars().count() > self.config.max_breadcrumb_prefix {
            return false;
        }
        let boundary = prefix.ends_with(|c: char| c.is_whitespace() || NAV_SEPARATORS.contains(&c));
        let separated = trimmed.contains(|c: char| NAV_SEPARATORS.contains(&c));
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let capitalised = !words.is_empty()
            && words.len() <= 4
            && words.iter().all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
            });
        boundary && (separated || capitalised)
    }

    /// A plausible title line: short, not a sentence. A line ending with a
    /// full stop is a title only when written in title case ("Plan for the
    /// Development of Digital Economy."), not as a sentence.
    fn looks_like_title(&self, line: &str) -> bool {
        let chars = line.chars().count();
        if chars == 0 || chars > self.config.max_chars || !line.chars().any(char::is_alphanumeric) {
            return false;
        }
        if line.ends_with(['。', '！', '？', '!', '?', ',', '，', ';', '；', ':', '：']) {
            return false;
        }
        if line.ends_with('.') {
            let long_words: Vec<&str> = line
                .split_whitespace()
                .filter(|w| w.chars().count() >= 4)
                .collect();
            let capitalised = long_words
                .iter()
                .filter(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                })
                .count();
            return !long_words.is_empty() && capitalised * 3 >= long_words.len() * 2;
        }
        true
    }
}

/// Characters that separate the steps of a breadcrumb.
const NAV_SEPARATORS: &[char] = &['»', '›', '>', '＞', '/', '|', '→', '-', '_', ':', '：'];

/// A Markdown heading line as a title: without its `#` marks.
fn strip_markdown(line: &str) -> &str {
    line.trim_start_matches('#').trim_start()
}

impl DocStage for Title {
    fn name(&self) -> &'static str {
        "title"
    }

    fn apply(&self, doc: &mut Document) {
        // A record that carries a title field (even an empty one) is trusted:
        // detection runs only when the input has no title field at all.
        if !doc.title_from_record {
            let kept: Vec<usize> = doc.kept().map(|(i, _)| i).take(2).collect();
            if let [first, second] = kept[..] {
                let (a, b) = (&doc.blocks[first].text, &doc.blocks[second].text);
                let chosen = if self.is_breadcrumb_of(a, b) && self.looks_like_title(b) {
                    Some(second)
                } else if self.looks_like_title(strip_markdown(a)) {
                    Some(first)
                } else {
                    None
                };
                if let Some(n) = chosen {
                    doc.title = Some(strip_markdown(&doc.blocks[n].text).to_string());
                    doc.blocks[n].removed = Some(Removal::new("title.line", "title"));
                }
            }
        }
        let Some(title) = doc.title.clone() else {
            return;
        };
        for block in doc.blocks.iter_mut().filter(|b| b.is_kept()) {
            if block.text == title || strip_markdown(&block.text) == title {
                block.removed = Some(Removal::new("title.repeat", "title"));
            } else if self.is_breadcrumb_of(&block.text, &title) {
                block.removed = Some(Removal::new("title.breadcrumb", "breadcrumb"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalize;

    fn run(raw: &str) -> Document {
        let mut doc = Document::new("t.txt", 1, raw.into(), "utf-8");
        Normalize.apply(&mut doc);
        Title::new(TitleConfig::default()).apply(&mut doc);
        doc
    }

    #[test]
    fn breadcrumb_before_title() {
        let doc = run("Home News The plan is out\n\nThe plan is out\n\nBody text of the page.");
        assert_eq!(doc.title.as_deref(), Some("The plan is out"));
        let reasons: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| b.removed.as_ref().map(|r| r.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [Some("title.breadcrumb"), Some("title.line"), None]
        );
    }

    #[test]
    fn sentences_are_not_breadcrumbs_or_titles() {
        let doc = run("Paris\n\nNext week the leaders fly to Paris\n\nHome » Paris");
        let reasons: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| b.removed.as_ref().map(|r| r.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [Some("title.line"), None, Some("title.breadcrumb")]
        );
        let doc = run("The council approved the budget on Monday.\n\nMore text.");
        assert_eq!(doc.title, None);
        let doc = run("14th Five Year Plan for the Development of Digital Economy.\n\nMore text.");
        assert!(doc.title.is_some());
        let doc = run("###\n\nShort line one.\n\nAnother short line.");
        assert_eq!(doc.title, None);
        assert!(doc.blocks.iter().all(|b| b.is_kept()));
    }

    #[test]
    fn a_title_field_is_trusted_even_when_empty() {
        let mut doc = Document::new("t.jsonl", 1, "First line\n\nSecond line".into(), "utf-8");
        doc.title_from_record = true;
        Normalize.apply(&mut doc);
        Title::new(TitleConfig::default()).apply(&mut doc);
        assert_eq!(doc.title, None);
        assert!(doc.blocks.iter().all(|b| b.is_kept()));
    }

    #[test]
    fn long_first_sentence_is_not_a_title() {
        let doc = run(&format!("{}.\n\nsecond", "word ".repeat(40)));
        assert_eq!(doc.title, None);
        assert!(doc.blocks.iter().all(|b| b.is_kept()));
    }
}
