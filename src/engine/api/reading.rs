//! The reading layer as scripts see it: `doc.change_verdict(f)`,
//! `doc.rate_verdict(f)` and `doc.role(f)` (see [`crate::reading`]).

use rhai::{Dynamic, Engine, Map};
use rust_decimal::Decimal;

use super::{DocHandle, FactHandle};
use crate::reading::change::{self, Problem, Verdict};
use crate::reading::rate::{self, RateVerdict};
use crate::reading::rounding::Check;
use crate::reading::{figure, role_of, Binding};

fn handle(d: &DocHandle, k: Option<usize>) -> Dynamic {
    k.map_or(Dynamic::UNIT, |idx| {
        Dynamic::from(FactHandle {
            doc: d.0.clone(),
            idx,
        })
    })
}

fn dec(v: Decimal) -> Dynamic {
    Dynamic::from_decimal(v.normalize())
}

fn check_into(m: &mut Map, c: &Check) {
    m.insert("expected".into(), dec(c.expected));
    m.insert("diff".into(), dec(c.diff));
    m.insert("tolerance".into(), dec(c.tolerance));
    m.insert("low".into(), dec(c.low));
    m.insert("high".into(), dec(c.high));
}

fn binding_into(d: &DocHandle, m: &mut Map, b: &Binding) {
    m.insert("current".into(), handle(d, b.current));
    m.insert("previous".into(), handle(d, b.previous));
    m.insert("via".into(), b.via.into());
}

/// `#{ status, delta, rate, current, previous, via, problem, … }` for the
/// change statement whose first fact is `f`; `()` for any other fact.
/// status: "ok", "slip" (with `slip_fact`, `slip_unit`), "error" (with
/// `problem`: "direction" | "delta" | "rate"), "conflict", "unchecked".
fn change_verdict(d: &mut DocHandle, f: FactHandle) -> Dynamic {
    let doc = &d.0;
    if change::follows_its_amount(doc, f.idx) {
        return Dynamic::UNIT;
    }
    let Some(s) = change::change_statement(doc, f.idx) else {
        return Dynamic::UNIT;
    };
    if s.anchor != f.idx {
        return Dynamic::UNIT;
    }
    let mut m = Map::new();
    m.insert("delta".into(), handle(d, s.delta));
    m.insert("rate".into(), handle(d, s.rate));
    m.insert("readings".into(), (s.bindings.len() as rhai::INT).into());
    // Money in the unit the report writes the change (or this year's figure) in.
    let unit_of = |k: Option<usize>| k.map(|k| doc.facts[k].unit.clone());
    let unit = unit_of(s.delta)
        .or_else(|| s.bindings.first().and_then(|b| unit_of(b.current)))
        .unwrap_or_default();
    let factor = crate::reading::figure::unit_factor(&unit);
    let in_unit = |v: Decimal| v.checked_div(factor).unwrap_or(v);
    m.insert("unit".into(), unit.as_str().into());
    let status = match change::verdict(doc, &s) {
        Verdict::Consistent(k) => {
            binding_into(d, &mut m, &s.bindings[k]);
            "ok"
        }
        Verdict::UnitSlip {
            binding,
            fact,
            unit,
        } => {
            binding_into(d, &mut m, &s.bindings[binding]);
            m.insert("slip_fact".into(), handle(d, Some(fact)));
            m.insert("slip_unit".into(), unit.into());
            "slip"
        }
        Verdict::Inconsistent { binding, problems } => {
            binding_into(d, &mut m, &s.bindings[binding]);
            match problems.first() {
                Some(Problem::Direction { actual }) => {
                    m.insert("problem".into(), "direction".into());
                    m.insert("actual".into(), dec(in_unit(*actual)));
                }
                Some(Problem::Delta(c)) => {
                    m.insert("problem".into(), "delta".into());
                    let c = Check {
                        expected: in_unit(c.expected),
                        diff: in_unit(c.diff),
                        tolerance: in_unit(c.tolerance),
                        low: in_unit(c.low),
                        high: in_unit(c.high),
                        ok: c.ok,
                    };
                    check_into(&mut m, &c);
                }
                Some(Problem::Rate { check, previous }) => {
                    m.insert("problem".into(), "rate".into());
                    if let Some(r) = s.rate {
                        let minor = figure::minor_miss(&doc.facts[r], check.low, check.high);
                        m.insert("minor".into(), minor.into());
                    }
                    check_into(&mut m, check);
                    m.insert("base".into(), dec(in_unit(*previous)));
                }
                None => return Dynamic::UNIT,
            }
            "error"
        }
        Verdict::DirectionConflict => "conflict",
        Verdict::Unchecked => "unchecked",
    };
    m.insert("status".into(), status.into());
    Dynamic::from_map(m)
}

/// `#{ status, rate, exec, budget, via, … }` for an execution rate `f`;
/// `()` when `f` is no execution rate or nothing binds it.
fn rate_verdict(d: &mut DocHandle, f: FactHandle) -> Dynamic {
    let doc = &d.0;
    let Some(s) = rate::rate_statement(doc, f.idx) else {
        return Dynamic::UNIT;
    };
    let mut m = Map::new();
    m.insert("rate".into(), handle(d, Some(s.rate)));
    let bind = |m: &mut Map, k: usize| {
        let b = s.bindings[k];
        let (e, g) = (&doc.facts[b.exec], &doc.facts[b.budget]);
        m.insert("exec".into(), handle(d, Some(b.exec)));
        m.insert("budget".into(), handle(d, Some(b.budget)));
        m.insert("via".into(), b.via.into());
        // The budget's value in the executed figure's unit (derived from a
        // stated difference when `derived`).
        let factor = |u: &str| crate::reading::figure::unit_factor(u);
        let diff = g.value * factor(&g.unit) / factor(&e.unit);
        let value = match b.derived {
            0 => g.value,
            1 => e.value - diff,
            _ => e.value + diff,
        };
        m.insert("derived".into(), (b.derived != 0).into());
        m.insert("budget_value".into(), dec(value));
    };
    let status = match rate::verdict(doc, &s) {
        RateVerdict::Consistent(k) => {
            bind(&mut m, k);
            "ok"
        }
        RateVerdict::UnitSlip {
            binding,
            fact,
            unit,
        } => {
            bind(&mut m, binding);
            m.insert("slip_fact".into(), handle(d, Some(fact)));
            m.insert("slip_unit".into(), unit.into());
            "slip"
        }
        RateVerdict::Inconsistent { binding, check } => {
            bind(&mut m, binding);
            let minor = figure::minor_miss(&doc.facts[s.rate], check.low, check.high);
            m.insert("minor".into(), minor.into());
            check_into(&mut m, &check);
            "error"
        }
        RateVerdict::Unchecked => "unchecked",
    };
    m.insert("status".into(), status.into());
    Dynamic::from_map(m)
}

pub fn register(engine: &mut Engine) {
    engine.register_fn("change_verdict", change_verdict);
    engine.register_fn("rate_verdict", rate_verdict);
    engine.register_fn(
        "role",
        |d: &mut DocHandle, f: FactHandle| -> rhai::ImmutableString {
            role_of(&d.0, f.idx).as_str().into()
        },
    );
    engine.register_fn("other_period", |d: &mut DocHandle, f: FactHandle| {
        crate::reading::period::other_period(&d.0, f.idx)
    });
}
