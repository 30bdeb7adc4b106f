//! `reportlint baseline`: lint the reports and record every finding, so
//! that `check --baseline` reports only new ones.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::batch::{lint_batch, Linted};
use super::{CheckOptions, Outcome};
use crate::baseline::{self, Baseline};
use crate::diagnostic::is_fault;

/// `reportlint baseline PATHS -o FILE`: records every current finding.
pub fn baseline(
    opts: &CheckOptions,
    file: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    if super::output::refuse_overwriting_an_input(file, &opts.paths, err) {
        return Outcome::Error;
    }
    // Entries are taken chunk by chunk: the reports themselves are not kept.
    let base = baseline_base(file);
    let mut entries = Vec::new();
    // Reports reportlint failed on or could not configure: named, never
    // recorded, and the run ends with 2.
    let mut faults: Vec<String> = Vec::new();
    let batch = lint_batch(opts, err, &mut |linted| {
        if let Linted::Reports(rs) = linted {
            for (r, _) in &rs {
                for d in r.diagnostics.iter().filter(|d| is_fault(&d.rule)) {
                    faults.push(format!("{}：{} [{}]", r.name, d.message, d.rule));
                }
                match crate::isolation::catch(&r.name, || baseline::entries_of(r, &base)) {
                    Ok(e) => entries.extend(e),
                    Err(failure) => {
                        faults.push(format!("{}：reportlint 内部错误：{failure}", r.name))
                    }
                }
            }
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
    for e in batch.input_errors.iter().chain(&faults) {
        let _ = writeln!(err, "错误：{e}");
    }
    if batch.input_errors.is_empty() && faults.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Error
    }
}

/// The directory a baseline file's paths are relative to.
pub(super) fn baseline_base(file: &Path) -> PathBuf {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
