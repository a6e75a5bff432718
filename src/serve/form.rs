//! The township's form, generated from the rubric: every section and item in
//! the table's order, each item with the inputs it is the first to read (their
//! description, type and unit), its judged score or 缺省项 claim where it has
//! one, and the self-assessment column; the rubric's `require`s; the grades.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::Serialize;

use super::api::served;
use super::auth::Caller;
use super::error::ApiError;
use super::App;
use crate::base::i18n::with_lang;
use crate::check::model::{Checked, NodeRef, Rule};
use crate::data::sheet::columns::{expects, not_applicable_text, rule_text};
use crate::lower::ast::InputType;

/// The form of a rubric.
#[derive(Serialize)]
pub struct Form {
    id: String,
    title: String,
    year: Option<u32>,
    version: Option<String>,
    max: String,
    grades: Vec<Grade>,
    inputs: Vec<Input>,
    sections: Vec<Section>,
    items: Vec<Item>,
    requires: Vec<Require>,
    /// Sections and items in the table's order.
    layout: Vec<Place>,
}

#[derive(Serialize)]
struct Grade {
    name: String,
    /// The lowest total of the band (`null` for the last band).
    low: Option<String>,
}

#[derive(Serialize)]
struct Input {
    name: String,
    /// `count`, `amount`, `rate`, `yes/no`, `text` or `number`.
    #[serde(rename = "type")]
    ty: &'static str,
    /// 万元, 元, 亿元 for an amount; `%` for a rate.
    unit: Option<&'static str>,
    description: Option<String>,
    /// What to enter, in words (as `rubric template` says it).
    expects: String,
    optional: bool,
}

#[derive(Serialize)]
struct Section {
    id: String,
    name: String,
    kind: crate::lower::ast::SectionKind,
    weight: String,
    depth: usize,
    parent: Option<String>,
    description: Vec<String>,
}

#[derive(Serialize)]
struct Item {
    id: String,
    name: String,
    weight: String,
    section: String,
    description: Vec<String>,
    /// The rule in one line, as `rubric template` writes it.
    rule: String,
    /// The inputs it reads.
    inputs: Vec<String>,
    /// Scored by the evaluator (`judged.<id>`).
    judged: bool,
    /// The unit may claim it as a 缺省项 (`not_applicable.<id>`).
    claimable: bool,
    /// When it is a 缺省项 by the rubric.
    not_applicable: String,
}

#[derive(Serialize)]
struct Require {
    inputs: Vec<String>,
    message: Option<String>,
    rule: String,
}

/// One place of the layout: a section heading, or an item with the inputs it
/// is the first to read (an input read by several items is asked once).
#[derive(Serialize)]
#[serde(untagged)]
enum Place {
    Section { section: String },
    Item { item: String, inputs: Vec<String> },
    Rest { rest: Vec<String> },
}

fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

/// `GET /api/v1/rubrics/{id}/form`: the form, in the request's language.
pub async fn form(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> Result<Json<Form>, ApiError> {
    let catalog = app.catalog();
    let ready = served(&catalog, &id, &caller)?;
    Ok(Json(with_lang(caller.lang, || build(&id, &ready.checked))))
}

fn build(id: &str, rubric: &Checked) -> Form {
    let name_of = |slots: &[usize]| -> Vec<String> {
        slots.iter().filter_map(|s| rubric.inputs.get(*s)).map(|i| i.name.clone()).collect()
    };
    let inputs = rubric
        .inputs
        .iter()
        .map(|input| {
            let (ty, unit) = match input.ty {
                InputType::Count => ("count", None),
                InputType::Amount(unit) => ("amount", Some(unit.as_str())),
                InputType::Rate => ("rate", Some("%")),
                InputType::Bool => ("yes/no", None),
                InputType::Text => ("text", None),
                InputType::Number => ("number", None),
            };
            Input {
                name: input.name.clone(),
                ty,
                unit,
                description: input.description.clone(),
                expects: expects(input),
                optional: input.optional || input.default.is_some(),
            }
        })
        .collect();
    let section_id = |index: usize| rubric.sections.get(index).map(|s| s.id.clone()).unwrap_or_default();
    let sections = rubric
        .sections
        .iter()
        .map(|s| Section {
            id: s.id.clone(),
            name: s.name.clone(),
            kind: s.kind,
            weight: show(s.weight),
            depth: s.depth,
            parent: s.parent.map(section_id),
            description: s.description.clone(),
        })
        .collect();
    let items = rubric
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| Item {
            id: item.id.clone(),
            name: item.name.clone(),
            weight: show(item.weight),
            section: section_id(item.section),
            description: item.description.clone(),
            rule: rule_text(rubric, index),
            inputs: name_of(&item.inputs),
            judged: matches!(item.rule, Rule::Judged(_)),
            claimable: item.claimable,
            not_applicable: not_applicable_text(rubric, index),
        })
        .collect();
    let requires = rubric
        .requires
        .iter()
        .map(|r| Require {
            inputs: name_of(&r.inputs),
            message: r.message.clone(),
            rule: crate::check::symbolic(&r.condition, &rubric.inputs, &[]),
        })
        .collect();
    let grades =
        rubric.grades.iter().map(|g| Grade { name: g.name.clone(), low: g.low.map(|(d, _)| show(d)) }).collect();
    Form {
        id: id.to_string(),
        title: rubric.title.clone(),
        year: rubric.year,
        version: rubric.version.clone(),
        max: show(rubric.max),
        grades,
        inputs,
        sections,
        items,
        requires,
        layout: layout(rubric),
    }
}

/// Sections and items in the table's order (a walk of the tree without
/// recursion), each item with the inputs not asked before it; then the inputs
/// no item reads.
fn layout(rubric: &Checked) -> Vec<Place> {
    let mut asked = vec![false; rubric.inputs.len()];
    let mut out = Vec::new();
    let mut stack: Vec<NodeRef> = rubric.roots.iter().rev().map(|r| NodeRef::Section(*r)).collect();
    while let Some(node) = stack.pop() {
        match node {
            NodeRef::Section(index) => {
                let Some(section) = rubric.sections.get(index) else { continue };
                out.push(Place::Section { section: section.id.clone() });
                stack.extend(section.children.iter().rev().copied());
            }
            NodeRef::Item(index) => {
                let Some(item) = rubric.items.get(index) else { continue };
                let mut first = Vec::new();
                for slot in &item.inputs {
                    if let (Some(seen), Some(input)) = (asked.get_mut(*slot), rubric.inputs.get(*slot)) {
                        if !*seen {
                            *seen = true;
                            first.push(input.name.clone());
                        }
                    }
                }
                out.push(Place::Item { item: item.id.clone(), inputs: first });
            }
        }
    }
    let rest: Vec<String> =
        rubric.inputs.iter().zip(&asked).filter(|(_, seen)| !**seen).map(|(i, _)| i.name.clone()).collect();
    if !rest.is_empty() {
        out.push(Place::Rest { rest });
    }
    out
}
