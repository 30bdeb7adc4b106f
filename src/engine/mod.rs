//! The Rhai rule engine: one `Engine` built once and shared across
//! threads, every rule compiled once to an `AST`, limits on every script.

pub mod api;
pub mod pattern_cache;
/// The rounding rule lives with the readings; engine code names it here too.
pub use crate::reading::rounding;

use std::sync::Arc;

use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, Map, Position, Scope, AST};

use crate::diagnostic::{Diagnostic, Label, Severity, RULE_ERROR};
use crate::document::{Document, Span};
use crate::rules::RuleFile;
use api::DocHandle;
pub use api::Finding;

/// Limits every rule runs under, in one place: a rule from a bureau's
/// directory can neither hang nor exhaust memory.
pub mod limits {
    pub const MAX_OPERATIONS: u64 = 5_000_000;
    pub const MAX_CALL_LEVELS: usize = 48;
    pub const MAX_EXPR_DEPTH: usize = 64;
    pub const MAX_FN_EXPR_DEPTH: usize = 48;
    pub const MAX_STRING_SIZE: usize = 4 << 20;
    pub const MAX_ARRAY_SIZE: usize = 200_000;
    pub const MAX_MAP_SIZE: usize = 20_000;
    /// Wall-clock time one rule may spend on one document.
    pub const MAX_RULE_TIME: std::time::Duration = std::time::Duration::from_secs(2);
    /// Findings one rule may make on one document.
    pub const MAX_FINDINGS: usize = 2_000;
    /// Labels, and notes, one finding may carry.
    pub const MAX_LABELS: usize = 64;
    /// Bytes of one message, label, help or note (about 2,700 Chinese
    /// characters).
    pub const MAX_TEXT_BYTES: usize = 8 * 1024;
}

/// What a rule may emit, checked as it builds each finding (the finding
/// functions of the script API call these).
pub mod emit_limits {
    use super::{limits, FINDINGS_MADE};
    use rhai::EvalAltResult;

    type Res<T> = Result<T, Box<EvalAltResult>>;

    fn error<T>(msg: String) -> Res<T> {
        Err(msg.into())
    }

    /// One more finding by the rule running on this thread.
    pub fn finding() -> Res<()> {
        let n = FINDINGS_MADE.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        if n > limits::MAX_FINDINGS {
            return error(format!(
                "规则在一份报告上产生的问题超过 {} 条上限",
                limits::MAX_FINDINGS
            ));
        }
        Ok(())
    }

    /// A finding already carrying `have` labels (or notes) gets one more.
    pub fn count(what: &str, have: usize) -> Res<()> {
        if have >= limits::MAX_LABELS {
            return error(format!(
                "一条问题的 {what} 超过 {} 个上限",
                limits::MAX_LABELS
            ));
        }
        Ok(())
    }

    /// A message, label, help or note text within the size limit.
    pub fn text(what: &str, s: &str) -> Res<String> {
        if s.len() > limits::MAX_TEXT_BYTES {
            return error(format!(
                "{what}过长（{} 字节，上限 {} 字节）",
                s.len(),
                limits::MAX_TEXT_BYTES
            ));
        }
        Ok(s.to_string())
    }
}

thread_local! {
    /// When the rule running on this thread started (for the time limit).
    static RULE_STARTED: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
    /// Operations the last rule run on this thread took (REPORTLINT_TIMINGS).
    static RULE_OPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// Findings the rule running on this thread has made so far.
    static FINDINGS_MADE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Script operations the last rule run on this thread performed (counted
/// in steps of 64).
pub fn last_rule_operations() -> u64 {
    RULE_OPS.with(|c| c.get())
}

/// Work done by every rule in this process: script operations (in steps
/// of 64) plus the steps of native queries that walk the document. Tests
/// compare it between inputs of two sizes to show that work grows
/// linearly, without timing anything.
static WORK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The work counter (see [`WORK`]).
pub fn work_done() -> u64 {
    WORK.load(std::sync::atomic::Ordering::Relaxed)
}

/// Counts `n` steps of a native query.
pub fn add_work(n: u64) {
    WORK.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
}

/// Whether the rule running on this thread is past its time limit: long
/// native queries check it between their steps, so that the limit holds
/// inside one call too.
pub fn over_time() -> bool {
    RULE_STARTED
        .with(|s| s.get())
        .is_some_and(|t| t.elapsed() > limits::MAX_RULE_TIME)
}

/// The error a native query stops with past the time limit (reported as
/// the rule's time-limit rule-error).
pub fn timeout_error() -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorTerminated(
        Dynamic::from("timeout"),
        Position::NONE,
    ))
}

