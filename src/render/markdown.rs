//! The Markdown report: one table, then the 缺省项 and the findings.

use std::fmt::Write;

use super::{rows, status_word, Row};
use crate::report::{show, Report};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or_else(String::new, show)
}

/// Renders one report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&report.rubric.title));
    if let Some(name) = &report.unit.name {
        let _ = writeln!(
            out,
            "**{}**{}\n",
            cell(name),
            report.unit.year.as_ref().map_or(String::new(), |y| format!(" · {y}"))
        );
    }
    if !report.items.is_empty() {
        items(&mut out, report);
    }
    derived(&mut out, report);
    if !report.errors.is_empty() {
        let _ = writeln!(out, "\n## Errors\n");
        for e in &report.errors {
            let _ = writeln!(out, "- `{}` {}", e.code, cell(&e.message));
        }
    }
    out
}

fn derived(out: &mut String, report: &Report) {
    if !report.indicators.is_empty() {
        let _ = writeln!(out, "\n## Indicators\n\n| indicator | value |\n|---|---:|");
        for i in &report.indicators {
            let value = i.display.clone().or_else(|| i.reason.clone()).unwrap_or_default();
            let _ = writeln!(out, "| {} | {} |", cell(&i.name), cell(&value));
        }
    }
    if !report.checks.is_empty() {
        let passed = report.checks.iter().filter(|c| c.status == "passed").count();
        let _ = writeln!(out, "\n## Checks\n\n{passed} of {} passed.\n", report.checks.len());
        for c in report.checks.iter().filter(|c| c.status != "passed") {
            let mark = match (c.status, c.level) {
                ("failed", "warning") => "⚠ warning",
                ("failed", _) => "✗ failed",
                _ => "– skipped",
            };
            let _ = writeln!(out, "- {mark} **{}**: {}", cell(&c.name), cell(&c.message));
        }
    }
}

fn items(out: &mut String, report: &Report) {
    let _ = writeln!(out, "| id | item | max | score | reported | status | explanation |");
    let _ = writeln!(out, "|---|---|---:|---:|---:|---|---|");
    for row in rows(report) {
        match row {
            Row::Section(s) => {
                let _ = writeln!(
                    out,
                    "| **{}** | **{}** | **{}** | **{}** | {} | | |",
                    cell(&s.id),
                    cell(&s.name),
                    show(s.max),
                    opt(s.score),
                    opt(s.reported)
                );
            }
            Row::Item(i) => {
                let explanation = i.trace.iter().map(|t| cell(t)).collect::<Vec<_>>().join("<br>");
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    cell(&i.id),
                    cell(&i.name),
                    show(i.max),
                    opt(i.score),
                    opt(i.reported),
                    status_word(i.status),
                    explanation
                );
            }
        }
    }
    let grade = if report.disqualified {
        "— (disqualified)".to_string()
    } else {
        report.grade.clone().unwrap_or_else(|| "—".to_string())
    };
    let _ = writeln!(
        out,
        "\n**Total {} / {}** · **Grade {}**",
        report.total.map_or_else(|| "—".to_string(), show),
        show(report.max),
        cell(&grade)
    );
    if let Some(d) = &report.disqualification {
        let _ = writeln!(out, "\nDisqualified by item {}: {}", cell(&d.item), cell(&d.reason));
    }
    if !report.not_applicable.is_empty() {
        let _ = writeln!(out, "\n## 缺省项\n");
        for na in &report.not_applicable {
            let _ =
                writeln!(out, "- **{}** {}: {} → {}", cell(&na.id), cell(&na.name), cell(&na.reason), opt(na.score));
        }
    }
    let _ = writeln!(out, "\n## Audit findings\n");
    if report.findings.is_empty() {
        let _ = writeln!(out, "None: the unit's figures agree with the rules.");
    }
    for f in &report.findings {
        let _ = writeln!(out, "- {}", cell(&f.message));
    }
}
