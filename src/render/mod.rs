//! Output formats. Diagnostics know nothing of formats; each format is one
//! file here.

pub mod facts;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::Severity;
use crate::linter::FileReport;

/// What SARIF (and other formats that describe rules) need to know of a
/// rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub summary: String,
    pub explain: String,
}

/// Counts over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport], files: usize) -> Summary {
        let mut s = Summary {
            files,
            ..Default::default()
        };
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Counts the findings of one more report.
    pub fn add(&mut self, report: &FileReport) {
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// The closing line of a human run.
    pub fn line(&self) -> String {
        format!(
            "共检查 {} 个文件：{} 个错误，{} 个警告，{} 个提示",
            self.files, self.errors, self.warnings, self.infos
        )
    }
}

/// 1-based line and column (Unicode scalar values) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text a diagnostic's file name refers to within a report.
pub fn text_of<'a>(report: &'a FileReport, file: &str) -> &'a str {
    if file == report.name {
        return &report.text;
    }
    report
        .extra_sources
        .iter()
        .find(|(n, _)| n == file)
        .map(|(_, t)| &**t)
        .unwrap_or(&report.text)
}
