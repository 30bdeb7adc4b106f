//! The table API: `doc.tables()`, rows, cells, column headers, rows found
//! by label and cells by column header, and checks on cell values with the
//! same rounding as facts (a figure stated with d decimals carries ± half a
//! unit of its last place; whole scores and a bare 0 are exact).

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, ImmutableString, Map, INT};
use rust_decimal::Decimal;

use super::{
    check_map, err, figure, label_matches, span_of, text_or_unit, DocHandle, FactHandle, Res,
    SpanHandle,
};
use crate::document::Document;
use crate::engine::rounding::{self, Figure};
use crate::table::target::target_met;
use crate::table::{normalize_label, Cell, Row, Table};

/// One table.
#[derive(Clone)]
pub struct TableHandle {
    pub doc: Arc<Document>,
    pub t: usize,
}

/// One row of a table.
#[derive(Clone)]
pub struct RowHandle {
    pub doc: Arc<Document>,
    pub t: usize,
    pub r: usize,
}

/// One cell of a row.
#[derive(Clone)]
pub struct CellHandle {
    pub doc: Arc<Document>,
    pub t: usize,
    pub r: usize,
    pub c: usize,
}

impl TableHandle {
    fn table(&self) -> &Table {
        &self.doc.tables[self.t]
    }
    fn row(&self, r: usize) -> RowHandle {
        RowHandle {
            doc: self.doc.clone(),
            t: self.t,
            r,
        }
    }
}

impl RowHandle {
    fn table(&self) -> &Table {
        &self.doc.tables[self.t]
    }
    fn row(&self) -> &Row {
        &self.doc.tables[self.t].rows[self.r]
    }
    fn cell(&self, c: usize) -> CellHandle {
        CellHandle {
            doc: self.doc.clone(),
            t: self.t,
            r: self.r,
            c,
        }
    }
    /// The cell whose column header matches `labels`.
    fn cell_under(&self, labels: &Dynamic) -> Res<Option<usize>> {
        let t = self.table();
        for ci in 0..self.row().cells.len() {
            if let Some(h) = t.header(self.r, ci) {
                if label_matches(&h, labels)? {
                    return Ok(Some(ci));
                }
            }
        }
        Ok(None)
    }
}

impl CellHandle {
    fn table(&self) -> &Table {
        &self.doc.tables[self.t]
    }
    fn cell(&self) -> &Cell {
        &self.doc.tables[self.t].rows[self.r].cells[self.c]
    }
    fn header(&self) -> Option<String> {
        self.table().header(self.r, self.c).map(|h| h.into_owned())
    }
    /// Where the cell is, for a person: `自评表!C7`, or the Word table
    /// cell, or the line and cell of a text table.
    fn location(&self) -> String {
        let cell = self.cell();
        if !cell.location.is_empty() {
            return cell.location.clone();
        }
        if let Some(l) = crate::source::location_at(&self.doc.locations, cell.span.start) {
            return l.describe();
        }
        format!(
            "第 {} 行第 {} 格",
            self.doc.line_of(cell.span.start),
            self.c + 1
        )
    }
    /// The cell's number as a figure: whole scores and a bare 0 are exact,
    /// other figures carry half a unit of their last decimal.
    fn figure(&self) -> Option<Figure> {
        let cell = self.cell();
        let v = cell.value?;
        let score = cell.unit.as_deref() == Some("分")
            || self
                .header()
                .is_some_and(|h| h.contains('分') && !h.contains('元'))
            || self.table().unit.as_deref() == Some("分");
        Some(if cell.decimals == 0 && (v.is_zero() || score) {
            Figure::exact(v)
        } else {
            Figure::stated(v, cell.decimals)
        })
    }
}

fn table_at(doc: &Arc<Document>, t: usize) -> TableHandle {
    TableHandle {
        doc: doc.clone(),
        t,
    }
}

fn value_or_unit(v: Option<Decimal>) -> Dynamic {
    v.map_or(Dynamic::UNIT, Dynamic::from_decimal)
}

