//! Lowering a large rubric in parts, one thread each.
//!
//! A line that is not indented starts a root of the indentation tree, and a
//! root is lowered without looking at any other root, except for the header
//! (the `rubric` line and its properties, which may be written at the top
//! level too). So a large file is cut into parts of about equal size before
//! unindented lines, all of its header lines in the first part; each part is
//! parsed and lowered on its own thread, and the parts are joined in order.
//! The tree and the diagnostics are the same as when the file is lowered in
//! one go (the diagnostics are put in file order either way).

use std::ops::Range;

use crate::lower::ast::Rubric;
use crate::base::diagnostic::Diagnostic;
use crate::base::limits::Limits;
use crate::syntax::outline;
use crate::syntax::Statements;

use super::Lowerer;

/// The fewest statement lines in a part: a thread for fewer costs more than it saves.
const MIN_PART: usize = 2_000;

/// Words that start a header line (`rubric`, `year` …) at the top level.
const HEADER_WORDS: [&str; 16] = [
    "rubric",
    "评分表",
    "year",
    "年度",
    "version",
    "版本",
    "max",
    "满分",
    "rounding",
    "舍入",
    "not-applicable",
    "缺省项",
    "grades",
    "等级",
    "floor",
    "最低分",
];

/// The parts to lower: ranges of statement lines, in order, covering them all.
///
/// One part unless the file has at least [`MIN_PART`] lines for each of two
/// threads. A file with more lines than the item limit is lowered whole, so
/// that items are counted against the limit in order.
pub(super) fn plan(statements: &Statements<'_>, limits: &Limits, threads: usize) -> Vec<Range<usize>> {
    let total = statements.len();
    let parts = threads.min(total / MIN_PART);
    if parts < 2 || total > limits.max_items {
        return std::iter::once(0..total).collect();
    }
    let roots: Vec<(usize, &str)> = statements.roots().collect();
    let after_header =
        roots.iter().rfind(|(_, text)| HEADER_WORDS.iter().any(|w| text.starts_with(w))).map_or(0, |(at, _)| at + 1);
    let mut cuts = vec![0];
    for k in 1..parts {
        let target = (total * k / parts).max(after_header);
        let last = cuts.last().copied().unwrap_or(0);
        if let Some(&(at, _)) = roots.iter().find(|(at, _)| *at >= target && *at > last) {
            cuts.push(at);
        }
    }
    cuts.push(total);
    cuts.windows(2)
        .filter_map(|w| match w {
            [start, end] => Some(*start..*end),
            _ => None,
        })
        .collect()
}

/// One part of a file, lowered.
pub(super) struct Part {
    rubric: Rubric,
    /// The part holds the `rubric` line.
    pub(super) seen_header: bool,
    diagnostics: Vec<Diagnostic>,
}

impl Part {
    /// Parses and lowers the statement lines `range`.
    fn lower(statements: &Statements<'_>, range: Range<usize>, limits: &Limits) -> Part {
        let mut lowerer = Lowerer { diagnostics: Vec::new(), items: 0, limits: *limits };
        let lines = statements.parse(range, limits, &mut lowerer.diagnostics);
        let tree = outline::build(lines, limits, &mut lowerer.diagnostics);
        let (rubric, seen_header) = lowerer.roots(tree);
        Part { rubric, seen_header, diagnostics: lowerer.diagnostics }
    }

    /// Adds this part, which follows everything already in `rubric`.
    pub(super) fn join_into(self, rubric: &mut Rubric, diagnostics: &mut Vec<Diagnostic>) {
        let Part { rubric: part, seen_header, diagnostics: mut more } = self;
        if seen_header {
            rubric.header = part.header;
        }
        rubric.inputs.extend(part.inputs);
        rubric.requires.extend(part.requires);
        rubric.sections.extend(part.sections);
        rubric.indicators.extend(part.indicators);
        rubric.checks.extend(part.checks);
        diagnostics.append(&mut more);
    }
}

