//! What a person reads: rendered diagnostics of the seed and of each broken
//! variant, as insta snapshots (no colour; Chinese text, so caret
//! alignment under wide characters is part of what is compared).

use reportlint::config::Config;
use reportlint::linter::{Linter, Overrides};
use reportlint::render::human::render_report;
use reportlint::source::load_path;

fn render(rel: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let linter = Linter::new(&Config::default(), &Overrides::default()).unwrap();
    let report = linter.lint(load_path(std::path::Path::new(rel)).unwrap());
    String::from_utf8(render_report(&report, false)).unwrap()
}

#[test]
fn seed_report() {
    insta::assert_snapshot!("seed", render("fixtures/daxiang-2020-gov-office.txt"));
}

#[test]
fn broken_variants() {
    for name in [
        "seed-income-total-751.2",
        "seed-basic-expense-688.71",
        "seed-share-93.1",
        "seed-problems-section-removed",
    ] {
        insta::assert_snapshot!(name, render(&format!("fixtures/broken/{name}.txt")));
    }
}
