//! Context: the main body of a page runs from its first to its last block
//! of real prose; the short lines before and after it (menus, teasers,
//! share bars, related headlines, footers) are boilerplate that no rule
//! names. Inside the body, short lines stay: they are headings, list items
//! and captions of the text.

use super::lines::Lines;
use super::stop_words::stop_share;
use crate::document::{Document, Removal};
use crate::stage::DocStage;

/// From this share of function words a short line reads as text, not as
/// a menu item (on the development set, 0.3 kept 5 more wanted snippets
/// and 3 more unwanted ones; 0.4 kept 3 and 3).
const TEXT_STOP_SHARE: f64 = 0.3;

/// Trims what lies outside the body, and runs of short lines inside it.
pub struct BodySpan {
    min_width: usize,
    min_run: usize,
}

impl BodySpan {
    /// The stage: a block of prose is at least `min_width` wide (CJK
    /// characters count twice) and reads as sentences.
    pub fn new(min_width: usize) -> Self {
        BodySpan {
            min_width,
            min_run: 0,
        }
    }

    /// Also removes, inside the body, every run of `min_run` or more
    /// consecutive short lines that are not sentences: menus and link lists
    /// that sit between paragraphs. 0 turns it off.
    pub fn with_short_runs(mut self, min_run: usize) -> Self {
        self.min_run = min_run;
        self
    }

    /// A line of a menu or link list: narrow, and not a sentence. A bare
    /// section number ("01", the first half of a heading) is not one, nor is
    /// a "label: value" line of a record, nor an item of a bulleted or
    /// numbered list, which menus in scraped text seldom are.
    pub(super) fn is_link_like(&self, text: &str) -> bool {
        let field = text.trim_end_matches(['：', ':']).contains(['：', ':']);
        !wide_enough(text, SHORT_WIDTH)
            && !is_bare_number(text)
            && !field
            && !is_list_item(text)
            && !stop_share(text).is_some_and(|share| share >= TEXT_STOP_SHARE)
            && !text
                .trim_end()
                .ends_with(['.', '!', '?', '。', '！', '？', ':', '：'])
    }

    /// Whether a block is prose: wide enough, and ending as a sentence or
    /// holding two of them.
    pub fn is_prose(&self, text: &str) -> bool {
        if !wide_enough(text, self.min_width) {
            return false;
        }
        // A closing attribution "(Source: ...)" or quote does not end the sentence.
        let text = strip_trailing_parenthetical(text);
        let trimmed =
            text.trim_end_matches(['"', '\'', '”', '’', '」', '』', ')', '）', ']', '】']);
        trimmed.ends_with(['.', '!', '?', '。', '！', '？', '…', ';', '；', ':', '：'])
            || text
                .matches(['.', '!', '?', '。', '！', '？'])
                .nth(1)
                .is_some()
    }
}

