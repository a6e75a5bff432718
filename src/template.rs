//! `rubric template`: the blank data file a unit fills in.
//!
//! Every input with its type, unit, allowed range and description, grouped by
//! the item that first uses it; the judged items and the items that may be
//! claimed as 缺省项 with their rules; a `[reported]` skeleton with every item
//! and section. Every value is left as `""`, which a data file reads as "not
//! given": a unit fills in what it knows and leaves the rest.

use std::fmt::Write;

use crate::ast::InputType;
use crate::data::Format;
use crate::eval::symbolic;
use crate::model::{Checked, Input, Rule};

/// What an input expects, in words.
fn expects(input: &Input) -> String {
    let range = match (input.min, input.max) {
        (Some(lo), Some(hi)) if input.ty == InputType::Rate => format!(
            ", {}% to {}%",
            (lo * rust_decimal::Decimal::ONE_HUNDRED).normalize(),
            (hi * rust_decimal::Decimal::ONE_HUNDRED).normalize()
        ),
        (Some(lo), Some(hi)) => format!(", {} to {}", lo.normalize(), hi.normalize()),
        (Some(lo), None) if input.ty != InputType::Count => format!(", at least {}", lo.normalize()),
        (None, Some(hi)) => format!(", at most {}", hi.normalize()),
        _ => String::new(),
    };
    let kind = match input.ty {
        InputType::Count => "a whole number ≥ 0".to_string(),
        InputType::Amount(unit) => format!("an amount in {} (or text with a unit: \"290820元\")", unit.as_str()),
        InputType::Rate => "a rate: 0.95 or \"95%\"".to_string(),
        InputType::Bool => "true or false (是/否)".to_string(),
        InputType::Text => "text".to_string(),
        InputType::Number => "a number".to_string(),
    };
    let optional = match (&input.default, input.optional) {
        (Some(_), _) => ", optional (a default applies)",
        (None, true) => ", optional",
        _ => "",
    };
    format!("{kind}{range}{optional}")
}

/// For each input, the ids of the items that read it (in rubric order).
fn readers(rubric: &Checked) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); rubric.inputs.len()];
    for (index, item) in rubric.items.iter().enumerate() {
        for slot in &item.inputs {
            if let Some(list) = out.get_mut(*slot) {
                list.push(index);
            }
        }
    }
    out
}

