//! Hostile input: every case ends within seconds, with a clear message and
//! exit code 2 (or with findings) — never a panic, never a hang, never a
//! partial output file, and the input is left byte-for-byte unchanged.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

const LIMIT: Duration = Duration::from_secs(20);

/// Runs `reportlint check` on `file` in `dir`; returns (stdout, stderr, code).
fn check(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let mut c = run_in(dir);
    c.arg("check").args(args).timeout(LIMIT);
    let out = c.output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (stdout, stderr, out.status.code().unwrap_or(-1))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Vec<u8> {
    std::fs::write(dir.join(name), bytes).unwrap();
    bytes.to_vec()
}

fn unchanged(dir: &Path, name: &str, before: &[u8]) {
    assert_eq!(
        std::fs::read(dir.join(name)).unwrap(),
        before,
        "{name} was modified"
    );
}

#[test]
fn empty_file_is_an_input_error() {
    let d = tempfile::tempdir().unwrap();
    let b = write(d.path(), "empty.txt", b"");
    let (_, err, code) = check(d.path(), &["empty.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("empty.txt") && err.contains("为空"), "{err}");
    unchanged(d.path(), "empty.txt", &b);
}

#[test]
fn binary_file_named_txt_is_an_input_error() {
    let d = tempfile::tempdir().unwrap();
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 31 % 251) as u8));
    let b = write(d.path(), "program.txt", &bytes);
    let (_, err, code) = check(d.path(), &["program.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("program.txt") && err.contains("二进制"),
        "{err}"
    );
    unchanged(d.path(), "program.txt", &b);
}

#[test]
fn invalid_bytes_inside_gb18030_text_are_reported_with_the_file() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(SEED)).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut bytes = gbk.into_owned();
    let mid = bytes.len() / 2;
    // 0xFF is never valid in GB18030; nor is a lone 0x80.
    bytes.splice(mid..mid, [0xFF, 0x80, 0xFF]);
    let b = write(d.path(), "gbk.txt", &bytes);
    let (_, err, code) = check(d.path(), &["gbk.txt"]);
    assert_eq!(code, 2);
    let line = bytes[..mid].iter().filter(|&&b| b == b'\n').count() + 1;
    assert!(
        err.contains("gbk.txt") && err.contains(&format!("第 {line} 行")),
        "{err}"
    );
    unchanged(d.path(), "gbk.txt", &b);
}

#[test]
fn a_hundred_thousand_numbers_on_one_line() {
    let d = tempfile::tempdir().unwrap();
    let mut line = String::from("2020年度某局部门整体支出绩效评价报告\n一、基本情况\n");
    for i in 0..100_000 {
        line.push_str(&format!("支出{}.{}万元，", i, i % 100));
    }
    line.push('\n');
    let b = write(d.path(), "numbers.txt", line.as_bytes());
    let (out, err, code) = check(d.path(), &["--format", "json", "numbers.txt"]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    // Read up to the cap, and said so.
    assert!(
        out.contains("\"input-limit\"") && out.contains("20000"),
        "{out}"
    );
    unchanged(d.path(), "numbers.txt", &b);
}

#[test]
fn headings_nested_fifty_deep() {
    // Heading levels come from the markers (一、/（一）/1./（1）/①), not from
    // Markdown #s: fifty headings marked ever deeper are read as fifty
    // headings of at most five levels, and the run ends normally.
    let d = tempfile::tempdir().unwrap();
    let mut text = String::from("2020年度某局部门整体支出绩效评价报告\n");
    for depth in 0..50 {
        text.push_str(&"#".repeat(depth + 1));
        let marker = match depth % 5 {
            0 => "一、",
            1 => "（一）",
            2 => "1.",
            3 => "（1）",
            _ => "①",
        };
        text.push_str(&format!(" {marker}第{depth}层标题\n正文。\n"));
    }
    let doc = reportlint::document::parse("deep.md", text.clone());
    assert_eq!(doc.sections.len(), 50);
    assert_eq!(doc.sections.iter().map(|s| s.level).max(), Some(5));
    let b = write(d.path(), "deep.md", text.as_bytes());
    let (out, err, code) = check(d.path(), &["deep.md"]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(out.contains("共检查 1 个文件"), "{out}");
    unchanged(d.path(), "deep.md", &b);
}

#[test]
fn config_with_every_wrong_type_is_a_config_error() {
    let cases = [
        "rule-dirs = \"rules\"\n",
        "select = 3\n",
        "ignore = [1, 2]\n",
        "fail-on = true\n",
        "max-warnings = \"many\"\n",
        "profile = [\"x\"]\n",
        "rules = 5\n",
        "[rules.income-total]\nseverity = 2\n",
        "[rules.income-total]\noptions = \"none\"\n",
        "[rules.income-total]\noptions = { total_labels = 7 }\n",
        "[rules.income-total]\nunknown = 1\n",
        "select = [\"*\"\n",
        "\u{0}\u{1}\u{2}",
    ];
    for (i, cfg) in cases.iter().enumerate() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("reportlint.toml"), cfg).unwrap();
        std::fs::copy(fixture(SEED), d.path().join("r.txt")).unwrap();
        let (_, err, code) = check(d.path(), &["r.txt"]);
        assert_eq!(code, 2, "case {i} ({cfg:?}) should fail: {err}");
        assert!(
            err.contains("reportlint.toml"),
            "case {i}: names the file: {err}"
        );
    }
}

