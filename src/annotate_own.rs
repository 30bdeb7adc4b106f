//! reportlint's own comments in a reviewed copy: found by author, removed
//! before annotating again (so a second `annotate` replaces them instead of
//! doubling them), and ids for new comments taken above every `w:id` in use
//! (comments, tracked changes and bookmarks share the attribute).

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::AUTHOR;
use crate::source::docx::{Package, DOCUMENT_PART};
use crate::source::numbering::{attr, local};
use crate::source::LoadError;

/// Byte ranges of the `w:comment` elements written by reportlint, and their ids.
fn own_comments(xml: &str) -> (Vec<std::ops::Range<usize>>, BTreeSet<String>) {
    let mut r = Reader::from_str(xml);
    let mut ranges = Vec::new();
    let mut ids = BTreeSet::new();
    let mut open: Option<(usize, String)> = None;
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e))
                if local(e.name().as_ref()) == b"comment"
                    && attr(&e, b"author").as_deref() == Some(AUTHOR) =>
            {
                open = Some((before, attr(&e, b"id").unwrap_or_default()));
            }
            Ok(Event::Empty(e))
                if local(e.name().as_ref()) == b"comment"
                    && attr(&e, b"author").as_deref() == Some(AUTHOR) =>
            {
                ranges.push(before..r.buffer_position() as usize);
                ids.insert(attr(&e, b"id").unwrap_or_default());
            }
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"comment" => {
                if let Some((s, id)) = open.take() {
                    ranges.push(s..r.buffer_position() as usize);
                    ids.insert(id);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (ranges, ids)
}

/// Removes from document.xml the range marks of comments `ids` and the
/// runs holding only their reference mark.
fn strip_marks(xml: &str, ids: &BTreeSet<String>) -> String {
    let mut r = Reader::from_str(xml);
    let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
    // The start of the current run, and whether it holds anything but
    // run properties and one of our reference marks.
    let mut run: Option<(usize, bool, bool)> = None;
    let mut depth_in_run = 0usize;
    loop {
        let before = r.buffer_position() as usize;
        let ev = r.read_event();
        let after = r.buffer_position() as usize;
        match ev {
            Ok(Event::Start(e)) => {
                let name = local(e.name().as_ref()).to_vec();
                if name == b"r" && run.is_none() {
                    run = Some((before, false, false));
                    depth_in_run = 0;
                } else if let Some(r) = run.as_mut() {
                    depth_in_run += 1;
                    if depth_in_run == 1 && name != b"rPr" {
                        r.2 = true;
                    }
                }
            }
            Ok(Event::End(e)) => {
                let name = local(e.name().as_ref()).to_vec();
                if name == b"r" && depth_in_run == 0 {
                    if let Some((s, ours, other)) = run.take() {
                        if ours && !other {
                            cut.push(s..after);
                        }
                    }
                } else if run.is_some() {
                    depth_in_run = depth_in_run.saturating_sub(1);
                }
            }
            Ok(Event::Empty(e)) => {
                let name = local(e.name().as_ref()).to_vec();
                let id = attr(&e, b"id").unwrap_or_default();
                let mine = ids.contains(&id);
                match name.as_slice() {
                    b"commentRangeStart" | b"commentRangeEnd" if mine => cut.push(before..after),
                    b"commentReference" if mine && depth_in_run == 0 => {
                        if let Some(r) = run.as_mut() {
                            r.1 = true;
                        }
                    }
                    _ => {
                        if let Some(r) = run.as_mut() {
                            if depth_in_run == 0 {
                                r.2 = true;
                            }
                        }
                    }
                }
            }
            Ok(Event::Text(_)) | Ok(Event::GeneralRef(_)) => {}
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let mut out = String::with_capacity(xml.len());
    let mut last = 0;
    for c in cut {
        if c.start < last {
            continue;
        }
        out.push_str(&xml[last..c.start]);
        last = c.end;
    }
    out.push_str(&xml[last..]);
    out
}

/// The .docx without reportlint's own comments, or `None` when it has
/// none. `comments_part` is where the comments live.
pub fn without_own_comments(
    bytes: &[u8],
    comments_part: &str,
) -> Result<Option<Vec<u8>>, LoadError> {
    let mut pkg = Package::open(bytes)?;
    let Some(comments) = pkg.read_xml(comments_part)? else {
        return Ok(None);
    };
    let (ranges, ids) = own_comments(&comments);
    if ranges.is_empty() {
        return Ok(None);
    }
    let mut kept = String::with_capacity(comments.len());
    let mut last = 0;
    for r in &ranges {
        kept.push_str(&comments[last..r.start]);
        last = r.end;
    }
    kept.push_str(&comments[last..]);
    let doc = pkg
        .read_xml(DOCUMENT_PART)?
        .ok_or_else(|| LoadError::Docx("压缩包中没有 word/document.xml".into()))?;
    let mut replaced = BTreeMap::new();
    replaced.insert(
        DOCUMENT_PART.to_string(),
        strip_marks(&doc, &ids).into_bytes(),
    );
    replaced.insert(comments_part.to_string(), kept.into_bytes());
    super::write_zip(&mut pkg, replaced).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_marks_and_reference_runs_go() {
        let ids: BTreeSet<String> = ["3".to_string()].into();
        let xml = r#"<w:p><w:commentRangeStart w:id="3"/><w:commentRangeStart w:id="1"/><w:r><w:t>收入</w:t></w:r><w:commentRangeEnd w:id="3"/><w:r><w:rPr><w:rStyle w:val="a"/></w:rPr><w:commentReference w:id="3"/></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r></w:p>"#;
        assert_eq!(
            strip_marks(xml, &ids),
            r#"<w:p><w:commentRangeStart w:id="1"/><w:r><w:t>收入</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r></w:p>"#
        );
    }

    #[test]
    fn own_comments_are_found_by_author() {
        let xml = r#"<w:comments><w:comment w:id="0" w:author="张三"><w:p/></w:comment><w:comment w:id="4" w:author="reportlint"><w:p/></w:comment></w:comments>"#;
        let (ranges, ids) = own_comments(xml);
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), vec!["4".to_string()]);
        assert_eq!(
            &xml[ranges[0].clone()],
            r#"<w:comment w:id="4" w:author="reportlint"><w:p/></w:comment>"#
        );
    }
}
