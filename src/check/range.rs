//! Range analysis: the least and greatest score a rule can give.
//!
//! Interval arithmetic over the inputs' declared ranges, refined by the
//! conditions on the way (`if r <= 1 then … else …`, the item's
//! `not-applicable if` clauses) and by the rubric's `require`s: a ratio
//! `(2 × a + b) / w` where `require a + b <= w` is bounded by 2. The bounds are
//! sound (the true range is inside them), so an upper bound below the weight
//! proves the weight can never be reached.

use std::cmp::Ordering;

use crate::lower::ast::InputType;
use crate::base::exact::Exact;
use crate::check::model::{Arith, Compare, Expr, ExprKind, Func, Input, Ty};

/// A closed interval; `None` is an infinite end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub lo: Option<Exact>,
    /// Upper end.
    pub hi: Option<Exact>,
}

impl Interval {
    /// Every number.
    pub const FULL: Interval = Interval { lo: None, hi: None };

    /// One value.
    pub fn point(v: Exact) -> Interval {
        Interval { lo: Some(v), hi: Some(v) }
    }

    fn new(lo: Option<Exact>, hi: Option<Exact>) -> Interval {
        Interval { lo, hi }
    }

    fn non_negative(&self) -> bool {
        self.lo.is_some_and(|lo| lo >= Exact::ZERO)
    }

    fn union(self, other: Interval) -> Interval {
        Interval { lo: both(self.lo, other.lo, std::cmp::min), hi: both(self.hi, other.hi, std::cmp::max) }
    }
}

fn both(a: Option<Exact>, b: Option<Exact>, pick: fn(Exact, Exact) -> Exact) -> Option<Exact> {
    Some(pick(a?, b?))
}

/// An end point of an interval, with infinities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    NegInf,
    Finite(Exact),
    PosInf,
}

impl End {
    fn sign(self) -> i32 {
        match self {
            End::NegInf => -1,
            End::PosInf => 1,
            End::Finite(v) => v.signum(),
        }
    }

    fn mul(self, other: End) -> End {
        match (self, other) {
            (End::Finite(a), End::Finite(b)) => {
                a.mul(b).map(End::Finite).unwrap_or(if a.signum() * b.signum() < 0 { End::NegInf } else { End::PosInf })
            }
            _ => match self.sign() * other.sign() {
                0 => End::Finite(Exact::ZERO),
                s if s > 0 => End::PosInf,
                _ => End::NegInf,
            },
        }
    }

    fn cmp(self, other: End) -> Ordering {
        match (self, other) {
            (End::Finite(a), End::Finite(b)) => a.cmp(&b),
            (a, b) if a == b => Ordering::Equal,
            (End::NegInf, _) | (_, End::PosInf) => Ordering::Less,
            _ => Ordering::Greater,
        }
    }
}

fn lo_end(i: &Interval) -> End {
    i.lo.map_or(End::NegInf, End::Finite)
}

fn hi_end(i: &Interval) -> End {
    i.hi.map_or(End::PosInf, End::Finite)
}

fn from_ends(lo: End, hi: End) -> Interval {
    let finite = |e: End| match e {
        End::Finite(v) => Some(v),
        _ => None,
    };
    Interval::new(finite(lo), finite(hi))
}

fn add(a: Interval, b: Interval) -> Interval {
    let sum = |x: Option<Exact>, y: Option<Exact>| x?.add(y?).ok();
    Interval::new(sum(a.lo, b.lo), sum(a.hi, b.hi))
}

fn neg(a: Interval) -> Interval {
    Interval::new(a.hi.and_then(|v| v.neg().ok()), a.lo.and_then(|v| v.neg().ok()))
}

fn mul(a: Interval, b: Interval) -> Interval {
    let products = [
        lo_end(&a).mul(lo_end(&b)),
        lo_end(&a).mul(hi_end(&b)),
        hi_end(&a).mul(lo_end(&b)),
        hi_end(&a).mul(hi_end(&b)),
    ];
    let mut lo = products[0];
    let mut hi = products[0];
    for p in products {
        if p.cmp(lo) == Ordering::Less {
            lo = p;
        }
        if p.cmp(hi) == Ordering::Greater {
            hi = p;
        }
    }
    from_ends(lo, hi)
}

