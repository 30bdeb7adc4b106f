//! Output that reads well and the rough edges a new user met: long lines,
//! concise and statistics views, hidden counts, Chinese errors, selectors,
//! file modes, SARIF fixes and fingerprints, annotate's options.

mod common;
mod docx_fixtures;

use common::*;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const SEED: &str = "fixtures/daxiang-2020-gov-office.txt";

/// A report whose third line is one paragraph of about 1,000 characters,
/// with a sum error whose figures lie hundreds of characters apart.
fn long_line_report() -> String {
    let filler = "各项工作按计划有序推进，";
    let body = format!(
        "2020年度收入622万元，{}年初结转和结余119.21万，{}总计751.2万，占7.9 %。",
        filler.repeat(30),
        filler.repeat(30)
    );
    assert!(body.chars().count() >= 750, "{}", body.chars().count());
    format!(
        "邵阳市某局2020年度部门整体支出绩效评价报告\n一、基本情况\n{body}{}\n",
        filler.repeat(20)
    )
}

#[test]
fn a_finding_on_a_thousand_character_line_is_shown_as_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let text = long_line_report();
    assert!(text.lines().nth(2).unwrap().chars().count() >= 1000);
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let (out, _, _) = stdout_of(run_in(dir.path()).args([
        "check",
        "--select",
        "income-total",
        "--select",
        "number-format",
        "long.txt",
    ]));
    for row in out.lines() {
        assert!(row.width() <= 100, "{} columns: {row}", row.width());
    }
    // Every label, and the real line and column in the header.
    for want in [
        "622万元",
        "119.21万",
        "751.2万",
        "年初结转和结余",
        "收入",
        "long.txt:3:752",
        "…",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    insta::assert_snapshot!("long-line-window", out);
}

#[test]
fn concise_is_one_line_per_finding_and_statistics_count_per_rule() {
    let (out, _, _) = stdout_of(cli().args(["check", "--format", "concise", SEED]));
    let findings: Vec<&str> = out.lines().filter(|l| l.starts_with(SEED)).collect();
    assert!(findings.len() >= 5, "{out}");
    let re = regex::Regex::new(
        r"^fixtures/daxiang-2020-gov-office\.txt:\d+:\d+: (错误|警告|提示)\[[a-z-]+\] \S",
    )
    .unwrap();
    for l in &findings {
        assert!(re.is_match(l), "{l}");
    }
    let (stats, _, _) = stdout_of(cli().args(["check", "--statistics", SEED]));
    let row = regex::Regex::new(r"(?m)^\s+(\d+)  halfwidth-punctuation\s+警告").unwrap();
    let n: usize = row.captures(&stats).expect(&stats)[1].parse().unwrap();
    let listed = findings
        .iter()
        .filter(|l| l.contains("[halfwidth-punctuation]"))
        .count();
    assert_eq!(n, listed, "{stats}");
    assert!(stats.contains("可用 --fix 自动修复"), "{stats}");
}

#[test]
fn the_summary_says_how_many_a_baseline_and_a_suppression_hid() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    std::fs::write(dir.path().join("r.txt"), &text).unwrap();
    let (_, _, code) = stdout_of(run_in(dir.path()).args(["baseline", "r.txt"]));
    assert_eq!(code, 0);
    let (out, _, code) = stdout_of(run_in(dir.path()).args([
        "check",
        "--baseline",
        "reportlint-baseline.json",
        "r.txt",
    ]));
    assert_eq!(code, 0, "{out}");
    let re = regex::Regex::new(r"另有 (\d+) 个已记入基线").unwrap();
    let n: usize = re.captures(&out).expect(&out)[1].parse().unwrap();
    assert!(n >= 5, "{out}");

    let (json, _, _) = stdout_of(run_in(dir.path()).args(["check", "--format", "json", "r.txt"]));
    let v: Value = serde_json::from_str(&json).unwrap();
    let first = &v["diagnostics"][0];
    let line = first["line"].as_u64().unwrap() as usize;
    let rule = first["rule"].as_str().unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.insert(
        line - 1,
        format!("<!-- reportlint-disable-next-line {rule}: 已与财政局核对 -->"),
    );
    std::fs::write(dir.path().join("s.txt"), lines.join("\n")).unwrap();
    let (out, _, _) = stdout_of(run_in(dir.path()).args(["check", "s.txt"]));
    assert!(out.contains("个被抑制指令隐藏"), "{out}");
}

