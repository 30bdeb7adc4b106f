//! Commands as library functions: `main.rs` only parses arguments and maps
//! the outcome to an exit code.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config, ConfigError};
use crate::diagnostic::Severity;
use crate::linter::{FileReport, Linter, Overrides};
use crate::render::{self, Summary};
use crate::source::{self, LoadError, Source};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the fail-on severity.
    Clean,
    /// Findings at or above fail-on (or more warnings than allowed).
    Findings,
    /// Usage, configuration or input errors.
    Error,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    pub color: bool,
    pub max_warnings: Option<usize>,
}

/// One input: a file on disk or standard input.
#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".into(),
        }
    }
}

/// Files under `paths`: files as given, directories walked recursively by
/// extension (hidden directories and `target` skipped), sorted.
fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files);
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            errors.push(format!("{}：文件不存在", p.display()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, out),
            Ok(t) if t.is_file() => {
                let ext = p
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if source::REPORT_EXTENSIONS.contains(&ext.as_str()) || ext == "docx" {
                    out.push(p);
                }
            }
            _ => {}
        }
    }
}

fn load(input: &Input) -> Result<Source, LoadError> {
    match input {
        Input::File(p) => source::load_path(p),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            source::load_bytes("<stdin>".into(), &bytes)
        }
    }
}

/// Writes a config error with its TOML line.
pub fn write_config_error(err: &mut dyn Write, e: &ConfigError, color: bool) {
    let bytes = render::human::render_located(&e.path, &e.text, e.span.clone(), &e.message, color);
    let _ = err.write_all(&bytes);
}

/// Loads the configuration for a path: `--config` if given, else the
/// nearest `reportlint.toml` upward, else defaults.
fn config_for(explicit: Option<&Path>, input: &Input) -> Result<Config, ConfigError> {
    if let Some(p) = explicit {
        return Config::load(p);
    }
    let start = match input {
        Input::File(p) => p.clone(),
        Input::Stdin => PathBuf::from("."),
    };
    match config::discover(&start) {
        Some(p) => Config::load(&p),
        None => Ok(Config::default()),
    }
}

