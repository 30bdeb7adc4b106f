//! `reportlint annotate`: lints a .docx and writes a copy with the findings
//! as Word comments (the comment writing itself is [`crate::annotate`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{config_for, write_config_error, Input, Outcome};
use crate::annotate::*;
use crate::diagnostic::Diagnostic;
use crate::linter::{Linter, Overrides};
use crate::source::docx;
use crate::source::LoadError;

/// What `reportlint annotate` is asked to do.
#[derive(Debug, Default)]
pub struct AnnotateOptions {
    /// The .docx report (never modified).
    pub input: PathBuf,
    /// Where the copy goes (default: `<stem>.reviewed.docx`).
    pub output: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    pub baseline: Option<PathBuf>,
    /// Forms to check the report against (`--form 自评表.xlsx`), paired
    /// as a directory run pairs them.
    pub forms: Vec<PathBuf>,
}

/// `reportlint annotate FILE [-o OUT] [--form FORM]`: lints a .docx and
/// writes a copy with the findings as comments. Exit status as for `check`.
pub fn annotate(opts: &AnnotateOptions, out: &mut dyn Write, errw: &mut dyn Write) -> Outcome {
    let input = opts.input.as_path();
    let output = opts.output.as_deref();
    let config_path = opts.config.as_deref();
    let over = &opts.overrides;
    let baseline = opts.baseline.as_deref();
    let name = input.display().to_string();
    let ext = input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    // A workbook is not rewritten: no well-kept crate edits an existing
    // one without dropping what it does not model (rust_xlsxwriter only
    // writes new files); the review page shows each finding on its cell.
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "csv") {
        let _ = writeln!(
            errw,
            "错误：{name}：annotate 只给 Word 文档（.docx）加批注，不改写电子表格，请改用 reportlint check --format html -o 审阅.html {name} 生成审阅页，页中标出每个问题所在的单元格"
        );
        return Outcome::Error;
    }
    if ext != "docx" {
        let _ = writeln!(errw, "错误：{name}：annotate 只支持 .docx 文件");
        return Outcome::Error;
    }
    let target = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_output(input));
    let same = match (input.canonicalize(), target.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => input == target,
    };
    if same {
        let _ = writeln!(errw, "错误：输出文件不能是输入文件本身（{name}）");
        return Outcome::Error;
    }
    let cfg = config_for(config_path, &Input::File(input.to_path_buf()));
    let linter = match cfg.and_then(|c| Linter::new(&c, over)) {
        Ok(l) => l,
        Err(e) => {
            write_config_error(errw, &e, false);
            return Outcome::Error;
        }
    };
    let bytes = match crate::source::read_report_bytes(input) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(errw, "错误：{name}：{e}");
            return Outcome::Error;
        }
    };
    let forms = match paired_forms(&linter, &opts.forms, &name, &bytes, errw) {
        Ok(f) => f,
        Err(()) => return Outcome::Error,
    };
    if opts.forms.is_empty() {
        hint_forms_beside(input, errw);
    }
    // Findings the baseline records get no comment, as `check --baseline`.
    let baseline = match baseline {
        Some(path) => match crate::baseline::Baseline::load(path) {
            Ok(b) => {
                let base = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."));
                Some((b, base))
            }
            Err(e) => {
                let _ = writeln!(errw, "错误：{e}");
                return Outcome::Error;
            }
        },
        None => None,
    };
    // Isolated as `check` isolates each report: a panic while reading,
    // linting or annotating is named in Chinese and ends the run with 2,
    // no half-made copy written.
    let run = crate::isolation::catch(&name, || -> Result<_, LoadError> {
        let source = docx::load_docx(name.clone(), &bytes)?;
        let mut report = linter.lint_paired(source, forms);
        let mut baselined = 0;
        if let Some((b, base)) = &baseline {
            let before = report.diagnostics.len();
            b.filter(std::slice::from_mut(&mut report), base);
            baselined = before - report.diagnostics.len();
        }
        let diags: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.file == report.name)
            .collect();
        let annotated = annotate_bytes(&bytes, &diags)?;
        Ok((report, annotated, baselined))
    });
    let (report, annotated, baselined) = match run {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            let _ = writeln!(errw, "错误：{name}：{e}");
            return Outcome::Error;
        }
        Err(failure) => {
            let _ = writeln!(
                errw,
                "错误：{name}：reportlint 内部错误，未能生成批注副本：{failure}"
            );
            return Outcome::Error;
        }
    };
    if let Err(e) = crate::fsutil::write_atomic(&target, &annotated.bytes) {
        let _ = writeln!(errw, "错误：无法写入 {}：{e}", target.display());
        return Outcome::Error;
    }
    let _ = writeln!(
        out,
        "已写入 {}：{} 条批注",
        target.display(),
        annotated.comments
    );
    if baselined > 0 {
        let _ = writeln!(out, "另有 {baselined} 条问题已记入基线，未加批注");
    }
    if annotated.skipped > 0 {
        let _ = writeln!(
            out,
            "另有 {} 条问题无法定位到正文文字，未加批注（用 `reportlint check` 查看）",
            annotated.skipped
        );
    }
    // As `check` decides: a rule that does not compile or fails to run
    // fails the run whatever fail-on says; other findings by fail-on.
    let setup = linter.setup_diagnostics();
    for r in &setup {
        let _ = errw.write_all(&crate::render::human::render_report(r, false));
    }
    let failing = !setup.is_empty()
        || report.diagnostics.iter().any(|d| {
            d.rule == crate::diagnostic::RULE_ERROR
                || linter.fail_on.is_some_and(|min| d.severity >= min)
        });
    if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The forms named with `--form`, read and paired with the report as a
