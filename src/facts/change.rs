//! Changes against another period: the direction word before a figure
//! (增加, 下降, 增长-7.5% …), the comparison phrase (与2019年相比, 同比) and
//! the figure a change describes.

use super::{label, Fact, FactKind};

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
pub(super) fn direction_suffix(prefix: &str) -> Option<(i32, &'static str, usize)> {
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
pub(super) fn find_comparison(text: &str) -> Option<(usize, usize, Option<i32>, bool)> {
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

/// Where to look for a change's comparison phrase (与2019年相比, 同比):
/// the sentence before the figure, at most 240 bytes of it.
pub(super) fn comparison_window(text: &str, sentence_start: usize, pos: usize) -> usize {
    let mut start = sentence_start.max(pos.saturating_sub(240));
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// A change in a paragraph of its own (与上年相比，支出合计增加…) describes the
/// amount named the same way in the paragraphs just before it, in the same
/// section: 部门支出合计 for 支出合计. Only a name that matches counts.
pub(super) fn subject_in_earlier_paragraphs(
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
pub(super) fn change_subject(before: &[Fact], change: &Fact, offset: usize) -> Option<usize> {
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
