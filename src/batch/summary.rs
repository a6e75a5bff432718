//! The summary of a batch: one small row per unit (never the full report), and
//! what is computed from the rows — the ranking, the grade counts and each
//! section's mean, lowest and highest score.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::ast::SectionKind;
use crate::model::Checked;

/// A diagnostic of one unit, located and rendered to plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `units.xlsx · 填报!C5`, `data/劳动镇.toml:12:3`, or the file.
    pub location: String,
    /// The diagnostic code (`data::wrong-type`).
    pub code: String,
    /// True for an error, false for a warning.
    pub error: bool,
    /// The message, one sentence.
    pub message: String,
    /// The whole diagnostic as the command line shows it, without colour.
    pub text: String,
}

/// One unit's line of the summary: what the ranking, the statistics and the
/// tables need, and the unit's located problems.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    /// The unit's number in input order, from 1.
    pub index: usize,
    /// The unit's name: its project, else its name, else the file or row.
    pub label: String,
    /// Where the unit came from: the data file, or `units.xlsx · 填报 · 第5行 (…)`.
    pub source: String,
    /// False when nothing could be scored (an unreadable file or sheet).
    pub scored: bool,
    /// The total; `None` when an item could not be scored.
    pub total: Option<Decimal>,
    /// The rubric's maximum.
    pub max: Option<Decimal>,
    /// The grade.
    pub grade: Option<String>,
    /// The unit's own total.
    pub reported_total: Option<Decimal>,
    /// True when a disqualification rule fired.
    pub disqualified: bool,
    /// Why, when disqualified.
    pub disqualification: Option<String>,
    /// Every section's score, in the order of [`Summary::sections`].
    pub sections: Vec<Option<Decimal>>,
    /// Every indicator's value as shown, in the order of [`Summary::indicators`].
    pub indicators: Vec<Option<String>>,
    /// How many 缺省项 the unit has.
    pub not_applicable: usize,
    /// How many audit findings.
    pub findings: usize,
    /// How many error diagnostics (data, evaluation, reading).
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// The located diagnostics: all errors, and warnings up to [`MAX_WARNINGS`].
    pub problems: Vec<Problem>,
}

/// Warnings kept per unit with their text (all are counted).
pub const MAX_WARNINGS: usize = 10;

impl UnitRow {
    /// A row for input that could not be scored.
    pub fn failed(index: usize, label: String, source: String, problems: Vec<Problem>) -> Self {
        UnitRow {
            index,
            label,
            source,
            scored: false,
            total: None,
            max: None,
            grade: None,
            reported_total: None,
            disqualified: false,
            disqualification: None,
            sections: Vec::new(),
            indicators: Vec::new(),
            not_applicable: 0,
            findings: 0,
            errors: problems.iter().filter(|p| p.error).count().max(1),
            warnings: problems.iter().filter(|p| !p.error).count(),
            problems,
        }
    }

    /// True when the unit was scored without errors and without audit findings
    /// (what makes `rubric eval` exit 0).
    pub fn clean(&self) -> bool {
        self.scored && self.errors == 0 && self.findings == 0
    }
}

/// A section's heading in the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHead {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// Weight, or cap for bonus and deduction sections.
    pub max: Decimal,
    /// Normal, bonus or deduction.
    pub kind: SectionKind,
}

/// The summary of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The rubric's title.
    pub title: String,
    /// The rubric's maximum.
    pub max: Decimal,
    /// The rubric's grades, best first.
    pub grades: Vec<String>,
    /// The rubric's sections, parents before children.
    pub sections: Vec<SectionHead>,
    /// The rubric's indicators (财务分析指标).
    pub indicators: Vec<String>,
    /// Every unit, in input order.
    pub units: Vec<UnitRow>,
    /// The most units given in full (per-unit sheets and sections).
    pub details: usize,
}

/// A place in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Competition rank (1, 2, 2, 4); `None` for units disqualified, without a
    /// total, or not scored.
    pub rank: Option<usize>,
    /// Index into [`Summary::units`].
    pub unit: usize,
}

/// How many units got a grade (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeCount {
    /// The grade, or `disqualified`, `no grade`, `not scored`.
    pub grade: String,
    /// How many units.
    pub count: usize,
}

/// A section's scores over the units.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionStats {
    /// Index into [`Summary::sections`].
    pub section: usize,
    /// Units with a score for the section.
    pub count: usize,
    /// The mean, rounded to 2 places (half away from zero).
    pub mean: Option<Decimal>,
    /// The lowest score.
    pub min: Option<Decimal>,
    /// The highest score.
    pub max: Option<Decimal>,
}

impl Summary {
    /// An empty summary for `rubric`.
    pub fn new(rubric: &Checked, details: usize) -> Self {
        Summary {
            title: rubric.title.clone(),
            max: rubric.max,
            grades: rubric.grades.iter().map(|g| g.name.clone()).collect(),
            sections: rubric
                .sections
                .iter()
                .map(|s| SectionHead {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    depth: s.depth,
                    max: s.weight,
                    kind: s.kind,
                })
                .collect(),
            indicators: rubric.indicators.iter().map(|i| i.name.clone()).collect(),
            units: Vec::new(),
            details,
        }
    }

    /// True when every unit is clean (see [`UnitRow::clean`]).
    pub fn clean(&self) -> bool {
        self.units.iter().all(UnitRow::clean)
    }

