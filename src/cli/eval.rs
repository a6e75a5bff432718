//! `rubric eval`: score data files and audit them.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{has_errors, Origin, SourceFile};
use crate::base::limits::Limits;
use crate::batch::input::{self, Body, Failure, Ready, UnitText};
use crate::batch::locate::Where;
use crate::check::model::Checked;
use crate::eval::report::Report;
use crate::eval::{evaluate, Options};
use crate::render;

use super::output::{color, err, out, print_diagnostics, print_located, read_or_report, report_read_error};
use super::Format as OutputFormat;

/// Scores the data files, spreadsheets (one unit per row) or folders of them;
/// `Ok(true)` when clean: no errors, no audit findings, no failed checks.
pub fn run(rubric_path: &Path, data: &[PathBuf], format: OutputFormat, strict: bool) -> Result<bool, ()> {
    let sources = crate::batch::sources(data).map_err(|message| {
        err(&crate::tr!("error: {message}", "错误：{message}"));
    })?;
    let Some(rubric_file) = read_or_report(rubric_path) else {
        return Ok(false);
    };
    let (checked, diagnostics) = crate::check::check_source(&rubric_file.text, &Limits::default());
    let rubric_errors = has_errors(&diagnostics);
    print_diagnostics(&diagnostics, &rubric_file);
    let Some(checked) = checked.filter(|_| !rubric_errors) else {
        let shown = rubric_path.display();
        err(&crate::tr!(
            "the rubric has errors: fix them first (rubric check {shown})",
            "评分表有错误：请先修正（rubric check {shown}）"
        ));
        return Ok(false);
    };
    let mut clean = true;
    let mut reports = Vec::new();
    let mut labels = Vec::new();
    let mut units = 0;
    for source in &sources {
        for loaded in input::read(source) {
            units += 1;
            let unit = match loaded {
                Ready::Unit(unit) => unit,
                Ready::Failed(failure) => {
                    report_failure(&failure);
                    clean = false;
                    continue;
                }
            };
            match score_unit(&checked, &rubric_file, &unit, strict) {
                Some((report, file_clean)) => {
                    clean &= file_clean;
                    labels.push((render::label(&report, &unit.fallback), unit.fallback.clone()));
                    reports.push(report);
                }
                None => clean = false,
            }
        }
    }
    let labels = distinct(labels);
    let single = units == 1 && data.len() == 1 && data.first().is_some_and(|p| p.is_file());
    let text = match (format, single, reports.first()) {
        (OutputFormat::Json, true, Some(report)) => render::json(report),
        (OutputFormat::Json, _, _) => render::json_array(&reports),
        (OutputFormat::Markdown, true, Some(report)) => render::markdown(report),
        (OutputFormat::Markdown, _, _) => reports.iter().map(render::markdown).collect::<Vec<_>>().join("\n---\n\n"),
        (OutputFormat::Table, true, Some(report)) => render::table(
            report,
            if color(std::io::stdout().is_terminal()) { render::Style::Color } else { render::Style::Plain },
        ),
        (OutputFormat::Table, _, _) => render::comparison(&reports, &labels),
    };
    out(text.trim_end());
    if matches!(format, OutputFormat::Table) && reports.len() > READABLE_COLUMNS {
        suggest_batch(rubric_path, data, reports.len());
    }
    Ok(clean)
}

/// The units' names for the comparison table; a name borne by several units
/// gets its file (or sheet row) beside it.
fn distinct(labels: Vec<(String, String)>) -> Vec<String> {
    let count = |name: &str| labels.iter().filter(|(other, _)| other == name).count();
    labels
        .iter()
        .map(|(name, file)| if count(name) > 1 && name != file { format!("{name} ({file})") } else { name.clone() })
        .collect()
}

/// Units side by side beyond which the comparison table is too wide to read.
const READABLE_COLUMNS: usize = 12;

/// Points a user who compared many units side by side to `rubric batch`.
fn suggest_batch(rubric_path: &Path, data: &[PathBuf], units: usize) {
    let inputs: Vec<String> = data.iter().map(|p| p.display().to_string()).collect();
    let command = format!("rubric batch {} {} --out", rubric_path.display(), inputs.join(" "));
    err(&crate::tr!(
        "note: {units} units side by side; `{command} county.xlsx` ranks them in a spreadsheet instead",
        "提示：{units} 个单位并排显示；`{command} 汇总.xlsx` 可以把它们排好名次写进电子表格"
    ));
}

/// Prints why a file or spreadsheet gave no unit.
fn report_failure(failure: &Failure) {
    match failure {
        Failure::Read { error, .. } => report_read_error(error),
        Failure::Sheet { path, problems } | Failure::Row { path, problems, .. } => {
            for problem in problems {
                let (at, message) = (Failure::locate(path, problem), &problem.message);
                err(&crate::tr!("error: {at}: {message}", "错误：{at}：{message}"));
            }
        }
    }
}

/// Scores one unit's data, printing its diagnostics. `None` when nothing could be scored.
fn score_unit(checked: &Checked, rubric_file: &SourceFile, unit: &UnitText, strict: bool) -> Option<(Report, bool)> {
    let (data, data_diagnostics) = match &unit.body {
        Body::File { file, format } => crate::data::bind::load(&file.text, *format, checked),
        Body::Row { unit, .. } => crate::data::bind::load_tree(&unit.data, checked),
    };
    let at = match &unit.body {
        Body::File { file, .. } => Where::File(file),
        Body::Row { unit, place } => Where::Row { unit, place },
    };
    print_located(&data_diagnostics, at);
    if !data.parsed {
        let shown = &unit.source;
        err(&crate::tr!("{shown} could not be read; nothing was scored", "无法读取 {shown}，未计分"));
        return None;
    }
    let (report, eval_diagnostics) = evaluate(checked, &data, Options { strict, brief: false });
    let (in_rubric, in_data): (Vec<_>, Vec<_>) = eval_diagnostics.into_iter().partition(|d| d.origin == Origin::Rubric);
    print_diagnostics(&in_rubric, rubric_file);
    print_located(&in_data, at);
    let errors = has_errors(&data_diagnostics) || has_errors(&in_rubric) || has_errors(&in_data);
    let clean = !errors && report.findings.is_empty();
    Some((report, clean))
}
