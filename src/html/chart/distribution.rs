//! The distribution of many totals: how many units fall in each band of
//! totals (bins of one round width), with the grade edges marked — what a
//! page shows instead of one bar per unit when there are too many units.
//!
//! The bins are counted exactly ([`Bins`], decimal arithmetic, a fixed number
//! of counters whatever the number of units); only the drawing is floating point.

use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::super::escape;
use super::super::text::{fit, float, num, text_width, tick_label, ticks};
use super::{close_axes, grid_row, open_svg, Variant, FONT, LEFT, PALETTE};
use crate::eval::report::show;

/// The most bins a distribution has.
const MAX_BINS: usize = 20;

/// One bin of totals: from `from` up to `to` (`to` itself only in the last bin), and how many units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin {
    /// The lowest total of the bin.
    pub from: Decimal,
    /// The end of the bin: excluded, except in the last bin.
    pub to: Decimal,
    /// How many units.
    pub count: usize,
}

/// A grade band as a chart marks it: its name and where it begins (the lowest
/// total and whether that total is in the band); `None` for the catch-all band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band<'a> {
    /// The grade.
    pub name: &'a str,
    /// The band's lowest total, and whether it is included (`>=`) or not (`>`).
    pub low: Option<(Decimal, bool)>,
}

/// Totals counted in bins of one round width: a fixed number of counters,
/// whatever the number of units added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bins {
    /// Where the first bin begins, a multiple of `width`.
    low: Decimal,
    width: Decimal,
    counts: Vec<usize>,
}

/// Round bin widths, smallest first: 1, 2 and 5 × 10ⁿ, from 0.01 to 10¹².
fn round_widths() -> impl Iterator<Item = Decimal> {
    (-2i32..=12).flat_map(|e| {
        [1i64, 2, 5].into_iter().filter_map(move |m| {
            if e < 0 {
                Some(Decimal::new(m, e.unsigned_abs()))
            } else {
                Decimal::from(m).checked_mul(Decimal::from(10i64.checked_pow(e.unsigned_abs())?))
            }
        })
    })
}

impl Bins {
    /// Bins that cover `lowest` to `highest` (both included): the width is the
    /// smallest round width (1, 2 or 5 × 10ⁿ) that makes at most [`MAX_BINS`]
    /// bins with every one of `edges` between them on a bin's boundary, else the
    /// smallest that makes at most [`MAX_BINS`]; the first bin begins at a
    /// multiple of the width. `None` when `highest < lowest`.
    pub fn new(lowest: Decimal, highest: Decimal, edges: &[Decimal]) -> Option<Bins> {
        if highest < lowest {
            return None;
        }
        let fits = |width: Decimal| -> Option<Bins> {
            let low = lowest.checked_div(width)?.floor().checked_mul(width)?;
            let span = highest.checked_sub(low)?.checked_div(width)?.ceil().to_usize()?.max(1);
            (span <= MAX_BINS).then(|| Bins { low, width, counts: vec![0; span] })
        };
        let on_boundary = |bins: &Bins| {
            edges
                .iter()
                .filter(|e| lowest < **e && **e < highest)
                .all(|e| e.checked_sub(bins.low).and_then(|d| d.checked_rem(bins.width)) == Some(Decimal::ZERO))
        };
        let mut first = None;
        for width in round_widths() {
            let Some(bins) = fits(width) else { continue };
            if on_boundary(&bins) {
                return Some(bins);
            }
            first.get_or_insert(bins);
        }
        first
    }

    /// Counts `total`: in the bin it falls in; one below the first bin in the
    /// first, one at or above the end in the last.
    pub fn add(&mut self, total: Decimal) {
        let last = self.counts.len().saturating_sub(1);
        let at = total
            .checked_sub(self.low)
            .and_then(|d| d.checked_div(self.width))
            .map(|d| d.floor())
            .map_or(0, |d| if d.is_sign_negative() { 0 } else { d.to_usize().unwrap_or(last) })
            .min(last);
        if let Some(count) = self.counts.get_mut(at) {
            *count += 1;
        }
    }

    /// The width of a bin.
    pub fn width(&self) -> Decimal {
        self.width
    }

    /// The bins, lowest first.
    pub fn bins(&self) -> Vec<Bin> {
        let mut from = self.low;
        let mut out = Vec::with_capacity(self.counts.len());
        for &count in &self.counts {
            let to = from.checked_add(self.width).unwrap_or(from);
            out.push(Bin { from, to, count });
            from = to;
        }
        out
    }
}

