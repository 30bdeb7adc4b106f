//! Year-on-year changes: 与上年相比增加Δ万元、增长r% — which figures they
//! compare, every plausible binding, and whether any binding is consistent.

use rust_decimal::Decimal;

use super::figure::{self, is_money};
use super::roles::{clause_year, is_prior, role_of, Role};
use super::rounding::{self, Check, Figure};
use super::{Binding, Conclusion};
use crate::document::Document;
use crate::facts::label::{core, normalize, same_core};
use crate::facts::{Fact, FactKind};

/// How many figures back a change looks for what it describes.
const LOOK_BACK: usize = 200;

/// A change statement: an amount change and/or a rate, and the bindings of
/// this year's and last year's figures it may describe, most likely first.
#[derive(Debug, Clone)]
pub struct ChangeStatement {
    /// The first fact of the statement (the amount change, else the rate).
    pub anchor: usize,
    pub delta: Option<usize>,
    pub rate: Option<usize>,
    pub bindings: Vec<Binding>,
}

/// What is wrong under one binding.
#[derive(Debug, Clone)]
pub enum Problem {
    /// 本年数 > 上年数 but the change says 减少 (or the reverse).
    Direction { actual: Decimal },
    /// Δ ≠ this year − last year.
    Delta(Check),
    /// r ≠ Δ ÷ last year; `previous` is the base used (stated or derived).
    Rate { check: Check, previous: Decimal },
}

/// The verdict on a change statement.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Some binding makes every stated figure agree.
    Consistent(usize),
    /// No binding agrees as written, but one does when `fact` is read in
    /// `unit` (元 written for 万元): a unit slip, not an arithmetic error.
    UnitSlip {
        binding: usize,
        fact: usize,
        unit: &'static str,
    },
    /// Every binding fails; the first (most likely) binding's problems.
    Inconsistent {
        binding: usize,
        problems: Vec<Problem>,
    },
    /// The amount change and the rate point in opposite directions.
    DirectionConflict,
    /// Nothing could be checked (no figure to compare with).
    Unchecked,
}

fn is_rate(f: &Fact) -> bool {
    f.kind == FactKind::Change && f.unit == "%"
}

fn is_amount_change(f: &Fact) -> bool {
    f.kind == FactKind::Change && is_money(&f.unit)
}

/// The previous non-year fact before `i`.
fn prev_fact(doc: &Document, i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| doc.facts[j].kind != FactKind::Year)
}

/// The statement fact `i` belongs to, if it is a year-on-year change (with
/// a comparison phrase and a direction word) of money or a rate.
pub fn change_statement(doc: &Document, i: usize) -> Option<ChangeStatement> {
    statement(doc, i, true)
}

/// Whether fact `i` is a rate read with the amount change right before it
/// (so its statement is anchored there): cheap, for callers that visit
/// every change.
pub fn follows_its_amount(doc: &Document, i: usize) -> bool {
    let f = &doc.facts[i];
    is_rate(f)
        && prev_fact(doc, i).is_some_and(|p| {
            let g = &doc.facts[p];
            is_amount_change(g) && g.sentence == f.sentence && g.direction != 0 && !g.approx
        })
}

/// `carry`: whether a second comparison may take the figures of the one
/// before it (one step back only, so a sentence of many comparisons is read
/// in linear time).
fn statement(doc: &Document, i: usize, carry: bool) -> Option<ChangeStatement> {
    let f = doc.facts.get(i)?;
    if f.kind != FactKind::Change || f.direction == 0 || f.approx {
        return None;
    }
    // 分别增长51.3%、3.5%: rates listed for several changes at once pair in
    // order, which this reading does not attempt; such rates stay unread.
    if is_rate(f) && super::roles::clause_before(doc, f).contains("分别") {
        return None;
    }
    let (anchor, delta, rate) = if is_amount_change(f) {
        let next = (i + 1..doc.facts.len()).find(|&j| doc.facts[j].kind != FactKind::Year);
        let rate = next.filter(|&j| {
            let g = &doc.facts[j];
            is_rate(g)
                && g.sentence == f.sentence
                && !g.approx
                && !super::roles::clause_before(doc, g).contains("分别")
        });
        (i, Some(i), rate)
    } else if is_rate(f) {
        if let Some(p) = prev_fact(doc, i) {
            let g = &doc.facts[p];
            if is_amount_change(g) && g.sentence == f.sentence && g.direction != 0 && !g.approx {
                return statement(doc, p, carry);
            }
        }
        (i, None, Some(i))
    } else {
        return None;
    };
    // A comparison phrase (与上年相比, 同比), or last year's figure stated
    // before it (上年支出42万元，本年支出36万元，下降16.3%).
    let has_base = |k: Option<usize>| k.is_some_and(|k| !doc.facts[k].base.is_empty());
    let prior_stated = || {
        (segment_start(doc, anchor)..anchor)
            .any(|j| doc.facts[j].kind == FactKind::Amount && is_prior(doc, &doc.facts[j]))
    };
    if !has_base(delta) && !has_base(rate) && !prior_stated() {
        return None;
    }
    let bindings = bindings(doc, anchor, carry);
    Some(ChangeStatement {
        anchor,
        delta,
        rate,
        bindings,
    })
}

