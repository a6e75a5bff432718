//! Formulas compiled to flat code for a small stack machine.
//!
//! The checker has already typed every expression, so numbers and yes/no
//! values are compiled differently: numbers are computed on a stack of
//! numbers, and a condition becomes a jump (`x = 0` is "compare with a
//! constant and jump"), never a value. An item's conditions and rule become
//! one run of code; its `let`s are runs of their own, because a `let` that
//! cannot be computed fails only what reads it. Running code
//! ([`super::machine`]) is a loop, not a recursion, so scoring needs no stack
//! growth however long a formula is; only compiling walks the tree.

use std::ops::Range;

use crate::base::exact::Exact;
use crate::check::model::{Arith, Compare, Expr, ExprKind, Func, Ty};

use super::Fallback;

/// One step of the stack machine. Jump targets are relative to the start of
/// the code being run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Op {
    /// Push constant `n` of the table.
    Const(u32),
    /// Push input slot `n` as a number (yes is 1, no is 0; missing: fall back).
    Input(u32),
    /// Push `let` slot `n` as a number.
    Local(u32),
    /// Negate the top.
    Neg,
    /// Pop two, push the result.
    Arith(Arith),
    /// Apply `op` to the top and constant `n` (`x op n`).
    ArithConst(Arith, u32),
    /// Pop `n` arguments, push the function's value.
    Call(Func, u32),
    /// Pop two and jump to `to` if `x op y`.
    JumpCompare { op: Compare, to: u32 },
    /// Pop one and jump to `to` if `x op constant`.
    JumpCompareConst { op: Compare, constant: u32, to: u32 },
    /// Jump to `to` if yes/no input `slot` is `when`.
    JumpInput { slot: u32, when: bool, to: u32 },
    /// Jump to `to` if yes/no `let` slot `slot` is `when`.
    JumpLocal { slot: u32, when: bool, to: u32 },
    /// Jump to `to`.
    Jump(u32),
    /// Drop the top (a number read only for its errors).
    Drop,
    /// Disqualification rule `n` of the item fired.
    Disqualify(u32),
    /// Push the item's judged score (none: fall back).
    Judged,
    /// The item is a 缺省项 by its condition `n`: stop.
    NotApplicable(u32),
    /// Give up on this record: the full evaluator must score it.
    Fail(Fallback),
}

/// A compiled run of code: a range of the program's ops.
pub(super) type Code = Range<usize>;

/// The code and constants of a whole rubric.
#[derive(Debug, Default)]
pub(super) struct Program {
    /// Every run's ops, one after another.
    pub ops: Vec<Op>,
    /// The constants the ops refer to.
    pub constants: Vec<Exact>,
    /// Where the run being compiled starts (jumps are relative to it).
    base: usize,
}

/// A place in the code that jumps can be pointed at before it is known.
struct Label {
    /// The ops that jump to it.
    from: Vec<usize>,
}

impl Program {
    /// Starts a new run of code.
    pub fn begin(&mut self) {
        self.base = self.ops.len();
    }

    /// Ends the run begun last and returns it.
    pub fn end(&mut self) -> Code {
        self.base..self.ops.len()
    }

    /// The index of constant `value`, added to the table if new.
    pub fn constant(&mut self, value: Exact) -> u32 {
        let found = self.constants.iter().position(|c| *c == value);
        let index = found.unwrap_or_else(|| {
            self.constants.push(value);
            self.constants.len() - 1
        });
        index_u32(index)
    }

    /// Appends `op`.
    pub fn push(&mut self, op: Op) {
        self.ops.push(op);
    }

    /// Compiles `expr` as a number: its value ends on the stack.
    pub fn number(&mut self, expr: &Expr) {
        crate::base::limits::deep(|| self.number_step(expr));
    }

    /// Compiles a condition that, when it holds, skips to the returned label.
    fn branch_label(&mut self, expr: &Expr, when: bool) -> Label {
        let mut label = Label { from: Vec::new() };
        self.branch(expr, when, &mut label);
        label
    }

    /// Compiles `if condition` around `body`: the body runs only when it holds.
    pub fn guarded(&mut self, condition: &Expr, body: impl FnOnce(&mut Program)) {
        let skip = self.branch_label(condition, false);
        body(self);
        self.place(skip);
    }

    /// Compiles "stop with `op(n)` if condition `n` holds", the conditions
    /// tried in order before `rest`; the stops are placed after `rest`.
    pub fn exit_if(&mut self, conditions: &[&Expr], rest: impl FnOnce(&mut Program), op: impl Fn(u32) -> Op) {
        let exits: Vec<Label> = conditions.iter().map(|condition| self.branch_label(condition, true)).collect();
        rest(self);
        if exits.iter().all(|exit| exit.from.is_empty()) {
            return;
        }
        let over = self.jump();
        for (n, exit) in exits.into_iter().enumerate() {
            if !exit.from.is_empty() {
                self.place(exit);
                self.push(op(index_u32(n)));
            }
        }
        self.place(over);
    }

    /// An unconditional jump, to be placed later.
    fn jump(&mut self) -> Label {
        let at = self.ops.len();
        self.push(Op::Jump(0));
        Label { from: vec![at] }
    }

    /// Points every jump to `label` at the next op.
    fn place(&mut self, label: Label) {
        let to = index_u32(self.ops.len() - self.base);
        for at in label.from {
            if let Some(
                Op::Jump(target)
                | Op::JumpCompare { to: target, .. }
                | Op::JumpCompareConst { to: target, .. }
                | Op::JumpInput { to: target, .. }
                | Op::JumpLocal { to: target, .. },
            ) = self.ops.get_mut(at)
            {
                *target = to;
            }
        }
    }

