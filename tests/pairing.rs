//! A report and its form in the same directory: the form (a workbook built
//! here with rust_xlsxwriter, or a Word table) pairs with the report whose
//! title names its 项目名称 in the same year, and the report's 自评得分,
//! 预算数, 执行数 and 执行率 are checked against the form's cells.

mod common;
mod docx_fixtures;

use std::path::Path;

use common::*;
use docx_fixtures::{docx_from_text, Extras, Layout};
use reportlint::config::Config;
use reportlint::document::Companion;
use reportlint::linter::{parse_with_profile, FileReport, Linter, Overrides};
use reportlint::pairing;
use reportlint::source::load_path;
use rust_xlsxwriter::{Format, Workbook};

const PROJECT: &str = "职业技能培训补贴项目";

/// A 项目支出绩效自评表 (the national layout) as a workbook: 年度资金总额
/// 43.20 / 43.20 / 37.24 万元, 执行率 86.2%, 总分 `total`.
fn write_form(path: &Path, project: &str, year: i32, total: f64) {
    let mut wb = Workbook::new();
    let two = Format::new().set_num_format("0.00");
    let pct = Format::new().set_num_format("0.0%");
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    ws.merge_range(0, 0, 0, 6, "项目支出绩效自评表", &Format::new())
        .unwrap();
    ws.merge_range(1, 0, 1, 6, &format!("（{year}年度）"), &Format::new())
        .unwrap();
    ws.write_string(2, 0, "项目名称").unwrap();
    ws.merge_range(2, 1, 2, 6, project, &Format::new()).unwrap();
    for (c, t) in [
        "主管部门",
        "某市人力资源和社会保障局",
        "实施单位",
        "某市就业服务中心",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(3, c as u16, *t).unwrap();
    }
    for (c, h) in FUNDS_HEAD.iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    let funds: [(&str, [f64; 3]); 3] = [
        ("年度资金总额", [43.2, 43.2, 37.24]),
        ("其中：当年财政拨款", [40.0, 40.0, 35.0]),
        ("上年结转资金", [3.2, 3.2, 2.24]),
    ];
    for (i, (label, v)) in funds.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string(r, 0, *label).unwrap();
        for (k, x) in v.iter().enumerate() {
            ws.write_number_with_format(r, 1 + k as u16, *x, &two)
                .unwrap();
        }
    }
    ws.write_number(5, 4, 10).unwrap();
    ws.write_number_with_format(5, 5, 37.24 / 43.2, &pct)
        .unwrap();
    ws.write_number_with_format(5, 6, 8.62, &two).unwrap();
    let head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(8, c as u16, *h).unwrap();
    }
    let rows: [([&str; 5], f64, f64); 3] = [
        (
            ["产出指标", "数量指标", "培训人数", "≥1000人", "1200人"],
            50.0,
            50.0,
        ),
        (
            ["效益指标", "社会效益指标", "就业率", "≥80%", "82%"],
            30.0,
            28.0,
        ),
        (
            ["满意度指标", "满意度", "学员满意度", "≥90%", "95%"],
            10.0,
            9.0,
        ),
    ];
    for (i, (texts, w, s)) in rows.iter().enumerate() {
        let r = 9 + i as u32;
        for (c, t) in texts.iter().enumerate() {
            ws.write_string(r, c as u16, *t).unwrap();
        }
        ws.write_number(r, 5, *w).unwrap();
        ws.write_number(r, 6, *s).unwrap();
    }
    ws.merge_range(12, 0, 12, 4, "总分", &Format::new())
        .unwrap();
    ws.write_number(12, 5, 100).unwrap();
    ws.write_number_with_format(12, 6, total, &two).unwrap();
    wb.save(path).unwrap();
}

/// A project self-evaluation report: line 3 states 全年预算, 全年执行 and
/// 执行率, line 5 the 自评得分.
fn report(title: &str, exec: &str, rate: &str, score: &str) -> String {
    format!(
        "{title}\n一、基本情况\n本项目全年预算43.2万元，全年执行{exec}万元，预算执行率{rate}。\n二、自评结论\n经自评，本项目自评得分{score}分，评价等级为优。\n"
    )
}

fn title(year: i32) -> String {
    format!("{PROJECT}{year}年度绩效自评报告")
}

/// A directory with a report (`报告.txt`) and the workbook `自评表.xlsx`.
fn dir_with(report_text: &str, form_year: i32, form_total: f64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.txt"), report_text).unwrap();
    write_form(
        &dir.path().join("自评表.xlsx"),
        PROJECT,
        form_year,
        form_total,
    );
    dir
}

