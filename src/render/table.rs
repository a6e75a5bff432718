//! The terminal table: the paper 计分表, with the explanation of every point.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{rows, status_word, Row};
use crate::report::{show, Report, Status};

/// Colour or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours (terminal).
    Color,
    /// No escape codes.
    Plain,
}

struct Paint(Style);

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        match self.0 {
            Style::Color => format!("\x1b[{code}m{text}\x1b[0m"),
            Style::Plain => text.to_string(),
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn status(&self, status: Status, t: &str) -> String {
        let code = match status {
            Status::Computed => "32",
            Status::Judged => "34",
            Status::NotApplicable => "36",
            Status::Unverified => "33",
            Status::Error => "31",
        };
        self.paint(code, t)
    }
    fn red(&self, t: &str) -> String {
        self.paint("31", t)
    }
}

/// Pads `text` to `width` terminal columns (CJK characters count two).
fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn pad_left(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), show)
}

/// Renders one report as a terminal table.
pub fn table(report: &Report, style: Style) -> String {
    let p = Paint(style);
    let mut out = String::new();
    let title = match (&report.rubric.version, report.rubric.year) {
        (Some(v), _) => format!("{} ({v})", report.rubric.title),
        (None, Some(y)) => format!("{} ({y})", report.rubric.title),
        _ => report.rubric.title.clone(),
    };
    let _ = writeln!(out, "{}", p.bold(&title));
    let unit: Vec<&str> =
        [&report.unit.name, &report.unit.project, &report.unit.year].iter().filter_map(|s| s.as_deref()).collect();
    if !unit.is_empty() {
        let _ = writeln!(out, "{}", unit.join(" · "));
    }

    let rows = rows(report);
    if !rows.is_empty() {
        items_table(&mut out, report, &rows, &p);
    }
    indicators_and_checks(&mut out, report, &p);
    audit_and_errors(&mut out, report, &p);
    out
}

fn items_table(out: &mut String, report: &Report, rows: &[Row<'_>], p: &Paint) {
    let _ = writeln!(out);
    let label_width = rows
        .iter()
        .map(|r| match r {
            Row::Section(s) => UnicodeWidthStr::width(s.name.as_str()) + 2 * s.depth,
            Row::Item(i) => UnicodeWidthStr::width(i.name.as_str()) + 2 * i.path.len(),
        })
        .max()
        .unwrap_or(10)
        .max(10);
    let id_width = rows
        .iter()
        .map(|r| match r {
            Row::Section(s) => UnicodeWidthStr::width(s.id.as_str()),
            Row::Item(i) => UnicodeWidthStr::width(i.id.as_str()),
        })
        .max()
        .unwrap_or(2)
        .max(2);
    let header = format!(
        "{}  {}  {}  {}  {}  {}",
        pad("id", id_width),
        pad("item", label_width),
        pad_left("max", 5),
        pad_left("score", 6),
        pad_left("reported", 8),
        "status"
    );
    let _ = writeln!(out, "{}", p.bold(&header));
    for row in rows {
        match *row {
            Row::Section(s) => {
                let name = format!("{}{}", "  ".repeat(s.depth), s.name);
                let line = format!(
                    "{}  {}  {}  {}  {}",
                    pad(&s.id, id_width),
                    pad(&name, label_width),
                    pad_left(&show(s.max), 5),
                    pad_left(&opt(s.score), 6),
                    pad_left(&opt(s.reported), 8)
                );
                let _ = writeln!(out, "{}", p.bold(line.trim_end()));
            }
            Row::Item(i) => {
                let name = format!("{}{}", "  ".repeat(i.path.len()), i.name);
                let flag = match (i.reported, i.score) {
                    (Some(r), Some(s)) if r != s && i.status != Status::Unverified => p.red(" ✗"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{}  {}  {}  {}  {}  {}{flag}",
                    pad(&i.id, id_width),
                    pad(&name, label_width),
                    pad_left(&show(i.max), 5),
                    pad_left(&opt(i.score), 6),
                    pad_left(&opt(i.reported), 8),
                    p.status(i.status, status_word(i.status)),
                );
                let indent = " ".repeat(id_width + 2 + 2 * i.path.len() + 2);
                for line in &i.trace {
                    let _ = writeln!(out, "{indent}{}", p.dim(line));
                }
                if i.status == Status::Error {
                    if let Some(reason) = &i.reason {
                        let _ = writeln!(out, "{indent}{}", p.red(reason));
                    }
                }
            }
        }
    }
    let _ = writeln!(out);
    for (word, capped) in [("bonus", &report.bonus), ("deduction", &report.deduction)] {
        if let Some(c) = capped {
            let _ = writeln!(
                out,
                "{word} {}: {} (the items give {}, cap {}), reported {}",
                c.name,
                opt(c.score),
                opt(c.raw),
                show(c.cap),
                opt(c.reported)
            );
        }
    }
    let mut total = format!("total {} / {}", opt(report.total), show(report.max));
    if let Some(reported) = report.reported_total {
        total.push_str(&format!(" (reported {})", show(reported)));
    }
    let grade = match (&report.grade, report.disqualified) {
        (_, true) => p.red("no grade: disqualified"),
        (Some(g), false) => format!("grade {g}"),
        (None, false) => "no grade".to_string(),
    };
    let _ = writeln!(out, "{}   {}", p.bold(&total), p.bold(&grade));
    if let Some(d) = &report.disqualification {
        let _ = writeln!(out, "{}", p.red(&format!("disqualified by item {}: {}", d.item, d.reason)));
    }
    if !report.not_applicable.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("缺省项 (not applicable)"));
        for na in &report.not_applicable {
            let by = if na.claimed { "claimed" } else { "by rule" };
            let _ = writeln!(out, "  {}  {}  {} ({by}) → {}", na.id, na.name, na.reason, opt(na.score));
        }
    }
    let unverified = report.items.iter().filter(|i| i.status == Status::Unverified).count();
    if unverified > 0 {
        let (n, their) = if unverified == 1 {
            ("1 item is".to_string(), "its")
        } else {
            (format!("{unverified} items are"), "their")
        };
        let _ =
            writeln!(out, "\n{n} unverified: {their} facts were not (all) given, so the unit's own score is taken.");
    }
}

