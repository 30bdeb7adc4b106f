//! The linter: rules compiled once, configuration resolved once, then any
//! number of documents.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rhai::{Dynamic, Map};

use crate::config::{parse_fail_on, parse_rule_severity, Config, ConfigError};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::engine::{rule_error, RuleSet};
use crate::rules::{all_rules, RuleFile};
use crate::source::Source;
use crate::suppress::{self, Comment};

pub use crate::config::Overrides;
pub use crate::parse_profile::{parse_with_profile, resolve_profile};
pub use crate::report::FileReport;

/// Wall-clock time all rules together may spend on one document; each
/// rule also has its own limit (`engine::limits::MAX_RULE_TIME`).
pub const MAX_DOCUMENT_RULE_TIME: std::time::Duration = std::time::Duration::from_secs(8);

/// `REPORTLINT_TIMINGS=1` prints each rule's time and script operations per
/// document, and the run's phases, on stderr (for rule authors looking for
/// a slow rule).
pub fn timings_wanted() -> bool {
    static WANTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WANTED.get_or_init(|| std::env::var_os("REPORTLINT_TIMINGS").is_some_and(|v| v == "1"))
}

/// What became of one rule on one document.
enum RuleOutcome<'a> {
    NotRun,
    /// Not started: the document's time budget was spent.
    Skipped(&'a str),
    Ran(&'a crate::engine::CompiledRule, Vec<Diagnostic>),
}

/// With `REPORTLINT_TIMINGS=1`, prints how long the process has run when
/// it reaches `what` (the first call starts the clock).
pub fn phase(what: &str) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(std::time::Instant::now);
    if timings_wanted() {
        eprintln!(
            "phase {:>9.3} ms  {what}",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// One rule as configured.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub enabled: bool,
    pub severity: Severity,
    pub options: Map,
}

/// Rules, compiled, with their resolved settings.
pub struct Linter {
    pub rules: RuleSet,
    pub settings: Vec<RuleSettings>,
    pub fail_on: Option<Severity>,
    pub max_warnings: Option<usize>,
    pub profile: Option<String>,
    pub config_path: Option<PathBuf>,
    /// `per-file-ignores` of the config's layers.
    pub per_file_ignores: Vec<crate::config::PerFileIgnore>,
}

/// Does a `select`/`ignore` entry name this rule?
pub fn selector_matches(sel: &str, rule: &RuleFile) -> bool {
    if sel == "*" || sel == "all" {
        return true;
    }
    if let Some(cat) = sel.strip_prefix("category:") {
        return rule.meta.category == cat;
    }
    glob_match(sel, &rule.meta.id)
}

fn glob_match(pattern: &str, text: &str) -> bool {
    let Some(star) = pattern.find('*') else {
        return pattern == text;
    };
    let (head, tail) = (&pattern[..star], &pattern[star + 1..]);
    if !text.starts_with(head) {
        return false;
    }
    let rest = &text[head.len()..];
    if tail.is_empty() {
        return true;
    }
    (0..=rest.len()).any(|i| rest.is_char_boundary(i) && glob_match(tail, &rest[i..]))
}

fn toml_to_dynamic(v: &toml::Value) -> Result<Dynamic, String> {
    rhai::serde::to_dynamic(v).map_err(|e| e.to_string())
}

fn same_shape(a: &Dynamic, b: &Dynamic) -> bool {
    a.type_name() == b.type_name()
        || (a.is::<rhai::INT>() && b.is::<rust_decimal::Decimal>())
        || (a.is::<rust_decimal::Decimal>() && b.is::<rhai::INT>())
}

impl Linter {
    /// Compiles the rules (built-in, config `rule-dirs`, `--rules-dir`) and
    /// checks the configuration against them.
    pub fn new(config: &Config, over: &Overrides) -> Result<Linter, ConfigError> {
        let layers = config.layers();
        let mut dirs = Vec::new();
        for c in &layers {
            dirs.extend(c.rule_dirs()?);
        }
        dirs.extend(over.rule_dirs.iter().cloned());
        // A rule pack problem (a duplicate id) belongs to the config file
        // only when there is one; else to the command line's --rules-dir.
        let files = all_rules(&dirs).map_err(|e| match config.path {
            Some(_) => config.error(None, e.to_string()),
            None => ConfigError::command_line(e.to_string()),
        })?;
        let rules = RuleSet::compile(files);

        // select / ignore (in every layer) must name something.
        for (layer, sel) in config.selectors() {
            let s = sel.get_ref();
            if !rules.rules.iter().any(|r| selector_matches(s, &r.file)) {
                return Err(layer.error(
                    Some(sel.span()),
                    format!("“{s}”不匹配任何规则（可用 `reportlint rules` 查看规则列表）"),
                ));
            }
        }
        // So must --select / --ignore: a typo there would check nothing.
        for (flag, sel) in over
            .select
            .iter()
            .map(|s| ("--select", s))
            .chain(over.ignore.iter().map(|s| ("--ignore", s)))
        {
            if !rules.rules.iter().any(|r| selector_matches(sel, &r.file)) {
                return Err(ConfigError::command_line(format!(
                    "{flag} {sel}：“{sel}”不匹配任何规则（规则 id、通配符如 *-total、或 category:类别；可用 `reportlint rules` 查看规则列表）"
                )));
            }
        }
        let select: Vec<String> = if !over.select.is_empty() {
            over.select.clone()
        } else {
            config.selection()
        };
        let mut ignore: Vec<String> = config.ignored();
        ignore.extend(over.ignore.iter().cloned());

        let mut settings: Vec<RuleSettings> = rules
            .rules
            .iter()
            .map(|r| RuleSettings {
                enabled: select.iter().any(|s| selector_matches(s, &r.file))
                    && !ignore.iter().any(|s| selector_matches(s, &r.file)),
                severity: r.severity(),
                options: r.defaults.clone(),
            })
            .collect();

        // [rules.<id>] of each layer, the later over the earlier key by key.
        for (config, id, rc) in config
            .layers()
            .into_iter()
            .flat_map(|c| c.file.rules.iter().map(move |(id, rc)| (c, id, rc)))
        {
            let Some(i) = rules.rules.iter().position(|r| r.id() == id.get_ref()) else {
                return Err(config.error(
                    Some(id.span()),
                    format!(
                        "未知的规则 id“{}”（可用 `reportlint rules` 查看规则列表）",
                        id.get_ref()
                    ),
                ));
            };
            let rc = rc.get_ref();
            if let Some(sev) = &rc.severity {
                match parse_rule_severity(sev.get_ref()) {
                    Some(Some(s)) => settings[i].severity = s,
                    Some(None) => settings[i].enabled = false,
                    None => {}
                }
            }
            if let Some(opts) = &rc.options {
                let defaults = &rules.rules[i].defaults;
                for (k, v) in opts.get_ref() {
                    let dv = toml_to_dynamic(v).map_err(|e| {
                        config.error(Some(opts.span()), format!("选项 {k} 的值无法使用：{e}"))
                    })?;
                    match defaults.get(k.as_str()) {
                        None => {
                            let known: Vec<&str> = defaults.keys().map(|k| k.as_str()).collect();
                            return Err(config.error(
                                Some(opts.span()),
                                format!(
                                    "规则 {} 没有选项“{k}”（可用的有：{}）",
                                    id.get_ref(),
                                    known.join("、")
                                ),
                            ));
                        }
                        Some(def) if !same_shape(def, &dv) => {
                            return Err(config.error(
                                Some(opts.span()),
                                format!(
                                    "规则 {} 的选项“{k}”类型应为 {}，实际为 {}",
                                    id.get_ref(),
                                    def.type_name(),
                                    dv.type_name()
                                ),
                            ));
                        }
                        Some(_) => {
                            settings[i].options.insert(k.as_str().into(), dv);
                        }
                    }
                }
            }
            // extend-options: lists appended to, not replaced.
            for (k, v) in rc.extend_options.iter().flat_map(|o| o.get_ref()) {
                let span = rc.extend_options.as_ref().map(|o| o.span());
                let current = settings[i].options.get(k.as_str()).cloned();
                let added = toml_to_dynamic(v)
                    .ok()
                    .and_then(|d| d.try_cast::<rhai::Array>());
                match (current.and_then(|c| c.try_cast::<rhai::Array>()), added) {
                    (Some(mut list), Some(more)) => {
                        list.extend(more);
                        settings[i].options.insert(k.as_str().into(), list.into());
                    }
                    _ => {
                        return Err(config.error(
                            span,
                            format!(
                                "规则 {} 的选项“{k}”不是列表（或写的不是列表），不能用 extend-options 追加；替换请用 options",
                                id.get_ref()
                            ),
                        ))
                    }
                }
            }
        }

        let fail_on = match over.fail_on {
            Some(v) => v,
            None => config
                .last(|c| {
                    c.file
                        .fail_on
                        .as_ref()
                        .and_then(|s| parse_fail_on(s.get_ref()))
                })
                .unwrap_or(Some(Severity::Error)),
        };
        let profile = resolve_profile(config, over)?;
        Ok(Linter {
            rules,
            settings,
            fail_on,
            max_warnings: config
                .last(|c| c.file.max_warnings.as_ref().map(|m| *m.get_ref() as usize)),
            profile,
            config_path: config.path.clone(),
            per_file_ignores: config.per_file_ignores()?,
        })
    }

    /// Compile errors of rule scripts, reported once per run.
    pub fn setup_diagnostics(&self) -> Vec<FileReport> {
        self.rules
            .rules
            .iter()
            .zip(&self.settings)
            .filter(|(_, s)| s.enabled)
            .filter_map(|(r, _)| {
                let (msg, line) = r.compile_error()?;
                let mut d = rule_error(r, msg, *line, "");
                d.notes.clear();
                d.notes
                    .push("该规则无法编译，已跳过；其余规则照常运行".into());
                Some(FileReport::new(
                    r.file.path.clone(),
                    r.file.source.to_string(),
                    vec![d],
                ))
            })
            .collect()
    }

    /// Parses a source into a document, with its profile.
    pub fn parse(&self, src: Source) -> Document {
        parse_with_profile(src, self.profile.as_deref())
    }

    /// Lints one source, honouring its suppression directives (see
    /// [`crate::suppress`]).
    pub fn lint(&self, src: Source) -> FileReport {
        self.lint_paired(src, Vec::new())
    }

    /// Lints one report with the forms paired with it ([`crate::pairing`]).
    pub fn lint_paired(&self, src: Source, forms: Vec<crate::document::Companion>) -> FileReport {
        let comments: Vec<suppress::Comment> = src
            .comments
            .iter()
            .map(|(range, text)| suppress::Comment {
                span: crate::document::Span::new(range.start, range.end),
                text: text.clone(),
            })
            .collect();
        self.lint_inner(src, &comments, forms)
    }

    /// Lints one source whose structured format carries ranged comments
    /// (Word comments in a .docx) that may hold suppressions.
    pub fn lint_with_comments(&self, src: Source, comments: &[Comment]) -> FileReport {
        self.lint_inner(src, comments, Vec::new())
    }

    fn lint_inner(
        &self,
        mut src: Source,
        comments: &[Comment],
        forms: Vec<crate::document::Companion>,
    ) -> FileReport {
        let prepared = suppress::prepare(&src.text, comments);
        let original = prepared
            .blanked
            .map(|b| std::mem::replace(&mut src.text, b));
        let mut doc = self.parse(src);
        doc.companions = forms;
        let doc = Arc::new(doc);
        let mut report = self.lint_document(&doc);
        if let Some(text) = original {
            report.text = text;
        }
        if !self.per_file_ignores.is_empty() {
            let ignored: Vec<&String> = self
                .per_file_ignores
                .iter()
                .filter(|p| p.matches(&report.name))
                .flat_map(|p| &p.rules)
                .collect();
            if !ignored.is_empty() {
                report.diagnostics.retain(|d| match self.rule(&d.rule) {
                    Some(r) => !ignored.iter().any(|s| selector_matches(s, &r.file)),
                    None => true,
                });
            }
        }
        let mut sup = prepared.suppressions;
        if !sup.is_empty() {
            let known = |id: &str| self.rule(id).is_some();
            let enabled = |id: &str| {
                self.rules
                    .rules
                    .iter()
                    .zip(&self.settings)
                    .any(|(r, s)| r.id() == id && s.enabled)
            };
            let diags = std::mem::take(&mut report.diagnostics);
            let before = diags.len();
            report.diagnostics = sup.apply(diags, &report.name, &known, &enabled);
            let kept = report
                .diagnostics
                .iter()
                .filter(|d| d.rule != crate::suppress::SUPPRESSION)
                .count();
            report.suppressed = before.saturating_sub(kept);
        }
        report
    }

    /// Runs every enabled rule on a parsed document.
    pub fn lint_document(&self, doc: &Arc<Document>) -> FileReport {
        let mut diagnostics = Vec::new();
        let mut extra: Vec<(String, Arc<str>)> = Vec::new();
        let started = std::time::Instant::now();
        let mut skipped: Vec<&str> = Vec::new();
        if doc.facts.len() >= crate::facts::MAX_FACTS {
            diagnostics.push(Diagnostic::new(
                crate::diagnostic::INPUT_LIMIT,
                Severity::Warning,
                &doc.path,
                doc.title_span,
                format!(
                    "报告中的数字超过 {} 个，只核对了前 {} 个",
                    crate::facts::MAX_FACTS,
                    crate::facts::MAX_FACTS
                ),
            ));
        }
        // Rules are independent: they run in parallel too, so that a single
        // report (the pre-commit case) uses every core. In a batch the
        // cores are already busy with other reports and this costs nothing.
        let outcomes: Vec<RuleOutcome> = self
            .rules
            .rules
            .par_iter()
            .zip(self.settings.par_iter())
            .map(|(rule, s)| {
                if !s.enabled
                    || rule.compile_error().is_some()
                    || !rule.applies_to(doc.profile.as_deref())
                {
                    return RuleOutcome::NotRun;
                }
                if started.elapsed() > MAX_DOCUMENT_RULE_TIME {
                    return RuleOutcome::Skipped(rule.id());
                }
                let t0 = std::time::Instant::now();
                let found = self.rules.run(rule, doc, &s.options, s.severity);
                if timings_wanted() {
                    eprintln!(
                        "timing {:>9.3} ms {:>8} ops  {}  {}",
                        t0.elapsed().as_secs_f64() * 1e3,
                        crate::engine::last_rule_operations(),
                        rule.id(),
                        doc.path
                    );
                }
                RuleOutcome::Ran(rule, found)
            })
            .collect();
        for outcome in outcomes {
            match outcome {
                RuleOutcome::NotRun => {}
                RuleOutcome::Skipped(id) => skipped.push(id),
                RuleOutcome::Ran(rule, found) => {
                    for d in found {
                        if d.file != doc.path && !extra.iter().any(|(n, _)| *n == d.file) {
                            extra.push((d.file.clone(), rule.file.source.clone()));
                        }
                        diagnostics.push(d);
                    }
                }
            }
        }
        if !skipped.is_empty() {
            let mut d = Diagnostic::new(
                crate::diagnostic::INPUT_LIMIT,
                Severity::Warning,
                &doc.path,
                doc.title_span,
                format!(
                    "报告过大或过于复杂：规则运行超过 {} 秒预算，{} 条规则未运行",
                    MAX_DOCUMENT_RULE_TIME.as_secs(),
                    skipped.len()
                ),
            );
            d.notes.push(format!("未运行：{}", skipped.join("、")));
            diagnostics.push(d);
        }
        diagnostics.sort_by(|a, b| {
            (a.file != doc.path, a.span.start, &a.rule).cmp(&(
                b.file != doc.path,
                b.span.start,
                &b.rule,
            ))
        });
        let mut tables = crate::report::touched(&doc.path, &doc.tables, &diagnostics);
        crate::pairing::form_sources(doc, &diagnostics, &mut extra, &mut tables);
        FileReport {
            name: doc.path.clone(),
            text: doc.unmasked_text().into_owned(),
            diagnostics,
            extra_sources: extra,
            locations: doc.locations.clone(),
            suppressed: 0,
            cells: crate::table::cell_places(&doc.tables),
            tables,
        }
    }

    /// The rule a diagnostic came from, by id.
    pub fn rule(&self, id: &str) -> Option<&crate::engine::CompiledRule> {
        self.rules.rules.iter().find(|r| r.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_rule_ids() {
        assert!(glob_match("balance-*", "balance-income"));
        assert!(glob_match("*-total", "income-total"));
        assert!(!glob_match("income-*", "expense-total"));
        assert!(glob_match("income-total", "income-total"));
    }
}
