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

/// Words that name a report for certain (公开, 预算 alone may name a menu).
const STRONG_WORDS: &[&str] = &[
    "报告",
    "决算",
    "自评",
    "评价",
    "绩效",
    "说明",
    "情况表",
    "统计表",
    "评分表",
    "得分表",
];

/// File extensions a pasted title may still carry (报告.pdf).
const EXTENSIONS: &[&str] = &[".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".txt"];

/// A title line is short and is not a sentence.
pub(super) fn looks_like_title(line: &str) -> bool {
    // A line that starts with a figure is a table's or a page's, unless the
    // figure is the year (2021年度…).
    let b = line.as_bytes();
    let digit_start = b.first().is_some_and(u8::is_ascii_digit)
        && !(b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit));
    line.chars().count() <= 60
        && !digit_start
        && !line.contains(['。', '，', '；', ',', ';', '：', ':'])
}

/// 附件 / 附件3 / 附件二：alone on a line.
fn is_attachment_number(t: &str) -> bool {
    t.strip_prefix("附件").is_some_and(|r| {
        r.trim_matches(WS)
            .trim_end_matches([':', '：'])
            .chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    })
}

/// A line holding table cells (`a | b | c`), in a table row or not.
fn tableish(line: &str) -> bool {
    is_table_row(line) || line.matches('|').count() >= 2
}

/// The one non-empty cell of a table line (`2015年某局“三公”经费统计表 | ||`),
/// with its byte offset in the line.
fn sole_cell(line: &str) -> Option<(usize, &str)> {
    let mut found = None;
    let mut at = 0;
    for piece in line.split('|') {
        let t = piece.trim_matches(WS);
        if !t.is_empty() && t != "?" {
            if found.is_some() {
                return None;
            }
            let lead = piece.len() - piece.trim_start_matches(WS).len();
            found = Some((at + lead, t));
        }
        at += piece.len() + 1;
    }
    found
}

/// How many lines before the first heading are looked at.
const SCAN: usize = 24;

/// The title among `lines` (the lines before the first heading).
pub fn find(lines: &[(usize, &str)], kinds: &[LineKind]) -> Option<Found> {
    // Blocks of consecutive title-like lines, as indices into `pieces`.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut meta: Option<Found> = None;
    // (line index, byte offset of the text in the line, the text)
    let mut pieces: Vec<(usize, usize, &str)> = Vec::new();
    for (i, (start, line)) in lines.iter().enumerate().take(SCAN) {
        let text_line = kinds.get(i).is_none_or(|k| *k == LineKind::Text);
        let (off, t) = if tableish(line) {
            if meta.is_none() {
                meta = meta_title(*start, line);
            }
            match sole_cell(line) {
                Some((off, t)) if text_line && cur.is_empty() && looks_like_title(t) => (off, t),
                _ => {
                    if !cur.is_empty() {
                        blocks.push(std::mem::take(&mut cur));
                    }
                    continue;
                }
            }
        } else {
            let (off, rest) = strip_markup(line);
            (off, rest.trim_end_matches(WS).trim_end_matches("**"))
        };
        if t.is_empty() || !text_line {
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
        // 附件6 above a title is the attachment's number, not its name.
        if is_attachment_number(t) {
            continue;
        }
        cur.push(pieces.len());
        pieces.push((i, off, t));
        if tableish(line) {
            blocks.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let joined = |b: &Vec<usize>| -> String { b.iter().map(|&p| pieces[p].2).collect::<String>() };
    // The block that most looks like a report's name: words that name a
    // report, and a year (政府信息公开 alone is a menu, not the title).
    let score = |b: &Vec<usize>| -> usize {
        let j = joined(b);
        let strong = STRONG_WORDS.iter().any(|w| j.contains(w));
        let weak = TITLE_WORDS.iter().any(|w| j.contains(w));
        let year = j
            .as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit))
            || j.contains("年度");
        2 * usize::from(strong) + usize::from(weak) + 2 * usize::from(year && (strong || weak))
    };
    let best = blocks
        .iter()
        .map(score)
        .enumerate()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
    let chosen = match best {
        Some((i, n)) if n > 0 => blocks.get(i),
        _ if meta.is_some() => None,
        _ => blocks.first(),
    };
    let Some(block) = chosen else {
        return meta;
    };
    let mut text = String::new();
    let mut span = Span::default();
    for (n, &p) in block.iter().enumerate() {
        let (i, off, rest) = pieces[p];
        let start = lines[i].0;
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
        // Contents lines are the report's own words; page chrome is not.
        if kinds.get(i).is_some_and(|k| *k == LineKind::Chrome) {
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
