//! Indicator levels of a 自评表: which rows and cells a 一级 (or 二级)
//! indicator's 分值 and 得分 stand for, where the form gives them.
//!
//! Forms give a level's subtotal in one of two ways:
//! - **a column of its own** (湖南 部门整体 指标表: 一级指标 | 分值 | 二级指标 | 分值 |
//!   三级指标 | 分值 | 得分): the level's 分值 sits right of its name, merged over
//!   the rows of its children (or written once, the cells below left empty);
//! - **a subtotal row**: a row naming the level (产出指标) with nothing in the
//!   deeper level columns and a figure in the 分值/得分 column, its children
//!   the rows its merged name covers (or the rows below whose name is empty).
//!
//! A form that gives neither has no level group: that is not an error. Only
//! exact grids are read (Word, spreadsheets, tab and Markdown rows): a
//! flattened row whose cells may have moved says nothing about levels.

use super::{Cell, Table};

/// A cell by its row and its index in the row.
pub type At = (usize, usize);

/// What a group sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Weight,
    Score,
}

/// One level's figure and the figures of its direct children.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// 1 = 一级, 2 = 二级, …
    pub level: usize,
    /// The indicator's name (产出指标), empty when it cannot be told.
    pub label: String,
    pub kind: Kind,
    pub head: At,
    pub parts: Vec<At>,
    /// Every child gives its figure (a blank child: nothing to sum).
    pub complete: bool,
}

/// The indicator structure of a table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Levels {
    /// For every row, its own 分值 / 得分 cell (the deepest level's column
    /// inside an indicator block; the first matching header elsewhere).
    pub weights: Vec<Option<usize>>,
    pub scores: Vec<Option<usize>>,
    /// Subtotal rows: their figures are sums, not indicators of their own.
    pub heads: Vec<usize>,
    pub groups: Vec<Group>,
}

/// The level a header names: 一级指标 → 1 … 四级 → 4.
fn level_of(text: &str) -> Option<usize> {
    let t = super::normalize_label(text);
    ["一级", "二级", "三级", "四级"]
        .iter()
        .position(|p| t.starts_with(p))
        .map(|i| i + 1)
}

/// A header row of an indicator block: (level, grid column) sorted by column.
fn level_columns(t: &Table, r: usize) -> Option<Vec<(usize, usize)>> {
    let row = &t.rows[r];
    if row.has_values() {
        return None;
    }
    let mut cols: Vec<(usize, usize)> = Vec::new();
    for c in &row.cells {
        if let Some(l) = level_of(&c.text) {
            if !cols.iter().any(|(x, _)| *x == l) {
                cols.push((l, c.col));
            }
        }
    }
    (cols.len() >= 2).then(|| {
        cols.sort_by_key(|(_, c)| *c);
        cols
    })
}

/// For each level, the column of its own figure matching `is`: the
/// header's matching columns, each given to the nearest level column on
/// its left.
fn figure_columns(
    t: &Table,
    r: usize,
    levels: &[(usize, usize)],
    is: &dyn Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for c in &t.rows[r].cells {
        if c.text.is_empty() || !is(&super::normalize_label(&c.text)) {
            continue;
        }
        let Some((l, _)) = levels.iter().rev().find(|(_, lc)| *lc < c.col) else {
            continue;
        };
        if !out.iter().any(|(x, _)| x == l) {
            out.push((*l, c.col));
        }
    }
    out
}

/// The cell of row `r` that starts at grid column `col`.
fn starting_at(t: &Table, r: usize, col: usize) -> Option<usize> {
    t.rows[r].cells.iter().position(|c| c.col == col)
}

/// Rows a head cell at row `r` stands over: its merge, else (exact grids)
/// the rows below whose cell in that column is empty; `end` exclusive.
fn extent(t: &Table, r: usize, cell: &Cell, end: usize) -> usize {
    if cell.row_span > 1 {
        return (r + cell.row_span).min(end);
    }
    let mut e = r + 1;
    while e < end {
        match t.rows[e].cell_at(cell.col) {
            Some(c) if c.col == cell.col && c.text.is_empty() => e += 1,
            _ => break,
        }
    }
    e
}

fn value_at(t: &Table, r: usize, i: Option<usize>) -> Option<At> {
    let i = i?;
    t.rows[r].cells[i].value.map(|_| (r, i))
}

