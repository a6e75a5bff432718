//! The comparisons behind [`super::diff`], one part of the rubric at a time.

use std::collections::HashMap;

use super::text::{band_text, grades_text, input_text, policy_text, rounding_text, rule_text};
use super::Change;
use crate::lower::ast::SectionKind;
use crate::check::symbolic;
use crate::check::model::Checked;

pub(super) fn header(old: &Checked, new: &Checked, changes: &mut Vec<Change>) {
    if old.title != new.title {
        changes.push(Change::TitleChanged { old: old.title.clone(), new: new.title.clone() });
    }
    if old.max != new.max {
        changes.push(Change::MaxChanged { old: old.max, new: new.max });
    }
    if old.rounding != new.rounding {
        changes.push(Change::RoundingChanged { old: rounding_text(old.rounding), new: rounding_text(new.rounding) });
    }
    if old.policy != new.policy {
        changes.push(Change::PolicyChanged { old: policy_text(old.policy), new: policy_text(new.policy) });
    }
    if old.floor != new.floor {
        changes.push(Change::FloorChanged { old: old.floor, new: new.floor });
    }
    if old.grades != new.grades {
        let mut bands = Vec::new();
        for band in &new.grades {
            match old.grades.iter().find(|g| g.name == band.name) {
                Some(was) if was != band => bands.push(format!("{} → {}", band_text(was), band_text(band))),
                Some(_) => {}
                None => bands.push(format!("added {}", band_text(band))),
            }
        }
        for band in old.grades.iter().filter(|g| !new.grades.iter().any(|n| n.name == g.name)) {
            bands.push(format!("removed {}", band_text(band)));
        }
        if bands.is_empty() {
            bands.push("the same bands in another order".to_string());
        }
        changes.push(Change::GradesChanged { old: grades_text(&old.grades), new: grades_text(&new.grades), bands });
    }
}

pub(super) fn inputs(old: &Checked, new: &Checked, changes: &mut Vec<Change>) {
    for input in &new.inputs {
        match old.inputs.iter().find(|i| i.name == input.name) {
            None => changes.push(Change::InputAdded { name: input.name.clone(), ty: input_text(input) }),
            Some(was) if input_text(was) != input_text(input) => changes.push(Change::InputRetyped {
                name: input.name.clone(),
                old: input_text(was),
                new: input_text(input),
            }),
            Some(_) => {}
        }
    }
    for input in old.inputs.iter().filter(|i| !new.inputs.iter().any(|n| n.name == i.name)) {
        changes.push(Change::InputRemoved { name: input.name.clone(), ty: input_text(input) });
    }
}

pub(super) fn requires(old: &Checked, new: &Checked, changes: &mut Vec<Change>) {
    let texts = |rubric: &Checked| -> Vec<String> {
        rubric
            .requires
            .iter()
            .map(|r| {
                let condition = symbolic(&r.condition, &rubric.inputs, &[]);
                match &r.message {
                    Some(message) => format!("require {condition}: \"{message}\""),
                    None => format!("require {condition}"),
                }
            })
            .collect()
    };
    let (before, after) = (texts(old), texts(new));
    for text in after.iter().filter(|t| !before.contains(t)) {
        changes.push(Change::RequireAdded { text: text.clone() });
    }
    for text in before.iter().filter(|t| !after.contains(t)) {
        changes.push(Change::RequireRemoved { text: text.clone() });
    }
}

fn kind_word(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Normal => "section",
        SectionKind::Bonus => "bonus",
        SectionKind::Deduction => "deduction",
    }
}

/// The id of section `index`'s parent.
fn parent_id(rubric: &Checked, index: usize) -> Option<String> {
    let parent = rubric.sections.get(index)?.parent?;
    rubric.sections.get(parent).map(|s| s.id.clone())
}

pub(super) fn sections(old: &Checked, new: &Checked, changes: &mut Vec<Change>) {
    let by_id: HashMap<&str, usize> = old.sections.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    for (index, section) in new.sections.iter().enumerate() {
        let (id, name) = (section.id.clone(), section.name.clone());
        let Some((old_index, was)) = by_id.get(id.as_str()).and_then(|i| Some((*i, old.sections.get(*i)?))) else {
            let parent = parent_id(new, index);
            changes.push(Change::SectionAdded { id, name, parent, weight: section.weight });
            continue;
        };
        if was.name != section.name {
            changes.push(Change::SectionRenamed { id: id.clone(), old: was.name.clone(), new: name.clone() });
        }
        let (from, to) = (parent_id(old, old_index), parent_id(new, index));
        if from != to {
            changes.push(Change::SectionMoved { id: id.clone(), name: name.clone(), from, to });
        }
        if was.kind != section.kind {
            let (old_kind, new_kind) = (kind_word(was.kind).to_string(), kind_word(section.kind).to_string());
            changes.push(Change::SectionKindChanged {
                id: id.clone(),
                name: name.clone(),
                old: old_kind,
                new: new_kind,
            });
        }
        if was.weight != section.weight {
            let (old_weight, new_weight) = (was.weight, section.weight);
            changes.push(if section.kind == SectionKind::Normal {
                Change::SectionReweighted { id, name, old: old_weight, new: new_weight }
            } else {
                Change::CapChanged { id, name, old: old_weight, new: new_weight }
            });
        }
    }
    for (index, section) in old.sections.iter().enumerate() {
        if !new.sections.iter().any(|s| s.id == section.id) {
            changes.push(Change::SectionRemoved {
                id: section.id.clone(),
                name: section.name.clone(),
                parent: parent_id(old, index),
                weight: section.weight,
            });
        }
    }
}

