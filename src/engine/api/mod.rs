//! The script API: every type and function a rule can use, registered in
//! one place (`register`), for production and tests alike.
//!
//! Facts, sections and spans reach scripts as cheap handles (a shared
//! document plus an index); queries such as `doc.amount(labels)` run in
//! Rust, so rules stay short and fast.

use std::sync::{Arc, LazyLock};

use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Map, Position, INT};
use rust_decimal::Decimal;

use super::rounding::{self, Figure};
use crate::document::{Document, Span};
use crate::facts::{Fact, FactKind};

mod changes;
mod lists;
mod queries;
mod scores;
mod wholes;
use changes::*;
use lists::*;
use scores::*;
use wholes::*;
pub mod reading;
pub mod structure;
pub mod table;
pub mod text;
use queries::*;

/// The document as scripts see it.
#[derive(Clone)]
pub struct DocHandle(pub Arc<Document>);

/// One fact.
#[derive(Clone)]
pub struct FactHandle {
    pub doc: Arc<Document>,
    pub idx: usize,
}

impl FactHandle {
    fn fact(&self) -> &Fact {
        &self.doc.facts[self.idx]
    }
}

/// One section.
#[derive(Clone)]
pub struct SectionHandle {
    pub doc: Arc<Document>,
    pub idx: usize,
}

/// A span of the report's text.
#[derive(Clone)]
pub struct SpanHandle {
    pub doc: Arc<Document>,
    pub span: Span,
}

/// A match of `doc.find(...)`.
#[derive(Clone)]
pub struct MatchHandle {
    pub doc: Arc<Document>,
    pub span: Span,
    pub groups: Array,
}

/// What a rule returns: a finding with its labels, help and notes.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// Reported one severity level lower (`.minor()`).
    pub minor: bool,
    /// Edits (span, replacement) of the fix the rule offers, and whether
    /// any of them was offered only as unsafe.
    pub edits: Vec<(Span, String)>,
    pub unsafe_fix: bool,
}

pub(super) type Res<T> = Result<T, Box<EvalAltResult>>;

pub(super) fn err<T>(msg: impl Into<String>) -> Res<T> {
    Err(Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(msg.into()),
        Position::NONE,
    )))
}

// ---------------------------------------------------------------- patterns

use super::pattern_cache::LazyRegex;
pub use super::pattern_cache::{cached_regex, regex_body};

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

fn patterns(labels: &Dynamic) -> Res<Vec<Pattern>> {
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
fn select(
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

fn in_order(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

/// The span of the paragraph a fact sits in.
fn paragraph_of(doc: &Document, fact: usize) -> Span {
    doc.paragraphs
        .get(doc.facts[fact].paragraph)
        .map(|p| p.span)
        .unwrap_or_default()
}

/// A fact handle, or `()` for none.
fn fact_or_unit(doc: &Arc<Document>, idx: Option<usize>) -> Dynamic {
    idx.map_or(Dynamic::UNIT, |i| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: i,
        })
    })
}

fn handles(doc: &Arc<Document>, idx: Vec<usize>) -> Array {
    idx.into_iter()
        .map(|i| {
            Dynamic::from(FactHandle {
                doc: doc.clone(),
                idx: i,
            })
        })
        .collect()
}

fn first(doc: &Arc<Document>, idx: Vec<usize>) -> Dynamic {
    fact_or_unit(doc, idx.first().copied())
}

fn section_range(doc: &Document, idx: usize) -> Span {
    let s = &doc.sections[idx];
    Span::new(s.heading.start, s.body.end.max(s.heading.end))
}

// ---------------------------------------------------------------- figures

/// Reads a number argument: a fact (value, decimals, unit factor), a
/// Decimal (its scale is its precision) or an integer (exact).
fn figure(v: &Dynamic) -> Res<(Figure, Decimal, String)> {
    if let Some(f) = v.clone().try_cast::<FactHandle>() {
        let fact = f.fact();
        let (fig, factor) = crate::reading::figure::of(fact).ok_or("单位换算溢出")?;
        return Ok((fig, factor, fact.unit.clone()));
    }
    if let Some(d) = v.clone().try_cast::<Decimal>() {
        return Ok((Figure::stated(d, d.scale()), Decimal::ONE, String::new()));
    }
    if let Some(i) = v.clone().try_cast::<INT>() {
        return Ok((Figure::exact(Decimal::from(i)), Decimal::ONE, String::new()));
    }
    err(format!("需要数字或数字事实，得到 {}", v.type_name()))
}

