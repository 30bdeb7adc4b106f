//! The document model: title, heading tree, paragraphs and numeric facts.

pub mod chrome;
pub mod debris;
pub mod fact;
pub mod heading;
mod title;

use serde::Serialize;

pub use crate::text::{LineIndex, Span};
pub use fact::{Fact, FactKind};
use heading::parse_marker;

/// One heading and the text it governs.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub level: u8,
    /// The marker as written (`一、`, `（一）`, `４、` …).
    pub marker: String,
    /// Marker style with the number abstracted (`N.`, `Ｎ、`, `（N）` …).
    pub style: String,
    pub number: u32,
    /// The heading's title, without marker and trailing punctuation.
    pub title: String,
    /// The whole heading line (marker and title), trimmed.
    pub heading: Span,
    pub marker_span: Span,
    pub title_span: Span,
    /// From the end of the heading line to the next heading of the same
    /// or a higher level.
    pub body: Span,
    pub line: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// A paragraph: one or more source lines read as one run of text.
///
/// Text pulled from PDF arrives hard-wrapped; the lines of one paragraph
/// are joined into `logical` so that a label and its number on two lines
/// still meet. `map` leads every byte of `logical` back to the source.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub span: Span,
    pub logical: String,
    /// (logical offset, source offset) at the start of each joined piece.
    pub map: Vec<(usize, usize)>,
    pub section: Option<usize>,
    /// The paragraph is the text of a heading line after its marker.
    pub in_heading: bool,
}

impl Paragraph {
    /// Source byte offset of a logical byte offset.
    pub fn to_source(&self, off: usize) -> usize {
        let i = match self.map.binary_search_by(|(l, _)| l.cmp(&off)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (l, s) = self.map[i];
        s + (off - l)
    }

    /// Source span of a logical range.
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let s = self.to_source(start);
            return Span::new(s, s);
        }
        Span::new(self.to_source(start), self.to_source(end - 1) + 1)
    }
}

/// A parsed report.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub text: String,
    pub lines: LineIndex,
    pub title: String,
    pub title_span: Span,
    pub year: Option<i32>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub facts: Vec<Fact>,
    /// The document family (profile) detected or configured.
    pub profile: Option<String>,
    /// Why that profile applies.
    pub profile_reason: String,
    /// A form (a spreadsheet, or a document that is mostly a form's table),
    /// not a report: report-structure rules leave it alone.
    pub is_form: bool,
    /// Whether paragraphs were joined across hard line breaks.
    pub hard_wrapped: bool,
    /// Origin of each stretch of text in a structured input (.docx).
    pub locations: Vec<crate::text::location::Location>,
    /// Conversion debris masked out of `text` (HTML entities, footnote and
    /// bookmark marks, U+FFFD, zero-width characters), in order.
    pub debris: Vec<debris::Debris>,
    /// What each line is: report text, contents (目录) or web-page chrome.
    pub line_kinds: Vec<chrome::LineKind>,
    /// Tables: read from the text's rows, or cell by cell from a spreadsheet.
    pub tables: Vec<crate::table::Table>,
    /// Forms from other files of the run paired with this report
    /// ([`crate::pairing`]); rules read them as evidence.
    pub companions: Vec<Companion>,
}

/// A form paired with a report: its file's name in the run, the form
/// parsed (shared, never copied per rule), and why the two pair.
#[derive(Debug, Clone)]
pub struct Companion {
    pub name: String,
    pub doc: std::sync::Arc<Document>,
    pub why: String,
}

const WS: &[char] = &[' ', '\t', '\u{3000}', '\u{a0}', '\u{feff}'];

