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
    for record in reader.records() {
        let record = record.map_err(|e| LoadError::Docx(format!("CSV 文件格式有误：{e}")))?;
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
