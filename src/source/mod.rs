//! Reading report files into text.
//!
//! Every loader produces a [`Source`]: the report as one Rust `String` with
//! `\n` line ends, plus where it came from. Encoding is detected from the
//! bytes, never guessed from the file name.

use std::path::Path;

use thiserror::Error;

pub mod docx;
pub mod numbering;
pub mod package;

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
        }
    }
}

/// Where a stretch of extracted text sits in a structured document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Byte range in the extracted text.
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    /// 1-based paragraph number in the document body (table cells count).
    pub paragraph: usize,
    /// 1-based table, row and cell, when inside a table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<usize>,
    /// 0-based index of the run (`w:r`) in the document, for text that
    /// comes from a run; `None` for rendered numbering and separators.
    #[serde(skip)]
    pub run: Option<usize>,
}

impl Location {
    /// Where this is, for a person: `Word 第 12 段（表 1 第 3 行第 2 列）`.
    pub fn describe(&self) -> String {
        let mut s = format!("Word 第 {} 段", self.paragraph);
        if let (Some(t), Some(r), Some(c)) = (self.table, self.row, self.cell) {
            s.push_str(&format!("（表 {t} 第 {r} 行第 {c} 列）"));
        }
        s
    }
}

/// The location containing byte `offset`, if any; an offset right at the
/// end of a stretch (an empty span after a paragraph's last character)
/// belongs to that stretch.
pub fn location_at(locations: &[Location], offset: usize) -> Option<&Location> {
    let i = locations.partition_point(|l| l.end <= offset);
    locations.get(i).filter(|l| l.start <= offset).or_else(|| {
        i.checked_sub(1)
            .and_then(|j| locations.get(j))
            .filter(|l| l.end == offset)
    })
}

/// Why a file could not be read as a report.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("无法读取文件：{}", crate::fsutil::io_zh(.0))]
    Io(#[from] std::io::Error),
    #[error("文件为空")]
    Empty,
    #[error("看起来是二进制文件，不是文本报告")]
    Binary,
    #[error(
        "第 {line} 行（第 {offset} 字节）有无法解码的字节：{what}（若为其他编码，请另存为 UTF-8）"
    )]
    Undecodable {
        line: usize,
        offset: usize,
        /// What the bytes were taken for.
        what: &'static str,
    },
    #[error("不支持的文件类型“{0}”（支持 .txt、.md、.docx）")]
    Unsupported(String),
    #[error("旧版 Word/WPS 文件（.{0}）无法直接读取：请在 Word 或 WPS 中“另存为” .docx 后再检查")]
    OldWord(String),
    #[error("{0}")]
    Docx(String),
    #[error("文件过大（{} MB），超过 {} MB 上限：这不像一份报告", .0 / (1024 * 1024), MAX_INPUT_BYTES / (1024 * 1024))]
    TooLarge(u64),
}

/// File extensions `check` picks up when walking a directory.
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// Word processor formats a report may arrive in that are not read: named,
/// not skipped, so that no report goes unchecked without a word.
pub const OLD_WORD_EXTENSIONS: &[&str] = &["doc", "wps"];

/// Reads a report from disk.
/// The largest file read as a report (text or .docx). Reports run to tens
/// or hundreds of kilobytes; a file past this is refused before reading.
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

pub fn load_path(path: &Path) -> Result<Source, LoadError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_INPUT_BYTES {
        return Err(LoadError::TooLarge(size));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path)?;
    let name = path.display().to_string();
    match ext.as_str() {
        "txt" | "md" | "markdown" | "text" | "" => load_bytes(name, &bytes),
        "docx" => docx::load_docx(name, &bytes),
        other if OLD_WORD_EXTENSIONS.contains(&other) => Err(LoadError::OldWord(other.to_string())),
        other => Err(LoadError::Unsupported(other.to_string())),
    }
}

/// Decodes a report from bytes: a .docx (zip) by its signature, else
/// plain text.
pub fn load_bytes(name: String, bytes: &[u8]) -> Result<Source, LoadError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(LoadError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with(b"PK\x03\x04") {
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
        return Err(LoadError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if looks_binary(text) {
            return Err(LoadError::Binary);
        }
        return Ok((text.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(undecodable(bytes, encoding_rs::GB18030, 0));
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
    // Line ends are ASCII in every encoding tried here but UTF-16.
    let line = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        out.matches('\n').count() + 1
    } else {
        bytes[..bad.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    LoadError::Undecodable {
        line,
        offset: skipped + bad,
        what: if skipped > 0 {
            "文件开头的字节顺序标记（BOM）表明其编码，但内容与之不符"
        } else {
            "既不是有效的 UTF-8，也不是有效的 GB18030/GBK 文本"
        },
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
}
