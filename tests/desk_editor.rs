//! The rubric page's API against a real `rubric serve` with a real database:
//! the editor's check, hover and completion are the language server's own
//! answers; drafts keep versions; every endpoint is the bureau's only (a unit
//! gets 403, no or a wrong token 401); a browser session's posts need the
//! CSRF token; bad input is refused with nothing stored.

mod desk_support;

use desk_support::*;
use rubric::base::i18n::{with_lang, Lang};
use rubric::lsp::document::Document;
use rubric::lsp::position::Position;
use serde_json::{json, Value};

const JSON: &str = "application/json";

fn rubric_a() -> String {
    std::fs::read_to_string(format!("rubrics/{RUBRIC_A}.rubric")).unwrap()
}

fn drafts(path: &str) -> String {
    format!("/api/v1/rubrics/{RUBRIC_A}/text{path}")
}

/// Rubric A with item 2's weight lowered to 1: section 一.1 adds up to 4, not 5.
fn weights_broken() -> String {
    rubric_a().replacen("item 2 \"领导小组\" 2", "item 2 \"领导小组\" 1", 1)
}

#[test]
fn every_endpoint_is_the_bureaus_a_unit_gets_403_and_no_token_401() {
    let desk = Desk::serving("editor-roles", rubric_a_folder);
    let text = json!({"text": rubric_a(), "position": {"line": 0, "character": 0}});
    let endpoints = [
        ("GET", "/api/v1/language".to_string()),
        ("POST", "/api/v1/check".to_string()),
        ("POST", "/api/v1/hover".to_string()),
        ("POST", "/api/v1/complete".to_string()),
        ("GET", drafts("")),
        ("GET", drafts("/drafts")),
        ("POST", drafts("/drafts")),
        ("GET", drafts("/drafts/1")),
        ("POST", drafts("/drafts/1/impact")),
        ("POST", drafts("/drafts/1/publish")),
    ];
    for (method, path) in &endpoints {
        let call = |auth: Option<&str>| {
            let mut call = Call::new(method, path).body(JSON, text.to_string());
            if let Some(token) = auth {
                call = call.bearer(token);
            }
            send(&desk.agent, &desk.server.url, call)
        };
        let unit = call(Some(&desk.unit));
        assert_eq!(unit.status, 403, "{method} {path} by a unit: {}", unit.text());
        assert!(unit.json()["error"].as_str().unwrap().contains("财政局"), "{}", unit.text());
        assert_eq!(call(None).status, 401, "{method} {path} without a token");
        assert_eq!(call(Some("0123456789abcdef0123456789abcdef")).status, 401, "{method} {path} with a wrong token");
    }
    // Nothing was stored by the refused calls.
    assert_eq!(desk.get(&drafts("/drafts"), &desk.bureau).json(), json!([]));
    // The page itself: the bureau's, "not found" for a unit.
    let page = |token: &str| {
        let cookie = sign_in(&desk, token);
        send(&desk.agent, &desk.server.url, Call::new("GET", &format!("/r/{RUBRIC_A}/edit")).header("Cookie", cookie))
    };
    let bureau = page(&desk.bureau);
    assert_eq!(bureau.status, 200);
    let policy = bureau.header("content-security-policy").unwrap();
    let nonce = policy.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(nonce.len() >= 32 && bureau.text().contains(&format!("data-nonce=\"{nonce}\"")), "{policy}");
    assert!(bureau.text().contains("/assets/codemirror.js"));
    assert_eq!(page(&desk.unit).status, 404);
    let bundle = desk.get("/assets/codemirror.js", &desk.bureau);
    assert_eq!(bundle.status, 200);
    assert!(bundle.body.len() > 100_000 && bundle.header("content-type").unwrap().starts_with("text/javascript"));
    assert!(desk.get("/assets/codemirror-LICENSE.txt", &desk.bureau).text().contains("@codemirror/view"));
}

