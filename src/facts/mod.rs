//! Numeric facts read from prose: amounts, percentages, counts, scores,
//! years and year-on-year changes, each with the label a reader would give it.

pub mod label;
/// Number tokens (moved to [`crate::text::number`]; named here too).
pub use crate::text::number;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

use crate::document::{Document, Paragraph};
use label::{clean_label, LabelParts};
use number::NumberToken;

pub use crate::document::fact::{Fact, FactKind};
pub use crate::text::number::year_in;

/// Money units, longest first, with their factor to 元.
const MONEY: &[(&str, &str, i64)] = &[
    ("亿元", "亿元", 100_000_000),
    ("万元", "万元", 10_000),
    ("千元", "千元", 1_000),
    ("元", "元", 1),
];

/// Count classifiers, longest first.
const CLASSIFIERS: &[&str] = &[
    "人次", "批次", "户次", "个月", "人", "名", "件", "个", "次", "项", "辆", "家", "户", "条",
    "篇", "场", "期", "所", "座", "套", "台", "份", "本", "处", "种", "位", "批", "轮", "张", "间",
    "栋", "册", "课时", "天", "周", "期",
];

/// Characters after 万/亿 that make it a quantity, not money (5.2万平方米).
const MEASURE_AFTER_WAN: &[char] = &[
    '平', '吨', '公', '亩', '米', '株', '棵', '只', '头', '字', '千', '立', '斤', '份', '册', '套',
];

/// Words after 分 that make it something other than a score (分钟, 分别).
const NOT_SCORE_AFTER: &[char] = &[
    '钟', '之', '别', '配', '析', '类', '值', '局', '解', '管', '布', '项', '批', '期', '段', '成',
    '担', '摊', '散', '级', '工', '享', '会', '行', '支', '所', '公', '档', '流', '割', '组', '拨',
];

/// What follows a number.
struct Unit {
    kind: FactKind,
    unit: String,
    /// Logical byte length of what follows the digits (unit, approximation).
    len: usize,
    approx: bool,
    factor: Option<i64>,
}

fn classify_unit(after: &str, prev: Option<char>) -> Option<Unit> {
    let ws = after.len() - after.trim_start_matches([' ', '\u{3000}']).len();
    let rest = &after[ws..];
    if rest.starts_with('%') || rest.starts_with('％') {
        return Some(Unit {
            kind: FactKind::Percent,
            unit: "%".into(),
            len: ws + rest.chars().next().map_or(0, char::len_utf8),
            approx: false,
            factor: None,
        });
    }
    // A space before the unit ("2595.6208 万元", as PDF and web copies print
    // it) is allowed for money only: "2020 年" or "3 个" after a space are
    // as often page furniture as figures.
    if ws > 0 && !(ws <= 2 && MONEY.iter().any(|(w, _, _)| rest.starts_with(w))) {
        return None;
    }
    if rest.starts_with("个百分点") {
        return Some(Unit {
            kind: FactKind::Change,
            unit: "个百分点".into(),
            len: "个百分点".len(),
            approx: false,
            factor: None,
        });
    }
    // Approximation marker between number and unit: 30余次, 8000多人次, 1万余元.
    let mut len = ws;
    let mut rest = rest;
    let mut scale = "";
    for s in ["万", "亿"] {
        if let Some(r) = rest.strip_prefix(s) {
            if !r.starts_with('元') {
                scale = s;
                len += s.len();
                rest = r;
            }
            break;
        }
    }
    let mut approx = false;
    for a in ["余", "多"] {
        if let Some(r) = rest.strip_prefix(a) {
            approx = true;
            len += a.len();
            rest = r;
            break;
        }
    }
    for (written, unit, factor) in MONEY {
        if let Some(stripped) = rest.strip_prefix(written) {
            let _ = stripped;
            let (unit, factor) = match scale {
                "万" => ("万元", 10_000),
                "亿" => ("亿元", 100_000_000),
                _ => (*unit, *factor),
            };
            return Some(Unit {
                kind: FactKind::Amount,
                unit: unit.into(),
                len: len + written.len(),
                approx,
                factor: Some(factor),
            });
        }
    }
    for c in CLASSIFIERS {
        if rest.starts_with(c) {
            // 个百分点 handled above; 个月 is a duration but still a count.
            return Some(Unit {
                kind: FactKind::Count,
                unit: format!("{scale}{c}"),
                len: len + c.len(),
                approx,
                factor: None,
            });
        }
    }
    if !scale.is_empty() {
        // 万/亿 alone: money unless a measure follows (5.2万平方米).
        let next = rest.chars().next();
        if next.is_some_and(|c| MEASURE_AFTER_WAN.contains(&c) || c.is_ascii_alphanumeric()) {
            return None;
        }
        let (unit, factor) = if scale == "万" {
            ("万元", 10_000)
        } else {
            ("亿元", 100_000_000)
        };
        return Some(Unit {
            kind: FactKind::Amount,
            unit: unit.into(),
            len,
            approx,
            factor: Some(factor),
        });
    }
    if let Some(r) = rest.strip_prefix('分') {
        if approx {
            return None;
        }
        let next = r.chars().next();
        if next.is_none_or(|c| !NOT_SCORE_AFTER.contains(&c)) && prev != Some('第') {
            return Some(Unit {
                kind: FactKind::Score,
                unit: "分".into(),
                len: len + '分'.len_utf8(),
                approx: false,
                factor: None,
            });
        }
        return None;
    }
    if rest.starts_with('年') && !approx {
        return Some(Unit {
            kind: FactKind::Year,
            unit: "年".into(),
            len: '年'.len_utf8(),
            approx: false,
            factor: None,
        });
    }
    None
}

