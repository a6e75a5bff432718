//! Scores 乐至县盛池镇人民政府 (2022) against the 2022 考核评分表 from values set
//! in code — no data file — and prints its total and grade.
//!
//! `cargo run --example embed` prints `乐至县盛池镇人民政府: 94 / 100, grade 良`
//! and the two audit findings of the township's self-assessment.

use rubric::{Rubric, Unit};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics/lezhi-2022-performance-management.rubric");
    let rubric = Rubric::from_file(path)?;

    // The facts the seed gives (rubrics/data/lezhi-2022-performance-management/盛池镇.toml).
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
        .set("整改要求数", 0);
    for (item, reason) in [
        ("8", "全年无达到评估条件的项目"),
        ("24", "无下属单位"),
        ("25", "无下属单位"),
        ("26", "无整改要求"),
        ("27", "无整改要求"),
    ] {
        unit = unit.not_applicable(item, reason);
    }
    // The township's own self-assessment: every item, the subtotals, the total and grade.
    let reported: [(&str, u32); 42] = [
        ("1", 3),
        ("2", 2),
        ("3", 2),
        ("4", 2),
        ("6", 2),
        ("7", 4),
        ("8", 10),
        ("9", 2),
        ("10", 4),
        ("11", 3),
        ("12", 3),
        ("13", 3),
        ("14", 3),
        ("15", 2),
        ("16", 3),
        ("17", 4),
        ("18", 2),
        ("19", 3),
        ("20", 2),
        ("21", 2),
        ("22", 2),
        ("23", 2),
        ("24", 3),
        ("25", 4),
        ("26", 4),
        ("27", 2),
        ("28", 0),
        ("29", 2),
        ("30", 4),
        ("31", 0),
        ("32", 2),
        ("33", 1),
        ("34", 2),
        ("35", 2),
        ("36", 2),
        ("加1", 0),
        ("加2", 0),
        ("加3", 0),
        ("加4", 0),
        ("减1", 0),
        ("减2", 0),
        ("减3", 0),
    ];
    for (item, score) in reported {
        unit = unit.reported_item(item, score);
    }
    for (section, score) in [("一", 15), ("二", 70), ("二.2", 18), ("二.3", 9), ("二.4", 21), ("二.5", 12), ("三", 9)]
    {
        unit = unit.reported_section(section, score);
    }
    let unit = unit.reported_total(94).reported_grade("良");

    let evaluation = rubric.evaluate(&unit);
    let report = &evaluation.report;
    let total = report.total.map_or_else(|| "—".to_string(), |t| t.normalize().to_string());
    let grade = report.grade.as_deref().unwrap_or("—");
    println!("{}: {total} / {}, grade {grade}", report.unit.name.as_deref().unwrap_or("?"), report.max);
    for finding in &report.findings {
        println!("finding: {}", finding.message);
    }
    for problem in evaluation.problems.iter().filter(|p| p.is_error()) {
        println!("problem: {problem}");
    }
    Ok(())
}
