//! A rubric diff (and its impact on units) as a terminal table, Markdown or JSON.

use std::fmt::Write;

use rust_decimal::Decimal;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{line_diff, Change, Impact, RubricDiff, UnitImpact};
use crate::report::{show, RubricInfo};

/// One change as shown: what kind, the detail, and lines below it (a text diff).
struct Shown {
    what: &'static str,
    detail: String,
    lines: Vec<String>,
}

fn shown(change: &Change) -> Shown {
    let arrow = |a: &str, b: &str| format!("{a} → {b}");
    let diff = |old: &[String], new: &[String]| line_diff(old, new).iter().map(|l| l.marked()).collect();
    let (what, detail, lines) = match change {
        Change::TitleChanged { old, new } => ("title", arrow(old, new), vec![]),
        Change::MaxChanged { old, new } => ("max", arrow(&show(*old), &show(*new)), vec![]),
        Change::RoundingChanged { old, new } => ("rounding", arrow(old, new), vec![]),
        Change::PolicyChanged { old, new } => ("not-applicable", arrow(old, new), vec![]),
        Change::FloorChanged { old, new } => ("floor", arrow(&show(*old), &show(*new)), vec![]),
        Change::GradesChanged { old, new, bands } => {
            ("grades", bands.join("; "), vec![format!("- grades {old}"), format!("+ grades {new}")])
        }
        Change::InputAdded { name, ty } => ("input added", format!("{name}: {ty}"), vec![]),
        Change::InputRemoved { name, ty } => ("input removed", format!("{name}: {ty}"), vec![]),
        Change::InputRetyped { name, old, new } => ("input retyped", format!("{name}: {}", arrow(old, new)), vec![]),
        Change::RequireAdded { text } => ("require added", text.clone(), vec![]),
        Change::RequireRemoved { text } => ("require removed", text.clone(), vec![]),
        Change::SectionAdded { id, name, parent, weight } => {
            let under = parent.as_ref().map(|p| format!(", in {p}")).unwrap_or_default();
            ("section added", format!("{id} {name} ({}{under})", show(*weight)), vec![])
        }
        Change::SectionRemoved { id, name, parent, weight } => {
            let under = parent.as_ref().map(|p| format!(", in {p}")).unwrap_or_default();
            ("section removed", format!("{id} {name} ({}{under})", show(*weight)), vec![])
        }
        Change::SectionRenamed { id, old, new } => ("section renamed", format!("{id} {}", arrow(old, new)), vec![]),
        Change::SectionMoved { id, name, from, to } => {
            let place = |p: &Option<String>| p.as_ref().map_or_else(|| "the top".to_string(), |p| p.clone());
            ("section moved", format!("{id} {name}: {}", arrow(&place(from), &place(to))), vec![])
        }
        Change::SectionKindChanged { id, name, old, new } => {
            ("section kind", format!("{id} {name}: {}", arrow(old, new)), vec![])
        }
        Change::SectionReweighted { id, name, old, new } => {
            ("section reweighted", format!("{id} {name}: {}", arrow(&show(*old), &show(*new))), vec![])
        }
        Change::CapChanged { id, name, old, new } => {
            ("cap changed", format!("{id} {name}: {}", arrow(&show(*old), &show(*new))), vec![])
        }
        Change::ItemAdded { id, name, section, weight } => {
            ("item added", format!("{id} {name} ({}, in {section})", show(*weight)), vec![])
        }
        Change::ItemRemoved { id, name, section, weight } => {
            ("item removed", format!("{id} {name} ({}, in {section})", show(*weight)), vec![])
        }
        Change::ItemRenamed { id, old, new } => ("item renamed", format!("{id} {}", arrow(old, new)), vec![]),
        Change::ItemMoved { id, name, from_section, to_section } => {
            ("item moved", format!("{id} {name}: {}", arrow(from_section, to_section)), vec![])
        }
        Change::ItemReweighted { id, name, old, new } => {
            ("item reweighted", format!("{id} {name}: {}", arrow(&show(*old), &show(*new))), vec![])
        }
        Change::RuleChanged { id, name, old_text, new_text } => {
            ("rule changed", format!("{id} {name}"), diff(old_text, new_text))
        }
        Change::DescriptionChanged { id, name, old, new } => {
            ("wording changed", format!("{id} {name}"), diff(old, new))
        }
        Change::IndicatorAdded { name, text } => ("indicator added", format!("{name} = {text}"), vec![]),
        Change::IndicatorRemoved { name, text } => ("indicator removed", format!("{name} = {text}"), vec![]),
        Change::IndicatorChanged { name, old, new } => {
            ("indicator changed", name.clone(), vec![format!("- {old}"), format!("+ {new}")])
        }
        Change::CheckAdded { name, text } => ("check added", format!("{name}: {text}"), vec![]),
        Change::CheckRemoved { name, text } => ("check removed", format!("{name}: {text}"), vec![]),
        Change::CheckChanged { name, old, new } => {
            ("check changed", name.clone(), vec![format!("- {old}"), format!("+ {new}")])
        }
    };
    Shown { what, detail, lines }
}

fn version(info: &RubricInfo) -> String {
    match (info.year, &info.version) {
        (Some(year), Some(version)) => format!("{year} (version {version})"),
        (Some(year), None) => year.to_string(),
        (None, Some(version)) => format!("version {version}"),
        (None, None) => "—".to_string(),
    }
}

