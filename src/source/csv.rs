//! Reading CSV files: one table, each record a row (UTF-8 or GBK, as text
//! reports are decoded). Cells that hold a number as written (`43.20`,
//! `86%`) are read as numbers with their decimals.

use super::{decode, normalize_newlines, LoadError, Source};
use crate::table::grid::{self, Sheet};

/// Loads a CSV file as a [`Source`] whose table is its records.
pub fn load_csv(name: String, bytes: &[u8]) -> Result<Source, LoadError> {
    let (text, encoding) = decode(bytes)?;
    let text = normalize_newlines(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(LoadError::Docx(format!("CSV 文件格式有误：{e}"))),
        }
        // The reader skips blank lines (and reports a record's position
        // before them): count back from where the record ends, so that a
        // cell's row (C4) is the file's line.
        let breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        let pos = reader.position();
        // Past a line end, the position's line is the next line's.
        let past_newline = text.as_bytes()[..pos.byte() as usize].ends_with(b"\n");
        let end = (pos.line() as usize).saturating_sub(usize::from(past_newline));
        let first = end.saturating_sub(breaks).max(1);
        while rows.len() + 1 < first {
            rows.push(Vec::new());
        }
        rows.push(record.iter().map(grid::text_cell).collect());
    }
    let stem = std::path::Path::new(&name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("CSV")
        .to_string();
    let sheet = Sheet {
        name: stem,
        origin: (0, 0),
        rows,
    };
    let (text, tables) = grid::render(&[sheet], "csv");
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(Source {
        name,
        text,
        encoding,
        locations: Vec::new(),
        comments: Vec::new(),
        tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(csv: &str) -> Vec<String> {
        let src = load_csv("t.csv".into(), csv.as_bytes()).expect("loads");
        src.tables[0]
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.location.clone()))
            .collect()
    }

    #[test]
    fn cells_keep_their_file_rows_across_blank_lines_and_quoted_breaks() {
        assert_eq!(
            places("a,b\n\n\n\"x\ny\",3\n\nz,4\n"),
            ["t!A1", "t!B1", "t!A4", "t!B4", "t!A7", "t!B7"]
        );
        // No line end after the last record.
        assert_eq!(places("a,b\n\nz,4"), ["t!A1", "t!B1", "t!A3", "t!B3"]);
    }
}
