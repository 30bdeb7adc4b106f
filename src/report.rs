//! What linting one file produced ([`FileReport`]): the data every
//! renderer, the baseline and the fixer read. Kept apart from the linter
//! that makes it, so that output and baselines do not depend on linting.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::table::Table;

/// What linting one file produced.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub name: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of other files diagnostics point into (rule scripts).
    pub extra_sources: Vec<(String, Arc<str>)>,
    /// Origin map of a structured input (.docx); empty for plain text.
    pub locations: Vec<crate::source::Location>,
    /// Findings a suppression directive (or Word comment) hid.
    pub suppressed: usize,
    /// Spreadsheet cells by text span (`自评表!G14`); empty otherwise.
    pub cells: Vec<(crate::document::Span, String)>,
    /// Tables by file name: the report's own that a finding sits in, and
    /// those of another file a label points into (a paired form), so that
    /// output can show a cell's row and name a label's cell.
    pub tables: Vec<(String, Arc<[Table]>)>,
}

impl FileReport {
    /// A report of `name` with its text and findings, and nothing else
    /// (no other files, locations, cells or tables).
    pub fn new(
        name: impl Into<String>,
        text: impl Into<String>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        FileReport {
            name: name.into(),
            text: text.into(),
            diagnostics,
            extra_sources: Vec::new(),
            locations: Vec::new(),
            suppressed: 0,
            cells: Vec::new(),
            tables: Vec::new(),
        }
    }
}

/// The tables of `file` a finding's span or label sits in (a report keeps
/// only these, not every table it read).
pub fn touched(
    file: &str,
    tables: &[Table],
    diagnostics: &[Diagnostic],
) -> Vec<(String, Arc<[Table]>)> {
    let starts: Vec<usize> = diagnostics
        .iter()
        .filter(|d| d.file == file)
        .flat_map(|d| {
            std::iter::once(d.span.start).chain(
                d.labels
                    .iter()
                    .filter(|l| l.file.as_deref().is_none_or(|f| f == file))
                    .map(|l| l.span.start),
            )
        })
        .collect();
    let kept: Vec<Table> = tables
        .iter()
        .filter(|t| starts.iter().any(|&s| t.span.start <= s && s <= t.span.end))
        .cloned()
        .collect();
    if kept.is_empty() {
        return Vec::new();
    }
    vec![(file.to_string(), Arc::from(kept))]
}
