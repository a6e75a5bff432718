//! Positions in UTF-16 code units, as the protocol requires: Chinese text, and a character
//! outside the Basic Multilingual Plane (two units), never shift a range.

use serde_json::json;

use crate::client::{position_of, slice, Client, URI};

/// Line 5 holds Chinese names and `𝟘` (U+1D7D8, two UTF-16 units) before an undefined name.
const TEXT: &str = "rubric \"t\" max 2\ninput 单位类型: text\ninput 有方案: yes/no\nsection 一 \"一\" 2\n  \
item 1 \"𝟙号指标\" 2\n    score 2 if 单位类型 = \"𝟘\" and 有方荤\n";

#[test]
fn ranges_on_a_chinese_line_count_utf16_units() {
    let mut client = Client::start("en");
    client.open(TEXT);
    let published = client.diagnostics();
    let diagnostic = &published["diagnostics"][0];
    // `    score 2 if ` 15 + `单位类型` 4 + ` = ` 3 + `"𝟘"` 4 + ` and ` 5 = 31; the name is 3 units.
    assert_eq!(
        diagnostic["range"],
        json!({ "start": { "line": 5, "character": 31 }, "end": { "line": 5, "character": 34 } })
    );
    assert_eq!(slice(TEXT, &diagnostic["range"]), "有方荤");

    // An incremental change inside the line, after the astral character: `荤` → `案`.
    client.change(2, json!({ "start": { "line": 5, "character": 33 }, "end": { "line": 5, "character": 34 } }), "案");
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));
    let fixed = TEXT.replace("有方荤", "有方案");

    // Definition and hover ranges on that line, asked for in the middle of the name.
    let at = json!({ "line": 5, "character": 32 });
    let definition = client.request("textDocument/definition", Client::at(at.clone()));
    assert_eq!(
        definition["range"],
        json!({ "start": { "line": 2, "character": 6 }, "end": { "line": 2, "character": 9 } })
    );
    let hover = client.request("textDocument/hover", Client::at(at));
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 5, "character": 31 }, "end": { "line": 5, "character": 34 } })
    );
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**input `有方案`** · yes/no"));

    // References of `单位类型`: the declaration and the use after `score 2 if `.
    let mut params = Client::at(position_of(&fixed, "单位类型 =", 1));
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", params);
    let starts: Vec<_> = references.as_array().unwrap().iter().map(|r| r["range"]["start"].clone()).collect();
    assert_eq!(starts, [json!({ "line": 1, "character": 6 }), json!({ "line": 5, "character": 15 })]);
    assert!(references.as_array().unwrap().iter().all(|r| r["uri"] == URI));

    // A completion at the end of the line replaces the word typed there, in UTF-16 units.
    client.change(
        3,
        json!({ "start": { "line": 5, "character": 34 }, "end": { "line": 5, "character": 34 } }),
        " or 单",
    );
    let completions = client.request("textDocument/completion", Client::at(json!({ "line": 5, "character": 39 })));
    let input = completions.as_array().unwrap().iter().find(|c| c["label"] == "单位类型").expect("单位类型 offered");
    assert_eq!(
        input["textEdit"]["range"],
        json!({ "start": { "line": 5, "character": 38 }, "end": { "line": 5, "character": 39 } })
    );
}

#[test]
fn the_outline_and_item_hover_on_a_line_with_an_astral_title() {
    let mut client = Client::start("en");
    client.open(&TEXT.replace("有方荤", "有方案"));
    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let item = &symbols.as_array().unwrap().iter().find(|s| s["kind"] == 3).unwrap()["children"][0];
    assert_eq!(item["name"], "1 𝟙号指标");
    assert_eq!(
        item["selectionRange"],
        json!({ "start": { "line": 4, "character": 7 }, "end": { "line": 4, "character": 8 } })
    );
    // The weight after the astral title: `  item 1 "` 10 + `𝟙号指标` 5 + `" ` 2 = 17.
    let hover = client.request("textDocument/hover", Client::at(json!({ "line": 4, "character": 17 })));
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**item 1 “𝟙号指标”** · weight 2"), "{hover}");
}
