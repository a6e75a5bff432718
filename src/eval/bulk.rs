//! Scoring many units of one rubric, as every bulk path does (`rubric batch`,
//! the desk's imports and exports): the compiled scorer first, and the
//! evaluator only for what the scorer declines (a missing or bad value, a
//! broken `require`, a division by zero, a text compared …), which it then
//! explains and locates. Both give the same report; the compiled one has no
//! traces.

use rust_decimal::Decimal;

use super::audit::{audit, Computed};
use super::compile::{self, slots, Fallback, Given, ItemKind, Scorer, Scores, Slot};
use super::finish;
use super::report::{Finding, Report, Status};
use super::walk::{self, Options};
use crate::base::diagnostic::Diagnostic;
use crate::check::model::Checked;
use crate::data::bind::UnitData;

/// True when the binder found nothing wrong with any value of `data`.
fn clean(data: &UnitData) -> bool {
    data.parsed && data.invalid.is_empty() && data.invalid_judged.is_empty() && data.invalid_reported.is_empty()
}

/// Which scorer scored a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// The compiled scorer.
    Compiled,
    /// The evaluator: the data had problems of its own, or the compiled scorer
    /// declined for this reason.
    Evaluated(Option<Fallback>),
}

/// A rubric ready to score one unit after another without traces.
#[derive(Debug)]
pub struct Bulk<'a> {
    rubric: &'a Checked,
    scorer: Scorer<'a>,
    scores: Scores,
    texts: Vec<String>,
    judged: Vec<Option<Decimal>>,
    claims: Vec<bool>,
}

impl<'a> Bulk<'a> {
    /// Compiles `rubric` once for the units to come.
    pub fn new(rubric: &'a Checked) -> Self {
        Bulk {
            rubric,
            scorer: Scorer::new(rubric),
            scores: Scores::default(),
            texts: Vec::new(),
            judged: Vec::new(),
            claims: Vec::new(),
        }
    }

    /// The compiled scorer's scores of the unit scored last, when it took the
    /// compiled path.
    pub fn scores(&self) -> &Scores {
        &self.scores
    }

    /// Section `index`'s (sum of parts, score) of the unit scored last, when
    /// it took the compiled path.
    pub fn section(&self, index: usize) -> Option<(Decimal, Decimal)> {
        self.scorer.section(index)
    }

    /// Scores `data` with the compiled scorer alone: its scores, or why it
    /// declined (`None`: the data has problems of its own — a bad value, or
    /// nothing could be read).
    pub fn compiled(&mut self, data: &UnitData) -> Result<&Scores, Option<Fallback>> {
        if !clean(data) {
            return Err(None);
        }
        self.texts.clear();
        let slots = slots(data, &mut self.texts);
        self.run(data, &slots)
    }

    /// [`Bulk::compiled`] of `data` whose inputs are already `slots` (a row
    /// bound straight to them).
    pub fn compiled_with(&mut self, data: &UnitData, slots: &[Slot]) -> Result<&Scores, Option<Fallback>> {
        if !clean(data) {
            return Err(None);
        }
        self.run(data, slots)
    }

    fn run(&mut self, data: &UnitData, slots: &[Slot]) -> Result<&Scores, Option<Fallback>> {
        self.judged.clear();
        self.judged.extend(data.judged.iter().map(|j| j.as_ref().map(|(v, _)| *v)));
        self.claims.clear();
        self.claims.extend(data.claims.iter().map(Option::is_some));
        let given = Given { judged: &self.judged, claims: &self.claims };
        self.scorer.score_into(slots, given, &mut self.scores).map_err(Some)?;
        Ok(&self.scores)
    }

    /// Scores `data` (no traces), with the diagnostics of evaluation, and says
    /// which scorer did. `strict`: unverified scores are errors.
    pub fn score(&mut self, data: &UnitData, strict: bool) -> (Report, Vec<Diagnostic>, Path) {
        match self.compiled(data) {
            Ok(_) => {
                let mut diagnostics = Vec::new();
                let extras = walk::extras(self.rubric, data, &mut diagnostics);
                let outcomes = compile::outcomes(self.rubric, data, &self.scores);
                (finish::report(self.rubric, data, outcomes, extras), diagnostics, Path::Compiled)
            }
            Err(fallback) => {
                let (report, diagnostics) = walk::evaluate(self.rubric, data, Options { strict, brief: true });
                (report, diagnostics, Path::Evaluated(fallback))
            }
        }
    }

    /// The audit of `data` against its compiled scores, after [`Bulk::compiled`]
    /// scored it: the findings its report would have.
    pub fn findings(&self, data: &UnitData) -> Vec<Finding> {
        let contradicted = |index: usize| match self.scores.kinds.get(index) {
            Some(ItemKind::Contradicted) => data.claims.get(index).cloned().flatten().map(|(reason, _)| reason),
            _ => None,
        };
        audit(self.rubric, data, self, &contradicted)
    }

    /// The grade of the unit scored last, by name.
    pub fn grade(&self) -> Option<&str> {
        self.scores.grade.and_then(|g| self.rubric.grades.get(g)).map(|g| g.name.as_str())
    }
}

impl Computed for Bulk<'_> {
    fn item(&self, index: usize) -> (Option<Decimal>, Status) {
        let status = match self.scores.kinds.get(index) {
            Some(ItemKind::Judged) => Status::Judged,
            Some(ItemKind::NotApplicable(_)) => Status::NotApplicable,
            Some(ItemKind::Computed | ItemKind::Contradicted) => Status::Computed,
            None => Status::Error,
        };
        (self.scores.items.get(index).copied().flatten(), status)
    }
    fn section(&self, index: usize) -> Option<Decimal> {
        self.scorer.section(index).map(|(_, capped)| capped)
    }
    fn total(&self) -> Option<Decimal> {
        self.scores.total
    }
    fn grade(&self) -> Option<&str> {
        Bulk::grade(self)
    }
    fn disqualified(&self) -> bool {
        self.scores.disqualified.is_some()
    }
}
