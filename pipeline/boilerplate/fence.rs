//! Section breaks inside the body: the header that opens a page's comments
//! ("34 responses to ...", "Leave a Reply", "Name says:"), its related
//! stories ("More from ...", "Mehr zum Thema", "相关阅读"), its sources or
//! its author box. Once enough of the article lies above such a header,
//! the body ends there: what follows is prose too (comments, teasers,
//! bios), so the span from first to last prose line took it in.
//!
//! Found and tuned on the development set's failures (a simulation of this
//! stage in Python scored articles F1 0.844 -> 0.903, snippets 0.822 ->
//! 0.846); the headers are the ones pages there use.

use std::sync::LazyLock;

use regex::Regex;

use super::BodySpan;
use super::lines::Lines;
use crate::document::{Block, Document, Removal};

/// Headers of comments, related content, sources and author boxes. (No
/// `\b` here or below: a Unicode word boundary keeps the regex off its
/// fast DFA on non-ASCII text, which made this stage a sixth of the run.)
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?ix)^[\W_]*(?:(?ix)^[\W_]*(?:
 # comments
 \d+\s+(?:comments?|responses?|replies|kommentare?|commentaires?|comentarios?|comentários?|комментари\w*)(?:\W.{0,79})?
 | (?:\d+\s+)?responses?\s+to\s+.{1,80}
 | (?:leave|post|add|write)\s+a\s+(?:comment|reply).{0,30}
 | (?:show|view|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments.{0,20}
 | join\s+the\s+(?:conversation|discussion)
 | comments?\s+are\s+(?:subject|closed|moderated).{0,80}
 | [^\s].{0,40}\s(?:says|said|sagt|schreibt):
 | (?:schreibe|schreiben\s+sie)\s+einen\s+kommentar.{0,40}
 | kommentar(?:e|\s+(?:schreiben|verfassen|hinterlassen))?(?:\s*\(\d+\))?
 | diskutieren\s+sie\s+mit.{0,20}
 | (?:laisser|laissez|ajouter)\s+un\s+commentaire.{0,20}
 | (?:deja|dejar|escribe)\s+(?:un|tu)\s+comentario.{0,20}
 | deixe\s+(?:um|seu)\s+comentário.{0,20}
 # related / more
 | related(?:\s+(?:articles?|posts?|stories|content|coverage|links|reading|news|videos?))?:?
 | (?:more|latest|top|other)\s+(?:stories|news|articles|headlines|videos)(?:\s+(?:from|on|in|about)\s+.{1,40})?
 | more\s+(?:from|on|in)\s+.{1,40}
 | most\s+(?:read|popular|viewed|shared|commented|discussed)(?:\s+.{1,30})?
 | read\s+(?:this|these)\s+next
 | (?:editors?'?|editor’s)\s+picks?
 | recommended(?:\s+(?:for\s+you|stories|articles|reading))?
 | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in).{0,20}
 | (?:trending|popular)(?:\s+(?:now|stories|posts|articles|news))?
 | next\s+up(?:\s+in\s+.{1,40})?
 | (?:further|suggested|recommended)\s+reading
 | (?:around|from)\s+the\s+web
 | what\s+to\s+read\s+next
 | (?:mehr\s+zum\s+thema|ähnliche\s+(?:beiträge|artikel|themen)|empfohlene\s+(?:beiträge|artikel)|das\s+könnte\s+(?:sie|dich)\s+auch\s+interessieren|auch\s+interessant|weitere\s+(?:artikel|beiträge|nachrichten|meldungen|themen)(?:\s+zum\s+thema)?|verwandte\s+(?:artikel|beiträge|links|themen)|meistgelesen\w*|meist\s+gelesen|neueste\s+(?:beiträge|artikel)|aktuelle\s+beiträge|empfehlungen(?:\s+aus\s+der\s+redaktion)?|empfohlen\s+für\s+dich|mehr\s+aus\s+.{1,40}|mehr\s+lesen\s+über|kommentierte\s+artikel|lesen\s+sie\s+auch|top[-\s]themen|beliebte\s+(?:beiträge|artikel))
 | (?:à\s+lire\s+aussi|lire\s+aussi|sur\s+le\s+même\s+sujet|articles?\s+similaires|vous\s+aimerez\s+aussi|les\s+plus\s+lus|à\s+découvrir|dans\s+la\s+même\s+rubrique)
 | (?:contenido\s+relacionado|noticias\s+relacionadas|artículos\s+relacionados|te\s+puede\s+interesar|lo\s+más\s+(?:leído|visto)|más\s+noticias)
 | (?:artigos\s+relacionados|notícias\s+relacionadas|leia\s+também|veja\s+também|mais\s+lidas)
 | (?:материалы\s+по\s+теме|читайте\s+также|похожие\s+(?:статьи|новости|материалы)|другие\s+новости)
 | (?:相关阅读|延伸阅读|相关新闻|相关文章|推荐阅读|热门推荐|猜你喜欢|网友评论|发表评论|相关链接|热门文章)
 | .{0,60}(?:已有|共有|共)\s*\d+\s*(?:件|条|篇|个)?(?:评论|回复|留言)(?:\s*发表评论)? | \d+\s*条(?:评论|回复|留言)
 | weiterführende\s+(?:artikel|links?|beiträge|informationen|themen|inhalte)(?:\s+zu(?:m|r)?\s+.{1,40})?
 | weitere\s+(?:inhalte|beiträge\s+zu\s+diesem\s+artikel|artikel\s+zu\s+diesem\s+thema|nachrichten\s+aus\s+.{1,30})
 | (?:unsere\s+)?lesetipps? | redaktionstipps?
 | das\s+könnte\s+(?:dich|sie|dir|ihnen)\s+auch\s+(?:interessieren|gefallen)
 | (?:auch|ebenfalls)\s+interessant | passend\s+zum\s+thema
 | lesen\s+sie\s+(?:mehr|weiter|dazu\s+auch) | interessantes\s+aus\s+.{0,40}
 | aktuelle\s+(?:artikel|nachrichten|meldungen|news) | newsübersicht
 | leserkommentare | kommentare\s+insgesamt.{0,10} | kommentieren\s+sie\s+hier | so\s+können\s+sie\s+kommentieren
 | (?:ihre\s+meinung|was\s+denkst\s+du|was\s+meinen\s+sie)(?:\s+zu\s+diesem\s+thema)?\??
 | (?:you|we)\s+(?:may|might)\s+also\s+like | more\s+(?:like\s+this|to\s+explore|for\s+you)
 | (?:latest|recent|popular)\s+(?:posts|articles|stories|comments)
 | don'?t\s+miss | read\s+next | keep\s+reading | in\s+other\s+news
 | (?:también\s+)?(?:te|le)\s+puede\s+interesar | lo\s+más\s+(?:visto|leído|popular)
 | (?:noticias|artículos)\s+(?:relacionad[oa]s|recomendad[oa]s) | más\s+(?:noticias|artículos|contenido)
 | otras\s+noticias | últimas\s+noticias | te\s+recomendamos
 | nos\s+derniers\s+articles | les\s+plus\s+(?:lus|partagés|commentés) | sur\s+le\s+même\s+thème | en\s+ce\s+moment
 | ezek\s+is\s+érdekelhetnek | kapcsolódó\s+cikkek | legolvasottabb
 | (?:zobacz|przeczytaj|czytaj)\s+(?:też|także|również|więcej) | polecane | najczęściej\s+czytane | powiązane\s+artykuły
 | (?:leggi|vedi)\s+anche | articoli\s+correlati | potrebbe\s+interessarti | i\s+più\s+letti
 | lees\s+ook | meer\s+nieuws | gerelateerde\s+artikelen
 # author box / sources
 | (?:sources?|quellen?|fuentes?|references|referencias|références|bibliography|einzelnachweise|literaturverzeichnis)
 | about\s+this\s+(?:article|statement|story|report)
 # a publisher's appeal to its readers
 | (?:a\s+)?(?:word|note|message|letter)\s+(?:to|for)\s+our\s+(?:loyal\s+|valued\s+)?readers
 | about\s+the\s+author | (?:über\s+(?:den\s+autor|die\s+autorin)|zum\s+autor|zur\s+autorin) | sobre\s+o\s+autor | sobre\s+el\s+autor | à\s+propos\s+de\s+l'auteur
)[\W_]*$)[\W_]*$"#,
    )
    .expect("section header pattern compiles")
});

