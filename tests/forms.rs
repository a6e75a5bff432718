//! Every scoring form at its edges: exactly on a threshold, at the cap, at
//! the floor, zero denominators, rounding half-up at .005, and exactness where
//! plain decimal division would round wrongly.

mod common;

use rubric::base::diagnostic::{Code, Diagnostic};
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::{Report, Status};
use rubric::eval::{evaluate, Options};

const HEADER: &str = "rubric \"测试\" max 10\n  grades 优 >= 9, 良 >= 6, 差\n";

/// Checks `rubric`, loads `data` (TOML), evaluates. Panics on rubric errors.
fn run(rubric: &str, data: &str) -> (Report, Vec<Diagnostic>) {
    run_as(rubric, data, Format::Toml)
}

fn run_as(rubric: &str, data: &str, format: Format) -> (Report, Vec<Diagnostic>) {
    let (checked, diagnostics) = common::check(rubric);
    let Some(checked) = checked else { panic!("rubric does not check: {diagnostics:#?}") };
    let (unit, all) = load(data, format, &checked);
    let mut all = common::without_no_name(all);
    let (report, more) = evaluate(&checked, &unit, Options::default());
    all.extend(more);
    (report, all)
}

/// One item `1` of weight `weight` scored by `rule`, in a rubric of max `weight`.
fn single(inputs: &str, weight: &str, rule: &str) -> String {
    format!(
        "rubric \"测试\" max {weight}\n{inputs}\nsection 一 \"一\" {weight}\n  item 1 \"测试项\" {weight}\n{rule}\n"
    )
}

fn score(report: &Report, id: &str) -> Option<String> {
    report.items.iter().find(|i| i.id == id).and_then(|i| i.score).map(|d| d.normalize().to_string())
}

fn status(report: &Report, id: &str) -> Option<Status> {
    report.items.iter().find(|i| i.id == id).map(|i| i.status)
}

#[test]
fn per_occurrence_up_to_the_cap() {
    let rubric = single("input 次数: count", "3", "    score 1.5 per 次数, at most 3");
    for (n, expected) in [(0, "0"), (1, "1.5"), (2, "3"), (3, "3"), (100, "3")] {
        let (report, d) = run(&rubric, &format!("[inputs]\n\"次数\" = {n}\n"));
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(score(&report, "1").as_deref(), Some(expected), "n = {n}");
    }
}

#[test]
fn chinese_per_form_is_the_same_rule() {
    let rubric = single("输入 次数: 计数", "3", "    得分 每 次数 1.5 分，最多 3 分");
    let (report, _) = run(&rubric, "[inputs]\n\"次数\" = 1\n");
    assert_eq!(score(&report, "1").as_deref(), Some("1.5"));
}

#[test]
fn per_unit_deduction_floored_at_zero() {
    let rubric = single("input 逾期天数: count", "2", "    score 2 minus 0.5 per 逾期天数");
    for (d, expected) in [(0, "2"), (1, "1.5"), (3, "0.5"), (4, "0"), (9, "0")] {
        let (report, diagnostics) = run(&rubric, &format!("[inputs]\n\"逾期天数\" = {d}\n"));
        assert!(diagnostics.is_empty());
        assert_eq!(score(&report, "1").as_deref(), Some(expected), "d = {d}");
    }
    let (report, _) = run(&rubric, "[inputs]\n\"逾期天数\" = 9\n");
    let trace = report.items.first().map(|i| i.trace.join("\n")).unwrap_or_default();
    assert!(trace.contains("max(0, 2 − 0.5 × 9)"), "{trace}");
}

#[test]
fn chinese_deduction_form_is_the_same_rule() {
    let rubric = single("输入 逾期天数: 计数", "2", "    得分 2 分，每 逾期天数 扣 0.5 分");
    let (report, _) = run(&rubric, "[inputs]\n\"逾期天数\" = 3\n");
    assert_eq!(score(&report, "1").as_deref(), Some("0.5"));
}

