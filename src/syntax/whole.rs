//! The fast path: a whole file in one pest call.
//!
//! Parsing line by line with `line` costs a pest call (and its buffers) per
//! line. A file without syntax errors gives exactly the same statements when
//! parsed at once with the grammar's `file` rule: no token crosses a line
//! break, and a line's statement does not depend on what follows the line.
//! So the file is parsed whole first; if anything is off (a syntax error, a
//! line nested too deep, a byte-order mark, a lone carriage return, or a
//! statement that does not sit on its own line) this gives up, and
//! [`super::parse_lines`] parses line by line to report the errors.

use pest::Parser;

use super::{check_depth, Line, RubricParser, Rule, Slot};
use crate::limits::Limits;

/// The lines of `text` (its `slots`, in order), if the file parses whole.
pub(super) fn parse<'a>(text: &'a str, slots: &[Slot<'a>], limits: &Limits) -> Option<Vec<Line<'a>>> {
    if text.starts_with('\u{feff}') || has_lone_carriage_return(text) {
        return None;
    }
    if slots.iter().any(|slot| check_depth(slot.text, slot.offset, limits).is_some()) {
        return None;
    }
    let file = RubricParser::parse(Rule::file, text).ok()?.next()?;
    let mut statements = file.into_inner().filter(|p| p.as_rule() != Rule::comment && p.as_rule() != Rule::EOI);
    let mut lines = Vec::with_capacity(slots.len());
    for slot in slots {
        let statement = statements.next()?;
        let span = statement.as_span();
        if span.start() != slot.offset || span.end() > slot.offset + slot.text.len() {
            return None;
        }
        lines.push(Line { indent: slot.indent, base: 0, span: slot.span(), statement: Some(statement), failed: false });
    }
    if statements.next().is_some() {
        return None;
    }
    Some(lines)
}

/// A `\r` not followed by `\n`: a line break for pest, not for the line splitter.
fn has_lone_carriage_return(text: &str) -> bool {
    text.match_indices('\r').any(|(at, _)| text.as_bytes().get(at + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use pest::iterators::Pair;

    use super::super::{parse_line, split};
    use super::*;

    /// A rule and its file positions.
    type Token = (Rule, usize, usize);

    /// Rules and file positions of a statement and everything in it.
    fn shape(pair: &Pair<'_, Rule>, base: usize, out: &mut Vec<Token>) {
        let span = pair.as_span();
        out.push((pair.as_rule(), base + span.start(), base + span.end()));
        for inner in pair.clone().into_inner() {
            shape(&inner, base, out);
        }
    }

    fn shapes(lines: &[Line<'_>]) -> Vec<(usize, Vec<Token>)> {
        lines
            .iter()
            .map(|line| {
                let mut out = Vec::new();
                if let Some(statement) = &line.statement {
                    shape(statement, line.base, &mut out);
                }
                (line.indent, out)
            })
            .collect()
    }

    /// The whole-file parse, if it answers, agrees with parsing line by line.
    fn agrees(text: &str) -> bool {
        let limits = Limits::default();
        let slots = split(text);
        let Some(fast) = parse(text, &slots, &limits) else { return false };
        let mut diagnostics = Vec::new();
        let slow: Vec<Line<'_>> = slots.into_iter().map(|s| parse_line(s, &limits, &mut diagnostics)).collect();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(shapes(&fast), shapes(&slow));
        true
    }

    #[test]
    fn every_rubric_parses_whole_the_same_as_line_by_line() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
        let mut count = 0;
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(agrees(&text), "{}", entry.path().display());
            assert!(agrees(&text.replace('\n', "\r\n")), "{} with CRLF", entry.path().display());
            count += 1;
        }
        assert!(count > 0);
    }

    #[test]
    fn gives_way_to_line_by_line_parsing() {
        let ok = "rubric \"t\" max 1\n";
        assert!(agrees(ok));
        // A syntax error, a backslash escaping the line break, a lone CR, a byte-order mark.
        assert!(!agrees("rubric \"t\" max 1\nscore 1 +\n"));
        assert!(!agrees("rubric \"t\" max 1\n\"abc\\\n  def\"\n"));
        assert!(!agrees("rubric \"t\" max 1\r  # note\n"));
        assert!(!agrees("\u{feff}rubric \"t\" max 1\n"));
        let deep = format!("rubric \"t\" max 1\nscore {}1{}\n", "(".repeat(100), ")".repeat(100));
        assert!(!agrees(&deep));
    }
}
