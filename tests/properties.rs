//! Property tests on rubric A over random data: every item within
//! [0, weight], the total within [0, max + bonus cap], evaluation
//! deterministic and independent of the order of keys in the data file.

mod common;

use proptest::prelude::*;
use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::{evaluate, Options};
use rubric::lower::ast::InputType;
use rust_decimal::Decimal;

const RUBRIC_A: &str = include_str!("../rubrics/lezhi-2022-performance-management.rubric");

fn rubric_a() -> Checked {
    common::check(RUBRIC_A).0.unwrap_or_else(|| panic!("rubric A checks"))
}

/// One value per input of rubric A, as TOML text: counts 0..12, yes/no, amounts with 2 places.
fn values(checked: &Checked) -> impl Strategy<Value = Vec<String>> {
    let strategies: Vec<BoxedStrategy<String>> = checked
        .inputs
        .iter()
        .map(|input| match input.ty {
            InputType::Bool => any::<bool>().prop_map(|b| b.to_string()).boxed(),
            InputType::Amount(_) => (0u32..100_000).prop_map(|c| format!("{}.{:02}", c / 100, c % 100)).boxed(),
            _ => (0u32..12).prop_map(|n| n.to_string()).boxed(),
        })
        .collect();
    strategies
}

/// Parts never exceed their wholes (rubric A's `require`s): such data is refused, not scored.
const PARTS: [(&str, &str); 9] = [
    ("已事前评估项目数", "应事前评估项目数"),
    ("申报绩效目标项目资金", "申报项目预算资金"),
    ("三级以上指标个数", "绩效指标总个数"),
    ("二级指标个数", "绩效指标总个数"),
    ("实际监控项目个数", "批复目标项目个数"),
    ("已开展自评单位数", "应开展自评单位数"),
    ("自评抽查项目数", "下属单位项目数"),
    ("绩效评价项目数", "下属单位项目数"),
    ("整改到位数", "整改要求数"),
];

/// Lowers parts to fit their wholes (two parts of one whole share it).
fn fit(checked: &Checked, values: &[String]) -> Vec<String> {
    let mut values = values.to_vec();
    let index = |name: &str| checked.inputs.iter().position(|i| i.name == name);
    let number = |v: &String| v.parse::<Decimal>().unwrap_or_default();
    for (part, whole) in PARTS {
        let (Some(p), Some(w)) = (index(part), index(whole)) else { continue };
        let mut room = values.get(w).map(number).unwrap_or_default();
        if part == "二级指标个数" {
            room -= index("三级以上指标个数").and_then(|t| values.get(t)).map(number).unwrap_or_default();
        }
        if let Some(v) = values.get_mut(p) {
            if number(v) > room {
                *v = room.max(Decimal::ZERO).to_string();
            }
        }
    }
    values
}

fn toml(checked: &Checked, values: &[String], judged: &[u8], reverse: bool) -> String {
    let values = fit(checked, values);
    let mut lines: Vec<String> =
        checked.inputs.iter().zip(&values).map(|(input, value)| format!("\"{}\" = {value}", input.name)).collect();
    let mut judged_lines: Vec<String> = ["21", "22", "23", "加2"]
        .iter()
        .zip(judged)
        .map(|(id, halves)| format!("\"{id}\" = {}.{}", halves / 2, if halves % 2 == 1 { 5 } else { 0 }))
        .collect();
    if reverse {
        lines.reverse();
        judged_lines.reverse();
    }
    format!("[inputs]\n{}\n[judged]\n{}\n", lines.join("\n"), judged_lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_stay_in_bounds_and_are_deterministic(
        values in values(&rubric_a()),
        judged in proptest::collection::vec(0u8..5, 4),
    ) {
        let checked = rubric_a();
        let text = toml(&checked, &values, &judged, false);
        let (data, _) = load(&text, Format::Toml, &checked);
        let (report, diagnostics) = evaluate(&checked, &data, Options::default());
        prop_assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        for item in &report.items {
            let score = item.score.unwrap_or_else(|| panic!("item {} has a score: {:?}", item.id, item.reason));
            prop_assert!(score >= Decimal::ZERO && score <= item.max, "item {} = {score}", item.id);
        }
        let total = report.total.unwrap_or_default();
        prop_assert!(total >= Decimal::ZERO && total <= checked.max + Decimal::from(8), "total {total}");

        let (again, _) = evaluate(&checked, &data, Options::default());
        prop_assert_eq!(&report, &again);

        let reversed = toml(&checked, &values, &judged, true);
        let (data, _) = load(&reversed, Format::Toml, &checked);
        let (shuffled, _) = evaluate(&checked, &data, Options::default());
        prop_assert_eq!(&report, &shuffled);
    }

    #[test]
    fn check_never_panics_on_mutated_rubric_text(cut in 0usize..12000, insert in "[ -~一二三若则（）\n]{0,8}") {
        let mut text = RUBRIC_A.to_string();
        let at = (0..=cut.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, &insert);
        let _ = common::check(&text);
    }
}
