//! An expression written back with its names, for traces:
//! `min(4, 4 × 申报绩效目标项目资金 ÷ 申报项目预算资金)`.

use crate::check::model::{Arith, Expr, ExprKind, Input, Local};
use crate::tr;

/// Writes `expr` with input and `let` names.
pub fn symbolic(expr: &Expr, inputs: &[Input], locals: &[Local]) -> String {
    crate::base::limits::deep(|| symbolic_step(expr, inputs, locals))
}

fn symbolic_step(expr: &Expr, inputs: &[Input], locals: &[Local]) -> String {
    let name = |e: &Expr| symbolic(e, inputs, locals);
    let wrap = |child: &Expr, parent: u8, right: bool| {
        let p = precedence(child);
        if p < parent || (right && p == parent && parent >= 5) {
            format!("({})", name(child))
        } else {
            name(child)
        }
    };
    match &expr.kind {
        ExprKind::Const(_, written) => written.to_string(),
        ExprKind::Bool(b) => {
            if *b {
                tr!("yes", "是")
            } else {
                tr!("no", "否")
            }
        }
        ExprKind::Text(t) => format!("\"{t}\""),
        ExprKind::Input(slot) => inputs.get(*slot).map_or_else(|| "?".to_string(), |i| i.name.clone()),
        ExprKind::Local(slot) => locals.get(*slot).map_or_else(|| "?".to_string(), |l| l.name.clone()),
        ExprKind::Neg(inner) => format!("−{}", wrap(inner, 7, false)),
        ExprKind::Not(inner) => {
            let operand = wrap(inner, 3, false);
            tr!("not {operand}", "非 {operand}")
        }
        ExprKind::Convert(inner, _) => name(inner),
        ExprKind::Arith(op, a, b) => {
            let symbol = op.symbol();
            let p = precedence(expr);
            format!("{} {symbol} {}", wrap(a, p, false), wrap(b, p, true))
        }
        ExprKind::Compare(op, a, b) => {
            let symbol = op.symbol();
            format!("{} {symbol} {}", wrap(a, 4, false), wrap(b, 4, true))
        }
        ExprKind::Logic(is_and, a, b) => {
            let p = precedence(expr);
            let word = if *is_and { tr!("and", "且") } else { tr!("or", "或") };
            format!("{} {word} {}", wrap(a, p, false), wrap(b, p, true))
        }
        ExprKind::If(c, t, e) => {
            let (c, t, e) = (name(c), name(t), name(e));
            tr!("if {c} then {t} else {e}", "若 {c} 则 {t} 否则 {e}")
        }
        ExprKind::Call(func, args) => {
            format!("{}({})", func.name(), args.iter().map(name).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Binding strength, loosest first; shared with the substituted form.
pub fn precedence(expr: &Expr) -> u8 {
    match &expr.kind {
        ExprKind::Logic(false, ..) => 1,
        ExprKind::Logic(true, ..) => 2,
        ExprKind::Not(_) => 3,
        ExprKind::Compare(..) => 4,
        ExprKind::Arith(Arith::Add | Arith::Sub, ..) => 5,
        ExprKind::Arith(Arith::Mul | Arith::Div, ..) => 6,
        ExprKind::Neg(_) => 7,
        ExprKind::If(..) => 0,
        _ => 9,
    }
}
