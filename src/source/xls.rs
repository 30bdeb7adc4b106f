//! The number formats of an Excel 97–2003 workbook (.xls), which calamine
//! reads but does not expose: the BIFF8 records of its `Workbook` stream
//! (opened with the `cfb` crate) give each format code (`FORMAT`), each
//! cell style's format (`XF`), the sheets (`BOUNDSHEET`) and each numeric
//! cell's style (`NUMBER`, `RK`, `MULRK`, `FORMULA`). So `808.1` shown
//! as `0.00` is read as 808.10, and `0.8575` shown as `0%` as 86%, as for
//! .xlsx. Anything else (BIFF5 and older, an encrypted or damaged stream)
//! gives no formats: the values are still read by calamine, with their
//! shortest decimals.

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Format codes by sheet name and 0-based (row, col).
pub type Formats = HashMap<String, HashMap<(u32, u32), String>>;

/// Sheets whose formats are read at most.
const MAX_SHEETS: usize = 256;

/// Cells with a format read per sheet at most.
const MAX_CELLS: usize = 1_000_000;

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

/// The records of a BIFF stream from byte `at`: (type, data).
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// A BIFF8 string of `cch` characters at `d[i..]`: a flags byte, then
/// UTF-16LE (flag bit 0) or one byte per character.
fn string(d: &[u8], cch: usize, i: usize) -> Option<String> {
    let flags = *d.get(i)?;
    let body = d.get(i + 1..)?;
    if flags & 1 == 1 {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(body.iter().take(cch).map(|&b| char::from(b)).collect())
    }
}

/// The number formats of every sheet of an .xls file.
pub fn formats(bytes: &[u8]) -> Formats {
    read(bytes).unwrap_or_default()
}

fn read(bytes: &[u8]) -> Option<Formats> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = Vec::new();
    let opened = cf
        .open_stream("/Workbook")
        .or_else(|_| cf.open_stream("/Book"));
    opened
        .ok()?
        .take(crate::source::MAX_INPUT_BYTES)
        .read_to_end(&mut stream)
        .ok()?;
    let mut codes: HashMap<u16, String> = HashMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (k, (typ, d)) in records(&stream, 0).enumerate() {
        match typ {
            // BOF: BIFF8 only (older versions store strings differently).
            0x0809 if k == 0 && u16_at(d, 0)? != 0x0600 => return None,
            // FILEPASS: encrypted.
            0x002F => return None,
            0x041E => {
                let id = u16_at(d, 0)?;
                let cch = u16_at(d, 2)? as usize;
                codes.insert(id, string(d, cch, 4)?);
            }
            0x00E0 => xf_formats.push(u16_at(d, 2)?),
            0x0085 => {
                let pos = u32_at(d, 0)? as usize;
                let cch = *d.get(6)? as usize;
                sheets.push((pos, string(d, cch, 7)?));
            }
            0x000A => break,
            _ => {}
        }
    }
    let code_of = |xf: u16| -> Option<String> {
        let id = *xf_formats.get(xf as usize)?;
        let code = match codes.get(&id) {
            Some(c) => super::builtin_format(Some(u32::from(id)), c),
            None => super::builtin_format(Some(u32::from(id)), ""),
        };
        (!code.is_empty() && code != "General").then_some(code)
    };
    let mut out = Formats::new();
    // A form has a few sheets; a file naming thousands is not read further
    // for formats (each sheet is a scan of its records).
    for (pos, name) in sheets.into_iter().take(MAX_SHEETS) {
        let mut cells: HashMap<(u32, u32), String> = HashMap::new();
        let mut depth = 0usize;
        for (typ, d) in records(&stream, pos) {
            match typ {
                0x0809 => depth += 1,
                0x000A => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                // Number, RK, Formula: row, col, XF.
                0x0203 | 0x027E | 0x0006 if depth == 1 => {
                    let (Some(r), Some(c), Some(xf)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4))
                    else {
                        continue;
                    };
                    if let Some(code) = code_of(xf) {
                        cells.insert((u32::from(r), u32::from(c)), code);
                    }
                }
                // MulRk: row, first col, (XF, RK) × n, last col.
                0x00BD if depth == 1 => {
                    let (Some(r), Some(c0)) = (u16_at(d, 0), u16_at(d, 2)) else {
                        continue;
                    };
                    let n = d.len().saturating_sub(6) / 6;
                    for k in 0..n {
                        if let Some(code) = u16_at(d, 4 + 6 * k).and_then(code_of) {
                            cells.insert((u32::from(r), u32::from(c0) + k as u32), code);
                        }
                    }
                }
                _ => {}
            }
            if cells.len() >= MAX_CELLS {
                break;
            }
        }
        out.insert(name, cells);
    }
    Some(out)
}
