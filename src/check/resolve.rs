//! Name resolution and type checking of expressions.
//!
//! Names become input or `let` slots; every operator is checked against the
//! types of its operands (a yes/no is not a number, an amount is not added to
//! a rate); amounts in different units are converted exactly.

use super::{ty_name, Names};
use crate::lower::ast::{BinaryOp, Expr as Ast, InputType, MoneyUnit, SExpr, UnaryOp};
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
use crate::check::model::{Arith, Compare, Expr, ExprKind, Func, Ty, Written};
use crate::base::span::Span;

/// What names mean while resolving one item's expressions.
pub struct Scope<'a> {
    /// Input name → (slot, type).
    pub inputs: &'a Names,
    /// `let` names of the item so far → (slot, type).
    pub locals: Vec<(String, Ty)>,
    /// Inputs read so far.
    pub used: Vec<usize>,
}

impl<'a> Scope<'a> {
    /// How an operand is named in a type error: "a rate" for a rate input.
    fn describe(&self, expr: &Expr) -> String {
        if let ExprKind::Input(slot) = expr.kind {
            if let Some((_, ty)) = self.inputs.values().find(|(s, _)| *s == slot) {
                return match ty {
                    InputType::Rate => crate::tr!("a rate", "比率"),
                    InputType::Count => crate::tr!("a count", "计数"),
                    _ => ty_name(expr.ty),
                };
            }
        }
        ty_name(expr.ty)
    }

    /// A scope with inputs only.
    pub fn new(inputs: &'a Names) -> Self {
        Scope { inputs, locals: Vec::new(), used: Vec::new() }
    }
}

/// The type an input has in expressions.
pub fn input_ty(ty: InputType) -> Ty {
    match ty {
        InputType::Count | InputType::Rate | InputType::Number => Ty::Number,
        InputType::Amount(unit) => Ty::Amount(unit),
        InputType::Bool => Ty::Bool,
        InputType::Text => Ty::Text,
    }
}

/// Resolves and type-checks `expr`.
pub fn resolve(expr: &SExpr, scope: &mut Scope<'_>, diagnostics: &mut Vec<Diagnostic>) -> Expr {
    crate::base::limits::deep(|| resolve_step(expr, scope, diagnostics))
}

fn resolve_step(expr: &SExpr, scope: &mut Scope<'_>, diagnostics: &mut Vec<Diagnostic>) -> Expr {
    let span = expr.span.clone();
    match &expr.node {
        Ast::Number { value, percent } => {
            let written = Written { value: *value, percent: *percent };
            Expr { kind: ExprKind::Const(Exact::from_decimal(*value), written), ty: Ty::Number, span }
        }
        Ast::Bool(b) => Expr { kind: ExprKind::Bool(*b), ty: Ty::Bool, span },
        Ast::Text(t) => Expr { kind: ExprKind::Text(t.clone()), ty: Ty::Text, span },
        Ast::Name(name) => resolve_name(name, span, scope, diagnostics),
        Ast::Unary(op, operand) => {
            let operand = resolve(operand, scope, diagnostics);
            match op {
                UnaryOp::Neg => {
                    let ty = expect_numeric(&operand, &|| role(Role::Neg), diagnostics);
                    Expr { kind: ExprKind::Neg(Box::new(operand)), ty, span }
                }
                UnaryOp::Not => {
                    expect(&operand, Ty::Bool, &|| role(Role::Not), diagnostics);
                    Expr { kind: ExprKind::Not(Box::new(operand)), ty: Ty::Bool, span }
                }
            }
        }
        Ast::Binary(op, left, right) => {
            let left = resolve(left, scope, diagnostics);
            let right = resolve(right, scope, diagnostics);
            binary(*op, left, right, span, scope, diagnostics)
        }
        Ast::If(condition, then, otherwise) => {
            let condition = resolve(condition, scope, diagnostics);
            expect(&condition, Ty::Bool, &|| role(Role::IfCondition), diagnostics);
            let then = resolve(then, scope, diagnostics);
            let otherwise = resolve(otherwise, scope, diagnostics);
            let (then, otherwise, ty) = unify(then, otherwise, &|| role(Role::IfBranches), scope, diagnostics);
            Expr { kind: ExprKind::If(Box::new(condition), Box::new(then), Box::new(otherwise)), ty, span }
        }
        Ast::Call(name, args) => {
            let args: Vec<Expr> = args.iter().map(|a| resolve(a, scope, diagnostics)).collect();
            call(&name.node, &name.span, args, span, scope, diagnostics)
        }
    }
}

