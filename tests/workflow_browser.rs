//! The HTML review page in a real browser: Debian's headless Chromium
//! loads it without console errors, shows one highlight per finding, jumps
//! from the list to the highlight, and renders a screenshot.
//!
//! Skips (with a note) when `chromium` is not installed; `.ci/run` installs
//! it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Runs headless Chromium on a local page with `extra` flags; returns
/// (stdout, stderr). Killed after 60 s.
fn run_chromium(bin: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (
        std::fs::read_to_string(out.path()).unwrap_or_default(),
        std::fs::read_to_string(err.path()).unwrap_or_default(),
    )
}

fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

fn attr(dom: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = dom.find(&key)? + key.len();
    Some(dom[i..].split('"').next()?.to_string())
}

#[test]
fn review_page_loads_cleanly_highlights_every_finding_and_renders() {
    let Some(bin) = chromium() else {
        eprintln!(
            "note: chromium not on PATH; skipping the browser test (apt-get install chromium)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (src, dst) in [
        ("broken/seed-income-total-751.2.txt", "income.txt"),
        ("broken/seed-share-93.1.txt", "share.txt"),
        (SEED, "seed.txt"),
    ] {
        std::fs::copy(fixture(src), dir.path().join(dst)).unwrap();
    }
    let files = ["income.txt", "share.txt", "seed.txt"];
    let mut args = vec!["check", "--format", "html", "-o", "review.html"];
    args.extend(files);
    let (_, err, code) = stdout_of(run_in(dir.path()).args(&args));
    assert_eq!(code, 1, "{err}");
    let mut args = vec!["check", "--format", "json"];
    args.extend(files);
    let (json, _, _) = stdout_of(run_in(dir.path()).args(&args));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = v["diagnostics"].as_array().unwrap().len();
    assert!(findings >= 10);

    // The console catches what it should: a page with a script error.
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><body><script>noSuchFunction();</script></body>",
    )
    .unwrap();
    let (_, stderr) = run_chromium(&bin, &bad, &["--dump-dom".into()]);
    assert!(
        console_lines(&stderr)
            .iter()
            .any(|l| l.contains("noSuchFunction")),
        "console errors are visible to this test: {stderr}"
    );

    // The page: no console output at all, highlights counted by its script.
    // A copy with one more script clicks the first finding in the list.
    let page = dir.path().join("review.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let clicked = dir.path().join("clicked.html");
    std::fs::write(
        &clicked,
        html.replace(
            "</body>",
            "<script>document.querySelector('a.jump').click();\
             var a = document.querySelector('mark.active');\
             document.body.setAttribute('data-active', a ? a.id : 'none');</script></body>",
        ),
    )
    .unwrap();
    let (dom, stderr) = run_chromium(&bin, &clicked, &["--dump-dom".into()]);
    assert!(
        console_lines(&stderr).is_empty(),
        "console: {:#?}",
        console_lines(&stderr)
    );
    assert_eq!(attr(&dom, "data-findings"), Some(findings.to_string()));
    assert_eq!(
        attr(&dom, "data-highlights"),
        Some(findings.to_string()),
        "one highlight per finding"
    );
    assert_eq!(
        attr(&dom, "data-active").as_deref(),
        Some("f1"),
        "the list jumps to the spot"
    );

    let shot_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&shot_dir).unwrap();
    let shot = shot_dir.join("review-page.png");
    let _ = std::fs::remove_file(&shot);
    let (_, stderr) = run_chromium(
        &bin,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".into(),
            "--hide-scrollbars".into(),
        ],
    );
    assert!(console_lines(&stderr).is_empty(), "{stderr}");
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {stderr}"));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(
        png.len() > 10_000,
        "a real page, not a blank: {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}
