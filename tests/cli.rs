//! The command line end to end: exit codes, output shapes, errors.

mod common;

use common::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> (Value, i32) {
    let (out, err, code) = stdout_of(cli().args(args));
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    (v, code)
}

#[test]
fn seed_has_no_errors_and_exits_zero() {
    let (v, code) = json_of(&[
        "check",
        "--format",
        "json",
        "fixtures/daxiang-2020-gov-office.txt",
    ]);
    assert_eq!(code, 0);
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|d| d["severity"] != "error"), "{diags:?}");
    let found: Vec<(String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        found.contains(&("conversion-artifact".into(), 19)),
        "{found:?}"
    );
    assert!(found.contains(&("number-format".into(), 8)), "{found:?}");
    assert!(found.contains(&("number-format".into(), 15)), "{found:?}");
}

#[test]
fn json_has_the_documented_shape() {
    let (v, _) = json_of(&[
        "check",
        "--format",
        "json",
        "fixtures/broken/seed-income-total-751.2.txt",
    ]);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "income-total")
        .expect("income-total fires");
    for key in [
        "file",
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
        "help",
        "notes",
    ] {
        assert!(d.get(key).is_some(), "missing {key}: {d}");
    }
    assert_eq!(d["line"], 7);
    // Columns count Unicode scalar values: 总计751.2万 starts after 31 characters.
    let line7 = std::fs::read_to_string(fixture("broken/seed-income-total-751.2.txt")).unwrap();
    let line7 = line7.lines().nth(6).unwrap();
    let col = line7[..line7.find("751.2").unwrap()].chars().count() + 1;
    assert_eq!(d["column"], col as u64);
    assert_eq!(d["end_column"], (col + "751.2万".chars().count()) as u64);
    assert_eq!(d["labels"].as_array().unwrap().len(), 2);
    assert!(d["help"]
        .as_str()
        .unwrap()
        .contains("622 + 119.21 = 741.21"));
    let s = &v["summary"];
    for key in ["files", "errors", "warnings", "infos"] {
        assert!(s.get(key).is_some(), "summary lacks {key}");
    }
    assert_eq!(s["errors"], 1);
}

#[test]
fn broken_variant_exits_one() {
    let (_, _, code) = stdout_of(cli().args(["check", "fixtures/broken/seed-share-93.1.txt"]));
    assert_eq!(code, 1);
}

#[test]
fn fail_on_warning_turns_warnings_into_failure() {
    let (_, _, code) = stdout_of(cli().args([
        "check",
        "--fail-on",
        "warning",
        "fixtures/daxiang-2020-gov-office.txt",
    ]));
    assert_eq!(code, 1);
    let (_, _, code) = stdout_of(cli().args([
        "check",
        "--fail-on",
        "never",
        "fixtures/broken/seed-share-93.1.txt",
    ]));
    assert_eq!(code, 0);
}

#[test]
fn unreadable_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("binary.txt"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2],
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::copy(
        fixture("broken/seed-share-93.1.txt"),
        dir.path().join("report.txt"),
    )
    .unwrap();
    let (out, err, code) = stdout_of(run_in(dir.path()).args(["check", "."]));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        err.contains("binary.txt") && err.contains("二进制"),
        "{err}"
    );
    assert!(err.contains("empty.txt") && err.contains("为空"), "{err}");
    assert!(
        out.contains("share-consistency"),
        "the readable report is still linted: {out}"
    );
}

#[test]
fn gbk_and_utf16_reports_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("broken/seed-income-total-751.2.txt")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(dir.path().join("gbk.txt"), &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.replace('\n', "\r\n").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("utf16.txt"), &utf16).unwrap();
    let (out, err, code) =
        stdout_of(run_in(dir.path()).args(["check", "--format", "json", "gbk.txt", "utf16.txt"]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let hits: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "income-total")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hits,
        vec![("gbk.txt".to_string(), 7), ("utf16.txt".to_string(), 7)]
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = std::fs::read(fixture("broken/seed-income-total-751.2.txt")).unwrap();
    let (out, _, code) = stdout_of(cli().args(["check", "-"]).write_stdin(text));
    assert_eq!(code, 1);
    assert!(out.contains("<stdin>:7:"), "{out}");
}

#[test]
fn config_error_points_at_the_toml_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reportlint.toml"),
        "select = [\"*\"]\n\n[rules.income-totl]\nseverity = \"warning\"\n",
    )
    .unwrap();
    std::fs::copy(fixture(SEED), dir.path().join("r.txt")).unwrap();
    let (out, err, code) = stdout_of(run_in(dir.path()).args(["check", "r.txt"]));
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("income-totl"), "{err}");
    assert!(
        err.contains("reportlint.toml:3:"),
        "points at line 3: {err}"
    );
}

