//! The title: taken from the record when it has one, else from the page's
//! first line. The title line leaves the body (it lives in the `title`
//! column), and so do its repeats and the breadcrumbs that end with it.

use crate::boilerplate::is_date_only;
use crate::config::TitleConfig;
use crate::document::{Document, Removal};
use crate::normalize::cjk_letter;
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
        // "Privacy Policy" does not make "Policy" a title: without a
        // separator, the title must be more than one word.
        let several_words = title.split_whitespace().nth(1).is_some();
        boundary && (separated || (capitalised && several_words))
    }

    /// Sets the page's title from its own lines, and removes the title line.
    fn find_title(&self, doc: &mut Document) {
        let menu = after_menu(doc);
        if let Some(n) = self.confirmed_title(doc, menu) {
            doc.title = Some(doc.blocks[n].text.clone());
            doc.blocks[n].removed = Some(Removal::new("title.line", "title"));
            return;
        }
        // A short line after the menu is one more menu item, not a
        // headline: then the page's first line is taken, as without one.
        let chosen = self
            .first_line_title(doc, menu)
            .filter(|&n| menu == 0 || !is_menu_item(&doc.blocks[n].text))
            .or_else(|| (menu > 0).then(|| self.first_line_title(doc, 0)).flatten());
        if let Some(n) = chosen {
            let line = strip_markdown(&doc.blocks[n].text);
            doc.title = Some(strip_site_suffix(line).to_string());
            doc.blocks[n].removed = Some(Removal::new("title.line", "title"));
        }
    }

    /// A title the page confirms near its top: a line that another line
    /// repeats with the site's name after it ("Title - site.com") or that a
    /// breadcrumb ends with. Menus and section names before it do not
    /// confirm themselves this way.
    fn confirmed_title(&self, doc: &Document, menu: usize) -> Option<usize> {
        // Lines a rule removed (a breadcrumb) still confirm a title.
        let first: Vec<usize> = (0..doc.blocks.len().min(menu + CONFIRM_WINDOW)).collect();
        first.iter().copied().skip(menu).find(|&i| {
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

    /// The title line among the first two kept lines from block `start`:
    /// the second when the first is a breadcrumb ending with it, else the
    /// first if it looks like a title.
    fn first_line_title(&self, doc: &Document, start: usize) -> Option<usize> {
        let kept: Vec<usize> = doc
            .kept()
            .map(|(i, _)| i)
            .filter(|&i| i >= start)
            .take(2)
            .collect();
        let [first, second] = kept[..] else {
            return None;
        };
        let (a, b) = (&doc.blocks[first].text, &doc.blocks[second].text);
        if self.is_breadcrumb_of(a, b) && self.looks_like_title(b) {
            Some(second)
        } else if self.looks_like_title(strip_markdown(a)) {
            Some(first)
        } else {
            None
        }
    }

    /// A plausible title line: short, not a sentence, not a date or a
    /// counter. A line ending with a full stop is a title only when written
    /// in title case ("Plan for the Development of Digital Economy."), not
    /// as a sentence.
    fn looks_like_title(&self, line: &str) -> bool {
        let chars = line.chars().count();
        if chars == 0
            || chars > self.config.max_chars
            || !line.chars().any(char::is_alphanumeric)
            || is_date_only(line)
            || is_counter(line)
        {
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

/// A label and a number: "Views: 21683", "阅读:79398", "点击量：836".
fn is_counter(line: &str) -> bool {
    line.split_once([':', '：']).is_some_and(|(label, value)| {
        let value = value.trim();
        label.chars().count() <= 12
            && !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    })
}

/// Lines looked at for a title that the page confirms by repeating it,
/// after the menu at the top of the page if there is one.
const CONFIRM_WINDOW: usize = 12;

/// Where the page's text starts after the menu at its top: the lines
/// before it are a run of at least two menu items (kept or already removed
/// by a rule) or one line of items between bars, so the title is looked
/// for after them ("Policy", "Technology", "Business", then the headline).
/// 0 when the page does not open with a menu.
fn after_menu(doc: &Document) -> usize {
    let run = doc
        .blocks
        .iter()
        .take_while(|b| is_menu_item(&b.text))
        .count();
    if run >= 2 || (run == 1 && is_bar_menu(&doc.blocks[0].text)) {
        run
    } else {
        0
    }
}

/// A line of three or more menu items between bars ("专题 | 关于我们 | 首页").
fn is_bar_menu(line: &str) -> bool {
    line.split('|').nth(2).is_some() && line.split('|').all(|item| is_menu_item(item.trim()))
}

/// A line as short as a menu item: at most three words and 24 characters,
/// or four characters in a line of CJK ("首页", "关于我们"), and not a date;
/// or a line of such items between bars ("专题 | 关于我们 | 首页").
fn is_menu_item(line: &str) -> bool {
    if line.split('|').nth(2).is_some() {
        return is_bar_menu(line);
    }
    let chars = line.chars().count();
    chars > 0
        && !is_date_only(line)
        && if line.chars().any(cjk_letter) {
            chars <= 4
        } else {
            line.split_whitespace().count() <= 3 && chars <= 24
        }
}

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
        if !doc.title_from_record {
            self.find_title(doc);
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
    fn the_title_is_looked_for_after_a_menu_at_the_top() {
        let doc = run(
            "Policy\n\nTechnology\n\nBusiness\n\nFerry plan approved for the island\n\nPosted by staff\n\nBody text of the page.",
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("Ferry plan approved for the island")
        );
        assert_eq!(reasons(&doc)[..4], [None, None, None, Some("title.line")]);
        let doc = run("首页\n\n关于我们\n\n视频\n\n渡轮计划今日获批\n\n正文内容在这里。");
        assert_eq!(doc.title.as_deref(), Some("渡轮计划今日获批"));
        let doc = run("专题 | 关于我们 | 首页\n\n渡轮计划今日获批\n\n正文内容在这里。");
        assert_eq!(doc.title.as_deref(), Some("渡轮计划今日获批"));
        // A menu longer than the window: the title line and its repeat
        // with the site's name still confirm each other.
        let menu = "News\n\nMarkets\n\nPolicy\n\n".repeat(5);
        let doc = run(&format!(
            "{menu}Ferry plan approved_World_daily.example.com\n\nFerry plan approved\n\nBody text."
        ));
        assert_eq!(doc.title.as_deref(), Some("Ferry plan approved"));
        assert_eq!(
            reasons(&doc)[15..],
            [Some("title.repeat"), Some("title.line"), None]
        );
    }

    #[test]
    fn without_a_headline_after_the_menu_the_first_line_is_the_title() {
        // The page's own title first, then its menu, then the text.
        let doc = run("Prendre la parole\n\nProgrammes\n\nPodcasts\n\nThe body is a sentence.");
        assert_eq!(doc.title.as_deref(), Some("Prendre la parole"));
        // A CJK title with a space in it is no menu item.
        let doc = run("著名导演去世 享年74岁\n\n紫牛\n\n要闻\n\n江苏南京今日消息称。");
        assert_eq!(doc.title.as_deref(), Some("著名导演去世 享年74岁"));
    }

    #[test]
    fn dates_and_one_word_endings_do_not_make_titles() {
        let doc =
            run("Ferry plan approved\n\nMay 2, 2024\n\nBy editor | May 2, 2024\n\nBody text.");
        assert_eq!(doc.title.as_deref(), Some("Ferry plan approved"));
        assert_eq!(reasons(&doc), [Some("title.line"), None, None, None]);
        let doc = run("May 2, 2024\n\nBody text.");
        assert_eq!(doc.title, None);
        for counter in ["Views: 21683", "阅读:79398", "点击量：1,836"] {
            let doc = run(&format!("{counter}\n\nBody text."));
            assert_eq!(doc.title, None, "{counter}");
        }
        // "Privacy Policy" is not a breadcrumb that ends with "Policy".
        let doc = run("Policy\n\nThe ferry plan is approved today\n\nPrivacy Policy\n\nBody text.");
        assert_eq!(reasons(&doc)[2], None);
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