#[test]
fn unknown_selectors_on_the_command_line_are_errors_in_chinese() {
    for (flag, sel) in [
        ("--select", "income-totl"),
        ("--select", "category:balanc"),
        ("--ignore", "balance-*"),
        ("--select", "yoy-change,income-totl"),
    ] {
        let (out, err, code) = stdout_of(cli().args(["check", flag, sel, SEED]));
        assert_eq!(code, 2, "{flag} {sel}: {out}{err}");
        assert!(err.starts_with("错误："), "{err}");
        // (Of a list, the entry that matches nothing is named.)
        assert!(err.contains(sel.rsplit(',').next().unwrap_or(sel)), "{err}");
    }
    // What README and init suggest does match; so does a comma-separated list.
    for sel in [
        "*-total",
        "category:balance",
        "category:typography",
        "yoy-change,unit-slip",
    ] {
        let (_, err, code) = stdout_of(cli().args(["check", "--select", sel, SEED]));
        assert_ne!(code, 2, "{sel}: {err}");
    }
}

#[test]
fn argument_and_file_errors_are_one_chinese_sentence_with_one_prefix() {
    for args in [
        vec!["check", "--max-warnings", "abc", SEED],
        vec!["check", "--format", "xml", SEED],
        vec!["check", "--no-such-flag", SEED],
        vec!["check", "--baseline", "no-such-baseline.json", SEED],
        vec!["check", "no-such-report.txt"],
    ] {
        let (_, err, code) = stdout_of(cli().args(&args));
        assert_eq!(code, 2, "{args:?}");
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(first.starts_with("错误："), "{args:?}: {err}");
        for english in [
            "error:",
            "invalid value",
            "No such file",
            "os error",
            "unexpected argument",
        ] {
            assert!(!err.contains(english), "{args:?}: {err}");
        }
    }
}

#[cfg(unix)]
#[test]
fn files_written_are_readable_by_others_subject_to_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SEED), dir.path().join("r.txt")).unwrap();
    stdout_of(run_in(dir.path()).args(["check", "--format", "html", "-o", "review.html", "r.txt"]));
    stdout_of(run_in(dir.path()).args(["init"]));
    stdout_of(run_in(dir.path()).args(["baseline", "r.txt"]));
    // The umask the binary inherits from this process (022 almost everywhere).
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|u| u32::from_str_radix(u.trim(), 8).ok())
        })
        .unwrap_or(0o022);
    for f in ["review.html", "reportlint.toml", "reportlint-baseline.json"] {
        let mode = std::fs::metadata(dir.path().join(f))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o666 & !umask, "{f}: {mode:o}, umask {umask:o}");
    }
}

