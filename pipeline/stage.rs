//! The two shapes a stage can take. Stages never read files or write
//! outputs: they take documents and give them back, so the same code runs
//! in the CLI's thread pool or inside a task of a distributed engine.

use crate::document::Document;

/// A stage that looks at one document at a time; runs in parallel.
pub trait DocStage: Send + Sync {
    /// Name used in the manifest's per-stage counts.
    fn name(&self) -> &'static str;
    /// Transforms the document in place (marking blocks removed, setting fields).
    fn apply(&self, doc: &mut Document);
}

/// A stage that needs state across the corpus (seen hashes); it is handed
/// batches in corpus order, one at a time, so its output never depends on
/// how threads were scheduled.
pub trait CorpusStage: Send {
    /// Name used in the manifest's per-stage counts.
    fn name(&self) -> &'static str;
    /// Transforms the batch in place; earlier batches came before it in
    /// corpus order. An error (a spill file that cannot be written) ends
    /// the run.
    fn apply(&mut self, batch: &mut [Document]) -> crate::Result<()>;
    /// Whether the stage needs a counting pass: the whole corpus, through
    /// the per-document stages, handed to `count` before any `apply`.
    fn counts(&self) -> bool {
        false
    }
    /// Looks at one batch of the counting pass, in corpus order. Runs
    /// inside the run's thread pool.
    fn count(&mut self, _batch: &[Document]) -> crate::Result<()> {
        Ok(())
    }
    /// Called once the counting pass has seen the whole corpus.
    fn end_counting(&mut self) -> crate::Result<()> {
        Ok(())
    }
    /// Figures for the manifest once the run is over.
    fn stats(&self) -> Vec<(&'static str, u64)> {
        Vec::new()
    }
}
