//! Boilerplate removal by rules. The rules are data: one JSON file per
//! language under `rules/`, compiled into the binary and matched together
//! through one `RegexSet`, so adding a rule never adds a branch of code.

mod context;
mod fence;
mod lines;
mod rule;
mod stop_words;
mod tail;
mod teaser;
mod template;

use std::sync::Arc;

use regex::{RegexSet, RegexSetBuilder};

pub use context::BodySpan;
pub use rule::{Action, Examples, Place, Rule, RuleFile, RuleSpec, Where, Zone, anchored};
pub(crate) use tail::is_date_only;
pub use template::{SiteTemplates, TemplateConfig};

use crate::document::{Document, Removal};
use crate::error::{Result, ScourError};
use crate::stage::DocStage;

/// The built-in rule files, in priority order.
const RULE_FILES: &[(&str, &str)] = &[
    ("zh.json", include_str!("rules/zh.json")),
    ("en.json", include_str!("rules/en.json")),
    ("de.json", include_str!("rules/de.json")),
    ("es.json", include_str!("rules/es.json")),
    ("fr.json", include_str!("rules/fr.json")),
    ("pt.json", include_str!("rules/pt.json")),
    ("ru.json", include_str!("rules/ru.json")),
    ("ja.json", include_str!("rules/ja.json")),
];

/// The built-in rule files, parsed.
fn builtin_files() -> Result<Vec<RuleFile>> {
    RULE_FILES
        .iter()
        .map(|(name, text)| {
            serde_json::from_str(text).map_err(|e| ScourError::Rule {
                id: (*name).to_string(),
                message: e.to_string(),
            })
        })
        .collect()
}

/// Cache of the rule set's lazy DFA, per thread. With the rules of eight
/// languages the default (2 MiB) filled up and the set fell back to a
/// slower engine: cleaning ran 18 times slower.
const DFA_CACHE_BYTES: usize = 64 << 20;

/// Limit on the compiled size of the rule set (its NFA). The built-in
/// rules must stay under half of it (a test checks), so that user rules
/// have room: a bounded repetition of a Unicode class ("[\\p{L}]{0,40}")
/// compiles to one copy of the class per count, and six such bylines once
/// took the set to the regex crate's default limit of 10 MiB.
const SET_SIZE_LIMIT: usize = 20 << 20;

/// All rules, compiled, with one set to find the candidates of a line at once.
#[derive(Debug)]
pub struct RuleBook {
    rules: Vec<Rule>,
    set: RegexSet,
    /// The largest `max_chars` of any rule: longer lines are never matched,
    /// so they skip the regex set (most paragraphs of text are longer).
    longest: usize,
    /// Whether some rule applies only in a zone of the page.
    zoned: bool,
}

impl RuleBook {
    /// The built-in rule library.
    pub fn builtin() -> Result<RuleBook> {
        RuleBook::from_files(builtin_files()?)
    }

    /// The built-in rules of `languages` (all when empty), without the
    /// rules whose id or kind is in `disabled`; a language, id or kind that
    /// no built-in rule has is an error naming it.
    pub fn builtin_selected(languages: &[String], disabled: &[String]) -> Result<RuleBook> {
        let files = builtin_files()?;
        let bad = |key: &str, message: String| {
            Err(ScourError::Config {
                key: format!("boilerplate.{key}"),
                message,
            })
        };
        let known: Vec<&str> = files.iter().map(|f| f.language.as_str()).collect();
        if let Some(lang) = languages.iter().find(|l| !known.contains(&l.as_str())) {
            return bad(
                "languages",
                format!("no rules for `{lang}`; there are {}", known.join(", ")),
            );
        }
        let names = |spec: &RuleSpec| [spec.id.clone(), spec.kind.clone()];
        let all: Vec<String> = files
            .iter()
            .flat_map(|f| f.rules.iter().flat_map(names))
            .collect();
        if let Some(name) = disabled.iter().find(|d| !all.contains(d)) {
            return bad(
                "disabled",
                format!("no rule id or kind `{name}` (`scour rules` lists them)"),
            );
        }
        let files = files
            .into_iter()
            .filter(|f| languages.is_empty() || languages.contains(&f.language))
            .map(|mut f| {
                f.rules
                    .retain(|r| !disabled.contains(&r.id) && !disabled.contains(&r.kind));
                f
            })
            .collect();
        RuleBook::from_files(files)
    }

