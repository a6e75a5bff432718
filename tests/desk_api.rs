//! The desk's JSON API against a real `rubric serve` with a real database:
//! every endpoint, every status code, both roles, a wrong and a missing token,
//! another unit's data, the live score equal to `rubric eval`, submissions in
//! JSON, TOML and xlsx, reviews, drafts and downloads.

mod desk_support;

use desk_support::*;

const JSON: &str = "application/json";
const TOML: &str = "application/toml";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn seed() -> String {
    std::fs::read_to_string(SEED).unwrap()
}

fn a(path: &str) -> String {
    format!("/api/v1/rubrics/{RUBRIC_A}{path}")
}

#[test]
fn the_rubrics_served_for_both_roles_and_401_without_a_good_token() {
    let desk = Desk::start("rubrics");
    for token in [&desk.unit, &desk.bureau] {
        let answer = desk.get("/api/v1/rubrics", token);
        assert_eq!(answer.status, 200);
        let list = answer.json();
        let a = list.as_array().unwrap().iter().find(|r| r["id"] == RUBRIC_A).expect("rubric A is served");
        assert_eq!(a["title"], "乐至县预算绩效管理工作考核评分表");
        assert_eq!(a["year"], 2022);
    }
    // No token, a wrong token: 401 on every endpoint of the API.
    let unit = encode_path(SHENGCHI);
    let endpoints = [
        ("GET", "/api/v1/rubrics".to_string()),
        ("POST", a("/score")),
        ("POST", a("/submissions")),
        ("GET", a("/submissions")),
        ("GET", a(&format!("/submissions/{unit}"))),
        ("GET", a("/desk")),
        ("GET", "/api/v1/me".to_string()),
    ];
    for (method, path) in &endpoints {
        let none = desk.send(Call::new(method, path).body(JSON, "{}"));
        assert_eq!(none.status, 401, "{method} {path} without a token");
        assert!(none.json()["error"].as_str().unwrap().contains("专属链接"));
        let wrong = desk.send(Call::new(method, path).bearer("0123456789abcdef0123456789abcdef").body(JSON, "{}"));
        assert_eq!(wrong.status, 401, "{method} {path} with a wrong token");
    }
    // A revoked token is a wrong one.
    let db = desk.dir.join("desk.db");
    let revoked =
        std::process::Command::new(bin()).args(["access", "revoke", "--db"]).arg(&db).arg(LAODONG).output().unwrap();
    assert!(revoked.status.success());
    assert_eq!(desk.get("/api/v1/rubrics", &desk.other).status, 401);
    assert_eq!(desk.get("/api/v1/rubrics", &desk.unit).status, 200);
}

#[test]
fn the_live_score_is_exactly_rubric_eval_json_in_both_languages() {
    let desk = Desk::start("score");
    let rubric = format!("rubrics/{RUBRIC_A}.rubric");
    for (lang, query) in [("zh", ""), ("en", "?lang=en")] {
        let answer = desk.post(&a(&format!("/score{query}")), &desk.unit, TOML, seed());
        assert_eq!(answer.status, 200, "{}", answer.text());
        assert_eq!(answer.text(), eval_json(lang, &rubric, SEED), "the report in {lang}");
        let timing = answer.header("server-timing").unwrap();
        assert!(timing.starts_with("app;dur="), "{timing}");
        let report = answer.json();
        assert_eq!(report["total"], "94");
        assert_eq!(report["grade"], "良");
        assert!(report["findings"].as_array().unwrap().iter().any(|f| f["target"] == "24"));
    }
    // As JSON (the shape of a JSON data file), by the bureau too.
    let json = r#"{"inputs": {"专题研究次数": 2, "主要领导任组长": true}}"#;
    let answer = desk.post(&a("/score"), &desk.bureau, JSON, json);
    assert_eq!(answer.status, 422, "half the data: problems, and what could be scored");
    let body = answer.json();
    assert_eq!(body["report"]["items"][0]["score"], "3");
    assert_eq!(body["report"]["items"][1]["score"], "2");
    // Scoring stores nothing.
    assert_eq!(desk.get(&a("/submissions"), &desk.bureau).json(), serde_json::json!([]));
}

