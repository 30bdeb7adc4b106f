//! Form identities beyond the national layout, on forms built by the tests:
//! level subtotals (三级 → 二级 → 一级) in a Word 自评表, 决算 tables (收入支出
//! 决算总表 with its two halves, a 支出决算表 by function code), one defect
//! found once across prose and form rules, and a second province's variant
//! (部门整体支出绩效自评表 as .xlsx with a 分值 column per level).

mod common;
mod docx_fixtures;
mod form_support;

use docx_fixtures::{docx_from_text, Extras, Layout};
use form_support::*;
use reportlint::source::docx::read_docx;
use reportlint::source::load_path;
use rust_xlsxwriter::{Format, Workbook};

/// The national layout with level subtotals: each 一级 name merged down over
/// its subtotal row and its 三级 rows.
const LEVELS_FORM: &str = "项目支出绩效自评表
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
^^\t产出指标\t\t\t\t\t50\t47\t
^^\t^^\t数量指标\t培训人数\t≥1000人\t1200人\t20\t20\t
^^\t^^\t质量指标\t培训合格率\t≥90%\t85%\t15\t12\t部分学员未通过考核，下年加强过程管理
^^\t^^\t时效指标\t补贴发放及时率\t100%\t100%\t15\t15\t
^^\t效益指标\t\t\t\t\t30\t28\t
^^\t^^\t社会效益指标\t就业率\t≥80%\t82%\t30\t28\t
^^\t满意度指标\t\t\t\t\t10\t10\t
^^\t^^\t服务对象满意度指标\t学员满意度\t≥90%\t95%\t10\t10\t
^^\t预算执行率\t\t\t\t\t10\t9\t
总分\t<<\t<<\t<<\t<<\t<<\t100\t94\t
";

#[test]
fn word_form_level_subtotals_read_from_merged_cells() {
    let bytes = docx_from_text(LEVELS_FORM, Layout::Tables, Extras::default());
    let src = read_docx("自评表.docx".into(), &bytes).unwrap().source;
    let t = &src.tables[0];
    assert_eq!(t.rows[1].cells[0].text, "产出指标");
    assert_eq!(t.rows[1].cells[0].row_span, 4);
    assert_eq!(form_findings(&lint_word(LEVELS_FORM)), vec![]);
}

#[test]
fn word_form_level_subtotal_broken_is_found_on_its_cell() {
    // 产出 得分 47 → 46: its rows give 47; the 总分 (Σ 三级) still holds.
    let r = lint_word(&edit(LEVELS_FORM, 3, 7, "46"));
    let f = only(&r, "score-sum");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        f[0].2,
        "一级指标“产出指标”的得分应为 47（下级指标得分之和），表中写作 46"
    );
    assert_eq!(cell_text(&r, 3, &f[0]), "46");
    // A 三级 weight off: the 一级 subtotal is found, and 产出 no longer
    // sums to 50 — but the weights then miss 100, so Σ 得分 is not judged.
    let r = lint_word(&edit(LEVELS_FORM, 4, 6, "25"));
    let f = form_findings(&r);
    assert!(
        f.iter().any(|x| x.0 == "score-sum"
            && x.1 == 3
            && x.2 == "一级指标“产出指标”的分值应为 55（下级指标分值之和），表中写作 50"),
        "{f:#?}"
    );
    assert!(f.iter().all(|x| !x.2.starts_with("总分应为")), "{f:#?}");
}

/// A 收入支出决算总表 (公开 template: 行次 columns, a merged 收入/支出 head,
/// a 总计 on each half) and a 支出决算表 by function code, in one Word file.
const ACCOUNTS_FORM: &str = "收入支出决算总表
收入\t<<\t<<\t支出\t<<\t<<
项目\t行次\t金额\t项目\t行次\t金额
一、一般公共预算财政拨款收入\t1\t600.00\t一、一般公共服务支出\t32\t150.00
二、事业收入\t2\t22.00\t二、社会保障和就业支出\t33\t472.00
本年收入合计\t3\t622.00\t本年支出合计\t34\t622.00
年初结转和结余\t4\t10.00\t年末结转和结余\t35\t10.00
总计\t5\t632.00\t总计\t36\t632.00
支出决算表
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t622.00\t500.00\t122.00
201\t一般公共服务支出\t150.00\t100.00\t50.00
20101\t人大事务\t150.00\t100.00\t50.00
2010101\t行政运行\t100.00\t100.00\t
2010102\t一般行政管理事务\t50.00\t\t50.00
208\t社会保障和就业支出\t472.00\t400.00\t72.00
";

#[test]
fn clean_word_accounts_tables_give_no_form_finding() {
    assert_eq!(form_findings(&lint_word(ACCOUNTS_FORM)), vec![]);
}

