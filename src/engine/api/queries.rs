//! Queries behind the script API that do the heavy lifting in Rust:
//! neighbours of a figure, the parts listed after a total, the whole a share
//! belongs to, what a year-on-year change compares, enumerations, and the
//! indicators of a self-evaluation table.

use super::*;
use regex_lite::Regex;

// ---------------------------------------------------------------- neighbours and lists

pub(super) fn kind_of(name: &str) -> Res<Option<FactKind>> {
    Ok(match name {
        "" | "any" => None,
        "amount" => Some(FactKind::Amount),
        "percent" => Some(FactKind::Percent),
        "count" => Some(FactKind::Count),
        "score" => Some(FactKind::Score),
        "year" => Some(FactKind::Year),
        "change" => Some(FactKind::Change),
        other => return err(format!("未知的事实类型“{other}”")),
    })
}

pub(super) fn paragraph_range(doc: &Document, f: &Fact) -> Span {
    doc.paragraphs
        .get(f.paragraph)
        .map(|p| p.span)
        .unwrap_or(f.span)
}

/// The nearest fact of `kind` matching `labels` after (or before) `anchor`
/// in its paragraph.
pub(super) fn neighbour(
    doc: &Arc<Document>,
    anchor: usize,
    kind: &str,
    labels: &Dynamic,
    after: bool,
) -> Res<Dynamic> {
    let k = kind_of(kind)?;
    let p = patterns(labels)?;
    let a = &doc.facts[anchor];
    let para = paragraph_range(doc, a);
    let range = if after {
        Span::new(a.span.end, para.end.max(a.span.end))
    } else {
        Span::new(para.start.min(a.span.start), a.span.start)
    };
    let mut idx = select(doc, k, &p, Some(range));
    idx.retain(|&i| i != anchor);
    idx.sort_unstable();
    let pick = if after { idx.first() } else { idx.last() };
    Ok(pick.map_or(Dynamic::UNIT, |&i| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: i,
        })
    }))
}

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
    // 合计X万元。其中：A…: 其中 after a full stop still opens the total's list.
    if let Some(r) = t.strip_prefix(['。', '.']) {
        return r.starts_with("其中").then_some("其中");
    }
    if noun_first {
        return t.starts_with("其中").then_some("其中");
    }
    INTRO.iter().copied().find(|w| t.starts_with(w))
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
                .trim_start_matches(['。', '.'])
                .trim_start()
                .starts_with("其中");
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
    let digits = |m: regex_lite::Match| -> Option<u32> {
        let s: String = m
            .as_str()
            .chars()
            .map(|c| {
                crate::document::heading::fullwidth_digit(c)
                    .map(|d| char::from(b'0' + d as u8))
                    .unwrap_or(c)
            })
            .collect();
        s.parse().ok()
    };
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

pub(super) use crate::facts::label::same_subject;

// The regexes here run on a label or a few words: regex-lite compiles them
// ten times faster than regex (a one-report run pays every compile), and
// its \s is ASCII, hence the explicit full-width spaces.
static PREVIOUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:比|较|与|同)(?:上年|上一年|去年|上年度|[0-9０-９]{4}年度?)(?:同期)?(?:的|决算数|决算)?$")
        .expect("previous-figure regex")
});

