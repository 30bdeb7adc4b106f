//! Where a finding's comment goes in document.xml: the runs its text
//! range covers (a run split where the range starts or ends inside it),
//! the paragraph when there is no run text (a rendered list number, the
//! tab between table cells), and the markup written there. A finding on a
//! Word table cell is a range inside that cell's paragraph, so its comment
//! is anchored on the cell's text.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::root_prefix;
use crate::diagnostic::Diagnostic;
use crate::source::docx::Extracted;

/// Where a comment boundary goes in document.xml.
#[derive(Debug, Clone)]
enum Anchor {
    /// Between elements: insert markup at this byte.
    At(usize),
    /// Inside the text of run `run`: split the run at this byte.
    Split(usize, usize),
}

impl Anchor {
    fn pos(&self) -> usize {
        match self {
            Anchor::At(p) | Anchor::Split(p, _) => *p,
        }
    }
}

fn piece_anchor(ex: &Extracted, idx: usize, x: usize, start: bool) -> Anchor {
    let p = &ex.pieces[idx];
    let run = &ex.runs[p.run];
    if let Some((first, last)) = run.pieces {
        if start && x == ex.pieces[first].text.start {
            return Anchor::At(run.xml.start);
        }
        if !start && x == ex.pieces[last].text.end {
            return Anchor::At(run.xml.end);
        }
    }
    let pos = if x <= p.text.start {
        p.xml.start
    } else if x >= p.text.end {
        p.xml.end
    } else if p.linear {
        p.xml.start + (x - p.text.start)
    } else if start {
        p.xml.start
    } else {
        p.xml.end
    };
    Anchor::Split(pos, p.run)
}

fn paragraph_at(ex: &Extracted, offset: usize) -> Option<Range<usize>> {
    ex.paragraphs
        .iter()
        .find(|p| p.text.start <= offset && offset <= p.text.end && p.content.is_some())
        .and_then(|p| p.content.clone())
}

/// Anchors for text range `a..b`: real text where there is some, else the
/// paragraph (a rendered list number, a tab between cells).
fn anchors(ex: &Extracted, a: usize, b: usize) -> Option<(Anchor, Anchor)> {
    let i = ex.pieces.partition_point(|p| p.text.end <= a);
    let start = match ex.pieces.get(i) {
        Some(p) if p.text.start < b => piece_anchor(ex, i, a.max(p.text.start), true),
        _ => Anchor::At(paragraph_at(ex, a)?.start),
    };
    let j = ex.pieces.partition_point(|p| p.text.start < b);
    let end = match j.checked_sub(1).map(|k| (k, &ex.pieces[k])) {
        Some((k, p)) if p.text.end > a => piece_anchor(ex, k, b.min(p.text.end), false),
        _ => Anchor::At(paragraph_at(ex, b.saturating_sub(1).max(a))?.end),
    };
    (start.pos() <= end.pos()).then_some((start, end))
}

/// The text range a finding covers: never empty, never a bare line end,
/// never only white space (a comment on a space cannot be seen: the
/// smallest label holding it is taken, else the characters either side).
pub(super) fn finding_range(text: &str, d: &Diagnostic) -> Option<(usize, usize)> {
    let mut a = d.span.start.min(text.len());
    let mut b = d.span.end.clamp(a, text.len());
    while a > 0 && !text.is_char_boundary(a) {
        a -= 1;
    }
    while b < text.len() && !text.is_char_boundary(b) {
        b += 1;
    }
    if b > a && text[a..b].trim().is_empty() {
        let label = d
            .labels
            .iter()
            .map(|l| l.span)
            .filter(|s| s.start <= a && b <= s.end && s.end <= text.len())
            .filter(|s| {
                text.get(s.start..s.end)
                    .is_some_and(|t| !t.trim().is_empty())
            })
            .min_by_key(|s| s.end - s.start);
        if let Some(s) = label {
            return Some((s.start, s.end));
        }
        let before = text[..a].chars().next_back().filter(|c| !c.is_whitespace());
        let after = text[b..].chars().next().filter(|c| !c.is_whitespace());
        return Some((
            a - before.map_or(0, char::len_utf8),
            b + after.map_or(0, char::len_utf8),
        ));
    }
    if b > a {
        return Some((a, b));
    }
    // An empty span: the character there, or the one before a line end.
    let next = text[a..].chars().next().filter(|c| *c != '\n');
    if let Some(c) = next {
        return Some((a, a + c.len_utf8()));
    }
    let prev = text[..a].chars().next_back().filter(|c| *c != '\n')?;
    Some((a - prev.len_utf8(), a))
}

