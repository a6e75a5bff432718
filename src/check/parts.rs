//! Checking the sections of a large rubric on several threads.
//!
//! A top-level section is checked without looking at any other, except that
//! ids must be unique across the rubric. So the top-level sections are cut
//! into parts with about the same number of items; each part is checked on a
//! thread of its own (the first on this one), the parts are joined in order
//! with their sections and items renumbered, and then the ids are checked for
//! uniqueness in file order. One part or several, the result is the same.

use std::ops::Range;

use super::tree::{check_unique_ids, TreeBuilder};
use crate::lower::ast::{self, Child};
use crate::base::diagnostic::Diagnostic;
use crate::check::model::{self, NodeRef};

/// The fewest items in a part: a thread for fewer costs more than it saves.
const MIN_PART: usize = 1_000;

/// The checked sections and items of a rubric.
pub struct Tree {
    /// Indexes of the top-level sections in `sections`.
    pub roots: Vec<usize>,
    /// Every section, each before the sections under it.
    pub sections: Vec<model::Section>,
    /// Every item, in file order.
    pub items: Vec<model::Item>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks `sections` (the rubric's top-level sections) on up to `threads` threads.
pub fn build<'a>(sections: &'a [ast::Section], builder: &TreeBuilder<'a>, threads: usize) -> Tree {
    let plan = plan(sections, threads);
    let check = |range: Range<usize>| -> (Vec<usize>, TreeBuilder<'a>) {
        let mut part = builder.fresh();
        let roots = sections.get(range).unwrap_or_default().iter().map(|s| part.section(s, None, 0)).collect();
        (roots, part)
    };
    join(crate::base::threads::run_parts("rubric-check", &plan, check))
}

/// Frees `sections`, on up to `threads` threads when there are many (freeing
/// the syntax tree of a large rubric takes about half as long as checking it).
pub fn free(mut sections: Vec<ast::Section>, threads: usize) {
    let plan = plan(&sections, threads);
    let parts: Vec<Vec<ast::Section>> =
        plan.iter().skip(1).rev().map(|range| sections.split_off(range.start)).collect();
    if parts.is_empty() {
        return;
    }
    std::thread::scope(|scope| {
        for part in parts {
            // If no thread can be started, the part is freed here.
            let _freeing =
                std::thread::Builder::new().name("rubric-free".to_string()).spawn_scoped(scope, move || drop(part));
        }
        drop(sections);
    });
}

/// The parts to check: ranges of top-level sections, in order, covering them all.
fn plan(sections: &[ast::Section], threads: usize) -> Vec<Range<usize>> {
    let sizes: Vec<usize> = sections.iter().map(count_items).collect();
    let total: usize = sizes.iter().sum();
    let parts = threads.min(total / MIN_PART);
    if parts < 2 {
        return std::iter::once(0..sections.len()).collect();
    }
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut done) = (0, 0);
    for (at, size) in sizes.iter().enumerate() {
        if at > start && done >= total * (ranges.len() + 1) / parts && ranges.len() + 1 < parts {
            ranges.push(start..at);
            start = at;
        }
        done += size;
    }
    ranges.push(start..sections.len());
    ranges
}

/// The items in a section and the sections under it.
fn count_items(section: &ast::Section) -> usize {
    section
        .children
        .iter()
        .map(|child| match child {
            Child::Section(sub) => count_items(sub),
            Child::Item(_) => 1,
        })
        .sum()
}

