//! Turning the words before a figure into its label.
//!
//! The label of a number is the noun phrase right before it in its clause:
//! `2020年度收入622万元` → 收入; `其中：基本支出678.71万元` → 基本支出;
//! `公务接待费支出决算0万元` → 公务接待费支出决算. Year prefixes and filler
//! words (其中, 为, 共, 达, 约 …) are removed.

/// A cleaned label and where it sits inside the raw prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelParts {
    pub label: String,
    /// Byte offset of the label inside the prefix.
    pub offset: usize,
    /// Byte length of the label inside the prefix.
    pub len: usize,
}

pub const WS: &[char] = &[' ', '\t', '\u{3000}', '\u{a0}'];

/// Leading words that introduce a figure without naming it.
const LEADING: &[&str] = &[
    "其中",
    "包括",
    "分别为",
    "分别是",
    "以及",
    "及",
    "和",
    "另外",
    "另有",
    "另",
    "即",
    "此外",
    "同时",
    "（",
    "(",
    "：",
    ":",
];

/// Trailing words between a label and its figure.
const TRAILING: &[&str] = &[
    "共计", "达到", "为", "是", "达", "约", "共", "有", "了", "：", ":", "（", "(", "占",
];

/// Verbs after which a count's noun follows the number (共有40名在职人员).
const VERBS: &[&str] = &[
    "有", "共有", "现有", "实有", "编制", "完成", "开展", "召开", "组织", "做好", "推进", "实施",
    "办理", "引进", "走访", "接待", "制发", "撰写", "报送", "联系", "承办", "举办", "培训", "处理",
    "受理", "发放", "帮扶", "新增", "设", "设置", "下设", "涉及", "覆盖", "惠及", "落实", "建成",
    "建设", "购置", "采购", "聘用", "录用", "招录", "资助", "补助", "救助", "慰问", "了", "共",
    "计", "达",
];

/// Cleans the raw clause text before a figure into its label.
pub fn clean_label(prefix: &str) -> LabelParts {
    let mut start = 0usize;
    let mut end = prefix.len();
    loop {
        let s = &prefix[start..end];
        let t = s.trim_start_matches(WS);
        if t.len() != s.len() {
            start += s.len() - t.len();
            continue;
        }
        if let Some(n) = year_prefix_len(t) {
            start += n;
            continue;
        }
        if let Some(w) = LEADING
            .iter()
            .find(|w| t.starts_with(**w) && t.len() > w.len())
        {
            start += w.len();
            continue;
        }
        break;
    }
    loop {
        let s = &prefix[start..end];
        let t = s.trim_end_matches(WS);
        if t.len() != s.len() {
            end -= s.len() - t.len();
            continue;
        }
        if let Some(w) = TRAILING
            .iter()
            .find(|w| t.ends_with(**w) && t.len() > w.len())
        {
            end -= w.len();
            continue;
        }
        break;
    }
    let mut label = &prefix[start..end];
    // A lone filler word is no label.
    if TRAILING.contains(&label) || LEADING.contains(&label) {
        label = "";
    }
    LabelParts {
        label: label.to_string(),
        offset: start,
        len: label.len(),
    }
}

/// `2020年`, `2020年度`, `２０２０年度的` at the start of a label.
fn year_prefix_len(t: &str) -> Option<usize> {
    let digits: usize = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(char::len_utf8)
        .sum();
    if digits == 0 || t[..digits].chars().count() != 4 {
        return None;
    }
    let rest = &t[digits..];
    let rest_trim = rest.trim_start_matches(WS);
    let ws = rest.len() - rest_trim.len();
    let rest = rest_trim;
    let mut n = digits + ws;
    let r = rest.strip_prefix('年')?;
    n += '年'.len_utf8();
    let mut r = r;
    for suffix in ["度", "底", "末", "初"] {
        if let Some(x) = r.strip_prefix(suffix) {
            n += suffix.len();
            r = x;
            break;
        }
    }
    if r.starts_with('的') {
        n += '的'.len_utf8();
    }
    Some(n)
}

/// For a percentage clause `占总支出的92.1%`: the whole it names (总支出),
/// empty for a bare 占. `None` when the clause does not start with 占.
pub fn share_whole(prefix: &str) -> Option<String> {
    let t = prefix.trim_matches(WS).trim_start_matches(['（', '(']);
    let rest = t.strip_prefix('占')?;
    let mut rest = rest.trim_start_matches('比');
    for suffix in ["为", "达", "约"] {
        rest = rest.strip_suffix(suffix).unwrap_or(rest);
    }
    for suffix in ["比重", "比例", "的"] {
        rest = rest.strip_suffix(suffix).unwrap_or(rest);
    }
    Some(rest.trim_end_matches('的').to_string())
}