fn reciprocal(value: Exact) -> Option<Exact> {
    Exact::ONE.div(value).ok()
}

fn div(a: Interval, b: Interval) -> Interval {
    let zero = Exact::ZERO;
    let inverse = match (b.lo, b.hi) {
        (Some(lo), hi) if lo > zero => Interval::new(hi.map_or(Some(zero), reciprocal), reciprocal(lo)),
        (lo, Some(hi)) if hi < zero => Interval::new(reciprocal(hi), lo.map_or(Some(zero), reciprocal)),
        (Some(lo), hi) if lo == zero && hi.is_none_or(|h| h > zero) => {
            Interval::new(hi.map_or(Some(zero), reciprocal), None)
        }
        _ => return Interval::FULL,
    };
    mul(a, inverse)
}

fn round_ends(a: Interval, f: fn(Exact) -> Exact) -> Interval {
    Interval::new(a.lo.map(f), a.hi.map(f))
}

/// `parts <= whole` facts from the rubric's `require`s.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Each entry: inputs whose sum is at most the whole.
    pub groups: Vec<(Vec<usize>, usize)>,
}

impl Facts {
    /// Reads `require a + b <= w` (and `w >= a + b`) forms.
    pub fn from_requires(conditions: &[&Expr]) -> Facts {
        let mut groups = Vec::new();
        for condition in conditions {
            if let ExprKind::Compare(op, left, right) = &condition.kind {
                let (parts, whole) = match op {
                    Compare::Le | Compare::Lt => (left, right),
                    Compare::Ge | Compare::Gt => (right, left),
                    _ => continue,
                };
                let (Some(parts), Some(whole)) = (linear(parts), linear(whole)) else { continue };
                let unit_parts = parts.iter().all(|(_, c)| *c == Exact::ONE);
                if let ([(w, k)], true) = (whole.as_slice(), unit_parts) {
                    if *k == Exact::ONE {
                        groups.push((parts.iter().map(|(i, _)| *i).collect(), *w));
                    }
                }
            }
        }
        Facts { groups }
    }
}

/// `Σ cᵢ·inputᵢ`, if `expr` is one.
fn linear(expr: &Expr) -> Option<Vec<(usize, Exact)>> {
    match &expr.kind {
        ExprKind::Input(i) => Some(vec![(*i, Exact::ONE)]),
        ExprKind::Convert(inner, factor) => scale(linear(inner)?, *factor),
        ExprKind::Arith(Arith::Add, a, b) => {
            let mut terms = linear(a)?;
            for (i, c) in linear(b)? {
                match terms.iter_mut().find(|(j, _)| *j == i) {
                    Some((_, existing)) => *existing = existing.add(c).ok()?,
                    None => terms.push((i, c)),
                }
            }
            Some(terms)
        }
        ExprKind::Arith(Arith::Mul, a, b) => match (&a.kind, &b.kind) {
            (ExprKind::Const(k, _), _) => scale(linear(b)?, *k),
            (_, ExprKind::Const(k, _)) => scale(linear(a)?, *k),
            _ => None,
        },
        ExprKind::Arith(Arith::Div, a, b) => match &b.kind {
            ExprKind::Const(k, _) => scale(linear(a)?, Exact::ONE.div(*k).ok()?),
            _ => None,
        },
        _ => None,
    }
}

fn scale(terms: Vec<(usize, Exact)>, k: Exact) -> Option<Vec<(usize, Exact)>> {
    terms.into_iter().map(|(i, c)| Some((i, c.mul(k).ok()?))).collect()
}

