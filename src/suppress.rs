//! Suppressions with a reason.
//!
//! In `.txt`/`.md` reports a directive is a line of its own, written as an
//! HTML comment (invisible when Markdown is rendered) or after `//`:
//!
//! ```text
//! <!-- reportlint-disable-next-line income-total: 总计含代管资金，经财政局确认 -->
//! <!-- reportlint-disable number-format, share-consistency: 表格由系统导出 -->
//! …
//! <!-- reportlint-enable number-format, share-consistency -->
//! // reportlint-disable-next-line conversion-artifact: 原文如此
//! ```
//!
//! `disable-next-line` covers the next line that is neither blank nor
//! another directive; `disable` covers everything up to the matching
//! `enable` (or the end of the report). The reason after the colon (`:` or
//! `：`) is required. A directive without a reason or with an unknown rule
//! id does not take effect; it, and a directive that suppresses nothing,
//! is reported under the id [`SUPPRESSION`].
//!
//! Directive lines are blanked (each byte replaced by a space) before the
//! report is parsed, so byte offsets and line numbers stay the same and no
//! rule sees the comment's ASCII punctuation.
//!
//! Structured inputs (.docx) feed their comments in as [`Comment`]s: a
//! Word comment whose text starts with `reportlint-disable RULE: reason`
//! suppresses findings of RULE that start inside the commented range.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;

/// The rule id under which faulty or unused suppressions are reported.
pub const SUPPRESSION: &str = "suppression";

/// A comment attached to a range of the report text (a Word comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The commented range, as bytes of the extracted text.
    pub span: Span,
    /// The comment's text.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

/// One parsed directive.
#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    rules: Vec<String>,
    reason: Option<String>,
    /// Where the directive is written (reported there).
    at: Span,
}

/// A stretch of text in which one rule is silenced.
#[derive(Debug, Clone)]
struct Region {
    directive: usize,
    rule: String,
    range: Span,
    used: bool,
}

/// The suppressions of one report, ready to filter its diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    regions: Vec<Region>,
    /// Problems found while reading directives (an `enable` without a
    /// `disable`, a `disable-next-line` at the end of the report).
    problems: Vec<(Span, String)>,
}

/// What [`prepare`] returns: the text the parser should see and the
/// suppressions to apply afterwards.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The report text with directive lines blanked; `None` when the
    /// report has no directive (the common case: no copy).
    pub blanked: Option<String>,
    pub suppressions: Suppressions,
}

/// Parses `reportlint-…` after the comment opener; returns the directive
/// kind and the rest (`RULE[, RULE]: reason`).
fn parse_body(body: &str) -> Option<(Kind, &str)> {
    let body = body.trim();
    let rest = body.strip_prefix("reportlint-")?;
    for (word, kind) in [
        ("disable-next-line", Kind::NextLine),
        ("disable", Kind::Disable),
        ("enable", Kind::Enable),
    ] {
        if let Some(r) = rest.strip_prefix(word) {
            if r.is_empty() || r.starts_with(char::is_whitespace) {
                return Some((kind, r.trim()));
            }
        }
    }
    None
}

/// The directive text of a whole line, if the line is a comment.
fn comment_of_line(line: &str) -> Option<&str> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if let Some(inner) = t.strip_prefix("<!--").and_then(|s| s.strip_suffix("-->")) {
        return Some(inner);
    }
    t.strip_prefix("//")
}

fn parse_directive(kind: Kind, rest: &str, at: Span) -> Directive {
    let (rules, reason) = match rest.find([':', '：']) {
        Some(i) => {
            let colon = rest[i..].chars().next().map_or(1, char::len_utf8);
            (&rest[..i], Some(rest[i + colon..].trim().to_string()))
        }
        None => (rest, None),
    };
    let rules = rules
        .split([',', '，', ' ', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Directive {
        kind,
        rules,
        reason: reason.filter(|r| !r.is_empty()),
        at,
    }
}

/// A line's start and end (without its newline) and its directive, if any.
type Line<'a> = (usize, usize, Option<(Kind, &'a str)>);