/// `reportlint check`.
pub fn check(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut input_errors = Vec::new();
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let inputs = collect_inputs(&paths, &mut input_errors);
    if inputs.is_empty() && input_errors.is_empty() {
        let _ = writeln!(err, "错误：没有找到可检查的报告（.txt、.md、.docx）");
        return Outcome::Error;
    }

    // One linter per configuration file, built once.
    let mut linters: Vec<Linter> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut assignment: Vec<Option<usize>> = Vec::new();
    let mut config_failed = false;
    for input in &inputs {
        let cfg = match config_for(opts.config.as_deref(), input) {
            Ok(c) => c,
            Err(e) => {
                write_config_error(err, &e, opts.color);
                return Outcome::Error;
            }
        };
        let key = cfg.path.clone();
        let idx = match by_config.get(&key) {
            Some(i) => *i,
            None => match Linter::new(&cfg, &opts.overrides) {
                Ok(l) => {
                    linters.push(l);
                    by_config.insert(key, linters.len() - 1);
                    linters.len() - 1
                }
                Err(e) => {
                    write_config_error(err, &e, opts.color);
                    config_failed = true;
                    break;
                }
            },
        };
        assignment.push(Some(idx));
    }
    if config_failed {
        return Outcome::Error;
    }

    let mut reports: Vec<FileReport> = Vec::new();
    for l in &linters {
        reports.extend(l.setup_diagnostics());
    }
    let results: Vec<Result<FileReport, String>> = inputs
        .par_iter()
        .zip(assignment.par_iter())
        .map(|(input, li)| {
            let linter = &linters[li.unwrap_or(0)];
            match load(input) {
                Ok(src) => Ok(linter.lint(src)),
                Err(e) => Err(format!("{}：{e}", input.name())),
            }
        })
        .collect();
    let mut linted = 0;
    let mut fail = false;
    for (res, li) in results.into_iter().zip(&assignment) {
        match res {
            Ok(r) => {
                linted += 1;
                let linter = &linters[li.unwrap_or(0)];
                if let Some(min) = linter.fail_on {
                    if r.diagnostics.iter().any(|d| d.severity >= min) {
                        fail = true;
                    }
                }
                reports.push(r);
            }
            Err(e) => input_errors.push(e),
        }
    }
    if reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.rule == crate::diagnostic::RULE_ERROR)
    {
        fail = true;
    }
    let summary = Summary::of(&reports, linted);
    let max_warnings = opts
        .max_warnings
        .or_else(|| linters.iter().filter_map(|l| l.max_warnings).min());
    if let Some(m) = max_warnings {
        if summary.warnings > m {
            fail = true;
        }
    }

    match opts.format {
        Format::Human => {
            for r in &reports {
                let _ = out.write_all(&render::human::render_report(r, opts.color));
            }
            let _ = writeln!(out, "{}", summary.line());
            if let Some(m) = max_warnings {
                if summary.warnings > m {
                    let _ = writeln!(out, "警告数 {} 超过上限 {m}", summary.warnings);
                }
            }
        }
        Format::Json => {
            let _ = writeln!(out, "{}", render::json::render(&reports, summary));
        }
    }
    for e in &input_errors {
        let _ = writeln!(err, "错误：{e}");
    }
    if !input_errors.is_empty() {
        Outcome::Error
    } else if fail {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

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
    let linter = match Linter::new(&cfg, over) {
        Ok(l) => l,
        Err(e) => {
            write_config_error(err, &e, color);
            return Outcome::Error;
        }
    };
    let src = match load(&input) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "错误：{}：{e}", input.name());
            return Outcome::Error;
        }
    };
    let doc = linter.parse(src);
    let text = if json {
        render::facts::render_json(&doc)
    } else {
        render::facts::render_human(&doc)
    };
    let _ = writeln!(out, "{text}");
    Outcome::Clean
}

/// `reportlint rules`: one line per rule.
pub fn list_rules(
    over: &Overrides,
    config: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let cfg = match config.map(Config::load).unwrap_or_else(|| {
        config::discover(Path::new("."))
            .map(|p| Config::load(&p))
            .unwrap_or_else(|| Ok(Config::default()))
    }) {
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
pub fn explain(id: &str, over: &Overrides, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let files = match crate::rules::all_rules(&over.rule_dirs) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            return Outcome::Error;
        }
    };
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

/// `reportlint init`: writes a commented starter file, never over an
/// existing one.
pub fn init(dir: &Path, force: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let path = dir.join(config::CONFIG_NAME);
    if path.exists() && !force {
        let _ = writeln!(err, "错误：{} 已存在（用 --force 覆盖）", path.display());
        return Outcome::Error;
    }
    match crate::fsutil::write_atomic(&path, config::STARTER.as_bytes()) {
        Ok(()) => {
            let _ = writeln!(out, "已写入 {}", path.display());
            Outcome::Clean
        }
        Err(e) => {
            let _ = writeln!(err, "错误：无法写入 {}：{e}", path.display());
            Outcome::Error
        }
    }
}

/// `reportlint test [DIR...]`.
pub fn test(dirs: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let files = if dirs.is_empty() {
        crate::rules::builtin_rules()
    } else {
        let mut v = Vec::new();
        for d in dirs {
            match crate::rules::dir_rules(d) {
                Ok(r) => v.extend(r),
                Err(e) => {
                    let _ = writeln!(err, "错误：{e}");
                    return Outcome::Error;
                }
            }
        }
        if v.is_empty() {
            let _ = writeln!(
                err,
                "错误：{} 中没有 .rhai 规则",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            );
            return Outcome::Error;
        }
        Ok(v)
    };
    let files = match files {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "错误：{e}");
            return Outcome::Error;
        }
    };
    let set = crate::engine::RuleSet::compile(files);
    let outcomes = crate::testing::run_cases(&set, None);
    if crate::testing::report(&outcomes, out) {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}
