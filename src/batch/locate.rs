//! Where a unit's diagnostic is, named as its reader would — `劳动镇.toml:12:3`
//! for a data file, the cell `units.xlsx · 填报!E3` for a spreadsheet row — and
//! the diagnostic rendered there: a data file's line, or the cell's column
//! heading and the value as typed.

use crate::base::diagnostic::{Diagnostic, Located, SourceFile};
use crate::data::sheet::SheetUnit;

use super::row::Problem;

/// What a unit's diagnostics point into.
#[derive(Debug, Clone, Copy)]
pub enum Where<'a> {
    /// A data file (or the rubric).
    File(&'a SourceFile),
    /// A spreadsheet row; `place` is the sheet part of its cells' names
    /// (`dir/units.xlsx · 填报`, or `dir/units.csv`).
    Row {
        /// The row.
        unit: &'a SheetUnit,
        /// The sheet part of its cells' names.
        place: &'a str,
    },
}

/// A diagnostic as the command line shows it, without colour (with the
/// command line's renderer; the library alone uses miette's plain narration).
pub fn render(diagnostic: &Diagnostic, file: &SourceFile) -> String {
    render_as(diagnostic, file, true)
}

/// [`render`]; `lines` false for a spreadsheet cell, whose text has no lines
/// and columns worth naming (the file's name is the cell).
fn render_as(diagnostic: &Diagnostic, file: &SourceFile, lines: bool) -> String {
    let located = Located::new(diagnostic.clone(), file);
    let mut out = String::new();
    #[cfg(feature = "cli")]
    let rendered = {
        let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
        let handler = if lines { handler } else { handler.without_primary_span_start() };
        handler.render_report(&mut out, &located)
    };
    #[cfg(not(feature = "cli"))]
    let rendered = {
        let _ = lines;
        miette::NarratableReportHandler::new().render_report(&mut out, &located)
    };
    if rendered.is_err() || out.trim().is_empty() {
        out = format!("{}: {}", diagnostic.code_text(), diagnostic.message);
    }
    crate::base::diagnostic::help_label(out.trim_end().to_string())
}

/// Where `diagnostic` is, and the diagnostic and file to render it with:
/// for a row's cell, a file of that cell alone (named by the cell, its text
/// the column's heading and the value as typed); `None` for a diagnostic
/// about the row as a whole.
pub fn locate(diagnostic: &Diagnostic, at: Where<'_>) -> (String, Option<(Diagnostic, SourceFile)>) {
    match at {
        Where::File(file) => {
            let (line, column) = file.line_col(diagnostic.span.start);
            (format!("{}:{line}:{column}", file.name), Some((diagnostic.clone(), file.clone())))
        }
        Where::Row { unit, place } => match unit.locate(&diagnostic.span) {
            Some(cell) => {
                let location = format!("{place}!{}", cell.cell);
                let mut here = diagnostic.clone();
                here.span = cell.span.clone();
                // Other places in the same cell keep their labels; other cells are named in theirs.
                here.related = diagnostic
                    .related
                    .iter()
                    .filter_map(|(span, label)| match unit.locate(span) {
                        Some(other) if other.cell == cell.cell => Some((other.span, label.clone())),
                        Some(other) => Some((cell.span.clone(), format!("{label} ({})", other.cell))),
                        None => None,
                    })
                    .collect();
                (location.clone(), Some((here, SourceFile::new(location, cell.text))))
            }
            None => (unit.label.clone(), None),
        },
    }
}

/// A diagnostic about the place `location` as a whole, without a caret.
fn plain(diagnostic: &Diagnostic, location: &str) -> String {
    let (code, message) = (diagnostic.code_text(), &diagnostic.message);
    let mut out = crate::tr!("{code}: {location}: {message}", "{code}：{location}：{message}");
    if let Some(help) = &diagnostic.help {
        out.push_str(&crate::tr!("\n  help: {help}", "\n  提示：{help}"));
    }
    out
}

/// Where `diagnostic` is, and the diagnostic rendered there, without colour.
pub fn rendered(diagnostic: &Diagnostic, at: Where<'_>) -> (String, String) {
    let (location, there) = locate(diagnostic, at);
    let text = match &there {
        Some((here, file)) => render_as(here, file, matches!(at, Where::File(_))),
        None => plain(diagnostic, &location),
    };
    (location, text)
}

/// A diagnostic, located and rendered.
pub(crate) fn problem(diagnostic: &Diagnostic, at: Where<'_>) -> Problem {
    let (location, text) = rendered(diagnostic, at);
    Problem {
        location,
        code: diagnostic.code_text().to_string(),
        error: diagnostic.is_error(),
        message: diagnostic.message.clone(),
        text,
    }
}