/// Reads the directives of a report and blanks their lines. `comments`
/// are the ranged comments of a structured input (none for plain text).
pub fn prepare(text: &str, comments: &[Comment]) -> Prepared {
    // (start, end, directive) of every line, without its newline.
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let d = if content.contains("reportlint-") {
            comment_of_line(content).and_then(parse_body)
        } else {
            None
        };
        lines.push((start, start + content.len(), d));
        start += line.len();
    }

    let mut s = Suppressions::default();
    let mut blanked: Option<Vec<u8>> = None;
    // Open `disable` regions by rule: index into `s.regions`.
    let mut open: Vec<usize> = Vec::new();
    for (i, &(ls, le, d)) in lines.iter().enumerate() {
        let Some((kind, rest)) = d else {
            continue;
        };
        blanked.get_or_insert_with(|| text.as_bytes().to_vec())[ls..le].fill(b' ');
        let d = parse_directive(kind, rest, Span::new(ls, le));
        let idx = s.directives.len();
        match kind {
            Kind::NextLine => {
                let target = lines[i + 1..]
                    .iter()
                    .find(|(a, b, dd)| dd.is_none() && !text[*a..*b].trim().is_empty());
                match target {
                    Some(&(a, b, _)) => {
                        for r in &d.rules {
                            s.regions.push(Region {
                                directive: idx,
                                rule: r.clone(),
                                range: Span::new(a, b),
                                used: false,
                            });
                        }
                    }
                    None => s
                        .problems
                        .push((d.at, "reportlint-disable-next-line 之后没有正文行".into())),
                }
            }
            Kind::Disable => {
                for r in &d.rules {
                    s.regions.push(Region {
                        directive: idx,
                        rule: r.clone(),
                        range: Span::new(le, text.len()),
                        used: false,
                    });
                    open.push(s.regions.len() - 1);
                }
            }
            Kind::Enable => {
                for r in &d.rules {
                    match open.iter().rposition(|&o| s.regions[o].rule == *r) {
                        Some(p) => {
                            let reg = open.remove(p);
                            s.regions[reg].range.end = ls;
                        }
                        None => s.problems.push((
                            d.at,
                            format!("reportlint-enable {r} 之前没有对应的 reportlint-disable {r}"),
                        )),
                    }
                }
            }
        }
        s.directives.push(d);
    }
    for c in comments {
        let Some((kind, rest)) = parse_body(&c.text) else {
            continue;
        };
        if kind == Kind::Enable {
            continue;
        }
        let idx = s.directives.len();
        let d = parse_directive(Kind::Disable, rest, c.span);
        for r in &d.rules {
            s.regions.push(Region {
                directive: idx,
                rule: r.clone(),
                range: c.span,
                used: false,
            });
        }
        s.directives.push(d);
    }
    Prepared {
        blanked: blanked.map(|b| String::from_utf8(b).unwrap_or_else(|_| text.to_string())),
        suppressions: s,
    }
}

fn directive_name(k: Kind) -> &'static str {
    match k {
        Kind::NextLine => "reportlint-disable-next-line",
        Kind::Disable => "reportlint-disable",
        Kind::Enable => "reportlint-enable",
    }
}

