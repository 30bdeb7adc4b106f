//! Lines that are not the report's own text: a table of contents (目录,
//! dot leaders, page numbers, PAGEREF fields) and the furniture of the web
//! page a report was copied from (breadcrumbs, 来源/发布时间/浏览次数 lines,
//! 字号/打印/关闭窗口 controls, 当前位置 …).
//!
//! Such lines are no headings, no title and no sections; they are kept in
//! the text (spans and line numbers do not move) but read as nothing.

use std::sync::OnceLock;

use regex::Regex;

use super::heading::parse_marker;

/// What a line is, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Text,
    /// A line of a table of contents.
    Toc,
    /// Web-page furniture or a delivery note (——在…会议上).
    Chrome,
}

const WS: &[char] = &[' ', '\t', '\u{3000}', '\u{a0}', '\u{feff}', '\r'];

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

fn leader_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Dot leaders then a page number; a Word TOC field. (A tab then a
        // page number: `tab_page`.)
        Regex::new(r"(?:[.…·．‥_-]{4,}|…{2,})\s*[0-9０-９]{1,3}\s*$|PAGEREF\s*_Toc|_Toc[0-9]{6,}")
            .expect("valid")
    })
}

fn meta_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?:^|[\s|•【\[])(?:信息来源|文章来源|来源|发布时间|发布日期|发文日期|更新时间|日期|",
            r"浏览次数|浏览量|阅读次数|阅读量|阅读|访问量|点击数|点击量|选择阅读字号|字号|字体|",
            r"索引号|发布机构|归档时间|生成日期|成文日期|主题分类|作者|编辑|责任编辑|分享到|分享)\s*[:：]",
            r"|【\s*(?:打印|关闭|大|中|小|字体)[^】]{0,6}】|关闭窗口|打印本页|返回顶部",
            r"|^(?:当前位置|您的位置|你的位置|您现在的位置|您当前的位置|所在位置)",
        ))
        .expect("valid")
    })
}

/// A breadcrumb: three or more short pieces joined by `>` (or » ›).
fn is_breadcrumb(t: &str) -> bool {
    let parts: Vec<&str> = t.split(['>', '»', '›', '＞']).collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| p.trim_matches(WS).chars().count() <= 24)
        && !t.contains('。')
}

/// A line of web-page furniture (judged alone).
pub fn is_chrome(line: &str) -> bool {
    let t = line.trim_matches(WS);
    if t.is_empty() || t.contains('。') || t.chars().count() > 160 {
        return false;
    }
    if is_breadcrumb(t) || meta_re().is_match(t) {
        return true;
    }
    // A bare file name: 报告.pdf is the title, but 附件1 / 附件：alone is not.
    let s = squeeze(t);
    s == "分享" || s == "打印" || s == "详细信息" || s == "正文"
}

/// A line of a table of contents judged alone (dot leaders, fields).
pub fn is_toc_line(line: &str) -> bool {
    leader_re().is_match(line) || tab_page(line)
}

/// A contents entry with a tab before its page number (`一、基本情况\t3`,
/// `1.\t基本情况\t3`); a row of figures (`合计\t100\t94`, a form row of
/// five cells ending in a whole score) is a table row.
fn tab_page(line: &str) -> bool {
    let cells: Vec<&str> = line.trim_end().split('\t').collect();
    let digits = |t: &str| {
        let t = t.trim_matches(WS);
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    let page = cells.last().map_or("", |c| c.trim_matches(WS));
    if !(2..=3).contains(&cells.len()) || !digits(page) || page.chars().count() > 3 {
        return false;
    }
    let figure = |t: &str| {
        let t = t.trim_matches(WS);
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || "０１２３４５６７８９.,%％".contains(c))
    };
    cells.len() == 2 || !figure(cells[1])
}

fn is_toc_heading(line: &str) -> bool {
    let t = line.trim_matches(WS);
    let s = squeeze(t);
    // 录 alone: a copy that lost the 目 (the block still has to repeat
    // its first entry to count as contents).
    s == "目录" || s == "目次" || s == "目錄" || s == "录"
}

