//! Numeric facts read from prose: amounts, percentages, counts, scores,
//! years and year-on-year changes, each with the label a reader would give it.

pub mod label;
/// Number tokens (moved to [`crate::text::number`]; named here too).
pub use crate::text::number;
mod change;
#[cfg(test)]
mod tests;
pub mod unit;

use rust_decimal::Decimal;

use crate::document::{Document, Paragraph};
use change::{
    change_subject, comparison_window, direction_suffix, find_comparison,
    subject_in_earlier_paragraphs,
};
use label::{clean_label, LabelParts};
use number::NumberToken;
use unit::{classify_unit, Unit};

pub use crate::document::fact::{Fact, FactKind};
pub use crate::text::number::year_in;

/// The byte offset just after the last bracket opened and not closed in
/// `prefix`, if any.
fn after_unclosed_bracket(prefix: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in prefix.char_indices() {
        match c {
            '（' | '(' => open.push(i + c.len_utf8()),
            '）' | ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// The opening bracket that the closing one at byte `close` of `text`
/// closes (at most 400 bytes back).
fn matching_open(text: &str, close: usize) -> Option<usize> {
    let floor = close.saturating_sub(400);
    let mut depth = 0i32;
    for (i, c) in text.get(..close)?.char_indices().rev() {
        if i < floor {
            break;
        }
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' if depth == 0 => return Some(i),
            '（' | '(' => depth -= 1,
            _ => {}
        }
    }
    None
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

        let mut label_base = clause_start;
        // 公务用车购置及运行维护费（其中公务用车购置费0万元: the figure's label
        // starts inside the bracket it stands in.
        if let Some(k) = after_unclosed_bracket(prefix_for_label) {
            label_base += k;
            prefix_for_label = &prefix_for_label[k..];
        }
        // 公务用车购置及运行维护费（其中…30.05万元）30.05万元: a figure right
        // after a bracketed group is named by the words before the group.
        let bare = prefix_for_label.trim_matches(label::WS);
        if !bare.is_empty() && bare.chars().all(|c| matches!(c, '）' | ')')) {
            let close = label_base + prefix_for_label.find(['）', ')']).unwrap_or(0);
            if let Some(open) = matching_open(text, close) {
                let cs = last_before(&boundaries, open);
                if cs < open {
                    prefix_for_label = &text[cs..open];
                    label_base = cs;
                }
            }
        }
        let LabelParts { label, offset, len } = clean_label(prefix_for_label);
        let mut label = label;
        let mut label_span = (len > 0).then(|| {
            let s = label_base + offset;
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

mod table;