/// An author box, by the author's capitalised name: "About Jane Doe".
/// It ends the article even with a single line (the bio) under it.
static AUTHOR_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:About|Über|Sobre|À propos de|Acerca de|Об авторе)\s+[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w.'’-]+|de|da|van|von|der)){0,3}\s*$"#).expect("author header pattern compiles")
});

/// A site's own list, by its capitalised name: "More Washington Examiner".
static SITE_LIST_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^More\s+(?:From\s+)?(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}\s*$"#)
        .expect("site list header pattern compiles")
});

/// Headers that open comments, which may come early on a short article.
static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(^\W*(?:leserkommentare|kommentare\s+insgesamt|kommentieren\s+sie\s+hier|so\s+können\s+sie\s+kommentieren|ihre\s+meinung|was\s+denkst\s+du|was\s+meinen\s+sie)|(?:^|\W)(says|sagt|schreibt|dice|disse|a écrit|пишет):$|^\W*\d+\s+(responses?|comments?|kommentare?|commentaires?|comentarios?)(?:\W|$)|^(leave|post) a (reply|comment)|(?:已有|共有|共)\s*\d+\s*(?:件|条|篇|个)?(?:评论|回复|留言)(?:\s*发表评论)?[\W_]*$|^\d+\s*条(?:评论|回复|留言)$|schreibe einen kommentar|^(laisser|laissez) un commentaire|^deja un comentario|^join the conversation)"#).expect("comments pattern compiles")
});

