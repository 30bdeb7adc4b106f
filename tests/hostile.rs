//! Hostile input: every case ends within seconds, with a clear message and
//! exit code 2 (or with findings) — never a panic, never a hang, never a
//! partial output file, and the input is left byte-for-byte unchanged.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

const LIMIT: Duration = Duration::from_secs(60);

/// Address space a child may use: the floods of issue 11 took 3.3 and
/// 4.4 GB; a bounded run needs well under this.
const MEMORY: u64 = 1 << 30;

/// The binary in `dir`, inside the hang guard (LIMIT) and with its memory
/// bounded (MEMORY, as RLIMIT_AS).
fn bounded(dir: &Path) -> assert_cmd::Command {
    use std::os::unix::process::CommandExt;
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"));
    c.current_dir(dir).env("NO_COLOR", "1");
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        c.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY as libc::rlim_t,
                rlim_max: MEMORY as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut c = assert_cmd::Command::from_std(c);
    c.timeout(LIMIT);
    c
}

/// Runs `reportlint check` on `file` in `dir`; returns (stdout, stderr, code).
fn check(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let mut c = bounded(dir);
    c.arg("check").args(args);
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
    let doc = reportlint::parse("deep.md", text.clone());
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

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn devices_fifos_and_links_to_them_named_on_the_command_line_are_refused() {
    let d = tempfile::tempdir().unwrap();
    mkfifo(&d.path().join("fifo.txt"));
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero-link.txt")).unwrap();
    std::fs::copy(fixture(SEED), d.path().join("ok.txt")).unwrap();
    let (out, err, code) = check(
        d.path(),
        &[
            "/dev/zero",
            "/dev/urandom",
            "fifo.txt",
            "zero-link.txt",
            "ok.txt",
        ],
    );
    assert_eq!(code, 2, "{err}");
    for name in ["/dev/zero", "/dev/urandom", "fifo.txt", "zero-link.txt"] {
        assert!(
            err.lines()
                .any(|l| l.contains(name) && l.contains("不是普通文件")),
            "{name}: {err}"
        );
    }
    assert!(out.contains("共检查 1 个文件"), "ok.txt linted: {out}");
}

#[test]
fn fifos_and_device_links_met_while_walking_are_skipped_reports_and_rules_alike() {
    let d = tempfile::tempdir().unwrap();
    let reports = d.path().join("reports");
    let rules = d.path().join("rules");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::create_dir_all(&rules).unwrap();
    mkfifo(&reports.join("fifo.txt"));
    std::os::unix::fs::symlink("/dev/zero", reports.join("zero.txt")).unwrap();
    std::fs::copy(fixture(SEED), reports.join("r.txt")).unwrap();
    mkfifo(&rules.join("fifo.rhai"));
    std::os::unix::fs::symlink("/dev/urandom", rules.join("random.rhai")).unwrap();
    hostile_rule(
        &rules,
        "bureau-fine",
        "fn check(doc, options) { [finding(doc.title_span, \"本局规则运行了\")] }",
    );
    let (out, err, code) = check(d.path(), &["--rules-dir", "rules", "reports"]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(out.contains("共检查 1 个文件"), "{out}");
    assert!(
        out.contains("本局规则运行了"),
        "the regular rule ran: {out}"
    );
}

#[test]
fn stdin_is_read_up_to_the_cap_and_no_further() {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"));
    c.current_dir(d.path())
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // 48 MB offered; the reader stops after 32 MB + 1 and the pipe closes.
    let writer = std::thread::spawn(move || {
        let block = "报告正文。\n".repeat(4096);
        for _ in 0..(48 << 20) / block.len() {
            if stdin.write_all(block.as_bytes()).is_err() {
                break;
            }
        }
    });
    let start = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    assert!(start.elapsed() < LIMIT);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("<stdin>") && err.contains("过大"), "{err}");
}

#[test]
fn floods_of_findings_labels_and_notes_end_as_rule_errors_in_bounded_memory() {
    let d = tempfile::tempdir().unwrap();
    let rules = d.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    // 100k findings with 4 MB messages (3.3 GB before), labels and notes in
    // a loop (4.4 GB, 90 s before).
    hostile_rule(
        &rules,
        "flood-findings",
        "fn check(doc, options) {\n    let m = \"报\";\n    while m.len() < 1000000 { m += m; }\n    let out = [];\n    for i in 0..100000 { out.push(finding(doc.title_span, m)); }\n    out\n}",
    );
    hostile_rule(
        &rules,
        "flood-many",
        "fn check(doc, options) {\n    let out = [];\n    for i in 0..100000 { out.push(finding(doc.title_span, \"多\")); }\n    out\n}",
    );
    hostile_rule(
        &rules,
        "flood-labels",
        "fn check(doc, options) {\n    let f = finding(doc.title_span, \"x\");\n    for i in 0..100000 { f = f.label(doc.title_span, \"标签\"); }\n    [f]\n}",
    );
    hostile_rule(
        &rules,
        "flood-notes",
        "fn check(doc, options) {\n    let f = finding(doc.title_span, \"x\");\n    for i in 0..100000 { f = f.note(\"说明\"); }\n    [f]\n}",
    );
    std::fs::copy(fixture(SEED), d.path().join("r.txt")).unwrap();
    let (out, err, code) = check(
        d.path(),
        &["--format", "json", "--rules-dir", "rules", "r.txt"],
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    for (id, why) in [
        ("flood-findings", "字节"),
        ("flood-many", "2000"),
        ("flood-labels", "label"),
        ("flood-notes", "note"),
    ] {
        assert!(
            diags.iter().any(|d| d["rule"] == "rule-error"
                && d["message"].as_str().unwrap().contains(id)
                && d["message"].as_str().unwrap().contains(why)),
            "{id}: {out}"
        );
        assert!(!diags.iter().any(|d| d["rule"] == id), "{id} kept findings");
    }
}

#[test]
fn an_output_path_that_is_an_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let b = write(
        d.path(),
        "报告.txt",
        &std::fs::read(fixture("broken/seed-income-total-751.2.txt")).unwrap(),
    );
    for args in [
        &["check", "-o", "报告.txt", "报告.txt"][..],
        &["check", "--format", "json", "-o", "./报告.txt", "."],
        &["baseline", "-o", "报告.txt", "报告.txt"],
    ] {
        let out = bounded(d.path()).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("报告.txt") && err.contains("覆盖"), "{err}");
        unchanged(d.path(), "报告.txt", &b);
    }
}