fn hostile_rule(dir: &Path, id: &str, body: &str) {
    let src =
        format!("//! id: {id}\n//! severity: warning\n//! summary: x\n//! explain: x\n\n{body}\n");
    std::fs::write(dir.join(format!("{id}.rhai")), src).unwrap();
}

#[test]
fn rules_that_loop_recurse_or_hoard_memory_end_as_rule_errors() {
    let d = tempfile::tempdir().unwrap();
    let rules = d.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    hostile_rule(
        &rules,
        "loops-forever",
        "fn check(doc, options) { while true { } }",
    );
    hostile_rule(
        &rules,
        "recurses",
        "fn down(n) { down(n + 1) }\nfn check(doc, options) { down(0) }",
    );
    hostile_rule(
        &rules,
        "gigabyte-string",
        "fn check(doc, options) {\n    let s = \"报告\";\n    loop { s += s; }\n}",
    );
    hostile_rule(
        &rules,
        "huge-array",
        "fn check(doc, options) {\n    let a = [];\n    loop { a.push(doc.text); }\n}",
    );
    hostile_rule(&rules, "returns-junk", "fn check(doc, options) { 42 }");
    hostile_rule(
        &rules,
        "throws",
        "fn check(doc, options) { throw \"坏了\"; }",
    );
    std::fs::copy(fixture(SEED), d.path().join("r.txt")).unwrap();
    let before = std::fs::read(d.path().join("r.txt")).unwrap();
    let start = std::time::Instant::now();
    let (out, err, code) = check(
        d.path(),
        &["--format", "json", "--rules-dir", "rules", "r.txt"],
    );
    assert!(start.elapsed() < LIMIT);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "rule-error")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    for id in [
        "loops-forever",
        "recurses",
        "gigabyte-string",
        "huge-array",
        "returns-junk",
        "throws",
    ] {
        assert!(
            errors.iter().any(|m| m.contains(id)),
            "{id} not reported: {errors:?}"
        );
    }
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "conversion-artifact"),
        "built-in rules still ran"
    );
    unchanged(d.path(), "r.txt", &before);
}

#[test]
fn a_hundred_megabyte_report_is_refused_before_it_is_read() {
    let d = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(d.path().join("huge.txt")).unwrap();
    // Sparse: the size is real, the disk is not used.
    f.set_len(100 * 1024 * 1024).unwrap();
    drop(f);
    std::fs::copy(fixture(SEED), d.path().join("ok.txt")).unwrap();
    let (out, err, code) = check(d.path(), &["huge.txt", "ok.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("huge.txt") && err.contains("过大"), "{err}");
    assert!(
        out.contains("ok.txt"),
        "the other file is still linted: {out}"
    );
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn a_docx_that_is_not_a_zip_and_xml_nested_a_million_deep() {
    let d = tempfile::tempdir().unwrap();
    let b1 = write(
        d.path(),
        "notzip.docx",
        b"PK\x03\x04 but then nothing a zip reader accepts",
    );
    let mut deep = String::from(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    deep.push_str(&"<w:sdt>".repeat(1_000_000));
    deep.push_str("<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>");
    deep.push_str(&"</w:sdt>".repeat(1_000_000));
    deep.push_str("</w:body></w:document>");
    let b2 = write(
        d.path(),
        "deep.docx",
        &zip_with(&[("word/document.xml", deep.as_bytes())]),
    );
    let (out, err, code) = check(d.path(), &["notzip.docx", "deep.docx"]);
    assert_eq!(code, 2, "the broken file is an input error: {err}");
    assert!(err.contains("notzip.docx"), "{err}");
    // The deeply nested one is read: its heading text reaches the output.
    assert!(!err.contains("deep.docx"), "{err}");
    assert!(
        out.contains("共检查 1 个文件"),
        "deep.docx was linted: {out}"
    );
    unchanged(d.path(), "notzip.docx", &b1);
    unchanged(d.path(), "deep.docx", &b2);
}

#[test]
fn annotate_never_leaves_a_partial_output() {
    let d = tempfile::tempdir().unwrap();
    let b = write(d.path(), "bad.docx", b"not a word file at all");
    let mut c = run_in(d.path());
    c.args(["annotate", "bad.docx", "-o", "out.docx"])
        .timeout(LIMIT);
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.path().join("out.docx").exists());
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "bad.docx")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    unchanged(d.path(), "bad.docx", &b);
}
