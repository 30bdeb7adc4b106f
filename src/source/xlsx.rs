//! Reading spreadsheets (.xlsx, and .xls/.ods through the same reader):
//! every sheet becomes a table, and its rows lines of text (cells joined by
//! ` | `), so findings on a cell have a line like any report.
//!
//! A number is the shortest decimal that reads back as the stored value;
//! its decimals come from the cell's number format (.xlsx, and .xls
//! through its BIFF8 records), or from the text an .ods shows. A formula with
//! no cached value (a file written by a program and never recalculated) is
//! marked as such and shows its formula, never a 0.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Sheets, Xlsx, XlsxError};

use super::package::Package;

#[path = "ods.rs"]
mod ods;
#[path = "xls.rs"]
mod xls;
use super::{LoadError, Source};
use crate::table::grid::{self, GridCell, Sheet};

/// Why a workbook cannot be read, for a person.
fn reason(e: impl std::fmt::Display, password: bool) -> LoadError {
    if password {
        return LoadError::Docx(
            "工作簿已加密（设有打开密码），无法读取：请在 Excel/WPS 中取消密码后另存再检查".into(),
        );
    }
    LoadError::Docx(format!(
        "无法读取电子表格：文件可能已损坏、未下载完整或并非该格式（{e}）"
    ))
}

/// Loads a spreadsheet; `ext` is its lower-case extension.
pub fn load_spreadsheet(name: String, bytes: &[u8], ext: &str) -> Result<Source, LoadError> {
    guard_zip(bytes)?;
    let sheets = if ext == "xlsx" || ext == "xlsm" {
        read_xlsx(bytes)?
    } else {
        read_other(bytes, ext)?
    };
    let (text, tables) = grid::render(&sheets, "xlsx");
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(Source {
        name,
        text,
        encoding: "UTF-8",
        locations: Vec::new(),
        comments: Vec::new(),
        tables,
    })
}

/// A zip on standard input that is a workbook: `xlsx` (xl/workbook.xml)
/// or `ods` (content.xml with an OpenDocument spreadsheet mimetype).
pub fn zip_kind(bytes: &[u8]) -> Option<&'static str> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return Some("xlsx");
    }
    let ods = zip.index_for_name("content.xml").is_some()
        && bytes
            .windows(46)
            .take(200)
            .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
    ods.then_some("ods")
}

/// Refuses a zip (.xlsx, .ods) that holds too many entries or inflates past
/// the caps .docx files have (a zip bomb), before the reader inflates it.
/// Other faults are left to the reader, which names them for a spreadsheet.
fn guard_zip(bytes: &[u8]) -> Result<(), LoadError> {
    let capped = |e: &LoadError| e.to_string().contains("上限");
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let mut pkg = match Package::open(bytes) {
        Ok(p) => p,
        Err(e) if capped(&e) => return Err(e),
        Err(_) => return Ok(()),
    };
    let names: Vec<String> = pkg
        .zip
        .file_names()
        .filter_map(|n| n.ok().map(|s| s.into_owned()))
        .collect();
    for n in names {
        match pkg.read(&n) {
            Err(e) if capped(&e) => return Err(e),
            Ok(Some(xml)) if n.starts_with("xl/worksheets/") && n.ends_with(".xml") => {
                check_extent(&xml)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// The most cells a sheet's used rectangle may span: the reader lays a
/// sheet out densely, so a cell at XFD1048576 beside one at A1 would ask
/// for seventeen billion (a form is a few thousand).
const MAX_SHEET_AREA: u64 = 4_000_000;

/// Refuses a worksheet whose cells (with a value or a style) lie so far
/// apart that laying them out would exhaust memory.
fn check_extent(xml: &[u8]) -> Result<(), LoadError> {
    static CELL: std::sync::OnceLock<Option<regex::bytes::Regex>> = std::sync::OnceLock::new();
    let Some(re) = CELL.get_or_init(|| {
        regex::bytes::Regex::new(r#"<c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})""#).ok()
    }) else {
        return Ok(());
    };
    let mut lo = (u64::MAX, u64::MAX);
    let mut hi = (0u64, 0u64);
    for c in re.captures_iter(xml) {
        let col = c[1]
            .iter()
            .fold(0u64, |n, b| n * 26 + u64::from(b - b'A' + 1));
        let row = c[2].iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        lo = (lo.0.min(row), lo.1.min(col));
        hi = (hi.0.max(row), hi.1.max(col));
    }
    if lo.0 == u64::MAX {
        return Ok(());
    }
    let area = (hi.0 - lo.0 + 1) * (hi.1 - lo.1 + 1);
    if area > MAX_SHEET_AREA {
        return Err(LoadError::Docx(format!(
            "工作表中的单元格分布过广（{} 到 {}，约 {} 个单元格），不像一张表：请删除表格以外远处的单元格或格式后另存再检查",
            grid::a1(lo.0 as u32 - 1, lo.1 as u32 - 1),
            grid::a1(hi.0 as u32 - 1, hi.1 as u32 - 1),
            area
        )));
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, LoadError> {
    let mut wb: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsxError::Password) => return Err(reason("", true)),
        Err(e) => return Err(reason(e, false)),
    };
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| reason(e, false))?;
        let formulas = wb.worksheet_formula(&name).ok();
        let styles = wb.worksheet_style(&name).ok();
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let format = |pos: (u32, u32)| -> Option<String> {
            styles
                .as_ref()
                .and_then(|s| s.get(pos))
                .and_then(|s| s.number_format.as_ref())
                .map(|f| builtin_format(f.format_id, &f.format_code))
        };
        let merges: Vec<((u32, u32), (u32, u32))> =
            merges.iter().map(|d| (d.start, d.end)).collect();
        out.push(sheet(&name, &range, formulas.as_ref(), &merges, &format));
    }
    Ok(out)
}

/// A built-in format id whose code the file does not spell out.
fn builtin_format(id: Option<u32>, code: &str) -> String {
    if !code.is_empty() && code != "General" {
        return code.to_string();
    }
    match id {
        Some(1) => "0".into(),
        Some(2) => "0.00".into(),
        Some(3) => "#,##0".into(),
        Some(4) => "#,##0.00".into(),
        Some(9) => "0%".into(),
        Some(10) => "0.00%".into(),
        _ => code.to_string(),
    }
}

/// .xls and .ods through calamine's generic reader. Merged cells: calamine
/// gives those of an .xls; an .ods's are read from its content.xml
/// ([`ods`]), with the decimals each number is shown with. An .xls's
/// number formats are not exposed by calamine (0.38 reads styles for .xlsx
/// only): they are read from its BIFF8 records ([`xls`]). (Tested on
/// workbooks tests/xls_writer writes.)
fn read_other(bytes: &[u8], ext: &str) -> Result<Vec<Sheet>, LoadError> {
    let mut wb: Sheets<_> = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| {
            let pw = matches!(&e, calamine::Error::Xls(calamine::XlsError::Password))
                || e.to_string().to_lowercase().contains("password");
            reason(e, pw)
        })?;
    let ods_extra = if ext == "ods" || matches!(wb, Sheets::Ods(_)) {
        ods::read(bytes)
    } else {
        Default::default()
    };
    let xls_formats = if matches!(wb, Sheets::Xls(_)) {
        xls::formats(bytes)
    } else {
        Default::default()
    };
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| reason(e, false))?;
        let formulas = wb.worksheet_formula(&name).ok();
        let extra = ods_extra.get(&name);
        let merges: Vec<Merge> = match &wb {
            Sheets::Xls(x) => x
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .map(|d| (d.start, d.end))
                .collect(),
            _ => extra.map(|s| s.merges.clone()).unwrap_or_default(),
        };
        let codes = xls_formats.get(&name);
        let format = |pos: (u32, u32)| {
            extra
                .and_then(|s| s.formats.get(&pos))
                .or_else(|| codes.and_then(|c| c.get(&pos)))
                .cloned()
        };
        out.push(sheet(&name, &range, formulas.as_ref(), &merges, &format));
    }
    Ok(out)
}