#[test]
fn yes_no_and_checklist_with_partial_points() {
    let rubric = single(
        "input 符合特点: yes/no\ninput 描述清楚: yes/no",
        "3",
        "    checklist\n      1.5 if 符合特点\n      1.5 if 描述清楚",
    );
    for (a, b, expected) in [(true, true, "3"), (true, false, "1.5"), (false, false, "0")] {
        let (report, _) = run(&rubric, &format!("[inputs]\n\"符合特点\" = {a}\n\"描述清楚\" = {b}\n"));
        assert_eq!(score(&report, "1").as_deref(), Some(expected));
    }
    let yes_no = single("input 主要领导任组长: yes/no", "2", "    score 2 if 主要领导任组长");
    let (report, _) = run(&yes_no, "[inputs]\n\"主要领导任组长\" = \"是\"\n");
    assert_eq!(score(&report, "1").as_deref(), Some("2"));
    let (report, _) = run(&yes_no, "[inputs]\n\"主要领导任组长\" = false\n");
    assert_eq!(score(&report, "1").as_deref(), Some("0"));
}

#[test]
fn step_threshold_exactly_on_the_edge() {
    // 结转结余率: r ≤ 5% → 2; else 2 − ceil((r − 5%) / 5%), at least 0.
    let rubric = single(
        "input 结转结余总额: amount 万元\ninput 支出预算数: amount 万元",
        "2",
        "    not-applicable if 支出预算数 = 0: \"无支出预算\"\n    let r = 结转结余总额 / 支出预算数\n    score if r <= 5% then 2 else max(0, 2 - ceil((r - 5%) / 5%))",
    );
    for (carry, budget, expected) in
        [("5", "100", "2"), ("5.01", "100", "1"), ("10", "100", "1"), ("10.01", "100", "0"), ("0", "100", "2")]
    {
        let (report, _) = run(&rubric, &format!("[inputs]\n\"结转结余总额\" = {carry}\n\"支出预算数\" = {budget}\n"));
        assert_eq!(score(&report, "1").as_deref(), Some(expected), "{carry} / {budget}");
    }
}

#[test]
fn zero_denominator_guarded_is_not_applicable() {
    let rubric = single(
        "input 到位数: count\ninput 要求数: count",
        "4",
        "    not-applicable if 要求数 = 0: \"无整改要求\"\n    score min(4, 4 × 到位数 / 要求数)",
    );
    let (report, diagnostics) = run(&rubric, "[inputs]\n\"到位数\" = 0\n\"要求数\" = 0\n");
    assert!(diagnostics.is_empty());
    assert_eq!(status(&report, "1"), Some(Status::NotApplicable));
    assert_eq!(score(&report, "1").as_deref(), Some("4"), "full-marks policy by default");
    assert_eq!(report.not_applicable.first().map(|n| n.reason.as_str()), Some("无整改要求"));
}

#[test]
fn zero_denominator_unguarded_is_a_located_error_not_a_panic() {
    let rubric = single("input 到位数: count\ninput 要求数: count", "4", "    score min(4, 4 × 到位数 / 要求数)");
    let (report, diagnostics) = run(&rubric, "[inputs]\n\"到位数\" = 1\n\"要求数\" = 0\n");
    assert_eq!(status(&report, "1"), Some(Status::Error));
    assert_eq!(report.total, None, "no total when an item fails");
    let d = diagnostics.iter().find(|d| d.code == Code::DivisionByZero).expect("a division-by-zero diagnostic");
    assert!(d.message.contains("要求数 = 0"), "{}", d.message);
    assert_eq!(rubric.get(d.span.clone()), Some("4 × 到位数 / 要求数"));
}

#[test]
fn rounding_half_up_at_five_thousandths() {
    let rubric = single("input 完成数: number", "5", "    score 完成数 / 2");
    let (report, _) = run(&rubric, "[inputs]\n\"完成数\" = 5.35\n");
    assert_eq!(score(&report, "1").as_deref(), Some("2.68"), "2.675 rounds half up");
    let (report, _) = run(&rubric, "[inputs]\n\"完成数\" = 5.33\n");
    assert_eq!(score(&report, "1").as_deref(), Some("2.67"), "2.665 rounds half up");
    let even = rubric.replace("max 5", "max 5\n  rounding 2 half-even");
    let (report, _) = run(&even, "[inputs]\n\"完成数\" = 5.33\n");
    assert_eq!(score(&report, "1").as_deref(), Some("2.66"), "2.665 rounds half to even");
}

