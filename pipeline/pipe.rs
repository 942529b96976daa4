//! Three steps over a stream of batches: a source, a middle step and a sink.
//! A run with more than one thread gives the middle step and the sink a
//! thread each, joined by bounded channels, so that the serial work of one
//! batch (corpus-wide dedup, writing) overlaps the parallel work of the
//! next (cleaning); a single-threaded run calls the steps in turn. Either
//! way each step sees the batches in the order the source made them, so
//! the output does not depend on the choice.

use std::sync::mpsc::sync_channel;

use crate::error::Result;

/// Batches that may wait between two steps: enough to keep the next step
/// busy, few enough that memory stays a few batches.
const IN_FLIGHT: usize = 4;

/// Runs `source`, which hands each batch it makes to the function it is
/// given; that function returns `false` once a later step has failed, and
/// the source should then stop. Each batch goes through `middle`, then
/// `sink`. With `overlap`, the middle step and the sink run on threads of
/// their own. The first error of a later step is returned before the
/// source's, since it is what stopped the source.
pub fn run_steps<T: Send, U: Send>(
    overlap: bool,
    source: impl FnOnce(&mut dyn FnMut(T) -> bool) -> Result<()>,
    mut middle: impl FnMut(T) -> Result<U> + Send,
    mut sink: impl FnMut(U) -> Result<()> + Send,
) -> Result<()> {
    if !overlap {
        let mut failed = None;
        let fed = source(&mut |batch| match middle(batch).and_then(&mut sink) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        });
        return failed.map_or(fed, Err);
    }
    std::thread::scope(|scope| {
        let (to_middle, from_source) = sync_channel::<T>(IN_FLIGHT);
        let (to_sink, from_middle) = sync_channel::<U>(IN_FLIGHT);
        let middle = scope.spawn(move || -> Result<()> {
            for batch in from_source {
                // A closed channel means the sink failed: its error is
                // the one to report.
                if to_sink.send(middle(batch)?).is_err() {
                    break;
                }
            }
            Ok(())
        });
        let sink = scope.spawn(move || -> Result<()> {
            for batch in from_middle {
                sink(batch)?;
            }
            Ok(())
        });
        let fed = source(&mut |batch| to_middle.send(batch).is_ok());
        drop(to_middle);
        let joined = |handle: std::thread::ScopedJoinHandle<'_, Result<()>>| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        let (middle, sink) = (joined(middle), joined(sink));
        sink.and(middle).and(fed)
    })
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

    /// Feeds 0..n through doubling and collecting, failing where told.
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
            |i| match fail_middle_at {
                Some(at) if i == at => Err(failure("middle")),
                _ => Ok(i * 2),
            },
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
            assert_eq!(seen, (0..500).map(|i| i * 2).collect::<Vec<_>>());
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
            assert_eq!(seen, vec![0, 2, 4]);
            // The source stops within the batches in flight.
            assert!(fed <= 4 + 2 * IN_FLIGHT as u32 + 1, "fed {fed}");
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
                Ok,
                |_| Ok(()),
            );
            assert!(
                matches!(result, Err(ScourError::Threads { message, .. }) if message == "source")
            );
        }
    }
}
