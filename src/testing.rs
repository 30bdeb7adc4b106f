//! Rule test cases: `<id>.test.toml` beside each rule.
//!
//! ```toml
//! [[case]]
//! name = "总计与分项相符"
//! text = """..."""            # or file = "report.txt" (relative to this file)
//! options = { total_labels = ["总计"] }   # optional, over the rule's defaults
//! profile = "dept-overall"    # optional
//! expect = [{ line = 3, message = "收入总计应为", help = "/允许误差/" }]
//! fixed = "..."               # optional: the text after `check --fix`
//! fixed_unsafe = "..."        # optional: after `--fix --unsafe-fixes`
//! ```
//! `expect = []` means the case must produce nothing. `reportlint test`
//! runs the cases of built-in rules and of any rule directory, for bureau
//! rule authors and for our own `cargo test` alike.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rhai::Map;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document;
use crate::engine::{CompiledRule, RuleSet};
use crate::profile;
use crate::rules::{Origin, RuleFile};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: Option<String>,
    file: Option<String>,
    options: Option<toml::Table>,
    profile: Option<String>,
    expect: Vec<Expect>,
    /// The text once the rule's safe fixes are applied (and re-applied
    /// until nothing changes); a second fix must then change nothing.
    fixed: Option<String>,
    /// The same with the unsafe fixes too.
    fixed_unsafe: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    line: usize,
    message: String,
    help: Option<String>,
    /// The finding's severity, when the case cares (a `.minor()` finding).
    severity: Option<String>,
}

/// The outcome for one rule.
#[derive(Debug, Default)]
pub struct RuleOutcome {
    pub id: String,
    pub cases: usize,
    pub passed: usize,
    pub failures: Vec<String>,
}

