//! Tables read as tables: rows, cells with their place in the grid and in
//! the text, merged cells, header rows, the unit a table declares and each
//! cell's numeric value with its decimals.
//!
//! Tables come from three places: spreadsheets and CSV files (the loader
//! builds them cell by cell, see [`grid`]), and rows in the text itself —
//! Word tables (flattened by the .docx loader to tab-separated lines),
//! Markdown tables and pasted forms with ` | ` between cells (see [`text`]).

pub mod grid;
pub mod ledger;
pub mod levels;
pub mod target;
pub mod text;

use rust_decimal::Decimal;

use crate::text::number;
use crate::text::Span;

/// One cell as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// The cell's text, trimmed.
    pub text: String,
    /// Where the text sits in the report's text (empty span for an empty cell).
    pub span: Span,
    /// 0-based grid column of the cell's first column.
    pub col: usize,
    /// Columns and rows the cell covers (Word gridSpan/vMerge, Excel merges).
    pub col_span: usize,
    pub row_span: usize,
    /// The number the cell holds, its scale the decimals shown.
    pub value: Option<Decimal>,
    pub decimals: u32,
    /// The number was written with `%`.
    pub percent: bool,
    /// A unit written in the cell itself (`90分`, `12万元`).
    pub unit: Option<String>,
    /// A formula whose value was never computed (no cached value): the
    /// cell is not read as a number.
    pub formula_missing: bool,
    /// Where the cell sits in its file (`Sheet1!C7`); empty when the text
    /// position says it (plain text, Word).
    pub location: String,
}

impl Cell {
    /// Covers grid column `c`.
    pub fn covers(&self, c: usize) -> bool {
        c >= self.col && c < self.col + self.col_span.max(1)
    }
}

/// One row: its cells in grid order (cells covered by a merge from above
/// or from the left are not repeated).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub span: Span,
}

impl Row {
    /// The cell covering grid column `c`.
    pub fn cell_at(&self, c: usize) -> Option<&Cell> {
        self.cells.iter().find(|x| x.covers(c))
    }

    /// Index of the label cell: the first non-empty cell that holds no number.
    pub fn label_index(&self) -> Option<usize> {
        self.cells
            .iter()
            .position(|c| !c.text.is_empty() && c.value.is_none() && !c.formula_missing)
    }

    /// The row's label, normalised (white space and trailing colons dropped).
    pub fn label(&self) -> String {
        self.label_index()
            .map(|i| normalize_label(&self.cells[i].text))
            .unwrap_or_default()
    }

    /// A data row left blank: a label and nothing after it but empty cells
    /// and placeholders (`—`, `-`, `/`, `无`). Not a header row.
    pub fn is_blank_data(&self) -> bool {
        let Some(l) = self.label_index() else {
            return false;
        };
        self.cells[l + 1..].iter().all(|c| is_placeholder(&c.text))
            && self.cells[..l].iter().all(|c| c.text.is_empty())
    }

    pub fn has_values(&self) -> bool {
        self.cells.iter().any(|c| c.value.is_some())
    }

    /// Cells after the label cell.
    pub fn after_label(&self) -> &[Cell] {
        match self.label_index() {
            Some(i) => &self.cells[i + 1..],
            None => &self.cells,
        }
    }
}

/// An empty cell or one that says "nothing here".
pub fn is_placeholder(text: &str) -> bool {
    matches!(
        text.trim(),
        "" | "—" | "——" | "-" | "--" | "－" | "/" | "／" | "无" | "空" | "\\"
    )
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Sheet name for a spreadsheet, else empty.
    pub sheet: String,
    /// The line above the table or its one-cell first row (e.g. 项目支出绩效自评表).
    pub title: String,
    /// The unit the table declares (万元, 元, 千元, 亿元, 分, %).
    pub unit: Option<String>,
    pub rows: Vec<Row>,
    pub span: Span,
    /// The grid is exact (Word, spreadsheet, Markdown, tabs); false for
    /// flattened text whose cells may have lost their columns.
    pub aligned: bool,
    /// Where it came from: `text`, `docx`, `xlsx`, `csv`.
    pub origin: &'static str,
    /// For each row, the nearest row above holding no number (where a
    /// header may be), so that finding headers does not rescan long tables.
    pub plain_above: Vec<Option<usize>>,
    /// The header of every cell ([`Table::header_of`]), read once.
    pub headers: Vec<Vec<Option<String>>>,
}

impl Table {
    /// Fills [`Table::plain_above`]; called once the rows are final.
    pub fn index_rows(&mut self) {
        let mut last = None;
        self.plain_above = Vec::with_capacity(self.rows.len());
        for (i, r) in self.rows.iter().enumerate() {
            self.plain_above.push(last);
            if !r.has_values() {
                last = Some(i);
            }
        }
        self.headers = (0..self.rows.len())
            .map(|ri| {
                (0..self.rows[ri].cells.len())
                    .map(|ci| self.header_of(ri, ci))
                    .collect()
            })
            .collect();
    }

