//! Every feature at every place of every shipped rubric, whole and cut short: an answer or none,
//! never a panic (the features run in the server's one thread).

use rubric::base::i18n::{with_lang, Lang};
use rubric::lsp::document::Document;
use rubric::lsp::{completion, fixes, hover, rename, symbols};

use crate::client::Client;

fn rubrics() -> Vec<String> {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/rubrics");
    let mut texts: Vec<String> = std::fs::read_dir(folder)
        .expect("rubrics/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "rubric"))
        .map(|path| std::fs::read_to_string(path).expect("a rubric"))
        .collect();
    texts.push(crate::ZH.to_string());
    texts
}

/// Runs every feature at every `step`-th character of `text`.
fn everywhere(text: &str, step: usize) -> usize {
    let mut document = Document::new(text);
    let view = document.view();
    let mut answers = 0;
    assert!(symbols::outline(&view).len() <= text.len());
    for (n, (at, _)) in text.char_indices().chain(std::iter::once((text.len(), ' '))).enumerate() {
        if n % step != 0 {
            continue;
        }
        answers += usize::from(hover::hover(&view, at).is_some());
        answers += completion::complete(&view, at, Lang::Zh).items.len();
        answers += usize::from(rename::definition(&view, at).is_some());
        answers += rename::references(&view, at, true).len();
        answers += usize::from(rename::prepare(&view, at).is_some());
        answers += usize::from(rename::rename(&view, at, "新名称").is_ok());
        answers += fixes::quick_fixes(&view, &(at..at)).len();
    }
    answers
}

#[test]
fn every_feature_answers_everywhere_in_the_shipped_rubrics() {
    for text in rubrics() {
        let answers = with_lang(Lang::En, || everywhere(&text, 5));
        assert!(answers > 100, "{answers} answers");
    }
}

#[test]
fn every_feature_answers_everywhere_in_rubrics_cut_short() {
    for text in rubrics() {
        let cuts: Vec<usize> =
            text.char_indices().map(|(at, _)| at).filter(|at| at % 997 == 0 || at % 1009 == 0).collect();
        for cut in cuts.into_iter().take(6) {
            with_lang(Lang::Zh, || everywhere(&text[..cut], 11));
        }
    }
}

#[test]
fn bad_requests_get_errors_and_the_server_keeps_serving() {
    let mut client = Client::start("en");
    client.open(crate::ZH);
    let unknown = client.request_raw("rubric/unknown", serde_json::json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad = client.request_raw("textDocument/hover", serde_json::json!({ "textDocument": 3 }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let beyond = client.request("textDocument/hover", Client::at(serde_json::json!({ "line": 999, "character": 999 })));
    assert_eq!(beyond, serde_json::Value::Null);
    let symbols = client
        .request("textDocument/documentSymbol", serde_json::json!({ "textDocument": { "uri": crate::client::URI } }));
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
}
