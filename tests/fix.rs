//! `check --fix` and `--diff` end to end: text reports rewritten in their
//! own bytes, .docx copies with tracked changes, a second run changing
//! nothing.

mod common;
mod docx_fixtures;

use common::*;
use docx_fixtures::{docx_from_text, read_entry, Extras, Layout};

/// A report with one slip of each fixable kind, and one error of
/// arithmetic (never fixed).
const SLIPS: &str = "邵阳市某局2020年度部门整体支出绩效评价报告\n\
一、基本情况\n\
依据湘财绩[2020]7号文件,我局开展自评。2020年度收入622万元，年初结转和结余119.21万，总计751.2万。\n\
基本支出占7.9 %[bookmark: _Toc1]，项目支出(含专项)占92.1%。\n";

const FIXED: &str = "邵阳市某局2020年度部门整体支出绩效评价报告\n\
一、基本情况\n\
依据湘财绩〔2020〕7号文件，我局开展自评。2020年度收入622万元，年初结转和结余119.21万，总计751.2万。\n\
基本支出占7.9%，项目支出（含专项）占92.1%。\n";

fn gbk_crlf(text: &str) -> Vec<u8> {
    let crlf = text.replace('\n', "\r\n");
    let (b, _, had_errors) = encoding_rs::GB18030.encode(&crlf);
    assert!(!had_errors);
    b.into_owned()
}

#[test]
fn fix_rewrites_a_gbk_crlf_report_in_place_and_a_second_fix_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.txt");
    std::fs::write(&p, gbk_crlf(SLIPS)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (out, err, code) = stdout_of(run_in(dir.path()).args(["check", "--fix", "报告.txt"]));
    assert_eq!(std::fs::read(&p).unwrap(), gbk_crlf(FIXED), "{out}{err}");
    assert!(out.contains("已修复 报告.txt"), "{out}");
    // The arithmetic error stays, and fails the run.
    assert!(out.contains("income-total"), "{out}");
    assert_eq!(code, 1, "{out}{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "the file keeps its mode");
    }
    let (out, _, _) = stdout_of(run_in(dir.path()).args(["check", "--fix", "报告.txt"]));
    assert!(!out.contains("已修复"), "{out}");
    assert_eq!(std::fs::read(&p).unwrap(), gbk_crlf(FIXED));
}

#[test]
fn diff_prints_the_change_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.txt");
    std::fs::write(&p, SLIPS).unwrap();
    let before = std::fs::read(&p).unwrap();
    let (out, err, code) = stdout_of(run_in(dir.path()).args(["check", "--diff", "r.txt"]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(std::fs::read(&p).unwrap(), before, "--diff writes nothing");
    assert!(
        out.contains("--- a/r.txt") && out.contains("+++ b/r.txt"),
        "{out}"
    );
    assert!(out.contains("-基本支出占7.9 %[bookmark: _Toc1]"), "{out}");
    assert!(
        out.contains("+基本支出占7.9%，项目支出（含专项）占92.1%。"),
        "{out}"
    );
    // Nothing left to fix: exit 0, no diff.
    std::fs::write(&p, FIXED).unwrap();
    let (out, _, code) = stdout_of(run_in(dir.path()).args(["check", "--diff", "r.txt"]));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("---"), "{out}");
}

#[test]
fn unsafe_fixes_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.txt");
    let text = "一、基本情况\n本年支出合计736. 91万元。\n";
    std::fs::write(&p, text).unwrap();
    stdout_of(run_in(dir.path()).args(["check", "--fix", "r.txt"]));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    stdout_of(run_in(dir.path()).args(["check", "--fix", "--unsafe-fixes", "r.txt"]));
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "一、基本情况\n本年支出合计736.91万元。\n"
    );
}

