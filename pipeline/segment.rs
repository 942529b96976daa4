//! Structure: which kept blocks are headings, at what level, and the
//! sections they open; the language of the document and of each paragraph.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::config::SegmentConfig;
use crate::document::{Document, Role, Section};
use crate::lang;
use crate::stage::DocStage;

/// Numbered headings and the level each numbering implies. Plain headings
/// are level 1, numbered ones sit below them unless the numbering says
/// "chapter"; Markdown levels are taken as written.
static NUMBERED: LazyLock<Vec<(Regex, u8)>> = LazyLock::new(|| {
    [
        (r"^第[一二三四五六七八九十百零〇两\d]+[章篇部卷]", 1),
        (r"^第[一二三四五六七八九十百零〇两\d]+节", 2),
        (r"^(?i)(?:chapter|part|section)\s+(?:\d+|[ivxlc]+)\b", 1),
        (r"^[一二三四五六七八九十]+\s*[、.．]", 2),
        (r"^[（(][一二三四五六七八九十]+[)）]", 3),
        (r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+[\p{Lu}\p{Han}]", 4),
        (r"^\d{1,2}\.\d{1,2}\.?\s+[\p{Lu}\p{Han}]", 3),
        (r"^\d{1,2}[.、．)]\s*[\p{Lu}\p{Han}]", 2),
        (r"^[IVX]{1,5}\.\s+\p{Lu}", 2),
    ]
    .into_iter()
    .map(|(p, level)| (Regex::new(p).expect("heading pattern compiles"), level))
    .collect()
});

static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+\S").expect("markdown pattern"));

static NUMBER_THEN_LOWERCASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\d.,%]+\s+\p{Ll}").expect("number pattern"));

/// A line that is only a section number, like the "01" above a heading.
static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、．]?$").expect("number pattern")
});

/// Characters of a paragraph that language identification looks at: the
/// language of a paragraph shows in its first sentences.
const PARAGRAPH_SAMPLE: usize = 120;

/// Bytes of kept text that document language identification looks at.
const DOC_SAMPLE_BYTES: usize = 1500;

/// Finds headings and builds sections.
pub struct Segment {
    config: SegmentConfig,
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Length with CJK characters counted twice: one of them carries about
/// as much as a short word, so lengths compare across scripts.
fn width(text: &str) -> usize {
    text.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

/// Short lines that look like headings and are not: bylines, image
/// credits, author boxes, widget links, pull quotes, a correspondent's
/// name and title. (Found on the development set, where they made most
/// of the false headings.)
static NOT_HEADING: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^(?i:by|written by|(?:medically )?reviewed by|fact[- ]checked by|photo by|edited by)\s",
        r"(?i)\b(?:image|photo|picture) (?:copyright|caption|credit)|\bcopyright\b|^(?:image|photo|video) \d+ of \d+$",
        CORRESPONDENT,
        r"^(?:About|Über|Sobre|À propos de)\s+\p{Lu}\S*(?:\s+\p{Lu}\S*)*$",
        r"(?i)\b(?:view all|see all|back to gallery)$",
        r#"^["“‘«„]|[.!?,]["”’»]$"#,
        r"^\p{Ll}",
        r"^[?？].*|,.*[?？]$",
    ])
    .expect("not-heading patterns compile")
});

/// A correspondent's name and title ("Caroline Hawley, BBC diplomatic
/// correspondent"): never a heading, and the line a heading may sit over.
const CORRESPONDENT: &str = r"(?i),.*\b(?:correspondent|editor|reporter|writer)$";

/// A byline or a correspondent's name and title between a heading and
/// its body: the heading's body is the line after.
static CREDIT_LINE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([r"^(?i:by|written by)\s", CORRESPONDENT]).expect("credit patterns")
});

/// A call to action or a credit between a heading and its body ("See it
/// now: Amazon", "Photo: Reuters"): the heading's body is the line after.
static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\d:：]{2,25}[:：]\s*\S").expect("label pattern"));

/// Lines shaped like headings that are something else: a credit
/// ("Name/Agency/Getty Images"), a quote's attribution ("— Name
/// (@handle) November 1, 2019"), a byline with its date, a "label: value"
/// line ("See it now: Amazon"), and the lines of `NOT_HEADING`.
fn reads_as_heading(text: &str) -> bool {
    !text.contains(['/', '@', '|', ':', '：'])
        && !text.starts_with(['—', '–', '-', '©'])
        && !crate::metadata::has_date(text)
        && !NOT_HEADING.is_match(text)
        && !shouting(text)
}