#[test]
fn bad_data_is_422_with_every_problem_and_the_path_of_its_value() {
    let desk = Desk::start("bad");
    let json = r#"{"inputs": {"专题研究次数": "两次", "应事前评估项目数": 1, "已事前评估项目数": 3}}"#;
    let answer = desk.post(&a("/score"), &desk.unit, JSON, json);
    assert_eq!(answer.status, 422);
    let body = answer.json();
    let problems = body["problems"].as_array().unwrap();
    let at = |path: &str, code: &str| problems.iter().any(|p| p["path"] == path && p["code"] == code);
    assert!(at("inputs.专题研究次数", "data::wrong-type"), "{problems:?}");
    assert!(at("inputs.应事前评估项目数", "data::requirement"), "{problems:?}");
    assert!(problems.iter().all(|p| p["message"].as_str().is_some_and(|m| !m.is_empty())));
    assert!(problems.iter().any(|p| p["line"] == 1 && p["column"].as_u64().unwrap() > 1));
    // Not JSON at all: located.
    let answer = desk.post(&a("/submissions"), &desk.unit, JSON, "{\"inputs\": {\n  \"专题研究次数\": ,\n}}");
    assert_eq!(answer.status, 422);
    let body = answer.json();
    assert_eq!(body["problems"][0]["line"], 2, "{body}");
    // An xlsx that is not one.
    let answer = desk.post(&a("/submissions"), &desk.unit, XLSX, b"PK\x03\x04 not really a workbook".to_vec());
    assert_eq!(answer.status, 422);
    assert!(!answer.json()["problems"].as_array().unwrap().is_empty());
    // An unknown content type, an unknown rubric.
    assert_eq!(desk.post(&a("/score"), &desk.unit, "text/plain", "x").status, 415);
    assert_eq!(desk.post("/api/v1/rubrics/nope/score", &desk.unit, TOML, seed()).status, 404);
    // Nothing was stored, and the audit log has no submission.
    assert_eq!(desk.get(&a("/submissions"), &desk.bureau).json(), serde_json::json!([]));
    let log = desk.get("/api/v1/audit", &desk.bureau).json();
    assert!(log.as_array().unwrap().iter().all(|e| e["action"] != "submit"));
}

#[test]
fn submissions_in_json_toml_and_xlsx_each_a_new_version() {
    let desk = Desk::start("submit");
    // TOML, by the unit.
    let first = desk.post(&a("/submissions"), &desk.unit, TOML, seed());
    assert_eq!(first.status, 201, "{}", first.text());
    let body = first.json();
    assert_eq!(body["unit"], SHENGCHI);
    assert_eq!(body["version"], 1);
    assert_eq!(body["report"]["total"], "94");
    // The unit's data as the desk stored it, downloaded as xlsx and TOML, submits the same.
    let unit = encode_path(SHENGCHI);
    let xlsx = desk.get(&a(&format!("/submissions/{unit}/download?format=xlsx")), &desk.unit);
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.header("content-disposition").unwrap().contains("attachment"));
    let second = desk.post(&a("/submissions"), &desk.unit, XLSX, xlsx.body.clone());
    assert_eq!(second.status, 201, "{}", second.text());
    assert_eq!(second.json()["version"], 2);
    assert_eq!(second.json()["report"]["total"], "94");
    let toml = desk.get(&a(&format!("/submissions/{unit}/download?format=toml&version=1")), &desk.unit);
    assert_eq!(toml.status, 200);
    assert!(toml.text().contains("\"下属单位项目数\" = 0"), "{}", toml.text());
    // JSON without a unit name: the token's unit.
    let stored = desk.get(&a(&format!("/submissions/{unit}/download?format=json")), &desk.unit).text();
    let mut data: serde_json::Value = serde_json::from_str(&stored).unwrap();
    data.as_object_mut().unwrap().remove("unit");
    let third = desk.post(&a("/submissions"), &desk.unit, JSON, data.to_string());
    assert_eq!(third.status, 201, "{}", third.text());
    assert_eq!(third.json()["unit"], SHENGCHI);
    assert_eq!(third.json()["version"], 3);
    // The latest report, and an earlier one; a version that does not exist.
    let latest = desk.get(&a(&format!("/submissions/{unit}")), &desk.bureau);
    assert_eq!(latest.status, 200);
    assert_eq!(latest.json()["total"], "94");
    assert_eq!(desk.get(&a(&format!("/submissions/{unit}?version=1")), &desk.unit).text(), first_report(&first));
    assert_eq!(desk.get(&a(&format!("/submissions/{unit}?version=9")), &desk.unit).status, 404);
    // In English: the stored data scored again against the same rubric text, as `rubric eval` does.
    let data_file = desk.dir.join("stored.json");
    std::fs::write(&data_file, &stored).unwrap();
    let english = desk.get(&a(&format!("/submissions/{unit}?version=1&lang=en")), &desk.unit).text();
    let rubric = format!("rubrics/{RUBRIC_A}.rubric");
    assert_eq!(english + "\n", eval_json("en", &rubric, data_file.to_str().unwrap()));
    // The list: the latest of every unit.
    let list = desk.get(&a("/submissions"), &desk.bureau).json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["unit"], SHENGCHI);
    assert_eq!(list[0]["version"], 3);
    assert_eq!(list[0]["status"], "submitted");
    assert_eq!(list[0]["grade"], "良");
    // A unit submits as itself only; the bureau's data must name its unit.
    let other = desk.post(&a("/submissions"), &desk.other, TOML, seed());
    assert_eq!(other.status, 403, "{}", other.text());
    let nameless = desk.post(&a("/submissions"), &desk.bureau, JSON, data.to_string());
    assert_eq!(nameless.status, 422);
    let by_bureau = desk.post(&a("/submissions"), &desk.bureau, TOML, seed());
    assert_eq!(by_bureau.status, 201);
    assert_eq!(by_bureau.json()["version"], 4);
}

