//! The script API: every type and function a rule can use, registered in
//! one place (`register`), for production and tests alike.
//!
//! Facts, sections and spans reach scripts as cheap handles (a shared
//! document plus an index); queries such as `doc.amount(labels)` run in
//! Rust, so rules stay short and fast.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use regex::Regex;
use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Map, Position, INT};
use rust_decimal::Decimal;

use super::rounding::{self, Figure};
use crate::document::{Document, Span};
use crate::facts::{Fact, FactKind};

/// The document as scripts see it.
#[derive(Clone)]
pub struct DocHandle(pub Arc<Document>);

/// One fact.
#[derive(Clone)]
pub struct FactHandle {
    pub doc: Arc<Document>,
    pub idx: usize,
}

impl FactHandle {
    fn fact(&self) -> &Fact {
        &self.doc.facts[self.idx]
    }
}

/// One section.
#[derive(Clone)]
pub struct SectionHandle {
    pub doc: Arc<Document>,
    pub idx: usize,
}

/// A span of the report's text.
#[derive(Clone)]
pub struct SpanHandle {
    pub doc: Arc<Document>,
    pub span: Span,
}

/// A match of `doc.find(...)`.
#[derive(Clone)]
pub struct MatchHandle {
    pub doc: Arc<Document>,
    pub span: Span,
    pub groups: Array,
}

/// What a rule returns: a finding with its labels, help and notes.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

type Res<T> = Result<T, Box<EvalAltResult>>;

fn err<T>(msg: impl Into<String>) -> Res<T> {
    Err(Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(msg.into()),
        Position::NONE,
    )))
}

// ---------------------------------------------------------------- patterns

static REGEX_CACHE: LazyLock<RwLock<HashMap<String, Arc<Regex>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Compiles (once per process) a `/regex/` pattern.
pub fn cached_regex(pattern: &str) -> Result<Arc<Regex>, String> {
    if let Some(r) = REGEX_CACHE
        .read()
        .ok()
        .and_then(|m| m.get(pattern).cloned())
    {
        return Ok(r);
    }
    let re = Arc::new(
        regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| format!("正则表达式“{pattern}”无效：{e}"))?,
    );
    if let Ok(mut m) = REGEX_CACHE.write() {
        if m.len() < 4096 {
            m.insert(pattern.to_string(), re.clone());
        }
    }
    Ok(re)
}

/// A label pattern: `=词` exact, `/re/` regex, otherwise a keyword the label
/// contains.
pub enum Pattern {
    Exact(String),
    Regex(Arc<Regex>),
    Keyword(String),
}

impl Pattern {
    pub fn parse(s: &str) -> Result<Pattern, String> {
        if let Some(x) = s.strip_prefix('=') {
            return Ok(Pattern::Exact(x.to_string()));
        }
        if s.len() >= 2 && s.starts_with('/') && s.ends_with('/') {
            return Ok(Pattern::Regex(cached_regex(&s[1..s.len() - 1])?));
        }
        Ok(Pattern::Keyword(s.to_string()))
    }

    pub fn matches(&self, label: &str) -> bool {
        match self {
            Pattern::Exact(x) => label == x,
            Pattern::Regex(r) => r.is_match(label),
            Pattern::Keyword(k) => label.contains(k.as_str()),
        }
    }

    fn exact(&self, label: &str) -> bool {
        match self {
            Pattern::Exact(x) | Pattern::Keyword(x) => label == x,
            Pattern::Regex(_) => false,
        }
    }
}

fn patterns(labels: &Dynamic) -> Res<Vec<Pattern>> {
    let mut out = Vec::new();
    if let Some(s) = labels.clone().try_cast::<ImmutableString>() {
        out.push(Pattern::parse(&s).or_else(err)?);
        return Ok(out);
    }
    let Some(arr) = labels.clone().try_cast::<Array>() else {
        return err("标签列表应为字符串或字符串数组");
    };
    for v in arr {
        match v.try_cast::<ImmutableString>() {
            Some(s) => out.push(Pattern::parse(&s).or_else(err)?),
            None => return err("标签列表只能包含字符串"),
        }
    }
    Ok(out)
}

/// Indices of facts of `kind` in `range` (by byte span) that match, best
/// first: exact label equality, then pattern order, then text order.
fn select(
    doc: &Document,
    kind: Option<FactKind>,
    pats: &[Pattern],
    range: Option<Span>,
) -> Vec<usize> {
    let candidates = doc.facts.iter().enumerate().filter(|(_, f)| {
        kind.is_none_or(|k| f.kind == k) && range.is_none_or(|r| r.contains(f.span))
    });
    if pats.is_empty() {
        return candidates.map(|(i, _)| i).collect();
    }
    let mut scored: Vec<(usize, usize)> = Vec::new();
    for (i, f) in candidates {
        if let Some(p) = pats.iter().position(|p| p.exact(&f.label)) {
            scored.push((p, i));
        } else if let Some(p) = pats.iter().position(|p| p.matches(&f.label)) {
            scored.push((pats.len() + p, i));
        }
    }
    scored.sort();
    scored.into_iter().map(|(_, i)| i).collect()
}

