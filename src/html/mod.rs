//! The HTML report: one self-contained page for one or several units — the
//! ranking, charts of the totals, the section scores and the grades, then every
//! unit's items with their explanations, 缺省项, indicators, checks and audit
//! findings.
//!
//! The page loads nothing: the style sheet is inline, the charts are inline
//! SVG, there is no script. Every text that comes from a rubric or a data file
//! is escaped, so a data file cannot put markup into the page. The words are in
//! the thread's language ([`crate::base::i18n`]).

mod audit;
pub mod chart;
mod table;
mod text;
mod unit;

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::lower::ast::SectionKind;
use crate::base::i18n::{lang, Lang};
use crate::eval::report::{show, Report};

/// The style sheet: readable on a phone, printable (one unit per page).
const STYLE: &str = include_str!("style.css");

/// `text` with `& < > " '` replaced by character references: safe in element
/// content and in quoted attribute values, in HTML and in inline SVG.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An optional decimal as shown: `—` when absent.
fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), show)
}

/// The label of unit `i`.
fn label(labels: &[String], i: usize) -> &str {
    labels.get(i).map_or("", String::as_str)
}

/// One row of the ranking.
struct Ranked {
    /// Index into the reports.
    index: usize,
    /// Competition rank (1, 2, 2, 4); `None` for a disqualified unit or one without a total.
    rank: Option<usize>,
}

/// Units by total, highest first; equal totals share a rank. Disqualified units
/// (取消考核评比资格) and units without a total come last, without a rank.
fn ranking(reports: &[Report]) -> Vec<Ranked> {
    let mut order: Vec<usize> = (0..reports.len()).collect();
    let class = |r: &Report| match (r.total, r.disqualified) {
        (Some(_), false) => 0,
        (Some(_), true) => 1,
        (None, _) => 2,
    };
    order.sort_by(|a, b| match (reports.get(*a), reports.get(*b)) {
        (Some(x), Some(y)) => class(x).cmp(&class(y)).then(y.total.cmp(&x.total)).then(a.cmp(b)),
        _ => a.cmp(b),
    });
    let mut out: Vec<Ranked> = Vec::with_capacity(order.len());
    for (position, index) in order.into_iter().enumerate() {
        let Some(report) = reports.get(index) else { continue };
        let rank = match (report.total, report.disqualified) {
            (Some(total), false) => {
                let tied = out.last().and_then(|prev| {
                    let p = reports.get(prev.index)?;
                    (p.total == Some(total) && !p.disqualified).then_some(prev.rank).flatten()
                });
                Some(tied.unwrap_or(position + 1))
            }
            _ => None,
        };
        out.push(Ranked { index, rank });
    }
    out
}

/// The grades given, best first (by the highest total that got each), then
/// the disqualified units and the units without a grade: each with its units.
fn grade_counts(reports: &[Report]) -> Vec<(String, Vec<usize>)> {
    let mut grades: Vec<(String, Option<Decimal>, Vec<usize>)> = Vec::new();
    let (mut disqualified, mut none) = (Vec::new(), Vec::new());
    for (i, r) in reports.iter().enumerate() {
        match (&r.grade, r.disqualified) {
            (_, true) => disqualified.push(i),
            (Some(g), false) => match grades.iter_mut().find(|x| &x.0 == g) {
                Some(entry) => {
                    entry.1 = entry.1.max(r.total);
                    entry.2.push(i);
                }
                None => grades.push((g.clone(), r.total, vec![i])),
            },
            (None, false) => none.push(i),
        }
    }
    grades.sort_by_key(|g| std::cmp::Reverse(g.1));
    let mut out: Vec<(String, Vec<usize>)> = grades.into_iter().map(|(g, _, units)| (g, units)).collect();
    if !disqualified.is_empty() {
        out.push((crate::tr!("disqualified", "取消资格"), disqualified));
    }
    if !none.is_empty() {
        out.push((crate::tr!("no grade", "无等级"), none));
    }
    out
}

