//! Language identification with whatlang (pure Rust, no model to download).

use whatlang::{Lang, Script};

/// Texts shorter than this (in characters) are too short to identify.
pub const MIN_CHARS: usize = 20;

/// The language of `text` as an ISO 639-1 code (every language whatlang
/// knows has one), or `None` when the text is too short or too mixed to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    detect_info(text).lang
}

/// What identification found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    /// The language, when the text was long enough.
    pub lang: Option<&'static str>,
    /// Whether whatlang was confident.
    pub reliable: bool,
    /// The writing system.
    pub script: Option<Script>,
}

/// The language, confidence and script of `text`.
pub fn detect_info(text: &str) -> Detected {
    let none = Detected {
        lang: None,
        reliable: false,
        script: None,
    };
    if text.chars().filter(|c| c.is_alphabetic()).count()
        < MIN_CHARS.min(text.chars().count()).max(4)
    {
        return none;
    }
    let Some(info) = whatlang::detect(text) else {
        return none;
    };
    // Han script is Chinese unless whatlang saw kana; whatlang's Mandarin
    // code is `cmn`, which users know as `zh`.
    let lang = if info.script() == Script::Mandarin {
        "zh"
    } else {
        iso639_1(info.lang())
    };
    Detected {
        lang: Some(lang),
        reliable: info.is_reliable(),
        script: Some(info.script()),
    }
}

/// The writing system of `text` (cheap: no language model).
pub fn script(text: &str) -> Option<Script> {
    whatlang::detect_script(text)
}

/// The first `max_chars` characters of `text` (at a character boundary).
pub fn sample(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Pol => "pl",
        Lang::Ces => "cs",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        Lang::Hin => "hi",
        Lang::Vie => "vi",
        Lang::Ind => "id",
        Lang::Tha => "th",
        Lang::Ell => "el",
        Lang::Hun => "hu",
        Lang::Ron => "ro",
        Lang::Bul => "bg",
        Lang::Afr => "af",
        Lang::Aka => "ak",
        Lang::Amh => "am",
        Lang::Aze => "az",
        Lang::Bel => "be",
        Lang::Ben => "bn",
        Lang::Cat => "ca",
        Lang::Epo => "eo",
        Lang::Est => "et",
        Lang::Guj => "gu",
        Lang::Hrv => "hr",
        Lang::Hye => "hy",
        Lang::Jav => "jv",
        Lang::Kan => "kn",
        Lang::Kat => "ka",
        Lang::Khm => "km",
        Lang::Lat => "la",
        Lang::Lav => "lv",
        Lang::Lit => "lt",
        Lang::Mal => "ml",
        Lang::Mar => "mr",
        Lang::Mkd => "mk",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Ori => "or",
        Lang::Pan => "pa",
        Lang::Pes => "fa",
        Lang::Sin => "si",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Sna => "sn",
        Lang::Srp => "sr",
        Lang::Tam => "ta",
        Lang::Tel => "te",
        Lang::Tgl => "tl",
        Lang::Tuk => "tk",
        Lang::Urd => "ur",
        Lang::Uzb => "uz",
        Lang::Yid => "yi",
        Lang::Zul => "zu",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_and_chinese() {
        assert_eq!(
            super::detect(
                "The plan proposes to adhere to the new development concept and deepen reform."
            ),
            Some("en")
        );
        assert_eq!(
            super::detect("《规划》指出,信息化进入加快数字化发展、建设数字中国的新阶段。"),
            Some("zh")
        );
        assert_eq!(super::detect("01"), None);
    }

    #[test]
    fn every_language_has_a_two_letter_code() {
        for &lang in whatlang::Lang::all() {
            let code = super::iso639_1(lang);
            assert!(
                code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()),
                "{lang:?}: {code}"
            );
        }
        assert_eq!(super::iso639_1(whatlang::Lang::Lat), "la");
    }
}
