//! Commands as library functions: `main.rs` only parses arguments and maps
//! the outcome to an exit code.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::baseline::{self, Baseline};
use crate::config::{self, Config, ConfigError};
use crate::diagnostic::Severity;
use crate::linter::phase;
use crate::linter::{FileReport, Linter, Overrides};
use crate::render::{self, RuleInfo, Summary};
use crate::source::{self, LoadError, Source};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Html,
    /// One line per finding (`render::concise`).
    Concise,
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
    /// Write the output to this file (atomically) instead of stdout.
    pub output: Option<PathBuf>,
    /// Report only findings not recorded in this baseline file.
    pub baseline: Option<PathBuf>,
    /// Show a progress bar on stderr for large batches.
    pub progress: bool,
    /// Reports linted in parallel before they are rendered and dropped.
    pub chunk: usize,
    /// Apply the safe fixes first (`--fix`); print them instead (`--diff`);
    /// the unsafe ones too (`--unsafe-fixes`).
    pub fix: bool,
    pub diff: bool,
    pub unsafe_fixes: bool,
    /// A count per rule instead of the findings (`--statistics`).
    pub statistics: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            paths: Vec::new(),
            format: Format::Human,
            config: None,
            overrides: Overrides::default(),
            color: false,
            max_warnings: None,
            output: None,
            baseline: None,
            progress: false,
            chunk: CHUNK,
            fix: false,
            diff: false,
            unsafe_fixes: false,
            statistics: false,
        }
    }
}

/// Batches larger than this get a progress bar (on a terminal).
pub const PROGRESS_MIN_FILES: usize = 20;

/// One input: a file on disk or standard input.
#[derive(Debug, Clone)]
pub enum Input {
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

/// Whether a file name has a report extension.
fn is_report(p: &Path) -> bool {
    let ext = extension(p);
    source::REPORT_EXTENSIONS.contains(&ext.as_str())
        || ext == "docx"
        || source::OLD_WORD_EXTENSIONS.contains(&ext.as_str())
}

fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Files under `paths`: files as given, directories walked recursively by
/// extension, honouring `.gitignore`/`.ignore` files (also outside a git
/// repository) and skipping hidden entries, `target` and `node_modules`;
/// each directory's files sorted.
fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            let walker = ignore::WalkBuilder::new(p)
                .hidden(true)
                .git_ignore(true)
                .git_exclude(true)
                .ignore(true)
                .require_git(false)
                .filter_entry(|e| {
                    let n = e.file_name();
                    n != "target" && n != "node_modules"
                })
                .build();
            for entry in walker {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file())
                            && is_report(e.path())
                            && !crate::fix::is_derived_copy(e.path()) =>
                    {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(format!("{}：{e}", p.display())),
                }
            }
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