/// The declared ranges of `decls`: a count is at least 0, a rate is in [0, 1].
pub fn declared(decls: &[Input]) -> Vec<Interval> {
    decls
        .iter()
        .map(|input| {
            let (lo, hi) = match input.ty {
                InputType::Count => (Some(Exact::ZERO), None),
                InputType::Rate => (Some(Exact::ZERO), Some(Exact::ONE)),
                _ => (None, None),
            };
            Interval::new(input.min.map(Exact::from_decimal).or(lo), input.max.map(Exact::from_decimal).or(hi))
        })
        .collect()
}

/// The analysis state: intervals of inputs and of the item's `let`s.
///
/// The inputs' intervals are a shared base (built once per rubric) and a
/// short list of the inputs the conditions on the way have narrowed, so
/// that refining a state costs what it changes, not the number of inputs.
#[derive(Debug, Clone)]
pub struct Env<'a> {
    /// Per input, before this state's refinements.
    base: &'a [Interval],
    /// Inputs narrowed since the base, newest last.
    narrowed: Vec<(usize, Interval)>,
    /// Per `let`, filled in order.
    pub locals: Vec<Interval>,
    /// The declared inputs (for integer-ness).
    pub decls: &'a [Input],
    /// Facts from `require`s.
    pub facts: &'a Facts,
}

impl<'a> Env<'a> {
    /// A state whose inputs range over `base` (see [`declared`]).
    pub fn new(base: &'a [Interval], decls: &'a [Input], facts: &'a Facts) -> Self {
        Env { base, narrowed: Vec::new(), locals: Vec::new(), decls, facts }
    }

    /// Every input's interval in this state.
    pub fn inputs(&self) -> Vec<Interval> {
        let mut inputs = self.base.to_vec();
        for (i, interval) in &self.narrowed {
            if let Some(slot) = inputs.get_mut(*i) {
                *slot = *interval;
            }
        }
        inputs
    }

    /// The interval of input `i`.
    fn input(&self, i: usize) -> Option<Interval> {
        match self.narrowed.iter().rev().find(|(j, _)| *j == i) {
            Some((_, interval)) => Some(*interval),
            None => self.base.get(i).copied(),
        }
    }

    /// The interval of input `i`, to narrow.
    fn input_mut(&mut self, i: usize) -> Option<&mut Interval> {
        match self.narrowed.iter().position(|(j, _)| *j == i) {
            Some(at) => self.narrowed.get_mut(at).map(|(_, interval)| interval),
            None => {
                let interval = *self.base.get(i)?;
                self.narrowed.push((i, interval));
                self.narrowed.last_mut().map(|(_, interval)| interval)
            }
        }
    }

    /// The interval of a numeric expression.
    pub fn eval(&self, expr: &Expr) -> Interval {
        crate::base::limits::deep(|| self.eval_step(expr))
    }

    fn eval_step(&self, expr: &Expr) -> Interval {
        match &expr.kind {
            ExprKind::Const(v, _) => Interval::point(*v),
            ExprKind::Input(i) => self.input(*i).unwrap_or(Interval::FULL),
            ExprKind::Local(i) => self.locals.get(*i).copied().unwrap_or(Interval::FULL),
            ExprKind::Neg(a) => neg(self.eval(a)),
            ExprKind::Convert(a, factor) => mul(self.eval(a), Interval::point(*factor)),
            ExprKind::Arith(op, a, b) => {
                let (x, y) = (self.eval(a), self.eval(b));
                match op {
                    Arith::Add => add(x, y),
                    Arith::Sub => {
                        let difference = add(x, neg(y));
                        if self.whole_minus_part(a, b) {
                            Interval::new(
                                Some(difference.lo.map_or(Exact::ZERO, |lo| lo.max(Exact::ZERO))),
                                difference.hi,
                            )
                        } else {
                            difference
                        }
                    }
                    Arith::Mul => mul(x, y),
                    Arith::Div => self.ratio(a, b).unwrap_or_else(|| div(x, y)),
                }
            }
            ExprKind::If(condition, then, otherwise) => {
                let t = self.refine(condition, true).map(|env| env.eval(then));
                let e = self.refine(condition, false).map(|env| env.eval(otherwise));
                match (t, e) {
                    (Some(t), Some(e)) => t.union(e),
                    (Some(t), None) => t,
                    (None, Some(e)) => e,
                    (None, None) => Interval::FULL,
                }
            }
            ExprKind::Call(func, args) => self.call(*func, args),
            ExprKind::Bool(_) | ExprKind::Text(_) | ExprKind::Not(_) | ExprKind::Compare(..) | ExprKind::Logic(..) => {
                Interval::FULL
            }
        }
    }

