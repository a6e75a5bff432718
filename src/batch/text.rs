//! The summary as text: CSV (for a spreadsheet), JSON (decimals as strings),
//! Markdown (for people, and what `rubric batch` prints without `--out`).

use std::fmt::Write;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::summary::{Summary, UnitRow};
use crate::report::show;
use crate::tr;

fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(String::new, show)
}

fn yes_no(b: bool) -> String {
    if b {
        tr!("yes", "是")
    } else {
        tr!("no", "否")
    }
}

/// The grade as shown in a summary: the grade, or why there is none.
pub(crate) fn grade_text(unit: &UnitRow) -> String {
    if !unit.scored {
        tr!("not scored", "未计分")
    } else if unit.disqualified {
        tr!("disqualified", "取消资格")
    } else {
        unit.grade.clone().unwrap_or_else(|| "—".to_string())
    }
}

/// A section's name as a column heading: `二.2.1 1、申报时间`; the name alone
/// when it starts with the id (`一、基础管理`, `投入`).
pub(crate) fn section_heading(id: &str, name: &str) -> String {
    if name.starts_with(id) {
        name.to_string()
    } else {
        format!("{id} {name}")
    }
}

/// The headings of the ranking table, before the section and indicator columns.
pub(crate) fn ranking_headings() -> Vec<String> {
    vec![
        tr!("rank", "名次"),
        tr!("no.", "序号"),
        tr!("unit", "单位"),
        tr!("source", "来源"),
        tr!("total", "总分"),
        tr!("max", "满分"),
        tr!("grade", "等级"),
        tr!("reported total", "自评总分"),
        tr!("disqualified", "取消资格"),
        tr!("audit findings", "审核问题"),
        tr!("缺省项", "缺省项"),
        tr!("errors", "错误"),
        tr!("warnings", "警告"),
    ]
}

/// A CSV field: quoted when it must be. Text that a spreadsheet would take for a
/// formula (`=…`, `+…`, `-…`, `@…`, and not a number) gets a leading `'`, so that
/// a unit's name cannot run in the bureau's Excel.
fn csv_field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err();
    let text = if formula { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The summary as CSV (UTF-8 with a byte-order mark, CRLF, as Excel and WPS
/// open it): one line per unit in ranking order, with every section's score,
/// every indicator, and the unit's problems.
pub fn csv(summary: &Summary) -> String {
    let mut head = ranking_headings();
    head.extend(summary.sections.iter().map(|s| section_heading(&s.id, &s.name)));
    head.extend(summary.indicators.iter().cloned());
    head.push(tr!("problems", "问题"));
    let mut out = String::from("\u{FEFF}");
    let line = |cells: Vec<String>| cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(head));
    for ranked in summary.ranking() {
        let Some(u) = summary.units.get(ranked.unit) else { continue };
        let mut cells = vec![
            ranked.rank.map_or_else(String::new, |r| r.to_string()),
            u.index.to_string(),
            u.label.clone(),
            u.source.clone(),
            opt(u.total),
            opt(u.max),
            grade_text(u),
            opt(u.reported_total),
            yes_no(u.disqualified),
            u.findings.to_string(),
            u.not_applicable.to_string(),
            u.errors.to_string(),
            u.warnings.to_string(),
        ];
        cells.extend((0..summary.sections.len()).map(|i| opt(u.sections.get(i).copied().flatten())));
        cells.extend((0..summary.indicators.len()).map(|i| u.indicators.get(i).cloned().flatten().unwrap_or_default()));
        cells.push(u.problems.iter().map(|p| format!("{}: {}", p.location, p.message)).collect::<Vec<_>>().join("\n"));
        out.push_str(&line(cells));
    }
    out
}

fn dec(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(show(d)))
}

