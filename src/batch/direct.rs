//! A spreadsheet row bound straight to what the compiled scorer reads, with no
//! data tree and no text: the common case of a row whose every cell is a
//! plain value of the right kind for its column.
//!
//! It takes only what the binder ([`crate::data::bind`]) accepts without a
//! word, and reads it the same way (numbers by [`crate::data::parse_number`],
//! ranges and whole counts as the binder checks them, defaults filled in). A
//! row with anything the binder would say something about — text where a
//! number goes, a value out of range, an unknown column, a judged score for an
//! item that is not judged — is left to the full path (`None`), which binds
//! its tree and locates every problem. So the two paths never differ; a test
//! holds them to that.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::base::exact::Exact;
use crate::check::model::{Checked, Rule, Value};
use crate::data::bind::{empty, Given, UnitData};
use crate::data::parse_number;
use crate::data::sheet::cells::Typed;
use crate::data::sheet::columns::Target;
use crate::data::sheet::layout::{unit_text, Layout};
use crate::data::sheet::number::DecimalText;
use crate::data::sheet::PendingRow;
use crate::eval::compile::Slot;
use crate::lower::ast::InputType;

/// Where a column's values go, resolved against the rubric once per sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Input(usize),
    Judged(usize),
    Claim(usize),
    ReportedItem(usize),
    ReportedSection(usize),
    ReportedTotal,
    ReportedGrade,
    Name,
    Code,
    Year,
    Project,
    /// Something the binder has a word about (an unknown input, item, section
    /// or field): a row with a value here takes the full path.
    Refused,
}

/// A sheet's columns resolved against a rubric.
pub(crate) struct Plan {
    layout: Arc<Layout>,
    /// By column number, in order.
    columns: Vec<(u32, Bound)>,
}

/// A row bound directly: its data and the compiled scorer's input slots.
#[derive(Debug)]
pub(crate) struct Direct {
    /// The unit's data, as the binder would have it (values have no place).
    pub data: UnitData,
    /// The inputs as the compiled scorer reads them.
    pub slots: Vec<Slot>,
}

impl Plan {
    /// The columns of `layout` resolved against `rubric`.
    pub(crate) fn new(layout: &Arc<Layout>, rubric: &Checked) -> Plan {
        let item = |id: &str| rubric.items.iter().position(|i| i.id == id);
        let columns = layout
            .targets()
            .map(|(column, target)| {
                let bound = match target {
                    Target::Unit(field) => match field.as_str() {
                        "name" => Some(Bound::Name),
                        "code" => Some(Bound::Code),
                        "year" => Some(Bound::Year),
                        "project" => Some(Bound::Project),
                        _ => None,
                    },
                    Target::Input(name) => rubric.inputs.iter().position(|i| &i.name == name).map(Bound::Input),
                    Target::Judged(id) => item(id)
                        .filter(|i| rubric.items.get(*i).is_some_and(|i| matches!(i.rule, Rule::Judged(_))))
                        .map(Bound::Judged),
                    Target::NotApplicable(id) => {
                        item(id).filter(|i| rubric.items.get(*i).is_some_and(|i| i.claimable)).map(Bound::Claim)
                    }
                    Target::ReportedItem(id) => item(id).map(Bound::ReportedItem),
                    Target::ReportedSection(id) => {
                        rubric.sections.iter().position(|s| &s.id == id).map(Bound::ReportedSection)
                    }
                    Target::Reported(field) => match field.as_str() {
                        "total" => Some(Bound::ReportedTotal),
                        "grade" => Some(Bound::ReportedGrade),
                        _ => None,
                    },
                };
                (column, bound.unwrap_or(Bound::Refused))
            })
            .collect();
        Plan { layout: layout.clone(), columns }
    }

    /// True when `row` is of the sheet this plan was made for.
    pub(crate) fn fits(&self, row: &PendingRow) -> bool {
        Arc::ptr_eq(&self.layout, row.layout())
    }