/// Joins checked parts in order, renumbering their sections and items, and
/// checks the ids of all of them.
fn join(parts: Vec<(Vec<usize>, TreeBuilder<'_>)>) -> Tree {
    let mut tree = Tree { roots: Vec::new(), sections: Vec::new(), items: Vec::new(), diagnostics: Vec::new() };
    let mut ids = Vec::new();
    for (roots, part) in parts {
        let (sections_before, items_before) = (tree.sections.len(), tree.items.len());
        tree.roots.extend(roots.into_iter().map(|root| root + sections_before));
        tree.sections.extend(part.sections.into_iter().map(|mut section| {
            section.parent = section.parent.map(|parent| parent + sections_before);
            for child in &mut section.children {
                match child {
                    NodeRef::Section(index) => *index += sections_before,
                    NodeRef::Item(index) => *index += items_before,
                }
            }
            section
        }));
        tree.items.extend(part.items.into_iter().map(|mut item| {
            item.section += sections_before;
            item
        }));
        tree.diagnostics.extend(part.diagnostics);
        ids.extend(part.ids);
    }
    check_unique_ids(&ids, &mut tree.diagnostics);
    tree
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::base::diagnostic::Code;
    use crate::base::i18n::{with_lang, Lang};
    use crate::base::limits::Limits;

    /// A rubric of `sections` × `items` items; with `mistakes`, ids used twice
    /// (in one part and across parts), a type error, a syntax error and weights that do not add up.
    fn text(sections: usize, items: usize, mistakes: bool) -> String {
        let mut text = format!("rubric \"并行检查\" year 2024 max {sections}\n  rounding 2 half-up\n");
        for s in 0..sections {
            let _ = writeln!(text, "input 数{s}: count\ninput 预算{s}: amount 万元 range 0..\ninput 合规{s}: yes/no");
        }
        for s in 0..sections {
            let id = if mistakes && s == sections - 1 { "S0".to_string() } else { format!("S{s}") };
            let _ = writeln!(text, "\nsection {id} \"部分{s}\" 1");
            for j in 0..items {
                let id = if mistakes && j == 7 && s % 10 == 3 { "I0_7".to_string() } else { format!("I{s}_{j}") };
                let weight = if mistakes && s == 25 && j == 0 { "0.02" } else { "0.01" };
                let _ = writeln!(text, "  item {id} \"指标{s}-{j}\" {weight}");
                let _ = match j % 4 {
                    0 => writeln!(text, "    score min(0.01, 0.001 × 数{s})"),
                    1 => writeln!(text, "    checklist\n      0.01 if 合规{s} \"合规\""),
                    2 if mistakes && s == 31 => writeln!(text, "    score 合规{s}"),
                    3 if mistakes && s == 35 => writeln!(text, "    score 0.01 ×"),
                    2 => writeln!(text, "    not-applicable if 预算{s} = 0: \"无\"\n    score 0.02 × 数{s}"),
                    _ => writeln!(text, "    let r = 数{s} / 100\n    score if r >= 1 then 0.01 else 0.01 × r"),
                };
            }
        }
        text
    }

    fn checked(text: &str, threads: usize) -> String {
        let (rubric, _) = crate::lower::lower(text, &Limits::default());
        let (checked, diagnostics) = super::super::check_in(&rubric, threads);
        format!("{checked:#?}\n{diagnostics:#?}")
    }

    #[test]
    fn parts_give_the_same_result_as_one_pass() {
        for mistakes in [false, true] {
            let text = text(40, 100, mistakes);
            let one = checked(&text, 1);
            assert_eq!(one.contains("Duplicate"), mistakes);
            assert_eq!(one.contains("Weights"), mistakes);
            for threads in [2, 3, 8] {
                assert!(one == checked(&text, threads), "{threads} threads, mistakes: {mistakes}");
            }
        }
    }

    #[test]
    fn ids_are_unique_across_parts() {
        let (rubric, _) = crate::lower::lower(&text(40, 100, true), &Limits::default());
        assert!(plan(&rubric.sections, 4).len() == 4);
        let (_, diagnostics) = super::super::check_in(&rubric, 4);
        let twice: Vec<&str> =
            diagnostics.iter().filter(|d| d.code == Code::Duplicate).map(|d| d.message.as_str()).collect();
        // I0_7 in sections 3, 13, 23 and 33 (the first use is in section 0); S0 at the end.
        assert_eq!(twice.len(), 5, "{twice:?}");
        assert_eq!(twice.iter().filter(|m| m.contains("`I0_7`")).count(), 4);
        assert!(twice.last().is_some_and(|m| m.contains("section id `S0`")));
    }

    #[test]
    fn parts_have_about_the_same_number_of_items_and_cover_every_section() {
        let (rubric, _) = crate::lower::lower(&text(40, 100, false), &Limits::default());
        for threads in [2, 3, 4, 8] {
            let plan = plan(&rubric.sections, threads);
            // At most one part for each `MIN_PART` items.
            assert_eq!(plan.len(), threads.min(4000 / MIN_PART));
            assert_eq!(plan.first().map(|r| r.start), Some(0));
            assert_eq!(plan.last().map(|r| r.end), Some(40));
            assert!(plan.windows(2).all(|w| matches!(w, [a, b] if a.end == b.start && a.start < a.end)));
            assert!(plan.iter().all(|r| r.len().abs_diff(40 / plan.len()) <= 1), "{plan:?}");
        }
        let (small, _) = crate::lower::lower(&text(5, 100, false), &Limits::default());
        let one = plan(&small.sections, 8);
        assert_eq!((one.len(), one.first()), (1, Some(&(0..5))));
    }

    #[test]
    fn threads_write_in_the_callers_language() {
        let text = text(40, 100, true);
        let (_, diagnostics) = with_lang(Lang::Zh, || super::super::check_source(&text, &Limits::default()));
        let late = diagnostics.iter().filter(|d| d.span.start > text.len() / 2).collect::<Vec<_>>();
        assert!(late.iter().any(|d| d.code == Code::Syntax) && late.iter().any(|d| d.code == Code::Type), "{late:?}");
        assert!(late.iter().all(|d| d.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))), "{late:?}");
    }
}
