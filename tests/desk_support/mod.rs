//! What the desk's tests share: a real `rubric serve` on an ephemeral port with
//! a real database in a temporary folder, personal links made with `rubric
//! access add`, and an HTTP client.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The rubric binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_rubric")
}

/// Rubric A, and 盛池镇's data for it.
pub const RUBRIC_A: &str = "lezhi-2022-performance-management";
pub const SEED: &str = "rubrics/data/lezhi-2022-performance-management/盛池镇.toml";
pub const SHENGCHI: &str = "乐至县盛池镇人民政府";
pub const LAODONG: &str = "乐至县劳动镇人民政府";

/// A folder removed when dropped.
pub struct TempDir(pub PathBuf);

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl TempDir {
    /// A new empty folder for test `name`.
    pub fn new(name: &str) -> TempDir {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("rubric-desk-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// A path inside it.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `rubric serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Server {
    /// Starts `rubric --lang zh serve RUBRICS --db DB --addr 127.0.0.1:0` and
    /// waits until it says where it listens.
    pub fn start(rubrics: &[&Path], db: &Path) -> Server {
        Server::try_start(rubrics, db).unwrap_or_else(|e| panic!("the server did not start: {e}"))
    }

    /// As [`Server::start`], or what it printed when it stopped instead.
    pub fn try_start(rubrics: &[&Path], db: &Path) -> Result<Server, String> {
        let mut child = Command::new(bin())
            .args(["--lang", "zh", "serve"])
            .args(rubrics)
            .arg("--db")
            .arg(db)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut said = String::new();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    said.push_str(&line);
                    said.push('\n');
                    if let Some(at) = line.find("http://") {
                        let url: String = line[at..].chars().take_while(|c| !c.is_whitespace() && *c != '（').collect();
                        break url;
                    }
                }
                _ => {
                    let mut err = String::new();
                    if let Some(mut stderr) = child.stderr.take() {
                        let _ = stderr.read_to_string(&mut err);
                    }
                    let _ = child.wait();
                    return Err(format!("{said}{err}"));
                }
            }
        };
        // Keep reading what it prints, so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Ok(Server { child, url })
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server with SIGKILL, at once.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Makes grants with `rubric access add --db DB ARGS…`: (name, token, link) per line.
pub fn grant(db: &Path, args: &[&str]) -> Vec<(String, String, String)> {
    let output = Command::new(bin()).args(["access", "add", "--db"]).arg(db).args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.split('\t').collect();
            assert_eq!(parts.len(), 3, "name, token, link: {line}");
            (parts[0].to_string(), parts[1].to_string(), parts[2].to_string())
        })
        .collect()
}

/// One token for `--unit NAME` (or `--bureau NAME`).
pub fn token(db: &Path, role: &str, name: &str) -> String {
    grant(db, &[role, name]).remove(0).1
}

/// An answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An HTTP client that reports every status (no error for 4xx/5xx).
pub fn agent() -> ureq::Agent {
    // A connection per request: the server closes a connection whose request
    // body a refusal left unread (hyper cannot reuse it), and a pooled client
    // would race that close on its next request. Browsers retry such a request.
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .build()
        .into()
}

/// A request: `auth` is `Bearer …`, `Cookie …` or nothing; `headers` more.
pub struct Call<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub auth: Option<String>,
    pub content_type: Option<&'a str>,
    pub body: Vec<u8>,
    pub headers: Vec<(&'a str, String)>,
}

