//! A Word comment that starts with `reportlint-disable RULE: reason`
//! suppresses that rule's findings inside the commented range.

use std::io::{Read, Write};

use reportlint::config::Config;
use reportlint::linter::{Linter, Overrides};
use reportlint::source::load_bytes;

mod common;

use common::root;

/// Rewrites one entry of a zip archive.
fn replace_entry(bytes: &[u8], name: &str, f: impl Fn(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let entry_name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if entry_name == name {
            data = f(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn word_comment_with_a_reason_suppresses_the_finding_it_covers() {
    let original = std::fs::read(root().join("fixtures/docx/seed-literal.docx")).unwrap();
    let linter = Linter::new(&Config::default(), &Overrides::default()).unwrap();
    let report = linter.lint(load_bytes("seed.docx".into(), &original).unwrap());
    let spacing: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "number-format")
        .collect();
    assert_eq!(spacing.len(), 2, "the seed's two `%` spacings");
    let target = spacing[0];

    // A reviewer's comment on the first one, written as a suppression.
    let annotated = reportlint::annotate::annotate_bytes(&original, &[target]).unwrap();
    assert_eq!(annotated.comments, 1);
    let directive = "reportlint-disable number-format: 表格由财务系统导出，格式不可更改";
    let with_directive = replace_entry(&annotated.bytes, "word/comments.xml", |xml| {
        let start = xml.find("<w:p>").expect("comment paragraph");
        let end = xml.rfind("</w:comment>").unwrap();
        format!(
            "{}<w:p><w:r><w:t xml:space=\"preserve\">{directive}</w:t></w:r></w:p>{}",
            &xml[..start],
            &xml[end..]
        )
    });

    let src = load_bytes("seed.docx".into(), &with_directive).unwrap();
    assert_eq!(src.comments.len(), 1);
    assert_eq!(src.comments[0].1, directive);
    let after = linter.lint(src);
    let spacing_after: Vec<_> = after
        .diagnostics
        .iter()
        .filter(|d| d.rule == "number-format")
        .collect();
    assert_eq!(
        spacing_after.len(),
        1,
        "one suppressed, the other still reported"
    );
    assert_eq!(spacing_after[0].message, spacing[1].message);
    assert!(
        !after.diagnostics.iter().any(|d| d.rule == "suppression"),
        "a used suppression with a reason is not reported: {:?}",
        after
            .diagnostics
            .iter()
            .filter(|d| d.rule == "suppression")
            .collect::<Vec<_>>()
    );
    assert_eq!(after.diagnostics.len(), report.diagnostics.len() - 1);
}
