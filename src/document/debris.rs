//! Conversion debris that hides text: HTML entities, footnote and bookmark
//! marks, replacement and zero-width characters.
//!
//! Before headings and facts are read, each piece is masked — its bytes
//! replaced by as many spaces — so that byte offsets (and every span built
//! on them) stay valid, a heading behind `&nbsp;` is still a heading and the
//! `;` of an entity is not punctuation. What was masked is kept, with its
//! place, for the `conversion-artifact` rule to report.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::Span;

/// One masked piece of debris.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Debris {
    pub span: Span,
    /// The text as it was before masking.
    pub text: String,
    /// What it is, in Chinese (HTML 实体, 脚注标记 …), for the message.
    pub kind: &'static str,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?P<entity>&(?:[A-Za-z]{2,8}|#[0-9]{2,7}|#[xX][0-9A-Fa-f]{2,6});)",
            r"|(?P<footnote>\[(?:footnoteRef|footnote|endnoteRef):\s*[0-9]{1,4}\])",
            r"|(?P<bookmark>\[bookmark:[^\]\n]{0,80}\])",
            r"|(?P<replacement>\x{FFFD}+)",
            r"|(?P<zero_width>[\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}]+)",
        ))
        .expect("the debris pattern is valid")
    })
}

/// Masks the debris of `text` in place and returns what was masked.
///
/// A byte-order mark at the very start is not debris (decoding keeps it
/// out of the text already; a stray one here is left to the trimming of
/// lines).
pub fn mask(text: &mut String) -> Vec<Debris> {
    let mut found = Vec::new();
    for c in pattern().captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if m.start() == 0 && m.as_str().starts_with('\u{feff}') {
            continue;
        }
        let kind = if c.name("entity").is_some() {
            "HTML 实体"
        } else if c.name("footnote").is_some() {
            "脚注标记"
        } else if c.name("bookmark").is_some() {
            "书签标记"
        } else if c.name("replacement").is_some() {
            "乱码替换字符（U+FFFD）"
        } else {
            "零宽字符"
        };
        found.push(Debris {
            span: Span::new(m.start(), m.end()),
            text: m.as_str().to_string(),
            kind,
        });
    }
    if found.is_empty() {
        return found;
    }
    // Every masked range covers whole characters, so the bytes written are
    // ASCII spaces over whole UTF-8 sequences and the string stays valid.
    let mut bytes = std::mem::take(text).into_bytes();
    for d in &found {
        for b in &mut bytes[d.span.start..d.span.end] {
            *b = b' ';
        }
    }
    *text = String::from_utf8(bytes).unwrap_or_default();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris_is_masked_without_moving_offsets() {
        let mut t = "一、基本情况&nbsp;\n收入[footnoteRef:2]622万元\u{200b}，见[bookmark: _GoBack]表\u{fffd}。".to_string();
        let len = t.len();
        let found = mask(&mut t);
        assert_eq!(t.len(), len);
        let kinds: Vec<_> = found.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                "HTML 实体",
                "脚注标记",
                "零宽字符",
                "书签标记",
                "乱码替换字符（U+FFFD）"
            ]
        );
        assert_eq!(found[0].text, "&nbsp;");
        assert!(t.starts_with("一、基本情况      \n收入"));
        assert!(!t.contains(';') && !t.contains('['));
        // The span of each piece points at its blanked place.
        for d in &found {
            assert!(t[d.span.start..d.span.end].bytes().all(|b| b == b' '));
        }
    }

    #[test]
    fn ordinary_ampersands_and_brackets_stay() {
        let mut t = "R&D 经费；[注1]见附表；A & B;".to_string();
        assert!(mask(&mut t).is_empty());
        assert_eq!(t, "R&D 经费；[注1]见附表；A & B;");
    }
}
