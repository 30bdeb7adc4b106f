//! Execution rates: 执行率 = 执行数 ÷ 预算数 (also 完成预算的Y%, 支付率,
//! 到位率) — which executed and budget figures a rate is measured on, every
//! plausible binding, and whether any binding is consistent.
//!
//! An item's rate is measured against that item's own budget: a budget of
//! another subject (the 三公 total for 公务接待费) is never a candidate.

use super::roles::{role_of, Role};
use super::rounding::{self, Check};
use super::{figure, Conclusion};
use crate::document::Document;
use crate::facts::label::{core, same_subject};
use crate::facts::FactKind;

/// Label words of a rate of execution.
pub const RATE_WORDS: &[&str] = &[
    "预算完成率",
    "资金使用率",
    "执行率",
    "完成预算",
    "完成年初预算",
    "完成全年预算",
    "完成调整预算",
    "支付率",
    "到位率",
    "拨付率",
];

/// How many figures back a rate's figures are looked for when its own
/// paragraph does not state them.
const LOOK_BACK: usize = 400;

/// One candidate reading of a rate: the executed figure and the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBinding {
    pub exec: usize,
    /// The budget; or, when `derived` is not 0, the stated difference
    /// between executed and budget (决算数大于预算数55.93万元: the budget
    /// is exec − derived × difference).
    pub budget: usize,
    pub derived: i32,
    pub via: &'static str,
}

/// A rate and its candidate readings, most likely first.
#[derive(Debug, Clone)]
pub struct RateStatement {
    pub rate: usize,
    pub bindings: Vec<RateBinding>,
}

/// The verdict on a rate statement.
#[derive(Debug, Clone)]
pub enum RateVerdict {
    Consistent(usize),
    UnitSlip {
        binding: usize,
        fact: usize,
        unit: &'static str,
    },
    Inconsistent {
        binding: usize,
        check: Check,
    },
    Unchecked,
}

/// Role words and period words taken off a label to leave what it is about
/// (公务接待费支出决算 → 公务接待费; 全年预算数 → "").
const ROLE_WORDS: &[&str] = &[
    "预算执行数",
    "执行数",
    "执行资金",
    "执行金额",
    "实际总支出",
    "实际支出",
    "实际使用",
    "实际执行",
    "实际下达",
    "支出决算数",
    "支出决算",
    "决算数",
    "决算",
    "预算数",
    "预算金额",
    "预算资金",
    "预算",
    "年初",
    "本年度",
    "本年",
    "全年度",
    "全年",
    "年度",
    "调整后",
    "调整",
    "安排资金",
    "安排",
    "下达",
    "拨付",
    "支付",
    "到位资金",
    "到位",
    "投入资金",
    "资金",
    "金额",
    "合计",
    "总额",
    "共计",
    "累计",
    "完成",
    "实际",
];

/// What a label is about, without its role and period words.
pub fn subject(label: &str) -> String {
    let mut s = crate::facts::label::normalize(&super::roles::without_fund_names(label));
    for w in RATE_WORDS
        .iter()
        .chain(&["预算执行率", "资金支付率", "资金到位率"])
    {
        s = s.replace(w, "");
    }
    for w in ROLE_WORDS {
        s = s.replace(w, "");
    }
    let s = if s.is_empty() { s } else { core(&s) };
    match s.as_str() {
        "支出" | "收入" | "经费" | "的" | "为" | "数" | "总支出" | "总" | "项目" | "本项目" => {
            String::new()
        }
        _ => s,
    }
}

/// Whether an executed figure and a budget may be of one thing: the same
/// subject, or one of them names none (全年执行数 and 全年预算数).
fn compatible(exec: &str, budget: &str) -> bool {
    let (e, b) = (subject(exec), subject(budget));
    e.is_empty() || b.is_empty() || e == b || same_subject(&e, &b)
}

fn is_rate_word(label: &str) -> bool {
    RATE_WORDS.iter().any(|w| label.contains(w))
}

/// The statement of fact `i`, if it is an execution rate.
pub fn rate_statement(doc: &Document, i: usize) -> Option<RateStatement> {
    statement(doc, i, true)
}

