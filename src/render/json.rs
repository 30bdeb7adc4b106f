//! `--format json`: a stable schema.
//!
//! `{"diagnostics":[{"file","rule","severity","message","line","column",
//! "end_line","end_column","labels":[{"line","column","message"}],"help",
//! "notes","fix":{"applicability","edits":[{"line","column","end_line",
//! "end_column","content"}]}}],"summary":{"files","errors","warnings",
//! "infos"}}` (`fix` only where a rule offers one) — lines and
//! columns 1-based, columns counted in Unicode scalar values, `end_column`
//! one past the last character.

use serde::Serialize;

use super::{Positions, Summary};
use crate::linter::FileReport;

#[derive(Serialize)]
pub struct JsonLabel {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One replacement of a fix: the characters from line:column to
/// end_line:end_column (one past the last) become `content`.
#[derive(Serialize)]
pub struct JsonEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub content: String,
}

#[derive(Serialize)]
pub struct JsonFix {
    /// `safe` (applied by `check --fix`) or `unsafe` (only with `--unsafe-fixes`).
    pub applicability: crate::diagnostic::Applicability,
    pub edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub labels: Vec<JsonLabel>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// Paragraph (and table/row/cell) in a .docx; absent for plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<crate::source::Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix>,
    /// The spreadsheet cell (`自评表!G14`); absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

#[derive(Serialize)]
pub struct JsonOutput {
    pub diagnostics: Vec<JsonDiagnostic>,
    pub summary: Summary,
}

pub fn diagnostics(reports: &[FileReport]) -> Vec<JsonDiagnostic> {
    let mut out = Vec::new();
    for r in reports {
        let mut pos = Positions::new(r);
        for d in &r.diagnostics {
            let (line, column) = pos.at(&d.file, d.span.start);
            let (end_line, end_column) = pos.at(&d.file, d.span.end);
            out.push(JsonDiagnostic {
                file: d.file.clone(),
                rule: d.rule.clone(),
                severity: d.severity.as_str().to_string(),
                message: d.message.clone(),
                line,
                column,
                end_line,
                end_column,
                labels: d
                    .labels
                    .iter()
                    .map(|l| {
                        let (line, column) = pos.at(&d.file, l.span.start);
                        JsonLabel {
                            line,
                            column,
                            message: l.message.clone(),
                        }
                    })
                    .collect(),
                help: d.help.clone(),
                notes: d.notes.clone(),
                location: if d.file == r.name {
                    crate::source::location_at(&r.locations, d.span.start).copied()
                } else {
                    None
                },
                fix: d.fix.as_ref().map(|f| JsonFix {
                    applicability: f.applicability,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| {
                            let (line, column) = pos.at(&d.file, e.span.start);
                            let (end_line, end_column) = pos.at(&d.file, e.span.end);
                            JsonEdit {
                                line,
                                column,
                                end_line,
                                end_column,
                                content: e.content.clone(),
                            }
                        })
                        .collect(),
                }),
                cell: (d.file == r.name)
                    .then(|| crate::table::cell_at(&r.cells, d.span.start))
                    .flatten()
                    .map(String::from),
            });
        }
    }
    out
}

pub fn render(reports: &[FileReport], summary: Summary) -> String {
    to_string(&JsonOutput {
        diagnostics: diagnostics(reports),
        summary,
    })
}

/// The JSON text of a whole output.
pub fn to_string(out: &JsonOutput) -> String {
    serde_json::to_string_pretty(out).unwrap_or_else(|_| "{}".into())
}
