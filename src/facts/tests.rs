//! Table-driven extraction cases: each line of prose and what a reader
//! takes from it.

use crate::facts::{Fact, FactKind};
use crate::parse;

fn facts(text: &str) -> Vec<Fact> {
    parse("t.txt", format!("2020年度测试报告\n一、基本情况\n{text}\n")).facts
}

/// (text, kind, label, value, unit, decimals)
const CASES: &[(&str, &str, &str, &str, &str, u32)] = &[
    ("2020年度收入622万元。", "amount", "收入", "622", "万元", 0),
    (
        "其他收入49.16万元，占4.08%。另有年初结转和结余137.51万元。",
        "amount",
        "年初结转和结余",
        "137.51",
        "万元",
        2,
    ),
    (
        "年初结转和结余119.21万，总计741.2万。",
        "amount",
        "年初结转和结余",
        "119.21",
        "万元",
        2,
    ),
    (
        "本年支出合计736.91万元。",
        "amount",
        "本年支出合计",
        "736.91",
        "万元",
        2,
    ),
    (
        "其中：基本支出678.71万元，占92.1%。",
        "amount",
        "基本支出",
        "678.71",
        "万元",
        2,
    ),
    (
        "公务接待费支出决算0万元。",
        "amount",
        "公务接待费支出决算",
        "0",
        "万元",
        0,
    ),
    (
        "合同总投资40.18亿元。",
        "amount",
        "合同总投资",
        "40.18",
        "亿元",
        2,
    ),
    (
        "本年收入1,234,567.89元。",
        "amount",
        "本年收入",
        "1234567.89",
        "元",
        2,
    ),
    (
        "本年收入６２２万元。",
        "amount",
        "本年收入",
        "622",
        "万元",
        0,
    ),
    (
        "项目支出为58.2万元。",
        "amount",
        "项目支出",
        "58.2",
        "万元",
        1,
    ),
    (
        "年末结转和结余-3.5万元。",
        "amount",
        "年末结转和结余",
        "-3.5",
        "万元",
        1,
    ),
    (
        "安排资金约1万余元用于培训。",
        "amount",
        "安排资金",
        "1",
        "万元",
        0,
    ),
    (
        "全年执行数共计96.5万元。",
        "amount",
        "全年执行数",
        "96.5",
        "万元",
        1,
    ),
    (
        "“三公”经费支出1.3万元。",
        "amount",
        "“三公”经费支出",
        "1.3",
        "万元",
        1,
    ),
    (
        "因公出国（境）费支出决算1.3万元。",
        "amount",
        "因公出国（境）费支出决算",
        "1.3",
        "万元",
        1,
    ),
    ("执行率为94.85%。", "percent", "执行率", "94.85", "%", 2),
    (
        "满意率和基本满意率达100％。",
        "percent",
        "满意率和基本满意率",
        "100",
        "%",
        0,
    ),
    (
        "项目支出58.2万元，占7.9 %。",
        "percent",
        "项目支出占比",
        "7.9",
        "%",
        1,
    ),
    ("全办共有40名在职人员。", "count", "在职人员", "40", "名", 0),
    (
        "其中行政人员35人，事业人员5人。",
        "count",
        "行政人员",
        "35",
        "人",
        0,
    ),
    ("退休人员18人。", "count", "退休人员", "18", "人", 0),
    (
        "开展专项督查30余次。",
        "count",
        "开展专项督查",
        "30",
        "次",
        0,
    ),
    (
        "走访接待群众8000多人次。",
        "count",
        "走访接待群众",
        "8000",
        "人次",
        0,
    ),
    (
        "做好20件人大代表议案的办理。",
        "count",
        "人大代表议案",
        "20",
        "件",
        0,
    ),
    (
        "自评得分95.5分，评价等级为优。",
        "score",
        "自评得分",
        "95.5",
        "分",
        1,
    ),
    (
        "与2019年相比，减少55.45万元。",
        "change",
        "",
        "55.45",
        "万元",
        2,
    ),
    (
        "制发文件135件、同比减少22.3%。",
        "change",
        "制发文件",
        "22.3",
        "%",
        1,
    ),
    (
        "本年收入比上年增加50万元。",
        "change",
        "本年收入",
        "50",
        "万元",
        0,
    ),
    (
        "执行率比上年提高2.5个百分点。",
        "change",
        "执行率",
        "2.5",
        "个百分点",
        1,
    ),
    (
        "基本支出占总支出的92.1%。",
        "percent",
        "基本支出占总支出的",
        "92.1",
        "%",
        1,
    ),
    (
        "办公面积5.2万平方米，资金12万，用于维修。",
        "amount",
        "资金",
        "12",
        "万元",
        0,
    ),
];

