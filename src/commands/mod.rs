//! Commands as library functions, one file per command: `main.rs` only
//! parses arguments and maps the outcome to an exit code. Shared plumbing:
//! `inputs` (collecting and reading inputs, config lookup), `batch`
//! (linting many reports), `output` (writing the result).

pub mod annotate;
mod baseline;
mod batch;
mod check;
mod facts;
pub mod fix;
mod init;
mod inputs;
mod output;
mod paired;
mod rules;
mod test;

pub use baseline::baseline;
pub use batch::{CHUNK, PROGRESS_MIN_FILES};
pub use check::{check, CheckOptions};
pub use facts::facts;
pub use init::init;
pub use inputs::write_config_error;
pub(crate) use inputs::{config_for, Input};
pub use output::{write_failed_message, TrackedOut};
pub use rules::{explain, list_rules};
pub use test::test;

/// Output formats of `check` (the doc comments are `--format`'s help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the computation shown
    Human,
    /// the stable JSON schema documented in the README
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request)
    Github,
    /// a self-contained HTML review page (use with -o review.html)
    Html,
    /// one line per finding: file:line:col: 级别[rule] 消息
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
