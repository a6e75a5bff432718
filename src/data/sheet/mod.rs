//! Spreadsheets: units' data in Excel/WPS (`.xlsx`) or CSV, one unit per row,
//! and the `.xlsx` template a bureau sends out.
//!
//! # The layout
//!
//! - **Row 1** holds the column names. They are the keys of a data file (§8 of
//!   `docs/language.md`):
//!   - `name`, `code`, `year`, `project`: the `[unit]` table (also `unit.name` …);
//!   - an input's standard name (`在职人员数`): `[inputs]` (also `inputs.在职人员数`,
//!     needed only for an input called like a unit field or a prefix);
//!   - `judged.<item id>`: `[judged]`;
//!   - `not_applicable.<item id>`: `[not_applicable]`, the reason as text;
//!   - `reported.total`, `reported.grade`, `reported.items.<item id>`,
//!     `reported.sections.<section id>`: `[reported]`.
//!
//!   Any other name is taken as an input, so a misspelt one is reported by the
//!   binder with the closest input name. Two columns with the same name make the
//!   file unreadable (an `Err`); a value under a column without a name makes its
//!   row unreadable ([`Bad::Row`]), and the rows after it are read on.
//! - **Row 2** may be the description row the template writes (type, unit, range
//!   and description of each column). It is recognised by its first cell (A2)
//!   starting with [`DESCRIPTION_MARKER`] (`【说明】`) or with `说明`, and skipped.
//! - **Every following row** that has a value is one unit. A row with no value at
//!   all is skipped. An empty cell means "not given", like `""` in a data file.
//!
//! # Reading exactly
//!
//! Numbers are read as written, never through binary floating point: for `.xlsx`
//! the raw text of the cell's `<v>` element; for CSV the cell's text. `0.1` stays
//! one tenth. One correction is made, for `.xlsx` numbers only: Excel keeps 15
//! significant digits of what a person types, so a stored number with more than
//! 15 significant digits (`0.30000000000000004`, the result of a formula) is float
//! noise when its rounding to 15 significant digits — done on the decimal text,
//! half away from zero, as Excel displays it — leaves at most 14 significant
//! digits: that rounding (`0.3`) is what the cell shows and is what is read.
//! Otherwise the text is kept as it is (see [`read`] for the details).
//!
//! Text such as `"290820元"` or `"95%"` stays text; the binder understands it.
//! Only in a score column (`judged.*`, `reported.*` but the grade) is a number
//! stored as text read as a number, because a score must be one.
//! Booleans (`TRUE` cells, or `true`/`false` in CSV) are yes/no.
//!
//! # From rows to data
//!
//! Each row becomes a data tree directly ([`SheetUnit::data`]), which the
//! binder reads like a data file's: nothing is written out as text and parsed
//! again. Every value keeps its cell ([`SheetUnit::places`]), and
//! [`SheetUnit::locate`] turns a message's place into the cell (`填报!E3`), the
//! column's heading and the value as typed. A bad cell does not stop its row:
//! the binder reports the bad value.

pub(crate) mod cells;
pub(crate) mod columns;
pub mod csv;
pub(crate) mod layout;
pub(crate) mod number;
pub mod read;
mod xlsx;

use std::fmt;

pub(crate) use columns::input_key;
#[cfg(feature = "internals")]
pub use columns::{columns, Column, ColumnKind};
pub use read::{open, read_units, PendingRow, SheetRows};

/// The text that starts cell A2 of the template's description row.
pub const DESCRIPTION_MARKER: &str = "【说明】";

/// The name of the template's data sheet (read first when a workbook has it).
pub const DATA_SHEET: &str = "填报";

/// The name of the template's sheet that explains every item.
pub const HELP_SHEET: &str = "说明";

/// One unit read from a spreadsheet row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetUnit {
    /// Where the row is, for messages and as the unit's fallback name:
    /// `units.xlsx · 填报 · row 5 (乐至县劳动镇人民政府)` (`第5行` in Chinese).
    pub label: String,
    /// The row's number.
    pub row: u32,
    /// The row's values as a data tree; each key's and value's span indexes `typed`.
    pub data: crate::data::Node,
    /// The row's cells as typed, a line each after an empty first line:
    /// `在职人员数 = 58` (the column's heading, then the value).
    pub typed: String,
    /// Each line of `typed`, in order, with its cell.
    pub places: Vec<Place>,
}

/// Where a line of a row's typed text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The line in [`SheetUnit::typed`] (without its line break).
    pub line: crate::data::Span,
    /// The column's letters (`E`).
    pub column: String,
    /// The column's heading in row 1.
    pub heading: String,
}

/// A place in a row named as a spreadsheet user would: the cell and the line
/// that shows its heading and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellAt {
    /// `E3`.
    pub cell: String,
    /// The column's heading in row 1.
    pub heading: String,
    /// `在职人员数 = many`: the heading, then the value as typed.
    pub text: String,
    /// The place within `text`.
    pub span: crate::data::Span,
}

impl SheetUnit {
    /// The cell a span of [`Self::typed`] falls in; `None` for a place that
    /// is about the row as a whole (an input it does not give).
    pub fn locate(&self, span: &crate::data::Span) -> Option<CellAt> {
        let after = self.places.partition_point(|p| p.line.start <= span.start);
        let place = self.places.get(after.checked_sub(1)?)?;
        if span.start > place.line.end {
            return None;
        }
        let text = self.typed.get(place.line.clone())?.to_string();
        let start = span.start - place.line.start;
        let end = span.end.min(place.line.end).max(span.start) - place.line.start;
        Some(CellAt { cell: format!("{}{}", place.column, self.row), heading: place.heading.clone(), text, span: start..end })
    }
}

/// Why a spreadsheet could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, as a sentence.
    pub message: String,
    /// Where: the file (`units.xlsx`) or a cell (`填报!C5`).
    pub location: String,
}

/// Why a row, or the rest of a spreadsheet, gave no unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bad {
    /// One row cannot be read as a unit; the rows after it are read on.
    Row {
        /// The row, as a unit's label: `units.xlsx · 填报 · row 5 (乐至县劳动镇人民政府)`.
        label: String,
        /// What is wrong, and in which cell.
        problems: Vec<Problem>,
    },
    /// The file cannot be read on from here (damaged, not UTF-8): no row follows.
    File(Vec<Problem>),
}

impl Problem {
    fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { message: message.into(), location: location.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Problem {}
