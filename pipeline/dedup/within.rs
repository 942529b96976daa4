//! Paragraphs repeated inside their own document: the first is kept, each
//! copy names it (`<doc_id>#<block_idx>`).

use std::collections::HashMap;

use crate::config::DedupConfig;
use crate::document::{Block, Document, Removal};
use crate::stage::DocStage;

/// The paragraph hash of a kept block long enough to count as a duplicate.
pub(super) fn dedup_hash(block: &Block, config: &DedupConfig) -> Option<u128> {
    (block.is_kept() && block.text.len() >= config.min_paragraph_bytes)
        .then(|| block.key_hash(&config.key))
}

/// Removes paragraphs repeated inside their own document.
pub struct WithinDocument {
    config: DedupConfig,
}

impl WithinDocument {
    /// The stage with these options.
    pub fn new(config: DedupConfig) -> Self {
        WithinDocument { config }
    }
}

impl DocStage for WithinDocument {
    fn name(&self) -> &'static str {
        "dedup_within_document"
    }

    fn apply(&self, doc: &mut Document) {
        if !self.config.within_document {
            return;
        }
        let mut seen: HashMap<u128, usize> = HashMap::new();
        for (n, block) in doc.blocks.iter_mut().enumerate() {
            let Some(hash) = dedup_hash(block, &self.config) else {
                continue;
            };
            match seen.entry(hash) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let detail = format!("{}#{}", doc.doc_id, first.get());
                    block.removed = Some(
                        Removal::new("dedup.paragraph_in_document", "duplicate")
                            .with_detail(detail),
                    );
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(n);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::test_doc::{P, doc};

    #[test]
    fn repeat_inside_a_document_names_the_first() {
        let mut d = doc("a.txt", &format!("{P}\n\nother\n\n{P}\n\nNo\n\nNo"));
        WithinDocument::new(DedupConfig::default()).apply(&mut d);
        let removed: Vec<_> = d
            .blocks
            .iter()
            .map(|b| b.removed.as_ref().and_then(|r| r.detail.clone()))
            .collect();
        assert_eq!(
            removed,
            [None, None, Some(format!("{}#0", d.doc_id)), None, None]
        );
    }
}
