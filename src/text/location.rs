//! Where a stretch of extracted text came from in a structured input
//! (a .docx paragraph or table cell): the origin map loaders build and
//! renderers and annotate read.

/// Where a stretch of extracted text sits in a structured document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Byte range in the extracted text.
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    /// 1-based paragraph number in the document body (table cells count).
    pub paragraph: usize,
    /// 1-based table, row and cell, when inside a table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<usize>,
    /// 0-based index of the run (`w:r`) in the document, for text that
    /// comes from a run; `None` for rendered numbering and separators.
    #[serde(skip)]
    pub run: Option<usize>,
}

impl Location {
    /// Where this is, for a person: `Word 第 12 段（表 1 第 3 行第 2 列）`.
    pub fn describe(&self) -> String {
        let mut s = format!("Word 第 {} 段", self.paragraph);
        if let (Some(t), Some(r), Some(c)) = (self.table, self.row, self.cell) {
            s.push_str(&format!("（表 {t} 第 {r} 行第 {c} 列）"));
        }
        s
    }
}

/// The location containing byte `offset`, if any; an offset right at the
/// end of a stretch (an empty span after a paragraph's last character)
/// belongs to that stretch.
pub fn location_at(locations: &[Location], offset: usize) -> Option<&Location> {
    let i = locations.partition_point(|l| l.end <= offset);
    locations.get(i).filter(|l| l.start <= offset).or_else(|| {
        i.checked_sub(1)
            .and_then(|j| locations.get(j))
            .filter(|l| l.end == offset)
    })
}