/// The JSON diagnostics of `check DIR`.
fn json_of(dir: &Path, env: Option<(&str, &str)>) -> Vec<serde_json::Value> {
    let mut c = run_in(dir);
    c.args(["check", "--format", "json", "."]);
    if let Some((k, v)) = env {
        c.env(k, v);
    }
    let (out, err, _) = stdout_of(&mut c);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn agree_findings<'a>(diags: &'a [serde_json::Value], file: &str) -> Vec<&'a serde_json::Value> {
    diags
        .iter()
        .filter(|d| d["rule"] == "form-report-agree" && d["file"].as_str().unwrap().ends_with(file))
        .collect()
}

#[test]
fn report_and_agreeing_form_give_no_finding() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "94"), 2023, 94.0);
    let d = json_of(dir.path(), None);
    assert_eq!(
        agree_findings(&d, "报告.txt"),
        Vec::<&serde_json::Value>::new()
    );
    assert!(!d.iter().any(|x| x["rule"] == "form-unpaired"), "{d:#?}");
}

#[test]
fn report_score_unlike_the_forms_total_is_an_error_on_the_reports_line() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "96"), 2023, 94.0);
    let d = json_of(dir.path(), None);
    let f = agree_findings(&d, "报告.txt");
    assert_eq!(f.len(), 1, "{d:#?}");
    assert_eq!(f[0]["line"], 5);
    assert_eq!(f[0]["severity"], "error");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("报告写的自评得分 96分 与自评表总分 94.00 不一致"),
        "{f:#?}"
    );
    let notes = f[0]["notes"].to_string();
    assert!(notes.contains("自评表.xlsx 自评表!G13"), "{notes}");
    // The label is in the form's file, on its cell (JSON as a tool reads it).
    let label = &f[0]["labels"][0];
    assert!(
        label["file"]
            .as_str()
            .unwrap_or("")
            .ends_with("自评表.xlsx"),
        "{label}"
    );
    assert_eq!(label["cell"], "自评表!G13", "{label}");
    assert_eq!(label["line"], 13, "{label}");
    // The form's own findings, if any, stay on the form.
    assert!(agree_findings(&d, "自评表.xlsx").is_empty());
}

#[test]
fn report_spending_or_rate_unlike_the_form_is_found() {
    let dir = dir_with(&report(&title(2023), "39.24", "90.8%", "94"), 2023, 94.0);
    let d = json_of(dir.path(), None);
    let f = agree_findings(&d, "报告.txt");
    let msgs: Vec<&str> = f.iter().map(|x| x["message"].as_str().unwrap()).collect();
    assert_eq!(f.len(), 2, "{msgs:#?}");
    assert!(
        msgs[0].contains("全年执行 39.24万元 与自评表年度资金总额（全年执行数）37.24 不一致"),
        "{msgs:#?}"
    );
    assert!(
        msgs[1].contains("预算执行率 90.8% 与自评表年度资金总额的执行率 86.2% 不一致"),
        "{msgs:#?}"
    );
    assert!(f.iter().all(|x| x["line"] == 3));
    assert!(
        f[0]["notes"].to_string().contains("自评表.xlsx 自评表!D6"),
        "{f:#?}"
    );
}

#[test]
fn years_that_differ_do_not_pair() {
    let dir = dir_with(&report(&title(2023), "39.24", "90.8%", "96"), 2022, 94.0);
    let d = json_of(dir.path(), None);
    assert!(agree_findings(&d, "报告.txt").is_empty(), "{d:#?}");
    // The form says it was not compared, and why (an info notice).
    let notice: Vec<_> = d.iter().filter(|x| x["rule"] == "form-unpaired").collect();
    assert_eq!(notice.len(), 1, "{d:#?}");
    assert!(notice[0]["file"].as_str().unwrap().ends_with("自评表.xlsx"));
    assert_eq!(notice[0]["severity"], "info");
    let notes = notice[0]["notes"].to_string();
    assert!(
        notes.contains("报告.txt：年度不同：报告为 2023 年，表为 2022 年"),
        "{notes}"
    );
}

#[test]
fn a_report_naming_another_project_does_not_pair() {
    let other = "农村公路养护项目2023年度绩效自评报告";
    let dir = dir_with(&report(other, "39.24", "90.8%", "96"), 2023, 94.0);
    let d = json_of(dir.path(), None);
    assert!(agree_findings(&d, "报告.txt").is_empty(), "{d:#?}");
}