    /// A rule book from parsed rule files; rule ids must be unique.
    pub fn from_files(files: Vec<RuleFile>) -> Result<RuleBook> {
        let mut rules: Vec<Rule> = Vec::new();
        for file in files {
            for spec in file.rules {
                if rules.iter().any(|r| r.spec.id == spec.id) {
                    return Err(ScourError::Rule {
                        id: spec.id,
                        message: "duplicate rule id".into(),
                    });
                }
                rules.push(Rule::compile(spec, &file.language)?);
            }
        }
        let set = match RegexSetBuilder::new(rules.iter().map(|r| anchored(&r.spec)))
            .dfa_size_limit(DFA_CACHE_BYTES)
            .size_limit(SET_SIZE_LIMIT)
            .build()
        {
            Ok(set) => set,
            // Name the rule whose pattern is wrong, if one alone is.
            Err(e) => {
                for rule in &rules {
                    rule.try_regex()?;
                }
                return Err(ScourError::Rule {
                    id: "rule set".into(),
                    message: e.to_string(),
                });
            }
        };
        let longest = rules.iter().map(|r| r.spec.max_chars).max().unwrap_or(0);
        let zoned = rules.iter().any(|r| r.spec.zone != Zone::Any);
        Ok(RuleBook {
            rules,
            set,
            longest,
            zoned,
        })
    }

    /// Every rule, in priority order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The first rule (in priority order) that removes `line` in the body
    /// of a page, if any.
    pub fn find(&self, line: &str) -> Option<&Rule> {
        self.find_at(line, Place::Body)
    }

    /// Whether some rule applies only in a zone of the page.
    pub fn has_zones(&self) -> bool {
        self.zoned
    }

    /// The first rule (in priority order) that removes `line` at `place`.
    pub fn find_at(&self, line: &str, place: Place) -> Option<&Rule> {
        // Bytes bound characters from above: a line under the limit in
        // bytes is under it in characters, and a long one is counted.
        if line.len() > self.longest && line.chars().count() > self.longest {
            return None;
        }
        let chars = line.chars().count();
        self.set
            .matches(line)
            .iter()
            .map(|i| &self.rules[i])
            .find(|r| chars <= r.spec.max_chars && r.spec.zone.admits(place))
    }
}

/// The stage: every kept block a rule matches is removed with the rule's id.
pub struct Boilerplate {
    book: Arc<RuleBook>,
    /// Tells prose, which bounds the head and tail zones.
    prose: BodySpan,
}

impl Boilerplate {
    /// The stage over a rule book; a line of prose (which ends the head
    /// zone and starts the tail zone) is at least `min_prose_width` wide,
    /// as in the context stage.
    pub fn new(book: Arc<RuleBook>, min_prose_width: usize) -> Self {
        Boilerplate {
            book,
            prose: BodySpan::new(min_prose_width),
        }
    }

    /// The place of each block: head, body or tail.
    fn places(&self, doc: &Document) -> Vec<Place> {
        let mut places = vec![Place::Body; doc.blocks.len()];
        if !self.book.has_zones() {
            return places;
        }
        let mut prose = doc
            .kept()
            .filter(|(_, b)| self.prose.is_prose(&b.text))
            .map(|(i, _)| i);
        if let Some(first) = prose.next() {
            let last = prose.last().unwrap_or(first);
            places[..first].fill(Place::Head);
            places[last + 1..].fill(Place::Tail);
        }
        places
    }
}

