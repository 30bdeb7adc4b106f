//! `check --fix` and `check --diff`: the fix pass before the check.
//!
//! Each report is linted, its fixes applied (safe ones; unsafe ones too
//! with `--unsafe-fixes`) and linted again until nothing changes. A text
//! report (.txt, .md) is rewritten in place, atomically, in its own
//! encoding, byte-order mark, line ends and file mode; a .docx is never
//! written: `X.fixed.docx` beside it holds every change as a tracked change.
//! `--diff` writes nothing and prints what `--fix` would change.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::ConfigError;
use crate::diagnostic::Diagnostic;
use crate::linter::{Linter, Overrides};
use crate::source::Source;

/// What the fix pass is asked to do.
#[derive(Debug, Clone, Default)]
pub struct FixRequest {
    /// The report files (directories already walked).
    pub files: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    /// Apply unsafe fixes too.
    pub unsafe_ok: bool,
    /// Print a unified diff instead of writing.
    pub diff: bool,
}

/// What the fix pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FixSummary {
    /// Files changed (or that would change, with `--diff`).
    pub files: usize,
    /// Edits applied (or that would be).
    pub edits: usize,
    /// Tracked changes that could not be placed in a .docx's run text.
    pub skipped: usize,
    /// Files that could not be read, fixed or written, with the reason.
    pub errors: Vec<String>,
}

fn is_docx(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Text reports whose bytes are the text the rules read (a .csv form is
/// read as a table, its commas are not punctuation: forms are not fixed).
fn is_plain_text(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "txt" | "md" | "markdown" | "text" | "")
}

/// Runs the fix pass; `linter_for` gives the linter of a file (its config).
/// Messages (files fixed, diffs) go to `out`.
pub fn run(
    req: &FixRequest,
    linter_for: &mut dyn FnMut(&Path) -> Result<std::sync::Arc<Linter>, ConfigError>,
    out: &mut dyn Write,
) -> Result<FixSummary, ConfigError> {
    let mut summary = FixSummary::default();
    for path in &req.files {
        if !is_docx(path) && !is_plain_text(path) {
            continue;
        }
        let linter = linter_for(path)?;
        let name = path.display().to_string();
        let lint = |text: &str| -> Vec<Diagnostic> {
            linter
                .lint(Source::from_text(name.clone(), text))
                .diagnostics
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                summary
                    .errors
                    .push(format!("{name}：无法读取：{}", crate::fsutil::io_zh(&e)));
                continue;
            }
        };
        if is_docx(path) {
            // Word comments may suppress findings (reportlint-disable …):
            // each round lints with them, their ranges carried over the
            // changes made so far.
            let comments = crate::source::docx::load_docx(name.clone(), &bytes)
                .map(|s| (s.text, s.comments))
                .unwrap_or_default();
            let lint = |text: &str| -> Vec<Diagnostic> {
                let mut src = Source::from_text(name.clone(), text);
                src.comments = carry_ranges(&comments.0, text, &comments.1);
                linter.lint(src).diagnostics
            };
            let fixed = match crate::fix::docx::fix_docx(&name, &bytes, req.unsafe_ok, lint) {
                Ok(f) => f,
                Err(e) => {
                    summary.errors.push(format!("{name}：{e}"));
                    continue;
                }
            };
            if fixed.changes == 0 {
                continue;
            }
            summary.files += 1;
            summary.edits += fixed.changes;
            summary.skipped += fixed.skipped;
            if req.diff {
                let _ = out.write_all(
                    crate::fix::text::unified_diff(&name, &fixed.before, &fixed.after).as_bytes(),
                );
                continue;
            }
            let target = crate::fix::docx::default_output(path);
            if let Err(e) = crate::fsutil::write_atomic(&target, &fixed.bytes) {
                summary
                    .errors
                    .push(format!("无法写入 {}：{e}", target.display()));
                continue;
            }
            let _ = writeln!(
                out,
                "已写入 {}：{} 处修改以修订（可逐条接受或拒绝）记录{}",
                target.display(),
                fixed.changes,
                if fixed.skipped > 0 {
                    format!("；另有 {} 处不在正文文字中，未能修改", fixed.skipped)
                } else {
                    String::new()
                }
            );
            continue;
        }
        let fixed = match crate::fix::text::fix_bytes(&name, &bytes, req.unsafe_ok, lint) {
            Ok(f) => f,
            Err(e) => {
                summary.errors.push(format!("{name}：{e}"));
                continue;
            }
        };
        if !fixed.changed() {
            continue;
        }
        summary.files += 1;
        summary.edits += fixed.edits;
        if req.diff {
            let _ = out.write_all(
                crate::fix::text::unified_diff(&name, &fixed.before, &fixed.after).as_bytes(),
            );
            continue;
        }
        if let Err(e) = crate::fsutil::write_atomic(path, &fixed.bytes) {
            summary.errors.push(format!("无法写入 {name}：{e}"));
            continue;
        }
        let _ = writeln!(out, "已修复 {name}：{} 处", fixed.edits);
    }
    Ok(summary)
}

