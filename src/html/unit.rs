//! One unit's part of the HTML report: the items with their traces, the
//! totals, 缺省项, indicators, checks, audit findings and errors.

use std::fmt::Write;

use super::table::{foot, h3, head};
use super::{audit, escape, opt};
use crate::render::{rows, status_word, Row};
use crate::eval::report::{show, Report, Status};

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Computed => "computed",
        Status::Judged => "judged",
        Status::NotApplicable => "na",
        Status::Unverified => "unverified",
        Status::Error => "error",
    }
}

/// Writes the part of unit number `index` (its anchor is `unit-{index}`).
pub(super) fn unit(out: &mut String, report: &Report, label: &str, index: usize) {
    let _ = writeln!(out, "<section class=\"unit\" id=\"unit-{index}\" data-unit=\"{index}\">");
    let _ = writeln!(out, "<h2><span class=\"sub\">[{index}]</span> {}</h2>", escape(label));
    let mut meta: Vec<String> = Vec::new();
    let u = &report.unit;
    for part in [&u.name, &u.project].into_iter().flatten() {
        if part != label {
            meta.push(part.clone());
        }
    }
    if let Some(code) = &u.code {
        meta.push(crate::tr!("code {code}", "编码 {code}"));
    }
    if let Some(year) = &u.year {
        meta.push(crate::tr!("year {year}", "年度 {year}"));
    }
    let rubric = match (&report.rubric.version, report.rubric.year) {
        (Some(v), _) => format!("{} ({v})", report.rubric.title),
        (None, Some(y)) => format!("{} ({y})", report.rubric.title),
        _ => report.rubric.title.clone(),
    };
    meta.push(rubric);
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&meta.join(" · ")));
    summary(out, report);
    if !report.items.is_empty() {
        items(out, report);
        capped(out, report);
        not_applicable(out, report);
    }
    audit::indicators(out, report);
    audit::checks(out, report);
    audit::findings(out, report);
    audit::errors(out, report);
    let _ = writeln!(out, "</section>");
}

fn summary(out: &mut String, report: &Report) {
    if report.items.is_empty() {
        return;
    }
    let (total, max) = (opt(report.total), show(report.max));
    let mut parts = vec![format!(
        "<span class=\"big\">{}</span>",
        escape(&crate::tr!("total {total} / {max}", "合计 {total} / {max}"))
    )];
    if let Some(r) = report.reported_total {
        let r = show(r);
        let class = if report.reported_total != report.total { " bad" } else { "" };
        parts.push(format!(
            "<span class=\"{}\">{}</span>",
            class.trim(),
            escape(&crate::tr!("reported {r}", "自评 {r}"))
        ));
    }
    let grade = match (&report.grade, report.disqualified) {
        (_, true) => format!(
            "<span class=\"bad\">{}</span>",
            escape(&crate::tr!("no grade: disqualified", "不评等级：取消资格"))
        ),
        (Some(g), false) => format!("<span class=\"big\">{}</span>", escape(&crate::tr!("grade {g}", "等级 {g}"))),
        (None, false) => escape(&crate::tr!("no grade", "无等级")),
    };
    parts.push(grade);
    if let Some(g) = &report.reported_grade {
        let class = if report.reported_grade != report.grade { "bad" } else { "" };
        parts.push(format!("<span class=\"{class}\">{}</span>", escape(&crate::tr!("reported {g}", "自评 {g}"))));
    }
    let _ = writeln!(out, "<p class=\"summary\">{}</p>", parts.join(" · "));
    if let Some(d) = &report.disqualification {
        let (item, reason) = (&d.item, &d.reason);
        let _ = writeln!(
            out,
            "<p class=\"bad\">{}</p>",
            escape(&crate::tr!("Disqualified by item {item}: {reason}", "因指标 {item} 取消资格：{reason}"))
        );
    }
}

