//! The data readers', the evaluator's and the audit's messages in Chinese.
//!
//! Each case is evaluated twice, in English and in Chinese: the Chinese
//! diagnostics, traces, reasons, checks and findings are snapshotted, and the
//! interfaces (JSON `status` values, finding `kind`s, check `status` and
//! `level`, diagnostic codes) are asserted to be the same in both languages,
//! while the messages differ.

mod common;

use rubric::base::diagnostic::{Diagnostic, SourceFile};
use rubric::base::i18n::{with_lang, Lang};
use rubric::data::Format;
use rubric::eval::report::Report;
use rubric::eval::{evaluate, Options};

/// One case: a rubric and a data file.
struct Case {
    name: &'static str,
    rubric: String,
    data_name: &'static str,
    data: String,
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &'static str) -> Case {
    let data_name = ["data.toml", "data.json", "data.yaml"]
        .into_iter()
        .find(|file| std::path::Path::new(&format!("tests/eval/{name}/{file}")).exists())
        .unwrap_or("data.toml");
    Case {
        name,
        rubric: read(&format!("tests/eval/{name}/rubric.rubric")),
        data_name,
        data: read(&format!("tests/eval/{name}/{data_name}")),
    }
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "shengchi",
            rubric: read("rubrics/lezhi-2022-performance-management.rubric"),
            data_name: "盛池镇.toml",
            data: read("rubrics/data/lezhi-2022-performance-management/盛池镇.toml"),
        },
        Case {
            name: "check_failed",
            rubric: read("rubrics/finance-indicators.rubric"),
            data_name: "劳动镇-2023.toml",
            data: read("rubrics/data/finance-indicators/劳动镇-2023.toml"),
        },
    ];
    for name in [
        "err_missing_input",
        "err_wrong_type_bool",
        "err_unquoted_chinese_key",
        "err_division_by_zero",
        "err_require_broken",
        "err_rate_written_95",
        "err_unknown_input",
        "ok_disqualified",
        "ok_reported_disagrees",
        "ok_rounding_half_up",
        "ok_judged",
        "ok_not_applicable",
        "ok_clerk_numbers",
        "err_clerk_numbers_ambiguous",
        "err_toml_clerk_mistakes",
        "err_json_clerk_mistakes",
        "err_yaml_clerk_mistakes",
        "ok_wrong_year",
        "err_item_inputs_not_given",
        "err_misspelt_input",
    ] {
        cases.push(fixture(name));
    }
    cases.push(Case {
        name: "partial_clamped_claimed",
        rubric: PARTIAL.to_string(),
        data_name: "data.toml",
        data: PARTIAL_DATA.to_string(),
    });
    cases
}

/// Some facts given and not others, a rule above its weight, a 缺省项 claim the facts contradict.
const PARTIAL: &str = r#"rubric "测试评分表" year 2022 max 10
  not-applicable full-marks
input 整改要求数: count
input 整改到位数: count "及时整改落实到位的问题数"
input 培训次数: count
input 有下属单位: yes/no
section 一 "一、测试" 10
  item 4 "问题整改" 4
    not-applicable if 整改要求数 = 0: "无整改要求"
    score 4 × 整改到位数 / 整改要求数
  item 5 "会议培训" 3
    score 1 per 培训次数, at most 5
  item 6 "通报考核" 3
    not-applicable if not 有下属单位: "无下属单位"
    score 3 if 有下属单位
"#;

const PARTIAL_DATA: &str = r#"[inputs]
"整改要求数" = 3
"培训次数" = 4
"有下属单位" = true

[not_applicable]
"6" = "无下属单位"

[reported.items]
"4" = 3
"#;

/// What one evaluation gave: the data and evaluation diagnostics, and the report.
struct Outcome {
    diagnostics: Vec<Diagnostic>,
    report: Option<Report>,
}

/// Reads and evaluates `case` in this thread's language.
fn run(case: &Case) -> Outcome {
    let (checked, problems) = common::check(&case.rubric);
    let checked = checked.unwrap_or_else(|| panic!("{}: the rubric does not check: {problems:#?}", case.name));
    let format = Format::from_path(std::path::Path::new(case.data_name)).unwrap_or(Format::Toml);
    let (data, mut diagnostics) = rubric::data::bind::load(&case.data, format, &checked);
    if !data.parsed {
        return Outcome { diagnostics, report: None };
    }
    let (report, more) = evaluate(&checked, &data, Options::default());
    diagnostics.extend(more);
    Outcome { diagnostics, report: Some(report) }
}

