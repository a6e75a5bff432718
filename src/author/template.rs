//! `rubric template`: the blank data file a unit fills in.
//!
//! Every input with its type, unit, allowed range and description, grouped by
//! the item that first uses it; the judged items and the items that may be
//! claimed as 缺省项 with their rules; a `[reported]` skeleton with every item
//! and section. Every value is left as `""`, which a data file reads as "not
//! given": a unit fills in what it knows and leaves the rest.

use std::fmt::Write;

use crate::lower::ast::InputType;
use crate::data::Format;
use crate::check::symbolic;
use crate::check::model::{Checked, Input, Rule};

/// What an input expects, in words.
fn expects(input: &Input) -> String {
    let range = match (input.min, input.max) {
        (Some(lo), Some(hi)) if input.ty == InputType::Rate => {
            let lo = (lo * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            let hi = (hi * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            crate::tr!(", {lo}% to {hi}%", "，{lo}% 至 {hi}%")
        }
        (Some(lo), Some(hi)) => {
            let (lo, hi) = (lo.normalize(), hi.normalize());
            crate::tr!(", {lo} to {hi}", "，{lo} 至 {hi}")
        }
        (Some(lo), None) if input.ty != InputType::Count => {
            let lo = lo.normalize();
            crate::tr!(", at least {lo}", "，不小于 {lo}")
        }
        (None, Some(hi)) => {
            let hi = hi.normalize();
            crate::tr!(", at most {hi}", "，不大于 {hi}")
        }
        _ => String::new(),
    };
    let kind = match input.ty {
        InputType::Count => crate::tr!("a whole number ≥ 0", "≥ 0 的整数"),
        InputType::Amount(unit) => {
            let unit = unit.as_str();
            crate::tr!(
                "an amount in {unit} (or text with a unit: \"290820元\")",
                "金额，单位{unit}（也可写带单位的文字：\"290820元\"）"
            )
        }
        InputType::Rate => crate::tr!("a rate: 0.95 or \"95%\"", "比率：0.95 或 \"95%\""),
        InputType::Bool => crate::tr!("true or false (是/否)", "true 或 false（是/否）"),
        InputType::Text => crate::tr!("text", "文字"),
        InputType::Number => crate::tr!("a number", "数值"),
    };
    let optional = match (&input.default, input.optional) {
        (Some(_), _) => crate::tr!(", optional (a default applies)", "，可不填（有默认值）"),
        (None, true) => crate::tr!(", optional", "，可不填"),
        _ => String::new(),
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
            .map(|e| {
                let (points, condition) = (e.points.normalize(), symbolic(&e.condition, &rubric.inputs, &item.lets));
                crate::tr!("{points} if {condition}", "{points} 若 {condition}")
            })
            .collect::<Vec<_>>()
            .join(&crate::tr!("; ", "；")),
        Rule::Judged(None) => crate::tr!("judged", "评定"),
        Rule::Judged(Some(t)) => crate::tr!("judged: {t}", "评定：{t}"),
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
        let (id, name, weight, rule) = (&item.id, &item.name, item.weight.normalize(), rule_text(rubric, index));
        let mut title =
            crate::tr!("item {id} {name} ({weight} points): {rule}", "指标 {id} {name}（{weight} 分）：{rule}");
        if !also.is_empty() {
            let also = also.join(&crate::tr!(", ", "、"));
            title.push_str(&crate::tr!(" — also read by item {also}", " —— 指标 {also} 也用到"));
        }
        groups.push((title, fresh));
    }
    let rest: Vec<usize> = (0..rubric.inputs.len()).filter(|s| !seen.get(*s).copied().unwrap_or(true)).collect();
    if !rest.is_empty() {
        groups.push((crate::tr!("indicators and checks", "分析指标和审核"), rest));
    }
    groups
}

/// The inputs of each of [`groups`] with their notes (the description, and
/// what the input expects), for a template's lines.
fn noted_inputs(rubric: &Checked) -> Vec<(String, Vec<(&str, String)>)> {
    let noted = |input: &Input| {
        input.description.as_ref().map_or_else(|| expects(input), |d| format!("{d} — {}", expects(input)))
    };
    groups(rubric)
        .into_iter()
        .map(|(title, slots)| {
            let inputs = slots.into_iter().filter_map(|slot| rubric.inputs.get(slot));
            (title, inputs.map(|input| (input.name.as_str(), noted(input))).collect())
        })
        .collect()
}

/// The year a template gives its unit: the rubric's, or `""`.
fn year_or_blank(rubric: &Checked) -> String {
    rubric.year.map_or_else(|| "\"\"".to_string(), |y| y.to_string())
}

fn toml(rubric: &Checked) -> String {
    let mut out = String::new();
    let title = &rubric.title;
    let _ = writeln!(out, "{}", crate::tr!("# {title} — data file", "# {title} —— 数据文件"));
    let _ = writeln!(
        out,
        "{}",
        crate::tr!(
            "# Fill in what you know; a value left as \"\" is not given (the item then takes your reported score, marked unverified).",
            "# 填写已知的数据；留作 \"\" 的值视为未提供（相应指标将采用您的自评分，并标为未核实）。"
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        crate::tr!("# Keys with Chinese characters must stay in quotes.", "# 含中文的键名须保留引号。")
    );
    let _ = writeln!(
        out,
        "[unit]\nname = \"\"\ncode = \"\"\nyear = {}\n",
        year_or_blank(rubric)
    );
    let _ = writeln!(out, "[inputs]");
    for (title, inputs) in noted_inputs(rubric) {
        let _ = writeln!(out, "\n# —— {title}");
        for (name, what) in inputs {
            let _ = writeln!(out, "{} = \"\"   # {what}", quote(name));
        }
    }
    let judged: Vec<_> = rubric.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_))).collect();
    if !judged.is_empty() {
        let _ = writeln!(
            out,
            "\n[judged]   # {}",
            crate::tr!("the evaluator's scores, 0 to the item's weight", "评价人员评定的得分，0 至该指标分值")
        );
        for item in judged {
            let guidance = match &item.rule {
                Rule::Judged(Some(t)) => crate::tr!(": {t}", "：{t}"),
                _ => String::new(),
            };
            let (name, weight) = (&item.name, item.weight.normalize());
            let _ = writeln!(
                out,
                "{} = \"\"   # {}{guidance}",
                quote(&item.id),
                crate::tr!("{name} (0 to {weight})", "{name}（0 至 {weight}）")
            );
        }
    }
    let claimable: Vec<_> = rubric.items.iter().filter(|i| i.claimable).collect();
    if !claimable.is_empty() {
        let _ = writeln!(
            out,
            "\n[not_applicable]   # {}",
            crate::tr!("缺省项 you claim, with the reason", "申报的缺省项，请填写理由")
        );
        for item in claimable {
            let when: Vec<String> = item
                .not_applicable
                .iter()
                .map(|c| {
                    let (condition, reason) = (symbolic(&c.condition, &rubric.inputs, &item.lets), &c.reason);
                    crate::tr!("if {condition} ({reason})", "若 {condition}（{reason}）")
                })
                .collect();
            let when = if when.is_empty() {
                String::new()
            } else {
                let when = when.join(&crate::tr!("; ", "；"));
                crate::tr!(": {when}", "：{when}")
            };
            let _ = writeln!(out, "{} = \"\"   # {}{when}", quote(&item.id), item.name);
        }
    }
    if !rubric.items.is_empty() {
        let _ = writeln!(
            out,
            "\n[reported]   # {}\ntotal = \"\"\ngrade = \"\"\n\n[reported.items]",
            crate::tr!("your own self-assessment (自评)", "单位自评")
        );
        let points = |name: &str, weight: rust_decimal::Decimal| {
            let weight = weight.normalize();
            crate::tr!("{name} ({weight} points)", "{name}（{weight} 分）")
        };
        for item in &rubric.items {
            let _ = writeln!(out, "{} = \"\"   # {}", quote(&item.id), points(&item.name, item.weight));
        }
        let _ = writeln!(out, "\n[reported.sections]");
        for section in &rubric.sections {
            let _ = writeln!(out, "{} = \"\"   # {}", quote(&section.id), points(&section.name, section.weight));
        }
    }
    out
}

