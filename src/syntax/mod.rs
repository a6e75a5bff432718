//! Text → pest pairs, one line at a time.
//!
//! A rubric is line-oriented, so each line is parsed on its own with the
//! grammar's `line` rule: a syntax error in one line never hides the next.
//! Before pest sees a line, its bracket depth is measured without recursion,
//! so deeply nested input is rejected with a diagnostic instead of
//! overflowing the stack. Lines without errors are read a few hundred at a
//! time instead (see `whole`), which gives the same statements faster.

mod errors;
pub use errors::{is_keyword_rule, is_symbol_operator};
use errors::syntax_error;
pub mod outline;
mod whole;

use pest::iterators::Pair;
use pest::Parser;

use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::limits::Limits;
use crate::base::span::Span;

/// The pest parser generated from `grammar/rubric.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rubric.pest"]
pub struct RubricParser;

/// One non-blank line of a rubric.
#[derive(Debug)]
pub struct Line<'a> {
    /// Indentation width (a tab counts 4, a full-width space 2).
    pub indent: usize,
    /// Byte offset in the file that the statement's positions count from:
    /// the line's text (after indentation) when the line was parsed alone,
    /// the first line's when it was parsed together with the lines after it.
    pub base: usize,
    /// The statement, if the line holds one (not only a comment).
    pub statement: Option<Pair<'a, Rule>>,
    /// The span of the statement text.
    pub span: Span,
    /// The line did not parse (its error is already reported).
    pub failed: bool,
}

/// A non-blank line that is not only a comment, before parsing.
#[derive(Debug, Clone, Copy)]
struct Slot<'a> {
    /// Indentation width.
    indent: usize,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// The line without indentation, line break and trailing blanks.
    text: &'a str,
}

impl Slot<'_> {
    fn span(&self) -> Span {
        self.offset..self.offset + self.text.len()
    }
}

/// Splits `text` into lines and parses each. Lines that fail are reported
/// and left out; blank and comment-only lines are left out too.
pub fn parse_lines<'a>(text: &'a str, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let statements = Statements::split(text);
    statements.parse(0..statements.len(), limits, diagnostics)
}

/// The statement lines of a rubric (not blank, not only a comment), split
/// but not yet parsed, so that parts of a file can be parsed on their own.
pub(crate) struct Statements<'a> {
    text: &'a str,
    slots: Vec<Slot<'a>>,
    together: bool,
}

impl<'a> Statements<'a> {
    /// The statement lines of `text`.
    pub(crate) fn split(text: &'a str) -> Self {
        Statements { text, slots: split(text), together: whole::possible(text) }
    }

    /// How many there are.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The lines that are not indented, by number: each starts a root of the
    /// indentation tree, so the file may be cut before any of them.
    pub(crate) fn roots(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.slots.iter().enumerate().filter(|(_, slot)| slot.indent == 0).map(|(at, slot)| (at, slot.text))
    }

    /// Parses the lines numbered `range`; those that fail are reported.
    pub(crate) fn parse(
        &self,
        range: std::ops::Range<usize>,
        limits: &Limits,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Line<'a>> {
        let slots = self.slots.get(range).unwrap_or_default();
        let mut lines = Vec::with_capacity(slots.len());
        for run in slots.chunks(whole::RUN) {
            let parsed = if self.together { whole::parse(self.text, run, limits) } else { None };
            match parsed {
                Some(mut parsed) => lines.append(&mut parsed),
                None => lines.extend(run.iter().map(|slot| parse_line(*slot, limits, diagnostics))),
            }
        }
        lines
    }
}

/// The lines of `text` that hold something besides a comment.
fn split(text: &str) -> Vec<Slot<'_>> {
    let mut slots = Vec::new();
    let mut start = 0;
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let skip = if line_start == 0 { body_start } else { 0 };
        let content = content.get(skip..).unwrap_or("");
        let (indent, indent_bytes) = measure_indent(content);
        let rest = content.get(indent_bytes..).unwrap_or("");
        let offset = line_start + skip + indent_bytes;
        let trimmed = rest.trim_end_matches([' ', '\t', '\u{3000}']);
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        slots.push(Slot { indent, offset, text: trimmed });
    }
    slots
}

