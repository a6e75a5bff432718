//! Scoring a unit: every item, then sections, bonus and deduction, the total
//! and the grade; then the audit of the unit's own figures.
//!
//! Values are exact rationals ([`crate::base::exact::Exact`]) throughout; an item's
//! score is its rule's exact value, kept within [0, weight], rounded once as
//! the rubric says. Sections and totals are exact sums of rounded items.

mod derived;
mod explain;
mod expr;
mod item;




pub use expr::Failure;

use rust_decimal::Decimal;

use crate::lower::ast::{Policy, SectionKind};
use crate::eval::audit;
use crate::data::bind::UnitData;
use crate::base::diagnostic::{Code, Diagnostic};
use crate::base::exact::Exact;
use crate::check::symbolic;
use crate::check::model::{Checked, NodeRef, Value};
use crate::eval::report::{
    CappedReport, Disqualification, ErrorReport, ItemReport, NotApplicableReport, Report, RubricInfo, SectionReport,
    Status,
};
use crate::tr;
use item::{score_item, Outcome};

/// Ids or names listed in a message: `1, 2` (`1、2` in Chinese).
fn list(names: &[String]) -> String {
    names.join(&tr!(", ", "、"))
}

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Unverified items (scored from the reported figure alone) are errors.
    pub strict: bool,
    /// Leave out the items' traces (the worked formulas): scores, statuses,
    /// reasons and diagnostics are the same, only `trace` stays empty. For
    /// callers that show no traces, such as a batch summary.
    pub brief: bool,
}

/// Scores `data` against `rubric`. Returns the report and the diagnostics of
/// evaluation (data errors found while scoring, divisions by zero …).
pub fn evaluate(rubric: &Checked, data: &UnitData, options: Options) -> (Report, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut errors = data.errors.clone();
    let mut invalid = data.invalid.clone();
    invalid.extend(check_requirements(rubric, data, &mut diagnostics, &mut errors));
    let outcomes: Vec<Outcome> =
        (0..rubric.items.len()).map(|i| score_item(rubric, i, data, options, &invalid)).collect();
    explain::explain_failures(rubric, data, &outcomes, &mut diagnostics, &mut errors);
    let indicators = derived::indicators(rubric, data);
    let checks = derived::checks(rubric, data, &mut diagnostics, &mut errors);

    let section_scores = section_scores(rubric, &outcomes);
    let (total, bonus, deduction) = total(rubric, &outcomes, &section_scores);
    // A rubric of indicators and checks only scores nothing: no total, no grade.
    let total = total.filter(|_| !rubric.items.is_empty());
    let disqualification = rubric.items.iter().zip(&outcomes).find_map(|(item, o)| {
        o.disqualified.as_ref().map(|reason| Disqualification { item: item.id.clone(), reason: reason.clone() })
    });
    let grade = match (&disqualification, total) {
        (None, Some(total)) => rubric.grades.iter().find(|g| g.contains(total)).map(|g| g.name.clone()),
        _ => None,
    };

    let items: Vec<ItemReport> = rubric
        .items
        .iter()
        .zip(&outcomes)
        .enumerate()
        .map(|(index, (item, o))| ItemReport {
            id: item.id.clone(),
            name: item.name.clone(),
            path: path(rubric, item.section),
            max: item.weight,
            score: o.score,
            status: o.status,
            reason: o.reason.clone(),
            reported: data.reported.items.get(index).cloned().flatten().map(|(v, _)| v),
            trace: if options.brief { Vec::new() } else { o.trace.clone() },
        })
        .collect();
    let sections: Vec<SectionReport> = rubric
        .sections
        .iter()
        .enumerate()
        .map(|(index, s)| SectionReport {
            id: s.id.clone(),
            name: s.name.clone(),
            kind: s.kind,
            parent: s.parent.and_then(|p| rubric.sections.get(p)).map(|p| p.id.clone()),
            depth: s.depth,
            max: s.weight,
            score: section_scores.get(index).copied().flatten().map(|(_, capped)| capped),
            reported: data.reported.sections.get(index).cloned().flatten().map(|(v, _)| v),
        })
        .collect();
    let capped = |kind: SectionKind| {
        rubric.roots.iter().copied().find(|r| rubric.sections.get(*r).is_some_and(|s| s.kind == kind)).and_then(
            |index| {
                let s = rubric.sections.get(index)?;
                let scores = section_scores.get(index).copied().flatten();
                Some(CappedReport {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    cap: s.weight,
                    raw: scores.map(|(raw, _)| raw),
                    score: scores.map(|(_, capped)| capped),
                    reported: data.reported.sections.get(index).cloned().flatten().map(|(v, _)| v),
                })
            },
        )
    };
    let not_applicable = rubric
        .items
        .iter()
        .zip(&outcomes)
        .enumerate()
        .filter_map(|(index, (item, o))| {
            let claimed = o.not_applicable?;
            let reason = o.reason.clone().unwrap_or_default();
            // The unit's own words, where they are not the reason shown.
            let stated = data.claims.get(index).cloned().flatten().map(|(r, _)| r).filter(|r| r.trim() != reason);
            Some(NotApplicableReport { id: item.id.clone(), name: item.name.clone(), reason, stated, claimed, score: o.score })
        })
        .collect();
    let _ = (bonus, deduction);
    let mut report = Report {
        rubric: RubricInfo { title: rubric.title.clone(), version: rubric.version.clone(), year: rubric.year },
        unit: data.unit.clone(),
        max: rubric.max,
        total,
        grade,
        reported_total: data.reported.total.as_ref().map(|(v, _)| *v),
        reported_grade: data.reported.grade.as_ref().map(|(g, _)| g.clone()),
        disqualified: disqualification.is_some(),
        disqualification,
        items,
        sections,
        bonus: capped(SectionKind::Bonus),
        deduction: capped(SectionKind::Deduction),
        not_applicable,
        indicators,
        checks,
        findings: Vec::new(),
        errors,
    };
    report.findings =
        audit::audit(rubric, data, &report, &outcomes.iter().map(|o| o.contradicted_claim.clone()).collect::<Vec<_>>());
    (report, diagnostics)
}

