//! What differs between an expected and a computed result, item by item, and
//! how that reads.

use std::fmt;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::report::{show, Report, Status};

/// One difference between what a case expects and what the rubric gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The total.
    Total {
        /// Expected ("none" for no total).
        expected: String,
        /// Computed.
        got: String,
    },
    /// The grade ("none" for no grade).
    Grade {
        /// Expected.
        expected: String,
        /// Computed.
        got: String,
    },
    /// Whether the unit is disqualified.
    Disqualified {
        /// Expected.
        expected: bool,
        /// Computed.
        got: bool,
    },
    /// An item's score or status (`3`, `4 not_applicable`, `error`, `absent`).
    Item {
        /// The item's id.
        id: String,
        /// The item's name.
        name: String,
        /// Expected.
        expected: String,
        /// Computed.
        got: String,
    },
    /// A section's score.
    Section {
        /// The section's id.
        id: String,
        /// The section's name.
        name: String,
        /// Expected.
        expected: String,
        /// Computed.
        got: String,
    },
    /// A check's status.
    Check {
        /// The check's name.
        name: String,
        /// Expected.
        expected: String,
        /// Computed.
        got: String,
    },
    /// An indicator's display ("not defined" when it has none).
    Indicator {
        /// The indicator's name.
        name: String,
        /// Expected.
        expected: String,
        /// Computed.
        got: String,
    },
    /// An expected finding (`kind:target`, message if known) the result lacks.
    FindingRemoved(String, String),
    /// A finding (`kind:target`, message) the case does not expect.
    FindingAdded(String, String),
    /// An expected error (code, message if known) the result lacks.
    ErrorRemoved(String, String),
    /// An error (code, message) the case does not expect.
    ErrorAdded(String, String),
    /// Any other difference from a snapshot: the JSON path and both values.
    Detail {
        /// Where in the JSON report (`items[3].trace[0]`).
        path: String,
        /// Expected.
        expected: String,
        /// Computed.
        got: String,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let named = |kind: &str, id: &str, name: &str| {
            if id == name {
                format!("{kind} {id}")
            } else {
                format!("{kind} {id} {name}")
            }
        };
        let note = |message: &str| if message.is_empty() { String::new() } else { format!("  ({message})") };
        match self {
            Mismatch::Total { expected, got } => write!(f, "total  expected {expected}  got {got}"),
            Mismatch::Grade { expected, got } => write!(f, "grade  expected {expected}  got {got}"),
            Mismatch::Disqualified { expected, got } => {
                write!(f, "disqualified  expected {}  got {}", yes_no(*expected), yes_no(*got))
            }
            Mismatch::Item { id, name, expected, got } => {
                write!(f, "{}  expected {expected}  got {got}", named("item", id, name))
            }
            Mismatch::Section { id, name, expected, got } => {
                write!(f, "{}  expected {expected}  got {got}", named("section", id, name))
            }
            Mismatch::Check { name, expected, got } => write!(f, "check {name}  expected {expected}  got {got}"),
            Mismatch::Indicator { name, expected, got } => {
                write!(f, "indicator {name}  expected {expected}  got {got}")
            }
            Mismatch::FindingRemoved(key, message) => write!(f, "finding removed  {key}{}", note(message)),
            Mismatch::FindingAdded(key, message) => write!(f, "finding added  {key}{}", note(message)),
            Mismatch::ErrorRemoved(code, message) => write!(f, "error removed  {code}{}", note(message)),
            Mismatch::ErrorAdded(code, message) => write!(f, "error added  {code}{}", note(message)),
            Mismatch::Detail { path, expected, got } => write!(f, "{path}  expected {expected}  got {got}"),
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The mismatches, one per line, each line indented.
pub fn render(mismatches: &[Mismatch], indent: &str) -> String {
    mismatches.iter().map(|m| format!("{indent}{m}\n")).collect()
}

/// A status as written in cases and in the JSON report.
pub fn status_text(status: Status) -> &'static str {
    match status {
        Status::Computed => "computed",
        Status::Judged => "judged",
        Status::NotApplicable => "not_applicable",
        Status::Unverified => "unverified",
        Status::Error => "error",
    }
}

/// An item's result in one word or two: `3`, `2 judged`, `4 not_applicable`, `error`.
pub fn item_text(score: Option<Decimal>, status: Status) -> String {
    raw_item_text(score.map(show).as_deref(), status_text(status))
}

fn raw_item_text(score: Option<&str>, status: &str) -> String {
    match (score, status) {
        (_, "error") | (None, _) => status.to_string(),
        (Some(s), "computed") => s.to_string(),
        (Some(s), _) => format!("{s} {status}"),
    }
}

/// Expected keys (with a message, or "") against computed ones, as a multiset:
/// what is expected and absent is removed, what is present and unexpected is added.
pub fn multiset(
    expected: &[(String, String)],
    got: &[(String, String)],
    removed: fn(String, String) -> Mismatch,
    added: fn(String, String) -> Mismatch,
) -> Vec<Mismatch> {
    let mut left: Vec<Option<&(String, String)>> = got.iter().map(Some).collect();
    let mut out = Vec::new();
    for (key, message) in expected {
        match left.iter_mut().find(|g| g.is_some_and(|(k, _)| k == key)) {
            Some(slot) => *slot = None,
            None => out.push(removed(key.clone(), message.clone())),
        }
    }
    out.extend(left.into_iter().flatten().map(|(k, m)| added(k.clone(), m.clone())));
    out
}

/// What a report would be recorded as, for people: total, grade, every item,
/// indicators, checks, findings and errors.
pub fn summary(report: &Report, indent: &str) -> String {
    let mut lines = Vec::new();
    if !report.items.is_empty() {
        let total = report.total.map_or("none".to_string(), show);
        let grade = report.grade.clone().unwrap_or_else(|| "none".to_string());
        lines.push(format!("total {total} / {}  grade {grade}", show(report.max)));
    }
    if let Some(d) = &report.disqualification {
        lines.push(format!("disqualified by item {}: {}", d.item, d.reason));
    }
    for item in &report.items {
        let name = if item.id == item.name { String::new() } else { format!(" {}", item.name) };
        lines.push(format!("item {}{name}  {}", item.id, item_text(item.score, item.status)));
    }
    for i in &report.indicators {
        lines.push(format!("indicator {}  {}", i.name, i.display.as_deref().unwrap_or("not defined")));
    }
    for c in &report.checks {
        lines.push(format!("check {}  {}", c.name, c.status));
    }
    for f in &report.findings {
        lines.push(format!("finding {}:{}  {}", f.kind, f.target, f.message));
    }
    for e in &report.errors {
        lines.push(format!("error {}  {}", e.code, e.message));
    }
    lines.iter().map(|l| format!("{indent}{l}\n")).collect()
}

/// The differences between a recorded snapshot and the report's JSON, item
/// by item; where none of the figures differ, the JSON paths that do.
pub fn snapshot(expected: &Value, got: &Value) -> Vec<Mismatch> {
    if expected == got {
        return Vec::new();
    }
    let mut out = Vec::new();
    let text = |v: &Value, key: &str| scalar(v.get(key));
    let (e, g) = (text(expected, "total"), text(got, "total"));
    if e != g {
        out.push(Mismatch::Total { expected: e, got: g });
    }
    let (e, g) = (text(expected, "grade"), text(got, "grade"));
    if e != g {
        out.push(Mismatch::Grade { expected: e, got: g });
    }
    let flag = |v: &Value| v.get("disqualified").and_then(Value::as_bool).unwrap_or(false);
    if flag(expected) != flag(got) {
        out.push(Mismatch::Disqualified { expected: flag(expected), got: flag(got) });
    }
    let item = |v: &Value| raw_item_text(v.get("score").and_then(Value::as_str), &scalar(v.get("status")));
    for (id, name, e, g) in keyed(expected, got, "items", "id", item) {
        out.push(Mismatch::Item { id, name, expected: e, got: g });
    }
    for (id, name, e, g) in keyed(expected, got, "sections", "id", |v| scalar(v.get("score"))) {
        out.push(Mismatch::Section { id, name, expected: e, got: g });
    }
    for (name, _, e, g) in keyed(expected, got, "checks", "name", |v| scalar(v.get("status"))) {
        out.push(Mismatch::Check { name, expected: e, got: g });
    }
    let display = |v: &Value| v.get("display").and_then(Value::as_str).unwrap_or("not defined").to_string();
    for (name, _, e, g) in keyed(expected, got, "indicators", "name", display) {
        out.push(Mismatch::Indicator { name, expected: e, got: g });
    }
    let pairs = |v: &Value, list: &str, key: &dyn Fn(&Value) -> String| -> Vec<(String, String)> {
        entries(v, list).iter().map(|x| (key(x), scalar(x.get("message")))).collect()
    };
    let finding = |x: &Value| format!("{}:{}", scalar(x.get("kind")), scalar(x.get("target")));
    let (e, g) = (pairs(expected, "findings", &finding), pairs(got, "findings", &finding));
    out.extend(multiset(&e, &g, Mismatch::FindingRemoved, Mismatch::FindingAdded));
    let code = |x: &Value| scalar(x.get("code"));
    let (e, g) = (pairs(expected, "errors", &code), pairs(got, "errors", &code));
    out.extend(multiset(&e, &g, Mismatch::ErrorRemoved, Mismatch::ErrorAdded));
    if out.is_empty() {
        details(String::new(), expected, got, &mut out);
    }
    out
}

const MAX_DETAILS: usize = 8;

/// The JSON paths where two values differ (at most [`MAX_DETAILS`]).
fn details(path: String, expected: &Value, got: &Value, out: &mut Vec<Mismatch>) {
    if out.len() >= MAX_DETAILS || expected == got {
        return;
    }
    match (expected, got) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                let sub = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                details(sub, a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                details(format!("{path}[{i}]"), x, y, out);
            }
        }
        _ => out.push(Mismatch::Detail { path, expected: short(expected), got: short(got) }),
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

/// A scalar JSON value as shown: strings bare, `null` and absent as "none".
fn scalar(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "none".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn entries<'v>(v: &'v Value, list: &str) -> &'v [Value] {
    v.get(list).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Entries of a list in both values, matched by `key`, whose `shown` text
/// differs: (key, name, expected, got); "absent" on the side that lacks one.
fn keyed(
    expected: &Value,
    got: &Value,
    list: &str,
    key: &str,
    shown: impl Fn(&Value) -> String,
) -> Vec<(String, String, String, String)> {
    let (a, b) = (entries(expected, list), entries(got, list));
    let id = |v: &Value| scalar(v.get(key));
    let name = |v: &Value| v.get("name").and_then(Value::as_str).map_or_else(|| id(v), str::to_string);
    let mut out = Vec::new();
    for x in a {
        match b.iter().find(|y| id(y) == id(x)) {
            Some(y) if shown(x) != shown(y) => out.push((id(x), name(y), shown(x), shown(y))),
            Some(_) => {}
            None => out.push((id(x), name(x), shown(x), "absent".to_string())),
        }
    }
    for y in b.iter().filter(|y| !a.iter().any(|x| id(x) == id(y))) {
        out.push((id(y), name(y), "absent".to_string(), shown(y)));
    }
    out
}