fn yaml(rubric: &Checked) -> String {
    let mut out = String::new();
    let title = &rubric.title;
    let _ = writeln!(out, "{}", crate::tr!("# {title} — data file", "# {title} —— 数据文件"));
    let _ = writeln!(
        out,
        "{}\n",
        crate::tr!(
            "# Fill in what you know; a value left as \"\" is not given.",
            "# 填写已知的数据；留作 \"\" 的值视为未提供。"
        )
    );
    let _ = writeln!(
        out,
        "unit:\n  name: \"\"\n  code: \"\"\n  year: {}\n",
        year_or_blank(rubric)
    );
    let _ = writeln!(out, "inputs:");
    for (title, inputs) in noted_inputs(rubric) {
        let _ = writeln!(out, "  # —— {title}");
        for (name, what) in inputs {
            let _ = writeln!(out, "  {}: \"\"   # {what}", quote(name));
        }
    }
    let judged: Vec<_> = rubric.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_))).collect();
    if !judged.is_empty() {
        let _ = writeln!(out, "\njudged:");
        for item in judged {
            let (name, weight) = (&item.name, item.weight.normalize());
            let _ = writeln!(
                out,
                "  {}: \"\"   # {}",
                quote(&item.id),
                crate::tr!("{name} (0 to {weight})", "{name}（0 至 {weight}）")
            );
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

/// The JSON template, keys in the rubric's order (`unit` first, inputs as the
/// TOML and YAML templates group them, items and sections as the rubric lists
/// them), written out by hand: a JSON map would sort them (1, 10, 11, …, 2).
fn json(rubric: &Checked) -> String {
    let blank = || Json::Text(String::new());
    let mut inputs = Vec::new();
    for (_, slots) in groups(rubric) {
        for slot in slots {
            if let Some(input) = rubric.inputs.get(slot) {
                inputs.push((input.name.clone(), blank()));
            }
        }
    }
    let ids = |keep: &dyn Fn(&crate::check::model::Item) -> bool| -> Vec<(String, Json)> {
        rubric.items.iter().filter(|i| keep(i)).map(|i| (i.id.clone(), blank())).collect()
    };
    let judged = ids(&|i| matches!(i.rule, Rule::Judged(_)));
    let claims = ids(&|i| i.claimable);
    let items = ids(&|_| true);
    let sections: Vec<(String, Json)> = rubric.sections.iter().map(|s| (s.id.clone(), blank())).collect();
    let year = rubric.year.map_or_else(blank, |y| Json::Raw(y.to_string()));
    let unit = vec![("name".to_string(), blank()), ("code".to_string(), blank()), ("year".to_string(), year)];
    let mut doc = vec![("unit".to_string(), Json::Object(unit)), ("inputs".to_string(), Json::Object(inputs))];
    if !judged.is_empty() {
        doc.push(("judged".to_string(), Json::Object(judged)));
    }
    if !claims.is_empty() {
        doc.push(("not_applicable".to_string(), Json::Object(claims)));
    }
    if !rubric.items.is_empty() {
        let reported = vec![
            ("total".to_string(), blank()),
            ("grade".to_string(), blank()),
            ("items".to_string(), Json::Object(items)),
            ("sections".to_string(), Json::Object(sections)),
        ];
        doc.push(("reported".to_string(), Json::Object(reported)));
    }
    let mut out = String::new();
    Json::Object(doc).write(&mut out, 0);
    out
}

/// A JSON value whose objects keep their keys in the order given.
enum Json {
    Text(String),
    /// A number, as written.
    Raw(String),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Writes the value as `serde_json::to_string_pretty` would (two spaces a level).
    fn write(&self, out: &mut String, depth: usize) {
        match self {
            Json::Text(text) => out.push_str(&serde_json::to_string(text).unwrap_or_default()),
            Json::Raw(raw) => out.push_str(raw),
            Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Object(entries) => {
                out.push_str("{\n");
                for (i, (key, value)) in entries.iter().enumerate() {
                    out.push_str(&"  ".repeat(depth + 1));
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push_str(": ");
                    value.write(out, depth + 1);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                out.push_str(&"  ".repeat(depth));
                out.push('}');
            }
        }
    }
}
