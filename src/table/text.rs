//! Tables in the text: runs of consecutive lines that are table rows.
//!
//! A row is a Markdown row (`| a | b |`), a tab-separated line with at
//! least two tabs (how the .docx loader writes a Word table row, padding
//! merged columns with tabs so the grid stays exact), or a pasted row with
//! cells joined by `|` (` | ` in converted forms), at least two of them
//! filled. The first two are aligned grids; the third is best effort: such
//! rows often lost their empty cells, so headers are matched by count.

use super::{cell_number, declared_unit, Cell, Row, Table};
use crate::text::Span;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Markdown,
    Tabs,
    Pipes,
}

/// A pasted or spreadsheet row: cells joined by ` | `, at least two of
/// those separators (so a prose line with one `|` is not a row).
pub fn is_pipe_row(line: &str) -> bool {
    line.matches(" | ").count() >= 2
}

fn row_kind(line: &str) -> Option<Kind> {
    let t = line.trim();
    // Markdown rows are closed by pipes at both ends; a spreadsheet row
    // whose first cell is empty starts with ` | ` but does not end with one.
    if t.starts_with('|') && t.len() > 1 && t.ends_with('|') {
        return Some(Kind::Markdown);
    }
    if line.matches('\t').count() >= 2 {
        return Some(Kind::Tabs);
    }
    let filled = t.split('|').filter(|c| !c.trim().is_empty()).count();
    if filled >= 1 && (filled >= 2 || t.matches('|').count() >= 2) {
        return Some(Kind::Pipes);
    }
    None
}

/// Cells of one line: byte ranges (trimmed) and their grid column.
fn split(line: &str, kind: Kind) -> Vec<(usize, usize)> {
    let sep = if kind == Kind::Tabs { '\t' } else { '|' };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if c == sep {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, line.len()));
    let blank = |(s, e): &(usize, usize)| line[*s..*e].trim().is_empty();
    if kind == Kind::Markdown && out.first().is_some_and(blank) {
        out.remove(0);
    }
    if kind != Kind::Tabs {
        while out.last().is_some_and(blank) {
            out.pop();
        }
    }
    out.into_iter()
        .map(|(s, e)| {
            let cell = &line[s..e];
            let lead = cell.len() - cell.trim_start().len();
            let t = cell.trim();
            (s + lead, s + lead + t.len())
        })
        .collect()
}

fn is_separator(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|t| !t.is_empty() && t.chars().all(|c| matches!(c, '-' | ':' | ' ')))
}

/// Builds a row from a line at byte `start` of the text.
pub fn row_of(line: &str, start: usize, kind_tabs: bool) -> Row {
    let kind = if kind_tabs {
        Kind::Tabs
    } else {
        row_kind(line).unwrap_or(Kind::Pipes)
    };
    make_row(line, start, kind)
}

fn make_row(line: &str, start: usize, kind: Kind) -> Row {
    let cells = split(line, kind)
        .into_iter()
        .enumerate()
        .map(|(col, (s, e))| {
            let text = line[s..e].to_string();
            let num = cell_number(&text);
            Cell {
                span: Span::new(start + s, start + e),
                col,
                col_span: 1,
                row_span: 1,
                value: num.as_ref().map(|n| n.0),
                decimals: num.as_ref().map_or(0, |n| n.1),
                percent: num.as_ref().is_some_and(|n| n.2),
                unit: num.and_then(|n| n.3),
                text,
                formula_missing: false,
                location: String::new(),
            }
        })
        .collect();
    Row {
        cells,
        span: Span::new(start, start + line.len()),
    }
}

/// Every table in `text`.
pub fn read(text: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut current: Option<Table> = None;
    // The last two non-row lines before a table (title and unit lines).
    let mut before: Vec<&str> = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let Some(kind) = row_kind(line) else {
            if let Some(t) = current.take() {
                tables.push(finish(t));
            }
            if !line.trim().is_empty() {
                before.push(line.trim());
                if before.len() > 2 {
                    before.remove(0);
                }
            }
            continue;
        };
        let row = make_row(line, start, kind);
        let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        if kind == Kind::Markdown && is_separator(&texts) {
            continue;
        }
        let t = current.get_or_insert_with(|| {
            let unit = before.iter().rev().find_map(|l| declared_unit(l));
            let title = before
                .iter()
                .rev()
                .find(|l| declared_unit(l).is_none())
                .or(before.last())
                .map(|l| l.trim_end_matches(['|', ' ']).to_string())
                .unwrap_or_default();
            before.clear();
            Table {
                title,
                unit,
                span: Span::new(start, start),
                aligned: kind != Kind::Pipes,
                origin: "text",
                ..Default::default()
            }
        });
        t.span.end = start + line.len();
        t.rows.push(row);
    }
    if let Some(t) = current.take() {
        tables.push(finish(t));
    }
    tables
}

/// Takes the unit and title from the table's own cells where the lines
/// around it gave none.
pub fn finish(mut t: Table) -> Table {
    if t.unit.is_none() {
        t.unit = t
            .rows
            .iter()
            .take(6)
            .flat_map(|r| r.cells.iter())
            .find_map(|c| declared_unit(&c.text));
    }
    t.index_rows();
    if t.title.is_empty() {
        if let Some(r) = t.rows.first() {
            let filled: Vec<&Cell> = r.cells.iter().filter(|c| !c.text.is_empty()).collect();
            if filled.len() == 1 && filled[0].value.is_none() {
                t.title = filled[0].text.clone();
            }
        }
    }
    t
}