impl RuleOutcome {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

fn text_matches(pattern: &str, text: &str) -> bool {
    if let Some(re) = crate::engine::api::regex_body(pattern) {
        return crate::engine::api::cached_regex(re)
            .map(|r| r.matches(text))
            .unwrap_or(false);
    }
    text.contains(pattern)
}

/// Where files named by cases of `rule` are resolved.
fn case_dir(rule: &RuleFile, test_path: &str) -> PathBuf {
    match &rule.origin {
        Origin::Dir(_) => Path::new(test_path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        Origin::Builtin => {
            let rel = Path::new(test_path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            if rel.is_dir() {
                rel
            } else {
                Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
            }
        }
    }
}

/// Runs one rule on `text` with `options`, as the linter would.
pub fn run_rule_on(
    set: &RuleSet,
    rule: &CompiledRule,
    name: &str,
    text: &str,
    options: &Map,
    profile_id: Option<&str>,
) -> Vec<Diagnostic> {
    let mut doc = crate::parse(name, text.to_string());
    doc.profile = match profile_id {
        Some(p) => Some(p.to_string()),
        None => profile::detect_document(&doc).map(|(p, _)| p.to_string()),
    };
    if !rule.applies_to(doc.profile.as_deref()) {
        return Vec::new();
    }
    let doc = Arc::new(doc);
    set.run(rule, &doc, options, rule.severity())
}

/// Runs the cases of every rule in `set` whose id is in `only` (all when
/// `only` is None).
pub fn run_cases(set: &RuleSet, only: Option<&BTreeSet<String>>) -> Vec<RuleOutcome> {
    let mut out = Vec::new();
    for rule in &set.rules {
        if only.is_some_and(|o| !o.contains(rule.id())) {
            continue;
        }
        let mut oc = RuleOutcome {
            id: rule.id().to_string(),
            ..Default::default()
        };
        if let Some((msg, line)) = rule.compile_error() {
            oc.failures
                .push(format!("规则无法编译（第 {line} 行）：{msg}"));
            out.push(oc);
            continue;
        }
        let Some((test_path, test_text)) = &rule.file.tests else {
            oc.failures
                .push(format!("缺少测试文件 {}.test.toml", rule.id()));
            out.push(oc);
            continue;
        };
        let tf: TestFile = match toml::from_str(test_text) {
            Ok(t) => t,
            Err(e) => {
                oc.failures
                    .push(format!("{test_path}: 测试文件格式错误：{}", e.message()));
                out.push(oc);
                continue;
            }
        };
        let mut names = BTreeSet::new();
        let mut has_failing = false;
        let mut has_passing = false;
        for case in &tf.case {
            oc.cases += 1;
            if !names.insert(case.name.clone()) {
                oc.failures.push(format!("用例名重复：“{}”", case.name));
                continue;
            }
            if case.expect.is_empty() {
                has_passing = true;
            } else {
                has_failing = true;
            }
            let text = match (&case.text, &case.file) {
                (Some(t), None) => t.clone(),
                (None, Some(f)) => {
                    let p = case_dir(&rule.file, test_path).join(f);
                    match crate::source::load_path(&p) {
                        Ok(s) => s.text,
                        Err(e) => {
                            oc.failures.push(format!(
                                "“{}”：无法读取 {}：{e}",
                                case.name,
                                p.display()
                            ));
                            continue;
                        }
                    }
                }
                _ => {
                    oc.failures
                        .push(format!("“{}”：text 与 file 须且只须给出一个", case.name));
                    continue;
                }
            };
            let mut options = rule.defaults.clone();
            let mut bad_option = false;
            for (k, v) in case.options.iter().flatten() {
                if !options.contains_key(k.as_str()) {
                    oc.failures
                        .push(format!("“{}”：规则没有选项 {k}", case.name));
                    bad_option = true;
                    continue;
                }
                match rhai::serde::to_dynamic(v) {
                    Ok(d) => {
                        options.insert(k.as_str().into(), d);
                    }
                    Err(e) => {
                        oc.failures
                            .push(format!("“{}”：选项 {k} 无法使用：{e}", case.name));
                        bad_option = true;
                    }
                }
            }
            if bad_option {
                continue;
            }
            let run = crate::isolation::catch(&case.name, || {
                crate::isolation::inject_fault(&case.name);
                run_rule_on(
                    set,
                    rule,
                    "case.txt",
                    &text,
                    &options,
                    case.profile.as_deref(),
                )
            });
            let diags = match run {
                Ok(d) => d,
                Err(failure) => {
                    oc.failures
                        .push(format!("“{}”：reportlint 内部错误：{failure}", case.name));
                    continue;
                }
            };
            let lines = document::LineIndex::new(&text);
            let mut used = vec![false; diags.len()];
            let mut case_ok = true;
            for e in &case.expect {
                let hit = diags.iter().enumerate().position(|(i, d)| {
                    !used[i]
                        && d.rule != crate::diagnostic::RULE_ERROR
                        && lines.line(d.span.start) == e.line
                        && text_matches(&e.message, &d.message)
                        && e.help
                            .as_ref()
                            .is_none_or(|h| d.help.as_ref().is_some_and(|dh| text_matches(h, dh)))
                        && e.severity
                            .as_deref()
                            .is_none_or(|s| s == d.severity.as_str())
                });
                match hit {
                    Some(i) => used[i] = true,
                    None => {
                        case_ok = false;
                        oc.failures.push(format!(
                            "“{}”：第 {} 行应报告“{}”{}，未出现",
                            case.name,
                            e.line,
                            e.message,
                            e.help
                                .as_ref()
                                .map(|h| format!("（help 含“{h}”）"))
                                .unwrap_or_default()
                        ));
                    }
                }
            }
            for (i, d) in diags.iter().enumerate() {
                if !used[i] {
                    case_ok = false;
                    let line = if d.file == "case.txt" {
                        lines.line(d.span.start)
                    } else {
                        0
                    };
                    oc.failures.push(format!(
                        "“{}”：多出的诊断 第 {line} 行 [{}] {}{}",
                        case.name,
                        d.rule,
                        d.message,
                        d.help
                            .as_ref()
                            .map(|h| format!(" （help: {h}）"))
                            .unwrap_or_default()
                    ));
                }
            }
            for (want, unsafe_ok) in [(&case.fixed, false), (&case.fixed_unsafe, true)] {
                let Some(want) = want else { continue };
                let lint = |t: &str| {
                    run_rule_on(set, rule, "case.txt", t, &options, case.profile.as_deref())
                };
                let got = crate::fix::fix_until_stable(&text, "case.txt", unsafe_ok, lint);
                let again = crate::fix::fix_until_stable(&got.text, "case.txt", unsafe_ok, lint);
                let what = if unsafe_ok { "fixed_unsafe" } else { "fixed" };
                if got.text != *want {
                    case_ok = false;
                    oc.failures.push(format!(
                        "“{}”：修复后应为“{want}”（{what}），实际为“{}”",
                        case.name, got.text
                    ));
                } else if again.edits > 0 {
                    case_ok = false;
                    oc.failures.push(format!(
                        "“{}”：第二次修复仍有改动：“{}”",
                        case.name, again.text
                    ));
                }
            }
            if case_ok {
                oc.passed += 1;
            }
        }
        if !has_failing {
            oc.failures
                .push("没有任何应报告问题的用例（expect 非空）".into());
        }
        if !has_passing {
            oc.failures
                .push("没有任何应保持安静的用例（expect = []）".into());
        }
        out.push(oc);
    }
    out
}

/// Prints outcomes; returns true when everything passed.
pub fn report(outcomes: &[RuleOutcome], out: &mut dyn std::io::Write) -> bool {
    let width = outcomes.iter().map(|o| o.id.len()).max().unwrap_or(10);
    let mut failed_rules = 0;
    let mut cases = 0;
    let mut passed = 0;
    for o in outcomes {
        cases += o.cases;
        passed += o.passed;
        if o.ok() {
            let _ = writeln!(out, "ok    {:<width$}  {} 个用例通过", o.id, o.passed);
        } else {
            failed_rules += 1;
            let _ = writeln!(
                out,
                "FAIL  {:<width$}  {}/{} 个用例通过",
                o.id, o.passed, o.cases
            );
            for f in &o.failures {
                let _ = writeln!(out, "        - {f}");
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} 条规则，{} 个用例：{} 个通过，{} 条规则未通过",
        outcomes.len(),
        cases,
        passed,
        failed_rules
    );
    failed_rules == 0
}