/// The summary as JSON: the rubric, the counts, the grades, each section's
/// statistics, and every unit in input order with its rank, scores and located
/// problems. Decimals are strings (`"92.5"`).
pub fn json(summary: &Summary) -> String {
    let mut ranks = vec![None; summary.units.len()];
    for ranked in summary.ranking() {
        if let Some(slot) = ranks.get_mut(ranked.unit) {
            *slot = ranked.rank;
        }
    }
    let units: Vec<Value> = summary
        .units
        .iter()
        .zip(&ranks)
        .map(|(u, rank)| {
            let sections: Map<String, Value> = summary
                .sections
                .iter()
                .zip(u.sections.iter().copied().chain(std::iter::repeat(None)))
                .map(|(s, score)| (s.id.clone(), dec(score)))
                .collect();
            let indicators: Map<String, Value> = summary
                .indicators
                .iter()
                .zip(u.indicators.iter().cloned().chain(std::iter::repeat(None)))
                .map(|(name, value)| (name.clone(), value.map_or(Value::Null, Value::String)))
                .collect();
            let problems: Vec<Value> = u
                .problems
                .iter()
                .map(|p| {
                    json!({
                        "location": p.location, "code": p.code,
                        "severity": if p.error { "error" } else { "warning" },
                        "message": p.message, "text": p.text,
                    })
                })
                .collect();
            json!({
                "index": u.index, "rank": rank, "label": u.label, "source": u.source, "scored": u.scored,
                "total": dec(u.total), "max": dec(u.max), "grade": u.grade, "reported_total": dec(u.reported_total),
                "disqualified": u.disqualified, "disqualification": u.disqualification,
                "sections": sections, "indicators": indicators,
                "not_applicable": u.not_applicable, "findings": u.findings,
                "errors": u.errors, "warnings": u.warnings, "problems": problems,
            })
        })
        .collect();
    let sections: Vec<Value> = summary
        .section_stats()
        .iter()
        .filter_map(|st| {
            let s = summary.sections.get(st.section)?;
            Some(json!({
                "id": s.id, "name": s.name, "depth": s.depth, "weight": show(s.max),
                "units": st.count, "mean": dec(st.mean), "min": dec(st.min), "max": dec(st.max),
            }))
        })
        .collect();
    let grades: Vec<Value> =
        summary.grade_counts().iter().map(|g| json!({ "grade": g.grade, "units": g.count })).collect();
    let value = json!({
        "rubric": summary.title, "max": show(summary.max),
        "units": summary.units.len(), "failed": summary.failed(), "clean": summary.clean(),
        "mean_total": dec(summary.mean_total()),
        "grades": grades, "sections": sections, "indicators": summary.indicators,
        "results": units,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The summary as Markdown: the ranking, the grade counts, each section's
/// mean / min / max, the indicators side by side, the disqualified units, and
/// every unit's located problems.
pub fn markdown(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n{}\n", cell(&summary.title), summary.headline());
    if let Some(mean) = summary.mean_total() {
        let _ = writeln!(out, "{}\n", tr!("Mean total: {mean}", "平均总分：{mean}"));
    }
    let _ = writeln!(out, "## {}\n", tr!("Ranking", "排名"));
    let head = [
        tr!("rank", "名次"),
        tr!("unit", "单位"),
        tr!("total", "总分"),
        tr!("grade", "等级"),
        tr!("audit findings", "审核问题"),
        tr!("缺省项", "缺省项"),
        tr!("errors", "错误"),
    ];
    let _ = writeln!(out, "| {} |\n|---:|---|---:|---|---:|---:|---:|", head.join(" | "));
    for ranked in summary.ranking() {
        let Some(u) = summary.units.get(ranked.unit) else { continue };
        let total = u.total.map_or_else(|| "—".to_string(), |t| format!("{} / {}", show(t), opt(u.max)));
        let _ = writeln!(
            out,
            "| {} | {} | {total} | {} | {} | {} | {} |",
            ranked.rank.map_or_else(|| "—".to_string(), |r| r.to_string()),
            cell(&u.label),
            cell(&grade_text(u)),
            u.findings,
            u.not_applicable,
            u.errors
        );
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} |\n|---|---:|",
        tr!("Grades", "等级分布"),
        tr!("grade", "等级"),
        tr!("units", "单位数")
    );
    for g in summary.grade_counts() {
        let _ = writeln!(out, "| {} | {} |", cell(&g.grade), g.count);
    }
    sections(&mut out, summary);
    indicators(&mut out, summary);
    let disqualified: Vec<&UnitRow> = summary.units.iter().filter(|u| u.disqualified).collect();
    if !disqualified.is_empty() {
        let _ = writeln!(out, "\n## {}\n", tr!("Disqualified", "取消考核评比资格"));
        for u in disqualified {
            let _ = writeln!(out, "- {}: {}", cell(&u.label), cell(u.disqualification.as_deref().unwrap_or("")));
        }
    }
    let troubled: Vec<&UnitRow> = summary.units.iter().filter(|u| !u.problems.is_empty()).collect();
    if !troubled.is_empty() {
        let _ = writeln!(out, "\n## {}", tr!("Problems", "问题"));
        for u in troubled {
            let _ = writeln!(out, "\n### [{}] {} — {}\n", u.index, cell(&u.label), cell(&u.source));
            for p in &u.problems {
                let _ = writeln!(out, "- `{}` {}: {}", p.code, cell(&p.location), cell(&p.message));
            }
            let texts: Vec<&str> = u.problems.iter().map(|p| p.text.as_str()).collect();
            let _ = writeln!(out, "\n```text\n{}\n```", texts.join("\n\n").replace("```", "ˋˋˋ"));
        }
    }
    out
}

fn sections(out: &mut String, summary: &Summary) {
    if summary.sections.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|",
        tr!("Sections", "各部分得分"),
        tr!("section", "部分"),
        tr!("weight", "分值"),
        tr!("mean", "平均"),
        tr!("min", "最低"),
        tr!("max", "最高"),
        tr!("units", "单位数"),
    );
    for st in summary.section_stats() {
        let Some(s) = summary.sections.get(st.section) else { continue };
        let indent = "　".repeat(s.depth);
        let _ = writeln!(
            out,
            "| {indent}{} | {} | {} | {} | {} | {} |",
            cell(&section_heading(&s.id, &s.name)),
            show(s.max),
            opt(st.mean),
            opt(st.min),
            opt(st.max),
            st.count
        );
    }
}

fn indicators(out: &mut String, summary: &Summary) {
    if summary.indicators.is_empty() {
        return;
    }
    let names: Vec<String> = summary.indicators.iter().map(|n| cell(n)).collect();
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} |\n|---|{}",
        tr!("Indicators", "分析指标"),
        tr!("unit", "单位"),
        names.join(" | "),
        "---:|".repeat(names.len())
    );
    for u in summary.units.iter().filter(|u| u.scored) {
        let values: Vec<String> = (0..names.len())
            .map(|i| cell(&u.indicators.get(i).cloned().flatten().unwrap_or_else(|| "—".to_string())))
            .collect();
        let _ = writeln!(out, "| {} | {} |", cell(&u.label), values.join(" | "));
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_field, section_heading};

    #[test]
    fn csv_fields() {
        assert_eq!(csv_field("劳动镇"), "劳动镇");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("-2.5"), "-2.5");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }

    #[test]
    fn section_headings() {
        assert_eq!(section_heading("一", "一、基础管理"), "一、基础管理");
        assert_eq!(section_heading("二.2.1", "1、申报时间"), "二.2.1 1、申报时间");
    }
}