fn items(out: &mut String, report: &Report) {
    h3(out, &crate::tr!("Items", "计分明细"));
    head(
        out,
        "items",
        &[
            crate::tr!("id", "编号"),
            crate::tr!("item", "指标"),
            crate::tr!("#max", "#分值"),
            crate::tr!("#score", "#得分"),
            crate::tr!("#reported", "#自评分"),
            crate::tr!("status", "状态"),
        ],
    );
    for row in rows(report) {
        match row {
            Row::Section(s) => {
                let flag = differs_flag(matches!((s.reported, s.score), (Some(r), Some(s)) if r != s));
                let _ = writeln!(
                    out,
                    "<tr class=\"section depth-{d}\" data-section=\"{id}\"><td class=\"id\">{id}</td>\
                     <td class=\"name\">{name}</td><td class=\"num\">{max}</td><td class=\"num score\">{score}</td>\
                     <td class=\"num reported\">{reported}{flag}</td><td></td></tr>",
                    d = s.depth.min(3),
                    id = escape(&s.id),
                    name = escape(&s.name),
                    max = show(s.max),
                    score = opt(s.score),
                    reported = opt(s.reported),
                );
            }
            Row::Item(i) => {
                let differs =
                    matches!((i.reported, i.score), (Some(r), Some(s)) if r != s) && i.status != Status::Unverified;
                let flag = differs_flag(differs);
                let _ = writeln!(
                    out,
                    "<tr class=\"item depth-{d}\" data-item=\"{id}\"><td class=\"id\">{id}</td>\
                     <td class=\"name\">{name}</td><td class=\"num\">{max}</td><td class=\"num score\">{score}</td>\
                     <td class=\"num reported\">{reported}{flag}</td>\
                     <td class=\"status {class}\">{status}</td></tr>",
                    d = i.path.len().min(3),
                    id = escape(&i.id),
                    name = escape(&i.name),
                    max = show(i.max),
                    score = opt(i.score),
                    reported = opt(i.reported),
                    class = status_class(i.status),
                    status = escape(status_word(i.status)),
                );
                let mut lines: Vec<String> = i.trace.iter().map(|t| format!("<div>{}</div>", escape(t))).collect();
                if i.status == Status::Error {
                    if let Some(reason) = &i.reason {
                        lines.push(format!("<div class=\"bad\">{}</div>", escape(reason)));
                    }
                }
                if !lines.is_empty() {
                    let _ = writeln!(
                        out,
                        "<tr class=\"trace\" data-item=\"{}\"><td></td><td colspan=\"5\">{}</td></tr>",
                        escape(&i.id),
                        lines.concat()
                    );
                }
            }
        }
    }
    foot(out);
}

/// The mark of a score that differs from the unit's own.
fn differs_flag(differs: bool) -> String {
    if differs {
        let title = crate::tr!("differs from the unit's own score", "与单位自评分不一致");
        format!(" <span class=\"bad\" title=\"{}\">✗</span>", escape(&title))
    } else {
        String::new()
    }
}

fn capped(out: &mut String, report: &Report) {
    let mut lines: Vec<String> = Vec::new();
    for (bonus, capped) in [(true, &report.bonus), (false, &report.deduction)] {
        if let Some(c) = capped {
            let (name, score, raw, cap, reported) = (&c.name, opt(c.score), opt(c.raw), show(c.cap), opt(c.reported));
            lines.push(match bonus {
                true => crate::tr!(
                    "Bonus {name}: {score} (the items give {raw}, cap {cap}), reported {reported}",
                    "加分项 {name}：{score}（各项合计 {raw}，上限 {cap}），自评 {reported}"
                ),
                false => crate::tr!(
                    "Deduction {name}: {score} (the items give {raw}, cap {cap}), reported {reported}",
                    "减分项 {name}：{score}（各项合计 {raw}，上限 {cap}），自评 {reported}"
                ),
            });
        }
    }
    let unverified = report.items.iter().filter(|i| i.status == Status::Unverified).count();
    if unverified > 0 {
        lines.push(crate::tr!(
            "{unverified} of the items are unverified: their facts were not (all) given, so the unit's own score is taken.",
            "{unverified} 项指标未核实：计分所需数据未（全部）提供，采用单位自评分。"
        ));
    }
    for line in lines {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&line));
    }
}

fn not_applicable(out: &mut String, report: &Report) {
    if report.not_applicable.is_empty() {
        return;
    }
    h3(out, &crate::tr!("缺省项 (not applicable)", "缺省项"));
    head(
        out,
        "na",
        &[
            crate::tr!("id", "编号"),
            crate::tr!("item", "指标"),
            crate::tr!("reason", "原因"),
            crate::tr!("found by", "认定"),
            crate::tr!("#score", "#得分"),
        ],
    );
    for na in &report.not_applicable {
        let by = if na.claimed {
            crate::tr!("claimed by the unit", "单位申报")
        } else {
            crate::tr!("by rule", "按规则认定")
        };
        let _ = writeln!(
            out,
            "<tr data-item=\"{id}\"><td class=\"id\">{id}</td><td>{name}</td><td>{reason}</td><td>{by}</td>\
             <td class=\"num\">{score}</td></tr>",
            id = escape(&na.id),
            name = escape(&na.name),
            reason = escape(&crate::render::na_reason(na)),
            by = escape(&by),
            score = opt(na.score),
        );
    }
    foot(out);
}
