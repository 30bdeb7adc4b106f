//! Queries behind the script API that do the heavy lifting in Rust: the
//! neighbours of a figure, the last figure named so before it, growth-rate
//! checks. Lists, wholes, scores and change contexts have files of their own.

use super::*;

// ---------------------------------------------------------------- neighbours and lists

pub(super) fn kind_of(name: &str) -> Res<Option<FactKind>> {
    Ok(match name {
        "" | "any" => None,
        "amount" => Some(FactKind::Amount),
        "percent" => Some(FactKind::Percent),
        "count" => Some(FactKind::Count),
        "score" => Some(FactKind::Score),
        "year" => Some(FactKind::Year),
        "change" => Some(FactKind::Change),
        other => return err(format!("未知的事实类型“{other}”")),
    })
}

pub(super) fn paragraph_range(doc: &Document, f: &Fact) -> Span {
    doc.paragraphs
        .get(f.paragraph)
        .map(|p| p.span)
        .unwrap_or(f.span)
}

/// The nearest fact of `kind` matching `labels` after (or before) `anchor`
/// in its paragraph.
pub(super) fn neighbour(
    doc: &Arc<Document>,
    anchor: usize,
    kind: &str,
    labels: &Dynamic,
    after: bool,
) -> Res<Dynamic> {
    let k = kind_of(kind)?;
    let p = patterns(labels)?;
    let a = &doc.facts[anchor];
    let para = paragraph_range(doc, a);
    let range = if after {
        Span::new(a.span.end, para.end.max(a.span.end))
    } else {
        Span::new(para.start.min(a.span.start), a.span.start)
    };
    let mut idx = select(doc, k, &p, Some(range));
    idx.retain(|&i| i != anchor);
    idx.sort_unstable();
    let pick = if after { idx.first() } else { idx.last() };
    Ok(pick.map_or(Dynamic::UNIT, |&i| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: i,
        })
    }))
}

/// The nearest fact of `kind` before `i` anywhere in the document matching
/// the first of `labels` that matches any (priority by pattern order).
pub(super) fn last_before(
    doc: &Arc<Document>,
    i: usize,
    kind: Option<FactKind>,
    pats: &[Pattern],
) -> Option<usize> {
    for p in pats {
        let hit = (0..i).rev().find(|&j| {
            let f = &doc.facts[j];
            kind.is_none_or(|k| f.kind == k) && p.matches(&f.label)
        });
        if hit.is_some() {
            return hit;
        }
    }
    None
}

pub(super) fn rate_check_api(
    previous: Dynamic,
    delta: Dynamic,
    rate: Dynamic,
    derived: bool,
) -> Res<Dynamic> {
    let (base, bf, _) = figure(&previous)?;
    let (mut d, df, _) = figure(&delta)?;
    let (r, _, _) = figure(&rate)?;
    if let Some(h) = delta.clone().try_cast::<FactHandle>() {
        if h.fact().direction < 0 {
            d.value = -d.value;
        }
    }
    let d = rescale(d, df, bf)?;
    let prev = if derived {
        rounding::previous_of(base, d).ok_or("求差溢出")?
    } else {
        base
    };
    Ok(match rounding::rate_check(prev, d, r) {
        Some(c) => {
            let mut m = check_map(c, r.value, "%");
            m.insert(
                "previous".into(),
                Dynamic::from_decimal(prev.value.normalize()),
            );
            Dynamic::from_map(m)
        }
        None => Dynamic::UNIT,
    })
}
