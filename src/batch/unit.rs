//! Scoring one unit of a batch: bind, score on the product path, and make its
//! summary row with its diagnostics located (file:line:column, or the sheet's
//! cell) and rendered.

use crate::base::diagnostic::{Origin, SourceFile};
use crate::check::model::Checked;
use crate::data::bind::UnitData;
use crate::data::sheet::PendingRow;
use crate::eval::compile::ItemKind;
use crate::eval::{evaluate, Bulk, Options};

use super::direct::{Direct, Plan};
use crate::eval::report::{Finding, Report};

use super::input::{Body, Failure, Loaded, Ready, UnitText};
use super::locate::{problem, Where};
use super::row::{Problem, UnitRow, MAX_WARNINGS};

/// A scored unit on its way to the summary.
pub(crate) struct Done {
    /// Its number in input order, from 0.
    pub index: usize,
    /// Its summary row.
    pub row: UnitRow,
    /// The full report, when the unit is given in full.
    pub report: Option<Report>,
    /// Its audit findings.
    pub findings: Vec<Finding>,
}

/// Keeps every error and the first warnings; returns the counts of errors and warnings.
fn keep(problems: &mut Vec<Problem>) -> (usize, usize) {
    let errors = problems.iter().filter(|p| p.error).count();
    let warnings = problems.len() - errors;
    let mut seen = 0;
    problems.retain(|p| {
        seen += usize::from(!p.error);
        p.error || seen <= MAX_WARNINGS
    });
    (errors, warnings)
}

/// The problems of a source that gave no unit.
pub(crate) fn failure_problems(failure: &Failure) -> Vec<Problem> {
    match failure {
        Failure::Read { path, error } => {
            let file = error.lossy.clone().unwrap_or_else(|| SourceFile::new(path.display().to_string(), ""));
            let mut p = problem(&error.diagnostic, Where::File(&file));
            if error.lossy.is_none() {
                p.location = path.display().to_string();
            }
            vec![p]
        }
        Failure::Sheet { path, problems } | Failure::Row { path, problems, .. } => problems
            .iter()
            .map(|sp| {
                let location = Failure::locate(path, sp);
                let message = sp.message.clone();
                let text = crate::tr!("error: {location}: {message}", "错误：{location}：{message}");
                Problem { location, code: crate::base::diagnostic::Code::SheetUnreadable.as_str().to_string(), error: true, message, text }
            })
            .collect(),
    }
}

/// What a worker thread keeps from one unit to the next: its compiled scorer,
/// and the plan of the sheet whose rows it binds directly.
pub(crate) struct Worker<'a> {
    /// The compiled scorer, with the evaluator for what it declines.
    pub bulk: Bulk<'a>,
    plan: Option<Plan>,
}

impl<'a> Worker<'a> {
    /// A worker for `rubric`.
    pub(crate) fn new(rubric: &'a Checked) -> Self {
        Worker { bulk: Bulk::new(rubric), plan: None }
    }
}

/// A spreadsheet row bound straight to the scorer's slots and scored there,
/// or `None` when it must take the full path (see [`super::direct`]).
pub(crate) fn direct(rubric: &Checked, worker: &mut Worker<'_>, index: usize, row: &PendingRow) -> Option<Done> {
    if !worker.plan.as_ref().is_some_and(|plan| plan.fits(row)) {
        worker.plan = Some(Plan::new(row.layout(), rubric));
    }
    let Direct { data, slots } = worker.plan.as_ref()?.bind(row, rubric)?;
    worker.bulk.compiled_with(&data, &slots).ok()?;
    let source = row.label();
    let label = data.unit.project.clone().or_else(|| data.unit.name.clone()).unwrap_or_else(|| source.clone());
    Some(summed(rubric, &worker.bulk, index, label, source, &data, Vec::new()))
}

/// The row of a unit the compiled scorer scored last in `bulk`, straight from
/// its scores: no report is built.
fn summed(
    rubric: &Checked,
    bulk: &Bulk<'_>,
    index: usize,
    label: String,
    source: String,
    data: &UnitData,
    mut problems: Vec<Problem>,
) -> Done {
    let findings = bulk.findings(data);
    let (errors, warnings) = keep(&mut problems);
    let scores = bulk.scores();
    let row = UnitRow {
        index: index + 1,
        label,
        source,
        scored: true,
        total: scores.total,
        max: Some(rubric.max),
        grade: bulk.grade().map(str::to_string),
        reported_total: data.reported.total.as_ref().map(|(v, _)| *v),
        disqualified: scores.disqualified.is_some(),
        disqualification: scores.disqualified.and_then(|(item, rule)| {
            rubric.items.get(item)?.disqualify.get(rule).map(|clause| clause.reason.clone())
        }),
        sections: (0..rubric.sections.len()).map(|i| bulk.section(i).map(|(_, capped)| capped)).collect(),
        indicators: Vec::new(),
        not_applicable: scores.kinds.iter().filter(|k| matches!(k, ItemKind::NotApplicable(_))).count(),
        findings: findings.len(),
        errors,
        warnings,
        problems,
    };
    Done { index, row, report: None, findings }
}

