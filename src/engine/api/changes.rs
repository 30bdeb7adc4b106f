//! What a year-on-year change compares, as the older `doc.change_context`
//! reads it (the rules now ask the reading layer: `doc.change_verdict`).

use super::*;
use regex_lite::Regex;

pub(super) use crate::facts::label::same_subject;

// The regexes here run on a label or a few words: regex-lite compiles them
// ten times faster than regex (a one-report run pays every compile), and
// its \s is ASCII, hence the explicit full-width spaces.
static PREVIOUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:比|较|与|同)(?:上年|上一年|去年|上年度|[0-9０-９]{4}年度?)(?:同期)?(?:的|决算数|决算)?$")
        .expect("previous-figure regex")
});

/// The figures a change compares: `current` (this year's amount it
/// describes) and `previous` (last year's, when stated: 比上年的2185.30万元).
pub(super) fn change_context(doc: &Arc<Document>, i: usize) -> Map {
    let c = &doc.facts[i];
    let mut m = Map::new();
    let is_prev = |f: &Fact| f.kind == FactKind::Amount && PREVIOUS_RE.is_match(&f.label);
    // The previous figure: the amount right before the change in its sentence.
    let previous = (0..i)
        .rev()
        .find(|&j| doc.facts[j].kind != FactKind::Year)
        .filter(|&j| {
            let f = &doc.facts[j];
            is_prev(f) && f.sentence == c.sentence
        });
    let key = match previous {
        Some(j) => {
            let l = &doc.facts[j].label;
            let cut = l.find(['比', '较', '与']).map_or(l.as_str(), |k| &l[..k]);
            cut.to_string()
        }
        None => c.label.clone(),
    };
    let from = previous.unwrap_or(i);
    let mut current = None;
    if !key.is_empty() {
        // The same label as written first (本年收入 before 收入总计), then the
        // same thing named differently (全年支出合计 for 本年支出).
        let k = crate::facts::label::normalize(&key);
        let exact = |f: &Fact| crate::facts::label::normalize(&f.label) == k;
        let related = |f: &Fact| same_subject(&f.label, &key);
        for test in [&exact as &dyn Fn(&Fact) -> bool, &related] {
            for j in (0..from).rev() {
                let f = &doc.facts[j];
                if f.section != c.section {
                    break;
                }
                if f.kind != FactKind::Amount || f.approx || is_prev(f) {
                    continue;
                }
                if test(f) {
                    current = Some(j);
                    break;
                }
            }
            if current.is_some() {
                break;
            }
        }
    }
    if let (None, Some(p), true) = (current, previous, key.is_empty()) {
        // 机关运行经费支出11.8万元，比上年的12.39万元减少0.58万元
        current = (0..p)
            .rev()
            .take_while(|&j| doc.facts[j].sentence == c.sentence)
            .find(|&j| {
                let f = &doc.facts[j];
                f.kind == FactKind::Amount && !f.approx && !is_prev(f)
            });
    }
    if let (None, None, Some(s)) = (current, previous, c.subject) {
        // The subject extraction tied to it by name (部门支出合计 for a
        // change of 支出合计 in the next paragraph).
        let f = &doc.facts[s];
        if f.kind == FactKind::Amount
            && !f.approx
            && f.section == c.section
            && !c.label.is_empty()
            && f.label.ends_with(c.label.as_str())
        {
            current = Some(s);
        }
    }
    if current.is_none() && previous.is_none() {
        // A label that names nothing (的, 完成预算的): the nearest amount
        // of the sentence that is not a budget.
        current = (0..i)
            .rev()
            .take_while(|&j| doc.facts[j].sentence == c.sentence)
            .find(|&j| {
                let f = &doc.facts[j];
                f.kind == FactKind::Amount && !f.approx && !f.label.contains("预算") && !is_prev(f)
            });
        if current.is_some() && !(c.label.is_empty() || c.label == "的" || c.label.ends_with("的"))
        {
            current = None;
        }
    }
    let h = |j: Option<usize>| {
        j.map_or(Dynamic::UNIT, |j| {
            Dynamic::from(FactHandle {
                doc: doc.clone(),
                idx: j,
            })
        })
    };
    m.insert("current".into(), h(current));
    m.insert("previous".into(), h(previous));
    m
}
