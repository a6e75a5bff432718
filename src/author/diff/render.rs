//! A rubric diff (and its impact on units) as a terminal table, Markdown or JSON.

use std::fmt::Write;

use rust_decimal::Decimal;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{line_diff, Change, Impact, RubricDiff, UnitImpact};
use crate::eval::report::{show, RubricInfo};

/// One change as shown: what kind, the detail, and lines below it (a text diff).
struct Shown {
    what: String,
    detail: String,
    lines: Vec<String>,
}

/// A section kind as [`Change::SectionKindChanged`] holds it (`section`, `bonus`, `deduction`), as shown.
fn kind_shown(kind: &str) -> String {
    match kind {
        "section" => crate::tr!("section", "普通部分"),
        "bonus" => crate::tr!("bonus", "加分项"),
        "deduction" => crate::tr!("deduction", "减分项"),
        other => other.to_string(),
    }
}

/// A grade band's move as [`Change::GradesChanged`] holds it (`added 优 ≥ 95`), as shown.
fn band_shown(band: &str) -> String {
    if let Some(rest) = band.strip_prefix("added ") {
        crate::tr!("added {rest}", "新增 {rest}")
    } else if let Some(rest) = band.strip_prefix("removed ") {
        crate::tr!("removed {rest}", "删除 {rest}")
    } else if band == "the same bands in another order" {
        crate::tr!("the same bands in another order", "等级档次不变，仅顺序不同")
    } else {
        band.to_string()
    }
}

/// All grade bands as [`Change::GradesChanged`] holds them, as shown.
fn grades_shown(grades: &str) -> String {
    if grades == "no grades" {
        crate::tr!("no grades", "不评等级")
    } else {
        grades.to_string()
    }
}

