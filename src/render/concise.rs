//! `--format concise`: one line per finding, `file:line:col: 级别[rule] 消息`,
//! for grep, editors' quickfix lists and a quick look at a large batch.
//! `--statistics`: how many findings each rule made.

use std::collections::BTreeMap;

use super::Positions;
use crate::diagnostic::Applicability;
use crate::report::FileReport;

/// The findings of one report, one line each.
pub fn render_report(report: &FileReport) -> String {
    let mut pos = Positions::new(report);
    let mut out = String::new();
    for d in &report.diagnostics {
        let (line, col) = pos.at(&d.file, d.span.start);
        let fix = match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => " [可自动修复]",
            Some(Applicability::Unsafe) => " [可修复，需 --unsafe-fixes]",
            None => "",
        };
        // A message is one line here, whatever the rule wrote.
        let message = d.message.replace('\n', " ");
        out.push_str(&format!(
            "{}:{line}:{col}: {}[{}] {message}{fix}\n",
            d.file,
            d.severity.zh(),
            d.rule
        ));
    }
    out
}

/// Findings per rule over a run.
#[derive(Debug, Default, Clone)]
pub struct Statistics {
    /// rule → (findings, of which fixable by `--fix`, severity word).
    rules: BTreeMap<String, (usize, usize, &'static str)>,
}

impl Statistics {
    pub fn add(&mut self, report: &FileReport) {
        for d in &report.diagnostics {
            let e = self
                .rules
                .entry(d.rule.clone())
                .or_insert((0, 0, d.severity.zh()));
            e.0 += 1;
            if d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
            {
                e.1 += 1;
            }
        }
    }

    /// A table, most frequent rule first (ties by id).
    pub fn render(&self) -> String {
        let mut rows: Vec<_> = self.rules.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (id, (n, fixable, sev)) in rows {
            let fix = if *fixable > 0 {
                format!("  （{fixable} 处可用 --fix 自动修复）")
            } else {
                String::new()
            };
            out.push_str(&format!("{n:>6}  {id:<width$}  {sev}{fix}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
    use crate::document::Span;

    fn report() -> FileReport {
        let text = "一、概况\n收入,支出占7.9 %。\n";
        let comma = text.find(',').unwrap_or(0);
        let mut d = Diagnostic::new(
            "halfwidth-punctuation",
            Severity::Warning,
            "r.txt",
            Span::new(comma, comma + 1),
            "中文语句中使用了半角标点“,”".into(),
        );
        d.fix = Some(Fix {
            edits: vec![Edit {
                span: d.span,
                content: "，".into(),
            }],
            applicability: Applicability::Safe,
        });
        let pct = text.find(" %").unwrap_or(0);
        let e = Diagnostic::new(
            "number-format",
            Severity::Error,
            "r.txt",
            Span::new(pct, pct + 1),
            "数字与百分号之间不应有空格".into(),
        );
        FileReport::new("r.txt", text, vec![d, e])
    }

    #[test]
    fn one_line_per_finding_with_chinese_severity() {
        assert_eq!(
            render_report(&report()),
            "r.txt:2:3: 警告[halfwidth-punctuation] 中文语句中使用了半角标点“,” [可自动修复]\n\
             r.txt:2:10: 错误[number-format] 数字与百分号之间不应有空格\n"
        );
    }

    #[test]
    fn statistics_count_per_rule_and_fixable() {
        let mut s = Statistics::default();
        s.add(&report());
        s.add(&report());
        let t = s.render();
        assert!(
            t.contains("     2  halfwidth-punctuation  警告  （2 处可用 --fix 自动修复）"),
            "{t}"
        );
        assert!(t.contains("     2  number-format          错误\n"), "{t}");
    }
}
