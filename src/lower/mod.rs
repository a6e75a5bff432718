//! Pest pairs → the typed syntax tree ([`crate::lower::ast`]).
//!
//! Walks the indentation tree from [`crate::syntax::outline`], checks that each
//! statement stands where it may (a `score` inside an item, an `item` inside a
//! section), and turns the `score` sugar into plain formulas:
//! `score P per N, at most C` is `min(C, P × N)`; `score B minus P per N` is
//! `max(0, B − P × N)`; `score E if C` is `if C then E else 0`.

mod concurrent;
pub mod ast;
mod expr;
mod header;
mod indicators;
mod item;
mod tokens;

use pest::iterators::Pair;

use crate::lower::ast::{Child, Header, Require, Rubric, Section, SectionKind};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::limits::Limits;
use crate::syntax::outline::Node;
use crate::base::span::Spanned;
use crate::syntax::{self, Rule};
use tokens::{decimal_value, id_value, parts, span_of, string_value};

pub use expr::lower_expr;

/// Parses and lowers a rubric. Returns the tree (as far as it could be
/// built) and every problem found on the way, in file order.
pub fn lower(text: &str, limits: &Limits) -> (Rubric, Vec<Diagnostic>) {
    lower_in(text, limits, crate::base::threads::available())
}

/// [`lower`] on at most `threads` threads (a large file is lowered in parts).
pub(crate) fn lower_in(text: &str, limits: &Limits, threads: usize) -> (Rubric, Vec<Diagnostic>) {
    let mut lowerer = Lowerer { diagnostics: Vec::new(), items: 0, limits: *limits };
    if text.len() > limits.max_file_bytes {
        let max = limits.max_file_bytes;
        lowerer.diagnostics.push(
            Diagnostic::error(
                Code::TooLarge,
                0..0,
                crate::tr!("the rubric is larger than {max} bytes", "评分表文件超过了 {max} 字节"),
            )
            .label(crate::tr!("file starts here", "文件从这里开始"))
            .help(crate::tr!("split it, or raise the limit", "请把它拆开，或者放宽限制")),
        );
        return (empty_rubric(), lowerer.diagnostics);
    }
    let statements = syntax::Statements::split(text);
    let plan = concurrent::plan(&statements, limits, threads);
    let mut rubric = empty_rubric();
    let mut seen_header = false;
    for part in concurrent::lower(&statements, &plan, limits) {
        seen_header |= part.seen_header;
        part.join_into(&mut rubric, &mut lowerer.diagnostics);
    }
    if !seen_header {
        lowerer.no_header();
    }
    lowerer.diagnostics.sort_by_key(|d| (d.span.start, d.severity));
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
    /// Lowers the roots of an indentation tree; true if one was the header.
    fn roots(&mut self, tree: Vec<Node<'_>>) -> (Rubric, bool) {
        let mut rubric = empty_rubric();
        let mut seen_header = false;
        for node in tree {
            let offset = node.line.base;
            let Some(pair) = node.line.statement.clone() else { continue };
            match pair.as_rule() {
                Rule::rubric_decl => {
                    if seen_header {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::Header,
                                node.line.span.clone(),
                                crate::tr!("a second `rubric` line", "出现了第二个 `rubric`（评分表）行"),
                            )
                            .label(crate::tr!("second header", "第二个表头"))
                            .help(crate::tr!("one file holds one rubric", "一个文件只写一张评分表")),
                        );
                        continue;
                    }
                    seen_header = true;
                    self.rubric_decl(pair, offset, &mut rubric.header);
                    for child in node.children {
                        let child_offset = child.line.base;
                        match child.line.statement.clone() {
                            Some(p) if is_header_prop(p.as_rule()) => self.header_prop(p, child_offset, &mut rubric.header),
                            Some(p) => self.misplaced(
                                &p,
                                child_offset,
                                &crate::tr!(
                                    "the rubric header holds only year, version, max, rounding, not-applicable, grades and floor",
                                    "表头下面只能写 year（年度）、version（版本）、max（满分）、rounding（舍入）、not-applicable（缺省项）、grades（等级）和 floor（最低分）"
                                ),
                            ),
                            None => {}
                        }
                        self.no_children(&child, &crate::tr!("a header property", "表头属性"));
                    }
                }
                rule if is_header_prop(rule) => {
                    self.header_prop(pair, offset, &mut rubric.header);
                    self.no_children(&node, &crate::tr!("a header property", "表头属性"));
                }
                Rule::input_decl => {
                    if let Some(mut input) = self.input(pair, offset) {
                        for child in &node.children {
                            match child.line.statement.as_ref() {
                                Some(p) if p.as_rule() == Rule::description && input.description.is_none() => {
                                    if let Some(s) = p.clone().into_inner().next() {
                                        input.description = Some(string_value(&s, child.line.base));
                                    }
                                }
                                Some(p) => self.misplaced(
                                    p,
                                    child.line.base,
                                    &crate::tr!("an input holds only its description", "输入项下面只能写它的说明"),
                                ),
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
                    self.no_children(&node, &crate::tr!("a require", "`require`（要求）"));
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
                    self.no_children(&node, &crate::tr!("a check", "`check`（审核）"));
                }
                Rule::section_decl | Rule::bonus_decl | Rule::deduction_decl => {
                    if let Some(section) = self.section(node) {
                        rubric.sections.push(section);
                    }
                }
                _ => self.misplaced(
                    &pair,
                    offset,
                    &crate::tr!(
                        "at the top level a rubric holds the `rubric` header, inputs, requires, indicators, checks and sections",
                        "最外层只能写 `rubric`（评分表）表头、`input`（输入）、`require`（要求）、`indicator`（分析指标）、`check`（审核）和 `section`（部分）"
                    ),
                ),
            }
        }
        (rubric, seen_header)
    }

    /// The file has no `rubric` line.
    fn no_header(&mut self) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::Header,
                0..0,
                crate::tr!(
                    "the file has no `rubric \"title\"` line",
                    "文件里没有 `rubric \"title\"`（评分表标题）这一行"
                ),
            )
            .label(crate::tr!("expected here", "应当写在这里"))
            .help(crate::tr!(
                "start the file with e.g. `rubric \"乐至县预算绩效管理工作考核评分表\" year 2022 max 100`",
                "文件应以表头开始，例如 `rubric \"乐至县预算绩效管理工作考核评分表\" year 2022 max 100`"
            )),
        );
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
        let offset = node.line.base;
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
            let child_offset = child.line.base;
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
                        let max = self.limits.max_items;
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::TooLarge,
                                child.line.span.clone(),
                                crate::tr!("more than {max} items", "指标超过了 {max} 个"),
                            )
                            .label(crate::tr!("this item is over the limit", "这个指标超出了上限"))
                            .help(crate::tr!("split the rubric, or raise the limit", "请拆分评分表，或者放宽限制")),
                        );
                    }
                    if let Some(item) = self.item(child) {
                        section.children.push(Child::Item(item));
                    }
                }
                _ => self.misplaced(
                    &child_pair,
                    child_offset,
                    &if kind == SectionKind::Normal {
                        crate::tr!(
                            "a section holds sections, items and descriptions",
                            "`section`（部分）下面只能写下一级部分、`item`（指标）和说明"
                        )
                    } else {
                        crate::tr!(
                            "a bonus or deduction section holds items and descriptions",
                            "`bonus`（加分项）或 `deduction`（减分项）下面只能写指标和说明"
                        )
                    },
                ),
            }
        }
        Some(section)
    }

    fn misplaced(&mut self, pair: &Pair<'_, Rule>, offset: usize, help: &str) {
        let what = statement_name(pair.as_rule());
        self.diagnostics.push(
            Diagnostic::error(
                Code::Misplaced,
                span_of(pair, offset),
                crate::tr!("{what} cannot stand here", "{what}不能写在这里"),
            )
            .label(crate::tr!("{what} in the wrong place", "{what}的位置不对"))
            .help(crate::tr!("{help}; check the indentation", "{help}；请检查缩进")),
        );
    }

    fn no_children(&mut self, node: &Node<'_>, what: &str) {
        for child in &node.children {
            if let Some(pair) = &child.line.statement {
                self.misplaced(
                    pair,
                    child.line.base,
                    &crate::tr!("nothing is indented under {what}", "{what}下面不能再缩进写内容"),
                );
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
fn statement_name(rule: Rule) -> String {
    match rule {
        Rule::rubric_decl => crate::tr!("a `rubric` header", "`rubric`（评分表）表头"),
        Rule::year_prop
        | Rule::version_prop
        | Rule::max_prop
        | Rule::rounding_prop
        | Rule::policy_prop
        | Rule::grades_prop
        | Rule::floor_prop => crate::tr!("a header property", "表头属性"),
        Rule::input_decl => crate::tr!("an `input`", "`input`（输入）"),
        Rule::indicator_decl => crate::tr!("an `indicator`", "`indicator`（分析指标）"),
        Rule::check_decl => crate::tr!("a `check`", "`check`（审核）"),
        Rule::require_decl => crate::tr!("a `require`", "`require`（要求）"),
        Rule::section_decl => crate::tr!("a `section`", "`section`（部分）"),
        Rule::bonus_decl => crate::tr!("a `bonus` section", "`bonus`（加分项）"),
        Rule::deduction_decl => crate::tr!("a `deduction` section", "`deduction`（减分项）"),
        Rule::item_decl => crate::tr!("an `item`", "`item`（指标）"),
        Rule::let_stmt => crate::tr!("a `let`", "`let`（令）"),
        Rule::score_stmt => crate::tr!("a `score` rule", "`score`（得分）规则"),
        Rule::checklist_head => crate::tr!("a `checklist`", "`checklist`（清单）"),
        Rule::checklist_entry => crate::tr!("a checklist entry", "清单条目"),
        Rule::judged_stmt => crate::tr!("a `judged` rule", "`judged`（评定）规则"),
        Rule::na_if_stmt | Rule::na_claim_stmt => {
            crate::tr!("a `not-applicable` clause", "`not-applicable`（缺省项）条件")
        }
        Rule::disqualify_stmt => crate::tr!("a `disqualify` clause", "`disqualify`（取消资格）条件"),
        Rule::description => crate::tr!("a description", "说明文字"),
        _ => crate::tr!("this statement", "这条语句"),
    }
}

/// A synthetic span-carrying name, for desugared calls.
fn synthetic(name: &str, span: &crate::base::span::Span) -> Spanned<String> {
    Spanned::new(name.to_string(), span.clone())
}
