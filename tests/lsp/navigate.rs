//! Go to definition, find references and rename, for inputs, `let`s and section and item ids.

use serde_json::json;

use crate::client::{apply, position_of, slice, Client, URI};
use crate::{open_rubric_a, ZH};

#[test]
fn definition_and_references_of_an_input_in_rubric_a() {
    let (a, mut client) = open_rubric_a("en");
    let use_at = position_of(&a, "per max(0, 应事前评估项目数", 13);
    let definition = client.request("textDocument/definition", Client::at(use_at.clone()));
    assert_eq!(definition["uri"], URI);
    assert_eq!(definition["range"]["start"], position_of(&a, "应事前评估项目数: count", 0));
    assert_eq!(slice(&a, &definition["range"]), "应事前评估项目数");

    let mut params = Client::at(use_at);
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", params.clone());
    let spans: Vec<&str> = references.as_array().unwrap().iter().map(|r| slice(&a, &r["range"])).collect();
    // The declaration, the `require`, item 8's `not-applicable if` and its rule (not the text of
    // the require's message, which only mentions the name).
    assert_eq!(spans, vec!["应事前评估项目数"; 4]);
    let lines: Vec<u64> =
        references.as_array().unwrap().iter().map(|r| r["range"]["start"]["line"].as_u64().unwrap()).collect();
    let line_of = |needle: &str| a[..a.find(needle).unwrap()].matches('\n').count() as u64;
    assert_eq!(
        lines,
        [
            line_of("input 应事前"),
            line_of("require 已事前"),
            line_of("not-applicable if 应事前"),
            line_of("per max(0, 应事前")
        ]
    );
    params["context"] = json!({ "includeDeclaration": false });
    let uses = client.request("textDocument/references", params);
    assert_eq!(uses.as_array().map(Vec::len), Some(3));
}

#[test]
fn renaming_an_input_touches_every_use_and_the_rubric_still_checks() {
    let (a, mut client) = open_rubric_a("en");
    let at = position_of(&a, "score 1.5 per 专题研究次数", 14);
    let prepared = client.request("textDocument/prepareRename", Client::at(at.clone()));
    assert_eq!(slice(&a, &prepared), "专题研究次数");
    let mut params = Client::at(at);
    params["newName"] = json!("党委专题研究次数");
    let edit = client.request("textDocument/rename", params);
    let edits = &edit["changes"][URI];
    assert_eq!(edits.as_array().map(Vec::len), Some(a.matches("专题研究次数").count()));
    let renamed = apply(&a, edits);
    assert_eq!(renamed.matches("党委专题研究次数").count(), a.matches("专题研究次数").count());
    let (checked, diagnostics) = rubric::check::check_source(&renamed, &rubric::base::limits::Limits::default());
    assert!(checked.is_some(), "{diagnostics:?}");
}

#[test]
fn renaming_lets_and_ids_and_refusing_a_taken_name() {
    let mut client = Client::start("zh-cn");
    client.open(ZH);
    let mut params = Client::at(position_of(ZH, "差额 扣", 0));
    params["newName"] = json!("少评数");
    let edits = client.request("textDocument/rename", params)["changes"][URI].clone();
    let renamed = apply(ZH, &edits);
    assert!(renamed.contains("令 少评数 = 应评估数 - 已评估数") && renamed.contains("每 少评数 扣 1 分"), "{renamed}");

    let mut params = Client::at(position_of(ZH, "一 \"一、", 0));
    params["newName"] = json!("第一部分 基础");
    let edits = client.request("textDocument/rename", params)["changes"][URI].clone();
    assert!(apply(ZH, &edits).contains("部分 \"第一部分 基础\" \"一、基础管理\""));

    let mut params = Client::at(position_of(ZH, "3 \"实施方案\"", 0));
    params["newName"] = json!("1");
    let refused = client.request_raw("textDocument/rename", params);
    assert_eq!(refused["error"]["message"], "编号 `1` 已经用过了", "{refused}");

    let mut params = Client::at(position_of(ZH, "有方案：", 0));
    params["newName"] = json!("若");
    let refused = client.request_raw("textDocument/rename", params);
    assert!(refused["error"]["message"].as_str().unwrap().contains("不能作为名称"), "{refused}");

    // Nothing to rename on a keyword.
    let prepared = client.request("textDocument/prepareRename", Client::at(position_of(ZH, "得分 每", 0)));
    assert_eq!(prepared, serde_json::Value::Null);
}
