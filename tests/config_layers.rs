//! `extends`, `extend-select`, `extend-options` and `per-file-ignores` end
//! to end: a province's pack refined by a city's.

mod common;

use common::*;

fn write(dir: &std::path::Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn a_city_pack_extends_the_province_pack_its_word_list_and_ignores_old_files() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "省/reportlint.toml",
        "select = [\"typo-lexicon\"]\n\n[rules.typo-lexicon]\nextend-options = { words = [{ wrong = \"拔付\", right = \"拨付\" }] }\n",
    );
    write(
        d.path(),
        "省/市/reportlint.toml",
        "extends = [\"../reportlint.toml\"]\nextend-select = [\"number-format\"]\n\n[per-file-ignores]\n\"旧/*.txt\" = [\"number-format\"]\n",
    );
    let text = "一、概况\n资金已拔付到位，年未结转和结余4.29万元，占7.9 %。\n";
    write(d.path(), "省/市/a.txt", text);
    write(d.path(), "省/市/旧/b.txt", text);
    let (out, err, _) = stdout_of(run_in(d.path()).args(["check", "--format", "concise", "省/市"]));
    let of = |f: &str, rule: &str| {
        out.lines()
            .filter(|l| l.starts_with(f) && l.contains(&format!("[{rule}]")))
            .count()
    };
    // The province's extra word and the built-in words both apply.
    assert!(out.contains("“拔付”") || out.contains("拔付"), "{out}{err}");
    assert_eq!(of("省/市/a.txt", "typo-lexicon"), 2, "{out}{err}");
    assert_eq!(of("省/市/a.txt", "number-format"), 1, "{out}{err}");
    assert_eq!(of("省/市/旧/b.txt", "typo-lexicon"), 2, "{out}{err}");
    assert_eq!(of("省/市/旧/b.txt", "number-format"), 0, "{out}{err}");
    // Only what the packs select runs.
    assert!(!out.contains("[required-sections]"), "{out}");
}

#[test]
fn an_unknown_rule_in_a_parent_is_reported_in_the_parent() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "省/reportlint.toml",
        "\nignore = [\"no-such-rule\"]\n",
    );
    write(
        d.path(),
        "省/市/reportlint.toml",
        "extends = [\"../reportlint.toml\"]\n",
    );
    write(d.path(), "省/市/a.txt", "一、概况\n正文。\n");
    let (_, err, code) = stdout_of(run_in(d.path()).args(["check", "省/市/a.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("省/reportlint.toml:2"), "{err}");
}
