//! How teams use reportlint: CI formats (SARIF, GitHub), the exit policy,
//! baselines, suppressions, batch runs, the HTML page's content and shell
//! completions. (pre-commit and the page in a browser have their own files.)

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const INCOME: &str = "broken/seed-income-total-751.2.txt";
const SHARE: &str = "broken/seed-share-93.1.txt";

fn json_in(dir: &Path, args: &[&str]) -> (Value, String, i32) {
    let (out, err, code) = stdout_of(run_in(dir).args(args));
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n{err}"));
    (v, err, code)
}

fn diags(v: &Value) -> Vec<Value> {
    v["diagnostics"].as_array().unwrap().clone()
}

/// (errors, warnings) the default rule set finds in a fixture, so these
/// tests do not hard-code what the rule packs find.
fn counts(rel: &str) -> (u64, u64) {
    let (out, _, _) =
        stdout_of(cli().args(["check", "--format", "json", &format!("fixtures/{rel}")]));
    let v: Value = serde_json::from_str(&out).unwrap();
    (
        v["summary"]["errors"].as_u64().unwrap(),
        v["summary"]["warnings"].as_u64().unwrap(),
    )
}

fn read_fixture(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap()
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_is_valid_against_the_official_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let (out, _, code) = stdout_of(cli().args([
        "check",
        "--format",
        "sarif",
        "fixtures/daxiang-2020-gov-office.txt",
        &format!("fixtures/{INCOME}"),
        &format!("fixtures/{SHARE}"),
    ]));
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());

    // The validator does catch a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
    broken["version"] = Value::String("2.0".into());
    assert!(validator.iter_errors(&broken).count() >= 2);
}

