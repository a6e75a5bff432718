//! Byte spans and values that carry one.
//!
//! Spans are byte offsets into the source text, never character counts, so a
//! caret under Chinese text lands where it should.

use std::ops::Range;

/// A byte range into one source file.
pub type Span = Range<usize>;

/// A value with the span it was written at. Equality ignores the span, so two
/// trees that differ only in layout compare equal.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value with its span.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

/// The smallest span that covers both.
pub fn join(a: &Span, b: &Span) -> Span {
    a.start.min(b.start)..a.end.max(b.end)
}
