//! A unit's data as the desk stores it: whatever came in (TOML, JSON, YAML, a
//! sheet's row) becomes one JSON data file, numbers written exactly as given
//! (never through binary floating point), with the unit's name set. And the
//! same data as the form's fields hold it: every number as its text.

use serde_json::{Map, Value};

use crate::data::{parse_number, Entry, Node, NodeKind};

/// Why a value has no JSON form: its path and the kind of value (a TOML
/// date, a YAML tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoJson {
    /// The path of keys to it.
    pub path: String,
    /// What it is.
    pub kind: &'static str,
}

/// The data tree as a JSON data file's text: keys in their order, numbers
/// exact (a TOML `1_000` as `1000`; a number that is not one, as text).
pub fn to_json(node: &Node) -> Result<String, NoJson> {
    let mut out = String::new();
    write(node, "", &mut out)?;
    Ok(out)
}

fn key_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn write(node: &Node, path: &str, out: &mut String) -> Result<(), NoJson> {
    // Nesting is bounded by the data readers (`MAX_DEPTH`), so recursion here is bounded too.
    match &node.kind {
        NodeKind::Table(entries) => {
            out.push('{');
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quoted(&entry.key));
                out.push_str(": ");
                write(&entry.value, &key_path(path, &entry.key), out)?;
            }
            out.push('}');
        }
        NodeKind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, &format!("{path}[{i}]"), out)?;
            }
            out.push(']');
        }
        NodeKind::String(s) => out.push_str(&quoted(s)),
        NodeKind::Number(raw) => match parse_number(raw) {
            Ok(d) => out.push_str(&d.to_string()),
            Err(_) => out.push_str(&quoted(raw)),
        },
        NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeKind::Null => out.push_str("null"),
        NodeKind::Other(kind) => return Err(NoJson { path: path.to_string(), kind }),
    }
    Ok(())
}

/// The data as the form holds it: tables as objects, every number as its text
/// (so that nothing is lost to the browser's floating point), yes/no as
/// booleans.
pub fn to_form_values(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Table(entries) => {
            let mut map = Map::new();
            for entry in entries {
                map.insert(entry.key.clone(), to_form_values(&entry.value));
            }
            Value::Object(map)
        }
        NodeKind::Array(items) => Value::Array(items.iter().map(to_form_values).collect()),
        NodeKind::String(s) => Value::String(s.clone()),
        NodeKind::Number(raw) => Value::String(parse_number(raw).map_or_else(|_| raw.clone(), |d| d.to_string())),
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Null | NodeKind::Other(_) => Value::Null,
    }
}

/// The unit's name the data gives (`[unit] name`), if any.
pub fn unit_name(node: &Node) -> Option<String> {
    let unit = table_entry(node, "unit")?;
    match &table_entry(unit, "name")?.kind {
        NodeKind::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn table_entry<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.kind {
        NodeKind::Table(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
        _ => None,
    }
}

/// Sets `[unit] name` to `name` (making the `unit` table if there is none).
pub fn set_unit_name(node: &mut Node, name: &str) {
    let NodeKind::Table(entries) = &mut node.kind else { return };
    let blank = || Node { kind: NodeKind::Table(Vec::new()), span: 0..0 };
    let unit = match entries.iter().position(|e| e.key == "unit") {
        Some(at) => at,
        None => {
            entries.insert(0, Entry { key: "unit".to_string(), key_span: 0..0, value: blank() });
            0
        }
    };
    let Some(Entry { value: unit, .. }) = entries.get_mut(unit) else { return };
    if !matches!(unit.kind, NodeKind::Table(_)) {
        *unit = blank();
    }
    let NodeKind::Table(fields) = &mut unit.kind else { return };
    let value = Node { kind: NodeKind::String(name.to_string()), span: 0..0 };
    match fields.iter_mut().find(|e| e.key == "name") {
        Some(entry) => entry.value = value,
        None => fields.insert(0, Entry { key: "name".to_string(), key_span: 0..0, value }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{parse, Format};

    #[test]
    fn toml_to_exact_json_with_the_name_set() {
        let text = "[inputs]\n\"a\" = 0.1\n\"b\" = 1_000\n\"c\" = \"95%\"\n\"d\" = true\n";
        let mut tree = parse(Format::Toml, text).unwrap();
        assert_eq!(unit_name(&tree), None);
        set_unit_name(&mut tree, "盛池镇");
        assert_eq!(unit_name(&tree).as_deref(), Some("盛池镇"));
        let json = to_json(&tree).unwrap();
        assert_eq!(json, r#"{"unit": {"name": "盛池镇"}, "inputs": {"a": 0.1, "b": 1000, "c": "95%", "d": true}}"#);
        let back = parse(Format::Json, &json).unwrap();
        assert_eq!(to_form_values(&back)["inputs"]["a"], Value::String("0.1".into()));
    }

    #[test]
    fn a_date_has_no_json_form() {
        let tree = parse(Format::Toml, "[unit]\nwhen = 2024-01-01\n").unwrap();
        assert_eq!(to_json(&tree), Err(NoJson { path: "unit.when".into(), kind: "datetime" }));
    }
}
