//! Hover and completion texts in Chinese and English, through the protocol: snapshots of what an
//! author reads.

use serde_json::json;

use crate::client::{position_of, slice, Client};
use crate::{open_rubric_a, ZH};

/// The hover at the `extra`-th character of `needle`: its range's text and its Markdown.
fn hover(client: &mut Client, text: &str, needle: &str, extra: usize) -> String {
    let result = client.request("textDocument/hover", Client::at(position_of(text, needle, extra)));
    assert_eq!(result["contents"]["kind"], "markdown", "{result}");
    let on = slice(text, &result["range"]);
    format!("── hover on `{on}`\n{}\n", result["contents"]["value"].as_str().unwrap())
}

/// Every hover an author meets in rubric A and in a rubric written in Chinese keywords.
fn hovers(locale: &str) -> String {
    let mut out = String::new();
    let (a, mut client) = open_rubric_a(locale);
    for (needle, extra) in [
        ("13 \"指标细化量化\"", 0), // an item that can never reach its weight
        ("1 \"专题研究\"", 0),      // an item capped by `at most`
        ("8 \"事前绩效评估\"", 0),  // an item kept at 0 by `max(0, …)` and a require
        ("21 \"绩效归纳\"", 0),     // a judged item
        ("一.1 \"（一）", 0),       // a section
        ("加分项\" at most", 0),    // (the bonus section's line)
        ("专题研究次数: count", 2), // an input's declaration
        ("per 专题研究次数", 0),    // a keyword
        ("max(0, 应事前", 1),       // a function
        ("half-up", 2),             // a rounding mode
    ] {
        out.push_str(&hover(&mut client, &a, needle, extra));
    }
    drop(client);
    let mut client = Client::start(locale);
    client.open(ZH);
    for (needle, extra) in [("每 专题", 0), ("若 应评估数", 0), ("差额 扣", 0), ("有方案\n", 0), ("2 \"事前评估\"", 0)]
    {
        out.push_str(&hover(&mut client, ZH, needle, extra));
    }
    out
}

#[test]
fn hover_texts_in_english() {
    insta::assert_snapshot!("hover_en", hovers("en"));
}

#[test]
fn hover_texts_in_chinese() {
    insta::assert_snapshot!("hover_zh", hovers("zh-cn"));
}

/// The completions at `marker` (removed from the text) after `after` is inserted there: one line
/// each, label, kind, detail and documentation.
fn completions(client: &mut Client, text: &str, version: &mut i64, at: &str, typed: &str) -> String {
    let start = position_of(text, at, 0);
    *version += 1;
    client.change(*version, json!({ "start": start, "end": start }), typed);
    let edited = text.replacen(at, &format!("{typed}{at}"), 1);
    let cursor = position_of(&edited, &format!("{typed}{at}"), typed.chars().count());
    let result = client.request("textDocument/completion", Client::at(cursor.clone()));
    let mut out = format!("── completions after {typed:?}\n");
    for item in result.as_array().unwrap() {
        let kind = match item["kind"].as_u64() {
            Some(14) => "keyword",
            Some(6) => "name",
            Some(3) => "function",
            Some(11) => "unit",
            Some(12) => "id",
            _ => "?",
        };
        let detail = item["detail"].as_str().unwrap_or("");
        let documentation = item["documentation"]["value"].as_str().unwrap_or("");
        let label = item["label"].as_str().unwrap();
        match documentation {
            "" => out.push_str(&format!("{label} [{kind}] {detail}\n")),
            _ => out.push_str(&format!("{label} [{kind}] {detail} — {documentation}\n")),
        }
        assert_eq!(item["textEdit"]["range"]["end"], cursor, "{item}");
    }
    // Undo the insertion so the next case starts from the same text.
    *version += 1;
    client.change(*version, json!({ "start": start, "end": cursor }), "");
    out
}

fn all_completions(locale: &str) -> String {
    let mut out = String::new();
    let mut client = Client::start(locale);
    client.open(ZH);
    let mut version = 1;
    let zh_cases: [(&str, &str); 6] = [
        ("\n  指标 3", "\n    "),          // a statement under item 2
        ("\n  指标 3", "\n  指标 "),       // the next item id
        ("\n  指标 3", "\n部分 "),         // the next section id
        ("\n  指标 3", "\n    得分 若 "),  // an expression inside item 2 (its `let` too)
        ("\n  指标 3", "\n输入 金额数："), // after `input name:`, a type
        ("\n  指标 3", "\n    得分 3 "),   // after a number of points
    ];
    for (at, typed) in zh_cases {
        out.push_str(&completions(&mut client, ZH, &mut version, at, typed));
    }
    drop(client);
    let (a, mut client) = open_rubric_a(locale);
    let mut version = 1;
    let en_cases: [(&str, &str); 4] = [
        ("\n    item 2 \"领导小组\"", "\n      "), // a statement under item 1
        ("\n  section 一.2", "\n  section "),      // the next section id under 一
        ("\nbonus", "\nrubric \"t\" "),            // header properties
        ("\nbonus", "\ninput 新: "),               // a type
    ];
    for (at, typed) in en_cases {
        out.push_str(&completions(&mut client, &a, &mut version, at, typed));
    }
    out
}

#[test]
fn completion_texts_in_english() {
    insta::assert_snapshot!("completion_en", all_completions("en"));
}

#[test]
fn completion_texts_in_chinese() {
    insta::assert_snapshot!("completion_zh", all_completions("zh-cn"));
}

#[test]
fn an_expression_in_rubric_a_offers_every_input_and_the_functions() {
    let (a, mut client) = open_rubric_a("en");
    let mut version = 1;
    let listed = completions(&mut client, &a, &mut version, "\n    item 2 \"领导小组\"", "\n      score 2 if ");
    let inputs = a.lines().filter(|l| l.starts_with("input ")).count();
    assert_eq!(listed.matches("[name]").count(), inputs, "{listed}");
    for expected in ["min [function]", "max [function]", "if [keyword]", "not [keyword]", "yes [keyword]"] {
        assert!(listed.contains(expected), "{expected}: {listed}");
    }
}
