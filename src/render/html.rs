//! `--format html`: one self-contained review page (inline CSS and JS, no
//! network, no external assets).
//!
//! The page shows each report's text with every finding highlighted in
//! place (`<mark class="hl">`, exactly one per finding), and a list of
//! findings grouped by severity; a click on an item jumps to its
//! highlight, a click on a highlight jumps back to its item. Each item
//! shows the help computation, the labels and the notes.

use super::{Positions, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::FileReport;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn sev_zh(s: Severity) -> &'static str {
    s.zh()
}

const STYLE: &str = r#"
:root { --err:#c62828; --warn:#b26a00; --info:#1565c0; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif; color:#222; background:#f6f6f4; }
header { padding:12px 20px; background:#263238; color:#fff; }
header h1 { margin:0; font-size:18px; }
header .counts span { margin-right:14px; }
main { display:flex; gap:16px; padding:16px; align-items:flex-start; }
#findings { flex:0 0 38%; max-height:calc(100vh - 90px); overflow:auto; position:sticky; top:8px; }
#reports { flex:1; min-width:0; }
section.file { background:#fff; border:1px solid #ddd; border-radius:6px; margin-bottom:16px; }
section.file h2 { margin:0; padding:8px 12px; font-size:15px; border-bottom:1px solid #eee; background:#fafafa; }
pre.text { margin:0; padding:12px; white-space:pre-wrap; word-break:break-all; font: 15px/1.8 "Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace; }
mark.hl { background:transparent; border-bottom:3px solid; cursor:pointer; padding:0 1px; }
mark.hl.error { background:#ffebee; border-color:var(--err); }
mark.hl.warning { background:#fff8e1; border-color:var(--warn); }
mark.hl.info { background:#e3f2fd; border-color:var(--info); }
mark.hl:empty::before { content:"▲"; font-size:11px; }
mark.hl.active { outline:3px solid #000; }
.group h3 { margin:8px 0; font-size:15px; }
.group ol { margin:0; padding-left:20px; }
.group li { background:#fff; border:1px solid #ddd; border-left:4px solid; border-radius:4px; margin:0 0 8px; padding:6px 10px; }
li.error { border-left-color:var(--err); } li.warning { border-left-color:var(--warn); } li.info { border-left-color:var(--info); }
li.active { box-shadow:0 0 0 2px #000; }
a.jump { color:inherit; text-decoration:none; display:block; }
.rule { font-family:monospace; color:#555; }
.where { font-family:monospace; color:#777; font-size:13px; }
.help { font-family:monospace; background:#f1f8e9; padding:2px 6px; margin-top:4px; white-space:pre-wrap; }
.note, .labels { color:#555; font-size:13px; }
.empty { color:#2e7d32; }
"#;

const SCRIPT: &str = r#"
(function () {
  var marks = document.querySelectorAll('mark.hl');
  document.body.setAttribute('data-highlights', String(marks.length));
  function activate(el) {
    document.querySelectorAll('.active').forEach(function (x) { x.classList.remove('active'); });
    if (el) { el.classList.add('active'); el.scrollIntoView({ block: 'center' }); }
  }
  document.querySelectorAll('a.jump').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var id = a.getAttribute('data-target');
      activate(document.getElementById(id));
      history.replaceState(null, '', '#' + id);
    });
  });
  marks.forEach(function (m) {
    m.addEventListener('click', function () {
      activate(document.getElementById('item-' + m.id));
    });
  });
})();
"#;

/// One finding placed in the page.
struct Placed<'a> {
    n: usize,
    report: &'a FileReport,
    d: &'a Diagnostic,
    /// Line and column of the finding and of each of its labels.
    at: (usize, usize),
    labels_at: Vec<(usize, usize)>,
}

/// The text of `file` with the given findings highlighted: one `<mark>`
/// per finding, properly nested (a finding that crosses the end of an
/// enclosing one is clipped to it).
fn highlighted(text: &str, found: &[&Placed]) -> String {
    let mut items: Vec<(usize, usize, &Placed)> = found
        .iter()
        .map(|p| {
            let s = floor(text, p.d.span.start);
            let mut e = floor(text, p.d.span.end.max(p.d.span.start));
            while e < text.len() && !text.is_char_boundary(e) {
                e += 1;
            }
            (s, e.max(s), *p)
        })
        .collect();
    items.sort_by(|a, b| {
        (a.0, std::cmp::Reverse(a.1), a.2.n).cmp(&(b.0, std::cmp::Reverse(b.1), b.2.n))
    });
    let mut out = String::with_capacity(text.len() * 2);
    let mut pos = 0;
    let mut stack: Vec<usize> = Vec::new();
    for (s, e, p) in items {
        while let Some(&top) = stack.last() {
            if top > s {
                break;
            }
            out.push_str(&escape(&text[pos..top]));
            pos = top;
            out.push_str("</mark>");
            stack.pop();
        }
        out.push_str(&escape(&text[pos..s]));
        pos = s;
        let end = stack.last().map_or(e, |&top| e.min(top));
        let mut title = format!("[{}] {}", p.d.rule, p.d.message);
        if let Some(h) = &p.d.help {
            title.push_str(&format!("\n修改建议：{h}"));
        }
        out.push_str(&format!(
            "<mark class=\"hl {}\" id=\"f{}\" data-rule=\"{}\" title=\"{}\">",
            p.d.severity,
            p.n,
            escape(&p.d.rule),
            escape(&title)
        ));
        stack.push(end);
    }
    while let Some(top) = stack.pop() {
        out.push_str(&escape(&text[pos..top]));
        pos = top;
        out.push_str("</mark>");
    }
    out.push_str(&escape(&text[pos..]));
    out
}

fn item(p: &Placed) -> String {
    let (line, col) = p.at;
    let mut s = format!(
        "<li class=\"{sev}\" id=\"item-f{n}\"><a class=\"jump\" href=\"#f{n}\" data-target=\"f{n}\">\
         <span class=\"rule\">{sevzh}[{rule}]</span> {msg}<div class=\"where\">{file}:{line}:{col}{cell}</div></a>",
        sev = p.d.severity,
        n = p.n,
        sevzh = sev_zh(p.d.severity),
        rule = escape(&p.d.rule),
        msg = escape(&p.d.message),
        file = escape(&p.d.file),
        cell = super::cells::cell_place(p.report, &p.d.file, p.d.span.start)
            .map(|c| format!("（{}）", escape(&c)))
            .unwrap_or_default(),
    );
    if !p.d.labels.is_empty() {
        let labels: Vec<String> =
            p.d.labels
                .iter()
                .zip(&p.labels_at)
                .map(|(l, &(ll, lc))| {
                    let file = l.file.as_deref().unwrap_or(&p.d.file);
                    let t = super::text_of(p.report, file)
                        .get(l.span.start..l.span.end)
                        .unwrap_or("");
                    // Another file (a paired form) and a cell are named.
                    let mut place = format!("{ll}:{lc}");
                    if file != p.d.file {
                        place = format!("{file}:{place}");
                    }
                    if let Some(c) = super::cells::cell_place(p.report, file, l.span.start) {
                        place.push_str(&format!("，{c}"));
                    }
                    format!(
                        "{}“{}”（{}）",
                        escape(&l.message),
                        escape(t),
                        escape(&place)
                    )
                })
                .collect();
        s.push_str(&format!(
            "<div class=\"labels\">涉及：{}</div>",
            labels.join("；")
        ));
    }
    if let Some(h) = &p.d.help {
        s.push_str(&format!(
            "<div class=\"help\">修改建议：{}</div>",
            escape(h)
        ));
    }
    for n in &p.d.notes {
        s.push_str(&format!("<div class=\"note\">说明：{}</div>", escape(n)));
    }
    s.push_str("</li>\n");
    s
}

/// The whole page.
pub fn render(reports: &[FileReport], summary: Summary) -> String {
    let mut placed = Vec::new();
    for r in reports {
        let mut pos = Positions::new(r);
        for d in &r.diagnostics {
            placed.push(Placed {
                n: placed.len() + 1,
                report: r,
                d,
                at: pos.at(&d.file, d.span.start),
                labels_at: d
                    .labels
                    .iter()
                    .map(|l| pos.at(l.file.as_deref().unwrap_or(&d.file), l.span.start))
                    .collect(),
            });
        }
    }
    let mut body = String::new();
    for (ri, r) in reports.iter().enumerate() {
        // The report itself, then any other file its findings point into.
        let mut files: Vec<&str> = vec![&r.name];
        for d in &r.diagnostics {
            if !files.contains(&d.file.as_str()) {
                files.push(&d.file);
            }
        }
        for (fi, f) in files.iter().enumerate() {
            let found: Vec<&Placed> = placed
                .iter()
                .filter(|p| std::ptr::eq(p.report, r) && p.d.file == *f)
                .collect();
            if fi > 0 && found.is_empty() {
                continue;
            }
            let text = super::text_of(r, f);
            body.push_str(&format!(
                "<section class=\"file\" id=\"file-{ri}-{fi}\"><h2>{}（{} 个问题）</h2><pre class=\"text\">{}</pre></section>\n",
                escape(f),
                found.len(),
                highlighted(text, &found)
            ));
        }
    }
    let mut list = String::new();
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let items: Vec<&Placed> = placed.iter().filter(|p| p.d.severity == sev).collect();
        if items.is_empty() {
            continue;
        }
        list.push_str(&format!(
            "<div class=\"group\" id=\"group-{sev}\"><h3>{}（{}）</h3><ol>\n",
            sev_zh(sev),
            items.len()
        ));
        for p in items {
            list.push_str(&item(p));
        }
        list.push_str("</ol></div>\n");
    }
    if placed.is_empty() {
        list.push_str("<p class=\"empty\">没有发现问题。</p>");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>reportlint 审阅页</title>\n<style>{STYLE}</style>\n</head>\n<body data-findings=\"{total}\">\n\
         <header><h1>reportlint 审阅页</h1><div class=\"counts\"><span>{files} 个文件</span>\
         <span>{e} 个错误</span><span>{w} 个警告</span><span>{i} 个提示</span></div></header>\n\
         <main><nav id=\"findings\">\n{list}</nav>\n<div id=\"reports\">\n{body}</div></main>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        total = placed.len(),
        files = summary.files,
        e = summary.errors,
        w = summary.warnings,
        i = summary.infos,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn report(text: &str, spans: &[(usize, usize)]) -> FileReport {
        let found = spans
            .iter()
            .map(|&(s, e)| {
                Diagnostic::new("x", Severity::Error, "r.txt", Span::new(s, e), "m<>".into())
            })
            .collect();
        FileReport::new("r.txt", text, found)
    }

    #[test]
    fn one_mark_per_finding_even_when_spans_nest_cross_or_are_empty() {
        let text = "收入总计<751.2>万元，占比93.1%。";
        let r = report(text, &[(0, 12), (3, 20), (6, 9), (15, 15), (12, 12)]);
        let page = render(
            std::slice::from_ref(&r),
            Summary::of(std::slice::from_ref(&r), 1),
        );
        assert_eq!(page.matches("<mark class=\"hl").count(), 5);
        assert_eq!(page.matches("</mark>").count(), 5);
        // The report text is escaped wherever the marks cut it.
        assert!(!page.contains("<751") && !page.contains(".2>"), "{page}");
        assert!(!page.contains("m<>"), "messages are escaped");
    }
}
