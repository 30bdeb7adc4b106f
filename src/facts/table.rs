//! Figures in table rows (Markdown `| a | b |`, tab-separated text, or
//! Word tables flattened by the .docx loader).
//!
//! A bare number in a cell is an amount when the table declares its unit
//! (`单位：万元`); its label is the row's first text cell and its column the
//! header above it.

use rust_decimal::Decimal;

use super::{number, Fact, FactKind};
use crate::document::{Document, Paragraph};

#[derive(Debug, Default, Clone)]
pub struct TableContext {
    unit: Option<(&'static str, i64)>,
    header: Vec<String>,
    in_table: bool,
}

impl TableContext {
    /// Notes unit declarations, and forgets a table's header and unit when
    /// prose follows it.
    pub fn observe(&mut self, text: &str) {
        let row = is_row(text);
        if !row && self.in_table {
            self.in_table = false;
            self.header.clear();
            self.unit = None;
        }
        if let Some(u) = declared_unit(text) {
            self.unit = Some(u);
        } else if row {
            // A header cell naming the unit in brackets: 项目资金（万元）.
            if let Some(u) = crate::table::declared_unit(text).and_then(|u| super::unit::money(&u))
            {
                self.unit = Some(u);
            }
        }
    }
}

fn declared_unit(text: &str) -> Option<(&'static str, i64)> {
    let i = text.find("单位")?;
    let rest = &text[i + "单位".len()..];
    let rest = rest.trim_start_matches(['：', ':', ' ', '\u{3000}']);
    super::unit::MONEY
        .iter()
        .find(|(w, _)| rest.starts_with(w))
        .copied()
}

pub fn is_row(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('|') && t.len() > 1)
        || text.matches('\t').count() >= 2
        || crate::table::text::is_pipe_row(text)
}

