//! What the context stage asks of each line of a page, measured once: a
//! pass asks the same line several times (islands, headers, tail, runs),
//! and the stage repeats its passes until nothing more goes. Everything
//! here depends on a line's text, or on the rule that removed it before
//! the stage, neither of which the passes change.

use super::BodySpan;
use super::context::width;
use super::fence::{end_box, header, headline_shape};
use super::tail::is_date_only;
use super::teaser::is_teaser;
use crate::document::Document;

/// The classes of each block of a page, by block index.
pub(super) struct Lines {
    /// Prose: wide, and reading as sentences.
    pub(super) prose: Vec<bool>,
    /// A full sentence, if a short one.
    pub(super) sentence: Vec<bool>,
    /// A line of a menu or link list.
    pub(super) link_like: Vec<bool>,
    /// Width of each text line, prose or sentence (0 for the others).
    pub(super) text_width: Vec<usize>,
    /// A section header, and whether it opens comments.
    pub(super) header: Vec<Option<bool>>,
    /// A header of a box that ends an article.
    pub(super) end_box: Vec<bool>,
    /// A headline: the line of a teaser.
    pub(super) headline: Vec<bool>,
    /// A date and nothing more.
    pub(super) date_only: Vec<bool>,
    /// A teaser of another story.
    pub(super) teaser: Vec<bool>,
}

impl Lines {
    /// Measures every block of `doc` as `span` judges lines. Blocks already
    /// removed are only asked whether they are headers (a removed "Related"
    /// line still heads its box): the passes look at kept blocks only.
    pub(super) fn new(span: &BodySpan, doc: &Document) -> Lines {
        let n = doc.blocks.len();
        let mut lines = Lines {
            prose: Vec::with_capacity(n),
            sentence: Vec::with_capacity(n),
            link_like: Vec::with_capacity(n),
            text_width: Vec::with_capacity(n),
            header: Vec::with_capacity(n),
            end_box: Vec::with_capacity(n),
            headline: Vec::with_capacity(n),
            date_only: Vec::with_capacity(n),
            teaser: Vec::with_capacity(n),
        };
        for block in &doc.blocks {
            let text = block.text.as_str();
            let kept = block.is_kept();
            let prose = kept && span.is_prose(text);
            let sentence = kept && span.is_sentence(text);
            lines.prose.push(prose);
            lines.sentence.push(sentence);
            lines.link_like.push(kept && span.is_link_like(text));
            let text_width = if prose || sentence { width(text) } else { 0 };
            lines.text_width.push(text_width);
            let ends_box = end_box(block);
            lines.end_box.push(ends_box);
            lines.header.push(header(block, ends_box));
            lines
                .headline
                .push(kept && !prose && !sentence && headline_shape(text));
            lines.date_only.push(kept && is_date_only(text));
            lines.teaser.push(kept && is_teaser(text));
        }
        lines
    }

    /// Width of block `i` if it is prose, else 0.
    pub(super) fn prose_width(&self, i: usize) -> usize {
        if self.prose[i] { self.text_width[i] } else { 0 }
    }

    /// Whether block `i` is text: prose or a sentence.
    pub(super) fn text(&self, i: usize) -> bool {
        self.prose[i] || self.sentence[i]
    }
}