/// What an operand is, in the messages about [`resolve`]'s own operands.
#[derive(Clone, Copy)]
enum Role {
    Neg,
    Not,
    IfCondition,
    IfBranches,
}

/// The words for a [`Role`]; made here rather than in [`resolve`], whose
/// stack frame is repeated once per level of nesting and must stay small.
#[inline(never)]
fn role(role: Role) -> String {
    match role {
        Role::Neg => crate::tr!("`-`", "负号 `-`"),
        Role::Not => crate::tr!("`not`", "`not`（非）"),
        Role::IfCondition => crate::tr!("the condition of `if`", "`if`（若）的条件"),
        Role::IfBranches => crate::tr!("the two branches of `if`", "`if`（若）的两个分支"),
    }
}

fn resolve_name(name: &str, span: Span, scope: &mut Scope<'_>, diagnostics: &mut Vec<Diagnostic>) -> Expr {
    if let Some(slot) = scope.locals.iter().rposition(|(n, _)| n == name) {
        let ty = scope.locals.get(slot).map_or(Ty::Error, |(_, t)| *t);
        return Expr { kind: ExprKind::Local(slot), ty, span };
    }
    if let Some((slot, ty)) = scope.inputs.get(name) {
        if !scope.used.contains(slot) {
            scope.used.push(*slot);
        }
        return Expr { kind: ExprKind::Input(*slot), ty: input_ty(*ty), span };
    }
    let candidates = scope.inputs.keys().map(String::as_str).chain(scope.locals.iter().map(|(n, _)| n.as_str()));
    let mut diagnostic = Diagnostic::error(
        Code::UndefinedName,
        span.clone(),
        crate::tr!(
            "`{name}` is not an input or a `let` of this item",
            "`{name}` 既不是输入项，也不是本指标的 `let`（令）"
        ),
    )
    .label(crate::tr!("not defined", "未定义"));
    diagnostic = match crate::base::suggest::closest(name, candidates) {
        Some(best) => diagnostic
            .help(crate::tr!("did you mean `{best}`?", "是不是要写 `{best}`？"))
            .replacement(span.clone(), best),
        None => diagnostic.help(crate::tr!("declare it: `input {name}: count`", "请先声明它：`input {name}: count`")),
    };
    if let Some((help, spaced)) = glued_keyword(name, scope) {
        diagnostic = diagnostic.help(help).replacement(span.clone(), spaced);
    }
    diagnostics.push(diagnostic);
    Expr { kind: ExprKind::Bool(false), ty: Ty::Error, span }
}

/// `若应评估数` is `若` glued to `应评估数`: the help, and the words spaced.
fn glued_keyword(name: &str, scope: &Scope<'_>) -> Option<(String, String)> {
    for keyword in ["如果", "若", "否则", "则", "并且", "且", "或者", "或", "非", "每", "扣", "最多"] {
        if let Some(rest) = name.strip_prefix(keyword) {
            if scope.inputs.contains_key(rest) || scope.locals.iter().any(|(n, _)| n == rest) {
                let help = crate::tr!(
                    "a Chinese keyword needs a space after it: `{keyword} {rest}`",
                    "中文关键字后面要加空格：`{keyword} {rest}`"
                );
                return Some((help, format!("{keyword} {rest}")));
            }
        }
    }
    None
}

fn is_literal(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Const(..) => true,
        ExprKind::Neg(inner) => is_literal(inner),
        _ => false,
    }
}

