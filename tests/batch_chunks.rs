//! A batch is linted a chunk at a time and each report rendered and dropped
//! as soon as its chunk is done (memory holds findings, not reports). The
//! output must not depend on where the chunks fall: every format, the
//! summary, the exit code, and a baseline's matched and stale entries.

mod common;

use std::path::{Path, PathBuf};

use reportlint::commands::{self, CheckOptions, Format, Outcome};

fn corpus(dir: &Path) -> Vec<PathBuf> {
    let files = common::fixture_reports();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let to = dir.join(format!(
            "r{i:02}-{}",
            f.file_name().unwrap().to_string_lossy()
        ));
        std::fs::copy(f, &to).unwrap();
        out.push(to);
    }
    out
}

fn check(
    paths: &[PathBuf],
    format: Format,
    chunk: usize,
    baseline: Option<&Path>,
) -> (String, String, Outcome) {
    let opts = CheckOptions {
        paths: paths.to_vec(),
        format,
        chunk,
        baseline: baseline.map(Path::to_path_buf),
        ..Default::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = commands::check(&opts, &mut out, &mut err);
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        outcome,
    )
}

#[test]
fn output_does_not_depend_on_chunk_size() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    assert!(files.len() > 10);
    for format in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
        let whole = check(&files, format, 10_000, None);
        assert!(whole.0.contains("warning"), "{format:?}: {}", whole.0);
        for chunk in [1, 3] {
            let chunked = check(&files, format, chunk, None);
            assert_eq!(chunked.0, whole.0, "{format:?}, chunk {chunk}");
            assert_eq!(chunked.1, whole.1, "{format:?}, chunk {chunk}");
            assert_eq!(
                chunked.2 as i32, whole.2 as i32,
                "{format:?}, chunk {chunk}"
            );
        }
    }
}

#[test]
fn a_baseline_matches_and_goes_stale_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    let base = dir.path().join("baseline.json");
    let opts = CheckOptions {
        paths: files.clone(),
        ..Default::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(
        commands::baseline(&opts, &base, &mut out, &mut err) as i32,
        Outcome::Clean as i32
    );
    // Fix one broken report: its baseline entries go stale.
    let broken = files
        .iter()
        .find(|f| f.to_string_lossy().contains("income-total"))
        .unwrap();
    std::fs::copy(common::fixture(common::SEED), broken).unwrap();
    let whole = check(&files, Format::Human, 10_000, Some(&base));
    assert!(whole.0.contains("共检查"), "{}", whole.0);
    assert!(
        whole.0.contains("基线中有"),
        "stale entries reported: {}",
        whole.0
    );
    assert!(
        !whole.0.contains("warning["),
        "every finding is in the baseline: {}",
        whole.0
    );
    for chunk in [1, 4] {
        let chunked = check(&files, Format::Human, chunk, Some(&base));
        assert_eq!(chunked.0, whole.0, "chunk {chunk}");
        assert_eq!(chunked.2 as i32, whole.2 as i32, "chunk {chunk}");
    }
}
