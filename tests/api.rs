//! The front door: what an embedding program sees.

use rubric::{Format, Rubric, Unit};

const RUBRIC_A: &str = "rubrics/lezhi-2022-performance-management.rubric";
const SHENGCHI: &str = "rubrics/data/lezhi-2022-performance-management/盛池镇.toml";

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_rubric_with_errors_gives_every_problem_at_once() {
    let text = "rubric \"t\" max 5\ninput a: count\nsection 一 \"一\" 5\n  item 1 \"x\" 2\n    score 2 if b\n  item 2 \"y\" 2\n    score a\n";
    let error = Rubric::from_text("bad.rubric", text).expect_err("has errors");
    let codes: Vec<&str> = error.problems().iter().map(|p| p.code()).collect();
    assert!(codes.contains(&"rubric::undefined-name"), "{codes:?}");
    assert!(codes.contains(&"rubric::weights"), "{codes:?}");
    let related = miette::Diagnostic::related(&error).map_or(0, Iterator::count);
    assert_eq!(related, error.problems().len());
    let undefined = error.problems().iter().find(|p| p.code() == "rubric::undefined-name").expect("found");
    assert_eq!(&text[undefined.span()], "b");
    assert_eq!(undefined.line_column(), (5, 16));
    assert!(error.to_string().contains("bad.rubric"));
}

#[test]
fn the_report_is_the_json_of_rubric_eval() {
    let rubric = Rubric::from_file(root().join(RUBRIC_A)).expect("checks");
    let unit = Unit::from_file(root().join(SHENGCHI)).expect("reads");
    let evaluation = rubric.evaluate(&unit);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rubric"))
        .args(["eval", "--lang", "en", "--format", "json", RUBRIC_A, SHENGCHI])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let printed = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(printed.trim_end(), evaluation.report.to_json());
    assert_eq!(evaluation.report.total, Some(94.into()));
    assert_eq!(evaluation.report.grade.as_deref(), Some("良"));
    assert!(!evaluation.is_clean(), "two audit findings");
}

/// The same township set in code scores exactly as its data file.
#[test]
fn values_set_in_code_score_as_the_data_file() {
    let rubric = Rubric::from_file(root().join(RUBRIC_A)).expect("checks");
    let from_file = rubric.evaluate(&Unit::from_file(root().join(SHENGCHI)).expect("reads")).report;
    let mut unit = Unit::new()
        .name("乐至县盛池镇人民政府")
        .year(2022)
        .set("主要领导任组长", true)
        .set("专人负责", true)
        .set("应事前评估项目数", 0)
        .set("绩效目标逾期天数", 0)
        .set("自评报告逾期天数", 0)
        .set("下属单位项目数", 0)
        .set("有下属单位", false)
        .set("整改要求数", 0)
        .reported_total(94)
        .reported_grade("良");
    for (item, reason) in [
        ("8", "全年无达到评估条件的项目"),
        ("24", "无下属单位"),
        ("25", "无下属单位"),
        ("26", "无整改要求"),
        ("27", "无整改要求"),
    ] {
        unit = unit.not_applicable(item, reason);
    }
    for item in &from_file.items {
        if let Some(score) = item.reported {
            unit = unit.reported_item(&item.id, score);
        }
    }
    for section in &from_file.sections {
        if let Some(score) = section.reported {
            unit = unit.reported_section(&section.id, score);
        }
    }
    let in_code = rubric.evaluate(&unit).report;
    assert_eq!(in_code.to_json(), from_file.to_json());
}

#[test]
fn a_bad_value_is_located_by_its_path_and_the_rest_is_scored() {
    let rubric = Rubric::from_file(root().join(RUBRIC_A)).expect("checks");
    let unit = Unit::new().set("专题研究次数", "many").set("主要领导任组长", true);
    let evaluation = rubric.evaluate(&unit);
    let bad = evaluation.problems.iter().find(|p| p.code() == "data::wrong-type").expect("a wrong type");
    assert_eq!(bad.path(), Some("inputs.专题研究次数"));
    assert_eq!(bad.file(), "(values set in code)");
    let item_2 = evaluation.report.items.iter().find(|i| i.id == "2").expect("item 2");
    assert_eq!(item_2.score, Some(2.into()));

    let text = "[inputs]\n\"专题研究次数\" = \"many\"\n";
    let evaluation = rubric.evaluate(&Unit::from_text("甲镇.toml", text, Format::Toml));
    let bad = evaluation.problems.iter().find(|p| p.code() == "data::wrong-type").expect("a wrong type");
    assert_eq!(bad.path(), Some("inputs.专题研究次数"));
    assert_eq!(&text[bad.span()], "\"many\"");
    assert_eq!(bad.line_column(), (2, 12));
}

#[test]
fn values_set_in_code_lay_over_a_data_file() {
    let rubric = Rubric::from_file(root().join(RUBRIC_A)).expect("checks");
    let base = Unit::from_file(root().join(SHENGCHI)).expect("reads");
    let what_if = base.clone().set("有下属单位", true).set("通报考核", false);
    let before = rubric.evaluate(&base).report;
    let after = rubric.evaluate(&what_if).report;
    let item = |r: &rubric::report::Report| r.items.iter().find(|i| i.id == "27").map(|i| (i.status, i.score));
    assert_eq!(item(&before), Some((rubric::report::Status::NotApplicable, Some(2.into()))));
    assert_eq!(item(&after), Some((rubric::report::Status::Computed, Some(0.into()))));
}

#[test]
fn without_traces_the_report_is_the_same_but_for_the_traces() {
    let rubric = Rubric::from_file(root().join(RUBRIC_A)).expect("checks");
    let unit = Unit::from_file(root().join(SHENGCHI)).expect("reads");
    let full = rubric.evaluate(&unit).report;
    let brief = rubric.evaluate_with(&unit, rubric::Options { traces: false, strict: false }).report;
    assert!(full.items.iter().any(|i| !i.trace.is_empty()));
    assert!(brief.items.iter().all(|i| i.trace.is_empty()));
    let mut stripped = full.clone();
    stripped.items.iter_mut().for_each(|i| i.trace.clear());
    assert_eq!(stripped, brief);
}

#[test]
fn an_unreadable_file_and_a_wrong_extension_are_errors() {
    let error = Unit::from_file(root().join("no-such-file.toml")).expect_err("missing");
    assert_eq!(error.problems().first().map(|p| p.code()), Some("io::read"));
    let error = Rubric::from_file(root().join("rubrics/no-such.rubric")).expect_err("missing");
    assert_eq!(error.problems().first().map(|p| p.code()), Some("io::read"));
    assert!(Unit::from_file(root().join("README.md")).is_err());
}
