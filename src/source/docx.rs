//! Reading Word documents (.docx): the text a reader sees, with a map back
//! to paragraphs, runs and table cells.
//!
//! What counts as text: `w:t` in runs, `w:tab`, `w:br`; tracked insertions
//! yes, tracked deletions (`w:del`, `w:moveFrom`) no; field instructions
//! (`w:instrText`, the part of a field before its separator) no, the field's
//! result yes. Automatic numbering is rendered into the text (`一、`) from
//! `numbering.xml`, so headings read as in the plain-text report. A table
//! row becomes one line, its cells separated by tabs. Drawings, text boxes,
//! equations and the fallback branch of `mc:AlternateContent` are skipped.
//!
//! The archive itself is opened by [`super::package`], with caps.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::numbering::{attr, local, Counters, Numbering};
use super::package::docx_err;
pub use super::package::{Package, DOCUMENT_PART, MAX_ENTRIES, MAX_PART_BYTES, MAX_TOTAL_BYTES};
use super::{LoadError, Location, Source};

/// Where a stretch of real text (the content of a `w:t`) sits in the XML.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Byte range in the extracted text.
    pub text: Range<usize>,
    /// Byte range of the characters in document.xml.
    pub xml: Range<usize>,
    /// Text and XML bytes correspond one to one (no entity, no CR).
    pub linear: bool,
    /// Index into [`Extracted::runs`].
    pub run: usize,
    /// The `<w:t …>` start tag holding it.
    pub t_open: Range<usize>,
}

/// A run (`w:r`) in document.xml.
#[derive(Debug, Clone)]
pub struct RunSpan {
    /// From `<w:r` to the end of `</w:r>`.
    pub xml: Range<usize>,
    /// Its `<w:rPr>…</w:rPr>`, copied when the run is split.
    pub rpr: Option<Range<usize>>,
    /// Pieces of this run: first and last index into [`Extracted::pieces`].
    pub pieces: Option<(usize, usize)>,
}

/// A paragraph (`w:p`) in document.xml.
#[derive(Debug, Clone)]
pub struct ParaSpan {
    /// Where content may be inserted: after `w:pPr`, before `</w:p>`.
    pub content: Option<Range<usize>>,
    /// Its text in the extracted text (marker included).
    pub text: Range<usize>,
}

/// A comment already anchored in the document: `w:commentRangeStart` to
/// `w:commentRangeEnd`, as a range of the extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRange {
    pub id: String,
    pub text: Range<usize>,
}

/// The text of document.xml with its origin map.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub text: String,
    pub locations: Vec<Location>,
    pub pieces: Vec<Piece>,
    pub runs: Vec<RunSpan>,
    pub paragraphs: Vec<ParaSpan>,
    pub comments: Vec<CommentRange>,
    /// Merged table cells (`w:gridSpan`, `w:vMerge`).
    pub merges: Vec<CellMerge>,
}

/// A merged cell of a Word table: its table, row (1-based, as in
/// [`Location`]), first grid column (0-based), columns spanned, and
/// whether it starts (`Restart`) or continues a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellMerge {
    pub table: usize,
    pub row: usize,
    pub col: usize,
    pub span: usize,
    pub vmerge: VMerge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    None,
    Restart,
    Continue,
}

/// A .docx read into text.
#[derive(Debug, Clone)]
pub struct Docx {
    pub source: Source,
    pub extracted: Extracted,
}

/// Reads a .docx from bytes.
pub fn read_docx(name: String, bytes: &[u8]) -> Result<Docx, LoadError> {
    let mut pkg = Package::open(bytes)?;
    let (xml, extracted) = read_package(&mut pkg)?;
    drop(xml);
    if extracted.text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let comments = if extracted.comments.is_empty() {
        Vec::new()
    } else {
        let texts = match pkg.read_xml("word/comments.xml")? {
            Some(xml) => comment_texts(&xml)
                .map_err(|e| docx_err(format!("word/comments.xml 不是格式正确的 XML：{e}")))?,
            None => Vec::new(),
        };
        extracted
            .comments
            .iter()
            .filter_map(|c| {
                let (_, text) = texts.iter().find(|(id, _)| *id == c.id)?;
                Some((c.text.clone(), text.clone()))
            })
            .collect()
    };
    Ok(Docx {
        source: Source {
            name,
            text: extracted.text.clone(),
            encoding: "DOCX",
            locations: extracted.locations.clone(),
            comments,
            tables: super::docx_tables::tables(&extracted),
        },
        extracted,
    })
}