#[test]
fn two_reports_naming_the_project_are_each_checked_against_the_one_form() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "94"), 2023, 94.0);
    let second = format!("{PROJECT}2023年度绩效评价报告");
    std::fs::write(
        dir.path().join("评价报告.txt"),
        report(&second, "37.24", "86.2%", "91"),
    )
    .unwrap();
    let d = json_of(dir.path(), None);
    assert!(agree_findings(&d, "/报告.txt").is_empty(), "{d:#?}");
    let f = agree_findings(&d, "评价报告.txt");
    assert_eq!(f.len(), 1, "{d:#?}");
    assert!(f[0]["message"].as_str().unwrap().contains("自评得分 91分"));
}

#[test]
fn the_label_points_at_the_forms_cell_in_the_forms_file() {
    // The library path a batch takes: parse, pair, lint with the forms.
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "96"), 2023, 94.0);
    let form_path = dir.path().join("自评表.xlsx");
    let form = parse_with_profile(load_path(&form_path).unwrap(), None);
    assert!(pairing::is_form(&form));
    let src = load_path(&dir.path().join("报告.txt")).unwrap();
    let parsed = parse_with_profile(src.clone(), None);
    let (_, why) = pairing::pair(&parsed, &pairing::form_key(&form)).unwrap();
    let linter = Linter::new(&Config::default(), &Overrides::default()).unwrap();
    let r: FileReport = linter.lint_paired(
        src,
        vec![Companion {
            name: form.path.clone(),
            doc: std::sync::Arc::new(form),
            why,
        }],
    );
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "form-report-agree")
        .expect("finding");
    let label = &d.labels[0];
    let file = label.file.as_deref().expect("label in the form's file");
    assert!(file.ends_with("自评表.xlsx"), "{file}");
    let (_, text) = r
        .extra_sources
        .iter()
        .find(|(n, _)| n == file)
        .expect("the form's text travels with the report");
    assert_eq!(&text[label.span.start..label.span.end], "94.00");
}

/// The national form as Word table rows (tabs; `<<` merges left, `^^` up).
fn word_form(project: &str, total: &str) -> String {
    format!(
        "项目支出绩效自评表
（2023年度）
项目名称\t<<\t{project}\t<<\t<<\t<<\t<<
主管部门\t<<\t某市人力资源和社会保障局\t<<\t实施单位\t某市就业服务中心\t<<
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
年度资金总额\t43.20\t43.20\t37.24\t10\t86.2%\t8.62
其中：当年财政拨款\t40.00\t40.00\t35.00\t—\t\t—
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分
产出指标\t数量指标\t培训人数\t≥1000人\t1200人\t50\t50
效益指标\t社会效益指标\t就业率\t≥80%\t82%\t30\t28
满意度指标\t满意度\t学员满意度\t≥90%\t95%\t10\t9
总分\t<<\t<<\t<<\t<<\t100\t{total}
"
    )
}

#[test]
fn a_word_table_form_pairs_like_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("报告.txt"),
        report(&title(2023), "37.24", "86.2%", "96"),
    )
    .unwrap();
    let bytes = docx_from_text(
        &word_form(PROJECT, "94.62"),
        Layout::Tables,
        Extras::default(),
    );
    std::fs::write(dir.path().join("自评表.docx"), bytes).unwrap();
    let d = json_of(dir.path(), None);
    let f = agree_findings(&d, "报告.txt");
    assert_eq!(f.len(), 1, "{d:#?}");
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("与自评表总分 94.62 不一致"));
    assert!(f[0]["notes"].to_string().contains("自评表.docx"), "{f:#?}");
}

#[test]
fn a_panicking_form_leaves_its_report_linted() {
    let dir = dir_with(&report(&title(2023), "37.24", "95%", "96"), 2023, 94.0);
    let d = json_of(dir.path(), Some(("REPORTLINT_INJECT_PANIC", "自评表")));
    let on = |file: &str| -> Vec<String> {
        d.iter()
            .filter(|x| x["file"].as_str().unwrap().ends_with(file))
            .map(|x| x["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        on("自评表.xlsx"),
        vec!["internal-error".to_string()],
        "{d:#?}"
    );
    let report_rules = on("报告.txt");
    assert!(!report_rules.is_empty(), "{d:#?}");
    assert!(
        !report_rules.iter().any(|r| r == "internal-error"),
        "{d:#?}"
    );
}

#[test]
fn a_report_given_alone_is_not_paired() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "96"), 2023, 94.0);
    let (out, _, _) = stdout_of(run_in(dir.path()).args(["check", "--format", "json", "报告.txt"]));
    assert!(!out.contains("form-report-agree"), "{out}");
}