/// Whether an amount may be the figure a change describes: this year's
/// (spent or budgeted), not approximate.
fn candidate_current(doc: &Document, j: usize) -> bool {
    let f = &doc.facts[j];
    // A budget may change from year to year too (项目资金较上年度…).
    f.kind == FactKind::Amount && !f.approx && role_of(doc, j) != Role::PriorYear
}

/// The first fact of `i`'s stretch of its sentence: after the last change
/// statement before it in the sentence (A 10万元，增加1万元；B 20万元，增加2万元:
/// B's change looks back only to B).
fn segment_start(doc: &Document, i: usize) -> usize {
    let s = doc.facts[i].sentence;
    let mut k = i;
    // A stretch is a clause or two: at most LOOK_BACK figures, so that a
    // "sentence" of thousands of figures is still read in linear time.
    while k > 0 && i - k < LOOK_BACK {
        let g = &doc.facts[k - 1];
        if g.sentence != s || g.paragraph != doc.facts[i].paragraph {
            break;
        }
        if g.kind == FactKind::Change {
            break;
        }
        k -= 1;
    }
    k
}

/// The candidate bindings of the change anchored at `a`.
fn bindings(doc: &Document, a: usize, carry: bool) -> Vec<Binding> {
    let c = &doc.facts[a];
    let seg = segment_start(doc, a);
    // The year compared with, and last year's figure stated in the clause
    // (比上年的60万元, 上年支出42万元, 2019年支出42万元 for 比2019年).
    let base_year = [Some(a), statement_rate(doc, a)]
        .into_iter()
        .flatten()
        .find_map(|k| doc.facts[k].base_year);
    let of_base_year =
        |j: usize| base_year.is_some() && clause_year(doc, &doc.facts[j]) == base_year;
    let previous = (seg..a).rev().find(|&j| {
        doc.facts[j].kind == FactKind::Amount && (is_prior(doc, &doc.facts[j]) || of_base_year(j))
    });
    let mut out: Vec<Binding> = Vec::new();
    let push = |out: &mut Vec<Binding>, current: Option<usize>, via: &'static str| {
        if !out.iter().any(|b| b.current == current) {
            out.push(Binding {
                current,
                previous,
                via,
            });
        }
    };
    // 1. Named: the change (or the prior figure) names its subject.
    let name = match previous {
        Some(p) => {
            let l = &doc.facts[p].label;
            let cut = l.find(['比', '较', '与']).map_or(l.as_str(), |k| &l[..k]);
            cut.to_string()
        }
        // The change's own words, not a label it inherited from a figure.
        None if c.label_span.is_some() => c.label.clone(),
        None => String::new(),
    };
    if let Some(j) = named(doc, a, previous.unwrap_or(a), &name) {
        push(&mut out, Some(j), "同名数字");
    }
    // 2. Position: this year's figures of the change's own stretch of its
    // sentence; failing those, of the sentence before.
    let own: Vec<usize> = (seg..a)
        .filter(|&j| candidate_current(doc, j) && !of_base_year(j))
        .collect();
    if let (Some(&first), Some(&last)) = (own.first(), own.last()) {
        push(&mut out, Some(last), "同句中紧邻的数字");
        push(&mut out, Some(first), "同句首个数字");
    } else if let Some(earlier) = earlier_comparison(doc, seg)
        .filter(|_| carry && !(seg..a).any(|j| doc.facts[j].kind == FactKind::Amount))
    {
        // A second comparison of the same figure (…，比上年增加…；比2019年减少…).
        for b in earlier.bindings {
            push(&mut out, b.current, "同一数字的另一比较");
        }
    } else if let Some(prev_sentence) = sentence_before(doc, a) {
        if let (Some(&first), Some(&last)) = (prev_sentence.first(), prev_sentence.last()) {
            push(&mut out, Some(first), "上一句首个数字");
            push(&mut out, Some(last), "上一句末个数字");
        }
        // The first figure spent (支出决算为8.77万元) after a budget that heads
        // the sentence (年初预算为22.00万元).
        if let Some(&spent) = prev_sentence
            .iter()
            .find(|&&j| matches!(role_of(doc, j), Role::ThisYear | Role::Executed))
        {
            push(&mut out, Some(spent), "上一句首个执行数");
        }
    }
    // With last year's figure stated and this year's only guessed from the
    // sentence before, the rate can still be read on last year's alone.
    let guessed = out.iter().all(|b| b.via.starts_with("上一句"));
    if previous.is_some() && guessed && !out.is_empty() {
        out.push(Binding {
            current: None,
            previous,
            via: "上年数",
        });
    }
    if out.is_empty() && previous.is_some() {
        out.push(Binding {
            current: None,
            previous,
            via: "上年数",
        });
    }
    out
}

