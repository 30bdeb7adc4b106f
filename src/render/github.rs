//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`
//! with the data escaped (`%`, `\r`, `\n`) and the properties escaped
//! further (`:` and `,`). Lines and columns are those of the JSON output.

use super::{Positions, Summary};
use crate::diagnostic::Severity;
use crate::report::FileReport;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One workflow command per diagnostic, then the summary line.
pub fn render(reports: &[FileReport], summary: Summary) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&render_report(r));
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

/// The workflow commands of one report.
pub fn render_report(r: &FileReport) -> String {
    let mut out = String::new();
    let mut pos = Positions::new(r);
    for d in &r.diagnostics {
        let (line, col) = pos.at(&d.file, d.span.start);
        let (end_line, end_col) = pos.at(&d.file, d.span.end.max(d.span.start));
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str(&format!("\nhelp: {h}"));
        }
        for n in &d.notes {
            msg.push_str(&format!("\nnote: {n}"));
        }
        out.push_str(&format!(
            "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            command(d.severity),
            escape_property(&d.file),
            escape_property(&format!("reportlint [{}]", d.rule)),
            escape_data(&msg),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(
            escape_data("占比93.1%，应为92.1%"),
            "占比93.1%25，应为92.1%25"
        );
    }
}
