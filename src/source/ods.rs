//! What calamine does not read from an OpenDocument spreadsheet (.ods):
//! merged cells (`table:number-columns-spanned` / `number-rows-spanned`)
//! and the decimals a number is shown with. An .ods file stores each
//! number's shown text beside its value (`office:value="0.8575"` shown as
//! `<text:p>86%</text:p>`), so the decimals are read from that text and
//! given to the grid as the format code that shows them (`0%`, `0.00`).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::source::numbering::{attr, local};
use crate::source::package::Package;

/// Merged ranges and number formats of one sheet, by 0-based (row, col).
#[derive(Debug, Default)]
pub struct OdsSheet {
    pub merges: Vec<((u32, u32), (u32, u32))>,
    pub formats: HashMap<(u32, u32), String>,
}

/// Cells read per sheet at most (a sheet is a form; repeats of empty
/// cells to the sheet's edge are skipped, not expanded).
const MAX_CELLS: usize = 1_000_000;

fn count(e: &BytesStart, key: &[u8]) -> u32 {
    attr(e, key)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// The format code that shows `shown` (a number as the sheet displays
/// it): its decimals after the point, `%` when it ends with one.
pub fn format_of_shown(shown: &str) -> Option<String> {
    let t = shown.trim();
    let percent = t.ends_with('%') || t.ends_with('％');
    let digits = t.trim_end_matches(['%', '％']).trim();
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let decimals = match digits.rfind('.') {
        Some(i) => digits[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .count(),
        None => 0,
    };
    let mut code = if digits.contains([',', '，']) {
        "#,##0".to_string()
    } else {
        "0".to_string()
    };
    if decimals > 0 {
        code.push('.');
        code.push_str(&"0".repeat(decimals));
    }
    if percent {
        code.push('%');
    }
    Some(code)
}

/// Merges and formats of every sheet of an .ods package, by sheet name;
/// empty when content.xml cannot be read (the cells are still read by
/// calamine, without merges and with their shortest decimals).
pub fn read(bytes: &[u8]) -> HashMap<String, OdsSheet> {
    let mut out = HashMap::new();
    let Ok(mut pkg) = Package::open(bytes) else {
        return out;
    };
    let Ok(Some(xml)) = pkg.read_xml("content.xml") else {
        return out;
    };
    let mut r = Reader::from_str(&xml);
    let mut sheet: Option<(String, OdsSheet)> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut rows_repeat = 1u32;
    let mut cells = 0usize;
    // The number cell being read: its place, repeat and shown text.
    let mut number: Option<((u32, u32), u32, String)> = None;
    // A cell's comment (office:annotation) is not what it shows.
    let mut in_note = false;
    while let Ok(ev) = r.read_event() {
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                match local(name.as_ref()) {
                    b"table" if !empty => {
                        let n = attr(&e, b"name").unwrap_or_default();
                        sheet = Some((n, OdsSheet::default()));
                        (row, col, cells) = (0, 0, 0);
                    }
                    b"annotation" if !empty => in_note = true,
                    b"table-row" => {
                        rows_repeat = count(&e, b"number-rows-repeated");
                        col = 0;
                        if empty {
                            row = row.saturating_add(rows_repeat);
                        }
                    }
                    b"table-cell" | b"covered-table-cell" => {
                        let repeat = count(&e, b"number-columns-repeated");
                        let Some((_, s)) = sheet.as_mut() else {
                            continue;
                        };
                        let cs = count(&e, b"number-columns-spanned");
                        let rs = count(&e, b"number-rows-spanned");
                        if local(name.as_ref()) == b"table-cell" && (cs > 1 || rs > 1) {
                            s.merges.push(((row, col), (row + rs - 1, col + cs - 1)));
                        }
                        let numeric = matches!(
                            attr(&e, b"value-type").as_deref(),
                            Some("float" | "percentage" | "currency")
                        );
                        if numeric && !empty && cells < MAX_CELLS {
                            number = Some(((row, col), repeat, String::new()));
                        }
                        cells = cells.saturating_add(repeat as usize);
                        col = col.saturating_add(repeat);
                    }
                    _ => {}
                }
            }
            Event::Text(t) if !in_note => {
                if let Some((_, _, shown)) = number.as_mut() {
                    shown.push_str(&t.into_inner());
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"annotation" => in_note = false,
                b"table-cell" => {
                    if let (Some(((r0, c0), repeat, shown)), Some((_, s))) =
                        (number.take(), sheet.as_mut())
                    {
                        if let Some(code) = format_of_shown(&shown) {
                            for k in 0..repeat.min(200) {
                                s.formats.insert((r0, c0 + k), code.clone());
                            }
                        }
                    }
                }
                b"table-row" => row = row.saturating_add(rows_repeat),
                b"table" => {
                    if let Some((n, s)) = sheet.take() {
                        out.insert(n, s);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_numbers_give_the_format_that_shows_them() {
        assert_eq!(format_of_shown("86%").as_deref(), Some("0%"));
        assert_eq!(format_of_shown("808.10").as_deref(), Some("0.00"));
        assert_eq!(format_of_shown("1,234.5").as_deref(), Some("#,##0.0"));
        assert_eq!(format_of_shown("12.50%").as_deref(), Some("0.00%"));
        assert_eq!(format_of_shown("10").as_deref(), Some("0"));
        assert_eq!(format_of_shown("—"), None);
    }
}
