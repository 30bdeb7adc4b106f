//! Baselines: adopt new rules without fixing last year's reports first.
//!
//! `reportlint baseline PATHS -o reportlint-baseline.json` records every
//! current finding; `check --baseline FILE` then reports only findings not
//! in it, and lists the entries no longer found (stale).
//!
//! An entry is keyed on what survives re-exporting a report from Word or
//! inserting lines above it: the file (relative to the baseline file), the
//! rule, the section path (titles of the enclosing sections) and the
//! figures or text involved (the finding's own text and the texts its
//! labels point at), never on line numbers. Whitespace inside those texts
//! is ignored. Equal keys are matched as a multiset: two identical
//! findings need two entries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::diagnostic::Diagnostic;
use crate::document;
use crate::report::FileReport;

/// The largest baseline file read.
pub const MAX_BASELINE_BYTES: u64 = 256 * 1024 * 1024;

/// The baseline file's format version.
pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Path relative to the baseline file's directory, `/`-separated.
    pub file: String,
    pub rule: String,
    /// Titles of the enclosing sections, outermost first.
    pub section: Vec<String>,
    /// The text the finding points at.
    pub text: String,
    /// The texts its labels point at, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// The message when recorded: for people reading the file, not part of
    /// the key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl Entry {
    fn key(&self) -> (&str, &str, &[String], &str, &[String]) {
        (
            &self.file,
            &self.rule,
            &self.section,
            &self.text,
            &self.labels,
        )
    }
}

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Error)]
pub enum BaselineError {
    #[error("无法读取基线文件 {}：{}", .0, crate::fsutil::io_zh(.1))]
    Io(String, std::io::Error),
    #[error("基线文件 {0} 格式错误：{1}")]
    Format(String, String),
    #[error("基线文件 {0} 的版本 {1} 不受支持（应为 {VERSION}）")]
    Version(String, u32),
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A report's path as recorded: relative to `base` when it lies under it.
pub fn key_path(name: &str, base: &Path) -> String {
    let p = Path::new(name);
    let rel = match (p.canonicalize(), base.canonicalize()) {
        (Ok(abs), Ok(b)) => abs.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(abs),
        _ => PathBuf::from(name),
    };
    rel.to_string_lossy().replace('\\', "/")
}

/// The entries of one linted report (diagnostics in rule scripts are not
/// recorded: they are the rule author's to fix).
pub fn entries_of(report: &FileReport, base: &Path) -> Vec<Entry> {
    let own: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == report.name && !crate::diagnostic::is_fault(&d.rule))
        .collect();
    if own.is_empty() {
        return Vec::new();
    }
    // The section tree, read again from the report text (cheap next to
    // linting, and only done for baseline runs).
    let doc = crate::parse(&report.name, report.text.clone());
    let file = key_path(&report.name, base);
    let slice = |s: document::Span| squash(report.text.get(s.start..s.end).unwrap_or(""));
    own.into_iter()
        .map(|d| Entry {
            file: file.clone(),
            rule: d.rule.clone(),
            section: doc
                .section_at(d.span.start)
                .map(|i| {
                    doc.section_path(i)
                        .into_iter()
                        .map(|j| squash(&doc.sections[j].title))
                        .collect()
                })
                .unwrap_or_default(),
            text: slice(d.span),
            labels: d
                .labels
                .iter()
                .map(|l| match l.file.as_deref() {
                    // A label in a paired form: its text is the form's, and
                    // the form's name says so.
                    Some(f) if f != report.name => {
                        let text = report
                            .extra_sources
                            .iter()
                            .find(|(n, _)| n == f)
                            .and_then(|(_, t)| t.get(l.span.start..l.span.end))
                            .unwrap_or("");
                        format!("{}:{}", key_path(f, base), squash(text))
                    }
                    _ => slice(l.span),
                })
                .collect(),
            message: d.message.clone(),
        })
        .collect()
}

impl Baseline {
    /// Records the findings of `reports` for a baseline file in `base`.
    pub fn of(reports: &[FileReport], base: &Path) -> Baseline {
        Baseline::from_entries(reports.iter().flat_map(|r| entries_of(r, base)).collect())
    }

