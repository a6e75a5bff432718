//! The `rubric` binary end to end: exit codes, formats, colour.

mod common;

const RUBRIC_A: &str = "rubrics/lezhi-2022-performance-management.rubric";
const RUBRIC_TITLE_A: &str = "乐至县预算绩效管理工作考核评分表";
const SHENGCHI: &str = "rubrics/data/lezhi-2022-performance-management/盛池镇.toml";

fn rubric(args: &[&str]) -> (i32, String, String) {
    // English whatever the machine's locale: the assertions below read English messages.
    common::run(common::rubric_command(args).env_remove("NO_COLOR"))
}

#[test]
fn check_a_clean_rubric_exits_0_and_shows_the_warning() {
    let (code, out, err) = rubric(&["check", RUBRIC_A]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("42 items, 32 sections, 52 inputs (1 warning)"), "{out}");
    assert!(err.contains("rubric::unreachable-weight"), "{err}");
}

#[test]
fn check_a_broken_rubric_exits_1() {
    let text = "rubric \"坏\" max 2\nsection 一 \"一\" 2\n  item 1 \"项\" 2\n    score 2 if 没有这个输入\n";
    let path = common::temp_file("rubric-cli-test", "bad.rubric", text);
    let (code, out, err) = rubric(&["check", path.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(out.contains("failed"), "{out}");
    assert!(err.contains("rubric::undefined-name"), "{err}");
}

#[test]
fn eval_with_findings_exits_1_and_prints_the_table() {
    let (code, out, _) = rubric(&["eval", RUBRIC_A, SHENGCHI]);
    assert_eq!(code, 1, "the 盛池镇 audit has findings");
    assert!(out.contains("total 94 / 100 (reported 94)   grade 良"), "{out}");
    assert!(out.contains("item 24 自评抽查: reported 3, the rule gives 4"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn eval_json_has_the_pinned_keys_and_decimal_strings() {
    let (_, out, _) = rubric(&["eval", RUBRIC_A, SHENGCHI, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    for key in [
        "rubric",
        "unit",
        "max",
        "total",
        "grade",
        "disqualified",
        "items",
        "sections",
        "bonus",
        "deduction",
        "findings",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(json["total"], "94");
    assert_eq!(json["rubric"]["title"], "乐至县预算绩效管理工作考核评分表");
    let item = &json["items"][0];
    for key in ["id", "name", "path", "max", "score", "status", "reason", "reported", "trace"] {
        assert!(item.get(key).is_some(), "item lacks {key}");
    }
    assert!(json["items"].as_array().is_some_and(|items| items.iter().all(|i| i["max"].is_string())));
    let finding = &json["findings"][0];
    for key in ["kind", "target", "reported", "computed", "message"] {
        assert!(finding.get(key).is_some(), "finding lacks {key}");
    }
    assert_eq!(json["sections"][0]["id"], "一");
}

#[test]
fn eval_of_many_units_points_to_batch_and_of_a_few_does_not() {
    let dir = std::env::temp_dir().join("rubric-cli-test-many");
    let _ = std::fs::remove_dir_all(&dir);
    let shown = dir.to_string_lossy().into_owned();
    let (code, _, err) = rubric(&["generate", RUBRIC_A, "13", "--out", &shown]);
    assert_eq!(code, 0, "{err}");
    let (_, out, err) = rubric(&["eval", RUBRIC_A, &shown]);
    assert!(out.contains("模拟单位13"), "{out}");
    let hint = format!("note: 13 units side by side; `rubric batch {RUBRIC_A} {shown} --out county.xlsx`");
    assert!(err.contains(&hint), "{err}");
    let (_, _, err) = rubric(&["eval", RUBRIC_A, &shown, "--format", "json"]);
    assert!(!err.contains("side by side"), "JSON is not a table: {err}");
    let (_, out, err) = rubric(&["eval", RUBRIC_A, "rubrics/data/lezhi-2022-performance-management/"]);
    assert!(out.contains(RUBRIC_TITLE_A), "{out}");
    assert!(!err.contains("side by side"), "a few units fit: {err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_markdown() {
    let (_, out, _) = rubric(&["eval", RUBRIC_A, SHENGCHI, "--format", "markdown"]);
    assert!(out.starts_with("# 乐至县预算绩效管理工作考核评分表"), "{out}");
    assert!(out.contains("**Total 94 / 100** · **Grade 良**"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = rubric(&["eval", RUBRIC_A]);
    assert_eq!(code, 2);
    let (code, _, _) = rubric(&["eval", RUBRIC_A, SHENGCHI, "--format", "pdf"]);
    assert_eq!(code, 2);
    let (code, _, err) = rubric(&["eval", RUBRIC_A, "unit.docx"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_missing_file_is_an_error() {
    let (code, _, err) = rubric(&["eval", RUBRIC_A, "nowhere/盛池镇.toml"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn invalid_utf8_data_is_located() {
    let mut bytes = b"[unit]\nname = \"".to_vec();
    bytes.extend_from_slice(&[0xC0, 0xD6, 0xD6, 0xC1]); // 乐至 in GBK
    bytes.extend_from_slice(b"\"\n");
    let path = common::temp_file("rubric-cli-test", "gbk.toml", bytes);
    let (code, _, err) = rubric(&["eval", RUBRIC_A, path.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(err.contains("data::encoding") && err.contains("not valid UTF-8") && err.contains("UTF-8"), "{err}");
    assert!(err.contains(":2:9]"), "located at line 2, column 9: {err}");
}

/// Runs the binary with `LANG` set, as on a Chinese desktop.
fn rubric_in(lang: &str, args: &[&str]) -> (i32, String, String) {
    common::run(common::rubric_command(args).env("LANG", lang))
}

/// `--help` follows `--lang` and `LANG`: Chinese descriptions, headings and
/// flags, and every subcommand's examples in both languages.
#[test]
fn help_is_in_chinese_with_examples_in_both_languages() {
    let (code, out, _) = rubric(&["--lang", "zh", "--help"]);
    assert_eq!(code, 0);
    for text in ["用法:", "命令:", "选项:", "按评分表为数据文件计分，并审核单位自评", "显示帮助", "显示版本号"]
    {
        assert!(out.contains(text), "{text}: {out}");
    }
    assert!(!out.contains("Usage:") && !out.contains("Print help"), "{out}");
    for sub in ["check", "eval", "test", "diff", "fmt", "template", "batch", "generate"] {
        let (code, zh, _) = rubric_in("zh_CN.UTF-8", &[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(zh.contains("用法: rubric") && zh.contains("示例:\n  rubric "), "{sub}: {zh}");
        assert!(!zh.contains("Options:") && !zh.contains("Arguments:"), "{sub}: {zh}");
        let (_, en, _) = rubric(&[sub, "--help"]);
        assert!(en.contains("Usage: rubric") && en.contains("Examples:\n  rubric "), "{sub}: {en}");
    }
    let (_, eval, _) = rubric(&["--lang", "zh", "eval", "--help"]);
    assert!(eval.contains("输出格式：table（终端表格）") && eval.contains("（默认：table）"), "{eval}");
    assert!(eval.contains("为一个单位计分并审核其自评"), "{eval}");
    // `help <command>` says the same as `<command> --help`.
    let (code, help, _) = rubric(&["--lang", "zh", "help", "eval"]);
    assert_eq!((code, help), (0, eval));
    // `--lang en` wins over a Chinese LANG.
    let (_, en, _) = rubric_in("zh_CN.UTF-8", &["--lang", "en", "check", "--help"]);
    assert!(en.contains("Check rubric files"), "{en}");
}

/// The `help:` label of a diagnostic is Chinese too, as wide as `help: `.
#[test]
fn the_help_label_is_chinese() {
    let dir = std::env::temp_dir().join(format!("rubric-cli-help-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let data = dir.join("数据.toml");
    std::fs::write(&data, "[unit]\nname = \"测试镇\"\nyear = 2022\n[inputs]\n\"专题研究次数\" ＝ 2\n")
        .expect("written");
    let (_, _, err) = rubric_in("zh_CN.UTF-8", &["eval", RUBRIC_A, data.to_str().unwrap_or_default()]);
    assert!(err.contains("  帮助：应写作 `\"专题研究次数\" = 2`"), "{err}");
    assert!(!err.contains("help:"), "{err}");
    let (_, _, err) = rubric(&["eval", RUBRIC_A, data.to_str().unwrap_or_default()]);
    assert!(err.contains("  help: write `\"专题研究次数\" = 2`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two units with the same name side by side: each with its file beside it.
#[test]
fn eval_tells_units_with_the_same_name_apart() {
    let dir = std::env::temp_dir().join(format!("rubric-cli-same-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for name in ["甲.toml", "乙.toml"] {
        std::fs::copy(SHENGCHI, dir.join(name)).expect("copied");
    }
    let (_, out, _) = rubric(&["eval", RUBRIC_A, dir.to_str().unwrap_or_default()]);
    assert!(out.contains("[1] 乐至县盛池镇人民政府 (乙)") && out.contains("[2] 乐至县盛池镇人民政府 (甲)"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