/// `look_back`: whether a rate whose paragraph states no figures may be read
/// on figures stated before it (the one step that looks outside the rate's
/// own paragraph, taken once).
fn statement(doc: &Document, i: usize, look_back: bool) -> Option<RateStatement> {
    let r = doc.facts.get(i)?;
    if r.kind != FactKind::Percent || r.approx {
        return None;
    }
    // A rate of another year (上年执行率为96.5%) is not this year's.
    if ["上年", "去年", "上一年", "同期"]
        .iter()
        .any(|w| r.label.contains(w))
    {
        return None;
    }
    // In a table the column names the rate (执行率), the row what it is of;
    // an indicator's target or result (年度指标值 100%, 实际完成值 95%) is no
    // rate of money, whatever its row is called.
    if r.column.as_deref().is_some_and(|c| {
        ["指标值", "完成值", "目标值", "标准"]
            .iter()
            .any(|w| c.contains(w))
    }) {
        return None;
    }
    let named = is_rate_word(&r.label) || r.column.as_deref().is_some_and(is_rate_word);
    // What kind of rate: the row's words and the column's (资金到位率).
    let kind_label = match &r.column {
        Some(c) => format!("{}{c}", r.label),
        None => r.label.clone(),
    };
    // A table cell is read on its own row only.
    let look_back = look_back && r.column.is_none();
    let before = |from: usize| {
        (0..from)
            .rev()
            .take(LOOK_BACK)
            .filter(|&j| doc.facts[j].kind != FactKind::Year)
    };
    let in_para = |j: usize| doc.facts[j].paragraph == r.paragraph;
    let amount_with = |j: usize, role: Role| {
        let f = &doc.facts[j];
        f.kind == FactKind::Amount && !f.approx && role_of(doc, j) == role
    };
    let mut bindings: Vec<RateBinding> = Vec::new();
    let push = |bindings: &mut Vec<RateBinding>, e: usize, b: usize, via: &'static str| {
        if e != b
            && compatible(&doc.facts[e].label, &doc.facts[b].label)
            && !bindings.iter().any(|x| x.exec == e && x.budget == b)
        {
            bindings.push(RateBinding {
                exec: e,
                budget: b,
                derived: 0,
                via,
            });
        }
    };
    // 完成预算12.02万元的100% / 为预算18.50万元的73.62%: the budget right before.
    if let Some(p) = before(i).next() {
        let wording = r.label.is_empty() || r.label.ends_with('的') || named;
        if wording && amount_with(p, Role::Budget) && doc.facts[p].sentence == r.sentence {
            let exec = before(p)
                .take_while(|&j| in_para(j))
                .find(|&j| amount_with(j, Role::Executed) || amount_with(j, Role::ThisYear));
            if let Some(e) = exec {
                push(&mut bindings, e, p, "完成预算X的Y%");
            }
        }
    }
    if !named {
        return (!bindings.is_empty()).then_some(RateStatement { rate: i, bindings });
    }
    // Stated elsewhere, the figures must be of what the rate names: a
    // 项目支出执行率 is not measured on the 三公 spending before it.
    let rate_subject = subject(&r.label);
    let of_rate_subject = |j: usize| {
        let s = subject(&doc.facts[j].label);
        rate_subject.is_empty() || s == rate_subject || same_subject(&s, &rate_subject)
    };
    let spent = |j: usize| amount_with(j, Role::Executed) || amount_with(j, Role::ThisYear);
    // The executed figures: the one right before the rate in its sentence
    // (基本支出1,015.84万元，执行率99.37%), the nearest spent figure of the
    // paragraph, else the last spent figure stated before of the rate's subject.
    let mut execs: Vec<usize> = Vec::new();
    if let Some(p) = before(i).next() {
        if in_para(p) && doc.facts[p].sentence == r.sentence && spent(p) {
            execs.push(p);
        }
    }
    // (Named spent by its own words, not as a part listed under one.)
    if let Some(e) = before(i).take_while(|&j| in_para(j)).find(|&j| {
        amount_with(j, Role::Executed) && super::roles::own_role(doc, j) == Role::Executed
    }) {
        if !execs.contains(&e) {
            execs.push(e);
        }
    }
    if execs.is_empty() && !look_back {
        return (!bindings.is_empty()).then_some(RateStatement { rate: i, bindings });
    }
    if execs.is_empty() {
        // The same rate stated before with its figures (全年预算执行率94.07%
        // restated under 存在的问题): its readings are this one's.
        for j in before(i).take(LOOK_BACK) {
            let g = &doc.facts[j];
            if g.kind == FactKind::Percent
                && g.value == r.value
                && g.decimals == r.decimals
                && is_rate_word(&g.label)
            {
                if let Some(earlier) = statement(doc, j, false) {
                    for b in earlier.bindings {
                        if !bindings
                            .iter()
                            .any(|x| x.exec == b.exec && x.budget == b.budget)
                        {
                            bindings.push(RateBinding {
                                via: "前文同值执行率",
                                ..b
                            });
                        }
                    }
                    break;
                }
            }
        }
        // Nothing stated beside it (全年预算执行率为94.97%, repeated in a
        // summary): the last spent figure of its subject, and the last one
        // that names no subject (the whole's).
        let spent_before = || {
            before(i)
                .take(LOOK_BACK)
                .filter(|&j| amount_with(j, Role::Executed) && of_rate_subject(j))
        };
        execs.extend(spent_before().next());
        if let Some(e) = spent_before().find(|&j| subject(&doc.facts[j].label).is_empty()) {
            if !execs.contains(&e) {
                execs.push(e);
            }
        }
    }
    // Budgets of the paragraph; when the rate names which one (完成年初预算,
    // 全年预算, 调整预算) and the paragraph states it, only that one.
    let mut para_budgets: Vec<usize> = before(i)
        .take_while(|&j| in_para(j))
        .filter(|&j| amount_with(j, Role::Budget))
        .collect();
    for word in ["年初", "全年", "调整"] {
        if r.label.contains(word)
            && para_budgets
                .iter()
                .any(|&j| doc.facts[j].label.contains(word))
        {
            para_budgets.retain(|&j| doc.facts[j].label.contains(word));
        }
    }
    // 支付率 may be measured on the money received (按到位资金计算).
    let on_received = ["支付率", "拨付率"].iter().any(|w| kind_label.contains(w));
    // A 到位率 is measured on the money received, never on the spending.
    if kind_label.contains("到位") {
        execs.retain(|&e| doc.facts[e].label.contains("到位"));
    }
    for &e in &execs {
        let before_count = bindings.len();
        let subj = subject(&doc.facts[e].label);
        // An item's own budget outranks the budgets around it.
        if !subj.is_empty() {
            let own: Vec<usize> = before(e)
                .take(LOOK_BACK)
                .filter(|&j| {
                    amount_with(j, Role::Budget) && {
                        let s = subject(&doc.facts[j].label);
                        s == subj || same_subject(&s, &subj)
                    }
                })
                .take(3)
                .collect();
            for b in own {
                push(&mut bindings, e, b, "同名预算数");
            }
        }
        if bindings.len() == before_count {
            // An item's spending (其中管网建设执行数296.3万元) is not measured
            // on the whole's budget when the paragraph states the whole's
            // spending too: that budget is the whole's.
            let whole_spent = !subj.is_empty()
                && before(i)
                    .take_while(|&j| in_para(j))
                    .any(|j| j != e && spent(j) && subject(&doc.facts[j].label).is_empty());
            for &b in &para_budgets {
                if whole_spent && subject(&doc.facts[b].label).is_empty() {
                    continue;
                }
                push(&mut bindings, e, b, "同段预算数");
            }
        }
        // 完成年初预算100%，决算数大于预算数55.93万元: the budget stated as a
        // difference from the executed figure, in the rate's sentence.
        for j in (i + 1..doc.facts.len())
            .take(LOOK_BACK)
            .take_while(|&j| doc.facts[j].sentence == r.sentence)
        {
            if let Some(sign) = difference_from_budget(&doc.facts[j].label) {
                if matches!(doc.facts[j].kind, FactKind::Amount | FactKind::Change) {
                    bindings.push(RateBinding {
                        exec: e,
                        budget: j,
                        derived: sign,
                        via: "决算数与预算数之差",
                    });
                }
            }
        }
        // The money received (专项资金到位500万元，实际使用476.85万元，执行率
        // 95.37%): a base for a rate of its paragraph; for 支付率 from anywhere before.
        // (Not for a 到位率 or a received figure itself, and for an item only
        // its own receipts.)
        let received_base = !kind_label.contains("到位") && !doc.facts[e].label.contains("到位");
        for b in before(e)
            .take(LOOK_BACK)
            .filter(|&j| {
                received_base
                    && (on_received || in_para(j))
                    && doc.facts[j].label.contains("到位")
                    && spent(j)
                    && (subj.is_empty() || {
                        let s = subject(&doc.facts[j].label);
                        s == subj || same_subject(&s, &subj)
                    })
            })
            .take(2)
        {
            push(&mut bindings, e, b, "到位资金");
        }
        // A full-year budget stated earlier, for a rate whose paragraph states none.
        if bindings.len() == before_count && subj.is_empty() {
            let found = before(e).take(LOOK_BACK).find(|&j| {
                amount_with(j, Role::Budget)
                    && of_rate_subject(j)
                    && ["全年预算", "调整后预算", "调整预算", "资金总额"]
                        .iter()
                        .any(|w| doc.facts[j].label.contains(w))
            });
            if let Some(b) = found {
                push(&mut bindings, e, b, "前文全年预算数");
            }
        }
    }
    if r.column.is_some() {
        bindings.retain(|b| in_para(b.exec) && in_para(b.budget));
    }
    (!bindings.is_empty()).then_some(RateStatement { rate: i, bindings })
}

