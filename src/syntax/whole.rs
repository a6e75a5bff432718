//! The fast path: many lines in one pest call.
//!
//! Parsing line by line with `line` costs a pest call (and its buffers) per
//! line. Lines without syntax errors give exactly the same statements when
//! parsed together with the grammar's `file` rule: no token crosses a line
//! break, and a line's statement does not depend on what follows the line.
//! `file` also parses in the grammar's fast mode, which skips alternatives
//! that the next character rules out; it accepts the same lines and builds the
//! same trees (a property test below checks this on cut and patched lines).
//! So [`super::parse_lines`] parses a run of lines at once first; if anything
//! is off (a syntax error, a line nested too deep, a lone carriage return, or
//! a statement that does not sit on its own line) this gives up, and those
//! lines are parsed one by one to report the errors. Runs are a few hundred
//! lines, so that pest's token buffers stay small.

use pest::Parser;

use super::{check_depth, Line, RubricParser, Rule, Slot};
use crate::base::limits::Limits;

/// Lines in one run: the fewer, the smaller pest's buffers; the more, the fewer calls.
pub(super) const RUN: usize = 128;

/// True if runs of `text`'s lines may be parsed together.
pub(super) fn possible(text: &str) -> bool {
    !has_lone_carriage_return(text)
}

/// The lines `slots` (consecutive lines of `text`), if they parse together.
pub(super) fn parse<'a>(text: &'a str, slots: &[Slot<'a>], limits: &Limits) -> Option<Vec<Line<'a>>> {
    if slots.iter().any(|slot| check_depth(slot.text, slot.offset, limits).is_some()) {
        return None;
    }
    let (first, last) = (slots.first()?, slots.last()?);
    let base = first.offset;
    let run = text.get(base..last.offset + last.text.len())?;
    let file = RubricParser::parse(Rule::file, run).ok()?.next()?;
    let mut statements = file.into_inner().filter(|p| p.as_rule() != Rule::comment && p.as_rule() != Rule::EOI);
    let mut lines = Vec::with_capacity(slots.len());
    for slot in slots {
        let statement = statements.next()?;
        let span = statement.as_span();
        if base + span.start() != slot.offset || base + span.end() > slot.offset + slot.text.len() {
            return None;
        }
        lines.push(Line { indent: slot.indent, base, span: slot.span(), statement: Some(statement), failed: false });
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
        if !possible(text) {
            return false;
        }
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
        let files = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|entry| entry.path());
        for path in files.filter(|path| path.extension().is_some_and(|e| e == "rubric")) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(agrees(&text), "{}", path.display());
            assert!(agrees(&text.replace('\n', "\r\n")), "{} with CRLF", path.display());
            count += 1;
        }
        assert!(count > 0);
    }

    /// Rules and positions of everything under the top rule (`line` or `file`), or `None` on an error.
    fn tree(rule: Rule, text: &str) -> Option<Vec<(Rule, usize, usize)>> {
        let pairs = RubricParser::parse(rule, text).ok()?;
        Some(pairs.flatten().skip(1).map(|p| (p.as_rule(), p.as_span().start(), p.as_span().end())).collect())
    }

    /// Every line of the shipped rubrics, without its indentation.
    fn shipped_lines() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
        let files = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|entry| entry.path());
        let mut lines: Vec<String> = files
            .filter(|path| path.extension().is_some_and(|e| e == "rubric"))
            .flat_map(|path| {
                std::fs::read_to_string(path).unwrap_or_default().lines().map(str::to_owned).collect::<Vec<_>>()
            })
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect();
        lines.sort();
        lines.dedup();
        lines
    }

    /// Pieces that start or end the guarded alternatives of the fast mode.
    const PIECES: [&str; 34] = [
        "if ", "若", "then ", "否则", "and", "或", "非", "not ", "是", "yes", "no", "true", "(", ")", "（", "%", "×",
        "-", "−", "=", "≥", "<>", "!=", "\"", "“", "x", "_a", " ", "1", "0.5", ",", "ifx", "每", "分",
    ];

    proptest::proptest! {
        /// A line, cut and patched anywhere: the fast mode (`file`) accepts it exactly when
        /// `line` does, and builds the same tree.
        #[test]
        fn fast_mode_accepts_and_builds_what_line_does(
            line in proptest::sample::select(shipped_lines()),
            edits in proptest::collection::vec(
                (proptest::sample::select(PIECES.to_vec()), proptest::prelude::any::<proptest::sample::Index>(), 0..3usize),
                0..3,
            ),
        ) {
            let mut chars: Vec<char> = line.chars().collect();
            for (piece, at, how) in edits {
                let at = at.index(chars.len() + 1);
                if how > 0 && at < chars.len() {
                    chars.remove(at);
                }
                if how < 2 {
                    chars.splice(at..at, piece.chars());
                }
            }
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(tree(Rule::line, &text), tree(Rule::file, &text), "{}", text);
        }
    }

    #[test]
    fn gives_way_to_line_by_line_parsing() {
        let ok = "rubric \"t\" max 1\n";
        assert!(agrees(ok));
        assert!(agrees("\u{feff}rubric \"t\" max 1\n  # note\n\n  year 2024\n"));
        // A syntax error, a backslash escaping the line break, a lone CR.
        assert!(!agrees("rubric \"t\" max 1\nscore 1 +\n"));
        assert!(!agrees("rubric \"t\" max 1\n\"abc\\\n  def\"\n"));
        assert!(!agrees("rubric \"t\" max 1\r  # note\n"));
        let deep = format!("rubric \"t\" max 1\nscore {}1{}\n", "(".repeat(100), ")".repeat(100));
        assert!(!agrees(&deep));
    }
}
