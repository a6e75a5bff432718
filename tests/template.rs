//! `rubric template`: the blank data file loads as it is, in every format,
//! and a filled-in one loads without edits to its structure.

mod common;

use rubric::author::template::template;
use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::{evaluate, Options};
use rubric::lower::ast::InputType;

fn shipped() -> Vec<(String, Checked)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
    let mut paths: Vec<_> =
        std::fs::read_dir(&root).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rubric"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let checked = common::check(&text).0.unwrap_or_else(|| panic!("{} checks", p.display()));
            (p.display().to_string(), checked)
        })
        .collect()
}

#[test]
fn the_blank_template_loads_in_every_format() {
    let all = shipped();
    assert!(all.len() >= 4);
    for (name, checked) in &all {
        for format in [Format::Toml, Format::Json, Format::Yaml] {
            let text = template(checked, format);
            let (data, diagnostics) = load(&text, format, checked);
            // A blank template names no unit yet: that warning only.
            let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, [rubric::base::diagnostic::Code::NoName], "{name} {format:?}: {diagnostics:#?}\n{text}");
            assert!(data.parsed);
            assert!(
                data.inputs.iter().zip(&checked.inputs).all(|(v, i)| v.is_none() || i.default.is_some()),
                "blank means not given"
            );
        }
    }
}

#[test]
fn a_filled_template_loads_and_scores() {
    for (name, checked) in shipped() {
        let text = template(&checked, Format::Toml);
        let filled: String = text
            .lines()
            .map(|line| {
                let Some((key, rest)) = line.split_once(" = \"\"") else { return line.to_string() };
                if key == "name" {
                    return format!("name = \"测试单位\"{rest}");
                }
                let name = key.trim_matches('"');
                let value = match checked.inputs.iter().find(|i| i.name == name).map(|i| i.ty) {
                    Some(InputType::Bool) => "true".to_string(),
                    Some(InputType::Rate) => "\"95%\"".to_string(),
                    Some(InputType::Amount(_)) => "\"120万元\"".to_string(),
                    Some(InputType::Text) => "\"说明\"".to_string(),
                    Some(_) => "1".to_string(),
                    None => return line.to_string(),
                };
                format!("{key} = {value}{rest}")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (data, diagnostics) = load(&filled, Format::Toml, &checked);
        assert!(diagnostics.is_empty(), "{name}: {diagnostics:#?}");
        let (report, _) = evaluate(&checked, &data, Options::default());
        // Every input is given: nothing is missing or unverified; what is left is
        // judged items without a score and figures that break a `require` (all 1s).
        for e in &report.errors {
            assert!(["data::requirement", "data::judged", "data::check"].contains(&e.code.as_str()), "{name}: {e:?}");
        }
        assert!(report.items.iter().all(|i| i.status != rubric::eval::report::Status::Unverified), "{name}");
    }
}

#[test]
fn the_template_lists_every_input_judged_item_and_reported_id() {
    for (name, checked) in shipped() {
        let text = template(&checked, Format::Toml);
        for input in &checked.inputs {
            assert!(text.contains(&format!("\"{}\" = \"\"", input.name)), "{name}: input {}", input.name);
        }
        for item in &checked.items {
            assert!(text.contains(&format!("\"{}\" = \"\"", item.id)), "{name}: item {}", item.id);
        }
    }
}

/// The JSON template keeps the rubric's order, as the TOML and YAML ones do:
/// `unit` first, item ids 1, 2, … 10 (not 1, 10, 11, … 2), sections 一, 二, 三.
#[test]
fn the_json_template_keeps_the_rubrics_order() {
    for (name, checked) in shipped() {
        let text = template(&checked, Format::Json);
        let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("{name}: no {key}"));
        assert!(at("unit") < at("inputs"), "{name}: unit first");
        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let inputs: Vec<&str> = json["inputs"].as_object().expect("inputs").keys().map(String::as_str).collect();
        assert!(!inputs.is_empty());
        for (table, want) in [
            ("items", checked.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>()),
            ("sections", checked.sections.iter().map(|s| s.id.as_str()).collect()),
        ] {
            let Some(reported) = json["reported"][table].as_object() else { continue };
            let body = text.get(text.find(&format!("\"{table}\": {{")).expect(table)..).expect("rest");
            let positions: Vec<usize> =
                want.iter().map(|id| body.find(&format!("\"{id}\": \"\"")).expect(id)).collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{name}: {table} out of the rubric's order");
            assert_eq!(reported.len(), want.len());
        }
    }
}
