//! The pre-commit hooks of `.pre-commit-hooks.yaml`, end to end with the
//! `pre-commit` tool itself: a scratch git repository whose pre-commit
//! hook runs `pre-commit try-repo <this repository> <hook>`; committing a
//! clean report succeeds, committing a broken one is refused.
//!
//! Skips (with a note) when `pre-commit` or `git` is not on PATH; `.ci/run`
//! installs pre-commit from PyPI.
//!
//! The `reportlint-system` hook (the binary on PATH) is always exercised.
//! The `reportlint` hook builds the linter with `cargo install` (minutes on
//! a fresh machine), so it runs only with `REPORTLINT_TEST_CARGO_HOOK=1`;
//! its caches live under `target/tmp`, so later runs are fast.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

fn git(dir: &Path, args: &[&str], env: &[(String, String)]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Commits a clean report, then tries to commit a broken one, through a
/// git hook that runs `pre-commit try-repo <root> <hook>`.
fn commit_flow(hook: &str, env: &[(String, String)]) {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    for args in [
        &["init", "-q"][..],
        &["config", "user.email", "ci@example.org"],
        &["config", "user.name", "CI"],
        &["config", "commit.gpgsign", "false"],
    ] {
        let o = git(dir, args, env);
        assert!(o.status.success(), "{}", text(&o));
    }
    let hook_script = dir.join(".git/hooks/pre-commit");
    std::fs::write(
        &hook_script,
        format!(
            "#!/bin/sh\nexec pre-commit try-repo '{}' {hook}\n",
            root().display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook_script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::create_dir(dir.join("reports")).unwrap();
    std::fs::copy(fixture(SEED), dir.join("reports/clean.txt")).unwrap();
    std::fs::write(dir.join("README.rst"), "not a report\n").unwrap();
    git(dir, &["add", "."], env);
    let o = git(dir, &["commit", "-q", "-m", "clean report"], env);
    assert!(
        o.status.success(),
        "the clean report commits:\n{}",
        text(&o)
    );
    assert!(text(&o).contains("Passed"), "{}", text(&o));

    std::fs::copy(
        fixture("broken/seed-income-total-751.2.txt"),
        dir.join("reports/broken.txt"),
    )
    .unwrap();
    git(dir, &["add", "."], env);
    let o = git(dir, &["commit", "-q", "-m", "broken report"], env);
    let out = text(&o);
    assert!(!o.status.success(), "the broken report is refused:\n{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(
        out.contains("error[income-total]") && out.contains("broken.txt:7:"),
        "{out}"
    );
    let log = git(dir, &["rev-list", "--count", "HEAD"], env);
    assert_eq!(String::from_utf8_lossy(&log.stdout).trim(), "1");
}

fn skip_note() -> bool {
    if !on_path("pre-commit") || !on_path("git") {
        eprintln!("note: pre-commit or git not on PATH; skipping (pip install pre-commit)");
        return true;
    }
    false
}

#[test]
fn system_hook_refuses_the_commit_of_a_broken_report() {
    if skip_note() {
        return;
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_reportlint"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    commit_flow(
        "reportlint-system",
        &[
            ("PATH".into(), path.to_string_lossy().into_owned()),
            ("PRE_COMMIT_HOME".into(), home.path().display().to_string()),
            ("NO_COLOR".into(), "1".into()),
        ],
    );
}

#[test]
fn cargo_built_hook_refuses_the_commit_of_a_broken_report() {
    if skip_note() {
        return;
    }
    if std::env::var_os("REPORTLINT_TEST_CARGO_HOOK").is_none_or(|v| v != "1") {
        eprintln!(
            "note: the `reportlint` hook (language: rust) builds with cargo install; \
             set REPORTLINT_TEST_CARGO_HOOK=1 to run it"
        );
        return;
    }
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let s = |p: &str| tmp.join(p).display().to_string();
    commit_flow(
        "reportlint",
        &[
            ("PRE_COMMIT_HOME".into(), s("pre-commit-home")),
            ("CARGO_TARGET_DIR".into(), s("pre-commit-cargo")),
            // A quick unoptimised build is enough to test the hook.
            ("CARGO_PROFILE_RELEASE_LTO".into(), "false".into()),
            ("CARGO_PROFILE_RELEASE_OPT_LEVEL".into(), "0".into()),
            ("CARGO_PROFILE_RELEASE_DEBUG".into(), "false".into()),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS".into(), "16".into()),
            ("NO_COLOR".into(), "1".into()),
        ],
    );
}
