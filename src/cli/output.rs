//! Printing diagnostics (miette) and choosing colours.

use std::io::{IsTerminal, Write};

use crate::base::diagnostic::{Diagnostic, Located, SourceFile};
use miette::{GraphicalReportHandler, GraphicalTheme};

/// True when colour is wanted on a stream that is a terminal.
pub fn color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints diagnostics of one file to stderr.
pub fn print_diagnostics(diagnostics: &[Diagnostic], file: &SourceFile) {
    print_with(diagnostics, file, true);
}

/// [`print_diagnostics`]; `lines` false for a spreadsheet cell (its name is
/// the cell; a line and column in it would mean nothing).
fn print_with(diagnostics: &[Diagnostic], file: &SourceFile, lines: bool) {
    let theme = if color(std::io::stderr().is_terminal()) {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme);
    let handler = if lines { handler } else { handler.without_primary_span_start() };
    for diagnostic in diagnostics {
        let located = Located::new(diagnostic.clone(), file);
        let mut out = String::new();
        if handler.render_report(&mut out, &located).is_err() {
            out = format!("{}: {}", diagnostic.code_text(), diagnostic.message);
        }
        err(&crate::base::diagnostic::help_label(out));
    }
}

/// Prints a unit's diagnostics where they are: a data file's lines, or a
/// spreadsheet row's cells (the cell, its column's heading, the value as typed).
pub fn print_located(diagnostics: &[Diagnostic], at: crate::batch::locate::Where<'_>) {
    for diagnostic in diagnostics {
        match crate::batch::locate::locate(diagnostic, at) {
            (_, Some((here, file))) => {
                let lines = matches!(at, crate::batch::locate::Where::File(_));
                print_with(std::slice::from_ref(&here), &file, lines);
            }
            (location, None) => {
                let (code, message) = (diagnostic.code_text(), &diagnostic.message);
                let mut text =
                    crate::tr!("error[{code}]: {location}: {message}", "错误[{code}]：{location}：{message}");
                if !diagnostic.is_error() {
                    text = crate::tr!("warning[{code}]: {location}: {message}", "警告[{code}]：{location}：{message}");
                }
                if let Some(help) = &diagnostic.help {
                    text.push_str(&crate::tr!("\n  help: {help}", "\n  提示：{help}"));
                }
                err(&text);
            }
        }
    }
}

/// Prints why a file could not be read.
pub fn report_read_error(error: &crate::data::files::ReadError) {
    match &error.lossy {
        Some(file) => print_diagnostics(std::slice::from_ref(&error.diagnostic), file),
        None => {
            let (code, message) = (error.diagnostic.code_text(), &error.diagnostic.message);
            err(&crate::tr!("error[{code}]: {message}", "错误[{code}]：{message}"))
        }
    }
}

/// Reads a source file; `None`, with the reason printed, when it cannot be read.
pub fn read_or_report(path: &std::path::Path) -> Option<crate::base::diagnostic::SourceFile> {
    crate::data::files::read_source(path).map_err(|error| report_read_error(&error)).ok()
}

/// Writes a line to stdout; a closed pipe (`rubric eval … | head`) is not an error.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// Writes a line to stderr, ignoring a closed pipe.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}