fn shown(change: &Change) -> Shown {
    let arrow = |a: &str, b: &str| format!("{a} → {b}");
    let diff = |old: &[String], new: &[String]| line_diff(old, new).iter().map(|l| l.marked()).collect();
    let w = |weight: &Decimal| show(*weight);
    let sep = crate::tr!(": ", "：");
    let (what, detail, lines) = match change {
        Change::TitleChanged { old, new } => (crate::tr!("title", "标题"), arrow(old, new), vec![]),
        Change::MaxChanged { old, new } => (crate::tr!("max", "满分"), arrow(&show(*old), &show(*new)), vec![]),
        Change::RoundingChanged { old, new } => (crate::tr!("rounding", "舍入"), arrow(old, new), vec![]),
        Change::PolicyChanged { old, new } => (crate::tr!("not-applicable", "缺省项规则"), arrow(old, new), vec![]),
        Change::FloorChanged { old, new } => (crate::tr!("floor", "总分下限"), arrow(&show(*old), &show(*new)), vec![]),
        Change::GradesChanged { old, new, bands } => {
            let (old, new) = (grades_shown(old), grades_shown(new));
            let bands: Vec<String> = bands.iter().map(|b| band_shown(b)).collect();
            (
                crate::tr!("grades", "等级"),
                bands.join(&crate::tr!("; ", "；")),
                vec![crate::tr!("- grades {old}", "- 等级 {old}"), crate::tr!("+ grades {new}", "+ 等级 {new}")],
            )
        }
        Change::InputAdded { name, ty } => (crate::tr!("input added", "新增输入"), format!("{name}{sep}{ty}"), vec![]),
        Change::InputRemoved { name, ty } => {
            (crate::tr!("input removed", "删除输入"), format!("{name}{sep}{ty}"), vec![])
        }
        Change::InputRetyped { name, old, new } => {
            (crate::tr!("input retyped", "输入定义变更"), format!("{name}{sep}{}", arrow(old, new)), vec![])
        }
        Change::RequireAdded { text } => (crate::tr!("require added", "新增要求"), text.clone(), vec![]),
        Change::RequireRemoved { text } => (crate::tr!("require removed", "删除要求"), text.clone(), vec![]),
        Change::SectionAdded { id, name, parent, weight } | Change::SectionRemoved { id, name, parent, weight } => {
            let what = match change {
                Change::SectionAdded { .. } => crate::tr!("section added", "新增部分"),
                _ => crate::tr!("section removed", "删除部分"),
            };
            let weight = w(weight);
            let detail = match parent {
                Some(p) => crate::tr!("{id} {name} ({weight}, in {p})", "{id} {name}（{weight} 分，属于 {p}）"),
                None => crate::tr!("{id} {name} ({weight})", "{id} {name}（{weight} 分）"),
            };
            (what, detail, vec![])
        }
        Change::SectionRenamed { id, old, new } => {
            (crate::tr!("section renamed", "部分改名"), format!("{id} {}", arrow(old, new)), vec![])
        }
        Change::SectionMoved { id, name, from, to } => {
            let place = |p: &Option<String>| p.as_ref().map_or_else(|| crate::tr!("the top", "顶层"), |p| p.clone());
            (
                crate::tr!("section moved", "部分移动"),
                format!("{id} {name}{sep}{}", arrow(&place(from), &place(to))),
                vec![],
            )
        }
        Change::SectionKindChanged { id, name, old, new } => (
            crate::tr!("section kind", "部分类型"),
            format!("{id} {name}{sep}{}", arrow(&kind_shown(old), &kind_shown(new))),
            vec![],
        ),
        Change::SectionReweighted { id, name, old, new } => (
            crate::tr!("section reweighted", "部分分值变更"),
            format!("{id} {name}{sep}{}", arrow(&show(*old), &show(*new))),
            vec![],
        ),
        Change::CapChanged { id, name, old, new } => (
            crate::tr!("cap changed", "上限变更"),
            format!("{id} {name}{sep}{}", arrow(&show(*old), &show(*new))),
            vec![],
        ),
        Change::ItemAdded { id, name, section, weight } | Change::ItemRemoved { id, name, section, weight } => {
            let what = match change {
                Change::ItemAdded { .. } => crate::tr!("item added", "新增指标"),
                _ => crate::tr!("item removed", "删除指标"),
            };
            let weight = w(weight);
            (
                what,
                crate::tr!("{id} {name} ({weight}, in {section})", "{id} {name}（{weight} 分，属于 {section}）"),
                vec![],
            )
        }
        Change::ItemRenamed { id, old, new } => {
            (crate::tr!("item renamed", "指标改名"), format!("{id} {}", arrow(old, new)), vec![])
        }
        Change::ItemMoved { id, name, from_section, to_section } => (
            crate::tr!("item moved", "指标移动"),
            format!("{id} {name}{sep}{}", arrow(from_section, to_section)),
            vec![],
        ),
        Change::ItemReweighted { id, name, old, new } => (
            crate::tr!("item reweighted", "指标分值变更"),
            format!("{id} {name}{sep}{}", arrow(&show(*old), &show(*new))),
            vec![],
        ),
        Change::RuleChanged { id, name, old_text, new_text } => {
            (crate::tr!("rule changed", "计分规则变更"), format!("{id} {name}"), diff(old_text, new_text))
        }
        Change::DescriptionChanged { id, name, old, new } => {
            (crate::tr!("wording changed", "计分标准表述变更"), format!("{id} {name}"), diff(old, new))
        }
        Change::IndicatorAdded { name, text } => {
            (crate::tr!("indicator added", "新增分析指标"), format!("{name} = {text}"), vec![])
        }
        Change::IndicatorRemoved { name, text } => {
            (crate::tr!("indicator removed", "删除分析指标"), format!("{name} = {text}"), vec![])
        }
        Change::IndicatorChanged { name, old, new } => (
            crate::tr!("indicator changed", "分析指标变更"),
            name.clone(),
            vec![format!("- {old}"), format!("+ {new}")],
        ),
        Change::CheckAdded { name, text } => {
            (crate::tr!("check added", "新增审核"), format!("{name}{sep}{text}"), vec![])
        }
        Change::CheckRemoved { name, text } => {
            (crate::tr!("check removed", "删除审核"), format!("{name}{sep}{text}"), vec![])
        }
        Change::CheckChanged { name, old, new } => {
            (crate::tr!("check changed", "审核变更"), name.clone(), vec![format!("- {old}"), format!("+ {new}")])
        }
    };
    Shown { what, detail, lines }
}

