//! Sections, the bonus and deduction, the total and the grade from the
//! rounded item scores: each section the sum of its parts kept within
//! [0, weight]; the total the scored sections (rescaled over the applicable
//! weight under `not-applicable rescale`), plus the bonus, minus the
//! deduction, never below the floor; the grade the first band holding it.
//!
//! Every item is already rounded to the rubric's places, so these sums are
//! exact in any representation with enough places. When every item has a
//! score and nothing is rescaled, [`Totals`] adds them as integers counted in
//! units of `10^-scale` (`scale` the most places of any score, weight or the
//! floor); otherwise, or if a value does not fit, as `Decimal`s. Both give
//! the same sums.

use rust_decimal::Decimal;

use crate::base::exact::Exact;
use crate::check::model::{Checked, NodeRef};
use crate::lower::ast::{Policy, SectionKind};

/// The largest scale the integer sums use (`10^18` still leaves room in `i128`).
const MAX_SCALE: u32 = 18;

/// `10^n` for `n <= MAX_SCALE`.
const POW10: [i128; MAX_SCALE as usize + 1] = {
    let mut table = [1i128; MAX_SCALE as usize + 1];
    let mut i = 1;
    while i < table.len() {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// `d` in units of `10^-scale`, if it has at most `scale` places and fits.
#[inline]
fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    let shift = scale.checked_sub(d.scale())?;
    d.mantissa().checked_mul(*POW10.get(shift as usize)?)
}

/// The sums of one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Summed {
    /// The total; `None` when a part has no score (or the rubric scores nothing).
    pub total: Option<Decimal>,
    /// The index of the grade band the total falls in (whether or not the unit
    /// is disqualified: that is the caller's to decide).
    pub grade: Option<usize>,
}

/// Adds up one unit after another, reusing its memory.
#[derive(Debug)]
pub(crate) struct Totals {
    /// The integer form, when every fixed value of the rubric fits it.
    scaled: Option<Scaled>,
    /// Each section's (sum of parts, score kept within [0, weight]) of the last
    /// unit; `None` when a part has no score.
    sections: Vec<Option<(Decimal, Decimal)>>,
    /// Whether `sections` holds the last unit's sums (else they are in `scaled`).
    decimal: bool,
}

/// The rubric's fixed values in units of `10^-scale`, and the sums of the last unit.
#[derive(Debug)]
struct Scaled {
    scale: u32,
    /// Section weights (caps).
    weights: Vec<i128>,
    floor: i128,
    /// Each section's (sum, score) of the last unit.
    sections: Vec<(i128, i128)>,
}

impl Totals {
    /// Prepares the sums of `rubric`.
    pub fn new(rubric: &Checked) -> Totals {
        Totals { scaled: Scaled::new(rubric), sections: vec![None; rubric.sections.len()], decimal: true }
    }

    /// Adds up one unit's item scores (by item index, rounded; `None` when an
    /// item has no score — a 缺省项 left out under `rescale` counts as 0 here
    /// and is named in `left_out`, the weights its items take out of the total).
    #[inline]
    pub fn sum(&mut self, rubric: &Checked, items: &[Option<Decimal>], left_out: Decimal) -> Summed {
        let rescaled = rubric.policy == Policy::Rescale && !left_out.is_zero();
        if !rescaled {
            let sums = self.scaled.as_mut().and_then(|s| s.sum(rubric, items));
            if let Some(total) = sums {
                self.decimal = false;
                return finish(rubric, Some(total));
            }
        }
        self.decimal = true;
        let total = self.sum_decimal(rubric, items, left_out);
        finish(rubric, total)
    }

    /// Section `index`'s (sum of parts, score) of the last unit summed.
    pub fn section(&self, index: usize) -> Option<(Decimal, Decimal)> {
        if self.decimal {
            return self.sections.get(index).copied().flatten();
        }
        let scaled = self.scaled.as_ref()?;
        let (raw, capped) = *scaled.sections.get(index)?;
        let decimal = |v: i128| Decimal::try_from_i128_with_scale(v, scaled.scale).ok().map(|d| d.normalize());
        Some((decimal(raw)?, decimal(capped)?))
    }

