use super::*;
use crate::diagnostic::{Applicability, Fix, Severity};
use std::io::{Cursor, Read, Write};

fn package(document: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", "<Types xmlns=\"t\"></Types>"),
        (DOCUMENT_PART, document),
    ] {
        w.start_file(name, o).expect("entry");
        w.write_all(data.as_bytes()).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn document_xml(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    z.by_name(DOCUMENT_PART)
        .expect("doc")
        .read_to_string(&mut xml)
        .expect("read");
    xml
}

fn text_of(xml: &str) -> String {
    docx::read_docx("r.docx".into(), &package(xml))
        .expect("reads")
        .source
        .text
}

/// Word's 接受所有修订: deletions go, insertions stay as plain runs.
fn accept_all(xml: &str) -> String {
    let del = regex::Regex::new(r"(?s)<w:del [^>]*>.*?</w:del>").expect("re");
    let ins = regex::Regex::new(r"<w:ins [^>]*>|</w:ins>").expect("re");
    ins.replace_all(&del.replace_all(xml, ""), "").into_owned()
}

/// 拒绝所有修订: insertions go, deleted text comes back.
fn reject_all(xml: &str) -> String {
    let ins = regex::Regex::new(r"(?s)<w:ins [^>]*>.*?</w:ins>").expect("re");
    let del = regex::Regex::new(r"<w:del [^>]*>|</w:del>").expect("re");
    let x = del.replace_all(&ins.replace_all(xml, ""), "").into_owned();
    x.replace("<w:delText", "<w:t")
        .replace("</w:delText>", "</w:t>")
}

/// A stand-in linter: half-width commas become full width (safe), and
/// the space in "7.9 %" goes.
fn lint(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut push = |s: usize, e: usize, c: &str| {
        let mut d = Diagnostic::new(
            "r",
            Severity::Warning,
            "r.docx",
            Span::new(s, e),
            "m".into(),
        );
        d.fix = Some(Fix {
            edits: vec![Edit {
                span: Span::new(s, e),
                content: c.into(),
            }],
            applicability: Applicability::Safe,
        });
        out.push(d);
    };
    for (i, _) in text.match_indices(',') {
        push(i, i + 1, "，");
    }
    if let Some(i) = text.find("9 %") {
        push(i + 1, i + 2, "");
    }
    out
}

const DOC: &str = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>收入,支出占7.9 %，其余</w:t></w:r><w:r><w:t xml:space="preserve">跨,</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>运行</w:t></w:r></w:p><w:p><w:r><w:t>A&amp;B,</w:t></w:r></w:p><w:bookmarkStart w:id="7" w:name="x"/></w:body></w:document>"#;

#[test]
fn fixed_docx_holds_tracked_changes_that_accept_to_the_fix_and_reject_to_the_original() {
    let bytes = package(DOC);
    let original = text_of(DOC);
    assert_eq!(original, "收入,支出占7.9 %，其余跨,运行\nA&B,\n");
    let fixed = fix_docx("r.docx", &bytes, false, lint).expect("fixes");
    // The comma after an entity is in text of its own: placed too.
    assert_eq!((fixed.changes, fixed.skipped), (4, 0));
    let want = "收入，支出占7.9%，其余跨，运行\nA&B，\n";
    assert_eq!(fixed.after, want);
    let xml = document_xml(&fixed.bytes);
    assert_eq!(xml.matches("<w:del ").count(), 4, "{xml}");
    assert_eq!(xml.matches("<w:ins ").count(), 3, "{xml}");
    assert!(xml.contains(r#"w:author="reportlint""#));
    // Formatting kept: the bold run's properties are on every part of it.
    assert_eq!(xml.matches("<w:rPr><w:b/></w:rPr>").count(), 6, "{xml}");
    // Ids above the bookmark's 7, none reused.
    assert!(xml.contains(r#"<w:del w:id="8""#), "{xml}");
    assert_eq!(text_of(&accept_all(&xml)), want);
    assert_eq!(text_of(&reject_all(&xml)), original);
}

#[test]
fn a_second_fix_of_a_fixed_docx_changes_nothing() {
    let once = fix_docx("r.docx", &package(DOC), false, lint).expect("fixes");
    let accepted = package(&accept_all(&document_xml(&once.bytes)));
    let twice = fix_docx("r.docx", &accepted, false, lint).expect("fixes");
    assert_eq!(twice.changes, 0);
    assert_eq!(twice.bytes, accepted);
}

#[test]
fn diff_edits_rebuild_the_after_text() {
    let before = "收入,支出 7.9 %，其余";
    let after = "收入，支出 7.9%，其余";
    let edits = diff_edits(before, after);
    assert_eq!(crate::fix::apply(before, &edits), after);
    assert_eq!(edits.len(), 2);
}
