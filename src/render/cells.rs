//! Findings on table cells, for every output: which tables a report
//! carries for its findings, the cell a finding sits in (`自评表!G14`), and
//! the rows human output draws as cells (` | ` between them) instead of
//! the text line they were read from.

use crate::report::FileReport;
use crate::table::{normalize_label, Row, Table};

/// The message under a header cell drawn above a cell's row.
pub const HEADER: &str = "表头";

/// The tables a report carries for `file`.
pub fn tables_of<'a>(report: &'a FileReport, file: &str) -> &'a [Table] {
    report
        .tables
        .iter()
        .find(|(n, _)| n == file)
        .map(|(_, t)| &**t)
        .unwrap_or(&[])
}

/// The spreadsheet cell (`自评表!G14`) at byte `offset` of `file`'s text.
pub fn cell_place(report: &FileReport, file: &str, offset: usize) -> Option<String> {
    if file == report.name {
        if let Some(p) = crate::table::cell_at(&report.cells, offset) {
            return Some(p.to_string());
        }
    }
    let (t, ri) = row_at(tables_of(report, file), offset)?;
    t.rows[ri]
        .cells
        .iter()
        .find(|c| c.span.start <= offset && (offset < c.span.end || offset == c.span.start))
        .filter(|c| !c.location.is_empty())
        .map(|c| c.location.clone())
}

/// The table and row index whose row holds byte `offset`.
pub fn row_at(tables: &[Table], offset: usize) -> Option<(&Table, usize)> {
    let t = tables
        .iter()
        .find(|t| t.span.start <= offset && offset <= t.span.end)?;
    let i = t.rows.partition_point(|r| r.span.start <= offset);
    let ri = i.checked_sub(1)?;
    (offset <= t.rows[ri].span.end).then_some((t, ri))
}

/// The header cell (row, cell index) of cell `ci` of row `ri`: the cell
/// whose text [`Table::header`] names, in the rows above.
fn header_cell(t: &Table, ri: usize, ci: usize) -> Option<(usize, usize)> {
    let name = t.header(ri, ci)?;
    let col = t.rows[ri].cells[ci].col;
    let mut fallback = None;
    for hr in t.plain_rows_above(ri) {
        let row = &t.rows[hr];
        for (hi, hc) in row.cells.iter().enumerate() {
            if normalize_label(&hc.text) != *name {
                continue;
            }
            if !t.aligned || hc.covers(col) {
                return Some((hr, hi));
            }
            fallback.get_or_insert((hr, hi));
        }
    }
    fallback
}

/// One text with some rows redrawn as cells, and where the original
/// offsets went.
pub struct RowView {
    pub text: String,
    /// (original start, original end, new start) of each kept stretch, in order.
    pieces: Vec<(usize, usize, usize)>,
    /// Header cells of the columns of the spans, as original spans.
    pub headers: Vec<(usize, usize)>,
}

impl RowView {
    /// Where original offset `o` is in the view: in a kept stretch as is;
    /// between two (a separator that was redrawn) at the end of the one before.
    pub fn map(&self, o: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= o);
        match i.checked_sub(1).map(|k| self.pieces[k]) {
            Some((s, e, n)) => n + (o.min(e) - s),
            None => 0,
        }
    }
}

/// The row `r` drawn as its cells' texts with ` | ` between them, each
/// piece recorded against the original text.
fn draw_row(text: &str, r: &Row, out: &mut String, pieces: &mut Vec<(usize, usize, usize)>) {
    for (k, c) in r.cells.iter().enumerate() {
        if k > 0 {
            out.push_str(" | ");
        }
        let (s, e) = (c.span.start.min(text.len()), c.span.end.min(text.len()));
        let cell = text.get(s..e).unwrap_or("");
        // A line end inside a cell would split the row.
        pieces.push((s, e, out.len()));
        out.extend(cell.chars().map(|ch| match ch {
            '\n' | '\t' => ' ',
            _ => ch,
        }));
    }
}

/// `text` with every table row a span starts in drawn as cells, and the
/// header cell of the first span's column (its row drawn too); `None`
/// when no span is in a table row (the text is shown as it is).
pub fn row_view(text: &str, tables: &[Table], spans: &[(usize, usize)]) -> Option<RowView> {
    let mut rows: Vec<(usize, &Row)> = Vec::new();
    let mut headers = Vec::new();
    // Only a row on one line of its own can be redrawn.
    fn add<'t>(text: &str, rows: &mut Vec<(usize, &'t Row)>, r: &'t Row) {
        let (s, e) = (r.span.start, r.span.end.min(text.len()));
        if s <= e && !text.get(s..e).unwrap_or("\n").contains('\n') {
            rows.push((s, r));
        }
    }
    for (k, &(s, _)) in spans.iter().enumerate() {
        let Some((t, ri)) = row_at(tables, s) else {
            continue;
        };
        let row = &t.rows[ri];
        add(text, &mut rows, row);
        // The header of the first span's column only: more would crowd
        // the snippet, and the labels name their own columns.
        if k > 0 {
            continue;
        }
        let Some(ci) = row
            .cells
            .iter()
            .position(|c| c.span.start <= s && s <= c.span.end)
        else {
            continue;
        };
        if let Some((hr, hi)) = header_cell(t, ri, ci) {
            let hc = &t.rows[hr].cells[hi];
            let h = (hc.span.start, hc.span.end);
            if !headers.contains(&h) && !spans.contains(&h) {
                headers.push(h);
            }
            add(text, &mut rows, &t.rows[hr]);
        }
    }
    if rows.is_empty() {
        return None;
    }
    rows.sort_by_key(|(s, _)| *s);
    rows.dedup_by_key(|(s, _)| *s);
    let mut out = String::with_capacity(text.len() + 64);
    let mut pieces = Vec::new();
    let mut at = 0;
    for (s, r) in rows {
        let end = r.span.end.min(text.len());
        if s < at || !text.is_char_boundary(s) || !text.is_char_boundary(end) {
            continue;
        }
        pieces.push((at, s, out.len()));
        out.push_str(&text[at..s]);
        draw_row(text, r, &mut out, &mut pieces);
        at = end;
    }
    pieces.push((at, text.len(), out.len()));
    out.push_str(&text[at..]);
    Some(RowView {
        text: out,
        pieces,
        headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_table() -> (String, Vec<Table>) {
        let text = "自评表\n项目\t全年预算数\t全年执行数\n年度资金总额\t43.20\t37.24\n".to_string();
        let tables = crate::table::text::read(&text);
        (text, tables)
    }

    #[test]
    fn a_tab_row_is_drawn_as_cells_with_its_column_header() {
        let (text, tables) = word_table();
        let at = text.find("37.24").unwrap();
        let v = row_view(&text, &tables, &[(at, at + 5)]).expect("a row");
        assert!(
            v.text.contains("年度资金总额 | 43.20 | 37.24\n"),
            "{}",
            v.text
        );
        assert!(
            v.text.contains("项目 | 全年预算数 | 全年执行数\n"),
            "{}",
            v.text
        );
        assert_eq!(&v.text[v.map(at)..v.map(at + 5)], "37.24");
        let h = text.find("全年执行数").unwrap();
        assert_eq!(v.headers, vec![(h, h + "全年执行数".len())]);
        assert_eq!(
            &v.text[v.map(h)..v.map(h + "全年执行数".len())],
            "全年执行数"
        );
    }

    #[test]
    fn a_span_outside_tables_leaves_the_text_alone() {
        let (text, tables) = word_table();
        assert!(row_view(&text, &tables, &[(0, 3)]).is_none());
    }
}
