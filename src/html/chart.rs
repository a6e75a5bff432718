//! Inline SVG charts: the totals by unit, the section scores, the grade
//! counts, the distribution of many totals. Every chart is drawn in its own
//! coordinates (`viewBox`) and scales with the page; all text is escaped.
//!
//! The few-unit report ([`super::report`]) and the batch page (`rubric batch
//! … --out county.html`) draw with the same functions: each takes only what it
//! draws (a bar per unit, a section's figures, counts per grade or per band of
//! totals), never a report.
//!
//! Pixel geometry is binary floating point — it only places ink; every number
//! a chart *prints* is the report's exact decimal.

mod distribution;
mod sections;

use std::fmt::Write;

use rust_decimal::Decimal;

use super::escape;
use super::text::{fit, float, num, text_width, tick_label, ticks};
use crate::eval::report::show;

pub use distribution::{distribution, Band, Bins};
pub use sections::{sections, SectionBars, SectionValues};

/// Colours told apart by most colour-blind readers (Okabe–Ito), one per unit.
pub const PALETTE: [&str; 6] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];

/// More units than this: the section chart shows the mean with its range instead of one bar per unit.
pub const GROUPED_UNITS: usize = PALETTE.len();

/// The totals and section charts are drawn twice: wide for screens and print, narrow for phones
/// (the page's style sheet shows one), so that its text keeps its size — an
/// SVG scaled down to a phone's width would shrink its labels to unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// 640 units wide.
    Wide,
    /// 360 units wide.
    Narrow,
}

impl Variant {
    /// The chart's width in chart units.
    fn width(self) -> f64 {
        match self {
            Variant::Wide => 640.0,
            Variant::Narrow => 360.0,
        }
    }

    /// The chart's class on the page.
    fn class(self) -> &'static str {
        match self {
            Variant::Wide => "wide",
            Variant::Narrow => "narrow",
        }
    }
}

/// A chart drawn in both variants, wide then narrow (the style sheet shows one).
pub fn wide_and_narrow(draw: impl Fn(Variant) -> String) -> String {
    [Variant::Wide, Variant::Narrow].map(draw).concat()
}

/// A chart with its caption: `caption` is text (escaped here), `svg` the
/// chart's markup, `after` markup that follows the chart (a note, a legend),
/// each of its lines ended by a newline.
pub fn figure(caption: &str, svg: &str, after: &str) -> String {
    format!(
        "<figure class=\"chart-box\">\n<figcaption>{}</figcaption>\n<div class=\"scroll\">{svg}</div>\n{after}</figure>\n",
        escape(caption)
    )
}

/// A note under a chart (text, escaped here), for [`figure`]'s `after`.
pub fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", escape(text))
}

/// Font size of the chart text, in chart units.
const FONT: f64 = 15.0;
/// Left margin, room for the tick labels.
const LEFT: f64 = 44.0;
/// Right margin, room for the value after the longest bar.
const RIGHT: f64 = 56.0;

/// Opens a chart's `<svg>` (its `class` after `chart`) with its title, as the
/// accessible name and as the `<title>` a pointer shows.
fn open_svg(out: &mut String, class: &str, (width, height): (f64, f64), title: &str) {
    let _ = write!(
        out,
        r##"<svg class="chart {class}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-size="{FONT}"><title>{t}</title>"##,
        w = num(width),
        h = num(height),
        t = escape(title),
    );
}

/// A horizontal grid line across the plot at `y` with its tick label (and
/// `unit`) left of the axis.
fn grid_row(out: &mut String, (left, plot_w): (f64, f64), y: f64, label: &str, unit: &str) {
    let _ = write!(
        out,
        r##"<line class="grid" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#ddd"/><text class="tick" x="{tx}" y="{ty}" text-anchor="end">{label}{unit}</text>"##,
        x1 = num(left - 4.0),
        x2 = num(left + plot_w),
        y = num(y),
        tx = num(left - 7.0),
        ty = num(y + FONT * 0.35),
    );
}

/// The two axes of a plot (along its bottom and up its left side), and the end of the `<svg>`.
fn close_axes(out: &mut String, (left, plot_w): (f64, f64), top: f64, axis_y: f64) {
    let _ = write!(
        out,
        r##"<line class="axis" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#333"/><line class="axis" x1="{x1}" y1="{t}" x2="{x1}" y2="{y}" stroke="#333"/></svg>"##,
        x1 = num(left),
        x2 = num(left + plot_w),
        y = num(axis_y),
        t = num(top),
    );
}

/// One bar of the totals chart.
pub struct TotalBar<'a> {
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
pub fn totals(bars: &[TotalBar<'_>], max: Decimal, variant: Variant) -> String {
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
    open_svg(&mut out, &format!("totals {}", variant.class()), (width, height), &title);
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

/// Horizontal bars of how many units got each grade, widths proportional to the counts.
pub fn grades(counts: &[(String, usize)]) -> String {
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1) as f64;
    let label_w = counts.iter().map(|c| text_width(&c.0, FONT)).fold(FONT * 2.0, f64::max).min(160.0) + 8.0;
    let (bar_h, gap, width) = (18.0, 8.0, 360.0);
    let plot = width - label_w - 40.0;
    let height = (bar_h + gap) * counts.len() as f64 + gap;
    let title = crate::tr!("Units per grade", "各等级单位数");
    let mut out = String::new();
    open_svg(&mut out, "grades", (width, height), &title);
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