fn version(info: &RubricInfo) -> String {
    match (info.year, &info.version) {
        (Some(year), Some(version)) => crate::tr!("{year} (version {version})", "{year}（版本 {version}）"),
        (Some(year), None) => year.to_string(),
        (None, Some(version)) => crate::tr!("version {version}", "版本 {version}"),
        (None, None) => "—".to_string(),
    }
}

fn heading(diff: &RubricDiff) -> String {
    let (title, old, new) = (&diff.new.title, version(&diff.old), version(&diff.new));
    crate::tr!("{title}: {old} → {new}", "{title}：{old} → {new}")
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(UnicodeWidthStr::width(text))))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(UnicodeWidthStr::width(text))))
}

/// A change of points: `+2.5`, `−1`, `0`.
fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", show(d))
    } else if d < Decimal::ZERO {
        format!("−{}", show(-d))
    } else {
        "0".to_string()
    }
}

fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), show)
}

fn grade(g: &Option<String>) -> String {
    g.clone().unwrap_or_else(|| "—".to_string())
}

fn grade_cell(u: &UnitImpact) -> String {
    if u.grade_changed {
        format!("{} → {} *", grade(&u.old_grade), grade(&u.new_grade))
    } else {
        grade(&u.new_grade)
    }
}

fn items_cell(u: &UnitImpact) -> String {
    let scored = u.items.iter().map(|i| format!("{} {}", i.id, signed(i.delta())));
    scored.chain(u.unverified.iter().map(|id| format!("{id} ?"))).collect::<Vec<_>>().join(", ")
}

/// Said under a table with `?` items.
fn unverified_note() -> String {
    crate::tr!(
        "? changed, but scored from the unit's own reported figure (its data lacks the facts): the change is not seen",
        "? 指标有变动，但该单位此项按自评分计分（数据中缺少计分依据）：看不出变动的影响"
    )
}

/// `1 unit`, `3 units`; in Chinese `3 个单位`.
fn units(n: usize) -> String {
    match n {
        1 => crate::tr!("1 unit", "1 个单位"),
        n => crate::tr!("{n} units", "{n} 个单位"),
    }
}

/// The changes as a terminal table.
pub fn changes_table(diff: &RubricDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", heading(diff));
    if diff.changes.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!(
                "no changes: the two rubrics score every unit the same way",
                "无变化：两版评分表对每个单位的计分完全相同"
            )
        );
        return out;
    }
    let n = diff.changes.len();
    let _ = writeln!(
        out,
        "{}",
        if n == 1 { crate::tr!("1 change", "1 处变化") } else { crate::tr!("{n} changes", "{n} 处变化") }
    );
    let all: Vec<Shown> = diff.changes.iter().map(shown).collect();
    let width = all.iter().map(|s| UnicodeWidthStr::width(s.what.as_str())).max().unwrap_or(0);
    for s in &all {
        let _ = writeln!(out, "  {}  {}", pad(&s.what, width), s.detail);
        for line in &s.lines {
            let _ = writeln!(out, "  {}  {line}", " ".repeat(width));
        }
    }
    out
}