#[test]
fn extraction_cases() {
    let mut failures = Vec::new();
    for (text, kind, label, value, unit, decimals) in CASES {
        let fs = facts(text);
        let found = fs
            .iter()
            .find(|f| f.kind.as_str() == *kind && f.value.to_string() == *value && f.unit == *unit);
        match found {
            Some(f) if f.label == *label && f.decimals == *decimals => {}
            Some(f) => failures.push(format!(
                "{text}: got label {:?} decimals {} (want {label:?} {decimals})",
                f.label, f.decimals
            )),
            None => failures.push(format!(
                "{text}: no {kind} {value}{unit}; got {:?}",
                fs.iter()
                    .map(|f| (
                        f.kind.as_str(),
                        f.label.clone(),
                        f.value.to_string(),
                        f.unit.clone()
                    ))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn share_is_attached_to_the_amount_before_it() {
    let fs = facts(
        "本年支出合计736.91万元，其中：基本支出678.71万元，占92.1%；项目支出58.2万元（占7.9%）。",
    );
    let basic = fs.iter().find(|f| f.label == "基本支出").unwrap();
    let share = &fs[basic.share.unwrap()];
    assert_eq!(share.value.to_string(), "92.1");
    let project = fs.iter().find(|f| f.label == "项目支出").unwrap();
    assert_eq!(fs[project.share.unwrap()].value.to_string(), "7.9");
    let total = fs.iter().find(|f| f.label == "本年支出合计").unwrap();
    assert!(total.share.is_none());
}

#[test]
fn change_knows_its_base_year_and_subject() {
    let fs = facts("2020年度支出736.91万元，总计741.2万。与2019年相比，减少55.45万元，减少7%。");
    let changes: Vec<_> = fs.iter().filter(|f| f.kind == FactKind::Change).collect();
    assert_eq!(changes.len(), 2);
    assert!(changes
        .iter()
        .all(|c| c.base_year == Some(2019) && c.direction == -1));
    let subject = &fs[changes[0].subject.unwrap()];
    assert_eq!(subject.label, "总计");
}

#[test]
fn change_subject_is_the_figure_named_like_it_not_the_nearest() {
    let fs = facts(
        "全年支出合计1901.64万元，其中：基本支出1523.40万元；项目支出378.24万元。基本支出中，人员经费1362.85万元，公用经费160.55万元。与上年相比，本年支出增加113.44万元，增长6.34%。",
    );
    let changes: Vec<_> = fs.iter().filter(|f| f.kind == FactKind::Change).collect();
    assert_eq!(changes.len(), 2);
    for c in changes {
        assert_eq!(fs[c.subject.unwrap()].label, "全年支出合计");
    }
}

#[test]
fn a_score_at_the_end_of_a_hard_wrapped_line_is_a_score() {
    // Six table-like lines without 。 make the report read as hard-wrapped;
    // 得分8分 then runs into the next line's 成本指标 (分成 is not a score).
    let text = "项目绩效自评表如下\n数量指标：改造户厕数量，分值10分，得分10分\n质量指标：验收合格率，分值10分，得分10分\n时效指标：完工及时率，分值10分，得分8分\n成本指标：户均补助标准，分值10分，得分10分\n效益指标：普及率提高，分值10分，得分9分\n满意度指标：受益群众满意度，分值10分，得分10分";
    let fs = facts(text);
    let eight = fs
        .iter()
        .find(|f| f.kind == FactKind::Score && f.value.to_string() == "8");
    assert!(eight.is_some_and(|f| f.label == "得分"), "{fs:?}");
}

#[test]
fn last_year_means_the_report_year_minus_one() {
    let fs = facts("本年收入较上年增长5%。");
    let c = fs.iter().find(|f| f.kind == FactKind::Change).unwrap();
    assert_eq!(c.base_year, Some(2019));
    assert_eq!(c.direction, 1);
}

#[test]
fn percentage_points_are_not_percentages() {
    let fs = facts("执行率较上年提高3个百分点。");
    assert!(fs.iter().all(|f| f.kind != FactKind::Percent));
}

#[test]
fn years_and_document_numbers_are_not_money() {
    let fs = facts("根据湘财绩〔2020〕7号文件，2020年12月31日前完成。");
    assert!(fs.iter().all(|f| f.kind == FactKind::Year));
    assert_eq!(fs.len(), 1);
}

#[test]
fn amounts_know_their_value_in_yuan() {
    let fs = facts("收入622万元，投资1.5亿元，经费300元。");
    let yuan: Vec<_> = fs
        .iter()
        .map(|f| f.yuan.unwrap().normalize().to_string())
        .collect();
    assert_eq!(yuan, vec!["6220000", "150000000", "300"]);
}

#[test]
fn markdown_table_cells_take_row_label_and_column_header() {
    let text = "单位：万元\n| 项目 | 年初预算数 | 全年执行数 |\n| --- | --- | --- |\n| 基本支出 | 680.00 | 678.71 |\n";
    let fs = facts(text);
    let exec = fs.iter().find(|f| f.value.to_string() == "678.71").unwrap();
    assert_eq!(exec.label, "基本支出");
    assert_eq!(exec.column.as_deref(), Some("全年执行数"));
    assert_eq!(exec.unit, "万元");
}

#[test]
fn negative_in_parentheses_in_tables() {
    let text = "单位：元\n| 项目 | 金额 |\n| 结余 | (1,200.50) |\n";
    let fs = facts(text);
    assert_eq!(fs[0].value.to_string(), "-1200.50");
}
