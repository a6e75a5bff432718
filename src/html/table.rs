//! The parts of an HTML table that every section of the report writes: a
//! heading, the table's head row and its end.

use std::fmt::Write;

use super::escape;

/// A third-level heading.
pub(super) fn h3(out: &mut String, text: &str) {
    let _ = writeln!(out, "<h3>{}</h3>", escape(text));
}

/// A table head row from the headings; a heading starting with `#` is a number column.
pub(super) fn head(out: &mut String, class: &str, headings: &[String]) {
    let _ = write!(out, "<div class=\"scroll\">\n<table class=\"{class}\">\n<thead><tr>");
    for h in headings {
        match h.strip_prefix('#') {
            Some(h) => {
                let _ = write!(out, "<th class=\"num\">{}</th>", escape(h));
            }
            None => {
                let _ = write!(out, "<th>{}</th>", escape(h));
            }
        }
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
}

/// Closes a table opened by [`head`].
pub(super) fn foot(out: &mut String) {
    let _ = writeln!(out, "</tbody>\n</table>\n</div>");
}