/// Boxes that end an article and hold only a line or two: the author's,
/// the site's "about us", the most clicked list.
static END_BOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?ix)^[\W_]*(?:
   autor(?:in|en)? | author | authors | about\s+the\s+author | zum\s+autor | zur\s+autorin
 | über\s+(?:den|die)\s+autor(?:in)?(?:\W+(?:den|die)\s+autor(?:in)?)?
 | o\s+autorze | autorka | sobre\s+(?:el|la|o|a)\s+autor(?:a)? | à\s+propos\s+de\s+l'auteur
 | über\s+uns | wir\s+über\s+uns | about\s+us | qui\s+sommes-nous | quiénes\s+somos | sobre\s+nosotros | o\s+nas
 | meistgeklickt\w*(?:\s+(?:beiträge|artikel))?
)[\W_]*$"#,
    )
    .expect("end box pattern compiles")
});

/// Longest end box header, in characters.
const END_BOX_CHARS: usize = 60;

/// Whether a line that is neither prose nor a sentence is a headline: of
/// a headline's length, and not ending as a sentence.
pub(super) fn headline_shape(text: &str) -> bool {
    HEADLINE_CHARS.contains(&text.chars().count())
        && !text.ends_with(['.', '!', '?', ':', '。', '！', '？', '：'])
}

/// Whether `block` heads a box that ends an article: an author box, an
/// "about us" box, or previous/next links.
pub(super) fn end_box(block: &Block) -> bool {
    (at_most_chars(&block.text, END_BOX_CHARS)
        && (END_BOX.is_match(&block.text) || AUTHOR_HEADER.is_match(&block.text)))
        || block
            .removed
            .as_ref()
            .is_some_and(|r| r.reason.ends_with(".prev_next"))
}