    fn call(&self, func: Func, args: &[Expr]) -> Interval {
        let values: Vec<Interval> = args.iter().map(|a| self.eval(a)).collect();
        let first = values.first().copied().unwrap_or(Interval::FULL);
        match func {
            Func::Min => values.iter().skip(1).fold(first, |acc, v| {
                Interval::new(both_or_none(acc.lo, v.lo, std::cmp::min), pick_finite(acc.hi, v.hi, std::cmp::min))
            }),
            Func::Max => values.iter().skip(1).fold(first, |acc, v| {
                Interval::new(pick_finite(acc.lo, v.lo, std::cmp::max), both_or_none(acc.hi, v.hi, std::cmp::max))
            }),
            Func::Clamp => {
                let low = values.get(1).copied().unwrap_or(Interval::FULL);
                let high = values.get(2).copied().unwrap_or(Interval::FULL);
                let raised = Interval::new(
                    pick_finite(first.lo, low.lo, std::cmp::max),
                    both_or_none(first.hi, low.hi, std::cmp::max),
                );
                Interval::new(
                    both_or_none(raised.lo, high.lo, std::cmp::min),
                    pick_finite(raised.hi, high.hi, std::cmp::min),
                )
            }
            Func::Abs => {
                let lo_abs = first.lo.and_then(|v| v.abs().ok());
                let hi_abs = first.hi.and_then(|v| v.abs().ok());
                if first.non_negative() {
                    first
                } else if first.hi.is_some_and(|h| h <= Exact::ZERO) {
                    Interval::new(hi_abs, lo_abs)
                } else {
                    Interval::new(Some(Exact::ZERO), both_or_none(lo_abs, hi_abs, std::cmp::max))
                }
            }
            Func::Ceil => round_ends(first, Exact::ceil),
            Func::Floor => round_ends(first, Exact::floor),
            Func::Round => Interval::new(first.lo.map(Exact::floor), first.hi.map(Exact::ceil)),
        }
    }

    /// `whole − part` where `require … part … <= whole` (all parts ≥ 0): never negative.
    fn whole_minus_part(&self, whole: &Expr, part: &Expr) -> bool {
        let (Some(w), Some(p)) = (linear(whole), linear(part)) else { return false };
        let [(w, k)] = w.as_slice() else { return false };
        *k == Exact::ONE
            && !p.is_empty()
            && self.facts.groups.iter().any(|(parts, whole)| {
                whole == w
                    && p.iter().all(|(i, c)| {
                        *c == Exact::ONE && parts.contains(i) && self.input(*i).is_some_and(|v| v.non_negative())
                    })
            })
    }

    /// `Σ cᵢ·partᵢ / (k·whole)` with `require Σ parts <= whole`: at most Σ max cᵢ / k.
    fn ratio(&self, numerator: &Expr, denominator: &Expr) -> Option<Interval> {
        let terms = linear(numerator)?;
        let whole_terms = linear(denominator)?;
        let [(whole, k)] = whole_terms.as_slice() else { return None };
        if *k <= Exact::ZERO || !self.input(*whole)?.non_negative() {
            return None;
        }
        let mut bound = Exact::ZERO;
        let mut group_max: Vec<(usize, Exact)> = Vec::new();
        for (input, c) in &terms {
            if *c < Exact::ZERO || !self.input(*input)?.non_negative() {
                return None;
            }
            if input == whole {
                bound = bound.add(*c).ok()?;
                continue;
            }
            let group = self.facts.groups.iter().position(|(parts, w)| w == whole && parts.contains(input))?;
            match group_max.iter_mut().find(|(g, _)| *g == group) {
                Some((_, m)) => *m = (*m).max(*c),
                None => group_max.push((group, *c)),
            }
        }
        for (_, m) in group_max {
            bound = bound.add(m).ok()?;
        }
        Some(Interval::new(Some(Exact::ZERO), Some(bound.div(*k).ok()?)))
    }