#[test]
fn facts_says_which_form_a_report_pairs_with_and_why_not() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "94"), 2023, 94.0);
    let (out, err, code) = stdout_of(run_in(dir.path()).args(["facts", "报告.txt"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "自评表.xlsx：已配对，报告标题含表中项目名称“职业技能培训补贴项目”，年度同为 2023 年"
        ),
        "{out}"
    );
    let (out, _, _) = stdout_of(run_in(dir.path()).args(["facts", "自评表.xlsx"]));
    assert!(out.contains("本文件是表"), "{out}");
    assert!(out.contains("报告.txt：已配对"), "{out}");
    let old = dir_with(&report(&title(2023), "37.24", "86.2%", "94"), 2022, 94.0);
    let (out, _, _) = stdout_of(run_in(old.path()).args(["facts", "--format", "json", "报告.txt"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let e = &v["pairing"]["entries"][0];
    assert_eq!(e["paired"], false, "{v:#}");
    assert!(
        e["why"]
            .as_str()
            .unwrap()
            .contains("年度不同：报告为 2023 年，表为 2022 年"),
        "{e}"
    );
}

/// The JSON diagnostics of `check DIR` with one bureau rule `id` (its
/// script `body` after the header lines) selected alone.
fn with_bureau_rule(dir: &Path, id: &str, severity: &str, body: &str) -> Vec<serde_json::Value> {
    let rules = tempfile::tempdir().unwrap();
    let script = format!(
        "//! id: {id}\n//! category: bureau\n//! severity: {severity}\n//! summary: 测试规则\n{body}"
    );
    std::fs::write(rules.path().join(format!("{id}.rhai")), script).unwrap();
    let (out, err, _) = stdout_of(
        run_in(dir)
            .args(["check", "--format", "json", "--select", id, "--rules-dir"])
            .arg(rules.path())
            .arg("."),
    );
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}{out}{err}"));
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_bureau_rule_reads_the_paired_forms_through_doc_forms() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "94"), 2023, 94.0);
    let d = with_bureau_rule(
        dir.path(),
        "list-forms",
        "info",
        "fn check(doc, options) {
    let out = [];
    for form in doc.forms() {
        let t = form.tables()[0];
        let total = t.row(\"总分\").cell(\"得分\");
        out.push(finding(doc.title_span, `${form.file}|${form.year}|${form.why}|${form.place(total)}`)
            .label(total.span, \"总分\"));
    }
    out
}
",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0]["file"].as_str().unwrap().ends_with("报告.txt"));
    assert_eq!(
        d[0]["message"],
        "自评表.xlsx|2023|报告标题含表中项目名称“职业技能培训补贴项目”，年度同为 2023 年|自评表.xlsx 自评表!G13"
    );
}

#[test]
fn a_report_paired_with_two_forms_that_disagree_stays_silent() {
    let dir = dir_with(&report(&title(2023), "39.24", "90.8%", "96"), 2023, 94.0);
    write_form(
        &dir.path().join("自评表（修改稿）.xlsx"),
        PROJECT,
        2023,
        92.0,
    );
    let d = json_of(dir.path(), None);
    assert!(agree_findings(&d, "报告.txt").is_empty(), "{d:#?}");
    // Both forms are paired: which one the report's figures belong to cannot be told.
    let (out, _, _) = stdout_of(run_in(dir.path()).args(["facts", "报告.txt"]));
    assert_eq!(out.matches("：已配对").count(), 2, "{out}");
}

#[test]
fn a_report_and_its_form_named_together_pair() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "96"), 2023, 94.0);
    let (out, _, _) = stdout_of(run_in(dir.path()).args([
        "check",
        "--format",
        "json",
        "报告.txt",
        "自评表.xlsx",
    ]));
    assert!(out.contains("与自评表总分 94.00 不一致"), "{out}");
}