/// Cells of a row with their logical byte ranges.
fn cells(text: &str) -> Vec<(usize, usize)> {
    let sep = if text.trim_start().starts_with('|') || !text.contains('\t') {
        '|'
    } else {
        '\t'
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == sep {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    out.push((start, text.len()));
    let t = text.trim();
    if sep == '|' && t.starts_with('|') && t.ends_with('|') {
        // Leading and trailing pipes leave empty edge cells.
        if out
            .first()
            .is_some_and(|(s, e)| text[*s..*e].trim().is_empty())
        {
            out.remove(0);
        }
        if out
            .last()
            .is_some_and(|(s, e)| text[*s..*e].trim().is_empty())
        {
            out.pop();
        }
    }
    out.into_iter()
        .map(|(s, e)| {
            let cell = &text[s..e];
            let lead = cell.len() - cell.trim_start().len();
            let trail = cell.len() - cell.trim_end().len();
            (s + lead, e - trail.min(e - s - lead))
        })
        .collect()
}

/// A cell that holds only a number: `1,234.56`, `(12.00)`, `92.1%`.
fn bare_number(cell: &str) -> Option<(number::NumberToken, bool, bool)> {
    let (inner, negative) = match cell
        .strip_prefix(['(', '（'])
        .and_then(|c| c.strip_suffix([')', '）']))
    {
        Some(inner) => (inner, true),
        None => (cell, false),
    };
    let percent = inner.ends_with('%') || inner.ends_with('％');
    let digits = inner.trim_end_matches(['%', '％']);
    let toks = number::scan(digits);
    if toks.len() != 1 || toks[0].start != 0 || toks[0].end != digits.len() {
        return None;
    }
    Some((toks[0].clone(), negative, percent))
}

/// The column header of the table cell at `span`, from the document's
/// tables: `Some(None)` for a cell without a header, `None` when no table
/// cell is there.
fn header_in_tables(doc: &Document, span: crate::document::Span) -> Option<Option<String>> {
    let t = doc
        .tables
        .iter()
        .find(|t| span.start >= t.span.start && span.end <= t.span.end)?;
    let ri = t
        .rows
        .partition_point(|r| r.span.start <= span.start)
        .checked_sub(1)?;
    let ci = t.rows[ri].cells.iter().position(|c| c.span == span)?;
    Some(
        t.header(ri, ci)
            .map(|h| h.into_owned())
            .filter(|h| !h.is_empty()),
    )
}

pub fn extract_row(
    doc: &Document,
    pi: usize,
    para: &Paragraph,
    ctx: &mut TableContext,
    facts: &mut Vec<Fact>,
) {
    ctx.in_table = true;
    let text = &para.logical;
    let cells = cells(text);
    let texts: Vec<&str> = cells.iter().map(|(s, e)| &text[*s..*e]).collect();
    if texts
        .iter()
        .all(|t| t.chars().all(|c| matches!(c, '-' | ':' | ' ')))
    {
        return; // Markdown separator row.
    }
    let numeric: Vec<bool> = texts.iter().map(|t| bare_number(t).is_some()).collect();
    if !numeric.iter().any(|n| *n) {
        ctx.header = texts.iter().map(|t| t.to_string()).collect();
        return;
    }
    let row_label = texts
        .iter()
        .zip(&numeric)
        .find(|(t, n)| !**n && !t.is_empty())
        .map(|(t, _)| t.to_string())
        .unwrap_or_default();
    let row_label_span = cells
        .iter()
        .zip(&numeric)
        .zip(&texts)
        .find(|((_, n), t)| !**n && !t.is_empty())
        .map(|(((s, e), _), _)| para.span_of(*s, *e));
    let mut last_amount: Option<usize> = None;
    for (ci, ((s, e), cell)) in cells.iter().zip(&texts).enumerate() {
        let Some((tok, negative, percent)) = bare_number(cell) else {
            continue;
        };
        // The header as the table model reads it (grid columns, merges, a
        // leading empty cell kept), else the header row by position.
        let column = match header_in_tables(doc, para.span_of(*s, *e)) {
            Some(h) => h,
            None => ctx.header.get(ci).cloned().filter(|h| !h.is_empty()),
        };
        // 分值, 得分, 权重 and 行次 columns hold points and row numbers, not money.
        // Nor do rate and share columns (执行率 0.965, 资金到位率) or an
        // indicator's target and result (年度指标值, 实际完成值).
        let not_money = column.as_deref().is_some_and(|h| {
            [
                "分值",
                "得分",
                "分数",
                "权重",
                "行次",
                "栏次",
                "序号",
                "率",
                "比例",
                "比重",
                "%",
                "％",
                "指标值",
                "完成值",
            ]
            .iter()
            .any(|w| h.contains(w))
        });
        if not_money && !percent {
            continue;
        }
        let value = if negative { -tok.value } else { tok.value };
        let (kind, unit, factor) = if percent {
            (FactKind::Percent, "%", None)
        } else if let Some((u, f)) = ctx.unit {
            (FactKind::Amount, u, Some(f))
        } else {
            continue;
        };
        let span = para.span_of(*s, *e);
        let fact = Fact {
            core: String::new(),
            kind,
            value,
            decimals: tok.decimals,
            unit: unit.to_string(),
            yuan: match factor {
                Some(f) => match value.checked_mul(Decimal::from(f)) {
                    Some(y) => Some(y),
                    None => continue,
                },
                None => None,
            },
            label: row_label.clone(),
            label_span: row_label_span,
            span,
            text: doc.slice(span).to_string(),
            approx: false,
            fullwidth: tok.fullwidth,
            mixed_width: tok.mixed_width,
            share: None,
            whole: None,
            direction: 0,
            direction_word: String::new(),
            base_year: None,
            base: String::new(),
            subject: None,
            column,
            paragraph: pi,
            section: doc.section_at(span.start),
            sentence: para.span,
            line: doc.line_of(span.start),
        };
        if kind == FactKind::Percent {
            if let Some(a) = last_amount {
                let header_is_share = fact
                    .column
                    .as_deref()
                    .is_some_and(|h| h.contains('占') || h.contains("比重") || h.contains("比例"));
                if header_is_share && facts[a].share.is_none() {
                    facts[a].share = Some(facts.len());
                }
            }
        }
        if kind == FactKind::Amount {
            last_amount = Some(facts.len());
        }
        facts.push(fact);
    }
}
