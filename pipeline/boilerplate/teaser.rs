//! Teasers: the lines of a list of other stories that a scraper flattened
//! into text. Each is a headline with the start of its story, either cut
//! off with an ellipsis ("Indian-origin man pleads guilty ... NEW YORK: An
//! Indian-origin man has pleaded guilty to ...") or glued to it where the
//! markup separated them ("... At Troy SteakhouseA party of six left ...").
//! They read as prose, so the body span would take them in; a run of them
//! is a list of stories, not the article (found on the development set,
//! where two such lists made most of two pages' false text).

use super::context::wide_enough;

/// Width from which a line cut off with an ellipsis is a story's excerpt,
/// not a sentence that trails off ("Well..."): excerpts are cut at a
/// length, a few hundred characters on the pages seen.
const EXCERPT_WIDTH: usize = 100;

/// Words of a headline at least, before the glued story.
const HEADLINE_WORDS: usize = 3;

/// Words of the story at least, after the glued headline.
const STORY_WORDS: usize = 5;

/// Whether `text` is a teaser: an excerpt cut off with an ellipsis, or a
/// headline glued to its story.
pub(super) fn is_teaser(text: &str) -> bool {
    cut_off(text) || glued_headline(text).is_some()
}

/// A wide line that ends with an ellipsis ("...", "…", "[…]").
fn cut_off(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches([']', ')']);
    (t.ends_with("...") || t.ends_with('…')) && wide_enough(text, EXCERPT_WIDTH)
}

/// Where a headline in title case ends and its story starts, when no space
/// separates them: a lower-case letter, a digit or a question mark, then a
/// capital that starts a word of the story ("Student-AthleteA 24-year-old",
/// "To 250,000The state", "On The Rise?Violence is"). The headline has at
/// least [`HEADLINE_WORDS`] words, nearly all capitalized; the story at
/// least [`STORY_WORDS`]. A name such as "McDonald" fails the test of the
/// last word ([`NAME_PREFIXES`]), and inside a sentence that of the
/// headline's case.
fn glued_headline(text: &str) -> Option<usize> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let glue = prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit() || p == '?')
            && c.is_uppercase();
        prev = Some(c);
        if !glue {
            continue;
        }
        let (headline, story) = text.split_at(i);
        // "McDonald", "DeSantis", "iPhone": a name or a brand, not a glue.
        let last = headline.rsplit(' ').next().unwrap_or_default();
        let whole_word = last.chars().count() >= 3 && !NAME_PREFIXES.contains(&last);
        if whole_word && headline_case(headline) && story.split_whitespace().count() >= STORY_WORDS
        {
            return Some(i);
        }
        // Only the first glue can end the headline: a story has names too.
        return None;
    }
    None
}

/// Starts of names and brands written with a capital inside ("MacLeod",
/// "VanDyke", "YouTube", "PlayStation").
const NAME_PREFIXES: [&str; 12] = [
    "Mac", "Van", "Von", "Del", "Della", "You", "Play", "Java", "Power", "Face", "Smart", "Post",
];

/// Words a headline in title case leaves in lower case.
const MINOR: [&str; 16] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs",
    "with",
];

/// At least [`HEADLINE_WORDS`] words, and every word that starts with a
/// letter capitalized, minor words apart; the last word is cut at the glue,
/// so it counts if it starts with a capital.
fn headline_case(headline: &str) -> bool {
    let mut words = 0;
    for word in headline.split_whitespace() {
        words += 1;
        match word.chars().find(|c| c.is_alphanumeric()) {
            Some(c) if c.is_lowercase() && !MINOR.contains(&word) => return false,
            _ => {}
        }
    }
    words >= HEADLINE_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_headlines_and_cut_off_excerpts_are_teasers() {
        for line in [
            "Police: 2 In Custody After Death Of Harbour Student-AthleteA 24-year-old woman and a 28-year-old man were taken into custody.",
            "Ferry Board To Mail Timetables To 250,000The board will mail 250,000 timetables to the islanders this week.",
            "Is Violence In Sports On The Rise?Violence is part of the game in many sports, the coach said.",
            "Islanders pay more for ferry tickets HARBOUR TOWN: The ferry board raised the price of a return ticket on Monday, and the islanders say the new...",
        ] {
            assert!(is_teaser(line), "{line}");
        }
    }

    #[test]
    fn names_sentences_and_short_trailing_lines_are_not_teasers() {
        for line in [
            "New York Governor Andrew McDonald said on Monday that the ferry would keep running.",
            "The board met with McDonald and DeSantis about the new iPhone app for tickets.",
            "Harbour Board Report 2019",
            "Well...",
            "And then the ferry left the harbour...",
            "FERRY BOARD VOTES TO KEEP THE NIGHT BOAT RUNNING UNTIL MIDNIGHT",
        ] {
            assert!(!is_teaser(line), "{line}");
        }
    }
}
