#![allow(dead_code)]
//! A minimal Excel 97–2003 (.xls) writer for tests: one worksheet of
//! labels and numbers (with number formats), with merged ranges, as BIFF8
//! records in the "Workbook" stream of a compound file (written by the
//! `cfb` crate). No well-kept crate writes .xls, and the records are few
//! enough to write here: what the tests need, nothing more (no fonts, no SST).

/// A cell to write.
pub enum XlsCell<'a> {
    Text(&'a str),
    Number(f64),
    /// A number shown with a format code (`0.00`, `0%`).
    Formatted(f64, &'a str),
}

/// Built-in format ids Excel does not spell out in the file.
const BUILTIN: &[(u16, &str)] = &[(2, "0.00"), (9, "0%"), (10, "0.00%")];

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(0x0600u16.to_le_bytes()); // BIFF8
    d.extend(kind.to_le_bytes());
    d.extend(0x0DBBu16.to_le_bytes()); // build
    d.extend(0x07CCu16.to_le_bytes()); // year
    d.extend([0u8; 8]);
    d
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The BIFF8 Workbook stream of one sheet.
fn workbook_stream(
    sheet: &str,
    cells: &[(u16, u16, XlsCell)],
    merges: &[(u16, u16, u16, u16)],
) -> Vec<u8> {
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    record(&mut globals, 0x0042, &1200u16.to_le_bytes()); // CodePage: UTF-16
                                                          // Formats: built-in ids as they are, others spelled out from 164 on;
                                                          // XF 0 is General, XF k + 1 shows format k.
    let mut codes: Vec<&str> = Vec::new();
    for (_, _, c) in cells {
        if let XlsCell::Formatted(_, code) = c {
            if !codes.contains(code) {
                codes.push(code);
            }
        }
    }
    let mut ids = Vec::new();
    for (k, code) in codes.iter().enumerate() {
        let id = match BUILTIN.iter().find(|(_, c)| c == code) {
            Some((id, _)) => *id,
            None => {
                let id = 164 + k as u16;
                let mut d = Vec::new();
                d.extend(id.to_le_bytes());
                d.extend((code.encode_utf16().count() as u16).to_le_bytes());
                d.push(1);
                d.extend(utf16(code));
                record(&mut globals, 0x041E, &d);
                id
            }
        };
        ids.push(id);
    }
    for id in std::iter::once(0).chain(ids.iter().copied()) {
        let mut xf = vec![0u8; 20];
        xf[2..4].copy_from_slice(&id.to_le_bytes());
        record(&mut globals, 0x00E0, &xf);
    }
    // BoundSheet8: the sheet's BOF offset is patched in below.
    let mut bs = vec![0u8; 4];
    bs.extend([0u8, 0u8]); // visible worksheet
    bs.push(sheet.encode_utf16().count() as u8);
    bs.push(1); // UTF-16
    bs.extend(utf16(sheet));
    let bs_at = globals.len() + 4;
    record(&mut globals, 0x0085, &bs);
    record(&mut globals, 0x000A, &[]);
    let offset = globals.len() as u32;
    globals[bs_at..bs_at + 4].copy_from_slice(&offset.to_le_bytes());

    let mut s = Vec::new();
    record(&mut s, 0x0809, &bof(0x0010));
    for (r, c, cell) in cells {
        let mut d = Vec::new();
        d.extend(r.to_le_bytes());
        d.extend(c.to_le_bytes());
        let xf = match cell {
            XlsCell::Formatted(_, code) => {
                1 + codes.iter().position(|c| c == code).unwrap_or(0) as u16
            }
            _ => 0,
        };
        d.extend(xf.to_le_bytes());
        match cell {
            XlsCell::Text(t) => {
                d.extend((t.encode_utf16().count() as u16).to_le_bytes());
                d.push(1);
                d.extend(utf16(t));
                record(&mut s, 0x0204, &d);
            }
            XlsCell::Number(v) | XlsCell::Formatted(v, _) => {
                d.extend(v.to_le_bytes());
                record(&mut s, 0x0203, &d);
            }
        }
    }
    if !merges.is_empty() {
        let mut d = Vec::new();
        d.extend((merges.len() as u16).to_le_bytes());
        for (r0, r1, c0, c1) in merges {
            for v in [r0, r1, c0, c1] {
                d.extend(v.to_le_bytes());
            }
        }
        record(&mut s, 0x00E5, &d);
    }
    record(&mut s, 0x000A, &[]);
    globals.extend(s);
    globals
}

/// An .xls file holding one sheet named `sheet` with `cells` (0-based row,
/// column) and merged ranges `(first row, last row, first col, last col)`,
/// in a compound file written by the `cfb` crate.
pub fn xls(sheet: &str, cells: &[(u16, u16, XlsCell)], merges: &[(u16, u16, u16, u16)]) -> Vec<u8> {
    use std::io::Write;
    let stream = workbook_stream(sheet, cells, merges);
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    let mut s = cf.create_stream("/Workbook").expect("stream");
    s.write_all(&stream).expect("write");
    drop(s);
    cf.flush().expect("flush");
    cf.into_inner().into_inner()
}