#[test]
fn json_and_sarif_carry_fixes_and_sarif_fingerprints_survive_moved_lines() {
    let (json, _, _) = stdout_of(cli().args(["check", "--format", "json", SEED]));
    let v: Value = serde_json::from_str(&json).unwrap();
    let with_fix: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d.get("fix").is_some())
        .collect();
    assert!(!with_fix.is_empty());
    let f = &with_fix[0]["fix"];
    assert_eq!(f["applicability"], "safe");
    assert!(f["edits"][0]["line"].as_u64().is_some() && f["edits"][0]["content"].is_string());

    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    std::fs::write(dir.path().join("r.txt"), &text).unwrap();
    let sarif = |dir: &std::path::Path| -> Value {
        let (out, _, _) = stdout_of(run_in(dir).args(["check", "--format", "sarif", "r.txt"]));
        serde_json::from_str(&out).unwrap()
    };
    let a = sarif(dir.path());
    let results = a["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r.get("fixes").is_some()));
    let prints = |log: &Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["reportlintContent/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = prints(&a);
    let mut unique = before.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        before.len(),
        "every alert its own fingerprint"
    );
    // Lines inserted above: every alert keeps its fingerprint.
    let moved = text.replacen("一、基本情况\n", "一、基本情况\n\n\n", 1);
    assert_ne!(moved, text);
    std::fs::write(dir.path().join("r.txt"), moved).unwrap();
    let after = prints(&sarif(dir.path()));
    for p in &before {
        assert!(after.contains(p), "{p} lost: {before:?} → {after:?}");
    }

    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator.iter_errors(&a).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn annotate_takes_selection_and_baseline_and_comments_speak_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SEED)).unwrap();
    let bytes =
        docx_fixtures::docx_from_text(&text, docx_fixtures::Layout::Literal, Default::default());
    std::fs::write(dir.path().join("r.docx"), &bytes).unwrap();
    let comments = |args: &[&str]| -> String {
        let mut all = vec!["annotate", "r.docx"];
        all.extend_from_slice(args);
        let (out, err, _) = stdout_of(run_in(dir.path()).args(&all));
        let reviewed = std::fs::read(dir.path().join("r.reviewed.docx"))
            .unwrap_or_else(|_| panic!("{out}{err}"));
        docx_fixtures::read_entry(&reviewed, "word/comments.xml").unwrap_or_default()
    };
    let all = comments(&[]);
    assert!(
        all.contains("[halfwidth-punctuation]") && all.contains("修改建议："),
        "{all}"
    );
    assert!(
        !all.contains("help:") && !all.contains("warning ["),
        "{all}"
    );
    let only = comments(&["--select", "halfwidth-punctuation"]);
    assert!(only.contains("[halfwidth-punctuation]"));
    assert!(!only.contains("[number-format]"), "{only}");
    let ignored = comments(&["--ignore", "halfwidth-punctuation"]);
    assert!(!ignored.contains("[halfwidth-punctuation]"));
    stdout_of(run_in(dir.path()).args(["baseline", "r.docx"]));
    let none = comments(&["--baseline", "reportlint-baseline.json"]);
    assert!(!none.contains("[halfwidth-punctuation]"), "{none}");
    // Annotating the reviewed copy again replaces our comments.
    comments(&[]);
    let (_, err, _) =
        stdout_of(run_in(dir.path()).args(["annotate", "r.reviewed.docx", "-o", "again.docx"]));
    let again = std::fs::read(dir.path().join("again.docx")).expect(&err);
    let first = std::fs::read(dir.path().join("r.reviewed.docx")).unwrap();
    let count = |b: &[u8]| {
        docx_fixtures::read_entry(b, "word/comments.xml")
            .unwrap_or_default()
            .matches("<w:comment ")
            .count()
    };
    assert_eq!(count(&again), count(&first));
}

#[test]
fn a_duplicate_rule_id_from_rules_dir_is_not_blamed_on_a_missing_config() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("my-rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("dup.rhai"),
        "//! id: income-total\n//! category: bureau\n//! severity: error\n//! summary: 重复\n//! explain: 重复\n\nfn check(doc, options) { [] }\n",
    )
    .unwrap();
    std::fs::copy(root().join(SEED), dir.path().join("r.txt")).unwrap();
    let (_, err, code) =
        stdout_of(run_in(dir.path()).args(["check", "--rules-dir", "my-rules", "r.txt"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("income-total") && err.contains("重复"),
        "{err}"
    );
    assert!(!err.contains("reportlint.toml"), "{err}");
    assert!(err.starts_with("错误："), "{err}");
}
