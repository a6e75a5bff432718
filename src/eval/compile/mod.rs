//! Scoring built for repeated evaluation: many records, one rubric.
//!
//! [`Scorer::new`] compiles every formula once (`program`): inputs become
//! slot numbers, constants a table, conditions jumps. [`Scorer::score_into`]
//! then runs that code on a small stack machine (`machine`) with no name
//! lookups, no recursion, no trace text and no allocation per record.
//!
//! Values are exact. Each record is first scored with `number::Small`
//! fractions of two `i64` (no gcd, no 128-bit division); if any value
//! outgrows them, the record is scored again with [`Exact`] `i128`
//! rationals, so the result never depends on which one finished the job.
//!
//! The scorer covers the common case — every input an item reads is given
//! and valid, no judged score missing, no text compared. For anything else it
//! says so ([`Fallback`]) and the caller uses the full evaluator, which
//! explains and locates; the two agree exactly wherever both score (tests and
//! a fuzz target check it). Claims and reported scores are not its business:
//! it computes what the rubric gives.

mod machine;
mod number;
mod program;
mod totals;

use rust_decimal::Decimal;

use crate::lower::ast::Policy;
use crate::base::exact::Exact;
use crate::check::model::{Arith, Checked, Rule, Value};
use machine::{Frame, Local, Outcome, Record};
use number::{Number, Small, Step, Stop};
use program::{Code, Op, Program};
use totals::Totals;

/// An input value in a slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// Not given.
    Absent,
    /// A number (amounts in the input's declared unit).
    Number(Decimal),
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
    /// The data breaks a `require` of the rubric (the evaluator reports it).
    Invalid,
}

/// The scores of one record.
#[derive(Debug, Clone, PartialEq, Default)]
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
    program: Program,
    /// The rubric's `require`s, each computing 1 when it holds.
    requires: Vec<Code>,
    items: Vec<CompiledItem>,
    small: Frame<Small>,
    exact: Frame<Exact>,
    totals: Totals,
}

type Out<T> = Result<T, Fallback>;

/// An item's formulas, compiled.
#[derive(Debug)]
struct CompiledItem {
    /// Each `let`, and whether it is a yes/no.
    lets: Vec<(Code, bool)>,
    /// Disqualification checks, 缺省项 conditions and the rule, in one run.
    body: Code,
    /// The weight, as a constant of the program.
    weight: u32,
}

/// Compiles one item.
fn compile_item(program: &mut Program, item: &crate::check::model::Item) -> CompiledItem {
    let lets = item
        .lets
        .iter()
        .map(|local| {
            program.begin();
            program.number(&local.value);
            (program.end(), local.value.ty == crate::check::model::Ty::Bool)
        })
        .collect();
    program.begin();
    for clause in &item.disqualify {
        program.guarded(&clause.condition, |p| p.push(Op::Disqualify));
    }
    let exits: Vec<_> = item.not_applicable.iter().map(|c| &c.condition).collect();
    let rule = |p: &mut Program| match &item.rule {
        Rule::Formula(expr) => p.number(expr),
        Rule::Checklist(entries) => {
            let zero = p.constant(Exact::ZERO);
            p.push(Op::Const(zero));
            for entry in entries {
                let points = p.constant(Exact::from_decimal(entry.points));
                p.guarded(&entry.condition, |p| p.push(Op::ArithConst(Arith::Add, points)));
            }
        }
        Rule::Judged(_) => p.push(Op::Judged),
    };
    program.exit_if(&exits, rule, Op::NotApplicable);
    let body = program.end();
    CompiledItem { lets, body, weight: program.constant(Exact::from_decimal(item.weight)) }
}

impl<'a> Scorer<'a> {
    /// Prepares `rubric`: compiles every formula once.
    pub fn new(rubric: &'a Checked) -> Self {
        let mut program = Program::default();
        let requires = rubric
            .requires
            .iter()
            .map(|require| {
                program.begin();
                program.number(&require.condition);
                program.end()
            })
            .collect();
        let items = rubric.items.iter().map(|item| compile_item(&mut program, item)).collect();
        Scorer {
            rubric,
            requires,
            small: Frame::new(&program.constants),
            exact: Frame::new(&program.constants),
            program,
            items,
            totals: Totals::new(rubric),
        }
    }

    /// Scores one record: `inputs` by input slot, `judged` by item index.
    pub fn score(&mut self, inputs: &[Slot], judged: &[Option<Decimal>]) -> Out<Scores> {
        let mut scores = Scores::default();
        self.score_into(inputs, judged, &mut scores)?;
        Ok(scores)
    }

