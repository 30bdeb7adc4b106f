//! Long lines in human output: a report often puts a whole paragraph on
//! one line, and codespan prints every line a label touches in full. A
//! line wider than the terminal budget is shown as windows around the
//! labelled spans, the text between them elided with `…`, so that no row
//! is wider than [`MAX_WIDTH`] display columns (a Chinese character counts
//! two) and every label stays visible.

use unicode_width::UnicodeWidthChar;

/// The widest row human output aims for.
pub const MAX_WIDTH: usize = 100;

const ELLIPSIS: char = '…';

fn width(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        c.width().unwrap_or(0)
    }
}

/// The display width of `s` (tabs as codespan draws them, four columns).
pub fn display_width(s: &str) -> usize {
    s.chars().map(width).sum()
}

/// A text made for rendering one diagnostic: lines before the first
/// labelled line are empty (so line numbers stay right), labelled lines
/// are windowed; and the offsets of the original text in it.
pub struct Windowed {
    pub text: String,
    /// (original start, original end, new start) of each kept stretch, in order.
    pieces: Vec<(usize, usize, usize)>,
}

impl Windowed {
    /// Where original offset `o` is in the windowed text: in a kept stretch
    /// as is; in an elided one at the ellipsis standing for it.
    pub fn map(&self, o: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.1 < o);
        match self.pieces.get(i) {
            Some(&(s, _, n)) if s <= o => n + (o - s),
            Some(&(_, _, n)) => n.saturating_sub(ELLIPSIS.len_utf8()),
            None => self.text.len(),
        }
    }
}

/// Windows `text` for a diagnostic whose spans are `spans`, when a line
/// they touch is wider than the budget; `None` when every such line fits
/// (the text is rendered as it is). `reserve` is the width label messages
/// need after the text.
pub fn window(text: &str, spans: &[(usize, usize)], reserve: usize) -> Option<Windowed> {
    let first = spans.iter().map(|s| s.0).min()?.min(text.len());
    let last = spans.iter().map(|s| s.1).max()?.min(text.len());
    let line_start = |o: usize| text[..o].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |o: usize| text[o..].find('\n').map_or(text.len(), |i| o + i);
    let (a, b) = (line_start(first), line_end(last));
    if !text.is_char_boundary(first) || !text.is_char_boundary(last) {
        return None;
    }
    let lines_before = text[..a].matches('\n').count();
    let last_line = lines_before + text[a..b].matches('\n').count() + 1;
    let gutter = last_line.to_string().len() + 3 + if text[a..b].contains('\n') { 3 } else { 0 };
    let budget = MAX_WIDTH.saturating_sub(gutter + 1);
    let content = budget.saturating_sub(reserve).max(40);
    let mut any_wide = false;
    let mut lines = Vec::new();
    let mut s = a;
    for line in text[a..b].split('\n') {
        any_wide |= display_width(line) > content;
        lines.push((s, s + line.len()));
        s += line.len() + 1;
    }
    if !any_wide {
        return None;
    }
    let mut out = "\n".repeat(lines_before);
    let mut pieces = Vec::new();
    for (k, &(ls, le)) in lines.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let line = &text[ls..le];
        if display_width(line) <= content {
            pieces.push((ls, le, out.len()));
            out.push_str(line);
            continue;
        }
        let marks: Vec<usize> = spans
            .iter()
            .flat_map(|&(x, y)| [x, y])
            .filter(|&o| ls <= o && o <= le)
            .map(|o| o - ls)
            .collect();
        let kept = keep_ranges(line, &marks, content);
        for (i, &(x, y)) in kept.iter().enumerate() {
            if x > 0 && (i == 0 || kept[i - 1].1 < x) {
                out.push(ELLIPSIS);
            }
            pieces.push((ls + x, ls + y, out.len()));
            out.push_str(&line[x..y]);
        }
        if kept.last().is_none_or(|&(_, y)| y < line.len()) {
            out.push(ELLIPSIS);
        }
    }
    Some(Windowed { text: out, pieces })
}

/// Byte ranges of `line` to keep: around each mark, as much context as
/// fits in `content` columns (ellipses included), merged and in order.
fn keep_ranges(line: &str, marks: &[usize], content: usize) -> Vec<(usize, usize)> {
    let bounds: Vec<usize> = line
        .char_indices()
        .map(|(i, _)| i)
        .chain([line.len()])
        .collect();
    let char_at = |b: usize| bounds.partition_point(|&x| x < b);
    let chars: Vec<char> = line.chars().collect();
    let cols = |x: usize, y: usize| chars[x..y].iter().copied().map(width).sum::<usize>();
    let mut idx: Vec<usize> = marks.iter().map(|&m| char_at(m)).collect();
    idx.sort_unstable();
    idx.dedup();
    let n = chars.len();
    let build = |ctx: usize| -> Vec<(usize, usize)> {
        let mut r: Vec<(usize, usize)> = Vec::new();
        for &m in &idx {
            let (x, y) = (m.saturating_sub(ctx), (m + ctx).min(n));
            match r.last_mut() {
                Some(last) if x <= last.1 + 1 => last.1 = last.1.max(y),
                _ => r.push((x, y)),
            }
        }
        r
    };
    let total = |r: &[(usize, usize)]| -> usize {
        let gaps = r.len() + 1;
        r.iter().map(|&(x, y)| cols(x, y)).sum::<usize>() + gaps
    };
    let mut ctx = n;
    let mut r = build(ctx);
    while total(&r) > content && ctx > 0 {
        ctx = if ctx > 64 { 64 } else { ctx - (ctx / 8).max(1) };
        r = build(ctx);
    }
    r.into_iter().map(|(x, y)| (bounds[x], bounds[y])).collect()
}

/// Wraps a help or note text so that its rows fit `cols` columns.
pub fn wrap(text: &str, cols: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let mut w = 0;
        for c in line.chars() {
            let cw = width(c);
            if w + cw > cols && w > 0 {
                out.push('\n');
                w = 0;
            }
            out.push(c);
            w += cw;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_left_alone() {
        assert!(window("收入622万元", &[(0, 3)], 10).is_none());
    }

    #[test]
    fn far_apart_spans_keep_their_text_and_line_number() {
        let filler = "各项工作有序推进".repeat(40);
        let text = format!("标题\n收入622万元，{filler}总计751.2万。\n");
        let a = text.find("622").unwrap();
        let b = text.find("751.2").unwrap();
        let w = window(&text, &[(a, a + 3), (b, b + 5)], 10).unwrap();
        let line = w.text.split('\n').nth(1).unwrap();
        assert!(display_width(line) <= MAX_WIDTH - 15, "{line}");
        assert!(line.contains('…'));
        assert!(w.text.starts_with('\n'), "the line keeps its number");
        assert_eq!(&w.text[w.map(a)..w.map(a + 3)], "622");
        assert_eq!(&w.text[w.map(b)..w.map(b + 5)], "751.2");
    }

    #[test]
    fn wrapping_counts_chinese_as_two_columns() {
        let s = wrap(&"十".repeat(30), 20);
        assert!(s.split('\n').all(|l| display_width(l) <= 20));
        assert_eq!(s.split('\n').count(), 3);
    }
}