    /// The state knowing `condition` is `truth`; `None` if that cannot happen.
    pub fn refine(&self, condition: &Expr, truth: bool) -> Option<Env<'a>> {
        match &condition.kind {
            ExprKind::Not(inner) => self.refine(inner, !truth),
            ExprKind::Logic(is_and, a, b) if *is_and == truth => self.refine(a, truth)?.refine(b, truth),
            ExprKind::Bool(b) if *b != truth => None,
            ExprKind::Compare(op, left, right) => {
                let op = if truth { *op } else { op.negated() };
                match (&left.kind, &right.kind) {
                    (_, ExprKind::Const(k, _)) => self.narrow(left, op, *k),
                    (ExprKind::Const(k, _), _) => self.narrow(right, flip(op), *k),
                    _ => Some(self.clone()),
                }
            }
            _ => Some(self.clone()),
        }
    }

    fn narrow(&self, target: &Expr, op: Compare, k: Exact) -> Option<Env<'a>> {
        let mut env = self.clone();
        let (slot, integer) = match &target.kind {
            ExprKind::Input(i) => (env.input_mut(*i), self.decls.get(*i).is_some_and(|d| d.ty == InputType::Count)),
            ExprKind::Local(i) => (env.locals.get_mut(*i), false),
            _ => return Some(env),
        };
        let Some(interval) = slot else { return Some(env) };
        let one = Exact::ONE;
        let raise = |i: &mut Interval, v: Exact| i.lo = Some(i.lo.map_or(v, |lo| lo.max(v)));
        let lower = |i: &mut Interval, v: Exact| i.hi = Some(i.hi.map_or(v, |hi| hi.min(v)));
        match op {
            Compare::Le => lower(interval, k),
            Compare::Ge => raise(interval, k),
            Compare::Lt => lower(interval, if integer { k.ceil().sub(one).ok()? } else { k }),
            Compare::Gt => raise(interval, if integer { k.floor().add(one).ok()? } else { k }),
            Compare::Eq => {
                raise(interval, k);
                lower(interval, k);
            }
            Compare::Ne => {
                if integer && interval.lo == Some(k) {
                    interval.lo = Some(k.add(one).ok()?);
                }
                if integer && interval.hi == Some(k) {
                    interval.hi = Some(k.sub(one).ok()?);
                }
            }
        }
        match (interval.lo, interval.hi) {
            (Some(lo), Some(hi)) if lo > hi => None,
            _ => Some(env),
        }
    }
}

fn both_or_none(a: Option<Exact>, b: Option<Exact>, pick: fn(Exact, Exact) -> Exact) -> Option<Exact> {
    both(a, b, pick)
}

/// For the bounded side of min/max: one finite end is enough.
fn pick_finite(a: Option<Exact>, b: Option<Exact>, pick: fn(Exact, Exact) -> Exact) -> Option<Exact> {
    match (a, b) {
        (Some(x), Some(y)) => Some(pick(x, y)),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
}

fn flip(op: Compare) -> Compare {
    match op {
        Compare::Lt => Compare::Gt,
        Compare::Le => Compare::Ge,
        Compare::Gt => Compare::Lt,
        Compare::Ge => Compare::Le,
        other => other,
    }
}

/// True if the expression is numeric (worth analysing).
pub fn is_numeric(expr: &Expr) -> bool {
    matches!(expr.ty, Ty::Number | Ty::Amount(_))
}