    /// The header of a cell, from the index when there is one.
    pub fn header(&self, ri: usize, ci: usize) -> Option<std::borrow::Cow<'_, str>> {
        match self.headers.get(ri).and_then(|r| r.get(ci)) {
            Some(h) => h.as_deref().map(std::borrow::Cow::Borrowed),
            None => self.header_of(ri, ci).map(std::borrow::Cow::Owned),
        }
    }

    /// Rows above `ri` that hold no number, nearest first.
    pub fn plain_rows_above(&self, ri: usize) -> impl Iterator<Item = usize> + '_ {
        let start = match self.plain_above.get(ri) {
            Some(p) => *p,
            // Not indexed: every row above, value rows skipped by the caller.
            None => ri.checked_sub(1),
        };
        std::iter::successors(start, move |&h| match self.plain_above.get(h) {
            Some(p) => *p,
            None => h.checked_sub(1),
        })
    }

    /// The header text above cell `ci` of row `ri`: the nearest row above
    /// that holds no numbers and has text in that column. For flattened
    /// text, a header row whose cells are as many as the row's cells after
    /// its label is read in order.
    pub fn header_of(&self, ri: usize, ci: usize) -> Option<String> {
        let row = self.rows.get(ri)?;
        let cell = row.cells.get(ci)?;
        let label = row.label_index();
        for hr in self.plain_rows_above(ri) {
            let h = &self.rows[hr];
            if h.has_values() || h.is_blank_data() {
                continue;
            }
            if !self.aligned {
                let named: Vec<&Cell> = h.cells.iter().filter(|c| !c.text.is_empty()).collect();
                let after = label.map_or(0, |l| l + 1);
                let n_after = row.cells.len().saturating_sub(after);
                let trimmed_after = row.cells[after..]
                    .iter()
                    .rposition(|c| !c.text.is_empty())
                    .map_or(0, |p| p + 1);
                if named.len() >= 2 && (named.len() == n_after || named.len() == trimmed_after) {
                    return (ci >= after)
                        .then(|| named.get(ci - after).map(|c| normalize_label(&c.text)))
                        .flatten();
                }
                if label.is_some() && named.len() == trimmed_after + 1 {
                    // The header names the label column too.
                    return named.get(ci).map(|c| normalize_label(&c.text));
                }
                if named.len() >= 2 {
                    return None; // Cannot tell which header is this cell's.
                }
                continue;
            }
            if let Some(hc) = h.cell_at(cell.col) {
                if !hc.text.is_empty() && hc.col == cell.col {
                    return Some(normalize_label(&hc.text));
                }
                if !hc.text.is_empty() && hc.col_span > 1 {
                    return Some(normalize_label(&hc.text));
                }
            }
            // A row that names other columns but not this one: keep looking
            // up only through one-line title rows.
            if h.cells.iter().filter(|c| !c.text.is_empty()).count() >= 2 {
                return None;
            }
        }
        None
    }

    /// The unit of a cell: its own, else the percent sign, else the table's.
    pub fn unit_of(&self, cell: &Cell) -> Option<String> {
        if cell.percent {
            return Some("%".into());
        }
        cell.unit.clone().or_else(|| self.unit.clone())
    }
}

/// Spreadsheet cells by their text span, in text order: where a finding
/// on a cell is in the workbook (`自评表!G14`).
pub fn cell_places(tables: &[Table]) -> Vec<(Span, String)> {
    let mut out: Vec<(Span, String)> = tables
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
        .filter(|c| !c.location.is_empty())
        .map(|c| (c.span, c.location.clone()))
        .collect();
    out.sort_by_key(|(s, _)| s.start);
    out
}

/// The cell place (`自评表!G14`) of a byte offset, from [`cell_places`].
pub fn cell_at(places: &[(Span, String)], offset: usize) -> Option<&str> {
    let i = places.partition_point(|(s, _)| s.start <= offset);
    let (span, place) = places.get(i.checked_sub(1)?)?;
    (offset < span.end || offset == span.start).then_some(place.as_str())
}

/// Label as matched: white space (also full-width), trailing colons and a
/// leading list number (`1.`, `(1)`, `其中:`) are not part of it.
pub fn normalize_label(s: &str) -> String {
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    while t.ends_with([':', '：']) {
        t.pop();
    }
    t
}

/// The unit a line declares: `单位：万元`, `单位:分`, `（单位：%）`.
pub fn declared_unit(text: &str) -> Option<String> {
    // 项目资金（万元）, 资金投入情况 (万元): a unit in brackets after a label.
    for u in ["万元", "亿元", "千元", "元"] {
        for (l, r) in [("（", "）"), ("(", ")")] {
            if text.contains(&format!("{l}{u}{r}")) {
                return Some(u.to_string());
            }
        }
    }
    let i = text.find("单位")?;
    let rest = text[i + "单位".len()..].trim_start_matches(['：', ':', ' ', '\u{3000}']);
    ["亿元", "万元", "千元", "元", "分", "%", "％"]
        .iter()
        .find(|u| rest.starts_with(**u))
        .map(|u| if *u == "％" { "%" } else { u }.to_string())
}

/// A number standing alone in a cell: `1,234.56`, `（12.00）`, `86%`,
/// `90分`, `43.2万元`. Returns value (scale = decimals as written),
/// decimals, percent, unit written.
pub fn cell_number(cell: &str) -> Option<(Decimal, u32, bool, Option<String>)> {
    let t = cell.trim();
    let (inner, negative) = match t
        .strip_prefix(['(', '（'])
        .and_then(|c| c.strip_suffix([')', '）']))
    {
        Some(inner) => (inner.trim(), true),
        None => (t, false),
    };
    let mut unit = None;
    let mut digits = inner;
    for u in ["万元", "亿元", "千元", "元", "分", "%", "％"] {
        if let Some(d) = inner.strip_suffix(u) {
            digits = d.trim_end();
            unit = Some(if u == "％" { "%" } else { u }.to_string());
            break;
        }
    }
    if digits.is_empty() {
        return None;
    }
    let toks = number::scan(digits);
    if toks.len() != 1 || toks[0].start != 0 || toks[0].end != digits.len() {
        return None;
    }
    let tok = &toks[0];
    let mut v = tok.value;
    if negative {
        v = -v;
    }
    v.rescale(tok.decimals);
    let percent = unit.as_deref() == Some("%");
    Some((v, tok.decimals, percent, unit))
}

#[cfg(test)]
mod tests;
