//! Lists after a figure: the word that opens them (其中, 分别为, a bracket),
//! the parts at the list's own level, numbered paragraphs after 其中：, and
//! the names a count announces (`5个所：A、B、C`).

use super::*;
use regex_lite::Regex;

/// Words that introduce the parts of a total right after it.
const INTRO: &[&str] = &[
    "其中",
    "分别为",
    "分别是",
    "包括",
    "具体为",
    "具体是",
    "含",
    "：",
    ":",
];
/// Intro words that announce the whole list.
const EXHAUSTIVE: &[&str] = &["分别为", "分别是", "包括", "全部为", "具体为", "具体是"];

/// Separator strength: 、 < ，< ；< 。
pub(super) fn sep_rank(text: &str) -> u8 {
    let mut r = 0;
    for c in text.chars() {
        r = r.max(match c {
            '、' => 1,
            '，' | ',' => 2,
            '；' | ';' => 3,
            '。' | '！' | '？' => 4,
            _ => 0,
        });
    }
    r
}

/// The word introducing a list right after fact `i`, if any.
pub(super) fn intro_after(doc: &Document, i: usize) -> Option<&'static str> {
    let f = &doc.facts[i];
    let para = paragraph_range(doc, f);
    // 共有38名在职人员，其中…: the noun after a count is its label; the list
    // opens after it.
    // (After such a noun a ：opens a list of names, for count-vs-list.)
    let noun_first = matches!(f.label_span, Some(l) if l.start == f.span.end);
    let from = match f.label_span {
        Some(l) if noun_first => l.end,
        _ => f.span.end,
    };
    let after = doc.text.get(from..para.end).unwrap_or("");
    let after: String = after
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .take(8)
        .collect();
    let t = after.trim_start_matches(['，', ',', '（', '(', ' ', '\u{3000}']);
    // 在职人员78人（行政编制52人、事业编制21人）: a bracket holding figures
    // right after a total lists its parts.
    let bracketed = after
        .trim_start_matches([' ', '\u{3000}'])
        .starts_with(['（', '(']);
    // 合计X万元。其中：A…: 其中 after a full stop still opens the total's list.
    if let Some(r) = t.strip_prefix(['。', '.']) {
        return r.starts_with("其中").then_some("其中");
    }
    if noun_first {
        return t.starts_with("其中").then_some("其中");
    }
    INTRO
        .iter()
        .copied()
        .find(|w| t.starts_with(w))
        .or_else(|| {
            // 全年实际支付812.45万元，支付率96.47%。其中：…: the next sentence
            // opens with 其中 and nothing of the figure's kind comes between.
            let raw = doc.text.get(from..para.end.min(from + 300)).unwrap_or("");
            let stop = raw.find('。')?;
            let next_sentence = raw[stop + '。'.len_utf8()..].trim_start();
            let end = from + stop;
            let between_same_kind = doc.facts[i + 1..]
                .iter()
                .take_while(|g| g.span.start < end)
                .any(|g| g.kind == f.kind);
            (next_sentence.starts_with("其中") && !between_same_kind).then_some("其中")
        })
        .or_else(|| {
            let next = doc.facts.get(i + 1)?;
            let inside = doc.text.get(from..next.span.start).unwrap_or("");
            (bracketed
                && next.kind == f.kind
                && next.paragraph == f.paragraph
                && !inside.contains(['）', ')', '。', '；', ';']))
            .then_some("（")
        })
}

