//! Sections and items: unique ids, weights that add up, rules that type-check
//! and can reach (but not pass) their weight.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::range::{is_numeric, Env, Facts};
use super::resolve::{resolve, Scope};
use crate::ast::{self, Child, InputType, NotApplicable, Rounding, SectionKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::exact::Exact;
use crate::model::{self, Clause, Entry, Local, NodeRef, Ty};
use crate::span::Span;

/// Builds the flat section and item arrays.
pub struct TreeBuilder<'a> {
    /// Input name → (slot, type).
    pub names: &'a HashMap<String, (usize, InputType)>,
    /// The checked inputs.
    pub inputs: &'a [model::Input],
    /// Facts from `require`s.
    pub facts: &'a Facts,
    /// The `require` conditions (data that breaks them is refused).
    pub requires: &'a [&'a model::Expr],
    /// The rubric's rounding.
    pub rounding: Rounding,
    /// Sections so far.
    pub sections: Vec<model::Section>,
    /// Items so far.
    pub items: Vec<model::Item>,
    /// Section id → first span.
    pub section_ids: HashMap<String, Span>,
    /// Item id → first span.
    pub item_ids: HashMap<String, Span>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

impl TreeBuilder<'_> {
    /// Adds a section and everything under it; returns its index.
    pub fn section(&mut self, section: &ast::Section, parent: Option<usize>, depth: usize) -> usize {
        self.unique_id(true, &section.id.node, &section.id.span);
        let index = self.sections.len();
        self.sections.push(model::Section {
            id: section.id.node.clone(),
            name: section.name.node.clone(),
            kind: section.kind,
            weight: section.weight.node,
            parent,
            depth,
            children: Vec::new(),
            description: section.description.iter().map(|d| d.node.clone()).collect(),
            span: section.span.clone(),
        });
        let mut children = Vec::new();
        let mut sum = Decimal::ZERO;
        let mut parts = Vec::new();
        for child in &section.children {
            match child {
                Child::Section(sub) => {
                    children.push(NodeRef::Section(self.section(sub, Some(index), depth + 1)));
                    sum = sum.checked_add(sub.weight.node).unwrap_or(sum);
                    parts.push(format!("{} ({})", sub.id.node, sub.weight.node.normalize()));
                }
                Child::Item(item) => {
                    children.push(NodeRef::Item(self.item(item, index)));
                    sum = sum.checked_add(item.weight.node).unwrap_or(sum);
                    parts.push(format!("item {} ({})", item.id.node, item.weight.node.normalize()));
                }
            }
        }
        if section.kind == SectionKind::Normal && sum != section.weight.node {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Weights,
                    section.weight.span.clone(),
                    format!(
                        "the weights under section {} add up to {}, not {}",
                        section.id.node,
                        sum.normalize(),
                        section.weight.node.normalize()
                    ),
                )
                .label(format!("children add up to {}", sum.normalize()))
                .help(format!(
                    "{} = {}; change a weight or add the missing item",
                    parts.join(" + "),
                    sum.normalize()
                )),
            );
        }
        if let Some(s) = self.sections.get_mut(index) {
            s.children = children;
        }
        index
    }

    fn unique_id(&mut self, section: bool, id: &str, span: &Span) {
        let (ids, what) = if section { (&mut self.section_ids, "section") } else { (&mut self.item_ids, "item") };
        if let Some(first) = ids.get(id) {
            self.diagnostics.push(
                Diagnostic::error(Code::Duplicate, span.clone(), format!("{what} id `{id}` is used twice"))
                    .label("second use")
                    .related(first.clone(), "first use")
                    .help(format!("ids are how data files and reports refer to {what}s: make each one unique")),
            );
        } else {
            ids.insert(id.to_string(), span.clone());
        }
    }

    fn item(&mut self, item: &ast::Item, section: usize) -> usize {
        self.unique_id(false, &item.id.node, &item.id.span);
        let errors_before = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let mut scope = Scope::new(self.names);
        let mut lets = Vec::new();
        for local in &item.lets {
            let name = &local.name.node;
            if self.names.contains_key(name) || scope.locals.iter().any(|(n, _)| n == name) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Duplicate,
                        local.name.span.clone(),
                        format!("`{name}` is already an input or a `let` of this item"),
                    )
                    .label("name taken")
                    .help("give the `let` a name of its own"),
                );
            }
            let value = resolve(&local.value, &mut scope, &mut self.diagnostics);
            scope.locals.push((name.clone(), value.ty));
            lets.push(Local { name: name.clone(), value });
        }
        let mut not_applicable = Vec::new();
        let mut claimable = false;
        for clause in &item.not_applicable {
            match clause {
                NotApplicable::If(c) => {
                    not_applicable.push(self.clause(c, &mut scope, "a `not-applicable` condition"));
                    claimable = true;
                }
                NotApplicable::Claimable { .. } => claimable = true,
            }
        }
        let disqualify: Vec<Clause> =
            item.disqualify.iter().map(|c| self.clause(c, &mut scope, "a `disqualify` condition")).collect();
        let rule_span = item.rule.as_ref().map_or(item.span.clone(), |r| r.span.clone());
        let rule = match item.rule.as_ref().map(|r| &r.node) {
            Some(ast::Rule::Formula(formula)) => {
                let expr = resolve(formula, &mut scope, &mut self.diagnostics);
                if expr.ty != Ty::Number && expr.ty != Ty::Error {
                    let help = match expr.ty {
                        Ty::Bool => "a yes/no is not a score: write `score 2 if 条件`",
                        _ => "divide by another amount to get a rate, then multiply by the points",
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            expr.span.clone(),
                            format!("a score must be a number of points, not {}", expr.ty.describe()),
                        )
                        .label(expr.ty.describe())
                        .help(help),
                    );
                }
                model::Rule::Formula(expr)
            }
            Some(ast::Rule::Checklist(entries)) => model::Rule::Checklist(
                entries
                    .iter()
                    .map(|e| {
                        let condition = resolve(&e.condition, &mut scope, &mut self.diagnostics);
                        self.expect_bool(&condition, "a checklist entry");
                        Entry { points: e.points.node, condition, label: e.label.as_ref().map(|l| l.node.clone()) }
                    })
                    .collect(),
            ),
            Some(ast::Rule::Judged(text)) => model::Rule::Judged(text.as_ref().map(|t| t.node.clone())),
            None => model::Rule::Judged(None),
        };
        let mut used = scope.used;
        used.sort_unstable();
        let index = self.items.len();
        let checked = model::Item {
            id: item.id.node.clone(),
            name: item.name.node.clone(),
            weight: item.weight.node,
            description: item.description.iter().map(|d| d.node.clone()).collect(),
            section,
            lets,
            rule,
            not_applicable,
            claimable,
            disqualify,
            rounding: item.rounding.as_ref().map_or(self.rounding, |r| r.node),
            inputs: used,
            span: item.span.clone(),
            rule_span,
        };
        let errors_after = self.diagnostics.iter().filter(|d| d.is_error()).count();
        if item.rule.is_some() && errors_after == errors_before {
            self.check_reach(&checked, &item.weight.span);
        }
        self.items.push(checked);
        index
    }

    fn clause(&mut self, clause: &ast::Condition, scope: &mut Scope<'_>, what: &str) -> Clause {
        let condition = resolve(&clause.condition, scope, &mut self.diagnostics);
        self.expect_bool(&condition, what);
        Clause { condition, reason: clause.reason.node.clone(), span: clause.span.clone() }
    }

    fn expect_bool(&mut self, expr: &model::Expr, what: &str) {
        if expr.ty != Ty::Bool && expr.ty != Ty::Error {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Type,
                    expr.span.clone(),
                    format!("{what} must be a yes/no, not {}", expr.ty.describe()),
                )
                .label(expr.ty.describe())
                .help("compare it to get a yes/no: `x > 0`"),
            );
        }
    }

    /// Warns when a rule can never reach its weight, or can go past it.
    fn check_reach(&mut self, item: &model::Item, weight_span: &Span) {
        let mut env = Env::new(self.inputs, self.facts);
        for condition in self.requires {
            if let Some(refined) = env.refine(condition, true) {
                env = refined;
            }
        }
        for clause in &item.not_applicable {
            match env.refine(&clause.condition, false) {
                Some(refined) => env = refined,
                None => return,
            }
        }
        for local in &item.lets {
            let interval = env.eval(&local.value);
            env.locals.push(interval);
        }
        let high = match &item.rule {
            model::Rule::Formula(expr) if is_numeric(expr) => env.eval(expr).hi,
            model::Rule::Checklist(entries) => {
                entries.iter().try_fold(Exact::ZERO, |sum, e| sum.add(Exact::from_decimal(e.points)).ok())
            }
            _ => return,
        };
        let weight = Exact::from_decimal(item.weight);
        match high {
            Some(high) if high < weight => self.diagnostics.push(
                Diagnostic::warning(
                    Code::Unreachable,
                    item.rule_span.clone(),
                    format!(
                        "item {} can never reach its weight {}: its rule gives at most {}",
                        item.id,
                        item.weight.normalize(),
                        high.display(4)
                    ),
                )
                .label(format!("at most {}", high.display(4)))
                .related(weight_span.clone(), "the weight")
                .help("check the formula against the table: full marks should be reachable"),
            ),
            Some(high) if high > weight => self.diagnostics.push(
                Diagnostic::warning(
                    Code::ExceedsWeight,
                    item.rule_span.clone(),
                    format!(
                        "item {} can score up to {}, more than its weight {}",
                        item.id,
                        high.display(4),
                        item.weight.normalize()
                    ),
                )
                .label(format!("up to {}", high.display(4)))
                .related(weight_span.clone(), "the weight")
                .help(format!(
                    "scores are capped at the weight; write `min({}, …)` to say so",
                    item.weight.normalize()
                )),
            ),
            None => self.diagnostics.push(
                Diagnostic::warning(
                    Code::ExceedsWeight,
                    item.rule_span.clone(),
                    format!(
                        "item {} has no upper bound: its rule can exceed its weight {}",
                        item.id,
                        item.weight.normalize()
                    ),
                )
                .label("unbounded")
                .related(weight_span.clone(), "the weight")
                .help(format!(
                    "scores are capped at the weight; write `min({}, …)` or `…, at most {}` to say so",
                    item.weight.normalize(),
                    item.weight.normalize()
                )),
            ),
            _ => {}
        }
    }
}
