//! The section chart: each top-level section as a percentage of its weight —
//! one bar per unit, or over many units the mean with a line from the lowest
//! to the highest.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::super::escape;
use super::super::text::{float, num, round, tick_label, ticks, wrap};
use super::{close_axes, grid_row, open_svg, Variant, FONT, LEFT, PALETTE};
use crate::eval::report::show;

/// One top-level section of the section chart: its name, its weight and its scores.
pub struct SectionBars<'a> {
    /// The section's name.
    pub name: &'a str,
    /// Its weight: the chart shows each score as a percentage of it.
    pub weight: Decimal,
    /// Its scores.
    pub values: SectionValues,
}

/// A section's scores on the chart.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionValues {
    /// One bar per unit: each unit's score (`None`: no score), in legend order.
    Units(Vec<Option<Decimal>>),
    /// Over many units: the mean score (a bar), the lowest and the highest (a
    /// line), and how many units have a score.
    Spread {
        /// The mean score.
        mean: Decimal,
        /// The lowest score.
        min: Decimal,
        /// The highest score.
        max: Decimal,
        /// How many units.
        count: usize,
    },
}

impl SectionValues {
    /// The mean, lowest and highest of `scores` (`None`: no score), or `None` when none has one.
    pub fn spread(scores: &[Option<Decimal>]) -> Option<SectionValues> {
        let values: Vec<Decimal> = scores.iter().flatten().copied().collect();
        let sum = values.iter().try_fold(Decimal::ZERO, |sum, v| sum.checked_add(*v))?;
        let mean = sum.checked_div(Decimal::from(values.len()))?;
        let (min, max) = (*values.iter().min()?, *values.iter().max()?);
        Some(SectionValues::Spread { mean, min, max, count: values.len() })
    }
}

/// `score` as a percentage of `weight`.
fn percent(score: Decimal, weight: Decimal) -> Option<Decimal> {
    score.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(weight)
}