/// A line in capitals of more than five words: a teaser headline, not a
/// section ("SCORES QUARANTINED" stays a heading).
fn shouting(text: &str) -> bool {
    text.split_whitespace().count() > 5
        && text.chars().any(char::is_alphabetic)
        && !text.chars().any(char::is_lowercase)
}

/// Words a title leaves in lower case.
const MINOR_WORDS: [&str; 14] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
];

/// In title case: every word that starts with a letter starts with a
/// capital, minor words apart ("Meal Prep Menu for Eating Plan A",
/// "Pre-Workout Meal", "Meal 1").
fn title_case(text: &str) -> bool {
    let mut capitals = 0;
    for word in text.split_whitespace() {
        match word.chars().next() {
            Some(c) if c.is_uppercase() => capitals += 1,
            Some(c) if c.is_lowercase() && !MINOR_WORDS.contains(&word) => return false,
            _ => {}
        }
    }
    capitals > 0
}

/// A short line in sentence case, two words at least: a capital, then a
/// word in lower case ("Eat every 2–3 hours"), as the line that sits
/// between a heading and its body on instruction and recipe pages.
fn sentence_case_line(text: &str) -> bool {
    let mut words = text.split_whitespace();
    words
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
        && words.any(|w| w.chars().next().is_some_and(char::is_lowercase))
        && width(text) < 60
}

/// Width under which a line that ends with a full stop reads as an image
/// caption: a paragraph is longer (the body span's prose width).
const CAPTION_WIDTH: usize = 140;

/// An image credit under its caption ("...near Delhi on Nov. 3, 2019." /
/// "NASA Worldview" / paragraph): one to three words, each a capitalized
/// name without digits, after a sentence narrower than a paragraph and
/// than half the paragraph that follows. A heading after a short sentence
/// has a word in lower case ("Extra points") or a number ("Meal 1"), is in
/// capitals ("TIP-INS"), or follows a paragraph as short as its own body.
fn credit_under_caption(text: &str, prev: &str, next: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=3).contains(&words)
        && text
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !text.chars().any(|c| c.is_numeric())
        && text.chars().any(char::is_lowercase)
        && prev.ends_with('.')
        && (40..CAPTION_WIDTH).contains(&width(prev))
        && 2 * width(prev) < width(next)
}

/// Ends as a sentence does. A question does not count: "How is the plague
/// spread?" heads its answer.
fn ends_like_sentence(text: &str) -> bool {
    text.ends_with([
        '.', '!', ';', ':', ',', '。', '！', '；', '：', '，', '、', '…',
    ])
}

impl Segment {
    /// The stage with these limits.
    pub fn new(config: SegmentConfig) -> Self {
        Segment { config }
    }

    /// Whether `text` is short enough, and shaped enough like a heading.
    fn heading_shaped(&self, text: &str) -> bool {
        let chars = text.chars().count();
        let cjk = text.chars().filter(|&c| is_cjk(c)).count();
        let max = if cjk * 2 > chars {
            self.config.max_heading_chars_cjk
        } else {
            self.config.max_heading_chars
        };
        chars <= max && !ends_like_sentence(text) && text.chars().any(char::is_alphabetic)
    }

    /// Whether `next` is the body a heading of `text` heads: longer text,
    /// not another short line (which makes `text` a list item or a label).
    fn heads(&self, text: &str, next: &str) -> bool {
        let (len, next_len) = (width(text), width(next));
        next_len >= 2 * len && next_len >= 40 && !self.heading_shaped(next)
    }

    /// Whether `text` heads a section whose first part is a sub-section:
    /// it follows prose (or opens the page) and `next` is a heading over
    /// its own body ("Status Quo" / "Analoge Prozesse" / text). A short
    /// line after another short line is a list item, not a stacked heading.
    fn stacked(
        &self,
        text: &str,
        prev: Option<&str>,
        next: &str,
        after_next: Option<&str>,
    ) -> bool {
        prev.is_none_or(|p| width(p) >= 80)
            && NUMBERED.iter().all(|(re, _)| !re.is_match(text))
            && self.heading_shaped(next)
            && reads_as_heading(next)
            && after_next.is_some_and(|body| self.heads(next, body))
    }