fn heading(diff: &RubricDiff) -> String {
    format!("{}: {} → {}", diff.new.title, version(&diff.old), version(&diff.new))
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
const UNVERIFIED: &str =
    "? changed, but scored from the unit's own reported figure (its data lacks the facts): the change is not seen";

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The changes as a terminal table.
pub fn changes_table(diff: &RubricDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", heading(diff));
    if diff.changes.is_empty() {
        let _ = writeln!(out, "no changes: the two rubrics score every unit the same way");
        return out;
    }
    let _ = writeln!(out, "{}", plural(diff.changes.len(), "change", "changes"));
    let all: Vec<Shown> = diff.changes.iter().map(shown).collect();
    let width = all.iter().map(|s| s.what.len()).max().unwrap_or(0);
    for s in &all {
        let _ = writeln!(out, "  {}  {}", pad(s.what, width), s.detail);
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
    let _ = writeln!(out, "impact on {}, largest change first\n", plural(units.len(), "unit", "units"));
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
    let head = ["unit", "old", "new", "change", "grade"];
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            let column = cells.iter().filter_map(|r| r.get(c)).map(|s| UnicodeWidthStr::width(s.as_str()));
            column.chain(head.get(c).map(|h| h.len())).max().unwrap_or(0)
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
    row(&mut out, head, "items");
    for (c, u) in cells.iter().zip(units) {
        row(&mut out, [&c[0], &c[1], &c[2], &c[3], &c[4]], &items_cell(u));
    }
    let _ = writeln!(out, "\n* the grade changes");
    if units.iter().any(|u| !u.unverified.is_empty()) {
        let _ = writeln!(out, "{UNVERIFIED}");
    }
    let _ = writeln!(out, "\nsummary");
    for (what, lines) in summary_lines(impact) {
        for (i, text) in lines.iter().enumerate() {
            let _ = writeln!(out, "  {}  {text}", pad(if i == 0 { what } else { "" }, 17));
        }
    }
    out
}

/// The summary as headings, each with its lines.
fn summary_lines(impact: &Impact) -> Vec<(&'static str, Vec<String>)> {
    let s = &impact.summary;
    let names = |units: &[String]| {
        let mut shown: Vec<String> = units.iter().take(4).cloned().collect();
        if units.len() > 4 {
            shown.push(format!("{} more", units.len() - 4));
        }
        shown.join(", ")
    };
    let moves: Vec<String> = s
        .grade_moves
        .iter()
        .map(|m| format!("{} → {}: {} ({})", grade(&m.from), grade(&m.to), m.units.len(), names(&m.units)))
        .collect();
    let counts: Vec<String> = s.grades.iter().map(|g| format!("{} {} → {}", grade(&g.grade), g.old, g.new)).collect();
    let total = |t: &Option<super::UnitTotal>| {
        t.as_ref().map_or_else(
            || "none".to_string(),
            |t| format!("{} {} ({} → {})", signed(t.delta), t.label, show(t.old_total), show(t.new_total)),
        )
    };
    let items: Vec<String> = s
        .items
        .iter()
        .map(|e| format!("{} {}: {}, {} points", e.id, e.name, plural(e.units, "unit", "units"), signed(e.points)))
        .collect();
    let unverified: Vec<String> = s
        .unverified
        .iter()
        .map(|e| format!("{} {}: {} scored from the reported figure", e.id, e.name, plural(e.units, "unit", "units")))
        .collect();
    let mut lines = vec![
        (
            "units",
            vec![format!(
                "{}: {} with another total, {} with another grade",
                plural(s.units, "unit", "units"),
                s.totals_changed,
                s.grades_changed
            )],
        ),
        ("grade changes", if moves.is_empty() { vec!["none".to_string()] } else { moves }),
        ("grades", vec![counts.join(", ")]),
        ("largest gain", vec![total(&s.largest_gain)]),
        ("largest loss", vec![total(&s.largest_loss)]),
        (
            "items responsible",
            if items.is_empty() { vec!["none: no item scores differently".to_string()] } else { items },
        ),
    ];
    if !unverified.is_empty() {
        lines.push(("not seen", unverified));
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
    let _ = writeln!(out, "## Changes ({})\n", diff.changes.len());
    if diff.changes.is_empty() {
        let _ = writeln!(out, "No changes: the two rubrics score every unit the same way.");
    }
    for s in diff.changes.iter().map(shown) {
        let _ = writeln!(out, "- **{}**: {}", s.what, s.detail);
        if !s.lines.is_empty() {
            let _ = writeln!(out, "  ```diff");
            for line in &s.lines {
                let _ = writeln!(out, "  {line}");
            }
            let _ = writeln!(out, "  ```");
        }
    }
    let Some(impact) = impact else { return out };
    let _ = writeln!(out, "\n## Impact ({})\n", plural(impact.units.len(), "unit", "units"));
    let _ = writeln!(out, "| unit | old | new | change | grade | items |\n|---|--:|--:|--:|---|---|");
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
        let _ = writeln!(out, "\n{UNVERIFIED}");
    }
    let _ = writeln!(out, "\n### Summary\n");
    for (what, lines) in summary_lines(impact) {
        match lines.as_slice() {
            [one] => {
                let _ = writeln!(out, "- {what}: {}", md_cell(one));
            }
            many => {
                let _ = writeln!(out, "- {what}:");
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