/// `d` rounded to `dp` decimals (0–12) and written with exactly that many.
/// Not `format!("{:.N}")`: rust_decimal writes that through a fixed buffer
/// that a long number overflows (a panic).
pub fn fmt_dp(d: Decimal, dp: INT) -> String {
    let dp = dp.clamp(0, 12) as u32;
    let r = d.round_dp(dp);
    let mut s = r.to_string();
    if r.scale() < dp {
        if r.scale() == 0 {
            s.push('.');
        }
        s.extend(std::iter::repeat_n('0', (dp - r.scale()) as usize));
    }
    if dp == 0 {
        if let Some(i) = s.find('.') {
            s.truncate(i);
        }
    }
    s
}

/// Runs a rust_decimal computation that may panic (its trigonometry
/// divides without checking) and turns a panic or an overflow into a
/// script error naming the function.
fn guarded(name: &str, x: Decimal, f: fn(Decimal) -> Option<Decimal>) -> Res<Decimal> {
    match crate::isolation::catch_quiet(|| f(x)) {
        Ok(Some(v)) => Ok(v),
        _ => err(format!("{name}({x}) 无法计算（溢出或超出定义域）")),
    }
}

/// Rhai's Decimal maths as rules see it, replacing the built-in functions
/// of the same names (registered functions are found before packages): the
/// built-in sin/cos/tan call rust_decimal's unchecked versions, which panic
/// near their poles.
fn register_maths(engine: &mut Engine) {
    use rust_decimal::MathematicalOps;
    engine.register_fn("sin", |x: Decimal| guarded("sin", x, |x| x.checked_sin()));
    engine.register_fn("cos", |x: Decimal| guarded("cos", x, |x| x.checked_cos()));
    engine.register_fn("tan", |x: Decimal| guarded("tan", x, |x| x.checked_tan()));
    engine.register_fn("sqrt", |x: Decimal| guarded("sqrt", x, |x| x.sqrt()));
    engine.register_fn("exp", |x: Decimal| guarded("exp", x, |x| x.checked_exp()));
    engine.register_fn("ln", |x: Decimal| guarded("ln", x, |x| x.checked_ln()));
    engine.register_fn("log", |x: Decimal| guarded("log", x, |x| x.checked_log10()));
}

use crate::reading::figure::unit_factor;

/// Expresses `f` (in a unit of `factor`) in the unit of `target`.
fn rescale(f: Figure, factor: Decimal, target: Decimal) -> Res<Figure> {
    if factor == target {
        return Ok(f);
    }
    let ratio = factor.checked_div(target).ok_or("单位换算溢出")?;
    f.scaled(ratio).map_or_else(|| err("单位换算溢出"), Ok)
}

fn check_map(c: rounding::Check, stated: Decimal, unit: &str) -> Map {
    let mut m = Map::new();
    m.insert("ok".into(), c.ok.into());
    m.insert(
        "expected".into(),
        Dynamic::from_decimal(c.expected.normalize()),
    );
    m.insert("diff".into(), Dynamic::from_decimal(c.diff.normalize()));
    m.insert("tolerance".into(), Dynamic::from_decimal(c.tolerance));
    m.insert("low".into(), Dynamic::from_decimal(c.low.normalize()));
    m.insert("high".into(), Dynamic::from_decimal(c.high.normalize()));
    m.insert("stated".into(), Dynamic::from_decimal(stated));
    m.insert("unit".into(), unit.into());
    m
}

fn sum_check(parts: Array, total: Dynamic) -> Res<Map> {
    let (t, tf, unit) = figure(&total)?;
    let mut figs = Vec::with_capacity(parts.len());
    for p in &parts {
        let (f, pf, _) = figure(p)?;
        figs.push(rescale(f, pf, tf)?);
    }
    match rounding::sum_check(&figs, t) {
        Some(c) => Ok(check_map(c, t.value, &unit)),
        None => err("求和溢出"),
    }
}

fn share_check(part: Dynamic, whole: Dynamic, pct: Dynamic) -> Res<Dynamic> {
    let (p, pf, _) = figure(&part)?;
    let (w, wf, _) = figure(&whole)?;
    let (r, _, _) = figure(&pct)?;
    let p = rescale(p, pf, wf)?;
    Ok(match rounding::share_check(p, w, r) {
        Some(c) => Dynamic::from_map(check_map(c, r.value, "%")),
        None => Dynamic::UNIT,
    })
}