/// "Read more" alone marks boxes in the middle of articles, not their end.
static READ_MORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*read more\W*$").expect("read-more pattern compiles"));

/// Rules whose removed line is a header too (by the part of the id after the language).
const HEADER_RULES: [&str; 5] = [
    "related",
    "comment",
    "comment_form",
    "comment_notice",
    "prev_next",
];

/// Longest line removed by a header rule that counts as a header.
const RULE_HEADER_CHARS: usize = 30;

/// Longest header, in characters.
const MAX_CHARS: usize = 100;
/// Share of the body's prose (by width) that must lie above a header...
const BEFORE_SHARE: f64 = 0.4;
/// ...or above a comments header.
const BEFORE_SHARE_COMMENTS: f64 = 0.1;
/// A header that is not about comments ends the body only when at least
/// this many kept lines follow it...
const MIN_AFTER: usize = 3;
/// ...and no run of this many prose or sentence lines (the article going on
/// after a box inside it).
const ARTICLE_RUN: usize = 5;
/// After an end box, one kept line is enough, and a run of this many text
/// lines means the article goes on.
const END_BOX_RUN: usize = 3;

/// Most lines a box header inside the body takes with it: eight teasers,
/// each a headline under a short kicker ("RANDY ANDY").
const BOX_LINES: usize = 16;
/// A headline is this many characters long.
const HEADLINE_CHARS: std::ops::RangeInclusive<usize> = 12..=160;

/// Whether `text` has at most `max` characters, without counting those of
/// a line far too long (a character is at most 4 bytes): every line of a
/// body is asked.
fn at_most_chars(text: &str, max: usize) -> bool {
    text.len() <= max || (text.len() <= 4 * max && text.chars().count() <= max)
}

/// Whether `block` is a section header, and whether it opens comments.
/// `end_box` is whether the block heads an end box ([`end_box`]).
pub(super) fn header(block: &Block, end_box: bool) -> Option<bool> {
    let text = block.text.as_str();
    let by_rule = block.removed.as_ref().is_some_and(|r| {
        let ours = ["context", "dedup", "title", "meta"]
            .iter()
            .any(|p| r.reason.starts_with(p));
        let kind = r.reason.split_once('.').map_or("", |(_, k)| k);
        // A removed "See also: <headline>" or "推荐阅读：<headline>" inside
        // the article is a link, not a header: only a short line with
        // nothing after a colon counts.
        let bare = !text.trim_end_matches([':', '：']).contains([':', '：']);
        !ours && HEADER_RULES.contains(&kind) && bare && at_most_chars(text, RULE_HEADER_CHARS)
    });
    let by_text = at_most_chars(text, MAX_CHARS)
        && (HEADER.is_match(text) || SITE_LIST_HEADER.is_match(text));
    if !(by_rule || by_text || end_box) || READ_MORE.is_match(text) {
        return None;
    }
    Some(COMMENTS.is_match(text))
}

impl BodySpan {
    /// The first section header between the first and last prose lines
    /// (`prose`, kept blocks) that ends the body, if any.
    pub(super) fn section_break(
        &self,
        doc: &Document,
        lines: &Lines,
        prose: &[usize],
    ) -> Option<usize> {
        let (&first, &last) = (prose.first()?, prose.last()?);
        let total: usize = prose.iter().map(|&i| lines.prose_width(i)).sum();
        let mut above = lines.prose_width(first);
        for idx in first + 1..=last {
            if let Some(comments) = lines.header[idx] {
                let share = if comments {
                    BEFORE_SHARE_COMMENTS
                } else {
                    BEFORE_SHARE
                };
                if above as f64 >= share * total as f64
                    && (comments || self.article_ends(doc, lines, idx, last))
                {
                    return Some(idx);
                }
            }
            // `prose` is sorted: no need to judge the line again.
            if prose.binary_search(&idx).is_ok() {
                above += lines.prose_width(idx);
            }
        }
        None
    }

