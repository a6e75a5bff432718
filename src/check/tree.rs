//! Sections and items: unique ids, weights that add up, rules that type-check
//! and can reach (but not pass) their weight.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::range::{is_numeric, Env, Facts, Interval};
use super::resolve::{expect_condition, resolve, Scope};
use super::{ty_name, Names};
use crate::lower::ast::{self, Child, NotApplicable, Rounding, SectionKind};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
use crate::check::model::{self, Clause, Entry, Local, NodeRef, Ty};
use crate::base::span::Span;

/// Builds the flat section and item arrays of some top-level sections.
pub struct TreeBuilder<'a> {
    /// Input name → (slot, type).
    pub names: &'a Names,
    /// The checked inputs.
    pub inputs: &'a [model::Input],
    /// Facts from `require`s.
    pub facts: &'a Facts,
    /// The inputs' ranges, narrowed by the `require`s (see [`base_ranges`]).
    pub base: &'a [Interval],
    /// The rubric's rounding.
    pub rounding: Rounding,
    /// Sections so far.
    pub sections: Vec<model::Section>,
    /// Items so far.
    pub items: Vec<model::Item>,
    /// Section and item ids in file order, for [`check_unique_ids`].
    pub ids: Vec<Id<'a>>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

/// A section's or an item's id where it is declared.
pub struct Id<'a> {
    /// A section's id, not an item's.
    pub section: bool,
    /// The id.
    pub id: &'a str,
    /// Where it is written.
    pub span: &'a Span,
}

/// Reports every id used a second time by a section, or by an item.
pub fn check_unique_ids(ids: &[Id<'_>], diagnostics: &mut Vec<Diagnostic>) {
    type FirstUse<'a> = HashMap<&'a str, &'a Span, rustc_hash::FxBuildHasher>;
    let (mut sections, mut items): (FirstUse<'_>, FirstUse<'_>) = (HashMap::default(), HashMap::default());
    for &Id { section, id, span } in ids {
        let (first_use, what, zh) =
            if section { (&mut sections, "section", "部分") } else { (&mut items, "item", "指标") };
        if let Some(first) = first_use.get(id) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    span.clone(),
                    crate::tr!("{what} id `{id}` is used twice", "{zh}编号 `{id}` 用了两次"),
                )
                .label(crate::tr!("second use", "第二次使用"))
                .related((*first).clone(), crate::tr!("first use", "第一次使用"))
                .help(crate::tr!(
                    "ids are how data files and reports refer to {what}s: make each one unique",
                    "数据文件和报告都用编号来引用{zh}：每个编号都要唯一"
                )),
            );
        } else {
            first_use.insert(id, span);
        }
    }
}

/// The inputs' declared ranges narrowed by the `require` conditions, once
/// for the whole rubric (a `require` that cannot hold is left out).
pub fn base_ranges(inputs: &[model::Input], facts: &Facts, requires: &[&model::Expr]) -> Vec<Interval> {
    let declared = super::range::declared(inputs);
    let mut env = Env::new(&declared, inputs, facts);
    for condition in requires {
        if let Some(refined) = env.refine(condition, true) {
            env = refined;
        }
    }
    env.inputs()
}

impl<'a> TreeBuilder<'a> {
    /// A builder with the same rubric-wide facts and nothing built yet.
    pub fn fresh(&self) -> Self {
        TreeBuilder::new(self.names, self.inputs, self.facts, self.base, self.rounding)
    }

