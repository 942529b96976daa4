//! Site templates learned from repetition: a line that the pages of one
//! site repeat (a footer notice, a slogan, a "related" header that no rule
//! knows) is template boilerplate. The counting pass counts, per site, the
//! pages each short line appears on; the applying pass removes the lines on
//! enough of the site's pages, with reason `site_template`. It runs after
//! corpus dedup, so that a copied page is still found as an exact copy
//! when the copy sits on another site (whose templates differ).
//!
//! A site is the URL's host, or the input folder when there is no URL.
//! Long paragraphs shared across sites are duplicates, for dedup; here only
//! lines up to `max_chars` count, and only within their site. A line
//! followed by prose is left alone: that is a heading ("Abstract",
//! "Materials and methods"), which a site's pages share legitimately.
//!
//! Memory: about 24 bytes per distinct (site, line) pair (an 8-byte key and
//! a 4-byte count in a hash table between 7/16 and 7/8 full).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::BodySpan;
use crate::dedup::KeyConfig;
use crate::document::{Block, Document, Removal};
use crate::error::Result;
use crate::stage::{CorpusStage, DocStage};

/// When a repeated line is a template.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateConfig {
    /// Learn and remove site templates (adds a counting pass).
    pub enabled: bool,
    /// A line must be on at least this many pages of its site...
    pub min_pages: u32,
    /// ...and on at least this share of them.
    pub min_share: f64,
    /// Longest line (characters) that can be a template.
    pub max_chars: usize,
}

impl Default for TemplateConfig {
    fn default() -> Self {
        TemplateConfig {
            enabled: true,
            min_pages: 5,
            min_share: 0.5,
            max_chars: 200,
        }
    }
}

/// Shorter lines, and lines without a letter ("01", "2.", "***"), are
/// never templates: section numbers and tiny headings repeat on every page
/// of a site, and they are not boilerplate.
const MIN_CHARS: usize = 4;

/// The reason corpus dedup gives a paragraph seen on an earlier page.
const CORPUS_REPEAT: &str = "dedup.paragraph_corpus";

/// The stage.
pub struct SiteTemplates {
    config: TemplateConfig,
    key: KeyConfig,
    body: BodySpan,
    trim: bool,
    /// Pages per site.
    pages: HashMap<u64, u32>,
    /// Pages per (site, line key).
    lines: HashMap<u64, u32>,
    removed: u64,
}

impl SiteTemplates {
    /// A stage that tells prose from other lines as `body` does, and runs
    /// `body` again on a page it shortened when `trim`.
    pub fn new(config: TemplateConfig, key: KeyConfig, body: BodySpan, trim: bool) -> Self {
        SiteTemplates {
            config,
            key,
            body,
            trim,
            pages: HashMap::new(),
            lines: HashMap::new(),
            removed: 0,
        }
    }

    /// The (site, line) keys of the page's candidate lines, by block: the
    /// lines as the counting pass saw them, kept or since removed as a
    /// repeat of an earlier page (dedup runs first, so a template's later
    /// copies are relabelled: a template goes as one).
    fn candidates(&self, doc: &Document) -> Vec<(usize, u64)> {
        let site = site_hash(doc);
        let kept: Vec<(usize, &Block)> = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.removed.as_ref().is_none_or(|r| r.reason == CORPUS_REPEAT))
            .collect();
        kept.iter()
            .enumerate()
            .filter(|(n, (_, b))| {
                let chars = b.text.chars().count();
                (MIN_CHARS..=self.config.max_chars).contains(&chars)
                    && b.text.chars().any(char::is_alphabetic)
                    && !kept
                        .get(n + 1)
                        .is_some_and(|(_, next)| self.body.is_prose(&next.text))
            })
            .map(|(_, &(block, b))| {
                let line = b.key_hash(&self.key);
                let mut bytes = [0u8; 24];
                bytes[..8].copy_from_slice(&site.to_le_bytes());
                bytes[8..].copy_from_slice(&line.to_le_bytes());
                (block, xxh3_64(&bytes))
            })
            .collect()
    }
}

impl SiteTemplates {
    /// What the counting pass counts for one page (which must not be
    /// dropped): its site's key, and the distinct keys of its candidate
    /// lines. For an engine that counts them itself.
    pub fn page_keys(&self, doc: &Document) -> (u64, Vec<u64>) {
        let distinct: HashSet<u64> = self.candidates(doc).into_iter().map(|(_, k)| k).collect();
        let mut lines: Vec<u64> = distinct.into_iter().collect();
        lines.sort_unstable();
        (site_hash(doc), lines)
    }

    /// Counts made elsewhere from [`SiteTemplates::page_keys`]: pages per
    /// site key, and pages per line key; `apply` then needs no counting
    /// pass. Lines on fewer than `templates.min_pages` pages can be left
    /// out.
    pub fn with_counts(mut self, pages: HashMap<u64, u32>, lines: HashMap<u64, u32>) -> Self {
        self.pages = pages;
        self.lines = lines;
        self
    }
}

/// The site of a page: the URL's host without `www.`, else the folder of
/// its input file.
pub fn site(doc: &Document) -> &str {
    if let Some(url) = &doc.url
        && let Some((_, rest)) = url.split_once("://")
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let host = host.rsplit('@').next().unwrap_or(host);
        return host.strip_prefix("www.").unwrap_or(host);
    }
    doc.source.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn site_hash(doc: &Document) -> u64 {
    xxh3_64(site(doc).to_ascii_lowercase().as_bytes())
}

