//! What a new rubric does to units: each unit's total and grade under both rubrics,
//! the items whose scores move, and a summary.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{dec, opt_dec};
use crate::data::Format;
use crate::base::diagnostic::Diagnostic;
use crate::eval::{evaluate, Options};
use crate::check::model::Checked;
use crate::eval::report::{Report, Status};

/// One data file scored under one rubric.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The report; `None` when the file could not be read at all.
    pub report: Option<Report>,
    /// Diagnostics of reading the data against the rubric.
    pub load: Vec<Diagnostic>,
    /// Diagnostics of scoring (in the rubric or in the data: see their origin).
    pub eval: Vec<Diagnostic>,
}

/// Reads a data file's text against `rubric` and scores it.
pub fn score(rubric: &Checked, text: &str, format: Format) -> Scored {
    let (data, load) = crate::data::bind::load(text, format, rubric);
    if !data.parsed {
        return Scored { report: None, load, eval: Vec::new() };
    }
    let (report, eval) = evaluate(rubric, &data, Options::default());
    Scored { report: Some(report), load, eval }
}

/// The data files named, with folders replaced by the data files in them (sorted).
/// The error says which path is wrong.
pub fn data_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Format)>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let shown = path.display();
            let entries = std::fs::read_dir(path)
                .map_err(|e| crate::tr!("cannot read the folder {shown}: {e}", "无法读取文件夹 {shown}：{e}"))?;
            let mut found: Vec<(PathBuf, Format)> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter_map(|p| Format::from_path(&p).map(|f| (p, f)))
                .collect();
            found.sort_by(|a, b| a.0.cmp(&b.0));
            if found.is_empty() {
                return Err(crate::tr!(
                    "{shown} holds no .toml, .json, .yaml or .yml files",
                    "{shown} 中没有 .toml、.json、.yaml 或 .yml 文件"
                ));
            }
            files.extend(found);
        } else {
            let shown = path.display();
            let format = Format::from_path(Path::new(path)).ok_or_else(|| {
                crate::tr!(
                    "{shown} is not a data file: use .toml, .json, .yaml or .yml",
                    "{shown} 不是数据文件：请使用 .toml、.json、.yaml 或 .yml 文件"
                )
            })?;
            files.push((path.clone(), format));
        }
    }
    Ok(files)
}

/// Every unit under both rubrics, the biggest change first, and the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    /// Sorted by the size of the change (|new − old|), largest first; units without a total last.
    pub units: Vec<UnitImpact>,
    /// Counts, extremes and the items responsible.
    pub summary: Summary,
}

/// One unit under both rubrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitImpact {
    /// The unit (its project, else its name, else the file name).
    pub label: String,
    /// Total under the old rubric.
    #[serde(with = "opt_dec")]
    pub old_total: Option<Decimal>,
    /// Total under the new rubric.
    #[serde(with = "opt_dec")]
    pub new_total: Option<Decimal>,
    /// Grade under the old rubric (`null`: none, or disqualified).
    pub old_grade: Option<String>,
    /// Grade under the new rubric.
    pub new_grade: Option<String>,
    /// New total minus old total.
    #[serde(with = "opt_dec")]
    pub delta: Option<Decimal>,
    /// The grade is not the same.
    pub grade_changed: bool,
    /// The items whose score is not the same, in the new rubric's order.
    pub items: Vec<ItemDelta>,
    /// Items whose weight or rule changed but that took the unit's own reported score
    /// under the new rubric (its data lacks their facts): what the change does to them is not seen.
    pub unverified: Vec<String>,
}

/// An item scored differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDelta {
    /// Item id.
    pub id: String,
    /// Item name.
    pub name: String,
    /// Score under the old rubric (`null`: not scored, or not in it).
    #[serde(with = "opt_dec")]
    pub old: Option<Decimal>,
    /// Score under the new rubric.
    #[serde(with = "opt_dec")]
    pub new: Option<Decimal>,
}

