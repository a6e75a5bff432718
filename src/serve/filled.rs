//! A unit's data written out for download: the TOML data file laid out as
//! `rubric template` writes it (comments and all) with the unit's values in
//! place, and the `.xlsx` template with the unit's row filled in.

use std::collections::BTreeSet;

use crate::check::model::Checked;
use crate::data::sheet::columns::{classify, columns, Target};
use crate::data::{parse_number, Format, Node, NodeKind};

/// The node at `path` below `root`.
fn lookup<'n>(root: &'n Node, path: &[&str]) -> Option<&'n Node> {
    path.iter().try_fold(root, |node, key| match &node.kind {
        NodeKind::Table(entries) => entries.iter().find(|e| e.key == *key).map(|e| &e.value),
        _ => None,
    })
}

/// A scalar as TOML writes it; `None` for a table, an array or nothing.
fn toml_value(node: &Node) -> Option<String> {
    Some(match &node.kind {
        NodeKind::String(s) => serde_json::to_string(s).unwrap_or_default(),
        NodeKind::Number(raw) => {
            parse_number(raw).map_or_else(|_| serde_json::to_string(raw).unwrap_or_default(), |d| d.to_string())
        }
        NodeKind::Bool(b) => b.to_string(),
        _ => return None,
    })
}

/// A scalar as a sheet's cell holds it: numbers exact, yes/no as `true`/`false`.
fn cell_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::String(s) => s.clone(),
        NodeKind::Number(raw) => parse_number(raw).map_or_else(|_| raw.clone(), |d| d.to_string()),
        NodeKind::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The key of a `key = value` line: `"在职人员数"` or `name`.
fn line_key(line: &str) -> Option<(String, usize)> {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix('"') {
        let end = rest.find('"')?;
        let key = rest.get(..end)?.to_string();
        let after = rest.get(end + 1..)?.trim_start();
        after.starts_with('=').then(|| (key, line.len() - after.len() + 1))
    } else {
        let (key, _) = trimmed.split_once('=')?;
        let key = key.trim();
        let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let value_at = line.find('=')? + 1;
        bare.then(|| (key.to_string(), value_at))
    }
}

/// The unit's data as a TOML data file: `rubric template`'s text with each
/// value the data gives put in place (the rest stay `""`, not given). Values
/// the template has no line for are listed in comments at the end.
pub fn toml(rubric: &Checked, data: &Node) -> String {
    let template = crate::author::template::template(rubric, Format::Toml);
    let mut used: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut table: Vec<String> = Vec::new();
    let mut out = String::with_capacity(template.len() + 256);
    for line in template.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header = trimmed.trim_start_matches('[').split(']').next().unwrap_or_default();
            table = header.split('.').map(|k| k.trim().trim_matches('"').to_string()).collect();
        } else if let Some((key, value_at)) = line_key(line) {
            let mut path: Vec<&str> = table.iter().map(String::as_str).collect();
            path.push(&key);
            if let Some(value) = lookup(data, &path).and_then(toml_value) {
                let rest = line.get(value_at..).unwrap_or_default();
                let comment = rest.find("   #").and_then(|at| rest.get(at..)).unwrap_or_default();
                out.push_str(line.get(..value_at).unwrap_or_default());
                out.push(' ');
                out.push_str(&value);
                out.push_str(comment);
                out.push('\n');
                used.insert(path.iter().map(|s| s.to_string()).collect());
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    let mut left = Vec::new();
    leftovers(data, &mut Vec::new(), &used, &mut left);
    if !left.is_empty() {
        out.push_str(&crate::tr!(
            "\n# Values the rubric's template has no line for (not read):\n",
            "\n# 评分表模板中没有对应行的数据项（不会读取）：\n"
        ));
        for (path, value) in left {
            out.push_str(&format!("# {path} = {value}\n"));
        }
    }
    out
}

/// Every scalar of `node` whose path is not in `used`.
fn leftovers(node: &Node, path: &mut Vec<String>, used: &BTreeSet<Vec<String>>, out: &mut Vec<(String, String)>) {
    match &node.kind {
        NodeKind::Table(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                leftovers(&entry.value, path, used, out);
                path.pop();
            }
        }
        _ => {
            if let Some(value) = toml_value(node) {
                if !used.contains(path) {
                    out.push((path.join("."), value));
                }
            }
        }
    }
}

/// The unit's data as the `.xlsx` template with its row filled in (row 3).
pub fn xlsx(rubric: &Checked, data: &Node) -> Result<Vec<u8>, String> {
    let row: Vec<String> = columns(rubric)
        .iter()
        .map(|column| {
            let found = match classify(&column.key) {
                Target::Unit(field) => lookup(data, &["unit", &field]),
                Target::Input(name) => lookup(data, &["inputs", &name]),
                Target::Judged(id) => lookup(data, &["judged", &id]),
                Target::NotApplicable(id) => lookup(data, &["not_applicable", &id]),
                Target::Reported(field) => lookup(data, &["reported", &field]),
                Target::ReportedItem(id) => lookup(data, &["reported", "items", &id]),
                Target::ReportedSection(id) => lookup(data, &["reported", "sections", &id]),
            };
            found.map(cell_text).unwrap_or_default()
        })
        .collect();
    crate::author::sheet::filled_xlsx(rubric, &[row])
}

#[cfg(test)]
mod tests {
    use super::line_key;

    #[test]
    fn keys_of_lines() {
        let line = "\"专题研究次数\" = \"\"   # 次数";
        assert_eq!(line_key(line), Some(("专题研究次数".to_string(), line.find('=').unwrap() + 1)));
        assert_eq!(line_key("name = \"\""), Some(("name".to_string(), 6)));
        assert_eq!(line_key("# —— item 1"), None);
        assert_eq!(line_key("[inputs]"), None);
    }
}
