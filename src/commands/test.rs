//! `reportlint test`: run the rules' test cases.

use std::io::Write;
use std::path::PathBuf;

use super::Outcome;

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