/// Reads the indicator levels of `t`. `is_weight`, `is_score` and
/// `is_total` match normalised header and row labels (分值, 得分, 总分).
pub fn read(
    t: &Table,
    is_weight: &dyn Fn(&str) -> bool,
    is_score: &dyn Fn(&str) -> bool,
    is_total: &dyn Fn(&str) -> bool,
) -> Levels {
    let n = t.rows.len();
    let mut lv = Levels {
        weights: vec![None; n],
        scores: vec![None; n],
        ..Levels::default()
    };
    let mut in_block = vec![false; n];
    if t.aligned {
        let mut r = 0;
        while r < n {
            let Some(levels) = level_columns(t, r) else {
                r += 1;
                continue;
            };
            let mut end = r + 1;
            while end < n && !is_total(&t.rows[end].label()) && level_columns(t, end).is_none() {
                end += 1;
            }
            // The 总分 row closing the block reads the same columns.
            let last = if end < n && is_total(&t.rows[end].label()) {
                end + 1
            } else {
                end
            };
            block(t, r, end, last, &levels, is_weight, is_score, &mut lv);
            for b in in_block.iter_mut().take(last).skip(r + 1) {
                *b = true;
            }
            r = end;
        }
    }
    // Outside indicator blocks: the first cell under a matching header
    // (each distinct header matched once: long sheets repeat a few).
    let mut seen: std::collections::HashMap<String, (bool, bool)> = Default::default();
    for (r, _) in in_block.iter().enumerate().filter(|(_, b)| !**b) {
        for ci in 0..t.rows[r].cells.len() {
            if lv.weights[r].is_some() && lv.scores[r].is_some() {
                break;
            }
            let Some(h) = t.header(r, ci) else { continue };
            let (w, s) = match seen.get(h.as_ref()) {
                Some(x) => *x,
                None => {
                    let x = (is_weight(&h), is_score(&h));
                    seen.insert(h.into_owned(), x);
                    x
                }
            };
            if w && lv.weights[r].is_none() {
                lv.weights[r] = Some(ci);
            }
            if s && lv.scores[r].is_none() {
                lv.scores[r] = Some(ci);
            }
        }
    }
    lv
}

/// One indicator block: header row `hr`, data rows `hr+1..end`, its
/// total row (if any) before `last`.
#[allow(clippy::too_many_arguments)]
fn block(
    t: &Table,
    hr: usize,
    end: usize,
    last: usize,
    levels: &[(usize, usize)],
    is_weight: &dyn Fn(&str) -> bool,
    is_score: &dyn Fn(&str) -> bool,
    lv: &mut Levels,
) {
    let wcols = figure_columns(t, hr, levels, is_weight);
    let scols = figure_columns(t, hr, levels, is_score);
    let leaf = |cols: &[(usize, usize)]| cols.iter().max_by_key(|(l, _)| *l).copied();
    let (lw, ls) = (leaf(&wcols), leaf(&scols));
    for r in hr + 1..last {
        lv.weights[r] = lw.and_then(|(_, c)| starting_at(t, r, c));
        lv.scores[r] = ls.and_then(|(_, c)| starting_at(t, r, c));
    }
    // A level's figure in a column of its own.
    for (cols, kind) in [(&wcols, Kind::Weight), (&scols, Kind::Score)] {
        for &(l, col) in cols.iter() {
            let Some(&(_, child)) = cols.iter().filter(|(x, _)| *x > l).min_by_key(|(x, _)| *x)
            else {
                continue;
            };
            let name_col = levels.iter().find(|(x, _)| *x == l).map(|(_, c)| *c);
            for r in hr + 1..end {
                let Some(i) = starting_at(t, r, col) else {
                    continue;
                };
                let cell = &t.rows[r].cells[i];
                if cell.value.is_none() {
                    continue;
                }
                let e = extent(t, r, cell, end);
                let mut parts = Vec::new();
                let mut covered = r;
                let mut complete = true;
                for x in r..e {
                    match starting_at(t, x, child) {
                        Some(ci) if t.rows[x].cells[ci].value.is_some() => {
                            parts.push((x, ci));
                            covered = covered.max(extent(t, x, &t.rows[x].cells[ci], e));
                        }
                        _ if x < covered => {}
                        _ => complete = false,
                    }
                }
                let label = name_col
                    .and_then(|nc| t.rows[r].cell_at(nc))
                    .map(|c| super::normalize_label(&c.text))
                    .unwrap_or_default();
                lv.groups.push(Group {
                    level: l,
                    label,
                    kind,
                    head: (r, i),
                    parts,
                    complete,
                });
            }
        }
    }
    subtotal_rows(t, hr, end, levels, lv);
}

