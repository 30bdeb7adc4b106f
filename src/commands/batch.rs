//! Linting a batch: one linter per configuration, reports linted in
//! parallel a chunk at a time and handed over in input order.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::inputs::{collect_inputs, load, write_config_error, Input};
use super::{CheckOptions, Format, Outcome};
use crate::config::{self, Config, ConfigError};
use crate::diagnostic::{Diagnostic, Severity, CONFIG_ERROR, INTERNAL_ERROR};
use crate::document::Span;
use crate::isolation::Failure;
use crate::linter::phase;
use crate::linter::{FileReport, Linter};
use crate::render::RuleInfo;

/// Batches larger than this get a progress bar (on a terminal).
pub const PROGRESS_MIN_FILES: usize = 20;

/// The linted batch, before output.
pub(super) struct Batch {
    pub(super) linted: usize,
    pub(super) input_errors: Vec<String>,
    pub(super) max_warnings: Option<usize>,
    pub(super) rules: Vec<RuleInfo>,
}

/// Rule descriptions over all linters (first definition of an id wins),
/// plus the ids the linter itself reports under.
pub(super) fn rule_infos(linters: &[&Linter]) -> Vec<RuleInfo> {
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
    out.push(RuleInfo {
        id: INTERNAL_ERROR.into(),
        category: "reportlint".into(),
        severity: Severity::Error,
        summary: "reportlint 在检查该报告时自身出错，报告未能检查".into(),
        explain: "reportlint 的缺陷（程序内部错误）使这份报告未能检查；其余报告照常检查，\
                  运行以退出码 2 结束。此项不能用 select/ignore、基线或抑制指令去掉；\
                  请把报告和错误信息交给维护者。"
            .into(),
    });
    out.push(RuleInfo {
        id: CONFIG_ERROR.into(),
        category: "reportlint".into(),
        severity: Severity::Error,
        summary: "管辖该报告的配置文件或规则目录无法使用，报告未能检查".into(),
        explain: "报告所在目录（或上级目录）的 reportlint.toml 有错误，或其中的规则目录无法读取；\
                  受其管辖的报告都未能检查，其余报告照常检查，运行以退出码 2 结束。\
                  错误的具体位置见标准错误输出或本项的说明。"
            .into(),
    });
    out
}

/// What `lint_batch` hands over, in order: the setup diagnostics (rule
/// scripts that do not compile) once, then the linted reports a chunk at a
/// time, each with its linter's fail-on severity.
pub(super) enum Linted {
    Setup(Vec<FileReport>),
    Reports(Vec<(FileReport, Option<Severity>)>),
}

/// Reports linted in parallel before they are handed over: enough to keep
/// every core busy, few enough that a batch of any size holds only its
/// findings (and the text they point into), not its reports.
pub const CHUNK: usize = 512;

