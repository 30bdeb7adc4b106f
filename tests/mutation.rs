//! Mutation test over the clean fixtures.
//!
//! Every `[[identity]]` of `fixtures/clean/<name>.identities.toml` names a
//! figure (`number` inside `target`, on `line`) that takes part in an
//! identity checked by `rule`. The figure is moved in steps of one unit of
//! its last written digit (0.01 for `19.89`, 1 for `86`), upwards unless the
//! identity says `direction = "down"`; the first step at which the rule
//! fires is found by galloping then bisecting (the rules are monotonic in
//! the distance from the true value). Then:
//!
//! * **just beyond** (that first step): `rule` fires with a finding whose
//!   primary position or one of its labels is on `line` (a rate and its
//!   amount change may sit on two lines of a hard-wrapped paragraph; the
//!   finding is on one and labels the other), and every numeric rule that
//!   fires belongs to an identity this figure takes part in — as its target
//!   or quoted among its `parts` (a share checked by `share-consistency` and
//!   `shares-sum`, 收入总计 in `income-total` and `totals-equal`, may trip
//!   both);
//! * **just within** (one step less, when that is not the unperturbed
//!   value): `rule` does not fire, and nothing outside that set fires;
//! * the unperturbed fixture produces no numeric finding at all.
//!
//! The search runs the identity's rule alone; the two points it finds are
//! checked with every numeric rule. Fixtures run on parallel threads.
//! The tolerance is therefore not restated here: it is whatever the rounding
//! rule gives for the figures involved, and the step count found is printed
//! so that a rule which tolerates far too much shows up.
//! Only the numeric rules run (text rules belong to another pack).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reportlint::config::Config;
use reportlint::diagnostic::Diagnostic;
use reportlint::linter::{Linter, Overrides};
use reportlint::source::Source;
use rust_decimal::Decimal;
use serde::Deserialize;

const NUMERIC: &[&str] = &[
    "category:balance",
    "category:consistency",
    "category:counts",
    "category:scores",
    "category:years",
];

/// How far a figure may be moved before the test gives up (in units of its
/// last digit): a band rule may need a long way (95.67 → 89.99).
const MAX_STEPS: u64 = 1 << 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Identities {
    #[allow(dead_code)]
    family: String,
    identity: Vec<Identity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Identity {
    rule: String,
    target: String,
    number: String,
    line: usize,
    parts: Vec<String>,
    /// "up" (default) or "down": the way that breaks the identity (a part
    /// under 其中 only breaks it when the total falls below the parts; a
    /// grade only when the score leaves the band on that side).
    direction: Option<String>,
}

mod common;

use common::root;

/// A number as written: full-width digits, thousands separators, decimals.
struct Written {
    value: Decimal,
    decimals: u32,
    fullwidth: bool,
    commas: bool,
}

fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            c => c,
        })
        .collect()
}

fn read_number(s: &str) -> Written {
    let a = ascii(s);
    let fullwidth = a != s;
    let commas = a.contains(',');
    let plain = a.replace(',', "");
    let value: Decimal = plain.parse().unwrap_or_else(|_| panic!("number {s:?}"));
    let decimals = plain.split('.').nth(1).map_or(0, |d| d.len() as u32);
    Written {
        value,
        decimals,
        fullwidth,
        commas,
    }
}

fn write_number(w: &Written, v: Decimal) -> String {
    let s = format!("{:.*}", w.decimals as usize, v);
    let s = if w.commas {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i.to_string(), format!(".{f}")),
            None => (s.clone(), String::new()),
        };
        let digits: Vec<char> = int.chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(*c);
        }
        out + frac.as_str()
    } else {
        s
    };
    if w.fullwidth {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32('０' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
                '.' => '．',
                c => c,
            })
            .collect()
    } else {
        s
    }
}

/// Does a part (e.g. "收入总计1,342.87万元") quote this number as a whole
/// figure (not as the digits of a longer one)?
fn names_figure(part: &str, number: &str) -> bool {
    let digit =
        |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．' | ',');
    part.match_indices(number).any(|(i, m)| {
        let before = part[..i].chars().next_back();
        let after = part[i + m.len()..].chars().next();
        !before.is_some_and(digit) && !after.is_some_and(digit)
    })
}

struct Run<'a> {
    linter: &'a Linter,
    name: String,
}

impl Run<'_> {
    fn lint_with(
        &self,
        linter: &Linter,
        text: String,
    ) -> (Vec<Diagnostic>, Arc<reportlint::document::Document>) {
        let doc = Arc::new(linter.parse(Source::from_text(self.name.clone(), text)));
        (linter.lint_document(&doc).diagnostics, doc)
    }

    /// All numeric rules.
    fn lint(&self, text: String) -> (Vec<Diagnostic>, Arc<reportlint::document::Document>) {
        self.lint_with(self.linter, text)
    }
}

fn linter_for(select: Vec<String>) -> Linter {
    let over = Overrides {
        select,
        ..Default::default()
    };
    Linter::new(&Config::default(), &over).unwrap()
}

/// Does `rule` fire on `line` (primary position or a label)?
fn fires_on(
    diags: &[Diagnostic],
    doc: &reportlint::document::Document,
    rule: &str,
    line: usize,
) -> bool {
    diags.iter().any(|d| {
        d.rule == rule
            && (doc.line_of(d.span.start) == line
                || d.labels.iter().any(|l| doc.line_of(l.span.start) == line))
    })
}

