//! Inline SVG charts: the totals by unit, the section scores, the grade
//! distribution. Every chart is drawn in its own coordinates (`viewBox`) and
//! scales with the page; all text is escaped.
//!
//! Pixel geometry is binary floating point — it only places ink; every number
//! a chart *prints* is the report's exact decimal.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::escape;
use super::text::{fit, float, num, round, text_width, tick_label, ticks, wrap};
use crate::eval::report::show;

/// Colours told apart by most colour-blind readers (Okabe–Ito), one per unit.
pub(super) const PALETTE: [&str; 6] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];

/// More units than this: the section chart shows the mean with its range instead of one bar per unit.
pub(super) const GROUPED_UNITS: usize = PALETTE.len();

/// The totals and section charts are drawn twice: wide for screens and print, narrow for phones
/// (the page's style sheet shows one), so that its text keeps its size — an
/// SVG scaled down to a phone's width would shrink its labels to unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Variant {
    /// 640 units wide.
    Wide,
    /// 360 units wide.
    Narrow,
}

impl Variant {
    fn width(self) -> f64 {
        match self {
            Variant::Wide => 640.0,
            Variant::Narrow => 360.0,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Variant::Wide => "wide",
            Variant::Narrow => "narrow",
        }
    }
}

/// Font size of the chart text, in chart units.
const FONT: f64 = 15.0;
/// Left margin, room for the tick labels.
const LEFT: f64 = 44.0;
/// Right margin, room for the value after the longest bar.
const RIGHT: f64 = 56.0;

/// One bar of the totals chart.
pub(super) struct TotalBar<'a> {
    /// The unit's label.
    pub label: &'a str,
    /// Its number on the page (the `unit-N` of its section).
    pub index: usize,
    /// Its rank; `None` when unranked.
    pub rank: Option<usize>,
    /// Its total; no bar without one.
    pub total: Option<Decimal>,
    /// Its own total, marked on the bar.
    pub reported: Option<Decimal>,
    /// Disqualified units are drawn grey.
    pub disqualified: bool,
}

