#![allow(dead_code)]
//! Builds .docx files from the project's plain-text reports, the way Word
//! would store them: one paragraph per line, runs split mid-line, tab rows
//! as Word tables, heading numbers as automatic numbering, tracked changes.

use std::io::{Cursor, Write};

use reportlint::document::heading::parse_marker;
use reportlint::source::numbering::format_number;
use zip::write::SimpleFileOptions;

/// How the text is laid out in Word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Markers typed as text; lines split into several runs.
    Literal,
    /// Heading markers from numbering.xml (level 1 through a heading style).
    AutoNumbered,
    /// Lines with two or more tabs become Word table rows.
    Tables,
    /// Saved with tracked changes: insertions, deletions, a field, a
    /// deleted paragraph mark.
    Tracked,
}

/// Options beyond the layout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// Adds one existing reviewer comment on the first paragraph.
    pub existing_comment: bool,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Runs of a line: `<w:t>` pieces, tabs as `<w:tab/>`, split every few
/// characters, every other run bold.
fn runs(text: &str, chunk: usize) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, part) in chars.chunks(chunk.max(1)).enumerate() {
        let s: String = part.iter().collect();
        out.push_str("<w:r>");
        if i % 2 == 1 {
            out.push_str("<w:rPr><w:b/></w:rPr>");
        }
        for (j, seg) in s.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !seg.is_empty() {
                out.push_str(&format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(seg)));
            }
        }
        out.push_str("</w:r>");
    }
    out
}

fn para(inner: &str, ppr: &str) -> String {
    if inner.is_empty() && ppr.is_empty() {
        return "<w:p/>".into();
    }
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    format!("<w:p>{ppr}{inner}</w:p>")
}

fn is_row(line: &str) -> bool {
    line.matches('\t').count() >= 2
}

/// The marker as a list level: (numFmt, lvlText for level `ilvl`).
fn list_level(marker: &str, number: u32, ilvl: usize) -> Option<(String, String)> {
    if marker.ends_with(char::is_whitespace) {
        return None;
    }
    let is_num = |c: char| {
        "〇一二三四五六七八九十百".contains(c) || c.is_ascii_digit() || ('０'..='９').contains(&c)
    };
    let start = marker.find(is_num)?;
    let len: usize = marker[start..]
        .chars()
        .take_while(|c| is_num(*c))
        .map(char::len_utf8)
        .sum();
    let numeral = &marker[start..start + len];
    let first = numeral.chars().next()?;
    let fmt = if first.is_ascii_digit() {
        "decimal"
    } else if ('０'..='９').contains(&first) {
        "decimalFullWidth"
    } else if ilvl == 0 {
        "chineseCountingThousand"
    } else {
        "chineseCounting"
    };
    if format_number(number as i64, fmt) != numeral {
        return None;
    }
    let text = format!(
        "{}%{}{}",
        &marker[..start],
        ilvl + 1,
        &marker[start + len..]
    );
    Some((fmt.to_string(), text))
}

struct Lists {
    /// Per level: (style, numFmt, lvlText) of the list level, once chosen.
    levels: Vec<Option<(String, String, String)>>,
    counters: [Option<i64>; 9],
    /// Extra list instances: (numId, level, start).
    restarts: Vec<(usize, usize, i64)>,
}

impl Lists {
    /// The numbering for a heading, if Word would render exactly its marker.
    fn number(&mut self, style: &str, fmt: &str, text: &str, ilvl: usize, n: i64) -> Option<usize> {
        match &self.levels[ilvl] {
            None => self.levels[ilvl] = Some((style.into(), fmt.into(), text.into())),
            Some((s, f, t)) if s == style && f == fmt && t == text => {}
            Some(_) => return None,
        }
        let predicted = self.counters[ilvl].map_or(1, |c| c + 1);
        let num = if predicted == n {
            1
        } else {
            let id = 2 + self.restarts.len();
            self.restarts.push((id, ilvl, n));
            id
        };
        self.counters[ilvl] = Some(n);
        for c in self.counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        Some(num)
    }

    fn xml(&self) -> String {
        let mut s = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="multilevel"/>"#,
        );
        for (i, l) in self.levels.iter().enumerate() {
            let (fmt, text) = l
                .as_ref()
                .map(|(_, f, t)| (f.clone(), t.clone()))
                .unwrap_or_else(|| ("decimal".into(), format!("%{}.", i + 1)));
            let pstyle = if i == 0 {
                r#"<w:pStyle w:val="ReportHeading1"/>"#
            } else {
                ""
            };
            s.push_str(&format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>"#
            ));
        }
        s.push_str(r#"</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>"#);
        for (id, lvl, start) in &self.restarts {
            s.push_str(&format!(
                r#"<w:num w:numId="{id}"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>"#
            ));
        }
        s.push_str("</w:numbering>");
        s
    }
}