impl ItemDelta {
    /// New minus old, a missing score counting as 0.
    pub fn delta(&self) -> Decimal {
        self.new.unwrap_or_default() - self.old.unwrap_or_default()
    }
}

/// What the change does to all the units together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// How many units.
    pub units: usize,
    /// How many units' totals change.
    pub totals_changed: usize,
    /// How many units' grades change.
    pub grades_changed: usize,
    /// Grade moves (`良 → 优`), most units first.
    pub grade_moves: Vec<GradeMove>,
    /// How many units have each grade before and after, best grade first.
    pub grades: Vec<GradeCount>,
    /// The unit that gains most.
    pub largest_gain: Option<UnitTotal>,
    /// The unit that loses most.
    pub largest_loss: Option<UnitTotal>,
    /// The items whose scores change, most points moved first.
    pub items: Vec<ItemEffect>,
    /// Changed items scored from units' own reported figures, with how many units.
    pub unverified: Vec<ItemCount>,
}

/// Units that move from one grade to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeMove {
    /// The old grade (`null`: none).
    pub from: Option<String>,
    /// The new grade.
    pub to: Option<String>,
    /// The units, in the order of [`Impact::units`].
    pub units: Vec<String>,
}

/// How many units have a grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeCount {
    /// The grade (`null`: none, or disqualified).
    pub grade: Option<String>,
    /// Units with it under the old rubric.
    pub old: usize,
    /// Units with it under the new rubric.
    pub new: usize,
}

/// A unit's change of total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitTotal {
    /// The unit.
    pub label: String,
    /// Old total.
    #[serde(with = "dec")]
    pub old_total: Decimal,
    /// New total.
    #[serde(with = "dec")]
    pub new_total: Decimal,
    /// New minus old.
    #[serde(with = "dec")]
    pub delta: Decimal,
}

/// An item whose scores change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEffect {
    /// Item id.
    pub id: String,
    /// Item name.
    pub name: String,
    /// How many units it scores differently.
    pub units: usize,
    /// Points gained over all units (new − old, summed; negative when lost).
    #[serde(with = "dec")]
    pub points: Decimal,
}

/// A changed item that some units' data cannot show the change of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemCount {
    /// Item id.
    pub id: String,
    /// Item name.
    pub name: String,
    /// How many units took their reported score for it.
    pub units: usize,
}