fn in_order(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

fn handles(doc: &Arc<Document>, idx: Vec<usize>) -> Array {
    idx.into_iter()
        .map(|i| {
            Dynamic::from(FactHandle {
                doc: doc.clone(),
                idx: i,
            })
        })
        .collect()
}

fn first(doc: &Arc<Document>, idx: Vec<usize>) -> Dynamic {
    idx.first().map_or(Dynamic::UNIT, |&i| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: i,
        })
    })
}

fn section_range(doc: &Document, idx: usize) -> Span {
    let s = &doc.sections[idx];
    Span::new(s.heading.start, s.body.end.max(s.heading.end))
}

// ---------------------------------------------------------------- figures

/// Reads a number argument: a fact (value, decimals, unit factor), a
/// Decimal (its scale is its precision) or an integer (exact).
fn figure(v: &Dynamic) -> Res<(Figure, Decimal, String)> {
    if let Some(f) = v.clone().try_cast::<FactHandle>() {
        let fact = f.fact();
        let factor = match (fact.yuan, fact.value.is_zero()) {
            (Some(y), false) => y / fact.value,
            _ => unit_factor(&fact.unit),
        };
        // Counts of people, items, vehicles are whole and exact; so is a
        // bare zero (公务接待费0万元 means none, not "under 5000 元").
        // Whole scores are awarded, not rounded: 得分18分 is exactly 18.
        let exact_count = matches!(fact.kind, FactKind::Count | FactKind::Score)
            && fact.decimals == 0
            && !fact.approx;
        let bare_zero = fact.value.is_zero() && fact.decimals == 0 && !fact.approx;
        let fig = if exact_count || bare_zero {
            Figure::exact(fact.value)
        } else {
            Figure::stated(fact.value, fact.decimals)
        };
        return Ok((fig, factor, fact.unit.clone()));
    }
    if let Some(d) = v.clone().try_cast::<Decimal>() {
        return Ok((Figure::stated(d, d.scale()), Decimal::ONE, String::new()));
    }
    if let Some(i) = v.clone().try_cast::<INT>() {
        return Ok((Figure::exact(Decimal::from(i)), Decimal::ONE, String::new()));
    }
    err(format!("需要数字或数字事实，得到 {}", v.type_name()))
}

fn unit_factor(unit: &str) -> Decimal {
    Decimal::from(match unit {
        "亿元" => 100_000_000i64,
        "万元" => 10_000,
        "千元" => 1_000,
        _ => 1,
    })
}

/// Expresses `f` (in a unit of `factor`) in the unit of `target`.
fn rescale(f: Figure, factor: Decimal, target: Decimal) -> Res<Figure> {
    if factor == target {
        return Ok(f);
    }
    let ratio = factor.checked_div(target).ok_or("单位换算溢出")?;
    f.scaled(ratio).map_or_else(|| err("单位换算溢出"), Ok)
}

fn check_map(c: rounding::Check, stated: Decimal, unit: &str) -> Map {
    let mut m = Map::new();
    m.insert("ok".into(), c.ok.into());
    m.insert(
        "expected".into(),
        Dynamic::from_decimal(c.expected.normalize()),
    );
    m.insert("diff".into(), Dynamic::from_decimal(c.diff.normalize()));
    m.insert("tolerance".into(), Dynamic::from_decimal(c.tolerance));
    m.insert("low".into(), Dynamic::from_decimal(c.low.normalize()));
    m.insert("high".into(), Dynamic::from_decimal(c.high.normalize()));
    m.insert("stated".into(), Dynamic::from_decimal(stated));
    m.insert("unit".into(), unit.into());
    m
}

fn sum_check(parts: Array, total: Dynamic) -> Res<Map> {
    let (t, tf, unit) = figure(&total)?;
    let mut figs = Vec::with_capacity(parts.len());
    for p in &parts {
        let (f, pf, _) = figure(p)?;
        figs.push(rescale(f, pf, tf)?);
    }
    match rounding::sum_check(&figs, t) {
        Some(c) => Ok(check_map(c, t.value, &unit)),
        None => err("求和溢出"),
    }
}

fn share_check(part: Dynamic, whole: Dynamic, pct: Dynamic) -> Res<Dynamic> {
    let (p, pf, _) = figure(&part)?;
    let (w, wf, _) = figure(&whole)?;
    let (r, _, _) = figure(&pct)?;
    let p = rescale(p, pf, wf)?;
    Ok(match rounding::share_check(p, w, r) {
        Some(c) => Dynamic::from_map(check_map(c, r.value, "%")),
        None => Dynamic::UNIT,
    })
}

/// `change` (signed by its direction word) = `current` − `previous`.
fn change_check(current: Dynamic, previous: Dynamic, change: Dynamic) -> Res<Map> {
    let (c, cf, unit) = figure(&current)?;
    let (p, pf, _) = figure(&previous)?;
    let (mut d, df, _) = figure(&change)?;
    if let Some(h) = change.clone().try_cast::<FactHandle>() {
        if h.fact().direction < 0 {
            d.value = -d.value;
        }
    }
    let p = rescale(p, pf, cf)?;
    let d = rescale(d, df, cf)?;
    // current = previous + change  ⇔  sum_check([previous, change], current)
    let check = rounding::sum_check(&[p, d], c).ok_or("求和溢出")?;
    // Report it as: the change should be current − previous.
    let expected = c.value - p.value;
    let c2 = rounding::Check {
        expected,
        diff: d.value - expected,
        ..check
    };
    Ok(check_map(c2, d.value, &unit))
}