/// Makes two numeric operands agree: amounts in one unit, literals taking the amount's unit.
fn unify(
    left: Expr,
    right: Expr,
    what: &dyn Fn() -> String,
    scope: &Scope<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Expr, Expr, Ty) {
    match (left.ty, right.ty) {
        (Ty::Error, _) | (_, Ty::Error) => (left, right, Ty::Error),
        (a, b) if a == b => (left, right, a),
        (Ty::Amount(unit), Ty::Amount(other)) => {
            let right = convert(right, other, unit);
            (left, right, Ty::Amount(unit))
        }
        (Ty::Amount(unit), Ty::Number) if is_literal(&right) => (left, right, Ty::Amount(unit)),
        (Ty::Number, Ty::Amount(unit)) if is_literal(&left) => (left, right, Ty::Amount(unit)),
        (a, b) => {
            diagnostics.push(mismatch(&left, &right, &what(), a, b, scope));
            (left, right, Ty::Error)
        }
    }
}

fn mismatch(left: &Expr, right: &Expr, what: &str, a: Ty, b: Ty, scope: &Scope<'_>) -> Diagnostic {
    let help = match (a, b) {
        (Ty::Amount(_), Ty::Number) | (Ty::Number, Ty::Amount(_)) => crate::tr!(
            "an amount can only be combined with another amount or a written number; divide amounts to get a rate",
            "金额只能与另一个金额或直接写出的数字一起运算；两个金额相除可得到比率"
        ),
        (Ty::Bool, Ty::Text) | (Ty::Text, Ty::Bool) => crate::tr!(
            "a yes/no is compared with yes/no, written without quotes: `有方案 = 是`",
            "是/否值只能与是/否值比较，且不加引号：`有方案 = 是`"
        ),
        (Ty::Text, _) | (_, Ty::Text) => crate::tr!(
            "text is compared only with text, written in quotes: `单位类型 = \"行政单位\"`",
            "文本只能与文本比较，文本要加引号：`单位类型 = \"行政单位\"`"
        ),
        (Ty::Bool, _) | (_, Ty::Bool) => crate::tr!(
            "a yes/no is not a number: use `score 2 if 名称` or `if 名称 then 1 else 0`",
            "是/否值不是数字：请用 `score 2 if 名称` 或 `if 名称 then 1 else 0`"
        ),
        _ => crate::tr!("both sides must have the same type", "两边的类型必须相同"),
    };
    let (left_kind, right_kind) = (scope.describe(left), scope.describe(right));
    // The caret goes between the operands (on the operator), the operands get their own labels.
    let gap = left.span.end..right.span.start;
    let span = if gap.start < gap.end { gap } else { crate::base::span::join(&left.span, &right.span) };
    Diagnostic::error(
        Code::Type,
        span,
        crate::tr!(
            "{what} have different types: {left_kind} and {right_kind}",
            "{what}类型不同：{left_kind}和{right_kind}"
        ),
    )
    .label(crate::tr!("cannot combine these", "这两者不能放在一起运算"))
    .related(left.span.clone(), left_kind)
    .related(right.span.clone(), right_kind)
    .help(help)
}

fn convert(expr: Expr, from: MoneyUnit, to: MoneyUnit) -> Expr {
    let factor = Exact::new(i128::from(from.in_yuan()), i128::from(to.in_yuan())).unwrap_or(Exact::ONE);
    let span = expr.span.clone();
    Expr { kind: ExprKind::Convert(Box::new(expr), factor), ty: Ty::Amount(to), span }
}

/// Reports a condition (of a `require`, a check, a checklist entry …) that is
/// not a yes/no, unless it is an error already; `message` is given the name of
/// the type it has.
pub fn expect_condition(
    condition: &Expr,
    message: impl FnOnce(&str) -> String,
    help: impl FnOnce() -> String,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if condition.ty != Ty::Bool && condition.ty != Ty::Error {
        let ty = ty_name(condition.ty);
        diagnostics.push(Diagnostic::error(Code::Type, condition.span.clone(), message(&ty)).label(ty).help(help()));
    }
}