    /// `row` bound directly, or `None` when it must take the full path.
    pub(crate) fn bind(&self, row: &PendingRow, rubric: &Checked) -> Option<Direct> {
        let mut data = empty(rubric);
        data.parsed = true;
        let mut slots = vec![Slot::Absent; rubric.inputs.len()];
        let from_xlsx = self.layout.is_xlsx();
        let mut columns = self.columns.iter();
        for (&column, cell) in row.cells() {
            let typed = cell.view();
            // Both in column order: the plan has every named column, the row only those with a value.
            let &(_, bound) = columns.find(|(c, _)| *c == column)?;
            match bound {
                Bound::Input(slot) => {
                    let input = rubric.inputs.get(slot)?;
                    let (value, filled) = input_value(input, typed)?;
                    *data.inputs.get_mut(slot)? = Some(Given { value, span: None });
                    *slots.get_mut(slot)? = filled;
                }
                Bound::Judged(item) => {
                    let weight = rubric.items.get(item)?.weight;
                    *data.judged.get_mut(item)? = Some((score(typed, Some(weight))?, 0..0));
                }
                Bound::Claim(item) => match typed {
                    Typed::Text(reason) if !reason.trim().is_empty() => {
                        *data.claims.get_mut(item)? = Some((reason.to_string(), 0..0));
                    }
                    _ => return None,
                },
                Bound::ReportedItem(item) => {
                    let weight = rubric.items.get(item)?.weight;
                    *data.reported.items.get_mut(item)? = Some((score(typed, Some(weight))?, 0..0));
                }
                Bound::ReportedSection(section) => {
                    let weight = rubric.sections.get(section)?.weight;
                    *data.reported.sections.get_mut(section)? = Some((score(typed, Some(weight))?, 0..0));
                }
                Bound::ReportedTotal => data.reported.total = Some((score(typed, None)?, 0..0)),
                Bound::ReportedGrade => match typed {
                    Typed::Text(grade) => data.reported.grade = Some((grade.to_string(), 0..0)),
                    _ => return None,
                },
                Bound::Name | Bound::Code | Bound::Year | Bound::Project => {
                    let text = unit_text(cell, from_xlsx);
                    if text.trim().is_empty() {
                        continue;
                    }
                    let field = match bound {
                        Bound::Name => &mut data.unit.name,
                        Bound::Code => &mut data.unit.code,
                        Bound::Year => &mut data.unit.year,
                        _ => &mut data.unit.project,
                    };
                    *field = Some(text);
                }
                Bound::Refused => return None,
            }
        }
        // What the binder would warn about who and when is for the full path to say.
        if crate::data::bind::who_and_when_of(rubric, &data.unit) != (false, None) {
            return None;
        }
        // Defaults, as the binder fills them in.
        for (slot, input) in rubric.inputs.iter().enumerate() {
            if let (Some(given @ None), Some(default)) = (data.inputs.get_mut(slot), &input.default) {
                *slots.get_mut(slot)? = match default {
                    Value::Number(n) => Slot::Number(n.to_decimal()?),
                    Value::Bool(b) => Slot::Bool(*b),
                    Value::Text(_) => return None,
                };
                *given = Some(Given { value: default.clone(), span: None });
            }
        }
        Some(Direct { data, slots })
    }
}

/// A plain decimal number as the cell holds it (the text the layout would
/// give the binder), or `None`.
fn plain(cell: Typed<'_>) -> Option<Decimal> {
    match cell {
        Typed::Number(raw) if DecimalText::is_plain(raw) => parse_number(raw).ok(),
        _ => None,
    }
}

/// A score: a plain number, within [0, `weight`] where there is a weight.
fn score(cell: Typed<'_>, weight: Option<Decimal>) -> Option<Decimal> {
    let value = plain(cell)?;
    match weight {
        Some(weight) if value < Decimal::ZERO || value > weight => None,
        _ => Some(value),
    }
}