/// +1 when a label says the executed figure exceeds the budget by the
/// amount (决算数大于预算数, 超预算), −1 when it falls short (决算数小于预算数,
/// 比预算节约); `None` otherwise.
pub fn difference_from_budget(label: &str) -> Option<i32> {
    static RE: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
        regex_lite::Regex::new(
            r"(?:决算数?|执行数|支出|实际支出)?(?:比|较)?(大于|超过|超出|多于|超|小于|少于|低于|节约|节省|结余)(?:年初|全年|调整后?)?预算(?:数)?(?:了)?$|比(?:年初|全年)?预算(?:数)?(增加|多|减少|节约|少)(?:了)?$",
        )
        .expect("difference regex")
    });
    let c = RE.captures(label)?;
    let word = c.get(1).or_else(|| c.get(2))?.as_str();
    Some(
        if matches!(
            word,
            "大于" | "超过" | "超出" | "多于" | "超" | "增加" | "多"
        ) {
            1
        } else {
            -1
        },
    )
}

fn check(doc: &Document, b: &RateBinding, r: usize, slip: Option<(usize, &str)>) -> Option<Check> {
    let unit = |k: usize| slip.filter(|(f, _)| *f == k).map(|(_, u)| u);
    let ef = figure::in_yuan(&doc.facts[b.exec], unit(b.exec))?;
    let mut bf = figure::in_yuan(&doc.facts[b.budget], unit(b.budget))?;
    if b.derived != 0 {
        // budget = exec − derived × difference, carrying both half-units.
        let d = if b.derived > 0 { bf.value } else { -bf.value };
        bf = super::rounding::Figure {
            value: ef.value.checked_sub(d)?,
            half: ef.half + bf.half,
        };
    }
    rounding::share_check(ef, bf, figure::percent(&doc.facts[r]))
}

