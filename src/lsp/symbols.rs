//! The outline of a rubric: the header, inputs, indicators and checks, and the
//! tree of sections and items with their weights, in file order.

use super::document::View;
use super::tree::{item_extent, section_extent};
use crate::base::span::Span;
use crate::lower::ast::{Child, Item, Section, SectionKind};

/// What a symbol of the outline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// The `rubric` line.
    Rubric,
    /// An input.
    Input,
    /// A section.
    Section,
    /// A bonus section.
    Bonus,
    /// A deduction section.
    Deduction,
    /// An item.
    Item,
    /// An indicator.
    Indicator,
    /// A consistency check.
    Check,
}

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Its id and name, or its name.
    pub name: String,
    /// Its weight, cap or type.
    pub detail: String,
    /// What it is.
    pub kind: SymbolKind,
    /// All of it: the statement and what stands under it.
    pub span: Span,
    /// What to select: its id or name.
    pub selection: Span,
    /// What stands under it (sections and items).
    pub children: Vec<Symbol>,
}

/// The outline of the document, in file order.
pub fn outline(view: &View<'_>) -> Vec<Symbol> {
    let tree = &view.analysis.tree;
    let mut symbols = Vec::new();
    let title = &tree.header.title;
    if !title.node.is_empty() {
        let detail = tree.header.max.as_ref().map_or(String::new(), |m| points(m.node));
        symbols.push(leaf(&title.node, detail, SymbolKind::Rubric, title.span.clone(), title.span.clone()));
    }
    for input in &tree.inputs {
        let detail = super::hover::type_name(input.ty.node);
        symbols.push(leaf(&input.name.node, detail, SymbolKind::Input, input.span.clone(), input.name.span.clone()));
    }
    for indicator in &tree.indicators {
        let span = indicator.span.clone();
        symbols.push(leaf(&indicator.name.node, String::new(), SymbolKind::Indicator, span, indicator.name.span.clone()));
    }
    for check in &tree.checks {
        symbols.push(leaf(&check.name.node, String::new(), SymbolKind::Check, check.span.clone(), check.name.span.clone()));
    }
    symbols.extend(tree.sections.iter().map(section));
    symbols.sort_by_key(|s| s.span.start);
    symbols
}

fn leaf(name: &str, detail: String, kind: SymbolKind, span: Span, selection: Span) -> Symbol {
    Symbol { name: name.to_string(), detail, kind, span, selection, children: Vec::new() }
}

/// `15 points` (`15 分`).
fn points(weight: rust_decimal::Decimal) -> String {
    let weight = weight.normalize();
    crate::tr!("{weight} points", "{weight} 分")
}

fn section(section: &Section) -> Symbol {
    let (kind, detail) = match section.kind {
        SectionKind::Normal => (SymbolKind::Section, points(section.weight.node)),
        SectionKind::Bonus => (SymbolKind::Bonus, crate::tr!("at most {}", "最多 {}", points(section.weight.node))),
        SectionKind::Deduction => (SymbolKind::Deduction, crate::tr!("at most {}", "最多 {}", points(section.weight.node))),
    };
    let children = section
        .children
        .iter()
        .map(|child| match child {
            Child::Section(sub) => self::section(sub),
            Child::Item(item) => self::item(item),
        })
        .collect();
    Symbol {
        name: format!("{} {}", section.id.node, section.name.node),
        detail,
        kind,
        span: section_extent(section),
        selection: section.id.span.clone(),
        children,
    }
}

fn item(item: &Item) -> Symbol {
    Symbol {
        name: format!("{} {}", item.id.node, item.name.node),
        detail: points(item.weight.node),
        kind: SymbolKind::Item,
        span: item_extent(item),
        selection: item.id.span.clone(),
        children: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::i18n::{with_lang, Lang};
    use crate::lsp::document::Document;

    #[test]
    fn the_outline_is_the_section_tree_with_weights_after_the_inputs() {
        let text = "rubric \"考核\" max 5\ninput n: count\nsection 一 \"一、基础\" 5\n  section 一.1 \"（一）\" 5\n    \
item 1 \"专题\" 5\n      score 5 if n > 0\nbonus 二 \"加分\" at most 1\n  item 加1 \"创新\" 1\n    judged\n";
        let mut document = Document::new(text);
        let view = document.view();
        let symbols = with_lang(Lang::Zh, || outline(&view));
        let top: Vec<(&str, &str)> = symbols.iter().map(|s| (s.name.as_str(), s.detail.as_str())).collect();
        assert_eq!(top, [("考核", "5 分"), ("n", "计数（不小于 0 的整数）"), ("一 一、基础", "5 分"), ("二 加分", "最多 1 分")]);
        let sub = &symbols[2].children[0];
        let item = &sub.children[0];
        assert_eq!((sub.name.as_str(), item.name.as_str(), item.detail.as_str()), ("一.1 （一）", "1 专题", "5 分"));
        assert_eq!(&text[item.selection.clone()], "1");
        assert!(text[item.span.clone()].ends_with("score 5 if n > 0"));
        assert!(symbols[2].span.end >= item.span.end);
    }
}
