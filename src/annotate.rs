//! `reportlint annotate`: a reviewed copy of a .docx with one Word comment
//! (批注) per finding, anchored on the offending text.
//!
//! The copy is the input archive with four parts changed: document.xml gets
//! `w:commentRangeStart` / `w:commentRangeEnd` / a `w:commentReference` run
//! per finding (a run is split where a finding starts or ends inside it),
//! `comments.xml` gets the comments (existing ones are kept, new ids follow
//! the largest one), and the relationship and content type of the comments
//! part are added when missing. Every other entry is copied byte for byte,
//! still compressed. The input file is never written. Where each comment
//! is anchored (runs, a table cell's text) is [`anchor`]'s part.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::diagnostic::Diagnostic;
use crate::source::docx::{self, Package, DOCUMENT_PART};
use crate::source::numbering::{attr, local};
use crate::source::LoadError;

#[path = "annotate_anchor.rs"]
mod anchor;
#[path = "annotate_own.rs"]
mod own;

use anchor::{finding_range, mark_document};

const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const DOC_RELS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
/// The comments' author.
pub const AUTHOR: &str = "reportlint";

/// A reviewed copy.
#[derive(Debug)]
pub struct Annotated {
    /// The new .docx.
    pub bytes: Vec<u8>,
    /// Comments added.
    pub comments: usize,
    /// Findings that could not be anchored in the body text.
    pub skipped: usize,
}

fn err(msg: impl Into<String>) -> LoadError {
    LoadError::Docx(msg.into())
}

/// The comment's text, in Chinese: severity, rule id, message; then the
/// suggested change and notes.
fn comment_xml(prefix: &str, id: u64, d: &Diagnostic) -> String {
    let mut paras = vec![format!("{}[{}] {}", d.severity.zh(), d.rule, d.message)];
    if let Some(h) = &d.help {
        paras.push(format!("修改建议：{h}"));
    }
    for n in &d.notes {
        paras.push(format!("说明：{n}"));
    }
    let w = prefix;
    let mut s = format!(r#"<{w}:comment {w}:id="{id}" {w}:author="{AUTHOR}" {w}:initials="RL">"#);
    for p in paras {
        s.push_str(&format!(
            r#"<{w}:p><{w}:r><{w}:t xml:space="preserve">{}</{w}:t></{w}:r></{w}:p>"#,
            escape(p.as_str())
        ));
    }
    s.push_str(&format!("</{w}:comment>"));
    s
}

/// The prefix of the root element (`w` for `<w:document>`).
pub(crate) fn root_prefix(xml: &str) -> String {
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref().as_bytes()).into_owned();
                return name
                    .split_once(':')
                    .map(|(p, _)| p.to_string())
                    .unwrap_or_default();
            }
            Ok(Event::Eof) | Err(_) => return "w".into(),
            _ => {}
        }
    }
}

/// What an existing comments.xml holds: its comment ids, the byte before
/// its closing root tag, or the whole root tag when it is empty (`<w:comments/>`).
type CommentsPart = (Vec<u64>, Option<usize>, Option<Range<usize>>);

/// Ids of the comments already in comments.xml, and where the new ones go.
fn comments_part(xml: &str) -> Result<CommentsPart, LoadError> {
    let mut r = Reader::from_str(xml);
    let mut ids = Vec::new();
    let mut depth = 0usize;
    loop {
        let before = r.buffer_position() as usize;
        let ev = r
            .read_event()
            .map_err(|e| err(format!("comments.xml 不是格式正确的 XML：{e}")))?;
        let after = r.buffer_position() as usize;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if local(e.name().as_ref()) == b"comment" {
                    if let Some(id) = attr(&e, b"id").and_then(|v| v.parse().ok()) {
                        ids.push(id);
                    }
                }
            }
            Event::Empty(e) if depth == 0 => {
                // <w:comments …/>: no comments yet.
                let _ = e;
                return Ok((ids, None, Some(before..after)));
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok((ids, Some(before), None));
                }
            }
            Event::Eof => return Err(err("comments.xml 不完整")),
            _ => {}
        }
    }
}

/// Target of the comments relationship, and the rels part with it added.
fn with_comments_rel(rels: Option<&str>) -> Result<(String, Option<String>), LoadError> {
    let Some(xml) = rels else {
        let new = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdReportlintComments" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>"#
        );
        return Ok(("word/comments.xml".into(), Some(new)));
    };
    let mut r = Reader::from_str(xml);
    let mut ids = BTreeSet::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if local(e.name().as_ref()) == b"Relationship" =>
            {
                if attr(&e, b"Type").as_deref() == Some(COMMENTS_REL) {
                    let target = attr(&e, b"Target").unwrap_or_default();
                    let part = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("word/{target}"),
                    };
                    return Ok((part, None));
                }
                if let Some(id) = attr(&e, b"Id") {
                    ids.insert(id);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(err(format!("{DOC_RELS} 不是格式正确的 XML：{e}"))),
            _ => {}
        }
    }
    let close = xml
        .rfind("</Relationships>")
        .ok_or_else(|| err(format!("{DOC_RELS} 缺少 </Relationships>")))?;
    let mut n = 1;
    let id = loop {
        let id = format!("rIdReportlint{n}");
        if !ids.contains(&id) {
            break id;
        }
        n += 1;
    };
    let mut new = xml[..close].to_string();
    new.push_str(&format!(
        r#"<Relationship Id="{id}" Type="{COMMENTS_REL}" Target="comments.xml"/>"#
    ));
    new.push_str(&xml[close..]);
    Ok(("word/comments.xml".into(), Some(new)))
}