/// Signs in with a personal link: the session cookie.
fn sign_in(desk: &Desk, token: &str) -> String {
    let answer = send(&desk.agent, &desk.server.url, Call::new("GET", &format!("/t/{token}")));
    assert_eq!(answer.status, 200);
    answer.header("set-cookie").unwrap().split(';').next().unwrap().to_string()
}

#[test]
fn check_hover_and_completion_are_the_language_servers_own() {
    let desk = Desk::serving("editor-features", rubric_a_folder);
    let text = weights_broken().replacen("score 2 if 主要领导任组长", "score 2 if 主要领导任组", 1);
    let answer = desk.post_json("/api/v1/check", &desk.bureau, &json!({"text": text}));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let checked = answer.json();
    let mut document = Document::new(text.as_str());
    let view = with_lang(Lang::Zh, || document.view());
    let expected = &view.analysis.diagnostics;
    let got = checked["diagnostics"].as_array().unwrap();
    assert_eq!(got.len(), expected.len(), "{checked}");
    for (got, d) in got.iter().zip(expected) {
        assert_eq!(got["code"], d.code_text());
        assert_eq!(got["message"], d.message.as_str());
        assert_eq!(got["help"].as_str(), d.help.as_deref());
        // Byte spans, and the editor's place: line and UTF-16 character.
        assert_eq!(got["range"]["from"], d.span.start);
        let (start, end) = view.range(&d.span);
        assert_eq!(got["range"]["start"], json!({"line": start.line, "character": start.character}));
        assert_eq!(got["range"]["end"], json!({"line": end.line, "character": end.character}));
    }
    assert_eq!(checked["errors"], expected.iter().filter(|d| d.is_error()).count());
    let weights = got.iter().find(|d| d["code"] == "rubric::weights").expect("the weights diagnostic");
    assert_eq!(&text[weights["range"]["from"].as_u64().unwrap() as usize..][..1], "5", "at section 一.1's weight");
    assert_eq!(weights["line"], 74);
    // The misspelt name: located after Chinese text, with its quick fix.
    let undefined = got.iter().find(|d| d["code"] == "rubric::undefined-name").expect("the undefined name");
    let line = text.lines().position(|l| l.contains("score 2 if 主要领导任组")).unwrap();
    assert_eq!(undefined["range"]["start"], json!({"line": line, "character": "      score 2 if ".len()}));
    let fix = &undefined["fixes"][0];
    assert_eq!(fix["text"], "主要领导任组长");
    assert_eq!(fix["title"], "把 `主要领导任组` 改为 `主要领导任组长`");
    // English on request.
    let english = desk.post_json("/api/v1/check?lang=en", &desk.bureau, &json!({"text": text})).json();
    let message = english["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "rubric::weights").unwrap();
    assert!(message["message"].as_str().unwrap().contains("add up to 4"), "{message}");

    // Hover: the input under the cursor, as the language server says it.
    let served = rubric_a();
    let line = served.lines().position(|l| l.contains("score 2 if 主要领导任组长")).unwrap() as u32;
    let at = Position::new(line, "      score 2 if 主".encode_utf16().count() as u32);
    let hover = desk.post_json("/api/v1/hover", &desk.bureau, &json!({"text": served, "position": at_json(at)})).json();
    let mut document = Document::new(served.as_str());
    let view = document.view();
    let expected = with_lang(Lang::Zh, || rubric::lsp::hover::hover(&view, view.offset(at))).unwrap();
    assert_eq!(hover["markdown"], expected.markdown.as_str());
    assert!(expected.markdown.contains("输入项"));
    assert_eq!(
        &served[hover["range"]["from"].as_u64().unwrap() as usize..hover["range"]["to"].as_u64().unwrap() as usize],
        "主要领导任组长"
    );
    let nothing = json!({"text": served, "position": {"line": 3, "character": 0}});
    assert_eq!(desk.post_json("/api/v1/hover", &desk.bureau, &nothing).json(), Value::Null);

    // Completion after `score 2 if 主要`: the input names.
    let typed = served.replacen("score 2 if 主要领导任组长", "score 2 if 主要", 1);
    let at = Position::new(line, "      score 2 if 主要".encode_utf16().count() as u32);
    let found =
        desk.post_json("/api/v1/complete", &desk.bureau, &json!({"text": typed, "position": at_json(at)})).json();
    let labels: Vec<&str> = found["items"].as_array().unwrap().iter().map(|c| c["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"主要领导任组长"), "{labels:?}");
    assert_eq!(found["range"]["start"]["character"], "      score 2 if ".encode_utf16().count());

    // The highlighter's words: the keyword table, both languages.
    let language = desk.get("/api/v1/language", &desk.bureau).json();
    let words: Vec<&str> = language["keywords"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    for word in ["rubric", "评分表", "not-applicable", "缺省项", "at most", "最多", "若"] {
        assert!(words.contains(&word), "{word}");
    }
    assert!(language["functions"].as_array().unwrap().contains(&json!("最大值")));

    // Bad bodies: 400 with a sentence, whatever the endpoint.
    for (path, body) in
        [("/api/v1/check", "not json"), ("/api/v1/hover", "{\"text\": \"x\"}"), ("/api/v1/complete", "[]")]
    {
        let bad = send(&desk.agent, &desk.server.url, Call::new("POST", path).bearer(&desk.bureau).body(JSON, body));
        assert_eq!(bad.status, 400, "{path}");
        assert!(bad.json()["error"].as_str().unwrap().contains("请求内容应为"), "{}", bad.text());
    }
}

fn at_json(at: Position) -> Value {
    json!({"line": at.line, "character": at.character})
}

#[test]
fn drafts_keep_every_version_with_author_and_base_and_are_audited() {
    let desk = Desk::serving("editor-drafts", rubric_a_folder);
    let served = desk.get(&drafts(""), &desk.bureau).json();
    let hash = served["hash"].as_str().unwrap().to_string();
    assert_eq!(served["text"], rubric_a().as_str());
    assert_eq!(served["year"], 2022);

    // A draft with errors is kept (it is work in progress), counted.
    let first =
        desk.post_json(&drafts("/drafts"), &desk.bureau, &json!({"text": weights_broken(), "note": "第2项改为1分"}));
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.json()["version"], 1);
    assert_eq!(first.json()["errors"], 1);
    let fixed = weights_broken().replacen("item 1 \"专题研究\" 3", "item 1 \"专题研究\" 4", 1);
    let second = desk.post_json(&drafts("/drafts"), &desk.bureau, &json!({"text": fixed, "based_on": hash}));
    assert_eq!(second.status, 201);
    assert_eq!((second.json()["version"].clone(), second.json()["errors"].clone()), (json!(2), json!(0)));
    // The same text again: nothing stored, the latest version named.
    let again = desk.post_json(&drafts("/drafts"), &desk.bureau, &json!({"text": fixed}));
    assert_eq!(
        (again.status, again.json()["saved"].clone(), again.json()["version"].clone()),
        (200, json!(false), json!(2))
    );

    let list = desk.get(&drafts("/drafts"), &desk.bureau).json();
    let versions: Vec<u64> = list.as_array().unwrap().iter().map(|d| d["version"].as_u64().unwrap()).collect();
    assert_eq!(versions, [2, 1], "newest first");
    assert_eq!(list[1]["saved_by"], "财政局绩效股");
    assert_eq!(list[1]["note"], "第2项改为1分");
    assert_eq!(list[1]["based_on"], hash.as_str());
    assert_eq!(list[1]["based_on_current"], true);
    assert_eq!(list[1]["published_as"], Value::Null);
    let one = desk.get(&drafts("/drafts/1"), &desk.bureau);
    assert_eq!(one.json()["text"], weights_broken().as_str());
    for missing in ["/drafts/3", "/drafts/x", "/drafts/-1"] {
        assert_eq!(desk.get(&drafts(missing), &desk.bureau).status, 404, "{missing}");
    }
    assert_eq!(desk.get("/api/v1/rubrics/no-such-rubric/text/drafts", &desk.bureau).status, 404);

    // Bad input: located refusals, nothing stored.
    let bad = [
        (json!("text"), 400),
        (json!({"note": "no text"}), 400),
        (json!({"text": fixed, "based_on": "0".repeat(64)}), 422),
    ];
    for (body, status) in bad {
        assert_eq!(desk.post_json(&drafts("/drafts"), &desk.bureau, &body).status, status, "{body}");
    }
    assert_eq!(desk.get(&drafts("/drafts"), &desk.bureau).json().as_array().unwrap().len(), 2);

    // Every save is in the audit log, with its note.
    let log = desk.get(&format!("/api/v1/audit?rubric={RUBRIC_A}"), &desk.bureau).json();
    let saves: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "draft.save")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(saves, ["v2", "v1 · 第2项改为1分"]);
}

#[test]
fn a_browser_sessions_draft_needs_the_csrf_token() {
    let desk = Desk::serving("editor-csrf", rubric_a_folder);
    let cookie = sign_in(&desk, &desk.bureau);
    let with = |call: Call<'_>| send(&desk.agent, &desk.server.url, call.header("Cookie", cookie.clone()));
    let csrf = with(Call::new("GET", "/api/v1/me")).json()["csrf"].as_str().unwrap().to_string();
    let body = json!({"text": rubric_a()}).to_string();
    fn post<'a>(path: &'a str, body: &str) -> Call<'a> {
        Call::new("POST", path).body(JSON, body.to_string())
    }
    for path in [drafts("/drafts"), "/api/v1/check".to_string()] {
        assert_eq!(with(post(&path, &body)).status, 403, "{path} without the token");
        assert_eq!(
            with(post(&path, &body).header("X-CSRF-Token", "0".repeat(32))).status,
            403,
            "{path} with a wrong token"
        );
        let cross = post(&path, &body).header("X-CSRF-Token", csrf.clone()).header("Sec-Fetch-Site", "cross-site");
        assert_eq!(with(cross).status, 403, "{path} from another site");
    }
    assert_eq!(with(Call::new("GET", &drafts("/drafts"))).json(), json!([]), "nothing stored");
    let saved = with(post(&drafts("/drafts"), &body).header("X-CSRF-Token", csrf.clone()));
    assert_eq!(saved.status, 201, "{}", saved.text());
    assert_eq!(with(post("/api/v1/check", &body).header("X-CSRF-Token", csrf)).status, 200);
}

