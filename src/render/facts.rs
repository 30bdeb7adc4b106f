//! `reportlint facts`: the document model, for rule authors.

use serde::Serialize;

use crate::document::Document;
use crate::facts::{Fact, FactKind};

fn kind_zh(k: FactKind) -> &'static str {
    match k {
        FactKind::Amount => "金额",
        FactKind::Percent => "比例",
        FactKind::Count => "计数",
        FactKind::Score => "分数",
        FactKind::Year => "年份",
        FactKind::Change => "变动",
    }
}

/// Display width of a string in terminal columns (CJK = 2).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !('\u{ff61}'..='\u{ff9f}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

fn describe(doc: &Document, i: usize, f: &Fact) -> String {
    let mut extra = Vec::new();
    if f.kind == FactKind::Amount {
        let role = crate::reading::role_of(doc, i);
        if role != crate::reading::Role::ThisYear {
            extra.push(format!("角色：{}", role.as_str()));
        }
    }
    if f.decimals > 0 {
        extra.push(format!("{}位小数", f.decimals));
    }
    if f.approx {
        extra.push("约数".into());
    }
    if let Some(s) = f.share {
        extra.push(format!("占比 {}", doc.facts[s].text.trim()));
    }
    if let Some(w) = &f.whole {
        extra.push(format!("整体：{w}"));
    }
    if f.kind == FactKind::Change {
        if !f.direction_word.is_empty() {
            extra.push(format!("方向：{}", f.direction_word));
        }
        if !f.base.is_empty() {
            let y = f
                .base_year
                .map(|y| format!("（{y}年）"))
                .unwrap_or_default();
            extra.push(format!("比较：{}{y}", f.base));
        }
        if let Some(s) = f.subject {
            extra.push(format!(
                "对象：{} {}",
                doc.facts[s].label, doc.facts[s].text
            ));
        }
    }
    if let Some(c) = &f.column {
        extra.push(format!("列：{c}"));
    }
    if f.mixed_width {
        extra.push("全角半角混用".into());
    }
    extra.join("，")
}

/// Human-readable listing.
pub fn render_human(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str(&format!("文件：{}\n", doc.path));
    let year = doc
        .year
        .map(|y| format!("（年度 {y}）"))
        .unwrap_or_else(|| "（未识别年度）".into());
    out.push_str(&format!(
        "标题：{}{year}\n",
        if doc.title.is_empty() {
            "（无）"
        } else {
            &doc.title
        }
    ));
    match &doc.profile {
        Some(p) => out.push_str(&format!("类型：{p}（{}）\n", doc.profile_reason)),
        None => out.push_str("类型：未识别（可在 reportlint.toml 中设置 profile）\n"),
    }
    if doc.hard_wrapped {
        out.push_str("排版：硬换行文本（段内各行已拼接后再抽取）\n");
    }
    out.push_str(&format!("\n章节（{} 个）：\n", doc.sections.len()));
    for s in &doc.sections {
        let indent = "  ".repeat(s.level as usize);
        out.push_str(&format!(
            "  {:>4}行 {indent}{}{}\n",
            s.line, s.marker, s.title
        ));
    }
    out.push_str(&format!("\n数字事实（{} 个）：\n", doc.facts.len()));
    for (i, f) in doc.facts.iter().enumerate() {
        let (line, col) = doc.lines.line_col(&doc.text, f.span.start);
        let label = if f.label.is_empty() { "—" } else { &f.label };
        let value = format!(
            "{}{}",
            f.value,
            if f.unit == "%" {
                "%".to_string()
            } else {
                f.unit.clone()
            }
        );
        out.push_str(&format!(
            "  {:>9}  {}  {}  {}  {}\n",
            format!("{line}:{col}"),
            kind_zh(f.kind),
            pad(label, 24),
            pad(&value, 14),
            describe(doc, i, f)
        ));
    }
    let statements = crate::reading::statements(doc);
    out.push_str(&format!(
        "\n陈述与读法（{} 条；每种读法都不一致时规则才报告）：\n",
        statements.len()
    ));
    for s in statements {
        out.push_str(&format!("  {s}\n"));
    }
    if !doc.tables.is_empty() {
        out.push_str(&super::tables::human(doc));
    }
    out
}

