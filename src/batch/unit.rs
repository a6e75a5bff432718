//! Scoring one unit of a batch: load, evaluate, and make its summary row with
//! its diagnostics located (file:line:column, or the sheet's cell) and rendered.

use crate::base::diagnostic::{Diagnostic, Located, Origin, SourceFile};
use crate::eval::{evaluate, Options};
use crate::check::model::Checked;
use crate::eval::report::{Finding, Report};

use super::input::{Failure, Loaded, UnitText};
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

/// A diagnostic as the command line shows it, without colour (with the
/// command line's renderer; the library alone uses miette's plain narration).
pub fn render(diagnostic: &Diagnostic, file: &SourceFile) -> String {
    let located = Located::new(diagnostic.clone(), file);
    let mut out = String::new();
    #[cfg(feature = "cli")]
    let rendered = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false)
        .render_report(&mut out, &located);
    #[cfg(not(feature = "cli"))]
    let rendered = miette::NarratableReportHandler::new().render_report(&mut out, &located);
    if rendered.is_err() || out.trim().is_empty() {
        out = format!("{}: {}", diagnostic.code_text(), diagnostic.message);
    }
    crate::base::diagnostic::help_label(out.trim_end().to_string())
}

/// The cell a line of a sheet unit's TOML was read from: `C5` in
/// `"在职人员数" = 58   # C5`.
fn cell_of_line(text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(text.len());
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text.get(offset..)?.find('\n').map_or(text.len(), |i| offset + i);
    let (_, cell) = text.get(start..end)?.rsplit_once("   # ")?;
    let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
    let ok = letters > 0 && cell.len() > letters && cell.chars().skip(letters).all(|c| c.is_ascii_digit());
    ok.then_some(cell)
}

/// A diagnostic of `file` (in the rubric when `sheet` is `None` and it says so),
/// located and rendered.
pub(crate) fn problem(diagnostic: &Diagnostic, file: &SourceFile, sheet: Option<&str>) -> Problem {
    let location = match sheet.and_then(|s| cell_of_line(&file.text, diagnostic.span.start).map(|c| (s, c))) {
        Some((sheet, cell)) => format!("{sheet}!{cell}"),
        None if sheet.is_some() => file.name.clone(),
        None => {
            let (line, column) = file.line_col(diagnostic.span.start);
            format!("{}:{line}:{column}", file.name)
        }
    };
    Problem {
        location,
        code: diagnostic.code_text().to_string(),
        error: diagnostic.is_error(),
        message: diagnostic.message.clone(),
        text: render(diagnostic, file),
    }
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
            let mut p = problem(&error.diagnostic, &file, None);
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
                Problem { location, code: "sheet::unreadable".to_string(), error: true, message, text }
            })
            .collect(),
    }
}

/// Scores unit `index`; its full report is kept when `keep_report`.
pub(crate) fn score(
    rubric: &Checked,
    rubric_file: &SourceFile,
    index: usize,
    loaded: Loaded,
    strict: bool,
    keep_report: bool,
) -> Done {
    let unit = match loaded {
        Loaded::Unit(unit) => unit,
        Loaded::Failed(failure) => {
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
    let UnitText { source, fallback, file, format, sheet, data } = unit;
    let sheet = sheet.as_deref();
    let (data, load_diagnostics) = match data {
        Some(tree) => crate::data::bind::load_tree(&tree, rubric),
        None => crate::data::bind::load(&file.text, format, rubric),
    };
    let mut problems: Vec<Problem> = load_diagnostics.iter().map(|d| problem(d, &file, sheet)).collect();
    if !data.parsed {
        let row = UnitRow::failed(index + 1, fallback, source, problems);
        return Done { index, row, report: None, findings: Vec::new() };
    }
    let (report, eval_diagnostics) = evaluate(rubric, &data, Options { strict, brief: !keep_report });
    for d in &eval_diagnostics {
        problems.push(match d.origin {
            Origin::Rubric => problem(d, rubric_file, None),
            Origin::Data => problem(d, &file, sheet),
        });
    }
    let (errors, warnings) = keep(&mut problems);
    let row = UnitRow {
        index: index + 1,
        label: crate::render::label(&report, &fallback),
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

#[cfg(test)]
mod tests {
    use super::cell_of_line;

    #[test]
    fn the_cell_of_a_line() {
        let text = "[inputs]\n\"在职人员数\" = \"五十八\"   # C5\n\"x\" = 1   # AB12\nbad = 2   # c5\n";
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        assert_eq!(cell_of_line(text, at("五十八")), Some("C5"));
        assert_eq!(cell_of_line(text, at("\"x\"")), Some("AB12"));
        assert_eq!(cell_of_line(text, at("bad")), None);
        assert_eq!(cell_of_line(text, 0), None);
    }
}