// ---------------------------------------------------------------- neighbours and lists

fn kind_of(name: &str) -> Res<Option<FactKind>> {
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

fn paragraph_range(doc: &Document, f: &Fact) -> Span {
    doc.paragraphs
        .get(f.paragraph)
        .map(|p| p.span)
        .unwrap_or(f.span)
}

/// The nearest fact of `kind` matching `labels` after (or before) `anchor`
/// in its paragraph.
fn neighbour(
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
fn sep_rank(text: &str) -> u8 {
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
fn intro_after(doc: &Document, i: usize) -> Option<&'static str> {
    let f = &doc.facts[i];
    let para = paragraph_range(doc, f);
    let after = doc.text.get(f.span.end..para.end).unwrap_or("");
    let after: String = after
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .take(8)
        .collect();
    let t = after.trim_start_matches(['，', ',', '（', '(', ' ', '\u{3000}']);
    INTRO.iter().copied().find(|w| t.starts_with(w))
}

/// The parts listed after a total (`合计X，其中A a、B b`): facts of the
/// same kind in the same sentence, at the list's own level (nested lists in
/// brackets or after a part's own 其中 are left out), up to a stronger
/// separator than the one between the items, or a figure that is a total
/// itself.
fn list_after(doc: &Arc<Document>, total: usize) -> Map {
    let mut out = Map::new();
    let Some(intro) = intro_after(doc, total) else {
        return out;
    };
    let t = &doc.facts[total];
    let mut parts = Array::new();
    let mut prev_end = t.span.end;
    let mut depth: i32 = 0;
    let mut nested = false;
    let mut list_sep = 0u8;
    let mut last_part: Option<usize> = None;
    for j in total + 1..doc.facts.len() {
        let g = &doc.facts[j];
        if g.paragraph != t.paragraph {
            break;
        }
        let between = doc.text.get(prev_end..g.span.start).unwrap_or("");
        if between.contains(['。', '！', '？']) {
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
        if depth > 0 {
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

/// The items a count announces (`5个所：A、B、C`): their names, whether the
/// list ends with 等, and its span. `()` when no plain list follows.
fn enumeration_after(doc: &Arc<Document>, i: usize) -> Dynamic {
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
                    if r2.starts_with(['：', ':']) {
                        start = start.map(|s| s + '：'.len_utf8());
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
    let body = &rest[start..];
    // A hard-wrapped paragraph carries its line breaks inside.
    let end = body
        .find(['。', '；', ';', '，', ',', '（', '('])
        .unwrap_or(body.len());
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

/// What a change describes: the nearest amount before it in its paragraph
/// whose label names the same thing (equal, or one contains the other); the
/// extractor's subject when the change has no label of its own.
fn change_subject(doc: &Arc<Document>, i: usize) -> Dynamic {
    let c = &doc.facts[i];
    let para = paragraph_range(doc, c);
    let strip = |s: &str| -> String {
        s.trim_start_matches(['本', '全'])
            .trim_start_matches("年度")
            .trim_start_matches('年')
            .replace(['“', '”', '"'], "")
    };
    let cl = strip(&c.label);
    let mut best = None;
    for j in (0..i).rev() {
        let g = &doc.facts[j];
        if g.span.start < para.start {
            break;
        }
        if g.kind != FactKind::Amount || g.approx {
            continue;
        }
        let gl = strip(&g.label);
        if cl.is_empty() || gl.is_empty() {
            continue;
        }
        if gl == cl || gl.contains(&cl) || cl.contains(&gl) {
            best = Some(j);
            break;
        }
    }
    best.map_or(Dynamic::UNIT, |j| {
        Dynamic::from(FactHandle {
            doc: doc.clone(),
            idx: j,
        })
    })
}

/// A label reduced to what it names: 本年/全年/年度 and 合计/总计/总额/
/// 支出决算 … taken off while something is left (全年支出合计 → 支出).
fn core_label(label: &str) -> String {
    let mut s: String = label
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | ' '))
        .collect();
    loop {
        let before = s.clone();
        for p in [
            "本年度",
            "本年",
            "全年",
            "年度",
            "年",
            "本部门",
            "本单位",
            "其中",
        ] {
            if let Some(r) = s.strip_prefix(p) {
                if !r.is_empty() {
                    s = r.to_string();
                }
            }
        }
        // 总计 (with carry-overs) is not 合计 (this year's): it stays.
        for suf in ["各", "为", "合计", "总额", "总数", "决算数", "决算", "数"] {
            if let Some(r) = s.strip_suffix(suf) {
                if !r.is_empty() {
                    s = r.to_string();
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

fn same_subject(a: &str, b: &str) -> bool {
    let (a, b) = (core_label(a), core_label(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b
        // 收支总计 names both 收入总计 and 支出总计 (which are equal).
        || (a.contains("收支") && (b == a.replace("收支", "收入") || b == a.replace("收支", "支出")))
        || (b.contains("收支") && (a == b.replace("收支", "收入") || a == b.replace("收支", "支出")))
        || (a.ends_with("支出") && b == format!("{a}决算"))
        || core_label(&a.replace("支出", "")) == core_label(&b.replace("支出", ""))
            && !a.replace("支出", "").is_empty()
}

static PREVIOUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:比|较|与|同)(?:上年|上一年|去年|上年度|[0-9０-９]{4}年度?)(?:同期)?(?:的|决算数|决算)?$")
        .expect("previous-figure regex")
});

/// The figures a change compares: `current` (this year's amount it
/// describes) and `previous` (last year's, when stated: 比上年的2185.30万元).
fn change_context(doc: &Arc<Document>, i: usize) -> Map {
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
        let unquote = |s: &str| s.replace(['“', '”', '"'], "");
        let k = unquote(&key);
        let exact = |f: &Fact| unquote(&f.label) == k;
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
        r"^(?:[（(][一二三四五六七八九十0-9０-９]+[）)]|[一二三四五六七八九十0-9０-９]+[、.．])\s*",
    )
    .expect("numbering regex")
});
const TOTAL_WEIGHT: &[&str] = &["总分值", "分值合计", "分值总计", "满分"];

fn fh(doc: &Arc<Document>, i: Option<usize>) -> Dynamic {
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
fn score_items(doc: &Arc<Document>, first_level: &[Pattern]) -> Map {
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
                        Pattern::Regex(r) => r.is_match(seg),
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

static WHOLE_IN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([^，,。；;：:、\s]{2,24}?)中[，,：:]?").expect("whole regex"));

/// The nearest amount before fact `i` (anywhere before it) named `name`:
/// the same label first; else the same thing named differently, when all
/// such figures agree.
fn amount_named_before(doc: &Arc<Document>, i: usize, name: &str) -> Option<usize> {
    let unquote = |s: &str| s.replace(['“', '”', '"'], "");
    let n = unquote(name);
    let before = (0..i).rev().filter(|&j| {
        let f = &doc.facts[j];
        f.kind == FactKind::Amount && !f.approx && f.share.is_none_or(|_| true)
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
fn whole_named(doc: &Arc<Document>, i: usize) -> Option<usize> {
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
fn share_siblings(doc: &Document, i: usize) -> Vec<usize> {
    let f = &doc.facts[i];
    (0..doc.facts.len())
        .filter(|&j| {
            let g = &doc.facts[j];
            g.kind == FactKind::Amount && g.sentence == f.sentence && g.share.is_some()
        })
        .collect()
}

/// For siblings with shares and no stated whole (结构情况: A a，占x%；B b，占y%):
/// the nearest earlier amount, within 60 figures, that their sum equals
/// within rounding — the whole is recognised by the arithmetic.
fn whole_by_sum(doc: &Arc<Document>, i: usize) -> Option<usize> {
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
            y / f.value
        };
        Some(Figure {
            value: y,
            half: crate::facts::number::half_unit(f.decimals) * factor,
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
fn last_before(
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

fn rate_check_api(previous: Dynamic, delta: Dynamic, rate: Dynamic, derived: bool) -> Res<Dynamic> {
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

// ---------------------------------------------------------------- spans

fn span_of(v: &Dynamic) -> Res<Span> {
    if let Some(s) = v.clone().try_cast::<SpanHandle>() {
        return Ok(s.span);
    }
    if let Some(f) = v.clone().try_cast::<FactHandle>() {
        return Ok(f.fact().span);
    }
    if let Some(m) = v.clone().try_cast::<MatchHandle>() {
        return Ok(m.span);
    }
    if let Some(s) = v.clone().try_cast::<SectionHandle>() {
        return Ok(s.doc.sections[s.idx].heading);
    }
    err(format!(
        "需要位置（span、事实、章节或匹配），得到 {}",
        v.type_name()
    ))
}

fn find_in(doc: &Arc<Document>, range: Span, pattern: &str) -> Res<Array> {
    let text = doc.text.get(range.start..range.end).unwrap_or("");
    let mut out = Array::new();
    let mk = |s: usize, e: usize, groups: Array| {
        Dynamic::from(MatchHandle {
            doc: doc.clone(),
            span: Span::new(range.start + s, range.start + e),
            groups,
        })
    };
    if pattern.len() >= 2 && pattern.starts_with('/') && pattern.ends_with('/') {
        let re = cached_regex(&pattern[1..pattern.len() - 1]).or_else(err)?;
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if m.as_str().is_empty() {
                continue;
            }
            let groups: Array = caps
                .iter()
                .skip(1)
                .map(|g| g.map_or(Dynamic::UNIT, |g| g.as_str().into()))
                .collect();
            out.push(mk(m.start(), m.end(), groups));
            if out.len() >= 10_000 {
                break;
            }
        }
    } else if !pattern.is_empty() {
        for (i, m) in text.match_indices(pattern) {
            out.push(mk(i, i + m.len(), Array::new()));
            if out.len() >= 10_000 {
                break;
            }
        }
    }
    Ok(out)
}

fn title_matches(title: &str, pattern: &str) -> bool {
    match Pattern::parse(pattern) {
        Ok(p) => p.matches(title),
        Err(_) => false,
    }
}

// ---------------------------------------------------------------- register

macro_rules! fact_queries {
    ($engine:ident, $all:literal, $one:literal, $kind:expr) => {
        $engine.register_fn($all, |d: &mut DocHandle| {
            handles(&d.0, select(&d.0, Some($kind), &[], None))
        });
        $engine.register_fn($all, |d: &mut DocHandle, labels: Dynamic| -> Res<Array> {
            let p = patterns(&labels)?;
            Ok(handles(&d.0, in_order(select(&d.0, Some($kind), &p, None))))
        });
        $engine.register_fn($one, |d: &mut DocHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            Ok(first(&d.0, select(&d.0, Some($kind), &p, None)))
        });
        $engine.register_fn($all, |s: &mut SectionHandle| {
            let r = section_range(&s.doc, s.idx);
            handles(&s.doc, select(&s.doc, Some($kind), &[], Some(r)))
        });
        $engine.register_fn(
            $all,
            |s: &mut SectionHandle, labels: Dynamic| -> Res<Array> {
                let p = patterns(&labels)?;
                let r = section_range(&s.doc, s.idx);
                Ok(handles(
                    &s.doc,
                    in_order(select(&s.doc, Some($kind), &p, Some(r))),
                ))
            },
        );
        $engine.register_fn(
            $one,
            |s: &mut SectionHandle, labels: Dynamic| -> Res<Dynamic> {
                let p = patterns(&labels)?;
                let r = section_range(&s.doc, s.idx);
                Ok(first(&s.doc, select(&s.doc, Some($kind), &p, Some(r))))
            },
        );
    };
}

/// Registers the whole script API on `engine`.
pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<DocHandle>("Document")
        .register_type_with_name::<FactHandle>("Fact")
        .register_type_with_name::<SectionHandle>("Section")
        .register_type_with_name::<SpanHandle>("Span")
        .register_type_with_name::<MatchHandle>("Match")
        .register_type_with_name::<Finding>("Finding");

    // Document.
    engine.register_get("title", |d: &mut DocHandle| -> ImmutableString {
        d.0.title.as_str().into()
    });
    engine.register_get("year", |d: &mut DocHandle| -> Dynamic {
        d.0.year.map_or(Dynamic::UNIT, |y| Dynamic::from(y as INT))
    });
    engine.register_get("path", |d: &mut DocHandle| -> ImmutableString {
        d.0.path.as_str().into()
    });
    engine.register_get("text", |d: &mut DocHandle| -> ImmutableString {
        d.0.text.as_str().into()
    });
    engine.register_get("profile", |d: &mut DocHandle| -> Dynamic {
        d.0.profile.as_deref().map_or(Dynamic::UNIT, |p| p.into())
    });
    engine.register_get("title_span", |d: &mut DocHandle| SpanHandle {
        doc: d.0.clone(),
        span: d.0.title_span,
    });
    engine.register_get("hard_wrapped", |d: &mut DocHandle| d.0.hard_wrapped);
    engine.register_fn("facts", |d: &mut DocHandle| {
        handles(&d.0, select(&d.0, None, &[], None))
    });
    fact_queries!(engine, "amounts", "amount", FactKind::Amount);
    fact_queries!(engine, "percents", "percent", FactKind::Percent);
    fact_queries!(engine, "counts", "count", FactKind::Count);
    fact_queries!(engine, "scores", "score", FactKind::Score);
    fact_queries!(engine, "changes", "change", FactKind::Change);
    fact_queries!(engine, "years", "year_fact", FactKind::Year);
    engine.register_fn(
        "amount_after",
        |d: &mut DocHandle, f: FactHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            let anchor = &d.0.facts[f.idx];
            let para =
                d.0.paragraphs
                    .get(anchor.paragraph)
                    .map(|p| p.span)
                    .unwrap_or_default();
            let range = Span::new(anchor.span.end, para.end.max(anchor.span.end));
            let mut idx = select(&d.0, Some(FactKind::Amount), &p, Some(range));
            idx.sort_unstable();
            Ok(first(&d.0, idx))
        },
    );
    engine.register_fn(
        "amount_before",
        |d: &mut DocHandle, f: FactHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            let anchor = &d.0.facts[f.idx];
            let para =
                d.0.paragraphs
                    .get(anchor.paragraph)
                    .map(|p| p.span)
                    .unwrap_or_default();
            let range = Span::new(para.start.min(anchor.span.start), anchor.span.start);
            let mut idx = select(&d.0, Some(FactKind::Amount), &p, Some(range));
            idx.sort_unstable();
            Ok(idx.last().map_or(Dynamic::UNIT, |&i| {
                Dynamic::from(FactHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            }))
        },
    );

    engine.register_fn(
        "fact_after",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            neighbour(&d.0, f.idx, kind, &labels, true)
        },
    );
    engine.register_fn(
        "fact_before",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            neighbour(&d.0, f.idx, kind, &labels, false)
        },
    );
    engine.register_fn("list_after", |d: &mut DocHandle, f: FactHandle| -> Map {
        list_after(&d.0, f.idx)
    });
    engine.register_fn(
        "intro_after",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic {
            intro_after(&d.0, f.idx).map_or(Dynamic::UNIT, |w| w.into())
        },
    );
    engine.register_fn(
        "enumeration_after",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { enumeration_after(&d.0, f.idx) },
    );
    engine.register_fn(
        "change_subject",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { change_subject(&d.0, f.idx) },
    );
    engine.register_fn(
        "change_context",
        |d: &mut DocHandle, f: FactHandle| -> Map { change_context(&d.0, f.idx) },
    );
    engine.register_fn("core_label", |l: &str| core_label(l));
    engine.register_fn(
        "score_items",
        |d: &mut DocHandle, first_level: Dynamic| -> Res<Map> {
            let p = patterns(&first_level)?;
            Ok(score_items(&d.0, &p))
        },
    );
    engine.register_fn(
        "whole_named",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { fh(&d.0, whole_named(&d.0, f.idx)) },
    );
    engine.register_fn(
        "amount_named_before",
        |d: &mut DocHandle, f: FactHandle, name: &str| -> Dynamic {
            fh(&d.0, amount_named_before(&d.0, f.idx, name))
        },
    );
    engine.register_fn(
        "whole_by_sum",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { fh(&d.0, whole_by_sum(&d.0, f.idx)) },
    );
    engine.register_fn(
        "last_before",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            let k = kind_of(kind)?;
            let p = patterns(&labels)?;
            Ok(fh(&d.0, last_before(&d.0, f.idx, k, &p)))
        },
    );
    engine.register_get("line_text", |f: &mut FactHandle| -> ImmutableString {
        let sp = f.fact().span;
        let t = &f.doc.text;
        let s = t[..sp.start].rfind('\n').map_or(0, |k| k + 1);
        let e = t[sp.end..].find('\n').map_or(t.len(), |k| sp.end + k);
        t[s..e].into()
    });
    engine.register_fn(
        "totals_with_list",
        |d: &mut DocHandle, kind: &str| -> Res<Array> {
            // Figures followed by 其中/分别为/包括/：, in text order.
            let k = kind_of(kind)?;
            let idx: Vec<usize> = (0..d.0.facts.len())
                .filter(|&i| {
                    let f = &d.0.facts[i];
                    k.is_none_or(|k| f.kind == k) && !f.approx && intro_after(&d.0, i).is_some()
                })
                .collect();
            Ok(handles(&d.0, idx))
        },
    );
    engine.register_fn("amounts_with_share", |d: &mut DocHandle| -> Array {
        let idx: Vec<usize> = (0..d.0.facts.len())
            .filter(|&i| d.0.facts[i].kind == FactKind::Amount && d.0.facts[i].share.is_some())
            .collect();
        handles(&d.0, idx)
    });
    engine.register_fn(
        "rate_check",
        |previous: Dynamic, delta: Dynamic, rate: Dynamic| -> Res<Dynamic> {
            rate_check_api(previous, delta, rate, false)
        },
    );
    engine.register_fn(
        "rate_check_current",
        |current: Dynamic, delta: Dynamic, rate: Dynamic| -> Res<Dynamic> {
            rate_check_api(current, delta, rate, true)
        },
    );
    engine.register_fn(
        "text_after",
        |d: &mut DocHandle, f: FactHandle, n: INT| -> ImmutableString {
            let fact = &d.0.facts[f.idx];
            let para = paragraph_range(&d.0, fact);
            let rest =
                d.0.text
                    .get(fact.span.end..para.end.max(fact.span.end))
                    .unwrap_or("");
            rest.chars()
                .filter(|c| *c != '\n')
                .take(n.max(0) as usize)
                .collect::<String>()
                .into()
        },
    );
    engine.register_fn(
        "text_before",
        |d: &mut DocHandle, f: FactHandle, n: INT| -> ImmutableString {
            let fact = &d.0.facts[f.idx];
            let para = paragraph_range(&d.0, fact);
            let pre =
                d.0.text
                    .get(para.start.min(fact.span.start)..fact.span.start)
                    .unwrap_or("");
            let v: Vec<char> = pre.chars().filter(|c| *c != '\n').collect();
            let k = v.len().saturating_sub(n.max(0) as usize);
            v[k..].iter().collect::<String>().into()
        },
    );
    engine.register_fn(
        "text_between",
        |d: &mut DocHandle, a: Dynamic, b: Dynamic| -> Res<ImmutableString> {
            let (sa, sb) = (span_of(&a)?, span_of(&b)?);
            let (s, e) = if sa.end <= sb.start {
                (sa.end, sb.start)
            } else {
                (sb.end, sa.start.max(sb.end))
            };
            Ok(d.0.text.get(s..e).unwrap_or("").into())
        },
    );
    engine.register_fn("same_paragraph", |a: FactHandle, b: FactHandle| {
        a.fact().paragraph == b.fact().paragraph
    });
    engine.register_fn("sections", |d: &mut DocHandle| -> Array {
        (0..d.0.sections.len())
            .map(|i| {
                Dynamic::from(SectionHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            })
            .collect()
    });
    engine.register_fn("section", |d: &mut DocHandle, pattern: &str| -> Dynamic {
        d.0.sections
            .iter()
            .position(|s| title_matches(&s.title, pattern))
            .map_or(Dynamic::UNIT, |i| {
                Dynamic::from(SectionHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            })
    });
    engine.register_fn(
        "text_around",
        |d: &mut DocHandle, at: Dynamic, n: INT| -> Res<ImmutableString> {
            // Up to n characters either side, within the sentence.
            let sp = span_of(&at)?;
            let n = n.max(0) as usize;
            let stop = |c: char| matches!(c, '。' | '；' | ';' | '\n' | '！' | '？');
            let before: Vec<char> = d.0.text[..sp.start]
                .chars()
                .rev()
                .take_while(|c| !stop(*c))
                .take(n)
                .collect();
            let after: String = d.0.text[sp.end..]
                .chars()
                .take_while(|c| !stop(*c))
                .take(n)
                .collect();
            let mut out: String = before.into_iter().rev().collect();
            out.push_str(d.0.slice(sp));
            out.push_str(&after);
            Ok(out.into())
        },
    );
    engine.register_fn("find", |d: &mut DocHandle, pattern: &str| -> Res<Array> {
        let all = Span::new(0, d.0.text.len());
        find_in(&d.0, all, pattern)
    });
    engine.register_fn("line_of", |d: &mut DocHandle, s: SpanHandle| {
        d.0.line_of(s.span.start) as INT
    });

    // Facts.
    engine.register_get("kind", |f: &mut FactHandle| -> ImmutableString {
        f.fact().kind_str().into()
    });
    engine.register_get("label", |f: &mut FactHandle| -> ImmutableString {
        f.fact().label.as_str().into()
    });
    engine.register_get("value", |f: &mut FactHandle| f.fact().value);
    engine.register_get("decimals", |f: &mut FactHandle| f.fact().decimals as INT);
    engine.register_get("unit", |f: &mut FactHandle| -> ImmutableString {
        f.fact().unit.as_str().into()
    });
    engine.register_get("yuan", |f: &mut FactHandle| -> Dynamic {
        f.fact().yuan.map_or(Dynamic::UNIT, Dynamic::from_decimal)
    });
    engine.register_get("text", |f: &mut FactHandle| -> ImmutableString {
        f.fact().text.as_str().into()
    });
    engine.register_get("span", |f: &mut FactHandle| SpanHandle {
        doc: f.doc.clone(),
        span: f.fact().span,
    });
    engine.register_get("label_span", |f: &mut FactHandle| -> Dynamic {
        f.fact().label_span.map_or(Dynamic::UNIT, |s| {
            Dynamic::from(SpanHandle {
                doc: f.doc.clone(),
                span: s,
            })
        })
    });
    engine.register_get("line", |f: &mut FactHandle| f.fact().line as INT);
    engine.register_get("approx", |f: &mut FactHandle| f.fact().approx);
    engine.register_get("fullwidth", |f: &mut FactHandle| f.fact().fullwidth);
    engine.register_get("mixed_width", |f: &mut FactHandle| f.fact().mixed_width);
    engine.register_get("share", |f: &mut FactHandle| -> Dynamic {
        f.fact().share.map_or(Dynamic::UNIT, |i| {
            Dynamic::from(FactHandle {
                doc: f.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_get("whole", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .whole
            .as_deref()
            .map_or(Dynamic::UNIT, |w| w.into())
    });
    engine.register_get("direction", |f: &mut FactHandle| f.fact().direction as INT);
    engine.register_get("direction_word", |f: &mut FactHandle| -> ImmutableString {
        f.fact().direction_word.as_str().into()
    });
    engine.register_get("base_year", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .base_year
            .map_or(Dynamic::UNIT, |y| Dynamic::from(y as INT))
    });
    engine.register_get("base", |f: &mut FactHandle| -> ImmutableString {
        f.fact().base.as_str().into()
    });
    engine.register_get("subject", |f: &mut FactHandle| -> Dynamic {
        f.fact().subject.map_or(Dynamic::UNIT, |i| {
            Dynamic::from(FactHandle {
                doc: f.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_get("column", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .column
            .as_deref()
            .map_or(Dynamic::UNIT, |c| c.into())
    });
    engine.register_get("section", |f: &mut FactHandle| -> Dynamic {
        f.fact().section.map_or(Dynamic::UNIT, |i| {
            Dynamic::from(SectionHandle {
                doc: f.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_get("sentence", |f: &mut FactHandle| -> ImmutableString {
        f.doc.slice(f.fact().sentence).into()
    });
    engine.register_get("sentence_span", |f: &mut FactHandle| SpanHandle {
        doc: f.doc.clone(),
        span: f.fact().sentence,
    });
    engine.register_get("paragraph", |f: &mut FactHandle| f.fact().paragraph as INT);
    engine.register_get("index", |f: &mut FactHandle| f.idx as INT);
    engine.register_fn("==", |a: FactHandle, b: FactHandle| {
        Arc::ptr_eq(&a.doc, &b.doc) && a.idx == b.idx
    });
    engine.register_fn("!=", |a: FactHandle, b: FactHandle| {
        !(Arc::ptr_eq(&a.doc, &b.doc) && a.idx == b.idx)
    });
    engine.register_fn("to_string", |f: &mut FactHandle| f.fact().text.clone());
    engine.register_fn("to_debug", |f: &mut FactHandle| {
        let x = f.fact();
        format!(
            "Fact({} {:?} {}{} line {})",
            x.kind_str(),
            x.label,
            x.value,
            x.unit,
            x.line
        )
    });

    // Sections.
    engine.register_get("title", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].title.as_str().into()
    });
    engine.register_get("level", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].level as INT
    });
    engine.register_get("number", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].number as INT
    });
    engine.register_get("marker", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].marker.as_str().into()
    });
    engine.register_get("style", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].style.as_str().into()
    });
    engine.register_get("line", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].line as INT
    });
    engine.register_get("index", |s: &mut SectionHandle| s.idx as INT);
    engine.register_get("span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].heading,
    });
    engine.register_get("marker_span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].marker_span,
    });
    engine.register_get("title_span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].title_span,
    });
    engine.register_get("body", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].body,
    });
    engine.register_get("text", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.slice(s.doc.sections[s.idx].body).into()
    });
    engine.register_get("parent", |s: &mut SectionHandle| -> Dynamic {
        s.doc.sections[s.idx].parent.map_or(Dynamic::UNIT, |p| {
            Dynamic::from(SectionHandle {
                doc: s.doc.clone(),
                idx: p,
            })
        })
    });
    engine.register_fn("children", |s: &mut SectionHandle| -> Array {
        s.doc.sections[s.idx]
            .children
            .iter()
            .map(|&i| {
                Dynamic::from(SectionHandle {
                    doc: s.doc.clone(),
                    idx: i,
                })
            })
            .collect()
    });
    engine.register_fn(
        "find",
        |s: &mut SectionHandle, pattern: &str| -> Res<Array> {
            find_in(&s.doc, s.doc.sections[s.idx].body, pattern)
        },
    );
    engine.register_fn("==", |a: SectionHandle, b: SectionHandle| a.idx == b.idx);
    engine.register_fn("!=", |a: SectionHandle, b: SectionHandle| a.idx != b.idx);
    engine.register_fn("to_string", |s: &mut SectionHandle| {
        let x = &s.doc.sections[s.idx];
        format!("{}{}", x.marker, x.title)
    });

    // Spans and matches.
    engine.register_get("start", |s: &mut SpanHandle| s.span.start as INT);
    engine.register_get("end", |s: &mut SpanHandle| s.span.end as INT);
    engine.register_get("line", |s: &mut SpanHandle| {
        s.doc.line_of(s.span.start) as INT
    });
    engine.register_get("text", |s: &mut SpanHandle| -> ImmutableString {
        s.doc.slice(s.span).into()
    });
    engine.register_fn("sub", |s: &mut SpanHandle, start: INT, len: INT| {
        SpanHandle {
            doc: s.doc.clone(),
            span: s
                .span
                .sub(&s.doc.text, start.max(0) as usize, len.max(0) as usize),
        }
    });
    engine.register_fn("to_string", |s: &mut SpanHandle| {
        s.doc.slice(s.span).to_string()
    });
    engine.register_get("text", |m: &mut MatchHandle| -> ImmutableString {
        m.doc.slice(m.span).into()
    });
    engine.register_get("span", |m: &mut MatchHandle| SpanHandle {
        doc: m.doc.clone(),
        span: m.span,
    });
    engine.register_get("line", |m: &mut MatchHandle| {
        m.doc.line_of(m.span.start) as INT
    });
    engine.register_get("groups", |m: &mut MatchHandle| m.groups.clone());
    engine.register_get("section", |m: &mut MatchHandle| -> Dynamic {
        m.doc.section_at(m.span.start).map_or(Dynamic::UNIT, |i| {
            Dynamic::from(SectionHandle {
                doc: m.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_fn("to_string", |m: &mut MatchHandle| {
        m.doc.slice(m.span).to_string()
    });

    // Findings.
    engine.register_fn("finding", |at: Dynamic, message: &str| -> Res<Finding> {
        Ok(Finding {
            span: span_of(&at)?,
            message: message.to_string(),
            ..Default::default()
        })
    });
    engine.register_fn(
        "label",
        |f: Finding, at: Dynamic, message: &str| -> Res<Finding> {
            let mut f = f;
            f.labels.push((span_of(&at)?, message.to_string()));
            Ok(f)
        },
    );
    engine.register_fn("help", |f: Finding, text: &str| {
        let mut f = f;
        f.help = Some(text.to_string());
        f
    });
    engine.register_fn("note", |f: Finding, text: &str| {
        let mut f = f;
        f.notes.push(text.to_string());
        f
    });
    engine.register_get("message", |f: &mut Finding| -> ImmutableString {
        f.message.as_str().into()
    });

    // Numbers and rounding.
    engine.register_fn("dec", |s: &str| -> Res<Decimal> {
        s.trim()
            .parse::<Decimal>()
            .or_else(|_| err(format!("“{s}”不是数字")))
    });
    engine.register_fn("dec", |i: INT| Decimal::from(i));
    engine.register_fn("dec", |d: Decimal| d);
    engine.register_fn("sum_check", sum_check);
    engine.register_fn("share_check", share_check);
    engine.register_fn("change_check", change_check);
    engine.register_fn("half_unit", |f: FactHandle| {
        crate::facts::number::half_unit(f.fact().decimals)
    });
    engine.register_fn("fmt", |d: Decimal| d.normalize().to_string());
    engine.register_fn("fmt", |d: Decimal, dp: INT| {
        let dp = dp.clamp(0, 12) as usize;
        format!("{:.*}", dp, d.round_dp(dp as u32))
    });
    engine.register_fn("join", |items: Array, sep: &str| -> String {
        items
            .iter()
            .map(|v| match v.clone().try_cast::<FactHandle>() {
                Some(f) => f.fact().value.to_string(),
                None => match v.clone().try_cast::<Decimal>() {
                    Some(d) => d.normalize().to_string(),
                    None => v.to_string(),
                },
            })
            .collect::<Vec<_>>()
            .join(sep)
    });
    engine.register_fn(
        "label_matches",
        |label: &str, labels: Dynamic| -> Res<bool> {
            Ok(patterns(&labels)?.iter().any(|p| p.matches(label)))
        },
    );
    engine.register_fn("regex_match", |text: &str, pattern: &str| -> Res<bool> {
        Ok(cached_regex(pattern).or_else(err)?.is_match(text))
    });
}
