//! rustc-style output through codespan-reporting. Wide CJK characters are
//! measured by codespan (unicode-width), so carets line up under them.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::cells::HEADER;
use super::view::{Base, ViewFile, ViewFiles};
use super::window;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::FileReport;

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

/// Help and note rows are wrapped to this many columns after `  = help: `.
const NOTE_WIDTH: usize = window::MAX_WIDTH - 10;

/// Renders the diagnostics of one report.
pub fn render_report(report: &FileReport, color: bool) -> Vec<u8> {
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    // Each file's lines are indexed once for all its diagnostics.
    let mut bases: Vec<Base> = Vec::new();
    for d in &report.diagnostics {
        for (name, _) in groups(report, d) {
            if !bases.iter().any(|b| b.name == name) {
                bases.push(Base::new(name, super::text_of(report, name)));
            }
        }
        render_one(report, d, &bases, color, &mut buf);
    }
    buf.into_inner()
}

/// The files a diagnostic points into (its own first), each with the
/// indices of its spans (0 the primary, `i + 1` label `i`).
fn groups<'a>(report: &FileReport, d: &'a Diagnostic) -> Vec<(&'a str, Vec<usize>)> {
    let mut out: Vec<(&str, Vec<usize>)> = vec![(&d.file, vec![0])];
    for (i, l) in d.labels.iter().enumerate() {
        let f = l.file.as_deref().unwrap_or(&d.file);
        match out.iter_mut().find(|(n, _)| *n == f) {
            Some((_, v)) => v.push(i + 1),
            None if known(report, f) => out.push((f, vec![i + 1])),
            None => {}
        }
    }
    out
}

/// Whether the report carries the text of `file`.
fn known(report: &FileReport, file: &str) -> bool {
    file == report.name || report.extra_sources.iter().any(|(n, _)| n == file)
}

/// The cell at `offset` of `file` as the `┌─` line names it: a
/// spreadsheet's `自评表!G14`, a Word table's `表 1 第 3 行第 2 列`.
fn cell_named(report: &FileReport, file: &str, offset: usize) -> Option<String> {
    if let Some(c) = super::cells::cell_place(report, file, offset) {
        return Some(c);
    }
    if file != report.name {
        return None;
    }
    let loc = crate::source::location_at(&report.locations, offset)?;
    match (loc.table, loc.row, loc.cell) {
        (Some(t), Some(r), Some(c)) => Some(format!("表 {t} 第 {r} 行第 {c} 列")),
        _ => None,
    }
}

/// Converts one diagnostic for codespan (the only place that does) and
/// renders it.
fn render_one(report: &FileReport, d: &Diagnostic, bases: &[Base], color: bool, buf: &mut Buffer) {
    let span_of = |i: usize| if i == 0 { d.span } else { d.labels[i - 1].span };
    let reserve = d
        .labels
        .iter()
        .map(|l| window::display_width(&l.message) + 2)
        .max()
        .unwrap_or(0);
    let mut files = ViewFiles::default();
    let mut labels = Vec::new();
    let mut loci = Vec::new();
    for (name, idx) in groups(report, d) {
        let Some(base) = bases.iter().find(|b| b.name == name) else {
            continue;
        };
        let text = base.text;
        let spans: Vec<(usize, usize)> = idx
            .iter()
            .map(|&i| {
                let s = span_of(i);
                let r = clamp(text, s.start, s.end);
                (r.start, r.end)
            })
            .collect();
        let tables = super::cells::tables_of(report, name);
        let v = ViewFile::new(base, tables, &spans, reserve);
        let id = files.files.len();
        for (&i, &(s, e)) in idx.iter().zip(&spans) {
            labels.push(if i == 0 {
                CsLabel::primary(id, v.range(s, e))
            } else {
                CsLabel::secondary(id, v.range(s, e)).with_message(d.labels[i - 1].message.clone())
            });
        }
        for &(s, e) in &v.headers {
            labels.push(CsLabel::secondary(id, v.range(s, e)).with_message(HEADER));
        }
        let locus = format!("{name}:{}:{}", v.locus.line_number, v.locus.column_number);
        if let Some(cell) = spans.first().and_then(|s| cell_named(report, name, s.0)) {
            loci.push((locus.clone(), format!("{locus} ({cell})")));
        }
        files.files.push(v);
    }
    let mut notes = Vec::new();
    if let Some(h) = &d.help {
        notes.push(window::wrap(&format!("help: {h}"), NOTE_WIDTH));
    }
    for n in &d.notes {
        notes.push(window::wrap(&format!("note: {n}"), NOTE_WIDTH));
    }
    // Labels in a file whose text the report does not carry.
    for l in &d.labels {
        if let Some(f) = l.file.as_deref().filter(|f| !known(report, f)) {
            notes.push(window::wrap(
                &format!("note: 另见 {f}：{}", l.message),
                NOTE_WIDTH,
            ));
        }
    }
    if d.file == report.name {
        if let Some(loc) = crate::source::location_at(&report.locations, d.span.start) {
            let place = loc.describe();
            // A rule that named the cell already said it.
            if !d.notes.iter().any(|n| n.contains(&place)) {
                notes.push(format!("note: {place}"));
            }
        }
    }
    let cs = CsDiagnostic::new(severity(d.severity))
        .with_message(d.message.clone())
        .with_code(d.rule.clone())
        .with_labels(labels)
        .with_notes(notes);
    let mut one = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let emitted = term::emit_to_write_style(&mut one, &Config::default(), &files, &cs);
    if emitted.is_err() {
        // A span that codespan cannot place: fall back to one line.
        let text = super::text_of(report, &d.file);
        let (line, col) = crate::document::LineIndex::new(text).line_col(text, d.span.start);
        let _ = std::io::Write::write_fmt(
            buf,
            format_args!(
                "{}[{}]: {} ({}:{line}:{col})\n",
                d.severity, d.rule, d.message, d.file
            ),
        );
        return;
    }
    let mut rendered = String::from_utf8_lossy(one.as_slice()).into_owned();
    // The cell a snippet starts in, after its place: `自评表.xlsx:14:7 (自评表!G14)`.
    for (from, to) in loci {
        rendered = rendered.replacen(&format!("{from}\n"), &format!("{to}\n"), 1);
    }
    let _ = std::io::Write::write_all(buf, rendered.as_bytes());
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
