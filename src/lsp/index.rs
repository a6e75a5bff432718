//! Every name and id of a rubric with where it is defined and where it is
//! used, by byte span: for go to definition, find references, rename and the
//! hovers' "used by".
//!
//! Built from the syntax tree, so it is there even when the file has errors
//! elsewhere: names resolve as the checker resolves them (a `let` of the item
//! first, then an input); a name that is neither is left out.

use std::collections::HashMap;

use crate::base::span::Span;
use crate::lower::ast::{self, Child, Expr, NotApplicable, SExpr};

/// What a definition defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An `input`.
    Input,
    /// A `let` of an item.
    Let,
    /// A section, bonus or deduction: its id.
    Section,
    /// An item: its id.
    Item,
    /// An `indicator`.
    Indicator,
}

/// What reads a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum User {
    /// An item (the index of its definition): its rule, `let`s and conditions.
    Item(usize),
    /// A `require` (its index in the rubric).
    Require(usize),
    /// An indicator (the index of its definition).
    Indicator(usize),
    /// A `check` (its index in the rubric).
    Check(usize),
}

/// One use of a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// Where it is written.
    pub span: Span,
    /// What reads it.
    pub user: User,
}

/// A name or id and everything that refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// What it is.
    pub kind: Kind,
    /// The name or id.
    pub name: String,
    /// Where it is declared, as written (a quoted id with its quotes).
    pub span: Span,
    /// Its uses, in file order (sections and items have none inside a rubric).
    pub uses: Vec<Use>,
    /// For a `let`, the definition of its item.
    pub owner: Option<usize>,
}

/// The names and ids of one rubric text.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every definition, in file order within each kind.
    pub definitions: Vec<Definition>,
    /// Every span that names a definition (declarations and uses), sorted by start.
    occurrences: Vec<(Span, usize)>,
}

impl Index {
    /// The index of a syntax tree.
    pub fn build(tree: &ast::Rubric) -> Index {
        let mut builder = Builder { definitions: Vec::new(), inputs: HashMap::new() };
        for input in &tree.inputs {
            let at = builder.define(Kind::Input, &input.name.node, &input.name.span, None);
            builder.inputs.entry(input.name.node.clone()).or_insert(at);
        }
        for (n, require) in tree.requires.iter().enumerate() {
            builder.uses(&require.condition, &[], User::Require(n));
        }
        for indicator in &tree.indicators {
            let at = builder.define(Kind::Indicator, &indicator.name.node, &indicator.name.span, None);
            builder.uses(&indicator.value, &[], User::Indicator(at));
        }
        for (n, check) in tree.checks.iter().enumerate() {
            builder.uses(&check.condition, &[], User::Check(n));
        }
        for section in &tree.sections {
            builder.section(section);
        }
        let mut occurrences = Vec::new();
        for definition in &mut builder.definitions {
            definition.uses.sort_by_key(|u| u.span.start);
            definition.uses.dedup_by(|a, b| a.span == b.span);
        }
        for (at, definition) in builder.definitions.iter().enumerate() {
            occurrences.push((definition.span.clone(), at));
            occurrences.extend(definition.uses.iter().map(|u| (u.span.clone(), at)));
        }
        occurrences.sort_by_key(|(span, _)| (span.start, span.end));
        Index { definitions: builder.definitions, occurrences }
    }

    /// The definition named at `offset` (a cursor just after a name is on it), and the span of
    /// the occurrence there.
    pub fn at(&self, offset: usize) -> Option<(usize, Span)> {
        let after = self.occurrences.partition_point(|(span, _)| span.start <= offset);
        let candidates = self.occurrences.get(after.saturating_sub(2)..after).unwrap_or_default();
        candidates
            .iter()
            .rev()
            .find(|(span, _)| span.start < offset && offset < span.end)
            .or_else(|| candidates.iter().rev().find(|(span, _)| span.start <= offset && offset <= span.end))
            .map(|(span, at)| (*at, span.clone()))
    }

    /// A definition by its index.
    pub fn get(&self, at: usize) -> Option<&Definition> {
        self.definitions.get(at)
    }

    /// The definitions of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Definition> {
        self.definitions.iter().filter(move |d| d.kind == kind)
    }

    /// Every span naming definition `at`: its declaration first, then its uses.
    pub fn spans(&self, at: usize) -> Vec<Span> {
        self.get(at).map_or_else(Vec::new, |d| {
            std::iter::once(d.span.clone()).chain(d.uses.iter().map(|u| u.span.clone())).collect()
        })
    }
}

struct Builder {
    definitions: Vec<Definition>,
    inputs: HashMap<String, usize>,
}

impl Builder {
    fn define(&mut self, kind: Kind, name: &str, span: &Span, owner: Option<usize>) -> usize {
        self.definitions.push(Definition { kind, name: name.to_string(), span: span.clone(), uses: Vec::new(), owner });
        self.definitions.len() - 1
    }