/// Parses one line with the grammar's `line` rule; a failure is reported.
fn parse_line<'a>(slot: Slot<'a>, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> Line<'a> {
    let Slot { indent, offset, text } = slot;
    let failed = Line { indent, base: offset, span: slot.span(), statement: None, failed: true };
    if let Some(diagnostic) = check_depth(text, offset, limits) {
        diagnostics.push(diagnostic);
        return failed;
    }
    match RubricParser::parse(Rule::line, text) {
        Ok(mut pairs) => {
            let statement = pairs
                .next()
                .and_then(|line| line.into_inner().find(|p| p.as_rule() != Rule::comment && p.as_rule() != Rule::EOI));
            Line { statement, failed: false, ..failed }
        }
        Err(error) => {
            diagnostics.push(syntax_error(&error, text, offset));
            failed
        }
    }
}

fn measure_indent(content: &str) -> (usize, usize) {
    let mut width = 0;
    let mut bytes = 0;
    for c in content.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4,
            '\u{3000}' => width += 2,
            _ => break,
        }
        bytes += c.len_utf8();
    }
    (width, bytes)
}

/// Rejects a line whose brackets or `if`s nest deeper than the limit.
fn check_depth(line: &str, offset: usize, limits: &Limits) -> Option<Diagnostic> {
    // Each `(` is one byte `(`, each `（` holds a byte 0xBC, and each `if ` ends
    // with a space: a line with few of those bytes cannot be too deep.
    let bound = line.bytes().filter(|&b| b == b'(' || b == b' ' || b == 0xBC).count();
    if bound <= limits.max_expr_depth {
        return None;
    }
    let mut depth = 0usize;
    let mut ifs = 0usize;
    let mut in_string: Option<char> = None;
    // The character before this one, strings skipped (an opening quote counts).
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        if let Some(close) = in_string {
            if c == close {
                in_string = None;
            }
            continue;
        }
        match c {
            '"' => in_string = Some('"'),
            '“' => in_string = Some('”'),
            '「' => in_string = Some('」'),
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if matches!(c, 'i' | '若' | '如') && !(previous.is_alphanumeric() || previous == '_') {
            let rest = line.get(i..).unwrap_or("");
            if rest.starts_with("if ") || rest.starts_with("若 ") || rest.starts_with("如果 ") {
                ifs += 1;
            }
        }
        previous = c;
        if depth + ifs > limits.max_expr_depth {
            let at = offset + i;
            let max = limits.max_expr_depth;
            return Some(
                Diagnostic::error(
                    Code::TooDeep,
                    at..at + c.len_utf8(),
                    crate::tr!("expression nested more than {max} levels deep", "表达式嵌套超过 {max} 层"),
                )
                .label(crate::tr!("too deep from here", "从这里起嵌套过深"))
                .help(crate::tr!("split the formula into `let` steps", "把公式拆成几步 `let`（令）来写")),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_deep_at(line: &str) -> Option<usize> {
        check_depth(line, 0, &Limits::default()).map(|d| d.span.start)
    }

    #[test]
    fn nesting_past_the_limit_is_found_in_every_form() {
        let max = Limits::default().max_expr_depth;
        for (open, close) in [("(", ")"), ("（", "）")] {
            assert_eq!(too_deep_at(&format!("{}1{}", open.repeat(max), close.repeat(max))), None);
            let deep = format!("{}1{}", open.repeat(max + 1), close.repeat(max + 1));
            assert_eq!(too_deep_at(&deep), Some(open.len() * max), "{open}");
        }
        for word in ["if ", "若 ", "如果 "] {
            let unit = format!("{word}x 则 ");
            assert_eq!(too_deep_at(&format!("{}1", unit.repeat(max))), None);
            assert_eq!(too_deep_at(&format!("{}1", unit.repeat(max + 1))), Some(unit.len() * max), "{word}");
        }
        // Many spaces, brackets in text and words that only contain `if` are not nesting.
        let flat = format!("{}1 \"{}\" + {}", "1 + ".repeat(200), "(".repeat(100), "gift ".repeat(100));
        assert_eq!(too_deep_at(&flat), None);
    }
}
