//! One unit's line of a batch summary ([`UnitRow`]) and its located problems.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A diagnostic of one unit, located and rendered to plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where: `units.xlsx · 填报!C5`, `data/劳动镇.toml:12:3`, or the file.
    pub location: String,
    /// The diagnostic code (`data::wrong-type`).
    pub code: String,
    /// True for an error, false for a warning.
    pub error: bool,
    /// The message, one sentence.
    pub message: String,
    /// The whole diagnostic as the command line shows it, without colour.
    pub text: String,
}

/// One unit's line of the summary: what the ranking, the statistics and the
/// tables need, and the unit's located problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    /// The unit's number in input order, from 1.
    pub index: usize,
    /// The unit's name: its project, else its name, else the file or row.
    pub label: String,
    /// Where the unit came from: the data file, or `units.xlsx · 填报 · 第5行 (…)`.
    pub source: String,
    /// False when nothing could be scored (an unreadable file or sheet).
    pub scored: bool,
    /// The total; `None` when an item could not be scored.
    pub total: Option<Decimal>,
    /// The rubric's maximum.
    pub max: Option<Decimal>,
    /// The grade.
    pub grade: Option<String>,
    /// The unit's own total.
    pub reported_total: Option<Decimal>,
    /// True when a disqualification rule fired.
    pub disqualified: bool,
    /// Why, when disqualified.
    pub disqualification: Option<String>,
    /// Every section's score, in the order of [`Summary::sections`].
    pub sections: Vec<Option<Decimal>>,
    /// Every indicator's value as shown, in the order of [`Summary::indicators`].
    pub indicators: Vec<Option<String>>,
    /// How many 缺省项 the unit has.
    pub not_applicable: usize,
    /// How many audit findings.
    pub findings: usize,
    /// How many error diagnostics (data, evaluation, reading).
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// The located diagnostics: all errors, and warnings up to [`MAX_WARNINGS`].
    pub problems: Vec<Problem>,
}

/// Warnings kept per unit with their text (all are counted).
pub const MAX_WARNINGS: usize = 10;

impl UnitRow {
    /// A row for input that could not be scored.
    pub fn failed(index: usize, label: String, source: String, problems: Vec<Problem>) -> Self {
        UnitRow {
            index,
            label,
            source,
            scored: false,
            total: None,
            max: None,
            grade: None,
            reported_total: None,
            disqualified: false,
            disqualification: None,
            sections: Vec::new(),
            indicators: Vec::new(),
            not_applicable: 0,
            findings: 0,
            errors: problems.iter().filter(|p| p.error).count().max(1),
            warnings: problems.iter().filter(|p| !p.error).count(),
            problems,
        }
    }

    /// True when the unit was scored without errors and without audit findings
    /// (what makes `rubric eval` exit 0).
    pub fn clean(&self) -> bool {
        self.scored && self.errors == 0 && self.findings == 0
    }
}