/// Lowers the parts of `plan`, the first on this thread and each other on its
/// own (or on this one, if a thread cannot be started).
pub(super) fn lower(statements: &Statements<'_>, plan: &[Range<usize>], limits: &Limits) -> Vec<Part> {
    crate::base::threads::run_parts("rubric-lower", plan, |range| Part::lower(statements, range, limits))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    /// A rubric of `sections` × `items` items, with a few mistakes in it.
    fn rubric(sections: usize, items: usize, mistakes: bool) -> String {
        let mut text = String::from("rubric \"并行\" year 2024 max 100\n  rounding 2 half-up\n");
        for s in 0..sections {
            let _ = writeln!(text, "input 数{s}: count \"第{s}部分\"\ninput 预算{s}: amount 万元 range 0..");
        }
        for s in 0..sections {
            let _ = writeln!(text, "\nsection S{s} \"部分{s}\" 1");
            for j in 0..items {
                let _ = writeln!(text, "  item I{s}_{j} \"指标{s}-{j}\" 0.01");
                let _ = match j % 3 {
                    0 => writeln!(text, "    score min(0.01, 0.001 × 数{s})"),
                    1 => writeln!(text, "    checklist\n      0.01 if 预算{s} > 0 \"有预算\""),
                    _ => writeln!(text, "    not-applicable if 数{s} = 0: \"无\"\n    score 0.01"),
                };
                if mistakes && j % 97 == 5 {
                    let _ = writeln!(text, "    score 1 +\n  let x = 1\nscore 3\n  item 错 \"未闭合");
                }
            }
        }
        let _ = writeln!(text, "check \"合计\" 数0 >= 0");
        text
    }

    fn lowered(text: &str, threads: usize) -> String {
        let (rubric, diagnostics) = super::super::lower_in(text, &Limits::default(), threads);
        format!("{rubric:#?}\n{diagnostics:#?}")
    }

    #[test]
    fn a_large_file_is_cut_before_unindented_lines_after_the_header() {
        let text = rubric(40, 100, false);
        let statements = Statements::split(&text);
        let plan = plan(&statements, &Limits::default(), 4);
        assert_eq!(plan.len(), 4, "{plan:?}");
        assert_eq!(plan.first().map(|r| r.start), Some(0));
        assert_eq!(plan.last().map(|r| r.end), Some(statements.len()));
        let roots: Vec<usize> = statements.roots().map(|(at, _)| at).collect();
        for pair in plan.windows(2) {
            if let [a, b] = pair {
                assert_eq!(a.end, b.start);
                assert!(roots.contains(&b.start), "cut at {} is not a root", b.start);
            }
        }
    }

    #[test]
    fn small_files_and_header_lines_late_in_the_file_keep_one_part() {
        let limits = Limits::default();
        let small = rubric(2, 10, false);
        assert_eq!(plan(&Statements::split(&small), &limits, 8).len(), 1);
        let late = format!("{}year 2025\n", rubric(40, 60, false));
        assert_eq!(plan(&Statements::split(&late), &limits, 8).len(), 1);
        let tight = Limits { max_items: 100, ..limits };
        assert_eq!(plan(&Statements::split(&rubric(40, 60, false)), &tight, 8).len(), 1);
    }

    #[test]
    fn parts_give_the_same_tree_and_diagnostics_as_one_pass() {
        for mistakes in [false, true] {
            let text = rubric(40, 60, mistakes);
            assert!(plan(&Statements::split(&text), &Limits::default(), 8).len() > 1);
            let one = lowered(&text, 1);
            assert!(one.contains("Syntax") == mistakes);
            for threads in [2, 3, 8] {
                assert!(one == lowered(&text, threads), "{threads} threads, mistakes: {mistakes}");
            }
        }
        let headless = rubric(40, 60, true).replacen("rubric \"并行\" year 2024 max 100\n", "", 1);
        assert_eq!(lowered(&headless, 1), lowered(&headless, 4));
    }
}