/// Direction words of a change, longest first, with their sign.
const DIRECTIONS: &[(&str, i32)] = &[
    ("增加", 1),
    ("增长", 1),
    ("上升", 1),
    ("提高", 1),
    ("上涨", 1),
    ("增幅", 1),
    ("降幅", -1),
    ("增收", 1),
    ("增支", 1),
    ("减收", -1),
    ("减支", -1),
    ("多", 1),
    ("减少", -1),
    ("下降", -1),
    ("降低", -1),
    ("节约", -1),
    ("节省", -1),
    ("压减", -1),
    ("缩减", -1),
    ("减幅", -1),
    ("少", -1),
    ("增", 1),
    ("减", -1),
    ("降", -1),
];

/// If `prefix` (the clause text before a number) ends with a direction word
/// (optionally followed by 了/约/为/达), returns (sign, word, byte length).
fn direction_suffix(prefix: &str) -> Option<(i32, &'static str, usize)> {
    let mut p = prefix.trim_end_matches([' ', '\u{3000}']);
    let mut extra = prefix.len() - p.len();
    for filler in ["了", "约", "为", "达"] {
        if let Some(r) = p.strip_suffix(filler) {
            extra += filler.len();
            p = r;
        }
    }
    for (word, sign) in DIRECTIONS {
        if p.ends_with(word) {
            // 多/少 only after a comparison (比上年多5人), never alone.
            if matches!(*word, "多" | "少") && !(p.contains('比') || p.contains('较')) {
                continue;
            }
            // 增幅/减幅 are rates; 增加值 etc. are not changes.
            return Some((*sign, word, word.len() + extra));
        }
    }
    None
}

/// A comparison phrase (与2019年相比, 比上年, 较上年同期, 同比) in `text`:
/// returns (start, end, base year or None for "last year").
fn find_comparison(text: &str) -> Option<(usize, usize, Option<i32>, bool)> {
    use std::sync::LazyLock;
    // regex-lite: compiled in 50 µs instead of 0.5 ms (once per process,
    // so per one-report run), and run only on the few characters before a
    // change; its \s is ASCII, hence the explicit full-width spaces.
    static RE: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
        regex_lite::Regex::new(
            r"(?:与|和|比|较|相比)(?:(上年|上一年|去年|上年度)|([0-9０-９]{4})[\s\u{3000}\u{a0}]*年度?)(?:同期)?(?:决算数|决算|预算数|预算)?(?:相比|比较|对比)?|同比",
        )
        .expect("comparison regex")
    });
    let m = RE.find_iter(text).last()?;
    let caps = RE.captures(&text[m.start()..])?;
    if let Some(y) = caps.get(2) {
        let y = crate::text::ascii_digits(y.as_str());
        return Some((m.start(), m.end(), y.parse().ok(), false));
    }
    Some((m.start(), m.end(), None, true))
}