/// The noun phrase right after a count's classifier: `40名在职人员` → 在职人员.
pub fn noun_after(after: &str) -> Option<&str> {
    let mut end = 0;
    let mut chars = 0;
    for (i, c) in after.char_indices() {
        let word = ('\u{4e00}'..='\u{9fff}').contains(&c)
            || matches!(c, '“' | '”' | '《' | '》' | '（' | '）');
        if !word || c == '的' || chars >= 16 {
            break;
        }
        end = i + c.len_utf8();
        chars += 1;
    }
    let noun = after[..end].trim_end_matches(['和', '及', '与', '（']);
    (noun.chars().count() >= 2).then_some(noun)
}

/// Whether the raw prefix ends with a verb, so the noun follows the number.
pub fn ends_with_verb(prefix: &str) -> bool {
    let t = prefix.trim_end_matches(WS);
    t.is_empty() || t.ends_with('的') || VERBS.iter().any(|v| t.ends_with(v))
}

// ---------------------------------------------------------------- the one normaliser

/// A label without quotes, spaces and full-width letters: what two
/// spellings of one name have in common (“三公”经费 = "三公"经费 = 三公经费).
pub fn normalize(label: &str) -> String {
    label
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | ' ' | '\u{3000}' | '\u{a0}'
            )
        })
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Period words before a name and total words after it: taken off while
/// something is left (全年支出合计 → 支出; 本年度收入 → 收入).
const CORE_PREFIXES: &[&str] = &[
    "本年度",
    "本年",
    "全年度",
    "全年",
    "年度",
    "年",
    "本部门",
    "本单位",
    "其中",
    "实际",
];
/// 总计 (with carry-overs) is not 合计 (this year's): it stays.
const CORE_SUFFIXES: &[&str] = &["各", "为", "合计", "总额", "总数", "决算数", "决算", "数"];

/// A label reduced to what it names (see [`CORE_PREFIXES`], [`CORE_SUFFIXES`]).
pub fn core(label: &str) -> String {
    let mut s = normalize(label);
    loop {
        let before = s.len();
        for p in CORE_PREFIXES {
            if let Some(r) = s.strip_prefix(p) {
                if !r.is_empty() {
                    s = r.to_string();
                }
            }
        }
        for suf in CORE_SUFFIXES {
            if let Some(r) = s.strip_suffix(suf) {
                if !r.is_empty() {
                    s = r.to_string();
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Whether two labels name the same figure: the same core; 收支总计 for
/// 收入总计 or 支出总计; X支出 and X支出决算; or the same name once 支出 is
/// taken out of both (公用经费支出 = 公用经费).
pub fn same_subject(a: &str, b: &str) -> bool {
    same_core(&core(a), &core(b))
}

/// [`same_subject`] on labels already reduced by [`core`].
pub fn same_core(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    if (a.contains("收支") || b.contains("收支"))
        && ((a.contains("收支")
            && (b == a.replace("收支", "收入") || b == a.replace("收支", "支出")))
            || (b.contains("收支")
                && (a == b.replace("收支", "收入") || a == b.replace("收支", "支出"))))
    {
        return true;
    }
    if !(a.contains("支出") || b.contains("支出")) {
        return false;
    }
    (a.ends_with("支出") && b.strip_prefix(a) == Some("决算"))
        || core(&a.replace("支出", "")) == core(&b.replace("支出", ""))
            && !a.replace("支出", "").is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_prefix_and_filler_are_removed() {
        assert_eq!(clean_label("2020年度收入").label, "收入");
        assert_eq!(clean_label("其中基本支出为").label, "基本支出");
        assert_eq!(
            clean_label("公务接待费支出决算").label,
            "公务接待费支出决算"
        );
        assert_eq!(clean_label("本年支出合计").label, "本年支出合计");
    }

    #[test]
    fn label_offset_points_inside_the_prefix() {
        let p = "2020年度收入";
        let l = clean_label(p);
        assert_eq!(&p[l.offset..l.offset + l.len], "收入");
    }

    #[test]
    fn share_whole_reads_the_named_whole() {
        assert_eq!(share_whole("占总支出的").as_deref(), Some("总支出"));
        assert_eq!(share_whole("占").as_deref(), Some(""));
        assert_eq!(share_whole("占比").as_deref(), Some(""));
        assert_eq!(share_whole("收入"), None);
    }

    #[test]
    fn one_normaliser_serves_every_spelling() {
        assert_eq!(normalize("“三公”经费"), "三公经费");
        assert_eq!(core("全年支出合计"), "支出");
        assert_eq!(core("本年度收入"), "收入");
        assert_eq!(core("收入总计"), "收入总计");
        assert!(same_subject("本年支出合计", "支出"));
        assert!(same_subject("收支总计", "支出总计"));
        assert!(same_subject("公用经费支出", "公用经费"));
        assert!(!same_subject("基本支出", "项目支出"));
    }

    #[test]
    fn count_noun_follows_the_classifier() {
        assert_eq!(noun_after("在职人员，其中"), Some("在职人员"));
        assert_eq!(noun_after("，合同"), None);
        assert!(ends_with_verb("全办共有"));
    }
}
