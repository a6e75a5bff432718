//! The compiled scorer agrees exactly with the full evaluator wherever it
//! scores, and falls back (never guesses) where it cannot.

mod common;

use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::compile::{slots, Scorer};
use rubric::eval::report::Status;
use rubric::eval::{evaluate, Options};

const RUBRICS: [&str; 4] = [
    include_str!("../rubrics/lezhi-2022-performance-management.rubric"),
    include_str!("../rubrics/lezhi-2023-department-overall.rubric"),
    include_str!("../rubrics/lezhi-2023-project.rubric"),
    include_str!("../rubrics/lezhi-2024-performance-management.rubric"),
];

#[test]
fn compiled_scores_equal_the_evaluator_on_generated_units() {
    for (which, text) in RUBRICS.iter().enumerate() {
        let checked = common::check(text).0.unwrap_or_else(|| panic!("rubric {which} checks"));
        let mut scorer = Scorer::new(&checked);
        let mut compiled = 0;
        for unit in rubric::author::generate::units(&checked, 150, 7 + which as u64) {
            let (data, d) = load(&unit, Format::Toml, &checked);
            assert!(d.is_empty(), "{d:#?}");
            let (report, _) = evaluate(&checked, &data, Options::default());
            let judged: Vec<_> = data.judged.iter().map(|j| j.as_ref().map(|(v, _)| *v)).collect();
            let mut texts = Vec::new();
            let Ok(scores) = scorer.score(&slots(&data, &mut texts), &judged) else {
                assert!(
                    report.items.iter().any(|i| i.status != Status::Computed
                        && i.status != Status::Judged
                        && i.status != Status::NotApplicable)
                        || report.total.is_none(),
                    "fell back although the evaluator computed everything"
                );
                continue;
            };
            compiled += 1;
            let items: Vec<_> = report.items.iter().map(|i| i.score.unwrap_or_default()).collect();
            assert_eq!(scores.items, items, "rubric {which}");
            assert_eq!(Some(scores.total), report.total, "rubric {which}");
            assert_eq!(scores.grade.and_then(|g| checked.grades.get(g)).map(|g| g.name.clone()), report.grade);
            assert_eq!(scores.disqualified, report.disqualified);
        }
        assert!(compiled >= 140, "rubric {which}: only {compiled} of 150 compiled");
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
    assert_eq!(Some(scores.total), report.total);
    assert_eq!(scores.items.first().map(|d| d.to_string()), Some("1.00".to_string()));
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
