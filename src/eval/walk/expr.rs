//! Evaluating one expression exactly, and writing it out with the unit's
//! numbers in place of the names (the trace).

use crate::base::exact::{ArithError, Exact};
use crate::base::span::Span;
use crate::check::model::{Arith, Compare, Expr, ExprKind, Func, Value};
use crate::check::precedence;
use crate::eval::outcome::Failure;
use crate::eval::rules::{self, Halt};
use crate::tr;

/// A value and, when tracing, the expression with numbers substituted.
#[derive(Debug, Clone)]
pub struct Traced {
    /// The value.
    pub value: Value,
    /// The substituted text (empty when not tracing).
    pub text: String,
}

/// What an expression can read.
pub struct Env<'a> {
    /// Input values by slot.
    pub inputs: &'a [Option<&'a Value>],
    /// `let` values by slot, in order (a failed `let` fails whatever reads it).
    pub locals: Vec<Result<Value, Failure>>,
    /// Build trace text?
    pub trace: bool,
}

/// How a number is shown in traces.
pub fn show_number(v: &Exact) -> String {
    v.display(4)
}

/// How a value is shown in traces.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Number(n) => show_number(n),
        Value::Bool(true) => tr!("yes", "是"),
        Value::Bool(false) => tr!("no", "否"),
        Value::Text(t) => format!("\"{t}\""),
    }
}

fn arith_error(e: ArithError, span: &Span) -> Failure {
    match e {
        ArithError::DivisionByZero => Failure::DivisionByZero(span.clone()),
        ArithError::Overflow => Failure::Overflow(span.clone()),
    }
}

fn number(v: &Value) -> Exact {
    match v {
        Value::Number(n) => *n,
        Value::Bool(true) => Exact::ONE,
        _ => Exact::ZERO,
    }
}

fn truth(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

impl Env<'_> {
    fn traced(&self, value: Value, text: impl FnOnce() -> String) -> Traced {
        Traced { value, text: if self.trace { text() } else { String::new() } }
    }

    /// Wraps a sub-expression's text in parentheses when it binds looser than its parent.
    fn wrap(&self, child: &Expr, traced: &Traced, parent: u8, right: bool) -> String {
        let p = precedence(child);
        if p < parent || (right && p == parent && parent >= 5) {
            format!("({})", traced.text)
        } else {
            traced.text.clone()
        }
    }

    /// Evaluates `expr`.
    pub fn eval(&self, expr: &Expr) -> Result<Traced, Failure> {
        crate::base::limits::deep(|| self.eval_step(expr))
    }

    fn eval_step(&self, expr: &Expr) -> Result<Traced, Failure> {
        match &expr.kind {
            ExprKind::Const(v, written) => Ok(self.traced(Value::Number(*v), || written.to_string())),
            ExprKind::Bool(b) => Ok(self.traced(Value::Bool(*b), || show_value(&Value::Bool(*b)))),
            ExprKind::Input(slot) => match self.inputs.get(*slot).copied().flatten() {
                Some(v) => Ok(self.traced(v.clone(), || show_value(v))),
                None => Err(Failure::Missing(*slot)),
            },
            ExprKind::Local(slot) => match self.locals.get(*slot) {
                Some(Ok(v)) => Ok(self.traced(v.clone(), || show_value(v))),
                Some(Err(failure)) => Err(failure.clone()),
                None => Err(Failure::Overflow(expr.span.clone())),
            },
            ExprKind::Text(t) => Ok(self.traced(Value::Text(t.clone()), || format!("\"{t}\""))),
            ExprKind::Neg(inner) => {
                let x = self.eval(inner)?;
                let v = number(&x.value).neg().map_err(|e| arith_error(e, &expr.span))?;
                Ok(self.traced(Value::Number(v), || format!("−{}", self.wrap(inner, &x, 7, false))))
            }
            ExprKind::Not(inner) => {
                let x = self.eval(inner)?;
                Ok(self.traced(Value::Bool(!truth(&x.value)), || {
                    let operand = self.wrap(inner, &x, 3, false);
                    tr!("not {operand}", "非 {operand}")
                }))
            }
            ExprKind::Convert(inner, factor) => {
                let x = self.eval(inner)?;
                let v = number(&x.value).mul(*factor).map_err(|e| arith_error(e, &expr.span))?;
                Ok(self.traced(Value::Number(v), || show_number(&v)))
            }
            ExprKind::Arith(op, a, b) => {
                let (x, y) = (self.eval(a)?, self.eval(b)?);
                let (l, r) = (number(&x.value), number(&y.value));
                let result = match op {
                    Arith::Add => l.add(r),
                    Arith::Sub => l.sub(r),
                    Arith::Mul => l.mul(r),
                    Arith::Div => l.div(r),
                };
                let v = result.map_err(|e| arith_error(e, &expr.span))?;
                let p = precedence(expr);
                let symbol = op.symbol();
                Ok(self.traced(Value::Number(v), || {
                    format!("{} {symbol} {}", self.wrap(a, &x, p, false), self.wrap(b, &y, p, true))
                }))
            }
            ExprKind::Compare(op, a, b) => {
                let (x, y) = (self.eval(a)?, self.eval(b)?);
                let result = match (&x.value, &y.value) {
                    (Value::Number(l), Value::Number(r)) => op.holds(l.cmp(r)),
                    (l, r) => (l == r) == (*op == Compare::Eq),
                };
                let symbol = op.symbol();
                Ok(self.traced(Value::Bool(result), || {
                    format!("{} {symbol} {}", self.wrap(a, &x, 4, false), self.wrap(b, &y, 4, true))
                }))
            }
            ExprKind::Logic(is_and, a, b) => {
                let x = self.eval(a)?;
                let short = if *is_and { !truth(&x.value) } else { truth(&x.value) };
                let word = if *is_and { tr!("and", "且") } else { tr!("or", "或") };
                let p = precedence(expr);
                if short {
                    return Ok(self.traced(x.value.clone(), || format!("{} {word} …", self.wrap(a, &x, p, false))));
                }
                let y = self.eval(b)?;
                Ok(self.traced(Value::Bool(truth(&y.value)), || {
                    format!("{} {word} {}", self.wrap(a, &x, p, false), self.wrap(b, &y, p, true))
                }))
            }
            ExprKind::If(condition, then, otherwise) => {
                let c = self.eval(condition)?;
                if truth(&c.value) {
                    let t = self.eval(then)?;
                    Ok(self.traced(t.value.clone(), || {
                        let (c, t) = (&c.text, &t.text);
                        tr!("if {c} then {t} else …", "若 {c} 则 {t} 否则 …")
                    }))
                } else {
                    let e = self.eval(otherwise)?;
                    Ok(self.traced(e.value.clone(), || {
                        let (c, e) = (&c.text, &e.text);
                        tr!("if {c} then … else {e}", "若 {c} 则 … 否则 {e}")
                    }))
                }
            }
            ExprKind::Call(func, args) => self.call(*func, args, &expr.span),
        }
    }

    fn call(&self, func: Func, args: &[Expr], span: &Span) -> Result<Traced, Failure> {
        let values = args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>, _>>()?;
        let numbers: Vec<Exact> = values.iter().map(|t| number(&t.value)).collect();
        let v = rules::call(func, &numbers).map_err(|halt| match halt {
            Halt::Arith(e) => arith_error(e, span),
            Halt::Widen => Failure::Overflow(span.clone()),
        })?;
        Ok(self.traced(Value::Number(v), || {
            let inner: Vec<&str> = values.iter().map(|t| t.text.as_str()).collect();
            format!("{}({})", func.name(), inner.join(", "))
        }))
    }
}
