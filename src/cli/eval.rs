//! `rubric eval`: score a data file and audit it.

use std::io::IsTerminal;
use std::path::Path;

use rubric::diagnostic::{has_errors, Origin};
use rubric::eval::{evaluate, Options};
use rubric::files::{data_format, read_source};
use rubric::limits::Limits;
use rubric::render;

use super::output::{color, print_diagnostics, report_read_error};
use super::Format;

/// Scores one file; `Ok(true)` when clean (no errors, no findings).
pub fn run(rubric_path: &Path, data_path: &Path, format: Format, strict: bool) -> Result<bool, ()> {
    let Some(data_format) = data_format(data_path) else {
        eprintln!("error: {} is not a data file: use .toml, .json, .yaml or .yml", data_path.display());
        return Err(());
    };
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
        eprintln!("the rubric has errors: fix them first (rubric check {})", rubric_path.display());
        return Ok(false);
    };
    let data_file = match read_source(data_path) {
        Ok(f) => f,
        Err(error) => {
            report_read_error(&error);
            return Ok(false);
        }
    };
    let (data, data_diagnostics) = rubric::bind::load(&data_file.text, data_format, &checked);
    print_diagnostics(&data_diagnostics, &data_file);
    if !data.parsed {
        eprintln!("{} could not be read as {}; nothing was scored", data_path.display(), format_name(data_format));
        return Ok(false);
    }
    let (report, eval_diagnostics) = evaluate(&checked, &data, Options { strict });
    let (in_rubric, in_data): (Vec<_>, Vec<_>) = eval_diagnostics.into_iter().partition(|d| d.origin == Origin::Rubric);
    print_diagnostics(&in_rubric, &rubric_file);
    print_diagnostics(&in_data, &data_file);
    let text = match format {
        Format::Table => render::table(
            &report,
            if color(std::io::stdout().is_terminal()) { render::Style::Color } else { render::Style::Plain },
        ),
        Format::Json => render::json(&report),
        Format::Markdown => render::markdown(&report),
    };
    println!("{}", text.trim_end());
    let errors = has_errors(&data_diagnostics) || has_errors(&in_rubric) || has_errors(&in_data);
    Ok(!errors && report.findings.is_empty())
}

fn format_name(format: rubric::data::Format) -> &'static str {
    match format {
        rubric::data::Format::Toml => "TOML",
        rubric::data::Format::Json => "JSON",
        rubric::data::Format::Yaml => "YAML",
    }
}