    /// A baseline of these entries (from `entries_of`), in a stable order.
    pub fn from_entries(mut entries: Vec<Entry>) -> Baseline {
        entries.sort_by(|a, b| a.key().cmp(&b.key()));
        Baseline {
            version: VERSION,
            entries,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let bytes = crate::fsutil::read_capped(path, MAX_BASELINE_BYTES)
            .map_err(|e| BaselineError::Io(name.clone(), e))?;
        // Saved by an editor that adds a byte-order mark (or as UTF-16):
        // decoded as reports are.
        let text = crate::source::decode(&bytes)
            .map(|(t, _)| t)
            .map_err(|e| BaselineError::Format(name.clone(), e.to_string()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let b: Baseline = serde_json::from_str(text)
            .map_err(|e| BaselineError::Format(name.clone(), e.to_string()))?;
        if b.version != VERSION {
            return Err(BaselineError::Version(name, b.version));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Removes from `reports` every finding the baseline records and
    /// returns the entries that matched nothing (stale), in file order.
    /// Stale entries are only looked for in files that were linted.
    pub fn filter(&self, reports: &mut [FileReport], base: &Path) -> Vec<Entry> {
        let mut f = self.start_filter(base);
        f.apply(reports);
        f.finish()
    }

    /// A filter to apply batch by batch (reports are not all held at once).
    pub fn start_filter(&self, base: &Path) -> Filter<'_> {
        let mut remaining: HashMap<Key, usize> = HashMap::new();
        for e in &self.entries {
            *remaining.entry(owned_key(e)).or_default() += 1;
        }
        Filter {
            baseline: self,
            base: base.to_path_buf(),
            remaining,
            linted: std::collections::HashSet::new(),
        }
    }
}

/// A baseline being applied to reports as they are linted.
pub struct Filter<'a> {
    baseline: &'a Baseline,
    base: std::path::PathBuf,
    remaining: HashMap<Key, usize>,
    linted: std::collections::HashSet<String>,
}

impl Filter<'_> {
    /// Removes from `reports` the findings the baseline records.
    pub fn apply(&mut self, reports: &mut [FileReport]) {
        for r in reports.iter_mut() {
            let entries = entries_of(r, &self.base);
            self.linted.insert(key_path(&r.name, &self.base));
            if entries.is_empty() {
                continue;
            }
            let mut e = entries.into_iter();
            let remaining = &mut self.remaining;
            r.diagnostics.retain(|d| {
                if d.file != r.name || crate::diagnostic::is_fault(&d.rule) {
                    return true;
                }
                let Some(entry) = e.next() else {
                    return true;
                };
                match remaining.get_mut(&owned_key(&entry)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            });
        }
    }

    /// The entries that matched nothing in the linted files (stale).
    pub fn finish(mut self) -> Vec<Entry> {
        let mut stale = Vec::new();
        for e in &self.baseline.entries {
            if !self.linted.contains(&e.file) {
                continue;
            }
            if let Some(n) = self.remaining.get_mut(&owned_key(e)) {
                if *n > 0 {
                    *n -= 1;
                    stale.push(e.clone());
                }
            }
        }
        stale
    }
}

/// An entry's key: file, rule, section path, text, label texts.
type Key = (String, String, Vec<String>, String, Vec<String>);

fn owned_key(e: &Entry) -> Key {
    (
        e.file.clone(),
        e.rule.clone(),
        e.section.clone(),
        e.text.clone(),
        e.labels.clone(),
    )
}

/// One line describing a stale entry.
pub fn describe(e: &Entry) -> String {
    let section = if e.section.is_empty() {
        String::new()
    } else {
        format!(" {}", e.section.join(" › "))
    };
    format!("{} [{}]{}：“{}”", e.file, e.rule, section, e.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};

    #[test]
    fn a_label_in_a_paired_form_is_keyed_by_the_forms_text_not_the_reports() {
        let report_text = "报告\n自评得分96分。\n";
        let form_text = "总分\t100\t94\n";
        let at = report_text.find("96").unwrap();
        let mut d = Diagnostic::new(
            "form-report-agree",
            Severity::Error,
            "d/报告.txt",
            document::Span::new(at, at + "96分".len()),
            "不一致".into(),
        );
        let cell = form_text.find("94").unwrap();
        d.labels.push(Label {
            span: document::Span::new(cell, cell + 2),
            message: "自评表总分".into(),
            file: Some("d/自评表.txt".into()),
        });
        let mut r = FileReport::new("d/报告.txt", report_text, vec![d]);
        r.extra_sources
            .push(("d/自评表.txt".into(), std::sync::Arc::from(form_text)));
        let e = entries_of(&r, Path::new("d"));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].text, "96分");
        assert_eq!(e[0].labels, vec!["d/自评表.txt:94".to_string()]);
    }
}
