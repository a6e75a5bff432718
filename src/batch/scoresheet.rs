//! A unit's sheet in the Excel workbook, laid out like the official 计分表:
//! 一级 / 二级 / 三级指标 (section names merged down over their items), 分值,
//! 得分, 自评分, and 说明 with the item's id and status, the 缺省项 reason and
//! the trace of the score; then the total, the grade and the audit findings.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{decimal, headings, Formats};
use crate::eval::report::{show, ItemReport, Report, Status};
use crate::tr;

/// The item's place in the table: the names for the 一级 / 二级 / 三级 columns,
/// each with the id of the section it names (`None` for the item itself).
fn levels(report: &Report, item: &ItemReport) -> Vec<(Option<String>, String)> {
    let name_of =
        |id: &String| report.sections.iter().find(|s| &s.id == id).map_or_else(|| id.clone(), |s| s.name.clone());
    let mut out: Vec<(Option<String>, String)> =
        item.path.iter().take(2).map(|id| (Some(id.clone()), name_of(id))).collect();
    let deeper: Vec<String> = item.path.iter().skip(2).map(name_of).collect();
    // A section named like its only item (`3、自评抽查` over `自评抽查`) is shown once.
    let name = match deeper.last() {
        None => item.name.clone(),
        Some(last) if last.contains(&item.name) => deeper.join(" / "),
        Some(_) => format!("{} / {}", deeper.join(" / "), item.name),
    };
    out.push((None, name));
    out
}

/// A unit's sheet, like the official 计分表.
pub(crate) fn write(
    sheet: &mut Worksheet,
    report: &Report,
    label: &str,
    source: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, &report.rubric.title, &f.title)?;
    sheet.write_string(1, 0, format!("{label} · {source}"))?;
    let mut line = match report.total {
        Some(t) => tr!("total {} / {}", "总分 {} / {}", show(t), show(report.max)),
        None => tr!("no total (see the errors)", "无总分（见错误）"),
    };
    if let Some(g) = &report.grade {
        line.push_str(&tr!(" · grade {g}", " · 等级 {g}"));
    }
    if let Some(d) = &report.disqualification {
        let reason = &d.reason;
        line.push_str(&tr!(" · disqualified: {reason}", " · 取消考核评比资格：{reason}"));
    }
    if let Some(r) = report.reported_total {
        line.push_str(&tr!(" · reported total {}", " · 自评总分 {}", show(r)));
    }
    sheet.write_string(2, 0, line)?;
    let head = [
        tr!("level 1", "一级指标"),
        tr!("level 2", "二级指标"),
        tr!("level 3", "三级指标"),
        tr!("weight", "分值"),
        tr!("score", "得分"),
        tr!("self-assessed", "自评分"),
        tr!("explanation", "说明"),
    ];
    headings(sheet, 3, &head, &f.head)?;
    sheet.set_freeze_panes(4, 0)?;
    for (col, width) in (0u16..).zip([16.0, 20.0, 30.0, 7.0, 7.0, 8.0, 80.0]) {
        sheet.set_column_width(col, width)?;
    }
    let first = 4u32;
    let rows: Vec<Vec<(Option<String>, String)>> = report.items.iter().map(|i| levels(report, i)).collect();
    // Section names: merged down over their items, as on the paper table.
    for col in 0..2usize {
        // The section named in column `col` of row `r`, unless that column holds the item.
        let key = |r: usize| -> Option<(&String, &String)> {
            let levels = rows.get(r).filter(|l| l.len() > col + 1)?;
            let (id, name) = levels.get(col)?;
            Some((id.as_ref()?, name))
        };
        let mut r = 0;
        while r < rows.len() {
            let Some((id, name)) = key(r) else {
                r += 1;
                continue;
            };
            let mut end = r;
            while key(end + 1).is_some_and(|(next, _)| next == id) {
                end += 1;
            }
            let (top, bottom, c) = (first + r as u32, first + end as u32, col as u16);
            if end > r {
                sheet.merge_range(top, c, bottom, c, name, &f.section)?;
            } else {
                sheet.write_string_with_format(top, c, name, &f.section)?;
            }
            r = end + 1;
        }
    }
    let mut r = first;
    for (item, levels) in report.items.iter().zip(&rows) {
        let col = (levels.len() - 1).min(2) as u16;
        for blank in col + 1..3 {
            sheet.write_blank(r, blank, &f.wrap)?;
        }
        if let Some((_, name)) = levels.last() {
            sheet.write_string_with_format(r, col, name, &f.wrap)?;
        }
        sheet.write_number_with_format(r, 3, decimal(item.max), &f.number)?;
        match item.score {
            Some(s) => sheet.write_number_with_format(r, 4, decimal(s), &f.number)?,
            None => sheet.write_string_with_format(r, 4, "—", &f.number)?,
        };
        match item.reported {
            Some(s) => sheet.write_number_with_format(r, 5, decimal(s), &f.number)?,
            None => sheet.write_blank(r, 5, &f.number)?,
        };
        sheet.write_string_with_format(r, 6, explanation(item, report), &f.wrap)?;
        r += 1;
    }
    sheet.merge_range(r, 0, r, 2, &tr!("total", "合计"), &f.section)?;
    sheet.write_number_with_format(r, 3, decimal(report.max), &f.number)?;
    match report.total {
        Some(t) => sheet.write_number_with_format(r, 4, decimal(t), &f.number)?,
        None => sheet.write_string_with_format(r, 4, "—", &f.number)?,
    };
    match report.reported_total {
        Some(t) => sheet.write_number_with_format(r, 5, decimal(t), &f.number)?,
        None => sheet.write_blank(r, 5, &f.number)?,
    };
    sheet.write_string_with_format(r, 6, report.grade.clone().unwrap_or_default(), &f.wrap)?;
    r += 2;
    if !report.findings.is_empty() {
        sheet.write_string_with_format(r, 0, tr!("Audit findings", "审核问题"), &f.section)?;
        for finding in &report.findings {
            r += 1;
            sheet.write_string(r, 0, finding.about())?;
            sheet.write_string(r, 6, &finding.message)?;
        }
    }
    Ok(())
}

/// The 说明 of an item: [id] status, the 缺省项 reason (or why unverified or in
/// error), then the trace, one step a line.
fn explanation(item: &ItemReport, report: &Report) -> String {
    let mut lines = vec![format!("[{}] {}", item.id, crate::render::status_word(item.status))];
    if let Some(reason) = &item.reason {
        lines.push(match item.status {
            Status::NotApplicable => {
                let na = report.not_applicable.iter().find(|na| na.id == item.id);
                let reason = na.map_or_else(|| reason.clone(), crate::render::na_reason);
                tr!("缺省项: {reason}", "缺省项：{reason}")
            }
            _ => reason.clone(),
        });
    }
    lines.extend(item.trace.iter().cloned());
    lines.join("\n")
}
