//! The summary of a batch: one small row per unit (never the full report),
//! spilled to a temporary file (`rows.rs`), and what is computed from the
//! rows as they arrive — the counts, the grade counts and each section's mean,
//! lowest and highest score — and, once all are in, the ranking.

use std::hash::{Hash, Hasher};

use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::{FxHashMap, FxHasher};

use super::row::UnitRow;
use super::rows::{Only, Rows, Scan};
use crate::lower::ast::SectionKind;
use crate::check::model::{Checked, Grade};

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
#[derive(Debug)]
pub struct Summary {
    /// The rubric's title.
    pub title: String,
    /// The rubric's maximum.
    pub max: Decimal,
    /// The rubric's grade bands, best first: where each begins (the charts mark the edges).
    pub grade_bands: Vec<Grade>,
    /// The rubric's sections, parents before children.
    pub sections: Vec<SectionHead>,
    /// The rubric's indicators (财务分析指标).
    pub indicators: Vec<String>,
    /// The most units given in full (per-unit sheets and sections).
    pub details: usize,
    /// Every unit's row, in input order, in a temporary file.
    rows: Rows,
    /// The units in ranking order (set by [`Summary::seal`]).
    order: Vec<u32>,
    /// What is counted as the rows arrive.
    tally: Tally,
    /// How many units bear each name (by a hash of the name), to tell units
    /// with the same name apart.
    names: FxHashMap<u64, u32>,
    /// The names borne by more than one unit, with how many, in order met.
    same: Vec<(String, u32)>,
}

/// A section's running statistics.
#[derive(Debug, Clone, Default)]
struct Running {
    count: usize,
    /// `None` once the sum overflows.
    sum: Option<Decimal>,
    min: Option<Decimal>,
    max: Option<Decimal>,
}

impl Running {
    fn new() -> Self {
        Running { sum: Some(Decimal::ZERO), ..Running::default() }
    }

    fn add(&mut self, v: Decimal) {
        self.count += 1;
        self.sum = self.sum.and_then(|s| s.checked_add(v));
        self.min = Some(self.min.map_or(v, |m| m.min(v)));
        self.max = Some(self.max.map_or(v, |m| m.max(v)));
    }

    /// The mean, rounded to 2 places (half away from zero).
    fn mean(&self) -> Option<Decimal> {
        self.sum
            .filter(|_| self.count > 0)
            .and_then(|s| s.checked_div(Decimal::from(self.count)))
            .map(|m| m.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize())
    }
}

/// The counts kept as the rows arrive.
#[derive(Debug, Clone)]
struct Tally {
    failed: usize,
    /// Read and scored, but without a total (an item could not be scored).
    no_total: usize,
    errors: usize,
    findings: usize,
    disqualified: usize,
    unclean: usize,
    /// The rubric's grades (then any other, as met), with their counts.
    grades: Vec<GradeCount>,
    /// Scored and disqualified; scored without a grade.
    graded_disqualified: usize,
    no_grade: usize,
    sections: Vec<Running>,
    totals: Running,
}

impl Tally {
    fn add(&mut self, row: &UnitRow) {
        self.failed += usize::from(!row.scored);
        self.no_total += usize::from(row.scored && row.total.is_none());
        self.errors += usize::from(row.scored && row.errors > 0);
        self.findings += usize::from(row.findings > 0);
        self.disqualified += usize::from(row.disqualified);
        self.unclean += usize::from(!row.clean());
        match (&row.grade, row.disqualified, row.scored) {
            (_, _, false) => {}
            (_, true, true) => self.graded_disqualified += 1,
            (Some(grade), false, true) => match self.grades.iter_mut().find(|g| &g.grade == grade) {
                Some(entry) => entry.count += 1,
                None => self.grades.push(GradeCount { grade: grade.clone(), count: 1 }),
            },
            (None, false, true) => self.no_grade += 1,
        }
        for (running, score) in self.sections.iter_mut().zip(&row.sections) {
            if let Some(v) = score {
                running.add(*v);
            }
        }
        if let Some(total) = row.total {
            self.totals.add(total);
        }
    }
}

/// A place in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Competition rank (1, 2, 2, 4); `None` for units disqualified, without a
    /// total, or not scored.
    pub rank: Option<usize>,
    /// The unit's number in input order, from 0 (its [`UnitRow::index`] − 1).
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

/// Why an output could not be written: its own I/O error, or the rows could
/// not be read back (a sentence).
#[derive(Debug)]
pub enum WriteError {
    /// Writing the output failed.
    Out(std::io::Error),
    /// Reading the spilled rows back failed.
    Rows(String),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Out(e)
    }
}

impl From<String> for WriteError {
    fn from(e: String) -> Self {
        WriteError::Rows(e)
    }
}

