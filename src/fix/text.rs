//! Fixing a plain-text report (.txt, .md) in its own bytes: the encoding
//! (UTF-8, GB18030/GBK, UTF-16), byte-order mark and line ends it was
//! written with are kept, and bytes no fix touches stay as they were.

use crate::diagnostic::Diagnostic;
use crate::source::LoadError;

/// Why a text file cannot be fixed in place.
#[derive(Debug, thiserror::Error)]
pub enum TextFixError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("文件按 {0} 解码后再编码与原文不完全一致，为免改动其他字节，未自动修改")]
    NotRoundTrip(&'static str),
}

/// The outcome of fixing one text file.
#[derive(Debug, Clone)]
pub struct TextFix {
    /// The text before and after (as decoded, original line ends).
    pub before: String,
    pub after: String,
    /// The file's bytes after the fixes, same encoding, BOM and line ends.
    pub bytes: Vec<u8>,
    /// Edits applied.
    pub edits: usize,
}

impl TextFix {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// Encodes `text` as `encoding` (a name [`crate::source::decode`] returns).
fn encode(text: &str, encoding: &str) -> Vec<u8> {
    match encoding {
        "UTF-16LE" => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
        "UTF-16BE" => text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
        "GB18030" | "GBK" => encoding_rs::GB18030.encode(text).0.into_owned(),
        _ => text.as_bytes().to_vec(),
    }
}

/// The text the linter sees (line ends as `\n`) and, for each of its
/// offsets, the offset in the text as written: a CRLF counts one byte
/// more there. `crlf` holds the normalised offsets of the collapsed CRLFs.
struct Normalised {
    text: String,
    crlf: Vec<usize>,
}

impl Normalised {
    fn new(raw: &str) -> Normalised {
        let mut text = String::with_capacity(raw.len());
        let mut crlf = Vec::new();
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                    crlf.push(text.len());
                }
                text.push('\n');
            } else {
                text.push(c);
            }
        }
        Normalised { text, crlf }
    }

    /// The offset in the raw text of normalised offset `n`.
    fn raw(&self, n: usize) -> usize {
        n + self.crlf.partition_point(|&p| p < n)
    }
}

/// Fixes a text report given as the bytes of its file. `lint` lints the
/// normalised text (as `check` would) and returns its diagnostics; it is
/// called once per round until nothing changes.
pub fn fix_bytes(
    file: &str,
    bytes: &[u8],
    unsafe_ok: bool,
    mut lint: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Result<TextFix, TextFixError> {
    let bom = encoding_rs::Encoding::for_bom(bytes).map_or(0, |(_, n)| n);
    let (raw, encoding) = crate::source::decode(bytes)?;
    let mut round_trip = bytes[..bom].to_vec();
    round_trip.extend(encode(&raw, encoding));
    if round_trip != bytes {
        return Err(TextFixError::NotRoundTrip(encoding));
    }
    let fixed = super::fix_until_stable(&raw, file, unsafe_ok, |current| {
        let norm = Normalised::new(current);
        let mut diags = lint(&norm.text);
        for d in &mut diags {
            if let Some(fix) = &mut d.fix {
                for e in &mut fix.edits {
                    e.span.start = norm.raw(e.span.start);
                    e.span.end = norm.raw(e.span.end);
                }
            }
        }
        diags
    });
    let mut out = bytes[..bom].to_vec();
    out.extend(encode(&fixed.text, encoding));
    Ok(TextFix {
        before: raw,
        after: fixed.text,
        bytes: out,
        edits: fixed.edits,
    })
}

/// A unified diff of a fix, with the file name on both sides.
pub fn unified_diff(file: &str, before: &str, after: &str) -> String {
    let file = file.trim_start_matches('/');
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{file}"), &format!("b/{file}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit, Fix, Severity};
    use crate::document::Span;

    /// A stand-in linter: every ',' next to a Chinese character becomes '，'.
    fn commas(text: &str) -> Vec<Diagnostic> {
        text.match_indices(',')
            .map(|(i, _)| {
                let mut d = Diagnostic::new(
                    "halfwidth-punctuation",
                    Severity::Warning,
                    "a.txt",
                    Span::new(i, i + 1),
                    "m".into(),
                );
                d.fix = Some(Fix {
                    edits: vec![Edit {
                        span: Span::new(i, i + 1),
                        content: "，".into(),
                    }],
                    applicability: Applicability::Safe,
                });
                d
            })
            .collect()
    }

    #[test]
    fn gbk_with_crlf_stays_gbk_with_crlf() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("一、概况\r\n收入,支出\r\n总计,结余\r\n");
        let fixed = fix_bytes("a.txt", &bytes, false, commas).unwrap();
        let (want, _, _) = encoding_rs::GB18030.encode("一、概况\r\n收入，支出\r\n总计，结余\r\n");
        assert_eq!(fixed.bytes, want.into_owned());
        assert_eq!(fixed.edits, 2);
    }

    #[test]
    fn utf8_bom_and_utf16_are_kept() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend("收入,支出\n".as_bytes());
        let fixed = fix_bytes("a.txt", &bytes, false, commas).unwrap();
        assert_eq!(&fixed.bytes[..3], &[0xEF, 0xBB, 0xBF]);
        assert_eq!(&fixed.bytes[3..], "收入，支出\n".as_bytes());

        let mut le = vec![0xFF, 0xFE];
        le.extend("收入,支出\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let fixed = fix_bytes("a.txt", &le, false, commas).unwrap();
        let mut want = vec![0xFF, 0xFE];
        want.extend(
            "收入，支出\r\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(fixed.bytes, want);
    }

    #[test]
    fn crlf_offsets_map_past_each_collapsed_line_end() {
        let n = Normalised::new("a\r\nb\r\nc");
        assert_eq!(n.text, "a\nb\nc");
        assert_eq!(n.raw(4), 6);
        assert_eq!(n.raw(1), 1);
        assert_eq!(n.raw(2), 3);
    }

    #[test]
    fn diff_names_the_file() {
        let d = unified_diff("r.txt", "收入,支出\n", "收入，支出\n");
        assert!(
            d.contains("--- a/r.txt") && d.contains("+收入，支出"),
            "{d}"
        );
    }
}