impl CorpusStage for SiteTemplates {
    fn name(&self) -> &'static str {
        "site_template"
    }

    fn counts(&self) -> bool {
        true
    }

    fn count(&mut self, batch: &[Document]) -> Result<()> {
        for doc in batch.iter().filter(|d| d.dropped.is_none()) {
            // A line counts once per page.
            let (site, lines) = self.page_keys(doc);
            *self.pages.entry(site).or_default() += 1;
            for key in lines {
                *self.lines.entry(key).or_default() += 1;
            }
        }
        Ok(())
    }

    fn apply(&mut self, batch: &mut [Document]) -> Result<()> {
        for doc in batch.iter_mut().filter(|d| d.dropped.is_none()) {
            let pages = self.pages.get(&site_hash(doc)).copied().unwrap_or(0);
            let needed = (self.config.min_share * f64::from(pages)).ceil() as u32;
            let needed = needed.max(self.config.min_pages);
            let mut any = false;
            for (block, key) in self.candidates(doc) {
                let seen = self.lines.get(&key).copied().unwrap_or(0);
                if seen >= needed {
                    // A relabelled repeat was already out of the body.
                    any |= doc.blocks[block].removed.is_none();
                    let detail = format!("on {seen} of {pages} pages of {}", site(doc));
                    doc.blocks[block].removed =
                        Some(Removal::new("site_template", "template").with_detail(detail));
                    self.removed += 1;
                }
            }
            if any && self.trim {
                self.body.apply(doc);
            }
            if any {
                doc.drop_if_empty("every line is a template of its site");
            }
        }
        Ok(())
    }

    fn stats(&self) -> Vec<(&'static str, u64)> {
        vec![
            ("sites", self.pages.len() as u64),
            ("distinct_lines", self.lines.len() as u64),
            ("lines_removed", self.removed),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalize;

    const PROSE: &str = "The council met on Tuesday evening and agreed, after a long debate, to extend the ferry timetable for the whole summer season.";

    fn page(url: Option<&str>, source: &str, n: usize, lines: &[&str]) -> Document {
        let mut d = Document::new(source, n as u64, lines.join("\n\n"), "utf-8");
        d.url = url.map(String::from);
        Normalize.apply(&mut d);
        d
    }

    fn stage(min_pages: u32) -> SiteTemplates {
        let config = TemplateConfig {
            min_pages,
            ..TemplateConfig::default()
        };
        SiteTemplates::new(config, KeyConfig::default(), BodySpan::new(140), false)
    }

    fn run(stage: &mut SiteTemplates, mut docs: Vec<Document>) -> Vec<Document> {
        stage.count(&docs).unwrap();
        stage.apply(&mut docs).unwrap();
        docs
    }

    fn reasons(doc: &Document) -> Vec<Option<&str>> {
        doc.blocks
            .iter()
            .map(|b| b.removed.as_ref().map(|r| r.reason.as_str()))
            .collect()
    }

    #[test]
    fn the_site_is_the_url_host_or_the_folder() {
        let d = page(
            Some("https://www.Example.test:8080/a/b?c"),
            "x/y.jsonl",
            1,
            &["a"],
        );
        assert_eq!(site(&d), "Example.test:8080");
        assert_eq!(
            site(&page(None, "gov-cn/2021/page.txt", 1, &["a"])),
            "gov-cn/2021"
        );
        assert_eq!(site(&page(None, "page.txt", 1, &["a"])), "");
    }

    #[test]
    fn a_line_on_most_pages_of_a_site_goes_but_not_a_heading_or_another_site() {
        let footer = "Harbour Gazette is published by the Quay Press cooperative";
        let heading = "Council decisions this week";
        let mut docs = Vec::new();
        for n in 0..6 {
            let body = format!("{PROSE} {PROSE} Page {n}.");
            docs.push(page(
                Some(&format!("https://gazette.test/{n}")),
                "f.jsonl",
                n,
                &[heading, &body, footer],
            ));
        }
        // The same footer on one page of another site stays there.
        docs.push(page(
            Some("https://other.test/1"),
            "f.jsonl",
            9,
            &[PROSE, footer],
        ));
        let docs = run(&mut stage(5), docs);
        for d in &docs[..6] {
            assert_eq!(reasons(d), [None, None, Some("site_template")]);
            let detail = d.blocks[2].removed.as_ref().unwrap().detail.as_deref();
            assert_eq!(detail, Some("on 6 of 6 pages of gazette.test"));
        }
        assert_eq!(reasons(&docs[6]), [None, None]);
    }

    #[test]
    fn too_few_pages_or_too_small_a_share_keep_the_line() {
        let footer = "Harbour Gazette is published by the Quay Press cooperative";
        let pages = |with: usize, without: usize| {
            (0..with + without)
                .map(|n| {
                    let body = format!("{PROSE} {PROSE} Page {n}.");
                    let lines: Vec<&str> = if n < with {
                        vec![&body, footer]
                    } else {
                        vec![&body]
                    };
                    page(None, &format!("site/{n}.txt"), 1, &lines)
                })
                .collect::<Vec<_>>()
        };
        // On 4 pages: below min_pages 5.
        let docs = run(&mut stage(5), pages(4, 0));
        assert!(
            docs.iter()
                .all(|d| d.blocks.iter().all(|b| b.removed.is_none()))
        );
        // On 5 of 11 pages: below half.
        let docs = run(&mut stage(5), pages(5, 6));
        assert!(
            docs.iter()
                .all(|d| d.blocks.iter().all(|b| b.removed.is_none()))
        );
        // On 6 of 11: a template.
        let docs = run(&mut stage(5), pages(6, 5));
        assert_eq!(reasons(&docs[0]), [None, Some("site_template")]);
    }
}
