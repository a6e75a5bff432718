//! Pest pairs → the typed syntax tree ([`crate::ast`]).
//!
//! Walks the indentation tree from [`crate::outline`], checks that each
//! statement stands where it may (a `score` inside an item, an `item` inside a
//! section), and turns the `score` sugar into plain formulas:
//! `score P per N, at most C` is `min(C, P × N)`; `score B minus P per N` is
//! `max(0, B − P × N)`; `score E if C` is `if C then E else 0`.

mod expr;
mod header;
mod indicators;
mod item;
mod tokens;

use pest::iterators::Pair;

use crate::ast::{Child, Header, Require, Rubric, Section, SectionKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::limits::Limits;
use crate::outline::{self, Node};
use crate::span::Spanned;
use crate::syntax::{self, Rule};
use tokens::{decimal_value, id_value, parts, span_of, string_value};

pub use expr::lower_expr;

/// Parses and lowers a rubric. Returns the tree (as far as it could be
/// built) and every problem found on the way.
pub fn lower(text: &str, limits: &Limits) -> (Rubric, Vec<Diagnostic>) {
    let mut lowerer = Lowerer { diagnostics: Vec::new(), items: 0, limits: *limits };
    if text.len() > limits.max_file_bytes {
        lowerer.diagnostics.push(
            Diagnostic::error(
                Code::TooLarge,
                0..0,
                format!("the rubric is larger than {} bytes", limits.max_file_bytes),
            )
            .label("file starts here")
            .help("split it, or raise the limit"),
        );
        return (empty_rubric(), lowerer.diagnostics);
    }
    let lines = syntax::parse_lines(text, limits, &mut lowerer.diagnostics);
    let tree = outline::build(lines, limits, &mut lowerer.diagnostics);
    let rubric = lowerer.file(tree);
    (rubric, lowerer.diagnostics)
}

fn empty_rubric() -> Rubric {
    Rubric {
        header: Header::default(),
        inputs: Vec::new(),
        requires: Vec::new(),
        sections: Vec::new(),
        indicators: Vec::new(),
        checks: Vec::new(),
    }
}

/// Lowering state: the diagnostics so far.
pub(crate) struct Lowerer {
    diagnostics: Vec<Diagnostic>,
    items: usize,
    limits: Limits,
}

impl Lowerer {
    fn file(&mut self, tree: Vec<Node<'_>>) -> Rubric {
        let mut rubric = empty_rubric();
        let mut seen_header = false;
        for node in tree {
            let offset = node.line.offset;
            let Some(pair) = node.line.statement.clone() else { continue };
            match pair.as_rule() {
                Rule::rubric_decl => {
                    if seen_header {
                        self.diagnostics.push(
                            Diagnostic::error(Code::Header, node.line.span.clone(), "a second `rubric` line")
                                .label("second header")
                                .help("one file holds one rubric"),
                        );
                        continue;
                    }
                    seen_header = true;
                    self.rubric_decl(pair, offset, &mut rubric.header);
                    for child in node.children {
                        let child_offset = child.line.offset;
                        match child.line.statement.clone() {
                            Some(p) if is_header_prop(p.as_rule()) => self.header_prop(p, child_offset, &mut rubric.header),
                            Some(p) => self.misplaced(&p, child_offset, "the rubric header holds only year, version, max, rounding, not-applicable, grades and floor"),
                            None => {}
                        }
                        self.no_children(&child, "a header property");
                    }
                }
                rule if is_header_prop(rule) => {
                    self.header_prop(pair, offset, &mut rubric.header);
                    self.no_children(&node, "a header property");
                }
                Rule::input_decl => {
                    if let Some(mut input) = self.input(pair, offset) {
                        for child in &node.children {
                            match child.line.statement.as_ref() {
                                Some(p) if p.as_rule() == Rule::description && input.description.is_none() => {
                                    if let Some(s) = p.clone().into_inner().next() {
                                        input.description = Some(string_value(&s, child.line.offset));
                                    }
                                }
                                Some(p) => self.misplaced(p, child.line.offset, "an input holds only its description"),
                                None => {}
                            }
                        }
                        rubric.inputs.push(input);
                    }
                }
                Rule::require_decl => {
                    let p = parts(&pair);
                    if let Some(condition) = p.first() {
                        let condition = lower_expr(condition.clone(), offset, &mut self.diagnostics);
                        let message = p.get(1).map(|m| string_value(m, offset));
                        rubric.requires.push(Require { condition, message, span: span_of(&pair, offset) });
                    }
                    self.no_children(&node, "a require");
                }
                Rule::indicator_decl => {
                    if let Some(indicator) = self.indicator(node) {
                        rubric.indicators.push(indicator);
                    }
                }
                Rule::check_decl => {
                    if let Some(check) = self.check(pair, offset) {
                        rubric.checks.push(check);
                    }
                    self.no_children(&node, "a check");
                }
                Rule::section_decl | Rule::bonus_decl | Rule::deduction_decl => {
                    if let Some(section) = self.section(node) {
                        rubric.sections.push(section);
                    }
                }
                _ => self.misplaced(
                    &pair,
                    offset,
                    "at the top level a rubric holds the `rubric` header, inputs, requires, indicators, checks and sections",
                ),
            }
        }
        if !seen_header {
            self.diagnostics.push(
                Diagnostic::error(Code::Header, 0..0, "the file has no `rubric \"title\"` line")
                    .label("expected here")
                    .help("start the file with e.g. `rubric \"乐至县预算绩效管理工作考核评分表\" year 2022 max 100`"),
            );
        }
        rubric
    }

    fn rubric_decl(&mut self, pair: Pair<'_, Rule>, offset: usize, header: &mut Header) {
        for part in parts(&pair) {
            match part.as_rule() {
                Rule::string => header.title = string_value(&part, offset),
                _ => self.header_prop(part, offset, header),
            }
        }
    }

    fn section(&mut self, node: Node<'_>) -> Option<Section> {
        let offset = node.line.offset;
        let pair = node.line.statement.clone()?;
        let kind = match pair.as_rule() {
            Rule::bonus_decl => SectionKind::Bonus,
            Rule::deduction_decl => SectionKind::Deduction,
            _ => SectionKind::Normal,
        };
        let p = parts(&pair);
        let id = id_value(p.first()?, offset);
        let name = string_value(p.get(1)?, offset);
        let weight = decimal_value(p.get(2)?, offset, &mut self.diagnostics);
        let mut section = Section {
            kind,
            id,
            name,
            weight,
            description: p.get(3).map(|d| string_value(d, offset)).into_iter().collect(),
            children: Vec::new(),
            span: node.line.span.clone(),
        };
        for child in node.children {
            let child_offset = child.line.offset;
            let Some(child_pair) = child.line.statement.clone() else { continue };
            match child_pair.as_rule() {
                Rule::description => {
                    if let Some(s) = child_pair.into_inner().next() {
                        section.description.push(string_value(&s, child_offset));
                    }
                }
                Rule::section_decl if kind == SectionKind::Normal => {
                    if let Some(sub) = self.section(child) {
                        section.children.push(Child::Section(sub));
                    }
                }
                Rule::item_decl => {
                    self.items += 1;
                    if self.items == self.limits.max_items + 1 {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::TooLarge,
                                child.line.span.clone(),
                                format!("more than {} items", self.limits.max_items),
                            )
                            .label("this item is over the limit")
                            .help("split the rubric, or raise the limit"),
                        );
                    }
                    if let Some(item) = self.item(child) {
                        section.children.push(Child::Item(item));
                    }
                }
                _ => self.misplaced(
                    &child_pair,
                    child_offset,
                    if kind == SectionKind::Normal {
                        "a section holds sections, items and descriptions"
                    } else {
                        "a bonus or deduction section holds items and descriptions"
                    },
                ),
            }
        }
        Some(section)
    }

    fn misplaced(&mut self, pair: &Pair<'_, Rule>, offset: usize, help: &str) {
        let what = statement_name(pair.as_rule());
        self.diagnostics.push(
            Diagnostic::error(Code::Misplaced, span_of(pair, offset), format!("{what} cannot stand here"))
                .label(format!("{what} in the wrong place"))
                .help(format!("{help}; check the indentation")),
        );
    }

    fn no_children(&mut self, node: &Node<'_>, what: &str) {
        for child in &node.children {
            if let Some(pair) = &child.line.statement {
                self.misplaced(pair, child.line.offset, &format!("nothing is indented under {what}"));
            }
        }
    }
}

