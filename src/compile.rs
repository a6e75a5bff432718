//! Scoring built for repeated evaluation: many records, one rubric.
//!
//! [`Scorer`] reads a unit's inputs from slots (no name lookups), evaluates
//! every item exactly (rationals, as [`crate::eval`] does), and allocates
//! nothing per record once its scratch space is warm; no trace text is built.
//! It covers the common case — every input an item reads is given and valid,
//! no claim, no judged score missing. For anything else it says so
//! ([`Fallback`]) and the caller uses the full evaluator, which explains and
//! locates; the two agree exactly wherever both score (a property test checks).

use rust_decimal::Decimal;

use crate::ast::{Policy, SectionKind};
use crate::exact::{Exact, RoundMode};
use crate::model::{Arith, Checked, Compare, Expr, ExprKind, Func, NodeRef, Rule, Value};

/// An input value in a slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// Not given.
    Absent,
    /// A number (amounts in the input's declared unit).
    Number(Exact),
    /// Yes or no.
    Bool(bool),
    /// Text, as an index into the record's text table (compared by index).
    Text(u32),
}

/// Why a record needs the full evaluator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// An item reads an input that is not given.
    Missing,
    /// A judged item has no judged score.
    Judged,
    /// A division by zero or an overflow.
    Arithmetic,
    /// Text compared with text (the full evaluator compares the strings).
    Text,
}

/// The scores of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Per item, rounded as the rubric says.
    pub items: Vec<Decimal>,
    /// The total, bonus and deduction applied, floored.
    pub total: Decimal,
    /// The grade band index into [`Checked::grades`]; `None` when disqualified or no band fits.
    pub grade: Option<usize>,
    /// A disqualification rule fired.
    pub disqualified: bool,
}

/// A rubric prepared for scoring many records.
#[derive(Debug)]
pub struct Scorer<'a> {
    rubric: &'a Checked,
    locals: Vec<Out<Val>>,
    sections: Vec<Decimal>,
    weights: Vec<Exact>,
}

#[derive(Debug, Clone, Copy)]
enum Val {
    Num(Exact),
    Bool(bool),
    Text(u32),
}

type Out<T> = Result<T, Fallback>;

fn arith(result: Result<Exact, crate::exact::ArithError>) -> Out<Exact> {
    result.map_err(|_| Fallback::Arithmetic)
}

impl<'a> Scorer<'a> {
    /// Prepares `rubric`.
    pub fn new(rubric: &'a Checked) -> Self {
        let most_lets = rubric.items.iter().map(|i| i.lets.len()).max().unwrap_or(0);
        Scorer {
            rubric,
            locals: Vec::with_capacity(most_lets),
            sections: vec![Decimal::ZERO; rubric.sections.len()],
            weights: rubric.items.iter().map(|i| Exact::from_decimal(i.weight)).collect(),
        }
    }

    /// Scores one record: `inputs` by input slot, `judged` by item index.
    pub fn score(&mut self, inputs: &[Slot], judged: &[Option<Decimal>]) -> Out<Scores> {
        let rubric = self.rubric;
        let mut items = Vec::with_capacity(rubric.items.len());
        let mut disqualified = false;
        for (index, item) in rubric.items.iter().enumerate() {
            self.locals.clear();
            for local in &item.lets {
                // A failed `let` fails only what reads it (a 缺省项 may guard it).
                let value = self.value(&local.value, inputs);
                self.locals.push(value);
            }
            for clause in &item.disqualify {
                disqualified |= self.truth(&clause.condition, inputs)?;
            }
            let mut not_applicable = false;
            for clause in &item.not_applicable {
                if self.truth(&clause.condition, inputs)? {
                    not_applicable = true;
                    break;
                }
            }
            let score = if not_applicable {
                match rubric.policy {
                    Policy::FullMarks => item.weight,
                    Policy::Zero => Decimal::ZERO,
                    Policy::Rescale => return Err(Fallback::Missing),
                }
            } else {
                let raw = match &item.rule {
                    Rule::Formula(expr) => self.number(expr, inputs)?,
                    Rule::Checklist(entries) => {
                        let mut sum = Exact::ZERO;
                        for entry in entries {
                            if self.truth(&entry.condition, inputs)? {
                                sum = arith(sum.add(Exact::from_decimal(entry.points)))?;
                            }
                        }
                        sum
                    }
                    Rule::Judged(_) => match judged.get(index).copied().flatten() {
                        Some(score) => Exact::from_decimal(score),
                        None => return Err(Fallback::Judged),
                    },
                };
                let weight = self.weights.get(index).copied().unwrap_or(Exact::ZERO);
                let clamped = raw.max(Exact::ZERO).min(weight);
                clamped.round_dp(item.rounding.places, item.rounding.mode).map_err(|_| Fallback::Arithmetic)?
            };
            items.push(score);
        }
        let total = self.total(&items)?;
        let grade = if disqualified { None } else { rubric.grades.iter().position(|g| g.contains(total)) };
        Ok(Scores { items, total, grade, disqualified })
    }

