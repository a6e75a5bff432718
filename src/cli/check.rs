//! `rubric check`: validate rubric files.

use std::path::PathBuf;

use rubric::diagnostic::{has_errors, Severity};
use rubric::files::read_source;
use rubric::limits::Limits;

use super::output::{out, print_diagnostics, report_read_error};

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Checks every file; `Ok(true)` when none has an error.
pub fn run(paths: &[PathBuf]) -> Result<bool, ()> {
    let mut clean = true;
    for path in paths {
        let file = match read_source(path) {
            Ok(file) => file,
            Err(error) => {
                report_read_error(&error);
                clean = false;
                continue;
            }
        };
        let (checked, diagnostics) = rubric::check::check_source(&file.text, &Limits::default());
        print_diagnostics(&diagnostics, &file);
        let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        let errors = diagnostics.len() - warnings;
        match checked {
            Some(c) if !has_errors(&diagnostics) => {
                let mut parts = vec![
                    plural(c.items.len(), "item"),
                    plural(c.sections.len(), "section"),
                    plural(c.inputs.len(), "input"),
                ];
                if !c.indicators.is_empty() {
                    parts.push(plural(c.indicators.len(), "indicator"));
                }
                if !c.checks.is_empty() {
                    parts.push(plural(c.checks.len(), "check"));
                }
                let tail = if warnings > 0 { format!(" ({})", plural(warnings, "warning")) } else { String::new() };
                out(&format!("ok  {}: {}{tail}", path.display(), parts.join(", ")));
            }
            _ => {
                clean = false;
                out(&format!(
                    "failed  {}: {}, {}",
                    path.display(),
                    plural(errors, "error"),
                    plural(warnings, "warning")
                ));
            }
        }
    }
    Ok(clean)
}
