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
