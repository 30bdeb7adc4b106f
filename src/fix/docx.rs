//! Fixing a .docx: a copy (`X.fixed.docx`) in which every change is a
//! tracked change (修订: `w:del` of the old text, `w:ins` of the new, author
//! reportlint) that Word, WPS and LibreOffice show and let the reader
//! accept or reject. The run that is changed is split where the change
//! starts and ends; every part keeps the run's properties (formatting).
//!
//! The fixes are worked out on the extracted text (lint, fix, lint again
//! until nothing changes); the change from the original text to the final
//! one is then laid onto document.xml. A change that is not inside plain
//! run text (a rendered list number, a tab between cells, an entity, a run
//! already inside a tracked insertion) is left out and counted.

use std::collections::BTreeMap;
use std::ops::Range;

use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::annotate::{max_id, root_prefix, AUTHOR};
use crate::diagnostic::{Diagnostic, Edit};
use crate::document::Span;
use crate::source::docx::{self, Extracted, Package, DOCUMENT_PART};
use crate::source::numbering::local;
use crate::source::LoadError;

/// A fixed copy of a .docx.
#[derive(Debug)]
pub struct DocxFix {
    pub bytes: Vec<u8>,
    /// The extracted text before and after all fixes.
    pub before: String,
    pub after: String,
    /// Tracked changes written.
    pub changes: usize,
    /// Changes that could not be placed in run text.
    pub skipped: usize,
}

/// The edits that turn `before` into `after`, on `before`'s bytes, as
/// small as a character diff makes them.
pub fn diff_edits(before: &str, after: &str) -> Vec<Edit> {
    use similar::{DiffTag, TextDiff};
    let a: Vec<usize> = before
        .char_indices()
        .map(|(i, _)| i)
        .chain([before.len()])
        .collect();
    let b: Vec<usize> = after
        .char_indices()
        .map(|(i, _)| i)
        .chain([after.len()])
        .collect();
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_secs(2))
        .diff_chars(before, after);
    let mut out: Vec<Edit> = Vec::new();
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let span = Span::new(a[o.start], a[o.end]);
        let content = after[b[n.start]..b[n.end]].to_string();
        // Adjacent delete + insert ops make one replacement.
        if let Some(last) = out.last_mut() {
            if last.span.end == span.start && (last.content.is_empty() || span.is_empty()) {
                last.span.end = span.end;
                last.content.push_str(&content);
                continue;
            }
        }
        out.push(Edit { span, content });
    }
    out
}