impl Suppressions {
    /// Whether the report has no directive at all.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.problems.is_empty()
    }

    /// Drops the diagnostics of `file` that a valid directive covers and
    /// adds a [`SUPPRESSION`] warning for each faulty or unused directive.
    /// `known(rule)` tells whether a rule id exists, `enabled(rule)`
    /// whether it ran on this report (an unused suppression of a rule that
    /// did not run is not reported).
    pub fn apply(
        &mut self,
        diagnostics: Vec<Diagnostic>,
        file: &str,
        known: &dyn Fn(&str) -> bool,
        enabled: &dyn Fn(&str) -> bool,
    ) -> Vec<Diagnostic> {
        if self.is_empty() {
            return diagnostics;
        }
        let mut out = Vec::with_capacity(diagnostics.len());
        let valid =
            |d: &Directive, rule: &str| d.reason.is_some() && d.kind != Kind::Enable && known(rule);
        for diag in diagnostics {
            let hit = (diag.file == file)
                .then(|| {
                    self.regions.iter().position(|r| {
                        r.rule == diag.rule
                            && valid(&self.directives[r.directive], &r.rule)
                            && r.range.start <= diag.span.start
                            && (diag.span.start < r.range.end
                                || (r.range.is_empty() && diag.span.start == r.range.start))
                    })
                })
                .flatten();
            match hit {
                Some(i) => self.regions[i].used = true,
                None => out.push(diag),
            }
        }
        let warn = |at: Span, message: String| {
            Diagnostic::new(SUPPRESSION, Severity::Warning, file, at, message)
        };
        for d in &self.directives {
            let name = directive_name(d.kind);
            if d.rules.is_empty() {
                out.push(warn(d.at, format!("{name} 没有写规则 id")));
                continue;
            }
            for r in d.rules.iter().filter(|r| !known(r)) {
                let mut w = warn(d.at, format!("{name} 中的规则 id“{r}”不存在，该指令未生效"));
                w.help = Some("用 `reportlint rules` 查看规则 id".into());
                out.push(w);
            }
            if d.kind != Kind::Enable && d.reason.is_none() {
                let mut w = warn(d.at, format!("{name} 缺少理由，该指令未生效"));
                w.help = Some(format!(
                    "在规则 id 后写上理由：{name} {}: 理由",
                    d.rules.join(", ")
                ));
                out.push(w);
            }
        }
        for r in &self.regions {
            let d = &self.directives[r.directive];
            if !r.used && valid(d, &r.rule) && enabled(&r.rule) {
                let mut w = warn(
                    d.at,
                    format!("{} {} 没有抑制任何问题", directive_name(d.kind), r.rule),
                );
                w.help = Some("问题已不存在时请删除这条指令".into());
                out.push(w);
            }
        }
        for (at, m) in &self.problems {
            out.push(warn(*at, m.clone()));
        }
        out.sort_by(|a, b| {
            (a.file != file, a.span.start, &a.rule).cmp(&(b.file != file, b.span.start, &b.rule))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(rule: &str, text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic::new(
            rule,
            Severity::Error,
            "r.txt",
            Span::new(start, start + needle.len()),
            "x".into(),
        )
    }

    fn run(text: &str, diags: Vec<Diagnostic>) -> (Prepared, Vec<Diagnostic>) {
        let mut p = prepare(text, &[]);
        let known = |r: &str| r != "no-such-rule";
        let out = p.suppressions.apply(diags, "r.txt", &known, &|_| true);
        (p, out)
    }

    #[test]
    fn directive_lines_are_blanked_to_the_same_byte_length() {
        let text = "一、概况\n<!-- reportlint-disable-next-line income-total: 含代管资金 -->\n总计751.2万元。\n";
        let p = prepare(text, &[]);
        let b = p.blanked.unwrap();
        assert_eq!(b.len(), text.len());
        assert_eq!(b.lines().count(), text.lines().count());
        assert!(b.lines().nth(1).unwrap().trim().is_empty());
        assert_eq!(b.lines().nth(2), text.lines().nth(2));
    }

    #[test]
    fn next_line_suppresses_only_the_next_text_line() {
        let text = "<!-- reportlint-disable-next-line income-total: 含代管资金 -->\n\n总计751.2万元。\n收入总计9万元。\n";
        let (_, out) = run(
            text,
            vec![
                diag("income-total", text, "751.2"),
                diag("income-total", text, "9万元"),
            ],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span.start, text.find("9万元").unwrap());
    }

    #[test]
    fn disable_enable_covers_the_lines_between_for_the_named_rule_only() {
        let text = "# reportlint-x\n// reportlint-disable number-format: 系统导出\n1,23万元\n12,3万元\n<!-- reportlint-enable number-format -->\n4,56万元\n";
        let (_, out) = run(
            text,
            vec![
                diag("number-format", text, "1,23"),
                diag("share-consistency", text, "12,3"),
                diag("number-format", text, "4,56"),
            ],
        );
        let rules: Vec<(&str, usize)> = out
            .iter()
            .map(|d| (d.rule.as_str(), d.span.start))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("share-consistency", text.find("12,3").unwrap()),
                ("number-format", text.find("4,56").unwrap())
            ]
        );
    }

    #[test]
    fn a_suppression_without_reason_is_reported_and_does_not_apply() {
        let text = "<!-- reportlint-disable-next-line income-total -->\n总计751.2万元。\n";
        let (_, out) = run(text, vec![diag("income-total", text, "751.2")]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].rule, SUPPRESSION);
        assert!(out[0].message.contains("缺少理由"), "{}", out[0].message);
        assert_eq!(out[1].rule, "income-total");
    }

    #[test]
    fn unknown_rules_and_unused_suppressions_are_reported() {
        let text = "<!-- reportlint-disable-next-line no-such-rule: 理由 -->\n总计751.2万元。\n<!-- reportlint-disable-next-line income-total：全角冒号也可以 -->\n没有问题的一行。\n<!-- reportlint-enable number-format -->\n";
        let (_, out) = run(text, vec![]);
        let msgs: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(out.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("no-such-rule") && msgs[0].contains("不存在"));
        assert!(msgs[1].contains("没有抑制任何问题"));
        assert!(msgs[2].contains("之前没有对应的"));
        assert!(out.iter().all(|d| d.rule == SUPPRESSION));
    }

    #[test]
    fn ranged_comments_of_structured_inputs_suppress_their_range() {
        let text = "总计751.2万元。收入总计9万元。";
        let at = text.find("751.2").unwrap();
        let comments = [Comment {
            span: Span::new(at, at + 8),
            text: "reportlint-disable income-total: 已与财政局核对".into(),
        }];
        let mut p = prepare(text, &comments);
        assert!(p.blanked.is_none(), "comments leave the text alone");
        let out = p.suppressions.apply(
            vec![
                diag("income-total", text, "751.2"),
                diag("income-total", text, "9万元"),
            ],
            "r.txt",
            &|_| true,
            &|_| true,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span.start, text.find("9万元").unwrap());
    }

    #[test]
    fn ordinary_comments_and_prose_mentions_are_not_directives() {
        let text = "<!-- 注释 -->\n正文提到 reportlint-disable 这个词。\n";
        let p = prepare(text, &[]);
        assert!(p.blanked.is_none());
        assert!(p.suppressions.is_empty());
    }
}