/// `change` (signed by its direction word) = `current` − `previous`.
fn change_check(current: Dynamic, previous: Dynamic, change: Dynamic) -> Res<Map> {
    let (c, cf, unit) = figure(&current)?;
    let (p, pf, _) = figure(&previous)?;
    let (mut d, df, _) = figure(&change)?;
    if let Some(h) = change.clone().try_cast::<FactHandle>() {
        if h.fact().direction < 0 {
            d.value = -d.value;
        }
    }
    let p = rescale(p, pf, cf)?;
    let d = rescale(d, df, cf)?;
    // current = previous + change  ⇔  sum_check([previous, change], current)
    let check = rounding::sum_check(&[p, d], c).ok_or("求和溢出")?;
    // Report it as: the change should be current − previous.
    let expected = c.value.checked_sub(p.value).ok_or("求差溢出")?;
    let c2 = rounding::Check {
        expected,
        diff: d.value.checked_sub(expected).ok_or("求差溢出")?,
        ..check
    };
    Ok(check_map(c2, d.value, &unit))
}

/// Whether `label` matches one of `labels` (a string or an array of
/// strings: `=词` exact, `/re/` regex, otherwise contained), without
/// building patterns: rules call this in loops.
pub(super) fn label_matches(label: &str, labels: &Dynamic) -> Res<bool> {
    let one = |p: &str| -> Res<bool> {
        if let Some(x) = p.strip_prefix('=') {
            return Ok(label == x);
        }
        if let Some(re) = regex_body(p) {
            return cached_regex(re)
                .and_then(|r| r.is_match(label))
                .or_else(err);
        }
        Ok(label.contains(p))
    };
    if let Some(s) = labels.read_lock::<ImmutableString>() {
        return one(s.as_str());
    }
    let Some(arr) = labels.read_lock::<Array>() else {
        return err("标签列表应为字符串或字符串数组");
    };
    for v in arr.iter() {
        match v.read_lock::<ImmutableString>() {
            Some(s) => {
                if one(s.as_str())? {
                    return Ok(true);
                }
            }
            None => return err("标签列表只能包含字符串"),
        }
    }
    Ok(false)
}

// ---------------------------------------------------------------- spans

pub(super) fn span_of(v: &Dynamic) -> Res<Span> {
    // Read in place: a clone per attempt costs an allocation each.
    if let Some(s) = v.read_lock::<SpanHandle>() {
        return Ok(s.span);
    }
    if let Some(f) = v.read_lock::<FactHandle>() {
        return Ok(f.fact().span);
    }
    if let Some(m) = v.read_lock::<MatchHandle>() {
        return Ok(m.span);
    }
    if let Some(s) = v.read_lock::<SectionHandle>() {
        return Ok(s.doc.sections[s.idx].heading);
    }
    err(format!(
        "需要位置（span、事实、章节或匹配），得到 {}",
        v.type_name()
    ))
}

fn find_in(doc: &Arc<Document>, range: Span, pattern: &str) -> Res<Array> {
    let text = doc.text.get(range.start..range.end).unwrap_or("");
    let mut out = Array::new();
    let mk = |s: usize, e: usize, groups: Array| {
        Dynamic::from(MatchHandle {
            doc: doc.clone(),
            span: Span::new(range.start + s, range.start + e),
            groups,
        })
    };
    if let Some(re) = regex_body(pattern) {
        let lazy = cached_regex(re).or_else(err)?;
        if !lazy.may_match(text) {
            return Ok(out);
        }
        let re = lazy.regex().or_else(err)?;
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if m.as_str().is_empty() {
                continue;
            }
            let groups: Array = caps
                .iter()
                .skip(1)
                .map(|g| g.map_or(Dynamic::UNIT, |g| g.as_str().into()))
                .collect();
            out.push(mk(m.start(), m.end(), groups));
            if out.len() >= 10_000 {
                break;
            }
        }
    } else if !pattern.is_empty() {
        for (i, m) in text.match_indices(pattern) {
            out.push(mk(i, i + m.len(), Array::new()));
            if out.len() >= 10_000 {
                break;
            }
        }
    }
    Ok(out)
}

fn title_matches(title: &str, pattern: &str) -> bool {
    match Pattern::parse(pattern) {
        Ok(p) => p.matches(title),
        Err(_) => false,
    }
}

// ---------------------------------------------------------------- register

