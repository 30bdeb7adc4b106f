//! Report and forms together: which inputs of a run are forms (自评表,
//! 基础数据表, 绩效目标表 …), what names and year a form states, and which
//! report of the same directory each form belongs to.
//!
//! A form pairs with a report when the report's title names the form's
//! 项目名称 (or, for a form without one, its 单位名称/实施单位/预算单位; a
//! 主管部门 only when the form names nothing more specific) and the years
//! agree when both state one. Pure functions over parsed documents.

use crate::document::Document;
use crate::table::normalize_label;

/// Words a form's title ends in.
const FORM_TITLES: &[&str] = &[
    "自评表",
    "基础数据表",
    "绩效目标表",
    "目标申报表",
    "评价表",
    "评分表",
    "指标表",
];

/// Labels of the cell naming a project.
const PROJECT_LABELS: &[&str] = &["项目名称", "专项名称", "资金名称"];
/// Labels of the cell naming a unit, most specific first.
const UNIT_LABELS: &[&str] = &["单位名称", "实施单位", "预算单位", "部门名称", "填报单位"];
/// The supervising department: shared by many forms, a weak key.
const DEPT_LABELS: &[&str] = &["主管部门", "主管单位"];

/// How strongly a form's name matched a report's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Department = 1,
    Unit = 2,
    Project = 3,
}

/// What a form says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormKey {
    pub project: Option<String>,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
}

/// Whether a parsed input is a form rather than a report: a spreadsheet,
/// or a document that is mostly table rows and either calls itself a form
/// in its first lines or holds a form's key cells.
pub fn is_form(doc: &Document) -> bool {
    if doc
        .tables
        .iter()
        .any(|t| matches!(t.origin, "xlsx" | "csv"))
    {
        return true;
    }
    let lines = doc.text.lines().filter(|l| !l.trim().is_empty()).count();
    let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
    if lines == 0 || rows * 10 < lines * 6 {
        return false;
    }
    let heads = head_lines(doc, 3);
    let titled = heads
        .iter()
        .chain(doc.tables.iter().map(|t| &t.title))
        .any(|l| FORM_TITLES.iter().any(|w| l.contains(w)))
        // A first line that names the file a table (财政拨款支出决算表,
        // 公开07表) over a document that is mostly its rows.
        || heads.first().is_some_and(|l| {
            l.trim_end_matches([' ', '\t', '\u{3000}']).ends_with('表')
        });
    let k = form_key(doc);
    titled || k.project.is_some() || k.unit.is_some()
}

/// The first `n` non-empty lines, trimmed.
fn head_lines(doc: &Document, n: usize) -> Vec<String> {
    doc.text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(str::to_string)
        .collect()
}

/// The value beside a label cell: the next non-empty cell of its row, or
/// what follows a colon in the same cell (项目名称：某项目).
fn value_beside(labels: &[&str], doc: &Document) -> Option<String> {
    for t in &doc.tables {
        for row in &t.rows {
            for (i, c) in row.cells.iter().enumerate() {
                let text = normalize_label(&c.text);
                for l in labels {
                    if text == *l {
                        let v = row.cells[i + 1..]
                            .iter()
                            .map(|x| x.text.trim())
                            .find(|x| !x.is_empty())?;
                        if is_label(v) {
                            return None;
                        }
                        return Some(clean_name(v)).filter(|v| !v.is_empty());
                    }
                    if let Some(rest) = text
                        .strip_prefix(l)
                        .and_then(|r| r.strip_prefix(['：', ':']))
                    {
                        return Some(clean_name(rest)).filter(|v| !v.is_empty());
                    }
                }
            }
        }
    }
    // A form flattened to lines: 项目名称：某项目.
    for line in doc.text.lines().take(20) {
        for l in labels {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix(l).and_then(|r| r.strip_prefix(['：', ':'])) {
                let v = rest.split(['\t', '|']).next().unwrap_or("").trim();
                return Some(clean_name(v)).filter(|v| !v.is_empty());
            }
        }
    }
    None
}

fn is_label(v: &str) -> bool {
    let v = normalize_label(v);
    PROJECT_LABELS
        .iter()
        .chain(UNIT_LABELS)
        .chain(DEPT_LABELS)
        .any(|l| v == *l)
}

/// A name as compared: no white space, quotes or brackets of either width.
fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"“”\"‘’'《》「」".contains(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// A year stated in a line: 2023年, 2023年度.
fn year_in(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s[i + 4..].starts_with('年')
        {
            let y: i32 = s[i..i + 4].parse().ok()?;
            if (2000..=2100).contains(&y) {
                return Some(y);
            }
        }
    }
    None
}

