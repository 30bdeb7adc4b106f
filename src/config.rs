//! `reportlint.toml`: typed, every field optional, unknown keys rejected,
//! errors pointing at the offending TOML line.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::diagnostic::Severity;

/// The file name searched for upward from each linted file.
pub const CONFIG_NAME: &str = "reportlint.toml";

/// The configuration file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Config files this one refines (relative to this file), applied
    /// first: a province's pack, refined by a city's, by a county's.
    pub extends: Option<Vec<Spanned<String>>>,
    pub rule_dirs: Option<Vec<Spanned<String>>>,
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules added to the selection inherited (or the default `*`).
    pub extend_select: Option<Vec<Spanned<String>>>,
    /// Rules ignored for files matching a glob (relative to this file):
    /// `"2019/*.txt" = ["number-format"]`.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub fail_on: Option<Spanned<String>>,
    pub max_warnings: Option<Spanned<i64>>,
    pub profile: Option<Spanned<String>>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleConfig>>,
}

/// `[rules.<id>]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleConfig {
    pub severity: Option<Spanned<String>>,
    pub options: Option<Spanned<toml::Table>>,
    /// Lists appended to the rule's lists (a bureau's extra words), where
    /// `options` would replace them.
    pub extend_options: Option<Spanned<toml::Table>>,
}

/// A configuration problem, located in the TOML file when possible.
#[derive(Debug, Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    pub path: String,
    /// The file's text, for rendering the error with its line.
    pub text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl ConfigError {
    pub fn new(
        path: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        ConfigError {
            path: path.display().to_string(),
            text: text.to_string(),
            span,
            message: message.into(),
        }
    }

    /// An error in the command-line arguments (no file to point into).
    pub fn command_line(message: impl Into<String>) -> Self {
        ConfigError {
            path: String::new(),
            text: String::new(),
            span: None,
            message: message.into(),
        }
    }

    /// 1-based line of the error, if located.
    pub fn line(&self) -> Option<usize> {
        self.span.as_ref().map(|s| {
            self.text[..s.start.min(self.text.len())]
                .matches('\n')
                .count()
                + 1
        })
    }
}

/// A parsed configuration with the file it came from.
#[derive(Debug, Default)]
pub struct Config {
    pub file: ConfigFile,
    /// The config file, if any (None = built-in defaults).
    pub path: Option<PathBuf>,
    pub text: String,
    /// The files named by `extends`, loaded, in order.
    pub parents: Vec<Config>,
}

/// Exit policy: the lowest severity that fails the run (None = never).
pub fn parse_fail_on(s: &str) -> Option<Option<Severity>> {
    match s {
        "never" | "none" => Some(None),
        other => Severity::parse(other).map(Some),
    }
}

/// A severity setting: a severity, or `off` to disable the rule.
pub fn parse_rule_severity(s: &str) -> Option<Option<Severity>> {
    match s {
        "off" | "none" => Some(None),
        other => Severity::parse(other).map(Some),
    }
}