#[test]
fn fix_of_a_docx_writes_a_fixed_copy_with_tracked_changes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.docx");
    let bytes = docx_from_text(SLIPS, Layout::Literal, Extras::default());
    std::fs::write(&p, &bytes).unwrap();
    let (out, err, _) = stdout_of(run_in(dir.path()).args(["check", "--fix", "r.docx"]));
    assert_eq!(
        std::fs::read(&p).unwrap(),
        bytes,
        "the original is not touched"
    );
    let fixed_path = dir.path().join("r.fixed.docx");
    let fixed = std::fs::read(&fixed_path).unwrap_or_else(|_| panic!("{out}{err}"));
    let text = reportlint::source::docx::read_docx("r.fixed.docx".into(), &fixed)
        .unwrap()
        .source
        .text;
    assert_eq!(text.trim_end(), FIXED.trim_end(), "{out}{err}");
    let xml = read_entry(&fixed, "word/document.xml").unwrap();
    assert!(xml.contains("<w:del ") && xml.contains("<w:ins "), "{xml}");
    assert!(xml.contains(r#"w:author="reportlint""#));
    // `check .` does not lint the fixed copy beside the report.
    let (out, _, _) = stdout_of(run_in(dir.path()).args(["check", "--format", "concise", "."]));
    assert!(!out.contains("r.fixed.docx"), "{out}");
    assert!(out.contains("r.docx"), "{out}");
}

#[test]
fn fixing_the_real_reports_changes_only_punctuation_and_a_second_pass_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/realdev");
    let mut names: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 50);
    for n in &names {
        std::fs::copy(src.join(n), dir.path().join(n)).unwrap();
    }
    let (_, err, _) =
        stdout_of(run_in(dir.path()).args(["check", "--fix", "--format", "concise", "."]));
    assert!(!err.contains("错误："), "{err}");
    let mut edits = 0;
    for n in &names {
        let before = std::fs::read_to_string(src.join(n)).unwrap();
        let after = std::fs::read_to_string(dir.path().join(n)).unwrap();
        let diff = similar::TextDiff::from_chars(&before, &after);
        for op in diff.ops() {
            for change in diff.iter_changes(op) {
                let c = change.value();
                match change.tag() {
                    similar::ChangeTag::Equal => {}
                    // What a fix may take out: half-width marks, brackets
                    // of a 文号, the space before %, a misplaced space.
                    similar::ChangeTag::Delete => {
                        edits += 1;
                        assert!(",;:?!()[]【】 ".contains(c), "{n}: deleted {c:?}")
                    }
                    similar::ChangeTag::Insert => {
                        assert!("，；：？！（）〔〕".contains(c), "{n}: inserted {c:?}")
                    }
                }
            }
        }
    }
    assert!(edits > 500, "{edits}");
    // Nothing left to fix.
    let (out, _, code) = stdout_of(run_in(dir.path()).args(["check", "--diff", "."]));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_word_comment_suppression_keeps_its_text_out_of_the_fixed_docx() {
    use std::io::{Read, Write};
    let original = std::fs::read(root().join("fixtures/docx/seed-literal.docx")).unwrap();
    let linter = reportlint::linter::Linter::new(
        &reportlint::config::Config::default(),
        &reportlint::linter::Overrides::default(),
    )
    .unwrap();
    let report = linter.lint(reportlint::source::load_bytes("r.docx".into(), &original).unwrap());
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "number-format")
        .expect("the seed's first `%` spacing");
    let annotated = reportlint::annotate::annotate_bytes(&original, &[first]).unwrap();
    // The comment's text becomes a suppression with a reason.
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(annotated.bytes.as_slice())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == "word/comments.xml" {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find("<w:p>").unwrap();
            let end = xml.rfind("</w:comment>").unwrap();
            data = format!(
                "{}<w:p><w:r><w:t>reportlint-disable number-format: 原表如此</w:t></w:r></w:p>{}",
                &xml[..start],
                &xml[end..]
            )
            .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.docx"),
        out.finish().unwrap().into_inner(),
    )
    .unwrap();
    let (o, e, _) = stdout_of(run_in(dir.path()).args(["check", "--fix", "r.docx"]));
    let fixed = std::fs::read(dir.path().join("r.fixed.docx")).unwrap_or_else(|_| panic!("{o}{e}"));
    let text = reportlint::source::docx::read_docx("f.docx".into(), &fixed)
        .unwrap()
        .source
        .text;
    assert!(
        text.contains("7.9 %"),
        "the suppressed place is left as written"
    );
    assert!(text.contains("100%，"), "the other place is fixed");
}
