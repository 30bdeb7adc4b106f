//! The reading layer on sentences written as others write them: roles,
//! candidate readings and verdicts.

use super::change::{change_statement, verdict, Verdict};
use super::rate::{self, RateVerdict};
use super::roles::{role_of, Role};
use crate::document::Document;
use crate::parse;

fn doc(body: &str) -> Document {
    parse(
        "t.txt",
        format!("2021年度部门决算公开说明\n一、收入支出决算总体情况\n{body}\n"),
    )
}

fn fact(d: &Document, text: &str) -> usize {
    d.facts
        .iter()
        .position(|f| f.text.replace(' ', "") == text)
        .unwrap_or_else(|| panic!("no fact {text}"))
}

#[test]
fn roles_come_from_the_words_around_a_figure() {
    let d = doc("年初预算600万元，全年预算650万元，上年支出580万元，本年支出合计628.34万元，一般公共预算财政拨款支出500万元，上年结转资金支出20万元，实际支付610万元。");
    assert_eq!(role_of(&d, fact(&d, "600万元")), Role::Budget);
    assert_eq!(role_of(&d, fact(&d, "580万元")), Role::PriorYear);
    assert_eq!(role_of(&d, fact(&d, "628.34万元")), Role::ThisYear);
    // A fund named 一般公共预算 is money spent, not a budget.
    assert_eq!(role_of(&d, fact(&d, "500万元")), Role::ThisYear);
    // 上年结转 is carried into this year.
    assert_ne!(role_of(&d, fact(&d, "20万元")), Role::PriorYear);
    assert_eq!(role_of(&d, fact(&d, "610万元")), Role::Executed);
}

#[test]
fn an_unnamed_change_keeps_the_head_and_the_total_of_the_sentence_before() {
    let d = doc("支出合计500.00万元，年末结转和结余20.00万元，支出总计520.00万元。与上年相比，增加50.00万元，增长11.1%。");
    let s = change_statement(&d, fact(&d, "50.00万元")).expect("a change statement");
    let currents: Vec<String> = s
        .bindings
        .iter()
        .filter_map(|b| b.current.map(|c| d.facts[c].text.clone()))
        .collect();
    assert!(currents.contains(&"500.00万元".to_string()), "{currents:?}");
    assert!(currents.contains(&"520.00万元".to_string()), "{currents:?}");
    // 50 ÷ 450 = 11.1%: the head figure's reading agrees.
    match verdict(&d, &s) {
        Verdict::Consistent(k) => assert_eq!(s.bindings[k].via, "上一句首个数字"),
        v => panic!("{v:?}"),
    }
}

#[test]
fn a_stated_prior_figure_is_the_base_and_this_years_comes_before_it() {
    let d =
        doc("公务用车运行维护费支出52.00万元，比上年累计支出60.00万元下降8.00万元，下降14.3%。");
    let s = change_statement(&d, fact(&d, "8.00万元")).expect("statement");
    let b = &s.bindings[0];
    assert_eq!(d.facts[b.current.unwrap()].text, "52.00万元");
    assert_eq!(d.facts[b.previous.unwrap()].text, "60.00万元");
    // 8 ÷ 60 = 13.33%, stated 14.3%: wrong whichever way it is read.
    assert!(matches!(verdict(&d, &s), Verdict::Inconsistent { .. }));
}

#[test]
fn a_figure_in_yuan_that_agrees_only_in_wan_yuan_is_a_unit_slip() {
    let d = doc(
        "本年支出合计300.00万元，其中：项目支出186.4元，较上年172.1万元，增加14.3万元，增长8.31%。",
    );
    let s = change_statement(&d, fact(&d, "14.3万元")).expect("statement");
    match verdict(&d, &s) {
        Verdict::UnitSlip { fact: f, unit, .. } => {
            assert_eq!(d.facts[f].text, "186.4元");
            assert_eq!(unit, "万元");
        }
        v => panic!("{v:?}"),
    }
}

#[test]
fn an_items_rate_is_never_measured_on_its_parents_budget() {
    let d = doc("“三公”经费年初预算为22.00万元，支出决算为8.77万元，完成预算的39.86%，其中：公务接待费支出决算为0.30万元，完成预算的3.75%。");
    let parent = fact(&d, "39.86%");
    let item = fact(&d, "3.75%");
    let s = rate::rate_statement(&d, parent).expect("the total's rate binds");
    assert!(matches!(rate::verdict(&d, &s), RateVerdict::Consistent(_)));
    // The item's own budget (8.00) is not in the text: nothing binds.
    assert!(rate::rate_statement(&d, item).is_none());
}

#[test]
fn statements_are_listed_for_the_facts_command() {
    let d = doc("本年支出741.20万元，与上年相比减少55.45万元，下降6.96%。");
    let lines = super::statements(&d);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("候选") && lines[0].contains("结论：一致"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_table_cell_takes_its_role_from_its_column_header() {
    let d = doc("单位：万元\n项目\t上年数\t全年预算数\t全年执行数\t执行率\n年度资金总额\t40.00\t43.20\t37.24\t86.2%\n上年结转资金\t1.00\t3.20\t2.24\t70%");
    let roles: Vec<Role> = d
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == crate::facts::FactKind::Amount)
        .map(|(i, _)| role_of(&d, i))
        .collect();
    // 年度资金总额 names a budget, 上年结转 no year: the column decides.
    assert_eq!(
        roles,
        [
            Role::PriorYear,
            Role::Budget,
            Role::Executed,
            Role::PriorYear,
            Role::Budget,
            Role::Executed
        ]
    );
    // The rate in the 执行率 column is read on its row's figures.
    let i = d.facts.iter().position(|f| f.text == "86.2%").unwrap();
    let st = rate::rate_statement(&d, i).expect("a rate statement");
    assert!(st
        .bindings
        .iter()
        .any(|b| d.facts[b.exec].text == "37.24" && d.facts[b.budget].text == "43.20"));
}
