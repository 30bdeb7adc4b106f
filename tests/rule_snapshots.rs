//! Every numeric rule runs alone on every fixture (the seed, the broken
//! variants and the clean reports), and what it found where is one insta
//! snapshot per rule — so a false positive on any fixture shows up in review.
//! The clean reports must produce no numeric finding at all.

use std::path::Path;
use std::sync::Arc;

use reportlint::config::Config;
use reportlint::linter::{Linter, Overrides};
use reportlint::source::load_path;

/// Categories of the numeric rule pack.
pub const NUMERIC: &[&str] = &["balance", "consistency", "counts", "scores", "years"];

mod common;

use common::{fixture_reports as fixtures, root};

fn numeric_rule_ids() -> Vec<String> {
    let mut ids: Vec<String> = reportlint::rules::builtin_rules()
        .unwrap()
        .into_iter()
        .filter(|r| NUMERIC.contains(&r.meta.category.as_str()))
        .map(|r| r.meta.id.clone())
        .collect();
    ids.sort();
    ids
}

fn linter_for(id: &str) -> Linter {
    let over = Overrides {
        select: vec![id.to_string()],
        ..Default::default()
    };
    Linter::new(&Config::default(), &over).unwrap()
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// One line per finding: file:line:column severity message, then its help.
fn findings(linter: &Linter, file: &Path) -> Vec<String> {
    let src = load_path(file).unwrap();
    let doc = Arc::new(linter.parse(src));
    let report = linter.lint_document(&doc);
    report
        .diagnostics
        .iter()
        .map(|d| {
            let line = doc.line_of(d.span.start);
            let col = doc.text[..d.span.start]
                .rsplit('\n')
                .next()
                .map_or(0, |s| s.chars().count())
                + 1;
            let mut s = format!(
                "{}:{}:{} {} {}",
                rel(file),
                line,
                col,
                d.severity.as_str(),
                d.message
            );
            if let Some(h) = &d.help {
                s.push_str(&format!("\n    help: {h}"));
            }
            s
        })
        .collect()
}

#[test]
fn each_numeric_rule_on_every_fixture() {
    let ids = numeric_rule_ids();
    assert!(ids.len() >= 16, "numeric rules: {ids:?}");
    let files = fixtures();
    let mut clean_findings = Vec::new();
    for id in &ids {
        let linter = linter_for(id);
        let mut out = String::new();
        for f in &files {
            let found = findings(&linter, f);
            if rel(f).starts_with("fixtures/clean/") {
                clean_findings.extend(found.iter().map(|x| format!("[{id}] {x}")));
            }
            for x in found {
                out.push_str(&x);
                out.push('\n');
            }
        }
        if out.is_empty() {
            out.push_str("(no findings on any fixture)\n");
        }
        insta::assert_snapshot!(format!("rule-{id}"), out);
    }
    assert!(
        clean_findings.is_empty(),
        "numeric findings on clean fixtures:\n{}",
        clean_findings.join("\n")
    );
}

#[test]
fn the_seed_has_no_numeric_error() {
    let linter = Linter::new(&Config::default(), &Overrides::default()).unwrap();
    let report =
        linter.lint(load_path(&root().join("fixtures/daxiang-2020-gov-office.txt")).unwrap());
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == reportlint::diagnostic::Severity::Error)
        .map(|d| format!("[{}] {}", d.rule, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}