#[test]
fn write_errors_end_with_two_and_a_chinese_message() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        &["completions", "bash"][..],
        &["rules"],
        &["explain", "income-total"],
        &["facts", "fixtures/daxiang-2020-gov-office.txt"],
        &["check", "fixtures/daxiang-2020-gov-office.txt"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"))
            .current_dir(root())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("无法写入标准输出"), "{args:?}: {err}");
    }
}

#[test]
fn a_stray_byte_is_placed_on_its_line_and_utf16_without_bom_is_read() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(SEED)).unwrap();
    // Line 11 of a UTF-8 report gets one byte that is not UTF-8.
    let mut lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
    let at = text
        .lines()
        .nth(10)
        .unwrap()
        .char_indices()
        .nth(4)
        .unwrap()
        .0;
    lines[10].insert(at, 0xFF);
    let bytes = lines.join(&b"\n"[..]);
    write(d.path(), "stray.txt", &bytes);
    let (_, err, code) = check(d.path(), &["stray.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("第 11 行第 5 列"), "{err}");
    // The same report as UTF-16LE without a byte-order mark is linted.
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    write(d.path(), "utf16.txt", &le);
    let (out, err, code) = check(d.path(), &["utf16.txt"]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(out.contains("共检查 1 个文件"), "{out}");
}

/// 4 MB of nested headings: the run ends inside the guard, and the work
/// the heading queries do doubles (at most ×2.2) when the headings do,
/// counted in operations (script steps and native query steps), not time.
#[test]
fn four_megabytes_of_nested_headings_and_work_that_grows_linearly() {
    fn headings(bytes: usize) -> String {
        // Parts of 一、 › （一） › 1. › （1） › ①, nine of each under each.
        const CN: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
        const CIRCLED: [&str; 9] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"];
        let mut t = String::from("2020年度某局部门整体支出绩效评价报告\n");
        'parts: for p in 0.. {
            t.push_str(&format!(
                "{}、第{p}部分：部门整体支出绩效评价情况\n",
                CN[p % 9]
            ));
            for a in CN {
                t.push_str(&format!("（{a}）二级标题：预算执行与资金管理情况\n"));
                for b in 1..=9 {
                    t.push_str(&format!("{b}.三级标题：项目资金使用与绩效目标完成情况\n"));
                    for c in 1..=9 {
                        t.push_str(&format!("（{c}）四级标题：产出指标与效益指标完成情况\n"));
                        for e in CIRCLED {
                            t.push_str(&format!("{e}五级标题：满意度指标完成情况。\n"));
                        }
                        if t.len() >= bytes {
                            break 'parts;
                        }
                    }
                }
            }
        }
        t
    }
    // In-process: one rule asking for every list of sibling headings (the
    // query that was quadratic) and walking them in script.
    let d = tempfile::tempdir().unwrap();
    hostile_rule(
        d.path(),
        "walks-headings",
        "fn check(doc, options) {\n    let n = 0;\n    for l in doc.heading_lists() { n += 1; }\n    [finding(doc.title_span, `${n}`)]\n}",
    );
    let over = reportlint::linter::Overrides {
        rule_dirs: vec![d.path().to_path_buf()],
        select: vec!["walks-headings".into()],
        ..Default::default()
    };
    let linter =
        reportlint::linter::Linter::new(&reportlint::config::Config::default(), &over).unwrap();
    let work = |text: String| {
        let doc = std::sync::Arc::new(reportlint::parse("h.txt", text));
        let before = reportlint::engine::work_done();
        let r = linter.lint_document(&doc);
        assert!(
            !r.diagnostics.iter().any(|d| d.rule == "rule-error"),
            "{:?}",
            r.diagnostics
        );
        (reportlint::engine::work_done() - before, doc.sections.len())
    };
    let (w2, s2) = work(headings(2 << 20));
    let (w4, s4) = work(headings(4 << 20));
    let ratio = w4 as f64 / w2 as f64;
    eprintln!("headings {s2} → {s4}: work {w2} → {w4} (×{ratio:.2})");
    assert!(s4 as f64 / s2 as f64 > 1.9, "{s2} → {s4}");
    assert!(ratio <= 2.2, "work {w2} → {w4} (×{ratio:.2})");
    // Through the binary, with every built-in rule: it ends inside the
    // guard (rules past their time budget say so; nothing hangs).
    let b = write(d.path(), "heads.txt", headings(4 << 20).as_bytes());
    let mut c = bounded(d.path());
    c.args(["check", "--format", "json", "heads.txt"])
        .timeout(Duration::from_secs(120));
    let out = c.output().unwrap();
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "{out:?}");
    unchanged(d.path(), "heads.txt", &b);
}

