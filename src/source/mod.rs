//! Reading report files into text.
//!
//! Every loader produces a [`Source`]: the report as one Rust `String` with
//! `\n` line ends, plus where it came from. Encoding is detected from the
//! bytes, never guessed from the file name.

use std::path::Path;

use thiserror::Error;

pub mod csv;
pub mod docx;
mod docx_tables;
pub mod numbering;
pub mod package;
pub mod xlsx;

/// A report's text, ready for parsing.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or `<stdin>`).
    pub name: String,
    /// The decoded text, line ends normalised to `\n`.
    pub text: String,
    /// The encoding the bytes were decoded from.
    pub encoding: &'static str,
    /// For structured inputs (.docx): where each stretch of `text` came
    /// from, in text order. Empty for plain text.
    pub locations: Vec<Location>,
    /// Ranged comments of a structured input (Word comments): the commented
    /// byte range of `text` and the comment's text. Empty for plain text.
    pub comments: Vec<(std::ops::Range<usize>, String)>,
    /// Tables read cell by cell (spreadsheets, CSV); empty when the
    /// tables are read from the text (plain text, Word).
    pub tables: Vec<crate::table::Table>,
}

impl Source {
    /// A source for text already in memory (UTF-8, no origin map).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: normalize_newlines(text.into()),
            encoding: "UTF-8",
            locations: Vec::new(),
            comments: Vec::new(),
            tables: Vec::new(),
        }
    }
}

pub use crate::text::location::{location_at, Location};

/// Why a file could not be read as a report.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("无法读取文件：{}", crate::fsutil::io_zh(.0))]
    Io(#[from] std::io::Error),
    #[error("文件为空")]
    Empty,
    #[error("看起来是二进制文件，不是文本报告")]
    Binary,
    #[error("看起来是没有字节顺序标记（BOM）的 UTF-16 文本，但无法完整解码：请另存为 UTF-8")]
    Utf16WithoutBom,
    #[error(
        "第 {line} 行第 {column} 列（第 {offset} 字节）有无法解码的字节：{what}（若为其他编码，请另存为 UTF-8）"
    )]
    Undecodable {
        line: usize,
        /// In characters, 1-based.
        column: usize,
        offset: usize,
        /// What the bytes were taken for.
        what: &'static str,
    },
    #[error("不支持的文件类型“{0}”（支持 .txt、.md、.docx、.xlsx、.xls、.ods、.csv）")]
    Unsupported(String),
    #[error("旧版 Word/WPS 文件（.{0}）无法直接读取：请在 Word 或 WPS 中“另存为” .docx 后再检查")]
    OldWord(String),
    #[error("{0}")]
    Docx(String),
    #[error("文件过大（{}），超过 {} MB 上限：这不像一份报告", size_text(*.0), MAX_INPUT_BYTES / (1024 * 1024))]
    TooLarge(u64),
}

/// "超过 32 MB" for a size known only to pass the cap, else "N MB".
fn size_text(size: u64) -> String {
    if size == MAX_INPUT_BYTES + 1 {
        format!("超过 {} MB", MAX_INPUT_BYTES / (1024 * 1024))
    } else {
        format!("{} MB", size / (1024 * 1024))
    }
}

/// File extensions `check` picks up when walking a directory.
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// Spreadsheet and CSV forms `check` picks up when walking a directory.
pub const FORM_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv"];

/// An Office lock file (`~$报告.docx`, `~$自评表.xlsx`): left by Word or
/// Excel while a file is open, never a report.
pub fn is_office_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}

/// Word processor formats a report may arrive in that are not read: named,
/// not skipped, so that no report goes unchecked without a word.
pub const OLD_WORD_EXTENSIONS: &[&str] = &["doc", "wps"];

/// Reads a report from disk.
/// The largest file read as a report (text or .docx). Reports run to tens
/// or hundreds of kilobytes; a file past this is refused before reading.
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

pub fn load_path(path: &Path) -> Result<Source, LoadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    // Not a device or FIFO, and no more than the cap however large the
    // file says it is (fsutil::read_capped counts what it reads).
    let bytes = read_report_bytes(path)?;
    let name = path.display().to_string();
    match ext.as_str() {
        "txt" | "md" | "markdown" | "text" | "" => load_bytes(name, &bytes),
        "docx" => docx::load_docx(name, &bytes),
        "xlsx" | "xlsm" | "xls" | "ods" => xlsx::load_spreadsheet(name, &bytes, &ext),
        "csv" => csv::load_csv(name, &bytes),
        other if OLD_WORD_EXTENSIONS.contains(&other) => Err(LoadError::OldWord(other.to_string())),
        other => Err(LoadError::Unsupported(other.to_string())),
    }
}

