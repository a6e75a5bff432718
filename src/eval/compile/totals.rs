//! Sections, the total and the grade from the rounded item scores.
//!
//! Every item is already rounded to the rubric's places, so these sums are
//! exact in any representation with enough places. [`Totals`] adds them as
//! integers counted in units of `10^-scale`, where `scale` is the largest
//! number of places of any score, weight, floor or grade bound; if a value
//! does not fit that form, it adds them as `Decimal`s instead.

use rust_decimal::Decimal;

use super::Fallback;
use crate::lower::ast::SectionKind;
use crate::check::model::{Checked, NodeRef};

/// The largest scale the integer sums use (`10^18` still leaves room in `i128`).
const MAX_SCALE: u32 = 18;

/// Sums the rounded item scores of one record after another.
#[derive(Debug)]
pub(super) struct Totals {
    /// The integer form, when every fixed value of the rubric fits it.
    scaled: Option<Scaled>,
    /// Scratch: each section's score (the `Decimal` form).
    sections: Vec<Decimal>,
}

/// The rubric's fixed values in units of `10^-scale`.
#[derive(Debug)]
struct Scaled {
    scale: u32,
    /// Section weights (caps).
    weights: Vec<i128>,
    floor: i128,
    /// Each grade's band.
    grades: Vec<Band>,
    /// Scratch: each section's score.
    sections: Vec<i128>,
}

/// A grade band in units of `10^-scale`: the lowest total (and whether it is
/// included) and the highest (exclusive).
type Band = (Option<(i128, bool)>, Option<i128>);

/// The sums of one record.
#[derive(Debug, Clone, Copy)]
pub(super) struct Summed {
    /// The total, bonus and deduction applied, floored.
    pub total: Decimal,
    /// The index of the grade band the total falls in.
    pub grade: Option<usize>,
}

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

impl Totals {
    /// Prepares the sums of `rubric`.
    pub fn new(rubric: &Checked) -> Totals {
        Totals { scaled: Scaled::new(rubric), sections: vec![Decimal::ZERO; rubric.sections.len()] }
    }

    /// Sums `items` (rounded, by item index) into the total and finds the grade.
    pub fn sum(&mut self, rubric: &Checked, items: &[Decimal]) -> Result<Summed, Fallback> {
        if let Some(summed) = self.scaled.as_mut().and_then(|s| s.sum(rubric, items)) {
            return Ok(summed);
        }
        let total = self.sum_decimal(rubric, items)?;
        Ok(Summed { total, grade: rubric.grades.iter().position(|g| g.contains(total)) })
    }

    fn sum_decimal(&mut self, rubric: &Checked, items: &[Decimal]) -> Result<Decimal, Fallback> {
        for index in (0..rubric.sections.len()).rev() {
            let Some(section) = rubric.sections.get(index) else { continue };
            let mut sum = Decimal::ZERO;
            for child in &section.children {
                let part = match child {
                    NodeRef::Item(i) => items.get(*i).copied().unwrap_or_default(),
                    NodeRef::Section(s) => self.sections.get(*s).copied().unwrap_or_default(),
                };
                sum = sum.checked_add(part).ok_or(Fallback::Arithmetic)?;
            }
            if let Some(slot) = self.sections.get_mut(index) {
                *slot = sum.max(Decimal::ZERO).min(section.weight);
            }
        }
        let mut total = Decimal::ZERO;
        for root in &rubric.roots {
            let (Some(section), Some(score)) = (rubric.sections.get(*root), self.sections.get(*root)) else { continue };
            total = match section.kind {
                SectionKind::Deduction => total.checked_sub(*score),
                _ => total.checked_add(*score),
            }
            .ok_or(Fallback::Arithmetic)?;
        }
        Ok(total.max(rubric.floor))
    }
}

impl Scaled {
    fn new(rubric: &Checked) -> Option<Scaled> {
        let places = rubric.items.iter().map(|i| i.rounding.places.max(i.weight.scale()));
        let fixed = rubric
            .sections
            .iter()
            .map(|s| s.weight)
            .chain([rubric.floor])
            .chain(rubric.grades.iter().flat_map(|g| g.low.map(|(low, _)| low).into_iter().chain(g.high)));
        let scale = places.chain(fixed.map(|d| d.scale())).max().unwrap_or(0);
        if scale > MAX_SCALE {
            return None;
        }
        let weights = rubric.sections.iter().map(|s| scaled(s.weight, scale)).collect::<Option<Vec<_>>>()?;
        let mut grades = Vec::with_capacity(rubric.grades.len());
        for grade in &rubric.grades {
            let low = match grade.low {
                Some((low, included)) => Some((scaled(low, scale)?, included)),
                None => None,
            };
            let high = match grade.high {
                Some(high) => Some(scaled(high, scale)?),
                None => None,
            };
            grades.push((low, high));
        }
        let floor = scaled(rubric.floor, scale)?;
        Some(Scaled { scale, sections: vec![0; weights.len()], weights, floor, grades })
    }

    /// The sums, or `None` when a value does not fit (the `Decimal` sums decide then).
    fn sum(&mut self, rubric: &Checked, items: &[Decimal]) -> Option<Summed> {
        for index in (0..rubric.sections.len()).rev() {
            let section = rubric.sections.get(index)?;
            let mut sum = 0i128;
            for child in &section.children {
                let part = match child {
                    NodeRef::Item(i) => scaled(*items.get(*i)?, self.scale)?,
                    NodeRef::Section(s) => *self.sections.get(*s)?,
                };
                sum = sum.checked_add(part)?;
            }
            let weight = *self.weights.get(index)?;
            *self.sections.get_mut(index)? = sum.max(0).min(weight);
        }
        let mut total = 0i128;
        for root in &rubric.roots {
            let (section, score) = (rubric.sections.get(*root)?, *self.sections.get(*root)?);
            total = match section.kind {
                SectionKind::Deduction => total.checked_sub(score)?,
                _ => total.checked_add(score)?,
            };
        }
        let total = total.max(self.floor);
        let grade = self.grades.iter().position(|(low, high)| {
            let above = match low {
                Some((low, true)) => total >= *low,
                Some((low, false)) => total > *low,
                None => true,
            };
            above && high.is_none_or(|high| total < high)
        });
        let total = Decimal::try_from_i128_with_scale(total, self.scale).ok()?;
        Some(Summed { total, grade })
    }
}