/// directory run pairs them; a form that does not pair is named with the
/// reason (on standard error) and left out. `Err` after a message when a
/// form cannot be read.
fn paired_forms(
    linter: &Linter,
    paths: &[PathBuf],
    name: &str,
    bytes: &[u8],
    errw: &mut dyn Write,
) -> Result<Vec<crate::document::Companion>, ()> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let report = match docx::load_docx(name.to_string(), bytes) {
        Ok(src) => linter.parse(src),
        // The report's own error is told where it is linted.
        Err(_) => return Ok(Vec::new()),
    };
    let mut forms = Vec::new();
    for path in paths {
        let form_name = path.display().to_string();
        let doc = match crate::source::load_path(path) {
            Ok(src) => linter.parse(src),
            Err(e) => {
                let _ = writeln!(errw, "错误：{form_name}：{e}");
                return Err(());
            }
        };
        if !crate::pairing::is_form(&doc) {
            let _ = writeln!(
                errw,
                "注意：{form_name} 不像自评表等表格文件（大部分内容应是表格行），未用来核对"
            );
            continue;
        }
        match crate::pairing::pair(&report, &crate::pairing::form_key(&doc)) {
            Ok((_, why)) => forms.push(crate::document::Companion {
                name: form_name,
                doc: std::sync::Arc::new(doc),
                why,
            }),
            Err(why) => {
                let _ = writeln!(errw, "注意：{form_name} 未与报告配对：{why}");
            }
        }
    }
    Ok(forms)
}

/// Names the spreadsheets lying beside a report annotated alone: they are
/// not read unless given with `--form` (the file names are only listed).
fn hint_forms_beside(input: &Path, errw: &mut dyn Write) {
    let dir = match input.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut sheets: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            let lower = n.to_lowercase();
            !n.starts_with("~$")
                && [".xlsx", ".xlsm", ".xls", ".ods", ".csv"]
                    .iter()
                    .any(|x| lower.ends_with(x))
        })
        .collect();
    if sheets.is_empty() {
        return;
    }
    sheets.sort();
    sheets.truncate(3);
    let _ = writeln!(
        errw,
        "注意：同一目录中有 {}，未用来核对；要把报告与表不一致之处也写成批注，请加 --form {}",
        sheets.join("、"),
        sheets[0]
    );
}
