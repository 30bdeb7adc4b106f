//! Script functions for text-level rules (punctuation, placeholders,
//! lexicon): the characters around a match, and character classes.
//!
//! Rules never do offset arithmetic on Chinese text; they ask for the
//! neighbours of a match instead, counted in characters and computed here.

use rhai::{Engine, ImmutableString, INT};

use super::{DocHandle, MatchHandle, SpanHandle};
use crate::document::{Document, Span};

/// Up to `n` characters of `doc` before `span`, not crossing a line break.
fn before(doc: &Document, span: Span, n: INT) -> ImmutableString {
    let head = doc.text.get(..span.start).unwrap_or("");
    let head = &head[head.rfind('\n').map_or(0, |i| i + 1)..];
    let n = n.max(0) as usize;
    if n == 0 {
        return ImmutableString::new();
    }
    // Fewer than n characters on the line: all of them.
    let start = head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    head[start..].into()
}

/// Up to `n` characters of `doc` after `span`, not crossing a line break.
fn after(doc: &Document, span: Span, n: INT) -> ImmutableString {
    let tail = doc.text.get(span.end..).unwrap_or("");
    let tail = &tail[..tail.find('\n').unwrap_or(tail.len())];
    let n = n.max(0) as usize;
    let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
    tail[..end].into()
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r')
}

/// The nearest character before `span` on its line that is not white space.
fn prev_char(doc: &Document, span: Span) -> ImmutableString {
    let head = doc.text.get(..span.start).unwrap_or("");
    let head = &head[head.rfind('\n').map_or(0, |i| i + 1)..];
    head.chars()
        .rev()
        .find(|c| !is_blank(*c))
        .map_or_else(ImmutableString::new, |c| c.to_string().into())
}

/// The nearest character after `span` on its line that is not white space.
fn next_char(doc: &Document, span: Span) -> ImmutableString {
    let tail = doc.text.get(span.end..).unwrap_or("");
    let tail = &tail[..tail.find('\n').unwrap_or(tail.len())];
    tail.chars()
        .find(|c| !is_blank(*c))
        .map_or_else(ImmutableString::new, |c| c.to_string().into())
}

/// A CJK ideograph (the unified blocks and their extensions).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Chinese text: an ideograph, CJK punctuation (、。〔〕“” …) or a
/// full-width form (，；：（）！？ and full-width letters and digits).
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF60 | 0xFE30..=0xFE4F)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// The debris masked out of the text before it was read (HTML entities,
/// footnote and bookmark marks, U+FFFD, zero-width characters), as matches
/// whose `groups` are `[text as written, kind]` (the text of the match
/// itself is the blanked place).
fn debris(d: &DocHandle) -> rhai::Array {
    d.0.debris
        .iter()
        .map(|x| {
            rhai::Dynamic::from(MatchHandle {
                doc: d.0.clone(),
                span: x.span,
                groups: vec![
                    rhai::Dynamic::from(ImmutableString::from(x.text.as_str())),
                    rhai::Dynamic::from(ImmutableString::from(x.kind)),
                ],
            })
        })
        .collect()
}

/// Registers the text helpers on `engine`.
pub fn register(engine: &mut Engine) {
    engine.register_fn("debris", |d: &mut DocHandle| debris(d));
    engine.register_fn("before", |m: &mut MatchHandle, n: INT| {
        before(&m.doc, m.span, n)
    });
    engine.register_fn("after", |m: &mut MatchHandle, n: INT| {
        after(&m.doc, m.span, n)
    });
    engine.register_fn("before", |s: &mut SpanHandle, n: INT| {
        before(&s.doc, s.span, n)
    });
    engine.register_fn("after", |s: &mut SpanHandle, n: INT| {
        after(&s.doc, s.span, n)
    });
    engine.register_fn("prev_char", |m: &mut MatchHandle| prev_char(&m.doc, m.span));
    engine.register_fn("next_char", |m: &mut MatchHandle| next_char(&m.doc, m.span));
    engine.register_fn("prev_char", |s: &mut SpanHandle| prev_char(&s.doc, s.span));
    engine.register_fn("next_char", |s: &mut SpanHandle| next_char(&s.doc, s.span));
    // Character classes of a string: true when it is non-empty and every
    // character is of the class.
    engine.register_fn("is_cjk", |s: &str| !s.is_empty() && s.chars().all(is_cjk));
    engine.register_fn("is_han", |s: &str| !s.is_empty() && s.chars().all(is_han));
    engine.register_fn("has_han", |s: &str| s.chars().any(is_han));
    // `text` without any of the characters in `chars`.
    engine.register_fn(
        "remove_chars",
        |text: &str, chars: &str| -> ImmutableString {
            text.chars()
                .filter(|c| !chars.contains(*c))
                .collect::<String>()
                .into()
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_count_characters_and_stop_at_line_breaks() {
        let doc = crate::parse("t", "上一行\n自身特点,建立了\n".to_string());
        let comma = doc.text.find(',').unwrap();
        let span = Span::new(comma, comma + 1);
        assert_eq!(before(&doc, span, 2).as_str(), "特点");
        assert_eq!(before(&doc, span, 9).as_str(), "自身特点");
        assert_eq!(after(&doc, span, 2).as_str(), "建立");
        assert_eq!(after(&doc, span, 0).as_str(), "");
        assert_eq!(prev_char(&doc, span).as_str(), "点");
        assert_eq!(next_char(&doc, span).as_str(), "建");
    }

    #[test]
    fn character_classes() {
        assert!(is_cjk('，') && is_cjk('特') && is_cjk('“'));
        assert!(!is_cjk(',') && !is_cjk('a') && !is_cjk('1'));
        assert!(is_han('特') && !is_han('，'));
    }
}
