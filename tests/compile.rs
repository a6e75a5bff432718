//! The compiled scorer agrees exactly with the full evaluator wherever it
//! scores, and falls back (never guesses) where it cannot.

mod common;

use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::compile::{slots, Scorer};
use rubric::eval::report::Report;
use rubric::eval::{evaluate, Bulk, Options, Path};

const RUBRICS: [&str; 4] = [
    include_str!("../rubrics/lezhi-2022-performance-management.rubric"),
    include_str!("../rubrics/lezhi-2023-department-overall.rubric"),
    include_str!("../rubrics/lezhi-2023-project.rubric"),
    include_str!("../rubrics/lezhi-2024-performance-management.rubric"),
];

/// Every rubric in `rubrics/`, with its name.
fn every_rubric() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
    let mut rubrics: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("rubrics/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rubric"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("readable")))
        .collect();
    rubrics.sort();
    assert!(rubrics.len() >= 5, "the real rubrics are there");
    rubrics
}

/// A small deterministic generator (xorshift), for the variations below.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides.max(1)
    }
}

/// `unit` with some of what real units add: 缺省项 claims (on items with and
/// without conditions), reported item scores and subtotals near the computed
/// ones, a reported total and grade.
fn varied(checked: &rubric::check::model::Checked, unit: &str, report: &Report, dice: &mut Dice) -> String {
    let mut text = unit.to_string();
    text.push_str("\n[not_applicable]\n");
    for item in &checked.items {
        if dice.roll(9) == 0 {
            text.push_str(&format!("\"{}\" = \"无此项工作\"\n", item.id));
        }
    }
    text.push_str("\n[reported]\n");
    if let Some(total) = report.total {
        text.push_str(&format!("total = {}\n", total + rust_decimal::Decimal::from(dice.roll(3))));
    }
    if let Some(grade) = checked.grades.get(dice.roll(checked.grades.len() as u64 + 1) as usize) {
        text.push_str(&format!("grade = \"{}\"\n", grade.name));
    }
    text.push_str("\n[reported.items]\n");
    for item in &report.items {
        if let (Some(score), 0..=3) = (item.score, dice.roll(5)) {
            let nudge = if dice.roll(4) == 0 { rust_decimal::Decimal::ONE } else { rust_decimal::Decimal::ZERO };
            text.push_str(&format!("\"{}\" = {}\n", item.id, (score - nudge).max(rust_decimal::Decimal::ZERO)));
        }
    }
    text.push_str("\n[reported.sections]\n");
    for section in &report.sections {
        if let (Some(score), 0) = (section.score, dice.roll(3)) {
            text.push_str(&format!("\"{}\" = {}\n", section.id, score));
        }
    }
    text
}

/// The one product path (`Bulk`: the compiled scorer, the evaluator for what
/// it declines) gives exactly the evaluator's report — items, sections,
/// total, grade, disqualification, 缺省项, findings — and diagnostics, on every
/// rubric in `rubrics/` under each 缺省项 policy, for generated units with
/// claims and reported figures.
#[test]
fn the_product_path_equals_the_evaluator_on_every_rubric() {
    for (name, text) in every_rubric() {
        for policy in ["full-marks", "zero", "rescale"] {
            let text = text.replace("not-applicable full-marks", &format!("not-applicable {policy}"));
            let checked = common::check(&text).0.unwrap_or_else(|| panic!("{name} checks"));
            let mut bulk = Bulk::new(&checked);
            let (mut compiled, mut units) = (0, 0);
            let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
            for unit in rubric::author::generate::units(&checked, 60, 7 + name.len() as u64) {
                let (plain, _) = load(&unit, Format::Toml, &checked);
                let (first, _) = evaluate(&checked, &plain, Options { strict: false, brief: true });
                for data_text in [unit.clone(), varied(&checked, &unit, &first, &mut dice)] {
                    let (data, _) = load(&data_text, Format::Toml, &checked);
                    let (expected, expected_diagnostics) =
                        evaluate(&checked, &data, Options { strict: false, brief: true });
                    let (report, diagnostics, path) = bulk.score(&data, false);
                    units += 1;
                    compiled += usize::from(path == Path::Compiled);
                    assert_eq!(report, expected, "{name} ({policy}), {path:?}:\n{data_text}");
                    assert_eq!(diagnostics, expected_diagnostics, "{name} ({policy})");
                    if path == Path::Compiled {
                        // The scorer's own sums, which a batch row reads, are the report's too.
                        let scores = bulk.scores();
                        assert_eq!(scores.total, expected.total, "{name} ({policy}):\n{data_text}");
                        let grade = scores.grade.and_then(|g| checked.grades.get(g)).map(|g| g.name.clone());
                        assert_eq!(grade, expected.grade, "{name} ({policy})");
                        assert_eq!(scores.disqualified.is_some(), expected.disqualified);
                        assert_eq!(bulk.findings(&data), expected.findings, "{name} ({policy}):\n{data_text}");
                        let items: Vec<_> = expected.items.iter().map(|i| i.score).collect();
                        assert_eq!(scores.items, items, "{name} ({policy})");
                        for (index, section) in expected.sections.iter().enumerate() {
                            let score = bulk.section(index).map(|(_, capped)| capped);
                            assert_eq!(score, section.score, "{name} ({policy}) section {}", section.id);
                        }
                    }
                }
            }
            if !checked.items.is_empty() {
                assert!(compiled * 10 >= units * 9, "{name} ({policy}): only {compiled} of {units} compiled");
            }
        }
    }
}

