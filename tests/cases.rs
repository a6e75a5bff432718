//! `rubric test`: a rubric's own cases, their `[expect]` tables and snapshots.

mod common;

use std::path::{Path, PathBuf};

use rubric::author::cases::{self, Mismatch, Snapshot};
use rubric::base::limits::Limits;
use rubric::check::model::Checked;
use rubric::data::Format;

const RUBRIC: &str = "\
rubric \"测试评分表\" max 5
  grades 优 >= 4, 差
input 专题研究次数: count
input 有方案: yes/no
section 一 \"一、基础\" 5
  item 1 \"专题研究\" 3
    score 1.5 per 专题研究次数, at most 3
  item 2 \"方案\" 2
    score 2 if 有方案
";

const PASSING: &str = "\
[inputs]
\"专题研究次数\" = 1
\"有方案\" = true

[expect]
total = \"3.5\"
grade = \"差\"
findings = []

[expect.items]
\"1\" = \"1.5\"
\"2\" = { score = \"2\", status = \"computed\" }
";

/// A fresh folder with `t.rubric` and its `t.tests/` holding the given cases.
fn setup(name: &str, cases: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rubric-cases-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("t.tests")).expect("temp dir");
    std::fs::write(dir.join("t.rubric"), RUBRIC).expect("write rubric");
    for (file, text) in cases {
        std::fs::write(dir.join("t.tests").join(file), text).expect("write case");
    }
    dir
}

fn rubric(args: &[&str]) -> (i32, String, String) {
    common::run(common::rubric_command(args).env("NO_COLOR", "1"))
}

fn test_in(dir: &Path, accept: bool) -> (i32, String, String) {
    let path = dir.join("t.rubric");
    let path = path.to_str().unwrap_or_default();
    if accept {
        rubric(&["test", "--accept", path])
    } else {
        rubric(&["test", path])
    }
}

fn checked() -> Checked {
    let (checked, diagnostics) = rubric::check::check_source(RUBRIC, &Limits::default());
    assert!(!rubric::base::diagnostic::has_errors(&diagnostics), "{diagnostics:?}");
    checked.expect("the test rubric checks")
}

#[test]
fn a_passing_case_exits_0() {
    let dir = setup("pass", &[("one.toml", PASSING)]);
    let (code, out, err) = test_in(&dir, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ok  ") && out.contains("t.rubric: 1 case passed"), "{out}");
}

#[test]
fn a_mismatch_names_the_item_with_both_figures_and_exits_1() {
    let case = PASSING.replace("\"1\" = \"1.5\"", "\"1\" = \"3\"").replace("total = \"3.5\"", "total = \"5\"");
    let dir = setup("mismatch", &[("one.toml", PASSING), ("two.toml", &case)]);
    let (code, out, _) = test_in(&dir, false);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL  ") && out.contains("two.toml"), "{out}");
    assert!(out.contains("item 1 专题研究  expected 3  got 1.5"), "{out}");
    assert!(out.contains("total  expected 5  got 3.5"), "{out}");
    assert!(out.contains("1 of 2 cases failed"), "{out}");
    assert!(!out.contains("one.toml"), "a passing case is not listed: {out}");
}

#[test]
fn accept_records_a_new_case_and_a_changed_one() {
    let data = "[inputs]\n\"专题研究次数\" = 2\n\"有方案\" = false\n";
    let dir = setup("accept", &[("new.toml", data)]);
    let snapshot = dir.join("t.tests").join("new.expected.json");

    let (code, out, _) = test_in(&dir, false);
    assert_eq!(code, 1, "a new case fails until it is recorded: {out}");
    assert!(out.contains("NEW  ") && out.contains("--accept"), "{out}");
    assert!(!snapshot.exists(), "nothing is written without --accept");

    let (code, out, _) = test_in(&dir, true);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("recorded") && out.contains("item 1 专题研究  3"), "it shows what it records: {out}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&snapshot).expect("snapshot written")).expect("JSON");
    assert_eq!(json["total"], "3");
    assert_eq!(test_in(&dir, false).0, 0, "the recorded case passes");

    std::fs::write(dir.join("t.tests").join("new.toml"), data.replace("= 2", "= 1")).expect("edit case");
    let (code, out, _) = test_in(&dir, false);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("item 1 专题研究  expected 3  got 1.5"), "a per-item diff: {out}");
    assert!(out.contains("total  expected 3  got 1.5"), "{out}");
    let (code, out, _) = test_in(&dir, true);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("CHANGED  "), "{out}");
    assert_eq!(test_in(&dir, false).0, 0);
}

#[test]
fn accept_never_edits_an_expect_table() {
    let case = PASSING.replace("\"1\" = \"1.5\"", "\"1\" = \"3\"");
    let dir = setup("accept-expect", &[("one.toml", &case)]);
    let (code, out, _) = test_in(&dir, true);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("never edits an [expect] table"), "{out}");
    assert_eq!(std::fs::read_to_string(dir.join("t.tests").join("one.toml")).ok().as_deref(), Some(case.as_str()));
    assert!(!dir.join("t.tests").join("one.expected.json").exists());
}

#[test]
fn a_data_error_is_reported_at_its_line_in_the_case_file() {
    // The [expect] table comes first: its lines are blanked, not removed, so line 7 stays line 7.
    let case = "[expect]\ntotal = \"3\"\n[expect.items]\n\"1\" = \"3\"\n\n[inputs]\n\"专题研究次数\" = -1\n\"有方案\" = true\n";
    let dir = setup("data-error", &[("bad.toml", case)]);
    let (code, out, err) = test_in(&dir, false);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("data::out-of-range"), "{err}");
    assert!(err.contains("bad.toml:7:"), "located in the case file: {err}");
    assert!(out.contains("FAIL  ") && out.contains("data has errors"), "{out}");
}

