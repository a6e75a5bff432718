//! `rubric template`: print the blank data file of a rubric.

use std::path::Path;

use rubric::data::Format;
use rubric::diagnostic::has_errors;
use rubric::files::read_source;
use rubric::limits::Limits;

use super::output::{err, out, print_diagnostics, report_read_error};
use super::DataFormat;

/// Prints the template; `Ok(false)` when the rubric has errors.
pub fn run(path: &Path, format: DataFormat) -> Result<bool, ()> {
    let file = match read_source(path) {
        Ok(file) => file,
        Err(error) => {
            report_read_error(&error);
            return Ok(false);
        }
    };
    let (checked, diagnostics) = rubric::check::check_source(&file.text, &Limits::default());
    if has_errors(&diagnostics) {
        print_diagnostics(&diagnostics, &file);
    }
    let Some(checked) = checked else {
        let shown = path.display();
        err(&rubric::tr!(
            "the rubric has errors: fix them first (rubric check {shown})",
            "评分表有错误：请先修正（rubric check {shown}）"
        ));
        return Ok(false);
    };
    let format = match format {
        DataFormat::Toml => Format::Toml,
        DataFormat::Json => Format::Json,
        DataFormat::Yaml => Format::Yaml,
    };
    out(rubric::template::template(&checked, format).trim_end());
    Ok(true)
}
