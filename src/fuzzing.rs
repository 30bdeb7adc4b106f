//! Entry points shared by the cargo-fuzz targets (fuzz/) and the corpus
//! replay test that runs in CI (tests/fuzz_replay.rs). Each must never
//! panic, whatever the bytes.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::config::Config;
use crate::linter::{Linter, Overrides};

/// Decoding arbitrary bytes.
pub fn decode(data: &[u8]) {
    let _ = crate::source::load_bytes("fuzz.txt".into(), data);
}

/// Parsing arbitrary text into a document, and checking every span the
/// model hands out lies on character boundaries of the text.
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = crate::parse("fuzz.txt", text);
    for f in &doc.facts {
        assert!(
            doc.text.get(f.span.start..f.span.end).is_some(),
            "fact span off a char boundary"
        );
        if let Some(l) = f.label_span {
            assert!(
                doc.text.get(l.start..l.end).is_some(),
                "label span off a char boundary"
            );
        }
    }
    for s in &doc.sections {
        assert!(doc.text.get(s.heading.start..s.heading.end).is_some());
        assert!(doc.text.get(s.body.start..s.body.end).is_some());
    }
}

/// Parsing and validating arbitrary configuration text.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cfg) = Config::parse(Path::new("reportlint.toml"), text) {
        let _ = Linter::new(&cfg, &Overrides::default());
    }
}

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        Linter::new(&Config::default(), &Overrides::default()).expect("built-in rules")
    })
}

/// The full built-in rule pack over arbitrary text, and rendering of what
/// it finds. A rule may report `rule-error` on hostile text; it may not
/// panic the process.
pub fn lint(data: &[u8]) {
    let Ok(src) = crate::source::load_bytes("fuzz.txt".into(), data) else {
        return;
    };
    let doc = Arc::new(linter().parse(src));
    let report = linter().lint_document(&doc);
    let _ = crate::render::human::render_report(&report, false);
    let _ = crate::render::json::render(std::slice::from_ref(&report), Default::default());
}

/// Reading arbitrary bytes as a .docx (zip, XML, numbering).
pub fn docx(data: &[u8]) {
    if let Ok(d) = crate::source::docx::read_docx("fuzz.docx".into(), data) {
        for l in &d.source.locations {
            assert!(
                l.start <= l.end && l.end <= d.source.text.len(),
                "location out of range"
            );
        }
    }
}
