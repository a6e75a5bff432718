//! Who may use the desk: personal links (`rubric access`), browser sessions
//! (an HttpOnly, SameSite=Strict cookie), protection of every form post
//! against cross-site requests, the body size limit, the pages.

mod desk_support;

use desk_support::*;

const JSON: &str = "application/json";

#[test]
fn access_add_list_and_revoke() {
    let dir = TempDir::new("access");
    let db = dir.join("desk.db");
    let units = grant(&db, &["--unit", SHENGCHI, LAODONG, "--base-url", "http://192.168.1.5:7878/"]);
    assert_eq!(units.len(), 2);
    for (name, token, link) in &units {
        assert!(name == SHENGCHI || name == LAODONG);
        assert!(token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()), "≥ 128 random bits: {token}");
        assert_eq!(link, &format!("http://192.168.1.5:7878/t/{token}"));
    }
    assert_ne!(units[0].1, units[1].1);
    let bureau = grant(&db, &["--bureau", "张科长"]);
    assert_eq!(bureau[0].0, "张科长");
    // Tokens are stored only as hashes.
    let bytes = std::fs::read(&db).unwrap();
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    for (_, token, _) in units.iter().chain(&bureau) {
        let needle = token.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "a token is in the database file");
        assert!(!wal.windows(needle.len()).any(|w| w == needle), "a token is in the write-ahead log");
    }
    let access = |args: &[&str]| {
        let output = std::process::Command::new(bin()).arg("access").args(args).arg("--db").arg(&db).output().unwrap();
        (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let (ok, listed, _) = access(&["list"]);
    assert!(ok);
    assert_eq!(listed.lines().count(), 3);
    assert!(listed.lines().any(|l| l.starts_with("张科长\tbureau\t")));
    assert!(!listed.contains(&units[0].1), "list never shows a token");
    let (ok, _, _) = access(&["revoke", LAODONG]);
    assert!(ok);
    let (_, listed, _) = access(&["list"]);
    let line = listed.lines().find(|l| l.starts_with(LAODONG)).unwrap();
    assert!(!line.ends_with("active") && !line.ends_with("有效"), "{line}");
    let (ok, _, err) = access(&["revoke", "无此单位"]);
    assert!(!ok, "{err}");
    // A database that does not exist is not made by `list`.
    let output = std::process::Command::new(bin())
        .args(["access", "list", "--db"])
        .arg(dir.join("missing.db"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(!dir.join("missing.db").exists());
}

/// Signs in with a personal link: the session cookie.
fn sign_in(agent: &ureq::Agent, server: &Server, token: &str) -> String {
    let answer = send(agent, &server.url, Call::new("GET", &format!("/t/{token}")));
    assert_eq!(answer.status, 200);
    let cookie = answer.header("set-cookie").expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

#[test]
fn links_start_sessions_and_every_form_post_is_protected() {
    let (_dir, server, unit) = desk_with_link("session", rubrics(), "--unit", SHENGCHI);
    let agent = agent();
    // A wrong link: 401, a page that says what to do, no cookie.
    let wrong = send(&agent, &server.url, Call::new("GET", "/t/0000"));
    assert_eq!(wrong.status, 401);
    assert!(wrong.header("set-cookie").is_none());
    assert!(wrong.text().contains("专属链接"));
    // Pages need a session.
    assert_eq!(send(&agent, &server.url, Call::new("GET", "/")).status, 401);
    let cookie = sign_in(&agent, &server, &unit);
    let with = |call: Call<'_>| send(&agent, &server.url, call.header("Cookie", cookie.clone()));
    let home = with(Call::new("GET", "/"));
    assert_eq!(home.status, 200);
    assert!(home.text().contains("/assets/home.js"));
    assert!(home.header("content-security-policy").unwrap().contains("default-src 'self'"));
    assert_eq!(home.header("referrer-policy"), Some("no-referrer"));
    let me = with(Call::new("GET", "/api/v1/me")).json();
    let csrf = me["csrf"].as_str().unwrap().to_string();
    assert!(csrf.len() >= 32);
    // A form post with the cookie but without the session's token: refused, nothing saved.
    let draft = format!("/api/v1/rubrics/{RUBRIC_A}/drafts/{SHENGCHI}");
    let post = || Call::new("PUT", &draft).body(JSON, r#"{"inputs": {"专题研究次数": 1}}"#);
    assert_eq!(with(post()).status, 403);
    assert_eq!(with(post().header("X-CSRF-Token", "forged")).status, 403);
    assert_eq!(with(post().header("X-CSRF-Token", csrf.clone()).header("Origin", "http://evil.example")).status, 403);
    assert_eq!(with(post().header("X-CSRF-Token", csrf.clone()).header("Sec-Fetch-Site", "cross-site")).status, 403);
    assert_eq!(with(Call::new("GET", &draft)).json()["data"], serde_json::Value::Null, "nothing was saved");
    let origin = server.url.clone();
    let saved = with(
        post().header("X-CSRF-Token", csrf.clone()).header("Origin", origin).header("Sec-Fetch-Site", "same-origin"),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(with(Call::new("GET", &draft)).json()["data"]["inputs"]["专题研究次数"], "1");
    // Submitting and signing out are form posts too.
    let submit = format!("/api/v1/rubrics/{RUBRIC_A}/submissions");
    let seed = std::fs::read_to_string(SEED).unwrap();
    assert_eq!(with(Call::new("POST", &submit).body("application/toml", seed.clone())).status, 403);
    assert_eq!(with(Call::new("POST", "/api/v1/logout")).status, 403);
    let out = with(Call::new("POST", "/api/v1/logout").header("X-CSRF-Token", csrf));
    assert_eq!(out.status, 204);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(with(Call::new("GET", "/api/v1/me")).status, 401, "the session has ended");
    // The bearer token needs no CSRF token: no browser sends it by itself.
    let api = send(&agent, &server.url, Call::new("POST", &submit).bearer(&unit).body("application/toml", seed));
    assert_eq!(api.status, 201);
}

#[test]
fn bodies_have_a_size_limit_with_a_clear_message() {
    let (_dir, server, unit) = desk_with_link("limit", rubrics(), "--unit", SHENGCHI);
    let agent = agent();
    let big = format!("{{\"note\": \"{}\"}}", "x".repeat(11 * 1024 * 1024));
    let answer = send(
        &agent,
        &server.url,
        Call::new("POST", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions")).bearer(&unit).body(JSON, big),
    );
    assert_eq!(answer.status, 413);
    assert!(answer.json()["error"].as_str().unwrap().contains("10 MB"), "{}", answer.text());
    let en = send(
        &agent,
        &server.url,
        Call::new("POST", &format!("/api/v1/rubrics/{RUBRIC_A}/score?lang=en"))
            .bearer(&unit)
            .body(JSON, "x".repeat(10 * 1024 * 1024 + 1)),
    );
    assert_eq!(en.status, 413);
    assert!(en.json()["error"].as_str().unwrap().contains("larger than 10 MB"), "{}", en.text());
    let listed =
        send(&agent, &server.url, Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions")).bearer(&unit));
    assert_eq!(listed.json(), serde_json::json!([]));
}

#[test]
fn pages_and_assets_come_from_the_binary() {
    let (_dir, server, bureau) = desk_with_link("pages", rubrics(), "--bureau", "财政局");
    let agent = agent();
    let cookie = sign_in(&agent, &server, &bureau);
    for (path, script) in [
        (format!("/r/{RUBRIC_A}"), "desk.js"),
        (format!("/r/{RUBRIC_A}/u/{SHENGCHI}"), "unit.js"),
        (format!("/r/{RUBRIC_A}/print?unit=x"), "print.js"),
    ] {
        let page = send(&agent, &server.url, Call::new("GET", &path).header("Cookie", cookie.clone()));
        assert_eq!(page.status, 200, "{path}");
        assert!(page.text().contains(script), "{path}");
    }
    for file in ["desk.css", "common.js", "report.js", "home.js", "form.js", "desk.js", "unit.js", "print.js"] {
        let asset = send(&agent, &server.url, Call::new("GET", &format!("/assets/{file}")));
        assert_eq!(asset.status, 200, "{file}");
        let text = asset.text();
        assert!(!text.contains("http://") && !text.contains("https://"), "{file} fetches nothing from elsewhere");
    }
    assert_eq!(send(&agent, &server.url, Call::new("GET", "/assets/nope.js")).status, 404);
    let missing = send(&agent, &server.url, Call::new("GET", "/r/nope").header("Cookie", cookie));
    assert_eq!(missing.status, 404);
}
