//! `reportlint check`: lint the reports, filter by the baseline, render in
//! the chosen format, write it, and say how the run ended.

use std::io::Write;
use std::path::PathBuf;

use super::baseline::baseline_base;
use super::batch::{lint_batch, Batch, Linted, CHUNK};
use super::output::{emit, refuse_overwriting_an_input};
use super::{Format, Outcome};
use crate::baseline::{self, Baseline};
use crate::diagnostic::Severity;
use crate::linter::phase;
use crate::linter::{FileReport, Overrides};
use crate::render::{self, Summary};

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

/// `reportlint check`.
pub fn check(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    if let Some(o) = &opts.output {
        if refuse_overwriting_an_input(o, &opts.paths, err) {
            return Outcome::Error;
        }
    }
    if opts.fix || opts.diff {
        let mut errors = Vec::new();
        let paths = if opts.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            opts.paths.clone()
        };
        let files = super::inputs::collect_inputs(&paths, &mut errors);
        // None: fixed; the check below reports what is left.
        if let Some(outcome) = super::fix::check_fix(opts, files, errors, out, err) {
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
    let mut baselined = 0;
    let statistics = opts.statistics && matches!(opts.format, Format::Human | Format::Concise);
    let mut stats = render::concise::Statistics::default();
    let to_file = opts.output.is_some();
    let color = opts.color && !to_file;
    let mut fail = false;
    let mut summary = Summary::default();
    // Each report is rendered as soon as its chunk is linted and then
    // dropped: what stays is the output, not the reports. SARIF and the
    // review page are built from all reports at once.
    let mut rendered: Vec<u8> = Vec::new();
    let mut json_diagnostics = Vec::new();
    let mut kept: Vec<FileReport> = Vec::new();
    // A report reportlint failed on (internal-error) or could not
    // configure (config-error) makes the run end with 2.
    let mut faulted = false;
    let mut take = |r: FileReport, fail: &mut bool| {
        if r.diagnostics
            .iter()
            .any(|d| d.rule == crate::diagnostic::RULE_ERROR)
        {
            *fail = true;
        }
        if r.diagnostics
            .iter()
            .any(|d| crate::diagnostic::is_fault(&d.rule))
        {
            faulted = true;
        }
        summary.add(&r);
        if statistics {
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
                baselined += before - count(&reports);
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
    summary.baselined = baselined;
    if statistics {
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
            rendered
                .extend(format!("{}{}\n", summary.line(), unread_note(&input_errors)).into_bytes());
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
    // Files that could not be read are named before the findings and the
    // summary (which counts them), not after it.
    for e in &input_errors {
        let _ = writeln!(err, "错误：{e}");
    }
    if !emit(opts.output.as_deref(), &rendered, out, err) {
        return Outcome::Error;
    }
    if let Some(path) = &opts.output {
        let _ = writeln!(out, "已写入 {}", path.display());
        let _ = writeln!(out, "{}{}", summary.line(), unread_note(&input_errors));
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
    if !input_errors.is_empty() || faulted {
        Outcome::Error
    } else if fail {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The summary's mention of files that could not be read.
fn unread_note(input_errors: &[String]) -> String {
    if input_errors.is_empty() {
        String::new()
    } else {
        format!("；另有 {} 个文件无法读取（见上）", input_errors.len())
    }
}
