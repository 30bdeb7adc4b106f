//! Byte spans into a report's text.

use serde::Serialize;

/// A half-open byte range `start..end` into the report text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The sub-span of `len_chars` characters starting `start_char`
    /// characters into this span of `text`. This is the one place where
    /// character counts (what Rhai scripts see) become byte offsets.
    pub fn sub(&self, text: &str, start_char: usize, len_chars: usize) -> Span {
        let slice = text.get(self.start..self.end).unwrap_or("");
        let mut indices = slice.char_indices().map(|(i, _)| i).chain([slice.len()]);
        let s = indices.nth(start_char).unwrap_or(slice.len());
        let e = if len_chars == 0 {
            s
        } else {
            indices.nth(len_chars - 1).unwrap_or(slice.len())
        };
        Span::new(self.start + s, self.start + e)
    }
}

/// Line starts of a text, for byte offset ↔ line/column conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line0(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line0(offset) + 1
    }

    /// 1-based line and 1-based column in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let l = self.line0(offset);
        let start = self.starts[l];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (l + 1, col + 1)
    }

    pub fn line_start(&self, line0: usize) -> usize {
        self.starts[line0.min(self.starts.len() - 1)]
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_counts_characters_not_bytes() {
        let text = "总计741.2万";
        let whole = Span::new(0, text.len());
        let s = whole.sub(text, 2, 5);
        assert_eq!(&text[s.start..s.end], "741.2");
    }

    #[test]
    fn line_col_counts_scalar_values() {
        let text = "一、基本情况\n收入622万元";
        let idx = LineIndex::new(text);
        let off = text.find("622").unwrap();
        assert_eq!(idx.line_col(text, off), (2, 3));
    }
}
