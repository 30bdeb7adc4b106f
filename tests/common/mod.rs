#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

pub const SEED: &str = "daxiang-2020-gov-office.txt";

/// The seed, then the broken variants and the clean reports (.txt), each
/// directory sorted.
pub fn fixture_reports() -> Vec<PathBuf> {
    let mut out = vec![fixture(SEED)];
    for dir in ["broken", "clean"] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        v.sort();
        out.extend(v);
    }
    out
}

/// The binary, run from the repository root with colour off.
pub fn cli() -> Command {
    let mut c = Command::cargo_bin("reportlint").expect("binary");
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

pub fn run_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("reportlint").expect("binary");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

pub fn stdout_of(c: &mut Command) -> (String, String, i32) {
    let out = c.output().expect("run");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The funds block's header row of the 财预〔2020〕10号 自评表, as test
/// workbooks write it.
#[allow(dead_code)]
pub const FUNDS_HEAD: [&str; 7] = [
    "项目资金（万元）",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];