fn section_id(rubric: &Checked, index: usize) -> String {
    rubric.sections.get(index).map(|s| s.id.clone()).unwrap_or_default()
}

pub(super) fn items(old: &Checked, new: &Checked, changes: &mut Vec<Change>) {
    let by_id: HashMap<&str, usize> = old.items.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    for (index, item) in new.items.iter().enumerate() {
        let (id, name) = (item.id.clone(), item.name.clone());
        let Some((old_index, was)) = by_id.get(id.as_str()).and_then(|i| Some((*i, old.items.get(*i)?))) else {
            let section = section_id(new, item.section);
            changes.push(Change::ItemAdded { id, name, section, weight: item.weight });
            continue;
        };
        if was.name != item.name {
            changes.push(Change::ItemRenamed { id: id.clone(), old: was.name.clone(), new: name.clone() });
        }
        let (from_section, to_section) = (section_id(old, was.section), section_id(new, item.section));
        if from_section != to_section {
            changes.push(Change::ItemMoved { id: id.clone(), name: name.clone(), from_section, to_section });
        }
        if was.weight != item.weight {
            let (old_weight, new_weight) = (was.weight, item.weight);
            changes.push(Change::ItemReweighted {
                id: id.clone(),
                name: name.clone(),
                old: old_weight,
                new: new_weight,
            });
        }
        let (old_text, new_text) = (rule_text(old, old_index), rule_text(new, index));
        if old_text != new_text {
            changes.push(Change::RuleChanged { id: id.clone(), name: name.clone(), old_text, new_text });
        }
        if was.description != item.description {
            let (old_words, new_words) = (was.description.clone(), item.description.clone());
            changes.push(Change::DescriptionChanged { id, name, old: old_words, new: new_words });
        }
    }
    for item in &old.items {
        if !new.items.iter().any(|i| i.id == item.id) {
            changes.push(Change::ItemRemoved {
                id: item.id.clone(),
                name: item.name.clone(),
                section: section_id(old, item.section),
                weight: item.weight,
            });
        }
    }
}

pub(super) fn derived(old: &Checked, new: &Checked, changes: &mut Vec<Change>) {
    let indicators = |rubric: &Checked| -> Vec<(String, String)> {
        let text = |i: &crate::check::model::Indicator| {
            let display = match i.display.kind {
                crate::lower::ast::DisplayKind::Percent => "percent".to_string(),
                crate::lower::ast::DisplayKind::Ratio => "ratio".to_string(),
                crate::lower::ast::DisplayKind::Number => "number".to_string(),
                crate::lower::ast::DisplayKind::Amount(unit) => unit.as_str().to_string(),
            };
            format!("{} ({display}, {} places)", symbolic(&i.value, &rubric.inputs, &[]), i.display.places)
        };
        rubric.indicators.iter().map(|i| (i.name.clone(), text(i))).collect()
    };
    let checks = |rubric: &Checked| -> Vec<(String, String)> {
        let text = |c: &crate::check::model::ConsistencyCheck| {
            let mut t = symbolic(&c.condition, &rubric.inputs, &[]);
            if !c.tolerance.is_zero() {
                t.push_str(&format!(" within {}{}", c.tolerance, if c.percent { " (percent)" } else { "" }));
            }
            if c.warning {
                t.push_str(" (warning)");
            }
            t
        };
        rubric.checks.iter().map(|c| (c.name.clone(), text(c))).collect()
    };
    named(
        &indicators(old),
        &indicators(new),
        changes,
        |name, text| Change::IndicatorAdded { name, text },
        |name, text| Change::IndicatorRemoved { name, text },
        |name, old, new| Change::IndicatorChanged { name, old, new },
    );
    named(
        &checks(old),
        &checks(new),
        changes,
        |name, text| Change::CheckAdded { name, text },
        |name, text| Change::CheckRemoved { name, text },
        |name, old, new| Change::CheckChanged { name, old, new },
    );
}

/// Compares (name, text) lists: added, changed, removed.
fn named(
    before: &[(String, String)],
    after: &[(String, String)],
    changes: &mut Vec<Change>,
    added: fn(String, String) -> Change,
    removed: fn(String, String) -> Change,
    changed: fn(String, String, String) -> Change,
) {
    for (name, text) in after {
        match before.iter().find(|(n, _)| n == name) {
            None => changes.push(added(name.clone(), text.clone())),
            Some((_, was)) if was != text => changes.push(changed(name.clone(), was.clone(), text.clone())),
            Some(_) => {}
        }
    }
    for (name, text) in before.iter().filter(|(n, _)| !after.iter().any(|(a, _)| a == n)) {
        changes.push(removed(name.clone(), text.clone()));
    }
}
