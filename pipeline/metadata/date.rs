//! The publication date: the first date on a short line of the page
//! ("2021/12/31", "December 27, 2021", "27 Dec 2021", "2021年12月31日",
//! "发布时间：2022-02-13 04:22"), as an ISO date for the `date` column. A
//! line that is little more than the date leaves the body (`meta.date`).

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Document, Removal};
use crate::stage::DocStage;

/// Lines at most this wide (characters) are looked at: a date inside a
/// paragraph is usually what the text is about, not when it was published.
const MAX_LINE_CHARS: usize = 120;

/// What may stay on a line besides the date for the line to be a date
/// line that leaves the body: a label, a time, a weekday, a source.
const MAX_REST_CHARS: usize = 40;

/// Years taken as publication years.
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2099;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Year, month and day with one separator throughout: 2021-12-31,
/// 2021/12/31, 2021.12.31, 2021年12月31日; not inside a longer number.
static NUMERIC: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    let y = r"(?:^|[^0-9])((?:19|20)[0-9]{2})";
    let end = r"(?:[^0-9]|$)";
    [
        format!(r"{y}-([0-9]{{1,2}})-([0-9]{{1,2}}){end}"),
        format!(r"{y}/([0-9]{{1,2}})/([0-9]{{1,2}}){end}"),
        format!(r"{y}\.([0-9]{{1,2}})\.([0-9]{{1,2}}){end}"),
        format!(r"{y}\s*年\s*([0-9]{{1,2}})\s*月\s*([0-9]{{1,2}})\s*[日号]?"),
    ]
    .map(|re| Regex::new(&re).expect("valid regex"))
});

/// Words that say the date right after them is the page's: "发布时间：",
/// "Published" (Latin words match whole words only).
const PUBLISHED: [&str; 6] = ["发布", "发表", "公布", "刊登", "published", "posted"];

/// How close before the date such a word must be, in characters.
const LABEL_REACH: usize = 12;

/// Words that say it is some other date: when an account was made, a
/// deadline, a copyright year range.
const OTHER: [&str; 11] = [
    "建立于",
    "注册",
    "创建",
    "报名",
    "截止",
    "版权",
    "©",
    "copyright",
    "expires",
    "deadline",
    "since",
];

/// Whether `line` (lower-cased) holds one of `words`: CJK words anywhere,
/// Latin words as whole words.
fn says(line: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        if w.is_ascii() {
            line.split(|c: char| !c.is_alphanumeric()).any(|t| t == *w)
        } else {
            line.contains(w)
        }
    })
}

/// Day, month and year with dots, as written in Germany and Russia:
/// 10.02.2020 (slashes are left alone: 02/10/2020 is read both ways).
static DOTTED_DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9.])([0-9]{1,2})\.([0-9]{1,2})\.((?:19|20)[0-9]{2})(?:[^0-9]|$)")
        .expect("valid regex")
});

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)[0-9]{2})\b")
        .expect("valid regex")
});

static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([0-9]{1,2})(?:st|nd|rd|th|\.)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+((?:19|20)[0-9]{2})\b")
        .expect("valid regex")
});

