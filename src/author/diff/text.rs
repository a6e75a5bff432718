//! Parts of a rubric written back as text, for comparing and showing: an item's rule,
//! an input's declaration, grade bands; and a line diff of two texts.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::lower::ast::{InputType, Policy, Rounding};
use crate::check::symbolic;
use crate::base::exact::RoundMode;
use crate::check::model::{Checked, Grade, Input, Rule, Value};
use crate::eval::report::show;

/// Item `index` of `rubric` as the lines of its rule, in its symbolic form: 缺省项
/// clauses, `let`s, the rule (`score …`, `checklist` and its entries, `judged`),
/// disqualification clauses, and a rounding of its own when it differs from the rubric's.
pub fn rule_text(rubric: &Checked, index: usize) -> Vec<String> {
    let Some(item) = rubric.items.get(index) else { return Vec::new() };
    let expr = |e| symbolic(e, &rubric.inputs, &item.lets);
    let mut lines = Vec::new();
    for clause in &item.not_applicable {
        lines.push(format!("not-applicable if {}: \"{}\"", expr(&clause.condition), clause.reason));
    }
    // Every item with a `not-applicable if` may be claimed as well: say so only when it is all there is.
    if item.claimable && item.not_applicable.is_empty() {
        lines.push("not-applicable claimed".to_string());
    }
    for local in &item.lets {
        lines.push(format!("let {} = {}", local.name, expr(&local.value)));
    }
    match &item.rule {
        Rule::Formula(e) => lines.push(format!("score {}", expr(e))),
        Rule::Checklist(entries) => {
            lines.push("checklist".to_string());
            for entry in entries {
                let label = entry.label.as_ref().map(|l| format!(" \"{l}\"")).unwrap_or_default();
                lines.push(format!("  {} if {}{label}", show(entry.points), expr(&entry.condition)));
            }
        }
        Rule::Judged(Some(guidance)) => lines.push(format!("judged \"{guidance}\"")),
        Rule::Judged(None) => lines.push("judged".to_string()),
    }
    for clause in &item.disqualify {
        lines.push(format!("disqualify if {}: \"{}\"", expr(&clause.condition), clause.reason));
    }
    if item.rounding != rubric.rounding {
        lines.push(format!("rounding {}", rounding_text(item.rounding)));
    }
    lines
}

/// `2 half-up`.
pub(super) fn rounding_text(rounding: Rounding) -> String {
    let mode = match rounding.mode {
        RoundMode::HalfUp => "half-up",
        RoundMode::HalfEven => "half-even",
        RoundMode::Down => "down",
        RoundMode::Up => "up",
    };
    format!("{} {mode}", rounding.places)
}

/// `full-marks`, `zero`, `rescale`.
pub(super) fn policy_text(policy: Policy) -> String {
    match policy {
        Policy::FullMarks => "full-marks",
        Policy::Zero => "zero",
        Policy::Rescale => "rescale",
    }
    .to_string()
}

/// `优 ≥ 95`, `良 > 80`, `中 60..80`, `差`.
pub(super) fn band_text(grade: &Grade) -> String {
    match (grade.low, grade.high) {
        (Some((low, _)), Some(high)) => format!("{} {}..{}", grade.name, show(low), show(high)),
        (Some((low, true)), None) => format!("{} ≥ {}", grade.name, show(low)),
        (Some((low, false)), None) => format!("{} > {}", grade.name, show(low)),
        (None, Some(high)) => format!("{} < {}", grade.name, show(high)),
        (None, None) => grade.name.clone(),
    }
}

/// Every band, best first: `优 ≥ 95, 良 ≥ 80, 中 ≥ 60, 差`.
pub(super) fn grades_text(grades: &[Grade]) -> String {
    if grades.is_empty() {
        return "no grades".to_string();
    }
    grades.iter().map(band_text).collect::<Vec<_>>().join(", ")
}

/// An input's declaration without its name and description: `amount 万元 default 0 range 0..`.
pub(super) fn input_text(input: &Input) -> String {
    let (ty, type_min, type_max) = match input.ty {
        InputType::Count => ("count".to_string(), Some(Decimal::ZERO), None),
        InputType::Amount(unit) => (format!("amount {}", unit.as_str()), None, None),
        InputType::Rate => ("rate".to_string(), Some(Decimal::ZERO), Some(Decimal::ONE)),
        InputType::Bool => ("yes/no".to_string(), None, None),
        InputType::Text => ("text".to_string(), None, None),
        InputType::Number => ("number".to_string(), None, None),
    };
    let mut text = ty;
    match &input.default {
        Some(Value::Number(n)) => text.push_str(&format!(" default {n}")),
        Some(Value::Bool(b)) => text.push_str(if *b { " default yes" } else { " default no" }),
        Some(Value::Text(t)) => text.push_str(&format!(" default \"{t}\"")),
        None if input.optional => text.push_str(" optional"),
        None => {}
    }
    if (input.min, input.max) != (type_min, type_max) {
        let end = |d: Option<Decimal>| d.map(show).unwrap_or_default();
        text.push_str(&format!(" range {}..{}", end(input.min), end(input.max)));
    }
    text
}

/// One line of a line diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub enum Line {
    /// In both.
    Same(String),
    /// Only in the old text.
    Removed(String),
    /// Only in the new text.
    Added(String),
}

impl Line {
    /// The line as shown: `  kept`, `- old`, `+ new`.
    pub fn marked(&self) -> String {
        match self {
            Line::Same(t) => format!("  {t}"),
            Line::Removed(t) => format!("- {t}"),
            Line::Added(t) => format!("+ {t}"),
        }
    }
}

/// The lines of `old` and `new` as kept, removed and added (a longest common
/// subsequence; a changed line shows as removed, then added).
pub fn line_diff(old: &[String], new: &[String]) -> Vec<Line> {
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if old.get(i) == new.get(j) {
                lcs.get(i + 1).and_then(|r| r.get(j + 1)).map_or(0, |v| v + 1)
            } else {
                let down = lcs.get(i + 1).and_then(|r| r.get(j)).copied().unwrap_or(0);
                let right = lcs.get(i).and_then(|r| r.get(j + 1)).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = lcs.get_mut(i).and_then(|r| r.get_mut(j)) {
                *cell = value;
            }
        }
    }
    let at = |i: usize, j: usize| lcs.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
    let (mut i, mut j, mut lines) = (0, 0, Vec::new());
    while i < n || j < m {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                lines.push(Line::Same(a.clone()));
                i += 1;
                j += 1;
            }
            (Some(a), Some(_)) if at(i + 1, j) >= at(i, j + 1) => {
                lines.push(Line::Removed(a.clone()));
                i += 1;
            }
            (_, Some(b)) => {
                lines.push(Line::Added(b.clone()));
                j += 1;
            }
            (Some(a), None) => {
                lines.push(Line::Removed(a.clone()));
                i += 1;
            }
            (None, None) => break,
        }
    }
    lines
}
