//! `reportlint rules` and `reportlint explain`: the rules a run would use,
//! and one rule's explanation.

use std::io::Write;
use std::path::Path;

use super::batch::rule_infos;
use super::inputs::{config_for, write_config_error, Input};
use super::Outcome;
use crate::diagnostic::Severity;
use crate::linter::{Linter, Overrides};

/// `reportlint rules`: one line per rule.
pub fn list_rules(
    over: &Overrides,
    config: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let cfg = match config_for(config, &Input::Stdin) {
        Ok(c) => c,
        Err(e) => {
            write_config_error(err, &e, false);
            return Outcome::Error;
        }
    };
    let linter = match Linter::new(&cfg, over) {
        Ok(l) => l,
        Err(e) => {
            write_config_error(err, &e, false);
            return Outcome::Error;
        }
    };
    let width = linter
        .rules
        .rules
        .iter()
        .map(|r| r.id().len())
        .max()
        .unwrap_or(10);
    for (r, s) in linter.rules.rules.iter().zip(&linter.settings) {
        let state = if s.enabled {
            s.severity.as_str()
        } else {
            "off"
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {:<11}  {}",
            r.id(),
            state,
            r.file.meta.category,
            r.file.meta.summary
        );
    }
    let _ = writeln!(
        out,
        "\n共 {} 条规则。`reportlint explain <规则id>` 查看说明。",
        linter.rules.rules.len()
    );
    Outcome::Clean
}

/// `reportlint explain ID`.
pub fn explain(
    id: &str,
    over: &Overrides,
    config: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    // The rules `check` and `rules` would see here: the config's rule
    // directories as well as --rules-dir.
    let cfg = match config_for(config, &Input::Stdin) {
        Ok(c) => c,
        Err(e) => {
            write_config_error(err, &e, false);
            return Outcome::Error;
        }
    };
    let mut dirs = match cfg.rule_dirs() {
        Ok(d) => d,
        Err(e) => {
            write_config_error(err, &e, false);
            return Outcome::Error;
        }
    };
    dirs.extend(over.rule_dirs.iter().cloned());
    let files = match crate::rules::all_rules(&dirs) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            return Outcome::Error;
        }
    };
    // The ids reportlint itself reports under (not rule scripts).
    if let Some(info) = rule_infos(&[]).into_iter().find(|r| r.id == id) {
        let _ = writeln!(
            out,
            "{}  [{}，默认级别 {}]",
            info.id, info.category, info.severity
        );
        let _ = writeln!(out, "\n{}\n\n{}", info.summary, info.explain);
        return Outcome::Clean;
    }
    let Some(r) = files.iter().find(|r| r.meta.id == id) else {
        let mut close: Vec<&str> = files
            .iter()
            .map(|r| r.meta.id.as_str())
            .filter(|x| x.contains(id) || id.contains(*x) || x.split('-').any(|p| id.contains(p)))
            .collect();
        close.truncate(5);
        let _ = writeln!(err, "错误：没有 id 为“{id}”的规则");
        if !close.is_empty() {
            let _ = writeln!(err, "你是不是想找：{}", close.join("、"));
        }
        let _ = writeln!(err, "用 `reportlint rules` 查看全部规则");
        return Outcome::Error;
    };
    let m = &r.meta;
    let sev = m.severity.unwrap_or(Severity::Warning);
    let _ = writeln!(out, "{}  [{}，默认级别 {}]", m.id, m.category, sev);
    let _ = writeln!(out, "\n{}", m.summary);
    if !m.explain.is_empty() {
        let _ = writeln!(out, "\n{}", m.explain);
    }
    if !m.basis.is_empty() {
        let _ = writeln!(out, "\n依据：{}", m.basis);
    }
    if !m.profiles.is_empty() {
        let _ = writeln!(out, "\n适用报告类型：{}", m.profiles.join("、"));
    }
    let engine_rules = crate::engine::RuleSet::compile(vec![r.clone()]);
    if let Some(c) = engine_rules.rules.first() {
        if !c.defaults.is_empty() {
            let _ = writeln!(
                out,
                "\n选项（可在 reportlint.toml 的 [rules.{}] options 中修改）：",
                m.id
            );
            for (k, v) in &c.defaults {
                let _ = writeln!(out, "  {k} = {v}");
            }
        }
    }
    let _ = writeln!(out, "\n规则文件：{}", r.path);
    Outcome::Clean
}
