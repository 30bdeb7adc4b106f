//! rustc-style output through codespan-reporting. Wide CJK characters are
//! measured by codespan (unicode-width), so carets line up under them.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

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
    let mut labels = vec![CsLabel::primary(
        file_id,
        clamp(text, d.span.start, d.span.end),
    )];
    for l in &d.labels {
        labels.push(
            CsLabel::secondary(file_id, clamp(text, l.span.start, l.span.end))
                .with_message(l.message.clone()),
        );
    }
    let mut notes = Vec::new();
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    for n in &d.notes {
        notes.push(format!("note: {n}"));
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
        let mut cs = to_codespan(d, id, text);
        if id == main {
            if let Some(loc) = crate::source::location_at(&report.locations, d.span.start) {
                cs.notes.push(format!("note: {}", loc.describe()));
            }
        }
        if term::emit_to_write_style(&mut buf, &config, &files, &cs).is_err() {
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
    } else {
        d = d.with_notes(vec![format!("文件：{name}")]);
    }
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let _ = term::emit_to_write_style(&mut buf, &Config::default(), &files, &d);
    buf.into_inner()
}
