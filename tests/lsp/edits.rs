//! Formatting through `rubric fmt`, quick fixes from the diagnostics' help, and the outline.

use serde_json::{json, Value};

use crate::client::{apply, slice, Client, URI};
use crate::open_rubric_a;

const HEAD: &str = "rubric \"t\" max 2\ninput 专题研究次数: count\nsection 一 \"一\" 2\n  item 1 \"x\" 2\n";

/// The quick fixes offered over the first diagnostic of `text`, and `text` with each applied.
fn fixes(locale: &str, text: &str) -> Vec<(String, String)> {
    let mut client = Client::start(locale);
    client.open(text);
    let published = client.diagnostics();
    let diagnostic = published["diagnostics"][0].clone();
    let params = json!({
        "textDocument": { "uri": URI },
        "range": diagnostic["range"],
        "context": { "diagnostics": [diagnostic], "only": ["quickfix"] }
    });
    let actions = client.request("textDocument/codeAction", params);
    actions
        .as_array()
        .unwrap()
        .iter()
        .map(|action| {
            assert_eq!((&action["kind"], &action["isPreferred"]), (&json!("quickfix"), &json!(true)));
            assert_eq!(action["diagnostics"][0]["code"], diagnostic["code"]);
            let fixed = apply(text, &action["edit"]["changes"][URI]);
            (action["title"].as_str().unwrap().to_string(), fixed.lines().last().unwrap().to_string())
        })
        .collect()
}

#[test]
fn a_did_you_mean_is_a_quick_fix() {
    let fixed = fixes("en", &format!("{HEAD}    score 1 per 专题研究数, at most 2\n"));
    assert_eq!(
        fixed,
        [("Change `专题研究数` to `专题研究次数`".to_string(), "    score 1 per 专题研究次数, at most 2".to_string())]
    );
}

#[test]
fn full_width_digits_are_a_quick_fix() {
    let fixed = fixes("zh-cn", &format!("{HEAD}    score １.５ per 专题研究次数, at most ２\n"));
    assert_eq!(
        fixed,
        // One fix writes the whole line half-width, from its first full-width character to its last.
        [(
            "把 `１.５ per 专题研究次数, at most ２` 改为 `1.5 per 专题研究次数, at most 2`".to_string(),
            "    score 1.5 per 专题研究次数, at most 2".to_string()
        )]
    );
}

#[test]
fn a_missing_closing_quote_is_a_quick_fix() {
    let fixed = fixes("en", &format!("{HEAD}    judged 「酌情扣分\n"));
    assert_eq!(fixed, [("Insert `」`".to_string(), "    judged 「酌情扣分」".to_string())]);
    let fixed = fixes("en", &format!("{HEAD}    judged \"酌情扣分\n"));
    assert_eq!(fixed, [("Insert `\"`".to_string(), "    judged \"酌情扣分\"".to_string())]);
}

#[test]
fn formatting_is_rubric_fmt() {
    let messy = "rubric   \"t\" max 4\ninput  n : count\nsection 一 \"一\" 4\n    item 1 \"x\"   2\n        score 2 if n>0\n    \
item 22 \"y\" 2\n        judged\n";
    let mut client = Client::start("en");
    client.open(messy);
    let params = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = client.request("textDocument/formatting", params.clone());
    let formatted = apply(messy, &edits);
    let expected = rubric::author::fmt::format_source(messy, &rubric::base::limits::Limits::default()).unwrap();
    assert_eq!(formatted, expected);
    assert_ne!(formatted, messy);
    // Formatted text needs no edit; a text that does not parse gets none either.
    client.change(
        2,
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } }),
        &formatted,
    );
    assert_eq!(client.request("textDocument/formatting", params.clone()), json!([]));
    client.change(
        3,
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } }),
        "item (",
    );
    assert_eq!(client.request("textDocument/formatting", params), Value::Null);
}

#[test]
fn the_outline_is_the_section_and_item_tree_with_weights() {
    let (a, mut client) = open_rubric_a("zh-cn");
    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let symbols = symbols.as_array().unwrap();
    let sections: Vec<(&str, &str)> = symbols
        .iter()
        .filter(|s| s["kind"] == 3)
        .map(|s| (s["name"].as_str().unwrap(), s["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sections,
        [
            ("一 一、基础管理", "15 分"),
            ("二 二、过程管理", "74 分"),
            ("三 三、培训宣传", "11 分"),
            ("四 四、加分项", "最多 8 分"),
            ("五 五、减分项", "最多 6 分")
        ]
    );
    assert_eq!(
        symbols.first().map(|s| (s["name"].as_str(), s["kind"].as_u64())),
        Some((Some("乐至县预算绩效管理工作考核评分表"), Some(1)))
    );
    let inputs = symbols.iter().filter(|s| s["kind"] == 13).count();
    assert_eq!(inputs, a.lines().filter(|l| l.starts_with("input ")).count());
    let first = &symbols.iter().find(|s| s["kind"] == 3).unwrap()["children"][0];
    let item = &first["children"][0];
    assert_eq!(
        (first["name"].as_str(), item["name"].as_str(), item["detail"].as_str()),
        (Some("一.1 （一）领导重视"), Some("1 专题研究"), Some("3 分"))
    );
    assert_eq!(slice(&a, &item["selectionRange"]), "1");
    assert!(slice(&a, &item["range"]).ends_with("score 1.5 per 专题研究次数, at most 3"));
    let items = count_items(symbols);
    assert_eq!(items, a.lines().filter(|l| l.trim_start().starts_with("item ")).count());
}

fn count_items(symbols: &[Value]) -> usize {
    symbols.iter().map(|s| usize::from(s["kind"] == 8) + s["children"].as_array().map_or(0, |c| count_items(c))).sum()
}
