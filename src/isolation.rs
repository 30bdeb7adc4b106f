//! Keeping one failure to one report: a panic while reading, parsing or
//! linting a report is caught and becomes that report's `internal-error`
//! finding (a panic inside a rule's native call becomes that rule's
//! `rule-error`), and the rest of the batch goes on.
//!
//! The panic hook replaces Rust's English panic text on stderr with one
//! Chinese line naming the report being checked, and remembers where the
//! panic happened so that the finding can say it too.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::diagnostic::{Diagnostic, Severity, INTERNAL_ERROR};
use crate::document::Span;

thread_local! {
    /// The report this thread is working on (for the panic line).
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Where the last panic on this thread happened (`file:line`).
    static LAST_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Panics expected and handled by the caller: not printed.
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

/// What a caught panic said, and where.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub location: Option<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{}（{l}）", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Installs the Chinese panic hook (once per process; later calls do
/// nothing).
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            LAST_LOCATION.with(|c| *c.borrow_mut() = location.clone());
            if QUIET.with(|q| q.get()) > 0 {
                return;
            }
            let what = payload_text(info.payload());
            let report = CURRENT.with(|c| c.borrow().clone());
            let at = location.map(|l| format!("，位置 {l}")).unwrap_or_default();
            match report {
                Some(r) => eprintln!(
                    "reportlint 内部错误：检查 {r} 时出错（{what}{at}）；该报告记为 internal-error，其余报告照常检查"
                ),
                None => eprintln!("reportlint 内部错误：{what}{at}"),
            }
        }));
    });
}

fn payload_text(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "未知错误".to_string()
    }
}

/// Runs `f` for the report `name`; a panic comes back as a [`Failure`].
pub fn catch<T>(name: &str, f: impl FnOnce() -> T) -> Result<T, Failure> {
    let previous = CURRENT.with(|c| c.borrow_mut().replace(name.to_string()));
    let r = catch_unwind(AssertUnwindSafe(f));
    CURRENT.with(|c| *c.borrow_mut() = previous);
    r.map_err(|p| Failure {
        message: payload_text(&*p),
        location: LAST_LOCATION.with(|c| c.borrow_mut().take()),
    })
}

/// Like [`catch`] for a panic the caller expects and reports itself: the
/// hook prints nothing.
pub fn catch_quiet<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    QUIET.with(|q| q.set(q.get() + 1));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    r.map_err(|p| Failure {
        message: payload_text(&*p),
        location: LAST_LOCATION.with(|c| c.borrow_mut().take()),
    })
}

/// The finding a report gets when checking it failed inside reportlint.
pub fn internal_error(report: &str, failure: &Failure) -> Diagnostic {
    let mut d = Diagnostic::new(
        INTERNAL_ERROR,
        Severity::Error,
        report,
        Span::new(0, 0),
        format!("reportlint 内部错误：检查 {report} 时出错，该报告未能检查"),
    );
    d.notes.push(format!("原因：{failure}"));
    d.notes.push(
        "这是 reportlint 的缺陷，不是报告的问题；其余报告照常检查。请将该报告附上此信息报告给维护者"
            .into(),
    );
    d
}

/// The fault-injection switch (debug builds only): with
/// `REPORTLINT_INJECT_PANIC=<text>`, checking a report whose name contains
/// `<text>` panics, so that isolation can be tested once every known
/// panic is fixed; `#<rule id>` makes that rule's call panic instead (on
/// every report), and a test case's name makes that case panic. Release
/// builds have no such switch.
#[cfg(debug_assertions)]
pub fn inject_fault(report: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| {
        std::env::var("REPORTLINT_INJECT_PANIC")
            .ok()
            .filter(|s| !s.is_empty())
    });
    if let Some(t) = target {
        if report.contains(t.as_str()) {
            panic!("fault injected by REPORTLINT_INJECT_PANIC into {report}");
        }
    }
}

/// Release builds: no fault injection.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn inject_fault(_report: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message_and_place() {
        install_panic_hook();
        let r: Result<(), Failure> = catch("r.txt", || panic!("boom"));
        let f = r.unwrap_err();
        assert_eq!(f.message, "boom");
        assert!(f.location.is_some_and(|l| l.contains("isolation.rs")));
        let d = internal_error("r.txt", &catch_quiet(|| panic!("x")).unwrap_err());
        assert_eq!(d.rule, INTERNAL_ERROR);
        assert!(d.message.contains("r.txt"));
    }

    #[test]
    fn a_value_passes_through() {
        assert_eq!(catch("r.txt", || 3).unwrap(), 3);
    }
}