#[test]
fn word_accounts_tables_broken_are_found_on_their_cells() {
    // 本年支出合计 off its items: found there, not again on 总计.
    let r = lint_word(&edit(ACCOUNTS_FORM, 6, 5, "632.00"));
    let f = only(&r, "final-accounts-table");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].2, "本年支出合计应为 622（各项之和），表中写作 632.00");
    assert_eq!(cell_text(&r, 6, &f[0]), "632.00");
    // 支出 总计 off 本年支出合计 + 年末结转和结余.
    let r = lint_word(&edit(ACCOUNTS_FORM, 8, 5, "633.00"));
    let f = only(&r, "final-accounts-table");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.starts_with("支出总计应为 632"), "{f:#?}");
    assert_eq!(cell_text(&r, 8, &f[0]), "633.00");
    // A 项's 项目支出 off: its row no longer adds up; found there, once (not
    // again on its 款's column).
    let r = lint_word(&edit(ACCOUNTS_FORM, 15, 4, "40.00"));
    let f = only(&r, "final-accounts-table");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        f[0].2,
        "一般行政管理事务的合计应为 40（基本支出 + 项目支出），表中写作 50.00"
    );
    assert_eq!(cell_text(&r, 15, &f[0]), "50.00");
    // A 项's 合计 and 项目支出 off together (the row adds up): its 款 is found
    // in those columns.
    let r = lint_word(&edit(&edit(ACCOUNTS_FORM, 15, 4, "40.00"), 15, 2, "40.00"));
    let f = only(&r, "final-accounts-table");
    assert!(
        f.iter()
            .any(|x| x.2 == "人大事务（20101）（项目支出）应为 40（其下各项之和），表中写作 50.00"),
        "{f:#?}"
    );
}

#[test]
fn one_defect_in_a_table_is_one_finding_across_prose_and_form_rules() {
    // A 自评表 funds row under 单位：万元: its cells are facts, so the rate is
    // execution-rate's; execution-score checks only the score.
    let form = "项目支出绩效自评表\n单位：万元\n项目资金\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n年度资金总额\t43.20\t43.20\t37.24\t10\t90%\t9\n";
    let e = errors(&lint_text(form));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "execution-rate");
    assert!(e[0].1.starts_with("执行率应约为 86.20%"), "{e:#?}");
    // A project table in a report: read by its columns as prose is.
    let table = "二、预算执行情况\n单位：万元\n项目名称\t全年预算数\t全年执行数\t执行率\n职业技能培训\t43.20\t37.24\t90%\n";
    let e = errors(&lint_text(table));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "execution-rate");
    // A 三公 table in a disclosure, its total off: one finding.
    let sangong = "三、“三公”经费支出情况\n单位：万元\n项目\t预算数\t决算数\n“三公”经费合计\t20.50\t19.30\n因公出国（境）费\t0.00\t0.00\n公务接待费\t5.50\t4.30\n公务用车购置及运行维护费\t15.00\t14.00\n其中：公务用车购置费\t0.00\t0.00\n公务用车运行维护费\t15.00\t14.00\n";
    let e = errors(&lint_text(sangong));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].0, "sangong-table");
}

// ------------------------------------------------------------ Excel, a second province's variant