/// Subtotal rows: a row naming a level, nothing in the deeper level
/// columns, a figure in the row's own 分值/得分 cell, and rows below it.
fn subtotal_rows(t: &Table, hr: usize, end: usize, levels: &[(usize, usize)], lv: &mut Levels) {
    let deepest = levels.iter().map(|(l, _)| *l).max().unwrap_or(0);
    // (row, end, level, label)
    let mut heads: Vec<(usize, usize, usize, String)> = Vec::new();
    for r in hr + 1..end {
        let row = &t.rows[r];
        let figures = [lv.weights[r], lv.scores[r]]
            .iter()
            .any(|i| i.is_some_and(|i| row.cells[i].value.is_some()));
        if !figures {
            continue;
        }
        for &(l, col) in levels.iter().filter(|(l, _)| *l < deepest) {
            let Some(i) = starting_at(t, r, col) else {
                continue;
            };
            let cell = &row.cells[i];
            if cell.text.is_empty() || cell.value.is_some() {
                continue;
            }
            let deeper_empty = levels.iter().filter(|(x, _)| *x > l).all(|&(_, dc)| {
                row.cell_at(dc)
                    .is_none_or(|c| c.col != dc || c.text.is_empty())
            });
            if !deeper_empty {
                break;
            }
            let e = extent(t, r, cell, end);
            // Rows grouped only by blank name cells (no merge) may be another
            // group's whose name was lost: a subtotal is not below any of them.
            let plausible = cell.row_span > 1
                || [&lv.weights, &lv.scores].iter().all(|col| {
                    let Some(h) = col[r].and_then(|i| row.cells[i].value) else {
                        return true;
                    };
                    (r + 1..e).all(|x| {
                        col[x]
                            .and_then(|i| t.rows[x].cells[i].value)
                            .is_none_or(|v| v <= h)
                    })
                });
            if e > r + 1 && plausible {
                heads.push((r, e, l, super::normalize_label(&cell.text)));
            }
            break;
        }
    }
    for (hi, (r, e, l, label)) in heads.iter().enumerate() {
        // Direct children: rows not inside a nested head's range.
        let children: Vec<usize> = (r + 1..*e)
            .filter(|&x| {
                !heads
                    .iter()
                    .enumerate()
                    .any(|(gi, (gr, ge, _, _))| gi != hi && gr > r && *gr < x && x < *ge)
            })
            .collect();
        for (kind, col) in [(Kind::Weight, &lv.weights), (Kind::Score, &lv.scores)] {
            let Some(head) = value_at(t, *r, col[*r]) else {
                continue;
            };
            let parts: Vec<At> = children
                .iter()
                .filter_map(|&x| value_at(t, x, col[x]))
                .collect();
            lv.groups.push(Group {
                level: *l,
                label: label.clone(),
                kind,
                head,
                complete: parts.len() == children.len(),
                parts,
            });
        }
        lv.heads.push(*r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::text::read as read_text;

    fn levels(text: &str) -> Levels {
        let t = &read_text(text)[0];
        read(
            t,
            &|h| h.starts_with("分值"),
            &|h| h.starts_with("得分"),
            &|l| l == "总分",
        )
    }

    #[test]
    fn subtotal_rows_group_the_rows_below_their_empty_name() {
        let lv = levels(
            "一级指标\t二级指标\t三级指标\t分值\t得分\n产出指标\t\t\t50\t48\n\t数量指标\t培训人数\t30\t30\n\t质量指标\t合格率\t20\t18\n效益指标\t\t\t50\t50\n\t社会效益\t就业率\t50\t50\n总分\t\t\t100\t98\n",
        );
        assert_eq!(lv.heads, vec![1, 4]);
        let g = &lv.groups[0];
        assert_eq!(
            (g.level, g.label.as_str(), g.kind),
            (1, "产出指标", Kind::Weight)
        );
        assert_eq!(g.head, (1, 3));
        assert_eq!(g.parts, vec![(2, 3), (3, 3)]);
        assert!(g.complete);
        assert_eq!(lv.groups[1].kind, Kind::Score);
        assert_eq!(lv.groups[2].parts, vec![(5, 3)]);
    }

    #[test]
    fn a_level_column_of_its_own_sums_the_next_level_column() {
        let lv = levels(
            "一级指标\t分值\t二级指标\t分值\t三级指标\t分值\t得分\n部门决策\t20\t目标设定\t10\t绩效目标合理性\t5\t5\n\t\t\t\t绩效指标明确性\t5\t4\n\t\t决策过程\t10\t决策程序\t10\t10\n总分\t\t\t\t\t\t19\n",
        );
        assert!(lv.heads.is_empty());
        let first: Vec<(usize, Vec<At>)> = lv
            .groups
            .iter()
            .map(|g| (g.level, g.parts.clone()))
            .collect();
        assert_eq!(
            first,
            vec![
                (1, vec![(1, 3), (3, 3)]),
                (2, vec![(1, 5), (2, 5)]),
                (2, vec![(3, 5)]),
            ]
        );
        // The leaf 分值 of every row is the 三级 column's.
        assert_eq!(lv.weights[2], Some(5));
        assert_eq!(lv.weights[1], Some(5));
    }

    #[test]
    fn a_form_without_subtotals_has_no_group() {
        let lv = levels(
            "一级指标\t二级指标\t三级指标\t分值\t得分\n预算执行率\t\t\t10\t9\n产出指标\t数量指标\t培训人数\t50\t50\n\t质量指标\t合格率\t40\t38\n总分\t\t\t100\t97\n",
        );
        assert!(lv.groups.is_empty() && lv.heads.is_empty());
        assert_eq!(lv.weights[1], Some(3));
    }
}
