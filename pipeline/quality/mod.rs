//! Quality filters from the literature, as named rule sets that a config
//! switches on (`quality.sets`): C4 (Raffel et al. 2020), Gopher (Rae et
//! al. 2021) and FineWeb (Penedo et al. 2024). Line rules remove lines,
//! document rules drop the document; each removal names its rule
//! (`c4.min_words`, `gopher.stop_words`, ...) and, for a document, the
//! measure that failed against its threshold.
//!
//! They run after cleaning and in-document dedup, on the lines still kept,
//! as the papers ran them on extracted text. Word-based rules are written
//! for space-separated scripts: on a page mostly in Chinese or Japanese
//! (where a line is one "word") they are skipped, and the rules that count
//! characters or lines still apply.

mod c4;
mod fineweb;
mod gopher;
mod text;

use serde::{Deserialize, Serialize};

use crate::document::{Document, Removal};
use crate::error::{Result, ScourError};
use crate::stage::DocStage;
use text::Text;

/// Which rule sets apply.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct QualityConfig {
    /// Named rule sets, applied in this order: "c4", "gopher", "fineweb".
    pub sets: Vec<String>,
}

/// The names of the rule sets, as the config spells them.
pub const SETS: [&str; 3] = ["c4", "gopher", "fineweb"];

impl QualityConfig {
    /// Refuses a set that does not exist.
    pub fn check(&self) -> Result<()> {
        match self.sets.iter().find(|s| !SETS.contains(&s.as_str())) {
            Some(set) => Err(ScourError::Config {
                key: "quality.sets".into(),
                message: format!("no rule set `{set}`; there are {}", SETS.join(", ")),
            }),
            None => Ok(()),
        }
    }
}

/// One rule set: line rules, then document rules on what the line rules left.
trait RuleSet: Send + Sync {
    /// The rule that removes this line, if any.
    fn line(&self, _line: &str, _cjk: bool) -> Option<&'static str> {
        None
    }
    /// The rule that drops the document, with what it measured.
    fn document(&self, text: &Text) -> Option<(&'static str, String)>;
}

/// The stage.
pub struct Quality {
    sets: Vec<Box<dyn RuleSet>>,
}

impl Quality {
    /// The stage with the sets `config` names (checked by `Config::check`).
    pub fn new(config: &QualityConfig) -> Self {
        let sets = config
            .sets
            .iter()
            .filter_map(|name| -> Option<Box<dyn RuleSet>> {
                match name.as_str() {
                    "c4" => Some(Box::new(c4::C4)),
                    "gopher" => Some(Box::new(gopher::Gopher)),
                    "fineweb" => Some(Box::new(fineweb::FineWeb)),
                    _ => None,
                }
            })
            .collect();
        Quality { sets }
    }
}

impl DocStage for Quality {
    fn name(&self) -> &'static str {
        "quality"
    }

    fn apply(&self, doc: &mut Document) {
        if doc.dropped.is_some() || doc.kept().next().is_none() {
            return;
        }
        let cjk = text::mostly_cjk(doc.kept().map(|(_, b)| b.text.as_str()));
        for set in &self.sets {
            for block in doc.blocks.iter_mut().filter(|b| b.is_kept()) {
                if let Some(rule) = set.line(&block.text, cjk) {
                    block.removed = Some(Removal::new(rule, "quality"));
                }
            }
            let lines: Vec<&str> = doc.kept().map(|(_, b)| b.text.as_str()).collect();
            if lines.is_empty() {
                let why = "every line failed a quality rule";
                doc.dropped = Some(Removal::new("doc.empty", "empty").with_detail(why));
                return;
            }
            if let Some((rule, detail)) = set.document(&Text::new(&lines, cjk)) {
                doc.dropped = Some(Removal::new(rule, "quality").with_detail(detail));
                return;
            }
        }
    }
}
