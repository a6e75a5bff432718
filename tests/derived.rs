//! Indicators and consistency checks at their edges: zero denominators,
//! tolerances exactly met, negative values, missing figures.

mod common;

use rubric::base::diagnostic::{Code, Diagnostic, Severity};
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::Report;
use rubric::eval::{evaluate, Options};

const RUBRIC: &str = r#"rubric "审核"
input 收入合计: amount 万元
input 支出合计: amount 万元
input 上年支出合计: amount 万元 optional
input 基本支出: amount 万元
input 项目支出: amount 万元
input 基本支出占比: rate optional
input 在职人员数: count
input 公务用车数: count
indicator 支出增长率 = 支出合计 / 上年支出合计 - 1, as percent 2
indicator 人车比例 = 在职人员数 / 公务用车数, as ratio 1
indicator 人均支出 = 支出合计 / 在职人员数, as 元 0
check "收支平衡" 收入合计 = 支出合计, within 0.01: "收入合计应等于支出合计"
check "支出结构" 基本支出 + 项目支出 = 支出合计
check "占比" 基本支出占比 = 基本支出 / 支出合计, within 0.005%, warning
"#;

fn run(data: &str) -> (Report, Vec<Diagnostic>) {
    let (checked, d) = common::check(RUBRIC);
    let checked = checked.unwrap_or_else(|| panic!("{d:#?}"));
    let (unit, all) = load(data, Format::Toml, &checked);
    let mut all = common::without_no_name(all);
    let (report, more) = evaluate(&checked, &unit, Options::default());
    all.extend(more);
    (report, all)
}

fn inputs(extra: &str) -> String {
    format!("[inputs]\n\"收入合计\" = 100\n\"支出合计\" = 100\n\"基本支出\" = 40\n\"项目支出\" = 60\n\"在职人员数\" = 8\n\"公务用车数\" = 2\n{extra}")
}

fn indicator<'a>(report: &'a Report, name: &str) -> &'a rubric::eval::report::IndicatorReport {
    report.indicators.iter().find(|i| i.name == name).unwrap_or_else(|| panic!("no indicator {name}"))
}

fn check<'a>(report: &'a Report, name: &str) -> &'a rubric::eval::report::CheckReport {
    report.checks.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no check {name}"))
}

#[test]
fn indicators_show_their_declared_form() {
    let (report, d) = run(&inputs("\"上年支出合计\" = 80\n"));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(indicator(&report, "支出增长率").display.as_deref(), Some("25.00%"));
    assert_eq!(indicator(&report, "人车比例").display.as_deref(), Some("4.0:1"));
    assert_eq!(indicator(&report, "人均支出").display.as_deref(), Some("125000元"), "12.5万元 per person in 元");
}

#[test]
fn a_zero_denominator_is_not_defined_with_its_reason() {
    let (report, d) = run(&inputs("\"上年支出合计\" = 0\n").replace("\"公务用车数\" = 2", "\"公务用车数\" = 0"));
    assert!(d.is_empty(), "not defined is not an error: {d:#?}");
    let cars = indicator(&report, "人车比例");
    assert!(!cars.defined && cars.value.is_none() && cars.display.is_none());
    assert_eq!(cars.reason.as_deref(), Some("not defined: division by zero (公务用车数 = 0)"));
    assert!(!indicator(&report, "支出增长率").defined);
}

#[test]
fn a_missing_figure_leaves_the_indicator_undefined_and_the_check_skipped() {
    let (report, _) = run(&inputs(""));
    assert_eq!(indicator(&report, "支出增长率").reason.as_deref(), Some("not defined: 上年支出合计 not given"));
    assert_eq!(check(&report, "占比").status, "skipped");
}

#[test]
fn a_tolerance_exactly_met_passes_and_just_beyond_fails() {
    let (report, d) = run(&inputs("").replace("\"收入合计\" = 100", "\"收入合计\" = 100.01"));
    assert_eq!(check(&report, "收支平衡").status, "passed", "a difference of exactly 0.01 is within 0.01");
    assert!(d.is_empty());
    let (report, d) = run(&inputs("").replace("\"收入合计\" = 100", "\"收入合计\" = 100.011"));
    let c = check(&report, "收支平衡");
    assert_eq!(
        (c.status, c.left.as_deref(), c.right.as_deref(), c.difference.as_deref()),
        ("failed", Some("100.011"), Some("100"), Some("0.011"))
    );
    let failure = d.iter().find(|d| d.code == Code::Check).expect("a located failure");
    assert_eq!(failure.severity, Severity::Error);
    assert!(failure.message.contains("100.011 against 100"), "{}", failure.message);
    assert_eq!(failure.related.len(), 1, "both values are labelled");
}

#[test]
fn a_percentage_tolerance_and_a_warning() {
    let (report, _) = run(&inputs("\"基本支出占比\" = \"40.005%\"\n"));
    assert_eq!(check(&report, "占比").status, "passed", "0.005% is within 0.005%");
    let (report, d) = run(&inputs("\"基本支出占比\" = \"40.01%\"\n"));
    let c = check(&report, "占比");
    assert_eq!((c.status, c.level, c.difference.as_deref()), ("failed", "warning", Some("0.0001")));
    assert!(c.message.contains("off by 0.01%"), "{}", c.message);
    assert!(d.iter().all(|d| d.severity == Severity::Warning), "a warning check is not an error: {d:#?}");
    assert!(report.errors.is_empty());
}

#[test]
fn negative_values_are_compared_exactly() {
    let rubric = "rubric \"审核\"\ninput 调整数: amount 万元\ninput 追加数: amount 万元\ninput 追减数: amount 万元\ncheck \"调整\" 调整数 = 追加数 - 追减数\n";
    let (checked, d) = common::check(rubric);
    let checked = checked.unwrap_or_else(|| panic!("{d:#?}"));
    let (unit, d) = load("[inputs]\n\"调整数\" = -12.5\n\"追加数\" = 10\n\"追减数\" = 22.5\n", Format::Toml, &checked);
    let d = common::without_no_name(d);
    assert!(d.is_empty(), "amounts may be negative: {d:#?}");
    let (report, _) = evaluate(&checked, &unit, Options::default());
    assert_eq!(report.checks.first().map(|c| c.status), Some("passed"));
}
