//! The terminal table: the paper 计分表, with the explanation of every point.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{rows, status_word, Row};
use crate::eval::report::{show, Report, Status};

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
    let name = &report.rubric.title;
    let title = match (&report.rubric.version, report.rubric.year) {
        (Some(v), _) => crate::tr!("{name} ({v})", "{name}（{v}）"),
        (None, Some(y)) => crate::tr!("{name} ({y})", "{name}（{y}）"),
        _ => name.clone(),
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
    // The heading "id" (编号) is as wide as the widest id at least.
    let id_head = crate::tr!("id", "编号");
    let id_width = id_width.max(UnicodeWidthStr::width(id_head.as_str()));
    let header = format!(
        "{}  {}  {}  {}  {}  {}",
        pad(&id_head, id_width),
        pad(&crate::tr!("item", "指标"), label_width),
        pad_left(&crate::tr!("max", "分值"), 5),
        pad_left(&crate::tr!("score", "得分"), 6),
        pad_left(&crate::tr!("reported", "自评分"), 8),
        crate::tr!("status", "状态")
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
    for (bonus, capped) in [(true, &report.bonus), (false, &report.deduction)] {
        if let Some(c) = capped {
            let (score, raw, cap, reported) = (opt(c.score), opt(c.raw), show(c.cap), opt(c.reported));
            // The section's own name usually says 加分项 or 减分项 already: then it is not said twice.
            let name = match (bonus, crate::base::i18n::lang()) {
                (true, crate::base::i18n::Lang::Zh) if !c.name.contains("加分") => format!("加分项 {}", c.name),
                (false, crate::base::i18n::Lang::Zh) if !c.name.contains("减分") => format!("减分项 {}", c.name),
                (_, crate::base::i18n::Lang::Zh) => c.name.clone(),
                (true, crate::base::i18n::Lang::En) => format!("bonus {}", c.name),
                (false, crate::base::i18n::Lang::En) => format!("deduction {}", c.name),
            };
            let _ = writeln!(
                out,
                "{}",
                crate::tr!(
                    "{name}: {score} (the items give {raw}, cap {cap}), reported {reported}",
                    "{name}：{score}（各项合计 {raw}，上限 {cap}），自评 {reported}"
                )
            );
        }
    }
    let (score, max) = (opt(report.total), show(report.max));
    let mut total = crate::tr!("total {score} / {max}", "合计 {score} / {max}");
    if let Some(reported) = report.reported_total {
        let reported = show(reported);
        total.push_str(&crate::tr!(" (reported {reported})", "（自评 {reported}）"));
    }
    let grade = match (&report.grade, report.disqualified) {
        (_, true) => p.red(&crate::tr!("no grade: disqualified", "不评等级：取消资格")),
        (Some(g), false) => crate::tr!("grade {g}", "等级 {g}"),
        (None, false) => crate::tr!("no grade", "无等级"),
    };
    let _ = writeln!(out, "{}   {}", p.bold(&total), p.bold(&grade));
    if let Some(d) = &report.disqualification {
        let (item, reason) = (&d.item, &d.reason);
        let _ = writeln!(
            out,
            "{}",
            p.red(&crate::tr!("disqualified by item {item}: {reason}", "因指标 {item} 取消资格：{reason}"))
        );
    }
    if !report.not_applicable.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&crate::tr!("缺省项 (not applicable)", "缺省项")));
        for na in &report.not_applicable {
            let (id, name, reason, score) = (&na.id, &na.name, &na.reason, opt(na.score));
            let line = match (na.claimed, &na.stated) {
                (true, Some(stated)) => crate::tr!(
                    "  {id}  {name}  {reason} (the rubric's reason; the unit writes: {stated}) → {score}",
                    "  {id}  {name}  {reason}（评分表所列理由；单位填写：{stated}）→ {score}"
                ),
                (true, None) => crate::tr!(
                    "  {id}  {name}  {reason} (claimed) → {score}",
                    "  {id}  {name}  {reason}（单位申报）→ {score}"
                ),
                (false, _) => crate::tr!(
                    "  {id}  {name}  {reason} (by rule) → {score}",
                    "  {id}  {name}  {reason}（按规则认定）→ {score}"
                ),
            };
            let _ = writeln!(out, "{line}");
        }
    }
    let unverified = report.items.iter().filter(|i| i.status == Status::Unverified).count();
    if unverified > 0 {
        let note = if unverified == 1 {
            crate::tr!(
                "1 item is unverified: its facts were not (all) given, so the unit's own score is taken.",
                "1 项指标未核实：计分所需数据未（全部）提供，采用单位自评分。"
            )
        } else {
            crate::tr!(
                "{unverified} items are unverified: their facts were not (all) given, so the unit's own score is taken.",
                "{unverified} 项指标未核实：计分所需数据未（全部）提供，采用单位自评分。"
            )
        };
        let _ = writeln!(out, "\n{note}");
    }
}

fn indicators_and_checks(out: &mut String, report: &Report, p: &Paint) {
    if !report.indicators.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&crate::tr!("indicators", "分析指标")));
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
        let (passed, failed) = (count("passed", None), count("failed", Some("error")));
        let (warned, skipped) = (count("failed", Some("warning")), count("skipped", None));
        let summary = crate::tr!(
            "checks: {passed} passed, {failed} failed, {warned} with a warning, {skipped} skipped (figures not given)",
            "审核：{passed} 项通过，{failed} 项未通过，{warned} 项警告，{skipped} 项跳过（数据未提供）"
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
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(&crate::tr!("audit: the unit reported no figures to audit", "审核：单位未填报自评分，无可审核"))
        );
    } else if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold(&crate::tr!("audit: the unit's figures agree with the rules", "审核：单位自评与计分规则一致"))
        );
    } else {
        let n = report.findings.len();
        let _ = writeln!(out, "\n{}", p.bold(&crate::tr!("audit findings ({n})", "审核发现问题（{n} 项）")));
        for f in &report.findings {
            let _ = writeln!(out, "  {} {}", p.red("✗"), f.message);
        }
    }
    errors(out, report, p);
}

fn errors(out: &mut String, report: &Report, p: &Paint) {
    if !report.errors.is_empty() {
        let n = report.errors.len();
        let _ = writeln!(out, "\n{}", p.bold(&crate::tr!("errors ({n})", "错误（{n} 个）")));
        for e in &report.errors {
            let _ = writeln!(out, "  {} {} [{}]", p.red("✗"), e.message, e.code);
        }
    }
}
