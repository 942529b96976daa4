//! Metadata a page shows in its text, lifted into columns: the publication
//! date (`date`) and the fields of a database record (`fields`). Their
//! lines leave the body with a `meta.*` reason.

mod date;
mod fields;

pub use date::{DateLine, has_date};
pub use fields::RecordFields;