#[test]
fn sarif_describes_every_rule_and_points_where_json_does() {
    let args = |fmt: &'static str| {
        [
            "check",
            "--format",
            fmt,
            "fixtures/daxiang-2020-gov-office.txt",
            "fixtures/broken/seed-income-total-751.2.txt",
            "fixtures/broken/seed-share-93.1.txt",
        ]
    };
    let (sarif, _, _) = stdout_of(cli().args(args("sarif")));
    let (json, _, _) = stdout_of(cli().args(args("json")));
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let json: Value = serde_json::from_str(&json).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(sarif["version"], "2.1.0");

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let (listed, _, _) = stdout_of(cli().args(["rules"]));
    for line in listed.lines().take_while(|l| !l.trim().is_empty()) {
        let id = line.split_whitespace().next().unwrap();
        let r = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("rule {id} missing from SARIF"));
        assert!(line.contains(r["shortDescription"]["text"].as_str().unwrap()));
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(r["help"]["text"].as_str().unwrap().contains(id));
    }
    let income = rules.iter().find(|r| r["id"] == "income-total").unwrap();
    assert!(
        income["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .chars()
            .count()
            > income["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
        "the explanation, not only the summary"
    );

    let results = run["results"].as_array().unwrap();
    let jd = diags(&json);
    assert_eq!(results.len(), jd.len());
    for (s, j) in results.iter().zip(&jd) {
        assert_eq!(s["ruleId"], j["rule"]);
        assert_eq!(
            rules[s["ruleIndex"].as_u64().unwrap() as usize]["id"],
            j["rule"]
        );
        let loc = &s["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], j["file"]);
        let reg = &loc["region"];
        assert_eq!(reg["startLine"], j["line"]);
        assert_eq!(reg["startColumn"], j["column"]);
        assert_eq!(reg["endLine"], j["end_line"]);
        assert_eq!(reg["endColumn"], j["end_column"]);
        let labels = j["labels"].as_array().unwrap();
        let related = s["relatedLocations"].as_array().map_or(0, |r| r.len());
        assert_eq!(related, labels.len());
    }
    // On Chinese text: 751.2万 starts after 31 characters of line 7.
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "income-total")
        .unwrap();
    let reg = &r["locations"][0]["physicalLocation"]["region"];
    let line7 = read_fixture(INCOME).lines().nth(6).unwrap().to_string();
    let col = line7[..line7.find("751.2").unwrap()].chars().count() + 1;
    assert_eq!(reg["startColumn"], col as u64);
    assert_eq!(reg["endColumn"], (col + "751.2万".chars().count()) as u64);
    assert_eq!(r["level"], "error");
    assert!(r["message"]["text"]
        .as_str()
        .unwrap()
        .contains("help: 622 + 119.21 = 741.21"));
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_format_writes_escaped_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    // A file name with the characters properties must escape.
    let name = "县,局:报告 100%.txt";
    std::fs::copy(fixture(INCOME), dir.path().join(name)).unwrap();
    std::fs::copy(fixture(SHARE), dir.path().join("share.txt")).unwrap();
    let (out, _, code) =
        stdout_of(run_in(dir.path()).args(["check", "--format", "github", name, "share.txt"]));
    assert_eq!(code, 1);
    let line7 = read_fixture(INCOME).lines().nth(6).unwrap().to_string();
    let col = line7[..line7.find("751.2").unwrap()].chars().count() + 1;
    let expected = format!(
        "::error file=县%2C局%3A报告 100%25.txt,line=7,col={col},endLine=7,endColumn={},title=reportlint [income-total]::收入总计应为 741.21万元，报告写作 751.2万元%0Ahelp: 622 + 119.21 = 741.21",
        col + "751.2万".chars().count()
    );
    assert!(
        out.lines().any(|l| l.starts_with(&expected)),
        "expected a line starting with\n{expected}\nin\n{out}"
    );
    let share = out
        .lines()
        .find(|l| l.contains("[share-consistency]"))
        .expect("share finding");
    assert!(
        share.starts_with("::error file=share.txt,line=8,"),
        "{share}"
    );
    assert!(
        share.contains("93.1%25") && !share.contains("93.1%，"),
        "{share}"
    );
    assert!(out
        .lines()
        .filter(|l| l.starts_with("::"))
        .all(|l| !l.contains('\r') && l.matches("::").count() >= 2));
    assert!(out.lines().any(|l| l.starts_with("::warning file=")));
    assert!(
        out.trim_end().ends_with("个提示"),
        "summary line last: {out}"
    );
}

// ---------------------------------------------------------------- exit policy

#[test]
fn exit_codes_follow_fail_on_and_max_warnings() {
    // The seed has warnings only; the share variant one error.
    let seed = format!("fixtures/{SEED}");
    let share = format!("fixtures/{SHARE}");
    let (_, w) = counts(SEED);
    assert!(w >= 2, "the seed has warnings");
    let (w, w1) = (w.to_string(), (w - 1).to_string());
    let cases: &[(&[&str], &str, i32)] = &[
        (&[], &seed, 0),
        (&["--fail-on", "error"], &seed, 0),
        (&["--fail-on", "warning"], &seed, 1),
        (&["--fail-on", "info"], &seed, 1),
        (&["--max-warnings", "0"], &seed, 1),
        (&["--max-warnings", &w], &seed, 0),
        (&["--max-warnings", &w1], &seed, 1),
        (&[], &share, 1),
        (&["--fail-on", "never"], &share, 0),
        (&["--fail-on", "never", "--max-warnings", "0"], &share, 1),
        (&["--fail-on", "bogus"], &seed, 2),
        (&["--max-warnings", "-1"], &seed, 2),
    ];
    for (flags, file, want) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        args.push(file);
        let (out, err, code) = stdout_of(cli().args(&args));
        assert_eq!(code, *want, "{args:?}\n{out}\n{err}");
    }
    let (out, _, _) = stdout_of(cli().args(["check", "--max-warnings", &w1, &seed]));
    assert!(out.contains(&format!("警告数 {w} 超过上限 {w1}")), "{out}");
}

#[test]
fn max_warnings_from_the_config_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reportlint.toml"), "max-warnings = 1\n").unwrap();
    std::fs::copy(fixture(SEED), dir.path().join("r.txt")).unwrap();
    let (_, _, code) = stdout_of(run_in(dir.path()).args(["check", "r.txt"]));
    assert_eq!(code, 1);
    let (_, _, code) =
        stdout_of(run_in(dir.path()).args(["check", "--max-warnings", "1000", "r.txt"]));
    assert_eq!(code, 0, "the command line wins");
}

