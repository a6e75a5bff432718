//! Numbers and text inside the SVG charts: attribute numbers, the rounding of
//! printed percentages, label widths, cutting and wrapping labels, axis ticks.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthChar;

/// A number for an SVG attribute: at most two places, no trailing zeros.
pub(super) fn num(x: f64) -> String {
    let text = format!("{:.2}", if x.is_finite() { x } else { 0.0 });
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// `d` to `places`, half away from zero (四舍五入), as printed on a chart.
pub(super) fn round(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal as a coordinate (ink only, never printed).
pub(super) fn float(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The width of `text` in chart units at `size`: CJK characters one em, others about half.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| c.width().unwrap_or(0) as f64 * 0.55 * size).sum()
}

/// Cuts `text` to fit `width`, with an ellipsis when cut.
pub(super) fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = text_width("…", size);
    for c in text.chars() {
        let w = c.width().unwrap_or(0) as f64 * 0.55 * size;
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Breaks `text` into at most `lines` lines of `width`; the last one ends with an ellipsis when cut.
pub(super) fn wrap(text: &str, width: f64, size: f64, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    let mut rest = text.chars().peekable();
    while let Some(&c) = rest.peek() {
        let w = c.width().unwrap_or(0) as f64 * 0.55 * size;
        if used + w > width && !line.is_empty() {
            if out.len() + 1 == lines {
                let tail: String = std::iter::once(std::mem::take(&mut line)).chain([rest.collect()]).collect();
                out.push(fit(&tail, width, size));
                return out;
            }
            out.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += w;
        rest.next();
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// Axis ticks from 0 to at least `max`: a step of 1, 2, 2.5 or 5 × 10ⁿ, about five ticks.
pub(super) fn ticks(max: f64) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(magnitude * 10.0);
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

pub(super) fn tick_label(t: f64) -> String {
    num(t)
}

#[cfg(test)]
mod tests {
    use super::{fit, num, ticks, wrap};

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(108.0), [0.0, 25.0, 50.0, 75.0, 100.0, 125.0]);
        assert_eq!(ticks(3.0).last().copied(), Some(3.0));
        assert_eq!(ticks(0.0).into_iter().map(num).collect::<Vec<_>>(), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    }

    #[test]
    fn numbers_and_labels() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        // A CJK character is 1.1 em, the ellipsis 0.55 em.
        assert_eq!(fit("羊叉河生态广场及滨河大道", 60.0, 10.0), "羊叉河生…");
        assert_eq!(fit("羊叉河", 60.0, 10.0), "羊叉河");
        assert_eq!(wrap("一二三四五六", 44.0, 10.0, 2), ["一二三四", "五六"]);
        assert_eq!(wrap("一二三四五六七八九十", 44.0, 10.0, 2), ["一二三四", "五六七…"]);
        assert_eq!(wrap("", 44.0, 10.0, 2), [""]);
    }
}