/// A 部门整体支出绩效自评表 with a 分值 column per level (一级指标 | 分值 |
/// 二级指标 | 分值 | 三级指标 | 分值 | 得分 | 扣分原因), the 一级 and 二级 names and
/// their 分值 merged down over their rows, a 总分 row and a 绩效等级.
fn whole_unit_form(tweak: impl Fn(&mut rust_xlsxwriter::Worksheet)) -> (Xlsx, std::path::PathBuf) {
    let mut wb = Workbook::new();
    let f = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("部门整体自评表").unwrap();
    ws.merge_range(0, 0, 0, 7, "2024年度部门整体支出绩效自评表", &f)
        .unwrap();
    let head = [
        "一级指标",
        "分值",
        "二级指标",
        "分值",
        "三级指标",
        "分值",
        "得分",
        "扣分原因",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // (first row, last row, name, points) of the 一级 and the 二级 indicators.
    let first = [
        (2, 4, "部门决策", 20),
        (5, 7, "部门管理", 30),
        (8, 10, "部门绩效", 50),
    ];
    let second = [
        (2, 3, "目标设定", 10),
        (4, 4, "决策过程", 10),
        (5, 6, "资金管理", 20),
        (7, 7, "资产管理", 10),
        (8, 9, "产出", 30),
        (10, 10, "效果", 20),
    ];
    for (cols, list) in [((0u16, 1u16), &first[..]), ((2, 3), &second[..])] {
        for &(a, b, name, points) in list {
            if a == b {
                ws.write_string(a, cols.0, name).unwrap();
                ws.write_number(a, cols.1, points).unwrap();
            } else {
                ws.merge_range(a, cols.0, b, cols.0, name, &f).unwrap();
                ws.merge_range(a, cols.1, b, cols.1, "", &f).unwrap();
                ws.write_number(a, cols.1, points).unwrap();
            }
        }
    }
    let third = [
        ("绩效目标合理性", 5, 5, ""),
        ("绩效指标明确性", 5, 4, "部分指标未量化"),
        ("预算编制科学性", 10, 9, "个别项目预算调整"),
        ("资金使用合规性", 10, 10, ""),
        ("预算执行进度", 10, 9, "执行进度偏慢"),
        ("资产管理规范性", 10, 10, ""),
        ("重点工作完成率", 15, 15, ""),
        ("工作质量达标率", 15, 14, "个别工作返工"),
        ("服务对象满意度", 20, 18, "满意度调查样本偏少"),
    ];
    for (i, (name, points, score, why)) in third.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string(r, 4, *name).unwrap();
        ws.write_number(r, 5, *points).unwrap();
        ws.write_number(r, 6, *score).unwrap();
        if !why.is_empty() {
            ws.write_string(r, 7, *why).unwrap();
        }
    }
    ws.merge_range(11, 0, 11, 4, "总分", &f).unwrap();
    ws.write_number(11, 5, 100).unwrap();
    ws.write_number(11, 6, 94).unwrap();
    ws.merge_range(12, 0, 12, 1, "绩效等级", &f).unwrap();
    ws.merge_range(12, 2, 12, 7, "优", &f).unwrap();
    tweak(ws);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("部门整体支出绩效自评表.xlsx");
    wb.save(&path).unwrap();
    (Xlsx { dir }, path)
}

#[test]
fn clean_whole_unit_form_gives_no_form_finding() {
    let (_d, path) = whole_unit_form(|_| {});
    let src = load_path(&path).unwrap();
    let t = &src.tables[0];
    // 部门决策 and its 分值 cover three rows, 目标设定 two.
    assert_eq!(t.rows[2].cells[0].row_span, 3);
    assert_eq!(t.rows[2].cells[1].location, "部门整体自评表!B3");
    assert_eq!(t.rows[2].cells[3].row_span, 2);
    assert_eq!(form_findings(&lint_file(&path)), vec![]);
}

#[test]
fn whole_unit_form_each_identity_broken_is_found_on_its_cell() {
    let one = |tweak: &dyn Fn(&mut rust_xlsxwriter::Worksheet), rule: &str| {
        let (_d, path) = whole_unit_form(tweak);
        let f = only(&lint_file(&path), rule);
        assert_eq!(f.len(), 1, "{f:#?}");
        (f[0].2.clone(), f[0].3.clone())
    };
    // A score above its points (the 总分 kept equal to the scores).
    let (m, at) = one(
        &|ws| {
            ws.write_number(3, 6, 6).unwrap();
            ws.write_number(11, 6, 96).unwrap();
        },
        "score-sum",
    );
    assert_eq!(
        (m.as_str(), at.as_str()),
        ("得分 6 超过分值 5", "单元格：部门整体自评表!G4")
    );
    // A 一级 分值 that is not its 二级 分值's sum.
    let (m, at) = one(
        &|ws| {
            ws.write_number(2, 1, 25).unwrap();
        },
        "score-sum",
    );
    assert_eq!(
        m,
        "一级指标“部门决策”的分值应为 20（下级指标分值之和），表中写作 25"
    );
    assert_eq!(at, "单元格：部门整体自评表!B3");
    // A 二级 分值 off: found on it, not again on its 一级.
    let (m, at) = one(
        &|ws| {
            ws.write_number(5, 3, 15).unwrap();
        },
        "score-sum",
    );
    assert_eq!(
        m,
        "二级指标“资金管理”的分值应为 20（下级指标分值之和），表中写作 15"
    );
    assert_eq!(at, "单元格：部门整体自评表!D6");
    // The 总分 off the scores.
    let (m, at) = one(
        &|ws| {
            ws.write_number(11, 6, 95).unwrap();
        },
        "score-sum",
    );
    assert!(m.starts_with("总分应为 94（各项得分之和）"), "{m}");
    assert_eq!(at, "单元格：部门整体自评表!G12");
    // The grade off the band of its 总分.
    let (m, at) = one(
        &|ws| {
            ws.write_string(12, 2, "良").unwrap();
        },
        "grade-band",
    );
    assert_eq!(m, "总分 94 应评为“优”，表中写作“良”");
    assert_eq!(at, "单元格：部门整体自评表!C13");
}
