//! Which period a figure is of: the report's year, another year (2024年该项目
//! …，自评得分88分 in a 2025 report; 上年), or part of the year (截至9月底
//! 累计支出). Figures of another period are not this year's totals.

use crate::document::Document;

/// Words naming a year before the report's.
const EARLIER: &[&str] = &["上年", "去年", "上一年", "以前年度", "往年", "前年"];

/// Whether fact `i` is of another period than the report's year: the last
/// year its sentence names before it is not the report's, its clause says
/// 上年/去年, or its sentence dates it within the year (截至9月底) rather
/// than at its end (截至12月31日, 年底).
pub fn other_period(doc: &Document, i: usize) -> bool {
    let Some(f) = doc.facts.get(i) else {
        return false;
    };
    let start = f.sentence.start.min(f.span.start);
    let Some(before) = doc.text.get(start..f.span.start) else {
        return false;
    };
    let clause = before.rsplit(['，', ',']).next().unwrap_or(before);
    if EARLIER.iter().any(|w| clause.contains(w)) {
        return true;
    }
    if let Some(year) = doc.year {
        if let Some(last) = last_year(before) {
            if last != year {
                return true;
            }
        }
    }
    if let Some(k) = before.find("截至").or_else(|| before.find("截止")) {
        let dated = before[k..].split(['，', ',']).next().unwrap_or("");
        let year_end = ["12月", "十二月", "年底", "年末", "年度末", "年终"]
            .iter()
            .any(|w| dated.contains(w));
        if !year_end {
            return true;
        }
    }
    false
}

/// The last `NNNN年` in `text`.
fn last_year(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    let mut last = None;
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && text[i + 4..].starts_with('年')
        {
            last = text[i..i + 4].parse().ok();
            i += 4;
        } else {
            i += 1;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period_of(text: &str, figure: &str) -> bool {
        let doc = crate::parse("r.txt", text.to_string());
        let i = doc
            .facts
            .iter()
            .position(|f| f.text.starts_with(figure))
            .expect("figure");
        other_period(&doc, i)
    }

    #[test]
    fn another_year_part_of_the_year_or_this_year() {
        let head = "2025年度某项目支出绩效自评报告\n一、基本情况\n";
        let t = format!("{head}2024年该项目执行率为92.5%，自评得分88分。本项目2025年度自评得分95.8分，较2024年度的91分提高。\n");
        assert!(period_of(&t, "88分"));
        assert!(!period_of(&t, "95.8分"));
        assert!(period_of(&t, "91分"));
        let t = format!("{head}截至2025年9月底，项目累计支出312.4万元。截至2025年12月31日，全年执行509.6万元。上年支出480万元。\n");
        assert!(period_of(&t, "312.4"));
        assert!(!period_of(&t, "509.6"));
        assert!(period_of(&t, "480"));
    }
}