#[derive(Default)]
struct Insert {
    split: Option<usize>,
    ends: String,
    starts: String,
}

fn qualify(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}:{name}")
    }
}

/// Rewrites document.xml with comment ranges; returns it and the ids used.
pub(super) fn mark_document(
    xml: &str,
    ex: &Extracted,
    findings: &[(u64, usize, usize)],
) -> (String, Vec<u64>) {
    let prefix = root_prefix(xml);
    let q = |n: &str| qualify(&prefix, n);
    let w = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}:")
    };
    let mut inserts: BTreeMap<usize, Insert> = BTreeMap::new();
    let mut preserve: BTreeSet<usize> = BTreeSet::new();
    let mut placed = Vec::new();
    for &(id, a, b) in findings {
        let Some((start, end)) = anchors(ex, a, b) else {
            continue;
        };
        for (anchor, is_start) in [(start, true), (end, false)] {
            let slot = inserts.entry(anchor.pos()).or_default();
            if let Anchor::Split(_, run) = anchor {
                slot.split = Some(run);
                // Text either side of a split keeps its spaces.
                // Pieces are in document order: find the split one by position.
                let k = ex.pieces.partition_point(|p| p.xml.end < anchor.pos());
                if let Some(p) = ex
                    .pieces
                    .get(k)
                    .filter(|p| p.run == run && p.xml.start <= anchor.pos())
                {
                    let tag = &xml[p.t_open.clone()];
                    if !tag.contains("xml:space") && p.t_open.end > p.t_open.start {
                        preserve.insert(p.t_open.end - 1);
                    }
                }
            }
            if is_start {
                slot.starts
                    .push_str(&format!(r#"<{w}commentRangeStart {w}id="{id}"/>"#));
            } else {
                slot.ends.push_str(&format!(
                    r#"<{w}commentRangeEnd {w}id="{id}"/><{r}><{w}commentReference {w}id="{id}"/></{r}>"#,
                    r = q("r")
                ));
            }
        }
        placed.push(id);
    }
    let mut out = String::with_capacity(xml.len() + inserts.len() * 160);
    let mut last = 0;
    let positions: BTreeSet<usize> = inserts.keys().chain(preserve.iter()).copied().collect();
    for pos in positions {
        let pos = pos.min(xml.len());
        out.push_str(&xml[last..pos]);
        last = pos;
        if preserve.contains(&pos) {
            out.push_str(r#" xml:space="preserve""#);
        }
        let Some(ins) = inserts.get(&pos) else {
            continue;
        };
        match ins.split {
            Some(run) => {
                let rpr = ex.runs[run]
                    .rpr
                    .clone()
                    .map(|r| &xml[r])
                    .unwrap_or_default();
                out.push_str(&format!("</{}></{}>", q("t"), q("r")));
                out.push_str(&ins.ends);
                out.push_str(&ins.starts);
                out.push_str(&format!(
                    r#"<{}>{rpr}<{} xml:space="preserve">"#,
                    q("r"),
                    q("t")
                ));
            }
            None => {
                out.push_str(&ins.ends);
                out.push_str(&ins.starts);
            }
        }
    }
    out.push_str(&xml[last..]);
    (out, placed)
}