impl Summary {
    /// An empty summary for `rubric`.
    pub fn new(rubric: &Checked, details: usize) -> Self {
        let grades: Vec<String> = rubric.grades.iter().map(|g| g.name.clone()).collect();
        Summary {
            title: rubric.title.clone(),
            max: rubric.max,
            tally: Tally {
                failed: 0,
                no_total: 0,
                errors: 0,
                findings: 0,
                disqualified: 0,
                unclean: 0,
                grades: grades.iter().map(|g| GradeCount { grade: g.clone(), count: 0 }).collect(),
                graded_disqualified: 0,
                no_grade: 0,
                sections: vec![Running::new(); rubric.sections.len()],
                totals: Running::new(),
            },
            grade_bands: rubric.grades.clone(),
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
            details,
            rows: Rows::new(),
            order: Vec::new(),
            names: FxHashMap::default(),
            same: Vec::new(),
        }
    }

    /// Adds the next unit's row (spilled to the temporary file). The error is a sentence.
    pub(crate) fn push(&mut self, row: &UnitRow, line: &[u8]) -> Result<(), String> {
        self.rows.push(row, line)?;
        self.tally.add(row);
        let count = self.names.entry(name_hash(&row.label)).or_insert(0);
        *count += 1;
        match self.same.iter_mut().find(|(name, _)| *name == row.label) {
            Some((_, n)) => *n = *count,
            None if *count > 1 => self.same.push((row.label.clone(), *count)),
            None => {}
        }
        Ok(())
    }

    /// True when another unit of the batch bears `label` too.
    pub fn shares_name(&self, label: &str) -> bool {
        self.names.get(&name_hash(label)).is_some_and(|n| *n > 1)
    }

    /// The row as the tables show it: a name borne by several units gets its
    /// file or sheet row beside it (`模拟单位01 (u0006.toml)`).
    pub fn shown(&self, mut row: UnitRow) -> UnitRow {
        if self.shares_name(&row.label) {
            row.label = format!("{} ({})", row.label, short_source(&row.source));
        }
        row
    }

    /// The names borne by more than one unit, each with how many units bear it.
    #[cfg(feature = "internals")]
    pub fn same_names(&self) -> &[(String, u32)] {
        &self.same
    }

    /// The sentence flagging units with the same name (`batch::same-name`), when there are any.
    pub fn same_name_note(&self) -> Option<String> {
        if self.same.is_empty() {
            return None;
        }
        let units: u32 = self.same.iter().map(|(_, n)| n).sum();
        let listed: Vec<String> = self
            .same
            .iter()
            .take(5)
            .map(|(name, n)| crate::tr!("{name} ({n} units)", "{name}（{n} 个）"))
            .collect();
        let more = if self.same.len() > 5 { "…" } else { "" };
        let names = listed.join(&crate::tr!(", ", "、"));
        let code = crate::base::diagnostic::Code::SameName;
        Some(crate::tr!(
            "warning [{code}]: {units} units share their name with another: {names}{more}; each is shown with its file or row beside the name",
            "警告 [{code}]：{units} 个单位与其他单位同名：{names}{more}；表中已在名称旁注明各自的文件或行"
        ))
    }

    /// Ends the rows: writes them out and ranks the units. The error is a sentence.
    pub(crate) fn seal(&mut self) -> Result<(), String> {
        self.rows.flush()?;
        self.order = super::rank::order(&mut self.rows)?;
        Ok(())
    }

