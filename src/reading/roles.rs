//! The role a figure plays, from the words a reviewer reads around it.

use crate::document::Document;
use crate::facts::{Fact, FactKind};

/// What an amount is, period and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Last year's figure: 上年支出42万元, 比上年的60万元, 2019年 (report 2020).
    PriorYear,
    /// A budget: 预算数, 年初预算, 全年预算, 调整预算, 安排, 下达, 投入.
    Budget,
    /// What was spent or received: 执行数, 决算数, 实际支出, 支付, 拨付, 到位.
    Executed,
    /// Anything else of this year.
    ThisYear,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PriorYear => "上年数",
            Role::Budget => "预算数",
            Role::Executed => "执行数",
            Role::ThisYear => "本年数",
        }
    }
}

/// Words naming the prior year in a label or right before a figure.
pub const PRIOR_WORDS: &[&str] = &["上年", "上一年", "去年", "上年度", "上年同期", "前一年"];
/// Words naming a budget.
pub const BUDGET_WORDS: &[&str] = &[
    "预算",
    "安排资金",
    "安排",
    "下达",
    "计划投资",
    "计划",
    "批复",
    "投入资金",
    // 年度资金总额 of a project: the funds it was given for the year.
    "资金总额",
];
/// Words naming an executed amount; they win over budget words
/// (预算执行数 is executed).
pub const EXECUTED_WORDS: &[&str] = &[
    // 预算620万元，执行580.6万元: 执行 alone names what was spent.
    "执行",
    "执行数",
    "执行资金",
    "执行金额",
    "决算",
    "实际支出",
    "实际总支出",
    "实际使用",
    "实际执行",
    "支付",
    "拨付",
    "到位",
    "使用资金",
    "已支出",
    "累计支出",
    "完成投资",
];

/// Names of budget funds, not budgets: 一般公共预算财政拨款支出 is money spent.
const FUND_NAMES: &[&str] = &[
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "社会保险基金预算",
    "预算内",
    "预算外",
    "预算单位",
    "预算绩效",
    "预算管理",
];

/// A label without the names of budget funds.
pub fn without_fund_names(label: &str) -> std::borrow::Cow<'_, str> {
    if !label.contains("预算") {
        return label.into();
    }
    let mut s = label.to_string();
    for w in FUND_NAMES {
        if s.contains(w) {
            s = s.replace(w, "");
        }
    }
    s.into()
}

/// The role of fact `i`, from its label and the clause before it.
pub fn role_of(doc: &Document, i: usize) -> Role {
    let own = own_role(doc, i);
    if own != Role::ThisYear {
        return own;
    }
    // A part listed under a budget or a spent total (年度资金总额850万元，其中
    // 县级配套资金150万元) is a budget or spent figure too.
    let f = &doc.facts[i];
    let mut k = i;
    while k > 0 && i - k < 30 {
        k -= 1;
        let g = &doc.facts[k];
        if g.sentence != f.sentence || g.paragraph != f.paragraph {
            break;
        }
        if g.kind != FactKind::Amount {
            continue;
        }
        let between = doc.text.get(g.span.end..f.span.start).unwrap_or("");
        let listed = ["其中", "包括", "含"].iter().any(|w| between.contains(w));
        match own_role(doc, k) {
            r @ (Role::Budget | Role::Executed) if listed => return r,
            Role::ThisYear => continue,
            _ => break,
        }
    }
    Role::ThisYear
}

/// The role a table cell's column header gives it: 上年数 / 上年决算 →
/// last year's, 全年执行数 / 实际支出 / 决算数 → executed, 全年预算数 /
/// 预算数 → budget; `None` when the header names no role.
pub fn column_role(header: &str) -> Option<Role> {
    let h = header.replace("上年结转", "").replace("上年结余", "");
    let h: &str = &without_fund_names(&h);
    if PRIOR_WORDS.iter().any(|w| h.contains(w)) {
        return Some(Role::PriorYear);
    }
    if EXECUTED_WORDS.iter().any(|w| h.contains(w)) {
        return Some(Role::Executed);
    }
    if BUDGET_WORDS.iter().any(|w| h.contains(w)) {
        return Some(Role::Budget);
    }
    None
}

/// The role a figure's own words give it (not one inherited from a list):
/// in a table, its column header's first, then its row label's.
pub fn own_role(doc: &Document, i: usize) -> Role {
    let f = &doc.facts[i];
    if let Some(r) = f.column.as_deref().and_then(column_role) {
        return r;
    }
    if is_prior(doc, f) {
        return Role::PriorYear;
    }
    let l: &str = &without_fund_names(&f.label);
    // 未支付的47.55万元, 未执行完的: what was not spent.
    let unspent = ["未支付", "未执行", "未使用", "未拨付", "未到位", "尚未"]
        .iter()
        .any(|w| l.contains(w));
    if !unspent && EXECUTED_WORDS.iter().any(|w| l.contains(w)) {
        return Role::Executed;
    }
    if BUDGET_WORDS.iter().any(|w| l.contains(w)) {
        return Role::Budget;
    }
    Role::ThisYear
}

/// Whether a figure is last year's by its words: its label names the prior
/// year (上年支出, 比上年的, 较上年). A figure of a named year (2019年支出)
/// is a prior figure only for a change that compares with that year: see
/// [`clause_year`].
pub fn is_prior(_doc: &Document, f: &Fact) -> bool {
    if f.kind == FactKind::Year || f.kind == FactKind::Change {
        return false;
    }
    // A table's column decides first (上年数, 上年决算数; 本年数 is this year's).
    if let Some(r) = f.column.as_deref().and_then(column_role) {
        return r == Role::PriorYear;
    }
    // 上年结转 is money carried over into this year, not last year's figure.
    let l: std::borrow::Cow<str> = if f.label.contains("上年结") {
        f.label
            .replace("上年结转", "")
            .replace("上年结余", "")
            .into()
    } else {
        f.label.as_str().into()
    };
    PRIOR_WORDS.iter().any(|w| l.contains(w))
        || (l.contains(['比', '较', '与', '同']) && COMPARED_RE.is_match(&l))
}

/// A label ending in a comparison (比2018年的, 较2016年度决算数): the figure
/// is the one compared with.
static COMPARED_RE: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
    regex_lite::Regex::new(
        r"(?:比|较|与|同)(?:上年|上一年|去年|上年度|[0-9０-９]{4}[ \u{3000}]*年度?)(?:同期)?(?:的|决算数|决算|累计支出|支出)?$",
    )
    .expect("comparison label regex")
});

/// The year the clause of a figure names (2019年支出36万元 → 2019).
pub fn clause_year(doc: &Document, f: &Fact) -> Option<i32> {
    crate::facts::year_in(clause_before(doc, f))
}

/// The text of the clause before a figure (back to the last ，；。：).
pub fn clause_before<'a>(doc: &'a Document, f: &Fact) -> &'a str {
    let start = f.sentence.start.min(f.span.start);
    let before = doc.text.get(start..f.span.start).unwrap_or("");
    match before.rfind(['，', ',', '；', ';', '。', '：', ':']) {
        Some(k) => {
            let c = before[k..].chars().next().map_or(1, char::len_utf8);
            &before[k + c..]
        }
        None => before,
    }
}
