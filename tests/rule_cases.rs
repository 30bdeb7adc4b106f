//! Runs every built-in rule's `.test.toml` cases (the same runner as
//! `reportlint test`).

#[test]
fn builtin_rule_cases_pass() {
    let set = reportlint::engine::RuleSet::compile(reportlint::rules::builtin_rules().unwrap());
    let outcomes = reportlint::testing::run_cases(&set, None);
    let mut out = Vec::new();
    let ok = reportlint::testing::report(&outcomes, &mut out);
    assert!(ok, "{}", String::from_utf8_lossy(&out));
    assert!(outcomes.len() >= 6);
}