/// The figures a change compares: `current` (this year's amount it
/// describes) and `previous` (last year's, when stated: 比上年的2185.30万元).
pub(super) fn change_context(doc: &Arc<Document>, i: usize) -> Map {
    let c = &doc.facts[i];
    let mut m = Map::new();
    let is_prev = |f: &Fact| f.kind == FactKind::Amount && PREVIOUS_RE.is_match(&f.label);
    // The previous figure: the amount right before the change in its sentence.
    let previous = (0..i)
        .rev()
        .find(|&j| doc.facts[j].kind != FactKind::Year)
        .filter(|&j| {
            let f = &doc.facts[j];
            is_prev(f) && f.sentence == c.sentence
        });
    let key = match previous {
        Some(j) => {
            let l = &doc.facts[j].label;
            let cut = l.find(['比', '较', '与']).map_or(l.as_str(), |k| &l[..k]);
            cut.to_string()
        }
        None => c.label.clone(),
    };
    let from = previous.unwrap_or(i);
    let mut current = None;
    if !key.is_empty() {
        // The same label as written first (本年收入 before 收入总计), then the
        // same thing named differently (全年支出合计 for 本年支出).
        let k = crate::facts::label::normalize(&key);
        let exact = |f: &Fact| crate::facts::label::normalize(&f.label) == k;
        let related = |f: &Fact| same_subject(&f.label, &key);
        for test in [&exact as &dyn Fn(&Fact) -> bool, &related] {
            for j in (0..from).rev() {
                let f = &doc.facts[j];
                if f.section != c.section {
                    break;
                }
                if f.kind != FactKind::Amount || f.approx || is_prev(f) {
                    continue;
                }
                if test(f) {
                    current = Some(j);
                    break;
                }
            }
            if current.is_some() {
                break;
            }
        }
    }
    if let (None, Some(p), true) = (current, previous, key.is_empty()) {
        // 机关运行经费支出11.8万元，比上年的12.39万元减少0.58万元
        current = (0..p)
            .rev()
            .take_while(|&j| doc.facts[j].sentence == c.sentence)
            .find(|&j| {
                let f = &doc.facts[j];
                f.kind == FactKind::Amount && !f.approx && !is_prev(f)
            });
    }
    if let (None, None, Some(s)) = (current, previous, c.subject) {
        // The subject extraction tied to it by name (部门支出合计 for a
        // change of 支出合计 in the next paragraph).
        let f = &doc.facts[s];
        if f.kind == FactKind::Amount
            && !f.approx
            && f.section == c.section
            && !c.label.is_empty()
            && f.label.ends_with(c.label.as_str())
        {
            current = Some(s);
        }
    }
    if current.is_none() && previous.is_none() {
        // A label that names nothing (的, 完成预算的): the nearest amount
        // of the sentence that is not a budget.
        current = (0..i)
            .rev()
            .take_while(|&j| doc.facts[j].sentence == c.sentence)
            .find(|&j| {
                let f = &doc.facts[j];
                f.kind == FactKind::Amount && !f.approx && !f.label.contains("预算") && !is_prev(f)
            });
        if current.is_some() && !(c.label.is_empty() || c.label == "的" || c.label.ends_with("的"))
        {
            current = None;
        }
    }
    let h = |j: Option<usize>| {
        j.map_or(Dynamic::UNIT, |j| {
            Dynamic::from(FactHandle {
                doc: doc.clone(),
                idx: j,
            })
        })
    };
    m.insert("current".into(), h(current));
    m.insert("previous".into(), h(previous));
    m
}

// ---------------------------------------------------------------- score tables

/// Labels of a total score (自评得分92.6分) and of the total of the points
/// (总分值100分).
const TOTAL_SCORE: &[&str] = &[
    "自评得分",
    "评价得分",
    "总得分",
    "综合得分",
    "自评总分",
    "评价总分",
    "绩效得分",
];
static NUMBERING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[（(][一二三四五六七八九十0-9０-９]+[）)]|[一二三四五六七八九十0-9０-９]+[、.．])[\s\u{3000}\u{a0}]*",
    )
    .expect("numbering regex")
});
const TOTAL_WEIGHT: &[&str] = &["总分值", "分值合计", "分值总计", "满分"];

pub(super) fn fh(doc: &Arc<Document>, i: Option<usize>) -> Dynamic {
    i.map_or(Dynamic::UNIT, |i| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: i,
        })
    })
}

