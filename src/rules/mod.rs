//! Rule files: discovery (built-in pack embedded in the binary, plus
//! directories), and metadata read from `//!` header lines without running
//! the script, so listing and explaining rules is instant and a broken
//! script still lists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{include_dir, Dir};
use thiserror::Error;

use crate::diagnostic::Severity;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Where a rule file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Dir(PathBuf),
}

/// A rule script with its metadata.
#[derive(Debug, Clone)]
pub struct RuleFile {
    pub meta: RuleMeta,
    /// Display path: `rules/balance/income-total.rhai` for built-ins, the
    /// file path otherwise.
    pub path: String,
    pub source: Arc<str>,
    pub origin: Origin,
    /// The `.test.toml` beside the rule, if any: (path, text).
    pub tests: Option<(String, String)>,
}

/// Header metadata of a rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    pub category: String,
    pub severity: Option<Severity>,
    pub summary: String,
    pub basis: String,
    pub explain: String,
    /// Profiles (document families) the rule applies to; empty = all.
    pub profiles: Vec<String>,
    /// Every header key as written.
    pub keys: BTreeMap<String, String>,
}

#[derive(Debug, Error)]
pub enum RuleLoadError {
    #[error("{path}: 规则文件缺少 `//! id:` 头部")]
    MissingId { path: String },
    #[error("{path}: 无法读取规则目录：{source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("规则 id “{id}” 重复：{first} 与 {second}")]
    Duplicate {
        id: String,
        first: String,
        second: String,
    },
}

/// Parses the `//!` header: `key: value` lines, continuation lines (a `//!`
/// line without a key, or indented) append to the previous key.
pub fn parse_meta(source: &str) -> RuleMeta {
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in source.lines() {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix("//!") else {
            if t.is_empty() {
                continue;
            }
            break;
        };
        let indented = rest.starts_with("  ");
        let rest_t = rest.trim();
        let key_value = rest_t.split_once(':').filter(|(k, _)| {
            !indented
                && !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        match key_value {
            Some((k, v)) => {
                keys.insert(k.to_string(), v.trim().to_string());
                last = Some(k.to_string());
            }
            None => {
                if let Some(k) = &last {
                    let entry = keys.entry(k.clone()).or_default();
                    if rest_t.is_empty() {
                        entry.push('\n');
                    } else {
                        if !entry.is_empty() && !entry.ends_with('\n') {
                            entry.push('\n');
                        }
                        entry.push_str(rest_t);
                    }
                }
            }
        }
    }
    let get = |k: &str| keys.get(k).cloned().unwrap_or_default();
    RuleMeta {
        id: get("id"),
        category: get("category"),
        severity: keys.get("severity").and_then(|s| Severity::parse(s.trim())),
        summary: get("summary"),
        basis: get("basis"),
        explain: get("explain").trim().to_string(),
        profiles: get("profiles")
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        keys,
    }
}

/// The built-in rule pack.
pub fn builtin_rules() -> Result<Vec<RuleFile>, RuleLoadError> {
    let mut out = Vec::new();
    collect_builtin(&BUILTIN, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn collect_builtin(dir: &Dir<'static>, out: &mut Vec<RuleFile>) -> Result<(), RuleLoadError> {
    for file in dir.files() {
        let p = file.path();
        if p.extension().and_then(|e| e.to_str()) != Some("rhai") {
            continue;
        }
        let source = file.contents_utf8().unwrap_or("");
        let path = format!("rules/{}", p.display());
        let meta = parse_meta(source);
        if meta.id.is_empty() {
            return Err(RuleLoadError::MissingId { path });
        }
        let test_path = p.with_file_name(format!("{}.test.toml", meta.id));
        let tests = BUILTIN.get_file(&test_path).map(|f| {
            (
                format!("rules/{}", test_path.display()),
                f.contents_utf8().unwrap_or("").to_string(),
            )
        });
        out.push(RuleFile {
            meta,
            path,
            source: Arc::from(source),
            origin: Origin::Builtin,
            tests,
        });
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out)?;
    }
    Ok(())
}

/// Rules under a directory, recursively (`**/*.rhai`), in path order.
/// The largest rule script or test file read (rules are a few KB).
pub const MAX_RULE_BYTES: u64 = 4 * 1024 * 1024;

pub fn dir_rules(dir: &Path) -> Result<Vec<RuleFile>, RuleLoadError> {
    let mut files = Vec::new();
    walk(dir, &mut files).map_err(|source| RuleLoadError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    files.sort();
    let mut out = Vec::new();
    for p in files {
        // A regular file of at most MAX_RULE_BYTES (never a FIFO or device).
        let source = crate::fsutil::read_capped(&p, MAX_RULE_BYTES)
            .and_then(|b| {
                String::from_utf8(b).map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "不是有效的 UTF-8 文本")
                })
            })
            .map_err(|source| RuleLoadError::Io {
                path: p.display().to_string(),
                source,
            })?;
        let path = p.display().to_string();
        let meta = parse_meta(&source);
        if meta.id.is_empty() {
            return Err(RuleLoadError::MissingId { path });
        }
        let test_path = p.with_file_name(format!("{}.test.toml", meta.id));
        let tests = crate::fsutil::read_capped(&test_path, MAX_RULE_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(|t| (test_path.display().to_string(), t));
        out.push(RuleFile {
            meta,
            path,
            source: Arc::from(source.as_str()),
            origin: Origin::Dir(dir.to_path_buf()),
            tests,
        });
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let p = entry.path();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&p, out)?;
        } else if p.extension().and_then(|e| e.to_str()) == Some("rhai") {
            // Devices, FIFOs and links to them are skipped, as in a report
            // directory.
            if std::fs::metadata(&p).is_ok_and(|m| m.is_file()) {
                out.push(p);
            }
        }
    }
    Ok(())
}

/// Built-in rules followed by those of `dirs`; a later rule with the id of
/// an earlier one is an error (bureaus name their rules anew).
pub fn all_rules(dirs: &[PathBuf]) -> Result<Vec<RuleFile>, RuleLoadError> {
    let mut rules = builtin_rules()?;
    for d in dirs {
        for r in dir_rules(d)? {
            if let Some(prev) = rules.iter().find(|x| x.meta.id == r.meta.id) {
                return Err(RuleLoadError::Duplicate {
                    id: r.meta.id.clone(),
                    first: prev.path.clone(),
                    second: r.path.clone(),
                });
            }
            rules.push(r);
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_and_continuations_are_read() {
        let src = "//! id: income-total\n//! category: balance\n//! severity: error\n//! summary: 收入总计\n//! explain: 第一行\n//!   第二行\n\nfn check(doc, options) { [] }\n";
        let m = parse_meta(src);
        assert_eq!(m.id, "income-total");
        assert_eq!(m.severity, Some(Severity::Error));
        assert_eq!(m.explain, "第一行\n第二行");
    }

    #[test]
    fn builtin_rules_all_have_ids_and_summaries() {
        let rules = builtin_rules().unwrap();
        assert!(!rules.is_empty());
        for r in &rules {
            assert!(!r.meta.summary.is_empty(), "{} has no summary", r.path);
            assert!(!r.meta.explain.is_empty(), "{} has no explain", r.path);
            assert!(r.meta.severity.is_some(), "{} has no severity", r.path);
        }
    }
}
