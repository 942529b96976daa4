//! A boilerplate rule as data: parsed from the rule files, compiled once.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::error::{Result, ScourError};

/// Where in a line a rule's pattern must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Where {
    /// The pattern must match the whole line.
    Line,
    /// The pattern must match at the start of the line.
    LineStart,
    /// The pattern may match anywhere in the line.
    Anywhere,
}

impl Where {
    /// The name used in the rule files.
    pub fn name(&self) -> &'static str {
        match self {
            Where::Line => "line",
            Where::LineStart => "line_start",
            Where::Anywhere => "anywhere",
        }
    }
}

/// Where on the page a rule may remove a line: the head is what comes
/// before the page's first line of prose, the tail what comes after its
/// last (menus, footers). A word such as "Menu" or "Contact" is
/// boilerplate there and may be text in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Anywhere on the page.
    #[default]
    Any,
    /// Only before the first line of prose.
    Head,
    /// Only after the last line of prose.
    Tail,
    /// Before the first or after the last line of prose.
    Edge,
}

/// Where a line lies on its page, for [`Zone`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Before the first line of prose.
    Head,
    /// From the first to the last line of prose, or anywhere on a page
    /// without prose.
    Body,
    /// After the last line of prose.
    Tail,
}

impl Zone {
    /// The name used in the rule files.
    pub fn name(&self) -> &'static str {
        match self {
            Zone::Any => "any",
            Zone::Head => "head",
            Zone::Tail => "tail",
            Zone::Edge => "edge",
        }
    }

    /// Whether a rule of this zone may remove a line at `place`.
    pub fn admits(&self, place: Place) -> bool {
        matches!(
            (self, place),
            (Zone::Any, _)
                | (Zone::Head | Zone::Edge, Place::Head)
                | (Zone::Tail | Zone::Edge, Place::Tail)
        )
    }
}

/// What happens to a line a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The line leaves the text.
    #[default]
    Drop,
    /// The line leaves the text, and its `value` capture becomes the
    /// document's source attribution.
    Attribution,
}

/// Lines a rule must match and lines it must leave alone; the tests run them.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Lines the rule must remove.
    #[serde(rename = "match", default)]
    pub matches: Vec<String>,
    /// Lines the rule must keep.
    #[serde(default)]
    pub keep: Vec<String>,
}

/// One rule as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable id, `<language>.<name>`: the `reason` of every removal it makes.
    pub id: String,
    /// Family of boilerplate (`byline`, `cookie`, ...): the `kind` column.
    pub kind: String,
    /// What to do with a matched line.
    #[serde(default)]
    pub action: Action,
    /// Where the pattern must match.
    #[serde(rename = "where")]
    pub anchor: Where,
    /// Where on the page the rule applies (anywhere when left out).
    #[serde(default)]
    pub zone: Zone,
    /// A regular expression (Rust `regex` syntax).
    pub pattern: String,
    /// Lines longer than this (in characters) are never matched: boilerplate
    /// is short, and a long paragraph that happens to match is content.
    pub max_chars: usize,
    /// Positive and negative examples.
    #[serde(default)]
    pub examples: Examples,
}

/// A rule file: the rules of one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// ISO 639-1 code of the language the rules are written for.
    pub language: String,
    /// The rules, in priority order: the first that matches a line wins.
    pub rules: Vec<RuleSpec>,
}

/// A rule ready to match.
///
/// Lines are matched by the rule book's one `RegexSet`; a rule's own regex
/// is needed only to capture an attribution (and by the tests), so it is
/// compiled on first use. Compiling every rule's regex at start-up took
/// most of a small run's time and about 15 MB.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule as written.
    pub spec: RuleSpec,
    /// Language of the file it came from.
    pub language: String,
    regex: OnceLock<Regex>,
}

impl Rule {
    /// Compiles a rule, anchoring its pattern as its `where` says.
    pub fn compile(spec: RuleSpec, language: &str) -> Result<Rule> {
        let rule = Rule {
            spec,
            language: language.to_string(),
            regex: OnceLock::new(),
        };
        // Attribution rules are few, and their capture group is checked now.
        if rule.spec.action == Action::Attribution {
            let regex = rule.try_regex()?;
            if regex.capture_names().all(|n| n != Some("value")) {
                return Err(ScourError::Rule {
                    id: rule.spec.id.clone(),
                    message: "an attribution rule needs a (?P<value>...) group".into(),
                });
            }
            let _ = rule.regex.set(regex);
        }
        Ok(rule)
    }

    /// The rule's anchored pattern compiled alone, or the error naming it.
    pub fn try_regex(&self) -> Result<Regex> {
        Regex::new(&anchored(&self.spec)).map_err(|e| ScourError::Rule {
            id: self.spec.id.clone(),
            message: e.to_string(),
        })
    }

    /// The rule's anchored pattern, compiled on first use. The rule book
    /// compiled every pattern into its set, so this cannot fail for a rule
    /// of a book.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            self.try_regex()
                .expect("the rule book's set compiled this pattern")
        })
    }

    /// The attribution this rule lifts from `line`, if it is an attribution rule.
    pub fn attribution(&self, line: &str) -> Option<String> {
        if self.spec.action != Action::Attribution {
            return None;
        }
        let caps = self.regex().captures(line)?;
        caps.name("value").map(|m| m.as_str().trim().to_string())
    }
}

/// The pattern anchored as the rule's `where` asks.
pub fn anchored(spec: &RuleSpec) -> String {
    match spec.anchor {
        Where::Line => format!("^(?:{})$", spec.pattern),
        Where::LineStart => format!("^(?:{})", spec.pattern),
        Where::Anywhere => spec.pattern.clone(),
    }
}