fn expect(expr: &Expr, ty: Ty, what: &dyn Fn() -> String, diagnostics: &mut Vec<Diagnostic>) {
    if expr.ty != ty && expr.ty != Ty::Error {
        let what = what();
        let help = match (ty, expr.ty) {
            (Ty::Bool, Ty::Number | Ty::Amount(_)) => {
                crate::tr!("compare it to get a yes/no: `x > 0`", "用比较式得出是/否值：`x > 0`")
            }
            (Ty::Number, Ty::Bool) => crate::tr!(
                "a yes/no is not a number: use `if 名称 then 2 else 0`",
                "是/否值不是数字：请用 `if 名称 then 2 else 0`"
            ),
            _ => crate::tr!("check the types of the inputs involved", "请检查所涉及输入项的类型"),
        };
        diagnostics.push(
            Diagnostic::error(
                Code::Type,
                expr.span.clone(),
                crate::tr!("{what} must be {}, not {}", "{what}应为{}，而非{}", ty_name(ty), ty_name(expr.ty)),
            )
            .label(ty_name(expr.ty))
            .help(help),
        );
    }
}

fn expect_numeric(expr: &Expr, what: &dyn Fn() -> String, diagnostics: &mut Vec<Diagnostic>) -> Ty {
    match expr.ty {
        Ty::Number | Ty::Amount(_) | Ty::Error => expr.ty,
        other => {
            let what = what();
            diagnostics.push(
                Diagnostic::error(
                    Code::Type,
                    expr.span.clone(),
                    crate::tr!("{what} needs a number, not {}", "{what} 需要数值，而非{}", ty_name(other)),
                )
                .label(ty_name(other))
                .help(crate::tr!(
                    "a yes/no is not a number: use `if 名称 then 1 else 0`",
                    "是/否值不是数字：请用 `if 名称 then 1 else 0`"
                )),
            );
            Ty::Error
        }
    }
}

