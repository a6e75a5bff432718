//! Printing diagnostics (miette) and choosing colours.

use std::io::IsTerminal;

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::diagnostic::{Diagnostic, Located, SourceFile};

/// True when colour is wanted on a stream that is a terminal.
pub fn color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints diagnostics of one file to stderr.
pub fn print_diagnostics(diagnostics: &[Diagnostic], file: &SourceFile) {
    let theme = if color(std::io::stderr().is_terminal()) {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme);
    for diagnostic in diagnostics {
        let located = Located::new(diagnostic.clone(), file);
        let mut out = String::new();
        if handler.render_report(&mut out, &located).is_err() {
            out = format!("{}: {}", diagnostic.code_text(), diagnostic.message);
        }
        eprintln!("{out}");
    }
}

/// Prints why a file could not be read.
pub fn report_read_error(error: &rubric::files::ReadError) {
    match &error.lossy {
        Some(file) => print_diagnostics(std::slice::from_ref(&error.diagnostic), file),
        None => eprintln!("error[{}]: {}", error.diagnostic.code_text(), error.diagnostic.message),
    }
}
