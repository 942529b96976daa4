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

    /// A title the page confirms near its top: a line that another line
    /// repeats with the site's name after it ("Title - site.com") or that a
    /// breadcrumb ends with. Menus and section names before it do not
    /// confirm themselves this way.
    fn confirmed_title(&self, doc: &Document) -> Option<usize> {
        // Lines a rule removed (a breadcrumb) still confirm a title.
        let first: Vec<usize> = (0..doc.blocks.len().min(CONFIRM_WINDOW)).collect();
        first.iter().copied().find(|&i| {
            let t = &doc.blocks[i].text;
            doc.blocks[i].is_kept()
                && t.chars().count() >= 4
                && self.looks_like_title(t)
                && first.iter().any(|&j| {
                    let s = &doc.blocks[j].text;
                    j != i && (is_suffixed(s, t) || self.is_breadcrumb_of(s, t))
                })
        })
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

/// Lines looked at for a title that the page confirms by repeating it.
const CONFIRM_WINDOW: usize = 12;

/// What joins a title to the site's name in a title line: "Title - site.com",
/// "Title | Site", "Title_Section_site".
const SUFFIX_SEPARATORS: [&str; 7] = [" - ", " | ", " – ", " — ", "｜", "_", " :: "];

/// Longest site suffix, in characters.
const MAX_SUFFIX_CHARS: usize = 60;

/// Whether `line` is `title` followed by a site suffix.
fn is_suffixed(line: &str, title: &str) -> bool {
    line.strip_prefix(title).is_some_and(|rest| {
        SUFFIX_SEPARATORS.iter().any(|s| rest.starts_with(s))
            && rest.chars().count() <= MAX_SUFFIX_CHARS
    })
}

/// The title without a site suffix that names a domain ("Title - site.com",
/// "Title_Section_site.cn"); the line itself when it has none.
fn strip_site_suffix(line: &str) -> &str {
    for sep in SUFFIX_SEPARATORS {
        if let Some(at) = line.find(sep) {
            let rest = &line[at + sep.len()..];
            let domain = rest
                .rsplit(|c: char| c.is_whitespace() || c == '_' || c == '|')
                .next()
                .is_some_and(|w| {
                    w.contains('.')
                        && w.split('.').all(|p| {
                            !p.is_empty()
                                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        })
                });
            if at > 0 && domain && rest.chars().count() <= MAX_SUFFIX_CHARS {
                return line[..at].trim_end();
            }
        }
    }
    line
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
        if !doc.title_from_record
            && let Some(n) = self.confirmed_title(doc)
        {
            doc.title = Some(doc.blocks[n].text.clone());
            doc.blocks[n].removed = Some(Removal::new("title.line", "title"));
        } else if !doc.title_from_record {
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
                    let line = strip_markdown(&doc.blocks[n].text);
                    doc.title = Some(strip_site_suffix(line).to_string());
                    doc.blocks[n].removed = Some(Removal::new("title.line", "title"));
                }
            }
        }
        let Some(title) = doc.title.clone() else {
            return;
        };
        for block in doc.blocks.iter_mut().filter(|b| b.is_kept()) {
            if block.text == title
                || strip_markdown(&block.text) == title
                || is_suffixed(&block.text, &title)
            {
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

    /// The removal reason of each block, `None` for kept ones.
    fn reasons(doc: &Document) -> Vec<Option<&str>> {
        doc.blocks
            .iter()
            .map(|b| b.removed.as_ref().map(|r| r.reason.as_str()))
            .collect()
    }

    #[test]
    fn breadcrumb_before_title() {
        let doc = run("Home News The plan is out\n\nThe plan is out\n\nBody text of the page.");
        assert_eq!(doc.title.as_deref(), Some("The plan is out"));
        let reasons = reasons(&doc);
        assert_eq!(
            reasons,
            [Some("title.breadcrumb"), Some("title.line"), None]
        );
    }

    #[test]
    fn sentences_are_not_breadcrumbs_or_titles() {
        let doc = run("Paris\n\nNext week the leaders fly to Paris\n\nHome » Paris");
        let reasons = reasons(&doc);
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

    #[test]
    fn a_title_the_page_repeats_wins_over_menu_lines_before_it() {
        let doc = run(
            "Policy\n\nTechnology\n\nHOME Policy Ferry plan approved\n\nFerry plan approved - daily.example.com\n\nFerry plan approved\n\nMay 2, 2024\n\nBody text.",
        );
        assert_eq!(doc.title.as_deref(), Some("Ferry plan approved"));
        let reasons = reasons(&doc);
        assert_eq!(
            reasons,
            [
                None,
                None,
                Some("title.breadcrumb"),
                Some("title.repeat"),
                Some("title.line"),
                None,
                None
            ]
        );
    }

    #[test]
    fn a_site_suffix_naming_a_domain_leaves_the_title() {
        assert_eq!(
            strip_site_suffix("Ferry plan - daily.example.com"),
            "Ferry plan"
        );
        assert_eq!(
            strip_site_suffix("渡轮计划_新闻_daily0035.com.cn"),
            "渡轮计划"
        );
        assert_eq!(
            strip_site_suffix("Riverton Strategy 2024-2035"),
            "Riverton Strategy 2024-2035"
        );
        assert_eq!(
            strip_site_suffix("Ferry - the late boats"),
            "Ferry - the late boats"
        );
        let doc = run("Ferry plan approved | portal.example.org\n\nBody text.");
        assert_eq!(doc.title.as_deref(), Some("Ferry plan approved"));
    }
}