    /// The first section header after block `last` and before `limit`
    /// (kept or removed), or `limit`: the tail of the body does not run
    /// past a "Related" line into the teasers under it.
    pub(super) fn first_header(&self, lines: &Lines, last: usize, limit: usize) -> usize {
        (last + 1..limit)
            .find(|&n| lines.header[n].is_some())
            .unwrap_or(limit)
    }

    /// Removes each box header (not comments) inside the kept span with
    /// the headline-like and menu-like lines that follow it: the teasers
    /// of a "Related" box in the middle of a page, with their kickers.
    /// Whether it removed any.
    pub(super) fn remove_boxes(&self, doc: &mut Document, lines: &Lines) -> bool {
        let kept: Vec<usize> = doc.kept().map(|(i, _)| i).collect();
        let (Some(&first), Some(&last)) = (kept.first(), kept.last()) else {
            return false;
        };
        let mut removed = false;
        for n in first + 1..=last {
            if lines.header[n] != Some(false) {
                continue;
            }
            let under: Vec<usize> = kept[kept.partition_point(|&m| m <= n)..]
                .iter()
                .copied()
                .filter(|&m| doc.blocks[m].is_kept())
                .take_while(|&m| lines.headline[m] || lines.link_like[m])
                .take(BOX_LINES)
                .collect();
            if under.is_empty() {
                continue;
            }
            // The header goes with its box, or it would be left heading nothing.
            for m in std::iter::once(n).chain(under) {
                if doc.blocks[m].is_kept() {
                    doc.blocks[m].removed = Some(Removal::new("context.box", "context"));
                    removed = true;
                }
            }
        }
        removed
    }

