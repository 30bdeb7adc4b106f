//! Word tables: the rows the .docx loader wrote (one line per row, cells
//! between tabs, a spanned cell padded with tabs so the grid is exact) read
//! by [`crate::table::text`], then given their merges: a `gridSpan` cell covers
//! the padding cells after it, a `vMerge` continuation is covered by the
//! cell that starts the merge above it.

use std::collections::{BTreeSet, HashMap};

use super::docx::{CellMerge, Extracted, VMerge};
use super::location_at;
use crate::table::Table;

/// Tables of an extracted .docx with their merged cells.
pub fn tables(ex: &Extracted) -> Vec<Table> {
    let mut tables = crate::table::text::read(&ex.text);
    let mut by_row: HashMap<(usize, usize), Vec<CellMerge>> = HashMap::new();
    for m in &ex.merges {
        by_row.entry((m.table, m.row)).or_default().push(*m);
    }
    for t in &mut tables {
        t.origin = "docx";
        let mut drop: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); t.rows.len()];
        for ri in 0..t.rows.len() {
            // The Word table and row this line came from: any cell with text knows.
            let place = t.rows[ri].cells.iter().find_map(|c| {
                (c.span.end > c.span.start)
                    .then(|| location_at(&ex.locations, c.span.start))
                    .flatten()
                    .and_then(|l| Some((l.table?, l.row?)))
            });
            let Some(place) = place else { continue };
            let Some(merges) = by_row.get(&place) else {
                continue;
            };
            for m in merges {
                if m.col >= t.rows[ri].cells.len() {
                    continue;
                }
                for c in m.col + 1..m.col + m.span {
                    drop[ri].insert(c);
                }
                if m.vmerge == VMerge::Continue {
                    drop[ri].insert(m.col);
                    // The cell starting the merge: the nearest kept cell above in this column.
                    if let Some(up) = (0..ri).rev().find(|&u| {
                        !drop[u].contains(&m.col) && t.rows[u].cells.get(m.col).is_some()
                    }) {
                        t.rows[up].cells[m.col].row_span += 1;
                    }
                }
                t.rows[ri].cells[m.col].col_span = m.span.max(1);
            }
        }
        for (row, gone) in t.rows.iter_mut().zip(drop) {
            let mut i = 0;
            row.cells.retain(|_| {
                i += 1;
                !gone.contains(&(i - 1))
            });
        }
        t.index_rows();
    }
    tables
}
