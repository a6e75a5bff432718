//! `rubric check`: validate rubric files.

use std::path::PathBuf;

use rubric::diagnostic::{has_errors, Severity};
use rubric::files::read_source;
use rubric::limits::Limits;

use super::output::{print_diagnostics, report_read_error};

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
            Some(c) if !has_errors(&diagnostics) => println!(
                "ok  {}: {} items in {} sections, {} inputs{}",
                path.display(),
                c.items.len(),
                c.sections.len(),
                c.inputs.len(),
                if warnings > 0 {
                    format!(" ({warnings} warning{})", if warnings == 1 { "" } else { "s" })
                } else {
                    String::new()
                }
            ),
            _ => {
                clean = false;
                println!(
                    "failed  {}: {errors} error{}, {warnings} warning{}",
                    path.display(),
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(clean)
}