/// The report of a 201 answer, as the JSON text a GET gives.
fn first_report(answer: &Answer) -> String {
    let text = answer.text();
    let start = text.find("\"report\": ").unwrap() + "\"report\": ".len();
    text[start..text.len() - 1].to_string()
}

#[test]
fn a_unit_sees_only_its_own_and_the_bureau_only_does_the_bureau_s_work() {
    let desk = Desk::start("roles");
    assert_eq!(desk.post(&a("/submissions"), &desk.unit, TOML, seed()).status, 201);
    let unit = encode_path(SHENGCHI);
    // Another unit: never the data.
    for path in [
        format!("/submissions/{unit}"),
        format!("/submissions/{unit}?version=1"),
        format!("/submissions/{unit}/history"),
        format!("/submissions/{unit}/download?format=json"),
        format!("/drafts/{unit}"),
        format!("/drafts/{unit}/download"),
    ] {
        let answer = desk.get(&a(&path), &desk.other);
        assert!(answer.status == 403 || answer.status == 404, "{path}: {}", answer.status);
        assert!(!answer.text().contains("\"total\""), "{path}");
    }
    assert_eq!(desk.get(&a("/submissions"), &desk.other).json(), serde_json::json!([]));
    assert_eq!(desk.get(&a("/submissions"), &desk.unit).json().as_array().unwrap().len(), 1);
    let draft = desk.send(Call::new("PUT", &a(&format!("/drafts/{unit}"))).bearer(&desk.other).body(JSON, "{}"));
    assert_eq!(draft.status, 404);
    // The bureau's work is the bureau's.
    for (method, path) in [
        ("GET", a("/desk")),
        ("GET", a("/export/csv")),
        ("POST", a("/import?name=u.toml")),
        ("POST", a(&format!("/submissions/{unit}/review"))),
        ("GET", "/api/v1/audit".to_string()),
        ("GET", "/api/v1/catalog".to_string()),
        ("POST", "/api/v1/reload".to_string()),
    ] {
        let answer = desk.send(Call::new(method, &path).bearer(&desk.unit).body(JSON, "{}"));
        assert_eq!(answer.status, 403, "{method} {path}");
    }
    // Who is who.
    let me = desk.get("/api/v1/me", &desk.unit).json();
    assert_eq!(me["role"], "unit");
    assert_eq!(me["unit"], SHENGCHI);
    assert_eq!(desk.get("/api/v1/me", &desk.bureau).json()["role"], "bureau");
}

