//! Numbers written as Word's list formats write them: Chinese counting,
//! legal (大写) digits, roman, letters, ordinals.

const CN: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const CN_LEGAL: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

/// Chinese counting as Word writes it: 十, 十一, 二十三; 一百〇五 (counting
/// thousand) or digit by digit past 99 (plain counting).
fn chinese(v: i64, thousand: bool) -> String {
    if !(1..=9999).contains(&v) {
        return v.to_string();
    }
    if v < 100 {
        let (t, o) = (v / 10, v % 10);
        let mut s = String::new();
        if t > 1 {
            s.push_str(CN[t as usize]);
        }
        if t > 0 {
            s.push('十');
        }
        if o > 0 || t == 0 {
            s.push_str(CN[o as usize]);
        }
        return s;
    }
    if !thousand {
        return digit_by_digit(v);
    }
    let (th, h, rest) = (v / 1000, (v / 100) % 10, v % 100);
    let mut s = String::new();
    if th > 0 {
        s.push_str(CN[th as usize]);
        s.push('千');
    }
    if h > 0 {
        s.push_str(CN[h as usize]);
        s.push('百');
    } else if th > 0 && rest > 0 {
        s.push('〇');
    }
    if rest > 0 {
        if h > 0 || th > 0 {
            if rest < 10 {
                if h > 0 {
                    s.push('〇');
                }
                s.push_str(CN[rest as usize]);
            } else {
                s.push_str(CN[(rest / 10) as usize]);
                s.push('十');
                if rest % 10 > 0 {
                    s.push_str(CN[(rest % 10) as usize]);
                }
            }
        } else {
            s.push_str(&chinese(rest, true));
        }
    }
    s
}

/// Formats a counter value in one of Word's number formats.
pub fn format_number(v: i64, fmt: &str) -> String {
    match fmt {
        "chineseCounting" | "taiwaneseCounting" => chinese(v, false),
        "chineseCountingThousand" | "taiwaneseCountingThousand" => chinese(v, true),
        "ideographDigital" | "taiwaneseDigital" => digit_by_digit(v),
        "chineseLegalSimplified" if (1..=9).contains(&v) => CN_LEGAL[v as usize].to_string(),
        "chineseLegalSimplified" if (10..=99).contains(&v) => {
            let mut s = String::new();
            if v / 10 > 1 {
                s.push_str(CN_LEGAL[(v / 10) as usize]);
            }
            s.push('拾');
            if v % 10 > 0 {
                s.push_str(CN_LEGAL[(v % 10) as usize]);
            }
            s
        }
        "ideographTraditional" if (1..=10).contains(&v) => {
            ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"][v as usize - 1].to_string()
        }
        "ideographZodiac" if (1..=12).contains(&v) => [
            "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
        ][v as usize - 1]
            .to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => v
            .to_string()
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32('０' as u32 + d))
                    .unwrap_or(c)
            })
            .collect(),
        "decimalZero" if (0..10).contains(&v) => format!("0{v}"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&v) => {
            char::from_u32(0x2460 + v as u32 - 1)
                .map(String::from)
                .unwrap_or_else(|| v.to_string())
        }
        "decimalEnclosedParen" if (1..=20).contains(&v) => char::from_u32(0x2474 + v as u32 - 1)
            .map(String::from)
            .unwrap_or_else(|| v.to_string()),
        "decimalEnclosedFullstop" if (1..=20).contains(&v) => char::from_u32(0x2488 + v as u32 - 1)
            .map(String::from)
            .unwrap_or_else(|| v.to_string()),
        "lowerLetter" | "upperLetter" if (1..=780).contains(&v) => {
            let base = if fmt == "lowerLetter" { b'a' } else { b'A' };
            let c = (base + ((v - 1) % 26) as u8) as char;
            std::iter::repeat_n(c, ((v - 1) / 26 + 1) as usize).collect()
        }
        "lowerRoman" | "upperRoman" if (1..4000).contains(&v) => {
            let r = roman(v);
            if fmt == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "none" => String::new(),
        _ => v.to_string(),
    }
}

/// Each digit as a Chinese numeral (一〇一); other values in digits.
fn digit_by_digit(v: i64) -> String {
    v.to_string()
        .chars()
        .map(|c| {
            c.to_digit(10)
                .map_or(c.to_string(), |d| CN[d as usize].to_string())
        })
        .collect()
}

fn roman(mut v: i64) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (n, r) in table {
        while v >= n {
            s.push_str(r);
            v -= n;
        }
    }
    s
}
