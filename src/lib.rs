//! reportlint: a linter for Chinese government budget-performance reports.
//!
//! The pipe: bytes → [`source::Source`] → [`document::Document`] (headings,
//! paragraphs, facts) → rules (Rhai) → [`diagnostic::Diagnostic`]s →
//! configuration (selection, severity) → rendering.

pub mod document;
pub mod facts;
pub mod source;