/// Clause boundaries for labels.
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '；'
            | ';'
            | '。'
            | '！'
            | '？'
            | '!'
            | '?'
            | '：'
            | ':'
            | '、'
            | '\n'
            | '|'
            | '\t'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

struct Raw {
    tok: NumberToken,
    unit: Unit,
}

/// Extracts all facts of a document, in text order.
/// The most figures read from one document. Real reports hold hundreds;
/// past this the input is not a report, and reading on would only let
/// quadratic rules stall a batch. The linter says so when it happens.
pub const MAX_FACTS: usize = 20_000;

pub fn extract(doc: &Document) -> Vec<Fact> {
    let mut facts = read(doc);
    for f in &mut facts {
        f.core = label::core(&f.label);
    }
    facts
}

fn read(doc: &Document) -> Vec<Fact> {
    let mut facts = Vec::new();
    let table_unit = table::TableContext::default();
    let mut table_ctx = table_unit;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        if facts.len() >= MAX_FACTS {
            facts.truncate(MAX_FACTS);
            break;
        }
        table_ctx.observe(&para.logical);
        if table::is_row(&para.logical) {
            table::extract_row(doc, pi, para, &mut table_ctx, &mut facts);
            continue;
        }
        extract_paragraph(doc, pi, para, &mut facts);
    }
    facts
}

