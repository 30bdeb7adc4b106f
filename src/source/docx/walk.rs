//! The walk over document.xml: paragraphs, runs, fields, tables and
//! comments, in reading order, into [`Extracted`].

use quick_xml::events::Event;
use quick_xml::Reader;

use super::state::{Table, Walker, SKIP};
use super::{CellMerge, CommentRange, Extracted, RunSpan, VMerge};
use crate::source::numbering::{attr, local, Counters, Numbering};

/// Walks document.xml. Errors are XML errors, described in one line.
pub fn extract(xml: &str, numbering: &Numbering) -> Result<Extracted, String> {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut w = Walker {
        numbering,
        counters: Counters::default(),
        out: Extracted::default(),
        para: None,
        para_count: 0,
        table: Table::default(),
        tables: 0,
        run: None,
        run_depth: 0,
        rpr_start: None,
        t_open: None,
        fields: Vec::new(),
        continue_next: false,
        open_comments: Vec::new(),
    };
    let mut depth = 0usize;
    let mut skip: Option<usize> = None;
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut in_t = false;
    loop {
        let before = r.buffer_position() as usize;
        let ev = r
            .read_event()
            .map_err(|e| format!("第 {} 字节附近：{e}", r.error_position()))?;
        let after = r.buffer_position() as usize;
        match ev {
            Event::Start(e) => {
                depth += 1;
                let name = local(e.name().as_ref()).to_vec();
                stack.push(name.clone());
                if skip.is_some() {
                    continue;
                }
                if SKIP.contains(&name.as_slice()) {
                    skip = Some(depth);
                    continue;
                }
                if name == b"tc" && w.table.depth == 1 && w.table.row_deleted {
                    skip = Some(depth);
                    continue;
                }
                if let Some(p) = &w.para {
                    if depth == p.depth + 1 && name != b"pPr" {
                        w.emit_marker();
                    }
                }
                match name.as_slice() {
                    b"p" if w.para.is_none() => w.start_paragraph(depth, after),
                    b"pPr" => {
                        if let Some(p) = w.para.as_mut() {
                            if depth == p.depth + 1 {
                                p.in_ppr = true;
                            }
                        }
                    }
                    b"r" if w.para.is_some() && w.run.is_none() => {
                        w.out.runs.push(RunSpan {
                            xml: before..before,
                            rpr: None,
                            pieces: None,
                        });
                        w.run = Some(w.out.runs.len() - 1);
                        w.run_depth = depth;
                    }
                    b"rPr" if w.run.is_some() && depth == w.run_depth + 1 => {
                        w.rpr_start = Some(before);
                    }
                    b"t" if w.run.is_some() => {
                        in_t = true;
                        w.t_open = Some(before..after);
                    }
                    b"tbl" => {
                        if w.table.depth == 0 && std::mem::take(&mut w.continue_next) {
                            // A deleted paragraph mark cannot join text to a table.
                            w.push_gap("\n");
                        }
                        if w.table.depth == 0 {
                            w.tables += 1;
                            w.table = Table {
                                depth: 1,
                                index: w.tables,
                                ..Default::default()
                            };
                        } else {
                            w.table.depth += 1;
                        }
                    }
                    b"tr" if w.table.depth == 1 => {
                        w.table.row += 1;
                        w.table.cell = 0;
                        w.table.row_deleted = false;
                    }
                    b"tc" if w.table.depth == 1 => {
                        if w.table.cell > 0 {
                            w.push_gap("\t");
                        }
                        w.table.cell += 1;
                        w.table.span = 1;
                        w.table.cell_paras = 0;
                        w.table.vmerge = None;
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip.is_some() {
                    continue;
                }
                let name = local(e.name().as_ref()).to_vec();
                let parent = stack.last().cloned().unwrap_or_default();
                if let Some(p) = &w.para {
                    if depth == p.depth && name != b"pPr" {
                        w.emit_marker();
                    }
                }
                let in_run = w.run.is_some() && depth == w.run_depth;
                match name.as_slice() {
                    b"p" if w.para.is_none() => {
                        w.start_paragraph(depth + 1, after);
                        if let Some(p) = w.para.as_mut() {
                            p.content_start = None;
                        }
                        w.end_paragraph(after);
                    }
                    b"pStyle" if parent == b"pPr" => {
                        if let Some(p) = w.para.as_mut() {
                            p.style = attr(&e, b"val");
                        }
                    }
                    b"numId" if parent == b"numPr" => {
                        if let Some(p) = w.para.as_mut() {
                            if p.in_ppr {
                                p.num_id = attr(&e, b"val");
                            }
                        }
                    }
                    b"ilvl" if parent == b"numPr" => {
                        if let Some(p) = w.para.as_mut() {
                            if p.in_ppr {
                                p.ilvl = attr(&e, b"val")
                                    .and_then(|v| v.trim().parse::<usize>().ok())
                                    .map(|v| v.min(8));
                            }
                        }
                    }
                    b"del" if parent == b"rPr" => {
                        if let Some(p) = w.para.as_mut() {
                            if p.in_ppr && w.run.is_none() {
                                p.mark_deleted = true;
                            }
                        }
                    }
                    b"del" if parent == b"trPr" && w.table.depth == 1 => {
                        w.table.row_deleted = true;
                    }
                    b"vMerge" if parent == b"tcPr" && w.table.depth == 1 => {
                        // `<w:vMerge w:val="restart"/>` starts; a bare one continues.
                        w.table.vmerge = Some(attr(&e, b"val").is_some_and(|v| v == "restart"));
                    }
                    b"gridSpan" if parent == b"tcPr" && w.table.depth == 1 => {
                        w.table.span = attr(&e, b"val")
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    }
                    b"rPr" if in_run => {
                        if let Some(i) = w.run {
                            w.out.runs[i].rpr = Some(before..after);
                        }
                    }
                    b"fldChar" if in_run => match attr(&e, b"fldCharType").as_deref() {
                        Some("begin") => w.fields.push(true),
                        Some("separate") => {
                            if let Some(top) = w.fields.last_mut() {
                                *top = false;
                            }
                        }
                        Some("end") => {
                            w.fields.pop();
                        }
                        _ => {}
                    },
                    b"tab" | b"ptab" if in_run && w.emitting() => {
                        let s = if w.table.depth > 0 { " " } else { "\t" };
                        w.push(s, w.run);
                    }
                    b"br" | b"cr" if in_run && w.emitting() => {
                        let kind = attr(&e, b"type");
                        if matches!(kind.as_deref(), None | Some("textWrapping")) {
                            let s = if w.table.depth > 0 { " " } else { "\n" };
                            w.push(s, w.run);
                        }
                    }
                    b"noBreakHyphen" if in_run && w.emitting() => w.push("-", w.run),
                    b"commentRangeStart" => {
                        if let Some(id) = attr(&e, b"id") {
                            w.open_comments.push((id, w.out.text.len()));
                        }
                    }
                    b"commentRangeEnd" => {
                        if let Some(id) = attr(&e, b"id") {
                            if let Some(i) = w.open_comments.iter().position(|(o, _)| *o == id) {
                                let (id, start) = w.open_comments.remove(i);
                                w.out.comments.push(CommentRange {
                                    id,
                                    text: start..w.out.text.len(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if let Some(s) = skip {
                    if s == depth {
                        skip = None;
                    }
                    depth -= 1;
                    continue;
                }
                match name.as_slice() {
                    b"p" if w.para.as_ref().is_some_and(|p| p.depth == depth) => {
                        w.end_paragraph(before);
                    }
                    b"pPr" => {
                        if let Some(p) = w.para.as_mut() {
                            if depth == p.depth + 1 {
                                p.in_ppr = false;
                                p.content_start = Some(after);
                            }
                        }
                    }
                    b"r" if w.run.is_some() && depth == w.run_depth => {
                        if let Some(i) = w.run.take() {
                            w.out.runs[i].xml.end = after;
                        }
                    }
                    b"rPr" if w.run.is_some() && depth == w.run_depth + 1 => {
                        if let (Some(i), Some(s)) = (w.run, w.rpr_start.take()) {
                            w.out.runs[i].rpr = Some(s..after);
                        }
                    }
                    b"t" => {
                        in_t = false;
                        w.t_open = None;
                    }
                    b"tc" if w.table.depth == 1 => {
                        if w.table.span > 1 || w.table.vmerge.is_some() {
                            w.out.merges.push(CellMerge {
                                table: w.table.index,
                                row: w.table.row,
                                col: w.table.cell.saturating_sub(1),
                                span: w.table.span,
                                vmerge: match w.table.vmerge {
                                    None => VMerge::None,
                                    Some(true) => VMerge::Restart,
                                    Some(false) => VMerge::Continue,
                                },
                            });
                        }
                        for _ in 1..w.table.span {
                            w.push_gap("\t");
                        }
                        w.table.cell += w.table.span - 1;
                    }
                    b"tr" if w.table.depth == 1 => {
                        if w.table.row_deleted {
                            w.table.row = w.table.row.saturating_sub(1);
                        } else {
                            if w.table.cell == 2 {
                                // A two-column row gets an empty third cell, so
                                // that it still reads as a table row (two tabs).
                                w.push_gap("\t");
                            }
                            w.push_gap("\n");
                        }
                        w.table.cell = 0;
                    }
                    b"tbl" => {
                        if w.table.depth <= 1 {
                            w.table = Table::default();
                        } else {
                            w.table.depth -= 1;
                        }
                    }
                    _ => {}
                }
                depth -= 1;
            }
            Event::Text(t) => {
                if skip.is_some() || !in_t || !w.emitting() {
                    continue;
                }
                let raw = t.into_inner();
                // A line end inside w:t is white space; same byte length.
                let s: String = raw
                    .chars()
                    .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
                    .collect();
                w.add_piece(&s, before..after, true);
            }
            Event::CData(t) => {
                if skip.is_some() || !in_t || !w.emitting() {
                    continue;
                }
                let s = t.into_inner().into_owned();
                w.add_piece(&s, before..after, false);
            }
            Event::GeneralRef(g) => {
                if skip.is_some() || !in_t || !w.emitting() {
                    continue;
                }
                let s = if g.is_char_ref() {
                    match g.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => return Err(format!("第 {before} 字节附近：无效的字符引用")),
                    }
                } else {
                    let name = g.into_inner();
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(v) => v.to_string(),
                        None => return Err(format!("第 {before} 字节附近：未定义的实体 &{name};")),
                    }
                };
                w.add_piece(&s, before..after, false);
            }
            Event::Eof => {
                if depth != 0 {
                    return Err("文件在元素闭合之前结束（XML 不完整）".into());
                }
                if w.continue_next {
                    w.push_gap("\n");
                }
                break;
            }
            _ => {}
        }
    }
    Ok(w.out)
}
