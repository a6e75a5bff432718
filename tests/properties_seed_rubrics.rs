//! Property tests over random data for the real rubrics A, B and C: every
//! scored item within [0, weight], the total within [0, max + bonus cap],
//! evaluation deterministic, and each rate-based item monotone in its
//! numerator.

mod common;

use proptest::prelude::*;
use rubric::check::model::{Arith, Checked, Expr, ExprKind, Rule};
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::{Report, Status};
use rubric::eval::{evaluate, Options};
use rubric::lower::ast::{InputType, SectionKind};
use rust_decimal::Decimal;

const RUBRICS: [&str; 3] = [
    include_str!("../rubrics/lezhi-2022-performance-management.rubric"),
    include_str!("../rubrics/lezhi-2023-department-overall.rubric"),
    include_str!("../rubrics/lezhi-2023-project.rubric"),
];

fn checked(index: usize) -> Checked {
    let text = RUBRICS.get(index).copied().unwrap_or_default();
    common::check(text).0.unwrap_or_else(|| panic!("rubric {index} checks"))
}

/// A value for an input from a random seed number.
fn value(ty: InputType, n: u32) -> String {
    match ty {
        InputType::Bool => n.is_multiple_of(2).to_string(),
        InputType::Rate => format!("{}.{:02}", (n % 101) / 100, (n % 101) % 100),
        InputType::Amount(_) => format!("{}.{:02}", n % 1000, n % 100),
        InputType::Text => format!("\"{n}\""),
        _ => (n % 15).to_string(),
    }
}

fn data(checked: &Checked, seeds: &[u32], judged: &[u8]) -> String {
    let mut lines = vec!["[inputs]".to_string()];
    for (input, n) in checked.inputs.iter().zip(seeds.iter().cycle()) {
        lines.push(format!("\"{}\" = {}", input.name, value(input.ty, *n)));
    }
    lines.push("[judged]".to_string());
    let judged_items = checked.items.iter().filter(|i| matches!(i.rule, Rule::Judged(_)));
    for (item, h) in judged_items.zip(judged.iter().cycle()) {
        let score = (Decimal::from(*h) * item.weight / Decimal::from(4)).min(item.weight);
        lines.push(format!("\"{}\" = {}", item.id, score.normalize()));
    }
    lines.join("\n")
}

fn run(checked: &Checked, text: &str) -> Report {
    let (unit, _) = load(text, Format::Toml, checked);
    evaluate(checked, &unit, Options::default()).0
}

/// Inputs that stand as the numerator of a division in the item's rule or lets.
fn numerators(checked: &Checked, index: usize) -> Vec<usize> {
    fn single_input(e: &Expr) -> Option<usize> {
        match &e.kind {
            ExprKind::Input(i) => Some(*i),
            ExprKind::Convert(inner, _) => single_input(inner),
            ExprKind::Arith(Arith::Mul, a, b) => match (&a.kind, &b.kind) {
                (ExprKind::Const(..), _) => single_input(b),
                (_, ExprKind::Const(..)) => single_input(a),
                _ => None,
            },
            _ => None,
        }
    }
    fn walk(e: &Expr, out: &mut Vec<usize>) {
        match &e.kind {
            ExprKind::Arith(op, a, b) => {
                if *op == Arith::Div {
                    out.extend(single_input(a));
                }
                walk(a, out);
                walk(b, out);
            }
            ExprKind::Neg(a) | ExprKind::Not(a) | ExprKind::Convert(a, _) => walk(a, out),
            ExprKind::Compare(_, a, b) | ExprKind::Logic(_, a, b) => {
                walk(a, out);
                walk(b, out);
            }
            ExprKind::If(a, b, c) => {
                walk(a, out);
                walk(b, out);
                walk(c, out);
            }
            ExprKind::Call(_, args) => args.iter().for_each(|a| walk(a, out)),
            _ => {}
        }
    }
    let Some(item) = checked.items.get(index) else { return Vec::new() };
    let mut out = Vec::new();
    item.lets.iter().for_each(|l| walk(&l.value, &mut out));
    if let Rule::Formula(e) = &item.rule {
        walk(e, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn bounds_hold(checked: &Checked, report: &Report) -> Result<(), TestCaseError> {
    for item in &report.items {
        if let Some(score) = item.score {
            prop_assert!(score >= Decimal::ZERO && score <= item.max, "item {} = {score}", item.id);
        }
    }
    let bonus: Decimal =
        checked.sections.iter().filter(|s| s.kind == SectionKind::Bonus && s.parent.is_none()).map(|s| s.weight).sum();
    if let Some(total) = report.total {
        prop_assert!(total >= Decimal::ZERO && total <= checked.max + bonus, "total {total}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_in_bounds_and_deterministic(which in 0usize..3, seeds in proptest::collection::vec(0u32..100_000, 1..64), judged in proptest::collection::vec(0u8..5, 1..8)) {
        let checked = checked(which);
        let text = data(&checked, &seeds, &judged);
        let report = run(&checked, &text);
        bounds_hold(&checked, &report)?;
        prop_assert_eq!(&report, &run(&checked, &text));
    }

    #[test]
    fn rate_items_are_monotone_in_their_numerator(which in 1usize..3, seeds in proptest::collection::vec(0u32..100_000, 1..64), step in 1u32..50) {
        let checked = checked(which);
        let base = data(&checked, &seeds, &[2]);
        for index in 0..checked.items.len() {
            for slot in numerators(&checked, index) {
                let Some(input) = checked.inputs.get(slot) else { continue };
                let line = |k: u32| {
                    let v = match input.ty {
                        InputType::Amount(_) => format!("{}", 100 + k * step),
                        InputType::Rate => format!("0.{:02}", (k * step).min(99)),
                        _ => format!("{}", k * step),
                    };
                    format!("\"{}\" = {v}", input.name)
                };
                let scores: Vec<Option<Decimal>> = (0..4u32)
                    .map(|k| {
                        let text = base
                            .lines()
                            .map(|l| if l.starts_with(&format!("\"{}\" =", input.name)) { line(k) } else { l.to_string() })
                            .collect::<Vec<_>>()
                            .join("\n");
                        let report = run(&checked, &text);
                        report.items.get(index).filter(|i| i.status == Status::Computed).and_then(|i| i.score)
                    })
                    .collect();
                let known: Vec<Decimal> = scores.into_iter().flatten().collect();
                let up = known.windows(2).all(|w| w.first() <= w.get(1));
                let down = known.windows(2).all(|w| w.first() >= w.get(1));
                prop_assert!(up || down, "item {} not monotone in {}: {known:?}", checked.items.get(index).map(|i| i.id.as_str()).unwrap_or(""), input.name);
            }
        }
    }
}

#[test]
fn the_monotonicity_property_covers_the_rate_items() {
    for which in 1..3 {
        let checked = checked(which);
        let covered: Vec<&str> = (0..checked.items.len())
            .filter(|i| !numerators(&checked, *i).is_empty())
            .filter_map(|i| checked.items.get(i).map(|item| item.id.as_str()))
            .collect();
        assert!(covered.len() >= 4, "rubric {which}: {covered:?}");
    }
}
