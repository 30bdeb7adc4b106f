//! Forms built by the tests themselves — a Word 自评表 in the 财预〔2020〕10号
//! layout (merged cells through the project's docx writer), a province's
//! transfer-payment 自评表 and a 部门整体 基础数据表 as .xlsx (merged ranges,
//! number formats, through rust_xlsxwriter) — clean, and with each identity
//! broken one at a time: the finding sits on the broken cell.

mod common;
mod docx_fixtures;
mod form_support;

use common::*;
use docx_fixtures::{docx_from_text, Extras, Layout};
use form_support::*;
use reportlint::linter::FileReport;
use reportlint::source::docx::read_docx;
use reportlint::source::load_path;
use rust_xlsxwriter::{Format, Formula, Workbook};

// ------------------------------------------------------------ Word, 财预〔2020〕10号

/// The national layout; `<<` merges a cell into its left neighbour, `^^`
/// into the cell above.
const CAIYU_FORM: &str = "项目支出绩效自评表
（2023年度）
项目名称\t<<\t职业技能培训补贴项目\t<<\t<<\t<<\t<<\t<<\t<<
主管部门\t<<\t某市人力资源和社会保障局\t<<\t<<\t实施单位\t某市就业服务中心\t<<\t<<
项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\t
^^\t年度资金总额\t43.20\t43.20\t37.24\t10\t86%\t9\t
^^\t其中：当年财政拨款\t40.00\t40.00\t35.00\t—\t\t—\t
^^\t上年结转资金\t3.20\t3.20\t2.24\t—\t\t—\t
^^\t其他资金\t0\t0\t0\t—\t\t—\t
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
^^\t产出指标\t数量指标\t培训人数\t≥1000人\t1200人\t20\t20\t
^^\t^^\t质量指标\t培训合格率\t≥90%\t85%\t15\t12\t部分学员未通过考核，下年加强过程管理
^^\t^^\t时效指标\t补贴发放及时率\t100%\t100%\t15\t15\t
^^\t效益指标\t社会效益指标\t就业率\t≥80%\t82%\t30\t28\t
^^\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t95%\t10\t10\t
总分\t<<\t<<\t<<\t<<\t<<\t100\t94\t
评价等级\t<<\t优\t<<\t<<\t<<\t<<\t<<\t<<
";

#[test]
fn word_form_reads_merged_cells_as_one() {
    let bytes = docx_from_text(CAIYU_FORM, Layout::Tables, Extras::default());
    let src = read_docx("自评表.docx".into(), &bytes).unwrap().source;
    assert_eq!(src.tables.len(), 1);
    let t = &src.tables[0];
    assert_eq!(t.origin, "docx");
    // 项目名称 spans two grid columns; the funds label spans five rows.
    assert_eq!(t.rows[0].cells[0].col_span, 2);
    assert_eq!(t.rows[2].cells[0].row_span, 5);
    assert_eq!(t.rows[2].cells[0].text, "项目资金（万元）");
    // The continued rows no longer hold the merged cell: their label is their own.
    assert_eq!(t.rows[3].label(), "年度资金总额");
    assert_eq!(t.header_of(3, 4).as_deref(), Some("分值"));
    // 一级指标 产出指标 covers three rows.
    assert_eq!(t.rows[8].cells[0].text, "产出指标");
    assert_eq!(t.rows[8].cells[0].row_span, 3);
    assert_eq!(t.rows[7].cells[0].row_span, 6);
    assert_eq!(t.rows[9].label(), "质量指标");
}

#[test]
fn clean_word_form_gives_no_form_finding() {
    let r = lint_word(CAIYU_FORM);
    assert_eq!(form_findings(&r), vec![]);
}

#[test]
fn word_form_fund_total_broken_is_found_on_its_cell() {
    let r = lint_word(&edit(CAIYU_FORM, 6, 2, "45.20"));
    let f = only(&r, "fund-composition");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].2.contains("年度资金总额（年初预算数）应为 43.2"),
        "{f:#?}"
    );
    assert_eq!(cell_text(&r, 6, &f[0]), "45.20");
    assert!(f[0].3.contains("表 1 第 4 行第 3 列"), "{f:#?}");
}

