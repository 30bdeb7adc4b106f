//! Tests of `annotate` (kept beside it to keep the module short).

use super::*;
use crate::diagnostic::Severity;
use crate::document::Span;

fn package(document: &str, numbering: Option<&str>) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default();
    let mut parts = vec![
        (
            "[Content_Types].xml",
            "<Types xmlns=\"t\"></Types>".to_string(),
        ),
        (DOCUMENT_PART, document.to_string()),
    ];
    if let Some(n) = numbering {
        parts.push(("word/numbering.xml", n.to_string()));
    }
    for (name, data) in parts {
        w.start_file(name, o).expect("entry");
        w.write_all(data.as_bytes()).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn finding(text: &str, what: &str) -> Diagnostic {
    let start = text.find(what).expect("in text");
    let mut d = Diagnostic::new(
        "number-format",
        Severity::Warning,
        "r.docx",
        Span::new(start, start + what.len()),
        format!("“{what}” <有误> & 需核对"),
    );
    d.help = Some("写作“7.9%”".into());
    d
}

fn comment_text(bytes: &[u8]) -> (String, Vec<String>) {
    let doc = docx::read_docx("r.docx".into(), bytes).expect("reloads");
    let texts = doc
        .extracted
        .comments
        .iter()
        .map(|c| doc.source.text[c.text.clone()].to_string())
        .collect();
    (doc.source.text, texts)
}

const DOC: &str = r#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>基本情况</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A&amp;B 占7.9 %，其余</w:t></w:r></w:p></w:body></w:document>"#;
const NUM: &str = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

#[test]
fn a_run_is_split_at_the_finding_and_keeps_its_formatting() {
    let bytes = package(DOC, Some(NUM));
    let before = docx::read_docx("r.docx".into(), &bytes).expect("loads");
    assert_eq!(before.source.text, "一、基本情况\nA&B 占7.9 %，其余\n");
    let d = finding(&before.source.text, "7.9 %");
    let out = annotate_bytes(&bytes, &[&d]).expect("annotates");
    assert_eq!((out.comments, out.skipped), (1, 0));
    let (text, anchored) = comment_text(&out.bytes);
    assert_eq!(text, before.source.text);
    assert_eq!(anchored, vec!["7.9 %".to_string()]);
    let mut z = zip::ZipArchive::new(Cursor::new(out.bytes.as_slice())).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name(DOCUMENT_PART).expect("doc"), &mut xml)
        .expect("read");
    // Both halves keep the bold run properties and their spaces.
    assert_eq!(xml.matches("<w:rPr><w:b/></w:rPr>").count(), 3, "{xml}");
    assert!(
        xml.contains(r#"<w:t xml:space="preserve">A&amp;B 占</w:t>"#),
        "{xml}"
    );
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("word/comments.xml").expect("c"),
        &mut comments,
    )
    .expect("read");
    assert!(comments.contains("警告[number-format] “7.9 %” &lt;有误&gt; &amp; 需核对"));
    assert!(comments.contains("修改建议：写作“7.9%”"));
    let mut types = String::new();
    std::io::Read::read_to_string(&mut z.by_name(CONTENT_TYPES).expect("t"), &mut types)
        .expect("read");
    assert!(types.contains(COMMENTS_TYPE));
    assert!(z.by_name(DOC_RELS).is_ok(), "relationships part created");
}

#[test]
fn findings_on_rendered_numbers_and_entities_anchor_nearby() {
    let bytes = package(DOC, Some(NUM));
    let text = docx::read_docx("r.docx".into(), &bytes)
        .expect("loads")
        .source
        .text;
    let marker = finding(&text, "一、");
    let entity = finding(&text, "&B");
    let out = annotate_bytes(&bytes, &[&marker, &entity]).expect("annotates");
    assert_eq!(out.comments, 2);
    let (after, anchored) = comment_text(&out.bytes);
    assert_eq!(after, text);
    // The number is not in any run: the comment covers its paragraph.
    assert_eq!(anchored[0], "基本情况");
    // An entity cannot be split: the comment widens to whole characters.
    assert!(anchored[1].contains("&B"), "{anchored:?}");
}

#[test]
fn annotating_a_reviewed_copy_replaces_our_comments_and_a_space_is_anchored_on_its_figure() {
    let bytes = package(DOC, Some(NUM));
    let text = docx::read_docx("r.docx".into(), &bytes)
        .expect("loads")
        .source
        .text;
    let at = text.find("7.9 %").expect("in text");
    // number-format's finding: the space, labelled with the whole figure.
    let mut d = finding(&text, " %");
    d.span = Span::new(at + 3, at + 4);
    d.labels.push(crate::diagnostic::Label {
        span: Span::new(at, at + "7.9 %".len()),
        message: String::new(),
        file: None,
    });
    let once = annotate_bytes(&bytes, &[&d]).expect("annotates");
    let (_, anchored) = comment_text(&once.bytes);
    assert_eq!(anchored, vec!["7.9 %".to_string()]);
    let twice = annotate_bytes(&once.bytes, &[&d]).expect("annotates again");
    let (after, anchored) = comment_text(&twice.bytes);
    assert_eq!(after, text);
    assert_eq!(
        anchored.len(),
        1,
        "the earlier comment was replaced, not doubled"
    );
}

#[test]
fn comment_ids_stay_clear_of_tracked_change_ids() {
    let doc = DOC.replace(
        "<w:r><w:t>基本情况</w:t></w:r>",
        r#"<w:ins w:id="41" w:author="张三"><w:r><w:t>基本情况</w:t></w:r></w:ins>"#,
    );
    let bytes = package(&doc, Some(NUM));
    let text = docx::read_docx("r.docx".into(), &bytes)
        .expect("loads")
        .source
        .text;
    let d = finding(&text, "其余");
    let out = annotate_bytes(&bytes, &[&d]).expect("annotates");
    let mut z = zip::ZipArchive::new(Cursor::new(out.bytes.as_slice())).expect("zip");
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("word/comments.xml").expect("c"),
        &mut comments,
    )
    .expect("read");
    assert!(comments.contains(r#"w:id="42""#), "{comments}");
}
