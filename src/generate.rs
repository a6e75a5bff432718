//! Plausible units for trying a rubric out: deterministic, generated data files.
//!
//! [`units`] writes `n` TOML data files for a rubric from a seed. Each unit has a
//! "quality" (how well it does its work, 55% to 100%); a yes/no that earns points is
//! yes, and a count that earns points is high, with that probability, while a count that
//! costs points (逾期天数, 缺席次数) is mostly 0. Whether an input earns or costs points
//! is read off the rules. Inputs read only by bonus and deduction items are rarely
//! anything but 0 / no. Each `require` of the form `a + b + … <= w` (parts within a
//! whole) is respected by drawing the whole first and sharing it out among the parts;
//! `x > k`-style requirements and declared ranges bound single inputs. A unit that
//! still breaks a requirement is drawn again. Judged items get a judged score.
//! The same rubric, `n` and seed always give the same files.

use std::collections::HashMap;
use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::ast::{InputType, SectionKind};
use crate::data::Format;
use crate::diagnostic::{has_errors, Code};
use crate::model::{Arith, Checked, Compare, Expr, ExprKind, Func, Rule};
use crate::report::show;

/// `n` plausible units' data files (TOML) for `rubric`, named `模拟单位01` …, from `seed`.
pub fn units(rubric: &Checked, n: usize, seed: u64) -> Vec<String> {
    generated(rubric, n, seed).iter().enumerate().map(|(index, unit)| unit.toml(rubric, index)).collect()
}

/// The same `n` units as [`units`], as the rows of a spreadsheet: the first row
/// holds the column names (`name`, `year`, every input, `judged.<id>`), as
/// `rubric batch` reads a `.csv` or `.xlsx` with one unit per row.
pub fn table(rubric: &Checked, n: usize, seed: u64) -> Vec<Vec<String>> {
    let units = generated(rubric, n, seed);
    let mut head = vec!["name".to_string(), "year".to_string()];
    head.extend(rubric.inputs.iter().map(|i| crate::sheet::input_key(&i.name)));
    if let Some(first) = units.first() {
        head.extend(first.judged.iter().map(|(id, _)| format!("judged.{id}")));
    }
    let rows = units.into_iter().enumerate().map(|(index, unit)| {
        let year = rubric.year.map_or_else(String::new, |y| y.to_string());
        let mut row = vec![unit_name(index), year];
        row.extend(unit.inputs.iter().map(Drawn::cell));
        row.extend(unit.judged.into_iter().map(|(_, score)| show(score)));
        row
    });
    std::iter::once(head).chain(rows).collect()
}

/// The name of generated unit `index` (from 0).
fn unit_name(index: usize) -> String {
    format!("模拟单位{:02}", index + 1)
}

