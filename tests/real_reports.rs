//! The 52 real reports of fixtures/realdev (20 provinces, written by other
//! hands; every identity checked by hand in fixtures/realdev/INDEX): the
//! definite errors are found by the named rule on their line, and nothing
//! else anywhere is an error. Line numbers are of the fixtures (the source
//! address of the originals' line 1 is kept in fixtures/realdev/README).

use std::path::PathBuf;

use reportlint::config::Config;
use reportlint::diagnostic::Severity;
use reportlint::linter::{Linter, Overrides};
use reportlint::source::load_path;

/// (file prefix, line, rules any of which may report it): the INDEX's
/// definite errors. b35 is a traditional-script mirror that must only be
/// read without harm.
const DEFINITE: &[(&str, usize, &[&str])] = &[
    // The 三公 budget table: 公务用车费 0 above its 其中 运行维护费 32.65.
    (
        "b05",
        7,
        &["sangong-table", "sangong-sum", "parts-within-total"],
    ),
    // 社会保障和就业 +16803.36 on a prior 99629.76 is +16.87%, not 14.43%
    // (the report divided by this year's figure).
    ("b15", 8, &["yoy-change"]),
    // 收入总计10070.54万元，其中：1.… 6. sum to 10098.47 (the total left
    // out the 上年结转 item).
    ("b19", 7, &["parts-within-total", "income-total"]),
    // 2595.6208 ÷ 2596 = 99.985%, which rounds to 100%, stated 99%.
    ("c12", 7, &["execution-rate"]),
];

fn reports() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/realdev");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures/realdev")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn prefix(p: &std::path::Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('_').next())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn every_real_report_is_read_and_only_definite_errors_are_errors() {
    let linter = Linter::new(&Config::default(), &Overrides::default()).expect("rules load");
    let files = reports();
    assert_eq!(files.len(), 52, "the 52 reports of fixtures/realdev");
    let mut found = vec![false; DEFINITE.len()];
    let mut false_errors = Vec::new();
    for path in &files {
        let src = load_path(path).expect("a real report loads");
        let report = linter.lint(src);
        let name = prefix(path);
        for d in &report.diagnostics {
            assert_ne!(d.rule, "rule-error", "{name}: a rule failed: {}", d.message);
            if d.severity != Severity::Error {
                continue;
            }
            let line = report.text[..d.span.start].matches('\n').count() + 1;
            match DEFINITE.iter().position(|(f, l, rules)| {
                *f == name && *l == line && rules.contains(&d.rule.as_str())
            }) {
                Some(k) => found[k] = true,
                None => false_errors.push(format!("{name}:{line} [{}] {}", d.rule, d.message)),
            }
        }
    }
    let missed: Vec<String> = DEFINITE
        .iter()
        .zip(&found)
        .filter(|(_, f)| !**f)
        .map(|((f, l, r), _)| format!("{f}:{l} {r:?}"))
        .collect();
    assert!(missed.is_empty(), "definite errors not found: {missed:#?}");
    assert!(
        false_errors.is_empty(),
        "error-level findings that the hand check says are not errors: {false_errors:#?}"
    );
}

#[test]
fn the_units_written_for_wan_yuan_are_named_as_slips_not_arithmetic() {
    // INDEX W: b18 "基本支出252.5\n元" and b19 "项目支出29.36元" are 万元
    // figures written with 元; their changes agree only in 万元.
    let linter = Linter::new(&Config::default(), &Overrides::default()).expect("rules load");
    for (file, line) in [
        ("b18_haowendang_xxqu_youeryuan_2017_placeholder.txt", 12),
        ("b19_tianshui_fuyoubaojianyuan_juesuan_2017.txt", 17),
    ] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/realdev")
            .join(file);
        let report = linter.lint(load_path(&path).expect("loads"));
        let slips: Vec<usize> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unit-slip")
            .inspect(|d| {
                // b18's figure is broken over two lines; the message quotes it on one.
                assert!(!d.message.contains('\n'), "{file}: {}", d.message);
                assert!(d.message.contains("疑似应为万元"), "{file}: {}", d.message);
            })
            .map(|d| report.text[..d.span.start].matches('\n').count() + 1)
            .collect();
        assert!(
            slips.contains(&line),
            "{file}: unit-slip expected on line {line}, got {slips:?}"
        );
    }
}
