//! The script API: every type and function a rule can use, registered in
//! one place (`register`), for production and tests alike.
//!
//! Facts, sections and spans reach scripts as cheap handles (a shared
//! document plus an index); queries such as `doc.amount(labels)` run in
//! Rust, so rules stay short and fast.

use std::sync::{Arc, LazyLock};

use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Map, Position, INT};
use rust_decimal::Decimal;

use super::rounding::{self, Figure};
use crate::document::{Document, Span};
use crate::facts::{Fact, FactKind};

mod cellfacts;
mod changes;
mod document;
mod findings;
mod ledger;
mod levels;
mod lists;
mod numbers;
mod queries;
mod scores;
mod select;
mod spans;
mod wholes;
use changes::*;
use lists::*;
use numbers::*;
use scores::*;
pub use select::*;
use spans::*;
use wholes::*;
pub mod forms;
pub mod reading;
pub mod structure;
pub mod table;
pub mod text;
use queries::*;

/// The document as scripts see it.
#[derive(Clone)]
pub struct DocHandle(pub Arc<Document>);

/// One fact.
#[derive(Clone)]
pub struct FactHandle {
    pub doc: Arc<Document>,
    pub idx: usize,
}

impl FactHandle {
    fn fact(&self) -> &Fact {
        &self.doc.facts[self.idx]
    }
}

/// One section.
#[derive(Clone)]
pub struct SectionHandle {
    pub doc: Arc<Document>,
    pub idx: usize,
}

/// A span of the report's text.
#[derive(Clone)]
pub struct SpanHandle {
    pub doc: Arc<Document>,
    pub span: Span,
}

/// A match of `doc.find(...)`.
#[derive(Clone)]
pub struct MatchHandle {
    pub doc: Arc<Document>,
    pub span: Span,
    pub groups: Array,
}

/// What a rule returns: a finding with its labels, help and notes.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// Reported one severity level lower (`.minor()`).
    pub minor: bool,
    /// Edits (span, replacement) of the fix the rule offers, and whether
    /// any of them was offered only as unsafe.
    pub edits: Vec<(Span, String)>,
    pub unsafe_fix: bool,
    /// The file of the document each label's handle came from (by label
    /// index), and the primary's: a paired form's cell lies in another file.
    pub label_files: Vec<(usize, String)>,
    pub file: Option<String>,
}

pub(super) type Res<T> = Result<T, Box<EvalAltResult>>;

/// A text for a script, or `()` when there is none.
pub(super) fn text_or_unit(v: Option<&str>) -> Dynamic {
    v.map_or(Dynamic::UNIT, |s| s.into())
}

pub(super) fn err<T>(msg: impl Into<String>) -> Res<T> {
    Err(Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(msg.into()),
        Position::NONE,
    )))
}

/// Registers the whole script API on `engine`.
pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<DocHandle>("Document")
        .register_type_with_name::<FactHandle>("Fact")
        .register_type_with_name::<SectionHandle>("Section")
        .register_type_with_name::<SpanHandle>("Span")
        .register_type_with_name::<MatchHandle>("Match")
        .register_type_with_name::<Finding>("Finding");

    document::register(engine);
    spans::register(engine);
    findings::register(engine);
    numbers::register(engine);
    text::register(engine);
    reading::register(engine);
    structure::register(engine);
    table::register(engine);
    forms::register(engine);
    levels::register(engine);
    ledger::register(engine);
    cellfacts::register(engine);
}
