//! A small editor: starts `rubric lsp` as a separate process and speaks JSON-RPC to it over its
//! standard input and output, with Content-Length framing, as VS Code does.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// How long to wait for any one message before failing the test.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running server and the messages it sent that were not asked for yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    pending: Vec<Value>,
    next_id: i64,
}

/// The document URI the tests open.
pub const URI: &str = "file:///tmp/lsp-test/test.rubric";

impl Client {
    /// Starts `rubric lsp --stdio` and initializes it with the editor's `locale` (`zh-cn`, `en`).
    pub fn start(locale: &str) -> Client {
        Client::start_with(locale, &[])
    }

    /// [`Client::start`] with more command-line arguments (`--lang en`).
    pub fn start_with(locale: &str, args: &[&str]) -> Client {
        Client::start_in(json!(locale), args, "C")
    }

    /// Starts the server with `LANG` set to `environment` and initializes it with `locale`
    /// (`null`: the editor says none).
    pub fn start_in(locale: Value, args: &[&str], environment: &str) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rubric"))
            .arg("lsp")
            .arg("--stdio")
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", environment)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start rubric lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client { child, stdin, incoming, pending: Vec::new(), next_id: 1 };
        let capabilities = json!({
            "textDocument": {
                "hover": { "contentFormat": ["markdown"] },
                "publishDiagnostics": { "relatedInformation": true }
            },
            "general": { "positionEncodings": ["utf-16"] }
        });
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "locale": locale }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16", "{result}");
        client.notify("initialized", json!({}));
        client
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Sends a request and returns the whole response.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// Opens the test document with `text`.
    pub fn open(&mut self, text: &str) {
        let document = json!({ "uri": URI, "languageId": "rubric", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    /// Replaces the text between two positions, as version `version`.
    pub fn change(&mut self, version: i64, range: Value, text: &str) {
        let change = json!({ "range": range, "text": text });
        let document = json!({ "uri": URI, "version": version });
        self.notify("textDocument/didChange", json!({ "textDocument": document, "contentChanges": [change] }));
    }

    /// The next diagnostics published for the test document.
    pub fn diagnostics(&mut self) -> Value {
        let wanted = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI;
        if let Some(at) = self.pending.iter().position(wanted) {
            return self.pending.remove(at)["params"].clone();
        }
        loop {
            let message = self.receive();
            if wanted(&message) {
                return message["params"].clone();
            }
            self.pending.push(message);
        }
    }

    /// `{"textDocument": …, "position": …}` for a request at a position.
    pub fn at(position: Value) -> Value {
        json!({ "textDocument": { "uri": URI }, "position": position })
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        self.incoming.recv_timeout(PATIENCE).expect("the server answered in time")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let response = self.request_raw("shutdown", Value::Null);
            assert_eq!(response["result"], Value::Null, "{response}");
            self.notify("exit", Value::Null);
            let status = self.child.wait().expect("the server exits");
            assert!(status.success(), "rubric lsp exited with {status}");
        } else {
            let _ = self.child.kill();
        }
    }
}

/// Reads one framed message: headers, a blank line, then Content-Length bytes of JSON.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The protocol position (UTF-16 columns) of the first `needle` in `text`, plus `extra`
/// characters, computed here independently of the server.
pub fn position_of(text: &str, needle: &str, extra: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let at = at + needle.chars().take(extra).map(char::len_utf8).sum::<usize>();
    position_at(text, at)
}

/// The protocol position of byte `at`.
pub fn position_at(text: &str, at: usize) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": text[line_start..at].encode_utf16().count() })
}

/// The byte offset of a protocol position.
pub fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (at, c) in text[line_start..].char_indices() {
        if units >= character {
            return line_start + at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The text a protocol range covers.
pub fn slice<'a>(text: &'a str, range: &Value) -> &'a str {
    &text[offset_of(text, &range["start"])..offset_of(text, &range["end"])]
}

/// `text` with a list of protocol text edits applied (from the last to the first).
pub fn apply(text: &str, edits: &Value) -> String {
    let mut edits: Vec<&Value> = edits.as_array().expect("edits").iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset_of(text, &e["range"]["start"])));
    let mut out = text.to_string();
    for edit in edits {
        let (start, end) = (offset_of(text, &edit["range"]["start"]), offset_of(text, &edit["range"]["end"]));
        out.replace_range(start..end, edit["newText"].as_str().expect("newText"));
    }
    out
}
