//! Evaluation and checking speed (docs/performance.md).
//!
//! `rubric_b/*`: 10,000 generated units of rubric B (28 items), loaded once; each iteration
//! scores all of them, and criterion's throughput line gives records per second. Four ways:
//! the compiled scorer (`rubric::eval::compile::Scorer`, the fast path), the full evaluator with its
//! traces (`rubric::eval::evaluate`), and rubric B written out by hand in Rust with
//! `rust_decimal` (the floor) and with `f64` (`benches/handwritten_b.rs`).
//!
//! `rubric_b/product_path`: the same units as the rows of a CSV sheet, each bound directly and
//! scored as `rubric batch` does (`rubric::batch::RowPath`), in the same run as the floor.
//!
//! `batch/*`: from a data file's text to its scores (TOML parse, bind, score), per unit.
//!
//! `check/*`: parse + check of rubric A and of a generated rubric of 10,000 items.
//!
//! The peer engines (rhai, cel, evalexpr) are in `benches/peers`: `cargo bench -p rubric-peers`.

#[path = "handwritten_b.rs"]
mod handwritten_b;

use std::fmt::Write;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rubric::base::limits::Limits;
use rubric::eval::compile::Scorer;
use rubric::eval::{evaluate, Options};
use rust_decimal::Decimal;

use handwritten_b::{bench_compiled_and_floor, rubric_b, score_f64, units, Record, SEED};

/// Records per iteration of the `rubric_b` and `batch` groups.
const RECORDS: usize = 10_000;

const RUBRIC_A: &str = include_str!("../rubrics/lezhi-2022-performance-management.rubric");