macro_rules! fact_queries {
    ($engine:ident, $all:literal, $one:literal, $kind:expr) => {
        $engine.register_fn($all, |d: &mut DocHandle| {
            handles(&d.0, select(&d.0, Some($kind), &[], None))
        });
        $engine.register_fn($all, |d: &mut DocHandle, labels: Dynamic| -> Res<Array> {
            let p = patterns(&labels)?;
            Ok(handles(&d.0, in_order(select(&d.0, Some($kind), &p, None))))
        });
        $engine.register_fn($one, |d: &mut DocHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            Ok(first(&d.0, select(&d.0, Some($kind), &p, None)))
        });
        $engine.register_fn($all, |s: &mut SectionHandle| {
            let r = section_range(&s.doc, s.idx);
            handles(&s.doc, select(&s.doc, Some($kind), &[], Some(r)))
        });
        $engine.register_fn(
            $all,
            |s: &mut SectionHandle, labels: Dynamic| -> Res<Array> {
                let p = patterns(&labels)?;
                let r = section_range(&s.doc, s.idx);
                Ok(handles(
                    &s.doc,
                    in_order(select(&s.doc, Some($kind), &p, Some(r))),
                ))
            },
        );
        $engine.register_fn(
            $one,
            |s: &mut SectionHandle, labels: Dynamic| -> Res<Dynamic> {
                let p = patterns(&labels)?;
                let r = section_range(&s.doc, s.idx);
                Ok(first(&s.doc, select(&s.doc, Some($kind), &p, Some(r))))
            },
        );
    };
}