#[test]
fn word_form_execution_rate_broken_is_found_on_its_cell() {
    // 项目资金（万元）: the funds cells are facts, read as prose is, so the
    // rate is execution-rate's (execution-score checks the score only).
    let r = lint_word(&edit(CAIYU_FORM, 6, 6, "90%"));
    let f = only(&r, "execution-rate");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("执行率应约为 86.20%"), "{f:#?}");
    assert_eq!(cell_text(&r, 6, &f[0]), "90%");
}

#[test]
fn word_form_execution_score_broken_is_found_on_its_cell() {
    let text = edit(&edit(CAIYU_FORM, 6, 7, "7"), 16, 7, "92");
    let r = lint_word(&text);
    let f = only(&r, "execution-score");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("执行率得分应为 8.62"), "{f:#?}");
    assert_eq!(cell_text(&r, 6, &f[0]), "7");
}

#[test]
fn word_form_score_above_points_is_found_on_its_cell() {
    let text = edit(&edit(CAIYU_FORM, 13, 7, "16"), 16, 7, "95");
    let r = lint_word(&text);
    let f = only(&r, "score-sum");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].2, "得分 16 超过分值 15");
    assert_eq!(cell_text(&r, 13, &f[0]), "16");
}

#[test]
fn word_form_total_score_broken_is_found_on_its_cell() {
    let r = lint_word(&edit(CAIYU_FORM, 16, 7, "96"));
    let f = only(&r, "score-sum");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("总分应为 94（各项得分之和）"), "{f:#?}");
    assert_eq!(cell_text(&r, 16, &f[0]), "96");
}

#[test]
fn word_form_first_level_weights_off_template_are_found() {
    // Five points moved from 效益 to 产出; scores within points, total 91.
    let text = edit(&edit(CAIYU_FORM, 11, 6, "25"), 14, 6, "25");
    let text = edit(&edit(&text, 14, 7, "25"), 16, 7, "91");
    let r = lint_word(&text);
    let f = only(&r, "form-weights");
    let msgs: Vec<&str> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "一级指标“产出”的分值合计为 55，规定为 50",
            "一级指标“效益”的分值合计为 25，规定为 30"
        ]
    );
}

#[test]
fn word_form_missed_target_with_full_marks_is_found() {
    let text = edit(&edit(CAIYU_FORM, 12, 7, "15"), 16, 7, "97");
    let r = lint_word(&text);
    let f = only(&r, "indicator-target");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0]
        .2
        .contains("“培训合格率”实际完成值 85% 未达到指标值 ≥90%，却得满分 15"));
    assert_eq!(cell_text(&r, 12, &f[0]), "15");
}

#[test]
fn word_form_missed_target_without_reason_is_found() {
    let r = lint_word(&edit(CAIYU_FORM, 12, 8, ""));
    let f = only(&r, "indicator-target");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.ends_with("未写偏差原因"));
    assert_eq!(cell_text(&r, 12, &f[0]), "85%");
}

#[test]
fn report_and_its_form_in_one_word_file_must_agree_on_the_score() {
    let report = "职业技能培训补贴项目支出绩效自评报告\n一、自评结论\n经自评，本项目自评得分96分，评价等级为优。\n";
    let r = lint_word(&format!(
        "{report}{}",
        CAIYU_FORM.replacen("项目支出绩效自评表\n", "附件：项目支出绩效自评表\n", 1)
    ));
    let f = only(&r, "form-report-agree");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].1, 3);
    assert_eq!(f[0].2, "报告写的自评得分 96分 与自评表总分 94 不一致");
    assert!(f[0].3.contains("表 1 第 14 行第 8 列"), "{f:#?}");
    let agree = report.replace("96分", "94分");
    let r = lint_word(&format!("{agree}{CAIYU_FORM}"));
    assert_eq!(form_findings(&r), vec![]);
}