/// Builds the engine with the script API and the limits.
pub fn build_engine() -> Engine {
    let mut engine = Engine::new();
    // The string interner sits behind one lock shared by every thread; with
    // it on, rules running on two cores take turns instead of running.
    engine.set_max_strings_interned(0);
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    engine.set_max_operations(limits::MAX_OPERATIONS);
    engine.set_max_call_levels(limits::MAX_CALL_LEVELS);
    engine.set_max_expr_depths(limits::MAX_EXPR_DEPTH, limits::MAX_FN_EXPR_DEPTH);
    engine.set_max_string_size(limits::MAX_STRING_SIZE);
    engine.set_max_array_size(limits::MAX_ARRAY_SIZE);
    engine.set_max_map_size(limits::MAX_MAP_SIZE);
    engine.set_max_modules(0);
    engine.disable_symbol("eval");
    engine.on_progress(|ops| {
        if ops % 64 == 0 {
            RULE_OPS.with(|c| c.set(ops));
            add_work(64);
        }
        // Looking at the clock costs more than an operation: every 4096th.
        if ops % 4096 != 0 {
            return None;
        }
        let started = RULE_STARTED.with(|s| s.get())?;
        (started.elapsed() > limits::MAX_RULE_TIME).then(|| Dynamic::from("timeout"))
    });
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});
    api::register(&mut engine);
    engine
}

/// A rule ready to run.
pub struct CompiledRule {
    pub file: RuleFile,
    ast: Result<AST, (String, usize)>,
    /// What the script's `defaults()` returned (empty if none).
    pub defaults: Map,
}

impl CompiledRule {
    pub fn id(&self) -> &str {
        &self.file.meta.id
    }

    pub fn severity(&self) -> Severity {
        self.file.meta.severity.unwrap_or(Severity::Warning)
    }

    /// Whether the rule runs on a document of this profile: rules with a
    /// `//! profiles:` header run only on those families.
    pub fn applies_to(&self, profile: Option<&str>) -> bool {
        let profiles = &self.file.meta.profiles;
        profiles.is_empty() || profile.is_some_and(|p| profiles.iter().any(|x| x == p))
    }

    /// The compile error, if the script did not compile: (message, line).
    pub fn compile_error(&self) -> Option<&(String, usize)> {
        self.ast.as_ref().err()
    }
}

/// Compiled rules and the engine that runs them.
pub struct RuleSet {
    pub engine: Engine,
    pub rules: Vec<CompiledRule>,
}

fn line_of(pos: Position) -> usize {
    pos.line().unwrap_or(0)
}

/// The script with its whole-line `//` comments blanked (line numbers
/// kept): a third of the built-in pack is explanation for readers, and
/// the tokenizer is the largest part of a one-report run's start-up.
/// Lines inside a multi-line backtick string are left as they are.
fn without_comment_lines(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_backticks = false;
    for line in source.split_inclusive('\n') {
        if !in_backticks && line.trim_start().starts_with("//") {
            if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => {
                    escaped = true;
                    continue;
                }
                '`' if !escaped => in_backticks = !in_backticks,
                _ => {}
            }
            escaped = false;
        }
    }
    out
}

/// Line of `fn <name>(` in a script (1-based), or 1.
fn fn_line(source: &str, name: &str) -> usize {
    let needle = format!("fn {name}(");
    source
        .lines()
        .position(|l| l.trim_start().starts_with(&needle))
        .map_or(1, |i| i + 1)
}

