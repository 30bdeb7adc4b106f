//! The scored indicators of a self-evaluation written in prose.

use super::*;
use regex_lite::Regex;

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
                let subtotal = ["合计", "小计", "以上"].iter().any(|w| f.label.contains(w));
                if subtotal && !tw {
                    // 产出指标合计分值50分，得分48分: the sum of rows already read.
                    k += 2;
                    continue;
                }
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
        // 产出指标合计得分48分, 以上四项合计得分92.5分: a subtotal or the total
        // restated, not an indicator.
        let subtotal = ["合计", "小计", "总计", "以上", "累计"]
            .iter()
            .any(|w| f.label.contains(w));
        if f.label.ends_with("得分") && f.label.chars().count() > 2 && !subtotal {
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