/// An input's value and slot, when the binder would take the cell silently.
fn input_value(input: &crate::check::model::Input, cell: Typed<'_>) -> Option<(Value, Slot)> {
    match (input.ty, cell) {
        (InputType::Bool, Typed::Bool(b)) => Some((Value::Bool(b), Slot::Bool(b))),
        (InputType::Count | InputType::Amount(_) | InputType::Rate | InputType::Number, _) => {
            let number = plain(cell)?;
            if input.ty == InputType::Count && !number.fract().is_zero() {
                return None;
            }
            if input.min.is_some_and(|min| number < min) || input.max.is_some_and(|max| number > max) {
                return None;
            }
            Some((Value::Number(Exact::from_decimal(number)), Slot::Number(number)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::path::Path;

    use super::{Direct, Plan};
    use crate::base::limits::Limits;
    use crate::check::model::Checked;
    use crate::data::bind::{load_tree, UnitData};

    fn rubric(name: &str) -> Checked {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics").join(name);
        let text = std::fs::read_to_string(path).expect("the rubric");
        crate::check::check_source(&text, &Limits::default()).0.expect("it checks")
    }

    /// The data without the places of its values (a row bound directly has none).
    fn placeless(mut data: UnitData) -> UnitData {
        data.inputs.iter_mut().flatten().for_each(|g| g.span = None);
        data.judged.iter_mut().flatten().for_each(|j| j.1 = 0..0);
        data.claims.iter_mut().flatten().for_each(|c| c.1 = 0..0);
        data.reported.items.iter_mut().flatten().for_each(|r| r.1 = 0..0);
        data.reported.sections.iter_mut().flatten().for_each(|r| r.1 = 0..0);
        data.reported.total.iter_mut().for_each(|r| r.1 = 0..0);
        data.reported.grade.iter_mut().for_each(|r| r.1 = 0..0);
        data.inputs_span = None;
        data
    }

    /// Every row the direct path takes is bound exactly as the binder binds
    /// its tree, without a diagnostic; the rows it leaves are those the binder
    /// has something to say about.
    #[test]
    fn a_row_bound_directly_is_the_row_the_binder_binds() {
        for name in ["lezhi-2023-department-overall.rubric", "lezhi-2022-performance-management.rubric"] {
            let checked = rubric(name);
            let mut rows = crate::author::generate::table(&checked, 60, 3);
            let header = rows.first().cloned().unwrap_or_default();
            let at = |key: &str| header.iter().position(|h| h == key);
            let first_input = checked.inputs.first().map(|i| i.name.clone()).unwrap_or_default();
            for (i, row) in rows.iter_mut().enumerate().skip(1) {
                match i % 6 {
                    // Text where a number goes, a number with a unit, a yes/no in words.
                    1 => row[at(&first_input).unwrap_or(1)] = "many".into(),
                    2 => row[at(&first_input).unwrap_or(1)] = "12万".into(),
                    3 => row.iter_mut().filter(|c| c.as_str() == "TRUE").take(1).for_each(|c| *c = "是".into()),
                    _ => {}
                }
            }
            let csv = crate::data::sheet::csv::write(&rows);
            let mut sheet = crate::data::sheet::open(Path::new("u.csv"), Cursor::new(csv.into_bytes())).expect("opens");
            let (mut direct, mut full) = (0, 0);
            while let Some(Ok(row)) = sheet.next_pending() {
                let plan = Plan::new(row.layout(), &checked);
                let unit = row.unit().expect("a unit");
                let (bound, diagnostics) = load_tree(&unit.data, &checked);
                match plan.bind(&row, &checked) {
                    Some(Direct { data, slots }) => {
                        direct += 1;
                        assert!(diagnostics.is_empty(), "{name} row {}: {diagnostics:#?}", unit.row);
                        assert_eq!(data, placeless(bound), "{name} row {}", unit.row);
                        let mut texts = Vec::new();
                        assert_eq!(slots, crate::eval::compile::slots(&data, &mut texts), "{name}");
                    }
                    None => {
                        full += 1;
                        // Rows 3 and 4 (of every 6) hold `12万` and `是`, which the binder reads and the
                        // direct path leaves to it; any other row it leaves has a problem to tell.
                        let text = matches!(unit.row % 6, 3 | 4);
                        assert!(!diagnostics.is_empty() || text, "{name} row {} left for nothing", unit.row);
                    }
                }
            }
            assert!(direct >= 25 && full >= 20, "{name}: {direct} direct, {full} full");
        }
    }
}