fn extract_paragraph(doc: &Document, pi: usize, para: &Paragraph, facts: &mut Vec<Fact>) {
    let text = &para.logical;
    let mut raws: Vec<Raw> = Vec::new();
    for tok in number::scan(text) {
        let prev = text[..tok.start].chars().next_back();
        if matches!(prev, Some('第' | '〔' | '[' | '【' | '#' | '№')) {
            continue;
        }
        let unit = match classify_unit(&text[tok.end..], prev) {
            Some(u) => Some(u),
            // A hard-wrapped line that ends in 分 (得分8分 / 成本指标…): the
            // next line's first character is not part of the word.
            None if text[tok.end..].starts_with('分')
                && para
                    .map
                    .iter()
                    .any(|(l, _)| *l == tok.end + '分'.len_utf8()) =>
            {
                classify_unit("分", prev)
            }
            None => None,
        };
        let Some(unit) = unit else {
            continue;
        };
        if unit.kind == FactKind::Year {
            let whole = tok.decimals == 0
                && tok.value >= Decimal::from(1900)
                && tok.value <= Decimal::from(2100);
            if !whole {
                continue;
            }
        }
        raws.push(Raw { tok, unit });
    }
    let first_index = facts.len();
    let mut last_end = 0usize; // end of the previous non-year fact
                               // Sentence ends and clause boundaries, found once per paragraph (each
                               // as the byte offset just after the character), so that a paragraph
                               // with thousands of figures is read in linear time.
    let mut sentence_ends: Vec<usize> = Vec::new();
    let mut boundaries: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        if is_sentence_end(c) {
            sentence_ends.push(i + c.len_utf8());
        }
        if is_boundary(c) {
            boundaries.push(i + c.len_utf8());
        }
    }
    let last_before = |marks: &[usize], pos: usize| -> usize {
        let i = marks.partition_point(|&m| m <= pos);
        if i == 0 {
            0
        } else {
            marks[i - 1]
        }
    };
    for raw in raws {
        if facts.len() >= MAX_FACTS {
            break;
        }
        let Raw { tok, unit } = raw;
        let end = tok.end + unit.len;
        let sentence_start = last_before(&sentence_ends, tok.start);
        let sentence_end = sentence_ends
            .get(sentence_ends.partition_point(|&m| m <= end))
            .copied()
            .unwrap_or(text.len());
        let clause_start = last_before(&boundaries, tok.start)
            .max(if unit.kind == FactKind::Year {
                0
            } else {
                last_end
            })
            .min(tok.start);
        let raw_prefix = &text[clause_start..tok.start];
        let after = &text[end..];

        let mut kind = unit.kind;
        let mut direction = 0;
        let mut direction_word = String::new();
        let mut prefix_for_label = raw_prefix;
        let mut base_year = None;
        let mut base = String::new();
        if matches!(
            kind,
            FactKind::Amount | FactKind::Percent | FactKind::Count | FactKind::Change
        ) {
            if let Some((sign, word, len)) = direction_suffix(raw_prefix) {
                // 增长率 5% is a rate, not a change: only when the direction word
                // stands right before the figure.
                kind = FactKind::Change;
                // 增长-7.5%: a negative figure after a word of growth is a fall.
                direction = if tok.value.is_sign_negative() {
                    -sign
                } else {
                    sign
                };
                direction_word = word.to_string();
                prefix_for_label = &raw_prefix[..raw_prefix.len() - len];
            }
        }
        if kind == FactKind::Change {
            if let Some((cs, ce, year, last_year)) = find_comparison(
                &text[comparison_window(text, sentence_start, tok.start)..tok.start],
            ) {
                let sentence_start = comparison_window(text, sentence_start, tok.start);
                base = text[sentence_start + cs..sentence_start + ce].to_string();
                base_year = if last_year {
                    doc.year.map(|y| y - 1)
                } else {
                    year
                };
                // Remove the comparison from the label when it sits in this clause.
                let abs_cs = sentence_start + cs;
                if abs_cs >= clause_start {
                    prefix_for_label = &text[clause_start..abs_cs];
                }
            }
        }

        let LabelParts { label, offset, len } = clean_label(prefix_for_label);
        let mut label = label;
        let mut label_span = (len > 0).then(|| {
            let s = clause_start + offset;
            para.span_of(s, s + len)
        });
        let mut whole = None;
        if kind == FactKind::Percent {
            if let Some(w) = label::share_whole(prefix_for_label) {
                whole = (!w.is_empty()).then_some(w);
            }
        }
        let mut noun_end = end;
        if kind == FactKind::Count {
            if let Some(noun) = label::noun_after(after) {
                if label.is_empty() || label::ends_with_verb(raw_prefix) {
                    let s = end;
                    label_span = Some(para.span_of(s, s + noun.len()));
                    label = noun.to_string();
                    noun_end = end + noun.len();
                }
            }
        }
        if kind == FactKind::Year {
            label = String::new();
            label_span = None;
        }

        // A figure too large to express in 元 is no amount a report states.
        let yuan = match unit.factor {
            Some(f) => match tok.value.checked_mul(Decimal::from(f)) {
                Some(y) => Some(y),
                None => continue,
            },
            None => None,
        };
        let span = para.span_of(tok.start, end);
        // The sign of a change lives in its direction (增长-7.5% is 下降7.5%).
        let flip = kind == FactKind::Change && direction != 0 && tok.value.is_sign_negative();
        let yuan = if flip { yuan.map(|y| -y) } else { yuan };
        let mut fact = Fact {
            kind,
            value: if flip { -tok.value } else { tok.value },
            decimals: tok.decimals,
            unit: unit.unit.clone(),
            yuan,
            core: String::new(),
            label,
            label_span,
            span,
            text: doc.slice(span).to_string(),
            approx: unit.approx || raw_prefix.ends_with('约') || after.starts_with("左右"),
            fullwidth: tok.fullwidth,
            mixed_width: tok.mixed_width,
            share: None,
            whole,
            direction,
            direction_word,
            base_year,
            base,
            subject: None,
            column: None,
            paragraph: pi,
            section: doc.section_at(span.start),
            sentence: para.span_of(sentence_start, sentence_end),
            line: doc.line_of(span.start),
        };
        if fact.kind == FactKind::Change {
            // Look back at most 200 figures: a change names something near.
            let from = first_index.max(facts.len().saturating_sub(200));
            fact.subject = change_subject(&facts[from..], &fact, from);
            if fact.subject.is_none() && !fact.label.is_empty() {
                fact.subject = subject_in_earlier_paragraphs(facts, first_index, &fact);
            }
            if fact.label.is_empty() {
                if let Some(s) = fact.subject {
                    fact.label = facts[s].label.clone();
                }
            }
        }
        if fact.kind == FactKind::Percent {
            // 占Y% right after an amount is that amount's share.
            let between_start = last_end;
            if let Some(prev) = (first_index..facts.len())
                .rev()
                .find(|&i| facts[i].kind != FactKind::Year)
            {
                let prefix_trim = raw_prefix.trim_start_matches(['（', '(', ' ']);
                if facts[prev].kind == FactKind::Amount
                    && facts[prev].share.is_none()
                    && prefix_trim.starts_with('占')
                    && text[between_start..clause_start]
                        .chars()
                        .all(|c| is_boundary(c) || matches!(c, '（' | '(' | ' ' | '\u{3000}'))
                    && !text[between_start..clause_start].contains(['。', '；', ';'])
                {
                    facts[prev].share = Some(facts.len());
                    if fact.label.is_empty() || fact.label == "占" {
                        fact.label = format!("{}占比", facts[prev].label);
                    }
                }
            }
        }
        if fact.kind != FactKind::Year {
            last_end = noun_end;
        }
        facts.push(fact);
    }
}