/// Ranges of `original` carried into `current` (the same text with fixes
/// applied): each boundary moves by the length the edits before it added.
fn carry_ranges(
    original: &str,
    current: &str,
    ranges: &[(std::ops::Range<usize>, String)],
) -> Vec<(std::ops::Range<usize>, String)> {
    if ranges.is_empty() || original == current {
        return ranges.to_vec();
    }
    let edits = crate::fix::docx::diff_edits(original, current);
    let carry = |o: usize| -> usize {
        let mut shift: isize = 0;
        for e in &edits {
            if e.span.end <= o {
                shift += e.content.len() as isize - e.span.len() as isize;
            }
        }
        (o as isize + shift).clamp(0, current.len() as isize) as usize
    };
    ranges
        .iter()
        .map(|(r, t)| (carry(r.start)..carry(r.end).max(carry(r.start)), t.clone()))
        .collect()
}

/// A linter per configuration file, built once (a batch shares them).
pub struct Linters {
    explicit: Option<PathBuf>,
    overrides: Overrides,
    by_config: HashMap<Option<PathBuf>, std::sync::Arc<Linter>>,
}

impl Linters {
    pub fn new(explicit: Option<PathBuf>, overrides: Overrides) -> Linters {
        Linters {
            explicit,
            overrides,
            by_config: HashMap::new(),
        }
    }

    /// The linter for `file`: `--config`, else the nearest reportlint.toml.
    pub fn for_file(&mut self, file: &Path) -> Result<std::sync::Arc<Linter>, ConfigError> {
        let key = match &self.explicit {
            Some(p) => Some(p.clone()),
            None => crate::config::discover(file),
        };
        if let Some(l) = self.by_config.get(&key) {
            return Ok(l.clone());
        }
        let cfg = match &key {
            Some(p) => crate::config::Config::load(p)?,
            None => crate::config::Config::default(),
        };
        let l = std::sync::Arc::new(Linter::new(&cfg, &self.overrides)?);
        self.by_config.insert(key, l.clone());
        Ok(l)
    }
}

impl FixSummary {
    /// The closing line of a fix pass.
    pub fn line(&self, diff: bool) -> String {
        if diff {
            format!(
                "--fix 将修改 {} 个文件中的 {} 处（未写入任何文件）",
                self.files, self.edits
            )
        } else {
            format!("已自动修复 {} 个文件中的 {} 处", self.files, self.edits)
        }
    }
}

/// The fix pass of `check --fix` / `check --diff` over the collected
/// inputs. `None`: files fixed, the check runs next and reports what is
/// left. `Some(outcome)`: the run ends here (`--diff`, or an error).
pub(crate) fn check_fix(
    opts: &crate::commands::CheckOptions,
    inputs: Vec<crate::commands::Input>,
    input_errors: Vec<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Option<crate::commands::Outcome> {
    use crate::commands::{Format, Input, Outcome};
    let mut files = Vec::new();
    for i in inputs {
        match i {
            Input::File(p) => files.push(p),
            Input::Stdin => {
                let _ = writeln!(
                    err,
                    "错误：--fix 与 --diff 不能用于标准输入（-），请给出文件"
                );
                return Some(Outcome::Error);
            }
        }
    }
    let req = FixRequest {
        files,
        config: opts.config.clone(),
        overrides: opts.overrides.clone(),
        unsafe_ok: opts.unsafe_fixes,
        diff: opts.diff,
    };
    let mut linters = Linters::new(opts.config.clone(), opts.overrides.clone());
    // Messages go with the findings in the human views; beside machine
    // output they go to stderr. A diff is the output itself.
    let human = matches!(opts.format, Format::Human | Format::Concise) && opts.output.is_none();
    let mut buf: Vec<u8> = Vec::new();
    let result = run(&req, &mut |p| linters.for_file(p), &mut buf);
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            crate::commands::write_config_error(err, &e, false);
            return Some(Outcome::Error);
        }
    };
    if opts.diff {
        let _ = out.write_all(&buf);
        let _ = writeln!(err, "{}", summary.line(true));
    } else {
        let sink: &mut dyn Write = if human { out } else { err };
        let _ = sink.write_all(&buf);
        if summary.files > 0 {
            let _ = writeln!(sink, "{}", summary.line(false));
        }
    }
    for e in input_errors.iter().chain(&summary.errors) {
        let _ = writeln!(err, "错误：{e}");
    }
    if !input_errors.is_empty() || !summary.errors.is_empty() {
        return Some(Outcome::Error);
    }
    if opts.diff {
        return Some(if summary.files > 0 {
            Outcome::Findings
        } else {
            Outcome::Clean
        });
    }
    None
}
