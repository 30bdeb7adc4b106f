//! The report's title and year.
//!
//! The title is the short block of lines before the first heading that
//! names the report (报告, 决算, 自评表 …) — not a breadcrumb, a 来源 line
//! or a delivery note (web-page chrome is classified beforehand). A page
//! that carries its metadata as a table (`| 标题: | … |`) gives its title
//! there. The year is the title's; a title without one leaves it to the
//! body, where the year most written (dates of meetings, publication and
//! signature — a year followed by its month — do not count) decides.

use std::collections::HashMap;

use super::chrome::LineKind;
use super::{is_table_row, strip_markup, Span, WS};

/// The title found.
pub struct Found {
    pub text: String,
    pub span: Span,
}

/// Words that name a report (a block with one of them is preferred over
/// a short line before it, such as 政府信息公开 or a unit's name).
const TITLE_WORDS: &[&str] = &[
    "报告",
    "决算",
    "预算",
    "公开",
    "说明",
    "自评",
    "评价",
    "绩效",
    "情况表",
    "统计表",
    "评分表",
    "得分表",
];

/// File extensions a pasted title may still carry (报告.pdf).
const EXTENSIONS: &[&str] = &[".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".txt"];

/// A title line is short and is not a sentence.
pub(super) fn looks_like_title(line: &str) -> bool {
    line.chars().count() <= 60 && !line.contains(['。', '，', '；', ',', ';', '：'])
}

/// How many lines before the first heading are looked at.
const SCAN: usize = 24;

/// The title among `lines` (the lines before the first heading).
pub fn find(lines: &[(usize, &str)], kinds: &[LineKind]) -> Option<Found> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut meta: Option<Found> = None;
    for (i, (start, line)) in lines.iter().enumerate().take(SCAN) {
        let t = line.trim_matches(WS);
        let text_line = kinds.get(i).is_none_or(|k| *k == LineKind::Text);
        if t.is_empty() || !text_line || is_table_row(line) {
            if is_table_row(line) && meta.is_none() {
                meta = meta_title(*start, line);
            }
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !looks_like_title(t) {
            // Prose: the title, if any, came before it.
            break;
        }
        if cur.len() == 3 {
            blocks.push(std::mem::take(&mut cur));
        }
        cur.push(i);
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let joined = |b: &Vec<usize>| -> String {
        b.iter()
            .map(|&i| lines[i].1.trim_matches(WS))
            .collect::<String>()
    };
    let chosen = blocks
        .iter()
        .find(|b| {
            let j = joined(b);
            TITLE_WORDS.iter().any(|w| j.contains(w))
        })
        .or_else(|| if meta.is_some() { None } else { blocks.first() });
    let Some(block) = chosen else {
        return meta;
    };
    let mut text = String::new();
    let mut span = Span::default();
    for (n, &i) in block.iter().enumerate() {
        let (start, line) = lines[i];
        let (off, rest) = strip_markup(line);
        let rest = rest.trim_end_matches(WS).trim_end_matches("**");
        if n == 0 {
            span.start = start + off;
        }
        text.push_str(rest);
        span.end = start + off + rest.len();
    }
    for ext in EXTENSIONS {
        let lower = text.to_ascii_lowercase();
        if lower.ends_with(ext) && text.len() > ext.len() {
            text.truncate(text.len() - ext.len());
            span.end -= ext.len();
            break;
        }
    }
    Some(Found { text, span })
}

/// `| 标题: | 某局2024年决算报告 |`: the cell after 标题 or 名称.
fn meta_title(start: usize, line: &str) -> Option<Found> {
    let cells: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut at = 0;
        for piece in line.split('|') {
            v.push((at, piece));
            at += piece.len() + 1;
        }
        v
    };
    for w in cells.windows(2) {
        let key: String = w[0].1.chars().filter(|c| !c.is_whitespace()).collect();
        let key = key.trim_end_matches([':', '：']);
        if key == "标题" || key == "名称" || key == "文件名称" {
            let (off, cell) = w[1];
            let t = cell.trim_matches(WS);
            if t.is_empty() {
                continue;
            }
            let lead = cell.len() - cell.trim_start_matches(WS).len();
            let s = start + off + lead;
            return Some(Found {
                text: t.to_string(),
                span: Span::new(s, s + t.len()),
            });
        }
    }
    None
}

/// The year the body is about, when the title does not say: the year most
/// often written as `YYYY年` not followed by a month (a date), counted on
/// the report's own lines; `YYYY年度` counts twice. None when no year is
/// written at least twice or two years tie.
pub fn body_year(lines: &[(usize, &str)], kinds: &[LineKind]) -> Option<i32> {
    let mut count: HashMap<i32, usize> = HashMap::new();
    for (i, (_, line)) in lines.iter().enumerate() {
        if kinds.get(i).is_some_and(|k| *k != LineKind::Text) {
            continue;
        }
        let b = line.as_bytes();
        let mut k = 0;
        while k + 4 <= b.len() {
            let digits = b[k..k + 4].iter().all(u8::is_ascii_digit);
            let before_digit = k > 0 && b[k - 1].is_ascii_digit();
            if !digits || before_digit {
                k += 1;
                continue;
            }
            let rest = &line[k + 4..];
            let rest = rest.trim_start_matches(WS);
            if let Some(after) = rest.strip_prefix('年') {
                let after = after.trim_start_matches(WS);
                let month = after
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == ' ')
                    .count()
                    > 0
                    && after
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
                        .starts_with('月');
                let y: i32 = line[k..k + 4].parse().unwrap_or(0);
                if (1990..=2100).contains(&y) && !month {
                    *count.entry(y).or_default() += if after.starts_with('度') { 2 } else { 1 };
                }
            }
            k += 4;
        }
    }
    let mut v: Vec<(i32, usize)> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    match v.as_slice() {
        [(y, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(_, m)| m < n) => Some(*y),
        _ => None,
    }
}
