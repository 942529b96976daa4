//! What trails an article that no header announces: islands of text far
//! below it (a teaser's blurb, a "about us" box, a cookie notice in
//! sentences), and lists of dated teasers ("Headline / March 3, 2021 /
//! Headline / March 1, 2021 ...").
//!
//! Found and tuned on the development set's failures: both together took
//! `make eval` from articles P 0.872 to 0.893, Chinese P 0.888 to 0.906
//! and snippets P 0.789 to 0.820, recall at most 0.005 lower.

use std::sync::LazyLock;

use regex::Regex;

use super::BodySpan;
use super::lines::Lines;

/// Menu-like lines between two text lines that split the page into
/// islands (list items, fields and headings do not count: a list inside an
/// article does not end it).
const ISLAND_GAP: usize = 4;
/// An island after the article's largest one stays when its text (prose
/// and shorter sentences, by width) is at least this share of the largest
/// island's: an article may go on in short paragraphs below a box.
const ISLAND_SHARE: f64 = 0.25;

/// A dated list: at least this many date-only lines...
const DATED_MIN: usize = 3;
/// ...each at most this many kept lines after the one before...
const DATED_GAP: usize = 15;
/// ...with at least this share of the page's prose above the list...
const DATED_BEFORE_SHARE: f64 = 0.1;
/// ...and at most twice as much prose in it as above it: a timeline is
/// mostly prose under its dates, and so is a forum thread, whose replies
/// are text a user may want (on the development set, a cap of 1 cost
/// articles 0.009 of precision; without a cap one Chinese thread would be
/// cut after its first post, as its gold is).
const DATED_AFTER_MAX: f64 = 2.0;
/// The list starts up to this many short lines before its first date
/// (the item's headline above its date).
const DATED_BACK: usize = 3;
/// Longest date-only line, in characters.
const DATE_CHARS: usize = 60;

/// A line that is a date and nothing more, maybe with a time: "March 3,
/// 2021", "3. März 2021 um 10:00", "2021-03-03 10:21", "2021年3月3日",
/// "5 hours ago".
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|jun(?:e|i)?|jul(?:y|i)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?)\.?";
    Regex::new(&format!(
        r"(?ix)^[\W_]*(?:
          (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
        | \d{{1,2}}\.?\s+{month}\s+\d{{4}}
        | \d{{4}}-\d{{1,2}}-\d{{1,2}} | \d{{4}}/\d{{1,2}}/\d{{1,2}}
        | \d{{1,2}}\.\d{{1,2}}\.\d{{2,4}} | \d{{1,2}}/\d{{1,2}}/\d{{2,4}}
        | \d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*[日号]?
        | \d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago
        | vor\s+\d+\s+(?:minuten|stunden|tagen)
        | {month}\s+\d{{1,2}}
        )(?:,?\s+(?:at|um|-)?\s*\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?\s*(?:am|pm|uhr)?)?[\W_]*$"
    ))
    .expect("date-only pattern compiles")
});

/// Whether a line is a date alone.
pub(crate) fn is_date_only(text: &str) -> bool {
    text.chars().count() <= DATE_CHARS && DATE_ONLY.is_match(text)
}

impl BodySpan {
    /// Where the islands of text that trail the article begin, if any:
    /// text lines (prose or sentences, `kept` being the kept blocks) are
    /// grouped into islands split by at least [`ISLAND_GAP`] menu-like
    /// kept lines; the islands after the last one with a fair share of the
    /// largest island's text are not the article.
    pub(super) fn trailing_islands(&self, lines: &Lines, kept: &[usize]) -> Option<usize> {
        // (position in `kept` of the first line, prose width) per island.
        let mut islands: Vec<(usize, usize)> = Vec::new();
        // Menu-like lines since the last text line.
        let mut gap = 0;
        for (pos, &i) in kept.iter().enumerate() {
            if !lines.text(i) {
                gap += usize::from(lines.link_like[i]);
                continue;
            }
            if islands.is_empty() || gap >= ISLAND_GAP {
                islands.push((pos, 0));
            }
            if let Some(island) = islands.last_mut() {
                island.1 += lines.text_width[i];
            }
            gap = 0;
        }
        let largest = islands.iter().map(|&(_, w)| w).max()?;
        let last_fair = islands
            .iter()
            .rposition(|&(_, w)| w > 0 && w as f64 >= ISLAND_SHARE * largest as f64)?;
        islands.get(last_fair + 1).map(|&(pos, _)| kept[pos])
    }

