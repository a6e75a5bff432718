//! Finding sections and items in the syntax tree, with the sections around them.

use crate::base::span::Span;
use crate::lower::ast::{Item, Rubric, Section};

/// A section or an item, and the sections it stands in (outermost first).
#[derive(Debug, Clone)]
pub struct Found<'a, T> {
    /// What was found.
    pub node: &'a T,
    /// The sections around it, outermost first.
    pub path: Vec<&'a Section>,
}

/// Every section and item of the tree in file order, each with its enclosing sections.
pub fn visit<'a>(tree: &'a Rubric, f: &mut dyn FnMut(Node<'a>, &[&'a Section])) {
    let mut path = Vec::new();
    for section in &tree.sections {
        visit_section(section, &mut path, f);
    }
}

/// A section or an item of the tree.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// A section.
    Section(&'a Section),
    /// An item.
    Item(&'a Item),
}

fn visit_section<'a>(
    section: &'a Section,
    path: &mut Vec<&'a Section>,
    f: &mut dyn FnMut(Node<'a>, &[&'a Section]),
) {
    f(Node::Section(section), path);
    path.push(section);
    for child in &section.children {
        match child {
            crate::lower::ast::Child::Section(sub) => visit_section(sub, path, f),
            crate::lower::ast::Child::Item(item) => f(Node::Item(item), path),
        }
    }
    path.pop();
}

/// The item whose id is written at `id_span`.
pub fn item_with_id<'a>(tree: &'a Rubric, id_span: &Span) -> Option<Found<'a, Item>> {
    first_with_id(tree, id_span, |node| match node {
        Node::Item(item) => Some((item, &item.id.span)),
        Node::Section(_) => None,
    })
}

/// The section whose id is written at `id_span`.
pub fn section_with_id<'a>(tree: &'a Rubric, id_span: &Span) -> Option<Found<'a, Section>> {
    first_with_id(tree, id_span, |node| match node {
        Node::Section(section) => Some((section, &section.id.span)),
        Node::Item(_) => None,
    })
}

/// The first node that `pick` takes (giving it with its id's span) whose id is written at `id_span`.
fn first_with_id<'a, T>(
    tree: &'a Rubric,
    id_span: &Span,
    pick: impl Fn(Node<'a>) -> Option<(&'a T, &'a Span)>,
) -> Option<Found<'a, T>> {
    let mut found = None;
    visit(tree, &mut |node, path| {
        if let Some((node, span)) = pick(node) {
            if found.is_none() && span == id_span {
                found = Some(Found { node, path: path.to_vec() });
            }
        }
    });
    found
}

/// The item whose statement line holds `offset`, or whose rule, `let`s or clauses do.
pub fn item_at(tree: &Rubric, offset: usize) -> Option<&Item> {
    let mut found = None;
    visit(tree, &mut |node, _| {
        if let Node::Item(item) = node {
            if found.is_none() && item_extent(item).contains(&offset) {
                found = Some(item);
            }
        }
    });
    found
}

/// The section whose own statement line holds `offset`.
pub fn section_line_at(tree: &Rubric, offset: usize) -> Option<&Section> {
    let mut found = None;
    visit(tree, &mut |node, _| {
        if let Node::Section(section) = node {
            if found.is_none() && section.span.start <= offset && offset <= section.span.end {
                found = Some(section);
            }
        }
    });
    found
}

/// From an item's line to the end of the last statement under it.
pub fn item_extent(item: &Item) -> Span {
    let mut end = item.span.end;
    let ends = item
        .description
        .iter()
        .map(|d| d.span.end)
        .chain(item.lets.iter().map(|l| l.value.span.end))
        .chain(item.rule.iter().map(|r| r.span.end))
        .chain(item.not_applicable.iter().map(|n| match n {
            crate::lower::ast::NotApplicable::If(c) => c.span.end,
            crate::lower::ast::NotApplicable::Claimable { span, .. } => span.end,
        }))
        .chain(item.disqualify.iter().map(|c| c.span.end))
        .chain(item.rounding.iter().map(|r| r.span.end));
    for e in ends {
        end = end.max(e);
    }
    item.span.start..end
}

/// From a section's line to the end of the last statement under it.
pub fn section_extent(section: &Section) -> Span {
    let mut end = section.span.end;
    for d in &section.description {
        end = end.max(d.span.end);
    }
    for child in &section.children {
        let child_end = match child {
            crate::lower::ast::Child::Section(sub) => section_extent(sub).end,
            crate::lower::ast::Child::Item(item) => item_extent(item).end,
        };
        end = end.max(child_end);
    }
    section.span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::limits::Limits;

    #[test]
    fn items_and_sections_are_found_with_their_path_and_extent() {
        let text = "rubric \"t\" max 2\ninput n: count\nsection 一 \"一\" 2\n  section 一.1 \"x\" 2\n    item 1 \"a\" 2\n      \
score 2 if n > 0\n";
        let tree = crate::lower::lower(text, &Limits::default()).0;
        let id = text.find("1 \"a\"").unwrap();
        let found = item_with_id(&tree, &(id..id + 1)).unwrap();
        let path: Vec<&str> = found.path.iter().map(|s| s.id.node.as_str()).collect();
        assert_eq!((found.node.name.node.as_str(), path), ("a", vec!["一", "一.1"]));
        assert_eq!(item_at(&tree, text.find("n > 0").unwrap()).map(|i| i.id.node.as_str()), Some("1"));
        assert!(item_at(&tree, text.find("input").unwrap()).is_none());
        let outer = section_line_at(&tree, text.find("一 \"一\"").unwrap()).unwrap();
        assert_eq!(section_extent(outer).end, text.trim_end().len());
        let sub = text.find("一.1").unwrap();
        assert_eq!(section_with_id(&tree, &(sub..sub + "一.1".len())).map(|f| f.path.len()), Some(1));
    }
}