    /// How many units.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    /// Every unit's row in input order, read back from the temporary file.
    /// The error is a sentence.
    pub fn rows(&self) -> Result<Scan<'_>, String> {
        self.rows.scan(Only::All)
    }

    /// The rows that `only` keeps, in input order (the others are skipped
    /// without being decoded). The error is a sentence.
    pub fn rows_only(&self, only: Only) -> Result<Scan<'_>, String> {
        self.rows.scan(only)
    }

    /// Calls `each` with every unit's place and row, in ranking order, the
    /// row as tables show it ([`Summary::shown`]).
    ///
    /// The rows are read back and decoded on a thread of their own, at most
    /// 128 ahead, while `each` writes the ones before them.
    pub fn each_ranked(
        &self,
        each: &mut dyn FnMut(Ranked, &UnitRow) -> Result<(), WriteError>,
    ) -> Result<(), WriteError> {
        /// Rows handed over together; with the two chunks the channel holds, at
        /// most four chunks are in memory, whatever the number of units.
        const AHEAD: usize = 32;
        let lang = crate::base::i18n::lang();
        std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Vec<(Ranked, UnitRow)>, String>>(2);
            scope.spawn(move || {
                crate::base::i18n::set_lang(lang);
                let mut reader = match self.rows.reader() {
                    Ok(reader) => reader,
                    Err(e) => return drop(sender.send(Err(e))),
                };
                let mut chunk = Vec::with_capacity(AHEAD);
                for ranked in self.ranked() {
                    match reader.row(ranked.unit) {
                        Ok(row) => chunk.push((ranked, self.shown(row))),
                        Err(e) => return drop(sender.send(Err(e))),
                    }
                    // The writer stopped (an error): so does the reading.
                    if chunk.len() == AHEAD && sender.send(Ok(std::mem::take(&mut chunk))).is_err() {
                        return;
                    }
                }
                let _ = sender.send(Ok(chunk));
            });
            for chunk in receiver {
                for (ranked, row) in chunk? {
                    each(ranked, &row)?;
                }
            }
            Ok(())
        })
    }

    /// The rank of unit `unit` (from 0, in input order).
    pub fn rank_of(&self, unit: usize) -> Option<usize> {
        self.rows.entries.get(unit).and_then(|e| (e.rank > 0).then_some(e.rank as usize))
    }

    /// The total of unit `unit` (from 0, in input order), from what the summary
    /// keeps in memory (no row is read back).
    pub fn total_of(&self, unit: usize) -> Option<Decimal> {
        self.rows.entries.get(unit).and_then(|e| e.total)
    }

    /// The row of unit `unit` (from 0, in input order), read back from the
    /// temporary file. The error is a sentence.
    pub fn row(&self, unit: usize) -> Result<UnitRow, String> {
        self.rows.reader()?.row(unit)
    }

    /// True when every unit is clean (see [`UnitRow::clean`]).
    pub fn clean(&self) -> bool {
        self.tally.unclean == 0
    }

    /// Units that could not be scored.
    pub fn failed(&self) -> usize {
        self.tally.failed
    }

    /// Units given in full (the first [`Summary::details`] in input order).
    pub fn detailed(&self) -> usize {
        self.len().min(self.details)
    }

    /// True when some units are not given in full.
    pub fn capped(&self) -> bool {
        self.len() > self.details
    }

    /// The units in ranking order (see [`Summary::ranking`]).
    pub fn ranked(&self) -> impl Iterator<Item = Ranked> + '_ {
        self.order.iter().map(|&u| Ranked { rank: self.rank_of(u as usize), unit: u as usize })
    }

    /// Units by total, highest first, equal totals by label then input order;
    /// then the disqualified units, the units without a total and the units not
    /// scored, unranked.
    #[cfg(feature = "internals")]
    pub fn ranking(&self) -> Vec<Ranked> {
        self.ranked().collect()
    }

    /// The rubric's grades best first, each with its count (0 included), then
    /// the units disqualified, without a grade, and not scored (when any).
    pub fn grade_counts(&self) -> Vec<GradeCount> {
        let mut out = self.tally.grades.clone();
        for (count, grade) in [
            (self.tally.graded_disqualified, crate::tr!("disqualified", "取消资格")),
            (self.tally.no_grade, crate::tr!("no grade", "无等级")),
            (self.tally.failed, crate::tr!("not scored", "未计分")),
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
                let running = self.tally.sections.get(section).cloned().unwrap_or_else(Running::new);
                SectionStats { section, count: running.count, mean: running.mean(), min: running.min, max: running.max }
            })
            .collect()
    }

    /// The mean total over the units with a total, rounded to 2 places.
    pub fn mean_total(&self) -> Option<Decimal> {
        self.tally.totals.mean()
    }

    /// One line: how many units, with a total and without one (and why),
    /// with errors, with findings, disqualified.
    pub fn headline(&self) -> String {
        let n = self.len();
        let (not_read, no_total) = (self.failed(), self.tally.no_total);
        let with_total = n - not_read - no_total;
        let without = not_read + no_total;
        let (errors, findings, disqualified) = (self.tally.errors, self.tally.findings, self.tally.disqualified);
        let why = match (not_read, no_total) {
            (0, 0) => String::new(),
            (0, _) => crate::tr!(" (items that could not be scored)", "（有指标无法计分）"),
            (_, 0) => crate::tr!(" (could not be read)", "（无法读取）"),
            _ => crate::tr!(
                " ({not_read} could not be read, {no_total} with items that could not be scored)",
                "（{not_read} 个无法读取，{no_total} 个有指标无法计分）"
            ),
        };
        let totals = if without == 0 {
            crate::tr!("{n} units, all with a total", "共 {n} 个单位，都有总分")
        } else {
            crate::tr!(
                "{n} units: {with_total} with a total, {without} without{why}",
                "共 {n} 个单位：{with_total} 个有总分，{without} 个没有总分{why}"
            )
        };
        crate::tr!(
            "{totals}; {errors} with errors, {findings} with audit findings, {disqualified} disqualified",
            "{totals}；{errors} 个有错误，{findings} 个有审核问题，{disqualified} 个取消资格"
        )
    }

    /// The sentence saying that details were capped, when they were.
    pub fn capped_note(&self) -> Option<String> {
        if !self.capped() {
            return None;
        }
        let (shown, n, from) = (self.details, self.len(), self.details + 1);
        Some(crate::tr!(
            "Details are given for the first {shown} of {n} units (--details {shown}); units {from}–{n} are in the summary only.",
            "仅列出前 {shown} 个单位（共 {n} 个）的明细（--details {shown}）；第 {from}–{n} 个单位只在汇总中。"
        ))
    }
}

/// A hash of a unit's name, to count names without keeping them.
fn name_hash(label: &str) -> u64 {
    let mut hasher = FxHasher::default();
    label.hash(&mut hasher);
    hasher.finish()
}

/// The file name of a data file's path; a sheet row's place as it is.
fn short_source(source: &str) -> &str {
    if source.contains(" · ") {
        return source;
    }
    std::path::Path::new(source).file_name().and_then(|n| n.to_str()).unwrap_or(source)
}