    /// Whether the kept lines after a header up to `last` are not the
    /// article going on: enough of them, without a long run of text; after
    /// an end box, which holds little, also one line and a shorter run.
    fn article_ends(&self, doc: &Document, lines: &Lines, header: usize, last: usize) -> bool {
        let after: Vec<usize> = doc
            .kept()
            .map(|(i, _)| i)
            .filter(|&i| i > header && i <= last)
            .collect();
        let mut run = 0;
        let mut longest = 0;
        for &i in &after {
            run = if lines.text(i) { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let as_box = lines.end_box[header] && !after.is_empty() && longest < END_BOX_RUN;
        as_box || (after.len() >= MIN_AFTER && longest < ARTICLE_RUN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalize;
    use crate::stage::DocStage;

    const P: &str = "The harbour authority extended the evening ferry timetable for the whole summer season, officials said on Tuesday.";

    fn kept(raw: &str) -> Vec<String> {
        let mut doc = Document::new("t.txt", 1, raw.to_string(), "utf-8");
        Normalize.apply(&mut doc);
        BodySpan::new(80).apply(&mut doc);
        doc.kept().map(|(_, b)| b.text.clone()).collect()
    }

    #[test]
    fn comments_and_related_stories_after_the_article_go() {
        let comment = "I took the late ferry last week and it was packed, so this is welcome news for all of us here.";
        let raw =
            format!("{P}\n\n{P} Two.\n\n3 Comments\n\njane says:\n\n{comment}\n\n{comment} Again.");
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
        let teaser =
            "Council approves new bike lanes along the waterfront after a long debate on parking.";
        let raw = format!(
            "{P}\n\n{P} Two.\n\nMore from Harbour News\n\n{teaser}\n\nShort link\n\n{teaser} Two."
        );
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
    }

    #[test]
    fn a_chinese_comment_count_opens_the_comments() {
        let zh = "江城市文化和旅游局近日发布《公共图书馆改造方案》,对全市十二个图书馆的空间布局、数字服务和开放时间作出了安排。";
        let comment = "这个方案很好,希望图书馆早日延长开放时间,方便我们下班以后去看书。";
        let raw = format!(
            "{zh}\n\n另外,{zh}\n\n《图书馆改造方案》已有2件评论\n\n{comment}\n\n另外,{comment}"
        );
        assert_eq!(kept(&raw), [zh.to_string(), format!("另外,{zh}")]);
        // A blog post's footer: who posted it, when, and its comment count.
        let footer = "由小李张贴 @ 2005-03-21 01:20:44 (359) 共 3 篇评论 发表评论 >>>";
        let raw = format!("{zh}\n\n另外,{zh}\n\n{footer}\n\n{comment}\n\n另外,{comment}");
        assert_eq!(kept(&raw), [zh.to_string(), format!("另外,{zh}")]);
    }

    #[test]
    fn an_author_box_ends_the_article_with_one_line_under_it() {
        let bio = "Jane Doe has covered the harbour, its ferries and its markets for the paper since 2009.";
        let raw = format!("{P}\n\n{P} Two.\n\nAbout the author\n\n{bio}");
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
        let raw = format!("{P}\n\n{P} Two.\n\nSobre Jane Doe\n\n{bio}");
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
        // A publisher's appeal to its readers, however long, is not the article.
        let appeal = "Most of our stories begin when readers ask us whether a rumour about the ferry is true.";
        let raw = format!(
            "{P}\n\n{P} Two.\n\nSince 1994\n\nA Word to Our Loyal Readers\n\n{appeal}\n\n{appeal} Two.\n\n{appeal} Three."
        );
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
        // With three lines of text after it, it ends the article too.
        let raw = format!("{P}\n\n{P} Two.\n\nAbout Jane Doe\n\n{bio}\n\n{bio} 2\n\n{bio} 3");
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
        // The tail does not run past a header into a teaser under it.
        let teaser = "Council approves new bike lanes along the waterfront after a long debate.";
        let raw = format!("{P}\n\n{P} Two.\n\nRead this next\n\n{teaser}");
        assert_eq!(kept(&raw), [P.to_string(), format!("{P} Two.")]);
    }

    #[test]
    fn a_box_inside_the_article_and_an_inline_link_do_not_end_it() {
        // The article goes on after the box: a run of five text lines. The
        // box's headline goes with it; a sentence under a header stays.
        let before: Vec<String> = (1..=4).map(|n| format!("{P} {n}.")).collect();
        let after: Vec<String> = (5..=9).map(|n| format!("{P} {n}.")).collect();
        let raw = format!(
            "{}\n\nRelated\n\nA linked story\n\n{}",
            before.join("\n\n"),
            after.join("\n\n")
        );
        let kept_lines = kept(&raw);
        assert_eq!(kept_lines.len(), 9);
        assert!(
            !kept_lines
                .iter()
                .any(|l| l == "A linked story" || l == "Related")
        );
        let raw = format!(
            "{}\n\nSources\n\nThe board published its figures on Monday.\n\n{}",
            before.join("\n\n"),
            after.join("\n\n")
        );
        assert_eq!(kept(&raw).len(), 11);
        // With the article over (fewer than five text lines after), it ends there.
        let raw = format!(
            "{}\n\nRelated\n\nA linked story\n\n{}",
            before.join("\n\n"),
            after[..3].join("\n\n")
        );
        assert_eq!(kept(&raw), before);
        // A "Most read" box with a kicker over each teaser goes whole.
        let raw = format!(
            "{}\n\nMost read in island news\n\nNIGHT BOAT\n\nFerry runs late on Sunday after the storm\n\nQUAY\n\nNew market opens on the harbour front\n\n{}",
            before.join("\n\n"),
            after.join("\n\n")
        );
        assert_eq!(kept(&raw), [before.clone(), after.clone()].concat());
        // "Read more" alone, and a "See also: <headline>" link, are not headers.
        let raw = format!("{P}\n\n{P} 1.\n\nRead more\n\nShort\n\nLines\n\nHere\n\n{P} 2.");
        assert_eq!(kept(&raw).len(), 7);
    }
}
