//! Diagnostics as you type: published on open and after every change, with their codes, help
//! and related places, in the editor's language.

use serde_json::{json, Value};

use crate::client::{position_of, slice, Client, URI};

const TEXT: &str = "rubric \"t\" max 4\ninput 专题研究次数: count\nsection 一 \"一\" 4\n  item 1 \"专题\" 2\n    \
score 1 per 专题研究数, at most 2\n  item 1 \"重复\" 2\n    judged\n";

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn diagnostics_on_open_and_after_a_change_carry_codes_help_and_related_places() {
    let mut client = Client::start("en");
    client.open(TEXT);
    let published = client.diagnostics();
    assert_eq!((published["uri"].as_str(), &published["version"]), (Some(URI), &json!(1)));
    assert_eq!(codes(&published), ["rubric::undefined-name", "rubric::duplicate"]);

    let undefined = &published["diagnostics"][0];
    assert_eq!(slice(TEXT, &undefined["range"]), "专题研究数");
    assert_eq!((&undefined["severity"], &undefined["source"]), (&json!(1), &json!("rubric")));
    assert_eq!(
        undefined["message"],
        "`专题研究数` is not an input or a `let` of this item\nhelp: did you mean `专题研究次数`?"
    );

    let duplicate = &published["diagnostics"][1];
    assert_eq!(duplicate["message"].as_str().unwrap().lines().next(), Some("item id `1` is used twice"));
    assert!(duplicate["message"].as_str().unwrap().contains("\nhelp: ids are how data files"), "{duplicate}");
    let related = &duplicate["relatedInformation"][0];
    assert_eq!((related["location"]["uri"].as_str(), related["message"].as_str()), (Some(URI), Some("first use")));
    assert_eq!(related["location"]["range"]["start"], position_of(TEXT, "1 \"专题\"", 0));

    // Fix the name where it stands (an incremental change): only the duplicate id is left.
    client.change(2, undefined["range"].clone(), "专题研究次数");
    let after = client.diagnostics();
    assert_eq!((&after["version"], codes(&after)), (&json!(2), vec!["rubric::duplicate".to_string()]));

    // Fix the id too: nothing is left to say.
    let second_id = position_of(TEXT, "1 \"重复\"", 0);
    let end = json!({ "line": second_id["line"], "character": second_id["character"].as_u64().unwrap() + 1 });
    client.change(3, json!({ "start": second_id, "end": end }), "2");
    let clean = client.diagnostics();
    assert_eq!((&clean["version"], codes(&clean)), (&json!(3), Vec::<String>::new()));
}

#[test]
fn a_warning_points_at_the_rule_with_the_weight_related() {
    let mut client = Client::start("en");
    let text =
        "rubric \"t\" max 3\ninput n: count\nsection 一 \"一\" 3\n  item 1 \"x\" 3\n    score 1 per n, at most 2\n";
    client.open(text);
    let published = client.diagnostics();
    let warning = &published["diagnostics"][0];
    assert_eq!((&warning["code"], &warning["severity"]), (&json!("rubric::unreachable-weight"), &json!(2)));
    assert_eq!(slice(text, &warning["range"]), "score 1 per n, at most 2");
    assert_eq!(slice(text, &warning["relatedInformation"][0]["location"]["range"]), "3");
    assert_eq!(warning["relatedInformation"][0]["message"], "the weight");
}

#[test]
fn messages_follow_the_editors_locale_unless_lang_is_given() {
    let mut zh = Client::start("zh-cn");
    zh.open(TEXT);
    let message = zh.diagnostics()["diagnostics"][0]["message"].as_str().unwrap().to_string();
    assert_eq!(message, "`专题研究数` 既不是输入项，也不是本指标的 `let`（令）\n提示：是不是要写 `专题研究次数`？");

    let mut en = Client::start_with("zh-cn", &["--lang", "en"]);
    en.open(TEXT);
    let message = en.diagnostics()["diagnostics"][0]["message"].as_str().unwrap().to_string();
    assert!(message.starts_with("`专题研究数` is not an input"), "{message}");

    // An editor that says no locale: the environment's language.
    let mut from_environment = Client::start_in(Value::Null, &[], "zh_CN.UTF-8");
    from_environment.open(TEXT);
    let message = from_environment.diagnostics()["diagnostics"][0]["message"].as_str().unwrap().to_string();
    assert!(message.starts_with("`专题研究数` 既不是输入项"), "{message}");
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut client = Client::start("en");
    client.open(TEXT);
    assert_eq!(client.diagnostics()["diagnostics"].as_array().map(Vec::len), Some(2));
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));
    // Requests on a closed document get no answer but `null`.
    let hover = client.request("textDocument/hover", Client::at(json!({ "line": 4, "character": 18 })));
    assert_eq!(hover, Value::Null);
}
