//! Whether an indicator's 实际完成值 meets its 年度指标值.

use crate::text::number;

/// Whether `actual` meets `target` (`≥95%`, `≤5个工作日`, `=100%`,
/// `20人`, `达成`): Some(true/false), or None when it cannot be told.
pub fn target_met(target: &str, actual: &str) -> Option<bool> {
    let t: String = target.chars().filter(|c| !c.is_whitespace()).collect();
    let a: String = actual.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || a.is_empty() {
        return None;
    }
    let tn = number::scan(&t);
    let an = number::scan(&a);
    let Some(tv) = tn.first() else {
        // A target that is itself a negation (不超概算, 无安全事故): met by
        // a result that negates too (未超概算, 无, 0起); otherwise not told.
        let negated = |s: &str| {
            ["不", "未", "无", "没有", "零", "杜绝"]
                .iter()
                .any(|w| s.contains(w))
        };
        if negated(&t) {
            let zero = an.first().is_some_and(|n| n.value.is_zero());
            return (negated(&a) || zero).then_some(true);
        }
        // Qualitative target: 达成/完成/有效 against 未达成/未完成/否.
        if ["未", "没有", "否", "不达标", "较差"]
            .iter()
            .any(|w| a.contains(w))
        {
            return Some(false);
        }
        if [
            "达成", "达到", "完成", "实现", "是", "有效", "良好", "优", "满意", "合格",
        ]
        .iter()
        .any(|w| a.contains(w))
        {
            return Some(true);
        }
        return None;
    };
    let av = an.first()?;
    if tn.len() > 1 || an.len() > 1 {
        return None; // A range or several figures: leave it to a person.
    }
    let pct = |s: &str| s.contains('%') || s.contains('％');
    if pct(&t) != pct(&a) {
        return None;
    }
    let before = &t[..tv.start];
    // 1.23万人次 against ≥12000人次: both in the unit's ones.
    let scaled = |s: &str, n: &number::NumberToken| {
        let after = &s[n.end..];
        let f: i64 = if after.starts_with('万') {
            10_000
        } else if after.starts_with('亿') {
            100_000_000
        } else if after.starts_with('千') {
            1_000
        } else {
            1
        };
        n.value * rust_decimal::Decimal::from(f)
    };
    let unit_after = &t[tv.end..];
    let (ge, le, gt, lt, eq) = (
        ["≥", ">=", "＞＝", "不低于", "不少于", "大于等于", "不小于"],
        [
            "≤",
            "<=",
            "＜＝",
            "不高于",
            "不超过",
            "小于等于",
            "不大于",
            "以内",
        ],
        [">", "＞", "大于", "高于", "超过"],
        ["<", "＜", "小于", "低于", "少于"],
        ["=", "＝", "等于"],
    );
    let has = |ws: &[&str]| ws.iter().any(|w| before.contains(w) || t.ends_with(w));
    let (x, y) = (scaled(&a, av), scaled(&t, tv));
    // No operator: "more is better" holds for counts and shares, not for a
    // cost (120万元) or a time (5个工作日), where less may be the aim.
    let no_operator = !(has(&ge) || has(&le) || has(&gt) || has(&lt) || has(&eq));
    let less_may_be_aim = ["元", "天", "日", "月", "小时", "分钟", "年"]
        .iter()
        .any(|u| unit_after.contains(u));
    if no_operator && less_may_be_aim {
        return None;
    }
    Some(if has(&ge) {
        x >= y
    } else if has(&le) {
        x <= y
    } else if has(&gt) {
        x > y
    } else if has(&lt) {
        x < y
    } else if has(&eq) {
        x == y
    } else {
        x >= y
    })
}

#[cfg(test)]
mod tests {
    use super::target_met;

    #[test]
    fn targets_with_operators_and_qualitative_targets() {
        assert_eq!(target_met("≥95%", "98%"), Some(true));
        assert_eq!(target_met("≥95%", "90%"), Some(false));
        assert_eq!(target_met("≤5个工作日", "7个工作日"), Some(false));
        assert_eq!(target_met("=100%", "100%"), Some(true));
        assert_eq!(target_met("20人", "18人"), Some(false));
        assert_eq!(target_met("达成", "未达成"), Some(false));
        assert_eq!(target_met("有效提升", "有效提升"), Some(true));
        assert_eq!(target_met("≥95%", "98人"), None);
        assert_eq!(target_met("90%-95%", "93%"), None);
        // 万 and 亿 scale the figure before comparing.
        assert_eq!(target_met("≥12000人次", "1.23万人次"), Some(true));
        assert_eq!(target_met("≥1.5万人", "14800人"), Some(false));
        // Without an operator, a cost or a time has no direction.
        assert_eq!(target_met("120万元", "117.6万元"), None);
        assert_eq!(target_met("5个工作日", "4个工作日"), None);
        assert_eq!(target_met("≤120万元", "125万元"), Some(false));
        // A negated target met by a negated result, or by none at all.
        assert_eq!(target_met("不超概算", "未超概算"), Some(true));
        assert_eq!(target_met("无安全事故", "0起"), Some(true));
        assert_eq!(target_met("无安全事故", "发生1起"), None);
    }
}
