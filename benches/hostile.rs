//! Hostile data sizes (docs/performance.md, "Hostile data files").
//!
//! `hostile/unknown_keys/{25000,50000,100000}`: a TOML data file with that many keys the rubric
//! does not have, from its text to what `rubric eval` prints: read, bound, scored, and every
//! diagnostic rendered as the command line renders it (miette, no colour). The time should double
//! with the keys; before the per-kind bound and the windowed rendering it quadrupled (13 s, 51 s,
//! 202 s).
//!
//! `hostile/duplicate_keys_json/{…}`: the same sizes as one JSON object whose keys are all the same.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::base::diagnostic::{Located, Origin, SourceFile};
use rubric::base::limits::Limits;
use rubric::data::Format;
use rubric::eval::{evaluate, Options};

const RUBRIC_A: &str = include_str!("../rubrics/lezhi-2022-performance-management.rubric");

/// The sizes measured.
const SIZES: [usize; 3] = [25_000, 50_000, 100_000];

fn unknown_keys(n: usize) -> String {
    let mut text = String::from("[unit]\nname = \"测试镇\"\nyear = 2022\n[inputs]\n");
    text.extend((0..n).map(|i| format!("\"未知{i}\" = {i}\n")));
    text
}

fn duplicate_keys(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"专题研究次数\": {i}")).collect();
    format!("{{\"inputs\": {{\n{}\n}}}}", keys.join(",\n"))
}

/// Everything `rubric eval` does with one data file, its output kept as text.
fn eval_and_render(
    checked: &rubric::check::model::Checked,
    rubric: &SourceFile,
    data: &SourceFile,
    format: Format,
) -> usize {
    let (unit, mut diagnostics) = rubric::data::bind::load(&data.text, format, checked);
    let (report, more) = evaluate(checked, &unit, Options::default());
    diagnostics.extend(more);
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for d in diagnostics {
        let file = if d.origin == Origin::Data { data } else { rubric };
        let _ = handler.render_report(&mut out, &Located::new(d, file));
    }
    out.push_str(&rubric::render::table(&report, rubric::render::Style::Plain));
    out.len()
}

fn hostile(c: &mut Criterion) {
    let (checked, _) = rubric::check::check_source(RUBRIC_A, &Limits::default());
    let checked = checked.expect("rubric A checks");
    let rubric = SourceFile::new("a.rubric", RUBRIC_A);
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for (name, make, format) in [
        ("unknown_keys", unknown_keys as fn(usize) -> String, Format::Toml),
        ("duplicate_keys_json", duplicate_keys, Format::Json),
    ] {
        for n in SIZES {
            let data = SourceFile::new("data", make(n));
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &data, |b, data| {
                b.iter(|| black_box(eval_and_render(&checked, &rubric, black_box(data), format)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
