//! Stop-word density, the signal jusText (Pomikálek 2011) leans on: running
//! text is about a third function words in any European language, while a
//! list of names, products or headlines that happens to end with a stop has
//! almost none. Short lists of our own of the commonest function words of
//! English, German, French, Spanish, Portuguese, Italian and Dutch, merged:
//! a line needs no language detection to be measured.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The function words, lower-cased.
static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        // English
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
        "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
        "this", "that", "these", "those", "he", "she", "they", "we", "you", "his", "her", "their",
        "our", "not", "will", "would", "can", "could", "which", "who", "what", "when", "than",
        "there", "into", "about", "after", "also", "more", "said", "if", "so", "all", "one",
        "your", "my", "me", "him", "them", "us", "i", "do", "does", "how", "before", "during",
        "within", "every", "each", "any", "some", "only", "just", "then", "may", "should",
        // German
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und",
        "oder", "aber", "von", "zu", "mit", "auf", "für", "im", "ist", "sind", "war", "wird",
        "werden", "hat", "haben", "sich", "nicht", "auch", "es", "er", "sie", "wir", "ich", "dass",
        "als", "wie", "bei", "nach", "aus", "noch", "nur", "so", "am", "zum", "zur", "um", "an",
        // French
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "mais", "est", "sont", "été",
        "il", "elle", "ils", "nous", "vous", "en", "dans", "sur", "pour", "par", "avec", "que",
        "qui", "ne", "pas", "plus", "au", "aux", "ce", "cette", "se", "son", "sa", "ses", "leur",
        // Spanish and Portuguese
        "el", "los", "las", "lo", "y", "o", "pero", "del", "al", "es", "son", "fue", "con", "por",
        "para", "que", "se", "su", "sus", "no", "una", "uno", "como", "más", "este", "esta", "o",
        "os", "as", "e", "do", "da", "dos", "das", "em", "no", "na", "um", "uma", "com", "não",
        // Italian and Dutch
        "il", "di", "che", "è", "per", "non", "sono", "della", "het", "een", "van", "en", "op",
        "te", "dat", "niet", "zijn", "voor", "met", "ook",
    ]
    .into_iter()
    .collect()
});

/// Fewest words for a line to be measured.
const MIN_WORDS: usize = 4;

/// The share of a line's words that are function words, when it has
/// enough words in Latin script to say (None for Chinese or a short line).
pub fn stop_share(text: &str) -> Option<f64> {
    let mut words = 0usize;
    let mut stops = 0usize;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        if !word
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c))
        {
            continue;
        }
        words += 1;
        let stop = if word.chars().any(char::is_uppercase) {
            STOP_WORDS.contains(word.to_lowercase().as_str())
        } else {
            STOP_WORDS.contains(word)
        };
        if stop {
            stops += 1;
        }
    }
    (words >= MIN_WORDS).then(|| stops as f64 / words as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_has_function_words_and_lists_do_not() {
        let text =
            stop_share("The ferry was late again and the island had to wait for it").unwrap();
        assert!(text > 0.4, "{text}");
        let german =
            stop_share("Die Fähre kam wieder zu spät, und die Insel musste warten").unwrap();
        assert!(german > 0.3, "{german}");
        let menu = stop_share("World News Sport Weather Business Travel").unwrap();
        assert!(menu < 0.1, "{menu}");
        assert_eq!(stop_share("Home News"), None);
        assert_eq!(stop_share("江城市发布公共图书馆改造方案"), None);
    }
}
