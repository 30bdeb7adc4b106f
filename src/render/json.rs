//! `--format json`: a stable schema.
//!
//! `{"diagnostics":[{"file","rule","severity","message","line","column",
//! "end_line","end_column","labels":[{"line","column","message","file",
//! "cell"}],"help",
//! "notes","fix":{"applicability","edits":[{"line","column","end_line",
//! "end_column","content"}]}}],"summary":{"files","errors","warnings",
//! "infos"}}` (`fix` only where a rule offers one; a label's `file` only
//! when it points into another file, `cell` only in a spreadsheet) — lines and
//! columns 1-based, columns counted in Unicode scalar values, `end_column`
//! one past the last character.

use serde::Serialize;

use super::cells::cell_place;
use super::{Positions, Summary};
use crate::report::FileReport;

#[derive(Serialize)]
pub struct JsonLabel {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The file the label points into when it is not the finding's own
    /// (a report's paired form); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The spreadsheet cell the label sits in (`自评表!G14`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
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
                        let file = l.file.as_deref().unwrap_or(&d.file);
                        let (line, column) = pos.at(file, l.span.start);
                        JsonLabel {
                            line,
                            column,
                            message: l.message.clone(),
                            file: l.file.clone().filter(|f| *f != d.file),
                            cell: cell_place(r, file, l.span.start),
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
                cell: cell_place(r, &d.file, d.span.start),
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