/// The diagnostics as the command line shows them, then the report's words.
fn text(case: &Case, outcome: &Outcome) -> String {
    let rubric_file = SourceFile::new("rubric.rubric", case.rubric.clone());
    let data_file = SourceFile::new(case.data_name, case.data.clone());
    let mut out = common::render(&outcome.diagnostics, &rubric_file, Some(&data_file));
    let Some(report) = &outcome.report else { return out };
    out.push_str("----- items -----\n");
    for item in &report.items {
        out.push_str(&format!("{} {} [{}]\n", item.id, item.name, status(&item.status)));
        for line in &item.trace {
            out.push_str(&format!("    {line}\n"));
        }
        if let Some(reason) = &item.reason {
            out.push_str(&format!("    reason: {reason}\n"));
        }
    }
    if !report.indicators.is_empty() {
        out.push_str("----- indicators -----\n");
        for i in &report.indicators {
            let value = i.display.clone().or_else(|| i.reason.clone()).unwrap_or_default();
            out.push_str(&format!("{}  {value}\n", i.name));
        }
    }
    if !report.checks.is_empty() {
        out.push_str("----- checks -----\n");
        for c in &report.checks {
            out.push_str(&format!("{} [{} {}]  {}\n", c.name, c.status, c.level, c.message));
        }
    }
    if let Some(d) = &report.disqualification {
        out.push_str(&format!("----- disqualified by item {} -----\n{}\n", d.item, d.reason));
    }
    out.push_str("----- findings -----\n");
    for f in &report.findings {
        out.push_str(&format!("{}:{}  {}\n", f.kind, f.target, f.message));
    }
    out.push_str("----- errors -----\n");
    for e in &report.errors {
        out.push_str(&format!("{}  {}\n", e.code, e.message));
    }
    out
}

/// The JSON `status` value of an item.
fn status(status: &rubric::eval::report::Status) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The interfaces of a report, which no language may change.
fn interfaces(outcome: &Outcome) -> Vec<String> {
    let mut out: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| format!("diagnostic {} {:?} {:?}", d.code_text(), d.severity, d.span))
        .collect();
    if let Some(report) = &outcome.report {
        let json = serde_json::to_value(report).unwrap_or_default();
        for item in json["items"].as_array().into_iter().flatten() {
            out.push(format!("item {} {} {}", item["id"], item["status"], item["score"]));
        }
        for f in json["findings"].as_array().into_iter().flatten() {
            out.push(format!("finding {} {} {} {}", f["kind"], f["target"], f["reported"], f["computed"]));
        }
        for c in json["checks"].as_array().into_iter().flatten() {
            out.push(format!("check {} {} {} {} {}", c["name"], c["status"], c["level"], c["left"], c["right"]));
        }
        for i in json["indicators"].as_array().into_iter().flatten() {
            out.push(format!("indicator {} {} {} {}", i["name"], i["value"], i["display"], i["defined"]));
        }
        for e in json["errors"].as_array().into_iter().flatten() {
            out.push(format!("error {} {}", e["code"], e["item"]));
        }
        out.push(format!("total {} grade {} disqualified {}", json["total"], json["grade"], json["disqualified"]));
    }
    out
}

#[test]
fn messages_in_chinese() {
    for case in cases() {
        let english = with_lang(Lang::En, || run(&case));
        let chinese = with_lang(Lang::Zh, || run(&case));
        let name = case.name;

        assert_eq!(interfaces(&english), interfaces(&chinese), "{name}: the interfaces differ between languages");

        for (en, zh) in english.diagnostics.iter().zip(&chinese.diagnostics) {
            assert_ne!(en.message, zh.message, "{name}: a diagnostic is not translated");
            assert!(zh.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name}: {}", zh.message);
            if en.help.is_some() {
                assert_ne!(en.help, zh.help, "{name}: a help is not translated");
            }
        }
        if let (Some(en), Some(zh)) = (&english.report, &chinese.report) {
            for (a, b) in en.findings.iter().zip(&zh.findings) {
                assert_ne!(a.message, b.message, "{name}: a finding is not translated");
            }
            for (a, b) in en.items.iter().zip(&zh.items) {
                if a.reason.is_some() && a.status != rubric::eval::report::Status::NotApplicable {
                    assert_ne!(a.reason, b.reason, "{name}: item {} reason", a.id);
                }
                // A trace line with words in it must change; pure arithmetic stays as it is.
                for (x, y) in a.trace.iter().zip(&b.trace) {
                    let words = [
                        "reported",
                        "not-applicable",
                        "if ",
                        "judged",
                        "disqualified",
                        "claimed",
                        "kept",
                        "rounded",
                        "yes",
                        "no",
                    ];
                    if words.iter().any(|w| x.contains(w)) {
                        assert_ne!(x, y, "{name}: item {} trace", a.id);
                    }
                }
            }
            for (a, b) in en.checks.iter().zip(&zh.checks) {
                assert_ne!(a.message, b.message, "{name}: check {}", a.name);
            }
            let english_text = with_lang(Lang::En, || text(&case, &english));
            let chinese_text = with_lang(Lang::Zh, || text(&case, &chinese));
            assert_ne!(english_text, chinese_text);
        }

        let output = with_lang(Lang::Zh, || text(&case, &chinese));
        insta::with_settings!({ snapshot_suffix => name, omit_expression => true }, {
            insta::assert_snapshot!(output);
        });
    }
}