#[test]
fn a_finding_placed_in_a_form_is_a_rule_error_not_a_slice_of_the_report() {
    let dir = dir_with(&report(&title(2023), "37.24", "86.2%", "94"), 2023, 94.0);
    let d = with_bureau_rule(
        dir.path(),
        "misplaced",
        "warning",
        "fn check(doc, options) {
    let out = [];
    for form in doc.forms() {
        let total = form.tables()[0].row(\"总分\").cell(\"得分\");
        out.push(finding(total.span, \"总分\"));
    }
    out
}
",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["rule"], "rule-error", "{d:#?}");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("finding 的位置须在报告本身"),
        "{d:#?}"
    );
}

/// Rule ids of the findings on one file of a directory run.
fn rules_on<'a>(diags: &'a [serde_json::Value], file: &str) -> Vec<&'a str> {
    diags
        .iter()
        .filter(|d| d["file"].as_str().unwrap_or("").ends_with(file))
        .map(|d| d["rule"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn a_word_form_or_table_file_is_not_held_to_a_reports_structure() {
    let dir = tempfile::tempdir().unwrap();
    // A 部门整体 self-evaluation form and a 决算 table as Word files: no
    // report sections, no stated score in prose, no 三公 paragraph.
    let form = "2024年度部门整体支出绩效自评表
一级指标\t二级指标\t三级指标\t分值\t得分
产出指标\t数量指标\t重点工作完成数\t50\t48
效益指标\t社会效益指标\t群众满意度\t40\t38
满意度指标\t满意度\t服务对象满意度\t10\t9
合计\t\t\t100\t95
评价等级\t优\t\t\t
";
    let table = "财政拨款支出决算表
单位：万元
科目编码\t科目名称\t决算数
201\t一般公共服务支出\t320.50
20103\t政府办公厅（室）及相关机构事务\t320.50
2010301\t行政运行\t320.50
合计\t\t320.50
";
    for (name, text) in [("自评表.docx", form), ("决算表.docx", table)] {
        let bytes = docx_from_text(text, Layout::Tables, Extras::default());
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let d = json_of(dir.path(), None);
    for file in ["自评表.docx", "决算表.docx"] {
        let rules = rules_on(&d, file);
        for r in [
            "required-sections",
            "score-grade-present",
            "sangong-disclosure",
            "empty-section",
        ] {
            assert!(!rules.contains(&r), "{file}: {rules:?}");
        }
    }
}

#[test]
fn a_workbooks_blank_rows_are_not_empty_sections() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("财决01表").unwrap();
    let rows: &[(&str, Option<f64>)] = &[
        ("收入支出决算总表", None),
        ("一、一般公共预算财政拨款收入", Some(5629.11)),
        ("二、政府性基金预算财政拨款收入", Some(0.0)),
        ("三、事业收入", None),
        ("四、经营收入", None),
        ("本年收入合计", Some(5629.11)),
    ];
    for (i, (label, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *label).unwrap();
        if let Some(v) = v {
            ws.write_number(i as u32, 1, *v).unwrap();
        }
    }
    wb.save(dir.path().join("决算总表.xlsx")).unwrap();
    let d = json_of(dir.path(), None);
    assert!(
        !rules_on(&d, "决算总表.xlsx").contains(&"empty-section"),
        "{d:#?}"
    );
}

#[test]
fn annotate_with_form_comments_the_reports_disagreement_with_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let text = report(&title(2023), "37.24", "86.2%", "96");
    let bytes = docx_from_text(&text, Layout::Literal, Extras::default());
    std::fs::write(dir.path().join("报告.docx"), bytes).unwrap();
    write_form(&dir.path().join("自评表.xlsx"), PROJECT, 2023, 94.0);
    write_form(&dir.path().join("去年.xlsx"), PROJECT, 2022, 90.0);
    let comments_in = |out: &str| -> usize {
        let at = out.find(" 条批注").expect("count");
        let digits: String = out[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .chars()
            .rev()
            .collect::<String>()
            .parse()
            .expect("number")
    };
    // Alone: the report's own findings (a short report: sections missing).
    let (out, err, _) = stdout_of(run_in(dir.path()).args(["annotate", "报告.docx"]));
    let alone = comments_in(&out);
    assert!(!err.contains("配对"), "{err}");
    // It names the workbooks beside the report and how to use them.
    assert!(err.contains("请加 --form"), "{err}");
    assert!(err.contains("自评表.xlsx"), "{err}");
    // With its form, the score it states (96) is not the form's 总分 (94);
    // last year's form is named and left out.
    let (out, err, code) = stdout_of(run_in(dir.path()).args([
        "annotate",
        "报告.docx",
        "--form",
        "自评表.xlsx",
        "--form",
        "去年.xlsx",
    ]));
    assert_eq!(comments_in(&out), alone + 1, "{out}{err}");
    assert!(err.contains("去年.xlsx 未与报告配对：年度不同"), "{err}");
    assert_eq!(code, 1, "{out}{err}");
    let reviewed = std::fs::read(dir.path().join("报告.reviewed.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reviewed)).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/comments.xml").unwrap(),
        &mut comments,
    )
    .unwrap();
    assert!(comments.contains("自评表总分"), "{comments}");
    assert!(comments.contains("自评表!G13"), "{comments}");
}