/// The bytes of a report file: a regular file, at most [`MAX_INPUT_BYTES`].
pub fn read_report_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    crate::fsutil::read_capped(path, MAX_INPUT_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => LoadError::TooLarge(MAX_INPUT_BYTES + 1),
        _ => LoadError::Io(e),
    })
}

/// Decodes a report from bytes: a .docx (zip) by its signature, else
/// plain text.
pub fn load_bytes(name: String, bytes: &[u8]) -> Result<Source, LoadError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(LoadError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if let Some(ext) = xlsx::zip_kind(bytes) {
            return xlsx::load_spreadsheet(name, bytes, ext);
        }
        return docx::load_docx(name, bytes);
    }
    let (text, encoding) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(Source {
        name,
        text: normalize_newlines(text),
        encoding,
        locations: Vec::new(),
        comments: Vec::new(),
        tables: Vec::new(),
    })
}

/// Detects the encoding of `bytes` and decodes them.
///
/// Order: a byte-order mark decides; otherwise valid UTF-8 is UTF-8;
/// otherwise the bytes must decode as GB18030 without a single error.
/// Binary content (NUL bytes or many control characters) is refused.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(undecodable(&bytes[bom_len..], enc, bom_len));
        }
        let text = text.into_owned();
        if looks_binary(&text) {
            return Err(LoadError::Binary);
        }
        return Ok((text, enc.name()));
    }
    if bytes.contains(&0) {
        // UTF-16 saved without a byte-order mark (every other byte of
        // ASCII text is 0): decoded when it decodes cleanly, else named.
        if let Some(enc) = utf16_without_bom(bytes) {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(LoadError::Utf16WithoutBom);
            }
            if looks_binary(&text) {
                return Err(LoadError::Binary);
            }
            return Ok((text.into_owned(), enc.name()));
        }
        return Err(LoadError::Binary);
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => {
            if looks_binary(text) {
                return Err(LoadError::Binary);
            }
            return Ok((text.to_string(), "UTF-8"));
        }
        Err(e) => e,
    };
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        // Say where the file goes wrong in the encoding it is most likely
        // in: a UTF-8 file with one stray byte on line 11 fails as GB18030
        // at its first Chinese character, on line 1.
        let gb = undecodable(bytes, encoding_rs::GB18030, 0);
        let utf8_ok = utf8_error.valid_up_to();
        return Err(match gb {
            LoadError::Undecodable { offset, .. } if utf8_ok > offset => undecodable_at(
                bytes,
                utf8_ok,
                0,
                "不是有效的 UTF-8 文本（其前的内容是 UTF-8）",
            ),
            other => other,
        });
    }
    if looks_binary(&text) {
        return Err(LoadError::Binary);
    }
    Ok((text.into_owned(), "GB18030"))
}

/// Where decoding `bytes` as `enc` first fails, as an error naming the line.
fn undecodable(bytes: &[u8], enc: &'static encoding_rs::Encoding, skipped: usize) -> LoadError {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    let bad = match result {
        encoding_rs::DecoderResult::Malformed(len, after) => {
            read.saturating_sub(len as usize + after as usize)
        }
        _ => read,
    };
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        // Line ends are not single bytes: count in what was decoded.
        let line = out.matches('\n').count() + 1;
        let column = out.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return LoadError::Undecodable {
            line,
            column,
            offset: skipped + bad,
            what: BOM_MISMATCH,
        };
    }
    let what = if skipped > 0 {
        BOM_MISMATCH
    } else {
        "既不是有效的 UTF-8，也不是有效的 GB18030/GBK 文本"
    };
    undecodable_at(bytes, bad, skipped, what)
}

const BOM_MISMATCH: &str = "文件开头的字节顺序标记（BOM）表明其编码，但内容与之不符";

/// The error for a byte at `bad` (in `bytes`, after `skipped` BOM bytes)
/// that does not decode: its line, and its column counted in characters
/// of the line decoded so far (the line's bytes before it, read as UTF-8
/// or GB18030, whichever reads them whole).
fn undecodable_at(bytes: &[u8], bad: usize, skipped: usize, what: &'static str) -> LoadError {
    let bad = bad.min(bytes.len());
    let before = &bytes[..bad];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let head = &bytes[line_start..bad];
    let column = match std::str::from_utf8(head) {
        Ok(t) => t.chars().count(),
        Err(_) => {
            let (t, _) = encoding_rs::GB18030.decode_without_bom_handling(head);
            t.chars().count()
        }
    } + 1;
    LoadError::Undecodable {
        line,
        column,
        offset: skipped + bad,
        what,
    }
}