fn indicators_and_checks(out: &mut String, report: &Report, p: &Paint) {
    if !report.indicators.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("indicators"));
        let width = report.indicators.iter().map(|i| UnicodeWidthStr::width(i.name.as_str())).max().unwrap_or(4);
        for i in &report.indicators {
            let value = match (&i.display, &i.reason) {
                (Some(d), _) => d.clone(),
                (None, Some(reason)) => p.dim(reason),
                (None, None) => "—".to_string(),
            };
            let _ = writeln!(out, "  {}  {}", pad(&i.name, width), value);
        }
    }
    if !report.checks.is_empty() {
        let count = |status: &str, level: Option<&str>| {
            report.checks.iter().filter(|c| c.status == status && level.is_none_or(|l| c.level == l)).count()
        };
        let summary = format!(
            "checks: {} passed, {} failed, {} with a warning, {} skipped (figures not given)",
            count("passed", None),
            count("failed", Some("error")),
            count("failed", Some("warning")),
            count("skipped", None)
        );
        let _ = writeln!(out, "\n{}", p.bold(&summary));
        for c in report.checks.iter().filter(|c| c.status != "passed") {
            let mark = match (c.status, c.level) {
                ("passed", _) => p.status(Status::Computed, "✓"),
                ("failed", "warning") => p.status(Status::Unverified, "!"),
                ("failed", _) => p.red("✗"),
                _ => p.dim("-"),
            };
            let _ = writeln!(out, "  {mark} {}  {}", c.name, p.dim(&c.message));
        }
    }
}

fn audit_and_errors(out: &mut String, report: &Report, p: &Paint) {
    if report.items.is_empty() && report.reported_total.is_none() && report.reported_grade.is_none() {
        return errors(out, report, p);
    }
    let nothing_reported = report.reported_total.is_none()
        && report.reported_grade.is_none()
        && report.items.iter().all(|i| i.reported.is_none())
        && report.sections.iter().all(|s| s.reported.is_none());
    if report.findings.is_empty() && nothing_reported {
        let _ = writeln!(out, "\n{}", p.bold("audit: the unit reported no figures to audit"));
    } else if report.findings.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("audit: the unit's figures agree with the rules"));
    } else {
        let _ = writeln!(out, "\n{}", p.bold(&format!("audit findings ({})", report.findings.len())));
        for f in &report.findings {
            let _ = writeln!(out, "  {} {}", p.red("✗"), f.message);
        }
    }
    errors(out, report, p);
}

fn errors(out: &mut String, report: &Report, p: &Paint) {
    if !report.errors.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&format!("errors ({})", report.errors.len())));
        for e in &report.errors {
            let _ = writeln!(out, "  {} {} [{}]", p.red("✗"), e.message, e.code);
        }
    }
}
