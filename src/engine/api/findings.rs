//! Findings as rules build them: labels, help, notes, fixes, `.minor()`.

use super::*;

pub(super) fn register(engine: &mut Engine) {
    // Findings.
    // Findings, their labels and notes are bounded in number and size
    // (engine::limits): Rhai's own limits do not see inside them.
    use crate::engine::emit_limits as cap;
    engine.register_fn("finding", |at: Dynamic, message: &str| -> Res<Finding> {
        cap::finding()?;
        Ok(Finding {
            span: span_of(&at)?,
            file: super::forms::file_of(&at),
            message: cap::text("finding 的消息", message)?,
            ..Default::default()
        })
    });
    engine.register_fn(
        "label",
        |f: Finding, at: Dynamic, message: &str| -> Res<Finding> {
            let mut f = f;
            cap::count("label", f.labels.len())?;
            if let Some(file) = super::forms::file_of(&at) {
                f.label_files.push((f.labels.len(), file));
            }
            f.labels
                .push((span_of(&at)?, cap::text("label 的文字", message)?));
            Ok(f)
        },
    );
    engine.register_fn("help", |f: Finding, text: &str| -> Res<Finding> {
        let mut f = f;
        f.help = Some(cap::text("help", text)?);
        Ok(f)
    });
    engine.register_fn("minor", |f: Finding| {
        let mut f = f;
        f.minor = true;
        f
    });
    engine.register_fn("note", |f: Finding, text: &str| -> Res<Finding> {
        let mut f = f;
        cap::count("note", f.notes.len())?;
        f.notes.push(cap::text("note", text)?);
        Ok(f)
    });
    // Fixes: `.fix(at, replacement)` offers a change that is certain;
    // `.fix_unsafe(at, replacement)` one applied only on request. Several
    // calls make one fix of several edits (a summary finding fixes every
    // place it covers).
    fn edit(f: Finding, at: &Dynamic, replacement: &str, unsafe_fix: bool) -> Res<Finding> {
        let mut f = f;
        let what = if unsafe_fix { "fix_unsafe" } else { "fix" };
        f.edits.push((span_of(at)?, cap::text(what, replacement)?));
        f.unsafe_fix |= unsafe_fix;
        Ok(f)
    }
    engine.register_fn("fix", |f: Finding, at: Dynamic, r: &str| {
        edit(f, &at, r, false)
    });
    engine.register_fn("fix_unsafe", |f: Finding, at: Dynamic, r: &str| {
        edit(f, &at, r, true)
    });
    engine.register_get("message", |f: &mut Finding| -> ImmutableString {
        f.message.as_str().into()
    });
}
