//! One unit's indicators (财务分析指标), checks (审核公式), audit findings and
//! errors, as tables.

use std::fmt::Write;

use super::escape;
use super::table::{foot, h3, head};
use crate::eval::report::Report;

pub(super) fn indicators(out: &mut String, report: &Report) {
    if report.indicators.is_empty() {
        return;
    }
    h3(out, &crate::tr!("Indicators", "分析指标"));
    head(
        out,
        "indicators",
        &[crate::tr!("indicator", "指标"), crate::tr!("#value", "#数值"), crate::tr!("how", "计算")],
    );
    for i in &report.indicators {
        let (value, how) = match (&i.display, &i.reason) {
            (Some(d), _) => (escape(d), escape(i.trace.as_deref().unwrap_or(""))),
            (None, reason) => (
                escape(&crate::tr!("not defined", "无法计算")),
                format!("<span class=\"muted\">{}</span>", escape(reason.as_deref().unwrap_or(""))),
            ),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{value}</td><td class=\"how\">{how}</td></tr>",
            escape(&i.name)
        );
    }
    foot(out);
}

pub(super) fn checks(out: &mut String, report: &Report) {
    if report.checks.is_empty() {
        return;
    }
    let count = |status: &str, level: Option<&str>| {
        report.checks.iter().filter(|c| c.status == status && level.is_none_or(|l| c.level == l)).count()
    };
    let (passed, failed) = (count("passed", None), count("failed", Some("error")));
    let (warned, skipped) = (count("failed", Some("warning")), count("skipped", None));
    h3(out, &crate::tr!("Checks", "审核"));
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        escape(&crate::tr!(
            "{passed} passed, {failed} failed, {warned} with a warning, {skipped} skipped (figures not given)",
            "{passed} 项通过，{failed} 项未通过，{warned} 项警告，{skipped} 项跳过（数据未提供）"
        ))
    );
    head(
        out,
        "checks",
        &[
            crate::tr!("result", "结果"),
            crate::tr!("check", "审核"),
            crate::tr!("#left", "#左边"),
            crate::tr!("#right", "#右边"),
            crate::tr!("#difference", "#差额"),
            crate::tr!("#tolerance", "#允许误差"),
            crate::tr!("details", "说明"),
        ],
    );
    for c in &report.checks {
        let (class, word) = match (c.status, c.level) {
            ("passed", _) => ("computed", crate::tr!("✓ passed", "✓ 通过")),
            ("failed", "warning") => ("unverified", crate::tr!("! warning", "! 警告")),
            ("failed", _) => ("bad", crate::tr!("✗ failed", "✗ 未通过")),
            _ => ("muted", crate::tr!("– skipped", "– 跳过")),
        };
        let cell = |v: &Option<String>| escape(v.as_deref().unwrap_or("—"));
        let _ = writeln!(
            out,
            "<tr class=\"check {status}\"><td class=\"{class}\">{word}</td><td>{name}</td><td class=\"num\">{l}</td>\
             <td class=\"num\">{r}</td><td class=\"num\">{d}</td><td class=\"num\">{t}</td><td class=\"how\">{m}</td></tr>",
            status = escape(c.status),
            word = escape(&word),
            name = escape(&c.name),
            l = cell(&c.left),
            r = cell(&c.right),
            d = cell(&c.difference),
            t = escape(&c.tolerance),
            m = escape(&c.message),
        );
    }
    foot(out);
}

pub(super) fn findings(out: &mut String, report: &Report) {
    if report.items.is_empty() && report.reported_total.is_none() && report.reported_grade.is_none() {
        return;
    }
    let nothing_reported = report.reported_total.is_none()
        && report.reported_grade.is_none()
        && report.items.iter().all(|i| i.reported.is_none())
        && report.sections.iter().all(|s| s.reported.is_none());
    let n = report.findings.len();
    h3(out, &crate::tr!("Audit findings ({n})", "审核发现问题（{n} 项）"));
    if report.findings.is_empty() {
        let text = if nothing_reported {
            crate::tr!("The unit reported no figures to audit.", "单位未填报自评分，无可审核。")
        } else {
            crate::tr!("The unit's figures agree with the rules.", "单位自评与计分规则一致。")
        };
        let _ = writeln!(out, "<p class=\"good\">{}</p>", escape(&text));
        return;
    }
    head(
        out,
        "findings",
        &[
            crate::tr!("about", "对象"),
            crate::tr!("#reported", "#自评"),
            crate::tr!("#computed", "#核定"),
            crate::tr!("finding", "问题"),
        ],
    );
    for f in &report.findings {
        let cell = |v: &Option<String>| escape(v.as_deref().unwrap_or("—"));
        let _ = writeln!(
            out,
            "<tr class=\"finding\" data-kind=\"{kind}\"><td class=\"id\">{target}</td><td class=\"num\">{r}</td>\
             <td class=\"num\">{c}</td><td><span class=\"bad\">✗</span> {m}</td></tr>",
            kind = escape(f.kind),
            target = escape(&finding_target(f)),
            r = cell(&f.reported),
            c = cell(&f.computed),
            m = escape(&f.message),
        );
    }
    foot(out);
}

/// What a finding is about: the item or section id, or the words for the total and the grade.
fn finding_target(f: &crate::eval::report::Finding) -> String {
    match (f.kind, f.target.as_str()) {
        ("total" | "reported_total" | "reported_sum", "total") => crate::tr!("total", "总分"),
        ("grade" | "reported_grade", "grade") => crate::tr!("grade", "等级"),
        _ => f.about(),
    }
}

pub(super) fn errors(out: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    let n = report.errors.len();
    h3(out, &crate::tr!("Errors ({n})", "错误（{n} 个）"));
    let _ = writeln!(out, "<ul class=\"errors\">");
    for e in &report.errors {
        let _ = writeln!(
            out,
            "<li><span class=\"bad\">✗</span> {} <code>{}</code></li>",
            escape(&e.message),
            escape(&e.code)
        );
    }
    let _ = writeln!(out, "</ul>");
}
