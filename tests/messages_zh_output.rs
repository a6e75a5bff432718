//! Reports and command output in Chinese: the 盛池镇 table and Markdown, a comparison
//! table, and the binary with `--lang zh`, with `LANG=zh_CN.UTF-8`, and `--lang en` over it.

mod common;

use std::path::{Path, PathBuf};

use rubric::base::i18n::{with_lang, Lang};
use rubric::check::model::Checked;
use rubric::data::bind::load;
use rubric::data::Format;
use rubric::eval::report::Report;
use rubric::eval::{evaluate, Options};
use rubric::render::Style;
use unicode_width::UnicodeWidthStr;

const RUBRIC_A: &str = "rubrics/lezhi-2022-performance-management.rubric";
const RUBRIC_2024: &str = "rubrics/lezhi-2024-performance-management.rubric";
const SHENGCHI: &str = "rubrics/data/lezhi-2022-performance-management/盛池镇.toml";
const PROJECTS: &str = "rubrics/data/lezhi-2023-project";

fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn checked(relative: &str) -> Checked {
    let text = std::fs::read_to_string(path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let (checked, diagnostics) = common::check(&text);
    checked.unwrap_or_else(|| panic!("{relative} does not check: {diagnostics:#?}"))
}

/// Scores a data file; call it inside `with_lang`, as traces and findings are written then.
fn report(rubric: &Checked, data: &Path) -> Report {
    let text = std::fs::read_to_string(data).unwrap_or_else(|e| panic!("{}: {e}", data.display()));
    let (data, diagnostics) = load(&text, Format::from_path(data).unwrap_or(Format::Toml), rubric);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    evaluate(rubric, &data, Options::default()).0
}

#[test]
fn shengchi_table_in_chinese() {
    let text = with_lang(Lang::Zh, || {
        let rubric = checked(RUBRIC_A);
        rubric::render::table(&report(&rubric, &path(SHENGCHI)), Style::Plain)
    });
    let header = text.lines().find(|l| l.starts_with("编号")).unwrap_or_else(|| panic!("no heading: {text}"));
    for word in ["指标", "分值", "得分", "自评分", "状态"] {
        assert!(header.contains(word), "{header}");
    }
    assert!(text.contains("合计 94 / 100（自评 94）   等级 良"), "{text}");
    assert!(text.contains("\n缺省项\n"), "{text}");
    assert!(text.contains("审核发现问题（2 项）"), "{text}");
    assert!(text.contains("未核实") && text.contains("计算"), "{text}");
    for english in
        ["(not applicable)", "(by rule)", "(claimed)", "\ntotal ", "   grade ", "\naudit", "unverified: their"]
    {
        assert!(!text.contains(english), "`{english}` left in English:\n{text}");
    }
    // The columns stay aligned under CJK headings: every status starts under 状态.
    let column = |line: &str, word: &str| line.rfind(word).and_then(|i| line.get(..i)).map(UnicodeWidthStr::width);
    let mut rows = 0;
    for line in text.lines() {
        let row = line.trim_end_matches(" ✗");
        if let Some(word) = ["计算", "评定", "缺省项", "未核实"].iter().find(|w| row.ends_with(&format!("  {w}")))
        {
            assert_eq!(column(row, word), column(header, "状态"), "\n{header}\n{line}");
            rows += 1;
        }
    }
    assert!(rows > 30, "{rows} item rows");
    insta::assert_snapshot!("shengchi_table_zh", text);
}

#[test]
fn shengchi_markdown_in_chinese() {
    let text = with_lang(Lang::Zh, || {
        let rubric = checked(RUBRIC_A);
        rubric::render::markdown(&report(&rubric, &path(SHENGCHI)))
    });
    assert!(text.contains("| 编号 | 指标 | 分值 | 得分 | 自评分 | 状态 | 计分说明 |"), "{text}");
    assert!(text.contains("**合计 94 / 100** · **等级 良**"), "{text}");
    assert!(text.contains("## 缺省项") && text.contains("## 审核发现问题"), "{text}");
    insta::assert_snapshot!("shengchi_markdown_zh", text);
}

#[test]
fn project_comparison_in_chinese() {
    let text = with_lang(Lang::Zh, || {
        let rubric = checked("rubrics/lezhi-2023-project.rubric");
        let files = common::sorted_entries(&path(PROJECTS));
        let reports: Vec<Report> = files.iter().map(|f| report(&rubric, f)).collect();
        rubric::render::comparison(&reports, &common::labels(&reports, &files))
    });
    for line in ["合计", "自评合计", "等级", "审核问题", "? 未核实（采用自评分）"] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(text.lines().any(|l| l.starts_with("编号") && l.contains("指标") && l.contains("分值")), "{text}");
    // Every row of the table is as wide as the heading row.
    let rows: Vec<&str> = text.lines().skip(2).take_while(|l| !l.is_empty()).collect();
    let width = rows.first().map_or(0, |l| UnicodeWidthStr::width(*l));
    assert!(rows.iter().all(|l| UnicodeWidthStr::width(*l) == width), "ragged:\n{}", rows.join("\n"));
    insta::assert_snapshot!("project_comparison_zh", text);
}

/// Runs the binary with no locale but the `env` given.
fn rubric(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = common::rubric_command(args);
    command.env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    common::run(&mut command)
}

#[test]
fn eval_with_lang_zh_prints_chinese_headings() {
    let (code, out, _) = rubric(&["eval", "--lang", "zh", RUBRIC_A, SHENGCHI], &[]);
    assert_eq!(code, 1, "the 盛池镇 audit has findings");
    assert!(out.lines().any(|l| l.starts_with("编号") && l.ends_with("状态")), "{out}");
    assert!(out.contains("合计 94 / 100（自评 94）   等级 良"), "{out}");
    assert!(out.contains("审核发现问题"), "{out}");
    let (_, markdown, _) = rubric(&["eval", RUBRIC_A, SHENGCHI, "--format", "markdown", "--lang", "zh"], &[]);
    assert!(markdown.contains("**合计 94 / 100** · **等级 良**"), "{markdown}");
}

#[test]
fn lang_from_the_environment_and_the_flag_over_it() {
    let zh = [("LANG", "zh_CN.UTF-8")];
    let (_, out, _) = rubric(&["eval", RUBRIC_A, SHENGCHI], &zh);
    assert!(out.contains("合计 94 / 100（自评 94）   等级 良"), "LANG=zh_CN gives Chinese: {out}");
    let (_, out, _) = rubric(&["eval", "--lang", "en", RUBRIC_A, SHENGCHI], &zh);
    assert!(out.contains("total 94 / 100 (reported 94)   grade 良"), "--lang en wins: {out}");
    assert!(!out.contains("合计"), "{out}");
    let (_, out, _) = rubric(&["eval", RUBRIC_A, SHENGCHI], &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")]);
    assert!(out.contains("total 94 / 100"), "LC_ALL comes before LANG: {out}");
    let (_, out, _) = rubric(&["check", RUBRIC_A], &zh);
    assert!(out.contains("通过") && out.contains("42 个指标"), "{out}");
}

#[test]
fn json_stays_the_same_in_chinese() {
    let (_, en, _) = rubric(&["eval", RUBRIC_A, SHENGCHI, "--format", "json"], &[]);
    let (_, zh, _) = rubric(&["eval", RUBRIC_A, SHENGCHI, "--format", "json", "--lang", "zh"], &[]);
    let (en, zh): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&en).expect("JSON"), serde_json::from_str(&zh).expect("JSON"));
    for key in ["total", "grade", "disqualified"] {
        assert_eq!(en[key], zh[key], "{key}");
    }
    let statuses = |v: &serde_json::Value| -> Vec<String> {
        v["items"].as_array().map_or(Vec::new(), |items| items.iter().map(|i| i["status"].to_string()).collect())
    };
    assert_eq!(statuses(&en), statuses(&zh), "statuses are interface words, never translated");
    assert!(statuses(&zh).iter().any(|s| s == "\"computed\""), "{:?}", statuses(&zh));
}

