//! What a draft does before it is published, and publishing it, against a
//! real `rubric serve`: a draft's impact is exactly `rubric diff --data` on the
//! stored submissions' data files; a draft with errors is refused (422, every
//! error located) and writes nothing; a published draft is served as next
//! year's rubric — also after a restart — while every earlier submission's
//! report stays byte for byte as acknowledged.

mod desk_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use desk_support::*;
use serde_json::{json, Value};

const JSON: &str = "application/json";
const TOML: &str = "application/toml";
const NEXT: &str = "lezhi-2023-performance-management";

fn rubric_a() -> String {
    std::fs::read_to_string(format!("rubrics/{RUBRIC_A}.rubric")).unwrap()
}

/// Rubric A with item 2's weight lowered to 1 and item 1's raised to 4 (the section adds up), and
/// item 8 deducting 2 for each project not assessed.
fn reweighted() -> String {
    rubric_a()
        .replacen("item 2 \"领导小组\" 2", "item 2 \"领导小组\" 1", 1)
        .replacen("item 1 \"专题研究\" 3", "item 1 \"专题研究\" 4", 1)
        .replacen("score 10 minus 1 per", "score 10 minus 2 per", 1)
}

/// A desk serving `serve(folder)` (the folder holding a copy of rubric A, or the file).
fn publish_desk(name: &str, serve: impl Fn(&Path) -> PathBuf) -> Desk {
    Desk::serving(name, |dir| serve(&rubric_a_folder(dir)))
}

/// What the tests below do at the desk.
trait Publishing {
    /// `GET path` as the bureau.
    fn bureau_get(&self, path: &str) -> Answer;
    /// Saves `text` as a draft of rubric A; its version.
    fn draft(&self, text: &str) -> u64;
    /// 盛池镇 submits its seed data.
    fn submit_seed(&self);
}

impl Publishing for Desk {
    fn bureau_get(&self, path: &str) -> Answer {
        self.get(path, &self.bureau)
    }

    fn draft(&self, text: &str) -> u64 {
        let answer = self.post(&a("/text/drafts"), &self.bureau, JSON, json!({"text": text}).to_string());
        assert!(answer.status == 201, "{}", answer.text());
        answer.json()["version"].as_u64().unwrap()
    }

    fn submit_seed(&self) {
        let seed = std::fs::read_to_string(SEED).unwrap();
        let answer = self.post(&a("/submissions"), &self.unit, TOML, seed);
        assert_eq!(answer.status, 201, "{}", answer.text());
    }
}

fn a(path: &str) -> String {
    format!("/api/v1/rubrics/{RUBRIC_A}{path}")
}

