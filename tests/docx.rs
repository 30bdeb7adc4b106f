//! Word in, Word out: .docx built from the text fixtures lint exactly like
//! the text, annotated copies carry one comment per finding, bad files fail
//! cleanly.

mod common;
mod docx_fixtures;

use std::path::Path;

use common::*;
use docx_fixtures::{docx_from_text, read_entry, zip_parts, Extras, Layout};
use reportlint::annotate::annotate_bytes;
use reportlint::config::Config;
use reportlint::diagnostic::Diagnostic;
use reportlint::linter::{FileReport, Linter, Overrides};
use reportlint::source::docx::{read_docx, MAX_ENTRIES, MAX_PART_BYTES};
use reportlint::source::{load_bytes, load_path, LoadError};

fn linter() -> Linter {
    Linter::new(&Config::default(), &Overrides::default()).expect("built-in rules")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).expect("fixture")
}

fn lint_text(l: &Linter, text: &str) -> FileReport {
    l.lint(load_bytes("report.txt".into(), text.as_bytes()).expect("text loads"))
}

fn lint_docx(l: &Linter, bytes: &[u8]) -> FileReport {
    l.lint(
        read_docx("report.docx".into(), bytes)
            .expect("docx loads")
            .source,
    )
}

fn findings(r: &FileReport) -> Vec<(String, String)> {
    r.diagnostics
        .iter()
        .map(|d| (d.rule.clone(), d.message.clone()))
        .collect()
}

const REPORTS: &[&str] = &[
    SEED,
    "broken/seed-income-total-751.2.txt",
    "broken/seed-basic-expense-688.71.txt",
    "broken/seed-problems-section-removed.txt",
    "clean/dept-overall-03-wuchuan-weisheng-jiankang.txt",
    "clean/dept-overall-05-qingyuan-danganguan.txt",
    "clean/final-accounts-01-fengyuan-shuili.txt",
    "clean/final-accounts-04-bailing-tuiyi-junren.txt",
    "docx/sangong-table.txt",
];

/// The .docx reads back as the text and gives the same findings, in order.
fn assert_same_as_text(layout: Layout, reports: &[&str]) -> usize {
    let l = linter();
    let mut total = 0;
    for rel in reports {
        let text = read(rel);
        let bytes = docx_from_text(&text, layout, Extras::default());
        let doc = read_docx("report.docx".into(), &bytes).expect("docx loads");
        assert_eq!(
            doc.source.text.trim_end(),
            text.trim_end(),
            "{rel} ({layout:?}): extracted text differs"
        );
        let want = findings(&lint_text(&l, &text));
        let got = findings(&lint_docx(&l, &bytes));
        assert_eq!(got, want, "{rel} ({layout:?})");
        total += want.len();
    }
    total
}

#[test]
fn docx_with_literal_markers_lints_like_its_text() {
    assert!(assert_same_as_text(Layout::Literal, REPORTS) > 0);
}

#[test]
fn docx_with_automatic_numbering_has_the_same_heading_tree_and_findings() {
    assert!(assert_same_as_text(Layout::AutoNumbered, REPORTS) > 0);
    // The markers really come from numbering.xml, not from the text.
    let l = linter();
    for rel in [SEED, "clean/final-accounts-04-bailing-tuiyi-junren.txt"] {
        let text = read(rel);
        let bytes = docx_from_text(&text, Layout::AutoNumbered, Extras::default());
        let xml = read_entry(&bytes, "word/document.xml").expect("document.xml");
        let numbering = read_entry(&bytes, "word/numbering.xml").expect("numbering.xml");
        assert!(xml.contains("<w:numPr>") && xml.contains("ReportHeading1"));
        assert!(numbering.contains("chineseCounting") && numbering.contains("%"));
        assert!(!xml.contains(">一、") && !xml.contains(">（一）"), "{rel}");
        let from_text = l.parse(load_bytes("r.txt".into(), text.as_bytes()).expect("text"));
        let from_docx = l.parse(read_docx("r.docx".into(), &bytes).expect("docx").source);
        let tree = |d: &reportlint::document::Document| {
            d.sections
                .iter()
                .map(|s| (s.level, s.marker.clone(), s.title.clone(), s.parent))
                .collect::<Vec<_>>()
        };
        assert!(!tree(&from_text).is_empty());
        assert_eq!(tree(&from_docx), tree(&from_text), "{rel}");
    }
}