#[derive(Serialize)]
struct JsonSection<'a> {
    line: usize,
    level: u8,
    marker: &'a str,
    number: u32,
    title: &'a str,
    parent: Option<usize>,
}

#[derive(Serialize)]
struct JsonFact<'a> {
    kind: &'a str,
    line: usize,
    column: usize,
    text: &'a str,
    label: &'a str,
    value: String,
    unit: &'a str,
    decimals: u32,
    yuan: Option<String>,
    approx: bool,
    share: Option<String>,
    whole: Option<&'a str>,
    direction: i32,
    base_year: Option<i32>,
    subject: Option<usize>,
    column_header: Option<&'a str>,
    section: Option<usize>,
}

#[derive(Serialize)]
struct JsonFacts<'a> {
    file: &'a str,
    title: &'a str,
    year: Option<i32>,
    profile: Option<&'a str>,
    profile_reason: &'a str,
    hard_wrapped: bool,
    sections: Vec<JsonSection<'a>>,
    facts: Vec<JsonFact<'a>>,
    /// The statements the reading layer binds, with their candidate readings.
    statements: Vec<String>,
    tables: serde_json::Value,
    /// Forms (or reports) of the same directory, paired or not and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pairing: Option<&'a crate::pairing::Listing>,
}

/// JSON listing.
pub fn render_json(doc: &Document, pairing: Option<&crate::pairing::Listing>) -> String {
    let out = JsonFacts {
        file: &doc.path,
        title: &doc.title,
        year: doc.year,
        profile: doc.profile.as_deref(),
        profile_reason: &doc.profile_reason,
        hard_wrapped: doc.hard_wrapped,
        sections: doc
            .sections
            .iter()
            .map(|s| JsonSection {
                line: s.line,
                level: s.level,
                marker: &s.marker,
                number: s.number,
                title: &s.title,
                parent: s.parent,
            })
            .collect(),
        facts: doc
            .facts
            .iter()
            .map(|f| {
                let (line, column) = doc.lines.line_col(&doc.text, f.span.start);
                JsonFact {
                    kind: f.kind.as_str(),
                    line,
                    column,
                    text: &f.text,
                    label: &f.label,
                    value: f.value.to_string(),
                    unit: &f.unit,
                    decimals: f.decimals,
                    yuan: f.yuan.map(|y| y.normalize().to_string()),
                    approx: f.approx,
                    share: f.share.map(|s| doc.facts[s].value.to_string()),
                    whole: f.whole.as_deref(),
                    direction: f.direction,
                    base_year: f.base_year,
                    subject: f.subject,
                    column_header: f.column.as_deref(),
                    section: f.section,
                }
            })
            .collect(),
        statements: crate::reading::statements(doc),
        tables: super::tables::json(doc),
        pairing,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// The pairing section of the listing: which forms of the directory this
/// report is checked against (or which reports this form serves), and why.
pub fn render_pairing(p: &crate::pairing::Listing) -> String {
    let mut out = String::from("\n与同一目录中文件的配对：\n");
    if p.is_form {
        out.push_str("  本文件是表（自评表、基础数据表等），作为证据与标题写明其名称的报告核对\n");
    }
    if p.entries.is_empty() {
        out.push_str(if p.is_form {
            "  目录中没有其他报告\n"
        } else {
            "  目录中没有表（自评表、基础数据表等），报告只与本文件中的表核对\n"
        });
    }
    for e in &p.entries {
        let name = e.file.rsplit(['/', '\\']).next().unwrap_or(&e.file);
        let state = if e.paired { "已配对" } else { "未配对" };
        out.push_str(&format!("  {name}：{state}，{}\n", e.why));
    }
    if p.entries.iter().any(|e| e.paired) {
        out.push_str(
            "  （检查整个目录或同时给出报告和表时一并核对；只给出一个文件时不读取旁边的文件）\n",
        );
    }
    out
}