/// The parts listed after a total (`合计X，其中A a、B b`): facts of the
/// same kind in the same sentence, at the list's own level (nested lists in
/// brackets or after a part's own 其中 are left out), up to a stronger
/// separator than the one between the items, or a figure that is a total
/// itself.
pub(super) fn list_after(doc: &Arc<Document>, total: usize) -> Map {
    let mut out = Map::new();
    let Some(intro) = intro_after(doc, total) else {
        return out;
    };
    let t = &doc.facts[total];
    let mut parts = Array::new();
    let mut prev_end = match t.label_span {
        Some(l) if l.start == t.span.end => l.end,
        _ => t.span.end,
    };
    let mut depth: i32 = 0;
    // 12万元（其中A 5万元、B 7万元）: a list opened in brackets ends with them.
    let para_end = paragraph_range(doc, t).end;
    let floor: i32 = doc
        .text
        .get(t.span.end..para_end)
        .unwrap_or("")
        .trim_start_matches(['，', ',', ' ', '\u{3000}'])
        .starts_with(['（', '('])
        .into();
    let mut nested = false;
    let mut list_sep = 0u8;
    let mut last_part: Option<usize> = None;
    for j in total + 1..doc.facts.len() {
        let g = &doc.facts[j];
        if g.paragraph != t.paragraph {
            break;
        }
        let between = doc.text.get(prev_end..g.span.start).unwrap_or("");
        // Only the full stop right before a 其中 that opens the list is crossed.
        let opening = last_part.is_none()
            && between
                .rsplit(['。', '.'])
                .next()
                .is_some_and(|t| t.trim_start().starts_with("其中"));
        if between.contains(['。', '！', '？']) && !opening {
            break;
        }
        for c in between.chars() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth -= 1,
                _ => {}
            }
        }
        match g.kind {
            FactKind::Change | FactKind::Score => break,
            FactKind::Percent | FactKind::Year => continue,
            _ => {}
        }
        if g.kind != t.kind || (g.kind == FactKind::Count && g.unit != t.unit) {
            continue;
        }
        prev_end = g.span.end;
        if depth < floor {
            break;
        }
        if depth > floor {
            continue;
        }
        let rank = sep_rank(between);
        if nested {
            if rank >= 3 {
                nested = false;
            } else {
                continue;
            }
        }
        if last_part.is_some() {
            if list_sep == 0 {
                list_sep = rank;
            } else if rank > list_sep {
                break;
            }
        }
        if ["总计", "合计", "总额", "总数"]
            .iter()
            .any(|w| g.label.contains(w))
        {
            break;
        }
        parts.push(Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: j,
        }));
        last_part = Some(j);
        if intro_after(doc, j).is_some_and(|w| w == "其中" || w == "含") {
            nested = true;
        }
    }
    let mut numbered = false;
    if parts.is_empty() {
        // 收入总计为X万元，其中：⏎ 1.财政拨款收入…⏎ 2.…: the parts are the
        // numbered paragraphs that follow, one figure at the head of each.
        let items = numbered_items_after(doc, total);
        numbered = items.len() >= 2;
        if numbered {
            for j in items {
                parts.push(Dynamic::from(FactHandle {
                    doc: doc.clone(),
                    idx: j,
                }));
            }
        }
    }
    out.insert("numbered".into(), numbered.into());
    let sentence = doc.slice(t.sentence);
    let exhaustive = EXHAUSTIVE.contains(&intro)
        || EXHAUSTIVE
            .iter()
            .any(|w| sentence.contains(w) && !sentence.contains("其中"));
    out.insert("parts".into(), parts.into());
    out.insert("intro".into(), intro.into());
    out.insert("exhaustive".into(), exhaustive.into());
    out
}

/// A list marker at the start of a line: 1. 1、 （1） ①.
static ITEM_MARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{3000}]*(?:([0-9０-９]{1,2})[.．、]|[（(]([0-9０-９]{1,2})[）)]|([①-⑳]))")
        .expect("item marker regex")
});

/// The number of a list marker (1 for 1. or （1） or ①) and its style.
fn item_marker(line: &str) -> Option<(u32, u8)> {
    let c = ITEM_MARKER_RE.captures(line)?;
    let digits = |m: regex_lite::Match| crate::text::ascii_digits(m.as_str()).parse::<u32>().ok();
    if let Some(m) = c.get(1) {
        return Some((digits(m)?, 1));
    }
    if let Some(m) = c.get(2) {
        return Some((digits(m)?, 2));
    }
    let ch = c.get(3)?.as_str().chars().next()?;
    Some((ch as u32 - '①' as u32 + 1, 3))
}

/// When a total's paragraph ends with the word introducing its parts, the
/// figures heading the numbered paragraphs right after it (1., 2., … in one
/// style, numbered in order), one each; empty when the list is not such.
pub(super) fn numbered_items_after(doc: &Document, total: usize) -> Vec<usize> {
    let t = &doc.facts[total];
    let para = paragraph_range(doc, t);
    let rest = doc.text.get(t.span.end..para.end).unwrap_or("");
    let ends_with_intro = rest
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '，' | ','))
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ','))
        .chars()
        .all(|c| "其中分别为是包括具体如下".contains(c));
    if !ends_with_intro
        || doc.facts[total + 1..]
            .first()
            .is_some_and(|f| f.paragraph == t.paragraph && f.kind == t.kind)
    {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut expect = 1u32;
    let mut style = None;
    let mut j = total + 1;
    let mut paragraph = t.paragraph;
    while j < doc.facts.len() && items.len() < 60 && j - total < 2_000 {
        // The next paragraph that holds a figure.
        let f = &doc.facts[j];
        if f.paragraph == paragraph {
            j += 1;
            continue;
        }
        if f.paragraph != paragraph + 1
            && !doc.paragraphs[paragraph + 1..f.paragraph]
                .iter()
                .all(|p| p.logical.trim().is_empty())
        {
            break;
        }
        paragraph = f.paragraph;
        let Some(p) = doc.paragraphs.get(paragraph) else {
            break;
        };
        let line_start = doc.lines.line_start(doc.lines.line0(p.span.start));
        let head = doc.text.get(line_start..p.span.end).unwrap_or("");
        let Some((n, st)) = item_marker(head) else {
            break;
        };
        if n != expect || style.is_some_and(|s| s != st) {
            break;
        }
        style = Some(st);
        expect += 1;
        // The first figure of the paragraph, of the total's kind, at its head.
        let first = (j..doc.facts.len())
            .take_while(|&k| doc.facts[k].paragraph == paragraph)
            .find(|&k| doc.facts[k].kind != FactKind::Year);
        match first {
            Some(k)
                if doc.facts[k].kind == t.kind && doc.facts[k].unit == t.unit
                    || doc.facts[k].kind == t.kind && t.kind == FactKind::Amount =>
            {
                if ["总计", "合计"]
                    .iter()
                    .any(|w| doc.facts[k].label.contains(w))
                {
                    break;
                }
                items.push(k);
            }
            _ => break,
        }
    }
    items
}

