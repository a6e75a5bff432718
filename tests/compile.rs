//! The compiled scorer agrees exactly with the full evaluator wherever it
//! scores, and falls back (never guesses) where it cannot.

mod common;

use rubric::bind::load;
use rubric::compile::{slots, Scorer};
use rubric::data::Format;
use rubric::eval::{evaluate, Options};
use rubric::report::Status;

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
        for unit in rubric::generate::units(&checked, 150, 7 + which as u64) {
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