#[test]
fn exact_where_a_28_digit_quotient_would_round_wrongly() {
    // 67.115 ÷ 6 × 6 is exactly 67.115, which rounds to 67.12. Plain decimal
    // division gives 67.114999…98 and would round to 67.11.
    use rust_decimal::prelude::*;
    let naive = Decimal::from_str("67.115").unwrap_or_default() / Decimal::from(6) * Decimal::from(6);
    assert_eq!(naive.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).to_string(), "67.11");

    let rubric = single("input 实际: number\ninput 计划: number", "100", "    score 实际 / 计划 × 6");
    let (report, _) = run(&rubric, "[inputs]\n\"实际\" = 67.115\n\"计划\" = 6\n");
    assert_eq!(score(&report, "1").as_deref(), Some("67.12"));
}

#[test]
fn values_from_json_and_yaml_are_exact() {
    let rubric = single("input a: number\ninput b: number", "1", "    score if a + b = 0.3 then 1 else 0");
    let (report, d) = run_as(&rubric, "{\"inputs\": {\"a\": 0.1, \"b\": 0.2}}", Format::Json);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(score(&report, "1").as_deref(), Some("1"), "0.1 + 0.2 = 0.3 exactly from JSON");
    let (report, _) = run_as(&rubric, "inputs:\n  a: 0.1\n  b: 0.2\n", Format::Yaml);
    assert_eq!(score(&report, "1").as_deref(), Some("1"), "0.1 + 0.2 = 0.3 exactly from YAML");
    let (report, _) = run(&rubric, "[inputs]\na = 0.1\nb = 0.2\n");
    assert_eq!(score(&report, "1").as_deref(), Some("1"), "0.1 + 0.2 = 0.3 exactly from TOML");
}

#[test]
fn amounts_with_units_convert_exactly() {
    let rubric = single(
        "input 目标资金: amount 万元\ninput 预算资金: amount 万元",
        "4",
        "    not-applicable if 预算资金 = 0: \"无预算\"\n    score min(4, 4 × 目标资金 / 预算资金)",
    );
    let (report, d) = run(&rubric, "[inputs]\n\"目标资金\" = \"290820元\"\n\"预算资金\" = \"58.1640万元\"\n");
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(score(&report, "1").as_deref(), Some("2"), "29.082 / 58.164 = 0.5");
}

#[test]
fn judged_item_within_its_weight() {
    let rubric = single("", "2", "    judged \"酌情扣分\"");
    let (report, d) = run(&rubric, "[judged]\n\"1\" = 1.5\n");
    assert!(d.is_empty());
    assert_eq!(status(&report, "1"), Some(Status::Judged));
    assert_eq!(score(&report, "1").as_deref(), Some("1.5"));
    let (_, d) = run(&rubric, "[judged]\n\"1\" = 2.5\n");
    assert!(d.iter().any(|d| d.code == Code::Judged), "a judged score above the weight is an error");
}

#[test]
fn disqualification_at_exactly_seven_days() {
    let rubric = format!(
        "{HEADER}input 逾期天数: count\nsection 一 \"一\" 10\n  item 36 \"报送\" 10\n    score 10 if 逾期天数 = 0\n    disqualify if 逾期天数 >= 7: \"逾期7天的取消考核评比资格\"\n"
    );
    let (report, _) = run(&rubric, "[inputs]\n\"逾期天数\" = 6\n");
    assert!(!report.disqualified);
    assert_eq!(report.grade.as_deref(), Some("差"));
    let (report, _) = run(&rubric, "[inputs]\n\"逾期天数\" = 7\n");
    assert!(report.disqualified);
    assert_eq!(report.grade, None, "no grade when disqualified");
    assert_eq!(report.disqualification.as_ref().map(|d| d.reason.as_str()), Some("逾期7天的取消考核评比资格"));
}

