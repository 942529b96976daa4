//! Integration tests: scour run end to end on fixtures we wrote, checked
//! through the tables it writes.

mod accounting;
mod atomic;
mod cleaning;
mod cli;
mod common;
mod dedup;
mod dedup_command;
mod determinism;
mod formats;
mod golden;
mod inspect;
mod output_formats;
mod properties;
mod report;
mod schema;
mod shards;