fn diff_json(lang: &str, old: &Path, new: &Path, data: &Path) -> Value {
    let output = Command::new(bin())
        .args(["--lang", lang, "diff"])
        .args([old, new])
        .arg("--data")
        .arg(data)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn impact_is_rubric_diff_data_on_the_stored_submissions() {
    let desk = publish_desk("impact", Path::to_path_buf);
    desk.submit_seed();
    let generated = desk.dir.join("generated");
    generate_units(6, &["--seed", "7"], &generated);
    for file in std::fs::read_dir(&generated).unwrap() {
        let answer = desk.post(&a("/submissions"), &desk.bureau, TOML, std::fs::read(file.unwrap().path()).unwrap());
        assert_eq!(answer.status, 201, "{}", answer.text());
    }
    let version = desk.draft(&reweighted());

    // The stored data as files, as the desk's export writes them for `rubric batch`.
    assert_eq!(desk.bureau_get(&a("/export/json")).status, 200);
    let data = desk.dir.join("desk.exports").join(RUBRIC_A);
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 7);
    let draft = desk.dir.join("draft.rubric");
    std::fs::write(&draft, reweighted()).unwrap();
    let served = desk.dir.join("rubrics").join(format!("{RUBRIC_A}.rubric"));

    for (lang, query) in [("zh", ""), ("en", "?lang=en")] {
        let answer = desk.post(&a(&format!("/text/drafts/{version}/impact{query}")), &desk.bureau, JSON, "");
        assert_eq!(answer.status, 200, "{}", answer.text());
        let impact = answer.json();
        let expected = diff_json(lang, &served, &draft, &data);
        for key in ["old", "new", "changes", "impact"] {
            assert_eq!(impact[key], expected[key], "{key} in {lang}");
        }
        assert_eq!(impact["draft"]["version"], version);
        assert_eq!(impact["draft"]["based_on_current"], true);
    }
    // What the change does, seen: 盛池镇 loses item 2's point, and every unit is there.
    let impact = desk.post(&a(&format!("/text/drafts/{version}/impact")), &desk.bureau, JSON, "").json();
    let units = impact["impact"]["units"].as_array().unwrap();
    assert_eq!(units.len(), 7);
    let shengchi = units.iter().find(|u| u["label"] == SHENGCHI).unwrap();
    assert_eq!((shengchi["old_total"].clone(), shengchi["new_total"].clone()), (json!("94"), json!("93")));
    assert_eq!(shengchi["items"], json!([{"id": "2", "name": "领导小组", "old": "2", "new": "1"}]));
    // Its self-assessed 2 for item 2 no longer fits the draft's weight: said, with the unit.
    let problems = impact["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p["unit"] == SHENGCHI && p["code"] == "data::reported"), "{problems:?}");
    // Impact stores nothing: the submissions are as they were.
    let latest = desk.bureau_get(&a("/submissions")).json();
    assert!(latest.as_array().unwrap().iter().all(|s| s["version"] == 1));
    assert_eq!(desk.post(&a("/text/drafts/9/impact"), &desk.bureau, JSON, "").status, 404);
}

#[test]
fn a_draft_with_errors_or_of_this_year_is_refused_with_its_problems_located() {
    let desk = publish_desk("refused", Path::to_path_buf);
    let broken = rubric_a().replacen("item 2 \"领导小组\" 2", "item 2 \"领导小组\" 1", 1);
    let version = desk.draft(&broken);
    for action in ["publish", "impact"] {
        let answer = desk.post(&a(&format!("/text/drafts/{version}/{action}")), &desk.bureau, JSON, "");
        assert_eq!(answer.status, 422, "{action}: {}", answer.text());
        let body = answer.json();
        assert!(body["error"].as_str().unwrap().contains("1 处错误"), "{body}");
        let problem = &body["problems"][0];
        assert_eq!(problem["code"], "rubric::weights");
        assert_eq!((problem["line"].clone(), problem["column"].clone()), (json!(74), json!(25)));
        assert_eq!(problem["range"]["start"], json!({"line": 73, "character": 24}));
        assert_eq!(body["problems"].as_array().unwrap().len(), 1, "errors only");
    }
    // Fixed, but still of 2022: refused at the year, with the edit that fixes it.
    let version = desk.draft(&reweighted());
    let answer = desk.post(&a(&format!("/text/drafts/{version}/publish")), &desk.bureau, JSON, "");
    assert_eq!(answer.status, 422);
    let problem = &answer.json()["problems"][0];
    assert_eq!(problem["code"], "rubric::header");
    assert_eq!(problem["line"], 5);
    assert_eq!(&reweighted()[problem["range"]["from"].as_u64().unwrap() as usize..][..4], "2022");
    assert_eq!(problem["fixes"][0]["text"], "2023");
    // Nothing was written or served.
    let files: Vec<String> = std::fs::read_dir(desk.dir.join("rubrics"))
        .unwrap()
        .map(|f| f.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, [format!("{RUBRIC_A}.rubric")]);
    assert_eq!(desk.bureau_get("/api/v1/rubrics").json().as_array().unwrap().len(), 1);
}

#[test]
fn a_published_draft_is_next_years_rubric_and_earlier_submissions_are_untouched() {
    // Served as a file, not a folder: the published file is served beside it, and after a restart.
    let desk = publish_desk("publish", |folder| folder.join(format!("{RUBRIC_A}.rubric")));
    desk.submit_seed();
    let report = |desk: &Desk| desk.bureau_get(&a(&format!("/submissions/{}", encode_path(SHENGCHI)))).text();
    let acknowledged = report(&desk);
    let list_before = desk.bureau_get(&a("/submissions")).text();
    let next = reweighted().replacen("year 2022", "year 2023", 1);
    let version = desk.draft(&next);
    let publish =
        |body: &str| desk.post(&a(&format!("/text/drafts/{version}/publish")), &desk.bureau, JSON, body.to_string());

    // Ids that cannot be a file's name, or are taken.
    for bad in ["../evil", "a/b", ".hidden", ""] {
        assert_eq!(publish(&json!({"id": bad}).to_string()).status, 422, "{bad}");
    }
    assert_eq!(publish(&json!({"id": RUBRIC_A}).to_string()).status, 409);
    assert_eq!(publish("not json").status, 400);

    let answer = publish("");
    assert_eq!(answer.status, 201, "{}", answer.text());
    let published = answer.json();
    assert_eq!(published["id"], NEXT);
    assert_eq!(published["year"], 2023);
    assert_eq!(published["draft"], version);
    let file = desk.dir.join("rubrics").join(format!("{NEXT}.rubric"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), next, "the draft's text, as saved");
    assert_eq!(publish("").status, 409, "published once");

    // Both served; the earlier one unchanged, its submissions' reports byte for byte as acknowledged.
    let served = |desk: &Desk| -> Vec<(String, i64)> {
        let list = desk.bureau_get("/api/v1/rubrics").json();
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), r["year"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(served(&desk), [(RUBRIC_A.to_string(), 2022), (NEXT.to_string(), 2023)]);
    assert_eq!(report(&desk), acknowledged);
    assert_eq!(desk.bureau_get(&a("/submissions")).text(), list_before);
    assert_eq!(desk.bureau_get(&a("/text")).json()["text"], rubric_a().as_str());
    // The new rubric scores with its own weights: 盛池镇 gets 93 there.
    // (Its self-assessed 2 for item 2 would be above the new weight: 1 there.)
    let seed = std::fs::read_to_string(SEED).unwrap().replacen("\n\"2\" = 2", "\n\"2\" = 1", 1);
    let scored = desk.post(&format!("/api/v1/rubrics/{NEXT}/score"), &desk.unit, TOML, seed);
    assert_eq!(scored.json()["total"], "93", "{}", scored.text());
    let drafts = desk.bureau_get(&a("/text/drafts")).json();
    assert_eq!(drafts[0]["published_as"], NEXT);
    let log = desk.bureau_get(&format!("/api/v1/audit?rubric={NEXT}")).json();
    let line = log.as_array().unwrap().iter().find(|e| e["action"] == "publish").expect("publishing is audited");
    assert_eq!(line["detail"], format!("{RUBRIC_A} v{version} → {NEXT}"));

    // After a restart on the same database and the same command line, it is still served.
    let Desk { dir, mut server, agent, unit, other, bureau } = desk;
    server.kill();
    let db = dir.join("desk.db");
    let server = Server::start(&[&dir.join("rubrics").join(format!("{RUBRIC_A}.rubric"))], &db);
    let desk = Desk { dir, server, agent, unit, other, bureau };
    assert_eq!(served(&desk), [(RUBRIC_A.to_string(), 2022), (NEXT.to_string(), 2023)]);
    assert_eq!(report(&desk), acknowledged);
}
