//! Lowering of indicators (reported values) and consistency checks (审核公式).

use pest::iterators::Pair;

use super::tokens::{decimal_value, integer_value, parts, span_of, string_value};
use super::{lower_expr, Lowerer};
use crate::lower::ast::{Check, Display, DisplayKind, Indicator, MoneyUnit};
use crate::syntax::outline::Node;
use crate::base::span::Spanned;
use crate::syntax::Rule;

impl Lowerer {
    /// An `indicator` line and its description lines.
    pub(super) fn indicator(&mut self, node: Node<'_>) -> Option<Indicator> {
        let offset = node.line.base;
        let pair = node.line.statement.clone()?;
        let p = parts(&pair);
        let name_pair = p.first()?;
        let mut indicator = Indicator {
            name: Spanned::new(name_pair.as_str().to_string(), span_of(name_pair, offset)),
            value: lower_expr(p.get(1)?.clone(), offset, &mut self.diagnostics),
            display: None,
            description: Vec::new(),
            span: span_of(&pair, offset),
        };
        for part in p.iter().skip(2) {
            match part.as_rule() {
                Rule::display_form => indicator.display = Some(self.display(part, offset)),
                Rule::string => indicator.description.push(string_value(part, offset)),
                _ => {}
            }
        }
        for child in node.children {
            match child.line.statement.clone() {
                Some(c) if c.as_rule() == Rule::description => {
                    if let Some(s) = c.into_inner().next() {
                        indicator.description.push(string_value(&s, child.line.base));
                    }
                }
                Some(c) => self.misplaced(
                    &c,
                    child.line.base,
                    &crate::tr!("an indicator holds only its description", "分析指标下面只能写它的说明"),
                ),
                None => {}
            }
        }
        Some(indicator)
    }

    fn display(&mut self, pair: &Pair<'_, Rule>, offset: usize) -> Spanned<Display> {
        let mut kind = DisplayKind::Number;
        let mut places = 2;
        for part in pair.clone().into_inner() {
            match part.as_rule() {
                Rule::kw_percent => kind = DisplayKind::Percent,
                Rule::kw_ratio => kind = DisplayKind::Ratio,
                Rule::money_unit => {
                    kind = DisplayKind::Amount(match part.as_str() {
                        "元" => MoneyUnit::Yuan,
                        "亿元" => MoneyUnit::Yi,
                        _ => MoneyUnit::Wan,
                    })
                }
                Rule::integer => places = integer_value(&part, offset, &mut self.diagnostics).node.min(10),
                _ => {}
            }
        }
        Spanned::new(Display { kind, places }, span_of(pair, offset))
    }

    /// A `check` line.
    pub(super) fn check(&mut self, pair: Pair<'_, Rule>, offset: usize) -> Option<Check> {
        let p = parts(&pair);
        let mut check = Check {
            name: string_value(p.first()?, offset),
            condition: lower_expr(p.get(1)?.clone(), offset, &mut self.diagnostics),
            tolerance: None,
            warning: false,
            message: None,
            span: span_of(&pair, offset),
        };
        for part in p.iter().skip(2) {
            match part.as_rule() {
                Rule::check_tolerance => {
                    if let Some(number) = parts(part).first() {
                        let value = decimal_value(number, offset, &mut self.diagnostics);
                        let percent = number.as_rule() == Rule::percent;
                        check.tolerance = Some(Spanned::new((value.node, percent), value.span));
                    }
                }
                Rule::check_level => {
                    check.warning = part.clone().into_inner().any(|k| k.as_rule() == Rule::kw_warning);
                }
                Rule::string => check.message = Some(string_value(part, offset)),
                _ => {}
            }
        }
        Some(check)
    }
}