#[test]
fn docx_with_restarted_lists_uses_start_overrides() {
    // The seed's level-3 items switch from `1.` to `４、` and one is indented:
    // the generator has to restart lists, and the reader must follow.
    let text = read(SEED);
    let bytes = docx_from_text(&text, Layout::AutoNumbered, Extras::default());
    let numbering = read_entry(&bytes, "word/numbering.xml").expect("numbering.xml");
    assert!(numbering.contains("startOverride"), "{numbering}");
    let doc = read_docx("r.docx".into(), &bytes).expect("docx");
    assert_eq!(doc.source.text.trim_end(), text.trim_end());
}

#[test]
fn docx_with_tables_lints_like_its_text_and_locates_cells() {
    assert!(assert_same_as_text(Layout::Tables, &["docx/sangong-table.txt", SEED]) > 0);
    let text = read("docx/sangong-table.txt");
    let bytes = docx_from_text(&text, Layout::Tables, Extras::default());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("三公.docx");
    std::fs::write(&path, &bytes).expect("write");
    let (out, _err, code) = stdout_of(cli().args(["check", "--format", "json"]).arg(&path));
    // The only error: the table's 收入总计 751.2 where 本年收入 622 + 年初结转和
    // 结余 119.21 = 741.21 (= its 支出总计 741.2), found on the 收入总计 cell
    // (table 1, row 4, cell 2).
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let errors: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{out}");
    assert_eq!(errors[0]["rule"], "final-accounts-table");
    assert_eq!(errors[0]["location"]["table"], 1);
    assert_eq!(errors[0]["location"]["row"], 4);
    assert_eq!(errors[0]["location"]["cell"], 2);
    let in_table = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("55.50 %"))
        .expect("a finding inside the 三公 table");
    assert_eq!(in_table["location"]["table"], 2);
    assert_eq!(in_table["location"]["row"], 4);
    assert_eq!(in_table["location"]["cell"], 4);
    assert!(in_table["location"]["paragraph"].as_u64().unwrap_or(0) > 20);
    let prose = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("7.9 %"))
        .expect("the prose finding");
    assert_eq!(prose["location"]["paragraph"], 31);
    assert!(prose["location"].get("table").is_none());
    // Human output names the Word paragraph.
    let (human, _, _) = stdout_of(cli().arg("check").arg(&path));
    assert!(human.contains("Word 第 31 段"), "{human}");
    assert!(human.contains("（表 2 第 4 行第 4 列）"), "{human}");
    // Table facts see the row label and the column header.
    let doc = linter().parse(read_docx("t.docx".into(), &bytes).expect("docx").source);
    let f = doc
        .facts
        .iter()
        .find(|f| f.label == "公务接待费" && f.column.as_deref() == Some("决算数"))
        .expect("公务接待费 决算数 from the table");
    assert_eq!(f.value.to_string(), "2.22");
}

#[test]
fn docx_saved_with_tracked_changes_lints_like_its_text() {
    let n = assert_same_as_text(
        Layout::Tracked,
        &[
            "broken/seed-income-total-751.2.txt",
            "broken/seed-share-93.1.txt",
            "clean/final-accounts-01-fengyuan-shuili.txt",
        ],
    );
    assert!(n > 0);
    let text = read("broken/seed-income-total-751.2.txt");
    let bytes = docx_from_text(&text, Layout::Tracked, Extras::default());
    let xml = read_entry(&bytes, "word/document.xml").expect("document.xml");
    assert!(xml.contains("<w:delText>") && xml.contains("<w:ins ") && xml.contains("PAGEREF"));
    let doc = read_docx("r.docx".into(), &bytes).expect("docx");
    assert!(!doc.source.text.contains("删除的文字"));
    assert!(!doc.source.text.contains("PAGEREF _Toc52"));
}

fn anchored(doc: &reportlint::source::docx::Docx, id: &str) -> String {
    let c = doc
        .extracted
        .comments
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("comment {id} anchored"));
    doc.source.text[c.text.clone()].to_string()
}

