//! Steps over a stream of batches: a source, middle steps and a sink. A
//! run with more than one thread gives each middle step and the sink a
//! thread of its own, joined by bounded channels, so that the serial work
//! of one batch (corpus-wide dedup, writing) overlaps the parallel work of
//! others (cleaning, sections); a single-threaded run calls the steps in
//! turn. Either way each step sees the batches in the order the source
//! made them, so the output does not depend on the choice.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::ScopedJoinHandle;

use crate::error::Result;

/// Batches that may wait between two steps: enough to keep the next step
/// busy, few enough that memory stays a few batches.
const IN_FLIGHT: usize = 4;

/// A middle step: takes a batch, gives it on changed.
pub type Step<'a, T> = Box<dyn FnMut(T) -> Result<T> + Send + 'a>;

/// Runs `source`, which hands each batch it makes to the function it is
/// given; that function returns `false` once a later step has failed, and
/// the source should then stop. Each batch goes through the `middle`
/// steps in order, then `sink`. With `overlap`, the middle steps and the
/// sink run on threads of their own. The first error of a later step is
/// returned before the source's, since it is what stopped the source.
pub fn run_steps<'a, T: Send>(
    overlap: bool,
    source: impl FnOnce(&mut dyn FnMut(T) -> bool) -> Result<()>,
    mut middle: Vec<Step<'a, T>>,
    mut sink: impl FnMut(T) -> Result<()> + Send,
) -> Result<()> {
    if !overlap {
        let mut failed = None;
        let mut through = |mut batch: T| -> Result<()> {
            for step in middle.iter_mut() {
                batch = step(batch)?;
            }
            sink(batch)
        };
        let fed = source(&mut |batch| match through(batch) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        });
        return failed.map_or(fed, Err);
    }
    std::thread::scope(|scope| {
        let (to_first, mut from_last) = sync_channel::<T>(IN_FLIGHT);
        let mut handles: Vec<ScopedJoinHandle<'_, Result<()>>> = Vec::new();
        for mut step in middle {
            let (to_next, from_this) = sync_channel::<T>(IN_FLIGHT);
            let from_before: Receiver<T> = std::mem::replace(&mut from_last, from_this);
            handles.push(scope.spawn(move || pass_on(from_before, to_next, &mut step)));
        }
        handles.push(scope.spawn(move || {
            for batch in from_last {
                sink(batch)?;
            }
            Ok(())
        }));
        let fed = source(&mut |batch| to_first.send(batch).is_ok());
        drop(to_first);
        // Later steps first: a step that stops because the one after it
        // failed returns Ok, and the failure is the error to report.
        let results: Vec<Result<()>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        results.into_iter().rev().fold(Ok(()), Result::and).and(fed)
    })
}

/// One middle step on its thread: each batch from `from` through `step`
/// to `to`, until `from` ends or `to` closes (the next step failed).
fn pass_on<T>(from: Receiver<T>, to: SyncSender<T>, step: &mut Step<'_, T>) -> Result<()> {
    for batch in from {
        if to.send(step(batch)?).is_err() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ScourError;

    fn failure(at: &str) -> ScourError {
        ScourError::Threads {
            threads: 0,
            message: at.to_string(),
        }
    }

    /// Feeds 0..n through doubling, adding one and collecting, failing
    /// where told.
    fn flow(overlap: bool, n: u32, fail_middle_at: Option<u32>) -> (Result<()>, Vec<u32>, u32) {
        let mut seen = Vec::new();
        let mut fed = 0;
        let result = run_steps(
            overlap,
            |feed| {
                for i in 0..n {
                    fed += 1;
                    if !feed(i) {
                        break;
                    }
                }
                Ok(())
            },
            vec![
                Box::new(move |i| match fail_middle_at {
                    Some(at) if i == at => Err(failure("middle")),
                    _ => Ok(i * 2),
                }),
                Box::new(|i| Ok(i + 1)),
            ],
            |d| {
                seen.push(d);
                Ok(())
            },
        );
        (result, seen, fed)
    }

    #[test]
    fn order_is_kept_with_and_without_threads() {
        for overlap in [false, true] {
            let (result, seen, _) = flow(overlap, 500, None);
            assert!(result.is_ok());
            assert_eq!(seen, (0..500).map(|i| i * 2 + 1).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_failing_step_stops_the_source_and_its_error_is_returned() {
        for overlap in [false, true] {
            let (result, seen, fed) = flow(overlap, 10_000, Some(3));
            let Err(ScourError::Threads { message, .. }) = result else {
                panic!("the middle step's error, got {result:?}");
            };
            assert_eq!(message, "middle");
            assert_eq!(seen, vec![1, 3, 5]);
            // The source stops within the batches in flight.
            assert!(fed <= 4 + 3 * IN_FLIGHT as u32 + 1, "fed {fed}");
        }
    }

    #[test]
    fn the_source_error_is_returned_when_the_steps_succeed() {
        for overlap in [false, true] {
            let result = run_steps(
                overlap,
                |feed| {
                    feed(1u8);
                    Err(failure("source"))
                },
                vec![Box::new(Ok)],
                |_| Ok(()),
            );
            assert!(
                matches!(result, Err(ScourError::Threads { message, .. }) if message == "source")
            );
        }
    }
}
