//! Number tokens: digits as written in these reports.

use rust_decimal::Decimal;

use super::{ascii_digit, fullwidth_digit};

/// A number as written: `1,234.56`, `６２２`, `-3.5`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberToken {
    /// Logical byte range of the digits (and sign).
    pub start: usize,
    pub end: usize,
    pub value: Decimal,
    /// Digits after the decimal point, as written.
    pub decimals: u32,
    pub fullwidth: bool,
    pub mixed_width: bool,
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || fullwidth_digit(c).is_some()
}

/// Finds every number token in `text`, left to right.
pub fn scan(text: &str) -> Vec<NumberToken> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !is_digit(c) {
            i += 1;
            continue;
        }
        // Not the tail of a word such as G20 or a version like v1.2.
        if i > 0 {
            let p = chars[i - 1].1;
            if p.is_ascii_alphabetic() || p == '.' || p == '．' {
                while i < chars.len() && is_digit(chars[i].1) {
                    i += 1;
                }
                continue;
            }
        }
        let mut digits = String::new();
        let mut any_full = false;
        let mut any_ascii = false;
        let mut j = i;
        let mut note = |c: char, digits: &mut String| {
            if c.is_ascii_digit() {
                any_ascii = true;
            } else {
                any_full = true;
            }
            digits.push(ascii_digit(c));
        };
        while j < chars.len() && is_digit(chars[j].1) {
            note(chars[j].1, &mut digits);
            j += 1;
        }
        // Thousands separators: ',' followed by exactly three ASCII digits.
        while j + 3 < chars.len()
            && chars[j].1 == ','
            && chars[j + 1..j + 4].iter().all(|(_, c)| c.is_ascii_digit())
            && chars.get(j + 4).is_none_or(|(_, c)| !c.is_ascii_digit())
        {
            for k in j + 1..j + 4 {
                note(chars[k].1, &mut digits);
            }
            j += 4;
        }
        let mut decimals = 0u32;
        if j + 1 < chars.len() && matches!(chars[j].1, '.' | '．') && is_digit(chars[j + 1].1) {
            digits.push('.');
            j += 1;
            while j < chars.len() && is_digit(chars[j].1) {
                note(chars[j].1, &mut digits);
                decimals += 1;
                j += 1;
            }
        }
        let end = chars.get(j).map(|(p, _)| *p).unwrap_or(text.len());
        let mut start = pos;
        let mut negative = false;
        if i > 0 && matches!(chars[i - 1].1, '-' | '－' | '−') {
            let before = if i > 1 { Some(chars[i - 2].1) } else { None };
            if before.is_none_or(|b| !is_digit(b) && !b.is_ascii_alphanumeric()) {
                negative = true;
                start = chars[i - 1].0;
            }
        }
        if let Ok(mut value) = digits.parse::<Decimal>() {
            if negative {
                value = -value;
            }
            out.push(NumberToken {
                start,
                end,
                value,
                decimals,
                fullwidth: any_full,
                mixed_width: any_full && any_ascii,
            });
        }
        i = j;
    }
    out
}

/// Half a unit of the last written place: the rounding interval of a
/// figure stated with `decimals` decimals.
pub fn half_unit(decimals: u32) -> Decimal {
    // A Decimal holds at most 28 decimals: a figure written with more is
    // given the smallest half-unit there is (a wider interval, never a
    // false error).
    Decimal::try_new(5, decimals.saturating_add(1).min(28)).unwrap_or(Decimal::ZERO)
}

/// The fiscal year named in a text (e.g. a title): the first 19xx/20xx年.
pub fn year_in(text: &str) -> Option<i32> {
    for t in scan(text) {
        if t.decimals == 0 && text[t.end..].starts_with('年') {
            let y = t.value.to_string().parse::<i32>().ok()?;
            if (1990..=2100).contains(&y) {
                return Some(y);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn one(s: &str) -> NumberToken {
        let v = scan(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn thousands_separators_are_read() {
        let t = one("收入1,234,567.89元");
        assert_eq!(t.value, d("1234567.89"));
        assert_eq!(t.decimals, 2);
    }

    #[test]
    fn fullwidth_digits_are_read() {
        let t = one("收入６２２万元");
        assert_eq!(t.value, d("622"));
        assert!(t.fullwidth && !t.mixed_width);
    }

    #[test]
    fn mixed_width_is_noticed() {
        assert!(one("６2２万元").mixed_width);
    }

    #[test]
    fn negative_sign_is_kept_but_ranges_are_not_negative() {
        assert_eq!(one("结余-3.5万元").value, d("-3.5"));
        let v = scan("2019-2020年");
        assert_eq!(v[1].value, d("2020"));
    }

    #[test]
    fn half_unit_follows_decimals() {
        assert_eq!(half_unit(0), d("0.5"));
        assert_eq!(half_unit(2), d("0.005"));
    }

    #[test]
    fn half_unit_of_more_decimals_than_a_decimal_holds_is_the_smallest() {
        assert_eq!(half_unit(28), Decimal::new(5, 28));
        assert_eq!(half_unit(40), Decimal::new(5, 28));
        assert_eq!(half_unit(u32::MAX), Decimal::new(5, 28));
    }
}