/// Collects, configures and lints the inputs of `opts`, handing the results
/// to `sink` in input order.
pub(super) fn lint_batch(
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
        let _ = writeln!(
            err,
            "错误：没有找到可检查的报告或表格（.txt、.md、.docx、.xlsx、.xls、.ods、.csv）"
        );
        return Err(Outcome::Error);
    }

    // One linter per configuration file, built once. A config or rule
    // folder that cannot be used is kept as its error: each report it
    // governs gets a config-error finding, every other report is linted.
    let mut linters: Vec<Result<Linter, Arc<ConfigError>>> = Vec::new();
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
                if let Err(e) = &built {
                    write_config_error(err, e, opts.color);
                    // A mistake on the command line (--select, --rules-dir)
                    // governs every report: the run stops here.
                    if e.path.is_empty() {
                        return Err(Outcome::Error);
                    }
                }
                linters.push(built.map_err(Arc::new));
                by_config.insert(key, linters.len() - 1);
                linters.len() - 1
            }
        };
        assignment.push(idx);
    }

    phase("configs read, rules compiled");
    let mut setup: Vec<FileReport> = Vec::new();
    for l in linters.iter().flatten() {
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
    // A directory's inputs stay in one chunk: its forms pair with its reports.
    for range in super::paired::chunks(&inputs, chunk) {
        let (inputs, assignment) = (&inputs[range.clone()], &assignment[range]);
        let prepared = super::paired::prepare(inputs, assignment, &linters);
        let results: Vec<Result<FileReport, String>> = inputs
            .par_iter()
            .zip(assignment.par_iter())
            .zip(prepared.into_par_iter())
            .map(|((input, li), prepared)| {
                let name = input.name();
                let r = match &linters[*li] {
                    Ok(linter) => lint_one(linter, input, opts.format, prepared),
                    Err(e) => Ok(config_error_report(&name, e)),
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
                    let fail_on = linters[*li].as_ref().ok().and_then(|l| l.fail_on);
                    reports.push((r, fail_on));
                }
                Err(e) => input_errors.push(e),
            }
        }
        sink(Linted::Reports(reports));
    }
    bar.finish_and_clear();
    phase("reports linted");
    let max_warnings = opts.max_warnings.or_else(|| {
        linters
            .iter()
            .flatten()
            .filter_map(|l| l.max_warnings)
            .min()
    });
    let built: Vec<&Linter> = linters.iter().flatten().collect();
    let rules = rule_infos(&built);
    drop(built);
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

/// Reads (unless read already) and lints one input with its paired forms,
/// isolated: a panic anywhere in it becomes the report's internal-error
/// finding.
fn lint_one(
    linter: &Linter,
    input: &Input,
    format: Format,
    prepared: super::paired::Prepared,
) -> Result<FileReport, String> {
    let name = input.name();
    let loaded = match prepared.source {
        Some(src) => Ok(Ok(src)),
        None => crate::isolation::catch(&name, || load(input)),
    };
    let forms = prepared.forms;
    let unpaired = prepared.unpaired;
    match loaded {
        Ok(Ok(src)) => {
            let report = crate::isolation::catch(&name, || {
                let mut report = linter.lint_paired(src, forms);
                if let Some(why) = unpaired {
                    report.diagnostics.push(unpaired_notice(&report, why));
                }
                // A report without findings keeps no text (only the
                // review page shows clean reports).
                if report.diagnostics.is_empty() && format != Format::Html {
                    report.text = String::new();
                    report.locations = Vec::new();
                }
                report
            });
            Ok(report.unwrap_or_else(|failure| internal_error_report(input, &failure)))
        }
        Ok(Err(e)) => Err(format!("{name}：{e}")),
        Err(failure) => Ok(internal_error_report(input, &failure)),
    }
}

/// The notice on a form that no report of its directory pairs with: the
/// reader learns that report and form were not compared, and why.
fn unpaired_notice(report: &FileReport, why: String) -> Diagnostic {
    let first_line = report.text.find('\n').unwrap_or(report.text.len());
    let mut d = Diagnostic::new(
        crate::diagnostic::FORM_UNPAIRED,
        crate::diagnostic::Severity::Info,
        &report.name,
        Span::new(0, first_line),
        "本表未与同一目录中的任何报告配对，报告与表中的数字未作核对".into(),
    );
    d.notes.push(format!("未配对的原因：{why}"));
    d.help = Some(
        "报告标题应写明表中的项目名称（或单位名称），两者年度应相同；`reportlint facts 报告` 列出配对情况"
            .into(),
    );
    d
}

/// The report of an input reportlint failed on: its text when it can be
/// read again, and one internal-error finding.
pub(super) fn internal_error_report(input: &Input, failure: &Failure) -> FileReport {
    let name = input.name();
    let text = match input {
        Input::File(_) => crate::isolation::catch_quiet(|| load(input))
            .ok()
            .and_then(Result::ok)
            .map(|s| s.text)
            .unwrap_or_default(),
        Input::Stdin => String::new(),
    };
    let d = crate::isolation::internal_error(&name, failure);
    FileReport::new(name, text, vec![d])
}

/// The report of an input whose configuration could not be used: one
/// config-error finding pointing into the configuration file.
fn config_error_report(name: &str, e: &ConfigError) -> FileReport {
    let span = e.span.clone().unwrap_or(0..0);
    let mut d = Diagnostic::new(
        CONFIG_ERROR,
        Severity::Error,
        &e.path,
        Span::new(span.start, span.end),
        format!("配置错误，{name} 未能检查：{}", e.message),
    );
    d.notes
        .push(format!("管辖该报告的配置：{}；其余报告照常检查", e.path));
    let mut r = FileReport::new(name, String::new(), vec![d]);
    r.extra_sources
        .push((e.path.clone(), Arc::from(e.text.as_str())));
    r
}