#[test]
fn word_form_grade_off_its_band_is_found_on_its_cell() {
    let r = lint_word(&edit(CAIYU_FORM, 17, 2, "良"));
    let f = only(&r, "grade-band");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].2, "总分 94 应评为“优”，表中写作“良”");
    assert_eq!(cell_text(&r, 17, &f[0]), "良");
}

// ------------------------------------------------------------ Excel, a province's variant

/// The transfer-payment 自评表 (中央/地方 rows, rate as a 0% format,
/// merged title and 一级指标), with `tweak` applied before saving.
fn transfer_form(tweak: impl Fn(&mut rust_xlsxwriter::Worksheet)) -> (Xlsx, std::path::PathBuf) {
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0%");
    let one = Format::new().set_num_format("0.0");
    let two = Format::new().set_num_format("0.00");
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    ws.merge_range(0, 0, 0, 7, "就业补助资金绩效自评表", &Format::new())
        .unwrap();
    ws.merge_range(1, 0, 1, 7, "（2024年度）", &Format::new())
        .unwrap();
    let head = [
        "资金投入情况（万元）",
        "全年预算数(A)",
        "全年执行数(B)",
        "预算执行率(B/A×100%)",
        "分值",
        "得分",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "年度资金总额").unwrap();
    ws.write_number_with_format(3, 1, 808.1, &two).unwrap();
    ws.write_number_with_format(3, 2, 692.98, &two).unwrap();
    ws.write_number_with_format(3, 3, 692.98 / 808.1, &pct)
        .unwrap();
    ws.write_number(3, 4, 10).unwrap();
    ws.write_number_with_format(3, 5, 8.6, &one).unwrap();
    ws.write_string(4, 0, "其中：中央财政资金").unwrap();
    ws.write_number(4, 1, 808.1).unwrap();
    ws.write_number(4, 2, 692.98).unwrap();
    ws.write_string(5, 0, "地方财政资金").unwrap();
    ws.write_number(5, 1, 0).unwrap();
    ws.write_number(5, 2, 0).unwrap();
    ws.write_string(6, 0, "其他资金").unwrap();
    let head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "全年实际完成值",
        "分值",
        "得分",
        "未完成原因分析",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(7, c as u16, *h).unwrap();
    }
    ws.merge_range(8, 0, 10, 0, "产出指标", &Format::new())
        .unwrap();
    let rows: [(u32, [&str; 4], f64, f64); 5] = [
        (
            8,
            ["数量指标", "公益性岗位开发数", "≥500个", "520个"],
            20.0,
            20.0,
        ),
        (
            9,
            ["质量指标", "补贴发放准确率", "100%", "100%"],
            20.0,
            20.0,
        ),
        (
            10,
            ["时效指标", "资金拨付及时率", "≥95%", "96%"],
            10.0,
            10.0,
        ),
        (
            11,
            ["社会效益指标", "城镇新增就业人数", "≥3000人", "3100人"],
            30.0,
            30.0,
        ),
        (
            12,
            ["服务对象满意度", "补贴对象满意度", "≥90%", "93%"],
            10.0,
            9.0,
        ),
    ];
    ws.write_string(11, 0, "效益指标").unwrap();
    ws.write_string(12, 0, "满意度指标").unwrap();
    for (r, texts, w, s) in rows {
        for (i, t) in texts.iter().enumerate() {
            ws.write_string(r, 1 + i as u16, *t).unwrap();
        }
        ws.write_number(r, 5, w).unwrap();
        ws.write_number(r, 6, s).unwrap();
    }
    ws.merge_range(13, 0, 13, 4, "总分", &Format::new())
        .unwrap();
    ws.write_number(13, 5, 100).unwrap();
    ws.write_number_with_format(13, 6, 97.6, &one).unwrap();
    tweak(ws);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("就业补助资金自评表.xlsx");
    wb.save(&path).unwrap();
    (Xlsx { dir }, path)
}