fn with_content_type(xml: &str, part: &str) -> Result<Option<String>, LoadError> {
    if xml.contains(&format!("PartName=\"/{part}\"")) {
        return Ok(None);
    }
    let close = xml
        .rfind("</Types>")
        .ok_or_else(|| err("[Content_Types].xml 缺少 </Types>"))?;
    let mut new = xml[..close].to_string();
    new.push_str(&format!(
        r#"<Override PartName="/{part}" ContentType="{COMMENTS_TYPE}"/>"#
    ));
    new.push_str(&xml[close..]);
    Ok(Some(new))
}

/// Adds one comment per diagnostic of `text` (the extracted text the
/// diagnostics point into) to the .docx in `bytes`.
pub fn annotate_bytes(bytes: &[u8], diagnostics: &[&Diagnostic]) -> Result<Annotated, LoadError> {
    // A reviewed copy annotated again: reportlint's earlier comments go first.
    let stripped = {
        let mut pkg = Package::open(bytes)?;
        let rels = pkg.read_xml(DOC_RELS)?;
        let (name, _) = with_comments_rel(rels.as_deref())?;
        drop(pkg);
        own::without_own_comments(bytes, &name)?
    };
    let bytes = stripped.as_deref().unwrap_or(bytes);
    let mut pkg = Package::open(bytes)?;
    let (xml, ex) = docx::read_package(&mut pkg)?;
    let rels = pkg.read_xml(DOC_RELS)?;
    let (comments_name, new_rels) = with_comments_rel(rels.as_deref())?;
    let existing = pkg.read_xml(&comments_name)?;
    let types = pkg
        .read_xml(CONTENT_TYPES)?
        .ok_or_else(|| err("不是 Word 文档：压缩包中没有 [Content_Types].xml"))?;
    let new_types = with_content_type(&types, &comments_name)?;

    let mut used: Vec<u64> = ex
        .comments
        .iter()
        .filter_map(|c| c.id.parse().ok())
        .collect();
    let (old_ids, close, empty_root) = match &existing {
        Some(x) => comments_part(x)?,
        None => (Vec::new(), None, None),
    };
    used.extend(old_ids);
    // Revisions and bookmarks carry w:id too: new ids go above all of them.
    let top = max_id(&xml).map_or(0, |t| t + 1);
    let mut next = used.iter().max().map_or(0, |m| m + 1).max(top);
    let mut findings = Vec::new();
    let mut by_id = BTreeMap::new();
    for d in diagnostics {
        let Some((a, b)) = finding_range(&ex.text, d) else {
            continue;
        };
        findings.push((next, a, b));
        by_id.insert(next, *d);
        next += 1;
    }
    let (doc_xml, placed) = mark_document(&xml, &ex, &findings);
    let prefix = root_prefix(&xml);
    let prefix = if prefix.is_empty() {
        "w".to_string()
    } else {
        prefix
    };
    let mut added = String::new();
    for id in &placed {
        if let Some(d) = by_id.get(id) {
            added.push_str(&comment_xml(&prefix, *id, d));
        }
    }
    let comments_xml = match (&existing, close, empty_root) {
        (Some(x), Some(at), _) => format!("{}{added}{}", &x[..at], &x[at..]),
        (Some(x), None, Some(tag)) => {
            let open = x[tag.clone()].trim_end_matches("/>").trim_end().to_string();
            let name = open
                .trim_start_matches('<')
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("w:comments")
                .to_string();
            format!(
                "{}{open}>{added}</{name}>{}",
                &x[..tag.start],
                &x[tag.end..]
            )
        }
        _ => format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<{p}:comments xmlns:{p}="{W_NS}">{added}</{p}:comments>"#,
            p = prefix
        ),
    };

    let mut replaced: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    replaced.insert(DOCUMENT_PART.into(), doc_xml.into_bytes());
    replaced.insert(comments_name.clone(), comments_xml.into_bytes());
    if let Some(r) = new_rels {
        replaced.insert(DOC_RELS.into(), r.into_bytes());
    }
    if let Some(t) = new_types {
        replaced.insert(CONTENT_TYPES.into(), t.into_bytes());
    }
    let bytes = write_zip(&mut pkg, replaced)?;
    Ok(Annotated {
        bytes,
        comments: placed.len(),
        skipped: diagnostics.len() - placed.len(),
    })
}

pub(crate) fn write_zip(
    pkg: &mut Package,
    mut replaced: BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, LoadError> {
    use zip::write::SimpleFileOptions;
    let zerr = |e: zip::result::ZipError| err(format!("无法写出 .docx：{e}"));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..pkg.zip.len() {
        let name = match pkg.zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => return Err(err("压缩包条目名无法读取")),
        };
        if let Some(data) = replaced.remove(&name) {
            w.start_file(name, options).map_err(zerr)?;
            w.write_all(&data).map_err(|e| err(e.to_string()))?;
        } else {
            let f = pkg.zip.by_index_raw(i).map_err(zerr)?;
            w.raw_copy_file(f).map_err(zerr)?;
        }
    }
    for (name, data) in replaced {
        w.start_file(name, options).map_err(zerr)?;
        w.write_all(&data).map_err(|e| err(e.to_string()))?;
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}

/// The largest number used as a `w:id` anywhere in `xml` (comments,
/// revisions and bookmarks share the attribute; ids new to a document are
/// taken above all of them); `None` when there is none.
pub fn max_id(xml: &str) -> Option<u64> {
    let mut max = None;
    let mut rest = xml;
    while let Some(i) = rest.find(":id=\"") {
        rest = &rest[i + 5..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = digits.parse::<u64>() {
            max = max.max(Some(n));
        }
    }
    max
}

/// `<stem>.reviewed.docx` beside the input.
pub fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    input.with_file_name(format!("{stem}.reviewed.docx"))
}

#[cfg(test)]
#[path = "annotate_tests.rs"]
mod tests;