/// Scores unit `index` on the product path: the compiled scorer (through
/// `bulk`), the evaluator for what it declines. Its full report, with traces,
/// is kept when `keep_report`; otherwise a unit the compiled scorer scores gets
/// its row straight from the scores, with no report built.
pub(crate) fn score(
    rubric: &Checked,
    rubric_file: &SourceFile,
    worker: &mut Worker<'_>,
    index: usize,
    loaded: Loaded,
    strict: bool,
    keep_report: bool,
) -> Done {
    let summed_up = !keep_report && rubric.indicators.is_empty() && rubric.checks.is_empty();
    if let (true, Loaded::Row { row, .. }) = (summed_up, &loaded) {
        if let Some(done) = direct(rubric, worker, index, row) {
            return done;
        }
    }
    let unit = match loaded.resolved() {
        Ready::Unit(unit) => unit,
        Ready::Failed(failure) => {
            let (label, source) = match &failure {
                // A row: named and located like the unit it would have been.
                Failure::Row { label, .. } => (label.clone(), label.clone()),
                _ => {
                    let path = failure.path().display().to_string();
                    let name =
                        failure.path().file_name().map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
                    (name, path)
                }
            };
            let row = UnitRow::failed(index + 1, label, source, failure_problems(&failure));
            return Done { index, row, report: None, findings: Vec::new() };
        }
    };
    let UnitText { source, fallback, body } = unit;
    let (data, load_diagnostics) = match &body {
        Body::File { file, format } => crate::data::bind::load(&file.text, *format, rubric),
        Body::Row { unit, .. } => crate::data::bind::load_tree(&unit.data, rubric),
    };
    let at = match &body {
        Body::File { file, .. } => Where::File(file),
        Body::Row { unit, place } => Where::Row { unit, place },
    };
    let mut problems: Vec<Problem> = load_diagnostics.iter().map(|d| problem(d, at)).collect();
    if !data.parsed {
        let row = UnitRow::failed(index + 1, fallback, source, problems);
        return Done { index, row, report: None, findings: Vec::new() };
    }
    let label = data.unit.project.clone().or_else(|| data.unit.name.clone()).unwrap_or(fallback);
    // What a row needs besides the scores (indicators, checks) only a report has.
    let summed_up = !keep_report && rubric.indicators.is_empty() && rubric.checks.is_empty();
    if summed_up && worker.bulk.compiled(&data).is_ok() {
        return summed(rubric, &worker.bulk, index, label, source, &data, problems);
    }
    let bulk = &mut worker.bulk;
    let (report, eval_diagnostics) = if keep_report {
        evaluate(rubric, &data, Options { strict, brief: false })
    } else {
        let (report, diagnostics, _) = bulk.score(&data, strict);
        (report, diagnostics)
    };
    for d in &eval_diagnostics {
        problems.push(match d.origin {
            Origin::Rubric => problem(d, Where::File(rubric_file)),
            Origin::Data => problem(d, at),
        });
    }
    let (errors, warnings) = keep(&mut problems);
    let row = UnitRow {
        index: index + 1,
        label,
        source,
        scored: true,
        total: report.total,
        max: Some(report.max),
        grade: report.grade.clone(),
        reported_total: report.reported_total,
        disqualified: report.disqualified,
        disqualification: report.disqualification.as_ref().map(|d| d.reason.clone()),
        sections: rubric
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| match report.sections.get(i).filter(|r| r.id == s.id) {
                Some(r) => r.score,
                None => report.sections.iter().find(|r| r.id == s.id).and_then(|r| r.score),
            })
            .collect(),
        indicators: rubric
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let found = report.indicators.get(i).filter(|r| r.name == ind.name);
                let found = found.or_else(|| report.indicators.iter().find(|r| r.name == ind.name));
                found.and_then(|r| r.display.clone().or_else(|| r.value.map(crate::eval::report::show)))
            })
            .collect(),
        not_applicable: report.not_applicable.len(),
        findings: report.findings.len(),
        errors,
        warnings,
        problems,
    };
    if keep_report {
        Done { index, row, findings: report.findings.clone(), report: Some(report) }
    } else {
        Done { index, row, findings: report.findings, report: None }
    }
}