#[test]
fn xlsx_form_reads_as_rows_with_cell_places_formats_and_merges() {
    let (_d, path) = transfer_form(|_| {});
    let src = load_path(&path).unwrap();
    assert!(src
        .text
        .starts_with("就业补助资金绩效自评表\n（2024年度）\n"));
    assert!(
        src.text
            .contains("年度资金总额 | 808.10 | 692.98 | 86% | 10 | 8.6\n"),
        "{}",
        src.text
    );
    let t = &src.tables[0];
    assert_eq!(t.sheet, "自评表");
    assert_eq!(t.rows[0].cells[0].col_span, 8);
    let total = &t.rows[3];
    let rate = &total.cells[3];
    assert_eq!(rate.location, "自评表!D4");
    assert!(rate.percent);
    assert_eq!(rate.decimals, 0);
    // The stored 0.85753... is kept whole (shortest round trip), shown as 86%.
    assert!(rate.value.unwrap().to_string().starts_with("85.75"));
    assert_eq!(total.cells[1].value.unwrap().to_string(), "808.10");
    // 产出指标 merged over three rows; the covered rows' label is their own.
    assert_eq!(t.rows[8].cells[0].row_span, 3);
    assert_eq!(t.rows[9].label(), "质量指标");
}

#[test]
fn clean_xlsx_form_gives_no_form_finding() {
    let (_d, path) = transfer_form(|_| {});
    assert_eq!(form_findings(&lint_file(&path)), vec![]);
}

#[test]
fn xlsx_form_fund_total_broken_is_found_on_its_cell() {
    let (_d, path) = transfer_form(|ws| {
        ws.write_number(4, 2, 682.98).unwrap();
    });
    let r = lint_file(&path);
    let f = only(&r, "fund-composition");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.contains("年度资金总额（全年执行数(B)）应为 682.98"));
    assert_eq!(f[0].3, "单元格：自评表!C4");
}

#[test]
fn xlsx_form_execution_score_broken_is_found_on_its_cell() {
    let (_d, path) = transfer_form(|ws| {
        ws.write_number(3, 5, 7).unwrap();
        ws.write_number(13, 6, 96).unwrap();
    });
    let r = lint_file(&path);
    let f = only(&r, "execution-score");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].3, "单元格：自评表!F4");
}

#[test]
fn xlsx_form_rate_is_read_by_execution_rate_through_its_column_headers() {
    // 资金投入情况（万元）: the sheet's amounts are facts with roles from
    // their headers (全年预算数(A), 全年执行数(B)); the rate is found once.
    let (_d, path) = transfer_form(|ws| {
        let pct = Format::new().set_num_format("0%");
        ws.write_number_with_format(3, 3, 0.9, &pct).unwrap();
    });
    let r = lint_file(&path);
    let f = only(&r, "execution-rate");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].2.starts_with("执行率应约为 85.75%，表中写作 90%"),
        "{f:#?}"
    );
    assert_eq!(cell_text(&r, 4, &f[0]), "90%");
}

#[test]
fn xlsx_form_score_sum_broken_is_found_on_its_cell() {
    let (_d, path) = transfer_form(|ws| {
        ws.write_number(13, 6, 99).unwrap();
    });
    let r = lint_file(&path);
    let f = only(&r, "score-sum");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("总分应为 97.6"), "{f:#?}");
    assert_eq!(f[0].3, "单元格：自评表!G14");
}

#[test]
fn xlsx_formula_without_cached_value_is_reported_not_read_as_zero() {
    let (_d, path) = transfer_form(|ws| {
        ws.set_formula_result_default("");
        ws.write_formula(13, 6, Formula::new("=SUM(F4,G9:G13)"))
            .unwrap();
    });
    let r = lint_file(&path);
    let f = only(&r, "uncached-formula");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("单元格 自评表!G14 的公式"), "{f:#?}");
}

// ------------------------------------------------------------ Excel, 基础数据表 and 三公

