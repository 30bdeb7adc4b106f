//! Label patterns and fact selection: the `=词`, `/re/` and keyword syntax,
//! and the handles queries return.

use super::*;

use crate::engine::pattern_cache::LazyRegex;
pub use crate::engine::pattern_cache::{cached_regex, regex_body};

/// A label pattern: `=词` exact, `/re/` regex, otherwise a keyword the label
/// contains.
pub enum Pattern {
    Exact(String),
    Regex(Arc<LazyRegex>),
    Keyword(String),
}

impl Pattern {
    pub fn parse(s: &str) -> Result<Pattern, String> {
        if let Some(x) = s.strip_prefix('=') {
            return Ok(Pattern::Exact(x.to_string()));
        }
        if let Some(re) = regex_body(s) {
            return Ok(Pattern::Regex(cached_regex(re)?));
        }
        Ok(Pattern::Keyword(s.to_string()))
    }

    pub fn matches(&self, label: &str) -> bool {
        match self {
            Pattern::Exact(x) => label == x,
            Pattern::Regex(r) => r.matches(label),
            Pattern::Keyword(k) => label.contains(k.as_str()),
        }
    }

    fn exact(&self, label: &str) -> bool {
        match self {
            Pattern::Exact(x) | Pattern::Keyword(x) => label == x,
            Pattern::Regex(_) => false,
        }
    }
}

pub(super) fn patterns(labels: &Dynamic) -> Res<Vec<Pattern>> {
    let mut out = Vec::new();
    if let Some(s) = labels.clone().try_cast::<ImmutableString>() {
        out.push(Pattern::parse(&s).or_else(err)?);
        return Ok(out);
    }
    let Some(arr) = labels.clone().try_cast::<Array>() else {
        return err("标签列表应为字符串或字符串数组");
    };
    for v in arr {
        match v.try_cast::<ImmutableString>() {
            Some(s) => out.push(Pattern::parse(&s).or_else(err)?),
            None => return err("标签列表只能包含字符串"),
        }
    }
    Ok(out)
}

/// Indices of facts of `kind` in `range` (by byte span) that match, best
/// first: exact label equality, then pattern order, then text order.
pub(super) fn select(
    doc: &Document,
    kind: Option<FactKind>,
    pats: &[Pattern],
    range: Option<Span>,
) -> Vec<usize> {
    // Facts are in text order: a range is a contiguous slice of them.
    let (lo, hi) = match range {
        Some(r) => (
            doc.facts.partition_point(|f| f.span.start < r.start),
            doc.facts.partition_point(|f| f.span.start < r.end),
        ),
        None => (0, doc.facts.len()),
    };
    let candidates = doc.facts[lo..hi]
        .iter()
        .enumerate()
        .map(|(i, f)| (lo + i, f))
        .filter(|(_, f)| {
            kind.is_none_or(|k| f.kind == k) && range.is_none_or(|r| r.contains(f.span))
        });
    if pats.is_empty() {
        return candidates.map(|(i, _)| i).collect();
    }
    let mut scored: Vec<(usize, usize)> = Vec::new();
    for (i, f) in candidates {
        if let Some(p) = pats.iter().position(|p| p.exact(&f.label)) {
            scored.push((p, i));
        } else if let Some(p) = pats.iter().position(|p| p.matches(&f.label)) {
            scored.push((pats.len() + p, i));
        }
    }
    scored.sort();
    scored.into_iter().map(|(_, i)| i).collect()
}

pub(super) fn in_order(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

/// The span of the paragraph a fact sits in.
pub(super) fn paragraph_of(doc: &Document, fact: usize) -> Span {
    doc.paragraphs
        .get(doc.facts[fact].paragraph)
        .map(|p| p.span)
        .unwrap_or_default()
}

/// A fact handle, or `()` for none.
pub(super) fn fact_or_unit(doc: &Arc<Document>, idx: Option<usize>) -> Dynamic {
    idx.map_or(Dynamic::UNIT, |i| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: i,
        })
    })
}

pub(super) fn handles(doc: &Arc<Document>, idx: Vec<usize>) -> Array {
    idx.into_iter()
        .map(|i| {
            Dynamic::from(FactHandle {
                doc: doc.clone(),
                idx: i,
            })
        })
        .collect()
}

pub(super) fn first(doc: &Arc<Document>, idx: Vec<usize>) -> Dynamic {
    fact_or_unit(doc, idx.first().copied())
}

pub(super) fn section_range(doc: &Document, idx: usize) -> Span {
    let s = &doc.sections[idx];
    Span::new(s.heading.start, s.body.end.max(s.heading.end))
}