/// The dates on a line, each with its position and how many characters of
/// the line it covers.
fn dates(line: &str) -> Vec<(usize, String, usize)> {
    // Every pattern has a year in YEARS; most lines have none, and the
    // regexes with their groups would cost them far more than this scan.
    if !has_year_digits(line) {
        return Vec::new();
    }
    let valid = |y: u32, m: u32, d: u32| {
        (YEARS.contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let month = |name: &str| {
        let name = name.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| name.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    let num = |s: &str| s.parse::<u32>().ok();
    // Each pattern with the groups of its year, month and day; groups 1 to
    // 3 are in the order the line writes them, so they span the date.
    let patterns = NUMERIC.iter().map(|re| (re, [1, 2, 3])).chain([
        (&*DOTTED_DAY_FIRST, [3, 2, 1]),
        (&*MONTH_FIRST, [3, 1, 2]),
        (&*DAY_FIRST, [3, 2, 1]),
    ]);
    let mut found: Vec<(usize, String, usize)> = Vec::new();
    for (re, [y, m, d]) in patterns {
        for c in re.captures_iter(line) {
            let month_of = num(&c[m]).or_else(|| month(&c[m]));
            if let (Some(y), Some(m), Some(d)) = (num(&c[y]), month_of, num(&c[d]))
                && let Some(iso) = valid(y, m, d)
            {
                let span = c.get(1).expect("group").start()..c.get(3).expect("group").end();
                found.push((span.start, iso, line[span].chars().count()));
            }
        }
    }
    found.sort();
    found.dedup_by_key(|f| f.0);
    found
}

/// Whether `line` has "19" or "20" followed by two more ASCII digits.
fn has_year_digits(line: &str) -> bool {
    line.as_bytes()
        .windows(4)
        .any(|w| matches!(&w[..2], b"19" | b"20") && w[2].is_ascii_digit() && w[3].is_ascii_digit())
}

/// Whether the line holds a date.
pub fn has_date(line: &str) -> bool {
    !dates(line).is_empty()
}

/// The date of a line that dates a page: exactly one date on it (two are
/// a range or a schedule), and no word saying it is some other date.
/// Also whether a word says it is the publication date.
fn find_date(line: &str) -> Option<(String, usize, bool)> {
    let found = dates(line);
    let [(at, iso, len)] = found.as_slice() else {
        return None;
    };
    let lower = line.to_lowercase();
    if says(&lower, &OTHER) {
        return None;
    }
    let reach = line[..*at]
        .char_indices()
        .rev()
        .nth(LABEL_REACH - 1)
        .map_or(0, |(i, _)| i);
    let labelled = says(&line[reach..*at].to_lowercase(), &PUBLISHED);
    Some((iso.clone(), *len, labelled))
}

/// Finds the page's date and takes its line out of the body.
pub struct DateLine;

impl DocStage for DateLine {
    fn name(&self) -> &'static str {
        "date"
    }

    fn apply(&self, doc: &mut Document) {
        // Removed lines count too: "Posted by admin on May 2, 2021" went as
        // a byline but still dates the page. The first line that says it
        // holds the publication date wins, else the first dated line.
        let mut first: Option<(usize, String, usize)> = None;
        for (n, block) in doc.blocks.iter().enumerate() {
            if block.text.chars().count() > MAX_LINE_CHARS {
                continue;
            }
            let Some((iso, date_chars, labelled)) = find_date(&block.text) else {
                continue;
            };
            if labelled {
                first = Some((n, iso, date_chars));
                break;
            }
            first.get_or_insert((n, iso, date_chars));
        }
        let Some((n, iso, date_chars)) = first else {
            return;
        };
        let block = &mut doc.blocks[n];
        if block.is_kept() && block.text.chars().count() - date_chars <= MAX_REST_CHARS {
            block.removed = Some(Removal::new("meta.date", "metadata"));
        }
        doc.date = Some(iso);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_common_shapes() {
        let cases = [
            ("2021/12/31", "2021-12-31"),
            ("发布时间：2022-02-13 04:22:18 来源：云南日报", "2022-02-13"),
            (
                "AUTO.SOHU.COM 2003年11月12日16:36 金羊网—新快报",
                "2003-11-12",
            ),
            ("December 27, 2021", "2021-12-27"),
            ("Posted on Sept. 3rd, 2019 by admin", "2019-09-03"),
            ("Published 4 May 2024, 10:02", "2024-05-04"),
            ("2015-1-5 阅读：8169", "2015-01-05"),
            ("2004-12-10 阅读10544次", "2004-12-10"),
            ("Von dpa | 03.10.2017", "2017-10-03"),
        ];
        for (line, iso) in cases {
            assert_eq!(find_date(line).map(|d| d.0).as_deref(), Some(iso), "{line}");
        }
        for line in [
            "Call 2021-13-40 now",
            "Tel 0201234567",
            "Version 12.3.4",
            "1887/05/06",
            "12/01/2004 - 01/01/2005",
            "报名日期为2003年11月1日至2003年11月30日",
            "建立于:2004年10月6日",
        ] {
            assert_eq!(find_date(line), None, "{line}");
        }
    }

    #[test]
    fn only_lines_with_year_digits_are_searched() {
        assert!(has_year_digits("am 3.10.2017"));
        assert!(has_year_digits("1999年"));
        assert!(!has_year_digits("Tel 18 99, 19-99, 2O21"));
        assert!(dates("December 27, 2l21").is_empty());
    }

    #[test]
    fn the_first_date_line_dates_the_page_and_leaves_the_body() {
        let raw = "Ferry news\n\nMember since 2019/01/02\n\nMay 2, 2024\n\nThe harbour board voted on 9 May 2024 to keep the ferry running, in a meeting that lasted most of the day and ended late.\n\nUpdated May 3, 2024";
        let mut doc = Document::new("a.txt", 1, raw.into(), "utf-8");
        crate::normalize::Normalize.apply(&mut doc);
        DateLine.apply(&mut doc);
        assert_eq!(doc.date.as_deref(), Some("2024-05-02"));
        let reasons: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| b.removed.as_ref().map(|r| r.reason.as_str()))
            .collect();
        assert_eq!(reasons, [None, None, Some("meta.date"), None, None]);

        // A line that says it holds the publication date wins over an earlier one.
        let raw = "Ferry news\n\nMember since 2019/01/02\n\n发布时间：2024-05-02 10:00";
        let mut doc = Document::new("a.txt", 1, raw.into(), "utf-8");
        crate::normalize::Normalize.apply(&mut doc);
        DateLine.apply(&mut doc);
        assert_eq!(doc.date.as_deref(), Some("2024-05-02"));
    }
}
