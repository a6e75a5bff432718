//! `rubric fmt`: lay rubric files out canonically.

use std::path::PathBuf;

use rubric::files::read_source;
use rubric::format::format_source;
use rubric::limits::Limits;

use super::output::{err, out, print_diagnostics, report_read_error};

/// Formats (or with `check`, only inspects) every file. `Ok(true)` when all are
/// formatted (or, with `check`, already were).
pub fn run(paths: &[PathBuf], check: bool) -> Result<bool, ()> {
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
        let formatted = match format_source(&file.text, &Limits::default()) {
            Ok(text) => text,
            Err(diagnostics) => {
                print_diagnostics(&diagnostics, &file);
                err(&format!("{} does not parse; it was left as it is", path.display()));
                clean = false;
                continue;
            }
        };
        if formatted == *file.text {
            if !check {
                out(&format!("unchanged  {}", path.display()));
            }
            continue;
        }
        if check {
            out(&format!("would reformat  {}", path.display()));
            clean = false;
        } else if let Err(e) = std::fs::write(path, formatted) {
            err(&format!("cannot write {}: {e}", path.display()));
            clean = false;
        } else {
            out(&format!("formatted  {}", path.display()));
        }
    }
    Ok(clean)
}