fn is_header_prop(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::year_prop
            | Rule::version_prop
            | Rule::max_prop
            | Rule::rounding_prop
            | Rule::policy_prop
            | Rule::grades_prop
            | Rule::floor_prop
    )
}

/// How a statement is called in messages.
fn statement_name(rule: Rule) -> &'static str {
    match rule {
        Rule::rubric_decl => "a `rubric` header",
        Rule::year_prop
        | Rule::version_prop
        | Rule::max_prop
        | Rule::rounding_prop
        | Rule::policy_prop
        | Rule::grades_prop
        | Rule::floor_prop => "a header property",
        Rule::input_decl => "an `input`",
        Rule::indicator_decl => "an `indicator`",
        Rule::check_decl => "a `check`",
        Rule::require_decl => "a `require`",
        Rule::section_decl => "a `section`",
        Rule::bonus_decl => "a `bonus` section",
        Rule::deduction_decl => "a `deduction` section",
        Rule::item_decl => "an `item`",
        Rule::let_stmt => "a `let`",
        Rule::score_stmt => "a `score` rule",
        Rule::checklist_head => "a `checklist`",
        Rule::checklist_entry => "a checklist entry",
        Rule::judged_stmt => "a `judged` rule",
        Rule::na_if_stmt | Rule::na_claim_stmt => "a `not-applicable` clause",
        Rule::disqualify_stmt => "a `disqualify` clause",
        Rule::description => "a description",
        _ => "this statement",
    }
}

/// A synthetic span-carrying name, for desugared calls.
fn synthetic(name: &str, span: &crate::span::Span) -> Spanned<String> {
    Spanned::new(name.to_string(), span.clone())
}