/// The text of each `w:comment` in comments.xml, by id (paragraphs joined
/// with a line break).
fn comment_texts(xml: &str) -> Result<Vec<(String, String)>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_t = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) => match local(e.name().as_ref()) {
                b"comment" => current = Some((attr(&e, b"id").unwrap_or_default(), String::new())),
                b"t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"comment" => out.extend(current.take()),
                b"t" => in_t = false,
                b"p" => {
                    if let Some((_, t)) = current.as_mut() {
                        if !t.is_empty() && !t.ends_with('\n') {
                            t.push('\n');
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_t => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some((_, text)) = current.as_mut() {
                    if g.is_char_ref() {
                        if let Ok(Some(c)) = g.resolve_char_ref() {
                            text.push(c);
                        }
                    } else if let Some(v) =
                        quick_xml::escape::resolve_predefined_entity(&g.into_inner())
                    {
                        text.push_str(v);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for (_, t) in out.iter_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
    }
    Ok(out)
}

/// Loads a .docx as a [`Source`].
pub fn load_docx(name: String, bytes: &[u8]) -> Result<Source, LoadError> {
    read_docx(name, bytes).map(|d| d.source)
}

/// Reads document.xml (and numbering and styles) of an opened package.
pub fn read_package(pkg: &mut Package) -> Result<(String, Extracted), LoadError> {
    if !pkg.has(DOCUMENT_PART) {
        return Err(docx_err("不是 Word 文档：压缩包中没有 word/document.xml"));
    }
    let xml = pkg
        .read_xml(DOCUMENT_PART)?
        .ok_or_else(|| docx_err("压缩包中没有 word/document.xml"))?;
    let numbering = pkg.read_xml("word/numbering.xml")?;
    let styles = pkg.read_xml("word/styles.xml")?;
    let numbering = Numbering::parse(numbering.as_deref(), styles.as_deref()).map_err(|e| {
        docx_err(format!(
            "word/numbering.xml 或 styles.xml 不是格式正确的 XML：{e}"
        ))
    })?;
    let extracted = extract(&xml, &numbering)
        .map_err(|e| docx_err(format!("word/document.xml 不是格式正确的 XML：{e}")))?;
    Ok((xml, extracted))
}

/// Elements whose whole content is not text a reader sees.
const SKIP: &[&[u8]] = &[
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
struct Para {
    depth: usize,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    mark_deleted: bool,
    marker_pending: bool,
    in_ppr: bool,
    index: usize,
    start: usize,
    content_start: Option<usize>,
    /// This paragraph continues the previous one (whose mark was deleted).
    continues: bool,
}

#[derive(Default)]
struct Table {
    depth: usize,
    index: usize,
    row: usize,
    cell: usize,
    span: usize,
    row_deleted: bool,
    cell_paras: usize,
    vmerge: Option<bool>,
}

struct Walker<'n> {
    numbering: &'n Numbering,
    counters: Counters,
    out: Extracted,
    para: Option<Para>,
    para_count: usize,
    table: Table,
    tables: usize,
    run: Option<usize>,
    run_depth: usize,
    rpr_start: Option<usize>,
    t_open: Option<Range<usize>>,
    fields: Vec<bool>,
    continue_next: bool,
    open_comments: Vec<(String, usize)>,
}

impl Walker<'_> {
    fn in_cell(&self) -> bool {
        self.table.depth > 0 && self.table.cell > 0
    }

    fn location(&self, run: Option<usize>) -> Location {
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
    fn push(&mut self, s: &str, run: Option<usize>) {
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
    fn push_gap(&mut self, s: &str) {
        self.out.text.push_str(s);
    }

    fn emitting(&self) -> bool {
        self.para.is_some() && !self.fields.iter().any(|instr| *instr)
    }

    fn emit_marker(&mut self) {
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

    fn start_paragraph(&mut self, depth: usize, after: usize) {
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

    fn end_paragraph(&mut self, before: usize) {
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

impl Walker<'_> {
    fn add_piece(&mut self, s: &str, xml: Range<usize>, linear: bool) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn text_of(body: &str) -> String {
        extract(&doc(body), &Numbering::default()).unwrap().text
    }

    #[test]
    fn runs_tabs_and_paragraphs_become_lines() {
        let t = text_of(
            r#"<w:p><w:r><w:t>收入</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">622 万元</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p>"#,
        );
        assert_eq!(t, "收入\t622 万元\n\nA&B\n");
    }

    #[test]
    fn tracked_deletions_and_field_instructions_are_not_text() {
        let t = text_of(
            r#"<w:p><w:ins><w:r><w:t>总计</w:t></w:r></w:ins><w:del><w:r><w:delText>751.2</w:delText></w:r></w:del><w:r><w:t>741.2</w:t></w:r>
               <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r>
               <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        );
        assert_eq!(t, "总计741.23\n");
    }

    #[test]
    fn table_rows_are_tab_separated_lines_with_cell_locations() {
        let x = extract(
            &doc(r#"<w:p><w:r><w:t>单位：万元</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:tc><w:p><w:r><w:t>公务接待费</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.22</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"#),
            &Numbering::default(),
        )
        .unwrap();
        assert_eq!(x.text, "单位：万元\n项目\t金额\t\n公务接待费\t2.22\t\n");
        let off = x.text.find("2.22").unwrap();
        let loc = super::super::location_at(&x.locations, off).unwrap();
        assert_eq!((loc.table, loc.row, loc.cell), (Some(1), Some(2), Some(2)));
        assert_eq!(loc.paragraph, 5);
    }

    #[test]
    fn tab_stops_page_breaks_and_drawings_are_not_text() {
        let t = text_of(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一、</w:t></w:r><w:r><w:br w:type="page"/><w:drawing><w:t>图</w:t></w:drawing><w:t>基本情况</w:t></w:r></w:p>"#,
        );
        assert_eq!(t, "一、基本情况\n");
    }

    #[test]
    fn two_column_rows_still_read_as_table_rows() {
        let t = text_of(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>公务接待费</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.22</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert_eq!(t, "公务接待费\t2.22\t\n");
    }

    #[test]
    fn deleted_paragraph_mark_joins_paragraphs() {
        let t = text_of(
            r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>年初结转</w:t></w:r></w:p><w:p><w:r><w:t>和结余</w:t></w:r></w:p>"#,
        );
        assert_eq!(t, "年初结转和结余\n");
    }

    #[test]
    fn unclosed_or_mismatched_xml_is_an_error() {
        assert!(extract("<w:document><w:body><w:p>", &Numbering::default()).is_err());
        assert!(extract(
            "<w:document><w:body></w:p></w:body></w:document>",
            &Numbering::default()
        )
        .is_err());
    }
}
