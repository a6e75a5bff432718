//! What differs between an expected and a computed result, item by item, and
//! how that reads.

use std::fmt;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::eval::report::{show, Report, Status};

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
        let note = |message: &str| {
            if message.is_empty() {
                String::new()
            } else {
                crate::tr!("  ({message})", "  （{message}）")
            }
        };
        // "expected … got …", the values as shown.
        let versus = |expected: &str, got: &str| {
            let (expected, got) = (value(expected), value(got));
            crate::tr!("expected {expected}  got {got}", "预期 {expected}  实际 {got}")
        };
        let text = match self {
            Mismatch::Total { expected, got } => format!("{}  {}", crate::tr!("total", "合计"), versus(expected, got)),
            Mismatch::Grade { expected, got } => format!("{}  {}", crate::tr!("grade", "等级"), versus(expected, got)),
            Mismatch::Disqualified { expected, got } => {
                format!("{}  {}", crate::tr!("disqualified", "取消资格"), versus(&yes_no(*expected), &yes_no(*got)))
            }
            Mismatch::Item { id, name, expected, got } => {
                format!("{}  {}", named(&crate::tr!("item", "指标"), id, name), versus(expected, got))
            }
            Mismatch::Section { id, name, expected, got } => {
                format!("{}  {}", named(&crate::tr!("section", "部分"), id, name), versus(expected, got))
            }
            Mismatch::Check { name, expected, got } => {
                format!("{}  {}", crate::tr!("check {name}", "审核 {name}"), versus(expected, got))
            }
            Mismatch::Indicator { name, expected, got } => {
                format!("{}  {}", crate::tr!("indicator {name}", "分析指标 {name}"), versus(expected, got))
            }
            Mismatch::FindingRemoved(key, message) => {
                format!("{}  {key}{}", crate::tr!("finding removed", "缺少审核问题"), note(message))
            }
            Mismatch::FindingAdded(key, message) => {
                format!("{}  {key}{}", crate::tr!("finding added", "多出审核问题"), note(message))
            }
            Mismatch::ErrorRemoved(code, message) => {
                format!("{}  {code}{}", crate::tr!("error removed", "缺少错误"), note(message))
            }
            Mismatch::ErrorAdded(code, message) => {
                format!("{}  {code}{}", crate::tr!("error added", "多出错误"), note(message))
            }
            Mismatch::Detail { path, expected, got } => format!("{path}  {}", versus(expected, got)),
        };
        f.write_str(&text)
    }
}

/// A value of a mismatch as shown: "absent" (the result or the expectation has no such
/// entry) and "none" (no total, no grade) in the thread's language; everything else
/// (scores, status words, check results) as written in cases.
fn value(text: &str) -> String {
    match text {
        "absent" => crate::tr!("absent", "（无此项）"),
        "none" => crate::tr!("none", "无"),
        other => other.to_string(),
    }
}

fn yes_no(b: bool) -> String {
    if b {
        crate::tr!("yes", "是")
    } else {
        crate::tr!("no", "否")
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
        let total = report.total.map_or_else(|| crate::tr!("none", "无"), show);
        let grade = report.grade.clone().unwrap_or_else(|| crate::tr!("none", "无"));
        let max = show(report.max);
        lines.push(crate::tr!("total {total} / {max}  grade {grade}", "合计 {total} / {max}  等级 {grade}"));
    }
    if let Some(d) = &report.disqualification {
        let (item, reason) = (&d.item, &d.reason);
        lines.push(crate::tr!("disqualified by item {item}: {reason}", "因指标 {item} 取消资格：{reason}"));
    }
    for item in &report.items {
        let name = if item.id == item.name { String::new() } else { format!(" {}", item.name) };
        let (id, result) = (&item.id, item_text(item.score, item.status));
        lines.push(crate::tr!("item {id}{name}  {result}", "指标 {id}{name}  {result}"));
    }
    for i in &report.indicators {
        let (name, display) = (&i.name, i.display.as_deref().unwrap_or("not defined"));
        lines.push(crate::tr!("indicator {name}  {display}", "分析指标 {name}  {display}"));
    }
    for c in &report.checks {
        let (name, status) = (&c.name, c.status);
        lines.push(crate::tr!("check {name}  {status}", "审核 {name}  {status}"));
    }
    for f in &report.findings {
        let (kind, target, message) = (&f.kind, &f.target, &f.message);
        lines.push(crate::tr!("finding {kind}:{target}  {message}", "审核问题 {kind}:{target}  {message}"));
    }
    for e in &report.errors {
        let (code, message) = (&e.code, &e.message);
        lines.push(crate::tr!("error {code}  {message}", "错误 {code}  {message}"));
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