    /// Sections and the total from the rounded items: plain decimal sums,
    /// exact because every item is already rounded to the rubric's places.
    fn total(&mut self, items: &[Decimal]) -> Out<Decimal> {
        let rubric = self.rubric;
        for index in (0..rubric.sections.len()).rev() {
            let Some(section) = rubric.sections.get(index) else { continue };
            let mut sum = Decimal::ZERO;
            for child in &section.children {
                let part = match child {
                    NodeRef::Item(i) => items.get(*i).copied().unwrap_or_default(),
                    NodeRef::Section(s) => self.sections.get(*s).copied().unwrap_or_default(),
                };
                sum = sum.checked_add(part).ok_or(Fallback::Arithmetic)?;
            }
            if let Some(slot) = self.sections.get_mut(index) {
                *slot = sum.max(Decimal::ZERO).min(section.weight);
            }
        }
        let mut total = Decimal::ZERO;
        for root in &rubric.roots {
            let (Some(section), Some(score)) = (rubric.sections.get(*root), self.sections.get(*root)) else { continue };
            total = match section.kind {
                SectionKind::Deduction => total.checked_sub(*score),
                _ => total.checked_add(*score),
            }
            .ok_or(Fallback::Arithmetic)?;
        }
        Ok(total.max(rubric.floor))
    }

    fn number(&self, expr: &Expr, inputs: &[Slot]) -> Out<Exact> {
        match self.value(expr, inputs)? {
            Val::Num(n) => Ok(n),
            Val::Bool(true) => Ok(Exact::ONE),
            _ => Ok(Exact::ZERO),
        }
    }

    fn truth(&self, expr: &Expr, inputs: &[Slot]) -> Out<bool> {
        Ok(matches!(self.value(expr, inputs)?, Val::Bool(true)))
    }

    fn value(&self, expr: &Expr, inputs: &[Slot]) -> Out<Val> {
        crate::limits::deep(|| self.value_step(expr, inputs))
    }