/// Compares each unit's report under the `old` rubric with its report under the `new` one.
/// `units` holds (label, old report, new report).
pub fn impact(old: &Checked, new: &Checked, units: Vec<(String, Report, Report)>) -> Impact {
    let changed: Vec<String> = super::diff(old, new)
        .changes
        .into_iter()
        .filter_map(|c| match c {
            super::Change::ItemReweighted { id, .. } | super::Change::RuleChanged { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    let mut rows: Vec<UnitImpact> = units.iter().map(|(label, old, new)| unit(label, old, new, &changed)).collect();
    rows.sort_by_key(|u| std::cmp::Reverse(u.delta.map(|d| d.abs())));
    // Grades best first: the new rubric's bands, then those only the old one has, then none.
    let mut bands: Vec<Option<String>> = new.grades.iter().map(|g| Some(g.name.clone())).collect();
    for grade in &old.grades {
        if !bands.contains(&Some(grade.name.clone())) {
            bands.push(Some(grade.name.clone()));
        }
    }
    bands.push(None);
    let summary = summarize(&rows, &units, bands);
    Impact { units: rows, summary }
}

fn unit(label: &str, old: &Report, new: &Report, changed: &[String]) -> UnitImpact {
    let mut items = Vec::new();
    for item in &new.items {
        let was = old.items.iter().find(|i| i.id == item.id);
        let old_score = was.and_then(|i| i.score);
        if was.is_none() || old_score != item.score {
            items.push(ItemDelta { id: item.id.clone(), name: item.name.clone(), old: old_score, new: item.score });
        }
    }
    for item in old.items.iter().filter(|i| !new.items.iter().any(|n| n.id == i.id)) {
        items.push(ItemDelta { id: item.id.clone(), name: item.name.clone(), old: item.score, new: None });
    }
    items.retain(|i| i.old != i.new);
    let mut unverified: Vec<String> = new
        .items
        .iter()
        .filter(|i| i.status == Status::Unverified && changed.contains(&i.id))
        .map(|i| i.id.clone())
        .collect();
    unverified.dedup();
    let delta = old.total.zip(new.total).map(|(o, n)| n - o);
    UnitImpact {
        label: label.to_string(),
        old_total: old.total,
        new_total: new.total,
        old_grade: old.grade.clone(),
        new_grade: new.grade.clone(),
        delta,
        grade_changed: old.grade != new.grade,
        items,
        unverified,
    }
}

fn summarize(rows: &[UnitImpact], units: &[(String, Report, Report)], bands: Vec<Option<String>>) -> Summary {
    let mut grade_moves: Vec<GradeMove> = Vec::new();
    for row in rows.iter().filter(|r| r.grade_changed) {
        match grade_moves.iter_mut().find(|m| m.from == row.old_grade && m.to == row.new_grade) {
            Some(found) => found.units.push(row.label.clone()),
            None => grade_moves.push(GradeMove {
                from: row.old_grade.clone(),
                to: row.new_grade.clone(),
                units: vec![row.label.clone()],
            }),
        }
    }
    grade_moves.sort_by_key(|m| std::cmp::Reverse(m.units.len()));

    let old_grades: Vec<&Option<String>> = units.iter().map(|u| &u.1.grade).collect();
    let new_grades: Vec<&Option<String>> = units.iter().map(|u| &u.2.grade).collect();
    let grades = bands
        .into_iter()
        .map(|grade| GradeCount {
            old: old_grades.iter().filter(|g| ***g == grade).count(),
            new: new_grades.iter().filter(|g| ***g == grade).count(),
            grade,
        })
        .filter(|c| c.grade.is_some() || c.old + c.new > 0)
        .collect();

    let totals: Vec<UnitTotal> = rows
        .iter()
        .filter_map(|r| {
            let (old_total, new_total, delta) = (r.old_total?, r.new_total?, r.delta?);
            Some(UnitTotal { label: r.label.clone(), old_total, new_total, delta })
        })
        .collect();
    let largest_gain = totals.iter().filter(|t| t.delta > Decimal::ZERO).max_by_key(|t| t.delta).cloned();
    let largest_loss = totals.iter().filter(|t| t.delta < Decimal::ZERO).min_by_key(|t| t.delta).cloned();

    let mut items: Vec<ItemEffect> = Vec::new();
    for delta in rows.iter().flat_map(|r| &r.items) {
        match items.iter_mut().find(|e| e.id == delta.id) {
            Some(effect) => {
                effect.units += 1;
                effect.points += delta.delta();
            }
            None => items.push(ItemEffect {
                id: delta.id.clone(),
                name: delta.name.clone(),
                units: 1,
                points: delta.delta(),
            }),
        }
    }
    items.sort_by_key(|e| (std::cmp::Reverse(e.points.abs()), std::cmp::Reverse(e.units)));
    let mut unverified: Vec<ItemCount> = Vec::new();
    for id in rows.iter().flat_map(|r| &r.unverified) {
        match unverified.iter_mut().find(|e| &e.id == id) {
            Some(effect) => effect.units += 1,
            None => {
                let name = units.iter().flat_map(|u| &u.2.items).find(|i| &i.id == id).map(|i| i.name.clone());
                unverified.push(ItemCount { id: id.clone(), name: name.unwrap_or_default(), units: 1 });
            }
        }
    }
    Summary {
        units: rows.len(),
        totals_changed: rows.iter().filter(|r| r.old_total != r.new_total).count(),
        grades_changed: rows.iter().filter(|r| r.grade_changed).count(),
        grade_moves,
        grades,
        largest_gain,
        largest_loss,
        items,
        unverified,
    }
}
