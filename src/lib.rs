//! reportlint: a linter for Chinese government budget-performance reports.
//!
//! The pipe: bytes → [`source::Source`] → [`document::Document`] (headings,
//! paragraphs, facts) → rules (Rhai) → [`diagnostic::Diagnostic`]s →
//! configuration (selection, severity) → rendering.

pub mod annotate;
pub mod baseline;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod fsutil;
pub mod fuzzing;
pub mod isolation;
pub mod linter;
pub mod pairing;
pub mod parse_profile;
pub mod profile;
pub mod reading;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod table;
pub mod testing;
pub mod text;

/// The commands under their former module name (`run`), for callers not yet
/// moved to [`commands`].
#[doc(hidden)]
pub use commands as run;

/// A report's text read into the model: its structure
/// ([`document::build`]), then its figures ([`facts::extract`]).
pub fn parse(path: &str, text: String) -> document::Document {
    let mut doc = document::build(path, text);
    doc.facts = facts::extract(&doc);
    doc
}