fn rubric_b_group(c: &mut Criterion) {
    let checked = rubric_b();
    let units = units(&checked, RECORDS, SEED);
    let judged: Vec<Option<Decimal>> = vec![None; checked.items.len()];
    let float: Vec<Record<f64>> =
        units.iter().map(|u| Record::from_slots(&checked, &u.slots).expect("every input given")).collect();

    let mut group = c.benchmark_group("rubric_b");
    group.throughput(Throughput::Elements(RECORDS as u64));
    bench_compiled_and_floor(&mut group, "compiled", &checked, &units);
    // The product's per-unit path, as `rubric batch` runs it on a CSV sheet of the same units:
    // each row (read beforehand) bound directly, scored by the compiled scorer, made its summary row.
    let rows = sheet_rows(&checked);
    group.bench_function("product_path", |b| {
        let mut path = rubric::batch::RowPath::new(&checked);
        assert!(rows.iter().enumerate().all(|(i, row)| path.score(i, row).is_some()), "every row is bound directly");
        b.iter(|| {
            for (index, row) in rows.iter().enumerate() {
                black_box(path.score(index, black_box(row)));
            }
        })
    });
    group.bench_function("handwritten_f64", |b| {
        b.iter(|| {
            for record in &float {
                black_box(score_f64(black_box(record)));
            }
        })
    });
    // The evaluator builds a report with a trace per item: slower, so fewer samples.
    group.sample_size(10);
    group.bench_function("full_evaluator", |b| {
        b.iter(|| {
            for unit in &units {
                black_box(evaluate(&checked, black_box(&unit.data), Options::default()));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(10);
    group.bench_function("load_and_score", |b| {
        let mut scorer = Scorer::new(&checked);
        b.iter(|| {
            for unit in &units {
                let (data, _) = rubric::data::bind::load(black_box(&unit.text), rubric::data::Format::Toml, &checked);
                let slots = rubric::eval::compile::slots(&data, &mut Vec::new());
                let _ = black_box(scorer.score(&slots, &judged));
            }
        })
    });
    group.finish();
}

/// The same units as `units(&checked, RECORDS, SEED)`, as the rows of a CSV sheet, read.
fn sheet_rows(checked: &rubric::check::model::Checked) -> Vec<rubric::data::sheet::PendingRow> {
    let csv = rubric::data::sheet::csv::write(&rubric::author::generate::table(checked, RECORDS, SEED));
    let path = std::path::Path::new("units.csv");
    let mut sheet = rubric::data::sheet::open(path, std::io::Cursor::new(csv.into_bytes())).expect("the sheet opens");
    let mut rows = Vec::with_capacity(RECORDS);
    while let Some(row) = sheet.next_pending() {
        rows.push(row.expect("a row"));
    }
    assert_eq!(rows.len(), RECORDS);
    rows
}

/// A rubric of `sections` × `per_section` items (weights 0.01, 100 points in all): ratios with
/// min clamps, 缺省项, per-point deductions, ceil steps and checklists, over 6 inputs a section.
fn generated_rubric(sections: usize, per_section: usize) -> String {
    let mut text = String::new();
    let items = sections * per_section;
    let _ = writeln!(text, "rubric \"生成的评分表（{items} 项）\" year 2024 max {sections}");
    let _ = writeln!(
        text,
        "  rounding 2 half-up\n  not-applicable full-marks\n  grades 优 >= 90, 良 >= 80, 中 >= 60, 差\n"
    );
    for s in 1..=sections {
        let _ = writeln!(text, "input 完成数{s}: count \"第{s}部分实际完成的工作数\"");
        let _ = writeln!(text, "input 计划数{s}: count \"第{s}部分计划的工作数\"");
        let _ = writeln!(text, "input 支出{s}: amount 万元 range 0.. \"第{s}部分的实际支出\"");
        let _ = writeln!(text, "input 预算{s}: amount 万元 range 0.. \"第{s}部分的预算\"");
        let _ = writeln!(text, "input 合规{s}: yes/no \"第{s}部分资金使用合规\"");
        let _ = writeln!(text, "input 公开{s}: yes/no \"第{s}部分信息按规定公开\"");
    }
    for s in 1..=sections {
        let _ = writeln!(text, "\nsection 部分{s} \"第{s}部分\" 1");
        for j in 1..=per_section {
            let _ = writeln!(text, "  item 项{s}_{j} \"指标{s}-{j}\" 0.01");
            let _ = match j % 4 {
                0 => writeln!(
                    text,
                    "    not-applicable if 计划数{s} = 0: \"无计划\"\n    score min(0.01, 0.01 × 完成数{s} / 计划数{s})"
                ),
                1 => writeln!(text, "    checklist\n      0.005 if 合规{s} \"合规\"\n      0.005 if 公开{s} \"公开\""),
                2 => writeln!(
                    text,
                    "    not-applicable if 预算{s} = 0: \"无预算\"\n    let r = 支出{s} / 预算{s}\n    \
                     score if r >= 1 then 0.01 else max(0, 0.01 - 0.001 × (1 - r) × 100)"
                ),
                _ => writeln!(
                    text,
                    "    not-applicable if 预算{s} = 0: \"无预算\"\n    let r = 支出{s} / 预算{s}\n    \
                     score if r <= 5% then 0.01 else max(0, 0.01 - 0.005 × ceil((r - 5%) / 5%))"
                ),
            };
        }
    }
    text
}

fn check_group(c: &mut Criterion) {
    let limits = Limits::default();
    let generated = generated_rubric(100, 100);
    let (checked, diagnostics) = rubric::check::check_source(&generated, &limits);
    let checked = checked.unwrap_or_else(|| {
        panic!("the generated rubric checks: {:#?}", diagnostics.iter().take(5).collect::<Vec<_>>())
    });
    assert_eq!(checked.items.len(), 10_000);
    assert!(rubric::check::check_source(RUBRIC_A, &limits).0.is_some(), "rubric A checks");

    let mut group = c.benchmark_group("check");
    group.bench_function("rubric_a", |b| {
        b.iter(|| black_box(rubric::check::check_source(black_box(RUBRIC_A), &limits)))
    });
    group.sample_size(20);
    group.bench_function("generated_10000_items", |b| {
        b.iter(|| black_box(rubric::check::check_source(black_box(&generated), &limits)))
    });
    group.finish();
}

criterion_group!(benches, rubric_b_group, check_group);
criterion_main!(benches);