/// The ids of the sections enclosing `section`, outermost first.
fn path(rubric: &Checked, section: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut current = Some(section);
    while let Some(index) = current {
        let Some(s) = rubric.sections.get(index) else { break };
        ids.push(s.id.clone());
        current = s.parent;
        if ids.len() > rubric.sections.len() {
            break;
        }
    }
    ids.reverse();
    ids
}

/// Per section: (sum of children, score after cap), or `None` if a child has no score.
fn section_scores(rubric: &Checked, outcomes: &[Outcome]) -> Vec<Option<(Decimal, Decimal)>> {
    let mut scores: Vec<Option<(Decimal, Decimal)>> = vec![None; rubric.sections.len()];
    // Children come after their parents, so walk backwards.
    for index in (0..rubric.sections.len()).rev() {
        let Some(section) = rubric.sections.get(index) else { continue };
        let mut sum = Some(Decimal::ZERO);
        for child in &section.children {
            let value = match child {
                NodeRef::Item(i) => match outcomes.get(*i) {
                    Some(o) if o.status == Status::NotApplicable && o.score.is_none() => Some(Decimal::ZERO),
                    Some(o) => o.score,
                    None => None,
                },
                NodeRef::Section(s) => scores.get(*s).copied().flatten().map(|(_, capped)| capped),
            };
            sum = match (sum, value) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            };
        }
        if let (Some(sum), Some(slot)) = (sum, scores.get_mut(index)) {
            let capped = sum.max(Decimal::ZERO).min(section.weight);
            *slot = Some((sum, capped));
        }
    }
    scores
}

