//! Replays the committed fuzz corpora (fuzz/corpus/<target>/) through the
//! same entry points the cargo-fuzz targets use: what once crashed, or
//! reached new code, must keep running cleanly. Runs on stable in CI.

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let data = std::fs::read(&p).unwrap();
        let r = std::panic::catch_unwind(|| f(&data));
        assert!(r.is_ok(), "{} panics on {}", target, p.display());
        n += 1;
    }
    n
}

#[test]
fn decode_corpus_replays() {
    assert!(replay("decode", reportlint::fuzzing::decode) > 0);
}

#[test]
fn extract_corpus_replays() {
    assert!(replay("extract", reportlint::fuzzing::extract) > 0);
}

#[test]
fn config_corpus_replays() {
    assert!(replay("config", reportlint::fuzzing::config) > 0);
}

#[test]
fn lint_corpus_replays() {
    assert!(replay("lint", reportlint::fuzzing::lint) > 0);
}

#[test]
fn docx_corpus_replays() {
    assert!(replay("docx", reportlint::fuzzing::docx) > 0);
}
