//! `rubric fmt`: idempotent, and never changes what a rubric means.

mod common;

use proptest::prelude::*;
use rubric::author::fmt::format_source;
use rubric::base::limits::Limits;

/// Every rubric in the repository that parses: the real ones, fixtures, and
/// the non-error snapshot fixtures.
fn rubrics() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["rubrics", "tests/fixtures", "tests/check", "tests/syntax"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if path.extension().is_some_and(|e| e == "rubric") && !name.starts_with("err_") {
                out.push((format!("{dir}/{name}"), std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    out
}

/// The syntax tree's debug form with every `span: a..b` removed: the tree
/// as written, whatever its layout.
fn without_spans(tree: &rubric::lower::ast::Rubric) -> String {
    let text = format!("{tree:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("span: ") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 6..).unwrap_or("");
        let end = after.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(after.len());
        rest = after.get(end..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn fmt(text: &str) -> String {
    format_source(text, &Limits::default()).unwrap_or_else(|d| panic!("does not format: {d:#?}"))
}

#[test]
fn formatting_is_idempotent_and_keeps_the_meaning() {
    let all = rubrics();
    assert!(all.len() >= 8, "{}", all.len());
    for (name, text) in all {
        let once = fmt(&text);
        assert_eq!(fmt(&once), once, "{name}: fmt(fmt(x)) != fmt(x)");
        let (before, _) = rubric::lower::lower(&text, &Limits::default());
        let (after, _) = rubric::lower::lower(&once, &Limits::default());
        assert_eq!(without_spans(&before), without_spans(&after), "{name}: formatting changed the meaning");
        let comments = |t: &str| t.lines().filter(|l| l.contains('#') || l.contains("//")).count();
        assert_eq!(comments(&text), comments(&once), "{name}: comments kept");
    }
}

#[test]
fn the_shipped_rubrics_are_formatted() {
    for (name, text) in rubrics().into_iter().filter(|(n, _)| n.starts_with("rubrics/")) {
        assert_eq!(fmt(&text), text, "{name} is not formatted: run `rubric fmt {name}`");
    }
}

#[test]
fn layout_rules() {
    let messy = "rubric  \"测试\"   max 5\r\n\r\n\r\ninput 次数 :count\nsection 一 \"一\" 5 # 一级\n      item 1 \"专题研究\" 3\n         score min( 3 ,1.5×次数 )\n      item 22 \"长一点的名字\" 2\n         得分 2 分 若 次数 >= 1\n";
    let expected = "rubric \"测试\" max 5\n\ninput 次数: count\n\nsection 一 \"一\" 5  # 一级\n  item 1 \"专题研究\"      3\n    score min(3, 1.5 × 次数)\n  item 22 \"长一点的名字\" 2\n    得分 2 分 若 次数 >= 1\n";
    assert_eq!(fmt(messy), expected);
}

#[test]
fn a_file_that_does_not_parse_is_refused() {
    assert!(format_source("rubric \"x\"\nitem 1 \"a\"\n", &Limits::default()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Layout noise (deeper indentation, trailing spaces) formats to the same text.
    #[test]
    fn layout_noise_formats_away(which in 0usize..4, factor in 1usize..4, trailing in proptest::collection::vec(0usize..3, 1..50)) {
        let shipped: Vec<(String, String)> = rubrics().into_iter().filter(|(n, _)| n.starts_with("rubrics/")).collect();
        let Some((_, text)) = shipped.get(which % shipped.len().max(1)) else { return Ok(()) };
        let noisy: String = text
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let content = line.trim_start();
                let indent = (line.len() - content.len()) * factor;
                format!("{}{content}{}\n", " ".repeat(indent), " ".repeat(trailing.get(i % trailing.len()).copied().unwrap_or(0)))
            })
            .collect();
        prop_assert_eq!(fmt(&noisy), fmt(text));
    }
}

#[test]
fn the_keyword_table_matches_the_grammar() {
    use pest::Parser;
    use rubric::syntax::{is_keyword_rule, RubricParser, Rule};
    let mut seen = 0;
    for (_, text) in rubrics() {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let Ok(pairs) = RubricParser::parse(Rule::line, line) else { continue };
            for pair in pairs.flatten() {
                let by_name = format!("{:?}", pair.as_rule()).starts_with("kw_");
                assert_eq!(is_keyword_rule(pair.as_rule()), by_name, "{:?}", pair.as_rule());
                seen += usize::from(by_name);
            }
        }
    }
    assert!(seen > 100);
}