/// The total, with the bonus and deduction applied, floored; under the
/// rescale policy the scored part is scaled back up to the maximum.
fn total(
    rubric: &Checked,
    outcomes: &[Outcome],
    scores: &[Option<(Decimal, Decimal)>],
) -> (Option<Decimal>, Option<Decimal>, Option<Decimal>) {
    let mut main = Some(Decimal::ZERO);
    let mut bonus = Some(Decimal::ZERO);
    let mut deduction = Some(Decimal::ZERO);
    for root in &rubric.roots {
        let Some(section) = rubric.sections.get(*root) else { continue };
        let score = scores.get(*root).copied().flatten().map(|(_, capped)| capped);
        let slot = match section.kind {
            SectionKind::Normal => &mut main,
            SectionKind::Bonus => &mut bonus,
            SectionKind::Deduction => &mut deduction,
        };
        *slot = match (*slot, score) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
    }
    if rubric.policy == Policy::Rescale {
        let excluded = rubric
            .items
            .iter()
            .zip(outcomes)
            .filter(|(item, o)| {
                o.status == Status::NotApplicable
                    && rubric.sections.get(root_of(rubric, item.section)).is_some_and(|s| s.kind == SectionKind::Normal)
            })
            .fold(Decimal::ZERO, |sum, (item, _)| sum + item.weight);
        let applicable = rubric.max - excluded;
        main = main.and_then(|m| {
            if applicable <= Decimal::ZERO {
                return Some(rubric.max);
            }
            let scaled = Exact::from_decimal(m)
                .mul(Exact::from_decimal(rubric.max))
                .and_then(|v| v.div(Exact::from_decimal(applicable)))
                .ok()?;
            scaled.round_dp(rubric.rounding.places, rubric.rounding.mode).ok()
        });
    }
    let total = match (main, bonus, deduction) {
        (Some(m), Some(b), Some(d)) => Some((m + b - d).max(rubric.floor)),
        _ => None,
    };
    (total, bonus, deduction)
}

fn root_of(rubric: &Checked, mut section: usize) -> usize {
    for _ in 0..=rubric.sections.len() {
        match rubric.sections.get(section).and_then(|s| s.parent) {
            Some(parent) => section = parent,
            None => break,
        }
    }
    section
}

/// Checks the rubric's `require`s on the values given; returns the input
/// slots of the requirements that fail (their values are bad data).
fn check_requirements(
    rubric: &Checked,
    data: &UnitData,
    diagnostics: &mut Vec<Diagnostic>,
    errors: &mut Vec<ErrorReport>,
) -> Vec<usize> {
    let mut bad = Vec::new();
    let inputs: Vec<Option<&Value>> = data.inputs.iter().map(|g| g.as_ref().map(|g| &g.value)).collect();
    let env = expr::Env { inputs: &inputs, locals: Vec::new(), trace: true };
    for require in &rubric.requires {
        let Ok(result) = env.eval(&require.condition) else { continue };
        if matches!(result.value, Value::Bool(true)) {
            continue;
        }
        let given: Vec<(usize, std::ops::Range<usize>, String)> = require
            .inputs
            .iter()
            .filter_map(|s| {
                let g = data.inputs.get(*s)?.as_ref()?;
                Some((*s, g.span.clone()?, expr::show_value(&g.value)))
            })
            .collect();
        let Some((_, first, _)) = given.first().cloned() else { continue };
        let values: Vec<String> = given
            .iter()
            .filter_map(|(slot, _, value)| Some(format!("{} = {value}", rubric.inputs.get(*slot)?.name)))
            .collect();
        let rule = symbolic(&require.condition, &rubric.inputs, &[]);
        let what = require
            .message
            .clone()
            .unwrap_or_else(|| tr!("the data breaks a rule of the rubric", "数据不符合评分表的要求"));
        let shown = values.join(&tr!(", ", "，"));
        let message = tr!("{what}: {shown} (the rubric requires {rule})", "{what}：{shown}（评分表要求 {rule}）");
        let mut d = Diagnostic::error(Code::Requirement, first, message.clone())
            .in_data()
            .label(values.first().cloned().unwrap_or_default())
            .help(tr!("check these figures: the rubric requires {rule}", "请核对这些数：评分表要求 {rule}"));
        for ((_, span, _), label) in given.iter().zip(&values).skip(1) {
            d = d.related(span.clone(), label.clone());
        }
        diagnostics.push(d);
        errors.push(ErrorReport { code: Code::Requirement.as_str().to_string(), item: None, message });
        bad.extend(require.inputs.iter().copied());
    }
    bad
}
