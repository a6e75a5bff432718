//! The charts of the batch page, at its top: the totals in ranking order, the
//! units per grade and each top-level section's mean score, drawn with the
//! few-unit report's own functions ([`crate::html::chart`]).
//!
//! They are drawn from the [`Summary`] alone, so memory stays flat however many
//! units there are:
//!
//! - up to [`EVERY_UNIT`] units, one bar per unit: at most that many rows are
//!   read back (in ranking order) and held while the chart is drawn;
//! - beyond, the distribution of the totals: [`Bins`] holds at most
//!   20 counters, filled from the totals the summary already
//!   keeps in memory for the ranking ([`Summary::total_of`], no row read back),
//!   and the [`NAMED`] highest and lowest units, whose rows alone are read back;
//! - the grade counts and the section statistics are the summary's own, one
//!   per grade and per section, counted as the units arrived.
//!
//! Nothing here keeps anything per unit beyond those bounds; the batch tests
//! check that the chart part of the page is the same size for 300 units as for
//! 2,000, and that the page is written in the same memory.

use std::io::Write;

use rust_decimal::Decimal;

use super::super::row::UnitRow;
use super::super::summary::{Ranked, Summary, WriteError};
use crate::html::chart::{self, Band, Bins, SectionBars, SectionValues, TotalBar};
use crate::html::escape;
use crate::lower::ast::SectionKind;
use crate::tr;

/// Up to this many units, the totals chart has a bar for every unit.
pub(crate) const EVERY_UNIT: usize = 100;

/// Beyond [`EVERY_UNIT`], the highest and the lowest this many units are named.
pub(crate) const NAMED: usize = 10;

/// Bars in one SVG of the totals chart: one SVG fits a printed page, and the
/// axis is repeated under every group.
const BARS_PER_SVG: usize = 15;

/// The charts section. Nothing when there are no units.
pub(super) fn charts_html(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    if summary.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section id=\"charts\">\n<h2>{}</h2>", escape(&tr!("Charts", "图表")))?;
    if summary.len() <= EVERY_UNIT {
        every_unit(out, summary)?;
    } else {
        distribution(out, summary)?;
    }
    grades(out, summary)?;
    sections(out, summary)?;
    writeln!(out, "</section>")?;
    Ok(())
}

/// One unit's bar, with its label read back from its row.
struct Named {
    label: String,
    index: usize,
    rank: Option<usize>,
    total: Option<Decimal>,
    reported: Option<Decimal>,
    disqualified: bool,
}

impl Named {
    fn new(ranked: Ranked, row: &UnitRow) -> Self {
        Named {
            label: row.label.clone(),
            index: row.index,
            rank: ranked.rank,
            total: row.total,
            reported: row.reported_total,
            disqualified: row.disqualified,
        }
    }

    fn bar(&self) -> TotalBar<'_> {
        TotalBar {
            label: &self.label,
            index: self.index,
            rank: self.rank,
            total: self.total,
            reported: self.reported,
            disqualified: self.disqualified,
        }
    }
}

/// The totals chart of `named`, in groups of [`BARS_PER_SVG`] bars, all on
/// one axis (from 0 to the rubric's maximum, or further for a higher total).
fn totals_svgs(named: &[Named], summary: &Summary) -> String {
    let top = named.iter().filter_map(|n| n.total.max(n.reported)).fold(summary.max, Decimal::max);
    let bars: Vec<TotalBar<'_>> = named.iter().map(Named::bar).collect();
    bars.chunks(BARS_PER_SVG).map(|group| chart::wide_and_narrow(|v| chart::totals(group, top, v))).collect()
}

/// The note under a totals chart: the reported totals' ticks, when there are any.
fn tick_note(named: &[Named]) -> String {
    match named.iter().any(|n| n.reported.is_some()) {
        true => tr!("The black tick on a bar is the unit's own (reported) total.", "条形上的黑色短线是单位自评总分。"),
        false => String::new(),
    }
}

/// Each non-empty text as a note.
fn notes(texts: &[String]) -> String {
    texts.iter().filter(|t| !t.is_empty()).map(|t| chart::note(t)).collect()
}

/// Up to [`EVERY_UNIT`] units: a bar for every unit, in ranking order.
fn every_unit(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    let mut named: Vec<Named> = Vec::with_capacity(summary.len());
    summary.each_ranked(&mut |ranked, row| {
        named.push(Named::new(ranked, row));
        Ok(())
    })?;
    if named.iter().all(|n| n.total.is_none()) {
        return Ok(());
    }
    let figure = chart::figure(
        &tr!("Total score by unit, in ranking order", "各单位总分（按排名）"),
        &totals_svgs(&named, summary),
        &notes(&[
            tick_note(&named),
            tr!(
                "Every unit has a bar up to {EVERY_UNIT} units; with more, the page shows how the totals are spread.",
                "单位不超过 {EVERY_UNIT} 个时每个单位一条；超过时改为显示总分分布。"
            ),
        ]),
    );
    out.write_all(figure.as_bytes())?;
    Ok(())
}