/// The impact on units as a terminal table, with its summary.
pub fn impact_table(impact: &Impact) -> String {
    let mut out = String::new();
    let units = &impact.units;
    let n = units.len();
    let _ = writeln!(
        out,
        "{}\n",
        match n {
            1 => crate::tr!("impact on 1 unit, largest change first", "对 1 个单位的影响，按变化从大到小"),
            n => crate::tr!("impact on {n} units, largest change first", "对 {n} 个单位的影响，按变化从大到小"),
        }
    );
    let cells: Vec<[String; 5]> = units
        .iter()
        .map(|u| {
            [
                u.label.clone(),
                opt(u.old_total),
                opt(u.new_total),
                u.delta.map_or_else(|| "—".to_string(), signed),
                grade_cell(u),
            ]
        })
        .collect();
    let head = [
        crate::tr!("unit", "单位"),
        crate::tr!("old", "原合计"),
        crate::tr!("new", "新合计"),
        crate::tr!("change", "增减"),
        crate::tr!("grade", "等级"),
    ];
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            let column = cells.iter().filter_map(|r| r.get(c)).map(|s| UnicodeWidthStr::width(s.as_str()));
            column.chain(head.get(c).map(|h| UnicodeWidthStr::width(h.as_str()))).max().unwrap_or(0)
        })
        .collect();
    let width = |c: usize| widths.get(c).copied().unwrap_or(0);
    let row = |out: &mut String, r: [&str; 5], items: &str| {
        let text = format!(
            "{}  {}  {}  {}  {}  {items}",
            pad(r[0], width(0)),
            pad_left(r[1], width(1)),
            pad_left(r[2], width(2)),
            pad_left(r[3], width(3)),
            pad(r[4], width(4))
        );
        let _ = writeln!(out, "{}", text.trim_end());
    };
    row(&mut out, [&head[0], &head[1], &head[2], &head[3], &head[4]], &crate::tr!("items", "变动指标"));
    for (c, u) in cells.iter().zip(units) {
        row(&mut out, [&c[0], &c[1], &c[2], &c[3], &c[4]], &items_cell(u));
    }
    let _ = writeln!(out, "\n{}", crate::tr!("* the grade changes", "* 等级有变化"));
    if units.iter().any(|u| !u.unverified.is_empty()) {
        let _ = writeln!(out, "{}", unverified_note());
    }
    let _ = writeln!(out, "\n{}", crate::tr!("summary", "汇总"));
    for (what, lines) in summary_lines(impact) {
        for (i, text) in lines.iter().enumerate() {
            let _ = writeln!(out, "  {}  {text}", pad(if i == 0 { &what } else { "" }, 17));
        }
    }
    out
}

/// The summary as headings, each with its lines.
fn summary_lines(impact: &Impact) -> Vec<(String, Vec<String>)> {
    let s = &impact.summary;
    let names = |units: &[String]| {
        let mut shown: Vec<String> = units.iter().take(4).cloned().collect();
        if units.len() > 4 {
            let more = units.len() - 4;
            shown.push(crate::tr!("{more} more", "另 {more} 个"));
        }
        shown.join(&crate::tr!(", ", "、"))
    };
    let moves: Vec<String> = s
        .grade_moves
        .iter()
        .map(|m| {
            let (from, to, n, names) = (grade(&m.from), grade(&m.to), m.units.len(), names(&m.units));
            crate::tr!("{from} → {to}: {n} ({names})", "{from} → {to} {n} 个（{names}）")
        })
        .collect();
    let counts: Vec<String> = s.grades.iter().map(|g| format!("{} {} → {}", grade(&g.grade), g.old, g.new)).collect();
    let none = crate::tr!("none", "无");
    let total = |t: &Option<super::UnitTotal>| {
        t.as_ref().map_or_else(
            || none.clone(),
            |t| {
                let (delta, label, old, new) = (signed(t.delta), &t.label, show(t.old_total), show(t.new_total));
                crate::tr!("{delta} {label} ({old} → {new})", "{delta} {label}（{old} → {new}）")
            },
        )
    };
    let items: Vec<String> = s
        .items
        .iter()
        .map(|e| {
            let (id, name, units, points) = (&e.id, &e.name, units(e.units), signed(e.points));
            crate::tr!("{id} {name}: {units}, {points} points", "{id} {name}：{units}，{points} 分")
        })
        .collect();
    let unverified: Vec<String> = s
        .unverified
        .iter()
        .map(|e| {
            let (id, name, units) = (&e.id, &e.name, units(e.units));
            crate::tr!("{id} {name}: {units} scored from the reported figure", "{id} {name}：{units}按自评分计分")
        })
        .collect();
    let (all, totals, grades) = (units(s.units), s.totals_changed, s.grades_changed);
    let mut lines = vec![
        (
            crate::tr!("units", "单位"),
            vec![crate::tr!(
                "{all}: {totals} with another total, {grades} with another grade",
                "共 {all}，其中 {totals} 个合计有变化，{grades} 个等级有变化"
            )],
        ),
        (crate::tr!("grade changes", "等级变化"), if moves.is_empty() { vec![none.clone()] } else { moves }),
        (crate::tr!("grades", "等级分布"), vec![counts.join(&crate::tr!(", ", "，"))]),
        (crate::tr!("largest gain", "增分最多"), vec![total(&s.largest_gain)]),
        (crate::tr!("largest loss", "减分最多"), vec![total(&s.largest_loss)]),
        (
            crate::tr!("items responsible", "引起变化的指标"),
            if items.is_empty() {
                vec![crate::tr!("none: no item scores differently", "无（没有指标的得分发生变化）")]
            } else {
                items
            },
        ),
    ];
    if !unverified.is_empty() {
        lines.push((crate::tr!("not seen", "看不出变化"), unverified));
    }
    lines
}