#[test]
fn a_broken_expect_table_is_located() {
    let case = PASSING.replace("\"2\" = {", "\"3\" = {").replace("findings = []", "finding = []");
    let dir = setup("bad-expect", &[("one.toml", &case)]);
    let (code, out, err) = test_in(&dir, false);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("test::expect") && err.contains("the rubric has no item `3`"), "{err}");
    assert!(err.contains("did you mean `findings`?"), "{err}");
    assert!(out.contains("[expect] table has errors"), "{out}");
}

#[test]
fn exit_codes() {
    let dir = setup("no-cases", &[]);
    let (code, out, _) = test_in(&dir, false);
    assert_eq!(code, 1, "a rubric without cases fails: {out}");
    assert!(out.contains("no cases"), "{out}");
    assert_eq!(rubric(&["test"]).0, 2, "no rubric named is a usage error");
    let missing = dir.join("missing.rubric");
    assert_eq!(rubric(&["test", missing.to_str().unwrap_or_default()]).0, 1);
}

#[test]
fn every_shipped_rubric_has_cases_and_they_pass() {
    let mut rubrics: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics"))
        .expect("rubrics/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rubric"))
        .map(|p| format!("rubrics/{}", p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()))
        .collect();
    rubrics.sort();
    assert!(!rubrics.is_empty());
    let mut args = vec!["test"];
    args.extend(rubrics.iter().map(String::as_str));
    let (code, out, err) = rubric(&args);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().filter(|l| l.starts_with("ok  ")).count(), rubrics.len(), "{out}");
}

#[test]
fn split_blanks_the_expect_table_and_keeps_offsets() {
    let text = "[inputs]\n\"有方案\" = true\n[expect]\ntotal = \"2\"\n[ expect . items ]\n\"2\" = \"2\"\n[judged]\n";
    let split = cases::split(text, Format::Toml, &checked());
    assert_eq!(split.data.len(), text.len());
    assert_eq!(split.data.lines().count(), text.lines().count());
    assert!(split.data.starts_with("[inputs]\n\"有方案\" = true\n"));
    assert!(split.data.ends_with("\n[judged]\n"));
    assert!(!split.data.contains("expect"));
    let expect = split.expect.expect("an [expect] table");
    assert_eq!(expect.total, Some(Some(rust_decimal::Decimal::from(2))));
    assert_eq!(expect.items.len(), 1);
    assert!(split.diagnostics.is_empty(), "{:?}", split.diagnostics);
}

#[test]
fn json_and_yaml_cases_use_snapshots_only() {
    let split = cases::split("{\"expect\": {\"total\": \"1\"}}", Format::Json, &checked());
    assert!(split.expect.is_none());
    assert_eq!(split.diagnostics.first().map(|d| d.code_text()), Some(cases::EXPECT_CODE.as_str()));
}

#[test]
fn run_case_compares_only_what_is_written() {
    let dir = setup("lib", &[("only-item-2.toml", "[inputs]\n\"有方案\" = false\n[expect.items]\n\"2\" = \"1\"\n")]);
    let found = cases::find_cases(&dir.join("t.tests")).expect("cases");
    let case = found.into_iter().next().expect("one case");
    let result = cases::run_case(&checked(), case);
    assert!(!result.passed());
    assert_eq!(
        result.expect,
        Some(vec![Mismatch::Item {
            id: "2".to_string(),
            name: "方案".to_string(),
            expected: "1".to_string(),
            got: "0".to_string()
        }])
    );
    assert_eq!(result.snapshot, Snapshot::Missing);
}

#[test]
fn snapshots_are_not_cases() {
    let dir =
        setup("find", &[("a.toml", PASSING), ("a.expected.json", "{}"), ("b.yaml", "inputs: {}\n"), ("c.txt", "")]);
    let names: Vec<String> = cases::find_cases(&dir.join("t.tests")).expect("cases").iter().map(|c| c.name()).collect();
    assert_eq!(names, ["a.toml", "b.yaml"]);
}

#[test]
fn a_snapshot_diff_reads_item_by_item() {
    let expected = serde_json::json!({
        "total": "5", "grade": "优", "disqualified": false,
        "items": [{"id": "1", "name": "专题研究", "score": "3", "status": "computed"},
                  {"id": "2", "name": "方案", "score": "2", "status": "not_applicable"}],
        "findings": [{"kind": "item", "target": "1", "message": "item 1: reported 2, the rule gives 3"}],
    });
    let got = serde_json::json!({
        "total": "3.5", "grade": "差", "disqualified": false,
        "items": [{"id": "1", "name": "专题研究", "score": "1.5", "status": "computed"},
                  {"id": "2", "name": "方案", "score": "2", "status": "computed"}],
        "findings": [],
    });
    let text = cases::render(&cases::compare_snapshot(&expected, &got), "");
    assert_eq!(
        text,
        "total  expected 5  got 3.5\n\
         grade  expected 优  got 差\n\
         item 1 专题研究  expected 3  got 1.5\n\
         item 2 方案  expected 2 not_applicable  got 2\n\
         finding removed  item:1  (item 1: reported 2, the rule gives 3)\n"
    );
    let mut traced = got.clone();
    traced["items"][0]["trace"] = serde_json::json!(["a"]);
    let details = cases::compare_snapshot(&got, &traced);
    assert_eq!(
        details,
        [Mismatch::Detail {
            path: "items[0].trace".to_string(),
            expected: "null".to_string(),
            got: "[\"a\"]".to_string()
        }]
    );
}
