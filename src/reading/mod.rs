//! Readings: how a reviewer binds the figures of a sentence into statements.
//!
//! Extraction ([`crate::facts`]) gives figures with labels. This layer gives
//! them roles (this year, prior year, budget, executed …) and binds them into
//! statements — a year-on-year change with the figures it compares, an
//! execution rate with its executed and budget amounts. Where the binding is
//! ambiguous (which figure an unnamed change describes), a statement keeps
//! every plausible candidate reading, and a verdict is "inconsistent" only
//! when every reading fails. Candidates bind stated figures to roles; they
//! never try other formulas or other rounding: a rate is the change ÷ the
//! prior year, and a report that divides by this year's figure is wrong
//! however it is read.
//!
//! Rules ask this layer through the script API (`doc.change_verdict(f)`,
//! `doc.rate_verdict(f)`); `reportlint facts` prints the statements.

pub mod change;
pub mod figure;
pub mod period;
pub mod rate;
pub mod roles;
pub mod rounding;

pub use change::{change_statement, ChangeStatement};
pub use roles::{role_of, Role};

use crate::document::Document;

/// One candidate reading of a statement: which figure plays which role,
/// and how the reading was found (for the finding's help: "按 … 计算").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub current: Option<usize>,
    pub previous: Option<usize>,
    /// How the candidate was found, in Chinese: 按名称, 句首数字, 上一句的首个数字 …
    pub via: &'static str,
}

/// Over candidate readings in order (`eval(k)`: `None` when reading `k`
/// can check nothing, `Some(None)` when it is consistent, `Some(Some(p))`
/// when it fails with `p`): `Ok(k)` for the first consistent reading, else
/// `Err(Some((k, p)))` for the first that failed, `Err(None)` when none
/// could be checked.
pub fn first_consistent<P>(
    n: usize,
    mut eval: impl FnMut(usize) -> Option<Option<P>>,
) -> Result<usize, Option<(usize, P)>> {
    let mut first_failure = None;
    for k in 0..n {
        match eval(k) {
            Some(None) => return Ok(k),
            Some(Some(p)) => {
                if first_failure.is_none() {
                    first_failure = Some((k, p));
                }
            }
            None => {}
        }
    }
    Err(first_failure)
}

/// How a statement came out, for the `facts` listing.
pub(crate) enum Conclusion<'a> {
    /// Consistent under the reading found so.
    Consistent(&'a str),
    /// Consistent only with this figure in that unit.
    UnitSlip(&'a str, &'a str),
    /// Every reading fails; the first one named.
    Inconsistent(&'a str),
    /// An amount change and its rate point in opposite directions.
    Conflict,
    Unchecked,
}

/// The `结论：…` line of a statement in `reportlint facts`.
pub(crate) fn conclusion_line(c: Conclusion) -> String {
    let v = match c {
        Conclusion::Consistent(via) => format!("一致（按{via}）"),
        Conclusion::UnitSlip(text, unit) => format!("单位疑误：{text} 按{unit}计算才一致"),
        Conclusion::Inconsistent(via) => format!("每种读法都不一致（首选：{via}）"),
        Conclusion::Conflict => "增减额与增减率方向相反".into(),
        Conclusion::Unchecked => "无可核对的数字".into(),
    };
    format!("\n    结论：{v}")
}

/// All statements of a document, for `reportlint facts`.
pub fn statements(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for (i, f) in doc.facts.iter().enumerate() {
        if let Some(s) = change_statement(doc, i) {
            if s.anchor == i {
                out.push(change::describe(doc, &s));
            }
        }
        if let Some(s) = rate::rate_statement(doc, i) {
            out.push(rate::describe(doc, &s));
        }
        let _ = f;
    }
    out
}
#[cfg(test)]
mod tests;
