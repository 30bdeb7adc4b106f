//! rustc-style output through codespan-reporting. Wide CJK characters are
//! measured by codespan (unicode-width), so carets line up under them.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::window;
use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::FileReport;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

fn clamp(text: &str, mut start: usize, mut end: usize) -> std::ops::Range<usize> {
    start = start.min(text.len());
    end = end.clamp(start, text.len());
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Converts one diagnostic for codespan; the only place that does.
pub fn to_codespan(d: &Diagnostic, file_id: usize, text: &str) -> CsDiagnostic<usize> {
    to_codespan_mapped(d, file_id, text, &|o| o)
}

/// Help and note rows are wrapped to this many columns after `  = help: `.
const NOTE_WIDTH: usize = window::MAX_WIDTH - 10;

/// As [`to_codespan`], the spans' offsets taken through `map` (into a
/// windowed copy of the text).
fn to_codespan_mapped(
    d: &Diagnostic,
    file_id: usize,
    text: &str,
    map: &dyn Fn(usize) -> usize,
) -> CsDiagnostic<usize> {
    let range = |s: usize, e: usize| {
        let r = clamp(text, s, e);
        map(r.start)..map(r.end)
    };
    let mut labels = vec![CsLabel::primary(file_id, range(d.span.start, d.span.end))];
    for l in &d.labels {
        labels.push(
            CsLabel::secondary(file_id, range(l.span.start, l.span.end))
                .with_message(l.message.clone()),
        );
    }
    let mut notes = Vec::new();
    if let Some(h) = &d.help {
        notes.push(window::wrap(&format!("help: {h}"), NOTE_WIDTH));
    }
    for n in &d.notes {
        notes.push(window::wrap(&format!("note: {n}"), NOTE_WIDTH));
    }
    CsDiagnostic::new(severity(d.severity))
        .with_message(d.message.clone())
        .with_code(d.rule.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders the diagnostics of one report.
pub fn render_report(report: &FileReport, color: bool) -> Vec<u8> {
    let mut files = SimpleFiles::new();
    let main = files.add(report.name.clone(), report.text.clone());
    let extra: Vec<(String, usize)> = report
        .extra_sources
        .iter()
        .map(|(n, t)| (n.clone(), files.add(n.clone(), t.to_string())))
        .collect();
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = Config::default();
    for d in &report.diagnostics {
        let (id, text): (usize, &str) = if d.file == report.name {
            (main, &report.text)
        } else {
            match extra.iter().find(|(n, _)| *n == d.file) {
                Some((_, id)) => (*id, super::text_of(report, &d.file)),
                None => (main, &report.text),
            }
        };
        let spans: Vec<(usize, usize)> = std::iter::once(&d.span)
            .chain(d.labels.iter().map(|l| &l.span))
            .map(|s| {
                let r = clamp(text, s.start, s.end);
                (r.start, r.end)
            })
            .collect();
        let reserve = d
            .labels
            .iter()
            .map(|l| window::display_width(&l.message) + 2)
            .max()
            .unwrap_or(0);
        let windowed = window::window(text, &spans, reserve);
        let (_, mut cs) = match &windowed {
            Some(w) => {
                let name = files.get(id).map(|f| f.name().clone()).unwrap_or_default();
                let wid = files.add(name, w.text.clone());
                (wid, to_codespan_mapped(d, wid, text, &|o| w.map(o)))
            }
            None => (id, to_codespan(d, id, text)),
        };
        if d.file == report.name {
            if let Some(loc) = crate::source::location_at(&report.locations, d.span.start) {
                cs.notes.push(format!("note: {}", loc.describe()));
            }
        }
        let emitted = match &windowed {
            None => term::emit_to_write_style(&mut buf, &config, &files, &cs),
            Some(w) => {
                // codespan names the windowed column: put the real one back.
                let mut one = if color {
                    Buffer::ansi()
                } else {
                    Buffer::no_color()
                };
                let r = term::emit_to_write_style(&mut one, &config, &files, &cs);
                let rendered = String::from_utf8_lossy(one.as_slice()).into_owned();
                let at = clamp(text, d.span.start, d.span.end).start;
                let (line, col) = crate::document::LineIndex::new(text).line_col(text, at);
                let (wl, wc) =
                    crate::document::LineIndex::new(&w.text).line_col(&w.text, w.map(at));
                let name = &d.file;
                let fixed = rendered.replacen(
                    &format!("{name}:{wl}:{wc}"),
                    &format!("{name}:{line}:{col}"),
                    1,
                );
                let _ = std::io::Write::write_all(&mut buf, fixed.as_bytes());
                r
            }
        };
        if emitted.is_err() {
            // A span that codespan cannot place: fall back to one line.
            let (line, col) = crate::document::LineIndex::new(text).line_col(text, d.span.start);
            let _ = std::io::Write::write_fmt(
                &mut buf,
                format_args!(
                    "{}[{}]: {} ({}:{line}:{col})\n",
                    d.severity, d.rule, d.message, d.file
                ),
            );
        }
    }
    buf.into_inner()
}

/// Renders a located message (a config error) the same way.
pub fn render_located(
    name: &str,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
    color: bool,
) -> Vec<u8> {
    let mut files = SimpleFiles::new();
    let id = files.add(name.to_string(), text.to_string());
    let mut d = CsDiagnostic::error().with_message(message.to_string());
    if let Some(s) = span {
        d = d.with_labels(vec![CsLabel::primary(id, clamp(text, s.start, s.end))]);
    } else if !name.is_empty() {
        d = d.with_notes(vec![format!("文件：{name}")]);
    }
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let _ = term::emit_to_write_style(&mut buf, &Config::default(), &files, &d);
    // Every error the user meets starts with the same Chinese prefix
    // (codespan writes `error: `; with colour, `error` and `: ` are apart).
    let text = String::from_utf8_lossy(&buf.into_inner()).into_owned();
    let text = match text.find("error") {
        Some(i) => {
            let rest = &text[i + "error".len()..];
            let rest = rest.replacen(": ", "：", 1);
            format!("{}错误{rest}", &text[..i])
        }
        None => text,
    };
    text.into_bytes()
}