/// Consistent under some binding, a unit slip, or inconsistent under all.
pub fn verdict(doc: &Document, s: &RateStatement) -> RateVerdict {
    let outcome = super::first_consistent(s.bindings.len(), |k| {
        check(doc, &s.bindings[k], s.rate, None).map(|c| (!c.ok).then_some(c))
    });
    let (binding, c) = match outcome {
        Ok(k) => return RateVerdict::Consistent(k),
        Err(None) => return RateVerdict::Unchecked,
        Err(Some(first)) => first,
    };
    for (k, bd) in s.bindings.iter().enumerate() {
        let (e, b) = (bd.exec, bd.budget);
        let (ue, ub) = (doc.facts[e].unit.as_str(), doc.facts[b].unit.as_str());
        if ue == ub {
            continue;
        }
        for (odd, unit) in [(e, ub), (b, ue)] {
            let Some((unit, _)) = figure::money(unit) else {
                continue;
            };
            if check(doc, bd, s.rate, Some((odd, unit))).is_some_and(|c| c.ok) {
                return RateVerdict::UnitSlip {
                    binding: k,
                    fact: odd,
                    unit,
                };
            }
        }
    }
    RateVerdict::Inconsistent { binding, check: c }
}

/// One line for `reportlint facts`.
pub fn describe(doc: &Document, s: &RateStatement) -> String {
    let f = |k: usize| {
        let x = &doc.facts[k];
        format!("{}（{}，第{}行）", x.text, x.label, x.line)
    };
    let mut out = format!("执行率：{}", f(s.rate));
    for b in &s.bindings {
        let budget = match b.derived {
            0 => f(b.budget),
            1 => format!("执行数 − {}", f(b.budget)),
            _ => format!("执行数 + {}", f(b.budget)),
        };
        out.push_str(&format!(
            "\n    候选（{}）：执行数 {}，预算数 {budget}",
            b.via,
            f(b.exec)
        ));
    }
    let conclusion = match verdict(doc, s) {
        RateVerdict::Consistent(k) => Conclusion::Consistent(s.bindings[k].via),
        RateVerdict::UnitSlip { fact, unit, .. } => {
            Conclusion::UnitSlip(&doc.facts[fact].text, unit)
        }
        RateVerdict::Inconsistent { binding, .. } => {
            Conclusion::Inconsistent(s.bindings[binding].via)
        }
        RateVerdict::Unchecked => Conclusion::Unchecked,
    };
    out.push_str(&super::conclusion_line(conclusion));
    out
}