// ---------------------------------------------------------------- baselines

#[test]
fn baseline_hides_known_findings_survives_moved_lines_and_reports_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let original = read_fixture(INCOME);
    std::fs::write(reports.join("income.txt"), &original).unwrap();
    std::fs::copy(fixture(SEED), reports.join("seed.txt")).unwrap();

    let (out, err, code) = stdout_of(run_in(dir.path()).args([
        "baseline",
        "reports",
        "-o",
        "reportlint-baseline.json",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    let (e1, w1) = counts(INCOME);
    let (e2, w2) = counts(SEED);
    let n = e1 + w1 + e2 + w2;
    assert!(out.contains(&format!("{n} 条")), "{n} findings: {out}");
    let b: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("reportlint-baseline.json")).unwrap(),
    )
    .unwrap();
    let income = b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["rule"] == "income-total")
        .unwrap()
        .clone();
    assert_eq!(income["file"], "reports/income.txt");
    assert_eq!(income["text"], "751.2万");
    assert_eq!(
        income["section"],
        serde_json::json!(["基本情况", "部门整体支出概况"])
    );
    assert_eq!(income["labels"], serde_json::json!(["622万元", "119.21万"]));
    assert!(
        !b.to_string().contains("\"line\""),
        "entries carry no line numbers"
    );

    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--format",
            "json",
            "--baseline",
            "reportlint-baseline.json",
        ];
        args.extend_from_slice(extra);
        args.push("reports");
        json_in(dir.path(), &args)
    };
    let (v, err, code) = check(&[]);
    assert_eq!(code, 0, "{v}\n{err}");
    assert!(diags(&v).is_empty(), "{v}");
    assert!(err.is_empty(), "{err}");

    // Re-exported: lines inserted above, Windows line ends, a stray blank.
    let moved = original
        .replacen(
            "一、基本情况",
            "一、基本情况\n（本节据年度决算整理。）\n",
            1,
        )
        .replace('\n', "\r\n");
    std::fs::write(reports.join("income.txt"), moved).unwrap();
    let (v, err, code) = check(&[]);
    assert_eq!(code, 0, "moving lines keeps the baseline valid: {v}\n{err}");
    assert!(diags(&v).is_empty());

    // A new finding shows; the fixed one is reported as stale.
    let changed = original.replace("总计751.2万", "总计761.2万");
    std::fs::write(reports.join("income.txt"), changed).unwrap();
    let (v, err, code) = check(&[]);
    assert_eq!(code, 1);
    let d = diags(&v);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["rule"], "income-total");
    assert!(d[0]["message"].as_str().unwrap().contains("761.2"));
    assert!(
        err.contains("1 条记录已不再出现") && err.contains("reports/income.txt [income-total]"),
        "{err}"
    );
    // In human output the stale entries follow the summary line.
    let (out, _, _) = stdout_of(run_in(dir.path()).args([
        "check",
        "--baseline",
        "reportlint-baseline.json",
        "reports",
    ]));
    assert!(out.contains("“751.2万”"), "{out}");

    // The baseline's paths are relative to the baseline file, not the cwd.
    let (out, err, code) = stdout_of(run_in(&reports).args([
        "check",
        "--format",
        "json",
        "--baseline",
        "../reportlint-baseline.json",
        "seed.txt",
    ]));
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(diags(&v).is_empty(), "{v}");
}