    /// Where a list of dated teasers below the article begins, if any,
    /// among the `kept` blocks.
    pub(super) fn dated_list(&self, lines: &Lines, kept: &[usize]) -> Option<usize> {
        let dates: Vec<usize> = (0..kept.len())
            .filter(|&p| lines.date_only[kept[p]])
            .collect();
        let prose_width =
            |range: &[usize]| -> usize { range.iter().map(|&i| lines.prose_width(i)).sum() };
        let mut start = 0;
        while start < dates.len() {
            let mut end = start;
            while end + 1 < dates.len() && dates[end + 1] - dates[end] <= DATED_GAP {
                end += 1;
            }
            if end + 1 - start >= DATED_MIN {
                let mut cut = dates[start];
                while cut > 0 && dates[start] - cut < DATED_BACK {
                    if lines.text(kept[cut - 1]) {
                        break;
                    }
                    cut -= 1;
                }
                let before = prose_width(&kept[..cut]);
                let after = prose_width(&kept[cut..]);
                let total = (before + after).max(1);
                if before as f64 >= DATED_BEFORE_SHARE * total as f64
                    && after as f64 <= DATED_AFTER_MAX * before as f64
                {
                    return Some(kept[cut]);
                }
            }
            start = end + 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::normalize::Normalize;
    use crate::stage::DocStage;

    const P: &str = "The harbour authority extended the evening ferry timetable for the whole summer season, officials said on Tuesday after the vote.";

    /// Blocks of a test page, one per item.
    fn blocks(items: impl Iterator<Item = String>) -> String {
        items.collect::<Vec<_>>().join("\n\n")
    }

    fn removed(raw: &str) -> Vec<(String, String)> {
        let mut doc = Document::new("t.txt", 1, raw.to_string(), "utf-8");
        Normalize.apply(&mut doc);
        BodySpan::new(100).with_short_runs(3).apply(&mut doc);
        doc.blocks
            .iter()
            .filter_map(|b| Some((b.removed.as_ref()?.reason.clone(), b.text.clone())))
            .collect()
    }

    #[test]
    fn a_second_run_over_the_output_removes_nothing() {
        let menu = "Home\n\nNews\n\nSport\n\nWeather\n\nContact";
        let blurb = "Harbour News is an independent newspaper for the islands since 1921, read by locals every week.";
        let teasers = "Ferry news\n\nMarch 3, 2021\n\nMarket news\n\nMarch 2, 2021\n\nQuay news\n\nMarch 1, 2021";
        let raw = format!(
            "{menu}\n\n{P} 1.\n\n{P} 2.\n\n{menu}\n\n{P} 3.\n\n- Milk\n\n- Bread\n\n{P} 4.\n\nRelated\n\n{teasers}\n\n{menu}\n\n{blurb}"
        );
        let mut doc = Document::new("t.txt", 1, raw, "utf-8");
        Normalize.apply(&mut doc);
        BodySpan::new(100).with_short_runs(3).apply(&mut doc);
        let kept: Vec<&str> = doc.kept().map(|(_, b)| b.text.as_str()).collect();
        assert!(kept.len() < doc.blocks.len() && kept.contains(&"- Milk"));
        let again = removed(&kept.join("\n\n"));
        assert!(again.is_empty(), "{again:?}");
    }

    #[test]
    fn date_only_lines() {
        for line in [
            "March 3, 2021",
            "Wednesday, March 3, 2021 at 10:21 am",
            "3. März 2021 um 10:00 Uhr",
            "2021-03-03 10:21",
            "2021年3月3日",
            "5 hours ago",
            "(Mar 3)",
        ] {
            assert!(is_date_only(line), "{line}");
        }
        for line in ["March 3, 2021: the ferry ran late", "May", "Since 2021"] {
            assert!(!is_date_only(line), "{line}");
        }
    }

    #[test]
    fn a_small_island_far_below_the_article_goes() {
        let menu = "Home\n\nNews\n\nSport\n\nWeather\n\nContact";
        let blurb = "Harbour News is an independent newspaper for the islands since 1921, read by locals every week.";
        let article = blocks((1..=5).map(|n| format!("{P} {n}.")));
        let raw = format!("{article}\n\n{menu}\n\n{blurb}");
        let gone = removed(&raw);
        assert!(gone.iter().any(|(_, t)| t == blurb), "{gone:?}");
        // Close below the article, or as long as a fair share of it, it stays.
        let raw = format!("{P}\n\n{P} Two.\n\nShare\n\n{blurb}");
        assert!(!removed(&raw).iter().any(|(_, t)| t == blurb));
        let raw = format!("{P}\n\n{menu}\n\n{P} Again, at length.");
        assert!(removed(&raw).iter().all(|(_, t)| t.len() < 20));
        // Short sentences count too: an article that goes on below a box of
        // teasers in short paragraphs is not cut there.
        let short = blocks(
            (1..=4).map(|n| format!("The plague is spread by fleas, officials said on day {n}.")),
        );
        let raw = format!("{article}\n\n{menu}\n\n{short}\n\n{P} Last.");
        let gone = removed(&raw);
        assert!(gone.iter().all(|(_, t)| t.len() < 20), "{gone:?}");
    }

    #[test]
    fn a_list_of_dated_teasers_after_the_article_goes_but_a_timeline_stays() {
        // Each teaser: headline, date, a blurb long enough to be prose.
        let teasers = blocks((1..=3).map(|d| format!("Council news {d}\n\nMarch {d}, 2021\n\nThe council met again on the quay and voted on the plans for the market, the ferry and the lanes ({d}).")));
        let raw = format!("{P}\n\n{P} Two.\n\n{P} Three.\n\n{teasers}");
        let gone = removed(&raw);
        assert_eq!(gone.len(), 9, "{gone:?}");
        assert!(gone.iter().all(|(r, _)| r == "context.date_list"));
        // Dates that head paragraphs of a timeline leave them alone.
        let timeline = blocks((1..=4).map(|d| format!("March {d}, 2021\n\n{P} Day {d}.")));
        let raw = format!("{P}\n\n{timeline}");
        assert!(removed(&raw).is_empty(), "{:?}", removed(&raw));
    }
}
