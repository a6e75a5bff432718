//! Lowering of items: their rules, lets, 缺省项 and disqualification clauses.

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::tokens::{decimal_value, id_value, parts, span_of, string_value};
use super::{lower_expr, synthetic, Lowerer};
use crate::lower::ast::{BinaryOp, ChecklistEntry, Condition, Expr, Item, Let, NotApplicable, Rule as ScoreRule, SExpr};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::syntax::outline::Node;
use crate::base::span::{Span, Spanned};
use crate::syntax::Rule;

impl Lowerer {
    /// An `item` line and the statements under it.
    pub(super) fn item(&mut self, node: Node<'_>) -> Option<Item> {
        let offset = node.line.base;
        let pair = node.line.statement.clone()?;
        let p = parts(&pair);
        let mut item = Item {
            id: id_value(p.first()?, offset),
            name: string_value(p.get(1)?, offset),
            weight: decimal_value(p.get(2)?, offset, &mut self.diagnostics),
            description: p.get(3).map(|d| string_value(d, offset)).into_iter().collect(),
            lets: Vec::new(),
            rule: None,
            not_applicable: Vec::new(),
            disqualify: Vec::new(),
            rounding: None,
            span: node.line.span.clone(),
        };
        let any_failed = node.children.iter().any(|c| c.line.failed);
        for child in node.children {
            self.item_statement(&mut item, child);
        }
        if item.rule.is_none() && !any_failed {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Rule,
                    item.id.span.clone(),
                    crate::tr!("item {} has no scoring rule", "指标 {} 没有计分规则", item.id.node),
                )
                .label(crate::tr!(
                    "no `score`, `checklist` or `judged` under this item",
                    "这个指标下面没有 `score`（得分）、`checklist`（清单）或 `judged`（评定）"
                ))
                .help(crate::tr!(
                    "indent a rule under the item, e.g. `score 2 if 主要领导任组长`",
                    "在指标下面缩进写一条计分规则，例如 `score 2 if 主要领导任组长`"
                )),
            );
        }
        Some(item)
    }

    fn item_statement(&mut self, item: &mut Item, node: Node<'_>) {
        let offset = node.line.base;
        let Some(pair) = node.line.statement.clone() else { return };
        let span = span_of(&pair, offset);
        let p = parts(&pair);
        match pair.as_rule() {
            Rule::description => {
                if let Some(s) = p.first() {
                    item.description.push(string_value(s, offset));
                }
            }
            Rule::let_stmt => {
                if let (Some(name), Some(value)) = (p.first(), p.get(1)) {
                    let name = Spanned::new(name.as_str().to_string(), span_of(name, offset));
                    let value = lower_expr(value.clone(), offset, &mut self.diagnostics);
                    item.lets.push(Let { name, value });
                }
            }
            Rule::score_stmt => {
                if let Some(formula) = self.score(&pair, offset) {
                    self.set_rule(item, Spanned::new(ScoreRule::Formula(formula), span));
                }
            }
            Rule::judged_stmt => {
                let text = p.first().map(|s| string_value(s, offset));
                self.set_rule(item, Spanned::new(ScoreRule::Judged(text), span));
            }
            Rule::checklist_head => {
                let any_failed = node.children.iter().any(|c| c.line.failed);
                let mut entries = Vec::new();
                for entry in node.children {
                    let entry_offset = entry.line.base;
                    match entry.line.statement.clone() {
                        Some(e) if e.as_rule() == Rule::checklist_entry => entries.push(self.checklist_entry(&e, entry_offset)),
                        Some(e) => self.misplaced(
                            &e,
                            entry_offset,
                            &crate::tr!(
                                "a checklist holds entries like `1.5 if 目标描述清楚`",
                                "清单下面只能写 `1.5 if 目标描述清楚` 这样的条目"
                            ),
                        ),
                        None => {}
                    }
                }
                if entries.is_empty() && !any_failed {
                    self.diagnostics.push(
                        Diagnostic::error(Code::Rule, span.clone(), crate::tr!("an empty checklist", "清单是空的"))
                            .label(crate::tr!("no entries under it", "下面没有条目"))
                            .help(crate::tr!(
                                "indent entries under it, e.g. `1.5 if 目标描述清楚`",
                                "在清单下面缩进写条目，例如 `1.5 if 目标描述清楚`"
                            )),
                    );
                }
                self.set_rule(item, Spanned::new(ScoreRule::Checklist(entries), span));
                return;
            }
            Rule::na_if_stmt => {
                if let Some(condition) = self.condition(&pair, offset) {
                    item.not_applicable.push(NotApplicable::If(condition));
                }
            }
            Rule::na_claim_stmt => {
                let hint = p.first().map(|s| string_value(s, offset));
                item.not_applicable.push(NotApplicable::Claimable { hint, span });
            }
            Rule::disqualify_stmt => {
                if let Some(condition) = self.condition(&pair, offset) {
                    item.disqualify.push(condition);
                }
            }
            Rule::rounding_prop => {
                if let Some(rounding) = self.rounding(&pair, offset) {
                    item.rounding = Some(rounding);
                }
            }
            _ => self.misplaced(
                &pair,
                offset,
                &crate::tr!(
                    "an item holds a description, lets, one rule (score, checklist or judged), not-applicable and disqualify clauses",
                    "指标下面只能写说明、`let`（令）、一条计分规则（`score` 得分、`checklist` 清单或 `judged` 评定）、`not-applicable`（缺省项）和 `disqualify`（取消资格）条件"
                ),
            ),
        }
        self.no_children(&node, &crate::tr!("this statement", "这条语句"));
    }

    fn set_rule(&mut self, item: &mut Item, rule: Spanned<ScoreRule>) {
        if let Some(previous) = &item.rule {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Rule,
                    rule.span.clone(),
                    crate::tr!("item {} has a second scoring rule", "指标 {} 写了第二条计分规则", item.id.node),
                )
                .label(crate::tr!("second rule", "第二条规则"))
                .related(previous.span.clone(), crate::tr!("first rule", "第一条规则"))
                .help(crate::tr!(
                    "an item is scored by one rule; combine them into one formula",
                    "一个指标只按一条规则计分；请把它们合并成一个公式"
                )),
            );
        } else {
            item.rule = Some(rule);
        }
    }

    fn condition(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Option<Condition> {
        let p = parts(pair);
        let condition = lower_expr(p.first()?.clone(), offset, &mut self.diagnostics);
        let reason = string_value(p.get(1)?, offset);
        Some(Condition { condition, reason, span: span_of(pair, offset) })
    }

    fn checklist_entry(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> ChecklistEntry {
        let p = parts(pair);
        let span = span_of(pair, offset);
        let points = match p.first() {
            Some(n) => decimal_value(n, offset, &mut self.diagnostics),
            None => Spanned::new(Decimal::ZERO, span.clone()),
        };
        let condition = match p.get(1) {
            Some(c) => lower_expr(c.clone(), offset, &mut self.diagnostics),
            None => Spanned::new(Expr::Bool(false), span.clone()),
        };
        let label = p.get(2).map(|s| string_value(s, offset));
        ChecklistEntry { points, condition, label, span }
    }

    /// The `score` forms, desugared into one formula.
    fn score(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Option<SExpr> {
        let span = span_of(pair, offset);
        let p = parts(pair);
        let first = p.first()?;
        if first.as_rule() == Rule::per_first {
            let q = parts(first);
            let count = lower_expr(q.first()?.clone(), offset, &mut self.diagnostics);
            let points = lower_expr(q.get(1)?.clone(), offset, &mut self.diagnostics);
            let cap = q.get(2).and_then(|t| self.at_most(t, offset));
            return Some(per(points, count, cap, &span));
        }
        let base = lower_expr(first.clone(), offset, &mut self.diagnostics);
        let Some(suffix) = p.get(1) else { return Some(base) };
        let q = parts(suffix);
        Some(match suffix.as_rule() {
            Rule::per_suffix => {
                let count = lower_expr(q.first()?.clone(), offset, &mut self.diagnostics);
                let cap = q.get(1).and_then(|t| self.at_most(t, offset));
                per(base, count, cap, &span)
            }
            Rule::minus_suffix => {
                let points = lower_expr(q.first()?.clone(), offset, &mut self.diagnostics);
                let count = lower_expr(q.get(1)?.clone(), offset, &mut self.diagnostics);
                minus(base, points, count, &span)
            }
            Rule::deduct_suffix => {
                let count = lower_expr(q.first()?.clone(), offset, &mut self.diagnostics);
                let points = lower_expr(q.get(1)?.clone(), offset, &mut self.diagnostics);
                minus(base, points, count, &span)
            }
            Rule::if_suffix => {
                let condition = lower_expr(q.first()?.clone(), offset, &mut self.diagnostics);
                Spanned::new(
                    Expr::If(Box::new(condition), Box::new(base), Box::new(number(Decimal::ZERO, &span))),
                    span,
                )
            }
            _ => base,
        })
    }

    fn at_most(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Option<SExpr> {
        let q = parts(pair);
        Some(lower_expr(q.first()?.clone(), offset, &mut self.diagnostics))
    }
}

fn number(value: Decimal, span: &Span) -> SExpr {
    Spanned::new(Expr::Number { value, percent: false }, span.clone())
}

fn binary(op: BinaryOp, left: SExpr, right: SExpr, span: &Span) -> SExpr {
    Spanned::new(Expr::Binary(op, Box::new(left), Box::new(right)), span.clone())
}

/// `P per N, at most C` → `min(C, P × N)`.
fn per(points: SExpr, count: SExpr, cap: Option<SExpr>, span: &Span) -> SExpr {
    let product = binary(BinaryOp::Mul, points, count, span);
    match cap {
        Some(cap) => Spanned::new(Expr::Call(synthetic("min", span), vec![cap, product]), span.clone()),
        None => product,
    }
}

/// `B minus P per N` → `max(0, B − P × N)`.
fn minus(base: SExpr, points: SExpr, count: SExpr, span: &Span) -> SExpr {
    let product = binary(BinaryOp::Mul, points, count, span);
    let difference = binary(BinaryOp::Sub, base, product, span);
    Spanned::new(Expr::Call(synthetic("max", span), vec![number(Decimal::ZERO, span), difference]), span.clone())
}