impl<'a> Call<'a> {
    pub fn new(method: &'a str, path: &'a str) -> Call<'a> {
        Call { method, path, auth: None, content_type: None, body: Vec::new(), headers: Vec::new() }
    }

    pub fn bearer(mut self, token: &str) -> Self {
        self.auth = Some(format!("Bearer {token}"));
        self
    }

    pub fn body(mut self, content_type: &'a str, body: impl Into<Vec<u8>>) -> Self {
        self.content_type = Some(content_type);
        self.body = body.into();
        self
    }

    pub fn header(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Sends `call` to `server`.
pub fn send(agent: &ureq::Agent, server: &str, call: Call<'_>) -> Answer {
    let url = format!("{server}{}", encode_path(call.path));
    let mut request = ureq::http::Request::builder().method(call.method).uri(&url);
    if let Some(auth) = &call.auth {
        request = request.header("Authorization", auth);
    }
    if let Some(ct) = call.content_type {
        request = request.header("Content-Type", ct);
    }
    for (name, value) in &call.headers {
        request = request.header(*name, value);
    }
    let mut response =
        agent.run(request.body(call.body).unwrap()).unwrap_or_else(|e| panic!("{} {url}: {e}", call.method));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = response.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec().unwrap();
    Answer { status, headers, body }
}

/// Percent-encodes the non-ASCII characters of a path (and its query).
pub fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        if c.is_ascii() && c != ' ' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The rubrics folder of the repository.
pub fn rubrics() -> &'static Path {
    Path::new("rubrics")
}

/// A folder with only rubric A in it (copied), for tests that edit it.
pub fn rubric_a_folder(dir: &TempDir) -> PathBuf {
    let folder = dir.join("rubrics");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(format!("rubrics/{RUBRIC_A}.rubric"), folder.join(format!("{RUBRIC_A}.rubric"))).unwrap();
    folder
}

/// `rubric --lang LANG eval RUBRIC DATA --format json`'s output.
pub fn eval_json(lang: &str, rubric: &str, data: &str) -> String {
    let output = Command::new(bin()).args(["--lang", lang, "eval", rubric, data, "--format", "json"]).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// A desk serving `rubrics` on a fresh database in a new folder for test
/// `name`, with one personal link made: `role` (`--unit` or `--bureau`) for `who`.
pub fn desk_with_link(name: &str, rubrics: &Path, role: &str, who: &str) -> (TempDir, Server, String) {
    let dir = TempDir::new(name);
    let db = dir.join("desk.db");
    let link = token(&db, role, who);
    let server = Server::start(&[rubrics], &db);
    (dir, server, link)
}

/// Runs `rubric generate` on rubric A: `n` units, with the `extra` arguments,
/// into `out` (a folder, or one sheet by its extension).
pub fn generate_units(n: usize, extra: &[&str], out: &Path) {
    let output = Command::new(bin())
        .args(["generate", &format!("rubrics/{RUBRIC_A}.rubric"), &n.to_string()])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// A desk on a fresh database in a folder of its own, with personal links for
/// 盛池镇 (`unit`), 劳动镇 (`other`) and the bureau, and an HTTP client.
pub struct Desk {
    pub dir: TempDir,
    pub server: Server,
    pub agent: ureq::Agent,
    pub unit: String,
    pub other: String,
    pub bureau: String,
}

impl Desk {
    /// A desk for test `name` serving the repository's rubrics.
    pub fn start(name: &str) -> Desk {
        Desk::serving(name, |_| rubrics().to_path_buf())
    }

    /// A desk for test `name` serving what `serve` gives (given the desk's own folder).
    pub fn serving(name: &str, serve: impl Fn(&TempDir) -> PathBuf) -> Desk {
        let dir = TempDir::new(name);
        let db = dir.join("desk.db");
        let unit = token(&db, "--unit", SHENGCHI);
        let other = token(&db, "--unit", LAODONG);
        let bureau = token(&db, "--bureau", "财政局绩效股");
        let server = Server::start(&[&serve(&dir)], &db);
        Desk { dir, server, agent: agent(), unit, other, bureau }
    }

    /// Sends a call to the desk.
    pub fn send(&self, call: Call<'_>) -> Answer {
        send(&self.agent, &self.server.url, call)
    }

    /// `GET path` with `token`.
    pub fn get(&self, path: &str, token: &str) -> Answer {
        self.send(Call::new("GET", path).bearer(token))
    }

    /// `POST path` with `token` and a body of `content_type`.
    pub fn post(&self, path: &str, token: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        self.send(Call::new("POST", path).bearer(token).body(content_type, body))
    }

    /// `POST path` with `token` and a JSON body.
    pub fn post_json(&self, path: &str, token: &str, body: &serde_json::Value) -> Answer {
        self.post(path, token, "application/json", body.to_string())
    }
}
