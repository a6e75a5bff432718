//! Shared helpers for the integration tests.
#![allow(dead_code)]

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::base::diagnostic::{Diagnostic, Located, Origin, SourceFile};

/// Renders diagnostics the way the CLI does, without colour, at a fixed width.
pub fn render(diagnostics: &[Diagnostic], rubric: &SourceFile, data: Option<&SourceFile>) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100).with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let file = match (diagnostic.origin, data) {
            (Origin::Data, Some(data)) => data,
            _ => rubric,
        };
        let located = Located::new(diagnostic.clone(), file);
        let mut text = String::new();
        if handler.render_report(&mut text, &located).is_err() {
            text = format!("{}: {}", diagnostic.code_text(), diagnostic.message);
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// Checks a rubric text with the default limits.
pub fn check(text: &str) -> (Option<rubric::check::model::Checked>, Vec<Diagnostic>) {
    rubric::check::check_source(text, &rubric::base::limits::Limits::default())
}

/// A sheet column's letters from its number, from 1: `1` → `A`, `27` → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The diagnostics without the warning that a data file names no unit: the
/// cases of these tests are snippets with no `[unit]`.
pub fn without_no_name(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.retain(|d| d.code != rubric::base::diagnostic::Code::NoName);
    diagnostics
}
