//! The summary as text: CSV (for a spreadsheet), JSON (decimals as strings),
//! Markdown (for people, and what `rubric batch` prints without `--out`).
//! Each is streamed to a writer, the rows read back one at a time.

use std::io::Write;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::rows::Only;
use super::row::UnitRow;
use super::summary::{Summary, WriteError};
use crate::eval::report::show;
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

/// Appends a CSV field to `out`: quoted when it must be. Text that a spreadsheet would take for a
/// formula (`=…`, `+…`, `-…`, `@…`, and not a number) gets a leading `'`, so that
/// a unit's name cannot run in the bureau's Excel.
fn push_csv_field(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err();
    let quoted = text.contains([',', '"', '\n', '\r']) || (!formula && text.starts_with(' ')) || text.ends_with(' ');
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for part in text.split('"').enumerate() {
            if part.0 > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part.1);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The summary as CSV (UTF-8 with a byte-order mark, CRLF, as Excel and WPS
/// open it): one line per unit in ranking order, with every section's score,
/// every indicator, and the unit's problems.
pub fn write_csv(summary: &Summary, out: &mut dyn Write) -> Result<(), WriteError> {
    let mut head = ranking_headings();
    head.extend(summary.sections.iter().map(|s| section_heading(&s.id, &s.name)));
    head.extend(summary.indicators.iter().cloned());
    head.push(tr!("problems", "问题"));
    out.write_all("\u{FEFF}".as_bytes())?;
    let mut text = String::new();
    let line = |text: &mut String, cells: Vec<String>| {
        text.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            push_csv_field(text, cell);
        }
        text.push_str("\r\n");
    };
    line(&mut text, head);
    out.write_all(text.as_bytes())?;
    summary.each_ranked(&mut |ranked, u| {
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
        line(&mut text, cells);
        out.write_all(text.as_bytes())?;
        Ok(())
    })
}

/// [`write_csv`] to a string. The error is a sentence.
#[cfg(feature = "internals")]
pub fn csv(summary: &Summary) -> Result<String, String> {
    to_string(summary, write_csv)
}

/// What a writer of the summary wrote, as a string. The error is a sentence.
#[cfg(feature = "internals")]
fn to_string(
    summary: &Summary,
    write: fn(&Summary, &mut dyn Write) -> Result<(), WriteError>,
) -> Result<String, String> {
    let mut out = Vec::new();
    match write(summary, &mut out) {
        Ok(()) => Ok(String::from_utf8_lossy(&out).into_owned()),
        Err(WriteError::Rows(message)) => Err(message),
        Err(WriteError::Out(e)) => Err(e.to_string()),
    }
}

fn dec(d: Option<Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(show(d)))
}

/// One unit of the JSON summary, with its rank.
fn unit_json(summary: &Summary, u: &UnitRow, rank: Option<usize>) -> Value {
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
}

/// The summary as JSON (pretty, ending with a newline): the rubric, the counts,
/// the grades, each section's statistics, and every unit in input order with
/// its rank, scores and located problems. Decimals are strings (`"92.5"`).
///
/// The document around the units is built whole (it is small); the units are
/// written one at a time into its `results`, indented as the whole document
/// pretty-printed would have them.
pub fn write_json(summary: &Summary, out: &mut dyn Write) -> Result<(), WriteError> {
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
        "units": summary.len(), "failed": summary.failed(), "clean": summary.clean(),
        "mean_total": dec(summary.mean_total()),
        "grades": grades, "sections": sections, "indicators": summary.indicators,
        "results": [],
    });
    let shell = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
    // `"results"` is a key at the top level (a string's quotes inside would be escaped).
    const RESULTS: &str = "\n  \"results\": [";
    let split = shell.find(RESULTS).map(|at| at + RESULTS.len());
    let (Some((before, after)), false) = (split.and_then(|at| shell.split_at_checked(at)), summary.is_empty()) else {
        out.write_all(shell.as_bytes())?;
        out.write_all(b"\n")?;
        return Ok(());
    };
    out.write_all(before.as_bytes())?;
    for (unit, row) in summary.rows()?.enumerate() {
        let text = serde_json::to_string_pretty(&unit_json(summary, &row?, summary.rank_of(unit)))
            .map_err(std::io::Error::other)?;
        out.write_all(if unit == 0 { b"\n    " } else { b",\n    " })?;
        out.write_all(text.replace('\n', "\n    ").as_bytes())?;
    }
    out.write_all(b"\n  ")?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// [`write_json`] to a string (with its final newline). The error is a sentence.
