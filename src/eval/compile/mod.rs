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
//! a fuzz target check it). It takes the unit's 缺省项 claims as the
//! evaluator does; reported scores are not its business (the audit's).

mod machine;
mod number;
mod outcomes;
mod program;

pub(crate) use outcomes::outcomes;

use rust_decimal::Decimal;

use crate::base::exact::Exact;
use crate::check::model::{Arith, Checked, Rule, Value};
use crate::eval::rules::totals::{left_out, Totals};
use crate::eval::rules::{self, Number};
use machine::{Frame, Local, Outcome, Record};
use number::{Small, Step, Stop};
use program::{Code, Op, Program};

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

/// How an item was scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// By its rule.
    Computed,
    /// The evaluator's judged score, as given.
    Judged,
    /// A 缺省项: by the item's condition `Some(n)`, or claimed by the unit
    /// for an item with no condition (`None`).
    NotApplicable(Option<u32>),
    /// Claimed as a 缺省项 by the unit, but every condition of the item says it
    /// applies: scored by its rule.
    Contradicted,
}

/// The scores of one record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    /// Per item, rounded as the rubric says; `None` for a 缺省项 left out
    /// under `rescale`.
    pub items: Vec<Option<Decimal>>,
    /// How each item was scored.
    pub kinds: Vec<ItemKind>,
    /// The total, bonus and deduction applied, floored; `None` for a rubric
    /// that scores nothing.
    pub total: Option<Decimal>,
    /// The grade band index into [`Checked::grades`]; `None` when disqualified or no band fits.
    pub grade: Option<usize>,
    /// The first item whose disqualification rule fired, and that rule (the
    /// item's last one that fired).
    pub disqualified: Option<(usize, usize)>,
}

/// What one record gives the scorer besides its inputs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Given<'r> {
    /// The judged scores, by item index (empty: none).
    pub judged: &'r [Option<Decimal>],
    /// The items the unit claims as 缺省项, by item index (empty: none).
    pub claims: &'r [bool],
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
    /// Scratch: each item's part in its section's sum.
    parts: Vec<Option<Decimal>>,
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
    /// The rule is a judged score.
    judged: bool,
    /// The item has 缺省项 conditions.
    conditional: bool,
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
    for (n, clause) in item.disqualify.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        program.guarded(&clause.condition, |p| p.push(Op::Disqualify(n)));
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
    CompiledItem {
        lets,
        body,
        weight: program.constant(Exact::from_decimal(item.weight)),
        judged: matches!(item.rule, Rule::Judged(_)),
        conditional: !item.not_applicable.is_empty(),
    }
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
            parts: Vec::new(),
        }
    }

    /// Scores one record: `inputs` by input slot, `judged` by item index.
    #[cfg(feature = "internals")]
    pub fn score(&mut self, inputs: &[Slot], judged: &[Option<Decimal>]) -> Out<Scores> {
        let mut scores = Scores::default();
        self.score_into(inputs, Given { judged, claims: &[] }, &mut scores)?;
        Ok(scores)
    }

    /// Scores one record into `scores`, reusing its memory: nothing is
    /// allocated once the scorer and `scores` have seen a record.
    pub fn score_into(&mut self, inputs: &[Slot], given: Given<'_>, scores: &mut Scores) -> Out<()> {
        let parts = Parts {
            program: &self.program,
            requires: &self.requires,
            items: &self.items,
            rubric: self.rubric,
            inputs,
            given,
        };
        match parts.items_into(&mut self.small, scores) {
            Ok(()) => {}
            // A value outgrew i64: the same record again with i128 rationals.
            Err(Stop::Widen) => parts.items_into(&mut self.exact, scores).map_err(|stop| match stop {
                Stop::Fallback(fallback) => fallback,
                Stop::Widen => Fallback::Arithmetic,
            })?,
            Err(Stop::Fallback(fallback)) => return Err(fallback),
        }
        self.parts.clear();
        self.parts.extend(scores.items.iter().zip(&scores.kinds).map(|(score, kind)| match kind {
            ItemKind::NotApplicable(_) => Some(score.unwrap_or_default()),
            _ => *score,
        }));
        let kinds = &scores.kinds;
        let left_out = left_out(self.rubric, |i| matches!(kinds.get(i), Some(ItemKind::NotApplicable(_))));
        let summed = self.totals.sum(self.rubric, &self.parts, left_out);
        scores.total = summed.total;
        scores.grade = if scores.disqualified.is_some() { None } else { summed.grade };
        Ok(())
    }

    /// Section `index`'s (sum of parts, score kept within its weight) of the
    /// record scored last.
    pub fn section(&self, index: usize) -> Option<(Decimal, Decimal)> {
        self.totals.section(index)
    }
}

/// What scoring one record reads, shared by both number types.
struct Parts<'s> {
    program: &'s Program,
    requires: &'s [Code],
    items: &'s [CompiledItem],
    rubric: &'s Checked,
    inputs: &'s [Slot],
    given: Given<'s>,
}

impl Parts<'_> {
    fn run<N: Number>(&self, frame: &mut Frame<N>, code: &Code, record: &Record<'_>) -> Step<Outcome<N>> {
        let ops = self.program.ops.get(code.clone()).unwrap_or_default();
        frame.run(ops, record)
    }

    /// Every item's rounded score and kind into `scores`, and the first disqualification.
    fn items_into<N: Number>(&self, frame: &mut Frame<N>, scores: &mut Scores) -> Step<()> {
        scores.items.clear();
        scores.kinds.clear();
        scores.disqualified = None;
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
            let judged = self.given.judged.get(index).copied().flatten();
            let record = Record { inputs: self.inputs, judged };
            frame.locals.clear();
            frame.disqualified = None;
            for (code, yes_no) in &item.lets {
                let value = match self.run(frame, code, &record) {
                    Ok(Outcome::Value(n)) if *yes_no => Ok(Local::Bool(!n.is_zero())),
                    Ok(Outcome::Value(n)) => Ok(Local::Num(n)),
                    Ok(Outcome::NotApplicable(_)) => Err(Stop::Fallback(Fallback::Missing)),
                    Err(stop) => Err(stop),
                };
                frame.locals.push(value);
            }
            let claimed = self.given.claims.get(index).copied().unwrap_or(false);
            let (score, kind) = match self.run(frame, &item.body, &record)? {
                Outcome::NotApplicable(n) => {
                    (rules::not_applicable_score(self.rubric.policy, model.weight), ItemKind::NotApplicable(Some(n)))
                }
                // A claim on an item with no condition is taken; against conditions that all say no, it is not.
                Outcome::Value(_) if claimed && !item.conditional => {
                    (rules::not_applicable_score(self.rubric.policy, model.weight), ItemKind::NotApplicable(None))
                }
                Outcome::Value(_) if item.judged => (judged, ItemKind::Judged),
                Outcome::Value(raw) => {
                    let score = rules::item_score(raw, frame.constant(item.weight)?, model.rounding)?;
                    (Some(score), if claimed { ItemKind::Contradicted } else { ItemKind::Computed })
                }
            };
            if let (None, Some(rule)) = (scores.disqualified, frame.disqualified) {
                scores.disqualified = Some((index, rule as usize));
            }
            scores.items.push(score);
            scores.kinds.push(kind);
        }
        Ok(())
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