fn check_annotated(original: &[u8], layout: Layout) {
    let l = linter();
    let report = lint_docx(&l, original);
    let diags: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    assert!(!diags.is_empty());
    let out = annotate_bytes(original, &diags).expect("annotates");
    assert_eq!(
        out.comments,
        diags.len(),
        "{layout:?}: one comment per finding"
    );
    assert_eq!(out.skipped, 0);
    let before = read_docx("a.docx".into(), original).expect("original");
    let after = read_docx("b.docx".into(), &out.bytes).expect("annotated copy loads");
    assert_eq!(after.source.text, before.source.text, "{layout:?}");
    // Same findings on the copy.
    assert_eq!(findings(&lint_docx(&l, &out.bytes)), findings(&report));
    let comments = read_entry(&out.bytes, "word/comments.xml").expect("comments.xml");
    assert_eq!(
        comments.matches("w:author=\"reportlint\"").count(),
        diags.len()
    );
    assert_eq!(after.extracted.comments.len(), diags.len());
    // New comments are numbered in the order of the findings, above every
    // w:id already in the document (tracked changes carry ids too).
    let mut ids: Vec<u64> = after
        .extracted
        .comments
        .iter()
        .filter_map(|c| c.id.parse().ok())
        .collect();
    ids.sort_unstable();
    let doc_xml = read_entry(original, "word/document.xml").expect("document.xml");
    if doc_xml.contains("<w:ins ") {
        assert!(ids[0] > 0, "{layout:?}: comment ids clear of revision ids");
    }
    for (i, d) in diags.iter().enumerate() {
        let id = ids[i].to_string();
        let span_text = &report.text[d.span.start..d.span.end];
        let got = anchored(&after, &id);
        if !span_text.is_empty() && span_text.trim().is_empty() {
            // A finding on white space is anchored on the text around it.
            assert!(
                got.contains(span_text) && !got.trim().is_empty(),
                "{layout:?}: {got:?}"
            );
        } else if !span_text.is_empty() {
            // A heading's automatic number (一、) is rendered, not run text:
            // the comment then covers the title that follows it.
            assert!(
                got == span_text || (!got.is_empty() && span_text.ends_with(&got)),
                "{layout:?}: comment {id} for {}: {got:?} vs {span_text:?}",
                d.rule
            );
        } else {
            assert!(!got.is_empty() && report.text[d.span.start..].starts_with(&got));
        }
        assert!(comments.contains(&format!("[{}] {}", d.rule, quick_escape(&d.message))));
        if let Some(h) = &d.help {
            assert!(comments.contains(&quick_escape(h)), "help of {}", d.rule);
        }
    }
    let types = read_entry(&out.bytes, "[Content_Types].xml").expect("types");
    assert_eq!(types.matches("/word/comments.xml").count(), 1);
    let rels = read_entry(&out.bytes, "word/_rels/document.xml.rels").expect("rels");
    assert_eq!(rels.matches("relationships/comments\"").count(), 1);
}

fn quick_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[test]
fn annotated_copy_has_one_comment_per_finding_on_the_offending_text() {
    for (rel, layout) in [
        ("broken/seed-income-total-751.2.txt", Layout::Literal),
        ("broken/seed-basic-expense-688.71.txt", Layout::Tracked),
        (SEED, Layout::AutoNumbered),
        ("docx/sangong-table.txt", Layout::Tables),
    ] {
        let bytes = docx_from_text(&read(rel), layout, Extras::default());
        check_annotated(&bytes, layout);
    }
}

#[test]
fn annotating_keeps_existing_comments() {
    let text = read("broken/seed-share-93.1.txt");
    let bytes = docx_from_text(
        &text,
        Layout::Literal,
        Extras {
            existing_comment: true,
        },
    );
    let before = read_docx("a.docx".into(), &bytes).expect("loads");
    assert_eq!(before.extracted.comments.len(), 1);
    let report = lint_docx(&linter(), &bytes);
    let diags: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    let out = annotate_bytes(&bytes, &diags).expect("annotates");
    let comments = read_entry(&out.bytes, "word/comments.xml").expect("comments.xml");
    assert!(comments.contains("标题请核对") && comments.contains("王审核"));
    assert_eq!(comments.matches("<w:comment ").count(), diags.len() + 1);
    let after = read_docx("b.docx".into(), &out.bytes).expect("loads");
    let mut ids: Vec<&str> = after
        .extracted
        .comments
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids.len(), diags.len() + 1);
    assert_eq!(anchored(&after, "0"), anchored(&before, "0"));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), diags.len() + 1, "ids are unique");
}