    /// Scores one record into `scores`, reusing its memory: nothing is
    /// allocated once the scorer and `scores` have seen a record.
    pub fn score_into(&mut self, inputs: &[Slot], judged: &[Option<Decimal>], scores: &mut Scores) -> Out<()> {
        let parts = Parts {
            program: &self.program,
            requires: &self.requires,
            items: &self.items,
            rubric: self.rubric,
            inputs,
            judged,
        };
        let disqualified = match parts.items_into(&mut self.small, &mut scores.items) {
            Ok(disqualified) => disqualified,
            // A value outgrew i64: the same record again with i128 rationals.
            Err(Stop::Widen) => parts.items_into(&mut self.exact, &mut scores.items).map_err(|stop| match stop {
                Stop::Fallback(fallback) => fallback,
                Stop::Widen => Fallback::Arithmetic,
            })?,
            Err(Stop::Fallback(fallback)) => return Err(fallback),
        };
        let summed = self.totals.sum(self.rubric, &scores.items)?;
        scores.total = summed.total;
        scores.disqualified = disqualified;
        scores.grade = if disqualified { None } else { summed.grade };
        Ok(())
    }
}

/// What scoring one record reads, shared by both number types.
struct Parts<'s> {
    program: &'s Program,
    requires: &'s [Code],
    items: &'s [CompiledItem],
    rubric: &'s Checked,
    inputs: &'s [Slot],
    judged: &'s [Option<Decimal>],
}

impl Parts<'_> {
    fn run<N: Number>(&self, frame: &mut Frame<N>, code: &Code, record: &Record<'_>) -> Step<Outcome<N>> {
        let ops = self.program.ops.get(code.clone()).unwrap_or_default();
        frame.run(ops, record)
    }

    /// Every item's rounded score into `out`; returns whether a disqualification fired.
    fn items_into<N: Number>(&self, frame: &mut Frame<N>, out: &mut Vec<Decimal>) -> Step<bool> {
        out.clear();
        frame.disqualified = false;
        let record = Record { inputs: self.inputs, judged: None };
        for code in self.requires {
            match self.run(frame, code, &record) {
                Ok(Outcome::Value(holds)) if holds.is_zero() => return Err(Fallback::Invalid.into()),
                // As in the evaluator, a `require` that cannot be computed is not checked.
                Ok(_) | Err(Stop::Fallback(Fallback::Missing | Fallback::Arithmetic)) => {}
                Err(stop) => return Err(stop),
            }
        }
        for (index, (item, model)) in self.items.iter().zip(&self.rubric.items).enumerate() {
            let record = Record { inputs: self.inputs, judged: self.judged.get(index).copied().flatten() };
            frame.locals.clear();
            for (code, yes_no) in &item.lets {
                let value = match self.run(frame, code, &record) {
                    Ok(Outcome::Value(n)) if *yes_no => Ok(Local::Bool(!n.is_zero())),
                    Ok(Outcome::Value(n)) => Ok(Local::Num(n)),
                    Ok(Outcome::NotApplicable) => Err(Stop::Fallback(Fallback::Missing)),
                    Err(stop) => Err(stop),
                };
                frame.locals.push(value);
            }
            let score = match self.run(frame, &item.body, &record)? {
                Outcome::NotApplicable => match self.rubric.policy {
                    Policy::FullMarks => model.weight,
                    Policy::Zero => Decimal::ZERO,
                    Policy::Rescale => return Err(Fallback::Missing.into()),
                },
                Outcome::Value(raw) => {
                    let clamped = raw.max(N::ZERO).min(frame.constant(item.weight)?);
                    clamped.round_dp(model.rounding.places, model.rounding.mode)?
                }
            };
            out.push(score);
        }
        Ok(frame.disqualified)
    }
}

/// The slots of a loaded unit's inputs (texts compared by their index in `texts`).
pub fn slots(data: &crate::data::bind::UnitData, texts: &mut Vec<String>) -> Vec<Slot> {
    data.inputs
        .iter()
        .enumerate()
        .map(|(slot, given)| match given.as_ref().map(|g| &g.value) {
            _ if data.invalid.contains(&slot) => Slot::Absent,
            // A value no `Decimal` holds exactly is left to the full evaluator.
            Some(Value::Number(n)) => n.to_decimal().map_or(Slot::Absent, Slot::Number),
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
