//! `rubric diff`: what changed between two versions of a rubric, and what it does to units.

use std::path::{Path, PathBuf};

use crate::author::diff::{self, render, Scored};
use crate::base::diagnostic::{has_errors, Diagnostic, Origin, SourceFile};
use crate::base::limits::Limits;
use crate::check::model::Checked;

use super::output::{err, out, print_diagnostics, read_or_report};
use super::Format;

/// Compares the rubrics and, with data, scores every unit under both. `Ok(true)` when both
/// rubrics check and every data file reads and scores without errors: a change is not an error.
pub fn run(old_path: &Path, new_path: &Path, data: &[PathBuf], format: Format) -> Result<bool, ()> {
    let files = diff::data_files(data).map_err(|e| err(&crate::tr!("error: {e}", "错误：{e}")))?;
    let (old, new) = (load(old_path), load(new_path));
    let (Some((old_file, old)), Some((new_file, new))) = (old, new) else { return Ok(false) };
    let changes = diff::diff(&old, &new);
    let mut clean = true;
    let mut units = Vec::new();
    for (path, data_format) in &files {
        let Some(file) = read_or_report(path) else {
            clean = false;
            continue;
        };
        let before = diff::score(&old, &file.text, *data_format);
        let after = diff::score(&new, &file.text, *data_format);
        let mut seen = Vec::new();
        clean &= print_run(&before, &old_file, &file, &mut seen);
        clean &= print_run(&after, &new_file, &file, &mut seen);
        match (before.report, after.report) {
            (Some(old_report), Some(new_report)) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                units.push((crate::render::label(&new_report, &stem), old_report, new_report));
            }
            _ => {
                let shown = path.display();
                err(&crate::tr!("{shown} could not be read; it is left out", "无法读取 {shown}，已略过"));
                clean = false;
            }
        }
    }
    let impact = (!data.is_empty()).then(|| diff::impact(&old, &new, units));
    let text = match format {
        Format::Table => render::table(&changes, impact.as_ref()),
        Format::Markdown => render::markdown(&changes, impact.as_ref()),
        Format::Json => render::json(&changes, impact.as_ref()),
    };
    out(text.trim_end());
    Ok(clean)
}

/// Reads and checks a rubric, printing its diagnostics; `None` when it has errors.
fn load(path: &Path) -> Option<(SourceFile, Checked)> {
    let file = read_or_report(path)?;
    let (checked, diagnostics) = crate::check::check_source(&file.text, &Limits::default());
    print_diagnostics(&diagnostics, &file);
    match checked.filter(|_| !has_errors(&diagnostics)) {
        Some(checked) => Some((file, checked)),
        None => {
            let shown = path.display();
            err(&crate::tr!(
                "the rubric has errors: fix them first (rubric check {shown})",
                "评分表有错误：请先修正（rubric check {shown}）"
            ));
            None
        }
    }
}

/// Prints one scoring run's diagnostics (those about the data file only once for both
/// rubrics); true when there is no error.
fn print_run(scored: &Scored, rubric_file: &SourceFile, data_file: &SourceFile, seen: &mut Vec<Diagnostic>) -> bool {
    let (in_rubric, in_data): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        scored.eval.iter().partition(|d| d.origin == Origin::Rubric);
    let fresh: Vec<Diagnostic> = scored.load.iter().chain(in_data).filter(|d| !seen.contains(d)).cloned().collect();
    print_diagnostics(&fresh, data_file);
    print_diagnostics(&in_rubric.into_iter().cloned().collect::<Vec<_>>(), rubric_file);
    seen.extend(fresh);
    !has_errors(&scored.load) && !has_errors(&scored.eval)
}