fn binary(
    op: BinaryOp,
    left: Expr,
    right: Expr,
    span: Span,
    scope: &Scope<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expr {
    let what = || {
        let (symbol, named) = (op.symbol(), op_name(op));
        crate::tr!("the two sides of `{symbol}`", "{named} 两边")
    };
    let arith = |a: Arith, left: Expr, right: Expr, ty: Ty| Expr {
        kind: ExprKind::Arith(a, Box::new(left), Box::new(right)),
        ty,
        span: span.clone(),
    };
    match op {
        BinaryOp::And | BinaryOp::Or => {
            expect(&left, Ty::Bool, &|| op_name(op), diagnostics);
            expect(&right, Ty::Bool, &|| op_name(op), diagnostics);
            Expr { kind: ExprKind::Logic(op == BinaryOp::And, Box::new(left), Box::new(right)), ty: Ty::Bool, span }
        }
        BinaryOp::Add | BinaryOp::Sub => {
            let lt = expect_numeric(&left, &|| op_name(op), diagnostics);
            let rt = expect_numeric(&right, &|| op_name(op), diagnostics);
            if lt == Ty::Error || rt == Ty::Error {
                return arith(if op == BinaryOp::Add { Arith::Add } else { Arith::Sub }, left, right, Ty::Error);
            }
            let (left, right, ty) = unify(left, right, &what, scope, diagnostics);
            arith(if op == BinaryOp::Add { Arith::Add } else { Arith::Sub }, left, right, ty)
        }
        BinaryOp::Mul => {
            let lt = expect_numeric(&left, &|| op_name(op), diagnostics);
            let rt = expect_numeric(&right, &|| op_name(op), diagnostics);
            let ty = match (lt, rt) {
                (Ty::Error, _) | (_, Ty::Error) => Ty::Error,
                (Ty::Amount(_), Ty::Amount(_)) => {
                    diagnostics.push(mismatch(&left, &right, &what(), lt, rt, scope));
                    Ty::Error
                }
                (Ty::Amount(u), _) | (_, Ty::Amount(u)) => Ty::Amount(u),
                _ => Ty::Number,
            };
            arith(Arith::Mul, left, right, ty)
        }
        BinaryOp::Div => {
            let lt = expect_numeric(&left, &|| op_name(op), diagnostics);
            let rt = expect_numeric(&right, &|| op_name(op), diagnostics);
            match (lt, rt) {
                (Ty::Error, _) | (_, Ty::Error) => arith(Arith::Div, left, right, Ty::Error),
                (Ty::Amount(u), Ty::Amount(v)) => {
                    let right = if u == v { right } else { convert(right, v, u) };
                    arith(Arith::Div, left, right, Ty::Number)
                }
                (Ty::Amount(u), _) => arith(Arith::Div, left, right, Ty::Amount(u)),
                (_, Ty::Amount(_)) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Type,
                            span.clone(),
                            crate::tr!(
                                "a number divided by an amount has no meaning here",
                                "数值除以金额在这里没有意义"
                            ),
                        )
                        .label(crate::tr!("number ÷ amount", "数值 ÷ 金额"))
                        .related(right.span.clone(), ty_name(rt))
                        .help(crate::tr!(
                            "divide an amount by an amount to get a rate, or an amount by a count to get an amount per unit",
                            "金额除以金额得到比率，金额除以计数得到人均（每单位）金额"
                        )),
                    );
                    arith(Arith::Div, left, right, Ty::Error)
                }
                _ => arith(Arith::Div, left, right, Ty::Number),
            }
        }
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Eq | BinaryOp::Ne => {
            let compare = match op {
                BinaryOp::Lt => Compare::Lt,
                BinaryOp::Le => Compare::Le,
                BinaryOp::Gt => Compare::Gt,
                BinaryOp::Ge => Compare::Ge,
                BinaryOp::Eq => Compare::Eq,
                _ => Compare::Ne,
            };
            let ordering = !matches!(compare, Compare::Eq | Compare::Ne);
            let (left, right) = match (left.ty, right.ty) {
                (Ty::Bool, Ty::Bool) | (Ty::Text, Ty::Text) if !ordering => (left, right),
                (a @ (Ty::Bool | Ty::Text), b) | (a, b @ (Ty::Bool | Ty::Text))
                    if a != b && a != Ty::Error && b != Ty::Error =>
                {
                    diagnostics.push(mismatch(&left, &right, &what(), a, b, scope));
                    (left, right)
                }
                _ => {
                    let lt = expect_numeric(&left, &|| format!("`{}`", op.symbol()), diagnostics);
                    let rt = expect_numeric(&right, &|| format!("`{}`", op.symbol()), diagnostics);
                    if lt == Ty::Error || rt == Ty::Error {
                        (left, right)
                    } else {
                        let (l, r, _) = unify(left, right, &what, scope, diagnostics);
                        (l, r)
                    }
                }
            };
            Expr { kind: ExprKind::Compare(compare, Box::new(left), Box::new(right)), ty: Ty::Bool, span }
        }
    }
}