/// The script line an error happened on: the innermost known position.
fn error_line(e: &EvalAltResult) -> usize {
    if let EvalAltResult::ErrorInFunctionCall(_, _, inner, pos) = e {
        let inner_line = error_line(inner);
        if inner.position().line().is_some()
            || matches!(**inner, EvalAltResult::ErrorInFunctionCall(..))
        {
            return inner_line;
        }
        return line_of(*pos);
    }
    line_of(e.position())
}

impl RuleSet {
    /// Compiles every rule once. A rule that fails to compile is kept, so
    /// that it can be reported as `rule-error` instead of aborting the run.
    pub fn compile(files: Vec<RuleFile>) -> RuleSet {
        use rayon::prelude::*;
        let engine = build_engine();
        // Compiling is most of a one-report run's time: use every core.
        let rules = files
            .into_par_iter()
            .map(|file| {
                let ast = engine
                    .compile(without_comment_lines(&file.source))
                    .map_err(|e| (e.err_type().to_string(), line_of(e.position())));
                let mut defaults = Map::new();
                let ast = ast.and_then(|ast| {
                    if !ast.iter_functions().any(|f| f.name == "check") {
                        return Err(("规则脚本没有定义 fn check(doc, options)".to_string(), 1));
                    }
                    if ast
                        .iter_functions()
                        .any(|f| f.name == "defaults" && f.params.is_empty())
                    {
                        let mut scope = Scope::new();
                        let opts = CallFnOptions::new().eval_ast(false);
                        match engine.call_fn_with_options::<Dynamic>(
                            opts,
                            &mut scope,
                            &ast,
                            "defaults",
                            (),
                        ) {
                            Ok(v) => match v.try_cast::<Map>() {
                                Some(m) => defaults = m,
                                None => {
                                    return Err(("defaults() 应返回一个对象映射 #{...}".into(), 1))
                                }
                            },
                            Err(e) => return Err((describe(&e), error_line(&e))),
                        }
                    }
                    Ok(ast)
                });
                CompiledRule {
                    file,
                    ast,
                    defaults,
                }
            })
            .collect();
        RuleSet { engine, rules }
    }

    /// Runs one rule on a document. Errors come back as a `rule-error`
    /// diagnostic pointing at the script line.
    pub fn run(
        &self,
        rule: &CompiledRule,
        doc: &Arc<Document>,
        options: &Map,
        severity: Severity,
    ) -> Vec<Diagnostic> {
        let ast = match &rule.ast {
            Ok(ast) => ast,
            Err((msg, line)) => return vec![rule_error(rule, msg, *line, &doc.path)],
        };
        let mut scope = Scope::new();
        let opts = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        RULE_STARTED.with(|s| s.set(Some(std::time::Instant::now())));
        RULE_OPS.with(|c| c.set(0));
        FINDINGS_MADE.with(|c| c.set(0));
        // A panic inside a native call (a bug in the script API) is this
        // rule's rule-error on this report, not the end of the run.
        let result = crate::isolation::catch(&doc.path, || {
            // Debug builds: REPORTLINT_INJECT_PANIC=#<rule id> panics here.
            crate::isolation::inject_fault(&format!("{}#{}", doc.path, rule.id()));
            self.engine.call_fn_with_options::<Dynamic>(
                opts,
                &mut scope,
                ast,
                "check",
                (
                    Dynamic::from(DocHandle(doc.clone())),
                    Dynamic::from_map(options.clone()),
                ),
            )
        });
        RULE_STARTED.with(|s| s.set(None));
        let result = match result {
            Ok(r) => r,
            Err(failure) => {
                let msg = format!("reportlint 内部错误（已隔离）：{failure}");
                return vec![rule_error(rule, &msg, 0, &doc.path)];
            }
        };
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                return vec![rule_error(
                    rule,
                    &describe(&e),
                    line_of(e.position()),
                    &doc.path,
                )]
            }
        };
        let items: Vec<Dynamic> = if value.is_unit() {
            Vec::new()
        } else if let Some(arr) = value.clone().try_cast::<rhai::Array>() {
            arr
        } else if value.is::<Finding>() {
            vec![value]
        } else {
            let msg = format!(
                "check() 应返回 finding 数组，实际返回 {}",
                value.type_name()
            );
            return vec![rule_error(rule, &msg, 1, &doc.path)];
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let Some(f) = item.clone().try_cast::<Finding>() else {
                let msg = format!(
                    "check() 返回的数组中有非 finding 元素：{}",
                    item.type_name()
                );
                return vec![rule_error(rule, &msg, 1, &doc.path)];
            };
            if f.file.as_ref().is_some_and(|p| *p != doc.path) {
                let msg =
                    "finding 的位置须在报告本身；另一文件（配对的表）中的单元格请用 .label 标出";
                return vec![rule_error(rule, msg, 1, &doc.path)];
            }
            out.push(to_diagnostic(rule.id(), severity, &doc.path, f));
        }
        out
    }
}