    /// The level of `text` as a heading, given the kept blocks after it.
    fn heading_level(
        &self,
        text: &str,
        prev: Option<&str>,
        next: Option<&str>,
        after_next: Option<&str>,
    ) -> Option<u8> {
        if let Some(m) = MARKDOWN.captures(text) {
            return Some(m[1].len() as u8);
        }
        if !self.heading_shaped(text) || !reads_as_heading(text) {
            return None;
        }
        let next = next?;
        if prev.is_some_and(|p| credit_under_caption(text, p, next)) {
            return None;
        }
        let heads_after_next = after_next.is_some_and(|body| self.heads(text, body));
        let label_between = width(next) < 40
            && LABEL_LINE.is_match(next)
            && !crate::metadata::has_date(next)
            && heads_after_next;
        // "Analysis title" / "Name, BBC diplomatic correspondent" / body.
        let credit_between = width(next) < 80 && CREDIT_LINE.is_match(next) && heads_after_next;
        // "Pre-Workout Meal" / "Eat 60–90 minutes before your workout" / body.
        let note_between = title_case(text)
            && sentence_case_line(next)
            && !ends_like_sentence(next)
            && reads_as_heading(next)
            && heads_after_next;
        if !self.heads(text, next)
            && !label_between
            && !credit_between
            && !note_between
            && !self.stacked(text, prev, next, after_next)
        {
            return None;
        }
        match NUMBERED.iter().find(|(re, _)| re.is_match(text)) {
            // The last item of a numbered list is followed by prose too.
            Some((re, _)) if prev.is_some_and(|p| re.is_match(p) && self.heading_shaped(p)) => None,
            Some((_, level)) => Some(*level),
            // "3.5 million people ..." opens a sentence, not a section.
            None if NUMBER_THEN_LOWERCASE.is_match(text) => None,
            None => Some(1),
        }
    }
}

impl DocStage for Segment {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn apply(&self, doc: &mut Document) {
        if doc.dropped.is_some() {
            return;
        }
        let kept: Vec<usize> = doc.kept().map(|(i, _)| i).collect();
        // A line the page repeats ("See it now", "Eat every 2–3 hours") is a
        // label or a call to action, not the head of one section, unless it
        // is in title case: the same heading over each of several parts
        // ("Meal 1" in each day of a meal plan).
        let mut seen = std::collections::HashMap::new();
        for &i in &kept {
            *seen.entry(doc.blocks[i].text.as_str()).or_insert(0usize) += 1;
        }
        let repeated: std::collections::HashSet<String> = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(t, _)| t.to_string())
            .collect();
        let mut sections: Vec<Section> = Vec::new();
        let mut roles: Vec<(usize, Role)> = Vec::new();
        let mut p = 0;
        while p < kept.len() {
            let i = kept[p];
            let text = doc.blocks[i].text.as_str();
            let next = kept.get(p + 1).map(|&j| doc.blocks[j].text.as_str());
            let after_next = kept.get(p + 2).map(|&j| doc.blocks[j].text.as_str());
            // "01" on its own line, then the heading: one heading "01 <heading>".
            if NUMBER_LINE.is_match(text)
                && text != "0"
                && let Some(heading) = next
                && self.heading_shaped(heading)
                && reads_as_heading(heading)
                && after_next.is_some_and(|body| self.heads(heading, body))
            {
                let j = kept[p + 1];
                roles.push((i, Role::HeadingNumber));
                roles.push((j, Role::Heading(2)));
                sections.push(Section {
                    heading: Some(format!("{text} {heading}")),
                    level: 2,
                    heading_blocks: vec![i, j],
                    body_blocks: Vec::new(),
                });
                p += 2;
                continue;
            }
            let prev = p.checked_sub(1).map(|q| doc.blocks[kept[q]].text.as_str());
            let level = if repeated.contains(text) && !MARKDOWN.is_match(text) && !title_case(text)
            {
                None
            } else {
                self.heading_level(text, prev, next, after_next)
            };
            if let Some(level) = level {
                roles.push((i, Role::Heading(level)));
                let heading = MARKDOWN
                    .captures(text)
                    .map_or(text, |m| text[m[1].len()..].trim_start())
                    .to_string();
                sections.push(Section {
                    heading: Some(heading),
                    level,
                    heading_blocks: vec![i],
                    body_blocks: Vec::new(),
                });
            } else {
                if sections.is_empty() {
                    sections.push(Section {
                        heading: None,
                        level: 0,
                        heading_blocks: Vec::new(),
                        body_blocks: Vec::new(),
                    });
                }
                if let Some(last) = sections.last_mut() {
                    last.body_blocks.push(i);
                }
            }
            p += 1;
        }
        for (i, role) in roles {
            doc.blocks[i].role = role;
        }
        doc.sections = sections;
        self.languages(doc);
    }
}

