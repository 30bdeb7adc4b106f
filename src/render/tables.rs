//! Tables as `reportlint facts` shows them: each row with its line, its
//! label and its numeric cells under their column headers.

use serde_json::{json, Value};

use crate::document::Document;
use crate::table::Table;

fn cell_place(doc: &Document, t: &Table, ri: usize, ci: usize) -> String {
    let c = &t.rows[ri].cells[ci];
    if !c.location.is_empty() {
        return c.location.clone();
    }
    let (line, col) = doc.lines.line_col(&doc.text, c.span.start);
    format!("{line}:{col}")
}

fn header_line(t: &Table, i: usize) -> String {
    let mut s = format!("表 {}", i + 1);
    if !t.sheet.is_empty() {
        s.push_str(&format!("（工作表 {}）", t.sheet));
    }
    if !t.title.is_empty() {
        s.push_str(&format!("：{}", t.title));
    }
    s.push_str(&format!(
        "，{} 行，单位：{}",
        t.rows.len(),
        t.unit.as_deref().unwrap_or("未写明")
    ));
    if !t.aligned {
        s.push_str("，列按表头个数对齐（粘贴或转换的表格）");
    }
    s
}

/// The human listing of every table.
pub fn human(doc: &Document) -> String {
    let mut out = format!("\n表格（{} 个）：\n", doc.tables.len());
    for (i, t) in doc.tables.iter().enumerate() {
        out.push_str(&format!("  {}\n", header_line(t, i)));
        for (ri, row) in t.rows.iter().enumerate() {
            let values: Vec<String> = row
                .cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.value.is_some() || c.formula_missing)
                .map(|(ci, c)| {
                    let head = t.header_of(ri, ci).unwrap_or_else(|| "—".into());
                    let mut v = if c.formula_missing {
                        format!("{}（公式无计算结果）", c.text)
                    } else {
                        c.text.clone()
                    };
                    if c.col_span > 1 || c.row_span > 1 {
                        v.push_str(&format!("（合并 {}×{}）", c.row_span, c.col_span));
                    }
                    format!("{head}={v}")
                })
                .collect();
            if values.is_empty() {
                continue;
            }
            let line = doc.line_of(row.span.start);
            let first = row
                .cells
                .iter()
                .position(|c| c.value.is_some() || c.formula_missing)
                .map(|ci| cell_place(doc, t, ri, ci))
                .unwrap_or_default();
            let label = row.label();
            out.push_str(&format!(
                "    {:>5}行  {}  {}  [{}]\n",
                line,
                if label.is_empty() { "—" } else { &label },
                values.join("，"),
                first
            ));
        }
    }
    out
}

/// The JSON listing of every table.
pub fn json(doc: &Document) -> Value {
    let tables: Vec<Value> = doc
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .enumerate()
                .map(|(ri, row)| {
                    let cells: Vec<Value> = row
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(ci, c)| {
                            json!({
                                "text": c.text,
                                "place": cell_place(doc, t, ri, ci),
                                "col": c.col,
                                "col_span": c.col_span,
                                "row_span": c.row_span,
                                "value": c.value.map(|v| v.to_string()),
                                "decimals": c.decimals,
                                "unit": t.unit_of(c),
                                "header": t.header_of(ri, ci),
                                "formula_missing": c.formula_missing,
                            })
                        })
                        .collect();
                    json!({
                        "line": doc.line_of(row.span.start),
                        "label": row.label(),
                        "cells": cells,
                    })
                })
                .collect();
            json!({
                "sheet": t.sheet,
                "title": t.title,
                "unit": t.unit,
                "origin": t.origin,
                "aligned": t.aligned,
                "rows": rows,
            })
        })
        .collect();
    Value::Array(tables)
}