/// The diff, and the impact when there is one, as a terminal table.
pub fn table(diff: &RubricDiff, impact: Option<&Impact>) -> String {
    match impact {
        Some(impact) => format!("{}\n{}", changes_table(diff), impact_table(impact)),
        None => changes_table(diff),
    }
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The diff, and the impact when there is one, as Markdown.
pub fn markdown(diff: &RubricDiff, impact: Option<&Impact>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", heading(diff));
    let n = diff.changes.len();
    let _ = writeln!(out, "{}\n", crate::tr!("## Changes ({n})", "## 变化（{n} 处）"));
    if diff.changes.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!(
                "No changes: the two rubrics score every unit the same way.",
                "无变化：两版评分表对每个单位的计分完全相同。"
            )
        );
    }
    for s in diff.changes.iter().map(shown) {
        let (what, detail) = (&s.what, &s.detail);
        let _ = writeln!(out, "{}", crate::tr!("- **{what}**: {detail}", "- **{what}**：{detail}"));
        if !s.lines.is_empty() {
            let _ = writeln!(out, "  ```diff");
            for line in &s.lines {
                let _ = writeln!(out, "  {line}");
            }
            let _ = writeln!(out, "  ```");
        }
    }
    let Some(impact) = impact else { return out };
    let n = units(impact.units.len());
    let _ = writeln!(out, "{}\n", crate::tr!("\n## Impact ({n})", "\n## 影响（{n}）"));
    let _ = writeln!(
        out,
        "{}\n|---|--:|--:|--:|---|---|",
        crate::tr!(
            "| unit | old | new | change | grade | items |",
            "| 单位 | 原合计 | 新合计 | 增减 | 等级 | 变动指标 |"
        )
    );
    for u in &impact.units {
        let grade = if u.grade_changed {
            format!("{} → **{}**", grade(&u.old_grade), grade(&u.new_grade))
        } else {
            grade(&u.new_grade)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {grade} | {} |",
            md_cell(&u.label),
            opt(u.old_total),
            opt(u.new_total),
            u.delta.map_or_else(|| "—".to_string(), signed),
            md_cell(&items_cell(u))
        );
    }
    if impact.units.iter().any(|u| !u.unverified.is_empty()) {
        let _ = writeln!(out, "\n{}", unverified_note());
    }
    let _ = writeln!(out, "\n### {}\n", crate::tr!("Summary", "汇总"));
    for (what, lines) in summary_lines(impact) {
        match lines.as_slice() {
            [one] => {
                let one = md_cell(one);
                let _ = writeln!(out, "{}", crate::tr!("- {what}: {one}", "- {what}：{one}"));
            }
            many => {
                let _ = writeln!(out, "{}", crate::tr!("- {what}:", "- {what}："));
                for text in many {
                    let _ = writeln!(out, "  - {}", md_cell(text));
                }
            }
        }
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    old: &'a RubricInfo,
    new: &'a RubricInfo,
    changes: &'a [Change],
    impact: Option<&'a Impact>,
}

/// The diff, and the impact when there is one (else `null`), as pretty JSON; decimals are strings.
pub fn json(diff: &RubricDiff, impact: Option<&Impact>) -> String {
    let value = Json { old: &diff.old, new: &diff.new, changes: &diff.changes, impact };
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
