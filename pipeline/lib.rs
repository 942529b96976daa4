//! scour turns folders of scraped web text into clean, deduplicated,
//! sectioned datasets.
//!
//! The modules follow the flow of the data (see `DESIGN.md` of the project):
//! [`read`] → [`normalize`] → [`boilerplate`] → [`title`] → [`dedup`] →
//! [`segment`] → [`write`], driven by [`run`]. Every stage implements one of
//! the two traits of [`stage`] and works on [`document::Document`] values.

pub mod boilerplate;
pub mod config;
pub mod dedup;
pub mod document;
pub mod engine;
pub mod error;
pub mod inspect;
pub mod lang;
pub mod metadata;
pub mod normalize;
pub mod pipe;
pub mod progress;
pub mod quality;
pub mod read;
pub mod report;
pub mod run;
pub mod scan;
pub mod segment;
pub mod spans;
mod spool;
pub mod stage;
pub mod tables;
pub mod title;
pub mod write;

pub use config::Config;
pub use error::{Result, ScourError};
pub use run::{RunOptions, run};
