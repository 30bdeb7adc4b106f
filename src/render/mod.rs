//! Output formats. Diagnostics know nothing of formats; each format is one
//! file here.

pub mod cells;
pub mod concise;
pub mod facts;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod tables;
pub mod view;
pub mod window;

use crate::diagnostic::Severity;
use crate::document::LineIndex;
use crate::report::FileReport;

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
    /// Findings hidden by a suppression directive.
    pub suppressed: usize,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
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
        self.suppressed += report.suppressed;
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
        let mut s = format!(
            "共检查 {} 个文件：{} 个错误，{} 个警告，{} 个提示",
            self.files, self.errors, self.warnings, self.infos
        );
        let mut hidden = Vec::new();
        if self.baselined > 0 {
            hidden.push(format!("{} 个已记入基线", self.baselined));
        }
        if self.suppressed > 0 {
            hidden.push(format!("{} 个被抑制指令隐藏", self.suppressed));
        }
        if !hidden.is_empty() {
            s.push_str(&format!("（另有 {}，未列出）", hidden.join("，")));
        }
        s
    }
}

/// 1-based lines and columns (Unicode scalar values) of offsets into the
/// texts of one report: each text is indexed once, so a report with many
/// findings costs one pass, not one per finding.
pub struct Positions<'a> {
    report: &'a FileReport,
    indexes: Vec<(&'a str, LineIndex)>,
}

impl<'a> Positions<'a> {
    pub fn new(report: &'a FileReport) -> Self {
        Positions {
            report,
            indexes: Vec::new(),
        }
    }

    /// Line and column of `offset` in the text `file` names.
    pub fn at(&mut self, file: &'a str, offset: usize) -> (usize, usize) {
        let text = text_of(self.report, file);
        let i = match self.indexes.iter().position(|(f, _)| *f == file) {
            Some(i) => i,
            None => {
                self.indexes.push((file, LineIndex::new(text)));
                self.indexes.len() - 1
            }
        };
        self.indexes[i].1.line_col(text, offset)
    }
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
