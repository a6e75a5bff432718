//! `rubric eval`: score data files and audit them.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use rubric::data::Format;
use rubric::diagnostic::{has_errors, Origin, SourceFile};
use rubric::eval::{evaluate, Options};
use rubric::files::{data_format, read_source};
use rubric::limits::Limits;
use rubric::model::Checked;
use rubric::render;
use rubric::report::Report;

use super::output::{color, err, out, print_diagnostics, report_read_error};
use super::Format as OutputFormat;

/// Scores the data files (or folders of them); `Ok(true)` when clean: no
/// errors, no audit findings, no failed checks.
pub fn run(rubric_path: &Path, data: &[PathBuf], format: OutputFormat, strict: bool) -> Result<bool, ()> {
    let files = expand(data)?;
    let rubric_file = match read_source(rubric_path) {
        Ok(f) => f,
        Err(error) => {
            report_read_error(&error);
            return Ok(false);
        }
    };
    let (checked, diagnostics) = rubric::check::check_source(&rubric_file.text, &Limits::default());
    let rubric_errors = has_errors(&diagnostics);
    print_diagnostics(&diagnostics, &rubric_file);
    let Some(checked) = checked.filter(|_| !rubric_errors) else {
        let shown = rubric_path.display();
        err(&rubric::tr!(
            "the rubric has errors: fix them first (rubric check {shown})",
            "评分表有错误：请先修正（rubric check {shown}）"
        ));
        return Ok(false);
    };
    let mut clean = true;
    let mut reports = Vec::new();
    let mut labels = Vec::new();
    for (path, data_format) in &files {
        match score_file(&checked, &rubric_file, path, *data_format, strict) {
            Some((report, file_clean)) => {
                clean &= file_clean;
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                labels.push(render::label(&report, &stem));
                reports.push(report);
            }
            None => clean = false,
        }
    }
    let single = files.len() == 1 && data.len() == 1 && data.first().is_some_and(|p| p.is_file());
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
    Ok(clean)
}

/// The data files named, with folders replaced by the data files in them (sorted).
fn expand(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Format)>, ()> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(entries) => {
                    entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| data_format(p).is_some()).collect()
                }
                Err(e) => {
                    let shown = path.display();
                    err(&rubric::tr!(
                        "error: cannot read the folder {shown}: {e}",
                        "错误：无法读取文件夹 {shown}：{e}"
                    ));
                    return Err(());
                }
            };
            entries.sort();
            if entries.is_empty() {
                let shown = path.display();
                err(&rubric::tr!(
                    "error: {shown} holds no .toml, .json, .yaml or .yml files",
                    "错误：{shown} 中没有 .toml、.json、.yaml 或 .yml 文件"
                ));
                return Err(());
            }
            files.extend(entries.into_iter().filter_map(|p| data_format(&p).map(|f| (p, f))));
        } else {
            let Some(format) = data_format(path) else {
                let shown = path.display();
                err(&rubric::tr!(
                    "error: {shown} is not a data file: use .toml, .json, .yaml or .yml",
                    "错误：{shown} 不是数据文件：请使用 .toml、.json、.yaml 或 .yml 文件"
                ));
                return Err(());
            };
            files.push((path.clone(), format));
        }
    }
    Ok(files)
}

/// Scores one file, printing its diagnostics. `None` when nothing could be scored.
fn score_file(
    checked: &Checked,
    rubric_file: &SourceFile,
    path: &Path,
    format: Format,
    strict: bool,
) -> Option<(Report, bool)> {
    let data_file = match read_source(path) {
        Ok(f) => f,
        Err(error) => {
            report_read_error(&error);
            return None;
        }
    };
    let (data, data_diagnostics) = rubric::bind::load(&data_file.text, format, checked);
    print_diagnostics(&data_diagnostics, &data_file);
    if !data.parsed {
        let shown = path.display();
        err(&rubric::tr!("{shown} could not be read; nothing was scored", "无法读取 {shown}，未计分"));
        return None;
    }
    let (report, eval_diagnostics) = evaluate(checked, &data, Options { strict });
    let (in_rubric, in_data): (Vec<_>, Vec<_>) = eval_diagnostics.into_iter().partition(|d| d.origin == Origin::Rubric);
    print_diagnostics(&in_rubric, rubric_file);
    print_diagnostics(&in_data, &data_file);
    let errors = has_errors(&data_diagnostics) || has_errors(&in_rubric) || has_errors(&in_data);
    let clean = !errors && report.findings.is_empty();
    Some((report, clean))
}
