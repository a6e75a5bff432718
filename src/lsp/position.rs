//! Byte offsets ↔ the editor protocol's positions: a line, and a column counted
//! in UTF-16 code units.
//!
//! Spans in this project are byte offsets; the protocol counts columns in
//! UTF-16 code units, so a Chinese character is one unit (three bytes) and a
//! character outside the Basic Multilingual Plane two. Lines end at `\n`
//! (a `\r` before it belongs to the line break), as `rubric` reads them.

use crate::base::span::Span;

/// A position as the protocol counts it: 0-based line, 0-based UTF-16 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// The line, from 0.
    pub line: u32,
    /// The column in UTF-16 code units, from 0.
    pub character: u32,
}

impl Position {
    /// A position.
    pub fn new(line: u32, character: u32) -> Self {
        Position { line, character }
    }
}

/// Where each line of a text starts, to convert offsets and positions quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The byte range of line `line` without its line break (`\n` or `\r\n`).
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts.get(line).copied().unwrap_or(text.len()).min(text.len());
        let next = self.starts.get(line + 1).map_or(text.len(), |next| next.saturating_sub(1));
        let raw = text.get(start..next.max(start)).unwrap_or("");
        start..start + raw.strip_suffix('\r').unwrap_or(raw).len()
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
        Position { line: to_u32(line), character: to_u32(character) }
    }

    /// The byte offset of `position`. A column past the end of its line is the line's end, a
    /// line past the end of the text is the text's end, and a column inside a character that
    /// takes two UTF-16 units is that character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let span = self.line_span(text, line);
        let content = text.get(span.clone()).unwrap_or("");
        let mut units = 0u32;
        for (at, c) in content.char_indices() {
            let width = c.len_utf16() as u32;
            if units + width > position.character {
                return span.start + at;
            }
            units += width;
        }
        span.end
    }

    /// The start and end positions of a byte span.
    pub fn range(&self, text: &str, span: &Span) -> (Position, Position) {
        (self.position(text, span.start), self.position(text, span.end.max(span.start)))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_one_unit_per_character_and_does_not_shift_columns() {
        let text = "input 专题研究次数: count\n  score 1.5 per 专题研究次数\n";
        let index = LineIndex::new(text);
        let use_at = text.rfind("专题研究次数").unwrap();
        assert_eq!(index.position(text, use_at), Position::new(1, 16));
        assert_eq!(index.position(text, use_at + "专题研究次数".len()), Position::new(1, 22));
        assert_eq!(index.offset(text, Position::new(1, 16)), use_at);
        assert_eq!(index.offset(text, Position::new(0, 6)), "input ".len());
        assert_eq!(index.offset(text, Position::new(0, 12)), "input 专题研究次数".len());
    }

    #[test]
    fn characters_outside_the_basic_plane_take_two_units() {
        let text = "a𝟘b\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1 + 4), Position::new(0, 3));
        assert_eq!(index.offset(text, Position::new(0, 3)), 5);
        // Inside the surrogate pair: the character's start.
        assert_eq!(index.offset(text, Position::new(0, 2)), 1);
    }

    #[test]
    fn columns_past_the_line_end_and_lines_past_the_text_end_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 99)), 2);
        assert_eq!(index.offset(text, Position::new(1, 1)), 5);
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        assert_eq!(index.position(text, 99), Position::new(1, 2));
        assert_eq!(index.line_span(text, 0), 0..2);
        // An offset inside a multi-byte character goes back to its start.
        let zh = "一二";
        assert_eq!(LineIndex::new(zh).position(zh, 4), Position::new(0, 1));
    }
}