/// The rate right after an amount change `a` in its sentence.
fn statement_rate(doc: &Document, a: usize) -> Option<usize> {
    let next = (a + 1..doc.facts.len()).find(|&j| doc.facts[j].kind != FactKind::Year)?;
    let g = &doc.facts[next];
    (is_rate(g) && g.sentence == doc.facts[a].sentence).then_some(next)
}

/// The change statement right before fact `seg` in the same sentence, if
/// the stretch of the sentence starting at `seg` follows one.
fn earlier_comparison(doc: &Document, seg: usize) -> Option<ChangeStatement> {
    let k = seg.checked_sub(1)?;
    let (g, f) = (&doc.facts[k], doc.facts.get(seg)?);
    if g.kind != FactKind::Change || g.sentence != f.sentence {
        return None;
    }
    // The statement's first fact: the amount change before a rate.
    let anchor = match prev_fact(doc, k) {
        Some(p) if is_amount_change(&doc.facts[p]) && is_rate(g) => p,
        _ => k,
    };
    // One step back only: its own bindings, not those it would carry over.
    let s = statement(doc, anchor, false)?;
    (s.anchor < seg && !s.bindings.is_empty()).then_some(s)
}

/// The amount named `name` before fact `from`, in the change's section:
/// the same spelling first, then the same thing named differently.
fn named(doc: &Document, change: usize, from: usize, name: &str) -> Option<usize> {
    let n = normalize(name);
    if n.is_empty() || n == "的" || n.chars().count() < 2 {
        return None;
    }
    let section = doc.facts[change].section;
    let before = || {
        (0..from)
            .rev()
            .take(LOOK_BACK)
            .take_while(move |&j| doc.facts[j].section == section)
            .filter(|&j| candidate_current(doc, j))
    };
    let c = core(name);
    before()
        .find(|&j| doc.facts[j].label == name || doc.facts[j].core == c)
        .or_else(|| before().find(|&j| same_core(&doc.facts[j].core, &c)))
}

/// This year's amounts of the sentence before fact `a`'s sentence, when
/// `a`'s own sentence holds none before it: in the same paragraph, or the
/// last sentence of the paragraph before in the same section.
fn sentence_before(doc: &Document, a: usize) -> Option<Vec<usize>> {
    let c = &doc.facts[a];
    let last = (0..a).rev().take(LOOK_BACK).find(|&j| {
        let g = &doc.facts[j];
        g.sentence != c.sentence && g.kind != FactKind::Year
    })?;
    let g = &doc.facts[last];
    if g.section != c.section || g.paragraph + 1 < c.paragraph {
        return None;
    }
    let s = g.sentence;
    let v: Vec<usize> = (0..=last)
        .rev()
        .take(LOOK_BACK)
        .take_while(|&j| doc.facts[j].sentence == s)
        .filter(|&j| candidate_current(doc, j))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!v.is_empty()).then_some(v)
}

/// Money figures of a binding in 元, one of them possibly read in another unit.
struct Figures {
    current: Option<Figure>,
    previous: Option<Figure>,
    delta: Option<Figure>,
}

fn signed(fig: Figure, direction: i32) -> Figure {
    Figure {
        value: if direction < 0 { -fig.value } else { fig.value },
        half: fig.half,
    }
}