fn load(input: &Input) -> Result<Source, LoadError> {
    match input {
        Input::File(p) => source::load_path(p),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(source::MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)?;
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
pub(crate) fn config_for(explicit: Option<&Path>, input: &Input) -> Result<Config, ConfigError> {
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

/// The linted batch, before output.
struct Batch {
    linted: usize,
    input_errors: Vec<String>,
    max_warnings: Option<usize>,
    rules: Vec<RuleInfo>,
}

/// Rule descriptions over all linters (first definition of an id wins),
/// plus the ids the linter itself reports under.
fn rule_infos(linters: &[Linter]) -> Vec<RuleInfo> {
    let mut out: Vec<RuleInfo> = Vec::new();
    for l in linters {
        for r in &l.rules.rules {
            if out.iter().any(|x| x.id == r.id()) {
                continue;
            }
            let m = &r.file.meta;
            out.push(RuleInfo {
                id: m.id.clone(),
                category: m.category.clone(),
                severity: r.severity(),
                summary: m.summary.clone(),
                explain: m.explain.clone(),
            });
        }
    }
    out.push(RuleInfo {
        id: crate::suppress::SUPPRESSION.into(),
        category: "reportlint".into(),
        severity: Severity::Warning,
        summary: "抑制指令缺少理由、规则 id 不存在或没有抑制任何问题".into(),
        explain: "reportlint-disable 类指令必须写明规则 id 和理由（“: 理由”），否则不生效；\
                  问题修复后请删除不再需要的指令。"
            .into(),
    });
    out.push(RuleInfo {
        id: crate::diagnostic::RULE_ERROR.into(),
        category: "reportlint".into(),
        severity: Severity::Error,
        summary: "规则脚本无法编译或运行失败".into(),
        explain: "规则脚本出错、超出运行限制或无法编译时报告；其余规则照常运行。".into(),
    });
    out
}

/// What `lint_batch` hands over, in order: the setup diagnostics (rule
/// scripts that do not compile) once, then the linted reports a chunk at a
/// time, each with its linter's fail-on severity.
enum Linted {
    Setup(Vec<FileReport>),
    Reports(Vec<(FileReport, Option<Severity>)>),
}

/// Reports linted in parallel before they are handed over: enough to keep
/// every core busy, few enough that a batch of any size holds only its
/// findings (and the text they point into), not its reports.
pub const CHUNK: usize = 512;

/// Collects, configures and lints the inputs of `opts`, handing the results
/// to `sink` in input order.
fn lint_batch(
    opts: &CheckOptions,
    err: &mut dyn Write,
    sink: &mut dyn FnMut(Linted),
) -> Result<Batch, Outcome> {
    let mut input_errors = Vec::new();
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let inputs = collect_inputs(&paths, &mut input_errors);
    phase("inputs collected");
    if inputs.is_empty() && input_errors.is_empty() {
        let _ = writeln!(err, "错误：没有找到可检查的报告（.txt、.md、.docx）");
        return Err(Outcome::Error);
    }

    // One linter per configuration file, built once.
    let mut linters: Vec<Linter> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut assignment: Vec<usize> = Vec::new();
    // Reports of one directory share their config: look it up (and read and
    // parse it) once per directory and once per file, not once per report.
    let mut found_in: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    for input in &inputs {
        let key = match (&opts.config, input) {
            (Some(p), _) => Some(p.clone()),
            (None, Input::File(f)) => {
                let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
                found_in
                    .entry(dir)
                    .or_insert_with(|| config::discover(f))
                    .clone()
            }
            (None, Input::Stdin) => config::discover(Path::new(".")),
        };
        let idx = match by_config.get(&key) {
            Some(i) => *i,
            None => {
                let built = match &key {
                    Some(p) => Config::load(p),
                    None => Ok(Config::default()),
                }
                .and_then(|cfg| Linter::new(&cfg, &opts.overrides));
                match built {
                    Ok(l) => {
                        linters.push(l);
                        by_config.insert(key, linters.len() - 1);
                        linters.len() - 1
                    }
                    Err(e) => {
                        write_config_error(err, &e, opts.color);
                        return Err(Outcome::Error);
                    }
                }
            }
        };
        assignment.push(idx);
    }

    phase("configs read, rules compiled");
    let mut setup: Vec<FileReport> = Vec::new();
    for l in &linters {
        setup.extend(l.setup_diagnostics());
    }
    sink(Linted::Setup(setup));
    let bar = if opts.progress && inputs.len() > PROGRESS_MIN_FILES {
        let bar =
            ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} 份报告 {elapsed_precise} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut linted = 0;
    let chunk = opts.chunk.max(1);
    for (inputs, assignment) in inputs.chunks(chunk).zip(assignment.chunks(chunk)) {
        let results: Vec<Result<FileReport, String>> = inputs
            .par_iter()
            .zip(assignment.par_iter())
            .map(|(input, li)| {
                let linter = &linters[*li];
                let r = match load(input) {
                    Ok(src) => {
                        let mut report = linter.lint(src);
                        // A report without findings keeps no text (only the
                        // review page shows clean reports).
                        if report.diagnostics.is_empty() && opts.format != Format::Html {
                            report.text = String::new();
                            report.locations = Vec::new();
                        }
                        Ok(report)
                    }
                    Err(e) => Err(format!("{}：{e}", input.name())),
                };
                bar.inc(1);
                r
            })
            .collect();
        let mut reports = Vec::new();
        for (res, li) in results.into_iter().zip(assignment) {
            match res {
                Ok(r) => {
                    linted += 1;
                    reports.push((r, linters[*li].fail_on));
                }
                Err(e) => input_errors.push(e),
            }
        }
        sink(Linted::Reports(reports));
    }
    bar.finish_and_clear();
    phase("reports linted");
    let max_warnings = opts
        .max_warnings
        .or_else(|| linters.iter().filter_map(|l| l.max_warnings).min());
    let rules = rule_infos(&linters);
    // Freeing the compiled rule pack takes about a millisecond, a tenth of
    // a one-report run: do it off the path to the output.
    std::thread::spawn(move || drop(linters));
    Ok(Batch {
        linted,
        input_errors,
        max_warnings,
        rules,
    })
}

/// The directory a baseline file's paths are relative to.
fn baseline_base(file: &Path) -> PathBuf {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Sends rendered output to `-o FILE` (atomically) or to `out`.
fn emit(opts: &CheckOptions, bytes: &[u8], out: &mut dyn Write, err: &mut dyn Write) -> bool {
    match &opts.output {
        Some(path) => match crate::fsutil::write_atomic(path, bytes) {
            Ok(()) => true,
            Err(e) => {
                let _ = writeln!(err, "错误：无法写入 {}：{e}", path.display());
                false
            }
        },
        None => out.write_all(bytes).is_ok(),
    }
}

/// `reportlint check`.
pub fn check(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    if opts.fix || opts.diff {
        let mut errors = Vec::new();
        let paths = if opts.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            opts.paths.clone()
        };
        let files = collect_inputs(&paths, &mut errors);
        // None: fixed; the check below reports what is left.
        if let Some(outcome) = crate::fix::command::check_fix(opts, files, errors, out, err) {
            return outcome;
        }
    }
    let baseline = match &opts.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some((b, baseline_base(path))),
            Err(e) => {
                let _ = writeln!(err, "错误：{e}");
                return Outcome::Error;
            }
        },
        None => None,
    };
    let mut filter = baseline.as_ref().map(|(b, base)| b.start_filter(base));
    let mut summary_hidden = 0;
    let to_file = opts.output.is_some();
    let color = opts.color && !to_file;
    let mut fail = false;
    let mut summary = Summary::default();
    let mut stats = render::concise::Statistics::default();
    // Each report is rendered as soon as its chunk is linted and then
    // dropped: what stays is the output, not the reports. SARIF and the
    // review page are built from all reports at once.
    let mut rendered: Vec<u8> = Vec::new();
    let mut json_diagnostics = Vec::new();
    let mut kept: Vec<FileReport> = Vec::new();
    let mut take = |r: FileReport, fail: &mut bool| {
        if r.diagnostics
            .iter()
            .any(|d| d.rule == crate::diagnostic::RULE_ERROR)
        {
            *fail = true;
        }
        summary.add(&r);
        if opts.statistics && matches!(opts.format, Format::Human | Format::Concise) {
            stats.add(&r);
            return;
        }
        match opts.format {
            Format::Human => rendered.extend(render::human::render_report(&r, color)),
            Format::Concise => rendered.extend(render::concise::render_report(&r).into_bytes()),
            Format::Github => rendered.extend(render::github::render_report(&r).into_bytes()),
            Format::Json => {
                json_diagnostics.extend(render::json::diagnostics(std::slice::from_ref(&r)))
            }
            Format::Sarif | Format::Html => kept.push(r),
        }
    };
    let batch = lint_batch(opts, err, &mut |linted| match linted {
        Linted::Setup(reports) => {
            for r in reports {
                take(r, &mut fail);
            }
        }
        Linted::Reports(reports) => {
            let (mut reports, fail_ons): (Vec<FileReport>, Vec<Option<Severity>>) =
                reports.into_iter().unzip();
            if let Some(f) = filter.as_mut() {
                let count =
                    |rs: &[FileReport]| rs.iter().map(|r| r.diagnostics.len()).sum::<usize>();
                let before = count(&reports);
                f.apply(&mut reports);
                summary_hidden += before - count(&reports);
            }
            for (r, min) in reports.into_iter().zip(fail_ons) {
                if min.is_some_and(|min| r.diagnostics.iter().any(|d| d.severity >= min)) {
                    fail = true;
                }
                take(r, &mut fail);
            }
        }
    });
    let batch = match batch {
        Ok(b) => b,
        Err(o) => return o,
    };
    phase("batch returned");
    let Batch {
        linted,
        input_errors,
        max_warnings,
        rules,
    } = batch;
    let stale = filter.map(|f| f.finish()).unwrap_or_default();
    summary.files = linted;
    summary.baselined = summary_hidden;
    if opts.statistics && matches!(opts.format, Format::Human | Format::Concise) {
        rendered = stats.render().into_bytes();
    }
    let too_many_warnings = max_warnings.is_some_and(|m| summary.warnings > m);
    if too_many_warnings {
        fail = true;
    }

    let stale_lines: Vec<String> = if stale.is_empty() {
        Vec::new()
    } else {
        let mut v = vec![format!(
            "基线中有 {} 条记录已不再出现（问题已修复或文字已改动），可用 `reportlint baseline` 重新生成：",
            stale.len()
        )];
        v.extend(stale.iter().map(|e| format!("  {}", baseline::describe(e))));
        v
    };
    match opts.format {
        Format::Human | Format::Concise => {
            rendered.extend(format!("{}\n", summary.line()).into_bytes());
            if let Some(m) = max_warnings.filter(|_| too_many_warnings) {
                rendered.extend(format!("警告数 {} 超过上限 {m}\n", summary.warnings).into_bytes());
            }
            for l in &stale_lines {
                rendered.extend(format!("{l}\n").into_bytes());
            }
        }
        Format::Json => {
            let doc = render::json::JsonOutput {
                diagnostics: json_diagnostics,
                summary,
            };
            let mut text = render::json::to_string(&doc);
            text.push('\n');
            rendered = text.into_bytes();
        }
        Format::Sarif => {
            rendered = format!("{}\n", render::sarif::render(&kept, &rules)).into_bytes()
        }
        Format::Github => rendered.extend(format!("{}\n", summary.line()).into_bytes()),
        Format::Html => rendered = render::html::render(&kept, summary).into_bytes(),
    }
    phase("rendered");
    if !emit(opts, &rendered, out, err) {
        return Outcome::Error;
    }
    if let Some(path) = &opts.output {
        let _ = writeln!(out, "已写入 {}", path.display());
        let _ = writeln!(out, "{}", summary.line());
    }
    if !matches!(opts.format, Format::Human | Format::Concise) || to_file {
        if too_many_warnings {
            if let Some(m) = max_warnings {
                let _ = writeln!(err, "警告数 {} 超过上限 {m}", summary.warnings);
            }
        }
        for l in &stale_lines {
            let _ = writeln!(err, "{l}");
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

/// `reportlint baseline PATHS -o FILE`: records every current finding.
pub fn baseline(
    opts: &CheckOptions,
    file: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    // Entries are taken chunk by chunk: the reports themselves are not kept.
    let base = baseline_base(file);
    let mut entries = Vec::new();
    let batch = lint_batch(opts, err, &mut |linted| {
        if let Linted::Reports(rs) = linted {
            entries.extend(rs.iter().flat_map(|(r, _)| baseline::entries_of(r, &base)));
        }
    });
    let batch = match batch {
        Ok(b) => b,
        Err(o) => return o,
    };
    let b = Baseline::from_entries(entries);
    if let Err(e) = crate::fsutil::write_atomic(file, b.to_json().as_bytes()) {
        let _ = writeln!(err, "错误：无法写入 {}：{e}", file.display());
        return Outcome::Error;
    }
    let _ = writeln!(
        out,
        "已写入 {}：{} 个文件中的 {} 条问题记录为基线",
        file.display(),
        batch.linted,
        b.entries.len()
    );
    for e in &batch.input_errors {
        let _ = writeln!(err, "错误：{e}");
    }
    if batch.input_errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Error
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
    // Only the profile is needed here: the rule pack is not compiled.
    let profile = match crate::linter::resolve_profile(&cfg, over) {
        Ok(p) => p,
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
    let doc = crate::linter::parse_with_profile(src, profile.as_deref());
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