/// The seed units, scored by the product path, are scored as by the evaluator.
#[test]
fn the_seed_units_score_the_same_on_the_product_path() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, text) in every_rubric() {
        let stem =
            std::path::Path::new(&name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(dir) = std::fs::read_dir(root.join("rubrics/data").join(&stem)) else { continue };
        let checked = common::check(&text).0.expect("checks");
        let mut bulk = Bulk::new(&checked);
        for path in dir.filter_map(Result::ok).map(|e| e.path()) {
            let Some(format) = Format::from_path(&path) else { continue };
            let data_text = std::fs::read_to_string(&path).expect("readable");
            let (data, _) = load(&data_text, format, &checked);
            let (expected, _) = evaluate(&checked, &data, Options { strict: false, brief: true });
            let (report, _, _) = bulk.score(&data, false);
            assert_eq!(report, expected, "{}", path.display());
        }
    }
}

#[test]
fn a_missing_input_falls_back() {
    let checked = common::check(RUBRICS[0]).0.expect("checks");
    let (data, _) = load("[inputs]\n\"专题研究次数\" = 2\n", Format::Toml, &checked);
    let mut texts = Vec::new();
    let judged = vec![None; checked.items.len()];
    assert!(Scorer::new(&checked).score(&slots(&data, &mut texts), &judged).is_err());
}

/// A rubric small enough to read, for the edge cases below.
fn scorer_case(
    rubric: &str,
    data: &str,
) -> (Result<rubric::eval::compile::Scores, rubric::eval::compile::Fallback>, rubric::eval::report::Report) {
    let checked = common::check(rubric).0.expect("the rubric checks");
    let (unit, d) = load(data, Format::Toml, &checked);
    let d = common::without_no_name(d);
    assert!(d.is_empty(), "{d:#?}");
    let (report, _) = evaluate(&checked, &unit, Options::default());
    let judged: Vec<_> = unit.judged.iter().map(|j| j.as_ref().map(|(v, _)| *v)).collect();
    (Scorer::new(&checked).score(&slots(&unit, &mut Vec::new()), &judged), report)
}

const BIG: &str = "rubric \"大数\" year 2024 max 10\n  rounding 2 half-up\n\n\
input a: number \"a\"\ninput b: number \"b\"\ninput c: number \"c\"\n\n\
section s \"部分\" 10\n  item 1 \"比值\" 10\n    score min(10, a / b × c / 3)\n";

#[test]
fn values_past_i64_are_scored_again_exactly() {
    // a / b × c / 3 with 20-digit values: i64 fractions overflow, i128 rationals do not.
    let data = "[inputs]\na = 1234567890.1234567890\nb = 9876543210.9876543210\nc = 24\n";
    let (scores, report) = scorer_case(BIG, data);
    let scores = scores.expect("scored after widening");
    assert_eq!(scores.total, report.total);
    assert_eq!(scores.items.first().copied().flatten().map(|d| d.to_string()), Some("1.00".to_string()));
}

#[test]
fn a_broken_require_falls_back() {
    let rubric = BIG.replace("\nsection", "require b > 0: \"b 应为正数\"\n\nsection");
    let (ok, _) = scorer_case(&rubric, "[inputs]\na = 1\nb = 2\nc = 3\n");
    assert!(ok.is_ok());
    let (broken, report) = scorer_case(&rubric, "[inputs]\na = 1\nb = -2\nc = 3\n");
    assert_eq!(broken, Err(rubric::eval::compile::Fallback::Invalid));
    assert!(report.total.is_none(), "the evaluator refuses the data too");
}

#[test]
fn division_by_zero_falls_back() {
    let (scores, report) = scorer_case(BIG, "[inputs]\na = 1\nb = 0\nc = 3\n");
    assert_eq!(scores, Err(rubric::eval::compile::Fallback::Arithmetic));
    assert!(report.total.is_none());
}

#[test]
fn brief_evaluation_gives_the_same_report_without_traces() {
    let checked = common::check(RUBRICS[1]).0.expect("rubric B checks");
    for unit in rubric::author::generate::units(&checked, 40, 11) {
        let (data, _) = load(&unit, Format::Toml, &checked);
        let (full, full_d) = evaluate(&checked, &data, Options::default());
        let (brief, brief_d) = evaluate(&checked, &data, Options { strict: false, brief: true });
        assert_eq!(full_d, brief_d);
        assert!(full.items.iter().any(|i| !i.trace.is_empty()), "the full report explains");
        assert!(brief.items.iter().all(|i| i.trace.is_empty()), "the brief report does not");
        let strip = |mut r: rubric::eval::report::Report| {
            r.items.iter_mut().for_each(|i| i.trace.clear());
            r
        };
        assert_eq!(strip(full), brief);
    }
}
