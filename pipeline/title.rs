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

    /// Whether `line` ends with `title` after a short prefix ("Home News <title>").
    fn is_breadcrumb_of(&self, line: &str, title: &str) -> bool {
        line.len() > title.len()
            && line.ends_with(title)
            && line[..line.len() - title.len()].trim().chars().count()
                <= self.config.max_breadcrumb_prefix
    }

    /// A plausible title line: short, and not a long sentence.
    fn looks_like_title(&self, line: &str) -> bool {
        let chars = line.chars().count();
        let sentence_end =
            line.ends_with(['。', '！', '？', '!', '?']) || (line.ends_with('.') && chars > 120);
        chars <= self.config.max_chars && !sentence_end
    }
}

const HEAD_BLOCKS: usize = 8;

impl DocStage for Title {
    fn name(&self) -> &'static str {
        "title"
    }

    fn apply(&self, doc: &mut Document) {
        let kept: Vec<usize> = doc.kept().map(|(i, _)| i).take(HEAD_BLOCKS).collect();
        if doc.title.is_none() && kept.len() >= 2 {
            let (first, second) = (kept[0], kept[1]);
            let (a, b) = (&doc.blocks[first].text, &doc.blocks[second].text);
            if self.is_breadcrumb_of(a, b) && self.looks_like_title(b) {
                doc.title = Some(b.clone());
                doc.blocks[second].removed = Some(Removal::new("title.line", "title"));
            } else if self.looks_like_title(a) {
                // A Markdown heading line is a title without its `#` marks.
                doc.title = Some(a.trim_start_matches('#').trim_start().to_string());
                doc.blocks[first].removed = Some(Removal::new("title.line", "title"));
            }
        }
        let Some(title) = doc.title.clone() else {
            return;
        };
        for (n, block) in doc.blocks.iter_mut().enumerate() {
            if !block.is_kept() {
                continue;
            }
            if block.text == title {
                block.removed = Some(Removal::new("title.repeat", "title"));
            } else if kept.contains(&n) && self.is_breadcrumb_of(&block.text, &title) {
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
    fn long_first_sentence_is_not_a_title() {
        let doc = run(&format!("{}.\n\nsecond", "word ".repeat(40)));
        assert_eq!(doc.title, None);
        assert!(doc.blocks.iter().all(|b| b.is_kept()));
    }
}
