//! `reportlint facts`: what reportlint reads from one report.

use std::io::Write;
use std::path::Path;

use super::inputs::{config_for, load, write_config_error, Input};
use super::Outcome;
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
        Ok::<_, crate::source::LoadError>(if json {
            render::facts::render_json(&doc)
        } else {
            render::facts::render_human(&doc)
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