/// Ranges of document.xml inside an existing tracked insertion or
/// deletion: runs there are not split again.
fn revision_ranges(xml: &str) -> Vec<Range<usize>> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) if is_revision(e.name().as_ref()) => open.push(before),
            Ok(Event::End(e)) if is_revision(e.name().as_ref()) => {
                if let Some(s) = open.pop() {
                    out.push(s..r.buffer_position() as usize);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn is_revision(name: &str) -> bool {
    matches!(local(name), b"ins" | b"del" | b"moveTo" | b"moveFrom")
}

/// One change placed in one piece of run text: the piece, the byte range
/// of document.xml replaced (inside its `w:t`), the old and new text.
struct Placed {
    piece: usize,
    xml: Range<usize>,
    old: String,
    new: String,
}

/// Places `e` in run text: inside one piece, or a deletion over adjacent
/// pieces of one paragraph (the new text goes after the last of them).
fn place(ex: &Extracted, e: &Edit, inside_revision: &dyn Fn(usize) -> bool) -> Option<Vec<Placed>> {
    let (a, b) = (e.span.start, e.span.end);
    let usable = |k: usize| {
        let p = &ex.pieces[k];
        p.linear && !inside_revision(p.xml.start)
    };
    let xml_at = |k: usize, x: usize| ex.pieces[k].xml.start + (x - ex.pieces[k].text.start);
    if a == b {
        // An insertion: in the piece holding the place, or ending there.
        let k = ex
            .pieces
            .iter()
            .position(|p| p.text.start <= a && a < p.text.end)
            .or_else(|| ex.pieces.iter().position(|p| p.text.end == a))?;
        if !usable(k) {
            return None;
        }
        let at = xml_at(k, a);
        return Some(vec![Placed {
            piece: k,
            xml: at..at,
            old: String::new(),
            new: e.content.clone(),
        }]);
    }
    let first = ex.pieces.partition_point(|p| p.text.end <= a);
    let mut out = Vec::new();
    let mut x = a;
    let mut k = first;
    while x < b {
        let p = ex.pieces.get(k)?;
        if p.text.start != x && !(p.text.start < x && x < p.text.end) {
            return None; // a gap: rendered numbering, a tab, a paragraph end
        }
        if !usable(k) {
            return None;
        }
        let end = b.min(p.text.end);
        out.push(Placed {
            piece: k,
            xml: xml_at(k, x)..xml_at(k, end),
            old: ex.text.get(x..end)?.to_string(),
            new: String::new(),
        });
        x = end;
        k += 1;
    }
    out.last_mut()?.new = e.content.clone();
    Some(out)
}

/// Writes the tracked changes for `edits` (on the extracted text) into
/// document.xml. Returns the new XML, the changes written and skipped.
fn mark_revisions(
    xml: &str,
    ex: &Extracted,
    edits: &[Edit],
    first_id: u64,
) -> (String, usize, usize) {
    let revisions = revision_ranges(xml);
    let inside = |pos: usize| revisions.iter().any(|r| r.start <= pos && pos < r.end);
    let prefix = root_prefix(xml);
    let w = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}:")
    };
    let mut by_pos: BTreeMap<usize, Placed> = BTreeMap::new();
    let mut preserve: Vec<usize> = Vec::new();
    let (mut changes, mut skipped) = (0, 0);
    for e in edits {
        match place(ex, e, &inside) {
            Some(parts) => {
                changes += 1;
                for p in parts {
                    let piece = &ex.pieces[p.piece];
                    let tag = &xml[piece.t_open.clone()];
                    if !tag.contains("xml:space") && piece.t_open.end > piece.t_open.start {
                        preserve.push(piece.t_open.end - 1);
                    }
                    by_pos.insert(p.xml.start, p);
                }
            }
            None => skipped += 1,
        }
    }
    let mut id = first_id;
    let mut out = String::with_capacity(xml.len() + by_pos.len() * 400);
    let mut last = 0;
    let mut points: Vec<usize> = by_pos
        .keys()
        .copied()
        .chain(preserve.iter().copied())
        .collect();
    points.sort_unstable();
    points.dedup();
    for pos in points {
        if pos < last {
            continue;
        }
        out.push_str(&xml[last..pos]);
        last = pos;
        if preserve.contains(&pos) {
            out.push_str(r#" xml:space="preserve""#);
        }
        let Some(p) = by_pos.get(&pos) else { continue };
        let piece = &ex.pieces[p.piece];
        let rpr = ex.runs[piece.run]
            .rpr
            .clone()
            .map(|r| &xml[r])
            .unwrap_or_default();
        out.push_str(&format!("</{w}t></{w}r>"));
        if !p.old.is_empty() {
            out.push_str(&format!(
                r#"<{w}del {w}id="{id}" {w}author="{AUTHOR}"><{w}r>{rpr}<{w}delText xml:space="preserve">{}</{w}delText></{w}r></{w}del>"#,
                escape(p.old.as_str())
            ));
            id += 1;
        }
        if !p.new.is_empty() {
            out.push_str(&format!(
                r#"<{w}ins {w}id="{id}" {w}author="{AUTHOR}"><{w}r>{rpr}<{w}t xml:space="preserve">{}</{w}t></{w}r></{w}ins>"#,
                escape(p.new.as_str())
            ));
            id += 1;
        }
        out.push_str(&format!(r#"<{w}r>{rpr}<{w}t xml:space="preserve">"#));
        last = p.xml.end;
    }
    out.push_str(&xml[last..]);
    (out, changes, skipped)
}

/// Fixes the .docx in `bytes`: `lint` lints an extracted text and returns
/// its diagnostics (as `check` would), called once per round.
pub fn fix_docx(
    name: &str,
    bytes: &[u8],
    unsafe_ok: bool,
    lint: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Result<DocxFix, LoadError> {
    let mut pkg = Package::open(bytes)?;
    let (xml, ex) = docx::read_package(&mut pkg)?;
    let fixed = super::fix_until_stable(&ex.text, name, unsafe_ok, lint);
    let edits = diff_edits(&ex.text, &fixed.text);
    if edits.is_empty() {
        return Ok(DocxFix {
            bytes: bytes.to_vec(),
            before: ex.text.clone(),
            after: ex.text,
            changes: 0,
            skipped: 0,
        });
    }
    let mut top = max_id(&xml);
    for part in [
        "word/comments.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
    ] {
        if let Some(x) = pkg.read_xml(part)? {
            top = top.max(max_id(&x));
        }
    }
    let (doc_xml, changes, skipped) = mark_revisions(&xml, &ex, &edits, top.map_or(0, |t| t + 1));
    let mut replaced = BTreeMap::new();
    replaced.insert(DOCUMENT_PART.to_string(), doc_xml.into_bytes());
    let out = crate::annotate::write_zip(&mut pkg, replaced)?;
    // What a reader sees now: the text with the placed changes.
    let after = docx::read_docx(name.to_string(), &out)
        .map(|d| d.source.text)
        .unwrap_or_else(|_| ex.text.clone());
    Ok(DocxFix {
        bytes: out,
        before: ex.text,
        after,
        changes,
        skipped,
    })
}

/// `<stem>.fixed.docx` beside the input.
pub fn default_output(input: &std::path::Path) -> std::path::PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    input.with_file_name(format!("{stem}.fixed.docx"))
}

#[cfg(test)]
#[path = "docx_tests.rs"]
mod tests;