#[test]
fn annotate_fails_like_check_when_a_rule_does_not_compile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("clean.docx");
    let text = read("clean/final-accounts-01-fengyuan-shuili.txt");
    std::fs::write(
        &input,
        docx_from_text(&text, Layout::Literal, Extras::default()),
    )
    .expect("write");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("mkdir");
    std::fs::write(
        rules.join("broken.rhai"),
        "//! id: broken\n//! summary: x\nfn check(doc, options) {\n    let x = ;\n}\n",
    )
    .expect("rule");
    let args = ["--rules-dir"];
    let (out, err, code) = stdout_of(cli().arg("annotate").arg(&input).args(args).arg(&rules));
    assert_eq!(
        code, 1,
        "a rule that does not compile fails the run\n{out}{err}"
    );
    assert!(
        err.contains("rule-error"),
        "the compile error is shown: {err}"
    );
    let (_, _, code) = stdout_of(cli().arg("check").arg(&input).args(args).arg(&rules));
    assert_eq!(code, 1, "as check does");
}

#[test]
fn annotate_command_writes_a_reviewed_copy_and_leaves_the_input_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("报告.docx");
    let bytes = docx_from_text(
        &read("broken/seed-income-total-751.2.txt"),
        Layout::Literal,
        Extras::default(),
    );
    std::fs::write(&input, &bytes).expect("write");
    let (out, err, code) = stdout_of(cli().arg("annotate").arg(&input));
    assert_eq!(code, 1, "errors found → 1\n{out}{err}");
    let reviewed = dir.path().join("报告.reviewed.docx");
    assert!(
        out.contains("报告.reviewed.docx") && out.contains("条批注"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&input).expect("input"),
        bytes,
        "input unchanged"
    );
    let copy = std::fs::read(&reviewed).expect("reviewed copy");
    let doc = read_docx("r.docx".into(), &copy).expect("copy loads");
    assert!(!doc.extracted.comments.is_empty());
    assert!(!anchored(&doc, &doc.extracted.comments[0].id).is_empty());

    let custom = dir.path().join("out").join("审阅.docx");
    std::fs::create_dir_all(custom.parent().expect("parent")).expect("mkdir");
    let (_, _, code) = stdout_of(cli().arg("annotate").arg(&input).arg("-o").arg(&custom));
    assert_eq!(code, 1);
    assert!(custom.exists());

    let (_, err, code) = stdout_of(cli().arg("annotate").arg(&input).arg("-o").arg(&input));
    assert_eq!(code, 2);
    assert!(err.contains("输入文件"), "{err}");
    assert_eq!(
        std::fs::read(&input).expect("input"),
        bytes,
        "input unchanged"
    );
}

#[test]
fn annotated_copy_opens_in_libreoffice_when_installed() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        eprintln!(
            "note: LibreOffice (soffice) is not installed; skipping the PDF conversion check"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let text = read("broken/seed-income-total-751.2.txt");
    let bytes = docx_from_text(&text, Layout::AutoNumbered, Extras::default());
    let report = lint_docx(&linter(), &bytes);
    let diags: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    let out = annotate_bytes(&bytes, &diags).expect("annotates");
    let path = dir.path().join("reviewed.docx");
    std::fs::write(&path, &out.bytes).expect("write");
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .env("HOME", dir.path())
        .status()
        .expect("soffice runs");
    assert!(status.success());
    assert!(dir.path().join("reviewed.pdf").exists());
}

/// Bad inputs, each with a word its one-line reason must contain.
fn bad_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = docx_from_text(
        "一、基本情况\n收入622万元。\n",
        Layout::Literal,
        Extras::default(),
    );
    let no_doc = zip_parts(&[("word/styles.xml", b"<w:styles/>".as_slice())]);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 4096));
    let malformed = zip_parts(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        (
            "word/document.xml",
            b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>x</w:t></w:p></w:body>".as_slice(),
        ),
    ]);
    // Zeros compress about a thousandfold: a small file past the cap.
    let zeros = vec![b' '; MAX_PART_BYTES as usize + 1024];
    let bomb = zip_parts(&[("word/document.xml", zeros.as_slice())]);
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("f{i}")).collect();
    let many = zip_parts(
        &names
            .iter()
            .map(|n| (n.as_str(), b"".as_slice()))
            .collect::<Vec<_>>(),
    );
    let _ = good;
    vec![
        ("not-a-zip.docx", "这不是压缩包".as_bytes().to_vec(), "zip"),
        ("no-document.docx", no_doc, "word/document.xml"),
        ("encrypted.docx", ole, "加密"),
        ("malformed.docx", malformed, "XML"),
        ("bomb.docx", bomb, "上限"),
        ("many-entries.docx", many, "条目"),
    ]
}

