//! The structure, disclosure and text rules on the fixtures: on the seed
//! exactly the findings listed in the seed notes (shared/seed/README.md, verified by
//! hand), and silence on every clean report of the three families.

use std::collections::BTreeMap;
use std::path::Path;

use reportlint::config::Config;
use reportlint::linter::{Linter, Overrides};
use reportlint::source::load_path;

/// The rules of this pack (issue 4).
const RULES: &[&str] = &[
    "required-sections",
    "heading-numbering",
    "empty-section",
    "score-grade-present",
    "sangong-disclosure",
    "conversion-artifact",
    "placeholder",
    "halfwidth-punctuation",
    "number-format",
    "doc-number-format",
    "typo-lexicon",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (rule, line) of every finding of this pack's rules, in order.
fn findings(linter: &Linter, rel: &str) -> Vec<(String, usize)> {
    let report = linter.lint(load_path(&root().join(rel)).expect("fixture loads"));
    let mut out: Vec<(String, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| RULES.contains(&d.rule.as_str()) || d.rule == "rule-error")
        .map(|d| {
            let line = report.text[..d.span.start].matches('\n').count() + 1;
            (d.rule.clone(), line)
        })
        .collect();
    out.sort();
    out
}

fn linter() -> Linter {
    Linter::new(&Config::default(), &Overrides::default()).expect("built-in rules load")
}

fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = list.iter().map(|(r, l)| (r.to_string(), *l)).collect();
    v.sort();
    v
}

/// What the seed notes list: the artifact, the two `%` spacings, the five
/// ASCII commas, the numbering switch, the missing score and grade.
const SEED: &[(&str, usize)] = &[
    ("conversion-artifact", 19),
    ("number-format", 8),
    ("number-format", 15),
    ("halfwidth-punctuation", 15),
    ("halfwidth-punctuation", 16),
    ("halfwidth-punctuation", 16),
    ("halfwidth-punctuation", 16),
    ("halfwidth-punctuation", 16),
    ("heading-numbering", 13),
    ("score-grade-present", 23),
    ("score-grade-present", 23),
];

#[test]
fn seed_shows_exactly_the_findings_verified_by_hand() {
    assert_eq!(
        findings(&linter(), "fixtures/daxiang-2020-gov-office.txt"),
        pairs(SEED)
    );
}

#[test]
fn removing_the_problems_section_adds_exactly_one_required_sections_finding() {
    let mut want = SEED.to_vec();
    // The section removed sits after line 23, so the earlier lines stand.
    want.push(("required-sections", 23));
    assert_eq!(
        findings(
            &linter(),
            "fixtures/broken/seed-problems-section-removed.txt"
        ),
        pairs(&want)
    );
}

#[test]
fn clean_fixtures_are_silent_on_these_rules() {
    let linter = linter();
    let mut noisy = BTreeMap::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("fixtures/clean")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        seen += 1;
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let f = findings(&linter, &rel);
        if !f.is_empty() {
            noisy.insert(rel, f);
        }
    }
    assert_eq!(seen, 13, "all clean fixtures are read");
    assert!(noisy.is_empty(), "findings on clean fixtures: {noisy:#?}");
}

#[test]
fn every_rule_of_the_pack_exists_and_has_passing_and_failing_cases() {
    let rules = reportlint::rules::builtin_rules().unwrap();
    for id in RULES {
        let rule = rules
            .iter()
            .find(|r| r.meta.id == *id)
            .unwrap_or_else(|| panic!("rule {id} is missing"));
        assert!(!rule.meta.explain.is_empty(), "{id} has no explain");
        let (_, text) = rule
            .tests
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has no cases"));
        let cases: toml::Table = text.parse().unwrap();
        let cases = cases["case"].as_array().unwrap();
        let silent = cases
            .iter()
            .filter(|c| c["expect"].as_array().unwrap().is_empty())
            .count();
        assert!(silent >= 1, "{id} needs a case that must stay silent");
        assert!(
            cases.len() > silent,
            "{id} needs a case that must produce findings"
        );
    }
}
