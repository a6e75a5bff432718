//! Several units side by side: units as columns, items as rows, totals and
//! grades at the bottom, then each unit's findings.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{rows, Row};
use crate::eval::report::{show, ItemReport, Report, Status};

/// A unit's column label: its project, else its name, else the given fallback (the file name).
pub fn label(report: &Report, fallback: &str) -> String {
    report.unit.project.clone().or_else(|| report.unit.name.clone()).unwrap_or_else(|| fallback.to_string())
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(UnicodeWidthStr::width(text))))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(UnicodeWidthStr::width(text))))
}

fn cell(item: Option<&ItemReport>) -> String {
    let Some(item) = item else { return String::new() };
    let score = item.score.map_or_else(|| "—".to_string(), show);
    let mark = match item.status {
        Status::Unverified => "?",
        Status::NotApplicable => "~",
        Status::Error => "!",
        _ if item.reported.is_some_and(|r| Some(r) != item.score) => "✗",
        _ => "",
    };
    format!("{score}{mark}")
}

/// The comparison table of several reports of one rubric; `labels` name the columns.
pub fn comparison(reports: &[Report], labels: &[String]) -> String {
    let mut out = String::new();
    let Some(first) = reports.first() else { return out };
    let _ = writeln!(out, "{}\n", first.rubric.title);
    let short = labels.iter().all(|l| UnicodeWidthStr::width(l.as_str()) <= 12);
    let heads: Vec<String> =
        if short { labels.to_vec() } else { (1..=labels.len()).map(|i| format!("[{i}]")).collect() };
    let grades: Vec<String> = reports
        .iter()
        .map(|r| {
            if r.disqualified {
                crate::tr!("disq.", "取消资格")
            } else {
                r.grade.clone().unwrap_or_else(|| "—".to_string())
            }
        })
        .collect();
    let undefined = crate::tr!("n/d", "未定义");
    // Each column as wide as its widest cell (scores, totals, grades, indicator values).
    let widths: Vec<usize> = heads
        .iter()
        .zip(reports)
        .zip(&grades)
        .map(|((h, r), g)| {
            r.indicators
                .iter()
                .filter_map(|i| i.display.as_deref())
                .map(UnicodeWidthStr::width)
                .chain([UnicodeWidthStr::width(h.as_str()), UnicodeWidthStr::width(g.as_str())])
                .max()
                .unwrap_or(0)
                .max(7)
        })
        .collect();
    let table_rows = rows(first);
    let (total_word, reported_word, grade_word, findings_word) = (
        crate::tr!("total", "合计"),
        crate::tr!("reported total", "自评合计"),
        crate::tr!("grade", "等级"),
        crate::tr!("findings", "审核问题"),
    );
    let (failed_word, warning_word) =
        (crate::tr!("checks failed", "审核未通过"), crate::tr!("check warnings", "审核警告"));
    // The words of the bottom rows are names too: the name column is as wide as they are.
    let mut words: Vec<&str> = Vec::new();
    if !first.items.is_empty() {
        words.extend([total_word.as_str(), &reported_word, &grade_word, &findings_word]);
    }
    if !first.checks.is_empty() {
        words.extend([failed_word.as_str(), &warning_word]);
    }
    let name_width = table_rows
        .iter()
        .map(|r| match r {
            Row::Section(s) => UnicodeWidthStr::width(s.name.as_str()) + 2 * s.depth,
            Row::Item(i) => UnicodeWidthStr::width(i.name.as_str()) + 2 * i.path.len(),
        })
        .chain(first.indicators.iter().map(|i| UnicodeWidthStr::width(i.name.as_str())))
        .chain(words.into_iter().map(UnicodeWidthStr::width))
        .max()
        .unwrap_or(8)
        .max(8);
    let id_width = first
        .items
        .iter()
        .map(|i| UnicodeWidthStr::width(i.id.as_str()))
        .chain(first.sections.iter().map(|s| UnicodeWidthStr::width(s.id.as_str())))
        .max()
        .unwrap_or(2)
        .max(5);
    let line = |out: &mut String, id: &str, name: &str, max: &str, cells: Vec<String>| {
        let mut text = format!("{}  {}  {}", pad(id, id_width), pad(name, name_width), pad_left(max, 5));
        for (c, w) in cells.iter().zip(&widths) {
            text.push_str("  ");
            text.push_str(&pad_left(c, *w));
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(&mut out, &crate::tr!("id", "编号"), &crate::tr!("item", "指标"), &crate::tr!("max", "分值"), heads.clone());
    for row in &table_rows {
        match row {
            Row::Section(s) => {
                let cells = reports
                    .iter()
                    .map(|r| {
                        r.sections
                            .iter()
                            .find(|x| x.id == s.id)
                            .and_then(|x| x.score)
                            .map_or_else(|| "—".to_string(), show)
                    })
                    .collect();
                line(&mut out, &s.id, &format!("{}{}", "  ".repeat(s.depth), s.name), &show(s.max), cells);
            }
            Row::Item(i) => {
                let cells = reports.iter().map(|r| cell(r.items.iter().find(|x| x.id == i.id))).collect();
                line(&mut out, &i.id, &format!("{}{}", "  ".repeat(i.path.len()), i.name), &show(i.max), cells);
            }
        }
    }
    if !first.items.is_empty() {
        line(
            &mut out,
            "",
            &total_word,
            &show(first.max),
            reports.iter().map(|r| r.total.map_or_else(|| "—".to_string(), show)).collect(),
        );
        line(
            &mut out,
            "",
            &reported_word,
            "",
            reports.iter().map(|r| r.reported_total.map_or_else(|| "—".to_string(), show)).collect(),
        );
        line(&mut out, "", &grade_word, "", grades);
        line(&mut out, "", &findings_word, "", reports.iter().map(|r| r.findings.len().to_string()).collect());
    }
    for (index, indicator) in first.indicators.iter().enumerate() {
        let cells = reports
            .iter()
            .map(|r| r.indicators.get(index).and_then(|i| i.display.clone()).unwrap_or_else(|| undefined.clone()))
            .collect();
        line(&mut out, "", &indicator.name, "", cells);
    }
    if !first.checks.is_empty() {
        for (label, level) in [(&failed_word, "error"), (&warning_word, "warning")] {
            let cells = reports
                .iter()
                .map(|r| r.checks.iter().filter(|c| c.status == "failed" && c.level == level).count().to_string())
                .collect();
            line(&mut out, "", label, "", cells);
        }
    }
    if first.items.is_empty() {
        let _ = writeln!(out, "\n{}", crate::tr!("n/d not defined", "未定义：数据不足或除数为零，无法计算"));
    } else {
        let _ = writeln!(
            out,
            "\n{}",
            crate::tr!(
                "? unverified (reported score taken)   ~ 缺省项   ! not scored   ✗ differs from the reported score",
                "? 未核实（采用自评分）   ~ 缺省项   ! 未计分   ✗ 与自评分不符"
            )
        );
    }
    if !short {
        let _ = writeln!(out);
        for (i, l) in labels.iter().enumerate() {
            let _ = writeln!(out, "[{}] {l}", i + 1);
        }
    }
    for (report, label) in reports.iter().zip(labels) {
        let failed: Vec<&crate::eval::report::CheckReport> = report.checks.iter().filter(|c| c.status == "failed").collect();
        let undefined: Vec<&crate::eval::report::IndicatorReport> = report.indicators.iter().filter(|i| !i.defined).collect();
        if report.findings.is_empty() && report.errors.is_empty() && failed.is_empty() && undefined.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{label}");
        for f in &report.findings {
            let _ = writeln!(out, "  ✗ {}", f.message);
        }
        for c in failed {
            let (mark, name, message) = (if c.level == "warning" { "!" } else { "✗" }, &c.name, &c.message);
            let _ = writeln!(
                out,
                "{}",
                crate::tr!("  {mark} check `{name}`: {message}", "  {mark} 审核“{name}”：{message}")
            );
        }
        for i in undefined {
            let (name, reason) = (&i.name, i.reason.clone().unwrap_or_default());
            let _ = writeln!(out, "{}", crate::tr!("  - {name}: {reason}", "  - {name}：{reason}"));
        }
        for e in report.errors.iter().filter(|e| e.code != "data::check") {
            let _ = writeln!(out, "  ! {} [{}]", e.message, e.code);
        }
    }
    out
}
