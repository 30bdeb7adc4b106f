//! `reportlint facts`: what reportlint reads from one report.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::inputs::{config_for, is_report, load, write_config_error, Input};
use super::Outcome;
use crate::document::Document;
use crate::linter::Overrides;
use crate::render;

/// `reportlint facts`.
pub fn facts(
    path: &Path,
    json: bool,
    config: Option<&Path>,
    over: &Overrides,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> Outcome {
    let input = if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    };
    let cfg = match config_for(config, &input) {
        Ok(c) => c,
        Err(e) => {
            write_config_error(err, &e, color);
            return Outcome::Error;
        }
    };
    // Only the profile is needed here: the rule pack is not compiled.
    let profile = match crate::linter::resolve_profile(&cfg, over) {
        Ok(p) => p,
        Err(e) => {
            write_config_error(err, &e, color);
            return Outcome::Error;
        }
    };
    // Isolated as `check` isolates each report.
    let name = input.name();
    let text = match crate::isolation::catch(&name, || {
        let src = load(&input)?;
        let doc = crate::linter::parse_with_profile(src, profile.as_deref());
        let pairing = match &input {
            Input::File(p) => {
                let others = siblings(p, profile.as_deref());
                let others: Vec<&Document> = others.iter().collect();
                Some(crate::pairing::listing(&doc, &others))
            }
            Input::Stdin => None,
        };
        Ok::<_, crate::source::LoadError>(if json {
            render::facts::render_json(&doc, pairing.as_ref())
        } else {
            let mut text = render::facts::render_human(&doc);
            if let Some(p) = &pairing {
                text.push_str(&render::facts::render_pairing(p));
            }
            text
        })
    }) {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => {
            let _ = writeln!(err, "错误：{name}：{e}");
            return Outcome::Error;
        }
        Err(failure) => {
            let _ = writeln!(err, "错误：{name}：reportlint 内部错误：{failure}");
            return Outcome::Error;
        }
    };
    let _ = writeln!(out, "{text}");
    Outcome::Clean
}

/// Siblings read for pairing at most: a listing stays quick in a folder
/// of thousands of reports.
const MAX_SIBLINGS: usize = 200;

/// The other inputs of a file's directory, parsed for pairing (those that
/// cannot be read are left out).
fn siblings(path: &Path, profile: Option<&str>) -> Vec<Document> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let me = std::fs::canonicalize(path).ok();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && is_report(p)
                && !crate::fix::is_derived_copy(p)
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                && std::fs::canonicalize(p).ok() != me
        })
        .collect();
    files.sort();
    files.truncate(MAX_SIBLINGS);
    files
        .iter()
        .filter_map(|p| {
            crate::isolation::catch_quiet(|| {
                crate::source::load_path(p)
                    .ok()
                    .map(|s| crate::linter::parse_with_profile(s, profile))
            })
            .ok()
            .flatten()
        })
        .collect()
}