/// A number of at most three digits alone on its line: a section number
/// ("01", the first half of a heading) or a gallery's count ("6").
fn is_bare_number(text: &str) -> bool {
    text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A list item: a bullet ("- ", "• ", "* ") or an enumerator ("1. ",
/// "2) ", "(3)", "4、", "b) ") before its text.
fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    if ["- ", "– ", "• ", "* ", "· ", "▪ ", "◦ "]
        .iter()
        .any(|b| t.starts_with(b))
    {
        return true;
    }
    let (inner, closers): (&str, &[&str]) = match t.strip_prefix(['(', '（']) {
        Some(rest) => (rest, &[")", "）"]),
        None => (t, &[". ", ") ", "、", "．"]),
    };
    let label_len = inner
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let label_len = match label_len {
        1..=3 => label_len,
        0 if inner.starts_with(|c: char| c.is_ascii_lowercase()) => 1,
        _ => return false,
    };
    closers.iter().any(|c| inner[label_len..].starts_with(c))
}

/// The text without the quotation marks that close it: a quotation's
/// sentence ends inside them ("... really exciting.\"").
fn strip_closing_quotes(text: &str) -> &str {
    text.trim_end_matches(['"', '\'', '”', '’', '」', '』', '»'])
}

/// The text without what closes a paragraph after its last sentence: a
/// parenthetical group, or a news agency's tag in capitals after the final
/// stop ("... into the US. PTI").
fn strip_trailing_parenthetical(text: &str) -> &str {
    let t = text.trim_end();
    if let Some((before, tag)) = t.rsplit_once(' ')
        && (2..=6).contains(&tag.len())
        && tag.bytes().all(|b| b.is_ascii_uppercase())
        && before.ends_with(['.', '!', '?', '"', '”'])
    {
        return before;
    }
    if !t.ends_with([')', '）']) {
        return t;
    }
    match t.rfind(['(', '（']) {
        Some(open) if open > 0 => t[..open].trim_end(),
        _ => t,
    }
}

/// Width of one CJK character (one carries about as much as a short
/// English word; 2 did better than 3 on the development set).
const WIDE: usize = 2;

/// Short lines (a heading) that may sit between two lines of text at the
/// head of the body.
const HEAD_GAP: usize = 1;

/// Width from which a line that ends as a sentence may open the body:
/// fifteen CJK characters are a sentence ("娇一一们不产解。..."), so are thirty
/// Latin ones.
const HEAD_SENTENCE_WIDTH: usize = 30;

/// Width below which a line is short (CJK characters count twice).
const SHORT_WIDTH: usize = 50;

pub(super) fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if is_wide(c) { WIDE } else { 1 })
        .sum()
}

/// Whether `text` is at least `min` wide, without measuring all of a long
/// line: the context stage asks this of every line several times.
pub(super) fn wide_enough(text: &str, min: usize) -> bool {
    // No character is wider than its UTF-8 bytes.
    if text.len() < min {
        return false;
    }
    let mut sum = 0;
    for c in text.chars() {
        sum += if is_wide(c) { WIDE } else { 1 };
        if sum >= min {
            return true;
        }
    }
    false
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}')
}

impl DocStage for BodySpan {
    fn name(&self) -> &'static str {
        "context"
    }

    fn apply(&self, doc: &mut Document) {
        // Islands, headers and dated lists are judged on the lines that are
        // left, and each cut changes what is left (a menu gone joins two
        // islands; prose gone after a header shrinks the largest island):
        // trim again until nothing more goes, so that a second run over the
        // output removes nothing.
        let lines = Lines::new(self, doc);
        while self.trim(doc, &lines) {}
    }
}