    /// A builder over the rubric-wide facts, with nothing built yet.
    pub fn new(
        names: &'a Names,
        inputs: &'a [model::Input],
        facts: &'a Facts,
        base: &'a [Interval],
        rounding: Rounding,
    ) -> Self {
        TreeBuilder {
            names,
            inputs,
            facts,
            base,
            rounding,
            sections: Vec::new(),
            items: Vec::new(),
            ids: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Adds a section and everything under it; returns its index.
    pub fn section(&mut self, section: &'a ast::Section, parent: Option<usize>, depth: usize) -> usize {
        self.ids.push(Id { section: true, id: &section.id.node, span: &section.id.span });
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
        });
        let mut children = Vec::new();
        let mut sum = Decimal::ZERO;
        for child in &section.children {
            match child {
                Child::Section(sub) => {
                    children.push(NodeRef::Section(self.section(sub, Some(index), depth + 1)));
                    sum = sum.checked_add(sub.weight.node).unwrap_or(sum);
                }
                Child::Item(item) => {
                    children.push(NodeRef::Item(self.item(item, index)));
                    sum = sum.checked_add(item.weight.node).unwrap_or(sum);
                }
            }
        }
        if section.kind == SectionKind::Normal && sum != section.weight.node {
            let parts: Vec<String> = section
                .children
                .iter()
                .map(|child| match child {
                    Child::Section(sub) => format!("{} ({})", sub.id.node, sub.weight.node.normalize()),
                    Child::Item(item) => {
                        crate::tr!("item {} ({})", "指标 {} ({})", item.id.node, item.weight.node.normalize())
                    }
                })
                .collect();
            let (id, total, weight, parts) =
                (&section.id.node, sum.normalize(), section.weight.node.normalize(), parts.join(" + "));
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Weights,
                    section.weight.span.clone(),
                    crate::tr!(
                        "the weights under section {id} add up to {total}, not {weight}",
                        "部分 {id} 所含各项的分值合计为 {total}，不等于该部分的分值 {weight}"
                    ),
                )
                .label(crate::tr!("children add up to {total}", "下级合计 {total}"))
                .help(crate::tr!(
                    "{parts} = {total}; change a weight or add the missing item",
                    "{parts} = {total}；请修改分值，或者补上缺少的指标"
                )),
            );
        }
        if let Some(s) = self.sections.get_mut(index) {
            s.children = children;
        }
        index
    }

    fn item(&mut self, item: &'a ast::Item, section: usize) -> usize {
        self.ids.push(Id { section: false, id: &item.id.node, span: &item.id.span });
        let diagnostics_before = self.diagnostics.len();
        let mut scope = Scope::new(self.names);
        let mut lets = Vec::new();
        for local in &item.lets {
            let name = &local.name.node;
            if self.names.contains_key(name) || scope.locals.iter().any(|(n, _)| n == name) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Duplicate,
                        local.name.span.clone(),
                        crate::tr!(
                            "`{name}` is already an input or a `let` of this item",
                            "`{name}` 已经是输入项或本指标的 `let`（令）"
                        ),
                    )
                    .label(crate::tr!("name taken", "名称已被占用"))
                    .help(crate::tr!("give the `let` a name of its own", "给这个 `let`（令）另起一个名称")),
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
                    let what = || crate::tr!("a `not-applicable` condition", "`not-applicable`（缺省项）条件");
                    not_applicable.push(self.clause(c, &mut scope, &what));
                    claimable = true;
                }
                NotApplicable::Claimable { .. } => claimable = true,
            }
        }
        let what = || crate::tr!("a `disqualify` condition", "`disqualify`（取消资格）条件");
        let disqualify: Vec<Clause> = item.disqualify.iter().map(|c| self.clause(c, &mut scope, &what)).collect();
        let rule_span = item.rule.as_ref().map_or(item.span.clone(), |r| r.span.clone());
        let rule = match item.rule.as_ref().map(|r| &r.node) {
            Some(ast::Rule::Formula(formula)) => {
                let expr = resolve(formula, &mut scope, &mut self.diagnostics);
                if expr.ty != Ty::Number && expr.ty != Ty::Error {
                    let help = match expr.ty {
                        Ty::Bool => crate::tr!(
                            "a yes/no is not a score: write `score 2 if 条件`",
                            "是/否值不是得分：请写 `score 2 if 条件`"
                        ),
                        _ => crate::tr!(
                            "divide by another amount to get a rate, then multiply by the points",
                            "先除以另一个金额得到比率，再乘以分值"
                        ),
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            expr.span.clone(),
                            crate::tr!(
                                "a score must be a number of points, not {}",
                                "得分必须是分数（数值），而非{}",
                                ty_name(expr.ty)
                            ),
                        )
                        .label(ty_name(expr.ty))
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
                        self.expect_bool(&condition, &|| crate::tr!("a checklist entry", "清单条目"));
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
            rule_span,
        };
        let new_errors = self.diagnostics.get(diagnostics_before..).is_some_and(|d| d.iter().any(|d| d.is_error()));
        if item.rule.is_some() && !new_errors {
            self.check_reach(&checked, &item.weight.span);
        }
        self.items.push(checked);
        index
    }

    fn clause(&mut self, clause: &ast::Condition, scope: &mut Scope<'_>, what: &dyn Fn() -> String) -> Clause {
        let condition = resolve(&clause.condition, scope, &mut self.diagnostics);
        self.expect_bool(&condition, what);
        Clause { condition, reason: clause.reason.node.clone() }
    }

    fn expect_bool(&mut self, expr: &model::Expr, what: &dyn Fn() -> String) {
        expect_condition(
            expr,
            |ty| {
                let what = what();
                crate::tr!("{what} must be a yes/no, not {ty}", "{what}应为是/否值，而非{ty}")
            },
            || crate::tr!("compare it to get a yes/no: `x > 0`", "用比较式得出是/否值：`x > 0`"),
            &mut self.diagnostics,
        );
    }

    /// Warns when a rule can never reach its weight, or can go past it.
    fn check_reach(&mut self, item: &model::Item, weight_span: &Span) {
        let mut env = Env::new(self.base, self.inputs, self.facts);
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
        let (id, w) = (&item.id, item.weight.normalize());
        match high {
            Some(high) if high < weight => {
                let most = high.display(4);
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::Unreachable,
                        item.rule_span.clone(),
                        crate::tr!(
                            "item {id} can never reach its weight {w}: its rule gives at most {most}",
                            "指标 {id} 永远拿不到满分 {w}：它的规则最多只能得 {most} 分"
                        ),
                    )
                    .label(crate::tr!("at most {most}", "最多 {most}"))
                    .related(weight_span.clone(), crate::tr!("the weight", "分值"))
                    .help(crate::tr!(
                        "check the formula against the table: full marks should be reachable",
                        "请对照原表核对公式：应当能够得到满分"
                    )),
                )
            }
            Some(high) if high > weight => {
                let most = high.display(4);
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::ExceedsWeight,
                        item.rule_span.clone(),
                        crate::tr!(
                            "item {id} can score up to {most}, more than its weight {w}",
                            "指标 {id} 最多可得 {most} 分，超过了它的分值 {w}"
                        ),
                    )
                    .label(crate::tr!("up to {most}", "最多 {most}"))
                    .related(weight_span.clone(), crate::tr!("the weight", "分值"))
                    .help(crate::tr!(
                        "scores are capped at the weight; write `min({w}, …)` to say so",
                        "得分以分值为上限；请写 `min({w}, …)` 把这一点写明"
                    )),
                )
            }
            None => self.diagnostics.push(
                Diagnostic::warning(
                    Code::ExceedsWeight,
                    item.rule_span.clone(),
                    crate::tr!(
                        "item {id} has no upper bound: its rule can exceed its weight {w}",
                        "指标 {id} 没有上限：它的规则可能超过分值 {w}"
                    ),
                )
                .label(crate::tr!("unbounded", "没有上限"))
                .related(weight_span.clone(), crate::tr!("the weight", "分值"))
                .help(crate::tr!(
                    "scores are capped at the weight; write `min({w}, …)` or `…, at most {w}` to say so",
                    "得分以分值为上限；请写 `min({w}, …)` 或 `…, at most {w}`（最多）把这一点写明"
                )),
            ),
            _ => {}
        }
    }
}