fn call(
    name: &str,
    name_span: &Span,
    args: Vec<Expr>,
    span: Span,
    scope: &Scope<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expr {
    let Some(func) = Func::lookup(name) else {
        let known = ["min", "max", "clamp", "abs", "ceil", "floor", "round"];
        let mut diagnostic = Diagnostic::error(
            Code::Function,
            name_span.clone(),
            crate::tr!("there is no function `{name}`", "没有名为 `{name}` 的函数"),
        )
        .label(crate::tr!("unknown function", "未知函数"));
        diagnostic = match crate::base::suggest::closest(name, known.iter().copied()) {
            Some(best) => diagnostic
                .help(crate::tr!(
                    "did you mean `{best}`? The functions are min, max, clamp, abs, ceil, floor, round",
                    "是不是要写 `{best}`？可用的函数有 min、max、clamp、abs、ceil、floor、round（最小值、最大值、限定、绝对值、向上取整、向下取整、四舍五入）"
                ))
                .replacement(name_span.clone(), best),
            None => diagnostic.help(crate::tr!(
                "the functions are min, max, clamp, abs, ceil, floor and round (最小值, 最大值, 限定, 绝对值, 向上取整, 向下取整, 四舍五入)",
                "可用的函数有 min、max、clamp、abs、ceil、floor 和 round（最小值、最大值、限定、绝对值、向上取整、向下取整、四舍五入）"
            )),
        };
        diagnostics.push(diagnostic);
        return Expr { kind: ExprKind::Call(Func::Min, args), ty: Ty::Error, span };
    };
    let (min_args, max_args) = match func {
        Func::Min | Func::Max => (2, usize::MAX),
        Func::Clamp => (3, 3),
        Func::Abs | Func::Ceil | Func::Floor => (1, 1),
        Func::Round => (1, 2),
    };
    if args.len() < min_args || args.len() > max_args {
        let expected = match (min_args, max_args) {
            (a, usize::MAX) => crate::tr!("at least {a}", "至少 {a}"),
            (a, b) if a == b => format!("{a}"),
            (a, b) => crate::tr!("{a} or {b}", "{a} 或 {b}"),
        };
        let (function, count) = (func.name(), args.len());
        diagnostics.push(
            Diagnostic::error(
                Code::Function,
                span.clone(),
                crate::tr!(
                    "`{function}` takes {expected} arguments, not {count}",
                    "`{function}` 需要 {expected} 个参数，而不是 {count} 个"
                ),
            )
            .label(crate::tr!("{count} arguments", "{count} 个参数"))
            .help(match func {
                Func::Clamp => crate::tr!("clamp(x, low, high)", "clamp(x, 下限, 上限)"),
                Func::Round => crate::tr!("round(x) or round(x, places)", "round(x) 或 round(x, 小数位数)"),
                Func::Min | Func::Max => crate::tr!("min(a, b, …)", "min(a, b, …)，至少两个参数"),
                _ => crate::tr!("one argument: abs(x)", "只有一个参数：abs(x)"),
            }),
        );
        return Expr { kind: ExprKind::Call(func, args), ty: Ty::Error, span };
    }
    let mut args = args;
    let ty = match func {
        Func::Round => {
            let ty = expect_numeric(
                args.first().unwrap_or(&placeholder(&span)),
                &|| crate::tr!("`round`", "`round`（四舍五入）"),
                diagnostics,
            );
            if let Some(places) = args.get(1) {
                let fine = matches!(&places.kind, ExprKind::Const(v, _) if v.is_integer() && *v >= Exact::ZERO && *v <= Exact::from_int(10));
                if !fine {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Function,
                            places.span.clone(),
                            crate::tr!(
                                "the places of `round` must be a whole number from 0 to 10",
                                "`round` 的小数位数必须是 0 到 10 之间的整数"
                            ),
                        )
                        .label(crate::tr!("not a whole number from 0 to 10", "不是 0 到 10 之间的整数"))
                        .help(crate::tr!("round(x, 2)", "例如 round(x, 2)")),
                    );
                }
            }
            ty
        }
        _ => {
            let mut unified: Vec<Expr> = Vec::with_capacity(args.len());
            let mut ty = Ty::Number;
            for (i, arg) in args.into_iter().enumerate() {
                let function = func.name();
                let arg_ty = expect_numeric(&arg, &|| format!("`{function}`"), diagnostics);
                if i == 0 || arg_ty == Ty::Error || ty == Ty::Error {
                    ty = if arg_ty == Ty::Error {
                        Ty::Error
                    } else if i == 0 {
                        arg_ty
                    } else {
                        ty
                    };
                    unified.push(arg);
                    continue;
                }
                let previous = unified.pop().unwrap_or_else(|| placeholder(&span));
                let what = || crate::tr!("the arguments of `{function}`", "`{function}` 的各个参数");
                let (a, b, t) = unify(previous, arg, &what, scope, diagnostics);
                unified.push(a);
                unified.push(b);
                ty = t;
            }
            args = unified;
            ty
        }
    };
    Expr { kind: ExprKind::Call(func, args), ty, span }
}

/// How an operator is named in messages: "`×`", "`and`" (with its Chinese word in Chinese).
fn op_name(op: BinaryOp) -> String {
    let symbol = op.symbol();
    match op {
        BinaryOp::And => crate::tr!("`{symbol}`", "`{symbol}`（并且）"),
        BinaryOp::Or => crate::tr!("`{symbol}`", "`{symbol}`（或者）"),
        _ => format!("`{symbol}`"),
    }
}

fn placeholder(span: &Span) -> Expr {
    Expr { kind: ExprKind::Bool(false), ty: Ty::Error, span: span.clone() }
}