#[test]
fn config_found_upward_changes_severity_and_options() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reportlint.toml"),
        "[rules.income-total]\nseverity = \"warning\"\n[rules.number-format]\nseverity = \"off\"\n",
    )
    .unwrap();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        fixture("broken/seed-income-total-751.2.txt"),
        sub.join("r.txt"),
    )
    .unwrap();
    let (out, _, code) =
        stdout_of(run_in(dir.path()).args(["check", "--format", "json", "a/b/r.txt"]));
    assert_eq!(code, 0, "income-total lowered to warning: {out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let d = v["diagnostics"].as_array().unwrap();
    assert!(d
        .iter()
        .any(|d| d["rule"] == "income-total" && d["severity"] == "warning"));
    assert!(!d.iter().any(|d| d["rule"] == "number-format"));
}

#[test]
fn unknown_option_key_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reportlint.toml"),
        "[rules.income-total]\noptions = { totl_labels = [\"总计\"] }\n",
    )
    .unwrap();
    std::fs::copy(fixture(SEED), dir.path().join("r.txt")).unwrap();
    let (_, err, code) = stdout_of(run_in(dir.path()).args(["check", "r.txt"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("totl_labels") && err.contains("total_labels"),
        "{err}"
    );
}

const OUTSIDE_RULE: &str = r#"//! id: bureau-has-budget-word
//! category: bureau
//! severity: warning
//! summary: 报告应出现“预算”一词
//! explain: 本局要求。

fn check(doc, options) {
    let hits = doc.find("/预[、]?决算公开/");
    let out = [];
    for m in hits {
        out.push(finding(m, `提到了预决算公开：${m.text}`).help("示例规则"));
    }
    let total = doc.amount(["=总计"]);
    if total != () && total.value > dec("700") {
        out.push(finding(total.span, `总计 ${total.value}${total.unit} 超过 700`).note(`第 ${total.line} 行`));
    }
    out
}
"#;

#[test]
fn a_rule_from_outside_the_project_runs() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("bureau");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("budget-word.rhai"), OUTSIDE_RULE).unwrap();
    let (out, _, _) = stdout_of(cli().args([
        "check",
        "--rules-dir",
        rules.to_str().unwrap(),
        "fixtures/daxiang-2020-gov-office.txt",
    ]));
    assert!(
        out.contains("warning[bureau-has-budget-word]: 提到了预决算公开：预、决算公开"),
        "{out}"
    );
    assert!(out.contains("总计 741.2万元 超过 700"), "{out}");
    let (v, _) = json_of(&[
        "check",
        "--format",
        "json",
        "--rules-dir",
        rules.to_str().unwrap(),
        "fixtures/daxiang-2020-gov-office.txt",
    ]);
    let mine: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "bureau-has-budget-word")
        .collect();
    let lines: Vec<u64> = mine.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![7, 13, 13]);
}

#[test]
fn an_endless_loop_ends_as_rule_error_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loop.rhai"),
        "//! id: loops\n//! severity: warning\n//! summary: x\n//! explain: x\nfn check(doc, options) {\n    let i = 0;\n    loop { i += 1; }\n}\n",
    )
    .unwrap();
    let start = std::time::Instant::now();
    let (v, code) = json_of(&[
        "check",
        "--format",
        "json",
        "--rules-dir",
        dir.path().to_str().unwrap(),
        "fixtures/broken/seed-income-total-751.2.txt",
    ]);
    assert!(start.elapsed().as_secs() < 20);
    assert_eq!(code, 1);
    let d = v["diagnostics"].as_array().unwrap();
    let err = d
        .iter()
        .find(|d| d["rule"] == "rule-error")
        .expect("rule-error");
    assert!(err["file"].as_str().unwrap().ends_with("loop.rhai"));
    // Rhai reports no position for the operations limit: the hook's line.
    assert_eq!(err["line"], 5, "points at fn check: {err}");
    let msg = err["message"].as_str().unwrap();
    assert!(msg.contains("死循环") || msg.contains("时限"), "{msg}");
    assert!(
        d.iter().any(|d| d["rule"] == "income-total"),
        "other rules still ran"
    );
}

#[test]
fn a_syntax_error_points_at_the_script_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.rhai"),
        "//! id: broken-rule\n//! severity: warning\n//! summary: x\n//! explain: x\nfn check(doc, options) {\n    let x = ;\n    []\n}\n",
    )
    .unwrap();
    let (out, _, code) = stdout_of(cli().args([
        "check",
        "--rules-dir",
        dir.path().to_str().unwrap(),
        "fixtures/daxiang-2020-gov-office.txt",
    ]));
    assert_eq!(code, 1);
    assert!(
        out.contains("error[rule-error]: 规则 broken-rule 运行失败"),
        "{out}"
    );
    assert!(out.contains("broken.rhai:6:"), "{out}");
}

