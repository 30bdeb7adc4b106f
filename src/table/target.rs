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
    let (x, y) = (av.value, tv.value);
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
    }
}