/// A figure from a cell, a Decimal (its scale is its precision) or an integer.
fn figure_of(v: &Dynamic) -> Res<Figure> {
    if let Some(c) = v.read_lock::<CellHandle>() {
        return c
            .figure()
            .map_or_else(|| err(format!("单元格“{}”不是数字", c.cell().text)), Ok);
    }
    if v.read_lock::<FactHandle>().is_some() {
        return figure(v).map(|(f, _, _)| f);
    }
    if let Some(d) = v.read_lock::<Decimal>() {
        return Ok(Figure::stated(*d, d.scale()));
    }
    if let Some(i) = v.read_lock::<INT>() {
        return Ok(Figure::exact(Decimal::from(*i)));
    }
    err(format!("需要单元格或数字，得到 {}", v.type_name()))
}

pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<TableHandle>("Table")
        .register_type_with_name::<RowHandle>("Row")
        .register_type_with_name::<CellHandle>("Cell");

    engine.register_fn("tables", |d: &mut DocHandle| -> Array {
        (0..d.0.tables.len())
            .map(|t| Dynamic::from(table_at(&d.0, t)))
            .collect()
    });

    // Tables.
    engine.register_get("title", |t: &mut TableHandle| -> ImmutableString {
        t.table().title.as_str().into()
    });
    engine.register_get("unit", |t: &mut TableHandle| {
        text_or_unit(t.table().unit.as_deref())
    });
    engine.register_get("sheet", |t: &mut TableHandle| -> ImmutableString {
        t.table().sheet.as_str().into()
    });
    engine.register_get("origin", |t: &mut TableHandle| -> ImmutableString {
        t.table().origin.into()
    });
    engine.register_get("aligned", |t: &mut TableHandle| t.table().aligned);
    engine.register_get("span", |t: &mut TableHandle| SpanHandle {
        doc: t.doc.clone(),
        span: t.table().span,
    });
    engine.register_fn("rows", |t: &mut TableHandle| -> Array {
        (0..t.table().rows.len())
            .map(|r| Dynamic::from(t.row(r)))
            .collect()
    });
    engine.register_fn(
        "rows",
        |t: &mut TableHandle, labels: Dynamic| -> Res<Array> {
            let mut out = Array::new();
            for (r, row) in t.table().rows.iter().enumerate() {
                if label_matches(&row.label(), &labels)? {
                    out.push(Dynamic::from(t.row(r)));
                }
            }
            Ok(out)
        },
    );
    engine.register_fn(
        "row",
        |t: &mut TableHandle, labels: Dynamic| -> Res<Dynamic> {
            for (r, row) in t.table().rows.iter().enumerate() {
                if label_matches(&row.label(), &labels)? {
                    return Ok(Dynamic::from(t.row(r)));
                }
            }
            Ok(Dynamic::UNIT)
        },
    );
    // Cells whose own text matches (a label anywhere in the table).
    engine.register_fn(
        "cells",
        |t: &mut TableHandle, labels: Dynamic| -> Res<Array> {
            let mut out = Array::new();
            for (r, row) in t.table().rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    if !cell.text.is_empty()
                        && label_matches(&normalize_label(&cell.text), &labels)?
                    {
                        out.push(Dynamic::from(t.row(r).cell(c)));
                    }
                }
            }
            Ok(out)
        },
    );
    // For every row, the cell under a header that matches, or (): one pass
    // for a whole column, each distinct header matched once.
    engine.register_fn(
        "column_cells",
        |t: &mut TableHandle, labels: Dynamic| -> Res<Array> {
            let tb = t.table();
            let mut seen: std::collections::HashMap<String, bool> = Default::default();
            let mut out = Array::with_capacity(tb.rows.len());
            for r in 0..tb.rows.len() {
                let mut found = Dynamic::UNIT;
                for ci in 0..tb.rows[r].cells.len() {
                    let Some(h) = tb.header(r, ci) else { continue };
                    let hit = match seen.get(h.as_ref()) {
                        Some(b) => *b,
                        None => {
                            let b = label_matches(&h, &labels)?;
                            seen.insert(h.into_owned(), b);
                            b
                        }
                    };
                    if hit {
                        found = Dynamic::from(t.row(r).cell(ci));
                        break;
                    }
                }
                out.push(found);
            }
            Ok(out)
        },
    );
    // Every cell under a column whose header matches.
    engine.register_fn(
        "column",
        |t: &mut TableHandle, labels: Dynamic| -> Res<Array> {
            let mut out = Array::new();
            for r in 0..t.table().rows.len() {
                if let Some(c) = t.row(r).cell_under(&labels)? {
                    out.push(Dynamic::from(t.row(r).cell(c)));
                }
            }
            Ok(out)
        },
    );
    // Whether a span, fact or match lies inside the table.
    engine.register_fn("holds", |t: &mut TableHandle, at: Dynamic| -> Res<bool> {
        let s = span_of(&at)?;
        let span = t.table().span;
        Ok(s.start >= span.start && s.end <= span.end.max(span.start))
    });
    engine.register_fn(
        "contains",
        |t: &mut TableHandle, labels: Dynamic| -> Res<bool> {
            let tb = t.table();
            if label_matches(&tb.title, &labels)? {
                return Ok(true);
            }
            for row in &tb.rows {
                for cell in &row.cells {
                    if label_matches(&normalize_label(&cell.text), &labels)? {
                        return Ok(true);
                    }
                }
            }
            Ok(false)
        },
    );

    // Rows.
    engine.register_get("label", |r: &mut RowHandle| -> ImmutableString {
        r.row().label().into()
    });
    engine.register_get("index", |r: &mut RowHandle| r.r as INT);
    engine.register_get("line", |r: &mut RowHandle| {
        r.doc.line_of(r.row().span.start) as INT
    });
    engine.register_get("span", |r: &mut RowHandle| SpanHandle {
        doc: r.doc.clone(),
        span: r.row().span,
    });
    engine.register_get("table", |r: &mut RowHandle| table_at(&r.doc, r.t));
    engine.register_get("label_cell", |r: &mut RowHandle| {
        r.row()
            .label_index()
            .map_or(Dynamic::UNIT, |c| Dynamic::from(r.cell(c)))
    });
    engine.register_fn("cells", |r: &mut RowHandle| -> Array {
        (0..r.row().cells.len())
            .map(|c| Dynamic::from(r.cell(c)))
            .collect()
    });
    engine.register_fn("values", |r: &mut RowHandle| -> Array {
        r.row()
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.value.is_some())
            .map(|(i, _)| Dynamic::from(r.cell(i)))
            .collect()
    });
    engine.register_fn(
        "cell",
        |r: &mut RowHandle, labels: Dynamic| -> Res<Dynamic> {
            Ok(r.cell_under(&labels)?
                .map_or(Dynamic::UNIT, |c| Dynamic::from(r.cell(c))))
        },
    );
    // The text a merged cell above gives this row in the column whose
    // header matches (一级指标 of a 三级 row).
    engine.register_fn(
        "group",
        |r: &mut RowHandle, labels: Dynamic| -> Res<Dynamic> {
            let t = r.table();
            // The column: a header cell above whose own text matches.
            let mut col = None;
            'find: for hr in t.plain_rows_above(r.r) {
                for c in &t.rows[hr].cells {
                    if !c.text.is_empty() && label_matches(&normalize_label(&c.text), &labels)? {
                        col = Some(c.col);
                        break 'find;
                    }
                }
            }
            let Some(col) = col else {
                return Ok(Dynamic::UNIT);
            };
            // Up through merged or blank cells to the text, not past the header.
            for ri in (0..=r.r).rev() {
                let row = &t.rows[ri];
                // (A data row left blank, 质量指标 — — —, is not the header.)
                if ri < r.r && !row.has_values() && !row.is_blank_data() {
                    break;
                }
                if let Some(c) = row.cell_at(col) {
                    if !c.text.is_empty() && c.value.is_none() {
                        return Ok(normalize_label(&c.text).into());
                    }
                }
            }
            Ok(Dynamic::UNIT)
        },
    );

    // Cells.
    engine.register_get("text", |c: &mut CellHandle| -> ImmutableString {
        c.cell().text.as_str().into()
    });
    engine.register_get("value", |c: &mut CellHandle| value_or_unit(c.cell().value));
    engine.register_get("decimals", |c: &mut CellHandle| c.cell().decimals as INT);
    engine.register_get("percent", |c: &mut CellHandle| c.cell().percent);
    engine.register_get("unit", |c: &mut CellHandle| {
        text_or_unit(c.table().unit_of(c.cell()).as_deref())
    });
    engine.register_get("header", |c: &mut CellHandle| {
        text_or_unit(c.header().as_deref())
    });
    engine.register_get("col", |c: &mut CellHandle| c.cell().col as INT);
    engine.register_get("col_span", |c: &mut CellHandle| c.cell().col_span as INT);
    engine.register_get("row_span", |c: &mut CellHandle| c.cell().row_span as INT);
    engine.register_get("formula_missing", |c: &mut CellHandle| {
        c.cell().formula_missing
    });
    engine.register_get("location", |c: &mut CellHandle| -> ImmutableString {
        c.location().into()
    });
    engine.register_get("span", |c: &mut CellHandle| {
        let cell = c.cell();
        // An empty cell points at its row.
        let span = if cell.span.end > cell.span.start {
            cell.span
        } else {
            c.doc.tables[c.t].rows[c.r].span
        };
        SpanHandle {
            doc: c.doc.clone(),
            span,
        }
    });
    engine.register_get("line", |c: &mut CellHandle| {
        c.doc.line_of(c.cell().span.start) as INT
    });
    engine.register_get("row", |c: &mut CellHandle| RowHandle {
        doc: c.doc.clone(),
        t: c.t,
        r: c.r,
    });
    engine.register_get("half_unit", |c: &mut CellHandle| {
        c.figure()
            .map_or(Dynamic::UNIT, |f| Dynamic::from_decimal(f.half))
    });
    // The next cell to the right holding a number.
    engine.register_fn("right", |c: &mut CellHandle| -> Dynamic {
        let row = &c.doc.tables[c.t].rows[c.r];
        (c.c + 1..row.cells.len())
            .find(|&i| row.cells[i].value.is_some())
            .map_or(Dynamic::UNIT, |i| {
                Dynamic::from(CellHandle {
                    doc: c.doc.clone(),
                    t: c.t,
                    r: c.r,
                    c: i,
                })
            })
    });
    // The cell in the next row under the same column.
    engine.register_fn("below", |c: &mut CellHandle| -> Dynamic {
        let t = &c.doc.tables[c.t];
        let col = t.rows[c.r].cells[c.c].col;
        let r = c.r + t.rows[c.r].cells[c.c].row_span.max(1);
        match t.rows.get(r).and_then(|row| {
            row.cells
                .iter()
                .position(|x| x.col == col && (t.aligned || x.covers(col)))
        }) {
            Some(i) => Dynamic::from(CellHandle {
                doc: c.doc.clone(),
                t: c.t,
                r,
                c: i,
            }),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("==", |a: CellHandle, b: CellHandle| {
        (a.t, a.r, a.c) == (b.t, b.r, b.c)
    });
    engine.register_fn("to_string", |c: &mut CellHandle| c.cell().text.clone());

    // Checks with rounding.
    engine.register_fn(
        "cell_sum_check",
        |parts: Array, total: Dynamic| -> Res<Map> {
            let t = figure_of(&total)?;
            let mut figs = Vec::with_capacity(parts.len());
            for p in &parts {
                figs.push(figure_of(p)?);
            }
            match rounding::sum_check(&figs, t) {
                Some(c) => Ok(check_map(c, t.value, "")),
                None => err("求和溢出"),
            }
        },
    );
    engine.register_fn(
        "cell_share_check",
        |part: Dynamic, whole: Dynamic, pct: Dynamic| -> Res<Dynamic> {
            let (p, w, r) = (figure_of(&part)?, figure_of(&whole)?, figure_of(&pct)?);
            Ok(match rounding::share_check(p, w, r) {
                Some(c) => Dynamic::from_map(check_map(c, r.value, "%")),
                None => Dynamic::UNIT,
            })
        },
    );
    engine.register_fn("target_met", |target: &str, actual: &str| -> Dynamic {
        target_met(target, actual).map_or(Dynamic::UNIT, Dynamic::from)
    });
}
