//! `rubric diff`: the structural diff of two rubrics, the impact on units, the
//! generated units, and the command's exit codes.

mod common;

use std::path::Path;

use rubric::author::diff::{self, render, Change, Impact};
use rubric::base::limits::Limits;
use rubric::check::model::Checked;
use rubric::data::Format;
use rubric::eval::report::Report;

const OLD: &str = "rubrics/lezhi-2022-performance-management.rubric";
const NEW: &str = "rubrics/lezhi-2024-performance-management.rubric";
const SHENGCHI: &str = "rubrics/data/lezhi-2022-performance-management/盛池镇.toml";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn checked(text: &str) -> Checked {
    let (checked, diagnostics) = rubric::check::check_source(text, &Limits::default());
    checked.unwrap_or_else(|| panic!("does not check: {diagnostics:#?}"))
}

fn pair() -> (Checked, Checked) {
    (checked(&read(OLD)), checked(&read(NEW)))
}

fn report(rubric: &Checked, text: &str) -> Report {
    let scored = diff::score(rubric, text, Format::Toml);
    assert!(!rubric::base::diagnostic::has_errors(&scored.load), "{:#?}", scored.load);
    assert!(!rubric::base::diagnostic::has_errors(&scored.eval), "{:#?}", scored.eval);
    scored.report.unwrap_or_else(|| panic!("not scored"))
}

/// Scores each (file name, text) under both rubrics; units are labelled as `rubric diff` does.
fn impact_of(old: &Checked, new: &Checked, texts: &[(String, String)]) -> Impact {
    let units = texts
        .iter()
        .map(|(file, text)| {
            let (before, after) = (report(old, text), report(new, text));
            (render_label(&after, file), before, after)
        })
        .collect();
    diff::impact(old, new, units)
}

fn render_label(report: &Report, file: &str) -> String {
    rubric::render::label(report, file)
}

// ---- snapshots -------------------------------------------------------------

#[test]
fn structural_diff_2022_to_2024() {
    let (old, new) = pair();
    let d = diff::diff(&old, &new);
    insta::assert_snapshot!("structural_table", render::table(&d, None));
    insta::assert_snapshot!("structural_json", render::json(&d, None));
}

#[test]
fn impact_on_shengchi() {
    let (old, new) = pair();
    let impact = impact_of(&old, &new, &[("盛池镇".to_string(), read(SHENGCHI))]);
    let unit = impact.units.first().expect("one unit");
    assert_eq!((unit.old_grade.as_deref(), unit.new_grade.as_deref()), (Some("良"), Some("优")));
    insta::assert_snapshot!("shengchi_table", render::impact_table(&impact));
    insta::assert_snapshot!("shengchi_markdown", render::markdown(&diff::diff(&old, &new), Some(&impact)));
}

#[test]
fn impact_on_50_generated_units() {
    let (old, new) = pair();
    let texts: Vec<(String, String)> = rubric::author::generate::units(&new, 50, 2024)
        .into_iter()
        .enumerate()
        .map(|(i, text)| (format!("模拟单位{:02}", i + 1), text))
        .collect();
    let impact = impact_of(&old, &new, &texts);
    assert_eq!(impact.units.len(), 50);
    let deltas: Vec<_> = impact.units.iter().filter_map(|u| u.delta.map(|d| d.abs())).collect();
    assert!(deltas.windows(2).all(|w| w[0] >= w[1]), "sorted by the size of the change");
    insta::assert_snapshot!("generated_50_table", render::impact_table(&impact));
}

// ---- the structural diff -----------------------------------------------------

const BASE: &str = r#"rubric "测试表" year 2023 max 10
  grades 优 >= 9, 良 >= 6, 差
input 次数: count
input 有方案: yes/no
section 一 "一、基础" 6
  item 1 "专题研究" 4
    score 1 per 次数, at most 4
  item 2 "方案" 2
    score 2 if 有方案
section 二 "二、过程" 4
  item 3 "过程" 4
    score 4 if 有方案
"#;

fn changes(old: &str, new: &str) -> Vec<Change> {
    diff::diff(&checked(old), &checked(new)).changes
}

