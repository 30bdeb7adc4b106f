//! Criterion benchmarks of the pipeline's stages on the seed report:
//! decoding, parsing (headings, paragraphs, facts), the full rule pack.
//! Run with `cargo bench`; `cargo test --all-targets` runs each once.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use reportlint::config::Config;
use reportlint::linter::{Linter, Overrides};

fn seed_bytes() -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/daxiang-2020-gov-office.txt");
    std::fs::read(p).expect("seed fixture")
}

fn stages(c: &mut Criterion) {
    let bytes = seed_bytes();
    let (gbk, _, _) = encoding_rs::GBK.encode(std::str::from_utf8(&bytes).unwrap());
    let gbk = gbk.into_owned();
    c.bench_function("decode utf-8 seed", |b| {
        b.iter(|| reportlint::source::decode(black_box(&bytes)).unwrap())
    });
    c.bench_function("decode gbk seed", |b| {
        b.iter(|| reportlint::source::decode(black_box(&gbk)).unwrap())
    });
    let text = String::from_utf8(bytes.clone()).unwrap();
    c.bench_function("parse + extract seed", |b| {
        b.iter(|| reportlint::parse("seed.txt", black_box(text.clone())))
    });
    c.bench_function("compile built-in rule pack", |b| {
        b.iter(|| Linter::new(&Config::default(), &Overrides::default()).unwrap())
    });
    let linter = Linter::new(&Config::default(), &Overrides::default()).unwrap();
    let doc = Arc::new(reportlint::parse("seed.txt", text.clone()));
    c.bench_function("run rule pack on seed", |b| {
        b.iter(|| linter.lint_document(black_box(&doc)))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
