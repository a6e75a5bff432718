//! The stack machine that runs compiled code ([`super::program`]).

use rust_decimal::Decimal;

use super::number::Step;
use super::program::Op;
use super::{Fallback, Slot};
use crate::base::exact::Exact;
use crate::check::model::{Compare, Func};
use crate::eval::rules::{self, Number};

/// A `let` value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Local<N> {
    /// A number.
    Num(N),
    /// Yes or no.
    Bool(bool),
}

/// How a run of code ended.
#[derive(Debug, Clone, Copy)]
pub(super) enum Outcome<N> {
    /// With this number on top of the stack.
    Value(N),
    /// At a 缺省项, by the item's condition `n`.
    NotApplicable(u32),
}

/// What a run reads besides its code: one record.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record<'r> {
    /// Input values by slot.
    pub inputs: &'r [Slot],
    /// The judged score of the item being scored, if any.
    pub judged: Option<Decimal>,
}

/// The machine's working memory for one number type, reused record after record.
#[derive(Debug)]
pub(super) struct Frame<N> {
    stack: Vec<N>,
    /// The current item's `let` values (a failed `let` fails only what reads it).
    pub locals: Vec<Step<Local<N>>>,
    constants: Vec<Step<N>>,
    /// The last of the item's disqualification rules that fired, if any.
    pub disqualified: Option<u32>,
}

impl<N: Number> Frame<N> {
    /// A frame for a program with these constants.
    pub fn new(constants: &[Exact]) -> Self {
        let constants = constants.iter().map(|c| N::from_exact(*c).map_err(Into::into)).collect();
        Frame { stack: Vec::new(), locals: Vec::new(), constants, disqualified: None }
    }

    /// Constant `index` of the table.
    #[inline]
    pub fn constant(&self, index: u32) -> Step<N> {
        match self.constants.get(index as usize) {
            Some(value) => *value,
            None => Err(Fallback::Arithmetic.into()),
        }
    }

    #[inline]
    fn pop(&mut self) -> N {
        self.stack.pop().unwrap_or(N::ZERO)
    }

    /// Input `slot` as a number.
    #[inline]
    fn input(record: &Record<'_>, slot: u32) -> Step<N> {
        match record.inputs.get(slot as usize) {
            Some(Slot::Number(n)) => Ok(N::from_decimal(*n)?),
            Some(Slot::Bool(true)) => Ok(N::ONE),
            Some(Slot::Bool(false) | Slot::Text(_)) => Ok(N::ZERO),
            Some(Slot::Absent) | None => Err(Fallback::Missing.into()),
        }
    }

    /// Input `slot` as a condition.
    #[inline]
    fn input_truth(record: &Record<'_>, slot: u32) -> Step<bool> {
        match record.inputs.get(slot as usize) {
            Some(Slot::Bool(b)) => Ok(*b),
            Some(Slot::Number(_) | Slot::Text(_)) => Ok(false),
            Some(Slot::Absent) | None => Err(Fallback::Missing.into()),
        }
    }

    /// `let` slot `slot`.
    #[inline]
    fn local(&self, slot: u32) -> Step<Local<N>> {
        match self.locals.get(slot as usize) {
            Some(value) => *value,
            None => Err(Fallback::Missing.into()),
        }
    }

    /// Runs `ops` (one compiled run) on `record`.
    ///
    /// The top of the stack is kept in `top`, out of memory: most ops read and
    /// replace only the top, so the common cases never touch the stack.
    pub fn run(&mut self, ops: &[Op], record: &Record<'_>) -> Step<Outcome<N>> {
        self.stack.clear();
        // The logical stack is `self.stack` followed by `top` (a zero below the first push).
        let mut top = N::ZERO;
        let mut pc = 0usize;
        while let Some(&op) = ops.get(pc) {
            pc += 1;
            match op {
                Op::Const(index) => {
                    self.stack.push(top);
                    top = self.constant(index)?;
                }
                Op::Input(slot) => {
                    self.stack.push(top);
                    top = Self::input(record, slot)?;
                }
                Op::Local(slot) => {
                    self.stack.push(top);
                    top = match self.local(slot)? {
                        Local::Num(n) => n,
                        Local::Bool(b) => {
                            if b {
                                N::ONE
                            } else {
                                N::ZERO
                            }
                        }
                    };
                }
                Op::Neg => top = top.neg()?,
                Op::Arith(op) => {
                    let y = top;
                    top = self.pop();
                    N::apply(&mut top, op, y)?;
                }
                Op::ArithConst(op, index) => N::apply(&mut top, op, self.constant(index)?)?,
                Op::Call(func, count) => {
                    self.stack.push(top);
                    top = self.call(func, count as usize)?;
                }
                Op::JumpCompare { op, to } => {
                    let y = top;
                    let x = self.pop();
                    top = self.pop();
                    if holds(op, x, y) {
                        pc = to as usize;
                    }
                }
                Op::JumpCompareConst { op, constant, to } => {
                    let x = top;
                    top = self.pop();
                    if holds(op, x, self.constant(constant)?) {
                        pc = to as usize;
                    }
                }
                Op::JumpInput { slot, when, to } => {
                    if Self::input_truth(record, slot)? == when {
                        pc = to as usize;
                    }
                }
                Op::JumpLocal { slot, when, to } => {
                    let truth = matches!(self.local(slot)?, Local::Bool(true));
                    if truth == when {
                        pc = to as usize;
                    }
                }
                Op::Jump(to) => pc = to as usize,
                Op::Drop => top = self.pop(),
                Op::Disqualify(n) => self.disqualified = Some(n),
                Op::Judged => match record.judged {
                    Some(score) => {
                        self.stack.push(top);
                        top = N::from_decimal(score)?;
                    }
                    None => return Err(Fallback::Judged.into()),
                },
                Op::NotApplicable(n) => return Ok(Outcome::NotApplicable(n)),
                Op::Fail(fallback) => return Err(fallback.into()),
            }
        }
        Ok(Outcome::Value(top))
    }

    /// Pops `count` arguments and applies `func`.
    fn call(&mut self, func: Func, count: usize) -> Step<N> {
        let at = self.stack.len().saturating_sub(count);
        let value = rules::call(func, self.stack.get(at..).unwrap_or_default())?;
        self.stack.truncate(at);
        Ok(value)
    }
}

#[inline(always)]
fn holds<N: Number>(op: Compare, x: N, y: N) -> bool {
    op.holds(x.compare(&y))
}