/// The HTML report of `reports`, one page. `labels` name the units (the
/// project or unit name, else the file name — see [`crate::render::label`]);
/// a missing label falls back on the report's own name. `title` heads the page.
///
/// The page has the ranking (units by total; disqualified units and units
/// without a total unranked, at the end), a bar chart of the totals, a chart of
/// the top-level section scores for each rubric (one bar per unit for up to six
/// units, else the mean and range), the grade distribution, then each unit in
/// the order given: its items with the trace of every score, 缺省项,
/// indicators, checks, audit findings and errors.
pub fn report(reports: &[Report], labels: &[String], title: &str) -> String {
    let labels: Vec<String> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| match labels.get(i) {
            Some(l) => l.clone(),
            None => crate::render::label(r, &format!("#{}", i + 1)),
        })
        .collect();
    let mut out = String::new();
    let html_lang = match lang() {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{t}</h1>\n",
        t = escape(title),
    );
    let mut rubrics: Vec<&str> = Vec::new();
    for r in reports {
        if !rubrics.contains(&r.rubric.title.as_str()) {
            rubrics.push(&r.rubric.title);
        }
    }
    let n = reports.len();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}</p>\n</header>\n<main>",
        escape(&match rubrics.as_slice() {
            [] => crate::tr!("No units.", "没有单位。"),
            [one] => crate::tr!("{one} · {n} units", "{one} · {n} 个单位"),
            many => {
                let all = many.join(" / ");
                crate::tr!("{all} · {n} units", "{all} · {n} 个单位")
            }
        })
    );
    if !reports.is_empty() {
        ranking_section(&mut out, reports, &labels);
        charts_section(&mut out, reports, &labels);
        grades_section(&mut out, reports, &labels);
    }
    for (i, r) in reports.iter().enumerate() {
        unit::unit(&mut out, r, label(&labels, i), i + 1);
    }
    let _ = writeln!(out, "</main>\n<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>", escape(&legend_text()));
    out
}

fn legend_text() -> String {
    crate::tr!(
        "computed: from the unit's figures by the rule · judged: the evaluator's score · 缺省项: not applicable, \
         scored by the rubric's policy · unverified: no figures given, the unit's own score taken · \
         ✗: differs from the unit's own score. Every score is exact decimal arithmetic.",
        "计算：按规则由单位数据算出 · 评定：评审人员的评分 · 缺省项：不适用，按评分表规定计分 · \
         未核实：未提供数据，采用单位自评分 · ✗：与单位自评分不一致。所有得分均为精确的十进制运算。"
    )
}