impl Segment {
    /// Document language from its kept text. A paragraph gets its own
    /// identification when its script differs from the document's or the
    /// document's language is uncertain; otherwise it shares the
    /// document's (a language model per paragraph cost two thirds of the
    /// run time: whatlang's cost per call hardly depends on length).
    fn languages(&self, doc: &mut Document) {
        let mut sample = String::new();
        for (_, block) in doc.kept() {
            if sample.len() > DOC_SAMPLE_BYTES {
                break;
            }
            sample.push_str(&block.text);
            sample.push('\n');
        }
        let detected = lang::detect_info(&sample);
        doc.lang = detected.lang.map(str::to_string);
        for block in doc.blocks.iter_mut().filter(|b| b.is_kept()) {
            let text = lang::sample(&block.text, PARAGRAPH_SAMPLE);
            let own = !detected.reliable || lang::script(text) != detected.script;
            let found = if own { lang::detect(text) } else { None };
            block.lang = found.or(detected.lang).map(str::to_string);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalize;

    fn segment(raw: &str) -> Document {
        let mut doc = Document::new("t.txt", 1, raw.into(), "utf-8");
        Normalize.apply(&mut doc);
        Segment::new(SegmentConfig::default()).apply(&mut doc);
        doc
    }

    fn headings(doc: &Document) -> Vec<(Option<String>, u8)> {
        doc.sections
            .iter()
            .map(|s| (s.heading.clone(), s.level))
            .collect()
    }

    const BODY: &str =
        "This paragraph is the body of the section and is long enough to follow a heading.";

    #[test]
    fn plain_numbered_and_markdown_headings() {
        let doc = segment(&format!(
            "lead {BODY}\n\nOverview\n\n{BODY}\n\n1.2 Details\n\n{BODY}\n\n## Notes\n\n{BODY}"
        ));
        assert_eq!(
            headings(&doc),
            [
                (None, 0),
                (Some("Overview".into()), 1),
                (Some("1.2 Details".into()), 3),
                (Some("Notes".into()), 2)
            ]
        );
    }

    #[test]
    fn number_line_joins_its_heading() {
        let body =
            "部署了建立高效利用的数据要素资源体系任务,提升数据要素赋能作用,引领和创造新需求。";
        let doc = segment(&format!(
            // A short CJK body (27 characters) still follows a heading.
            "重大任务\n\n《规划》围绕发展目标,从8个方面共部署了10项重大任务。\n\n01\n\n着力发挥数据要素价值\n\n{body}"
        ));
        assert_eq!(
            headings(&doc),
            [
                (Some("重大任务".into()), 1),
                (Some("01 着力发挥数据要素价值".into()), 2)
            ]
        );
    }

    #[test]
    fn short_list_items_and_numbers_in_prose_are_not_headings() {
        let doc = segment(&format!(
            "1. Eggs\n\n2. Milk\n\n3. Bread\n\n{BODY}\n\n3.5 million people attended the rally\n\n{BODY}"
        ));
        assert_eq!(headings(&doc), [(None, 0)]);
    }

    #[test]
    fn sentences_and_list_items_are_not_headings() {
        let doc = segment(&format!(
            "It rained.\n\n{BODY}\n\n1. Buy milk at the shop before it closes.\n\n{BODY}"
        ));
        assert_eq!(headings(&doc), [(None, 0)]);
    }

    #[test]
    fn credits_attributions_labels_and_repeated_lines_are_not_headings() {
        let body = "The harbour board voted on Tuesday to keep the evening ferry running until midnight for the whole summer season.";
        for line in [
            "Sanjeev Verma/Hindustan Times/Getty Images",
            "— Josh Apte (@joshapte) November 3, 2019",
            "See it now: Amazon",
            "Von Moritz Bachmann publiziert am 25. September 2018",
        ] {
            let doc = segment(&format!("{body}\n\n{line}\n\n{body} More."));
            assert!(
                headings(&doc)
                    .iter()
                    .all(|(h, _)| h.as_deref() != Some(line)),
                "{line}"
            );
        }
        let doc = segment(&format!(
            "Buy now\n\n{body}\n\nBuy now\n\n{body} Again.\n\nTimetable\n\n{body} Once more."
        ));
        let found: Vec<_> = headings(&doc).into_iter().filter_map(|(h, _)| h).collect();
        assert_eq!(found, ["Timetable"]);
    }

    #[test]
    fn a_title_case_heading_repeated_over_each_part_is_a_heading() {
        let body = "The harbour board voted on Tuesday to keep the evening ferry running until midnight for the whole summer season.";
        let doc = segment(&format!(
            "Day One\n\nMorning Ferry\n\n{body}\n\nDay Two\n\nMorning Ferry\n\n{body} Again."
        ));
        let found: Vec<_> = headings(&doc).into_iter().filter_map(|(h, _)| h).collect();
        assert_eq!(
            found,
            ["Day One", "Morning Ferry", "Day Two", "Morning Ferry"]
        );
    }

    #[test]
    fn questions_and_headings_above_a_call_to_action_are_headings() {
        let doc = segment(&format!(
            "How is the plague spread?\n\n{BODY}\n\nSonos Move for $400\n\nSee it now: Amazon\n\n{BODY}"
        ));
        assert_eq!(
            headings(&doc),
            [
                (Some("How is the plague spread?".into()), 1),
                (Some("Sonos Move for $400".into()), 1)
            ]
        );
    }

    #[test]
    fn bylines_credits_teasers_and_author_boxes_are_not_headings() {
        for line in [
            "Written by Rachael Link, MS, RD",
            "Medically reviewed by Steven Kim",
            "Image copyright EPA",
            "Caroline Hawley, BBC diplomatic correspondent",
            "SEAN SPICER ELIMINATED FROM DANCING WITH THE STARS",
            "Über Moritz Bachmann",
            "Most Popular View all",
            "\u{201c}We will not stop here,\u{201d}",
            "and then the council voted",
            "Why, after all, did it happen?",
        ] {
            let doc = segment(&format!("{BODY}\n\n{line}\n\n{BODY}"));
            assert_eq!(headings(&doc), [(None, 0)], "{line}");
        }
        // "0" (a comment count) does not join the line after it.
        let doc = segment(&format!("{BODY}\n\n0\n\nRegan\n\n{BODY}"));
        assert!(
            doc.sections
                .iter()
                .all(|s| s.heading.as_deref() != Some("0 Regan"))
        );
    }

    #[test]
    fn a_heading_over_a_sub_heading_or_a_correspondent_line_is_a_heading() {
        let doc = segment(&format!(
            "{BODY}\n\nStatus Quo\n\nAnaloge Prozesse\n\n{BODY}\n\nOne chapter over, another barely begun\n\nCaroline Hawley, BBC diplomatic correspondent\n\n{BODY}"
        ));
        let found: Vec<_> = headings(&doc).into_iter().filter_map(|(h, _)| h).collect();
        assert_eq!(
            found,
            [
                "Status Quo",
                "Analoge Prozesse",
                "One chapter over, another barely begun"
            ]
        );
    }

    #[test]
    fn a_title_over_a_short_note_is_a_heading() {
        // The note repeats, so it heads nothing itself; a sentence-case
        // line is not a title, whatever follows it.
        let doc = segment(&format!(
            "{BODY}\n\nMenu for Plan A\n\nPre-Workout Meal\n\nEat every 2–3 hours\n\n{BODY}\n\nShort line here\n\nKeep it simple\n\nEat every 2–3 hours\n\n{BODY}"
        ));
        let found: Vec<_> = headings(&doc).into_iter().filter_map(|(h, _)| h).collect();
        assert_eq!(found, ["Pre-Workout Meal"]);
    }

    #[test]
    fn a_credit_under_a_caption_is_not_a_heading() {
        let caption = "This satellite image shows fires near the harbour on Nov. 3, 2019.";
        let para = "The harbour board voted on Tuesday to keep the evening ferry running until midnight for the whole summer season, after a long debate.";
        for (line, heading) in [
            ("NASA Worldview", false),
            ("Extra points", true),
            ("TIP-INS", true),
            ("Meal 1", true),
        ] {
            let doc = segment(&format!("{para}\n\n{caption}\n\n{line}\n\n{para}"));
            let found = headings(&doc)
                .iter()
                .any(|(h, _)| h.as_deref() == Some(line));
            assert_eq!(found, heading, "{line}");
        }
        // After a paragraph as long as the one it heads, a name is a heading.
        let doc = segment(&format!("{para}\n\nHarbour Board\n\n{para}"));
        let found: Vec<_> = headings(&doc).into_iter().filter_map(|(h, _)| h).collect();
        assert_eq!(found, ["Harbour Board"]);
    }

    #[test]
    fn a_short_line_after_a_short_line_does_not_stack() {
        // A list after its label: neither the label nor the first item
        // heads the items after it.
        let doc = segment(&format!("{BODY}\n\nYou need\n\nFlour\n\nSugar\n\n{BODY}"));
        let found: Vec<_> = headings(&doc).into_iter().filter_map(|(h, _)| h).collect();
        assert!(
            !found.iter().any(|h| h == "You need" || h == "Flour"),
            "{found:?}"
        );
    }
}