impl BodySpan {
    /// One pass of the stage; whether it removed anything.
    fn trim(&self, doc: &mut Document, lines: &Lines) -> bool {
        let kept_before = doc.kept().count();
        // A list of other stories reads as prose: it goes before the body's
        // first and last prose lines are found.
        remove_runs(doc, &lines.teaser, TEASER_RUN, "context.teasers");
        let kept: Vec<usize> = doc.kept().map(|(i, _)| i).collect();
        let islands = self.trailing_islands(lines, &kept);
        let limit = islands.unwrap_or(doc.blocks.len());
        let prose: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&i| i < limit && lines.prose[i])
            .collect();
        let (Some(&first), Some(&last)) = (prose.first(), prose.last()) else {
            return false;
        };
        // A section header (comments, related stories) ends the body: the
        // tail extends from the last prose line above it, and not past it.
        // Cut again on what is left until no header ends it earlier, so
        // that a second run over the output finds the same end.
        let mut above = prose.clone();
        let mut header = None;
        while let Some(h) = self.section_break(doc, lines, &above) {
            header = Some(h);
            above.retain(|&i| i < h);
        }
        let last = match (header, above.last()) {
            (Some(h), Some(&above)) => self.extend_tail(doc, lines, above, h),
            _ => self.extend_tail(doc, lines, last, self.first_header(lines, last, limit)),
        };
        let first = self.extend_head(doc, first);
        for (n, block) in doc.blocks.iter_mut().enumerate() {
            if !block.is_kept() {
                continue;
            }
            if n < first {
                block.removed = Some(Removal::new("context.before_body", "context"));
            } else if n > last {
                block.removed = Some(Removal::new("context.after_body", "context"));
            }
        }
        if self.min_run > 0 {
            self.remove_short_runs(doc, lines);
        }
        let kept: Vec<usize> = doc.kept().map(|(i, _)| i).collect();
        let dated = self.dated_list(lines, &kept);
        if let Some(cut) = dated {
            for &i in kept.iter().filter(|&&i| i >= cut) {
                doc.blocks[i].removed = Some(Removal::new("context.date_list", "context"));
            }
        }
        self.remove_boxes(doc, lines);
        doc.kept().count() < kept_before
    }

    /// The body goes on after its last prose line through shorter
    /// sentences, and through up to two short lines (a numbered heading)
    /// that lead to one: a closing paragraph may be brief.
    /// Lines from `limit` on are not looked at.
    fn extend_tail(&self, doc: &Document, lines: &Lines, last: usize, limit: usize) -> usize {
        let after: Vec<usize> = doc
            .kept()
            .map(|(i, _)| i)
            .filter(|&i| i > last && i < limit)
            .collect();
        let is_sentence = |i: usize| lines.sentence[i];
        let mut end = last;
        let mut p = 0;
        while p < after.len() {
            match (0..3)
                .take_while(|k| p + k < after.len())
                .find(|&k| is_sentence(after[p + k]))
            {
                Some(k) => {
                    end = after[p + k];
                    p += k + 1;
                }
                None => break,
            }
        }
        end
    }

    /// The body starts earlier when the lines just before its first prose
    /// line are text too (a brief lead: "HAYWARD, Calif. (AP) — ..."):
    /// sentences, shorter ones too ([`HEAD_SENTENCE_WIDTH`]), lines that
    /// hold one before going on, and lines as wide as prose that merely
    /// lack the final stop; with the items of a list, or one other short
    /// line (a heading), between two such lines. No more than one: the head
    /// is where bylines, dates and teasers are.
    fn extend_head(&self, doc: &Document, first: usize) -> usize {
        let before: Vec<usize> = doc.kept().map(|(i, _)| i).filter(|&i| i < first).collect();
        let mut start = first;
        // Short lines since the last text line (walking up), list items
        // apart: they go with the body only if text leads into them.
        let mut gap = 0;
        for &i in before.iter().rev() {
            let text = &doc.blocks[i].text;
            // A bare number between the lead and the body counts a gallery's
            // pictures ("6"), as list items list: neither breaks the way up.
            if is_list_item(text) || is_bare_number(text) {
                continue;
            }
            let wide = wide_enough(text, self.min_width);
            if !(self.is_head_sentence(text) || wide || self.holds_sentence(text)) {
                gap += 1;
                if gap > HEAD_GAP {
                    break;
                }
                continue;
            }
            gap = 0;
            start = i;
        }
        start
    }

    /// A line, not narrow, with a sentence that ends inside it and more
    /// words after: "It rained. The ferry ran late and" reads as text even
    /// when its own end was cut off.
    fn holds_sentence(&self, text: &str) -> bool {
        wide_enough(text, SHORT_WIDTH)
            && text
                .trim_end()
                .match_indices(['.', '!', '?', '。', '！', '？'])
                .any(|(at, stop)| {
                    let rest = &text[at + stop.len()..];
                    rest.starts_with(' ')
                        && rest.trim().chars().next().is_some_and(char::is_uppercase)
                })
    }

    /// A sentence that may open the body: a full one ([`Self::is_sentence`]),
    /// or a statement at least [`HEAD_SENTENCE_WIDTH`] wide that ends with a
    /// full stop, a semicolon or a colon ("The Latest on ... (all times
    /// local):"; a short question above the body is more often a caption or
    /// a teaser).
    fn is_head_sentence(&self, text: &str) -> bool {
        let trimmed = strip_closing_quotes(strip_trailing_parenthetical(text));
        self.is_sentence(text)
            || (wide_enough(trimmed, HEAD_SENTENCE_WIDTH)
                && trimmed.ends_with(['.', ';', ':', '。', '；', '：']))
    }

    /// A full sentence, if a short one: ends as one (a quotation's closing
    /// mark aside), and is not narrow.
    pub(super) fn is_sentence(&self, text: &str) -> bool {
        let text = strip_closing_quotes(strip_trailing_parenthetical(text));
        wide_enough(text, SHORT_WIDTH) && text.ends_with(['.', '!', '?', '。', '！', '？'])
    }

    fn remove_short_runs(&self, doc: &mut Document, lines: &Lines) {
        remove_runs(doc, &lines.link_like, self.min_run, "context.short_run");
    }
}