/// Horizontal bars of the totals, one per unit in the order given, each bar's
/// width proportional to the total; the label above the bar, the value after
/// it, a tick where the unit's own total is.
pub(super) fn totals(bars: &[TotalBar<'_>], max: Decimal, variant: Variant) -> String {
    let width = variant.width();
    let top_value = bars.iter().filter_map(|b| b.total.max(b.reported)).map(float).fold(float(max), f64::max);
    let ticks = ticks(top_value);
    let axis_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let (x0, plot) = (LEFT / 2.0, width - LEFT / 2.0 - RIGHT);
    let scale = plot / axis_max;
    let (label_h, bar_h, gap) = (FONT + 5.0, 18.0, 12.0);
    let row = label_h + bar_h + gap;
    let top = 8.0;
    let axis_y = top + row * bars.len() as f64;
    let height = axis_y + FONT + 16.0;
    let mut out = String::new();
    let title = crate::tr!("Totals by unit", "各单位总分");
    let _ = write!(
        out,
        r##"<svg class="chart totals {v}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-size="{FONT}">"##,
        v = variant.class(),
        w = num(width),
        h = num(height),
        t = escape(&title),
    );
    let _ = write!(out, "<title>{}</title>", escape(&title));
    for t in &ticks {
        let x = x0 + t * scale;
        let _ = write!(
            out,
            r##"<line class="grid" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#ddd"/><text class="tick" x="{x}" y="{ty}" text-anchor="middle">{label}</text>"##,
            x = num(x),
            y1 = num(top),
            y2 = num(axis_y + 5.0),
            ty = num(axis_y + FONT + 8.0),
            label = tick_label(*t),
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let suffix = if bar.disqualified { crate::tr!(" (disqualified)", "（取消资格）") } else { String::new() };
        let numbered = match bar.rank {
            Some(rank) => format!("{rank}. {}", bar.label),
            None => bar.label.to_string(),
        };
        let name = fit(&numbered, plot + RIGHT - text_width(&suffix, FONT), FONT);
        let label = format!("{name}{suffix}");
        let _ = write!(
            out,
            r##"<text class="label" x="{x}" y="{y}"><title>{full}</title>{label}</text>"##,
            x = num(x0),
            y = num(y + FONT),
            full = escape(bar.label),
            label = escape(&label),
        );
        let bar_y = y + label_h;
        let Some(total) = bar.total else {
            let _ = write!(
                out,
                r##"<text class="value none" x="{x}" y="{y}">{text}</text>"##,
                x = num(x0 + 4.0),
                y = num(bar_y + bar_h - 4.0),
                text = escape(&crate::tr!("not scored", "未能计分")),
            );
            continue;
        };
        let width = (float(total) * scale).max(0.0);
        let (class, fill) =
            if bar.disqualified { ("bar total disqualified", "#999") } else { ("bar total", PALETTE[0]) };
        let _ = write!(
            out,
            r##"<rect class="{class}" data-unit="{index}" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"><title>{label}: {value}</title></rect>"##,
            index = bar.index,
            x = num(x0),
            y = num(bar_y),
            w = num(width),
            h = num(bar_h),
            label = escape(bar.label),
            value = show(total),
        );
        let value = show(total);
        // The value after the bar, and after the tick of the reported total when that is further right.
        let end = bar.reported.map_or(width, |r| width.max(float(r) * scale + 1.5));
        let _ = write!(
            out,
            r##"<text class="value" x="{x}" y="{y}">{value}</text>"##,
            x = num(x0 + end + 5.0),
            y = num(bar_y + bar_h - 4.0),
            value = escape(&value),
        );
        if let Some(reported) = bar.reported {
            let x = x0 + float(reported) * scale;
            let _ = write!(
                out,
                r##"<line class="reported" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#000" stroke-width="2.5"><title>{text}</title></line>"##,
                x = num(x),
                y1 = num(bar_y - 3.0),
                y2 = num(bar_y + bar_h + 3.0),
                text = escape(&crate::tr!("reported {r}", "自评 {r}", r = show(reported))),
            );
        }
    }
    let _ = write!(
        out,
        r##"<line class="axis" x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="#333"/></svg>"##,
        x0 = num(x0),
        x1 = num(x0 + plot),
        y = num(axis_y),
    );
    out
}

/// One top-level section of the section chart: its name and, per unit, the
/// score as a percentage of the weight (`None`: no score).
pub(super) struct SectionBars<'a> {
    /// The section's name.
    pub name: &'a str,
    /// Per unit, in legend order.
    pub percents: Vec<Option<Decimal>>,
}

/// Vertical bars of the top-level sections, 0–100 % of each weight: one bar
/// per unit (coloured as in the legend) for up to [`GROUPED_UNITS`] units, else
/// one bar of the mean with a line from the lowest to the highest unit.
/// `numbers` are the units' numbers (their `[n]` on the page), in the order of `percents`.
pub(super) fn sections(groups: &[SectionBars<'_>], numbers: &[usize], variant: Variant) -> String {
    let units = numbers.len();
    let width = variant.width();
    let grouped = units <= GROUPED_UNITS;
    let (left, top, plot_h) = (LEFT, 20.0, 220.0);
    let plot_w = width - left - 8.0;
    let group_w = plot_w / groups.len().max(1) as f64;
    let name_lines: Vec<Vec<String>> = groups.iter().map(|g| wrap(g.name, group_w - 6.0, FONT * 0.9, 3)).collect();
    let lines = name_lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let axis_y = top + plot_h;
    let height = axis_y + 8.0 + lines * FONT * 1.1 + 6.0;
    let title = crate::tr!("Section scores, % of the weight", "各部分得分率（占分值的百分比）");
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg class="chart sections {v}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-size="{FONT}"><title>{t}</title>"##,
        v = variant.class(),
        w = num(width),
        h = num(height),
        t = escape(&title),
    );
    for t in ticks(100.0) {
        let y = axis_y - t / 100.0 * plot_h;
        let _ = write!(
            out,
            r##"<line class="grid" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#ddd"/><text class="tick" x="{tx}" y="{ty}" text-anchor="end">{label}%</text>"##,
            x1 = num(left - 4.0),
            x2 = num(left + plot_w),
            y = num(y),
            tx = num(left - 7.0),
            ty = num(y + FONT * 0.35),
            label = tick_label(t),
        );
    }
    for (g, group) in groups.iter().enumerate() {
        let gx = left + group_w * g as f64;
        if grouped {
            // At most 48 units a bar: one unit's bars do not fill the whole group.
            let bar_w = (group_w * 0.88 / units.max(1) as f64).min(48.0);
            let gx0 = gx + (group_w - bar_w * units.max(1) as f64) / 2.0;
            for (u, percent) in group.percents.iter().enumerate() {
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
                    name = escape(group.name),
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
        } else {
            let values: Vec<Decimal> = group.percents.iter().flatten().copied().collect();
            let inner = group_w * 0.8;
            let sum = values.iter().try_fold(Decimal::ZERO, |sum, v| sum.checked_add(*v));
            let mean = sum.and_then(|sum| sum.checked_div(Decimal::from(values.len())));
            if let (Some(lo), Some(hi), Some(mean)) = (values.iter().min(), values.iter().max(), mean) {
                let y = |p: Decimal| axis_y - float(p).clamp(0.0, 100.0) / 100.0 * plot_h;
                let (bar_w, cx) = (inner * 0.6, gx + group_w / 2.0);
                let _ = write!(
                    out,
                    r##"<rect class="bar section mean" x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"><title>{name}: {m}%</title></rect><g class="range" stroke="#000" stroke-width="1.5"><line x1="{cx}" y1="{lo}" x2="{cx}" y2="{hi}"/><line x1="{a}" y1="{lo}" x2="{b}" y2="{lo}"/><line x1="{a}" y1="{hi}" x2="{b}" y2="{hi}"/></g><text class="value small" x="{cx}" y="{ty}" text-anchor="middle">{label}</text>"##,
                    x = num(cx - bar_w / 2.0),
                    y = num(y(mean)),
                    w = num(bar_w),
                    h = num(axis_y - y(mean)),
                    c = PALETTE[0],
                    name = escape(group.name),
                    m = show(round(mean, 2)),
                    cx = num(cx),
                    lo = num(y(*lo)),
                    hi = num(y(*hi)),
                    a = num(cx - 6.0),
                    b = num(cx + 6.0),
                    ty = num(y(*hi).min(y(mean)) - 5.0),
                    label = show(round(mean, 0)),
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
    let _ = write!(
        out,
        r##"<line class="axis" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#333"/><line class="axis" x1="{x1}" y1="{t}" x2="{x1}" y2="{y}" stroke="#333"/></svg>"##,
        x1 = num(left),
        x2 = num(left + plot_w),
        y = num(axis_y),
        t = num(top),
    );
    out
}

/// Horizontal bars of how many units got each grade, widths proportional to the counts.
pub(super) fn grades(counts: &[(String, usize)]) -> String {
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1) as f64;
    let label_w = counts.iter().map(|c| text_width(&c.0, FONT)).fold(FONT * 2.0, f64::max).min(160.0) + 8.0;
    let (bar_h, gap, width) = (18.0, 8.0, 360.0);
    let plot = width - label_w - 40.0;
    let height = (bar_h + gap) * counts.len() as f64 + gap;
    let title = crate::tr!("Units per grade", "各等级单位数");
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg class="chart grades" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-size="{FONT}"><title>{t}</title>"##,
        w = num(width),
        h = num(height),
        t = escape(&title),
    );
    for (i, (grade, count)) in counts.iter().enumerate() {
        let y = gap + (bar_h + gap) * i as f64;
        let w = *count as f64 / max * plot;
        let _ = write!(
            out,
            r##"<text class="label" x="{lx}" y="{ty}" text-anchor="end">{g}</text><rect class="bar grade" data-count="{count}" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"><title>{g}: {count}</title></rect><text class="value" x="{vx}" y="{ty}">{count}</text>"##,
            lx = num(label_w - 6.0),
            ty = num(y + bar_h - 4.0),
            g = escape(&fit(grade, label_w - 8.0, FONT)),
            x = num(label_w),
            y = num(y),
            w = num(w),
            h = num(bar_h),
            vx = num(label_w + w + 5.0),
            fill = PALETTE[2],
        );
    }
    out.push_str("</svg>");
    out
}