    /// Appends a jump op (built by `make` from a placeholder target) that goes to `label`.
    fn jump_to(&mut self, label: &mut Label, op: Op) {
        label.from.push(self.ops.len());
        self.push(op);
    }

    fn number_step(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Const(value, _) => {
                let index = self.constant(*value);
                self.push(Op::Const(index));
            }
            ExprKind::Input(n) if expr.ty != Ty::Text => self.push(Op::Input(index_u32(*n))),
            ExprKind::Local(n) if expr.ty != Ty::Text => self.push(Op::Local(index_u32(*n))),
            ExprKind::Neg(a) => {
                self.number(a);
                self.push(Op::Neg);
            }
            ExprKind::Convert(a, factor) => {
                self.number(a);
                let index = self.constant(*factor);
                self.push(Op::ArithConst(Arith::Mul, index));
            }
            ExprKind::Arith(op, a, b) => {
                self.number(a);
                if let ExprKind::Const(value, _) = &b.kind {
                    let index = self.constant(*value);
                    self.push(Op::ArithConst(*op, index));
                } else {
                    self.number(b);
                    self.push(Op::Arith(*op));
                }
            }
            ExprKind::If(c, t, e) => {
                let otherwise = self.branch_label(c, false);
                self.number(t);
                let end = self.jump();
                self.place(otherwise);
                self.number(e);
                self.place(end);
            }
            ExprKind::Call(func, args) => {
                // Only the arguments the function reads (the checker fixes the arity).
                let reads = match func {
                    Func::Min | Func::Max => args.len(),
                    Func::Clamp => 3,
                    Func::Round => 2,
                    Func::Abs | Func::Ceil | Func::Floor => 1,
                };
                let args = args.get(..reads.min(args.len())).unwrap_or_default();
                for arg in args {
                    self.number(arg);
                }
                self.push(Op::Call(*func, index_u32(args.len())));
            }
            ExprKind::Bool(_) | ExprKind::Not(_) | ExprKind::Compare(..) | ExprKind::Logic(..) => {
                // A yes/no read as a number: 1 or 0.
                let yes = self.branch_label(expr, true);
                let zero = self.constant(Exact::ZERO);
                self.push(Op::Const(zero));
                let end = self.jump();
                self.place(yes);
                let one = self.constant(Exact::ONE);
                self.push(Op::Const(one));
                self.place(end);
            }
            ExprKind::Text(_) | ExprKind::Input(_) | ExprKind::Local(_) => self.push(Op::Fail(Fallback::Text)),
        }
    }

    /// Compiles `expr` as a condition: jump to `label` if its truth is `when`, else go on.
    fn branch(&mut self, expr: &Expr, when: bool, label: &mut Label) {
        crate::base::limits::deep(|| self.branch_step(expr, when, label));
    }

    fn branch_step(&mut self, expr: &Expr, when: bool, label: &mut Label) {
        match &expr.kind {
            ExprKind::Bool(b) => {
                if *b == when {
                    self.jump_to(label, Op::Jump(0));
                }
            }
            ExprKind::Input(n) if expr.ty == Ty::Bool => {
                self.jump_to(label, Op::JumpInput { slot: index_u32(*n), when, to: 0 });
            }
            ExprKind::Local(n) if expr.ty == Ty::Bool => {
                self.jump_to(label, Op::JumpLocal { slot: index_u32(*n), when, to: 0 });
            }
            ExprKind::Not(a) => self.branch(a, !when, label),
            ExprKind::Logic(is_and, a, b) => {
                if *is_and != when {
                    // `a and b` is false if either is; `a or b` is true if either is.
                    self.branch(a, when, label);
                    self.branch(b, when, label);
                } else {
                    let skip = self.branch_label(a, !when);
                    self.branch(b, when, label);
                    self.place(skip);
                }
            }
            ExprKind::If(c, t, e) => {
                let otherwise = self.branch_label(c, false);
                self.branch(t, when, label);
                let end = self.jump();
                self.place(otherwise);
                self.branch(e, when, label);
                self.place(end);
            }
            ExprKind::Compare(op, a, b) => self.compare(*op, a, b, when, label),
            _ if expr.ty == Ty::Text => self.push(Op::Fail(Fallback::Text)),
            _ => {
                // A number is never true; it is still computed, for its errors.
                self.number(expr);
                self.push(Op::Drop);
                if !when {
                    self.jump_to(label, Op::Jump(0));
                }
            }
        }
    }

    fn compare(&mut self, op: Compare, a: &Expr, b: &Expr, when: bool, label: &mut Label) {
        let numeric = |e: &Expr| !matches!(e.ty, Ty::Bool | Ty::Text);
        let op = match (numeric(a), numeric(b)) {
            (true, true) => op,
            // Yes/no values are only equal or not, compared as 1 and 0.
            (false, false) if a.ty == Ty::Bool && b.ty == Ty::Bool => {
                if op == Compare::Eq {
                    Compare::Eq
                } else {
                    Compare::Ne
                }
            }
            _ => return self.push(Op::Fail(Fallback::Text)),
        };
        // Numbers are totally ordered, so "not (x < y)" is "x >= y".
        let op = if when { op } else { op.negated() };
        self.number(a);
        if let ExprKind::Const(value, _) = &b.kind {
            let constant = self.constant(*value);
            self.jump_to(label, Op::JumpCompareConst { op, constant, to: 0 });
        } else {
            self.number(b);
            self.jump_to(label, Op::JumpCompare { op, to: 0 });
        }
    }
}

fn index_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
