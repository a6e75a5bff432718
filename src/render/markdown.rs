//! The Markdown report: one table, then the 缺省项 and the findings.

use std::fmt::Write;

use super::{rows, status_word, Row};
use crate::eval::report::{show, Report};

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
        let _ = writeln!(out, "\n## {}\n", crate::tr!("Errors", "错误"));
        for e in &report.errors {
            let _ = writeln!(out, "- `{}` {}", e.code, cell(&e.message));
        }
    }
    out
}

fn derived(out: &mut String, report: &Report) {
    if !report.indicators.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!(
                "\n## Indicators\n\n| indicator | value |\n|---|---:|",
                "\n## 分析指标\n\n| 分析指标 | 数值 |\n|---|---:|"
            )
        );
        for i in &report.indicators {
            let value = i.display.clone().or_else(|| i.reason.clone()).unwrap_or_default();
            let _ = writeln!(out, "| {} | {} |", cell(&i.name), cell(&value));
        }
    }
    if !report.checks.is_empty() {
        let passed = report.checks.iter().filter(|c| c.status == "passed").count();
        let all = report.checks.len();
        let _ = writeln!(
            out,
            "{}",
            crate::tr!("\n## Checks\n\n{passed} of {all} passed.\n", "\n## 审核\n\n共 {all} 项，{passed} 项通过。\n")
        );
        for c in report.checks.iter().filter(|c| c.status != "passed") {
            let mark = match (c.status, c.level) {
                ("failed", "warning") => crate::tr!("⚠ warning", "⚠ 警告"),
                ("failed", _) => crate::tr!("✗ failed", "✗ 未通过"),
                _ => crate::tr!("– skipped", "– 跳过"),
            };
            let (name, message) = (cell(&c.name), cell(&c.message));
            let _ = writeln!(out, "{}", crate::tr!("- {mark} **{name}**: {message}", "- {mark} **{name}**：{message}"));
        }
    }
}

fn items(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "{}",
        crate::tr!(
            "| id | item | max | score | reported | status | explanation |",
            "| 编号 | 指标 | 分值 | 得分 | 自评分 | 状态 | 计分说明 |"
        )
    );
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
        crate::tr!("— (disqualified)", "—（取消资格）")
    } else {
        report.grade.clone().unwrap_or_else(|| "—".to_string())
    };
    let (total, max, grade) = (report.total.map_or_else(|| "—".to_string(), show), show(report.max), cell(&grade));
    let _ = writeln!(
        out,
        "{}",
        crate::tr!("\n**Total {total} / {max}** · **Grade {grade}**", "\n**合计 {total} / {max}** · **等级 {grade}**")
    );
    if let Some(d) = &report.disqualification {
        let (item, reason) = (cell(&d.item), cell(&d.reason));
        let _ = writeln!(
            out,
            "{}",
            crate::tr!("\nDisqualified by item {item}: {reason}", "\n因指标 {item} 取消资格：{reason}")
        );
    }
    if !report.not_applicable.is_empty() {
        let _ = writeln!(out, "\n## 缺省项\n");
        for na in &report.not_applicable {
            let reason = crate::render::na_reason(na);
            let (id, name, reason, score) = (cell(&na.id), cell(&na.name), cell(&reason), opt(na.score));
            let _ = writeln!(
                out,
                "{}",
                crate::tr!("- **{id}** {name}: {reason} → {score}", "- **{id}** {name}：{reason} → {score}")
            );
        }
    }
    let _ = writeln!(out, "\n## {}\n", crate::tr!("Audit findings", "审核发现问题"));
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!("None: the unit's figures agree with the rules.", "无：单位自评与计分规则一致。")
        );
    }
    for f in &report.findings {
        let _ = writeln!(out, "- {}", cell(&f.message));
    }
}