fn basic_data_form(actual: f64, rate: f64, note: Option<&str>) -> (Xlsx, std::path::PathBuf) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("基础数据表").unwrap();
    let pct = Format::new().set_num_format("0.00%");
    ws.merge_range(0, 0, 0, 3, "部门整体支出绩效评价基础数据表", &Format::new())
        .unwrap();
    for (c, h) in ["编制数", "实有人数", "在职人员控制率", "备注"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_number(2, 0, 40).unwrap();
    ws.write_number(2, 1, actual).unwrap();
    ws.write_number_with_format(2, 2, rate, &pct).unwrap();
    if let Some(n) = note {
        ws.write_string(2, 3, n).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("三公经费").unwrap();
    let two = Format::new().set_num_format("0.00");
    ws.write_string(0, 0, "“三公”经费预算与决算").unwrap();
    ws.write_string(0, 2, "单位：万元").unwrap();
    for (c, h) in ["项目", "预算数", "决算数"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ("合计", 20.5, 18.3),
        ("因公出国（境）费", 0.0, 0.0),
        ("公务接待费", 5.5, 4.3),
        ("公务用车购置及运行维护费", 15.0, 14.0),
        ("其中：公务用车购置费", 0.0, 0.0),
        ("公务用车运行维护费", 15.0, 14.0),
    ];
    for (i, (l, b, a)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string(r, 0, *l).unwrap();
        ws.write_number_with_format(r, 1, *b, &two).unwrap();
        ws.write_number_with_format(r, 2, *a, &two).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("基础数据表.xlsx");
    wb.save(&path).unwrap();
    (Xlsx { dir }, path)
}

#[test]
fn clean_basic_data_workbook_gives_no_form_finding() {
    let (_d, path) = basic_data_form(38.0, 0.95, None);
    assert_eq!(form_findings(&lint_file(&path)), vec![]);
}

#[test]
fn over_establishment_without_reason_is_a_warning_on_the_cell() {
    let (_d, path) = basic_data_form(42.0, 1.05, None);
    let r = lint_file(&path);
    let f = only(&r, "staff-establishment");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("实有人数 42 超过编制数 40"), "{f:#?}");
    assert_eq!(f[0].3, "单元格：基础数据表!B3");
    let (_d, path) = basic_data_form(42.0, 1.05, Some("超编2人为政策性安置"));
    assert_eq!(form_findings(&lint_file(&path)), vec![]);
}

#[test]
fn staff_control_rate_broken_is_found_on_its_cell() {
    let (_d, path) = basic_data_form(38.0, 0.90, None);
    let r = lint_file(&path);
    let f = only(&r, "staff-establishment");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("在职人员控制率应为 95%"), "{f:#?}");
    assert_eq!(f[0].3, "单元格：基础数据表!C3");
}

// ------------------------------------------------------------ realdev form texts

fn realdev(name: &str) -> FileReport {
    let dir = root().join("fixtures/realdev");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name))
        })
        .expect("realdev file");
    linter().lint(load_path(&path).unwrap())
}

#[test]
fn realdev_b05_vehicle_row_is_the_one_error() {
    let r = realdev("b05_");
    let f = form_findings(&r);
    assert!(!f.is_empty());
    assert!(
        f.iter().all(|x| x.0 == "sangong-table" && x.1 == 7),
        "{f:#?}"
    );
    assert!(f[0].2.starts_with("公务用车费（本年预算数）应为 32.65"));
}

#[test]
fn pasted_rows_are_rows_not_headings_and_their_cells_are_facts() {
    let dir = root().join("fixtures/realdev");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("b05_"))
        .unwrap();
    let doc = linter().parse(load_path(&path).unwrap());
    // "1.因公出国(境)费用 | 0 | 0 |" is a table row, not a heading.
    assert!(doc.sections.is_empty(), "{:?}", doc.sections.len());
    let car = doc
        .facts
        .iter()
        .find(|f| {
            f.label == "其中:(1)公务用车运行维护费" && f.column.as_deref() == Some("本年预算数")
        })
        .expect("a cell fact with its row label and column header");
    assert_eq!(car.value.to_string(), "32.65");
    assert_eq!(car.unit, "万元");
}