#[cfg(feature = "internals")]
pub fn json(summary: &Summary) -> Result<String, String> {
    to_string(summary, write_json)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The summary as Markdown: the ranking, the grade counts, each section's
/// mean / min / max, the indicators side by side, the disqualified units, and
/// every unit's located problems.
pub fn write_markdown(summary: &Summary, out: &mut dyn Write) -> Result<(), WriteError> {
    writeln!(out, "# {}\n\n{}\n", cell(&summary.title), summary.headline())?;
    if let Some(note) = summary.same_name_note() {
        writeln!(out, "{}\n", cell(&note))?;
    }
    if let Some(mean) = summary.mean_total() {
        writeln!(out, "{}\n", tr!("Mean total: {mean}", "平均总分：{mean}"))?;
    }
    writeln!(out, "## {}\n", tr!("Ranking", "排名"))?;
    let head = [
        tr!("rank", "名次"),
        tr!("unit", "单位"),
        tr!("total", "总分"),
        tr!("grade", "等级"),
        tr!("audit findings", "审核问题"),
        tr!("缺省项", "缺省项"),
        tr!("errors", "错误"),
    ];
    writeln!(out, "| {} |\n|---:|---|---:|---|---:|---:|---:|", head.join(" | "))?;
    summary.each_ranked(&mut |ranked, u| {
        let total = u.total.map_or_else(|| "—".to_string(), |t| format!("{} / {}", show(t), opt(u.max)));
        writeln!(
            out,
            "| {} | {} | {total} | {} | {} | {} | {} |",
            ranked.rank.map_or_else(|| "—".to_string(), |r| r.to_string()),
            cell(&u.label),
            cell(&grade_text(u)),
            u.findings,
            u.not_applicable,
            u.errors
        )?;
        Ok(())
    })?;
    writeln!(
        out,
        "\n## {}\n\n| {} | {} |\n|---|---:|",
        tr!("Grades", "等级分布"),
        tr!("grade", "等级"),
        tr!("units", "单位数")
    )?;
    for g in summary.grade_counts() {
        writeln!(out, "| {} | {} |", cell(&g.grade), g.count)?;
    }
    sections(out, summary)?;
    indicators(out, summary)?;
    let mut heading = true;
    for u in summary.rows_only(Only::Disqualified)? {
        let u = summary.shown(u?);
        if std::mem::take(&mut heading) {
            writeln!(out, "\n## {}\n", tr!("Disqualified", "取消考核评比资格"))?;
        }
        writeln!(out, "- {}: {}", cell(&u.label), cell(u.disqualification.as_deref().unwrap_or("")))?;
    }
    let mut heading = true;
    for u in summary.rows_only(Only::WithProblems)? {
        let u = summary.shown(u?);
        if std::mem::take(&mut heading) {
            writeln!(out, "\n## {}", tr!("Problems", "问题"))?;
        }
        writeln!(out, "\n### [{}] {} — {}\n", u.index, cell(&u.label), cell(&u.source))?;
        for p in &u.problems {
            writeln!(out, "- `{}` {}: {}", p.code, cell(&p.location), cell(&p.message))?;
        }
        let texts: Vec<&str> = u.problems.iter().map(|p| p.text.as_str()).collect();
        writeln!(out, "\n```text\n{}\n```", texts.join("\n\n").replace("```", "ˋˋˋ"))?;
    }
    Ok(())
}

/// [`write_markdown`] to a string. The error is a sentence.
#[cfg(feature = "internals")]
pub fn markdown(summary: &Summary) -> Result<String, String> {
    to_string(summary, write_markdown)
}

fn sections(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    if summary.sections.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|",
        tr!("Sections", "各部分得分"),
        tr!("section", "部分"),
        tr!("weight", "分值"),
        tr!("mean", "平均"),
        tr!("min", "最低"),
        tr!("max", "最高"),
        tr!("units", "单位数"),
    )?;
    for st in summary.section_stats() {
        let Some(s) = summary.sections.get(st.section) else { continue };
        let indent = "　".repeat(s.depth);
        writeln!(
            out,
            "| {indent}{} | {} | {} | {} | {} | {} |",
            cell(&section_heading(&s.id, &s.name)),
            show(s.max),
            opt(st.mean),
            opt(st.min),
            opt(st.max),
            st.count
        )?;
    }
    Ok(())
}

fn indicators(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    if summary.indicators.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = summary.indicators.iter().map(|n| cell(n)).collect();
    writeln!(
        out,
        "\n## {}\n\n| {} | {} |\n|---|{}",
        tr!("Indicators", "分析指标"),
        tr!("unit", "单位"),
        names.join(" | "),
        "---:|".repeat(names.len())
    )?;
    for u in summary.rows_only(Only::Scored)? {
        let u = summary.shown(u?);
        let values: Vec<String> = (0..names.len())
            .map(|i| cell(&u.indicators.get(i).cloned().flatten().unwrap_or_else(|| "—".to_string())))
            .collect();
        writeln!(out, "| {} | {} |", cell(&u.label), values.join(" | "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{push_csv_field, section_heading};

    fn csv_field(text: &str) -> String {
        let mut out = String::from("[");
        push_csv_field(&mut out, text);
        out.split_off(1)
    }

    #[test]
    fn csv_fields() {
        assert_eq!(csv_field("劳动镇"), "劳动镇");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("-2.5"), "-2.5");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field(" 劳动镇"), "\" 劳动镇\"");
        assert_eq!(csv_field("=1+1 "), "\"'=1+1 \"");
        assert_eq!(csv_field("@x"), "'@x");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn section_headings() {
        assert_eq!(section_heading("一", "一、基础管理"), "一、基础管理");
        assert_eq!(section_heading("二.2.1", "1、申报时间"), "二.2.1 1、申报时间");
    }
}