/// Registers the whole script API on `engine`.
pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<DocHandle>("Document")
        .register_type_with_name::<FactHandle>("Fact")
        .register_type_with_name::<SectionHandle>("Section")
        .register_type_with_name::<SpanHandle>("Span")
        .register_type_with_name::<MatchHandle>("Match")
        .register_type_with_name::<Finding>("Finding");

    // Document.
    engine.register_get("title", |d: &mut DocHandle| -> ImmutableString {
        d.0.title.as_str().into()
    });
    engine.register_get("year", |d: &mut DocHandle| -> Dynamic {
        d.0.year.map_or(Dynamic::UNIT, |y| Dynamic::from(y as INT))
    });
    engine.register_get("path", |d: &mut DocHandle| -> ImmutableString {
        d.0.path.as_str().into()
    });
    engine.register_get("text", |d: &mut DocHandle| -> ImmutableString {
        d.0.text.as_str().into()
    });
    engine.register_get("profile", |d: &mut DocHandle| -> Dynamic {
        d.0.profile.as_deref().map_or(Dynamic::UNIT, |p| p.into())
    });
    engine.register_get("title_span", |d: &mut DocHandle| SpanHandle {
        doc: d.0.clone(),
        span: d.0.title_span,
    });
    engine.register_get("hard_wrapped", |d: &mut DocHandle| d.0.hard_wrapped);
    engine.register_fn("facts", |d: &mut DocHandle| {
        handles(&d.0, select(&d.0, None, &[], None))
    });
    fact_queries!(engine, "amounts", "amount", FactKind::Amount);
    fact_queries!(engine, "percents", "percent", FactKind::Percent);
    fact_queries!(engine, "counts", "count", FactKind::Count);
    fact_queries!(engine, "scores", "score", FactKind::Score);
    fact_queries!(engine, "changes", "change", FactKind::Change);
    fact_queries!(engine, "years", "year_fact", FactKind::Year);
    engine.register_fn(
        "amount_after",
        |d: &mut DocHandle, f: FactHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            let anchor = d.0.facts[f.idx].span;
            let para = paragraph_of(&d.0, f.idx);
            let range = Span::new(anchor.end, para.end.max(anchor.end));
            let idx = in_order(select(&d.0, Some(FactKind::Amount), &p, Some(range)));
            Ok(fact_or_unit(&d.0, idx.first().copied()))
        },
    );
    engine.register_fn(
        "amount_before",
        |d: &mut DocHandle, f: FactHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            let anchor = d.0.facts[f.idx].span;
            let para = paragraph_of(&d.0, f.idx);
            let range = Span::new(para.start.min(anchor.start), anchor.start);
            let idx = in_order(select(&d.0, Some(FactKind::Amount), &p, Some(range)));
            Ok(fact_or_unit(&d.0, idx.last().copied()))
        },
    );
    engine.register_fn(
        "fact_after",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            neighbour(&d.0, f.idx, kind, &labels, true)
        },
    );
    engine.register_fn(
        "fact_before",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            neighbour(&d.0, f.idx, kind, &labels, false)
        },
    );
    engine.register_fn("list_after", |d: &mut DocHandle, f: FactHandle| -> Map {
        list_after(&d.0, f.idx)
    });
    engine.register_fn(
        "intro_after",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic {
            intro_after(&d.0, f.idx).map_or(Dynamic::UNIT, |w| w.into())
        },
    );
    engine.register_fn(
        "enumeration_after",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { enumeration_after(&d.0, f.idx) },
    );
    engine.register_fn(
        "change_context",
        |d: &mut DocHandle, f: FactHandle| -> Map { change_context(&d.0, f.idx) },
    );
    engine.register_fn(
        "score_items",
        |d: &mut DocHandle, first_level: Dynamic| -> Res<Map> {
            let p = patterns(&first_level)?;
            Ok(score_items(&d.0, &p))
        },
    );
    engine.register_fn(
        "whole_named",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { fh(&d.0, whole_named(&d.0, f.idx)) },
    );
    engine.register_fn(
        "amount_named_before",
        |d: &mut DocHandle, f: FactHandle, name: &str| -> Dynamic {
            fh(&d.0, amount_named_before(&d.0, f.idx, name))
        },
    );
    engine.register_fn(
        "whole_by_sum",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { fh(&d.0, whole_by_sum(&d.0, f.idx)) },
    );
    engine.register_fn(
        "last_before",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            let k = kind_of(kind)?;
            let p = patterns(&labels)?;
            Ok(fh(&d.0, last_before(&d.0, f.idx, k, &p)))
        },
    );
    engine.register_get("line_text", |f: &mut FactHandle| -> ImmutableString {
        let sp = f.fact().span;
        let t = &f.doc.text;
        let s = t[..sp.start].rfind('\n').map_or(0, |k| k + 1);
        let e = t[sp.end..].find('\n').map_or(t.len(), |k| sp.end + k);
        t[s..e].into()
    });
    engine.register_fn(
        "totals_with_list",
        |d: &mut DocHandle, kind: &str| -> Res<Array> {
            // Figures followed by 其中/分别为/包括/：, in text order.
            let k = kind_of(kind)?;
            let idx: Vec<usize> = (0..d.0.facts.len())
                .filter(|&i| {
                    let f = &d.0.facts[i];
                    k.is_none_or(|k| f.kind == k) && !f.approx && intro_after(&d.0, i).is_some()
                })
                .collect();
            Ok(handles(&d.0, idx))
        },
    );
    engine.register_fn("amounts_with_share", |d: &mut DocHandle| -> Array {
        let idx: Vec<usize> = (0..d.0.facts.len())
            .filter(|&i| d.0.facts[i].kind == FactKind::Amount && d.0.facts[i].share.is_some())
            .collect();
        handles(&d.0, idx)
    });
    engine.register_fn(
        "rate_check",
        |previous: Dynamic, delta: Dynamic, rate: Dynamic| -> Res<Dynamic> {
            rate_check_api(previous, delta, rate, false)
        },
    );
    engine.register_fn(
        "rate_check_current",
        |current: Dynamic, delta: Dynamic, rate: Dynamic| -> Res<Dynamic> {
            rate_check_api(current, delta, rate, true)
        },
    );
    engine.register_fn(
        "text_after",
        |d: &mut DocHandle, f: FactHandle, n: INT| -> ImmutableString {
            let fact = &d.0.facts[f.idx];
            let para = paragraph_range(&d.0, fact);
            let rest =
                d.0.text
                    .get(fact.span.end..para.end.max(fact.span.end))
                    .unwrap_or("");
            rest.chars()
                .filter(|c| *c != '\n')
                .take(n.max(0) as usize)
                .collect::<String>()
                .into()
        },
    );
    engine.register_fn(
        "text_before",
        |d: &mut DocHandle, f: FactHandle, n: INT| -> ImmutableString {
            let fact = &d.0.facts[f.idx];
            let para = paragraph_range(&d.0, fact);
            let pre =
                d.0.text
                    .get(para.start.min(fact.span.start)..fact.span.start)
                    .unwrap_or("");
            let v: Vec<char> = pre.chars().filter(|c| *c != '\n').collect();
            let k = v.len().saturating_sub(n.max(0) as usize);
            v[k..].iter().collect::<String>().into()
        },
    );
    engine.register_fn(
        "text_between",
        |d: &mut DocHandle, a: Dynamic, b: Dynamic| -> Res<ImmutableString> {
            let (sa, sb) = (span_of(&a)?, span_of(&b)?);
            let (s, e) = if sa.end <= sb.start {
                (sa.end, sb.start)
            } else {
                (sb.end, sa.start.max(sb.end))
            };
            Ok(d.0.text.get(s..e).unwrap_or("").into())
        },
    );
    engine.register_fn("same_paragraph", |a: FactHandle, b: FactHandle| {
        a.fact().paragraph == b.fact().paragraph
    });
    engine.register_fn("sections", |d: &mut DocHandle| -> Array {
        (0..d.0.sections.len())
            .map(|i| {
                Dynamic::from(SectionHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            })
            .collect()
    });
    engine.register_fn("section", |d: &mut DocHandle, pattern: &str| -> Dynamic {
        d.0.sections
            .iter()
            .position(|s| title_matches(&s.title, pattern))
            .map_or(Dynamic::UNIT, |i| {
                Dynamic::from(SectionHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            })
    });
    engine.register_fn(
        "text_around",
        |d: &mut DocHandle, at: Dynamic, n: INT| -> Res<ImmutableString> {
            // Up to n characters either side, within the sentence.
            let sp = span_of(&at)?;
            let n = n.max(0) as usize;
            let stop = |c: char| matches!(c, '。' | '；' | ';' | '\n' | '！' | '？');
            let before: Vec<char> = d.0.text[..sp.start]
                .chars()
                .rev()
                .take_while(|c| !stop(*c))
                .take(n)
                .collect();
            let after: String = d.0.text[sp.end..]
                .chars()
                .take_while(|c| !stop(*c))
                .take(n)
                .collect();
            let mut out: String = before.into_iter().rev().collect();
            out.push_str(d.0.slice(sp));
            out.push_str(&after);
            Ok(out.into())
        },
    );
    engine.register_fn("find", |d: &mut DocHandle, pattern: &str| -> Res<Array> {
        let all = Span::new(0, d.0.text.len());
        find_in(&d.0, all, pattern)
    });
    engine.register_fn("line_of", |d: &mut DocHandle, s: SpanHandle| {
        d.0.line_of(s.span.start) as INT
    });

    // Facts.
    engine.register_get("kind", |f: &mut FactHandle| -> ImmutableString {
        f.fact().kind_str().into()
    });
    engine.register_get("label", |f: &mut FactHandle| -> ImmutableString {
        f.fact().label.as_str().into()
    });
    engine.register_get("value", |f: &mut FactHandle| f.fact().value);
    engine.register_get("decimals", |f: &mut FactHandle| f.fact().decimals as INT);
    engine.register_get("unit", |f: &mut FactHandle| -> ImmutableString {
        f.fact().unit.as_str().into()
    });
    engine.register_get("yuan", |f: &mut FactHandle| -> Dynamic {
        f.fact().yuan.map_or(Dynamic::UNIT, Dynamic::from_decimal)
    });
    engine.register_get("text", |f: &mut FactHandle| -> ImmutableString {
        f.fact().text.as_str().into()
    });
    engine.register_get("span", |f: &mut FactHandle| SpanHandle {
        doc: f.doc.clone(),
        span: f.fact().span,
    });
    engine.register_get("label_span", |f: &mut FactHandle| -> Dynamic {
        f.fact().label_span.map_or(Dynamic::UNIT, |s| {
            Dynamic::from(SpanHandle {
                doc: f.doc.clone(),
                span: s,
            })
        })
    });
    engine.register_get("line", |f: &mut FactHandle| f.fact().line as INT);
    engine.register_get("approx", |f: &mut FactHandle| f.fact().approx);
    engine.register_get("fullwidth", |f: &mut FactHandle| f.fact().fullwidth);
    engine.register_get("mixed_width", |f: &mut FactHandle| f.fact().mixed_width);
    engine.register_get("share", |f: &mut FactHandle| {
        fact_or_unit(&f.doc, f.fact().share)
    });
    engine.register_get("whole", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .whole
            .as_deref()
            .map_or(Dynamic::UNIT, |w| w.into())
    });
    engine.register_get("direction", |f: &mut FactHandle| f.fact().direction as INT);
    engine.register_get("direction_word", |f: &mut FactHandle| -> ImmutableString {
        f.fact().direction_word.as_str().into()
    });
    engine.register_get("base_year", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .base_year
            .map_or(Dynamic::UNIT, |y| Dynamic::from(y as INT))
    });
    engine.register_get("base", |f: &mut FactHandle| -> ImmutableString {
        f.fact().base.as_str().into()
    });
    engine.register_get("subject", |f: &mut FactHandle| {
        fact_or_unit(&f.doc, f.fact().subject)
    });
    engine.register_get("column", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .column
            .as_deref()
            .map_or(Dynamic::UNIT, |c| c.into())
    });
    engine.register_get("section", |f: &mut FactHandle| -> Dynamic {
        f.fact().section.map_or(Dynamic::UNIT, |i| {
            Dynamic::from(SectionHandle {
                doc: f.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_get("sentence", |f: &mut FactHandle| -> ImmutableString {
        f.doc.slice(f.fact().sentence).into()
    });
    engine.register_get("sentence_span", |f: &mut FactHandle| SpanHandle {
        doc: f.doc.clone(),
        span: f.fact().sentence,
    });
    engine.register_get("paragraph", |f: &mut FactHandle| f.fact().paragraph as INT);
    engine.register_get("index", |f: &mut FactHandle| f.idx as INT);
    engine.register_fn("==", |a: FactHandle, b: FactHandle| {
        Arc::ptr_eq(&a.doc, &b.doc) && a.idx == b.idx
    });
    engine.register_fn("!=", |a: FactHandle, b: FactHandle| {
        !(Arc::ptr_eq(&a.doc, &b.doc) && a.idx == b.idx)
    });
    engine.register_fn("to_string", |f: &mut FactHandle| f.fact().text.clone());
    engine.register_fn("to_debug", |f: &mut FactHandle| {
        let x = f.fact();
        format!(
            "Fact({} {:?} {}{} line {})",
            x.kind_str(),
            x.label,
            x.value,
            x.unit,
            x.line
        )
    });

    // Sections.
    engine.register_get("title", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].title.as_str().into()
    });
    engine.register_get("level", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].level as INT
    });
    engine.register_get("number", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].number as INT
    });
    engine.register_get("marker", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].marker.as_str().into()
    });
    engine.register_get("style", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].style.as_str().into()
    });
    engine.register_get("line", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].line as INT
    });
    engine.register_get("index", |s: &mut SectionHandle| s.idx as INT);
    engine.register_get("span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].heading,
    });
    engine.register_get("marker_span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].marker_span,
    });
    engine.register_get("title_span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].title_span,
    });
    engine.register_get("body", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].body,
    });
    engine.register_get("text", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.slice(s.doc.sections[s.idx].body).into()
    });
    engine.register_get("parent", |s: &mut SectionHandle| -> Dynamic {
        s.doc.sections[s.idx].parent.map_or(Dynamic::UNIT, |p| {
            Dynamic::from(SectionHandle {
                doc: s.doc.clone(),
                idx: p,
            })
        })
    });
    engine.register_fn("children", |s: &mut SectionHandle| -> Array {
        s.doc.sections[s.idx]
            .children
            .iter()
            .map(|&i| {
                Dynamic::from(SectionHandle {
                    doc: s.doc.clone(),
                    idx: i,
                })
            })
            .collect()
    });
    engine.register_fn(
        "find",
        |s: &mut SectionHandle, pattern: &str| -> Res<Array> {
            find_in(&s.doc, s.doc.sections[s.idx].body, pattern)
        },
    );
    engine.register_fn("==", |a: SectionHandle, b: SectionHandle| a.idx == b.idx);
    engine.register_fn("!=", |a: SectionHandle, b: SectionHandle| a.idx != b.idx);
    engine.register_fn("to_string", |s: &mut SectionHandle| {
        let x = &s.doc.sections[s.idx];
        format!("{}{}", x.marker, x.title)
    });

    // Spans and matches.
    engine.register_get("start", |s: &mut SpanHandle| s.span.start as INT);
    engine.register_get("end", |s: &mut SpanHandle| s.span.end as INT);
    engine.register_get("line", |s: &mut SpanHandle| {
        s.doc.line_of(s.span.start) as INT
    });
    engine.register_get("text", |s: &mut SpanHandle| -> ImmutableString {
        s.doc.slice(s.span).into()
    });
    engine.register_fn("sub", |s: &mut SpanHandle, start: INT, len: INT| {
        SpanHandle {
            doc: s.doc.clone(),
            span: s
                .span
                .sub(&s.doc.text, start.max(0) as usize, len.max(0) as usize),
        }
    });
    engine.register_fn("to_string", |s: &mut SpanHandle| {
        s.doc.slice(s.span).to_string()
    });
    engine.register_get("text", |m: &mut MatchHandle| -> ImmutableString {
        m.doc.slice(m.span).into()
    });
    engine.register_get("span", |m: &mut MatchHandle| SpanHandle {
        doc: m.doc.clone(),
        span: m.span,
    });
    engine.register_get("line", |m: &mut MatchHandle| {
        m.doc.line_of(m.span.start) as INT
    });
    engine.register_get("groups", |m: &mut MatchHandle| m.groups.clone());
    engine.register_get("section", |m: &mut MatchHandle| -> Dynamic {
        m.doc.section_at(m.span.start).map_or(Dynamic::UNIT, |i| {
            Dynamic::from(SectionHandle {
                doc: m.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_fn("to_string", |m: &mut MatchHandle| {
        m.doc.slice(m.span).to_string()
    });

    // Findings.
    // Findings, their labels and notes are bounded in number and size
    // (engine::limits): Rhai's own limits do not see inside them.
    use crate::engine::emit_limits as cap;
    engine.register_fn("finding", |at: Dynamic, message: &str| -> Res<Finding> {
        cap::finding()?;
        Ok(Finding {
            span: span_of(&at)?,
            message: cap::text("finding 的消息", message)?,
            ..Default::default()
        })
    });
    engine.register_fn(
        "label",
        |f: Finding, at: Dynamic, message: &str| -> Res<Finding> {
            let mut f = f;
            cap::count("label", f.labels.len())?;
            f.labels
                .push((span_of(&at)?, cap::text("label 的文字", message)?));
            Ok(f)
        },
    );
    engine.register_fn("help", |f: Finding, text: &str| -> Res<Finding> {
        let mut f = f;
        f.help = Some(cap::text("help", text)?);
        Ok(f)
    });
    engine.register_fn("minor", |f: Finding| {
        let mut f = f;
        f.minor = true;
        f
    });
    engine.register_fn("note", |f: Finding, text: &str| -> Res<Finding> {
        let mut f = f;
        cap::count("note", f.notes.len())?;
        f.notes.push(cap::text("note", text)?);
        Ok(f)
    });
    // Fixes: `.fix(at, replacement)` offers a change that is certain;
    // `.fix_unsafe(at, replacement)` one applied only on request. Several
    // calls make one fix of several edits (a summary finding fixes every
    // place it covers).
    engine.register_fn(
        "fix",
        |f: Finding, at: Dynamic, replacement: &str| -> Res<Finding> {
            let mut f = f;
            f.edits
                .push((span_of(&at)?, cap::text("fix", replacement)?));
            Ok(f)
        },
    );
    engine.register_fn(
        "fix_unsafe",
        |f: Finding, at: Dynamic, replacement: &str| -> Res<Finding> {
            let mut f = f;
            f.edits
                .push((span_of(&at)?, cap::text("fix_unsafe", replacement)?));
            f.unsafe_fix = true;
            Ok(f)
        },
    );
    engine.register_get("message", |f: &mut Finding| -> ImmutableString {
        f.message.as_str().into()
    });

    // Numbers and rounding.
    engine.register_fn("dec", |s: &str| -> Res<Decimal> {
        s.trim()
            .parse::<Decimal>()
            .or_else(|_| err(format!("“{s}”不是数字")))
    });
    engine.register_fn("dec", |i: INT| Decimal::from(i));
    engine.register_fn("dec", |d: Decimal| d);
    engine.register_fn("sum_check", sum_check);
    engine.register_fn("share_check", share_check);
    engine.register_fn("change_check", change_check);
    engine.register_fn("half_unit", |f: FactHandle| {
        crate::facts::number::half_unit(f.fact().decimals)
    });
    register_maths(engine);
    engine.register_fn("fmt", |d: Decimal| d.normalize().to_string());
    engine.register_fn("fmt", |d: Decimal, dp: INT| fmt_dp(d, dp));
    engine.register_fn("join", |items: Array, sep: &str| -> String {
        items
            .iter()
            .map(|v| match v.clone().try_cast::<FactHandle>() {
                Some(f) => f.fact().value.to_string(),
                None => match v.clone().try_cast::<Decimal>() {
                    Some(d) => d.normalize().to_string(),
                    None => v.to_string(),
                },
            })
            .collect::<Vec<_>>()
            .join(sep)
    });
    engine.register_fn("label_matches", |label: &str, labels: Dynamic| {
        label_matches(label, &labels)
    });
    engine.register_fn("regex_match", |text: &str, pattern: &str| -> Res<bool> {
        cached_regex(pattern)
            .and_then(|r| r.is_match(text))
            .or_else(err)
    });
    text::register(engine);
    reading::register(engine);
    structure::register(engine);
    table::register(engine);
}