#[test]
fn realdev_forms_give_no_false_form_error() {
    for name in ["b04_", "b29_", "b30_", "b33_", "c08_", "c16_", "c17_"] {
        let r = realdev(name);
        assert_eq!(form_findings(&r), vec![], "{name}");
    }
}

// ------------------------------------------------------------ the command line

#[test]
fn check_and_facts_on_a_workbook_work_from_the_command_line() {
    let (_d, path) = transfer_form(|ws| {
        ws.write_number(13, 6, 99).unwrap();
    });
    let (out, _, code) = stdout_of(cli().arg("check").arg(&path));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[score-sum]"), "{out}");
    assert!(out.contains("总分应为 97.6"), "{out}");
    let (out, _, code) = stdout_of(cli().args(["check", "--format", "json"]).arg(&path));
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "score-sum");
    assert_eq!(d["cell"], "自评表!G14");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(14), Some(24))
    );
    let (out, _, code) = stdout_of(cli().arg("facts").arg(&path));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("表格（1 个）"), "{out}");
    assert!(out.contains("全年预算数(A)=808.10"), "{out}");
}

#[test]
fn a_workbook_on_standard_input_is_read_as_a_spreadsheet() {
    let (_d, path) = transfer_form(|ws| {
        ws.write_number(13, 6, 99).unwrap();
    });
    let bytes = std::fs::read(&path).unwrap();
    let src = reportlint::source::load_bytes("<stdin>".into(), &bytes).unwrap();
    assert_eq!(src.tables.len(), 1);
    let r = linter().lint(src);
    assert_eq!(only(&r, "score-sum").len(), 1);
}

#[test]
fn a_directory_walk_takes_workbooks_and_skips_office_lock_files() {
    let (d, path) = transfer_form(|ws| {
        ws.write_number(13, 6, 99).unwrap();
    });
    std::fs::write(d.path("~$就业补助资金自评表.xlsx"), b"lock").unwrap();
    let (out, err, code) = stdout_of(cli().arg("check").arg(d.dir.path()));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("总分应为 97.6"), "{out}");
    assert!(!out.contains("~$") && !err.contains("~$"), "{out}{err}");
    drop(path);
}

#[test]
fn encrypted_or_broken_workbooks_get_a_chinese_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really a workbook").unwrap();
    let err = load_path(&bad).unwrap_err().to_string();
    assert!(err.contains("无法读取电子表格"), "{err}");
    // An encrypted OOXML file is an OLE compound file holding EncryptedPackage.
    let enc = dir.path().join("加密.xlsx");
    std::fs::write(&enc, ole_with_encrypted_package()).unwrap();
    let err = load_path(&enc).unwrap_err().to_string();
    assert!(err.contains("已加密"), "{err}");
}