#[test]
fn facts_prints_sections_and_facts_and_json() {
    let (out, _, code) = stdout_of(cli().args(["facts", "fixtures/daxiang-2020-gov-office.txt"]));
    assert_eq!(code, 0);
    assert!(out.contains("类型：dept-overall"));
    assert!(
        out.contains("基本支出") && out.contains("占比 92.1%"),
        "{out}"
    );
    let (v, _) = json_of(&[
        "facts",
        "--format",
        "json",
        "fixtures/daxiang-2020-gov-office.txt",
    ]);
    assert_eq!(v["year"], 2020);
    let basic = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["label"] == "基本支出")
        .unwrap();
    assert_eq!(basic["value"], "678.71");
    assert_eq!(basic["unit"], "万元");
    assert_eq!(basic["share"], "92.1");
    assert_eq!(basic["line"], 8);
}

#[test]
fn rules_and_explain() {
    let (out, _, code) = stdout_of(cli().args(["rules"]));
    assert_eq!(code, 0);
    assert!(out.contains("income-total") && out.contains("error"));
    let (out, _, code) = stdout_of(cli().args(["explain", "income-total"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("收入总计") && out.contains("total_labels"),
        "{out}"
    );
    let (_, err, code) = stdout_of(cli().args(["explain", "income"]));
    assert_eq!(code, 2);
    assert!(err.contains("income-total"), "suggests close ids: {err}");
}

#[test]
fn init_writes_a_starter_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, code) = stdout_of(run_in(dir.path()).args(["init"]));
    assert_eq!(code, 0);
    assert!(dir.path().join("reportlint.toml").exists());
    let (_, _, code) = stdout_of(run_in(dir.path()).args(["init"]));
    assert_eq!(code, 2, "refuses to overwrite");
    std::fs::copy(fixture(SEED), dir.path().join("r.txt")).unwrap();
    let (_, err, code) = stdout_of(run_in(dir.path()).args(["check", "r.txt"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn missing_file_and_bad_usage_exit_two() {
    let (_, err, code) = stdout_of(cli().args(["check", "no-such-report.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-report.txt"));
    let (_, err, code) = stdout_of(cli().args([
        "check",
        "--format",
        "xml",
        "fixtures/daxiang-2020-gov-office.txt",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("xml"), "{err}");
}

#[test]
fn each_directory_gets_its_own_config_in_one_batch() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for n in ["r1.txt", "r2.txt"] {
            std::fs::copy(
                fixture("broken/seed-income-total-751.2.txt"),
                dir.path().join(sub).join(n),
            )
            .unwrap();
        }
    }
    std::fs::write(
        dir.path().join("a/reportlint.toml"),
        "[rules.income-total]\nseverity = \"warning\"\n",
    )
    .unwrap();
    let (out, _, code) =
        stdout_of(run_in(dir.path()).args(["check", "--format", "json", "a", "b"]));
    assert_eq!(code, 1, "b's error fails the run");
    let v: Value = serde_json::from_str(&out).unwrap();
    let sev: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "income-total")
        .map(|d| {
            (
                d["file"].as_str().unwrap().replace('\\', "/"),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(sev.len(), 4, "{sev:?}");
    for (file, s) in &sev {
        let want = if file.contains("a/") {
            "warning"
        } else {
            "error"
        };
        assert_eq!(s, want, "{file}");
    }
}

#[test]
fn old_word_files_are_named_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(SEED), dir.path().join("a.txt")).unwrap();
    // An OLE compound file, as Word 97-2003 writes.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(1024, 0);
    std::fs::write(dir.path().join("b.doc"), &ole).unwrap();
    let (out, err, code) = stdout_of(run_in(dir.path()).args(["check", "."]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("b.doc") && err.contains("另存为” .docx"),
        "{err}"
    );
    assert!(
        out.contains("共检查 1 个文件"),
        "the other report is still linted: {out}"
    );
}

#[test]
fn an_unreadable_file_is_named_before_the_summary_which_counts_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("坏.docx"), b"PK\x03\x04 then nothing").expect("write");
    std::fs::copy(
        root().join("fixtures/daxiang-2020-gov-office.txt"),
        dir.path().join("好.txt"),
    )
    .expect("copy");
    // Both streams into one file, as a terminal shows them.
    let log = dir.path().join("out.log");
    let f = std::fs::File::create(&log).expect("log");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("reportlint"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "坏.docx", "好.txt"])
        .stdout(f.try_clone().expect("clone"))
        .stderr(f)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
    let text = std::fs::read_to_string(&log).expect("read log");
    let error_at = text.find("错误：坏.docx").expect("the file is named");
    let summary_at = text.find("共检查 1 个文件").expect("summary");
    assert!(error_at < summary_at, "{text}");
    assert!(
        text[summary_at..].contains("另有 1 个文件无法读取"),
        "{text}"
    );
}
