//! reportlint: a linter for Chinese government budget-performance reports.
//!
//! The pipe: bytes → [`source::Source`] → [`document::Document`] (headings,
//! paragraphs, facts) → rules (Rhai) → [`diagnostic::Diagnostic`]s →
//! configuration (selection, severity) → rendering.

pub mod annotate;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod fsutil;
pub mod fuzzing;
pub mod linter;
pub mod profile;
pub mod render;
pub mod rules;
pub mod run;
pub mod source;
pub mod suppress;
pub mod testing;
