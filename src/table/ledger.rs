//! 决算 tables: the amount a label cell gives (a 收入支出决算总表 holds a
//! 收入 and a 支出 half side by side, each with its 行次 column), the
//! numbered items above a 合计 row (一、… 二、…), and the function-code
//! hierarchy (类 201 → 款 20101 → 项 2010101) of the 支出决算表.

use super::levels::At;
use super::Table;

/// A 行次/栏次 column holds row numbers, not amounts.
fn is_row_number_header(h: &str) -> bool {
    h.contains("行次") || h.contains("栏次") || h == "序号"
}

/// A budget classification code standing alone (201, 20101, 2010101) or
/// opening a label (`2010101 行政运行`), with the rest of the text.
pub fn code_of(text: &str) -> Option<&str> {
    let t = text.trim();
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let code = &t[..end];
    let rest = t[end..].trim_start();
    let ok_len = matches!(code.len(), 3 | 5 | 7);
    let ok_rest = rest.is_empty() || !rest.starts_with(['.', '。', '%', '％']);
    (ok_len && ok_rest && !code.starts_with('0')).then_some(code)
}

/// The row's code and the index of the last cell holding it: its first
/// non-empty cell, or split over 类 | 款 | 项 columns (`205`, `02`, `03`:
/// 2050203), each later part two digits as written.
fn row_code(t: &Table, r: usize) -> Option<(String, usize)> {
    let row = &t.rows[r];
    let i = row.cells.iter().position(|c| !c.text.is_empty())?;
    let mut code = code_of(&row.cells[i].text)?.to_string();
    let mut last = i;
    if code.len() == 3 && row.cells[i].text.trim() == code {
        for c in row.cells.iter().skip(i + 1).take(2) {
            let part = c.text.trim();
            if part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()) {
                code.push_str(part);
                last += 1;
            } else {
                break;
            }
        }
    }
    Some((code, last))
}

/// The amounts right of label cell `ci` in row `r`: the numbers before the
/// next text cell, not in a 行次 column and not percentages (本年数, 上年数 …).
pub fn amounts_right(t: &Table, r: usize, ci: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let Some(row) = t.rows.get(r).map(|x| &x.cells) else {
        return out;
    };
    for (i, c) in row.iter().enumerate().skip(ci + 1) {
        if c.text.is_empty() || c.formula_missing {
            continue;
        }
        if c.value.is_none() {
            break;
        }
        if c.percent || t.header(r, i).is_some_and(|h| is_row_number_header(&h)) {
            continue;
        }
        out.push(i);
    }
    out
}

/// The first of [`amounts_right`].
pub fn amount_right(t: &Table, r: usize, ci: usize) -> Option<usize> {
    amounts_right(t, r, ci).first().copied()
}