impl Config {
    /// Parses `text` read from `path`, checking syntax, types, unknown keys
    /// and the values that need no rule list.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            ConfigError::new(path, text, e.span(), translate_toml_error(&msg))
        })?;
        if let Some(f) = &file.fail_on {
            if parse_fail_on(f.get_ref()).is_none() {
                return Err(ConfigError::new(
                    path,
                    text,
                    Some(f.span()),
                    format!(
                        "fail-on 的值“{}”无效：应为 error、warning、info 或 never",
                        f.get_ref()
                    ),
                ));
            }
        }
        if let Some(m) = &file.max_warnings {
            if *m.get_ref() < 0 {
                return Err(ConfigError::new(
                    path,
                    text,
                    Some(m.span()),
                    "max-warnings 不能为负数",
                ));
            }
        }
        for (id, rc) in &file.rules {
            if let Some(sev) = &rc.get_ref().severity {
                if parse_rule_severity(sev.get_ref()).is_none() {
                    return Err(ConfigError::new(
                        path,
                        text,
                        Some(sev.span()),
                        format!(
                            "规则 {} 的 severity“{}”无效：应为 error、warning、info 或 off",
                            id.get_ref(),
                            sev.get_ref()
                        ),
                    ));
                }
            }
        }
        Ok(Config {
            file,
            path: Some(path.to_path_buf()),
            text: text.to_string(),
            parents: Vec::new(),
        })
    }

    /// Reads and parses a config file and the files it extends.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        layers::load_with_parents(path, &mut Vec::new())
    }

    /// Reads and parses one config file.
    fn load_one(path: &Path) -> Result<Config, ConfigError> {
        let bytes = crate::fsutil::read_capped(path, 4 * 1024 * 1024)
            .map_err(|e| ConfigError::new(path, "", None, format!("无法读取配置文件：{e}")))?;
        if bytes.is_empty() {
            return Config::parse(path, "");
        }
        // Saved by Notepad on a Chinese system the file may be GBK or carry
        // a BOM: decode it as reports are decoded.
        let (text, _) = crate::source::decode(&bytes)
            .map_err(|e| ConfigError::new(path, "", None, format!("无法读取配置文件：{e}")))?;
        Config::parse(path, &text)
    }

    /// The directory relative paths in the file are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// `rule-dirs`, resolved; a missing directory is an error on its line.
    pub fn rule_dirs(&self) -> Result<Vec<PathBuf>, ConfigError> {
        let base = self.base_dir();
        let mut out = Vec::new();
        for d in self.file.rule_dirs.iter().flatten() {
            let p = base.join(d.get_ref());
            if !p.is_dir() {
                return Err(self.error(Some(d.span()), format!("规则目录“{}”不存在", d.get_ref())));
            }
            out.push(p);
        }
        Ok(out)
    }

    pub fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> ConfigError {
        ConfigError::new(
            self.path.as_deref().unwrap_or(Path::new(CONFIG_NAME)),
            &self.text,
            span,
            message,
        )
    }
}

#[path = "config_layers.rs"]
mod layers;
pub use layers::PerFileIgnore;

fn translate_toml_error(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let expected = expected.trim().trim_start_matches("one of").trim();
        return format!("未知的配置项 {field}（可用的有：{expected}）");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "类型不对：这里写的是{}，应为{}",
                type_name_zh(found),
                type_name_zh(expected.trim())
            );
        }
    }
    format!("配置文件格式错误：{msg}")
}

/// serde's names for TOML value types, as a clerk would say them.
fn type_name_zh(t: &str) -> String {
    let t = t
        .strip_prefix("a ")
        .or_else(|| t.strip_prefix("an "))
        .unwrap_or(t);
    if t == "struct RuleConfig" {
        return "一条规则的设置表，如 [rules.income-total] 下的 severity、options\
                （选择规则请在文件顶层写 select = [...]）"
            .into();
    }
    let (kind, detail) = t.split_once(' ').unwrap_or((t, ""));
    let name = match kind {
        "string" => "字符串",
        "sequence" | "array" => "数组 [...]",
        "boolean" => "布尔值 true/false",
        "integer" | "usize" | "u64" | "i64" | "u32" => "整数",
        "struct" | "map" => return "设置表（{ ... } 或 [节]）".into(),
        _ => return t.to_string(),
    };
    if detail.is_empty() {
        name.into()
    } else {
        format!("{name} {detail}")
    }
}

/// The nearest `reportlint.toml` in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() || !start.exists() {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        start.to_path_buf()
    };
    let abs = if start.as_os_str().is_empty() {
        std::env::current_dir().ok()?
    } else {
        std::fs::canonicalize(&start).ok()?
    };
    let mut dir = Some(abs.as_path());
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// The commented starter file `reportlint init` writes.
pub const STARTER: &str = r#"# reportlint 配置文件（reportlint.toml）
# reportlint 会从被检查文件所在目录逐级向上查找本文件；也可用 --config 指定。
# 所有配置项都可省略，省略时使用内置默认值。

