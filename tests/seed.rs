//! The real rubric A on the real 盛池镇 2022 data (seed 000): the table and
//! the JSON report are snapshotted, and the audit's conclusions asserted.

mod common;

use rubric::base::diagnostic::{has_errors, Code};
use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::{Report, Status};
use rubric::eval::{evaluate, Options};

const RUBRIC_A: &str = include_str!("../rubrics/lezhi-2022-performance-management.rubric");
const RUBRIC_A_ZH: &str = include_str!("fixtures/lezhi-2022-zh.rubric");
const SHENGCHI: &str = include_str!("../rubrics/data/lezhi-2022-performance-management/盛池镇.toml");

fn rubric_a(text: &str) -> Checked {
    let (checked, diagnostics) = common::check(text);
    checked.unwrap_or_else(|| panic!("rubric A does not check: {diagnostics:#?}"))
}

fn shengchi() -> Report {
    let checked = rubric_a(RUBRIC_A);
    let (data, diagnostics) = load(SHENGCHI, Format::Toml, &checked);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let (report, diagnostics) = evaluate(&checked, &data, Options::default());
    assert!(!has_errors(&diagnostics), "{diagnostics:#?}");
    report
}

#[test]
fn rubric_a_checks_with_only_the_item_13_warning() {
    let (checked, diagnostics) = common::check(RUBRIC_A);
    let checked = checked.expect("rubric A checks");
    assert_eq!(checked.items.len(), 42, "items 1–36 without 5, 加1–加4, 减1–减3");
    let codes: Vec<(Code, String)> = diagnostics.iter().map(|d| (d.code, d.message.clone())).collect();
    assert_eq!(codes.len(), 1, "{codes:#?}");
    assert_eq!(codes.first().map(|c| c.0), Some(Code::Unreachable));
    assert!(codes.first().is_some_and(|c| c.1.starts_with("item 13 can never reach its weight 3")));
}

#[test]
fn shengchi_total_grade_and_not_applicable() {
    let report = shengchi();
    assert_eq!(report.total.map(|t| t.normalize().to_string()).as_deref(), Some("94"));
    assert_eq!(report.grade.as_deref(), Some("良"));
    assert!(!report.disqualified);
    let na: Vec<&str> = report.not_applicable.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(na, ["8", "24", "25", "26", "27"]);
    let computed: Vec<&str> =
        report.items.iter().filter(|i| i.status == Status::Computed).map(|i| i.id.as_str()).collect();
    assert_eq!(computed, ["2", "3", "9", "18"], "the items whose facts the seed states");
}

#[test]
fn shengchi_audit_finds_item_24_and_the_section_sum() {
    let report = shengchi();
    let findings: Vec<(&str, &str, Option<&str>, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.kind, f.target.as_str(), f.reported.as_deref(), f.computed.as_deref()))
        .collect();
    assert_eq!(
        findings,
        [("item", "24", Some("3"), Some("4")), ("reported_sum", "二.4", Some("21"), Some("20"))],
        "item 24 is a 缺省项 (full marks 4) self-scored 3; 二.4 is reported as 21 while its items add up to 20"
    );
}

#[test]
fn shengchi_table_snapshot() {
    insta::assert_snapshot!(rubric::render::table(&shengchi(), rubric::render::Style::Plain));
}

#[test]
fn shengchi_json_snapshot() {
    insta::assert_snapshot!(rubric::render::json(&shengchi()));
}

#[test]
fn shengchi_markdown_snapshot() {
    insta::assert_snapshot!(rubric::render::markdown(&shengchi()));
}

/// A deterministic pseudo-random unit with every input of rubric A given.
fn generated_unit(seed: u64) -> String {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = |n: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let checked = rubric_a(RUBRIC_A);
    let mut lines = vec![format!("[unit]\nname = \"模拟镇{seed}\"\nyear = 2022"), "[inputs]".to_string()];
    let wholes = [
        "应事前评估项目数",
        "申报项目预算资金",
        "绩效指标总个数",
        "批复目标项目个数",
        "应开展自评单位数",
        "下属单位项目数",
        "整改要求数",
    ];
    let mut values = std::collections::HashMap::new();
    for name in wholes {
        values.insert(name, next(12));
    }
    for input in &checked.inputs {
        let name = input.name.as_str();
        let value = match input.ty {
            rubric::lower::ast::InputType::Bool => (next(2) == 1).to_string(),
            _ => {
                let part_of = match name {
                    "已事前评估项目数" => Some("应事前评估项目数"),
                    "申报绩效目标项目资金" => Some("申报项目预算资金"),
                    "三级以上指标个数" | "二级指标个数" => Some("绩效指标总个数"),
                    "实际监控项目个数" => Some("批复目标项目个数"),
                    "已开展自评单位数" => Some("应开展自评单位数"),
                    "自评抽查项目数" | "绩效评价项目数" => Some("下属单位项目数"),
                    "整改到位数" => Some("整改要求数"),
                    _ => None,
                };
                match (values.get(name), part_of.and_then(|w| values.get(w).copied())) {
                    (Some(v), _) => v.to_string(),
                    (None, Some(whole)) => {
                        let half = if name == "二级指标个数" {
                            whole.saturating_sub(values.get("三级以上指标个数").copied().unwrap_or(0))
                        } else {
                            whole
                        };
                        next(half + 1).to_string()
                    }
                    (None, None) => next(4).to_string(),
                }
            }
        };
        if let Ok(v) = value.parse::<u64>() {
            values.entry(name).or_insert(v);
        }
        lines.push(format!("\"{name}\" = {value}"));
    }
    lines.push("[judged]".to_string());
    for id in ["21", "22", "23", "加2"] {
        let halves = next(5);
        lines.push(format!("\"{id}\" = {}.{}", halves / 2, if halves % 2 == 1 { 5 } else { 0 }));
    }
    lines.join("\n")
}

#[test]
fn chinese_keywords_give_the_same_results() {
    let english = rubric_a(RUBRIC_A);
    let chinese = rubric_a(RUBRIC_A_ZH);
    for data in [SHENGCHI.to_string(), generated_unit(1), generated_unit(2), generated_unit(3), generated_unit(4)] {
        let (a, da) = load(&data, Format::Toml, &english);
        let (b, db) = load(&data, Format::Toml, &chinese);
        assert!(da.is_empty() && db.is_empty(), "{da:#?}\n{data}");
        let (ra, _) = evaluate(&english, &a, Options::default());
        let (rb, _) = evaluate(&chinese, &b, Options::default());
        assert_eq!(ra, rb);
        assert!(ra.total.is_some(), "generated units are complete: {:#?}", ra.errors);
    }
}
