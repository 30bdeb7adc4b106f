//! The example bureau pack (examples/bureau-pack): its own rule's cases
//! pass, and `reportlint check` with its config runs the custom rule,
//! the renamed section, the added label synonyms and the lowered severity.

mod common;

use common::*;
use serde_json::Value;

const CONFIG: &str = "examples/bureau-pack/reportlint.toml";
const SAMPLE: &str = "examples/bureau-pack/sample-report.txt";

fn sample() -> String {
    std::fs::read_to_string(root().join(SAMPLE)).expect("sample report")
}

/// `reportlint check --config CONFIG --format json -` on `text`:
/// (rule, severity, line) of every finding, and the exit code.
fn check_text(text: &str) -> (Vec<(String, String, u64)>, i32) {
    let mut cmd = cli();
    cmd.args(["check", "--config", CONFIG, "--format", "json", "-"])
        .write_stdin(text.to_string());
    let (out, err, code) = stdout_of(&mut cmd);
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    let found = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (found, code)
}

#[test]
fn bureau_rule_cases_pass() {
    let (out, err, code) = stdout_of(cli().args(["test", "examples/bureau-pack/rules"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("bureau-procurement-total"), "{out}");
}

#[test]
fn custom_rule_fires_on_the_sample_report() {
    let (out, err, code) = stdout_of(cli().args(["check", "--config", CONFIG, SAMPLE]));
    assert_eq!(code, 1, "an error-level finding fails the run: {out}{err}");
    assert!(out.contains("error[bureau-procurement-total]"), "{out}");
    assert!(out.contains("政府采购支出总额应为 226.5万元"), "{out}");
    // Nothing else: the sample is otherwise a clean report under this pack.
    let (found, _) = check_text(&sample());
    assert_eq!(
        found,
        vec![("bureau-procurement-total".into(), "error".into(), 9)]
    );
}

#[test]
fn the_custom_rule_is_not_there_without_the_pack() {
    // From standard input in the repository root, no reportlint.toml is
    // found (the sample file itself would find the pack's one beside it).
    let mut cmd = cli();
    cmd.args(["check", "-"]).write_stdin(sample());
    let (out, _, code) = stdout_of(&mut cmd);
    assert!(!out.contains("bureau-procurement-total"), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn renamed_section_is_required_under_its_new_name() {
    let text = sample().replace("五、整改建议", "五、有关建议");
    let (found, _) = check_text(&text);
    assert!(
        found.contains(&("required-sections".into(), "warning".into(), 17)),
        "{found:?}"
    );
}

#[test]
fn added_synonym_lets_income_total_check_the_bureau_wording() {
    let text = sample().replace("收支总计1600.50万元", "收支总计1610.50万元");
    let (found, _) = check_text(&text);
    assert!(
        found.contains(&("income-total".into(), "error".into(), 7)),
        "{found:?}"
    );
    // The built-in labels alone do not know 收支总计.
    let mut cmd = cli();
    cmd.args(["check", "--format", "json", "-"])
        .write_stdin(text);
    let (out, err, code) = stdout_of(&mut cmd);
    assert!(code == 0 || code == 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"));
    assert!(v["summary"]["files"] == 1, "{out}");
    assert!(!out.contains("income-total"), "{out}");
}

#[test]
fn lowered_rule_reports_as_warning() {
    let text = sample().replace("占65.17%", "占66.17%");
    let (found, _) = check_text(&text.replace("236.50万元", "226.50万元"));
    // share-consistency is lowered by the pack; shares-sum (the sibling
    // shares no longer add up to 100%) keeps its built-in severity.
    assert!(
        found.contains(&("share-consistency".into(), "warning".into(), 7)),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|f| f.0 == "share-consistency" && f.1 == "error"),
        "{found:?}"
    );
    // Both shares moved so they still sum to 100%: only the lowered rule
    // fires, and warnings do not fail the run under fail-on = error.
    let text = sample()
        .replace("占65.17%", "占66.17%")
        .replace("占34.83%", "占33.83%");
    let (found, code) = check_text(&text.replace("236.50万元", "226.50万元"));
    assert_eq!(
        found,
        vec![
            ("share-consistency".into(), "warning".into(), 7),
            ("share-consistency".into(), "warning".into(), 7)
        ]
    );
    assert_eq!(code, 0);
}

#[test]
fn explain_and_rules_see_the_packs_own_rule() {
    let (out, err, code) = stdout_of(
        run_in(&root().join("examples/bureau-pack")).args(["explain", "bureau-procurement-total"]),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("bureau-procurement-total"), "{out}");
    let (out, _, code) =
        stdout_of(cli().args(["explain", "--config", CONFIG, "bureau-procurement-total"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("bureau-procurement-total"), "{out}");
    let (out, _, _) = stdout_of(run_in(&root().join("examples/bureau-pack")).arg("rules"));
    assert!(out.contains("bureau-procurement-total"), "{out}");
}
