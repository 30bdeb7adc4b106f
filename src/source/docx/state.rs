//! The walker's state while it reads document.xml: the open paragraph,
//! table, run and fields, and how text and pieces are added.

use std::ops::Range;

use super::{Extracted, ParaSpan, Piece};
use crate::source::numbering::{Counters, Numbering};
use crate::source::Location;

pub(super) const SKIP: &[&[u8]] = &[
    b"del",
    b"moveFrom",
    b"instrText",
    b"delInstrText",
    b"delText",
    b"Fallback",
    b"drawing",
    b"pict",
    b"object",
    b"pPrChange",
    b"rPrChange",
    b"sectPr",
    b"sectPrChange",
    b"tblPrChange",
    b"trPrChange",
    b"tcPrChange",
    b"tblGridChange",
    b"numberingChange",
    b"oMath",
    b"oMathPara",
    b"txbxContent",
    // Ruby text (pronunciation guide) above the base text.
    b"rt",
];

#[derive(Default)]
pub(super) struct Para {
    pub(super) depth: usize,
    pub(super) style: Option<String>,
    pub(super) num_id: Option<String>,
    pub(super) ilvl: Option<usize>,
    pub(super) mark_deleted: bool,
    pub(super) marker_pending: bool,
    pub(super) in_ppr: bool,
    pub(super) index: usize,
    pub(super) start: usize,
    pub(super) content_start: Option<usize>,
    /// This paragraph continues the previous one (whose mark was deleted).
    pub(super) continues: bool,
}

#[derive(Default)]
pub(super) struct Table {
    pub(super) depth: usize,
    pub(super) index: usize,
    pub(super) row: usize,
    pub(super) cell: usize,
    pub(super) span: usize,
    pub(super) row_deleted: bool,
    pub(super) cell_paras: usize,
    pub(super) vmerge: Option<bool>,
}

pub(super) struct Walker<'n> {
    pub(super) numbering: &'n Numbering,
    pub(super) counters: Counters,
    pub(super) out: Extracted,
    pub(super) para: Option<Para>,
    pub(super) para_count: usize,
    pub(super) table: Table,
    pub(super) tables: usize,
    pub(super) run: Option<usize>,
    pub(super) run_depth: usize,
    pub(super) rpr_start: Option<usize>,
    pub(super) t_open: Option<Range<usize>>,
    pub(super) fields: Vec<bool>,
    pub(super) continue_next: bool,
    pub(super) open_comments: Vec<(String, usize)>,
}

impl Walker<'_> {
    pub(super) fn in_cell(&self) -> bool {
        self.table.depth > 0 && self.table.cell > 0
    }

    pub(super) fn location(&self, run: Option<usize>) -> Location {
        let (paragraph, table, row, cell) = match (&self.para, self.table.depth > 0) {
            (Some(p), true) => (
                p.index,
                Some(self.table.index),
                Some(self.table.row),
                Some(self.table.cell),
            ),
            (Some(p), false) => (p.index, None, None, None),
            (None, _) => (self.para_count, None, None, None),
        };
        Location {
            start: 0,
            end: 0,
            paragraph,
            table,
            row,
            cell,
            run,
        }
    }

    /// Appends text; `run` is set for real text from a run.
    pub(super) fn push(&mut self, s: &str, run: Option<usize>) {
        if s.is_empty() {
            return;
        }
        let start = self.out.text.len();
        self.out.text.push_str(s);
        let end = self.out.text.len();
        let mut loc = self.location(run);
        loc.start = start;
        loc.end = end;
        if let Some(last) = self.out.locations.last_mut() {
            if last.end == start
                && (last.paragraph, last.table, last.row, last.cell, last.run)
                    == (loc.paragraph, loc.table, loc.row, loc.cell, loc.run)
            {
                last.end = end;
                return;
            }
        }
        self.out.locations.push(loc);
    }

    /// Text outside any paragraph (a tab between cells, a line end).
    pub(super) fn push_gap(&mut self, s: &str) {
        self.out.text.push_str(s);
    }

    pub(super) fn emitting(&self) -> bool {
        self.para.is_some() && !self.fields.iter().any(|instr| *instr)
    }

    pub(super) fn emit_marker(&mut self) {
        let Some(p) = self.para.as_mut() else { return };
        if !p.marker_pending {
            return;
        }
        p.marker_pending = false;
        if p.continues {
            return;
        }
        let (style, num_id, ilvl) = (p.style.clone(), p.num_id.clone(), p.ilvl);
        let Some((id, lvl)) = self
            .numbering
            .resolve(style.as_deref(), num_id.as_deref(), ilvl)
        else {
            return;
        };
        if let Some(m) = self.numbering.next_marker(&mut self.counters, &id, lvl) {
            self.push(&m, None);
        }
    }

    pub(super) fn start_paragraph(&mut self, depth: usize, after: usize) {
        self.para_count += 1;
        if self.in_cell() {
            if self.table.cell_paras > 0 && !self.continue_next {
                let joiner = match self.out.text.chars().last() {
                    Some(c) if c.is_ascii_alphanumeric() || c == '%' => " ",
                    _ => "",
                };
                self.push_gap(joiner);
            }
            self.table.cell_paras += 1;
        }
        let continues = std::mem::take(&mut self.continue_next);
        self.para = Some(Para {
            depth,
            index: self.para_count,
            start: self.out.text.len(),
            content_start: Some(after),
            marker_pending: true,
            continues,
            ..Default::default()
        });
    }

    pub(super) fn end_paragraph(&mut self, before: usize) {
        self.emit_marker();
        let Some(p) = self.para.take() else { return };
        self.out.paragraphs.push(ParaSpan {
            content: p.content_start.map(|s| s..before.max(s)),
            text: p.start..self.out.text.len(),
        });
        if p.mark_deleted {
            self.continue_next = true;
        } else if self.table.depth == 0 {
            self.push_gap("\n");
        }
    }
}

impl Walker<'_> {
    pub(super) fn add_piece(&mut self, s: &str, xml: Range<usize>, linear: bool) {
        let Some(run) = self.run else { return };
        let start = self.out.text.len();
        self.push(s, Some(run));
        let end = self.out.text.len();
        if end == start {
            return;
        }
        let idx = self.out.pieces.len();
        self.out.pieces.push(Piece {
            text: start..end,
            xml,
            linear: linear && end - start == s.len(),
            run,
            t_open: self.t_open.clone().unwrap_or(0..0),
        });
        let r = &mut self.out.runs[run];
        r.pieces = Some(match r.pieces {
            Some((first, _)) => (first, idx),
            None => (idx, idx),
        });
    }
}