fn ranking_section(out: &mut String, reports: &[Report], labels: &[String]) {
    let _ = writeln!(
        out,
        "<section id=\"ranking\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table class=\"ranking\">\n<thead><tr>\
         <th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th>\
         </tr></thead>\n<tbody>",
        escape(&crate::tr!("Ranking", "排名")),
        escape(&crate::tr!("rank", "名次")),
        escape(&crate::tr!("unit", "单位")),
        escape(&crate::tr!("total", "总分")),
        escape(&crate::tr!("grade", "等级")),
        escape(&crate::tr!("disqualified", "取消资格")),
        escape(&crate::tr!("findings", "审核问题")),
    );
    for ranked in ranking(reports) {
        let Some(r) = reports.get(ranked.index) else { continue };
        let name = match &r.unit.name {
            Some(name) if name != label(labels, ranked.index) => {
                format!("<br><span class=\"sub\">{}</span>", escape(name))
            }
            _ => String::new(),
        };
        let total = match r.total {
            Some(t) => format!("{} <span class=\"sub\">/ {}</span>", show(t), show(r.max)),
            None => "—".to_string(),
        };
        let disqualified = match (&r.disqualification, r.disqualified) {
            (Some(d), _) => {
                format!("<span class=\"bad\">{}</span>", escape(&format!("{} · {}", crate::tr!("yes", "是"), d.reason)))
            }
            (None, true) => format!("<span class=\"bad\">{}</span>", escape(&crate::tr!("yes", "是"))),
            (None, false) => escape(&crate::tr!("no", "否")),
        };
        let findings = r.findings.len();
        let _ = writeln!(
            out,
            "<tr data-unit=\"{u}\"><td class=\"num\">{rank}</td><td class=\"unit\"><a href=\"#unit-{u}\">{l}</a>{name}</td>\
             <td class=\"num total\">{total}</td><td>{grade}</td><td>{disqualified}</td>\
             <td class=\"num{bad}\">{findings}</td></tr>",
            u = ranked.index + 1,
            rank = ranked.rank.map_or_else(|| "—".to_string(), |n| n.to_string()),
            l = escape(label(labels, ranked.index)),
            grade = escape(r.grade.as_deref().unwrap_or("—")),
            bad = if findings > 0 { " bad" } else { "" },
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</div>\n</section>");
}

fn charts_section(out: &mut String, reports: &[Report], labels: &[String]) {
    let _ = writeln!(out, "<section id=\"charts\">\n<h2>{}</h2>", escape(&crate::tr!("Charts", "图表")));
    let ranked = ranking(reports);
    let bars: Vec<chart::TotalBar<'_>> = ranked
        .iter()
        .filter_map(|x| {
            let r = reports.get(x.index)?;
            Some(chart::TotalBar {
                label: label(labels, x.index),
                index: x.index + 1,
                rank: x.rank,
                total: r.total,
                reported: r.reported_total,
                disqualified: r.disqualified,
            })
        })
        .collect();
    if reports.iter().any(|r| r.total.is_some()) {
        let max = reports.iter().map(|r| r.max).max().unwrap_or_default();
        out.push_str(&chart::figure(
            &crate::tr!("Total score by unit, in ranking order", "各单位总分（按排名）"),
            &chart::wide_and_narrow(|v| chart::totals(&bars, max, v)),
            &chart::note(&crate::tr!(
                "The black tick on a bar is the unit's own (reported) total.",
                "条形上的黑色短线是单位自评总分。"
            )),
        ));
    }
    // One section chart per rubric: sections of different rubrics do not compare.
    let mut rubrics: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        match rubrics.iter_mut().find(|x| x.0 == r.rubric.title) {
            Some(entry) => entry.1.push(i),
            None => rubrics.push((&r.rubric.title, vec![i])),
        }
    }
    for (rubric, units) in &rubrics {
        section_chart(out, reports, units, rubric, rubrics.len() > 1, labels);
    }
    let _ = writeln!(out, "</section>");
}

fn section_chart(
    out: &mut String,
    reports: &[Report],
    units: &[usize],
    rubric: &str,
    name_rubric: bool,
    labels: &[String],
) {
    let Some(first) = units.first().and_then(|i| reports.get(*i)) else { return };
    let tops: Vec<&crate::eval::report::SectionReport> =
        first.sections.iter().filter(|s| s.depth == 0 && s.kind == SectionKind::Normal).collect();
    if tops.is_empty() {
        return;
    }
    let scores = |top: &crate::eval::report::SectionReport| -> Vec<Option<Decimal>> {
        units.iter().map(|i| reports.get(*i)?.sections.iter().find(|s| s.id == top.id)?.score).collect()
    };
    let grouped = units.len() <= chart::GROUPED_UNITS;
    let groups: Vec<chart::SectionBars<'_>> = tops
        .iter()
        .filter_map(|top| {
            let values = match grouped {
                true => chart::SectionValues::Units(scores(top)),
                false => chart::SectionValues::spread(&scores(top))?,
            };
            Some(chart::SectionBars { name: &top.name, weight: top.max, values })
        })
        .collect();
    let numbers: Vec<usize> = units.iter().map(|i| i + 1).collect();
    let caption = if name_rubric {
        crate::tr!("Section scores, % of each weight — {rubric}", "各部分得分率（占分值的百分比）——{rubric}")
    } else {
        crate::tr!("Section scores, % of each weight", "各部分得分率（占分值的百分比）")
    };
    let mut after = String::new();
    if grouped {
        let _ = writeln!(after, "<ol class=\"legend\">");
        for (n, i) in units.iter().enumerate() {
            let colour = chart::PALETTE.get(n).copied().unwrap_or("#777");
            let _ = writeln!(
                after,
                "<li><svg class=\"swatch\" width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" \
                 height=\"12\" fill=\"{colour}\"/></svg> [{u}] <a href=\"#unit-{u}\">{l}</a></li>",
                u = i + 1,
                l = escape(label(labels, *i)),
            );
        }
        let _ = writeln!(after, "</ol>");
    } else {
        after.push_str(&chart::note(&crate::tr!(
            "Each bar is the mean of the units; the line runs from the lowest to the highest unit.",
            "条形为各单位的平均得分率，竖线为最低至最高。"
        )));
    }
    out.push_str(&chart::figure(&caption, &chart::wide_and_narrow(|v| chart::sections(&groups, &numbers, v)), &after));
}

fn grades_section(out: &mut String, reports: &[Report], labels: &[String]) {
    let counts = grade_counts(reports);
    let _ = writeln!(
        out,
        "<section id=\"grades\">\n<h2>{}</h2>\n<div class=\"grades-box\">\n<div class=\"scroll\">\n\
         <table class=\"grades\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(&crate::tr!("Grade distribution", "等级分布")),
        escape(&crate::tr!("grade", "等级")),
        escape(&crate::tr!("units", "单位数")),
        escape(&crate::tr!("which", "单位")),
    );
    for (grade, units) in &counts {
        let names: Vec<String> =
            units.iter().map(|i| format!("<a href=\"#unit-{}\">{}</a>", i + 1, escape(label(labels, *i)))).collect();
        let _ = writeln!(
            out,
            "<tr data-grade=\"{g}\"><td>{g}</td><td class=\"num count\">{c}</td><td>{names}</td></tr>",
            g = escape(grade),
            c = units.len(),
            names = names.join("<br>"),
        );
    }
    let bars: Vec<(String, usize)> = counts.iter().map(|(g, u)| (g.clone(), u.len())).collect();
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n</div>\n<div class=\"scroll\">{}</div>\n</div>\n</section>",
        chart::grades(&bars)
    );
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("盛池镇"), "盛池镇");
    }
}
