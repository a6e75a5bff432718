//! The desk's database and its batch adapter: a database of an older schema
//! migrates on start (a newer one is refused), `rubric backup` while the
//! server writes, a rubric edited and reloaded never changes what an earlier
//! submission scored, exports byte for byte those of `rubric batch`, imports.

mod desk_support;

use std::path::Path;
use std::process::Command;

use desk_support::*;

const TOML: &str = "application/toml";

#[test]
fn a_database_of_the_first_schema_migrates_on_start() {
    let dir = TempDir::new("migrate");
    let db = dir.join("old.db");
    let (unit_token, bureau_token) = ("aa".repeat(24), "bb".repeat(24));
    let rubric_text = std::fs::read_to_string(format!("rubrics/{RUBRIC_A}.rubric")).unwrap();
    let hash = rubric::store::sha256_hex(rubric_text.as_bytes());
    {
        // Written as the first version of the schema wrote it.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(rubric::store::schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let now = "2025-03-01T08:00:00.000Z";
        for (name, role, token) in [(SHENGCHI, "unit", &unit_token), ("财政局", "bureau", &bureau_token)] {
            conn.execute(
                "INSERT INTO grants (name, role, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![name, role, rubric::store::sha256_hex(token.as_bytes()), now],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO rubric_texts (hash, rubric_id, year, text, first_seen) VALUES (?1, ?2, 2022, ?3, ?4)",
            rusqlite::params![hash, RUBRIC_A, rubric_text, now],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO submissions (rubric_id, unit, version, rubric_year, rubric_hash, format, original, data, report, \
             report_en, total, grade, findings, status, created_at, created_by) \
             VALUES (?1, ?2, 1, 2022, ?3, 'toml', '', '{}', '{\"total\": \"94\", \"kept\": \"zh\"}', \
             '{\"total\": \"94\", \"kept\": \"en\"}', '94', '良', 2, 'submitted', ?4, 1)",
            rusqlite::params![RUBRIC_A, SHENGCHI, hash, now],
        )
        .unwrap();
    }
    let server = Server::start(&[rubrics()], &db);
    let agent = agent();
    let report = send(
        &agent,
        &server.url,
        Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{SHENGCHI}")).bearer(&unit_token),
    );
    assert_eq!(report.status, 200);
    assert_eq!(report.text(), "{\"total\": \"94\", \"kept\": \"zh\"}", "the old report, as acknowledged");
    let list = send(
        &agent,
        &server.url,
        Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions")).bearer(&bureau_token),
    );
    assert_eq!(list.json()[0]["version"], 1);
    // The new version's tables work: a new submission is version 2, with its audit line.
    let seed = std::fs::read_to_string(SEED).unwrap();
    let next = send(
        &agent,
        &server.url,
        Call::new("POST", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions")).bearer(&unit_token).body(TOML, seed),
    );
    assert_eq!(next.status, 201, "{}", next.text());
    assert_eq!(next.json()["version"], 2);
    let log = send(&agent, &server.url, Call::new("GET", "/api/v1/audit").bearer(&bureau_token)).json();
    assert!(log.as_array().unwrap().iter().any(|e| e["action"] == "submit"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version as usize, rubric::store::schema::MIGRATIONS.len());
    let source: String = conn.query_row("SELECT source FROM submissions WHERE version = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(source, "api");
}

#[test]
fn a_database_of_a_newer_rubric_is_refused() {
    let dir = TempDir::new("newer");
    let db = dir.join("new.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let error = Server::try_start(&[rubrics()], &db).err().expect("refused");
    assert!(error.contains("99"), "{error}");
}

#[test]
fn backup_while_the_server_writes() {
    let (dir, server, token) = desk_with_link("backup", rubrics(), "--unit", SHENGCHI);
    let url = server.url.clone();
    let seed = std::fs::read_to_string(SEED).unwrap();
    let writer = std::thread::spawn(move || {
        let agent = agent();
        let mut acknowledged = 0;
        for _ in 0..40 {
            let path = format!("/api/v1/rubrics/{RUBRIC_A}/submissions");
            let call = Call::new("POST", &path).bearer(&token).body(TOML, seed.clone());
            if send(&agent, &url, call).status == 201 {
                acknowledged += 1;
            }
        }
        acknowledged
    });
    std::thread::sleep(std::time::Duration::from_millis(150));
    let copy = dir.join("copy.db");
    let output = Command::new(bin()).args(["backup", "--db"]).arg(dir.join("desk.db")).arg(&copy).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(writer.join().unwrap(), 40);
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "the copy is one self-contained file");
    let mut statement = conn.prepare("SELECT version, report FROM submissions ORDER BY version").unwrap();
    let rows: Vec<(u32, String)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    for (i, (version, report)) in rows.iter().enumerate() {
        assert_eq!(*version as usize, i + 1, "versions 1..n, none missing");
        let report: serde_json::Value = serde_json::from_str(report).unwrap();
        assert_eq!(report["total"], "94");
    }
    assert!(!dir.join(".copy.db.partial").exists());
    // A database that does not exist is an error, not a new empty copy.
    let output =
        Command::new(bin()).args(["backup", "--db"]).arg(dir.join("nope.db")).arg(dir.join("x.db")).output().unwrap();
    assert!(!output.status.success());
}

fn bureau_desk(name: &str, rubrics: &Path) -> (TempDir, Server, String) {
    desk_with_link(name, rubrics, "--bureau", "财政局")
}

fn submit(server: &Server, token: &str, data: String) -> Answer {
    let path = format!("/api/v1/rubrics/{RUBRIC_A}/submissions");
    send(&agent(), &server.url, Call::new("POST", &path).bearer(token).body(TOML, data))
}

#[test]
fn a_rubric_edited_and_reloaded_never_changes_an_earlier_score() {
    let folder_dir = TempDir::new("reload-rubrics");
    let folder = rubric_a_folder(&folder_dir);
    let (_dir, server, bureau) = bureau_desk("reload", &folder);
    let seed = std::fs::read_to_string(SEED).unwrap();
    let first = submit(&server, &bureau, seed.clone());
    assert_eq!(first.json()["report"]["grade"], "良");
    let laodong = seed.replace("乐至县盛池镇人民政府", LAODONG);
    assert_eq!(submit(&server, &bureau, laodong).status, 201);
    // The bureau moves the 优 band down to 90 and reloads.
    let path = folder.join(format!("{RUBRIC_A}.rubric"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("grades 优 >= 95"));
    std::fs::write(&path, text.replace("grades 优 >= 95", "grades 优 >= 90")).unwrap();
    let agent = agent();
    assert_eq!(send(&agent, &server.url, Call::new("POST", "/api/v1/reload").bearer(&bureau)).status, 204);
    let second = submit(&server, &bureau, seed);
    assert_eq!(second.json()["report"]["grade"], "优", "scored against the edited rubric");
    let unit = encode_path(SHENGCHI);
    let v1 = send(
        &agent,
        &server.url,
        Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{unit}?version=1")).bearer(&bureau),
    );
    assert_eq!(v1.json()["grade"], "良", "version 1 keeps what it scored");
    let v1_en = send(
        &agent,
        &server.url,
        Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{unit}?version=1&lang=en")).bearer(&bureau),
    );
    assert_eq!(v1_en.json()["grade"], "良", "in English too: scored against the text recorded then");
    let history = send(
        &agent,
        &server.url,
        Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{unit}/history")).bearer(&bureau),
    )
    .json();
    assert_ne!(history["versions"][0]["rubric_hash"], history["versions"][1]["rubric_hash"]);
    // One export is one rubric: the latest submissions were scored against two texts.
    let export =
        send(&agent, &server.url, Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/export/csv")).bearer(&bureau));
    assert_eq!(export.status, 409, "{}", export.text());
}

#[test]
fn exports_are_byte_for_byte_those_of_rubric_batch() {
    let (dir, server, bureau) = bureau_desk("export", rubrics());
    let agent = agent();
    let none =
        send(&agent, &server.url, Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/export/csv")).bearer(&bureau));
    assert_eq!(none.status, 404, "nothing submitted yet");
    assert_eq!(submit(&server, &bureau, std::fs::read_to_string(SEED).unwrap()).status, 201);
    let generated = dir.join("generated");
    generate_units(3, &[], &generated);
    for entry in std::fs::read_dir(&generated).unwrap() {
        assert_eq!(submit(&server, &bureau, std::fs::read_to_string(entry.unwrap().path()).unwrap()).status, 201);
    }
    let inputs = dir.join("desk.exports").join(RUBRIC_A);
    for (lang, query) in [("zh", ""), ("en", "?lang=en")] {
        for format in ["csv", "json", "md", "html", "xlsx"] {
            let answer = send(
                &agent,
                &server.url,
                Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/export/{format}{query}")).bearer(&bureau),
            );
            assert_eq!(answer.status, 200, "{format}: {}", String::from_utf8_lossy(&answer.body));
            let out = dir.join(&format!("batch-{lang}.{format}"));
            let batch = Command::new(bin())
                .args(["--lang", lang, "batch", &format!("rubrics/{RUBRIC_A}.rubric")])
                .arg(&inputs)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            assert!(batch.status.code() == Some(0) || batch.status.code() == Some(1), "{batch:?}");
            assert!(answer.body == std::fs::read(&out).unwrap(), "the {format} export ({lang}) is rubric batch's");
        }
    }
    let json =
        send(&agent, &server.url, Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/export/json")).bearer(&bureau))
            .json();
    assert_eq!(json["units"], 4);
    assert!(json["results"].as_array().unwrap().iter().any(|r| r["label"] == SHENGCHI && r["total"] == "94"));
    for format in ["pdf", "..%2F..%2Fescaped.csv", "x%2Fy.json"] {
        let path = format!("/api/v1/rubrics/{RUBRIC_A}/export/{format}");
        assert_eq!(send(&agent, &server.url, Call::new("GET", &path).bearer(&bureau)).status, 404, "{format}");
    }
    assert!(!dir.0.join("escaped.csv").exists() && !dir.0.parent().unwrap().join("escaped.csv").exists());
    // The same units give the same workbook, a second later too (no clock in the file).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again =
        send(&agent, &server.url, Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/export/xlsx")).bearer(&bureau));
    assert!(again.body == std::fs::read(dir.join("batch-zh.xlsx")).unwrap(), "the xlsx export is reproducible");
}

#[test]
fn imports_store_each_unit_of_a_sheet_and_refuse_bad_ones() {
    let (dir, server, bureau) = bureau_desk("import", rubrics());
    let agent = agent();
    let sheet = dir.join("units.xlsx");
    generate_units(4, &[], &sheet);
    let import = |name: &str, body: Vec<u8>| {
        send(
            &agent,
            &server.url,
            Call::new("POST", &format!("/api/v1/rubrics/{RUBRIC_A}/import?name={name}"))
                .bearer(&bureau)
                .body("application/octet-stream", body),
        )
    };
    let answer = import("units.xlsx", std::fs::read(&sheet).unwrap());
    assert_eq!(answer.status, 200, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["imported"].as_array().unwrap().len(), 4, "{body}");
    assert!(body["refused"].as_array().unwrap().is_empty());
    let bad = import(
        "bad.toml",
        b"[inputs]\n\"\xe4\xb8\x93\xe9\xa2\x98\xe7\xa0\x94\xe7\xa9\xb6\xe6\xac\xa1\xe6\x95\xb0\" = \"many\"\n".to_vec(),
    );
    let body = bad.json();
    assert!(body["imported"].as_array().unwrap().is_empty());
    assert_eq!(body["refused"][0]["source"], "bad.toml");
    assert!(body["refused"][0]["problems"].as_array().unwrap().iter().any(|p| p["path"] == "inputs.专题研究次数"));
    let list =
        send(&agent, &server.url, Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions")).bearer(&bureau))
            .json();
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert_eq!(import("units.pdf", b"x".to_vec()).status, 400);
}

#[test]
fn a_rubric_with_errors_is_shown_to_the_bureau_and_not_served() {
    let folder_dir = TempDir::new("broken-rubrics");
    let folder = rubric_a_folder(&folder_dir);
    let text = std::fs::read_to_string(format!("rubrics/{RUBRIC_A}.rubric")).unwrap();
    // Section 一 says 15 but its items add up to 16: an error of the rubric.
    let broken = text.replace("item 1 \"专题研究\" 3", "item 1 \"专题研究\" 4");
    assert_ne!(broken, text);
    std::fs::write(folder.join("broken-2022.rubric"), broken).unwrap();
    let dir = TempDir::new("broken");
    let db = dir.join("desk.db");
    let unit = token(&db, "--unit", SHENGCHI);
    let bureau = token(&db, "--bureau", "财政局");
    let server = Server::start(&[&folder], &db);
    let agent = agent();
    let served = send(&agent, &server.url, Call::new("GET", "/api/v1/rubrics").bearer(&unit)).json();
    let ids: Vec<&str> = served.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![RUBRIC_A]);
    let score = send(
        &agent,
        &server.url,
        Call::new("POST", "/api/v1/rubrics/broken-2022/score").bearer(&unit).body(TOML, "x = 1"),
    );
    assert_eq!(score.status, 404);
    let catalog = send(&agent, &server.url, Call::new("GET", "/api/v1/catalog").bearer(&bureau)).json();
    let entry = catalog.as_array().unwrap().iter().find(|r| r["id"] == "broken-2022").unwrap().clone();
    assert_eq!(entry["served"], false);
    let problems = entry["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    assert!(problems.iter().any(|p| p.as_str().unwrap().contains("rubric::")), "{problems:?}");
    let a = catalog.as_array().unwrap().iter().find(|r| r["id"] == RUBRIC_A).unwrap().clone();
    assert_eq!(a["served"], true);
    assert!(!a["warnings"].as_array().unwrap().is_empty(), "rubric A's warning (item 13) is shown");
}
