//! How often each way of scoring rubric B gets a total wrong, against the exact evaluator, over
//! 2,000 generated units: the compiled scorer never (asserted); the hand-written `rust_decimal`
//! and `f64` versions of `benches/handwritten_b.rs` (the benchmarks' floor) as often as they do
//! (counted and printed, not asserted: run with `--nocapture` to see the counts). The counts
//! over 100,000 units in docs/performance.md come from
//! `RUBRIC_UNITS=100000 cargo test --release --test handwritten_b -- --nocapture`.

#[path = "../benches/handwritten_b.rs"]
mod handwritten_b;

use handwritten_b::{cents, cents_f64, rubric_b, score_decimal, score_f64, units, Record, SEED};
use rubric::eval::compile::Scorer;
use rubric::eval::{evaluate, Options};

/// Units checked, unless `RUBRIC_UNITS` says otherwise.
const UNITS: usize = 2_000;

#[test]
fn totals_against_the_exact_evaluator() {
    let count = std::env::var("RUBRIC_UNITS").ok().and_then(|n| n.parse().ok()).unwrap_or(UNITS);
    let checked = rubric_b();
    let mut scorer = Scorer::new(&checked);
    let judged = vec![None; checked.items.len()];
    let (mut compiled_off, mut fallbacks, mut decimal_off, mut f64_off, mut decimal_items_off) = (0, 0, 0, 0, 0);
    for unit in units(&checked, count, SEED) {
        let (report, _) = evaluate(&checked, &unit.data, Options::default());
        let exact = report.total.unwrap_or_else(|| panic!("the evaluator scores every generated unit:\n{}", unit.text));
        let exact_items: Vec<_> = report.items.iter().map(|i| i.score).collect();

        match scorer.score(&unit.slots, &judged) {
            Ok(scores) => {
                if scores.total != Some(exact) || scores.items != exact_items {
                    compiled_off += 1;
                    eprintln!("compiled scorer: {:?} ≠ {exact}\n{}", scores.total, unit.text);
                }
            }
            Err(_) => fallbacks += 1,
        }

        let record = Record::from_slots(&checked, &unit.slots).expect("every input of rubric B is given");
        let hand = score_decimal(&record).expect("no unguarded division by zero");
        if hand.total != exact {
            decimal_off += 1;
            eprintln!("hand-written rust_decimal: {} ≠ {exact} ({})", hand.total, report.unit.name.unwrap_or_default());
        }
        decimal_items_off += hand.items.iter().zip(&exact_items).filter(|(h, e)| Some(**h) != **e).count();

        let record = Record::from_slots(&checked, &unit.slots).expect("every input of rubric B is given");
        if cents_f64(score_f64(&record).total) != cents(exact) {
            f64_off += 1;
        }
    }
    println!("rubric B, {count} generated units (seed {SEED}), totals that differ from the exact evaluator:");
    println!("  compiled scorer:           {compiled_off} (fell back to the evaluator: {fallbacks})");
    println!("  hand-written rust_decimal: {decimal_off} (items: {decimal_items_off})");
    println!("  hand-written f64:          {f64_off}");
    assert_eq!(compiled_off, 0, "the compiled scorer agrees with the evaluator on every total and item");
    assert_eq!(fallbacks, 0, "the compiled scorer scores every generated unit of rubric B itself");
}
