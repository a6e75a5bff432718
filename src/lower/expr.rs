//! Expression pairs → [`Expr`] trees, with a Pratt parser for precedence.
//!
//! Precedence, loosest first: `or`, `and`, `not`, comparisons, `+ -`, `× ÷`,
//! unary minus. Depth is bounded by the line pre-scan in `syntax.rs`.

use std::cell::RefCell;

use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::tokens::{decimal_value, span_of};
use crate::lower::ast::{BinaryOp, Expr, SExpr, UnaryOp};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::span::{join, Spanned};
use crate::syntax::Rule;

thread_local! {
    static PRATT: PrattParser<Rule> = PrattParser::new()
        .op(Op::infix(Rule::or, Assoc::Left))
        .op(Op::infix(Rule::and, Assoc::Left))
        .op(Op::prefix(Rule::not))
        .op(Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::ne, Assoc::Left)
            | Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::le, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::ge, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg));
}

/// Lowers an `expr` pair of a line starting at `offset`.
pub fn lower_expr(pair: Pair<'_, Rule>, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> SExpr {
    let sink = RefCell::new(std::mem::take(diagnostics));
    let result = PRATT.with(|pratt| lower_with(pratt, pair, offset, &sink));
    *diagnostics = sink.into_inner();
    result
}

fn lower_with(
    pratt: &PrattParser<Rule>,
    pair: Pair<'_, Rule>,
    offset: usize,
    sink: &RefCell<Vec<Diagnostic>>,
) -> SExpr {
    pratt
        .map_primary(|primary| lower_primary(pratt, primary, offset, sink))
        .map_prefix(|op, operand| {
            let span = join(&span_of(&op, offset), &operand.span);
            let op = if op.as_rule() == Rule::neg { UnaryOp::Neg } else { UnaryOp::Not };
            Spanned::new(Expr::Unary(op, Box::new(operand)), span)
        })
        .map_infix(|left, op, right| {
            let span = join(&left.span, &right.span);
            let op = binary_op(op.as_rule());
            Spanned::new(Expr::Binary(op, Box::new(left), Box::new(right)), span)
        })
        .parse(pair.into_inner())
}

fn binary_op(rule: Rule) -> BinaryOp {
    match rule {
        Rule::add => BinaryOp::Add,
        Rule::sub => BinaryOp::Sub,
        Rule::mul => BinaryOp::Mul,
        Rule::div => BinaryOp::Div,
        Rule::lt => BinaryOp::Lt,
        Rule::le => BinaryOp::Le,
        Rule::gt => BinaryOp::Gt,
        Rule::ge => BinaryOp::Ge,
        Rule::ne => BinaryOp::Ne,
        Rule::and => BinaryOp::And,
        Rule::or => BinaryOp::Or,
        _ => BinaryOp::Eq,
    }
}

fn lower_primary(
    pratt: &PrattParser<Rule>,
    pair: Pair<'_, Rule>,
    offset: usize,
    sink: &RefCell<Vec<Diagnostic>>,
) -> SExpr {
    let span = span_of(&pair, offset);
    // The operands of a parenthesis, call or `if`, without its keywords.
    let children = || pair.clone().into_inner().filter(|p| !super::tokens::is_keyword(p.as_rule()));
    let expr = match pair.as_rule() {
        Rule::number | Rule::percent => {
            let value = decimal_value(&pair, offset, &mut sink.borrow_mut());
            Expr::Number { value: value.node, percent: pair.as_rule() == Rule::percent }
        }
        Rule::bool_lit => Expr::Bool(pair.clone().into_inner().next().is_some_and(|k| k.as_rule() == Rule::kw_true)),
        Rule::name => Expr::Name(pair.as_str().to_string()),
        Rule::string => Expr::Text(super::tokens::string_value(&pair, offset).node),
        Rule::paren => match children().next() {
            Some(inner) => return lower_with(pratt, inner, offset, sink),
            None => Expr::Number { value: rust_decimal::Decimal::ZERO, percent: false },
        },
        Rule::call => {
            let mut children = children();
            let name = children.next().map_or_else(
                || Spanned::new(String::new(), span.clone()),
                |n| Spanned::new(n.as_str().to_string(), span_of(&n, offset)),
            );
            let args = children.map(|a| lower_with(pratt, a, offset, sink)).collect();
            Expr::Call(name, args)
        }
        Rule::if_expr => {
            let mut parts = children().map(|p| lower_with(pratt, p, offset, sink));
            match (parts.next(), parts.next(), parts.next()) {
                (Some(c), Some(t), Some(e)) => Expr::If(Box::new(c), Box::new(t), Box::new(e)),
                _ => internal(sink, &span),
            }
        }
        _ => internal(sink, &span),
    };
    Spanned::new(expr, span)
}

fn internal(sink: &RefCell<Vec<Diagnostic>>, span: &crate::base::span::Span) -> Expr {
    sink.borrow_mut().push(
        Diagnostic::error(
            Code::Syntax,
            span.clone(),
            crate::tr!("internal: unexpected expression shape", "内部错误：表达式的结构不符合预期"),
        )
        .label(crate::tr!("here", "此处")),
    );
    Expr::Number { value: rust_decimal::Decimal::ZERO, percent: false }
}