    /// Units that could not be scored.
    pub fn failed(&self) -> usize {
        self.units.iter().filter(|u| !u.scored).count()
    }

    /// Units given in full (the first [`Summary::details`] in input order).
    pub fn detailed(&self) -> usize {
        self.units.len().min(self.details)
    }

    /// True when some units are not given in full.
    pub fn capped(&self) -> bool {
        self.units.len() > self.details
    }

    /// Units by total, highest first, equal totals by label then input order;
    /// then the disqualified units, the units without a total and the units not
    /// scored, unranked.
    pub fn ranking(&self) -> Vec<Ranked> {
        let class = |u: &UnitRow| match (u.scored, u.total, u.disqualified) {
            (true, Some(_), false) => 0,
            (true, Some(_), true) => 1,
            (true, None, _) => 2,
            (false, _, _) => 3,
        };
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        order.sort_by(|a, b| match (self.units.get(*a), self.units.get(*b)) {
            (Some(x), Some(y)) => class(x)
                .cmp(&class(y))
                .then(y.total.cmp(&x.total))
                .then_with(|| x.label.cmp(&y.label))
                .then(x.index.cmp(&y.index)),
            _ => a.cmp(b),
        });
        let mut out: Vec<Ranked> = Vec::with_capacity(order.len());
        for (position, unit) in order.into_iter().enumerate() {
            let Some(row) = self.units.get(unit) else { continue };
            let rank = (class(row) == 0).then(|| {
                out.last()
                    .and_then(|prev| {
                        let p = self.units.get(prev.unit)?;
                        (p.total == row.total).then_some(prev.rank).flatten()
                    })
                    .unwrap_or(position + 1)
            });
            out.push(Ranked { rank, unit });
        }
        out
    }

    /// The rubric's grades best first, each with its count (0 included), then
    /// the units disqualified, without a grade, and not scored (when any).
    pub fn grade_counts(&self) -> Vec<GradeCount> {
        let mut out: Vec<GradeCount> = self.grades.iter().map(|g| GradeCount { grade: g.clone(), count: 0 }).collect();
        let (mut disqualified, mut none, mut failed) = (0, 0, 0);
        for unit in &self.units {
            match (&unit.grade, unit.disqualified, unit.scored) {
                (_, _, false) => failed += 1,
                (_, true, true) => disqualified += 1,
                (Some(grade), false, true) => match out.iter_mut().find(|g| &g.grade == grade) {
                    Some(entry) => entry.count += 1,
                    None => out.push(GradeCount { grade: grade.clone(), count: 1 }),
                },
                (None, false, true) => none += 1,
            }
        }
        for (count, grade) in [
            (disqualified, crate::tr!("disqualified", "取消资格")),
            (none, crate::tr!("no grade", "无等级")),
            (failed, crate::tr!("not scored", "未计分")),
        ] {
            if count > 0 {
                out.push(GradeCount { grade, count });
            }
        }
        out
    }

    /// Each section's count, mean, lowest and highest score over the units.
    pub fn section_stats(&self) -> Vec<SectionStats> {
        (0..self.sections.len())
            .map(|section| {
                let scores: Vec<Decimal> =
                    self.units.iter().filter_map(|u| u.sections.get(section).copied().flatten()).collect();
                let sum = scores.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b));
                let count = scores.len();
                let mean = sum
                    .filter(|_| count > 0)
                    .and_then(|s| s.checked_div(Decimal::from(count)))
                    .map(|m| m.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize());
                SectionStats {
                    section,
                    count,
                    mean,
                    min: scores.iter().min().copied(),
                    max: scores.iter().max().copied(),
                }
            })
            .collect()
    }

    /// The mean total over the units with a total, rounded to 2 places.
    pub fn mean_total(&self) -> Option<Decimal> {
        let totals: Vec<Decimal> = self.units.iter().filter_map(|u| u.total).collect();
        let sum = totals.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b))?;
        if totals.is_empty() {
            return None;
        }
        sum.checked_div(Decimal::from(totals.len()))
            .map(|m| m.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize())
    }

    /// One line: how many units, scored, failed, with findings, disqualified.
    pub fn headline(&self) -> String {
        let n = self.units.len();
        let scored = n - self.failed();
        let failed = self.failed();
        let errors = self.units.iter().filter(|u| u.scored && u.errors > 0).count();
        let findings = self.units.iter().filter(|u| u.findings > 0).count();
        let disqualified = self.units.iter().filter(|u| u.disqualified).count();
        crate::tr!(
            "{n} units: {scored} scored, {failed} not scored, {errors} with errors, {findings} with audit findings, {disqualified} disqualified",
            "共 {n} 个单位：{scored} 个已计分，{failed} 个未计分，{errors} 个有错误，{findings} 个有审核问题，{disqualified} 个取消资格"
        )
    }

    /// The sentence saying that details were capped, when they were.
    pub fn capped_note(&self) -> Option<String> {
        if !self.capped() {
            return None;
        }
        let (shown, n, from) = (self.details, self.units.len(), self.details + 1);
        Some(crate::tr!(
            "Details are given for the first {shown} of {n} units (--details {shown}); units {from}–{n} are in the summary only.",
            "仅列出前 {shown} 个单位（共 {n} 个）的明细（--details {shown}）；第 {from}–{n} 个单位只在汇总中。"
        ))
    }
}