/// A short line without sentence punctuation: what a contents entry looks
/// like.
fn entry_like(t: &str) -> bool {
    t.chars().count() <= 48 && !t.contains(['。', '，', '；', ';'])
}

/// Classifies every line. A 目录 line opens a table of contents whose
/// entries run until the first entry comes round again (where the report
/// itself starts) or until a line of prose; without that repetition only
/// the 目录 line and entries with leaders or page numbers are contents.
pub fn classify(lines: &[&str]) -> Vec<LineKind> {
    let mut kinds: Vec<LineKind> = lines
        .iter()
        .map(|l| {
            if is_toc_line(l) {
                LineKind::Toc
            } else if is_chrome(l) {
                LineKind::Chrome
            } else {
                LineKind::Text
            }
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        if !is_toc_heading(lines[i]) {
            i += 1;
            continue;
        }
        kinds[i] = LineKind::Toc;
        // The entries: up to the first repetition of the first one.
        let mut first: Option<String> = None;
        let mut end = None;
        let mut j = i + 1;
        while j < lines.len() {
            let t = lines[j].trim_matches(WS);
            if t.is_empty() {
                j += 1;
                continue;
            }
            let s = squeeze(t);
            // Page numbers after the entry's title are dropped for the comparison.
            let key = s.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
            match &first {
                None => first = Some(key),
                Some(f) if *f == key || (key.starts_with(f.as_str()) && !f.is_empty()) => {
                    end = Some(j);
                    break;
                }
                // The entry's marker and title on two lines (第一部分 / 概况).
                Some(f) if key.len() >= 6 && f.starts_with(key.as_str()) => {
                    let next = lines[j + 1..]
                        .iter()
                        .map(|l| squeeze(l))
                        .find(|l| !l.is_empty())
                        .unwrap_or_default();
                    if format!("{key}{next}") == *f {
                        end = Some(j);
                        break;
                    }
                }
                Some(_) => {}
            }
            if !entry_like(t) && !is_toc_line(t) {
                break;
            }
            j += 1;
        }
        match end {
            Some(e) => {
                for k in kinds.iter_mut().take(e).skip(i + 1) {
                    if *k == LineKind::Text {
                        *k = LineKind::Toc;
                    }
                }
                i = e;
            }
            None => i += 1,
        }
    }
    // Contents without a 目录 line: three or more headings in a row, each
    // followed by a page number (一、基本情况 3), the numbers not falling.
    let page_of = |l: &str| -> Option<u32> {
        let t = l.trim_matches(WS);
        let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 3 || digits == t.len() {
            return None;
        }
        let head = &t[..t.len() - digits];
        if !head.ends_with([' ', '\t', '\u{3000}'])
            || parse_marker(head.trim_start_matches(WS)).is_none()
        {
            return None;
        }
        t[t.len() - digits..].parse().ok()
    };
    let mut run: Vec<usize> = Vec::new();
    let mut last_page = 0;
    for i in 0..=lines.len() {
        let page = lines.get(i).and_then(|l| page_of(l));
        let blank = lines.get(i).is_some_and(|l| l.trim_matches(WS).is_empty());
        match page {
            Some(p) if run.is_empty() || p >= last_page => {
                run.push(i);
                last_page = p;
            }
            _ if blank => {}
            _ => {
                if run.len() >= 3 {
                    for &k in &run {
                        kinds[k] = LineKind::Toc;
                    }
                }
                run.clear();
                if let Some(p) = page {
                    run.push(i);
                    last_page = p;
                }
            }
        }
    }

    // A delivery note under a government report's title: ——2019年9月2日在
    // …会议上 (one to three lines): the date is the meeting's, not a title.
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_matches(WS);
        if t.starts_with("——") || t.starts_with("--") || t.starts_with("—") {
            let mut last = None;
            for k in i..(i + 3).min(lines.len()) {
                let u = lines[k].trim_matches(WS);
                if u.ends_with("会议上") || u.ends_with("会上") || u.ends_with("会议") {
                    last = Some(k);
                    break;
                }
            }
            if let Some(l) = last {
                for k in kinds.iter_mut().take(l + 1).skip(i) {
                    *k = LineKind::Chrome;
                }
                i = l + 1;
                continue;
            }
        }
        i += 1;
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_page_furniture_is_recognised() {
        for l in [
            "政务公开 > 财政 > 财政专题 > 2021市级部门决算专题",
            "当前位置:首页 > 政务公开 > 财政信息",
            "来源:财务科   2019-07-09 16:55",
            "日期:2022-09-01 10:00    来源:某市文物局",
            "发布时间:2022-04-29 14:59 作者: 来源:市人社 浏览次数: 字体:【大】 【中】 【小】",
            "浏览量:1 | | | |",
            "字号:        ",
            "【打印本页】 【关闭窗口】",
        ] {
            assert!(is_chrome(l), "{l}");
        }
        for l in [
            "一、基本情况",
            "资金来源为省级专项资金174万元。",
            "2020年度收入622万元",
            "某县2021年度部门决算",
        ] {
            assert!(!is_chrome(l), "{l}");
        }
    }

    #[test]
    fn a_contents_block_ends_where_its_first_entry_returns() {
        let lines = [
            "某局2021年度部门决算",
            "目  录",
            "第一部分 部门概况",
            "一、部门职责",
            "第二部分 情况说明",
            "第一部分 部门概况",
            "一、部门职责",
            "负责全市的有关工作。",
        ];
        let k = classify(&lines);
        assert_eq!(k[0], LineKind::Text);
        assert!(k[1..5].iter().all(|k| *k == LineKind::Toc));
        assert!(k[5..].iter().all(|k| *k == LineKind::Text));
    }

    #[test]
    fn a_contents_entry_may_return_split_over_two_lines() {
        let lines = [
            "目录",
            "第一部分某镇人民政府概况",
            "一、部门职责",
            "第二部分名词解释",
            "第一部分",
            "某镇人民政府概况",
            "一、部门职责",
        ];
        let k = classify(&lines);
        assert!(k[..4].iter().all(|k| *k == LineKind::Toc));
        assert!(k[4..].iter().all(|k| *k == LineKind::Text));
    }

    #[test]
    fn headings_with_page_numbers_in_a_row_are_contents() {
        let lines = [
            "某局2021年度部门整体支出绩效评价报告",
            "一、部门基本情况 3",
            "二、绩效评价工作开展情况　5",
            "三、存在的问题\t9",
            "一、部门基本情况",
            "本局在职人员60人。",
            "（一）收支情况 2021",
        ];
        let k = classify(&lines);
        assert_eq!(k[0], LineKind::Text);
        assert!(k[1..4].iter().all(|k| *k == LineKind::Toc));
        assert!(k[4..].iter().all(|k| *k == LineKind::Text));
    }

    #[test]
    fn leaders_and_fields_are_contents() {
        assert!(is_toc_line("一、基本情况……………………3"));
        assert!(is_toc_line("（二）绩效目标.............. 12"));
        assert!(is_toc_line("二、存在的问题 PAGEREF _Toc123456789 \\h"));
        assert!(!is_toc_line("一、基本情况"));
        assert!(!is_toc_line("收入合计1,205.36万元"));
        assert!(is_toc_line("一、基本情况\t3"));
        assert!(is_toc_line("1.\t基本情况\t3"));
        assert!(!is_toc_line("培训人数\t≥1000人\t1200人\t20\t20"));
        assert!(!is_toc_line("总分\t100\t94"));
    }

    #[test]
    fn a_meeting_note_under_the_title_is_not_text() {
        let lines = [
            "——2023年8月28日在某市人民代表",
            "大会常务委员会第十次会议上",
            "某市财政局",
        ];
        let k = classify(&lines);
        assert_eq!(k, vec![LineKind::Chrome, LineKind::Chrome, LineKind::Text]);
    }
}