/// A form's names and year.
pub fn form_key(doc: &Document) -> FormKey {
    let year = head_lines(doc, 4)
        .iter()
        .chain(doc.tables.iter().map(|t| &t.title))
        .find_map(|l| year_in(l))
        .or_else(|| {
            value_beside(&["年度", "预算年度", "评价年度"], doc).and_then(|v| year_in(&(v + "年")))
        })
        .or(doc.year);
    FormKey {
        project: value_beside(PROJECT_LABELS, doc).filter(|v| v.chars().count() >= 2),
        unit: UNIT_LABELS
            .iter()
            .find_map(|l| value_beside(&[l], doc))
            .filter(|v| v.chars().count() >= 2),
        department: value_beside(DEPT_LABELS, doc).filter(|v| v.chars().count() >= 2),
        year,
    }
}

/// A report's title as compared: its title and the lines before its first
/// heading (at most three), names cleaned.
pub fn report_title(doc: &Document) -> String {
    let first_heading = doc
        .sections
        .first()
        .map_or(doc.text.len(), |s| s.heading.start);
    let mut head = doc.title.clone();
    for l in doc.text[..first_heading.min(doc.text.len())]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
    {
        head.push('\n');
        head.push_str(l);
    }
    clean_name(&head)
}

/// A name as it may appear in a title: itself, and without a leading year
/// (2023年度) or a trailing 项目.
fn name_forms(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let mut s = name;
    if year_in(s).is_some() && s.len() > 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        s = s[4..].trim_start_matches('年').trim_start_matches('度');
        out.push(s.to_string());
    }
    // 项目 or 资金 at the end (…补助资金 in the form, …补助项目 in the title).
    for suffix in ["项目", "专项资金", "资金", "专项"] {
        if let Some(t) = s.strip_suffix(suffix) {
            out.push(t.to_string());
            break;
        }
    }
    // A name of two or three characters (培训, 某局) would be found in
    // titles it does not name.
    out.retain(|n| n.chars().count() >= MIN_NAME_CHARS);
    out
}

/// The shortest name a title is searched for.
const MIN_NAME_CHARS: usize = 4;

fn names(title: &str, name: &Option<String>) -> Option<String> {
    let n = name.as_ref()?;
    name_forms(n)
        .iter()
        .any(|f| title.contains(f.as_str()))
        .then(|| n.clone())
}

/// A project's name without the unit's or region's name it starts with
/// (某区民政局城市社区…项目, 大理州…项目, 哈尔滨市道里区…项目 → the
/// project's own name): the unit or department the form names, else each
/// leading organisation or region name ending in 局, 委员会, 中心, 市, 州,
/// 县, 区 and the like. Longest cut first.
fn without_unit(project: &str, form: &FormKey) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in [&form.unit, &form.department].into_iter().flatten() {
        if let Some(rest) = project.strip_prefix(prefix.as_str()) {
            out.push(rest.to_string());
        }
    }
    const ORG_ENDS: &[&str] = &[
        "委员会",
        "办公室",
        "办事处",
        "人民政府",
        "管理处",
        "管理局",
        "服务中心",
        "中心",
        "局",
        "委",
        "厅",
        "院",
        "站",
        "所",
        "馆",
        "队",
        "自治州",
        "自治县",
        "省",
        "市",
        "州",
        "县",
        "区",
        "旗",
        "盟",
    ];
    // A leading year (2025年哈尔滨市道里区…) is not part of the prefix.
    let project = match name_forms(project).get(1) {
        Some(n) if project.len() > 4 && project.as_bytes()[..4].iter().all(u8::is_ascii_digit) => {
            n.clone()
        }
        _ => project.to_string(),
    };
    let project = project.as_str();
    let chars: Vec<(usize, char)> = project.char_indices().collect();
    let n = chars.len();
    // The organisation or region is the first part of the name, and what is
    // left must still name a project: six characters at least and two
    // fifths of the name (运营补助项目 is not cut out of a longer name).
    let mut cuts: Vec<String> = chars
        .iter()
        .skip(2)
        .filter(|&&(i, _)| ORG_ENDS.iter().any(|e| project[..i].ends_with(e)))
        .map(|&(i, _)| project[i..].to_string())
        .filter(|rest| {
            let k = rest.chars().count();
            k >= 6 && k * 5 >= n * 2
        })
        .collect();
    cuts.reverse();
    out.extend(cuts);
    out
}