fn describe(diags: &[Diagnostic], doc: &reportlint::document::Document) -> String {
    diags
        .iter()
        .map(|d| format!("  {}:{} {}", d.rule, doc.line_of(d.span.start), d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks every identity of one fixture: (identities checked, failures).
fn check_fixture(linter: &Linter, t: &Path) -> (usize, Vec<String>) {
    // The search runs the identity's rule alone (fast); the two points
    // found are then checked with every numeric rule.
    let mut single: std::collections::HashMap<String, Linter> = Default::default();
    let mut failures = Vec::new();
    let mut checked = 0;
    let ids: Identities = toml::from_str(&std::fs::read_to_string(t).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", t.display()));
    let txt = PathBuf::from(t.to_string_lossy().replace(".identities.toml", ".txt"));
    let text = std::fs::read_to_string(&txt).unwrap();
    let fname = txt.file_name().unwrap().to_string_lossy().to_string();
    let run = Run {
        linter: &linter,
        name: fname.clone(),
    };
    let (base, base_doc) = run.lint(text.clone());
    if !base.is_empty() {
        failures.push(format!(
            "{fname}: clean fixture has findings\n{}",
            describe(&base, &base_doc)
        ));
        return (checked, failures);
    }
    for id in &ids.identity {
        checked += 1;
        let what = format!(
            "{fname}:{} [{}] {:?} ({})",
            id.line, id.rule, id.target, id.number
        );
        let hits: Vec<usize> = text.match_indices(&id.target).map(|(i, _)| i).collect();
        assert_eq!(hits.len(), 1, "{what}: target must occur exactly once");
        let at = hits[0];
        assert_eq!(
            text[..at].matches('\n').count() + 1,
            id.line,
            "{what}: line"
        );
        let inner: Vec<usize> = id
            .target
            .match_indices(&id.number)
            .map(|(i, _)| i)
            .collect();
        assert!(!inner.is_empty(), "{what}: number not in target");
        let num_at = at + *inner.last().unwrap();
        let w = read_number(&id.number);
        let unit = Decimal::new(1, w.decimals);
        let down = match id.direction.as_deref() {
            None | Some("up") => false,
            Some("down") => true,
            Some(x) => panic!("{what}: direction {x:?}"),
        };
        // Rules that may legitimately fire: those of every identity this
        // figure takes part in, as its target or as one of its parts
        // (收入总计 is the target of income-total and a part of
        // totals-equal; 10.37 the total of sangong-sum and the executed
        // amount of execution-rate).
        let allowed: BTreeSet<&str> = ids
            .identity
            .iter()
            .filter(|o| {
                (o.target == id.target && o.line == id.line)
                    || o.parts.iter().any(|p| names_figure(p, &id.number))
            })
            .map(|o| o.rule.as_str())
            .collect();
        let perturbed = |k: u64| -> Option<String> {
            let delta = unit * Decimal::from(k);
            let v = if down {
                w.value - delta
            } else {
                w.value + delta
            };
            if v < Decimal::ZERO {
                return None;
            }
            let mut t = text.clone();
            t.replace_range(num_at..num_at + id.number.len(), &write_number(&w, v));
            Some(t)
        };
        let mutate = |k: u64| perturbed(k).map(|t| run.lint(t));
        let alone = single
            .entry(id.rule.clone())
            .or_insert_with(|| linter_for(vec![id.rule.clone()]));
        let fired = |k: u64| {
            perturbed(k).is_some_and(|t| {
                let (d, doc) = run.lint_with(alone, t);
                fires_on(&d, &doc, &id.rule, id.line)
            })
        };
        // Gallop, then bisect, for the first step at which the rule fires.
        let mut hi = 1;
        while hi <= MAX_STEPS && !fired(hi) {
            hi *= 2;
        }
        if hi > MAX_STEPS {
            failures.push(format!(
                "{what}: never fires within {MAX_STEPS} steps of {unit}"
            ));
            continue;
        }
        let mut lo = hi / 2; // does not fire (or 0: the clean value)
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if fired(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let Some((beyond, bdoc)) = mutate(hi) else {
            continue;
        };
        let strays: Vec<&Diagnostic> = beyond
            .iter()
            .filter(|d| !allowed.contains(d.rule.as_str()))
            .collect();
        if !strays.is_empty() {
            failures.push(format!(
                "{what}: at +{hi} step(s) other rules fire too\n{}",
                describe(&beyond, &bdoc)
            ));
        }
        if lo > 0 {
            let Some((within, wdoc)) = mutate(lo) else {
                continue;
            };
            let bad: Vec<&Diagnostic> = within
                .iter()
                .filter(|d| d.rule == id.rule || !allowed.contains(d.rule.as_str()))
                .collect();
            if !bad.is_empty() {
                failures.push(format!(
                    "{what}: just within (+{lo} step(s)) something fires\n{}",
                    describe(&within, &wdoc)
                ));
            }
        }
        eprintln!(
            "{what}: fires at {} {hi} × {unit}",
            if down { "−" } else { "+" }
        );
    }
    (checked, failures)
}

#[test]
fn moving_a_figure_past_its_tolerance_trips_exactly_its_rule() {
    let linter = linter_for(NUMERIC.iter().map(|s| s.to_string()).collect());
    let dir = root().join("fixtures/clean");
    let mut tomls: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".identities.toml"))
        .collect();
    tomls.sort();
    assert!(tomls.len() >= 12);
    // One thread per fixture; results in fixture order.
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = tomls
            .iter()
            .map(|t| {
                let linter = &linter;
                scope.spawn(move || check_fixture(linter, t))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked: usize = results.iter().map(|r| r.0).sum();
    let failures: Vec<String> = results.into_iter().flat_map(|r| r.1).collect();
    assert!(checked >= 200, "identities checked: {checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} identities fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