#[test]
fn the_committed_bundle_is_built_from_the_versions_web_editor_pins() {
    // `npm run build` in web/editor writes the bundle and the licence of every package in it.
    let package: Value = serde_json::from_str(&std::fs::read_to_string("web/editor/package.json").unwrap()).unwrap();
    let lock: Value = serde_json::from_str(&std::fs::read_to_string("web/editor/package-lock.json").unwrap()).unwrap();
    let licence = std::fs::read_to_string("web/desk/vendor/LICENSE").unwrap();
    let pinned = package["devDependencies"].as_object().unwrap();
    for (name, version) in pinned.iter().filter(|(name, _)| name.starts_with("@codemirror/")) {
        let version = version.as_str().unwrap();
        assert!(
            licence.contains(&format!("  {name} {version} (MIT)")),
            "{name} {version} is not what the bundle holds"
        );
        assert_eq!(lock["packages"][format!("node_modules/{name}")]["version"], version, "{name} in package-lock.json");
    }
    let bundle = std::fs::read_to_string("web/desk/vendor/codemirror.js").unwrap();
    assert!(bundle.starts_with("/* CodeMirror 6") && bundle.contains("var CM="), "an IIFE defining CM");
    assert!(!std::path::Path::new("web/desk/vendor/node_modules").exists());
}