/// The items a count announces (`5个所：A、B、C`): their names, whether the
/// list ends with 等, and its span. `()` when no plain list follows.
pub(super) fn enumeration_after(doc: &Arc<Document>, i: usize) -> Dynamic {
    let f = &doc.facts[i];
    let para = paragraph_range(doc, f);
    let rest = doc.text.get(f.span.end..para.end).unwrap_or("");
    // The noun and the opening of the list: 个基层所： / 个科室，分别为
    let mut start = None;
    let mut commas = 0;
    for (k, c) in rest.char_indices() {
        if k > 90 {
            break;
        }
        match c {
            '：' | ':' => {
                start = Some(k + c.len_utf8());
                break;
            }
            '，' | ',' => {
                commas += 1;
                let r = &rest[k + c.len_utf8()..];
                if let Some(w) = ["分别为", "分别是", "包括", "即"]
                    .iter()
                    .find(|w| r.starts_with(**w))
                {
                    start = Some(k + c.len_utf8() + w.len());
                    let r2 = &rest[start.unwrap_or(0)..];
                    // Step over the colon as written: '：' is three bytes, ':' one.
                    if let Some(colon) = r2.chars().next().filter(|c| matches!(c, '：' | ':')) {
                        start = start.map(|s| s + colon.len_utf8());
                    }
                    break;
                }
                if commas > 0 {
                    break;
                }
            }
            '。' | '；' | ';' | '、' | '（' | '(' => break,
            _ => {}
        }
    }
    let Some(start) = start else {
        return Dynamic::UNIT;
    };
    let body = rest.get(start..).unwrap_or("");
    // A hard-wrapped paragraph carries its line breaks inside.
    // A list that runs to the end of its paragraph without a closing mark
    // may go on past a page break or the end of a copy: its length is unknown.
    let Some(end) = body.find(['。', '；', ';', '，', ',', '（', '(']) else {
        return Dynamic::UNIT;
    };
    let list_src = &body[..end];
    let list: String = list_src
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .collect();
    let list = list.as_str();
    if !list.contains('、') {
        return Dynamic::UNIT;
    }
    let mut items: Vec<String> = list.split('、').map(|x| x.trim().to_string()).collect();
    if items.iter().any(|x| {
        x.is_empty()
            || x.chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    }) {
        return Dynamic::UNIT;
    }
    let mut etc = false;
    if let Some(last) = items.last_mut() {
        for suffix in ["等等", "等"] {
            if let Some(x) = last.strip_suffix(suffix) {
                *last = x.to_string();
                etc = true;
                break;
            }
        }
        if last.contains("等") {
            etc = true;
        }
    }
    let joined = items
        .last()
        .is_some_and(|l| ["和", "及", "与", "以及"].iter().any(|w| l.contains(w)));
    let mut distinct: Vec<String> = Vec::new();
    for x in &items {
        if !distinct.contains(x) {
            distinct.push(x.clone());
        }
    }
    let abs = f.span.end + start;
    let mut m = Map::new();
    m.insert(
        "items".into(),
        distinct
            .iter()
            .map(|s| Dynamic::from(s.clone()))
            .collect::<Array>()
            .into(),
    );
    m.insert("written".into(), (items.len() as INT).into());
    m.insert("etc".into(), etc.into());
    m.insert("joined_last".into(), joined.into());
    m.insert(
        "span".into(),
        Dynamic::from(SpanHandle {
            doc: doc.clone(),
            span: Span::new(abs, abs + list_src.len()),
        }),
    );
    Dynamic::from_map(m)
}
