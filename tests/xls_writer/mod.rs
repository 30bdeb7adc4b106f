#![allow(dead_code)]
//! A minimal Excel 97–2003 (.xls) writer for tests: one worksheet of
//! labels and numbers, with merged ranges, as BIFF8 records in a "Workbook"
//! stream of an OLE compound file (version 3, 512-byte sectors). No
//! well-kept crate writes .xls, and the format's core is small enough to
//! write here: what the tests need, nothing more (no styles, no SST).

/// A cell to write.
pub enum XlsCell<'a> {
    Text(&'a str),
    Number(f64),
}

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
        d.extend(0u16.to_le_bytes()); // XF
        match cell {
            XlsCell::Text(t) => {
                d.extend((t.encode_utf16().count() as u16).to_le_bytes());
                d.push(1);
                d.extend(utf16(t));
                record(&mut s, 0x0204, &d);
            }
            XlsCell::Number(v) => {
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

const SECTOR: usize = 512;
const FREE: u32 = 0xFFFF_FFFF;
const END: u32 = 0xFFFF_FFFE;
const FAT: u32 = 0xFFFF_FFFD;

fn dir_entry(name: &str, kind: u8, child: u32, start: u32, size: u32) -> Vec<u8> {
    let mut e = vec![0u8; 128];
    if !name.is_empty() {
        let n = utf16(name);
        e[..n.len()].copy_from_slice(&n);
        e[64..66].copy_from_slice(&((n.len() + 2) as u16).to_le_bytes());
    }
    e[66] = kind;
    e[67] = 1; // black
    e[68..72].copy_from_slice(&FREE.to_le_bytes()); // left sibling
    e[72..76].copy_from_slice(&FREE.to_le_bytes()); // right sibling
    e[76..80].copy_from_slice(&child.to_le_bytes());
    e[116..120].copy_from_slice(&start.to_le_bytes());
    e[120..124].copy_from_slice(&size.to_le_bytes());
    e
}

/// An .xls file holding one sheet named `sheet` with `cells` (0-based row,
/// column) and merged ranges `(first row, last row, first col, last col)`.
pub fn xls(sheet: &str, cells: &[(u16, u16, XlsCell)], merges: &[(u16, u16, u16, u16)]) -> Vec<u8> {
    let mut stream = workbook_stream(sheet, cells, merges);
    // At least the mini-stream cutoff, so the stream lives in ordinary sectors.
    let size = stream.len().max(4096);
    stream.resize(size.div_ceil(SECTOR) * SECTOR, 0);
    let n = stream.len() / SECTOR;
    assert!(
        n + 2 <= SECTOR / 4,
        "one FAT sector is enough for a test sheet"
    );

    let mut header = vec![0u8; SECTOR];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&END.to_le_bytes()); // no mini FAT
    header[68..72].copy_from_slice(&END.to_le_bytes()); // no DIFAT sectors
    for k in 0..109 {
        let v = if k == 0 { 0 } else { FREE };
        header[76 + 4 * k..80 + 4 * k].copy_from_slice(&v.to_le_bytes());
    }

    let mut fat = vec![FREE; SECTOR / 4];
    fat[0] = FAT;
    fat[1] = END;
    for k in 0..n {
        fat[2 + k] = if k + 1 == n { END } else { (3 + k) as u32 };
    }
    let fat: Vec<u8> = fat.into_iter().flat_map(u32::to_le_bytes).collect();

    let mut dir = Vec::new();
    dir.extend(dir_entry("Root Entry", 5, 1, END, 0));
    dir.extend(dir_entry("Workbook", 2, FREE, 2, size as u32));
    dir.extend(dir_entry("", 0, FREE, 0, 0));
    dir.extend(dir_entry("", 0, FREE, 0, 0));

    let mut out = header;
    out.extend(fat);
    out.extend(dir);
    out.extend(stream);
    out
}
