//! Comparing a case's `[expect]` table with a report.

use rust_decimal::Decimal;

use super::diff::{item_text, multiset, status_text, Mismatch};
use super::expect::Expectations;
use crate::eval::report::{show, Report};

/// Everything the expectations name that the report does not match.
pub fn compare(expect: &Expectations, report: &Report) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let number = |d: Option<Decimal>| d.map_or("none".to_string(), show);
    if let Some(total) = expect.total {
        if total != report.total {
            out.push(Mismatch::Total { expected: number(total), got: number(report.total) });
        }
    }
    if let Some(grade) = &expect.grade {
        if grade != &report.grade {
            let shown = |g: &Option<String>| g.clone().unwrap_or_else(|| "none".to_string());
            out.push(Mismatch::Grade { expected: shown(grade), got: shown(&report.grade) });
        }
    }
    if let Some(d) = expect.disqualified.filter(|d| *d != report.disqualified) {
        out.push(Mismatch::Disqualified { expected: d, got: report.disqualified });
    }
    for (id, x) in &expect.items {
        let Some(item) = report.items.iter().find(|i| &i.id == id) else { continue };
        let score_ok = x.score.is_none_or(|s| item.score == Some(s));
        let status_ok = x.status.is_none_or(|s| item.status == s);
        if !(score_ok && status_ok) {
            let expected = match (x.score, x.status) {
                (Some(s), Some(st)) => item_text(Some(s), st),
                (Some(s), None) => show(s),
                (None, Some(st)) => status_text(st).to_string(),
                (None, None) => String::new(),
            };
            let got = item_text(item.score, item.status);
            out.push(Mismatch::Item { id: id.clone(), name: item.name.clone(), expected, got });
        }
    }
    for (id, score) in &expect.sections {
        let Some(section) = report.sections.iter().find(|s| &s.id == id) else { continue };
        if *score != section.score {
            let (expected, got) = (number(*score), number(section.score));
            out.push(Mismatch::Section { id: id.clone(), name: section.name.clone(), expected, got });
        }
    }
    for (name, status) in &expect.checks {
        let got = report.checks.iter().find(|c| &c.name == name).map_or("absent", |c| c.status);
        if got != status {
            out.push(Mismatch::Check { name: name.clone(), expected: status.clone(), got: got.to_string() });
        }
    }
    for (name, display) in &expect.indicators {
        let got = report.indicators.iter().find(|i| &i.name == name).and_then(|i| i.display.clone());
        if &got != display {
            let shown = |d: &Option<String>| d.clone().unwrap_or_else(|| "not defined".to_string());
            out.push(Mismatch::Indicator { name: name.clone(), expected: shown(display), got: shown(&got) });
        }
    }
    let keys = |list: &[String]| list.iter().map(|k| (k.clone(), String::new())).collect::<Vec<_>>();
    if let Some(findings) = &expect.findings {
        let got: Vec<(String, String)> =
            report.findings.iter().map(|f| (format!("{}:{}", f.kind, f.target), f.message.clone())).collect();
        out.extend(multiset(&keys(findings), &got, Mismatch::FindingRemoved, Mismatch::FindingAdded));
    }
    if let Some(errors) = &expect.errors {
        let got: Vec<(String, String)> = report.errors.iter().map(|e| (e.code.clone(), e.message.clone())).collect();
        out.extend(multiset(&keys(errors), &got, Mismatch::ErrorRemoved, Mismatch::ErrorAdded));
    }
    out
}