#[test]
fn bonus_and_deduction_caps_and_the_total_floor() {
    let rubric = "rubric \"测试\" max 4\n  floor 0\ninput 得分点: count\ninput 加分次数: count\ninput 减分次数: count\n\
section 一 \"一\" 4\n  item 1 \"基础\" 4\n    score 1 per 得分点, at most 4\n\
bonus 四 \"加分项\" at most 3\n  item 加1 \"加分一\" 2\n    score 1 per 加分次数, at most 2\n  item 加2 \"加分二\" 2\n    score 1 per 加分次数, at most 2\n\
deduction 五 \"减分项\" at most 3\n  item 减1 \"减分一\" 2\n    score 1 per 减分次数, at most 2\n  item 减2 \"减分二\" 2\n    score 1 per 减分次数, at most 2\n";
    let (report, _) = run(rubric, "[inputs]\n\"得分点\" = 4\n\"加分次数\" = 2\n\"减分次数\" = 0\n");
    assert_eq!(report.bonus.as_ref().and_then(|b| b.raw).map(|d| d.normalize().to_string()).as_deref(), Some("4"));
    assert_eq!(report.total.map(|d| d.normalize().to_string()).as_deref(), Some("7"), "4 + min(3, 4)");
    let (report, _) = run(rubric, "[inputs]\n\"得分点\" = 1\n\"加分次数\" = 0\n\"减分次数\" = 2\n");
    assert_eq!(report.total.map(|d| d.normalize().to_string()).as_deref(), Some("0"), "1 − min(3, 4) floors at 0");
}

#[test]
fn not_applicable_policies() {
    let body = "input 要求数: count\ninput 到位数: count\ninput 次数: count\nsection 一 \"一\" 10\n  item 1 \"整改\" 4\n    not-applicable if 要求数 = 0: \"无整改要求\"\n    score min(4, 4 × 到位数 / 要求数)\n  item 2 \"次数\" 6\n    score 1 per 次数, at most 6\n";
    let data = "[inputs]\n\"要求数\" = 0\n\"次数\" = 3\n";
    let total = |policy: &str| {
        let (report, _) = run(&format!("rubric \"测试\" max 10\n  not-applicable {policy}\n{body}"), data);
        report.total.map(|d| d.normalize().to_string())
    };
    assert_eq!(total("full-marks").as_deref(), Some("7"));
    assert_eq!(total("zero").as_deref(), Some("3"));
    assert_eq!(total("rescale").as_deref(), Some("5"), "3 of 6 applicable points → 5 of 10");
}

#[test]
fn unverified_takes_the_reported_score_and_strict_refuses_it() {
    let rubric = single("input 次数: count", "3", "    score 1.5 per 次数, at most 3");
    let data = "[reported.items]\n\"1\" = 2\n";
    let (report, d) = run(&rubric, data);
    assert!(d.is_empty());
    assert_eq!(status(&report, "1"), Some(Status::Unverified));
    assert_eq!(score(&report, "1").as_deref(), Some("2"));
    let (checked, _) = common::check(&rubric);
    let checked = checked.expect("checks");
    let (unit, _) = load(data, Format::Toml, &checked);
    let (strict, d) = evaluate(&checked, &unit, Options { strict: true, brief: false });
    assert_eq!(status(&strict, "1"), Some(Status::Error));
    assert!(d.iter().any(|d| d.code == Code::Unverified));
}

#[test]
fn missing_input_names_the_item_that_needs_it() {
    let rubric = single("input 到位数: count\ninput 要求数: count", "4", "    score min(4, 4 × 到位数 / 要求数)");
    let (report, d) = run(&rubric, "[inputs]\n\"到位数\" = 1\n");
    assert_eq!(status(&report, "1"), Some(Status::Error));
    let missing = d.iter().find(|d| d.code == Code::MissingInput).expect("missing input diagnostic");
    assert!(missing.message.contains("要求数") && missing.message.contains("item 1"), "{}", missing.message);
}
