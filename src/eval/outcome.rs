//! What scoring one item gave, whichever scorer scored it: the evaluator
//! (with its trace and, where it failed, why) or the compiled scorer (brief).

use rust_decimal::Decimal;

use crate::base::span::Span;
use crate::eval::report::Status;

/// Why an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// It reads an input the data does not give.
    Missing(usize),
    /// A division by zero at this span.
    DivisionByZero(Span),
    /// A result too large for exact arithmetic at this span.
    Overflow(Span),
}

/// One item's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The score, if there is one.
    pub score: Option<Decimal>,
    /// How it came about.
    pub status: Status,
    /// 缺省项 reason, or why unverified / in error.
    pub reason: Option<String>,
    /// The trace lines (empty when brief).
    pub trace: Vec<String>,
    /// `Some(claimed)` when the item is a 缺省项.
    pub not_applicable: Option<bool>,
    /// The reason of a disqualification rule that fired.
    pub disqualified: Option<String>,
    /// A 缺省项 claim the facts contradict: the claimed reason.
    pub contradicted_claim: Option<String>,
    /// What went wrong, if anything (the evaluator's).
    pub failure: Option<Failure>,
    /// Inputs the item needs and the data lacks (the evaluator's).
    pub missing: Vec<usize>,
    /// An input of the item has an invalid value, already reported (the evaluator's).
    pub invalid: bool,
}

impl Outcome {
    /// An outcome with `status` and nothing else yet.
    pub fn new(status: Status) -> Self {
        Outcome {
            score: None,
            status,
            reason: None,
            trace: Vec::new(),
            not_applicable: None,
            disqualified: None,
            contradicted_claim: None,
            failure: None,
            missing: Vec::new(),
            invalid: false,
        }
    }

    /// The item's part in its section's sum: its score, a 缺省项 left out
    /// (rescale) counting 0, `None` when it has no score.
    pub fn part(&self) -> Option<Decimal> {
        match (self.status, self.score) {
            (Status::NotApplicable, None) => Some(Decimal::ZERO),
            (_, score) => score,
        }
    }
}