/// More than [`EVERY_UNIT`] units: how many units in each band of totals, with
/// the grade edges, then the [`NAMED`] highest and lowest units.
fn distribution(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    // The ranked units' totals, from the entries the summary keeps for the ranking.
    let ranked_totals = || summary.ranked().filter(|r| r.rank.is_some()).filter_map(|r| summary.total_of(r.unit));
    let (mut lowest, mut highest, mut ranked) = (None::<Decimal>, None::<Decimal>, 0usize);
    for total in ranked_totals() {
        lowest = Some(lowest.map_or(total, |l| l.min(total)));
        highest = Some(highest.map_or(total, |h| h.max(total)));
        ranked += 1;
    }
    let (Some(lowest), Some(highest)) = (lowest, highest) else { return Ok(()) };
    let edges: Vec<Decimal> = summary.grade_bands.iter().filter_map(|g| g.low.map(|l| l.0)).collect();
    let from = edges.iter().copied().fold(lowest, Decimal::min);
    let Some(mut bins) = Bins::new(from, highest.max(summary.max), &edges) else { return Ok(()) };
    for total in ranked_totals() {
        bins.add(total);
    }
    let width = crate::eval::report::show(bins.width());
    let bins = bins.bins();
    let bands: Vec<Band<'_>> = summary.grade_bands.iter().map(|g| Band { name: &g.name, low: g.low }).collect();
    let n = summary.len();
    let mut note = tr!(
        "{n} units are too many for a bar each: each bar counts the units whose total is in a band of {width} \
         points, and the dashed lines are where the grades begin.",
        "共 {n} 个单位，无法每个单位一条：每根柱表示总分落在该 {width} 分区间内的单位数，虚线为各等级的起点分数。"
    );
    let named = match ranked > 2 * NAMED {
        true => tr!(
            "Below are the {NAMED} highest and the {NAMED} lowest totals; every unit is in the ranking table.",
            "下面列出总分最高和最低的各 {NAMED} 个单位；全部单位见排名表。"
        ),
        false => tr!("Below is every ranked unit's total.", "下面列出各排名单位的总分。"),
    };
    let unranked = n.saturating_sub(ranked);
    let left_out = tr!(
        "Not counted: {unranked} disqualified, without a total or not scored.",
        "未计入：取消资格、无总分或未计分的单位 {unranked} 个。"
    );
    for more in std::iter::once(named).chain((unranked > 0).then_some(left_out)) {
        note.push_str(&tr!(" ", ""));
        note.push_str(&more);
    }
    let figure = chart::figure(
        &tr!("Units by total", "各总分段的单位数"),
        &chart::wide_and_narrow(|v| chart::distribution(&bins, &bands, v)),
        &chart::note(&note),
    );
    out.write_all(figure.as_bytes())?;
    // The highest and the lowest ranked units (all of them when they are few):
    // the ranked units come first in the ranking, so these are its first and last places.
    let places = |skip: usize, take: usize| -> Result<Vec<Named>, WriteError> {
        let mut named = Vec::with_capacity(take.min(2 * NAMED));
        for place in summary.ranked().filter(|r| r.rank.is_some()).skip(skip).take(take) {
            named.push(Named::new(place, &summary.row(place.unit)?));
        }
        Ok(named)
    };
    let groups = if ranked <= 2 * NAMED {
        vec![(tr!("Every ranked unit's total", "各排名单位的总分"), places(0, ranked)?)]
    } else {
        vec![
            (tr!("The {NAMED} highest totals", "总分最高的 {NAMED} 个单位"), places(0, NAMED)?),
            (tr!("The {NAMED} lowest totals", "总分最低的 {NAMED} 个单位"), places(ranked - NAMED, NAMED)?),
        ]
    };
    for (caption, named) in groups {
        out.write_all(chart::figure(&caption, &totals_svgs(&named, summary), &notes(&[tick_note(&named)])).as_bytes())?;
    }
    Ok(())
}

/// The units per grade: the summary's grade counts.
fn grades(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    let counts: Vec<(String, usize)> = summary.grade_counts().into_iter().map(|g| (g.grade, g.count)).collect();
    let figure = chart::figure(&tr!("Units per grade", "各等级单位数"), &chart::grades(&counts), "");
    out.write_all(figure.as_bytes())?;
    Ok(())
}

/// Each top-level section's mean score as a percentage of its weight, with the
/// lowest and the highest: the summary's section statistics.
fn sections(out: &mut dyn Write, summary: &Summary) -> Result<(), WriteError> {
    let stats = summary.section_stats();
    let groups: Vec<SectionBars<'_>> = stats
        .iter()
        .filter_map(|st| {
            let s = summary.sections.get(st.section)?;
            if s.depth != 0 || s.kind != SectionKind::Normal {
                return None;
            }
            let values = SectionValues::Spread { mean: st.mean?, min: st.min?, max: st.max?, count: st.count };
            Some(SectionBars { name: &s.name, weight: s.max, values })
        })
        .collect();
    if groups.is_empty() {
        return Ok(());
    }
    let figure = chart::figure(
        &tr!("Section scores: the mean, % of each weight", "各部分平均得分率（占分值的百分比）"),
        &chart::wide_and_narrow(|v| chart::sections(&groups, &[], v)),
        &chart::note(&tr!(
            "Each bar is the units' mean score; the line runs from the lowest to the highest unit. The table of \
             sections below gives the points.",
            "条形为各单位的平均得分率，竖线为最低至最高。分数见下方各部分得分表。"
        )),
    );
    out.write_all(figure.as_bytes())?;
    Ok(())
}