#[test]
fn identical_rubrics_have_no_changes() {
    assert_eq!(changes(BASE, BASE), vec![]);
    let (a, _) = pair();
    assert!(diff::diff(&a, &a).is_empty());
    assert!(render::table(&diff::diff(&a, &a), None).contains("no changes"));
}

#[test]
fn a_reweighting_is_shown_with_both_weights() {
    let new = BASE
        .replace("section 一 \"一、基础\" 6", "section 一 \"一、基础\" 5")
        .replace("section 二 \"二、过程\" 4", "section 二 \"二、过程\" 5")
        .replace("item 2 \"方案\" 2\n    score 2", "item 2 \"方案\" 1\n    score 1")
        .replace("item 3 \"过程\" 4\n    score 4", "item 3 \"过程\" 5\n    score 5");
    let found = changes(BASE, &new);
    let reweighted: Vec<(String, String, String)> = found
        .iter()
        .filter_map(|c| match c {
            Change::ItemReweighted { id, old, new, .. } => Some((id.clone(), old.to_string(), new.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(reweighted, vec![("2".into(), "2".into(), "1".into()), ("3".into(), "4".into(), "5".into())]);
    assert!(found.iter().any(|c| matches!(c, Change::SectionReweighted { id, .. } if id == "一")));
    let text = render::changes_table(&diff::diff(&checked(BASE), &checked(&new)));
    assert!(text.contains("item reweighted     2 方案: 2 → 1"), "{text}");
    assert!(text.contains("- score if 有方案 then 2 else 0\n"), "{text}");
    assert!(text.contains("+ score if 有方案 then 1 else 0\n"), "{text}");
}

#[test]
fn an_added_input_and_a_retyped_one() {
    let new = BASE
        .replace("input 次数: count\n", "input 次数: count range 0..10\ninput 培训次数: count\n")
        .replace("score 1 per 次数, at most 4", "score 1 per (次数 + 培训次数), at most 4");
    let found = changes(BASE, &new);
    assert!(found.contains(&Change::InputAdded { name: "培训次数".into(), ty: "count".into() }), "{found:#?}");
    assert!(found.contains(&Change::InputRetyped {
        name: "次数".into(),
        old: "count".into(),
        new: "count range 0..10".into()
    }));
    let rule = found.iter().find_map(|c| match c {
        Change::RuleChanged { id, old_text, new_text, .. } if id == "1" => Some((old_text.clone(), new_text.clone())),
        _ => None,
    });
    assert_eq!(
        rule,
        Some((vec!["score min(4, 1 × 次数)".to_string()], vec!["score min(4, 1 × (次数 + 培训次数))".to_string()]))
    );
}

#[test]
fn a_moved_item() {
    // Item 2 goes from 一 to 二: both sections are reweighted too, and nothing else changes.
    let new = r#"rubric "测试表" year 2023 max 10
  grades 优 >= 9, 良 >= 6, 差
input 次数: count
input 有方案: yes/no
section 一 "一、基础" 4
  item 1 "专题研究" 4
    score 1 per 次数, at most 4
section 二 "二、过程" 6
  item 2 "方案" 2
    score 2 if 有方案
  item 3 "过程" 4
    score 4 if 有方案
"#;
    let found = changes(BASE, new);
    assert_eq!(
        found.first(),
        Some(&Change::SectionReweighted {
            id: "一".into(), name: "一、基础".into(), old: 6.into(), new: 4.into()
        })
    );
    assert!(found.contains(&Change::ItemMoved {
        id: "2".into(),
        name: "方案".into(),
        from_section: "一".into(),
        to_section: "二".into()
    }));
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn added_removed_renamed_items_and_header_changes() {
    let new = BASE
        .replace("grades 优 >= 9, 良 >= 6, 差", "grades 优 >= 8, 良 >= 6, 差\n  rounding 1 down\n  not-applicable zero")
        .replace("item 1 \"专题研究\" 4", "item 4 \"专题研究\" 4")
        .replace("item 2 \"方案\" 2", "item 2 \"实施方案\" 2");
    let found = changes(BASE, &new);
    let kinds: Vec<&str> = found
        .iter()
        .map(|c| match c {
            Change::RoundingChanged { .. } => "rounding",
            Change::PolicyChanged { .. } => "policy",
            Change::GradesChanged { .. } => "grades",
            Change::ItemAdded { .. } => "added",
            Change::ItemRenamed { .. } => "renamed",
            Change::ItemRemoved { .. } => "removed",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["rounding", "policy", "grades", "added", "renamed", "removed"]);
    assert!(found.contains(&Change::GradesChanged {
        old: "优 ≥ 9, 良 ≥ 6, 差".into(),
        new: "优 ≥ 8, 良 ≥ 6, 差".into(),
        bands: vec!["优 ≥ 9 → 优 ≥ 8".into()]
    }));
}

#[test]
fn line_diff_keeps_common_lines() {
    let lines = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let shown: Vec<String> =
        diff::line_diff(&lines(&["a", "b", "c"]), &lines(&["a", "x", "c", "d"])).iter().map(|l| l.marked()).collect();
    assert_eq!(shown, ["  a", "- b", "+ x", "  c", "+ d"]);
}

// ---- impact ------------------------------------------------------------------

#[test]
fn impact_names_the_items_responsible() {
    let (old, new) = pair();
    let text = read(SHENGCHI)
        .replace("\"有下属单位\" = false", "\"有下属单位\" = false\n\"正式汇报\" = true\n\"结果应用\" = true");
    let impact = impact_of(&old, &new, &[("改".to_string(), text)]);
    let unit = impact.units.first().expect("one unit");
    let items: Vec<(String, String)> =
        unit.items.iter().map(|i| (i.id.clone(), rubric::eval::report::show(i.delta()))).collect();
    assert_eq!(items, [("28".to_string(), "-1".to_string()), ("30".to_string(), "1".to_string())]);
    assert_eq!(impact.summary.items.len(), 2);
    assert!(impact.summary.largest_gain.is_none() && impact.summary.largest_loss.is_none(), "+1 − 1 = 0");
}

#[test]
fn generated_units_are_deterministic_and_respect_the_requires() {
    let (old, new) = pair();
    let a = rubric::author::generate::units(&new, 20, 7);
    assert_eq!(a, rubric::author::generate::units(&new, 20, 7));
    assert_ne!(a, rubric::author::generate::units(&new, 20, 8));
    for text in &a {
        for rubric in [&old, &new] {
            let scored = diff::score(rubric, text, Format::Toml);
            let errors: Vec<_> = scored
                .load
                .iter()
                .chain(&scored.eval)
                .filter(|d| d.severity == rubric::base::diagnostic::Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{text}\n{errors:#?}");
        }
    }
}

// ---- the command -------------------------------------------------------------

fn rubric_cli(args: &[&str]) -> (i32, String, String) {
    common::run(&mut common::rubric_command(args))
}

#[test]
fn cli_diff_exits_0_on_changes_and_prints_the_impact() {
    let (code, out, err) = rubric_cli(&["diff", OLD, NEW, "--data", "rubrics/data/lezhi-2022-performance-management"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("item reweighted     28 请示报告: 3 → 2"), "{out}");
    assert!(out.contains("良 → 优 *"), "{out}");
    let (code, out, _) = rubric_cli(&["diff", OLD, NEW, "--data", SHENGCHI, "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json["impact"]["units"][0]["new_grade"], "优");
    assert_eq!(json["impact"]["units"][0]["old_total"], "94");
    let (code, out, _) = rubric_cli(&["diff", OLD, NEW, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# 乐至县预算绩效管理工作考核评分表"), "{out}");
}

#[test]
fn cli_diff_exits_1_on_a_broken_rubric_and_2_on_a_bad_data_path() {
    let text = "rubric \"坏\" max 2\nsection 一 \"一\" 2\n  item 1 \"项\" 2\n    score 2 if 没有\n";
    let bad = common::temp_file("rubric-diff-test", "bad.rubric", text);
    let (code, _, err) = rubric_cli(&["diff", OLD, bad.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(err.contains("rubric::undefined-name"), "{err}");
    let (code, _, err) = rubric_cli(&["diff", OLD, NEW, "--data", "README.md"]);
    assert_eq!(code, 2, "{err}");
}
