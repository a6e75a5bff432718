//! The desk under load (`cargo bench --bench desk`; docs/performance.md):
//! live scoring (`POST …/score`, rubric A with traces) — the server's own time
//! per request (its `Server-Timing` header) and requests per second over
//! loopback — and 200 townships submitting at once, each acknowledged only
//! once on disk.
//!
//! The server is the release binary, started on a fresh database; the clients
//! are threads of this process, on the same cores as the server, so the
//! numbers are for server and clients together on one machine.
//!
//! `DESK_BENCH_SECONDS` (default 5) sets how long the scoring runs;
//! `DESK_BENCH_CLIENTS` (default 2, one per core) how many clients score at once.

#[path = "../tests/desk_support/mod.rs"]
mod desk_support;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use desk_support::*;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(label: &str, mut values: Vec<f64>) {
    values.sort_by(f64::total_cmp);
    println!(
        "{label:<46} n={:<7} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
        values.len(),
        percentile(&values, 50.0),
        percentile(&values, 99.0),
        values.last().copied().unwrap_or(f64::NAN)
    );
}

/// The CPU time the process `pid` has used so far, in ms (user + system, from
/// `/proc/PID/stat`, in clock ticks of 10 ms: Linux's `USER_HZ` of 100).
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command (in parentheses, which may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(f64::NAN);
    // utime and stime are fields 14 and 15 of stat: 12 and 13 after the command.
    (ticks(11) + ticks(12)) * 10.0
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs it with no argument: then only a smoke run.
    let full = std::env::args().any(|a| a == "--bench");
    let seconds = if full { env_number("DESK_BENCH_SECONDS", 5) } else { 1 };
    let clients = env_number("DESK_BENCH_CLIENTS", 2) as usize;
    let submitters = if full { 200 } else { 20 };

    let dir = TempDir::new("bench");
    let db = dir.join("desk.db");
    let bureau = token(&db, "--bureau", "财政局");
    let names: Vec<String> = (1..=submitters).map(|i| format!("压测单位{i:03}")).collect();
    let mut args = vec!["--unit"];
    args.extend(names.iter().map(String::as_str));
    let tokens: Vec<String> = grant(&db, &args).into_iter().map(|(_, t, _)| t).collect();
    let server = Server::start(&[rubrics()], &db);
    let url = server.url.clone();
    let agent = agent();

    // 盛池镇's data as a JSON data file (the desk's own conversion of the seed TOML).
    let seed = std::fs::read_to_string(SEED).unwrap();
    let path = format!("/api/v1/rubrics/{RUBRIC_A}/submissions");
    assert_eq!(
        send(&agent, &url, Call::new("POST", &path).bearer(&bureau).body("application/toml", seed.clone())).status,
        201
    );
    let download = format!("/api/v1/rubrics/{RUBRIC_A}/submissions/{SHENGCHI}/download?format=json");
    let json = send(&agent, &url, Call::new("GET", &download).bearer(&bureau)).text();

    // ---- live scoring.
    let score = format!("/api/v1/rubrics/{RUBRIC_A}/score");
    for _ in 0..200 {
        assert_eq!(
            send(&agent, &url, Call::new("POST", &score).bearer(&tokens[0]).body("application/json", json.clone()))
                .status,
            200
        );
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    let began = Instant::now();
    let cpu_before = cpu_ms(server.pid());
    let workers: Vec<_> = (0..clients)
        .map(|i| {
            let (url, score, json, token) =
                (url.clone(), score.clone(), json.clone(), tokens[i % tokens.len()].clone());
            std::thread::spawn(move || {
                let agent = desk_support::agent();
                let (mut server_ms, mut client_ms) = (Vec::new(), Vec::new());
                while Instant::now() < until {
                    let sent = Instant::now();
                    let answer = send(
                        &agent,
                        &url,
                        Call::new("POST", &score).bearer(&token).body("application/json", json.clone()),
                    );
                    client_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                    assert_eq!(answer.status, 200);
                    let timing = answer.header("server-timing").and_then(|t| t.strip_prefix("app;dur=")).unwrap();
                    server_ms.push(timing.parse::<f64>().unwrap());
                }
                (server_ms, client_ms)
            })
        })
        .collect();
    let (mut server_ms, mut client_ms) = (Vec::new(), Vec::new());
    for worker in workers {
        let (s, c) = worker.join().unwrap();
        server_ms.extend(s);
        client_ms.extend(c);
    }
    let elapsed = began.elapsed().as_secs_f64();
    let scoring_cpu = (cpu_ms(server.pid()) - cpu_before) / client_ms.len() as f64;
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("live scoring, rubric A with traces, {clients} clients, {seconds} s, {cores} cores (server and clients)");
    summary("  server time per request (Server-Timing)", server_ms);
    println!("  throughput: {:.0} requests/s", client_ms.len() as f64 / elapsed);
    println!(
        "  server CPU per request: {scoring_cpu:.3} ms (so {:.0} requests/s if the server had the {cores} cores to itself)",
        cores as f64 * 1000.0 / scoring_cpu
    );
    summary("  round trip at the client", client_ms);

    // ---- 200 townships submitting at once (three rounds).
    let data: Vec<String> = names.iter().map(|n| seed.replace("乐至县盛池镇人民政府", n)).collect();
    let mut acknowledged = Vec::new();
    let cpu_before = cpu_ms(server.pid());
    for _round in 0..3 {
        let start = Arc::new(Barrier::new(submitters));
        let threads: Vec<_> = tokens
            .iter()
            .zip(&data)
            .map(|(token, body)| {
                let (url, path, token, body, start) =
                    (url.clone(), path.clone(), token.clone(), body.clone(), start.clone());
                std::thread::spawn(move || {
                    let agent = desk_support::agent();
                    start.wait();
                    let sent = Instant::now();
                    let answer =
                        send(&agent, &url, Call::new("POST", &path).bearer(&token).body("application/toml", body));
                    assert_eq!(answer.status, 201, "{}", answer.text());
                    sent.elapsed().as_secs_f64() * 1000.0
                })
            })
            .collect();
        acknowledged.extend(threads.into_iter().map(|t| t.join().unwrap()));
    }
    let submit_cpu = (cpu_ms(server.pid()) - cpu_before) / acknowledged.len() as f64;
    println!("{submitters} townships submitting at once (3 rounds), each acknowledged once committed to disk");
    summary("  time to acknowledgement", acknowledged);
    println!(
        "  server CPU per submission: {submit_cpu:.3} ms ({:.0} ms of CPU for {submitters} at once: {:.0} ms on {cores} cores)",
        submit_cpu * submitters as f64,
        submit_cpu * submitters as f64 / cores as f64
    );
}
