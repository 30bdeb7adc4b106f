//! What follows a number: money units, count classifiers, 分 of a score,
//! 年 of a year, % and 个百分点 — and so the kind of figure it is.

use super::FactKind;

/// Money units, longest first, with their factor to 元: the one table every
/// layer reads units from (extraction, declared table units, the rounding).
pub const MONEY: &[(&str, i64)] = &[
    ("亿元", 100_000_000),
    ("万元", 10_000),
    ("千元", 1_000),
    ("元", 1),
];

/// A money unit as the table names it, with its factor to 元.
pub fn money(unit: &str) -> Option<(&'static str, i64)> {
    MONEY.iter().find(|(u, _)| *u == unit).copied()
}

/// Count classifiers, longest first.
const CLASSIFIERS: &[&str] = &[
    "人次", "批次", "户次", "个月", "人", "名", "件", "个", "次", "项", "辆", "家", "户", "条",
    "篇", "场", "期", "所", "座", "套", "台", "份", "本", "处", "种", "位", "批", "轮", "张", "间",
    "栋", "册", "课时", "天", "周", "期",
];

/// Characters after 万/亿 that make it a quantity, not money (5.2万平方米).
const MEASURE_AFTER_WAN: &[char] = &[
    '平', '吨', '公', '亩', '米', '株', '棵', '只', '头', '字', '千', '立', '斤', '份', '册', '套',
];

/// Words after 分 that make it something other than a score (分钟, 分别).
const NOT_SCORE_AFTER: &[char] = &[
    '钟', '之', '别', '配', '析', '类', '值', '局', '解', '管', '布', '项', '批', '期', '段', '成',
    '担', '摊', '散', '级', '工', '享', '会', '行', '支', '所', '公', '档', '流', '割', '组', '拨',
];

/// What follows a number.
pub(super) struct Unit {
    pub(super) kind: FactKind,
    pub(super) unit: String,
    /// Logical byte length of what follows the digits (unit, approximation).
    pub(super) len: usize,
    pub(super) approx: bool,
    pub(super) factor: Option<i64>,
}

pub(super) fn classify_unit(after: &str, prev: Option<char>) -> Option<Unit> {
    let ws = after.len() - after.trim_start_matches([' ', '\u{3000}']).len();
    let rest = &after[ws..];
    if rest.starts_with('%') || rest.starts_with('％') {
        return Some(Unit {
            kind: FactKind::Percent,
            unit: "%".into(),
            len: ws + rest.chars().next().map_or(0, char::len_utf8),
            approx: false,
            factor: None,
        });
    }
    // A space before the unit ("2595.6208 万元", as PDF and web copies print
    // it) is allowed for money only: "2020 年" or "3 个" after a space are
    // as often page furniture as figures.
    if ws > 0 && !(ws <= 2 && MONEY.iter().any(|(w, _)| rest.starts_with(w))) {
        return None;
    }
    if rest.starts_with("个百分点") {
        return Some(Unit {
            kind: FactKind::Change,
            unit: "个百分点".into(),
            len: "个百分点".len(),
            approx: false,
            factor: None,
        });
    }
    // Approximation marker between number and unit: 30余次, 8000多人次, 1万余元.
    let mut len = ws;
    let mut rest = rest;
    let mut scale = "";
    for s in ["万", "亿"] {
        if let Some(r) = rest.strip_prefix(s) {
            if !r.starts_with('元') {
                scale = s;
                len += s.len();
                rest = r;
            }
            break;
        }
    }
    let mut approx = false;
    for a in ["余", "多"] {
        if let Some(r) = rest.strip_prefix(a) {
            approx = true;
            len += a.len();
            rest = r;
            break;
        }
    }
    for (written, factor) in MONEY {
        if rest.starts_with(written) {
            let (unit, factor) = match scale {
                "万" => ("万元", 10_000),
                "亿" => ("亿元", 100_000_000),
                _ => (*written, *factor),
            };
            return Some(Unit {
                kind: FactKind::Amount,
                unit: unit.into(),
                len: len + written.len(),
                approx,
                factor: Some(factor),
            });
        }
    }
    for c in CLASSIFIERS {
        if rest.starts_with(c) {
            // 个百分点 handled above; 个月 is a duration but still a count.
            return Some(Unit {
                kind: FactKind::Count,
                unit: format!("{scale}{c}"),
                len: len + c.len(),
                approx,
                factor: None,
            });
        }
    }
    if !scale.is_empty() {
        // 万/亿 alone: money unless a measure follows (5.2万平方米).
        let next = rest.chars().next();
        if next.is_some_and(|c| MEASURE_AFTER_WAN.contains(&c) || c.is_ascii_alphanumeric()) {
            return None;
        }
        let (unit, factor) = if scale == "万" {
            ("万元", 10_000)
        } else {
            ("亿元", 100_000_000)
        };
        return Some(Unit {
            kind: FactKind::Amount,
            unit: unit.into(),
            len,
            approx,
            factor: Some(factor),
        });
    }
    if let Some(r) = rest.strip_prefix('分') {
        if approx {
            return None;
        }
        let next = r.chars().next();
        if next.is_none_or(|c| !NOT_SCORE_AFTER.contains(&c)) && prev != Some('第') {
            return Some(Unit {
                kind: FactKind::Score,
                unit: "分".into(),
                len: len + '分'.len_utf8(),
                approx: false,
                factor: None,
            });
        }
        return None;
    }
    if rest.starts_with('年') && !approx {
        return Some(Unit {
            kind: FactKind::Year,
            unit: "年".into(),
            len: '年'.len_utf8(),
            approx: false,
            factor: None,
        });
    }
    None
}