    fn sum_decimal(&mut self, rubric: &Checked, items: &[Option<Decimal>], left_out: Decimal) -> Option<Decimal> {
        // Children come after their parents, so walk backwards.
        for index in (0..rubric.sections.len()).rev() {
            let Some(section) = rubric.sections.get(index) else { continue };
            let mut sum = Some(Decimal::ZERO);
            for child in &section.children {
                let part = match child {
                    NodeRef::Item(i) => items.get(*i).copied().flatten(),
                    NodeRef::Section(s) => self.sections.get(*s).copied().flatten().map(|(_, capped)| capped),
                };
                sum = sum.zip(part).and_then(|(a, b)| a.checked_add(b));
            }
            if let Some(slot) = self.sections.get_mut(index) {
                *slot = sum.map(|sum| (sum, sum.max(Decimal::ZERO).min(section.weight)));
            }
        }
        let (mut main, mut bonus, mut deduction) = (Some(Decimal::ZERO), Some(Decimal::ZERO), Some(Decimal::ZERO));
        for root in &rubric.roots {
            let Some(section) = rubric.sections.get(*root) else { continue };
            let score = self.sections.get(*root).copied().flatten().map(|(_, capped)| capped);
            let slot = match section.kind {
                SectionKind::Normal => &mut main,
                SectionKind::Bonus => &mut bonus,
                SectionKind::Deduction => &mut deduction,
            };
            *slot = slot.zip(score).and_then(|(a, b)| a.checked_add(b));
        }
        if rubric.policy == Policy::Rescale {
            main = main.and_then(|m| rescale(rubric, m, left_out));
        }
        let total = main?.checked_add(bonus?)?.checked_sub(deduction?)?;
        Some(total.max(rubric.floor))
    }
}

/// The weight the 缺省项 take out of the scored sections (what `rescale`
/// scales the total back up over): the items `is_not_applicable` names, by
/// index, in sections that count in the total. Zero under other policies.
#[inline]
pub(crate) fn left_out(rubric: &Checked, is_not_applicable: impl Fn(usize) -> bool) -> Decimal {
    if rubric.policy != Policy::Rescale {
        return Decimal::ZERO;
    }
    let scored = |mut section: usize| {
        for _ in 0..=rubric.sections.len() {
            match rubric.sections.get(section).and_then(|s| s.parent) {
                Some(parent) => section = parent,
                None => break,
            }
        }
        rubric.sections.get(section).is_some_and(|s| s.kind == SectionKind::Normal)
    };
    rubric
        .items
        .iter()
        .enumerate()
        .filter(|(index, item)| is_not_applicable(*index) && scored(item.section))
        .fold(Decimal::ZERO, |sum, (_, item)| sum + item.weight)
}

/// Under `rescale`, the scored part over the applicable weight, scaled to the
/// maximum and rounded as items are; all of it left out gives the maximum.
fn rescale(rubric: &Checked, main: Decimal, left_out: Decimal) -> Option<Decimal> {
    let applicable = rubric.max - left_out;
    if applicable <= Decimal::ZERO {
        return Some(rubric.max);
    }
    let scaled = Exact::from_decimal(main)
        .mul(Exact::from_decimal(rubric.max))
        .and_then(|v| v.div(Exact::from_decimal(applicable)))
        .ok()?;
    scaled.round_dp(rubric.rounding.places, rubric.rounding.mode).ok()
}

/// The total of a rubric that scores something, and its grade band.
#[inline]
fn finish(rubric: &Checked, total: Option<Decimal>) -> Summed {
    // A rubric of indicators and checks only scores nothing: no total, no grade.
    let total = total.filter(|_| !rubric.items.is_empty());
    let grade = total.and_then(|t| rubric.grades.iter().position(|g| g.contains(t)));
    Summed { total, grade }
}

impl Scaled {
    fn new(rubric: &Checked) -> Option<Scaled> {
        let places = rubric.items.iter().map(|i| i.rounding.places.max(i.weight.scale()));
        let fixed = rubric.sections.iter().map(|s| s.weight).chain([rubric.floor]);
        let scale = places.chain(fixed.map(|d| d.scale())).max().unwrap_or(0);
        if scale > MAX_SCALE {
            return None;
        }
        let weights = rubric.sections.iter().map(|s| scaled(s.weight, scale)).collect::<Option<Vec<_>>>()?;
        let floor = scaled(rubric.floor, scale)?;
        Some(Scaled { scale, sections: vec![(0, 0); weights.len()], weights, floor })
    }

    /// The total as a `Decimal`, or `None` when an item has no score or a
    /// value does not fit (the `Decimal` sums decide then).
    #[inline]
    fn sum(&mut self, rubric: &Checked, items: &[Option<Decimal>]) -> Option<Decimal> {
        for index in (0..rubric.sections.len()).rev() {
            let section = rubric.sections.get(index)?;
            let mut sum = 0i128;
            for child in &section.children {
                let part = match child {
                    NodeRef::Item(i) => scaled((*items.get(*i)?)?, self.scale)?,
                    NodeRef::Section(s) => self.sections.get(*s)?.1,
                };
                sum = sum.checked_add(part)?;
            }
            let weight = *self.weights.get(index)?;
            *self.sections.get_mut(index)? = (sum, sum.max(0).min(weight));
        }
        let mut total = 0i128;
        for root in &rubric.roots {
            let (section, (_, score)) = (rubric.sections.get(*root)?, *self.sections.get(*root)?);
            total = match section.kind {
                SectionKind::Deduction => total.checked_sub(score)?,
                _ => total.checked_add(score)?,
            };
        }
        Decimal::try_from_i128_with_scale(total.max(self.floor), self.scale).ok()
    }
}