/// The scored indicators of a self-evaluation: (分值, 得分) pairs, read in
/// text order; an indicator whose 分值 equals the sum of the 分值 right
/// after it, and whose line names a first-level indicator (`first_level`),
/// holds those as children. Plus the total score and total points.
pub(super) fn score_items(doc: &Arc<Document>, first_level: &[Pattern]) -> Map {
    let scores: Vec<usize> = (0..doc.facts.len())
        .filter(|&i| doc.facts[i].kind == FactKind::Score)
        .collect();
    let is_total_score = |l: &str| TOTAL_SCORE.iter().any(|w| l.contains(w));
    let mut total_score = None;
    let mut total_weight = None;
    // (weight, score, head-capable)
    let mut pairs: Vec<(Option<usize>, Option<usize>, bool)> = Vec::new();
    let mut k = 0;
    while k < scores.len() {
        let i = scores[k];
        let f = &doc.facts[i];
        let next = scores.get(k + 1).copied().filter(|&j| {
            doc.facts[j].paragraph == f.paragraph && doc.facts[j].label.contains("得分")
        });
        let tw = TOTAL_WEIGHT.iter().any(|w| f.label.contains(w)) || f.label == "总分";
        if is_total_score(&f.label) {
            if total_score.is_none() {
                total_score = Some(i);
            }
            k += 1;
            continue;
        }
        if f.label.contains("分值") || tw {
            if let Some(j) = next {
                if tw || is_total_score(&doc.facts[j].label) {
                    total_weight = total_weight.or(Some(i));
                    total_score = total_score.or(Some(j));
                } else {
                    let para = paragraph_range(doc, f);
                    let line_start = doc.text[..f.span.start]
                        .rfind('\n')
                        .map_or(0, |p| p + 1)
                        .max(para.start);
                    let before = doc.text.get(line_start..f.span.start).unwrap_or("");
                    // The row or clause the points belong to, without its
                    // numbering: 产出指标（分值50分 / （二）产出指标：分值… /
                    // 一级指标产出指标，分值…; a second-level row (社会效益指标：…)
                    // does not start with a first-level name.
                    let seg_start = before.rfind(['；', '。', ';']).map_or(0, |k| {
                        k + before[k..].chars().next().map_or(1, char::len_utf8)
                    });
                    let seg = before[seg_start..].trim_start();
                    let seg = NUMBERING_RE.find(seg).map_or(seg, |m| &seg[m.end()..]);
                    let head = first_level.iter().any(|p| match p {
                        Pattern::Keyword(w) | Pattern::Exact(w) => seg.starts_with(w.as_str()),
                        Pattern::Regex(r) => r.matches(seg),
                    });
                    pairs.push((Some(i), Some(j), head));
                }
                k += 2;
                continue;
            }
            if tw {
                total_weight = total_weight.or(Some(i));
            }
            k += 1;
            continue;
        }
        if f.label.ends_with("得分") && f.label.chars().count() > 2 {
            // 投入指标得分13分: an indicator without its points.
            pairs.push((None, Some(i), false));
        }
        k += 1;
    }
    let value = |i: Option<usize>| i.map(|i| doc.facts[i].value);
    let mut items = Array::new();
    let mut p = 0;
    while p < pairs.len() {
        let (w, sc, head) = pairs[p];
        let mut item = Map::new();
        item.insert("weight".into(), fh(doc, w));
        item.insert("score".into(), fh(doc, sc));
        let mut children = Array::new();
        if let (true, Some(wv)) = (head, value(w)) {
            let mut sum = Decimal::ZERO;
            let mut q = p + 1;
            while q < pairs.len() && sum < wv && !pairs[q].2 {
                match value(pairs[q].0) {
                    Some(v) => sum += v,
                    None => break,
                }
                q += 1;
            }
            if sum == wv && q > p + 1 {
                for c in &pairs[p + 1..q] {
                    let mut m = Map::new();
                    m.insert("weight".into(), fh(doc, c.0));
                    m.insert("score".into(), fh(doc, c.1));
                    children.push(Dynamic::from_map(m));
                }
                p = q - 1;
            }
        }
        item.insert("children".into(), children.into());
        items.push(Dynamic::from_map(item));
        p += 1;
    }
    let mut m = Map::new();
    m.insert("items".into(), items.into());
    m.insert("total_score".into(), fh(doc, total_score));
    m.insert("total_weight".into(), fh(doc, total_weight));
    m
}

// ---------------------------------------------------------------- wholes

// Run on every sentence before a share: the full regex crate, whose lazy
// DFA searches this bounded repetition several times faster than
// regex-lite's PikeVM (and compiles only if a rule asks for a whole).
static WHOLE_IN_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"([^，,。；;：:、\s]{2,24}?)中[，,：:]?").expect("whole regex")
});

/// The nearest amount before fact `i` (anywhere before it) named `name`:
/// the same label first; else the same thing named differently, when all
/// such figures agree.
pub(super) fn amount_named_before(doc: &Arc<Document>, i: usize, name: &str) -> Option<usize> {
    let unquote = crate::facts::label::normalize;
    let n = unquote(name);
    // The whole is named close before its parts: looking further back than
    // this would make every share cost a scan of the whole report.
    const LOOK_BACK: usize = 400;
    let before = (i.saturating_sub(LOOK_BACK)..i).rev().filter(|&j| {
        let f = &doc.facts[j];
        f.kind == FactKind::Amount && !f.approx
    });
    if let Some(j) = before.clone().find(|&j| unquote(&doc.facts[j].label) == n) {
        return Some(j);
    }
    let related: Vec<usize> = before
        .filter(|&j| same_subject(&doc.facts[j].label, name))
        .collect();
    let first = *related.first()?;
    let v = doc.facts[first].yuan;
    related
        .iter()
        .all(|&j| doc.facts[j].yuan == v)
        .then_some(first)
}

