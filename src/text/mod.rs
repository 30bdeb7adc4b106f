//! Text primitives every layer shares, depending on nothing else in the
//! crate: byte spans and the line index, digits and number tokens.

pub mod location;
pub mod number;
pub mod span;

pub use span::{LineIndex, Span};

/// The value of a full-width digit (０–９).
pub fn fullwidth_digit(c: char) -> Option<u32> {
    ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
}

/// A full-width digit as its ASCII digit; any other character unchanged.
pub fn ascii_digit(c: char) -> char {
    match fullwidth_digit(c) {
        Some(d) => char::from(b'0' + d as u8),
        None => c,
    }
}

/// `s` with its full-width digits written as ASCII digits (２０１９ → 2019).
pub fn ascii_digits(s: &str) -> String {
    s.chars().map(ascii_digit).collect()
}
