//! The texts codespan draws for one diagnostic: each file's text with its
//! table rows redrawn as cells ([`super::cells`]) and long lines windowed
//! ([`super::window`]), and the real line and column of the place the
//! snippet's `┌─` line names, whatever the drawing did to the columns.

use std::borrow::Cow;
use std::ops::Range;

use codespan_reporting::files::{Error, Files, Location};

use super::{cells, window};
use crate::document::LineIndex;
use crate::table::Table;

/// A file as it is, indexed once per report (its line starts serve every
/// diagnostic that does not redraw it).
pub struct Base<'a> {
    pub name: &'a str,
    pub text: &'a str,
    index: LineIndex,
    starts: Vec<usize>,
}

impl<'a> Base<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Base<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Base {
            name,
            text,
            index: LineIndex::new(text),
            starts,
        }
    }
}

/// One file as drawn for one diagnostic.
pub struct ViewFile<'a> {
    pub name: &'a str,
    pub text: Cow<'a, str>,
    line_starts: Cow<'a, [usize]>,
    /// What the `┌─` line names: the real place of the first span.
    pub locus: Location,
    /// Original offset → offset in `text`.
    rows: Option<cells::RowView>,
    windowed: Option<window::Windowed>,
    /// Original spans of the header cells drawn (as secondary labels).
    pub headers: Vec<(usize, usize)>,
}

impl<'a> ViewFile<'a> {
    /// Draws `base` for spans `spans` (original offsets, the first the one
    /// the `┌─` line names); `reserve` is the width label messages need
    /// after the text.
    pub fn new(
        base: &'a Base<'a>,
        tables: &[Table],
        spans: &[(usize, usize)],
        reserve: usize,
    ) -> ViewFile<'a> {
        let text = base.text;
        let rows = cells::row_view(text, tables, spans);
        let (drawn, headers) = match &rows {
            Some(r) => (r.text.as_str(), r.headers.clone()),
            None => (text, Vec::new()),
        };
        let map1 = |o: usize| rows.as_ref().map_or(o, |r| r.map(o));
        let mapped: Vec<(usize, usize)> = spans
            .iter()
            .chain(&headers)
            .map(|&(s, e)| (map1(s), map1(e)))
            .collect();
        let reserve = if headers.is_empty() {
            reserve
        } else {
            reserve.max(window::display_width(cells::HEADER) + 2)
        };
        let windowed = window::window(drawn, &mapped, reserve);
        let at = spans.first().map_or(0, |s| s.0).min(text.len());
        let (line_number, column_number) = base.index.line_col(text, at);
        let (out, line_starts): (Cow<'a, str>, Cow<'a, [usize]>) = match (&windowed, &rows) {
            (None, None) => (Cow::Borrowed(text), Cow::Borrowed(&base.starts)),
            _ => {
                let out = match &windowed {
                    Some(w) => w.text.clone(),
                    None => drawn.to_string(),
                };
                let starts = std::iter::once(0)
                    .chain(out.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                (Cow::Owned(out), Cow::Owned(starts))
            }
        };
        ViewFile {
            name: base.name,
            text: out,
            line_starts,
            locus: Location {
                line_number,
                column_number,
            },
            rows,
            windowed,
            headers,
        }
    }

    /// Where original offset `o` is in the drawn text.
    pub fn map(&self, o: usize) -> usize {
        let o = self.rows.as_ref().map_or(o, |r| r.map(o));
        self.windowed.as_ref().map_or(o, |w| w.map(o))
    }

    /// The drawn range of an original span.
    pub fn range(&self, s: usize, e: usize) -> Range<usize> {
        let (a, b) = (self.map(s), self.map(e));
        a..b.max(a)
    }
}

/// The files of one diagnostic, for codespan.
#[derive(Default)]
pub struct ViewFiles<'a> {
    pub files: Vec<ViewFile<'a>>,
}

impl<'a> ViewFiles<'a> {
    fn get(&self, id: usize) -> Result<&ViewFile<'a>, Error> {
        self.files.get(id).ok_or(Error::FileMissing)
    }
}

impl<'f, 'a> Files<'f> for ViewFiles<'a> {
    type FileId = usize;
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, id: usize) -> Result<&'f str, Error> {
        Ok(self.get(id)?.name)
    }

    fn source(&'f self, id: usize) -> Result<&'f str, Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'f self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let f = self.get(id)?;
        Ok(f.line_starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(&'f self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let f = self.get(id)?;
        let start = *f.line_starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: f.line_starts.len().saturating_sub(1),
        })?;
        let end = f
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(f.text.len());
        Ok(start..end)
    }

    /// The `┌─` line of a file names its first span's real place.
    fn location(&'f self, id: usize, _byte_index: usize) -> Result<Location, Error> {
        Ok(self.get(id)?.locus)
    }
}