/// Characters that end a line of prose (so the next line starts anew even
/// in hard-wrapped text).
fn ends_sentence(line: &str) -> bool {
    matches!(
        line.trim_end_matches(WS).chars().last(),
        Some('。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '”' | '」')
    )
}

/// Strips Markdown heading hashes and emphasis around a line's start.
fn strip_markup(line: &str) -> (usize, &str) {
    let trimmed = line.trim_start_matches(WS);
    let mut off = line.len() - trimmed.len();
    let mut rest = trimmed;
    if rest.starts_with('#') {
        let no_hash = rest.trim_start_matches('#');
        let no_ws = no_hash.trim_start_matches(WS);
        off += rest.len() - no_ws.len();
        rest = no_ws;
    }
    if let Some(r) = rest.strip_prefix("**") {
        off += 2;
        rest = r;
    }
    (off, rest)
}

fn is_table_row(line: &str) -> bool {
    let t = line.trim_matches(WS);
    (t.starts_with('|') && t.len() > 1)
        || line.matches('\t').count() >= 2
        // Cells flattened with " | " (1.因公出国(境)费用 | 0 | 0 |).
        || line.matches(" | ").count() >= 2
        // A cell that closes its row (项目实施内容及过程概述 |).
        || (t.ends_with('|') && t.len() > 1)
        // Cells flattened in other ways the table reader knows.
        || crate::table::text::is_pipe_row(line)
}

/// Builds a document's structure from decoded text: title, year, sections,
/// paragraphs and tables. Its figures are read by [`crate::facts::extract`];
/// [`crate::parse`] does both.
pub fn build(path: &str, mut text: String) -> Document {
    let debris = debris::mask(&mut text);
    let lines = LineIndex::new(&text);
    let mut raw_lines: Vec<(usize, &str)> = Vec::with_capacity(lines.len());
    for i in 0..lines.len() {
        let start = lines.line_start(i);
        let end = if i + 1 < lines.len() {
            lines.line_start(i + 1) - 1
        } else {
            text.len()
        };
        raw_lines.push((start, &text[start..end]));
    }

    // Contents and web-page chrome are read as nothing.
    let line_kinds = {
        let plain: Vec<&str> = raw_lines.iter().map(|(_, l)| *l).collect();
        chrome::classify(&plain)
    };
    let is_text = |i: usize| line_kinds[i] == chrome::LineKind::Text;

    // Headings.
    let mut heading_of_line: Vec<Option<heading::Marker>> = vec![None; raw_lines.len()];
    for (i, (_, line)) in raw_lines.iter().enumerate() {
        if is_table_row(line) || !is_text(i) {
            continue;
        }
        let (_, rest) = strip_markup(line);
        heading_of_line[i] = parse_marker(rest);
    }

    // A table flattened one cell a line: a row label with a marker (一、一般
    // 公共预算财政拨款收入) followed by nothing but figures up to the next
    // marker is a cell, not a heading.
    let numeric = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || ".,-%．，－".contains(c) || WS.contains(&c))
    };
    for i in 0..raw_lines.len() {
        if heading_of_line[i].is_none() {
            continue;
        }
        let mut figures = 0;
        let mut prose = false;
        for (j, (_, l)) in raw_lines.iter().enumerate().skip(i + 1) {
            if heading_of_line[j].is_some() {
                break;
            }
            let t = l.trim_matches(WS);
            if t.is_empty() {
                continue;
            }
            if numeric(t) {
                figures += 1;
            } else {
                prose = true;
                break;
            }
        }
        if figures > 0 && !prose {
            heading_of_line[i] = None;
        }
    }

    // Hard-wrap detection: many prose lines that end without punctuation.
    let mut prose = 0usize;
    let mut open = 0usize;
    for (i, (_, line)) in raw_lines.iter().enumerate() {
        let t = line.trim_matches(WS);
        if heading_of_line[i].is_some()
            || t.chars().count() < 12
            || is_table_row(line)
            || !is_text(i)
        {
            continue;
        }
        prose += 1;
        if !ends_sentence(t) {
            open += 1;
        }
    }
    let hard_wrapped = prose >= 5 && open * 10 >= prose * 4;

    // Title: the lines before the first heading that name the report.
    let first_heading = heading_of_line
        .iter()
        .position(|h| h.is_some())
        .unwrap_or(raw_lines.len());
    let found = title::find(&raw_lines[..first_heading], &line_kinds);
    let (title, title_span) = match &found {
        Some(t) => (t.text.clone(), t.span),
        None => (String::new(), Span::default()),
    };
    let title_lines = usize::from(found.is_some());
    let year =
        crate::text::number::year_in(&title).or_else(|| title::body_year(&raw_lines, &line_kinds));

    // Sections.
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, (start, line)) in raw_lines.iter().enumerate() {
        let Some(marker) = heading_of_line[i].clone() else {
            continue;
        };
        let (off, rest) = strip_markup(line);
        let after = &rest[marker.len..];
        let lead = after.len() - after.trim_start_matches(WS).len();
        let title_text = after.trim_start_matches(WS);
        let title_len = heading_title_len(title_text);
        let title = close_gaps(
            title_text[..title_len]
                .trim_end_matches(WS)
                .trim_end_matches("**"),
        );
        let title_start = start + off + marker.len + lead;
        let heading_end = start + off + rest.trim_end_matches(WS).len();
        while let Some(&top) = stack.last() {
            if sections[top].level >= marker.level {
                stack.pop();
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        let idx = sections.len();
        if let Some(p) = parent {
            sections[p].children.push(idx);
        }
        sections.push(Section {
            level: marker.level,
            marker: marker.text.clone(),
            style: marker.style.clone(),
            number: marker.number,
            title,
            heading: Span::new(start + off, heading_end),
            marker_span: Span::new(start + off, start + off + marker.len),
            title_span: Span::new(title_start, title_start + title_len),
            body: Span::new((start + line.len() + 1).min(text.len()), text.len()),
            line: i + 1,
            parent,
            children: Vec::new(),
        });
        stack.push(idx);
    }
    // Close each body at the next heading of the same or a higher level
    // (one pass with a stack of open sections).
    let mut open: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let level = sections[i].level;
        let end = lines.line_start(sections[i].line - 1);
        while let Some(&top) = open.last() {
            if sections[top].level < level {
                break;
            }
            sections[top].body.end = end.max(sections[top].body.start);
            open.pop();
        }
        open.push(i);
    }

    // Paragraphs.
    let section_at_line = |line0: usize| -> Option<usize> {
        sections
            .partition_point(|s| s.line - 1 <= line0)
            .checked_sub(1)
    };
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut prev_open = false;
    for (i, (start, line)) in raw_lines.iter().enumerate() {
        let content_off = line.len() - line.trim_start_matches(WS).len();
        let content = line.trim_matches(WS);
        if i < first_heading && title_lines > 0 && *start < title_span.end {
            continue;
        }
        if content.is_empty() || !is_text(i) {
            if let Some(p) = current.take() {
                paragraphs.push(p);
            }
            prev_open = false;
            continue;
        }
        if let Some(marker) = &heading_of_line[i] {
            if let Some(p) = current.take() {
                paragraphs.push(p);
            }
            let (off, rest) = strip_markup(line);
            let body = rest[marker.len..].trim_start_matches(WS);
            let body_start = start + off + (rest.len() - body.len());
            let body = body.trim_end_matches(WS);
            current = Some(Paragraph {
                span: Span::new(body_start, body_start + body.len()),
                logical: body.to_string(),
                map: vec![(0, body_start)],
                section: section_at_line(i),
                in_heading: true,
            });
            prev_open = hard_wrapped && !ends_sentence(body) && body.chars().count() >= 20;
            continue;
        }
        let src_start = start + content_off;
        let table = is_table_row(line);
        match current.as_mut() {
            Some(p) if prev_open && !table => {
                p.map.push((p.logical.len(), src_start));
                p.logical.push_str(content);
                p.span.end = src_start + content.len();
            }
            _ => {
                if let Some(p) = current.take() {
                    paragraphs.push(p);
                }
                current = Some(Paragraph {
                    span: Span::new(src_start, src_start + content.len()),
                    logical: content.to_string(),
                    map: vec![(0, src_start)],
                    section: section_at_line(i),
                    in_heading: false,
                });
            }
        }
        prev_open = hard_wrapped && !table && !ends_sentence(content);
    }
    if let Some(p) = current.take() {
        paragraphs.push(p);
    }

    let mut doc = Document {
        path: path.to_string(),
        text,
        lines,
        title,
        title_span,
        year,
        sections,
        paragraphs,
        facts: Vec::new(),
        profile: None,
        profile_reason: String::new(),
        is_form: false,
        hard_wrapped,
        locations: Vec::new(),
        debris,
        line_kinds,
        tables: Vec::new(),
        companions: Vec::new(),
    };
    doc.tables = crate::table::text::read(&doc.text);
    doc
}

