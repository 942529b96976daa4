//! A table written on a thread of its own, fed rows through a bounded
//! channel: its encoding and compression then overlap the rest of the run
//! instead of holding up the step that hands it the rows.

use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use super::frame::Row;
use super::table::TableWriter;
use crate::error::{Result, ScourError};

/// Batches of rows that may wait for the table's thread.
const IN_FLIGHT: usize = 4;

/// A table on its thread.
pub struct Detached {
    name: String,
    to: SyncSender<Vec<Row>>,
    handle: JoinHandle<Result<TableWriter>>,
}

impl Detached {
    /// Moves `table` onto a thread of its own.
    pub fn spawn(name: &str, mut table: TableWriter) -> Detached {
        let (to, from) = sync_channel::<Vec<Row>>(IN_FLIGHT);
        let handle = std::thread::spawn(move || {
            for rows in from {
                for row in rows {
                    table.push(row)?;
                }
            }
            Ok(table)
        });
        Detached {
            name: name.to_string(),
            to,
            handle,
        }
    }

    /// Hands rows to the thread; `false` when it has stopped, on an error
    /// that `join` returns.
    pub fn push(&self, rows: Vec<Row>) -> bool {
        self.to.send(rows).is_ok()
    }

    /// The table back, once every row sent is written; or the error that
    /// stopped its thread.
    pub fn join(self) -> Result<TableWriter> {
        drop(self.to);
        self.handle.join().unwrap_or_else(|_| {
            Err(ScourError::Parquet {
                table: self.name,
                message: "the table's writer thread panicked".into(),
            })
        })
    }
}