#[test]
fn a_zip_bomb_named_xlsx_is_refused_before_inflating() {
    let zeros = vec![0u8; 65 << 20];
    let bytes = docx_fixtures::zip_parts(&[("xl/worksheets/sheet1.xml", &zeros)]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("炸弹.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let err = load_path(&path).unwrap_err().to_string();
    assert!(err.contains("压缩炸弹"), "{err}");
}

/// A minimal compound file whose root holds a stream named EncryptedPackage.
fn ole_with_encrypted_package() -> Vec<u8> {
    let sector = 512usize;
    let mut header = vec![0u8; sector];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    header[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes()); // major version 3
    header[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little endian
    header[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    header[0x20..0x22].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    header[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    header[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    header[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    header[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    header[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT
    for i in 0..109 {
        let at = 0x4C + i * 4;
        let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    // FAT: sector 0 = FAT, sector 1 = directory (end of chain), sector 2 = stream.
    let mut fat = vec![0xFFu8; sector];
    fat[0..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    fat[4..8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    fat[8..12].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    let mut dir = vec![0u8; sector];
    let entry =
        |dir: &mut Vec<u8>, i: usize, name: &str, kind: u8, child: u32, start: u32, size: u32| {
            let e = &mut dir[i * 128..(i + 1) * 128];
            let units: Vec<u16> = name.encode_utf16().chain(std::iter::once(0)).collect();
            for (k, u) in units.iter().enumerate() {
                e[k * 2..k * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[0x40..0x42].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            e[0x42] = kind;
            e[0x43] = 1; // black
            e[0x44..0x48].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[0x48..0x4C].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
            e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
            e[0x78..0x7C].copy_from_slice(&size.to_le_bytes());
        };
    entry(&mut dir, 0, "Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    entry(&mut dir, 1, "EncryptedPackage", 2, 0xFFFF_FFFF, 2, 4096);
    let mut out = header;
    out.extend(fat);
    out.extend(dir);
    out.extend(vec![0u8; 4096]);
    out
}

/// A CSV form in a province's own columns, linted as a file.
fn lint_csv(text: &str) -> FileReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("自评表.csv");
    std::fs::write(&path, text).unwrap();
    lint_file(&path)
}

#[test]
fn a_csv_forms_rate_columns_and_indicator_rows_are_not_read_as_money_or_execution_rates() {
    // 资金到位率 beside the spending, 执行率 written as a fraction, and a
    // 预算执行率 indicator row whose 年度指标值/实际完成值 are percentages.
    let clean = "项目支出绩效自评表（2024年度）
项目名称,农村饮水安全巩固提升工程,,,,,
资金情况（万元）,预算批复数,实际支出数,资金到位率,执行率,分值,得分
年度资金总额,318,301.2,100%,0.947,10,9.47
其中：财政拨款,300,284,100%,,,
其他资金,18,17.2,100%,,,
一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分
预算执行率,,预算执行率,100%,94.7%,10,9.47
产出指标,数量指标,新建供水点,≥12个,12个,50,50
";
    let r = lint_csv(clean);
    assert_eq!(errors(&r), vec![], "{:#?}", r.diagnostics);
    // The fraction still checks the score and the spending: 0.947 scored 9.9.
    let broken = clean.replace("0.947,10,9.47", "0.947,10,9.9");
    let r = lint_csv(&broken);
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "execution-score", "{e:#?}");
}

#[test]
fn a_workbooks_figures_take_their_column_from_the_grid_not_from_the_rendered_text() {
    // 项目资金（万元） merged down over the funds rows (A1:A3), the row
    // labels in column B: in the text a funds row has one cell fewer than
    // the header row; the grid says which column each figure is in.
    let x = Xlsx {
        dir: tempfile::tempdir().unwrap(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    let plain = Format::new();
    ws.merge_range(0, 0, 2, 0, "项目资金（万元）", &plain)
        .unwrap();
    for (c, h) in ["年初预算数", "全年预算数", "全年执行数", "执行率"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16 + 2, *h).unwrap();
    }
    ws.write_string(1, 1, "年度资金总额").unwrap();
    ws.write_number(1, 2, 500.0).unwrap();
    ws.write_number(1, 3, 520.0).unwrap();
    ws.write_number(1, 4, 509.6).unwrap();
    ws.write_string(1, 5, "98.00%").unwrap();
    ws.write_string(2, 1, "其中：当年财政拨款").unwrap();
    ws.write_number(2, 2, 500.0).unwrap();
    ws.write_number(2, 3, 520.0).unwrap();
    ws.write_number(2, 4, 509.6).unwrap();
    let path = x.path("自评表.xlsx");
    wb.save(&path).unwrap();
    let doc = linter().parse(load_path(&path).unwrap());
    let column_of = |v: &str| {
        doc.facts
            .iter()
            .find(|f| f.text.starts_with(v))
            .and_then(|f| f.column.clone())
    };
    assert_eq!(
        column_of("500").as_deref(),
        Some("年初预算数"),
        "{:#?}",
        doc.facts
    );
    assert_eq!(column_of("520").as_deref(), Some("全年预算数"));
    assert_eq!(column_of("509.6").as_deref(), Some("全年执行数"));
    assert_eq!(column_of("98.00%").as_deref(), Some("执行率"));
}
