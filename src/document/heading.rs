//! Recognising Chinese heading markers: 一、 （一） 1. 1、 １、 （1） ① 第一部分.

/// A heading marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// 1 = 一、/第一部分, 2 = （一）, 3 = 1./1、, 4 = （1）, 5 = ①.
    pub level: u8,
    /// The marker exactly as written, e.g. `（一）` or `４、`.
    pub text: String,
    /// The number the marker stands for.
    pub number: u32,
    /// The marker's style with the number abstracted away, e.g. `N.`,
    /// `Ｎ、` (full-width digits) or `（N）`; used to check one style per level.
    pub style: String,
    /// Byte length of the marker.
    pub len: usize,
}

const CN_DIGITS: &str = "零〇一二三四五六七八九十百两";

fn is_cn_numeral(c: char) -> bool {
    CN_DIGITS.contains(c)
}

/// Value of a Chinese numeral such as 十二 or 二十三 (up to 999).
pub fn cn_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total = 0u32;
    let mut current = 0u32;
    let mut any = false;
    for c in s.chars() {
        match c {
            '十' => {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            }
            '百' => {
                total += if current == 0 { 100 } else { current * 100 };
                current = 0;
            }
            _ => current = current * 10 + digit(c)?,
        }
        any = true;
    }
    any.then_some(total + current)
}

/// Value of ASCII or full-width digits.
pub fn digit_number(s: &str) -> Option<u32> {
    let mut v: u32 = 0;
    for c in s.chars() {
        let d = c.to_digit(10).or_else(|| fullwidth_digit(c))?;
        v = v.checked_mul(10)?.checked_add(d)?;
    }
    (!s.is_empty()).then_some(v)
}

pub use crate::text::fullwidth_digit;

fn is_digit_any(c: char) -> bool {
    c.is_ascii_digit() || fullwidth_digit(c).is_some()
}

/// Recognises a heading marker at the start of `line` (already trimmed of
/// leading white space). Returns `None` for ordinary text such as `一是`,
/// `1.5万元` or `2020年`.
pub fn parse_marker(line: &str) -> Option<Marker> {
    let first = line.chars().next()?;
    // ① … ⑳
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        let number = first as u32 - 0x2460 + 1;
        return Some(Marker {
            level: 5,
            text: first.to_string(),
            number,
            style: "①".into(),
            len: first.len_utf8(),
        });
    }
    // 第一部分 / 第一章
    if let Some(rest) = line.strip_prefix('第') {
        let num: String = rest.chars().take_while(|c| is_cn_numeral(*c)).collect();
        let after = &rest[num.len()..];
        for suffix in ["部分", "章"] {
            if !num.is_empty() && after.starts_with(suffix) {
                let len = '第'.len_utf8() + num.len() + suffix.len();
                let mut len_with_sep = len;
                let tail = &line[len..];
                for sep in ["、", "：", ":", " ", "　"] {
                    if tail.starts_with(sep) {
                        len_with_sep += sep.len();
                        break;
                    }
                }
                return Some(Marker {
                    level: 1,
                    text: line[..len_with_sep].to_string(),
                    number: cn_number(&num)?,
                    style: format!("第N{suffix}"),
                    len: len_with_sep,
                });
            }
        }
        return None;
    }
    // （一） (一) （1） (1)
    if first == '（' || first == '(' {
        let open = first.len_utf8();
        let rest = &line[open..];
        let inner: String = rest
            .chars()
            .take_while(|c| is_cn_numeral(*c) || is_digit_any(*c))
            .collect();
        if inner.is_empty() || inner.chars().count() > 3 {
            return None;
        }
        let after = &rest[inner.len()..];
        let close = after.chars().next()?;
        if close != '）' && close != ')' {
            return None;
        }
        let len = open + inner.len() + close.len_utf8();
        let cn = inner.chars().all(is_cn_numeral);
        let digits = inner.chars().all(is_digit_any);
        let (level, number) = if cn {
            (2, cn_number(&inner)?)
        } else if digits {
            (4, digit_number(&inner)?)
        } else {
            return None;
        };
        let n = if cn {
            "N"
        } else if inner.chars().all(|c| c.is_ascii_digit()) {
            "N"
        } else {
            "Ｎ"
        };
        return Some(Marker {
            level,
            text: line[..len].to_string(),
            number,
            style: format!("{first}{n}{close}"),
            len,
        });
    }
    // 一、
    if is_cn_numeral(first) {
        let num: String = line.chars().take_while(|c| is_cn_numeral(*c)).collect();
        let after = &line[num.len()..];
        let sep = after.chars().next()?;
        if !matches!(sep, '、' | '．') || num.chars().count() > 3 {
            return None;
        }
        let len = num.len() + sep.len_utf8();
        return Some(Marker {
            level: 1,
            text: line[..len].to_string(),
            number: cn_number(&num)?,
            style: format!("一{sep}"),
            len,
        });
    }
    // 1. 1、 １、 1．
    if is_digit_any(first) {
        let num: String = line.chars().take_while(|c| is_digit_any(*c)).collect();
        if num.chars().count() > 2 {
            return None;
        }
        let after = &line[num.len()..];
        let sep = after.chars().next()?;
        if !matches!(sep, '.' | '．' | '、') {
            return None;
        }
        let tail = &after[sep.len_utf8()..];
        match tail.chars().next() {
            // 1.5万元, 3.2% — a decimal number, not a marker.
            Some(next) if is_digit_any(next) => return None,
            Some(_) => {}
            // A marker alone on its line, its title on the next (as PDF
            // extraction leaves "2." above 人员编制): still the item's marker.
            None if num.chars().count() == 1 => {}
            None => return None,
        }
        let full = num.chars().all(|c| fullwidth_digit(c).is_some());
        let len = num.len() + sep.len_utf8();
        return Some(Marker {
            level: 3,
            text: line[..len].to_string(),
            number: digit_number(&num)?,
            style: format!("{}{sep}", if full { "Ｎ" } else { "N" }),
            len,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(u8, u32, String)> {
        parse_marker(s).map(|m| (m.level, m.number, m.style))
    }

    #[test]
    fn recognises_each_level() {
        assert_eq!(m("一、基本情况"), Some((1, 1, "一、".into())));
        assert_eq!(m("十二、其他"), Some((1, 12, "一、".into())));
        assert_eq!(
            m("（二）部门整体支出绩效情况"),
            Some((2, 2, "（N）".into()))
        );
        assert_eq!(m("1.聚焦中心任务。"), Some((3, 1, "N.".into())));
        assert_eq!(m("４、预、决算公开"), Some((3, 4, "Ｎ、".into())));
        assert_eq!(m("（3）资金使用"), Some((4, 3, "（N）".into())));
        assert_eq!(m("②产出指标"), Some((5, 2, "①".into())));
        assert_eq!(m("第三部分 评价结论"), Some((1, 3, "第N部分".into())));
    }

    #[test]
    fn ordinary_text_is_not_a_heading() {
        assert_eq!(m("一是前期准备"), None);
        assert_eq!(m("1.5万元用于"), None);
        assert_eq!(m("2020年度收入622万元"), None);
        assert_eq!(m("第1批"), None);
        assert_eq!(m("（注：单位万元）"), None);
        assert_eq!(m("12."), None);
    }

    #[test]
    fn a_marker_alone_on_its_line_is_a_marker() {
        assert_eq!(m("2."), Some((3, 2, "N.".into())));
        assert_eq!(m("3、"), Some((3, 3, "N、".into())));
    }

    #[test]
    fn chinese_numerals_convert() {
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("七"), Some(7));
    }
}
