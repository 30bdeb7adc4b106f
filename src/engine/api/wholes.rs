//! The whole a share belongs to: named in the sentence, named before, or
//! found by the arithmetic of its siblings.

use super::*;
use crate::facts::label::same_subject;

// ---------------------------------------------------------------- wholes

// Run on every sentence before a share: the full regex crate, whose lazy
// DFA searches this bounded repetition several times faster than
// regex-lite's PikeVM (and compiles only if a rule asks for a whole).
static WHOLE_IN_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"([^，,。；;：:、\s]{2,24}?)中[，,：:]?").expect("whole regex")
});

/// The nearest amount before fact `i` (anywhere before it) named `name`:
/// the same label first; else the same thing named differently, when all
/// such figures agree.
pub(super) fn amount_named_before(doc: &Arc<Document>, i: usize, name: &str) -> Option<usize> {
    let unquote = crate::facts::label::normalize;
    let n = unquote(name);
    // The whole is named close before its parts: looking further back than
    // this would make every share cost a scan of the whole report.
    const LOOK_BACK: usize = 400;
    let before = (i.saturating_sub(LOOK_BACK)..i).rev().filter(|&j| {
        let f = &doc.facts[j];
        f.kind == FactKind::Amount && !f.approx
    });
    if let Some(j) = before.clone().find(|&j| unquote(&doc.facts[j].label) == n) {
        return Some(j);
    }
    let related: Vec<usize> = before
        .filter(|&j| same_subject(&doc.facts[j].label, name))
        .collect();
    let first = *related.first()?;
    let v = doc.facts[first].yuan;
    related
        .iter()
        .all(|&j| doc.facts[j].yuan == v)
        .then_some(first)
}

/// The whole a sentence names before fact `i` (`本年支出中，基本支出…`).
pub(super) fn whole_named(doc: &Arc<Document>, i: usize) -> Option<usize> {
    let f = &doc.facts[i];
    // The sentence up to the figure, across line breaks and across a list
    // split into paragraphs at its ；, but not past 。 or the section start.
    let floor = f.section.and_then(|s| doc.sections.get(s)).map_or(0, |s| {
        if f.span.start >= s.body.start {
            s.body.start
        } else {
            s.heading.start.min(f.span.start)
        }
    });
    let before = doc.text.get(floor..f.span.start)?;
    let start = floor
        + before
            .rfind(['。', '！', '？'])
            .map_or(0, |k| k + '。'.len_utf8());
    let pre = doc.text.get(start..f.span.start)?;
    let pre: String = pre.chars().filter(|c| *c != '\n').collect();
    let caps = WHOLE_IN_RE.captures_iter(&pre).last()?;
    let name = caps.get(1)?.as_str();
    let name = name.trim_start_matches(|c: char| !c.is_alphanumeric() || c.is_ascii_digit());
    let name = name.trim_start_matches("其");
    if name.is_empty() {
        return None;
    }
    amount_named_before(doc, i, name)
}

/// The amounts with a share in the sentence of fact `i` (siblings).
pub(super) fn share_siblings(doc: &Document, i: usize) -> Vec<usize> {
    let f = &doc.facts[i];
    // Facts are in text order: those of one sentence are one run of them.
    let lo = doc
        .facts
        .partition_point(|g| g.span.start < f.sentence.start);
    let hi = doc.facts.partition_point(|g| g.span.start < f.sentence.end);
    (lo.min(i)..hi.max(i + 1))
        .filter(|&j| {
            let g = &doc.facts[j];
            g.kind == FactKind::Amount && g.sentence == f.sentence && g.share.is_some()
        })
        .collect()
}

/// For siblings with shares and no stated whole (结构情况: A a，占x%；B b，占y%):
/// the nearest earlier amount, within 60 figures, that their sum equals
/// within rounding — the whole is recognised by the arithmetic.
pub(super) fn whole_by_sum(doc: &Arc<Document>, i: usize) -> Option<usize> {
    let sib = share_siblings(doc, i);
    if sib.len() < 2 {
        return None;
    }
    // Everything in 元, each with its half-unit scaled alike.
    let in_yuan = |f: &Fact| -> Option<Figure> {
        let y = f.yuan?;
        let factor = if f.value.is_zero() {
            unit_factor(&f.unit)
        } else {
            y.checked_div(f.value)?
        };
        Some(Figure {
            value: y,
            half: crate::facts::number::half_unit(f.decimals).checked_mul(factor)?,
        })
    };
    let parts: Option<Vec<Figure>> = sib.iter().map(|&j| in_yuan(&doc.facts[j])).collect();
    let parts = parts?;
    let first = *sib.first()?;
    (first.saturating_sub(60)..first).rev().find(|&j| {
        let w = &doc.facts[j];
        w.kind == FactKind::Amount
            && !w.approx
            && !w.value.is_zero()
            && in_yuan(w)
                .and_then(|t| rounding::sum_check(&parts, t))
                .is_some_and(|c| c.ok)
    })
}