#[test]
fn diff_with_lang_zh() {
    let (code, out, err) = rubric(&["diff", "--lang", "zh", RUBRIC_A, RUBRIC_2024, "--data", SHENGCHI], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("处变化"), "{out}");
    assert!(out.contains("指标分值变更") && out.contains("28 请示报告：3 → 2"), "{out}");
    assert!(out.contains("对 1 个单位的影响"), "{out}");
    assert!(out.contains("原合计") && out.contains("新合计") && out.contains("汇总"), "{out}");
    // The kinds of change line up, CJK or not: every detail starts in the same column.
    let starts: Vec<usize> = out
        .lines()
        .skip_while(|l| !l.contains("处变化"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| {
            let rest = l.get(2..).unwrap_or_default();
            let after = rest.find(' ').and_then(|i| rest.get(i..)).unwrap_or_default().trim_start();
            UnicodeWidthStr::width(l) - UnicodeWidthStr::width(after)
        })
        .collect();
    assert!(starts.len() > 3 && starts.windows(2).all(|w| w[0] == w[1]), "{starts:?}\n{out}");
}

#[test]
fn test_with_lang_zh() {
    let (code, out, err) = rubric(&["test", "--lang", "zh", RUBRIC_A], &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("通过  ") && out.contains("个用例全部通过"), "{out}");

    let dir = std::env::temp_dir().join(format!("rubric-zh-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("t.tests")).expect("temp dir");
    std::fs::write(
        dir.join("t.rubric"),
        "rubric \"测试评分表\" max 3\ninput 专题研究次数: count\nsection 一 \"一、基础\" 3\n  item 1 \"专题研究\" 3\n    score 1.5 per 专题研究次数, at most 3\n",
    )
    .expect("write rubric");
    std::fs::write(
        dir.join("t.tests").join("one.toml"),
        "[inputs]\n\"专题研究次数\" = 1\n\n[expect]\ntotal = \"3\"\n\n[expect.items]\n\"1\" = \"3\"\n",
    )
    .expect("write case");
    let rubric_path = dir.join("t.rubric");
    let (code, out, _) = rubric(&["test", "--lang", "zh", rubric_path.to_str().unwrap_or_default()], &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("失败  "), "{out}");
    assert!(out.contains("合计  预期 3  实际 1.5"), "{out}");
    assert!(out.contains("指标 1 专题研究  预期 3  实际 1.5"), "{out}");
    assert!(out.contains("1 个用例未通过"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_chinese_template_loads_in_every_format() {
    with_lang(Lang::Zh, || {
        let rubric = checked(RUBRIC_A);
        for format in [Format::Toml, Format::Json, Format::Yaml] {
            let text = rubric::author::template::template(&rubric, format);
            let (data, diagnostics) = load(&text, format, &rubric);
            // A blank template names no unit yet: that warning only.
            let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
            assert!(
                codes == [rubric::base::diagnostic::Code::NoName] && data.parsed,
                "{format:?}: {diagnostics:#?}\n{text}"
            );
            if format == Format::Toml {
                assert!(text.contains("# 乐至县预算绩效管理工作考核评分表 —— 数据文件"), "{text}");
                assert!(text.contains("# —— 指标 1 专题研究（3 分）："), "{text}");
                assert!(text.contains("[not_applicable]   # 申报的缺省项"), "{text}");
            }
        }
    });
}