/// document.xml body for `text` in `layout`; numbering.xml when used.
fn body(text: &str, layout: Layout) -> (String, Option<String>) {
    let mut out = String::new();
    let mut lists = Lists {
        levels: vec![None; 9],
        counters: [None; 9],
        restarts: Vec::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if layout == Layout::Tables && is_row(line) {
            out.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>"#);
            let start = i;
            while i < lines.len() && is_row(lines[i]) {
                i += 1;
            }
            let grid: Vec<Vec<&str>> = lines[start..i]
                .iter()
                .map(|l| l.split('\t').collect())
                .collect();
            for (r, cells) in grid.iter().enumerate() {
                out.push_str("<w:tr>");
                out.push_str(&table_row(&grid, r, cells));
                out.push_str("</w:tr>");
            }
            out.push_str("</w:tbl>");
            continue;
        }
        i += 1;
        if line.is_empty() {
            out.push_str("<w:p/>");
            continue;
        }
        match layout {
            Layout::AutoNumbered => {
                let auto = parse_marker(line).filter(|_| !line.starts_with(char::is_whitespace));
                let numbered = auto.and_then(|m| {
                    let ilvl = m.level as usize - 1;
                    let (fmt, lvl_text) = list_level(&m.text, m.number, ilvl)?;
                    let num = lists.number(&m.style, &fmt, &lvl_text, ilvl, m.number as i64)?;
                    Some((num, ilvl, m.len))
                });
                match numbered {
                    Some((1, 0, len)) => out.push_str(&para(
                        &runs(&line[len..], 12),
                        r#"<w:pStyle w:val="ReportHeading1"/>"#,
                    )),
                    Some((num, ilvl, len)) => out.push_str(&para(
                        &runs(&line[len..], 12),
                        &format!(
                            r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#
                        ),
                    )),
                    None => out.push_str(&para(&runs(line, 12), "")),
                }
            }
            Layout::Tracked => out.push_str(&tracked(line, i)),
            Layout::Literal | Layout::Tables => out.push_str(&para(&runs(line, 7), "")),
        }
    }
    let numbering = (layout == Layout::AutoNumbered).then(|| lists.xml());
    (out, numbering)
}

/// The cells of one table row. A cell written `<<` is merged into the
/// cell on its left (`w:gridSpan`); `^^` continues the cell above
/// (`w:vMerge`), whose first cell gets `w:vMerge w:val="restart"`.
fn table_row(grid: &[Vec<&str>], r: usize, cells: &[&str]) -> String {
    let mut out = String::new();
    let mut c = 0;
    while c < cells.len() {
        let mut span = 1;
        while cells.get(c + span) == Some(&"<<") {
            span += 1;
        }
        let mut pr = String::from("<w:tcW w:w=\"1800\" w:type=\"dxa\"/>");
        if span > 1 {
            pr.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
        }
        let below = grid.get(r + 1).and_then(|row| row.get(c)) == Some(&"^^");
        if cells[c] == "^^" {
            pr.push_str("<w:vMerge/>");
            out.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr><w:p/></w:tc>"));
        } else {
            if below {
                pr.push_str("<w:vMerge w:val=\"restart\"/>");
            }
            out.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>"));
            out.push_str(&para(&runs(cells[c], 40), ""));
            out.push_str("</w:tc>");
        }
        c += span;
    }
    out
}

/// A line as saved with tracked changes: an insertion, a deletion, every
/// third line a field whose result is part of the text, every fifth a
/// paragraph split in two by a deleted paragraph mark.
fn tracked(line: &str, n: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() < 6 || line.contains('\t') {
        return para(&runs(line, 9), "");
    }
    let third = chars.len() / 3;
    let a: String = chars[..third].iter().collect();
    let b: String = chars[third..2 * third].iter().collect();
    let c: String = chars[2 * third..].iter().collect();
    let del = format!(
        r#"<w:del w:id="{}" w:author="张三" w:date="2021-03-01T10:00:00Z"><w:r><w:delText>删除的文字999.99万元</w:delText></w:r></w:del>"#,
        1000 + n
    );
    if n.is_multiple_of(5) {
        let first = para(
            &format!("{}{del}", runs(&a, 50)),
            &format!(
                r#"<w:rPr><w:del w:id="{}" w:author="张三" w:date="2021-03-01T10:00:00Z"/></w:rPr>"#,
                2000 + n
            ),
        );
        let second = para(&runs(&format!("{b}{c}"), 50), "");
        return format!("{first}{second}");
    }
    let middle = if n.is_multiple_of(3) {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc52{n} \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            runs(&b, 50)
        )
    } else {
        format!(
            r#"<w:ins w:id="{n}" w:author="李四" w:date="2021-03-02T09:00:00Z">{}</w:ins>"#,
            runs(&b, 50)
        )
    };
    para(
        &format!("{}{del}{middle}{}", runs(&a, 50), runs(&c, 50)),
        "",
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="ReportHeading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style></w:styles>"#;

/// A .docx holding `text` laid out as `layout`.
pub fn docx_from_text(text: &str, layout: Layout, extras: Extras) -> Vec<u8> {
    let (mut body, numbering) = body(text, layout);
    let mut comments = None;
    if extras.existing_comment {
        // Anchor a reviewer's comment around the first paragraph.
        if let Some(end) = body.find("</w:p>") {
            body.insert_str(
                end,
                r#"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
            );
            let start = body.find('>').map_or(0, |i| i + 1);
            let start = if body.starts_with("<w:p>") { start } else { 0 };
            body.insert_str(start, r#"<w:commentRangeStart w:id="0"/>"#);
        }
        comments = Some(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="王审核" w:date="2021-04-01T08:00:00Z" w:initials="W"><w:p><w:r><w:t>标题请核对</w:t></w:r></w:p></w:comment></w:comments>"#,
        );
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    if numbering.is_some() {
        types.push_str(r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
    }
    if comments.is_some() {
        types.push_str(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#);
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", types),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
        ),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
        ("word/styles.xml", STYLES.into()),
    ];
    if let Some(n) = numbering {
        parts.push(("word/numbering.xml", n));
    }
    if let Some(c) = comments {
        parts.push(("word/comments.xml", c.into()));
    }
    zip_parts(
        &parts
            .iter()
            .map(|(n, s)| (*n, s.as_bytes()))
            .collect::<Vec<_>>(),
    )
}

/// A zip of the given entries, deflated.
pub fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// Entries of a zip, decompressed (for inspecting our own output).
pub fn read_entry(bytes: &[u8], name: &str) -> Option<String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut f = z.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}