/// Checks one binding; `None` when nothing could be checked.
fn evaluate(doc: &Document, s: &ChangeStatement, figs: &Figures) -> Option<Vec<Problem>> {
    let delta_fact = s.delta.map(|d| &doc.facts[d]);
    let delta = match (figs.delta, delta_fact) {
        (Some(d), Some(f)) => Some(signed(d, f.direction)),
        _ => None,
    };
    let mut checked = false;
    let mut problems = Vec::new();
    if let (Some(cur), Some(prev)) = (figs.current, figs.previous) {
        if let Some(d) = delta {
            checked = true;
            let actual = cur.value.checked_sub(prev.value)?;
            let tol = cur.half + prev.half;
            if actual.abs() > tol && (actual > Decimal::ZERO) != (d.value > Decimal::ZERO) {
                return Some(vec![Problem::Direction { actual }]);
            }
            let check = rounding::sum_check(&[prev, d], cur)?;
            if !check.ok {
                problems.push(Problem::Delta(Check {
                    expected: actual,
                    diff: d.value.checked_sub(actual)?,
                    ..check
                }));
            }
        }
    }
    if let Some(r) = s.rate {
        let rate_fact = &doc.facts[r];
        let base = match (figs.previous, figs.current, delta) {
            (Some(p), _, _) => Some(p),
            (None, Some(c), Some(d)) => rounding::previous_of(c, d),
            _ => None,
        };
        let change = match (delta, figs.current, figs.previous) {
            (Some(d), _, _) => Some(d),
            (None, Some(c), Some(p)) => Some(Figure {
                value: c.value.checked_sub(p.value)?,
                half: c.half + p.half,
            }),
            _ => None,
        };
        if let (Some(base), Some(change)) = (base, change) {
            if let Some(check) = rounding::rate_check(base, change, figure::percent(rate_fact)) {
                checked = true;
                let wrong_way = delta.is_none()
                    && change.value.abs() > change.half
                    && (change.value > Decimal::ZERO) != (rate_fact.direction > 0);
                if wrong_way {
                    problems.push(Problem::Direction {
                        actual: change.value,
                    });
                } else if !check.ok {
                    problems.push(Problem::Rate {
                        check,
                        previous: base.value,
                    });
                }
            }
        }
    }
    checked.then_some(problems)
}

fn figures(
    doc: &Document,
    s: &ChangeStatement,
    b: &Binding,
    slip: Option<(usize, &str)>,
) -> Figures {
    let fig = |k: Option<usize>| {
        k.and_then(|k| {
            let unit = slip.filter(|(f, _)| *f == k).map(|(_, u)| u);
            figure::in_yuan(&doc.facts[k], unit)
        })
    };
    Figures {
        current: fig(b.current),
        previous: fig(b.previous),
        delta: fig(s.delta),
    }
}

/// The verdict on a statement: consistent under some binding, a unit slip,
/// or inconsistent under every binding.
pub fn verdict(doc: &Document, s: &ChangeStatement) -> Verdict {
    if let (Some(d), Some(r)) = (s.delta, s.rate) {
        if doc.facts[d].direction != doc.facts[r].direction {
            return Verdict::DirectionConflict;
        }
    }
    let outcome = super::first_consistent(s.bindings.len(), |k| {
        evaluate(doc, s, &figures(doc, s, &s.bindings[k], None))
            .map(|p| (!p.is_empty()).then_some(p))
    });
    let (binding, problems) = match outcome {
        Ok(k) => return Verdict::Consistent(k),
        Err(None) => return Verdict::Unchecked,
        Err(Some(first)) => first,
    };
    // A unit slip: one money figure in another unit than the rest, and the
    // statement agrees when it is read in theirs.
    for (k, b) in s.bindings.iter().enumerate() {
        let money: Vec<usize> = [b.current, b.previous, s.delta]
            .into_iter()
            .flatten()
            .collect();
        for &odd in &money {
            let others: Vec<&str> = money
                .iter()
                .filter(|&&m| m != odd)
                .map(|&m| doc.facts[m].unit.as_str())
                .collect();
            let Some(&unit) = others.first() else {
                continue;
            };
            if unit == doc.facts[odd].unit || others.iter().any(|u| *u != unit) {
                continue;
            }
            let Some((unit, _)) = figure::money(unit) else {
                continue;
            };
            if let Some(p) = evaluate(doc, s, &figures(doc, s, b, Some((odd, unit)))) {
                if p.is_empty() {
                    return Verdict::UnitSlip {
                        binding: k,
                        fact: odd,
                        unit,
                    };
                }
            }
        }
    }
    Verdict::Inconsistent { binding, problems }
}

/// One line for `reportlint facts`: the statement and its candidates.
pub fn describe(doc: &Document, s: &ChangeStatement) -> String {
    let f = |k: Option<usize>| {
        k.map_or("—".to_string(), |k| {
            let x = &doc.facts[k];
            format!("{}（{}，第{}行）", x.text, x.label, x.line)
        })
    };
    let mut out = format!(
        "增减：{} {}",
        f(s.delta),
        s.rate.map_or(String::new(), |r| doc.facts[r].text.clone())
    );
    for b in &s.bindings {
        out.push_str(&format!(
            "\n    候选（{}）：本年 {}，上年 {}",
            b.via,
            f(b.current),
            f(b.previous)
        ));
    }
    let conclusion = match verdict(doc, s) {
        Verdict::Consistent(k) => Conclusion::Consistent(s.bindings[k].via),
        Verdict::UnitSlip { fact, unit, .. } => Conclusion::UnitSlip(&doc.facts[fact].text, unit),
        Verdict::Inconsistent { binding, .. } => Conclusion::Inconsistent(s.bindings[binding].via),
        Verdict::DirectionConflict => Conclusion::Conflict,
        Verdict::Unchecked => Conclusion::Unchecked,
    };
    out.push_str(&super::conclusion_line(conclusion));
    out
}