/// Vertical bars of how many units have a total in each bin, the score axis
/// across; each grade's band is named at the top (every other band shaded)
/// and its lowest total marked with a dashed line. `bands` best first, as the rubric lists them.
pub fn distribution(bins: &[Bin], bands: &[Band<'_>], variant: Variant) -> String {
    let width = variant.width();
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0);
    let ticks = ticks((most as f64).max(5.0));
    let axis_max = ticks.last().copied().unwrap_or(5.0).max(1.0);
    // Room on the left for the longest count on the axis.
    let left = LEFT.max(text_width(&tick_label(axis_max), 12.0) + 14.0);
    let (right, top, plot_h) = (14.0, 28.0, 200.0);
    let plot_w = width - left - right;
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else { return String::new() };
    let (low, high) = (float(first.from), float(last.to));
    let x = |v: Decimal| left + ((float(v) - low) / (high - low).max(f64::MIN_POSITIVE) * plot_w).clamp(0.0, plot_w);
    let axis_y = top + plot_h;
    let height = axis_y + FONT + 12.0;
    let title = crate::tr!("Units by total", "各总分段的单位数");
    let mut out = String::new();
    open_svg(&mut out, &format!("distribution {}", variant.class()), (width, height), &title);
    // The grade bands, worst first: each from its lowest total to the next one's.
    let mut ends: Vec<(&Band<'_>, Decimal, Decimal)> = Vec::new();
    let mut upper = last.to;
    for band in bands {
        let from = band.low.map_or(first.from, |(l, _)| l.max(first.from));
        if from < upper {
            ends.push((band, from, upper));
        }
        upper = upper.min(from);
    }
    for (i, (band, from, to)) in ends.iter().rev().enumerate() {
        let (x0, x1) = (x(*from), x(*to));
        if i % 2 == 1 {
            let _ = write!(
                out,
                r##"<rect class="band" x="{x}" y="{y}" width="{w}" height="{h}" fill="#eef2f7"/>"##,
                x = num(x0),
                y = num(top - FONT - 6.0),
                w = num(x1 - x0),
                h = num(plot_h + FONT + 6.0),
            );
        }
        let name = fit(band.name, (x1 - x0 - 4.0).max(0.0), FONT * 0.9);
        if name != "…" {
            let _ = write!(
                out,
                r##"<text class="band-name" x="{x}" y="{y}" text-anchor="middle" font-size="{s}">{n}</text>"##,
                x = num((x0 + x1) / 2.0),
                y = num(top - 8.0),
                s = num(FONT * 0.9),
                n = escape(&name),
            );
        }
    }
    for t in &ticks {
        grid_row(&mut out, (left, plot_w), axis_y - t / axis_max * plot_h, &tick_label(*t), "");
    }
    let bin_w = plot_w / bins.len() as f64;
    for (i, bin) in bins.iter().enumerate() {
        let h = bin.count as f64 / axis_max * plot_h;
        let x0 = left + bin_w * i as f64;
        let is_last = i + 1 == bins.len();
        let text = match is_last {
            false => crate::tr!(
                "{from} to under {to}: {count} units",
                "{from} 分至不足 {to} 分：{count} 个单位",
                from = show(bin.from),
                to = show(bin.to),
                count = bin.count
            ),
            true => crate::tr!(
                "{from} to {to}: {count} units",
                "{from} 分至 {to} 分：{count} 个单位",
                from = show(bin.from),
                to = show(bin.to),
                count = bin.count
            ),
        };
        let _ = write!(
            out,
            r##"<rect class="bar bin" data-from="{from}" data-to="{to}" data-count="{count}" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"><title>{text}</title></rect>"##,
            from = show(bin.from),
            to = show(bin.to),
            count = bin.count,
            x = num(x0 + 0.5),
            y = num(axis_y - h),
            w = num((bin_w - 1.0).max(0.5)),
            h = num(h),
            fill = PALETTE[0],
            text = escape(&text),
        );
        let count = bin.count.to_string();
        if bin.count > 0 && text_width(&count, 11.0) + 6.0 <= bin_w {
            let _ = write!(
                out,
                r##"<text class="value small" x="{x}" y="{y}" text-anchor="middle">{count}</text>"##,
                x = num(x0 + bin_w / 2.0),
                y = num(axis_y - h - 3.0),
            );
        }
    }
    // Boundaries labelled every `stride` bins, at round values (multiples of
    // `stride` widths), so that the labels do not touch.
    let widest = bins.iter().map(|b| text_width(&show(b.to), 12.0)).fold(text_width(&show(first.from), 12.0), f64::max);
    let stride = ((widest + 8.0) / bin_w).ceil().max(1.0) as i64;
    let step = first.to.checked_sub(first.from).and_then(|w| w.checked_mul(Decimal::from(stride)));
    for at in std::iter::once(first.from).chain(bins.iter().map(|b| b.to)) {
        if step.and_then(|s| at.checked_rem(s)).is_some_and(|r| r.is_zero()) {
            let _ = write!(
                out,
                r##"<text class="tick" x="{x}" y="{y}" text-anchor="middle">{label}</text>"##,
                x = num(x(at)),
                y = num(axis_y + FONT + 4.0),
                label = show(at),
            );
        }
    }
    for (band, _, _) in &ends {
        let Some((low, included)) = band.low else { continue };
        if low <= first.from || low >= last.to {
            continue;
        }
        let edge = if included { "≥" } else { ">" };
        let _ = write!(
            out,
            r##"<line class="edge" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#333" stroke-width="1.5" stroke-dasharray="5 3"><title>{name} {edge} {low}</title></line>"##,
            x = num(x(low)),
            y1 = num(top - FONT - 6.0),
            y2 = num(axis_y),
            name = escape(band.name),
            low = show(low),
        );
    }
    close_axes(&mut out, (left, plot_w), top, axis_y);
    out
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::{Bin, Bins, MAX_BINS};

    fn d(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn bins_are_round_and_every_grade_edge_is_a_boundary() {
        // 0 to 100, edges 95, 80, 60: bins of 5.
        let bins = Bins::new(d("0"), d("100"), &[d("95"), d("80"), d("60")]).expect("bins");
        assert_eq!(bins.width(), d("5"));
        assert_eq!(bins.bins().len(), 20);
        // 60 to 100, edges 90, 80, 60: bins of 2 (20 of them), 90 and 80 on boundaries.
        let bins = Bins::new(d("60"), d("100"), &[d("90"), d("80"), d("60")]).expect("bins");
        assert_eq!((bins.width(), bins.bins().len()), (d("2"), 20));
        // 95 is not on a boundary of bins of 2: bins of 5.
        let bins = Bins::new(d("60"), d("100"), &[d("95"), d("80"), d("60")]).expect("bins");
        assert_eq!((bins.width(), bins.bins().len()), (d("5"), 8));
        // 57.3 to 108: the first bin begins at a multiple of the width.
        let bins = Bins::new(d("57.3"), d("108"), &[d("95")]).expect("bins");
        assert_eq!(bins.width(), d("5"));
        assert_eq!(bins.bins().first().map(|b| b.from), Some(d("55")));
        assert_eq!(bins.bins().last().map(|b| b.to), Some(d("110")));
        // An edge no round width fits within MAX_BINS: the smallest that fits.
        let bins = Bins::new(d("0"), d("100"), &[d("33.3")]).expect("bins");
        assert_eq!(bins.width(), d("5"));
        // Small ranges, one value, and a range backwards.
        assert_eq!(Bins::new(d("0"), d("1"), &[]).map(|b| b.width()), Some(d("0.05")));
        assert_eq!(Bins::new(d("7"), d("7"), &[]).map(|b| b.bins().len()), Some(1));
        assert_eq!(Bins::new(d("8"), d("7"), &[]), None);
        for (lo, hi) in [("-20", "100"), ("0", "1000000"), ("0.001", "0.002"), ("-5", "-1")] {
            let bins = Bins::new(d(lo), d(hi), &[]).expect("bins");
            assert!(bins.bins().len() <= MAX_BINS, "{lo}..{hi}");
            assert!(bins.bins().first().is_some_and(|b| b.from <= d(lo)) && bins.bins().last().is_some_and(|b| b.to >= d(hi)));
        }
    }

    #[test]
    fn totals_fall_in_their_bin_the_highest_in_the_last() {
        let mut bins = Bins::new(d("60"), d("100"), &[d("95"), d("80")]).expect("bins");
        for t in ["60", "64.99", "65", "79.99", "80", "95", "99.5", "100", "59", "101"] {
            bins.add(d(t));
        }
        let counts: Vec<(String, usize)> =
            bins.bins().iter().filter(|b| b.count > 0).map(|b: &Bin| (b.from.normalize().to_string(), b.count)).collect();
        let expected: Vec<(String, usize)> =
            [("60", 3), ("65", 1), ("75", 1), ("80", 1), ("95", 4)].iter().map(|(f, c)| (f.to_string(), *c)).collect();
        assert_eq!(counts, expected);
        assert_eq!(bins.bins().iter().map(|b| b.count).sum::<usize>(), 10);
    }
}