/// Fifty reports, one made to panic by the fault-injection switch (debug
/// builds): the other 49 are linted and printed exactly as without it, in
/// human, JSON and SARIF output and with -o; the 50th is named with its
/// internal-error; the run exits 2.
#[test]
fn one_panicking_report_among_fifty_loses_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(fixture("realdev"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    sources.sort();
    for (i, p) in sources.iter().cycle().take(50).enumerate() {
        let name = format!("r{i:02}.txt");
        std::fs::copy(p, d.path().join(&name)).unwrap();
        names.push(name);
    }
    let victim = "r17.txt";
    let run = |format: &str, inject: bool, extra: &[&str]| {
        let mut c = bounded(d.path());
        c.args(["check", "--format", format]).args(extra).arg(".");
        c.timeout(Duration::from_secs(120));
        if inject {
            c.env("REPORTLINT_INJECT_PANIC", victim);
        }
        let out = c.output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let json = |s: &str| -> Vec<(String, String, u64)> {
        let v: serde_json::Value = serde_json::from_str(s).unwrap();
        let mut k: Vec<_> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_string(),
                    d["rule"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect();
        k.sort();
        k
    };
    let (clean, _, _) = run("json", false, &[]);
    let (hit, err, code) = run("json", true, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(victim) && err.contains("内部错误") && !err.contains("panicked"),
        "{err}"
    );
    let expected: Vec<_> = json(&clean)
        .into_iter()
        .filter(|k| !k.0.ends_with(victim))
        .collect();
    let got = json(&hit);
    let others: Vec<_> = got
        .iter()
        .filter(|k| !k.0.ends_with(victim))
        .cloned()
        .collect();
    assert_eq!(others, expected, "the 49 others, as without the panic");
    assert!(expected.len() > 49, "the others have findings to lose");
    let victims: Vec<_> = got.iter().filter(|k| k.0.ends_with(victim)).collect();
    assert_eq!(victims.len(), 1, "{victims:?}");
    assert_eq!(victims[0].1, "internal-error");
    let v: serde_json::Value = serde_json::from_str(&hit).unwrap();
    assert_eq!(v["summary"]["files"], 50);

    let (human, _, code) = run("human", true, &[]);
    assert_eq!(code, Some(2));
    assert!(human.contains("[internal-error]") && human.contains(victim));
    assert!(human.contains("共检查 50 个文件"), "{human}");
    let (sarif, _, code) = run("sarif", true, &[]);
    assert_eq!(code, Some(2));
    let s: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = s["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), got.len());
    assert!(results.iter().any(|r| r["ruleId"] == "internal-error"));
    let (_, _, code) = run("json", true, &["-o", "out.json"]);
    assert_eq!(code, Some(2));
    let written = std::fs::read_to_string(d.path().join("out.json")).unwrap();
    assert_eq!(json(&written), got, "-o writes the same output");
}

#[test]
fn a_bad_config_in_one_folder_is_a_config_error_on_its_reports_only() {
    let d = tempfile::tempdir().unwrap();
    for sub in ["good", "bad"] {
        std::fs::create_dir_all(d.path().join(sub)).unwrap();
        std::fs::copy(
            fixture("broken/seed-income-total-751.2.txt"),
            d.path().join(sub).join("r.txt"),
        )
        .unwrap();
    }
    std::fs::write(d.path().join("bad/reportlint.toml"), "select = [\"*\"\n").unwrap();
    // A folder whose config names a rule folder that is not there.
    std::fs::create_dir_all(d.path().join("norules")).unwrap();
    std::fs::copy(fixture(SEED), d.path().join("norules/r.txt")).unwrap();
    std::fs::write(
        d.path().join("norules/reportlint.toml"),
        "rule-dirs = [\"missing-rules\"]\n",
    )
    .unwrap();
    let (out, err, code) = check(d.path(), &["--format", "json", "good", "bad", "norules"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("reportlint.toml"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "income-total" && d["file"].as_str().unwrap().contains("good")),
        "the good folder is linted: {out}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "config-error" && d["message"].as_str().unwrap().contains("bad")),
        "{out}"
    );
    assert!(!diags
        .iter()
        .any(|d| d["rule"] == "income-total" && d["file"].as_str().unwrap().contains("bad")));
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "config-error"
                && d["message"].as_str().unwrap().contains("norules")),
        "{out}"
    );
    assert_eq!(v["summary"]["files"], 3, "{out}");
}

#[test]
fn a_baseline_saved_with_a_bom_is_read() {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("broken/seed-income-total-751.2.txt"),
        d.path().join("r.txt"),
    )
    .unwrap();
    let out = bounded(d.path())
        .args(["baseline", "-o", "base.json", "r.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(d.path().join("base.json")).unwrap());
    std::fs::write(d.path().join("base.json"), bytes).unwrap();
    let (out, err, code) = check(d.path(), &["--baseline", "base.json", "r.txt"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// `baseline`, `facts`, `annotate` and `test` isolate a panic as `check`
/// does: the failing report (or case) is named in Chinese, the run ends
/// with 2 (1 for a failing test case), nothing half-written, the rest done.
#[test]
fn baseline_facts_annotate_and_test_isolate_a_panic_too() {
    let d = tempfile::tempdir().unwrap();
    for (name, src) in [
        ("a.txt", "broken/seed-income-total-751.2.txt"),
        ("victim.txt", "broken/seed-income-total-751.2.txt"),
        ("victim.docx", "docx/seed-income-total-751.2-tracked.docx"),
    ] {
        std::fs::copy(fixture(src), d.path().join(name)).unwrap();
    }
    let run = |args: &[&str], inject: &str| {
        let mut c = bounded(d.path());
        c.args(args).env("REPORTLINT_INJECT_PANIC", inject);
        let out = c.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            err,
            out.status.code(),
        )
    };
    let (_, err, code) = run(
        &["baseline", "-o", "base.json", "a.txt", "victim.txt"],
        "victim",
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("victim.txt") && err.contains("内部错误"),
        "{err}"
    );
    let base = std::fs::read_to_string(d.path().join("base.json")).unwrap();
    assert!(base.contains("a.txt") && !base.contains("victim"), "{base}");

    // Nor is it hidden by the baseline just written (nor by --select).
    let (out, _, code) = run(
        &[
            "check",
            "--baseline",
            "base.json",
            "--select",
            "income-total",
            "a.txt",
            "victim.txt",
        ],
        "victim",
    );
    assert_eq!(code, Some(2));
    assert!(
        out.contains("[internal-error]") && out.contains("victim.txt"),
        "{out}"
    );

    // A panic inside one rule's call is that rule's rule-error on each
    // report; the other rules' findings stay.
    let (out, err, code) = run(&["check", "--format", "json", "a.txt"], "#income-total");
    assert_eq!(code, Some(1), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["rule"] == "rule-error"
            && d["message"].as_str().unwrap().contains("income-total")
            && d["message"].as_str().unwrap().contains("内部错误")),
        "{out}"
    );
    let rules_of = |out: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        let mut r: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .filter(|r| r != "income-total" && r != "rule-error")
            .collect();
        r.sort();
        r
    };
    let (plain, _, _) = run(&["check", "--format", "json", "a.txt"], "");
    assert!(plain.contains("\"income-total\""), "{plain}");
    assert_eq!(
        rules_of(&out),
        rules_of(&plain),
        "the other rules' findings"
    );
    assert!(!rules_of(&plain).is_empty());

    let (_, err, code) = run(&["facts", "victim.txt"], "victim");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("victim.txt") && err.contains("内部错误"),
        "{err}"
    );

    let (_, err, code) = run(&["annotate", "victim.docx", "-o", "out.docx"], "victim");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("victim.docx") && err.contains("内部错误"),
        "{err}"
    );
    assert!(!d.path().join("out.docx").exists());

    let (out, err, code) = run(&["test"], "total off by ten");
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains("total off by ten") && out.contains("内部错误"),
        "{out}"
    );
    assert!(
        out.contains("ok    income-total") || out.contains("ok    expense-total"),
        "{out}"
    );
}

#[test]
fn a_workbook_merged_or_filled_across_the_whole_sheet_is_bounded() {
    let d = tempfile::tempdir().unwrap();
    // A form whose last rows are merged down to the sheet's last cell
    // (written by hand: a writer crate fills every merged cell).
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目支出绩效自评表</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>年度资金总额</t></is></c><c r="C2"><v>100</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    write(
        d.path(),
        "merged.xlsx",
        &zip_with(&[
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", root_rels.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ]),
    );
    // A cell in the sheet's last corner beside one in A1.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "项目支出绩效自评表").unwrap();
    ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    wb.save(d.path().join("corner.xlsx")).unwrap();
    let (out, err, code) = check(d.path(), &["merged.xlsx", "corner.xlsx"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("共检查 1 个文件"), "{out}{err}");
    assert!(
        err.contains("corner.xlsx：工作表中的单元格分布过广（A1 到 XFD1048576"),
        "{err}"
    );
}