type Merge = ((u32, u32), (u32, u32));

fn sheet(
    name: &str,
    range: &Range<Data>,
    formulas: Option<&Range<String>>,
    merges: &[Merge],
    format: &dyn Fn((u32, u32)) -> Option<String>,
) -> Sheet {
    // The used range: cells with values, formulas or merges.
    let mut start = range.start();
    let mut end = range.end();
    let widen = |s: &mut Option<(u32, u32)>, e: &mut Option<(u32, u32)>, a, b| {
        let (a, b): ((u32, u32), (u32, u32)) = (a, b);
        *s = Some(s.map_or(a, |s| (s.0.min(a.0), s.1.min(a.1))));
        *e = Some(e.map_or(b, |e| (e.0.max(b.0), e.1.max(b.1))));
    };
    if let (Some(fs), Some(fe)) = (
        formulas.and_then(|f| f.start()),
        formulas.and_then(|f| f.end()),
    ) {
        widen(&mut start, &mut end, fs, fe);
    }
    // A merge widens the used range by its first cell only (a merge over
    // the whole sheet, A3:XFD1048576, is not a table that size).
    for (a, _) in merges {
        widen(&mut start, &mut end, *a, *a);
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Sheet {
            name: name.to_string(),
            ..Default::default()
        };
    };
    // A sheet is a form, not a database: cap what is read.
    let end = (end.0.min(start.0 + 5000), end.1.min(start.1 + 200));
    let mut rows = Vec::new();
    for r in start.0..=end.0 {
        let mut cells = Vec::new();
        for c in start.1..=end.1 {
            let formula = formulas
                .and_then(|f| f.get_value((r, c)))
                .filter(|f| !f.is_empty());
            let data = range.get_value((r, c)).unwrap_or(&Data::Empty);
            let mut cell = match data {
                Data::Int(i) => grid::number_cell(*i as f64, format((r, c)).as_deref()),
                Data::Float(f) => grid::number_cell(*f, format((r, c)).as_deref()),
                Data::String(s) => grid::text_cell(s),
                Data::Empty => GridCell::default(),
                other => GridCell {
                    text: other.to_string(),
                    ..Default::default()
                },
            };
            let blank = match data {
                Data::Empty => true,
                Data::String(s) => s.is_empty(),
                _ => false,
            };
            if blank {
                if let Some(f) = formula {
                    cell.text = format!("={f}");
                    cell.formula_missing = true;
                }
            }
            cells.push(cell);
        }
        rows.push(cells);
    }
    for ((r0, c0), (r1, c1)) in merges {
        // Only the part of the merge inside the cells read.
        for r in (*r0).max(start.0)..=(*r1).min(end.0) {
            for c in (*c0).max(start.1)..=(*c1).min(end.1) {
                let (Some(ri), Some(ci)) = (r.checked_sub(start.0), c.checked_sub(start.1)) else {
                    continue;
                };
                let Some(cell) = rows
                    .get_mut(ri as usize)
                    .and_then(|row: &mut Vec<GridCell>| row.get_mut(ci as usize))
                else {
                    continue;
                };
                if (r, c) == (*r0, *c0) {
                    cell.col_span = (c1 - c0 + 1) as usize;
                    cell.row_span = (r1 - r0 + 1) as usize;
                } else {
                    cell.covered = true;
                }
            }
        }
    }
    Sheet {
        name: name.to_string(),
        origin: start,
        rows,
    }
}