#[test]
fn bad_docx_files_fail_with_a_reason_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.txt");
    std::fs::copy(fixture("broken/seed-income-total-751.2.txt"), &good).expect("copy");
    let mut args = vec![good.clone()];
    let bad = bad_files();
    for (name, bytes, reason) in &bad {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        match load_path(&p) {
            Err(e @ LoadError::Docx(_)) => {
                let msg = e.to_string();
                assert!(msg.contains(reason), "{name}: {msg}");
                assert!(!msg.contains('\n'), "{name}: one line: {msg}");
            }
            other => panic!("{name}: expected a docx error, got {other:?}"),
        }
        args.push(p);
    }
    let (out, err, code) = stdout_of(cli().arg("check").args(&args));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("income-total"),
        "the good file is still linted: {out}"
    );
    assert!(out.contains("共检查 1 个文件"), "{out}");
    for (name, bytes, _) in &bad {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} named on stderr: {err}"));
        assert!(line.starts_with("错误："), "{line}");
        assert_eq!(
            &std::fs::read(dir.path().join(name)).expect("read"),
            bytes,
            "{name} unchanged"
        );
        // annotate refuses it too, and writes nothing.
        let (_, aerr, acode) = stdout_of(cli().arg("annotate").arg(dir.path().join(name)));
        assert_eq!(acode, 2, "{name}: {aerr}");
        let stem = Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        assert!(!dir.path().join(format!("{stem}.reviewed.docx")).exists());
    }
}

/// The generated .docx are committed under fixtures/docx/ for people to
/// try (`reportlint check fixtures/docx/`); written when absent, compared
/// otherwise (delete a file to regenerate it).
#[test]
fn committed_docx_fixtures_match_the_generator() {
    let cases = [
        ("seed-literal.docx", SEED, Layout::Literal),
        ("seed-numbered.docx", SEED, Layout::AutoNumbered),
        (
            "sangong-table.docx",
            "docx/sangong-table.txt",
            Layout::Tables,
        ),
        (
            "seed-income-total-751.2-tracked.docx",
            "broken/seed-income-total-751.2.txt",
            Layout::Tracked,
        ),
    ];
    for (name, rel, layout) in cases {
        let bytes = docx_from_text(&read(rel), layout, Extras::default());
        let path = fixture("docx").join(name);
        match std::fs::read(&path) {
            Ok(old) => assert!(
                old == bytes,
                "{name} differs from the generator: delete it to regenerate"
            ),
            // Written when missing, on a developer's machine only: in CI a
            // missing fixture is a fixture not committed.
            Err(_) if std::env::var_os("CI").is_none() => {
                std::fs::write(&path, &bytes).expect("write fixture")
            }
            Err(e) => panic!("{name} missing ({e}): run the tests locally and commit it"),
        }
    }
}

#[test]
fn truncated_or_damaged_docx_never_panics() {
    use reportlint::source::docx::extract;
    use reportlint::source::numbering::Numbering;
    let bytes = docx_from_text(&read(SEED), Layout::Tracked, Extras::default());
    for cut in (0..bytes.len()).step_by(53) {
        let _ = read_docx("cut.docx".into(), &bytes[..cut]);
    }
    let mut flipped = bytes.clone();
    for i in (30..flipped.len()).step_by(211) {
        flipped[i] ^= 0x5A;
        let _ = read_docx("flipped.docx".into(), &flipped);
    }
    let xml = read_entry(&bytes, "word/document.xml").expect("document.xml");
    let numbering = Numbering::default();
    let root = xml.find("<w:document").expect("root element");
    for (i, _) in xml.char_indices().step_by(37).filter(|(i, _)| *i > root) {
        assert!(
            extract(&xml[..i], &numbering).is_err(),
            "cut at {i} must be an error"
        );
    }
    assert!(extract(&xml, &numbering).is_ok());
}