    fn value_step(&self, expr: &Expr, inputs: &[Slot]) -> Out<Val> {
        Ok(match &expr.kind {
            ExprKind::Const(v, _) => Val::Num(*v),
            ExprKind::Bool(b) => Val::Bool(*b),
            ExprKind::Text(_) => return Err(Fallback::Text),
            ExprKind::Input(slot) => match inputs.get(*slot) {
                Some(Slot::Number(n)) => Val::Num(*n),
                Some(Slot::Bool(b)) => Val::Bool(*b),
                Some(Slot::Text(t)) => Val::Text(*t),
                _ => return Err(Fallback::Missing),
            },
            ExprKind::Local(slot) => match self.locals.get(*slot) {
                Some(v) => (*v)?,
                None => return Err(Fallback::Missing),
            },
            ExprKind::Neg(a) => Val::Num(arith(self.number(a, inputs)?.neg())?),
            ExprKind::Not(a) => Val::Bool(!self.truth(a, inputs)?),
            ExprKind::Convert(a, factor) => Val::Num(arith(self.number(a, inputs)?.mul(*factor))?),
            ExprKind::Arith(op, a, b) => {
                let (x, y) = (self.number(a, inputs)?, self.number(b, inputs)?);
                Val::Num(arith(match op {
                    Arith::Add => x.add(y),
                    Arith::Sub => x.sub(y),
                    Arith::Mul => x.mul(y),
                    Arith::Div => x.div(y),
                })?)
            }
            ExprKind::Compare(op, a, b) => {
                let (x, y) = (self.value(a, inputs)?, self.value(b, inputs)?);
                let result = match (x, y) {
                    (Val::Num(l), Val::Num(r)) => {
                        let ord = l.cmp(&r);
                        match op {
                            Compare::Lt => ord.is_lt(),
                            Compare::Le => ord.is_le(),
                            Compare::Gt => ord.is_gt(),
                            Compare::Ge => ord.is_ge(),
                            Compare::Eq => ord.is_eq(),
                            Compare::Ne => ord.is_ne(),
                        }
                    }
                    (Val::Bool(l), Val::Bool(r)) => (l == r) == (*op == Compare::Eq),
                    (Val::Text(l), Val::Text(r)) => (l == r) == (*op == Compare::Eq),
                    _ => return Err(Fallback::Text),
                };
                Val::Bool(result)
            }
            ExprKind::Logic(is_and, a, b) => {
                let x = self.truth(a, inputs)?;
                if x != *is_and {
                    Val::Bool(x)
                } else {
                    Val::Bool(self.truth(b, inputs)?)
                }
            }
            ExprKind::If(c, t, e) => {
                if self.truth(c, inputs)? {
                    self.value(t, inputs)?
                } else {
                    self.value(e, inputs)?
                }
            }
            ExprKind::Call(func, args) => Val::Num(self.call(*func, args, inputs)?),
        })
    }

    fn call(&self, func: Func, args: &[Expr], inputs: &[Slot]) -> Out<Exact> {
        let first = match args.first() {
            Some(a) => self.number(a, inputs)?,
            None => Exact::ZERO,
        };
        Ok(match func {
            Func::Min | Func::Max => {
                let mut best = first;
                for a in args.iter().skip(1) {
                    let v = self.number(a, inputs)?;
                    best = if func == Func::Min { best.min(v) } else { best.max(v) };
                }
                best
            }
            Func::Clamp => {
                let low = match args.get(1) {
                    Some(a) => self.number(a, inputs)?,
                    None => first,
                };
                let high = match args.get(2) {
                    Some(a) => self.number(a, inputs)?,
                    None => first,
                };
                first.max(low).min(high)
            }
            Func::Abs => arith(first.abs())?,
            Func::Ceil => first.ceil(),
            Func::Floor => first.floor(),
            Func::Round => {
                let places = match args.get(1) {
                    Some(a) => self.number(a, inputs)?,
                    None => Exact::ZERO,
                };
                let places = if places.is_integer() { u32::try_from(places.numer()).unwrap_or(0) } else { 0 };
                arith(first.round_exact(places, RoundMode::HalfUp))?
            }
        })
    }
}

/// The slots of a loaded unit's inputs (texts compared by their index in `texts`).
pub fn slots(data: &crate::bind::UnitData, texts: &mut Vec<String>) -> Vec<Slot> {
    data.inputs
        .iter()
        .enumerate()
        .map(|(slot, given)| match given.as_ref().map(|g| &g.value) {
            _ if data.invalid.contains(&slot) => Slot::Absent,
            Some(Value::Number(n)) => Slot::Number(*n),
            Some(Value::Bool(b)) => Slot::Bool(*b),
            Some(Value::Text(t)) => {
                let index = texts.iter().position(|x| x == t).unwrap_or_else(|| {
                    texts.push(t.clone());
                    texts.len() - 1
                });
                Slot::Text(u32::try_from(index).unwrap_or(u32::MAX))
            }
            None => Slot::Absent,
        })
        .collect()
}