/// Consecutive teasers (see [`super::teaser`]) that make a list of stories.
const TEASER_RUN: usize = 3;

/// Removes, with `reason`, every run of at least `min` consecutive kept
/// blocks that `flags` marks. Blocks removed with `reason` before count in
/// a run: two teasers left between a menu and a list of teasers are of the
/// list once the menu is gone.
fn remove_runs(doc: &mut Document, flags: &[bool], min: usize, reason: &'static str) {
    let lines: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.removed.as_ref().is_none_or(|r| r.reason == reason))
        .map(|(i, _)| i)
        .collect();
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && flags[lines[end]] {
            end += 1;
        }
        if end - start >= min {
            for &i in &lines[start..end] {
                if doc.blocks[i].is_kept() {
                    doc.blocks[i].removed = Some(Removal::new(reason, "context"));
                }
            }
        }
        start = end.max(start + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalize;

    /// The document of `raw` after `stage`.
    fn after(stage: &BodySpan, raw: &str) -> Document {
        let mut doc = Document::new("t.txt", 1, raw.to_string(), "utf-8");
        Normalize.apply(&mut doc);
        stage.apply(&mut doc);
        doc
    }

    /// A line of prose, for the body of test pages.
    const BODY: &str = "The harbour authority extended the evening ferry timetable for the whole summer season, officials said.";

    fn removed(doc: &Document) -> Vec<&str> {
        doc.blocks
            .iter()
            .filter(|b| !b.is_kept())
            .map(|b| b.text.as_str())
            .collect()
    }

    #[test]
    fn menus_around_the_body_go_and_headings_inside_stay() {
        let body = "The harbour authority extended the evening ferry timetable for the whole summer season.";
        let raw = format!(
            "Home\n\nNews\n\nSport\n\n{body}\n\nTimetable\n\n{body} Again.\n\nShare\n\nMost read: a long headline that does not end"
        );
        let doc = after(&BodySpan::new(80), &raw);
        let kept: Vec<&str> = doc.kept().map(|(_, b)| b.text.as_str()).collect();
        assert_eq!(kept, [body, "Timetable", &format!("{body} Again.")]);
        assert_eq!(
            doc.blocks[0].removed.as_ref().unwrap().reason,
            "context.before_body"
        );
        assert_eq!(
            doc.blocks[6].removed.as_ref().unwrap().reason,
            "context.after_body"
        );
    }

    #[test]
    fn chinese_prose_counts_wide_and_a_page_without_prose_is_left_alone() {
        let stage = BodySpan::new(80);
        assert!(stage.is_prose("近日,江城市文化和旅游局发布《公共图书馆改造方案》,对全市十二个图书馆的空间布局、数字服务和开放时间作出安排。"));
        assert!(!stage.is_prose("江城市发布公共图书馆改造方案"));
        let mut doc = Document::new("t.txt", 1, "a\n\nb\n\nc".into(), "utf-8");
        Normalize.apply(&mut doc);
        stage.apply(&mut doc);
        assert_eq!(doc.kept().count(), 3);
    }

    #[test]
    fn runs_of_short_lines_inside_the_body_go_but_not_headings_numbers_or_fields() {
        let body = "The harbour authority extended the evening ferry timetable for the whole summer season.";
        let raw = format!(
            "{body}\n\nNFL Home\n\nCurling\n\nTV Listings\n\n{body} One.\n\nTimetable\n\n01\n\nRoutes\n\n{body} Two.\n\nName: Li Wei\n\nAge: 20\n\nHeight: 168 cm\n\n{body} Three."
        );
        let doc = after(&BodySpan::new(80).with_short_runs(3), &raw);
        assert_eq!(removed(&doc), ["NFL Home", "Curling", "TV Listings"]);
        assert!(
            doc.blocks[1..4]
                .iter()
                .all(|b| b.removed.as_ref().unwrap().reason == "context.short_run")
        );
    }

    #[test]
    fn short_lines_of_text_are_not_a_menu() {
        let raw = format!(
            "{BODY}\n\nThe ferry was late again\n\nand the island had to wait\n\nfor it in the rain\n\n{BODY} Again."
        );
        assert!(removed(&after(&BodySpan::new(100).with_short_runs(3), &raw)).is_empty());
        let raw =
            format!("{BODY}\n\nWorld News Today\n\nSport and Weather\n\nTravel\n\n{BODY} Again.");
        assert_eq!(
            removed(&after(&BodySpan::new(100).with_short_runs(3), &raw)),
            ["World News Today", "Sport and Weather", "Travel"]
        );
    }

    #[test]
    fn a_brief_closing_paragraph_and_a_closing_attribution_stay() {
        let body = BODY;
        let raw = format!(
            "{body} It was long awaited by the islanders.\n\n03\n\nNext steps\n\nThe ferry runs until midnight from June to September.\n\nA plan in six parts, so as to ensure the tasks are done. (source: Harbour Board)\n\nMost read\n\nShare"
        );
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["Most read", "Share"]);
    }

    #[test]
    fn a_brief_lead_sentence_joins_the_body_but_a_byline_before_it_does_not() {
        let body = BODY;
        let raw = format!(
            "Teaser line\n\nHAYWARD, Calif. (AP) — The latest on the ferry timetable.\n\n{body} More words."
        );
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["Teaser line"]);
    }

    #[test]
    fn short_sentences_over_a_heading_or_a_list_start_the_body() {
        // Short opening sentences, then a heading or a list, then the
        // prose: all of it is the body; the menu above it is not.
        let body = BODY;
        let lead = "The town council met on Monday evening about the ferry plan.";
        let raw = format!("News\n\nSport\n\n{lead}\n\nWHAT THE PLAN CHANGES\n\n{body} More words.");
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["News", "Sport"]);
        let raw = format!(
            "News\n\nSport\n\n{lead}\n\n* later boats\n\n* more crew\n\n* a new quay\n\n{body} More words."
        );
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["News", "Sport"]);
        // Short Chinese sentences open a Chinese body; a short question
        // above the body is a caption.
        let zh_body = "近日,江城市文化和旅游局发布《公共图书馆改造方案》,对全市十二个图书馆的空间布局、数字服务和开放时间作出安排。";
        let raw = format!(
            "首页\n\n新闻\n\n江城图书馆下月起延长开放时间。\n\n市民普遍欢迎这项新的安排。\n\n{zh_body}"
        );
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["首页", "新闻"]);
        let raw = format!("Media captionWho is the new ferry captain?\n\n{body} More words.");
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(
            removed(&doc),
            ["Media captionWho is the new ferry captain?"]
        );
        // Two short lines between are a byline and a date: the lead
        // sentence above them is a teaser.
        let raw = format!("{lead}\n\nBy staff\n\nMay 2\n\n{body} More words.");
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), [lead, "By staff", "May 2"]);
    }

    #[test]
    fn a_quotation_closes_the_body_and_a_lead_ending_in_a_colon_opens_it() {
        let quote = "\"It is not only important but also really fun,\" Lopes said. \"It will be exciting.\"";
        let raw = format!("{BODY} More words.\n\n{quote}\n\nShare");
        assert_eq!(removed(&after(&BodySpan::new(100), &raw)), ["Share"]);
        let lead = "HARBOUR TOWN (AP) — The latest on the ferry strike (all times local):";
        let raw = format!("Menu item\n\n{lead}\n\n10 p.m.\n\n{BODY} More words.");
        assert_eq!(removed(&after(&BodySpan::new(100), &raw)), ["Menu item"]);
    }

    #[test]
    fn gallery_counts_between_the_lead_and_the_body_do_not_cut_the_lead() {
        let lead = "A fisherman who sailed alone round the island has come home to the harbour.";
        let raw = format!("Menu item\n\nJane Doe\n\n{lead}\n\n6\n\n6\n\n{BODY} More words.");
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["Menu item", "Jane Doe"]);
    }

    #[test]
    fn a_lead_paragraph_that_lost_its_final_stop_stays_with_the_body() {
        let body = BODY;
        let cut = "Islanders had asked for later boats for years, and the council agreed to pay for the extra crew this summer and";
        let raw = format!(
            "Menu item\n\nApril 23, 2018\n\nThe board met on Monday. It voted on the new timetable and\n\n{cut}\n\n{body} More words."
        );
        let doc = after(&BodySpan::new(100), &raw);
        assert_eq!(removed(&doc), ["Menu item", "April 23, 2018"]);
    }

    #[test]
    fn a_list_of_teasers_goes_even_when_a_menu_splits_it() {
        let teasers = [
            "Ferry Board Raises Fares For Islanders On MondayThe ferry board raised the price of a return ticket on Monday.",
            "Night Market Opens On The QuayForty traders opened their stalls on the quay on Friday night.",
            "Is The Old Lighthouse Safe?Engineers will inspect the old lighthouse before the summer season.",
            "Council Votes To Rebuild The Harbour WallThe council voted to rebuild the harbour wall next spring.",
            "Islanders pay more for ferry tickets HARBOUR TOWN: The ferry board raised the price of a return ticket on Monday, and the islanders say the new...",
        ];
        let menu = "News\n\nSport\n\nWeather\n\nTravel";
        let raw = format!(
            "{}\n\n{}\n\n{menu}\n\n{}\n\n{}\n\n{}\n\n{BODY} More words.\n\n{BODY} Again.",
            teasers[0], teasers[1], teasers[2], teasers[3], teasers[4]
        );
        let doc = after(&BodySpan::new(100).with_short_runs(3), &raw);
        let reason = |text: &str| {
            let block = doc.blocks.iter().find(|b| b.text == text).unwrap();
            block.removed.as_ref().map(|r| r.reason.clone())
        };
        for teaser in teasers {
            assert_eq!(
                reason(teaser).as_deref(),
                Some("context.teasers"),
                "{teaser}"
            );
        }
        assert_eq!(doc.kept().count(), 2);
        // Two teasers alone are not a list.
        let raw = format!(
            "{BODY}\n\n{}\n\n{}\n\n{BODY} Again.",
            teasers[0], teasers[1]
        );
        assert!(removed(&after(&BodySpan::new(100), &raw)).is_empty());
    }

    #[test]
    fn an_agency_tag_after_the_last_sentence_keeps_the_paragraph() {
        let last = "The special ferry carrying the islanders landed at the quay at six in the morning, an official said. PTI";
        let raw = format!("{BODY} More words.\n\n{last}\n\nShare");
        assert_eq!(removed(&after(&BodySpan::new(100), &raw)), ["Share"]);
    }

    #[test]
    fn list_items_are_told_from_menu_lines() {
        for item in [
            "- Milk",
            "• 学说",
            "* Bread",
            "1. Eggs",
            "2) Oil",
            "(3)厍罧",
            "4、机速",
            "b) Salt",
            "（2）条件",
        ] {
            assert!(is_list_item(item), "{item}");
        }
        for line in [
            "Home",
            "2024",
            "1.5 million",
            "-5 degrees",
            "a)b",
            "Section 3",
        ] {
            assert!(!is_list_item(line), "{line}");
        }
        let body = BODY;
        let raw = format!("{body}\n\n- Milk\n\n- Bread\n\n- Eggs\n\n{body} Again.");
        assert!(removed(&after(&BodySpan::new(100).with_short_runs(3), &raw)).is_empty());
    }
}
