//! The compiled scorer's scores as the items' outcomes, for the report that
//! [`crate::eval::finish`] builds from either scorer's outcomes.

use super::{ItemKind, Scores};
use crate::check::model::Checked;
use crate::data::bind::UnitData;
use crate::eval::outcome::Outcome;
use crate::eval::report::Status;

/// One outcome per item of `rubric` from `scores` (no trace), with the 缺省项
/// reasons (the rubric's condition's, or the unit's claim) and the
/// disqualification's reason.
pub(crate) fn outcomes(rubric: &Checked, data: &UnitData, scores: &Scores) -> Vec<Outcome> {
    let claim = |index: usize| data.claims.get(index).cloned().flatten().map(|(reason, _)| reason);
    let mut outcomes: Vec<Outcome> = rubric
        .items
        .iter()
        .zip(scores.items.iter().zip(&scores.kinds))
        .enumerate()
        .map(|(index, (item, (score, kind)))| {
            let mut outcome = Outcome::new(Status::Computed);
            outcome.score = *score;
            match kind {
                ItemKind::Computed => {}
                ItemKind::Judged => outcome.status = Status::Judged,
                ItemKind::Contradicted => outcome.contradicted_claim = claim(index),
                ItemKind::NotApplicable(condition) => {
                    outcome.status = Status::NotApplicable;
                    let claimed = claim(index);
                    outcome.not_applicable = Some(claimed.is_some());
                    outcome.reason = match condition {
                        Some(n) => item.not_applicable.get(*n as usize).map(|c| c.reason.clone()),
                        None => claimed,
                    };
                }
            }
            outcome
        })
        .collect();
    if let Some((index, rule)) = scores.disqualified {
        let reason = rubric.items.get(index).and_then(|item| item.disqualify.get(rule)).map(|c| c.reason.clone());
        if let Some(outcome) = outcomes.get_mut(index) {
            outcome.disqualified = reason;
        }
    }
    outcomes
}