/// An item's rule, in one line.
fn rule_text(rubric: &Checked, index: usize) -> String {
    let Some(item) = rubric.items.get(index) else { return String::new() };
    match &item.rule {
        Rule::Formula(e) => symbolic(e, &rubric.inputs, &item.lets),
        Rule::Checklist(entries) => entries
            .iter()
            .map(|e| format!("{} if {}", e.points.normalize(), symbolic(&e.condition, &rubric.inputs, &item.lets)))
            .collect::<Vec<_>>()
            .join("; "),
        Rule::Judged(text) => format!("judged{}", text.as_ref().map_or(String::new(), |t| format!(": {t}"))),
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The blank data file for `rubric` in `format`.
pub fn template(rubric: &Checked, format: Format) -> String {
    match format {
        Format::Toml => toml(rubric),
        Format::Yaml => yaml(rubric),
        Format::Json => json(rubric),
    }
}

/// Inputs in template order: grouped under the first item that reads them,
/// then those read only by indicators and checks.
fn groups(rubric: &Checked) -> Vec<(String, Vec<usize>)> {
    let readers = readers(rubric);
    let mut seen = vec![false; rubric.inputs.len()];
    let mut groups = Vec::new();
    for (index, item) in rubric.items.iter().enumerate() {
        let fresh: Vec<usize> =
            item.inputs.iter().copied().filter(|s| !seen.get(*s).copied().unwrap_or(true)).collect();
        if fresh.is_empty() {
            continue;
        }
        for s in &fresh {
            if let Some(flag) = seen.get_mut(*s) {
                *flag = true;
            }
        }
        let also: Vec<String> = fresh
            .iter()
            .flat_map(|s| readers.get(*s).cloned().unwrap_or_default())
            .filter(|i| *i != index)
            .filter_map(|i| rubric.items.get(i).map(|it| it.id.clone()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut title = format!(
            "item {} {} ({} points): {}",
            item.id,
            item.name,
            item.weight.normalize(),
            rule_text(rubric, index)
        );
        if !also.is_empty() {
            title.push_str(&format!(" — also read by item {}", also.join(", ")));
        }
        groups.push((title, fresh));
    }
    let rest: Vec<usize> = (0..rubric.inputs.len()).filter(|s| !seen.get(*s).copied().unwrap_or(true)).collect();
    if !rest.is_empty() {
        groups.push(("indicators and checks".to_string(), rest));
    }
    groups
}

fn toml(rubric: &Checked) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — data file", rubric.title);
    let _ = writeln!(out, "# Fill in what you know; a value left as \"\" is not given (the item then takes your reported score, marked unverified).");
    let _ = writeln!(out, "# Keys with Chinese characters must stay in quotes.\n");
    let _ = writeln!(
        out,
        "[unit]\nname = \"\"\ncode = \"\"\nyear = {}\n",
        rubric.year.map_or_else(|| "\"\"".to_string(), |y| y.to_string())
    );
    let _ = writeln!(out, "[inputs]");
    for (title, slots) in groups(rubric) {
        let _ = writeln!(out, "\n# —— {title}");
        for slot in slots {
            let Some(input) = rubric.inputs.get(slot) else { continue };
            let what =
                input.description.as_ref().map_or_else(|| expects(input), |d| format!("{d} — {}", expects(input)));
            let _ = writeln!(out, "{} = \"\"   # {what}", quote(&input.name));
        }
    }
    let judged: Vec<_> = rubric.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_))).collect();
    if !judged.is_empty() {
        let _ = writeln!(out, "\n[judged]   # the evaluator's scores, 0 to the item's weight");
        for item in judged {
            let guidance = match &item.rule {
                Rule::Judged(Some(t)) => format!(": {t}"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{} = \"\"   # {} (0 to {}){guidance}",
                quote(&item.id),
                item.name,
                item.weight.normalize()
            );
        }
    }
    let claimable: Vec<_> = rubric.items.iter().filter(|i| i.claimable).collect();
    if !claimable.is_empty() {
        let _ = writeln!(out, "\n[not_applicable]   # 缺省项 you claim, with the reason");
        for item in claimable {
            let when: Vec<String> = item
                .not_applicable
                .iter()
                .map(|c| format!("if {} ({})", symbolic(&c.condition, &rubric.inputs, &item.lets), c.reason))
                .collect();
            let _ = writeln!(
                out,
                "{} = \"\"   # {}{}",
                quote(&item.id),
                item.name,
                if when.is_empty() { String::new() } else { format!(": {}", when.join("; ")) }
            );
        }
    }
    if !rubric.items.is_empty() {
        let _ = writeln!(
            out,
            "\n[reported]   # your own self-assessment (自评)\ntotal = \"\"\ngrade = \"\"\n\n[reported.items]"
        );
        for item in &rubric.items {
            let _ = writeln!(out, "{} = \"\"   # {} ({} points)", quote(&item.id), item.name, item.weight.normalize());
        }
        let _ = writeln!(out, "\n[reported.sections]");
        for section in &rubric.sections {
            let _ = writeln!(
                out,
                "{} = \"\"   # {} ({} points)",
                quote(&section.id),
                section.name,
                section.weight.normalize()
            );
        }
    }
    out
}

fn yaml(rubric: &Checked) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — data file", rubric.title);
    let _ = writeln!(out, "# Fill in what you know; a value left as \"\" is not given.\n");
    let _ = writeln!(
        out,
        "unit:\n  name: \"\"\n  code: \"\"\n  year: {}\n",
        rubric.year.map_or_else(|| "\"\"".to_string(), |y| y.to_string())
    );
    let _ = writeln!(out, "inputs:");
    for (title, slots) in groups(rubric) {
        let _ = writeln!(out, "  # —— {title}");
        for slot in slots {
            let Some(input) = rubric.inputs.get(slot) else { continue };
            let what =
                input.description.as_ref().map_or_else(|| expects(input), |d| format!("{d} — {}", expects(input)));
            let _ = writeln!(out, "  {}: \"\"   # {what}", quote(&input.name));
        }
    }
    let judged: Vec<_> = rubric.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_))).collect();
    if !judged.is_empty() {
        let _ = writeln!(out, "\njudged:");
        for item in judged {
            let _ = writeln!(out, "  {}: \"\"   # {} (0 to {})", quote(&item.id), item.name, item.weight.normalize());
        }
    }
    let claimable: Vec<_> = rubric.items.iter().filter(|i| i.claimable).collect();
    if !claimable.is_empty() {
        let _ = writeln!(out, "\nnot_applicable:");
        for item in claimable {
            let _ = writeln!(out, "  {}: \"\"   # {}", quote(&item.id), item.name);
        }
    }
    if !rubric.items.is_empty() {
        let _ = writeln!(out, "\nreported:\n  total: \"\"\n  grade: \"\"\n  items:");
        for item in &rubric.items {
            let _ = writeln!(out, "    {}: \"\"   # {}", quote(&item.id), item.name);
        }
        let _ = writeln!(out, "  sections:");
        for section in &rubric.sections {
            let _ = writeln!(out, "    {}: \"\"   # {}", quote(&section.id), section.name);
        }
    }
    out
}

fn json(rubric: &Checked) -> String {
    use serde_json::{json, Map, Value};
    let blank = || Value::String(String::new());
    let mut inputs = Map::new();
    for (_, slots) in groups(rubric) {
        for slot in slots {
            if let Some(input) = rubric.inputs.get(slot) {
                inputs.insert(input.name.clone(), blank());
            }
        }
    }
    let judged: Map<String, Value> =
        rubric.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_))).map(|i| (i.id.clone(), blank())).collect();
    let claims: Map<String, Value> =
        rubric.items.iter().filter(|i| i.claimable).map(|i| (i.id.clone(), blank())).collect();
    let items: Map<String, Value> = rubric.items.iter().map(|i| (i.id.clone(), blank())).collect();
    let sections: Map<String, Value> = rubric.sections.iter().map(|s| (s.id.clone(), blank())).collect();
    let mut doc = json!({
        "unit": { "name": "", "code": "", "year": rubric.year.map_or_else(blank, |y| json!(y)) },
        "inputs": inputs,
    });
    if let Some(map) = doc.as_object_mut() {
        if !judged.is_empty() {
            map.insert("judged".to_string(), Value::Object(judged));
        }
        if !claims.is_empty() {
            map.insert("not_applicable".to_string(), Value::Object(claims));
        }
        if !rubric.items.is_empty() {
            map.insert(
                "reported".to_string(),
                json!({ "total": "", "grade": "", "items": items, "sections": sections }),
            );
        }
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