/// A Chinese list numeral opening a label (`三、`, `十二、`): its number.
pub fn list_number(label: &str) -> Option<u32> {
    let (num, _) = label.split_once('、')?;
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let cs: Vec<char> = num.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The items a 合计 label at (`r`, `ci`) sums: the numbered labels (一、
/// 二、 …) in the same grid column above it, back to the table's header
/// (the first row above with no number in it). Only a list numbered 1, 2,
/// 3 … without a gap or repeat is returned, each as (label cell, amount
/// cell if written).
pub fn numbered_items(t: &Table, r: usize, ci: usize) -> Option<Vec<(At, Option<At>)>> {
    let col = t.rows.get(r)?.cells.get(ci)?.col;
    let mut items = Vec::new();
    for x in (0..r).rev() {
        let row = &t.rows[x];
        if !row.has_values() {
            break;
        }
        let Some(li) = row.cells.iter().position(|c| c.col == col) else {
            continue;
        };
        let label = super::normalize_label(&row.cells[li].text);
        if let Some(n) = list_number(&label) {
            items.push((n, (x, li), amount_right(t, x, li).map(|a| (x, a))));
        }
    }
    items.reverse();
    let ordered = items
        .iter()
        .enumerate()
        .all(|(k, (n, _, _))| *n == k as u32 + 1);
    (items.len() >= 2 && ordered).then(|| items.into_iter().map(|(_, l, a)| (l, a)).collect())
}

/// One sum of the code hierarchy: a parent row's amount and its children's
/// amounts in the same column.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeSum {
    /// The parent's code, or empty for the 合计 row.
    pub code: String,
    pub head: At,
    pub parts: Vec<At>,
}

/// The sums a function-code table states: each 类 = its 款, each 款 = its
/// 项, and a 合计 row (label matching `is_total`, no code) = the 类 rows,
/// column by column. A child without a figure in a column counts as
/// nothing written there; a parent without children is not a sum.
pub fn code_sums(t: &Table, is_total: &dyn Fn(&str) -> bool) -> Vec<CodeSum> {
    // Only a table that says it lists classification codes (科目编码, 科目代码,
    // 功能分类科目): a 序号 column of 100, 101 … is not a list of 类.
    let names_codes =
        t.rows.iter().flat_map(|r| &r.cells).any(|c| {
            c.value.is_none() && ["科目", "编码", "代码"].iter().any(|w| c.text.contains(w))
        });
    if !t.aligned || !names_codes {
        return Vec::new();
    }
    let coded: Vec<(usize, String, usize)> = (0..t.rows.len())
        .filter_map(|r| row_code(t, r).map(|(c, i)| (r, c, i)))
        .collect();
    if coded.len() < 2 {
        return Vec::new();
    }
    // Value cells of a row by grid column: right of the code's cells (a
    // split code's 款 and 项 are not amounts), 行次 left out.
    let values = |r: usize, code_end: Option<usize>| -> Vec<(usize, usize)> {
        t.rows[r]
            .cells
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                code_end.is_none_or(|e| *i > e)
                    && c.value.is_some()
                    && !c.percent
                    && !t.header(r, *i).is_some_and(|h| is_row_number_header(&h))
            })
            .map(|(i, c)| (c.col, i))
            .collect()
    };
    let mut out = Vec::new();
    let mut push = |code: &str, r: usize, skip: Option<usize>, kids: &[&(usize, String, usize)]| {
        if kids.is_empty() {
            return;
        }
        for (col, i) in values(r, skip) {
            let parts: Vec<At> = kids
                .iter()
                .filter_map(|&&(kr, _, ki)| {
                    values(kr, Some(ki))
                        .into_iter()
                        .find(|(c, _)| *c == col)
                        .map(|(_, x)| (kr, x))
                })
                .collect();
            if parts.is_empty() {
                continue;
            }
            out.push(CodeSum {
                code: code.to_string(),
                head: (r, i),
                parts,
            });
        }
    };
    // Children by their parent's code (20101 → 201), in table order.
    let mut by_parent: std::collections::HashMap<&str, Vec<&(usize, String, usize)>> =
        Default::default();
    for row in &coded {
        let code = row.1.as_str();
        if code.len() > 3 {
            by_parent
                .entry(&code[..code.len() - 2])
                .or_default()
                .push(row);
        }
    }
    for (r, code, ci) in &coded {
        if let Some(kids) = by_parent.get(code.as_str()) {
            push(code, *r, Some(*ci), kids);
        }
    }
    let classes: Vec<&(usize, String, usize)> =
        coded.iter().filter(|(_, k, _)| k.len() == 3).collect();
    for r in 0..t.rows.len() {
        if row_code(t, r).is_none() && is_total(&t.rows[r].label()) && t.rows[r].has_values() {
            push("", r, None, &classes);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::text::read;

    #[test]
    fn list_numbers_read_up_to_the_twenties() {
        let n: Vec<Option<u32>> = [
            "一、收入",
            "十、支出",
            "十二、其他",
            "二十、x",
            "二十三、y",
            "其中：z",
        ]
        .iter()
        .map(|l| list_number(l))
        .collect();
        assert_eq!(n, [Some(1), Some(10), Some(12), Some(20), Some(23), None]);
    }

    #[test]
    fn codes_are_three_five_or_seven_digits() {
        assert_eq!(code_of("2010101"), Some("2010101"));
        assert_eq!(code_of("201 一般公共服务支出"), Some("201"));
        assert_eq!(code_of("2019"), None);
        assert_eq!(code_of("120.5"), None);
    }

    #[test]
    fn amounts_skip_the_row_number_column() {
        let t = &read("项目\t行次\t金额\t项目\t行次\t金额\n本年收入合计\t6\t622.00\t本年支出合计\t26\t600.00\n")[0];
        assert_eq!(amount_right(t, 1, 0), Some(2));
        assert_eq!(amount_right(t, 1, 3), Some(5));
    }

    #[test]
    fn class_sums_its_items_column_by_column() {
        let t = &read("科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t150\t100\t50\n201\t一般公共服务支出\t150\t100\t50\n20101\t人大事务\t150\t100\t50\n2010101\t行政运行\t100\t100\t\n2010102\t一般行政管理事务\t50\t\t50\n")[0];
        let sums = code_sums(t, &|l| l == "合计");
        let heads: Vec<(&str, At, usize)> = sums
            .iter()
            .map(|s| (s.code.as_str(), s.head, s.parts.len()))
            .collect();
        assert_eq!(
            heads,
            [
                ("201", (2, 2), 1),
                ("201", (2, 3), 1),
                ("201", (2, 4), 1),
                ("20101", (3, 2), 2),
                ("20101", (3, 3), 1),
                ("20101", (3, 4), 1),
                ("", (1, 2), 1),
                ("", (1, 3), 1),
                ("", (1, 4), 1),
            ]
        );
    }
}