/// Where to look for a change's comparison phrase (与2019年相比, 同比):
/// the sentence before the figure, at most 240 bytes of it.
fn comparison_window(text: &str, sentence_start: usize, pos: usize) -> usize {
    let mut start = sentence_start.max(pos.saturating_sub(240));
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// A change in a paragraph of its own (与上年相比，支出合计增加…) describes the
/// amount named the same way in the paragraphs just before it, in the same
/// section: 部门支出合计 for 支出合计. Only a name that matches counts.
fn subject_in_earlier_paragraphs(
    facts: &[Fact],
    first_index: usize,
    change: &Fact,
) -> Option<usize> {
    let paragraph = change.paragraph;
    let window: Vec<usize> = (0..first_index)
        .rev()
        .take_while(|&i| facts[i].section == change.section && facts[i].paragraph + 3 >= paragraph)
        .filter(|&i| facts[i].kind == FactKind::Amount)
        .collect();
    // The same name, nearest first; else a longer name ending in it, but
    // only when one figure has such a name (基本支出 and 项目支出 both end
    // in 支出: then nothing is chosen).
    if let Some(&i) = window.iter().find(|&&i| facts[i].label == change.label) {
        return Some(i);
    }
    let mut longer = window
        .iter()
        .filter(|&&i| facts[i].label.ends_with(&change.label));
    match (longer.next(), longer.next()) {
        (Some(&i), None) => Some(i),
        _ => None,
    }
}

/// What a change describes, among the earlier facts of its paragraph:
/// the subject of the change right before it in the same sentence (增加5万元，
/// 增长3%: both describe one figure); else the nearest amount named like the
/// change (本年支出增加… → 全年支出合计 / 本年支出, not the 公用经费 just
/// before it); else the nearest figure that is neither a year nor a change.
/// `before` starts at fact number `offset`; the result is a fact number.
fn change_subject(before: &[Fact], change: &Fact, offset: usize) -> Option<usize> {
    if let Some(prev) = before.iter().rev().find(|f| f.kind != FactKind::Year) {
        if prev.kind == FactKind::Change && prev.sentence == change.sentence {
            return prev.subject;
        }
    }
    let core = label::core;
    let want = core(&change.label);
    if !want.is_empty() {
        // The same name first (本年收入, not the 收入总计 after it), then a
        // longer name for it (“三公”经费 → “三公”经费支出).
        let named = before
            .iter()
            .rposition(|f| f.kind == FactKind::Amount && core(&f.label) == want)
            .or_else(|| {
                before.iter().rposition(|f| {
                    f.kind == FactKind::Amount && {
                        let c = core(&f.label);
                        c.len() > want.len() && c.starts_with(&want) && !c.ends_with("总计")
                    }
                })
            });
        if let Some(i) = named {
            return Some(offset + i);
        }
    }
    before
        .iter()
        .rposition(|f| !matches!(f.kind, FactKind::Year | FactKind::Change))
        .map(|i| offset + i)
}

mod table;