impl DocStage for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate"
    }

    fn apply(&self, doc: &mut Document) {
        let mut attributions = Vec::new();
        let places = self.places(doc);
        for (block, &place) in doc.blocks.iter_mut().zip(&places) {
            if !block.is_kept() {
                continue;
            }
            if let Some(rule) = self.book.find_at(&block.text, place) {
                if let Some(value) = rule.attribution(&block.text) {
                    attributions.push(value);
                }
                block.removed = Some(Removal::new(&rule.spec.id, &rule.spec.kind));
            }
        }
        doc.attributions.extend(attributions);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_passes_its_own_examples() {
        let book = RuleBook::builtin().expect("built-in rules compile");
        let mut failures = Vec::new();
        for rule in book.rules() {
            assert!(
                !rule.spec.examples.matches.is_empty(),
                "{} has no positive example",
                rule.spec.id
            );
            for line in &rule.spec.examples.matches {
                let line = crate::normalize::normalize_line(line);
                if !rule.regex().is_match(&line) || line.chars().count() > rule.spec.max_chars {
                    failures.push(format!("{} should match {line:?}", rule.spec.id));
                }
            }
            for line in &rule.spec.examples.keep {
                let line = crate::normalize::normalize_line(line);
                // Kept in the body by every rule, and in its zone by its own.
                if let Some(hit) = book.find(&line) {
                    failures.push(format!(
                        "{line:?} (a keep example of {}) is removed by {}",
                        rule.spec.id, hit.spec.id
                    ));
                }
                if rule.regex().is_match(&line) {
                    failures.push(format!("{} should keep {line:?}", rule.spec.id));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "rule examples fail:\n{}",
            failures.join("\n")
        );
    }

    #[test]
    fn the_built_in_rules_leave_room_in_the_set() {
        let files = builtin_files().unwrap();
        let patterns = files.iter().flat_map(|f| f.rules.iter().map(anchored));
        let set = RegexSetBuilder::new(patterns)
            .size_limit(SET_SIZE_LIMIT / 2)
            .build();
        assert!(
            set.is_ok(),
            "the built-in rules compile to more than half the set's limit: \
             write bounded repetitions of letter classes as * and let max_chars bound the line"
        );
    }

    #[test]
    fn no_built_in_rule_uses_a_unicode_word_boundary() {
        // One Unicode `\b` keeps the whole set off its lazy DFA on non-ASCII
        // text: cleaning ran ten times slower. `(?-u:\b)` is the ASCII one.
        for file in builtin_files().unwrap() {
            for rule in &file.rules {
                let p = rule
                    .pattern
                    .replace("(?-u:\\b)", "")
                    .replace("(?-u:\\B)", "");
                assert!(
                    !p.contains("\\b") && !p.contains("\\B"),
                    "{} uses \\b: write (?-u:\\b)",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn zone_rules_apply_only_before_the_first_and_after_the_last_prose_line() {
        let prose = "The harbour authority extended the evening ferry timetable for the whole summer season, officials said on Tuesday after the vote.";
        let stage = Boilerplate::new(Arc::new(RuleBook::builtin().unwrap()), 100);
        let removed = |raw: &str| {
            let mut doc = Document::new("t.txt", 1, raw.to_string(), "utf-8");
            crate::normalize::Normalize.apply(&mut doc);
            stage.apply(&mut doc);
            doc.blocks
                .iter()
                .map(|b| b.removed.as_ref().map(|r| r.reason.clone()))
                .collect::<Vec<_>>()
        };
        let nav = Some("en.nav_edge".to_string());
        assert_eq!(
            removed(&format!(
                "Menu\n\n{prose}\n\nCategories\n\n{prose}\n\nCategories"
            )),
            [nav.clone(), None, None, None, nav]
        );
        // A page without prose has no edges.
        assert_eq!(removed("Menu\n\nCategories"), [None, None]);
    }

    #[test]
    fn attribution_is_lifted() {
        let book = RuleBook::builtin().unwrap();
        let rule = book.find("内容来源:中央网信办官网").unwrap();
        assert_eq!(
            rule.attribution("内容来源:中央网信办官网").as_deref(),
            Some("中央网信办官网")
        );
        let line = "(Source: ChinaSecuritiesNewspaper)";
        assert_eq!(
            book.find(line).unwrap().attribution(line).as_deref(),
            Some("ChinaSecuritiesNewspaper")
        );
    }

    #[test]
    fn a_bad_rule_is_named() {
        let file = |pattern: &str, action: &str| -> RuleFile {
            serde_json::from_value(serde_json::json!({
                "language": "en",
                "rules": [
                    {"id": "en.fine", "kind": "x", "where": "line", "pattern": "Menu", "max_chars": 10},
                    {"id": "en.bad", "kind": "x", "where": "line", "pattern": pattern,
                     "max_chars": 10, "action": action}
                ]
            }))
            .unwrap()
        };
        for (pattern, action, says) in [
            ("Share (this", "drop", "unclosed group"),
            ("Source: .+", "attribution", "(?P<value>...)"),
        ] {
            let err = RuleBook::from_files(vec![file(pattern, action)]).unwrap_err();
            let message = err.to_string();
            assert!(
                message.contains("en.bad") && message.contains(says),
                "{message}"
            );
        }
        let book =
            RuleBook::from_files(vec![file("Source: (?P<value>.+)", "attribution")]).unwrap();
        assert_eq!(book.find("Menu").unwrap().spec.id, "en.fine");
    }
}
