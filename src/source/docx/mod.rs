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

use super::numbering::{attr, local, Numbering};
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
mod state;
mod walk;
pub use walk::extract;

#[cfg(test)]
mod tests;