#[test]
fn a_missing_or_malformed_baseline_is_an_input_error() {
    let (_, err, code) = stdout_of(cli().args([
        "check",
        "--baseline",
        "no-such-baseline.json",
        "fixtures/daxiang-2020-gov-office.txt",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-baseline.json"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        "{\"version\": 1, \"entries\": [{}]}",
    )
    .unwrap();
    std::fs::copy(fixture(SEED), dir.path().join("r.txt")).unwrap();
    let (_, err, code) =
        stdout_of(run_in(dir.path()).args(["check", "--baseline", "b.json", "r.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("格式错误"), "{err}");
}

// ---------------------------------------------------------------- suppressions

fn lint_text(dir: &Path, name: &str, text: &str) -> (Vec<Value>, i32) {
    std::fs::write(dir.join(name), text).unwrap();
    let (v, err, code) = json_in(dir, &["check", "--format", "json", name]);
    assert!(!err.contains("错误："), "{err}");
    (diags(&v), code)
}

fn rules_and_lines(d: &[Value]) -> Vec<(String, u64, u64)> {
    d.iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn insert_before_line(text: &str, line: usize, insert: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.insert(line - 1, insert);
    lines.join("\n")
}

#[test]
fn disable_next_line_with_a_reason_silences_one_finding_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let text = read_fixture(INCOME);
    let (before, code) = lint_text(dir.path(), "a.txt", &text);
    assert_eq!(code, 1);
    let with = insert_before_line(
        &text,
        7,
        "<!-- reportlint-disable-next-line income-total: 总计含代管资金 10 万元，已与财政局核对 -->",
    );
    let (after, code) = lint_text(dir.path(), "b.txt", &with);
    assert_eq!(code, 0, "{after:?}");
    // Every other finding is still there, one line further down; the
    // directive line itself trips no rule.
    let expected: Vec<(String, u64, u64)> = rules_and_lines(&before)
        .into_iter()
        .filter(|(r, _, _)| r != "income-total")
        .map(|(r, l, c)| (r, if l >= 7 { l + 1 } else { l }, c))
        .collect();
    assert_eq!(rules_and_lines(&after), expected);
}

#[test]
fn faulty_suppressions_are_reported_and_do_not_apply() {
    let dir = tempfile::tempdir().unwrap();
    let text = read_fixture(INCOME);
    let no_reason = insert_before_line(
        &text,
        7,
        "<!-- reportlint-disable-next-line income-total -->",
    );
    let (d, code) = lint_text(dir.path(), "a.txt", &no_reason);
    assert_eq!(code, 1);
    let found = rules_and_lines(&d);
    assert!(found.contains(&("suppression".into(), 7, 1)), "{found:?}");
    assert!(found.iter().any(|(r, l, _)| r == "income-total" && *l == 8));
    let s = d.iter().find(|d| d["rule"] == "suppression").unwrap();
    assert_eq!(s["severity"], "warning");
    assert!(s["message"].as_str().unwrap().contains("缺少理由"));

    let unknown = insert_before_line(
        &text,
        7,
        "// reportlint-disable-next-line income-totl: 理由",
    );
    let (d, _) = lint_text(dir.path(), "b.txt", &unknown);
    let s = d.iter().find(|d| d["rule"] == "suppression").unwrap();
    assert!(
        s["message"].as_str().unwrap().contains("income-totl"),
        "{s}"
    );
    assert!(d.iter().any(|d| d["rule"] == "income-total"));

    let (out, _, code) = stdout_of(cli().args(["explain", "suppression"]));
    assert_eq!(code, 0);
    assert!(out.contains("理由"), "{out}");

    let useless = insert_before_line(
        &text,
        3,
        "<!-- reportlint-disable-next-line income-total: 以防万一 -->",
    );
    let (d, _) = lint_text(dir.path(), "c.txt", &useless);
    let s = d.iter().find(|d| d["rule"] == "suppression").unwrap();
    assert_eq!(s["line"], 3);
    assert!(
        s["message"].as_str().unwrap().contains("没有抑制任何问题"),
        "{s}"
    );
}

#[test]
fn disable_and_enable_bracket_a_region_for_the_named_rules() {
    let dir = tempfile::tempdir().unwrap();
    let text = read_fixture(SEED);
    let (before, _) = lint_text(dir.path(), "a.txt", &text);
    let nf: Vec<u64> = before
        .iter()
        .filter(|d| d["rule"] == "number-format")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(nf, vec![8, 15]);
    // Disable number-format around line 8 only (lines 7–9 of the seed).
    let with = insert_before_line(&text, 10, "<!-- reportlint-enable number-format -->");
    let with = insert_before_line(
        &with,
        7,
        "<!-- reportlint-disable number-format: 表格由财务系统导出，格式不可改 -->",
    );
    let (after, code) = lint_text(dir.path(), "b.txt", &with);
    assert_eq!(code, 0);
    let found = rules_and_lines(&after);
    assert!(
        !found
            .iter()
            .any(|(r, l, _)| r == "number-format" && *l == 9),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(r, l, _)| r == "number-format" && *l == 17),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(r, _, _)| r == "suppression"),
        "{found:?}"
    );
}

// ---------------------------------------------------------------- batch runs

#[test]
fn directories_are_walked_by_extension_honouring_gitignore_in_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["a/b", "drafts", "z", ".hidden", "target"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::write(d.join(".gitignore"), "drafts/\n*.bak.txt\n").unwrap();
    let income = read_fixture(INCOME);
    for f in [
        "a/b/r1.txt",
        "a/r2.md",
        "z/r3.txt",
        "drafts/x.txt",
        "a/old.bak.txt",
        ".hidden/h.txt",
        "target/t.txt",
    ] {
        std::fs::write(d.join(f), &income).unwrap();
    }
    std::fs::write(d.join("a/notes.pdf"), b"%PDF-1.4").unwrap();
    let (v, err, code) = json_in(d, &["check", "--format", "json", "."]);
    assert_eq!(code, 1, "{err}");
    let mut files: Vec<String> = diags(&v)
        .iter()
        .filter(|x| x["rule"] == "income-total")
        .map(|x| x["file"].as_str().unwrap().replace('\\', "/"))
        .collect();
    let in_order = files.clone();
    files.sort();
    assert_eq!(in_order, files, "output in sorted file order");
    assert_eq!(files, vec!["./a/b/r1.txt", "./a/r2.md", "./z/r3.txt"]);
    assert_eq!(v["summary"]["files"], 3);
}

#[test]
fn a_large_batch_lints_in_parallel_with_stable_output_and_no_progress_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        read_fixture(INCOME),
        read_fixture(SHARE),
        read_fixture(SEED),
    ];
    for i in 0..30 {
        std::fs::write(dir.path().join(format!("r{i:02}.txt")), &texts[i % 3]).unwrap();
    }
    let (out1, err1, code) = stdout_of(run_in(dir.path()).args(["check", "."]));
    assert_eq!(code, 1);
    assert!(
        err1.is_empty(),
        "no progress bar when stderr is not a terminal: {err1:?}"
    );
    let (out2, _, _) = stdout_of(run_in(dir.path()).args(["check", "."]));
    assert_eq!(out1, out2, "stable order across parallel runs");
    let per = [counts(INCOME), counts(SHARE), counts(SEED)];
    let errors: u64 = per.iter().map(|c| c.0).sum::<u64>() * 10;
    let warnings: u64 = per.iter().map(|c| c.1).sum::<u64>() * 10;
    assert!(
        out1.trim_end().ends_with(&format!(
            "共检查 30 个文件：{errors} 个错误，{warnings} 个警告，0 个提示"
        )),
        "{}",
        out1.lines().last().unwrap()
    );
    let firsts: Vec<&str> = out1
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("┌─ "))
        .filter_map(|l| l.split(':').next())
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
}

// ---------------------------------------------------------------- HTML content

#[test]
fn html_page_is_self_contained_with_one_highlight_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(INCOME), dir.path().join("income.txt")).unwrap();
    std::fs::copy(fixture(SHARE), dir.path().join("share.txt")).unwrap();
    let (out, err, code) = stdout_of(run_in(dir.path()).args([
        "check",
        "--format",
        "html",
        "-o",
        "review.html",
        "income.txt",
        "share.txt",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("已写入 review.html"), "{out}");
    let page = std::fs::read_to_string(dir.path().join("review.html")).unwrap();
    let (v, _, _) = json_in(
        dir.path(),
        &["check", "--format", "json", "income.txt", "share.txt"],
    );
    let n = diags(&v).len();
    assert_eq!(page.matches("<mark class=\"hl ").count(), n);
    assert!(page.contains(&format!("data-findings=\"{n}\"")));
    for needle in ["<link", " src=", "@import", "url(", "http://", "https://"] {
        assert!(!page.contains(needle), "external reference {needle:?}");
    }
    assert!(page.contains("修改建议：622 + 119.21 = 741.21"));
    assert!(!page.contains("help:"), "the page speaks Chinese");
    assert!(page.contains("href=\"#f1\""));
    // The report text is there, highlighted in place.
    assert!(
        page.contains("，总计<mark class=\"hl error\" id=\"f1\""),
        "highlight at 751.2"
    );
    let errors_at = page.find("id=\"group-error\"").unwrap();
    let warnings_at = page.find("id=\"group-warning\"").unwrap();
    assert!(errors_at < warnings_at, "errors listed first");
}

// ---------------------------------------------------------------- completions & help

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    let (bash, _, code) = stdout_of(cli().args(["completions", "bash"]));
    assert_eq!(code, 0);
    for word in [
        "check",
        "baseline",
        "completions",
        "--format",
        "sarif",
        "--baseline",
    ] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("reportlint.bash");
    std::fs::write(&script, &bash).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status();
    if let Ok(s) = syntax {
        assert!(s.success(), "bash -n rejects the completion script");
    }
    let (zsh, _, code) = stdout_of(cli().args(["completions", "zsh"]));
    assert_eq!(code, 0);
    assert!(zsh.starts_with("#compdef reportlint"));
    let (fish, _, code) = stdout_of(cli().args(["completions", "fish"]));
    assert_eq!(code, 0);
    assert!(fish.contains("complete -c reportlint"));
    let (_, _, code) = stdout_of(cli().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    let (out, _, code) = stdout_of(cli().args(["check", "--help"]));
    assert_eq!(code, 0);
    for needle in [
        "--format sarif",
        "--format html -o review.html",
        "reportlint baseline",
        "--baseline",
        "reportlint-disable-next-line",
        "退出码",
        "--max-warnings",
    ] {
        assert!(out.contains(needle), "check --help lacks {needle}");
    }
}

/// Runs the binary with stderr on a pseudo-terminal (through Python's pty
/// module); returns (exit code, what reached the terminal).
fn with_stderr_on_a_tty(dir: &Path, args: &[&str]) -> Option<(i32, String)> {
    const SCRIPT: &str = r#"
import os, pty, select, subprocess, sys, time
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=s, stdin=subprocess.DEVNULL)
os.close(s)
out, deadline = b"", time.time() + 30
while time.time() < deadline:
    if not select.select([m], [], [], 0.5)[0]:
        if p.poll() is not None:
            break
        continue
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
try:
    p.wait(timeout=max(1, deadline - time.time()))
except subprocess.TimeoutExpired:
    p.kill()
    sys.stdout.write("TIMEOUT\n")
sys.stdout.write("CODE %s\n" % p.wait())
sys.stdout.write(out.decode("utf-8", "replace"))
"#;
    let bin = env!("CARGO_BIN_EXE_reportlint");
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !text.starts_with("TIMEOUT"),
        "hung with stderr on a terminal"
    );
    let code = text.lines().next()?.strip_prefix("CODE ")?.parse().ok()?;
    Some((code, text))
}

#[test]
fn a_large_batch_shows_a_progress_bar_on_a_terminal_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let seed = read_fixture(SEED);
    for i in 0..25 {
        std::fs::write(dir.path().join(format!("r{i:02}.txt")), &seed).unwrap();
    }
    let Some((code, tty)) = with_stderr_on_a_tty(dir.path(), &["check", "."]) else {
        eprintln!("note: python3 with pty not available; skipping the terminal test");
        return;
    };
    assert_eq!(code, 0, "{tty}");
    assert!(tty.contains("25/25"), "progress bar drawn: {tty:?}");
    // A small batch draws none.
    for i in 5..25 {
        std::fs::remove_file(dir.path().join(format!("r{i:02}.txt"))).unwrap();
    }
    let (code, tty) = with_stderr_on_a_tty(dir.path(), &["check", "."]).unwrap();
    assert_eq!(code, 0);
    assert!(!tty.contains("/5"), "{tty:?}");
}
