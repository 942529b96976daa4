//! The measures the quality rules share, computed once per document.

/// A document's kept lines and their words.
pub struct Text<'a> {
    /// Kept lines, in order.
    pub lines: &'a [&'a str],
    /// Whitespace-separated words of all lines.
    pub words: Vec<&'a str>,
    /// Mostly Chinese or Japanese: word-based rules do not apply.
    pub cjk: bool,
    /// Characters of all lines.
    pub chars: usize,
}

impl<'a> Text<'a> {
    /// The measures of `lines`.
    pub fn new(lines: &'a [&'a str], cjk: bool) -> Self {
        Text {
            lines,
            words: lines.iter().flat_map(|l| l.split_whitespace()).collect(),
            cjk,
            chars: lines.iter().map(|l| l.chars().count()).sum(),
        }
    }

    /// Share of lines for which `f` holds.
    pub fn line_share(&self, f: impl Fn(&str) -> bool) -> f64 {
        share(self.lines.iter().filter(|l| f(l)).count(), self.lines.len())
    }
}

/// `part / whole`, 0 for an empty whole.
pub fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Whether most letters of `lines` are Han, Hiragana or Katakana.
pub fn mostly_cjk<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let (mut cjk, mut letters) = (0usize, 0usize);
    for c in lines.flat_map(str::chars).filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
        {
            cjk += 1;
        }
    }
    cjk * 2 > letters
}

/// Characters that end a sentence, in the scripts scour reads.
pub fn ends_sentence(line: &str) -> bool {
    let line = line.trim_end_matches(['"', '\'', '”', '’', '」', '』', ')', '）']);
    line.ends_with(['.', '!', '?', '。', '！', '？'])
}

/// Lines ending with an ellipsis ("..." or "…").
pub fn ends_with_ellipsis(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with("...") || line.ends_with('…')
}