fn to_diagnostic(rule: &str, severity: Severity, file: &str, f: Finding) -> Diagnostic {
    // A finding the rule marks minor (a discrepancy within one unit of the
    // last written digit) is reported one level below the rule's severity.
    let severity = if f.minor {
        match severity {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    } else {
        severity
    };
    let mut d = Diagnostic::new(rule, severity, file, f.span, f.message);
    let files = f.label_files;
    d.labels = f
        .labels
        .into_iter()
        .enumerate()
        .map(|(i, (span, message))| Label {
            span,
            message,
            file: files
                .iter()
                .find(|(k, p)| *k == i && p != file)
                .map(|(_, p)| p.clone()),
        })
        .collect();
    d.help = f.help;
    d.notes = f.notes;
    if !f.edits.is_empty() {
        d.fix = Some(crate::diagnostic::Fix {
            edits: f
                .edits
                .into_iter()
                .map(|(span, content)| crate::diagnostic::Edit { span, content })
                .collect(),
            applicability: if f.unsafe_fix {
                crate::diagnostic::Applicability::Unsafe
            } else {
                crate::diagnostic::Applicability::Safe
            },
        });
    }
    d
}

/// A readable message for a script error.
fn describe(e: &EvalAltResult) -> String {
    match e {
        EvalAltResult::ErrorTooManyOperations(_) => {
            format!(
                "规则运行超过 {} 步操作上限（可能是死循环）",
                limits::MAX_OPERATIONS
            )
        }
        EvalAltResult::ErrorStackOverflow(_) => "规则调用层级过深（可能是无限递归）".to_string(),
        EvalAltResult::ErrorTerminated(..) => format!(
            "规则在一份报告上运行超过 {} 秒时限，已中止",
            limits::MAX_RULE_TIME.as_secs()
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => format!("规则生成的数据过大：{what}"),
        EvalAltResult::ErrorRuntime(v, _) => format!("规则抛出错误：{v}"),
        EvalAltResult::ErrorInFunctionCall(name, _, inner, _) => {
            format!("{}（在函数 {name} 中）", describe(inner))
        }
        other => {
            let mut s = other.to_string();
            if let Some(i) = s.rfind(" (line ") {
                s.truncate(i);
            }
            s
        }
    }
}

/// A diagnostic on the rule script itself.
pub fn rule_error(rule: &CompiledRule, message: &str, line: usize, report: &str) -> Diagnostic {
    let src = &rule.file.source;
    // Some limits (operations) are hit where Rhai knows no position: point
    // at the hook that was running.
    let line = if line == 0 {
        fn_line(src, "check")
    } else {
        line
    };
    let mut start = 0;
    for _ in 1..line {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let mut d = Diagnostic::new(
        RULE_ERROR,
        Severity::Error,
        &rule.file.path,
        Span::new(start, end),
        format!("规则 {} 运行失败：{message}", rule.id()),
    );
    d.notes
        .push(format!("检查 {report} 时发生；其余规则照常运行"));
    d
}

#[cfg(test)]
mod tests {
    use super::without_comment_lines;

    #[test]
    fn comment_lines_are_blanked_and_lines_kept() {
        let src = "//! id: x\n// note\nfn check(doc, options) {\n    let s = `a\n// kept: inside a string\n`;\n    // gone\n    [] // trailing stays\n}\n";
        let out = without_comment_lines(src);
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(
            out,
            "\n\nfn check(doc, options) {\n    let s = `a\n// kept: inside a string\n`;\n\n    [] // trailing stays\n}\n"
        );
    }
}