/// The UTF-16 byte order of text saved without a byte-order mark, judged
/// by where its zero bytes fall (ASCII letters, digits, punctuation and
/// line ends have a zero high byte): most zeros on odd offsets is
/// little-endian, on even offsets big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = sample.len() / 2;
    // A twentieth of the characters ASCII (line ends, digits), and the zeros
    // mostly on one side (一 is 0x4E00: CJK text has a few on the other).
    if odd * 20 >= pairs && even * 4 <= odd {
        Some(encoding_rs::UTF_16LE)
    } else if even * 20 >= pairs && odd * 4 <= even {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// True when more than 1 % of the characters are control characters other
/// than the usual white space: such a file is not a report.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            control += 1;
        }
    }
    total > 0 && control * 100 > total
}

/// CRLF and lone CR become LF, so line numbers are the same whatever
/// system wrote the file.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_is_decoded_without_the_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("一、基本情况".as_bytes());
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, "一、基本情况");
        assert_eq!(enc, "UTF-8");
    }

    #[test]
    fn utf16le_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "收入622万元".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, "收入622万元");
        assert_eq!(enc, "UTF-16LE");
    }

    #[test]
    fn utf16be_with_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "总计741.2万".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "总计741.2万");
    }

    #[test]
    fn gbk_bytes_are_detected_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("部门整体支出绩效评价报告");
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, "部门整体支出绩效评价报告");
        assert_eq!(enc, "GB18030");
    }

    #[test]
    fn binary_bytes_are_refused() {
        let bytes = [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3];
        assert!(matches!(decode(&bytes), Err(LoadError::Binary)));
    }

    #[test]
    fn locations_are_found_inside_and_at_the_end_of_a_stretch() {
        let loc = |start, end, paragraph| Location {
            start,
            end,
            paragraph,
            table: None,
            row: None,
            cell: None,
            run: None,
        };
        let locs = [loc(0, 6, 1), loc(7, 12, 2)];
        assert_eq!(location_at(&locs, 3).map(|l| l.paragraph), Some(1));
        assert_eq!(location_at(&locs, 6).map(|l| l.paragraph), Some(1));
        assert_eq!(location_at(&locs, 7).map(|l| l.paragraph), Some(2));
        assert_eq!(location_at(&locs, 13), None);
    }

    #[test]
    fn a_zip_on_stdin_is_read_as_docx() {
        let err = load_bytes("<stdin>".into(), b"PK\x03\x04broken").unwrap_err();
        assert!(matches!(err, LoadError::Docx(_)), "{err}");
    }

    #[test]
    fn empty_text_is_refused() {
        assert!(matches!(
            load_bytes("a.txt".into(), b"  \n\n"),
            Err(LoadError::Empty)
        ));
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        let src = load_bytes("a.txt".into(), "一\r\n二\r三".as_bytes()).unwrap();
        assert_eq!(src.text, "一\n二\n三");
    }

    #[test]
    fn invalid_gb18030_is_undecodable() {
        // 0x81 0x30 followed by a byte that cannot continue a four-byte sequence.
        let bytes = [0xB2, 0xBF, 0x81, 0x30, 0x20, 0x41];
        assert!(matches!(decode(&bytes), Err(LoadError::Undecodable { .. })));
    }

    #[test]
    fn a_stray_byte_in_utf8_text_is_placed_on_its_own_line_and_column() {
        let mut bytes = "标题\n".repeat(10).into_bytes();
        bytes.extend("收入合计".as_bytes());
        bytes.push(0xFF);
        bytes.extend("万元\n".as_bytes());
        match decode(&bytes) {
            Err(LoadError::Undecodable { line, column, .. }) => {
                assert_eq!((line, column), (11, 5));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_stray_byte_in_gbk_text_is_placed_on_its_line_and_column() {
        let text = "标题\n".repeat(10) + "收入合计";
        let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
        let mut bytes = gbk.into_owned();
        bytes.push(0xFF);
        bytes.extend(b"\n");
        match decode(&bytes) {
            Err(LoadError::Undecodable { line, column, .. }) => {
                assert_eq!((line, column), (11, 5));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_without_a_bom_is_detected_in_both_byte_orders() {
        let text = "2020年度部门决算\n一、收入合计100万元。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le).unwrap(), (text.to_string(), "UTF-16LE"));
        assert_eq!(decode(&be).unwrap(), (text.to_string(), "UTF-16BE"));
        // An unpaired surrogate: UTF-16 by its zeros, but not decodable.
        let mut bad = le.clone();
        bad.extend([0x00, 0xD8, 0x41, 0x00]);
        assert!(matches!(decode(&bad), Err(LoadError::Utf16WithoutBom)));
        // Binary with scattered zeros is still binary.
        assert!(matches!(
            decode(b"\x7fELF\x02\x01\x01\0\0\0\x03\0"),
            Err(LoadError::Binary)
        ));
    }
}
