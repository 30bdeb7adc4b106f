//! The one diagnostic type every rule produces and every renderer reads.

use serde::{Deserialize, Serialize};

use crate::document::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word a Chinese reader sees: 错误, 警告, 提示.
    pub fn zh(&self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The file the span points into when it is not the diagnostic's own
    /// (a form paired with the report); its text travels in the report's
    /// `extra_sources`. `None`: the diagnostic's file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Whether a fix may be applied unasked (`check --fix`) or only on
/// request (`--unsafe-fixes`): a change that is certain is safe; one that
/// is probably right but changes wording is unsafe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// One replacement: the bytes of `span` in the report's text become
/// `content` (empty content deletes, an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

/// The change that resolves a finding: one or more edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// One finding, located in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// The file the spans point into: the report, or for `rule-error` the
    /// rule script.
    pub file: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The change that resolves it, when the rule is certain of one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, file: &str, span: Span, message: String) -> Self {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            message,
            file: file.to_string(),
            span,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
        }
    }
}

/// The id of the diagnostic a failing rule script produces.
pub const RULE_ERROR: &str = "rule-error";

/// The id of notices about inputs too large or too complex to check
/// completely (more figures than are read, rule time budget spent).
pub const INPUT_LIMIT: &str = "input-limit";

/// The id of the notice a form gets when its directory holds reports but
/// none of them pairs with it (so report and form were not compared).
pub const FORM_UNPAIRED: &str = "form-unpaired";

/// The id of the finding a report gets when reportlint itself failed on it
/// (a panic caught by [`crate::isolation`]). Not a rule: it cannot be
/// selected away, baselined or suppressed, and the run exits 2.
pub const INTERNAL_ERROR: &str = "internal-error";

/// The id of the finding each report gets when the configuration or rule
/// folder governing it cannot be used; the run exits 2.
pub const CONFIG_ERROR: &str = "config-error";

/// Whether a finding is about reportlint or its setup rather than the
/// report: such findings are never baselined or suppressed.
pub fn is_fault(rule: &str) -> bool {
    rule == INTERNAL_ERROR || rule == CONFIG_ERROR
}