/// Whether a form pairs with a report: `Ok((strength, why))`, or
/// `Err(why not)`, in Chinese for the facts listing.
pub fn pair(report: &Document, form: &FormKey) -> Result<(Strength, String), String> {
    let title = report_title(report);
    if let (Some(r), Some(f)) = (report.year, form.year) {
        if r != f {
            return Err(format!("年度不同：报告为 {r} 年，表为 {f} 年"));
        }
    }
    let year = match (report.year, form.year) {
        (Some(y), Some(_)) => format!("，年度同为 {y} 年"),
        _ => "，年度未同时写明".into(),
    };
    if let Some(p) = &form.project {
        if names(&title, &form.project).is_some() {
            return Ok((
                Strength::Project,
                format!("报告标题含表中项目名称“{p}”{year}"),
            ));
        }
        if let Some(n) = without_unit(p, form)
            .into_iter()
            .find(|n| names(&title, &Some(n.clone())).is_some())
        {
            return Ok((
                Strength::Project,
                format!("报告标题含表中项目名称“{p}”（去掉单位或地区名称后的“{n}”）{year}"),
            ));
        }
        return Err(format!("报告标题不含表中项目名称“{p}”"));
    }
    if let Some(u) = names(&title, &form.unit) {
        return Ok((Strength::Unit, format!("报告标题含表中单位名称“{u}”{year}")));
    }
    if let Some(u) = &form.unit {
        return Err(format!("报告标题不含表中单位名称“{u}”"));
    }
    if let Some(d) = names(&title, &form.department) {
        return Ok((
            Strength::Department,
            format!("报告标题含表中主管部门“{d}”{year}"),
        ));
    }
    Err(match &form.department {
        Some(d) => format!("报告标题不含表中主管部门“{d}”"),
        None => "表中没有项目名称、单位名称或主管部门".into(),
    })
}

/// For each form, the reports it pairs with: those its names matched most
/// specifically (a report naming the project wins over one naming only
/// its department). Returns, per report, its forms (index, why).
pub fn pair_all(reports: &[&Document], forms: &[FormKey]) -> Vec<Vec<(usize, String)>> {
    let mut out = vec![Vec::new(); reports.len()];
    for (fi, key) in forms.iter().enumerate() {
        let hits: Vec<(usize, Strength, String)> = reports
            .iter()
            .enumerate()
            .filter_map(|(ri, r)| pair(r, key).ok().map(|(s, why)| (ri, s, why)))
            .collect();
        let Some(best) = hits.iter().map(|h| h.1).max() else {
            continue;
        };
        for (ri, s, why) in hits {
            if s == best {
                out[ri].push((fi, why));
            }
        }
    }
    out
}

/// What `reportlint facts` says about pairing: whether the document is a
/// form, and for each form (or, for a form, each report) of its directory
/// whether the two pair, and why or why not.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Listing {
    pub is_form: bool,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub file: String,
    pub paired: bool,
    pub why: String,
}

/// The pairing of `doc` with the other documents of its directory.
pub fn listing(doc: &Document, others: &[&Document]) -> Listing {
    let is_form = is_form(doc);
    let (forms, reports): (Vec<&Document>, Vec<&Document>) =
        others.iter().copied().partition(|d| self::is_form(d));
    let mut entries = Vec::new();
    if is_form {
        let key = form_key(doc);
        let pairs = pair_all(&reports, std::slice::from_ref(&key));
        for (r, found) in reports.iter().zip(&pairs) {
            let (paired, why) = match (found.first(), pair(r, &key)) {
                (Some((_, why)), _) => (true, why.clone()),
                (None, Err(why)) => (false, why),
                (None, Ok(_)) => (false, "另一份报告的标题写得更具体（写明了项目名称）".into()),
            };
            entries.push(Entry {
                file: r.path.clone(),
                paired,
                why,
            });
        }
    } else {
        let keys: Vec<FormKey> = forms.iter().map(|f| form_key(f)).collect();
        let mut all = vec![doc];
        all.extend(reports.iter().copied());
        let pairs = pair_all(&all, &keys);
        for (fi, f) in forms.iter().enumerate() {
            let (paired, why) = match (
                pairs[0].iter().find(|(i, _)| *i == fi),
                pair(doc, &keys[fi]),
            ) {
                (Some((_, why)), _) => (true, why.clone()),
                (None, Err(why)) => (false, why),
                (None, Ok(_)) => (false, "另一份报告的标题写得更具体（写明了项目名称）".into()),
            };
            entries.push(Entry {
                file: f.path.clone(),
                paired,
                why,
            });
        }
    }
    Listing { is_form, entries }
}

/// The texts and tables of the paired forms that findings' labels point
/// into, for the renderers (a report's `extra_sources` and `tables`: the
/// form's cell is named and its row drawn).
pub fn form_sources(
    doc: &Document,
    found: &[crate::diagnostic::Diagnostic],
    extra: &mut Vec<(String, std::sync::Arc<str>)>,
    tables: &mut Vec<(String, std::sync::Arc<[crate::table::Table]>)>,
) {
    for file in found
        .iter()
        .flat_map(|d| &d.labels)
        .filter_map(|l| l.file.as_ref())
    {
        if extra.iter().any(|(n, _)| n == file) {
            continue;
        }
        if let Some(c) = doc.companions.iter().find(|c| c.doc.path == *file) {
            extra.push((file.clone(), std::sync::Arc::from(c.doc.text.as_str())));
            if !c.doc.tables.is_empty() {
                tables.push((file.clone(), std::sync::Arc::from(c.doc.tables.as_slice())));
            }
        }
    }
}

#[cfg(test)]
mod tests;
