//! Causes first: a line that does not parse is what the author has to fix,
//! and what follows only from it (a section whose weights no longer add up
//! because an item's line was dropped, a name whose `input` line was dropped)
//! is left out, so that the first message is the real cause.

use crate::base::diagnostic::{Code, Diagnostic};

/// True for the diagnostics that say a line itself is wrong.
fn is_cause(d: &Diagnostic) -> bool {
    matches!(d.code, Code::Syntax | Code::TooDeep)
}

/// Leaves out what follows only from a line that does not parse, then sorts:
/// those lines' diagnostics first, the rest by place.
pub(crate) fn causes_first(text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let lines = Lines::new(text);
    let broken: Vec<usize> = diagnostics.iter().filter(|d| is_cause(d)).map(|d| lines.index(d.span.start)).collect();
    if !broken.is_empty() {
        diagnostics.retain(|d| !follows_from(d, text, &lines, &broken));
    }
    diagnostics.sort_by_key(|d| (!is_cause(d), d.span.start, d.severity));
}

/// Whether `d` follows from one of the `broken` lines: weights that do not add
/// up under a section (or the whole rubric) holding a broken line, a name that
/// is not declared where a broken line names it.
fn follows_from(d: &Diagnostic, text: &str, lines: &Lines<'_>, broken: &[usize]) -> bool {
    match d.code {
        Code::Weights => {
            let line = lines.index(d.span.start);
            let (from, to) = lines.extent(line);
            broken.iter().any(|b| (from..to).contains(b))
        }
        Code::UndefinedName => {
            let name = text.get(d.span.clone()).unwrap_or_default().trim();
            !name.is_empty() && broken.iter().any(|b| lines.text(*b).contains(name))
        }
        _ => false,
    }
}

/// A text's lines, by their start offsets.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    /// The line (from 0) holding byte `offset`.
    fn index(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset).saturating_sub(1)
    }

    fn text(&self, line: usize) -> &'t str {
        let start = self.starts.get(line).copied().unwrap_or(self.text.len());
        let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or_default()
    }

    /// Indentation of a line with a statement; `None` for blank and comment lines.
    fn indent(&self, line: usize) -> Option<usize> {
        let text = self.text(line).trim_end_matches(['\n', '\r']);
        let body = text.trim_start_matches([' ', '\t', '\u{3000}']);
        (!body.is_empty() && !body.starts_with('#')).then(|| text.len() - body.len())
    }

    /// The lines that belong to `line` (itself and the lines indented under
    /// it); the rubric header's line holds the whole file.
    fn extent(&self, line: usize) -> (usize, usize) {
        let own = self.text(line).trim_start();
        if own.starts_with("rubric ") || own.starts_with("评分表 ") {
            return (0, self.starts.len());
        }
        let indent = self.indent(line).unwrap_or(0);
        let end = (line + 1..self.starts.len()).find(|l| self.indent(*l).is_some_and(|i| i <= indent));
        (line, end.unwrap_or(self.starts.len()))
    }
}

#[cfg(test)]
mod tests {
    use crate::base::diagnostic::Code;
    use crate::base::limits::Limits;

    fn codes(text: &str) -> Vec<Code> {
        crate::check::check_source(text, &Limits::default()).1.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_broken_item_line_hides_its_section_weights() {
        let text = "rubric \"测试\" max 10\ninput 次数: count\nsection 一 \"一\" 10\n  item 1 \"专题研究\" ３\n    score 1 per 次数, at most 3\n  item 2 \"其他 7\n    score 7\n";
        assert_eq!(codes(text), [Code::Syntax, Code::Syntax]);
    }

    #[test]
    fn weights_wrong_elsewhere_are_still_reported_after_the_cause() {
        let text = "rubric \"测试\" max 10\ninput 次数: count\nsection 一 \"一\" 5\n  item 1 \"项\" 4\n    score 4\nsection 二 \"二\" 5\n  item 2 \"项 5\n    score 5\n";
        let found = codes(text);
        // 一 adds up to 4, not 5: wrong on its own; 二 and the maximum hold the broken line.
        assert_eq!(found, [Code::Syntax, Code::Weights]);
    }

    #[test]
    fn an_undeclared_name_from_a_broken_input_line_is_left_out() {
        let text = "rubric \"测试\" max 2\ninput 次数 count\nsection 一 \"一\" 2\n  item 1 \"项\" 2\n    score 2 if 次数 > 0\n";
        assert_eq!(codes(text), [Code::Syntax]);
    }
}
