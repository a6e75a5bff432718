//! From the items' outcomes to the unit's report, whichever scorer scored the
//! items: sections, the bonus and deduction, the total and grade (by
//! [`rules::totals`](super::rules::totals)), the 缺省项 list, the
//! disqualification, and the audit of the unit's own figures.

use rust_decimal::Decimal;

use super::outcome::Outcome;
use super::rules::totals::{left_out, Totals};
use crate::base::diagnostic::ErrorReport;
use crate::check::model::Checked;
use crate::data::bind::UnitData;
use crate::eval::audit;
use crate::eval::report::{
    CappedReport, CheckReport, Disqualification, IndicatorReport, ItemReport, NotApplicableReport, Report,
    RubricInfo, SectionReport, Status,
};
use crate::lower::ast::SectionKind;

/// What a report holds besides the items' outcomes.
pub(crate) struct Extras {
    /// Derived values (财务分析指标).
    pub indicators: Vec<IndicatorReport>,
    /// Consistency checks (审核公式).
    pub checks: Vec<CheckReport>,
    /// Data and evaluation errors, in short.
    pub errors: Vec<ErrorReport>,
}

/// The report of `data` whose items scored `outcomes` (in rubric order).
pub(crate) fn report(rubric: &Checked, data: &UnitData, outcomes: Vec<Outcome>, extras: Extras) -> Report {
    let parts: Vec<Option<Decimal>> = outcomes.iter().map(Outcome::part).collect();
    let mut totals = Totals::new(rubric);
    let left_out = left_out(rubric, |i| outcomes.get(i).is_some_and(|o| o.status == Status::NotApplicable));
    let summed = totals.sum(rubric, &parts, left_out);
    let disqualification = rubric.items.iter().zip(&outcomes).find_map(|(item, o)| {
        o.disqualified.as_ref().map(|reason| Disqualification { item: item.id.clone(), reason: reason.clone() })
    });
    let grade = match (&disqualification, summed.grade) {
        (None, Some(band)) => rubric.grades.get(band).map(|g| g.name.clone()),
        _ => None,
    };
    let reported_section = |index: usize| data.reported.sections.get(index).cloned().flatten().map(|(v, _)| v);
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
            score: totals.section(index).map(|(_, capped)| capped),
            reported: reported_section(index),
        })
        .collect();
    let capped = |kind: SectionKind| {
        let index = rubric.roots.iter().copied().find(|r| rubric.sections.get(*r).is_some_and(|s| s.kind == kind))?;
        let s = rubric.sections.get(index)?;
        let sums = totals.section(index);
        Some(CappedReport {
            id: s.id.clone(),
            name: s.name.clone(),
            cap: s.weight,
            raw: sums.map(|(raw, _)| raw),
            score: sums.map(|(_, capped)| capped),
            reported: reported_section(index),
        })
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
    let contradicted: Vec<Option<String>> = outcomes.iter().map(|o| o.contradicted_claim.clone()).collect();
    let items = rubric
        .items
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(index, (item, o))| ItemReport {
            id: item.id.clone(),
            name: item.name.clone(),
            path: path(rubric, item.section),
            max: item.weight,
            score: o.score,
            status: o.status,
            reason: o.reason,
            reported: data.reported.items.get(index).cloned().flatten().map(|(v, _)| v),
            trace: o.trace,
        })
        .collect();
    let mut report = Report {
        rubric: RubricInfo { title: rubric.title.clone(), version: rubric.version.clone(), year: rubric.year },
        unit: data.unit.clone(),
        max: rubric.max,
        total: summed.total,
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
        indicators: extras.indicators,
        checks: extras.checks,
        findings: Vec::new(),
        errors: extras.errors,
    };
    report.findings = audit::audit(rubric, data, &report, &|i| contradicted.get(i).cloned().flatten());
    report
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