# 额外的规则目录（相对本文件），用于本局（单位）自定义的 Rhai 规则：
# rule-dirs = ["bureau-rules"]

# 启用哪些规则：规则 id、通配符（*-total）或类别（category:balance、category:typography）。
select = ["*"]

# 不启用哪些规则：
# ignore = ["halfwidth-punctuation"]

# 在上级（如省级）配置的基础上细化：先读上级文件，本文件的设置覆盖或追加。
# extends = ["../省级/reportlint.toml"]
# extend-select = ["number-format"]      # 在继承的规则选择上追加

# 出现何种级别的问题时以退出码 1 结束：error、warning、info 或 never。
fail-on = "error"

# 报告类型（一般按标题自动识别）：dept-overall、project-self-eval、final-accounts。
# profile = "dept-overall"

# 单条规则的设置：级别（error、warning、info、off）与选项。
# [rules.required-sections]
# severity = "error"
# options = { sections = ["基本情况", "绩效评价工作情况", "主要绩效及评价结论", "存在的问题", "有关建议"] }

# [rules.income-total]
# options = { total_labels = ["收入总计", "=总计", "收入合计总计"] }

# 某些文件不检查某些规则（路径模式相对本文件）：
# [per-file-ignores]
# "2019/*.txt" = ["number-format"]
"#;

/// Settings that the command line lays over the config file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub rule_dirs: Vec<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Option<Severity>>,
    pub profile: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_reported_on_its_line() {
        let text = "select = [\"*\"]\nfial-on = \"error\"\n";
        let e = Config::parse(Path::new("reportlint.toml"), text).unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.message.contains("fial-on"), "{}", e.message);
    }

    #[test]
    fn bad_fail_on_value_is_reported() {
        let text = "fail-on = \"sometimes\"\n";
        let e = Config::parse(Path::new("reportlint.toml"), text).unwrap_err();
        assert_eq!(e.line(), Some(1));
    }

    #[test]
    fn rule_table_is_read_with_options() {
        let text = "[rules.income-total]\nseverity = \"warning\"\noptions = { total_labels = [\"总计\"] }\n";
        let c = Config::parse(Path::new("reportlint.toml"), text).unwrap();
        let (id, rc) = c.file.rules.iter().next().unwrap();
        assert_eq!(id.get_ref(), "income-total");
        assert_eq!(rc.get_ref().severity.as_ref().unwrap().get_ref(), "warning");
        let opts = rc.get_ref().options.as_ref().unwrap().get_ref();
        assert_eq!(
            opts["total_labels"],
            toml::Value::Array(vec![toml::Value::String("总计".into())])
        );
    }

    #[test]
    fn starter_file_parses() {
        Config::parse(Path::new("reportlint.toml"), STARTER).unwrap();
    }

    #[test]
    fn a_gbk_config_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(CONFIG_NAME);
        let (gbk, _, _) = encoding_rs::GBK.encode("# 本局配置\nignore = [\"number-format\"]\n");
        std::fs::write(&p, &gbk).unwrap();
        let c = Config::load(&p).unwrap();
        assert_eq!(c.file.ignore.as_deref().map(|v| v.len()), Some(1));
    }

    #[test]
    fn wrong_type_is_an_error() {
        let e = Config::parse(Path::new("r.toml"), "select = \"*\"\n").unwrap_err();
        assert_eq!(e.line(), Some(1));
        assert!(e.to_string().contains("字符串 \"*\"，应为数组"), "{e}");
        let e =
            Config::parse(Path::new("r.toml"), "[rules]\nselect = \"balance-*\"\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().contains("顶层写 select"), "{e}");
    }
}