#[test]
fn the_bureau_accepts_or_returns_with_a_comment_the_unit_sees() {
    let desk = Desk::start("review");
    let unit = encode_path(SHENGCHI);
    let review =
        |body: &str| desk.post(&a(&format!("/submissions/{unit}/review")), &desk.bureau, JSON, body.to_string());
    assert_eq!(review(r#"{"action": "accept", "version": 1}"#).status, 409, "nothing submitted yet");
    assert_eq!(desk.post(&a("/submissions"), &desk.unit, TOML, seed()).status, 201);
    assert_eq!(review(r#"{"action": "return", "version": 1}"#).status, 422, "a return needs a comment");
    assert_eq!(review(r#"{"action": "maybe", "version": 1}"#).status, 400);
    assert_eq!(review("not json").status, 400);
    assert_eq!(review(r#"{"action": "return", "version": 1, "comment": "请补充佐证材料"}"#).status, 204);
    let history = desk.get(&a(&format!("/submissions/{unit}/history")), &desk.unit).json();
    assert_eq!(history["versions"][0]["status"], "returned");
    assert_eq!(history["reviews"][0]["comment"], "请补充佐证材料");
    let desk_view = desk.get(&a("/desk"), &desk.bureau).json();
    let row = desk_view.as_array().unwrap().iter().find(|u| u["unit"] == SHENGCHI).unwrap().clone();
    assert_eq!(row["status"], "returned");
    assert_eq!(row["comment"], "请补充佐证材料");
    // The unit submits again; a review of the old version is refused; the new one is accepted.
    assert_eq!(desk.post(&a("/submissions"), &desk.unit, TOML, seed()).json()["version"], 2);
    assert_eq!(review(r#"{"action": "accept", "version": 1}"#).status, 409);
    assert_eq!(review(r#"{"action": "accept", "version": 2}"#).status, 204);
    let list = desk.get(&a("/submissions"), &desk.unit).json();
    assert_eq!(list[0]["status"], "accepted");
    // Every unit with a grant is on the desk, started or not; the audit log tells who did what.
    let desk_view = desk.get(&a("/desk"), &desk.bureau).json();
    let laodong = desk_view.as_array().unwrap().iter().find(|u| u["unit"] == LAODONG).unwrap().clone();
    assert_eq!(laodong["status"], "not_started");
    let log = desk.get(&format!("/api/v1/audit?rubric={RUBRIC_A}"), &desk.bureau).json();
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["submit", "return", "accept", "access.add"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

#[test]
fn drafts_are_kept_on_the_server_and_downloaded() {
    let desk = Desk::start("drafts");
    let unit = encode_path(SHENGCHI);
    let path = a(&format!("/drafts/{unit}"));
    assert_eq!(desk.get(&path, &desk.unit).json()["data"], serde_json::Value::Null);
    let data =
        r#"{"unit": {"name": "乐至县盛池镇人民政府"}, "inputs": {"专题研究次数": 2, "申报项目预算资金": "290820元"}}"#;
    let saved = desk.send(Call::new("PUT", &path).bearer(&desk.unit).body(JSON, data));
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert!(saved.json()["saved_at"].as_str().unwrap().ends_with('Z'));
    let back = desk.get(&path, &desk.unit).json();
    assert_eq!(back["from"], "draft");
    assert_eq!(back["data"]["inputs"]["专题研究次数"], "2", "numbers come back as their text");
    assert_eq!(back["data"]["inputs"]["申报项目预算资金"], "290820元");
    let toml = desk.get(&format!("{path}/download?format=toml"), &desk.unit);
    assert_eq!(toml.status, 200);
    let text = toml.text();
    assert!(text.contains("\"专题研究次数\" = 2   #"), "{text}");
    assert!(text.contains("name = \"乐至县盛池镇人民政府\""), "{text}");
    assert_eq!(desk.get(&format!("{path}/download?format=pdf"), &desk.unit).status, 400);
    let bad = desk.send(Call::new("PUT", &path).bearer(&desk.unit).body(JSON, "[1, 2"));
    assert_eq!(bad.status, 400);
    // The filled xlsx reads back as the same data.
    let xlsx = desk.get(&format!("{path}/download?format=xlsx"), &desk.unit);
    let converted = desk.post(&a("/convert?name=back.xlsx"), &desk.unit, "application/octet-stream", xlsx.body);
    assert_eq!(converted.status, 200, "{}", converted.text());
    assert_eq!(converted.json()["data"]["inputs"]["专题研究次数"], "2");
}

#[test]
fn the_form_follows_the_rubric() {
    let desk = Desk::start("form");
    let form = desk.get(&a("/form"), &desk.unit).json();
    assert_eq!(form["max"], "100");
    let input = form["inputs"].as_array().unwrap().iter().find(|i| i["name"] == "申报项目预算资金").unwrap().clone();
    assert_eq!(input["type"], "amount");
    assert_eq!(input["unit"], "万元");
    let yes_no = form["inputs"].as_array().unwrap().iter().find(|i| i["name"] == "主要领导任组长").unwrap().clone();
    assert_eq!(yes_no["type"], "yes/no");
    // Item 8 is the first to read both of its inputs; item 24 may be claimed as a 缺省项.
    let layout = form["layout"].as_array().unwrap();
    let item8 = layout.iter().find(|p| p["item"] == "8").unwrap();
    assert_eq!(item8["inputs"], serde_json::json!(["应事前评估项目数", "已事前评估项目数"]));
    let item24 = form["items"].as_array().unwrap().iter().find(|i| i["id"] == "24").unwrap().clone();
    assert_eq!(item24["claimable"], true);
    assert!(form["requires"].as_array().unwrap().len() >= 8);
    assert_eq!(form["grades"][0]["name"], "优");
}