    fn section(&mut self, section: &ast::Section) {
        self.define(Kind::Section, &section.id.node, &section.id.span, None);
        for child in &section.children {
            match child {
                Child::Section(sub) => self.section(sub),
                Child::Item(item) => self.item(item),
            }
        }
    }

    fn item(&mut self, item: &ast::Item) {
        let at = self.define(Kind::Item, &item.id.node, &item.id.span, None);
        let user = User::Item(at);
        let mut lets: Vec<(String, usize)> = Vec::new();
        for local in &item.lets {
            self.uses(&local.value, &lets, user);
            let definition = self.define(Kind::Let, &local.name.node, &local.name.span, Some(at));
            lets.push((local.name.node.clone(), definition));
        }
        for clause in &item.not_applicable {
            if let NotApplicable::If(condition) = clause {
                self.uses(&condition.condition, &lets, user);
            }
        }
        for clause in &item.disqualify {
            self.uses(&clause.condition, &lets, user);
        }
        match item.rule.as_ref().map(|r| &r.node) {
            Some(ast::Rule::Formula(formula)) => self.uses(formula, &lets, user),
            Some(ast::Rule::Checklist(entries)) => {
                for entry in entries {
                    self.uses(&entry.condition, &lets, user);
                }
            }
            Some(ast::Rule::Judged(_)) | None => {}
        }
    }

    /// Records every name `expr` reads (without recursion: a long sum is a deep tree).
    fn uses(&mut self, expr: &SExpr, lets: &[(String, usize)], user: User) {
        let mut stack = vec![expr];
        while let Some(e) = stack.pop() {
            match &e.node {
                Expr::Name(name) => {
                    let local = lets.iter().rev().find(|(n, _)| n == name).map(|(_, at)| *at);
                    if let Some(at) = local.or_else(|| self.inputs.get(name).copied()) {
                        if let Some(definition) = self.definitions.get_mut(at) {
                            definition.uses.push(Use { span: e.span.clone(), user });
                        }
                    }
                }
                Expr::Unary(_, a) => stack.push(a),
                Expr::Binary(_, a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Expr::Call(_, args) => stack.extend(args.iter().rev()),
                Expr::If(c, t, f) => {
                    stack.push(f);
                    stack.push(t);
                    stack.push(c);
                }
                Expr::Number { .. } | Expr::Bool(_) | Expr::Text(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::limits::Limits;

    const TEXT: &str = "rubric \"t\" max 4\ninput 次数: count\ninput 应: count\ninput 已: count\nrequire 已 <= 应\n\
section 一 \"一\" 4\n  item 1 \"a\" 2\n    score 1 per 次数, at most 2\n  item 2 \"b\" 2\n    let 差 = 应 - 已\n    \
not-applicable if 应 = 0: \"无\"\n    score 2 minus 1 per 差\nindicator 比 = 已 / 应\n";

    fn index() -> Index {
        Index::build(&crate::lower::lower(TEXT, &Limits::default()).0)
    }

    /// The first definition of `kind` named `name`.
    fn find(index: &Index, kind: Kind, name: &str) -> Option<usize> {
        index.definitions.iter().position(|d| d.kind == kind && d.name == name)
    }

    fn spans_of(index: &Index, kind: Kind, name: &str) -> Vec<&'static str> {
        let at = find(index, kind, name).unwrap();
        index.spans(at).into_iter().map(|s| &TEXT[s.clone()]).collect()
    }

    #[test]
    fn inputs_lets_and_ids_are_found_with_every_use() {
        let index = index();
        assert_eq!(spans_of(&index, Kind::Input, "应"), vec!["应"; 5]);
        assert_eq!(spans_of(&index, Kind::Let, "差"), vec!["差", "差"]);
        assert_eq!(spans_of(&index, Kind::Item, "2"), vec!["2"]);
        assert_eq!(spans_of(&index, Kind::Section, "一"), vec!["一"]);
        let users: Vec<User> = index.get(find(&index, Kind::Input, "已").unwrap()).unwrap().uses.iter().map(|u| u.user).collect();
        let item_2 = find(&index, Kind::Item, "2").unwrap();
        let indicator = find(&index, Kind::Indicator, "比").unwrap();
        assert_eq!(users, vec![User::Require(0), User::Item(item_2), User::Indicator(indicator)]);
    }

    #[test]
    fn the_cursor_finds_the_name_it_is_on_or_just_after() {
        let index = index();
        let use_of_diff = TEXT.rfind("差").unwrap();
        let (at, span) = index.at(use_of_diff).unwrap();
        assert_eq!((index.get(at).unwrap().kind, &TEXT[span]), (Kind::Let, "差"));
        let after = TEXT.find("次数, at").unwrap() + "次数".len();
        assert_eq!(index.at(after).map(|(at, _)| index.get(at).unwrap().name.as_str()), Some("次数"));
        assert_eq!(index.at(TEXT.find("minus").unwrap() + 1), None);
    }
}
