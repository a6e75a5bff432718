//! Nothing acknowledged is lost: 200 townships submit at once, again and
//! again, and the server is killed with SIGKILL in the middle. Restarted on the
//! same database, every acknowledged submission is there, equal to what was
//! acknowledged; no submission is mixed with another unit's or half written.

mod desk_support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use desk_support::*;

const UNITS: usize = 200;

/// What one submitter was told: (version, the report acknowledged).
type Acknowledged = Vec<(u64, String)>;

#[test]
fn every_acknowledged_submission_survives_sigkill() {
    let dir = TempDir::new("fault");
    let db = dir.join("desk.db");
    let generated = dir.join("units");
    generate_units(UNITS, &[], &generated);
    let mut files: Vec<_> = std::fs::read_dir(&generated).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let units: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let name =
                text.lines().find_map(|l| l.strip_prefix("name = \"")).unwrap().trim_end_matches('"').to_string();
            (name, text)
        })
        .collect();
    let names: Vec<&str> = units.iter().map(|(n, _)| n.as_str()).collect();
    let mut args = vec!["--unit"];
    args.extend(&names);
    let tokens: BTreeMap<String, String> = grant(&db, &args).into_iter().map(|(n, t, _)| (n, t)).collect();
    let bureau = token(&db, "--bureau", "财政局");

    let mut server = Server::start(&[rubrics()], &db);
    let url = server.url.clone();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let stopped = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(UNITS + 1));
    let submitters: Vec<_> = units
        .iter()
        .map(|(name, text)| {
            let (token, url, text) = (tokens[name].clone(), url.clone(), text.clone());
            let (acknowledged, stopped, start) = (acknowledged.clone(), stopped.clone(), start.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut mine: Acknowledged = Vec::new();
                start.wait();
                for round in 0.. {
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    // Each version differs (its code), so a version given another's data would show.
                    let data = text.replacen("[unit]\n", &format!("[unit]\ncode = \"r{round}\"\n"), 1);
                    let path = format!("/api/v1/rubrics/{RUBRIC_A}/submissions");
                    let request = ureq::http::Request::builder()
                        .method("POST")
                        .uri(format!("{url}{}", encode_path(&path)))
                        .header("Authorization", format!("Bearer {token}"))
                        .header("Content-Type", "application/toml")
                        .body(data.into_bytes())
                        .unwrap();
                    // A refused connection or a cut answer: the server is gone.
                    let Ok(mut response) = agent.run(request) else { break };
                    let Ok(body) = response.body_mut().read_to_string() else { break };
                    if response.status().as_u16() != 201 {
                        panic!("refused: {body}");
                    }
                    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
                    let start = body.find("\"report\": ").unwrap() + "\"report\": ".len();
                    let report = body[start..body.len() - 1].to_string();
                    assert_eq!(answer["report"]["unit"]["code"], format!("r{round}"));
                    mine.push((answer["version"].as_u64().unwrap(), report));
                    acknowledged.fetch_add(1, Ordering::Relaxed);
                }
                mine
            })
        })
        .collect();
    start.wait();
    // Kill it mid-stream: once the first round is acknowledged and the second is in flight.
    let began = Instant::now();
    while acknowledged.load(Ordering::Relaxed) < UNITS + UNITS / 2 && began.elapsed() < Duration::from_secs(240) {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stopped.store(true, Ordering::Relaxed);
    let results: Vec<Acknowledged> = submitters.into_iter().map(|t| t.join().unwrap()).collect();
    let total: usize = results.iter().map(Vec::len).sum();
    assert!(total >= UNITS, "at least one round was acknowledged before the kill ({total})");

    let server = Server::start(&[rubrics()], &db);
    let agent = agent();
    for ((name, _), mine) in units.iter().zip(&results) {
        let unit = encode_path(name);
        let history = send(
            &agent,
            &server.url,
            Call::new("GET", &format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{unit}/history")).bearer(&bureau),
        )
        .json();
        let versions: Vec<u64> =
            history["versions"].as_array().unwrap().iter().map(|v| v["version"].as_u64().unwrap()).collect();
        let stored = versions.len() as u64;
        assert_eq!(versions, (1..=stored).rev().collect::<Vec<_>>(), "{name}: versions 1..n, none missing");
        assert!(stored >= mine.len() as u64, "{name}: every acknowledged version is stored");
        for (version, report) in mine {
            let path = format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{unit}?version={version}");
            let answer = send(&agent, &server.url, Call::new("GET", &path).bearer(&bureau));
            assert_eq!(answer.status, 200);
            assert_eq!(&answer.text(), report, "{name} v{version}: as acknowledged");
        }
        // A version committed but not acknowledged (the answer was cut) is whole too.
        for version in 1..=stored {
            let path = format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{unit}?version={version}");
            let report = send(&agent, &server.url, Call::new("GET", &path).bearer(&bureau)).json();
            assert_eq!(report["unit"]["name"], name.as_str(), "{name} v{version}: its own data");
            assert_eq!(
                report["unit"]["code"],
                format!("r{}", version - 1),
                "{name} v{version}: the data of that version"
            );
            assert!(report["total"].is_string());
        }
    }
    drop(server);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let submissions: i64 = conn.query_row("SELECT COUNT(*) FROM submissions", [], |r| r.get(0)).unwrap();
    let logged: i64 =
        conn.query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'submit'", [], |r| r.get(0)).unwrap();
    assert_eq!(submissions, logged, "each submission is written with its audit line, or neither is");
    assert!(submissions as usize >= total);
    eprintln!("{total} submissions acknowledged before the kill; {submissions} stored (the rest committed, their answers cut)");
}