/// A title without the spaces that split its Chinese words: masked debris
/// (基本\u{200b}情况 → 基本   情况) and PDF spacing (绩效 评价) leave them.
fn close_gaps(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut out = String::with_capacity(t.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = chars[..i].iter().rev().find(|c| **c != ' ');
            let next = chars[i + 1..].iter().find(|c| **c != ' ');
            if prev.is_some_and(|p| han(*p)) && next.is_some_and(|n| han(*n)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Byte length of a heading's title within the text after its marker: up
/// to the first 。 or ： that is followed by more text, or the whole line.
fn heading_title_len(after: &str) -> usize {
    for (i, c) in after.char_indices() {
        if matches!(c, '。' | '：' | ':' | '；') {
            return i;
        }
    }
    after.trim_end_matches(WS).len()
}

impl Document {
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Innermost section containing a byte offset.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        // The last heading at or before `offset`, then up its parents to the
        // first whose body still runs past `offset`.
        let n = self.sections.partition_point(|s| s.heading.start <= offset);
        let mut cur = n.checked_sub(1);
        while let Some(i) = cur {
            let s = &self.sections[i];
            if offset < s.body.end.max(s.heading.end) {
                return Some(i);
            }
            cur = s.parent;
        }
        None
    }

    /// The text as it was read, debris included (for showing the report).
    pub fn unmasked_text(&self) -> std::borrow::Cow<'_, str> {
        if self.debris.is_empty() {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for d in &self.debris {
            out.push_str(self.text.get(at..d.span.start).unwrap_or(""));
            out.push_str(&d.text);
            at = d.span.end;
        }
        out.push_str(self.text.get(at..).unwrap_or(""));
        std::borrow::Cow::Owned(out)
    }

    /// Whether the text breaks off: its last line is a heading with nothing
    /// after it, ends inside an open bracket, or is a longer line that stops
    /// without closing punctuation and is no signature or date. A page copy
    /// or an excerpt ends so; a whole report ends with a full stop, a
    /// signature or a date.
    pub fn ends_cut_off(&self) -> bool {
        let Some(last) = self
            .text
            .lines()
            .rev()
            .map(|l| l.trim_matches(WS))
            .find(|l| !l.is_empty())
        else {
            return false;
        };
        if is_table_row(last) || last.ends_with('|') {
            return false;
        }
        let Some(end) = last.chars().last() else {
            return false;
        };
        if "。！？!?”’）)】》".contains(end) {
            return false;
        }
        if parse_marker(strip_markup(last).1).is_some() {
            // A bare outline (headings only) is not an excerpt of prose.
            return self.paragraphs.iter().any(|p| !p.in_heading);
        }
        if "、，,（(：:“".contains(end) {
            return true;
        }
        // 某某局 / 2022年3月15日 under the text: a signature.
        let signature = last.chars().count() <= 30
            && (end == '日'
                || [
                    "局",
                    "委",
                    "院",
                    "所",
                    "站",
                    "中心",
                    "政府",
                    "办公室",
                    "公司",
                    "学校",
                    "馆",
                    "会",
                ]
                .iter()
                .any(|w| last.ends_with(w)));
        !signature && last.chars().count() > 12
    }

    /// Titles from the top-level section down to `idx`.
    pub fn section_path(&self, idx: usize) -> Vec<usize> {
        let mut path = vec![idx];
        let mut cur = idx;
        while let Some(p) = self.sections[cur].parent {
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }
}

#[cfg(test)]
mod tests;
