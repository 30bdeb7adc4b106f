//! Helpers shared by the form tests (tests/forms.rs, tests/form_identities.rs):
//! the form rules, linting a Word form, a workbook or a text, and reading
//! findings with their line and cell.
#![allow(dead_code)]

use crate::docx_fixtures::{docx_from_text, Extras, Layout};
use reportlint::config::Config;
use reportlint::linter::{FileReport, Linter, Overrides};
use reportlint::source::docx::read_docx;
use reportlint::source::{load_path, Source};

pub const FORM_RULES: &[&str] = &[
    "fund-composition",
    "execution-score",
    "score-sum",
    "form-weights",
    "indicator-target",
    "sangong-table",
    "final-accounts-table",
    "staff-establishment",
    "uncached-formula",
    "form-report-agree",
    "grade-band",
    "execution-rate",
    "parts-within-total",
];

pub fn linter() -> Linter {
    Linter::new(&Config::default(), &Overrides::default()).expect("built-in rules")
}

/// (rule, line, message, notes) of the form rules' findings.
pub fn form_findings(r: &FileReport) -> Vec<(String, usize, String, String)> {
    let idx = reportlint::document::LineIndex::new(&r.text);
    r.diagnostics
        .iter()
        .filter(|d| FORM_RULES.contains(&d.rule.as_str()))
        .map(|d| {
            (
                d.rule.clone(),
                idx.line(d.span.start),
                d.message.clone(),
                d.notes.join(" "),
            )
        })
        .collect()
}

pub fn only(r: &FileReport, rule: &str) -> Vec<(String, usize, String, String)> {
    let all = form_findings(r);
    assert!(
        all.iter().all(|f| f.0 == rule),
        "only {rule} expected: {all:#?}"
    );
    all
}

pub fn cell_text(r: &FileReport, line: usize, d: &(String, usize, String, String)) -> String {
    let diag = r
        .diagnostics
        .iter()
        .find(|x| x.message == d.2)
        .expect("diagnostic");
    assert_eq!(d.1, line, "{d:?}");
    r.text[diag.span.start..diag.span.end].to_string()
}

pub fn lint_word(text: &str) -> FileReport {
    let bytes = docx_from_text(text, Layout::Tables, Extras::default());
    let src = read_docx("自评表.docx".into(), &bytes)
        .expect("docx loads")
        .source;
    linter().lint(src)
}

/// Replaces the `n`th (1-based) line's tab cells `from` by `to`.
pub fn edit(text: &str, line: usize, col: usize, to: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 != line {
                return l.to_string();
            }
            let mut cells: Vec<&str> = l.split('\t').collect();
            cells[col] = to;
            cells.join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

pub fn lint_text(text: &str) -> FileReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.txt");
    std::fs::write(&path, text).unwrap();
    linter().lint(load_path(&path).unwrap())
}

/// Errors of every rule (prose and form) on a text.
pub fn errors(r: &FileReport) -> Vec<(String, String)> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == reportlint::diagnostic::Severity::Error)
        .map(|d| (d.rule.clone(), d.message.clone()))
        .collect()
}

pub struct Xlsx {
    pub dir: tempfile::TempDir,
}

impl Xlsx {
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

pub fn lint_file(path: &std::path::Path) -> FileReport {
    let src: Source = load_path(path).expect("spreadsheet loads");
    linter().lint(src)
}
