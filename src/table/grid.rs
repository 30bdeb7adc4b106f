//! Tables built cell by cell (spreadsheets, CSV), and the text that shows
//! them: each row one line, its cells joined by ` | `, so that findings on
//! a cell have a line and a column like any report.

use rust_decimal::Decimal;

use super::{declared_unit, Cell, Row, Table};
use crate::text::Span;

/// A cell as a spreadsheet holds it.
#[derive(Debug, Clone, Default)]
pub struct GridCell {
    /// What the cell shows.
    pub text: String,
    pub value: Option<Decimal>,
    pub decimals: u32,
    pub percent: bool,
    pub unit: Option<String>,
    pub formula_missing: bool,
    pub col_span: usize,
    pub row_span: usize,
    /// Inside a merged range but not its first cell.
    pub covered: bool,
}

/// One sheet: rows of cells, all rows as wide as the used range.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// 0-based row and column of the first cell (the used range's start).
    pub origin: (u32, u32),
    pub rows: Vec<Vec<GridCell>>,
}

/// `C7` for 0-based (6, 2).
pub fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// Renders the sheets as text and tables (one table per sheet).
pub fn render(sheets: &[Sheet], origin: &'static str) -> (String, Vec<Table>) {
    let mut text = String::new();
    let mut tables = Vec::new();
    for sheet in sheets {
        if !text.is_empty() && !text.ends_with("\n\n") {
            text.push('\n');
        }
        let mut table = Table {
            sheet: sheet.name.clone(),
            aligned: true,
            origin,
            span: Span::new(text.len(), text.len()),
            ..Default::default()
        };
        for (ri, cells) in sheet.rows.iter().enumerate() {
            let last = cells
                .iter()
                .rposition(|c| !c.text.trim().is_empty() || c.formula_missing);
            let Some(last) = last else {
                continue;
            };
            let line_start = text.len();
            let mut row = Row::default();
            for (ci, g) in cells.iter().take(last + 1).enumerate() {
                if ci > 0 {
                    text.push_str(" | ");
                }
                let shown = g.text.trim();
                let start = text.len();
                // A line end inside a cell would split the row.
                text.extend(shown.chars().map(|c| if c == '\n' { ' ' } else { c }));
                if g.covered {
                    continue;
                }
                row.cells.push(Cell {
                    text: shown.replace('\n', " "),
                    span: Span::new(start, text.len()),
                    col: ci,
                    col_span: g.col_span.max(1),
                    row_span: g.row_span.max(1),
                    value: g.value,
                    decimals: g.decimals,
                    percent: g.percent,
                    unit: g.unit.clone(),
                    formula_missing: g.formula_missing,
                    location: format!(
                        "{}!{}",
                        sheet.name,
                        a1(sheet.origin.0 + ri as u32, sheet.origin.1 + ci as u32)
                    ),
                });
            }
            row.span = Span::new(line_start, text.len());
            text.push('\n');
            table.rows.push(row);
        }
        table.span.end = text.len().saturating_sub(1).max(table.span.start);
        table.unit = table
            .rows
            .iter()
            .take(6)
            .flat_map(|r| r.cells.iter())
            .find_map(|c| declared_unit(&c.text));
        table = super::text::finish(table);
        if !table.rows.is_empty() {
            tables.push(table);
        }
    }
    (text, tables)
}

/// Decimals and percent of an Excel number format code (`0.00`, `0.0%`,
/// `#,##0.00_ `, `General`).
pub fn format_decimals(code: &str) -> Option<(u32, bool)> {
    let section = code.split(';').next().unwrap_or("");
    // Drop quoted text and bracketed colours/conditions.
    let mut plain = String::new();
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in section.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            _ => plain.push(c),
        }
    }
    if !plain.contains(['0', '#', '?']) {
        return None;
    }
    let percent = plain.contains('%');
    let decimals = match plain.find('.') {
        Some(i) => plain[i + 1..]
            .chars()
            .take_while(|c| matches!(c, '0' | '#' | '?'))
            .count() as u32,
        None => 0,
    };
    Some((decimals, percent))
}

/// The shortest decimal that reads back as `f`, or None for NaN, infinities
/// and magnitudes a Decimal cannot hold.
pub fn shortest_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    format!("{f}").parse::<Decimal>().ok()
}

/// A numeric cell: value, decimals and how it shows, given its format code.
pub fn number_cell(f: f64, format: Option<&str>) -> GridCell {
    let fmt = format.and_then(format_decimals);
    let Some(mut v) = shortest_decimal(f) else {
        return GridCell {
            text: format!("{f}"),
            ..Default::default()
        };
    };
    let (decimals, percent) = match fmt {
        Some((d, p)) => (d, p),
        None => (v.scale(), false),
    };
    if percent {
        v = v.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(v);
    }
    let shown = v.round_dp(decimals);
    let mut shown_text = format!("{:.*}", decimals as usize, shown);
    if percent {
        shown_text.push('%');
    }
    let mut value = v.normalize();
    if value.scale() < decimals {
        value.rescale(decimals);
    }
    GridCell {
        text: shown_text,
        value: Some(value),
        decimals,
        percent,
        unit: percent.then(|| "%".to_string()),
        ..Default::default()
    }
}

/// A text cell; a number typed as text (`43.20`, `86%`) is read as written.
pub fn text_cell(s: &str) -> GridCell {
    let num = super::cell_number(s);
    GridCell {
        text: s.to_string(),
        value: num.as_ref().map(|n| n.0),
        decimals: num.as_ref().map_or(0, |n| n.1),
        percent: num.as_ref().is_some_and(|n| n.2),
        unit: num.and_then(|n| n.3),
        ..Default::default()
    }
}
