//! Full-width characters (全角): what a Chinese input method types for digits,
//! letters and signs when it is not switched to half-width. Data files accept
//! them; rubric text asks for the half-width form and shows it.

/// The half-width form of a full-width ASCII character (`２` → `2`, `％` → `%`,
/// the ideographic space → a space); other characters are kept.
pub fn half_width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `text` in half-width characters, or `None` when it has no full-width ones.
pub fn half_width(text: &str) -> Option<String> {
    text.chars().any(|c| half_width_char(c) != c).then(|| text.chars().map(half_width_char).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_of_rubric_text() {
        assert_eq!(half_width("item 1 \"专题研究\" ３").as_deref(), Some("item 1 \"专题研究\" 3"));
        assert_eq!(half_width("５％").as_deref(), Some("5%"));
        assert_eq!(half_width("score 3"), None);
        // Chinese punctuation that is not a full-width form is kept.
        assert_eq!(half_width("“专题”"), None);
    }
}
