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