/// Vertical bars of the top-level sections, 0–100 % of each weight: a section
/// with [`SectionValues::Units`] has one bar per unit (coloured as in the
/// legend), one with [`SectionValues::Spread`] the bar of the mean with a line
/// from the lowest to the highest score. `numbers` are the units' numbers
/// (their `[n]` on the page), in the order of [`SectionValues::Units`].
pub fn sections(groups: &[SectionBars<'_>], numbers: &[usize], variant: Variant) -> String {
    let units = numbers.len();
    let width = variant.width();
    let (left, top, plot_h) = (LEFT, 20.0, 220.0);
    let plot_w = width - left - 8.0;
    let group_w = plot_w / groups.len().max(1) as f64;
    let name_lines: Vec<Vec<String>> = groups.iter().map(|g| wrap(g.name, group_w - 6.0, FONT * 0.9, 3)).collect();
    let lines = name_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let axis_y = top + plot_h;
    let height = axis_y + 8.0 + lines * FONT * 1.1 + 6.0;
    let title = crate::tr!("Section scores, % of the weight", "各部分得分率（占分值的百分比）");
    let mut out = String::new();
    open_svg(&mut out, &format!("sections {}", variant.class()), (width, height), &title);
    for t in ticks(100.0) {
        grid_row(&mut out, (left, plot_w), axis_y - t / 100.0 * plot_h, &tick_label(t), "%");
    }
    for (g, group) in groups.iter().enumerate() {
        let gx = left + group_w * g as f64;
        match &group.values {
            SectionValues::Units(scores) => {
                let percents: Vec<Option<Decimal>> =
                    scores.iter().map(|s| s.and_then(|s| percent(s, group.weight))).collect();
                unit_bars(&mut out, group.name, &percents, numbers, (gx, group_w), (axis_y, plot_h), units);
            }
            SectionValues::Spread { mean, min, max, count } => {
                let y = |p: Option<Decimal>| axis_y - p.map_or(0.0, |p| float(p).clamp(0.0, 100.0)) / 100.0 * plot_h;
                let (pm, lo, hi) = (percent(*mean, group.weight), percent(*min, group.weight), percent(*max, group.weight));
                let (bar_w, cx) = (group_w * 0.8 * 0.6, gx + group_w / 2.0);
                let shown = |p: Option<Decimal>| p.map_or_else(|| "—".to_string(), |p| show(round(p, 2)));
                let text = crate::tr!(
                    "{name}: mean {p}% ({m} of {w}); lowest {lo}, highest {hi}; {count} units",
                    "{name}：平均得分率 {p}%（平均 {m} 分，分值 {w}）；最低 {lo} 分，最高 {hi} 分；{count} 个单位",
                    name = group.name,
                    p = shown(pm),
                    m = show(round(*mean, 2)),
                    w = show(group.weight),
                    lo = show(*min),
                    hi = show(*max),
                );
                let _ = write!(
                    out,
                    r##"<rect class="bar section mean" data-mean="{dm}" data-min="{dlo}" data-max="{dhi}" data-count="{count}" x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"><title>{text}</title></rect><g class="range" stroke="#000" stroke-width="1.5"><line x1="{cx}" y1="{lo}" x2="{cx}" y2="{hi}"/><line x1="{a}" y1="{lo}" x2="{b}" y2="{lo}"/><line x1="{a}" y1="{hi}" x2="{b}" y2="{hi}"/></g><text class="value small" x="{cx}" y="{ty}" text-anchor="middle">{label}</text>"##,
                    dm = show(round(*mean, 2)),
                    dlo = show(*min),
                    dhi = show(*max),
                    x = num(cx - bar_w / 2.0),
                    y = num(y(pm)),
                    w = num(bar_w),
                    h = num(axis_y - y(pm)),
                    c = PALETTE[0],
                    text = escape(&text),
                    cx = num(cx),
                    lo = num(y(lo)),
                    hi = num(y(hi)),
                    a = num(cx - 6.0),
                    b = num(cx + 6.0),
                    ty = num(y(hi).min(y(pm)) - 5.0),
                    label = pm.map_or_else(|| "—".to_string(), |p| show(round(p, 0))),
                );
            }
        }
        for (l, line) in name_lines.get(g).into_iter().flatten().enumerate() {
            let _ = write!(
                out,
                r##"<text class="label" x="{x}" y="{y}" text-anchor="middle" font-size="{s}">{t}</text>"##,
                x = num(gx + group_w / 2.0),
                y = num(axis_y + 8.0 + FONT * 0.9 + l as f64 * FONT * 1.1),
                s = num(FONT * 0.9),
                t = escape(line),
            );
        }
    }
    close_axes(&mut out, (left, plot_w), top, axis_y);
    out
}


/// One bar per unit in the group at `gx` (`group_w` wide): at most 48 units a
/// bar, so that one unit's bars do not fill the whole group.
fn unit_bars(
    out: &mut String,
    name: &str,
    percents: &[Option<Decimal>],
    numbers: &[usize],
    (gx, group_w): (f64, f64),
    (axis_y, plot_h): (f64, f64),
    units: usize,
) {
    let bar_w = (group_w * 0.88 / units.max(1) as f64).min(48.0);
    let gx0 = gx + (group_w - bar_w * units.max(1) as f64) / 2.0;
    for (u, percent) in percents.iter().enumerate() {
        let Some(p) = *percent else { continue };
        let h = float(p).clamp(0.0, 100.0) / 100.0 * plot_h;
        let x = gx0 + bar_w * u as f64;
        let colour = PALETTE.get(u).copied().unwrap_or("#777");
        let _ = write!(
            out,
            r##"<rect class="bar section" data-unit="{n}" x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}"><title>[{n}] {name}: {p}%</title></rect>"##,
            n = numbers.get(u).copied().unwrap_or(u + 1),
            x = num(x + 1.0),
            y = num(axis_y - h),
            w = num((bar_w - 2.0).max(1.0)),
            h = num(h),
            name = escape(name),
            p = show(round(p, 2)),
        );
        if bar_w >= 24.0 {
            let _ = write!(
                out,
                r##"<text class="value small" x="{x}" y="{y}" text-anchor="middle">{p}</text>"##,
                x = num(x + bar_w / 2.0),
                y = num(axis_y - h - 4.0),
                p = show(round(p, 0)),
            );
        }
    }
}