/// Generated units that load and meet every `require` (each drawn again up to 16 times).
fn generated(rubric: &Checked, n: usize, seed: u64) -> Vec<Unit> {
    let plan = Plan::new(rubric);
    (0..n)
        .map(|index| {
            let mut rng = Rng(seed ^ (index as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
            let mut unit = plan.unit(rubric, &mut rng);
            for _ in 1..16 {
                let scored = crate::diff::score(rubric, &unit.toml(rubric, index), Format::Toml);
                if !has_errors(&scored.load) && !scored.eval.iter().any(|d| d.code == Code::Requirement) {
                    break;
                }
                unit = plan.unit(rubric, &mut rng);
            }
            unit
        })
        .collect()
}

/// One generated unit: a value for every input, and the judged scores.
struct Unit {
    inputs: Vec<Drawn>,
    judged: Vec<(String, Decimal)>,
}

impl Unit {
    /// The unit's data file.
    fn toml(&self, rubric: &Checked, index: usize) -> String {
        let mut out = format!("# generated: rubric::generate::units, unit {}\n[unit]\n", index + 1);
        let _ = writeln!(out, "name = \"{}\"", unit_name(index));
        if let Some(year) = rubric.year {
            let _ = writeln!(out, "year = {year}");
        }
        let _ = writeln!(out, "\n[inputs]");
        for (input, value) in rubric.inputs.iter().zip(&self.inputs) {
            let text = match value {
                Drawn::Text => quoted(&value.cell()),
                other => other.cell(),
            };
            let _ = writeln!(out, "{} = {text}", quoted(&input.name));
        }
        if !self.judged.is_empty() {
            let judged: Vec<String> =
                self.judged.iter().map(|(id, v)| format!("{} = {}", quoted(id), show(*v))).collect();
            let _ = writeln!(out, "\n[judged]\n{}", judged.join("\n"));
        }
        out
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = high.abs_diff(low) + 1;
        low.saturating_add_unsigned(self.next() % span)
    }

    /// True with probability `permille` / 1000.
    fn chance(&mut self, permille: i64) -> bool {
        self.between(0, 999) < permille
    }

    /// Successes in `n` draws of `permille` each.
    fn binomial(&mut self, n: i64, permille: i64) -> i64 {
        (0..n).map(|_| i64::from(self.chance(permille))).sum()
    }
}

/// A value drawn for an input; numbers in thousandths.
#[derive(Clone)]
enum Drawn {
    Number(i64),
    Bool(bool),
    Text,
}

impl Drawn {
    /// The value as written in a data file or a sheet cell (text unquoted).
    fn cell(&self) -> String {
        match self {
            Drawn::Number(v) => show(Decimal::new(*v, 3)),
            Drawn::Bool(b) => b.to_string(),
            Drawn::Text => "模拟".to_string(),
        }
    }
}

/// `a + b + … <= whole` (`strict` for `<`).
struct Share {
    parts: Vec<usize>,
    whole: usize,
    strict: bool,
}

/// What the rubric says about its inputs, read once.
struct Plan {
    /// Per input: > 0 when more earns points, < 0 when more costs points.
    polarity: Vec<i32>,
    /// Per input: read by an item of a scored (not bonus or deduction) section.
    scored: Vec<bool>,
    /// Per input: lowest and highest value allowed, in thousandths.
    bounds: Vec<(Option<i64>, Option<i64>)>,
    shares: Vec<Share>,
}

fn milli(d: Decimal) -> Option<i64> {
    (d * Decimal::from(1000)).trunc().to_i64()
}

fn constant(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Const(value, _) => value.to_decimal().and_then(milli),
        _ => None,
    }
}

fn sum_of_inputs(e: &Expr) -> Option<Vec<usize>> {
    match &e.kind {
        ExprKind::Input(slot) => Some(vec![*slot]),
        ExprKind::Arith(Arith::Add, a, b) => {
            let mut parts = sum_of_inputs(a)?;
            parts.extend(sum_of_inputs(b)?);
            Some(parts)
        }
        _ => None,
    }
}

/// Adds to `out` how each input moves `e` (+1 up, −1 down), times `sign`.
fn walk(e: &Expr, sign: i32, locals: &[HashMap<usize, i32>], out: &mut HashMap<usize, i32>) {
    let mut go = |e: &Expr, s: i32| walk(e, s, locals, out);
    match &e.kind {
        ExprKind::Input(slot) => *out.entry(*slot).or_default() += sign,
        ExprKind::Local(slot) => {
            for (input, p) in locals.get(*slot).into_iter().flatten() {
                *out.entry(*input).or_default() += p * sign;
            }
        }
        ExprKind::Neg(a) | ExprKind::Not(a) => go(a, -sign),
        ExprKind::Convert(a, _) => go(a, sign),
        ExprKind::Arith(op, a, b) => {
            go(a, sign);
            go(b, if matches!(op, Arith::Sub | Arith::Div) { -sign } else { sign });
        }
        ExprKind::Compare(op, a, b) => match op {
            Compare::Gt | Compare::Ge => {
                go(a, sign);
                go(b, -sign);
            }
            Compare::Lt | Compare::Le => {
                go(a, -sign);
                go(b, sign);
            }
            // `逾期天数 = 0`: being equal to a constant is usually having none of something.
            Compare::Eq | Compare::Ne => {
                let s = if *op == Compare::Eq { -sign } else { sign };
                match (constant(a), constant(b)) {
                    (None, Some(_)) => go(a, s),
                    (Some(_), None) => go(b, s),
                    _ => {}
                }
            }
        },
        ExprKind::Logic(_, a, b) => {
            go(a, sign);
            go(b, sign);
        }
        ExprKind::If(c, t, f) => {
            go(c, sign);
            go(t, sign);
            go(f, sign);
        }
        ExprKind::Call(Func::Abs, _) => {}
        ExprKind::Call(_, args) => args.iter().for_each(|a| go(a, sign)),
        ExprKind::Const(..) | ExprKind::Bool(_) | ExprKind::Text(_) => {}
    }
}

impl Plan {
    fn new(rubric: &Checked) -> Plan {
        let count = rubric.inputs.len();
        let (mut polarity, mut scored) = (vec![0i32; count], vec![false; count]);
        for item in &rubric.items {
            let kind = rubric.sections.get(item.section).map_or(SectionKind::Normal, |s| s.kind);
            let sign = if kind == SectionKind::Deduction { -1 } else { 1 };
            let mut locals: Vec<HashMap<usize, i32>> = Vec::new();
            for local in &item.lets {
                let mut map = HashMap::new();
                walk(&local.value, 1, &locals, &mut map);
                locals.push(map);
            }
            let mut out = HashMap::new();
            match &item.rule {
                Rule::Formula(e) => walk(e, sign, &locals, &mut out),
                Rule::Checklist(entries) => entries.iter().for_each(|e| walk(&e.condition, sign, &locals, &mut out)),
                Rule::Judged(_) => {}
            }
            for (input, p) in out {
                if let Some(slot) = polarity.get_mut(input) {
                    *slot += p.signum();
                }
            }
            if kind == SectionKind::Normal {
                for input in &item.inputs {
                    if let Some(s) = scored.get_mut(*input) {
                        *s = true;
                    }
                }
            }
        }
        let mut bounds: Vec<(Option<i64>, Option<i64>)> =
            rubric.inputs.iter().map(|i| (i.min.and_then(milli), i.max.and_then(milli))).collect();
        let mut shares = Vec::new();
        for require in &rubric.requires {
            let ExprKind::Compare(op, a, b) = &require.condition.kind else { continue };
            let (low, high, strict) = match op {
                Compare::Le => (a, b, false),
                Compare::Lt => (a, b, true),
                Compare::Ge => (b, a, false),
                Compare::Gt => (b, a, true),
                _ => continue,
            };
            // low <= high: parts within a whole, or one input against a constant.
            match (sum_of_inputs(low), &high.kind, constant(low), constant(high)) {
                (Some(parts), ExprKind::Input(whole), _, _) if !parts.contains(whole) => {
                    shares.push(Share { parts, whole: *whole, strict });
                }
                (Some(parts), _, _, Some(k)) if parts.len() == 1 => {
                    let Some(slot) = parts.first().copied() else { continue };
                    let k = if strict { k - step(rubric, slot) } else { k };
                    if let Some(b) = bounds.get_mut(slot) {
                        b.1 = Some(b.1.map_or(k, |h| h.min(k)));
                    }
                }
                (_, ExprKind::Input(slot), Some(k), _) => {
                    let k = if strict { k + step(rubric, *slot) } else { k };
                    if let Some(b) = bounds.get_mut(*slot) {
                        b.0 = Some(b.0.map_or(k, |l| l.max(k)));
                    }
                }
                _ => {}
            }
        }
        Plan { polarity, scored, bounds, shares }
    }

    /// One unit's values.
    fn unit(&self, rubric: &Checked, rng: &mut Rng) -> Unit {
        let quality = rng.between(550, 1000);
        let is_part = |slot: usize| self.shares.iter().any(|s| s.parts.contains(&slot));
        let is_whole = |slot: usize| self.shares.iter().any(|s| s.whole == slot);
        let mut values: Vec<Option<Drawn>> = vec![None; rubric.inputs.len()];
        for (slot, value) in values.iter_mut().enumerate() {
            if !is_part(slot) {
                *value = Some(self.draw(rubric, slot, is_whole(slot), quality, rng));
            }
        }
        // Share each whole out among its parts, wholes first (a part may be a whole itself).
        let mut done = vec![false; self.shares.len()];
        while let Some(next) = (0..self.shares.len()).find(|i| {
            !done.get(*i).copied().unwrap_or(true)
                && self.shares.get(*i).is_some_and(|s| values.get(s.whole).is_some_and(Option::is_some))
        }) {
            if let Some(flag) = done.get_mut(next) {
                *flag = true;
            }
            let Some(share) = self.shares.get(next) else { break };
            let Some(Some(Drawn::Number(whole))) = values.get(share.whole).cloned() else { continue };
            let whole_step = step(rubric, share.whole);
            let taken: i64 = share
                .parts
                .iter()
                .filter_map(|p| match values.get(*p) {
                    Some(Some(Drawn::Number(v))) => Some(*v),
                    _ => None,
                })
                .sum();
            let mut budget = (whole - taken - if share.strict { whole_step } else { 0 }).max(0);
            for (nth, part) in share.parts.iter().enumerate() {
                if values.get(*part).is_some_and(Option::is_some) {
                    continue;
                }
                let good = self.polarity.get(*part).copied().unwrap_or(0) >= 0;
                let permille = match (good, nth) {
                    (true, 0) if rng.chance(quality) => 1000,
                    (true, 0) => rng.between(300, 1000),
                    (true, _) => rng.between(0, 1000),
                    (false, _) => rng.between(0, 1000 - quality),
                };
                let part_step = whole_step.max(step(rubric, *part));
                let value = budget * permille / 1000 / part_step * part_step;
                budget -= value;
                if let Some(v) = values.get_mut(*part) {
                    *v = Some(Drawn::Number(value));
                }
            }
        }
        for (slot, value) in values.iter_mut().enumerate() {
            if value.is_none() {
                *value = Some(self.draw(rubric, slot, false, quality, rng));
            }
        }
        let judged: Vec<(String, Decimal)> = rubric
            .items
            .iter()
            .filter(|item| matches!(item.rule, Rule::Judged(_)))
            .filter_map(|item| {
                let weight = milli(item.weight)?;
                let scored = rubric.sections.get(item.section).is_some_and(|s| s.kind == SectionKind::Normal);
                let permille = match scored {
                    true if rng.chance(quality) => 1000,
                    true => rng.between(400, 900),
                    false if rng.chance(150) => rng.between(1, 2) * 500,
                    false => 0,
                };
                let score = (weight * permille / 1000 / 500 * 500).min(weight);
                Some((item.id.clone(), Decimal::new(score, 3)))
            })
            .collect();
        let inputs = values.into_iter().map(|v| v.unwrap_or(Drawn::Text)).collect();
        Unit { inputs, judged }
    }

    /// A value for an input that is not a part of a whole.
    fn draw(&self, rubric: &Checked, slot: usize, whole: bool, quality: i64, rng: &mut Rng) -> Drawn {
        let Some(input) = rubric.inputs.get(slot) else { return Drawn::Text };
        let polarity = self.polarity.get(slot).copied().unwrap_or(0);
        let rare = !self.scored.get(slot).copied().unwrap_or(false) && polarity != 0;
        let value = match input.ty {
            InputType::Bool => {
                let permille = match polarity {
                    _ if rare => 150,
                    p if p > 0 => quality,
                    p if p < 0 => 1000 - quality,
                    _ => 700,
                };
                return Drawn::Bool(rng.chance(permille));
            }
            InputType::Text => return Drawn::Text,
            InputType::Count if whole => rng.between(1, 12) * i64::from(!rng.chance(150)) * 1000,
            InputType::Count if rare => rng.binomial(2, 150) * 1000,
            InputType::Count if polarity > 0 => rng.binomial(4, quality) * 1000,
            InputType::Count if polarity < 0 => rng.binomial(3, (1000 - quality) / 2) * 1000,
            InputType::Count => rng.between(0, 4) * 1000,
            InputType::Amount(_) if whole => rng.between(2_000, 200_000) * 10 * i64::from(!rng.chance(100)),
            InputType::Amount(_) | InputType::Number => rng.between(1_000, 100_000) * 10,
            InputType::Rate if polarity < 0 => rng.between(0, 1100 - quality),
            InputType::Rate => rng.between(quality - 200, 1000),
        };
        // Within the bounds, on the input's steps (a count stays whole).
        let (low, high) = self.bounds.get(slot).copied().unwrap_or((None, None));
        let unit = step(rubric, slot);
        let value = high.map_or(value, |h| value.min(h.div_euclid(unit) * unit));
        Drawn::Number(low.map_or(value, |l| value.max(-(-l).div_euclid(unit) * unit)))
    }
}

/// The smallest step of an input's values, in thousandths.
fn step(rubric: &Checked, slot: usize) -> i64 {
    match rubric.inputs.get(slot).map(|i| i.ty) {
        Some(InputType::Count) => 1000,
        Some(InputType::Rate) => 1,
        _ => 10,
    }
}

/// A TOML quoted key or string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