/// The whole a sentence names before fact `i` (`本年支出中，基本支出…`).
pub(super) fn whole_named(doc: &Arc<Document>, i: usize) -> Option<usize> {
    let f = &doc.facts[i];
    // The sentence up to the figure, across line breaks and across a list
    // split into paragraphs at its ；, but not past 。 or the section start.
    let floor = f.section.and_then(|s| doc.sections.get(s)).map_or(0, |s| {
        if f.span.start >= s.body.start {
            s.body.start
        } else {
            s.heading.start.min(f.span.start)
        }
    });
    let before = doc.text.get(floor..f.span.start)?;
    let start = floor
        + before
            .rfind(['。', '！', '？'])
            .map_or(0, |k| k + '。'.len_utf8());
    let pre = doc.text.get(start..f.span.start)?;
    let pre: String = pre.chars().filter(|c| *c != '\n').collect();
    let caps = WHOLE_IN_RE.captures_iter(&pre).last()?;
    let name = caps.get(1)?.as_str();
    let name = name.trim_start_matches(|c: char| !c.is_alphanumeric() || c.is_ascii_digit());
    let name = name.trim_start_matches("其");
    if name.is_empty() {
        return None;
    }
    amount_named_before(doc, i, name)
}

/// The amounts with a share in the sentence of fact `i` (siblings).
pub(super) fn share_siblings(doc: &Document, i: usize) -> Vec<usize> {
    let f = &doc.facts[i];
    // Facts are in text order: those of one sentence are one run of them.
    let lo = doc
        .facts
        .partition_point(|g| g.span.start < f.sentence.start);
    let hi = doc.facts.partition_point(|g| g.span.start < f.sentence.end);
    (lo.min(i)..hi.max(i + 1))
        .filter(|&j| {
            let g = &doc.facts[j];
            g.kind == FactKind::Amount && g.sentence == f.sentence && g.share.is_some()
        })
        .collect()
}

/// For siblings with shares and no stated whole (结构情况: A a，占x%；B b，占y%):
/// the nearest earlier amount, within 60 figures, that their sum equals
/// within rounding — the whole is recognised by the arithmetic.
pub(super) fn whole_by_sum(doc: &Arc<Document>, i: usize) -> Option<usize> {
    let sib = share_siblings(doc, i);
    if sib.len() < 2 {
        return None;
    }
    // Everything in 元, each with its half-unit scaled alike.
    let in_yuan = |f: &Fact| -> Option<Figure> {
        let y = f.yuan?;
        let factor = if f.value.is_zero() {
            unit_factor(&f.unit)
        } else {
            y.checked_div(f.value)?
        };
        Some(Figure {
            value: y,
            half: crate::facts::number::half_unit(f.decimals).checked_mul(factor)?,
        })
    };
    let parts: Option<Vec<Figure>> = sib.iter().map(|&j| in_yuan(&doc.facts[j])).collect();
    let parts = parts?;
    let first = *sib.first()?;
    (first.saturating_sub(60)..first).rev().find(|&j| {
        let w = &doc.facts[j];
        w.kind == FactKind::Amount
            && !w.approx
            && !w.value.is_zero()
            && in_yuan(w)
                .and_then(|t| rounding::sum_check(&parts, t))
                .is_some_and(|c| c.ok)
    })
}

/// The nearest fact of `kind` before `i` anywhere in the document matching
/// the first of `labels` that matches any (priority by pattern order).
pub(super) fn last_before(
    doc: &Arc<Document>,
    i: usize,
    kind: Option<FactKind>,
    pats: &[Pattern],
) -> Option<usize> {
    for p in pats {
        let hit = (0..i).rev().find(|&j| {
            let f = &doc.facts[j];
            kind.is_none_or(|k| f.kind == k) && p.matches(&f.label)
        });
        if hit.is_some() {
            return hit;
        }
    }
    None
}

pub(super) fn rate_check_api(
    previous: Dynamic,
    delta: Dynamic,
    rate: Dynamic,
    derived: bool,
) -> Res<Dynamic> {
    let (base, bf, _) = figure(&previous)?;
    let (mut d, df, _) = figure(&delta)?;
    let (r, _, _) = figure(&rate)?;
    if let Some(h) = delta.clone().try_cast::<FactHandle>() {
        if h.fact().direction < 0 {
            d.value = -d.value;
        }
    }
    let d = rescale(d, df, bf)?;
    let prev = if derived {
        rounding::previous_of(base, d).ok_or("求差溢出")?
    } else {
        base
    };
    Ok(match rounding::rate_check(prev, d, r) {
        Some(c) => {
            let mut m = check_map(c, r.value, "%");
            m.insert(
                "previous".into(),
                Dynamic::from_decimal(prev.value.normalize()),
            );
            Dynamic::from_map(m)
        }
        None => Dynamic::UNIT,
    })
}
